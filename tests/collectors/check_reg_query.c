/*
 * Check suite for collectors/reg_query.c: the real `reg query` sample
 * (RDP-Tcp PortNumber), fixtures for /s output with subkey-only lines,
 * several keys of a DC, XP's reg.exe 3.0 with tabs, PowerShell's UTF-16LE
 * redirect, and hostile input.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define HKLM	"HKEY_LOCAL_MACHINE\\"
#define RDP_SAMPLE "registry/regquery-rdp-tcp-portnumber-extracted.txt"
#define TCPIP	HKLM "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"

/* The first value record named name, checked for key, type and line. */
static struct record *
check_reg_query_val(struct input *in, const char *name, const char *key,
    enum regtype rtype, const char *type, unsigned line)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE &&
		    strcmp(r->u.reg.name, name) == 0)
			break;
	ck_assert_msg(r != NULL, "no value record \"%s\"", name);
	ck_assert_str_eq(r->u.reg.key, key);
	ck_assert_int_eq(r->u.reg.rtype, rtype);
	ck_assert_str_eq(r->u.reg.type, type);
	ck_assert_uint_eq(r->line, line);
	ck_assert_int_eq(r->u.reg.deleted, 0);
	return (r);
}

/* Parse a file by sniffing and check it went to this collector. */
static struct fleet *
check_reg_query_file(const char *path, const char *enc, struct input **inp)
{
	struct fleet	*f;

	f = tu_read(path, NULL, "regquery", inp);
	ck_assert_str_eq((*inp)->encoding, enc);
	return (f);
}

