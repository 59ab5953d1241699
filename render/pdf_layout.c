/*
 * The PDF's layout engine: A4 pages, UTF-8 text through a TrueType font
 * wrapped to the width, headings with outline entries, tables whose
 * header repeats on each page and whose rows never split unless taller
 * than a page, and PNG charts embedded as they are.  It knows nothing of
 * the report: pdf.c tells it what to draw.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/pdf_layout.h"

const struct pdf_styledef pdf_styles[] = {
	{ 0, 9.5, 13.0, 0.0 },		/* PS_BODY */
	{ 0, 7.0, 9.0, 0.25 },		/* PS_EVIDENCE */
	{ 1, 9.5, 13.0, 0.0 },		/* PS_ITEM */
	{ 0, 7.5, 10.0, 0.40 },		/* PS_META */
	{ 0, 8.0, 10.0, 0.0 },		/* PS_CELL */
	{ 1, 8.0, 10.0, 0.0 },		/* PS_HEAD */
	{ 1, 17.0, 22.0, 0.0 },		/* PS_H1 */
	{ 1, 12.5, 17.0, 0.0 },		/* PS_H2 */
	{ 1, 10.5, 14.0, 0.0 },		/* PS_H3 */
	{ 1, 26.0, 32.0, 0.0 },		/* PS_TITLE */
	{ 0, 13.0, 18.0, 0.30 },	/* PS_SUBTITLE */
	{ 0, 7.5, 10.0, 0.45 }		/* PS_FOOT */
};

/* Severity colours, RGB, indexed by enum severity. */
const double pdf_sevrgb[SEV__MAX][3] = {
	{ 0.50, 0.50, 0.50 },		/* info */
	{ 0.20, 0.45, 0.75 },		/* low */
	{ 0.90, 0.58, 0.05 },		/* medium */
	{ 0.85, 0.27, 0.10 },		/* high */
	{ 0.62, 0.05, 0.12 }		/* critical */
};

/* --- Pages, text and wrapping ------------------------------------ */

HPDF_Font
pdf_font(const struct pdf *p, enum pdf_style st)
{
	return (pdf_styles[st].bold ? p->bold : p->font);
}

void
pdf_page_new(struct pdf *p)
{
	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->pages = xrealloc(p->pages, (p->npages + 1) * sizeof(*p->pages));
	p->pages[p->npages++] = p->page;
	p->y = PDF_TOP;
	p->fresh = 1;
}

/* Make room for h points, on a new page when this one is too full. */
void
pdf_need(struct pdf *p, double h)
{
	if (p->page == NULL || (p->y - h < PDF_BOTTOM && !p->fresh))
		pdf_page_new(p);
}

void
pdf_gap(struct pdf *p, double h)
{
	if (!p->fresh)
		p->y -= h;
}

/*
 * Bytes of the character at s; 1 for a byte that starts no valid UTF-8
 * sequence (a folder name is not always UTF-8), which is shown as U+FFFD.
 */
static size_t
pdf_utf8_len(const char *s)
{
	unsigned char	 c = (unsigned char)*s;
	size_t		 n, i;

	if (c < 0xc2 || c > 0xf4)
		return (1);
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return (1);
	return (n);
}

/* Whether the cl bytes at s are shown as U+FFFD. */
static int
pdf_is_fffd(const char *s, size_t cl)
{
	return (cl == 4 || (cl == 1 && (unsigned char)*s >= 0x80));
}

#define PDF_FFFD	"\xef\xbf\xbd"	/* U+FFFD, for what libharu drops */

/* Width of one character as pdf_show draws it. */
static double
pdf_char_width(HPDF_Font f, double size, const char *s, size_t n)
{
	HPDF_TextWidth	 tw;

	if ((unsigned char)*s < 0x20)
		s = " ", n = 1;
	else if (pdf_is_fffd(s, n))
		s = PDF_FFFD, n = 3;
	tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, n);
	return (tw.width * size / 1000.0);
}

