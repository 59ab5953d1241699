/*
 * osquery collector: osqueryi --json and --csv results of listening_ports,
 * process_open_sockets and registry, the daemon's results log split into
 * its hosts, and hostile input (cut JSON, bad enums, a host name with a
 * newline, a 10 MB line).  Fixtures and their provenance: tests/fixtures/
 * osquery/README.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define OSQ_FIX(f)	tu_fixture("osquery/" f)

/* The n-th record of a kind across an input and its sub-inputs' host. */
static struct record *
osq_nth(struct input *in, const char *host, enum rkind kind, int n)
{
	struct input	*sub;

	ck_assert_msg((sub = tu_sub(in, host)) != NULL, "no host %s", host);
	return (tu_nth(sub, kind, n));
}

START_TEST(test_listening_ports_linux)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	f = tu_read(OSQ_FIX("osqueryi-listening-ports-linux.json"), NULL,
	    "osquery", &in);
	/* glog, "[", 7 objects of 11 lines, "]"; AF_UNIX builds nothing */
	tu_assert_lines(in, 80, 6, 74, 0);
	ck_assert_uint_eq(in->records, 6);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, NULL,
	    -1, ST_LISTEN);
	tu_assert_owner(s, 812, NULL);
	r = tu_nth(in, REC_SOCKET, 0);
	ck_assert_uint_eq(r->line, 3);
	/* a pretty-printed object is its own evidence, on one line */
	ck_assert_ptr_nonnull(strstr(r->text, "\"port\":\"22\""));
	ck_assert_ptr_null(strchr(r->text, '\n'));
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV6, "::", 22, NULL, -1,
	    ST_LISTEN);
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "127.0.0.1", 5432,
	    NULL, -1, ST_LISTEN);
	tu_assert_owner(s, 1204, NULL);
	/* a kernel socket (nfsd): no owner */
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 2049, NULL,
	    -1, ST_LISTEN);
	tu_assert_owner(s, -1, NULL);
	/* listening_ports lists bound UDP sockets too: no state */
	s = tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV4, "0.0.0.0", 68, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 598, NULL);
	tu_assert_sock(in, 5, PROTO_UDP, FAM_IPV6, "fe80::5054:ff:fe12:3456",
	    123, NULL, -1, ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_sockets_win_every_state)
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

	f = tu_read(OSQ_FIX("osqueryi-sockets-win.json"), NULL, "osquery",
	    &in);
	tu_assert_lines(in, 255, 17, 238, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_ptr_nonnull(r = tu_nth(in, REC_SOCKET, (int)i));
		ck_assert_msg(r->u.sock.state == want[i], "socket %zu: state "
		    "%d", i, r->u.sock.state);
	}
	ck_assert_ptr_null(tu_nth(in, REC_SOCKET, 17));
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50000,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 676, "lsass.exe");
	/* family 23 is Windows' AF_INET6 */
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6, "::", 135, "::", 0,
	    ST_LISTEN);
	tu_assert_owner(s, 948, "svchost.exe");
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.1.20.11", 50000,
	    "10.1.20.12", 51234, ST_ESTABLISHED);
	/* TIME_WAIT belongs to the idle process: pid 0, no name */
	s = tu_assert_sock(in, 12, PROTO_TCP, FAM_IPV4, "10.1.20.11", 49805,
	    "10.1.30.8", 389, ST_TIME_WAIT);
	tu_assert_owner(s, 0, NULL);
	tu_assert_sock(in, 14, PROTO_TCP, FAM_IPV6,
	    "fe80::1c2d:3e4f:5a6b:7c8d", 49807, "fe80::aa:bb", 445, ST_CLOSED);
	s = tu_assert_sock(in, 15, PROTO_UDP, FAM_IPV4, "0.0.0.0", 53, "0", 0,
	    ST_NONE);
	tu_assert_owner(s, 2040, "dns.exe");
	tu_assert_sock(in, 16, PROTO_UDP, FAM_IPV6, "::", 500, "0", 0,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_csv)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(OSQ_FIX("osqueryi-sockets.csv"), NULL, "osquery", &in);
	tu_assert_lines(in, 8, 6, 2, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22,
	    "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 812, "sshd");
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV6, "::", 22, "::", 0,
	    ST_LISTEN);
	tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "10.2.0.15", 22,
	    "10.2.0.1", 52114, ST_ESTABLISHED);
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "10.2.0.15", 40112,
	    "10.2.9.9", 443, ST_TIME_WAIT);
	tu_assert_owner(s, -1, NULL);
	/* the kernel's SYN_RECV */
	tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.2.0.15", 443,
	    "10.2.0.77", 61022, ST_SYN_RECEIVED);
	/* UDP: the kernel's CLOSE is no state */
	s = tu_assert_sock(in, 5, PROTO_UDP, FAM_IPV6, "::1", 323, "::", 0,
	    ST_NONE);
	tu_assert_owner(s, 640, "chronyd");
	fleet_free(f);
}
END_TEST

