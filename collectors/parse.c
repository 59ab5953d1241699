/*
 * The line walk every text collector uses, and the accounting that makes
 * sure no line is lost: each line ends up counted once as a record line, a
 * recognised non-record line or an unparsed line.  A line a collector
 * forgot to classify is counted as unparsed with a diagnostic.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

/*
 * The knowledge base keeps state across one registry input at a time: the
 * parse that takes it holds it to its parse_finish().  A thread that holds
 * it already (an input fed by hand, never finished) goes on holding it.
 */
static pthread_mutex_t parse_kb_mutex = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int parse_kb_mine;

/*
 * Set while this thread parses side by side with others (fleetread.c):
 * then no parse may find or make hosts, which only a file parsed alone
 * does (collector_multihost()).
 */
static _Thread_local int parse_beside;

#define PARSE_LINE_MAX	(1024 * 1024)	/* bytes of a line a collector sees */
#define PARSE_HOST_MAX	255		/* bytes of a host name from data */

/*
 * The hosts a multi-host input feeds: each host's sub-input, found by the
 * host's address, and the name set last (most records follow the one
 * before them).
 */
struct parse_hosts {
	struct host	**host;		/* open addressing, NULL = empty */
	struct input	**sub;
	size_t		  cap;		/* power of two */
	size_t		  count;
	struct input	 *tail;		/* last of in->subs */
	char		 *last;		/* the name set last, as written */
	size_t		  lastlen;
	struct input	 *lastin;	/* where its records went */
};

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
	p->rin = in;
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
	struct input	*in;

	/* An unparsed line belongs to no host: it stays with the file. */
	in = kind == REC_UNPARSED ? p->in : p->rin;
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
	if (kind != REC_UNPARSED) {
		in->records++;
		if (in != p->in)
			p->in->records++;
	}
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
	nl = (char *)scan_memchr(line, p->cr_only ? '\r' : '\n',
	    p->end - line);
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
	p->rin = p->in;
	if (p->hosts != NULL) {
		free(p->hosts->host);
		free(p->hosts->sub);
		free(p->hosts->last);
		free(p->hosts);
		p->hosts = NULL;
	}
	if (p->kb_locked) {
		parse_kb_mine = 0;
		p->kb_locked = 0;
		pthread_mutex_unlock(&parse_kb_mutex);
	}
	diag_input_done(p->in);
}

static size_t
parse_host_slot(const struct host *h, size_t cap)
{
	uintptr_t	 v = (uintptr_t)h;

	v ^= v >> 17;
	v *= 0x9e3779b97f4a7c15ULL;
	return ((size_t)(v >> 7) & (cap - 1));
}

static void
parse_hosts_put(struct parse_hosts *t, struct host *h, struct input *sub)
{
	size_t	 i;

	for (i = parse_host_slot(h, t->cap); t->host[i] != NULL;
	    i = (i + 1) & (t->cap - 1))
		;
	t->host[i] = h;
	t->sub[i] = sub;
}

static void
parse_hosts_grow(struct parse_hosts *t)
{
	struct host	**oh = t->host;
	struct input	**os = t->sub;
	size_t		  ocap = t->cap, i;

	t->cap = ocap == 0 ? 64 : ocap * 2;
	t->host = xcalloc(t->cap, sizeof(*t->host));
	t->sub = xcalloc(t->cap, sizeof(*t->sub));
	for (i = 0; i < ocap; i++)
		if (oh[i] != NULL)
			parse_hosts_put(t, oh[i], os[i]);
	free(oh);
	free(os);
}

/* The sub-input of this input for host h, made on first use. */
static struct input *
parse_sub(struct parse *p, struct host *h)
{
	struct parse_hosts	*t = p->hosts;
	struct input		*sub;
	size_t			 i;

	if (t->count * 2 >= t->cap)
		parse_hosts_grow(t);
	for (i = parse_host_slot(h, t->cap); t->host[i] != NULL;
	    i = (i + 1) & (t->cap - 1))
		if (t->host[i] == h)
			return (t->sub[i]);
	sub = collect_sub_input(p->fleet, p->in, h);
	t->host[i] = h;
	t->sub[i] = sub;
	t->count++;
	if (t->tail == NULL)
		p->in->subs = sub;
	else
		t->tail->sub_next = sub;
	t->tail = sub;
	p->in->nsubs++;
	return (sub);
}

/*
 * A host name as data gives it, made fit to name a host: blanks at the
 * ends dropped, each control character replaced by '?' and the whole cut
 * to PARSE_HOST_MAX bytes, with a diagnostic when it had to be changed.
 * Returns a malloc'd string, NULL when nothing is left.
 */
