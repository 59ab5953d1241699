/*
 * The range changes of a plan: for the range findings that no port change
 * cures, the change of the host's ranges that does.  ephemeral-pressure
 * widens the dynamic range (netsh int ipv4 set dynamicport on Vista and
 * later, KB 929851; MaxUserPort on NT 4.0 to 2003, cc938196); rpc-range-
 * small gives Rpc\Internet a Ports list of 100 ports above 5000 (KB
 * 154596); a pinned port inside an excluded range no administrator made
 * gets an administered exclusion of its own (KB 3039044).  A widened range
 * keeps the ports it has, covers no pinned port (now or as planned) and no
 * listener of the host, and keeps the size Windows requires (255 ports at
 * least); a new RPC pool covers none of them and no other range.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define PLANR_RPC_POOL		100	/* KB 154596: at least 100 ports */
#define PLANR_RPC_FIRST		5001	/* KB 154596: above 5000 */
#define PLANR_DYN_MIN		255	/* netsh: num= at least 255 */
#define PLANR_DYN_FIRST		1025	/* netsh: start= at least 1025 */
#define PLANR_MAXUSER_TOP	65534	/* MaxUserPort: 5000..65534 */

static const char planr_tcpip[] =
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";
static const char planr_rpc[] = "HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet";

const char *
planrange_kind_name(enum plan_rkind k)
{
	switch (k) {
	case PLANR_DYNAMICPORT:
		return ("dynamicport");
	case PLANR_EXCLUDE:
		return ("excludedportrange");
	case PLANR_MAXUSERPORT:
		return ("maxuserport");
	case PLANR_RPCPORTS:
		return ("rpc-ports");
	case PLANR_DELETE:
		return ("delete-value");
	default:
		return ("unplanned");
	}
}

/* Whether key ends in suffix at a component boundary. */
static int
planrange_key_is(const char *key, const char *suffix)
{
	size_t	 kl = strlen(key), sl = strlen(suffix);

	return (kl >= sl && util_strcasecmp_ascii(key + kl - sl, suffix) ==
	    0 && (kl == sl || *suffix == '\\' || key[kl - sl - 1] == '\\'));
}

const struct record *
planrange_regvalue(const struct hostinfo *hi, const char *suffix,
    const char *name)
{
	const struct record	*r, *hit = NULL;
	const struct input	*in;
	size_t			 i;

	for (i = 0; i < hi->host->ninputs; i++) {
		in = hi->host->inputs[i];
		if (in->status != INPUT_OK)
			continue;
		for (r = input_src(in)->first; r != NULL; r = r->next)
			if (r->kind == REC_REGVALUE && r->u.reg.key != NULL &&
			    r->u.reg.name != NULL &&
			    util_strcasecmp_ascii(r->u.reg.name, name) == 0 &&
			    planrange_key_is(r->u.reg.key, suffix))
				hit = r->u.reg.deleted ? NULL : r;
	}
	return (hit);
}

/* A value's data as regedit's text, in the arena; NULL when absent. */
static const char *
planrange_text(struct audit *a, const struct record *r)
{
	const struct regvaluerec *v;
	char			*s, *t;
	const char		*out;
	int			 i;

	if (r == NULL)
		return (NULL);
	v = &r->u.reg;
	if (v->rtype == REGT_DWORD)
		xasprintf(&s, "0x%llx", v->num);
	else if (v->rtype == REGT_MULTI_SZ) {
		s = xstrdup("");
		for (i = 0; i < v->nmulti; i++) {
			xasprintf(&t, "%s%s%s", s, i > 0 ? "\\0" : "",
			    v->multi[i]);
			free(s);
			s = t;
		}
	} else
		s = xstrdup(v->str != NULL ? v->str : "");
	out = arena_strdup(a->fleet->arena, s);
	free(s);
	return (out);
}

static void
planrange_val(struct audit *a, struct plan_range *r, const char *suffix,
    const char *key, const char *name, const char *type, const char *to)
{
	const struct record	*now = planrange_regvalue(r->hi, suffix, name);
	struct plan_regval	*v;

	r->vals = xrealloc(r->vals, (r->nvals + 1) * sizeof(*r->vals));
	v = &r->vals[r->nvals++];
	v->key = now != NULL ? now->u.reg.key : key;
	v->name = name;
	v->type = type;
	v->now = planrange_text(a, now);
	v->to = to != NULL ? arena_strdup(a->fleet->arena, to) : NULL;
	v->rec = now;
}

