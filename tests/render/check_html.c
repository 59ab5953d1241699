/*
 * report.html's backend (render/html.c) on a document model built here
 * by hand from the example fleet's audit, as doc.h describes it: a cover,
 * a summary with a chart, the findings index and blocks with their
 * evidence, a section per host, the inputs.  The page is read as text
 * (every link has its anchor, the policy's hash is the script's, nothing
 * outside the page is named, a hostile host name is escaped, the same
 * bytes twice), then loaded in headless Chromium (tests/browser.sh):
 * the script runs without error, the findings index has a row per
 * finding, a query filters it, and the hostile name is text.
 *
 * Then the real binary on a copy of the example fleet with one more host
 * folder named like an HTML element, in each layout: as many finding rows
 * in the browser as findings.csv has (read with libcsv), each finding's
 * anchor, a host's section and an evidence line with FILE:LINE, the
 * hostile name as text, no script error; the same bytes on a second run;
 * screenshots of the first screen and of one host's section for a person
 * to look at, when CHECK_HTML_SHOTS names a folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/evp.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "render/doc.h"
#include "testutil.h"

#define HOSTILE		"<img src=x onerror=alert(1)>"
#define HOSTILE_TEXT	"&lt;img src=x onerror=alert(1)&gt;"

const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return ("leak:libfontconfig.so\n");
}

static const char *const ch_fleet[] = { "examples/fleet", NULL };

static struct doc_col ch_index_cols[] = {
	{ "severity", "Severity", 0.12, 0 },
	{ "host", "Host", 0.2, 0 },
	{ "port", "Port", 0.1, 1 },
	{ "rule", "Rule", 0.3, 0 },
	{ "id", "Finding", 0.28, 0 }
};
static struct doc_col ch_input_cols[] = {
	{ "file", "File", 0.7, 0 },
	{ "format", "Format", 0.3, 0 }
};

/* A model under construction: nodes and the strings they own. */
struct ch_doc {
	struct doc	 d;
	size_t		 cap;
	char		**own;
	size_t		 nown;
};

static char *
ch_own(struct ch_doc *cd, char *s)
{
	cd->own = xrealloc(cd->own, (cd->nown + 1) * sizeof(*cd->own));
	cd->own[cd->nown++] = s;
	return (s);
}

