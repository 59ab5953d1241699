/*
 * End-to-end check of `portaudit audit` over the bundled example fleet:
 * the real binary writes findings.csv and inventory.csv, which are read
 * back with libcsv and judged against the stories of
 * examples/fleet/README.md; ids, order, byte-stable output, exit status
 * (--fail-on, waivers, a missing path) and formula-safe cells.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "testutil.h"

#define FLEET		"examples/fleet"
#define EPOCH		"1767225600"	/* 2026-01-01 */

/* Audit the example fleet into a new folder; its path. */
static const char *
check_audit_example(void)
{
	const char	*out = tu_outdir();

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --out %s %s",
	    out, FLEET), 0);
	return (out);
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
	static const char *const want[TU_FC__MAX] = {
		"id", "severity", "rule", "host", "site", "proto", "port",
		"service", "title", "detail", "evidence", "recommendation"
	};
	struct tu_csv	 t;
	size_t		 i;
	int		 j;

	tu_csv_report(check_audit_example(), "findings.csv", &t);
	ck_assert_int_eq(t.v[0].n, TU_FC__MAX);
	for (j = 0; j < TU_FC__MAX; j++)
		ck_assert_str_eq(t.v[0].f[j], want[j]);
	ck_assert_uint_gt(t.n, 20);
	for (i = 1; i < t.n; i++)
		ck_assert_msg(t.v[i].n == TU_FC__MAX, "row %zu has %d cells", i,
		    t.v[i].n);
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_findings_sorted)
{
	struct tu_csv		 t;
	const struct tu_csv_row	*a, *b;
	size_t			 i;
	int			 ra, rb, c, pa, pb;

	tu_csv_report(check_audit_example(), "findings.csv", &t);
	/* Severity (worst first), then host, then port. */
	for (i = 2; i < t.n; i++) {
		a = &t.v[i - 1];
		b = &t.v[i];
		ra = check_audit_sevrank(a->f[TU_FC_SEVERITY]);
		rb = check_audit_sevrank(b->f[TU_FC_SEVERITY]);
		ck_assert_msg(ra >= rb, "row %zu: %s after %s", i,
		    b->f[TU_FC_SEVERITY], a->f[TU_FC_SEVERITY]);
		if (ra != rb)
			continue;
		c = strcmp(a->f[TU_FC_HOST], b->f[TU_FC_HOST]);
		ck_assert_msg(c <= 0, "row %zu: host %s after %s", i,
		    b->f[TU_FC_HOST], a->f[TU_FC_HOST]);
		if (c != 0)
			continue;
		pa = *a->f[TU_FC_PORT] != '\0' ? atoi(a->f[TU_FC_PORT]) : -1;
		pb = *b->f[TU_FC_PORT] != '\0' ? atoi(b->f[TU_FC_PORT]) : -1;
		ck_assert_msg(pa <= pb, "row %zu: port %d after %d", i, pb,
		    pa);
	}
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_kb180795_exch01)
{
	struct tu_csv		 t;
	const struct tu_csv_row	*r;

	tu_csv_report(check_audit_example(), "findings.csv", &t);
	/* DS pinned to 1025, which Netlogon's connection took at boot. */
	r = tu_csv_finding(&t, "fixed-port-taken", "EXCH01", "1025");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[TU_FC_SEVERITY], "high");
	ck_assert_str_eq(r->f[TU_FC_SITE], "hq");
	ck_assert_str_eq(r->f[TU_FC_PROTO], "tcp");
	ck_assert_str_eq(r->f[TU_FC_SERVICE], "MSExchangeDS");
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_DETAIL], "error 1720"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE],
	    "10.10.1.21:1025        10.10.1.10:139"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE],
	    "EXCH01/registry.reg:"));
	/* The UDP 1025 socket is no evidence of a TCP clash. */
	ck_assert_ptr_null(strstr(r->f[TU_FC_EVIDENCE], "UDP"));
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_dc01_netlogon)
{
	struct tu_csv		 t;
	const struct tu_csv_row	*r;

	tu_csv_report(check_audit_example(), "findings.csv", &t);
	r = tu_csv_finding(&t, "fixed-port-taken", "DC01", "50001");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[TU_FC_SEVERITY], "critical");
	ck_assert_str_eq(r->f[TU_FC_SERVICE], "Netlogon");
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_DETAIL], "svchost.exe"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE], "10.10.1.70:8530"));
	/* NTDS on 50000 and NtFrs on 50002 listen as their owners. */
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-taken", "DC01",
	    "50000"));
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-taken", "DC01",
	    "50002"));
	tu_csv_free(&t);
}
END_TEST

