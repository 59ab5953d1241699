/*
 * Check suite for collectors/reg_hive.c: binary hives built from the .reg
 * sources in tests/fixtures/reg_hive by make-hives.sh (no real hive is among
 * the shared samples): a SYSTEM hive (Select, two control sets, every value
 * type), a SOFTWARE hive (RPC pool, SQL Server, DCOM), a user hive whose
 * PuTTY PortNumber must stay a plain value, a hive of another kind, and
 * hostile ones: a subkey loop, keys 520 levels deep, a truncated file, a
 * bad header checksum, and a few hundred randomly damaged copies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define SYS	"HKEY_LOCAL_MACHINE\\SYSTEM\\"
#define CCS	SYS "CurrentControlSet\\"
#define SW	"HKEY_LOCAL_MACHINE\\SOFTWARE\\"
#define SQLTCP	SW "Microsoft\\Microsoft SQL Server\\MSSQL10.SQLEXPRESS\\" \
		"MSSQLServer\\SuperSocketNetLib\\Tcp\\"

/* The value record key\name, or a failed test. */
static struct record *
check_reg_hive_val(struct input *in, const char *key, const char *name)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE && strcmp(r->u.reg.key, key) == 0 &&
		    strcmp(r->u.reg.name, name) == 0)
			return (r);
	ck_assert_msg(0, "no value %s\\%s", key, name);
	return (NULL);
}

/* The n-th setting record with this key and name, or NULL. */
static struct record *
check_reg_hive_set(struct input *in, const char *key, const char *name, int n)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SETTING && strcmp(r->u.set.key, key) == 0 &&
		    strcmp(r->u.set.name, name) == 0 && n-- == 0)
			return (r);
	return (NULL);
}

/* Whole-file facts every readable hive shares. */
static void
check_reg_hive_ok(struct input *in, int values, int settings, int ranges,
    unsigned long ndiag)
{
	ck_assert_ptr_eq(in->coll, &collector_reg_hive);
	ck_assert_int_eq(in->status, INPUT_OK);
	ck_assert_str_eq(in->encoding, "binary");
	ck_assert_uint_eq(in->lines, 0);
	tu_assert_accounting(in);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), values);
	ck_assert_int_eq(tu_count(in, REC_SETTING), settings);
	ck_assert_int_eq(tu_count(in, REC_RANGE), ranges);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 0);
	ck_assert_uint_eq(in->records, (unsigned long)(values + settings +
	    ranges));
	ck_assert_uint_eq(in->ndiag, ndiag);
}

static void
check_reg_hive_bad(const char *fixture)
{
	struct input	*in;
	struct fleet	*f;

	f = tu_parse_file(tu_fixture(fixture), NULL, &in);
	ck_assert_ptr_eq(in->coll, &collector_reg_hive);
	ck_assert_int_eq(in->status, INPUT_UNREADABLE);
	ck_assert_uint_eq(in->records, 0);
	ck_assert_ptr_null(in->first);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
}

