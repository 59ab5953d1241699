/*
 * Check suite for collectors/netstat_bsd.c: the real macOS, Solaris,
 * HP-UX and AIX samples, hand-written FreeBSD, OpenBSD, macOS and Solaris
 * fixtures for what the samples lack (FreeBSD -T, -x and -A, macOS -A:
 * see tests/fixtures/netstat_bsd/PROVENANCE.md), sniffing against the
 * Linux and Windows shapes, and hostile input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define NB_SAMPLE(x)	"netstat/" x
#define NB_FIXTURE(x)	"netstat_bsd/" x

/* The socket record on a given line. */
static struct sockrec *
nb_line(struct input *in, unsigned line)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->line == line && r->kind == REC_SOCKET)
			return (&r->u.sock);
	ck_abort_msg("no socket on line %u", line);
	return (NULL);
}

static void
nb_sock(const struct sockrec *s, enum proto p, enum family f,
    const char *laddr, int lport, const char *raddr, int rport,
    enum sockstate st)
{
	ck_assert_int_eq(s->proto, p);
	ck_assert_int_eq(s->family, f);
	ck_assert_str_eq(s->local_addr, laddr);
	ck_assert_int_eq(s->local_port, lport);
	if (raddr == NULL)
		ck_assert_ptr_null(s->remote_addr);
	else
		ck_assert_str_eq(s->remote_addr, raddr);
	ck_assert_int_eq(s->remote_port, rport);
	ck_assert_int_eq(s->state, st);
}

/* ---- real samples ---- */

START_TEST(test_sample_macos_anv)
{
	struct fleet	*f;
	struct input	*in;
	struct sockrec	*s;

	f = tu_read(tu_sample(NB_SAMPLE(
	    "macos-netstat-anv-grep-listen-extracted.txt")), NULL,
	    "netstat-bsd", &in);
	tu_assert_lines(in, 21, 21, 0, 0);
	ck_assert_int_eq(tu_count(in, REC_SOCKET), 21);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4, -1), 9);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV6, -1), 11);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_NONE, -1), 1);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_LISTEN), 21);
	s = nb_line(in, 1);
	nb_sock(s, PROTO_TCP, FAM_IPV4, "127.0.0.1", 631, "*", -1, ST_LISTEN);
	ck_assert_int_eq(s->pid, 26008);
	ck_assert_ptr_null(s->process);
	nb_sock(nb_line(in, 2), PROTO_TCP, FAM_IPV6, "::1", 631, "*", -1,
	    ST_LISTEN);
	/* tcp46: dual stack, family null */
	s = nb_line(in, 6);
	nb_sock(s, PROTO_TCP, FAM_NONE, "*", 3283, "*", -1, ST_LISTEN);
	ck_assert_int_eq(s->pid, 528);
	/* truncated link-local address kept as printed */
	s = nb_line(in, 12);
	nb_sock(s, PROTO_TCP, FAM_IPV6, "fe80::aede:48ff:", 49159, "*", -1,
	    ST_LISTEN);
	ck_assert_int_eq(s->pid, 77);
	nb_sock(nb_line(in, 17), PROTO_TCP, FAM_IPV6, "fe80::aede:48ff:",
	    49154, "*", -1, ST_LISTEN);
	s = nb_line(in, 20);
	nb_sock(s, PROTO_TCP, FAM_IPV4, "*", 22, "*", -1, ST_LISTEN);
	ck_assert_int_eq(s->pid, 1);
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_TCP, "*", 5900));
	ck_assert_ptr_null(tu_find_sock(in, PROTO_UDP, NULL, 22));
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_solaris11)
{
	struct fleet	*f;
	struct input	*in;
	struct sockrec	*s;

	f = tu_read(tu_sample(NB_SAMPLE(
	    "solaris11-netstat-an-f-inet-f-inet6.txt")), NULL, "netstat-bsd",
	    &in);
	/* 16 rows; 4 section titles, 4 column headers, 4 rules, 3 blanks */
	tu_assert_lines(in, 31, 16, 15, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV4, -1), 3);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV6, -1), 2);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4, -1), 8);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV6, -1), 3);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_LISTEN), 7);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_CLOSED), 3); /* IDLE */
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_ESTABLISHED), 1);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_NONE), 5);   /* UDP */
	/* UDP "*.* Unbound": no remote column at all */
	nb_sock(nb_line(in, 4), PROTO_UDP, FAM_IPV4, "*", -1, NULL, -1,
	    ST_NONE);
	nb_sock(nb_line(in, 5), PROTO_UDP, FAM_IPV4, "10.0.2.15", 68, NULL,
	    -1, ST_NONE);
	nb_sock(nb_line(in, 12), PROTO_UDP, FAM_IPV6, "*", 546, NULL, -1,
	    ST_NONE);
	nb_sock(nb_line(in, 17), PROTO_TCP, FAM_IPV4, "127.0.0.1", 5999,
	    "*", -1, ST_LISTEN);
	nb_sock(nb_line(in, 19), PROTO_TCP, FAM_IPV4, "*", -1, "*", -1,
	    ST_CLOSED);
	s = nb_line(in, 22);
	nb_sock(s, PROTO_TCP, FAM_IPV4, "192.168.59.103", 22,
	    "192.168.59.3", 55016, ST_ESTABLISHED);
	ck_assert_int_eq(s->pid, -1);
	nb_sock(nb_line(in, 29), PROTO_TCP, FAM_IPV6, "::1", 5999, "*", -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 31), PROTO_TCP, FAM_IPV6, "*", -1, "*", -1,
	    ST_CLOSED);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_hpux_inet)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_sample(NB_SAMPLE("hpux-netstat-an-f-inet.txt")), NULL,
	    "netstat-bsd", &in);
	tu_assert_lines(in, 10, 8, 2, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4, -1), 6);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV4, -1), 2);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_LISTEN), 4);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_ESTABLISHED), 2);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "*", 515, "*", -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV4, "16.147.37.141", 22,
	    "16.180.154.172", 64145, ST_ESTABLISHED);
	nb_sock(nb_line(in, 9), PROTO_UDP, FAM_IPV4, "127.0.0.1", 49178,
	    "127.0.0.1", 49178, ST_NONE);
	nb_sock(nb_line(in, 10), PROTO_UDP, FAM_IPV4, "*", 49153, "*", -1,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_hpux_inet6)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_sample(NB_SAMPLE("hpux-netstat-an-f-inet6.txt")), NULL,
	    "netstat-bsd", &in);
	tu_assert_lines(in, 11, 9, 2, 0);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV6, -1), 7);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV6, -1), 2);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_LISTEN), 4);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_TIME_WAIT), 1);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV6, "::1", 49309, "*", -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 5), PROTO_TCP, FAM_IPV6, "::1", 49671, "::1",
	    49400, ST_ESTABLISHED);
	nb_sock(nb_line(in, 9), PROTO_TCP, FAM_IPV6, "::1", 62538, "::1",
	    62537, ST_TIME_WAIT);
	nb_sock(nb_line(in, 11), PROTO_UDP, FAM_IPV6, "*", 9, "*", -1,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_aix)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_sample(NB_SAMPLE("aix-netstat-Aan-grep-listen.txt")),
	    NULL, "netstat-bsd", &in);
	tu_assert_lines(in, 2, 2, 0, 0);
	/* the leading PCB column is skipped, not taken for the protocol */
	nb_sock(nb_line(in, 1), PROTO_TCP, FAM_IPV4, "*", 22, "*", -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 2), PROTO_TCP, FAM_IPV6, "*", 22, "*", -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

