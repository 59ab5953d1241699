/*
 * The chart engine: a chart drawn twice with the same code, as a PNG at the
 * caller's resolution and as an SVG in points, both built in memory and
 * written through util_write_atomic, so a reader never sees a partial file;
 * fonts, text that cairo accepts, shapes, the range fills with their
 * hatches, severity markers and legend entries.
 *
 * The charts must survive a grey printer: severities differ in luminance
 * and in marker shape, range kinds in shade and hatching.  Output is
 * deterministic: nothing depends on time or chance, hinting is off so text
 * measures the same in PNG and SVG, and SVG ids are counted per document.
 */
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <png.h>
#include <cairo-ft.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "chart.h"
#include "htmlw.h"

const struct chart_rgb chart_sev_rgb[CHART_NSEV] = {
	{ 0.902, 0.933, 0.969 },	/* info: #e6eef7 */
	{ 0.949, 0.769, 0.427 },	/* low: #f2c46d */
	{ 0.851, 0.565, 0.102 },	/* medium: #d9901a */
	{ 0.702, 0.278, 0.000 },	/* high: #b34700 */
	{ 0.404, 0.000, 0.051 },	/* critical: #67000d */
	{ 0.467, 0.467, 0.467 },	/* none: #777777 */
	{ 0.467, 0.467, 0.467 }		/* waived only: #777777 */
};

const char *const chart_sev_label[CHART_NSEV] = {
	"info", "low", "medium", "high", "critical", "no finding",
	"waived only"
};

const struct chart_fillspec chart_fills[CHART_F__MAX] = {
	{ { 0.722, 0.804, 0.878 }, { 0.392, 0.490, 0.588 }, CHART_H_NONE,
	    "ephemeral range" },
	{ { 0.122, 0.306, 0.475 }, { 0.122, 0.306, 0.475 }, CHART_H_NONE,
	    "its first 100 ports" },
	{ { 0.835, 0.910, 0.831 }, { 0.200, 0.420, 0.200 }, CHART_H_FWD,
	    "RPC range" },
	{ { 0.902, 0.878, 0.949 }, { 0.380, 0.290, 0.600 }, CHART_H_VERT,
	    "reserved" },
	{ { 0.961, 0.835, 0.784 }, { 0.490, 0.160, 0.020 }, CHART_H_CROSS,
	    "excluded" },
	{ { 1.000, 1.000, 1.000 }, { 0.300, 0.300, 0.300 }, CHART_H_BACK,
	    "waived" }
};

const struct chart_rgb chart_black = { 0.0, 0.0, 0.0 };
const struct chart_rgb chart_text_grey = { 0.35, 0.35, 0.35 };
const struct chart_rgb chart_grid = { 0.78, 0.78, 0.78 };
const struct chart_rgb chart_white = { 1.0, 1.0, 1.0 };

