/*
 * Consistency: one setting (the same service and value) pinned to
 * different ports on the hosts of one site (medium) or of the fleet (low).
 * One firewall rule or one X.400 connector covers them all, so a lone
 * deviation is a gap; a value that reads as the others' number typed in
 * hexadecimal is said so (regedit's DWORD dialog starts in hex).
 *
 * A host whose registry holds a service's key without the value uses the
 * product default of data/defaults.csv: it counts towards the usual port
 * (EXCH01 and EXCH02 on the default X.400 port 102 outvote EXCH03's 1102)
 * but, pinning nothing, is never reported itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

struct cons_item {
	const struct hostinfo	*hi;
	const struct hrec	*h;		/* NULL: the default */
	const char		*service;
	const char		*value;
	int			 port;
	enum proto		 proto;
	int			 deflt;		/* the setting's default, or -1 */
	const char		*dsource;	/* where the default is said */
};

/* A default of data/defaults.csv. */
struct cons_default {
	const char	*service;
	const char	*value;
	const char	*key;		/* the key's last components */
	const char	*source;
	enum proto	 proto;
	int		 port;
};

struct cons_defaults {
	struct audit		*a;
	struct cons_default	*v;
	size_t			 n;
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

	if (it->h == NULL)
		return;		/* a default pins nothing */
	f = finding_add(a, &rule_fixed_port_inconsistent, it->hi, it->proto,
	    it->port, it->service);
	f->sev = sev;
	rule_setting_vars(a, f, it->h);
	finding_var(a, f, "variant", "%s", cons_radix_slip(it->port, mode) ?
	    "radix" : mode == it->deflt ? "default" : "differs");
	if (it->deflt >= 0)
		finding_var(a, f, "default_source", "%s", it->dsource);
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
cons_default_row(void *arg, char **c, int n, unsigned line)
{
	struct cons_defaults	*d = arg;
	struct cons_default	*x;
	struct arena		*ar = d->a->fleet->arena;
	const char		*err;
	int			 port;

	if (n < 5 || util_parse_port(c[3], strlen(c[3]), &port, &err) == -1) {
		diag(NULL, 0, DIAG_KB, "defaults.csv:%u: a row needs service, "
		    "value, proto, port and key", line);
		return;
	}
	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	x = &d->v[d->n++];
	x->service = arena_strdup(ar, c[0]);
	x->value = arena_strdup(ar, c[1]);
	x->proto = proto_from(c[2], strlen(c[2]));
	x->port = port;
	x->key = arena_strdup(ar, c[4]);
	x->source = arena_strdup(ar, n > 5 ? c[5] : "");
}

/* Whether a registry key path ends with the components given. */
int
cons_key_ends(const char *key, const char *tail)
{
	size_t	 k = strlen(key), t = strlen(tail);

	return (k > t && key[k - t - 1] == '\\' &&
	    util_strcasecmp_ascii(key + k - t, tail) == 0);
}

/* The default a host relies on: its registry has the key, not the value. */
static int
cons_host_default(const struct hostinfo *hi, const struct cons_default *d)
{
	const struct settingrec	*s;
	const struct record	*r;
	const struct input	*in;
	size_t			 i;
	int			 key = 0;

	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->name != NULL && util_strcasecmp_ascii(s->name,
		    d->value) == 0 && strcmp(rule_setting_service(s),
		    d->service) == 0)
			return (0);
	}
	for (i = 0; i < hi->host->ninputs && !key; i++) {
		in = hi->host->inputs[i];
		/* Registry evidence only: no socket list is walked. */
		if (in->status != INPUT_OK || in->format == NULL ||
		    (strcmp(in->format, "reg") != 0 &&
		    strcmp(in->format, "regquery") != 0 &&
		    strcmp(in->format, "hive") != 0))
			continue;
		for (r = input_src(in)->first; r != NULL && !key; r = r->next)
			key = r->kind == REC_REGVALUE && r->u.reg.key != NULL &&
			    cons_key_ends(r->u.reg.key, d->key);
	}
	return (key);
}

/* Defaults: items for the hosts that rely on them, and the default of
 * each explicit item. */
static void
cons_defaults(struct audit *a, struct cons_item **vp, size_t *np)
{
	struct cons_defaults	 d;
	struct cons_item	*it;
	size_t			 i, k;

	memset(&d, 0, sizeof(d));
	d.a = a;
	rule_data(a, "defaults.csv", cons_default_row, &d);
	for (k = 0; k < d.n; k++) {
		for (i = 0; i < *np; i++) {
			it = &(*vp)[i];
			if (it->h != NULL && it->proto == d.v[k].proto &&
			    strcmp(it->service, d.v[k].service) == 0 &&
			    util_strcasecmp_ascii(it->value, d.v[k].value) ==
			    0) {
				it->deflt = d.v[k].port;
				it->dsource = d.v[k].source;
			}
		}
		for (i = 0; i < a->nhosts; i++) {
			if (a->hosts[i].host->reference ||
			    !cons_host_default(&a->hosts[i], &d.v[k]))
				continue;
			*vp = xrealloc(*vp, (*np + 1) * sizeof(**vp));
			it = &(*vp)[(*np)++];
			memset(it, 0, sizeof(*it));
			it->hi = &a->hosts[i];
			it->service = d.v[k].service;
			it->value = d.v[k].value;
			it->port = d.v[k].port;
			it->proto = d.v[k].proto;
			it->deflt = d.v[k].port;
			it->dsource = d.v[k].source;
		}
	}
	free(d.v);
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
			if (rule_live_pi(&a->hosts[h], s) < 0 ||
			    (s->name != NULL &&
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
			v[n].deflt = -1;
			v[n].dsource = NULL;
			n++;
		}
	cons_defaults(a, &v, &n);
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
	cons_check,
	RULE_FLEET
};
