/*
 * Check suite for analysis/ineffective.c: setting-ineffective with its four
 * variants (ReservedPorts and MaxUserPort on Vista and later, KB 812873 and
 * KB 929851; the NTDS port on a member server, KB 224196; a DFSR port on a
 * 2008 or 2008 R2 domain controller, which keeps 5722), each against the
 * host where the same value does work.  Fixtures are regedit exports and
 * netstat -ano output written from port-facts.md sections 2.9 and 5.1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define KEY_TCPIP	TU_KEY_SVC("Tcpip\\Parameters")
/* ReservedPorts "50000-50001" and "4000" as regedit writes REG_MULTI_SZ. */
#define RESERVED	"\"ReservedPorts\"=hex(7):35,00,30,00,30,00,30,00,30,00," \
			"2d,00,35,00,30,00,30,00,30,00,31,00,00,00,34,00,30,00," \
			"30,00,30,00,00,00,00,00\r\n"
#define MAXUSER		"\"MaxUserPort\"=dword:0000fffe\r\n"
#define NTDS_50000	TU_KEY_SVC("NTDS\\Parameters") \
			"\"TCP/IP Port\"=dword:0000c350\r\n\r\n"
#define DFSR_5800	TU_KEY_SVC("DFSR\\Parameters") \
			"\"RPC TCP/IP Port Assignment\"=dword:000016a8\r\n\r\n"

static struct audit *
ie_audit(const char *os, const char *role, const char *reg,
    const char *netstat)
{
	char	 manifest[256];

	snprintf(manifest, sizeof(manifest), TU_MANIFEST_HDR "SRV1,hq,%s,%s\r\n",
	    role, os);
	return (tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SRV1/registry.reg", reg,
	    netstat != NULL ? "hq/SRV1/netstat.txt" : NULL, netstat, NULL),
	    NULL));
}

START_TEST(test_reservedports_vista)
{
	static const char reg[] = TU_REG_HDR KEY_TCPIP RESERVED;
	struct audit	*a;
	struct finding	*f;

	a = ie_audit("Windows Server 2019", "app-server", reg, NULL);
	f = tu_expect(a, "setting-ineffective", "SRV1", 50000, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "reservedports");
	ck_assert_str_eq(finding_get(f, "reserved"), "50000-50001, 4000");
	ck_assert_str_eq(finding_get(f, "os"), "Windows Server 2019");
	ck_assert(tu_ev_has(f, "ReservedPorts"));
	/* One value, one finding, whatever the entries and protocols. */
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 1);
	tu_audit_free(a);
	/* 2003 honours the value. */
	a = ie_audit("Windows Server 2003 SP2", "app-server", reg, NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
	/* No OS named, no netsh: the version is a guess, so no finding. */
	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "SRV1,hq,app-server,\r\n", "hq/SRV1/registry.reg", reg, NULL),
	    NULL);
	ck_assert_int_eq(tu_host(a, "SRV1")->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(tu_host(a, "SRV1")->os.legacy, 0);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_maxuserport_vista)
{
	static const char reg[] = TU_REG_HDR KEY_TCPIP MAXUSER;
	static const char manifest[] = TU_MANIFEST_HDR "SRV1,hq,app-server,\r\n";
	struct audit	*a;
	struct finding	*f;

	a = ie_audit("Windows Server 2016", "app-server", reg, NULL);
	f = tu_expect(a, "setting-ineffective", "SRV1", 65534, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "maxuserport");
	ck_assert_str_eq(finding_get(f, "value"), "MaxUserPort");
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 1);
	tu_audit_free(a);
	a = ie_audit("Windows Server 2003 SP2", "app-server", reg, NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
	/* No OS named: MaxUserPort alone says the host is pre-Vista. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SRV1/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_host(a, "SRV1")->os_known, 0);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* The NTDS port on a member server; a DC, by role or by its KDC. */
START_TEST(test_ntds_member)
{
	static const char reg[] = TU_REG_HDR NTDS_50000;
	static const char member[] = TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING"
	    "       4\r\n";
	static const char kdc[] = TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING"
	    "       584\r\n";
	struct audit	*a;
	struct finding	*f;

	a = ie_audit("Windows Server 2016", "file-server", reg, NULL);
	ck_assert_int_eq(tu_host(a, "SRV1")->dc, DC_NO);
	f = tu_expect(a, "setting-ineffective", "SRV1", 50000, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "ntds-member");
	ck_assert_str_eq(f->service, "NTDS");
	ck_assert(tu_ev_has(f, "manifest role file-server"));
	tu_audit_free(a);
	a = ie_audit("Windows Server 2016", "domain-controller", reg, NULL);
	ck_assert_int_eq(tu_host(a, "SRV1")->dc, DC_YES);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
	/* No role: the socket list decides. */
	a = ie_audit("Windows Server 2016", "", reg, member);
	ck_assert_int_eq(tu_host(a, "SRV1")->dc, DC_NO);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", "SRV1"), 1);
	tu_audit_free(a);
	a = ie_audit("Windows Server 2016", "", reg, kdc);
	ck_assert_int_eq(tu_host(a, "SRV1")->dc, DC_YES);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
	/* Nothing known: no finding. */
	a = ie_audit("Windows Server 2016", "", reg, NULL);
	ck_assert_int_eq(tu_host(a, "SRV1")->dc, DC_UNKNOWN);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_dfsr_2008)
{
	static const char reg[] = TU_REG_HDR DFSR_5800;
	static const char reg5722[] = TU_REG_HDR TU_KEY_SVC("DFSR\\Parameters")
	    "\"RPC TCP/IP Port Assignment\"=dword:0000165a\r\n";
	struct audit	*a;
	struct finding	*f;

	a = ie_audit("Windows Server 2008 R2 SP1", "domain-controller", reg,
	    NULL);
	f = tu_expect(a, "setting-ineffective", "SRV1", 5800, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "dfsr-5722");
	ck_assert_str_eq(f->service, "DFSR");
	tu_audit_free(a);
	a = ie_audit("Windows Server 2008 SP2", "domain-controller", reg, NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", "SRV1"), 1);
	tu_audit_free(a);
	/* Later DCs and member servers honour it; 5722 itself is no news. */
	a = ie_audit("Windows Server 2012 R2", "domain-controller", reg, NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
	a = ie_audit("Windows Server 2008 R2 SP1", "file-server", reg, NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
	a = ie_audit("Windows Server 2008 R2 SP1", "domain-controller",
	    reg5722, NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", NULL), 0);
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("ineffective");
	TCase	*tc = tcase_create("ineffective");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_reservedports_vista);
	tcase_add_test(tc, test_maxuserport_vista);
	tcase_add_test(tc, test_ntds_member);
	tcase_add_test(tc, test_dfsr_2008);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
