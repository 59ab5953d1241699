/*
 * Check suite for collectors/reg_export.c: the six real .reg samples
 * (regedit v5 UTF-16LE, UTF-8 with BOM, hand-written short dwords, a junk
 * line, Wine's native system.reg), fixtures for what the samples lack
 * (fixed RPC ports of a DC in UTF-16LE, REGEDIT4 in CP1252, a Wine
 * user.reg, exports indented or without their header line: see
 * tests/fixtures/reg_export/PROVENANCE.md), and hostile input: malformed
 * values, 10,000 continuation lines, continuations left open, random
 * bytes, NULs and huge lines.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define HKLM	"HKEY_LOCAL_MACHINE\\"
#define CCS	HKLM "SYSTEM\\CurrentControlSet\\"
#define PUTTY	"HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\"
#define EXCH55	"reg_export/exchange55-fixed-ports-regedit4-cp1252.reg"

/* The n-th (0-based) value record named name, or NULL. */
static struct record *
check_reg_export_val(struct input *in, const char *name, int n)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE && r->u.reg.name != NULL &&
		    strcmp(r->u.reg.name, name) == 0 && n-- == 0)
			return (r);
	ck_assert_msg(0, "no value record \"%s\"", name);
	return (NULL);
}

/* Check a record's key, type, line and deletion flag. */
static void
check_reg_export_is(const struct record *r, const char *key,
    enum regtype rtype, const char *type, unsigned line)
{
	ck_assert_int_eq(r->kind, REC_REGVALUE);
	ck_assert_str_eq(r->u.reg.key, key);
	ck_assert_int_eq(r->u.reg.rtype, rtype);
	ck_assert_str_eq(r->u.reg.type, type);
	ck_assert_uint_eq(r->line, line);
	ck_assert_int_eq(r->u.reg.deleted, 0);
}

/* Parse a sample by sniffing and check it went to this collector. */
static struct fleet *
check_reg_export_sample(const char *rel, const char *enc, struct input **inp)
{
	struct fleet	*f;

	f = tu_read(tu_sample(rel), NULL, "reg", inp);
	ck_assert_str_eq((*inp)->encoding, enc);
	return (f);
}

