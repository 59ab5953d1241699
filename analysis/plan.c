/*
 * The remediation plan: for every setting that an open finding says
 * must move, one new port per setting and site, the same on every host
 * of the site that carries the setting, chosen against every constraint
 * that suggest.c marks (each in its own difference array, so that a band
 * with no port left can say what rules it out).  A setting some host
 * already holds soundly keeps that port.  The proof (planproof.c) runs
 * the rules again with the plan applied in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

/* The rules whose finding a new port cures. */
static const char *const plan_rules[] = {
	"fixed-port-taken", "fixed-port-duplicate", "fixed-port-system",
	"fixed-port-excluded", "fixed-port-in-ephemeral",
	"fixed-port-in-rpc-range", "fixed-port-registered-elsewhere",
	"fixed-port-inconsistent", "fixed-port-outside-policy"
};

/* The candidate bands an unplanned setting's explanation covers. */
static const int plan_bands[][2] = {
	{ 1024, 5000 }, { 5001, 49151 }, { 49152, 65535 }
};
#define PLAN_NBANDS	(sizeof(plan_bands) / sizeof(plan_bands[0]))

/* A setting that pins a valid port, with the scope it is planned in. */
struct plan_item {
	struct hostinfo		*hi;
	const struct hrec	*h;
	int			 pi;
	const char		*scope;		/* site, else the host's name */
	int			 scope_host;	/* scope is a host: no site */
};

/* The constraint levels of one scope and protocol. */
struct plan_scope {
	int	*lev[SC__MAX];
};

/* A port chosen for a setting, for the other sites to prefer. */
struct plan_pick {
	const struct plan_item	*it;
	int			 port;
};

struct plan_ctx {
	struct audit		*a;
	struct plan		*p;
	struct plan_item	*items;
	size_t			 nitems;
	struct plan_pick	*picks;
	size_t			 npicks;
	struct plan_scope	 sc;
};

static int
plan_curable(const struct finding *f)
{
	size_t	 i;

	for (i = 0; i < sizeof(plan_rules) / sizeof(plan_rules[0]); i++)
		if (strcmp(f->rule->id, plan_rules[i]) == 0)
			return (1);
	return (0);
}

/* Open: not waived, and at low or above (info is no defect). */
static int
plan_open(const struct finding *f)
{
	return (!f->waived && f->sev >= SEV_LOW);
}

static int
plan_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (util_strcasecmp_ascii(a, b) == 0);
}

/* The finding is about this setting of this host. */
static int
plan_finding_of(const struct finding *f, const struct plan_item *it)
{
	const struct settingrec	*s = &it->h->rec->u.set;
	const char		*k, *v;

	if (f->hi != it->hi || f->proto != s->proto || f->port != s->port)
		return (0);
	k = finding_get(f, "key");
	v = finding_get(f, "value");
	return (k != NULL && v != NULL && plan_streq(k, s->key != NULL ?
	    s->key : "") && plan_streq(v, s->name != NULL ? s->name : ""));
}

static int
plan_scope_cmp(const struct plan_item *a, const struct plan_item *b)
{
	int	 c;

	if ((c = a->scope_host - b->scope_host) != 0)
		return (c);
	return (strcmp(a->scope, b->scope));
}

/* One setting as the consistency rule sees it: service, value, proto. */
static int
plan_setting_cmp(const struct plan_item *a, const struct plan_item *b)
{
	const struct settingrec	*x = &a->h->rec->u.set, *y = &b->h->rec->u.set;
	int			 c;

	if ((c = util_strcasecmp_ascii(rule_setting_service(x),
	    rule_setting_service(y))) != 0)
		return (c);
	if ((c = util_strcasecmp_ascii(x->name != NULL ? x->name : "",
	    y->name != NULL ? y->name : "")) != 0)
		return (c);
	return (a->pi - b->pi);
}

