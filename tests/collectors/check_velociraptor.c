/*
 * Velociraptor collector: Windows.Network.Netstat as JSON lines, a hunt's
 * results as CSV split into its clients, NetstatEnriched as a JSON array,
 * the Linux artifacts, and hostile rows.  Fixtures and their provenance:
 * tests/fixtures/velociraptor/README.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define VR_FIX(f)	tu_fixture("velociraptor/" f)

START_TEST(test_win_netstat_every_state)
{
	static const enum sockstate	 want[] = {
		ST_LISTEN, ST_LISTEN, ST_LISTEN, ST_LISTEN, ST_ESTABLISHED,
		ST_SYN_SENT, ST_SYN_RECEIVED, ST_FIN_WAIT_1, ST_FIN_WAIT_2,
		ST_CLOSE_WAIT, ST_CLOSING, ST_LAST_ACK, ST_TIME_WAIT,
		ST_CLOSED, ST_CLOSED, ST_NONE, ST_NONE
	};
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;
	size_t			 i;

	f = tu_read(VR_FIX("win-netstat.json"), NULL, "velociraptor", &in);
	tu_assert_lines(in, 17, 17, 0, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_ptr_nonnull(r = tu_nth(in, REC_SOCKET, (int)i));
		ck_assert_uint_eq(r->line, i + 1);
		ck_assert_msg(r->u.sock.state == want[i], "socket %zu: state "
		    "%d", i, r->u.sock.state);
	}
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50000,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 676, "lsass.exe");
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6, "::", 135, "::", 0,
	    ST_LISTEN);
	tu_assert_owner(s, 948, "svchost.exe");
	/* ESTAB, SENT, RCVD: Velociraptor's own spellings */
	tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.1.20.21", 50000,
	    "10.1.20.22", 51234, ST_ESTABLISHED);
	s = tu_assert_sock(in, 12, PROTO_TCP, FAM_IPV4, "10.1.20.21", 49805,
	    "10.1.30.8", 389, ST_TIME_WAIT);
	tu_assert_owner(s, 0, NULL);
	/* UDP: empty Status, empty remote address */
	s = tu_assert_sock(in, 15, PROTO_UDP, FAM_IPV4, "0.0.0.0", 53, NULL, 0,
	    ST_NONE);
	tu_assert_owner(s, 2040, "dns.exe");
	tu_assert_sock(in, 16, PROTO_UDP, FAM_IPV6, "::", 500, NULL, 0,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

/* A hunt's CSV: each row to the client its Fqdn names. */
START_TEST(test_hunt_csv_hosts)
{
	struct fleet		*f;
	struct input		*in, *dc, *app;
	const struct sockrec	*s;

	f = tu_read(VR_FIX("hunt-netstat.csv"), NULL, "velociraptor", &in);
	tu_assert_lines(in, 6, 4, 1, 1);
	ck_assert_uint_eq(in->nsubs, 2);
	ck_assert_ptr_nonnull(dc = tu_sub(in, "DC01"));
	ck_assert_ptr_nonnull(app = tu_sub(in, "APP02"));
	ck_assert_int_eq(tu_count(dc, REC_SOCKET), 2);
	s = tu_assert_sock(dc, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50000,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 676, "lsass.exe");
	tu_assert_sock(dc, 1, PROTO_UDP, FAM_IPV4, "0.0.0.0", 53, NULL, 0,
	    ST_NONE);
	ck_assert_int_eq(tu_count(app, REC_SOCKET), 2);
	tu_assert_sock(app, 1, PROTO_TCP, FAM_IPV4, "10.1.50.12", 8443,
	    "10.1.60.3", 53311, ST_ESTABLISHED);
	/* a hunt's row with a ClientId alone names no host */
	ck_assert_int_eq(tu_count(in, REC_SOCKET), 0);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_NO_HOST);
	fleet_free(f);
}
END_TEST

