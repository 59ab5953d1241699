/*
 * netstat-linux collector: every real Linux/busybox netstat sample, the
 * German, French and -e/-o fixtures, sniffing against the other netstat
 * dialects, and hostile input (bad rows, random bytes, NULs, a 5 MB line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define NL	"netstat-linux"

/* Read path (type NULL: sniffed) and check the line accounting. */
static struct input *
nl_read(struct fleet **fp, const char *path, const char *type)
{
	struct input	*in;

	*fp = tu_parse_file(path, type, &in);
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(in->status, INPUT_OK);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, NL);
	tu_assert_accounting(in);
	return (in);
}

static void
nl_counts(const struct input *in, unsigned long lines, unsigned long rec,
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
nl_sock(struct input *in, int n, enum proto p, enum family fam,
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
nl_owner(const struct sockrec *s, long pid, const char *process)
{
	ck_assert_int_eq(s->pid, pid);
	ck_assert_pstr_eq(s->process, process);
	ck_assert_ptr_null(s->service);
}

static int
nl_count_if(struct input *in, enum proto p, enum family fam,
    enum sockstate st)
{
	struct record	*r;
	int		 n = 0;

	for (r = in->first; r != NULL; r = r->next)
		n += r->kind == REC_SOCKET && r->u.sock.proto == p &&
		    r->u.sock.family == fam && r->u.sock.state == st;
	return (n);
}

/* The unparsed record of a line, checked for its diagnostic code. */
static void
nl_unparsed_at(struct input *in, unsigned line, int code)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_UNPARSED && r->line == line) {
			ck_assert_int_eq(r->u.unp.code, code);
			return;
		}
	ck_abort_msg("line %u is not unparsed", line);
}

static char *
nl_slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf;
	long	 n;

	ck_assert_ptr_nonnull(fp = fopen(path, "rb"));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = xmalloc(n + 1);
	ck_assert_uint_eq(fread(buf, 1, n, fp), (size_t)n);
	fclose(fp);
	*len = n;
	return (buf);
}

static int
nl_sniff_file(const char *path)
{
	char	*buf;
	size_t	 len;
	int	 score;

	buf = nl_slurp(path, &len);
	score = collector_netstat_linux.sniff(buf, len);
	free(buf);
	return (score);
}

START_TEST(test_debian12_tulpan)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/linux-debian12-nettools-2.10-netstat-tulpan.txt"), NULL);
	nl_counts(in, 7, 5, 2, 0);
	s = nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 2024, "0.0.0.0",
	    -1, ST_LISTEN);
	nl_owner(s, -1, NULL);
	s = nl_sock(in, 1, PROTO_TCP, FAM_IPV4, "127.0.0.1", 8000, "0.0.0.0",
	    -1, ST_LISTEN);
	nl_owner(s, 10905, "python3");
	s = nl_sock(in, 2, PROTO_TCP, FAM_IPV6, "::1", 8443, "::", -1,
	    ST_LISTEN);
	nl_owner(s, 10907, "python3");
	s = nl_sock(in, 3, PROTO_UDP, FAM_IPV4, "127.0.0.1", 5353, "0.0.0.0",
	    -1, ST_NONE);
	nl_owner(s, 10909, "python3");
	s = nl_sock(in, 4, PROTO_UDP, FAM_IPV6, "::", 1900, "::", -1, ST_NONE);
	nl_owner(s, 10909, "python3");
	ck_assert_ptr_null(s->local_port_name);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 4)->line, 7);
	fleet_free(f);
}
END_TEST