/* ---- fixtures ---- */

START_TEST(test_freebsd_p_tcp)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture(NB_FIXTURE("freebsd13-netstat-an-p-tcp.txt")),
	    NULL, "netstat-bsd", &in);
	tu_assert_lines(in, 18, 16, 2, 0);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "192.168.56.10", 22,
	    "192.168.56.1", 51844, ST_ESTABLISHED);
	ck_assert_int_eq(nb_line(in, 4)->state, ST_TIME_WAIT);
	ck_assert_int_eq(nb_line(in, 5)->state, ST_SYN_SENT);
	ck_assert_int_eq(nb_line(in, 6)->state, ST_CLOSE_WAIT);
	ck_assert_int_eq(nb_line(in, 7)->state, ST_SYN_RECEIVED);
	ck_assert_int_eq(nb_line(in, 8)->state, ST_FIN_WAIT_2);
	ck_assert_int_eq(nb_line(in, 9)->state, ST_FIN_WAIT_1);
	ck_assert_int_eq(nb_line(in, 10)->state, ST_LAST_ACK);
	ck_assert_int_eq(nb_line(in, 11)->state, ST_CLOSING);
	nb_sock(nb_line(in, 14), PROTO_TCP, FAM_IPV6, "::1", 5432, "*", -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 15), PROTO_TCP, FAM_NONE, "*", 8080, "*", -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 18), PROTO_TCP, FAM_IPV4, "*", -1, "*", -1,
	    ST_CLOSED);
	ck_assert_int_eq(tu_count_socks(in, -1, -1, ST_LISTEN), 6);
	fleet_free(f);
}
END_TEST

START_TEST(test_freebsd_full)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture(NB_FIXTURE("freebsd13-netstat-an.txt")), NULL,
	    "netstat-bsd", &in);
	/* 6 tcp + 2 sctp + 11 udp rows; the UNIX section is known */
	tu_assert_lines(in, 34, 19, 15, 0);
	ck_assert_int_eq(tu_count(in, REC_SOCKET), 19);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 0);
	/* SCTP: no queue columns; a listener has no foreign address */
	nb_sock(nb_line(in, 11), PROTO_SCTP, FAM_IPV4, "*", 5001, NULL, -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 12), PROTO_SCTP, FAM_IPV4, "10.0.2.15", 5001,
	    "10.0.2.2", 40000, ST_ESTABLISHED);
	/* UDP rows after the SCTP block keep being read */
	nb_sock(nb_line(in, 14), PROTO_UDP, FAM_IPV4, "*", 514, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 20), PROTO_UDP, FAM_IPV6, "fe80::a00:27ff:fe4",
	    123, "*", -1, ST_NONE);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV4, -1), 6);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV6, -1), 5);
	/* nothing from the UNIX section became a socket */
	ck_assert_ptr_null(tu_nth(in, REC_SOCKET, 19));
	fleet_free(f);
}
END_TEST

START_TEST(test_macos_full)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture(NB_FIXTURE("macos12-netstat-an.txt")), NULL,
	    "netstat-bsd", &in);
	/* 9 tcp + 6 udp; icm6, multipath, UNIX, kernel sections known */
	tu_assert_lines(in, 39, 15, 24, 0);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV6, "fe80::1c8d:d8b2:", 1024,
	    "fe80::8c3d:2bff:", 1024, ST_ESTABLISHED);
	nb_sock(nb_line(in, 5), PROTO_TCP, FAM_IPV4, "192.168.1.23", 50110,
	    "140.82.113.26", 443, ST_CLOSE_WAIT);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_NONE, -1), 2);
	nb_sock(nb_line(in, 12), PROTO_UDP, FAM_IPV4, "*", -1, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 13), PROTO_UDP, FAM_NONE, "*", -1, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 17), PROTO_UDP, FAM_IPV6, "fe80::1%lo0", 123,
	    "*", -1, ST_NONE);
	ck_assert_int_eq(nb_line(in, 3)->pid, -1);
	fleet_free(f);
}
END_TEST

