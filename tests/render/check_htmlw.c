/*
 * The HTML report's escaping (render/htmlw.c): markup characters in text
 * and attribute values, invalid UTF-8, control characters, and fragment
 * ids that stay valid and distinct whatever a host name holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "render/htmlw.h"
#include "testutil.h"

/* What htmlw_textn writes for n bytes of s (malloc'd). */
static char *
hw_text(const char *s, size_t n)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	htmlw_textn(fp, s, n);
	ck_assert_int_eq(fclose(fp), 0);
	return (buf);
}

static void
hw_expect(const char *s, size_t n, const char *want)
{
	char	*got;

	got = hw_text(s, n);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_markup)
{
	/* The host folder of the issue: shown as text, never as an element. */
	hw_expect("<img src=x onerror=alert(1)>", 28,
	    "&lt;img src=x onerror=alert(1)&gt;");
	hw_expect("a&b \"q\" 'x'", 11, "a&amp;b &quot;q&quot; &#39;x&#39;");
	hw_expect("</script><script>", 17,
	    "&lt;/script&gt;&lt;script&gt;");
	hw_expect("plain text 1025/tcp", 19, "plain text 1025/tcp");
}
END_TEST

START_TEST(test_attr)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	fp = open_memstream(&buf, &len);
	htmlw_attr(fp, "data-host", "x\" onmouseover=\"alert(1)");
	fclose(fp);
	ck_assert_str_eq(buf,
	    " data-host=\"x&quot; onmouseover=&quot;alert(1)\"");
	free(buf);
}
END_TEST

START_TEST(test_utf8)
{
	/* Valid sequences pass through. */
	hw_expect("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x94\x92", 14,
	    "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x94\x92");
	/* A lone continuation byte, a Latin-1 byte, an overlong '<', a
	 * surrogate and a truncated sequence each become U+FFFD. */
	hw_expect("a\x80" "b", 3, "a\xef\xbf\xbd" "b");
	hw_expect("caf\xe9", 4, "caf\xef\xbf\xbd");
	hw_expect("\xc0\xbc", 2, "\xef\xbf\xbd\xef\xbf\xbd");
	hw_expect("\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	hw_expect("\xe2\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd");
	/* A C1 control, valid UTF-8 but invisible, too. */
	hw_expect("\xc2\x85", 2, "\xef\xbf\xbd");
}
END_TEST

START_TEST(test_controls)
{
	/* Tab and newline stay; NUL, ESC, CR and DEL become visible. */
	hw_expect("a\tb\nc", 5, "a\tb\nc");
	hw_expect("x\0y", 3, "x\xe2\x90\x80y");
	hw_expect("\x1b[31m", 5, "\xe2\x90\x9b[31m");
	hw_expect("l\r", 2, "l\xe2\x90\x8d");
	hw_expect("\x7f", 1, "\xe2\x90\xa1");
}
END_TEST

START_TEST(test_id)
{
	char	*a, *b, *c;

	a = htmlw_id_str("host-", "dc01.corp.example");
	ck_assert_str_eq(a, "host-dc01.corp.example");
	b = htmlw_id_str("host-", "<img src=x onerror=alert(1)>");
	ck_assert_str_eq(b, "host-_3Cimg_20src_3Dx_20onerror_3Dalert_281_29_3E");
	/* '_' itself is escaped, so "a_20b" and "a b" do not meet. */
	free(a);
	a = htmlw_id_str("h-", "a_20b");
	c = htmlw_id_str("h-", "a b");
	ck_assert_str_ne(a, c);
	ck_assert_str_eq(a, "h-a_5F20b");
	free(a);
	free(b);
	free(c);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("htmlw");
	tc = tcase_create("escape");
	tcase_add_test(tc, test_markup);
	tcase_add_test(tc, test_attr);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_controls);
	tcase_add_test(tc, test_id);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
