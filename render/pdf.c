/*
 * report.pdf: the report's document model (doc.h) drawn with libharu.
 *
 * doc_build() decides what the report says, from the audience layout
 * (templates/NAME.ini) and the audit; this file only draws its nodes on
 * A4 pages through the layout engine (pdf_layout.c): the spacing of each
 * paragraph style, where pages break, the charts as PNG.  Pages are laid
 * out first and numbered after, once their count is known.  Nothing in
 * the document varies but the inputs and SOURCE_DATE_EPOCH, so the same
 * fleet gives the same bytes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/pdf_layout.h"

static void
pdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *arg)
{
	struct pdf	*p = arg;

	if (p->err == 0) {
		p->err = error;
		p->errdetail = detail;
	}
}

/* --- Drawing the model -------------------------------------------- */

static const enum pdf_style pdf_parastyle[] = {
	PS_BODY,	/* DOC_P_BODY */
	PS_ITEM,	/* DOC_P_ITEM */
	PS_META,	/* DOC_P_META */
	PS_ITEM,	/* DOC_P_LEAD */
	PS_BODY,	/* DOC_P_NOTE */
	PS_TITLE,	/* DOC_P_TITLE */
	PS_SUBTITLE,	/* DOC_P_SUBTITLE */
	PS_EVIDENCE	/* DOC_P_EVIDENCE */
};

static const double *
pdf_sev(int sev)
{
	return (sev >= 0 && sev < SEV__MAX ? pdf_sevrgb[sev] : NULL);
}

/* The height a node of a kept group takes: a paragraph's lines, a
 * table's rows at one line each. */
static double
pdf_node_height(struct pdf *p, const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_PARA:
		return (pdf_para_height(p, pdf_parastyle[n->u.para.style], 0,
		    n->u.para.text));
	case DOC_TABLE:
	case DOC_FACTS:
		return (n->u.table.nrows * (pdf_styles[PS_CELL].lead +
		    2 * PDF_PAD));
	default:
		return (0);
	}
}

/*
 * A paragraph: body text with a gap under it, a lead-in with room for
 * what follows it, the title page's title with its outline entry.
 */
static void
pdf_draw_para(struct pdf *p, const struct doc_node *n)
{
	const struct doc_para	*pa = &n->u.para;
	enum pdf_style		 st = pdf_parastyle[pa->style];

	switch (pa->style) {
	case DOC_P_TITLE:
		pdf_outline(p, 0, pa->text);
		pdf_para(p, st, pa->text);
		p->y -= 6;
		if (p->titlepage == 1)
			p->titlepage = 2;
		break;
	case DOC_P_BODY:
		pdf_para(p, st, pa->text);
		pdf_gap(p, 6);
		break;
	case DOC_P_LEAD:
	case DOC_P_NOTE:
		pdf_gap(p, 4);
		pdf_need(p, 5 * pdf_styles[PS_BODY].lead);
		pdf_para(p, st, pa->text);
		pdf_gap(p, 2);
		break;
	case DOC_P_META:
		if (n->hints & DOC_H_FOOT)
			p->y = PDF_BOTTOM + 60;
		pdf_para(p, st, pa->text);
		break;
	case DOC_P_EVIDENCE:
		pdf_para_at(p, st, 10, pa->text, NULL);
		break;
	default:
		pdf_para_at(p, st, 0, pa->text, pdf_sev(pa->sev));
		break;
	}
}

static void
pdf_draw_table(struct pdf *p, const struct doc_table *dt)
{
	struct pdf_table	 t;
	const char		**cells;
	size_t			 i, j;

	if (p->titlepage)
		p->y -= 16;
	pdf_table_doc(&t, dt);
	cells = xcalloc(dt->ncols, sizeof(*cells));
	for (i = 0; i < dt->nrows; i++) {
		for (j = 0; j < dt->ncols; j++)
			cells[j] = dt->rows[i].cells[j].text;
		pdf_table_row(p, &t, cells, dt->rows[i].extra);
	}
	free(cells);
	pdf_table_free(p, &t);
}

static void
pdf_draw_figure(struct pdf *p, const struct doc_figure *fig)
{
	char	*png, *svg;

	if (p->chartdir == NULL)
		return;
	pdf_chart_paths(p, fig->stem, &png, &svg);
	if (doc_chart(p->d, fig, png, svg, PDF_DPI) == 0)
		pdf_image(p, png, fig->maxh);
	free(png);
	free(svg);
}