START_TEST(test_macos_process_pid)
{
	struct fleet	*f;
	struct input	*in;
	struct sockrec	*s;

	f = tu_read(tu_fixture(NB_FIXTURE(
	    "macos13-netstat-anv-process-pid.txt")), NULL, "netstat-bsd", &in);
	tu_assert_lines(in, 13, 6, 7, 0);
	s = nb_line(in, 3);
	nb_sock(s, PROTO_TCP, FAM_IPV4, "192.168.50.143", 64245,
	    "142.251.178.188", 5228, ST_ESTABLISHED);
	/* a process name with a blank in it */
	ck_assert_str_eq(s->process, "Comet Helper");
	ck_assert_int_eq(s->pid, 3300);
	s = nb_line(in, 4);
	ck_assert_str_eq(s->process, "rapportd");
	ck_assert_int_eq(s->pid, 3000);
	ck_assert_str_eq(s->local_addr, "fe80::c34:4384:6");
	ck_assert_int_eq(s->remote_port, 64524);
	ck_assert_str_eq(nb_line(in, 5)->process, "cupsd");
	s = nb_line(in, 6);
	ck_assert_str_eq(s->process, "ControlCenter");
	ck_assert_int_eq(s->pid, 512);
	ck_assert_int_eq(s->family, FAM_NONE);
	/* UDP: no state column, the -v columns follow the foreign address */
	s = nb_line(in, 7);
	nb_sock(s, PROTO_UDP, FAM_IPV4, "*", 5353, "*", -1, ST_NONE);
	ck_assert_str_eq(s->process, "mDNSResponder");
	ck_assert_int_eq(s->pid, 301);
	ck_assert_int_eq(nb_line(in, 8)->pid, 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_openbsd)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture(NB_FIXTURE("openbsd74-netstat-an.txt")), NULL,
	    "netstat-bsd", &in);
	tu_assert_lines(in, 17, 8, 9, 0);
	/* plain tcp/udp are IPv4 unless the address says otherwise */
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4, -1), 3);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV4, -1), 2);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV6, -1), 2);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV6, -1), 1);
	nb_sock(nb_line(in, 6), PROTO_UDP, FAM_IPV4, "10.0.0.5", 13218,
	    "10.0.0.1", 53, ST_NONE);
	nb_sock(nb_line(in, 10), PROTO_TCP, FAM_IPV6, "::1", 25, "*", -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

START_TEST(test_solaris10_full)
{
	struct fleet	*f;
	struct input	*in;
	struct sockrec	*s;

	f = tu_read(tu_fixture(NB_FIXTURE(
	    "solaris10-netstat-an-sctp-unix.txt")), NULL, "netstat-bsd", &in);
	tu_assert_lines(in, 50, 25, 25, 0);
	nb_sock(nb_line(in, 8), PROTO_UDP, FAM_IPV4, "127.0.0.1", 32859,
	    "127.0.0.1", 514, ST_NONE);
	nb_sock(nb_line(in, 20), PROTO_TCP, FAM_IPV4, "*", -1, "*", -1,
	    ST_CLOSED);
	ck_assert_int_eq(nb_line(in, 27)->state, ST_SYN_SENT);
	ck_assert_int_eq(nb_line(in, 28)->state, ST_SYN_RECEIVED);
	ck_assert_int_eq(nb_line(in, 29)->state, ST_FIN_WAIT_1);
	ck_assert_int_eq(nb_line(in, 30)->state, ST_FIN_WAIT_2);
	ck_assert_int_eq(nb_line(in, 31)->state, ST_LAST_ACK);
	ck_assert_int_eq(nb_line(in, 32)->state, ST_CLOSING);
	nb_sock(nb_line(in, 33), PROTO_TCP, FAM_IPV4, "*", 6481, "*", -1,
	    ST_BOUND);
	/* IPv6 with the If column after the state */
	s = nb_line(in, 39);
	nb_sock(s, PROTO_TCP, FAM_IPV6, "fe80::214:4fff:fe0f:1a2b", 22,
	    "fe80::214:4fff:fe0f:9c8d", 33015, ST_ESTABLISHED);
	/* SCTP: bare 0.0.0.0 has no port, StrsI/O skipped */
	nb_sock(nb_line(in, 44), PROTO_SCTP, FAM_IPV4, "0.0.0.0", -1,
	    "0.0.0.0", -1, ST_CLOSED);
	nb_sock(nb_line(in, 45), PROTO_SCTP, FAM_IPV4, "10.1.1.20", 2905,
	    "0.0.0.0", -1, ST_LISTEN);
	ck_assert_int_eq(tu_count_socks(in, PROTO_SCTP, FAM_IPV4, -1), 2);
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile_fixture)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture(NB_FIXTURE("hostile.txt")), NULL, "netstat-bsd",
	    &in);
	tu_assert_lines(in, 19, 5, 2, 12);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 12);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_BAD_PORT);  /* 99999 */
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_BAD_PORT);  /* -1 */
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_BAD_STATE);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_LINE_SHORT);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_LINE_SHORT);
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_BAD_NUMBER);
	ck_assert_int_eq(tu_unparsed_code(in, 9), DIAG_BAD_ADDR);
	ck_assert_int_eq(tu_unparsed_code(in, 10), DIAG_BAD_ADDR);
	ck_assert_int_eq(tu_unparsed_code(in, 11), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 12), DIAG_BAD_PORT); /* 70000 */
	ck_assert_int_eq(tu_unparsed_code(in, 13), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 18), DIAG_LINE_UNKNOWN);
	/* the edges of the port range are fine */
	nb_sock(nb_line(in, 14), PROTO_TCP, FAM_IPV4, "10.0.0.1", 65535, "*",
	    -1, ST_LISTEN);
	nb_sock(nb_line(in, 15), PROTO_TCP, FAM_IPV4, "10.0.0.1", 0, "*", -1,
	    ST_LISTEN);
	/* a TCP row without state is kept, with a warning */
	nb_sock(nb_line(in, 17), PROTO_TCP, FAM_IPV4, "10.0.0.1", 2222,
	    "10.0.0.2", 55555, ST_NONE);
	ck_assert_uint_ge(in->ndiag, 13);
	/* the last line is still read */
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_TCP, "10.0.0.1", 443));
	fleet_free(f);
}
END_TEST

