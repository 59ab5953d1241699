/*
 * Tests of the Windows netstat collector: every real Windows netstat
 * sample, hand-written fixtures for what the samples lack (German CP850,
 * translated states, -anob, NT 4.0, XP -anbv, Japanese/Russian/unknown
 * language headers, garbled IPv6 addresses: see
 * tests/fixtures/netstat_win/PROVENANCE.md) and hostile input.  Expected
 * counts were taken from the files with grep, not from the collector's
 * output.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define NW_SAMPLE(f)	tu_sample("netstat/" f)
#define NW_FIXTURE(f)	tu_fixture("netstat_win/" f)

/* Sockets whose -b owner fields are set. */
static void
check_netstat_win_owners(struct input *in, int *nproc, int *nsvc,
    int *nunknown)
{
	struct record	*r;

	*nproc = *nsvc = *nunknown = 0;
	for (r = in->first; r != NULL; r = r->next) {
		if (r->kind != REC_SOCKET)
			continue;
		*nproc += r->u.sock.process != NULL;
		*nsvc += r->u.sock.service != NULL;
		*nunknown += r->u.sock.owner_unknown;
	}
}

static struct record *
check_netstat_win_sock(struct input *in, enum proto p, const char *addr,
    int port)
{
	struct record	*r;

	r = tu_find_sock(in, p, addr, port);
	ck_assert_msg(r != NULL, "no socket %s:%d", addr, port);
	return (r);
}

