/*
 * Check suite for the scope of the rules: rules_run() gives a host rule a
 * view of the audit that holds one host, so a rule that needs other hosts
 * must be a fleet rule.  Each host rule of the table, run once over every
 * host at a time, must find exactly what it found host by host; a rule
 * that compared hosts would find more or less and fail here.  Findings
 * leave the rules packed (findings_pack()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

/* A finding as a line of text: everything a rule decides. */
static char *
rules_key(const struct finding *f)
{
	char	*s, *t;
	size_t	 i;

	xasprintf(&s, "%s|%s|%d|%d|%s|%d", f->rule->id, f->hi->host->name,
	    (int)f->proto, f->port, f->service != NULL ? f->service : "",
	    (int)f->sev);
	for (i = 0; i < f->nvars; i++) {
		xasprintf(&t, "%s|%s=%s", s, f->vars[i].key, f->vars[i].value);
		free(s);
		s = t;
	}
	for (i = 0; i < f->nev; i++) {
		xasprintf(&t, "%s|%s:%u:%s", s, f->ev[i].in != NULL ?
		    f->ev[i].in->path : "", f->ev[i].line,
		    f->ev[i].text != NULL ? f->ev[i].text : "");
		free(s);
		s = t;
	}
	return (s);
}

static int
rules_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The keys of findings v[0..n) of host rules, sorted; *np their count. */
static char **
rules_keys(struct finding **v, size_t n, size_t *np)
{
	char	**k = xcalloc(n + 1, sizeof(*k));
	size_t	  i, m = 0;

	for (i = 0; i < n; i++)
		if (v[i]->rule->scope == RULE_HOST)
			k[m++] = rules_key(v[i]);
	qsort(k, m, sizeof(*k), rules_cmp);
	*np = m;
	return (k);
}

static void
rules_free(char **k, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(k[i]);
	free(k);
}

/*
 * The audit of dir ran its host rules host by host; run each once over
 * the whole audit and compare.  Returns how many findings the host rules
 * gave, so that a fleet without any proves nothing.
 */
static size_t
rules_same_whole(const char *dir)
{
	struct audit	*a, b;
	char		**one, **whole;
	size_t		 none, nwhole, i;

	a = tu_audit_dir(dir, NULL);
	ck_assert_uint_gt(a->nhosts, 1);
	b = *a;
	b.findings = NULL;
	b.nfindings = b.capfindings = 0;
	for (i = 0; i < rule_count; i++)
		if (rule_table[i]->scope == RULE_HOST)
			rule_table[i]->check(&b);
	one = rules_keys(a->findings, a->nfindings, &none);
	whole = rules_keys(b.findings, b.nfindings, &nwhole);
	ck_assert_uint_eq(none, nwhole);
	for (i = 0; i < none; i++)
		ck_assert_str_eq(one[i], whole[i]);
	rules_free(one, none);
	rules_free(whole, nwhole);
	free(b.findings);
	tu_audit_free(a);
	return (none);
}

START_TEST(test_host_rules_example)
{
	ck_assert_uint_gt(rules_same_whole("examples/fleet"), 20);
}
END_TEST

START_TEST(test_host_rules_generated)
{
	ck_assert_uint_gt(rules_same_whole(tu_fleet_generated(40)), 40);
}
END_TEST

START_TEST(test_host_rules_exports)
{
	ck_assert_uint_gt(rules_same_whole(tu_fleet_exports()), 20);
}
END_TEST

/* A fleet rule sees every host: the sites' settings side by side. */
START_TEST(test_fleet_rule_sees_all)
{
	struct audit	*a;

	ck_assert_int_eq(rule_fixed_port_inconsistent.scope, RULE_FLEET);
	a = tu_audit_dir("examples/fleet", NULL);
	ck_assert_int_gt(tu_nfindings(a, "fixed-port-inconsistent", NULL), 0);
	tu_audit_free(a);
}
END_TEST

/*
 * After rules_run() every finding's evidence and variables sit in the
 * arena at their size; one that grows again keeps what it held.
 */
START_TEST(test_findings_packed)
{
	struct audit	*a;
	struct finding	*f;
	char		*before, *after;
	size_t		 i, n;

	a = tu_audit_dir("examples/fleet", NULL);
	ck_assert_uint_gt(a->nfindings, 0);
	for (i = 0; i < a->nfindings; i++) {
		ck_assert_uint_eq(a->findings[i]->capvars, 0);
		ck_assert_uint_eq(a->findings[i]->capev, 0);
		ck_assert_uint_gt(a->findings[i]->nvars, 0);
	}
	f = a->findings[0];
	before = rules_key(f);
	n = f->nvars;
	for (i = 0; i < 40; i++) {
		finding_var(a, f, i < 20 ? "grown" : "more", "%zu", i);
	}
	ck_assert_uint_eq(f->nvars, n + 40);
	ck_assert_uint_gt(f->capvars, 0);
	findings_pack(a, 0);
	ck_assert_uint_eq(f->capvars, 0);
	f->nvars = n;
	after = rules_key(f);
	ck_assert_str_eq(before, after);
	ck_assert_str_eq(f->vars[n + 39].value, "39");
	ck_assert_str_eq(f->vars[n].key, "grown");
	free(before);
	free(after);
	tu_audit_free(a);
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite	*s = suite_create("rules");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_host_rules_example);
	tcase_add_test(tc, test_host_rules_generated);
	tcase_add_test(tc, test_host_rules_exports);
	tcase_add_test(tc, test_fleet_rule_sees_all);
	tcase_add_test(tc, test_findings_packed);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(rules_suite()));
}
