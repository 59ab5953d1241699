/*
 * The hosts: a page per host (facts with their sources, port map,
 * settings with what netstat shows on each pinned port, findings), the
 * settings section (facts and settings only), and the fleet's fixed
 * ports in one table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

#define SEC_HOSTNEED	0.6	/* the first host page fits under the
				   intro when this share of a page is free */

/* Where a range of the host comes from, one row. */
static void
sec_host_range(struct doc *d, struct doc_table *t, const char *label,
    const struct prange *r)
{
	char		 v[64], src[1024];
	const char	*row[3];

	snprintf(v, sizeof(v), "%d-%d%s", r->first, r->last,
	    r->administered ? " *" : "");
	doc_origin(&r->from, src, sizeof(src));
	row[0] = doc_label(d, label);
	row[1] = v;
	row[2] = src;
	doc_row_add(t, row, NULL);
}

/* Site, role, OS and effective ranges, each with its source. */
static void
sec_host_facts(struct doc *d, const struct doc_host *h)
{
	static const struct doc_coldef cols[] = {
		{ "fact", 0.25, 0 }, { "value", 0.30, 0 },
		{ "source", 0.45, 0 }
	};
	static const char *const lab[][PI__MAX] = {
		{ "ephemeral_tcp", "ephemeral_udp" },
		{ "rpc_tcp", "rpc_udp" },
		{ "reserved_tcp", "reserved_udp" },
		{ "excluded_tcp", "excluded_udp" }
	};
	const struct hostinfo	*hi = h->hi;
	const struct rangeset	*sets[3];
	struct doc_table	*t;
	const char		*row[3];
	char			 src[1024];
	size_t			 k, i;
	int			 pi;

	t = doc_table_new(d, "host-facts", cols, 3, 1);
	row[0] = doc_label(d, "site");
	row[1] = hi->site;
	row[2] = NULL;
	doc_row_add(t, row, NULL);
	if (hi->role != NULL) {
		row[0] = doc_label(d, "role");
		row[1] = hi->role;
		doc_row_add(t, row, NULL);
	}
	doc_origin(&hi->os.from, src, sizeof(src));
	row[0] = doc_label(d, "os");
	row[1] = hi->os.name != NULL ? hi->os.name : hi->host->os;
	row[2] = src;
	doc_row_add(t, row, NULL);
	if (hi->os.other != NULL) {
		doc_origin(&hi->os.other_from, src, sizeof(src));
		row[0] = doc_label(d, "os_other");
		row[1] = hi->os.other;
		doc_row_add(t, row, NULL);
	}
	for (pi = 0; pi < PI__MAX; pi++)
		if (hi->ephemeral[pi].first > 0)
			sec_host_range(d, t, lab[0][pi], &hi->ephemeral[pi]);
	for (pi = 0; pi < PI__MAX; pi++) {
		sets[0] = &hi->rpc[pi];
		sets[1] = &hi->reserved[pi];
		sets[2] = &hi->excluded[pi];
		for (k = 0; k < 3; k++)
			for (i = 0; i < sets[k]->n; i++)
				sec_host_range(d, t, lab[k + 1][pi],
				    &sets[k]->v[i]);
	}
	doc_table_end(d, t, DOC_TABLE);
}

/*
 * The host's settings, each with what netstat shows on its port and,
 * under it, the socket line that shows it.
 */