/* Every evidence line, one paragraph each (a line of several: each). */
static void
pdf_draw_evlines(struct pdf *p, const struct doc_finding *b, double indent)
{
	char	*line, *next, *v;
	size_t	 i;

	for (i = 0; i < b->nev; i++) {
		v = xstrdup(b->ev[i].display);
		for (line = v; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			pdf_para_at(p, PS_EVIDENCE, indent, line, NULL);
		}
		free(v);
	}
}

/* The evidence lines as one text, for their height. */
static char *
pdf_evtext(const struct doc_finding *b)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*fp;

	if (b->nev == 0)
		return (NULL);
	fp = open_memstream(&buf, &len);
	for (i = 0; i < b->nev; i++)
		fprintf(fp, "%s%s", i > 0 ? "\n" : "", b->ev[i].display);
	fclose(fp);
	return (buf);
}

/* One finding: title, facts, detail, recommendation and evidence, kept
 * on one page when they fit; the brief form has title and evidence. */
static void
pdf_draw_finding(struct pdf *p, const struct doc_finding *b)
{
	static const enum pdf_style st[] = {
		PS_ITEM, PS_META, PS_BODY, PS_BODY, PS_META
	};
	const char	*s[5];
	char		*ev;
	double		 h;
	size_t		 i;

	s[0] = b->title;
	s[1] = b->meta;
	s[2] = b->detail;
	s[3] = b->recommendation;
	s[4] = b->evlabel;
	ev = pdf_evtext(b);
	if (b->brief)
		h = pdf_para_height(p, PS_ITEM, 0, s[0]) +
		    pdf_para_height(p, PS_EVIDENCE, 10, ev);
	else {
		h = pdf_para_height(p, PS_EVIDENCE, 10, ev) + 3;
		for (i = 0; i < 5; i++)
			h += pdf_para_height(p, st[i], 0, s[i]);
	}
	free(ev);
	pdf_keep(p, h);
	pdf_marker(p, b->f->sev);
	for (i = 0; i < (b->brief ? 1 : 5); i++) {
		if (i == 3 && s[3] != NULL)
			pdf_gap(p, 3);
		pdf_para(p, st[i], s[i]);
	}
	pdf_draw_evlines(p, b, 10);
	pdf_gap(p, b->brief ? 6 : 10);
}

/*
 * A section's page: the title page starts one and lowers its title; a
 * host page starts one unless it fits under what is there; any other
 * section starts one at the top level or after host pages.
 */
static void
pdf_draw_section(struct pdf *p, const struct doc_node *n)
{
	const struct doc_section	*sec = &n->u.sec;

	if (n->hints & DOC_H_TITLEPAGE) {
		if (!p->fresh)
			pdf_page_new(p);
		p->y = PDF_TOP - 150;
		p->titlepage = 1;
	} else if (sec->hi != NULL) {
		if ((n->hints & DOC_H_NEWPAGE) ||
		    p->y < PDF_BOTTOM + PDF_BODYH * n->need)
			pdf_page_new(p);
	} else {
		if ((sec->level == 0 || p->breaknext) && !p->fresh)
			pdf_page_new(p);
		p->breaknext = 0;
	}
}

static void
pdf_draw_node(struct pdf *p, const struct doc_node *n, size_t i)
{
	double	 h = 0;
	size_t	 k;

	if (!(n->media & DOC_M_PRINT))
		return;
	if (p->titlepage == 2 && n->kind != DOC_END &&
	    !(n->kind == DOC_PARA && n->u.para.style == DOC_P_SUBTITLE)) {
		p->y -= 30;
		p->titlepage = 3;
	}
	if (n->keep > 0) {
		for (k = i; k < i + n->keep && k < p->d->n; k++)
			h += pdf_node_height(p, &p->d->v[k]);
		pdf_keep(p, h);
	}
	switch (n->kind) {
	case DOC_SECTION:
		pdf_draw_section(p, n);
		break;
	case DOC_END:
		if (n->hints & DOC_H_BREAKAFTER)
			p->breaknext = 1;
		p->titlepage = 0;
		break;
	case DOC_HEADING:
		if (n->need > 0)
			pdf_need(p, PDF_BODYH * n->need);
		pdf_heading(p, n->u.head.level, n->u.head.text,
		    pdf_sev(n->u.head.sev));
		break;
	case DOC_PARA:
		pdf_draw_para(p, n);
		break;
	case DOC_FACTS:
	case DOC_TABLE:
		pdf_draw_table(p, &n->u.table);
		break;
	case DOC_FIGURE:
		pdf_draw_figure(p, &n->u.fig);
		break;
	case DOC_FINDING:
		pdf_draw_finding(p, &n->u.find);
		break;
	}
}