static void
check_reg_hive_write(const char *path, const void *buf, size_t len)
{
	FILE	*fp;

	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(buf, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(test_sniff)
{
	const struct collector	*c = &collector_reg_hive;

	ck_assert_int_eq(c->sniff("regf\1\0\0\0", 8), 100);
	ck_assert_int_eq(c->sniff("regf", 4), 100);
	ck_assert_int_eq(c->sniff("reg", 3), 0);
	ck_assert_int_eq(c->sniff("regx\0\0\0\0", 8), 0);
	ck_assert_int_eq(c->sniff("", 0), 0);
	ck_assert_int_eq(c->sniff("Windows Registry Editor Version 5.00\r\n",
	    38), 0);
	ck_assert_int_eq(c->sniff("REGEDIT4\r\n", 10), 0);
	ck_assert_int_eq(c->binary, 1);
	ck_assert_str_eq(c->name, "hive");
	ck_assert_str_eq(c->family, "registry");
	ck_assert_ptr_null(c->legacy);
}
END_TEST

START_TEST(test_system_counts)
{
	struct input	*in;
	struct fleet	*f;

	/* 21 values (system.reg); settings: RDP, Netlogon, NTDS port and
	 * NSPI sequence, ControlSet002's NTDS port; ranges: MaxUserPort and
	 * two ReservedPorts entries, each for tcp and udp. */
	f = tu_parse_file(tu_fixture("reg_hive/system.hive"), NULL, &in);
	check_reg_hive_ok(in, 21, 5, 6, 0);
	fleet_free(f);
	/* The family name and the format name force the same collector. */
	f = tu_parse_file(tu_fixture("reg_hive/system.hive"), "registry", &in);
	check_reg_hive_ok(in, 21, 5, 6, 0);
	fleet_free(f);
	f = tu_parse_file(tu_fixture("reg_hive/system.hive"), "hive", &in);
	check_reg_hive_ok(in, 21, 5, 6, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_system_types)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = tu_parse_file(tu_fixture("reg_hive/system.hive"), NULL, &in);
	/* The default value has the empty name. */
	r = check_reg_hive_val(in, CCS "Control\\ComputerName\\ComputerName",
	    "");
	ck_assert_int_eq(r->u.reg.rtype, REGT_SZ);
	ck_assert_str_eq(r->u.reg.type, "REG_SZ");
	ck_assert_str_eq(r->u.reg.str, "mnmsrvc");
	ck_assert_str_eq(r->text, CCS "Control\\ComputerName\\ComputerName\\");
	ck_assert_uint_eq(r->line, 0);
	ck_assert_int_eq(r->u.reg.deleted, 0);
	/* Latin-1 (compressed) and UTF-16 key names arrive as UTF-8. */
	r = check_reg_hive_val(in, CCS "Control\\Print\\Printers\\"
	    "Drucker B\xc3\xbcro", "Port");
	ck_assert_str_eq(r->u.reg.str, "LPT1:");
	r = check_reg_hive_val(in, CCS "Control\\Print\\Printers\\"
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xbd\xd1\x82\xd0\xb5\xd1\x80", "Port");
	ck_assert_str_eq(r->u.reg.str, "LPT2:");
	r = check_reg_hive_val(in, CCS "Services\\NTDS", "ImagePath");
	ck_assert_int_eq(r->u.reg.rtype, REGT_EXPAND_SZ);
	ck_assert_str_eq(r->u.reg.type, "REG_EXPAND_SZ");
	ck_assert_str_eq(r->u.reg.str, "%SystemRoot%\\System32\\lsass.exe");
	r = check_reg_hive_val(in, CCS "Services\\NTDS\\Parameters",
	    "DSA Database file");
	ck_assert_str_eq(r->u.reg.str, "C:\\Windows\\NTDS\\ntds.dit");
	r = check_reg_hive_val(in, CCS "Services\\Tcpip\\Parameters",
	    "ReservedPorts");
	ck_assert_int_eq(r->u.reg.rtype, REGT_MULTI_SZ);
	ck_assert_str_eq(r->u.reg.type, "REG_MULTI_SZ");
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[0], "1433-1434");
	ck_assert_str_eq(r->u.reg.multi[1], "3389-3389");
	r = check_reg_hive_val(in, CCS "Services\\Tcpip\\Parameters",
	    "Dhcpv6DUID");
	ck_assert_int_eq(r->u.reg.rtype, REGT_BINARY);
	ck_assert_str_eq(r->u.reg.type, "REG_BINARY");
	ck_assert_str_eq(r->u.reg.str,
	    "00,01,00,01,2c,f3,a1,10,00,15,5d,01,02,03");
	r = check_reg_hive_val(in, CCS "Services\\Tcpip\\Parameters",
	    "MaxUserPort");
	ck_assert_int_eq(r->u.reg.rtype, REGT_DWORD);
	ck_assert_str_eq(r->u.reg.type, "REG_DWORD");
	ck_assert_uint_eq(r->u.reg.num, 65534);
	r = check_reg_hive_val(in, CCS "Services\\W32Time\\Config",
	    "LastKnownGoodTime");
	ck_assert_int_eq(r->u.reg.rtype, REGT_QWORD);
	ck_assert_str_eq(r->u.reg.type, "REG_QWORD");
	ck_assert_uint_eq(r->u.reg.num, 0x01da3bf08c3e4000ULL);
	r = check_reg_hive_val(in, SYS "Select", "Current");
	ck_assert_uint_eq(r->u.reg.num, 1);
	ck_assert_str_eq(r->text, SYS "Select\\Current");
	fleet_free(f);
}
END_TEST

START_TEST(test_system_controlsets)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = tu_parse_file(tu_fixture("reg_hive/system.hive"), NULL, &in);
	/* Select\Current = 1: ControlSet001 reads as CurrentControlSet. */
	r = check_reg_hive_val(in, CCS "Services\\NTDS\\Parameters",
	    "TCP/IP Port");
	ck_assert_uint_eq(r->u.reg.num, 50000);
	r = check_reg_hive_val(in, SYS "ControlSet002\\Services\\NTDS\\"
	    "Parameters", "TCP/IP Port");
	ck_assert_uint_eq(r->u.reg.num, 49999);
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE)
			ck_assert_ptr_null(strstr(r->u.reg.key,
			    "ControlSet001"));
	/* Both control sets feed the knowledge base. */
	r = check_reg_hive_set(in, CCS "Services\\NTDS\\Parameters",
	    "TCP/IP Port", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 50000);
	ck_assert_int_eq(r->u.set.proto, PROTO_TCP);
	ck_assert_str_eq(r->u.set.service, "NTDS");
	ck_assert_str_eq(r->u.set.owner, "lsass.exe");
	ck_assert_str_eq(r->u.set.type, "REG_DWORD");
	ck_assert_str_eq(r->u.set.raw, "0xc350");
	ck_assert_uint_eq(r->line, 0);
	ck_assert_str_eq(r->text, CCS "Services\\NTDS\\Parameters\\"
	    "TCP/IP Port");
	r = check_reg_hive_set(in, SYS "ControlSet002\\Services\\NTDS\\"
	    "Parameters", "TCP/IP Port", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 49999);
	fleet_free(f);
}
END_TEST

