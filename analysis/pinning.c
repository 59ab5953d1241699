/*
 * Active Directory's RPC ports pinned by halves.  KB 224196 restricts AD
 * RPC traffic with two values set together, NTDS "TCP/IP Port" and
 * Netlogon "DCTcpipPort" (clients use both the Netlogon interface and
 * SAMR, LSARPC and DRS), and says FRS usually needs its own fixed port
 * too, since it replicates SYSVOL with the same domain controllers.  With
 * one of them left dynamic, a firewall opened for the pinned ports still
 * blocks logons or replication.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

enum pin_which {
	PIN_NTDS = 0,
	PIN_NETLOGON,
	PIN_FRS,
	PIN__MAX
};

static const struct pin_value {
	const char	*service;
	const char	*value;
} pin_values[PIN__MAX] = {
	{ "NTDS", "TCP/IP Port" },
	{ "Netlogon", "DCTcpipPort" },
	{ "NTFRS", "RPC TCP/IP Port Assignment" },
};

/* The host's valid pin of each of the three values, or NULL. */
static void
pin_find(const struct hostinfo *hi, const struct hrec **pins)
{
	const struct settingrec	*s;
	size_t			 i;
	int			 k;

	for (k = 0; k < PIN__MAX; k++)
		pins[k] = NULL;
	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->port <= 0 || s->proto != PROTO_TCP || s->name == NULL ||
		    s->service == NULL)
			continue;
		for (k = 0; k < PIN__MAX; k++)
			if (pins[k] == NULL && util_strcasecmp_ascii(s->service,
			    pin_values[k].service) == 0 &&
			    util_strcasecmp_ascii(s->name, pin_values[k].value) ==
			    0)
				pins[k] = &hi->settings.v[i];
	}
}

static struct finding *
pin_report(struct audit *a, struct hostinfo *hi, const struct hrec *pinned,
    enum pin_which missing, const char *variant)
{
	struct finding	*f;

	f = finding_add(a, &rule_pin_pair_incomplete, hi, PROTO_TCP,
	    pinned->rec->u.set.port, pin_values[missing].service);
	rule_setting_vars(a, f, pinned);
	finding_var(a, f, "variant", "%s", variant);
	finding_var(a, f, "missing", "%s", pin_values[missing].value);
	finding_var(a, f, "missing_service", "%s",
	    pin_values[missing].service);
	return (f);
}

static void
pin_host(struct audit *a, struct hostinfo *hi)
{
	const struct hrec	*pins[PIN__MAX];
	struct finding		*f;

	pin_find(hi, pins);
	if (pins[PIN_NTDS] != NULL && pins[PIN_NETLOGON] == NULL)
		pin_report(a, hi, pins[PIN_NTDS], PIN_NETLOGON, "no-netlogon");
	if (pins[PIN_NETLOGON] != NULL && pins[PIN_NTDS] == NULL)
		pin_report(a, hi, pins[PIN_NETLOGON], PIN_NTDS, "no-ntds");
	if ((pins[PIN_NTDS] == NULL && pins[PIN_NETLOGON] == NULL) ||
	    pins[PIN_FRS] != NULL || hi->frs != 1)
		return;
	f = pin_report(a, hi, pins[PIN_NTDS] != NULL ? pins[PIN_NTDS] :
	    pins[PIN_NETLOGON], PIN_FRS, "frs-dynamic");
	finding_evidence_origin(a, f, &hi->frs_from);
}

static void
pin_check(struct audit *a)
{
	struct hostinfo	*hi;
	size_t		 h;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		/* On a member server the NTDS port is setting-ineffective's. */
		if (hi->host->reference || hi->dc == DC_NO)
			continue;
		pin_host(a, hi);
	}
}

const struct rule rule_pin_pair_incomplete = {
	"pin-pair-incomplete", "pinning", SEV_MEDIUM,
	"Active Directory RPC ports pinned by halves",
	"NTDS \"TCP/IP Port\" is pinned without Netlogon's DCTcpipPort or the "
	"reverse, or both are pinned while FRS, which replicates SYSVOL with "
	"the same domain controllers, stays on a dynamic port.  KB 224196 "
	"asks for both values and both ports open, and usually a fixed FRS "
	"port too; a firewall opened for the pinned ports alone still blocks "
	"logons or replication.",
	pin_check,
	RULE_HOST
};
