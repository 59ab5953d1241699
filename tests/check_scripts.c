/*
 * The collection scripts under scripts/ agree with the knowledge base and
 * with portaudit:
 *
 * - every registry key pattern of data/settings.csv is exported by both
 *   Windows scripts (collect-windows.cmd on XP and later and, apart from
 *   the Wow6432Node views, on NT 4.0 and 2000; collect-windows.ps1), and
 *   every export serves some pattern;
 * - collect-unix.sh passes sh -n, runs on this machine, and portaudit
 *   identifies and reads what it wrote (also when neither ss nor netstat
 *   can be found);
 * - the bash completion registers itself and completes commands, options
 *   and option values.
 *
 * The scripts name their exports on lines of a fixed shape, which is what
 * is parsed here:
 *
 *   collect-windows.cmd  call :regkey "KEY" NAME          KEY with subkeys
 *                        call :regsub "PARENT" "PATH" NAME  PARENT\*\PATH
 *                        call :regvalue "PARENT" "VALUE" NAME
 *                                  every PARENT\* holding VALUE
 *                        call :legacy "KEY" NAME ["MARKER"]  regedit /e
 *   collect-windows.ps1  Add-RegKey 'KEY'
 *                        Add-RegSubKeys 'PARENT' 'PATH'
 *                        Add-RegValueKeys 'PARENT' 'VALUE'
 *
 * Only lines whose KEY or PARENT is written out (starts with HK) count:
 * the subroutines pass variables on (call :regkey "%~2\%~3" ...).
 *
 * Keys compare component by component, case-insensitively, with HKLM and
 * HKEY_LOCAL_MACHINE one root (HKCU and HKEY_CURRENT_USER another), HKEY_CLASSES_ROOT as HKLM\SOFTWARE\Classes
 * and ControlSet001..999 as CurrentControlSet (as collectors/kb.c does).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <check.h>
#include <csv.h>

#include "portaudit.h"
#include "testutil.h"

#define SC_SETTINGS	"data/settings.csv"
#define SC_CMD		"scripts/collect-windows.cmd"
#define SC_PS1		"scripts/collect-windows.ps1"
#define SC_UNIX		"scripts/collect-unix.sh"
#define SC_COMPLETION	"scripts/portaudit.bash-completion"
#define SC_MAXCOMP	32

/* A key pattern, split into lowercase components. */
struct sc_key {
	char	*comp[SC_MAXCOMP];
	int	 n;
	char	*value;		/* knowledge base: the value name; export
				   of :regvalue: the value it looks for */
	int	 exact;		/* covers keys of its own depth only */
	unsigned line;		/* line in its file */
	char	*text;		/* as written, for messages */
};

struct sc_keys {
	struct sc_key	*v;
	size_t		 n;
};

/* ---------------------------------------------------------------------
 * Keys
 */

static void
sc_push(struct sc_key *k, const char *s, size_t len)
{
	char	*c;
	size_t	 i;

	ck_assert_msg(k->n + 3 < SC_MAXCOMP, "key too deep: %s", k->text);
	c = xstrndup(s, len);
	for (i = 0; c[i] != '\0'; i++)
		c[i] = (char)tolower((unsigned char)c[i]);
	if (k->n == 0 && (strcmp(c, "hkey_local_machine") == 0 ||
	    strcmp(c, "hklm") == 0)) {
		free(c);
		c = xstrdup("hklm");
	} else if (k->n == 0 && strcmp(c, "hkey_current_user") == 0) {
		free(c);
		c = xstrdup("hkcu");
	} else if (k->n == 0 && (strcmp(c, "hkey_classes_root") == 0 ||
	    strcmp(c, "hkcr") == 0)) {
		free(c);
		k->comp[k->n++] = xstrdup("hklm");
		k->comp[k->n++] = xstrdup("software");
		c = xstrdup("classes");
	} else if (strncmp(c, "controlset", 10) == 0 && strlen(c) == 13 &&
	    isdigit((unsigned char)c[10]) && isdigit((unsigned char)c[11]) &&
	    isdigit((unsigned char)c[12])) {
		free(c);
		c = xstrdup("currentcontrolset");
	}
	k->comp[k->n++] = c;
}

/* Append the components of a backslash-separated path to k. */
static void
sc_split(struct sc_key *k, const char *path)
{
	const char	*s = path, *e;

	while (*s != '\0') {
		if ((e = strchr(s, '\\')) == NULL)
			e = s + strlen(s);
		if (e > s)
			sc_push(k, s, e - s);
		s = *e == '\\' ? e + 1 : e;
	}
}

