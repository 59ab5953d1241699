/*
 * Cairo charts for the PDF report: one host's port map, the fleet map, and
 * bar charts of the findings by severity and by rule.  Each chart is drawn
 * twice with the same code, as a PNG at the caller's resolution and as an
 * SVG in points; both are built in memory and written through
 * util_write_atomic, so a reader never sees a partial file.
 *
 * The charts must survive a grey printer: severities differ in luminance
 * and in marker shape, range kinds in shade and hatching.  Output is
 * deterministic: nothing depends on time or chance, hinting is off so text
 * measures the same in PNG and SVG, and SVG ids are counted per document.
 */
#include <errno.h>
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

#define CHART_PT		72.0	/* points per inch */
#define CHART_MAXPX		32767	/* cairo's largest image side */
#define CHART_NONE		SEV__MAX	/* a setting without finding */
#define CHART_WAIVED		(SEV__MAX + 1)	/* only waived findings */
#define CHART_NSEV		(SEV__MAX + 2)
#define CHART_FLEET_HOSTS	60	/* more hosts: one row per site */
#define CHART_FLEET_ROWS	400	/* rows drawn at most */
#define CHART_LEVELS		8	/* label levels of both port map rows */
#define CHART_ELLIPSIS		"\xe2\x80\xa6"

/*
 * Sizes in inches: the fleet map is TOP + BOTTOM + ROW per row high, the
 * rule chart likewise; tests/render/check_chart.c relies on them.
 */
#define CHART_PM_W		7.5
#define CHART_PM_H		2.6
#define CHART_FM_W		7.5
#define CHART_FM_TOP		0.45
#define CHART_FM_BOTTOM		0.65
#define CHART_FM_ROW		0.17
#define CHART_SEV_W		3.6
#define CHART_SEV_H		2.4
#define CHART_RULES_W		7.5
#define CHART_RULES_TOP		0.35
#define CHART_RULES_BOTTOM	0.55
#define CHART_RULES_ROW		0.2
#define CHART_TREND_W		7.5
#define CHART_TREND_H		2.6

struct chart_rgb {
	double	 r, g, b;
};

/*
 * Severity palette, indexed by enum severity, then CHART_NONE and
 * CHART_WAIVED.  Luminance
 * (Rec. 709 on the sRGB values) falls from info (about 0.93) to critical
 * (about 0.09), so the order survives grey printing.
 */
static const struct chart_rgb chart_sev_rgb[CHART_NSEV] = {
	{ 0.902, 0.933, 0.969 },	/* info: #e6eef7 */
	{ 0.949, 0.769, 0.427 },	/* low: #f2c46d */
	{ 0.851, 0.565, 0.102 },	/* medium: #d9901a */
	{ 0.702, 0.278, 0.000 },	/* high: #b34700 */
	{ 0.404, 0.000, 0.051 },	/* critical: #67000d */
	{ 0.467, 0.467, 0.467 },	/* none: #777777 */
	{ 0.467, 0.467, 0.467 }		/* waived only: #777777 */
};

static const char *const chart_sev_label[CHART_NSEV] = {
	"info", "low", "medium", "high", "critical", "no finding",
	"waived only"
};

/* Drawing order of the markers, the worst last (on top). */
static const int chart_sev_order[CHART_NSEV] = {
	CHART_NONE, CHART_WAIVED, SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH,
	SEV_CRITICAL
};

/* Fills of the range lanes: a background shade and an optional hatch. */
enum chart_fill {
	CHART_F_EPH = 0,	/* ephemeral range */
	CHART_F_LOW,		/* its first 100 ports */
	CHART_F_RPC,		/* RPC dynamic range: / hatch */
	CHART_F_RESERVED,	/* reserved: | hatch */
	CHART_F_EXCLUDED,	/* excluded: x hatch */
	CHART_F_WAIVED,		/* waived findings: \ hatch */
	CHART_F__MAX
};

enum chart_hatch {
	CHART_H_NONE = 0,
	CHART_H_FWD,
	CHART_H_VERT,
	CHART_H_CROSS,
	CHART_H_BACK
};

