/*
 * Check suite for analysis/ephemeral.c: fixed-port-in-ephemeral with its
 * variants (low-end, inside, in-use, reserved, with .nt and .legacy
 * for the pre-Vista eras), fixed-port-excluded (a
 * netsh exclusion that is not administered) and ephemeral-pressure (more
 * than half the pool in use).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define NETSH_DYN(proto, start, num) \
			"\r\nC:\\Windows\\system32>netsh int ipv4 show " \
			"dynamicport " proto "\r\n\r\n" \
			"Protocol " proto " Dynamic Port Range\r\n" \
			"---------------------------------\r\n" \
			"Start Port      : " start "\r\n" \
			"Number of Ports : " num "\r\n\r\n"
#define NETSH_EXCL_HDR	"\r\nC:\\Windows\\system32>netsh int ipv4 show " \
			"excludedportrange protocol=tcp\r\n\r\n" \
			"Protocol tcp Port Exclusion Ranges\r\n\r\n" \
			"Start Port    End Port\r\n" \
			"----------    --------\r\n"
#define NETSH_EXCL_END	"\r\n* - Administered port exclusions.\r\n\r\n"

/* FS01: MSMQ pinned to 50100 for TCP and UDP (line 4). */
static const char check_ephemeral_reg_msmq[] =
    TU_REG_HDR
    TU_KEY_MSMQ
    "\"MsmqIpPort\"=dword:0000c3b4\r\n";

static const char check_ephemeral_manifest_fs01[] =
    TU_MANIFEST_HDR "FS01,branch,file-server,Windows Server 2022\r\n";

