/*
 * bufw.c, the buffer inspect writes its records into: JSON strings must
 * be the bytes jansson writes for the same text (after jsonw_text() made
 * it UTF-8), for every byte, bad UTF-8 and random noise; CSV cells the
 * bytes csvw_cell() writes; and inspect's JSON Lines over hostile input
 * must read back with jansson, every line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "render/render.h"
#include "testutil.h"

/* What bufw_json_str() writes for s, NUL-terminated (malloc'd). */
static char *
cb_json(const char *s)
{
	struct bufw	 b;
	char		*mem = NULL;
	size_t		 len = 0;
	FILE		*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&mem, &len));
	bufw_init(&b, fp);
	bufw_json_str(&b, s);
	bufw_done(&b);
	ck_assert_int_eq(b.err, 0);
	fclose(fp);
	return (mem);
}

/* What jansson writes for the same text through jsonw_text(). */
static char *
cb_jansson(const char *s)
{
	json_t	*v;
	char	*out;

	v = jsonw_text(s);
	out = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(v);
	ck_assert_ptr_nonnull(out);
	return (out);
}

/*
 * The same bytes as jansson; where jansson gives up (iconv lets a code
 * point past U+10FFFF through, jansson then refuses it), a JSON string
 * that jansson reads back, with U+FFFD where the bytes were bad.
 */
static void
cb_same_json(const char *s, const char *what)
{
	json_error_t	 err;
	json_t		*v;
	char		*a, *b;

	a = cb_json(s);
	b = cb_jansson(s);
	if (strcmp(b, "null") == 0) {
		v = json_loads(a, JSON_DECODE_ANY, &err);
		ck_assert_msg(v != NULL && json_is_string(v), "%s: bufw %s: %s",
		    what, a, err.text);
		ck_assert_ptr_nonnull(strstr(json_string_value(v),
		    "\xef\xbf\xbd"));
		json_decref(v);
	} else
		ck_assert_msg(strcmp(a, b) == 0, "%s: bufw %s, jansson %s",
		    what, a, b);
	free(a);
	free(b);
}

/* Every byte alone, and inside text. */
START_TEST(test_json_every_byte)
{
	char	 s[8], what[32];
	int	 c;

	for (c = 1; c < 256; c++) {
		snprintf(s, sizeof(s), "%c", c);
		snprintf(what, sizeof(what), "byte 0x%02x", c);
		cb_same_json(s, what);
		snprintf(s, sizeof(s), "a%cb", c);
		cb_same_json(s, what);
	}
}
END_TEST

/*
 * Every byte at every place of a longer string: plain ASCII is copied
 * eight bytes at a time, so a byte to escape or check must be seen in
 * any lane of such a block, and at the block's edges.
 */
START_TEST(test_json_every_lane)
{
	char	 s[26], what[48];
	size_t	 pos;
	int	 c;

	for (c = 1; c < 256; c++)
		for (pos = 0; pos < sizeof(s) - 1; pos++) {
			memset(s, 'x', sizeof(s) - 1);
			s[sizeof(s) - 1] = '\0';
			s[pos] = c;
			snprintf(what, sizeof(what), "byte 0x%02x at %zu", c,
			    pos);
			cb_same_json(s, what);
		}
}
END_TEST

/* Control characters escaped, bad UTF-8 replaced by U+FFFD. */
START_TEST(test_json_escapes)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "tab\there", "\"tab\\there\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001F\x7f\"" },
		{ "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
		{ "\r\n\b\f", "\"\\r\\n\\b\\f\"" },
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
		{ "\xc0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },	/* overlong */
		{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf4\x90\x80\x80x", "\"\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbdx\"" },		/* > U+10FFFF */
		{ "a\xe2\x82", "\"a\xef\xbf\xbd\xef\xbf\xbd\"" },	/* cut */
		{ "\xe2\x82" "A\n", "\"\xef\xbf\xbd\xef\xbf\xbd" "A\\n\"" },
		{ "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },
	};
	size_t	 i;
	char	*a;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = cb_json(cases[i].in);
		ck_assert_msg(strcmp(a, cases[i].out) == 0, "case %zu: %s", i,
		    a);
		free(a);
		cb_same_json(cases[i].in, "case");
	}
	a = cb_json(NULL);
	ck_assert_str_eq(a, "null");
	free(a);
}
END_TEST