static int
plan_item_cmp(const void *pa, const void *pb)
{
	const struct plan_item	*a = pa, *b = pb;
	int			 c;

	if ((c = plan_scope_cmp(a, b)) != 0)
		return (c);
	if ((c = a->pi - b->pi) != 0)
		return (c);
	if ((c = plan_setting_cmp(a, b)) != 0)
		return (c);
	if ((c = strcmp(a->hi->host->name, b->hi->host->name)) != 0)
		return (c);
	return (a->h->rec->line < b->h->rec->line ? -1 :
	    a->h->rec->line > b->h->rec->line);
}

static void
plan_items(struct plan_ctx *c)
{
	struct audit	*a = c->a;
	struct plan_item *it;
	size_t		 h, i;
	int		 pi;

	for (h = 0; h < a->nhosts; h++)
		for (i = 0; i < a->hosts[h].settings.n; i++) {
			pi = rule_setting_pi(
			    &a->hosts[h].settings.v[i].rec->u.set);
			if (pi < 0)
				continue;
			c->items = xrealloc(c->items, (c->nitems + 1) *
			    sizeof(*c->items));
			it = &c->items[c->nitems++];
			it->hi = &a->hosts[h];
			it->h = &a->hosts[h].settings.v[i];
			it->pi = pi;
			it->scope_host = a->hosts[h].site == NULL;
			it->scope = it->scope_host ? a->hosts[h].host->name :
			    a->hosts[h].site;
		}
	if (c->nitems > 0)
		qsort(c->items, c->nitems, sizeof(*c->items), plan_item_cmp);
}

static int
plan_in_scope(const struct hostinfo *hi, const struct plan_item *it)
{
	if (it->scope_host)
		return (hi == it->hi);
	return (hi->site != NULL && strcmp(hi->site, it->scope) == 0);
}

static void
plan_scope_free(struct plan_scope *sc)
{
	int	 k;

	for (k = 0; k < SC__MAX; k++) {
		free(sc->lev[k]);
		sc->lev[k] = NULL;
	}
}

/* Mark every constraint of the scope of it, then sum each into levels. */
static void
plan_scope_build(struct plan_ctx *c, const struct plan_item *it)
{
	const struct rangeset	*allow;
	struct smarks		 m;
	enum proto		 proto = it->h->rec->u.set.proto;
	size_t			 i;
	int			 k, port;

	plan_scope_free(&c->sc);
	for (k = 0; k < SC__MAX; k++)
		m.diff[k] = c->sc.lev[k] = xcalloc(65537, sizeof(int));
	for (i = 0; i < c->a->nhosts; i++)
		if (plan_in_scope(&c->a->hosts[i], it))
			suggest_mark_host(&m, c->a->fleet, &c->a->hosts[i], proto);
	suggest_mark_named(&m, &c->a->registry, proto);
	suggest_mark(&m, SC_SYSTEM, 0, 1023);
	allow = it->scope_host ? NULL : policy_allowed(c->a->policy,
	    it->scope, it->pi);
	if (allow != NULL) {
		suggest_mark(&m, SC_POLICY, 0, 65535);
		for (i = 0; i < allow->n; i++)
			if (allow->v[i].first >= 0 && allow->v[i].first <=
			    allow->v[i].last && allow->v[i].last <= 65535) {
				m.diff[SC_POLICY][allow->v[i].first]--;
				m.diff[SC_POLICY][allow->v[i].last + 1]++;
			}
	}
	for (k = 0; k < SC__MAX; k++)
		for (port = 1; port <= 65535; port++)
			c->sc.lev[k][port] += c->sc.lev[k][port - 1];
}

/* What the members that sit on port themselves add to a constraint. */
static int
plan_own(const struct plan_item *g, size_t ng, enum sconstraint k, int port)
{
	const struct settingrec	*s;
	const struct hostinfo	*hi;
	size_t			 i, j, own = 0;

	for (i = 0; i < ng; i++) {
		s = &g[i].h->rec->u.set;
		hi = g[i].hi;
		if (s->port != port)
			continue;
		if (k == SC_PINNED)
			own++;
		if (k == SC_INUSE) {
			for (j = 0; j < hi->sockets.n; j++)
				own += hi->sockets.v[j].rec->u.sock.proto ==
				    s->proto && hi->sockets.v[j].rec->
				    u.sock.local_port == port;
			own += ranges_let_go(hi, proto_index(s->proto), port);
		}
	}
	return ((int)own);
}

