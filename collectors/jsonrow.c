/*
 * JSON inputs walked object by object, with every line accounted.  A
 * cursor runs ahead of the line walk over the untouched text: before the
 * walk reads a line, every JSON object that starts on it is decoded by
 * jansson (json_loadb() with JSON_DISABLE_EOF_CHECK stops at the end of
 * the object and says how many bytes it read), so documents pretty-printed
 * over many lines (osqueryi --json), one long array, and JSON lines of any
 * length (a results log) all read the same way, and nothing but the
 * objects of one line is held in memory.  Top-level arrays are opened: their
 * elements are the rows.  A value that does not parse costs the lines up to
 * the error; the cursor resumes on the next line, or on the error's line
 * when a new object or array starts there (a JSON line cut short).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "collector.h"
#include "rows.h"
#include "scan.h"

/* One object found by the cursor. */
struct jsonrow_el {
	unsigned	 first;		/* line where it starts */
	unsigned	 last;		/* line where it ends */
	json_t		*v;		/* NULL: it did not parse */
	char		 err[JSON_ERROR_TEXT_LENGTH];
};

struct jsonrow_cur {
	const char		*pos;
	const char		*end;
	unsigned		 line;	/* line of pos */
	int			 sep;	/* '\n', or '\r' for old Mac text */
	struct jsonrow_el	*q;	/* decoded, not yet handed out */
	size_t			 nq;
	size_t			 head;
	size_t			 cap;
};

static unsigned
jsonrow_count(const char *s, const char *e, int sep)
{
	unsigned	 n = 0;

	while (s < e && (s = memchr(s, sep, e - s)) != NULL) {
		n++;
		s++;
	}
	return (n);
}

static struct jsonrow_el *
jsonrow_push(struct jsonrow_cur *c)
{
	struct jsonrow_el	*el;

	if (c->head == c->nq)
		c->head = c->nq = 0;
	if (c->nq == c->cap) {
		c->cap = c->cap == 0 ? 16 : c->cap * 2;
		c->q = xrealloc(c->q, c->cap * sizeof(*c->q));
	}
	el = &c->q[c->nq++];
	memset(el, 0, sizeof(*el));
	el->first = c->line;
	return (el);
}

/* Move the cursor to the start of the line after s. */
static void
jsonrow_next_line(struct jsonrow_cur *c, const char *s)
{
	const char	*nl;

	if ((nl = memchr(s, c->sep, c->end - s)) == NULL)
		nl = c->end;
	c->line += jsonrow_count(c->pos, nl, c->sep);
	c->pos = nl;		/* the separator: counted by the step */
}

/* A value that did not parse: its lines run to the error. */
static void
jsonrow_failed(struct jsonrow_cur *c, struct jsonrow_el *el,
    const json_error_t *e)
{
	const char	*at, *bol, *s;

	at = c->pos + ((size_t)e->position < (size_t)(c->end - c->pos) ?
	    (size_t)e->position : (size_t)(c->end - c->pos));
	snprintf(el->err, sizeof(el->err), "%s", e->text);
	for (bol = at; bol > c->pos && bol[-1] != c->sep; bol--)
		continue;
	for (s = bol; s < at && (*s == ' ' || *s == '\t'); s++)
		continue;
	if (bol > c->pos && (*s == '{' || *s == '[')) {
		/* a new value on the error's line: the old one was cut */
		el->last = c->line + jsonrow_count(c->pos, bol, c->sep) - 1;
		c->line = el->last + 1;
		c->pos = bol;
		return;
	}
	jsonrow_next_line(c, at);
	el->last = c->line;
}

static void
jsonrow_decode(struct jsonrow_cur *c)
{
	struct jsonrow_el	*el = jsonrow_push(c);
	json_error_t		 e;
	size_t			 used;

	el->v = json_loadb(c->pos, c->end - c->pos, JSON_DISABLE_EOF_CHECK,
	    &e);
	if (el->v == NULL) {
		jsonrow_failed(c, el, &e);
		return;
	}
	used = (size_t)e.position;
	if (used == 0 || used > (size_t)(c->end - c->pos))
		used = c->end - c->pos;
	c->line += jsonrow_count(c->pos, c->pos + used, c->sep);
	c->pos += used;
	el->last = c->line;
}

/* Decode every object that starts on a line up to upto. */
static void
jsonrow_ahead(struct jsonrow_cur *c, unsigned upto)
{
	int	 ch;

	while (c->pos < c->end && c->line <= upto) {
		ch = (unsigned char)*c->pos;
		if (ch == c->sep) {
			c->line++;
			c->pos++;
		} else if (ch == ' ' || ch == '\t' || ch == '\r' ||
		    ch == '\n' || ch == '\f' || ch == ',' || ch == '[' ||
		    ch == ']')
			c->pos++;
		else if (ch == '{')
			jsonrow_decode(c);
		else
			jsonrow_next_line(c, c->pos);	/* not JSON */
	}
}

