/*
 * The trend chart (--history): open findings of the scope's last audits
 * as stacked bars by severity, oldest left.
 */
#include <stdio.h>
#include <string.h>

#include <cairo.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "chart.h"

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
