/*
 * plan --format html: report.html of portaudit plan on the bundled
 * example fleet, read back as text and loaded in headless Chromium
 * (tests/browser.sh).  The page has the "Change plan" section, a row for
 * every row of plan.csv (read with libcsv) with its host and proposed
 * value, the fleet map before and with the plan applied as inline <svg>
 * elements (different maps, ids of their own), the same bytes on a second
 * run, and a script that ran to its end with no error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include <check.h>

#include "portaudit.h"
#include "testutil.h"

#define FLEET		"examples/fleet"
#define EPOCH		"1767225600"	/* 2026-01-01 */
#define AFTER		"<h3>Fleet map with the plan applied</h3>"

/* The plan section of the page (malloc'd). */
static char *
ph_section(const char *page)
{
	const char	*p, *e;

	ck_assert_ptr_nonnull(p = strstr(page, "<section id=\"sec-plan\""));
	ck_assert_ptr_nonnull(e = strstr(p, "</section>"));
	return (xstrndup(p, (size_t)(e - p)));
}

/* Whether a <tr> of s has a cell host and a cell value. */
static int
ph_row_has(const char *s, const char *host, const char *value)
{
	const char	*p, *e;
	char		*row, *h, *v;
	int		 hit = 0;

	xasprintf(&h, "<td>%s</td>", host);
	xasprintf(&v, ">%s</td>", value);
	for (p = s; !hit && (p = strstr(p, "<tr")) != NULL; p = e) {
		ck_assert_ptr_nonnull(e = strstr(p, "</tr>"));
		row = xstrndup(p, (size_t)(e - p));
		hit = strstr(row, h) != NULL && strstr(row, v) != NULL;
		free(row);
	}
	free(h);
	free(v);
	return (hit);
}

/* The <svg> element of the first figure at or after p (malloc'd), its
 * id prefix into pfx. */
static char *
ph_svg(const char *p, char *pfx, size_t sz)
{
	const char	*fig, *end, *s, *t;

	ck_assert_ptr_nonnull(fig = strstr(p, "<figure class=\"chart\">"));
	ck_assert_ptr_nonnull(end = strstr(fig, "</figure>"));
	s = strstr(fig, "<svg");
	ck_assert_msg(s != NULL && s < end, "no inline <svg> in the figure");
	ck_assert_ptr_nonnull(t = strstr(s, "</svg>"));
	ck_assert(t < end);
	ck_assert_ptr_nonnull(p = strstr(s, "aria-labelledby=\""));
	p += strlen("aria-labelledby=\"");
	ck_assert_ptr_nonnull(t = strstr(p, "title\""));
	ck_assert_uint_lt((size_t)(t - p), sz);
	snprintf(pfx, sz, "%.*s", (int)(t - p), p);
	ck_assert_ptr_nonnull(t = strstr(s, "</svg>"));
	return (xstrndup(s, (size_t)(t - s)));
}

/* svg with every occurrence of its id prefix dropped (malloc'd). */
static char *
ph_unprefixed(const char *svg, const char *pfx)
{
	char		*out, *o;
	size_t		 l = strlen(pfx);

	o = out = xmalloc(strlen(svg) + 1);
	while (*svg != '\0')
		if (strncmp(svg, pfx, l) == 0)
			svg += l;
		else
			*o++ = *svg++;
	*o = '\0';
	return (out);
}

/* The marks of high and critical findings (and the legend's) in a map:
 * their fills, #b34700 and #67000d, as cairo writes them. */
static size_t
ph_severe(const char *svg)
{
	static const char *const fill[] = {
		"rgb(70.2%,27.8%,0%)", "rgb(40.4%,0%,5.1%)"
	};
	const char	*p;
	size_t		 i, n = 0;

	for (i = 0; i < sizeof(fill) / sizeof(fill[0]); i++)
		for (p = svg; (p = strstr(p, fill[i])) != NULL; p++)
			n++;
	return (n);
}

/* The inline element svg as the SVG document it was made from: no
 * role, label or <title> of its own, no id prefix (malloc'd). */
static char *
ph_document(const char *svg, const char *pfx)
{
	char	*attr, *s, *p, *e, *out;

	xasprintf(&attr, " role=\"img\" class=\"chart\" aria-labelledby=\""
	    "%stitle\"", pfx);
	ck_assert_int_eq(strncmp(svg, "<svg", 4), 0);
	ck_assert_int_eq(strncmp(svg + 4, attr, strlen(attr)), 0);
	xasprintf(&s, "<svg%s", svg + 4 + strlen(attr));
	ck_assert_ptr_nonnull(p = strstr(s, "\n<title id=\""));
	ck_assert_ptr_nonnull(e = strstr(p, "</title>"));
	memmove(p, e + strlen("</title>"), strlen(e + strlen("</title>")) +
	    1);
	out = ph_unprefixed(s, pfx);
	free(s);
	free(attr);
	return (out);
}

/* No file of an atomic write left behind in dir. */
static void
ph_no_temp(const char *dir)
{
	DIR		*d;
	struct dirent	*de;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		ck_assert_msg(strstr(de->d_name, ".tmp") == NULL, "%s",
		    de->d_name);
	closedir(d);
}

