/*
 * Where the Rpc\Internet pool sits (KB 154596): Microsoft asks for ports
 * above 5000, since ports below may already be used by other programs,
 * and a pool that shares ports with the ephemeral range loses them to
 * outgoing connections, so it runs dry sooner.  A pinned port inside the
 * pool is fixed-port-in-rpc-range's (rpc.c).
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define RPC_OVERLAP_LOWEST	5000	/* KB 154596: "above port 5000" */

static struct finding *
rpc_overlap_add(struct audit *a, struct hostinfo *hi, int pi,
    const struct prange *r, const char *variant)
{
	struct finding	*f;

	f = finding_add(a, &rule_rpc_range_overlap, hi,
	    pi == PI_TCP ? PROTO_TCP : PROTO_UDP, r->first, "RpcSs");
	finding_var(a, f, "variant", "%s", variant);
	finding_var(a, f, "pool", "%s", rule_range_text(a, r));
	finding_var(a, f, "host", "%s", hi->host->name);
	finding_evidence_origin(a, f, &r->from);
	return (f);
}

static void
rpc_overlap_one(struct audit *a, struct hostinfo *hi, int pi,
    const struct prange *r)
{
	const struct prange	*eph = &hi->ephemeral[pi];
	struct finding		*f;

	if (r->first < RPC_OVERLAP_LOWEST) {
		f = rpc_overlap_add(a, hi, pi, r, "below-5000");
		finding_var(a, f, "below", "%d-%d", r->first,
		    r->last < RPC_OVERLAP_LOWEST ? r->last :
		    RPC_OVERLAP_LOWEST - 1);
	}
	if (eph->first > 0 && r->first <= eph->last && eph->first <= r->last) {
		f = rpc_overlap_add(a, hi, pi, r, "ephemeral");
		finding_var(a, f, "shared", "%d-%d",
		    r->first > eph->first ? r->first : eph->first,
		    r->last < eph->last ? r->last : eph->last);
		rule_range_vars(a, f, eph);
	}
}

static void
rpc_overlap_check(struct audit *a)
{
	struct hostinfo	*hi;
	size_t		 h, i;
	int		 pi;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		if (hi->host->reference)
			continue;
		/* One Ports value gives a tcp and a udp pool: said once. */
		pi = hi->rpc[PI_TCP].n > 0 ? PI_TCP : PI_UDP;
		for (i = 0; i < hi->rpc[pi].n; i++)
			rpc_overlap_one(a, hi, pi, &hi->rpc[pi].v[i]);
	}
}

const struct rule rule_rpc_range_overlap = {
	"rpc-range-overlap", "rpc", SEV_MEDIUM,
	"RPC dynamic port range below 5000 or inside the ephemeral range",
	"The Rpc\\Internet Ports list gives the RPC runtime ports below 5000, "
	"which KB 154596 warns other programs may already use, or ports the "
	"stack also hands to outgoing connections: those are taken from the "
	"pool at random, and RPC servers then fail to register their "
	"endpoints.  A pinned port inside the pool is reported by "
	"fixed-port-in-rpc-range.",
	rpc_overlap_check,
	RULE_HOST
};
