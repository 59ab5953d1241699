/*
 * End-to-end check of `portaudit audit --baseline` and `--history` and of
 * `portaudit history`: the real binary audits a copy of the example fleet,
 * the copy is changed (DC01's netstat capture dropped, EXCH02's directory
 * port moved from 1200 to 1300), and the second audit is compared with the
 * first.  Every report is read back: findings.csv with libcsv, JSON and
 * SARIF with jansson, the PDF with pdftotext, the history list as CSV.
 * The expected changes come from the two findings.csv files' ids.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "testutil.h"

#define CC_EPOCH1	"1764547200"	/* 2025-12-01 */
#define CC_EPOCH2	"1765152000"	/* 2025-12-08 */
#define CC_FC_CHANGE	TU_FC__MAX	/* the column --baseline adds */

/* A copy of the example fleet in a temporary folder; its path. */
static const char *
cc_fleet(void)
{
	static char	 buf[4][4096];
	static int	 slot;
	char		*p = buf[slot++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/fleet", tu_fleet("README", "x\n",
	    NULL));
	ck_assert_int_eq(tu_run_quiet("cp -R examples/fleet %s", p), 0);
	return (p);
}

/* Drop DC01's netstat capture and move EXCH02's DS from 1200 to 1300. */
static void
cc_change(const char *fleet)
{
	ck_assert_int_eq(tu_run_quiet("rm %s/hq/DC01/netstat.txt", fleet), 0);
	ck_assert_int_eq(tu_run_quiet("sed -i 's/dword:000004b0/dword:00000514/' "
	    "%s/hq/EXCH02/registry.reg", fleet), 0);
	ck_assert_int_eq(tu_run_quiet("grep -q 'dword:00000514' "
	    "%s/hq/EXCH02/registry.reg", fleet), 0);
}

/* Audit at an epoch with extra options; the output folder. */
static const char *
cc_audit(const char *fleet, const char *epoch, const char *opts)
{
	const char	*out = tu_outdir();

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", epoch, 1), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --out %s %s %s", out,
	    opts, fleet), 0);
	return (out);
}

/* Whether the first audit's findings.csv has the id. */
static int
cc_in(const struct tu_csv *t, const char *id)
{
	size_t	 i;

	for (i = 1; i < t->n; i++)
		if (strcmp(t->v[i].f[TU_FC_ID], id) == 0)
			return (1);
	return (0);
}

static const struct tu_csv_row *
cc_row(const struct tu_csv *t, const char *rule, const char *host,
    const char *port)
{
	size_t	 i;

	for (i = 1; i < t->n; i++)
		if (strcmp(t->v[i].f[TU_FC_RULE], rule) == 0 &&
		    strcmp(t->v[i].f[TU_FC_HOST], host) == 0 &&
		    strcmp(t->v[i].f[TU_FC_PORT], port) == 0)
			return (&t->v[i]);
	return (NULL);
}

struct cc_pair {
	const char	*fleet;
	const char	*a;		/* the first audit's output */
	const char	*b;		/* the second, with --baseline */
	size_t		 nnew, nresolved, nunchanged;	/* from the ids */
};

/* Two audits around the change; the expected counts from their ids. */
static void
cc_pair(struct cc_pair *p, const char *formats, const char *basefile)
{
	struct tu_csv	 a, plain;
	char		*opts;
	size_t		 i;

	memset(p, 0, sizeof(*p));
	p->fleet = cc_fleet();
	xasprintf(&opts, "--format %s", formats);
	p->a = cc_audit(p->fleet, CC_EPOCH1, opts);
	free(opts);
	cc_change(p->fleet);
	/* The second audit without a baseline: the ids it raises. */
	tu_csv_report(cc_audit(p->fleet, CC_EPOCH2, "--format csv"),
	    "findings.csv", &plain);
	tu_csv_report(p->a, "findings.csv", &a);
	for (i = 1; i < plain.n; i++)
		if (cc_in(&a, plain.v[i].f[TU_FC_ID]))
			p->nunchanged++;
		else
			p->nnew++;
	for (i = 1; i < a.n; i++)
		if (!cc_in(&plain, a.v[i].f[TU_FC_ID]))
			p->nresolved++;
	tu_csv_free(&a);
	tu_csv_free(&plain);
	xasprintf(&opts, "--format %s --baseline %s/%s", formats, p->a,
	    basefile);
	p->b = cc_audit(p->fleet, CC_EPOCH2, opts);
	free(opts);
}