/* LNX01: java's 40000 inside ip_local_port_range, 8080 reserved instead. */
START_TEST(test_lnx01_reservation)
{
	struct tu_csv		 t;
	const struct tu_csv_row	*r;
	size_t			 i, n = 0;

	tu_csv_report(check_audit_example(), "findings.csv", &t);
	r = tu_csv_finding(&t, "listener-in-ephemeral", "LNX01", "40000");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[TU_FC_SEVERITY], "medium");
	ck_assert_str_eq(r->f[TU_FC_SERVICE], "java");
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_DETAIL], "orderfeed"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE], "*:40000"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_RECOMMENDATION],
	    "ip_local_reserved_ports"));
	r = tu_csv_finding(&t, "reservation-outside-range", "LNX01", "8080");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[TU_FC_SEVERITY], "info");
	/* The trap: java's listener on 8080 is fine. */
	for (i = 1; i < t.n; i++)
		if (strcmp(t.v[i].f[TU_FC_HOST], "LNX01") == 0)
			n++;
	ck_assert_uint_eq(n, 2);
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_exch03_radix)
{
	struct tu_csv		 t;
	const struct tu_csv_row	*r;

	tu_csv_report(check_audit_example(), "findings.csv", &t);
	/* dword:00001200 = 4608 where the siblings use 1200. */
	r = tu_csv_finding(&t, "fixed-port-inconsistent", "EXCH03", "4608");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[TU_FC_SERVICE], "MSExchangeDS");
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_DETAIL], "hexadecimal 1200"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_RECOMMENDATION], "Decimal"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE], "dword:00001200"));
	/* RFC1006 1102 where EXCH01 and EXCH02 set nothing: the default 102. */
	r = tu_csv_finding(&t, "fixed-port-inconsistent", "EXCH03", "1102");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->f[TU_FC_SEVERITY], "medium");
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_DETAIL], "2 of the 3 hosts in "
	    "hq use port 102, the port MSExchangeMTA takes when the value is "
	    "not set"));
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE], "dword:0000044e"));
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_web01_clean)
{
	struct tu_csv	 t;
	size_t		 i;

	/* The control host: nothing above info. */
	tu_csv_report(check_audit_example(), "findings.csv", &t);
	for (i = 1; i < t.n; i++)
		if (strcmp(t.v[i].f[TU_FC_HOST], "WEB01") == 0)
			ck_assert_msg(strcmp(t.v[i].f[TU_FC_SEVERITY],
			    "info") == 0, "WEB01: %s %s port %s",
			    t.v[i].f[TU_FC_SEVERITY], t.v[i].f[TU_FC_RULE],
			    t.v[i].f[TU_FC_PORT]);
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_ids)
{
	struct tu_csv	 t;
	const char	*id;
	size_t		 i, j;

	tu_csv_report(check_audit_example(), "findings.csv", &t);
	for (i = 1; i < t.n; i++) {
		id = t.v[i].f[TU_FC_ID];
		ck_assert_uint_eq(strlen(id), 16);
		ck_assert_msg(strspn(id, "0123456789abcdef") == 16,
		    "id %s is not 16 hex digits", id);
		for (j = 1; j < i; j++)
			ck_assert_str_ne(id, t.v[j].f[TU_FC_ID]);
	}
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_ids_unique_across_sites)
{
	static const char reg[] =
	    "REGEDIT4\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]\r\n"
	    "\"MsmqIpPort\"=dword:0000c3b4\r\n";
	struct tu_csv	 t;
	const char	*out, *fleet;
	size_t		 i, j;

	/* Two file servers named FS01, one per site: two hosts, so two
	 * fingerprints for the same rule and port. */
	fleet = tu_fleet("hq/FS01/registry.reg", reg,
	    "branch/FS01/registry.reg", reg, NULL);
	out = tu_outdir();
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --out %s %s",
	    out, fleet), 0);
	tu_csv_report(out, "findings.csv", &t);
	ck_assert_uint_eq(t.n, 5);
	for (i = 1; i < t.n; i++)
		for (j = 1; j < i; j++)
			ck_assert_msg(strcmp(t.v[i].f[TU_FC_ID],
			    t.v[j].f[TU_FC_ID]) != 0,
			    "id %s on %s/%s and %s/%s",
			    t.v[i].f[TU_FC_ID], t.v[i].f[TU_FC_SITE],
			    t.v[i].f[TU_FC_HOST], t.v[j].f[TU_FC_SITE],
			    t.v[j].f[TU_FC_HOST]);
	tu_csv_free(&t);
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
		a = tu_slurp_text(p1, &la);
		b = tu_slurp_text(p2, &lb);
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
	struct tu_csv		 t;
	const struct tu_csv_row	*r;
	const char		*out, *pol;
	char			*policy = NULL;
	size_t			 i, len = 0;
	FILE			*fp;
	int			 ncrit = 0;

	out = check_audit_example();
	ck_assert_int_eq(tu_run_quiet(
	    "./portaudit audit --fail-on high --out %s %s", out, FLEET), 1);
	ck_assert_int_eq(tu_run_quiet(
	    "./portaudit audit --fail-on critical --out %s %s", out, FLEET),
	    1);
	/* A policy that waives every critical finding of the fleet. */
	tu_csv_report(out, "findings.csv", &t);
	fp = open_memstream(&policy, &len);
	for (i = 1; i < t.n; i++) {
		r = &t.v[i];
		if (strcmp(r->f[TU_FC_SEVERITY], "critical") != 0)
			continue;
		fprintf(fp, "[waiver critical-%d]\nrule = %s\nhost = %s\n",
		    ncrit++, r->f[TU_FC_RULE], r->f[TU_FC_HOST]);
		if (*r->f[TU_FC_PORT] != '\0')
			fprintf(fp, "port = %s\n", r->f[TU_FC_PORT]);
		fprintf(fp, "reason = accepted until the migration\n"
		    "expires = 2027-03-31\n\n");
	}
	fclose(fp);
	ck_assert_int_ge(ncrit, 3);
	pol = tu_write_temp(policy, len, "policy.ini");
	ck_assert_int_eq(tu_run_quiet(
	    "./portaudit audit --fail-on critical --policy %s --out %s %s",
	    pol, out, FLEET), 0);
	/* The waivers leave the high findings standing. */
	ck_assert_int_eq(tu_run_quiet(
	    "./portaudit audit --fail-on high --policy %s --out %s %s",
	    pol, out, FLEET), 1);
	free(policy);
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_missing_path)
{
	const char	*out = tu_outdir();

	ck_assert_int_eq(tu_run_quiet("./portaudit audit --out %s "
	    "examples/no-such-fleet", out), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --out %s "
	    "%s examples/no-such-fleet", out, FLEET), 2);
}
END_TEST

