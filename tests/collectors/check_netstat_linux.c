/*
 * netstat-linux collector: every real Linux/busybox netstat sample, the
 * German, French and -e/-o fixtures, -tulpne with and without its header
 * (tests/fixtures/netstat_linux/PROVENANCE.md), sniffing against the
 * other netstat dialects, and hostile input (bad rows, random bytes, NULs,
 * a 5 MB line).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define NL	"netstat-linux"

START_TEST(test_debian12_tulpan)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_sample(
	    "netstat/linux-debian12-nettools-2.10-netstat-tulpan.txt"), NULL,
	    NL, &in);
	tu_assert_lines(in, 7, 5, 2, 0);
	ck_assert_uint_eq(in->records, 5);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 2024,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, -1, NULL);
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "127.0.0.1", 8000,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 10905, "python3");
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV6, "::1", 8443, "::", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 10907, "python3");
	s = tu_assert_sock(in, 3, PROTO_UDP, FAM_IPV4, "127.0.0.1", 5353,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 10909, "python3");
	s = tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV6, "::", 1900, "::", -1,
	    ST_NONE);
	tu_assert_owner(s, 10909, "python3");
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

	f = tu_read(tu_sample("netstat/linux-netstat-ltun-only-servers.txt"),
	    NULL, NL, &in);
	tu_assert_lines(in, 23, 21, 2, 0);
	ck_assert_uint_eq(in->records, 21);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4, ST_LISTEN), 8);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV6, ST_LISTEN), 6);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV4, ST_NONE), 3);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV6, ST_NONE), 4);
	s = tu_assert_sock(in, 8, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	tu_assert_owner(s, -1, NULL);
	tu_assert_sock(in, 11, PROTO_TCP, FAM_IPV6, "::1", 631, "::", -1,
	    ST_LISTEN);
	/* fe80::60ad:9240:f49:546 fills the column: port after last colon */
	tu_assert_sock(in, 18, PROTO_UDP, FAM_IPV6, "fe80::60ad:9240:f49", 546,
	    "::", -1, ST_NONE);
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

	f = tu_read(tu_sample(
	    "netstat/linux-netstat-resolved-names-wo-servers.txt"), NULL, NL,
	    &in);
	tu_assert_lines(in, 19, 17, 2, 0);
	ck_assert_uint_eq(in->records, 17);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4,
	    ST_ESTABLISHED), 13);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV6,
	    ST_ESTABLISHED), 4);
	/* a host name truncated by netstat, then the service name */
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "baetaleite", 53556,
	    "lb-140-82-113-26-", 443, ST_ESTABLISHED);
	ck_assert_pstr_eq(s->remote_port_name, "https");
	ck_assert_ptr_null(s->local_port_name);
	s = tu_assert_sock(in, 11, PROTO_TCP, FAM_IPV4, "baetaleite", 59386,
	    "ce-in-f188.1e100.n", 5228, ST_ESTABLISHED);
	ck_assert_ptr_null(s->remote_port_name);
	/* tcp6 with a host name and a truncated IPv6 peer */
	tu_assert_sock(in, 15, PROTO_TCP, FAM_IPV6, "baetaleite", 41668,
	    "2606:4700:10::681", 443, ST_ESTABLISHED);
	fleet_free(f);
}
END_TEST

