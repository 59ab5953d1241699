/*
 * Collector for the text `reg query KEY [/v NAME] [/s]` prints: a key path
 * on its own line, then one indented line per value, NAME, type and data
 * separated by four spaces (Vista and later) or tabs (reg.exe 3.0 of XP
 * and 2003, which opens with a "! REG.EXE VERSION 3.0" banner).  Value
 * names hold spaces, so a line is split on its REG_ type token.  Every
 * value becomes a REC_REGVALUE record, normalised like the .reg collector
 * (binary data as lowercase comma-separated bytes), and goes to the KB.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

struct reg_query_state {
	const char	*key;		/* current key; NULL before the first */
	char		*scratch;	/* hex text being built */
	size_t		 cap;
	int		 nunparsed;
};

/* The data a type token announces. */
enum reg_query_kind {
	RQK_STRING,
	RQK_MULTI,
	RQK_NUMBER,
	RQK_HEX,			/* hex digits run together */
	RQK_HEXORTEXT			/* hex when it is, else verbatim */
};

static const struct reg_query_type {
	const char		*name;
	enum regtype		 rtype;
	enum reg_query_kind	 kind;
	int			 digits;	/* RQK_NUMBER: hex digits */
} reg_query_types[] = {
	{ "REG_SZ", REGT_SZ, RQK_STRING, 0 },
	{ "REG_EXPAND_SZ", REGT_EXPAND_SZ, RQK_STRING, 0 },
	{ "REG_MULTI_SZ", REGT_MULTI_SZ, RQK_MULTI, 0 },
	{ "REG_DWORD", REGT_DWORD, RQK_NUMBER, 8 },
	{ "REG_DWORD_LITTLE_ENDIAN", REGT_DWORD, RQK_NUMBER, 8 },
	{ "REG_DWORD_BIG_ENDIAN", REGT_DWORD_BE, RQK_NUMBER, 8 },
	{ "REG_QWORD", REGT_QWORD, RQK_NUMBER, 16 },
	{ "REG_QWORD_LITTLE_ENDIAN", REGT_QWORD, RQK_NUMBER, 16 },
	{ "REG_BINARY", REGT_BINARY, RQK_HEX, 0 },
	{ "REG_NONE", REGT_NONE, RQK_HEX, 0 },
	{ "REG_LINK", REGT_LINK, RQK_STRING, 0 },
	{ "REG_RESOURCE_LIST", REGT_RESOURCE_LIST, RQK_HEXORTEXT, 0 },
	{ "REG_FULL_RESOURCE_DESCRIPTOR", REGT_FULL_RESOURCE,
	    RQK_HEXORTEXT, 0 },
	{ "REG_RESOURCE_REQUIREMENTS_LIST", REGT_RESOURCE_REQ,
	    RQK_HEXORTEXT, 0 },
	{ NULL, REGT_OTHER, RQK_HEXORTEXT, 0 }
};

static const char *const reg_query_roots[] = {
	"HKLM", "HKCU", "HKCR", "HKU", "HKCC", NULL
};