START_TEST(test_sample_rpc_internet)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*key = HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet";

	f = check_reg_export_sample(
	    "registry/rpc-internet-ports-5000-5100-vendor-kb.utf16le.reg",
	    "UTF-16LE", &in);
	tu_assert_lines(in, 8, 3, 5, 0);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 3);
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, key, REGT_SZ, "REG_SZ", 4);
	ck_assert_str_eq(r->u.reg.name, "PortsInternetAvailable");
	ck_assert_str_eq(r->u.reg.str, "Y");
	r = tu_nth(in, REC_REGVALUE, 1);
	ck_assert_str_eq(r->u.reg.name, "UseInternetPorts");
	ck_assert_str_eq(r->u.reg.str, "Y");
	/* hex(7) continued over two lines: the record is on the first. */
	r = tu_nth(in, REC_REGVALUE, 2);
	check_reg_export_is(r, key, REGT_MULTI_SZ, "REG_MULTI_SZ", 6);
	ck_assert_str_eq(r->u.reg.name, "Ports");
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_str_eq(r->u.reg.multi[0], "5000-5100");
	ck_assert_ptr_null(r->u.reg.multi[1]);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_putty)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	static const unsigned plines[] = { 24, 235, 446, 657 };
	static const char *const sess[] = { "ldh", "lgr", "shmin.net", "test" };
	char		 key[128];
	int		 i;

	f = check_reg_export_sample(
	    "registry/putty-sessions-hkcu-portnumber.utf16le.reg", "UTF-16LE",
	    &in);
	/* 843 value lines; header, 9 keys, 10 blanks, 2 continuations. */
	tu_assert_lines(in, 865, 843, 22, 0);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 843);
	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), PUTTY "Sessions\\%s", sess[i]);
		r = check_reg_export_val(in, "PortNumber", i);
		check_reg_export_is(r, key, REGT_DWORD, "REG_DWORD", plines[i]);
		ck_assert_uint_eq(r->u.reg.num, 22);
		r = check_reg_export_val(in, "ProxyPort", i);
		ck_assert_uint_eq(r->u.reg.num, 80);
		ck_assert_uint_eq(r->line, plines[i] + 16);
		/* "\\n" is a backslash and an n, not a newline. */
		r = check_reg_export_val(in, "ProxyTelnetCommand", i);
		ck_assert_str_eq(r->u.reg.str, "connect %host %port\\n");
	}
	r = check_reg_export_val(in, "HostName", 0);
	ck_assert_str_eq(r->u.reg.str, "");
	r = check_reg_export_val(in, "HostName", 2);
	ck_assert_str_eq(r->u.reg.str, "54.254.244.141");
	r = check_reg_export_val(in, "LogFileClash", 0);
	ck_assert_uint_eq(r->u.reg.num, 0xffffffffULL);
	r = check_reg_export_val(in, "Recent sessions", 0);
	check_reg_export_is(r, PUTTY "Jumplist", REGT_MULTI_SZ,
	    "REG_MULTI_SZ", 8);
	ck_assert_int_eq(r->u.reg.nmulti, 4);
	ck_assert_str_eq(r->u.reg.multi[0], "shmin.net");
	ck_assert_str_eq(r->u.reg.multi[1], "lgr");
	ck_assert_str_eq(r->u.reg.multi[2], "test");
	ck_assert_str_eq(r->u.reg.multi[3], "ldh");
	r = check_reg_export_val(in, "rsa2@22:shmin.net", 0);
	ck_assert_str_eq(r->u.reg.key, PUTTY "SshHostKeys");
	ck_assert_uint_eq(r->line, 862);
	ck_assert_int_eq(strncmp(r->u.reg.str, "0x10001,0xbacfcb7a", 18), 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_junk_line)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = check_reg_export_sample(
	    "registry/gaming-tweak-network-utf16le-junk-line.reg", "UTF-16LE",
	    &in);
	/* "made by ghostifps" on line 2 is the only unparsed line. */
	tu_assert_lines(in, 54, 21, 32, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 21);
	ck_assert_str_eq(tu_nth(in, REC_UNPARSED, 0)->text,
	    "made by ghostifps");
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, CCS "Services\\Tcpip\\ServiceProvider",
	    REGT_DWORD, "REG_DWORD", 5);
	ck_assert_str_eq(r->u.reg.name, "LocalPriority");
	ck_assert_uint_eq(r->u.reg.num, 4);
	/* The key keeps the file's lowercase "services". */
	r = check_reg_export_val(in, "autodisconnect", 0);
	check_reg_export_is(r, CCS "services\\LanmanServer\\Parameters",
	    REGT_DWORD, "REG_DWORD", 20);
	ck_assert_uint_eq(r->u.reg.num, 0xffffffffULL);
	r = check_reg_export_val(in, "ServiceTypeNetworkControl", 2);
	ck_assert_uint_eq(r->line, 42);
	ck_assert_uint_eq(r->u.reg.num, 7);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_utf8_bom)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = check_reg_export_sample(
	    "registry/lanmanserver-tweak-utf8-bom-crlf.reg", "UTF-8", &in);
	tu_assert_lines(in, 9, 6, 3, 0);
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, CCS "services\\LanmanServer\\Parameters",
	    REGT_DWORD, "REG_DWORD", 4);
	ck_assert_str_eq(r->u.reg.name, "autodisconnect");
	ck_assert_uint_eq(r->u.reg.num, 4294967295ULL);
	r = tu_nth(in, REC_REGVALUE, 3);
	ck_assert_str_eq(r->u.reg.name, "IRPStackSize");
	ck_assert_uint_eq(r->u.reg.num, 32);
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_short_dword)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*key = HKLM "Software\\Adobe\\Acrobat Reader\\8.0\\"
			    "Downtown";

	f = check_reg_export_sample(
	    "registry/wpkg-registryMods-short-dword.reg", "UTF-8", &in);
	tu_assert_lines(in, 12, 7, 5, 0);
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, key, REGT_DWORD, "REG_DWORD", 4);
	ck_assert_str_eq(r->u.reg.name, "bDontShowAtLaunch");
	ck_assert_uint_eq(r->u.reg.num, 1);
	r = tu_nth(in, REC_REGVALUE, 1);
	check_reg_export_is(r, key, REGT_DWORD, "REG_DWORD", 5);
	ck_assert_uint_eq(r->u.reg.num, 0);
	r = tu_nth(in, REC_REGVALUE, 6);
	ck_assert_str_eq(r->u.reg.name, "bBrowserIntegration");
	ck_assert_str_eq(r->u.reg.key,
	    HKLM "SOFTWARE\\Policies\\Adobe\\Acrobat Reader\\8.0\\"
	    "FeatureLockdown");
	fleet_free(f);
}
END_TEST

