/*
 * The decoded text of a file the audit keeps every record of (a registry
 * export, a services file, netsh or sysctl output): once it is parsed,
 * its records own copies of their lines and the text goes.  Socket lists
 * are compaction's (compact.c); fleet tools' exports, which feed several
 * hosts, keep theirs until compact_finish().
 *
 * Records of one line share its text, and the rules rely on that (one
 * netsh line, two ranges: ineffective.c): they share the copy too.  A file
 * whose records or OS word point into the text elsewhere than at a line
 * start keeps it whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"

static int
keeplines_in(const struct input *in, const char *p)
{
	return (p != NULL && p >= in->buf && p <= in->buf + in->len);
}

static int
keeplines_list_in(const struct input *in, const char *const *v, int n)
{
	int	 i;

	for (i = 0; v != NULL && i < n; i++)
		if (keeplines_in(in, v[i]))
			return (1);
	return (0);
}

/* Whether a record points into the text other than by its line. */
static int
keeplines_points_in(const struct input *in, const struct record *r)
{
	const char	*s[12];
	size_t		 i, n = 0;

	switch (r->kind) {
	case REC_SOCKET:
		s[n++] = r->u.sock.local_addr;
		s[n++] = r->u.sock.local_port_name;
		s[n++] = r->u.sock.remote_addr;
		s[n++] = r->u.sock.remote_port_name;
		s[n++] = r->u.sock.process;
		s[n++] = r->u.sock.service;
		s[n++] = r->u.sock.pid_image;
		break;
	case REC_SETTING:
		s[n++] = r->u.set.key;
		s[n++] = r->u.set.name;
		s[n++] = r->u.set.type;
		s[n++] = r->u.set.service;
		s[n++] = r->u.set.label;
		s[n++] = r->u.set.owner;
		s[n++] = r->u.set.raw;
		s[n++] = r->u.set.scope;
		s[n++] = r->u.set.ignored;
		break;
	case REC_RANGE:
		s[n++] = r->u.rng.setting;
		s[n++] = r->u.rng.peer;
		break;
	case REC_SERVICE:
		s[n++] = r->u.svc.name;
		s[n++] = r->u.svc.proto_name;
		s[n++] = r->u.svc.comment;
		if (keeplines_list_in(in, r->u.svc.aliases,
		    r->u.svc.naliases))
			return (1);
		break;
	case REC_REGVALUE:
		s[n++] = r->u.reg.key;
		s[n++] = r->u.reg.name;
		s[n++] = r->u.reg.type;
		s[n++] = r->u.reg.str;
		if (keeplines_list_in(in, r->u.reg.multi, r->u.reg.nmulti))
			return (1);
		break;
	default:
		break;
	}
	for (i = 0; i < n; i++)
		if (keeplines_in(in, s[i]))
			return (1);
	return (0);
}

/* The copy of a line, shared by the records of that line. */
struct keeplines_map {
	const char	**from;
	const char	**to;
	size_t		  cap;		/* power of two */
};

static const char *
keeplines_copy(struct fleet *f, struct keeplines_map *m, const char *s)
{
	size_t	 i;

	i = ((uintptr_t)s >> 3) * 0x9E3779B97F4A7C15ull >> 20 & (m->cap - 1);
	for (; m->from[i] != NULL; i = (i + 1) & (m->cap - 1))
		if (m->from[i] == s)
			return (m->to[i]);
	m->from[i] = s;
	return (m->to[i] = arena_strdup(f->arena, s));
}

void
keeplines_input(struct fleet *f, struct input *in)
{
	struct keeplines_map	 m;
	struct record		*r;
	size_t			 n = 0;

	if (in->buf == NULL || in->scratch != NULL || in->hold != NULL ||
	    in->parent != NULL || in->subs != NULL || in->same_as != NULL)
		return;
	if (in->os != NULL && (keeplines_in(in, in->os->name) ||
	    keeplines_in(in, in->os->path)))
		return;
	for (r = in->first; r != NULL; r = r->next, n++)
		if (keeplines_points_in(in, r))
			return;
	for (m.cap = 16; m.cap < 2 * n; m.cap *= 2)
		continue;
	m.from = xcalloc(m.cap, sizeof(*m.from));
	m.to = xcalloc(m.cap, sizeof(*m.to));
	for (r = in->first; r != NULL; r = r->next)
		if (keeplines_in(in, r->text))
			r->text = keeplines_copy(f, &m, r->text);
	free(m.from);
	free(m.to);
	free(in->buf);
	in->buf = NULL;
}
