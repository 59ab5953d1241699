/*
 * Check suite for collectors/ranges_netsh.c: netsh dynamicport and
 * excludedportrange output, English and translated, the real zh-CN sample,
 * fixtures with echoed command lines, and hostile input.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define ZH_SAMPLE \
	"ranges/windows-zh-cn-netsh-show-excludedportrange-tcp-extracted.txt"

/* Does the decoded text hold s?  (Lines are NUL-terminated in place.) */
static int
check_ranges_netsh_has(const struct input *in, const char *s)
{
	return (memmem(in->buf, in->len, s, strlen(s)) != NULL);
}

START_TEST(test_zh_sample)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 i, adm = 0;
	const char	*set = "netsh show excludedportrange protocol=tcp";

	f = tu_parse_file(tu_sample(ZH_SAMPLE), NULL, &in);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, "netsh");
	tu_assert_lines(in, 20, 14, 6, 0);
	ck_assert_uint_eq(in->records, 14);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 14);
	tu_assert_range(in, 0, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    1026, 1125, 0, set, 5);
	tu_assert_range(in, 4, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    1461, 1560, 0, set, 9);
	tu_assert_range(in, 6, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    5357, 5357, 0, set, 11);
	tu_assert_range(in, 12, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    13863, 13962, 0, set, 17);
	tu_assert_range(in, 13, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    50000, 50059, 1, set, 18);
	for (i = 0; (r = tu_nth(in, REC_RANGE, i)) != NULL; i++)
		adm += r->u.rng.administered;
	ck_assert_int_eq(adm, 1);
	r = tu_nth(in, REC_RANGE, 13);
	ck_assert_str_eq(r->text, "     50000       50059     *");
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);

	/* Forced by family name: same result. */
	f = tu_read(tu_sample(ZH_SAMPLE), "ranges", "netsh", &in);
	tu_assert_lines(in, 20, 14, 6, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_en_dynamicport_blocks)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("ranges_netsh/en-dynamicport-all.txt"), NULL,
	    "netsh", &in);
	tu_assert_lines(in, 28, 4, 24, 0);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 4);
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_TCP, FAM_IPV4,
	    49152, 65535, 0, "netsh int ipv4 show dynamicport tcp", 6);
	tu_assert_range(in, 1, RANGE_EPHEMERAL, PROTO_UDP, FAM_IPV4,
	    49152, 65535, 0, "netsh int ipv4 show dynamicport udp", 13);
	tu_assert_range(in, 2, RANGE_EPHEMERAL, PROTO_TCP, FAM_IPV6,
	    10000, 10999, 0, "netsh int ipv6 show dynamicport tcp", 20);
	tu_assert_range(in, 3, RANGE_EPHEMERAL, PROTO_UDP, FAM_IPV6,
	    1025, 5000, 0, "netsh int ipv6 show dynamicport udp", 27);
	/* CRLF stripped from the evidence text. */
	ck_assert_str_eq(tu_nth(in, REC_RANGE, 0)->text,
	    "Number of Ports : 16384");
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_en_excludedportrange)
{
	struct fleet	*f;
	struct input	*in;
	const char	*t4, *u6;

	t4 = "netsh int ipv4 show excludedportrange protocol=tcp";
	u6 = "netsh int ipv6 show excludedportrange protocol=udp";

	f = tu_read(tu_fixture("ranges_netsh/en-excludedportrange.txt"), NULL,
	    "netsh", &in);
	tu_assert_lines(in, 23, 5, 18, 0);
	tu_assert_range(in, 0, RANGE_EXCLUDED, PROTO_TCP, FAM_IPV4,
	    5357, 5357, 0, t4, 7);
	tu_assert_range(in, 1, RANGE_EXCLUDED, PROTO_TCP, FAM_IPV4,
	    50000, 50059, 1, t4, 8);
	tu_assert_range(in, 2, RANGE_EXCLUDED, PROTO_TCP, FAM_IPV4,
	    51940, 52039, 0, t4, 9);
	tu_assert_range(in, 3, RANGE_EXCLUDED, PROTO_UDP, FAM_IPV6,
	    5050, 5050, 0, u6, 19);
	tu_assert_range(in, 4, RANGE_EXCLUDED, PROTO_UDP, FAM_IPV6,
	    53000, 53000, 1, u6, 20);
	ck_assert_ptr_null(tu_nth(in, REC_RANGE, 5));
	fleet_free(f);
}
END_TEST