/* A short row and an unclosed quote lose only their own lines. */
START_TEST(test_csv_broken)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(OSQ_FIX("osqueryi-broken.csv"), NULL, "osquery", &in);
	tu_assert_lines(in, 5, 2, 1, 2);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_CSV_COLUMNS);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_CSV_SYNTAX);
	tu_assert_sock(in, 1, PROTO_UDP, FAM_IPV6, "::1", 323, "::", 0,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

static struct record *
osq_regvalue(struct input *in, const char *name)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE && r->u.reg.name != NULL &&
		    strcmp(r->u.reg.name, name) == 0)
			return (r);
	ck_abort_msg("no registry value %s", name);
	return (NULL);
}

static struct record *
osq_setting(struct input *in, int port)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SETTING && r->u.set.port == port)
			return (r);
	return (NULL);
}

START_TEST(test_registry)
{
	struct fleet		*f;
	struct input		*in;
	struct record		*r;
	const struct regvaluerec *v;

	f = tu_read(OSQ_FIX("osqueryi-registry-dc01.json"), NULL, "osquery",
	    &in);
	/* 10 rows of 8 lines; the subkey row builds nothing */
	tu_assert_lines(in, 82, 9, 73, 0);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 9);
	v = &osq_regvalue(in, "TCP/IP Port")->u.reg;
	ck_assert_int_eq(v->rtype, REGT_DWORD);
	ck_assert_uint_eq(v->num, 50000);
	ck_assert_str_eq(v->key, "HKEY_LOCAL_MACHINE\\SYSTEM\\"
	    "CurrentControlSet\\Services\\NTDS\\Parameters");
	/* the knowledge base saw them: NTDS and Netlogon pin ports */
	ck_assert_ptr_nonnull(r = osq_setting(in, 50000));
	ck_assert_str_eq(r->u.set.service, "NTDS");
	ck_assert_ptr_nonnull(r = osq_setting(in, 50001));
	ck_assert_str_eq(r->u.set.service, "Netlogon");
	/* osquery writes a DWORD as a signed decimal */
	v = &osq_regvalue(in, "MaxUserPort")->u.reg;
	ck_assert_uint_eq(v->num, 0xffffffffULL);
	/* MULTI_SZ strings joined with commas; DCOM endpoints kept whole */
	v = &osq_regvalue(in, "Ports")->u.reg;
	ck_assert_int_eq(v->nmulti, 2);
	ck_assert_str_eq(v->multi[0], "5000-5100");
	ck_assert_str_eq(v->multi[1], "5200");
	v = &osq_regvalue(in, "Endpoints")->u.reg;
	ck_assert_int_eq(v->nmulti, 2);
	ck_assert_str_eq(v->multi[0], "ncacn_ip_tcp,0,5150");
	ck_assert_str_eq(v->multi[1], "ncacn_ip_tcp,0,5151");
	ck_assert_ptr_nonnull(osq_setting(in, 5151));
	/* "(Default)" is the default value; binary as the .reg collector */
	v = &osq_regvalue(in, "")->u.reg;
	ck_assert_int_eq(v->rtype, REGT_BINARY);
	ck_assert_str_eq(v->str, "0a,1b");
	/* the Rpc\Internet pool, settled when the input ends */
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_RANGE && r->u.rng.what == RANGE_RPC)
			break;
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.rng.first, 5000);
	fleet_free(f);
}
END_TEST

