/*
 * The document model: node storage, anchors and links, and the builders
 * that the section files (sec_*.c) call.  doc_build() walks the layout's
 * sections in order and lets each section's builder add its nodes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

/* --- Anchors ------------------------------------------------------ */

static uint32_t
doc_hash(const char *s)
{
	uint32_t	 h = 2166136261U;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619U;
	return (h);
}

/* The anchor as stored in the set, or NULL when it is not there. */
static char **
doc_anchor_slot(struct doc_private *pv, const char *id)
{
	size_t	 i;

	if (pv->capanchors == 0)
		return (NULL);
	for (i = doc_hash(id) & (pv->capanchors - 1);
	    pv->anchors[i] != NULL; i = (i + 1) & (pv->capanchors - 1))
		if (strcmp(pv->anchors[i], id) == 0)
			return (&pv->anchors[i]);
	return (&pv->anchors[i]);
}

static void
doc_anchor_grow(struct doc_private *pv)
{
	char	**old = pv->anchors, **slot;
	size_t	 n = pv->capanchors, i;

	pv->capanchors = n ? n * 2 : 256;
	pv->anchors = xcalloc(pv->capanchors, sizeof(*pv->anchors));
	for (i = 0; i < n; i++)
		if (old[i] != NULL) {
			slot = doc_anchor_slot(pv, old[i]);
			*slot = old[i];
		}
	free(old);
}

/* Claim an anchor id: the doc's copy, or NULL when already taken. */
const char *
doc_claim(struct doc *d, const char *id)
{
	struct doc_private	*pv = d->priv;
	char			**slot;

	if (id == NULL)
		return (NULL);
	if ((pv->nanchors + 1) * 2 > pv->capanchors)
		doc_anchor_grow(pv);
	slot = doc_anchor_slot(pv, id);
	if (*slot != NULL)
		return (NULL);
	pv->nanchors++;
	return (*slot = xstrdup(id));
}

static int
doc_claimed(struct doc *d, const char *id)
{
	char	**slot;

	return ((slot = doc_anchor_slot(d->priv, id)) != NULL &&
	    *slot != NULL);
}

/* Host names as ids and file names: see host-STEM in doc.h. */
static char *
doc_host_stem(const struct hostinfo *hi)
{
	const char	*parts[2] = { hi->site != NULL ? hi->site : "",
			    hi->host->name };
	unsigned long	 h = 2166136261UL;
	char		*s, *o;
	const char	*c;
	size_t		 i, n = 0;

	for (i = 0; i < 2; i++) {
		for (c = parts[i]; *c != '\0'; c++)
			h = ((h ^ (unsigned char)*c) * 16777619UL) &
			    0xffffffffUL;
		h = ((h ^ '/') * 16777619UL) & 0xffffffffUL;
	}
	s = xmalloc(strlen(hi->host->name) + 16);
	for (c = hi->host->name, o = s; *c != '\0' && n < 64; c++, n++)
		*o++ = ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
		    *c == '-') ? *c : '_';
	snprintf(o, 16, "-%08lx", h);
	return (s);
}

static int
doc_input_cmp(const void *va, const void *vb)
{
	uintptr_t	 a = (uintptr_t)*(const struct input *const *)va;
	uintptr_t	 b = (uintptr_t)*(const struct input *const *)vb;

	return (a < b ? -1 : a > b);
}

/* Index the inputs by address, for links from evidence lines. */
static void
doc_inputs(struct doc *d)
{
	const struct fleet	*fl = d->r->fleet;
	struct doc_private	*pv = d->priv;
	size_t			 i, j;

	pv->inputs = xcalloc(fl->ninputs + 1, sizeof(*pv->inputs));
	pv->inputidx = xcalloc(fl->ninputs + 1, sizeof(*pv->inputidx));
	pv->inputanchor = xcalloc(fl->ninputs + 1, sizeof(*pv->inputanchor));
	for (i = 0; i < fl->ninputs; i++) {
		pv->inputs[i] = fl->inputs[i];
		xasprintf(&pv->inputanchor[i], "input-%zu", i + 1);
	}
	qsort(pv->inputs, fl->ninputs, sizeof(*pv->inputs), doc_input_cmp);
	for (i = 0; i < fl->ninputs; i++)
		for (j = 0; j < fl->ninputs; j++)
			if (fl->inputs[j] == pv->inputs[i]) {
				pv->inputidx[i] = j;
				break;
			}
}

