/*
 * The documentation moves with the code: every diagnostic in diag.c has an
 * entry in the manual's DIAGNOSTICS section, every option --help lists is
 * in the manual, and the manual passes mandoc -Tlint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "testutil.h"

static char *
docs_read(const char *cmd)
{
	char	*buf, *sh;
	size_t	 n;
	FILE	*fp;

	sh = tu_shell(cmd);
	ck_assert_ptr_nonnull(fp = popen(sh, "r"));
	free(sh);
	buf = xcalloc(1, 1 << 20);
	n = fread(buf, 1, (1 << 20) - 1, fp);
	buf[n] = '\0';
	pclose(fp);
	return (buf);
}

START_TEST(test_every_diagnostic_documented)
{
	char	*man, *diags, want[128];
	int	 i;

	man = docs_read("cat portaudit.1");
	ck_assert_ptr_nonnull(diags = strstr(man, ".Sh DIAGNOSTICS"));
	for (i = 0; i < DIAG__MAX; i++) {
		ck_assert_int_eq(diag_table[i].code, i);
		snprintf(want, sizeof(want), ".It %s\n", diag_table[i].id);
		ck_assert_msg(strstr(diags, want) != NULL,
		    "diagnostic %s missing from portaudit.1", diag_table[i].id);
	}
	free(man);
}
END_TEST

static const char *const docs_cmds[] = {
	"inspect", "audit", "suggest", "rules", "plan"
};

/* Every option a command's --help lists is in the manual. */
START_TEST(test_help_options_in_manual)
{
	char	*man, *help, *p, opt[64], want[80], cmd[64];
	int	 n = 0;

	man = docs_read("cat portaudit.1");
	snprintf(cmd, sizeof(cmd), "./portaudit help %s", docs_cmds[_i]);
	help = docs_read(cmd);
	for (p = help; (p = strstr(p, "\n  -")) != NULL; p++) {
		if (sscanf(p, "\n  -%*c, --%63[a-z-]", opt) != 1 &&
		    sscanf(p, "\n  --%63[a-z-]", opt) != 1)
			continue;
		snprintf(want, sizeof(want), "Fl -%s", opt);
		ck_assert_msg(strstr(man, want) != NULL,
		    "%s option --%s missing from portaudit.1", docs_cmds[_i],
		    opt);
		n++;
	}
	ck_assert_int_ge(n, 1);
	free(man);
	free(help);
}
END_TEST

/* Every command of the command table has a manual entry. */
START_TEST(test_commands_in_manual)
{
	char	*man, *list, *p, name[32], want[64];
	int	 n = 0;

	man = docs_read("cat portaudit.1");
	list = docs_read("./portaudit --help");
	ck_assert_ptr_nonnull(p = strstr(list, "Commands:\n"));
	for (p = strchr(p, '\n'); p != NULL && strncmp(p, "\n  ", 3) == 0 &&
	    sscanf(p, "\n  %31s", name) == 1; p = strchr(p + 1, '\n')) {
		snprintf(want, sizeof(want), ".It Cm %s", name);
		ck_assert_msg(strstr(man, want) != NULL,
		    "command %s missing from portaudit.1", name);
		n++;
	}
	ck_assert_int_ge(n, 6);
	free(man);
	free(list);
}
END_TEST

START_TEST(test_manual_lints)
{
	char	*out;

	out = docs_read("mandoc -Tlint -W warning portaudit.1 2>&1 | "
	    "grep -v 'mandoc.db'");
	ck_assert_msg(out[0] == '\0', "mandoc -Tlint: %s", out);
	free(out);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("docs");
	TCase	*t = tcase_create("docs");

	tcase_add_test(t, test_every_diagnostic_documented);
	tcase_add_loop_test(t, test_help_options_in_manual, 0,
	    sizeof(docs_cmds) / sizeof(docs_cmds[0]));
	tcase_add_test(t, test_commands_in_manual);
	tcase_add_test(t, test_manual_lints);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
