/*
 * Check suite for analysis/rpc.c: fixed-port-in-rpc-range (a pinned port
 * inside the Rpc\Internet dynamic pool, KB 154596: the listed ports when
 * PortsInternetAvailable equals UseInternetPorts, their complement
 * otherwise) and rpc-range-small (a pool under 100 ports).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define KEY_RPC		"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\" \
			"Internet]\r\n"
#define RPC_FLAGS(avail, use) \
			"\"PortsInternetAvailable\"=\"" avail "\"\r\n" \
			"\"UseInternetPorts\"=\"" use "\"\r\n"
/* "Ports" = 5000-5100 (101 ports), as regedit wraps it. */
#define PORTS_5000_5100	"\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,31,00,30,00,30,00,00,00,\\\r\n" \
			"  00,00\r\n"
#define PORTS_5000_5099	"\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,30,00,39,00,39,00,00,00,\\\r\n" \
			"  00,00\r\n"
#define PORTS_5000_5098	"\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,30,00,39,00,38,00,00,00,\\\r\n" \
			"  00,00\r\n"
#define PORTS_5000_5050	"\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,30,00,35,00,30,00,00,00,\\\r\n" \
			"  00,00\r\n"
/* Two entries of 41 ports each, then two of 61. */
#define PORTS_2X41	"\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,30,00,34,00,30,00,00,00,\\\r\n" \
			"  36,00,30,00,30,00,30,00,2d,00,36,00,30,00,34,00,30,00,00,00,00,00\r\n"
#define PORTS_2X61	"\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,30,00,36,00,30,00,00,00,\\\r\n" \
			"  36,00,30,00,30,00,30,00,2d,00,36,00,30,00,36,00,30,00,00,00,00,00\r\n"
#define KEY_APPID(id)	"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\" \
			id "]\r\n"
#define APPID_ROUTER	"{3F2E8B14-6C1D-4E7A-9B52-0D8A41C7E6F9}"
#define APPID_BATCH	"{9C0D51A2-3B7E-4F18-8E6D-2A4B90C13F57}"
#define ENDPOINTS_5050	"\"Endpoints\"=hex(7):6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,\\\r\n" \
			"  00,63,00,70,00,2c,00,30,00,2c,00,35,00,30,00,35,00,30,00,00,00,00,00\r\n"
#define ENDPOINTS_6000	"\"Endpoints\"=hex(7):6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,\\\r\n" \
			"  00,63,00,70,00,2c,00,30,00,2c,00,36,00,30,00,30,00,30,00,00,00,00,00\r\n"
#define DCOM_ROUTER(ep)	KEY_APPID(APPID_ROUTER) \
			"@=\"Fabrikam Order Router\"\r\n" ep
#define DCOM_BATCH(ep)	KEY_APPID(APPID_BATCH) \
			"@=\"Fabrikam Batch Scheduler\"\r\n" ep
#define MANIFEST_APP1	TU_MANIFEST_HDR \
			"APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
#define MANIFEST_APP	MANIFEST_APP1 \
			"APP02,hq,app-server,Windows Server 2008 R2 SP1\r\n"