/* The input's anchor "input-N", or NULL when it is not one of the
 * fleet's inputs. */
static const char *
doc_input_anchor(struct doc *d, const struct input *in)
{
	const struct input	**hit;
	struct doc_private	*pv = d->priv;

	if (in == NULL)
		return (NULL);
	hit = bsearch(&in, pv->inputs, d->r->fleet->ninputs,
	    sizeof(*pv->inputs), doc_input_cmp);
	return (hit != NULL ? pv->inputanchor[pv->inputidx[hit -
	    pv->inputs]] : NULL);
}

/* A link to the host's section. */
struct doc_link
doc_link_host(struct doc *d, const struct hostinfo *hi)
{
	struct doc_link	 l = { DOC_TO_HOST, d->hosts[hi - d->a->hosts].anchor };

	return (l);
}

/* A link to the finding's block. */
struct doc_link
doc_link_finding(const struct finding *f)
{
	struct doc_link	 l = { DOC_TO_FINDING, f->id };

	return (l);
}

/* A link to the input's row of the inputs table. */
struct doc_link
doc_link_input(struct doc *d, const struct input *in)
{
	struct doc_link	 l = { DOC_TO_INPUT, doc_input_anchor(d, in) };

	if (l.target == NULL)
		l.to = DOC_TO_NONE;
	return (l);
}

/* What a screen filters a finding by. */
struct doc_attrs
doc_attrs_of(const struct finding *f)
{
	struct doc_attrs	 a;

	a.sev = f->sev;
	a.level = severity_name(f->sev);
	a.rule = f->rule->id;
	a.site = f->hi->site;
	a.host = f->hi->host->name;
	a.finding = f->id;
	return (a);
}

static const struct doc_attrs doc_noattrs = { -1, NULL, NULL, NULL, NULL,
    NULL };

/* --- Nodes -------------------------------------------------------- */

static struct doc_node *
doc_add(struct doc *d, enum doc_kind kind)
{
	struct doc_private	*pv = d->priv;
	struct doc_node		*n;

	if (d->n == pv->capnodes) {
		pv->capnodes = pv->capnodes ? pv->capnodes * 2 : 64;
		d->v = xrealloc(d->v, pv->capnodes * sizeof(*d->v));
	}
	n = &d->v[d->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->media = DOC_M_ALL;
	return (n);
}

/* Open a section; its index, for doc_close(). */
size_t
doc_open(struct doc *d, const char *name, int level, const char *anchor,
    const struct hostinfo *hi)
{
	struct doc_node	*n;

	n = doc_add(d, DOC_SECTION);
	n->u.sec.name = name;
	n->u.sec.level = level;
	n->u.sec.anchor = doc_claim(d, anchor);
	n->u.sec.hi = hi;
	return (d->n - 1);
}

/* Close the section opened at index at. */
void
doc_close(struct doc *d, size_t at, unsigned hints)
{
	struct doc_node	*n;

	n = doc_add(d, DOC_END);
	n->hints = hints;
	d->v[at].u.sec.end = d->n - 1;
}

/* A heading; text is taken (NULL: no heading, NULL returned). */
struct doc_node *
doc_heading(struct doc *d, int level, char *text, int sev)
{
	struct doc_node	*n;

	if (text == NULL)
		return (NULL);
	n = doc_add(d, DOC_HEADING);
	n->u.head.level = level;
	n->u.head.text = text;
	n->u.head.sev = sev;
	d->priv->heading = text;
	return (n);
}

/* A paragraph; text is taken (NULL: none, NULL returned). */
struct doc_node *
doc_para(struct doc *d, enum doc_style style, char *text)
{
	struct doc_node	*n;

	if (text == NULL)
		return (NULL);
	n = doc_add(d, DOC_PARA);
	n->u.para.style = style;
	n->u.para.text = text;
	n->u.para.sev = -1;
	return (n);
}

/* [sec] key as body text, when the layout has it. */
void
doc_intro(struct doc *d, const char *sec, const char *key,
    const struct doc_scope *sc)
{
	doc_para(d, DOC_P_BODY, doc_say_opt(d, sec, key, sc));
}

/* The title of [sec] as a heading (its name when it has none), and its
 * intro when the layout has one. */
size_t
doc_section_begin(struct doc *d, const char *sec, int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	char			*s;

	if ((s = doc_say_req(d, sec, "title", &sc)) == NULL)
		s = xstrdup(sec);
	doc_heading(d, level, s, -1);
	doc_intro(d, sec, "intro", &sc);
	return (d->n);
}

/* [sec] KEY_title as a heading, then KEY_intro or KEY_none. */
void
doc_subsection(struct doc *d, const char *sec, const char *key, int empty,
    int level)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	char			 k[64];

	snprintf(k, sizeof(k), "%s_title", key);
	doc_heading(d, level + 1, doc_say_req(d, sec, k, &sc), -1);
	snprintf(k, sizeof(k), "%s_%s", key, empty ? "none" : "intro");
	doc_intro(d, sec, k, &sc);
}

