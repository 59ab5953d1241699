/*
 * report.html: the document model (doc.h) drawn as one self-contained
 * HTML page.  The stylesheet and the script (render/report.css and
 * render/report.js, compiled in) and every chart (inline SVG) are inside
 * the page; a Content-Security-Policy forbids loading anything else and
 * any script but ours (by its SHA-256).  Sections are <section>s with
 * the model's anchors as ids, headings follow the model's levels, tables
 * have <th scope>, the findings index carries data-severity, -rule, -site
 * and -host for report.js to filter and sort by.  Every string of the
 * model goes through htmlw_text: host names and evidence lines come from
 * the fleet and may hold anything.  Nothing here depends on the time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "doc.h"
#include "htmlw.h"

/* The compiled-in stylesheet and script (tools/embed.sh). */
extern const char html_css[];
extern const size_t html_css_len;
extern const char html_js[];
extern const size_t html_js_len;

/* Port maps drawn at most: past them a page of a thousand hosts would
 * weigh a hundred megabytes (the PDF and charts/ have every map). */
#define HTML_MAXMAPS	50

struct html {
	FILE			*fp;
	const struct doc	*d;
	int			 hlevel;	/* <hN> of the last heading */
	size_t			 nmaps;		/* port maps drawn */
};

/* The <hN> of a model heading level (0: the section's title, <h2>). */
static int
html_hn(int level)
{
	level += 2;
	return (level < 2 ? 2 : level > 6 ? 6 : level);
}

/* One deeper than the last heading, for lead-ins and finding titles. */
static int
html_sub(const struct html *h)
{
	return (h->hlevel >= 6 ? 6 : h->hlevel + 1);
}

static void
html_id(struct html *h, const char *anchor)
{
	if (anchor != NULL)
		htmlw_attr(h->fp, "id", anchor);
}

/* The filter and sort attributes of a row or a finding. */
static void
html_attrs(struct html *h, const struct doc_attrs *a)
{
	if (a->level == NULL)
		return;
	htmlw_attr(h->fp, "data-severity", a->level);
	fprintf(h->fp, " data-sevrank=\"%d\"", a->sev);
	if (a->rule != NULL)
		htmlw_attr(h->fp, "data-rule", a->rule);
	if (a->site != NULL)
		htmlw_attr(h->fp, "data-site", a->site);
	if (a->host != NULL)
		htmlw_attr(h->fp, "data-host", a->host);
}

/* Text, as a link when l points somewhere. */
static void
html_linked(struct html *h, const struct doc_link *l, const char *text,
    const char *cls)
{
	if (l->to == DOC_TO_NONE || l->target == NULL) {
		if (cls != NULL)
			fprintf(h->fp, "<span class=\"%s\">", cls);
		htmlw_text(h->fp, text);
		if (cls != NULL)
			fputs("</span>", h->fp);
		return;
	}
	fputs("<a", h->fp);
	if (cls != NULL)
		fprintf(h->fp, " class=\"%s\"", cls);
	fputs(" href=\"#", h->fp);
	htmlw_text(h->fp, l->target);
	fputs("\">", h->fp);
	htmlw_text(h->fp, text);
	fputs("</a>", h->fp);
}

static void
html_sevspan(struct html *h, const char *level, const char *text)
{
	fputs("<span class=\"sev sev-", h->fp);
	htmlw_text(h->fp, level);
	fputs("\">", h->fp);
	htmlw_text(h->fp, text);
	fputs("</span>", h->fp);
}

/* The page's head: charset, the policy, title, stylesheet. */
static void
html_head(struct html *h)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned char	 b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
	unsigned int	 mdlen = 0;

	if (EVP_Digest(html_js, html_js_len, md, &mdlen, EVP_sha256(),
	    NULL) != 1)
		mdlen = 0;
	EVP_EncodeBlock(b64, md, (int)mdlen);
	fputs("<!DOCTYPE html>\n<html lang=\"en\" data-script=\"none\">\n"
	    "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n", h->fp);
	fprintf(h->fp, "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	    "img-src data:; script-src 'sha256-%s'\">\n", b64);
	fputs("<meta name=\"generator\" content=\"portaudit\">\n<title>",
	    h->fp);
	htmlw_text(h->fp, h->d->title);
	fputs("</title>\n<style>\n", h->fp);
	fwrite(html_css, 1, html_css_len, h->fp);
	fputs("</style>\n</head>\n<body>\n", h->fp);
}