double
pdf_text_width(HPDF_Font f, double size, const char *s, size_t n)
{
	double	 w = 0;
	size_t	 i, cl;

	for (i = 0; i < n; i += cl) {
		cl = pdf_utf8_len(s + i);
		w += pdf_char_width(f, size, s + i, cl);
	}
	return (w);
}

static void
pdf_lines_add(struct pdf_lines *l, const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].s = s;
	l->v[l->n].n = n;
	l->n++;
}

/*
 * Cut s into lines no wider than maxw: at blanks, after a slash,
 * backslash, comma or hyphen, and inside a word only when the word alone
 * is too wide.  A newline always ends a line.
 */
static void
pdf_wrap(HPDF_Font f, double size, double maxw, const char *s,
    struct pdf_lines *out)
{
	size_t	 i = 0, start, brk, resume, cl;
	double	 w, cw;

	out->n = 0;
	for (;;) {
		while (s[i] == ' ')
			i++;
		start = i;
		brk = resume = 0;
		w = 0;
		for (;;) {
			if (s[i] == '\0' || s[i] == '\n') {
				pdf_lines_add(out, s + start, i - start);
				if (s[i] == '\0')
					return;
				i++;
				break;
			}
			cl = pdf_utf8_len(s + i);
			cw = pdf_char_width(f, size, s + i, cl);
			if (s[i] == ' ') {
				brk = i;
				resume = i + 1;
			} else if (w + cw > maxw && i > start) {
				if (brk > start) {
					pdf_lines_add(out, s + start,
					    brk - start);
					i = resume;
				} else
					pdf_lines_add(out, s + start,
					    i - start);
				break;
			} else if (s[i] == '/' || s[i] == '\\' ||
			    s[i] == ',' || s[i] == '-') {
				brk = resume = i + cl;
			}
			w += cw;
			i += cl;
		}
	}
}

void
pdf_hline(struct pdf *p, double y, double gray, double w)
{
	HPDF_Page_SetGrayStroke(p->page, gray);
	HPDF_Page_SetLineWidth(p->page, w);
	HPDF_Page_MoveTo(p->page, PDF_LEFT, y);
	HPDF_Page_LineTo(p->page, PDF_LEFT + PDF_WIDTH, y);
	HPDF_Page_Stroke(p->page);
}

void
pdf_color(struct pdf *p, double gray)
{
	HPDF_Page_SetGrayFill(p->page, gray);
}

/*
 * Show n bytes of s at (x, y): control characters as blanks; characters
 * beyond U+FFFF (which libharu's UTF-8 encoder drops) and bytes that are
 * not UTF-8 as U+FFFD.
 */
void
pdf_show(struct pdf *p, enum pdf_style st, double x, double y,
    const char *s, size_t n)
{
	char	*buf, *o;
	size_t	 i, cl;

	if (n == 0)
		return;
	buf = o = xmalloc(3 * n + 1);
	for (i = 0; i < n; i += cl) {
		if ((cl = pdf_utf8_len(s + i)) > n - i)
			cl = n - i;
		if (pdf_is_fffd(s + i, cl)) {
			memcpy(o, PDF_FFFD, 3);
			o += 3;
		} else if ((unsigned char)s[i] < 0x20)
			*o++ = ' ';
		else {
			memcpy(o, s + i, cl);
			o += cl;
		}
	}
	*o = '\0';
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, pdf_font(p, st),
	    pdf_styles[st].size);
	HPDF_Page_TextOut(p->page, x, y, buf);
	HPDF_Page_EndText(p->page);
	free(buf);
}

/* Draw wrapped text at indent, breaking pages between lines. */
void
pdf_para_at(struct pdf *p, enum pdf_style st, double indent, const char *s,
    const double *rgb)
{
	const struct pdf_styledef	*d = &pdf_styles[st];
	size_t				 i;

	if (s == NULL || *s == '\0')
		return;
	pdf_wrap(pdf_font(p, st), d->size, PDF_WIDTH - indent, s, &p->lines);
	for (i = 0; i < p->lines.n; i++) {
		pdf_need(p, d->lead);
		if (rgb != NULL)
			HPDF_Page_SetRGBFill(p->page, rgb[0], rgb[1], rgb[2]);
		else
			pdf_color(p, d->gray);
		pdf_show(p, st, PDF_LEFT + indent, p->y - d->size,
		    p->lines.v[i].s, p->lines.v[i].n);
		p->y -= d->lead;
		p->fresh = 0;
	}
	pdf_color(p, 0);
}

