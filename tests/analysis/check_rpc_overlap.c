/*
 * Check suite for analysis/rpc_overlap.c: rpc-range-overlap.  KB 154596
 * asks for an Rpc\Internet pool above 5000; a pool sharing ports with the
 * ephemeral range loses them to outgoing connections.  Fixtures are
 * regedit exports of the Rpc\Internet key (Ports as hex(7), the two flags
 * as strings), as KB 154596's example shows them, at the edges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

/* An export of Rpc\Internet with one Ports entry, written as regedit does. */
static char *
ro_reg(const char *ports)
{
	char	*s, *hex = NULL, *n;
	size_t	 i;

	for (i = 0; ports[i] != '\0'; i++) {
		xasprintf(&n, "%s%02x,00,", hex != NULL ? hex : "",
		    (unsigned char)ports[i]);
		free(hex);
		hex = n;
	}
	xasprintf(&s, "%s[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\"
	    "Internet]\r\n\"Ports\"=hex(7):%s00,00,00,00\r\n"
	    "\"PortsInternetAvailable\"=\"Y\"\r\n\"UseInternetPorts\"=\"Y\"\r\n",
	    TU_REG_HDR, hex);
	free(hex);
	return (s);
}

static struct audit *
ro_audit(const char *os, const char *ports)
{
	struct audit	*a;
	char		*reg = ro_reg(ports), manifest[256];

	snprintf(manifest, sizeof(manifest), TU_MANIFEST_HDR
	    "APP5,hq,app-server,%s\r\n", os);
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP5/registry.reg", reg, NULL), NULL);
	free(reg);
	return (a);
}

/* 5000 is the lowest port KB 154596's advice allows; 4999 is below. */
START_TEST(test_below_5000)
{
	struct audit	*a;
	struct finding	*f;

	a = ro_audit("Windows Server 2016", "5000-5100");
	ck_assert_uint_eq(tu_host(a, "APP5")->rpc[PI_TCP].n, 1);
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-overlap", NULL), 0);
	tu_audit_free(a);
	a = ro_audit("Windows Server 2016", "4999-5100");
	f = tu_expect(a, "rpc-range-overlap", "APP5", 4999, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "below-5000");
	ck_assert_str_eq(finding_get(f, "below"), "4999-4999");
	ck_assert_str_eq(finding_get(f, "pool"), "4999-5100");
	ck_assert(tu_ev_has(f, "\"Ports\""));
	/* One Ports value, one finding: not one per protocol. */
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-overlap", NULL), 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_inside_ephemeral)
{
	struct audit	*a;
	struct finding	*f;

	a = ro_audit("Windows Server 2016", "50000-50100");
	f = tu_expect(a, "rpc-range-overlap", "APP5", 50000, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "ephemeral");
	ck_assert_str_eq(finding_get(f, "shared"), "50000-50100");
	ck_assert_str_eq(finding_get(f, "range"), "49152-65535");
	tu_audit_free(a);
	/* 2003's pool is 1025-5000: KB 154596's own 5000-6000 shares 5000. */
	a = ro_audit("Windows Server 2003 SP2", "5000-6000");
	f = tu_expect(a, "rpc-range-overlap", "APP5", 5000, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "shared"), "5000-5000");
	tu_audit_free(a);
	a = ro_audit("Windows Server 2003 SP2", "5001-6000");
	ck_assert_int_eq(tu_nfindings(a, "rpc-range-overlap", NULL), 0);
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("rpc_overlap");
	TCase	*tc = tcase_create("rpc_overlap");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_below_5000);
	tcase_add_test(tc, test_inside_ephemeral);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
