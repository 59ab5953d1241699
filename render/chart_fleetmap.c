/*
 * The fleet map: one row per host (per site above CHART_FLEET_HOSTS
 * hosts) with its ephemeral ranges and the markers of its fixed ports, so
 * a reader sees at a glance which sites pin ports inside their pools.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "chart.h"

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
