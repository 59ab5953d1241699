/*
 * The appendix and the sections around it: safe ports per site, every
 * input with its SHA-256 and line accounting, the skipped files, the
 * rule catalogue and the facts of this run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

void
sec_suggestions(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "site", 0.40, 0 }, { "proto", 0.20, 0 },
		{ "port", 0.20, 1 }, { "checked", 0.20, 1 }
	};
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	const struct report	*r = d->r;
	const struct suggestion	*sg;
	struct doc_table	*t;
	const char		*row[4];
	char			 port[16], hosts[16];
	size_t			 i;

	doc_section_begin(d, "suggestions", level);
	if (r->nsuggestions == 0) {
		doc_intro(d, "suggestions", "none", &sc);
		return;
	}
	t = doc_table_new(d, "suggestions", cols, 4, 1);
	for (i = 0; i < r->nsuggestions; i++) {
		sg = &r->suggestions[i];
		snprintf(port, sizeof(port), "%d", sg->port);
		snprintf(hosts, sizeof(hosts), "%d", sg->hosts);
		row[0] = sg->site != NULL ? sg->site : doc_label(d, "fleet");
		row[1] = proto_name(sg->proto);
		row[2] = port;
		row[3] = hosts;
		doc_row_add(t, row, NULL)->attrs.site = sg->site;
	}
	doc_table_end(d, t, DOC_TABLE);
}

static void
sec_hex(const unsigned char *md, char *out)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

/* Every input, anchored input-N, with its SHA-256 under it. */
void
sec_inputs(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "file", 0.48, 0 }, { "kind", 0.16, 0 },
		{ "records", 0.12, 1 }, { "recognised", 0.12, 1 },
		{ "unparsed", 0.12, 1 }
	};
	const struct fleet	*fl = d->r->fleet;
	const struct input	*in, *src;
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	struct doc_table	*t;
	struct doc_row		*r;
	const char		*row[5], *kv[3];
	char			 n[3][24], hex[65], *extra;
	size_t			 i;

	doc_section_begin(d, "inputs", level);
	t = doc_table_new(d, "inputs", cols, 5, 1);
	for (i = 0; i < fl->ninputs; i++) {
		in = fl->inputs[i];
		src = input_src(in);
		snprintf(n[0], sizeof(n[0]), "%lu", src->records);
		snprintf(n[1], sizeof(n[1]), "%lu", src->lines_known);
		snprintf(n[2], sizeof(n[2]), "%lu", src->lines_unparsed);
		row[0] = in->path;
		row[1] = in->format != NULL ? in->format :
		    doc_label(d, "unknown");
		row[2] = n[0];
		row[3] = n[1];
		row[4] = n[2];
		kv[0] = "sha256";
		kv[1] = hex;
		kv[2] = NULL;
		sc.kv = kv;
		if (in->have_sha256) {
			sec_hex(in->sha256, hex);
			extra = doc_say_req(d, "inputs", "sha256", &sc);
		} else
			extra = doc_say_opt(d, "inputs", "nosha256", &sc);
		r = doc_row_add(t, row, extra);
		r->anchor = doc_claim(d, doc_link_input(d, in).target);
		free(extra);
	}
	doc_table_end(d, t, DOC_TABLE);
}

void
sec_skipped(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "file", 0.60, 0 }, { "reason", 0.40, 0 }
	};
	static const char *const why[] = { NULL, "unreadable",
	    "unidentified", "too_big" };
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	const struct fleet	*fl = d->r->fleet;
	struct doc_table	*t;
	const char		*row[2];
	size_t			 i;
	int			 st;

	doc_section_begin(d, "skipped", level);
	if (d->c.skipped == 0) {
		doc_intro(d, "skipped", "none", &sc);
		return;
	}
	t = doc_table_new(d, "skipped", cols, 2, 1);
	for (i = 0; i < fl->nskipped; i++) {
		row[0] = fl->skipped[i].path;
		row[1] = fl->skipped[i].reason;
		doc_row_add(t, row, NULL);
	}
	for (i = 0; i < fl->ninputs; i++) {
		if ((st = fl->inputs[i]->status) == INPUT_OK)
			continue;
		row[0] = fl->inputs[i]->path;
		row[1] = doc_label(d, why[st]);
		doc_row_add(t, row, NULL)->cells[0].link =
		    doc_link_input(d, fl->inputs[i]);
	}
	doc_table_end(d, t, DOC_TABLE);
}

void
sec_glossary(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "rule", 0.22, 0 }, { "level", 0.10, 0 },
		{ "title", 0.22, 0 }, { "help", 0.46, 0 }
	};
	const struct rule	*ru;
	struct doc_table	*t;
	const char		*row[4];
	size_t			 i;

	doc_section_begin(d, "glossary", level);
	t = doc_table_new(d, "glossary", cols, 4, 1);
	for (i = 0; i < rule_count; i++) {
		ru = rule_table[i];
		row[0] = ru->id;
		row[1] = doc_label(d, severity_name(ru->level));
		row[2] = ru->title;
		row[3] = ru->help;
		doc_row_add(t, row, NULL)->attrs.rule = ru->id;
	}
	doc_table_end(d, t, DOC_TABLE);
}

/* The run: version, command line, layout, date, epoch; kept on a page. */
void
sec_about(struct doc *d, int level)
{
	static const struct doc_coldef cols[] = {
		{ "fact", 0.25, 0 }, { "value", 0.75, 0 }
	};
	const struct report	*r = d->r;
	struct doc_table	*t;
	struct doc_node		*n;
	const char		*row[2];
	char			 epoch[32];

	doc_section_begin(d, "about", level);
	t = doc_table_new(d, "about", cols, 2, 0);
	row[0] = doc_label(d, "version");
	row[1] = PORTAUDIT_VERSION;
	doc_row_add(t, row, NULL);
	row[0] = doc_label(d, "cmdline");
	row[1] = r->cmdline;
	doc_row_add(t, row, NULL);
	row[0] = doc_label(d, "layout");
	row[1] = r->template_name;
	doc_row_add(t, row, NULL);
	row[0] = doc_label(d, "date");
	row[1] = r->date;
	doc_row_add(t, row, NULL);
	snprintf(epoch, sizeof(epoch), "%lld", r->epoch);
	row[0] = doc_label(d, "epoch");
	row[1] = epoch;
	doc_row_add(t, row, NULL);
	if ((n = doc_table_end(d, t, DOC_FACTS)) != NULL)
		n->keep = 1;
}

/* The parts that [appendix] parts lists, each a section under it. */
void
sec_appendix(struct doc *d, int level)
{
	const char	*parts;
	char		*v, *tok, *save;

	doc_section_begin(d, "appendix", level);
	if ((parts = template_get(d->r->layout, "appendix", "parts")) ==
	    NULL) {
		doc_missing(d, "appendix", "parts");
		return;
	}
	v = xstrdup(parts);
	for (tok = strtok_r(v, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save))
		if (strcmp(tok, "appendix") != 0)
			doc_section(d, tok, level + 1);
	free(v);
}