void
pdf_para(struct pdf *p, enum pdf_style st, const char *s)
{
	pdf_para_at(p, st, 0, s, NULL);
}

/* The height that pdf_para_at would take. */
double
pdf_para_height(struct pdf *p, enum pdf_style st, double indent,
    const char *s)
{
	const struct pdf_styledef	*d = &pdf_styles[st];

	if (s == NULL || *s == '\0')
		return (0);
	pdf_wrap(pdf_font(p, st), d->size, PDF_WIDTH - indent, s, &p->lines);
	return (p->lines.n * d->lead);
}

/* Keep a block of h points on one page when it fits on one. */
void
pdf_keep(struct pdf *p, double h)
{
	pdf_need(p, h < PDF_BODYH * 0.9 ? h : pdf_styles[PS_BODY].lead * 4);
}

void
pdf_outline(struct pdf *p, int level, const char *text)
{
	HPDF_Destination	 d;
	HPDF_Outline		 o;

	if (level > 2)
		return;
	o = HPDF_CreateOutline(p->doc, level > 0 ? p->ol[level - 1] : NULL,
	    text, p->enc);
	d = HPDF_Page_CreateDestination(p->page);
	HPDF_Destination_SetFitH(d, p->y + 4);
	HPDF_Outline_SetDestination(o, d);
	HPDF_Outline_SetOpened(o, HPDF_FALSE);
	p->ol[level] = o;
}

/* A heading at level 0-2 with its outline entry; keeps it off the foot. */
void
pdf_heading(struct pdf *p, int level, const char *text, const double *rgb)
{
	static const enum pdf_style st[] = { PS_H1, PS_H2, PS_H3, PS_ITEM };
	const struct pdf_styledef	*d;

	if (level > 3)
		level = 3;
	d = &pdf_styles[st[level]];
	pdf_gap(p, level == 0 ? 0 : d->lead * 0.6);
	pdf_need(p, d->lead * 2 + 4 * pdf_styles[PS_BODY].lead);
	pdf_outline(p, level, text);
	if (rgb != NULL) {
		HPDF_Page_SetRGBFill(p->page, rgb[0], rgb[1], rgb[2]);
		HPDF_Page_Rectangle(p->page, PDF_LEFT - 9, p->y - d->size,
		    4, d->size);
		HPDF_Page_Fill(p->page);
	}
	pdf_para_at(p, st[level], 0, text, NULL);
	if (level == 0) {
		pdf_hline(p, p->y + 2, 0.6, 0.6);
		p->y -= 8;
	} else
		p->y -= 2;
}

/* --- Tables ------------------------------------------------------- */

/* A table of the model: its columns and header words. */
void
pdf_table_doc(struct pdf_table *t, const struct doc_table *dt)
{
	size_t	 i;

	memset(t, 0, sizeof(*t));
	t->cols = xcalloc(dt->ncols, sizeof(*t->cols));
	memcpy(t->cols, dt->cols, dt->ncols * sizeof(*t->cols));
	t->ncols = dt->ncols;
	t->cells = xcalloc(dt->ncols, sizeof(*t->cells));
	if (!dt->header)
		return;
	t->labels = xcalloc(dt->ncols, sizeof(*t->labels));
	t->head = xcalloc(dt->ncols, sizeof(*t->head));
	for (i = 0; i < dt->ncols; i++)
		t->labels[i] = dt->cols[i].label;
}

