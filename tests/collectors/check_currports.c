/*
 * CurrPorts collector: /scomma with its header line (read by column
 * name), /stab without one (read in the default column order), hostile
 * rows, and sniffing against IANA's CSV.  Fixtures and their provenance:
 * tests/fixtures/currports/README.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define CP_FIX(f)	tu_fixture("currports/" f)

START_TEST(test_scomma_header)
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

	f = tu_read(CP_FIX("cports-scomma-header.csv"), NULL, "currports",
	    &in);
	tu_assert_lines(in, 17, 16, 1, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_ptr_nonnull(r = tu_nth(in, REC_SOCKET, (int)i));
		ck_assert_msg(r->u.sock.state == want[i], "socket %zu: state "
		    "%d", i, r->u.sock.state);
	}
	/* a listener: no remote port */
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 924, "svchost.exe");
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "10.1.20.41", 50000,
	    "10.1.20.42", 51234, ST_ESTABLISHED);
	tu_assert_owner(s, 676, "lsass.exe");
	tu_assert_sock(in, 13, PROTO_TCP, FAM_IPV6, "::", 135, "::", -1,
	    ST_LISTEN);
	s = tu_assert_sock(in, 14, PROTO_UDP, FAM_IPV4, "0.0.0.0", 53, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 2040, "dns.exe");
	tu_assert_sock(in, 15, PROTO_UDP, FAM_IPV6, "::", 500, NULL, -1,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_stab_headerless)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(CP_FIX("cports-stab.txt"), NULL, "currports", &in);
	tu_assert_lines(in, 5, 5, 0, 0);
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50000,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 676, "lsass.exe");
	tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV6, "::", 500, NULL, -1,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

/* Columns chosen and moved: read by their names. */
START_TEST(test_reordered_header)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(CP_FIX("cports-scomma-reordered.csv"), NULL, "currports",
	    &in);
	tu_assert_lines(in, 3, 2, 1, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 1433,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 3044, "sqlservr.exe");
	s = tu_assert_sock(in, 1, PROTO_UDP, FAM_IPV4, "0.0.0.0", 1434, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 2996, "sqlbrowser.exe");
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(CP_FIX("cports-hostile.csv"), NULL, "currports", &in);
	tu_assert_lines(in, 6, 1, 1, 4);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_BAD_STATE);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_CSV_COLUMNS);
	ck_assert_int_eq(tu_unparsed_code(in, 5), -1);	/* ICMP: skipped */
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_CSV_SYNTAX);
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	const struct collector	*c = collector_find("currports");
	const struct collector	*i = collector_find("iana-csv");

	ck_assert_int_eq(tu_sniff_file(c, CP_FIX("cports-scomma-header.csv")),
	    95);
	ck_assert_int_ge(tu_sniff_file(c, CP_FIX("cports-stab.txt")), 90);
	/* IANA's CSV has a port and a protocol where CurrPorts has them */
	ck_assert_int_gt(tu_sniff_file(c, CP_FIX("cports-hostile.csv")),
	    tu_sniff_file(i, CP_FIX("cports-hostile.csv")));
	ck_assert_int_eq(tu_sniff_file(c, tu_fixture(
	    "iana_csv/headerless.csv")), 0);
	ck_assert_int_eq(tu_sniff_file(c, tu_fixture(
	    "tcpvcon/tcpvcon-a-c.csv")), 0);
}
END_TEST

static Suite *
currports_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("currports");
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_scomma_header);
	tcase_add_test(tc, test_stab_headerless);
	tcase_add_test(tc, test_reordered_header);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(currports_suite()));
}
