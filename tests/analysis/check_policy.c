/*
 * Check suite for analysis/policy.c: waivers (rule, host, port, reason,
 * expiry judged against SOURCE_DATE_EPOCH's date), severity overrides,
 * and malformed policies, which are refused as a whole while the audit
 * still runs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

/* 2026-01-01T00:00:00Z */
#define TODAY_EPOCH	"1767225600"
#define TODAY		"2026-01-01"

/* EXCH01, the KB 180795 host: DS 1025 and IS 1026, neither in services. */
static const char check_policy_reg[] =
    TU_REG_HDR
    TU_KEY_SVC("MSExchangeDS\\Parameters")
    "\"TCP/IP port\"=dword:00000401\r\n"
    "\r\n"
    TU_KEY_SVC("MSExchangeIS\\ParametersSystem")
    "\"TCP/IP port\"=dword:00000402\r\n";

static const char check_policy_services[] =
    "# Copyright (c) 1993-1999 Microsoft Corp.\r\n"
    "#\r\n"
    "# This file contains port numbers for well-known services as defined by\r\n"
    "# RFC 1700 (Assigned Numbers).\r\n"
    "#\r\n"
    "smtp               25/tcp    mail                   #Simple Mail Transfer Protocol\r\n"
    "x400              102/tcp    iso-tsap               #ISO-TSAP Class 0\r\n"
    "epmap             135/tcp    loc-srv                #DCE endpoint resolution\r\n";

static const char check_policy_manifest[] =
    TU_MANIFEST_HDR
    "EXCH01,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";

/*
 * Audit EXCH01 with the policy text on "today"; stderr is silenced while
 * the policy is read, since malformed ones are meant to complain.
 */
static struct audit *
check_policy_audit(const char *policy)
{
	const char	*dir, *pol;
	struct audit	*a;
	int		 save, null;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH, 1), 0);
	dir = tu_fleet("manifest.csv", check_policy_manifest,
	    "hq/EXCH01/registry.reg", check_policy_reg,
	    "hq/EXCH01/services", check_policy_services, NULL);
	pol = tu_write_temp(policy, strlen(policy), "policy.ini");
	fflush(stderr);
	save = dup(2);
	null = open("/dev/null", O_WRONLY);
	ck_assert_int_ge(save, 0);
	ck_assert_int_ge(null, 0);
	dup2(null, 2);
	a = tu_audit_dir(dir, pol);
	fflush(stderr);
	dup2(save, 2);
	close(save);
	close(null);
	ck_assert_str_eq(a->today, TODAY);
	return (a);
}

/* How many findings are waived. */
static int
check_policy_nwaived(const struct audit *a)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < a->nfindings; i++)
		n += a->findings[i]->waived;
	return (n);
}

