/*
 * End-to-end check of `portaudit audit` over the bundled example fleet:
 * the real binary writes findings.csv and inventory.csv, which are read
 * back with libcsv and judged against the stories of
 * examples/fleet/README.md; ids, order, byte-stable output, exit status
 * (--fail-on, waivers, a missing path) and formula-safe cells.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <csv.h>

#include "portaudit.h"
#include "testutil.h"

#define FLEET		"examples/fleet"
#define EPOCH		"1767225600"	/* 2026-01-01 */
#define MAXF		32

/* Column indexes of findings.csv. */
enum {
	FC_ID, FC_SEVERITY, FC_RULE, FC_HOST, FC_SITE, FC_PROTO, FC_PORT,
	FC_SERVICE, FC_TITLE, FC_DETAIL, FC_EVIDENCE, FC_RECOMMENDATION,
	FC__MAX
};

struct check_audit_row {
	char	*f[MAXF];
	int	 n;
};

/* A CSV file read back with libcsv: header row first. */
struct check_audit_csv {
	struct check_audit_row	*v;
	size_t			 n;
	struct check_audit_row	 cur;
	int			 overflow;
};

/* libcsv field callback: keep a copy of the cell in the current row. */
static void
check_audit_cell(void *s, size_t len, void *data)
{
	struct check_audit_csv	*t = data;
	char			*p;

	if (t->cur.n == MAXF) {
		t->overflow = 1;
		return;
	}
	p = malloc(len + 1);
	ck_assert_ptr_nonnull(p);
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	t->cur.f[t->cur.n++] = p;
}

/* libcsv row callback: the current row is complete. */
static void
check_audit_endrow(int c, void *data)
{
	struct check_audit_csv	*t = data;

	(void)c;
	t->v = realloc(t->v, (t->n + 1) * sizeof(*t->v));
	ck_assert_ptr_nonnull(t->v);
	t->v[t->n++] = t->cur;
	memset(&t->cur, 0, sizeof(t->cur));
}

/* The bytes of a file (NUL-terminated); fails the test when unreadable. */
static char *
check_audit_slurp(const char *path, size_t *lenp)
{
	FILE	*fp;
	char	*buf;
	long	 len;

	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	ck_assert_int_ge(len, 0);
	rewind(fp);
	buf = malloc(len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, len, fp), (size_t)len);
	buf[len] = '\0';
	fclose(fp);
	if (lenp != NULL)
		*lenp = len;
	return (buf);
}

/* Parse a CSV file strictly with libcsv. */
static void
check_audit_read(const char *path, struct check_audit_csv *t)
{
	struct csv_parser	 p;
	char			*buf;
	size_t			 len;

	memset(t, 0, sizeof(*t));
	buf = check_audit_slurp(path, &len);
	ck_assert_int_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	ck_assert_msg(csv_parse(&p, buf, len, check_audit_cell,
	    check_audit_endrow, t) == len, "%s: %s", path,
	    csv_strerror(csv_error(&p)));
	ck_assert_int_eq(csv_fini(&p, check_audit_cell, check_audit_endrow,
	    t), 0);
	csv_free(&p);
	free(buf);
	ck_assert_int_eq(t->overflow, 0);
	ck_assert_uint_ge(t->n, 1);
}

/* Free a table read by check_audit_read(). */
static void
check_audit_free(struct check_audit_csv *t)
{
	size_t	 i;
	int	 j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->v[i].n; j++)
			free(t->v[i].f[j]);
	free(t->v);
}

/* A fresh output folder, removed with testutil's temporary folders. */
static const char *
check_audit_outdir(void)
{
	static char	 buf[4][128];
	static int	 slot;
	char		*p = buf[slot++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/out",
	    tu_fleet("README", "portaudit output folder\n", NULL));
	return (p);
}

/* Run a shell command quietly ($PORTAUDIT for ./portaudit); its status. */
static int
check_audit_system(const char *fmt, ...)
{
	va_list	 ap;
	char	*cmd, *bin, *full;
	int	 st;

	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	/* A binary outside the tree (the sanitizer build) finds no data/
	 * beside itself. */
	if (getenv("PORTAUDIT") != NULL)
		ck_assert_int_eq(setenv("PORTAUDIT_DATADIR", "data", 0), 0);
	bin = tu_shell(cmd);
	xasprintf(&full, "%s >/dev/null 2>&1", bin);
	st = system(full);
	free(cmd);
	free(bin);
	free(full);
	ck_assert_msg(st != -1 && WIFEXITED(st), "command did not run");
	return (WEXITSTATUS(st));
}

