/*
 * Wording templates: expansion, variants, unknown placeholders, and the
 * shipped templates staying within what inih reads (200-byte lines, no
 * continuation line that starts like a comment).
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "render/render.h"
#include "testutil.h"

static const char *
tpl_lookup(const void *arg, const char *key)
{
	(void)arg;
	if (strcmp(key, "port") == 0)
		return ("1025");
	if (strcmp(key, "service") == 0)
		return ("MSExchangeDS");
	return (NULL);
}

static struct template *
tpl_load_text(const char *text)
{
	return (template_load(tu_write_temp(text, strlen(text), "t.ini")));
}

START_TEST(test_expand)
{
	struct template	*t;
	char		*s;

	t = tpl_load_text("[a]\nx = #{service} on #{port}, ## #{nosuch}.\n");
	ck_assert_ptr_nonnull(t);
	diag_quiet = 1;
	s = template_expand(t, template_get(t, "a", "x"), tpl_lookup, NULL);
	ck_assert_str_eq(s, "MSExchangeDS on 1025, # .");
	/* The unknown placeholder was diagnosed as an error. */
	ck_assert_int_eq(diag_worst, DL_ERROR);
	free(s);
	/* An unterminated placeholder is literal text. */
	s = template_expand(t, "#{port", tpl_lookup, NULL);
	ck_assert_str_eq(s, "#{port");
	free(s);
	template_free(t);
}
END_TEST

START_TEST(test_variant_and_continuation)
{
	struct template	*t;

	t = tpl_load_text("[r]\ndetail = plain\ndetail.low-end = first\n"
	    "\tsecond line\n");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(template_get_variant(t, "r", "detail", "low-end"),
	    "first second line");
	ck_assert_str_eq(template_get_variant(t, "r", "detail", "other"),
	    "plain");
	ck_assert_str_eq(template_get_variant(t, "r", "detail", NULL),
	    "plain");
	ck_assert_ptr_null(template_get(t, "r", "missing"));
	ck_assert_ptr_null(template_get(t, "nosection", "detail"));
	template_free(t);
}
END_TEST

START_TEST(test_missing_and_broken)
{
	diag_quiet = 1;
	ck_assert_ptr_null(template_load("tests/no-such.ini"));
	ck_assert_ptr_null(tpl_load_text("[a\nx = 1\n"));
}
END_TEST

/* Every shipped template: lines inih reads whole, continuations that are
 * not comments, and a loadable file. */
START_TEST(test_shipped_templates_lint)
{
	glob_t		 g;
	char		 line[4096];
	size_t		 i;
	unsigned	 n;
	FILE		*fp;
	struct template	*t;

	ck_assert_int_eq(glob("templates/*.ini", 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 1);
	for (i = 0; i < g.gl_pathc; i++) {
		ck_assert_ptr_nonnull(fp = fopen(g.gl_pathv[i], "r"));
		for (n = 1; fgets(line, sizeof(line), fp) != NULL; n++) {
			ck_assert_msg(strlen(line) < 200, "%s:%u: line too "
			    "long for inih", g.gl_pathv[i], n);
			ck_assert_msg(!((line[0] == ' ' || line[0] == '\t') &&
			    (line[strspn(line, " \t")] == '#' ||
			    line[strspn(line, " \t")] == ';')), "%s:%u: "
			    "continuation starts like a comment",
			    g.gl_pathv[i], n);
		}
		fclose(fp);
		ck_assert_ptr_nonnull(t = template_load(g.gl_pathv[i]));
		template_free(t);
	}
	globfree(&g);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("template");
	TCase	*t = tcase_create("template");

	tcase_add_test(t, test_expand);
	tcase_add_test(t, test_variant_and_continuation);
	tcase_add_test(t, test_missing_and_broken);
	tcase_add_test(t, test_shipped_templates_lint);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