START_TEST(test_sample_wine_system)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = check_reg_export_sample(
	    "registry/wine-system-reg-v2-head-extracted.reg", "UTF-8", &in);
	/* 15 values; header, ;; comment, 14 keys, 14 #lines, 15 blanks. */
	tu_assert_lines(in, 60, 15, 45, 0);
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, HKLM "Software\\Borland\\Database Engine\\"
	    "Settings\\SYSTEM\\INIT", REGT_SZ, "REG_SZ", 8);
	ck_assert_str_eq(r->u.reg.name, "SHAREDMEMLOCATION");
	ck_assert_str_eq(r->u.reg.str, "9000");
	r = tu_nth(in, REC_REGVALUE, 4);
	check_reg_export_is(r, HKLM "Software\\Classes\\.chm", REGT_SZ,
	    "REG_SZ", 27);
	ck_assert_str_eq(r->u.reg.name, "");
	ck_assert_str_eq(r->u.reg.str, "chm.file");
	r = tu_nth(in, REC_REGVALUE, 14);
	check_reg_export_is(r, HKLM "Software\\Classes\\.gif", REGT_SZ,
	    "REG_SZ", 58);
	ck_assert_str_eq(r->u.reg.name, "Content Type");
	ck_assert_str_eq(r->u.reg.str, "image/gif");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_v5_utf16)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*agent = HKLM "SOFTWARE\\Contoso\\Agent";

	f = tu_read(tu_fixture(
	    "reg_export/dc01-fixed-rpc-ports-v5.utf16le.reg"), NULL, "reg",
	    &in);
	ck_assert_str_eq(in->encoding, "UTF-16LE");
	/* 24 values, a [-KEY]; 9 keys, 6 continuations, 11 blanks, header */
	tu_assert_lines(in, 52, 25, 27, 0);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 25);
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, CCS "Services\\NTDS\\Parameters", REGT_DWORD,
	    "REG_DWORD", 4);
	ck_assert_str_eq(r->u.reg.name, "TCP/IP Port");
	ck_assert_uint_eq(r->u.reg.num, 50000);
	r = check_reg_export_val(in, "NSPI interface protocol sequences", 0);
	check_reg_export_is(r, CCS "Services\\NTDS\\Parameters",
	    REGT_MULTI_SZ, "REG_MULTI_SZ", 5);
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_str_eq(r->u.reg.multi[0], "ncacn_http:6004");
	r = check_reg_export_val(in, "DSA Database file", 0);
	ck_assert_str_eq(r->u.reg.str, "C:\\WINDOWS\\NTDS\\ntds.dit");
	ck_assert_uint_eq(r->line, 7);
	ck_assert_uint_eq(check_reg_export_val(in, "DCTcpipPort", 0)->u.reg.num,
	    50001);
	ck_assert_uint_eq(check_reg_export_val(in,
	    "RPC TCP/IP Port Assignment", 0)->u.reg.num, 50002);
	ck_assert_uint_eq(check_reg_export_val(in, "MaxUserPort", 0)->u.reg.num,
	    65534);
	r = check_reg_export_val(in, "ReservedPorts", 0);
	check_reg_export_is(r, CCS "Services\\Tcpip\\Parameters",
	    REGT_MULTI_SZ, "REG_MULTI_SZ", 23);
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[0], "1433-1434");
	ck_assert_str_eq(r->u.reg.multi[1], "3389-3389");
	/* hex(2) over three lines. */
	r = check_reg_export_val(in, "DataBasePath", 0);
	check_reg_export_is(r, CCS "Services\\Tcpip\\Parameters",
	    REGT_EXPAND_SZ, "REG_EXPAND_SZ", 25);
	ck_assert_str_eq(r->u.reg.str, "%SystemRoot%\\System32\\drivers\\etc");
	r = check_reg_export_val(in, "TcpPort", 0);
	check_reg_export_is(r, HKLM "SOFTWARE\\Microsoft\\MSSQLServer\\"
	    "MSSQLServer\\SuperSocketNetLib\\Tcp", REGT_SZ, "REG_SZ", 30);
	ck_assert_str_eq(r->u.reg.str, "1433");
	ck_assert_str_eq(check_reg_export_val(in, "TcpDynamicPorts", 0)->
	    u.reg.str, "");
	/* @= is the default value, name "". */
	r = check_reg_export_val(in, "", 0);
	check_reg_export_is(r, HKLM "SOFTWARE\\Microsoft\\Microsoft SQL "
	    "Server\\MSSQL.1", REGT_SZ, "REG_SZ", 34);
	ck_assert_str_eq(r->u.reg.str, "MSSQLSERVER");
	r = check_reg_export_val(in, "Endpoints", 0);
	ck_assert_str_eq(r->u.reg.multi[0], "ncacn_ip_tcp,0,5150");
	r = check_reg_export_val(in, "LastRun", 0);
	check_reg_export_is(r, agent, REGT_QWORD, "REG_QWORD", 42);
	ck_assert_uint_eq(r->u.reg.num, 0x01d9a8b7c6e5f400ULL);
	r = check_reg_export_val(in, "Flags", 0);
	check_reg_export_is(r, agent, REGT_BINARY, "REG_BINARY", 43);
	ck_assert_str_eq(r->u.reg.str, "01,00,00,80");
	ck_assert_str_eq(check_reg_export_val(in, "Empty", 0)->u.reg.str, "");
	/* Escaped quotes and '=' in a name, \\ and \" in the data. */
	r = check_reg_export_val(in, "Note \"A=B\"", 0);
	ck_assert_str_eq(r->u.reg.str, "say \"hi\" \\\\server\\share");
	ck_assert_uint_eq(check_reg_export_val(in, "Caf\xc3\xa9 Port", 0)->
	    u.reg.num, 8080);
	/* UTF-16 surrogate pair in hex(7): U+1F600. */
	r = check_reg_export_val(in, "Labels", 0);
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[0], "caf\xc3\xa9");
	ck_assert_str_eq(r->u.reg.multi[1], "\xf0\x9f\x98\x80 port 8080");
	r = check_reg_export_val(in, "Obsolete", 0);
	ck_assert_int_eq(r->u.reg.deleted, 1);
	ck_assert_uint_eq(r->line, 49);
	/* [-KEY]: name NULL, deleted, on line 51. */
	r = tu_nth(in, REC_REGVALUE, 24);
	ck_assert_ptr_null(r->u.reg.name);
	ck_assert_int_eq(r->u.reg.deleted, 1);
	ck_assert_str_eq(r->u.reg.key, HKLM "SOFTWARE\\Contoso\\OldAgent");
	ck_assert_uint_eq(r->line, 51);
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_regedit4_cp1252)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(tu_fixture(EXCH55), NULL, "reg", &in);
	ck_assert_str_eq(in->encoding, "CP1252");
	tu_assert_lines(in, 21, 9, 12, 0);
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, CCS "Services\\MSExchangeDS\\Parameters",
	    REGT_DWORD, "REG_DWORD", 4);
	ck_assert_str_eq(r->u.reg.name, "TCP/IP port");
	ck_assert_uint_eq(r->u.reg.num, 1225);
	ck_assert_uint_eq(check_reg_export_val(in,
	    "TCP/IP port for RPC listens", 0)->u.reg.num, 1227);
	ck_assert_uint_eq(check_reg_export_val(in, "RFC1006 Port Number", 0)->
	    u.reg.num, 102);
	/* Decimal digits after dword: are hex: 0x65534, kept for the KB. */
	r = check_reg_export_val(in, "MaxUserPort", 0);
	ck_assert_uint_eq(r->u.reg.num, 0x65534);
	ck_assert_uint_eq(r->u.reg.num, 415028);
	/* REGEDIT4 hex(7) is ANSI, one byte per character. */
	r = check_reg_export_val(in, "ReservedPorts", 0);
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_str_eq(r->u.reg.multi[0], "1200-1210");
	/* CP1252 text lines were decoded by the core. */
	r = check_reg_export_val(in, "Description", 0);
	ck_assert_str_eq(r->u.reg.str, "Serveur de messagerie \xe2\x80\x93 "
	    "b\xc3\xa2timent \xc3\xa9t\xc3\xa9");
	/* ...and CP1252 bytes inside hex(2)/hex(7) by the collector. */
	r = check_reg_export_val(in, "Commentaire", 0);
	check_reg_export_is(r, HKLM "SOFTWARE\\Contoso\\Messagerie",
	    REGT_EXPAND_SZ, "REG_EXPAND_SZ", 19);
	ck_assert_str_eq(r->u.reg.str, "R\xc3\xa9serv\xc3\xa9 \xe2\x82\xac");
	r = check_reg_export_val(in, "Sites", 0);
	ck_assert_int_eq(r->u.reg.nmulti, 3);
	ck_assert_str_eq(r->u.reg.multi[0], "Paris");
	ck_assert_str_eq(r->u.reg.multi[1], "Lyon");
	ck_assert_str_eq(r->u.reg.multi[2], "M\xc3\xa9rignac");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_wine_user)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*key = "HKEY_USERS\\S-1-5-21-1004336348-1177238915-"
			    "682003330-1000\\Software\\Contoso\\Agent";

	f = tu_read(tu_fixture("reg_export/wine-user-reg-v2.reg"), NULL, "reg",
	    &in);
	/* 8 values; header, ;;, #arch, 2 keys, 2 #time, 3 blanks, 1 cont. */
	tu_assert_lines(in, 19, 8, 11, 0);
	r = tu_nth(in, REC_REGVALUE, 0);
	check_reg_export_is(r, key, REGT_DWORD, "REG_DWORD", 8);
	ck_assert_uint_eq(r->u.reg.num, 8080);
	r = tu_nth(in, REC_REGVALUE, 1);
	check_reg_export_is(r, key, REGT_EXPAND_SZ, "REG_EXPAND_SZ", 9);
	ck_assert_str_eq(r->u.reg.str, "%ProgramFiles%\\Contoso\\agent.exe");
	r = tu_nth(in, REC_REGVALUE, 2);
	check_reg_export_is(r, key, REGT_MULTI_SZ, "REG_MULTI_SZ", 10);
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[0], "alpha");
	ck_assert_str_eq(r->u.reg.multi[1], "beta");
	/* \xe9 and \x00e9 escapes, \" and \t. */
	r = tu_nth(in, REC_REGVALUE, 3);
	ck_assert_str_eq(r->u.reg.name, "Caf\xc3\xa9");
	ck_assert_str_eq(r->u.reg.str,
	    "R\xc3\xa9" "activ\xc3\xa9 \"quoted\"\ttab");
	r = tu_nth(in, REC_REGVALUE, 4);
	check_reg_export_is(r, key, REGT_MULTI_SZ, "REG_MULTI_SZ", 12);
	ck_assert_str_eq(r->u.reg.multi[0], "5000-5100");
	r = tu_nth(in, REC_REGVALUE, 5);
	ck_assert_str_eq(r->u.reg.name, "");
	ck_assert_str_eq(r->u.reg.str, "default");
	/* \] in a key name; a surrogate pair as two \x escapes. */
	r = tu_nth(in, REC_REGVALUE, 6);
	ck_assert_str_eq(r->u.reg.key, "HKEY_USERS\\S-1-5-21-1004336348-"
	    "1177238915-682003330-1000\\Software\\Contoso\\Odd]Key");
	ck_assert_str_eq(r->u.reg.str, "\xf0\x9f\x98\x80 ok");
	ck_assert_str_eq(tu_nth(in, REC_REGVALUE, 7)->u.reg.str, "a\001b");
	fleet_free(f);
}
END_TEST