static struct sc_key *
sc_add(struct sc_keys *ks, const char *text, unsigned line)
{
	struct sc_key	*k;

	ks->v = xrealloc(ks->v, (ks->n + 1) * sizeof(*ks->v));
	k = &ks->v[ks->n++];
	memset(k, 0, sizeof(*k));
	k->text = xstrdup(text);
	k->line = line;
	return (k);
}

static void
sc_free(struct sc_keys *ks)
{
	size_t	 i;
	int	 j;

	for (i = 0; i < ks->n; i++) {
		for (j = 0; j < ks->v[i].n; j++)
			free(ks->v[i].comp[j]);
		free(ks->v[i].value);
		free(ks->v[i].text);
	}
	free(ks->v);
	memset(ks, 0, sizeof(*ks));
}

/*
 * Whether export e brings the keys of pattern p (value v) along: each of
 * e's components equals p's, and a "*" of e matches any component; a "*"
 * of p is matched only by a "*" of e.  An export takes subkeys along,
 * except :regvalue, which brings exactly the keys of its depth that hold
 * its value.
 */
static int
sc_covers(const struct sc_key *e, const struct sc_key *p)
{
	int	 i;

	if (e->n > p->n || (e->exact && e->n != p->n))
		return (0);
	if (e->value != NULL && (p->value == NULL ||
	    strcasecmp(e->value, p->value) != 0))
		return (0);
	for (i = 0; i < e->n; i++) {
		if (strcmp(e->comp[i], "*") == 0)
			continue;
		if (strcmp(p->comp[i], "*") == 0 ||
		    strcmp(e->comp[i], p->comp[i]) != 0)
			return (0);
	}
	return (1);
}

static int
sc_has(const struct sc_key *k, const char *comp)
{
	int	 i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->comp[i], comp) == 0)
			return (1);
	return (0);
}

/* ---------------------------------------------------------------------
 * The knowledge base
 */

static void
sc_kb_row(void *arg, char **cells, int n, unsigned line)
{
	struct sc_keys	*ks = arg;
	struct sc_key	*k;

	ck_assert_msg(n >= 2, "%s:%u: %d cells", SC_SETTINGS, line, n);
	k = sc_add(ks, cells[0], line);
	sc_split(k, cells[0]);
	k->value = xstrdup(cells[1]);
}

static void
sc_kb(struct sc_keys *ks)
{
	memset(ks, 0, sizeof(*ks));
	ck_assert_int_eq(datafile_read(SC_SETTINGS, sc_kb_row, ks), 0);
	ck_assert_msg(ks->n >= 40, "%s: only %zu rows", SC_SETTINGS, ks->n);
}

/* ---------------------------------------------------------------------
 * The scripts' export lines
 */

/*
 * Split the arguments after a directive: words in quotes q, or bare
 * words; up to max of them into arg[].  Returns the count.
 */
static int
sc_args(const char *s, char q, char **arg, int max)
{
	const char	*e;
	int		 n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '\r' || *s == '\n' || *s == '#')
			break;
		if (*s == q) {
			e = strchr(s + 1, q);
			ck_assert_msg(e != NULL, "unclosed quote: %s", s);
			if (n < max)
				arg[n] = xstrndup(s + 1, e - s - 1);
			s = e + 1;
		} else {
			e = s + strcspn(s, " \t\r\n");
			if (n < max)
				arg[n] = xstrndup(s, e - s);
			s = e;
		}
		n++;
	}
	return (n);
}

enum sc_kind {
	SC_KEY,		/* KEY with its subkeys */
	SC_SUB,		/* PARENT\*\PATH with subkeys */
	SC_VALUE	/* PARENT\* holding VALUE */
};

struct sc_directive {
	const char	*word;		/* what the line starts with */
	enum sc_kind	 kind;
	int		 legacy;	/* the NT 4.0 / 2000 path */
};

static const struct sc_directive sc_cmd_dirs[] = {
	{ "call :regkey ", SC_KEY, 0 },
	{ "call :regsub ", SC_SUB, 0 },
	{ "call :regvalue ", SC_VALUE, 0 },
	{ "call :legacy ", SC_KEY, 1 }
};

static const struct sc_directive sc_ps1_dirs[] = {
	{ "Add-RegKey ", SC_KEY, 0 },
	{ "Add-RegSubKeys ", SC_SUB, 0 },
	{ "Add-RegValueKeys ", SC_VALUE, 0 }
};