START_TEST(test_system_kb)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;
	int		 i;

	f = tu_parse_file(tu_fixture("reg_hive/system.hive"), NULL, &in);
	r = check_reg_hive_set(in, CCS "Control\\Terminal Server\\WinStations\\"
	    "RDP-Tcp", "PortNumber", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 3389);
	ck_assert_str_eq(r->u.set.service, "TermService");
	ck_assert_str_eq(r->u.set.owner, "svchost.exe");
	ck_assert_str_eq(r->u.set.label, "Remote Desktop listener RDP-Tcp "
	    "port");
	r = check_reg_hive_set(in, CCS "Services\\Netlogon\\Parameters",
	    "DCTcpipPort", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 50001);
	r = check_reg_hive_set(in, CCS "Services\\NTDS\\Parameters",
	    "NSPI interface protocol sequences", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 6004);
	ck_assert_str_eq(r->u.set.raw, "ncacn_http:6004");
	/* MaxUserPort, then the two ReservedPorts entries; tcp and udp. */
	for (i = 0; i < 6; i++) {
		r = tu_nth(in, REC_RANGE, i);
		ck_assert_int_eq(r->u.rng.proto, i % 2 ? PROTO_UDP : PROTO_TCP);
		ck_assert_int_eq(r->u.rng.family, FAM_NONE);
		ck_assert_uint_eq(r->line, 0);
	}
	r = tu_nth(in, REC_RANGE, 0);
	ck_assert_int_eq(r->u.rng.what, RANGE_EPHEMERAL);
	ck_assert_int_eq(r->u.rng.first, 1025);
	ck_assert_int_eq(r->u.rng.last, 65534);
	ck_assert_str_eq(r->u.rng.setting, "MaxUserPort");
	r = tu_nth(in, REC_RANGE, 2);
	ck_assert_int_eq(r->u.rng.what, RANGE_RESERVED);
	ck_assert_int_eq(r->u.rng.first, 1433);
	ck_assert_int_eq(r->u.rng.last, 1434);
	r = tu_nth(in, REC_RANGE, 5);
	ck_assert_int_eq(r->u.rng.what, RANGE_RESERVED);
	ck_assert_int_eq(r->u.rng.first, 3389);
	ck_assert_int_eq(r->u.rng.last, 3389);
	ck_assert_str_eq(r->u.rng.setting, "ReservedPorts");
	fleet_free(f);
}
END_TEST

START_TEST(test_select_current_2)
{
	unsigned char	*buf, *vk;
	const char	*path;
	struct input	*in;
	struct fleet	*f;
	size_t		 len;

	/* Patch Select\Current (an inline DWORD) from 1 to 2. */
	buf = tu_slurp(tu_fixture("reg_hive/system.hive"), &len);
	vk = memmem(buf, len, "vk\x07\x00\x04\x00\x00\x80\x01\x00\x00\x00"
	    "\x04\x00\x00\x00\x01\x00\x00\x00" "Current", 27);
	ck_assert_ptr_nonnull(vk);
	vk[8] = 2;
	path = tu_write_temp(buf, len, "SYSTEM");
	free(buf);
	f = tu_parse_file(path, NULL, &in);
	check_reg_hive_ok(in, 21, 5, 6, 0);
	check_reg_hive_val(in, SYS "ControlSet001\\Services\\NTDS\\Parameters",
	    "TCP/IP Port");
	ck_assert_uint_eq(check_reg_hive_val(in, CCS "Services\\NTDS\\"
	    "Parameters", "TCP/IP Port")->u.reg.num, 49999);
	ck_assert_uint_eq(check_reg_hive_val(in, SYS "Select",
	    "Current")->u.reg.num, 2);
	fleet_free(f);
	unlink(path);
}
END_TEST

