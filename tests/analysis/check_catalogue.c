/*
 * Check suite for the rule catalogue as users read it: every rule of the
 * table has its entry in portaudit.1 (with its default severity), a row in
 * the README's rule table, and wording in templates/rules.ini (a detail
 * and a recommendation, plain or per variant).  A rule added to rules.c
 * alone fails here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

/* The section "[id]" of rules.ini, up to the next section; malloc'd. */
static char *
cat_section(const char *ini, const char *id)
{
	char		 head[96];
	const char	*s, *e;

	snprintf(head, sizeof(head), "\n[%s]\n", id);
	if ((s = strstr(ini, head)) == NULL)
		return (NULL);
	s += strlen(head);
	if ((e = strstr(s, "\n[")) == NULL)
		e = s + strlen(s);
	return (xstrndup(s, e - s));
}

/* A key of the section, plain or with a variant, at a line's start. */
static int
cat_has_key(const char *sec, const char *key)
{
	char		 plain[64], variant[64];
	const char	*p;

	snprintf(plain, sizeof(plain), "%s = ", key);
	snprintf(variant, sizeof(variant), "%s.", key);
	for (p = sec; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, plain, strlen(plain)) == 0 ||
		    strncmp(p, variant, strlen(variant)) == 0)
			return (1);
	}
	return (0);
}

START_TEST(test_rule_documented)
{
	const struct rule	*r = rule_table[_i];
	char			*man, *readme, *ini, *sec, want[128];

	man = tu_slurp_text("portaudit.1", NULL);
	readme = tu_slurp_text("README.md", NULL);
	ini = tu_slurp_text("templates/rules.ini", NULL);
	snprintf(want, sizeof(want), ".It Cm %s No (%s)\n", r->id,
	    severity_name(r->level));
	ck_assert_msg(strstr(man, want) != NULL, "portaudit.1 lacks \"%s\"",
	    want);
	snprintf(want, sizeof(want), "| `%s` | %s |", r->id,
	    severity_name(r->level));
	ck_assert_msg(strstr(readme, want) != NULL, "README.md lacks \"%s\"",
	    want);
	sec = cat_section(ini, r->id);
	ck_assert_msg(sec != NULL, "rules.ini has no [%s]", r->id);
	ck_assert_msg(cat_has_key(sec, "detail"), "[%s] has no detail",
	    r->id);
	ck_assert_msg(cat_has_key(sec, "recommendation"),
	    "[%s] has no recommendation", r->id);
	ck_assert_msg(strlen(r->help) > 40 && strlen(r->title) > 10,
	    "%s: title or help missing", r->id);
	free(sec);
	free(man);
	free(readme);
	free(ini);
}
END_TEST

/* portaudit rules lists every rule of the table with its severity. */
START_TEST(test_rules_command)
{
	char	*out, want[96];
	size_t	 i;

	out = tu_output("./portaudit rules");
	for (i = 0; i < rule_count; i++) {
		snprintf(want, sizeof(want), "%-32s %-9s %s\n",
		    rule_table[i]->id, severity_name(rule_table[i]->level),
		    rule_table[i]->title);
		ck_assert_msg(strstr(out, want) != NULL, "rules lacks %s",
		    rule_table[i]->id);
	}
	free(out);
}
END_TEST

/* inih reads an indented line that starts with '#' as a comment, so a
 * continued value must not start a line with a placeholder. */
START_TEST(test_no_comment_continuation)
{
	char		*ini;
	const char	*p;
	unsigned	 line = 1;
	size_t		 n;

	ini = tu_slurp_text("templates/rules.ini", NULL);
	for (p = ini; *p != '\0'; p++)
		if (*p == '\n') {
			line++;
			n = strspn(p + 1, " \t");
			ck_assert_msg(n == 0 || p[1 + n] != '#',
			    "rules.ini:%u: a continuation starts with #", line);
		}
	free(ini);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("catalogue");
	TCase	*tc = tcase_create("catalogue");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_rule_documented, 0, (int)rule_count);
	tcase_add_test(tc, test_rules_command);
	tcase_add_test(tc, test_no_comment_continuation);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