/*
 * The exports of a script: the lines that start with one of dirs (after
 * blanks) and belong to the path wanted (legacy or not).
 */
static void
sc_exports(const char *path, const struct sc_directive *dirs, size_t ndirs,
    char q, int legacy, struct sc_keys *ks)
{
	struct sc_key	*k;
	char		*buf, *line, *next, *arg[4];
	unsigned	 lineno = 0;
	size_t		 d, len;
	int		 n, i;

	memset(ks, 0, sizeof(*ks));
	buf = tu_slurp_text(path, NULL);
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line += strspn(line, " \t");
		for (d = 0; d < ndirs; d++) {
			len = strlen(dirs[d].word);
			if (strncmp(line, dirs[d].word, len) == 0)
				break;
		}
		if (d == ndirs || dirs[d].legacy != legacy)
			continue;
		n = sc_args(line + len, q, arg, 4);
		ck_assert_msg(n >= (dirs[d].kind == SC_KEY ? 1 : 2),
		    "%s:%u: too few arguments", path, lineno);
		if (strncasecmp(arg[0], "HK", 2) != 0) {
			for (i = 0; i < n && i < 4; i++)
				free(arg[i]);
			continue;
		}
		k = sc_add(ks, arg[0], lineno);
		sc_split(k, arg[0]);
		switch (dirs[d].kind) {
		case SC_KEY:
			break;
		case SC_SUB:
			sc_push(k, "*", 1);
			sc_split(k, arg[1]);
			break;
		case SC_VALUE:
			sc_push(k, "*", 1);
			k->value = xstrdup(arg[1]);
			k->exact = 1;
			break;
		}
		for (i = 0; i < n && i < 4; i++)
			free(arg[i]);
	}
	free(buf);
	ck_assert_msg(ks->n > 0, "%s: no export lines found", path);
}

/*
 * Every pattern of the knowledge base is covered by an export, and every
 * export covers a pattern.  skip_wow: patterns of the 32-bit registry view
 * need no export (NT 4.0 and 2000 have none).
 */
static void
sc_assert_agree(const char *what, const struct sc_keys *exp,
    const struct sc_keys *kb, int skip_wow)
{
	size_t	 i, j;

	for (i = 0; i < kb->n; i++) {
		if (skip_wow && sc_has(&kb->v[i], "wow6432node"))
			continue;
		for (j = 0; j < exp->n; j++)
			if (sc_covers(&exp->v[j], &kb->v[i]))
				break;
		ck_assert_msg(j < exp->n, "%s exports no key for %s:%u: %s "
		    "(value %s)", what, SC_SETTINGS, kb->v[i].line,
		    kb->v[i].text, kb->v[i].value);
	}
	for (j = 0; j < exp->n; j++) {
		for (i = 0; i < kb->n; i++)
			if (sc_covers(&exp->v[j], &kb->v[i]))
				break;
		ck_assert_msg(i < kb->n, "%s line %u exports %s, which no "
		    "pattern of %s needs", what, exp->v[j].line,
		    exp->v[j].text, SC_SETTINGS);
	}
}

START_TEST(test_cmd_covers_kb)
{
	struct sc_keys	 kb, exp;

	sc_kb(&kb);
	sc_exports(SC_CMD, sc_cmd_dirs, sizeof(sc_cmd_dirs) /
	    sizeof(sc_cmd_dirs[0]), '"', 0, &exp);
	sc_assert_agree(SC_CMD " (reg export)", &exp, &kb, 0);
	sc_free(&exp);
	sc_free(&kb);
}
END_TEST

START_TEST(test_cmd_legacy_covers_kb)
{
	struct sc_keys	 kb, exp;

	sc_kb(&kb);
	sc_exports(SC_CMD, sc_cmd_dirs, sizeof(sc_cmd_dirs) /
	    sizeof(sc_cmd_dirs[0]), '"', 1, &exp);
	sc_assert_agree(SC_CMD " (regedit /e)", &exp, &kb, 1);
	sc_free(&exp);
	sc_free(&kb);
}
END_TEST

START_TEST(test_ps1_covers_kb)
{
	struct sc_keys	 kb, exp;

	sc_kb(&kb);
	sc_exports(SC_PS1, sc_ps1_dirs, sizeof(sc_ps1_dirs) /
	    sizeof(sc_ps1_dirs[0]), '\'', 0, &exp);
	sc_assert_agree(SC_PS1, &exp, &kb, 0);
	sc_free(&exp);
	sc_free(&kb);
}
END_TEST