START_TEST(test_inventory_hosts)
{
	struct tu_csv	 inv, man;
	size_t		 i, j;
	int		 hostcol = -1, k, found;

	tu_csv_report(check_audit_example(), "inventory.csv", &inv);
	tu_csv_read(FLEET "/manifest.csv", &man);
	for (k = 0; k < inv.v[0].n; k++)
		if (strcmp(inv.v[0].f[k], "host") == 0)
			hostcol = k;
	ck_assert_int_ge(hostcol, 0);
	for (i = 1; i < inv.n; i++)
		ck_assert_int_eq(inv.v[i].n, inv.v[0].n);
	/* Every host of the manifest (12) has rows. */
	ck_assert_uint_eq(man.n, 13);
	for (j = 1; j < man.n; j++) {
		for (found = 0, i = 1; i < inv.n && !found; i++)
			found = strcmp(inv.v[i].f[hostcol],
			    man.v[j].f[0]) == 0;
		ck_assert_msg(found, "no inventory row for %s",
		    man.v[j].f[0]);
	}
	tu_csv_free(&inv);
	tu_csv_free(&man);
}
END_TEST

/* Assert no cell of a CSV starts as a spreadsheet formula. */
static void
check_audit_no_formula(const struct tu_csv *t, const char *what)
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
	struct tu_csv	 t;
	const char	*out, *fleet;
	size_t		 i;
	int		 quoted = 0;

	out = check_audit_example();
	tu_csv_report(out, "findings.csv", &t);
	check_audit_no_formula(&t, "findings.csv");
	tu_csv_free(&t);
	tu_csv_report(out, "inventory.csv", &t);
	check_audit_no_formula(&t, "inventory.csv");
	tu_csv_free(&t);

	/* Hostile names: a site and a host that read as formulas. */
	fleet = tu_fleet("-branch/=HYPERLINK(1)/registry.reg", reg,
	    "-branch/=HYPERLINK(1)/services", services, NULL);
	out = tu_outdir();
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --out %s '%s'",
	    out, fleet), 0);
	tu_csv_report(out, "findings.csv", &t);
	ck_assert_uint_ge(t.n, 2);
	check_audit_no_formula(&t, "findings.csv");
	for (i = 1; i < t.n; i++)
		quoted += strcmp(t.v[i].f[TU_FC_HOST], "'=HYPERLINK(1)") == 0 &&
		    strcmp(t.v[i].f[TU_FC_SITE], "'-branch") == 0;
	ck_assert_int_eq(quoted, (int)t.n - 1);
	tu_csv_free(&t);
	tu_csv_report(out, "inventory.csv", &t);
	check_audit_no_formula(&t, "inventory.csv");
	tu_csv_free(&t);
}
END_TEST

