/*
 * The DNS Server's socket pool (MS08-037 and later): at every start the
 * service binds SocketPoolSize UDP ports (2500 by default) at random in
 * the ephemeral range, for the source ports of its queries.  A service
 * pinned to a UDP port of that range on the same host then fails to start
 * whenever the DNS server took its port first (KB 956188).  The cure is to
 * list the port in SocketPoolExcludedPortRanges (Windows Server 2008 R2
 * and later) or, on 2000 and 2003, in ReservedPorts.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define DNSPOOL_DEFAULT	2500	/* SocketPoolSize when the value is not set */

/* The number of ports the DNS server takes at start. */
static int
dnspool_size(const struct hostinfo *hi)
{
	return (hi->socketpool < 0 ? DNSPOOL_DEFAULT : hi->socketpool);
}

/* Whether the host's DNS Server honours SocketPoolExcludedPortRanges. */
static int
dnspool_exclusions_work(const struct hostinfo *hi)
{
	if (!hi->os_known || hi->os.fam != OSF_WINDOWS)
		return (1);	/* not known: take the value at its word */
	if (hi->os.legacy)
		return (0);
	return (!roles_os_has(hi, "2008") || roles_os_has(hi, "R2"));
}

static void
dnspool_vars(struct audit *a, struct finding *f, const struct hostinfo *hi)
{
	const struct prange	*eph = &hi->ephemeral[PI_UDP];
	int			 size = eph->last - eph->first + 1;
	int			 pool = dnspool_size(hi) < size ?
				    dnspool_size(hi) : size;

	finding_var(a, f, "pool", "%d", dnspool_size(hi));
	finding_var(a, f, "size", "%d", size);
	finding_var(a, f, "percent", "%d", pool * 100 / size);
	rule_range_vars(a, f, eph);
	finding_evidence_origin(a, f, &hi->dns_from);
	if (hi->socketpool_from.rec != NULL)
		finding_evidence_origin(a, f, &hi->socketpool_from);
}

static void
dnspool_setting(struct audit *a, struct hostinfo *hi, const struct hrec *h,
    int pi)
{
	const struct settingrec	*s = &h->rec->u.set;
	const struct prange	*cover = NULL, *netsh = NULL;
	struct finding		*f;
	const char		*variant = NULL;

	if (pi != PI_UDP || hi->dns != 1 || dnspool_size(hi) == 0 ||
	    !ranges_in_ephemeral(hi, PI_UDP, s->port))
		return;
	if (hi->os.reserved_ok &&
	    rangeset_has(&hi->reserved[PI_UDP], s->port, NULL))
		return;		/* KB 956188's cure on 2000 and 2003 */
	if (rangeset_has(&hi->socketpool_excluded, s->port, &cover)) {
		if (dnspool_exclusions_work(hi))
			return;
		variant = "exclusion-ignored";
	} else if (rangeset_has(&hi->excluded[PI_UDP], s->port, &netsh) &&
	    netsh->administered)
		variant = "netsh";
	f = finding_add(a, &rule_dns_socket_pool, hi, s->proto, s->port,
	    rule_setting_service(s));
	rule_setting_vars(a, f, h);
	dnspool_vars(a, f, hi);
	if (variant != NULL)
		finding_var(a, f, "variant", "%s", variant);
	if (cover != NULL) {
		finding_var(a, f, "excluded", "%s", rule_range_text(a, cover));
		finding_evidence_origin(a, f, &cover->from);
	}
	if (netsh != NULL) {
		f->sev = SEV_LOW;
		finding_var(a, f, "excluded", "%s", rule_range_text(a, netsh));
		finding_evidence_origin(a, f, &netsh->from);
	}
}

static void
dnspool_check(struct audit *a)
{
	rule_each_setting(a, dnspool_setting);
}

const struct rule rule_dns_socket_pool = {
	"dns-socket-pool", "dnspool", SEV_HIGH,
	"UDP port inside the DNS server's socket pool",
	"A service is pinned to a UDP port of the ephemeral range on a host "
	"that runs the DNS Server service.  At every start the DNS server "
	"binds SocketPoolSize ports (2500 by default) of that range at random "
	"for its queries, so the pinned service fails to start whenever its "
	"port was drawn (KB 956188), and the failure comes and goes from one "
	"restart to the next.  SocketPoolExcludedPortRanges (2008 R2 and "
	"later) or ReservedPorts (2000, 2003) keeps the port out of the pool.",
	dnspool_check,
	RULE_HOST
};