/* Random bytes, mostly high ones, compared with jansson. */
START_TEST(test_json_noise)
{
	unsigned char	 buf[64];
	char		 what[32];
	unsigned	 seed;
	size_t		 i;

	for (seed = 1; seed <= 4000; seed++) {
		tu_noise(buf, sizeof(buf) - 1, seed);
		for (i = 0; i < sizeof(buf) - 1; i++) {
			if (buf[i] == 0)
				buf[i] = 0x80 | seed;
			if (seed % 2 == 0 && buf[i] < 0x80)
				buf[i] = ' ' + buf[i] % 64;
		}
		buf[sizeof(buf) - 1] = '\0';
		snprintf(what, sizeof(what), "noise %u", seed);
		cb_same_json((char *)buf, what);
	}
}
END_TEST

/* CSV cells: the bytes csvw_cell() and csvw_int() write. */
START_TEST(test_csv_cells)
{
	static const char *const cells[] = {
		"plain", "with,comma", "quote\"d", "line\r\nbreak", "=1+2",
		"+SUM(A1)", "-3", "@x", "\tlead", "", NULL, "caf\xc3\xa9",
		"\xff\xfe"
	};
	struct bufw	 b;
	char		*m1 = NULL, *m2 = NULL;
	size_t		 l1 = 0, l2 = 0, i;
	FILE		*f1, *f2;

	ck_assert_ptr_nonnull(f1 = open_memstream(&m1, &l1));
	ck_assert_ptr_nonnull(f2 = open_memstream(&m2, &l2));
	bufw_init(&b, f1);
	for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		bufw_csv_cell(&b, cells[i], i > 0);
		csvw_cell(f2, cells[i], i > 0);
	}
	bufw_csv_int(&b, 65535, 1);
	csvw_int(f2, 65535, 1);
	bufw_csv_int(&b, -1, 1);
	csvw_int(f2, -1, 1);
	bufw_csv_int(&b, 0, 1);
	csvw_int(f2, 0, 1);
	bufw_done(&b);
	fclose(f1);
	fclose(f2);
	ck_assert_uint_eq(l1, l2);
	ck_assert_str_eq(m1, m2);
	free(m1);
	free(m2);
}
END_TEST

/* inspect --format jsonl over hostile inputs: every line is JSON. */
START_TEST(test_inspect_jsonl_hostile)
{
	static const char *const files[] = {
		"netstat_win/hostile.txt", "netstat_linux/hostile-bad-rows.txt",
		"netstat_win/de-ano-cp850.txt", "netstat_win/en-anob.txt"
	};
	json_error_t	 err;
	json_t		*v;
	char		*out, *line, *nl;
	size_t		 i, n = 0;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		out = tu_output("./portaudit inspect -q --all --format jsonl "
		    "--host 'h\\\"\\001\\377' %s", tu_fixture(files[i]));
		for (line = out; (nl = strchr(line, '\n')) != NULL;
		    line = nl + 1) {
			*nl = '\0';
			v = json_loads(line, 0, &err);
			ck_assert_msg(v != NULL, "%s: %s: %.80s", files[i],
			    err.text, line);
			ck_assert_ptr_nonnull(json_object_get(v, "text"));
			json_decref(v);
			n++;
		}
		free(out);
	}
	ck_assert_uint_gt(n, 20);
}
END_TEST

static Suite *
check_bufw_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("bufw");
	tc = tcase_create("writers");
	tcase_add_test(tc, test_json_every_byte);
	tcase_add_test(tc, test_json_every_lane);
	tcase_add_test(tc, test_json_escapes);
	tcase_add_test(tc, test_json_noise);
	tcase_add_test(tc, test_csv_cells);
	tcase_add_test(tc, test_inspect_jsonl_hostile);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_bufw_suite()));
}
