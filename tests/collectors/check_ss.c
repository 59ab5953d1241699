/*
 * ss collector: every real ss sample, fixtures for ss -ant (no Netid),
 * ss -anu, ss -a with other socket families and -i detail lines, modern
 * -tulpen output, sniffing against netstat, and hostile input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

/* Read path (type NULL: sniffed) and check the line accounting. */
static struct input *
ss_read(struct fleet **fp, const char *path, const char *type)
{
	struct input	*in;

	*fp = tu_parse_file(path, type, &in);
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(in->status, INPUT_OK);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, "ss");
	tu_assert_accounting(in);
	return (in);
}

static void
ss_counts(const struct input *in, unsigned long lines, unsigned long rec,
    unsigned long known, unsigned long unparsed)
{
	ck_assert_uint_eq(in->lines, lines);
	ck_assert_uint_eq(in->lines_record, rec);
	ck_assert_uint_eq(in->lines_known, known);
	ck_assert_uint_eq(in->lines_unparsed, unparsed);
	ck_assert_uint_eq(in->records, rec);
}

/* The n-th socket, checked field by field. */
static const struct sockrec *
ss_sock(struct input *in, int n, enum proto p, enum family fam,
    const char *laddr, int lport, const char *raddr, int rport,
    enum sockstate st)
{
	struct record	*r;

	r = tu_nth(in, REC_SOCKET, n);
	ck_assert_msg(r != NULL, "no socket %d", n);
	ck_assert_int_eq(r->u.sock.proto, p);
	ck_assert_int_eq(r->u.sock.family, fam);
	ck_assert_pstr_eq(r->u.sock.local_addr, laddr);
	ck_assert_int_eq(r->u.sock.local_port, lport);
	ck_assert_pstr_eq(r->u.sock.remote_addr, raddr);
	ck_assert_int_eq(r->u.sock.remote_port, rport);
	ck_assert_int_eq(r->u.sock.state, st);
	return (&r->u.sock);
}

static void
ss_owner(const struct sockrec *s, long pid, const char *process)
{
	ck_assert_int_eq(s->pid, pid);
	ck_assert_pstr_eq(s->process, process);
	ck_assert_ptr_null(s->service);
}

static void
ss_unparsed_at(struct input *in, unsigned line, int code)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_UNPARSED && r->line == line) {
			ck_assert_int_eq(r->u.unp.code, code);
			return;
		}
	ck_abort_msg("line %u is not unparsed", line);
}

static int
ss_sniff_file(const char *path)
{
	FILE	*fp;
	char	*buf;
	long	 n;
	int	 score;

	ck_assert_ptr_nonnull(fp = fopen(path, "rb"));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = xmalloc(n + 1);
	ck_assert_uint_eq(fread(buf, 1, n, fp), (size_t)n);
	fclose(fp);
	score = collector_ss.sniff(buf, n);
	free(buf);
	return (score);
}

START_TEST(test_debian12_tulpan)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = ss_read(&f, tu_sample(
	    "netstat/linux-debian12-iproute2-6.1-ss-tulpan.txt"), NULL);
	ss_counts(in, 6, 5, 1, 0);
	s = ss_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.1", 5353, "0.0.0.0",
	    -1, ST_NONE);
	ss_owner(s, 10909, "python3");
	/* dual-stack wildcard: family null */
	s = ss_sock(in, 1, PROTO_UDP, FAM_NONE, "*", 1900, "*", -1, ST_NONE);
	ss_owner(s, 10909, "python3");
	s = ss_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 2024, "0.0.0.0", -1,
	    ST_LISTEN);
	ss_owner(s, -1, NULL);		/* empty Process column */
	s = ss_sock(in, 3, PROTO_TCP, FAM_IPV4, "127.0.0.1", 8000, "0.0.0.0",
	    -1, ST_LISTEN);
	ss_owner(s, 10905, "python3");
	s = ss_sock(in, 4, PROTO_TCP, FAM_IPV6, "::1", 8443, "::", -1,
	    ST_LISTEN);
	ss_owner(s, 10907, "python3");
	fleet_free(f);
}
END_TEST