START_TEST(test_sample_rdp)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = check_reg_query_file(tu_sample(RDP_SAMPLE), "UTF-8", &in);
	tu_assert_lines(in, 3, 1, 2, 0);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 1);
	/* The key keeps the user's mixed-case "System". */
	r = check_reg_query_val(in, "PortNumber", HKLM "System\\"
	    "CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp",
	    REGT_DWORD, "REG_DWORD", 3);
	ck_assert_uint_eq(r->u.reg.num, 3389);
	ck_assert_str_eq(r->text, "    PortNumber    REG_DWORD    0xd3d");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_query_s)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*ifkey = TCPIP "\\Interfaces\\"
			    "{4d36e972-e325-11ce-bfc1-08002be10318}";

	f = check_reg_query_file(tu_fixture(
	    "reg_query/dc01-tcpip-parameters-query-s.txt"), "UTF-8", &in);
	/* 15 values; 6 key lines (3 without values), 7 blanks, End. */
	tu_assert_lines(in, 29, 15, 14, 0);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 15);
	r = check_reg_query_val(in, "NV Hostname", TCPIP, REGT_SZ, "REG_SZ", 3);
	ck_assert_str_eq(r->u.reg.str, "DC01");
	r = check_reg_query_val(in, "DataBasePath", TCPIP, REGT_EXPAND_SZ,
	    "REG_EXPAND_SZ", 4);
	ck_assert_str_eq(r->u.reg.str, "%SystemRoot%\\System32\\drivers\\etc");
	r = check_reg_query_val(in, "MaxUserPort", TCPIP, REGT_DWORD,
	    "REG_DWORD", 5);
	ck_assert_uint_eq(r->u.reg.num, 65534);
	r = check_reg_query_val(in, "ReservedPorts", TCPIP, REGT_MULTI_SZ,
	    "REG_MULTI_SZ", 7);
	ck_assert_int_eq(r->u.reg.nmulti, 3);
	ck_assert_str_eq(r->u.reg.multi[0], "1433-1434");
	ck_assert_str_eq(r->u.reg.multi[1], "3389-3389");
	ck_assert_str_eq(r->u.reg.multi[2], "50000-50002");
	ck_assert_ptr_null(r->u.reg.multi[3]);
	/* Empty REG_SZ: with the separator, and with the line ending. */
	r = check_reg_query_val(in, "SearchList", TCPIP, REGT_SZ, "REG_SZ", 8);
	ck_assert_str_eq(r->u.reg.str, "");
	r = check_reg_query_val(in, "DhcpNameServer", TCPIP, REGT_SZ,
	    "REG_SZ", 10);
	ck_assert_str_eq(r->u.reg.str, "");
	r = check_reg_query_val(in, "IPAddress", ifkey, REGT_MULTI_SZ,
	    "REG_MULTI_SZ", 18);
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_str_eq(r->u.reg.multi[0], "10.0.0.10");
	r = check_reg_query_val(in, "Mapping", TCPIP "\\Winsock", REGT_BINARY,
	    "REG_BINARY", 27);
	ck_assert_str_eq(r->u.reg.str, "0b,00,00,00,03,00,00,00,02,00,00,00,"
	    "01,00,00,00,06,00,00,00");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_dc_queries)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*svc = HKLM "SYSTEM\\CurrentControlSet\\Services\\";
	const char	*agent = HKLM "SOFTWARE\\Contoso\\Agent";
	char		 key[160];

	f = check_reg_query_file(tu_fixture(
	    "reg_query/dc01-fixed-ports-queries.txt"), "UTF-8", &in);
	tu_assert_lines(in, 33, 15, 18, 0);
	snprintf(key, sizeof(key), "%sNTDS\\Parameters", svc);
	r = check_reg_query_val(in, "TCP/IP Port", key, REGT_DWORD,
	    "REG_DWORD", 3);
	ck_assert_uint_eq(r->u.reg.num, 50000);
	r = check_reg_query_val(in, "NSPI interface protocol sequences", key,
	    REGT_MULTI_SZ, "REG_MULTI_SZ", 4);
	ck_assert_str_eq(r->u.reg.multi[0], "ncacn_http:6004");
	snprintf(key, sizeof(key), "%sNetlogon\\Parameters", svc);
	r = check_reg_query_val(in, "DCTcpipPort", key, REGT_DWORD,
	    "REG_DWORD", 9);
	ck_assert_uint_eq(r->u.reg.num, 50001);
	/* (Default) is the unnamed value. */
	r = check_reg_query_val(in, "", key, REGT_SZ, "REG_SZ", 10);
	ck_assert_str_eq(r->u.reg.str, "");
	snprintf(key, sizeof(key), "%sMSExchangeDS\\Parameters", svc);
	r = check_reg_query_val(in, "TCP/IP port", key, REGT_DWORD,
	    "REG_DWORD", 14);
	ck_assert_uint_eq(r->u.reg.num, 1225);
	r = check_reg_query_val(in, "Ports", HKLM "SOFTWARE\\Microsoft\\Rpc\\"
	    "Internet", REGT_MULTI_SZ, "REG_MULTI_SZ", 18);
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[0], "5000-5100");
	ck_assert_str_eq(r->u.reg.multi[1], "6000-6100");
	r = check_reg_query_val(in, "TcpPort", HKLM "SOFTWARE\\Microsoft\\"
	    "Microsoft SQL Server\\MSSQL10_50.MSSQLSERVER\\MSSQLServer\\"
	    "SuperSocketNetLib\\Tcp\\IPAll", REGT_SZ, "REG_SZ", 25);
	ck_assert_str_eq(r->u.reg.str, "1433");
	r = check_reg_query_val(in, "LastRun", agent, REGT_QWORD, "REG_QWORD",
	    29);
	ck_assert_uint_eq(r->u.reg.num, 0x1d9a8b7c6e5f400ULL);
	r = check_reg_query_val(in, "Flags", agent, REGT_NONE, "REG_NONE", 30);
	ck_assert_str_eq(r->u.reg.str, "");
	r = check_reg_query_val(in, "Order", agent, REGT_DWORD_BE,
	    "REG_DWORD_BIG_ENDIAN", 31);
	ck_assert_uint_eq(r->u.reg.num, 8080);
	/* Split on the first type token: the data may hold another. */
	r = check_reg_query_val(in, "Banner", agent, REGT_SZ, "REG_SZ", 32);
	ck_assert_str_eq(r->u.reg.str, "Port  8080    REG_SZ    is the agent");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_xp_tabs)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*ds = HKLM "SYSTEM\\CurrentControlSet\\Services\\"
			    "MSExchangeDS\\Parameters";

	f = check_reg_query_file(tu_fixture(
	    "reg_query/exch55-xp-regexe30-tabs.txt"), "UTF-8", &in);
	/* 7 values; banner, 2 keys, 4 blanks. */
	tu_assert_lines(in, 14, 7, 7, 0);
	r = check_reg_query_val(in, "", ds, REGT_SZ, "REG_SZ", 5);
	ck_assert_str_eq(r->u.reg.str, "");
	r = check_reg_query_val(in, "TCP/IP port", ds, REGT_DWORD,
	    "REG_DWORD", 6);
	ck_assert_uint_eq(r->u.reg.num, 1225);
	r = check_reg_query_val(in, "DSA Drive Mappings", ds, REGT_MULTI_SZ,
	    "REG_MULTI_SZ", 7);
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[0], "C:=C:\\");
	ck_assert_str_eq(r->u.reg.multi[1], "D:=D:\\");
	r = check_reg_query_val(in, "Gateway Proxy", ds, REGT_BINARY,
	    "REG_BINARY", 8);
	ck_assert_str_eq(r->u.reg.str, "00,a1,ff");
	r = check_reg_query_val(in, "MaxUserPort", TCPIP, REGT_DWORD,
	    "REG_DWORD", 11);
	ck_assert_uint_eq(r->u.reg.num, 60000);
	/* XP ends the list with \0\0: no empty strings kept. */
	r = check_reg_query_val(in, "ReservedPorts", TCPIP, REGT_MULTI_SZ,
	    "REG_MULTI_SZ", 12);
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_str_eq(r->u.reg.multi[0], "1200-1210");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_powershell_utf16)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = check_reg_query_file(tu_fixture(
	    "reg_query/rdp-tcp-powershell.utf16le.txt"), "UTF-16LE", &in);
	tu_assert_lines(in, 4, 1, 3, 0);
	r = check_reg_query_val(in, "PortNumber", HKLM "SYSTEM\\"
	    "CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp",
	    REGT_DWORD, "REG_DWORD", 3);
	ck_assert_uint_eq(r->u.reg.num, 3390);
	fleet_free(f);
}
END_TEST

