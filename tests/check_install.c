/*
 * make install and make uninstall, staged under a temporary DESTDIR:
 *
 * - every file lands where the Makefile says, identical to its source;
 * - the installed binary, without $PORTAUDIT_DATADIR, finds its data in
 *   BINDIR/../share/portaudit (the compiled-in DATADIR is not inside
 *   DESTDIR), also after the tree is moved, and audits the example fleet
 *   exactly as the build tree's binary does;
 * - make uninstall takes every file away again.
 *
 * make runs from the tree root without the MAKEFLAGS of the make that runs
 * the suites (its jobserver, -k or -n are not meant for the install).  As
 * make does, PREFIX, BINDIR, DATADIR and MANDIR come from the environment
 * when set there, so the install needs no rebuild of the binary.
 */
#include <sys/stat.h>

#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "portaudit.h"
#include "testutil.h"

#define IN_MAKE		"env -u MAKEFLAGS -u MFLAGS -u GNUMAKEFLAGS " \
			"-u MAKELEVEL -u MAKEOVERRIDES make -s"
/* Unset so that the installed binary has to find its data itself. */
#define IN_NOENV	"env -u PORTAUDIT_DATADIR -u PORTAUDIT_TEMPLATES"
#define IN_EPOCH	"1700000000"

/* Where make install puts things, each under the DESTDIR. */
struct in_tree {
	char	*dest;		/* DESTDIR */
	char	*bin;		/* DESTDIR BINDIR/portaudit */
	char	*data;		/* DESTDIR DATADIR */
	char	*man;		/* DESTDIR MANDIR/man1/portaudit.1 */
	char	*comp;		/* the bash completion */
	char	*doc;		/* DESTDIR DOCDIR/portaudit.1.html */
};

static char	 in_root[64];	/* every test's folder is inside */
static char	 in_tmp[96];	/* the current test's folder */

static void
in_rm(char *dir)
{
	char	 cmd[128];

	if (dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "check_install: cannot remove %s\n",
			    dir);
		dir[0] = '\0';
	}
}

static void
in_cleanup(void)
{
	in_rm(in_tmp);
}

/* A fresh folder for a test (the last one goes). */
static const char *
in_tmpdir(void)
{
	in_cleanup();
	snprintf(in_tmp, sizeof(in_tmp), "%s/t-XXXXXX", in_root);
	ck_assert_ptr_nonnull(mkdtemp(in_tmp));
	return (in_tmp);
}

/* A make variable as make sees it: the environment's, else dflt. */
static char *
in_var(const char *name, const char *dflt)
{
	const char	*v;

	return (xstrdup((v = getenv(name)) != NULL ? v : dflt));
}

static void
in_tree_paths(struct in_tree *t, const char *dest)
{
	char	*prefix, *bindir, *datadir, *mandir, *docdir, *d;

	prefix = in_var("PREFIX", "/usr/local");
	xasprintf(&d, "%s/bin", prefix);
	bindir = in_var("BINDIR", d);
	free(d);
	xasprintf(&d, "%s/share/portaudit", prefix);
	datadir = in_var("DATADIR", d);
	free(d);
	xasprintf(&d, "%s/share/man", prefix);
	mandir = in_var("MANDIR", d);
	free(d);
	xasprintf(&d, "%s/share/doc/portaudit", prefix);
	docdir = in_var("DOCDIR", d);
	free(d);
	t->dest = xstrdup(dest);
	xasprintf(&t->bin, "%s%s/portaudit", dest, bindir);
	xasprintf(&t->data, "%s%s", dest, datadir);
	xasprintf(&t->man, "%s%s/man1/portaudit.1", dest, mandir);
	xasprintf(&t->comp, "%s%s/share/bash-completion/completions/portaudit",
	    dest, prefix);
	xasprintf(&t->doc, "%s%s/portaudit.1.html", dest, docdir);
	free(prefix);
	free(bindir);
	free(datadir);
	free(mandir);
	free(docdir);
}

static void
in_tree_free(struct in_tree *t)
{
	free(t->dest);
	free(t->bin);
	free(t->data);
	free(t->man);
	free(t->comp);
	free(t->doc);
}

/* make TARGET DESTDIR=dest; fails the test with make's output. */
static void
in_make(const char *target, const char *dest)
{
	char	*log, *out;
	int	 st;

	xasprintf(&log, "%s/make-%s.log", in_tmp, target);
	st = tu_system(IN_MAKE " %s DESTDIR='%s' >'%s' 2>&1", target, dest,
	    log);
	if (st != 0) {
		out = tu_slurp_text(log, NULL);
		ck_abort_msg("make %s exited %d: %s", target, st, out);
	}
	free(log);
}