static const struct chart_fillspec {
	struct chart_rgb	 bg;
	struct chart_rgb	 fg;
	enum chart_hatch	 hatch;
	const char		*label;
} chart_fills[CHART_F__MAX] = {
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

static const struct chart_rgb chart_black = { 0.0, 0.0, 0.0 };
static const struct chart_rgb chart_text_grey = { 0.35, 0.35, 0.35 };
static const struct chart_rgb chart_grid = { 0.78, 0.78, 0.78 };
static const struct chart_rgb chart_band = { 0.945, 0.945, 0.945 };
static const struct chart_rgb chart_white = { 1.0, 1.0, 1.0 };

/*
 * The segmented port axis: each segment starts at a labelled tick and gets
 * a share of the width, so the low ports stay readable.  Well-known ports
 * get 24%, registered 46% (1024-4999 alone 20%), dynamic 30%.
 */
static const struct chart_seg {
	int	 first;
	double	 share;
} chart_segs[] = {
	{ 0, 0.24 },
	{ 1024, 0.20 },
	{ 5000, 0.09 },
	{ 10000, 0.08 },
	{ 32768, 0.09 },
	{ 49152, 0.30 },
	{ 65536, 0.0 }
};
#define CHART_NSEGS	(sizeof(chart_segs) / sizeof(chart_segs[0]) - 1)

static const int chart_ticks[] = {
	0, 1024, 5000, 10000, 32768, 49152, 65536
};

/* The IANA bands (RFC 6335 section 6). */
static const struct chart_iana {
	int		 first;
	int		 end;		/* last + 1 */
	const char	*label;
	int		 shaded;
} chart_iana[] = {
	{ 0, 1024, "well-known 0\xe2\x80\x93" "1023", 1 },
	{ 1024, 49152, "registered 1024\xe2\x80\x93" "49151", 0 },
	{ 49152, 65536, "dynamic 49152\xe2\x80\x93" "65535", 1 }
};

struct chart_axis {
	double	 x0, x1;		/* plot left and right */
};

struct chart;
typedef void	(*chart_draw_fn)(struct chart *, cairo_t *);

/* One chart: its size in points, its fonts and its drawing function. */
struct chart {
	const struct report	*r;
	double			 w, h;		/* points */
	cairo_font_face_t	*face[2];	/* regular, bold */
	chart_draw_fn		 draw;
	void			*arg;
};

struct chart_buf {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

/* A fixed-port marker: one per protocol and port. */
struct chart_mark {
	int		 pi;
	int		 port;
	int		 sev;		/* enum severity, CHART_NONE or
					   CHART_WAIVED */
	const char	*name;		/* service, before merging */
	char		*label;		/* "NTDS, Netlogon" */
	char		*text;		/* label as drawn: "NTDS, Net… 1025" */
	double		 x;		/* marker position */
	double		 w;		/* label width */
	double		 lx;		/* label start */
	int		 level;		/* -1: label not shown */
};

struct chart_marks {
	struct chart_mark	*v;
	size_t			 n;
	size_t			 cap;
};

/* Findings of one host (all, waived included). */
struct chart_hf {
	const struct finding	**v;
	size_t			  n;
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
static cairo_font_face_t *
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
static void
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

static int
chart_emit_svg(struct chart *c, const char *path)
{
	struct chart_buf	 b;
	cairo_surface_t		*s;
	cairo_t			*cr;
	cairo_status_t		 st;

	memset(&b, 0, sizeof(b));
	s = cairo_svg_surface_create_for_stream(chart_buf_write, &b, c->w,
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
		chart_svg_ids(&b);
	return (chart_finish(st, &b, path));
}

/* Draw c into png (at dpi) and svg; either path may be NULL. */
static int
chart_emit(struct chart *c, const char *png, const char *svg, double dpi)
{
	int	 rc = 0;

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
static char *
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

static void
chart_font(struct chart *c, cairo_t *cr, int bold, double size)
{
	cairo_set_font_face(cr, c->face[bold ? 1 : 0]);
	cairo_set_font_size(cr, size);
}

static double
chart_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t	 te;

	cairo_text_extents(cr, s, &te);
	return (te.x_advance);
}

/* Clean s and cut it with an ellipsis to fit width (malloc'd). */
static char *
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

enum chart_align {
	CHART_LEFT = 0,
	CHART_CENTRE,
	CHART_RIGHT
};

/* Show text already clean at (x, baseline y). */
static void
chart_show(cairo_t *cr, double x, double y, const char *s,
    enum chart_align a)
{
	double	 w = a == CHART_LEFT ? 0 : chart_width(cr, s);

	cairo_move_to(cr, a == CHART_LEFT ? x : a == CHART_CENTRE ?
	    x - w / 2 : x - w, y);
	cairo_show_text(cr, s);
}

/* Clean, fit to width and show s. */
static void
chart_text(cairo_t *cr, double x, double y, const char *s, double width,
    enum chart_align a)
{
	char	*t;

	t = chart_fit(cr, s, width);
	chart_show(cr, x, y, t, a);
	free(t);
}

/* Shapes and fills */

static void
chart_set(cairo_t *cr, const struct chart_rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void
chart_rect(cairo_t *cr, double x, double y, double w, double h,
    const struct chart_rgb *c)
{
	chart_set(cr, c);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

static void
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
static void
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
static void
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
static double
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

static double
chart_legend_text(struct chart *c, cairo_t *cr, double x, double y,
    const char *s, int bold)
{
	chart_font(c, cr, bold, 6.0);
	chart_set(cr, bold ? &chart_black : &chart_text_grey);
	chart_show(cr, x, y, s, CHART_LEFT);
	return (x + chart_width(cr, s) + 6.0);
}

/* The severity markers from critical down, and "no finding". */
static double
chart_legend_sevs(struct chart *c, cairo_t *cr, double x, double y)
{
	int	 s;

	x = chart_legend_text(c, cr, x, y, "fixed port, worst finding:", 1);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		x = chart_legend_marker(c, cr, x, y, s);
	x = chart_legend_marker(c, cr, x, y, CHART_NONE);
	return (chart_legend_marker(c, cr, x, y, CHART_WAIVED));
}

/* The port axis */

static double
chart_x(const struct chart_axis *ax, double port)
{
	double	 cum = 0.0;
	size_t	 i;

	if (port <= 0)
		return (ax->x0);
	for (i = 0; i < CHART_NSEGS; i++) {
		if (port < chart_segs[i + 1].first)
			return (ax->x0 + (cum + chart_segs[i].share *
			    (port - chart_segs[i].first) /
			    (chart_segs[i + 1].first - chart_segs[i].first)) *
			    (ax->x1 - ax->x0));
		cum += chart_segs[i].share;
	}
	return (ax->x1);
}

/* IANA bands from y0 to y1 with their names above, at baseline y0 - 2. */
static void
chart_axis_bands(struct chart *c, cairo_t *cr, const struct chart_axis *ax,
    double y0, double y1)
{
	double	 a, b;
	size_t	 i;

	chart_font(c, cr, 0, 6.0);
	for (i = 0; i < sizeof(chart_iana) / sizeof(chart_iana[0]); i++) {
		a = chart_x(ax, chart_iana[i].first);
		b = chart_x(ax, chart_iana[i].end);
		if (chart_iana[i].shaded)
			chart_rect(cr, a, y0, b - a, y1 - y0, &chart_band);
		chart_set(cr, &chart_text_grey);
		chart_text(cr, (a + b) / 2, y0 - 2.0, chart_iana[i].label,
		    b - a - 2.0, CHART_CENTRE);
	}
	cairo_save(cr);
	cairo_set_dash(cr, (const double[]){ 1.0, 1.5 }, 2, 0);
	for (i = 1; i + 1 < sizeof(chart_ticks) / sizeof(chart_ticks[0]);
	    i++) {
		a = chart_x(ax, chart_ticks[i]);
		chart_line(cr, a, y0, a, y1, 0.35, &chart_grid);
	}
	cairo_restore(cr);
}

/* The axis line at y with labelled ticks. */
static void
chart_axis_ticks(struct chart *c, cairo_t *cr, const struct chart_axis *ax,
    double y)
{
	char	 num[16];
	double	 x;
	size_t	 i, n = sizeof(chart_ticks) / sizeof(chart_ticks[0]);

	chart_line(cr, ax->x0, y, ax->x1, y, 0.6, &chart_black);
	chart_font(c, cr, 0, 6.0);
	for (i = 0; i < n; i++) {
		x = chart_x(ax, chart_ticks[i]);
		chart_line(cr, x, y, x, y + 3.0, 0.6, &chart_black);
		snprintf(num, sizeof(num), "%d", chart_ticks[i] == 65536 ?
		    65535 : chart_ticks[i]);
		chart_set(cr, &chart_black);
		chart_show(cr, x, y + 9.5, num, i == 0 ? CHART_LEFT :
		    i + 1 == n ? CHART_RIGHT : CHART_CENTRE);
	}
	/* Segment breaks: the scale changes at every labelled tick. */
	for (i = 1; i + 1 < n; i++) {
		x = chart_x(ax, chart_ticks[i]);
		chart_line(cr, x - 1.6, y + 1.4, x + 0.2, y - 1.4, 0.5,
		    &chart_black);
	}
}

/* Findings and markers */

/* The findings of one host, all of them. */
static void
chart_hf_of(const struct audit *a, const struct hostinfo *hi,
    struct chart_hf *hf)
{
	size_t	 i;

	hf->n = 0;
	hf->v = xcalloc(a->nfindings + 1, sizeof(*hf->v));
	for (i = 0; i < a->nfindings; i++)
		if (a->findings[i]->hi == hi)
			hf->v[hf->n++] = a->findings[i];
}

/* Rank of a marker state: no finding, waived only, info ... critical. */
static int
chart_rank(int sev)
{
	return (sev == CHART_NONE ? 0 : sev == CHART_WAIVED ? 1 : sev + 2);
}

/*
 * The worst unwaived finding at pi/port among v; CHART_WAIVED when all are
 * waived, CHART_NONE when there is none.
 */
static int
chart_worst(const struct finding *const *v, size_t n, int pi, int port)
{
	size_t	 i;
	int	 w = CHART_NONE, s;

	for (i = 0; i < n; i++) {
		if (v[i]->port != port || proto_index(v[i]->proto) != pi ||
		    v[i]->sev >= SEV__MAX)
			continue;
		s = v[i]->waived ? CHART_WAIVED : (int)v[i]->sev;
		if (chart_rank(s) > chart_rank(w))
			w = s;
	}
	return (w);
}

static void
chart_marks_add(struct chart_marks *m, int pi, int port, int sev,
    const char *name)
{
	struct chart_mark	*k;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	k = &m->v[m->n++];
	memset(k, 0, sizeof(*k));
	k->pi = pi;
	k->port = port;
	k->sev = sev;
	k->name = name != NULL ? name : "";
	k->level = -1;
}

static int
chart_marks_cmp(const void *va, const void *vb)
{
	const struct chart_mark	*a = va, *b = vb;

	if (a->pi != b->pi)
		return (a->pi - b->pi);
	if (a->port != b->port)
		return (a->port - b->port);
	return (strcmp(a->name, b->name));
}

/* Add the fixed-port settings of hi, with their worst findings. */
static void
chart_marks_host(struct chart_marks *m, const struct hostinfo *hi,
    const struct chart_hf *hf)
{
	const struct settingrec	*s;
	size_t			 i;
	int			 pi;

	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if ((pi = rule_setting_pi(s)) < 0)
			continue;
		chart_marks_add(m, pi, s->port, chart_worst(hf->v, hf->n, pi,
		    s->port), rule_setting_service(s));
	}
}

/*
 * Sort and merge the marks to one per protocol and port, keeping the
 * worst severity; with labels, join the distinct names and the port.
 */
static void
chart_marks_merge(struct chart_marks *m, int labels)
{
	char	*lab, *t, *name;
	size_t	 i, j, out;

	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), chart_marks_cmp);
	for (i = out = 0; i < m->n; i = j) {
		lab = NULL;
		m->v[out] = m->v[i];
		for (j = i; j < m->n && m->v[j].pi == m->v[i].pi &&
		    m->v[j].port == m->v[i].port; j++) {
			if (chart_rank(m->v[j].sev) >
			    chart_rank(m->v[out].sev))
				m->v[out].sev = m->v[j].sev;
			if (!labels || (j > i && strcmp(m->v[j].name,
			    m->v[j - 1].name) == 0))
				continue;
			name = chart_clean(m->v[j].name);
			if (lab == NULL)
				lab = name;
			else {
				xasprintf(&t, "%s, %s", lab, name);
				free(lab);
				free(name);
				lab = t;
			}
		}
		m->v[out].label = lab;
		out++;
	}
	m->n = out;
}

static void
chart_marks_free(struct chart_marks *m)
{
	size_t	 i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].label);
		free(m->v[i].text);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Draw the marks of protocol pi at y, the worst last (on top). */
static void
chart_marks_draw(cairo_t *cr, const struct chart_marks *m, int pi,
    const struct chart_axis *ax, double y, double r)
{
	size_t	 i;
	int	 k;

	for (k = 0; k < CHART_NSEV; k++)
		for (i = 0; i < m->n; i++)
			if (m->v[i].pi == pi &&
			    m->v[i].sev == chart_sev_order[k])
				chart_marker(cr, chart_x(ax, m->v[i].port +
				    0.5), y, r, m->v[i].sev);
}

/* Port map */

/* Vertical layout of one protocol row of the port map. */
#define CHART_PM_X0		44.0	/* plot left */
#define CHART_PM_XR		8.0	/* right margin */
#define CHART_PM_LEVEL		7.0	/* label level spacing */
#define CHART_PM_MARK		3.0	/* marker radius */
#define CHART_PM_EPH		7.0	/* lane heights */
#define CHART_PM_LANE		4.0
#define CHART_PM_GLYPH		6.2	/* severity glyph before a label */
#define CHART_PM_TEXTW		125.0	/* widest label text */
#define CHART_PM_SHIFT		90.0	/* farthest a label moves sideways */

struct chart_pm {
	const struct hostinfo	*hi;
	struct chart_hf		 hf;
	struct chart_marks	 marks;
	unsigned char		 listen[PI__MAX][65536 / 8];
};

/* One protocol row of the port map as laid out. */
struct chart_pmrow {
	int			  pi;
	struct chart_mark	**v;		/* its marks, by port */
	size_t			  n;
	int			  nlev;		/* label levels it gets */
	double			  ybase;	/* baseline of level 0 */
	double			  ymark;	/* marker centre line */
};

/* Sockets that wait for peers: TCP in LISTEN, UDP with no remote port. */
static void
chart_pm_listeners(struct chart_pm *pm)
{
	const struct sockrec	*s;
	size_t			 i;
	int			 pi;

	for (i = 0; i < pm->hi->sockets.n; i++) {
		s = &pm->hi->sockets.v[i].rec->u.sock;
		if ((pi = proto_index(s->proto)) < 0 || s->local_port < 0 ||
		    s->local_port > 65535)
			continue;
		if ((pi == PI_TCP && s->state == ST_LISTEN) ||
		    (pi == PI_UDP && s->remote_port < 0))
			pm->listen[pi][s->local_port / 8] |=
			    1 << (s->local_port % 8);
	}
}

/* Where a label of width w can sit on a level near p0, or -1. */
static double
chart_pm_slot(const double (*iv)[2], size_t n, double p0, double w,
    double xl, double xr, int dir)
{
	double	 gap = 3.0, p = p0;
	size_t	 j, tries;

	for (tries = 0; tries <= n; tries++) {
		for (j = 0; j < n; j++)
			if (iv[j][0] < p + w + gap && iv[j][1] + gap > p)
				break;
		if (j == n)
			return (p >= xl && p + w <= xr ? p : -1.0);
		p = dir > 0 ? iv[j][1] + gap : iv[j][0] - gap - w;
		if (p < xl || p + w > xr)
			return (-1.0);
	}
	return (-1.0);
}

/*
 * Stagger the labels of one row on up to nlev levels: each goes where it
 * moves least from its marker, lower levels preferred; a label that fits
 * nowhere is left out.  Returns the levels used.
 */
static int
chart_pm_place(struct chart_mark **v, size_t n, int nlev, double xl,
    double xr)
{
	double	 (*iv[CHART_LEVELS])[2];
	size_t	 niv[CHART_LEVELS], i;
	double	 p0, p, best, cost, bestp = 0;
	int	 k, d, bestk, used = 0;

	for (k = 0; k < nlev; k++) {
		iv[k] = xcalloc(n + 1, sizeof(*iv[k]));
		niv[k] = 0;
	}
	for (i = 0; i < n; i++) {
		p0 = fmax(fmin(v[i]->x - 2.6, xr - v[i]->w), xl);
		best = HUGE_VAL;
		bestk = -1;
		for (k = 0; k < nlev; k++)
			for (d = 1; d >= -1; d -= 2) {
				p = chart_pm_slot((const double (*)[2])iv[k],
				    niv[k], p0, v[i]->w, xl, xr, d);
				if (p < 0 || fabs(p - p0) > CHART_PM_SHIFT)
					continue;
				cost = fabs(p - p0) + 12.0 * k;
				if (cost < best) {
					best = cost;
					bestk = k;
					bestp = p;
				}
			}
		if ((v[i]->level = bestk) < 0)
			continue;
		v[i]->lx = bestp;
		iv[bestk][niv[bestk]][0] = bestp;
		iv[bestk][niv[bestk]][1] = bestp + v[i]->w;
		niv[bestk]++;
		if (bestk + 1 > used)
			used = bestk + 1;
	}
	for (k = 0; k < nlev; k++)
		free(iv[k]);
	return (used);
}

/* One protocol's ranges as lanes: ephemeral, RPC, reserved and excluded. */
static void
chart_pm_lanes(struct chart *c, cairo_t *cr, const struct hostinfo *hi,
    int pi, const struct chart_axis *ax, double y)
{
	const struct prange	*e = &hi->ephemeral[pi];
	const struct rangeset	*sets[3];
	char			 txt[64];
	double			 a, b, lw, ly;
	size_t			 i;
	int			 k;

	chart_rect(cr, ax->x0, y, ax->x1 - ax->x0, CHART_PM_EPH +
	    2 * CHART_PM_LANE, &chart_white);
	if (e->first > 0 && e->last >= e->first) {
		a = chart_x(ax, e->first);
		b = chart_x(ax, e->last + 1);
		chart_fill(cr, a, y, b - a, CHART_PM_EPH, CHART_F_EPH);
		lw = fmax(chart_x(ax, e->first + (e->last - e->first >= 100 ?
		    100 : e->last - e->first + 1)) - a, 2.5);
		chart_fill(cr, a, y, lw, CHART_PM_EPH, CHART_F_LOW);
		snprintf(txt, sizeof(txt), "%d\xe2\x80\x93%d", e->first,
		    e->last);
		chart_font(c, cr, 0, 5.5);
		if (chart_width(cr, txt) < b - a - lw - 4.0) {
			chart_set(cr, &chart_black);
			chart_show(cr, (a + lw + b) / 2, y + 5.3, txt,
			    CHART_CENTRE);
		}
	} else {
		chart_font(c, cr, 0, 5.5);
		chart_set(cr, &chart_text_grey);
		chart_show(cr, ax->x0 + 2.0, y + 5.3,
		    "ephemeral range unknown", CHART_LEFT);
	}
	sets[0] = &hi->rpc[pi];
	sets[1] = &hi->reserved[pi];
	sets[2] = &hi->excluded[pi];
	for (k = 0; k < 3; k++) {
		ly = y + CHART_PM_EPH + (k == 0 ? 0 : CHART_PM_LANE);
		for (i = 0; i < sets[k]->n; i++) {
			a = chart_x(ax, sets[k]->v[i].first);
			b = fmax(chart_x(ax, sets[k]->v[i].last + 1), a + 1.5);
			chart_fill(cr, a, ly, b - a, CHART_PM_LANE,
			    k == 0 ? CHART_F_RPC : k == 1 ? CHART_F_RESERVED :
			    CHART_F_EXCLUDED);
		}
	}
	chart_set(cr, &chart_grid);
	cairo_set_line_width(cr, 0.4);
	cairo_rectangle(cr, ax->x0, y, ax->x1 - ax->x0, CHART_PM_EPH +
	    2 * CHART_PM_LANE);
	cairo_stroke(cr);
}

/* Listening sockets as short ticks under the lanes at y. */
static void
chart_pm_ticks(cairo_t *cr, const struct chart_pm *pm, int pi,
    const struct chart_axis *ax, double y)
{
	double	 x;
	int	 port;

	chart_set(cr, &chart_black);
	cairo_set_line_width(cr, 0.5);
	for (port = 0; port < 65536; port++) {
		if ((pm->listen[pi][port / 8] & (1 << (port % 8))) == 0)
			continue;
		x = chart_x(ax, port + 0.5);
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x, y + 3.5);
	}
	cairo_stroke(cr);
}

/*
 * The labels of one row: leaders from the markers, then each label on a
 * white halo, led by its own severity glyph (markers at one spot hide
 * each other, the glyphs do not).
 */
static void
chart_pm_labels(struct chart *c, cairo_t *cr, const struct chart_pmrow *row)
{
	struct chart_mark	*m;
	double			 by, lx;
	size_t			 i;

	for (i = 0; i < row->n; i++) {
		m = row->v[i];
		if (m->level < 0)
			continue;
		by = row->ybase - m->level * CHART_PM_LEVEL + 1.2;
		chart_set(cr, &chart_text_grey);
		cairo_set_line_width(cr, 0.35);
		cairo_move_to(cr, m->x, row->ymark - CHART_PM_MARK);
		cairo_line_to(cr, m->x, by);
		lx = fmin(fmax(m->x, m->lx), m->lx + m->w);
		cairo_line_to(cr, lx, by);
		cairo_stroke(cr);
	}
	chart_font(c, cr, 0, 6.0);
	for (i = 0; i < row->n; i++) {
		m = row->v[i];
		if (m->level < 0)
			continue;
		by = row->ybase - m->level * CHART_PM_LEVEL;
		cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
		cairo_rectangle(cr, m->lx - 0.6, by - 5.2, m->w + 1.2, 6.4);
		cairo_fill(cr);
		chart_marker(cr, m->lx + 2.4, by - 2.0, 2.1, m->sev);
		chart_set(cr, &chart_black);
		chart_show(cr, m->lx + CHART_PM_GLYPH, by, m->text,
		    CHART_LEFT);
	}
}

/* The label texts of protocol pi: names cut to fit, then the port. */
static void
chart_pm_texts(struct chart *c, cairo_t *cr, struct chart_pm *pm,
    struct chart_pmrow *row, int pi, const struct chart_axis *ax)
{
	struct chart_mark	*m;
	char			 port[16], *name;
	size_t			 i;

	chart_font(c, cr, 0, 6.0);
	row->n = 0;
	for (i = 0; i < pm->marks.n; i++) {
		m = &pm->marks.v[i];
		if (m->pi != pi)
			continue;
		snprintf(port, sizeof(port), " %d", m->port);
		name = chart_fit(cr, m->label, CHART_PM_TEXTW -
		    chart_width(cr, port));
		free(m->text);
		xasprintf(&m->text, "%s%s", name, port);
		free(name);
		m->w = chart_width(cr, m->text) + CHART_PM_GLYPH;
		m->x = chart_x(ax, m->port + 0.5);
		row->v[row->n++] = m;
	}
}

/* One protocol row: name, labels, markers, lanes, listeners. */
static void
chart_pm_row(struct chart *c, cairo_t *cr, struct chart_pm *pm,
    const struct chart_pmrow *row, const struct chart_axis *ax)
{
	char	 more[48];
	double	 ylane;
	size_t	 i, hidden = 0;

	ylane = row->ymark + CHART_PM_MARK + 2.5;
	chart_pm_lanes(c, cr, pm->hi, row->pi, ax, ylane);
	chart_pm_ticks(cr, pm, row->pi, ax, ylane + CHART_PM_EPH +
	    2 * CHART_PM_LANE);
	cairo_save(cr);
	cairo_set_dash(cr, (const double[]){ 0.8, 0.8 }, 2, 0);
	for (i = 0; i < row->n; i++)
		chart_line(cr, row->v[i]->x, row->ymark, row->v[i]->x, ylane +
		    CHART_PM_EPH + 2 * CHART_PM_LANE, 0.4, &chart_text_grey);
	cairo_restore(cr);
	chart_pm_labels(c, cr, row);
	chart_marks_draw(cr, &pm->marks, row->pi, ax, row->ymark,
	    CHART_PM_MARK);
	chart_font(c, cr, 1, 8.0);
	chart_set(cr, &chart_black);
	chart_show(cr, 4.0, row->ymark + 3.0, row->pi == PI_TCP ? "TCP" :
	    "UDP", CHART_LEFT);
	chart_font(c, cr, 0, 4.8);
	chart_set(cr, &chart_text_grey);
	chart_show(cr, ax->x0 - 2.0, ylane + 5.2, "ephemeral", CHART_RIGHT);
	chart_show(cr, ax->x0 - 2.0, ylane + CHART_PM_EPH + 3.4, "RPC",
	    CHART_RIGHT);
	chart_show(cr, ax->x0 - 2.0, ylane + CHART_PM_EPH + CHART_PM_LANE +
	    3.4, "res./excl.", CHART_RIGHT);
	if (row->pi == PI_TCP && pm->marks.n == 0)
		chart_show(cr, ax->x0 + 4.0, row->ymark + 1.8,
		    "no fixed-port setting known for this host", CHART_LEFT);
	for (i = 0; i < row->n; i++)
		hidden += row->v[i]->level < 0;
	if (hidden > 0) {
		snprintf(more, sizeof(more), "+%zu not", hidden);
		chart_show(cr, 4.0, row->ymark - 12.0, more, CHART_LEFT);
		chart_show(cr, 4.0, row->ymark - 6.5, "labelled", CHART_LEFT);
	}
}

/*
 * Share CHART_LEVELS label levels between the TCP and UDP rows: each gets
 * what it needs when both fit, else UDP keeps up to half and TCP the rest.
 */
static void
chart_pm_levels(struct chart_pmrow *row, double xl, double xr)
{
	int	 need[PI__MAX], k;

	for (k = 0; k < PI__MAX; k++)
		need[k] = chart_pm_place(row[k].v, row[k].n, CHART_LEVELS - 1,
		    xl, xr);
	row[PI_UDP].nlev = need[PI_UDP] > 0 ? need[PI_UDP] : 1;
	row[PI_TCP].nlev = need[PI_TCP] > 0 ? need[PI_TCP] : 1;
	if (row[PI_TCP].nlev + row[PI_UDP].nlev > CHART_LEVELS) {
		if (row[PI_UDP].nlev > CHART_LEVELS / 2)
			row[PI_UDP].nlev = row[PI_TCP].nlev <
			    CHART_LEVELS / 2 ? CHART_LEVELS -
			    row[PI_TCP].nlev : CHART_LEVELS / 2;
		row[PI_TCP].nlev = CHART_LEVELS - row[PI_UDP].nlev;
		for (k = 0; k < PI__MAX; k++)
			chart_pm_place(row[k].v, row[k].n, row[k].nlev, xl,
			    xr);
	} else
		row[PI_TCP].nlev = CHART_LEVELS - row[PI_UDP].nlev;
}

static const char *
chart_osfam(enum osfam f)
{
	static const char *const names[] = {
		NULL, "Windows", "Linux", "BSD", "macOS", "Solaris", "other OS"
	};

	return ((size_t)f < sizeof(names) / sizeof(names[0]) ? names[f] :
	    NULL);
}

/* Title: the host name in bold, then site, role and OS. */
static void
chart_pm_title(struct chart *c, cairo_t *cr, const struct hostinfo *hi)
{
	const char	*os, *parts[3];
	char		*rest = NULL, *t, *name;
	double		 x;
	int		 i;

	os = hi->os.name != NULL ? hi->os.name : hi->host->os != NULL ?
	    hi->host->os : chart_osfam(hi->os.fam);
	parts[0] = hi->site;
	parts[1] = hi->role;
	parts[2] = os;
	for (i = 0; i < 3; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		xasprintf(&t, "%s%s%s%s", rest != NULL ? rest : "",
		    rest != NULL ? " \xc2\xb7 " : "", i == 0 ? "site " : "",
		    parts[i]);
		free(rest);
		rest = t;
	}
	chart_font(c, cr, 1, 9.0);
	chart_set(cr, &chart_black);
	name = chart_fit(cr, hi->host->name, c->w * 0.6);
	chart_show(cr, 4.0, 11.0, name, CHART_LEFT);
	x = 4.0 + chart_width(cr, name) + 8.0;
	free(name);
	if (rest != NULL) {
		chart_font(c, cr, 0, 7.5);
		chart_set(cr, &chart_text_grey);
		chart_text(cr, x, 11.0, rest, c->w - x - 4.0, CHART_LEFT);
		free(rest);
	}
}

static void
chart_pm_legend(struct chart *c, cairo_t *cr, double y)
{
	double	 x = 4.0;
	int	 f;

	for (f = CHART_F_EPH; f <= CHART_F_EXCLUDED; f++)
		x = chart_legend_fill(c, cr, x, y, f);
	chart_line(cr, x + 2.0, y - 4.5, x + 2.0, y + 0.5, 0.6, &chart_black);
	x = chart_legend_text(c, cr, x + 5.0, y, "listening socket", 0);
	x = chart_legend_text(c, cr, x + 3.0, y,
	    "axis: segmented, scale changes at each tick", 0);
	chart_legend_sevs(c, cr, 4.0, y + 10.5);
}

static void
chart_pm_draw(struct chart *c, cairo_t *cr)
{
	struct chart_pm		*pm = c->arg;
	struct chart_pmrow	 row[PI__MAX];
	struct chart_axis	 ax;
	double			 y, fixed;
	int			 k;

	ax.x0 = CHART_PM_X0;
	ax.x1 = c->w - CHART_PM_XR;
	fixed = 6.5 + CHART_PM_MARK + 2.5 + CHART_PM_EPH + 2 * CHART_PM_LANE +
	    5.0;
	memset(row, 0, sizeof(row));
	for (k = 0; k < PI__MAX; k++) {
		row[k].pi = k;
		row[k].v = xcalloc(pm->marks.n + 1, sizeof(*row[k].v));
		chart_pm_texts(c, cr, pm, &row[k], k, &ax);
	}
	chart_pm_levels(row, ax.x0 - 4.0, c->w - 2.0);
	chart_pm_title(c, cr, pm->hi);
	y = 24.0;
	chart_axis_bands(c, cr, &ax, y, y + CHART_LEVELS * CHART_PM_LEVEL +
	    PI__MAX * fixed);
	for (k = 0; k < PI__MAX; k++) {
		row[k].ybase = y + row[k].nlev * CHART_PM_LEVEL - 1.0;
		row[k].ymark = row[k].ybase + 6.5;
		chart_pm_row(c, cr, pm, &row[k], &ax);
		y += row[k].nlev * CHART_PM_LEVEL + fixed;
	}
	chart_axis_ticks(c, cr, &ax, y);
	chart_pm_legend(c, cr, c->h - 14.0);
	for (k = 0; k < PI__MAX; k++)
		free(row[k].v);
}

/* Fleet map */

struct chart_fm {
	const struct audit	 *a;
	const struct hostinfo	**hosts;	/* sorted by site, name */
	size_t			  nhosts;
	size_t			 *row;		/* first host of each row */
	size_t			  nrows;	/* drawn */
	size_t			  nrows_all;
	int			  bysite;
	size_t			 *fstart;	/* findings per host index */
	const struct finding	**fv;
	double			  sitew, hostw;
};

static int
chart_fm_cmp(const void *va, const void *vb)
{
	const struct hostinfo	*a = *(const struct hostinfo *const *)va;
	const struct hostinfo	*b = *(const struct hostinfo *const *)vb;
	int			 d;

	if ((a->site == NULL) != (b->site == NULL))
		return (a->site == NULL ? 1 : -1);
	if (a->site != NULL && ((d = util_strcasecmp_ascii(a->site,
	    b->site)) != 0 || (d = strcmp(a->site, b->site)) != 0))
		return (d);
	if ((d = util_strcasecmp_ascii(a->host->name, b->host->name)) != 0 ||
	    (d = strcmp(a->host->name, b->host->name)) != 0)
		return (d);
	return (a < b ? -1 : a > b);
}

static int
chart_fm_same_site(const struct hostinfo *a, const struct hostinfo *b)
{
	if (a->site == NULL || b->site == NULL)
		return (a->site == b->site);
	return (strcmp(a->site, b->site) == 0);
}

/* The index of hi in the audit's host array, or nhosts when not there. */
static size_t
chart_fm_hostidx(const struct audit *a, const struct hostinfo *hi)
{
	uintptr_t	 p = (uintptr_t)hi, base = (uintptr_t)a->hosts;

	if (p < base || p >= base + a->nhosts * sizeof(*a->hosts))
		return (a->nhosts);
	return ((p - base) / sizeof(*a->hosts));
}

/* Index the findings by host (counting sort over the host array). */
static void
chart_fm_index(struct chart_fm *fm)
{
	const struct audit	*a = fm->a;
	size_t			 i, k, *fill;

	fm->fstart = xcalloc(a->nhosts + 2, sizeof(*fm->fstart));
	fm->fv = xcalloc(a->nfindings + 1, sizeof(*fm->fv));
	fill = xcalloc(a->nhosts + 1, sizeof(*fill));
	for (i = 0; i < a->nfindings; i++)
		if ((k = chart_fm_hostidx(a, a->findings[i]->hi)) < a->nhosts)
			fm->fstart[k + 1]++;
	for (k = 0; k < a->nhosts; k++)
		fm->fstart[k + 1] += fm->fstart[k];
	for (i = 0; i < a->nfindings; i++)
		if ((k = chart_fm_hostidx(a, a->findings[i]->hi)) < a->nhosts)
			fm->fv[fm->fstart[k] + fill[k]++] = a->findings[i];
	free(fill);
}

/* Hosts (reference hosts left out), sorted; rows per host or per site. */
static void
chart_fm_rows(struct chart_fm *fm)
{
	const struct audit	*a = fm->a;
	size_t			 i;

	fm->hosts = xcalloc(a->nhosts + 1, sizeof(*fm->hosts));
	for (i = 0; i < a->nhosts; i++)
		if (!a->hosts[i].host->reference)
			fm->hosts[fm->nhosts++] = &a->hosts[i];
	if (fm->nhosts > 1)
		qsort(fm->hosts, fm->nhosts, sizeof(*fm->hosts), chart_fm_cmp);
	fm->bysite = fm->nhosts > CHART_FLEET_HOSTS;
	fm->row = xcalloc(fm->nhosts + 2, sizeof(*fm->row));
	for (i = 0; i < fm->nhosts; i++)
		if (!fm->bysite || i == 0 ||
		    !chart_fm_same_site(fm->hosts[i - 1], fm->hosts[i]))
			fm->row[fm->nrows_all++] = i;
	fm->row[fm->nrows_all] = fm->nhosts;
	fm->nrows = fm->nrows_all > CHART_FLEET_ROWS ? CHART_FLEET_ROWS :
	    fm->nrows_all;
}

static int
chart_fm_rangecmp(const void *va, const void *vb)
{
	const int	*a = va, *b = vb;

	if (a[0] != b[0])
		return (a[0] - b[0]);
	return (a[1] - b[1]);
}

/*
 * The ephemeral ranges of a row's hosts, each distinct range drawn once
 * with an opacity that grows with the share of hosts using it.
 */
static void
chart_fm_eph(cairo_t *cr, const struct chart_fm *fm, size_t r, int pi,
    const struct chart_axis *ax, double y, double h)
{
	const struct chart_fillspec	*fs;
	const struct prange		*e;
	int				(*v)[2];
	double				 a, b, alpha;
	size_t				 i, j, n = 0, lo, hi;

	lo = fm->row[r];
	hi = fm->row[r + 1];
	v = xcalloc(hi - lo + 1, sizeof(*v));
	for (i = lo; i < hi; i++) {
		e = &fm->hosts[i]->ephemeral[pi];
		if (e->first > 0 && e->last >= e->first) {
			v[n][0] = e->first;
			v[n++][1] = e->last;
		}
	}
	qsort(v, n, sizeof(*v), chart_fm_rangecmp);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[j][0] == v[i][0] && v[j][1] == v[i][1];
		    j++)
			;
		alpha = hi - lo > 1 ? 0.25 + 0.75 * (j - i) / (hi - lo) : 1.0;
		a = chart_x(ax, v[i][0]);
		b = chart_x(ax, v[i][1] + 1);
		fs = &chart_fills[CHART_F_EPH];
		cairo_set_source_rgba(cr, fs->bg.r, fs->bg.g, fs->bg.b, alpha);
		cairo_rectangle(cr, a, y, b - a, h);
		cairo_fill(cr);
		fs = &chart_fills[CHART_F_LOW];
		cairo_set_source_rgba(cr, fs->bg.r, fs->bg.g, fs->bg.b, alpha);
		cairo_rectangle(cr, a, y, fmax(chart_x(ax, v[i][0] +
		    (v[i][1] - v[i][0] >= 100 ? 100 : v[i][1] - v[i][0] + 1)) -
		    a, 2.0), h);
		cairo_fill(cr);
	}
	free(v);
}