START_TEST(test_doc_rendered_spaces)
{
	static const char text[] =
	    "\n! REG.EXE VERSION 3.0\n\n"
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\n"
	    "    DevicePath  REG_EXPAND_SZ   %SystemRoot%\\inf\n"
	    "    ProgramFilesDir    REG_SZ      C:\\Program Files\n";
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*key = HKLM "SOFTWARE\\Microsoft\\Windows\\"
			    "CurrentVersion";

	f = tu_parse_text(text, sizeof(text) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "regquery");
	tu_assert_lines(in, 6, 2, 4, 0);
	/* Tabs shown as runs of spaces: the data starts after them. */
	r = check_reg_query_val(in, "DevicePath", key, REGT_EXPAND_SZ,
	    "REG_EXPAND_SZ", 5);
	ck_assert_str_eq(r->u.reg.str, "%SystemRoot%\\inf");
	/* Vista's four spaces: more spaces belong to the data. */
	r = check_reg_query_val(in, "ProgramFilesDir", key, REGT_SZ, "REG_SZ",
	    6);
	ck_assert_str_eq(r->u.reg.str, "  C:\\Program Files");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_hostile)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_file(tu_fixture("reg_query/hostile.txt"), "regquery", &in);
	tu_assert_lines(in, 11, 2, 2, 7);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_REG_NO_KEY);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_REG_DWORD);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_REG_DWORD);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_REG_HEX);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_REG_HEX);
	ck_assert_int_eq(tu_unparsed_code(in, 9), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 10), -1);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 7);
	/* An unknown REG_ type is kept as text. */
	r = check_reg_query_val(in, "Weird", HKLM "SOFTWARE\\Contoso",
	    REGT_OTHER, "REG_UNKNOWN_TYPE", 8);
	ck_assert_str_eq(r->u.reg.str, "abc");
	r = check_reg_query_val(in, "Good", HKLM "SOFTWARE\\Contoso",
	    REGT_DWORD, "REG_DWORD", 11);
	ck_assert_uint_eq(r->u.reg.num, 1200);
	ck_assert_uint_eq(in->ndiag, 7);
	fleet_free(f);
}
END_TEST