/* Make the current line unparsed, counting it. */
static void
reg_query_bad(struct parse *p, struct reg_query_state *st, int code,
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

static int
reg_query_tokch(int c)
{
	return (scan_isclass(c, SCAN_UPPER | SCAN_DIGIT) || c == '_');
}

/* Is s..e a key path: HKEY_NAME or a short root, then '\' or the end? */
static int
reg_query_iskey(const char *s, const char *e)
{
	const char *const	*r;
	const char		*q;

	if ((size_t)(e - s) > 5 && scan_caseprefix(s, e - s, "HKEY_")) {
		for (q = s + 5; q < e && (reg_query_tokch(*q) ||
		    scan_isclass(*q, SCAN_LOWER)); q++)
			continue;
		return (q > s + 5 && (q == e || *q == '\\'));
	}
	for (r = reg_query_roots; *r != NULL; r++)
		if (scan_caseword(s, e - s, *r, '\\'))
			return (1);
	return (0);
}

/*
 * Find the type token of a value line in s..e: "REG_" after a tab or two
 * or more spaces, followed by the end, a tab or a space.  Sets *te to the
 * token's end; NULL when there is none.
 */
static const char *
reg_query_findtype(const char *s, const char *e, const char **te)
{
	const char	*q, *t;

	for (q = s + 1; q + 4 < e; q++) {
		if (memcmp(q, "REG_", 4) != 0)
			continue;
		if (q[-1] != '\t' && (q - 2 < s || q[-1] != ' ' ||
		    q[-2] != ' '))
			continue;
		for (t = q + 4; t < e && reg_query_tokch(*t); t++)
			continue;
		if (t > q + 4 && (t == e || *t == '\t' || *t == ' ')) {
			*te = t;
			return (q);
		}
	}
	return (NULL);
}

static const struct reg_query_type *
reg_query_lookup(const char *s, size_t n)
{
	const struct reg_query_type	*t;

	for (t = reg_query_types; t->name != NULL; t++)
		if (scan_eq(s, n, t->name))
			break;
	return (t);
}

/* 0x followed by 1..digits hex digits into v->num; 0 or -1. */
static int
reg_query_number(const char *s, const char *e, int digits,
    struct regvaluerec *v)
{
	const char	*d;
	int		 x;

	e -= scan_rspan(s, e - s, SCAN_BLANK);
	if (e - s < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return (-1);
	for (d = s + 2, v->num = 0; d < e; d++) {
		if ((x = scan_hexval((unsigned char)*d)) < 0)
			return (-1);
		v->num = v->num << 4 | x;
	}
	return (e - s - 2 <= digits ? 0 : -1);
}

/* Hex pairs run together into "0a,1b" in v->str; 0 or -1. */
static int
reg_query_hex(struct parse *p, struct reg_query_state *st, const char *s,
    const char *e, struct regvaluerec *v)
{
	const char	*q;
	char		*o;
	size_t		 n;

	e -= scan_rspan(s, e - s, SCAN_BLANK);
	if ((e - s) % 2 != 0)
		return (-1);
	for (q = s; q < e; q++)
		if (scan_hexval((unsigned char)*q) < 0)
			return (-1);
	n = (e - s) / 2 * 3 + 1;
	if (n > st->cap) {
		st->cap = n;
		st->scratch = xrealloc(st->scratch, n);
	}
	for (q = s, o = st->scratch; q < e; q += 2) {
		if (q > s)
			*o++ = ',';
		*o++ = q[0] | 0x20;
		*o++ = q[1] | 0x20;
	}
	v->str = parse_strndup(p, st->scratch, o - st->scratch);
	return (0);
}

/* Strings joined with a literal \0; trailing empty ones dropped. */
static void
reg_query_multi(struct parse *p, const char *s, const char *e,
    struct regvaluerec *v)
{
	const char	*q, *seg;
	int		 n = 1, i;

	for (q = s; q + 1 < e; q++)
		if (q[0] == '\\' && q[1] == '0')
			n++, q++;
	v->multi = arena_alloc(p->fleet->arena, (n + 1) * sizeof(char *));
	for (q = seg = s, i = 0; q <= e; q++) {
		if (q == e || (q + 1 < e && q[0] == '\\' && q[1] == '0')) {
			v->multi[i++] = parse_strndup(p, seg, q - seg);
			seg = q + 2;
			if (q++ == e)
				break;
		}
	}
	while (i > 0 && v->multi[i - 1][0] == '\0')
		i--;
	v->multi[i] = NULL;
	v->nmulti = i;
}

/* Fill v from the data text of its type; 0, or -1 with a diagnostic. */
static int
reg_query_data(struct parse *p, struct reg_query_state *st,
    const struct reg_query_type *t, const char *s, const char *e,
    struct regvaluerec *v)
{
	switch (t->kind) {
	case RQK_STRING:
		v->str = parse_strndup(p, s, e - s);
		return (0);
	case RQK_MULTI:
		reg_query_multi(p, s, e, v);
		return (0);
	case RQK_NUMBER:
		if (reg_query_number(s, e, t->digits, v) == 0)
			return (0);
		reg_query_bad(p, st, DIAG_REG_DWORD, "%s \"%.24s\" is not 0x "
		    "and 1 to %d hex digits", v->type, s, t->digits);
		return (-1);
	case RQK_HEX:
		if (reg_query_hex(p, st, s, e, v) == 0)
			return (0);
		reg_query_bad(p, st, DIAG_REG_HEX, "%s \"%.24s\" is not hex "
		    "byte pairs", v->type, s);
		return (-1);
	default:
		if (reg_query_hex(p, st, s, e, v) != 0)
			v->str = parse_strndup(p, s, e - s);
		return (0);
	}
}

/* An indented NAME  REG_TYPE  DATA line. */
static void
reg_query_value(struct parse *p, struct reg_query_state *st,
    const char *s, const char *e)
{
	const struct reg_query_type	*t;
	struct regvaluerec		 v;
	struct record			*rec;
	const char			*ty, *te, *ne;
	int				 vista;

	if ((ty = reg_query_findtype(s, e, &te)) == NULL) {
		reg_query_bad(p, st, DIAG_REG_SYNTAX, "no REG_ type token");
		return;
	}
	if (st->key == NULL) {
		reg_query_bad(p, st, DIAG_REG_NO_KEY, "value before any key "
		    "path line");
		return;
	}
	parse_value_begin(p);
	memset(&v, 0, sizeof(v));
	ne = ty - scan_rspan(s, ty - s, SCAN_BLANK);
	vista = ty - ne == 4 && memcmp(ne, "    ", 4) == 0;
	if ((ne - s == 9 && memcmp(s, "(Default)", 9) == 0) ||
	    (ne - s == 9 && memcmp(s, "<NO NAME>", 9) == 0))
		v.name = "";
	else
		v.name = parse_intern(p, s, ne - s);
	t = reg_query_lookup(ty, te - ty);
	v.rtype = t->rtype;
	v.type = t->name != NULL ? t->name : parse_intern(p, ty, te - ty);
	if (te < e && *te == '\t')
		te++;
	else if (vista && e - te >= 4 && memcmp(te, "    ", 4) == 0)
		te += 4;
	else
		te += scan_span(te, e - te, SCAN_BLANK);
	if (reg_query_data(p, st, t, te, e, &v) == -1)
		return;
	rec = rec_add(p, REC_REGVALUE);
	v.key = st->key;
	rec->u.reg = v;
	parse_value_end(p, rec, kb_regvalue(p, rec));
}

static void
reg_query_line(struct parse *p, struct reg_query_state *st,
    const char *line, size_t len)
{
	const char	*s = line, *e = line + len, *te = e;

	te -= scan_rspan(s, te - s, SCAN_BLANK);
	if (te == s)
		parse_known(p);
	else if (scan_isclass(*s, SCAN_BLANK)) {
		s += scan_span(s, e - s, SCAN_BLANK);
		reg_query_value(p, st, s, e);
	} else if (reg_query_iskey(s, te)) {
		st->key = parse_intern(p, s, te - s);
		parse_known(p);
	} else if (scan_caseprefix(s, te - s, "! REG.EXE VERSION") ||
	    scan_caseprefix(s, te - s, "End of search:") ||
	    scan_caseprefix(s, te - s, "ERROR:"))
		parse_known(p);
	else
		reg_query_bad(p, st, DIAG_REG_SYNTAX,
		    "not a key path, value or reg.exe message line");
}

static int
reg_query_parse(struct parse *p)
{
	struct reg_query_state	 st;
	char			*line;
	size_t			 len;

	memset(&st, 0, sizeof(st));
	p->state = &st;
	while ((line = parse_next_line(p, &len)) != NULL)
		reg_query_line(p, &st, line, len);
	kb_finish(p);
	free(st.scratch);
	p->state = NULL;
	return (st.nunparsed);
}

static int
reg_query_sniff(const char *buf, size_t len)
{
	const char	*pos = buf, *e = buf + len, *s, *te;
	size_t		 n;
	int		 keys = 0, lines = 0, prevkey = 0;

	if (len >= 3 && memcmp(pos, "\xef\xbb\xbf", 3) == 0)
		pos += 3;
	while (lines++ < 200 && (s = scan_line(&pos, e, &n)) != NULL) {
		te = n > 0 && s[n - 1] == '\r' ? s + n - 1 : s + n;
		if (scan_caseprefix(s, te - s, "! REG.EXE VERSION"))
			return (95);
		if (prevkey && te > s && scan_isclass(*s, SCAN_BLANK) &&
		    reg_query_findtype(s, te, &te) != NULL)
			return (90);
		prevkey = reg_query_iskey(s, te);
		keys += prevkey;
	}
	return (keys > 0 ? 40 : 0);
}

/* The most reg_query_sniff() can score: 95 needs a "! REG.EXE" line. */
int
reg_query_sniff_ceiling(const char *buf, size_t len)
{
	return (memchr(buf, '!', len) != NULL ? 95 : 90);
}

const struct collector collector_reg_query = {
	"regquery", "registry", "CP850",
	"reg query output (Vista and later, and reg.exe 3.0 of XP/2003)",
	reg_query_sniff, reg_query_parse, 0
};