/* What portaudit inspect prints on standard error for a file. */
static char *
nb_stderr(const char *path)
{
	return (tu_output("./portaudit inspect --type netstat-bsd '%s' "
	    "2>&1 >/dev/null", path));
}

/* How often needle occurs in hay. */
static int
nb_occurs(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return (n);
}

/* The -T/-x warning: once, on the first TCP row, with its FILE:LINE. */
static void
nb_assert_nostate_warning(const char *path, unsigned line)
{
	char	*err, want[4096];

	err = nb_stderr(path);
	snprintf(want, sizeof(want), "portaudit: %s:%u: warning: connection "
	    "state not known: netstat -T and -x print no TCP state; the TCP "
	    "states of this file are left empty\n", path, line);
	ck_assert_msg(strstr(err, want) != NULL, "no \"%s\" in \"%s\"",
	    want, err);
	ck_assert_int_eq(nb_occurs(err, "connection state not known"), 1);
	free(err);
}

/* FreeBSD 14 netstat -aT: Rexmit, OOORcv and 0-win before the address. */
START_TEST(test_freebsd_aT)
{
	struct fleet	*f;
	struct input	*in;
	const char	*path;

	path = tu_fixture(NB_FIXTURE("freebsd14-netstat-aT.txt"));
	f = tu_read(path, NULL, "netstat-bsd", &in);
	tu_assert_lines(in, 14, 12, 2, 0);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "10.0.2.15", 22,
	    "10.0.2.2", 61034, ST_NONE);
	/* non-zero counters are not taken for queues or addresses */
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV4, "10.0.2.15", 34512,
	    "93.184.216.34", 443, ST_NONE);
	nb_sock(nb_line(in, 5), PROTO_TCP, FAM_IPV4, "127.0.0.1", 25, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 7), PROTO_TCP, FAM_IPV6, "*", 22, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 8), PROTO_TCP, FAM_NONE, "*", 8080, "*", -1,
	    ST_NONE);
	/* an IPv6 address cut to 16 characters by netstat, kept as printed */
	nb_sock(nb_line(in, 9), PROTO_TCP, FAM_IPV6, "fe80::a00:27ff:f", 22,
	    "fe80::1%em0", 50312, ST_NONE);
	/* UDP rows leave the three columns blank */
	nb_sock(nb_line(in, 10), PROTO_UDP, FAM_IPV4, "*", 514, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 11), PROTO_UDP, FAM_IPV6, "*", 514, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 12), PROTO_UDP, FAM_IPV4, "10.0.2.15", 123, "*",
	    -1, ST_NONE);
	nb_sock(nb_line(in, 13), PROTO_UDP, FAM_IPV6, "::1", 123, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 14), PROTO_UDP, FAM_NONE, "*", 5353, "*", -1,
	    ST_NONE);
	ck_assert_int_eq(nb_line(in, 3)->pid, -1);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, -1, -1), 7);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, -1, -1), 5);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	nb_assert_nostate_warning(path, 3);
}
END_TEST

/* FreeBSD 14 netstat -AaT: the Tcpcb column in front as well. */
START_TEST(test_freebsd_AaT)
{
	struct fleet	*f;
	struct input	*in;
	const char	*path;

	path = tu_fixture(NB_FIXTURE("freebsd14-netstat-AaT.txt"));
	f = tu_read(path, NULL, "netstat-bsd", &in);
	tu_assert_lines(in, 11, 9, 2, 0);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "10.0.2.15", 22,
	    "10.0.2.2", 61034, ST_NONE);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV4, "10.0.2.15", 3306,
	    "10.0.2.9", 40110, ST_NONE);
	nb_sock(nb_line(in, 5), PROTO_TCP, FAM_IPV4, "*", 22, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 6), PROTO_TCP, FAM_IPV6, "::1", 5432, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 7), PROTO_TCP, FAM_IPV6, "*", 22, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 8), PROTO_UDP, FAM_IPV4, "*", 111, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 9), PROTO_UDP, FAM_IPV6, "*", 111, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 10), PROTO_UDP, FAM_IPV4, "127.0.0.1", 123, "*",
	    -1, ST_NONE);
	nb_sock(nb_line(in, 11), PROTO_UDP, FAM_IPV6, "fe80::1%lo0", 123, "*",
	    -1, ST_NONE);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	nb_assert_nostate_warning(path, 3);
}
END_TEST

/* FreeBSD 14 netstat -ax and -Aax: mbuf and timer columns, no state. */
static void
nb_freebsd_x(const char *name)
{
	struct fleet	*f;
	struct input	*in;
	struct sockrec	*s;
	const char	*path;
	unsigned	 l;

	path = tu_fixture(name);
	f = tu_read(path, NULL, "netstat-bsd", &in);
	tu_assert_lines(in, 10, 8, 2, 0);
	s = nb_line(in, 3);
	nb_sock(s, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22, "10.0.2.2", 61034,
	    ST_NONE);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV4, "*", 22, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 5), PROTO_TCP, FAM_IPV6, "*", 22, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 6), PROTO_TCP, FAM_IPV4, "127.0.0.1", 25, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 7), PROTO_TCP, FAM_IPV6, "::1", 5432, "::1", 36771,
	    ST_NONE);
	nb_sock(nb_line(in, 8), PROTO_UDP, FAM_IPV4, "*", 514, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 9), PROTO_UDP, FAM_IPV6, "*", 514, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 10), PROTO_UDP, FAM_IPV4, "10.0.2.15", 123, "*",
	    -1, ST_NONE);
	/* the buffer counters are not a pid (the macOS -v guess) */
	for (l = 3; l <= 10; l++) {
		ck_assert_int_eq(nb_line(in, l)->pid, -1);
		ck_assert_ptr_null(nb_line(in, l)->process);
	}
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	nb_assert_nostate_warning(path, 3);
}

