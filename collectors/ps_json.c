/*
 * ps-json: ConvertTo-Json of Get-NetTCPConnection, Get-NetUDPEndpoint or
 * Get-ItemProperty objects, parsed with jansson.  A collection is one
 * array of objects, a single object is not wrapped (Windows PowerShell
 * 5.1 and 7 alike; 5.1 writes two blanks after each colon, 7 one), and
 * -Compress puts everything on one line; objects written one after the
 * other (JSON lines) are read too.  State converts as the enum's number
 * (2 for Listen), or as its name with -EnumsAsStrings; CIM objects carry
 * CimClass (its CimClassName tells TCP from UDP), CimInstanceProperties
 * and CimSystemProperties, deep objects the default -Depth flattens to
 * strings.  A registry object has its values by name beside PSPath,
 * PSParentPath, PSChildName and the PSDrive and PSProvider objects: a
 * number is a DWORD (a QWORD past 32 bits; negative numbers are Int32 and
 * Int64 halves), a string a REG_SZ, a list of strings a REG_MULTI_SZ, a
 * list of numbers REG_BINARY.
 *
 * Lines: an object's records are on the line where the object starts,
 * and the other lines it spans are known lines, as are the lines of
 * brackets and commas between objects.  jansson reads one array element
 * at a time (JSON_DISABLE_EOF_CHECK says how far it read), always before
 * the walk reaches the line the element starts on, so it sees the text
 * whole: the walk ends each line it passes with a NUL.  A value jansson
 * cannot read makes its first line unparsed with the reason, and every
 * line after it unparsed too: where the next value would start is not
 * known.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "ps.h"

#define PS_JSON_SNIFF_MAX	(16 * 1024)

/* A value read ahead of the walk. */
struct ps_json_item {
	json_t		*v;
	unsigned	 line;		/* where it starts */
	unsigned	 last;		/* where it ends */
};

struct ps_json_state {
	struct parse		*p;
	const char		*buf;		/* the input's text */
	size_t			 len;
	size_t			 next;		/* next byte to read */
	int			 in_array;	/* inside the top-level [ ] */
	int			 done;
	int			 broken;	/* jansson stopped */
	unsigned		 broken_line;
	char			 why[200];
	size_t			 at_off;	/* a line start, counted */
	unsigned		 at_line;
	struct ps_json_item	*q;		/* read, not yet walked to */
	size_t			 nq, capq;
	unsigned		 span_last;	/* last line of the values
						   walked so far */
	int			 span_bad;	/* that value built nothing */
};

/*
 * The 1-based line of byte off, which the walk has not passed: counted
 * from the first line not walked, whose text is still whole.
 */
static unsigned
ps_json_line(struct ps_json_state *st, size_t off)
{
	const char	*s, *nl;

	if (st->at_off < (size_t)(st->p->pos - st->buf)) {
		st->at_off = st->p->pos - st->buf;
		st->at_line = st->p->lineno + 1;
	}
	for (s = st->buf + st->at_off; (nl = memchr(s, '\n',
	    st->buf + off - s)) != NULL; s = nl + 1)
		st->at_line++;
	st->at_off = s - st->buf;
	return (st->at_line);
}

static void
ps_json_break(struct ps_json_state *st, size_t off, const char *why)
{
	st->broken = 1;
	st->broken_line = ps_json_line(st, off);
	snprintf(st->why, sizeof(st->why), "%s", why);
}

/* Blanks between values: NUL too, which ends a line already walked. */
static void
ps_json_skip(struct ps_json_state *st)
{
	while (st->next < st->len && (scan_isspace(st->buf[st->next]) ||
	    st->buf[st->next] == '\n' || st->buf[st->next] == '\0'))
		st->next++;
}

static void
ps_json_push(struct ps_json_state *st, json_t *v, unsigned line,
    unsigned last)
{
	if (st->nq == st->capq) {
		st->capq = st->capq == 0 ? 8 : st->capq * 2;
		st->q = xrealloc(st->q, st->capq * sizeof(*st->q));
	}
	st->q[st->nq].v = v;
	st->q[st->nq].line = line;
	st->q[st->nq].last = last;
	st->nq++;
}

