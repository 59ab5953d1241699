/*
 * Core: number parsing, decoding, the line walk and its accounting,
 * interning, name resolution and CSV cell neutralisation.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <csv.h>

#include "portaudit.h"
#include "collector.h"
#include "render/render.h"
#include "testutil.h"

START_TEST(test_parse_port_edges)
{
	const char	*err;
	int		 port = -7;

	ck_assert_int_eq(util_parse_port("0", 1, &port, &err), 0);
	ck_assert_int_eq(port, 0);
	ck_assert_int_eq(util_parse_port("65535", 5, &port, &err), 0);
	ck_assert_int_eq(port, 65535);
	ck_assert_int_eq(util_parse_port("65536", 5, &port, &err), -1);
	ck_assert_str_eq(err, "port above 65535");
	ck_assert_int_eq(util_parse_port("99999", 5, &port, &err), -1);
	ck_assert_int_eq(util_parse_port("-1", 2, &port, &err), -1);
	ck_assert_str_eq(err, "negative port");
	ck_assert_int_eq(util_parse_port("0x50", 4, &port, &err), -1);
	ck_assert_int_eq(util_parse_port("", 0, &port, &err), -1);
	ck_assert_int_eq(util_parse_port("99999999999999999999999", 23, &port,
	    &err), -1);
	ck_assert_str_eq(err, "number too large");
	/* Only the first n bytes count. */
	ck_assert_int_eq(util_parse_port("135:x", 3, &port, &err), 0);
	ck_assert_int_eq(port, 135);
}
END_TEST

START_TEST(test_parse_ulong_hex)
{
	unsigned long long	 v;
	const char		*err;

	ck_assert_int_eq(util_parse_ulong("0xd3d", 5, 1, &v, &err), 0);
	ck_assert_uint_eq(v, 3389);
	ck_assert_int_eq(util_parse_ulong("0xd3d", 5, 0, &v, &err), -1);
	ck_assert_int_eq(util_parse_ulong("0x", 2, 1, &v, &err), -1);
}
END_TEST

START_TEST(test_dirname_last)
{
	char	*s;

	s = util_dirname_last("fleet/site1/DC01/netstat.txt");
	ck_assert_str_eq(s, "DC01");
	free(s);
	s = util_dirname_last("netstat.txt");
	ck_assert_str_eq(s, ".");
	free(s);
	s = util_dirname_last("a//b.txt");
	ck_assert_str_eq(s, "a");
	free(s);
}
END_TEST

START_TEST(test_detect)
{
	ck_assert_int_eq(decode_detect((const unsigned char *)"\xef\xbb\xbfx",
	    4), ENC_UTF8_BOM);
	ck_assert_int_eq(decode_detect((const unsigned char *)"\xff\xfe" "a\0",
	    4), ENC_UTF16LE);
	ck_assert_int_eq(decode_detect((const unsigned char *)"\xfe\xff\0a",
	    4), ENC_UTF16BE);
	ck_assert_int_eq(decode_detect((const unsigned char *)
	    "T\0C\0P\0 \0 \0" "0\0.\0" "0\0", 16), ENC_UTF16LE_NOBOM);
	ck_assert_int_eq(decode_detect((const unsigned char *)"ABH\x99REN", 7),
	    ENC_LEGACY);
	ck_assert_int_eq(decode_detect((const unsigned char *)
	    "\xc3\x89tat", 5), ENC_UTF8);
	/* Overlong and surrogate encodings are not UTF-8. */
	ck_assert_int_eq(decode_detect((const unsigned char *)"\xc0\xaf", 2),
	    ENC_LEGACY);
	ck_assert_int_eq(decode_detect((const unsigned char *)"\xed\xa0\x80",
	    3), ENC_LEGACY);
}
END_TEST

/*
 * ASCII is passed over 32 and 8 bytes at a time: a bad byte or a good
 * sequence is still seen at any place of a long text, and a sequence
 * cut by the end of the text is bad.
 */