/*
 * Fleet mode writes only the files its list names, whatever a remote
 * computer sends: every file the script writes must be on that list.
 */
START_TEST(test_ps1_fleet_files)
{
	char	*s, *list, *p, *e, name[64];
	int	 n = 0;

	s = tu_slurp_text(SC_PS1, NULL);
	ck_assert_ptr_nonnull(list = strstr(s, "$EvidenceFiles = @("));
	ck_assert_ptr_nonnull(e = strchr(list, ')'));
	*e = '\0';
	for (p = e + 1; (p = strstr(p, "Write-Evidence '")) != NULL; p++) {
		p += strlen("Write-Evidence '");
		snprintf(name, sizeof(name), "'%.*s'",
		    (int)strcspn(p, "'"), p);
		ck_assert_msg(strstr(list, name) != NULL, "%s: %s is written "
		    "but not in $EvidenceFiles", SC_PS1, name);
		n++;
	}
	ck_assert_int_ge(n, 5);
	ck_assert_ptr_nonnull(strstr(list, "'services'"));
	free(s);
}
END_TEST

/* The matching itself, on keys written as the scripts and the KB do. */
START_TEST(test_cover_rules)
{
	struct sc_keys	 ks;
	struct sc_key	*k;

	/* sc_add() moves the array: index it after the last one. */
	memset(&ks, 0, sizeof(ks));
	k = sc_add(&ks, "p", 1);
	sc_split(k, "HKLM\\SYSTEM\\ControlSet001\\Control\\Terminal Server\\"
	    "WinStations\\*");
	k->value = xstrdup("PortNumber");
	k = sc_add(&ks, "e", 2);
	sc_split(k, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
	    "Terminal Server\\WinStations");
	k = sc_add(&ks, "e2", 3);
	sc_split(k, "HKEY_CLASSES_ROOT\\AppID");
	sc_push(k, "*", 1);
	k->value = xstrdup("endpoints");
	k->exact = 1;
	k = sc_add(&ks, "p2", 4);
	sc_split(k, "HKLM\\SOFTWARE\\Classes\\AppID\\*");
	k->value = xstrdup("Endpoints");
	k = sc_add(&ks, "p3", 5);
	sc_split(k, "HKLM\\SOFTWARE\\Classes\\AppID\\*");
	k->value = xstrdup("LocalService");
	k = sc_add(&ks, "p4", 6);
	sc_split(k, "HKLM\\SOFTWARE\\Classes\\AppID\\{X}\\Sub");
	k->value = xstrdup("Endpoints");
	ck_assert(sc_covers(&ks.v[1], &ks.v[0]));	/* parent of a * */
	ck_assert(!sc_covers(&ks.v[0], &ks.v[1]));	/* not the reverse */
	ck_assert(sc_covers(&ks.v[2], &ks.v[3]));	/* value search */
	ck_assert(!sc_covers(&ks.v[2], &ks.v[4]));	/* another value */
	ck_assert(!sc_covers(&ks.v[2], &ks.v[5]));	/* deeper key */
	ck_assert(!sc_covers(&ks.v[1], &ks.v[3]));	/* another key */
	sc_free(&ks);
}
END_TEST

/* cmd.exe finds labels reliably only in CRLF files; Windows PowerShell
 * reads a script without BOM in the ANSI code page: keep both ASCII. */
START_TEST(test_windows_scripts_text)
{
	const char	*files[] = { SC_CMD, SC_PS1 };
	char		*s;
	size_t		 i, j;
	unsigned	 line;

	for (i = 0; i < 2; i++) {
		s = tu_slurp_text(files[i], NULL);
		line = 1;
		for (j = 0; s[j] != '\0'; j++) {
			ck_assert_msg((unsigned char)s[j] < 0x80, "%s:%u: "
			    "not ASCII", files[i], line);
			if (s[j] != '\n')
				continue;
			if (i == 0)
				ck_assert_msg(j > 0 && s[j - 1] == '\r',
				    "%s:%u: LF without CR", files[i], line);
			line++;
		}
		free(s);
	}
}
END_TEST

/* ---------------------------------------------------------------------
 * collect-unix.sh
 */

static char	 sc_tmp[64];

static void
sc_cleanup(void)
{
	char	 cmd[128];

	if (sc_tmp[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sc_tmp);
		if (system(cmd) != 0)
			fprintf(stderr, "check_scripts: cannot remove %s\n",
			    sc_tmp);
		sc_tmp[0] = '\0';
	}
}

