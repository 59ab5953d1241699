/*
 * The document model (render/doc.h) of the example fleet's report: the
 * layout's sections in order and well nested, unique anchors of the
 * documented form, links that land on an anchor (and none that would
 * not), a block per finding with its evidence lines linked to the
 * inputs table, the screen-only findings index with its filter
 * attributes, host sections, figures with a text alternative, and a
 * hostile host name kept verbatim in text but not in its anchor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "render/doc.h"
#include "testutil.h"

struct check_doc {
	struct report	 r;
	struct audit	*a;
	struct doc	*d;
};

/* Build the model of layout over the fleet at path. */
static void
check_doc_build(struct check_doc *c, const char *path, const char *layout)
{
	char	*t;

	setenv("SOURCE_DATE_EPOCH", TU_EPOCH, 1);
	c->a = tu_audit_dir(path, NULL);
	ck_assert_ptr_nonnull(c->a);
	tu_report(&c->r, c->a);
	xasprintf(&t, "templates/%s.ini", layout);
	c->r.layout = template_load(t);
	ck_assert_ptr_nonnull(c->r.layout);
	free(t);
	c->r.template_name = layout;
	c->r.cmdline = "portaudit audit --format pdf examples/fleet";
	c->r.detail = DETAIL_AUTO;
	c->d = doc_build(&c->r);
	ck_assert_ptr_nonnull(c->d);
}

static void
check_doc_free(struct check_doc *c)
{
	doc_free(c->d);
	template_free(c->r.layout);
	tu_report_free(c->a, &c->r);
}

/* Whether s is an anchor of the documented form. */
static int
check_doc_idok(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    (*s >= '0' && *s <= '9')))
		return (0);
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-'))
			return (0);
	return (1);
}

/* Every anchor of the document, in order (malloc'd, NULL-terminated). */
static const char **
check_doc_anchors(const struct doc *d, size_t *np)
{
	const struct doc_node	*n;
	const char		**v;
	size_t			 i, j, k = 0;

	v = xcalloc(d->n * 2 + 4096, sizeof(*v));
	for (i = 0; i < d->n; i++) {
		n = &d->v[i];
		if (n->kind == DOC_SECTION && n->u.sec.anchor != NULL)
			v[k++] = n->u.sec.anchor;
		if (n->kind == DOC_HEADING && n->u.head.anchor != NULL)
			v[k++] = n->u.head.anchor;
		if (n->kind == DOC_FINDING && n->u.find.anchor != NULL)
			v[k++] = n->u.find.anchor;
		if (n->kind == DOC_TABLE || n->kind == DOC_FACTS)
			for (j = 0; j < n->u.table.nrows; j++)
				if (n->u.table.rows[j].anchor != NULL)
					v[k++] = n->u.table.rows[j].anchor;
	}
	*np = k;
	return (v);
}

static int
check_doc_has(const char **v, size_t n, const char *id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], id) == 0)
			return (1);
	return (0);
}

/* A link is none, or lands on an anchor; counts the live ones. */
static void
check_doc_link(const char **v, size_t n, const struct doc_link *l,
    size_t *live)
{
	if (l->to == DOC_TO_NONE) {
		ck_assert_ptr_null(l->target);
		return;
	}
	ck_assert_ptr_nonnull(l->target);
	ck_assert_msg(check_doc_has(v, n, l->target), "link to %s lands "
	    "nowhere", l->target);
	(*live)++;
}

/* Check every link of the document; the number that land somewhere. */
static size_t
check_doc_links(const struct doc *d)
{
	const struct doc_node	*n;
	const char		**v;
	size_t			 na, i, j, k, live = 0;

	v = check_doc_anchors(d, &na);
	for (i = 0; i < d->n; i++) {
		n = &d->v[i];
		if (n->kind == DOC_TABLE || n->kind == DOC_FACTS)
			for (j = 0; j < n->u.table.nrows; j++) {
				check_doc_link(v, na,
				    &n->u.table.rows[j].link, &live);
				for (k = 0; k < n->u.table.ncols; k++)
					check_doc_link(v, na, &n->u.table.
					    rows[j].cells[k].link, &live);
			}
		if (n->kind != DOC_FINDING)
			continue;
		check_doc_link(v, na, &n->u.find.host, &live);
		for (j = 0; j < n->u.find.nev; j++)
			check_doc_link(v, na, &n->u.find.ev[j].link, &live);
	}
	free(v);
	return (live);
}