/* Open findings of a row, and its markers (no labels). */
static size_t
chart_fm_marks(const struct chart_fm *fm, size_t r, struct chart_marks *m)
{
	struct chart_hf		 hf;
	const struct hostinfo	*hi;
	size_t			 i, k, nopen = 0;

	for (i = fm->row[r]; i < fm->row[r + 1]; i++) {
		hi = fm->hosts[i];
		hf.v = fm->fv;
		hf.n = 0;
		if ((k = chart_fm_hostidx(fm->a, hi)) < fm->a->nhosts) {
			hf.v = fm->fv + fm->fstart[k];
			hf.n = fm->fstart[k + 1] - fm->fstart[k];
		}
		for (k = 0; k < hf.n; k++)
			nopen += !hf.v[k]->waived;
		chart_marks_host(m, hi, &hf);
	}
	chart_marks_merge(m, 0);
	return (nopen);
}

/* Row labels: the site on its first row, the host (or host count). */
static void
chart_fm_label(struct chart *c, cairo_t *cr, const struct chart_fm *fm,
    size_t r, double y)
{
	const struct hostinfo	*hi = fm->hosts[fm->row[r]];
	char			 buf[64];
	int			 first;

	first = r == 0 || !chart_fm_same_site(fm->hosts[fm->row[r - 1]], hi);
	if (first && fm->sitew > 0) {
		chart_font(c, cr, 1, 6.5);
		chart_set(cr, &chart_black);
		chart_text(cr, 4.0, y, hi->site != NULL ? hi->site :
		    "(no site)", fm->sitew, CHART_LEFT);
	}
	chart_font(c, cr, 0, 6.5);
	chart_set(cr, &chart_black);
	if (fm->bysite) {
		snprintf(buf, sizeof(buf), "%zu host%s",
		    fm->row[r + 1] - fm->row[r],
		    fm->row[r + 1] - fm->row[r] == 1 ? "" : "s");
		chart_show(cr, 4.0 + fm->sitew + 6.0, y, buf, CHART_LEFT);
	} else
		chart_text(cr, 4.0 + fm->sitew + 6.0, y, hi->host->name,
		    fm->hostw, CHART_LEFT);
}

