/*
 * Check suite for collectors/kb.c, the registry knowledge base
 * (data/settings.csv): each family of port-facts.md section 2 read through
 * .reg text (the reg collector hands every value to kb_regvalue()), the
 * real samples that touch it (the vendor Rpc\Internet export, reg query
 * of RDP-Tcp, PuTTY's HKCU PortNumber that must stay a plain value), the
 * Rpc\Internet pool rules of KB 154596, bad port values, --settings files
 * (tests/fixtures/kb) and records made by hand for what .reg text cannot
 * say (QWORD ports, two inputs interleaved, 100,000 values).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define REGHDR	"Windows Registry Editor Version 5.00\r\n\r\n"
#define HKLM	"HKEY_LOCAL_MACHINE\\"
#define CCS	HKLM "SYSTEM\\CurrentControlSet\\"
#define RPCKEY	"[" HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet]\r\n"
#define NTDSKEY	"[" CCS "Services\\NTDS\\Parameters]\r\n"

/* REG_MULTI_SZ data as regedit writes it (hex(7), UTF-16LE, wrapped). */
#define HEX_EP	"6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,00,63,00,\\\r\n" \
	"  70,00,2c,00,30,00,2c,00,35,00,30,00,31,00,30,00,00,00,6e,00,63,00,61,00,64,\\\r\n" \
	"  00,67,00,5f,00,69,00,70,00,5f,00,75,00,64,00,70,00,2c,00,30,00,2c,00,35,00,\\\r\n" \
	"  30,00,31,00,31,00,00,00,6e,00,63,00,61,00,6c,00,72,00,70,00,63,00,2c,00,30,\\\r\n" \
	"  00,2c,00,78,00,00,00,62,00,6f,00,67,00,75,00,73,00,00,00,00,00\r\n"
	/* "ncacn_ip_tcp,0,5010" "ncadg_ip_udp,0,5011" "ncalrpc,0,x" "bogus" */
#define HEX_RES	"31,00,34,00,33,00,33,00,2d,00,31,00,34,00,33,00,34,00,00,00,33,00,\\\r\n" \
	"  33,00,38,00,39,00,2d,00,33,00,33,00,38,00,39,00,00,00,34,00,30,00,30,00,30,\\\r\n" \
	"  00,00,00,20,00,35,00,30,00,30,00,30,00,20,00,2d,00,20,00,35,00,30,00,31,00,\\\r\n" \
	"  30,00,20,00,00,00,39,00,2d,00,78,00,00,00,37,00,30,00,30,00,30,00,30,00,2d,\\\r\n" \
	"  00,37,00,30,00,30,00,30,00,31,00,00,00,32,00,30,00,2d,00,31,00,30,00,00,00,\\\r\n" \
	"  00,00\r\n"
	/* "1433-1434" "3389-3389" "4000" " 5000 - 5010 " "9-x" "70000-70001"
	 * "20-10" */
#define HEX_YY	"36,00,30,00,30,00,30,00,00,00,35,00,30,00,30,00,30,00,2d,00,35,00,\\\r\n" \
	"  31,00,30,00,30,00,00,00,35,00,30,00,35,00,30,00,2d,00,35,00,32,00,30,00,30,\\\r\n" \
	"  00,00,00,35,00,32,00,30,00,31,00,2d,00,35,00,33,00,30,00,30,00,00,00,00,00\r\n"
	/* "6000" "5000-5100" "5050-5200" "5201-5300" */
#define HEX_ONE	"35,00,30,00,30,00,30,00,2d,00,35,00,31,00,30,00,30,00,00,00,00,00\r\n"
	/* "5000-5100" */
#define HEX_EDGES "30,00,2d,00,31,00,30,00,30,00,00,00,36,00,35,00,30,00,30,00,30,00,\\\r\n" \
	"  2d,00,36,00,35,00,35,00,33,00,35,00,00,00,00,00\r\n"
	/* "0-100" "65000-65535" */
#define HEX_BAD	"35,00,30,00,30,00,30,00,2d,00,35,00,31,00,30,00,30,00,00,00,37,00,\\\r\n" \
	"  30,00,30,00,30,00,30,00,00,00,00,00\r\n"
	/* "5000-5100" "70000" */
#define HEX_REV	"36,00,30,00,30,00,30,00,2d,00,35,00,30,00,30,00,30,00,00,00,00,00\r\n"
	/* "6000-5000" */
#define HEX_SIX	"36,00,30,00,30,00,30,00,00,00,00,00\r\n"
	/* "6000" */
#define HEX_NSPI "6e,00,63,00,61,00,63,00,6e,00,5f,00,68,00,74,00,74,00,70,00,3a,00,\\\r\n" \
	"  36,00,30,00,30,00,34,00,00,00,00,00\r\n"
	/* "ncacn_http:6004" */

/* Parse REGHDR + body as a .reg file; body starts on line 3. */
static struct fleet *
check_kb_reg(const char *body, struct input **in)
{
	struct fleet	*f;
	char		*text;

	xasprintf(&text, "%s%s", REGHDR, body);
	f = tu_read_text(text, strlen(text), "reg", in);
	free(text);
	return (f);
}

/* Check one setting record. */
static void
check_kb_set(struct input *in, int n, unsigned line, const char *name,
    enum proto proto, int port, const char *service, const char *owner)
{
	struct record	*r = tu_nth(in, REC_SETTING, n);

	ck_assert_msg(r != NULL, "no setting #%d", n);
	ck_assert_uint_eq(r->line, line);
	ck_assert_str_eq(r->u.set.name, name);
	ck_assert_int_eq(r->u.set.proto, proto);
	ck_assert_int_eq(r->u.set.port, port);
	if (service == NULL)
		ck_assert_ptr_null(r->u.set.service);
	else
		ck_assert_str_eq(r->u.set.service, service);
	if (owner == NULL)
		ck_assert_ptr_null(r->u.set.owner);
	else
		ck_assert_str_eq(r->u.set.owner, owner);
}

/* Check one range record. */
static void
check_kb_rng(struct input *in, int n, unsigned line, enum rwhat what,
    enum proto proto, int first, int last)
{
	struct record	*r = tu_nth(in, REC_RANGE, n);

	ck_assert_msg(r != NULL, "no range #%d", n);
	ck_assert_uint_eq(r->line, line);
	ck_assert_int_eq(r->u.rng.what, what);
	ck_assert_int_eq(r->u.rng.proto, proto);
	ck_assert_int_eq(r->u.rng.family, FAM_NONE);
	ck_assert_int_eq(r->u.rng.first, first);
	ck_assert_int_eq(r->u.rng.last, last);
}

/* Both protocols of a range list, tcp first as kb.c emits them. */
static void
check_kb_rng2(struct input *in, int n, unsigned line, enum rwhat what,
    int first, int last)
{
	check_kb_rng(in, n, line, what, PROTO_TCP, first, last);
	check_kb_rng(in, n + 1, line, what, PROTO_UDP, first, last);
}

/* An input made by hand, to feed kb_regvalue() records directly. */
struct check_kb_hand {
	struct fleet	*f;
	struct input	*in;
	struct parse	 p;
};