/* Read the value at st->next, then the separators after it. */
static void
ps_json_one(struct ps_json_state *st)
{
	json_error_t	 err;
	json_t		*v;
	size_t		 start = st->next;
	unsigned	 line;

	if (st->buf[start] != '{' && st->buf[start] != '[') {
		ps_json_break(st, start, st->in_array ?
		    "an array element is not an object" :
		    "not a JSON object or array");
		return;
	}
	if (!st->in_array && st->buf[start] == '[') {
		st->in_array = 1;
		st->next++;
		return;
	}
	v = json_loadb(st->buf + start, st->len - start,
	    JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
	if (v == NULL) {
		ps_json_break(st, start, err.text);
		return;
	}
	line = ps_json_line(st, start);
	st->next = start + err.position;
	ps_json_push(st, v, line, ps_json_line(st, st->next - 1));
	ps_json_skip(st);
	if (st->in_array && st->next < st->len && st->buf[st->next] == ',')
		st->next++;
}

/* Read every value that starts before byte limit. */
static void
ps_json_ahead(struct ps_json_state *st, size_t limit)
{
	while (!st->done && !st->broken) {
		ps_json_skip(st);
		if (st->next >= st->len) {
			if (st->in_array)
				ps_json_break(st, st->len,
				    "the array is never closed");
			st->done = 1;
			break;
		}
		if (st->next >= limit)
			break;
		if (st->in_array && st->buf[st->next] == ']') {
			st->in_array = 0;
			st->next++;
			continue;
		}
		ps_json_one(st);
	}
}

/* A JSON scalar as text in buf: strings as they are, numbers printed. */
static void
ps_json_text(json_t *v, char *buf, size_t sz, struct scan_tok *t)
{
	t->s = buf;
	t->n = 0;
	buf[0] = '\0';
	if (json_is_string(v)) {
		t->s = json_string_value(v);
		t->n = json_string_length(v);
	} else if (json_is_integer(v))
		t->n = snprintf(buf, sz, "%lld",
		    (long long)json_integer_value(v));
	else if (json_is_real(v))
		t->n = snprintf(buf, sz, "%.17g", json_real_value(v));
	else if (json_is_object(v) && json_is_string(json_object_get(v,
	    "CimClassName"))) {
		v = json_object_get(v, "CimClassName");
		t->s = json_string_value(v);
		t->n = json_string_length(v);
	} else
		t->s = NULL;	/* null, true, false, lists: not there */
	if (t->n >= sz && t->s == buf)
		t->n = sz - 1;
}

/* A connection or endpoint object: one socket on the current line. */
static int
ps_json_sock(struct parse *p, json_t *o)
{
	struct ps_sock	 k;
	char		 num[PSF__MAX][48];
	const char	*key;
	json_t		*v, *sys;
	int		 f;

	memset(&k, 0, sizeof(k));
	json_object_foreach(o, key, v)
		if ((f = ps_field_of(key, strlen(key))) >= 0 &&
		    k.f[f].s == NULL)
			ps_json_text(v, num[f], sizeof(num[f]), &k.f[f]);
	if ((sys = json_object_get(o, "CimSystemProperties")) != NULL &&
	    json_is_string(json_object_get(sys, "ClassName")))
		k.proto = ps_class_proto(json_string_value(json_object_get(sys,
		    "ClassName")), json_string_length(json_object_get(sys,
		    "ClassName")));
	return (ps_sock_add(p, &k) != NULL);
}

/* A number as Get-ItemProperty writes it: Int32 DWORD, Int64 QWORD. */
static void
ps_json_regnum(json_int_t n, struct regvaluerec *r)
{
	r->rtype = n < -2147483648LL || n > 4294967295LL ? REGT_QWORD :
	    REGT_DWORD;
	r->num = n >= 0 ? (unsigned long long)n : r->rtype == REGT_DWORD ?
	    0x100000000ULL + n : (unsigned long long)n;
}

/* A list of strings (MULTI_SZ) or of bytes (BINARY); -1: neither. */
static int
ps_json_reglist(struct parse *p, json_t *a, struct regvaluerec *r)
{
	size_t	 i, n = json_array_size(a), off = 0;
	char	*hex;
	json_t	*e;
	int	 strings = 1, bytes = 1;

	json_array_foreach(a, i, e) {
		strings &= json_is_string(e);
		bytes &= json_is_integer(e) && json_integer_value(e) >= 0 &&
		    json_integer_value(e) <= 255;
	}
	if (strings) {
		r->rtype = REGT_MULTI_SZ;
		r->nmulti = (int)n;
		r->multi = arena_alloc(p->fleet->arena,
		    (n == 0 ? 1 : n) * sizeof(*r->multi));
		json_array_foreach(a, i, e)
			r->multi[i] = parse_strndup(p, json_string_value(e),
			    json_string_length(e));
		return (0);
	}
	if (!bytes)
		return (-1);
	r->rtype = REGT_BINARY;
	hex = arena_alloc(p->fleet->arena, n * 3 + 1);
	json_array_foreach(a, i, e)
		off += snprintf(hex + off, n * 3 + 1 - off, "%s%02x",
		    i > 0 ? "," : "", (unsigned)json_integer_value(e));
	r->str = hex;
	return (0);
}

/* One registry value of an object; booleans and objects are no values. */
static void
ps_json_regvalue(struct parse *p, const char *key, const char *name,
    json_t *v)
{
	struct regvaluerec	 r;
	size_t			 nn = strlen(name);

	memset(&r, 0, sizeof(r));
	if (json_is_integer(v))
		ps_json_regnum(json_integer_value(v), &r);
	else if (json_is_string(v)) {
		r.rtype = REGT_SZ;
		r.str = parse_strndup(p, json_string_value(v),
		    json_string_length(v));
	} else if (json_is_array(v) && ps_json_reglist(p, v, &r) == 0)
		;
	else
		return;
	if (scan_caseeq(name, nn, "(default)"))
		nn = 0;
	(void)ps_reg_add(p, key, name, nn, &r);
}

static const char *
ps_json_str(json_t *o, const char *k, size_t *n)
{
	json_t	*v = json_object_get(o, k);

	*n = json_is_string(v) ? json_string_length(v) : 0;
	return (json_is_string(v) ? json_string_value(v) : NULL);
}

/* A Get-ItemProperty object: its values, on the current line. */
static int
ps_json_reg(struct parse *p, json_t *o)
{
	const char	*key, *name, *path, *par, *child, *host;
	size_t		 n, pn, cn, hn;
	json_t		*v;
	int		 nrec = 0;

	path = ps_json_str(o, "PSPath", &n);
	par = ps_json_str(o, "PSParentPath", &pn);
	child = ps_json_str(o, "PSChildName", &cn);
	if ((key = ps_reg_key(p, path, n, par, pn, child, cn)) == NULL) {
		parse_unparsed(p, DIAG_REG_NO_KEY, "PSPath names no key");
		return (0);
	}
	host = ps_json_str(o, "PSComputerName", &hn);
	if (ps_set_host(p, host, hn) == -1)
		return (0);
	json_object_foreach(o, name, v)
		if (!ps_reg_meta(name, strlen(name))) {
			ps_json_regvalue(p, key, name, v);
			nrec++;
		}
	kb_finish(p);
	return (nrec > 0);
}

/* The records of one object, on the current line; 0 when it built none. */
static int
ps_json_object(struct parse *p, json_t *o)
{
	if (!json_is_object(o)) {
		parse_unparsed(p, DIAG_LINE_UNKNOWN, "not a JSON object");
		return (0);
	}
	if (json_object_get(o, "LocalPort") != NULL)
		return (ps_json_sock(p, o));
	if (json_object_get(o, "PSPath") != NULL ||
	    (json_object_get(o, "PSParentPath") != NULL &&
	    json_object_get(o, "PSChildName") != NULL))
		return (ps_json_reg(p, o));
	parse_unparsed(p, DIAG_LINE_UNKNOWN, "an object with neither "
	    "LocalPort nor PSPath");
	return (0);
}

/* Account the current line: values starting on it, inside one, or not. */
static void
ps_json_walk_line(struct parse *p, struct ps_json_state *st)
{
	size_t	 i, k = 0;
	int	 any = 0, built = 0;

	for (i = 0; i < st->nq; i++) {
		if (st->q[i].line != p->lineno) {
			st->q[k++] = st->q[i];
			continue;
		}
		any = 1;
		built |= ps_json_object(p, st->q[i].v);
		if (st->q[i].last > st->span_last)
			st->span_last = st->q[i].last;
		st->span_bad = !built;
		json_decref(st->q[i].v);
	}
	st->nq = k;
	parse_set_host(p, NULL, 0);
	if (any)
		return;
	if (p->lineno <= st->span_last) {
		if (st->span_bad)
			parse_unparsed_quiet(p, DIAG_LINE_UNKNOWN);
		else
			parse_known(p);
	} else if (st->broken && p->lineno == st->broken_line)
		parse_unparsed(p, DIAG_JSON_SYNTAX, "%s", st->why);
	else if (st->broken && p->lineno > st->broken_line)
		parse_unparsed_quiet(p, DIAG_JSON_SYNTAX);
	else
		parse_known(p);		/* brackets, commas, blanks */
}

static int
ps_json_parse(struct parse *p)
{
	struct ps_json_state	 st;
	const char		*nl;
	size_t			 i;

	memset(&st, 0, sizeof(st));
	st.p = p;
	st.buf = p->pos;
	st.len = p->end - p->pos;
	st.at_line = 1;
	for (;;) {
		nl = p->pos < p->end ? memchr(p->pos, '\n', p->end - p->pos) :
		    NULL;
		ps_json_ahead(&st, nl != NULL ? (size_t)(nl - st.buf) + 1 :
		    st.len);
		if (parse_next_line(p, NULL) == NULL)
			break;
		ps_json_walk_line(p, &st);
	}
	for (i = 0; i < st.nq; i++)
		json_decref(st.q[i].v);
	free(st.q);
	return ((int)p->in->lines_unparsed);
}

static int
ps_json_sniff(const char *buf, size_t len)
{
	size_t	 i = 0;

	if (len > PS_JSON_SNIFF_MAX)
		len = PS_JSON_SNIFF_MAX;
	while (i < len && (scan_isspace(buf[i]) || buf[i] == '\n'))
		i++;
	if (i == len || (buf[i] != '[' && buf[i] != '{'))
		return (0);
	if (scan_has(buf + i, len - i, "\"LocalPort\"") ||
	    scan_has(buf + i, len - i, "\"PSPath\""))
		return (90);
	return (0);
}

/* ConvertTo-Json of connections, endpoints and Get-ItemProperty. */
const struct collector collector_ps_json = {
	"ps-json", "powershell", "CP1252",
	"PowerShell ConvertTo-Json of connections, endpoints, Get-ItemProperty",
	ps_json_sniff, ps_json_parse, 0
};
