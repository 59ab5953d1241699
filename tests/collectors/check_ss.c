/*
 * ss collector: every real ss sample, fixtures for ss -ant (no Netid),
 * ss -anu, ss -a with other socket families and -i detail lines, modern
 * -tulpen output, sniffing against netstat, and hostile input.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

START_TEST(test_debian12_tulpan)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_sample(
	    "netstat/linux-debian12-iproute2-6.1-ss-tulpan.txt"), NULL, "ss",
	    &in);
	tu_assert_lines(in, 6, 5, 1, 0);
	ck_assert_uint_eq(in->records, 5);
	s = tu_assert_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.1", 5353,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 10909, "python3");
	/* dual-stack wildcard: family null */
	s = tu_assert_sock(in, 1, PROTO_UDP, FAM_NONE, "*", 1900, "*", -1,
	    ST_NONE);
	tu_assert_owner(s, 10909, "python3");
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 2024,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, -1, NULL);		/* empty Process column */
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "127.0.0.1", 8000,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 10905, "python3");
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV6, "::1", 8443, "::", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 10907, "python3");
	fleet_free(f);
}
END_TEST

START_TEST(test_tulpen_extended)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_sample("netstat/linux-ss-tulpen-extended.txt"), NULL,
	    "ss", &in);
	tu_assert_lines(in, 10, 9, 1, 0);
	ck_assert_uint_eq(in->records, 9);
	s = tu_assert_sock(in, 0, PROTO_UDP, FAM_NONE, "*", 68, "*", -1,
	    ST_NONE);
	tu_assert_owner(s, 1146, "dhclient");
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_NONE, "*", 22, "*", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 1222, "sshd");
	/* old ss: unbracketed IPv6, mapped IPv4, %scope */
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV6, "::ffff:10.0.2.15", 9200,
	    "::", -1, ST_LISTEN);
	tu_assert_owner(s, 1722, "java");
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6,
	    "fe80::a00:27ff:fe32:ed09%enp0s3", 9200, "::", -1, ST_LISTEN);
	tu_assert_owner(s, 1722, "java");
	s = tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 1222, "sshd");
	/* several users: the first one wins */
	s = tu_assert_sock(in, 7, PROTO_TCP, FAM_NONE, "*", 80, "*", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 583, "nginx");
	/* no State column on this row; users:(("sendmail",3965,4)) */
	s = tu_assert_sock(in, 8, PROTO_TCP, FAM_NONE, "*", 25, "*", -1,
	    ST_NONE);
	tu_assert_owner(s, 3965, "sendmail");
	fleet_free(f);
}
END_TEST

START_TEST(test_glued_netidstate_names)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_sample(
	    "netstat/linux-ubuntu-ss-atu-glued-netidstate-names-extracted.txt"),
	    NULL, "ss", &in);
	tu_assert_lines(in, 8, 7, 1, 0);
	ck_assert_uint_eq(in->records, 7);
	s = tu_assert_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53,
	    "0.0.0.0", -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "domain");
	tu_assert_owner(s, -1, NULL);
	s = tu_assert_sock(in, 1, PROTO_UDP, FAM_IPV4, "192.168.0.103%enp0s8",
	    68, "0.0.0.0", -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "bootpc");
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0",
	    -1, ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "ssh");
	s = tu_assert_sock(in, 5, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22,
	    "10.0.2.2", 62947, ST_ESTABLISHED);
	ck_assert_ptr_null(s->remote_port_name);
	tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

/* Before name resolution the collector leaves named ports null. */
START_TEST(test_names_unresolved)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = fleet_new();
	in = collector_read(f, tu_sample(
	    "netstat/linux-ubuntu-ss-atu-glued-netidstate-names-extracted.txt"),
	    NULL, "ss");
	r = tu_nth(in, REC_SOCKET, 4);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.sock.local_port, -1);
	ck_assert_pstr_eq(r->u.sock.local_port_name, "ssh");
	fleet_free(f);
}
END_TEST

