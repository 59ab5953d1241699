/*
 * Findings: rules append them with their evidence (file, line, verbatim
 * text) and the variables the wording templates need; this file gives each
 * a stable fingerprint and puts them in one canonical order, so the same
 * fleet always yields the same report, byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "portaudit.h"
#include "analysis.h"

struct finding *
finding_add(struct audit *a, const struct rule *rule,
    const struct hostinfo *hi, enum proto proto, int port, const char *service)
{
	struct finding	*f;

	f = arena_alloc(a->fleet->arena, sizeof(*f));
	f->rule = rule;
	f->sev = rule->level;
	f->hi = hi;
	f->proto = proto;
	f->port = port;
	f->service = service;
	f->days_open = -1;
	if (a->nfindings == a->capfindings) {
		a->capfindings = a->capfindings == 0 ? 64 : a->capfindings * 2;
		a->findings = xrealloc(a->findings,
		    a->capfindings * sizeof(*a->findings));
	}
	a->findings[a->nfindings++] = f;
	return (f);
}

/*
 * Room for one more of n elements of size sz at v, which holds *cap: a
 * finding's evidence and variables grow on the heap while its rule writes
 * it, and finding_pack() moves them into the arena at their size.  A
 * packed array (*cap 0) that grows again goes back to the heap.
 */
static void *
finding_grow(void *v, size_t n, size_t *cap, size_t sz)
{
	void	*w;
	size_t	 want;

	if (n < *cap)
		return (v);
	want = n < 4 ? 4 : n * 2;
	if (*cap == 0) {
		w = xcalloc(want, sz);
		if (n > 0)
			memcpy(w, v, n * sz);
	} else
		w = xrealloc(v, want * sz);
	*cap = want;
	return (w);
}

/* An array grown by finding_grow(), moved into the arena at its size. */
static void *
finding_pack_one(struct audit *a, void *v, size_t n, size_t *cap, size_t sz)
{
	void	*w = NULL;

	if (*cap == 0)
		return (v);
	if (n > 0) {
		w = arena_alloc(a->fleet->arena, n * sz);
		memcpy(w, v, n * sz);
	}
	free(v);
	*cap = 0;
	return (w);
}

void
findings_pack(struct audit *a, size_t from)
{
	struct finding	*f;
	size_t		 i;

	for (i = from; i < a->nfindings; i++) {
		f = a->findings[i];
		f->ev = finding_pack_one(a, f->ev, f->nev, &f->capev,
		    sizeof(*f->ev));
		f->vars = finding_pack_one(a, f->vars, f->nvars, &f->capvars,
		    sizeof(*f->vars));
	}
}

static void
finding_ev_push(struct finding *f, const struct input *in,
    unsigned line, const char *text)
{
	struct evidence	*ev;
	size_t		 i;

	for (i = 0; i < f->nev; i++)
		if (f->ev[i].in == in && f->ev[i].line == line &&
		    f->ev[i].text == text)
			return;
	ev = finding_grow(f->ev, f->nev, &f->capev, sizeof(*ev));
	ev[f->nev].in = in;
	ev[f->nev].line = line;
	ev[f->nev].text = text;
	f->ev = ev;
	f->nev++;
}

/*
 * Evidence is the line as the host's own input shows it; a socket that
 * compaction kept has its line read again (record_text()), once.
 */
void
finding_evidence(struct audit *a, struct finding *f, const struct input *in,
    const struct record *r)
{
	size_t	 i;

	/* A parked record's line goes with it (park.c): a copy. */
	if (r->text != NULL && (r->in == NULL || r->in->park == NULL)) {
		finding_ev_push(f, in, r->line, r->text);
		return;
	}
	for (i = 0; i < f->nev; i++)
		if (f->ev[i].in == in && f->ev[i].line == r->line &&
		    f->ev[i].text != NULL)
			return;
	finding_ev_push(f, in, r->line, r->kind == REC_SOCKET ||
	    r->text != NULL ? arena_strdup(a->fleet->arena, record_text(r)) :
	    NULL);
}

void
finding_evidence_origin(struct audit *a, struct finding *f,
    const struct origin *o)
{
	if (o->in != NULL && o->rec != NULL)
		finding_evidence(a, f, o->in, o->rec);
	else if (o->note != NULL)
		finding_ev_push(f, NULL, 0, o->note);
}

