/*
 * Check suite for collectors/ranges_sysctl.c: Linux sysctl and procfs
 * port ranges, BSD/macOS net.inet.ip.portrange, sysctl.conf, the raw
 * ip_local_reserved_ports file, and hostile input.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define SET_RANGE	"net.ipv4.ip_local_port_range"
#define SET_RESERVED	"net.ipv4.ip_local_reserved_ports"
#define SET_BSD		"net.inet.ip.portrange.first/last"

/* The same range for TCP (record n) and UDP (record n + 1). */
static void
check_ranges_sysctl_pair(struct input *in, int n, enum rwhat what,
    int first, int last, const char *setting, unsigned line)
{
	tu_assert_range(in, n, what, PROTO_TCP, FAM_NONE, first, last, 0,
	    setting, line);
	tu_assert_range(in, n + 1, what, PROTO_UDP, FAM_NONE, first, last, 0,
	    setting, line);
}

START_TEST(test_debian_sysctl)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_sample(
	    "ranges/linux-debian12-sysctl-ip_local_port_range.txt"), NULL,
	    "sysctl", &in);
	/* Range line: record; empty reserved list and unprivileged: known. */
	tu_assert_lines(in, 3, 1, 2, 0);
	ck_assert_uint_eq(in->records, 2);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 32768, 60999,
	    SET_RANGE, 1);
	ck_assert_str_eq(tu_nth(in, REC_RANGE, 0)->text,
	    "net.ipv4.ip_local_port_range = 32768\t60999");
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_proc_raw)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_sample(
	    "ranges/linux-proc-sys-net-ipv4-ip_local_port_range.txt"), NULL,
	    "sysctl", &in);
	tu_assert_lines(in, 1, 1, 0, 0);
	ck_assert_uint_eq(in->records, 2);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 32768, 60999,
	    SET_RANGE, 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_macos_sample)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_sample("ranges/macos-sysctl-net-ohai-fixture.txt"), NULL,
	    "sysctl", &in);
	/* 302 "key: value" lines; only portrange.last (line 10) completes
	 * the first/last pair.  lowfirst 1023 > lowlast 600 is no error. */
	tu_assert_lines(in, 302, 1, 301, 0);
	ck_assert_uint_eq(in->records, 2);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 0);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 49152, 65535,
	    SET_BSD, 10);
	ck_assert_str_eq(tu_nth(in, REC_RANGE, 1)->text,
	    "net.inet.ip.portrange.last: 65535");
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_freebsd_any_order)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("ranges_sysctl/freebsd-sysctl-portrange.txt"),
	    NULL, "sysctl", &in);
	/* .last on line 8 before .first on line 9: record on line 9. */
	tu_assert_lines(in, 11, 1, 10, 0);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 10000, 65535,
	    SET_BSD, 9);
	ck_assert_ptr_null(tu_nth(in, REC_RANGE, 2));
	ck_assert_uint_eq(in->ndiag, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_raw_reserved_file)
{
	static const char list[] = "8080,9148,50000-50100\n";
	struct fleet	*f;
	struct input	*in;

	/* Named ip_local_reserved_ports: a reserved list. */
	f = tu_parse_file(tu_fixture("ranges_sysctl/ip_local_reserved_ports"),
	    "sysctl", &in);
	tu_assert_lines(in, 1, 1, 0, 0);
	ck_assert_uint_eq(in->records, 6);
	check_ranges_sysctl_pair(in, 0, RANGE_RESERVED, 8080, 8080,
	    SET_RESERVED, 1);
	check_ranges_sysctl_pair(in, 2, RANGE_RESERVED, 9148, 9148,
	    SET_RESERVED, 1);
	check_ranges_sysctl_pair(in, 4, RANGE_RESERVED, 50000, 50100,
	    SET_RESERVED, 1);
	fleet_free(f);

	/* The same bytes under another name are not understood. */
	f = tu_parse_file(tu_write_temp(list, sizeof(list) - 1, "ports.txt"),
	    "sysctl", &in);
	tu_assert_lines(in, 1, 0, 0, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	fleet_free(f);

	/* Empty (the default): nothing reserved, nothing wrong. */
	f = tu_parse_file(tu_write_temp("\n", 1, "ip_local_reserved_ports"),
	    "sysctl", &in);
	tu_assert_lines(in, 1, 0, 1, 0);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	fleet_free(f);

	/* A bad item in a raw file. */
	f = tu_parse_file(tu_write_temp("8080,99999\n", 11,
	    "ip_local_reserved_ports"), "sysctl", &in);
	tu_assert_lines(in, 1, 0, 0, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_BAD_RANGE);
	fleet_free(f);
}
END_TEST

START_TEST(test_both_keys)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("ranges_sysctl/linux-sysctl-both.txt"), NULL,
	    "sysctl", &in);
	tu_assert_lines(in, 3, 2, 1, 0);
	ck_assert_uint_eq(in->records, 8);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 1024, 65000,
	    SET_RANGE, 1);
	check_ranges_sysctl_pair(in, 2, RANGE_RESERVED, 8080, 8080,
	    SET_RESERVED, 2);
	check_ranges_sysctl_pair(in, 4, RANGE_RESERVED, 9148, 9148,
	    SET_RESERVED, 2);
	check_ranges_sysctl_pair(in, 6, RANGE_RESERVED, 50000, 50100,
	    SET_RESERVED, 2);
	fleet_free(f);
}
END_TEST