START_TEST(test_tap_names_docker_proxy)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_sample(
	    "netstat/linux-netstat-tap-names-docker-proxy.txt"), NULL, NL, &in);
	/* 12 Internet lines, 110 lines of the UNIX section */
	tu_assert_lines(in, 122, 10, 112, 0);
	ck_assert_uint_eq(in->records, 10);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 80, "0.0.0.0",
	    -1, ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "http");
	tu_assert_owner(s, 32007, "docker-proxy");
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0",
	    -1, ST_LISTEN);
	tu_assert_owner(s, 432, "sshd: /usr/sbin");
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "192.168.57.101", 22,
	    "192.168.57.1", 59112, ST_ESTABLISHED);
	tu_assert_owner(s, 13049, "sshd: root@pt");
	s = tu_assert_sock(in, 8, PROTO_TCP, FAM_IPV6, "::", 5222, "::", -1,
	    ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "xmpp-client");
	tu_assert_owner(s, 31974, "docker-proxy");
	s = tu_assert_sock(in, 9, PROTO_UDP, FAM_IPV4, "0.0.0.0", 68, "0.0.0.0",
	    -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "bootpc");
	tu_assert_owner(s, 330, "dhclient");
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

	f = tu_read(tu_sample(
	    "netstat/linux-netstat-with-prompt-and-unix-sockets.txt"), NULL, NL,
	    &in);
	/* prompt, title, header; 12 rows; 2 + 312 UNIX section lines */
	tu_assert_lines(in, 329, 12, 317, 0);
	ck_assert_uint_eq(in->records, 12);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4,
	    ST_ESTABLISHED), 12);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "203.252.112.10", 22,
	    "172.18.201.1", 55846, ST_ESTABLISHED);
	ck_assert_pstr_eq(s->local_port_name, "ssh");
	tu_assert_owner(s, -1, NULL);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 0)->line, 4);
	tu_assert_sock(in, 11, PROTO_TCP, FAM_IPV4, "203.252.112.10", 22,
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

	f = tu_read(tu_sample(
	    "netstat/embedded-asus-router-busybox-netstat-l-names.txt"), NULL,
	    NL, &in);
	tu_assert_lines(in, 19, 14, 5, 0);
	ck_assert_uint_eq(in->records, 14);
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "localhost.localdomain",
	    80, "0.0.0.0", -1, ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "www");
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "router.asus.com", 53,
	    "0.0.0.0", -1, ST_LISTEN);
	ck_assert_pstr_eq(s->local_port_name, "domain");
	tu_assert_sock(in, 6, PROTO_UDP, FAM_IPV4, "localhost.localdomain",
	    38032, "0.0.0.0", -1, ST_NONE);
	s = tu_assert_sock(in, 9, PROTO_UDP, FAM_IPV4, "0.0.0.0", 67, "0.0.0.0",
	    -1, ST_NONE);
	ck_assert_pstr_eq(s->local_port_name, "bootps");
	tu_assert_sock(in, 13, PROTO_UDP, FAM_IPV4, "0.0.0.0", 59000, "0.0.0.0",
	    -1, ST_NONE);
	fleet_free(f);
}
END_TEST

START_TEST(test_ipcamera_busybox)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_sample(
	    "netstat/embedded-ipcamera-busybox-netstat-tulpn.txt"), NULL, NL,
	    &in);
	/* no title line: only the header is known */
	tu_assert_lines(in, 21, 20, 1, 0);
	ck_assert_uint_eq(in->records, 20);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4, ST_LISTEN), 7);
	ck_assert_int_eq(tu_count_socks(in, PROTO_UDP, FAM_IPV4, ST_NONE), 13);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8800,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 1163, "cet");
	/* busybox prints ESTABLISHED for connected UDP: still no state */
	s = tu_assert_sock(in, 7, PROTO_UDP, FAM_IPV4, "192.168.0.10", 46353,
	    "114.114.114.114", 53, ST_NONE);
	tu_assert_owner(s, 878, "cloud-brd");
	s = tu_assert_sock(in, 9, PROTO_UDP, FAM_IPV4, "192.168.0.10", 47135,
	    "114.114.114.114", 53, ST_NONE);
	tu_assert_owner(s, 981, "cloud-service");
	fleet_free(f);
}
END_TEST