struct planrange_ref {
	struct audit	*a;
	const char	*name;
	const char	*ref;
};

/* settings.csv: key, value, kind, parse, proto, service, label, owner,
 * source. */
static void
planrange_ref_row(void *arg, char **c, int n, unsigned line)
{
	struct planrange_ref	*r = arg;

	(void)line;
	if (n >= 9 && r->ref == NULL && strcmp(c[2], "range") == 0 &&
	    util_strcasecmp_ascii(c[1], r->name) == 0)
		r->ref = arena_strdup(r->a->fleet->arena, c[8]);
}

/* The knowledge base's source for a range value, or NULL. */
static const char *
planrange_ref(struct audit *a, const char *name)
{
	struct planrange_ref	 r;

	r.a = a;
	r.name = name;
	r.ref = NULL;
	if (rule_data(a, "settings.csv", planrange_ref_row, &r) == -1)
		return (NULL);
	return (r.ref);
}

static struct plan_range *
planrange_add(struct plan *p, const struct hostinfo *hi, enum plan_rkind k,
    int pi)
{
	struct plan_range	*r;

	p->r = xrealloc(p->r, (p->nr + 1) * sizeof(*p->r));
	r = &p->r[p->nr++];
	memset(r, 0, sizeof(*r));
	r->hi = hi;
	r->scope = hi->site;
	r->kind = r->want = k;
	r->pi = pi;
	r->from_first = r->from_last = r->first = r->last = -1;
	return (r);
}

static void
planrange_cure(struct plan_range *r, const struct finding *f)
{
	r->cures = xrealloc(r->cures, (r->ncures + 1) * sizeof(*r->cures));
	r->cures[r->ncures++] = f;
}

/* The range change of this kind already made for the host, or NULL. */
static struct plan_range *
planrange_find(struct plan *p, const struct hostinfo *hi, enum plan_rkind k,
    int pi, int port)
{
	size_t	 i;

	for (i = 0; i < p->nr; i++)
		if (p->r[i].hi == hi && p->r[i].want == k && p->r[i].pi == pi &&
		    (port < 0 || p->r[i].first == port))
			return (&p->r[i]);
	return (NULL);
}

/*
 * The ports of a host a range change must leave alone, for protocol index
 * pi (-1: both): every port a setting pins now or will pin once the plan
 * is applied, and every listener.  1 per port, 65536 entries.
 */
static unsigned char *
planrange_blocked(const struct plan *p, const struct hostinfo *hi, int pi)
{
	const struct settingrec	*s;
	const struct sockrec	*k;
	unsigned char		*b = xcalloc(65536, 1);
	size_t			 i;
	int			 kp;

	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		kp = rule_setting_pi(s);
		if (kp >= 0 && (pi < 0 || kp == pi))
			b[s->port] = 1;
	}
	for (i = 0; i < p->n; i++) {
		s = &p->v[i].set->rec->u.set;
		kp = proto_index(s->proto);
		if (p->v[i].hi == hi && p->v[i].to > 0 && (pi < 0 || kp == pi))
			b[p->v[i].to] = 1;
	}
	for (i = 0; i < hi->sockets.n; i++) {
		k = &hi->sockets.v[i].rec->u.sock;
		kp = proto_index(k->proto);
		if (kp < 0 || k->local_port <= 0 || (pi >= 0 && kp != pi))
			continue;
		if (k->state == ST_LISTEN || (kp == PI_UDP &&
		    k->remote_port < 0))
			b[k->local_port] = 1;
	}
	return (b);
}

static void
planrange_block_set(unsigned char *b, const struct rangeset *s)
{
	size_t	 i;
	int	 port;

	for (i = 0; i < s->n; i++)
		for (port = s->v[i].first; port <= s->v[i].last &&
		    port <= 65535; port++)
			if (port >= 0)
				b[port] = 1;
}