/* One results log, four hosts; every line counted once, in the log. */
START_TEST(test_results_log_hosts)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	f = tu_read(OSQ_FIX("results-fleet.log"), NULL, "osquery", &in);
	/* lines 3 (removed) and 4 (another query) build nothing */
	tu_assert_lines(in, 9, 7, 2, 0);
	ck_assert_uint_eq(in->nsubs, 4);
	ck_assert_int_eq(tu_count(in, REC_SOCKET), 0);
	/* the FQDN names the host by its short name */
	ck_assert_ptr_nonnull(tu_sub(in, "web01"));
	ck_assert_int_eq(tu_count(tu_sub(in, "web01"), REC_SOCKET), 3);
	r = osq_nth(in, "web01", REC_SOCKET, 2);
	ck_assert_uint_eq(r->line, 9);
	ck_assert_int_eq(r->u.sock.local_port, 9100);
	/* the removed 8080 is nowhere */
	ck_assert_ptr_null(tu_find_sock(tu_sub(in, "web01"), PROTO_TCP,
	    "0.0.0.0", 8080));
	/* a snapshot line: three sockets and a registry value */
	ck_assert_int_eq(tu_count(tu_sub(in, "DC01"), REC_SOCKET), 3);
	s = tu_assert_sock(tu_sub(in, "DC01"), 0, PROTO_TCP, FAM_IPV4,
	    "0.0.0.0", 50000, "0.0.0.0", 0, ST_LISTEN);
	tu_assert_owner(s, 676, "lsass.exe");
	r = osq_nth(in, "DC01", REC_SOCKET, 2);
	ck_assert_ptr_nonnull(strstr(r->text, "dns.exe"));
	ck_assert_ptr_null(strstr(r->text, "lsass.exe"));
	ck_assert_ptr_nonnull(osq_setting(tu_sub(in, "DC01"), 50000));
	/* batch format with numerics: added rows only */
	ck_assert_int_eq(tu_count(tu_sub(in, "db02"), REC_SOCKET), 2);
	s = tu_assert_sock(tu_sub(in, "db02"), 0, PROTO_TCP, FAM_IPV4,
	    "0.0.0.0", 33060, NULL, -1, ST_LISTEN);
	tu_assert_owner(s, 1402, NULL);
	tu_assert_sock(tu_sub(in, "db02"), 1, PROTO_UDP, FAM_IPV4,
	    "10.3.0.20", 161, NULL, -1, ST_NONE);
	/* an empty hostIdentifier: the decorations' hostname */
	ck_assert_int_eq(tu_count(tu_sub(in, "mail03"), REC_SOCKET), 1);
	fleet_free(f);
}
END_TEST

/* Hourly snapshots repeat what did not change: read once per host. */
START_TEST(test_snapshots_repeat)
{
	struct fleet	*f;
	struct input	*in, *dc;

	f = tu_read(OSQ_FIX("snapshots-hourly.log"), NULL, "osquery", &in);
	/* the second registry snapshot repeats the first: a known line */
	tu_assert_lines(in, 5, 4, 1, 0);
	ck_assert_ptr_nonnull(dc = tu_sub(in, "DC01"));
	ck_assert_int_eq(tu_count(dc, REC_SOCKET), 3);
	ck_assert_ptr_nonnull(tu_find_sock(dc, PROTO_TCP, "0.0.0.0", 135));
	ck_assert_int_eq(tu_count(dc, REC_SETTING), 1);
	ck_assert_int_eq(tu_count(dc, REC_REGVALUE), 1);
	/* the same row on another host is that host's */
	ck_assert_int_eq(tu_count(tu_sub(in, "web01"), REC_SOCKET), 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile)
{
	struct fleet	*f;
	struct input	*in, *evil;

	f = tu_read(OSQ_FIX("hostile.log"), NULL, "osquery", &in);
	/* records on 1, 3, 6; 11 is no IP socket; 2, 4-5, 7-10, 12-15 */
	tu_assert_lines(in, 15, 3, 1, 11);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_JSON_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 3), -1);
	ck_assert_int_eq(tu_count(tu_sub(in, "web01"), REC_SOCKET), 2);
	ck_assert_ptr_nonnull(tu_find_sock(tu_sub(in, "web01"), PROTO_TCP,
	    "0.0.0.0", 443));
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_BAD_STATE);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_BAD_PORT);
	/* the newline is cleaned out of the name, the record kept */
	ck_assert_ptr_nonnull(evil = tu_sub(in, "evil?host"));
	ck_assert_int_eq(tu_count(evil, REC_SOCKET), 1);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_FIELD_MISSING);
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 9), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 10), DIAG_BAD_NUMBER);
	ck_assert_int_eq(tu_unparsed_code(in, 11), -1);
	/* a log line naming no host goes to no host */
	ck_assert_int_eq(tu_unparsed_code(in, 12), DIAG_NO_HOST);
	ck_assert_ptr_null(tu_find_sock(in, PROTO_TCP, "0.0.0.0", 86));
	/* a value cut at the end of the file: each of its lines */
	ck_assert_int_eq(tu_unparsed_code(in, 13), DIAG_JSON_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 15), DIAG_JSON_SYNTAX);
	fleet_free(f);
}
END_TEST