static void
chart_fm_row(struct chart *c, cairo_t *cr, const struct chart_fm *fm,
    size_t r, const struct chart_axis *ax, double y, double rowh)
{
	struct chart_marks	 m;
	char			 num[32];
	size_t			 nopen;
	int			 pi;

	memset(&m, 0, sizeof(m));
	if (r % 2 == 1) {
		/* a veil, so the IANA bands show through */
		cairo_set_source_rgba(cr, 0, 0, 0, 0.03);
		cairo_rectangle(cr, 0, y, c->w, rowh);
		cairo_fill(cr);
	}
	if (r > 0 && !chart_fm_same_site(fm->hosts[fm->row[r - 1]],
	    fm->hosts[fm->row[r]]))
		chart_line(cr, 2.0, y, c->w - 2.0, y, 0.6, &chart_text_grey);
	chart_fm_eph(cr, fm, r, PI_TCP, ax, y + 2.0, rowh - 5.5);
	chart_fm_eph(cr, fm, r, PI_UDP, ax, y + rowh - 3.0, 2.0);
	nopen = chart_fm_marks(fm, r, &m);
	for (pi = PI_UDP; pi >= PI_TCP; pi--)
		chart_marks_draw(cr, &m, pi, ax, y + (rowh - 3.5) / 2 + 1.0,
		    2.6);
	chart_marks_free(&m);
	chart_fm_label(c, cr, fm, r, y + rowh / 2 + 2.3);
	snprintf(num, sizeof(num), "%zu", nopen);
	chart_font(c, cr, 0, 6.5);
	chart_set(cr, nopen ? &chart_black : &chart_text_grey);
	chart_show(cr, c->w - 6.0, y + rowh / 2 + 2.3, num, CHART_RIGHT);
}