START_TEST(test_fixture_hostile)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	unsigned long	 ndiag;

	f = tu_read(tu_fixture("reg_export/hostile.reg"), NULL, "reg", &in);
	tu_assert_lines(in, 25, 6, 4, 15);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_REG_NO_KEY);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_REG_DWORD);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_REG_DWORD);
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_REG_DWORD);
	ck_assert_int_eq(tu_unparsed_code(in, 9), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 11), DIAG_REG_HEX);
	ck_assert_int_eq(tu_unparsed_code(in, 12), DIAG_REG_HEX);
	ck_assert_int_eq(tu_unparsed_code(in, 14), DIAG_REG_HEX);
	ck_assert_int_eq(tu_unparsed_code(in, 17), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 18), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 19), DIAG_REG_NO_KEY);
	ck_assert_int_eq(tu_unparsed_code(in, 20), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 22), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_unparsed_code(in, 23), DIAG_REG_SYNTAX);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 15);
	/* hex(7) with an odd byte count: kept, last byte ignored, warned. */
	r = check_reg_export_val(in, "Odd", 0);
	ck_assert_uint_eq(r->line, 10);
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_str_eq(r->u.reg.multi[0], "50");
	/* Dropped values keep their line but carry no data. */
	r = check_reg_export_val(in, "Broken", 0);
	ck_assert_uint_eq(r->line, 13);
	ck_assert_int_eq(r->u.reg.nmulti, 0);
	r = check_reg_export_val(in, "Interrupted", 0);
	ck_assert_ptr_null(r->u.reg.str);
	/* The line that interrupted it is a value of its own. */
	r = check_reg_export_val(in, "Next", 0);
	ck_assert_uint_eq(r->line, 16);
	ck_assert_uint_eq(r->u.reg.num, 2);
	r = check_reg_export_val(in, "Short", 0);
	ck_assert_uint_eq(r->u.reg.num, 0x0201);
	r = check_reg_export_val(in, "Ok", 0);
	ck_assert_str_eq(r->u.reg.key, HKLM "SOFTWARE\\Contoso");
	ck_assert_uint_eq(r->line, 25);
	/* 15 unparsed lines plus odd, interrupted and short warnings. */
	ndiag = in->ndiag;
	ck_assert_uint_eq(ndiag, 18);
	fleet_free(f);
}
END_TEST

