/*
 * One host's port map: TCP and UDP rows on the port axis with the
 * ephemeral, RPC, reserved and excluded ranges as lanes, the fixed ports
 * as severity markers with labels staggered on levels so none overlap,
 * and listening sockets as ticks.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "chart.h"

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
chart_pm_listeners(struct chart_pm *pm, struct fleet *f)
{
	const struct sockrec	*s;
	const struct hrecs	*socks;
	struct hrecs		 tmp;
	size_t			 i;
	int			 pi;

	socks = ranges_sockets(f, pm->hi, &tmp);
	for (i = 0; i < socks->n; i++) {
		s = &socks->v[i].rec->u.sock;
		if ((pi = proto_index(s->proto)) < 0 || s->local_port < 0 ||
		    s->local_port > 65535)
			continue;
		if ((pi == PI_TCP && s->state == ST_LISTEN) ||
		    (pi == PI_UDP && s->remote_port < 0))
			pm->listen[pi][s->local_port / 8] |=
			    1 << (s->local_port % 8);
	}
	ranges_sockets_end(pm->hi, &tmp);
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
	chart_pm_listeners(pm, r->audit->fleet);
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