static void
sec_host_settings(struct doc *d, const struct doc_host *h)
{
	static const struct doc_coldef cols[] = {
		{ "setting", 0.23, 0 }, { "value", 0.10, 0 },
		{ "port", 0.09, 0 }, { "service", 0.14, 0 },
		{ "status", 0.24, 0 }, { "source", 0.20, 0 }
	};
	const struct hostinfo	*hi = h->hi;
	const struct settingrec	*s;
	const struct pincheck	*pc;
	const struct hrec	*r;
	struct doc_table	*t;
	struct doc_row		*dr;
	const char		*row[6];
	char			*key, *ev, port[32], src[1024];
	size_t			 i;

	if (hi->settings.n == 0)
		return;
	t = doc_table_new(d, "host-settings", cols, 6, 1);
	for (i = 0; i < hi->settings.n; i++) {
		r = &hi->settings.v[i];
		s = &r->rec->u.set;
		xasprintf(&key, "%s\\%s", s->key != NULL ? s->key : "",
		    s->name != NULL ? s->name : "");
		doc_port(port, sizeof(port), s->proto, s->port);
		snprintf(src, sizeof(src), "%s:%u", r->in->path, r->rec->line);
		pc = pins_get(hi, r);
		ev = findings_pin_evidence(pc);
		row[0] = key;
		row[1] = s->raw;
		row[2] = port;
		row[3] = rule_setting_service(s);
		row[4] = findings_pin_text(d->r->rules, pc);
		row[5] = src;
		dr = doc_row_add(t, row, ev);
		dr->cells[5].link = doc_link_input(d, r->in);
		free(ev);
		free(key);
	}
	doc_table_end(d, t, DOC_TABLE);
}

static void
sec_host_findings(struct doc *d, const struct doc_host *h)
{
	static const struct doc_coldef cols[] = {
		{ "severity", 0.10, 0 }, { "port", 0.10, 0 },
		{ "rule", 0.22, 0 }, { "detail", 0.58, 0 }
	};
	const struct finding	*f;
	struct doc_table	*t;
	struct doc_row		*r;
	const char		*row[4];
	char			*detail, port[32];
	size_t			 i;

	t = doc_table_new(d, "host-findings", cols, 4, 1);
	for (i = 0; i < h->nf; i++) {
		f = h->f[i];
		doc_port(port, sizeof(port), f->proto, f->port);
		detail = findings_text(d->r->rules, f, "detail");
		row[0] = doc_label(d, severity_name(f->sev));
		row[1] = port;
		row[2] = f->rule->id;
		row[3] = detail;
		r = doc_row_add(t, row, NULL);
		r->link = doc_link_finding(f);
		r->attrs = doc_attrs_of(f);
		free(detail);
	}
	doc_table_end(d, t, DOC_TABLE);
}

/* A host's section and heading ([sec] heading, or heading.nosite). */
static size_t
sec_host_begin(struct doc *d, const char *sec, const struct doc_host *h,
    int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, h };
	size_t			 at;
	char			*s;

	at = doc_open(d, "host", level, h->anchor, h->hi);
	s = doc_say_variant(d, sec, "heading", h->hi->site == NULL ?
	    "nosite" : NULL, &sc, 0);
	doc_heading(d, level, s != NULL ? s : xstrdup(h->hi->host->name),
	    -1);
	return (at);
}

/* A lead-in (or a note) of [sec] key for a host, when the layout has
 * one. */
static void
sec_host_lead(struct doc *d, const char *sec, const char *key,
    const struct doc_host *h, enum doc_style st)
{
	struct doc_scope	 sc = { d, NULL, NULL, h };

	doc_para(d, st, doc_say_opt(d, sec, key, &sc));
}

void
sec_hosts(struct doc *d, int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	const struct doc_host	*h;
	char			*stem;
	size_t			 i, at, n = 0;

	doc_section_begin(d, "hosts", level);
	for (i = 0; i < d->a->nhosts; i++) {
		h = &d->hosts[i];
		if (!h->shown)
			continue;
		at = sec_host_begin(d, "hosts", h, level + 1);
		if (n++ > 0)
			d->v[at].hints |= DOC_H_NEWPAGE;
		else
			d->v[at].need = SEC_HOSTNEED;
		sec_host_facts(d, h);
		xasprintf(&stem, "host-%s", h->stem);
		doc_figure(d, DOC_CHART_PORTMAP, h->hi, stem, "hosts",
		    "map_alt", 0.45);
		free(stem);
		if (h->hi->settings.n > 0)
			sec_host_lead(d, "hosts", "settings", h, DOC_P_LEAD);
		else
			sec_host_lead(d, "hosts", "settings_none", h,
			    DOC_P_NOTE);
		sec_host_settings(d, h);
		if (h->nf > 0) {
			sec_host_lead(d, "hosts", "findings", h, DOC_P_LEAD);
			sec_host_findings(d, h);
		}
		doc_close(d, at, 0);
	}
	if (n == 0)
		doc_intro(d, "hosts", "none", &sc);
	if (n > 0)
		d->priv->endhints |= DOC_H_BREAKAFTER;
}

