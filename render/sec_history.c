/*
 * The report over time and policy: changes since --baseline, the trend
 * of the last audits and the age of open findings (--history), and the
 * waivers with their expiry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

#define SEC_AGES	40		/* open findings in the age table */

/* A row that stands for a finding of this audit. */
static void
sec_finding_row(struct doc *d, struct doc_row *r, const struct finding *f,
    size_t hostcol)
{
	r->link = doc_link_finding(f);
	r->attrs = doc_attrs_of(f);
	r->cells[hostcol].link = doc_link_host(d, f->hi);
}

static void
sec_waiver_table(struct doc *d, int level, int expired)
{
	static const struct doc_coldef cols[] = {
		{ "host", 0.16, 0 }, { "rule", 0.22, 0 },
		{ "port", 0.10, 0 }, { "reason", 0.38, 0 },
		{ "expires", 0.14, 0 }
	};
	static const struct doc_coldef xcols[] = {
		{ "host", 0.16, 0 }, { "rule", 0.22, 0 },
		{ "port", 0.10, 0 }, { "reason", 0.38, 0 },
		{ "expired", 0.14, 0 }
	};
	const struct finding	*f;
	struct doc_table	*t;
	const char		*row[5];
	char			 port[32];
	size_t			 i, n = expired ? d->c.expired : d->c.waived;

	doc_subsection(d, "waivers", expired ? "expired" : "waived", n == 0,
	    level);
	t = doc_table_new(d, expired ? "expired" : "waived", expired ? xcols :
	    cols, 5, 1);
	for (i = 0; i < d->a->nfindings && n > 0; i++) {
		f = d->a->findings[i];
		if (expired ? !f->waiver_expired : !f->waived)
			continue;
		doc_port(port, sizeof(port), f->proto, f->port);
		row[0] = f->hi->host->name;
		row[1] = f->rule->id;
		row[2] = port;
		row[3] = f->waiver_reason;
		row[4] = f->waiver_expires != NULL ? f->waiver_expires :
		    doc_label(d, "never");
		sec_finding_row(d, doc_row_add(t, row, NULL), f, 0);
	}
	doc_table_end(d, t, DOC_TABLE);
}

void
sec_waivers(struct doc *d, int level)
{
	doc_section_begin(d, "waivers", level);
	sec_waiver_table(d, level, 0);
	sec_waiver_table(d, level, 1);
}

/* Findings of this audit (new) or of the baseline (resolved). */
static void
sec_changes_table(struct doc *d, int level, enum change which)
{
	static const struct doc_coldef cols[] = {
		{ "severity", 0.12, 0 }, { "host", 0.18, 0 },
		{ "port", 0.12, 0 }, { "rule", 0.30, 0 }, { "id", 0.28, 0 }
	};
	const struct baseline	*b = d->a->baseline;
	const struct oldfinding	*o;
	const struct finding	*f;
	struct doc_table	*t;
	struct doc_row		*r;
	const char		*row[5], *what;
	char			 port[32];
	size_t			 i, n;

	what = which == CHANGE_NEW ? "new" : "resolved";
	n = which == CHANGE_NEW ? b->nnew : b->nresolved;
	doc_subsection(d, "changes", what, n == 0, level);
	t = doc_table_new(d, what, cols, 5, 1);
	for (i = 0; which == CHANGE_NEW && i < d->a->nfindings; i++) {
		f = d->a->findings[i];
		if (f->change != CHANGE_NEW)
			break;
		doc_port(port, sizeof(port), f->proto, f->port);
		row[0] = doc_label(d, severity_name(f->sev));
		row[1] = f->hi->host->name;
		row[2] = port;
		row[3] = f->rule->id;
		row[4] = f->id;
		sec_finding_row(d, doc_row_add(t, row, NULL), f, 1);
	}
	for (i = 0; which == CHANGE_RESOLVED && i < b->nresolved; i++) {
		o = b->resolved[i];
		if (o->port < 0)
			port[0] = '\0';
		else
			snprintf(port, sizeof(port), "%s%s%d", o->proto != NULL ?
			    o->proto : "", o->proto != NULL ? "/" : "",
			    o->port);
		row[0] = doc_label(d, severity_name(o->sev));
		row[1] = o->host;
		row[2] = port;
		row[3] = o->rule;
		row[4] = o->id;
		r = doc_row_add(t, row, NULL);
		r->attrs.sev = o->sev;
		r->attrs.level = severity_name(o->sev);
		r->attrs.rule = o->rule;
		r->attrs.site = o->site;
		r->attrs.host = o->host;
		r->attrs.finding = o->id;
	}
	doc_table_end(d, t, DOC_TABLE);
}