START_TEST(test_excluded_not_administered)
{
	static const char excl[] =
	    NETSH_EXCL_HDR
	    "      5357        5357\r\n"
	    "     50060       50159\r\n"
	    "     50160       50259\r\n"
	    NETSH_EXCL_END;
	struct audit	*a;
	struct finding	*f;

	/* A WinNAT block over the pinned port: bind fails with 10013. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_ephemeral_manifest_fs01,
	    "branch/FS01/registry.reg", check_ephemeral_reg_msmq,
	    "branch/FS01/excludedportrange.txt", excl, NULL), NULL);
	f = tu_finding_proto(a, "fixed-port-excluded", "FS01", 50100,
	    PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_CRITICAL);
	ck_assert_str_eq(f->service, "MSMQ");
	ck_assert_str_eq(finding_get(f, "range"), "50060-50159");
	ck_assert_uint_eq(f->nev, 2);
	ck_assert_uint_eq(f->ev[0].line, 4);
	ck_assert_uint_eq(f->ev[1].line, 9);
	ck_assert(tu_ev_has(f, "50060       50159"));
	/* The exclusions were listed for TCP only. */
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-excluded", NULL), 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_excluded_administered)
{
	static const char excl[] =
	    NETSH_EXCL_HDR
	    "      5357        5357\r\n"
	    "     50060       50099\r\n"
	    "     50100       50100     *\r\n"
	    "     50160       50259\r\n"
	    NETSH_EXCL_END;
	struct audit	*a;
	struct finding	*f;

	/* The admin's own persistent exclusion protects the port. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_ephemeral_manifest_fs01,
	    "branch/FS01/registry.reg", check_ephemeral_reg_msmq,
	    "branch/FS01/excludedportrange.txt", excl, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-excluded", NULL), 0);
	/* ... and takes it out of automatic assignment. */
	f = tu_finding_proto(a, "fixed-port-in-ephemeral", "FS01", 50100,
	    PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "reserved");
	ck_assert(tu_ev_has(f, "50100       50100     *"));
	/* UDP has no exclusion: plainly inside the default range. */
	f = tu_finding_proto(a, "fixed-port-in-ephemeral", "FS01", 50100,
	    PROTO_UDP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "inside");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_nt4_low_end)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR "EXCH01,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 reg[512];

	/* No MaxUserPort: the NT 4.0 pool 1024-5000; 1025 goes at boot. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH01/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1025), NULL), NULL);
	f = tu_expect(a, "fixed-port-in-ephemeral", "EXCH01", 1025, SEV_HIGH);
	ck_assert_str_eq(f->service, "MSExchangeDS");
	ck_assert_str_eq(finding_get(f, "variant"), "low-end.nt");
	ck_assert_str_eq(finding_get(f, "offset"), "1");
	ck_assert_str_eq(finding_get(f, "range"), "1024-5000");
	ck_assert_ptr_nonnull(strstr(finding_get(f, "range_origin"),
	    "Windows NT 4.0"));
	/* The setting line and the stated default (no input). */
	ck_assert_uint_eq(f->nev, 2);
	ck_assert_uint_eq(f->ev[0].line, 4);
	ck_assert_ptr_null(f->ev[1].in);
	ck_assert_ptr_nonnull(strstr(f->ev[1].text, "NT 4.0"));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_nt4_inside)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR "EXCH02,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 reg[512];

	/* The 1200s, as KB 180795 suggests: inside, but not the low end. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH02/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1200), NULL), NULL);
	f = tu_expect(a, "fixed-port-in-ephemeral", "EXCH02", 1200, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "inside.nt");
	ck_assert_str_eq(finding_get(f, "offset"), "176");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_low_end_boundary)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "EXCH01,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n"
	    "EXCH02,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 r1[512], r2[512];

	/* The first 100 ports of 1024-5000 are the low end: 1024..1123. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH01/registry.reg",
	    tu_reg_ds(r1, sizeof(r1), 1123),
	    "hq/EXCH02/registry.reg",
	    tu_reg_ds(r2, sizeof(r2), 1124), NULL), NULL);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1123);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "variant"), "low-end.nt");
	ck_assert_int_eq(f->sev, SEV_HIGH);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH02", 1124);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "variant"), "inside.nt");
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_vista_in_use)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:0000c350\r\n";
	static const char dyn[] = NETSH_DYN("tcp", "49152", "16384");
	static const char busy[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       584\r\n"
	    "  TCP    10.10.1.10:49811       10.10.1.31:445         ESTABLISHED     4\r\n"
	    "  TCP    10.10.1.10:50003       10.20.1.10:1025        ESTABLISHED     584\r\n"
	    "  TCP    10.10.1.10:50004       10.20.1.10:135         TIME_WAIT       0\r\n";
	static const char calm[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       584\r\n"
	    "  TCP    10.10.1.10:49811       10.10.1.31:445         ESTABLISHED     4\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "DC03,hq,domain-controller,Windows Server 2012 R2\r\n";
	struct audit	*a;
	struct finding	*f;

	/* DC01's stack already hands out ports above the pinned one. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/DC01/registry.reg", reg, "hq/DC01/dynamicport.txt", dyn,
	    "hq/DC01/netstat.txt", busy,
	    "hq/DC03/registry.reg", reg, "hq/DC03/dynamicport.txt", dyn,
	    "hq/DC03/netstat.txt", calm, NULL), NULL);
	f = tu_expect(a, "fixed-port-in-ephemeral", "DC01", 50000, SEV_HIGH);
	ck_assert_str_eq(finding_get(f, "variant"), "in-use");
	ck_assert_str_eq(finding_get(f, "highest_used"), "50004");
	ck_assert_str_eq(finding_get(f, "used"), "3");
	ck_assert_str_eq(finding_get(f, "range"), "49152-65535");
	ck_assert_str_eq(finding_get(f, "range_origin"),
	    "Number of Ports : 16384");
	ck_assert(tu_ev_has(f, "Number of Ports : 16384"));
	/* DC03 uses nothing above 49811: inside, medium. */
	f = tu_expect(a, "fixed-port-in-ephemeral", "DC03", 50000, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "inside");
	ck_assert_str_eq(finding_get(f, "highest_used"), "49811");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_2003_reserved)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00000401\r\n"
	    "\r\n"
	    TU_KEY_SVC("Tcpip\\Parameters")
	    "\"ReservedPorts\"=hex(7):31,00,30,00,32,00,35,00,2d,00,31,00,30,00,33,00,30,00,\\\r\n"
	    "  00,00,00,00\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DC02,branch,domain-controller,Windows Server 2003 SP2\r\n";
	struct audit	*a;
	struct finding	*f;

	/* 2003 honours ReservedPorts: 1025 is kept out of wildcard binds. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "branch/DC02/registry.reg", reg, NULL), NULL);
	f = tu_expect(a, "fixed-port-in-ephemeral", "DC02", 1025, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "reserved.legacy");
	ck_assert_str_eq(finding_get(f, "range"), "1025-5000");
	ck_assert_str_eq(finding_get(f, "offset"), "0");
	ck_assert_ptr_null(finding_get(f, "ignored_reservation"));
	ck_assert(tu_ev_has(f, "\"ReservedPorts\"=hex(7)"));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_reserved_ignored_on_vista)
{
	/* The same export on a 2003 and on a 2012 DC: ReservedPorts
	 * 50000-50010, MaxUserPort 65534, NTDS on 50000. */
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:0000c350\r\n"
	    "\r\n"
	    TU_KEY_SVC("Tcpip\\Parameters")
	    "\"MaxUserPort\"=dword:0000fffe\r\n"
	    "\"ReservedPorts\"=hex(7):35,00,30,00,30,00,30,00,30,00,2d,00,35,00,30,00,30,00,\\\r\n"
	    "  31,00,30,00,00,00,00,00\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DC02,branch,domain-controller,Windows Server 2003 SP2\r\n"
	    "DC05,branch,domain-controller,Windows Server 2012 R2\r\n";
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "branch/DC02/registry.reg", reg,
	    "branch/DC05/registry.reg", reg, NULL), NULL);
	f = tu_expect(a, "fixed-port-in-ephemeral", "DC02", 50000, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "reserved.legacy");
	/* Vista and later ignore ReservedPorts (KB 812873). */
	f = tu_finding(a, "fixed-port-in-ephemeral", "DC05", 50000);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ne(f->sev, SEV_LOW);
	ck_assert_int_ge(f->sev, SEV_MEDIUM);
	ck_assert_str_ne(finding_get(f, "variant"), "reserved");
	ck_assert_str_ne(finding_get(f, "variant"), "reserved.legacy");
	ck_assert_str_eq(finding_get(f, "ignored_reservation"), "50000-50010");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_outside_range)
{
	static const char reg_dc[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00009c40\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "EXCH01,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n"
	    "EXCH02,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 r1[512], r2[512];

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/DC01/registry.reg", reg_dc,
	    "hq/EXCH01/registry.reg",
	    tu_reg_ds(r1, sizeof(r1), 5000),
	    "hq/EXCH02/registry.reg",
	    tu_reg_ds(r2, sizeof(r2), 5001), NULL), NULL);
	/* 40000 is below 49152 on 2012. */
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-in-ephemeral", "DC01"),
	    0);
	/* 5000 is the last port of the NT 4.0 pool, 5001 the first out. */
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 5000);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "variant"), "inside.nt");
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-in-ephemeral", "EXCH02"),
	    0);
	tu_audit_free(a);
}
END_TEST

