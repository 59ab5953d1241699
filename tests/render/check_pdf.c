/*
 * report.pdf: audit the example fleet, write the PDF through each layout
 * and read it back with poppler's tools (pdfinfo, pdftotext, pdfimages):
 * the figures of the summary, a finding and its port, a UTF-8 host name,
 * the inputs' SHA-256, the page footer, the charts, byte-identical output;
 * qpdf --check finds each layout's file well formed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <fontconfig/fontconfig.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "testutil.h"

static char	 check_pdf_dirs[16][64];
static int	 check_pdf_ndirs;

static int
check_pdf_rm(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

static void
check_pdf_cleanup(void)
{
	int	 i;

	if (getenv("CHECK_PDF_KEEP") != NULL)
		return;
	for (i = 0; i < check_pdf_ndirs; i++)
		(void)nftw(check_pdf_dirs[i], check_pdf_rm, 16,
		    FTW_DEPTH | FTW_PHYS);
}

/* A new output folder, removed at exit (kept with CHECK_PDF_KEEP set). */
static const char *
check_pdf_outdir(void)
{
	char	*d;

	ck_assert_int_lt(check_pdf_ndirs, 16);
	d = check_pdf_dirs[check_pdf_ndirs];
	snprintf(d, sizeof(check_pdf_dirs[0]), "/tmp/portaudit-pdf-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d));
	if (check_pdf_ndirs++ == 0)
		atexit(check_pdf_cleanup);
	return (d);
}

/* The TrueType file fontconfig matches for a pattern (malloc'd). */
static char *
check_pdf_font(const char *pattern)
{
	FcPattern	*pat, *match;
	FcResult	 res;
	FcChar8		*file;
	char		*path = NULL;

	ck_assert(FcInit());
	pat = FcNameParse((const FcChar8 *)pattern);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	ck_assert_ptr_nonnull(match);
	if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
		path = xstrdup((const char *)file);
	FcPatternDestroy(match);
	FcPatternDestroy(pat);
	ck_assert_ptr_nonnull(path);
	ck_assert_ptr_nonnull(strstr(path, ".ttf"));
	return (path);
}

static struct audit *
check_pdf_audit(const char *path)
{
	setenv("SOURCE_DATE_EPOCH", TU_EPOCH, 1);
	return (tu_audit_dir(path, NULL));
}

static struct suggestion check_pdf_sugg[] = {
	{ "hq", PROTO_TCP, 1350, 7 },
	{ "branch", PROTO_TCP, 1350, 4 },
	{ NULL, PROTO_UDP, 1351, 11 }
};

/* A report as cmd_audit fills it, for layout NAME into outdir. */
static void
check_pdf_report(struct report *r, struct audit *a, const char *layout,
    const char *outdir)
{
	char	*path;

	tu_report(r, a);
	xasprintf(&path, "templates/%s.ini", layout);
	r->layout = template_load(path);
	ck_assert_ptr_nonnull(r->layout);
	free(path);
	r->template_name = layout;
	r->organisation = "Contoso Zürich AG";
	r->cmdline = "portaudit audit --format pdf --out OUT examples/fleet";
	r->outdir = outdir;
	r->detail = DETAIL_AUTO;
	r->font = check_pdf_font("DejaVu Sans");
	r->font_bold = check_pdf_font("DejaVu Sans:bold");
	r->suggestions = check_pdf_sugg;
	r->nsuggestions = 3;
}

static void
check_pdf_report_free(struct report *r)
{
	template_free(r->rules);
	template_free(r->layout);
	free((char *)r->font);
	free((char *)r->font_bold);
}

/* Emit the report into outdir/name; returns the path (malloc'd). */
static char *
check_pdf_emit(const struct report *r, const char *name)
{
	char	*path;
	FILE	*fp;

	xasprintf(&path, "%s/%s", r->outdir, name);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_int_eq(renderer_pdf.emit(r, fp), 0);
	ck_assert_int_eq(fclose(fp), 0);
	return (path);
}

/* The standard output of a command run on a file, then tail (malloc'd). */
static char *
check_pdf_run(const char *cmd, const char *path, const char *tail)
{
	return (tu_output("%s '%s' %s 2>/dev/null", cmd, path, tail));
}

/* The text of the PDF with every run of blanks and newlines as one blank,
 * so that phrases match across wrapped lines. */
static char *
check_pdf_text(const char *path)
{
	char	*t, *i, *o;
	int	 blank = 0;

	t = check_pdf_run("pdftotext -layout -enc UTF-8 -q", path, "-");
	for (i = o = t; *i != '\0'; i++) {
		if (*i == ' ' || *i == '\n' || *i == '\f' || *i == '\t') {
			blank = 1;
			continue;
		}
		if (blank && o > t)
			*o++ = ' ';
		blank = 0;
		*o++ = *i;
	}
	*o = '\0';
	return (t);
}

static int
check_pdf_pages(const char *path)
{
	char	*info, *p;
	int	 n = -1;

	info = check_pdf_run("pdfinfo", path, "");
	if ((p = strstr(info, "\nPages:")) != NULL)
		n = atoi(p + 7);
	free(info);
	return (n);
}

/* The value of a "Key: value" line of pdfinfo (malloc'd), or NULL. */
static char *
check_pdf_info(const char *info, const char *key)
{
	const char	*p, *e;
	size_t		 n = strlen(key);

	for (p = info; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p != NULL ? p + 1 : NULL) {
		if (strncmp(p, key, n) != 0 || p[n] != ':')
			continue;
		for (p += n + 1; *p == ' '; p++)
			;
		e = strchr(p, '\n');
		return (xstrndup(p, e != NULL ? (size_t)(e - p) : strlen(p)));
	}
	return (NULL);
}

static void
check_pdf_info_is(const char *info, const char *key, const char *want)
{
	char	*v;

	v = check_pdf_info(info, key);
	ck_assert_msg(v != NULL, "pdfinfo shows no %s", key);
	ck_assert_str_eq(v, want);
	free(v);
}

static int
check_pdf_count(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return (n);
}

static void
check_pdf_has(const char *text, const char *needle)
{
	ck_assert_msg(strstr(text, needle) != NULL, "not in the PDF: %s",
	    needle);
}

/* The bytes of the file hold needle (objects are not compressed). */
static void
check_pdf_raw_has(const char *path, const char *needle)
{
	char	*buf;
	size_t	 n;

	buf = tu_slurp(path, &n);
	ck_assert_msg(memmem(buf, n, needle, strlen(needle)) != NULL,
	    "not in the PDF file: %s", needle);
	free(buf);
}

START_TEST(test_compliance)
{
	struct report	 r;
	struct audit	*a;
	struct finding	*f;
	char		*pdf, *info, *text, want[512], hex[65];
	size_t		 sev[SEV__MAX], waived = 0, i;
	int		 pages;

	a = check_pdf_audit("examples/fleet");
	ck_assert_uint_gt(a->nfindings, 10);
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	pdf = check_pdf_emit(&r, "report.pdf");

	pages = check_pdf_pages(pdf);
	ck_assert_int_gt(pages, 5);
	info = check_pdf_run("pdfinfo", pdf, "");
	check_pdf_info_is(info, "Title", "Port assignment audit");
	check_pdf_info_is(info, "Author", "portaudit");
	check_pdf_info_is(info, "Creator", "portaudit " PORTAUDIT_VERSION);
	check_pdf_info_is(info, "CreationDate", "Tue Nov 14 22:13:20 2023 UTC");
	check_pdf_info_is(info, "ModDate", "Tue Nov 14 22:13:20 2023 UTC");
	free(info);

	text = check_pdf_text(pdf);
	/* The summary's figures are the audit's. */
	memset(sev, 0, sizeof(sev));
	for (i = 0; i < a->nfindings; i++) {
		if (a->findings[i]->waived)
			waived++;
		else
			sev[a->findings[i]->sev]++;
	}
	snprintf(want, sizeof(want), "It raised %zu finding(s): %zu open and "
	    "%zu waived", a->nfindings, a->nfindings - waived, waived);
	check_pdf_has(text, want);
	snprintf(want, sizeof(want), "Severity Open Waived Total Critical "
	    "%zu 0 %zu High %zu 0 %zu", sev[SEV_CRITICAL], sev[SEV_CRITICAL],
	    sev[SEV_HIGH], sev[SEV_HIGH]);
	check_pdf_has(text, want);
	check_pdf_has(text, "12 host(s) in 2 site(s)");
	snprintf(want, sizeof(want), "%zu input file(s)", a->fleet->ninputs);
	check_pdf_has(text, want);
	check_pdf_has(text, "Contoso Zürich AG");

	/* EXCH01: the KB 180795 case, with its evidence line. */
	f = tu_finding(a, "fixed-port-taken", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	snprintf(want, sizeof(want), "fixed-port-taken · tcp port 1025 · "
	    "finding %s", f->id);
	check_pdf_has(text, want);
	check_pdf_has(text, "EXCH01: Fixed port already taken");
	check_pdf_has(text, "examples/fleet/hq/EXCH01/netstat.txt:");

	/* Every input's SHA-256, in one piece. */
	for (i = 0; i < a->fleet->ninputs; i++) {
		ck_assert(a->fleet->inputs[i]->have_sha256);
		tu_hex(a->fleet->inputs[i]->sha256, 32, hex);
		check_pdf_has(text, hex);
	}
	/* The inputs table runs over pages and repeats its header. */
	ck_assert_int_ge(check_pdf_count(text, "File Kind Records Recognised "
	    "Unparsed"), 2);

	snprintf(want, sizeof(want), "Page 1 of %d", pages);
	check_pdf_has(text, want);
	snprintf(want, sizeof(want), "Page %d of %d", pages, pages);
	check_pdf_has(text, want);
	check_pdf_has(text, "portaudit version " PORTAUDIT_VERSION);
	check_pdf_has(text, "Evidence appendix");
	check_pdf_has(text, "Waivers and their expiry");
	free(text);

	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/* The charts are files of OUT/charts and images of the PDF. */
START_TEST(test_charts)
{
	struct report	 r;
	struct audit	*a;
	struct stat	 st;
	DIR		*d;
	struct dirent	*e;
	char		*pdf, *list, *path;
	int		 images, hostpng = 0;

	a = check_pdf_audit("examples/fleet");
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	pdf = check_pdf_emit(&r, "report.pdf");
	xasprintf(&path, "%s/charts/severity.png", r.outdir);
	ck_assert_int_eq(stat(path, &st), 0);
	free(path);
	xasprintf(&path, "%s/charts/rules.svg", r.outdir);
	ck_assert_int_eq(stat(path, &st), 0);
	free(path);
	xasprintf(&path, "%s/charts", r.outdir);
	ck_assert_ptr_nonnull(d = opendir(path));
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "host-EXCH01-", 12) == 0 &&
		    strstr(e->d_name, ".png") != NULL)
			hostpng++;
	closedir(d);
	free(path);
	ck_assert_int_eq(hostpng, 1);

	list = check_pdf_run("pdfimages -list", pdf, "");
	images = check_pdf_count(list, " image ");
	/* severity, rules and one port map per host */
	ck_assert_int_ge(images, 2 + 11);
	free(list);
	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/* Same inputs and SOURCE_DATE_EPOCH: the same bytes. */
START_TEST(test_deterministic)
{
	struct report	 r;
	struct audit	*a;
	char		*one, *two, *cmd;

	a = check_pdf_audit("examples/fleet");
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	one = check_pdf_emit(&r, "one.pdf");
	two = check_pdf_emit(&r, "two.pdf");
	xasprintf(&cmd, "cmp -s '%s' '%s'", one, two);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(one);
	free(two);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/* A host folder named in UTF-8: its name in the text, a safe chart name. */
START_TEST(test_utf8_host)
{
	static const char netstat[] =
	    "\r\nActive Connections\r\n\r\n"
	    "  Proto  Local Address          Foreign Address        State"
	    "           PID\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING"
	    "       900\r\n"
	    "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING"
	    "       4\r\n";
	struct report	 r;
	struct audit	*a;
	DIR		*d;
	struct dirent	*e;
	char		*pdf, *text, *path;
	int		 found = 0;

	a = check_pdf_audit(tu_fleet("zh/Zürich-DC01/netstat.txt", netstat,
	    NULL));
	ck_assert_uint_eq(a->nhosts, 1);
	ck_assert_str_eq(a->hosts[0].host->name, "Zürich-DC01");
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	r.detail = DETAIL_ALL;
	pdf = check_pdf_emit(&r, "report.pdf");
	text = check_pdf_text(pdf);
	check_pdf_has(text, "Zürich-DC01 (zh)");
	free(text);
	/* The outline holds the host, in UTF-16BE. */
	check_pdf_raw_has(pdf, "/PageMode /UseOutlines");
	check_pdf_raw_has(pdf, "/Title <FEFF005A00FC007200690063006800"
	    "2D004400430030003100200028007A00680029>");
	xasprintf(&path, "%s/charts", r.outdir);
	ck_assert_ptr_nonnull(d = opendir(path));
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "host-Z__rich-DC01-", 18) == 0)
			found++;
	closedir(d);
	free(path);
	ck_assert_int_eq(found, 2);	/* .png and .svg */

	/* --detail findings: a host without findings gets no page. */
	ck_assert_uint_eq(a->nfindings, 0);
	r.detail = DETAIL_FINDINGS;
	free(pdf);
	pdf = check_pdf_emit(&r, "findings.pdf");
	text = check_pdf_text(pdf);
	ck_assert_ptr_null(strstr(text, "Zürich-DC01 (zh)"));
	check_pdf_has(text, "No host page was asked for.");
	free(text);
	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_detail_none)
{
	struct report	 r;
	struct audit	*a;
	char		*pdf, *text;
	int		 all, none;

	a = check_pdf_audit("examples/fleet");
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	r.detail = DETAIL_ALL;
	pdf = check_pdf_emit(&r, "all.pdf");
	all = check_pdf_pages(pdf);
	text = check_pdf_text(pdf);
	check_pdf_has(text, "Findings on EXCH01");
	free(text);
	free(pdf);
	r.detail = DETAIL_NONE;
	pdf = check_pdf_emit(&r, "none.pdf");
	none = check_pdf_pages(pdf);
	text = check_pdf_text(pdf);
	ck_assert_ptr_null(strstr(text, "Findings on EXCH01"));
	free(text);
	free(pdf);
	ck_assert_int_ge(all - none, 11);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_migration)
{
	struct report	 r;
	struct audit	*a;
	char		*pdf, *text, *list;

	a = check_pdf_audit("examples/fleet");
	check_pdf_report(&r, a, "migration", check_pdf_outdir());
	pdf = check_pdf_emit(&r, "report.pdf");
	ck_assert_int_ge(check_pdf_pages(pdf), 3);
	text = check_pdf_text(pdf);
	check_pdf_has(text, "Fleet map");
	check_pdf_has(text, "Fixed ports and their risk");
	/* DC02's NTDS on 1025, with the duplicate rule against it */
	check_pdf_has(text, "DC02 NTDS tcp/1025 Critical");
	check_pdf_has(text, "fixed-port-duplicate");
	check_pdf_has(text, "Safe ports per site");
	check_pdf_has(text, "hq tcp 1350 7");
	check_pdf_has(text, "whole fleet udp 1351 11");
	ck_assert_ptr_null(strstr(text, "Executive summary"));
	free(text);
	list = check_pdf_run("pdfimages -list", pdf, "");
	ck_assert_int_ge(check_pdf_count(list, " image "), 1);
	free(list);
	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_evidence)
{
	struct report	 r;
	struct audit	*a;
	char		*pdf, *text, *list, hex[65];

	a = check_pdf_audit("examples/fleet");
	check_pdf_report(&r, a, "evidence", check_pdf_outdir());
	pdf = check_pdf_emit(&r, "report.pdf");
	text = check_pdf_text(pdf);
	check_pdf_has(text, "Host settings");
	check_pdf_has(text, "Evidence of the findings");
	check_pdf_has(text, "portaudit version " PORTAUDIT_VERSION);
	tu_hex(a->fleet->inputs[0]->sha256, 32, hex);
	check_pdf_has(text, hex);
	check_pdf_has(text, "\"DCTcpipPort\"=dword:0000c351");
	ck_assert_ptr_null(strstr(text, "Executive summary"));
	ck_assert_ptr_null(strstr(text, "Recommendation:"));
	free(text);
	/* nothing but text: no charts */
	list = check_pdf_run("pdfimages -list", pdf, "");
	ck_assert_int_eq(check_pdf_count(list, " image "), 0);
	free(list);
	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/* s with every run of blanks as one blank, as check_pdf_text() reads. */
static void
check_pdf_squeeze(const char *s, char *out, size_t sz)
{
	size_t	 n = 0;
	int	 blank = 0;

	for (; *s != '\0' && n + 2 < sz; s++) {
		if (*s == ' ' || *s == '\t') {
			blank = 1;
			continue;
		}
		if (blank && n > 0)
			out[n++] = ' ';
		blank = 0;
		out[n++] = *s;
	}
	out[n] = '\0';
}

/* The evidence line of the setting of host on port, squeezed. */
static void
check_pdf_pin_line(const struct audit *a, const char *host, int port,
    enum pinstatus want, char *out, size_t sz)
{
	const struct hostinfo	*hi = tu_host(a, host);
	const struct pincheck	*pc = NULL;
	char			*line;
	size_t			 i;

	for (i = 0; i < hi->settings.n && pc == NULL; i++)
		if (hi->settings.v[i].rec->u.set.port == port)
			pc = pins_get(hi, &hi->settings.v[i]);
	ck_assert_ptr_nonnull(pc);
	ck_assert_int_eq(pc->status, want);
	ck_assert_ptr_nonnull(pc->sock);
	xasprintf(&line, "%s:%u: %s", pc->sock->in->path, pc->sock->rec->line,
	    record_text(pc->sock->rec));
	check_pdf_squeeze(line, out, sz);
	free(line);
}

/*
 * What netstat shows on each pinned port: on the host pages and in the
 * migration table, "listening, as pinned" and the other statuses with the
 * socket line under the row; the summary counts them.
 */
START_TEST(test_port_status)
{
	struct report	 r;
	struct audit	*a;
	char		*pdf, *text, want[512], ntds[512], netlogon[512];
	const char	*row, *next, *st, *ev;
	size_t		 n[PINST__MAX], total = 0, i;

	a = check_pdf_audit("examples/fleet");
	pins_count(a, n);
	for (i = 0; i < PINST__MAX; i++)
		total += n[i];
	ck_assert_uint_gt(n[PINST_VERIFIED], 0);
	check_pdf_pin_line(a, "DC01", 50000, PINST_VERIFIED, ntds, sizeof(ntds));
	check_pdf_pin_line(a, "DC01", 50001, PINST_TAKEN, netlogon,
	    sizeof(netlogon));

	/* The compliance report: summary and host pages. */
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	r.detail = DETAIL_ALL;
	pdf = check_pdf_emit(&r, "report.pdf");
	text = check_pdf_text(pdf);
	snprintf(want, sizeof(want), "Of the %zu port(s) that settings pin, "
	    "%zu listen as pinned, held by their own service; %zu listen, but "
	    "netstat did not show their owner's image", total,
	    n[PINST_VERIFIED], n[PINST_OWNER_NOT_SHOWN]);
	check_pdf_has(text, want);
	ck_assert_int_eq(check_pdf_count(text, "listening, as pinned"),
	    (int)n[PINST_VERIFIED]);
	ck_assert_ptr_nonnull(row = strstr(text, "DC01 (hq)"));
	ck_assert_ptr_nonnull(row = strstr(row, "Fixed-port settings"));
	ck_assert_ptr_nonnull(next = strstr(row, "Findings on DC01"));
	ck_assert_ptr_nonnull(strstr(row, "On the port"));
	row = strstr(row, "listening, as pinned");
	ck_assert_msg(row != NULL && row < next, "DC01's page: no verified "
	    "setting");
	row = strstr(row, ntds);
	ck_assert_msg(row != NULL && row < next, "DC01's page lacks %s",
	    ntds);
	row = strstr(row, "taken by something else");
	ck_assert_msg(row != NULL && row < next, "DC01's page: no taken "
	    "setting");
	row = strstr(row, netlogon);
	ck_assert_msg(row != NULL && row < next, "DC01's page lacks %s",
	    netlogon);
	free(text);
	free(pdf);
	check_pdf_report_free(&r);

	/* The migration table: each row's status, the socket line under
	 * it. */
	check_pdf_report(&r, a, "migration", check_pdf_outdir());
	pdf = check_pdf_emit(&r, "report.pdf");
	text = check_pdf_text(pdf);
	snprintf(want, sizeof(want), "%zu of the %zu pinned port(s) listen as "
	    "pinned", n[PINST_VERIFIED], total);
	check_pdf_has(text, want);
	ck_assert_ptr_nonnull(row = strstr(text, "Host Service Port Risk On "
	    "the port Rules"));
	ck_assert_int_eq(check_pdf_count(row, "listening, as pinned"),
	    (int)n[PINST_VERIFIED]);
	ck_assert_int_eq(check_pdf_count(row, "listening, owner not shown"),
	    (int)n[PINST_OWNER_NOT_SHOWN]);
	ck_assert_int_eq(check_pdf_count(row, "taken by something else"),
	    (int)n[PINST_TAKEN]);
	ck_assert_int_eq(check_pdf_count(row, "not listening"),
	    (int)n[PINST_NOT_LISTENING]);
	ck_assert_ptr_nonnull(row = strstr(row, "DC01 NTDS tcp/50000"));
	ck_assert_ptr_nonnull(next = strstr(row, "DC01 Netlogon tcp/50001"));
	st = strstr(row, "listening, as pinned");
	ev = strstr(row, ntds);
	ck_assert_msg(st != NULL && st < next && ev != NULL && ev < next,
	    "DC01's NTDS row: no status or line");
	ck_assert_ptr_nonnull(strstr(next, "taken by something else"));
	ck_assert_ptr_nonnull(strstr(next, netlogon));
	free(text);
	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/* A layout of one's own: an unknown placeholder or section is a
 * diagnostic, and the report is still written.  A word wider than the
 * page is broken, not cut. */
START_TEST(test_user_layout)
{
	static const char head[] =
	    "[report]\ntitle = Mine #{nosuch}\nsections = about bogus\n"
	    "[about]\ntitle = About\nintro = ";
	static const char tail[] =
	    "\n[labels]\nfooter = #{page}/#{pages}\nversion = V\n"
	    "cmdline = C\nlayout = L\ndate = D\nepoch = E\n";
	struct report	 r;
	struct audit	*a;
	char		*pdf, *text, *raw, *p, layout[1024];
	int		 n, lines;

	snprintf(layout, sizeof(layout), "%s", head);
	for (n = 0; n < 180; n++)
		strcat(layout, n % 10 == 9 ? "9" : "W");
	strcat(layout, tail);
	a = check_pdf_audit("examples/fleet");
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	template_free(r.layout);
	r.layout = template_load(tu_write_temp(layout, strlen(layout),
	    ".ini"));
	ck_assert_ptr_nonnull(r.layout);
	r.template_name = "mine";
	diag_worst = DL_NOTE;
	pdf = check_pdf_emit(&r, "report.pdf");
	ck_assert_int_ge(diag_worst, DL_ERROR);
	ck_assert_int_eq(check_pdf_pages(pdf), 1);
	text = check_pdf_text(pdf);
	check_pdf_has(text, "1/1");
	check_pdf_has(text, "V " PORTAUDIT_VERSION);
	free(text);
	/* 180 characters (inih's line limit is 200) over lines, none lost */
	raw = check_pdf_run("pdftotext -enc UTF-8 -q", pdf, "-");
	for (n = lines = 0, p = raw; *p != '\0'; p++) {
		n += *p == 'W' || *p == '9';
		lines += *p == '\n' && p > raw &&
		    (p[-1] == 'W' || p[-1] == '9');
	}
	ck_assert_int_eq(n, 180);
	ck_assert_int_ge(lines, 3);
	free(raw);
	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/* Waived and expired findings: in the summary's figures and the waivers
 * section, with reason and expiry. */
START_TEST(test_waivers)
{
	static const char policy[] =
	    "[waiver exch01-ds]\n"
	    "rule = fixed-port-in-ephemeral\n"
	    "host = EXCH01\n"
	    "port = 1025\n"
	    "reason = moves to 1200 in the maintenance window\n"
	    "expires = 2027-03-31\n"
	    "[waiver exch01-is]\n"
	    "rule = fixed-port-in-ephemeral\n"
	    "host = EXCH01\n"
	    "port = 1026\n"
	    "reason = vendor ticket 4711\n"
	    "expires = 2020-01-01\n";
	struct report	 r;
	struct audit	*a;
	char		*pdf, *text, want[256];
	size_t		 high = 0, i;

	setenv("SOURCE_DATE_EPOCH", TU_EPOCH, 1);
	a = tu_audit_dir("examples/fleet", tu_write_temp(policy,
	    sizeof(policy) - 1, "policy.ini"));
	ck_assert_int_eq(tu_finding(a, "fixed-port-in-ephemeral", "EXCH01",
	    1025)->waived, 1);
	ck_assert_int_eq(tu_finding(a, "fixed-port-in-ephemeral", "EXCH01",
	    1026)->waiver_expired, 1);
	for (i = 0; i < a->nfindings; i++)
		high += a->findings[i]->sev == SEV_HIGH &&
		    !a->findings[i]->waived;
	check_pdf_report(&r, a, "compliance", check_pdf_outdir());
	pdf = check_pdf_emit(&r, "report.pdf");
	text = check_pdf_text(pdf);
	snprintf(want, sizeof(want), "%zu open and 1 waived",
	    a->nfindings - 1);
	check_pdf_has(text, want);
	snprintf(want, sizeof(want), "High %zu 1 %zu", high, high + 1);
	check_pdf_has(text, want);
	check_pdf_has(text, "Waived until 2027-03-31: moves to 1200 in the "
	    "maintenance window.");
	check_pdf_has(text, "The waiver expired on 2020-01-01 (vendor ticket "
	    "4711)");
	ck_assert_ptr_null(strstr(text, "No finding is waived."));
	ck_assert_ptr_null(strstr(text, "No waiver has expired."));
	check_pdf_has(text, "Expires");
	check_pdf_has(text, "Expired on");
	free(text);
	free(pdf);
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/* No font: no report, and a diagnostic. */
START_TEST(test_no_font)
{
	struct report	 r;
	struct audit	*a;
	FILE		*fp;
	const char	*font;

	a = check_pdf_audit("examples/fleet");
	check_pdf_report(&r, a, "evidence", check_pdf_outdir());
	font = r.font;
	r.font = NULL;
	diag_worst = DL_NOTE;
	ck_assert_ptr_nonnull(fp = tmpfile());
	ck_assert_int_eq(renderer_pdf.emit(&r, fp), -1);
	ck_assert_int_ge(diag_worst, DL_ERROR);
	fclose(fp);
	r.font = font;
	check_pdf_report_free(&r);
	tu_audit_free(a);
}
END_TEST

/*
 * qpdf --check parses every object, cross-reference and stream of each
 * layout's report: no error and no warning (qpdf exits 3 on a warning).
 */
START_TEST(test_qpdf_check)
{
	static const char *const layouts[] = {
		"compliance", "migration", "evidence"
	};
	struct report	 r;
	struct audit	*a;
	char		*pdf, *out;
	size_t		 i;

	a = check_pdf_audit("examples/fleet");
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		check_pdf_report(&r, a, layouts[i], check_pdf_outdir());
		pdf = check_pdf_emit(&r, "report.pdf");
		ck_assert_msg(tu_system("qpdf --check '%s' >/dev/null 2>&1",
		    pdf) == 0, "qpdf --check %s (%s) fails", pdf, layouts[i]);
		out = tu_output("qpdf --check '%s'", pdf);
		ck_assert_msg(strstr(out, "No syntax or stream encoding errors "
		    "found") != NULL, "%s", out);
		free(out);
		free(pdf);
		check_pdf_report_free(&r);
	}
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pdf");
	TCase	*t = tcase_create("pdf");

	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_compliance);
	tcase_add_test(t, test_charts);
	tcase_add_test(t, test_deterministic);
	tcase_add_test(t, test_utf8_host);
	tcase_add_test(t, test_detail_none);
	tcase_add_test(t, test_migration);
	tcase_add_test(t, test_evidence);
	tcase_add_test(t, test_port_status);
	tcase_add_test(t, test_user_layout);
	tcase_add_test(t, test_waivers);
	tcase_add_test(t, test_no_font);
	tcase_add_test(t, test_qpdf_check);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