START_TEST(test_ant_no_netid)
{
	static const enum sockstate states[] = {
		ST_LISTEN, ST_LISTEN, ST_LISTEN, ST_ESTABLISHED, ST_TIME_WAIT,
		ST_SYN_SENT, ST_SYN_RECEIVED, ST_CLOSE_WAIT, ST_FIN_WAIT_1,
		ST_FIN_WAIT_2, ST_LAST_ACK, ST_CLOSING, ST_CLOSED, ST_LISTEN,
		ST_LISTEN
	};
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 i;

	f = tu_read(tu_fixture("ss/ant-no-netid.txt"), NULL, "ss", &in);
	tu_assert_lines(in, 16, 15, 1, 0);
	ck_assert_uint_eq(in->records, 15);
	for (i = 0; i < 15; i++) {
		r = tu_nth(in, REC_SOCKET, i);
		ck_assert_ptr_nonnull(r);
		ck_assert_int_eq(r->u.sock.proto, PROTO_TCP);
		ck_assert_int_eq(r->u.sock.state, states[i]);
	}
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "127.0.0.53%lo", 53,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_sock(in, 12, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8125,
	    "0.0.0.0", -1, ST_CLOSED);		/* TCP UNCONN */
	tu_assert_sock(in, 13, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	tu_assert_sock(in, 14, PROTO_TCP, FAM_NONE, "*", 80, "*", -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

START_TEST(test_ant_anu_tables)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("ss/ant-anu-prompts.txt"), NULL, "ss", &in);
	/* 4 prompts, 3 headers */
	tu_assert_lines(in, 14, 7, 7, 0);
	ck_assert_uint_eq(in->records, 7);
	tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0", -1,
	    ST_LISTEN);
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2",
	    51324, ST_ESTABLISHED);
	/* an UNCONN-only table without Netid is ss -u */
	tu_assert_sock(in, 2, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_sock(in, 3, PROTO_UDP, FAM_IPV4, "10.0.2.15%eth0", 68,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV4, "10.0.2.15", 45114,
	    "8.8.8.8", 53, ST_NONE);
	tu_assert_sock(in, 5, PROTO_UDP, FAM_NONE, "*", 5353, "*", -1, ST_NONE);
	/* neither Netid nor State: TCP, state null */
	tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2",
	    51324, ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_tulpen_modern_users)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_fixture("ss/tulpen-modern-users.txt"), NULL, "ss", &in);
	tu_assert_lines(in, 12, 11, 1, 0);
	ck_assert_uint_eq(in->records, 11);
	s = tu_assert_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 654, "systemd-resolve");
	s = tu_assert_sock(in, 2, PROTO_UDP, FAM_IPV6, "::ffff:127.0.0.1", 631,
	    "*", -1, ST_NONE);
	tu_assert_owner(s, 1033, "cups-browsed");
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0",
	    -1, ST_LISTEN);
	tu_assert_owner(s, 812, "sshd");
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV6, "::1", 8443, "::", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 4411, "Web Content");
	s = tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22,
	    "10.0.2.2", 51324, ST_ESTABLISHED);
	tu_assert_owner(s, 1402, "sshd");
	s = tu_assert_sock(in, 7, PROTO_TCP, FAM_IPV4, "127.0.0.1", 25,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, -1, NULL);		/* -e tokens only */
	s = tu_assert_sock(in, 8, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8080,
	    "0.0.0.0", -1, ST_LISTEN);		/* mptcp */
	tu_assert_owner(s, 2210, "mptcpd-demo");
	s = tu_assert_sock(in, 9, PROTO_SCTP, FAM_IPV4, "0.0.0.0", 3868,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 2901, "freeDiameterd");
	s = tu_assert_sock(in, 10, PROTO_TCP, FAM_IPV4, "0.0.0.0", 40000,
	    "0.0.0.0", -1, ST_BOUND);
	tu_assert_owner(s, 3001, "testbind");
	fleet_free(f);
}
END_TEST