START_TEST(test_detect_long)
{
	unsigned char	 s[100];
	size_t		 at, n;

	for (n = 1; n <= sizeof(s); n++)
		for (at = 0; at < n; at++) {
			memset(s, 'x', sizeof(s));
			s[at] = 0x99;
			ck_assert_int_eq(decode_detect(s, n), ENC_LEGACY);
			if (at + 2 > n)
				continue;
			s[at] = 0xc3;
			s[at + 1] = 0x89;
			ck_assert_msg(decode_detect(s, n) == ENC_UTF8,
			    "n %zu at %zu", n, at);
			ck_assert_int_eq(decode_detect(s, at + 1), ENC_LEGACY);
		}
}
END_TEST

START_TEST(test_convert_cp850)
{
	unsigned long	 bad;
	size_t		 len;
	char		*s;

	s = decode_convert((const unsigned char *)"ABH\x99REN", 7, "CP850",
	    &len, &bad);
	ck_assert_str_eq(s, "ABH\xc3\x96REN");
	ck_assert_uint_eq(bad, 0);
	free(s);
}
END_TEST

START_TEST(test_convert_utf16_odd)
{
	unsigned long	 bad;
	size_t		 len;
	char		*s;

	/* "ok" plus half a code unit. */
	s = decode_convert((const unsigned char *)"o\0k\0x", 5, "UTF-16LE",
	    &len, &bad);
	ck_assert_uint_eq(bad, 1);
	ck_assert_str_eq(s, "ok\xef\xbf\xbd");
	free(s);
	/* A lone surrogate in the middle is replaced, the rest kept. */
	s = decode_convert((const unsigned char *)"a\0\x00\xd8" "b\0", 6,
	    "UTF-16LE", &len, &bad);
	ck_assert_uint_eq(bad, 1);
	ck_assert_str_eq(s, "a\xef\xbf\xbd" "b");
	free(s);
}
END_TEST