/* Entries at port that document the group's own service. */
static int
plan_own_names(const struct hrecs *v, const struct plan_item *g, int port)
{
	const struct servicerec	*e;
	size_t			 i;
	int			 own = 0;

	for (i = 0; i < v->n; i++) {
		e = &v->v[i].rec->u.svc;
		if (e->proto == g->h->rec->u.set.proto && e->port >= 0 &&
		    port >= e->port && port <= e->port_last &&
		    doc_documents(e, &g->h->rec->u.set))
			own++;
	}
	return (own);
}

/* Over the scope's hosts and the registry. */
static int
plan_own_named(const struct plan_ctx *c, const struct plan_item *g, int port)
{
	size_t	 i;
	int	 own;

	own = plan_own_names(&c->a->registry, g, port);
	for (i = 0; i < c->a->nhosts; i++)
		if (plan_in_scope(&c->a->hosts[i], g))
			own += plan_own_names(&c->a->hosts[i].services, g,
			    port);
	return (own);
}

/* Whether port lies in a range of a member's host. */
static int
plan_member_range(const struct plan_item *g, size_t ng, enum sconstraint k,
    int port)
{
	const struct hostinfo	*hi;
	size_t			 i;
	int			 pi;

	for (i = 0; i < ng; i++) {
		hi = g[i].hi;
		pi = g[i].pi;
		if ((k == SC_EPHEMERAL && ranges_in_ephemeral(hi, pi, port)) ||
		    (k == SC_RPC && rangeset_has(&hi->rpc[pi], port, NULL)) ||
		    (k == SC_RESERVED && rangeset_has(&hi->reserved[pi], port,
		    NULL)) ||
		    (k == SC_EXCLUDED && rangeset_has(&hi->excluded[pi], port,
		    NULL)))
			return (1);
	}
	return (0);
}

/* Whether port is used on the host of a member that would move to it
 * (a host where a member already holds it is that member's). */
static int
plan_member_inuse(const struct plan_item *g, size_t ng, int port)
{
	const struct hostinfo	*hi;
	size_t			 i, j, k;
	int			 held;

	for (i = 0; i < ng; i++) {
		hi = g[i].hi;
		for (held = 0, k = 0; k < ng && !held; k++)
			held = g[k].hi == hi && g[k].h->rec->u.set.port == port;
		if (held)
			continue;
		for (j = 0; j < hi->sockets.n; j++)
			if (hi->sockets.v[j].rec->u.sock.proto ==
			    g[i].h->rec->u.set.proto &&
			    hi->sockets.v[j].rec->u.sock.local_port == port)
				return (1);
		if (ranges_let_go(hi, proto_index(g[i].h->rec->u.set.proto),
		    port))
			return (1);
	}
	return (0);
}

/* Whether port is free for the group, its own use of it aside. */
static int
plan_port_ok(const struct plan_ctx *c, const struct plan_item *g, size_t ng,
    int port, enum plan_how how)
{
	int	 k, lev;

	if (port < 1 || port > 65535)
		return (0);
	for (k = 0; k < SC__MAX; k++) {
		lev = c->sc.lev[k][port];
		if (how != PLAN_NEW && (k == SC_EPHEMERAL || k == SC_RPC ||
		    k == SC_RESERVED || k == SC_EXCLUDED)) {
			if (plan_member_range(g, ng, (enum sconstraint)k,
			    port))
				return (0);
			continue;
		}
		if (how == PLAN_DEFAULT && k == SC_SYSTEM)
			continue;
		if (how != PLAN_NEW && k == SC_INUSE) {
			/* The hosts that carry it unpinned (a default) or
			 * already hold it use it themselves. */
			if (how == PLAN_KEEP && plan_member_inuse(g, ng, port))
				return (0);
			continue;
		}
		if (k == SC_PINNED || k == SC_INUSE)
			lev -= plan_own(g, ng, (enum sconstraint)k, port);
		if (k == SC_NAMED && lev > 0)
			lev -= plan_own_named(c, g, port);
		if (lev > 0)
			return (0);
	}
	return (1);
}

