/*
 * The proof of a plan: the rules run again on the fleet with the plan
 * applied in memory.  Every finding the plan claims to cure must be gone,
 * and no finding at low or above may be new.
 *
 * Why applying in memory is safe: the settings are records in the fleet's
 * arena, which the fleet owns and nothing has frozen.  Only the port and
 * raw text of the settings the plan moves change, each saved in an undo
 * list and put back before plan_verify() returns.  The first audit keeps
 * nothing computed from those two fields but its findings' variables,
 * which are copies, and it is not run again.  The re-audit is a fresh
 * struct audit: its host facts come from the prepass over the (changed)
 * records, so no fact of the first audit is shared but the policy (only
 * read) and the reference registry.  A registry value the plan deletes
 * hides its range records (kind REC_UNPARSED) for the re-audit, put back
 * the same way.  The services-file lines the plan
 * asks for are records of the arena too, but linked into no input: the
 * re-audit's hosts hold them, the fleet never sees them again.  A moved
 * service listens on its new port once restarted: the listeners the pin
 * status gives it (its own, or one whose owner netstat does not show) and
 * the connections they accepted move with the setting, their port put
 * back the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

struct planproof_undo {
	struct settingrec	*s;
	int			 port;
	const char		*raw;
	const char		*name;
};

/* A listener a moved service takes along, and its port before. */
struct planproof_moved {
	struct sockrec		*k;
	int			 port;
};

static int
planproof_listens(const struct sockrec *k)
{
	return (k->state == ST_LISTEN || (k->proto == PROTO_UDP &&
	    k->remote_port < 0));
}

static void
planproof_move_one(struct planproof_moved **v, size_t *n, struct sockrec *k,
    int to)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].k = k;
	(*v)[*n].port = k->local_port;
	(*n)++;
	k->local_port = to;
}

/*
 * The sockets of host hi on port from of protocol pi that a moved service
 * takes to port to: the listeners, then the connections they accepted
 * (same PID), in the records the re-audit reads.
 */
static void
planproof_move_host(const struct hostinfo *hi, int pi, int from, int to,
    struct planproof_moved **v, size_t *n)
{
	const struct record	*r;
	struct sockrec		*k;
	size_t			 i, j, first = *n;
	int			 pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < hi->host->ninputs; i++)
			for (r = input_src(hi->host->inputs[i])->first;
			    r != NULL; r = r->next) {
				if (r->kind != REC_SOCKET)
					continue;
				/* The fleet's record, as the settings are. */
				k = (struct sockrec *)&r->u.sock;
				if (proto_index(k->proto) != pi ||
				    k->local_port != from ||
				    planproof_listens(k) != (pass == 0))
					continue;
				for (j = first; pass == 1 && j < *n; j++)
					if (k->pid >= 0 &&
					    (*v)[j].k->pid == k->pid)
						break;
				if (pass == 0 || j < *n)
					planproof_move_one(v, n, k, to);
			}
}

/* Whether a setting the plan leaves in place pins change i's old port
 * on its host too: then the listener there may be that one's. */
static int
planproof_shared(const struct plan *p, size_t i)
{
	const struct hostinfo	*hi = p->v[i].hi;
	const struct settingrec	*s = &p->v[i].set->rec->u.set, *o;
	size_t			 k, m;

	for (k = 0; k < hi->settings.n; k++) {
		o = &hi->settings.v[k].rec->u.set;
		if (hi->settings.v[k].rec == p->v[i].set->rec ||
		    o->proto != s->proto || o->port != p->v[i].from)
			continue;
		for (m = 0; m < p->n; m++)
			if (p->v[m].set->rec == hi->settings.v[k].rec &&
			    p->v[m].to >= 0)
				break;
		if (m == p->n)
			return (1);
	}
	return (0);
}

/*
 * Move the sockets of the services the plan moves; the undo list.  A
 * socket list that let go of connections on a port a setting moves to is
 * read again whole first (compact.c), so the re-audit sees what holds it.
 */
static struct planproof_moved *
planproof_move(struct audit *a, const struct plan *p, size_t *np)
{
	struct planproof_moved	*v = NULL;
	const struct settingrec	*s;
	enum pinstatus		 st;
	size_t			 i, n = 0;

	for (i = 0; i < p->n; i++)
		if (p->v[i].to > 0)
			(void)compact_need(a->fleet, p->v[i].hi->host,
			    p->v[i].to);
	for (i = 0; i < p->n; i++) {
		if (p->v[i].to < 0)
			continue;
		s = &p->v[i].set->rec->u.set;
		st = pins_get(p->v[i].hi, p->v[i].set)->status;
		if ((st == PINST_VERIFIED || st == PINST_OWNER_NOT_SHOWN ||
		    st == PINST_OWNER_NOT_KNOWN) && !planproof_shared(p, i))
			planproof_move_host(p->v[i].hi, proto_index(s->proto),
			    p->v[i].from, p->v[i].to, &v, &n);
	}
	*np = n;
	return (v);
}