START_TEST(test_waiver_active)
{
	static const char policy[] =
	    "[waiver exch01-ds]\n"
	    "rule = fixed-port-in-ephemeral\n"
	    "host = EXCH01\n"
	    "port = 1025\n"
	    "reason = moves to 1200 with the next maintenance window\n"
	    "expires = 2027-03-31\n";
	struct audit	*a;
	struct finding	*f;

	a = check_policy_audit(policy);
	ck_assert_ptr_nonnull(a->policy);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	/* Waived, not removed: still reported, severity kept. */
	ck_assert_int_eq(f->waived, 1);
	ck_assert_int_eq(f->waiver_expired, 0);
	ck_assert_int_eq(f->sev, SEV_HIGH);
	ck_assert_str_eq(f->waiver_reason,
	    "moves to 1200 with the next maintenance window");
	ck_assert_str_eq(f->waiver_expires, "2027-03-31");
	/* The IS on 1026 and the other rules are not covered. */
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1026);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->waived, 0);
	ck_assert_ptr_null(f->waiver_reason);
	f = tu_finding(a, "fixed-port-undocumented", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->waived, 0);
	ck_assert_int_eq(check_policy_nwaived(a), 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_waiver_expired)
{
	static const char policy[] =
	    "[waiver exch01-ds]\n"
	    "rule = fixed-port-in-ephemeral\n"
	    "host = EXCH01\n"
	    "port = 1025\n"
	    "reason = moves to 1200 with the next maintenance window\n"
	    "expires = 2025-12-31\n";
	struct audit	*a;
	struct finding	*f;

	/* Expired yesterday: the finding applies again, and says why. */
	a = check_policy_audit(policy);
	ck_assert_ptr_nonnull(a->policy);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->waived, 0);
	ck_assert_int_eq(f->waiver_expired, 1);
	ck_assert_str_eq(f->waiver_expires, "2025-12-31");
	ck_assert_ptr_nonnull(f->waiver_reason);
	ck_assert_int_eq(check_policy_nwaived(a), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_waiver_expires_today)
{
	static const char policy[] =
	    "[waiver exch01-ds]\n"
	    "rule = fixed-port-in-ephemeral\n"
	    "host = EXCH01\n"
	    "port = 1025\n"
	    "reason = last day\n"
	    "expires = " TODAY "\n";
	struct audit	*a;
	struct finding	*f;

	/* A waiver holds through its expiry day. */
	a = check_policy_audit(policy);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->waived, 1);
	ck_assert_int_eq(f->waiver_expired, 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_waiver_any_host_port)
{
	static const char policy[] =
	    "[waiver services-files]\n"
	    "rule = fixed-port-undocumented\n"
	    "host = *\n"
	    "reason = services files are rebuilt by the 2026 migration\n";
	struct audit	*a;
	struct finding	*f;

	/* No host (or "*") and no port: every finding of the rule; no
	 * expiry: waived for good. */
	a = check_policy_audit(policy);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-undocumented", "EXCH01"),
	    2);
	ck_assert_int_eq(check_policy_nwaived(a), 2);
	f = tu_finding(a, "fixed-port-undocumented", "EXCH01", 1026);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->waived, 1);
	ck_assert_ptr_null(f->waiver_expires);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1026);
	ck_assert_int_eq(f->waived, 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_severity_override)
{
	static const char policy[] =
	    "[policy]\n"
	    "organisation = Contoso Ltd\n"
	    "\n"
	    "[severity]\n"
	    "fixed-port-undocumented = info\n"
	    "fixed-port-taken = Medium\n";
	static const char netstat[] =
	    "\r\nActive Connections\r\n\r\n"
	    "  Proto  Local Address          Foreign Address        State\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
	    "  TCP    10.10.1.21:1025        10.10.1.10:139         ESTABLISHED\r\n";
	const char	*dir, *pol;
	struct audit	*a;
	struct finding	*f;

	a = check_policy_audit(policy);
	ck_assert_ptr_nonnull(a->policy);
	ck_assert_str_eq(policy_organisation(a->policy), "Contoso Ltd");
	f = tu_expect(a, "fixed-port-undocumented", "EXCH01", 1025, SEV_INFO);
	/* Other rules keep their own severity. */
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1025);
	ck_assert_int_eq(f->sev, SEV_HIGH);
	tu_audit_free(a);

	/* An override replaces the severity a rule computed (high here). */
	dir = tu_fleet("manifest.csv", check_policy_manifest,
	    "hq/EXCH01/registry.reg", check_policy_reg,
	    "hq/EXCH01/netstat.txt", netstat, NULL);
	pol = tu_write_temp(policy, strlen(policy), "policy.ini");
	a = tu_audit_dir(dir, pol);
	f = tu_finding(a, "fixed-port-taken", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "variant"), "unknown-outbound");
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_malformed)
{
	static const char *const bad[] = {
		/* an unknown rule in a waiver */
		"[waiver x]\nrule = fixed-port-stolen\nhost = EXCH01\n",
		/* a date that is not YYYY-MM-DD */
		"[waiver x]\nrule = fixed-port-undocumented\n"
		"expires = 31/03/2027\n",
		/* a waiver without a rule */
		"[waiver x]\nhost = EXCH01\nport = 1025\n",
		/* a port that is none */
		"[waiver x]\nrule = fixed-port-undocumented\nport = 70000\n",
		/* an unknown rule or severity in [severity] */
		"[severity]\nfixed-port-stolen = low\n",
		"[severity]\nfixed-port-taken = severe\n",
		/* a bad range for a site */
		"[site hq]\nallow = 1300-1024\n",
		/* an unknown key, and a line that is no INI */
		"[site hq]\ndeny = 1024-1300\n",
		"[site hq]\nallow 1024-1300\n",
		NULL
	};
	struct audit	*a;
	int		 i;

	for (i = 0; bad[i] != NULL; i++) {
		a = check_policy_audit(bad[i]);
		ck_assert_msg(a->policy == NULL, "policy %d accepted", i);
		/* The audit ran all the same, with nothing waived. */
		ck_assert_int_eq(tu_nfindings(a, "fixed-port-in-ephemeral",
		    "EXCH01"), 2);
		ck_assert_int_eq(check_policy_nwaived(a), 0);
		tu_audit_free(a);
	}
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_policy_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("policy");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_waiver_active);
	tcase_add_test(tc, test_waiver_expired);
	tcase_add_test(tc, test_waiver_expires_today);
	tcase_add_test(tc, test_waiver_any_host_port);
	tcase_add_test(tc, test_severity_override);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_policy_suite()));
}
