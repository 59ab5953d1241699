/*
 * -j: the reports and the messages of `portaudit audit` are the same bytes
 * for one thread and for several, on the bundled example fleet (every
 * format, the PDF too), on a fleet from bench/genfleet (a few sites of
 * hosts with hundreds of sockets, byte-identical services files that are
 * read once), on copies of example hosts (socket lists read once and
 * shared), on the example fleet with fleet tools' exports that hold many
 * hosts each (PowerShell, osquery and Velociraptor fixtures: their hosts are
 * found and made as the files are parsed) and on the test fixtures (hostile
 * inputs, many messages).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "testutil.h"

#define EPOCH	"1767225600"	/* 2026-01-01 */

/* The files a run writes, compared one by one. */
static const char *const cj_reports[] = {
	"findings.csv", "inventory.csv", "findings.json", "findings.sarif",
	"report.pdf", NULL
};

/*
 * Audit fleet with -j jobs into dir/out (the same path each time: the PDF
 * quotes the command line), then move it to dir/jN; stderr to dir/jN.err.
 */
static void
cj_audit(const char *dir, const char *fleet, const char *formats, int jobs)
{
	char	*cmd, *bin;
	int	 st;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	if (getenv("PORTAUDIT") != NULL)
		ck_assert_int_eq(setenv("PORTAUDIT_DATADIR", "data", 0), 0);
	ck_assert_int_ge(asprintf(&cmd, "./portaudit audit -j %d "
	    "--no-progress --max-diags 0 --detail findings --format %s "
	    "--out %s/out %s", jobs, formats, dir, fleet), 0);
	bin = tu_shell(cmd);
	st = tu_system("%s >/dev/null 2>%s/j%d.err", bin, dir, jobs);
	ck_assert_msg(st == 0 || st == 1, "-j %d exited %d", jobs, st);
	ck_assert_int_eq(tu_system("mv %s/out %s/j%d", dir, dir, jobs), 0);
	free(cmd);
	free(bin);
}

/* Whether two files hold the same bytes (both must exist). */
static void
cj_same(const char *a, const char *b)
{
	unsigned char	*x, *y;
	size_t		 nx, ny;

	x = tu_slurp(a, &nx);
	y = tu_slurp(b, &ny);
	ck_assert_msg(nx == ny && memcmp(x, y, nx) == 0, "%s and %s differ", a,
	    b);
	free(x);
	free(y);
}

/* Run fleet with 1 and with jobs threads; compare reports and messages. */
static void
cj_compare(const char *fleet, const char *formats, int jobs, int msgs)
{
	const char	*dir;
	char		 a[4096], b[4096];
	struct stat	 st;
	size_t		 i, n = 0;

	dir = tu_fleet("README", "runs\n", NULL);
	cj_audit(dir, fleet, formats, 1);
	cj_audit(dir, fleet, formats, jobs);
	for (i = 0; cj_reports[i] != NULL; i++) {
		snprintf(a, sizeof(a), "%s/j1/%s", dir, cj_reports[i]);
		snprintf(b, sizeof(b), "%s/j%d/%s", dir, jobs, cj_reports[i]);
		if (stat(a, &st) == -1)
			continue;
		cj_same(a, b);
		n++;
	}
	ck_assert_uint_ge(n, 2);
	snprintf(a, sizeof(a), "%s/j1.err", dir);
	snprintf(b, sizeof(b), "%s/j%d.err", dir, jobs);
	if (msgs) {
		ck_assert_int_gt(tu_system("test $(wc -l < %s) -ge %d", a,
		    msgs) == 0, 0);
	}
	cj_same(a, b);
}

/* formats with -j 4, then the CSV with -j 2, each beside -j 1. */
static void
cj_compare_four_two(const char *fleet, const char *formats)
{
	cj_compare(fleet, formats, 4, 0);
	cj_compare(fleet, "csv", 2, 0);
}

START_TEST(test_example_fleet)
{
	cj_compare("examples/fleet", "csv,json,sarif,pdf", 4, 0);
}
END_TEST

/* A generated fleet of 120 hosts in a few sites. */
START_TEST(test_generated_fleet)
{
	const char	*fleet;

	fleet = tu_fleet_generated(120);
	cj_compare_four_two(fleet, "csv,json,sarif");
}
END_TEST

/*
 * The example fleet with fleet tools' exports: PowerShell CSV of three
 * hosts in a folder of their own, an osquery results log in hq/DC01 and a
 * Velociraptor hunt and PowerShell JSON of hosts no folder names in a site
 * of their own, between folders of servers read side by side.  Their
 * hosts are found or made while they are parsed: the same for any -j.
 */