START_TEST(test_ltun_only_servers)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/linux-netstat-ltun-only-servers.txt"), NULL);
	nl_counts(in, 23, 21, 2, 0);
	ck_assert_int_eq(nl_count_if(in, PROTO_TCP, FAM_IPV4, ST_LISTEN), 8);
	ck_assert_int_eq(nl_count_if(in, PROTO_TCP, FAM_IPV6, ST_LISTEN), 6);
	ck_assert_int_eq(nl_count_if(in, PROTO_UDP, FAM_IPV4, ST_NONE), 3);
	ck_assert_int_eq(nl_count_if(in, PROTO_UDP, FAM_IPV6, ST_NONE), 4);
	s = nl_sock(in, 8, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	nl_owner(s, -1, NULL);
	nl_sock(in, 11, PROTO_TCP, FAM_IPV6, "::1", 631, "::", -1, ST_LISTEN);
	/* fe80::60ad:9240:f49:546 fills the column: port after last colon */
	nl_sock(in, 18, PROTO_UDP, FAM_IPV6, "fe80::60ad:9240:f49", 546, "::",
	    -1, ST_NONE);
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_TCP, "127.0.0.1", 631));
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_UDP, "0.0.0.0", 39454));
	fleet_free(f);
}
END_TEST

START_TEST(test_resolved_names)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/linux-netstat-resolved-names-wo-servers.txt"), NULL);
	nl_counts(in, 19, 17, 2, 0);
	ck_assert_int_eq(nl_count_if(in, PROTO_TCP, FAM_IPV4,
	    ST_ESTABLISHED), 13);
	ck_assert_int_eq(nl_count_if(in, PROTO_TCP, FAM_IPV6,
	    ST_ESTABLISHED), 4);
	/* a host name truncated by netstat, then the service name */
	s = nl_sock(in, 2, PROTO_TCP, FAM_IPV4, "baetaleite", 53556,
	    "lb-140-82-113-26-", 443, ST_ESTABLISHED);
	ck_assert_pstr_eq(s->remote_port_name, "https");
	ck_assert_ptr_null(s->local_port_name);
	s = nl_sock(in, 11, PROTO_TCP, FAM_IPV4, "baetaleite", 59386,
	    "ce-in-f188.1e100.n", 5228, ST_ESTABLISHED);
	ck_assert_ptr_null(s->remote_port_name);
	/* tcp6 with a host name and a truncated IPv6 peer */
	nl_sock(in, 15, PROTO_TCP, FAM_IPV6, "baetaleite", 41668,
	    "2606:4700:10::681", 443, ST_ESTABLISHED);
	fleet_free(f);
}
END_TEST

START_TEST(test_tap_names_docker_proxy)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/linux-netstat-tap-names-docker-proxy.txt"), NULL);
	/* 12 Internet lines, 110 lines of the UNIX section */
	nl_counts(in, 122, 10, 112, 0);
	s = nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 80, "0.0.0.0", -1,
	    ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "http");
	nl_owner(s, 32007, "docker-proxy");
	s = nl_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0", -1,
	    ST_LISTEN);
	nl_owner(s, 432, "sshd: /usr/sbin");
	s = nl_sock(in, 4, PROTO_TCP, FAM_IPV4, "192.168.57.101", 22,
	    "192.168.57.1", 59112, ST_ESTABLISHED);
	nl_owner(s, 13049, "sshd: root@pt");
	s = nl_sock(in, 8, PROTO_TCP, FAM_IPV6, "::", 5222, "::", -1,
	    ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "xmpp-client");
	nl_owner(s, 31974, "docker-proxy");
	s = nl_sock(in, 9, PROTO_UDP, FAM_IPV4, "0.0.0.0", 68, "0.0.0.0", -1,
	    ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "bootpc");
	nl_owner(s, 330, "dhclient");
	fleet_free(f);
}
END_TEST

/* Before name resolution the collector leaves named ports null. */
START_TEST(test_names_unresolved)
{
	struct fleet		*f;
	struct input		*in;
	struct record		*r;

	f = fleet_new();
	in = collector_read(f, tu_sample(
	    "netstat/linux-netstat-tap-names-docker-proxy.txt"), NULL, NL);
	r = tu_nth(in, REC_SOCKET, 3);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.sock.local_port, -1);
	ck_assert_pstr_eq(r->u.sock.local_port_name, "xmpp-client");
	ck_assert_int_eq(r->u.sock.remote_port, -1);
	ck_assert_ptr_null(r->u.sock.remote_port_name);
	fleet_free(f);
}
END_TEST

