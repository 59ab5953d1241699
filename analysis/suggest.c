/*
 * Safe ports: the answer an administrator wants before pinning a new
 * service.  A port qualifies when, on every host considered, nothing
 * listens or connects from it, no setting pins it, no services file or
 * port registry names it, and it lies outside every ephemeral, RPC,
 * reserved and excluded range.  Each of these constraints is marked in a
 * difference array of its own, so that a planner can say which of them
 * rules a port out; suggest itself sums them.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

static const char *const suggest_names[SC__MAX] = {
	"system", "ephemeral", "rpc", "reserved", "excluded", "in-use",
	"pinned", "named", "policy", "proposed"
};

const char *
suggest_constraint_name(enum sconstraint c)
{
	return (suggest_names[c]);
}

/* Ranges are marked through a difference array: O(1) per range. */
void
suggest_mark(struct smarks *m, enum sconstraint c, int first, int last)
{
	int	*diff = m->diff[c];

	if (first < 0 || last < first || first > 65535)
		return;
	if (last > 65535)
		last = 65535;
	diff[first]++;
	diff[last + 1]--;
}

static void
suggest_set(struct smarks *m, enum sconstraint c, const struct rangeset *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		suggest_mark(m, c, s->v[i].first, s->v[i].last);
}

void
suggest_mark_named(struct smarks *m, const struct hrecs *v, enum proto proto)
{
	const struct servicerec	*e;
	size_t			 i;

	for (i = 0; i < v->n; i++) {
		e = &v->v[i].rec->u.svc;
		if (e->port >= 0 && e->proto == proto)
			suggest_mark(m, SC_NAMED, e->port, e->port_last);
	}
}

void
suggest_mark_host(struct smarks *m, struct fleet *f,
    const struct hostinfo *hi, enum proto proto)
{
	const struct sockrec	*k;
	const struct settingrec	*s;
	const struct hrecs	*socks;
	struct hrecs		 tmp;
	size_t			 i, j;
	int			 pi = proto_index(proto);

	if (pi < 0)
		return;
	if (hi->ephemeral[pi].first > 0)
		suggest_mark(m, SC_EPHEMERAL, hi->ephemeral[pi].first,
		    hi->ephemeral[pi].last);
	suggest_set(m, SC_RPC, &hi->rpc[pi]);
	suggest_set(m, SC_RESERVED, &hi->reserved[pi]);
	suggest_set(m, SC_EXCLUDED, &hi->excluded[pi]);
	socks = ranges_sockets(f, hi, &tmp);
	for (i = 0; i < socks->n; i++) {
		k = &socks->v[i].rec->u.sock;
		if (k->proto == proto && k->local_port >= 0)
			suggest_mark(m, SC_INUSE, k->local_port,
			    k->local_port);
	}
	/* Connections compaction let go: each port once per list (read
	 * back with the sockets of a parked host). */
	for (i = 0; i < hi->nuses; i++)
		for (j = 0; j < hi->uses[i]->nports[pi]; j++)
			suggest_mark(m, SC_INUSE, hi->uses[i]->ports[pi][j],
			    hi->uses[i]->ports[pi][j]);
	ranges_sockets_end(hi, &tmp);
	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->proto == proto && s->port > 0)
			suggest_mark(m, SC_PINNED, s->port, s->port);
	}
	suggest_mark_named(m, ranges_own_services(hi, &tmp), proto);
	free(tmp.v);
}

size_t
suggest_ports(const struct audit *a, const char *site, enum proto proto,
    int first, int last, size_t count, struct suggestion *out)
{
	struct smarks	 m;
	int		*diff, level = 0, port, hosts = 0, c;
	size_t		 i, n = 0;

	if (proto_index(proto) < 0)
		return (0);
	diff = xcalloc(65537, sizeof(*diff));
	for (c = 0; c < SC__MAX; c++)
		m.diff[c] = diff;	/* one sum is all suggest needs */
	for (i = 0; i < a->nhosts; i++) {
		if (site != NULL && (a->hosts[i].site == NULL ||
		    strcmp(a->hosts[i].site, site) != 0))
			continue;
		suggest_mark_host(&m, a->fleet, &a->hosts[i], proto);
		hosts++;
	}
	suggest_mark_named(&m, &a->registry, proto);
	suggest_mark(&m, SC_SYSTEM, 0, 0);
	for (port = 0; port <= 65535 && n < count; port++) {
		level += diff[port];
		if (level == 0 && port >= first && port <= last) {
			out[n].site = site;
			out[n].proto = proto;
			out[n].port = port;
			out[n].hosts = hosts;
			n++;
		}
	}
	free(diff);
	return (n);
}