START_TEST(test_sample_an_lf_zoneid)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_SAMPLE("windows-en-netstat-an-lf-zoneid.txt"), NULL,
	    "netstat-win", &in);
	tu_assert_lines(in, 46, 43, 3, 0);
	ck_assert_uint_eq(in->records, 43);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, -1), 25);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, -1), 18);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 18);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_CLOSE_WAIT), 5);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_TIME_WAIT), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, ST_NONE), 18);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_int_eq(r->u.sock.family, FAM_IPV4);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	ck_assert_str_eq(r->u.sock.remote_addr, "0.0.0.0");
	ck_assert_int_eq(r->u.sock.remote_port, 0);
	ck_assert_int_eq(r->u.sock.pid, -1);
	ck_assert_ptr_null(r->u.sock.local_port_name);
	ck_assert_uint_eq(r->line, 4);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.2.15", 51296);
	ck_assert_int_eq(r->u.sock.state, ST_ESTABLISHED);
	ck_assert_str_eq(r->u.sock.remote_addr, "20.198.167.116");
	ck_assert_int_eq(r->u.sock.remote_port, 443);
	r = check_netstat_win_sock(in, PROTO_TCP, "::", 135);
	ck_assert_int_eq(r->u.sock.family, FAM_IPV6);
	ck_assert_str_eq(r->u.sock.remote_addr, "::");
	r = check_netstat_win_sock(in, PROTO_UDP,
	    "fe80::ff7c:31cb:afac:ff8c%6", 60606);
	ck_assert_int_eq(r->u.sock.family, FAM_IPV6);
	ck_assert_int_eq(r->u.sock.state, ST_NONE);
	ck_assert_str_eq(r->u.sock.remote_addr, "*");
	ck_assert_int_eq(r->u.sock.remote_port, -1);
	ck_assert_uint_eq(r->line, 46);
	r = check_netstat_win_sock(in, PROTO_UDP, "::1", 1900);
	ck_assert_int_eq(r->u.sock.family, FAM_IPV6);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_ano_utf16le_en)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_SAMPLE("windows-en-netstat-ano.utf16le.txt"), NULL,
	    "netstat-win", &in);
	ck_assert_str_eq(in->encoding, "UTF-16LE");
	/* 2 blank lines, the title and the column header are known. */
	tu_assert_lines(in, 182, 178, 4, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, -1), 118);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, -1), 60);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 38);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_ESTABLISHED), 46);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_TIME_WAIT), 29);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_CLOSE_WAIT), 5);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_int_eq(r->u.sock.pid, 852);
	ck_assert_uint_eq(r->line, 5);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 445);
	ck_assert_int_eq(r->u.sock.pid, 4);
	r = check_netstat_win_sock(in, PROTO_UDP,
	    "fe80::8865:805e:f7e3:2325%10", 61214);
	ck_assert_int_eq(r->u.sock.pid, 6352);
	ck_assert_int_eq(r->u.sock.family, FAM_IPV6);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_plain_no_n)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_SAMPLE("windows-en-netstat-plain-no-n-crlf.txt"), NULL,
	    "netstat-win", &in);
	tu_assert_lines(in, 9, 5, 4, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_ESTABLISHED), 4);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_CLOSE_WAIT), 1);
	r = check_netstat_win_sock(in, PROTO_TCP, "192.168.0.17", 59005);
	ck_assert_str_eq(r->u.sock.remote_addr, "20.198.118.190");
	ck_assert_str_eq(r->u.sock.remote_port_name, "https");
	/* The name is resolved after parsing, from the built-in table. */
	ck_assert_int_eq(r->u.sock.remote_port, 443);
	/* The mangled foreign address "25:https" is kept as printed. */
	r = check_netstat_win_sock(in, PROTO_TCP, "192.168.0.17", 61596);
	ck_assert_str_eq(r->u.sock.remote_addr, "25");
	ck_assert_str_eq(r->u.sock.remote_port_name, "https");
	ck_assert_int_eq(r->u.sock.family, FAM_IPV4);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_es_ano_utf16le)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_SAMPLE("windows-es-netstat-ano.utf16le.txt"), NULL,
	    "netstat-win", &in);
	tu_assert_lines(in, 369, 365, 4, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, -1), 271);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, -1), 94);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 49);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_ESTABLISHED),
	    116);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_TIME_WAIT), 89);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_CLOSE_WAIT), 17);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 3306);
	ck_assert_int_eq(r->u.sock.pid, 8692);
	/* A connected UDP socket shows its peer instead of *:*. */
	r = check_netstat_win_sock(in, PROTO_UDP, "0.0.0.0", 51730);
	ck_assert_str_eq(r->u.sock.remote_addr, "8.8.8.8");
	ck_assert_int_eq(r->u.sock.remote_port, 443);
	ck_assert_int_eq(r->u.sock.pid, 18196);
	ck_assert_int_eq(r->u.sock.state, ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_fr_anb)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 nproc, nsvc, nunknown;

	f = tu_read(NW_SAMPLE("windows-fr-netstat-anb-extracted.txt"), NULL,
	    "netstat-win", &in);
	/* 324 sockets; 185 [exe], 74 service, 28 "Impossible", 4 other. */
	tu_assert_lines(in, 615, 324, 291, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, -1), 179);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, -1), 145);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 35);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_TIME_WAIT), 111);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LAST_ACK), 3);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_SYN_SENT), 1);
	check_netstat_win_owners(in, &nproc, &nsvc, &nunknown);
	ck_assert_int_eq(nproc, 185);
	ck_assert_int_eq(nsvc, 74);
	ck_assert_int_eq(nunknown, 28);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_str_eq(r->u.sock.service, "RpcSs");
	ck_assert_str_eq(r->u.sock.process, "svchost.exe");
	ck_assert_int_eq(r->u.sock.owner_unknown, 0);
	ck_assert_int_eq(r->u.sock.pid, -1);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 445);
	ck_assert_int_eq(r->u.sock.owner_unknown, 1);
	ck_assert_ptr_null(r->u.sock.process);
	ck_assert_ptr_null(r->u.sock.service);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 902);
	ck_assert_str_eq(r->u.sock.process, "vmware-authd.exe");
	ck_assert_ptr_null(r->u.sock.service);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.33.51.143", 60851);
	ck_assert_str_eq(r->u.sock.service, "CDPUserSvc_1e10a891");
	r = check_netstat_win_sock(in, PROTO_TCP, "10.33.51.143", 60742);
	ck_assert_int_eq(r->u.sock.state, ST_TIME_WAIT);
	ck_assert_ptr_null(r->u.sock.process);
	ck_assert_int_eq(r->u.sock.owner_unknown, 0);
	r = check_netstat_win_sock(in, PROTO_UDP, "127.0.0.1", 53623);
	ck_assert_str_eq(r->u.sock.remote_addr, "127.0.0.1");
	ck_assert_int_eq(r->u.sock.remote_port, 53623);
	ck_assert_str_eq(r->u.sock.service, "iphlpsvc");
	r = check_netstat_win_sock(in, PROTO_UDP, "fe80::bea3:6d81:698c:40d5%4",
	    49246);
	ck_assert_str_eq(r->u.sock.service, "SSDPSRV");
	ck_assert_str_eq(r->u.sock.process, "svchost.exe");
	ck_assert_uint_eq(r->line, 613);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_fr_ano)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_SAMPLE("windows-fr-netstat-ano-extracted.txt"), NULL,
	    "netstat-win", &in);
	tu_assert_lines(in, 159, 156, 3, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, -1), 67);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, -1), 89);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 37);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_ESTABLISHED), 19);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 80);
	ck_assert_int_eq(r->u.sock.pid, 4);
	ck_assert_uint_eq(r->line, 4);
	r = check_netstat_win_sock(in, PROTO_UDP,
	    "fe80::297f:1c43:7984:df29%11", 1900);
	ck_assert_int_eq(r->u.sock.pid, 8708);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_select_string)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 nproc, nsvc, nunknown;

	f = tu_read(NW_SAMPLE(
	    "windows-netstat-anbo-select-string-context.crlf.txt"), NULL,
	    "netstat-win", &in);
	/* 49 "> " rows, 19 [exe], 12 services, 18 no-owner, 1 blank. */
	tu_assert_lines(in, 99, 49, 50, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 34);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, -1), 15);
	check_netstat_win_owners(in, &nproc, &nsvc, &nunknown);
	ck_assert_int_eq(nproc, 19);
	ck_assert_int_eq(nsvc, 12);
	ck_assert_int_eq(nunknown, 18);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 22);
	ck_assert_int_eq(r->u.sock.pid, 1264);
	ck_assert_str_eq(r->u.sock.process, "sshd.exe");
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 80);
	ck_assert_int_eq(r->u.sock.pid, 4);
	ck_assert_int_eq(r->u.sock.owner_unknown, 1);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_str_eq(r->u.sock.service, "RpcSs");
	ck_assert_ptr_null(r->u.sock.process);
	r = check_netstat_win_sock(in, PROTO_UDP, "::", 5355);
	ck_assert_str_eq(r->u.sock.service, "Dnscache");
	ck_assert_int_eq(r->u.sock.pid, 908);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_command_only)
{
	struct fleet	*f;
	struct input	*in;
	const char	*path;

	path = NW_SAMPLE("windows-utf16le-command-only-no-table.txt");
	f = tu_parse_file(path, NULL, &in);
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_ne(in->coll, &collector_netstat_win);
	ck_assert_int_eq(collector_netstat_win.sniff(in->buf, in->len), 0);
	fleet_free(f);

	f = tu_parse_file(path, "netstat-win", &in);
	ck_assert_ptr_eq(in->coll, &collector_netstat_win);
	tu_assert_accounting(in);
	tu_assert_lines(in, 1, 0, 0, 1);
	ck_assert_uint_eq(in->records, 0);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 1);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 0)->u.unp.code,
	    DIAG_LINE_UNKNOWN);
	fleet_free(f);
}
END_TEST