static struct doc_node *
ch_node(struct ch_doc *cd, enum doc_kind kind)
{
	struct doc_node	*nd;

	if (cd->d.n == cd->cap) {
		cd->cap = cd->cap ? cd->cap * 2 : 64;
		cd->d.v = xrealloc(cd->d.v, cd->cap * sizeof(*cd->d.v));
	}
	nd = &cd->d.v[cd->d.n++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	nd->media = DOC_M_ALL;
	return (nd);
}

static size_t
ch_section(struct ch_doc *cd, const char *name, const char *anchor,
    const char *title, int level)
{
	struct doc_node	*nd;
	size_t		 at = cd->d.n;

	nd = ch_node(cd, DOC_SECTION);
	nd->u.sec.name = name;
	nd->u.sec.level = level;
	nd->u.sec.anchor = anchor;
	if (title != NULL) {
		nd = ch_node(cd, DOC_HEADING);
		nd->u.head.level = level;
		nd->u.head.text = (char *)title;
		nd->u.head.sev = -1;
	}
	return (at);
}

static void
ch_end(struct ch_doc *cd, size_t at)
{
	cd->d.v[at].u.sec.end = cd->d.n;
	ch_node(cd, DOC_END);
}

static void
ch_para(struct ch_doc *cd, enum doc_style st, const char *text)
{
	struct doc_node	*nd;

	nd = ch_node(cd, DOC_PARA);
	nd->u.para.style = st;
	nd->u.para.text = (char *)text;
	nd->u.para.sev = -1;
}

/* The host's anchor; the first host is shown under the hostile name. */
static const char *
ch_host_anchor(const struct audit *a, const struct hostinfo *hi)
{
	return (hi == &a->hosts[0] ? "host-hostile" : hi->host->name);
}

static const char *
ch_host_name(const struct audit *a, const struct hostinfo *hi)
{
	return (hi == &a->hosts[0] ? HOSTILE : hi->host->name);
}

static void
ch_attrs(const struct audit *a, const struct finding *f, struct doc_attrs *at)
{
	at->sev = f->sev;
	at->level = severity_name(f->sev);
	at->rule = f->rule->id;
	at->site = f->hi->site;
	at->host = ch_host_name(a, f->hi);
	at->finding = f->id;
}

/* The input index (1-based) of an input, for its anchor. */
static size_t
ch_input_no(const struct fleet *fl, const struct input *in)
{
	size_t	 i;

	for (i = 0; i < fl->ninputs; i++)
		if (fl->inputs[i] == in)
			return (i + 1);
	return (0);
}

static void
ch_findings(struct ch_doc *cd, const struct audit *a, const struct fleet *fl)
{
	struct doc_node		*nd;
	struct doc_row		*row;
	struct doc_finding	*fd;
	const struct finding	*f;
	size_t			 i, k, n;
	char			*s;

	nd = ch_node(cd, DOC_TABLE);
	nd->media = DOC_M_SCREEN;
	nd->u.table.name = "findings-index";
	nd->u.table.cols = ch_index_cols;
	nd->u.table.ncols = 5;
	nd->u.table.header = 1;
	nd->u.table.rows = xcalloc(a->nfindings, sizeof(struct doc_row));
	nd->u.table.nrows = a->nfindings;
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		row = &nd->u.table.rows[i];
		row->cells = xcalloc(5, sizeof(struct doc_cell));
		row->cells[0].text = (char *)severity_name(f->sev);
		row->cells[1].text = (char *)ch_host_name(a, f->hi);
		row->cells[1].link.to = DOC_TO_HOST;
		row->cells[1].link.target = ch_host_anchor(a, f->hi);
		xasprintf(&s, "%d", f->port);
		row->cells[2].text = ch_own(cd, s);
		row->cells[3].text = (char *)f->rule->id;
		row->cells[4].text = (char *)f->id;
		row->link.to = DOC_TO_FINDING;
		row->link.target = f->id;
		ch_attrs(a, f, &row->attrs);
	}
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		nd = ch_node(cd, DOC_FINDING);
		fd = &nd->u.find;
		fd->f = f;
		fd->anchor = f->id;
		ch_attrs(a, f, &fd->attrs);
		fd->host.to = DOC_TO_HOST;
		fd->host.target = ch_host_anchor(a, f->hi);
		xasprintf(&s, "%s: %s", ch_host_name(a, f->hi), f->rule->title);
		fd->title = ch_own(cd, s);
		fd->meta = (char *)f->rule->id;
		fd->detail = (char *)f->rule->help;
		fd->evlabel = "Evidence";
		fd->ev = xcalloc(f->nev + 1, sizeof(*fd->ev));
		for (k = 0; k < f->nev; k++) {
			fd->ev[k].file = f->ev[k].in != NULL ?
			    f->ev[k].in->path : NULL;
			fd->ev[k].line = f->ev[k].line;
			fd->ev[k].text = f->ev[k].text;
			if ((n = f->ev[k].in != NULL ? ch_input_no(fl,
			    f->ev[k].in) : 0) > 0) {
				fd->ev[k].link.to = DOC_TO_INPUT;
				xasprintf(&s, "input-%zu", n);
				fd->ev[k].link.target = ch_own(cd, s);
			}
		}
		fd->nev = f->nev;
	}
}

static void
ch_inputs(struct ch_doc *cd, const struct fleet *fl)
{
	struct doc_node	*nd;
	struct doc_row	*row;
	size_t		 i;
	char		*s;

	nd = ch_node(cd, DOC_TABLE);
	nd->u.table.name = "inputs";
	nd->u.table.cols = ch_input_cols;
	nd->u.table.ncols = 2;
	nd->u.table.header = 1;
	nd->u.table.rows = xcalloc(fl->ninputs, sizeof(struct doc_row));
	nd->u.table.nrows = fl->ninputs;
	for (i = 0; i < fl->ninputs; i++) {
		row = &nd->u.table.rows[i];
		row->cells = xcalloc(2, sizeof(struct doc_cell));
		row->cells[0].text = (char *)fl->inputs[i]->path;
		row->cells[1].text = (char *)fl->inputs[i]->format;
		xasprintf(&s, "input-%zu", i + 1);
		row->anchor = ch_own(cd, s);
		row->extra = "sha256 0123";
	}
}

