/*
 * ps-json: ConvertTo-Json of Get-NetTCPConnection, Get-NetUDPEndpoint and
 * Get-ItemProperty (tests/fixtures/powershell/README): Windows PowerShell
 * 5.1's CIM objects with State as a number, PowerShell 7's single object
 * with -EnumsAsStrings, -Compress on one line, registry values of two
 * hosts; the lines an object spans; hostile JSON (cut short, garbage
 * between objects, a wrong enum, a host name with a newline, 10 MB on one
 * line).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

START_TEST(test_cim_ps51)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_fixture("powershell/json-tcp-ps51.json"), NULL,
	    "ps-json", &in);
	/* 7 objects of 57 lines, "[" and "]": every other line known */
	tu_assert_lines(in, 396, 7, 389, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 884, NULL);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 0)->line, 2);
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV6, "::", 1433, "::", 0,
	    ST_LISTEN);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 1)->line, 59);
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV6, "2001:db8:10:1::31",
	    1433, "2001:db8:10:20::88", 53122, ST_ESTABLISHED);
	tu_assert_owner(s, 2876, NULL);
	tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50001,
	    "0.0.0.0", 0, ST_BOUND);			/* 100 */
	tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.10.1.31", 49812,
	    "10.10.1.10", 88, ST_TIME_WAIT);		/* 11 */
	s = tu_assert_sock(in, 5, PROTO_TCP, FAM_IPV4, "127.0.0.1", 1434,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, -1, NULL);			/* null */
	/* MSFT_NetUDPEndpoint, told by CimSystemProperties */
	s = tu_assert_sock(in, 6, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5353, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 1500, NULL);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 6)->line, 344);
	fleet_free(f);
}
END_TEST

/* PowerShell 7: one object, not wrapped; State by name; a host. */
START_TEST(test_single_ps7)
{
	struct fleet		*f;
	struct input		*in, *app;

	f = tu_read(tu_fixture("powershell/json-one-ps7.json"), NULL,
	    "ps-json", &in);
	tu_assert_lines(in, 12, 1, 11, 0);
	ck_assert_ptr_nonnull(app = tu_sub(in, "APP01"));
	tu_assert_sock(app, 0, PROTO_TCP, FAM_IPV6, "::", 3389, "::", 0,
	    ST_LISTEN);
	ck_assert_uint_eq(tu_nth(app, REC_SOCKET, 0)->line, 1);
	fleet_free(f);
}
END_TEST

/* -Compress: three hosts' objects on one line. */
START_TEST(test_compress)
{
	struct fleet		*f;
	struct input		*in;

	f = tu_read(tu_fixture("powershell/json-compress-3hosts.json"), NULL,
	    "ps-json", &in);
	tu_assert_lines(in, 1, 1, 0, 0);
	ck_assert_uint_eq(in->records, 3);
	ck_assert_uint_eq(in->nsubs, 3);
	tu_assert_sock(tu_sub(in, "DC01"), 0, PROTO_TCP, FAM_IPV4, "0.0.0.0",
	    88, "0.0.0.0", 0, ST_LISTEN);
	tu_assert_sock(tu_sub(in, "sql01"), 0, PROTO_TCP, FAM_IPV4,
	    "0.0.0.0", 1433, "0.0.0.0", 0, ST_LISTEN);
	tu_assert_sock(tu_sub(in, "WEB01"), 0, PROTO_TCP, FAM_IPV6, "::", 443,
	    "::", 0, ST_LISTEN);
	fleet_free(f);
}
END_TEST

/* Get-ItemProperty of two hosts: values, and what the KB makes of them. */
START_TEST(test_registry)
{
	struct fleet		*f;
	struct input		*in, *dc, *ex;
	struct record		*r;
	int			 i, rpc = 0;

	f = tu_read(tu_fixture("powershell/json-registry-2hosts.json"), NULL,
	    "ps-json", &in);
	tu_assert_lines(in, 147, 4, 143, 0);
	ck_assert_uint_eq(in->nsubs, 2);
	ck_assert_ptr_nonnull(dc = tu_sub(in, "DC01"));	/* both spellings */
	ck_assert_ptr_nonnull(ex = tu_sub(in, "EXCH01"));
	r = tu_nth(dc, REC_REGVALUE, 0);
	ck_assert_str_eq(r->u.reg.key, "HKEY_LOCAL_MACHINE\\SYSTEM\\"
	    "CurrentControlSet\\Services\\Tcpip\\Parameters");
	ck_assert_str_eq(r->u.reg.name, "MaxUserPort");
	ck_assert_int_eq(r->u.reg.rtype, REGT_DWORD);
	ck_assert_uint_eq(r->u.reg.num, 65534);
	r = tu_nth(dc, REC_REGVALUE, 1);
	ck_assert_int_eq(r->u.reg.rtype, REGT_MULTI_SZ);
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[1], "3268-3269");
	r = tu_nth(dc, REC_REGVALUE, 3);		/* -1 as an Int32 */
	ck_assert_str_eq(r->u.reg.name, "DeadGWDetectDefault");
	ck_assert_uint_eq(r->u.reg.num, 0xffffffffULL);
	/* the knowledge base: MaxUserPort, ReservedPorts, NTDS, RPC pool */
	ck_assert_int_eq(tu_count(dc, REC_SETTING), 1);
	ck_assert_int_eq(tu_nth(dc, REC_SETTING, 0)->u.set.port, 50000);
	for (i = 0; (r = tu_nth(dc, REC_RANGE, i)) != NULL; i++)
		if (r->u.rng.what == RANGE_RPC) {
			ck_assert_int_eq(r->u.rng.first, 5000);
			ck_assert_int_eq(r->u.rng.last, 5100);
			rpc++;
		}
	ck_assert_int_gt(rpc, 0);
	/* EXCH01's pool is its own, not DC01's */
	for (i = 0; (r = tu_nth(ex, REC_RANGE, i)) != NULL; i++) {
		ck_assert_int_eq(r->u.rng.what, RANGE_RPC);
		ck_assert_int_eq(r->u.rng.first, 6000);
	}
	ck_assert_int_gt(i, 0);
	r = tu_nth(ex, REC_REGVALUE, 3);
	ck_assert_int_eq(r->u.reg.rtype, REGT_BINARY);
	ck_assert_str_eq(r->u.reg.str, "30,82,01,0a");
	fleet_free(f);
}
END_TEST