struct chart_buf {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

/* Output: buffers, surfaces, atomic files */

static cairo_status_t
chart_buf_write(void *arg, const unsigned char *data, unsigned int len)
{
	struct chart_buf	*b = arg;

	if (b->len + len > b->cap) {
		while (b->len + len > b->cap)
			b->cap = b->cap ? b->cap * 2 : 65536;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return (CAIRO_STATUS_SUCCESS);
}

/* A font face for the report's TrueType file, or DejaVu Sans. */
cairo_font_face_t *
chart_face(const char *file, int bold)
{
	cairo_font_face_t	*face;
	FcPattern		*pat;
	char			*found = NULL;

	if (file == NULL)
		file = found = fonts_find(bold ? "DejaVu Sans:style=Bold" :
		    "DejaVu Sans:style=Book");
	if (file == NULL || (pat = FcPatternCreate()) == NULL) {
		free(found);
		return (cairo_toy_font_face_create("DejaVu Sans",
		    CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD :
		    CAIRO_FONT_WEIGHT_NORMAL));
	}
	FcPatternAddString(pat, FC_FILE, (const FcChar8 *)file);
	FcPatternAddInteger(pat, FC_INDEX, 0);
	face = cairo_ft_font_face_create_for_pattern(pat);
	FcPatternDestroy(pat);
	free(found);
	return (face);
}

/* Font options that measure text alike on every surface. */
void
chart_setup(cairo_t *cr)
{
	cairo_font_options_t	*fo;

	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
}

/* A white page, then the chart's own drawing. */
static void
chart_draw(struct chart *c, cairo_t *cr)
{
	chart_setup(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	c->draw(c, cr);
}

/* Write the buffer to path atomically, or diagnose st. */
static int
chart_finish(cairo_status_t st, struct chart_buf *b, const char *path)
{
	int	 rc = 0;

	if (st != CAIRO_STATUS_SUCCESS) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path,
		    cairo_status_to_string(st));
		rc = -1;
	} else if (util_write_atomic(path, b->p, b->len) == -1) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(b->p);
	memset(b, 0, sizeof(*b));
	return (rc);
}

static void
chart_png_write(png_structp png, png_bytep data, png_size_t len)
{
	chart_buf_write(png_get_io_ptr(png), data, (unsigned int)len);
}

static void
chart_png_flush(png_structp png)
{
	(void)png;
}

/*
 * The surface as an 8-bit RGB PNG through libpng.  Charts are flat colours
 * and lines: zlib's fastest level with the Sub filter costs a fraction of
 * cairo's default writer for a file a little larger, which matters when a
 * report draws a chart for each of a thousand hosts.
 */
static cairo_status_t
chart_png_encode(cairo_surface_t *s, struct chart_buf *b)
{
	png_structp		 png;
	png_infop		 info;
	png_bytep		 row;
	const unsigned char	*data;
	uint32_t		 px;
	int			 w, h, stride, y, x;

	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	data = cairo_image_surface_get_data(s);
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	    NULL)) == NULL)
		return (CAIRO_STATUS_NO_MEMORY);
	if ((info = png_create_info_struct(png)) == NULL) {
		png_destroy_write_struct(&png, NULL);
		return (CAIRO_STATUS_NO_MEMORY);
	}
	row = xmalloc((size_t)w * 3);
	if (setjmp(png_jmpbuf(png))) {
		free(row);
		png_destroy_write_struct(&png, &info);
		return (CAIRO_STATUS_WRITE_ERROR);
	}
	png_set_write_fn(png, b, chart_png_write, chart_png_flush);
	png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB,
	    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			memcpy(&px, data + (size_t)y * stride + (size_t)x * 4,
			    4);
			row[3 * x] = (px >> 16) & 0xff;
			row[3 * x + 1] = (px >> 8) & 0xff;
			row[3 * x + 2] = px & 0xff;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	return (CAIRO_STATUS_SUCCESS);
}

static int
chart_emit_png(struct chart *c, const char *path, double dpi)
{
	struct chart_buf	 b;
	cairo_surface_t		*s;
	cairo_t			*cr;
	cairo_status_t		 st;

	memset(&b, 0, sizeof(b));
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)lround(c->w * dpi / CHART_PT),
	    (int)lround(c->h * dpi / CHART_PT));
	cr = cairo_create(s);
	cairo_scale(cr, dpi / CHART_PT, dpi / CHART_PT);
	chart_draw(c, cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_flush(s);
		st = chart_png_encode(s, &b);
	}
	cairo_surface_destroy(s);
	return (chart_finish(st, &b, path));
}

/*
 * Cairo names some SVG elements after process-wide counters ("surface160"
 * for the page group), so a second chart of the same process would differ.
 * Renumber every such id in order of first appearance, references too.
 */
static void
chart_svg_ids(struct chart_buf *b)
{
	static const char *const pfx[] = { "surface", "image", "source" };
	struct chart_buf	 out;
	unsigned long		 seen[64], num;
	size_t			 i, k, n, nseen = 0, pl;
	char			 tmp[32];
	int			 len;

	memset(&out, 0, sizeof(out));
	for (i = 0; i < b->len; ) {
		for (k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
			pl = strlen(pfx[k]);
			if (i + pl < b->len && memcmp(b->p + i, pfx[k], pl) ==
			    0 && b->p[i + pl] >= '0' && b->p[i + pl] <= '9')
				break;
		}
		if (k == sizeof(pfx) / sizeof(pfx[0])) {
			chart_buf_write(&out, b->p + i++, 1);
			continue;
		}
		for (num = 0, n = i + pl; n < b->len && b->p[n] >= '0' &&
		    b->p[n] <= '9' && num < 100000000UL; n++)
			num = num * 10 + (b->p[n] - '0');
		for (k = 0; k < nseen && seen[k] != num; k++)
			;
		if (k == nseen && nseen == sizeof(seen) / sizeof(seen[0])) {
			chart_buf_write(&out, b->p + i, n - i);	/* as is */
			i = n;
			continue;
		}
		if (k == nseen)
			seen[nseen++] = num;
		len = snprintf(tmp, sizeof(tmp), "%zu", k);
		chart_buf_write(&out, b->p + i, pl);
		chart_buf_write(&out, (unsigned char *)tmp, len);
		i = n;
	}
	free(b->p);
	*b = out;
}

