/*
 * ps-csv: Export-Csv of Get-NetTCPConnection and Get-NetUDPEndpoint
 * (tests/fixtures/powershell/README): Windows PowerShell's #TYPE line and
 * CIM columns, PowerShell 7 without it, -UseCulture semicolons,
 * Invoke-Command's PSComputerName splitting one file into hosts, and
 * hostile rows (a host name holding a line feed, a quote left open, a
 * wrong enum, a port out of range, a row without its host).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

START_TEST(test_cim_export)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_fixture("powershell/export-tcp-ps51.csv"), NULL,
	    "ps-csv", &in);
	tu_assert_lines(in, 9, 7, 2, 0);
	ck_assert_uint_eq(in->records, 7);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 884, NULL);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 0)->line, 3);
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 445,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 4, NULL);
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV6, "::", 1433, "::", 0,
	    ST_LISTEN);
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "10.10.1.31", 1433,
	    "10.10.1.51", 50233, ST_ESTABLISHED);
	tu_assert_owner(s, 2876, NULL);
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.10.1.31", 49812,
	    "10.10.1.10", 88, ST_TIME_WAIT);
	tu_assert_owner(s, 0, NULL);
	s = tu_assert_sock(in, 5, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50001,
	    "0.0.0.0", 0, ST_BOUND);
	/* a listener without an owner */
	s = tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "127.0.0.1", 1434,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, -1, NULL);
	fleet_free(f);
}
END_TEST

/* PowerShell 7, -UseCulture: semicolons, no #TYPE, UDP by CimClass. */
START_TEST(test_udp_semicolon)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_fixture("powershell/export-udp-ps7-semicolon.csv"),
	    NULL, "ps-csv", &in);
	tu_assert_lines(in, 6, 5, 1, 0);
	s = tu_assert_sock(in, 0, PROTO_UDP, FAM_IPV4, "0.0.0.0", 123, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 1000, NULL);
	tu_assert_sock(in, 1, PROTO_UDP, FAM_IPV6, "::", 123, NULL, -1,
	    ST_NONE);
	s = tu_assert_sock(in, 3, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5355, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, -1, NULL);
	tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV6,
	    "fe80::5c2d:81ff:fe3a:91b2%12", 546, NULL, -1, ST_NONE);
	/* an empty PSComputerName: the file's own host */
	ck_assert_uint_eq(in->nsubs, 0);
	fleet_free(f);
}
END_TEST

/* Invoke-Command: one file, three hosts, names in any case and FQDN. */
START_TEST(test_invoke_split)
{
	struct fleet		*f;
	struct input		*in, *dc, *sql, *web;

	f = tu_read(tu_fixture("powershell/invoke-listen-3hosts.csv"), NULL,
	    "ps-csv", &in);
	tu_assert_lines(in, 9, 7, 2, 0);
	ck_assert_uint_eq(in->records, 7);
	ck_assert_uint_eq(in->nsubs, 3);
	ck_assert_int_eq(tu_count(in, REC_SOCKET), 0);
	ck_assert_ptr_nonnull(dc = tu_sub(in, "DC01"));
	ck_assert_ptr_nonnull(sql = tu_sub(in, "sql01"));
	ck_assert_ptr_nonnull(web = tu_sub(in, "WEB01"));
	ck_assert_int_eq(tu_count(dc, REC_SOCKET), 3);	/* DC01, dc01 */
	ck_assert_int_eq(tu_count(sql, REC_SOCKET), 2);	/* both spellings */
	ck_assert_int_eq(tu_count(web, REC_SOCKET), 2);
	tu_assert_sock(dc, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135, "0.0.0.0",
	    0, ST_LISTEN);
	tu_assert_sock(sql, 1, PROTO_TCP, FAM_IPV4, "10.10.1.31", 1433,
	    "10.10.1.51", 50233, ST_ESTABLISHED);
	ck_assert_uint_eq(tu_nth(sql, REC_SOCKET, 1)->line, 8);
	ck_assert_ptr_eq(tu_nth(sql, REC_SOCKET, 1)->in, sql);
	/* one input in the fleet, as the reports list it */
	ck_assert_uint_eq(f->ninputs, 1);
	fleet_free(f);
}
END_TEST