START_TEST(test_continuation_10000)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	char		*buf, *p;
	size_t		 i, n = 10000;
	const char	*hdr = "Windows Registry Editor Version 5.00\r\n\r\n"
			    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso]\r\n"
			    "\"Ports\"=hex(7):\\\r\n";
	const char	*line = "  31,00,32,00,\\\r\n";
	const char	*tail = "  00,00,00,00\r\n\"After\"=dword:00000001\r\n";

	buf = xmalloc(strlen(hdr) + n * strlen(line) + strlen(tail) + 1);
	p = stpcpy(buf, hdr);
	for (i = 0; i < n; i++)
		p = stpcpy(p, line);
	p = stpcpy(p, tail);
	f = tu_parse_text(buf, p - buf, "reg", &in);
	/* header, blank, key, value, 10,000 + 1 continuations, After. */
	tu_assert_lines(in, 10006, 2, 10004, 0);
	r = check_reg_export_val(in, "Ports", 0);
	ck_assert_uint_eq(r->line, 4);
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_uint_eq(strlen(r->u.reg.multi[0]), 2 * n);
	ck_assert_int_eq(strncmp(r->u.reg.multi[0], "121212", 6), 0);
	ck_assert_uint_eq(check_reg_export_val(in, "After", 0)->line, 10006);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_continuation_blank_comment_eof)
{
	static const char text[] =
	    "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n"
	    "\"A\"=hex:01,\\\n"
	    "\n"
	    "; a comment inside the data\n"
	    "  02,03\n"
	    "\"B\"=hex:0a,0b,\\\n"
	    "  0c,\\\n";
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_text(text, sizeof(text) - 1, "reg", &in);
	/* Blank and comment lines inside a continuation are skipped. */
	tu_assert_lines(in, 9, 2, 7, 0);
	r = check_reg_export_val(in, "A", 0);
	ck_assert_uint_eq(r->line, 4);
	ck_assert_str_eq(r->u.reg.str, "01,02,03");
	/* Still open at the end of the file: kept, with a warning. */
	r = check_reg_export_val(in, "B", 0);
	ck_assert_uint_eq(r->line, 8);
	ck_assert_str_eq(r->u.reg.str, "0a,0b,0c");
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_eof_single_line_continuation)
{
	static const char text[] =
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n\"C\"=hex(b):01,00,\\";
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_text(text, sizeof(text) - 1, "reg", &in);
	tu_assert_lines(in, 4, 1, 3, 0);
	r = check_reg_export_val(in, "C", 0);
	ck_assert_int_eq(r->u.reg.rtype, REGT_QWORD);
	ck_assert_uint_eq(r->u.reg.num, 1);
	/* continuation at EOF, and only 2 of 8 QWORD bytes */
	ck_assert_uint_eq(in->ndiag, 2);
	fleet_free(f);
}
END_TEST

