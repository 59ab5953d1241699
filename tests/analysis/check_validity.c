/*
 * Check suite for analysis/validity.c: setting-invalid, a port value that
 * cannot work (0, above 65535 such as dword:00065534 typed as decimal, or
 * text that is no number), overlapping ReservedPorts ranges, and adjacent
 * single-port ReservedPorts entries that Windows does not all honour
 * (KB 812873).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define RESERVED_OVERLAP "\"ReservedPorts\"=hex(7):31,00,30,00,32,00,35,00,2d,00,31,00,30,00,33,00,30,00,\\\r\n" \
			"  00,00,31,00,30,00,32,00,38,00,2d,00,31,00,30,00,34,00,30,00,00,00,00,00\r\n"
#define RESERVED_ADJACENT "\"ReservedPorts\"=hex(7):31,00,30,00,32,00,35,00,2d,00,31,00,30,00,32,00,35,00,\\\r\n" \
			"  00,00,31,00,30,00,32,00,36,00,2d,00,31,00,30,00,32,00,36,00,00,00,00,00\r\n"
#define RESERVED_GAP	"\"ReservedPorts\"=hex(7):31,00,30,00,32,00,35,00,2d,00,31,00,30,00,32,00,35,00,\\\r\n" \
			"  00,00,31,00,30,00,32,00,37,00,2d,00,31,00,30,00,32,00,37,00,00,00,00,00\r\n"
#define RESERVED_ONE	"\"ReservedPorts\"=hex(7):31,00,30,00,32,00,35,00,2d,00,31,00,30,00,33,00,30,00,\\\r\n" \
			"  00,00,00,00\r\n"
#define MANIFEST_DC02	TU_MANIFEST_HDR \
			"DC02,branch,domain-controller,Windows Server 2003 SP2\r\n"

/* Audit DC02 (Server 2003) with one Tcpip\Parameters ReservedPorts. */
static struct audit *
check_validity_reserved(const char *value)
{
	char	 reg[1024];

	snprintf(reg, sizeof(reg), "%s%s%s%s", TU_REG_HDR,
	    TU_KEY_SVC("Tcpip\\Parameters"),
	    "\"MaxUserPort\"=dword:0000fffe\r\n", value);
	return (tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_DC02,
	    "branch/DC02/registry.reg", reg, NULL), NULL));
}

