/*
 * Check suite for analysis/consistency.c: fixed-port-inconsistent, one
 * setting pinned to different ports on the hosts of a site (medium) or of
 * the fleet (low), with the radix variant for a value typed in regedit's
 * hexadecimal mode (0x1200 = 4608 where 1200 was meant), and the product
 * defaults of data/defaults.csv for hosts that set no value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define KEY_SQL(inst)	"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\" \
			"Microsoft SQL Server\\" inst "\\MSSQLServer\\" \
			"SuperSocketNetLib\\Tcp\\IPAll]\r\n"
#define NT4		"exchange-5.5,Windows NT 4.0 SP6a\r\n"

static const char check_consistency_manifest_hq[] =
    TU_MANIFEST_HDR
    "EXCH01,hq," NT4
    "EXCH02,hq," NT4
    "EXCH03,hq," NT4;

/* A version 5 export of an RDP listener port, and the legacy key too. */
static const char *
check_consistency_reg_rdp(char *buf, size_t len, unsigned port,
    unsigned legacy)
{
	int	 n;

	n = snprintf(buf, len, TU_REG_HDR
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:%08x\r\n", port);
	if (legacy != 0)
		snprintf(buf + n, len - n, "\r\n"
		    TU_KEY_TS("Wds\\rdpwd\\Tds\\tcp")
		    "\"PortNumber\"=dword:%08x\r\n", legacy);
	return (buf);
}

#define KEY_MTA		TU_KEY_SVC("MSExchangeMTA\\Parameters")
#define MTA_DB		"\"MTA database path\"=\"D:\\\\exchsrvr\\\\MTADATA\"\r\n"

/* The MTA's key without the RFC1006 value: the default port 102. */
static const char check_consistency_mta_default[] =
    TU_REG_HDR KEY_MTA MTA_DB;

static const char check_consistency_mta_1102[] =
    TU_REG_HDR KEY_MTA MTA_DB "\"RFC1006 Port Number\"=dword:0000044e\r\n";

static const char check_consistency_mta_102[] =
    TU_REG_HDR KEY_MTA MTA_DB "\"RFC1006 Port Number\"=dword:00000066\r\n";

/* No MTA at all: only the DS key. */
static const char check_consistency_no_mta[] =
    TU_REG_HDR TU_KEY_SVC("MSExchangeDS\\Parameters")
    "\"TCP/IP Port\"=dword:000004b0\r\n";

static struct audit *
check_consistency_mta(const char *r1, const char *r2, const char *r3)
{
	return (tu_audit_dir(tu_fleet(
	    "manifest.csv", check_consistency_manifest_hq,
	    "hq/EXCH01/registry.reg", r1, "hq/EXCH02/registry.reg", r2,
	    "hq/EXCH03/registry.reg", r3, NULL), NULL));
}

/* Two MTAs on the default 102 outvote one pinned to 1102 (EXCH03). */
START_TEST(test_default_outvotes)
{
	struct audit	*a;
	struct finding	*f;

	a = check_consistency_mta(check_consistency_mta_default,
	    check_consistency_mta_default, check_consistency_mta_1102);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 1);
	f = tu_expect(a, "fixed-port-inconsistent", "EXCH03", 1102, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "default");
	ck_assert_str_eq(finding_get(f, "usual"), "102");
	ck_assert_str_eq(finding_get(f, "count"), "2");
	ck_assert_str_eq(finding_get(f, "total"), "3");
	ck_assert_str_eq(finding_get(f, "default_source"), "KB 161931");
	ck_assert(tu_ev_has(f, "dword:0000044e"));
	tu_audit_free(a);
}
END_TEST

/* A host without the service's key has no default; an explicit value
 * equal to the default agrees with it. */
