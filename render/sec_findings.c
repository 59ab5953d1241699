/*
 * The findings: every finding as a block grouped by severity (with an
 * index table for the screen, which filters it), and the evidence
 * section, each finding with the lines it rests on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

/*
 * One row per finding, for a screen backend to sort and filter; the PDF
 * lists the blocks instead.
 */
static void
sec_findings_index(struct doc *d)
{
	static const struct doc_coldef cols[] = {
		{ "severity", 0.12, 0 }, { "host", 0.18, 0 },
		{ "site", 0.12, 0 }, { "port", 0.12, 0 },
		{ "rule", 0.26, 0 }, { "id", 0.20, 0 }
	};
	const struct finding	*f;
	struct doc_table	*t;
	struct doc_row		*r;
	struct doc_node		*n;
	const char		*row[6];
	char			 port[32];
	size_t			 i;

	t = doc_table_new(d, "findings-index", cols, 6, 1);
	for (i = 0; i < d->a->nfindings; i++) {
		f = d->a->findings[i];
		doc_port(port, sizeof(port), f->proto, f->port);
		row[0] = doc_label(d, severity_name(f->sev));
		row[1] = f->hi->host->name;
		row[2] = f->hi->site;
		row[3] = port;
		row[4] = f->rule->id;
		row[5] = f->id;
		r = doc_row_add(t, row, NULL);
		r->link = doc_link_finding(f);
		r->attrs = doc_attrs_of(f);
		r->cells[1].link = doc_link_host(d, f->hi);
		r->cells[5].link = doc_link_finding(f);
	}
	if ((n = doc_table_end(d, t, DOC_TABLE)) != NULL)
		n->media = DOC_M_SCREEN;
}

void
sec_findings(struct doc *d, int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	const char		*kv[5];
	char			 count[24];
	size_t			 i, n;
	int			 sev;

	doc_section_begin(d, "findings", level);
	if (d->a->nfindings == 0)
		doc_intro(d, "findings", "none", &sc);
	sec_findings_index(d);
	for (sev = SEV__MAX - 1; sev >= 0; sev--) {
		n = d->c.bysev_open[sev] + d->c.bysev_waived[sev];
		if (n == 0)
			continue;
		snprintf(count, sizeof(count), "%zu", n);
		kv[0] = "severity";
		kv[1] = doc_label(d, severity_name(sev));
		kv[2] = "count";
		kv[3] = count;
		kv[4] = NULL;
		sc.kv = kv;
		doc_heading(d, level + 1, doc_say_req(d, "findings", "group",
		    &sc), sev);
		sc.kv = NULL;
		for (i = 0; i < d->a->nfindings; i++)
			if (d->a->findings[i]->sev == (enum severity)sev)
				doc_finding(d, d->a->findings[i], 0);
	}
}

void
sec_evidence(struct doc *d, int level)
{
	size_t	 i;

	doc_section_begin(d, "evidence", level);
	for (i = 0; i < d->a->nfindings; i++)
		doc_finding(d, d->a->findings[i], 1);
}