START_TEST(test_prompt_and_unix_sockets)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/linux-netstat-with-prompt-and-unix-sockets.txt"), NULL);
	/* prompt, title, header; 12 rows; 2 + 312 UNIX section lines */
	nl_counts(in, 329, 12, 317, 0);
	ck_assert_int_eq(nl_count_if(in, PROTO_TCP, FAM_IPV4,
	    ST_ESTABLISHED), 12);
	s = nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "203.252.112.10", 22,
	    "172.18.201.1", 55846, ST_ESTABLISHED);
	ck_assert_pstr_eq(s->local_port_name, "ssh");
	nl_owner(s, -1, NULL);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 0)->line, 4);
	nl_sock(in, 11, PROTO_TCP, FAM_IPV4, "203.252.112.10", 22,
	    "172.18.201.1", 55893, ST_ESTABLISHED);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 11)->line, 15);
	fleet_free(f);
}
END_TEST

START_TEST(test_asus_busybox_names)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/embedded-asus-router-busybox-netstat-l-names.txt"), NULL);
	nl_counts(in, 19, 14, 5, 0);
	s = nl_sock(in, 1, PROTO_TCP, FAM_IPV4, "localhost.localdomain", 80,
	    "0.0.0.0", -1, ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "www");
	s = nl_sock(in, 4, PROTO_TCP, FAM_IPV4, "router.asus.com", 53,
	    "0.0.0.0", -1, ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "domain");
	nl_sock(in, 6, PROTO_UDP, FAM_IPV4, "localhost.localdomain", 38032,
	    "0.0.0.0", -1, ST_NONE);
	s = nl_sock(in, 9, PROTO_UDP, FAM_IPV4, "0.0.0.0", 67, "0.0.0.0", -1,
	    ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "bootps");
	nl_sock(in, 13, PROTO_UDP, FAM_IPV4, "0.0.0.0", 59000, "0.0.0.0", -1,
	    ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_ipcamera_busybox)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/embedded-ipcamera-busybox-netstat-tulpn.txt"), NULL);
	/* no title line: only the header is known */
	nl_counts(in, 21, 20, 1, 0);
	ck_assert_int_eq(nl_count_if(in, PROTO_TCP, FAM_IPV4, ST_LISTEN), 7);
	ck_assert_int_eq(nl_count_if(in, PROTO_UDP, FAM_IPV4, ST_NONE), 13);
	s = nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8800, "0.0.0.0", -1,
	    ST_LISTEN);
	nl_owner(s, 1163, "cet");
	/* busybox prints ESTABLISHED for connected UDP: still no state */
	s = nl_sock(in, 7, PROTO_UDP, FAM_IPV4, "192.168.0.10", 46353,
	    "114.114.114.114", 53, ST_NONE);
	nl_owner(s, 878, "cloud-brd");
	s = nl_sock(in, 9, PROTO_UDP, FAM_IPV4, "192.168.0.10", 47135,
	    "114.114.114.114", 53, ST_NONE);
	nl_owner(s, 981, "cloud-service");
	fleet_free(f);
}
END_TEST