static void
chart_fm_title(struct chart *c, cairo_t *cr, const struct chart_fm *fm)
{
	char	 buf[128];
	size_t	 i, nsites = 0;

	for (i = 0; i < fm->nhosts; i++)
		if (i == 0 || !chart_fm_same_site(fm->hosts[i - 1],
		    fm->hosts[i]))
			nsites++;
	snprintf(buf, sizeof(buf), "Fleet port map: %zu host%s, %zu "
	    "site%s%s", fm->nhosts, fm->nhosts == 1 ? "" : "s", nsites,
	    nsites == 1 ? "" : "s", fm->bysite ? ", one row per site" : "");
	chart_font(c, cr, 1, 9.0);
	chart_set(cr, &chart_black);
	chart_show(cr, 4.0, 11.0, buf, CHART_LEFT);
}

static void
chart_fm_draw(struct chart *c, cairo_t *cr)
{
	struct chart_fm		*fm = c->arg;
	struct chart_axis	 ax;
	char			 more[64];
	double			 top, rowh, y, bottom, x;
	size_t			 r;

	top = CHART_FM_TOP * CHART_PT;
	rowh = CHART_FM_ROW * CHART_PT;
	bottom = top + rowh * (fm->nrows > 0 ? fm->nrows : 1) +
	    (fm->nrows < fm->nrows_all ? rowh : 0);
	ax.x0 = 4.0 + (fm->sitew > 0 ? fm->sitew + 6.0 : 0) + fm->hostw +
	    8.0;
	ax.x1 = c->w - 34.0;
	chart_fm_title(c, cr, fm);
	chart_axis_bands(c, cr, &ax, top - 5.0, bottom);
	chart_font(c, cr, 0, 5.5);
	chart_set(cr, &chart_text_grey);
	chart_show(cr, c->w - 6.0, top - 7.0, "open", CHART_RIGHT);
	chart_show(cr, c->w - 6.0, top - 1.0, "findings", CHART_RIGHT);
	for (r = 0, y = top; r < fm->nrows; r++, y += rowh)
		chart_fm_row(c, cr, fm, r, &ax, y, rowh);
	chart_font(c, cr, 0, 6.5);
	chart_set(cr, &chart_text_grey);
	if (fm->nrows == 0)
		chart_show(cr, ax.x0 + 4.0, top + rowh / 2 + 2.3,
		    "no hosts", CHART_LEFT);
	if (fm->nrows < fm->nrows_all) {
		snprintf(more, sizeof(more), "%zu more rows not shown",
		    fm->nrows_all - fm->nrows);
		chart_show(cr, 4.0, y + rowh / 2 + 2.3, more, CHART_LEFT);
	}
	chart_axis_ticks(c, cr, &ax, bottom + 1.0);
	x = chart_legend_fill(c, cr, 4.0, c->h - 19.0, CHART_F_EPH);
	x = chart_legend_text(c, cr, x - 6.0, c->h - 19.0,
	    "(thick: TCP, thin: UDP)", 0);
	x = chart_legend_fill(c, cr, x + 3.0, c->h - 19.0, CHART_F_LOW);
	if (fm->bysite)
		chart_legend_text(c, cr, x, c->h - 19.0,
		    "darker band: more hosts of the site share that range", 0);
	chart_legend_sevs(c, cr, 4.0, c->h - 8.0);
}