START_TEST(test_mixed_families_info)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	f = tu_read(tu_fixture("ss/a-mixed-families-info.txt"), NULL, "ss",
	    &in);
	/* header, 9 other-family rows, 2 detail lines */
	tu_assert_lines(in, 17, 5, 12, 0);
	ck_assert_uint_eq(in->records, 5);
	r = tu_nth(in, REC_SOCKET, 0);
	ck_assert_uint_eq(r->line, 11);
	s = tu_assert_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53,
	    "0.0.0.0", -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "domain");
	tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2",
	    51324, ST_ESTABLISHED);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 3)->line, 16);
	tu_assert_sock(in, 3, PROTO_TCP, FAM_NONE, "*", 80, "*", -1, ST_LISTEN);
	tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	static const char *const ours[] = {
		"netstat/linux-debian12-iproute2-6.1-ss-tulpan.txt",
		"netstat/linux-ss-tulpen-extended.txt",
		"netstat/linux-ubuntu-ss-atu-glued-netidstate-names-extracted.txt",
	};
	static const char *const theirs[] = {
		"netstat/linux-debian12-nettools-2.10-netstat-tulpan.txt",
		"netstat/linux-netstat-ltun-only-servers.txt",
		"netstat/embedded-ipcamera-busybox-netstat-tulpn.txt",
		"netstat/linux-netstat-tap-names-docker-proxy.txt",
		"netstat/aix-netstat-Aan-grep-listen.txt",
		"netstat/hpux-netstat-an-f-inet.txt",
		"netstat/macos-netstat-anv-grep-listen-extracted.txt",
		"netstat/solaris11-netstat-an-f-inet-f-inet6.txt",
		"netstat/windows-en-netstat-an-lf-zoneid.txt",
		"netstat/windows-fr-netstat-ano-extracted.txt",
	};
	static const char noheader[] =
	    "ESTAB      0      0           10.0.2.15:22          10.0.2.2:51324\n"
	    "LISTEN     0      128           0.0.0.0:22           0.0.0.0:*\n";
	size_t	 i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		ck_assert_msg(tu_sniff_file(&collector_ss,
		    tu_sample(ours[i])) >= 80, "%s scores low", ours[i]);
	for (i = 0; i < sizeof(theirs) / sizeof(theirs[0]); i++)
		ck_assert_msg(tu_sniff_file(&collector_ss,
		    tu_sample(theirs[i])) == 0, "%s sniffed as ss", theirs[i]);
	/* ss -H (no header): the rows alone */
	ck_assert_int_gt(collector_ss.sniff(noheader, sizeof(noheader) - 1),
	    0);
	ck_assert_int_eq(collector_ss.sniff(noheader, 10), 0);
	ck_assert_int_eq(collector_ss.sniff("", 0), 0);
}
END_TEST

START_TEST(test_hostile_rows)
{
	static const struct {
		unsigned	 line;
		int		 code;
	} bad[] = {
		{ 3, DIAG_BAD_PORT },		/* 99999 */
		{ 4, DIAG_BAD_PORT },		/* -1 */
		{ 5, DIAG_LINE_SHORT },		/* no peer */
		{ 6, DIAG_LINE_SHORT },
		{ 7, DIAG_BAD_NUMBER },		/* queue "x" */
		{ 8, DIAG_BAD_ADDR },
		{ 9, DIAG_BAD_PORT },		/* empty port */
		{ 12, DIAG_LINE_UNKNOWN },
		{ 13, DIAG_ORPHAN_LINE },	/* indented, no row */
		{ 15, DIAG_ORPHAN_LINE }	/* after a blank */
	};
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	size_t			 i;

	f = tu_read(tu_fixture("ss/hostile-bad-rows.txt"), NULL, "ss", &in);
	/* known: header, a detail line under a row, a blank line */
	tu_assert_lines(in, 18, 5, 3, 10);
	ck_assert_uint_eq(in->records, 5);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 10);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(tu_unparsed_code(in, bad[i].line) == bad[i].code,
		    "line %u: code %d, want %d", bad[i].line,
		    tu_unparsed_code(in, bad[i].line), bad[i].code);
	/* pid=x: the socket is kept, the owner is not, a warning is raised */
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8080,
	    "0.0.0.0", -1, ST_LISTEN);
	ck_assert_int_eq(s->pid, -1);
	ck_assert_uint_ge(in->ndiag, 11);
	tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 65535, "0.0.0.0",
	    -1, ST_LISTEN);
	tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 0, "0.0.0.0", -1,
	    ST_LISTEN);
	tu_assert_owner(tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV6, "::", 53,
	    "::", -1, ST_NONE), 617, "named");
	fleet_free(f);
}
END_TEST