/* Audit the example fleet into a new folder; its path. */
static const char *
check_audit_example(void)
{
	const char	*out = check_audit_outdir();

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	ck_assert_int_eq(check_audit_system("./portaudit audit --out %s %s",
	    out, FLEET), 0);
	return (out);
}

/* Read OUT/name. */
static void
check_audit_report(const char *out, const char *name,
    struct check_audit_csv *t)
{
	char	*path;

	xasprintf(&path, "%s/%s", out, name);
	check_audit_read(path, t);
	free(path);
}

/* The first findings row with rule, host and port, or NULL. */
static const struct check_audit_row *
check_audit_find(const struct check_audit_csv *t, const char *rule,
    const char *host, const char *port)
{
	size_t	 i;

	for (i = 1; i < t->n; i++)
		if (strcmp(t->v[i].f[FC_RULE], rule) == 0 &&
		    strcmp(t->v[i].f[FC_HOST], host) == 0 &&
		    strcmp(t->v[i].f[FC_PORT], port) == 0)
			return (&t->v[i]);
	return (NULL);
}

/* The rank of a severity word, info 0 to critical 4. */
static int
check_audit_sevrank(const char *s)
{
	static const char *const names[] = {
		"info", "low", "medium", "high", "critical"
	};
	int	 i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return (i);
	ck_abort_msg("unknown severity %s", s);
	return (-1);
}

START_TEST(test_findings_header)
{
	static const char *const want[FC__MAX] = {
		"id", "severity", "rule", "host", "site", "proto", "port",
		"service", "title", "detail", "evidence", "recommendation"
	};
	struct check_audit_csv	 t;
	size_t			 i;
	int			 j;

	check_audit_report(check_audit_example(), "findings.csv", &t);
	ck_assert_int_eq(t.v[0].n, FC__MAX);
	for (j = 0; j < FC__MAX; j++)
		ck_assert_str_eq(t.v[0].f[j], want[j]);
	ck_assert_uint_gt(t.n, 20);
	for (i = 1; i < t.n; i++)
		ck_assert_msg(t.v[i].n == FC__MAX, "row %zu has %d cells", i,
		    t.v[i].n);
	check_audit_free(&t);
}
END_TEST

START_TEST(test_findings_sorted)
{
	struct check_audit_csv	 t;
	const struct check_audit_row *a, *b;
	size_t			 i;
	int			 ra, rb, c, pa, pb;

	check_audit_report(check_audit_example(), "findings.csv", &t);
	/* Severity (worst first), then host, then port. */
	for (i = 2; i < t.n; i++) {
		a = &t.v[i - 1];
		b = &t.v[i];
		ra = check_audit_sevrank(a->f[FC_SEVERITY]);
		rb = check_audit_sevrank(b->f[FC_SEVERITY]);
		ck_assert_msg(ra >= rb, "row %zu: %s after %s", i,
		    b->f[FC_SEVERITY], a->f[FC_SEVERITY]);
		if (ra != rb)
			continue;
		c = strcmp(a->f[FC_HOST], b->f[FC_HOST]);
		ck_assert_msg(c <= 0, "row %zu: host %s after %s", i,
		    b->f[FC_HOST], a->f[FC_HOST]);
		if (c != 0)
			continue;
		pa = *a->f[FC_PORT] != '\0' ? atoi(a->f[FC_PORT]) : -1;
		pb = *b->f[FC_PORT] != '\0' ? atoi(b->f[FC_PORT]) : -1;
		ck_assert_msg(pa <= pb, "row %zu: port %d after %d", i, pb,
		    pa);
	}
	check_audit_free(&t);
}
END_TEST