/*
 * netstat -ano of WEB01 with n outbound connections from port first up,
 * plus a listener inside the range with connections it accepted.
 */
static char *
check_ephemeral_busy(int first, int n)
{
	char	*buf, *p, local[32];
	size_t	 len = 256 + (size_t)(n + 8) * 96;
	int	 i;

	p = buf = malloc(len);
	ck_assert_ptr_nonnull(buf);
	p += snprintf(p, len, "%s", TU_NETSTAT_ANO);
	p += sprintf(p, "  %-7s%-23s%-23s%-16s%d\r\n", "TCP", "0.0.0.0:60200",
	    "0.0.0.0:0", "LISTENING", 2932);
	for (i = 0; i < 3; i++)
		p += sprintf(p, "  %-7s%-23s10.10.20.%-14d%-16s%d\r\n", "TCP",
		    "10.10.1.51:60200", 14 + i, "ESTABLISHED", 2932);
	for (i = 0; i < n; i++) {
		snprintf(local, sizeof(local), "10.10.1.51:%d", first + i);
		p += sprintf(p, "  %-7s%-23s%-23s%-16s%d\r\n", "TCP", local,
		    "10.10.1.31:1433", i % 3 ? "ESTABLISHED" : "TIME_WAIT",
		    i % 3 ? 4412 : 0);
	}
	p += sprintf(p, "  %-7s%-23s%-23s%-16s%d\r\n", "UDP", "0.0.0.0:60100",
	    "*:*", "", 1104);
	return (buf);
}

