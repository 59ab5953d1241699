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

/* Order within a group: site (none first), host, port. */
static int
cons_site_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return ((a != NULL) - (b != NULL));
	return (strcmp(a, b));
}

static int
cons_host_cmp(const void *pa, const void *pb)
{
	const struct cons_item	*a = pa, *b = pb;
	int			 c;

	if ((c = cons_site_cmp(a->hi->site, b->hi->site)) != 0)
		return (c);
	if (a->hi != b->hi)
		return (a->hi < b->hi ? -1 : 1);
	return (a->port - b->port);
}

/* One host of a group: its port when all its items agree, else -1 (a
 * host with two values, such as RDP's current and legacy keys, takes no
 * side when the usual port is counted). */
struct cons_host {
	const struct hostinfo	*hi;
	int			 port;
};

static int
cons_int_cmp(const void *a, const void *b)
{
	return (*(const int *)a - *(const int *)b);
}

/*
 * The port most of these hosts use, when at least two do and no other port
 * is as common; -1 when there is no clear usual port.  ports is scratch.
 */
static int
cons_mode(const struct cons_host *h, size_t n, int *ports, int *count)
{
	size_t	 i, k = 0, run;
	int	 best = -1, bestn = 0, tie = 0;

	for (i = 0; i < n; i++)
		if (h[i].port >= 0)
			ports[k++] = h[i].port;
	qsort(ports, k, sizeof(*ports), cons_int_cmp);
	for (i = 0; i < k; i += run) {
		for (run = 1; i + run < k && ports[i + run] == ports[i]; run++)
			;
		if ((int)run > bestn) {
			best = ports[i];
			bestn = (int)run;
			tie = 0;
		} else if ((int)run == bestn)
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
    int count, int n, const char *scope, enum severity sev)
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
	finding_var(a, f, "total", "%d", n);
}

/*
 * Within a group of one setting: a host that deviates from its site's
 * usual port (medium); else, when its site has no usual port, from the
 * fleet's (low).  Sorting by site and host makes it O(n log n).
 */
static void
cons_group(struct audit *a, struct cons_item *v, size_t n)
{
	struct cons_host	*h;
	int			*ports, fmode, fcount, smode, scount;
	size_t			 i, nh = 0, s0, s1;

	qsort(v, n, sizeof(*v), cons_host_cmp);
	h = xcalloc(n, sizeof(*h));
	ports = xcalloc(n, sizeof(*ports));
	for (i = 0; i < n; i++) {
		if (nh > 0 && h[nh - 1].hi == v[i].hi) {
			if (h[nh - 1].port != v[i].port)
				h[nh - 1].port = -1;
			continue;
		}
		h[nh].hi = v[i].hi;
		h[nh].port = v[i].port;
		nh++;
	}
	fmode = cons_mode(h, nh, ports, &fcount);
	for (s0 = 0, i = 0; s0 < nh; s0 = s1) {
		for (s1 = s0 + 1; s1 < nh && cons_site_cmp(h[s1].hi->site,
		    h[s0].hi->site) == 0; s1++)
			;
		smode = h[s0].hi->site != NULL ?
		    cons_mode(h + s0, s1 - s0, ports, &scount) : -1;
		/* The items of this site's hosts (contiguous in v, in the
		 * same order), one per distinct host and port. */
		for (; i < n && cons_site_cmp(v[i].hi->site,
		    h[s0].hi->site) == 0; i++) {
			if (i > 0 && v[i - 1].hi == v[i].hi &&
			    v[i - 1].port == v[i].port)
				continue;
			if (smode >= 0) {
				if (v[i].port != smode)
					cons_report(a, &v[i], smode, scount,
					    (int)(s1 - s0), v[i].hi->site,
					    SEV_MEDIUM);
			} else if (fmode >= 0 && v[i].port != fmode)
				cons_report(a, &v[i], fmode, fcount, (int)nh,
				    "the fleet", SEV_LOW);
		}
	}
	free(ports);
	free(h);
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
