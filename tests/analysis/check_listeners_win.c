/*
 * Check suite for analysis/listeners_win.c: listener-in-ephemeral on
 * Windows.  A listener of a named image that is not a system RPC endpoint
 * (AD LDS's dsamain.exe, sqlservr.exe, an application) inside the dynamic
 * range, with no administered exclusion (KB 3039044 for the cure's
 * caveat).  Fixtures are netstat -anob output and netsh excludedportrange
 * captures written from port-facts.md sections 3.1 and 5.1; AD LDS on
 * 50000/50001 is what its setup offers when 389 and 636 are taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define LISTEN(addr, port, pid, image) \
			"  TCP    " addr ":" port "         0.0.0.0:0        " \
			"      LISTENING       " pid "\r\n [" image "]\r\n"
#define LISTEN6(port, pid, image) \
			"  TCP    [::]:" port "             [::]:0           " \
			"      LISTENING       " pid "\r\n [" image "]\r\n"
#define EXCL(rows)	"\r\nC:\\Windows\\system32>netsh int ipv4 show " \
			"excludedportrange protocol=tcp\r\n\r\n" \
			"Protocol tcp Port Exclusion Ranges\r\n\r\n" \
			"Start Port    End Port\r\n" \
			"----------    --------\r\n" rows \
			"\r\n* - Administered port exclusions.\r\n\r\n"

static const char lw_netstat[] = TU_NETSTAT_ANO
    LISTEN("0.0.0.0", "389", "2044", "dsamain.exe")	/* below the range */
    LISTEN("0.0.0.0", "49668", "640", "lsass.exe")	/* an RPC endpoint */
    LISTEN("0.0.0.0", "50000", "2044", "dsamain.exe")
    LISTEN("0.0.0.0", "50001", "2044", "dsamain.exe")
    LISTEN("127.0.0.1", "49720", "3312", "sqlservr.exe") /* the DAC */
    LISTEN("0.0.0.0", "52311", "1999", "BESClient.exe")
    LISTEN6("50000", "2044", "dsamain.exe");

static struct audit *
lw_audit(const char *os, const char *netstat, const char *excl,
    const char *reg)
{
	char	 manifest[256];

	snprintf(manifest, sizeof(manifest), TU_MANIFEST_HDR
	    "LDS9,hq,ad-lds,%s\r\n", os);
	/* tu_fleet() stops at the first NULL name: absent files go last. */
	if (excl != NULL)
		return (tu_audit_dir(tu_fleet("manifest.csv", manifest,
		    "hq/LDS9/netstat.txt", netstat,
		    "hq/LDS9/excludedportrange.txt", excl,
		    reg != NULL ? "hq/LDS9/registry.reg" : NULL, reg, NULL),
		    NULL));
	return (tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/LDS9/netstat.txt", netstat,
	    reg != NULL ? "hq/LDS9/registry.reg" : NULL, reg, NULL), NULL));
}

START_TEST(test_win_listeners)
{
	struct audit	*a;
	struct finding	*f;

	a = lw_audit("Windows Server 2019", lw_netstat, NULL, NULL);
	f = tu_expect(a, "listener-in-ephemeral", "LDS9", 50000, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "windows-adlds");
	ck_assert_str_eq(f->service, "dsamain.exe");
	ck_assert_str_eq(finding_get(f, "pid"), "2044");
	ck_assert_str_eq(finding_get(f, "range"), "49152-65535");
	/* Its IPv4 and IPv6 listeners, and the range's origin. */
	ck_assert(tu_ev_has(f, "0.0.0.0:50000"));
	ck_assert(tu_ev_has(f, "[::]:50000"));
	ck_assert_uint_eq(f->nev, 3);
	tu_expect(a, "listener-in-ephemeral", "LDS9", 50001, SEV_MEDIUM);
	f = tu_expect(a, "listener-in-ephemeral", "LDS9", 52311, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "windows");
	/* Not 389 (below), lsass (RPC), the loopback DAC. */
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 3);
	tu_audit_free(a);
}
END_TEST

/* An administered exclusion is the cure; a WinNAT block is not. */
START_TEST(test_win_excluded)
{
	struct audit	*a;

	a = lw_audit("Windows Server 2019", lw_netstat, EXCL(
	    "     50000       50001     *\r\n"
	    "     52300       52399\r\n"), NULL);
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", "LDS9",
	    50000));
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", "LDS9",
	    50001));
	ck_assert_ptr_nonnull(tu_finding(a, "listener-in-ephemeral", "LDS9",
	    52311));
	tu_audit_free(a);
}
END_TEST