/* The open findings a change of g[i] cures, into the change. */
static void
plan_cures(struct plan_ctx *c, const struct plan_item *it,
    struct plan_change *ch, int moved)
{
	struct finding	*f;
	size_t		 i;

	for (i = 0; i < c->a->nfindings; i++) {
		f = c->a->findings[i];
		if (!plan_open(f) || !plan_finding_of(f, it))
			continue;
		if (!plan_curable(f) && !(moved && strcmp(f->rule->id,
		    "fixed-port-undocumented") == 0))
			continue;
		ch->cures = xrealloc(ch->cures, (ch->ncures + 1) *
		    sizeof(*ch->cures));
		ch->cures[ch->ncures++] = f;
	}
}

static int
plan_needs_change(struct plan_ctx *c, const struct plan_item *it)
{
	size_t	 i;

	for (i = 0; i < c->a->nfindings; i++)
		if (plan_open(c->a->findings[i]) &&
		    plan_curable(c->a->findings[i]) &&
		    plan_finding_of(c->a->findings[i], it))
			return (1);
	return (0);
}

/* Every member that sits on port is sound. */
static int
plan_all_sound(const struct plan_item *g, size_t ng, const int *sound,
    int port)
{
	size_t	 i;

	for (i = 0; i < ng; i++)
		if (g[i].h->rec->u.set.port == port && !sound[i])
			return (0);
	return (1);
}

/*
 * The product default that the other hosts of the site use without
 * pinning it, when an inconsistency finding says a member left it; -1.
 */
static int
plan_default(const struct plan_ctx *c, const struct plan_item *g, size_t ng)
{
	const struct finding	*f;
	const char		*v, *u;
	size_t			 i, k;

	for (i = 0; i < ng; i++)
		for (k = 0; k < c->a->nfindings; k++) {
			f = c->a->findings[k];
			if (strcmp(f->rule->id, "fixed-port-inconsistent") !=
			    0 || !plan_open(f) || !plan_finding_of(f, &g[i]))
				continue;
			v = finding_get(f, "variant");
			u = finding_get(f, "usual");
			if (v != NULL && strcmp(v, "default") == 0 && u != NULL)
				return (atoi(u));
		}
	return (-1);
}

/*
 * The port for a group: the product default the rest of the site uses,
 * then the lowest port that sound members alone hold, then one chosen for
 * the same setting in another site, then the first free port from 1024
 * up.  No port inside an ephemeral range is proposed, so on Windows NT
 * 4.0 to 2003 the port lies above MaxUserPort, and no plan relies on
 * ReservedPorts.
 */
static int
plan_choose(struct plan_ctx *c, const struct plan_item *g, size_t ng,
    const int *sound, enum plan_how *how)
{
	size_t	 i;
	int	 port, best = -1, deflt;

	if ((deflt = plan_default(c, g, ng)) > 0 &&
	    plan_all_sound(g, ng, sound, deflt) &&
	    plan_port_ok(c, g, ng, deflt, PLAN_DEFAULT)) {
		*how = PLAN_DEFAULT;
		return (deflt);
	}
	*how = PLAN_KEEP;
	for (i = 0; i < ng; i++) {
		port = g[i].h->rec->u.set.port;
		if (sound[i] && (best == -1 || port < best) &&
		    plan_all_sound(g, ng, sound, port) &&
		    plan_port_ok(c, g, ng, port, PLAN_KEEP))
			best = port;
	}
	if (best != -1)
		return (best);
	*how = PLAN_NEW;
	for (i = 0; i < c->npicks; i++)
		if (plan_setting_cmp(c->picks[i].it, g) == 0 &&
		    plan_all_sound(g, ng, sound, c->picks[i].port) &&
		    plan_port_ok(c, g, ng, c->picks[i].port, PLAN_NEW))
			return (c->picks[i].port);
	for (port = 1024; port <= 65535; port++)
		if (plan_all_sound(g, ng, sound, port) &&
		    plan_port_ok(c, g, ng, port, PLAN_NEW))
			return (port);
	return (-1);
}

