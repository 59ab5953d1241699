/*
 * The document's words and figures: the report's counts, the #{key}
 * placeholders they answer, and the layout's texts expanded in a scope
 * (a finding, a host, local pairs, the report).  A key the layout lacks
 * is said once, as a diagnostic.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

static const char *
doc_count(struct doc *d, size_t n)
{
	snprintf(d->priv->num, sizeof(d->priv->num), "%zu", n);
	return (d->priv->num);
}

static const char *
doc_hold(struct doc *d, char *s)
{
	free(d->priv->tmp);
	d->priv->tmp = s;
	return (s);
}

/* The report's figures that placeholders can name. */
static const struct doc_countdef {
	const char	*key;
	size_t		 off;		/* of a size_t in struct doc_counts */
} doc_countdefs[] = {
	{ "hosts", offsetof(struct doc_counts, hosts) },
	{ "sites", offsetof(struct doc_counts, sites) },
	{ "files", offsetof(struct doc_counts, files) },
	{ "findings", offsetof(struct doc_counts, findings) },
	{ "open", offsetof(struct doc_counts, open) },
	{ "waived", offsetof(struct doc_counts, waived) },
	{ "expired", offsetof(struct doc_counts, expired) },
	{ "hosts_with_findings", offsetof(struct doc_counts,
	    hosts_with_findings) },
	{ "skipped", offsetof(struct doc_counts, skipped) },
	{ "records", offsetof(struct doc_counts, records) },
	{ "unparsed", offsetof(struct doc_counts, unparsed) },
	{ "rules", offsetof(struct doc_counts, rules) },
	{ "suggestions", offsetof(struct doc_counts, suggestions) },
	{ "pinned", offsetof(struct doc_counts, pinned) },
	{ "verified", offsetof(struct doc_counts, pins[PINST_VERIFIED]) },
	{ "owner_not_shown", offsetof(struct doc_counts,
	    pins[PINST_OWNER_NOT_SHOWN]) },
	{ "owner_not_known", offsetof(struct doc_counts,
	    pins[PINST_OWNER_NOT_KNOWN]) },
	{ "not_listening", offsetof(struct doc_counts,
	    pins[PINST_NOT_LISTENING]) },
	{ "taken", offsetof(struct doc_counts, pins[PINST_TAKEN]) },
	{ "unchecked", offsetof(struct doc_counts, pins[PINST_UNCHECKED]) }
};

/* Count hosts, sites, findings and inputs; give each host its list. */
void
doc_counts(struct doc *d)
{
	const struct audit	*a = d->a;
	const struct fleet	*fl = d->r->fleet;
	struct doc_counts	*c = &d->c;
	const struct finding	*f;
	struct doc_host		*h;
	const char		**sites;
	size_t			 i, j;

	sites = xcalloc(a->nhosts + 1, sizeof(*sites));
	for (i = 0; i < a->nhosts; i++) {
		if (a->hosts[i].host->reference)
			continue;
		c->hosts++;
		if (a->hosts[i].site == NULL)
			continue;
		for (j = 0; j < c->sites; j++)
			if (strcmp(sites[j], a->hosts[i].site) == 0)
				break;
		if (j == c->sites)
			sites[c->sites++] = a->hosts[i].site;
	}
	free(sites);
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		h = &d->hosts[f->hi - a->hosts];
		h->f = xrealloc(h->f, (h->nf + 1) * sizeof(*h->f));
		h->f[h->nf++] = f;
		if (f->waiver_expired)
			c->expired++;
		if (f->waived) {
			c->bysev_waived[f->sev]++;
			c->waived++;
			continue;
		}
		c->bysev_open[f->sev]++;
		c->open++;
		if (h->nopen++ == 0)
			c->hosts_with_findings++;
		h->open[f->sev]++;
	}
	c->skipped = fl->nskipped;
	for (i = 0; i < fl->ninputs; i++) {
		if (fl->inputs[i]->status != INPUT_OK)
			c->skipped++;
		c->records += input_src(fl->inputs[i])->records;
		c->unparsed += input_src(fl->inputs[i])->lines_unparsed;
	}
	c->files = fl->ninputs;
	c->findings = a->nfindings;
	c->rules = rule_count;
	c->suggestions = d->r->nsuggestions;
	pins_count(a, c->pins);
	for (i = 0; i < PINST__MAX; i++)
		c->pinned += c->pins[i];
	for (i = 0; i < a->nhosts; i++)
		d->hosts[i].shown = doc_host_shown(d, &d->hosts[i]);
}