static void
html_section(struct html *h, const struct doc_node *nd)
{
	const struct doc_section	*s = &nd->u.sec;

	fputs("<section", h->fp);
	html_id(h, s->anchor);
	fputs(" class=\"s-", h->fp);
	htmlw_text(h->fp, s->name);
	if (nd->hints & DOC_H_NEWPAGE)
		fputs(" newpage", h->fp);
	if (nd->hints & DOC_H_BREAKAFTER)
		fputs(" breakafter", h->fp);
	if (nd->hints & DOC_H_TITLEPAGE)
		fputs(" title-page", h->fp);
	fputs("\"", h->fp);
	if (s->hi != NULL)
		htmlw_attr(h->fp, "data-host", s->hi->host->name);
	fputs(">\n", h->fp);
}

static void
html_heading(struct html *h, const struct doc_heading *hd)
{
	h->hlevel = html_hn(hd->level);
	fprintf(h->fp, "<h%d", h->hlevel);
	html_id(h, hd->anchor);
	if (hd->sev >= 0 && hd->sev < SEV__MAX)
		fprintf(h->fp, " class=\"sev-%s\"", severity_name(hd->sev));
	fputs(">", h->fp);
	htmlw_text(h->fp, hd->text);
	fprintf(h->fp, "</h%d>\n", h->hlevel);
}

static void
html_para(struct html *h, const struct doc_para *p)
{
	const char	*cls = NULL;
	int		 n;

	switch (p->style) {
	case DOC_P_TITLE:
		fputs("<h1>", h->fp);
		htmlw_text(h->fp, p->text);
		fputs("</h1>\n", h->fp);
		h->hlevel = 1;
		return;
	case DOC_P_LEAD:
		n = html_sub(h);
		fprintf(h->fp, "<h%d class=\"lead\">", n);
		htmlw_text(h->fp, p->text);
		fprintf(h->fp, "</h%d>\n", n);
		return;
	case DOC_P_EVIDENCE:
		fputs("<pre class=\"evline\">", h->fp);
		htmlw_text(h->fp, p->text);
		fputs("</pre>\n", h->fp);
		return;
	case DOC_P_ITEM:
		cls = "item";
		break;
	case DOC_P_META:
		cls = "meta";
		break;
	case DOC_P_NOTE:
		cls = "note";
		break;
	case DOC_P_SUBTITLE:
		cls = "subtitle";
		break;
	case DOC_P_BODY:
		break;
	}
	fputs("<p", h->fp);
	if (cls != NULL || p->sev >= 0) {
		fputs(" class=\"", h->fp);
		if (cls != NULL)
			fputs(cls, h->fp);
		if (p->sev >= 0 && p->sev < SEV__MAX)
			fprintf(h->fp, "%ssev-%s", cls != NULL ? " " : "",
			    severity_name(p->sev));
		fputs("\"", h->fp);
	}
	fputs(">", h->fp);
	htmlw_text(h->fp, p->text);
	fputs("</p>\n", h->fp);
}

/* Key-value facts: a row header and its value. */
static void
html_facts(struct html *h, const struct doc_table *t)
{
	const struct doc_row	*row;
	size_t			 i;

	fputs("<table class=\"facts t-", h->fp);
	htmlw_text(h->fp, t->name);
	fputs("\">\n<tbody>\n", h->fp);
	for (i = 0; i < t->nrows; i++) {
		row = &t->rows[i];
		fputs("<tr", h->fp);
		html_id(h, row->anchor);
		fputs("><th scope=\"row\">", h->fp);
		if (t->ncols > 0)
			html_linked(h, &row->cells[0].link,
			    row->cells[0].text, NULL);
		fputs("</th><td>", h->fp);
		if (t->ncols > 1)
			html_linked(h, &row->cells[1].link,
			    row->cells[1].text, NULL);
		fputs("</td></tr>\n", h->fp);
	}
	fputs("</tbody>\n</table>\n", h->fp);
}

/* The cell that carries the row's own link, or ncols: none. */
static size_t
html_rowlink(const struct doc_row *row, size_t ncols)
{
	size_t	 c, first = ncols;

	if (row->link.to == DOC_TO_NONE || row->link.target == NULL ||
	    (row->anchor != NULL && strcmp(row->anchor, row->link.target) ==
	    0))
		return (ncols);
	for (c = 0; c < ncols; c++) {
		if (row->cells[c].link.to != DOC_TO_NONE)
			return (ncols);
		if (first == ncols && row->cells[c].text != NULL &&
		    (row->attrs.level == NULL || c > 0))
			first = c;
	}
	return (first);
}