START_TEST(test_in_range_dcom_yy)
{
	static const char reg[] =
	    TU_REG_HDR
	    KEY_RPC
	    PORTS_5000_5100
	    RPC_FLAGS("Y", "Y")
	    "\r\n"
	    DCOM_ROUTER(ENDPOINTS_5050);
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_APP1,
	    "hq/APP01/registry.reg", reg, NULL), NULL);
	f = tu_expect(a, "fixed-port-in-rpc-range", "APP01", 5050, SEV_HIGH);
	ck_assert_int_eq(f->proto, PROTO_TCP);
	ck_assert_ptr_nonnull(strstr(f->service, APPID_ROUTER));
	ck_assert_str_eq(finding_get(f, "range"), "5000-5100");
	/* The Endpoints line and the Ports line. */
	ck_assert_uint_eq(f->nev, 2);
	ck_assert(tu_ev_has(f, "\"Endpoints\"=hex(7)"));
	ck_assert(tu_ev_has(f, "\"Ports\"=hex(7)"));
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-in-rpc-range", NULL), 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_in_range_msmq)
{
	static const char reg[] =
	    TU_REG_HDR
	    KEY_RPC
	    PORTS_5000_5100
	    RPC_FLAGS("Y", "Y")
	    "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]\r\n"
	    "\"MsmqIpPort\"=dword:000013c4\r\n";
	struct audit	*a;
	struct finding	*f;

	/* MsmqIpPort 5060 counts for TCP and UDP; the pool covers both. */
	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_APP1,
	    "hq/APP01/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-in-rpc-range", "APP01"),
	    2);
	f = tu_finding_proto(a, "fixed-port-in-rpc-range", "APP01", 5060,
	    PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_HIGH);
	ck_assert_str_eq(f->service, "MSMQ");
	f = tu_finding_proto(a, "fixed-port-in-rpc-range", "APP01", 5060,
	    PROTO_UDP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_HIGH);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_complement_yn)
{
	/* Y/N: the listed ports are Internet ports, servers take intranet
	 * ones, so the pool is everything but 5000-5100. */
	static const char yn[] =
	    TU_REG_HDR
	    KEY_RPC
	    PORTS_5000_5100
	    RPC_FLAGS("Y", "N")
	    "\r\n"
	    DCOM_ROUTER(ENDPOINTS_5050)
	    "\r\n"
	    DCOM_BATCH(ENDPOINTS_6000);
	/* N/N restricts to the list, like Y/Y. */
	static const char nn[] =
	    TU_REG_HDR
	    KEY_RPC
	    PORTS_5000_5100
	    RPC_FLAGS("n", "n")
	    "\r\n"
	    DCOM_ROUTER(ENDPOINTS_5050)
	    "\r\n"
	    DCOM_BATCH(ENDPOINTS_6000);
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_APP,
	    "hq/APP01/registry.reg", yn, "hq/APP02/registry.reg", nn, NULL),
	    NULL);
	f = tu_expect(a, "fixed-port-in-rpc-range", "APP01", 6000, SEV_HIGH);
	ck_assert_ptr_nonnull(strstr(f->service, APPID_BATCH));
	ck_assert_str_eq(finding_get(f, "range"), "5101-65535");
	ck_assert_ptr_null(tu_finding(a, "fixed-port-in-rpc-range", "APP01",
	    5050));
	f = tu_finding(a, "fixed-port-in-rpc-range", "APP02", 5050);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "range"), "5000-5100");
	ck_assert_ptr_null(tu_finding(a, "fixed-port-in-rpc-range", "APP02",
	    6000));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_outside_range)
{
	static const char reg[] =
	    TU_REG_HDR
	    KEY_RPC
	    PORTS_5000_5100
	    RPC_FLAGS("Y", "Y")
	    "\r\n"
	    DCOM_BATCH(ENDPOINTS_6000);
	static const char norpc[] =
	    TU_REG_HDR
	    DCOM_ROUTER(ENDPOINTS_5050);
	struct audit	*a;

	/* 6000 is above the pool; APP02 restricts nothing. */
	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_APP,
	    "hq/APP01/registry.reg", reg, "hq/APP02/registry.reg", norpc,
	    NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-in-rpc-range", NULL), 0);
	/* The settings were read. */
	ck_assert_uint_eq(a->hosts[0].settings.n, 1);
	ck_assert_uint_eq(a->hosts[1].settings.n, 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_small)
{
	static const char reg[] =
	    TU_REG_HDR
	    KEY_RPC
	    PORTS_5000_5050
	    RPC_FLAGS("Y", "Y");
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_APP1,
	    "hq/APP01/registry.reg", reg, NULL), NULL);
	/* Rpc\Internet applies to TCP and UDP alike. */
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-small", "APP01"), 2);
	f = tu_finding_proto(a, "rpc-range-small", "APP01", 5000, PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	ck_assert_ptr_null(f->service);
	ck_assert_str_eq(finding_get(f, "size"), "51");
	ck_assert_str_eq(finding_get(f, "range"), "5000-5050");
	ck_assert_str_eq(finding_get(f, "proto"), "tcp");
	ck_assert(tu_ev_has(f, "\"Ports\"=hex(7)"));
	ck_assert_ptr_nonnull(tu_finding_proto(a, "rpc-range-small", "APP01",
	    5000, PROTO_UDP));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_small_boundary)
{
	static const char p101[] =
	    TU_REG_HDR KEY_RPC PORTS_5000_5100 RPC_FLAGS("Y", "Y");
	static const char p100[] =
	    TU_REG_HDR KEY_RPC PORTS_5000_5099 RPC_FLAGS("Y", "Y");
	static const char p99[] =
	    TU_REG_HDR KEY_RPC PORTS_5000_5098 RPC_FLAGS("Y", "Y");
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP02,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP03,hq,app-server,Windows Server 2008 R2 SP1\r\n";
	struct audit	*a;
	struct finding	*f;

	/* KB 154596 asks for at least 100 ports. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", p101, "hq/APP02/registry.reg", p100,
	    "hq/APP03/registry.reg", p99, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-small", "APP01"), 0);
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-small", "APP02"), 0);
	f = tu_finding(a, "rpc-range-small", "APP03", 5000);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "size"), "99");
	/* The Y/N complement of a small list is a huge pool. */
	tu_audit_free(a);
}
END_TEST

START_TEST(test_small_sum)
{
	static const char small[] =
	    TU_REG_HDR KEY_RPC PORTS_2X41 RPC_FLAGS("Y", "Y");
	static const char enough[] =
	    TU_REG_HDR KEY_RPC PORTS_2X61 RPC_FLAGS("Y", "Y");
	static const char complement[] =
	    TU_REG_HDR KEY_RPC PORTS_2X41 RPC_FLAGS("N", "Y");
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP02,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP03,hq,app-server,Windows Server 2008 R2 SP1\r\n";
	struct audit	*a;
	struct finding	*f;

	/* The pool is the sum of its entries: 41 + 41 is small, 61 + 61
	 * is not, and the complement of 82 ports is large. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", small, "hq/APP02/registry.reg", enough,
	    "hq/APP03/registry.reg", complement, NULL), NULL);
	f = tu_finding_proto(a, "rpc-range-small", "APP01", 5000, PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "size"), "82");
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-small", "APP02"), 0);
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-small", "APP03"), 0);
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_rpc_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("rpc");
	tc = tcase_create("in-range");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_in_range_dcom_yy);
	tcase_add_test(tc, test_in_range_msmq);
	tcase_add_test(tc, test_complement_yn);
	tcase_add_test(tc, test_outside_range);
	suite_add_tcase(s, tc);
	tc = tcase_create("small");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_small);
	tcase_add_test(tc, test_small_boundary);
	tcase_add_test(tc, test_small_sum);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_rpc_suite()));
}