START_TEST(test_odd_types)
{
	static const char text[] =
	    "Windows Registry Editor Version 5.00\n\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n"
	    "\"None\"=hex(0):\n"
	    "\"Dw\"=hex(4):b0,04,00,00\n"
	    "\"Be\"=hex(5):00,00,04,b0\n"
	    "\"Rl\"=hex(8):01,02\n"
	    "\"Big\"=hex(1a2b):ff\n"
	    "\"Port\"=dword:0001869F\n"
	    "  \"Indented\" = dword:00000001 ; comment\n";
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_text(text, sizeof(text) - 1, "reg", &in);
	tu_assert_lines(in, 10, 7, 3, 0);
	r = check_reg_export_val(in, "None", 0);
	ck_assert_int_eq(r->u.reg.rtype, REGT_NONE);
	ck_assert_str_eq(r->u.reg.type, "REG_NONE");
	ck_assert_str_eq(r->u.reg.str, "");
	r = check_reg_export_val(in, "Dw", 0);
	ck_assert_str_eq(r->u.reg.type, "REG_DWORD");
	ck_assert_uint_eq(r->u.reg.num, 1200);
	r = check_reg_export_val(in, "Be", 0);
	ck_assert_int_eq(r->u.reg.rtype, REGT_DWORD_BE);
	ck_assert_str_eq(r->u.reg.type, "hex(5)");
	ck_assert_uint_eq(r->u.reg.num, 1200);
	r = check_reg_export_val(in, "Rl", 0);
	ck_assert_int_eq(r->u.reg.rtype, REGT_RESOURCE_LIST);
	ck_assert_str_eq(r->u.reg.type, "hex(8)");
	ck_assert_str_eq(r->u.reg.str, "01,02");
	r = check_reg_export_val(in, "Big", 0);
	ck_assert_int_eq(r->u.reg.rtype, REGT_OTHER);
	ck_assert_str_eq(r->u.reg.type, "hex(1a2b)");
	/* Out-of-range port 99999 is a valid dword: the KB judges it. */
	ck_assert_uint_eq(check_reg_export_val(in, "Port", 0)->u.reg.num,
	    99999);
	ck_assert_uint_eq(check_reg_export_val(in, "Indented", 0)->u.reg.num,
	    1);
	fleet_free(f);
}
END_TEST

START_TEST(test_random_bytes)
{
	struct fleet	*f;
	struct input	*in;
	unsigned char	*buf;
	size_t		 n = 256 * 1024, hlen;
	const char	*head = "Windows Registry Editor Version 5.00\r\n\r\n"
			    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n";
	const char	*tail = "\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Y]\r\n"
			    "\"Last\"=dword:0000002a\r\n";

	hlen = strlen(head);
	buf = xmalloc(hlen + n + strlen(tail));
	memcpy(buf, head, hlen);
	tu_noise(buf + hlen, n, 12345);
	memcpy(buf + hlen + n, tail, strlen(tail));
	f = tu_parse_text((char *)buf, hlen + n + strlen(tail), "reg", &in);
	tu_assert_accounting(in);
	ck_assert_uint_gt(in->lines, 500);
	ck_assert_uint_gt(in->lines_unparsed, 500);
	ck_assert_uint_eq(in->lines_unparsed, tu_count(in, REC_UNPARSED));
	/* The rest of the file is still read. */
	ck_assert_uint_eq(check_reg_export_val(in, "Last", 0)->u.reg.num, 42);
	ck_assert_str_eq(check_reg_export_val(in, "Last", 0)->u.reg.key,
	    HKLM "SOFTWARE\\Y");
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char text[] =
	    "REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n"
	    "\"A\"=dword:0000\0\0\0" "1\r\n"
	    "\"B\"=dword:00000002\r\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(text, sizeof(text) - 1, "reg", &in);
	tu_assert_lines(in, 5, 1, 3, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_REG_DWORD);
	ck_assert_uint_eq(check_reg_export_val(in, "B", 0)->u.reg.num, 2);
	fleet_free(f);
}
END_TEST

START_TEST(test_long_lines)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	char		*buf, *p;
	size_t		 i, big = 5 * 1000 * 1000, nbin = 1000 * 1000;

	buf = xmalloc(big + 3 * nbin + 256);
	p = stpcpy(buf, "REGEDIT4\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n"
	    "\"Big\"=\"");
	memset(p, 'A', big);
	p = stpcpy(p + big, "\"\n\"Bin\"=hex:");
	for (i = 0; i < nbin; i++)
		p = stpcpy(p, i + 1 < nbin ? "7f," : "7f");
	p = stpcpy(p, "\n\"After\"=dword:00000001\n");
	f = tu_parse_text(buf, p - buf, "reg", &in);
	/* Lines over 1 MiB reach the collector cut (line-long): the string
	 * loses its closing quote, the hex list its tail. */
	tu_assert_lines(in, 5, 2, 2, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_REG_SYNTAX);
	r = check_reg_export_val(in, "Bin", 0);
	ck_assert_uint_eq(strlen(r->u.reg.str), 1024 * 1024 - 11);
	ck_assert_uint_eq(in->ndiag, 3);
	ck_assert_uint_eq(check_reg_export_val(in, "After", 0)->line, 5);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_sniff)
{
	static const char v5w[] = "\xff\xfeW\0i\0n\0d\0o\0w\0s\0 \0R\0e\0g\0"
	    "i\0s\0t\0r\0y\0 \0E\0d\0i\0t\0o\0r\0 \0V\0e\0r\0s\0i\0o\0n\0 \0"
	    "5\0.\0\x30\0\x30\0\r\0\n\0";
	static const char v5wt[] = "\xff\xfe\t\0 \0R\0E\0G\0E\0D\0I\0T\0"
	    "4\0\r\0\n\0";
	int	(*sn)(const char *, size_t) = collector_reg_export.sniff;
	const char *s;

	s = "Windows Registry Editor Version 5.00\r\n\r\n";
	ck_assert_int_eq(sn(s, strlen(s)), 100);
	s = "\xef\xbb\xbfREGEDIT4\r\n";
	ck_assert_int_eq(sn(s, strlen(s)), 100);
	s = "WINE REGISTRY Version 2\n;; All keys relative to \\\\Machine\n";
	ck_assert_int_eq(sn(s, strlen(s)), 100);
	ck_assert_int_eq(sn(v5w, sizeof(v5w) - 1), 100);
	s = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\"a\"=dword:00000001\n";
	ck_assert_int_eq(sn(s, strlen(s)), 85);
	s = "; no header\n[-HKEY_CURRENT_USER\\Software\\Old]\n";
	ck_assert_int_eq(sn(s, strlen(s)), 70);
	/* indented, as pasted from a document, or after blank lines */
	s = "\tWindows Registry Editor Version 5.00\r\n\r\n";
	ck_assert_int_eq(sn(s, strlen(s)), 100);
	s = "\r\n  \r\n    REGEDIT4\n";
	ck_assert_int_eq(sn(s, strlen(s)), 100);
	s = "\t[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\t\"a\"=dword:00000001\n";
	ck_assert_int_eq(sn(s, strlen(s)), 85);
	s = "  [-HKEY_CURRENT_USER\\Software\\Old]\n";
	ck_assert_int_eq(sn(s, strlen(s)), 70);
	ck_assert_int_eq(sn(v5wt, sizeof(v5wt) - 1), 100);
	/* a line of blanks alone is nothing */
	ck_assert_int_eq(sn(" \t \r\n", 5), 0);
	/* reg query output, netstat and an empty buffer are not ours. */
	s = "\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\n    a    REG_DWORD    0x1\n";
	ck_assert_int_eq(sn(s, strlen(s)), 0);
	s = "\nActive Connections\n\n  Proto  Local Address\n";
	ck_assert_int_eq(sn(s, strlen(s)), 0);
	ck_assert_int_eq(sn("", 0), 0);
	/* Must not read past len. */
	ck_assert_int_eq(sn("REGEDIT4", 7), 0);
	ck_assert_int_eq(sn("[HKEY_", 3), 0);
}
END_TEST