static void
check_kb_hand_init(struct check_kb_hand *h, struct fleet *f, const char *path)
{
	static char	 empty[1];

	diag_quiet = getenv("TU_VERBOSE") == NULL;
	h->f = f;
	if (f->datadir == NULL)
		f->datadir = "data";
	h->in = arena_alloc(f->arena, sizeof(*h->in));
	h->in->path = path;
	h->in->buf = empty;
	parse_init(&h->p, f, h->in);
}

/* A value record by hand, not yet shown to the knowledge base. */
static struct record *
check_kb_hand_rec(struct check_kb_hand *h, const char *key, const char *name,
    enum regtype rtype, const char *str, unsigned long long num)
{
	struct record	*r;

	r = rec_add_at(&h->p, REC_REGVALUE, 1, "by hand");
	r->u.reg.key = parse_intern(&h->p, key, strlen(key));
	r->u.reg.name = name == NULL ? NULL : parse_intern(&h->p, name,
	    strlen(name));
	r->u.reg.rtype = rtype;
	r->u.reg.type = regtype_name(rtype);
	r->u.reg.str = str;
	r->u.reg.num = num;
	return (r);
}

static struct record *
check_kb_hand_add(struct check_kb_hand *h, const char *key, const char *name,
    enum regtype rtype, const char *str, unsigned long long num)
{
	struct record	*r;

	r = check_kb_hand_rec(h, key, name, rtype, str, num);
	kb_regvalue(&h->p, r);
	return (r);
}

START_TEST(test_exchange_55)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = check_kb_reg(
	    "[" CCS "Services\\MSExchangeDS\\Parameters]\r\n"		/* 3 */
	    "\"TCP/IP port\"=dword:000004c9\r\n"
	    "\r\n"
	    "[" CCS "Services\\MSExchangeIS\\ParametersSystem]\r\n"
	    "\"TCP/IP port\"=dword:00001389\r\n"			/* 7 */
	    "\r\n"
	    "[" CCS "Services\\MSExchangeSA\\Parameters]\r\n"
	    "\"TCP/IP port\"=dword:0000138a\r\n"			/* 10 */
	    "\"TCP/IP NSPI Port\"=dword:0000138c\r\n"
	    "\r\n"
	    "[" CCS "Services\\MSExchangeMTA\\Parameters]\r\n"
	    "\"TCP/IP port for RPC listens\"=dword:0000138b\r\n"	/* 14 */
	    "\"RFC1006 Port Number\"=dword:00000066\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 6);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 0);
	check_kb_set(in, 0, 4, "TCP/IP port", PROTO_TCP, 1225, "MSExchangeDS",
	    "dsamain.exe");
	check_kb_set(in, 1, 7, "TCP/IP port", PROTO_TCP, 5001, "MSExchangeIS",
	    "store.exe");
	check_kb_set(in, 2, 10, "TCP/IP port", PROTO_TCP, 5002,
	    "MSExchangeSA", "mad.exe");
	check_kb_set(in, 3, 11, "TCP/IP NSPI Port", PROTO_TCP, 5004,
	    "MSExchangeSA", "mad.exe");
	check_kb_set(in, 4, 14, "TCP/IP port for RPC listens", PROTO_TCP, 5003,
	    "MSExchangeMTA", "emsmta.exe");
	check_kb_set(in, 5, 15, "RFC1006 Port Number", PROTO_TCP, 102,
	    "MSExchangeMTA", "emsmta.exe");
	r = tu_nth(in, REC_SETTING, 0);
	ck_assert_str_eq(r->u.set.key, CCS "Services\\MSExchangeDS\\Parameters");
	ck_assert_str_eq(r->u.set.type, "REG_DWORD");
	ck_assert_str_eq(r->u.set.raw, "0x4c9");
	ck_assert_str_eq(r->u.set.label, "Exchange 4.0-5.5 directory service "
	    "RPC port");
	ck_assert_str_eq(r->text, "\"TCP/IP port\"=dword:000004c9");
	/* The setting follows its value record on the same line. */
	ck_assert_ptr_eq(tu_nth(in, REC_REGVALUE, 0)->next, r);
	fleet_free(f);
}
END_TEST

START_TEST(test_exchange_2003_2010)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = check_kb_reg(
	    "[" CCS "Services\\MSExchangeSA\\Parameters]\r\n"		/* 3 */
	    "\"Rpc/HTTP NSPI Port\"=dword:00001774\r\n"
	    "\"HTTP Port\"=dword:00001772\r\n"
	    "\"No RFR Service\"=dword:00000001\r\n"
	    "\r\n"
	    "[" CCS "Services\\MSExchangeIS\\ParametersSystem]\r\n"
	    "\"Rpc/HTTP Port\"=dword:00001771\r\n"			/* 9 */
	    "\r\n"
	    "[" CCS "Services\\MSExchangeSRS\\Parameters]\r\n"
	    "\"TCP/IP\"=dword:0000138d\r\n"				/* 12 */
	    "\r\n"
	    "[" CCS "Services\\MSExchangeRPC\\ParametersSystem]\r\n"
	    "\"TCP/IP Port\"=dword:0000e88b\r\n"			/* 15 */
	    "\r\n"
	    "[" CCS "Services\\MSExchangeAB\\Parameters]\r\n"
	    "\"RpcTcpPort\"=\"59532\"\r\n", &in);			/* 18 */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 6);
	ck_assert_uint_eq(in->ndiag, 0);
	check_kb_set(in, 0, 4, "Rpc/HTTP NSPI Port", PROTO_TCP, 6004,
	    "MSExchangeSA", "mad.exe");
	check_kb_set(in, 1, 5, "HTTP Port", PROTO_TCP, 6002, "MSExchangeSA",
	    "mad.exe");
	check_kb_set(in, 2, 9, "Rpc/HTTP Port", PROTO_TCP, 6001,
	    "MSExchangeIS", "store.exe");
	check_kb_set(in, 3, 12, "TCP/IP", PROTO_TCP, 5005, "MSExchangeSRS",
	    "srsmain.exe");
	check_kb_set(in, 4, 15, "TCP/IP Port", PROTO_TCP, 59531,
	    "MSExchangeRPC", "Microsoft.Exchange.RpcClientAccess.Service.exe");
	check_kb_set(in, 5, 18, "RpcTcpPort", PROTO_TCP, 59532, "MSExchangeAB",
	    "Microsoft.Exchange.AddressBook.Service.exe");
	r = tu_nth(in, REC_SETTING, 5);
	ck_assert_str_eq(r->u.set.type, "REG_SZ");
	ck_assert_str_eq(r->u.set.raw, "59532");
	fleet_free(f);
}
END_TEST

START_TEST(test_ad_frs)
{
	struct input	*in;
	struct fleet	*f;

	f = check_kb_reg(
	    NTDSKEY							/* 3 */
	    "\"TCP/IP Port\"=dword:0000c350\r\n"
	    "\"NSPI interface protocol sequences\"=hex(7):" HEX_NSPI	/* 5-6 */
	    "\r\n"
	    "[" CCS "Services\\Netlogon\\Parameters]\r\n"
	    "\"DCTcpipPort\"=dword:0000c351\r\n"			/* 9 */
	    "\r\n"
	    "[" CCS "Services\\NTFRS\\Parameters]\r\n"
	    "\"RPC TCP/IP Port Assignment\"=dword:0000c352\r\n", &in);	/* 12 */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 4);
	ck_assert_uint_eq(in->ndiag, 0);
	check_kb_set(in, 0, 4, "TCP/IP Port", PROTO_TCP, 50000, "NTDS",
	    "lsass.exe");
	check_kb_set(in, 1, 5, "NSPI interface protocol sequences", PROTO_TCP,
	    6004, "NTDS", "lsass.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 1)->u.set.raw,
	    "ncacn_http:6004");
	check_kb_set(in, 2, 9, "DCTcpipPort", PROTO_TCP, 50001, "Netlogon",
	    "lsass.exe");
	check_kb_set(in, 3, 12, "RPC TCP/IP Port Assignment", PROTO_TCP, 50002,
	    "NTFRS", "ntfrs.exe");
	fleet_free(f);
}
END_TEST