/* Nothing fits: per band, how many of its ports each constraint rules
 * out. */
static void
plan_explain(struct plan_ctx *c, struct plan_change *ch)
{
	struct plan_block	*b;
	size_t			 i;
	int			 k, port, n;

	for (i = 0; i < PLAN_NBANDS; i++)
		for (k = 0; k < SC__MAX; k++) {
			n = 0;
			for (port = plan_bands[i][0]; port <= plan_bands[i][1];
			    port++)
				n += c->sc.lev[k][port] > 0;
			if (n == 0)
				continue;
			ch->why = xrealloc(ch->why, (ch->nwhy + 1) *
			    sizeof(*ch->why));
			b = &ch->why[ch->nwhy++];
			b->first = plan_bands[i][0];
			b->last = plan_bands[i][1];
			b->c = (enum sconstraint)k;
			b->ports = n;
		}
}

static struct plan_change *
plan_add(struct plan *p, const struct plan_item *it, int to)
{
	struct plan_change	*ch;

	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	ch = &p->v[p->n++];
	memset(ch, 0, sizeof(*ch));
	ch->hi = it->hi;
	ch->set = it->h;
	ch->scope = it->scope_host ? NULL : it->scope;
	ch->from = it->h->rec->u.set.port;
	ch->to = to;
	return (ch);
}

static void
plan_group(struct plan_ctx *c, const struct plan_item *g, size_t ng)
{
	struct plan_change	*ch;
	enum plan_how		 how;
	int			*sound, port, need = 0;
	size_t			 i;

	sound = xcalloc(ng, sizeof(*sound));
	for (i = 0; i < ng; i++) {
		sound[i] = !plan_needs_change(c, &g[i]);
		need |= !sound[i];
	}
	if (!need) {
		free(sound);
		return;
	}
	port = plan_choose(c, g, ng, sound, &how);
	free(sound);
	if (port == -1) {
		for (i = 0; i < ng; i++) {
			ch = plan_add(c->p, &g[i], -1);
			plan_cures(c, &g[i], ch, 0);
			plan_explain(c, ch);
		}
		return;
	}
	c->sc.lev[SC_PROPOSED][port]++;
	c->picks = xrealloc(c->picks, (c->npicks + 1) * sizeof(*c->picks));
	c->picks[c->npicks].it = g;
	c->picks[c->npicks++].port = port;
	for (i = 0; i < ng; i++) {
		if (g[i].h->rec->u.set.port == port)
			continue;
		ch = plan_add(c->p, &g[i], port);
		ch->how = how;
		plan_cures(c, &g[i], ch, 1);
		c->p->nmoved++;
		c->p->nclaimed += ch->ncures;
	}
}

static const char *
plan_site_key(const struct plan_change *ch)
{
	return (ch->scope != NULL ? ch->scope : "");
}

static int
plan_change_cmp(const void *pa, const void *pb)
{
	const struct plan_change	*a = pa, *b = pb;
	const struct settingrec		*x, *y;
	int				 c;

	if ((c = strcmp(plan_site_key(a), plan_site_key(b))) != 0)
		return (c);
	if ((c = strcmp(a->hi->host->name, b->hi->host->name)) != 0)
		return (c);
	x = &a->set->rec->u.set;
	y = &b->set->rec->u.set;
	if ((c = strcmp(x->key != NULL ? x->key : "", y->key != NULL ?
	    y->key : "")) != 0)
		return (c);
	if ((c = strcmp(x->name != NULL ? x->name : "", y->name != NULL ?
	    y->name : "")) != 0)
		return (c);
	return ((int)x->proto - (int)y->proto);
}

