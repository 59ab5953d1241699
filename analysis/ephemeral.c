/*
 * Pinned ports inside the pools the stack hands out by itself: the
 * ephemeral range (Winsock allocates from the bottom up, so its low end is
 * taken first at boot), excluded ranges (a bind there fails with 10013),
 * and a pool more than half used.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define EPHEMERAL_LOW_END	100	/* first ports of the pool at risk */

/*
 * The variant for the host's era, whose remedies differ: "VARIANT.nt" on
 * NT 4.0 (no ReservedPorts), "VARIANT.legacy" on 2000 to 2003
 * (ReservedPorts works, ignored after an upgrade), VARIANT on Vista and
 * later (netsh exclusions).  The wording falls back to VARIANT.
 */
static const char *
ephemeral_era(struct audit *a, const struct hostinfo *hi, const char *variant)
{
	const char	*era;
	char		 buf[64];

	if (hi->os.fam != OSF_WINDOWS || !hi->os.legacy)
		return (variant);
	era = hi->os.reserved_ok ? "legacy" : "nt";
	snprintf(buf, sizeof(buf), "%s.%s", variant, era);
	return (arena_strdup(a->fleet->arena, buf));
}

static void
ephemeral_one(struct audit *a, struct hostinfo *hi, const struct hrec *h,
    int pi)
{
	const struct settingrec	*s = &h->rec->u.set;
	const struct prange	*eph = &hi->ephemeral[pi], *cover = NULL;
	struct finding		*f;
	const char		*variant;
	enum severity		 sev;
	int			 reserved;

	reserved = (rangeset_has(&hi->reserved[pi], s->port, &cover) &&
	    (hi->os.reserved_ok || hi->os.fam != OSF_WINDOWS)) ||
	    (rangeset_has(&hi->excluded[pi], s->port, &cover) &&
	    cover->administered);
	if (reserved) {
		sev = SEV_LOW;
		variant = "reserved";
	} else if (s->port < eph->first + EPHEMERAL_LOW_END) {
		sev = SEV_HIGH;
		variant = "low-end";
	} else if (hi->highest_used[pi] >= s->port) {
		sev = SEV_HIGH;
		variant = "in-use";
	} else {
		sev = SEV_MEDIUM;
		variant = "inside";
	}
	variant = ephemeral_era(a, hi, variant);
	f = finding_add(a, &rule_fixed_port_in_ephemeral, hi, s->proto,
	    s->port, rule_setting_service(s));
	f->sev = sev;
	rule_setting_vars(a, f, h);
	finding_var(a, f, "variant", "%s", variant);
	finding_var(a, f, "offset", "%d", s->port - eph->first);
	finding_var(a, f, "highest_used", "%d", hi->highest_used[pi]);
	finding_var(a, f, "used", "%lu", hi->used_ephemeral[pi]);
	rule_range_vars(a, f, eph);
	if (cover != NULL && !reserved)
		finding_var(a, f, "ignored_reservation", "%s",
		    rule_range_text(a, cover));
	if (cover != NULL)
		finding_evidence_origin(a, f, &cover->from);
}

static void
ephemeral_setting(struct audit *a, struct hostinfo *hi, const struct hrec *h,
    int pi)
{
	if (ranges_in_ephemeral(hi, pi, h->rec->u.set.port))
		ephemeral_one(a, hi, h, pi);
}

static void
ephemeral_check(struct audit *a)
{
	rule_each_setting(a, ephemeral_setting);
}

const struct rule rule_fixed_port_in_ephemeral = {
	"fixed-port-in-ephemeral", "ephemeral", SEV_HIGH,
	"Fixed port inside the ephemeral range",
	"The pinned port lies in the range the stack hands out to any "
	"program that connects or binds to port 0.  Winsock and RPC allocate "
	"from the bottom up, so the first ports of the range go first at "
	"boot, before the service starts (KB 180795, KB 194952).",
	ephemeral_check,
	RULE_HOST
};

static void
excluded_setting(struct audit *a, struct hostinfo *hi, const struct hrec *h,
    int pi)
{
	const struct settingrec	*s = &h->rec->u.set;
	const struct prange	*cover;
	struct finding		*f;

	if (!rangeset_has(&hi->excluded[pi], s->port, &cover) ||
	    cover->administered)
		return;
	f = finding_add(a, &rule_fixed_port_excluded, hi, s->proto, s->port,
	    rule_setting_service(s));
	rule_setting_vars(a, f, h);
	rule_range_vars(a, f, cover);
}

static void
excluded_check(struct audit *a)
{
	rule_each_setting(a, excluded_setting);
}

const struct rule rule_fixed_port_excluded = {
	"fixed-port-excluded", "ephemeral", SEV_CRITICAL,
	"Fixed port inside an excluded port range",
	"The pinned port lies in a range that netsh lists as excluded but "
	"not administered, typically a block Hyper-V, WinNAT or Docker "
	"reserved at boot.  A bind there fails with WSAEACCES 10013 although "
	"nothing listens (KB 3039044).",
	excluded_check,
	RULE_HOST
};

static void
pressure_check(struct audit *a)
{
	const struct prange	*eph;
	struct hostinfo		*hi;
	struct finding		*f;
	size_t			 h;
	int			 pi, size;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (pi = 0; pi < PI__MAX; pi++) {
			eph = &hi->ephemeral[pi];
			size = eph->last - eph->first + 1;
			if (eph->first <= 0 ||
			    hi->used_ephemeral[pi] * 2 <= (unsigned long)size)
				continue;
			f = finding_add(a, &rule_ephemeral_pressure, hi,
			    pi == PI_TCP ? PROTO_TCP : PROTO_UDP, -1, NULL);
			finding_var(a, f, "proto", "%s",
			    pi == PI_TCP ? "tcp" : "udp");
			finding_var(a, f, "used", "%lu",
			    hi->used_ephemeral[pi]);
			finding_var(a, f, "size", "%d", size);
			finding_var(a, f, "percent", "%lu",
			    hi->used_ephemeral[pi] * 100 / size);
			finding_var(a, f, "host", "%s", hi->host->name);
			rule_range_vars(a, f, eph);
		}
	}
}

const struct rule rule_ephemeral_pressure = {
	"ephemeral-pressure", "ephemeral", SEV_MEDIUM,
	"Ephemeral port pool more than half used",
	"More than half of the host's ephemeral ports were in use when "
	"netstat ran.  A busy pool hands out every port of its range sooner, "
	"pinned ones included, and can run dry.",
	pressure_check,
	RULE_HOST
};