/* The chart as an SVG document in b; ids renumbered per document. */
static cairo_status_t
chart_svg_draw(struct chart *c, struct chart_buf *b)
{
	cairo_surface_t		*s;
	cairo_t			*cr;
	cairo_status_t		 st;

	s = cairo_svg_surface_create_for_stream(chart_buf_write, b, c->w,
	    c->h);
	cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
#endif
	cr = cairo_create(s);
	chart_draw(c, cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st == CAIRO_STATUS_SUCCESS)
		chart_svg_ids(b);
	return (st);
}

static int
chart_emit_svg(struct chart *c, const char *path)
{
	struct chart_buf	 b;
	cairo_status_t		 st;

	memset(&b, 0, sizeof(b));
	st = chart_svg_draw(c, &b);
	return (chart_finish(st, &b, path));
}

/* Inline SVG: where the next chart goes instead of its files, or NULL. */
static struct chart_svg	*chart_capture;

/* The next chart_* call draws into cs instead of writing its files;
 * NULL: files again. */
void
chart_svg_capture(struct chart_svg *cs)
{
	if (cs != NULL) {
		cs->p = NULL;
		cs->len = 0;
	}
	chart_capture = cs;
}

/* Whether the name at p (an id or a reference) is one cairo made. */
static size_t
chart_svg_ref(const unsigned char *p, size_t n)
{
	static const char *const ref[] = {
		" id=\"", "href=\"#", "url(#"
	};
	size_t	 k, l;

	for (k = 0; k < sizeof(ref) / sizeof(ref[0]); k++) {
		l = strlen(ref[k]);
		if (l <= n && memcmp(p, ref[k], l) == 0)
			return (l);
	}
	return (0);
}

/*
 * Make the document at b an element to inline in HTML: no XML
 * declaration, every id and reference to one prefixed with cs->idpfx (so
 * the charts of one page never share an id), role="img" and a <title> as
 * its text alternative.
 */
static void
chart_svg_inline(struct chart_buf *b, const struct chart_svg *cs)
{
	struct chart_buf	 out;
	char			*title, *esc;
	size_t			 i, l, tlen = 0;
	const unsigned char	*svg;

	memset(&out, 0, sizeof(out));
	svg = memmem(b->p, b->len, "<svg", 4);
	i = svg == NULL ? b->len : (size_t)(svg - b->p);
	if (i < b->len) {
		chart_buf_write(&out, b->p + i, 4);
		i += 4;
		tlen = (size_t)xasprintf(&title, " role=\"img\" class=\"chart\""
		    " aria-labelledby=\"%stitle\"", cs->idpfx);
		chart_buf_write(&out, (unsigned char *)title, tlen);
		free(title);
		while (i < b->len && b->p[i] != '>')
			chart_buf_write(&out, b->p + i++, 1);
		if (i < b->len)
			chart_buf_write(&out, b->p + i++, 1);
		esc = htmlw_escape(cs->title);
		tlen = (size_t)xasprintf(&title, "\n<title id=\"%stitle\">%s"
		    "</title>", cs->idpfx, esc);
		chart_buf_write(&out, (unsigned char *)title, tlen);
		free(title);
		free(esc);
	}
	while (i < b->len) {
		if ((l = chart_svg_ref(b->p + i, b->len - i)) == 0) {
			chart_buf_write(&out, b->p + i++, 1);
			continue;
		}
		chart_buf_write(&out, b->p + i, l);
		chart_buf_write(&out, (const unsigned char *)cs->idpfx,
		    strlen(cs->idpfx));
		i += l;
	}
	chart_buf_write(&out, (const unsigned char *)"", 1);
	free(b->p);
	*b = out;
}