/* What iconv alone makes of UTF-16 without a bad unit (malloc'd). */
static char *
check_core_iconv(const char *in, size_t inlen, const char *from,
    size_t *outlen)
{
	iconv_t	 cd;
	char	*out, *ip = (char *)in, *op;
	size_t	 il = inlen, ol = inlen * 2 + 1;

	ck_assert_ptr_ne(cd = iconv_open("UTF-8", from), (iconv_t)-1);
	op = out = xmalloc(ol);
	ck_assert_uint_ne(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
	iconv_close(cd);
	*outlen = op - out;
	return (out);
}

/*
 * UTF-16 of ASCII alone is taken byte for byte, the rest goes through
 * iconv: both ways give iconv's bytes, NULs and controls included, in
 * either byte order, with one unit past ASCII anywhere.
 */
START_TEST(test_convert_utf16_ascii)
{
	static const char *const from[] = { "UTF-16LE", "UTF-16BE" };
	unsigned char	 noise[64];
	char		 in[128], *a, *b;
	unsigned long	 bad;
	size_t		 n, i, la, lb, f;
	unsigned	 seed;

	for (seed = 1; seed <= 600; seed++)
		for (f = 0; f < 2; f++) {
			tu_noise(noise, sizeof(noise), seed);
			n = noise[0] % 60;
			for (i = 0; i < n; i++) {
				in[2 * i + f] = noise[i + 1] & 0x7f;
				in[2 * i + 1 - f] = 0;
			}
			/* One unit past ASCII, high byte or low. */
			if (seed % 3 == 0 && n > 0)
				in[2 * (seed % n) + 1 - f] = 0x04;
			else if (seed % 3 == 1 && n > 0)
				in[2 * (seed % n) + f] = 0xe9;
			a = decode_convert((unsigned char *)in, 2 * n, from[f],
			    &la, &bad);
			b = check_core_iconv(in, 2 * n, from[f], &lb);
			ck_assert_uint_eq(bad, 0);
			ck_assert_msg(la == lb && memcmp(a, b, la) == 0,
			    "seed %u %s: %zu/%zu bytes", seed, from[f], la,
			    lb);
			ck_assert_int_eq(a[la], '\0');
			free(a);
			free(b);
		}
}
END_TEST

START_TEST(test_nuls)
{
	char	 s[] = "a\0b\0\0c";

	ck_assert_uint_eq(decode_nuls(s, 6), 3);
	ck_assert_int_eq(memcmp(s, "a b  c", 6), 0);
}
END_TEST

/* Walk text with a collector that knows lines starting with '#' and makes
 * records of lines starting with 'r', leaving the rest unclassified. */
static struct input *
core_walk(struct fleet *f, const char *text, size_t len, char ***lines)
{
	struct input	*in;
	struct parse	 p;
	char		*l;
	int		 n = 0;

	in = arena_alloc(f->arena, sizeof(*in));
	in->path = "mem";
	in->host = fleet_host(f, "h");
	in->buf = xmalloc(len + 1);
	memcpy(in->buf, text, len);
	in->buf[len] = '\0';
	in->len = len;
	f->inputs = xrealloc(f->inputs, sizeof(*f->inputs));
	f->inputs[0] = in;
	f->ninputs = 1;
	*lines = xcalloc(16, sizeof(char *));
	parse_init(&p, f, in);
	while ((l = parse_next_line(&p, NULL)) != NULL) {
		if (n < 15)
			(*lines)[n++] = xstrdup(l);
		if (l[0] == '#')
			parse_known(&p);
		else if (l[0] == 'r')
			rec_add(&p, REC_SOCKET);
	}
	parse_finish(&p);
	return (in);
}

static void
core_free_lines(char **lines)
{
	int	 i;

	for (i = 0; lines[i] != NULL; i++)
		free(lines[i]);
	free(lines);
}

START_TEST(test_lines_crlf_and_accounting)
{
	struct fleet	*f = fleet_new();
	struct input	*in;
	char		**l;

	diag_quiet = 1;
	in = core_walk(f, "#h\r\nr1\r\n??\r\nr2", 15, &l);
	ck_assert_str_eq(l[0], "#h");
	ck_assert_str_eq(l[1], "r1");
	ck_assert_str_eq(l[2], "??");
	ck_assert_str_eq(l[3], "r2");	/* no final terminator */
	ck_assert_ptr_null(l[4]);
	ck_assert_uint_eq(in->lines, 4);
	ck_assert_uint_eq(in->lines_known, 1);
	ck_assert_uint_eq(in->lines_record, 2);
	/* The forgotten line is kept as unparsed, never dropped. */
	ck_assert_uint_eq(in->lines_unparsed, 1);
	ck_assert_uint_eq(tu_count(in, REC_UNPARSED), 1);
	ck_assert_uint_eq(tu_nth(in, REC_UNPARSED, 0)->line, 3);
	ck_assert_int_eq(tu_nth(in, REC_UNPARSED, 0)->u.unp.code,
	    DIAG_UNCLASSIFIED);
	ck_assert_str_eq(tu_nth(in, REC_SOCKET, 1)->text, "r2");
	ck_assert_uint_eq(in->ndiag, 1);
	core_free_lines(l);
	fleet_free(f);
}
END_TEST

START_TEST(test_lines_cr_only)
{
	struct fleet	*f = fleet_new();
	struct input	*in;
	char		**l;

	in = core_walk(f, "r1\rr2\r#\r", 8, &l);
	ck_assert_str_eq(l[0], "r1");
	ck_assert_str_eq(l[1], "r2");
	ck_assert_str_eq(l[2], "#");
	ck_assert_uint_eq(in->lines, 3);
	ck_assert_uint_eq(in->lines_record, 2);
	core_free_lines(l);
	fleet_free(f);
}
END_TEST

START_TEST(test_count_lines)
{
	struct input	 in;

	memset(&in, 0, sizeof(in));
	in.buf = "a\rb\rc";
	in.len = 5;
	ck_assert_uint_eq(parse_count_lines(&in), 3);
	in.buf = "a\r\nb\n";
	in.len = 5;
	ck_assert_uint_eq(parse_count_lines(&in), 2);
	in.buf = "";
	in.len = 0;
	ck_assert_uint_eq(parse_count_lines(&in), 0);
}
END_TEST

START_TEST(test_lines_empty_and_blank)
{
	struct fleet	*f = fleet_new();
	struct input	*in;
	char		**l;

	diag_quiet = 1;
	in = core_walk(f, "", 0, &l);
	ck_assert_uint_eq(in->lines, 0);
	core_free_lines(l);
	fleet_free(f);
	f = fleet_new();
	in = core_walk(f, "\n\n", 2, &l);
	ck_assert_uint_eq(in->lines, 2);
	ck_assert_uint_eq(in->lines_unparsed, 2);
	core_free_lines(l);
	fleet_free(f);
}
END_TEST

/* util_slurp(): the bytes and a NUL, a size limit, a missing file. */
START_TEST(test_slurp)
{
	static const char text[] = "a,b\r\n1,2\r\n";
	const char	*path = tu_write_temp(text, sizeof(text) - 1, "x.csv");
	char		*buf;
	size_t		 len = 99;

	ck_assert_ptr_nonnull(buf = util_slurp(path, 0, &len));
	ck_assert_uint_eq(len, sizeof(text) - 1);
	ck_assert_int_eq(memcmp(buf, text, len), 0);
	ck_assert_int_eq(buf[len], '\0');
	free(buf);
	ck_assert_ptr_nonnull(buf = util_slurp(path, sizeof(text) - 1, &len));
	free(buf);
	errno = 0;
	ck_assert_ptr_null(util_slurp(path, sizeof(text) - 2, &len));
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_ptr_null(util_slurp("/nonexistent/x.csv", 0, &len));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(test_intern)
{
	struct fleet	*f = fleet_new();
	const char	*a, *b, *c;
	char		 name[32];
	int		 i;

	a = fleet_intern(f, "svchost.exe", 11);
	b = fleet_intern(f, "svchost.exe and more", 11);
	c = fleet_intern(f, "svchost", 7);
	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_ne(a, c);
	ck_assert_str_eq(c, "svchost");
	/* Growth keeps earlier strings found. */
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		fleet_intern(f, name, strlen(name));
	}
	ck_assert_ptr_eq(fleet_intern(f, "svchost.exe", 11), a);
	ck_assert_ptr_eq(fleet_intern(f, "p4999", 5),
	    fleet_intern(f, "p4999", 5));
	fleet_free(f);
}
END_TEST

/*
 * A thread's recent lookups answer for the table they came from only:
 * two fleets alive at once each have their own copy, however the
 * lookups alternate.
 */
START_TEST(test_intern_two_fleets)
{
	struct fleet	*f = fleet_new(), *g = fleet_new();
	const char	*a, *b;
	int		 i;

	for (i = 0; i < 3; i++) {
		a = fleet_intern(f, "lsass.exe", 9);
		b = fleet_intern(g, "lsass.exe", 9);
		ck_assert_ptr_ne(a, b);
		ck_assert_ptr_eq(fleet_intern(f, "lsass.exe", 9), a);
		ck_assert_ptr_eq(fleet_intern(g, "lsass.exe", 9), b);
		ck_assert_str_eq(a, "lsass.exe");
		ck_assert_str_eq(b, "lsass.exe");
	}
	/* The string looked up last is not taken for a longer one. */
	a = fleet_intern(f, "lsass", 5);
	ck_assert_str_eq(fleet_intern(f, "lsass.exe", 9), "lsass.exe");
	ck_assert_ptr_eq(fleet_intern(f, "lsass", 5), a);
	fleet_free(f);
	fleet_free(g);
}
END_TEST

START_TEST(test_arena_big)
{
	struct arena	*a = arena_new();
	char		*small, *big;

	small = arena_alloc(a, 10);
	big = arena_alloc(a, 5 * 1024 * 1024);
	memset(big, 'x', 5 * 1024 * 1024);
	ck_assert_int_eq(small[0], 0);
	ck_assert_ptr_ne(arena_alloc(a, 8), big);
	arena_free(a);
}
END_TEST

START_TEST(test_builtin_names)
{
	ck_assert_int_eq(model_builtin_port("epmap", PROTO_TCP), 135);
	ck_assert_int_eq(model_builtin_port("microsoft-ds", PROTO_TCP), 445);
	ck_assert_int_eq(model_builtin_port("HTTPS", PROTO_TCP), 443);
	ck_assert_int_eq(model_builtin_port("ssh", PROTO_UDP), -1);
	ck_assert_int_eq(model_builtin_port("no-such-name", PROTO_TCP), -1);
}
END_TEST

struct core_csv {
	char	 cells[16][64];
	int	 n;
};

static void
core_csv_cell(void *s, size_t len, void *data)
{
	struct core_csv	*c = data;

	if (c->n < 16)
		snprintf(c->cells[c->n++], 64, "%.*s", (int)len, (char *)s);
}

START_TEST(test_csv_neutralised)
{
	struct csv_parser	 p;
	struct core_csv		 c;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp;

	fp = open_memstream(&buf, &len);
	csvw_cell(fp, "=HYPERLINK(\"x\")", 0);
	csvw_cell(fp, "+1", 1);
	csvw_cell(fp, "-2", 1);
	csvw_cell(fp, "@SUM(A1)", 1);
	csvw_cell(fp, "\tx", 1);
	csvw_cell(fp, "a,\"b\"", 1);
	csvw_int(fp, -1, 1);
	csvw_int(fp, 135, 1);
	csvw_end(fp);
	fclose(fp);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(csv_init(&p, CSV_STRICT), 0);
	ck_assert_uint_eq(csv_parse(&p, buf, len, core_csv_cell, NULL, &c),
	    len);
	csv_fini(&p, core_csv_cell, NULL, &c);
	csv_free(&p);
	free(buf);
	ck_assert_int_eq(c.n, 8);
	ck_assert_str_eq(c.cells[0], "'=HYPERLINK(\"x\")");
	ck_assert_str_eq(c.cells[1], "'+1");
	ck_assert_str_eq(c.cells[2], "'-2");
	ck_assert_str_eq(c.cells[3], "'@SUM(A1)");
	ck_assert_str_eq(c.cells[4], "'\tx");
	ck_assert_str_eq(c.cells[5], "a,\"b\"");
	ck_assert_str_eq(c.cells[6], "");
	ck_assert_str_eq(c.cells[7], "135");
}
END_TEST

START_TEST(test_read_missing_and_folder)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_file("tests/no-such-file", NULL, &in);
	ck_assert_int_eq(in->status, INPUT_UNREADABLE);
	fleet_free(f);
	f = tu_parse_file("tests", NULL, &in);
	ck_assert_int_eq(in->status, INPUT_UNREADABLE);
	ck_assert_str_eq(in->host->name, ".");
	fleet_free(f);
}
END_TEST