/* A port the registry pins is fixed-port-in-ephemeral's. */
START_TEST(test_win_pinned)
{
	static const char netstat[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "49703", "3312", "sqlservr.exe");
	static const char reg[] = TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL13.REPORTS\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n"
	    "\"TcpDynamicPorts\"=\"49703\"\r\n\"TcpPort\"=\"\"\r\n";
	struct audit	*a;
	struct finding	*f;

	a = lw_audit("Windows Server 2016", netstat, NULL, NULL);
	f = tu_expect(a, "listener-in-ephemeral", "LDS9", 49703, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "windows-sql");
	tu_audit_free(a);
	a = lw_audit("Windows Server 2016", netstat, NULL, reg);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 0);
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-in-ephemeral", "LDS9",
	    49703));
	tu_audit_free(a);
}
END_TEST

/* Windows Server 2003: ReservedPorts is honoured and keeps the port. */
START_TEST(test_win_2003_reserved)
{
	static const char netstat[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "3000", "1288", "orders.exe");
	static const char reserved[] = TU_REG_HDR
	    TU_KEY_SVC("Tcpip\\Parameters")
	    "\"ReservedPorts\"=hex(7):33,00,30,00,30,00,30,00,2d,00,33,00,30,"
	    "00,30,00,30,00,00,00,00,00\r\n";
	struct audit	*a;

	a = lw_audit("Windows Server 2003 SP2", netstat, NULL, NULL);
	ck_assert_int_eq(tu_host(a, "LDS9")->ephemeral[PI_TCP].last, 5000);
	tu_expect(a, "listener-in-ephemeral", "LDS9", 3000, SEV_MEDIUM);
	tu_audit_free(a);
	a = lw_audit("Windows Server 2003 SP2", netstat, NULL, reserved);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 0);
	tu_audit_free(a);
	/* The same value on 2019 reserves nothing. */
	a = lw_audit("Windows Server 2019", TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "50000", "2044", "dsamain.exe"), NULL, reserved);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 1);
	tu_audit_free(a);
}
END_TEST

/* Exchange 5.5's directory is dsamain.exe too: its RPC endpoints, and
 * the rest of Exchange's (store, mad, emsmta), are not reported. */
START_TEST(test_win_exchange)
{
	static const char netstat[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "1027", "212", "mad.exe")
	    LISTEN("0.0.0.0", "1031", "260", "dsamain.exe")
	    LISTEN("0.0.0.0", "1033", "301", "store.exe")
	    LISTEN("0.0.0.0", "1035", "340", "fabagent.exe");
	static const char ds[] = TU_REG_HDR
	    TU_KEY_SVC("MSExchangeDS\\Parameters")
	    "\"TCP/IP Port\"=dword:000004b0\r\n";
	static const char lds[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "50000", "260", "dsamain.exe");
	struct audit	*a;
	struct finding	*f;

	a = lw_audit("Windows NT 4.0 SP6a", netstat, NULL, NULL);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 1);
	tu_expect(a, "listener-in-ephemeral", "LDS9", 1035, SEV_MEDIUM);
	tu_audit_free(a);
	/* Exchange 5.5 on a later Windows: the MSExchangeDS value says so. */
	a = lw_audit("Windows Server 2008 R2 SP1", lds, NULL, ds);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 0);
	tu_audit_free(a);
	a = lw_audit("Windows Server 2008 R2 SP1", lds, NULL, NULL);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 1);
	tu_audit_free(a);
	/* ADAM ran on Server 2003: its dsamain.exe is reported there. */
	a = lw_audit("Windows Server 2003 SP2", TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "3000", "260", "dsamain.exe"), NULL, NULL);
	f = tu_expect(a, "listener-in-ephemeral", "LDS9", 3000, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "windows-adlds");
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("listeners_win");
	TCase	*tc = tcase_create("listeners_win");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_win_listeners);
	tcase_add_test(tc, test_win_excluded);
	tcase_add_test(tc, test_win_pinned);
	tcase_add_test(tc, test_win_2003_reserved);
	tcase_add_test(tc, test_win_exchange);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