/* Draw c into the capture, as an element to inline. */
static int
chart_emit_inline(struct chart *c, struct chart_svg *cs)
{
	struct chart_buf	 b;
	cairo_status_t		 st;

	memset(&b, 0, sizeof(b));
	if ((st = chart_svg_draw(c, &b)) != CAIRO_STATUS_SUCCESS) {
		diag(NULL, 0, DIAG_OUTPUT, "inline chart: %s",
		    cairo_status_to_string(st));
		free(b.p);
		return (-1);
	}
	if (cs->idpfx == NULL) {
		/* The document as drawn, to inline later. */
		chart_buf_write(&b, (const unsigned char *)"", 1);
	} else
		chart_svg_inline(&b, cs);
	cs->p = (char *)b.p;
	cs->len = b.len - 1;
	return (0);
}

/* Draw into the capture a chart captured before as a document (idpfx
 * NULL), as an element to inline; -1 when there is no such chart or no
 * capture. */
int
chart_svg_replay(const char *svgdoc)
{
	struct chart_buf	 b;
	struct chart_svg	*cs;

	if ((cs = chart_capture) == NULL || svgdoc == NULL ||
	    cs->idpfx == NULL)
		return (-1);
	chart_capture = NULL;
	memset(&b, 0, sizeof(b));
	chart_buf_write(&b, (const unsigned char *)svgdoc,
	    (unsigned int)strlen(svgdoc));
	chart_svg_inline(&b, cs);
	cs->p = (char *)b.p;
	cs->len = b.len - 1;
	return (0);
}


/* Draw c into png (at dpi) and svg; either path may be NULL. */
int
chart_emit(struct chart *c, const char *png, const char *svg, double dpi)
{
	struct chart_svg	*cs;
	int			 rc = 0;

	if ((cs = chart_capture) != NULL) {
		chart_capture = NULL;
		c->face[0] = chart_face(c->r != NULL ? c->r->font : NULL, 0);
		c->face[1] = chart_face(c->r != NULL ? c->r->font_bold : NULL,
		    1);
		rc = chart_emit_inline(c, cs);
		cairo_font_face_destroy(c->face[0]);
		cairo_font_face_destroy(c->face[1]);
		return (rc);
	}
	if (png != NULL && !(dpi >= 10.0 && dpi <= 4800.0)) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: resolution %g dpi out of "
		    "range (10-4800)", png, dpi);
		return (-1);
	}
	if (png != NULL && (c->w * dpi / CHART_PT > CHART_MAXPX ||
	    c->h * dpi / CHART_PT > CHART_MAXPX)) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %.1f x %.1f in at %g dpi is "
		    "over %d pixels", png, c->w / CHART_PT, c->h / CHART_PT,
		    dpi, CHART_MAXPX);
		return (-1);
	}
	c->face[0] = chart_face(c->r != NULL ? c->r->font : NULL, 0);
	c->face[1] = chart_face(c->r != NULL ? c->r->font_bold : NULL, 1);
	if (png != NULL)
		rc = chart_emit_png(c, png, dpi);
	if (rc == 0 && svg != NULL)
		rc = chart_emit_svg(c, svg);
	cairo_font_face_destroy(c->face[0]);
	cairo_font_face_destroy(c->face[1]);
	return (rc);
}

/* Text */

/* Length of the valid UTF-8 sequence at s (not a control), or 0. */
static size_t
chart_utf8_len(const unsigned char *s)
{
	uint32_t	 cp;
	size_t		 n, i;

	if (s[0] < 0x80)
		return (s[0] >= 0x20 && s[0] != 0x7f ? 1 : 0);
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return (0);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return (0);
	return (n);
}

/* A copy of s that cairo accepts: valid UTF-8, controls as '?'. */
char *
chart_clean(const char *s)
{
	const unsigned char	*p;
	char			*out, *q;
	size_t			 n;

	if (s == NULL)
		s = "";
	out = q = xmalloc(strlen(s) + 1);
	for (p = (const unsigned char *)s; *p != '\0'; ) {
		if ((n = chart_utf8_len(p)) == 0) {
			*q++ = '?';
			p++;
			continue;
		}
		memcpy(q, p, n);
		q += n;
		p += n;
	}
	*q = '\0';
	return (out);
}