/* A chart, its text alternative [sec] altkey or the heading above. */
struct doc_node *
doc_figure(struct doc *d, enum doc_chart chart, const struct hostinfo *hi,
    const char *stem, const char *sec, const char *altkey, double maxh)
{
	struct doc_scope	 sc = { d, NULL, NULL, NULL };
	struct doc_node		*n;
	char			*alt;

	if (hi != NULL)
		sc.h = &d->hosts[hi - d->a->hosts];
	if ((alt = doc_say_opt(d, sec, altkey, &sc)) == NULL)
		alt = xstrdup(d->priv->heading != NULL ? d->priv->heading :
		    d->title);
	n = doc_add(d, DOC_FIGURE);
	n->u.fig.chart = chart;
	n->u.fig.hi = hi;
	n->u.fig.stem = xstrdup(stem);
	n->u.fig.alt = alt;
	n->u.fig.maxh = maxh;
	return (n);
}

/* --- Tables ------------------------------------------------------- */

/* A table to fill, its header words from [labels]. */
struct doc_table *
doc_table_new(struct doc *d, const char *name, const struct doc_coldef *c,
    size_t ncols, int header)
{
	struct doc_table	*t;
	size_t			 i;

	t = xcalloc(1, sizeof(*t));
	t->name = name;
	t->ncols = ncols;
	t->header = header;
	t->cols = xcalloc(ncols, sizeof(*t->cols));
	for (i = 0; i < ncols; i++) {
		t->cols[i].key = c[i].key;
		t->cols[i].label = header ? doc_label(d, c[i].key) : "";
		t->cols[i].width = c[i].width;
		t->cols[i].right = c[i].right;
	}
	return (t);
}

/* A row of cells (copied; NULL: empty) and its spanning line. */
struct doc_row *
doc_row_add(struct doc_table *t, const char *const *cells,
    const char *extra)
{
	struct doc_row	*r;
	size_t		 i;

	t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof(*t->rows));
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof(*r));
	r->attrs = doc_noattrs;
	r->cells = xcalloc(t->ncols, sizeof(*r->cells));
	for (i = 0; i < t->ncols; i++)
		r->cells[i].text = cells[i] != NULL ? xstrdup(cells[i]) :
		    NULL;
	r->extra = extra != NULL ? xstrdup(extra) : NULL;
	return (r);
}

static void
doc_table_clear(struct doc_table *t)
{
	size_t	 i, j;

	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i].cells[j].text);
		free(t->rows[i].cells);
		free(t->rows[i].extra);
	}
	free(t->rows);
	free(t->cols);
}

/* The table into the document when it has rows; freed either way. */
struct doc_node *
doc_table_end(struct doc *d, struct doc_table *t, enum doc_kind kind)
{
	struct doc_node	*n = NULL;

	if (t->nrows > 0) {
		n = doc_add(d, kind);
		n->u.table = *t;
	} else
		doc_table_clear(t);
	free(t);
	return (n);
}