START_TEST(test_tulpen_extended)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = ss_read(&f, tu_sample("netstat/linux-ss-tulpen-extended.txt"),
	    NULL);
	ss_counts(in, 10, 9, 1, 0);
	s = ss_sock(in, 0, PROTO_UDP, FAM_NONE, "*", 68, "*", -1, ST_NONE);
	ss_owner(s, 1146, "dhclient");
	s = ss_sock(in, 1, PROTO_TCP, FAM_NONE, "*", 22, "*", -1, ST_LISTEN);
	ss_owner(s, 1222, "sshd");
	/* old ss: unbracketed IPv6, mapped IPv4, %scope */
	s = ss_sock(in, 2, PROTO_TCP, FAM_IPV6, "::ffff:10.0.2.15", 9200, "::",
	    -1, ST_LISTEN);
	ss_owner(s, 1722, "java");
	s = ss_sock(in, 3, PROTO_TCP, FAM_IPV6,
	    "fe80::a00:27ff:fe32:ed09%enp0s3", 9200, "::", -1, ST_LISTEN);
	ss_owner(s, 1722, "java");
	s = ss_sock(in, 6, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1, ST_LISTEN);
	ss_owner(s, 1222, "sshd");
	/* several users: the first one wins */
	s = ss_sock(in, 7, PROTO_TCP, FAM_NONE, "*", 80, "*", -1, ST_LISTEN);
	ss_owner(s, 583, "nginx");
	/* no State column on this row; users:(("sendmail",3965,4)) */
	s = ss_sock(in, 8, PROTO_TCP, FAM_NONE, "*", 25, "*", -1, ST_NONE);
	ss_owner(s, 3965, "sendmail");
	fleet_free(f);
}
END_TEST

START_TEST(test_glued_netidstate_names)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = ss_read(&f, tu_sample(
	    "netstat/linux-ubuntu-ss-atu-glued-netidstate-names-extracted.txt"),
	    NULL);
	ss_counts(in, 8, 7, 1, 0);
	s = ss_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53,
	    "0.0.0.0", -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "domain");
	ss_owner(s, -1, NULL);
	s = ss_sock(in, 1, PROTO_UDP, FAM_IPV4, "192.168.0.103%enp0s8", 68,
	    "0.0.0.0", -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "bootpc");
	s = ss_sock(in, 4, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0", -1,
	    ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "ssh");
	s = ss_sock(in, 5, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2",
	    62947, ST_ESTABLISHED);
	ck_assert_ptr_null(s->remote_port_name);
	ss_sock(in, 6, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1, ST_LISTEN);
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

	in = ss_read(&f, tu_fixture("ss/ant-no-netid.txt"), NULL);
	ss_counts(in, 16, 15, 1, 0);
	for (i = 0; i < 15; i++) {
		r = tu_nth(in, REC_SOCKET, i);
		ck_assert_ptr_nonnull(r);
		ck_assert_int_eq(r->u.sock.proto, PROTO_TCP);
		ck_assert_int_eq(r->u.sock.state, states[i]);
	}
	ss_sock(in, 1, PROTO_TCP, FAM_IPV4, "127.0.0.53%lo", 53, "0.0.0.0", -1,
	    ST_LISTEN);
	ss_sock(in, 12, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8125, "0.0.0.0", -1,
	    ST_CLOSED);		/* TCP UNCONN */
	ss_sock(in, 13, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1, ST_LISTEN);
	ss_sock(in, 14, PROTO_TCP, FAM_NONE, "*", 80, "*", -1, ST_LISTEN);
	fleet_free(f);
}
END_TEST

START_TEST(test_ant_anu_tables)
{
	struct fleet	*f;
	struct input	*in;

	in = ss_read(&f, tu_fixture("ss/ant-anu-prompts.txt"), NULL);
	/* 4 prompts, 3 headers */
	ss_counts(in, 14, 7, 7, 0);
	ss_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0", -1,
	    ST_LISTEN);
	ss_sock(in, 1, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2", 51324,
	    ST_ESTABLISHED);
	/* an UNCONN-only table without Netid is ss -u */
	ss_sock(in, 2, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53, "0.0.0.0",
	    -1, ST_NONE);
	ss_sock(in, 3, PROTO_UDP, FAM_IPV4, "10.0.2.15%eth0", 68, "0.0.0.0",
	    -1, ST_NONE);
	ss_sock(in, 4, PROTO_UDP, FAM_IPV4, "10.0.2.15", 45114, "8.8.8.8", 53,
	    ST_NONE);
	ss_sock(in, 5, PROTO_UDP, FAM_NONE, "*", 5353, "*", -1, ST_NONE);
	/* neither Netid nor State: TCP, state null */
	ss_sock(in, 6, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2", 51324,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_tulpen_modern_users)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = ss_read(&f, tu_fixture("ss/tulpen-modern-users.txt"), NULL);
	ss_counts(in, 12, 11, 1, 0);
	s = ss_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53,
	    "0.0.0.0", -1, ST_NONE);
	ss_owner(s, 654, "systemd-resolve");
	s = ss_sock(in, 2, PROTO_UDP, FAM_IPV6, "::ffff:127.0.0.1", 631, "*",
	    -1, ST_NONE);
	ss_owner(s, 1033, "cups-browsed");
	s = ss_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0", -1,
	    ST_LISTEN);
	ss_owner(s, 812, "sshd");
	s = ss_sock(in, 4, PROTO_TCP, FAM_IPV6, "::1", 8443, "::", -1,
	    ST_LISTEN);
	ss_owner(s, 4411, "Web Content");
	s = ss_sock(in, 6, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2",
	    51324, ST_ESTABLISHED);
	ss_owner(s, 1402, "sshd");
	s = ss_sock(in, 7, PROTO_TCP, FAM_IPV4, "127.0.0.1", 25, "0.0.0.0", -1,
	    ST_LISTEN);
	ss_owner(s, -1, NULL);		/* -e tokens only */
	s = ss_sock(in, 8, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8080, "0.0.0.0", -1,
	    ST_LISTEN);		/* mptcp */
	ss_owner(s, 2210, "mptcpd-demo");
	s = ss_sock(in, 9, PROTO_SCTP, FAM_IPV4, "0.0.0.0", 3868, "0.0.0.0",
	    -1, ST_LISTEN);
	ss_owner(s, 2901, "freeDiameterd");
	s = ss_sock(in, 10, PROTO_TCP, FAM_IPV4, "0.0.0.0", 40000, "0.0.0.0",
	    -1, ST_BOUND);
	ss_owner(s, 3001, "testbind");
	fleet_free(f);
}
END_TEST