/* Audit WEB01 with a 255-port TCP pool and n outbound connections. */
static struct audit *
check_ephemeral_pool(int n)
{
	static const char dyn[] = NETSH_DYN("tcp", "60000", "255");
	static const char manifest[] =
	    TU_MANIFEST_HDR "WEB01,hq,web-server,Windows Server 2019\r\n";
	struct audit	*a;
	char		*netstat;

	netstat = check_ephemeral_busy(60000, n);
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/WEB01/dynamicport.txt", dyn, "hq/WEB01/netstat.txt", netstat,
	    NULL), NULL);
	free(netstat);
	return (a);
}

START_TEST(test_pressure_over_half)
{
	struct audit	*a;
	struct finding	*f;

	a = check_ephemeral_pool(130);
	ck_assert_int_eq(tu_nfindings(a, "ephemeral-pressure", "WEB01"), 1);
	f = tu_expect(a, "ephemeral-pressure", "WEB01", -1, SEV_MEDIUM);
	ck_assert_int_eq(f->proto, PROTO_TCP);
	ck_assert_int_eq(f->port, -1);
	ck_assert_str_eq(finding_get(f, "used"), "130");
	ck_assert_str_eq(finding_get(f, "size"), "255");
	ck_assert_str_eq(finding_get(f, "percent"), "50");
	ck_assert_str_eq(finding_get(f, "range"), "60000-60254");
	ck_assert(tu_ev_has(f, "Number of Ports : 255"));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_pressure_boundary)
{
	struct audit	*a;

	/* 128 of 255 is more than half; 127 is not.  The listener on 60200
	 * and its accepted connections never count. */
	a = check_ephemeral_pool(128);
	ck_assert_int_eq(tu_nfindings(a, "ephemeral-pressure", "WEB01"), 1);
	tu_audit_free(a);
	a = check_ephemeral_pool(127);
	ck_assert_int_eq(tu_nfindings(a, "ephemeral-pressure", "WEB01"), 0);
	ck_assert_uint_eq(a->hosts[0].used_ephemeral[PI_TCP], 127);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_pressure_under_half)
{
	struct audit	*a;

	a = check_ephemeral_pool(40);
	ck_assert_int_eq(tu_nfindings(a, "ephemeral-pressure", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_ephemeral_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("ephemeral");
	tc = tcase_create("excluded");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_excluded_not_administered);
	tcase_add_test(tc, test_excluded_administered);
	suite_add_tcase(s, tc);
	tc = tcase_create("in-ephemeral");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_nt4_low_end);
	tcase_add_test(tc, test_nt4_inside);
	tcase_add_test(tc, test_low_end_boundary);
	tcase_add_test(tc, test_vista_in_use);
	tcase_add_test(tc, test_2003_reserved);
	tcase_add_test(tc, test_reserved_ignored_on_vista);
	tcase_add_test(tc, test_outside_range);
	suite_add_tcase(s, tc);
	tc = tcase_create("pressure");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pressure_over_half);
	tcase_add_test(tc, test_pressure_boundary);
	tcase_add_test(tc, test_pressure_under_half);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_ephemeral_suite()));
}
