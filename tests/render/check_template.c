/*
 * Wording templates: expansion, variants and their fallback ("a.nt" to
 * "a" to the plain key), unknown placeholders, the shipped templates
 * staying within what inih reads (200-byte lines, no continuation line
 * that starts like a comment), and a recommendation of its own for every
 * variant a rule produces.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
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

START_TEST(test_variant_fallback)
{
	struct template	*t;

	t = tpl_load_text("[r]\ndetail.a = A\nrecommendation = plain\n"
	    "recommendation.a = RA\nrecommendation.a.nt = RANT\n"
	    "detail.x-y = XY\n");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(template_get_variant(t, "r", "detail", "a.nt"), "A");
	ck_assert_str_eq(template_get_variant(t, "r", "recommendation",
	    "a.nt"), "RANT");
	ck_assert_str_eq(template_get_variant(t, "r", "recommendation",
	    "a.legacy"), "RA");
	ck_assert_str_eq(template_get_variant(t, "r", "recommendation",
	    "b.nt"), "plain");
	/* A hyphen is part of the name, only a dot falls back. */
	ck_assert_ptr_null(template_get_variant(t, "r", "detail", "x"));
	ck_assert_str_eq(template_get_variant(t, "r", "detail", "x-y.z.w"),
	    "XY");
	ck_assert_ptr_null(template_get_variant(t, "r", "detail", "b"));
	template_free(t);
}
END_TEST

/* Every variant the rules produce (analysis/ephemeral.c, listeners.c,
 * collision.c, consistency.c, documentation.c, validity.c). */
static const char *const tpl_variants[][2] = {
	{ "fixed-port-taken", "other-listener" },
	{ "fixed-port-taken", "other-outbound" },
	{ "fixed-port-taken", "unknown-outbound" },
	{ "fixed-port-in-ephemeral", "low-end" },
	{ "fixed-port-in-ephemeral", "in-use" },
	{ "fixed-port-in-ephemeral", "inside" },
	{ "fixed-port-in-ephemeral", "reserved" },
	{ "fixed-port-in-ephemeral", "low-end.legacy" },
	{ "fixed-port-in-ephemeral", "in-use.legacy" },
	{ "fixed-port-in-ephemeral", "inside.legacy" },
	{ "fixed-port-in-ephemeral", "reserved.legacy" },
	{ "fixed-port-in-ephemeral", "low-end.nt" },
	{ "fixed-port-in-ephemeral", "in-use.nt" },
	{ "fixed-port-in-ephemeral", "inside.nt" },
	{ "listener-in-ephemeral", "inside" },
	{ "listener-in-ephemeral", "in-use" },
	{ "listener-in-ephemeral", "documented" },
	{ "listener-in-ephemeral", "inside.bsd" },
	{ "listener-in-ephemeral", "in-use.bsd" },
	{ "listener-in-ephemeral", "documented.bsd" },
	{ "listener-in-ephemeral", "inside.other" },
	{ "listener-in-ephemeral", "in-use.other" },
	{ "listener-in-ephemeral", "documented.other" },
	{ "fixed-port-inconsistent", "differs" },
	{ "fixed-port-inconsistent", "default" },
	{ "fixed-port-inconsistent", "radix" },
	{ "fixed-port-registered-elsewhere", "host" },
	{ "fixed-port-registered-elsewhere", "registry" },
	{ "setting-invalid", "port" },
	{ "setting-invalid", "overlap" },
	{ "setting-invalid", "adjacent" },
	{ "pin-pair-incomplete", "no-netlogon" },
	{ "pin-pair-incomplete", "no-ntds" },
	{ "pin-pair-incomplete", "frs-dynamic" },
};

/* The recommendation written for exactly this variant, or NULL. */
static const char *
tpl_own_recommendation(const struct template *t, const char *rule,
    const char *variant)
{
	const char	*v;
	char		*k;

	xasprintf(&k, "recommendation.%s", variant);
	v = template_get(t, rule, k);
	free(k);
	return (v);
}

START_TEST(test_every_variant_recommends)
{
	static const char *const paths[] = { "examples/fleet", NULL };
	const char	*v, *w, *var;
	struct template	*t;
	struct audit	*a;
	size_t		 i, j;

	ck_assert_ptr_nonnull(t = template_load("templates/rules.ini"));
	for (i = 0; i < sizeof(tpl_variants) / sizeof(tpl_variants[0]); i++) {
		v = tpl_own_recommendation(t, tpl_variants[i][0],
		    tpl_variants[i][1]);
		ck_assert_msg(v != NULL, "[%s] has no recommendation.%s",
		    tpl_variants[i][0], tpl_variants[i][1]);
		/* Own wording: no two variants of a rule say the same. */
		for (j = 0; j < i; j++) {
			if (strcmp(tpl_variants[j][0], tpl_variants[i][0]) != 0)
				continue;
			w = tpl_own_recommendation(t, tpl_variants[j][0],
			    tpl_variants[j][1]);
			ck_assert_msg(strcmp(v, w) != 0, "[%s] %s and %s "
			    "recommend the same", tpl_variants[i][0],
			    tpl_variants[i][1], tpl_variants[j][1]);
		}
	}
	/* And what the example fleet really produces is in the list. */
	a = tu_audit(paths, NULL, NULL);
	for (i = 0; i < a->nfindings; i++) {
		if ((var = finding_get(a->findings[i], "variant")) == NULL)
			continue;
		ck_assert_msg(tpl_own_recommendation(t,
		    a->findings[i]->rule->id, var) != NULL,
		    "[%s] has no recommendation.%s", a->findings[i]->rule->id,
		    var);
	}
	/* The pre-Vista remedies never reach a Vista-era host. */
	ck_assert_str_eq(finding_get(tu_finding(a, "fixed-port-in-ephemeral",
	    "DC01", 50000), "variant"), "in-use");
	ck_assert_str_eq(finding_get(tu_finding(a, "fixed-port-in-ephemeral",
	    "EXCH01", 1025), "variant"), "low-end.nt");
	tu_audit_free(a);
	template_free(t);
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
	tcase_add_test(t, test_variant_fallback);
	tcase_add_test(t, test_every_variant_recommends);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