START_TEST(test_controlsets_and_case)
{
	struct input	*in;
	struct fleet	*f;

	f = check_kb_reg(
	    "[" HKLM "SYSTEM\\ControlSet001\\Services\\NTDS\\Parameters]\r\n"
	    "\"TCP/IP Port\"=dword:0000c350\r\n"			/* 4 */
	    "\r\n"
	    "[" HKLM "SYSTEM\\ControlSet002\\Services\\NTDS\\Parameters]\r\n"
	    "\"tcp/ip port\"=dword:0000c351\r\n"			/* 7 */
	    "\r\n"
	    "[hkey_local_machine\\system\\controlset003\\services\\ntds\\"
	    "parameters]\r\n"
	    "\"TCP/IP PORT\"=dword:0000c352\r\n"			/* 10 */
	    "\r\n"
	    "[" HKLM "SYSTEM\\ControlSet1\\Services\\NTDS\\Parameters]\r\n"
	    "\"TCP/IP Port\"=dword:0000c353\r\n"
	    "\r\n"
	    "[" HKLM "SYSTEM\\ControlSetABC\\Services\\NTDS\\Parameters]\r\n"
	    "\"TCP/IP Port\"=dword:0000c354\r\n"
	    "\r\n"
	    "[" HKLM "SOFTWARE\\ControlSet001\\Services\\NTDS\\Parameters]\r\n"
	    "\"TCP/IP Port\"=dword:0000c355\r\n"
	    "\r\n"
	    "[" CCS "Services\\NTDS\\Parameters\\Extra]\r\n"
	    "\"TCP/IP Port\"=dword:0000c356\r\n"
	    "\r\n"
	    "[" CCS "Services\\NTDS]\r\n"
	    "\"TCP/IP Port\"=dword:0000c357\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 8);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 3);
	check_kb_set(in, 0, 4, "TCP/IP Port", PROTO_TCP, 50000, "NTDS",
	    "lsass.exe");
	check_kb_set(in, 1, 7, "tcp/ip port", PROTO_TCP, 50001, "NTDS",
	    "lsass.exe");
	check_kb_set(in, 2, 10, "TCP/IP PORT", PROTO_TCP, 50002, "NTDS",
	    "lsass.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 1)->u.set.key,
	    HKLM "SYSTEM\\ControlSet002\\Services\\NTDS\\Parameters");
	fleet_free(f);
}
END_TEST

START_TEST(test_sql)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = check_kb_reg(
	    "[" HKLM "SOFTWARE\\Microsoft\\MSSQLServer\\MSSQLServer\\"
	    "SuperSocketNetLib\\Tcp]\r\n"				/* 3 */
	    "\"TcpPort\"=\"1433\"\r\n"
	    "\"TcpDynamicPorts\"=\"\"\r\n"
	    "\r\n"
	    "[" HKLM "SOFTWARE\\Microsoft\\Microsoft SQL Server\\INST1\\"
	    "MSSQLServer\\SuperSocketNetLib\\Tcp]\r\n"
	    "\"TcpPort\"=\"1500,1501, 1502\"\r\n"			/* 8 */
	    "\"TcpDynamicPorts\"=\"2100\"\r\n"
	    "\r\n"
	    "[" HKLM "SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL15.SQLEXPRESS\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n"
	    "\"TcpPort\"=\"\"\r\n"					/* 12 */
	    "\"TcpDynamicPorts\"=\"0\"\r\n"
	    "\r\n"
	    "[" HKLM "SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL15.SQLEXPRESS\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IP2]\r\n"
	    "\"TcpDynamicPorts\"=\"49172\"\r\n"				/* 16 */
	    "\"TcpPort\"=\"1433,abc,,70000\"\r\n"
	    "\r\n"
	    "[" HKLM "SOFTWARE\\Wow6432Node\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL.1\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n"
	    "\"TcpPort\"=\"2433\"\r\n", &in);				/* 20 */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 10);
	ck_assert_uint_eq(in->ndiag, 2);		/* abc and 70000 */
	check_kb_set(in, 0, 4, "TcpPort", PROTO_TCP, 1433, "MSSQLSERVER",
	    "sqlservr.exe");
	check_kb_set(in, 1, 8, "TcpPort", PROTO_TCP, 1500, "MSSQL$INST1",
	    "sqlservr.exe");
	check_kb_set(in, 2, 8, "TcpPort", PROTO_TCP, 1501, "MSSQL$INST1",
	    "sqlservr.exe");
	check_kb_set(in, 3, 8, "TcpPort", PROTO_TCP, 1502, "MSSQL$INST1",
	    "sqlservr.exe");
	r = tu_nth(in, REC_SETTING, 3);
	ck_assert_str_eq(r->u.set.label, "SQL Server instance INST1 TCP port");
	ck_assert_str_eq(r->u.set.raw, "1500,1501, 1502");
	check_kb_set(in, 4, 9, "TcpDynamicPorts", PROTO_TCP, 2100,
	    "MSSQL$INST1", "sqlservr.exe");
	check_kb_set(in, 5, 16, "TcpDynamicPorts", PROTO_TCP, 49172,
	    "MSSQL15.SQLEXPRESS", "sqlservr.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 5)->u.set.label,
	    "SQL Server MSSQL15.SQLEXPRESS dynamic port last used (IP2)");
	check_kb_set(in, 6, 17, "TcpPort", PROTO_TCP, 1433,
	    "MSSQL15.SQLEXPRESS", "sqlservr.exe");
	check_kb_set(in, 7, 17, "TcpPort", PROTO_TCP, -1,
	    "MSSQL15.SQLEXPRESS", "sqlservr.exe");
	check_kb_set(in, 8, 17, "TcpPort", PROTO_TCP, -1,
	    "MSSQL15.SQLEXPRESS", "sqlservr.exe");
	check_kb_set(in, 9, 20, "TcpPort", PROTO_TCP, 2433, "MSSQL.1",
	    "sqlservr.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 9)->u.set.label,
	    "SQL Server MSSQL.1 TCP port (IPAll; 32-bit)");
	fleet_free(f);
}
END_TEST