/* Every State number of MSFT_NetTCPConnection, as ConvertTo-Json writes. */
START_TEST(test_state_numbers)
{
	static const struct {
		int		 num;
		enum sockstate	 st;
	} want[] = {
		{ 1, ST_CLOSED }, { 2, ST_LISTEN }, { 3, ST_SYN_SENT },
		{ 4, ST_SYN_RECEIVED }, { 5, ST_ESTABLISHED },
		{ 6, ST_FIN_WAIT_1 }, { 7, ST_FIN_WAIT_2 },
		{ 8, ST_CLOSE_WAIT }, { 9, ST_CLOSING }, { 10, ST_LAST_ACK },
		{ 11, ST_TIME_WAIT }, { 12, ST_CLOSED }, { 100, ST_BOUND },
		{ 0, ST_NONE }, { 13, ST_NONE }, { 255, ST_NONE }
	};
	struct fleet	*f;
	struct input	*in;
	char		 text[4096];
	size_t		 i, n = 0, k = sizeof(want) / sizeof(want[0]);

	n += snprintf(text + n, sizeof(text) - n, "[\n");
	for (i = 0; i < k; i++)
		n += snprintf(text + n, sizeof(text) - n, "  {\"LocalAddress\": "
		    "\"10.0.0.1\", \"LocalPort\": %zu, \"RemoteAddress\": "
		    "\"10.0.0.2\", \"RemotePort\": 443, \"State\": %d}%s\n",
		    1000 + i, want[i].num, i + 1 < k ? "," : "");
	n += snprintf(text + n, sizeof(text) - n, "]\n");
	f = tu_read_text(text, n, "ps-json", &in);
	tu_assert_lines(in, k + 2, k, 2, 0);
	for (i = 0; i < k; i++)
		tu_assert_sock(in, (int)i, PROTO_TCP, FAM_IPV4, "10.0.0.1",
		    1000 + (int)i, "10.0.0.2", 443, want[i].st);
	ck_assert_uint_eq(in->ndiag, 3);	/* 0, 13, 255: bad-state */
	fleet_free(f);
}
END_TEST

/* Windows NT\CurrentVersion of two hosts: each host gets its own OS. */
START_TEST(test_registry_os)
{
	static const char text[] =
	    "[{\"ProductName\": \"Windows Server 2016 Datacenter\", "
	    "\"CurrentVersion\": \"6.3\", \"CurrentBuildNumber\": \"14393\", "
	    "\"InstallationType\": \"Server\", \"PSPath\": \"Microsoft."
	    "PowerShell.Core\\\\Registry::HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\"
	    "Microsoft\\\\Windows NT\\\\CurrentVersion\", \"PSComputerName\": "
	    "\"SQL01\"},\n"
	    " {\"ProductName\": \"Windows Server 2008 R2 Enterprise\", "
	    "\"CurrentVersion\": \"6.1\", \"CurrentBuildNumber\": \"7601\", "
	    "\"InstallationType\": \"Server\", \"PSPath\": \"Microsoft."
	    "PowerShell.Core\\\\Registry::HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\"
	    "Microsoft\\\\Windows NT\\\\CurrentVersion\", \"PSComputerName\": "
	    "\"APP01\"}]\n";
	struct fleet	*f;
	struct input	*in, *sql, *app;

	f = tu_read_text(text, strlen(text), "ps-json", &in);
	tu_assert_lines(in, 2, 2, 0, 0);
	ck_assert_ptr_nonnull(sql = tu_sub(in, "SQL01"));
	ck_assert_ptr_nonnull(app = tu_sub(in, "APP01"));
	ck_assert_ptr_nonnull(sql->host->os);
	ck_assert_ptr_nonnull(strstr(sql->host->os, "2016"));
	ck_assert_ptr_nonnull(app->host->os);
	ck_assert_ptr_nonnull(strstr(app->host->os, "2008 R2"));
	ck_assert_ptr_null(in->host->os);	/* the file's folder: none */
	fleet_free(f);
}
END_TEST