/* The hand-built model of the report r. */
static struct ch_doc *
ch_build(const struct report *r)
{
	struct ch_doc		*cd;
	struct doc_node		*nd;
	const struct audit	*a = r->audit;
	size_t			 s, h, i;

	cd = xcalloc(1, sizeof(*cd));
	cd->d.r = r;
	cd->d.a = a;
	cd->d.title = "Port assignment audit";
	s = ch_section(cd, "cover", NULL, NULL, 0);
	cd->d.v[s].hints = DOC_H_TITLEPAGE;
	ch_para(cd, DOC_P_TITLE, "Port assignment audit");
	ch_para(cd, DOC_P_SUBTITLE, "Example fleet");
	ch_end(cd, s);
	s = ch_section(cd, "summary", "sec-summary", "Summary", 0);
	ch_para(cd, DOC_P_BODY, "Findings by severity:\nsee the chart.");
	nd = ch_node(cd, DOC_FIGURE);
	nd->u.fig.chart = DOC_CHART_SEVERITY;
	nd->u.fig.alt = "Open findings by severity";
	ch_end(cd, s);
	s = ch_section(cd, "findings", "sec-findings", "Findings", 0);
	ch_findings(cd, a, r->fleet);
	ch_end(cd, s);
	s = ch_section(cd, "hosts", "sec-hosts", "Hosts", 0);
	for (i = 0; i < a->nhosts; i++) {
		h = ch_section(cd, "host", ch_host_anchor(a, &a->hosts[i]),
		    ch_host_name(a, &a->hosts[i]), 1);
		cd->d.v[h].u.sec.hi = &a->hosts[i];
		cd->d.v[h].hints = i > 0 ? DOC_H_NEWPAGE : 0;
		ch_para(cd, DOC_P_LEAD, "Port map");
		if (i == 1) {
			nd = ch_node(cd, DOC_FIGURE);
			nd->u.fig.chart = DOC_CHART_PORTMAP;
			nd->u.fig.hi = &a->hosts[i];
			nd->u.fig.alt = "Port map";
		}
		ch_end(cd, h);
	}
	ch_end(cd, s);
	/* A section for print only is not on the page. */
	s = ch_section(cd, "printonly", "sec-printonly", "PRINT ONLY", 0);
	cd->d.v[s].media = DOC_M_PRINT;
	ch_end(cd, s);
	s = ch_section(cd, "inputs", "sec-inputs", "Inputs", 0);
	ch_inputs(cd, r->fleet);
	ch_end(cd, s);
	return (cd);
}

static void
ch_free(struct ch_doc *cd)
{
	struct doc_node	*nd;
	size_t		 i, k;

	for (i = 0; i < cd->d.n; i++) {
		nd = &cd->d.v[i];
		if (nd->kind == DOC_TABLE) {
			for (k = 0; k < nd->u.table.nrows; k++)
				free(nd->u.table.rows[k].cells);
			free(nd->u.table.rows);
		} else if (nd->kind == DOC_FINDING)
			free(nd->u.find.ev);
	}
	for (i = 0; i < cd->nown; i++)
		free(cd->own[i]);
	free(cd->own);
	free(cd->d.v);
	free(cd);
}