static void
html_cell(struct html *h, const struct doc_table *t, const struct doc_row *row,
    size_t c)
{
	const struct doc_cell	*cell = &row->cells[c];
	const struct doc_link	*l = &cell->link;

	fputs(t->cols[c].right ? "<td class=\"num\">" : "<td>", h->fp);
	if (row->attrs.level != NULL && cell->text != NULL &&
	    strcmp(t->cols[c].key, "severity") == 0)
		html_sevspan(h, row->attrs.level, cell->text);
	else {
		/* The row's own link (a finding) on its first text cell
		 * when no cell links. */
		if (c == html_rowlink(row, t->ncols))
			l = &row->link;
		html_linked(h, l, cell->text, NULL);
	}
	/* Under a finding's row, the extra line stays in its row, so the
	 * filters hide both. */
	if (c + 1 == t->ncols && row->extra != NULL &&
	    row->attrs.level != NULL) {
		fputs("<div class=\"extra\"><code>", h->fp);
		htmlw_text(h->fp, row->extra);
		fputs("</code></div>", h->fp);
	}
	fputs("</td>", h->fp);
}

static void
html_table(struct html *h, const struct doc_table *t)
{
	const struct doc_row	*row;
	size_t			 i, c;
	int			 filter;

	filter = strcmp(t->name, "findings-index") == 0;
	/* Thousands of rows: laid out only near the screen, their height
	 * until then from their number (report.css). */
	if (filter)
		fprintf(h->fp, "<div class=\"index\" style=\"--rows:%zu\">\n",
		    t->nrows);
	fputs("<table class=\"t-", h->fp);
	htmlw_text(h->fp, t->name);
	fputs(filter ? " filterable\">\n" : "\">\n", h->fp);
	fputs("<colgroup>", h->fp);
	for (c = 0; c < t->ncols; c++)
		fprintf(h->fp, "<col style=\"width:%.0f%%\">",
		    t->cols[c].width * 100.0);
	fputs("</colgroup>\n", h->fp);
	if (t->header) {
		fputs("<thead>\n<tr>", h->fp);
		for (c = 0; c < t->ncols; c++) {
			fputs("<th scope=\"col\"", h->fp);
			htmlw_attr(h->fp, "data-key", t->cols[c].key);
			if (t->cols[c].right)
				fputs(" class=\"num\"", h->fp);
			fputs(">", h->fp);
			htmlw_text(h->fp, t->cols[c].label);
			fputs("</th>", h->fp);
		}
		fputs("</tr>\n</thead>\n", h->fp);
	}
	fputs("<tbody>\n", h->fp);
	for (i = 0; i < t->nrows; i++) {
		row = &t->rows[i];
		fputs("<tr", h->fp);
		html_id(h, row->anchor);
		html_attrs(h, &row->attrs);
		fputs(">", h->fp);
		for (c = 0; c < t->ncols; c++)
			html_cell(h, t, row, c);
		fputs("</tr>\n", h->fp);
		if (row->extra != NULL && row->attrs.level == NULL) {
			fprintf(h->fp, "<tr class=\"extra\"><td colspan=\"%zu\">"
			    "<code>", t->ncols);
			htmlw_text(h->fp, row->extra);
			fputs("</code></td></tr>\n", h->fp);
		}
	}
	fputs("</tbody>\n</table>\n", h->fp);
	if (filter)
		fputs("</div>\n", h->fp);
}

/* A chart as inline SVG; its text alternative as a caption if it fails. */
static int
html_figure(struct html *h, const struct doc_figure *fg, size_t idx)
{
	struct chart_svg	 cs;
	char			 pfx[32], *say = NULL;
	int			 rc;

	if (fg->chart == DOC_CHART_PORTMAP && h->nmaps++ >= HTML_MAXMAPS) {
		fputs("<figure class=\"chart omitted\">\n<p class=\"note\">",
		    h->fp);
		if (h->d->r->layout != NULL && (say = doc_say((struct doc *)h->d,
		    "labels", "map_omitted")) != NULL)
			htmlw_text(h->fp, say);
		else
			htmlw_text(h->fp, fg->alt);
		fputs("</p>\n</figure>\n", h->fp);
		free(say);
		return (0);
	}
	snprintf(pfx, sizeof(pfx), "c%zu-", idx);
	cs.idpfx = pfx;
	cs.title = fg->alt;
	chart_svg_capture(&cs);
	rc = doc_chart(h->d, fg, NULL, NULL, 0);
	chart_svg_capture(NULL);
	fputs("<figure class=\"chart\">\n", h->fp);
	if (rc == 0 && cs.p != NULL)
		fwrite(cs.p, 1, cs.len, h->fp);
	else {
		fputs("<p class=\"note\">", h->fp);
		htmlw_text(h->fp, fg->alt);
		fputs("</p>", h->fp);
	}
	fputs("\n</figure>\n", h->fp);
	free(cs.p);
	return (rc);
}