START_TEST(test_tapo_firmware_banners)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_sample(
	    "netstat/embedded-tapo-c110-netstat-tlpn-fwheader.txt"), NULL);
	/* 2 x (banner, rule, blank, title, header) + 5 blank lines */
	nl_counts(in, 39, 24, 15, 0);
	ck_assert_int_eq(nl_count_if(in, PROTO_TCP, FAM_IPV4, ST_LISTEN), 18);
	s = nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "127.0.0.1", 23, "0.0.0.0", -1,
	    ST_LISTEN);
	nl_owner(s, 1335, "telnetd");
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 0)->line, 6);
	s = nl_sock(in, 13, PROTO_TCP, FAM_IPV4, "127.0.0.1", 23, "0.0.0.0",
	    -1, ST_LISTEN);
	nl_owner(s, 1470, "telnetd");
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 13)->line, 29);
	s = nl_sock(in, 23, PROTO_UDP, FAM_IPV4, "0.0.0.0", 3702, "0.0.0.0",
	    -1, ST_NONE);
	nl_owner(s, 1689, "nvid");
	fleet_free(f);
}
END_TEST

/* Other dialects must not be taken for Linux netstat. */
START_TEST(test_sniff_not_ours)
{
	static const char *const theirs[] = {
		"netstat/aix-netstat-Aan-grep-listen.txt",
		"netstat/hpux-netstat-an-f-inet.txt",
		"netstat/hpux-netstat-an-f-inet6.txt",
		"netstat/macos-netstat-anv-grep-listen-extracted.txt",
		"netstat/solaris11-netstat-an-f-inet-f-inet6.txt",
		"netstat/windows-en-netstat-an-lf-zoneid.txt",
		"netstat/windows-en-netstat-plain-no-n-crlf.txt",
		"netstat/windows-fr-netstat-ano-extracted.txt",
		"netstat/windows-netstat-anbo-select-string-context.crlf.txt",
		"netstat/linux-debian12-iproute2-6.1-ss-tulpan.txt",
		"netstat/linux-ss-tulpen-extended.txt",
		"netstat/linux-ubuntu-ss-atu-glued-netidstate-names-extracted.txt",
	};
	static const char bsd[] =
	    "Active Internet connections (including servers)\n"
	    "Proto Recv-Q Send-Q  Local Address          Foreign Address"
	    "        (state)\n"
	    "tcp4       0      0  *.22                   *.*"
	    "                    LISTEN\n"
	    "tcp        0      0  127.0.0.1.631          *.*"
	    "                    LISTEN\n";
	static const char bsdrows[] =
	    "tcp        0      0  *.22                   *.*"
	    "                    LISTEN\n"
	    "tcp6       0      0  ::1.6012               *.*"
	    "                    LISTEN\n";
	size_t	 i;

	for (i = 0; i < sizeof(theirs) / sizeof(theirs[0]); i++)
		ck_assert_msg(nl_sniff_file(tu_sample(theirs[i])) == 0,
		    "%s sniffed as netstat-linux", theirs[i]);
	ck_assert_int_eq(collector_netstat_linux.sniff(bsd, sizeof(bsd) - 1),
	    0);
	ck_assert_int_eq(collector_netstat_linux.sniff(bsdrows,
	    sizeof(bsdrows) - 1), 0);
	ck_assert_int_eq(collector_netstat_linux.sniff("", 0), 0);
}
END_TEST

START_TEST(test_sniff_ours)
{
	static const char *const ours[] = {
		"netstat/linux-debian12-nettools-2.10-netstat-tulpan.txt",
		"netstat/linux-netstat-ltun-only-servers.txt",
		"netstat/linux-netstat-resolved-names-wo-servers.txt",
		"netstat/linux-netstat-tap-names-docker-proxy.txt",
		"netstat/linux-netstat-with-prompt-and-unix-sockets.txt",
		"netstat/embedded-asus-router-busybox-netstat-l-names.txt",
		"netstat/embedded-ipcamera-busybox-netstat-tulpn.txt",
		"netstat/embedded-tapo-c110-netstat-tlpn-fwheader.txt",
	};
	static const char rows[] =
	    "tcp        0      0 0.0.0.0:22              0.0.0.0:*"
	    "               LISTEN\n";
	size_t	 i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		ck_assert_msg(nl_sniff_file(tu_sample(ours[i])) >= 80,
		    "%s scores low", ours[i]);
	/* one bare row: ours, but without a header not a sure thing */
	ck_assert_int_gt(collector_netstat_linux.sniff(rows,
	    sizeof(rows) - 1), 0);
	/* must not read past len: cut inside the first row */
	ck_assert_int_eq(collector_netstat_linux.sniff(rows, 12), 0);
}
END_TEST

