/*
 * Bar charts of the findings: by severity (open solid, waived hatched on
 * top) and by rule, most frequent first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "chart.h"

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