START_TEST(test_multihost_fleet)
{
	const char	*fleet, *out;

	fleet = tu_fleet_exports();
	cj_compare_four_two(fleet, "csv,json,sarif");
	/* The exports made hosts no folder names. */
	out = tu_outdir();
	ck_assert_int_le(tu_run_quiet("./portaudit audit -j 2 --format csv "
	    "--out %s %s", out, fleet), 1);
	ck_assert_int_eq(tu_system("grep -q '^\"mail03\",' %s/inventory.csv "
	    "&& grep -q '^\"APP02\",' %s/inventory.csv", out, out), 0);
}
END_TEST

/*
 * Sixty hosts whose socket lists are the same bytes (copies of three
 * example hosts): each list is read once and shared, and its parked
 * records are read back by the threads that write the inventory side by
 * side, for hosts of different chunks at once.
 */
START_TEST(test_shared_lists)
{
	const char	*fleet;

	fleet = tu_fleet_copies(60);
	cj_compare_four_two(fleet, "csv,json");
}
END_TEST

/* Hostile fixtures: many messages, which come in input order. */
START_TEST(test_fixtures_messages)
{
	cj_compare("tests/fixtures", "csv,json", 3, 50);
}
END_TEST

/*
 * A file read before (same bytes as another host's) counts where it comes
 * among its host's files: H2's a.txt shares H1's, its b.txt comes after
 * and, as strong a source, names H2's OS; a.txt's word disagrees.
 */
START_TEST(test_shared_file_order)
{
	static const char nt4[] = "\r\nWindows NT Version 4.0\r\n";
	static const char w2003[] = "\r\nMicrosoft Windows [Version "
	    "5.2.3790]\r\n";
	const char	*fleet, *out;
	char		 path[4096];
	json_t		*doc, *hosts, *h, *os;
	json_error_t	 err;
	char		*dis;
	size_t		 i;
	int		 jobs, seen;

	fleet = tu_fleet("s/H1/a.txt", nt4, "s/H2/a.txt", nt4, "s/H2/b.txt",
	    w2003, NULL);
	for (jobs = 1; jobs <= 2; jobs++) {
		out = tu_outdir();
		ck_assert_int_eq(tu_run_quiet("./portaudit audit -j %d "
		    "--format json --out %s %s", jobs, out, fleet), 0);
		snprintf(path, sizeof(path), "%s/findings.json", out);
		ck_assert_msg((doc = json_load_file(path, 0, &err)) != NULL,
		    "%s", err.text);
		hosts = json_object_get(doc, "hosts");
		seen = 0;
		for (i = 0; i < json_array_size(hosts); i++) {
			h = json_array_get(hosts, i);
			if (strcmp(tu_json_str(h, "name"), "H2") != 0)
				continue;
			os = json_object_get(h, "os");
			ck_assert_str_eq(tu_json_str(os, "name"),
			    "Windows Server 2003");
			ck_assert_ptr_nonnull(strstr(tu_json_str(json_object_get(
			    os, "source"), "file"), "H2/b.txt"));
			dis = json_dumps(json_object_get(os, "disagreeing"),
			    JSON_ENCODE_ANY);
			ck_assert_ptr_nonnull(dis);
			ck_assert_ptr_nonnull(strstr(dis, "H2/a.txt"));
			free(dis);
			seen = 1;
		}
		ck_assert_int_eq(seen, 1);
		json_decref(doc);
	}
}
END_TEST

START_TEST(test_bad_jobs)
{
	const char	*out = tu_outdir();

	ck_assert_int_eq(tu_run_quiet("./portaudit audit -j 0 --out %s "
	    "examples/fleet", out), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --jobs many --out %s "
	    "examples/fleet", out), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -j 65 --out %s "
	    "examples/fleet", out), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit suggest -j 2 "
	    "examples/fleet"), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --jobs=2 --out %s "
	    "examples/fleet", out), 0);
}
END_TEST

static Suite *
check_jobs_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("jobs");
	tc = tcase_create("jobs");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_example_fleet);
	tcase_add_test(tc, test_generated_fleet);
	tcase_add_test(tc, test_multihost_fleet);
	tcase_add_test(tc, test_shared_lists);
	tcase_add_test(tc, test_fixtures_messages);
	tcase_add_test(tc, test_shared_file_order);
	tcase_add_test(tc, test_bad_jobs);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_jobs_suite()));
}