START_TEST(test_freebsd_ax)
{
	nb_freebsd_x(NB_FIXTURE("freebsd14-netstat-ax.txt"));
}
END_TEST

START_TEST(test_freebsd_Aax)
{
	nb_freebsd_x(NB_FIXTURE("freebsd14-netstat-Aax.txt"));
}
END_TEST

/* The same layouts through grep: no title, no header, the shape decides. */
START_TEST(test_freebsd_T_x_without_header)
{
	static const char text[] =
	    "tcp4       3      1      0 10.0.2.15.34512        "
	    "93.184.216.34.443      \n"
	    "udp6                       ::1.123                *.*\n"
	    "fffff800039c7a80 udp4                       *.111              "
	    "*.*                \n"
	    "tcp6       0      0 *.22                   *.*              "
	    "           0      0      0      0  65536  32768      1   2048"
	    "      0      0 524288 262144    0.00    0.00    0.00    0.00"
	    "    0.00 2261.40\n"
	    "udp4       0      0 *.514                  *.*              "
	    "           0      0      0      0  42080   9216      1   2048"
	    "      0      0 336640  73728\n"
	    "toe4       0      0 10.0.2.15.2049         10.0.2.7.918"
	    "           ESTABLISHED\n"
	    "udp4       x      0 *.514                  *.*\n"
	    "tcp4       0      0      0 *.80\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 8, 6, 0, 2);
	nb_sock(nb_line(in, 1), PROTO_TCP, FAM_IPV4, "10.0.2.15", 34512,
	    "93.184.216.34", 443, ST_NONE);
	nb_sock(nb_line(in, 2), PROTO_UDP, FAM_IPV6, "::1", 123, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 3), PROTO_UDP, FAM_IPV4, "*", 111, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV6, "*", 22, "*", -1,
	    ST_NONE);
	ck_assert_int_eq(nb_line(in, 4)->pid, -1);
	nb_sock(nb_line(in, 5), PROTO_UDP, FAM_IPV4, "*", 514, "*", -1,
	    ST_NONE);
	ck_assert_int_eq(nb_line(in, 5)->pid, -1);
	/* TCP offload engine: still TCP, with its state */
	nb_sock(nb_line(in, 6), PROTO_TCP, FAM_IPV4, "10.0.2.15", 2049,
	    "10.0.2.7", 918, ST_ESTABLISHED);
	/* neither queues nor an address: still not a socket */
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_BAD_NUMBER);
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_LINE_SHORT);
	fleet_free(f);
}
END_TEST

/* macOS netstat -An: socket and flow hash columns, a hash of 0. */
START_TEST(test_macos_An)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture(NB_FIXTURE("macos14-netstat-An.txt")), NULL,
	    "netstat-bsd", &in);
	tu_assert_lines(in, 13, 11, 2, 0);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "192.168.1.23", 50123,
	    "17.57.146.52", 5223, ST_ESTABLISHED);
	/* hashes shorter than 8 digits ("%8x") */
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV4, "192.168.1.23", 50110,
	    "140.82.113.26", 443, ST_CLOSE_WAIT);
	nb_sock(nb_line(in, 5), PROTO_TCP, FAM_IPV6, "::1", 631, "*", -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 6), PROTO_TCP, FAM_IPV4, "127.0.0.1", 631, "*",
	    -1, ST_LISTEN);
	nb_sock(nb_line(in, 7), PROTO_TCP, FAM_NONE, "*", 5000, "*", -1,
	    ST_LISTEN);
	/* flow hash 0: unbound sockets, and UDP rows local "*.*" */
	nb_sock(nb_line(in, 8), PROTO_TCP, FAM_IPV4, "*", -1, "*", -1,
	    ST_CLOSED);
	nb_sock(nb_line(in, 9), PROTO_UDP, FAM_IPV4, "*", -1, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 10), PROTO_UDP, FAM_NONE, "*", -1, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 11), PROTO_UDP, FAM_IPV4, "*", 5353, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 12), PROTO_UDP, FAM_IPV6, "*", 5353, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 13), PROTO_UDP, FAM_IPV4, "192.168.1.23", 123,
	    "*", -1, ST_NONE);
	ck_assert_int_eq(nb_line(in, 3)->pid, -1);
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

/* macOS netstat -A without -n: names cut to 12 characters, port names. */
START_TEST(test_macos_A_names)
{
	struct fleet	*f;
	struct input	*in;
	struct sockrec	*s;

	f = tu_read(tu_fixture(NB_FIXTURE("macos14-netstat-A.txt")), NULL,
	    "netstat-bsd", &in);
	tu_assert_lines(in, 10, 8, 2, 0);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "192.168.1.23", 50123,
	    "17.57.146.52", 5223, ST_ESTABLISHED);
	s = nb_line(in, 4);
	nb_sock(s, PROTO_TCP, FAM_IPV6, "localhost", 631, "*", -1, ST_LISTEN);
	ck_assert_str_eq(s->local_port_name, "ipp");
	s = nb_line(in, 6);
	nb_sock(s, PROTO_TCP, FAM_IPV4, "*", 22, "*", -1, ST_LISTEN);
	ck_assert_str_eq(s->local_port_name, "ssh");
	nb_sock(nb_line(in, 7), PROTO_TCP, FAM_IPV4, "*", -1, "*", -1,
	    ST_CLOSED);
	nb_sock(nb_line(in, 8), PROTO_UDP, FAM_IPV4, "*", -1, "*", -1,
	    ST_NONE);
	s = nb_line(in, 9);
	nb_sock(s, PROTO_UDP, FAM_IPV4, "*", 5353, "*", -1, ST_NONE);
	ck_assert_str_eq(s->local_port_name, "mdns");
	s = nb_line(in, 10);
	nb_sock(s, PROTO_UDP, FAM_IPV4, "macbook-pro-", 123, "*", -1, ST_NONE);
	ck_assert_str_eq(s->local_port_name, "ntp");
	fleet_free(f);
}
END_TEST

