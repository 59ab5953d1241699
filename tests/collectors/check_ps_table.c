/*
 * ps-table: the console tables of Get-NetTCPConnection and
 * Get-NetUDPEndpoint (tests/fixtures/powershell/README), every state,
 * IPv4 and IPv6, listeners with and without an owner, right-aligned
 * Select-Object tables, a narrow console, Invoke-Command's PSComputerName
 * column, and hostile rows.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define PT_HDR	"LocalAddress                        LocalPort " \
		"RemoteAddress                       RemotePort State       " \
		"AppliedSetting OwningProcess\r\n" \
		"------------                        --------- " \
		"-------------                       ---------- -----       " \
		"-------------- -------------\r\n"

START_TEST(test_fixture)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	static const enum sockstate states[] = {
		ST_TIME_WAIT, ST_CLOSE_WAIT, ST_SYN_SENT, ST_SYN_RECEIVED,
		ST_FIN_WAIT_1, ST_FIN_WAIT_2, ST_CLOSING, ST_LAST_ACK,
		ST_CLOSED, ST_CLOSED
	};
	int			 i;

	f = tu_read(tu_fixture("powershell/table-tcp-udp.txt"), NULL,
	    "ps-table", &in);
	/* 18 connections, 6 endpoints; prompts, headers, blanks known */
	tu_assert_lines(in, 36, 24, 12, 0);
	ck_assert_uint_eq(in->records, 24);
	ck_assert_uint_eq(in->nsubs, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV6, "::", 49669, "::", 0,
	    ST_LISTEN);
	tu_assert_owner(s, 700, NULL);
	/* a listener without an owner: OwningProcess empty */
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV6, "::1", 5939, "::", 0,
	    ST_LISTEN);
	tu_assert_owner(s, -1, NULL);
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6,
	    "fe80::5c2d:81ff:fe3a:91b2%12", 49702, "fe80::1%12", 445,
	    ST_ESTABLISHED);
	tu_assert_owner(s, 3312, NULL);
	s = tu_assert_sock(in, 5, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 884, NULL);
	/* Bound: not a listener */
	s = tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50001,
	    "0.0.0.0", 0, ST_BOUND);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(tu_nth(in, REC_SOCKET, 7 + i)->u.sock.state,
		    states[i]);
	ck_assert_int_eq(tu_nth(in, REC_SOCKET, 7)->u.sock.pid, 0);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 7)->line, 13);
	s = tu_assert_sock(in, 17, PROTO_TCP, FAM_IPV6, "::ffff:10.10.1.31",
	    8080, "::", 0, ST_LISTEN);
	/* the endpoint table: UDP, no remote side, no state */
	s = tu_assert_sock(in, 18, PROTO_UDP, FAM_IPV6, "::", 5355, NULL, -1,
	    ST_NONE);
	tu_assert_owner(s, -1, NULL);
	s = tu_assert_sock(in, 20, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5353, NULL,
	    -1, ST_NONE);
	s = tu_assert_sock(in, 23, PROTO_UDP, FAM_IPV6,
	    "fe80::5c2d:81ff:fe3a:91b2%12", 546, NULL, -1, ST_NONE);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 23)->line, 35);
	fleet_free(f);
}
END_TEST

/* Select-Object's numbers are right-aligned under their dashes. */
START_TEST(test_right_aligned)
{
	static const char text[] =
	    "LocalAddress LocalPort State       OwningProcess\n"
	    "------------ --------- -----       -------------\n"
	    "0.0.0.0            135 Listen                884\n"
	    "::               49669 Listen                700\n"
	    "10.0.0.5         50100 Established          4512\n";
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read_text(text, strlen(text), "ps-table", &in);
	tu_assert_lines(in, 5, 3, 2, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135, NULL,
	    -1, ST_LISTEN);
	tu_assert_owner(s, 884, NULL);
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "10.0.0.5", 50100, NULL,
	    -1, ST_ESTABLISHED);
	tu_assert_owner(s, 4512, NULL);
	fleet_free(f);
}
END_TEST

/* A narrow console dropped OwningProcess; a wide value is cut. */
START_TEST(test_narrow_and_cut)
{
	static const char text[] =
	    "LocalAddress                        LocalPort RemoteAddress"
	    "                       RemotePort State\n"
	    "------------                        --------- -------------"
	    "                       ---------- -----\n"
	    "2001:db8:aaaa:bbbb:cccc:dddd:eee... 443       ::"
	    "                                  0          Listen\n";
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read_text(text, strlen(text), "ps-table", &in);
	tu_assert_lines(in, 3, 1, 2, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV6,
	    "2001:db8:aaaa:bbbb:cccc:dddd:eee...", 443, "::", 0, ST_LISTEN);
	tu_assert_owner(s, -1, NULL);
	ck_assert_uint_eq(in->ndiag, 1);	/* the cut address, said */
	fleet_free(f);
}
END_TEST

