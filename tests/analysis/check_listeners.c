/*
 * Check suite for analysis/listeners.c: listener-in-ephemeral (a TCP
 * listener of a Linux, BSD or macOS host inside the ephemeral range,
 * unreserved) and reservation-outside-range (a reservation the stack can
 * never need).  Fixtures are ss output and sysctl captures written as the
 * tools print them, a services file, and Windows hosts that must stay
 * quiet.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define SS_HDR		"Netid State     Recv-Q Send-Q Local Address:Port  " \
			"Peer Address:Port Process\n"
#define SS_LISTEN(a, p, who) \
			"tcp   LISTEN    0      128  " a ":" p "  0.0.0.0:*  " \
			"users:((\"" who "\",pid=900,fd=3))\n"
#define SYSCTL(range, reserved) \
			"net.ipv4.ip_local_port_range = " range "\n" \
			"net.ipv4.ip_local_reserved_ports = " reserved "\n"
#define MANIFEST(host, os) \
			TU_MANIFEST_HDR host ",branch,app-server," os "\r\n"

static const char cl_ss[] =
    SS_HDR
    SS_LISTEN("0.0.0.0", "22", "sshd")		/* line 2: below the range */
    SS_LISTEN("*", "40000", "java")		/* line 3 */
    SS_LISTEN("[::]", "40000", "java")		/* line 4: the same port */
    SS_LISTEN("*", "8080", "java")		/* line 5: below the range */
    SS_LISTEN("127.0.0.1", "45000", "agent")	/* line 6: reserved */
    "udp   UNCONN    0      0     0.0.0.0:41000  0.0.0.0:*  "
    "users:((\"dns\",pid=901,fd=3))\n"		/* line 7: UDP */
    "tcp   ESTAB     0      0     10.0.0.5:39998  10.0.0.9:5432  "
    "users:((\"java\",pid=900,fd=9))\n";	/* line 8: below 40000 */

/* Audit one Linux host LNX01 with the given ss, sysctl and services. */
static struct audit *
cl_linux(const char *ss, const char *sysctl, const char *services)
{
	return (tu_audit_dir(tu_fleet("manifest.csv",
	    MANIFEST("LNX01", "Debian 12"),
	    "branch/LNX01/ss.txt", ss, "branch/LNX01/sysctl.txt", sysctl,
	    services != NULL ? "branch/LNX01/services" : NULL, services,
	    NULL), NULL));
}

START_TEST(test_listener_inside)
{
	struct audit		*a;
	struct finding		*f;
	const char		*d;

	a = cl_linux(cl_ss, SYSCTL("32768\t60999", "45000"), NULL);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 1);
	f = tu_expect(a, "listener-in-ephemeral", "LNX01", 40000, SEV_MEDIUM);
	ck_assert_int_eq(f->proto, PROTO_TCP);
	ck_assert_str_eq(f->service, "java");
	/* Both listeners of the port, and where the range comes from. */
	ck_assert(tu_ev_has(f, "*:40000"));
	ck_assert(tu_ev_has(f, "[::]:40000"));
	ck_assert(tu_ev_has(f, "ip_local_port_range"));
	ck_assert_uint_eq(f->nev, 3);
	ck_assert_str_eq(finding_get(f, "range"), "32768-60999");
	/* No ephemeral connection at or above 40000: Linux, inside. */
	d = finding_get(f, "variant");
	ck_assert_str_eq(d, "inside");
	/* Neither 22, 8080 (below), 45000 (reserved) nor UDP 41000. */
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", NULL, 22));
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", NULL,
	    8080));
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", NULL,
	    45000));
	ck_assert_ptr_null(tu_finding(a, "listener-in-ephemeral", NULL,
	    41000));
	/* 45000 is reserved inside the range: no reservation finding. */
	ck_assert_int_eq(tu_nfindings(a, "reservation-outside-range", NULL),
	    0);
	tu_audit_free(a);
}
END_TEST

/* A narrower range that 40000 lies above: no finding; a wider one whose
 * pool already reached past 40000: the in-use wording. */