/* --- Findings ----------------------------------------------------- */

static void
doc_evlines(struct doc *d, struct doc_finding *b, const struct finding *f)
{
	const struct evidence	*e;
	struct doc_evline	*l;
	size_t			 i;

	b->ev = xcalloc(f->nev + 1, sizeof(*b->ev));
	b->nev = f->nev;
	for (i = 0; i < f->nev; i++) {
		e = &f->ev[i];
		l = &b->ev[i];
		l->text = e->text;
		if (e->in != NULL) {
			l->file = e->in->path;
			l->line = e->line;
			l->link = doc_link_input(d, e->in);
			xasprintf(&l->display, "%s:%u: %s", e->in->path,
			    e->line, e->text);
		} else
			l->display = xstrdup(e->text);
	}
}

/*
 * A finding block: the full form of the findings section, or the brief
 * one of the evidence section.
 */
struct doc_node *
doc_finding(struct doc *d, const struct finding *f, int brief)
{
	struct doc_scope	 sc = { d, NULL, f, NULL };
	struct doc_finding	 b;
	struct doc_node		*n;

	memset(&b, 0, sizeof(b));
	sc.h = &d->hosts[f->hi - d->a->hosts];
	b.f = f;
	b.brief = brief;
	b.anchor = doc_claim(d, f->id);
	b.attrs = doc_attrs_of(f);
	b.host = doc_link_host(d, f->hi);
	if (brief)
		b.title = doc_say_req(d, "evidence", "item", &sc);
	else {
		b.title = doc_say_variant(d, "findings", "item", f->change ==
		    CHANGE_NEW ? "new" : NULL, &sc, 0);
		b.meta = doc_say_variant(d, "findings", "meta", f->port < 0 ?
		    (f->since != NULL ? "noport_since" : "noport") :
		    f->since != NULL ? "since" : NULL, &sc, 0);
		b.detail = doc_say_req(d, "findings", "detail", &sc);
		b.recommendation = doc_say_opt(d, "findings",
		    "recommendation", &sc);
		b.evlabel = f->nev > 0 ? doc_say_opt(d, "findings",
		    "evidence", &sc) : NULL;
	}
	doc_evlines(d, &b, f);
	n = doc_add(d, DOC_FINDING);
	n->u.find = b;
	return (n);
}

/* --- Helpers of the sections -------------------------------------- */

/* Whether a host gets a page (--detail). */
int
doc_host_shown(const struct doc *d, const struct doc_host *h)
{
	if (h->hi->host->reference)
		return (0);
	switch (d->r->detail) {
	case DETAIL_ALL:
		return (1);
	case DETAIL_FINDINGS:
		return (h->nf > 0);
	case DETAIL_NONE:
		return (0);
	default:
		return (d->c.hosts <= DOC_AUTO_HOSTS || h->nf > 0);
	}
}

/* Where a fact comes from: "FILE:LINE", "FILE: value" or a note. */
void
doc_origin(const struct origin *o, char *buf, size_t sz)
{
	const char	*path = o->in != NULL ? o->in->path : o->path;
	unsigned	 line = o->rec != NULL ? o->rec->line : o->line;

	if (path != NULL && line > 0)
		snprintf(buf, sz, "%s:%u", path, line);
	else if (path != NULL && o->rec != NULL)	/* a hive value */
		snprintf(buf, sz, "%s: %s", path, record_text(o->rec));
	else if (path != NULL)
		snprintf(buf, sz, "%s", path);
	else
		snprintf(buf, sz, "%s", o->note != NULL ? o->note : "");
}

/* "proto/port", "port", or "" for none. */
void
doc_port(char *buf, size_t sz, enum proto proto, int port)
{
	if (port < 0)
		buf[0] = '\0';
	else if (proto == PROTO_NONE)
		snprintf(buf, sz, "%d", port);
	else
		snprintf(buf, sz, "%s/%d", proto_name(proto), port);
}

/* The document's view of a host of the audit. */
const struct doc_host *
doc_host_of(const struct doc *d, const struct hostinfo *hi)
{
	return (&d->hosts[hi - d->a->hosts]);
}