START_TEST(test_default_needs_key)
{
	struct audit	*a;

	/* EXCH01 runs no MTA: 102 against 1102, no usual port. */
	a = check_consistency_mta(check_consistency_no_mta,
	    check_consistency_mta_102, check_consistency_mta_1102);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 0);
	tu_audit_free(a);
	/* Explicit 102 and the default 102 agree: 1102 is the odd one. */
	a = check_consistency_mta(check_consistency_mta_default,
	    check_consistency_mta_102, check_consistency_mta_1102);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 1);
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-inconsistent",
	    "EXCH03", 1102));
	tu_audit_free(a);
	/* Pinned 1102 on two hosts: the one on the default is not reported,
	 * since it pins nothing. */
	a = check_consistency_mta(check_consistency_mta_default,
	    check_consistency_mta_1102, check_consistency_mta_1102);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_site_deviation)
{
	struct audit	*a;
	struct finding	*f;
	char		 r1[512], r2[512], r3[512];

	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_consistency_manifest_hq,
	    "hq/EXCH01/registry.reg",
	    tu_reg_ds(r1, sizeof(r1), 1200),
	    "hq/EXCH02/registry.reg",
	    tu_reg_ds(r2, sizeof(r2), 1200),
	    "hq/EXCH03/registry.reg",
	    tu_reg_ds(r3, sizeof(r3), 1300), NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 1);
	f = tu_expect(a, "fixed-port-inconsistent", "EXCH03", 1300, SEV_MEDIUM);
	ck_assert_str_eq(f->service, "MSExchangeDS");
	ck_assert_str_eq(finding_get(f, "variant"), "differs");
	ck_assert_str_eq(finding_get(f, "scope"), "hq");
	ck_assert_str_eq(finding_get(f, "usual"), "1200");
	ck_assert_str_eq(finding_get(f, "count"), "2");
	ck_assert_str_eq(finding_get(f, "total"), "3");
	ck_assert_uint_eq(f->nev, 1);
	ck_assert_ptr_nonnull(strstr(f->ev[0].text, "dword:00000514"));
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", "EXCH01"),
	    0);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", "EXCH02"),
	    0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_radix_slip)
{
	struct audit	*a;
	struct finding	*f;
	char		 r1[512], r2[512], r3[512];

	/* 1200 typed in regedit's hex mode: dword:00001200 = 4608. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_consistency_manifest_hq,
	    "hq/EXCH01/registry.reg",
	    tu_reg_ds(r1, sizeof(r1), 1200),
	    "hq/EXCH02/registry.reg",
	    tu_reg_ds(r2, sizeof(r2), 1200),
	    "hq/EXCH03/registry.reg",
	    tu_reg_ds(r3, sizeof(r3), 0x1200), NULL), NULL);
	f = tu_expect(a, "fixed-port-inconsistent", "EXCH03", 4608, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "radix");
	ck_assert_str_eq(finding_get(f, "usual"), "1200");
	ck_assert_str_eq(finding_get(f, "usual_hex"), "1200");
	ck_assert_ptr_nonnull(strstr(f->ev[0].text, "dword:00001200"));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_no_majority)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "EXCH01,hq," NT4
	    "EXCH02,hq," NT4;
	struct audit	*a;
	char		 r1[512], r2[512];

	/* One against one: neither is the usual port. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH01/registry.reg",
	    tu_reg_ds(r1, sizeof(r1), 1200),
	    "hq/EXCH02/registry.reg",
	    tu_reg_ds(r2, sizeof(r2), 1300), NULL), NULL);
	ck_assert_uint_eq(a->nhosts, 2);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_fleet_scope)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "EXCH01,hq," NT4
	    "EXCH04,branch," NT4
	    "EXCH07,lab," NT4;
	struct audit	*a;
	struct finding	*f;
	char		 r1[512], r2[512], r3[512];

	/* One host per site: no site has a usual port, the fleet has. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH01/registry.reg",
	    tu_reg_ds(r1, sizeof(r1), 1200),
	    "branch/EXCH04/registry.reg",
	    tu_reg_ds(r2, sizeof(r2), 1200),
	    "lab/EXCH07/registry.reg",
	    tu_reg_ds(r3, sizeof(r3), 1300), NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 1);
	f = tu_expect(a, "fixed-port-inconsistent", "EXCH07", 1300, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "scope"), "the fleet");
	ck_assert_str_eq(finding_get(f, "count"), "2");
	ck_assert_str_eq(finding_get(f, "total"), "3");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_dynamic_ports_ignored)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "SQL01,hq,sql-server,Windows Server 2016\r\n"
	    "SQL02,hq,sql-server,Windows Server 2016\r\n"
	    "SQL03,hq,sql-server,Windows Server 2016\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 r[3][1024];
	const char	*dyn[3] = { "49703", "49703", "49811" };
	const char	*fixed[3] = { "1433", "1433", "1533" };
	int		 i;

	/* Persisted dynamic ports differ by design; static ones do not. */
	for (i = 0; i < 3; i++)
		snprintf(r[i], sizeof(r[i]),
		    TU_REG_HDR
		    KEY_SQL("MSSQL13.REPORTS")
		    "\"TcpDynamicPorts\"=\"%s\"\r\n"
		    "\"TcpPort\"=\"\"\r\n\r\n"
		    KEY_SQL("MSSQL13.MSSQLSERVER")
		    "\"TcpDynamicPorts\"=\"\"\r\n"
		    "\"TcpPort\"=\"%s\"\r\n", dyn[i], fixed[i]);
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SQL01/registry.reg", r[0], "hq/SQL02/registry.reg", r[1],
	    "hq/SQL03/registry.reg", r[2], NULL), NULL);
	ck_assert_ptr_null(tu_finding(a, "fixed-port-inconsistent", "SQL03",
	    49811));
	f = tu_finding(a, "fixed-port-inconsistent", "SQL03", 1533);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->service, "MSSQL13.MSSQLSERVER");
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-inconsistent", NULL), 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_host_counted_once_tie)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP02,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP03,hq,app-server,Windows Server 2008 R2 SP1\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 r1[1024], r2[1024], r3[1024];

	/* APP01's script set RDP to 3390 in both keys; its two siblings
	 * use 3389.  Two hosts of three use 3389, whatever APP01 wrote
	 * twice. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg",
	    check_consistency_reg_rdp(r1, sizeof(r1), 3390, 3390),
	    "hq/APP02/registry.reg",
	    check_consistency_reg_rdp(r2, sizeof(r2), 3389, 0),
	    "hq/APP03/registry.reg",
	    check_consistency_reg_rdp(r3, sizeof(r3), 3389, 0), NULL), NULL);
	f = tu_finding(a, "fixed-port-inconsistent", "APP01", 3390);
	ck_assert_msg(f != NULL, "no finding: APP01's two 3390 values "
	    "were counted as two hosts and tie the two 3389 hosts");
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "usual"), "3389");
	ck_assert_str_eq(finding_get(f, "count"), "2");
	ck_assert_str_eq(finding_get(f, "total"), "3");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_host_counted_once_total)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "SQL01,hq,sql-server,Windows Server 2016\r\n"
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "WEB01,hq,web-server,Windows Server 2019\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 r1[1024], r2[1024], r3[1024], r4[1024];

	/* The example fleet's SQL01: RDP moved to 3390, the legacy key
	 * still 3389.  hq has four RDP hosts, three of them on 3389. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SQL01/registry.reg",
	    check_consistency_reg_rdp(r1, sizeof(r1), 3390, 3389),
	    "hq/DC01/registry.reg",
	    check_consistency_reg_rdp(r2, sizeof(r2), 3389, 0),
	    "hq/APP01/registry.reg",
	    check_consistency_reg_rdp(r3, sizeof(r3), 3389, 0),
	    "hq/WEB01/registry.reg",
	    check_consistency_reg_rdp(r4, sizeof(r4), 3389, 0), NULL), NULL);
	f = tu_finding(a, "fixed-port-inconsistent", "SQL01", 3390);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "usual"), "3389");
	ck_assert_str_eq(finding_get(f, "count"), "3");
	ck_assert_str_eq(finding_get(f, "total"), "4");
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_consistency_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("consistency");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_site_deviation);
	tcase_add_test(tc, test_radix_slip);
	tcase_add_test(tc, test_no_majority);
	tcase_add_test(tc, test_fleet_scope);
	tcase_add_test(tc, test_dynamic_ports_ignored);
	tcase_add_test(tc, test_host_counted_once_tie);
	tcase_add_test(tc, test_host_counted_once_total);
	tcase_add_test(tc, test_default_outvotes);
	tcase_add_test(tc, test_default_needs_key);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_consistency_suite()));
}