/* A fresh temporary folder (the last one goes), removed at exit. */
static const char *
sc_tmpdir(void)
{
	static int	 registered;

	sc_cleanup();
	snprintf(sc_tmp, sizeof(sc_tmp), "/tmp/portaudit-scripts-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(sc_tmp));
	if (!registered++)
		atexit(sc_cleanup);
	return (sc_tmp);
}

static int
sc_exists(const char *dir, const char *name)
{
	struct stat	 st;
	char		 path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0);
}

/* The one folder inside dir (the host folder the script made). */
static char *
sc_only_subdir(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		*name = NULL;
	int		 n = 0;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		name = xstrdup(de->d_name);
	}
	closedir(d);
	ck_assert_msg(n == 1, "%s holds %d entries, not one host folder",
	    dir, n);
	return (name);
}

START_TEST(test_unix_syntax)
{
	ck_assert_int_eq(tu_system("sh -n %s", SC_UNIX), 0);
	if (tu_system("command -v dash >/dev/null 2>&1") == 0)
		ck_assert_int_eq(tu_system("dash -n %s", SC_UNIX), 0);
}
END_TEST

/* inventory.csv read back with libcsv: rows whose host cell is host. */
struct sc_inv {
	const char	*host;
	int		 col;		/* cell index in the current row */
	int		 row;
	int		 host_ok;	/* the row's host is ours */
	int		 kind_col, host_col;
	int		 rows;		/* rows of our host */
	int		 ranges;	/* of them, ephemeral ranges */
	char		*cells[16];
};

static void
sc_inv_cell(void *s, size_t len, void *data)
{
	struct sc_inv	*v = data;

	if (v->col < 16)
		v->cells[v->col] = xstrndup(s, len);
	v->col++;
}

static void
sc_inv_row(int c, void *data)
{
	struct sc_inv	*v = data;
	int		 i;

	(void)c;
	if (v->row == 0) {
		v->host_col = v->kind_col = -1;
		for (i = 0; i < v->col && i < 16; i++) {
			if (strcmp(v->cells[i], "host") == 0)
				v->host_col = i;
			else if (strcmp(v->cells[i], "kind") == 0)
				v->kind_col = i;
		}
		ck_assert_int_ge(v->host_col, 0);
		ck_assert_int_ge(v->kind_col, 0);
	} else if (v->host_col < v->col && v->kind_col < v->col &&
	    strcmp(v->cells[v->host_col], v->host) == 0) {
		v->rows++;
		if (strcmp(v->cells[v->kind_col], "ephemeral") == 0)
			v->ranges++;
	}
	for (i = 0; i < v->col && i < 16; i++)
		free(v->cells[i]);
	v->col = 0;
	v->row++;
}

static void
sc_inventory(const char *path, struct sc_inv *v)
{
	struct csv_parser	 p;
	char			*buf;
	size_t			 n;

	buf = tu_slurp(path, &n);
	ck_assert_int_eq(csv_init(&p, CSV_APPEND_NULL), 0);
	ck_assert_msg(csv_parse(&p, buf, n, sc_inv_cell, sc_inv_row, v) == n,
	    "%s: %s", path, csv_strerror(csv_error(&p)));
	csv_fini(&p, sc_inv_cell, sc_inv_row, v);
	csv_free(&p);
	free(buf);
}

/*
 * Audit the fleet the script wrote: exit 0, every file identified (the
 * osinfo collector reads osversion.txt) and nothing skipped.
 */
static void
sc_audit(const char *tmp, const char *host, int want_ranges)
{
	struct sc_inv	 v;
	char		*cmd, *err, *line, *next, path[4096];
	int		 rc;

	snprintf(path, sizeof(path), "./portaudit audit --out %s/out "
	    "%s/fleet 2>%s/audit.err", tmp, tmp, tmp);
	cmd = tu_shell(path);
	rc = tu_system("%s", cmd);
	free(cmd);
	snprintf(path, sizeof(path), "%s/audit.err", tmp);
	err = tu_slurp_text(path, NULL);
	ck_assert_msg(rc == 0, "portaudit audit exited %d: %s", rc, err);
	ck_assert_msg(strstr(err, "portaudit: 1 hosts,") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "(0 skipped)") != NULL, "%s", err);
	for (line = err; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		ck_assert_msg(strncmp(line, "portaudit: skipped ", 19) != 0,
		    "%s", line);
	}
	free(err);

	memset(&v, 0, sizeof(v));
	v.host = host;
	snprintf(path, sizeof(path), "%s/out/inventory.csv", tmp);
	sc_inventory(path, &v);
	ck_assert_msg(v.rows > 0, "inventory.csv has no row for %s", host);
	if (want_ranges)
		ck_assert_msg(v.ranges >= 2, "inventory.csv has no ephemeral "
		    "range for %s", host);
}