/* Draw the figure's chart into png and svg (either may be NULL). */
int
doc_chart(const struct doc *d, const struct doc_figure *fig,
    const char *png, const char *svg, double dpi)
{
	switch (fig->chart) {
	case DOC_CHART_SEVERITY:
		return (chart_severity(d->r, png, svg, dpi));
	case DOC_CHART_RULES:
		return (chart_rules(d->r, png, svg, dpi));
	case DOC_CHART_FLEETMAP:
		return (chart_fleetmap(d->r, png, svg, dpi));
	case DOC_CHART_TREND:
		return (chart_trend(d->r, png, svg, dpi));
	case DOC_CHART_PORTMAP:
		return (chart_portmap(d->r, fig->hi, png, svg, dpi));
	case DOC_CHART_FLEETMAP_PLAN:
		/* Drawn while the plan was applied: the PNG of
		 * pdf_plan_chart(), or inline the SVG captured then. */
		if (png == NULL && svg == NULL)
			return (chart_svg_replay(d->r->plan_svg));
		return (d->r->plan_chart != NULL && png != NULL &&
		    strcmp(png, d->r->plan_chart) == 0 ? 0 : -1);
	}
	return (-1);
}

/* --- The document ------------------------------------------------- */

static const struct doc_secdef {
	const char	*name;
	void		(*build)(struct doc *, int);
} doc_secdefs[] = {
	{ "cover", sec_cover },
	{ "summary", sec_summary },
	{ "changes", sec_changes },
	{ "trend", sec_trend },
	{ "fleetmap", sec_fleetmap },
	{ "findings", sec_findings },
	{ "hosts", sec_hosts },
	{ "settings", sec_settings },
	{ "evidence", sec_evidence },
	{ "suggestions", sec_suggestions },
	{ "plan", sec_plan },
	{ "waivers", sec_waivers },
	{ "fixedports", sec_fixedports },
	{ "inputs", sec_inputs },
	{ "skipped", sec_skipped },
	{ "glossary", sec_glossary },
	{ "about", sec_about },
	{ "appendix", sec_appendix }
};

/*
 * One section of the layout at level: a DOC_SECTION, what its builder
 * adds, a DOC_END; nothing when the builder adds nothing (changes
 * without --baseline).
 */
void
doc_section(struct doc *d, const char *name, int level)
{
	const struct doc_secdef	*sd = NULL;
	char			*anchor;
	size_t			 i, at, outer = d->priv->cursec;
	unsigned		 hints;

	for (i = 0; i < sizeof(doc_secdefs) / sizeof(doc_secdefs[0]); i++)
		if (strcmp(doc_secdefs[i].name, name) == 0)
			sd = &doc_secdefs[i];
	if (sd == NULL) {
		diag(NULL, 0, DIAG_TEMPLATE, "%s layout: unknown section %s",
		    d->r->template_name != NULL ? d->r->template_name :
		    "pdf", name);
		return;
	}
	at = doc_open(d, sd->name, level, NULL, NULL);
	hints = d->priv->endhints;
	d->priv->endhints = 0;
	d->priv->cursec = at;
	sd->build(d, level);
	d->priv->cursec = outer;
	if (d->n == at + 1) {
		d->n--;
		d->priv->endhints = hints;
		return;
	}
	xasprintf(&anchor, "sec-%s", sd->name);
	d->v[at].u.sec.anchor = doc_claim(d, anchor);
	free(anchor);
	d->v[at].hints |= d->priv->endhints;
	doc_close(d, at, d->priv->endhints);
	d->priv->endhints = hints;
}

/* Drop every link whose target the document does not hold. */
static void
doc_link_check(struct doc *d, struct doc_link *l)
{
	if (l->to != DOC_TO_NONE && (l->target == NULL ||
	    !doc_claimed(d, l->target))) {
		l->to = DOC_TO_NONE;
		l->target = NULL;
	}
}