void
pdf_table_free(struct pdf *p, struct pdf_table *t)
{
	size_t	 i;

	for (i = 0; i < t->ncols; i++) {
		free(t->cells[i].v);
		if (t->head != NULL)
			free(t->head[i].v);
	}
	free(t->cells);
	free(t->cols);
	free(t->head);
	free(t->extra.v);
	free(t->labels);
	if (t->rows > 0)
		pdf_gap(p, 8);
}

static double
pdf_col_x(const struct pdf_table *t, size_t c)
{
	double	 x = PDF_LEFT;
	size_t	 i;

	for (i = 0; i < c; i++)
		x += t->cols[i].width * PDF_WIDTH;
	return (x);
}

/* Draw lines [from, to) of every cell of a row, top at p->y. */
static void
pdf_table_lines(struct pdf *p, const struct pdf_table *t,
    const struct pdf_lines *cells, enum pdf_style st, size_t from, size_t to)
{
	const struct pdf_styledef	*d = &pdf_styles[st];
	const struct pdf_lines		*l;
	double				 x, w;
	size_t				 c, i;

	pdf_color(p, d->gray);
	for (c = 0; c < t->ncols; c++) {
		l = &cells[c];
		x = pdf_col_x(t, c) + PDF_PAD;
		for (i = from; i < to && i < l->n; i++) {
			w = 0;
			if (t->cols[c].right)
				w = t->cols[c].width * PDF_WIDTH - 2 * PDF_PAD -
				    pdf_text_width(pdf_font(p, st), d->size,
				    l->v[i].s, l->v[i].n);
			pdf_show(p, st, x + w, p->y - PDF_PAD - d->size -
			    (i - from) * d->lead, l->v[i].s, l->v[i].n);
		}
	}
	pdf_color(p, 0);
}

static void
pdf_table_wrap(struct pdf *p, const struct pdf_table *t, enum pdf_style st,
    const char *const *cells, struct pdf_lines *out)
{
	const struct pdf_styledef	*d = &pdf_styles[st];
	size_t				 c;

	for (c = 0; c < t->ncols; c++)
		pdf_wrap(pdf_font(p, st), d->size, t->cols[c].width *
		    PDF_WIDTH - 2 * PDF_PAD, cells[c] != NULL ? cells[c] : "",
		    &out[c]);
}

/* The lines of the tallest cell. */
static size_t
pdf_table_height(const struct pdf_table *t, const struct pdf_lines *cells)
{
	size_t	 c, n = 1;

	for (c = 0; c < t->ncols; c++)
		if (cells[c].n > n)
			n = cells[c].n;
	return (n);
}

static void
pdf_table_header(struct pdf *p, struct pdf_table *t)
{
	const struct pdf_styledef	*d = &pdf_styles[PS_HEAD];
	double				 h;

	if (t->labels == NULL)
		return;
	pdf_table_wrap(p, t, PS_HEAD, t->labels, t->head);
	h = pdf_table_height(t, t->head) * d->lead + 2 * PDF_PAD;
	HPDF_Page_SetGrayFill(p->page, 0.90);
	HPDF_Page_Rectangle(p->page, PDF_LEFT, p->y - h, PDF_WIDTH, h);
	HPDF_Page_Fill(p->page);
	pdf_table_lines(p, t, t->head, PS_HEAD, 0,
	    pdf_table_height(t, t->head));
	p->y -= h;
	pdf_hline(p, p->y, 0.55, 0.6);
	p->fresh = 0;
}

/* Space for the header and a first line of the table. */
static double
pdf_table_minh(const struct pdf_table *t)
{
	return ((t->labels != NULL ? 3 : 1) * pdf_styles[PS_CELL].lead +
	    4 * PDF_PAD);
}

/*
 * One row.  A row that does not fit moves to the next page, under a new
 * copy of the header; a row taller than a page is split between lines.
 * extra, when not NULL, spans every column under the cells.
 */