START_TEST(test_de_cp850)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_FIXTURE("de-ano-cp850.txt"), NULL, "netstat-win", &in);
	ck_assert_str_eq(in->encoding, "CP850");
	tu_assert_lines(in, 26, 22, 4, 0);
	/* Only the "read as CP850" note: every state word was known. */
	ck_assert_uint_eq(in->ndiag, 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 7);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_ESTABLISHED), 2);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_TIME_WAIT), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_CLOSE_WAIT), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_SYN_SENT), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_SYN_RECEIVED), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_FIN_WAIT_1), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_FIN_WAIT_2), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LAST_ACK), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_CLOSED), 1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, ST_NONE), 5);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 3389);
	ck_assert_int_eq(r->u.sock.pid, 1204);
	ck_assert_ptr_nonnull(strstr(r->text, "ABH\xc3\x96REN"));
	r = check_netstat_win_sock(in, PROTO_TCP,
	    "fe80::5d1c:2a3b:9e1f:7c44%11", 49210);
	ck_assert_str_eq(r->u.sock.remote_addr, "fe80::1%11");
	ck_assert_int_eq(r->u.sock.remote_port, 445);
	ck_assert_int_eq(r->u.sock.state, ST_ESTABLISHED);
	fleet_free(f);
}
END_TEST

/* ABHÖREN as it looks after the wrong code page, or with Ö lost. */
START_TEST(test_de_misdecoded)
{
	static const char text[] =
	    "  TCP    0.0.0.0:1    0.0.0.0:0    ABH\xe2\x84\xa2REN   1\n"
	    "  TCP    0.0.0.0:2    0.0.0.0:0    ABHREN   2\n"
	    "  TCP    0.0.0.0:3    0.0.0.0:0    ABH?REN   3\n"
	    "  TCP    0.0.0.0:4    0.0.0.0:0    ABH\xc2\x99REN   4\n"
	    "  TCP    0.0.0.0:5    0.0.0.0:0    ABH\xef\xbf\xbdREN   5\n"
	    "  TCP    0.0.0.0:6    0.0.0.0:0    ABH\xc3\x83\xe2\x80\x93REN  6\n"
	    "  TCP    0.0.0.0:7    0.0.0.0:0    ABHOEREN   7\n"
	    "  TCP    0.0.0.0:8    1.2.3.4:5    SCHLIE\xc3\x9f"
	    "EN_WARTEN  8\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-win", &in);
	tu_assert_lines(in, 8, 8, 0, 0);
	ck_assert_uint_eq(in->ndiag, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 7);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_CLOSE_WAIT), 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_it_two_word_state)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_FIXTURE("it-ano.txt"), NULL, "netstat-win", &in);
	tu_assert_lines(in, 11, 7, 4, 0);
	ck_assert_uint_eq(in->ndiag, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 3);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	ck_assert_int_eq(r->u.sock.pid, 968);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.1.1.7", 50112);
	ck_assert_int_eq(r->u.sock.state, ST_ESTABLISHED);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.1.1.7", 50113);
	ck_assert_int_eq(r->u.sock.state, ST_CLOSE_WAIT);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.1.1.7", 50114);
	ck_assert_int_eq(r->u.sock.state, ST_TIME_WAIT);
	ck_assert_int_eq(r->u.sock.pid, 0);
	r = check_netstat_win_sock(in, PROTO_UDP, "0.0.0.0", 123);
	ck_assert_int_eq(r->u.sock.pid, 1456);
	fleet_free(f);
}
END_TEST