void
sec_settings(struct doc *d, int level)
{
	const struct doc_host	*h;
	size_t			 i, at;

	doc_section_begin(d, "settings", level);
	for (i = 0; i < d->a->nhosts; i++) {
		h = &d->hosts[i];
		if (!h->shown)
			continue;
		at = sec_host_begin(d, "settings", h, level + 1);
		sec_host_facts(d, h);
		sec_host_settings(d, h);
		doc_close(d, at, 0);
	}
}

/* The worst finding and the rules that hit a host's fixed port. */
static enum severity
sec_port_risk(const struct doc_host *h, const struct settingrec *s,
    char *rules, size_t sz, int *any)
{
	enum severity	 worst = SEV_INFO;
	size_t		 i, j;

	*any = 0;
	rules[0] = '\0';
	for (i = 0; i < h->nf; i++) {
		if (h->f[i]->port != s->port || h->f[i]->proto != s->proto)
			continue;
		if (!*any || h->f[i]->sev > worst)
			worst = h->f[i]->sev;
		*any = 1;
		for (j = 0; j < i; j++)
			if (h->f[j]->rule == h->f[i]->rule &&
			    h->f[j]->port == s->port &&
			    h->f[j]->proto == s->proto)
				break;
		if (j == i)
			snprintf(rules + strlen(rules), sz - strlen(rules),
			    "%s%s", rules[0] != '\0' ? ", " : "",
			    h->f[i]->rule->id);
	}
	return (worst);
}

/* One row of the fixed ports: a host's setting and its risk. */
static void
sec_fixedport(struct doc *d, struct doc_table *t, const struct doc_host *h,
    size_t k)
{
	const struct settingrec	*s;
	const struct pincheck	*pc;
	struct doc_row		*r;
	const char		*row[6];
	char			*ev, port[64], rules[1024];
	enum severity		 worst;
	int			 any;

	s = &h->hi->settings.v[k].rec->u.set;
	doc_port(port, sizeof(port), s->proto, s->port);
	if (s->port < 0)
		snprintf(port, sizeof(port), "%s", s->raw != NULL ? s->raw :
		    "");
	worst = sec_port_risk(h, s, rules, sizeof(rules), &any);
	row[0] = h->hi->host->name;
	row[1] = rule_setting_service(s);
	row[2] = port;
	row[3] = doc_label(d, any ? severity_name(worst) : "none");
	pc = pins_get(h->hi, &h->hi->settings.v[k]);
	row[4] = findings_pin_text(d->r->rules, pc);
	row[5] = rules;
	ev = findings_pin_evidence(pc);
	r = doc_row_add(t, row, ev);
	r->cells[0].link = doc_link_host(d, h->hi);
	r->attrs.sev = any ? (int)worst : -1;
	r->attrs.level = any ? severity_name(worst) : NULL;
	r->attrs.site = h->hi->site;
	r->attrs.host = h->hi->host->name;
	free(ev);
}

void
sec_fixedports(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "host", 0.11, 0 }, { "service", 0.20, 0 },
		{ "port", 0.10, 0 }, { "risk", 0.09, 0 },
		{ "status", 0.23, 0 }, { "rules", 0.27, 0 }
	};
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	const struct doc_host	*h;
	struct doc_table	*t;
	size_t			 i, k, n = 0;

	doc_section_begin(d, "fixedports", level);
	doc_intro(d, "fixedports", "ports", &sc);
	t = doc_table_new(d, "fixedports", cols, 6, 1);
	for (i = 0; i < d->a->nhosts; i++) {
		h = &d->hosts[i];
		if (h->hi->host->reference)
			continue;
		for (k = 0; k < h->hi->settings.n; k++, n++)
			sec_fixedport(d, t, h, k);
	}
	doc_table_end(d, t, DOC_TABLE);
	if (n == 0)
		doc_intro(d, "fixedports", "none", &sc);
}