START_TEST(test_software)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;
	int		 i;

	/* 14 values; settings: DCOM 5010, IP1 1500 and 1501, IPAll's last
	 * dynamic port 49172, the 2000 default instance 1433, the 32-bit
	 * instance 2433; ranges: RPC 5000-5100 and 6000, tcp and udp. */
	f = tu_parse_file(tu_fixture("reg_hive/software.hive"), NULL, &in);
	check_reg_hive_ok(in, 14, 6, 4, 0);
	r = check_reg_hive_val(in, SW "Microsoft\\Rpc\\Internet", "Ports");
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[1], "6000");
	r = check_reg_hive_val(in, SW "Microsoft\\Rpc\\Internet",
	    "UseInternetPorts");
	ck_assert_str_eq(r->u.reg.str, "Y");
	r = check_reg_hive_val(in, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\"
	    "AppID\\{8BC3F05E-D86B-11D0-A075-00C04FB68820}", "");
	ck_assert_str_eq(r->u.reg.str, "Windows Management Instrumentation");
	r = tu_nth(in, REC_SETTING, 0);
	ck_assert_str_eq(r->u.set.name, "Endpoints");
	ck_assert_int_eq(r->u.set.port, 5010);
	ck_assert_str_eq(r->u.set.label, "DCOM application "
	    "{8BC3F05E-D86B-11D0-A075-00C04FB68820} endpoint");
	ck_assert_ptr_null(r->u.set.owner);
	r = tu_nth(in, REC_SETTING, 1);
	ck_assert_int_eq(r->u.set.port, 1500);
	ck_assert_str_eq(r->u.set.key, SQLTCP "IP1");
	ck_assert_str_eq(r->u.set.service, "MSSQL10.SQLEXPRESS");
	ck_assert_str_eq(r->u.set.label, "SQL Server MSSQL10.SQLEXPRESS TCP "
	    "port (IP1)");
	ck_assert_str_eq(r->u.set.raw, "1500,1501");
	ck_assert_int_eq(tu_nth(in, REC_SETTING, 2)->u.set.port, 1501);
	r = check_reg_hive_set(in, SQLTCP "IPAll", "TcpDynamicPorts", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 49172);
	ck_assert_str_eq(r->u.set.owner, "sqlservr.exe");
	ck_assert_ptr_null(check_reg_hive_set(in, SQLTCP "IPAll", "TcpPort",
	    0));
	r = check_reg_hive_set(in, SW "Microsoft\\MSSQLServer\\MSSQLServer\\"
	    "SuperSocketNetLib\\Tcp", "TcpPort", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 1433);
	ck_assert_str_eq(r->u.set.service, "MSSQLSERVER");
	r = check_reg_hive_set(in, SW "Wow6432Node\\Microsoft\\"
	    "Microsoft SQL Server\\MSSQL.1\\MSSQLServer\\SuperSocketNetLib\\"
	    "Tcp\\IPAll", "TcpPort", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->u.set.port, 2433);
	for (i = 0; i < 4; i++) {
		r = tu_nth(in, REC_RANGE, i);
		ck_assert_int_eq(r->u.rng.what, RANGE_RPC);
		ck_assert_int_eq(r->u.rng.proto, i % 2 ? PROTO_UDP : PROTO_TCP);
		ck_assert_int_eq(r->u.rng.first, i < 2 ? 5000 : 6000);
		ck_assert_int_eq(r->u.rng.last, i < 2 ? 5100 : 6000);
		ck_assert_str_eq(r->u.rng.setting, "Ports");
		ck_assert_str_eq(r->text, SW "Microsoft\\Rpc\\Internet\\Ports");
	}
	fleet_free(f);
}
END_TEST

START_TEST(test_ntuser_and_other)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	/* PuTTY's PortNumber in a user hive is a value, not a setting. */
	f = tu_parse_file(tu_fixture("reg_hive/ntuser.hive"), NULL, &in);
	check_reg_hive_ok(in, 4, 0, 0, 0);
	r = check_reg_hive_val(in, "HKEY_CURRENT_USER\\Software\\SimonTatham\\"
	    "PuTTY\\Sessions\\router", "PortNumber");
	ck_assert_uint_eq(r->u.reg.num, 22);
	fleet_free(f);
	/* Neither SYSTEM, SOFTWARE nor a user's: the root's own name. */
	f = tu_parse_file(tu_fixture("reg_hive/sam.hive"), NULL, &in);
	check_reg_hive_ok(in, 1, 0, 0, 0);
	r = check_reg_hive_val(in, "ROOT\\SAM\\Domains\\Account", "F");
	ck_assert_str_eq(r->u.reg.str, "03,00,01,00");
	fleet_free(f);
}
END_TEST