START_TEST(test_mixed_families_info)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	in = ss_read(&f, tu_fixture("ss/a-mixed-families-info.txt"), NULL);
	/* header, 9 other-family rows, 2 detail lines */
	ss_counts(in, 17, 5, 12, 0);
	r = tu_nth(in, REC_SOCKET, 0);
	ck_assert_uint_eq(r->line, 11);
	s = ss_sock(in, 0, PROTO_UDP, FAM_IPV4, "127.0.0.53%lo", 53, "0.0.0.0",
	    -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "domain");
	ss_sock(in, 2, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2", 51324,
	    ST_ESTABLISHED);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 3)->line, 16);
	ss_sock(in, 3, PROTO_TCP, FAM_NONE, "*", 80, "*", -1, ST_LISTEN);
	ss_sock(in, 4, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1, ST_LISTEN);
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
		ck_assert_msg(ss_sniff_file(tu_sample(ours[i])) >= 80,
		    "%s scores low", ours[i]);
	for (i = 0; i < sizeof(theirs) / sizeof(theirs[0]); i++)
		ck_assert_msg(ss_sniff_file(tu_sample(theirs[i])) == 0,
		    "%s sniffed as ss", theirs[i]);
	/* ss -H (no header): the rows alone */
	ck_assert_int_gt(collector_ss.sniff(noheader, sizeof(noheader) - 1),
	    0);
	ck_assert_int_eq(collector_ss.sniff(noheader, 10), 0);
	ck_assert_int_eq(collector_ss.sniff("", 0), 0);
}
END_TEST

START_TEST(test_hostile_rows)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = ss_read(&f, tu_fixture("ss/hostile-bad-rows.txt"), NULL);
	/* known: header, a detail line under a row, a blank line */
	ss_counts(in, 18, 5, 3, 10);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 10);
	ss_unparsed_at(in, 3, DIAG_BAD_PORT);		/* 99999 */
	ss_unparsed_at(in, 4, DIAG_BAD_PORT);		/* -1 */
	ss_unparsed_at(in, 5, DIAG_LINE_SHORT);		/* no peer */
	ss_unparsed_at(in, 6, DIAG_LINE_SHORT);
	ss_unparsed_at(in, 7, DIAG_BAD_NUMBER);		/* queue "x" */
	ss_unparsed_at(in, 8, DIAG_BAD_ADDR);
	ss_unparsed_at(in, 9, DIAG_BAD_PORT);		/* empty port */
	ss_unparsed_at(in, 12, DIAG_LINE_UNKNOWN);
	ss_unparsed_at(in, 13, DIAG_ORPHAN_LINE);	/* indented, no row */
	ss_unparsed_at(in, 15, DIAG_ORPHAN_LINE);	/* after a blank */
	/* pid=x: the socket is kept, the owner is not, a warning is raised */
	s = ss_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8080, "0.0.0.0",
	    -1, ST_LISTEN);
	ck_assert_int_eq(s->pid, -1);
	ck_assert_uint_ge(in->ndiag, 11);
	ss_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 65535, "0.0.0.0", -1,
	    ST_LISTEN);
	ss_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 0, "0.0.0.0", -1,
	    ST_LISTEN);
	ss_owner(ss_sock(in, 4, PROTO_UDP, FAM_IPV6, "::", 53, "::", -1,
	    ST_NONE), 617, "named");
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
	unsigned	 x = 4242;

	buf = xmalloc(n + sizeof(row));
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (char)(x >> 16);
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
	ss_owner(&tu_find_sock(in, PROTO_TCP, "0.0.0.0", 22)->u.sock, 612,
	    "sshd");
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
	ss_counts(in, 3, 2, 1, 0);
	ss_owner(ss_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0",
	    -1, ST_LISTEN), -1, NULL);
	ck_assert_uint_eq(in->ndiag, 1);	/* process column warning */
	ss_owner(ss_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 443,
	    "0.0.0.0", -1, ST_LISTEN), 700, "nginx");
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
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(ss_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed ? 1 : 0);
}