void
pdf_table_row(struct pdf *p, struct pdf_table *t, const char *const *cells,
    const char *extra)
{
	const struct pdf_styledef	*d = &pdf_styles[PS_CELL];
	const struct pdf_styledef	*e = &pdf_styles[PS_EVIDENCE];
	size_t				 n, from, fit, i;
	double				 h, xh = 0;

	if (t->rows++ == 0) {
		pdf_need(p, pdf_table_minh(t));
		pdf_table_header(p, t);
	}
	if (extra != NULL) {
		pdf_wrap(p->font, e->size, PDF_WIDTH - 2 * PDF_PAD, extra,
		    &t->extra);
		xh = t->extra.n * e->lead;
	}
	pdf_table_wrap(p, t, PS_CELL, cells, t->cells);
	n = pdf_table_height(t, t->cells);
	h = n * d->lead + 2 * PDF_PAD + xh;
	if (p->y - h < PDF_BOTTOM && h <= PDF_BODYH - pdf_table_minh(t)) {
		pdf_page_new(p);
		pdf_table_header(p, t);
	}
	for (from = 0; from < n; from += fit) {
		fit = (size_t)((p->y - PDF_BOTTOM - 2 * PDF_PAD) / d->lead);
		if (fit == 0) {
			pdf_page_new(p);
			pdf_table_header(p, t);
			continue;
		}
		if (fit > n - from)
			fit = n - from;
		pdf_table_lines(p, t, t->cells, PS_CELL, from, from + fit);
		p->y -= fit * d->lead + (from + fit == n ? PDF_PAD : 0);
		if (from == 0)
			p->y -= PDF_PAD;
		p->fresh = 0;
	}
	pdf_color(p, e->gray);
	for (i = 0; i < t->extra.n && extra != NULL; i++) {
		pdf_need(p, e->lead);
		pdf_show(p, PS_EVIDENCE, PDF_LEFT + PDF_PAD, p->y - e->size,
		    t->extra.v[i].s, t->extra.v[i].n);
		p->y -= e->lead;
	}
	pdf_color(p, 0);
	if (extra != NULL)
		p->y -= PDF_PAD;
	pdf_hline(p, p->y, 0.80, 0.3);
}

/* --- Images ------------------------------------------------------- */

static uint32_t
pdf_be32(const unsigned char *b)
{
	return ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3]);
}

static HPDF_STATUS
pdf_png_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return (HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012"));
}

/*
 * An 8-bit RGB, non-interlaced PNG embedded without decoding it: its IDAT
 * data is a zlib stream with PNG row predictors, which a PDF FlateDecode
 * filter with /Predictor 15 reads as it is.  Decoding each chart and
 * deflating it again was most of the cost of a thousand-host report.
 * NULL when the file is of another kind (the caller falls back).
 */