/* The node of a section of that name at that level, or NULL. */
static const struct doc_node *
check_doc_section(const struct doc *d, const char *name, int level)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].kind == DOC_SECTION &&
		    strcmp(d->v[i].u.sec.name, name) == 0 &&
		    d->v[i].u.sec.level == level)
			return (&d->v[i]);
	return (NULL);
}

/* The table of that name, or NULL. */
static const struct doc_node *
check_doc_table(const struct doc *d, const char *name)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].kind == DOC_TABLE &&
		    strcmp(d->v[i].u.table.name, name) == 0)
			return (&d->v[i]);
	return (NULL);
}

START_TEST(test_sections)
{
	static const char *const top[] = { "cover", "summary", "findings",
	    "waivers", "appendix" };
	static const char *const parts[] = { "hosts", "inputs", "skipped",
	    "glossary", "about" };
	struct check_doc	 c;
	size_t			 i, stack[8], depth = 0, ntop = 0, nparts = 0;
	const struct doc_node	*n;

	check_doc_build(&c, "examples/fleet", "compliance");
	for (i = 0; i < c.d->n; i++) {
		n = &c.d->v[i];
		if (n->kind == DOC_SECTION) {
			ck_assert_uint_lt(depth, 8);
			stack[depth++] = i;
			ck_assert_uint_eq(c.d->v[n->u.sec.end].kind, DOC_END);
			if (n->u.sec.level == 0) {
				ck_assert_uint_lt(ntop, 5);
				ck_assert_str_eq(n->u.sec.name, top[ntop]);
				ntop++;
			} else if (n->u.sec.hi == NULL) {
				ck_assert_uint_lt(nparts, 5);
				ck_assert_str_eq(n->u.sec.name,
				    parts[nparts]);
				nparts++;
			}
		} else if (n->kind == DOC_END) {
			ck_assert_uint_gt(depth, 0);
			depth--;
			ck_assert_uint_eq(c.d->v[stack[depth]].u.sec.end, i);
		}
	}
	ck_assert_uint_eq(depth, 0);
	ck_assert_uint_eq(ntop, 5);	/* changes and trend left out */
	ck_assert_uint_eq(nparts, 5);
	/* The cover is the title page; the summary starts with its title. */
	ck_assert(c.d->v[0].hints & DOC_H_TITLEPAGE);
	n = check_doc_section(c.d, "summary", 0);
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->u.sec.anchor, "sec-summary");
	ck_assert_uint_eq(n[1].kind, DOC_HEADING);
	ck_assert_str_eq(n[1].u.head.text, "Executive summary");
	check_doc_free(&c);
}
END_TEST

START_TEST(test_anchors_links)
{
	struct check_doc	 c;
	const char		**v;
	size_t			 n, i, j;

	check_doc_build(&c, "examples/fleet", "compliance");
	v = check_doc_anchors(c.d, &n);
	ck_assert_uint_gt(n, c.a->nfindings);
	for (i = 0; i < n; i++) {
		ck_assert_msg(check_doc_idok(v[i]), "bad anchor %s", v[i]);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(v[i], v[j]) != 0,
			    "anchor %s twice", v[i]);
	}
	ck_assert(check_doc_has(v, n, "input-1"));
	ck_assert(check_doc_has(v, n, "sec-inputs"));
	free(v);
	/* Findings link to hosts and evidence lines to inputs. */
	ck_assert_uint_gt(check_doc_links(c.d), 2 * c.a->nfindings);
	check_doc_free(&c);
}
END_TEST