START_TEST(test_german_verbunden)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_fixture(
	    "netstat_linux/de-tlnp-tunp-verbunden.txt"), NULL);
	/* 3 prompts, 2 x 2 notice lines, 2 titles, 2 headers, unix: 5 */
	nl_counts(in, 28, 12, 16, 0);
	s = nl_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8080, "0.0.0.0", -1,
	    ST_LISTEN);
	nl_owner(s, 2310, "java");
	s = nl_sock(in, 6, PROTO_TCP, FAM_IPV4, "192.168.2.110", 39500,
	    "8.8.8.8", 5222, ST_ESTABLISHED);
	nl_owner(s, 2188, "pidgin");
	nl_sock(in, 9, PROTO_TCP, FAM_IPV6, "::1", 39644, "::1", 631,
	    ST_CLOSE_WAIT);
	/* UDP "VERBUNDEN" and "UNBEKANNT" carry no TCP state */
	nl_sock(in, 10, PROTO_UDP, FAM_IPV4, "192.168.2.110", 68,
	    "192.168.2.1", 67, ST_NONE);
	nl_sock(in, 11, PROTO_UDP, FAM_IPV4, "192.168.2.110", 40123,
	    "192.168.2.1", 53, ST_NONE);
	fleet_free(f);
}
END_TEST

/* The same capture as ISO-8859-1 bytes: decoded from the legacy charset. */
START_TEST(test_german_latin1)
{
	struct fleet	*f;
	struct input	*in;
	char		*buf, *o;
	const char	*s;
	size_t		 len;

	buf = nl_slurp(tu_fixture("netstat_linux/de-tlnp-tunp-verbunden.txt"),
	    &len);
	for (s = o = buf; s < buf + len; s++) {
		if ((unsigned char)s[0] == 0xc3 && s + 1 < buf + len) {
			*o++ = (char)(((unsigned char)s[1] & 0x3f) | 0xc0);
			s++;
		} else
			*o++ = *s;
	}
	ck_assert_ptr_nonnull(memchr(buf, 0xfc, o - buf));	/* "über" */
	f = tu_parse_text(buf, o - buf, NULL, &in);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, NL);
	ck_assert_str_ne(in->encoding, "UTF-8");
	tu_assert_accounting(in);
	nl_counts(in, 28, 12, 16, 0);
	nl_sock(in, 6, PROTO_TCP, FAM_IPV4, "192.168.2.110", 39500,
	    "8.8.8.8", 5222, ST_ESTABLISHED);
	free(buf);
	fleet_free(f);
}
END_TEST

START_TEST(test_french_user_inode)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	in = nl_read(&f, tu_fixture(
	    "netstat_linux/fr-ltuenp-utilisatr-inode.txt"), NULL);
	nl_counts(in, 12, 6, 6, 0);
	/* the Utilisatr and Inode columns are skipped */
	s = nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "127.0.0.53", 53, "0.0.0.0",
	    -1, ST_LISTEN);
	nl_owner(s, 309, "systemd-resolve");
	s = nl_sock(in, 3, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5353, "0.0.0.0", -1,
	    ST_NONE);
	nl_owner(s, 520, "avahi-daemon: r");
	s = nl_sock(in, 4, PROTO_UDP, FAM_IPV4, "0.0.0.0", 631, "0.0.0.0", -1,
	    ST_NONE);			/* INCONNU */
	nl_owner(s, 565, "cups-browsed");
	s = nl_sock(in, 5, PROTO_UDP, FAM_IPV6, "::", 5353, "::", -1, ST_NONE);
	nl_owner(s, 520, "avahi-daemon: r");
	fleet_free(f);
}
END_TEST