START_TEST(test_sysctl_conf)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("ranges_sysctl/linux-sysctl.conf"), NULL,
	    "sysctl", &in);
	/* Comments, blank line and an unrelated key are known. */
	tu_assert_lines(in, 7, 2, 5, 0);
	ck_assert_uint_eq(in->records, 6);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 15000, 64999,
	    SET_RANGE, 4);
	/* The slash form of the key, blanks after the comma. */
	check_ranges_sysctl_pair(in, 2, RANGE_RESERVED, 50000, 50100,
	    SET_RESERVED, 5);
	check_ranges_sysctl_pair(in, 4, RANGE_RESERVED, 58080, 58080,
	    SET_RESERVED, 5);
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile_fixture)
{
	struct fleet	*f;
	struct input	*in;
	static const int codes[] = {
		DIAG_BAD_PORT, DIAG_BAD_PORT, DIAG_BAD_RANGE, DIAG_BAD_RANGE,
		DIAG_BAD_RANGE, DIAG_BAD_RANGE, DIAG_BAD_RANGE, DIAG_BAD_RANGE,
		DIAG_BAD_PORT, DIAG_BAD_PORT
	};
	unsigned	 i;

	f = tu_read(tu_fixture("ranges_sysctl/hostile.txt"), NULL, "sysctl",
	    &in);
	tu_assert_lines(in, 16, 1, 3, 12);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		ck_assert_int_eq(tu_unparsed_code(in, i + 1), codes[i]);
	/* first 60000 (line 11) then last 50000 (line 12): descending. */
	ck_assert_int_eq(tu_unparsed_code(in, 11), -1);
	ck_assert_int_eq(tu_unparsed_code(in, 12), DIAG_BAD_RANGE);
	ck_assert_int_eq(tu_unparsed_code(in, 13), -1);
	ck_assert_int_eq(tu_unparsed_code(in, 14), -1);
	ck_assert_int_eq(tu_unparsed_code(in, 15), DIAG_LINE_UNKNOWN);
	/* The last good line is still read. */
	ck_assert_uint_eq(in->records, 2);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 40000, 50000,
	    SET_RANGE, 16);
	/* 12 unparsed lines, and the lone .last on line 13 warned. */
	ck_assert_uint_eq(in->ndiag, 13);
	fleet_free(f);
}
END_TEST

START_TEST(test_lone_and_edges)
{
	static const char lone[] = "net.inet.ip.portrange.first: 49152\n";
	static const char twice[] =
	    "net.inet.ip.portrange.first: 1024\n"
	    "net.inet.ip.portrange.first: 5000\n"
	    "net.inet.ip.portrange.last: 5000\n";
	static const char edges[] =
	    "net.ipv4.ip_local_port_range = 0 65535\n"
	    "net.ipv4.ip_local_port_range = 65535 65535\n"
	    "net.ipv4.ip_local_port_range = 1024 65536\n"
	    "net.ipv4.ip_local_reserved_ports = 0,65535\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(lone, sizeof(lone) - 1, NULL, &in);
	ck_assert_str_eq(in->coll->name, "sysctl");
	tu_assert_lines(in, 1, 0, 1, 0);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 0);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);

	/* A repeated .first replaces the earlier one, which is warned. */
	f = tu_parse_text(twice, sizeof(twice) - 1, NULL, &in);
	tu_assert_lines(in, 3, 1, 2, 0);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 5000, 5000,
	    SET_BSD, 3);
	ck_assert_uint_eq(in->ndiag, 1);
	fleet_free(f);

	f = tu_parse_text(edges, sizeof(edges) - 1, NULL, &in);
	tu_assert_lines(in, 4, 3, 0, 1);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 0, 65535,
	    SET_RANGE, 1);
	check_ranges_sysctl_pair(in, 2, RANGE_EPHEMERAL, 65535, 65535,
	    SET_RANGE, 2);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_BAD_PORT);
	check_ranges_sysctl_pair(in, 4, RANGE_RESERVED, 0, 0,
	    SET_RESERVED, 4);
	check_ranges_sysctl_pair(in, 6, RANGE_RESERVED, 65535, 65535,
	    SET_RESERVED, 4);
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
	tu_noise(buf, n, 4242);
	f = tu_parse_text((char *)buf, n, "sysctl", &in);
	ck_assert_int_eq(in->status, INPUT_OK);
	tu_assert_accounting(in);
	ck_assert_uint_gt(in->lines, 100);
	ck_assert_uint_gt(in->lines_unparsed, 100);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char text[] =
	    "net.ipv4.ip_local_port_range\0=\0" "32768\t60999\n"
	    "net.ipv4.ip_local_reserved_ports = 80\0" "80\n"
	    "\0\0\0\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text(text, sizeof(text) - 1, "sysctl", &in);
	/* NULs become blanks: line 1 still reads, "80 80" is no item. */
	tu_assert_lines(in, 3, 1, 1, 1);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 32768, 60999,
	    SET_RANGE, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_BAD_RANGE);
	fleet_free(f);
}
END_TEST