START_TEST(test_kb180795_exch01)
{
	struct check_audit_csv	 t;
	const struct check_audit_row *r;

	check_audit_report(check_audit_example(), "findings.csv", &t);
	/* DS pinned to 1025, which Netlogon's connection took at boot. */
	r = check_audit_find(&t, "fixed-port-taken", "EXCH01", "1025");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[FC_SEVERITY], "high");
	ck_assert_str_eq(r->f[FC_SITE], "hq");
	ck_assert_str_eq(r->f[FC_PROTO], "tcp");
	ck_assert_str_eq(r->f[FC_SERVICE], "MSExchangeDS");
	ck_assert_ptr_nonnull(strstr(r->f[FC_DETAIL], "error 1720"));
	ck_assert_ptr_nonnull(strstr(r->f[FC_EVIDENCE],
	    "10.10.1.21:1025        10.10.1.10:139"));
	ck_assert_ptr_nonnull(strstr(r->f[FC_EVIDENCE],
	    "EXCH01/registry.reg:"));
	/* The UDP 1025 socket is no evidence of a TCP clash. */
	ck_assert_ptr_null(strstr(r->f[FC_EVIDENCE], "UDP"));
	check_audit_free(&t);
}
END_TEST

START_TEST(test_dc01_netlogon)
{
	struct check_audit_csv	 t;
	const struct check_audit_row *r;

	check_audit_report(check_audit_example(), "findings.csv", &t);
	r = check_audit_find(&t, "fixed-port-taken", "DC01", "50001");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[FC_SEVERITY], "critical");
	ck_assert_str_eq(r->f[FC_SERVICE], "Netlogon");
	ck_assert_ptr_nonnull(strstr(r->f[FC_DETAIL], "svchost.exe"));
	ck_assert_ptr_nonnull(strstr(r->f[FC_EVIDENCE], "10.10.1.70:8530"));
	/* NTDS on 50000 and NtFrs on 50002 listen as their owners. */
	ck_assert_ptr_null(check_audit_find(&t, "fixed-port-taken", "DC01",
	    "50000"));
	ck_assert_ptr_null(check_audit_find(&t, "fixed-port-taken", "DC01",
	    "50002"));
	check_audit_free(&t);
}
END_TEST

START_TEST(test_exch03_radix)
{
	struct check_audit_csv	 t;
	const struct check_audit_row *r;

	check_audit_report(check_audit_example(), "findings.csv", &t);
	/* dword:00001200 = 4608 where the siblings use 1200. */
	r = check_audit_find(&t, "fixed-port-inconsistent", "EXCH03", "4608");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[FC_SERVICE], "MSExchangeDS");
	ck_assert_ptr_nonnull(strstr(r->f[FC_DETAIL], "hexadecimal 1200"));
	ck_assert_ptr_nonnull(strstr(r->f[FC_RECOMMENDATION], "Decimal"));
	ck_assert_ptr_nonnull(strstr(r->f[FC_EVIDENCE], "dword:00001200"));
	check_audit_free(&t);
}
END_TEST

START_TEST(test_web01_clean)
{
	struct check_audit_csv	 t;
	size_t			 i;

	/* The control host: nothing above info. */
	check_audit_report(check_audit_example(), "findings.csv", &t);
	for (i = 1; i < t.n; i++)
		if (strcmp(t.v[i].f[FC_HOST], "WEB01") == 0)
			ck_assert_msg(strcmp(t.v[i].f[FC_SEVERITY], "info") ==
			    0, "WEB01: %s %s port %s", t.v[i].f[FC_SEVERITY],
			    t.v[i].f[FC_RULE], t.v[i].f[FC_PORT]);
	check_audit_free(&t);
}
END_TEST

START_TEST(test_ids)
{
	struct check_audit_csv	 t;
	const char		*id;
	size_t			 i, j;

	check_audit_report(check_audit_example(), "findings.csv", &t);
	for (i = 1; i < t.n; i++) {
		id = t.v[i].f[FC_ID];
		ck_assert_uint_eq(strlen(id), 16);
		ck_assert_msg(strspn(id, "0123456789abcdef") == 16,
		    "id %s is not 16 hex digits", id);
		for (j = 1; j < i; j++)
			ck_assert_str_ne(id, t.v[j].f[FC_ID]);
	}
	check_audit_free(&t);
}
END_TEST