START_TEST(test_pt_es_translated)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_FIXTURE("pt-ano.txt"), NULL, "netstat-win", &in);
	tu_assert_lines(in, 9, 5, 4, 0);
	ck_assert_uint_eq(in->ndiag, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 2);
	r = check_netstat_win_sock(in, PROTO_TCP, "192.168.0.10", 51000);
	ck_assert_int_eq(r->u.sock.state, ST_ESTABLISHED);
	r = check_netstat_win_sock(in, PROTO_TCP, "192.168.0.10", 51001);
	ck_assert_int_eq(r->u.sock.state, ST_CLOSED);
	fleet_free(f);

	f = tu_read(NW_FIXTURE("es-ano-translated.utf16le.txt"), NULL,
	    "netstat-win", &in);
	ck_assert_str_eq(in->encoding, "UTF-16LE");
	tu_assert_lines(in, 9, 5, 4, 0);
	ck_assert_uint_eq(in->ndiag, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 2);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.4", 1433);
	ck_assert_int_eq(r->u.sock.state, ST_ESTABLISHED);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.4", 50601);
	ck_assert_int_eq(r->u.sock.state, ST_CLOSE_WAIT);
	ck_assert_int_eq(r->u.sock.pid, 4);
	fleet_free(f);
}
END_TEST

START_TEST(test_en_anob)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 nproc, nsvc, nunknown;

	f = tu_read(NW_FIXTURE("en-anob.txt"), NULL, "netstat-win", &in);
	/* 14 sockets, 9 [exe], 7 services, 4 no-owner, 4 banner lines. */
	tu_assert_lines(in, 38, 14, 24, 0);
	check_netstat_win_owners(in, &nproc, &nsvc, &nunknown);
	ck_assert_int_eq(nproc, 9);
	ck_assert_int_eq(nsvc, 7);
	ck_assert_int_eq(nunknown, 4);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 49668);
	ck_assert_str_eq(r->u.sock.service, "MSSQL$SQLEXPRESS");
	ck_assert_str_eq(r->u.sock.process, "sqlservr.exe");
	ck_assert_int_eq(r->u.sock.pid, 2528);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.5", 139);
	ck_assert_int_eq(r->u.sock.owner_unknown, 1);
	ck_assert_ptr_null(r->u.sock.process);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.5", 49800);
	ck_assert_ptr_null(r->u.sock.process);
	ck_assert_int_eq(r->u.sock.owner_unknown, 0);
	r = check_netstat_win_sock(in, PROTO_UDP, "fe80::a1b2:c3d4:e5f6:1234%7",
	    1900);
	ck_assert_str_eq(r->u.sock.service, "SSDPSRV");
	ck_assert_str_eq(r->u.sock.process, "svchost.exe");
	ck_assert_int_eq(r->u.sock.pid, 2672);
	fleet_free(f);
}
END_TEST

START_TEST(test_nt4_names)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_FIXTURE("nt4-a.txt"), NULL, "netstat-win", &in);
	tu_assert_lines(in, 18, 10, 8, 0);
	r = tu_nth(in, REC_SOCKET, 0);
	ck_assert_str_eq(r->u.sock.local_addr, "nt4srv");
	ck_assert_str_eq(r->u.sock.local_port_name, "loc-srv");
	ck_assert_int_eq(r->u.sock.local_port, -1);
	ck_assert_str_eq(r->u.sock.remote_addr, "nt4srv");
	ck_assert_int_eq(r->u.sock.remote_port, 0);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	ck_assert_int_eq(r->u.sock.family, FAM_NONE);
	ck_assert_int_eq(r->u.sock.pid, -1);
	r = tu_nth(in, REC_SOCKET, 2);
	ck_assert_int_eq(r->u.sock.local_port, 1025);
	ck_assert_ptr_null(r->u.sock.local_port_name);
	ck_assert_str_eq(r->u.sock.remote_addr, "localhost");
	ck_assert_int_eq(r->u.sock.remote_port, 1026);
	r = tu_nth(in, REC_SOCKET, 5);
	ck_assert_int_eq(r->u.sock.proto, PROTO_UDP);
	ck_assert_str_eq(r->u.sock.local_port_name, "nbdatagram");
	r = check_netstat_win_sock(in, PROTO_TCP, "10.1.2.3", 139);
	ck_assert_int_eq(r->u.sock.family, FAM_IPV4);
	ck_assert_int_eq(r->u.sock.pid, -1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, ST_LISTEN), 4);
	fleet_free(f);
}
END_TEST