/* The script ran to its end and recorded no error on <html>. */
static void
ph_ran(const char *dom)
{
	const char	*p, *end;
	char		*tag;

	ck_assert_ptr_nonnull(p = strstr(dom, "<html"));
	ck_assert_ptr_nonnull(end = strchr(p, '>'));
	tag = xstrndup(p, (size_t)(end - p));
	ck_assert_msg(strstr(tag, "data-script-error") == NULL, "%s", tag);
	ck_assert_msg(strstr(tag, "data-script=\"ready\"") != NULL, "%s",
	    tag);
	free(tag);
}

START_TEST(test_plan_html)
{
	const char	*out = tu_outdir(), *out2 = tu_outdir();
	struct tu_csv	 t;
	char		 path[4096], pb[64], pa[64];
	char		*page, *page2, *sec, *before, *after, *b, *a, *dom;
	char		*file, *doc, *p, *e;
	size_t		 i, n, n2;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --format csv,html "
	    "--out %s %s", out, FLEET), 1);
	ph_no_temp(out);
	snprintf(path, sizeof(path), "%s/report.html", out);
	page = tu_slurp_text(path, &n);
	sec = ph_section(page);
	ck_assert_ptr_nonnull(strstr(sec, "<h2>Change plan</h2>"));
	ck_assert_ptr_nonnull(strstr(sec, "Proof: the rules ran again"));
	ck_assert_ptr_null(strstr(sec, "FAILED"));
	ck_assert_ptr_null(strstr(sec, "#{"));

	/* Every row of plan.csv: its host and its proposed value. */
	tu_csv_report(out, "plan.csv", &t);
	ck_assert_uint_gt(t.n, 10);
	ck_assert_str_eq(t.v[0].f[0], "host");
	ck_assert_str_eq(t.v[0].f[7], "proposed");
	for (i = 1; i < t.n; i++)
		ck_assert_msg(ph_row_has(sec, t.v[i].f[0],
		    *t.v[i].f[7] != '\0' ? t.v[i].f[7] : "unplanned"),
		    "%s %s %s not in the page", t.v[i].f[0], t.v[i].f[4],
		    t.v[i].f[7]);
	tu_csv_free(&t);

	/* The map before and the map after: inline SVG, not a caption,
	 * two different maps with ids of their own. */
	before = ph_svg(strstr(sec, "<h3>Fleet map now</h3>"), pb, sizeof(pb));
	ck_assert_ptr_nonnull(strstr(sec, AFTER));
	after = ph_svg(strstr(sec, AFTER), pa, sizeof(pa));
	ck_assert_ptr_nonnull(strstr(after, "role=\"img\""));
	ck_assert_ptr_nonnull(strstr(after, ">Fleet map with the change plan "
	    "applied"));
	ck_assert_str_ne(pa, pb);
	ck_assert_ptr_null(strstr(after, pb));
	b = ph_unprefixed(before, pb);
	a = ph_unprefixed(after, pa);
	ck_assert_msg(strcmp(a, b) != 0, "the maps are the same");
	/* Drawn from the audit run again with the plan applied: the
	 * findings the plan cures are gone from the map. */
	ck_assert_uint_gt(ph_severe(after), 0);
	ck_assert_uint_lt(ph_severe(after), ph_severe(before));

	/* The same bytes again, with report.pdf beside; the map after is
	 * the one report.pdf draws, charts/fleetmap-plan.svg. */
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --format pdf,html "
	    "--out %s %s", out2, FLEET), 1);
	snprintf(path, sizeof(path), "%s/report.html", out2);
	page2 = tu_slurp_text(path, &n2);
	ck_assert_uint_eq(n, n2);
	ck_assert_mem_eq(page, page2, n);
	snprintf(path, sizeof(path), "%s/plan.csv", out2);
	ck_assert_ptr_null(fopen(path, "r"));	/* no csv asked for */
	snprintf(path, sizeof(path), "%s/charts/fleetmap-plan.svg", out2);
	file = tu_slurp_text(path, &n2);
	ck_assert_ptr_nonnull(p = strstr(file, "<svg"));
	ck_assert_ptr_nonnull(e = strstr(p, "</svg>"));
	*e = '\0';
	doc = ph_document(after, pa);
	ck_assert_msg(strcmp(doc, p) == 0, "the map after is not the one "
	    "of report.pdf");
	free(doc);
	free(file);

	/* A page the browser runs. */
	ck_assert_msg(out[0] == '/', "%s", out);
	dom = tu_output("sh tests/browser.sh dom 'file://%s/report.html'",
	    out);
	ph_ran(dom);
	ck_assert_ptr_nonnull(strstr(dom, "Change plan"));
	ck_assert_ptr_nonnull(strstr(dom, pa));
	free(dom);
	free(a);
	free(b);
	free(before);
	free(after);
	free(sec);
	free(page);
	free(page2);
}
END_TEST

static Suite *
check_planhtml_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("planhtml");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_plan_html);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_planhtml_suite()));
}