/* macOS -A rows through grep: two hex columns, the second as short as 0. */
START_TEST(test_macos_A_without_header)
{
	static const char text[] =
	    "c3ef1c4ba5a01e07        0 udp4       0      0  *.*"
	    "                *.*                           \n"
	    "c3ef1c4ba59e6d87        0 tcp4       0      0  *.*"
	    "                *.*                CLOSED     \n"
	    "c3ef1c4ba5a051c7     6be3 udp6       0      0  *.5353"
	    "             *.*                           \n"
	    "c3ef1c4ba59e5c47    9a7c1 tcp46      0      0  *.5000"
	    "             *.*                LISTEN     \n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 4, 4, 0, 0);
	nb_sock(nb_line(in, 1), PROTO_UDP, FAM_IPV4, "*", -1, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 2), PROTO_TCP, FAM_IPV4, "*", -1, "*", -1,
	    ST_CLOSED);
	nb_sock(nb_line(in, 3), PROTO_UDP, FAM_IPV6, "*", 5353, "*", -1,
	    ST_NONE);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_NONE, "*", 5000, "*", -1,
	    ST_LISTEN);
	ck_assert_int_ge(collector_netstat_bsd.sniff(text, sizeof(text) - 1),
	    85);
	fleet_free(f);
}
END_TEST

/* ---- in-memory variants ---- */

START_TEST(test_names_without_n)
{
	static const char text[] =
	    "Active Internet connections (including servers)\n"
	    "Proto Recv-Q Send-Q  Local Address          Foreign Address"
	    "        (state)    \n"
	    "tcp4       0      0  192.168.217.104.59253  live.github.com.https"
	    "  ESTABLISHED\n"
	    "tcp4       0      0  localhost.ipp          *.*"
	    "                    LISTEN     \n"
	    "udp6       0      0  macbook-pro-van-.ntp   *.*\n"
	    "udp4       0      0  *.netbios-ns           *.*\n";
	struct fleet	*f;
	struct input	*in;
	struct sockrec	*s;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 6, 4, 2, 0);
	s = nb_line(in, 3);
	ck_assert_str_eq(s->remote_addr, "live.github.com");
	ck_assert_str_eq(s->remote_port_name, "https");
	ck_assert_int_eq(s->remote_port, 443);	/* resolved after parsing */
	ck_assert_int_eq(s->local_port, 59253);
	ck_assert_ptr_null(s->local_port_name);
	s = nb_line(in, 4);
	ck_assert_str_eq(s->local_addr, "localhost");
	ck_assert_str_eq(s->local_port_name, "ipp");
	ck_assert_int_eq(s->local_port, 631);
	s = nb_line(in, 5);
	ck_assert_str_eq(s->local_addr, "macbook-pro-van-");
	ck_assert_str_eq(s->local_port_name, "ntp");
	ck_assert_int_eq(s->family, FAM_IPV6);
	ck_assert_str_eq(nb_line(in, 6)->local_port_name, "netbios-ns");
	fleet_free(f);
}
END_TEST

START_TEST(test_macos_v_pid_header)
{
	/* Big Sur style -v: pid and epid columns, header names them */
	static const char text[] =
	    "Active Internet connections (including servers)\n"
	    "Proto Recv-Q Send-Q  Local Address          Foreign Address"
	    "        (state)      rxbytes      txbytes  rhiwat  shiwat    pid"
	    "   epid  state  options           gencnt    flags   flags1 usscnt"
	    " rtncnt fltrs\n"
	    "tcp4       0      0  127.0.0.1.631          *.*"
	    "                    LISTEN             0            0  131072"
	    "  131072    412      0 00100 00000006 00000000000009b2 00000000"
	    " 00000800      1      0 000000\n"
	    "udp4       0      0  *.5353                 *.*"
	    "                                  2841933            0  786896"
	    "    9216    301      0 00100 00000000 00000000000008e6 00000000"
	    " 00000800      1      0 000000\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 4, 2, 2, 0);
	ck_assert_int_eq(nb_line(in, 3)->pid, 412);
	ck_assert_int_eq(nb_line(in, 4)->pid, 301);
	ck_assert_ptr_null(nb_line(in, 4)->process);
	fleet_free(f);
}
END_TEST