/* The widths of the label columns, from the names, within caps. */
static void
chart_fm_measure(struct chart *c, cairo_t *cr, struct chart_fm *fm)
{
	const char	*site;
	char		*t;
	size_t		 i, r;
	int		 anysite = 0;

	fm->sitew = 0;
	fm->hostw = fm->bysite ? 40.0 : 20.0;
	chart_font(c, cr, 1, 6.5);
	for (r = 0; r < fm->nrows; r++) {
		/* the site of each row's first host: all sites, per site */
		if ((site = fm->hosts[fm->row[r]]->site) == NULL ||
		    (r > 0 && chart_fm_same_site(fm->hosts[fm->row[r - 1]],
		    fm->hosts[fm->row[r]])))
			continue;
		anysite = 1;
		t = chart_clean(site);
		fm->sitew = fmax(fm->sitew, fmin(chart_width(cr, t), 60.0));
		free(t);
	}
	if (anysite)
		fm->sitew = fmax(fm->sitew, chart_width(cr, "(no site)"));
	chart_font(c, cr, 0, 6.5);
	for (i = 0; i < fm->nhosts && !fm->bysite; i++) {
		t = chart_clean(fm->hosts[i]->host->name);
		fm->hostw = fmax(fm->hostw, fmin(chart_width(cr, t), 90.0));
		free(t);
	}
}

/* Bar charts */

/* A step of 1, 2 or 5 times a power of ten giving at most n ticks. */
static unsigned long
chart_step(unsigned long max, int n)
{
	unsigned long	 p = 1;

	for (;;) {
		if (p * n >= max)
			return (p);
		if (2 * p * n >= max)
			return (2 * p);
		if (5 * p * n >= max)
			return (5 * p);
		p *= 10;
	}
}

struct chart_counts {
	unsigned long	 open[SEV__MAX];
	unsigned long	 waived[SEV__MAX];
	unsigned long	 total;
};

/* The top of a count axis: max rounded up to a whole step. */
static unsigned long
chart_scale(unsigned long max, int n)
{
	unsigned long	 step;

	if (max == 0)
		max = 1;
	step = chart_step(max, n);
	return ((max + step - 1) / step * step);
}

/* Plot area of the severity chart. */
struct chart_sevplot {
	double		 x0, x1, y0, y1;
	unsigned long	 top;		/* count at y0 */
};

/* Horizontal gridlines with their counts, from 0 up to the top. */
static void
chart_sev_grid(struct chart *c, cairo_t *cr, const struct chart_sevplot *p,
    unsigned long step)
{
	char		 buf[32];
	double		 y;
	unsigned long	 v;

	chart_font(c, cr, 0, 6.0);
	for (v = 0; v <= p->top; v += step) {
		y = p->y1 - (p->y1 - p->y0) * v / p->top;
		chart_line(cr, p->x0, y, p->x1, y, 0.35, &chart_grid);
		snprintf(buf, sizeof(buf), "%lu", v);
		chart_set(cr, &chart_text_grey);
		chart_show(cr, p->x0 - 3.0, y + 2.0, buf, CHART_RIGHT);
	}
}

/* One severity's bar: open findings solid, waived hatched on top. */
static void
chart_sev_bar(struct chart *c, cairo_t *cr, const struct chart_sevplot *p,
    const struct chart_counts *k, int s, double cx, double bw)
{
	char	 buf[48];
	double	 ho, hw, w;

	ho = (p->y1 - p->y0) * k->open[s] / p->top;
	hw = (p->y1 - p->y0) * k->waived[s] / p->top;
	if (k->open[s] > 0) {
		chart_rect(cr, cx - bw / 2, p->y1 - ho, bw, ho,
		    &chart_sev_rgb[s]);
		chart_set(cr, &chart_black);
		cairo_set_line_width(cr, 0.5);
		cairo_rectangle(cr, cx - bw / 2, p->y1 - ho, bw, ho);
		cairo_stroke(cr);
	}
	if (k->waived[s] > 0)
		chart_fill(cr, cx - bw / 2, p->y1 - ho - hw, bw, hw,
		    CHART_F_WAIVED);
	chart_font(c, cr, 1, 7.0);
	chart_set(cr, &chart_black);
	snprintf(buf, sizeof(buf), "%lu", k->open[s]);
	chart_show(cr, cx, p->y1 - ho - hw - (k->waived[s] ? 9.0 : 2.5), buf,
	    CHART_CENTRE);
	if (k->waived[s] > 0) {
		chart_font(c, cr, 0, 5.5);
		snprintf(buf, sizeof(buf), "+%lu waived", k->waived[s]);
		chart_show(cr, cx, p->y1 - ho - hw - 2.0, buf, CHART_CENTRE);
	}
	/* the category: marker and name, centred under the bar */
	chart_font(c, cr, 0, 6.5);
	w = 7.5 + chart_width(cr, chart_sev_label[s]);
	chart_marker(cr, cx - w / 2 + 2.8, p->y1 + 8.0, 2.8, s);
	chart_set(cr, &chart_black);
	chart_show(cr, cx - w / 2 + 7.5, p->y1 + 10.3, chart_sev_label[s],
	    CHART_LEFT);
}

