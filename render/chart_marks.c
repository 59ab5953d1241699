/*
 * Fixed-port markers: the settings of a host with the worst finding on
 * each, merged per protocol and port, and drawn worst last.  The port map
 * labels them; the fleet map draws them bare.
 */
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "chart.h"

/* Drawing order of the markers, the worst last (on top). */
static const int chart_sev_order[CHART_NSEV] = {
	CHART_NONE, CHART_WAIVED, SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH,
	SEV_CRITICAL
};

/* Findings and markers */

/* The findings of one host, all of them. */
void
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

/* Add the settings of hi that pin a port there (not the inert ones),
 * with their worst findings. */
void
chart_marks_host(struct chart_marks *m, const struct hostinfo *hi,
    const struct chart_hf *hf)
{
	const struct settingrec	*s;
	size_t			 i;
	int			 pi;

	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if ((pi = rule_live_pi(hi, s)) < 0)
			continue;
		chart_marks_add(m, pi, s->port, chart_worst(hf->v, hf->n, pi,
		    s->port), rule_setting_service(s));
	}
}

/*
 * Sort and merge the marks to one per protocol and port, keeping the
 * worst severity; with labels, join the distinct names and the port.
 */
void
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

void
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
void
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