START_TEST(test_win_enriched_array)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	f = tu_read(VR_FIX("win-netstat-enriched.json"), NULL, "velociraptor",
	    &in);
	tu_assert_lines(in, 83, 3, 80, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50001,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 676, "lsass.exe");
	r = tu_nth(in, REC_SOCKET, 0);
	ck_assert_uint_eq(r->line, 2);
	ck_assert_ptr_nonnull(strstr(r->text, "\"SrcPort\":50001"));
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV6, "::1", 1433, "::1",
	    50122, ST_ESTABLISHED);
	tu_assert_owner(s, 3044, "sqlservr.exe");
	tu_assert_sock(in, 2, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5355, NULL, 0,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_linux_artifacts)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(VR_FIX("linux-netstat.json"), NULL, "velociraptor", &in);
	tu_assert_lines(in, 7, 7, 0, 0);
	/* Linux.Network.Netstat: State words, ProcessInfo, no Type */
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 812, "sshd");	/* comm's newline dropped */
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "10.2.0.15", 22,
	    "10.2.0.1", 52114, ST_ESTABLISHED);
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "10.2.0.15", 40112,
	    "10.2.9.9", 443, ST_TIME_WAIT);
	tu_assert_owner(s, -1, NULL);
	/* its TCP6 source: Type "TCP6" */
	tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6, "::", 22, "::", 0,
	    ST_LISTEN);
	/* Linux.Network.NetstatEnriched: Laddr, Lport, ProcInfo */
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "0.0.0.0", 443,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 1022, "nginx");
	/* gopsutil's NONE: a UDP socket */
	s = tu_assert_sock(in, 6, PROTO_UDP, FAM_IPV4, "127.0.0.53", 53,
	    "0.0.0.0", 0, ST_NONE);
	tu_assert_owner(s, 590, "systemd-resolved");
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(VR_FIX("hostile.json"), NULL, "velociraptor", &in);
	tu_assert_lines(in, 8, 2, 1, 5);
	ck_assert_int_eq(tu_count(tu_sub(in, "web05"), REC_SOCKET), 1);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_BAD_STATE);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_JSON_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_FIELD_MISSING);
	ck_assert_ptr_nonnull(tu_sub(in, "bad?name"));
	ck_assert_int_eq(tu_unparsed_code(in, 7), -1);
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_LINE_UNKNOWN);
	fleet_free(f);
	f = tu_read(VR_FIX("hunt-hostile.csv"), NULL, "velociraptor", &in);
	tu_assert_lines(in, 5, 2, 1, 2);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_CSV_COLUMNS);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_CSV_SYNTAX);
	ck_assert_ptr_nonnull(tu_find_sock(tu_sub(in, "app07"), PROTO_TCP,
	    "0.0.0.0", 8082));
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	const struct collector	*v = collector_find("velociraptor");
	const struct collector	*o = collector_find("osquery");

	ck_assert_int_ge(tu_sniff_file(v, VR_FIX("win-netstat.json")), 90);
	ck_assert_int_ge(tu_sniff_file(v, VR_FIX("hunt-netstat.csv")), 90);
	ck_assert_int_ge(tu_sniff_file(v, VR_FIX("linux-netstat.json")), 90);
	/* the two JSON dialects do not take each other's files */
	ck_assert_int_eq(tu_sniff_file(o, VR_FIX("win-netstat.json")), 0);
	ck_assert_int_eq(tu_sniff_file(v,
	    tu_fixture("osquery/osqueryi-sockets-win.json")), 0);
	ck_assert_int_eq(tu_sniff_file(v, tu_fixture(
	    "iana_csv/headerless.csv")), 0);
}
END_TEST

static Suite *
velociraptor_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("velociraptor");
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_win_netstat_every_state);
	tcase_add_test(tc, test_hunt_csv_hosts);
	tcase_add_test(tc, test_win_enriched_array);
	tcase_add_test(tc, test_linux_artifacts);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_test(tc, test_hostile);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(velociraptor_suite()));
}