START_TEST(test_unix_collect_and_audit)
{
	const char	*tmp = sc_tmpdir();
	char		 dir[4096], *host, *err, path[4096];
	int		 sockets, have_services;

	ck_assert_int_eq(tu_system("sh %s %s/fleet >%s/collect.out "
	    "2>%s/collect.err", SC_UNIX, tmp, tmp, tmp), 0);
	snprintf(dir, sizeof(dir), "%s/fleet", tmp);
	host = sc_only_subdir(dir);
	snprintf(dir, sizeof(dir), "%s/fleet/%s", tmp, host);
	/* /etc/services comes with netbase, which a minimal system lacks. */
	have_services = access("/etc/services", R_OK) == 0;
	ck_assert_msg(sc_exists(dir, "services") == have_services,
	    "services in %s does not match /etc/services", dir);
	ck_assert_msg(sc_exists(dir, "osversion.txt"), "no osversion.txt");
	/* Linux always has /proc/sys/net/ipv4/ip_local_port_range. */
	ck_assert_msg(sc_exists(dir, "sysctl.txt"), "no sysctl.txt");
	sockets = sc_exists(dir, "ss.txt") || sc_exists(dir, "netstat.txt");
	snprintf(path, sizeof(path), "%s/collect.err", tmp);
	err = tu_slurp_text(path, NULL);
	/* Quiet when all went well: a bashism would show here as
	 * "sh: 1: [[: not found", which sh -n does not see. */
	if (tu_system("command -v ss >/dev/null 2>&1 || "
	    "command -v netstat >/dev/null 2>&1") == 0) {
		ck_assert_msg(sockets, "ss or netstat exists, but no socket "
		    "table was written: %s", err);
		ck_assert_msg(err[0] == '\0' || (!have_services &&
		    strstr(err, "/etc/services") != NULL &&
		    strchr(err, '\n') == strrchr(err, '\n')),
		    "collect-unix.sh: %s", err);
	} else
		ck_assert_msg(strstr(err, "neither ss nor netstat") != NULL,
		    "%s", err);
	free(err);
	sc_audit(tmp, host, 1);
	free(host);
	sc_cleanup();
}
END_TEST

/*
 * Without ss and netstat the script says so and writes the rest.  PATH
 * holds only the few tools the script needs (it adds /sbin and /usr/sbin
 * for sysctl), so the test is skipped where ss or netstat live there.
 */
START_TEST(test_unix_without_socket_tools)
{
	static const char *const tools[] = {
		"hostname", "uname", "cat", "mv", "rm", "mkdir", "tr"
	};
	const char	*tmp;
	char		 dir[4096], path[4096], *host, *err;
	size_t		 i;

	if (tu_system("test -e /sbin/ss || test -e /usr/sbin/ss || "
	    "test -e /sbin/netstat || test -e /usr/sbin/netstat") == 0)
		return;
	tmp = sc_tmpdir();
	ck_assert_int_eq(tu_system("mkdir %s/bin", tmp), 0);
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		(void)tu_system("p=$(command -v %s) && ln -s \"$p\" %s/bin/%s",
		    tools[i], tmp, tools[i]);
	if (access("/etc/services", R_OK) != 0)
		return;		/* the one-message check below needs it */
	ck_assert_int_eq(tu_system("PATH=%s/bin /bin/sh %s %s/fleet "
	    ">/dev/null 2>%s/collect.err", tmp, SC_UNIX, tmp, tmp), 0);
	snprintf(path, sizeof(path), "%s/collect.err", tmp);
	err = tu_slurp_text(path, NULL);
	ck_assert_msg(strncmp(err, "collect-unix.sh: neither ss nor netstat",
	    39) == 0 && strchr(err, '\n') == strrchr(err, '\n'),
	    "not the one message expected: %s", err);
	free(err);
	snprintf(dir, sizeof(dir), "%s/fleet", tmp);
	host = sc_only_subdir(dir);
	snprintf(dir, sizeof(dir), "%s/fleet/%s", tmp, host);
	ck_assert(!sc_exists(dir, "ss.txt") && !sc_exists(dir, "netstat.txt"));
	ck_assert(sc_exists(dir, "services"));
	ck_assert(sc_exists(dir, "sysctl.txt"));
	ck_assert(sc_exists(dir, "osversion.txt"));
	sc_audit(tmp, host, 1);
	free(host);
	sc_cleanup();
}
END_TEST