START_TEST(test_ids_unique_across_sites)
{
	static const char reg[] =
	    "REGEDIT4\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]\r\n"
	    "\"MsmqIpPort\"=dword:0000c3b4\r\n";
	struct check_audit_csv	 t;
	const char		*out, *fleet;
	size_t			 i, j;

	/* Two file servers named FS01, one per site: two hosts, so two
	 * fingerprints for the same rule and port. */
	fleet = tu_fleet("hq/FS01/registry.reg", reg,
	    "branch/FS01/registry.reg", reg, NULL);
	out = check_audit_outdir();
	ck_assert_int_eq(check_audit_system("./portaudit audit --out %s %s",
	    out, fleet), 0);
	check_audit_report(out, "findings.csv", &t);
	ck_assert_uint_eq(t.n, 5);
	for (i = 1; i < t.n; i++)
		for (j = 1; j < i; j++)
			ck_assert_msg(strcmp(t.v[i].f[FC_ID],
			    t.v[j].f[FC_ID]) != 0, "id %s on %s/%s and %s/%s",
			    t.v[i].f[FC_ID], t.v[i].f[FC_SITE],
			    t.v[i].f[FC_HOST], t.v[j].f[FC_SITE],
			    t.v[j].f[FC_HOST]);
	check_audit_free(&t);
}
END_TEST

START_TEST(test_stable_output)
{
	const char	*out1, *out2;
	char		*p1, *p2, *a, *b;
	size_t		 la, lb;
	int		 k;
	static const char *const names[] = {
		"findings.csv", "inventory.csv"
	};

	out1 = check_audit_example();
	out2 = check_audit_example();
	for (k = 0; k < 2; k++) {
		xasprintf(&p1, "%s/%s", out1, names[k]);
		xasprintf(&p2, "%s/%s", out2, names[k]);
		a = check_audit_slurp(p1, &la);
		b = check_audit_slurp(p2, &lb);
		ck_assert_uint_gt(la, 0);
		ck_assert_msg(la == lb && memcmp(a, b, la) == 0,
		    "%s differs between two runs", names[k]);
		free(a);
		free(b);
		free(p1);
		free(p2);
	}
}
END_TEST

START_TEST(test_fail_on)
{
	struct check_audit_csv	 t;
	const struct check_audit_row *r;
	const char		*out, *pol;
	char			*policy = NULL;
	size_t			 i, len = 0;
	FILE			*fp;
	int			 ncrit = 0;

	out = check_audit_example();
	ck_assert_int_eq(check_audit_system(
	    "./portaudit audit --fail-on high --out %s %s", out, FLEET), 1);
	ck_assert_int_eq(check_audit_system(
	    "./portaudit audit --fail-on critical --out %s %s", out, FLEET),
	    1);
	/* A policy that waives every critical finding of the fleet. */
	check_audit_report(out, "findings.csv", &t);
	fp = open_memstream(&policy, &len);
	for (i = 1; i < t.n; i++) {
		r = &t.v[i];
		if (strcmp(r->f[FC_SEVERITY], "critical") != 0)
			continue;
		fprintf(fp, "[waiver critical-%d]\nrule = %s\nhost = %s\n",
		    ncrit++, r->f[FC_RULE], r->f[FC_HOST]);
		if (*r->f[FC_PORT] != '\0')
			fprintf(fp, "port = %s\n", r->f[FC_PORT]);
		fprintf(fp, "reason = accepted until the migration\n"
		    "expires = 2027-03-31\n\n");
	}
	fclose(fp);
	ck_assert_int_ge(ncrit, 3);
	pol = tu_write_temp(policy, len, "policy.ini");
	ck_assert_int_eq(check_audit_system(
	    "./portaudit audit --fail-on critical --policy %s --out %s %s",
	    pol, out, FLEET), 0);
	/* The waivers leave the high findings standing. */
	ck_assert_int_eq(check_audit_system(
	    "./portaudit audit --fail-on high --policy %s --out %s %s",
	    pol, out, FLEET), 1);
	free(policy);
	check_audit_free(&t);
}
END_TEST

START_TEST(test_missing_path)
{
	const char	*out = check_audit_outdir();

	ck_assert_int_eq(check_audit_system("./portaudit audit --out %s "
	    "examples/no-such-fleet", out), 2);
	ck_assert_int_eq(check_audit_system("./portaudit audit --out %s "
	    "%s examples/no-such-fleet", out, FLEET), 2);
}
END_TEST