/* What changed since --baseline; nothing at all without one. */
void
sec_changes(struct doc *d, int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };

	if (d->a->baseline == NULL)
		return;
	doc_section_begin(d, "changes", level);
	doc_intro(d, "changes", d->a->baseline->date != NULL ?
	    "compared" : "compared_nodate", &sc);
	sec_changes_table(d, level, CHANGE_NEW);
	sec_changes_table(d, level, CHANGE_RESOLVED);
}

/* Open findings, oldest first, then in the canonical order. */
struct sec_age {
	const struct finding	*f;
	size_t			 rank;		/* in the canonical order */
};

static int
sec_age_cmp(const void *va, const void *vb)
{
	const struct sec_age	*a = va, *b = vb;
	int			 c;

	if ((c = strcmp(a->f->since, b->f->since)) != 0)
		return (c);
	return (a->rank < b->rank ? -1 : a->rank > b->rank);
}

/* How long each open finding has been open (the oldest SEC_AGES). */
static void
sec_trend_ages(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "since", 0.14, 0 }, { "days", 0.10, 1 },
		{ "severity", 0.12, 0 }, { "host", 0.18, 0 },
		{ "port", 0.14, 0 }, { "rule", 0.32, 0 }
	};
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	const struct finding	*f;
	struct sec_age		*v;
	struct doc_table	*t;
	const char		*row[6], *kv[3];
	char			 port[32], days[24], more[24];
	size_t			 i, n = 0;

	v = xcalloc(d->a->nfindings + 1, sizeof(*v));
	for (i = 0; i < d->a->nfindings; i++)
		if (!d->a->findings[i]->waived && d->a->findings[i]->since !=
		    NULL) {
			v[n].f = d->a->findings[i];
			v[n++].rank = i;
		}
	qsort(v, n, sizeof(*v), sec_age_cmp);
	doc_subsection(d, "trend", "age", n == 0, level);
	t = doc_table_new(d, "ages", cols, 6, 1);
	for (i = 0; i < n && i < SEC_AGES; i++) {
		f = v[i].f;
		doc_port(port, sizeof(port), f->proto, f->port);
		snprintf(days, sizeof(days), "%ld", f->days_open);
		row[0] = f->since;
		row[1] = days;
		row[2] = doc_label(d, severity_name(f->sev));
		row[3] = f->hi->host->name;
		row[4] = port;
		row[5] = f->rule->id;
		sec_finding_row(d, doc_row_add(t, row, NULL), f, 3);
	}
	doc_table_end(d, t, DOC_TABLE);
	if (n > SEC_AGES) {
		snprintf(more, sizeof(more), "%zu", n - SEC_AGES);
		kv[0] = "more";
		kv[1] = more;
		kv[2] = NULL;
		sc.kv = kv;
		doc_intro(d, "trend", "age_more", &sc);
	}
	free(v);
}

/* The trend of the last audits and the age of open findings. */
void
sec_trend(struct doc *d, int level)
{
	if (d->r->history == NULL)
		return;
	doc_section_begin(d, "trend", level);
	doc_figure(d, DOC_CHART_TREND, NULL, "trend", "trend", "alt", 0.40);
	sec_trend_ages(d, level);
}