/* Invoke-Command adds PSComputerName: rows go to their hosts. */
START_TEST(test_invoke_hosts)
{
	static const char text[] =
	    "LocalAddress LocalPort RemoteAddress RemotePort State  "
	    "OwningProcess PSComputerName\n"
	    "------------ --------- ------------- ---------- -----  "
	    "------------- --------------\n"
	    "0.0.0.0      88        0.0.0.0       0          Listen 612"
	    "           DC01\n"
	    "0.0.0.0      1433      0.0.0.0       0          Listen 2876"
	    "          sql01.corp.example\n"
	    "0.0.0.0      389       0.0.0.0       0          Listen 612"
	    "           dc01.corp.example\n";
	struct fleet		*f;
	struct input		*in, *dc, *sql;

	f = tu_read_text(text, strlen(text), "ps-table", &in);
	tu_assert_lines(in, 5, 3, 2, 0);
	ck_assert_uint_eq(in->nsubs, 2);
	ck_assert_uint_eq(in->records, 3);
	ck_assert_ptr_nonnull(dc = tu_sub(in, "DC01"));
	ck_assert_ptr_nonnull(sql = tu_sub(in, "sql01"));
	ck_assert_int_eq(tu_count(dc, REC_SOCKET), 2);
	tu_assert_sock(dc, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 389, "0.0.0.0",
	    0, ST_LISTEN);
	tu_assert_sock(sql, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 1433,
	    "0.0.0.0", 0, ST_LISTEN);
	ck_assert_int_eq(tu_count(in, REC_SOCKET), 0);
	fleet_free(f);
}
END_TEST

/* A port out of range, an unknown state, stray text: said, counted. */
START_TEST(test_hostile_rows)
{
	static const char text[] =
	    "some text before the table\n"
	    PT_HDR
	    "0.0.0.0                             70000     0.0.0.0"
	    "                             0          Listen                 "
	    "    1\n"
	    "0.0.0.0                             135       0.0.0.0"
	    "                             0          Frobbing               "
	    "    884\n"
	    "0.0.0.0                             136       0.0.0.0"
	    "                             0          42                     "
	    "    884\n"
	    "                                                   stray\n";
	struct fleet		*f;
	struct input		*in;

	f = tu_read_text(text, strlen(text), "ps-table", &in);
	tu_assert_lines(in, 7, 2, 2, 3);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_LINE_SHORT);
	/* an unknown state keeps the socket, without a state */
	tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135, "0.0.0.0",
	    0, ST_NONE);
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 136, "0.0.0.0",
	    0, ST_NONE);
	ck_assert_uint_eq(in->ndiag, 5);
	fleet_free(f);
}
END_TEST

/* A 10 MB line and a host name with a control character. */
START_TEST(test_hostile_big)
{
	struct fleet	*f;
	struct input	*in;
	char		*text;
	size_t		 n = 10 * 1024 * 1024, hl;
	static const char hdr[] =
	    "LocalAddress LocalPort PSComputerName\n"
	    "------------ --------- --------------\n"
	    "0.0.0.0      80        WEB\x01" "01\n";

	hl = strlen(hdr);
	text = xmalloc(hl + n + 2);
	memcpy(text, hdr, hl);
	memset(text + hl, 'x', n);
	memcpy(text + hl + n, "\n", 2);
	f = tu_read_text(text, hl + n + 1, "ps-table", &in);
	tu_assert_lines(in, 4, 1, 2, 1);
	ck_assert_ptr_nonnull(tu_sub(in, "WEB?01"));
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_LINE_SHORT);
	free(text);
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_file(tu_fixture("powershell/table-tcp-udp.txt"), NULL,
	    &in);
	ck_assert_str_eq(in->format, "ps-table");
	fleet_free(f);
	ck_assert_int_eq(tu_sniff_file(&collector_ps_table,
	    tu_sample("netstat/windows-en-netstat-ano.utf16le.txt")), 0);
	ck_assert_int_eq(tu_sniff_file(&collector_ps_table,
	    tu_fixture("powershell/export-tcp-ps51.csv")), 0);
	ck_assert_int_eq(tu_sniff_file(&collector_ps_table,
	    tu_fixture("powershell/list-connections.txt")), 0);
}
END_TEST

static Suite *
ps_table_suite(void)
{
	Suite	*s = suite_create("ps_table");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);		/* a 10 MB line, sanitizers */
	tcase_add_test(tc, test_fixture);
	tcase_add_test(tc, test_right_aligned);
	tcase_add_test(tc, test_narrow_and_cut);
	tcase_add_test(tc, test_invoke_hosts);
	tcase_add_test(tc, test_hostile_rows);
	tcase_add_test(tc, test_hostile_big);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(ps_table_suite()));
}