static HPDF_Image
pdf_png_passthrough(struct pdf *p, const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	HPDF_Doc	 doc = p->doc;
	HPDF_Dict	 img, parms;
	unsigned char	 hdr[8], *idat = NULL, *chunk;
	uint32_t	 len, w = 0, h = 0;
	size_t		 nidat = 0;
	FILE		*fp;
	int		 ok = 0;

	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	if (fread(hdr, 1, 8, fp) != 8 || memcmp(hdr, sig, 8) != 0)
		goto done;
	while (fread(hdr, 1, 8, fp) == 8) {
		len = pdf_be32(hdr);
		if (len > 64 * 1024 * 1024)
			goto done;
		chunk = xmalloc(len + 4 > 0 ? len + 4 : 4);
		if (fread(chunk, 1, len + 4, fp) != len + 4) {
			free(chunk);
			goto done;
		}
		if (memcmp(hdr + 4, "IHDR", 4) == 0 && len >= 13) {
			w = pdf_be32(chunk);
			h = pdf_be32(chunk + 4);
			/* 8 bits, RGB, deflate, adaptive filters, no interlace */
			ok = chunk[8] == 8 && chunk[9] == 2 && chunk[10] == 0 &&
			    chunk[11] == 0 && chunk[12] == 0;
		} else if (memcmp(hdr + 4, "IDAT", 4) == 0) {
			idat = xrealloc(idat, nidat + len + 1);
			memcpy(idat + nidat, chunk, len);
			nidat += len;
		} else if (memcmp(hdr + 4, "IEND", 4) == 0) {
			free(chunk);
			break;
		} else if (!(hdr[4] & 0x20))
			ok = 0;		/* a critical chunk we do not know */
		free(chunk);
	}
	if (!ok || nidat == 0 || w == 0 || h == 0)
		goto done;
	img = HPDF_DictStream_New(doc->mmgr, doc->xref);
	if (img == NULL)
		goto fail;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	/* Already compressed: libharu must not deflate it again, and drops
	 * a /Filter entry of a stream it does not compress itself, so the
	 * entry is written from the dictionary's write hook. */
	img->filter = HPDF_STREAM_FILTER_NONE;
	img->write_fn = pdf_png_filter;
	if ((parms = HPDF_Dict_New(doc->mmgr)) == NULL ||
	    HPDF_Dict_AddName(img, "Type", "XObject") != HPDF_OK ||
	    HPDF_Dict_AddName(img, "Subtype", "Image") != HPDF_OK ||
	    HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w) != HPDF_OK ||
	    HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h) != HPDF_OK ||
	    HPDF_Dict_AddName(img, "ColorSpace", "DeviceRGB") != HPDF_OK ||
	    HPDF_Dict_AddNumber(img, "BitsPerComponent", 8) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Predictor", 15) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Colors", 3) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)w) != HPDF_OK ||
	    HPDF_Dict_Add(img, "DecodeParms", parms) != HPDF_OK ||
	    HPDF_Stream_Write(img->stream, idat, (HPDF_UINT)nidat) != HPDF_OK)
		goto fail;
	free(idat);
	fclose(fp);
	return ((HPDF_Image)img);
fail:
	HPDF_ResetError(doc);
done:
	free(idat);
	fclose(fp);
	return (NULL);
}

/*
 * A PNG across the text width, no taller than maxfrac of the page body;
 * a missing file (its chart failed, and said so) draws nothing.
 */
void
pdf_image(struct pdf *p, const char *png, double maxfrac)
{
	HPDF_Image	 img;
	double		 w, h, iw, ih;

	if (png == NULL || access(png, R_OK) == -1)
		return;
	if ((img = pdf_png_passthrough(p, png)) == NULL &&
	    (img = HPDF_LoadPngImageFromFile2(p->doc, png)) == NULL) {
		HPDF_ResetError(p->doc);
		p->err = 0;
		diag(NULL, 0, DIAG_OUTPUT, "%s: cannot embed the chart", png);
		return;
	}
	iw = HPDF_Image_GetWidth(img);
	ih = HPDF_Image_GetHeight(img);
	if (iw <= 0 || ih <= 0)
		return;
	w = PDF_WIDTH;
	if (w > iw * 72.0 / PDF_DPI * 1.25)
		w = iw * 72.0 / PDF_DPI * 1.25;
	h = w * ih / iw;
	if (h > PDF_BODYH * maxfrac) {
		h = PDF_BODYH * maxfrac;
		w = h * iw / ih;
	}
	pdf_need(p, h + 4);
	HPDF_Page_DrawImage(p->page, img, PDF_LEFT + (PDF_WIDTH - w) / 2,
	    p->y - h, w, h);
	p->y -= h + 10;
	p->fresh = 0;
}

void
pdf_chart_paths(struct pdf *p, const char *stem, char **png, char **svg)
{
	xasprintf(png, "%s/%s.png", p->chartdir, stem);
	xasprintf(svg, "%s/%s.svg", p->chartdir, stem);
}

/* A bar in the severity's colour left of the line about to be drawn. */
void
pdf_marker(struct pdf *p, enum severity sev)
{
	double	 h = pdf_styles[PS_ITEM].size;

	HPDF_Page_SetRGBFill(p->page, pdf_sevrgb[sev][0], pdf_sevrgb[sev][1],
	    pdf_sevrgb[sev][2]);
	HPDF_Page_Rectangle(p->page, PDF_LEFT - 9, p->y - h, 4, h);
	HPDF_Page_Fill(p->page);
	pdf_color(p, 0);
}