START_TEST(test_findings)
{
	struct check_doc	 c;
	const struct doc_node	*n;
	const struct doc_finding *b;
	const struct doc_row	*row;
	const struct finding	*f;
	size_t			 i, j, k = 0, idx;

	check_doc_build(&c, "examples/fleet", "compliance");
	ck_assert_uint_gt(c.a->nfindings, 5);
	for (i = 0; i < c.d->n; i++) {
		if (c.d->v[i].kind != DOC_FINDING)
			continue;
		b = &c.d->v[i].u.find;
		f = b->f;
		ck_assert(!b->brief);
		ck_assert_str_eq(b->anchor, f->id);
		ck_assert_int_eq(b->attrs.sev, f->sev);
		ck_assert_str_eq(b->attrs.rule, f->rule->id);
		ck_assert_str_eq(b->attrs.host, f->hi->host->name);
		ck_assert_int_eq(b->host.to, DOC_TO_HOST);
		ck_assert_ptr_nonnull(b->title);
		ck_assert_ptr_nonnull(strstr(b->title, f->hi->host->name));
		ck_assert_uint_eq(b->nev, f->nev);
		for (j = 0; j < b->nev; j++) {
			ck_assert_str_eq(b->ev[j].text, f->ev[j].text);
			if (f->ev[j].in == NULL)
				continue;
			ck_assert_str_eq(b->ev[j].file, f->ev[j].in->path);
			ck_assert_uint_eq(b->ev[j].line, f->ev[j].line);
			/* input-N is the Nth input of the fleet */
			ck_assert_int_eq(b->ev[j].link.to, DOC_TO_INPUT);
			ck_assert_int_eq(sscanf(b->ev[j].link.target,
			    "input-%zu", &idx), 1);
			ck_assert_uint_ge(idx, 1);
			ck_assert_ptr_eq(c.a->fleet->inputs[idx - 1],
			    f->ev[j].in);
		}
		k++;
	}
	ck_assert_uint_eq(k, c.a->nfindings);
	/* The findings index: for the screen only, one row a finding. */
	n = check_doc_table(c.d, "findings-index");
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->media, DOC_M_SCREEN);
	ck_assert_uint_eq(n->u.table.nrows, c.a->nfindings);
	for (i = 0; i < n->u.table.nrows; i++) {
		row = &n->u.table.rows[i];
		f = c.a->findings[i];
		ck_assert_int_eq(row->attrs.sev, f->sev);
		ck_assert_str_eq(row->attrs.level, severity_name(f->sev));
		ck_assert_str_eq(row->attrs.rule, f->rule->id);
		ck_assert_str_eq(row->attrs.host, f->hi->host->name);
		ck_assert_ptr_eq(row->attrs.site, f->hi->site);
		ck_assert_int_eq(row->link.to, DOC_TO_FINDING);
		ck_assert_str_eq(row->link.target, f->id);
	}
	check_doc_free(&c);
}
END_TEST

START_TEST(test_hosts_figures)
{
	struct check_doc	 c;
	const struct doc_node	*n;
	const struct doc_host	*h;
	size_t			 i, hosts = 0, maps = 0;

	check_doc_build(&c, "examples/fleet", "compliance");
	for (i = 0; i < c.d->n; i++) {
		n = &c.d->v[i];
		if (n->kind == DOC_SECTION && n->u.sec.hi != NULL) {
			h = doc_host_of(c.d, n->u.sec.hi);
			ck_assert_str_eq(n->u.sec.anchor, h->anchor);
			ck_assert_int_eq(strncmp(h->anchor, "host-", 5), 0);
			ck_assert(h->shown);
			/* Each host page after the first starts a page. */
			ck_assert_int_eq(!!(n->hints & DOC_H_NEWPAGE),
			    hosts > 0);
			hosts++;
		}
		if (n->kind != DOC_FIGURE)
			continue;
		ck_assert_ptr_nonnull(n->u.fig.alt);
		ck_assert_uint_gt(strlen(n->u.fig.alt), 0);
		if (n->u.fig.chart == DOC_CHART_SEVERITY)
			ck_assert_int_eq(strncmp(n->u.fig.alt,
			    "Bar chart of the findings by severity", 37), 0);
		if (n->u.fig.chart == DOC_CHART_PORTMAP) {
			ck_assert_ptr_nonnull(n->u.fig.hi);
			/* [hosts] map_alt, which names the host */
			ck_assert_int_eq(strncmp(n->u.fig.alt,
			    "Port map of ", 12), 0);
			ck_assert_ptr_nonnull(strstr(n->u.fig.alt,
			    n->u.fig.hi->host->name));
			ck_assert_int_eq(strncmp(n->u.fig.stem, "host-", 5), 0);
			maps++;
		}
	}
	ck_assert_uint_eq(hosts, c.d->c.hosts);
	/* After the host pages, the next section starts a page. */
	n = check_doc_section(c.d, "hosts", 1);
	ck_assert_ptr_nonnull(n);
	ck_assert(n->hints & DOC_H_BREAKAFTER);
	ck_assert(c.d->v[n->u.sec.end].hints & DOC_H_BREAKAFTER);
	ck_assert_uint_eq(maps, hosts);
	check_doc_free(&c);
}
END_TEST