/* Draw the nodes [from, to) of the document. */
static void
pdf_draw(struct pdf *p, size_t from, size_t to)
{
	size_t	 i;

	for (i = from; i < to; i++)
		pdf_draw_node(p, &p->d->v[i], i);
}

/* --- The document ------------------------------------------------- */

/* "Page N of M" on every page, and the title above all but the first. */
static void
pdf_furniture(struct pdf *p)
{
	const struct pdf_styledef	*d = &pdf_styles[PS_FOOT];
	const char			*kv[5];
	char				 num[2][24], *s;
	size_t				 i;

	kv[0] = "page";
	kv[1] = num[0];
	kv[2] = "pages";
	kv[3] = num[1];
	kv[4] = NULL;
	snprintf(num[1], sizeof(num[1]), "%zu", p->npages);
	for (i = 0; i < p->npages; i++) {
		p->page = p->pages[i];
		snprintf(num[0], sizeof(num[0]), "%zu", i + 1);
		if ((s = doc_say_kv(p->d, "labels", "footer", kv)) == NULL)
			s = xstrdup(num[0]);
		pdf_color(p, d->gray);
		pdf_show(p, PS_FOOT, PDF_LEFT + PDF_WIDTH - pdf_text_width(
		    p->font, d->size, s, strlen(s)), PDF_BOTTOM - 26, s,
		    strlen(s));
		free(s);
		if (i > 0) {
			pdf_show(p, PS_FOOT, PDF_LEFT, PDF_TOP + 22, p->d->title,
			    strlen(p->d->title));
			pdf_hline(p, PDF_TOP + 16, 0.8, 0.4);
		}
		pdf_hline(p, PDF_BOTTOM - 14, 0.8, 0.4);
		pdf_color(p, 0);
	}
}

static void
pdf_info(struct pdf *p)
{
	HPDF_Date	 d;
	struct tm	 tm;
	time_t		 t = (time_t)p->r->epoch;
	char		*creator;

	HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, p->d->title);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, "portaudit");
	xasprintf(&creator, "portaudit %s", PORTAUDIT_VERSION);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, creator);
	free(creator);
	if (gmtime_r(&t, &tm) == NULL)
		return;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
}

/*
 * libharu 2.3.0 gives a UTF-8 TrueType font a ToUnicode CMap made of a
 * cidrange, which is not valid there: poppler warns and other readers
 * may copy text wrongly.  Codes are Unicode (Identity-H with the CIDs
 * mapped to glyphs), so the right map is the identity; write it instead.
 */
