/*
 * Check suite for analysis/dnspool.c (dns-socket-pool) and the facts it
 * reads from analysis/roles.c: which host runs the DNS Server service, and
 * its SocketPoolSize and SocketPoolExcludedPortRanges.  Fixtures are
 * regedit exports (REG_MULTI_SZ as hex(7), UTF-16LE code units, as regedit
 * writes them) and netstat -anob output, written from port-facts.md
 * sections 2.9 and 5.1; the socket pool facts are KB 956188's and those of
 * TechNet's "Configure the Socket Pool" (ee649174).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define KEY_DNS		TU_KEY_SVC("DNS\\Parameters")
/* MSMQ's ping port pinned to UDP 53455 (0xd0cf), inside 49152-65535. */
#define PING_53455	TU_KEY_MSMQ "\"MsmqIpPingPort\"=dword:0000d0cf\r\n\r\n"
#define NETSTAT_DNS	TU_NETSTAT_ANO \
			"  UDP    0.0.0.0:53             *:*          " \
			"                          1652\r\n [dns.exe]\r\n"

/* A REG_MULTI_SZ of one string as regedit writes it: hex(7) UTF-16LE. */
static const char *
dp_multi(const char *name, const char *value)
{
	static char	 buf[1024];
	size_t		 n, i;

	n = (size_t)snprintf(buf, sizeof(buf), "\"%s\"=hex(7):", name);
	for (i = 0; value[i] != '\0'; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%02x,00,",
		    (unsigned char)value[i]);
	snprintf(buf + n, sizeof(buf) - n, "00,00,00,00\r\n");
	return (buf);
}

/* Audit host DNS1 (os, role) with a registry export and optional netstat. */
static struct audit *
dp_audit(const char *os, const char *role, const char *reg,
    const char *netstat)
{
	char	 manifest[256];

	snprintf(manifest, sizeof(manifest), TU_MANIFEST_HDR "DNS1,hq,%s,%s\r\n",
	    role, os);
	return (tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/DNS1/registry.reg", reg,
	    netstat != NULL ? "hq/DNS1/netstat.txt" : NULL, netstat, NULL),
	    NULL));
}

static char *
dp_reg(const char *extra)
{
	char	*s;

	xasprintf(&s, "%s%s%s%s", TU_REG_HDR, PING_53455, KEY_DNS, extra);
	return (s);
}

START_TEST(test_pool_takes_pin)
{
	struct audit		*a;
	struct finding		*f;
	char			*reg = dp_reg("\"SocketPoolSize\"=dword:000009c4\r\n");

	a = dp_audit("Windows Server 2012 R2", "domain-controller", reg, NULL);
	ck_assert_int_eq(tu_host(a, "DNS1")->dns, 1);
	ck_assert_int_eq(tu_host(a, "DNS1")->socketpool, 2500);
	f = tu_expect(a, "dns-socket-pool", "DNS1", 53455, SEV_HIGH);
	ck_assert_int_eq(f->proto, PROTO_UDP);
	ck_assert_str_eq(f->service, "MSMQ");
	ck_assert_str_eq(finding_get(f, "pool"), "2500");
	ck_assert_str_eq(finding_get(f, "size"), "16384");
	ck_assert_str_eq(finding_get(f, "percent"), "15");
	ck_assert_str_eq(finding_get(f, "range"), "49152-65535");
	ck_assert_ptr_null(finding_get(f, "variant"));
	ck_assert(tu_ev_has(f, "MsmqIpPingPort"));
	ck_assert(tu_ev_has(f, "SocketPoolSize"));
	/* Only the UDP pin: nothing for TCP. */
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", NULL), 1);
	tu_audit_free(a);
	free(reg);
}
END_TEST

/* The exclusion list covers the pin, to the edge; one port off does not. */
START_TEST(test_pool_excluded)
{
	static const struct {
		const char	*ranges;
		int		 found;
	} cases[] = {
		{ "53455-53455", 0 },
		{ "53400-53455", 0 },
		{ "53455", 0 },
		{ "53456-53500", 1 },
		{ "50000-53454", 1 },
	};
	struct audit	*a;
	char		*reg;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reg = dp_reg(dp_multi("SocketPoolExcludedPortRanges",
		    cases[i].ranges));
		a = dp_audit("Windows Server 2016", "domain-controller", reg,
		    NULL);
		ck_assert_msg(tu_nfindings(a, "dns-socket-pool", "DNS1") ==
		    cases[i].found, "excluded %s", cases[i].ranges);
		ck_assert_uint_eq(tu_host(a, "DNS1")->socketpool_excluded.n, 1);
		tu_audit_free(a);
		free(reg);
	}
}
END_TEST

/* Windows Server 2008 (not R2) does not read the exclusion list. */
START_TEST(test_pool_exclusion_ignored)
{
	struct audit	*a;
	struct finding	*f;
	char		*reg;

	reg = dp_reg(dp_multi("SocketPoolExcludedPortRanges",
	    "53000-54000"));
	a = dp_audit("Windows Server 2008 SP2", "domain-controller", reg,
	    NULL);
	f = tu_expect(a, "dns-socket-pool", "DNS1", 53455, SEV_HIGH);
	ck_assert_str_eq(finding_get(f, "variant"), "exclusion-ignored");
	ck_assert_str_eq(finding_get(f, "excluded"), "53000-54000");
	tu_audit_free(a);
	a = dp_audit("Windows Server 2008 R2 SP1", "domain-controller", reg,
	    NULL);
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", NULL), 0);
	tu_audit_free(a);
	free(reg);
}
END_TEST

