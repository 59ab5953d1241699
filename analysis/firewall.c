/*
 * The firewall policy: a pinned port outside the ranges the policy allows
 * for the host's site cannot be reached through the site's firewall.
 */
#include <stdio.h>

#include "portaudit.h"
#include "analysis.h"

static void
firewall_setting(struct audit *a, struct hostinfo *hi, const struct hrec *h,
    int pi)
{
	const struct settingrec	*s = &h->rec->u.set;
	const struct rangeset	*allowed;
	struct finding		*f;

	if ((allowed = policy_allowed(a->policy, hi->site, pi)) == NULL ||
	    rangeset_has(allowed, s->port, NULL))
		return;
	f = finding_add(a, &rule_fixed_port_outside_policy, hi, s->proto,
	    s->port, rule_setting_service(s));
	rule_setting_vars(a, f, h);
	finding_var(a, f, "site", "%s", hi->site);
}

static void
firewall_check(struct audit *a)
{
	rule_each_setting(a, firewall_setting);
}

const struct rule rule_fixed_port_outside_policy = {
	"fixed-port-outside-policy", "firewall", SEV_MEDIUM,
	"Fixed port outside the site's firewall policy",
	"The policy file lists the port ranges the site's firewall allows; a "
	"service pinned outside them cannot be reached from the other side.",
	firewall_check,
	RULE_HOST
};