/*
 * Widen [*first, *last] to need ports: down to bottom, then up to top,
 * over free ports only (a range is one block).  0 when it reaches need.
 */
static int
planrange_widen(const unsigned char *b, int *first, int *last, int need,
    int bottom, int top)
{
	while (*last - *first + 1 < need && *first - 1 >= bottom &&
	    !b[*first - 1])
		(*first)--;
	while (*last - *first + 1 < need && *last + 1 <= top && !b[*last + 1])
		(*last)++;
	return (*last - *first + 1 >= need ? 0 : -1);
}

/* Whether the host has a netsh dynamicport range for IPv6 and pi. */
static int
planrange_has_v6(const struct hostinfo *hi, int pi)
{
	const struct rangerec	*r;
	size_t			 i;

	for (i = 0; i < hi->dynamic.n; i++) {
		r = &hi->dynamic.v[i].rec->u.rng;
		if (r->family == FAM_IPV6 && (r->proto == PROTO_NONE ||
		    proto_index(r->proto) == pi))
			return (1);
	}
	return (0);
}

/* Whether the host's RPC pool is to be replaced (rpc-range-small). */
static int
planrange_rpc_replaced(const struct audit *a, const struct hostinfo *hi)
{
	size_t	 i;

	for (i = 0; i < a->nfindings; i++)
		if (a->findings[i]->hi == hi && !a->findings[i]->waived &&
		    a->findings[i]->sev >= SEV_LOW &&
		    strcmp(a->findings[i]->rule->id, "rpc-range-small") == 0)
			return (1);
	return (0);
}

/* The ephemeral range of pi once the plan's range changes apply. */
static void
planrange_ephemeral(const struct plan *p, const struct hostinfo *hi, int pi,
    int *first, int *last)
{
	size_t	 i;

	*first = hi->ephemeral[pi].first;
	*last = hi->ephemeral[pi].last;
	for (i = 0; i < p->nr; i++)
		if (p->r[i].hi == hi && ((p->r[i].kind == PLANR_DYNAMICPORT &&
		    p->r[i].pi == pi) || p->r[i].kind == PLANR_MAXUSERPORT)) {
			*first = p->r[i].first;
			*last = p->r[i].last;
		}
}

static void
planrange_pressure(struct audit *a, struct plan *p, const struct finding *f)
{
	const struct hostinfo	*hi = f->hi;
	struct plan_range	*r;
	unsigned char		*b;
	char			 buf[32];
	int			 pi = proto_index(f->proto), first, last, need;
	int			 legacy = hi->os.legacy;

	if (hi->os.fam != OSF_WINDOWS) {
		r = planrange_add(p, hi, PLANR_UNPLANNED, pi);
		r->want = PLANR_DYNAMICPORT;
		r->why = "unplanned_os";
		planrange_cure(r, f);
		return;
	}
	if (legacy && (r = planrange_find(p, hi, PLANR_MAXUSERPORT, -1, -1)) !=
	    NULL) {
		planrange_cure(r, f);	/* one MaxUserPort for tcp and udp */
		return;
	}
	first = hi->ephemeral[pi].first;
	last = hi->ephemeral[pi].last;
	need = (int)hi->used_ephemeral[pi] * 2;
	if (!legacy && need < PLANR_DYN_MIN)
		need = PLANR_DYN_MIN;
	b = planrange_blocked(p, hi, legacy ? -1 : pi);
	if (!planrange_rpc_replaced(a, hi)) {
		if (legacy)
			planrange_block_set(b, &hi->rpc[PI_UDP]);
		planrange_block_set(b, &hi->rpc[legacy ? PI_TCP : pi]);
	}
	r = planrange_add(p, hi, legacy ? PLANR_MAXUSERPORT :
	    PLANR_DYNAMICPORT, legacy ? -1 : pi);
	r->from_first = first;
	r->from_last = last;
	if (planrange_widen(b, &first, &last, need, legacy ? first :
	    PLANR_DYN_FIRST, legacy ? PLANR_MAXUSER_TOP : 65535) == -1) {
		r->kind = PLANR_UNPLANNED;
		r->why = "unplanned_blocked";
	} else {
		r->first = first;
		r->last = last;
		r->v6 = !legacy && planrange_has_v6(hi, pi);
	}
	planrange_cure(r, f);
	free(b);
	if (legacy && r->kind == PLANR_MAXUSERPORT) {
		snprintf(buf, sizeof(buf), "0x%x", last);
		planrange_val(a, r, "\\Services\\Tcpip\\Parameters", planr_tcpip,
		    "MaxUserPort", "REG_DWORD", buf);
		r->ref = planrange_ref(a, "MaxUserPort");
	}
}