static void
pdf_fix_tounicode(HPDF_Font font)
{
	HPDF_Dict	 cmap;
	char		 line[64];
	unsigned	 hi, n = 0, block;

	if (font == NULL || (cmap = HPDF_Dict_GetItem(font, "ToUnicode",
	    HPDF_OCLASS_DICT)) == NULL || cmap->stream == NULL)
		return;
	HPDF_MemStream_FreeData(cmap->stream);
	HPDF_Stream_WriteStr(cmap->stream, "/CIDInit /ProcSet findresource "
	    "begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry "
	    "(Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName "
	    "/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange"
	    "\n<0000> <FFFF>\nendcodespacerange\n");
	/* 248 rows of 256 codes (no surrogates), at most 100 per block */
	for (hi = 0; hi < 256; hi++) {
		if (hi >= 0xd8 && hi <= 0xdf)
			continue;
		if (n % 100 == 0) {
			block = 248 - n < 100 ? 248 - n : 100;
			snprintf(line, sizeof(line), "%u beginbfrange\n",
			    block);
			HPDF_Stream_WriteStr(cmap->stream, line);
		}
		snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n",
		    hi, hi, hi);
		HPDF_Stream_WriteStr(cmap->stream, line);
		if (++n % 100 == 0 || n == 248)
			HPDF_Stream_WriteStr(cmap->stream, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(cmap->stream, "endcmap\nCMapName currentdict "
	    "/CMap defineresource pop\nend\nend\n");
}

static int
pdf_fonts(struct pdf *p)
{
	const char	*name;

	if (p->r->font == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: no TrueType font "
		    "found (install fonts-dejavu-core)");
		return (-1);
	}
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	p->enc = HPDF_GetEncoder(p->doc, "UTF-8");
	if ((name = HPDF_LoadTTFontFromFile(p->doc, p->r->font,
	    HPDF_TRUE)) == NULL ||
	    (p->font = HPDF_GetFont(p->doc, name, "UTF-8")) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: cannot load the font",
		    p->r->font);
		return (-1);
	}
	p->bold = p->font;
	if (p->r->font_bold != NULL &&
	    (name = HPDF_LoadTTFontFromFile(p->doc, p->r->font_bold,
	    HPDF_TRUE)) != NULL)
		p->bold = HPDF_GetFont(p->doc, name, "UTF-8");
	if (p->bold == NULL) {
		HPDF_ResetError(p->doc);
		p->err = 0;
		p->bold = p->font;
	}
	pdf_fix_tounicode(p->font);
	if (p->bold != p->font)
		pdf_fix_tounicode(p->bold);
	return (0);
}

/* OUT/charts, created; NULL when there is no output folder. */
static char *
pdf_chartdir(const struct report *r)
{
	char	*dir;

	if (r->outdir == NULL)
		return (NULL);
	xasprintf(&dir, "%s/charts", r->outdir);
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", dir, strerror(errno));
		free(dir);
		return (NULL);
	}
	return (dir);
}

char *
pdf_plan_chart(const struct report *r, const struct audit *b)
{
	struct report	 rb = *r;
	char		*dir, *png, *svg;
	int		 rc;

	if ((dir = pdf_chartdir(r)) == NULL)
		return (NULL);
	rb.audit = b;
	xasprintf(&png, "%s/fleetmap-plan.png", dir);
	xasprintf(&svg, "%s/fleetmap-plan.svg", dir);
	rc = chart_fleetmap(&rb, png, svg, PDF_DPI);
	free(svg);
	free(dir);
	if (rc == -1) {
		free(png);
		return (NULL);
	}
	return (png);
}

static int
pdf_copy(struct pdf *p, FILE *fp)
{
	HPDF_BYTE	 buf[16384];
	HPDF_UINT32	 size, done = 0, n;

	if (HPDF_SaveToStream(p->doc) != HPDF_OK)
		return (-1);
	size = HPDF_GetStreamSize(p->doc);
	HPDF_ResetStream(p->doc);
	while (done < size) {
		n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		if (HPDF_ReadFromStream(p->doc, buf, &n) != HPDF_OK &&
		    n == 0)
			return (-1);
		if (fwrite(buf, 1, n, fp) != n)
			return (-1);
		done += n;
	}
	return (0);
}

static void
pdf_free(struct pdf *p)
{
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	free(p->pages);
	free(p->chartdir);
	free(p->lines.v);
	doc_free(p->d);
}

/* Build the report's document, draw it, number its pages and copy the
 * PDF to fp. */
static int
pdf_emit(const struct report *r, FILE *fp)
{
	struct pdf	 p;
	int		 rc = -1;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.d = doc_build(r);
	if ((p.doc = HPDF_New(pdf_error, &p)) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: libharu failed");
		goto out;
	}
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
	HPDF_SetPageMode(p.doc, HPDF_PAGE_MODE_USE_OUTLINE);
	if (pdf_fonts(&p) == -1)
		goto out;
	p.chartdir = pdf_chartdir(r);
	pdf_info(&p);
	pdf_draw(&p, 0, p.d->n);
	if (p.page == NULL)
		pdf_page_new(&p);
	pdf_furniture(&p);
	if (p.err == 0 && pdf_copy(&p, fp) == 0)
		rc = 0;
	else if (p.err != 0)
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: libharu error 0x%04lX "
		    "(detail %lu)", (unsigned long)p.err,
		    (unsigned long)p.errdetail);
	else
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: %s", strerror(errno));
out:
	pdf_free(&p);
	return (rc);
}

const struct renderer renderer_pdf = { "pdf", "report.pdf", pdf_emit };
