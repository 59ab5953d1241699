/*
 * The audit policy, an INI file read with inih: the firewall ranges each
 * site allows, waivers (rule, host, port, reason, expiry) and severity
 * overrides.
 *
 *	[site hq]
 *	allow = 1024-1300, 5000-5100
 *	allow_udp = 1024-1300
 *	[severity]
 *	fixed-port-undocumented = info
 *	[waiver exch01-ds]
 *	rule = fixed-port-in-ephemeral
 *	host = EXCH01
 *	port = 1025
 *	reason = moves to 1200 with the next maintenance window
 *	expires = 2027-03-31
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "portaudit.h"
#include "analysis.h"

struct policy_site {
	char		*name;
	struct rangeset	 allow[PI__MAX];
	int		 has_allow[PI__MAX];
};

struct policy_waiver {
	char		*section;
	char		*rule;
	char		*host;		/* "*" or NULL: any host */
	int		 port;		/* -1: any port */
	char		*reason;
	char		*expires;	/* YYYY-MM-DD or NULL */
	unsigned	 used;
};

struct policy_sev {
	const struct rule *rule;
	enum severity	 sev;
};

struct policy {
	const char		*path;
	struct policy_site	*sites;
	size_t			 nsites;
	struct policy_waiver	*waivers;
	size_t			 nwaivers;
	struct policy_sev	*sevs;
	size_t			 nsevs;
	char			*organisation;
	int			 errors;
};

static void
policy_error(struct policy *p, const char *section, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
policy_error(struct policy *p, const char *section, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "portaudit: %s: [%s]: ", p->path, section);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	p->errors++;
}

static struct policy_site *
policy_site(struct policy *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->nsites; i++)
		if (strcmp(p->sites[i].name, name) == 0)
			return (&p->sites[i]);
	p->sites = xrealloc(p->sites, (p->nsites + 1) * sizeof(*p->sites));
	memset(&p->sites[p->nsites], 0, sizeof(*p->sites));
	p->sites[p->nsites].name = xstrdup(name);
	return (&p->sites[p->nsites++]);
}

static struct policy_waiver *
policy_waiver(struct policy *p, const char *section)
{
	size_t	 i;

	for (i = 0; i < p->nwaivers; i++)
		if (strcmp(p->waivers[i].section, section) == 0)
			return (&p->waivers[i]);
	p->waivers = xrealloc(p->waivers,
	    (p->nwaivers + 1) * sizeof(*p->waivers));
	memset(&p->waivers[p->nwaivers], 0, sizeof(*p->waivers));
	p->waivers[p->nwaivers].section = xstrdup(section);
	p->waivers[p->nwaivers].port = -1;
	return (&p->waivers[p->nwaivers++]);
}

/* "1024-1300, 5000" into ranges; -1 on a malformed entry. */
static int
policy_ranges(struct rangeset *s, const char *v)
{
	const char	*p = v, *err;
	size_t		 n;
	int		 first, last;

	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '\0')
			break;
		n = strcspn(p, "-, \t");
		if (util_parse_port(p, n, &first, &err) == -1)
			return (-1);
		p += n;
		last = first;
		if (*p == '-') {
			p++;
			n = strcspn(p, ", \t");
			if (util_parse_port(p, n, &last, &err) == -1 ||
			    last < first)
				return (-1);
			p += n;
		}
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		memset(&s->v[s->n], 0, sizeof(*s->v));
		s->v[s->n].first = first;
		s->v[s->n].last = last;
		s->v[s->n].from.note = "policy";
		s->n++;
	}
	return (0);
}

static int
policy_is_date(const char *s)
{
	int	 i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (0);
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return (0);
	return (1);
}

static void
policy_waiver_key(struct policy *p, const char *section, const char *name,
    const char *value)
{
	struct policy_waiver	*w = policy_waiver(p, section);
	const char		*err;

	if (strcmp(name, "rule") == 0) {
		if (rule_find(value) == NULL)
			policy_error(p, section, "unknown rule %s", value);
		free(w->rule);
		w->rule = xstrdup(value);
	} else if (strcmp(name, "host") == 0) {
		free(w->host);
		w->host = xstrdup(value);
	} else if (strcmp(name, "port") == 0) {
		if (util_parse_port(value, strlen(value), &w->port, &err) == -1)
			policy_error(p, section, "port %s: %s", value, err);
	} else if (strcmp(name, "reason") == 0) {
		free(w->reason);
		w->reason = xstrdup(value);
	} else if (strcmp(name, "expires") == 0) {
		if (!policy_is_date(value))
			policy_error(p, section, "expires %s: not YYYY-MM-DD",
			    value);
		free(w->expires);
		w->expires = xstrdup(value);
	} else
		policy_error(p, section, "unknown key %s", name);
}