/* The lowest block of n ports from lo up that b leaves free; -1: none. */
static int
planrange_block_free(const unsigned char *b, int lo, int n)
{
	int	 port, run = 0;

	for (port = lo; port <= 65535; port++) {
		run = b[port] ? 0 : run + 1;
		if (run == n)
			return (port - n + 1);
	}
	return (-1);
}

/* PortsInternetAvailable and UseInternetPorts: "Y" unless they are. */
static void
planrange_rpc_flag(struct audit *a, struct plan_range *r, const char *name)
{
	const struct record	*v;
	const char		*s;

	v = planrange_regvalue(r->hi, "\\Rpc\\Internet", name);
	s = v != NULL ? v->u.reg.str : NULL;
	if (s != NULL && (strcmp(s, "Y") == 0 || strcmp(s, "y") == 0))
		return;
	planrange_val(a, r, "\\Rpc\\Internet", planr_rpc, name, "REG_SZ",
	    "Y");
}

static void
planrange_rpc(struct audit *a, struct plan *p, const struct finding *f)
{
	const struct hostinfo	*hi = f->hi;
	struct plan_range	*r;
	unsigned char		*b;
	char			 buf[32];
	int			 k, lo, last, first;

	if ((r = planrange_find(p, hi, PLANR_RPCPORTS, -1, -1)) != NULL) {
		planrange_cure(r, f);	/* one Ports list for tcp and udp */
		return;
	}
	b = planrange_blocked(p, hi, -1);
	for (k = 0; k < PI__MAX; k++) {
		planrange_ephemeral(p, hi, k, &lo, &last);
		for (; lo > 0 && lo <= last; lo++)
			b[lo] = 1;
		planrange_block_set(b, &hi->excluded[k]);
		planrange_block_set(b, &hi->reserved[k]);
	}
	k = proto_index(f->proto);
	lo = hi->rpc[k].n > 0 && hi->rpc[k].v[0].first >= PLANR_RPC_FIRST ?
	    hi->rpc[k].v[0].first : PLANR_RPC_FIRST;
	if ((first = planrange_block_free(b, lo, PLANR_RPC_POOL)) == -1)
		first = planrange_block_free(b, PLANR_RPC_FIRST,
		    PLANR_RPC_POOL);
	free(b);
	r = planrange_add(p, hi, PLANR_RPCPORTS, -1);
	planrange_cure(r, f);
	if (hi->rpc[k].n > 0) {
		r->from_first = hi->rpc[k].v[0].first;
		r->from_last = hi->rpc[k].v[hi->rpc[k].n - 1].last;
	}
	if (first == -1) {
		r->kind = PLANR_UNPLANNED;
		r->why = "unplanned_blocked";
		return;
	}
	r->first = first;
	r->last = first + PLANR_RPC_POOL - 1;
	snprintf(buf, sizeof(buf), "%d-%d", r->first, r->last);
	planrange_val(a, r, "\\Rpc\\Internet", planr_rpc, "Ports",
	    "REG_MULTI_SZ", buf);
	planrange_rpc_flag(a, r, "PortsInternetAvailable");
	planrange_rpc_flag(a, r, "UseInternetPorts");
	r->ref = planrange_ref(a, "Ports");
}

/* The type of a value as a .reg file names it, or NULL. */
static const char *
planrange_type(const struct record *r)
{
	switch (r->u.reg.rtype) {
	case REGT_DWORD:
		return ("REG_DWORD");
	case REGT_SZ:
		return ("REG_SZ");
	case REGT_MULTI_SZ:
		return ("REG_MULTI_SZ");
	default:
		return (NULL);
	}
}