START_TEST(test_macos_v_no_header)
{
	/* the same rows through grep: the pid is guessed from the shape */
	static const char text[] =
	    "tcp4       0      0  127.0.0.1.631          *.*"
	    "                    LISTEN             0            0  131072"
	    "  131072    412      0 00100 00000006 00000000000009b2 00000000"
	    " 00000800      1      0 000000\n"
	    "udp4       0      0  *.5353                 *.*"
	    "                    196724   9216    301      0 0x0000 0x00000000\n"
	    "tcp4       0      0  *.22                   *.*"
	    "                    LISTEN      131072 131072      1      0"
	    " 0x0180 0x00000006\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 3, 3, 0, 0);
	ck_assert_int_eq(nb_line(in, 1)->pid, 412);
	ck_assert_int_eq(nb_line(in, 2)->pid, 301);
	ck_assert_int_eq(nb_line(in, 2)->state, ST_NONE);
	ck_assert_int_eq(nb_line(in, 3)->pid, 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_freebsd_listen_queues)
{
	static const char text[] =
	    "Current listen queue sizes (qlen/incqlen/maxqlen)\n"
	    "Proto Listen         Local Address         \n"
	    "tcp4  0/0/128        *.22                  \n"
	    "tcp6  0/0/128        *.22                  \n"
	    "tcp4  2/0/4096       127.0.0.1.5432        \n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 5, 3, 2, 0);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "*", 22, NULL, -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV6, "*", 22, NULL, -1,
	    ST_LISTEN);
	nb_sock(nb_line(in, 5), PROTO_TCP, FAM_IPV4, "127.0.0.1", 5432, NULL,
	    -1, ST_LISTEN);
	fleet_free(f);
}
END_TEST

START_TEST(test_crlf_and_pcb_header)
{
	/* FreeBSD -A: a Tcpcb column; CRLF line ends from a Windows copy */
	static const char text[] =
	    "Active Internet connections (including servers)\r\n"
	    "Tcpcb            Proto Recv-Q Send-Q Local Address"
	    "      Foreign Address    (state)\r\n"
	    "fffff80003f1a000 tcp4       0      0 10.0.2.15.22"
	    "       10.0.2.2.61034     ESTABLISHED\r\n"
	    "fffff80003f1b000 tcp4       0      0 *.22"
	    "               *.*                LISTEN\r\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 4, 2, 2, 0);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "10.0.2.15", 22,
	    "10.0.2.2", 61034, ST_ESTABLISHED);
	nb_sock(nb_line(in, 4), PROTO_TCP, FAM_IPV4, "*", 22, "*", -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

/* ---- sniffing ---- */

static int
nb_sniff(const char *s)
{
	char	*buf;
	size_t	 n = strlen(s);
	int	 score;

	/* an exact-size copy without terminator: no reading past len */
	buf = malloc(n == 0 ? 1 : n);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, s, n);
	score = collector_netstat_bsd.sniff(buf, n);
	free(buf);
	return (score);
}

START_TEST(test_sniff_shapes)
{
	ck_assert_int_ge(nb_sniff(
	    "Active Internet connections (including servers)\n"
	    "Proto Recv-Q Send-Q  Local Address          Foreign Address"
	    "        (state)\n"
	    "tcp4       0      0  10.8.0.6.54433         1.2.3.4.443"
	    "            ESTABLISHED\n"), 90);
	ck_assert_int_ge(nb_sniff("TCP: IPv4\n"
	    "   Local Address        Remote Address    Swind Send-Q Rwind"
	    " Recv-Q    State\n"), 90);
	ck_assert_int_ge(nb_sniff(
	    "f1000e0002e4bbb8 tcp4  0  0  *.22   *.*   LISTEN\n"
	    "f1000e0002e4c3b8 tcp6  0  0  *.22   *.*   LISTEN\n"), 85);
	/* Linux net-tools: colon ports */
	ck_assert_int_eq(nb_sniff(
	    "Active Internet connections (only servers)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address"
	    "         State       PID/Program name\n"
	    "tcp        0      0 127.0.0.1:53687         0.0.0.0:*"
	    "               LISTEN      5957/python3\n"
	    "udp6       0      0 :::34677                :::*"
	    "                                5957/python3\n"), 0);
	/* Windows */
	ck_assert_int_eq(nb_sniff("\nActive Connections\n\n"
	    "  Proto  Local Address          Foreign Address        State\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\n"
	    "  UDP    0.0.0.0:5353           *:*\n"), 0);
	/* one dotted-looking row among colon rows is still Linux */
	ck_assert_int_eq(nb_sniff(
	    "tcp        0      0 0.0.0.0:22              0.0.0.0:*"
	    "               LISTEN\n"
	    "tcp        0      0 0.0.0.0:25              0.0.0.0:*"
	    "               LISTEN\n"
	    "tcp        0      0 10.0.0.1.5              *.*"
	    "                     LISTEN\n"), 0);
	ck_assert_int_eq(nb_sniff(""), 0);
	ck_assert_int_eq(nb_sniff("hello world\n"), 0);
	/* cut in the middle of a row */
	ck_assert_int_le(nb_sniff("tcp4       0      0  10.8.0."), 60);
}
END_TEST

START_TEST(test_sniff_not_others)
{
	static const char *const others[] = {
		"linux-debian12-nettools-2.10-netstat-tulpan.txt",
		"linux-netstat-ltun-only-servers.txt",
		"linux-netstat-resolved-names-wo-servers.txt",
		"linux-netstat-tap-names-docker-proxy.txt",
		"linux-netstat-with-prompt-and-unix-sockets.txt",
		"linux-debian12-iproute2-6.1-ss-tulpan.txt",
		"embedded-asus-router-busybox-netstat-l-names.txt",
		"windows-en-netstat-an-lf-zoneid.txt",
		"windows-en-netstat-plain-no-n-crlf.txt",
		"windows-fr-netstat-ano-extracted.txt",
	};
	char	 rel[256];
	char	*buf;
	size_t	 i, len;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		snprintf(rel, sizeof(rel), "netstat/%s", others[i]);
		buf = tu_slurp(tu_sample(rel), &len);
		ck_assert_msg(collector_netstat_bsd.sniff(buf, len) == 0,
		    "netstat-bsd claims %s", others[i]);
		free(buf);
	}
}
END_TEST

