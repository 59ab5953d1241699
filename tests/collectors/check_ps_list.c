/*
 * ps-list: Format-List of connections and endpoints, and of
 * Get-ItemProperty on the knowledge base's keys (tests/fixtures/
 * powershell/README): blocks, wrapped PSPath values, value types, the
 * knowledge base's settings and ranges (the same as from a .reg export of
 * the same values), PSComputerName, and hostile blocks.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

START_TEST(test_connections)
{
	struct fleet		*f;
	struct input		*in, *web;
	const struct sockrec	*s;

	f = tu_read(tu_fixture("powershell/list-connections.txt"), NULL,
	    "ps-list", &in);
	tu_assert_lines(in, 40, 4, 36, 0);
	s = tu_assert_sock(in, 0, PROTO_TCP, FAM_IPV6, "::", 135, "::", 0,
	    ST_LISTEN);
	tu_assert_owner(s, 884, NULL);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 0)->line, 3);
	s = tu_assert_sock(in, 1, PROTO_TCP, FAM_IPV4, "10.10.1.31", 1433,
	    "10.10.1.51", 50233, ST_ESTABLISHED);
	tu_assert_owner(s, 2876, NULL);
	ck_assert_uint_eq(tu_nth(in, REC_SOCKET, 1)->line, 13);
	/* no RemotePort nor State: an endpoint */
	s = tu_assert_sock(in, 2, PROTO_UDP, FAM_IPV4, "0.0.0.0", 5353, NULL,
	    -1, ST_NONE);
	tu_assert_owner(s, 1500, NULL);
	ck_assert_ptr_nonnull(web = tu_sub(in, "WEB01"));
	tu_assert_sock(web, 0, PROTO_TCP, FAM_IPV4, "0.0.0.0", 50001,
	    "0.0.0.0", 0, ST_BOUND);
	fleet_free(f);
}
END_TEST

static int
pl_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* An input's setting and range records, sorted: "what:proto:a-b ". */
static void
pl_kb(struct input *in, char *buf, size_t sz)
{
	struct record	*r;
	char		*v[64];
	size_t		 n = 0, i, k = 0;

	for (r = in->first; r != NULL && k < 64; r = r->next)
		if (r->kind == REC_SETTING)
			xasprintf(&v[k++], "set:%s:%d ", r->u.set.name,
			    r->u.set.port);
		else if (r->kind == REC_RANGE)
			xasprintf(&v[k++], "%s:%s:%d-%d ",
			    rwhat_name(r->u.rng.what),
			    proto_name(r->u.rng.proto), r->u.rng.first,
			    r->u.rng.last);
	qsort(v, k, sizeof(v[0]), pl_cmp);
	buf[0] = '\0';
	for (i = 0; i < k; i++) {
		n += snprintf(buf + n, sz - n, "%s", v[i]);
		free(v[i]);
	}
}