START_TEST(test_fr_cp850)
{
	struct fleet	*f;
	struct input	*in;
	const char	*set = "netsh show excludedportrange protocol=tcp";

	f = tu_read(tu_fixture("ranges_netsh/fr-excludedportrange-cp850.txt"),
	    NULL, "netsh", &in);
	ck_assert_str_eq(in->encoding, "CP850");
	/* 0x82 is CP850 e-acute: the heading decodes to "début". */
	ck_assert(check_ranges_netsh_has(in,
	    "Port de d\xc3\xa9" "but    Port"));
	ck_assert(check_ranges_netsh_has(in, "administr\xc3\xa9s."));
	tu_assert_lines(in, 12, 4, 8, 0);
	tu_assert_range(in, 0, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    2869, 2869, 0, set, 6);
	tu_assert_range(in, 2, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    49709, 49808, 0, set, 8);
	tu_assert_range(in, 3, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    50000, 50059, 1, set, 9);
	fleet_free(f);
}
END_TEST

START_TEST(test_fr_mojibake_utf8)
{
	/* The same heading pasted as UTF-8 after a CP1252 misreading. */
	static const char text[] =
	    "\n"
	    "Protocole udp Plages d'exclusion de ports\n"
	    "\n"
	    "Port de d\xe2\x80\x9a" "but    Port de fin\n"
	    "-------------    -----------\n"
	    "      3702        3702\n"
	    "\n"
	    "* - Exclusions de ports administr\xe2\x80\x9as.\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(text, sizeof(text) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "netsh");
	ck_assert_str_eq(in->encoding, "UTF-8");
	tu_assert_lines(in, 8, 1, 7, 0);
	tu_assert_range(in, 0, RANGE_EXCLUDED, PROTO_UDP, FAM_NONE,
	    3702, 3702, 0, "netsh show excludedportrange protocol=udp", 6);
	fleet_free(f);
}
END_TEST

START_TEST(test_de_dynamicport)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("ranges_netsh/de-dynamicport.txt"), NULL,
	    "netsh", &in);
	tu_assert_lines(in, 12, 2, 10, 0);
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_TCP, FAM_NONE,
	    49152, 65535, 0, "netsh show dynamicport tcp", 5);
	tu_assert_range(in, 1, RANGE_EPHEMERAL, PROTO_UDP, FAM_NONE,
	    50000, 65535, 0, "netsh show dynamicport udp", 11);
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_zh_ja_es_guesses)
{
	/* Simplified Chinese dynamicport (guessed labels). */
	static const char zh[] =
	    "\n"
	    "\xe5\x8d\x8f\xe8\xae\xae tcp "
	    "\xe5\x8a\xa8\xe6\x80\x81\xe7\xab\xaf\xe5\x8f\xa3"
	    "\xe8\x8c\x83\xe5\x9b\xb4\n"
	    "---------------------------------\n"
	    "\xe5\x90\xaf\xe5\x8a\xa8\xe7\xab\xaf\xe5\x8f\xa3      : 49152\n"
	    "\xe7\xab\xaf\xe5\x8f\xa3\xe6\x95\xb0      : 16384\n"
	    "\n";
	/* Japanese excludedportrange (guessed labels). */
	static const char ja[] =
	    "\xe3\x83\x97\xe3\x83\xad\xe3\x83\x88\xe3\x82\xb3\xe3\x83\xab udp "
	    "\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88\xe9\x99\xa4\xe5\xa4\x96"
	    "\xe7\xaf\x84\xe5\x9b\xb2\n"
	    "\n"
	    "\xe9\x96\x8b\xe5\xa7\x8b\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88    "
	    "\xe7\xb5\x82\xe4\xba\x86\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88\n"
	    "----------    --------\n"
	    "      5353        5353\n"
	    "     50000       50059     *\n";
	/* Spanish dynamicport: no word known to the sniffer, shape only. */
	static const char es[] =
	    "\n"
	    "Protocolo tcp Intervalo de puertos din\xc3\xa1micos\n"
	    "---------------------------------\n"
	    "Puerto inicial      : 1025\n"
	    "N\xc3\xbamero de puertos   : 3976\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(zh, sizeof(zh) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "netsh");
	tu_assert_lines(in, 6, 1, 5, 0);
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_TCP, FAM_NONE,
	    49152, 65535, 0, "netsh show dynamicport tcp", 5);
	fleet_free(f);

	f = tu_parse_text(ja, sizeof(ja) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "netsh");
	tu_assert_lines(in, 6, 2, 4, 0);
	tu_assert_range(in, 1, RANGE_EXCLUDED, PROTO_UDP, FAM_NONE,
	    50000, 50059, 1, "netsh show excludedportrange protocol=udp", 6);
	fleet_free(f);

	f = tu_parse_text(es, sizeof(es) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "netsh");
	tu_assert_lines(in, 5, 1, 4, 0);
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_TCP, FAM_NONE,
	    1025, 5000, 0, "netsh show dynamicport tcp", 5);
	fleet_free(f);
}
END_TEST