static char *
parse_host_clean(struct parse *p, const char *name, size_t len)
{
	char	*s;
	size_t	 i, nctl = 0;

	while (len > 0 && (*name == ' ' || *name == '\t'))
		name++, len--;
	while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	if (len == 0)
		return (NULL);
	if (len > PARSE_HOST_MAX) {
		parse_warn(p, DIAG_HOST_NAME, "%zu bytes, cut at %d", len,
		    PARSE_HOST_MAX);
		len = PARSE_HOST_MAX;
		while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
			len--;
	}
	s = xstrndup(name, len);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			s[i] = '?';
			nctl++;
		}
	if (nctl > 0)
		parse_warn(p, DIAG_HOST_NAME, "%zu control characters in %s",
		    nctl, s);
	return (s);
}

void
parse_set_host(struct parse *p, const char *name, size_t len)
{
	struct parse_hosts	*t;
	struct host		*h;
	struct arena		*was;
	char			*clean;

	if (name == NULL || len == 0) {
		p->rin = p->in;
		return;
	}
	if (parse_beside) {
		/* A collector missing from collector_multihost(). */
		fprintf(stderr, "portaudit: %s: internal error: hosts made "
		    "by a parse beside others\n", p->in->path);
		abort();
	}
	if ((t = p->hosts) == NULL)
		t = p->hosts = xcalloc(1, sizeof(*p->hosts));
	if (t->last != NULL && t->lastlen == len &&
	    memcmp(t->last, name, len) == 0) {
		p->rin = t->lastin;
		return;
	}
	if ((clean = parse_host_clean(p, name, len)) == NULL)
		p->rin = p->in;
	else {
		/* Hosts and their inputs outlive a scratch arena. */
		was = arena_redirect(NULL);
		h = fleet_host_named(p->fleet, p->in->host->site, clean);
		p->rin = h == p->in->host ? p->in : parse_sub(p, h);
		arena_redirect(was);
		free(clean);
	}
	free(t->last);
	t->last = xstrndup(name, len);
	t->lastlen = len;
	t->lastin = p->rin;
}

void
parse_set_beside(int on)
{
	parse_beside = on;
}

/* Hold the knowledge base for this input until parse_finish(). */
void
parse_lock_kb(struct parse *p)
{
	if (p->kb_locked || parse_kb_mine)
		return;
	pthread_mutex_lock(&parse_kb_mutex);
	parse_kb_mine = 1;
	p->kb_locked = 1;
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

void
parse_unparsed_quiet(struct parse *p, int code)
{
	struct record	*r;

	if (p->line == NULL || p->cls == CLS_UNPARSED)
		return;
	r = parse_append(p, REC_UNPARSED, p->lineno, p->line);
	r->u.unp.code = code;
	parse_classify(p, CLS_UNPARSED);
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

void
parse_value_begin(struct parse *p)
{
	if (p->fleet->keep_value == NULL)
		return;
	arena_mark(p->fleet->arena, &p->vmark);
	p->vlast = p->rin->last;
	p->vdiag = p->in->ndiag;
	p->vopen = 1;
}

/*
 * The value's record goes, and the blocks allocated since the mark with
 * it, when it is the only record and said nothing since the mark: no
 * setting, range or diagnostic rests on it.  Its line stays a record line.
 */
void
parse_value_end(struct parse *p, struct record *rec, int used)
{
	struct input	*in = p->rin;

	if (!p->vopen)
		return;
	p->vopen = 0;
	if (used || rec == NULL || rec->kind != REC_REGVALUE ||
	    rec->u.reg.deleted || rec->u.reg.key == NULL ||
	    in->last != rec || rec->in != in ||
	    (p->vlast == NULL ? in->first : p->vlast->next) != rec ||
	    p->in->ndiag != p->vdiag ||
	    p->fleet->keep_value(p->fleet, &rec->u.reg))
		return;
	in->last = p->vlast;
	if (p->vlast == NULL)
		in->first = NULL;
	else
		p->vlast->next = NULL;
	(void)arena_release(p->fleet->arena, &p->vmark);
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

/*
 * Interned strings repeat within an input (its own address, 0.0.0.0,
 * the same peers): a small cache of the last ones, keyed by length and
 * end bytes, spares most of them the fleet's lock, hash and probe.
 */
const char *
parse_intern(struct parse *p, const char *s, size_t n)
{
	size_t	 k;

	if (n == 0)
		return (fleet_intern(p->fleet, s, n));
	k = (n * 7 + (unsigned char)s[0] * 3 + (unsigned char)s[n - 1] * 5 +
	    (unsigned char)s[n / 2]) & 63;
	if (p->icache[k] != NULL && p->icachen[k] == n &&
	    memcmp(p->icache[k], s, n) == 0)
		return (p->icache[k]);
	p->icachen[k] = n;
	return (p->icache[k] = fleet_intern(p->fleet, s, n));
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
