/*
 * The RPC dynamic port pool restricted through Rpc\Internet (KB 154596):
 * a pinned port inside it will be handed to another RPC server, and a pool
 * under 100 ports runs dry on a busy server.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define RPC_MIN_POOL	100

static void
rpc_setting(struct audit *a, struct hostinfo *hi, const struct hrec *h,
    int pi)
{
	const struct settingrec	*s = &h->rec->u.set;
	const struct prange	*cover;
	struct finding		*f;

	if (!rangeset_has(&hi->rpc[pi], s->port, &cover))
		return;
	f = finding_add(a, &rule_fixed_port_in_rpc_range, hi, s->proto,
	    s->port, rule_setting_service(s));
	rule_setting_vars(a, f, h);
	finding_var(a, f, "range", "%s", rule_range_text(a, cover));
	finding_evidence_origin(a, f, &cover->from);
}

static void
rpc_in_range(struct audit *a)
{
	rule_each_setting(a, rpc_setting);
}

const struct rule rule_fixed_port_in_rpc_range = {
	"fixed-port-in-rpc-range", "rpc", SEV_HIGH,
	"Fixed port inside the RPC dynamic port range",
	"Rpc\\Internet restricts the ports the RPC runtime hands out to "
	"dynamic endpoints; a service pinned to a port of that pool competes "
	"with every other RPC server for it (KB 154596).",
	rpc_in_range,
	RULE_HOST
};

static void
rpc_small(struct audit *a)
{
	struct hostinfo	*hi;
	struct finding	*f;
	size_t		 h, i;
	long		 total;
	int		 pi, lowest;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (pi = 0; pi < PI__MAX; pi++) {
			if (hi->rpc[pi].n == 0)
				continue;
			total = 0;
			lowest = 65536;
			for (i = 0; i < hi->rpc[pi].n; i++) {
				total += hi->rpc[pi].v[i].last -
				    hi->rpc[pi].v[i].first + 1;
				if (hi->rpc[pi].v[i].first < lowest)
					lowest = hi->rpc[pi].v[i].first;
			}
			if (total >= RPC_MIN_POOL)
				continue;
			f = finding_add(a, &rule_rpc_range_small, hi,
			    pi == PI_TCP ? PROTO_TCP : PROTO_UDP, lowest, NULL);
			finding_var(a, f, "proto", "%s",
			    pi == PI_TCP ? "tcp" : "udp");
			finding_var(a, f, "size", "%ld", total);
			finding_var(a, f, "host", "%s", hi->host->name);
			finding_var(a, f, "range", "%s",
			    rule_range_text(a, &hi->rpc[pi].v[0]));
			for (i = 0; i < hi->rpc[pi].n; i++)
				finding_evidence_origin(a, f,
				    &hi->rpc[pi].v[i].from);
		}
	}
}

const struct rule rule_rpc_range_small = {
	"rpc-range-small", "rpc", SEV_MEDIUM,
	"RPC dynamic port range under 100 ports",
	"Microsoft recommends at least 100 ports for the Rpc\\Internet pool; "
	"a smaller pool runs out on a busy server and RPC servers then fail "
	"to register their endpoints (KB 154596).",
	rpc_small,
	RULE_HOST
};
