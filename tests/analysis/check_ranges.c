/*
 * Check suite for analysis/ranges.c, the prepass: each host's OS (from the
 * manifest, or inferred from its evidence), its effective ephemeral range
 * per protocol (netsh over sysctl over MaxUserPort over the OS default of
 * data/os.csv) with the origin of each, its RPC, reserved and excluded
 * ranges, the DNS socket pool and the RPC proxy's ports, its AD LDS
 * listeners, and how much of the ephemeral pool its sockets use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define NETSH_DYN(fam, proto, start, num) \
			"\r\nC:\\Windows\\system32>netsh int " fam " show " \
			"dynamicport " proto "\r\n\r\n" \
			"Protocol " proto " Dynamic Port Range\r\n" \
			"---------------------------------\r\n" \
			"Start Port      : " start "\r\n" \
			"Number of Ports : " num "\r\n\r\n"

/* A registry export with only a DS setting: no range evidence. */
static const char check_ranges_reg_plain[] =
    TU_REG_HDR
    TU_KEY_SVC("MSExchangeDS\\Parameters")
    "\"TCP/IP port\"=dword:000004b0\r\n";

/* Tcpip\Parameters with MaxUserPort 65534 (line 4). */
static const char check_ranges_reg_maxuser[] =
    TU_REG_HDR
    TU_KEY_SVC("Tcpip\\Parameters")
    "\"MaxUserPort\"=dword:0000fffe\r\n";

/*
 * Assert one protocol's ephemeral range and that it is a stated default
 * whose note (the label of data/os.csv) names the OS and the range.
 */
static void
check_ranges_default(const struct hostinfo *hi, int pi, int first, int last,
    const char *os)
{
	const char	*note = hi->ephemeral[pi].from.note;
	char		 num[16];

	ck_assert_int_eq(hi->ephemeral[pi].first, first);
	ck_assert_int_eq(hi->ephemeral[pi].last, last);
	ck_assert_ptr_null(hi->ephemeral[pi].from.in);
	ck_assert_ptr_null(hi->ephemeral[pi].from.rec);
	ck_assert_ptr_nonnull(note);
	ck_assert_msg(strstr(note, os) != NULL, "note \"%s\" for %s", note,
	    os);
	snprintf(num, sizeof(num), "%d", first);
	ck_assert_ptr_nonnull(strstr(note, num));
	snprintf(num, sizeof(num), "%d", last);
	ck_assert_ptr_nonnull(strstr(note, num));
}

/* Assert one protocol's ephemeral range and the record it came from. */
static void
check_ranges_from(const struct hostinfo *hi, int pi, int first, int last,
    const char *format, unsigned line)
{
	const struct origin	*o = &hi->ephemeral[pi].from;

	ck_assert_int_eq(hi->ephemeral[pi].first, first);
	ck_assert_int_eq(hi->ephemeral[pi].last, last);
	ck_assert_ptr_null(o->note);
	ck_assert_ptr_nonnull(o->in);
	ck_assert_ptr_nonnull(o->rec);
	ck_assert_str_eq(o->in->format, format);
	ck_assert_uint_eq(o->rec->line, line);
}