START_TEST(test_baseline_csv)
{
	static const char *const order[] = { "new", "resolved", "unchanged" };
	struct cc_pair		 p;
	struct tu_csv		 a, b;
	const struct tu_csv_row	*r;
	size_t			 i, k = 0, n[3] = { 0, 0, 0 };

	cc_pair(&p, "csv", "findings.csv");
	ck_assert_uint_gt(p.nnew, 0);
	ck_assert_uint_gt(p.nresolved, 0);
	ck_assert_uint_gt(p.nunchanged, 20);
	tu_csv_report(p.a, "findings.csv", &a);
	tu_csv_report(p.b, "findings.csv", &b);
	ck_assert_int_eq(b.v[0].n, TU_FC__MAX + 1);
	ck_assert_str_eq(b.v[0].f[CC_FC_CHANGE], "change");
	for (i = 1; i < b.n; i++) {
		ck_assert_int_eq(b.v[i].n, TU_FC__MAX + 1);
		/* new, then resolved, then unchanged */
		while (k < 3 && strcmp(b.v[i].f[CC_FC_CHANGE], order[k]) != 0)
			k++;
		ck_assert_msg(k < 3, "row %zu: %s out of order", i,
		    b.v[i].f[CC_FC_CHANGE]);
		n[k]++;
		/* The mark agrees with the first audit's ids. */
		ck_assert_int_eq(cc_in(&a, b.v[i].f[TU_FC_ID]), k != 0);
	}
	ck_assert_uint_eq(n[0], p.nnew);
	ck_assert_uint_eq(n[1], p.nresolved);
	ck_assert_uint_eq(n[2], p.nunchanged);
	/* The story: the DC01 clash proof is gone, EXCH02's DS moved. */
	ck_assert_ptr_nonnull(r = cc_row(&b, "fixed-port-taken", "DC01",
	    "50001"));
	ck_assert_str_eq(r->f[CC_FC_CHANGE], "resolved");
	ck_assert_str_eq(r->f[TU_FC_SEVERITY], "critical");
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE], "netstat.txt:73:"));
	ck_assert_ptr_nonnull(r = cc_row(&b, "fixed-port-in-ephemeral",
	    "EXCH02", "1300"));
	ck_assert_str_eq(r->f[CC_FC_CHANGE], "new");
	ck_assert_ptr_nonnull(r = cc_row(&b, "fixed-port-in-ephemeral",
	    "EXCH02", "1200"));
	ck_assert_str_eq(r->f[CC_FC_CHANGE], "resolved");
	ck_assert_ptr_nonnull(r = cc_row(&b, "fixed-port-taken", "EXCH01",
	    "1025"));
	ck_assert_str_eq(r->f[CC_FC_CHANGE], "unchanged");
	tu_csv_free(&a);
	tu_csv_free(&b);
}
END_TEST

/* A findings.json baseline says the same, to the byte. */
START_TEST(test_baseline_json_same)
{
	struct cc_pair	 p;
	char		*opts, *x, *y;
	const char	*c;
	size_t		 nx, ny;

	cc_pair(&p, "csv,json", "findings.csv");
	xasprintf(&opts, "--format csv --baseline %s/findings.json", p.a);
	c = cc_audit(p.fleet, CC_EPOCH2, opts);
	free(opts);
	xasprintf(&opts, "%s/findings.csv", p.b);
	x = tu_slurp_text(opts, &nx);
	free(opts);
	xasprintf(&opts, "%s/findings.csv", c);
	y = tu_slurp_text(opts, &ny);
	free(opts);
	ck_assert_uint_eq(nx, ny);
	ck_assert_int_eq(memcmp(x, y, nx), 0);
	free(x);
	free(y);
}
END_TEST