START_TEST(test_tapo_firmware_banners)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_sample(
	    "netstat/embedded-tapo-c110-netstat-tlpn-fwheader.txt"), NULL, NL,
	    &in);
	/* 2 x (banner, rule, blank, title, header) + 5 blank lines */
	tu_assert_lines(in, 39, 24, 15, 0);
	ck_assert_uint_eq(in->records, 24);
	ck_assert_int_eq(tu_count_socks(in, PROTO_TCP, FAM_IPV4, ST_LISTEN),
	    18);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "127.0.0.1", 23,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 1335, "telnetd");
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 0)->line, 6);
	s = tu_assert_sock(in, 13, PROTO_TCP, FAM_IPV4, "127.0.0.1", 23,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 1470, "telnetd");
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 13)->line, 29);
	s = tu_assert_sock(in, 23, PROTO_UDP, FAM_IPV4, "0.0.0.0", 3702,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 1689, "nvid");
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
		ck_assert_msg(tu_sniff_file(&collector_netstat_linux,
		    tu_sample(theirs[i])) == 0, "%s sniffed as netstat-linux",
		    theirs[i]);
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
		ck_assert_msg(tu_sniff_file(&collector_netstat_linux,
		    tu_sample(ours[i])) >= 80, "%s scores low", ours[i]);
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

	f = tu_read(tu_fixture("netstat_linux/de-tlnp-tunp-verbunden.txt"),
	    NULL, NL, &in);
	/* 3 prompts, 2 x 2 notice lines, 2 titles, 2 headers, unix: 5 */
	tu_assert_lines(in, 28, 12, 16, 0);
	ck_assert_uint_eq(in->records, 12);
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8080,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 2310, "java");
	s = tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "192.168.2.110", 39500,
	    "8.8.8.8", 5222, ST_ESTABLISHED);
	tu_assert_owner(s, 2188, "pidgin");
	tu_assert_sock(in, 9, PROTO_TCP, FAM_IPV6, "::1", 39644, "::1", 631,
	    ST_CLOSE_WAIT);
	/* UDP "VERBUNDEN" and "UNBEKANNT" carry no TCP state */
	tu_assert_sock(in, 10, PROTO_UDP, FAM_IPV4, "192.168.2.110", 68,
	    "192.168.2.1", 67, ST_NONE);
	tu_assert_sock(in, 11, PROTO_UDP, FAM_IPV4, "192.168.2.110", 40123,
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

	buf = tu_slurp(tu_fixture("netstat_linux/de-tlnp-tunp-verbunden.txt"),
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
	tu_assert_lines(in, 28, 12, 16, 0);
	ck_assert_uint_eq(in->records, 12);
	tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "192.168.2.110", 39500,
	    "8.8.8.8", 5222, ST_ESTABLISHED);
	free(buf);
	fleet_free(f);
}
END_TEST

/* The rows of en-tulpne-*.txt from the n-th socket on. */
static void
nl_assert_tulpne(struct input *in, int n)
{
	const struct sockrec	*s;

	s = tu_assert_sock(in, n, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 612, "sshd: /usr/sbin/");
	s = tu_assert_sock(in, n + 1, PROTO_TCP, FAM_IPV4, "127.0.0.53", 53,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 309, "systemd-resolve");
	s = tu_assert_sock(in, n + 2, PROTO_TCP, FAM_IPV4, "127.0.0.1", 5432,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 790, "postgres");
	s = tu_assert_sock(in, n + 3, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 612, "sshd: /usr/sbin/");
	s = tu_assert_sock(in, n + 4, PROTO_TCP, FAM_IPV6, "::1", 5432, "::",
	    -1, ST_LISTEN);
	tu_assert_owner(s, 790, "postgres");
	s = tu_assert_sock(in, n + 5, PROTO_UDP, FAM_IPV4, "127.0.0.53", 53,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 309, "systemd-resolve");
	s = tu_assert_sock(in, n + 6, PROTO_UDP, FAM_IPV4, "0.0.0.0", 68,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 1146, "dhclient");
	/* an address netstat cut to 23 columns: port after the last colon */
	s = tu_assert_sock(in, n + 7, PROTO_UDP, FAM_IPV6,
	    "fe80::a00:27ff:fe4e", 546, "::", -1, ST_NONE);
	tu_assert_owner(s, 700, "dhclient6");
	s = tu_assert_sock(in, n + 8, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5353,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, -1, NULL);
}

