/*
 * The report's opening sections: the cover, the executive summary and
 * the fleet map.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

#define SEC_WORST	10		/* hosts in the summary's list */

/* The title page: title, subtitle, intro, the audit's facts, a note. */
void
sec_cover(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "fact", 0.28, 0 }, { "value", 0.72, 0 }
	};
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	struct doc_table	*t;
	struct doc_node		*n;
	const char		*row[2];
	char			*s;

	(void)level;
	d->v[d->priv->cursec].hints |= DOC_H_TITLEPAGE;
	doc_para(d, DOC_P_TITLE, xstrdup(d->title));
	doc_para(d, DOC_P_SUBTITLE, doc_say_opt(d, "cover", "subtitle", &sc));
	doc_intro(d, "cover", "intro", &sc);
	t = doc_table_new(d, "cover", cols, 2, 0);
	if (d->r->organisation != NULL) {
		row[0] = doc_label(d, "organisation");
		row[1] = d->r->organisation;
		doc_row_add(t, row, NULL);
	}
	row[0] = doc_label(d, "date");
	row[1] = d->r->date;
	doc_row_add(t, row, NULL);
	row[0] = doc_label(d, "scope");
	row[1] = s = doc_say_req(d, "cover", "scope", &sc);
	doc_row_add(t, row, NULL);
	free(s);
	row[0] = doc_label(d, "findings");
	row[1] = s = doc_say_req(d, "cover", "findings", &sc);
	doc_row_add(t, row, NULL);
	free(s);
	doc_table_end(d, t, DOC_FACTS);
	if ((n = doc_para(d, DOC_P_META, doc_say_opt(d, "cover", "note",
	    &sc))) != NULL)
		n->hints |= DOC_H_FOOT;
}

/* Open, waived and all findings by severity, then the total. */
static void
sec_summary_counts(struct doc *d)
{
	static const struct doc_coldef cols[] = {
		{ "severity", 0.40, 0 }, { "open", 0.20, 1 },
		{ "waived", 0.20, 1 }, { "total", 0.20, 1 }
	};
	struct doc_table	*t;
	const char		*row[4];
	char			 n[3][24];
	int			 s;

	t = doc_table_new(d, "counts", cols, 4, 1);
	for (s = SEV__MAX - 1; s >= 0; s--) {
		row[0] = doc_label(d, severity_name(s));
		snprintf(n[0], sizeof(n[0]), "%zu", d->c.bysev_open[s]);
		snprintf(n[1], sizeof(n[1]), "%zu", d->c.bysev_waived[s]);
		snprintf(n[2], sizeof(n[2]), "%zu", d->c.bysev_open[s] +
		    d->c.bysev_waived[s]);
		row[1] = n[0];
		row[2] = n[1];
		row[3] = n[2];
		doc_row_add(t, row, NULL)->attrs.sev = s;
	}
	row[0] = doc_label(d, "total");
	snprintf(n[0], sizeof(n[0]), "%zu", d->c.open);
	snprintf(n[1], sizeof(n[1]), "%zu", d->c.waived);
	snprintf(n[2], sizeof(n[2]), "%zu", d->a->nfindings);
	row[1] = n[0];
	row[2] = n[1];
	row[3] = n[2];
	doc_row_add(t, row, NULL);
	doc_table_end(d, t, DOC_TABLE);
}

static int
sec_host_cmp(const void *va, const void *vb)
{
	const struct doc_host	*a = *(const struct doc_host *const *)va;
	const struct doc_host	*b = *(const struct doc_host *const *)vb;
	int			 s;

	for (s = SEV__MAX - 1; s >= 0; s--)
		if (a->open[s] != b->open[s])
			return (a->open[s] > b->open[s] ? -1 : 1);
	return (a < b ? -1 : a > b);
}

