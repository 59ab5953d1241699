/*
 * Check suite for analysis/firewall.c: fixed-port-outside-policy, a pinned
 * port outside the ranges the policy's [site NAME] section allows through
 * the site's firewall, per protocol (allow or allow_tcp, allow_udp).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

/* The rule under test. */
#define RULE		"fixed-port-outside-policy"

static const char check_firewall_manifest[] =
    TU_MANIFEST_HDR
    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
    "EXCH02,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n"
    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
    "DC02,branch,domain-controller,Windows Server 2012 R2\r\n";

/* DC01 and DC02: NTDS on 50000. */
static const char check_firewall_reg_ntds[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"TCP/IP Port\"=dword:0000c350\r\n";

/* EXCH02: DS on 1200. */
static const char check_firewall_reg_ds[] =
    "REGEDIT4\r\n\r\n"
    TU_KEY_SVC("MSExchangeDS\\Parameters")
    "\"TCP/IP port\"=dword:000004b0\r\n";

/* APP01: MSMQ on 1801 (TCP and UDP), its ping port on UDP 3527. */
static const char check_firewall_reg_msmq[] =
    TU_REG_HDR
    TU_KEY_MSMQ
    "\"MsmqIpPort\"=dword:00000709\r\n"
    "\"MsmqIpPingPort\"=dword:00000dc7\r\n";

/* Audit the four-host fleet with the policy text (NULL: none). */
static struct audit *
check_firewall_audit(const char *policy)
{
	const char	*dir, *pol = NULL;

	dir = tu_fleet("manifest.csv", check_firewall_manifest,
	    "hq/DC01/registry.reg", check_firewall_reg_ntds,
	    "hq/EXCH02/registry.reg", check_firewall_reg_ds,
	    "hq/APP01/registry.reg", check_firewall_reg_msmq,
	    "branch/DC02/registry.reg", check_firewall_reg_ntds, NULL);
	if (policy != NULL)
		pol = tu_write_temp(policy, strlen(policy), "policy.ini");
	return (tu_audit_dir(dir, pol));
}

START_TEST(test_allow_tcp)
{
	static const char policy[] =
	    "; hq firewall: RPC to the 1200s and the Rpc\\Internet pool\n"
	    "[site hq]\n"
	    "allow = 1024-1300, 5000-5100\n"
	    "allow_udp = 1024-1300, 1801, 3527\n";
	struct audit	*a;
	struct finding	*f;

	a = check_firewall_audit(policy);
	ck_assert_ptr_nonnull(a->policy);
	f = tu_finding_proto(a, RULE, "DC01", 50000, PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	ck_assert_str_eq(f->service, "NTDS");
	ck_assert_str_eq(finding_get(f, "site"), "hq");
	ck_assert_uint_eq(f->nev, 1);
	ck_assert_uint_eq(f->ev[0].line, 4);
	/* 1200 is allowed. */
	ck_assert_int_eq(tu_nfindings(a, RULE, "EXCH02"), 0);
	/* MSMQ 1801/tcp is outside allow; 1801/udp and 3527/udp inside
	 * allow_udp. */
	ck_assert_ptr_nonnull(tu_finding_proto(a, RULE, "APP01", 1801,
	    PROTO_TCP));
	ck_assert_int_eq(tu_nfindings(a, RULE, "APP01"), 1);
	/* The policy says nothing of branch. */
	ck_assert_int_eq(tu_nfindings(a, RULE, "DC02"), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_allow_udp)
{
	static const char narrow[] =
	    "[site hq]\n"
	    "allow_tcp = 1024-1300, 1801, 50000-50010\n"
	    "allow_udp = 1024-1300\n";
	static const char tcp_only[] =
	    "[site hq]\n"
	    "allow = 1024-1300, 1801, 50000-50010\n";
	struct audit	*a;
	struct finding	*f;

	a = check_firewall_audit(narrow);
	ck_assert_int_eq(tu_nfindings(a, RULE, NULL), 2);
	ck_assert_ptr_null(tu_finding_proto(a, RULE, "APP01", 1801,
	    PROTO_TCP));
	f = tu_finding_proto(a, RULE, "APP01", 1801, PROTO_UDP);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->service, "MSMQ");
	f = tu_finding_proto(a, RULE, "APP01", 3527, PROTO_UDP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	tu_audit_free(a);

	/* No allow_udp: the policy does not judge UDP. */
	a = check_firewall_audit(tcp_only);
	ck_assert_int_eq(tu_nfindings(a, RULE, NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_no_policy)
{
	struct audit	*a;

	a = check_firewall_audit(NULL);
	ck_assert_ptr_null(a->policy);
	ck_assert_uint_gt(a->nfindings, 0);
	ck_assert_int_eq(tu_nfindings(a, RULE, NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_firewall_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("firewall");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_allow_tcp);
	tcase_add_test(tc, test_allow_udp);
	tcase_add_test(tc, test_no_policy);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_firewall_suite()));
}