void
chart_font(struct chart *c, cairo_t *cr, int bold, double size)
{
	cairo_set_font_face(cr, c->face[bold ? 1 : 0]);
	cairo_set_font_size(cr, size);
}

double
chart_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t	 te;

	cairo_text_extents(cr, s, &te);
	return (te.x_advance);
}

/* Clean s and cut it with an ellipsis to fit width (malloc'd). */
char *
chart_fit(cairo_t *cr, const char *s, double width)
{
	char	*t, *try;
	size_t	*cut, ncut, lo, hi, mid, len;

	t = chart_clean(s);
	if (chart_width(cr, t) <= width)
		return (t);
	len = strlen(t);
	cut = xcalloc(len + 1, sizeof(*cut));
	for (ncut = 0, mid = 0; mid < len; ) {
		cut[ncut++] = mid;
		mid += chart_utf8_len((unsigned char *)t + mid);
	}
	try = xmalloc(len + sizeof(CHART_ELLIPSIS));
	lo = 0;
	hi = ncut;	/* cut[lo] fits (or nothing does), cut[hi] not */
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		memcpy(try, t, cut[mid]);
		strcpy(try + cut[mid], CHART_ELLIPSIS);
		if (chart_width(cr, try) <= width)
			lo = mid;
		else
			hi = mid;
	}
	memcpy(try, t, cut[lo]);
	strcpy(try + cut[lo], CHART_ELLIPSIS);
	free(cut);
	free(t);
	return (try);
}

/* Show text already clean at (x, baseline y). */
void
chart_show(cairo_t *cr, double x, double y, const char *s,
    enum chart_align a)
{
	double	 w = a == CHART_LEFT ? 0 : chart_width(cr, s);

	cairo_move_to(cr, a == CHART_LEFT ? x : a == CHART_CENTRE ?
	    x - w / 2 : x - w, y);
	cairo_show_text(cr, s);
}

/* Clean, fit to width and show s. */
void
chart_text(cairo_t *cr, double x, double y, const char *s, double width,
    enum chart_align a)
{
	char	*t;

	t = chart_fit(cr, s, width);
	chart_show(cr, x, y, t, a);
	free(t);
}

/* Shapes and fills */