/* The index of a column of a CSV's header; fails the test otherwise. */
static int
check_audit_col(const struct tu_csv *t, const char *name)
{
	int	 k;

	for (k = 0; k < t->v[0].n; k++)
		if (strcmp(t->v[0].f[k], name) == 0)
			return (k);
	ck_abort_msg("no column %s", name);
	return (-1);
}

/* The inventory row of the setting of host that pins port, or NULL. */
static const struct tu_csv_row *
check_audit_setting(const struct tu_csv *t, const char *host,
    const char *port)
{
	int	 ch, ck, cp;
	size_t	 i;

	ch = check_audit_col(t, "host");
	ck = check_audit_col(t, "kind");
	cp = check_audit_col(t, "port");
	for (i = 1; i < t->n; i++)
		if (strcmp(t->v[i].f[ck], "setting") == 0 &&
		    strcmp(t->v[i].f[ch], host) == 0 &&
		    strcmp(t->v[i].f[cp], port) == 0)
			return (&t->v[i]);
	return (NULL);
}

/*
 * inventory.csv gives each setting what netstat shows on its port and the
 * socket line; "taken" settings are exactly the fixed-port-taken findings,
 * and a port held by its own service, or by a listener whose owner is not
 * shown, is no finding at all.
 */
START_TEST(test_inventory_port_status)
{
	static const struct {
		const char	*host, *port, *status, *evidence;
	} want[] = {
		{ "DC01", "50000", "listening, as pinned",
		    "hq/DC01/netstat.txt:52:   TCP    0.0.0.0:50000" },
		{ "DC01", "3389", "listening, as pinned",
		    "hq/DC01/netstat.txt:25:   TCP    0.0.0.0:3389" },
		{ "EXCH02", "1200", "listening, owner not shown",
		    "hq/EXCH02/netstat.txt:13:   TCP    0.0.0.0:1200" },
		{ "SQL01", "1433", "listening, owner not shown",
		    "hq/SQL01/netstat.txt:7:   TCP    0.0.0.0:1433" },
		{ "DC01", "50001", "taken by something else",
		    "hq/DC01/netstat.txt:73:   TCP    10.10.1.10:50001" },
		{ "FS01", "50100", "not listening", "" }
	};
	struct tu_csv		 inv, fc;
	const struct tu_csv_row	*r, *f;
	const char		*out;
	size_t			 i;
	int			 cs, ce, ch, ck, cp, taken = 0;

	out = check_audit_example();
	tu_csv_report(out, "inventory.csv", &inv);
	tu_csv_report(out, "findings.csv", &fc);
	cs = check_audit_col(&inv, "status");
	ce = check_audit_col(&inv, "evidence");
	ch = check_audit_col(&inv, "host");
	ck = check_audit_col(&inv, "kind");
	cp = check_audit_col(&inv, "port");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		r = check_audit_setting(&inv, want[i].host, want[i].port);
		ck_assert_msg(r != NULL, "no setting %s %s", want[i].host,
		    want[i].port);
		ck_assert_str_eq(r->f[cs], want[i].status);
		if (*want[i].evidence == '\0')
			ck_assert_str_eq(r->f[ce], "");
		else
			ck_assert_msg(strstr(r->f[ce], want[i].evidence) !=
			    NULL, "%s %s: evidence %s", want[i].host,
			    want[i].port, r->f[ce]);
	}
	for (i = 1; i < inv.n; i++) {
		r = &inv.v[i];
		if (strcmp(r->f[ck], "setting") != 0) {
			ck_assert_str_eq(r->f[cs], "");
			continue;
		}
		f = tu_csv_finding(&fc, "fixed-port-taken", r->f[ch],
		    r->f[cp]);
		ck_assert_msg((f != NULL) == (strcmp(r->f[cs],
		    "taken by something else") == 0), "%s %s: %s, finding %s",
		    r->f[ch], r->f[cp], r->f[cs], f != NULL ? "raised" :
		    "absent");
		taken += f != NULL;
	}
	ck_assert_int_eq(taken, 2);
	/* No fixed-port-taken finding is a mere note any more. */
	for (i = 1; i < fc.n; i++)
		if (strcmp(fc.v[i].f[TU_FC_RULE], "fixed-port-taken") == 0)
			ck_assert_str_ne(fc.v[i].f[TU_FC_SEVERITY], "info");
	tu_csv_free(&inv);
	tu_csv_free(&fc);
}
END_TEST