START_TEST(test_rdp_msmq_dcom)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = check_kb_reg(
	    "[" CCS "Control\\Terminal Server\\WinStations\\RDP-Tcp]\r\n"
	    "\"PortNumber\"=dword:00000d3d\r\n"				/* 4 */
	    "\r\n"
	    "[" CCS "Control\\Terminal Server\\Wds\\rdpwd\\Tds\\tcp]\r\n"
	    "\"PortNumber\"=dword:00000d3d\r\n"				/* 7 */
	    "\r\n"
	    "[" HKLM "SOFTWARE\\Microsoft\\MSMQ\\Parameters]\r\n"
	    "\"MsmqIpPort\"=dword:00000709\r\n"				/* 10 */
	    "\"MsmqIpPingPort\"=dword:00000dc7\r\n"
	    "\r\n"
	    "[HKEY_CLASSES_ROOT\\AppID\\{8BC3F05E-D86B-11D0-A075-00C04FB68820}]\r\n"
	    "\"Endpoints\"=hex(7):" HEX_EP, &in);			/* 14 */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 8);
	ck_assert_uint_eq(in->ndiag, 1);			/* "bogus" */
	check_kb_set(in, 0, 4, "PortNumber", PROTO_TCP, 3389, "TermService",
	    "svchost.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 0)->u.set.label,
	    "Remote Desktop listener RDP-Tcp port");
	check_kb_set(in, 1, 7, "PortNumber", PROTO_TCP, 3389, "TermService",
	    "svchost.exe");
	check_kb_set(in, 2, 10, "MsmqIpPort", PROTO_TCP, 1801, "MSMQ",
	    "mqsvc.exe");
	check_kb_set(in, 3, 10, "MsmqIpPort", PROTO_UDP, 1801, "MSMQ",
	    "mqsvc.exe");
	check_kb_set(in, 4, 11, "MsmqIpPingPort", PROTO_UDP, 3527, "MSMQ",
	    "mqsvc.exe");
	check_kb_set(in, 5, 14, "Endpoints", PROTO_TCP, 5010, NULL, NULL);
	check_kb_set(in, 6, 14, "Endpoints", PROTO_UDP, 5011, NULL, NULL);
	check_kb_set(in, 7, 14, "Endpoints", PROTO_TCP, -1, NULL, NULL);
	r = tu_nth(in, REC_SETTING, 5);
	ck_assert_str_eq(r->u.set.label, "DCOM application "
	    "{8BC3F05E-D86B-11D0-A075-00C04FB68820} endpoint");
	ck_assert_str_eq(r->u.set.raw, "ncacn_ip_tcp,0,5010\\0ncadg_ip_udp,0,"
	    "5011\\0ncalrpc,0,x\\0bogus");
	ck_assert_str_eq(r->u.set.type, "REG_MULTI_SZ");
	fleet_free(f);
}
END_TEST

START_TEST(test_putty_not_a_setting)
{
	struct input	*in;
	struct fleet	*f;

	/* The real PuTTY export: 4 sessions with PortNumber 22. */
	f = tu_parse_file(tu_sample("registry/"
	    "putty-sessions-hkcu-portnumber.utf16le.reg"), NULL, &in);
	ck_assert_ptr_eq(in->coll, &collector_reg_export);
	ck_assert_int_gt(tu_count(in, REC_REGVALUE), 100);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 0);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	fleet_free(f);
	/* Nor under HKLM\SOFTWARE, nor RDP's name under another key. */
	f = check_kb_reg(
	    "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\"
	    "router]\r\n"
	    "\"PortNumber\"=dword:00000016\r\n"
	    "\r\n"
	    "[" HKLM "SOFTWARE\\SimonTatham\\PuTTY\\Sessions\\router]\r\n"
	    "\"PortNumber\"=dword:00000016\r\n"
	    "\r\n"
	    "[HKEY_CURRENT_USER\\SYSTEM\\CurrentControlSet\\Control\\"
	    "Terminal Server\\WinStations\\RDP-Tcp]\r\n"
	    "\"PortNumber\"=dword:00000d3d\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 3);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_samples)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	/* Vendor KB export: Y/Y, Ports 5000-5100 on lines 6-7. */
	f = tu_parse_file(tu_sample("registry/"
	    "rpc-internet-ports-5000-5100-vendor-kb.utf16le.reg"), NULL, &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 2);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 0);
	check_kb_rng2(in, 0, 6, RANGE_RPC, 5000, 5100);
	r = tu_nth(in, REC_RANGE, 0);
	ck_assert_str_eq(r->u.rng.setting, "Ports");
	ck_assert_str_eq(r->text, "\"Ports\"=hex(7):35,00,30,00,30,00,30,00,"
	    "2d,00,35,00,31,00,30,00,30,00,00,00,00,\\");
	fleet_free(f);
	/* reg query of RDP-Tcp, with the user's "System" spelling. */
	f = tu_parse_file(tu_sample("registry/"
	    "regquery-rdp-tcp-portnumber-extracted.txt"), NULL, &in);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	check_kb_set(in, 0, 3, "PortNumber", PROTO_TCP, 3389, "TermService",
	    "svchost.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 0)->u.set.key,
	    HKLM "System\\CurrentControlSet\\Control\\Terminal Server\\"
	    "WinStations\\RDP-Tcp");
	fleet_free(f);
}
END_TEST

START_TEST(test_bad_ports)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = check_kb_reg(
	    NTDSKEY							/* 3 */
	    "\"TCP/IP Port\"=dword:00065534\r\n"
	    "\r\n"
	    "[" CCS "Services\\Netlogon\\Parameters]\r\n"
	    "\"DCTcpipPort\"=dword:00000000\r\n"			/* 7 */
	    "\r\n"
	    "[" CCS "Services\\NTFRS\\Parameters]\r\n"
	    "\"RPC TCP/IP Port Assignment\"=\"fifty\"\r\n"		/* 10 */
	    "\r\n"
	    "[" CCS "Services\\MSExchangeDS\\Parameters]\r\n"
	    "\"TCP/IP Port\"=hex:c9,04\r\n"				/* 13 */
	    "\r\n"
	    "[" CCS "Services\\MSExchangeIS\\ParametersSystem]\r\n"
	    "\"TCP/IP Port\"=dword:0000ffff\r\n", &in);			/* 16 */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 5);
	ck_assert_uint_eq(in->ndiag, 4);
	check_kb_set(in, 0, 4, "TCP/IP Port", PROTO_TCP, -1, "NTDS",
	    "lsass.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 0)->u.set.raw, "0x65534");
	check_kb_set(in, 1, 7, "DCTcpipPort", PROTO_TCP, -1, "Netlogon",
	    "lsass.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 1)->u.set.raw, "0x0");
	check_kb_set(in, 2, 10, "RPC TCP/IP Port Assignment", PROTO_TCP, -1,
	    "NTFRS", "ntfrs.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 2)->u.set.raw, "fifty");
	check_kb_set(in, 3, 13, "TCP/IP Port", PROTO_TCP, -1, "MSExchangeDS",
	    "dsamain.exe");
	r = tu_nth(in, REC_SETTING, 3);
	ck_assert_str_eq(r->u.set.type, "REG_BINARY");
	ck_assert_str_eq(r->u.set.raw, "c9,04");
	check_kb_set(in, 4, 16, "TCP/IP Port", PROTO_TCP, 65535,
	    "MSExchangeIS", "store.exe");
	fleet_free(f);
}
END_TEST

START_TEST(test_maxuserport)
{
	struct input	*in;
	struct fleet	*f;

	f = check_kb_reg(
	    "[" CCS "Services\\Tcpip\\Parameters]\r\n"			/* 3 */
	    "\"MaxUserPort\"=dword:0000fffe\r\n"
	    "\"TcpTimedWaitDelay\"=dword:0000001e\r\n"
	    "\r\n"
	    "[" HKLM "SYSTEM\\ControlSet002\\Services\\Tcpip\\Parameters]\r\n"
	    "\"MaxUserPort\"=dword:00065534\r\n"			/* 8 */
	    "\r\n"
	    "[" HKLM "SYSTEM\\ControlSet003\\Services\\Tcpip\\Parameters]\r\n"
	    "\"MaxUserPort\"=\"60000\"\r\n"				/* 11 */
	    "\r\n"
	    "[" HKLM "SYSTEM\\ControlSet004\\Services\\Tcpip\\Parameters]\r\n"
	    "\"MaxUserPort\"=dword:00000400\r\n", &in);			/* 14 */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 0);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 4);
	ck_assert_uint_eq(in->ndiag, 2);		/* 415028 and 1024 */
	/* 1025, where 2000 to 2003 start (KB 929851); NT 4.0's 1024 is
	 * the prepass's business (os.csv). */
	check_kb_rng2(in, 0, 4, RANGE_EPHEMERAL, 1025, 65534);
	check_kb_rng2(in, 2, 11, RANGE_EPHEMERAL, 1025, 60000);
	ck_assert_str_eq(tu_nth(in, REC_RANGE, 3)->u.rng.setting,
	    "MaxUserPort");
	fleet_free(f);
}
END_TEST