/* findings.json and findings.sarif carry the same changes. */
START_TEST(test_baseline_json_sarif)
{
	struct cc_pair	 p;
	json_t		*doc, *v, *f;
	json_error_t	 err;
	char		*path;
	size_t		 i, nnew = 0, nold = 0, nabsent = 0;
	const char	*s;

	cc_pair(&p, "csv,json,sarif", "findings.json");
	xasprintf(&path, "%s/findings.json", p.b);
	ck_assert_msg((doc = json_load_file(path, 0, &err)) != NULL, "%s",
	    err.text);
	free(path);
	v = json_object_get(doc, "baseline");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "new")),
	    (json_int_t)p.nnew);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "resolved")),
	    (json_int_t)p.nresolved);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "unchanged")),
	    (json_int_t)p.nunchanged);
	ck_assert_str_eq(json_string_value(json_object_get(v, "date")),
	    "2025-12-01");
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "resolved")),
	    p.nresolved);
	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		s = json_string_value(json_object_get(f, "change"));
		ck_assert_ptr_nonnull(s);
		if (strcmp(s, "new") == 0)
			nnew++;
	}
	ck_assert_uint_eq(nnew, p.nnew);
	json_decref(doc);
	xasprintf(&path, "%s/findings.sarif", p.b);
	ck_assert_ptr_nonnull(doc = json_load_file(path, 0, &err));
	free(path);
	nnew = 0;
	v = json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
	    "results");
	json_array_foreach(v, i, f) {
		s = json_string_value(json_object_get(f, "baselineState"));
		ck_assert_ptr_nonnull(s);
		nnew += strcmp(s, "new") == 0;
		nold += strcmp(s, "unchanged") == 0;
		nabsent += strcmp(s, "absent") == 0;
	}
	ck_assert_uint_eq(nnew, p.nnew);
	ck_assert_uint_eq(nold, p.nunchanged);
	ck_assert_uint_eq(nabsent, p.nresolved);
	json_decref(doc);
}
END_TEST

/* The PDF opens with the changes and marks the new findings. */
START_TEST(test_baseline_pdf)
{
	struct cc_pair	 p;
	char		*text, *x, *y;

	cc_pair(&p, "csv,pdf", "findings.csv");
	text = tu_output("pdftotext -layout %s/report.pdf -", p.b);
	ck_assert_ptr_nonnull(x = strstr(text, "Changes since the previous "
	    "audit"));
	ck_assert_ptr_nonnull(strstr(x, "Resolved findings"));
	ck_assert_ptr_nonnull(strstr(x, "fixed-port-taken"));
	ck_assert_ptr_nonnull(strstr(text, "EXCH02: Fixed port inside the "
	    "ephemeral range (new)"));
	/* The changes come before the findings. */
	ck_assert_ptr_nonnull(y = strstr(text, "\nFindings\n"));
	ck_assert_msg(x < y, "the changes come after the findings");
	free(text);
	/* Without a baseline, no such section. */
	text = tu_output("pdftotext -layout %s/report.pdf -", p.a);
	ck_assert_ptr_null(strstr(text, "Changes since"));
	ck_assert_ptr_null(strstr(text, "(new)"));
	free(text);
}
END_TEST