START_TEST(test_inventory_hosts)
{
	struct check_audit_csv	 inv, man;
	size_t			 i, j;
	int			 hostcol = -1, k, found;

	check_audit_report(check_audit_example(), "inventory.csv", &inv);
	check_audit_read(FLEET "/manifest.csv", &man);
	for (k = 0; k < inv.v[0].n; k++)
		if (strcmp(inv.v[0].f[k], "host") == 0)
			hostcol = k;
	ck_assert_int_ge(hostcol, 0);
	for (i = 1; i < inv.n; i++)
		ck_assert_int_eq(inv.v[i].n, inv.v[0].n);
	/* Every host of the manifest (11) has rows. */
	ck_assert_uint_eq(man.n, 12);
	for (j = 1; j < man.n; j++) {
		for (found = 0, i = 1; i < inv.n && !found; i++)
			found = strcmp(inv.v[i].f[hostcol],
			    man.v[j].f[0]) == 0;
		ck_assert_msg(found, "no inventory row for %s",
		    man.v[j].f[0]);
	}
	check_audit_free(&inv);
	check_audit_free(&man);
}
END_TEST

/* Assert no cell of a CSV starts as a spreadsheet formula. */
static void
check_audit_no_formula(const struct check_audit_csv *t, const char *what)
{
	size_t	 i;
	int	 j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->v[i].n; j++)
			ck_assert_msg(strchr("=+-@", t->v[i].f[j][0]) == NULL ||
			    t->v[i].f[j][0] == '\0', "%s row %zu cell %d "
			    "starts a formula: %.40s", what, i, j,
			    t->v[i].f[j]);
}

START_TEST(test_formula_cells)
{
	static const char reg[] =
	    "REGEDIT4\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
	    "NTDS\\Parameters]\r\n"
	    "\"TCP/IP Port\"=dword:00065534\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
	    "Netlogon\\Parameters]\r\n"
	    "\"DCTcpipPort\"=dword:00000401\r\n";
	static const char services[] =
	    "=cmd|' /C calc'!A0 1025/tcp    # +evil\r\n"
	    "@SUM(1+1)          1026/tcp\r\n";
	struct check_audit_csv	 t;
	const char		*out, *fleet;
	size_t			 i;
	int			 quoted = 0;

	out = check_audit_example();
	check_audit_report(out, "findings.csv", &t);
	check_audit_no_formula(&t, "findings.csv");
	check_audit_free(&t);
	check_audit_report(out, "inventory.csv", &t);
	check_audit_no_formula(&t, "inventory.csv");
	check_audit_free(&t);

	/* Hostile names: a site and a host that read as formulas. */
	fleet = tu_fleet("-branch/=HYPERLINK(1)/registry.reg", reg,
	    "-branch/=HYPERLINK(1)/services", services, NULL);
	out = check_audit_outdir();
	ck_assert_int_eq(check_audit_system("./portaudit audit --out %s '%s'",
	    out, fleet), 0);
	check_audit_report(out, "findings.csv", &t);
	ck_assert_uint_ge(t.n, 2);
	check_audit_no_formula(&t, "findings.csv");
	for (i = 1; i < t.n; i++)
		quoted += strcmp(t.v[i].f[FC_HOST], "'=HYPERLINK(1)") == 0 &&
		    strcmp(t.v[i].f[FC_SITE], "'-branch") == 0;
	ck_assert_int_eq(quoted, (int)t.n - 1);
	check_audit_free(&t);
	check_audit_report(out, "inventory.csv", &t);
	check_audit_no_formula(&t, "inventory.csv");
	check_audit_free(&t);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_audit_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("audit");
	tc = tcase_create("example-fleet");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_findings_header);
	tcase_add_test(tc, test_findings_sorted);
	tcase_add_test(tc, test_kb180795_exch01);
	tcase_add_test(tc, test_dc01_netlogon);
	tcase_add_test(tc, test_exch03_radix);
	tcase_add_test(tc, test_web01_clean);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_ids_unique_across_sites);
	tcase_add_test(tc, test_stable_output);
	tcase_add_test(tc, test_fail_on);
	tcase_add_test(tc, test_missing_path);
	tcase_add_test(tc, test_inventory_hosts);
	tcase_add_test(tc, test_formula_cells);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(check_audit_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed ? 1 : 0);
}