/* How many settings of inventory.csv have that status. */
static int
check_audit_nstatus(const struct tu_csv *inv, const char *status)
{
	size_t	 i;
	int	 cs, n = 0;

	cs = check_audit_col(inv, "status");
	for (i = 1; i < inv->n; i++)
		n += strcmp(inv->v[i].f[cs], status) == 0;
	return (n);
}

/* A text file with its line ends as blanks, so phrases match across
 * wrapped lines (malloc'd). */
static char *
check_audit_flat(const char *path)
{
	char	*t, *p;

	t = tu_slurp_text(path, NULL);
	for (p = t; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	return (t);
}

/* The number right after the first occurrence of before in text, or -1. */
static long
check_audit_number_after(const char *text, const char *before)
{
	const char	*p;

	if ((p = strstr(text, before)) == NULL)
		return (-1);
	return (strtol(p + strlen(before), NULL, 10));
}

/*
 * The example fleet's README and the project's README give the figures
 * the audit gives: the findings count, and the pinned ports by status
 * (the README's table rows "| status | count |").
 */
START_TEST(test_readme_figures)
{
	static const char *const statuses[] = {
		"listening, as pinned", "listening, owner not shown",
		"not listening", "taken by something else"
	};
	struct tu_csv	 inv, fc;
	const char	*out;
	char		*fleet, *top, row[128], *err, want[256];
	size_t		 i;
	int		 n, total = 0;

	out = check_audit_example();
	tu_csv_report(out, "inventory.csv", &inv);
	tu_csv_report(out, "findings.csv", &fc);
	fleet = check_audit_flat(FLEET "/README.md");
	top = check_audit_flat("README.md");
	ck_assert_int_eq(check_audit_number_after(fleet, "the fleet gives **"),
	    (long)fc.n - 1);
	ck_assert_int_eq(check_audit_number_after(top, "The fleet gives "),
	    (long)fc.n - 1);
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		n = check_audit_nstatus(&inv, statuses[i]);
		snprintf(row, sizeof(row), "| %s | ", statuses[i]);
		ck_assert_msg(check_audit_number_after(fleet, row) == n,
		    "examples/fleet/README.md: %s is not %d", row, n);
		total += n;
	}
	ck_assert_int_eq(check_audit_number_after(fleet, "over its "), total);
	snprintf(want, sizeof(want), "(%d, %d, %d and %d of the example's %d "
	    "pinned ports)", check_audit_nstatus(&inv, statuses[0]),
	    check_audit_nstatus(&inv, statuses[1]),
	    check_audit_nstatus(&inv, statuses[2]),
	    check_audit_nstatus(&inv, statuses[3]), total);
	ck_assert_msg(strstr(top, want) != NULL, "README.md lacks %s", want);

	/* The summary on standard error counts the same. */
	err = tu_output("./portaudit audit %s 2>&1 >/dev/null", FLEET);
	snprintf(want, sizeof(want), "portaudit: %zu findings:", fc.n - 1);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	snprintf(want, sizeof(want), "portaudit: %d pinned ports: %d verified, "
	    "%d owner-not-shown, 0 owner-not-known, %d not-listening, %d "
	    "taken, 0 unchecked\n", total,
	    check_audit_nstatus(&inv, statuses[0]),
	    check_audit_nstatus(&inv, statuses[1]),
	    check_audit_nstatus(&inv, statuses[2]),
	    check_audit_nstatus(&inv, statuses[3]));
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	free(err);
	free(fleet);
	free(top);
	tu_csv_free(&inv);
	tu_csv_free(&fc);
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
	tcase_add_test(tc, test_lnx01_reservation);
	tcase_add_test(tc, test_exch03_radix);
	tcase_add_test(tc, test_web01_clean);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_ids_unique_across_sites);
	tcase_add_test(tc, test_stable_output);
	tcase_add_test(tc, test_fail_on);
	tcase_add_test(tc, test_missing_path);
	tcase_add_test(tc, test_inventory_hosts);
	tcase_add_test(tc, test_inventory_port_status);
	tcase_add_test(tc, test_readme_figures);
	tcase_add_test(tc, test_formula_cells);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_audit_suite()));
}