/* Unquoted PowerShell 7 output, and a second table appended. */
START_TEST(test_unquoted_two_tables)
{
	static const char text[] =
	    "LocalAddress,LocalPort,RemoteAddress,RemotePort,State,"
	    "OwningProcess\n"
	    "0.0.0.0,135,0.0.0.0,0,Listen,884\n"
	    "::,445,::,0,2,4\n"
	    "#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/"
	    "StandardCimv2/MSFT_NetUDPEndpoint\n"
	    "\"LocalAddress\",\"LocalPort\",\"OwningProcess\"\n"
	    "\"0.0.0.0\",\"500\",\"3044\"\n";
	struct fleet		*f;
	struct input		*in;

	f = tu_read_text(text, strlen(text), "ps-csv", &in);
	tu_assert_lines(in, 6, 3, 3, 0);
	tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135, "0.0.0.0",
	    0, ST_LISTEN);
	/* State as the enum's number */
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV6, "::", 445, "::", 0,
	    ST_LISTEN);
	tu_assert_sock(in, 2, PROTO_UDP, FAM_IPV4, "0.0.0.0", 500, NULL, -1,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

/* A quoted host name holding a line feed: one row over two lines. */
START_TEST(test_newline_host)
{
	static const char text[] =
	    "\"LocalAddress\",\"LocalPort\",\"State\",\"PSComputerName\"\n"
	    "\"0.0.0.0\",\"80\",\"Listen\",\"WEB01\n"
	    "EVIL\"\n"
	    "\"0.0.0.0\",\"81\",\"Listen\",\"WEB02\"\n";
	struct fleet		*f;
	struct input		*in, *sub;

	f = tu_read_text(text, strlen(text), "ps-csv", &in);
	tu_assert_lines(in, 4, 2, 2, 0);
	ck_assert_ptr_nonnull(sub = tu_sub(in, "WEB01?EVIL"));
	ck_assert_uint_eq(tu_nth(sub, REC_SOCKET, 0)->line, 2);
	ck_assert_ptr_nonnull(tu_sub(in, "WEB02"));
	ck_assert_uint_eq(in->ndiag, 1);		/* host-name */
	fleet_free(f);
}
END_TEST

/* Bad rows are unparsed with their reason; the rest is read. */
START_TEST(test_hostile_rows)
{
	static const char text[] =
	    "\"0.0.0.0\",\"1\"\n"				/* 1 no header */
	    "\"LocalAddress\",\"LocalPort\",\"RemotePort\",\"State\","
	    "\"PSComputerName\"\n"
	    "\"0.0.0.0\",\"70000\",\"0\",\"Listen\",\"A\"\n"	/* 3 port */
	    "\"0.0.0.0\",\"135\",\"0\",\"99\",\"A\"\n"	/* 4 enum */
	    "\"0.0.0.0\",\"136\",\"0\",\"Listen\"\n"		/* 5 columns */
	    "\"0.0.0.0\",\"137\",\"0\",\"Listen\",\"\"\n"	/* 6 no host */
	    "\"0.0\"0.0\",\"138\",\"0\",\"Listen\",\"A\"\n"	/* 7 syntax */
	    "\"0.0.0.0\",\"139\",\"0\",\"Listen\",\"B\"\n"	/* 8 fine */
	    "\"0.0.0.0\",\"140\",\"0\",\"Listen\",\"open\n"	/* 9 never */
	    "closed\n";
	struct fleet		*f;
	struct input		*in;

	f = tu_read_text(text, strlen(text), "ps-csv", &in);
	tu_assert_lines(in, 10, 2, 1, 7);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_CSV_COLUMNS);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_CSV_COLUMNS);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_NO_HOST);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_CSV_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 9), DIAG_CSV_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 10), DIAG_CSV_SYNTAX);
	/* the unknown enum keeps its socket, without a state */
	tu_assert_sock(tu_sub(in, "A"), 0, PROTO_TCP, FAM_IPV4, "0.0.0.0",
	    135, NULL, 0, ST_NONE);
	tu_assert_sock(tu_sub(in, "B"), 0, PROTO_TCP, FAM_IPV4, "0.0.0.0",
	    139, NULL, 0, ST_LISTEN);
	fleet_free(f);
}
END_TEST