/* No DNS server, a pool of 0, a pin below the range: no finding. */
START_TEST(test_pool_quiet)
{
	static const char no_dns[] = TU_REG_HDR PING_53455;
	static const char low[] = TU_REG_HDR TU_KEY_MSMQ
	    "\"MsmqIpPingPort\"=dword:00000dc7\r\n\r\n" KEY_DNS
	    "\"SocketPoolSize\"=dword:000009c4\r\n";
	struct audit	*a;
	char		*reg;

	a = dp_audit("Windows Server 2016", "app-server", no_dns, NULL);
	ck_assert_int_eq(tu_host(a, "DNS1")->dns, 0);
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", NULL), 0);
	/* The same pin is still inside the range for the general rule. */
	ck_assert_ptr_nonnull(tu_finding_proto(a, "fixed-port-in-ephemeral",
	    "DNS1", 53455, PROTO_UDP));
	tu_audit_free(a);
	reg = dp_reg("\"SocketPoolSize\"=dword:00000000\r\n");
	a = dp_audit("Windows Server 2016", "domain-controller", reg, NULL);
	ck_assert_int_eq(tu_host(a, "DNS1")->socketpool, 0);
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", NULL), 0);
	tu_audit_free(a);
	free(reg);
	/* 3527 lies below 49152. */
	a = dp_audit("Windows Server 2016", "domain-controller", low, NULL);
	ck_assert_int_eq(tu_host(a, "DNS1")->dns, 1);
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* The DNS server known from dns.exe or the role, the pool left default. */
START_TEST(test_pool_dns_evidence)
{
	static const char reg[] = TU_REG_HDR PING_53455;
	struct audit		*a;
	struct finding		*f;
	const struct hostinfo	*hi;

	a = dp_audit("Windows Server 2019", "app-server", reg, NETSTAT_DNS);
	hi = tu_host(a, "DNS1");
	ck_assert_int_eq(hi->dns, 1);
	ck_assert_ptr_nonnull(hi->dns_from.rec);
	ck_assert_int_eq(hi->socketpool, -1);
	f = tu_expect(a, "dns-socket-pool", "DNS1", 53455, SEV_HIGH);
	ck_assert(tu_ev_has(f, "0.0.0.0:53"));
	tu_audit_free(a);
	a = dp_audit("Windows Server 2019", "dns-server", reg, NULL);
	ck_assert_int_eq(tu_host(a, "DNS1")->dns, 1);
	ck_assert_str_eq(tu_host(a, "DNS1")->dns_from.note,
	    "manifest role dns-server");
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", "DNS1"), 1);
	tu_audit_free(a);
}
END_TEST

/* An administered netsh exclusion alone: low; 2003 ReservedPorts: none. */
START_TEST(test_pool_other_reservations)
{
	static const char excl[] =
	    "\r\nC:\\Windows\\system32>netsh int ipv4 show excludedportrange "
	    "protocol=udp\r\n\r\nProtocol udp Port Exclusion Ranges\r\n\r\n"
	    "Start Port    End Port\r\n----------    --------\r\n"
	    "     53455       53455     *\r\n\r\n"
	    "* - Administered port exclusions.\r\n\r\n";
	char		 manifest[] = TU_MANIFEST_HDR
	    "DNS1,hq,domain-controller,Windows Server 2016\r\n";
	struct audit	*a;
	struct finding	*f;
	char		*reg;

	reg = dp_reg("\"SocketPoolSize\"=dword:000009c4\r\n");
	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/DNS1/registry.reg", reg, "hq/DNS1/excluded.txt", excl, NULL),
	    NULL);
	f = tu_expect(a, "dns-socket-pool", "DNS1", 53455, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "variant"), "netsh");
	tu_audit_free(a);
	free(reg);
	/* Windows Server 2003: MaxUserPort opens the range, ReservedPorts
	 * keeps the port out of it (KB 956188's workaround). */
	xasprintf(&reg, "%s%s%s%s\r\n", TU_REG_HDR, PING_53455,
	    TU_KEY_SVC("Tcpip\\Parameters") "\"MaxUserPort\"=dword:0000fffe\r\n",
	    dp_multi("ReservedPorts", "53455-53455"));
	a = dp_audit("Windows Server 2003 SP2", "dns-server", reg, NULL);
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", NULL), 0);
	tu_audit_free(a);
	free(reg);
}
END_TEST

/* A SocketPoolExcludedPortRanges entry that is not a range. */
START_TEST(test_pool_bad_entry)
{
	struct audit	*a;
	char		*reg;

	reg = dp_reg(dp_multi("SocketPoolExcludedPortRanges", "53455-x"));
	a = dp_audit("Windows Server 2016", "domain-controller", reg, NULL);
	ck_assert_uint_eq(tu_host(a, "DNS1")->socketpool_excluded.n, 0);
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", "DNS1"), 1);
	tu_audit_free(a);
	free(reg);
	/* Bounds the wrong way round are no range either. */
	reg = dp_reg(dp_multi("SocketPoolExcludedPortRanges", "53500-53400"));
	a = dp_audit("Windows Server 2016", "domain-controller", reg, NULL);
	ck_assert_uint_eq(tu_host(a, "DNS1")->socketpool_excluded.n, 0);
	ck_assert_int_eq(tu_nfindings(a, "dns-socket-pool", "DNS1"), 1);
	tu_audit_free(a);
	free(reg);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dnspool");
	TCase	*tc = tcase_create("dnspool");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pool_takes_pin);
	tcase_add_test(tc, test_pool_excluded);
	tcase_add_test(tc, test_pool_exclusion_ignored);
	tcase_add_test(tc, test_pool_quiet);
	tcase_add_test(tc, test_pool_dns_evidence);
	tcase_add_test(tc, test_pool_other_reservations);
	tcase_add_test(tc, test_pool_bad_entry);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
