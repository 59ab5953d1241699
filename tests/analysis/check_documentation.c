/*
 * Check suite for analysis/documentation.c: fixed-port-registered-elsewhere
 * (the host's services file gives the pinned port to another name) and
 * fixed-port-undocumented (the services file does not mention it, though
 * KB 180795 asks for it).  Without a services file neither can be said.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"


/* The head of a Windows services file, as Microsoft ships it. */
#define SERVICES_HEAD \
	"# Copyright (c) 1993-2004 Microsoft Corp.\r\n" \
	"#\r\n" \
	"# This file contains port numbers for well-known services defined by IANA\r\n" \
	"#\r\n" \
	"# Format:\r\n" \
	"#\r\n" \
	"# <service name>  <port number>/<protocol>  [aliases...]   [#<comment>]\r\n" \
	"#\r\n" \
	"\r\n" \
	"echo                7/tcp\r\n" \
	"echo                7/udp\r\n" \
	"ftp                21/tcp                           #FTP, control\r\n" \
	"smtp               25/tcp    mail                   #Simple Mail Transfer Protocol\r\n" \
	"domain             53/tcp                           #Domain Name Server\r\n" \
	"http               80/tcp    www www-http           #World Wide Web\r\n" \
	"kerberos           88/tcp    krb5 kerberos-sec      #Kerberos\r\n" \
	"epmap             135/tcp    loc-srv                #DCE endpoint resolution\r\n" \
	"netbios-ssn       139/tcp    nbsession              #NETBIOS Session Service\r\n" \
	"ldap              389/tcp                           #Lightweight Directory Access Protocol\r\n" \
	"microsoft-ds      445/tcp\r\n" \
	"kpop             1109/tcp                           #Kerberos POP\r\n" \
	"ms-sql-s         1433/tcp                           #Microsoft-SQL-Server\r\n" \
	"ms-sql-m         1434/udp                           #Microsoft-SQL-Monitor\r\n" \
	"wins             1512/tcp                           #Microsoft Windows Internet Name Service\r\n"

static const char check_documentation_manifest[] =
    TU_MANIFEST_HDR
    "EXCH05,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n";

/* Whether a path ends with suffix. */
static int
check_documentation_ends(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return (n >= m && strcmp(s + n - m, suffix) == 0);
}

START_TEST(test_elsewhere_host)
{
	struct audit	*a;
	struct finding	*f;
	char		 reg[512];

	/* DS on 1109, which the host's own file calls kpop. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_documentation_manifest,
	    "hq/EXCH05/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1109),
	    "hq/EXCH05/services", SERVICES_HEAD, NULL), NULL);
	f = tu_expect(a, "fixed-port-registered-elsewhere", "EXCH05", 1109,
	    SEV_MEDIUM);
	ck_assert_str_eq(f->service, "MSExchangeDS");
	ck_assert_str_eq(finding_get(f, "variant"), "host");
	ck_assert_str_eq(finding_get(f, "entry"), "kpop");
	ck_assert(check_documentation_ends(finding_get(f, "entry_source"),
	    "/EXCH05/services"));
	/* The setting line and the services line (line 21). */
	ck_assert_uint_eq(f->nev, 2);
	ck_assert_uint_eq(f->ev[0].line, 4);
	ck_assert_uint_eq(f->ev[1].line, 21);
	ck_assert_ptr_nonnull(strstr(f->ev[1].text, "#Kerberos POP"));
	/* A port given to another name is not also "undocumented". */
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-undocumented", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_documented_for_itself)
{
	static const char ds[] =
	    SERVICES_HEAD
	    "exchds           1200/tcp                           # Exchange DS\r\n";
	static const char rdp_reg[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
	    "Terminal Server\\WinStations\\RDP-Tcp]\r\n"
	    "\"PortNumber\"=dword:00000d3e\r\n";
	static const char rdp[] =
	    SERVICES_HEAD
	    "ms-wbt-server    3390/tcp\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "EXCH05,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n"
	    "SQL01,hq,sql-server,Windows Server 2016\r\n";
	struct audit	*a;
	char		 reg[512];

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/EXCH05/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1200),
	    "hq/EXCH05/services", ds,
	    "hq/SQL01/registry.reg", rdp_reg,
	    "hq/SQL01/services", rdp, NULL), NULL);
	ck_assert_uint_eq(a->hosts[0].services.n + a->hosts[1].services.n,
	    2 * 15 + 2);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-registered-elsewhere",
	    NULL), 0);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-undocumented", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_documented_by_comment)
{
	static const char ds[] =
	    SERVICES_HEAD
	    "dirsvc           1200/tcp                           #MSExchangeDS fixed RPC port\r\n";
	struct audit	*a;
	char		 reg[512];

	/* Another name, but the comment names the service. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_documentation_manifest,
	    "hq/EXCH05/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1200),
	    "hq/EXCH05/services", ds, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-registered-elsewhere",
	    NULL), 0);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-undocumented", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_no_services_file)
{
	struct audit	*a;
	char		 reg[512];

	/* Nothing was collected: nothing can be said. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_documentation_manifest,
	    "hq/EXCH05/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1109), NULL), NULL);
	ck_assert_uint_eq(a->hosts[0].settings.n, 1);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-registered-elsewhere",
	    NULL), 0);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-undocumented", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_undocumented)
{
	struct audit	*a;
	struct finding	*f;
	char		 reg[512];

	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_documentation_manifest,
	    "hq/EXCH05/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1200),
	    "hq/EXCH05/services", SERVICES_HEAD, NULL), NULL);
	f = tu_expect(a, "fixed-port-undocumented", "EXCH05", 1200, SEV_LOW);
	ck_assert_str_eq(f->service, "MSExchangeDS");
	ck_assert(check_documentation_ends(finding_get(f, "services_file"),
	    "/EXCH05/services"));
	ck_assert_uint_eq(f->nev, 1);
	ck_assert_uint_eq(f->ev[0].line, 4);
	ck_assert_int_eq(tu_nfindings(a, "fixed-port-registered-elsewhere",
	    NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_undocumented_wrong_protocol)
{
	static const char ds[] =
	    SERVICES_HEAD
	    "exchds           1200/udp                           # Exchange DS\r\n";
	struct audit	*a;
	struct finding	*f;
	char		 reg[512];

	/* A UDP entry does not document a TCP port. */
	a = tu_audit_dir(tu_fleet(
	    "manifest.csv", check_documentation_manifest,
	    "hq/EXCH05/registry.reg",
	    tu_reg_ds(reg, sizeof(reg), 1200),
	    "hq/EXCH05/services", ds, NULL), NULL);
	f = tu_finding(a, "fixed-port-undocumented", "EXCH05", 1200);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->proto, PROTO_TCP);
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_documentation_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("documentation");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_elsewhere_host);
	tcase_add_test(tc, test_documented_for_itself);
	tcase_add_test(tc, test_documented_by_comment);
	tcase_add_test(tc, test_no_services_file);
	tcase_add_test(tc, test_undocumented);
	tcase_add_test(tc, test_undocumented_wrong_protocol);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_documentation_suite()));
}