static void
html_evidence(struct html *h, const struct doc_finding *fd)
{
	const struct doc_evline	*ev;
	char			*where;
	size_t			 i;

	if (fd->nev == 0)
		return;
	if (fd->evlabel != NULL) {
		fputs("<p class=\"evlabel\">", h->fp);
		htmlw_text(h->fp, fd->evlabel);
		fputs("</p>\n", h->fp);
	}
	fputs("<ol class=\"evidence\">\n", h->fp);
	for (i = 0; i < fd->nev; i++) {
		ev = &fd->ev[i];
		fputs("<li>", h->fp);
		if (ev->file != NULL) {
			if (ev->line > 0)
				xasprintf(&where, "%s:%u", ev->file, ev->line);
			else
				where = xstrdup(ev->file);
			html_linked(h, &ev->link, where, "where");
			free(where);
			fputs(": ", h->fp);
		}
		fputs("<code class=\"text\">", h->fp);
		htmlw_text(h->fp, ev->text != NULL ? ev->text : ev->display);
		fputs("</code></li>\n", h->fp);
	}
	fputs("</ol>\n", h->fp);
}

static void
html_finding(struct html *h, const struct doc_finding *fd)
{
	int	 n = html_sub(h);

	fputs("<article class=\"finding", h->fp);
	if (fd->attrs.level != NULL) {
		fputs(" sev-", h->fp);
		htmlw_text(h->fp, fd->attrs.level);
	}
	if (fd->brief)
		fputs(" brief", h->fp);
	fputs("\"", h->fp);
	html_id(h, fd->anchor);
	html_attrs(h, &fd->attrs);
	fprintf(h->fp, ">\n<h%d>", n);
	htmlw_text(h->fp, fd->title);
	fprintf(h->fp, "</h%d>\n", n);
	if (fd->meta != NULL || fd->host.to != DOC_TO_NONE) {
		fputs("<p class=\"meta\">", h->fp);
		htmlw_text(h->fp, fd->meta);
		if (fd->host.to != DOC_TO_NONE && fd->attrs.host != NULL) {
			fputs(" \xe2\x80\x94 ", h->fp);
			html_linked(h, &fd->host, fd->attrs.host, "hostlink");
		}
		fputs("</p>\n", h->fp);
	}
	if (fd->detail != NULL) {
		fputs("<p>", h->fp);
		htmlw_text(h->fp, fd->detail);
		fputs("</p>\n", h->fp);
	}
	if (fd->recommendation != NULL) {
		fputs("<p class=\"recommendation\">", h->fp);
		htmlw_text(h->fp, fd->recommendation);
		fputs("</p>\n", h->fp);
	}
	html_evidence(h, fd);
	fputs("</article>\n", h->fp);
}

/* Draw the model as one HTML page; -1 when a chart could not be drawn. */
int
html_write(FILE *fp, const struct doc *d)
{
	struct html		 h;
	const struct doc_node	*nd;
	size_t			 i;
	int			 rc = 0;

	memset(&h, 0, sizeof(h));
	h.fp = fp;
	h.d = d;
	h.hlevel = 1;
	html_head(&h);
	fputs("<main>\n", fp);
	for (i = 0; i < d->n; i++) {
		nd = &d->v[i];
		if (nd->media != 0 && !(nd->media & DOC_M_SCREEN)) {
			if (nd->kind == DOC_SECTION && nd->u.sec.end > i)
				i = nd->u.sec.end;
			continue;
		}
		switch (nd->kind) {
		case DOC_SECTION:
			html_section(&h, nd);
			break;
		case DOC_END:
			fputs("</section>\n", fp);
			break;
		case DOC_HEADING:
			html_heading(&h, &nd->u.head);
			break;
		case DOC_PARA:
			html_para(&h, &nd->u.para);
			break;
		case DOC_FACTS:
			html_facts(&h, &nd->u.table);
			break;
		case DOC_TABLE:
			html_table(&h, &nd->u.table);
			break;
		case DOC_FIGURE:
			if (html_figure(&h, &nd->u.fig, i) == -1)
				rc = -1;
			break;
		case DOC_FINDING:
			html_finding(&h, &nd->u.find);
			break;
		}
	}
	fputs("</main>\n<script>", fp);
	fwrite(html_js, 1, html_js_len, fp);
	fputs("</script>\n</body>\n</html>\n", fp);
	return (rc);
}