START_TEST(test_random_bytes)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	unsigned char	*buf;
	size_t		 n = 256 * 1024, hlen, tlen;
	const char	*head = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n";
	const char	*tail = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Y\r\n"
			    "    Last    REG_DWORD    0x2a\r\n";

	hlen = strlen(head);
	tlen = strlen(tail);
	buf = xmalloc(hlen + n + tlen);
	memcpy(buf, head, hlen);
	tu_noise(buf + hlen, n, 987654321);
	memcpy(buf + hlen + n, tail, tlen);
	f = tu_parse_text((char *)buf, hlen + n + tlen, "regquery", &in);
	tu_assert_accounting(in);
	ck_assert_uint_gt(in->lines_unparsed, 500);
	ck_assert_uint_eq(in->lines_unparsed, tu_count(in, REC_UNPARSED));
	r = check_reg_query_val(in, "Last", HKLM "SOFTWARE\\Y", REGT_DWORD,
	    "REG_DWORD", in->lines);
	ck_assert_uint_eq(r->u.reg.num, 42);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_nul_and_long_lines)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	char		*buf, *p;
	size_t		 big = 5 * 1000 * 1000;
	static const char nul[] = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n"
	    "    A    REG_DWORD    0x\0\0" "1\r\n"
	    "    B    REG_DWORD    0x2\r\n";

	f = tu_parse_text(nul, sizeof(nul) - 1, "regquery", &in);
	tu_assert_lines(in, 4, 1, 2, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_REG_DWORD);
	fleet_free(f);

	buf = xmalloc(2 * big + 256);
	p = stpcpy(buf, "\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\n"
	    "    Big    REG_SZ    ");
	memset(p, 'A', big);
	p = stpcpy(p + big, "\n    Bin    REG_BINARY    ");
	memset(p, 'f', big);
	p = stpcpy(p + big, "\n    After    REG_DWORD    0x1\n");
	f = tu_parse_text(buf, p - buf, "regquery", &in);
	/* Lines over 1 MiB reach the collector cut (line-long): the string
	 * is shorter, the hex data an odd number of digits. */
	tu_assert_lines(in, 5, 2, 2, 1);
	r = check_reg_query_val(in, "Big", HKLM "SOFTWARE\\X", REGT_SZ,
	    "REG_SZ", 3);
	ck_assert_uint_eq(strlen(r->u.reg.str), 1024 * 1024 - 21);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_REG_HEX);
	ck_assert_uint_eq(in->ndiag, 3);
	check_reg_query_val(in, "After", HKLM "SOFTWARE\\X", REGT_DWORD,
	    "REG_DWORD", 5);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_sniff)
{
	int	(*sn)(const char *, size_t) = collector_reg_query.sniff;
	const char *s;

	s = "\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\n    a b    REG_DWORD    0x1\n";
	ck_assert_int_eq(sn(s, strlen(s)), 90);
	s = "\r\n! REG.EXE VERSION 3.0\r\n";
	ck_assert_int_eq(sn(s, strlen(s)), 95);
	s = "\r\nHKEY_CURRENT_USER\\Software\\X\r\nHKEY_CURRENT_USER\\Y\r\n";
	ck_assert_int_eq(sn(s, strlen(s)), 40);
	/* .reg files and netstat output are not ours. */
	s = "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n\"a\"=dword:00000001\r\n";
	ck_assert_int_eq(sn(s, strlen(s)), 0);
	s = "\nActive Connections\n\n  Proto  Local Address\n";
	ck_assert_int_eq(sn(s, strlen(s)), 0);
	ck_assert_int_eq(sn("", 0), 0);
	/* Must not read past len. */
	s = "\nHKEY_LOCAL_MACHINE\\X\n    a    REG_DWORD    0x1\n";
	ck_assert_int_eq(sn(s, 25), 40);
}
END_TEST

START_TEST(test_kb_setting)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 found = 0;

	f = tu_parse_file(tu_fixture("reg_query/exch55-xp-regexe30-tabs.txt"),
	    NULL, &in);
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SETTING && r->u.set.port == 1225) {
			ck_assert_uint_eq(r->line, 6);
			found++;
		}
	ck_assert_int_eq(found, 1);
	fleet_free(f);
}
END_TEST

static Suite *
check_reg_query_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("reg_query");
	tc = tcase_create("samples");
	tcase_add_test(tc, test_sample_rdp);
	tcase_add_test(tc, test_fixture_query_s);
	tcase_add_test(tc, test_fixture_dc_queries);
	tcase_add_test(tc, test_fixture_xp_tabs);
	tcase_add_test(tc, test_fixture_powershell_utf16);
	tcase_add_test(tc, test_doc_rendered_spaces);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_kb_setting);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fixture_hostile);
	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_nul_and_long_lines);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_reg_query_suite()));
}