START_TEST(test_fullwidth_colon)
{
	static const char text[] =
	    "Protocol udp Dynamic Port Range\n"
	    "---------------------------------\n"
	    "\xe9\x96\x8b\xe5\xa7\x8b\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88"
	    " \xef\xbc\x9a 60000\n"
	    "\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88\xe6\x95\xb0"
	    " \xef\xbc\x9a 5536\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(text, sizeof(text) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "netsh");
	tu_assert_lines(in, 4, 1, 3, 0);
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_UDP, FAM_NONE,
	    60000, 65535, 0, "netsh show dynamicport udp", 4);
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile_fixture)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("ranges_netsh/hostile.txt"), NULL, "netsh", &in);
	tu_assert_lines(in, 37, 2, 25, 10);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 10);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 11), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 16), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 20), DIAG_BAD_NUMBER);
	ck_assert_int_eq(tu_unparsed_code(in, 28), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 29), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 30), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 31), DIAG_LINE_SHORT);
	ck_assert_int_eq(tu_unparsed_code(in, 32), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 34), DIAG_LINE_UNKNOWN);
	/* The good lines between the bad ones are still read. */
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_TCP, FAM_NONE,
	    1025, 5000, 0, "netsh show dynamicport tcp", 22);
	tu_assert_range(in, 1, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    1000, 1099, 1, "netsh show excludedportrange protocol=tcp", 33);
	ck_assert_uint_eq(in->ndiag, 10);
	fleet_free(f);
}
END_TEST

START_TEST(test_edges)
{
	/* 65535 is the last port: start 65535, one port is fine. */
	static const char last[] =
	    "Protocol tcp Dynamic Port Range\n"
	    "---------------------------------\n"
	    "Start Port      : 65535\n"
	    "Number of Ports : 1\n"
	    "Start Port      : 0\n"
	    "Number of Ports : 10\n";
	static const char orphan[] =
	    "Protocol tcp Dynamic Port Range\n"
	    "---------------------------------\n"
	    "Start Port      : 49152\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(last, sizeof(last) - 1, "netsh", &in);
	tu_assert_lines(in, 6, 1, 4, 1);
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_TCP, FAM_NONE,
	    65535, 65535, 0, "netsh show dynamicport tcp", 4);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_BAD_RANGE);
	fleet_free(f);

	/* A start without its count: known line, but a warning. */
	f = tu_parse_text(orphan, sizeof(orphan) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "netsh");
	tu_assert_lines(in, 3, 0, 3, 0);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_random_bytes)
{
	struct fleet	*f;
	struct input	*in;
	unsigned char	*buf;
	size_t		 n = 65536;

	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	tu_noise(buf, n, 12345);
	f = tu_parse_text((char *)buf, n, "netsh", &in);
	ck_assert_int_eq(in->status, INPUT_OK);
	tu_assert_accounting(in);
	ck_assert_uint_gt(in->lines, 100);
	ck_assert_uint_gt(in->lines_unparsed, 100);
	ck_assert_uint_gt(in->ndiag, 0);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char text[] =
	    "Protocol tcp Port Exclusion Ranges\n"
	    "\n"
	    "Start\0Port    End Port\n"
	    "----------    --------\n"
	    "      5357\0       5357\n"
	    "     50\0" "00       50059\n"
	    "     50000       50059     *\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(text, sizeof(text) - 1, "netsh", &in);
	/* NULs become blanks: "50 00 50059" has three numbers. */
	tu_assert_lines(in, 7, 2, 4, 1);
	tu_assert_range(in, 0, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    5357, 5357, 0, "netsh show excludedportrange protocol=tcp", 5);
	tu_assert_range(in, 1, RANGE_EXCLUDED, PROTO_TCP, FAM_NONE,
	    50000, 50059, 1, "netsh show excludedportrange protocol=tcp", 7);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_BAD_RANGE);
	fleet_free(f);
}
END_TEST

