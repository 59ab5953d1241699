/*
 * Check suite for analysis/msmq.c: msmq-port-shift.  KB 178517: Message
 * Queuing's RPC ports 2101, 2103 and 2105 move up by 11 when taken at
 * start.  Fixtures are netstat -anob and -ano output (port-facts.md section
 * 5.1) with mqsvc.exe on the shifted ports, and the traps: the usual
 * ports, another program on 2114, an unnamed listener with no MSMQ about.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define LISTEN(addr, port, pid) \
			"  TCP    " addr ":" port "           0.0.0.0:0      " \
			"        LISTENING       " pid "\r\n"
#define LISTEN6(port, pid) \
			"  TCP    [::]:" port "             [::]:0         " \
			"        LISTENING       " pid "\r\n"

static struct audit *
mq_audit(const char *netstat)
{
	return (tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP8,hq,app-server,Windows Server 2012 R2\r\n",
	    "hq/APP8/netstat.txt", netstat, NULL), NULL));
}

START_TEST(test_shifted)
{
	static const char netstat[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "1801", "1560") " [mqsvc.exe]\r\n"
	    LISTEN("0.0.0.0", "2103", "2212") " [fabsync.exe]\r\n"
	    LISTEN("0.0.0.0", "2105", "1560") " [mqsvc.exe]\r\n"
	    LISTEN("0.0.0.0", "2107", "1560") " [mqsvc.exe]\r\n"
	    LISTEN("0.0.0.0", "2114", "1560") " [mqsvc.exe]\r\n"
	    LISTEN6("2114", "1560") " [mqsvc.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	a = mq_audit(netstat);
	f = tu_expect(a, "msmq-port-shift", "APP8", 2114, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "wanted"), "2103");
	ck_assert_str_eq(finding_get(f, "variant"), "held");
	ck_assert_str_eq(finding_get(f, "holder"), "fabsync.exe");
	ck_assert_str_eq(finding_get(f, "pid"), "2212");
	/* The holder of 2103 and both listeners on 2114. */
	ck_assert_uint_eq(f->nev, 3);
	ck_assert(tu_ev_has(f, "0.0.0.0:2103"));
	ck_assert(tu_ev_has(f, "[::]:2114"));
	/* 1801, 2105, 2107: MSMQ's own ports, no shift. */
	ck_assert_int_eq(tu_nfindings(a, "msmq-port-shift", NULL), 1);
	tu_audit_free(a);
}
END_TEST

/* netstat -ano names no image: 2116 counts where MSMQ shows (1801). */
START_TEST(test_unnamed)
{
	static const char with[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "1801", "1560")
	    LISTEN("0.0.0.0", "2112", "1560")
	    LISTEN("0.0.0.0", "2116", "1560");
	static const char without[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "2112", "1560")
	    LISTEN("0.0.0.0", "2116", "1560");
	static const char other[] = TU_NETSTAT_ANO
	    LISTEN("0.0.0.0", "1801", "1560") " [mqsvc.exe]\r\n"
	    LISTEN("0.0.0.0", "2114", "880") " [javaw.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	a = mq_audit(with);
	ck_assert_int_eq(tu_nfindings(a, "msmq-port-shift", NULL), 2);
	f = tu_expect(a, "msmq-port-shift", "APP8", 2112, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "wanted"), "2101");
	ck_assert_ptr_null(finding_get(f, "variant"));
	ck_assert_ptr_nonnull(tu_finding(a, "msmq-port-shift", "APP8", 2116));
	tu_audit_free(a);
	a = mq_audit(without);
	ck_assert_int_eq(tu_nfindings(a, "msmq-port-shift", NULL), 0);
	tu_audit_free(a);
	a = mq_audit(other);
	ck_assert_int_eq(tu_nfindings(a, "msmq-port-shift", NULL), 0);
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("msmq");
	TCase	*tc = tcase_create("msmq");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_shifted);
	tcase_add_test(tc, test_unnamed);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