static void
planproof_unmove(struct planproof_moved *v, size_t n)
{
	while (n-- > 0)
		v[n].k->local_port = v[n].port;
	free(v);
}

static void
planproof_apply(struct audit *a, const struct plan *p,
    struct planproof_undo *u)
{
	struct settingrec	*s;
	char			*raw;
	size_t			 i;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].to < 0)
			continue;
		/* The record is the fleet's: see the comment above. */
		s = (struct settingrec *)&p->v[i].set->rec->u.set;
		u[i].s = s;
		u[i].port = s->port;
		u[i].raw = s->raw;
		u[i].name = s->name;
		if (p->v[i].nvals > 0) {
			/* SQL Server: the port becomes the fixed TcpPort. */
			s->port = p->v[i].to;
			s->name = p->v[i].vals[0].name;
			s->raw = p->v[i].vals[0].to;
			continue;
		}
		raw = plan_value_raw(s, p->v[i].to);
		s->port = p->v[i].to;
		s->raw = arena_strdup(a->fleet->arena, raw != NULL ? raw :
		    "");
		free(raw);
	}
}

static void
planproof_undo(const struct plan *p, const struct planproof_undo *u)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (u[i].s != NULL) {
			u[i].s->port = u[i].port;
			u[i].s->raw = u[i].raw;
			u[i].s->name = u[i].name;
		}
}

