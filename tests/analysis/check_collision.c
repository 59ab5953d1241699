/*
 * Check suite for analysis/collision.c and analysis/pins.c:
 * fixed-port-taken (the KB 180795 trap: the pinned port already held by
 * another process or handed out as an ephemeral port) beside the status of
 * every pinned port (listening as pinned, owner not shown, not listening,
 * taken), fixed-port-duplicate (two services on one port) and
 * fixed-port-system (a port Windows itself uses); settings that do nothing
 * on their host (NTDS on a member server, SQL Server values that
 * ListenOnAllIPs or Enabled switch off) judged by none of the pin rules,
 * and unconfirmed values kept below high.  Every fixture is a
 * small fleet of .reg exports and netstat captures written as the field
 * tools write them (netstat layouts: docs/port-facts.md section 5.1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"


/* A DC01 registry pinning NTDS to 50000 (line 5). */
static const char check_collision_reg_ntds[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"DSA Working Directory\"=\"C:\\\\Windows\\\\NTDS\"\r\n"
    "\"TCP/IP Port\"=dword:0000c350\r\n";

/* A DC01 registry pinning Netlogon to 50001 (line 5). */
static const char check_collision_reg_netlogon[] =
    TU_REG_HDR
    TU_KEY_SVC("Netlogon\\Parameters")
    "\"SysVol\"=\"C:\\\\Windows\\\\SYSVOL\\\\sysvol\"\r\n"
    "\"DCTcpipPort\"=dword:0000c351\r\n";

static const char check_collision_manifest_dc01[] =
    TU_MANIFEST_HDR
    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n";

/* A member server's netstat: LDAP does not listen, so it is no DC. */
static const char check_collision_netstat_member[] =
    TU_NETSTAT_ANO
    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
    "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4\r\n"
    "  TCP    10.1.1.20:50000        10.1.1.10:445          ESTABLISHED     4\r\n";

START_TEST(test_ntds_on_member_server)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2012 R2\r\n"
	    "APP02,hq,,Windows Server 2012 R2\r\n"
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n";
	const struct hostinfo	*hi;
	struct audit		*a;

	/* KB 224196: NTDS TCP/IP Port works on domain controllers only.
	 * APP01's netstat shows no Kerberos listener: the value is no pin,
	 * so neither the outbound connection on 50000 nor the ephemeral
	 * range is held against it; setting-ineffective says it does
	 * nothing.  APP02 has no role and no netstat: unknown, judged.
	 * DC01 is a DC by the manifest: judged. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", check_collision_reg_ntds,
	    "hq/APP01/netstat.txt", check_collision_netstat_member,
	    "hq/APP02/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", check_collision_netstat_member, NULL),
	    NULL);
	hi = tu_host(a, "APP01");
	ck_assert_int_eq(hi->dc, DC_NO);
	ck_assert_uint_eq(hi->settings.n, 1);
	ck_assert_str_eq(rule_setting_inert(hi,
	    &hi->settings.v[0].rec->u.set), "not-dc");
	ck_assert_int_lt(rule_live_pi(hi, &hi->settings.v[0].rec->u.set), 0);
	/* No pin, so no status: the outbound 50000 does not make it taken. */
	ck_assert_int_eq(pins_get(hi, &hi->settings.v[0])->status,
	    PINST_UNCHECKED);
	ck_assert_int_eq(tu_nfindings(a, NULL, "APP01"), 1);
	ck_assert_str_eq(finding_get(tu_expect(a, "setting-ineffective",
	    "APP01", 50000, SEV_LOW), "variant"), "ntds-member");
	hi = tu_host(a, "APP02");
	ck_assert_int_eq(hi->dc, DC_UNKNOWN);
	ck_assert_ptr_null(rule_setting_inert(hi,
	    &hi->settings.v[0].rec->u.set));
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-in-ephemeral",
	    "APP02", 50000));
	ck_assert_int_eq(tu_nfindings(a, "setting-ineffective", "APP02"), 0);
	hi = tu_host(a, "DC01");
	ck_assert_int_eq(hi->dc, DC_YES);
	ck_assert_str_eq(hi->dc_from.note, "manifest role domain-controller");
	tu_expect(a, "fixed-port-taken", "DC01", 50000, SEV_CRITICAL);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_dc_from_netstat)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING       584\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR "SRV9,hq,,Windows Server 2016\r\n";
	const struct hostinfo	*hi;
	struct audit		*a;

	/* A Kerberos KDC on tcp 88 only runs on a DC. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SRV9/registry.reg", check_collision_reg_ntds,
	    "hq/SRV9/netstat.txt", netstat, NULL), NULL);
	hi = tu_host(a, "SRV9");
	ck_assert_int_eq(hi->dc, DC_YES);
	ck_assert_ptr_nonnull(hi->dc_from.rec);
	ck_assert_int_eq(hi->dc_from.rec->u.sock.local_port, 88);
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-in-ephemeral",
	    "SRV9", 50000));
	tu_audit_free(a);
}
END_TEST

/* The directory itself: lsass.exe on LDAP or the global catalog. */
START_TEST(test_dc_from_lsass)
{
	static const char gc[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  TCP    0.0.0.0:3268           0.0.0.0:0              LISTENING       640\r\n"
	    " [lsass.exe]\r\n";
	static const char ldap[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:389            0.0.0.0:0              LISTENING       640\r\n"
	    " [lsass.exe]\r\n";
	static const char other[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:3268           0.0.0.0:0              LISTENING       2210\r\n"
	    " [dsamain.exe]\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR "SRV7,hq,,Windows Server 2016\r\n"
	    "SRV8,hq,,Windows Server 2016\r\n"
	    "SRV9,hq,,Windows Server 2016\r\n";
	const struct hostinfo	*hi;
	struct audit		*a;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SRV7/netstat.txt", gc, "hq/SRV8/netstat.txt", ldap,
	    "hq/SRV9/netstat.txt", other, NULL), NULL);
	hi = tu_host(a, "SRV7");
	ck_assert_int_eq(hi->dc, DC_YES);
	ck_assert_int_eq(hi->dc_from.rec->u.sock.local_port, 3268);
	hi = tu_host(a, "SRV8");
	ck_assert_int_eq(hi->dc, DC_YES);
	ck_assert_int_eq(hi->dc_from.rec->u.sock.local_port, 389);
	/* Another image on the same port proves nothing. */
	ck_assert_int_eq(tu_host(a, "SRV9")->dc, DC_NO);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_sql_ignored_values)
{
	static const char manifest[] =
	    TU_MANIFEST_HDR "SQL02,hq,sql-server,Windows Server 2016\r\n";
	char			 path[256];
	struct audit		*a;
	const char		*fleet;
	char			*text;
	size_t			 len;
	FILE			*fp;

	/* The fixture pins ALLIP\IP1 to 50000 (ListenOnAllIPs 1: only
	 * IPAll counts), PERIP\IP2 to 50001 (Enabled 0) and PERIP\IPAll
	 * to 50002 (ListenOnAllIPs 0): none is a pin.  PERIP\IP1 1533 is. */
	text = tu_slurp(tu_fixture("kb/sql-listenall.utf16le.reg"), &len);
	fleet = tu_fleet("manifest.csv", manifest, "hq/SQL02/services", "",
	    NULL);
	snprintf(path, sizeof(path), "%s/hq/SQL02/registry.reg", fleet);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	free(text);
	a = tu_audit_dir(fleet, NULL);
	ck_assert_ptr_null(tu_finding(a, NULL, "SQL02", 50000));
	ck_assert_ptr_null(tu_finding(a, NULL, "SQL02", 50001));
	ck_assert_ptr_null(tu_finding(a, NULL, "SQL02", 50002));
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-in-ephemeral",
	    "SQL02", -1) == NULL ? "none" : NULL);
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-taken", "SQL02",
	    -1) == NULL ? "none" : NULL);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_unconfirmed_capped)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("MSExchangeRPC\\ParametersSystem")
	    "\"TCP/IP Port\"=dword:0000e8d0\r\n"
	    "\r\n"
	    TU_KEY_SVC("MSExchangeAB\\Parameters")
	    "\"TCP/IP Port\"=dword:0000e8d0\r\n";
	static const char reg_doc[] =
	    TU_REG_HDR
	    TU_KEY_SVC("MSExchangeRPC\\ParametersSystem")
	    "\"TCP/IP Port\"=dword:0000e8d0\r\n"
	    "\r\n"
	    TU_KEY_SVC("MSExchangeAB\\Parameters")
	    "\"RpcTcpPort\"=\"59600\"\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR "CAS01,hq,exchange-2010,Windows Server 2008 R2\r\n";
	struct audit	*a;
	struct finding	*f;

	/* MSExchangeRPC TCP/IP Port and MSExchangeAB TCP/IP Port (no
	 * deployment documentation) both on 59600: the duplicate would be
	 * critical, but it rests on an unconfirmed value: medium. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/CAS01/registry.reg", reg, NULL), NULL);
	f = tu_finding(a, "fixed-port-duplicate", "CAS01", 59600);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->unconfirmed, 1);
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	ck_assert_str_eq(f->service, "MSExchangeRPC");
	ck_assert_str_eq(finding_get(f, "other"), "MSExchangeAB");
	tu_audit_free(a);
	/* The same pair with a documented value in place of the analyzer's
	 * name stays critical. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/CAS01/registry.reg", reg_doc, NULL), NULL);
	f = tu_expect(a, "fixed-port-duplicate", "CAS01", 59600,
	    SEV_CRITICAL);
	ck_assert_int_eq(f->unconfirmed, 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_system_ports_corrected)
{
	static const char reg[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\"
	    "{11111111-2222-3333-4444-555555555555}]\r\n"
	    "\"Endpoints\"=hex(7):6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,\\\r\n"
	    "  00,63,00,70,00,2c,00,30,00,2c,00,32,00,31,00,30,00,32,00,00,00,6e,00,63,00,\\\r\n"
	    "  61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,00,63,00,70,00,2c,00,30,00,2c,\\\r\n"
	    "  00,32,00,31,00,30,00,33,00,00,00,6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,\\\r\n"
	    "  70,00,5f,00,74,00,63,00,70,00,2c,00,30,00,2c,00,36,00,30,00,30,00,34,00,00,\\\r\n"
	    "  00,6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,00,63,00,70,00,\\\r\n"
	    "  2c,00,30,00,2c,00,32,00,31,00,31,00,32,00,00,00,00,00\r\n";
	/* "ncacn_ip_tcp,0,2102" "...,2103" "...,6004" "...,2112" */
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dc01(reg);
	/* 2102 lies between MSMQ's odd RPC ports: not a system port. */
	ck_assert_ptr_null(tu_finding(a, "fixed-port-system", "DC01", 2102));
	f = tu_finding(a, "fixed-port-system", "DC01", 2103);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "system"),
	    "Message Queuing remote read (MSMQ-RPC)");
	/* Where MSMQ moves 2101 when it is taken (KB 178517). */
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-system", "DC01",
	    2112));
	/* Exchange 2003's DSProxy port over HTTP (KB 832017). */
	f = tu_finding(a, "fixed-port-system", "DC01", 6004);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "system"),
	    "Exchange 2003 DSProxy/NSPI RPC over HTTP");
	tu_audit_free(a);
}
END_TEST

