/*
 * The dynamic port ranges netsh shows (Windows Vista and later).  KB
 * 929851 sets each of the four (TCP and UDP, IPv4 and IPv6) separately,
 * with at least 255 ports and a start of 1025 or more; a range under that
 * was not set by netsh's own checks and either runs dry or hands out the
 * ports of well-known services.  Ranges that differ between protocols or
 * address families mean firewall rules and pinned ports are judged
 * against one range while the stack uses another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define DYNAMICPORT_MIN_PORTS	255	/* KB 929851 */
#define DYNAMICPORT_MIN_START	1025

static const char *
dynamicport_name(const struct rangerec *r)
{
	static const char *const names[3][3] = {
		{ "", "tcp", "udp" },
		{ "ipv4", "ipv4 tcp", "ipv4 udp" },
		{ "ipv6", "ipv6 tcp", "ipv6 udp" },
	};
	int	 p = r->proto == PROTO_TCP ? 1 : r->proto == PROTO_UDP ? 2 : 0;

	return (names[r->family == FAM_IPV4 ? 1 : r->family == FAM_IPV6 ?
	    2 : 0][p]);
}

static void
dynamicport_one(struct audit *a, struct hostinfo *hi, const struct hrec *h)
{
	const struct rangerec	*r = &h->rec->u.rng;
	struct finding		*f;
	const char		*variant;
	int			 size = r->last - r->first + 1;

	if (size < DYNAMICPORT_MIN_PORTS)
		variant = "small";
	else if (r->first < DYNAMICPORT_MIN_START)
		variant = "low-start";
	else
		return;
	f = finding_add(a, &rule_dynamicport_invalid, hi, r->proto, r->first,
	    NULL);
	finding_var(a, f, "variant", "%s", variant);
	finding_var(a, f, "which", "%s", dynamicport_name(r));
	finding_var(a, f, "proto", "%s", proto_name(r->proto));
	finding_var(a, f, "range", "%d-%d", r->first, r->last);
	finding_var(a, f, "start", "%d", r->first);
	finding_var(a, f, "size", "%d", size);
	finding_var(a, f, "host", "%s", hi->host->name);
	finding_evidence(a, f, h->in, h->rec);
}

/* One finding when the ranges netsh shows are not all the same. */
static void
dynamicport_differ(struct audit *a, struct hostinfo *hi)
{
	const struct rangerec	*r, *r0 = &hi->dynamic.v[0].rec->u.rng;
	struct finding		*f;
	char			*list = NULL, *n;
	size_t			 i;
	int			 differ = 0;

	for (i = 1; i < hi->dynamic.n; i++) {
		r = &hi->dynamic.v[i].rec->u.rng;
		differ |= r->first != r0->first || r->last != r0->last;
	}
	if (!differ)
		return;
	f = finding_add(a, &rule_dynamicport_invalid, hi, PROTO_NONE, -1,
	    NULL);
	f->sev = SEV_LOW;
	for (i = 0; i < hi->dynamic.n; i++) {
		r = &hi->dynamic.v[i].rec->u.rng;
		xasprintf(&n, "%s%s%s %d-%d", list != NULL ? list : "",
		    list != NULL ? ", " : "", dynamicport_name(r), r->first,
		    r->last);
		free(list);
		list = n;
		finding_evidence(a, f, hi->dynamic.v[i].in,
		    hi->dynamic.v[i].rec);
	}
	finding_var(a, f, "variant", "differ");
	finding_var(a, f, "ranges", "%s", list);
	finding_var(a, f, "host", "%s", hi->host->name);
	free(list);
}

static void
dynamicport_check(struct audit *a)
{
	struct hostinfo	*hi;
	size_t		 h, i;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		if (hi->host->reference || hi->dynamic.n == 0)
			continue;
		for (i = 0; i < hi->dynamic.n; i++)
			dynamicport_one(a, hi, &hi->dynamic.v[i]);
		dynamicport_differ(a, hi);
	}
}

const struct rule rule_dynamicport_invalid = {
	"dynamicport-invalid", "dynamicport", SEV_HIGH,
	"Dynamic port range outside netsh's limits, or ranges that differ",
	"A dynamic port range shown by netsh holds fewer than 255 ports or "
	"starts below 1025, the limits KB 929851 gives for netsh int ipv4 set "
	"dynamicport: a pool that small runs dry under load, and one that "
	"low hands out ports of well-known services.  Ranges that differ "
	"between TCP and UDP or IPv4 and IPv6 are reported once per host "
	"(low): firewall rules and pinned ports are then judged against one "
	"range while the stack uses another.",
	dynamicport_check,
	RULE_HOST
};