START_TEST(test_kb_setting)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 found = 0;

	f = tu_parse_file(tu_fixture(EXCH55), NULL, &in);
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SETTING && r->u.set.port == 1225) {
			ck_assert_uint_eq(r->line, 4);
			ck_assert_int_eq(r->u.set.proto, PROTO_TCP);
			found++;
		}
	ck_assert_int_eq(found, 1);
	fleet_free(f);
}
END_TEST

/* What portaudit inspect prints on standard error for a file. */
static char *
check_reg_export_stderr(const char *path, const char *type)
{
	return (tu_output("./portaudit inspect %s%s '%s' 2>&1 >/dev/null",
	    type == NULL ? "" : "--type ", type == NULL ? "" : type, path));
}

/* A fixture sniffed as reg among every collector, and read. */
static struct fleet *
check_reg_export_sniffed(const char *rel, struct input **inp)
{
	char	*buf;
	size_t	 len;

	buf = tu_slurp(tu_fixture(rel), &len);
	ck_assert_msg(collector_sniff(buf, len, NULL) == &collector_reg_export,
	    "%s not sniffed as reg", rel);
	free(buf);
	return (tu_read(tu_fixture(rel), NULL, "reg", inp));
}

/* The DC01 values of the dc01-*.reg fixtures, lines counted from first. */
static void
check_reg_export_dc01(struct input *in, unsigned first, int rpc)
{
	struct record	*r;

	r = check_reg_export_val(in, "TCP/IP Port", 0);
	check_reg_export_is(r, CCS "Services\\NTDS\\Parameters", REGT_DWORD,
	    "REG_DWORD", first);
	ck_assert_uint_eq(r->u.reg.num, 50000);
	r = check_reg_export_val(in, "DCTcpipPort", 0);
	check_reg_export_is(r, CCS "Services\\Netlogon\\Parameters",
	    REGT_DWORD, "REG_DWORD", first + 3);
	ck_assert_uint_eq(r->u.reg.num, 50001);
	if (!rpc)
		return;
	/* hex(7) continued on an indented line */
	r = check_reg_export_val(in, "Ports", 0);
	check_reg_export_is(r, HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet",
	    REGT_MULTI_SZ, "REG_MULTI_SZ", first + 6);
	ck_assert_int_eq(r->u.reg.nmulti, 1);
	ck_assert_str_eq(r->u.reg.multi[0], "5000-5100");
	r = check_reg_export_val(in, "UseInternetPorts", 0);
	check_reg_export_is(r, HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet",
	    REGT_SZ, "REG_SZ", first + 9);
	ck_assert_str_eq(r->u.reg.str, "Y");
}

/* Every line indented by a tab, as pasted from a document. */
START_TEST(test_indented_tab_v5)
{
	struct fleet	*f;
	struct input	*in;
	char		*err;

	f = check_reg_export_sniffed("reg_export/dc01-indented-tab-v5.reg",
	    &in);
	tu_assert_lines(in, 14, 5, 9, 0);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 5);
	check_reg_export_dc01(in, 4, 1);
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
	err = check_reg_export_stderr(
	    tu_fixture("reg_export/dc01-indented-tab-v5.reg"), NULL);
	ck_assert_str_eq(err, "");
	free(err);
}
END_TEST