START_TEST(test_french_user_inode)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read(tu_fixture("netstat_linux/fr-ltuenp-utilisatr-inode.txt"),
	    NULL, NL, &in);
	tu_assert_lines(in, 12, 6, 6, 0);
	ck_assert_uint_eq(in->records, 6);
	/* the Utilisatr and Inode columns are skipped */
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "127.0.0.53", 53,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 309, "systemd-resolve");
	s = tu_assert_sock(in, 3, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5353,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 520, "avahi-daemon: r");
	s = tu_assert_sock(in, 4, PROTO_UDP, FAM_IPV4, "0.0.0.0", 631,
	    "0.0.0.0", -1, ST_NONE);	/* INCONNU */
	tu_assert_owner(s, 565, "cups-browsed");
	s = tu_assert_sock(in, 5, PROTO_UDP, FAM_IPV6, "::", 5353, "::", -1,
	    ST_NONE);
	tu_assert_owner(s, 520, "avahi-daemon: r");
	fleet_free(f);
}
END_TEST

START_TEST(test_extended_timers_raw)
{
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	struct record		*r;

	f = tu_read(tu_fixture("netstat_linux/en-taupeno-extended-timers.txt"),
	    NULL, NL, &in);
	/* raw and raw6 rows are known lines without a record */
	tu_assert_lines(in, 29, 20, 9, 0);
	ck_assert_uint_eq(in->records, 20);
	for (r = in->first; r != NULL; r = r->next)
		ck_assert(r->line != 22 && r->line != 23);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 22, "0.0.0.0",
	    -1, ST_LISTEN);
	tu_assert_owner(s, 612, "sshd: /usr/sbin/");	/* timer stripped */
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV4, "10.0.2.15", 41236,
	    "151.101.2.132", 443, ST_TIME_WAIT);
	tu_assert_owner(s, -1, NULL);
	tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.0.2.15", 40702,
	    "93.184.216.34", 80, ST_SYN_SENT);
	tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58840,
	    "185.125.190.49", 443, ST_FIN_WAIT_2);
	tu_assert_sock(in, 7, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58850,
	    "185.125.190.49", 443, ST_LAST_ACK);
	tu_assert_sock(in, 8, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58860,
	    "185.125.190.49", 443, ST_FIN_WAIT_1);
	tu_assert_sock(in, 9, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58870,
	    "185.125.190.49", 443, ST_CLOSING);
	tu_assert_sock(in, 10, PROTO_TCP, FAM_IPV4, "10.0.2.15", 58880,
	    "185.125.190.50", 443, ST_SYN_RECEIVED);
	s = tu_assert_sock(in, 11, PROTO_TCP, FAM_IPV4, "0.0.0.0", 8125,
	    "0.0.0.0", -1, ST_CLOSED);
	tu_assert_owner(s, 2501, "statsd");
	/* a bracketed foreign wildcard on a tcp6 row */
	tu_assert_sock(in, 13, PROTO_TCP, FAM_IPV6, "::1", 631, "::", -1,
	    ST_LISTEN);
	/* truncated IPv6 kept as text */
	s = tu_assert_sock(in, 17, PROTO_UDP, FAM_IPV6, "fe80::b1f3:2c:3c6c:",
	    123, "::", -1, ST_NONE);
	tu_assert_owner(s, 700, "dhclient");
	s = tu_assert_sock(in, 18, PROTO_OTHER, FAM_IPV4, "0.0.0.0", 5004,
	    "0.0.0.0", -1, ST_NONE);	/* UDP-Lite */
	tu_assert_owner(s, 2777, "rtp-lite");
	s = tu_assert_sock(in, 19, PROTO_SCTP, FAM_IPV4, "0.0.0.0", 3868,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 2901, "freeDiameterd");
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile_rows)
{
	static const struct {
		unsigned	 line;
		int		 code;
	} bad[] = {
		{ 4, DIAG_BAD_PORT },		/* 99999 */
		{ 5, DIAG_BAD_PORT },		/* -1 */
		{ 6, DIAG_LINE_SHORT },		/* truncated */
		{ 7, DIAG_LINE_SHORT },
		{ 8, DIAG_BAD_NUMBER },		/* queue "x" */
		{ 9, DIAG_BAD_STATE },		/* LISTENING */
		{ 10, DIAG_BAD_ADDR },		/* no colon */
		{ 11, DIAG_LINE_UNKNOWN },	/* abc/nginx */
		{ 12, DIAG_BAD_PORT },		/* empty port */
		{ 13, DIAG_LINE_UNKNOWN },
		{ 14, DIAG_LINE_UNKNOWN },	/* Windows row */
		{ 15, DIAG_LINE_UNKNOWN }	/* BSD row */
	};
	struct fleet	*f;
	struct input	*in;
	size_t		 i;

	f = tu_read(tu_fixture("netstat_linux/hostile-bad-rows.txt"), NULL, NL,
	    &in);
	tu_assert_lines(in, 18, 4, 2, 12);
	ck_assert_uint_eq(in->records, 4);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 12);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(tu_unparsed_code(in, bad[i].line) == bad[i].code,
		    "line %u: code %d, want %d", bad[i].line,
		    tu_unparsed_code(in, bad[i].line), bad[i].code);
	ck_assert_uint_ge(in->ndiag, 12);
	/* the rows after the damage are still read */
	tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "0.0.0.0", 65535, "0.0.0.0",
	    -1, ST_LISTEN);
	tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "0.0.0.0", 0, "0.0.0.0", -1,
	    ST_LISTEN);
	tu_assert_owner(tu_assert_sock(in, 3, PROTO_UDP, FAM_IPV6, "::", 53,
	    "::", -1, ST_NONE), 617, "named");
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

	buf = xmalloc(n + sizeof(row));
	tu_noise(buf, n, 12345);
	for (i = 0; i < n; i++) {
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
	tu_assert_owner(tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0",
	    443, "0.0.0.0", -1, ST_LISTEN), 700, "nginx");
	fleet_free(f);
	free(buf);
}
END_TEST