/* The status of the setting of host that pins proto port; fails the test
 * when there is no such setting. */
static const struct pincheck *
check_collision_pin(const struct audit *a, const char *host, enum proto proto,
    int port)
{
	const struct hostinfo	*hi = tu_host(a, host);
	const struct settingrec	*s;
	size_t			 i;

	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->port == port && s->proto == proto)
			return (pins_get(hi, &hi->settings.v[i]));
	}
	ck_abort_msg("%s pins no %s port %d", host, proto_name(proto), port);
	return (NULL);
}

/* Assert a setting's status and the socket line that shows it (line 0:
 * none), naming the status by its stable name. */
static void
check_collision_status(const struct audit *a, const char *host, int port,
    const char *status, unsigned line)
{
	const struct pincheck	*pc;

	pc = check_collision_pin(a, host, PROTO_TCP, port);
	ck_assert_msg(strcmp(pinstatus_name(pc->status), status) == 0,
	    "%s port %d: %s, not %s", host, port,
	    pinstatus_name(pc->status), status);
	if (line == 0) {
		ck_assert_ptr_null(pc->sock);
		return;
	}
	ck_assert_ptr_nonnull(pc->sock);
	ck_assert_uint_eq(pc->sock->rec->line, line);
	ck_assert_int_eq(pc->sock->rec->u.sock.local_port, port);
}

