/*
 * Consistency: one setting (the same service and value) pinned to
 * different ports on the hosts of one site (medium) or of the fleet (low).
 * One firewall rule or one X.400 connector covers them all, so a lone
 * deviation is a gap; a value that reads as the others' number typed in
 * hexadecimal is said so (regedit's DWORD dialog starts in hex).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

struct cons_item {
	const struct hostinfo	*hi;
	const struct hrec	*h;
	const char		*service;
	const char		*value;
	int			 port;
	enum proto		 proto;
};

static int
cons_cmp(const void *pa, const void *pb)
{
	const struct cons_item	*a = pa, *b = pb;
	int			 c;

	if ((c = strcmp(a->service, b->service)) != 0)
		return (c);
	if ((c = util_strcasecmp_ascii(a->value, b->value)) != 0)
		return (c);
	return ((int)a->proto - (int)b->proto);
}

static int
cons_same_setting(const struct cons_item *a, const struct cons_item *b)
{
	return (cons_cmp(a, b) == 0);
}

/* Whether a host of the group belongs to site (NULL: any). */
static int
cons_in(const struct cons_item *it, const char *site)
{
	return (site == NULL || (it->hi->site != NULL &&
	    strcmp(it->hi->site, site) == 0));
}

/*
 * The port most hosts of the group (in site) use, when at least two do and
 * no other port is as common; -1 when the group has no clear usual port.
 */
static int
cons_mode(const struct cons_item *v, size_t n, const char *site, int *count)
{
	size_t	 i, j;
	int	 best = -1, bestn = 0, tie = 0, c;

	for (i = 0; i < n; i++) {
		if (!cons_in(&v[i], site) || v[i].port == best)
			continue;
		for (c = 0, j = 0; j < n; j++)
			c += v[j].port == v[i].port && cons_in(&v[j], site);
		if (c > bestn) {
			best = v[i].port;
			bestn = c;
			tie = 0;
		} else if (c == bestn)
			tie = 1;
	}
	*count = bestn;
	return (bestn >= 2 && !tie ? best : -1);
}

/* 0x1200 = 4608 where 1200 was meant: hex digits read as decimal. */
static int
cons_radix_slip(int port, int meant)
{
	char	 hex[16];

	snprintf(hex, sizeof(hex), "%x", port);
	return (strspn(hex, "0123456789") == strlen(hex) && atoi(hex) == meant);
}

static void
cons_report(struct audit *a, const struct cons_item *it, int mode,
    int count, size_t n, const char *scope, enum severity sev)
{
	struct finding	*f;

	f = finding_add(a, &rule_fixed_port_inconsistent, it->hi, it->proto,
	    it->port, it->service);
	f->sev = sev;
	rule_setting_vars(a, f, it->h);
	finding_var(a, f, "variant", "%s", cons_radix_slip(it->port, mode) ?
	    "radix" : "differs");
	finding_var(a, f, "scope", "%s", scope);
	finding_var(a, f, "usual", "%d", mode);
	finding_var(a, f, "usual_hex", "%x", it->port);
	finding_var(a, f, "count", "%d", count);
	finding_var(a, f, "total", "%zu", n);
}

/*
 * Within a group of one setting: a host that deviates from its site's
 * usual port (medium); else, when its site has no usual port, from the
 * fleet's (low).
 */
static void
cons_group(struct audit *a, const struct cons_item *v, size_t n)
{
	const char	*site;
	size_t		 i, j, insite;
	int		 mode, count;

	for (i = 0; i < n; i++) {
		site = v[i].hi->site;
		if (site != NULL) {
			for (insite = 0, j = 0; j < n; j++)
				insite += cons_in(&v[j], site);
			mode = cons_mode(v, n, site, &count);
			if (mode >= 0) {
				if (v[i].port != mode)
					cons_report(a, &v[i], mode, count,
					    insite, site, SEV_MEDIUM);
				continue;
			}
		}
		mode = cons_mode(v, n, NULL, &count);
		if (mode >= 0 && v[i].port != mode)
			cons_report(a, &v[i], mode, count, n, "the fleet",
			    SEV_LOW);
	}
}

static void
cons_check(struct audit *a)
{
	struct cons_item	*v = NULL;
	const struct settingrec	*s;
	size_t			 n = 0, h, i, start;

	for (h = 0; h < a->nhosts; h++)
		for (i = 0; i < a->hosts[h].settings.n; i++) {
			s = &a->hosts[h].settings.v[i].rec->u.set;
			/* Dynamic SQL ports differ by design. */
			if (rule_setting_pi(s) < 0 || (s->name != NULL &&
			    util_strcasecmp_ascii(s->name,
			    "TcpDynamicPorts") == 0))
				continue;
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n].hi = &a->hosts[h];
			v[n].h = &a->hosts[h].settings.v[i];
			v[n].service = rule_setting_service(s);
			v[n].value = s->name != NULL ? s->name : "";
			v[n].port = s->port;
			v[n].proto = s->proto;
			n++;
		}
	if (n > 0)
		qsort(v, n, sizeof(*v), cons_cmp);
	for (start = 0; start < n; start = i) {
		for (i = start + 1; i < n && cons_same_setting(&v[start], &v[i]);
		    i++)
			;
		if (i - start > 1)
			cons_group(a, v + start, i - start);
	}
	free(v);
}

const struct rule rule_fixed_port_inconsistent = {
	"fixed-port-inconsistent", "consistency", SEV_MEDIUM,
	"Same setting pinned to different ports across hosts",
	"One setting (the same service and registry value) holds different "
	"ports on hosts of one site (medium) or of the fleet (low).  One "
	"firewall rule or X.400 connector covers them all; the MTA's RFC1006 "
	"port must match on every MTA (KB 161931).",
	cons_check
};