/* netstat -tulpne with its header: User and Inode before the owner. */
START_TEST(test_tulpne_header)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("netstat_linux/en-tulpne-user-inode.txt"),
	    NULL, NL, &in);
	tu_assert_lines(in, 11, 9, 2, 0);
	nl_assert_tulpne(in, 0);
	fleet_free(f);
}
END_TEST

/* The same rows through grep: no header, User and Inode by their shape. */
START_TEST(test_tulpne_without_header)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("netstat_linux/en-tulpne-grep-no-header.txt"),
	    NULL, NL, &in);
	tu_assert_lines(in, 9, 9, 0, 0);
	ck_assert_uint_eq(in->ndiag, 0);
	nl_assert_tulpne(in, 0);
	fleet_free(f);
}
END_TEST

/* netstat -tulpne | grep :53 : the two rows, TCP and UDP. */
START_TEST(test_tulpne_grep_53)
{
	const char		*path;
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;
	char			*buf;
	size_t			 len;

	path = tu_fixture("netstat_linux/en-tulpne-grep-53-no-header.txt");
	f = tu_read(path, NULL, NL, &in);
	tu_assert_lines(in, 2, 2, 0, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "127.0.0.53", 53,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 309, "systemd-resolve");
	s = tu_assert_sock(in, 1, PROTO_UDP, FAM_IPV4, "127.0.0.53", 53,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 309, "systemd-resolve");
	fleet_free(f);
	/* and the sniffer takes the two rows for net-tools */
	buf = tu_slurp(path, &len);
	ck_assert_ptr_eq(collector_sniff(buf, len, NULL),
	    &collector_netstat_linux);
	free(buf);
}
END_TEST