/* A new tmp/dest with the tree installed into it. */
static void
in_install(struct in_tree *t)
{
	const char	*tmp = in_tmpdir();
	char		*dest;

	xasprintf(&dest, "%s/dest", tmp);
	in_make("install", dest);
	in_tree_paths(t, dest);
	free(dest);
}

static int
in_is_file(const char *path)
{
	struct stat	 st;

	return (stat(path, &st) == 0 && S_ISREG(st.st_mode));
}

/* installed is a regular file with src's bytes. */
static void
in_assert_copy(const char *src, const char *installed)
{
	ck_assert_msg(in_is_file(installed), "%s not installed as %s", src,
	    installed);
	ck_assert_msg(tu_system("cmp -s '%s' '%s'", src, installed) == 0,
	    "%s differs from %s", installed, src);
}

/* Call fn for each file matching pattern in the tree; their count. */
static size_t
in_each(const char *pattern, const struct in_tree *t,
    void (*fn)(const struct in_tree *, const char *))
{
	glob_t	 g;
	size_t	 i, n;

	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++)
		fn(t, g.gl_pathv[i]);
	n = g.gl_pathc;
	globfree(&g);
	return (n);
}

/* The installed copy of a source file: DATADIR/[templates/]name. */
static char *
in_data_path(const struct in_tree *t, const char *src)
{
	const char	*name = strrchr(src, '/') + 1;
	char		*p;

	if (strncmp(src, "templates/", 10) == 0)
		xasprintf(&p, "%s/templates/%s", t->data, name);
	else if (strncmp(src, "scripts/", 8) == 0)
		xasprintf(&p, "%s/scripts/%s", t->data, name);
	else
		xasprintf(&p, "%s/%s", t->data, name);
	return (p);
}

static void
in_check_installed(const struct in_tree *t, const char *src)
{
	char	*p;

	p = in_data_path(t, src);
	in_assert_copy(src, p);
	free(p);
}

static void
in_check_removed(const struct in_tree *t, const char *src)
{
	char	*p;

	p = in_data_path(t, src);
	ck_assert_msg(access(p, F_OK) != 0, "%s left after uninstall", p);
	free(p);
}

static const char *const in_scripts[] = {
	"scripts/collect-unix.sh", "scripts/collect-windows.cmd",
	"scripts/collect-windows.ps1", "scripts/portaudit-osquery.conf"
};

START_TEST(test_install_files)
{
	struct in_tree	 t;
	struct stat	 st;
	char		*sh;
	size_t		 i;

	in_install(&t);
	ck_assert_msg(stat(t.bin, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0111) == 0111, "%s: no executable binary", t.bin);
	ck_assert_int_eq(tu_system("cmp -s portaudit '%s'", t.bin), 0);
	ck_assert_uint_ge(in_each("data/*.csv", &t, in_check_installed), 4);
	ck_assert_uint_ge(in_each("templates/*.ini", &t, in_check_installed),
	    4);
	for (i = 0; i < sizeof(in_scripts) / sizeof(in_scripts[0]); i++)
		in_check_installed(&t, in_scripts[i]);
	xasprintf(&sh, "%s/scripts/collect-unix.sh", t.data);
	ck_assert_msg(access(sh, X_OK) == 0, "%s not executable", sh);
	free(sh);
	in_assert_copy("portaudit.1", t.man);
	in_assert_copy("scripts/portaudit.bash-completion", t.comp);
	in_assert_copy("build/portaudit.1.html", t.doc);
	in_tree_free(&t);
	in_cleanup();
}
END_TEST

/* The data folder `BIN --help` reports, run with the given env prefix. */
static char *
in_help_datadir(const char *env, const char *bin)
{
	char	*cmd, buf[PATH_MAX + 32], *s = NULL;
	FILE	*fp;

	xasprintf(&cmd, "%s '%s' --help", env, bin);
	ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
	while (fgets(buf, sizeof(buf), fp) != NULL)
		if (strncmp(buf, "Data folder: ", 13) == 0 && s == NULL) {
			buf[strcspn(buf, "\n")] = '\0';
			s = xstrdup(buf + 13);
		}
	ck_assert_int_eq(pclose(fp), 0);
	ck_assert_msg(s != NULL, "%s: no data folder", cmd);
	free(cmd);
	return (s);
}