START_TEST(test_reserved)
{
	struct input	*in;
	struct fleet	*f;

	f = check_kb_reg(
	    "[" CCS "Services\\Tcpip\\Parameters]\r\n"			/* 3 */
	    "\"ReservedPorts\"=hex(7):" HEX_RES, &in);			/* 4-9 */
	ck_assert_int_eq(tu_count(in, REC_RANGE), 8);
	ck_assert_uint_eq(in->ndiag, 3);	/* 9-x, 70000-70001, 20-10 */
	check_kb_rng2(in, 0, 4, RANGE_RESERVED, 1433, 1434);
	check_kb_rng2(in, 2, 4, RANGE_RESERVED, 3389, 3389);
	check_kb_rng2(in, 4, 4, RANGE_RESERVED, 4000, 4000);
	check_kb_rng2(in, 6, 4, RANGE_RESERVED, 5000, 5010);
	ck_assert_str_eq(tu_nth(in, REC_RANGE, 7)->u.rng.setting,
	    "ReservedPorts");
	fleet_free(f);
}
END_TEST

START_TEST(test_rpc_yy_merge)
{
	struct input	*in;
	struct fleet	*f;

	/* Overlapping and adjacent entries merge; flags are case-blind. */
	f = check_kb_reg(RPCKEY					/* 3 */
	    "\"Ports\"=hex(7):" HEX_YY					/* 4-6 */
	    "\"PortsInternetAvailable\"=\"Y\"\r\n"
	    "\"UseInternetPorts\"=\"y\"\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 4);
	ck_assert_uint_eq(in->ndiag, 0);
	check_kb_rng2(in, 0, 4, RANGE_RPC, 5000, 5300);
	check_kb_rng2(in, 2, 4, RANGE_RPC, 6000, 6000);
	fleet_free(f);
	/* N/N restricts to the list too; so do missing flags. */
	f = check_kb_reg(RPCKEY
	    "\"PortsInternetAvailable\"=\"N\"\r\n"
	    "\"UseInternetPorts\"=\"N\"\r\n"
	    "\"Ports\"=hex(7):" HEX_ONE, &in);				/* 6 */
	ck_assert_int_eq(tu_count(in, REC_RANGE), 2);
	check_kb_rng2(in, 0, 6, RANGE_RPC, 5000, 5100);
	fleet_free(f);
	f = check_kb_reg(RPCKEY "\"Ports\"=hex(7):" HEX_ONE, &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 2);
	check_kb_rng2(in, 0, 4, RANGE_RPC, 5000, 5100);
	fleet_free(f);
}
END_TEST

START_TEST(test_rpc_complement)
{
	struct input	*in;
	struct fleet	*f;

	/* Listed ports are Internet ones, servers take intranet ones. */
	f = check_kb_reg(RPCKEY
	    "\"Ports\"=hex(7):" HEX_ONE					/* 4 */
	    "\"PortsInternetAvailable\"=\"N\"\r\n"
	    "\"UseInternetPorts\"=\"Y\"\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 4);
	ck_assert_uint_eq(in->ndiag, 0);
	check_kb_rng2(in, 0, 4, RANGE_RPC, 0, 4999);
	check_kb_rng2(in, 2, 4, RANGE_RPC, 5101, 65535);
	fleet_free(f);
	/* Entries at both ends leave one hole in the middle. */
	f = check_kb_reg(RPCKEY
	    "\"Ports\"=hex(7):" HEX_EDGES				/* 4-5 */
	    "\"PortsInternetAvailable\"=\"Y\"\r\n"
	    "\"UseInternetPorts\"=\"N\"\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 2);
	check_kb_rng2(in, 0, 4, RANGE_RPC, 101, 64999);
	fleet_free(f);
}
END_TEST

START_TEST(test_rpc_invalid)
{
	struct input	*in;
	struct fleet	*f;

	/* One entry out of range invalidates the whole configuration. */
	f = check_kb_reg(RPCKEY "\"Ports\"=hex(7):" HEX_BAD
	    "\"PortsInternetAvailable\"=\"Y\"\r\n"
	    "\"UseInternetPorts\"=\"Y\"\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	f = check_kb_reg(RPCKEY "\"Ports\"=hex(7):" HEX_REV, &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	/* A flag that is neither Y nor N. */
	f = check_kb_reg(RPCKEY "\"Ports\"=hex(7):" HEX_ONE
	    "\"UseInternetPorts\"=\"Yes\"\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	/* Ports as a DWORD is no list. */
	f = check_kb_reg(RPCKEY "\"Ports\"=dword:00001388\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
	/* Flags alone restrict nothing. */
	f = check_kb_reg(RPCKEY "\"UseInternetPorts\"=\"N\"\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_rpc_deleted)
{
	struct input	*in;
	struct fleet	*f;

	f = check_kb_reg(RPCKEY "\"Ports\"=hex(7):" HEX_ONE
	    "\r\n" RPCKEY "\"Ports\"=-\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	fleet_free(f);
	f = check_kb_reg(RPCKEY "\"Ports\"=hex(7):" HEX_ONE
	    "\r\n[-" HKLM "SOFTWARE\\Microsoft\\Rpc]\r\n", &in);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	fleet_free(f);
	/* Deleted, then set again: the last one counts. */
	f = check_kb_reg(RPCKEY "\"Ports\"=hex(7):" HEX_ONE		/* 4 */
	    "\r\n[-" HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet]\r\n"	/* 6 */
	    "\r\n" RPCKEY						/* 8 */
	    "\"Ports\"=hex(7):" HEX_SIX, &in);				/* 9 */
	ck_assert_int_eq(tu_count(in, REC_RANGE), 2);
	check_kb_rng2(in, 0, 9, RANGE_RPC, 6000, 6000);
	fleet_free(f);
}
END_TEST

START_TEST(test_settings_file)
{
	const char	*reg = REGHDR
	    "[" HKLM "SOFTWARE\\Contoso\\Agent]\r\n"			/* 3 */
	    "\"ListenPort\"=dword:00001f90\r\n"
	    "\r\n"
	    NTDSKEY
	    "\"TCP/IP Port\"=dword:0000c350\r\n";			/* 7 */
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	diag_quiet = getenv("TU_VERBOSE") == NULL;
	f = fleet_new();
	f->datadir = "data";
	ck_assert_int_eq(kb_load(f, tu_fixture("kb/site-settings.csv")), 0);
	in = collector_read(f, tu_write_temp(reg, strlen(reg), NULL), NULL,
	    "reg");
	ck_assert_int_eq(tu_count(in, REC_SETTING), 3);
	check_kb_set(in, 0, 4, "ListenPort", PROTO_TCP, 8080, "ContosoAgent",
	    "agent.exe");
	check_kb_set(in, 1, 4, "ListenPort", PROTO_UDP, 8080, "ContosoAgent",
	    "agent.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 0)->u.set.label,
	    "Contoso agent listener, main");
	/* The user's row replaced the installed one: one NTDS setting. */
	check_kb_set(in, 2, 7, "TCP/IP Port", PROTO_TCP, 50000, "NTDS",
	    "lsass.exe");
	r = tu_nth(in, REC_SETTING, 2);
	ck_assert_str_eq(r->u.set.label, "Site AD replication port "
	    "(firewall rule FW-17)");
	fleet_free(f);
	/* Without the user's file the same input has the installed label. */
	f = fleet_new();
	f->datadir = "data";
	in = collector_read(f, tu_write_temp(reg, strlen(reg), NULL), NULL,
	    "reg");
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 0)->u.set.label,
	    "Active Directory RPC port (replication and NSPI)");
	fleet_free(f);
}
END_TEST

START_TEST(test_settings_bad)
{
	static const char	*names[] = { "V1", "V2", "V3", "V4", "V5",
	    "V6", "V8", "V9" };
	struct check_kb_hand	 h;
	char			 key[64];
	size_t			 i;

	/* Bad rows are skipped, good ones load: V1 and V9. */
	check_kb_hand_init(&h, fleet_new(), "bad-rows");
	ck_assert_int_eq(kb_load(h.f, tu_fixture("kb/bad-rows.csv")), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(key, sizeof(key), "HKLM\\SOFTWARE\\Contoso\\%c",
		    i < 5 ? 'A' + (int)i : i == 5 ? 'F' : i == 6 ? 'H' : 'I');
		check_kb_hand_add(&h, key, names[i], REGT_DWORD, NULL, 4000);
	}
	check_kb_hand_add(&h, "HKLM", "V6", REGT_DWORD, NULL, 4000);
	kb_finish(&h.p);
	ck_assert_int_eq(tu_count(h.in, REC_SETTING), 2);
	ck_assert_str_eq(tu_nth(h.in, REC_SETTING, 0)->u.set.name, "V1");
	ck_assert_ptr_null(tu_nth(h.in, REC_SETTING, 0)->u.set.label);
	ck_assert_str_eq(tu_nth(h.in, REC_SETTING, 1)->u.set.name, "V9");
	/* Files that cannot be used at all. */
	ck_assert_int_eq(kb_load(h.f, tu_fixture("kb/no-parse-column.csv")),
	    -1);
	ck_assert_int_eq(kb_load(h.f, tu_fixture("kb/empty.csv")), -1);
	ck_assert_int_eq(kb_load(h.f, "tests/fixtures/kb/no-such-file.csv"),
	    -1);
	/* The installed base was fine all along. */
	ck_assert_int_eq(kb_load(h.f, NULL), 0);
	fleet_free(h.f);
}
END_TEST

START_TEST(test_settings_hostile)
{
	const char		*open = "key,value,parse,proto\n"
				    "HKLM\\SOFTWARE\\X,\"V,port,tcp\n";
	struct check_kb_hand	 h;
	char			*buf;
	size_t			 i, n = 5 * 1024 * 1024;

	check_kb_hand_init(&h, fleet_new(), "hostile");
	/* Random bytes, NULs and quotes: no header, no crash. */
	buf = xmalloc(n);
	srand(154596);
	for (i = 0; i < 65536; i++)
		buf[i] = rand();
	ck_assert_int_eq(kb_load(h.f, tu_write_temp(buf, 65536,
	    "random.csv")), -1);
	/* A valid header, then one 5 MB line and an unterminated quote. */
	memset(buf, 'A', n);
	memcpy(buf, "key,value,parse,proto\n", 22);
	memcpy(buf + n - 29, "\nHKLM\\SOFTWARE\\X,\"V,port,tcp\n", 29);
	ck_assert_int_eq(kb_load(h.f, tu_write_temp(buf, n, "long.csv")), -1);
	/* A quoted field never closed, on a short line. */
	ck_assert_int_eq(kb_load(h.f, tu_write_temp(open, strlen(open),
	    "open.csv")), 0);
	free(buf);
	/* The base still answers. */
	check_kb_hand_add(&h, CCS "Services\\NTDS\\Parameters", "TCP/IP Port",
	    REGT_DWORD, NULL, 1234);
	ck_assert_int_eq(tu_count(h.in, REC_SETTING), 1);
	fleet_free(h.f);
}
END_TEST

START_TEST(test_missing_kb)
{
	const char	*reg = REGHDR NTDSKEY "\"TCP/IP Port\"=dword:0000c350\r\n";
	struct input	*in;
	struct fleet	*f;

	diag_quiet = getenv("TU_VERBOSE") == NULL;
	f = fleet_new();
	f->datadir = "tests/fixtures/kb/no-such-dir";
	in = collector_read(f, tu_write_temp(reg, strlen(reg), NULL), NULL,
	    "reg");
	ck_assert_int_eq(in->status, INPUT_OK);
	ck_assert_int_eq(tu_count(in, REC_REGVALUE), 1);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 0);
	ck_assert_uint_eq(in->ndiag, 0);	/* the KB error is global */
	ck_assert_int_eq(kb_load(f, NULL), -1);
	/* A user's file still works without the installed one. */
	ck_assert_int_eq(kb_load(f, tu_fixture("kb/site-settings.csv")), 0);
	in = collector_read(f, tu_write_temp(reg, strlen(reg), NULL), NULL,
	    "reg");
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_handmade)
{
	struct check_kb_hand	 h;
	struct record		*r;

	check_kb_hand_init(&h, fleet_new(), "handmade");
	/* HKLM abbreviation, doubled and trailing backslashes. */
	check_kb_hand_add(&h, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\NTDS"
	    "\\Parameters", "TCP/IP Port", REGT_QWORD, NULL, 8080);
	check_kb_hand_add(&h, "HKEY_LOCAL_MACHINE\\\\SYSTEM\\ControlSet001\\"
	    "Services\\Netlogon\\Parameters\\", "DCTcpipPort",
	    REGT_DWORD_BE, NULL, 8081);
	/* A deleted value, a deleted key and a record of another kind. */
	r = check_kb_hand_rec(&h, CCS "Services\\NTFRS\\Parameters",
	    "RPC TCP/IP Port Assignment", REGT_NONE, NULL, 0);
	r->u.reg.deleted = 1;
	kb_regvalue(&h.p, r);
	r = check_kb_hand_rec(&h, CCS "Services\\NTFRS", NULL, REGT_NONE,
	    NULL, 0);
	r->u.reg.deleted = 1;
	kb_regvalue(&h.p, r);
	r = rec_add_at(&h.p, REC_SETTING, 1, "not a value");
	kb_regvalue(&h.p, r);
	kb_regvalue(&h.p, NULL);
	/* REG_NONE holds no port: a setting with port -1. */
	check_kb_hand_add(&h, CCS "Services\\NTFRS\\Parameters",
	    "RPC TCP/IP Port Assignment", REGT_NONE, NULL, 0);
	kb_finish(&h.p);
	/* The REC_SETTING added by hand, and three from the base. */
	ck_assert_int_eq(tu_count(h.in, REC_SETTING), 1 + 3);
	r = tu_nth(h.in, REC_SETTING, 0);
	ck_assert_str_eq(r->u.set.name, "TCP/IP Port");
	ck_assert_int_eq(r->u.set.port, 8080);
	ck_assert_str_eq(r->u.set.type, "REG_QWORD");
	ck_assert_str_eq(r->u.set.raw, "0x1f90");
	ck_assert_int_eq(tu_nth(h.in, REC_SETTING, 1)->u.set.port, 8081);
	r = tu_nth(h.in, REC_SETTING, 3);
	ck_assert_str_eq(r->u.set.name, "RPC TCP/IP Port Assignment");
	ck_assert_int_eq(r->u.set.port, -1);
	ck_assert_uint_eq(h.in->ndiag, 1);
	/* A very deep key matches nothing and breaks nothing. */
	{
		char	 deep[64 * 3 + 64];
		int	 i;

		strcpy(deep, "HKLM");
		for (i = 0; i < 64; i++)
			strcat(deep, "\\k");
		check_kb_hand_add(&h, deep, "TCP/IP Port", REGT_DWORD, NULL,
		    1);
	}
	/* The REC_SETTING added by hand, and three from the base. */
	ck_assert_int_eq(tu_count(h.in, REC_SETTING), 1 + 3);
	fleet_free(h.f);
}
END_TEST

START_TEST(test_rpc_per_input)
{
	struct check_kb_hand	 a, b;
	struct fleet		*f = fleet_new();
	const char		*ports[] = { "5000-5100" };
	struct record		*r;

	/* Input a notes Ports but never finishes; b must not inherit it. */
	check_kb_hand_init(&a, f, "a");
	check_kb_hand_init(&b, f, "b");
	r = check_kb_hand_rec(&a, HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet",
	    "Ports", REGT_MULTI_SZ, NULL, 0);
	r->u.reg.multi = ports;
	r->u.reg.nmulti = 1;
	kb_regvalue(&a.p, r);
	check_kb_hand_add(&b, HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet",
	    "UseInternetPorts", REGT_SZ, "Y", 0);
	kb_finish(&b.p);
	ck_assert_int_eq(tu_count(b.in, REC_RANGE), 0);
	kb_finish(&a.p);
	ck_assert_int_eq(tu_count(a.in, REC_RANGE), 0);
	/* Noted and finished in one input: two records, tcp and udp. */
	r = check_kb_hand_rec(&a, HKLM "SOFTWARE\\Microsoft\\Rpc\\Internet",
	    "ports", REGT_MULTI_SZ, NULL, 0);
	r->u.reg.multi = ports;
	r->u.reg.nmulti = 1;
	kb_regvalue(&a.p, r);
	kb_finish(&a.p);
	ck_assert_int_eq(tu_count(a.in, REC_RANGE), 2);
	check_kb_rng2(a.in, 0, 1, RANGE_RPC, 5000, 5100);
	fleet_free(f);
}
END_TEST

/* A fixture of tests/fixtures/kb, exported the way regedit writes it. */
static struct fleet *
check_kb_fixture(const char *name, struct input **in)
{
	char		 rel[128];
	struct fleet	*f;

	snprintf(rel, sizeof(rel), "kb/%s.utf16le.reg", name);
	f = tu_parse_file(tu_fixture(rel), NULL, in);
	ck_assert_ptr_eq((*in)->coll, &collector_reg_export);
	ck_assert_str_eq((*in)->encoding, "UTF-16LE");
	return (f);
}

START_TEST(test_dns_socket_pool)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	/* SocketPoolSize 3000: udp, no range of its own; two exclusions. */
	f = check_kb_fixture("dns-socket-pool", &in);
	ck_assert_uint_eq(in->ndiag, 0);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 0);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 3);
	check_kb_rng(in, 0, 4, RANGE_SOCKETPOOL, PROTO_UDP, 0, 0);
	r = tu_nth(in, REC_RANGE, 0);
	ck_assert_int_eq(r->u.rng.count, 3000);
	ck_assert_str_eq(r->u.rng.setting, "SocketPoolSize");
	ck_assert_str_eq(rwhat_name(r->u.rng.what), "socketpool");
	check_kb_rng(in, 1, 5, RANGE_SOCKETPOOL_EXCLUDED, PROTO_UDP, 49152,
	    49200);
	check_kb_rng(in, 2, 5, RANGE_SOCKETPOOL_EXCLUDED, PROTO_UDP, 53000,
	    53010);
	fleet_free(f);
	/* 20000 is past the documented 10000; a reversed entry is dropped,
	 * the good one kept. */
	f = check_kb_fixture("dns-socket-pool-bad", &in);
	ck_assert_uint_eq(in->ndiag, 2);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 1);
	check_kb_rng(in, 0, 5, RANGE_SOCKETPOOL_EXCLUDED, PROTO_UDP, 1024,
	    1100);
	fleet_free(f);
}
END_TEST

START_TEST(test_rdp_shortpath)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	/* fUseUdpPortRedirector 1 before the port: the port counts. */
	f = check_kb_fixture("rdp-shortpath", &in);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	check_kb_set(in, 0, 5, "UdpPortNumber", PROTO_UDP, 3390, "TermService",
	    "svchost.exe");
	ck_assert_ptr_null(tu_nth(in, REC_SETTING, 0)->u.set.ignored);
	fleet_free(f);
	/* Redirector off, written after the port: the port does nothing. */
	f = check_kb_fixture("rdp-shortpath-off", &in);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	r = tu_nth(in, REC_SETTING, 0);
	ck_assert_int_eq(r->u.set.port, 3390);
	ck_assert_str_eq(r->u.set.ignored, "disabled");
	ck_assert_ptr_nonnull(r->u.set.ignored_by);
	ck_assert_str_eq(r->u.set.ignored_by->u.reg.name,
	    "fUseUdpPortRedirector");
	ck_assert_uint_eq(r->u.set.ignored_by->line, 5);
	fleet_free(f);
}
END_TEST