/* A baseline that cannot be used stops the audit before any report. */
START_TEST(test_baseline_bad)
{
	const char	*fleet = cc_fleet();
	const char	*dir = tu_fleet("x.csv", "host,site\nDC01,hq\n", NULL);
	struct stat	 st;
	char		*out;

	xasprintf(&out, "%s/out", dir);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --out %s --baseline "
	    "%s/x.csv %s", out, dir, fleet), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --out %s --baseline "
	    "%s/none.csv %s", out, dir, fleet), 2);
	free(out);
	xasprintf(&out, "%s/out/findings.csv", dir);
	ck_assert_int_eq(stat(out, &st), -1);
	free(out);
}
END_TEST

/* Two audits into a history: the list, first-seen dates, the trend. */
START_TEST(test_history)
{
	const char	*fleet = cc_fleet(), *a, *b;
	struct tu_csv	 ta, tb, list;
	char		*db, *path, *opts, *text;
	json_t		*doc, *f;
	json_error_t	 err;
	size_t		 i, nnew = 0, nres = 0;
	const char	*id, *seen;

	xasprintf(&db, "%s/audits.db", tu_fleet("README", "x\n", NULL));
	xasprintf(&opts, "--format csv,json,pdf --history %s --scope weekly",
	    db);
	a = cc_audit(fleet, CC_EPOCH1, opts);
	cc_change(fleet);
	b = cc_audit(fleet, CC_EPOCH2, opts);
	free(opts);
	tu_csv_report(a, "findings.csv", &ta);
	tu_csv_report(b, "findings.csv", &tb);
	for (i = 1; i < tb.n; i++)
		nnew += !cc_in(&ta, tb.v[i].f[TU_FC_ID]);
	for (i = 1; i < ta.n; i++)
		nres += !cc_in(&tb, ta.v[i].f[TU_FC_ID]);
	/* portaudit history --csv, read back. */
	text = tu_output("./portaudit history --csv %s", db);
	path = (char *)tu_write_temp(text, strlen(text), "list.csv");
	free(text);
	tu_csv_read(path, &list);
	ck_assert_uint_eq(list.n, 3);
	ck_assert_str_eq(list.v[0].f[12], "new");
	ck_assert_str_eq(list.v[1].f[1], "2025-12-01");
	ck_assert_str_eq(list.v[1].f[2], "weekly");
	ck_assert_str_eq(list.v[1].f[12], "");
	ck_assert_str_eq(list.v[2].f[1], "2025-12-08");
	ck_assert_int_eq(atoi(list.v[2].f[5]), (int)tb.n - 1);
	ck_assert_int_eq(atoi(list.v[2].f[12]), (int)nnew);
	ck_assert_int_eq(atoi(list.v[2].f[13]), (int)nres);
	tu_csv_free(&list);
	/* The second audit's JSON: unchanged findings seen a week ago. */
	xasprintf(&path, "%s/findings.json", b);
	ck_assert_msg((doc = json_load_file(path, 0, &err)) != NULL, "%s",
	    err.text);
	free(path);
	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		id = json_string_value(json_object_get(f, "id"));
		seen = json_string_value(json_object_get(f, "first_seen"));
		ck_assert_ptr_nonnull(seen);
		ck_assert_str_eq(seen, cc_in(&ta, id) ? "2025-12-01" :
		    "2025-12-08");
		ck_assert_int_eq(json_integer_value(json_object_get(f,
		    "days_open")), cc_in(&ta, id) ? 7 : 0);
	}
	json_decref(doc);
	/* The compliance report's trend section and chart. */
	text = tu_output("pdftotext -layout %s/report.pdf -", b);
	ck_assert_ptr_nonnull(strstr(text, "Trend over the last audits"));
	ck_assert_ptr_nonnull(strstr(text, "How long open findings have been "
	    "open"));
	ck_assert_ptr_nonnull(strstr(text, "2025-12-01"));
	/* the appendix quotes the command with its name */
	ck_assert_ptr_nonnull(strstr(text, "portaudit audit -q --out"));
	free(text);
	ck_assert_int_eq(tu_run_quiet("test -s %s/charts/trend.png && "
	    "test -s %s/charts/trend.svg", b, b), 0);
	/* One audit's findings. */
	text = tu_output("./portaudit history --audit 2 %s", db);
	ck_assert_ptr_nonnull(strstr(text, tb.v[1].f[TU_FC_ID]));
	free(text);
	tu_csv_free(&ta);
	tu_csv_free(&tb);
	free(db);
}
END_TEST