START_TEST(test_registry)
{
	static const char reg[] =
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
	    "Parameters]\r\n\"MaxUserPort\"=dword:0000fffe\r\n"
	    "\"ReservedPorts\"=hex(7):31,00,34,00,33,00,33,00,2d,00,31,00,34,00,"
	    "33,00,34,00,00,00,33,00,32,00,36,00,38,00,2d,00,33,00,32,00,36,00,"
	    "39,00,00,00,00,00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet]\r\n"
	    "\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,31,00,30,00,"
	    "30,00,00,00,00,00\r\n\"PortsInternetAvailable\"=\"Y\"\r\n"
	    "\"UseInternetPorts\"=\"Y\"\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\"
	    "Parameters]\r\n\"TCP/IP Port\"=dword:0000c350\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
	    "Terminal Server\\WinStations\\RDP-Tcp]\r\n"
	    "\"PortNumber\"=dword:00000d3e\r\n";
	struct fleet		*f, *g;
	struct input		*in, *rin;
	struct record		*r;
	char			 a[1024], b[1024];

	f = tu_read(tu_fixture("powershell/list-registry.txt"), NULL,
	    "ps-list", &in);
	/* 12 value lines; the rest prompts, metadata, wraps, blanks */
	tu_assert_lines(in, 47, 12, 35, 0);
	r = tu_nth(in, REC_REGVALUE, 0);
	ck_assert_str_eq(r->u.reg.key, "HKEY_LOCAL_MACHINE\\SYSTEM\\"
	    "CurrentControlSet\\Services\\Tcpip\\Parameters");
	ck_assert_str_eq(r->u.reg.name, "MaxUserPort");
	ck_assert_int_eq(r->u.reg.rtype, REGT_DWORD);
	ck_assert_uint_eq(r->u.reg.num, 65534);
	ck_assert_uint_eq(r->line, 4);
	r = tu_nth(in, REC_REGVALUE, 2);
	ck_assert_str_eq(r->u.reg.name, "ReservedPorts");
	ck_assert_int_eq(r->u.reg.rtype, REGT_MULTI_SZ);
	ck_assert_int_eq(r->u.reg.nmulti, 2);
	ck_assert_str_eq(r->u.reg.multi[0], "1433-1434");
	ck_assert_str_eq(r->u.reg.multi[1], "3268-3269");
	r = tu_nth(in, REC_REGVALUE, 3);
	ck_assert_int_eq(r->u.reg.rtype, REGT_SZ);
	ck_assert_str_eq(r->u.reg.str, "corp.example");
	/* the wrapped PSPath is joined: RPC's key */
	r = tu_nth(in, REC_REGVALUE, 4);
	ck_assert_str_eq(r->u.reg.key,
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet");
	r = tu_nth(in, REC_REGVALUE, 7);
	ck_assert_str_eq(r->u.reg.name, "TCP/IP Port");
	/* what the knowledge base makes of it equals the .reg export's */
	pl_kb(in, a, sizeof(a));
	g = tu_read_text(reg, sizeof(reg) - 1, "reg", &rin);
	pl_kb(rin, b, sizeof(b));
	ck_assert_str_eq(a, b);
	ck_assert_ptr_nonnull(strstr(a, "set:TCP/IP Port:50000 "));
	ck_assert_ptr_nonnull(strstr(a, "rpc:tcp:5000-5100 "));
	ck_assert_ptr_nonnull(strstr(a, "set:PortNumber:3390 "));
	fleet_free(g);
	fleet_free(f);
}
END_TEST

/* Types: negative Int32, QWORD, a list Format-List cut, (default). */
START_TEST(test_value_types)
{
	static const char text[] =
	    "(default)     : \n"
	    "Neg           : -2\n"
	    "Big           : 8589934592\n"
	    "NegBig        : -8589934592\n"
	    "Cut           : {a, b, c, d...}\n"
	    "Empty         :\n"
	    "PSPath        : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_"
	    "MACHINE\\SOFTWARE\\X\n"
	    "PSComputerName : APP01\n";
	struct fleet	*f;
	struct input	*in, *app;
	struct record	*r;

	f = tu_read_text(text, strlen(text), "ps-list", &in);
	tu_assert_lines(in, 8, 6, 2, 0);
	ck_assert_ptr_nonnull(app = tu_sub(in, "APP01"));
	r = tu_nth(app, REC_REGVALUE, 0);
	ck_assert_str_eq(r->u.reg.name, "");
	ck_assert_int_eq(r->u.reg.rtype, REGT_SZ);
	r = tu_nth(app, REC_REGVALUE, 1);
	ck_assert_int_eq(r->u.reg.rtype, REGT_DWORD);
	ck_assert_uint_eq(r->u.reg.num, 0xfffffffeULL);
	r = tu_nth(app, REC_REGVALUE, 2);
	ck_assert_int_eq(r->u.reg.rtype, REGT_QWORD);
	ck_assert_uint_eq(r->u.reg.num, 8589934592ULL);
	r = tu_nth(app, REC_REGVALUE, 3);
	ck_assert_int_eq(r->u.reg.rtype, REGT_QWORD);
	ck_assert_uint_eq(r->u.reg.num, (unsigned long long)-8589934592LL);
	r = tu_nth(app, REC_REGVALUE, 4);
	ck_assert_int_eq(r->u.reg.rtype, REGT_MULTI_SZ);
	ck_assert_int_eq(r->u.reg.nmulti, 4);
	ck_assert_str_eq(r->u.reg.multi[3], "d");
	r = tu_nth(app, REC_REGVALUE, 5);
	ck_assert_str_eq(r->u.reg.name, "Empty");
	ck_assert_str_eq(r->u.reg.str, "");
	ck_assert_uint_eq(in->ndiag, 1);		/* the cut list */
	fleet_free(f);
}
END_TEST

/* Blocks that cannot be used: said once each, every line counted. */
START_TEST(test_hostile_blocks)
{
	static const char text[] =
	    "Name    : svchost\n"				/* 1-2 other */
	    "Id      : 884\n"
	    "\n"
	    "LocalPort : 99999\n"				/* 4 bad port */
	    "State     : Listen\n"
	    "\n"
	    "garbage without a colon\n"			/* 7-8 */
	    "LocalPort : 80\n"
	    "\n"
	    "MaxUserPort : 5000\n"				/* 10-11 no key */
	    "PSChildName : Parameters\n"
	    "\n"
	    "LocalPort      : 81\n"			/* 13-15: a name */
	    "PSComputerName : WEB\n01\n"		/* with a newline */
	    "\n"
	    "LocalPort : 82\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, strlen(text), "ps-list", &in);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 10), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 13), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 15), DIAG_LINE_UNKNOWN);
	ck_assert_uint_eq(in->nsubs, 0);
	tu_assert_sock(in, 0, PROTO_UDP, FAM_NONE, NULL, 82, NULL, -1,
	    ST_NONE);
	tu_assert_lines(in, 17, 1, 6, 10);
	ck_assert_uint_eq(in->ndiag, 5);	/* one per bad block */
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_file(tu_fixture("powershell/list-connections.txt"),
	    NULL, &in);
	ck_assert_pstr_eq(in->format, "ps-list");
	fleet_free(f);
	f = tu_parse_file(tu_fixture("powershell/list-registry.txt"), NULL,
	    &in);
	ck_assert_pstr_eq(in->format, "ps-list");
	fleet_free(f);
	ck_assert_int_eq(tu_sniff_file(&collector_ps_list,
	    tu_sample("registry/regquery-rdp-tcp-portnumber-extracted.txt")),
	    0);
}
END_TEST

static Suite *
ps_list_suite(void)
{
	Suite	*s = suite_create("ps_list");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_connections);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_value_types);
	tcase_add_test(tc, test_hostile_blocks);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(ps_list_suite()));
}