START_TEST(test_long_lines)
{
	static const char k1[] = "net.ipv4.ip_local_port_range = ";
	static const char tail[] = "net.ipv4.ip_local_port_range = 1 2\n";
	struct fleet	*f;
	struct input	*in;
	char		*buf, *p;
	size_t		 big = 5 * 1024 * 1024, i;

	p = buf = malloc(strlen(k1) + 2 * (big + 1) + strlen(tail));
	ck_assert_ptr_nonnull(buf);
	memcpy(p, k1, strlen(k1));	/* a 5 MB number */
	p += strlen(k1);
	memset(p, '9', big);
	p += big;
	*p++ = '\n';
	for (i = 0; i < big; i += 2) {	/* a 5 MB key with no value */
		*p++ = 'a';
		*p++ = '.';
	}
	*p++ = '\n';
	memcpy(p, tail, strlen(tail));
	p += strlen(tail);
	f = tu_parse_text(buf, p - buf, "sysctl", &in);
	tu_assert_lines(in, 3, 1, 0, 2);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_LINE_UNKNOWN);
	check_ranges_sysctl_pair(in, 0, RANGE_EPHEMERAL, 1, 2, SET_RANGE, 3);
	fleet_free(f);
	free(buf);
}
END_TEST

START_TEST(test_sniff)
{
	static const char generic[] =
	    "kernel.ostype = Linux\nvm.swappiness = 60\n";
	static const char two[] = "32768\t60999\n";
	static const char netsh[] =
	    "Protocol tcp Dynamic Port Range\n"
	    "---------------------------------\n"
	    "Start Port      : 49152\n"
	    "Number of Ports : 16384\n";
	static const char prose[] = "hello world\nthis is text\n";
	static const char bsd[] = "net.inet.ip.portrange.first: 49152\n";
	const struct collector	*c = &collector_ranges_sysctl;

	ck_assert_int_ge(c->sniff(bsd, sizeof(bsd) - 1), 90);
	ck_assert_int_eq(c->sniff(generic, sizeof(generic) - 1), 50);
	ck_assert_int_eq(c->sniff(two, sizeof(two) - 1), 60);
	ck_assert_int_eq(c->sniff(netsh, sizeof(netsh) - 1), 0);
	ck_assert_int_eq(c->sniff(prose, sizeof(prose) - 1), 0);
	/* A key on a later line counts; one inside a line does not. */
	ck_assert_int_ge(c->sniff("kernel.ostype = Linux\nnet.ipv4."
	    "ip_local_port_range = 32768 60999\n", 64), 90);
	ck_assert_int_lt(c->sniff("x = net.ipv4.ip_local_port_range\n", 33),
	    90);
	ck_assert_int_lt(c->sniff("nnet.ipv4.ip_local_port_range = 1\n", 34),
	    90);
	/* Cut before the key is complete: not a portrange line any more. */
	ck_assert_int_lt(c->sniff(bsd, 12), 90);
	ck_assert_int_eq(c->sniff("", 0), 0);
	ck_assert_str_eq(c->name, "sysctl");
	ck_assert_str_eq(c->family, "ranges");
	ck_assert_str_eq(c->legacy, "CP1252");
}
END_TEST

static Suite *
check_ranges_sysctl_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("ranges_sysctl");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_debian_sysctl);
	tcase_add_test(tc, test_proc_raw);
	tcase_add_test(tc, test_macos_sample);
	tcase_add_test(tc, test_freebsd_any_order);
	tcase_add_test(tc, test_raw_reserved_file);
	tcase_add_test(tc, test_both_keys);
	tcase_add_test(tc, test_sysctl_conf);
	tcase_add_test(tc, test_hostile_fixture);
	tcase_add_test(tc, test_lone_and_edges);
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
	return (tu_run_suite(check_ranges_sysctl_suite()));
}