/* A 10 MB field: read whole by libcsv, the row over the limit said. */
START_TEST(test_big_line)
{
	struct fleet	*f;
	struct input	*in;
	char		*text;
	size_t		 n = 10 * 1024 * 1024, hl;
	static const char hdr[] = "LocalAddress,LocalPort,PSComputerName\n"
	    "0.0.0.0,80,";

	hl = strlen(hdr);
	text = xmalloc(hl + n + 2);
	memcpy(text, hdr, hl);
	memset(text + hl, 'h', n);
	memcpy(text + hl + n, "\n", 2);
	f = tu_read_text(text, hl + n + 1, "ps-csv", &in);
	tu_assert_lines(in, 2, 1, 1, 0);
	/* the line is cut at 1 MiB, the name at 255 bytes: both said */
	ck_assert_uint_eq(in->nsubs, 1);
	ck_assert_uint_eq(strlen(in->subs->host->name), 255);
	ck_assert_uint_eq(in->ndiag, 2);
	free(text);
	fleet_free(f);
}
END_TEST

/* inspect prints a shared export host by host, hosts in first-seen order. */
START_TEST(test_inspect_order)
{
	static const char *const want[] = {
		"3,\"DC01\"", "5,\"DC01\"", "9,\"DC01\"", "4,\"sql01\"",
		"8,\"sql01\"", "6,\"WEB01\"", "7,\"WEB01\""
	};
	char		*out, *at, *prev;
	size_t		 i;

	out = tu_output("./portaudit inspect -q --format csv "
	    "tests/fixtures/powershell/invoke-listen-3hosts.csv");
	prev = out;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_msg((at = strstr(prev, want[i])) != NULL,
		    "%s missing or out of order", want[i]);
		prev = at;
	}
	free(out);
}
END_TEST

START_TEST(test_sniff)
{
	static const char *const ours[] = {
		"powershell/export-tcp-ps51.csv",
		"powershell/export-udp-ps7-semicolon.csv",
		"powershell/invoke-listen-3hosts.csv",
	};
	struct fleet	*f;
	struct input	*in;
	size_t		 i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		f = tu_parse_file(tu_fixture(ours[i]), NULL, &in);
		ck_assert_pstr_eq(in->format, "ps-csv");
		fleet_free(f);
	}
	ck_assert_int_eq(tu_sniff_file(&collector_ps_csv, tu_sample(
	    "services/iana-service-names-port-numbers-2024-05.part1of2.csv")),
	    0);
	ck_assert_int_eq(tu_sniff_file(&collector_ps_csv,
	    tu_fixture("powershell/table-tcp-udp.txt")), 0);
}
END_TEST

static Suite *
ps_csv_suite(void)
{
	Suite	*s = suite_create("ps_csv");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);		/* 10 MB under the sanitizers */
	tcase_add_test(tc, test_cim_export);
	tcase_add_test(tc, test_udp_semicolon);
	tcase_add_test(tc, test_invoke_split);
	tcase_add_test(tc, test_unquoted_two_tables);
	tcase_add_test(tc, test_newline_host);
	tcase_add_test(tc, test_hostile_rows);
	tcase_add_test(tc, test_big_line);
	tcase_add_test(tc, test_inspect_order);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(ps_csv_suite()));
}