START_TEST(test_xp_anbv)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 nproc, nsvc, nunknown;

	f = tu_read(NW_FIXTURE("xp-anbv.txt"), NULL, "netstat-win", &in);
	/* 6 sockets; 15 owner lines; 8 blank, title, header. */
	tu_assert_lines(in, 31, 6, 25, 0);
	check_netstat_win_owners(in, &nproc, &nsvc, &nunknown);
	ck_assert_int_eq(nproc, 6);
	ck_assert_int_eq(nsvc, 0);
	ck_assert_int_eq(nunknown, 3);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_str_eq(r->u.sock.process, "svchost.exe");
	ck_assert_int_eq(r->u.sock.owner_unknown, 0);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 445);
	ck_assert_str_eq(r->u.sock.process, "System");
	ck_assert_int_eq(r->u.sock.owner_unknown, 1);
	r = check_netstat_win_sock(in, PROTO_UDP, "0.0.0.0", 500);
	ck_assert_str_eq(r->u.sock.process, "lsass.exe");
	ck_assert_int_eq(r->u.sock.pid, 712);
	fleet_free(f);
}
END_TEST

START_TEST(test_ja_ru_structural)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(NW_FIXTURE("ja-ru-el-ano.txt"), NULL, "netstat-win", &in);
	tu_assert_lines(in, 18, 6, 12, 0);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_int_eq(r->u.sock.pid, 1036);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 5030);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	r = check_netstat_win_sock(in, PROTO_TCP, "127.0.0.1", 5030);
	ck_assert_int_eq(r->u.sock.state, ST_ESTABLISHED);
	/* Greek is in no table: title and header by shape, states by
	 * structure, with a warning each. */
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 80);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.2", 50000);
	ck_assert_int_eq(r->u.sock.state, ST_NONE);
	ck_assert_int_eq(r->u.sock.pid, 900);
	ck_assert_uint_eq(in->ndiag, 2);
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile_fixture)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	static const int codes[] = {
		DIAG_ORPHAN_LINE, DIAG_BAD_PORT, DIAG_BAD_PORT,
		DIAG_LINE_SHORT, DIAG_LINE_SHORT, DIAG_LINE_SHORT,
		DIAG_BAD_NUMBER, DIAG_BAD_NUMBER, DIAG_BAD_NUMBER,
		DIAG_BAD_ADDR, DIAG_ORPHAN_LINE, DIAG_LINE_UNKNOWN,
		DIAG_LINE_UNKNOWN
	};
	size_t		 i;

	f = tu_read(NW_FIXTURE("hostile.txt"), "netstat-win", "netstat-win",
	    &in);
	tu_assert_lines(in, 23, 5, 5, 13);
	/* 13 unparsed lines and 3 unknown state words. */
	ck_assert_uint_eq(in->ndiag, 16);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		ck_assert_int_eq(tu_nth(in, REC_UNPARSED, i)->u.unp.code,
		    codes[i]);
	ck_assert_uint_eq(tu_nth(in, REC_UNPARSED, 0)->line, 4);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.1", 8080);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	ck_assert_int_eq(r->u.sock.pid, 102);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.1", 8081);
	ck_assert_int_eq(r->u.sock.state, ST_NONE);
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.1", 8082);
	ck_assert_int_eq(r->u.sock.state, ST_NONE);
	ck_assert_int_eq(r->u.sock.pid, 104);
	ck_assert_str_eq(r->u.sock.process, "never.exe");
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.1", 8083);
	ck_assert_str_eq(r->u.sock.process, "first.exe");
	r = check_netstat_win_sock(in, PROTO_TCP, "10.0.0.1", 8084);
	ck_assert_int_eq(r->u.sock.pid, 106);
	ck_assert_ptr_null(tu_find_sock(in, PROTO_TCP, "0.0.0.0", 135));
	fleet_free(f);
}
END_TEST