/* The hosts with the most serious open findings. */
static void
sec_summary_worst(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "host", 0.25, 0 }, { "site", 0.15, 0 },
		{ "critical", 0.10, 1 }, { "high", 0.10, 1 },
		{ "medium", 0.10, 1 }, { "low", 0.10, 1 },
		{ "info", 0.10, 1 }, { "total", 0.10, 1 }
	};
	struct doc_table	*t;
	struct doc_host		**v;
	struct doc_row		*r;
	const char		*row[8];
	char			 n[6][24];
	size_t			 i, k, nv = 0;
	int			 sev;

	v = xcalloc(d->a->nhosts + 1, sizeof(*v));
	for (i = 0; i < d->a->nhosts; i++)
		if (d->hosts[i].nopen > 0)
			v[nv++] = &d->hosts[i];
	qsort(v, nv, sizeof(*v), sec_host_cmp);
	doc_subsection(d, "summary", "worst", nv == 0, level);
	t = doc_table_new(d, "worst", cols, 8, 1);
	for (i = 0; i < nv && i < SEC_WORST; i++) {
		row[0] = v[i]->hi->host->name;
		row[1] = v[i]->hi->site;
		for (sev = SEV__MAX - 1, k = 0; sev >= 0; sev--, k++) {
			snprintf(n[k], sizeof(n[k]), "%zu", v[i]->open[sev]);
			row[2 + k] = n[k];
		}
		snprintf(n[5], sizeof(n[5]), "%zu", v[i]->nopen);
		row[7] = n[5];
		r = doc_row_add(t, row, NULL);
		r->cells[0].link = doc_link_host(d, v[i]->hi);
		r->attrs.site = v[i]->hi->site;
		r->attrs.host = v[i]->hi->host->name;
	}
	doc_table_end(d, t, DOC_TABLE);
	free(v);
}

/* Each open critical finding: its title and detail. */
static void
sec_summary_critical(struct doc *d, int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	const struct finding	*f;
	struct doc_node		*n;
	size_t			 i, k = 0;

	doc_heading(d, level + 1, doc_say_req(d, "summary", "critical_title",
	    &sc), -1);
	for (i = 0; i < d->a->nfindings; i++) {
		f = d->a->findings[i];
		if (f->sev != SEV_CRITICAL || f->waived)
			continue;
		sc.f = f;
		sc.h = doc_host_of(d, f->hi);
		if (k++ == 0)
			doc_intro(d, "summary", "critical_intro", &sc);
		n = doc_para(d, DOC_P_ITEM, doc_say_req(d, "summary",
		    "critical_item", &sc));
		if (n == NULL)
			n = doc_para(d, DOC_P_ITEM, xstrdup(""));
		n->u.para.sev = SEV_CRITICAL;
		n->keep = 2;
		n = doc_para(d, DOC_P_BODY, doc_say_req(d, "summary",
		    "critical_text", &sc));
		if (n == NULL)
			doc_para(d, DOC_P_BODY, xstrdup(""));
	}
	if (k == 0) {
		sc.f = NULL;
		sc.h = NULL;
		doc_intro(d, "summary", "critical_none", &sc);
	}
}

void
sec_summary(struct doc *d, int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	struct doc_node		*n;

	doc_section_begin(d, "summary", level);
	sec_summary_counts(d);
	doc_intro(d, "summary", "ports", &sc);
	doc_figure(d, DOC_CHART_SEVERITY, NULL, "severity", "summary",
	    "severity_alt", 0.30);
	sec_summary_worst(d, level);
	if ((n = doc_heading(d, level + 1, doc_say_opt(d, "summary",
	    "rules_title", &sc), -1)) != NULL)
		n->need = 0.3;
	doc_intro(d, "summary", "rules_intro", &sc);
	doc_figure(d, DOC_CHART_RULES, NULL, "rules", "summary", "rules_alt",
	    0.45);
	sec_summary_critical(d, level);
}

void
sec_fleetmap(struct doc *d, int level)
{
	doc_section_begin(d, "fleetmap", level);
	doc_figure(d, DOC_CHART_FLEETMAP, NULL, "fleetmap", "fleetmap", "alt",
	    0.85);
}