static const char *
doc_lookup_report(struct doc *d, const char *key)
{
	const struct report	*r = d->r;
	const struct baseline	*b = d->a->baseline;
	const char		*v = NULL;
	size_t			 i;

	for (i = 0; i < SEV__MAX; i++)
		if (strcmp(key, severity_name(i)) == 0)
			return (doc_count(d, d->c.bysev_open[i]));
	for (i = 0; i < sizeof(doc_countdefs) / sizeof(doc_countdefs[0]); i++)
		if (strcmp(key, doc_countdefs[i].key) == 0)
			return (doc_count(d, *(const size_t *)(const void *)
			    ((const char *)&d->c + doc_countdefs[i].off)));
	if (strcmp(key, "title") == 0 || strcmp(key, "report_title") == 0)
		v = d->title;
	else if (strcmp(key, "organisation") == 0)
		v = r->organisation;
	else if (strcmp(key, "date") == 0)
		v = r->date;
	else if (strcmp(key, "version") == 0)
		v = PORTAUDIT_VERSION;
	else if (strcmp(key, "cmdline") == 0)
		v = r->cmdline;
	else if (strcmp(key, "template") == 0)
		v = r->template_name;
	else if (strcmp(key, "scope") == 0)
		v = r->scope;
	else if (strcmp(key, "history") == 0)
		v = r->history;
	else if (strcmp(key, "baseline") == 0)
		v = b != NULL ? b->path : NULL;
	else if (strcmp(key, "baseline_date") == 0)
		v = b != NULL ? b->date : NULL;
	else if (b != NULL && strcmp(key, "new") == 0)
		return (doc_count(d, b->nnew));
	else if (b != NULL && strcmp(key, "resolved") == 0)
		return (doc_count(d, b->nresolved));
	else if (b != NULL && strcmp(key, "unchanged") == 0)
		return (doc_count(d, b->nunchanged));
	else
		return (NULL);
	return (v != NULL ? v : "");
}

static const char *
doc_lookup_host(struct doc *d, const struct doc_host *h, const char *key)
{
	const struct hostinfo	*hi = h->hi;

	if (strcmp(key, "host") == 0)
		return (hi->host->name);
	if (strcmp(key, "site") == 0)
		return (hi->site != NULL ? hi->site : "");
	if (strcmp(key, "role") == 0)
		return (hi->role != NULL ? hi->role : "");
	if (strcmp(key, "os") == 0)
		return (hi->os.name != NULL ? hi->os.name :
		    hi->host->os != NULL ? hi->host->os : "");
	if (strcmp(key, "host_findings") == 0)
		return (doc_count(d, h->nf));
	if (strcmp(key, "host_open") == 0)
		return (doc_count(d, h->nopen));
	return (NULL);
}

static const char *
doc_lookup_finding(struct doc *d, const struct finding *f, const char *key)
{
	const char	*v;

	if (strcmp(key, "title") == 0)
		return (f->rule->title);
	if (strcmp(key, "rule") == 0)
		return (f->rule->id);
	if (strcmp(key, "id") == 0)
		return (f->id);
	if (strcmp(key, "severity") == 0)
		return (doc_label(d, severity_name(f->sev)));
	if (strcmp(key, "level") == 0)
		return (severity_name(f->sev));
	if (strcmp(key, "proto") == 0)
		return (f->proto != PROTO_NONE ? proto_name(f->proto) : "");
	if (strcmp(key, "port") == 0)
		return (f->port >= 0 ? doc_count(d, f->port) : "");
	if (strcmp(key, "service") == 0)
		return (f->service != NULL ? f->service : "");
	if (strcmp(key, "reason") == 0)
		return (f->waiver_reason != NULL ? f->waiver_reason : "");
	if (strcmp(key, "expires") == 0)
		return (f->waiver_expires != NULL ? f->waiver_expires : "");
	if (strcmp(key, "change") == 0)
		return (f->change != CHANGE_NONE ?
		    doc_label(d, change_name(f->change)) : "");
	if (strcmp(key, "since") == 0)
		return (f->since != NULL ? f->since : "");
	if (strcmp(key, "days") == 0)
		return (f->days_open >= 0 ? doc_count(d,
		    (size_t)f->days_open) : "");
	if (strcmp(key, "detail") == 0 || strcmp(key, "recommendation") == 0)
		return (doc_hold(d, findings_text(d->r->rules, f, key)));
	if (strcmp(key, "host") != 0 && strcmp(key, "site") != 0 &&
	    (v = finding_get(f, key)) != NULL)
		return (v);
	return (NULL);
}