START_TEST(test_random_bytes_and_nuls)
{
	static const char row[] =
	    "\ntcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*"
	    "    users:((\"sshd\",pid=612,fd=3))\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf;
	size_t		 i, n = 64 * 1024;

	buf = xmalloc(n + sizeof(row));
	tu_noise(buf, n, 4242);
	for (i = 0; i < n; i++) {
		if (i % 89 == 0)
			buf[i] = '\0';
		if (i % 53 == 0)
			buf[i] = '\n';
	}
	memcpy(buf + n, row, sizeof(row) - 1);
	f = tu_parse_text(buf, n + sizeof(row) - 1, "ss", &in);
	ck_assert_ptr_nonnull(in->coll);
	tu_assert_accounting(in);
	ck_assert_uint_gt(in->lines_unparsed, 100);
	tu_assert_owner(&tu_find_sock(in, PROTO_TCP, "0.0.0.0", 22)->u.sock,
	    612, "sshd");
	fleet_free(f);
	free(buf);
}
END_TEST

/* A 5 MB users:(( column that never closes, then a good row. */
START_TEST(test_five_mb_line)
{
	static const char head[] =
	    "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port"
	    "Process\n"
	    "tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*"
	    "    users:((\"";
	static const char tail[] =
	    "\ntcp   LISTEN 0      511          0.0.0.0:443       0.0.0.0:*"
	    "    users:((\"nginx\",pid=700,fd=6))\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf;
	size_t		 big = 5 * 1024 * 1024, n;

	n = sizeof(head) - 1 + big + sizeof(tail) - 1;
	buf = xmalloc(n);
	memcpy(buf, head, sizeof(head) - 1);
	memset(buf + sizeof(head) - 1, 'a', big);
	memcpy(buf + sizeof(head) - 1 + big, tail, sizeof(tail) - 1);
	f = tu_parse_text(buf, n, NULL, &in);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, "ss");
	tu_assert_accounting(in);
	tu_assert_lines(in, 3, 2, 1, 0);
	ck_assert_uint_eq(in->records, 2);
	tu_assert_owner(tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0",
	    22, "0.0.0.0", -1, ST_LISTEN), -1, NULL);
	/* line-long (cut at 1 MiB), and the process column warning */
	ck_assert_uint_eq(in->ndiag, 2);
	tu_assert_owner(tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0",
	    443, "0.0.0.0", -1, ST_LISTEN), 700, "nginx");
	fleet_free(f);
	free(buf);
}
END_TEST

static Suite *
ss_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("ss");
	tc = tcase_create("samples");
	tcase_add_test(tc, test_debian12_tulpan);
	tcase_add_test(tc, test_tulpen_extended);
	tcase_add_test(tc, test_glued_netidstate_names);
	tcase_add_test(tc, test_names_unresolved);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_ant_no_netid);
	tcase_add_test(tc, test_ant_anu_tables);
	tcase_add_test(tc, test_tulpen_modern_users);
	tcase_add_test(tc, test_mixed_families_info);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hostile_rows);
	tcase_add_test(tc, test_random_bytes_and_nuls);
	tcase_add_test(tc, test_five_mb_line);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(ss_suite()));
}