/* -e without -n (user names), without -p (no owner), with -o timers. */
START_TEST(test_e_shapes_without_header)
{
	static const char text[] =
	    "tcp        0      0 localhost:domain        0.0.0.0:*"
	    "               LISTEN      systemd-resolve 15838      "
	    "309/systemd-resolve \n"
	    "udp        0      0 0.0.0.0:mdns            0.0.0.0:*"
	    "                           avahi      17263      "
	    "520/avahi-daemon: r \n"
	    "tcp        0      0 10.0.2.15:22            10.0.2.2:51324"
	    "          ESTABLISHED 0          31544     \n"
	    "tcp6       0      0 :::22                   :::*"
	    "                    LISTEN      0          17274      "
	    "612/sshd: /usr/sbin/ off (0.00/0/0)\n"
	    "tcp        0      0 10.0.2.15:41236         151.101.2.132:443"
	    "       TIME_WAIT   -                    timewait (42.12/0/0)\n"
	    "udp        0      0 0.0.0.0:68              0.0.0.0:*"
	    "                           1146/dhclient       \n"
	    "tcp        0      0 0.0.0.0:3000            0.0.0.0:*"
	    "               LISTEN      3001/node 18        \n"
	    "tcp        0      0 0.0.0.0:25              0.0.0.0:*"
	    "               LISTEN      0          abc        1/init\n";
	struct fleet		*f;
	struct input		*in;
	const struct sockrec	*s;

	f = tu_read_text(text, sizeof(text) - 1, NL, &in);
	tu_assert_lines(in, 8, 7, 0, 1);
	/* service names, resolved after parsing */
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV4, "localhost", 53,
	    "0.0.0.0", -1, ST_LISTEN);
	ck_assert_str_eq(s->local_port_name, "domain");
	tu_assert_owner(s, 309, "systemd-resolve");
	s = tu_assert_sock(in, 1, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5353,
	    "0.0.0.0", -1, ST_NONE);
	ck_assert_str_eq(s->local_port_name, "mdns");
	tu_assert_owner(s, 520, "avahi-daemon: r");
	s = tu_assert_sock(in, 2, PROTO_TCP, FAM_IPV4, "10.0.2.15", 22,
	    "10.0.2.2", 51324, ST_ESTABLISHED);
	tu_assert_owner(s, -1, NULL);
	s = tu_assert_sock(in, 3, PROTO_TCP, FAM_IPV6, "::", 22, "::", -1,
	    ST_LISTEN);
	tu_assert_owner(s, 612, "sshd: /usr/sbin/");
	/* no -e: "-" and a bare pid/program are owners, not a user */
	s = tu_assert_sock(in, 4, PROTO_TCP, FAM_IPV4, "10.0.2.15", 41236,
	    "151.101.2.132", 443, ST_TIME_WAIT);
	tu_assert_owner(s, -1, NULL);
	s = tu_assert_sock(in, 5, PROTO_UDP, FAM_IPV4, "0.0.0.0", 68,
	    "0.0.0.0", -1, ST_NONE);
	tu_assert_owner(s, 1146, "dhclient");
	/* a program name going on with a number is not a user and inode */
	s = tu_assert_sock(in, 6, PROTO_TCP, FAM_IPV4, "0.0.0.0", 3000,
	    "0.0.0.0", -1, ST_LISTEN);
	tu_assert_owner(s, 3001, "node 18");
	/* an inode that is not a number: not taken for -e */
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_LINE_UNKNOWN);
	fleet_free(f);
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
	tcase_add_test(tc, test_tulpne_header);
	tcase_add_test(tc, test_tulpne_without_header);
	tcase_add_test(tc, test_tulpne_grep_53);
	tcase_add_test(tc, test_e_shapes_without_header);
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
	return (tu_run_suite(nl_suite()));
}
