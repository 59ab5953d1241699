/*
 * tcpvcon collector: tcpvcon -a -c (CSV) with every state, a release that
 * prints no ports, tcpvcon -a text blocks, and sniffing against the other
 * CSV formats.  Fixtures and their provenance: tests/fixtures/tcpvcon/
 * README.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define TV_FIX(f)	tu_fixture("tcpvcon/" f)

START_TEST(test_csv_every_state)
{
	static const enum sockstate	 want[] = {
		ST_LISTEN, ST_LISTEN, ST_LISTEN, ST_ESTABLISHED, ST_SYN_SENT,
		ST_SYN_RECEIVED, ST_FIN_WAIT_1, ST_FIN_WAIT_2, ST_CLOSE_WAIT,
		ST_CLOSING, ST_LAST_ACK, ST_TIME_WAIT, ST_CLOSED, ST_LISTEN,
		ST_NONE, ST_NONE
	};
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;
	size_t			 i;

	f = tu_read(TV_FIX("tcpvcon-a-c.csv"), NULL, "tcpvcon", &in);
	/* blank, banner, blank: known */
	tu_assert_lines(in, 21, 16, 5, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_ptr_nonnull(r = tu_nth(in, REC_SOCKET, (int)i));
		ck_assert_uint_eq(r->line, i + 6);
		ck_assert_msg(r->u.sock.state == want[i], "socket %zu: state "
		    "%d", i, r->u.sock.state);
	}
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 924, "svchost.exe");
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "10.1.20.31", 50000,
	    "10.1.20.32", 51234, ST_ESTABLISHED);
	tu_assert_owner(s, 676, "lsass.exe");
	tu_assert_sock(in, 13, PROTO_TCP, FAM_IPV6, "::", 135, "::", 0,
	    ST_LISTEN);
	s = tu_assert_sock(in, 14, PROTO_UDP, FAM_IPV4, "0.0.0.0", 53, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 2040, "dns.exe");
	tu_assert_sock(in, 15, PROTO_UDP, FAM_IPV6, "::", 500, NULL, -1,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

/* Addresses without ports hold nothing to audit: said, line by line. */
START_TEST(test_no_ports)
{
	struct fleet	*f;
	struct input	*in;
	unsigned	 i;

	f = tu_read(TV_FIX("tcpvcon-4-no-ports.csv"), NULL, "tcpvcon", &in);
	tu_assert_lines(in, 4, 0, 0, 4);
	for (i = 1; i <= 4; i++)
		ck_assert_int_eq(tu_unparsed_code(in, i), DIAG_FIELD_MISSING);
	fleet_free(f);
}
END_TEST

START_TEST(test_text_blocks)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	f = tu_read(TV_FIX("tcpvcon-a.txt"), NULL, "tcpvcon", &in);
	/* records on the Local: lines; the ON_FIRE block's is unparsed */
	tu_assert_lines(in, 42, 5, 36, 1);
	r = tu_nth(in, REC_SOCKET, 0);
	ck_assert_uint_eq(r->line, 9);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135,
	    "0.0.0.0", 0, ST_LISTEN);
	/* the image name of the path */
	tu_assert_owner(s, 924, "svchost.exe");
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "10.1.20.31", 50000,
	    "10.1.20.32", 51234, ST_ESTABLISHED);
	tu_assert_owner(s, 676, "lsass.exe");
	/* without -n: a host name and a service name, resolved later */
	r = tu_nth(in, REC_SOCKET, 2);
	ck_assert_str_eq(r->u.sock.local_addr, "DC03");
	ck_assert_pstr_eq(r->u.sock.local_port_name, "microsoft-ds");
	tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6, "::", 135, "::", 0,
	    ST_LISTEN);
	s = tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV4, "0.0.0.0", 53, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 2040, "dns.exe");
	ck_assert_int_eq(tu_unparsed_code(in, 38), DIAG_BAD_STATE);
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	const struct collector	*c = collector_find("tcpvcon");

	ck_assert_int_eq(tu_sniff_file(c, TV_FIX("tcpvcon-a-c.csv")), 100);
	ck_assert_int_ge(tu_sniff_file(c, TV_FIX("tcpvcon-4-no-ports.csv")),
	    80);
	ck_assert_int_eq(tu_sniff_file(c, TV_FIX("tcpvcon-a.txt")), 100);
	ck_assert_int_eq(tu_sniff_file(c,
	    tu_fixture("currports/cports-scomma-header.csv")), 0);
	ck_assert_int_eq(tu_sniff_file(c,
	    tu_fixture("velociraptor/hunt-netstat.csv")), 0);
	ck_assert_int_eq(tu_sniff_file(c, tu_fixture(
	    "iana_csv/headerless.csv")), 0);
}
END_TEST

static Suite *
tcpvcon_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("tcpvcon");
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_csv_every_state);
	tcase_add_test(tc, test_no_ports);
	tcase_add_test(tc, test_text_blocks);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(tcpvcon_suite()));
}