/* glog's "W1206 10:00:00.123456 4242 file.cpp:12] text". */
static int
jsonrow_glog(const char *s, size_t n)
{
	return (n > 6 && strchr("IWEF", s[0]) != NULL &&
	    scan_digits(s + 1, 4) && s[5] == ' ');
}

/* A line outside every object. */
static void
jsonrow_other(struct parse *p, const char *line, size_t len)
{
	if (strspn(line, " \t\r[]{},") == len || jsonrow_glog(line, len))
		parse_known(p);
	else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, "not JSON");
}

const char *
jsonrow_dump(struct parse *p, const json_t *v)
{
	const char	*t;
	char		*s;

	if ((s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		return (NULL);
	t = parse_strndup(p, s, strlen(s));
	free(s);
	return (t);
}

/* Hand out the objects that start on the current line. */
static int
jsonrow_emit(struct parse *p, struct jsonrow_cur *c, jsonrow_fn fn,
    void *arg, struct jsonrow_el *span)
{
	struct jsonrow_el	*el;
	int			 any = 0;

	while (c->head < c->nq && c->q[c->head].first <= p->lineno) {
		el = &c->q[c->head++];
		*span = *el;
		span->v = el->v != NULL ? json_null() : NULL;
		any = 1;
		if (el->v == NULL) {
			parse_unparsed(p, DIAG_JSON_SYNTAX, "%s", el->err);
			continue;
		}
		fn(p, el->v, el->first == el->last ? NULL :
		    jsonrow_dump(p, el->v), arg);
		json_decref(el->v);
		if (p->cls == 0)
			parse_known(p);
	}
	return (any);
}

void
jsonrow_walk(struct parse *p, jsonrow_fn fn, void *arg)
{
	struct jsonrow_cur	 c;
	struct jsonrow_el	 span;
	char			*line;
	size_t			 len;

	memset(&c, 0, sizeof(c));
	memset(&span, 0, sizeof(span));
	c.pos = p->pos;
	c.end = p->end;
	c.line = 1;
	c.sep = p->cr_only ? '\r' : '\n';
	for (;;) {
		jsonrow_ahead(&c, p->lineno + 1);
		if ((line = parse_next_line(p, &len)) == NULL)
			break;
		if (jsonrow_emit(p, &c, fn, arg, &span))
			continue;
		if (span.first < p->lineno && p->lineno <= span.last) {
			if (span.v == NULL)
				parse_unparsed(p, DIAG_JSON_SYNTAX, "inside the "
				    "value at line %u", span.first);
			else
				parse_known(p);
			continue;
		}
		jsonrow_other(p, line, len);
	}
	while (c.head < c.nq)
		json_decref(c.q[c.head++].v);
	free(c.q);
}

const char *
jsonrow_str(const json_t *o, const char *key, char *buf, size_t n)
{
	const json_t	*m;
	double		 d;

	if ((m = json_object_get(o, key)) == NULL)
		return (NULL);
	switch (json_typeof(m)) {
	case JSON_STRING:
		return (json_string_value(m));
	case JSON_INTEGER:
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(m));
		return (buf);
	case JSON_REAL:
		d = json_real_value(m);
		if (d == (double)(long long)d)
			snprintf(buf, n, "%lld", (long long)d);
		else
			snprintf(buf, n, "%g", d);
		return (buf);
	case JSON_TRUE:
		return ("true");
	case JSON_FALSE:
		return ("false");
	default:
		return (NULL);
	}
}

const char *
jsonrow_any(const json_t *o, const char *const *keys, char *buf, size_t n)
{
	const char	*s;

	for (; *keys != NULL; keys++)
		if ((s = jsonrow_str(o, *keys, buf, n)) != NULL)
			return (s);
	return (NULL);
}

int
jsonrow_sniff_start(const char *buf, size_t len)
{
	const char	*pos = buf, *end = buf + len, *s;
	size_t		 n, i;
	int		 lines = 0;

	while (lines++ < 50 && (s = scan_line(&pos, end, &n)) != NULL) {
		for (i = 0; i < n && scan_isclass(s[i], SCAN_SPACE); i++)
			continue;
		if (i == n || jsonrow_glog(s + i, n - i))
			continue;
		return (s[i] == '[' || s[i] == '{');
	}
	return (0);
}