void
finding_var(struct audit *a, struct finding *f, const char *key,
    const char *fmt, ...)
{
	struct fvar	*v;
	va_list		 ap;
	char		*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	v = finding_grow(f->vars, f->nvars, &f->capvars, sizeof(*v));
	v[f->nvars].key = key;
	/* Findings of a fleet repeat their values: one copy each. */
	v[f->nvars].value = fleet_intern(a->fleet, s != NULL ? s : "",
	    s != NULL ? strlen(s) : 0);
	free(s);
	f->vars = v;
	f->nvars++;
}

const char *
finding_get(const struct finding *f, const char *key)
{
	size_t	 i;

	for (i = f->nvars; i > 0; i--)
		if (strcmp(f->vars[i - 1].key, key) == 0)
			return (f->vars[i - 1].value);
	return (NULL);
}

/*
 * sha256(rule NUL host NUL proto NUL port NUL service), 16 hex digits;
 * a host in a site hashes "site/host", so namesakes in two sites differ.
 */
static void
finding_fingerprint(struct finding *f)
{
	EVP_MD_CTX	*ctx;
	unsigned char	 md[32];
	unsigned int	 n = sizeof(md);
	char		 port[16];
	const char	*proto = proto_name(f->proto);
	int		 i;

	snprintf(port, sizeof(port), "%d", f->port);
	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, f->rule->id, strlen(f->rule->id) + 1);
	if (f->hi->site != NULL) {
		EVP_DigestUpdate(ctx, f->hi->site, strlen(f->hi->site));
		EVP_DigestUpdate(ctx, "/", 1);
	}
	EVP_DigestUpdate(ctx, f->hi->host->name,
	    strlen(f->hi->host->name) + 1);
	EVP_DigestUpdate(ctx, proto != NULL ? proto : "", proto != NULL ?
	    strlen(proto) + 1 : 1);
	EVP_DigestUpdate(ctx, port, strlen(port) + 1);
	if (f->service != NULL)
		EVP_DigestUpdate(ctx, f->service, strlen(f->service));
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 8; i++)
		snprintf(f->id + 2 * i, 3, "%02x", md[i]);
}

static int
finding_strcmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return ((a != NULL) - (b != NULL));
	return (strcmp(a, b));
}

/* Severity (worst first), host, port, proto, rule, service, evidence. */
static int
finding_cmp(const void *pa, const void *pb)
{
	const struct finding	*a = *(const struct finding *const *)pa;
	const struct finding	*b = *(const struct finding *const *)pb;
	int			 c;

	if (a->sev != b->sev)
		return (a->sev > b->sev ? -1 : 1);
	if ((c = strcmp(a->hi->host->name, b->hi->host->name)) != 0)
		return (c);
	if ((c = finding_strcmp(a->hi->site, b->hi->site)) != 0)
		return (c);
	if (a->port != b->port)
		return (a->port < b->port ? -1 : 1);
	if (a->proto != b->proto)
		return (a->proto < b->proto ? -1 : 1);
	if ((c = strcmp(a->rule->id, b->rule->id)) != 0)
		return (c);
	if ((c = finding_strcmp(a->service, b->service)) != 0)
		return (c);
	if (a->nev > 0 && b->nev > 0 &&
	    (c = finding_strcmp(a->ev[0].text, b->ev[0].text)) != 0)
		return (c);
	return (strcmp(a->id, b->id));
}

void
findings_sort(struct audit *a)
{
	size_t	 i;

	for (i = 0; i < a->nfindings; i++)
		finding_fingerprint(a->findings[i]);
	if (a->nfindings > 0)
		qsort(a->findings, a->nfindings, sizeof(*a->findings),
		    finding_cmp);
}

void
audit_free(struct audit *a)
{
	struct hostinfo	*hi;
	size_t		 i;
	int		 k;

	for (i = 0; i < a->nhosts; i++) {
		hi = &a->hosts[i];
		free(hi->sockets.v);
		free(hi->uses);
		free(hi->settings.v);
		free(hi->services.v);
		free(hi->pins);
		for (k = 0; k < PI__MAX; k++) {
			free(hi->rpc[k].v);
			free(hi->reserved[k].v);
			free(hi->excluded[k].v);
		}
		free(hi->socketpool_excluded.v);
		free(hi->rpcproxy.v);
		free(hi->adlds.v);
	}
	findings_pack(a, 0);	/* what a rule left growing */
	free(a->hosts);
	free(a->registry.v);
	free(a->findings);
	policy_free(a->policy);
	baseline_free(a->baseline);
}
