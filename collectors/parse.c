/*
 * The line walk every text collector uses, and the accounting that makes
 * sure no line is lost: each line ends up counted once as a record line, a
 * recognised non-record line or an unparsed line.  A line a collector
 * forgot to classify is counted as unparsed with a diagnostic.
 */
#include <string.h>

#include "portaudit.h"
#include "collector.h"

#define PARSE_LINE_MAX	(1024 * 1024)	/* bytes of a line a collector sees */

enum parse_cls {
	CLS_NONE = 0,
	CLS_RECORD,
	CLS_KNOWN,
	CLS_UNPARSED
};

void
parse_init(struct parse *p, struct fleet *f, struct input *in)
{
	memset(p, 0, sizeof(*p));
	p->fleet = f;
	p->in = in;
	p->file = in->path;
	if (in->buf == NULL)		/* a hive: no text, and no NULL + 0 */
		return;
	p->pos = in->buf;
	p->end = in->buf + in->len;
	p->cr_only = in->len > 0 && memchr(in->buf, '\n', in->len) == NULL &&
	    memchr(in->buf, '\r', in->len) != NULL;
}

static unsigned long *
parse_counter(struct input *in, int cls)
{
	switch (cls) {
	case CLS_RECORD:
		return (&in->lines_record);
	case CLS_KNOWN:
		return (&in->lines_known);
	default:
		return (&in->lines_unparsed);
	}
}

/* Move the current line to class cls; a record line stays one unless it
 * turns out unparsed. */
static void
parse_classify(struct parse *p, int cls)
{
	if (p->line == NULL || p->cls == cls)
		return;
	if (p->cls == CLS_RECORD && cls == CLS_KNOWN)
		return;
	if (p->cls != CLS_NONE)
		(*parse_counter(p->in, p->cls))--;
	(*parse_counter(p->in, cls))++;
	p->cls = cls;
}

static struct record *
parse_append(struct parse *p, enum rkind kind, unsigned line,
    const char *text)
{
	struct record	*r;
	struct input	*in = p->in;

	r = arena_alloc(p->fleet->arena, sizeof(*r));
	r->kind = kind;
	r->line = line;
	r->text = text;
	r->in = in;
	if (in->last == NULL)
		in->first = r;
	else
		in->last->next = r;
	in->last = r;
	if (kind != REC_UNPARSED)
		in->records++;
	return (r);
}

static void
parse_account_left(struct parse *p)
{
	struct record	*r;

	if (p->line == NULL || p->cls != CLS_NONE)
		return;
	r = parse_append(p, REC_UNPARSED, p->lineno, p->line);
	r->u.unp.code = DIAG_UNCLASSIFIED;
	parse_classify(p, CLS_UNPARSED);
	diag(p->in, p->lineno, DIAG_UNCLASSIFIED, NULL);
}

/*
 * A line over PARSE_LINE_MAX bytes is counted like any other but handed on
 * cut at the limit (on a UTF-8 character boundary), so no collector works
 * on an unbounded line; said once per line.
 */
static size_t
parse_cut(struct parse *p, const char *line, size_t len)
{
	size_t	 cut = PARSE_LINE_MAX;

	while (cut > 0 && ((unsigned char)line[cut] & 0xc0) == 0x80)
		cut--;
	diag(p->in, p->lineno, DIAG_LINE_LONG, "%zu bytes, cut at %zu", len,
	    cut);
	return (cut);
}

char *
parse_next_line(struct parse *p, size_t *lenp)
{
	char	*nl, *line;
	size_t	 len;

	parse_account_left(p);
	if (p->pos >= p->end) {
		p->line = NULL;
		return (NULL);
	}
	line = p->pos;
	nl = memchr(line, p->cr_only ? '\r' : '\n', p->end - line);
	if (nl == NULL)
		nl = p->end;
	len = nl - line;
	if (!p->cr_only && len > 0 && line[len - 1] == '\r')
		len--;
	p->pos = nl + 1;
	p->lineno++;
	p->cls = CLS_NONE;
	p->in->lines++;
	if (len > PARSE_LINE_MAX)
		len = parse_cut(p, line, len);
	line[len] = '\0';
	p->line = line;
	p->len = len;
	if (lenp != NULL)
		*lenp = len;
	return (line);
}

void
parse_finish(struct parse *p)
{
	parse_account_left(p);
	p->line = NULL;
	diag_input_done(p->in);
}

void
parse_known(struct parse *p)
{
	parse_classify(p, CLS_KNOWN);
}

void
parse_warn(struct parse *p, int code, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vdiag(p->in, p->lineno, code, fmt, ap);
	va_end(ap);
}

void
parse_unparsed(struct parse *p, int code, const char *fmt, ...)
{
	struct record	*r;
	va_list		 ap;

	if (p->line == NULL)
		return;
	if (p->cls != CLS_UNPARSED) {
		r = parse_append(p, REC_UNPARSED, p->lineno, p->line);
		r->u.unp.code = code;
	}
	parse_classify(p, CLS_UNPARSED);
	va_start(ap, fmt);
	vdiag(p->in, p->lineno, code, fmt, ap);
	va_end(ap);
}

struct record *
rec_add(struct parse *p, enum rkind kind)
{
	if (p->line == NULL)
		return (rec_add_at(p, kind, p->lineno, ""));
	if (p->cls != CLS_UNPARSED)
		parse_classify(p, CLS_RECORD);
	return (parse_append(p, kind, p->lineno, p->line));
}

struct record *
rec_add_at(struct parse *p, enum rkind kind, unsigned line, const char *text)
{
	return (parse_append(p, kind, line, text));
}

char *
parse_strndup(struct parse *p, const char *s, size_t n)
{
	return (arena_strndup(p->fleet->arena, s, n));
}

const char *
parse_intern(struct parse *p, const char *s, size_t n)
{
	return (fleet_intern(p->fleet, s, n));
}

/* The number of lines parse_next_line() would return for the input. */
unsigned long
parse_count_lines(const struct input *in)
{
	const char	*s = in->buf, *end = in->buf + in->len, *nl;
	unsigned long	 n = 0;
	int		 sep;

	sep = in->len > 0 && memchr(s, '\n', in->len) == NULL &&
	    memchr(s, '\r', in->len) != NULL ? '\r' : '\n';
	while (s < end) {
		n++;
		if ((nl = memchr(s, sep, end - s)) == NULL)
			break;
		s = nl + 1;
	}
	return (n);
}