START_TEST(test_dword_typed_decimal)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00065534\r\n";
	struct audit	*a;
	struct finding	*f;

	/* Read as hex: 0x65534 = 415028, no port. */
	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_DC02,
	    "branch/DC02/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-invalid", "DC02"), 1);
	f = tu_expect(a, "setting-invalid", "DC02", -1, SEV_HIGH);
	ck_assert_int_eq(f->port, -1);
	ck_assert_int_eq(f->proto, PROTO_TCP);
	ck_assert_str_eq(f->service, "NTDS");
	ck_assert_str_eq(finding_get(f, "variant"), "port");
	ck_assert_ptr_nonnull(strstr(finding_get(f, "raw"), "65534"));
	ck_assert_uint_eq(f->nev, 1);
	ck_assert_uint_eq(f->ev[0].line, 4);
	/* No other rule judges a port that does not exist. */
	ck_assert_uint_eq(a->nfindings, 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_zero_and_text)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("Netlogon\\Parameters")
	    "\"DCTcpipPort\"=dword:00000000\r\n"
	    "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSSQLServer\\MSSQLServer\\"
	    "SuperSocketNetLib\\Tcp]\r\n"
	    "\"TcpPort\"=\"14x3\"\r\n";
	struct audit	*a;
	struct finding	*f;
	size_t		 i;
	int		 netlogon = 0, sql = 0;

	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_DC02,
	    "branch/DC02/registry.reg", reg, NULL), NULL);
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		if (strcmp(f->rule->id, "setting-invalid") != 0)
			continue;
		ck_assert_str_eq(finding_get(f, "variant"), "port");
		ck_assert_int_eq(f->sev, SEV_HIGH);
		netlogon += strcmp(f->service, "Netlogon") == 0;
		sql += strcmp(f->service, "MSSQLSERVER") == 0;
	}
	ck_assert_int_eq(netlogon, 1);
	ck_assert_int_eq(sql, 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_valid_setting)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:000004b0\r\n"
	    "\r\n"
	    TU_KEY_SVC("Tcpip\\Parameters")
	    RESERVED_ONE;
	struct audit	*a;

	a = tu_audit_dir(tu_fleet("manifest.csv", MANIFEST_DC02,
	    "branch/DC02/registry.reg", reg, NULL), NULL);
	ck_assert_int_eq(tu_nfindings(a, "setting-invalid", NULL), 0);
	ck_assert_uint_eq(a->hosts[0].reserved[PI_TCP].n, 1);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_sql_dynamic_markers)
{
	/* TcpPort "" means static-none and TcpDynamicPorts "0" means
	 * "ask for a dynamic port": neither is a broken port. */
	static const char reg[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL13.REPORTS\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n"
	    "\"TcpDynamicPorts\"=\"0\"\r\n"
	    "\"TcpPort\"=\"\"\r\n"
	    "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL13.REPORTS\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IP1]\r\n"
	    "\"TcpDynamicPorts\"=\"0\"\r\n"
	    "\"TcpPort\"=\"\"\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "SQL01,hq,sql-server,Windows Server 2016\r\n";
	struct audit	*a;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/SQL01/registry.reg", reg, NULL), NULL);
	ck_assert_uint_eq(a->nhosts, 1);
	ck_assert_int_eq(tu_nfindings(a, "setting-invalid", NULL), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_reserved_overlap)
{
	struct audit	*a;
	struct finding	*f;

	/* 1025-1030 and 1028-1040: ReservedPorts covers TCP and UDP; the
	 * one value is reported once, under tcp. */
	a = check_validity_reserved(RESERVED_OVERLAP);
	ck_assert_int_eq(tu_nfindings(a, "setting-invalid", "DC02"), 1);
	f = tu_finding_proto(a, "setting-invalid", "DC02", 1025,
	    PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_HIGH);
	ck_assert_ptr_null(f->service);
	ck_assert_str_eq(finding_get(f, "variant"), "overlap");
	ck_assert_str_eq(finding_get(f, "what"), "reserved");
	ck_assert_str_eq(finding_get(f, "range"), "1025-1030");
	ck_assert_str_eq(finding_get(f, "other"), "1028-1040");
	ck_assert_uint_ge(f->nev, 1);
	ck_assert_ptr_nonnull(strstr(f->ev[0].text, "\"ReservedPorts\""));
	ck_assert_ptr_null(tu_finding_proto(a, "setting-invalid", "DC02",
	    1025, PROTO_UDP));
	tu_audit_free(a);
}
END_TEST

START_TEST(test_reserved_adjacent)
{
	struct audit	*a;
	struct finding	*f;

	/* 1025-1025 and 1026-1026: KB 812873's bug. */
	a = check_validity_reserved(RESERVED_ADJACENT);
	f = tu_finding_proto(a, "setting-invalid", "DC02", 1025,
	    PROTO_TCP);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->sev, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "adjacent");
	ck_assert_str_eq(finding_get(f, "range"), "1025");
	ck_assert_str_eq(finding_get(f, "other"), "1026");
	tu_audit_free(a);
}
END_TEST

START_TEST(test_reserved_clean)
{
	struct audit	*a;

	/* One range, or single ports with a gap, are fine. */
	a = check_validity_reserved(RESERVED_ONE);
	ck_assert_uint_eq(a->hosts[0].reserved[PI_TCP].n, 1);
	ck_assert_int_eq(tu_nfindings(a, "setting-invalid", NULL), 0);
	tu_audit_free(a);
	a = check_validity_reserved(RESERVED_GAP);
	ck_assert_uint_eq(a->hosts[0].reserved[PI_TCP].n, 2);
	ck_assert_int_eq(tu_nfindings(a, "setting-invalid", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_validity_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("validity");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_dword_typed_decimal);
	tcase_add_test(tc, test_zero_and_text);
	tcase_add_test(tc, test_valid_setting);
	tcase_add_test(tc, test_sql_dynamic_markers);
	tcase_add_test(tc, test_reserved_overlap);
	tcase_add_test(tc, test_reserved_adjacent);
	tcase_add_test(tc, test_reserved_clean);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_validity_suite()));
}