/* Every line indented by four blanks, REGEDIT4, LF line ends. */
START_TEST(test_indented_blanks_regedit4)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	const char	*sa = CCS "Services\\MSExchangeSA\\Parameters";

	f = check_reg_export_sniffed(
	    "reg_export/exchange-indented-blanks-regedit4.reg", &in);
	tu_assert_lines(in, 12, 4, 8, 0);
	r = check_reg_export_val(in, "TCP/IP port", 0);
	check_reg_export_is(r, CCS "Services\\MSExchangeDS\\Parameters",
	    REGT_DWORD, "REG_DWORD", 4);
	ck_assert_uint_eq(r->u.reg.num, 1225);
	r = check_reg_export_val(in, "TCP/IP NSPI Port", 0);
	check_reg_export_is(r, sa, REGT_DWORD, "REG_DWORD", 7);
	ck_assert_uint_eq(r->u.reg.num, 1226);
	r = check_reg_export_val(in, "TCP/IP Port", 0);
	check_reg_export_is(r, sa, REGT_DWORD, "REG_DWORD", 8);
	ck_assert_uint_eq(r->u.reg.num, 1227);
	/* REGEDIT4: hex(7) strings are ANSI */
	r = check_reg_export_val(in, "ReservedPorts", 0);
	check_reg_export_is(r, CCS "Services\\Tcpip\\Parameters",
	    REGT_MULTI_SZ, "REG_MULTI_SZ", 11);
	ck_assert_str_eq(r->u.reg.multi[0], "1200-1210");
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

/* The warning of a file without header: on line 1, once. */
static void
check_reg_export_noheader(const char *path, const char *type,
    unsigned first)
{
	char	*err, want[4096];

	err = check_reg_export_stderr(path, type);
	snprintf(want, sizeof(want), "portaudit: %s:1: warning: registry "
	    "export has no header line: no REGEDIT4 or \"Windows Registry "
	    "Editor Version 5.00\" line before line %u; regedit would refuse "
	    "the file, read all the same\n", path, first);
	ck_assert_str_eq(err, want);
	free(err);
}

/* A v5 export whose first line was lost: read, with a warning. */
START_TEST(test_no_header_v5)
{
	struct fleet	*f;
	struct input	*in;
	const char	*path = tu_fixture("reg_export/dc01-no-header-v5.reg");

	f = check_reg_export_sniffed("reg_export/dc01-no-header-v5.reg", &in);
	tu_assert_lines(in, 13, 5, 8, 0);
	check_reg_export_dc01(in, 3, 1);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	check_reg_export_noheader(path, NULL, 2);
	check_reg_export_noheader(path, "reg", 2);
}
END_TEST

/* A comment and indented keys, no header: sniffed, read, warned. */
START_TEST(test_no_header_comment_indented)
{
	struct fleet	*f;
	struct input	*in;
	const char	*path;

	path = tu_fixture("reg_export/dc01-no-header-comment-indented.reg");
	f = check_reg_export_sniffed(
	    "reg_export/dc01-no-header-comment-indented.reg", &in);
	tu_assert_lines(in, 7, 2, 5, 0);
	check_reg_export_dc01(in, 3, 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	check_reg_export_noheader(path, NULL, 2);
}
END_TEST

/* A header after the first key does not count; a value first warns too. */
START_TEST(test_header_late)
{
	static const char late[] =
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n"
	    "\"a\"=dword:00000001\r\n"
	    "Windows Registry Editor Version 5.00\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Y]\r\n";
	static const char value_first[] =
	    "\r\n\"a\"=dword:00000001\r\n";
	static const char blank_first[] =
	    "\r\n\r\nREGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(late, sizeof(late) - 1, "reg", &in);
	tu_assert_lines(in, 4, 1, 3, 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	f = tu_read_text(value_first, sizeof(value_first) - 1, "reg", &in);
	/* a value before any key: reg-no-key as well */
	ck_assert_uint_eq(in->ndiag, 2);
	fleet_free(f);
	/* blank lines before the header: as before, no warning */
	f = tu_read_text(blank_first, sizeof(blank_first) - 1, "reg", &in);
	tu_assert_lines(in, 4, 0, 4, 0);
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

static Suite *
check_reg_export_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("reg_export");
	tc = tcase_create("samples");
	tcase_add_test(tc, test_sample_rpc_internet);
	tcase_add_test(tc, test_sample_putty);
	tcase_add_test(tc, test_sample_junk_line);
	tcase_add_test(tc, test_sample_utf8_bom);
	tcase_add_test(tc, test_sample_short_dword);
	tcase_add_test(tc, test_sample_wine_system);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_fixture_v5_utf16);
	tcase_add_test(tc, test_fixture_regedit4_cp1252);
	tcase_add_test(tc, test_fixture_wine_user);
	tcase_add_test(tc, test_odd_types);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_kb_setting);
	tcase_add_test(tc, test_indented_tab_v5);
	tcase_add_test(tc, test_indented_blanks_regedit4);
	tcase_add_test(tc, test_no_header_v5);
	tcase_add_test(tc, test_no_header_comment_indented);
	tcase_add_test(tc, test_header_late);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fixture_hostile);
	tcase_add_test(tc, test_continuation_10000);
	tcase_add_test(tc, test_continuation_blank_comment_eof);
	tcase_add_test(tc, test_eof_single_line_continuation);
	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_long_lines);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_reg_export_suite()));
}