START_TEST(test_ports_edges)
{
	static const char text[] =
	    "  TCP    0.0.0.0:65535    0.0.0.0:0    LISTENING    1\n"
	    "  UDP    0.0.0.0:0        *:*                       2\n"
	    "  TCP    0.0.0.0:65536    0.0.0.0:0    LISTENING    3\n"
	    "  TCP    0.0.0.0:80       0.0.0.0:99999 LISTENING   4\n"
	    "  TCP    0.0.0.0:81       0.0.0.0:      LISTENING   5\n"
	    "  TCP    0.0.0.0:82       0.0.0.0:0     LISTENING   4294967295\n"
	    "  TCP    0.0.0.0:83       0.0.0.0:0     LISTENING   4294967296\n"
	    "  TCP    0.0.0.0:84       0.0.0.0:0     listening   7\n";
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-win", &in);
	tu_assert_lines(in, 8, 4, 0, 4);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 65535);
	ck_assert_int_eq(r->u.sock.pid, 1);
	r = check_netstat_win_sock(in, PROTO_UDP, "0.0.0.0", 0);
	ck_assert_int_eq(r->u.sock.pid, 2);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 82);
	ck_assert_int_eq(r->u.sock.pid, 4294967295L);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 84);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 0)->u.unp.code,
	    DIAG_BAD_PORT);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 1)->u.unp.code,
	    DIAG_BAD_PORT);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 2)->u.unp.code,
	    DIAG_BAD_PORT);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 3)->u.unp.code,
	    DIAG_BAD_NUMBER);
	fleet_free(f);
}
END_TEST

/* Owner lines of a damaged socket line are absorbed, not orphans. */
START_TEST(test_owner_absorb_and_orphan)
{
	static const char text[] =
	    "  TCP    0.0.0.0:70000  0.0.0.0:0   LISTENING  1\n"
	    "  RpcSs\n"
	    " [svchost.exe]\n"
	    "\n"
	    "Active Connections\n"
	    " [late.exe]\n"
	    "  Can not obtain ownership information\n"
	    "  c:\\windows\\system32\\WS2_32.dll\n"
	    "  RpcSs\n";
	struct fleet	*f;
	struct input	*in;
	int		 i;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-win", &in);
	tu_assert_lines(in, 9, 0, 4, 5);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 0)->u.unp.code,
	    DIAG_BAD_PORT);
	for (i = 1; i < 5; i++)
		ck_assert_int_eq(tu_nth(in, REC_UNPARSED, i)->u.unp.code,
		    DIAG_ORPHAN_LINE);
	fleet_free(f);
}
END_TEST

/* A deterministic stream of random bytes, forced through the parser. */
START_TEST(test_random_bytes)
{
	struct fleet	*f;
	struct input	*in;
	unsigned char	*buf;
	unsigned long	 x = 12345;
	size_t		 i, n = 256 * 1024;

	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		buf[i] = (unsigned char)(x >> 56);
	}
	f = tu_read_text((char *)buf, n, "netstat-win", &in);
	ck_assert_uint_gt(in->lines, 100);
	ck_assert_uint_gt(in->lines_unparsed, 0);
	ck_assert_uint_eq(in->records, 0);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char text[] =
	    "Active Connections\n\n"
	    "  TCP\0   0.0.0.0:135    0.0.0.0:0    LISTENING\0   852\n"
	    "  TCP    0.0.0.0:1\0\0   0.0.0.0:0    LISTENING    853\n"
	    "  UDP    0.0.0.0:53     *:*          854\n";
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-win", &in);
	tu_assert_lines(in, 5, 3, 2, 0);
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 135);
	ck_assert_int_eq(r->u.sock.pid, 852);
	/* "0.0.0.0:1" then blanks: port 1. */
	r = check_netstat_win_sock(in, PROTO_TCP, "0.0.0.0", 1);
	ck_assert_int_eq(r->u.sock.pid, 853);
	fleet_free(f);
}
END_TEST

/* Two 5 MB lines among good ones: cut or refused, the rest still read. */
START_TEST(test_long_lines)
{
	static const char head[] = "Active Connections\n\n  TCP    ";
	static const char mid[] = "\n[";
	static const char tail[] =
	    "]\n  TCP    0.0.0.0:445    0.0.0.0:0    LISTENING    4\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf, *p;
	size_t		 big = 5 * 1024 * 1024, n;

	n = sizeof(head) - 1 + big + sizeof(mid) - 1 + big + sizeof(tail) - 1;
	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	p = buf;
	memcpy(p, head, sizeof(head) - 1);
	p += sizeof(head) - 1;
	memset(p, '1', big);
	p += big;
	memcpy(p, mid, sizeof(mid) - 1);
	p += sizeof(mid) - 1;
	memset(p, 'a', big);
	p += big;
	memcpy(p, tail, sizeof(tail) - 1);
	f = tu_read_text(buf, n, "netstat-win", &in);
	ck_assert_uint_eq(in->lines, 5);
	ck_assert_uint_eq(in->lines_unparsed, 2);
	ck_assert_uint_eq(in->records, 1);
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_TCP, "0.0.0.0", 445));
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_sniff_scores)
{
	static const char win[] = "\r\nActive Connections\r\n\r\n"
	    "  Proto  Local Address          Foreign Address        State\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n";
	static const char sel[] =
	    ">   TCP    0.0.0.0:22             0.0.0.0:0              LISTENING"
	    "       1264\r\n   [sshd.exe]\r\n"
	    ">   TCP    0.0.0.0:42             0.0.0.0:0              LISTENING"
	    "       3576\r\n";
	static const char lin[] =
	    "Active Internet connections (servers and established)\n"
	    "Proto Recv-Q Send-Q Local Address   Foreign Address  State\n"
	    "tcp        0      0 0.0.0.0:22      0.0.0.0:*        LISTEN\n"
	    "udp        0      0 0.0.0.0:68      0.0.0.0:*\n";
	static const char cmd[] = "netstat -ano | findstr \":800\"\r\n";
	int (*sniff)(const char *, size_t) = collector_netstat_win.sniff;

	ck_assert_int_ge(sniff(win, sizeof(win) - 1), 90);
	ck_assert_int_ge(sniff(sel, sizeof(sel) - 1), 70);
	ck_assert_int_eq(sniff(lin, sizeof(lin) - 1), 0);
	ck_assert_int_eq(sniff(cmd, sizeof(cmd) - 1), 0);
	ck_assert_int_eq(sniff("", 0), 0);
	/* Never read past len: the table starts after it. */
	ck_assert_int_eq(sniff(win, 2), 0);
}
END_TEST