START_TEST(test_default_nt4)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR "EXCH02,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH02/registry.reg", check_ranges_reg_plain, NULL), NULL);
	hi = tu_host(a, "EXCH02");
	ck_assert_str_eq(hi->site, "hq");
	ck_assert_str_eq(hi->role, "exchange-5.5");
	ck_assert_str_eq(hi->os.name, "Windows NT 4.0 SP6a");
	ck_assert_str_eq(hi->os.from.note, "manifest");
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 1);
	ck_assert_int_eq(hi->os.reserved_ok, 0);
	check_ranges_default(hi, PI_TCP, 1024, 5000, "Windows NT 4.0");
	check_ranges_default(hi, PI_UDP, 1024, 5000, "Windows NT 4.0");
	ck_assert_int_eq(hi->evidence_netstat, 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_default_2003)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR "DC02,branch,domain-controller,"
	    "Windows Server 2003 SP2\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "branch/DC02/registry.reg", check_ranges_reg_plain, NULL), NULL);
	hi = tu_host(a, "DC02");
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 1);
	ck_assert_int_eq(hi->os.reserved_ok, 1);
	check_ranges_default(hi, PI_TCP, 1025, 5000,
	    "Windows Server 2003");
	check_ranges_default(hi, PI_UDP, 1025, 5000,
	    "Windows Server 2003");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_default_2012)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/DC01/registry.reg", check_ranges_reg_plain, NULL), NULL);
	hi = tu_host(a, "DC01");
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 0);
	ck_assert_int_eq(hi->os.reserved_ok, 0);
	check_ranges_default(hi, PI_TCP, 49152, 65535,
	    "Windows Vista");
	check_ranges_default(hi, PI_UDP, 49152, 65535,
	    "Windows Vista");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_netsh_overrides_default)
{
	static const char dyn[] =
	    NETSH_DYN("ipv4", "tcp", "10000", "1000")
	    NETSH_DYN("ipv4", "udp", "20000", "500");
	static const char manifest[] =
	    TU_MANIFEST_HDR "APP01,hq,app-server,Windows Server 2012 R2\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	/* netsh int ipv4 set dynamicport tcp start=10000 num=1000. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/dynamicport.txt", dyn, NULL), NULL);
	hi = tu_host(a, "APP01");
	check_ranges_from(hi, PI_TCP, 10000, 10999, "netsh", 7);
	ck_assert_str_eq(hi->ephemeral[PI_TCP].from.rec->text,
	    "Number of Ports : 1000");
	check_ranges_from(hi, PI_UDP, 20000, 20499, "netsh", 15);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_netsh_beats_maxuserport)
{
	static const char dyn[] = NETSH_DYN("ipv4", "tcp", "49152", "16384");
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP02,hq,app-server,Windows Server 2008 R2 SP1\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	/* A MaxUserPort left over from 2003 says 1025-65534; netsh is
	 * what the 2008 R2 stack uses, whichever file is read first. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/a-dynamicport.txt", dyn,
	    "hq/APP01/registry.reg", check_ranges_reg_maxuser,
	    "hq/APP02/registry.reg", check_ranges_reg_maxuser,
	    "hq/APP02/z-dynamicport.txt", dyn, NULL), NULL);
	hi = tu_host(a, "APP01");
	check_ranges_from(hi, PI_TCP, 49152, 65535, "netsh", 7);
	hi = tu_host(a, "APP02");
	check_ranges_from(hi, PI_TCP, 49152, 65535, "netsh", 7);
	/* No netsh for UDP: MaxUserPort is the best evidence there. */
	ck_assert_int_eq(hi->ephemeral[PI_UDP].first, 1025);
	ck_assert_int_eq(hi->ephemeral[PI_UDP].last, 65534);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_maxuserport)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("Tcpip\\Parameters")
	    "\"NV Hostname\"=\"EXCH09\"\r\n"
	    "\"MaxUserPort\"=dword:0000ea60\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "EXCH09,hq,exchange-2003,Windows Server 2003 SP2\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	/* Exchange 2003 setup writes MaxUserPort = 60000; the pool still
	 * starts where 2003's does, at 1025 (os.csv, KB 929851). */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH09/registry.reg", reg, NULL), NULL);
	hi = tu_host(a, "EXCH09");
	check_ranges_from(hi, PI_TCP, 1025, 60000, "reg", 5);
	check_ranges_from(hi, PI_UDP, 1025, 60000, "reg", 5);
	ck_assert_str_eq(hi->ephemeral[PI_TCP].from.rec->text,
	    "\"MaxUserPort\"=dword:0000ea60");
	/* The manifest still names the OS. */
	ck_assert_int_eq(hi->os.reserved_ok, 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_maxuserport_nt4)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("Tcpip\\Parameters")
	    "\"MaxUserPort\"=dword:0000ea60\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "EXCH08,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n"
	    "HOST1,hq,,\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	/* On NT 4.0 the pool MaxUserPort tops begins at 1024 (KB 180795),
	 * as os.csv's NT row says; the same value on 2003 gives 1025. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH08/registry.reg", reg, "hq/HOST1/registry.reg", reg,
	    NULL), NULL);
	hi = tu_host(a, "EXCH08");
	check_ranges_from(hi, PI_TCP, 1024, 60000, "reg", 4);
	check_ranges_from(hi, PI_UDP, 1024, 60000, "reg", 4);
	/* No OS named: a legacy Windows is taken at NT 4.0's wider pool. */
	hi = tu_host(a, "HOST1");
	check_ranges_from(hi, PI_TCP, 1024, 60000, "reg", 4);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_default_openbsd)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR "OBSD1,hq,firewall,OpenBSD 7.4\r\n";
	static const char netstat[] =
	    "Active Internet connections (including servers)\n"
	    "Proto   Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
	    "tcp          0      0  *.22                   *.*                    LISTEN\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	/* OpenBSD hands out 1024-49151 (IPPORT_RESERVED..IPPORT_USERRESERVED
	 * in sys/netinet/in.h); 49152-65535 only with IP_PORTRANGE_HIGH. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/OBSD1/netstat.txt", netstat, NULL), NULL);
	hi = tu_host(a, "OBSD1");
	ck_assert_int_eq(hi->os.fam, OSF_BSD);
	check_ranges_default(hi, PI_TCP, 1024, 49151, "OpenBSD");
	check_ranges_default(hi, PI_UDP, 1024, 49151, "OpenBSD");
	tu_audit_free(a);
}
END_TEST