/* Without host pages, links to hosts are dropped, not left dangling. */
START_TEST(test_dropped_links)
{
	struct check_doc	 c;
	const struct doc_node	*n;
	size_t			 i;

	check_doc_build(&c, "examples/fleet", "migration");
	ck_assert_ptr_null(check_doc_section(c.d, "hosts", 0));
	n = check_doc_table(c.d, "fixedports");
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_gt(n->u.table.nrows, 0);
	for (i = 0; i < n->u.table.nrows; i++)
		ck_assert_int_eq(n->u.table.rows[i].cells[0].link.to,
		    DOC_TO_NONE);
	check_doc_links(c.d);
	check_doc_free(&c);

	/* The evidence layout: brief blocks take the findings' anchors. */
	check_doc_build(&c, "examples/fleet", "evidence");
	for (i = 0; i < c.d->n; i++)
		if (c.d->v[i].kind == DOC_FINDING) {
			ck_assert(c.d->v[i].u.find.brief);
			ck_assert_str_eq(c.d->v[i].u.find.anchor,
			    c.d->v[i].u.find.f->id);
			ck_assert_ptr_null(c.d->v[i].u.find.detail);
		}
	ck_assert_uint_gt(check_doc_links(c.d), 0);
	check_doc_free(&c);
}
END_TEST

START_TEST(test_hostile_host)
{
	static const char netstat[] =
	    "\r\nActive Connections\r\n\r\n"
	    "  Proto  Local Address          Foreign Address        State"
	    "           PID\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING"
	    "       900\r\n";
	struct check_doc	 c;
	const struct doc_node	*n;
	size_t			 i;
	int			 seen = 0;

	check_doc_build(&c, tu_fleet("x/<img src=x onerror=alert(1)>/"
	    "netstat.txt", netstat, NULL), "compliance");
	ck_assert_uint_eq(c.a->nhosts, 1);
	ck_assert(check_doc_idok(c.d->hosts[0].anchor));
	ck_assert_int_eq(strncmp(c.d->hosts[0].anchor,
	    "host-_img_src_x_onerror_alert_1__-", 34), 0);
	ck_assert_uint_eq(strlen(c.d->hosts[0].anchor), 34 + 8);
	/* The text keeps the name as it is: escaping is the medium's. */
	for (i = 0; i < c.d->n; i++) {
		n = &c.d->v[i];
		if (n->kind == DOC_HEADING && strstr(n->u.head.text,
		    "<img src=x onerror=alert(1)>") != NULL)
			seen++;
	}
	ck_assert_int_eq(seen, 1);
	check_doc_links(c.d);
	check_doc_free(&c);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("doc");
	TCase	*t = tcase_create("doc");

	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_sections);
	tcase_add_test(t, test_anchors_links);
	tcase_add_test(t, test_findings);
	tcase_add_test(t, test_hosts_figures);
	tcase_add_test(t, test_dropped_links);
	tcase_add_test(t, test_hostile_host);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