/* Linux rows forced through this collector are refused, not misread. */
START_TEST(test_linux_forced)
{
	static const char lin[] =
	    "Proto Recv-Q Send-Q Local Address   Foreign Address  State\n"
	    "tcp        0      0 0.0.0.0:22      0.0.0.0:*        LISTEN\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(lin, sizeof(lin) - 1, "netstat-win", &in);
	tu_assert_lines(in, 2, 0, 1, 1);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 0)->u.unp.code,
	    DIAG_BAD_ADDR);
	fleet_free(f);
}
END_TEST

/* Headers by shape alone, netstat's own messages, stray prose. */
START_TEST(test_structural_and_messages)
{
	static const char text[] =
	    "The requested operation requires elevation.\n"
	    "  \xce\xa0\xcf\x81\xcf\x89\xcf\x84\xcf\x8c\xce\xba\xce\xbf\xce\xbb\xce\xbb\xce\xbf"
	    "  Local  Remote  State\n"
	    "  TCP    0.0.0.0:135    0.0.0.0:0    LISTENING    852\n"
	    "  some words here\n" "Some Title Words\n"
	    "  TCPX   0.0.0.0:1      0.0.0.0:0    LISTENING    1\n"
	    "Aktive Verbindungen\n"
	    "  Proto  Lokale Adresse  Remoteadresse  Status\n"
	    "  TCPv6  [::1]:80       [::]:0       ABH\xc3\x96REN\n";
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-win", &in);
	/* Known: message, header (data follows), title, header. */
	tu_assert_lines(in, 9, 2, 4, 3);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 0)->line, 4);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 1)->line, 5);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 2)->line, 6);
	r = check_netstat_win_sock(in, PROTO_TCP, "::1", 80);
	ck_assert_int_eq(r->u.sock.state, ST_LISTEN);
	ck_assert_int_eq(r->u.sock.family, FAM_IPV6);
	ck_assert_int_eq(r->u.sock.pid, -1);
	fleet_free(f);
}
END_TEST

/* What portaudit inspect prints on standard error for a file. */
static char *
check_netstat_win_stderr(const char *path)
{
	return (tu_output("./portaudit inspect --type netstat-win '%s' "
	    "2>&1 >/dev/null", path));
}

/* The text of the odd-address warning on a line. */
static void
check_netstat_win_odd(const char *err, const char *path, unsigned line,
    const char *which, const char *addr, int port)
{
	char	 want[1024];

	snprintf(want, sizeof(want), "portaudit: %s:%u: warning: address "
	    "malformed, kept as printed: %s [%s] is not an IPv6 address; the "
	    "socket is kept with port %d\n", path, line, which, addr, port);
	ck_assert_msg(strstr(err, want) != NULL, "no \"%s\" in \"%s\"",
	    want, err);
}

/*
 * Bracketed IPv6 addresses garbled in a copy: the socket is kept with its
 * port and a warning when the port can be read, else the line stays
 * unparsed.
 */