/* The -T, -x and -A layouts are recognised among every collector. */
START_TEST(test_sniff_layouts)
{
	static const char *const mine[] = {
		"freebsd14-netstat-aT.txt",
		"freebsd14-netstat-AaT.txt",
		"freebsd14-netstat-ax.txt",
		"freebsd14-netstat-Aax.txt",
		"macos14-netstat-A.txt",
		"macos14-netstat-An.txt",
	};
	char	 rel[256];
	char	*buf;
	size_t	 i, len;

	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		snprintf(rel, sizeof(rel), "netstat_bsd/%s", mine[i]);
		buf = tu_slurp(tu_fixture(rel), &len);
		ck_assert_msg(collector_netstat_bsd.sniff(buf, len) >= 90,
		    "%s scores %d", mine[i],
		    collector_netstat_bsd.sniff(buf, len));
		ck_assert_msg(collector_sniff(buf, len, NULL) ==
		    &collector_netstat_bsd, "%s not sniffed as netstat-bsd",
		    mine[i]);
		free(buf);
	}
}
END_TEST

/* ---- hostile ---- */

START_TEST(test_random_bytes)
{
	static const char tail[] =
	    "\ntcp4       0      0  *.2049                 *.*"
	    "                    LISTEN\n";
	struct fleet	*f;
	struct input	*in;
	unsigned char	*buf;
	unsigned long	 x = 12345;
	size_t		 i, n = 64 * 1024;

	buf = malloc(n + sizeof(tail));
	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		buf[i] = (unsigned char)(x >> 56);
	}
	memcpy(buf + n, tail, sizeof(tail) - 1);
	f = tu_read_text((char *)buf, n + sizeof(tail) - 1, "netstat-bsd", &in);
	ck_assert_uint_gt(in->lines, 100);
	ck_assert_uint_gt(in->lines_unparsed, 0);
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_TCP, "*", 2049));
	free(buf);
	fleet_free(f);
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char text[] =
	    "Active Internet connections (including servers)\n"
	    "tcp4 0 0 *.22 *.* LISTEN\n"
	    "\0\0\0\0tcp4\0 0 0 \0 \n"
	    "tcp4 0 0 10.0.0.1.4\0\0 *.* LISTEN\n"
	    "udp4 0 0 *.53 *.*\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	ck_assert_uint_eq(in->lines, 5);
	ck_assert_uint_ge(in->lines_unparsed, 1);
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_TCP, "*", 22));
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_UDP, "*", 53));
	fleet_free(f);
}
END_TEST

START_TEST(test_long_line)
{
	static const char head[] = "tcp4       0      0  ";
	static const char tail[] =
	    " *.* LISTEN\nudp4       0      0  *.161                  *.*\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf;
	size_t		 n = 5 * 1024 * 1024, hl = sizeof(head) - 1;

	/* a 5 MB address: digits and dots, no valid port at the end */
	buf = malloc(hl + n + sizeof(tail));
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, head, hl);
	memset(buf + hl, '1', n);
	buf[hl + n / 2] = '.';
	buf[hl + n - 1] = '9';
	memcpy(buf + hl + n, tail, sizeof(tail));
	f = tu_read_text(buf, hl + n + sizeof(tail) - 1, "netstat-bsd", &in);
	ck_assert_uint_eq(in->lines, 2);
	ck_assert_uint_eq(in->lines_unparsed, 1);
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_UDP, "*", 161));
	free(buf);
	fleet_free(f);
}
END_TEST

START_TEST(test_solaris_without_section)
{
	/* Solaris rows need their section: alone they are not understood */
	static const char text[] =
	    "      *.22                 *.*                0      0 49152"
	    "      0 LISTEN\n"
	    "TCP: IPv4\n"
	    "      *.22                 *.*                0      0 49152"
	    "      0 LISTEN\n"
	    "      *.23                 *.*                0      0 49152"
	    "      0 LISTENS\n"
	    "      *.24                 *.*                0      0\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "netstat-bsd", &in);
	tu_assert_lines(in, 5, 1, 1, 3);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_BAD_STATE);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_LINE_SHORT);
	nb_sock(nb_line(in, 3), PROTO_TCP, FAM_IPV4, "*", 22, "*", -1,
	    ST_LISTEN);
	fleet_free(f);
}
END_TEST

static Suite *
nb_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("netstat_bsd");
	tc = tcase_create("samples");
	tcase_add_test(tc, test_sample_macos_anv);
	tcase_add_test(tc, test_sample_solaris11);
	tcase_add_test(tc, test_sample_hpux_inet);
	tcase_add_test(tc, test_sample_hpux_inet6);
	tcase_add_test(tc, test_sample_aix);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_freebsd_p_tcp);
	tcase_add_test(tc, test_freebsd_full);
	tcase_add_test(tc, test_macos_full);
	tcase_add_test(tc, test_macos_process_pid);
	tcase_add_test(tc, test_openbsd);
	tcase_add_test(tc, test_solaris10_full);
	tcase_add_test(tc, test_hostile_fixture);
	tcase_add_test(tc, test_names_without_n);
	tcase_add_test(tc, test_macos_v_pid_header);
	tcase_add_test(tc, test_macos_v_no_header);
	tcase_add_test(tc, test_freebsd_listen_queues);
	tcase_add_test(tc, test_crlf_and_pcb_header);
	tcase_add_test(tc, test_freebsd_aT);
	tcase_add_test(tc, test_freebsd_AaT);
	tcase_add_test(tc, test_freebsd_ax);
	tcase_add_test(tc, test_freebsd_Aax);
	tcase_add_test(tc, test_freebsd_T_x_without_header);
	tcase_add_test(tc, test_macos_An);
	tcase_add_test(tc, test_macos_A_names);
	tcase_add_test(tc, test_macos_A_without_header);
	suite_add_tcase(s, tc);
	tc = tcase_create("sniff");
	tcase_add_test(tc, test_sniff_shapes);
	tcase_add_test(tc, test_sniff_not_others);
	tcase_add_test(tc, test_sniff_layouts);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_solaris_without_section);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(nb_suite()));
}