START_TEST(test_long_lines)
{
	static const char head[] = "Protocol tcp Dynamic Port Range\n";
	static const char tail[] =
	    "---------------------------------\n"
	    "Start Port      : 49152\n"
	    "Number of Ports : 16384\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf, *p;
	size_t		 big = 5 * 1024 * 1024, n;

	n = strlen(head) + 2 * (big + 1) + 16 + strlen(tail);
	p = buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	memcpy(p, head, strlen(head));
	p += strlen(head);
	memset(p, 'A', big);		/* text with no shape */
	p += big;
	*p++ = '\n';
	memcpy(p, "Start Port : ", 13);	/* a number far too long */
	p += 13;
	memset(p, '9', big);
	p += big;
	*p++ = '\n';
	memcpy(p, tail, strlen(tail));
	p += strlen(tail);
	f = tu_parse_text(buf, p - buf, "netsh", &in);
	tu_assert_lines(in, 6, 1, 3, 2);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_BAD_NUMBER);
	tu_assert_range(in, 0, RANGE_EPHEMERAL, PROTO_TCP, FAM_NONE,
	    49152, 65535, 0, "netsh show dynamicport tcp", 6);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_sniff)
{
	static const char sysctl[] =
	    "net.ipv4.ip_local_port_range = 32768\t60999\n";
	static const char two[] = "32768\t60999\n";
	static const char rows[] =
	    "Whatever heading\n"
	    "----------    --------\n"
	    "      5357        5357\n";
	static const char title[] = "Protocol tcp Port Exclusion Ranges\n";
	static const char prose[] =
	    "Active Connections\n\n"
	    "  Proto  Local Address          Foreign Address        State\n"
	    "  TCP    0.0.0.0:135          0.0.0.0:0            LISTENING\n";
	const struct collector	*c = &collector_ranges_netsh;

	ck_assert_int_eq(c->sniff(sysctl, sizeof(sysctl) - 1), 0);
	ck_assert_int_eq(c->sniff(two, sizeof(two) - 1), 0);
	ck_assert_int_eq(c->sniff(prose, sizeof(prose) - 1), 0);
	ck_assert_int_ge(c->sniff(rows, sizeof(rows) - 1), 80);
	ck_assert_int_ge(c->sniff(title, sizeof(title) - 1), 90);
	/* Each word of each score, in any case, where "port" is written
	 * PORT or in Chinese: a word is looked for only where it can be. */
	ck_assert_int_eq(c->sniff("DYNAMISCHER PORTBEREICH\n", 24), 95);
	ck_assert_int_eq(c->sniff("\xe5\x8a\xa8\xe6\x80\x81\xe7\xab\xaf"
	    "\xe5\x8f\xa3\n", 13), 95);
	ck_assert_int_eq(c->sniff("x show dynamicport tcp\n", 23), 90);
	ck_assert_int_eq(c->sniff("Anzahl der Ports : 9\n", 21), 80);
	ck_assert_int_eq(c->sniff("Start Port\n", 11), 70);
	ck_assert_int_eq(c->sniff("Start Pot\n", 10), 0);
	/* Never past len: the needle is cut off by the length given. */
	ck_assert_int_eq(c->sniff(title, 20), 0);
	ck_assert_int_eq(c->sniff("", 0), 0);
	ck_assert_str_eq(c->name, "netsh");
	ck_assert_str_eq(c->family, "ranges");
	ck_assert_str_eq(c->legacy, "CP850");
}
END_TEST

static Suite *
check_ranges_netsh_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("ranges_netsh");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_zh_sample);
	tcase_add_test(tc, test_en_dynamicport_blocks);
	tcase_add_test(tc, test_en_excludedportrange);
	tcase_add_test(tc, test_fr_cp850);
	tcase_add_test(tc, test_fr_mojibake_utf8);
	tcase_add_test(tc, test_de_dynamicport);
	tcase_add_test(tc, test_zh_ja_es_guesses);
	tcase_add_test(tc, test_fullwidth_colon);
	tcase_add_test(tc, test_hostile_fixture);
	tcase_add_test(tc, test_edges);
	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_ranges_netsh_suite()));
}
