/*
 * Check suite for the example fleet's stories told with the rules of issue
 * 15 (examples/fleet/README.md): LDS01, an AD LDS instance on 50000/50001
 * inside Windows Server 2019's dynamic range with a ReservedPorts and a
 * MaxUserPort carried over from Server 2003, and DC02, a 2003 domain
 * controller that pins NTDS and Netlogon but leaves FRS dynamic.  The
 * fleet is audited as portaudit audit does; findings are expected by rule
 * and host, never by the fleet's total.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

static const char *const fs_new_rules[] = {
	"dns-socket-pool", "setting-ineffective", "pin-pair-incomplete",
	"dynamicport-invalid", "rpc-range-overlap", "sql-static-and-dynamic",
	"msmq-port-shift"
};

static struct audit *
fs_audit(void)
{
	static const char *const paths[] = { "examples/fleet", NULL };

	return (tu_audit(paths, NULL, NULL));
}

START_TEST(test_lds01)
{
	struct audit	*a = fs_audit();
	struct finding	*f;
	const char	*v;
	size_t		 i;
	int		 seen = 0;

	/* The instance's two ports, each with its IPv4 and IPv6 listener. */
	f = tu_expect(a, "listener-in-ephemeral", "LDS01", 50000, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "windows-adlds");
	ck_assert_str_eq(f->service, "dsamain.exe");
	ck_assert(tu_ev_has(f, "0.0.0.0:50000"));
	ck_assert(tu_ev_has(f, "[::]:50000"));
	ck_assert(tu_ev_has(f, "Number of Ports : 16384"));
	tu_expect(a, "listener-in-ephemeral", "LDS01", 50001, SEV_MEDIUM);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", "LDS01"), 2);
	/* The values carried over from 2003 do nothing on 2019. */
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", "LDS01"), 2);
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		if (strcmp(f->rule->id, "setting-ineffective") != 0 ||
		    strcmp(f->hi->host->name, "LDS01") != 0)
			continue;
		ck_assert_int_eq(f->sev, SEV_LOW);
		v = finding_get(f, "variant");
		if (strcmp(v, "reservedports") == 0) {
			ck_assert_int_eq(f->port, 50000);
			ck_assert_str_eq(finding_get(f, "reserved"),
			    "50000-50001");
			seen |= 1;
		} else if (strcmp(v, "maxuserport") == 0) {
			ck_assert_int_eq(f->port, 65534);
			seen |= 2;
		}
		ck_assert_ptr_nonnull(f->ev[0].in);
		ck_assert(strstr(f->ev[0].in->path, "LDS01/registry.reg") !=
		    NULL);
	}
	ck_assert_int_eq(seen, 3);
	/* Its RPC endpoints (wininit, lsass, services...) are not reported. */
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", "LDS01",
	    49664));
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", "LDS01",
	    49667));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_dc02_frs)
{
	struct audit	*a = fs_audit();
	struct finding	*f;

	f = tu_expect(a, "pin-pair-incomplete", "DC02", 1025, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "frs-dynamic");
	ck_assert(tu_ev_has(f, "\"TCP/IP Port\"=dword:00000401"));
	/* DC01 pins all three: nothing there. */
	ck_assert_int_eq(tu_nfindings(a, "pin-pair-incomplete", "DC01"), 0);
	tu_audit_free(a);
}
END_TEST

/* The new rules say nothing else about the fleet. */
START_TEST(test_rest_quiet)
{
	struct audit	*a = fs_audit();
	size_t		 i;
	int		 want;

	for (i = 0; i < sizeof(fs_new_rules) / sizeof(fs_new_rules[0]); i++) {
		want = strcmp(fs_new_rules[i], "setting-ineffective") == 0 ? 2 :
		    strcmp(fs_new_rules[i], "pin-pair-incomplete") == 0 ? 1 : 0;
		ck_assert_msg(tu_nfindings(a, fs_new_rules[i], NULL) == want,
		    "%s: %d findings", fs_new_rules[i],
		    tu_nfindings(a, fs_new_rules[i], NULL));
	}
	/* Windows listeners: LDS01's two only; LNX01's java stays. */
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", "DC01"), 0);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", "SQL01"), 0);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", "LNX01"), 1);
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("fleet_story");
	TCase	*tc = tcase_create("fleet_story");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_lds01);
	tcase_add_test(tc, test_dc02_frs);
	tcase_add_test(tc, test_rest_quiet);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
