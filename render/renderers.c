/*
 * The renderer table: one const struct renderer per output format, each
 * writing one file of the output folder.  A new format is a file plus a
 * line here.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "doc.h"

static int
renderers_csv(const struct report *r, FILE *fp)
{
	findings_csv(fp, r->rules, r->audit);
	return (0);
}

static int
renderers_inventory(const struct report *r, FILE *fp)
{
	return (inventory_csv(fp, r->rules, r->audit, r->inventory_all,
	    r->jobs));
}

/* report.html: the document model built, then drawn as one page. */
static int
renderers_html(const struct report *r, FILE *fp)
{
	struct doc	*d;
	int		 rc;

	d = doc_build(r);
	rc = html_write(fp, d);
	doc_free(d);
	return (rc);
}

const struct renderer renderer_csv = {
	"csv", "findings.csv", renderers_csv
};

const struct renderer renderer_inventory = {
	"csv", "inventory.csv", renderers_inventory
};

const struct renderer renderer_html = {
	"html", "report.html", renderers_html
};

const struct renderer *const renderer_table[] = {
	&renderer_csv,
	&renderer_inventory,
	&renderer_json,
	&renderer_sarif,
	&renderer_pdf,
	&renderer_html,
	NULL
};

/* The first renderer of a --format name (csv has two files). */
const struct renderer *
renderer_find(const char *name)
{
	size_t	 i;

	for (i = 0; renderer_table[i] != NULL; i++)
		if (strcmp(renderer_table[i]->name, name) == 0)
			return (renderer_table[i]);
	return (NULL);
}