START_TEST(test_extended_timers_raw)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	in = nl_read(&f, tu_fixture(
	    "netstat_linux/en-taupeno-extended-timers.txt"), NULL);
	/* raw and raw6 rows are known lines without a record */
	nl_counts(in, 29, 20, 9, 0);
	for (r = in->first; r != NULL; r = r->next)
		ck_assert(r->line != 22 && r->line != 23);
	s = nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0", -1,
	    ST_LISTEN);
	nl_owner(s, 612, "sshd: /usr/sbin/");	/* timer stripped */
	s = nl_sock(in, 3, PROTO_TCP, FAM_IPV4, "10.0.2.15", 41236,
	    "151.101.2.132", 443, ST_TIME_WAIT);
	nl_owner(s, -1, NULL);
	nl_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.0.2.15", 40702,
	    "93.184.216.34", 80, ST_SYN_SENT);
	nl_sock(in, 6, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58840,
	    "185.125.190.49", 443, ST_FIN_WAIT_2);
	nl_sock(in, 7, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58850,
	    "185.125.190.49", 443, ST_LAST_ACK);
	nl_sock(in, 8, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58860,
	    "185.125.190.49", 443, ST_FIN_WAIT_1);
	nl_sock(in, 9, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58870,
	    "185.125.190.49", 443, ST_CLOSING);
	nl_sock(in, 10, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58880,
	    "185.125.190.50", 443, ST_SYN_RECEIVED);
	s = nl_sock(in, 11, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8125, "0.0.0.0",
	    -1, ST_CLOSED);
	nl_owner(s, 2501, "statsd");
	/* a bracketed foreign wildcard on a tcp6 row */
	nl_sock(in, 13, PROTO_TCP, FAM_IPV6, "::1", 631, "::", -1, ST_LISTEN);
	/* truncated IPv6 kept as text */
	s = nl_sock(in, 17, PROTO_UDP, FAM_IPV6, "fe80::b1f3:2c:3c6c:", 123,
	    "::", -1, ST_NONE);
	nl_owner(s, 700, "dhclient");
	s = nl_sock(in, 18, PROTO_OTHER, FAM_IPV4, "0.0.0.0", 5004, "0.0.0.0",
	    -1, ST_NONE);		/* UDP-Lite */
	nl_owner(s, 2777, "rtp-lite");
	s = nl_sock(in, 19, PROTO_SCTP, FAM_IPV4, "0.0.0.0", 3868, "0.0.0.0",
	    -1, ST_LISTEN);
	nl_owner(s, 2901, "freeDiameterd");
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile_rows)
{
	struct fleet	*f;
	struct input	*in;

	in = nl_read(&f, tu_fixture("netstat_linux/hostile-bad-rows.txt"),
	    NULL);
	nl_counts(in, 18, 4, 2, 12);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 12);
	nl_unparsed_at(in, 4, DIAG_BAD_PORT);		/* 99999 */
	nl_unparsed_at(in, 5, DIAG_BAD_PORT);		/* -1 */
	nl_unparsed_at(in, 6, DIAG_LINE_SHORT);		/* truncated */
	nl_unparsed_at(in, 7, DIAG_LINE_SHORT);
	nl_unparsed_at(in, 8, DIAG_BAD_NUMBER);		/* queue "x" */
	nl_unparsed_at(in, 9, DIAG_BAD_STATE);		/* LISTENING */
	nl_unparsed_at(in, 10, DIAG_BAD_ADDR);		/* no colon */
	nl_unparsed_at(in, 11, DIAG_LINE_UNKNOWN);	/* abc/nginx */
	nl_unparsed_at(in, 12, DIAG_BAD_PORT);		/* empty port */
	nl_unparsed_at(in, 13, DIAG_LINE_UNKNOWN);
	nl_unparsed_at(in, 14, DIAG_LINE_UNKNOWN);	/* Windows row */
	nl_unparsed_at(in, 15, DIAG_LINE_UNKNOWN);	/* BSD row */
	ck_assert_uint_ge(in->ndiag, 12);
	/* the rows after the damage are still read */
	nl_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 65535, "0.0.0.0", -1,
	    ST_LISTEN);
	nl_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 0, "0.0.0.0", -1,
	    ST_LISTEN);
	nl_owner(nl_sock(in, 3, PROTO_UDP, FAM_IPV6, "::", 53, "::", -1,
	    ST_NONE), 617, "named");
	fleet_free(f);
}
END_TEST