START_TEST(test_sql_switches)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;
	static const struct {
		unsigned	 line;
		int		 port;
		const char	*ignored;
	} want[] = {
		{ 11, 50000, "listen-all" },	/* ALLIP\IP1: IPAll rules */
		{ 15, 1433, NULL },		/* ALLIP\IPAll */
		{ 25, 1533, NULL },		/* PERIP\IP1, enabled */
		{ 31, 50001, "disabled" },	/* PERIP\IP2, Enabled 0 */
		{ 35, 50002, "listen-one" },	/* PERIP\IPAll: unused */
	};
	size_t		 i;

	f = check_kb_fixture("sql-listenall", &in);
	ck_assert_uint_eq(in->ndiag, 0);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 5);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		r = tu_nth(in, REC_SETTING, (int)i);
		ck_assert_uint_eq(r->line, want[i].line);
		ck_assert_int_eq(r->u.set.port, want[i].port);
		if (want[i].ignored == NULL)
			ck_assert_ptr_null(r->u.set.ignored);
		else
			ck_assert_str_eq(r->u.set.ignored, want[i].ignored);
	}
	/* The evidence: ALLIP's ListenOnAllIPs, PERIP\IP2's Enabled. */
	ck_assert_uint_eq(tu_nth(in, REC_SETTING, 0)->u.set.ignored_by->line,
	    5);
	ck_assert_uint_eq(tu_nth(in, REC_SETTING, 3)->u.set.ignored_by->line,
	    28);
	fleet_free(f);
}
END_TEST