static void
doc_links(struct doc *d)
{
	struct doc_node	*n;
	size_t		 i, j, k;

	for (i = 0; i < d->n; i++) {
		n = &d->v[i];
		if (n->kind == DOC_TABLE || n->kind == DOC_FACTS)
			for (j = 0; j < n->u.table.nrows; j++) {
				doc_link_check(d, &n->u.table.rows[j].link);
				for (k = 0; k < n->u.table.ncols; k++)
					doc_link_check(d,
					    &n->u.table.rows[j].cells[k].link);
			}
		if (n->kind != DOC_FINDING)
			continue;
		doc_link_check(d, &n->u.find.host);
		for (j = 0; j < n->u.find.nev; j++)
			doc_link_check(d, &n->u.find.ev[j].link);
	}
}

/* An empty document of the report: its figures, hosts and title. */
struct doc *
doc_new(const struct report *r)
{
	struct doc_scope	 sc;
	struct doc		*d;
	size_t			 i;

	d = xcalloc(1, sizeof(*d));
	d->priv = xcalloc(1, sizeof(*d->priv));
	d->r = r;
	d->a = r->audit;
	d->hosts = xcalloc(d->a->nhosts + 1, sizeof(*d->hosts));
	for (i = 0; i < d->a->nhosts; i++) {
		d->hosts[i].hi = &d->a->hosts[i];
		d->hosts[i].stem = doc_host_stem(&d->a->hosts[i]);
		xasprintf(&d->hosts[i].anchor, "host-%s", d->hosts[i].stem);
	}
	doc_counts(d);
	doc_inputs(d);
	sc.d = d;
	sc.kv = NULL;
	sc.f = NULL;
	sc.h = NULL;
	if ((d->title = doc_say_req(d, "report", "title", &sc)) == NULL)
		d->title = xstrdup("portaudit");
	return (d);
}

/* Resolve the document's links once every section is in. */
void
doc_finish(struct doc *d)
{
	doc_links(d);
}

/* The document of the report: every section of the layout, in order. */
struct doc *
doc_build(const struct report *r)
{
	struct doc	*d;
	const char	*secs;
	char		*v, *tok, *save;

	d = doc_new(r);
	if ((secs = template_get(r->layout, "report", "sections")) == NULL) {
		doc_missing(d, "report", "sections");
		secs = "cover summary findings appendix";
	}
	v = xstrdup(secs);
	for (tok = strtok_r(v, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save))
		doc_section(d, tok, 0);
	free(v);
	doc_finish(d);
	return (d);
}

static void
doc_node_free(struct doc_node *n)
{
	size_t	 i;

	switch (n->kind) {
	case DOC_HEADING:
		free(n->u.head.text);
		break;
	case DOC_PARA:
		free(n->u.para.text);
		break;
	case DOC_FACTS:
	case DOC_TABLE:
		doc_table_clear(&n->u.table);
		break;
	case DOC_FIGURE:
		free(n->u.fig.stem);
		free(n->u.fig.alt);
		break;
	case DOC_FINDING:
		free(n->u.find.title);
		free(n->u.find.meta);
		free(n->u.find.detail);
		free(n->u.find.recommendation);
		free(n->u.find.evlabel);
		for (i = 0; i < n->u.find.nev; i++)
			free(n->u.find.ev[i].display);
		free(n->u.find.ev);
		break;
	default:
		break;
	}
}

/* Free the document and everything it holds. */
void
doc_free(struct doc *d)
{
	struct doc_private	*pv;
	size_t			 i;

	if (d == NULL)
		return;
	pv = d->priv;
	for (i = 0; i < d->n; i++)
		doc_node_free(&d->v[i]);
	free(d->v);
	for (i = 0; i < d->a->nhosts; i++) {
		free(d->hosts[i].f);
		free(d->hosts[i].stem);
		free(d->hosts[i].anchor);
	}
	free(d->hosts);
	for (i = 0; i < pv->nmissing; i++)
		free(pv->missing[i]);
	free(pv->missing);
	for (i = 0; i < pv->capanchors; i++)
		free(pv->anchors[i]);
	free(pv->anchors);
	for (i = 0; i < d->r->fleet->ninputs; i++)
		free(pv->inputanchor[i]);
	free(pv->inputanchor);
	free(pv->inputs);
	free(pv->inputidx);
	free(pv->tmp);
	free(pv);
	free(d->title);
	free(d);
}