static const char *
doc_lookup(const void *arg, const char *key)
{
	const struct doc_scope	*sc = arg;
	const char		*v;
	size_t			 i;

	if (sc->kv != NULL)
		for (i = 0; sc->kv[i] != NULL; i += 2)
			if (strcmp(sc->kv[i], key) == 0)
				return (sc->kv[i + 1] != NULL ?
				    sc->kv[i + 1] : "");
	if (sc->f != NULL &&
	    (v = doc_lookup_finding(sc->d, sc->f, key)) != NULL)
		return (v);
	if (sc->h != NULL &&
	    (v = doc_lookup_host(sc->d, sc->h, key)) != NULL)
		return (v);
	return (doc_lookup_report(sc->d, key));
}

/* Say once that the layout lacks a key. */
void
doc_missing(struct doc *d, const char *sec, const char *key)
{
	struct doc_private	*pv = d->priv;
	char			*k;
	size_t			 i;

	xasprintf(&k, "%s.%s", sec, key);
	for (i = 0; i < pv->nmissing; i++)
		if (strcmp(pv->missing[i], k) == 0) {
			free(k);
			return;
		}
	pv->missing = xrealloc(pv->missing, (pv->nmissing + 1) *
	    sizeof(*pv->missing));
	pv->missing[pv->nmissing++] = k;
	diag(NULL, 0, DIAG_TEMPLATE, "%s layout: [%s] has no key %s",
	    d->r->template_name != NULL ? d->r->template_name : "pdf",
	    sec, key);
}

/* A word of [labels]; a missing one is said once and is its key. */
const char *
doc_label(struct doc *d, const char *key)
{
	const char	*v;

	if ((v = template_get(d->r->layout, "labels", key)) != NULL)
		return (v);
	doc_missing(d, "labels", key);
	return (key);
}

/* [sec] key.variant expanded in sc; NULL when absent (said unless
 * optional). */
char *
doc_say_variant(struct doc *d, const char *sec, const char *key,
    const char *variant, const struct doc_scope *sc, int optional)
{
	const char	*t;

	t = template_get_variant(d->r->layout, sec, key, variant);
	if (t == NULL) {
		if (!optional)
			doc_missing(d, sec, key);
		return (NULL);
	}
	return (template_expand(d->r->layout, t, doc_lookup, sc));
}

/* [sec] key expanded in sc; NULL and a diagnostic when absent. */
char *
doc_say_req(struct doc *d, const char *sec, const char *key,
    const struct doc_scope *sc)
{
	return (doc_say_variant(d, sec, key, NULL, sc, 0));
}

/* [sec] key expanded in sc; NULL when absent. */
char *
doc_say_opt(struct doc *d, const char *sec, const char *key,
    const struct doc_scope *sc)
{
	return (doc_say_variant(d, sec, key, NULL, sc, 1));
}

/* [sec] key expanded with the report's figures; NULL when absent. */
char *
doc_say(struct doc *d, const char *sec, const char *key)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };

	return (doc_say_opt(d, sec, key, &sc));
}

/* [sec] key expanded with local pairs; NULL and a diagnostic when
 * absent. */
char *
doc_say_kv(struct doc *d, const char *sec, const char *key,
    const char *const *kv)
{
	struct doc_scope	 sc = { d, kv, NULL, NULL };

	return (doc_say_req(d, sec, key, &sc));
}