START_TEST(test_winrm_adcs_outlook)
{
	struct input	*in;
	struct fleet	*f;
	struct record	*r;

	f = check_kb_fixture("winrm-listeners", &in);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 2);
	check_kb_set(in, 0, 5, "Port", PROTO_TCP, 5985, "WinRM",
	    "svchost.exe");
	check_kb_set(in, 1, 9, "Port", PROTO_TCP, 5986, "WinRM",
	    "svchost.exe");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 1)->u.set.label,
	    "WinRM listener *+HTTPS port");
	fleet_free(f);
	/* ICertPassage is named, not a generic DCOM application. */
	f = check_kb_fixture("adcs-icertpassage", &in);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	check_kb_set(in, 0, 5, "Endpoints", PROTO_TCP, 5050, "CertSvc",
	    "certsrv.exe");
	r = tu_nth(in, REC_SETTING, 0);
	ck_assert_str_eq(r->u.set.label,
	    "AD CS certificate request interface (ICertPassage) endpoint");
	fleet_free(f);
	f = check_kb_fixture("outlook2003-fixedudpport", &in);
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	check_kb_set(in, 0, 4, "FixedUDPPort", PROTO_UDP, 3333, "Outlook",
	    "outlook.exe");
	fleet_free(f);
}
END_TEST