void
chart_set(cairo_t *cr, const struct chart_rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

void
chart_rect(cairo_t *cr, double x, double y, double w, double h,
    const struct chart_rgb *c)
{
	chart_set(cr, c);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

void
chart_line(cairo_t *cr, double x0, double y0, double x1, double y1,
    double width, const struct chart_rgb *c)
{
	chart_set(cr, c);
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/* Hatch lines over a rectangle, spaced from the page origin. */
static void
chart_hatch(cairo_t *cr, double x, double y, double w, double h,
    enum chart_hatch kind, const struct chart_rgb *c)
{
	double	 s = 2.4, u;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	chart_set(cr, c);
	cairo_set_line_width(cr, 0.45);
	if (kind == CHART_H_VERT)
		for (u = floor(x / s) * s; u < x + w; u += s) {
			cairo_move_to(cr, u, y);
			cairo_line_to(cr, u, y + h);
		}
	if (kind == CHART_H_FWD || kind == CHART_H_CROSS)
		for (u = floor((x - h) / s) * s; u < x + w; u += s) {
			cairo_move_to(cr, u, y + h);
			cairo_line_to(cr, u + h, y);
		}
	if (kind == CHART_H_BACK || kind == CHART_H_CROSS)
		for (u = floor((x - h) / s) * s; u < x + w; u += s) {
			cairo_move_to(cr, u, y);
			cairo_line_to(cr, u + h, y + h);
		}
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A rectangle in one of the range or waiver fills, outlined. */
void
chart_fill(cairo_t *cr, double x, double y, double w, double h,
    enum chart_fill f)
{
	const struct chart_fillspec	*fs = &chart_fills[f];

	chart_rect(cr, x, y, w, h, &fs->bg);
	if (fs->hatch != CHART_H_NONE)
		chart_hatch(cr, x, y, w, h, fs->hatch, &fs->fg);
	chart_set(cr, &fs->fg);
	cairo_set_line_width(cr, 0.4);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
}

/*
 * A severity marker of radius r: critical a filled triangle, high a filled
 * square, medium a diamond, low a filled circle, info an open circle, no
 * finding a small cross, only waived findings an open square.
 */
void
chart_marker(cairo_t *cr, double x, double y, double r, int sev)
{
	const struct chart_rgb	*c = &chart_sev_rgb[sev];

	cairo_new_path(cr);
	switch (sev) {
	case SEV_CRITICAL:
		cairo_move_to(cr, x, y - r * 1.2);
		cairo_line_to(cr, x + r * 1.15, y + r * 0.85);
		cairo_line_to(cr, x - r * 1.15, y + r * 0.85);
		cairo_close_path(cr);
		break;
	case SEV_HIGH:
		cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, r * 1.7,
		    r * 1.7);
		break;
	case SEV_MEDIUM:
		cairo_move_to(cr, x, y - r * 1.15);
		cairo_line_to(cr, x + r * 1.0, y);
		cairo_line_to(cr, x, y + r * 1.15);
		cairo_line_to(cr, x - r * 1.0, y);
		cairo_close_path(cr);
		break;
	case SEV_LOW:
		cairo_arc(cr, x, y, r * 0.9, 0, 2 * M_PI);
		break;
	case CHART_WAIVED:
		cairo_rectangle(cr, x - r * 0.7, y - r * 0.7, r * 1.4, r * 1.4);
		chart_set(cr, &chart_white);
		cairo_fill_preserve(cr);
		cairo_set_line_width(cr, r * 0.35);
		chart_set(cr, c);
		cairo_stroke(cr);
		return;
	case SEV_INFO:
		cairo_arc(cr, x, y, r * 0.75, 0, 2 * M_PI);
		chart_set(cr, &chart_white);
		cairo_fill_preserve(cr);
		cairo_set_line_width(cr, r * 0.45);
		chart_set(cr, &chart_sev_rgb[CHART_NONE]);
		cairo_stroke(cr);
		return;
	default:
		chart_line(cr, x - r * 0.7, y, x + r * 0.7, y, r * 0.4, c);
		chart_line(cr, x, y - r * 0.7, x, y + r * 0.7, r * 0.4, c);
		return;
	}
	chart_set(cr, c);
	cairo_fill_preserve(cr);
	cairo_set_line_width(cr, 0.5);
	chart_set(cr, &chart_black);
	cairo_stroke(cr);
}

/* Legend entries; each returns the x after it. */
double
chart_legend_fill(struct chart *c, cairo_t *cr, double x, double y,
    enum chart_fill f)
{
	chart_fill(cr, x, y - 5.0, 10.0, 5.5, f);
	chart_font(c, cr, 0, 6.0);
	chart_set(cr, &chart_black);
	chart_show(cr, x + 12.5, y, chart_fills[f].label, CHART_LEFT);
	return (x + 12.5 + chart_width(cr, chart_fills[f].label) + 9.0);
}

static double
chart_legend_marker(struct chart *c, cairo_t *cr, double x, double y,
    int sev)
{
	chart_marker(cr, x + 3.0, y - 2.2, 2.8, sev);
	chart_font(c, cr, 0, 6.0);
	chart_set(cr, &chart_black);
	chart_show(cr, x + 8.0, y, chart_sev_label[sev], CHART_LEFT);
	return (x + 8.0 + chart_width(cr, chart_sev_label[sev]) + 9.0);
}

double
chart_legend_text(struct chart *c, cairo_t *cr, double x, double y,
    const char *s, int bold)
{
	chart_font(c, cr, bold, 6.0);
	chart_set(cr, bold ? &chart_black : &chart_text_grey);
	chart_show(cr, x, y, s, CHART_LEFT);
	return (x + chart_width(cr, s) + 6.0);
}

/* The severity markers from critical down, and "no finding". */
double
chart_legend_sevs(struct chart *c, cairo_t *cr, double x, double y)
{
	int	 s;

	x = chart_legend_text(c, cr, x, y, "fixed port, worst finding:", 1);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		x = chart_legend_marker(c, cr, x, y, s);
	x = chart_legend_marker(c, cr, x, y, CHART_NONE);
	return (chart_legend_marker(c, cr, x, y, CHART_WAIVED));
}