void
plan_make(struct audit *a, struct plan *p)
{
	struct plan_ctx	 c;
	size_t		 i, j;

	memset(p, 0, sizeof(*p));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.p = p;
	plan_items(&c);
	for (i = 0; i < c.nitems; i = j) {
		if (i == 0 || plan_scope_cmp(&c.items[i], &c.items[i - 1]) !=
		    0 || c.items[i].pi != c.items[i - 1].pi)
			plan_scope_build(&c, &c.items[i]);
		for (j = i + 1; j < c.nitems && plan_scope_cmp(&c.items[j],
		    &c.items[i]) == 0 && plan_setting_cmp(&c.items[j],
		    &c.items[i]) == 0; j++)
			;
		plan_group(&c, c.items + i, j - i);
	}
	if (p->n > 0)
		qsort(p->v, p->n, sizeof(*p->v), plan_change_cmp);
	plan_scope_free(&c.sc);
	free(c.picks);
	free(c.items);
	planrange_make(a, p);
	plansvc_resolve(a, p);
}

void
plan_free(struct plan *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].cures);
		free(p->v[i].why);
		free(p->v[i].vals);
	}
	free(p->v);
	for (i = 0; i < p->nr; i++) {
		free(p->r[i].cures);
		free(p->r[i].vals);
	}
	free(p->r);
	for (i = 0; i < p->nmiss; i++) {
		free(p->miss[i].rule);
		free(p->miss[i].host);
	}
	free(p->miss);
	memset(p, 0, sizeof(*p));
}

const char *
plan_services_name(const struct settingrec *s, char *buf, size_t len)
{
	const char	*src = rule_setting_service(s);
	size_t		 i, n = 0;

	for (i = 0; src != NULL && src[i] != '\0' && n + 1 < len && n < 15;
	    i++) {
		if ((src[i] >= 'A' && src[i] <= 'Z'))
			buf[n++] = src[i] - 'A' + 'a';
		else if ((src[i] >= 'a' && src[i] <= 'z') ||
		    (src[i] >= '0' && src[i] <= '9'))
			buf[n++] = src[i];
		else if (n > 0 && buf[n - 1] != '-')
			buf[n++] = '-';
	}
	while (n > 0 && buf[n - 1] == '-')
		n--;
	if (n == 0 && len > 4)
		n = (size_t)snprintf(buf, len, "port");
	buf[n] = '\0';
	return (buf);
}

/*
 * The value a setting holds once moved to port, in the form its record's
 * raw text has: "0x%x" for a DWORD, else the old port's digits replaced
 * wherever they stand alone ("ncacn_ip_tcp,0,5050").  NULL when the old
 * port is nowhere in it.
 */
char *
plan_value_raw(const struct settingrec *s, int port)
{
	const char	*raw = s->raw != NULL ? s->raw : "", *p;
	char		 old[16], *out, *tmp;
	size_t		 n;
	int		 hit = 0;

	if (s->type != NULL && strcmp(s->type, "REG_DWORD") == 0) {
		xasprintf(&out, "0x%x", port);
		return (out);
	}
	n = (size_t)snprintf(old, sizeof(old), "%d", s->port);
	out = xstrdup("");
	for (p = raw; *p != '\0'; ) {
		if (strncmp(p, old, n) == 0 && (p == raw || p[-1] < '0' ||
		    p[-1] > '9') && (p[n] < '0' || p[n] > '9')) {
			xasprintf(&tmp, "%s%d", out, port);
			p += n;
			hit = 1;
		} else
			xasprintf(&tmp, "%s%c", out, *p++);
		free(out);
		out = tmp;
	}
	if (!hit) {
		free(out);
		return (NULL);
	}
	return (out);
}
