/*
 * Collector for registry text exports: regedit .reg files (version 5,
 * "Windows Registry Editor Version 5.00", and REGEDIT4), the hand-written
 * variants found in the field, and Wine's native registry files ("WINE
 * REGISTRY Version 2").  Every value line, value deletion and key deletion
 * becomes a REC_REGVALUE record handed to the knowledge base.  Hex data
 * wrapped over continuation lines is joined in linear time; the record
 * stays on the value's first line and the continuation lines are known
 * lines.  The rules follow Wine's regedit: blank and comment lines inside
 * a continuation are skipped, a line that is not hex data drops the
 * value, and data still open at the end of the file is kept.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

enum reg_export_mode {
	REGX_NONE = 0,			/* no header seen */
	REGX_V5,			/* strings in hex() are UTF-16LE */
	REGX_V4,			/* strings in hex() are ANSI */
	REGX_WINE			/* Wine's own format, escaped keys */
};

struct reg_export_buf {
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;
};

struct reg_export_state {
	enum reg_export_mode	 mode;
	const char		*key;	/* current key; NULL: none valid */
	const char		*root;	/* Wine: prefix of relative keys */
	struct record		*pend;	/* hex value waiting for more lines */
	unsigned long		 htype;	/* hex(N) type of the hex value */
	struct reg_export_buf	 hex;	/* bytes of the hex value */
	struct reg_export_buf	 str;	/* unescaped string scratch */
	struct reg_export_buf	 out;	/* UTF-8 / hex text scratch */
	unsigned		 lastline;
	int			 noheader_said;	/* key before any header */
	int			 nunparsed;
	char			 err[128]; /* why hex data was refused */
};

static const char *const reg_export_roots[] = {
	"HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CLASSES_ROOT",
	"HKEY_USERS", "HKEY_CURRENT_CONFIG", "HKEY_DYN_DATA",
	"HKEY_PERFORMANCE_DATA", "HKLM", "HKCU", "HKCR", "HKU", "HKCC",
	NULL
};

/* CP1252 0x80..0x9f; 0 marks the five unassigned bytes. */
static const unsigned short reg_export_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Make room for n more bytes and a NUL. */
static void
reg_export_buf_room(struct reg_export_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->cap == 0 ? 256 : b->cap;
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
}