START_TEST(test_loop)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;
	int		 n = 0;

	/* Microsoft\Rpc lists the root again: every value still once, and
	 * one diagnostic for the loop. */
	f = tu_parse_file(tu_fixture("reg_hive/loop.hive"), NULL, &in);
	check_reg_hive_ok(in, 14, 6, 4, 1);
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE && strcmp(r->u.reg.name,
		    "Ports") == 0)
			n++;
	ck_assert_int_eq(n, 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_deep)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;
	const char	*c;
	int		 depth = 0;

	/* Keys 521 levels below the root: the one at level 500 is read,
	 * the bottom one (past 512) is not, with one diagnostic. */
	f = tu_parse_file(tu_fixture("reg_hive/deep.hive"), NULL, &in);
	check_reg_hive_ok(in, 1, 0, 0, 1);
	r = tu_nth(in, REC_REGVALUE, 0);
	ck_assert_str_eq(r->u.reg.name, "Reachable");
	for (c = r->u.reg.key; *c != '\0'; c++)
		depth += *c == '\\';
	/* HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\k...: 1 + 1 + 499 seps. */
	ck_assert_int_eq(depth, 501);
	fleet_free(f);
}
END_TEST

START_TEST(test_corrupt)
{
	check_reg_hive_bad("reg_hive/truncated.hive");
	check_reg_hive_bad("reg_hive/badsum.hive");
	check_reg_hive_bad("reg_hive/regf-only.hive");
}
END_TEST

START_TEST(test_hostile_random)
{
	unsigned char	*orig, *buf;
	const char	*path;
	struct record	*r;
	struct input	*in;
	struct fleet	*f;
	size_t		 len, i;
	int		 round, k, ok = 0;

	/* Damage the bins (the header checksum does not cover them) of a
	 * good hive at random: hivex or the walk must cope every time. */
	srand(180795);
	orig = tu_slurp(tu_fixture("reg_hive/software.hive"), &len);
	buf = xmalloc(len);
	path = tu_write_temp(orig, len, "damaged.hive");
	for (round = 0; round < 300; round++) {
		memcpy(buf, orig, len);
		for (k = 1 + round % 8; k > 0; k--)
			buf[0x1000 + rand() % (len - 0x1000)] = rand();
		check_reg_hive_write(path, buf, len);
		f = tu_parse_file(path, NULL, &in);
		ck_assert_ptr_eq(in->coll, &collector_reg_hive);
		ck_assert(in->status == INPUT_OK ||
		    in->status == INPUT_UNREADABLE);
		ok += in->status == INPUT_OK;
		for (r = in->first; r != NULL; r = r->next) {
			ck_assert_ptr_nonnull(r->text);
			if (r->kind == REC_REGVALUE) {
				ck_assert_ptr_nonnull(r->u.reg.key);
				ck_assert_ptr_nonnull(r->u.reg.name);
			}
		}
		fleet_free(f);
	}
	ck_assert_int_gt(ok, 0);
	/* Random bytes after the magic. */
	for (round = 0; round < 20; round++) {
		memcpy(buf, "regf", 4);
		for (i = 4; i < len; i++)
			buf[i] = rand();
		check_reg_hive_write(path, buf, len);
		f = tu_parse_file(path, NULL, &in);
		ck_assert_int_eq(in->status, INPUT_UNREADABLE);
		ck_assert_uint_eq(in->records, 0);
		fleet_free(f);
	}
	free(buf);
	free(orig);
	unlink(path);
}
END_TEST

static Suite *
check_reg_hive_suite(void)
{
	Suite	*s = suite_create("reg_hive");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_system_counts);
	tcase_add_test(tc, test_system_types);
	tcase_add_test(tc, test_system_controlsets);
	tcase_add_test(tc, test_system_kb);
	tcase_add_test(tc, test_select_current_2);
	tcase_add_test(tc, test_software);
	tcase_add_test(tc, test_ntuser_and_other);
	tcase_add_test(tc, test_loop);
	tcase_add_test(tc, test_deep);
	tcase_add_test(tc, test_corrupt);
	tcase_add_test(tc, test_hostile_random);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_reg_hive_suite()));
}