/* Copy a fixture of tests/fixtures/kb into a fleet folder. */
static void
check_ranges_copy(const char *fleet, const char *fixture, const char *rel)
{
	char	 path[512], *text;
	size_t	 len;
	FILE	*fp;

	text = tu_slurp(tu_fixture(fixture), &len);
	snprintf(path, sizeof(path), "%s/%s", fleet, rel);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	free(text);
}

START_TEST(test_socketpool_and_rpcproxy)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DNS01,hq,domain-controller,Windows Server 2016\r\n"
	    "APP01,hq,app-server,Windows Server 2016\r\n";
	const struct hostinfo	*hi;
	struct audit		*a;
	const char		*fleet;

	fleet = tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", check_ranges_reg_plain,
	    "hq/DNS01/services", "", NULL);
	check_ranges_copy(fleet, "kb/dns-socket-pool.utf16le.reg",
	    "hq/DNS01/dns.reg");
	check_ranges_copy(fleet, "kb/rpcproxy-validports.utf16le.reg",
	    "hq/DNS01/rpcproxy.reg");
	a = tu_audit_dir(fleet, NULL);
	hi = tu_host(a, "DNS01");
	/* The pool's size and what it leaves alone, for the udp rules. */
	ck_assert_int_eq(hi->socketpool, 3000);
	ck_assert_uint_eq(hi->socketpool_from.rec->line, 4);
	ck_assert_uint_eq(hi->socketpool_excluded.n, 2);
	ck_assert_int_eq(hi->socketpool_excluded.v[1].first, 53000);
	ck_assert_int_eq(hi->socketpool_excluded.v[1].last, 53010);
	/* The RPC proxy's ports; the peers are on the records. */
	ck_assert_uint_eq(hi->rpcproxy.n, 5);
	ck_assert_int_eq(hi->rpcproxy.v[4].first, 6004);
	ck_assert_str_eq(hi->rpcproxy.v[4].from.rec->u.rng.peer, "GC01");
	/* Neither lands in the ephemeral, reserved or RPC sets. */
	ck_assert_uint_eq(hi->reserved[PI_UDP].n, 0);
	ck_assert_uint_eq(hi->rpc[PI_TCP].n, 0);
	ck_assert_int_eq(hi->ephemeral[PI_UDP].first, 49152);
	hi = tu_host(a, "APP01");
	ck_assert_int_eq(hi->socketpool, -1);
	ck_assert_uint_eq(hi->socketpool_excluded.n, 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_adlds_listeners)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:389            0.0.0.0:0              LISTENING       2210\r\n"
	    " [dsamain.exe]\r\n"
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       2512\r\n"
	    " [dsamain.exe]\r\n"
	    "  TCP    0.0.0.0:50001          0.0.0.0:0              LISTENING       2512\r\n"
	    " [dsamain.exe]\r\n"
	    "  TCP    10.1.1.40:50002        10.1.1.10:389          ESTABLISHED     2512\r\n"
	    " [dsamain.exe]\r\n";
	static const char nt4[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:1200           0.0.0.0:0              LISTENING       301\r\n"
	    " [dsamain.exe]\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "LDS01,hq,,Windows Server 2016\r\n"
	    "EXCH02,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	const struct hostinfo	*hi;
	struct audit		*a;

	/* Two AD LDS instances (389, and 50000/50001 taken from 50000 up,
	 * cc757433); the outbound socket is no instance.  LDAP on 389 by
	 * dsamain.exe does not make the host a DC (lsass.exe there would):
	 * with no Kerberos listener it is none. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/LDS01/netstat.txt", netstat,
	    "hq/EXCH02/netstat.txt", nt4, NULL), NULL);
	hi = tu_host(a, "LDS01");
	ck_assert_uint_eq(hi->adlds.n, 3);
	ck_assert_int_eq(hi->adlds.v[0].rec->u.sock.local_port, 389);
	ck_assert_int_eq(hi->adlds.v[2].rec->u.sock.local_port, 50001);
	ck_assert_int_eq(hi->dc, DC_NO);
	ck_assert_ptr_null(hi->dc_from.rec);
	/* On NT 4.0 dsamain.exe is Exchange 5.5's directory. */
	hi = tu_host(a, "EXCH02");
	ck_assert_uint_eq(hi->adlds.n, 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_sysctl_linux)
{
	static const char sysctl[] =
	    "net.ipv4.ip_local_port_range = 15000\t64999\n"
	    "net.ipv4.ip_local_reserved_ports = 50000-50100\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "LNX01,branch,app-server,Debian 12\r\n"
	    "LNX02,branch,app-server,Debian 12\r\n";
	static const char ss[] =
	    "Netid State     Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"
	    "tcp   LISTEN    0      128          0.0.0.0:22         0.0.0.0:*     users:((\"sshd\",pid=612,fd=3))\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "branch/LNX01/sysctl.txt", sysctl,
	    "branch/LNX02/netstat.txt", ss, NULL), NULL);
	hi = tu_host(a, "LNX01");
	ck_assert_int_eq(hi->os.fam, OSF_LINUX);
	check_ranges_from(hi, PI_TCP, 15000, 64999, "sysctl", 1);
	check_ranges_from(hi, PI_UDP, 15000, 64999, "sysctl", 1);
	ck_assert_uint_eq(hi->reserved[PI_TCP].n, 1);
	ck_assert_int_eq(hi->reserved[PI_TCP].v[0].first, 50000);
	ck_assert_int_eq(hi->reserved[PI_TCP].v[0].last, 50100);
	ck_assert_uint_eq(hi->reserved[PI_TCP].v[0].from.rec->line, 2);
	/* Without sysctl output: the kernel's default since 2015. */
	hi = tu_host(a, "LNX02");
	ck_assert_int_eq(hi->os.fam, OSF_LINUX);
	check_ranges_default(hi, PI_TCP, 32768, 60999,
	    "Linux");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_infer_netsh)
{
	static const char dyn[] = NETSH_DYN("ipv4", "tcp", "49152", "16384");
	struct audit		*a;
	const struct hostinfo	*hi;

	/* No manifest: netsh exists from Vista on. */
	a = tu_audit_dir(tu_fleet("hq/WEB02/dynamicport.txt", dyn,
	    "hq/WEB02/registry.reg", check_ranges_reg_plain, NULL), NULL);
	hi = tu_host(a, "WEB02");
	ck_assert_ptr_null(hi->os.name);
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 0);
	ck_assert_str_eq(hi->os.from.note, "inferred from netsh output");
	/* UDP had no netsh output: the modern default. */
	check_ranges_default(hi, PI_UDP, 49152, 65535,
	    "Windows Vista");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_infer_maxuserport)
{
	struct audit		*a;
	const struct hostinfo	*hi;

	/* No manifest: MaxUserPort is the pre-Vista knob. */
	a = tu_audit_dir(tu_fleet("hq/OLD01/registry.reg",
	    check_ranges_reg_maxuser, NULL), NULL);
	hi = tu_host(a, "OLD01");
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 1);
	ck_assert_str_eq(hi->os.from.note, "inferred from MaxUserPort");
	check_ranges_from(hi, PI_TCP, 1024, 65534, "reg", 4);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_infer_from_sockets)
{
	static const char old[] =
	    TU_NETSTAT_AN
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
	    "  TCP    10.10.1.21:1025        10.10.1.10:139         ESTABLISHED\r\n"
	    "  TCP    10.10.1.21:1031        10.10.1.22:1200        ESTABLISHED\r\n"
	    "  TCP    10.10.1.21:1034        10.10.1.22:1201        ESTABLISHED\r\n";
	static const char modern[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  TCP    10.10.1.51:50233       10.10.1.31:1433        ESTABLISHED     4412\r\n"
	    "  TCP    10.10.1.51:50301       10.10.1.41:1801        ESTABLISHED     4412\r\n";
	static const char ss[] =
	    "Netid State     Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"
	    "tcp   LISTEN    0      128          0.0.0.0:22         0.0.0.0:*     users:((\"sshd\",pid=612,fd=3))\n"
	    "tcp   ESTAB     0      0        10.20.1.41:45870   10.10.1.31:1433  users:((\"java\",pid=1288,fd=60))\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	/* No manifest, no range evidence: the ports the stack handed out
	 * tell an NT-to-2003 pool from a Vista one; ss means Linux. */
	a = tu_audit_dir(tu_fleet("hq/OLD02/netstat.txt", old,
	    "hq/NEW02/netstat.txt", modern, "hq/LNX03/netstat.txt", ss,
	    NULL), NULL);
	hi = tu_host(a, "OLD02");
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 1);
	ck_assert_str_eq(hi->os.from.note, "inferred from the host's evidence");
	check_ranges_default(hi, PI_TCP, 1024, 5000, "Windows NT 4.0");
	hi = tu_host(a, "NEW02");
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 0);
	ck_assert_int_eq(hi->ephemeral[PI_TCP].first, 49152);
	hi = tu_host(a, "LNX03");
	ck_assert_int_eq(hi->os.fam, OSF_LINUX);
	ck_assert_int_eq(hi->ephemeral[PI_TCP].first, 32768);
	ck_assert_int_eq(hi->ephemeral[PI_TCP].last, 60999);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_ipv6_does_not_override)
{
	static const char v6first[] =
	    NETSH_DYN("ipv6", "tcp", "10000", "1000")
	    NETSH_DYN("ipv4", "tcp", "49152", "16384");
	static const char v4first[] =
	    NETSH_DYN("ipv4", "tcp", "49152", "16384")
	    NETSH_DYN("ipv6", "tcp", "10000", "1000");
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2012 R2\r\n"
	    "APP02,hq,app-server,Windows Server 2012 R2\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/dynamicport.txt", v6first,
	    "hq/APP02/dynamicport.txt", v4first, NULL), NULL);
	hi = tu_host(a, "APP01");
	check_ranges_from(hi, PI_TCP, 49152, 65535, "netsh", 15);
	hi = tu_host(a, "APP02");
	check_ranges_from(hi, PI_TCP, 49152, 65535, "netsh", 7);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_usage)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  TCP    0.0.0.0:49664          0.0.0.0:0              LISTENING       476\r\n"
	    "  TCP    10.10.1.31:445         10.10.20.57:51234      ESTABLISHED     4\r\n"
	    "  TCP    10.10.1.31:49664       10.10.20.57:51240      ESTABLISHED     476\r\n"
	    "  TCP    10.10.1.31:49811       10.10.1.10:389         ESTABLISHED     584\r\n"
	    "  TCP    10.10.1.31:49811       10.10.1.11:389         ESTABLISHED     584\r\n"
	    "  TCP    10.10.1.31:50233       10.10.1.10:135         TIME_WAIT       0\r\n"
	    "  TCP    [::1]:50240            [::1]:1433             ESTABLISHED     2876\r\n"
	    "  UDP    0.0.0.0:123            *:*                                    1068\r\n"
	    "  UDP    0.0.0.0:50100          *:*                                    1104\r\n";
	static const char ss[] =
	    "Netid State     Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"
	    "udp   UNCONN    0      0          127.0.0.1:323        0.0.0.0:*     users:((\"chronyd\",pid=640,fd=5))\n"
	    "udp   ESTAB     0      0         10.20.1.41:41000    10.20.1.10:53    users:((\"java\",pid=1288,fd=70))\n"
	    "udp   UNCONN    0      0            0.0.0.0:41200      0.0.0.0:*     users:((\"java\",pid=1288,fd=71))\n"
	    "tcp   LISTEN    0      4096               *:40000            *:*     users:((\"java\",pid=1288,fd=40))\n"
	    "tcp   ESTAB     0      0         10.20.1.41:40000  10.10.20.14:52110 users:((\"java\",pid=1288,fd=41))\n"
	    "tcp   ESTAB     0      0          127.0.0.1:39998    127.0.0.1:5432  users:((\"java\",pid=1288,fd=52))\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "SQL01,hq,sql-server,Windows Server 2016\r\n"
	    "LNX01,branch,app-server,Debian 12\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;

	/* Counted: ports handed out for connections (once per port).
	 * Not counted: listeners, connections a listener accepted, and
	 * unconnected UDP sockets, which listen. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SQL01/netstat.txt", netstat, "branch/LNX01/netstat.txt", ss,
	    NULL), NULL);
	hi = tu_host(a, "SQL01");
	ck_assert_int_eq(hi->evidence_netstat, 1);
	/* Compaction keeps the listeners and counts the rest. */
	ck_assert_uint_eq(hi->sockets.n, 4);
	ck_assert_uint_eq(hi->nuses, 1);
	ck_assert_uint_eq(hi->uses[0]->established + hi->uses[0]->time_wait +
	    hi->uses[0]->other, 6);
	ck_assert_uint_eq(hi->used_ephemeral[PI_TCP], 3);
	ck_assert_int_eq(hi->highest_used[PI_TCP], 50240);
	ck_assert_uint_eq(hi->used_ephemeral[PI_UDP], 0);
	ck_assert_int_eq(hi->highest_used[PI_UDP], 0);
	hi = tu_host(a, "LNX01");
	ck_assert_uint_eq(hi->used_ephemeral[PI_TCP], 1);
	ck_assert_int_eq(hi->highest_used[PI_TCP], 39998);
	ck_assert_uint_eq(hi->used_ephemeral[PI_UDP], 1);
	ck_assert_int_eq(hi->highest_used[PI_UDP], 41000);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_rpc_reserved_excluded_sets)
{
	static const char reg[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet]\r\n"
	    "\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,31,00,30,00,30,00,00,00,\\\r\n"
	    "  00,00\r\n"
	    "\"PortsInternetAvailable\"=\"Y\"\r\n"
	    "\"UseInternetPorts\"=\"Y\"\r\n";
	static const char excl[] =
	    "\r\nC:\\Windows\\system32>netsh int ipv4 show excludedportrange "
	    "protocol=tcp\r\n\r\n"
	    "Protocol tcp Port Exclusion Ranges\r\n\r\n"
	    "Start Port    End Port\r\n"
	    "----------    --------\r\n"
	    "      5357        5357\r\n"
	    "     50000       50059     *\r\n"
	    "     51940       52039\r\n"
	    "\r\n* - Administered port exclusions.\r\n\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n";
	struct audit		*a;
	const struct hostinfo	*hi;
	const struct prange	*hit;
	int			 pi;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", reg,
	    "hq/APP01/excludedportrange.txt", excl, NULL), NULL);
	hi = tu_host(a, "APP01");
	/* Rpc\Internet restricts TCP and UDP alike. */
	for (pi = 0; pi < PI__MAX; pi++) {
		ck_assert_uint_eq(hi->rpc[pi].n, 1);
		ck_assert_int_eq(hi->rpc[pi].v[0].first, 5000);
		ck_assert_int_eq(hi->rpc[pi].v[0].last, 5100);
		ck_assert_uint_eq(hi->rpc[pi].v[0].from.rec->line, 4);
	}
	ck_assert_int_eq(rangeset_has(&hi->rpc[PI_TCP], 5100, &hit), 1);
	ck_assert_int_eq(rangeset_has(&hi->rpc[PI_TCP], 5101, NULL), 0);
	/* The exclusions: TCP only, the '*' kept. */
	ck_assert_uint_eq(hi->excluded[PI_TCP].n, 3);
	ck_assert_uint_eq(hi->excluded[PI_UDP].n, 0);
	ck_assert_int_eq(rangeset_has(&hi->excluded[PI_TCP], 50010, &hit), 1);
	ck_assert_int_eq(hit->administered, 1);
	ck_assert_int_eq(rangeset_has(&hi->excluded[PI_TCP], 52039, &hit), 1);
	ck_assert_int_eq(hit->administered, 0);
	ck_assert_uint_eq(hit->from.rec->line, 10);
	ck_assert_uint_eq(hi->reserved[PI_TCP].n, 0);
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_ranges_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("ranges");
	tc = tcase_create("defaults");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_default_nt4);
	tcase_add_test(tc, test_default_2003);
	tcase_add_test(tc, test_default_2012);
	suite_add_tcase(s, tc);
	tc = tcase_create("evidence");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_netsh_overrides_default);
	tcase_add_test(tc, test_netsh_beats_maxuserport);
	tcase_add_test(tc, test_maxuserport);
	tcase_add_test(tc, test_maxuserport_nt4);
	tcase_add_test(tc, test_default_openbsd);
	tcase_add_test(tc, test_socketpool_and_rpcproxy);
	tcase_add_test(tc, test_adlds_listeners);
	tcase_add_test(tc, test_sysctl_linux);
	tcase_add_test(tc, test_ipv6_does_not_override);
	tcase_add_test(tc, test_rpc_reserved_excluded_sets);
	tcase_add_test(tc, test_usage);
	suite_add_tcase(s, tc);
	tc = tcase_create("infer");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_infer_netsh);
	tcase_add_test(tc, test_infer_maxuserport);
	tcase_add_test(tc, test_infer_from_sockets);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_ranges_suite()));
}