START_TEST(test_unix_usage)
{
	ck_assert_int_eq(tu_system("sh %s --bogus 2>/dev/null", SC_UNIX), 2);
	ck_assert_int_eq(tu_system("sh %s a b 2>/dev/null", SC_UNIX), 2);
}
END_TEST

/* ---------------------------------------------------------------------
 * Bash completion
 */

/*
 * Source the completion in a clean bash and complete each line of words
 * (words separated by blanks; a trailing blank completes an empty word),
 * printing "COMPREPLY: a b c" per line.  The program word is the
 * portaudit under test.
 */
static char *
sc_complete(const char *const *lines, size_t n)
{
	const char	*tmp;
	char		 script[4096], *prog, *out;
	size_t		 i;
	FILE		*fp;

	if (tu_system("command -v bash >/dev/null 2>&1") != 0)
		return (NULL);
	tmp = sc_tmpdir();
	prog = tu_shell("./portaudit");
	snprintf(script, sizeof(script), "%s/t.bash", tmp);
	ck_assert_ptr_nonnull(fp = fopen(script, "w"));
	fprintf(fp, ". %s || exit 1\n"
	    "complete -p portaudit || exit 1\n"
	    "t() {\n"
	    "  read -r -a COMP_WORDS <<<\"$1\"\n"
	    "  COMP_WORDS=(\"%s\" \"${COMP_WORDS[@]}\")\n"
	    "  [[ $1 == *' ' ]] && COMP_WORDS+=('')\n"
	    "  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
	    "  COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
	    "  COMPREPLY=()\n"
	    "  _portaudit portaudit \"${COMP_WORDS[COMP_CWORD]}\" "
	    "\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
	    "  echo \"COMPREPLY: ${COMPREPLY[*]}\"\n"
	    "}\n", SC_COMPLETION, prog);
	for (i = 0; i < n; i++)
		fprintf(fp, "t '%s'\n", lines[i]);
	ck_assert_int_eq(fclose(fp), 0);
	free(prog);
	snprintf(script, sizeof(script), "bash --norc --noprofile %s/t.bash "
	    "2>&1", tmp);
	ck_assert_ptr_nonnull(fp = popen(script, "r"));
	out = xcalloc(1, 1 << 16);
	i = fread(out, 1, (1 << 16) - 1, fp);
	out[i] = '\0';
	ck_assert_int_eq(pclose(fp), 0);
	return (out);
}

/* The n-th "COMPREPLY: " line of out, with a blank at each end. */
static char *
sc_reply(const char *out, int n)
{
	const char	*s = out, *e;
	char		*r;

	while ((s = strstr(s, "COMPREPLY:")) != NULL && n-- > 0)
		s++;
	ck_assert_msg(s != NULL, "missing reply: %s", out);
	s += strlen("COMPREPLY:");
	e = s + strcspn(s, "\n");
	xasprintf(&r, "%.*s ", (int)(e - s), s);
	return (r);
}

static void
sc_assert_reply(const char *out, int n, const char *word, int want)
{
	char	*r, w[128];

	r = sc_reply(out, n);
	snprintf(w, sizeof(w), " %s ", word);
	ck_assert_msg((strstr(r, w) != NULL) == want, "reply %d %s %s:%s",
	    n, want ? "lacks" : "has", word, r);
	free(r);
}