/* A pretty document cut short, then a new one: only the cut one is lost. */
START_TEST(test_cut_document)
{
	static const char	 text[] =
	    "[\n  {\n    \"port\": \"22\",\n    \"protocol\": \"6\",\n"
	    "    \"address\": \"0.0.0.0\"\n  },\n  {\n    \"port\": \"25\",\n"
	    "[{\"port\":\"80\",\"protocol\":\"6\",\"address\":\"::\"}]\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "osquery", &in);
	tu_assert_lines(in, 9, 2, 5, 2);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_JSON_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_JSON_SYNTAX);
	tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, NULL, -1,
	    ST_LISTEN);
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV6, "::", 80, NULL, -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

/* A snapshot line of 60,000 rows (over 10 MB): every row is read. */
START_TEST(test_ten_mb_line)
{
	static const char	 head[] = "{\"name\":\"socks\",\"hostIdentifier\":"
	    "\"big01\",\"action\":\"snapshot\",\"snapshot\":[";
	struct fleet		*f;
	struct input		*in;
	char			*buf, *p;
	size_t			 cap = 16 * 1024 * 1024, len;
	int			 i, n = 60000;

	p = buf = xmalloc(cap);
	p += snprintf(p, cap, "%s", head);
	for (i = 0; i < n; i++)
		p += snprintf(p, cap - (p - buf), "%s{\"local_address\":"
		    "\"10.9.%d.%d\",\"local_port\":\"%d\",\"remote_address\":"
		    "\"10.8.0.1\",\"remote_port\":\"443\",\"protocol\":\"6\","
		    "\"family\":\"2\",\"pid\":\"%d\",\"state\":\"ESTABLISHED\","
		    "\"path\":\"/usr/lib/very/long/path/to/a/daemon/binary\"}",
		    i == 0 ? "" : ",", i / 250, i % 250, 1024 + i % 60000,
		    1000 + i);
	p += snprintf(p, cap - (p - buf), "]}\n");
	len = p - buf;
	ck_assert_uint_gt(len, 10 * 1024 * 1024);
	f = tu_read_text(buf, len, "osquery", &in);
	tu_assert_lines(in, 1, 1, 0, 0);
	ck_assert_int_eq(tu_count(tu_sub(in, "big01"), REC_SOCKET), n);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_sniff)
{
	const struct collector	*c = collector_find("osquery");

	ck_assert_int_ge(tu_sniff_file(c,
	    OSQ_FIX("osqueryi-listening-ports-linux.json")), 90);
	ck_assert_int_eq(tu_sniff_file(c, OSQ_FIX("results-fleet.log")),
	    100);
	ck_assert_int_ge(tu_sniff_file(c, OSQ_FIX("osqueryi-sockets.csv")),
	    90);
	ck_assert_int_eq(tu_sniff_file(c, tu_sample(
	    "netstat/linux-debian12-iproute2-6.1-ss-tulpan.txt")), 0);
	ck_assert_int_eq(tu_sniff_file(c, tu_fixture(
	    "iana_csv/headerless.csv")), 0);
}
END_TEST

static Suite *
osquery_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("osquery");
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_listening_ports_linux);
	tcase_add_test(tc, test_sockets_win_every_state);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_csv_broken);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_results_log_hosts);
	tcase_add_test(tc, test_snapshots_repeat);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_cut_document);
	tcase_add_test(tc, test_ten_mb_line);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(osquery_suite()));
}
