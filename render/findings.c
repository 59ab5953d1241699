/*
 * findings.csv: the audit's findings as a table.  Wording comes from
 * templates/rules.ini expanded with each finding's variables; cells go
 * through csvw.c (libcsv quoting, formulas neutralised).  Rows are in the
 * findings' canonical order, so the same fleet gives the same bytes.  With
 * --baseline a last column "change" says new, resolved or unchanged, and
 * the rows come in that order.  What netstat shows on a pinned port
 * (pins.c), in words and as the socket line that shows it, is given here
 * for inventory.csv and the PDF and HTML host pages too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"

static const char *
findings_lookup(const void *arg, const char *key)
{
	const struct finding	*f = arg;

	return (finding_get(f, key));
}

struct findings_waiver {
	const struct finding	*f;
};

static const char *
findings_waiver_lookup(const void *arg, const char *key)
{
	const struct finding	*f = arg;

	if (strcmp(key, "expires") == 0)
		return (f->waiver_expires);
	if (strcmp(key, "reason") == 0)
		return (f->waiver_reason != NULL ? f->waiver_reason : "");
	return (NULL);
}

/* The detail sentence, with the waiver's word in front of it. */
char *
findings_text(struct template *t, const struct finding *f, const char *key)
{
	const char	*tpl, *variant = finding_get(f, "variant"), *wkey;
	char		*body, *w, *both;

	tpl = template_get_variant(t, f->rule->id, key, variant);
	body = tpl != NULL ? template_expand(t, tpl, findings_lookup, f) :
	    xstrdup("");
	if (strcmp(key, "detail") != 0 || (!f->waived && !f->waiver_expired))
		return (body);
	wkey = f->waiver_expired ? "expired" : f->waiver_expires != NULL ?
	    "waived" : "waived_noexpiry";
	if ((tpl = template_get(t, "waiver", wkey)) == NULL)
		return (body);
	w = template_expand(t, tpl, findings_waiver_lookup, f);
	xasprintf(&both, "%s %s", w, body);
	free(w);
	free(body);
	return (both);
}

/* "FILE:LINE: text" lines, one per piece of evidence. */
char *
findings_evidence(const struct finding *f)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*fp;

	fp = open_memstream(&buf, &len);
	for (i = 0; i < f->nev; i++) {
		if (i > 0)
			putc('\n', fp);
		if (f->ev[i].in != NULL)
			fprintf(fp, "%s:%u: %s", f->ev[i].in->path,
			    f->ev[i].line, f->ev[i].text);
		else
			fprintf(fp, "%s", f->ev[i].text);
	}
	fclose(fp);
	return (buf);
}

/* A setting's status in words, from [pin-status] of rules.ini. */
const char *
findings_pin_text(struct template *t, const struct pincheck *pc)
{
	const char	*name = pinstatus_name(pc->status), *v;

	if (t != NULL && (v = template_get(t, "pin-status", name)) != NULL)
		return (v);
	return (name);
}

/* The socket line behind a setting's status, "FILE:LINE: text". */
char *
findings_pin_evidence(const struct pincheck *pc)
{
	struct evidence	 ev;
	char		*s;

	if (!pins_evidence(pc, &ev))
		return (NULL);
	xasprintf(&s, "%s:%u: %s", ev.in->path, ev.line, ev.text);
	return (s);
}

static void
findings_row(FILE *fp, struct template *t, const struct finding *f,
    int changes)
{
	char	*s;

	csvw_cell(fp, f->id, 0);
	csvw_cell(fp, severity_name(f->sev), 1);
	csvw_cell(fp, f->rule->id, 1);
	csvw_cell(fp, f->hi->host->name, 1);
	csvw_cell(fp, f->hi->site, 1);
	csvw_cell(fp, proto_name(f->proto), 1);
	csvw_int(fp, f->port, 1);
	csvw_cell(fp, f->service, 1);
	csvw_cell(fp, f->rule->title, 1);
	s = findings_text(t, f, "detail");
	csvw_cell(fp, s, 1);
	free(s);
	s = findings_evidence(f);
	csvw_cell(fp, s, 1);
	free(s);
	s = findings_text(t, f, "recommendation");
	csvw_cell(fp, s, 1);
	free(s);
	if (changes)
		csvw_cell(fp, change_name(f->change), 1);
	csvw_end(fp);
}

/* A finding of the baseline that this audit no longer raises. */
static void
findings_resolved_row(FILE *fp, const struct oldfinding *o)
{
	csvw_cell(fp, o->id, 0);
	csvw_cell(fp, severity_name(o->sev), 1);
	csvw_cell(fp, o->rule, 1);
	csvw_cell(fp, o->host, 1);
	csvw_cell(fp, o->site, 1);
	csvw_cell(fp, o->proto, 1);
	csvw_int(fp, o->port, 1);
	csvw_cell(fp, o->service, 1);
	csvw_cell(fp, o->title, 1);
	csvw_cell(fp, o->detail, 1);
	csvw_cell(fp, o->evidence, 1);
	csvw_cell(fp, o->recommendation, 1);
	csvw_cell(fp, change_name(CHANGE_RESOLVED), 1);
	csvw_end(fp);
}

void
findings_csv(FILE *fp, struct template *t, const struct audit *a)
{
	static const char *const cols[] = {
		"id", "severity", "rule", "host", "site", "proto", "port",
		"service", "title", "detail", "evidence", "recommendation"
	};
	const struct baseline	*b = a->baseline;
	size_t			 i, k;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvw_cell(fp, cols[i], i > 0);
	if (b != NULL)
		csvw_cell(fp, "change", 1);
	csvw_end(fp);
	/* With a baseline: new, then resolved, then unchanged findings. */
	for (i = 0; i < a->nfindings &&
	    a->findings[i]->change == CHANGE_NEW; i++)
		findings_row(fp, t, a->findings[i], b != NULL);
	for (k = 0; b != NULL && k < b->nresolved; k++)
		findings_resolved_row(fp, b->resolved[k]);
	for (; i < a->nfindings; i++)
		findings_row(fp, t, a->findings[i], b != NULL);
}
