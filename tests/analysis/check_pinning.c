/*
 * Check suite for analysis/pinning.c: pin-pair-incomplete.  KB 224196
 * pins NTDS "TCP/IP Port" and Netlogon "DCTcpipPort" together and FRS
 * beside them; fixtures are regedit exports of the three values (as
 * port-facts.md section 2.4 gives them) and netstat -anob lines for FRS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define NTDS		TU_KEY_SVC("NTDS\\Parameters") \
			"\"TCP/IP Port\"=dword:000004b0\r\n\r\n"
#define NETLOGON	TU_KEY_SVC("Netlogon\\Parameters") \
			"\"DCTcpipPort\"=dword:000004b1\r\n\r\n"
#define FRS		TU_KEY_SVC("NTFRS\\Parameters") \
			"\"RPC TCP/IP Port Assignment\"=dword:000004b2\r\n\r\n"
#define NETSTAT_FRS	TU_NETSTAT_ANO \
			"  TCP    0.0.0.0:88             0.0.0.0:0           " \
			"   LISTENING       584\r\n [lsass.exe]\r\n" \
			"  TCP    0.0.0.0:49705          0.0.0.0:0           " \
			"   LISTENING       1720\r\n [ntfrs.exe]\r\n"

static struct audit *
pp_audit(const char *os, const char *role, const char *reg,
    const char *netstat)
{
	char	 manifest[256];

	snprintf(manifest, sizeof(manifest), TU_MANIFEST_HDR "DC9,hq,%s,%s\r\n",
	    role, os);
	return (tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/DC9/registry.reg", reg,
	    netstat != NULL ? "hq/DC9/netstat.txt" : NULL, netstat, NULL),
	    NULL));
}

START_TEST(test_ntds_alone)
{
	static const char reg[] = TU_REG_HDR NTDS;
	struct audit	*a;
	struct finding	*f;

	a = pp_audit("Windows Server 2016", "domain-controller", reg, NULL);
	f = tu_expect(a, "pin-pair-incomplete", "DC9", 1200, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "no-netlogon");
	ck_assert_str_eq(finding_get(f, "missing"), "DCTcpipPort");
	ck_assert_str_eq(f->service, "Netlogon");
	ck_assert(tu_ev_has(f, "TCP/IP Port"));
	ck_assert_int_eq(tu_nfindings(a, "pin-pair-incomplete", NULL), 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_netlogon_alone)
{
	static const char reg[] = TU_REG_HDR NETLOGON;
	struct audit	*a;
	struct finding	*f;

	a = pp_audit("Windows Server 2016", "domain-controller", reg, NULL);
	f = tu_expect(a, "pin-pair-incomplete", "DC9", 1201, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "no-ntds");
	ck_assert_str_eq(f->service, "NTDS");
	tu_audit_free(a);
}
END_TEST

/* Both pinned: quiet unless FRS is seen or the DC predates 2008. */
START_TEST(test_pair_and_frs)
{
	static const char pair[] = TU_REG_HDR NTDS NETLOGON;
	static const char all[] = TU_REG_HDR NTDS NETLOGON FRS;
	struct audit	*a;
	struct finding	*f;

	a = pp_audit("Windows Server 2016", "domain-controller", pair, NULL);
	ck_assert_int_eq(tu_nfindings(a, "pin-pair-incomplete", NULL), 0);
	tu_audit_free(a);
	a = pp_audit("Windows Server 2016", "domain-controller", pair,
	    NETSTAT_FRS);
	f = tu_expect(a, "pin-pair-incomplete", "DC9", 1200, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "frs-dynamic");
	ck_assert_str_eq(f->service, "NTFRS");
	ck_assert(tu_ev_has(f, "0.0.0.0:49705"));
	tu_audit_free(a);
	a = pp_audit("Windows Server 2003 SP2", "domain-controller", pair,
	    NULL);
	f = tu_expect(a, "pin-pair-incomplete", "DC9", 1200, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "frs-dynamic");
	tu_audit_free(a);
	/* All three pinned: nothing. */
	a = pp_audit("Windows Server 2003 SP2", "domain-controller", all,
	    NETSTAT_FRS);
	ck_assert_int_eq(tu_nfindings(a, "pin-pair-incomplete", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* A member server's NTDS value is setting-ineffective's, not this rule's. */
START_TEST(test_member_left_alone)
{
	static const char reg[] = TU_REG_HDR NTDS;
	struct audit	*a;

	a = pp_audit("Windows Server 2016", "file-server", reg, NULL);
	ck_assert_int_eq(tu_nfindings(a, "pin-pair-incomplete", NULL), 0);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", "DC9"), 1);
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pinning");
	TCase	*tc = tcase_create("pinning");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_ntds_alone);
	tcase_add_test(tc, test_netlogon_alone);
	tcase_add_test(tc, test_pair_and_frs);
	tcase_add_test(tc, test_member_left_alone);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
