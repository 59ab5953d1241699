/*
 * Scales: the segmented port axis every port chart draws (each segment
 * from a labelled tick gets a share of the width, so the low ports stay
 * readable), the IANA bands over it, and the rounded count axes of the
 * bar and trend charts.
 */
#include <stdio.h>

#include <cairo.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "chart.h"

static const struct chart_rgb chart_band = { 0.945, 0.945, 0.945 };

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

/* The port axis */

double
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
void
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
void
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

/* A step of 1, 2 or 5 times a power of ten giving at most n ticks. */
unsigned long
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

/* The top of a count axis: max rounded up to a whole step. */
unsigned long
chart_scale(unsigned long max, int n)
{
	unsigned long	 step;

	if (max == 0)
		max = 1;
	step = chart_step(max, n);
	return ((max + step - 1) / step * step);
}

/* Horizontal gridlines with their counts, from 0 up to the top. */
void
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