static void
reg_export_buf_add(struct reg_export_buf *b, const void *p, size_t n)
{
	reg_export_buf_room(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
reg_export_buf_byte(struct reg_export_buf *b, int c)
{
	unsigned char	 ch = (unsigned char)c;

	reg_export_buf_add(b, &ch, 1);
}

/* Append code point cp as UTF-8. */
static void
reg_export_buf_utf8(struct reg_export_buf *b, unsigned long cp)
{
	reg_export_buf_room(b, 4);
	b->len += scan_utf8(cp, b->data + b->len);
	b->data[b->len] = '\0';
}

/*
 * Append one UTF-16 code unit, pairing surrogates through *hi (0: none
 * pending).  A unit of ~0UL flushes a pending high surrogate.
 */
static void
reg_export_buf_unit(struct reg_export_buf *b, unsigned long *hi,
    unsigned long u)
{
	if (*hi != 0) {
		if (u >= 0xdc00 && u <= 0xdfff) {
			reg_export_buf_utf8(b,
			    0x10000 + ((*hi - 0xd800) << 10) + (u - 0xdc00));
			*hi = 0;
			return;
		}
		reg_export_buf_utf8(b, 0xfffd);
		*hi = 0;
	}
	if (u == ~0UL)
		return;
	if (u >= 0xd800 && u <= 0xdbff)
		*hi = u;
	else
		reg_export_buf_utf8(b, u);
}

static const char *
reg_export_skipws(const char *s, const char *e)
{
	return (s + scan_span(s, e - s, SCAN_BLANK));
}

/* Nothing but blanks or a ; comment from s to e. */
static int
reg_export_tail(const char *s, const char *e)
{
	s = reg_export_skipws(s, e);
	return (s == e || *s == ';');
}

/* Make the current line unparsed, counting it. */
static void
reg_export_bad(struct parse *p, struct reg_export_state *st, int code,
    const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	parse_unparsed(p, code, "%s", msg);
	st->nunparsed++;
}

/* Is there nothing left to read after the current line? */
static int
reg_export_eof(struct parse *p)
{
	return (p->pos == NULL || p->pos >= p->end);
}

/*
 * Unescape a quoted string starting after its opening quote up to the
 * unescaped terminator term, into st->str.  Wine files use C escapes,
 * \xHHHH UTF-16 units and octal; regedit only \\, \", \n and \r.
 * Returns the byte after term, or NULL when term never comes.
 */
static const char *
reg_export_unescape(struct reg_export_state *st, const char *s,
    const char *e, int term)
{
	static const char	 cesc[] = "a\ab\bt\tn\nv\vf\fr\re\033";
	const char		*c;
	unsigned long		 hi = 0, u;
	int			 d, n;

	st->str.len = 0;
	reg_export_buf_add(&st->str, "", 0);
	while (s < e && *s != term) {
		if (*s != '\\' || s + 1 >= e) {
			reg_export_buf_unit(&st->str, &hi, ~0UL);
			reg_export_buf_byte(&st->str, *s++);
			continue;
		}
		s++;
		if (st->mode != REGX_WINE) {
			if (*s == 'n' || *s == 'r')
				reg_export_buf_byte(&st->str,
				    *s == 'n' ? '\n' : '\r');
			else if (*s == '\\' || *s == '"')
				reg_export_buf_byte(&st->str, *s);
			else {
				reg_export_buf_byte(&st->str, '\\');
				reg_export_buf_byte(&st->str, *s);
			}
			s++;
			continue;
		}
		if (*s == 'x') {
			for (s++, u = 0, n = 0; n < 4 && s < e &&
			    (d = scan_hexval((unsigned char)*s)) >= 0;
			    n++, s++)
				u = u * 16 + d;
			reg_export_buf_unit(&st->str, &hi, n == 0 ? 'x' : u);
			continue;
		}
		if (*s >= '0' && *s <= '7') {
			for (u = 0, n = 0; n < 3 && s < e && *s >= '0' &&
			    *s <= '7'; n++, s++)
				u = u * 8 + (*s - '0');
			reg_export_buf_unit(&st->str, &hi, u);
			continue;
		}
		for (c = cesc; *c != '\0'; c += 2)
			if (*c == *s)
				break;
		reg_export_buf_unit(&st->str, &hi,
		    *c != '\0' ? (unsigned char)c[1] : (unsigned char)*s);
		s++;
	}
	reg_export_buf_unit(&st->str, &hi, ~0UL);
	return (s < e ? s + 1 : NULL);
}

/*
 * Parse comma-separated hex bytes from s to e into st->hex.  *cont is set
 * when the line ends with a continuation backslash.  0, or -1 with the
 * reason in st->err.
 */
static int
reg_export_hexline(struct reg_export_state *st, const char *s,
    const char *e, int *cont)
{
	int	 hi, lo;

	*cont = 0;
	for (;;) {
		s = reg_export_skipws(s, e);
		if (s == e || *s == ';')
			return (0);
		if (*s == '\\') {
			if (!reg_export_tail(s + 1, e))
				goto trail;
			*cont = 1;
			return (0);
		}
		if ((hi = scan_hexval((unsigned char)*s)) < 0)
			goto notbyte;
		s++;
		if (s < e && (lo = scan_hexval((unsigned char)*s)) >= 0) {
			hi = hi * 16 + lo;
			if (++s < e &&
			    scan_hexval((unsigned char)*s) >= 0)
				goto notbyte;
		}
		reg_export_buf_byte(&st->hex, hi);
		s = reg_export_skipws(s, e);
		if (s < e && *s == ',')
			s++;
		else if (s < e && *s != '\\' && *s != ';')
			goto notbyte;
	}
notbyte:
	snprintf(st->err, sizeof(st->err), "not a hex byte at \"%.16s\"", s);
	return (-1);
trail:
	snprintf(st->err, sizeof(st->err), "text after the continuation "
	    "backslash");
	return (-1);
}

/* The type string and enum for hex(N). */
static void
reg_export_htype(struct parse *p, unsigned long t, struct regvaluerec *v)
{
	static const char *const names[] = {
		"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY",
		"REG_DWORD", NULL, NULL, "REG_MULTI_SZ", NULL, NULL, NULL,
		"REG_QWORD"
	};
	char	 buf[32];

	v->rtype = t <= 11 ? (enum regtype)t : REGT_OTHER;
	if (t <= 11 && names[t] != NULL)
		v->type = names[t];
	else {
		snprintf(buf, sizeof(buf), "hex(%lx)", t);
		v->type = parse_intern(p, buf, strlen(buf));
	}
}

/* Should the hex() string bytes be read as UTF-16LE? */
static int
reg_export_wide(const struct reg_export_state *st)
{
	size_t	 i, zeros = 0;

	if (st->mode == REGX_V4)
		return (0);
	if (st->mode != REGX_NONE)
		return (1);
	if (st->hex.len % 2 != 0)
		return (0);
	for (i = 1; i < st->hex.len; i += 2)
		if (st->hex.data[i] == 0)
			zeros++;
	return (zeros * 2 >= st->hex.len / 2);
}

/*
 * Decode the string bytes of st->hex (UTF-16LE or CP1252) into st->out,
 * UTF-8 with NUL separators kept.
 */
static void
reg_export_decode(struct parse *p, struct reg_export_state *st)
{
	const unsigned char	*b = st->hex.data;
	unsigned long		 hi = 0, c;
	size_t			 i, n = st->hex.len;

	st->out.len = 0;
	reg_export_buf_add(&st->out, "", 0);
	if (!reg_export_wide(st)) {
		for (i = 0; i < n; i++) {
			c = b[i];
			if (c >= 0x80 && c < 0xa0)
				c = reg_export_cp1252[c - 0x80] ?
				    reg_export_cp1252[c - 0x80] : 0xfffd;
			reg_export_buf_utf8(&st->out, c);
		}
		return;
	}
	if (n % 2 != 0)
		parse_warn(p, DIAG_REG_HEX, "UTF-16 data has an odd byte count "
		    "(%zu), last byte ignored", n);
	for (i = 0; i + 1 < n; i += 2)
		reg_export_buf_unit(&st->out, &hi, b[i] | (b[i + 1] << 8));
	reg_export_buf_unit(&st->out, &hi, ~0UL);
}

/* Split NUL-separated UTF-8 in buf into v->multi, up to an empty string. */
static void
reg_export_multi(struct parse *p, const struct reg_export_buf *buf,
    struct regvaluerec *v)
{
	const char	*s = (const char *)buf->data, *e = s + buf->len;
	const char	*q;
	int		 n = 0;

	for (q = s; q < e && *q != '\0'; q += strlen(q) + 1)
		n++;
	v->multi = arena_alloc(p->fleet->arena, (n + 1) * sizeof(char *));
	for (q = s, n = 0; q < e && *q != '\0'; q += strlen(q) + 1)
		v->multi[n++] = parse_strndup(p, q, strnlen(q, e - q));
	v->multi[n] = NULL;
	v->nmulti = n;
}

/* st->hex as lowercase comma-separated hex into v->str. */
static void
reg_export_hexstr(struct parse *p, struct reg_export_state *st,
    struct regvaluerec *v)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;
	char			 t[3];

	st->out.len = 0;
	reg_export_buf_add(&st->out, "", 0);
	for (i = 0; i < st->hex.len; i++) {
		t[0] = digits[st->hex.data[i] >> 4];
		t[1] = digits[st->hex.data[i] & 15];
		t[2] = ',';
		reg_export_buf_add(&st->out, t, i + 1 < st->hex.len ? 3 : 2);
	}
	v->str = parse_strndup(p, (char *)st->out.data, st->out.len);
}

/* Little- or big-endian number from the first want bytes of st->hex. */
static void
reg_export_num(struct parse *p, struct reg_export_state *st,
    struct regvaluerec *v, size_t want, int big)
{
	size_t	 i, n = st->hex.len < want ? st->hex.len : want;

	if (st->hex.len != want)
		parse_warn(p, DIAG_REG_HEX, "%s has %zu bytes, expected %zu",
		    v->type, st->hex.len, want);
	v->num = 0;
	for (i = 0; i < n; i++)
		v->num |= (unsigned long long)st->hex.data[big ? n - 1 - i : i]
		    << (8 * i);
	reg_export_hexstr(p, st, v);
}

/* Decode the joined hex data of st->pend and hand it to the KB. */
static void
reg_export_finish(struct parse *p, struct reg_export_state *st)
{
	struct regvaluerec	*v = &st->pend->u.reg;
	const char		*s;

	switch (st->htype) {
	case 1:
	case 2:
	case 6:
		reg_export_decode(p, st);
		s = (const char *)st->out.data;
		v->str = parse_strndup(p, s, strlen(s));
		break;
	case 7:
		reg_export_decode(p, st);
		reg_export_multi(p, &st->out, v);
		break;
	case 4:
		reg_export_num(p, st, v, 4, 0);
		break;
	case 5:
		reg_export_num(p, st, v, 4, 1);
		break;
	case 11:
		reg_export_num(p, st, v, 8, 0);
		break;
	default:
		reg_export_hexstr(p, st, v);
		break;
	}
	parse_value_end(p, st->pend, kb_regvalue(p, st->pend));
	st->pend = NULL;
}

/* A value whose data stays open at the end of the input: keep it. */
static void
reg_export_unended(struct parse *p, struct reg_export_state *st)
{
	parse_warn(p, DIAG_REG_CONTINUATION, "value \"%s\" at line %u ends "
	    "with a continuation at the end of the file",
	    st->pend->u.reg.name, st->pend->line);
	reg_export_finish(p, st);
}

/* A line while hex data continues; 0 when it must be read afresh. */
static int
reg_export_cont(struct parse *p, struct reg_export_state *st,
    const char *line, size_t len)
{
	const char	*s = reg_export_skipws(line, line + len);
	const char	*e = line + len;
	int		 cont = 1;

	if (s < e && *s != ';' && scan_hexval((unsigned char)*s) < 0) {
		parse_warn(p, DIAG_REG_CONTINUATION, "value \"%s\" at line %u "
		    "dropped: hex data expected", st->pend->u.reg.name,
		    st->pend->line);
		st->pend = NULL;
		return (0);
	}
	if (s < e && *s != ';' &&
	    reg_export_hexline(st, s, e, &cont) == -1) {
		reg_export_bad(p, st, DIAG_REG_HEX, "%s; value \"%s\" at line "
		    "%u dropped", st->err, st->pend->u.reg.name,
		    st->pend->line);
		st->pend = NULL;
		return (1);
	}
	if (!cont)
		reg_export_finish(p, st);
	else if (reg_export_eof(p))
		reg_export_unended(p, st);
	parse_known(p);
	return (1);
}

/* Add the value record for the current line and pass it to the KB. */
static void
reg_export_emit(struct parse *p, struct reg_export_state *st,
    const struct regvaluerec *v)
{
	struct record	*rec;

	rec = rec_add(p, REC_REGVALUE);
	rec->u.reg = *v;
	rec->u.reg.key = st->key;
	parse_value_end(p, rec, kb_regvalue(p, rec));
}

/* hex: or hex(N): data, possibly continued on the next lines. */
static void
reg_export_hex(struct parse *p, struct reg_export_state *st,
    struct regvaluerec *v, const char *s, const char *e)
{
	unsigned long	 t = 3;
	int		 d, n, cont;

	if (s < e && *s == '(') {
		for (s++, t = 0, n = 0; s < e &&
		    (d = scan_hexval((unsigned char)*s)) >= 0; s++, n++)
			t = t * 16 + d;
		if (n == 0 || n > 8 || s >= e || *s++ != ')') {
			reg_export_bad(p, st, DIAG_REG_SYNTAX,
			    "malformed hex(N) type");
			return;
		}
	}
	if (s >= e || *s++ != ':') {
		reg_export_bad(p, st, DIAG_REG_SYNTAX,
		    "':' expected after hex");
		return;
	}
	st->hex.len = 0;
	if (reg_export_hexline(st, s, e, &cont) == -1) {
		reg_export_bad(p, st, DIAG_REG_HEX, "%s", st->err);
		return;
	}
	reg_export_htype(p, t, v);
	st->htype = t;
	st->pend = rec_add(p, REC_REGVALUE);
	st->pend->u.reg = *v;
	st->pend->u.reg.key = st->key;
	if (!cont)
		reg_export_finish(p, st);
	else if (reg_export_eof(p))
		reg_export_unended(p, st);
}

/* dword:XXXXXXXX, one to eight hex digits. */
static void
reg_export_dword(struct parse *p, struct reg_export_state *st,
    struct regvaluerec *v, const char *s, const char *e)
{
	const char	*d = s;
	int		 x;

	for (v->num = 0; s < e && (x = scan_hexval((unsigned char)*s))
	    >= 0; s++)
		if (s - d < 8)
			v->num = v->num << 4 | x;
	if (s == d || s - d > 8 || !reg_export_tail(s, e)) {
		reg_export_bad(p, st, DIAG_REG_DWORD, "\"%.*s\"",
		    (int)(e - d > 24 ? 24 : e - d), d);
		return;
	}
	v->rtype = REGT_DWORD;
	v->type = "REG_DWORD";
	reg_export_emit(p, st, v);
}

/* "string" or Wine's str(N):"string". */
static void
reg_export_string(struct parse *p, struct reg_export_state *st,
    struct regvaluerec *v, const char *s, const char *e, unsigned long t)
{
	const char	*q;
	char		*str;

	if ((q = reg_export_unescape(st, s + 1, e, '"')) == NULL) {
		reg_export_bad(p, st, DIAG_REG_SYNTAX, "unterminated string");
		return;
	}
	if (!reg_export_tail(q, e)) {
		reg_export_bad(p, st, DIAG_REG_SYNTAX,
		    "text after the closing quote");
		return;
	}
	reg_export_htype(p, t, v);
	if (t == 7)
		reg_export_multi(p, &st->str, v);
	else {
		str = (char *)st->str.data;
		v->str = parse_strndup(p, str, strlen(str));
	}
	reg_export_emit(p, st, v);
}

/* Wine's str(N): prefix; returns the opening quote or NULL. */
static const char *
reg_export_strtype(const char *s, const char *e, unsigned long *t)
{
	int	 d, n;

	*t = 0;
	if (s < e && *s == ':') {
		*t = 1;
		s++;
	} else if (s < e && *s == '(') {
		for (s++, n = 0; s < e &&
		    (d = scan_hexval((unsigned char)*s)) >= 0; s++, n++)
			*t = *t * 16 + d;
		if (n == 0 || n > 8 || e - s < 2 || s[0] != ')' || s[1] != ':')
			return (NULL);
		s += 2;
	}
	return (s < e && *s == '"' ? s : NULL);
}

/* The data after '=': dispatch on its type. */
static void
reg_export_data(struct parse *p, struct reg_export_state *st,
    struct regvaluerec *v, const char *s, const char *e)
{
	const char	*q;
	unsigned long	 t;

	if (s == e)
		reg_export_bad(p, st, DIAG_REG_SYNTAX, "no data after '='");
	else if (*s == '-' && reg_export_tail(s + 1, e)) {
		v->deleted = 1;
		reg_export_emit(p, st, v);
	} else if (*s == '"')
		reg_export_string(p, st, v, s, e, 1);
	else if (scan_caseprefix(s, e - s, "dword:"))
		reg_export_dword(p, st, v, s + 6, e);
	else if (scan_caseprefix(s, e - s, "hex"))
		reg_export_hex(p, st, v, s + 3, e);
	else if (scan_caseprefix(s, e - s, "str") &&
	    (q = reg_export_strtype(s + 3, e, &t)) != NULL)
		reg_export_string(p, st, v, q, e, t);
	else
		reg_export_bad(p, st, DIAG_REG_SYNTAX, "unknown data type "
		    "\"%.16s\"", s);
}

/* "name"=data or @=data. */
static void
reg_export_value(struct parse *p, struct reg_export_state *st,
    const char *s, const char *e)
{
	struct regvaluerec	 v;
	const char		*name;

	parse_value_begin(p);
	memset(&v, 0, sizeof(v));
	if (*s == '@') {
		v.name = "";
		s++;
	} else {
		if ((s = reg_export_unescape(st, s + 1, e, '"')) == NULL) {
			reg_export_bad(p, st, DIAG_REG_SYNTAX,
			    "unterminated value name");
			return;
		}
		name = (const char *)st->str.data;
		v.name = parse_intern(p, name, strlen(name));
	}
	s = reg_export_skipws(s, e);
	if (s == e || *s != '=') {
		reg_export_bad(p, st, DIAG_REG_SYNTAX,
		    "'=' expected after the value name");
		return;
	}
	if (st->key == NULL) {
		reg_export_bad(p, st, DIAG_REG_NO_KEY, "value \"%s\"", v.name);
		return;
	}
	reg_export_data(p, st, &v, reg_export_skipws(s + 1, e), e);
}

/* Is the key's root one regedit accepts? */
static int
reg_export_rootok(const char *s, size_t n)
{
	const char *const	*r;

	for (r = reg_export_roots; *r != NULL; r++)
		if (scan_caseword(s, n, *r, '\\'))
			return (1);
	return (0);
}

/* [Key\\Path] 1710099824 in a Wine file, relative to st->root. */
static void
reg_export_winekey(struct parse *p, struct reg_export_state *st,
    const char *s, const char *e)
{
	const char	*q, *k;
	char		*full;

	if ((q = reg_export_unescape(st, s + 1, e, ']')) == NULL) {
		reg_export_bad(p, st, DIAG_REG_SYNTAX, "key line without ']'");
		return;
	}
	q = reg_export_skipws(q, e);
	while (q < e && *q >= '0' && *q <= '9')
		q++;
	k = (const char *)st->str.data;
	if (!reg_export_tail(q, e) || *k == '\0') {
		reg_export_bad(p, st, DIAG_REG_SYNTAX,
		    "malformed Wine key line");
		st->key = NULL;
		return;
	}
	if (st->root == NULL)
		st->key = parse_intern(p, k, strlen(k));
	else {
		xasprintf(&full, "%s\\%s", st->root, k);
		st->key = parse_intern(p, full, strlen(full));
		free(full);
	}
	parse_known(p);
}

/* [HKEY_...\Key] sets the current key; [-HKEY_...\Key] deletes it. */
static void
reg_export_key(struct parse *p, struct reg_export_state *st,
    const char *s, const char *e)
{
	struct regvaluerec	 v;
	const char		*q;
	int			 del;

	if (st->mode == REGX_WINE) {
		reg_export_winekey(p, st, s, e);
		return;
	}
	if ((del = (s + 1 < e && s[1] == '-')))
		s++;
	for (q = e; q > s && q[-1] != ']'; q--)
		continue;
	if (q == s || !reg_export_tail(q, e)) {
		/* Like regedit, the previous key stays open. */
		reg_export_bad(p, st, DIAG_REG_SYNTAX, "key line without ']'");
		return;
	}
	s++;
	st->key = NULL;
	if (!reg_export_rootok(s, q - 1 - s)) {
		reg_export_bad(p, st, DIAG_REG_SYNTAX, "unknown root key in "
		    "\"%.*s\"", (int)(q - 1 - s > 40 ? 40 : q - 1 - s), s);
		return;
	}
	if (!del) {
		st->key = parse_intern(p, s, q - 1 - s);
		parse_known(p);
		return;
	}
	memset(&v, 0, sizeof(v));
	v.deleted = 1;
	st->key = parse_intern(p, s, q - 1 - s);
	reg_export_emit(p, st, &v);
	st->key = NULL;
}

/* ";; All keys relative to REGISTRY\\Machine" sets the Wine root. */
static void
reg_export_wineroot(struct parse *p, struct reg_export_state *st,
    const char *s, const char *e)
{
	static const char	 marker[] = "All keys relative to ";
	const char		*q, *k, *rest;
	char			*full;
	size_t			 kn;

	while (s < e && (*s == ';' || *s == ' '))
		s++;
	if (!scan_caseprefix(s, e - s, marker))
		return;
	q = reg_export_skipws(s + sizeof(marker) - 1, e);
	(void)reg_export_unescape(st, q, e, '\0');
	k = (const char *)st->str.data;
	while (*k == '\\')
		k++;
	kn = strlen(k);
	if (scan_caseprefix(k, kn, "REGISTRY\\")) {
		k += 9;
		kn -= 9;
	}
	if (scan_caseword(k, kn, "Machine", '\\'))
		xasprintf(&full, "HKEY_LOCAL_MACHINE%s", k + 7);
	else if (scan_caseword(k, kn, "User", '\\'))
		xasprintf(&full, "HKEY_USERS%s", k + 4);
	else
		full = xstrdup(k);
	for (rest = full + strlen(full); rest > full && rest[-1] == ' ';)
		rest--;
	st->root = parse_intern(p, full, rest - full);
	free(full);
}

/* A header line: sets the mode and returns 1. */
static int
reg_export_header(struct reg_export_state *st, const char *s,
    const char *e)
{
	static const struct {
		const char		*text;
		enum reg_export_mode	 mode;
	} hdr[] = {
		{ "Windows Registry Editor Version 5.00", REGX_V5 },
		{ "REGEDIT4", REGX_V4 },
		{ "WINE REGISTRY Version 2", REGX_WINE }
	};
	size_t	 i;

	for (i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		if (scan_caseeq(s, e - s, hdr[i].text)) {
			st->mode = hdr[i].mode;
			return (1);
		}
	return (0);
}

/*
 * A key or value before any header line: regedit refuses such a file.
 * Read it all the same, and say so once, on line 1.
 */
static void
reg_export_noheader(struct parse *p, struct reg_export_state *st)
{
	if (st->mode != REGX_NONE || st->noheader_said)
		return;
	st->noheader_said = 1;
	diag(p->in, 1, DIAG_REG_NO_HEADER, "no REGEDIT4 or \"Windows Registry "
	    "Editor Version 5.00\" line before line %u; regedit would refuse "
	    "the file, read all the same", p->lineno);
}

/* One line outside a continuation. */
static void
reg_export_line(struct parse *p, struct reg_export_state *st,
    const char *line, size_t len)
{
	const char	*s, *e;

	s = scan_trim(line, &len, SCAN_BLANK);
	e = s + len;
	if (s == e)
		parse_known(p);
	else if (*s == ';') {
		if (st->mode == REGX_WINE && s + 1 < e && s[1] == ';')
			reg_export_wineroot(p, st, s, e);
		parse_known(p);
	} else if (*s == '#' && st->mode == REGX_WINE)
		parse_known(p);
	else if (reg_export_header(st, s, e))
		parse_known(p);
	else if (*s == '[') {
		reg_export_noheader(p, st);
		reg_export_key(p, st, s, e);
	} else if (*s == '"' || *s == '@') {
		reg_export_noheader(p, st);
		reg_export_value(p, st, s, e);
	}
	else
		reg_export_bad(p, st, DIAG_REG_SYNTAX,
		    "not a key, value or comment line");
}

static int
reg_export_parse(struct parse *p)
{
	struct reg_export_state	 st;
	char			*line;
	size_t			 len;

	memset(&st, 0, sizeof(st));
	p->state = &st;
	while ((line = parse_next_line(p, &len)) != NULL) {
		st.lastline = p->lineno;
		if (st.pend != NULL && reg_export_cont(p, &st, line, len))
			continue;
		reg_export_line(p, &st, line, len);
	}
	if (st.pend != NULL) {
		diag(p->in, st.lastline, DIAG_REG_CONTINUATION, "value \"%s\" "
		    "at line %u ends with a continuation at the end of the "
		    "file", st.pend->u.reg.name, st.pend->line);
		reg_export_finish(p, &st);
	}
	kb_finish(p);
	free(st.hex.data);
	free(st.str.data);
	free(st.out.data);
	p->state = NULL;
	return (st.nunparsed);
}

/* Does the text start with word, optionally as UTF-16LE? */
static int
reg_export_sniff_word(const unsigned char *b, size_t len, const char *word,
    int wide)
{
	size_t	 i, n = strlen(word), step = wide ? 2 : 1;

	if (len < n * step)
		return (0);
	for (i = 0; i < n; i++) {
		if ((b[i * step] | 0x20) != (word[i] | 0x20) ||
		    (wide && b[i * step + 1] != 0))
			return (0);
	}
	return (1);
}

/* Past the blanks (and with nl, the line ends) at b[i], narrow or wide. */
static size_t
reg_export_sniff_skip(const unsigned char *b, size_t len, size_t i,
    int wide, int nl)
{
	size_t	 step = wide ? 2 : 1;

	while (i + step <= len && (b[i] == ' ' || b[i] == '\t' ||
	    (nl && (b[i] == '\r' || b[i] == '\n'))) &&
	    (!wide || b[i + 1] == 0))
		i += step;
	return (i);
}

/* Whether a header starts the bytes (past a BOM and blank lines, at *ip;
 * *widep: UTF-16LE). */
static int
reg_export_sniff_header(const char *buf, size_t len, size_t *ip, int *widep)
{
	static const char *const hdr[] = {
		"Windows Registry Editor Version 5.00", "REGEDIT4",
		"WINE REGISTRY Version 2", NULL
	};
	const unsigned char	*b = (const unsigned char *)buf;
	const char *const	*h;
	size_t			 i = 0;
	int			 wide = 0;

	if (len >= 2 && b[0] == 0xff && b[1] == 0xfe) {
		wide = 1;
		i = 2;
	} else if (len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	i = reg_export_sniff_skip(b, len, i, wide, 1);
	*ip = i;
	*widep = wide;
	for (h = hdr; *h != NULL; h++)
		if (reg_export_sniff_word(b + i, len - i, *h, wide))
			return (1);
	return (0);
}

/*
 * The header, or key lines "[HKEY_..." with "name"= values; lines may be
 * indented (pasted from a document) and the header preceded by blank
 * lines.
 */
static int
reg_export_sniff(const char *buf, size_t len)
{
	const unsigned char	*l;
	const char		*pos, *s;
	size_t			 i, k, n, keys = 0, vals = 0, lines = 0;
	int			 wide;

	if (reg_export_sniff_header(buf, len, &i, &wide))
		return (100);
	if (wide)
		return (0);
	pos = buf + i;
	while (lines++ < 200 && (s = scan_line(&pos, buf + len, &n)) != NULL) {
		l = (const unsigned char *)s;
		k = reg_export_sniff_skip(l, n, 0, 0, 0);
		l += k;
		n -= k;
		if (n > 0 && l[0] == '[' && (reg_export_sniff_word(l + 1,
		    n - 1, "HKEY_", 0) || reg_export_sniff_word(l + 1, n - 1,
		    "-HKEY_", 0)))
			keys++;
		else if (n > 0 && (l[0] == '"' || l[0] == '@') &&
		    memchr(l, '=', n) != NULL)
			vals++;
	}
	if (keys > 0)
		return (vals > 0 ? 85 : 70);
	return (0);
}

/* The most reg_export_sniff() can score: 100 needs the header. */
int
reg_export_sniff_ceiling(const char *buf, size_t len)
{
	size_t	 i;
	int	 wide;

	if (reg_export_sniff_header(buf, len, &i, &wide))
		return (100);
	return (wide ? 0 : 85);
}

const struct collector collector_reg_export = {
	"reg", "registry", "CP1252",
	"regedit .reg exports (v5, REGEDIT4) and Wine registry files",
	reg_export_sniff, reg_export_parse, 0
};
