/*
 * The change plan of portaudit plan (the migration layout's "plan"
 * section): the proof's result, per site a table of the values and ranges
 * the plan changes or leaves unplanned, and the fleet map now and with the
 * plan applied.  A report of audit has no plan, and so no such section.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

static const struct doc_coldef sec_plan_cols[] = {
	{ "host", 0.16, 0 }, { "change", 0.40, 0 }, { "proto", 0.10, 0 },
	{ "current", 0.17, 1 }, { "proposed", 0.17, 1 }
};

/* A row of a port change. */
static void
sec_plan_port(struct doc *d, struct doc_table *t, const struct plan_change *c)
{
	const struct settingrec	*s = &c->set->rec->u.set;
	const char		*row[5];
	char			 from[16], to[16];

	snprintf(from, sizeof(from), "%d", c->from);
	snprintf(to, sizeof(to), "%d", c->to);
	row[0] = c->hi->host->name;
	row[1] = s->label != NULL ? s->label : s->name != NULL ? s->name : "";
	row[2] = proto_name(s->proto);
	row[3] = from;
	row[4] = c->to >= 0 ? to : doc_label(d, "unplanned");
	doc_row_add(t, row, NULL)->attrs.site = c->scope;
}

/* A row of a range change. */
static void
sec_plan_range(struct doc *d, struct doc_table *t, const struct plan_range *r)
{
	const char	*row[5];
	char		 from[32], to[32];

	snprintf(from, sizeof(from), "%d-%d", r->from_first, r->from_last);
	if (r->first == r->last)
		snprintf(to, sizeof(to), "%d", r->first);
	else
		snprintf(to, sizeof(to), "%d-%d", r->first, r->last);
	row[0] = r->hi->host->name;
	row[1] = doc_label(d, planrange_kind_name(r->want));
	row[2] = r->pi < 0 ? "tcp udp" : r->pi == PI_TCP ? "tcp" : "udp";
	row[3] = r->from_first >= 0 ? from : "";
	row[4] = r->kind != PLANR_UNPLANNED ? to : doc_label(d, "unplanned");
	if (r->kind == PLANR_DELETE) {
		row[1] = r->vals[0].name;
		row[3] = r->vals[0].now != NULL ? r->vals[0].now : "";
		row[4] = doc_label(d, "deleted");
	}
	doc_row_add(t, row, NULL)->attrs.site = r->scope;
}

static const char *
sec_plan_site(const char *scope)
{
	return (scope != NULL ? scope : "");
}

/* The heading and table of one site's changes: pl->v from *i, pl->r from
 * *j, both sorted by site. */
static void
sec_plan_site_table(struct doc *d, const struct plan *pl, size_t *i,
    size_t *j, int level)
{
	const char		*kv[3], *site;
	struct doc_scope	 sc = { d, kv, NULL, NULL };
	struct doc_table	*t;

	site = *i < pl->n && (*j >= pl->nr || strcmp(sec_plan_site(
	    pl->v[*i].scope), sec_plan_site(pl->r[*j].scope)) <= 0) ?
	    sec_plan_site(pl->v[*i].scope) : sec_plan_site(pl->r[*j].scope);
	kv[0] = "site";
	kv[1] = *site != '\0' ? site : doc_label(d, "fleet");
	kv[2] = NULL;
	doc_heading(d, level + 1, doc_say_opt(d, "plan", "site_title", &sc),
	    -1);
	t = doc_table_new(d, "plan", sec_plan_cols, 5, 1);
	for (; *i < pl->n && strcmp(sec_plan_site(pl->v[*i].scope), site) ==
	    0; (*i)++)
		sec_plan_port(d, t, &pl->v[*i]);
	for (; *j < pl->nr && strcmp(sec_plan_site(pl->r[*j].scope), site) ==
	    0; (*j)++)
		sec_plan_range(d, t, &pl->r[*j]);
	doc_table_end(d, t, DOC_TABLE);
}

void
sec_plan(struct doc *d, int level)
{
	const struct plan	*pl = d->r->plan;
	const char		*kv[11];
	struct doc_scope	 sc = { d, kv, NULL, NULL };
	char			 n[5][24];
	size_t			 i = 0, j = 0;

	if (pl == NULL)
		return;		/* audit's report: no plan was made */
	doc_section_begin(d, "plan", level);
	snprintf(n[0], sizeof(n[0]), "%zu", pl->nmoved);
	snprintf(n[1], sizeof(n[1]), "%zu", pl->nranged);
	snprintf(n[2], sizeof(n[2]), "%zu", pl->n - pl->nmoved + pl->nr -
	    pl->nranged);
	snprintf(n[3], sizeof(n[3]), "%zu", pl->nclaimed);
	snprintf(n[4], sizeof(n[4]), "%zu", pl->nchecked);
	kv[0] = "moved";
	kv[1] = n[0];
	kv[2] = "ranges";
	kv[3] = n[1];
	kv[4] = "unplanned";
	kv[5] = n[2];
	kv[6] = "claimed";
	kv[7] = n[3];
	kv[8] = "checked";
	kv[9] = n[4];
	kv[10] = NULL;
	doc_intro(d, "plan", pl->nmiss == 0 ? "proof" : "proof_failed", &sc);
	while (i < pl->n || j < pl->nr)
		sec_plan_site_table(d, pl, &i, &j, level);
	doc_subsection(d, "plan", "before", 0, level);
	doc_figure(d, DOC_CHART_FLEETMAP, NULL, "fleetmap", "plan",
	    "before_alt", 0.5);
	doc_subsection(d, "plan", "after", d->r->plan_chart == NULL &&
	    d->r->plan_svg == NULL, level);
	if (d->r->plan_chart != NULL || d->r->plan_svg != NULL)
		doc_figure(d, DOC_CHART_FLEETMAP_PLAN, NULL, "fleetmap-plan",
		    "plan", "after_alt", 0.5);
}