/* Cut short: the object that breaks and every line after it unparsed. */
START_TEST(test_truncated)
{
	static const char text[] =
	    "[\n"
	    "    {\n"
	    "        \"LocalAddress\":  \"0.0.0.0\",\n"
	    "        \"LocalPort\":  135,\n"
	    "        \"State\":  2\n"
	    "    },\n"
	    "    {\n"
	    "        \"LocalAddress\":  \"0.0.0.0\",\n"
	    "        \"LocalPort\":  4";
	struct fleet		*f;
	struct input		*in;

	f = tu_read_text(text, strlen(text), "ps-json", &in);
	tu_assert_lines(in, 9, 1, 5, 3);
	tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 135, NULL, -1,
	    ST_LISTEN);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_JSON_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 9), DIAG_JSON_SYNTAX);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
}
END_TEST

/* Garbage between objects; an unknown enum; a port out of range. */
START_TEST(test_hostile_values)
{
	static const char text[] =
	    "{\"LocalAddress\": \"::\", \"LocalPort\": 80, \"State\": 42}\n"
	    "{\"LocalAddress\": \"::\", \"LocalPort\": 65536, \"State\": 2}\n"
	    "{\"Name\": \"not a socket\"}\n"
	    "{\"LocalAddress\": \"::\", \"LocalPort\": 81, \"State\": \"Listen\"}\n"
	    "garbage\n"
	    "{\"LocalAddress\": \"::\", \"LocalPort\": 82}\n";
	struct fleet		*f;
	struct input		*in;

	f = tu_read_text(text, strlen(text), "ps-json", &in);
	tu_assert_lines(in, 6, 2, 0, 4);
	tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV6, "::", 80, NULL, -1,
	    ST_NONE);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_LINE_UNKNOWN);
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV6, "::", 81, NULL, -1,
	    ST_LISTEN);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_JSON_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_JSON_SYNTAX);
	fleet_free(f);
}
END_TEST

/* A newline and a NUL inside PSComputerName; 10 MB on one line. */
START_TEST(test_hostile_host)
{
	static const char text[] =
	    "[{\"LocalPort\": 80, \"PSComputerName\": \"WEB01\\nEVIL\"},\n"
	    " {\"LocalPort\": 81, \"PSComputerName\": \"WEB02\\u0000X\"}]\n";
	struct fleet	*f;
	struct input	*in;
	char		*big;
	size_t		 n = 10 * 1024 * 1024;

	f = tu_read_text(text, strlen(text), "ps-json", &in);
	tu_assert_lines(in, 2, 2, 0, 0);
	ck_assert_ptr_nonnull(tu_sub(in, "WEB01?EVIL"));
	ck_assert_ptr_nonnull(tu_sub(in, "WEB02?X"));
	ck_assert_uint_eq(in->ndiag, 2);
	fleet_free(f);
	/* one object with a 10 MB string, then a second object */
	big = xmalloc(n + 128);
	strcpy(big, "[{\"LocalPort\": 80, \"Junk\": \"");
	memset(big + strlen(big), 'j', n);
	strcpy(big + 28 + n, "\"},\n{\"LocalPort\": 81}]\n");
	f = tu_read_text(big, strlen(big), "ps-json", &in);
	tu_assert_lines(in, 2, 2, 0, 0);
	ck_assert_int_eq(tu_count(in, REC_SOCKET), 2);
	free(big);
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	static const char *const ours[] = {
		"powershell/json-tcp-ps51.json",
		"powershell/json-one-ps7.json",
		"powershell/json-compress-3hosts.json",
		"powershell/json-registry-2hosts.json",
	};
	static const char osq[] = "{\"name\":\"pack_ports\",\"hostIdentifier\":"
	    "\"web01\",\"columns\":{\"port\":\"80\"}}\n";
	struct fleet	*f;
	struct input	*in;
	size_t		 i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		f = tu_parse_file(tu_fixture(ours[i]), NULL, &in);
		ck_assert_pstr_eq(in->format, "ps-json");
		fleet_free(f);
	}
	ck_assert_int_eq(collector_ps_json.sniff(osq, strlen(osq)), 0);
}
END_TEST

static Suite *
ps_json_suite(void)
{
	Suite	*s = suite_create("ps_json");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cim_ps51);
	tcase_add_test(tc, test_single_ps7);
	tcase_add_test(tc, test_compress);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_state_numbers);
	tcase_add_test(tc, test_registry_os);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_hostile_values);
	tcase_add_test(tc, test_hostile_host);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(ps_json_suite()));
}