/* The services-file line the plan adds for a moved setting. */
static void
planproof_document(struct audit *a, struct hostinfo *hi,
    const struct plan_change *ch)
{
	const struct settingrec	*s = &ch->set->rec->u.set;
	struct record		*r;
	char			 name[32];

	if (hi->services.n == 0)
		return;		/* no services file: nothing to edit */
	r = arena_alloc(a->fleet->arena, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->kind = REC_SERVICE;
	r->text = "";
	r->in = hi->services.v[0].rec->in;
	r->u.svc.name = arena_strdup(a->fleet->arena,
	    plan_services_name(s, name, sizeof(name)));
	r->u.svc.port = r->u.svc.port_last = ch->to;
	r->u.svc.proto = s->proto;
	r->u.svc.proto_name = proto_name(s->proto);
	r->u.svc.comment = rule_setting_service(s);
	r->u.svc.frequency = -1;
	hi->services.v = xrealloc(hi->services.v, (hi->services.n + 1) *
	    sizeof(*hi->services.v));
	hi->services.v[hi->services.n].in = hi->services.v[0].in;
	hi->services.v[hi->services.n].rec = r;
	hi->services.n++;
}

/* A fresh audit of the same hosts, records and policy. */
static void
planproof_audit(struct audit *a, const struct plan *p, struct audit *b)
{
	size_t	 i;

	memset(b, 0, sizeof(*b));
	b->fleet = a->fleet;
	b->policy = a->policy;
	b->today = a->today;
	b->nhosts = a->nhosts;
	b->hosts = xcalloc(a->nhosts, sizeof(*b->hosts));
	for (i = 0; i < a->nhosts; i++) {
		b->hosts[i].host = a->hosts[i].host;
		b->hosts[i].site = a->hosts[i].site;
		b->hosts[i].role = a->hosts[i].role;
		b->hosts[i].os.name = a->hosts[i].os.name;
		b->hosts[i].os.from = a->hosts[i].os.from;
	}
	ranges_prepass(b);
	planrange_apply(a, p, b);
	for (i = 0; i < a->registry.n; i++)
		if (a->registry.v[i].in->host->reference) {
			b->registry.v = xrealloc(b->registry.v,
			    (b->registry.n + 1) * sizeof(*b->registry.v));
			b->registry.v[b->registry.n++] = a->registry.v[i];
		}
	for (i = 0; i < p->n; i++)
		if (p->v[i].to >= 0)
			planproof_document(a, &b->hosts[p->v[i].hi - a->hosts],
			    &p->v[i]);
	rules_run(b);
}

static void
planproof_miss(struct plan *p, const struct finding *f, int added)
{
	struct plan_miss	*m;

	p->miss = xrealloc(p->miss, (p->nmiss + 1) * sizeof(*p->miss));
	m = &p->miss[p->nmiss++];
	m->rule = xstrdup(f->rule->id);
	m->host = xstrdup(f->hi->host->name);
	m->proto = f->proto;
	m->port = f->port;
	m->added = added;
}

/* The same rule on the same setting of the same host, at any port. */
static int
planproof_same(const struct audit *a, const struct audit *b,
    const struct finding *fa, const struct finding *fb)
{
	const char	*ka, *kb, *va, *vb;

	if (fa->rule != fb->rule || fa->proto != fb->proto ||
	    fa->hi - a->hosts != fb->hi - b->hosts)
		return (0);
	ka = finding_get(fa, "key");
	kb = finding_get(fb, "key");
	va = finding_get(fa, "value");
	vb = finding_get(fb, "value");
	return (ka != NULL && kb != NULL && va != NULL && vb != NULL &&
	    strcmp(ka, kb) == 0 && strcmp(va, vb) == 0);
}

/* The first audit had it: the same finding, or the same rule on the same
 * setting at its old port (a finding the move neither cures nor makes). */
static int
planproof_known(const struct audit *a, const struct audit *b,
    const struct finding *fb)
{
	size_t	 i;

	for (i = 0; i < a->nfindings; i++)
		if (strcmp(a->findings[i]->id, fb->id) == 0 ||
		    planproof_same(a, b, a->findings[i], fb))
			return (1);
	return (0);
}

/* The finding is on a setting the plan lists as unplanned. */
static int
planproof_unplanned(const struct audit *a, const struct plan *p,
    const struct audit *b, const struct finding *fb)
{
	const struct settingrec	*s;
	const char		*k = finding_get(fb, "key");
	const char		*v = finding_get(fb, "value");
	size_t			 i;

	for (i = 0; i < p->n; i++) {
		s = &p->v[i].set->rec->u.set;
		if (p->v[i].to < 0 && p->v[i].hi - a->hosts ==
		    fb->hi - b->hosts && s->proto == fb->proto && k != NULL &&
		    v != NULL && strcmp(s->key != NULL ? s->key : "", k) == 0 &&
		    strcmp(s->name != NULL ? s->name : "", v) == 0)
			return (1);
	}
	return (0);
}

/* The same range finding (a setting's: the same setting and port). */
static int
planproof_same_range(const struct audit *a, const struct audit *b,
    const struct finding *fa, const struct finding *fb)
{
	if (finding_get(fa, "key") != NULL)
		return (fa->port == fb->port && planproof_same(a, b, fa, fb));
	return (fa->rule == fb->rule && fa->proto == fb->proto &&
	    fa->hi - a->hosts == fb->hi - b->hosts);
}

/* Every finding a range change claims to cure is gone. */
static void
planproof_ranges(struct audit *a, struct plan *p, const struct audit *b)
{
	const struct plan_range	*r;
	size_t			 i, j, k;

	for (i = 0; i < p->nr; i++) {
		r = &p->r[i];
		for (j = 0; j < r->ncures && r->kind != PLANR_UNPLANNED; j++)
			for (k = 0; k < b->nfindings; k++)
				if (planproof_same_range(a, b, r->cures[j],
				    b->findings[k])) {
					planproof_miss(p, r->cures[j], 0);
					break;
				}
	}
}

static void
planproof_compare(struct audit *a, struct plan *p, const struct audit *b)
{
	const struct finding	*fa, *fb;
	size_t			 i, j, k;

	planproof_ranges(a, p, b);

	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->v[i].ncures && p->v[i].to >= 0; j++) {
			fa = p->v[i].cures[j];
			for (k = 0; k < b->nfindings; k++)
				if (planproof_same(a, b, fa, b->findings[k])) {
					planproof_miss(p, fa, 0);
					break;
				}
		}
	for (k = 0; k < b->nfindings; k++) {
		fb = b->findings[k];
		if (fb->sev < SEV_LOW || fb->waived ||
		    planproof_known(a, b, fb))
			continue;
		/* A setting left unplanned may now stand apart from the
		 * ports its peers moved to: plan.csv lists it already. */
		if (planproof_unplanned(a, p, b, fb))
			p->nunplanned_new++;
		else
			planproof_miss(p, fb, 1);
	}
	p->nchecked = b->nfindings;
}

void
plan_applied(struct audit *a, const struct plan *p,
    void (*fn)(const struct audit *, void *), void *arg)
{
	struct planproof_undo	*u;
	struct planproof_moved	*moved;
	struct record		**hidden;
	struct audit		 b;
	size_t			 nhidden, nmoved;

	u = xcalloc(p->n + 1, sizeof(*u));
	moved = planproof_move(a, p, &nmoved);
	planproof_apply(a, p, u);
	hidden = planrange_hide(p, &nhidden);
	planproof_audit(a, p, &b);
	fn(&b, arg);
	planrange_unhide(hidden, nhidden);
	planproof_undo(p, u);
	planproof_unmove(moved, nmoved);
	free(u);
	b.policy = NULL;	/* the first audit's */
	audit_free(&b);
}

struct planproof_verify {
	struct audit	*a;
	struct plan	*p;
};

static void
planproof_verify_cb(const struct audit *b, void *arg)
{
	struct planproof_verify	*v = arg;

	planproof_compare(v->a, v->p, b);
}

int
plan_verify(struct audit *a, struct plan *p)
{
	struct planproof_verify	 v;

	v.a = a;
	v.p = p;
	plan_applied(a, p, planproof_verify_cb, &v);
	return (p->nmiss == 0 ? 0 : -1);
}