START_TEST(test_garbled_ipv6)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	const char		*path;
	char			*err;

	path = NW_FIXTURE("en-ano-garbled-ipv6.txt");
	f = tu_read(path, NULL, "netstat-win", &in);
	tu_assert_lines(in, 17, 10, 4, 3);
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6,
	    "fe80::g1c2:3ff:fe4a:1b2c%12", 139, "::", 0, ST_LISTEN);
	ck_assert_int_eq(s->pid, 4);
	s = tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV6, "fe80::l%12", 1900, "*",
	    -1, ST_NONE);
	ck_assert_int_eq(s->pid, 3356);
	s = tu_assert_sock(in, 5, PROTO_TCP, FAM_IPV6, "2001:db8::1::5", 443,
	    "::", 0, ST_LISTEN);
	ck_assert_int_eq(s->pid, 5520);
	/* a well-formed link-local pair: no warning */
	s = tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV6,
	    "fe80::1c2d:3ff:fe4a:1b2c%12", 49822,
	    "fe80::9a1:2b3c:4d5e:6f70%12", 445, ST_ESTABLISHED);
	ck_assert_int_eq(s->pid, 4);
	/* the foreign address garbled */
	s = tu_assert_sock(in, 7, PROTO_TCP, FAM_IPV6,
	    "fe80::1c2d:3ff:fe4a:1b2c%12", 5357,
	    "fe80::9a1:2b3c:4d5e:6fzz%12", 49822, ST_TIME_WAIT);
	ck_assert_int_eq(s->pid, 0);
	/* unreadable: no ']', no ':' before the port, no port */
	ck_assert_int_eq(tu_unparsed_code(in, 13), DIAG_BAD_ADDR);
	ck_assert_int_eq(tu_unparsed_code(in, 14), DIAG_BAD_ADDR);
	ck_assert_int_eq(tu_unparsed_code(in, 15), DIAG_BAD_ADDR);
	ck_assert_ptr_null(tu_find_sock(in, PROTO_UDP, NULL, 5355));
	tu_assert_sock(in, 8, PROTO_UDP, FAM_IPV6, "::", 5353, "*", -1,
	    ST_NONE);
	tu_assert_sock(in, 9, PROTO_UDP, FAM_IPV6, "::1", 1900, "*", -1,
	    ST_NONE);
	ck_assert_uint_eq(in->ndiag, 7);
	fleet_free(f);
	err = check_netstat_win_stderr(path);
	check_netstat_win_odd(err, path, 8, "local address",
	    "fe80::g1c2:3ff:fe4a:1b2c%12", 139);
	check_netstat_win_odd(err, path, 9, "local address", "fe80::l%12",
	    1900);
	check_netstat_win_odd(err, path, 10, "local address",
	    "2001:db8::1::5", 443);
	check_netstat_win_odd(err, path, 12, "foreign address",
	    "fe80::9a1:2b3c:4d5e:6fzz%12", 49822);
	ck_assert_ptr_null(strstr(err, ":11: warning"));
	free(err);
}
END_TEST

/* With -b the kept socket takes its owner lines; an unparsed one not. */
START_TEST(test_garbled_ipv6_anob)
{
	static const char text[] =
	    TU_NETSTAT_ANO
	    "  UDP    [fe80::l%12]:1900      *:*"
	    "                                    3356\r\n"
	    "  SSDPSRV\r\n"
	    " [svchost.exe]\r\n"
	    "  UDP    [fe80::l%12:1900       *:*"
	    "                                    3356\r\n"
	    "  SSDPSRV\r\n"
	    " [svchost.exe]\r\n";
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-win", &in);
	tu_assert_lines(in, 10, 1, 8, 1);
	s = tu_assert_sock(in, 0, PROTO_UDP, FAM_IPV6, "fe80::l%12", 1900, "*",
	    -1, ST_NONE);
	ck_assert_int_eq(s->pid, 3356);
	ck_assert_str_eq(s->process, "svchost.exe");
	ck_assert_str_eq(s->service, "SSDPSRV");
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_BAD_ADDR);
	fleet_free(f);
}
END_TEST

static Suite *
check_netstat_win_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("netstat_win");
	tc = tcase_create("samples");
	tcase_add_test(tc, test_sample_an_lf_zoneid);
	tcase_add_test(tc, test_sample_ano_utf16le_en);
	tcase_add_test(tc, test_sample_plain_no_n);
	tcase_add_test(tc, test_sample_es_ano_utf16le);
	tcase_add_test(tc, test_sample_fr_anb);
	tcase_add_test(tc, test_sample_fr_ano);
	tcase_add_test(tc, test_sample_select_string);
	tcase_add_test(tc, test_sample_command_only);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_de_cp850);
	tcase_add_test(tc, test_de_misdecoded);
	tcase_add_test(tc, test_it_two_word_state);
	tcase_add_test(tc, test_pt_es_translated);
	tcase_add_test(tc, test_en_anob);
	tcase_add_test(tc, test_nt4_names);
	tcase_add_test(tc, test_xp_anbv);
	tcase_add_test(tc, test_ja_ru_structural);
	tcase_add_test(tc, test_structural_and_messages);
	tcase_add_test(tc, test_garbled_ipv6);
	tcase_add_test(tc, test_garbled_ipv6_anob);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hostile_fixture);
	tcase_add_test(tc, test_ports_edges);
	tcase_add_test(tc, test_owner_absorb_and_orphan);
	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_sniff_scores);
	tcase_add_test(tc, test_linux_forced);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_netstat_win_suite()));
}