/* The installed data folder as the binary should name it. */
static void
in_assert_datadir(const char *bin, const char *data)
{
	char	 want[PATH_MAX], *got;

	ck_assert_ptr_nonnull(realpath(data, want));
	got = in_help_datadir(IN_NOENV, bin);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_installed_finds_data)
{
	struct in_tree	 t;
	char		*got;

	in_install(&t);
	in_assert_datadir(t.bin, t.data);
	got = in_help_datadir("PORTAUDIT_DATADIR=/nonexistent/pa", t.bin);
	ck_assert_str_eq(got, "/nonexistent/pa");
	free(got);
	in_tree_free(&t);
	in_cleanup();
}
END_TEST

/* The whole staged tree moved elsewhere still finds its data. */
START_TEST(test_installed_tree_moved)
{
	struct in_tree	 t, m;
	char		*moved;

	in_install(&t);
	xasprintf(&moved, "%s/moved", in_tmp);
	ck_assert_int_eq(rename(t.dest, moved), 0);
	in_tree_paths(&m, moved);
	ck_assert_msg(access(t.data, F_OK) != 0, "%s", t.data);
	in_assert_datadir(m.bin, m.data);
	free(moved);
	in_tree_free(&m);
	in_tree_free(&t);
	in_cleanup();
}
END_TEST

/* The first line where a and b differ, for the message. */
static unsigned
in_first_diff(const char *a, const char *b)
{
	unsigned	 line = 1;

	for (; *a != '\0' && *a == *b; a++, b++)
		if (*a == '\n')
			line++;
	return (line);
}

START_TEST(test_installed_audit)
{
	struct in_tree	 t;
	char		*cmd, *path, *want, *got;

	in_install(&t);
	ck_assert_int_eq(tu_system(IN_NOENV " SOURCE_DATE_EPOCH=" IN_EPOCH
	    " '%s' audit -q --out '%s/inst' --format csv,json examples/fleet",
	    t.bin, in_tmp), 0);
	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", IN_EPOCH, 1), 0);
	xasprintf(&path, "./portaudit audit -q --out '%s/tree' --format "
	    "csv,json examples/fleet", in_tmp);
	cmd = tu_shell(path);
	free(path);
	ck_assert_int_eq(tu_system("%s", cmd), 0);
	free(cmd);
	xasprintf(&path, "%s/tree/findings.csv", in_tmp);
	want = tu_slurp_text(path, NULL);
	free(path);
	xasprintf(&path, "%s/inst/findings.csv", in_tmp);
	got = tu_slurp_text(path, NULL);
	free(path);
	ck_assert_msg(strstr(want, "\"fixed-port-taken\",\"EXCH01\"") != NULL,
	    "the build tree's findings.csv lacks EXCH01's fixed-port-taken");
	ck_assert_msg(strcmp(got, want) == 0, "findings.csv of the installed "
	    "binary differs from the build tree's at line %u",
	    in_first_diff(got, want));
	xasprintf(&path, "%s/inst/findings.json", in_tmp);
	ck_assert_msg(in_is_file(path), "%s missing", path);
	free(path);
	free(want);
	free(got);
	in_tree_free(&t);
	in_cleanup();
}
END_TEST

START_TEST(test_uninstall)
{
	struct in_tree	 t;
	size_t		 i;

	in_install(&t);
	in_make("uninstall", t.dest);
	ck_assert_msg(access(t.bin, F_OK) != 0, "%s left", t.bin);
	ck_assert_msg(access(t.man, F_OK) != 0, "%s left", t.man);
	ck_assert_msg(access(t.doc, F_OK) != 0, "%s left", t.doc);
	ck_assert_msg(access(t.comp, F_OK) != 0, "%s left", t.comp);
	ck_assert_uint_ge(in_each("data/*.csv", &t, in_check_removed), 4);
	ck_assert_uint_ge(in_each("templates/*.ini", &t, in_check_removed),
	    4);
	for (i = 0; i < sizeof(in_scripts) / sizeof(in_scripts[0]); i++)
		in_check_removed(&t, in_scripts[i]);
	ck_assert_msg(access(t.data, F_OK) != 0, "%s left", t.data);
	in_tree_free(&t);
	in_cleanup();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("install");
	TCase	*tc = tcase_create("install");
	int	 rc;

	/* Made and removed here: a failed test leaves no folder behind. */
	snprintf(in_root, sizeof(in_root), "/tmp/portaudit-install-XXXXXX");
	if (mkdtemp(in_root) == NULL) {
		perror("check_install: mkdtemp");
		return (1);
	}

	tcase_add_test(tc, test_install_files);
	tcase_add_test(tc, test_installed_finds_data);
	tcase_add_test(tc, test_installed_tree_moved);
	tcase_add_test(tc, test_installed_audit);
	tcase_add_test(tc, test_uninstall);
	/* make install rebuilds the binary first when a source changed. */
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	rc = tu_run_suite(s);
	in_rm(in_root);
	return (rc);
}