/*
 * setting-ineffective on MaxUserPort or ReservedPorts: Vista and later
 * ignore the value (KB 929851, KB 812873), so the plan deletes it; the
 * ports it was meant to keep free are the business of the findings on
 * them.
 */
static void
planrange_ineffective(struct audit *a, struct plan *p, const struct finding *f)
{
	const char		*var = finding_get(f, "variant");
	const char		*name = finding_get(f, "value");
	const struct record	*rec;
	struct plan_range	*r;
	size_t			 i;

	if (var == NULL || name == NULL || (strcmp(var, "maxuserport") != 0 &&
	    strcmp(var, "reservedports") != 0))
		return;
	for (i = 0; i < p->nr; i++)
		if (p->r[i].hi == f->hi && p->r[i].kind == PLANR_DELETE &&
		    util_strcasecmp_ascii(p->r[i].vals[0].name, name) == 0) {
			planrange_cure(&p->r[i], f);
			return;
		}
	rec = planrange_regvalue(f->hi, "\\Services\\Tcpip\\Parameters", name);
	if (rec == NULL || planrange_type(rec) == NULL)
		return;		/* not a value regedit can give back */
	r = planrange_add(p, f->hi, PLANR_DELETE, -1);
	planrange_val(a, r, "\\Services\\Tcpip\\Parameters", planr_tcpip,
	    rec->u.reg.name, planrange_type(rec), NULL);
	r->ref = planrange_ref(a, rec->u.reg.name);
	planrange_cure(r, f);
}

/*
 * Whether a port change claims f; a change that leaves its setting
 * unplanned gives the finding up to the range change instead.
 */
static int
planrange_moved(struct plan *p, const struct finding *f)
{
	struct plan_change	*c;
	size_t			 i, j;

	for (i = 0; i < p->n; i++) {
		c = &p->v[i];
		for (j = 0; j < c->ncures; j++) {
			if (c->cures[j] != f)
				continue;
			if (c->to >= 0)
				return (1);
			memmove(&c->cures[j], &c->cures[j + 1],
			    (c->ncures - j - 1) * sizeof(*c->cures));
			c->ncures--;
			return (0);
		}
	}
	return (0);
}

static void
planrange_excluded(struct plan *p, const struct finding *f)
{
	const struct hostinfo	*hi = f->hi;
	const struct prange	*cover;
	struct plan_range	*r;
	int			 pi = proto_index(f->proto);

	if (planrange_moved(p, f) || pi < 0 ||
	    !rangeset_has(&hi->excluded[pi], f->port, &cover))
		return;
	if (hi->os.fam != OSF_WINDOWS || hi->os.legacy) {
		r = planrange_add(p, hi, PLANR_UNPLANNED, pi);
		r->want = PLANR_EXCLUDE;
		r->why = "unplanned_os";
	} else if ((r = planrange_find(p, hi, PLANR_EXCLUDE, pi, f->port)) ==
	    NULL) {
		r = planrange_add(p, hi, PLANR_EXCLUDE, pi);
		r->first = r->last = f->port;
		r->from_first = cover->first;
		r->from_last = cover->last;
	}
	planrange_cure(r, f);
}

static const char *
planrange_site(const struct plan_range *r)
{
	return (r->scope != NULL ? r->scope : "");
}

static int
planrange_cmp(const void *pa, const void *pb)
{
	const struct plan_range	*a = pa, *b = pb;
	int			 c;

	if ((c = strcmp(planrange_site(a), planrange_site(b))) != 0)
		return (c);
	if ((c = strcmp(a->hi->host->name, b->hi->host->name)) != 0)
		return (c);
	if ((c = (int)a->kind - (int)b->kind) != 0)
		return (c);
	if ((c = a->pi - b->pi) != 0)
		return (c);
	return (a->first - b->first);
}