/* The page of the hand-built model (malloc'd). */
static char *
ch_page(const struct report *r, size_t *lenp)
{
	struct ch_doc	*cd;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;

	cd = ch_build(r);
	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(html_write(fp, &cd->d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ch_free(cd);
	if (lenp != NULL)
		*lenp = len;
	return (buf);
}

static size_t
ch_count(const char *s, const char *needle)
{
	size_t	 n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return (n);
}

/* Rows of the findings index in a page or a DOM: <tr ... data-severity,
 * and with hidden="" only when hidden is given. */
static size_t
ch_rows(const char *s, int hidden)
{
	const char	*end, *stop;
	char		*tag;
	size_t		 n = 0;

	s = strstr(s, "<table class=\"t-findings-index filterable\"");
	ck_assert_ptr_nonnull(s);
	stop = strstr(s, "</table>");
	ck_assert_ptr_nonnull(stop);
	while ((s = strstr(s, "<tr ")) != NULL && s < stop) {
		end = strchr(s, '>');
		ck_assert_ptr_nonnull(end);
		tag = xstrndup(s, end - s);
		if (strstr(tag, " data-severity=") != NULL &&
		    (strstr(tag, " hidden") != NULL) == hidden)
			n++;
		free(tag);
		s = end;
	}
	return (n);
}

/* Every href="#X" names an id="X" of the page. */
static void
ch_assert_links(const char *page)
{
	const char	*p, *q;
	char		*want;
	size_t		 n = 0;

	for (p = page; (p = strstr(p, "href=\"#")) != NULL; p = q) {
		p += 7;
		q = strchr(p, '"');
		ck_assert_ptr_nonnull(q);
		xasprintf(&want, "id=\"%.*s\"", (int)(q - p), p);
		ck_assert_msg(strstr(page, want) != NULL, "no %s", want);
		free(want);
		n++;
	}
	ck_assert_uint_gt(n, 10);
}

START_TEST(test_page_text)
{
	struct report	 r;
	struct audit	*a;
	const struct finding *f;
	char		*page, *script, *end, *want;
	unsigned char	 md[EVP_MAX_MD_SIZE], b64[128];
	unsigned int	 mdlen;
	size_t		 i;

	a = tu_report_audit(ch_fleet, NULL, &r);
	ck_assert_uint_gt(a->nfindings, 5);
	page = ch_page(&r, NULL);
	ck_assert_msg(strncmp(page, "<!DOCTYPE html>\n", 16) == 0, "%.40s",
	    page);
	/* One finding row each, its block with the finding's id; without
	 * the script every row shows and the page says it did not run. */
	ck_assert_uint_eq(ch_rows(page, 0), a->nfindings);
	ck_assert_uint_eq(ch_rows(page, 1), 0);
	/* The index sits in a block that tells the stylesheet its rows,
	 * for the height it has before the browser lays it out. */
	xasprintf(&want, "<div class=\"index\" style=\"--rows:%zu\">\n"
	    "<table class=\"t-findings-index filterable\"", a->nfindings);
	ck_assert_msg(strstr(page, want) != NULL, "no %s", want);
	free(want);
	end = strstr(strstr(page, "<div class=\"index\""), "</table>\n");
	ck_assert_ptr_nonnull(end);
	ck_assert_int_eq(strncmp(end, "</table>\n</div>\n", 15), 0);
	ck_assert_ptr_nonnull(strstr(page, "<html lang=\"en\" "
	    "data-script=\"none\">"));
	ck_assert_ptr_null(strstr(page, "<form"));
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		xasprintf(&want, "<article class=\"finding sev-%s\" id=\"%s\"",
		    severity_name(f->sev), f->id);
		ck_assert_msg(strstr(page, want) != NULL, "no %s", want);
		free(want);
	}
	/* Evidence: FILE:LINE linked to the input, then the line. */
	f = a->findings[0];
	ck_assert_uint_gt(f->nev, 0);
	xasprintf(&want, "<a class=\"where\" href=\"#input-%zu\">%s:%u</a>: "
	    "<code class=\"text\">", ch_input_no(r.fleet, f->ev[0].in),
	    f->ev[0].in->path, f->ev[0].line);
	ck_assert_msg(strstr(page, want) != NULL, "no %s", want);
	free(want);
	ch_assert_links(page);
	/* Headings a reader follows, table headers with a scope. */
	ck_assert_uint_eq(ch_count(page, "<h1>"), 1);
	ck_assert_ptr_nonnull(strstr(page, "<h2>Findings</h2>"));
	ck_assert_ptr_nonnull(strstr(page, "<h3>DC01</h3>") != NULL ?
	    page : strstr(page, "<h3>"));
	ck_assert_ptr_nonnull(strstr(page, "<th scope=\"col\" data-key="
	    "\"severity\">Severity</th>"));
	/* The chart inline, with its text alternative. */
	ck_assert_uint_eq(ch_count(page, "<svg role=\"img\""), 2);
	ck_assert_ptr_nonnull(strstr(page, ">Open findings by severity"
	    "</title>"));
	/* The hostile host name only as text. */
	ck_assert_ptr_null(strstr(page, "<img"));
	ck_assert_ptr_nonnull(strstr(page, "<h3>" HOSTILE_TEXT "</h3>"));
	ck_assert_ptr_nonnull(strstr(page, "data-host=\"" HOSTILE_TEXT "\""));
	/* Print-only sections stay out. */
	ck_assert_ptr_null(strstr(page, "PRINT ONLY"));
	/* Nothing outside the page: no src, no address but SVG's names. */
	ck_assert_uint_eq(ch_count(page, " src="), ch_count(page,
	    "&lt;img src="));
	ck_assert_ptr_null(strstr(page, "url(http"));
	ck_assert_ptr_null(strstr(page, "href=\"http"));
	ck_assert_uint_eq(ch_count(page, "http:") + ch_count(page, "https:") +
	    ch_count(page, "file:") + ch_count(page, "ftp:"), ch_count(page,
	    "\"http://www.w3.org/"));
	/* The policy allows our script by its hash, and nothing else. */
	script = strstr(page, "<script>");
	ck_assert_ptr_nonnull(script);
	script += 8;
	end = strstr(script, "</script>");
	ck_assert_ptr_nonnull(end);
	ck_assert_uint_eq(ch_count(page, "<script"), 1);
	ck_assert_int_eq(EVP_Digest(script, end - script, md, &mdlen,
	    EVP_sha256(), NULL), 1);
	EVP_EncodeBlock(b64, md, (int)mdlen);
	xasprintf(&want, "script-src 'sha256-%s'\">", b64);
	ck_assert_msg(strstr(page, want) != NULL, "no %s", want);
	free(want);
	free(page);
	tu_report_free(a, &r);
}
END_TEST

START_TEST(test_deterministic)
{
	struct report	 r;
	struct audit	*a;
	char		*p1, *p2;
	size_t		 l1, l2;

	a = tu_report_audit(ch_fleet, NULL, &r);
	p1 = ch_page(&r, &l1);
	p2 = ch_page(&r, &l2);
	ck_assert_uint_eq(l1, l2);
	ck_assert_int_eq(memcmp(p1, p2, l1), 0);
	free(p1);
	free(p2);
	tu_report_free(a, &r);
}
END_TEST

/* The script ran to its end and recorded no error on <html>. */
static void
ch_assert_ran(const char *dom)
{
	const char	*p, *end;
	char		*tag;

	p = strstr(dom, "<html");
	ck_assert_ptr_nonnull(p);
	end = strchr(p, '>');
	ck_assert_ptr_nonnull(end);
	tag = xstrndup(p, end - p);
	ck_assert_msg(strstr(tag, "data-script-error") == NULL, "%s", tag);
	ck_assert_msg(strstr(tag, "data-script=\"ready\"") != NULL, "%s",
	    tag);
	free(tag);
}

/* Past HTML_MAXMAPS (50) port maps, a host's map is its text alone. */
START_TEST(test_map_cap)
{
	struct report	 r;
	struct audit	*a;
	struct ch_doc	*cd;
	struct doc_node	*nd;
	char		*buf = NULL;
	size_t		 len = 0, i;
	FILE		*fp;

	a = tu_report_audit(ch_fleet, NULL, &r);
	cd = xcalloc(1, sizeof(*cd));
	cd->d.r = &r;
	cd->d.a = a;
	cd->d.title = "maps";
	for (i = 0; i < 53; i++) {
		nd = ch_node(cd, DOC_FIGURE);
		nd->u.fig.chart = DOC_CHART_PORTMAP;
		nd->u.fig.hi = &a->hosts[i % a->nhosts];
		nd->u.fig.alt = "Port map of <a host>";
	}
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(html_write(fp, &cd->d), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(ch_count(buf, "<svg role=\"img\""), 50);
	ck_assert_uint_eq(ch_count(buf, "<figure class=\"chart omitted\">\n"
	    "<p class=\"note\">Port map of &lt;a host&gt;</p>"), 3);
	free(buf);
	ch_free(cd);
	tu_report_free(a, &r);
}
END_TEST

/* The DOM of the page at path after its script ran, with a query. */
static char *
ch_dom(const char *path, const char *query)
{
	return (tu_output("sh tests/browser.sh dom 'file://%s%s%s'", path,
	    query != NULL ? "?" : "", query != NULL ? query : ""));
}

START_TEST(test_browser)
{
	struct report	 r;
	struct audit	*a;
	char		*page, *dom, *want;
	const char	*path;
	size_t		 len, i, ncrit = 0, nhost = 0;

	a = tu_report_audit(ch_fleet, NULL, &r);
	page = ch_page(&r, &len);
	path = tu_write_temp(page, len, "report.html");
	ck_assert_msg(path[0] == '/', "%s", path);
	if (getenv("CHECK_HTML_KEEP") != NULL)	/* to look at it by hand */
		tu_system("cp '%s' '%s'", path, getenv("CHECK_HTML_KEEP"));
	for (i = 0; i < a->nfindings; i++) {
		ncrit += a->findings[i]->sev == SEV_CRITICAL;
		nhost += strcmp(a->findings[i]->hi->host->name, "EXCH01") == 0;
	}
	ck_assert_uint_gt(ncrit, 0);
	ck_assert_uint_gt(nhost, 0);
	ck_assert_uint_lt(ncrit + nhost, a->nfindings);

	dom = ch_dom(path, NULL);
	ch_assert_ran(dom);
	ck_assert_uint_eq(ch_rows(dom, 0), a->nfindings);
	ck_assert_uint_eq(ch_rows(dom, 1), 0);
	/* The filter form was built, with a control per attribute. */
	ck_assert_ptr_nonnull(strstr(dom, "<form class=\"filters\""));
	ck_assert_ptr_nonnull(strstr(dom, "<select name=\"severity\">"));
	ck_assert_ptr_nonnull(strstr(dom, "<select name=\"host\">"));
	/* Unfiltered, the count says every row shows. */
	xasprintf(&want, ">%zu / %zu</output>", a->nfindings, a->nfindings);
	ck_assert_msg(strstr(dom, want) != NULL, "no %s", want);
	free(want);
	/* The hostile name is text in the DOM, no element. */
	ck_assert_ptr_null(strstr(dom, "<img"));
	ck_assert_ptr_nonnull(strstr(dom, HOSTILE_TEXT));
	free(dom);

	dom = ch_dom(path, "severity=critical");
	ch_assert_ran(dom);
	ck_assert_uint_eq(ch_rows(dom, 0), ncrit);
	ck_assert_uint_eq(ch_rows(dom, 1), a->nfindings - ncrit);
	xasprintf(&want, "data-shown=\"%zu\"", ncrit);
	ck_assert_ptr_nonnull(strstr(dom, want));
	free(want);
	free(dom);

	dom = ch_dom(path, "host=EXCH01&sort=port-desc");
	ch_assert_ran(dom);
	ck_assert_uint_eq(ch_rows(dom, 0), nhost);
	ck_assert_ptr_nonnull(strstr(dom, "data-sort=\"port-desc\""));
	free(dom);

	/* A search for a finding id finds its row alone. */
	xasprintf(&want, "q=%s", a->findings[a->nfindings - 1]->id);
	dom = ch_dom(path, want);
	ck_assert_uint_eq(ch_rows(dom, 0), 1);
	free(want);
	free(dom);
	free(page);
	tu_report_free(a, &r);
}
END_TEST

/* A copy of the example fleet with a hostile host folder in hq. */
static const char *
ch_fleet_copy(void)
{
	const char	*dir;

	dir = tu_fleet("README", "fleet\n", NULL);
	ck_assert_int_eq(tu_system("cp -R examples/fleet/. '%s/' && "
	    "mkdir '%s/hq/" HOSTILE "' && cp examples/fleet/hq/EXCH01/* "
	    "'%s/hq/" HOSTILE "/'", dir, dir, dir), 0);
	return (dir);
}

/* Audit fleet into out with --format csv,html and a layout. */
static void
ch_audit(const char *fleet, const char *out, const char *tmpl)
{
	ck_assert_int_eq(tu_system("SOURCE_DATE_EPOCH=" TU_EPOCH " %s audit "
	    "-q --out '%s' --format csv,html --template %s --detail all '%s' "
	    ">/dev/null 2>&1; test $? -le 1", getenv("PORTAUDIT") != NULL ?
	    getenv("PORTAUDIT") : "./portaudit", out, tmpl, fleet), 0);
}

/* A person looks at these: the first screen and a section alone. */
static void
ch_shots(const char *out, const char *tmpl, const char *section)
{
	const char	*dir = getenv("CHECK_HTML_SHOTS");

	if (dir == NULL)
		return;
	ck_assert_int_eq(tu_system("sh tests/browser.sh shot "
	    "'file://%s/report.html' '%s/%s-first.png' 1280,1000", out, dir,
	    tmpl), 0);
	if (section != NULL)
		ck_assert_int_eq(tu_system("sh tests/browser.sh shot "
		    "'file://%s/report.html?only=%s' '%s/%s-section.png' "
		    "1280,1400", out, section, dir, tmpl), 0);
}

/* The id of the first section of a host in the page, or NULL. */
static char *
ch_host_section(const char *page, const char *host)
{
	const char	*p, *q;
	char		*want;

	xasprintf(&want, " data-host=\"%s\">", host);
	p = strstr(page, want);
	free(want);
	if (p == NULL)
		return (NULL);
	while (p > page && strncmp(p, "<section id=\"", 13) != 0)
		p--;
	ck_assert_int_eq(strncmp(p, "<section id=\"", 13), 0);
	p += 13;
	q = strchr(p, '"');
	return (xstrndup(p, q - p));
}

/* The compliance layout: the findings index against findings.csv. */
START_TEST(test_fleet_compliance)
{
	struct tu_csv		 csv;
	const char		*fleet, *out, *id;
	char			*page, *dom, *want, *again;
	size_t			 len, i, nfind;

	fleet = ch_fleet_copy();
	out = tu_outdir();
	ch_audit(fleet, out, "compliance");
	tu_csv_report(out, "findings.csv", &csv);
	ck_assert_uint_gt(csv.n, 10);
	nfind = csv.n - 1;
	xasprintf(&want, "%s/report.html", out);
	page = tu_slurp_text(want, &len);
	free(want);
	xasprintf(&want, "%s/report.html", out);
	dom = ch_dom(want, NULL);
	free(want);
	ch_assert_ran(dom);
	ck_assert_uint_eq(ch_rows(dom, 0), nfind);
	/* Every finding of findings.csv has its anchor and its row. */
	for (i = 1; i < csv.n; i++) {
		id = csv.v[i].f[TU_FC_ID];
		xasprintf(&want, "id=\"%s\"", id);
		ck_assert_msg(strstr(page, want) != NULL, "no %s", want);
		free(want);
	}
	/* The hostile host's findings: its name as text, never markup. */
	ck_assert_ptr_null(strstr(dom, "<img"));
	ck_assert_ptr_nonnull(strstr(dom, ">" HOSTILE_TEXT "<"));
	ck_assert_ptr_nonnull(strstr(page, "data-host=\"" HOSTILE_TEXT "\""));
	/* An evidence line: FILE:LINE: and the verbatim text. */
	ck_assert_ptr_nonnull(strstr(dom, "/hq/DC01/registry.reg:32</"));
	ck_assert_ptr_nonnull(strstr(dom, "<code class=\"text\">\"DCTcpipPort\""
	    "=dword:0000c351</code>"));
	ck_assert_ptr_nonnull(strstr(page, "&quot;DCTcpipPort&quot;=dword:"
	    "0000c351</code>"));
	xasprintf(&want, "href=\"#input-");
	ck_assert_ptr_nonnull(strstr(page, want));
	free(want);
	ck_assert_ptr_nonnull(strstr(page, "/hq/DC01/registry.reg:32</a>: "
	    "<code class=\"text\">"));
	ch_assert_links(page);
	/* The same bytes again. */
	ch_audit(fleet, out, "compliance");
	xasprintf(&want, "%s/report.html", out);
	again = tu_slurp_text(want, NULL);
	free(want);
	ck_assert_str_eq(page, again);
	ch_shots(out, "compliance", csv.v[1].f[TU_FC_ID]);
	free(again);
	free(dom);
	free(page);
	tu_csv_free(&csv);
}
END_TEST

/* The evidence layout: a section per host, the hostile one as text. */
START_TEST(test_fleet_evidence)
{
	const char	*fleet, *out;
	char		*path, *page, *dom, *sec, *q, *hostile;

	fleet = ch_fleet_copy();
	out = tu_outdir();
	ch_audit(fleet, out, "evidence");
	xasprintf(&path, "%s/report.html", out);
	page = tu_slurp_text(path, NULL);
	sec = ch_host_section(page, "EXCH01");
	ck_assert_ptr_nonnull(sec);
	ck_assert_msg(strncmp(sec, "host-EXCH01-", 12) == 0, "%s", sec);
	hostile = ch_host_section(page, HOSTILE_TEXT);
	ck_assert_ptr_nonnull(hostile);
	free(hostile);
	ck_assert_ptr_null(strstr(page, "<img"));
	ch_assert_links(page);
	dom = ch_dom(path, NULL);
	ch_assert_ran(dom);
	ck_assert_ptr_null(strstr(dom, "<img"));
	free(dom);
	/* ?only= shows that host's section and hides the others. */
	xasprintf(&q, "only=%s", sec);
	dom = ch_dom(path, q);
	ch_assert_ran(dom);
	ck_assert_ptr_nonnull(strstr(dom, "data-only=\""));
	free(dom);
	ch_shots(out, "evidence", sec);
	free(q);
	free(sec);
	free(page);
	free(path);
}
END_TEST

/* The migration layout: the fleet map inline, no script error. */
START_TEST(test_fleet_migration)
{
	const char	*fleet, *out;
	char		*path, *page, *dom;

	fleet = ch_fleet_copy();
	out = tu_outdir();
	ch_audit(fleet, out, "migration");
	xasprintf(&path, "%s/report.html", out);
	page = tu_slurp_text(path, NULL);
	ck_assert_uint_ge(ch_count(page, "<svg role=\"img\""), 1);
	ck_assert_ptr_null(strstr(page, "<img"));
	dom = ch_dom(path, NULL);
	ch_assert_ran(dom);
	ch_shots(out, "migration", NULL);
	free(dom);
	free(page);
	free(path);
}
END_TEST

/*
 * --baseline and --history: two hosts gone since the baseline, their
 * findings in the resolved table (as the PDF shows them); a second
 * audit in the history draws the trend chart inline.
 */
START_TEST(test_fleet_changes_trend)
{
	const char	*fleet, *base, *out;
	char		*path, *page, *dom, *p, *end;
	size_t		 n;

	fleet = ch_fleet_copy();
	base = tu_outdir();
	out = tu_outdir();
	ch_audit(fleet, base, "compliance");
	ck_assert_int_eq(tu_system("rm -r '%s/hq/DC01' '%s/hq/WEB01'", fleet,
	    fleet), 0);
	xasprintf(&path, "%s/report.html", out);
	ck_assert_int_eq(tu_system("SOURCE_DATE_EPOCH=" TU_EPOCH " %s audit -q "
	    "--out '%s' --format html --baseline '%s/findings.csv' --history "
	    "'%s/h.db' '%s' >/dev/null 2>&1; SOURCE_DATE_EPOCH=1700100000 %s "
	    "audit -q --out '%s' --format html --baseline '%s/findings.csv' "
	    "--history '%s/h.db' '%s' >/dev/null 2>&1; test $? -le 1",
	    getenv("PORTAUDIT") != NULL ? getenv("PORTAUDIT") : "./portaudit",
	    out, base, base, fleet,
	    getenv("PORTAUDIT") != NULL ? getenv("PORTAUDIT") : "./portaudit",
	    out, base, base, fleet), 0);
	page = tu_slurp_text(path, NULL);
	/* The resolved findings: DC01's, in their own table. */
	p = strstr(page, "<section id=\"sec-changes\"");
	ck_assert_ptr_nonnull(p);
	p = strstr(p, "<table class=\"t-resolved\"");
	ck_assert_ptr_nonnull(p);
	end = strstr(p, "</table>");
	for (n = 0; (p = strstr(p, " data-host=\"DC01\"")) != NULL &&
	    p < end; p++)
		n++;
	ck_assert_uint_ge(n, 5);
	/* The trend chart inline in its section. */
	p = strstr(page, "<section id=\"sec-trend\"");
	ck_assert_ptr_nonnull(p);
	end = strstr(p, "</section>");
	p = strstr(p, "<svg role=\"img\"");
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(end != NULL && p < end, "no chart in the trend");
	ck_assert_ptr_nonnull(strstr(p, "</title>"));
	ck_assert_ptr_nonnull(strstr(page, "<table class=\"t-ages\""));
	ch_assert_links(page);
	dom = ch_dom(path, NULL);
	ch_assert_ran(dom);
	free(dom);
	free(page);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("html");
	tc = tcase_create("page");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_page_text);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_map_cap);
	tcase_add_test(tc, test_browser);
	suite_add_tcase(s, tc);
	tc = tcase_create("fleet");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_fleet_compliance);
	tcase_add_test(tc, test_fleet_evidence);
	tcase_add_test(tc, test_fleet_migration);
	tcase_add_test(tc, test_fleet_changes_trend);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