START_TEST(test_rpcproxy_validports)
{
	static const struct {
		const char	*peer;
		int		 first, last;
	} want[] = {
		{ "EXCH01", 6001, 6002 }, { "EXCH01", 6004, 6004 },
		{ "exch01.contoso.com", 6001, 6002 },
		{ "exch01.contoso.com", 6004, 6004 }, { "GC01", 6004, 6004 },
	};
	struct input	*in;
	struct fleet	*f;
	struct record	*r;
	size_t		 i;

	/* "bogus" has no port and GC01:70000 is no port: two warnings. */
	f = check_kb_fixture("rpcproxy-validports", &in);
	ck_assert_uint_eq(in->ndiag, 2);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 5);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		check_kb_rng(in, (int)i, 5, RANGE_RPCPROXY, PROTO_TCP,
		    want[i].first, want[i].last);
		r = tu_nth(in, REC_RANGE, (int)i);
		ck_assert_str_eq(r->u.rng.peer, want[i].peer);
	}
	fleet_free(f);
}
END_TEST

START_TEST(test_scope_and_confidence)
{
	struct input	*in;
	struct fleet	*f;

	f = check_kb_reg(
	    NTDSKEY							/* 3 */
	    "\"TCP/IP Port\"=dword:0000c350\r\n"
	    "\r\n"
	    "[" CCS "Services\\MSExchangeAB\\Parameters]\r\n"
	    "\"RpcTcpPort\"=\"59600\"\r\n"				/* 7 */
	    "\"TCP/IP Port\"=dword:0000e8d0\r\n"
	    "\r\n"
	    "[" CCS "Services\\Netlogon\\Parameters]\r\n"
	    "\"DCTcpipPort\"=dword:0000c351\r\n", &in);		/* 11 */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 4);
	/* Net Logon serves RPC over TCP on DCs only (KB 832017). */
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 3)->u.set.scope, "dc");
	ck_assert_str_eq(tu_nth(in, REC_SETTING, 0)->u.set.scope, "dc");
	ck_assert_int_eq(tu_nth(in, REC_SETTING, 0)->u.set.unconfirmed, 0);
	/* RpcTcpPort is documented, the analyzer's other names are not. */
	ck_assert_ptr_null(tu_nth(in, REC_SETTING, 1)->u.set.scope);
	ck_assert_int_eq(tu_nth(in, REC_SETTING, 1)->u.set.unconfirmed, 0);
	ck_assert_int_eq(tu_nth(in, REC_SETTING, 2)->u.set.unconfirmed, 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_many_values)
{
	struct check_kb_hand	 h;
	char			 key[128];
	int			 i, j;
	static const char	*names[] = { "TCP/IP Port", "DisplayName",
	    "Start", "PortNumber", "ImagePath" };

	/* 20,000 keys of 5 values = 100,000 values; every 1000th key is the
	 * NTDS one.  Bounded work per value keeps this quick. */
	check_kb_hand_init(&h, fleet_new(), "many");
	for (i = 0; i < 20000; i++) {
		if (i % 1000 == 0)
			snprintf(key, sizeof(key), CCS "Services\\NTDS\\"
			    "Parameters");
		else
			snprintf(key, sizeof(key), CCS "Services\\Svc%d\\"
			    "Parameters", i);
		for (j = 0; j < 5; j++)
			check_kb_hand_add(&h, key, names[j], REGT_DWORD, NULL,
			    1024 + i);
	}
	kb_finish(&h.p);
	ck_assert_int_eq(tu_count(h.in, REC_REGVALUE), 100000);
	ck_assert_int_eq(tu_count(h.in, REC_SETTING), 20);
	ck_assert_int_eq(tu_nth(h.in, REC_SETTING, 19)->u.set.port, 20024);
	fleet_free(h.f);
}
END_TEST

static Suite *
check_kb_suite(void)
{
	Suite	*s = suite_create("kb");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_exchange_55);
	tcase_add_test(tc, test_exchange_2003_2010);
	tcase_add_test(tc, test_ad_frs);
	tcase_add_test(tc, test_controlsets_and_case);
	tcase_add_test(tc, test_sql);
	tcase_add_test(tc, test_rdp_msmq_dcom);
	tcase_add_test(tc, test_putty_not_a_setting);
	tcase_add_test(tc, test_samples);
	tcase_add_test(tc, test_bad_ports);
	tcase_add_test(tc, test_maxuserport);
	tcase_add_test(tc, test_reserved);
	tcase_add_test(tc, test_rpc_yy_merge);
	tcase_add_test(tc, test_rpc_complement);
	tcase_add_test(tc, test_rpc_invalid);
	tcase_add_test(tc, test_rpc_deleted);
	tcase_add_test(tc, test_settings_file);
	tcase_add_test(tc, test_settings_bad);
	tcase_add_test(tc, test_settings_hostile);
	tcase_add_test(tc, test_missing_kb);
	tcase_add_test(tc, test_handmade);
	tcase_add_test(tc, test_rpc_per_input);
	tcase_add_test(tc, test_many_values);
	tcase_add_test(tc, test_dns_socket_pool);
	tcase_add_test(tc, test_rdp_shortpath);
	tcase_add_test(tc, test_sql_switches);
	tcase_add_test(tc, test_winrm_adcs_outlook);
	tcase_add_test(tc, test_rpcproxy_validports);
	tcase_add_test(tc, test_scope_and_confidence);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_kb_suite()));
}
