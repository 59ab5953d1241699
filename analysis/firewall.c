/*
 * The firewall policy: a pinned port outside the ranges the policy allows
 * for the host's site cannot be reached through the site's firewall.
 */
#include <stdio.h>

#include "portaudit.h"
#include "analysis.h"

static void
firewall_check(struct audit *a)
{
	const struct rangeset	*allowed;
	const struct settingrec	*s;
	struct hostinfo		*hi;
	struct finding		*f;
	size_t			 h, i;
	int			 pi;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (i = 0; i < hi->settings.n; i++) {
			s = &hi->settings.v[i].rec->u.set;
			if ((pi = rule_setting_pi(s)) < 0 ||
			    (allowed = policy_allowed(a->policy, hi->site,
			    pi)) == NULL ||
			    rangeset_has(allowed, s->port, NULL))
				continue;
			f = finding_add(a, &rule_fixed_port_outside_policy, hi,
			    s->proto, s->port, rule_setting_service(s));
			rule_setting_vars(a, f, &hi->settings.v[i]);
			finding_var(a, f, "site", "%s", hi->site);
		}
	}
}

const struct rule rule_fixed_port_outside_policy = {
	"fixed-port-outside-policy", "firewall", SEV_MEDIUM,
	"Fixed port outside the site's firewall policy",
	"The policy file lists the port ranges the site's firewall allows; a "
	"service pinned outside them cannot be reached from the other side.",
	firewall_check
};