/* A run whose reports fail is not recorded; a foreign file is refused. */
START_TEST(test_history_failures)
{
	const char	*fleet = cc_fleet();
	const char	*dir = tu_fleet("file", "not a folder\n", "notes.db",
			    "not a database\n", NULL);
	char		*db, *text;

	xasprintf(&db, "%s/audits.db", dir);
	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", CC_EPOCH1, 1), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --history %s --out "
	    "%s/out %s", db, dir, fleet), 0);
	/* --out names a file: no report, and the audit is not kept. */
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --history %s --out "
	    "%s/file %s", db, dir, fleet), 2);
	text = tu_output("./portaudit history --csv %s", db);
	ck_assert_ptr_null(strstr(text, "\r\n2,"));
	ck_assert_ptr_nonnull(strstr(text, "\r\n1,"));
	free(text);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --history "
	    "%s/notes.db %s", dir, fleet), 2);
	ck_assert_int_eq(tu_run_quiet("grep -qx 'not a database' %s/notes.db",
	    dir), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit history %s/notes.db", dir), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit history %s/none.db", dir), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit history --audit 9 %s", db), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit history"), 2);
	free(db);
}
END_TEST

/* A history database or a baseline kept inside the fleet is no input. */
START_TEST(test_own_files_skipped)
{
	const char	*fleet = cc_fleet(), *out;
	json_t		*doc, *v;
	json_error_t	 err;
	const char	*why;
	char		*opts, *path;
	size_t		 i;
	int		 hist = 0, base = 0;

	xasprintf(&opts, "--format csv --history %s/hq/DC01/audits.db",
	    fleet);
	out = cc_audit(fleet, CC_EPOCH1, opts);
	free(opts);
	ck_assert_int_eq(tu_run_quiet("cp %s/findings.csv %s/hq/DC01/base.csv",
	    out, fleet), 0);
	xasprintf(&opts, "--format json --history %s/hq/DC01/audits.db "
	    "--baseline %s/hq/DC01/base.csv", fleet, fleet);
	out = cc_audit(fleet, CC_EPOCH2, opts);
	free(opts);
	xasprintf(&path, "%s/findings.json", out);
	ck_assert_msg((doc = json_load_file(path, 0, &err)) != NULL, "%s",
	    err.text);
	free(path);
	json_array_foreach(json_object_get(doc, "inputs"), i, v)
		ck_assert_ptr_null(strstr(json_string_value(json_object_get(v,
		    "path")), "/hq/DC01/audits.db"));
	json_array_foreach(json_object_get(doc, "skipped"), i, v) {
		why = json_string_value(json_object_get(v, "reason"));
		hist += strcmp(why, "the --history database") == 0;
		base += strcmp(why, "the --baseline file") == 0;
	}
	ck_assert_int_eq(hist, 1);
	ck_assert_int_eq(base, 1);
	/* Nothing was new: the baseline's own rows did not become input. */
	v = json_object_get(doc, "baseline");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "new")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "resolved")), 0);
	json_decref(doc);
}
END_TEST

static Suite *
changes_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("changes");
	tc = tcase_create("changes");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_baseline_csv);
	tcase_add_test(tc, test_baseline_json_same);
	tcase_add_test(tc, test_baseline_json_sarif);
	tcase_add_test(tc, test_baseline_pdf);
	tcase_add_test(tc, test_baseline_bad);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_history_failures);
	tcase_add_test(tc, test_own_files_skipped);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(changes_suite()));
}