START_TEST(test_completion)
{
	static const char *const lines[] = {
		"au",				/* 0 */
		" ",				/* 1: nothing typed yet */
		"audit --f",			/* 2 */
		"audit --format csv,j",		/* 3 */
		"audit --format = csv,",	/* 4: --format=csv, */
		"inspect --format ",		/* 5 */
		"inspect --type ",		/* 6 */
		"audit --template m",		/* 7 */
		"audit --detail ",		/* 8 */
		"audit --fail-on h",		/* 9 */
		"suggest --proto ",		/* 10 */
		"help ",			/* 11 */
		"rules -",			/* 12 */
		"audit --out exam",		/* 13 */
		"audit exam",			/* 14 */
	};
	char	*out;

	if ((out = sc_complete(lines, sizeof(lines) / sizeof(lines[0]))) ==
	    NULL)
		return;		/* no bash here */
	ck_assert_msg(strstr(out, "complete -F _portaudit portaudit") != NULL,
	    "%s", out);
	sc_assert_reply(out, 0, "audit", 1);
	sc_assert_reply(out, 0, "inspect", 0);
	sc_assert_reply(out, 1, "suggest", 1);
	sc_assert_reply(out, 1, "formats", 1);
	sc_assert_reply(out, 2, "--format", 1);
	sc_assert_reply(out, 2, "--fail-on", 1);
	sc_assert_reply(out, 2, "--out", 0);
	sc_assert_reply(out, 3, "csv,json", 1);
	sc_assert_reply(out, 3, "csv,csv", 0);
	sc_assert_reply(out, 4, "csv,pdf", 1);
	sc_assert_reply(out, 4, "csv,sarif", 1);
	sc_assert_reply(out, 5, "jsonl", 1);
	sc_assert_reply(out, 5, "pdf", 0);
	sc_assert_reply(out, 6, "netstat-win", 1);
	sc_assert_reply(out, 6, "ss", 1);
	sc_assert_reply(out, 6, "registry", 1);
	sc_assert_reply(out, 7, "migration", 1);
	sc_assert_reply(out, 8, "findings", 1);
	sc_assert_reply(out, 9, "high", 1);
	sc_assert_reply(out, 9, "low", 0);
	sc_assert_reply(out, 10, "udp", 1);
	sc_assert_reply(out, 11, "rules", 1);
	sc_assert_reply(out, 12, "--long", 1);
	sc_assert_reply(out, 13, "examples", 1);
	sc_assert_reply(out, 14, "examples", 1);
	free(out);
	sc_cleanup();
}
END_TEST

static const char *const sc_cmds[] = { "audit", "inspect", "suggest", "plan",
    "rules" };

/* Each command completes every long option `portaudit help CMD` lists. */
START_TEST(test_completion_options_from_help)
{
	const char	*lines[1];
	char		 line[64], *out, *help, *cmd, *p, *e, opt[64], *r;
	FILE		*fp;
	size_t		 n;
	int		 count = 0;

	snprintf(line, sizeof(line), "%s --", sc_cmds[_i]);
	lines[0] = line;
	if ((out = sc_complete(lines, 1)) == NULL)
		return;
	r = sc_reply(out, 0);
	snprintf(line, sizeof(line), "./portaudit help %s", sc_cmds[_i]);
	cmd = tu_shell(line);
	ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
	free(cmd);
	help = xcalloc(1, 1 << 16);
	n = fread(help, 1, (1 << 16) - 1, fp);
	help[n] = '\0';
	pclose(fp);
	for (p = help; (p = strstr(p, "\n  ")) != NULL; p = e) {
		p += 3;
		p += strspn(p, " ");
		if (p[0] == '-' && p[1] != '-' && strncmp(p + 2, ", ", 2) == 0)
			p += 4;
		e = p + strcspn(p, " \n");
		if (strncmp(p, "--", 2) != 0)
			continue;
		snprintf(opt, sizeof(opt), " %.*s ", (int)(e - p), p);
		ck_assert_msg(strstr(r, opt) != NULL, "%s: completion lacks%s",
		    sc_cmds[_i], opt);
		count++;
	}
	ck_assert_int_gt(count, 0);
	free(help);
	free(r);
	free(out);
	sc_cleanup();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("scripts");
	TCase	*kb = tcase_create("knowledge base");
	TCase	*unix_ = tcase_create("collect-unix.sh");
	TCase	*comp = tcase_create("completion");

	tcase_add_test(kb, test_cover_rules);
	tcase_add_test(kb, test_cmd_covers_kb);
	tcase_add_test(kb, test_cmd_legacy_covers_kb);
	tcase_add_test(kb, test_ps1_covers_kb);
	tcase_add_test(kb, test_ps1_fleet_files);
	tcase_add_test(kb, test_windows_scripts_text);
	suite_add_tcase(s, kb);
	tcase_add_test(unix_, test_unix_syntax);
	tcase_add_test(unix_, test_unix_usage);
	tcase_add_test(unix_, test_unix_collect_and_audit);
	tcase_add_test(unix_, test_unix_without_socket_tools);
	tcase_set_timeout(unix_, 60);
	suite_add_tcase(s, unix_);
	tcase_add_test(comp, test_completion);
	tcase_add_loop_test(comp, test_completion_options_from_help, 0,
	    sizeof(sc_cmds) / sizeof(sc_cmds[0]));
	tcase_set_timeout(comp, 60);
	suite_add_tcase(s, comp);
	return (tu_run_suite(s));
}