static void
chart_sev_draw(struct chart *c, cairo_t *cr)
{
	const struct chart_counts	*k = c->arg;
	struct chart_sevplot		 p;
	char				 buf[48];
	double				 slot;
	unsigned long			 max = 0;
	int				 s, i;

	p.x0 = 30.0;
	p.x1 = c->w - 8.0;
	p.y0 = 44.0;
	p.y1 = c->h - 34.0;
	for (s = 0; s < SEV__MAX; s++)
		if (k->open[s] + k->waived[s] > max)
			max = k->open[s] + k->waived[s];
	p.top = chart_scale(max, 5);
	chart_font(c, cr, 1, 9.0);
	chart_set(cr, &chart_black);
	chart_show(cr, 4.0, 11.0, "Findings by severity", CHART_LEFT);
	chart_sev_grid(c, cr, &p, chart_step(max ? max : 1, 5));
	slot = (p.x1 - p.x0) / SEV__MAX;
	for (i = 0; i < SEV__MAX; i++)
		chart_sev_bar(c, cr, &p, k, SEV_CRITICAL - i, p.x0 + slot *
		    (i + 0.5), slot * 0.56);
	chart_line(cr, p.x0, p.y1, p.x1, p.y1, 0.6, &chart_black);
	chart_font(c, cr, 0, 6.0);
	chart_set(cr, &chart_text_grey);
	snprintf(buf, sizeof(buf), "%lu finding%s", k->total,
	    k->total == 1 ? "" : "s");
	chart_show(cr, 4.0, c->h - 6.0, buf, CHART_LEFT);
	chart_legend_fill(c, cr, c->w * 0.45, c->h - 6.0, CHART_F_WAIVED);
}

struct chart_rule {
	const char		*id;
	struct chart_counts	 k;
};

struct chart_rules {
	struct chart_rule	*v;
	size_t			 n;
};

static int
chart_rules_cmp(const void *va, const void *vb)
{
	const struct chart_rule	*a = va, *b = vb;

	if (a->k.total != b->k.total)
		return (a->k.total > b->k.total ? -1 : 1);
	return (strcmp(a->id, b->id));
}

/* Count the findings by rule id, most frequent first. */
static void
chart_rules_count(const struct audit *a, struct chart_rules *rs)
{
	const struct finding	*f;
	size_t			 i, j;

	rs->n = 0;
	rs->v = xcalloc(a->nfindings + 1, sizeof(*rs->v));
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		if (f->sev >= SEV__MAX)
			continue;
		for (j = 0; j < rs->n; j++)
			if (strcmp(rs->v[j].id, f->rule->id) == 0)
				break;
		if (j == rs->n)
			rs->v[rs->n++].id = f->rule->id;
		if (f->waived)
			rs->v[j].k.waived[f->sev]++;
		else
			rs->v[j].k.open[f->sev]++;
		rs->v[j].k.total++;
	}
	qsort(rs->v, rs->n, sizeof(*rs->v), chart_rules_cmp);
}

/* The count label of a rule: "12", or "12 (3 waived)". */
static void
chart_rules_label(const struct chart_rule *ru, char *buf, size_t sz)
{
	unsigned long	 waived = 0;
	int		 s;

	for (s = 0; s < SEV__MAX; s++)
		waived += ru->k.waived[s];
	if (waived > 0)
		snprintf(buf, sz, "%lu (%lu waived)", ru->k.total, waived);
	else
		snprintf(buf, sz, "%lu", ru->k.total);
}

/* Room for the widest count label right of the bars. */
static double
chart_rules_countw(struct chart *c, cairo_t *cr,
    const struct chart_rules *rs)
{
	char	 buf[64];
	double	 w = 20.0;
	size_t	 i;

	chart_font(c, cr, 1, 6.5);
	for (i = 0; i < rs->n; i++) {
		chart_rules_label(&rs->v[i], buf, sizeof(buf));
		w = fmax(w, chart_width(cr, buf) + 6.0);
	}
	return (w);
}

static void
chart_rules_bar(struct chart *c, cairo_t *cr, const struct chart_rule *ru,
    double x0, double y, double h, double scale)
{
	char			 buf[64];
	double			 x = x0, w;
	unsigned long		 waived = 0;
	int			 s;

	for (s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		waived += ru->k.waived[s];
		if (ru->k.open[s] == 0)
			continue;
		w = ru->k.open[s] * scale;
		chart_rect(cr, x, y, w, h, &chart_sev_rgb[s]);
		chart_set(cr, &chart_black);
		cairo_set_line_width(cr, 0.5);
		cairo_rectangle(cr, x, y, w, h);
		cairo_stroke(cr);
		x += w;
	}
	if (waived > 0) {
		chart_fill(cr, x, y, waived * scale, h, CHART_F_WAIVED);
		x += waived * scale;
	}
	chart_rules_label(ru, buf, sizeof(buf));
	chart_font(c, cr, 1, 6.5);
	chart_set(cr, &chart_black);
	chart_show(cr, x + 3.0, y + h / 2 + 2.3, buf, CHART_LEFT);
}

/* Severity swatches and the waived hatch, on one line at y. */
static void
chart_rules_legend(struct chart *c, cairo_t *cr, double y)
{
	double	 x;
	int	 s;

	x = chart_legend_text(c, cr, 4.0, y, "severity:", 1);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		chart_rect(cr, x, y - 5.0, 10.0, 5.5, &chart_sev_rgb[s]);
		chart_set(cr, &chart_black);
		cairo_set_line_width(cr, 0.4);
		cairo_rectangle(cr, x, y - 5.0, 10.0, 5.5);
		cairo_stroke(cr);
		x = chart_legend_text(c, cr, x + 12.5, y, chart_sev_label[s],
		    0) + 3.0;
	}
	chart_legend_fill(c, cr, x, y, CHART_F_WAIVED);
}

/* Vertical gridlines with their counts under the bars. */
static void
chart_rules_grid(struct chart *c, cairo_t *cr, double x0, double x1,
    double y0, double y1, unsigned long max)
{
	char		 buf[32];
	double		 x;
	unsigned long	 top, step, v;

	top = chart_scale(max, 8);
	step = chart_step(max ? max : 1, 8);
	chart_font(c, cr, 0, 6.0);
	for (v = 0; v <= top; v += step) {
		x = x0 + (x1 - x0) * v / top;
		chart_line(cr, x, y0 - 2.0, x, y1, 0.35, &chart_grid);
		snprintf(buf, sizeof(buf), "%lu", v);
		chart_set(cr, &chart_text_grey);
		chart_show(cr, x, y1 + 9.0, buf, CHART_CENTRE);
	}
}

static void
chart_rules_draw(struct chart *c, cairo_t *cr)
{
	const struct chart_rules	*rs = c->arg;
	double				 x0, x1, y0, y1, rowh, lw = 40.0, y;
	unsigned long			 max = 0;
	size_t				 i;

	rowh = CHART_RULES_ROW * CHART_PT;
	y0 = CHART_RULES_TOP * CHART_PT;
	y1 = y0 + rowh * (rs->n > 0 ? rs->n : 1);
	chart_font(c, cr, 0, 7.0);
	for (i = 0; i < rs->n; i++) {
		lw = fmax(lw, fmin(chart_width(cr, rs->v[i].id), c->w * 0.4));
		max = rs->v[i].k.total > max ? rs->v[i].k.total : max;
	}
	x0 = 8.0 + lw + 6.0;
	x1 = c->w - 8.0 - chart_rules_countw(c, cr, rs);
	chart_font(c, cr, 1, 9.0);
	chart_set(cr, &chart_black);
	chart_show(cr, 4.0, 11.0, "Findings by rule", CHART_LEFT);
	chart_rules_grid(c, cr, x0, x1, y0, y1, max);
	for (i = 0, y = y0; i < rs->n; i++, y += rowh) {
		chart_font(c, cr, 0, 7.0);
		chart_set(cr, &chart_black);
		chart_text(cr, x0 - 6.0, y + rowh / 2 + 2.5, rs->v[i].id, lw,
		    CHART_RIGHT);
		chart_rules_bar(c, cr, &rs->v[i], x0, y + rowh * 0.18,
		    rowh * 0.64, (x1 - x0) / chart_scale(max, 8));
	}
	if (rs->n == 0) {
		chart_font(c, cr, 0, 7.0);
		chart_set(cr, &chart_text_grey);
		chart_show(cr, x0 + 4.0, y0 + rowh / 2 + 2.5, "no findings",
		    CHART_LEFT);
	}
	chart_line(cr, x0, y0 - 2.0, x0, y1, 0.6, &chart_black);
	chart_rules_legend(c, cr, c->h - 8.0);
}