START_TEST(test_listener_range)
{
	static const char busy[] =
	    SS_HDR
	    SS_LISTEN("*", "40000", "java")
	    "tcp   ESTAB     0      0     10.0.0.5:40002  10.0.0.9:5432  "
	    "users:((\"java\",pid=900,fd=9))\n";
	struct audit	*a;
	struct finding	*f;

	a = cl_linux(cl_ss, SYSCTL("32768\t39999", "45000"), NULL);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 0);
	tu_audit_free(a);
	a = cl_linux(busy, SYSCTL("32768\t60999", ""), NULL);
	ck_assert_ptr_nonnull(f = tu_finding(a, "listener-in-ephemeral",
	    "LNX01", 40000));
	ck_assert_str_eq(finding_get(f, "variant"), "in-use");
	ck_assert_str_eq(finding_get(f, "highest_used"), "40002");
	tu_audit_free(a);
}
END_TEST

/* A services file entry names the port but reserves nothing. */
START_TEST(test_listener_documented)
{
	static const char services[] =
	    "ssh\t\t22/tcp\n"
	    "# Local services\n"
	    "orderfeed\t40000/tcp\t\t# order feed\n";
	struct audit	*a;
	struct finding	*f;

	a = cl_linux(cl_ss, SYSCTL("32768\t60999", "45000"), services);
	ck_assert_ptr_nonnull(f = tu_finding(a, "listener-in-ephemeral",
	    "LNX01", 40000));
	ck_assert_str_eq(finding_get(f, "variant"), "documented");
	ck_assert_str_eq(finding_get(f, "entry"), "orderfeed");
	ck_assert(tu_ev_has(f, "orderfeed"));
	tu_audit_free(a);
}
END_TEST

/* Windows hosts: their listeners in the dynamic range are not reported. */
START_TEST(test_listener_windows)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:49670          0.0.0.0:0              LISTENING"
	    "       640\r\n";
	struct audit	*a;

	a = tu_audit_dir(tu_fleet("manifest.csv",
	    MANIFEST("APP01", "Windows Server 2016"),
	    "branch/APP01/netstat.txt", netstat, NULL), NULL);
	ck_assert_int_eq(tu_host(a, "APP01")->os.fam, OSF_WINDOWS);
	ck_assert_int_gt(tu_host(a, "APP01")->ephemeral[PI_TCP].first, 0);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* The reservation the example fleet's LNX01 has: 8080, outside. */
START_TEST(test_reservation_outside)
{
	struct audit	*a;
	struct finding	*f;

	a = cl_linux(cl_ss, SYSCTL("32768\t60999", "8080,45000"), NULL);
	/* One finding for the line, though it reserves for both protocols. */
	ck_assert_int_eq(tu_nfindings(a, "reservation-outside-range", NULL),
	    1);
	f = tu_expect(a, "reservation-outside-range", "LNX01", 8080, SEV_INFO);
	ck_assert_str_eq(finding_get(f, "proto"), "tcp and udp");
	ck_assert_str_eq(finding_get(f, "reserved"), "8080");
	ck_assert(tu_ev_has(f, "ip_local_reserved_ports"));
	ck_assert(tu_ev_has(f, "ip_local_port_range"));
	tu_audit_free(a);
}
END_TEST

/* Windows 2003 honours ReservedPorts: one above MaxUserPort is useless;
 * Vista and later ignore them, which fixed-port rules already say. */
START_TEST(test_reservation_windows)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("Tcpip\\Parameters")
	    "\"ReservedPorts\"=hex(7):36,00,30,00,30,00,30,00,2d,00,36,00,30,"
	    "00,31,00,30,00,00,00,00,00\r\n";
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet("manifest.csv",
	    MANIFEST("DC09", "Windows Server 2003"),
	    "branch/DC09/registry.reg", reg, NULL), NULL);
	ck_assert_ptr_nonnull(f = tu_finding(a, "reservation-outside-range",
	    "DC09", 6000));
	ck_assert_str_eq(finding_get(f, "reserved"), "6000-6010");
	ck_assert(tu_ev_has(f, "ReservedPorts"));
	tu_audit_free(a);
	a = tu_audit_dir(tu_fleet("manifest.csv",
	    MANIFEST("DC09", "Windows Server 2016"),
	    "branch/DC09/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "reservation-outside-range", NULL),
	    0);
	tu_audit_free(a);
}
END_TEST

static Suite *
listeners_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("listeners");
	tc = tcase_create("listeners");
	tcase_add_test(tc, test_listener_inside);
	tcase_add_test(tc, test_listener_range);
	tcase_add_test(tc, test_listener_documented);
	tcase_add_test(tc, test_listener_windows);
	tcase_add_test(tc, test_reservation_outside);
	tcase_add_test(tc, test_reservation_windows);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(listeners_suite()));
}
