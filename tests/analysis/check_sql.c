/*
 * Check suite for analysis/sql.c: sql-static-and-dynamic.  Microsoft's
 * "How to check if SQL Server is listening on a dynamic port or static
 * port" reads IPAll: both TcpDynamicPorts and TcpPort set means both
 * listeners at once.  Fixtures are regedit exports of SQL Server 2016
 * instance keys, shaped like the example fleet's SQL01 (port-facts.md
 * section 2.7).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define KEY_SQL(inst, sub) \
			"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL " \
			"Server\\" inst "\\MSSQLServer\\SuperSocketNetLib\\Tcp" \
			sub "]\r\n"
#define IPALL(inst, dyn, port) \
			KEY_SQL(inst, "\\IPAll") \
			"\"DisplayName\"=\"Any IP Address\"\r\n" \
			"\"TcpDynamicPorts\"=\"" dyn "\"\r\n" \
			"\"TcpPort\"=\"" port "\"\r\n\r\n"

static struct audit *
sq_audit(const char *reg)
{
	return (tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "SQL9,hq,sql-server,Windows Server 2016\r\n",
	    "hq/SQL9/registry.reg", reg, NULL), NULL));
}

START_TEST(test_both_set)
{
	static const char reg[] = TU_REG_HDR
	    IPALL("MSSQL13.SALES", "49722", "1450")
	    IPALL("MSSQL13.HR", "0", "1460");
	struct audit	*a;
	struct finding	*f;

	a = sq_audit(reg);
	f = tu_expect(a, "sql-static-and-dynamic", "SQL9", 1450, SEV_MEDIUM);
	ck_assert_str_eq(f->service, "MSSQL13.SALES");
	ck_assert_str_eq(finding_get(f, "static"), "1450");
	ck_assert_str_eq(finding_get(f, "dynamic"), "49722");
	ck_assert_ptr_null(finding_get(f, "variant"));
	ck_assert_uint_eq(f->nev, 2);
	ck_assert(tu_ev_has(f, "\"TcpDynamicPorts\"=\"49722\""));
	ck_assert(tu_ev_has(f, "\"TcpPort\"=\"1450\""));
	/* "0" is set too: a new dynamic port at every start. */
	f = tu_expect(a, "sql-static-and-dynamic", "SQL9", 1460, SEV_MEDIUM);
	ck_assert_str_eq(finding_get(f, "variant"), "zero");
	ck_assert_int_eq(tu_nfindings(a, "sql-static-and-dynamic", NULL), 2);
	tu_audit_free(a);
}
END_TEST

/* Static only, dynamic only, both on IP1 rather than IPAll: quiet. */
START_TEST(test_one_set)
{
	static const char reg[] = TU_REG_HDR
	    IPALL("MSSQL13.MSSQLSERVER", "", "1433")
	    IPALL("MSSQL13.REPORTS", "49703", "")
	    IPALL("MSSQL13.BLANK", " ", "  ")
	    KEY_SQL("MSSQL13.MSSQLSERVER", "\\IP1")
	    "\"TcpDynamicPorts\"=\"0\"\r\n\"TcpPort\"=\"1433\"\r\n";
	struct audit	*a;

	a = sq_audit(reg);
	ck_assert_int_eq(tu_nfindings(a, "sql-static-and-dynamic", NULL), 0);
	/* The persisted dynamic port is still judged by the range rule. */
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-in-ephemeral", "SQL9",
	    49703));
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sql");
	TCase	*tc = tcase_create("sql");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_both_set);
	tcase_add_test(tc, test_one_set);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