static int
policy_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct policy		*p = user;
	struct policy_site	*s;
	const struct rule	*r;
	enum severity		 sev;
	int			 k;

	if (strncmp(section, "site ", 5) == 0) {
		s = policy_site(p, section + 5);
		k = strcmp(name, "allow") == 0 || strcmp(name, "allow_tcp") ==
		    0 ? PI_TCP : strcmp(name, "allow_udp") == 0 ? PI_UDP : -1;
		if (k < 0)
			policy_error(p, section, "unknown key %s", name);
		else if (policy_ranges(&s->allow[k], value) == -1)
			policy_error(p, section, "%s: bad port range in %s",
			    name, value);
		else
			s->has_allow[k] = 1;
	} else if (strcmp(section, "severity") == 0) {
		if ((r = rule_find(name)) == NULL)
			policy_error(p, section, "unknown rule %s", name);
		else if (severity_from(value, &sev) == -1)
			policy_error(p, section, "unknown severity %s", value);
		else {
			p->sevs = xrealloc(p->sevs,
			    (p->nsevs + 1) * sizeof(*p->sevs));
			p->sevs[p->nsevs].rule = r;
			p->sevs[p->nsevs++].sev = sev;
		}
	} else if (strncmp(section, "waiver", 6) == 0)
		policy_waiver_key(p, section, name, value);
	else if (strcmp(section, "policy") == 0 &&
	    strcmp(name, "organisation") == 0) {
		free(p->organisation);
		p->organisation = xstrdup(value);
	} else
		policy_error(p, section, "unknown key %s", name);
	return (1);
}

/* Load the policy; NULL (diagnosed) when it cannot be read or is wrong. */
struct policy *
policy_load(const char *path, struct audit *a)
{
	struct policy	*p;
	size_t		 i;
	int		 rc;

	(void)a;
	p = xcalloc(1, sizeof(*p));
	p->path = path;
	if ((rc = ini_parse(path, policy_handler, p)) != 0) {
		if (rc < 0)
			fprintf(stderr, "portaudit: %s: cannot read the "
			    "policy\n", path);
		else
			fprintf(stderr, "portaudit: %s:%d: policy syntax "
			    "error\n", path, rc);
		p->errors++;
	}
	for (i = 0; i < p->nwaivers; i++)
		if (p->waivers[i].rule == NULL)
			policy_error(p, p->waivers[i].section,
			    "waiver names no rule");
	if (p->errors > 0) {
		policy_free(p);
		return (NULL);
	}
	return (p);
}

void
policy_free(struct policy *p)
{
	size_t	 i;
	int	 k;

	if (p == NULL)
		return;
	for (i = 0; i < p->nsites; i++) {
		free(p->sites[i].name);
		for (k = 0; k < PI__MAX; k++)
			free(p->sites[i].allow[k].v);
	}
	for (i = 0; i < p->nwaivers; i++) {
		free(p->waivers[i].section);
		free(p->waivers[i].rule);
		free(p->waivers[i].host);
		free(p->waivers[i].reason);
		free(p->waivers[i].expires);
	}
	free(p->sites);
	free(p->waivers);
	free(p->sevs);
	free(p->organisation);
	free(p);
}

/*
 * The ranges a site's firewall allows for a protocol; NULL when the policy
 * says nothing of that site (then no finding can be raised).
 */
const struct rangeset *
policy_allowed(const struct policy *p, const char *site, int pi)
{
	size_t	 i;

	if (p == NULL || site == NULL)
		return (NULL);
	for (i = 0; i < p->nsites; i++)
		if (strcmp(p->sites[i].name, site) == 0 &&
		    p->sites[i].has_allow[pi])
			return (&p->sites[i].allow[pi]);
	return (NULL);
}

const char *
policy_organisation(const struct policy *p)
{
	return (p != NULL ? p->organisation : NULL);
}

static int
policy_waiver_matches(const struct policy_waiver *w, const struct finding *f)
{
	return (strcmp(w->rule, f->rule->id) == 0 &&
	    (w->host == NULL || strcmp(w->host, "*") == 0 ||
	    strcmp(w->host, f->hi->host->name) == 0) &&
	    (w->port == -1 || w->port == f->port));
}

/* Severity overrides first, then waivers; an expired waiver no longer
 * hides its finding and says so. */
void
policy_apply(struct audit *a)
{
	struct policy		*p = a->policy;
	struct policy_waiver	*w;
	struct finding		*f;
	size_t			 i, j;

	if (p == NULL)
		return;
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		for (j = 0; j < p->nsevs; j++)
			if (p->sevs[j].rule == f->rule)
				f->sev = p->sevs[j].sev;
		for (j = 0; j < p->nwaivers; j++) {
			w = &p->waivers[j];
			if (!policy_waiver_matches(w, f))
				continue;
			w->used++;
			f->waiver_reason = w->reason;
			f->waiver_expires = w->expires;
			if (w->expires != NULL && a->today != NULL &&
			    strcmp(w->expires, a->today) < 0)
				f->waiver_expired = 1;
			else
				f->waived = 1;
			break;
		}
	}
	for (j = 0; j < p->nwaivers; j++)
		if (p->waivers[j].used == 0)
			fprintf(stderr, "portaudit: %s: [%s]: note: waiver "
			    "matches no finding\n", p->path,
			    p->waivers[j].section);
}
