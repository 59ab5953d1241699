/*
 * Safe ports: the answer an administrator wants before pinning a new
 * service.  A port qualifies when, on every host considered, nothing
 * listens or connects from it, no setting pins it, no services file or
 * port registry names it, and it lies outside every ephemeral, RPC,
 * reserved and excluded range.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

/* Ranges are marked through a difference array: O(1) per range. */
static void
suggest_range(int *diff, int first, int last)
{
	if (first < 0 || last < first || first > 65535)
		return;
	if (last > 65535)
		last = 65535;
	diff[first]++;
	diff[last + 1]--;
}

static void
suggest_set(int *diff, const struct rangeset *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		suggest_range(diff, s->v[i].first, s->v[i].last);
}

static void
suggest_services(int *diff, const struct hrecs *v, enum proto proto)
{
	const struct servicerec	*e;
	size_t			 i;

	for (i = 0; i < v->n; i++) {
		e = &v->v[i].rec->u.svc;
		if (e->port >= 0 && e->proto == proto)
			suggest_range(diff, e->port, e->port_last);
	}
}

static void
suggest_host(int *diff, const struct hostinfo *hi, enum proto proto, int pi)
{
	const struct sockrec	*k;
	const struct settingrec	*s;
	size_t			 i;

	if (hi->ephemeral[pi].first > 0)
		suggest_range(diff, hi->ephemeral[pi].first,
		    hi->ephemeral[pi].last);
	suggest_set(diff, &hi->rpc[pi]);
	suggest_set(diff, &hi->reserved[pi]);
	suggest_set(diff, &hi->excluded[pi]);
	for (i = 0; i < hi->sockets.n; i++) {
		k = &hi->sockets.v[i].rec->u.sock;
		if (k->proto == proto && k->local_port >= 0)
			suggest_range(diff, k->local_port, k->local_port);
	}
	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->proto == proto && s->port > 0)
			suggest_range(diff, s->port, s->port);
	}
	suggest_services(diff, &hi->services, proto);
}

size_t
suggest_ports(const struct audit *a, const char *site, enum proto proto,
    int first, int last, size_t count, struct suggestion *out)
{
	int	*diff, level = 0, port, pi, hosts = 0;
	size_t	 i, n = 0;

	if ((pi = proto_index(proto)) < 0)
		return (0);
	diff = xcalloc(65537, sizeof(*diff));
	for (i = 0; i < a->nhosts; i++) {
		if (site != NULL && (a->hosts[i].site == NULL ||
		    strcmp(a->hosts[i].site, site) != 0))
			continue;
		suggest_host(diff, &a->hosts[i], proto, pi);
		hosts++;
	}
	suggest_services(diff, &a->registry, proto);
	suggest_range(diff, 0, 0);
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