void
planrange_make(struct audit *a, struct plan *p)
{
	const struct finding	*f;
	size_t			 i;

	/* The dynamic ranges first: a new RPC pool keeps out of them. */
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		if (f->waived || f->sev < SEV_LOW)
			continue;
		if (strcmp(f->rule->id, "ephemeral-pressure") == 0)
			planrange_pressure(a, p, f);
		else if (strcmp(f->rule->id, "fixed-port-excluded") == 0)
			planrange_excluded(p, f);
		else if (strcmp(f->rule->id, "setting-ineffective") == 0)
			planrange_ineffective(a, p, f);
	}
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		if (!f->waived && f->sev >= SEV_LOW &&
		    strcmp(f->rule->id, "rpc-range-small") == 0)
			planrange_rpc(a, p, f);
	}
	if (p->nr > 0)
		qsort(p->r, p->nr, sizeof(*p->r), planrange_cmp);
	for (i = 0; i < p->nr; i++)
		if (p->r[i].kind != PLANR_UNPLANNED) {
			p->nranged++;
			p->nclaimed += p->r[i].ncures;
		}
}

/* A range the plan sets: no input holds it. */
static void
planrange_set(struct prange *r, int first, int last, int administered)
{
	memset(r, 0, sizeof(*r));
	r->first = first;
	r->last = last;
	r->administered = administered;
	r->from.note = "as the plan sets it";
}

/* The administered exclusion first; WinNAT's block moves elsewhere. */
static void
planrange_apply_exclude(struct hostinfo *hi, const struct plan_range *r)
{
	struct rangeset	*s = &hi->excluded[r->pi];
	struct prange	*v;
	size_t		 i, n = 0;

	v = xcalloc(s->n + 1, sizeof(*v));
	planrange_set(&v[n++], r->first, r->last, 1);
	for (i = 0; i < s->n; i++)
		if (s->v[i].administered || r->first < s->v[i].first ||
		    r->first > s->v[i].last)
			v[n++] = s->v[i];
	free(s->v);
	s->v = v;
	s->n = n;
}

static void
planrange_apply_one(struct hostinfo *hi, const struct plan_range *r)
{
	int	 k;

	switch (r->kind) {
	case PLANR_EXCLUDE:
		planrange_apply_exclude(hi, r);
		break;
	case PLANR_DYNAMICPORT:
		planrange_set(&hi->ephemeral[r->pi], r->first, r->last, 0);
		break;
	case PLANR_MAXUSERPORT:
		for (k = 0; k < PI__MAX; k++)
			hi->ephemeral[k].last = r->last;
		break;
	case PLANR_RPCPORTS:
		for (k = 0; k < PI__MAX; k++) {
			free(hi->rpc[k].v);
			hi->rpc[k].v = xcalloc(1, sizeof(*hi->rpc[k].v));
			hi->rpc[k].n = 1;
			planrange_set(&hi->rpc[k].v[0], r->first, r->last, 0);
		}
		hi->rpc_invalid = 0;
		break;
	default:
		return;
	}
	ranges_recount(hi);
}

void
planrange_apply(const struct audit *a, const struct plan *p, struct audit *b)
{
	size_t	 i;

	for (i = 0; i < p->nr; i++)
		planrange_apply_one(&b->hosts[p->r[i].hi - a->hosts],
		    &p->r[i]);
}

/* The range records a deleted value gave its host (they share its text),
 * turned into unparsed lines for the re-audit. */
struct record **
planrange_hide(const struct plan *p, size_t *n)
{
	const struct plan_range	*r;
	const struct input	*in;
	struct record		**v = NULL, *rec;
	size_t			 i, k;

	*n = 0;
	for (i = 0; i < p->nr; i++) {
		r = &p->r[i];
		if (r->kind != PLANR_DELETE || r->vals[0].rec == NULL)
			continue;
		for (k = 0; k < r->hi->host->ninputs; k++) {
			in = r->hi->host->inputs[k];
			/* The records are the fleet's: see planproof.c. */
			for (rec = (struct record *)input_src(in)->first;
			    rec != NULL; rec = rec->next)
				if (rec->kind == REC_RANGE && rec->text ==
				    r->vals[0].rec->text) {
					v = xrealloc(v, (*n + 1) * sizeof(*v));
					v[(*n)++] = rec;
					rec->kind = REC_UNPARSED;
				}
		}
	}
	return (v);
}

void
planrange_unhide(struct record **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		v[i]->kind = REC_RANGE;
	free(v);
}