START_TEST(test_read_unidentified_counted)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text("hello\nworld\n", 12, NULL, &in);
	ck_assert_int_eq(in->status, INPUT_UNIDENTIFIED);
	ck_assert_uint_eq(in->lines, 2);
	ck_assert_uint_eq(in->lines_unparsed, 2);
	fleet_free(f);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("core");
	TCase	*t = tcase_create("core");

	tcase_add_test(t, test_parse_port_edges);
	tcase_add_test(t, test_parse_ulong_hex);
	tcase_add_test(t, test_dirname_last);
	tcase_add_test(t, test_detect);
	tcase_add_test(t, test_detect_long);
	tcase_add_test(t, test_convert_cp850);
	tcase_add_test(t, test_convert_utf16_odd);
	tcase_add_test(t, test_convert_utf16_ascii);
	tcase_add_test(t, test_nuls);
	tcase_add_test(t, test_lines_crlf_and_accounting);
	tcase_add_test(t, test_lines_cr_only);
	tcase_add_test(t, test_count_lines);
	tcase_add_test(t, test_lines_empty_and_blank);
	tcase_add_test(t, test_slurp);
	tcase_add_test(t, test_intern);
	tcase_add_test(t, test_intern_two_fleets);
	tcase_add_test(t, test_arena_big);
	tcase_add_test(t, test_builtin_names);
	tcase_add_test(t, test_csv_neutralised);
	tcase_add_test(t, test_read_missing_and_folder);
	tcase_add_test(t, test_read_unidentified_counted);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