START_TEST(test_taken_other_listener)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING       584\r\n"
	    " [lsass.exe]\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n"
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       3164\r\n"
	    " [javaw.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", netstat, NULL), NULL);
	f = tu_expect(a, "fixed-port-taken", "DC01", 50000, SEV_CRITICAL);
	ck_assert_int_eq(f->proto, PROTO_TCP);
	ck_assert_str_eq(f->service, "NTDS");
	ck_assert_str_eq(finding_get(f, "variant"), "other-listener");
	ck_assert_str_eq(finding_get(f, "process"), "javaw.exe");
	ck_assert_str_eq(finding_get(f, "pid"), "3164");
	ck_assert_str_eq(finding_get(f, "state"), "LISTEN");
	/* The setting line, then the socket that holds the port. */
	ck_assert_uint_eq(f->nev, 2);
	ck_assert_uint_eq(f->ev[0].line, 5);
	ck_assert_str_eq(f->ev[0].text, "\"TCP/IP Port\"=dword:0000c350");
	ck_assert_uint_eq(f->ev[1].line, 10);
	ck_assert_ptr_nonnull(strstr(f->ev[1].text, "0.0.0.0:50000"));
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", NULL), 1);
	/* The owner is shown and is not lsass.exe: taken, not verified. */
	check_collision_status(a, "DC01", 50000, "taken", 10);
	ck_assert_str_eq(check_collision_pin(a, "DC01", PROTO_TCP,
	    50000)->process, "javaw.exe");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_outbound_known_process)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n"
	    "  TCP    10.10.1.10:50001       10.10.1.70:8530        ESTABLISHED     1000\r\n"
	    "  wuauserv\r\n"
	    " [svchost.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	/* Netlogon restarted while Windows Update held its port. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_netlogon,
	    "hq/DC01/netstat.txt", netstat, NULL), NULL);
	f = tu_expect(a, "fixed-port-taken", "DC01", 50001, SEV_CRITICAL);
	ck_assert_str_eq(f->service, "Netlogon");
	ck_assert_str_eq(finding_get(f, "variant"), "other-outbound");
	ck_assert_str_eq(finding_get(f, "process"), "svchost.exe");
	ck_assert_str_eq(finding_get(f, "pid"), "1000");
	ck_assert_str_eq(finding_get(f, "state"), "ESTABLISHED");
	ck_assert_str_eq(finding_get(f, "remote"), "10.10.1.70:8530");
	ck_assert_uint_eq(f->nev, 2);
	ck_assert(tu_ev_has(f, "10.10.1.10:50001"));
	check_collision_status(a, "DC01", 50001, "taken", 8);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_outbound_unknown_nt4)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("MSExchangeDS\\Parameters")
	    "\"TCP/IP port\"=dword:00000401\r\n"
	    "\r\n"
	    TU_KEY_SVC("MSExchangeIS\\ParametersSystem")
	    "\"TCP/IP port\"=dword:00000402\r\n";
	static const char netstat[] =
	    TU_NETSTAT_AN
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
	    "  TCP    0.0.0.0:1026           0.0.0.0:0              LISTENING\r\n"
	    "  TCP    10.10.1.21:1025        10.10.1.10:139         ESTABLISHED\r\n"
	    "  TCP    10.10.1.21:1026        10.10.20.33:1046       ESTABLISHED\r\n"
	    "  UDP    0.0.0.0:135            *:*                    \r\n"
	    "  UDP    0.0.0.0:1025           *:*                    \r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR "EXCH01,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit	*a;
	struct finding	*f;

	/* The KB 180795 case: NT 4.0 netstat has no PID column. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH01/registry.reg", reg,
	    "hq/EXCH01/netstat.txt", netstat, NULL), NULL);
	f = tu_expect(a, "fixed-port-taken", "EXCH01", 1025, SEV_HIGH);
	ck_assert_str_eq(f->service, "MSExchangeDS");
	ck_assert_str_eq(finding_get(f, "variant"), "unknown-outbound");
	ck_assert_str_eq(finding_get(f, "pid"), "no PID shown");
	ck_assert_str_eq(finding_get(f, "process"), "an unknown process");
	ck_assert_str_eq(finding_get(f, "remote"), "10.10.1.10:139");
	/* UDP 1025 comes from the UDP pool: no evidence of a TCP clash. */
	ck_assert_uint_eq(f->nev, 2);
	ck_assert(!tu_ev_has(f, "UDP"));
	check_collision_status(a, "EXCH01", 1025, "taken", 7);
	/* The IS won 1026 and listens; NT 4.0 shows no owner, so it is no
	 * finding, and the connection the listener accepted is not judged:
	 * its status names the listener's line. */
	ck_assert_ptr_null(tu_finding(a, "fixed-port-taken", "EXCH01", 1026));
	check_collision_status(a, "EXCH01", 1026, "owner-not-shown", 6);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", NULL), 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_outbound_unknown_pid)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  TCP    10.10.1.10:50001       10.10.1.70:8530        ESTABLISHED     1000\r\n";
	struct audit	*a;
	struct finding	*f;

	/* netstat -ano: a PID but no image for it anywhere. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_netlogon,
	    "hq/DC01/netstat.txt", netstat, NULL), NULL);
	f = tu_expect(a, "fixed-port-taken", "DC01", 50001, SEV_HIGH);
	ck_assert_str_eq(finding_get(f, "variant"), "unknown-outbound");
	ck_assert_str_eq(finding_get(f, "pid"), "1000");
	check_collision_status(a, "DC01", 50001, "taken", 6);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_own_listener_anob)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING       584\r\n"
	    " [lsass.exe]\r\n"
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       584\r\n"
	    " [lsass.exe]\r\n"
	    "  TCP    10.10.1.10:50000       10.20.1.10:1187        ESTABLISHED     584\r\n"
	    " [lsass.exe]\r\n"
	    "  TCP    10.10.1.10:50000       10.10.1.22:1042        TIME_WAIT       0\r\n"
	    "  TCP    [::]:50000             [::]:0                 LISTENING       584\r\n"
	    " [lsass.exe]\r\n";
	struct audit	*a;

	/* lsass.exe is the NTDS owner: its listener and the replication
	 * connections it accepted are no collision. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", netstat, NULL), NULL);
	ck_assert_ptr_null(tu_finding(a, "fixed-port-taken", "DC01", 50000));
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", NULL), 0);
	/* Verified: listening, as pinned, shown by the first listener. */
	check_collision_status(a, "DC01", 50000, "verified", 7);
	ck_assert_str_eq(check_collision_pin(a, "DC01", PROTO_TCP,
	    50000)->process, "lsass.exe");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_pid_inference)
{
	/* The 50000 listener has no owner line; PID 584's other socket says
	 * lsass.exe (first fleet) or javaw.exe (second). */
	static const char lsass[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING       584\r\n"
	    " [lsass.exe]\r\n"
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       584\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n";
	static const char javaw[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:8080           0.0.0.0:0              LISTENING       584\r\n"
	    " [javaw.exe]\r\n"
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       584\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n";
	static const char alone[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       584\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", lsass, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", "DC01"), 0);
	/* The PID fits: verified through PID 584's other socket. */
	check_collision_status(a, "DC01", 50000, "verified", 7);
	tu_audit_free(a);

	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", javaw, NULL), NULL);
	f = tu_expect(a, "fixed-port-taken", "DC01", 50000, SEV_CRITICAL);
	ck_assert_str_eq(finding_get(f, "process"), "javaw.exe");
	check_collision_status(a, "DC01", 50000, "taken", 7);
	tu_audit_free(a);

	/* Nothing to infer from: a PID but no image, so no finding and
	 * the owner counts as not shown. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", alone, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", NULL), 0);
	check_collision_status(a, "DC01", 50000, "owner-not-shown", 5);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_inbound_accepted)
{
	static const char reg[] =
	    "REGEDIT4\r\n"
	    "\r\n"
	    TU_KEY_SVC("MSExchangeDS\\Parameters")
	    "\"TCP/IP port\"=dword:000004b0\r\n";
	static const char netstat[] =
	    TU_NETSTAT_AN
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
	    "  TCP    0.0.0.0:1200           0.0.0.0:0              LISTENING\r\n"
	    "  TCP    10.10.1.22:1200        10.10.1.21:1031        ESTABLISHED\r\n"
	    "  TCP    10.10.1.22:1200        10.10.1.23:1026        ESTABLISHED\r\n"
	    "  TCP    10.10.1.22:1200        10.10.20.41:1107       TIME_WAIT\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR "EXCH02,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit	*a;

	/* Replication partners connected to the DS listener: the listener
	 * alone is judged (owner not shown: no finding), never the
	 * connections. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH02/registry.reg", reg,
	    "hq/EXCH02/netstat.txt", netstat, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", NULL), 0);
	check_collision_status(a, "EXCH02", 1200, "owner-not-shown", 6);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_kernel_listener)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("MSExchangeIS\\ParametersSystem")
	    "\"TCP/IP Port\"=dword:0000b799\r\n";
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n"
	    "  TCP    0.0.0.0:47001          0.0.0.0:0              LISTENING       4\r\n"
	    " Can not obtain ownership information\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "EXCH07,hq,exchange-2007,Windows Server 2008 R2 SP1\r\n";
	struct audit	*a;
	struct finding	*f;

	/* The store pinned to 47001, where WinRM's HTTP.sys listener (the
	 * kernel, PID 4) sits: netstat -b said it is no process image, so
	 * it cannot be store.exe. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH07/registry.reg", reg,
	    "hq/EXCH07/netstat.txt", netstat, NULL), NULL);
	f = tu_finding(a, "fixed-port-taken", "EXCH07", 47001);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(finding_get(f, "pid"), "4");
	ck_assert_msg(f->sev == SEV_CRITICAL, "kernel listener judged %s "
	    "(variant %s), as if it could be store.exe", severity_name(f->sev),
	    finding_get(f, "variant"));
	ck_assert_str_eq(finding_get(f, "variant"), "other-listener");
	ck_assert_str_eq(finding_get(f, "process"), "System");
	check_collision_status(a, "EXCH07", 47001, "taken", 8);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_aggregates_sockets)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       3164\r\n"
	    " [javaw.exe]\r\n"
	    "  TCP    10.10.1.10:50000       10.10.20.14:52110      ESTABLISHED     3164\r\n"
	    " [javaw.exe]\r\n"
	    "  TCP    [::]:50000             [::]:0                 LISTENING       3164\r\n"
	    " [javaw.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	/* IPv4 and IPv6 listeners of one intruder: one finding, the
	 * setting plus both listeners as evidence. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", netstat, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", "DC01"), 1);
	f = tu_expect(a, "fixed-port-taken", "DC01", 50000, SEV_CRITICAL);
	ck_assert_uint_eq(f->nev, 3);
	ck_assert(tu_ev_has(f, "0.0.0.0:50000"));
	ck_assert(tu_ev_has(f, "[::]:50000"));
	/* An accepted connection of the intruding listener is not extra
	 * evidence. */
	ck_assert(!tu_ev_has(f, "10.10.20.14"));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_taken_svchost_service_line)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PdName\"=\"tcp\"\r\n"
	    "\"PortNumber\"=dword:00000d3e\r\n";
	static const char own[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:3390           0.0.0.0:0              LISTENING       1020\r\n"
	    "  TermService\r\n"
	    " [svchost.exe]\r\n";
	static const char other[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:3390           0.0.0.0:0              LISTENING       1100\r\n"
	    "  SessionEnv\r\n"
	    " [svchost.exe]\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "SQL01,hq,sql-server,Windows Server 2016\r\n"
	    "SQL02,hq,sql-server,Windows Server 2016\r\n";
	struct audit	*a;
	struct finding	*f;

	/* svchost.exe hosts many services: the service line decides. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SQL01/registry.reg", reg, "hq/SQL01/netstat.txt", own,
	    "hq/SQL02/registry.reg", reg, "hq/SQL02/netstat.txt", other,
	    NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", "SQL01"), 0);
	check_collision_status(a, "SQL01", 3390, "verified", 5);
	f = tu_expect(a, "fixed-port-taken", "SQL02", 3390, SEV_CRITICAL);
	ck_assert_str_eq(f->service, "TermService");
	ck_assert_str_eq(finding_get(f, "variant"), "other-listener");
	check_collision_status(a, "SQL02", 3390, "taken", 5);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_duplicate_ntds_netlogon)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00000401\r\n"
	    "\r\n"
	    TU_KEY_SVC("Netlogon\\Parameters")
	    "\"DCTcpipPort\"=dword:00000401\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DC02,branch,domain-controller,Windows Server 2003 SP2\r\n";
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "branch/DC02/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-duplicate", "DC02"), 1);
	f = tu_expect(a, "fixed-port-duplicate", "DC02", 1025, SEV_CRITICAL);
	ck_assert_int_eq(f->proto, PROTO_TCP);
	ck_assert_str_eq(f->service, "NTDS");
	ck_assert_str_eq(finding_get(f, "other"), "Netlogon");
	ck_assert_str_eq(finding_get(f, "other_setting"), "Netlogon RPC port");
	/* Both registry lines are evidence. */
	ck_assert_uint_eq(f->nev, 2);
	ck_assert_uint_eq(f->ev[0].line, 4);
	ck_assert_str_eq(f->ev[0].text, "\"TCP/IP Port\"=dword:00000401");
	ck_assert_uint_eq(f->ev[1].line, 7);
	ck_assert_str_eq(f->ev[1].text, "\"DCTcpipPort\"=dword:00000401");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_duplicate_three_services)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:0000c350\r\n"
	    "\r\n"
	    TU_KEY_SVC("Netlogon\\Parameters")
	    "\"DCTcpipPort\"=dword:0000c350\r\n"
	    "\r\n"
	    TU_KEY_SVC("NtFrs\\Parameters")
	    "\"RPC TCP/IP Port Assignment\"=dword:0000c350\r\n";
	struct audit	*a;
	struct finding	*f;

	/* One port, three services: one finding naming both others. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-duplicate", "DC01"), 1);
	f = tu_finding(a, "fixed-port-duplicate", "DC01", 50000);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->service, "NTDS");
	ck_assert_uint_eq(f->nev, 3);
	ck_assert(tu_ev_has(f, "RPC TCP/IP Port Assignment"));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_duplicate_same_service)
{
	/* Field scripts set the RDP port in both keys: one service. */
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:00000d3e\r\n"
	    "\r\n"
	    TU_KEY_TS("Wds\\rdpwd\\Tds\\tcp")
	    "\"PortNumber\"=dword:00000d3e\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n";
	struct audit	*a;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-duplicate", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_system_epmap_and_smb)
{
	static const char reg[] =
	    "REGEDIT4\r\n"
	    "\r\n"
	    TU_KEY_SVC("MSExchangeDS\\Parameters")
	    "\"TCP/IP port\"=dword:00000087\r\n"
	    "\r\n"
	    TU_KEY_SVC("MSExchangeIS\\ParametersSystem")
	    "\"TCP/IP port\"=dword:000001bd\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR "EXCH05,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";
	struct audit	*a;
	struct finding	*f;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH05/registry.reg", reg, NULL), NULL);
	f = tu_expect(a, "fixed-port-system", "EXCH05", 135, SEV_CRITICAL);
	ck_assert_str_eq(f->service, "MSExchangeDS");
	ck_assert_str_eq(finding_get(f, "system"), "RPC endpoint mapper");
	ck_assert_uint_eq(f->nev, 1);
	ck_assert_uint_eq(f->ev[0].line, 4);
	f = tu_expect(a, "fixed-port-system", "EXCH05", 445, SEV_CRITICAL);
	ck_assert_str_eq(f->service, "MSExchangeIS");
	ck_assert_str_eq(finding_get(f, "system"), "SMB");
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-system", NULL), 2);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_system_own_ports)
{
	/* RDP on 3389 and SQL Server on 1433 use their own ports. */
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:00000d3d\r\n"
	    "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL13.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n"
	    "\"TcpDynamicPorts\"=\"\"\r\n"
	    "\"TcpPort\"=\"1433\"\r\n"
	    "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSSQLServer\\MSSQLServer\\"
	    "SuperSocketNetLib\\Tcp]\r\n"
	    "\"TcpPort\"=\"1433\"\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR "SQL01,hq,sql-server,Windows Server 2016\r\n";
	struct audit	*a;
	size_t		 i, nset;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SQL01/registry.reg", reg, NULL), NULL);
	/* The three settings were read (else the test proves nothing). */
	ck_assert_uint_eq(a->nhosts, 1);
	for (nset = 0, i = 0; i < a->hosts[0].settings.n; i++)
		nset += a->hosts[0].settings.v[i].rec->u.set.port > 0;
	ck_assert_uint_eq(nset, 3);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-system", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* A DCOM server pinned by its AppID's Endpoints (REG_MULTI_SZ
 * "ncacn_ip_tcp,0,5050", as regedit writes it): the knowledge base names
 * no owner image for it. */
#define CHECK_COLLISION_DCOM \
	TU_REG_HDR \
	"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\" \
	"{3F2E8B14-6C1D-4E7A-9B52-0D8A41C7E6F9}]\r\n" \
	"@=\"Fabrikam Order Router\"\r\n" \
	"\"Endpoints\"=hex(7):6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70," \
	"00,5f,00,74,\\\r\n" \
	"  00,63,00,70,00,2c,00,30,00,2c,00,35,00,30,00,35,00,30,00,00,00,00," \
	"00\r\n"

START_TEST(test_pins_no_owner_known)
{
	static const char own[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:5050           0.0.0.0:0              LISTENING       2336\r\n"
	    " [orderrouter.exe]\r\n";
	static const char kernel[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:5050           0.0.0.0:0              LISTENING       4\r\n"
	    " Can not obtain ownership information\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2008 R2 SP1\r\n"
	    "APP02,hq,app-server,Windows Server 2008 R2 SP1\r\n";
	struct audit	*a;
	struct finding	*f;

	/* No owner to compare the image with: no finding, and the status
	 * says the owner is not known rather than verified. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", CHECK_COLLISION_DCOM,
	    "hq/APP01/netstat.txt", own,
	    "hq/APP02/registry.reg", CHECK_COLLISION_DCOM,
	    "hq/APP02/netstat.txt", kernel, NULL), NULL);
	ck_assert_ptr_null(tu_finding(a, "fixed-port-taken", "APP01", 5050));
	check_collision_status(a, "APP01", 5050, "owner-not-known", 5);
	/* A DCOM server is no kernel listener: PID 4 took the port. */
	f = tu_expect(a, "fixed-port-taken", "APP02", 5050, SEV_CRITICAL);
	ck_assert_str_eq(finding_get(f, "process"), "System");
	check_collision_status(a, "APP02", 5050, "taken", 5);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_pins_own_process_outbound)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING       584\r\n"
	    " [lsass.exe]\r\n"
	    "  TCP    10.10.1.10:50001       10.10.1.11:389         ESTABLISHED     584\r\n"
	    " [lsass.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	/* lsass.exe is Netlogon's owner, but it holds 50001 as the local
	 * end of an outbound connection and nothing listens: the port went
	 * out as an ephemeral port, a finding. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_netlogon,
	    "hq/DC01/netstat.txt", netstat, NULL), NULL);
	f = tu_expect(a, "fixed-port-taken", "DC01", 50001, SEV_CRITICAL);
	ck_assert_str_eq(finding_get(f, "variant"), "other-outbound");
	check_collision_status(a, "DC01", 50001, "taken", 7);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_pins_own_and_other_listener)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:50000          0.0.0.0:0              LISTENING       584\r\n"
	    " [lsass.exe]\r\n"
	    "  TCP    127.0.0.1:50000        0.0.0.0:0              LISTENING       3164\r\n"
	    " [javaw.exe]\r\n";
	struct audit	*a;
	struct finding	*f;

	/* lsass.exe listens on every address, javaw.exe on the loopback
	 * one: the intruder outweighs the own listener. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_collision_manifest_dc01,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", netstat, NULL), NULL);
	f = tu_expect(a, "fixed-port-taken", "DC01", 50000, SEV_CRITICAL);
	ck_assert_str_eq(finding_get(f, "process"), "javaw.exe");
	/* The setting line and the intruder, not the own listener. */
	ck_assert_uint_eq(f->nev, 2);
	ck_assert(!tu_ev_has(f, "0.0.0.0:50000"));
	check_collision_status(a, "DC01", 50000, "taken", 7);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_pins_not_listening)
{
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  UDP    0.0.0.0:50000          *:*                                    584\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "DC03,hq,domain-controller,Windows Server 2012 R2\r\n";
	struct audit	*a;
	size_t		 n[PINST__MAX];

	/* A socket list without the port (UDP 50000 is another pool):
	 * not listening; no socket list at all: unchecked. */
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/DC01/registry.reg", check_collision_reg_ntds,
	    "hq/DC01/netstat.txt", netstat,
	    "hq/DC03/registry.reg", check_collision_reg_ntds, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-taken", NULL), 0);
	check_collision_status(a, "DC01", 50000, "not-listening", 0);
	check_collision_status(a, "DC03", 50000, "unchecked", 0);
	pins_count(a, n);
	ck_assert_uint_eq(n[PINST_NOT_LISTENING], 1);
	ck_assert_uint_eq(n[PINST_UNCHECKED], 1);
	ck_assert_uint_eq(n[PINST_VERIFIED] + n[PINST_TAKEN] +
	    n[PINST_OWNER_NOT_SHOWN] + n[PINST_OWNER_NOT_KNOWN], 0);
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_collision_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("collision");
	tc = tcase_create("taken");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_taken_other_listener);
	tcase_add_test(tc, test_ntds_on_member_server);
	tcase_add_test(tc, test_dc_from_netstat);
	tcase_add_test(tc, test_dc_from_lsass);
	tcase_add_test(tc, test_sql_ignored_values);
	tcase_add_test(tc, test_unconfirmed_capped);
	tcase_add_test(tc, test_system_ports_corrected);
	tcase_add_test(tc, test_taken_outbound_known_process);
	tcase_add_test(tc, test_taken_outbound_unknown_nt4);
	tcase_add_test(tc, test_taken_outbound_unknown_pid);
	tcase_add_test(tc, test_taken_own_listener_anob);
	tcase_add_test(tc, test_taken_pid_inference);
	tcase_add_test(tc, test_taken_inbound_accepted);
	tcase_add_test(tc, test_taken_kernel_listener);
	tcase_add_test(tc, test_taken_aggregates_sockets);
	tcase_add_test(tc, test_taken_svchost_service_line);
	tcase_add_test(tc, test_pins_no_owner_known);
	tcase_add_test(tc, test_pins_own_process_outbound);
	tcase_add_test(tc, test_pins_own_and_other_listener);
	tcase_add_test(tc, test_pins_not_listening);
	suite_add_tcase(s, tc);
	tc = tcase_create("duplicate");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_duplicate_ntds_netlogon);
	tcase_add_test(tc, test_duplicate_three_services);
	tcase_add_test(tc, test_duplicate_same_service);
	suite_add_tcase(s, tc);
	tc = tcase_create("system");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_system_epmap_and_smb);
	tcase_add_test(tc, test_system_own_ports);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_collision_suite()));
}