START_TEST(test_random_bytes_and_nuls)
{
	static const char row[] =
	    "\ntcp        0      0 0.0.0.0:22              0.0.0.0:*"
	    "               LISTEN      612/sshd\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf;
	size_t		 i, n = 64 * 1024;
	unsigned	 x = 12345;

	buf = xmalloc(n + sizeof(row));
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (char)(x >> 16);
		if (i % 97 == 0)
			buf[i] = '\0';
		if (i % 61 == 0)
			buf[i] = '\n';
	}
	memcpy(buf + n, row, sizeof(row) - 1);
	f = tu_parse_text(buf, n + sizeof(row) - 1, NL, &in);
	ck_assert_ptr_nonnull(in->coll);
	tu_assert_accounting(in);
	ck_assert_uint_gt(in->lines_unparsed, 100);
	ck_assert_ptr_nonnull(tu_find_sock(in, PROTO_TCP, "0.0.0.0", 22));
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_five_mb_line)
{
	static const char head[] =
	    "Proto Recv-Q Send-Q Local Address           Foreign Address"
	    "         State       PID/Program name\n"
	    "tcp        0      0 ";
	static const char tail[] =
	    " 0.0.0.0:*               LISTEN      1/x\n"
	    "tcp        0      0 0.0.0.0:443             0.0.0.0:*"
	    "               LISTEN      700/nginx\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf;
	size_t		 big = 5 * 1024 * 1024, n;

	n = sizeof(head) - 1 + big + sizeof(tail) - 1;
	buf = xmalloc(n);
	memcpy(buf, head, sizeof(head) - 1);
	memset(buf + sizeof(head) - 1, '1', big);
	memcpy(buf + sizeof(head) - 1 + big, tail, sizeof(tail) - 1);
	f = tu_parse_text(buf, n, NULL, &in);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, NL);
	tu_assert_accounting(in);
	ck_assert_uint_eq(in->lines, 3);
	ck_assert_uint_eq(in->lines_unparsed, 1);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 0)->line, 2);
	nl_owner(nl_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 443,
	    "0.0.0.0", -1, ST_LISTEN), 700, "nginx");
	fleet_free(f);
	free(buf);
}
END_TEST

static Suite *
nl_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("netstat_linux");
	tc = tcase_create("samples");
	tcase_add_test(tc, test_debian12_tulpan);
	tcase_add_test(tc, test_ltun_only_servers);
	tcase_add_test(tc, test_resolved_names);
	tcase_add_test(tc, test_tap_names_docker_proxy);
	tcase_add_test(tc, test_names_unresolved);
	tcase_add_test(tc, test_prompt_and_unix_sockets);
	tcase_add_test(tc, test_asus_busybox_names);
	tcase_add_test(tc, test_ipcamera_busybox);
	tcase_add_test(tc, test_tapo_firmware_banners);
	tcase_add_test(tc, test_sniff_not_ours);
	tcase_add_test(tc, test_sniff_ours);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_german_verbunden);
	tcase_add_test(tc, test_german_latin1);
	tcase_add_test(tc, test_french_user_inode);
	tcase_add_test(tc, test_extended_timers_raw);
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

	sr = srunner_create(nl_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed ? 1 : 0);
}