/* Entry points */

/*
 * One host's port map, 7.5 x 2.6 in: TCP and UDP rows with the ranges as
 * lanes, fixed ports as markers with staggered labels, listeners as ticks.
 */
int
chart_portmap(const struct report *r, const struct hostinfo *hi,
    const char *png, const char *svg, double dpi)
{
	struct chart		 c;
	struct chart_pm		*pm;
	int			 rc;

	pm = xcalloc(1, sizeof(*pm));
	pm->hi = hi;
	chart_hf_of(r->audit, hi, &pm->hf);
	chart_marks_host(&pm->marks, hi, &pm->hf);
	chart_marks_merge(&pm->marks, 1);
	chart_pm_listeners(pm);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.w = CHART_PM_W * CHART_PT;
	c.h = CHART_PM_H * CHART_PT;
	c.draw = chart_pm_draw;
	c.arg = pm;
	rc = chart_emit(&c, png, svg, dpi);
	chart_marks_free(&pm->marks);
	free(pm->hf.v);
	free(pm);
	return (rc);
}

/* Measure the label columns on a scratch surface (no fonts there yet). */
static void
chart_fm_prepare(const struct report *r, struct chart_fm *fm)
{
	struct chart		 c;
	cairo_surface_t		*s;
	cairo_t			*cr;

	memset(&c, 0, sizeof(c));
	c.face[0] = chart_face(r->font, 0);
	c.face[1] = chart_face(r->font_bold, 1);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cr = cairo_create(s);
	chart_setup(cr);
	chart_fm_measure(&c, cr, fm);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	cairo_font_face_destroy(c.face[0]);
	cairo_font_face_destroy(c.face[1]);
}

/*
 * The fleet map, 7.5 in wide and 1.1 + 0.17 in per row high: one row per
 * host, or per site above CHART_FLEET_HOSTS hosts, CHART_FLEET_ROWS at most.
 */
int
chart_fleetmap(const struct report *r, const char *png, const char *svg,
    double dpi)
{
	struct chart	 c;
	struct chart_fm	 fm;
	int		 rc;

	memset(&fm, 0, sizeof(fm));
	fm.a = r->audit;
	chart_fm_rows(&fm);
	chart_fm_index(&fm);
	chart_fm_prepare(r, &fm);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.w = CHART_FM_W * CHART_PT;
	c.h = (CHART_FM_TOP + CHART_FM_BOTTOM + CHART_FM_ROW *
	    ((fm.nrows > 0 ? fm.nrows : 1) + (fm.nrows < fm.nrows_all))) *
	    CHART_PT;
	c.draw = chart_fm_draw;
	c.arg = &fm;
	rc = chart_emit(&c, png, svg, dpi);
	free(fm.hosts);
	free(fm.row);
	free(fm.fstart);
	free(fm.fv);
	return (rc);
}

/* Findings by severity, 3.6 x 2.4 in; waived ones hatched on top. */
int
chart_severity(const struct report *r, const char *png, const char *svg,
    double dpi)
{
	struct chart		 c;
	struct chart_counts	 k;
	const struct finding	*f;
	size_t			 i;

	memset(&k, 0, sizeof(k));
	for (i = 0; i < r->audit->nfindings; i++) {
		f = r->audit->findings[i];
		if (f->sev >= SEV__MAX)
			continue;
		if (f->waived)
			k.waived[f->sev]++;
		else
			k.open[f->sev]++;
		k.total++;
	}
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.w = CHART_SEV_W * CHART_PT;
	c.h = CHART_SEV_H * CHART_PT;
	c.draw = chart_sev_draw;
	c.arg = &k;
	return (chart_emit(&c, png, svg, dpi));
}

/* Findings by rule id, 7.5 in wide and 0.9 + 0.2 in per rule high. */
int
chart_rules(const struct report *r, const char *png, const char *svg,
    double dpi)
{
	struct chart		 c;
	struct chart_rules	 rs;
	int			 rc;

	chart_rules_count(r->audit, &rs);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.w = CHART_RULES_W * CHART_PT;
	c.h = (CHART_RULES_TOP + CHART_RULES_BOTTOM + CHART_RULES_ROW *
	    (rs.n > 0 ? rs.n : 1)) * CHART_PT;
	c.draw = chart_rules_draw;
	c.arg = &rs;
	rc = chart_emit(&c, png, svg, dpi);
	free(rs.v);
	return (rc);
}

/*
 * The trend of open findings over the scope's last audits (--history):
 * one stacked bar per audit, oldest left, critical at the bottom, the
 * audit's date under it and its total above.
 */
static void
chart_trend_draw(struct chart *c, cairo_t *cr)
{
	const struct report	*r = c->r;
	const struct trendpoint	*t;
	struct chart_sevplot	 p;
	char			 buf[48];
	double			 slot, bw, cx, y, hs, x;
	unsigned long		 max = 0, tot;
	size_t			 i;
	int			 s;

	p.x0 = 30.0;
	p.x1 = c->w - 8.0;
	p.y0 = 30.0;
	p.y1 = c->h - 40.0;
	for (i = 0; i < r->ntrend; i++) {
		for (tot = 0, s = 0; s < SEV__MAX; s++)
			tot += r->trend[i].open[s];
		if (tot > max)
			max = tot;
	}
	p.top = chart_scale(max, 5);
	chart_font(c, cr, 1, 9.0);
	chart_set(cr, &chart_black);
	chart_show(cr, 4.0, 11.0, "Open findings by severity, last audits",
	    CHART_LEFT);
	chart_sev_grid(c, cr, &p, chart_step(max ? max : 1, 5));
	slot = (p.x1 - p.x0) / (r->ntrend > 0 ? r->ntrend : 1);
	bw = slot * 0.5 < 40.0 ? slot * 0.5 : 40.0;
	for (i = 0; i < r->ntrend; i++) {
		t = &r->trend[i];
		cx = p.x0 + slot * (i + 0.5);
		y = p.y1;
		for (tot = 0, s = SEV_CRITICAL; s >= SEV_INFO; s--) {
			if (t->open[s] == 0)
				continue;
			hs = (p.y1 - p.y0) * t->open[s] / p.top;
			chart_rect(cr, cx - bw / 2, y - hs, bw, hs,
			    &chart_sev_rgb[s]);
			chart_set(cr, &chart_black);
			cairo_set_line_width(cr, 0.4);
			cairo_rectangle(cr, cx - bw / 2, y - hs, bw, hs);
			cairo_stroke(cr);
			y -= hs;
			tot += t->open[s];
		}
		chart_font(c, cr, 1, 7.0);
		chart_set(cr, &chart_black);
		snprintf(buf, sizeof(buf), "%lu", tot);
		chart_show(cr, cx, y - 2.5, buf, CHART_CENTRE);
		chart_font(c, cr, i + 1 == r->ntrend, 6.0);
		chart_set(cr, i + 1 == r->ntrend ? &chart_black :
		    &chart_text_grey);
		chart_show(cr, cx, p.y1 + 9.0, t->date, CHART_CENTRE);
		snprintf(buf, sizeof(buf), "#%lld", t->audit);
		chart_font(c, cr, 0, 5.5);
		chart_show(cr, cx, p.y1 + 16.0, buf, CHART_CENTRE);
	}
	chart_line(cr, p.x0, p.y1, p.x1, p.y1, 0.6, &chart_black);
	/* the legend: one swatch per severity */
	x = 4.0;
	chart_font(c, cr, 0, 6.0);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		chart_rect(cr, x, c->h - 11.0, 10.0, 5.5, &chart_sev_rgb[s]);
		chart_set(cr, &chart_black);
		cairo_set_line_width(cr, 0.4);
		cairo_rectangle(cr, x, c->h - 11.0, 10.0, 5.5);
		cairo_stroke(cr);
		chart_show(cr, x + 12.5, c->h - 6.0, chart_sev_label[s],
		    CHART_LEFT);
		x += 12.5 + chart_width(cr, chart_sev_label[s]) + 9.0;
	}
}

/* The trend of the last audits, 7.5 x 2.6 in. */
int
chart_trend(const struct report *r, const char *png, const char *svg,
    double dpi)
{
	struct chart	 c;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.w = CHART_TREND_W * CHART_PT;
	c.h = CHART_TREND_H * CHART_PT;
	c.draw = chart_trend_draw;
	return (chart_emit(&c, png, svg, dpi));
}
