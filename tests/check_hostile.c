/*
 * Hostile and broken input, end to end: each case puts one bad thing into
 * a fleet beside a sound host (the example fleet's EXCH01, whose DS on TCP
 * 1025 is taken by an outbound connection) and runs the real binary.  It
 * asserts the diagnostic on standard error (FILE:LINE where one applies),
 * the exit status, and that the rest of the fleet was still audited, by
 * reading findings.csv back with libcsv.  Then the walker's promises
 * (symbolic links, the output folder, read-only inputs, nothing written
 * outside --out) and the limits that protect the machine: a line over
 * 1 MiB, a file over $PORTAUDIT_MAX_FILE, 20,000 continuation lines.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "testutil.h"

#define EPOCH		"1767225600"	/* 2026-01-01 */
#define SOUND		"examples/fleet/hq/EXCH01"
#define LINE_MAX_BYTES	(1024 * 1024)	/* PARSE_LINE_MAX in parse.c */

/* BAD's evidence: NTDS pinned to 50000, which an outbound connection on
 * line 6 of the netstat output holds (fixed-port-taken, high).  BAD is a
 * domain controller (a Kerberos KDC listens on 88), where the NTDS value
 * counts. */
#define REG_NTDS \
	"REGEDIT4\r\n\r\n" \
	"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\" \
	"Parameters]\r\n" \
	"\"TCP/IP Port\"=dword:0000c350\r\n"
#define NETSTAT_HEAD \
	"\r\nActive Connections\r\n\r\n" \
	"  Proto  Local Address          Foreign Address        State\r\n" \
	"  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING\r\n"
#define NETSTAT_TAKEN \
	"  TCP    10.1.1.5:50000         10.1.1.10:445          ESTABLISHED\r\n"

static char	 hostile_dirs[128][64];
static int	 hostile_ndirs;
static char	*hostile_out;		/* standard output of the last run */
static char	*hostile_err;		/* its standard error */

/* Remove the temporary folders, read-only ones included (runs at exit). */
static void
hostile_cleanup(void)
{
	char	 cmd[256];

	while (hostile_ndirs > 0) {
		snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' 2>/dev/null; "
		    "rm -rf '%s'", hostile_dirs[hostile_ndirs - 1],
		    hostile_dirs[hostile_ndirs - 1]);
		hostile_ndirs--;
		if (system(cmd) != 0)
			continue;
	}
}

/* A new temporary folder, removed at exit. */
static const char *
hostile_tmpdir(void)
{
	char	*d;

	ck_assert_int_lt(hostile_ndirs, 128);
	d = hostile_dirs[hostile_ndirs];
	snprintf(d, sizeof(hostile_dirs[0]), "/tmp/portaudit-hostile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d));
	if (hostile_ndirs++ == 0)
		atexit(hostile_cleanup);
	return (d);
}

/* The folder that holds path (a static copy). */
static const char *
hostile_parent(const char *path)
{
	static char	 buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	*strrchr(buf, '/') = '\0';
	return (buf);
}

/* Create the parent folders of path. */
static void
hostile_mkdirs(char *path)
{
	char	*p;

	for (p = path + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(path, 0755);
			*p = '/';
		}
}

/* Write len bytes (NULs allowed) to DIR/rel, creating folders. */
static void
hostile_put(const char *dir, const char *rel, const void *data, size_t len)
{
	char	*path;
	FILE	*fp;

	xasprintf(&path, "%s/%s", dir, rel);
	hostile_mkdirs(path);
	fp = fopen(path, "wb");
	ck_assert_msg(fp != NULL, "cannot create %s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	free(path);
}

static void
hostile_puts(const char *dir, const char *rel, const char *text)
{
	hostile_put(dir, rel, text, strlen(text));
}

/* A fleet holding the sound host hq/EXCH01; its folder. */
static const char *
hostile_fleet(void)
{
	const char	*d = hostile_tmpdir();
	char		*cmd;

	xasprintf(&cmd, "mkdir -p '%s/hq' && cp -R " SOUND " '%s/hq/'", d, d);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	return (d);
}

/*
 * Run a command line whose "./portaudit" is the binary under test ($PORTAUDIT
 * for the sanitizer build), behind prefix (NULL: none; e.g. "timeout 60");
 * keep its standard output and error.  Returns its exit status.
 */
static int
hostile_runp(const char *prefix, const char *fmt, ...)
{
	static char	 logs[64];
	va_list		 ap;
	char		*cmd, *bin, *full, *path;
	int		 st;

	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	if (logs[0] == '\0')
		snprintf(logs, sizeof(logs), "%s", hostile_tmpdir());
	/* A binary outside the tree finds no data/ beside itself. */
	if (getenv("PORTAUDIT") != NULL)
		ck_assert_int_eq(setenv("PORTAUDIT_DATADIR", "data", 0), 0);
	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	bin = tu_shell(cmd);
	xasprintf(&full, "%s%s%s >%s/stdout 2>%s/stderr", prefix ? prefix : "",
	    prefix ? " " : "", bin, logs, logs);
	st = system(full);
	ck_assert_msg(st != -1 && WIFEXITED(st), "did not run: %s", full);
	free(hostile_out);
	free(hostile_err);
	xasprintf(&path, "%s/stdout", logs);
	ck_assert_ptr_nonnull(hostile_out = tu_slurp_text(path, NULL));
	free(path);
	xasprintf(&path, "%s/stderr", logs);
	ck_assert_ptr_nonnull(hostile_err = tu_slurp_text(path, NULL));
	free(path);
	if (getenv("TU_VERBOSE") != NULL)
		fprintf(stderr, "$ %s\n%s", full, hostile_err);
	free(cmd);
	free(bin);
	free(full);
	return (WEXITSTATUS(st));
}

#define hostile_run(...)	hostile_runp(NULL, __VA_ARGS__)

/* How often needle occurs in the last run's standard error. */
static int
hostile_err_count(const char *needle)
{
	const char	*p;
	int		 n = 0;

	for (p = hostile_err; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return (n);
}

/* Assert a diagnostic, formatted, on the last run's standard error. */
static void
hostile_err_has(const char *fmt, ...)
{
	va_list	 ap;
	char	*want;

	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&want, fmt, ap), 0);
	va_end(ap);
	ck_assert_msg(strstr(hostile_err, want) != NULL,
	    "standard error lacks \"%s\":\n%s", want, hostile_err);
	free(want);
}

/* Rows of findings.csv for a host. */
static int
hostile_nrows(const struct tu_csv *t, const char *host)
{
	size_t	 i;
	int	 n = 0;

	for (i = 1; i < t->n; i++)
		n += strcmp(t->v[i].f[TU_FC_HOST], host) == 0;
	return (n);
}

/* Assert a finding whose evidence cites needle; the row. */
static const struct tu_csv_row *
hostile_assert_finding(const struct tu_csv *t, const char *rule,
    const char *host, const char *port, const char *needle)
{
	const struct tu_csv_row	*r;

	r = tu_csv_finding(t, rule, host, port);
	ck_assert_msg(r != NULL, "no %s finding for %s port %s", rule, host,
	    port);
	if (needle != NULL)
		ck_assert_msg(strstr(r->f[TU_FC_EVIDENCE], needle) != NULL,
		    "%s %s: evidence lacks %s:\n%s", rule, host, needle,
		    r->f[TU_FC_EVIDENCE]);
	return (r);
}

/*
 * The rest of the fleet was audited: EXCH01's DS on 1025, held by the
 * outbound connection on line 20 of its netstat output, is in findings.csv.
 */
static void
hostile_assert_sound(const struct tu_csv *t)
{
	const struct tu_csv_row	*r;

	r = hostile_assert_finding(t, "fixed-port-taken", "EXCH01", "1025",
	    "EXCH01/netstat.txt:20:");
	ck_assert_str_eq(r->f[TU_FC_SEVERITY], "high");
	ck_assert_str_eq(r->f[TU_FC_SITE], "hq");
}

/* Audit fleet into a new output folder: exit status want, EXCH01 sound. */
static const char *
hostile_audit(const char *fleet, int want, struct tu_csv *t)
{
	static char	 out[4][96];
	static int	 slot;
	char		*o = out[slot++ % 4];
	int		 rc;

	snprintf(o, sizeof(out[0]), "%s/out", hostile_tmpdir());
	rc = hostile_run("./portaudit audit --out %s %s", o, fleet);
	ck_assert_msg(rc == want, "exit %d, not %d:\n%s", rc, want,
	    hostile_err);
	tu_csv_report(o, "findings.csv", t);
	hostile_assert_sound(t);
	return (o);
}

/* Nothing on standard error names this file. */
static void
hostile_assert_quiet(const char *fleet, const char *rel)
{
	char	*path;

	xasprintf(&path, "%s/%s", fleet, rel);
	ck_assert_msg(strstr(hostile_err, path) == NULL,
	    "unexpected diagnostic for %s:\n%s", path, hostile_err);
	free(path);
}

START_TEST(test_random_bytes)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	unsigned char	 noise[4096];

	tu_noise(noise, sizeof(noise), 1);
	hostile_put(fleet, "hq/BAD/netstat.txt", noise, sizeof(noise));
	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/BAD/netstat.txt: error: content matches no "
	    "input format, file skipped: ", fleet);
	hostile_err_has("skipped %s/hq/BAD/netstat.txt: format not identified",
	    fleet);
	/* The host's other file still counts. */
	hostile_assert_finding(&t, "fixed-port-in-ephemeral", "BAD", "50000",
	    "BAD/registry.reg:4:");
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_nul_file)
{
	struct tu_csv		 t;
	const char		*fleet = hostile_fleet();
	static const char	 nuls[4096];

	hostile_put(fleet, "hq/BAD/netstat.txt", nuls, sizeof(nuls));
	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/BAD/netstat.txt: warning: NUL bytes replaced "
	    "by blanks: 4096\n", fleet);
	hostile_err_has("%s/hq/BAD/netstat.txt: error: content matches no "
	    "input format, file skipped: 1 lines not read", fleet);
	hostile_assert_finding(&t, "fixed-port-in-ephemeral", "BAD", "50000",
	    NULL);
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_empty_file)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();

	hostile_put(fleet, "hq/BAD/netstat.txt", "", 0);
	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/BAD/netstat.txt: error: content matches no "
	    "input format, file skipped: 0 lines not read", fleet);
	hostile_err_has("skipped %s/hq/BAD/netstat.txt: format not identified",
	    fleet);
	hostile_assert_finding(&t, "fixed-port-in-ephemeral", "BAD", "50000",
	    NULL);
	tu_csv_free(&t);
}
END_TEST

/*
 * A 5 MB line of two-byte characters between netstat lines: cut on a
 * character boundary below 1 MiB, said once, and the line after it (7)
 * is still read.
 */
START_TEST(test_long_line)
{
	static const char	 pre[] = NETSTAT_HEAD "  TCP    ";
	struct tu_csv		 t;
	const char		*fleet = hostile_fleet();
	json_t			*rec;
	json_error_t		 jerr;
	const char		*text, *nl, *s;
	char			*buf, *p;
	size_t			 n = 2500000, len, i, tlen;
	int			 found = 0;

	len = sizeof(pre) - 1 + 2 * n + 2 + sizeof(NETSTAT_TAKEN) - 1;
	buf = p = xmalloc(len);
	memcpy(p, pre, sizeof(pre) - 1);
	p += sizeof(pre) - 1;
	for (i = 0; i < n; i++, p += 2)
		memcpy(p, "\xc3\xa9", 2);		/* U+00E9 */
	memcpy(p, "\r\n" NETSTAT_TAKEN, 2 + sizeof(NETSTAT_TAKEN) - 1);
	hostile_put(fleet, "hq/BAD/netstat.txt", buf, len);
	free(buf);
	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	hostile_audit(fleet, 0, &t);
	/* 9 bytes of "  TCP    " put byte 1048576 inside a character. */
	hostile_err_has("%s/hq/BAD/netstat.txt:6: warning: line longer than "
	    "the limit: %zu bytes, cut at %d\n", fleet, 9 + 2 * n,
	    LINE_MAX_BYTES - 1);
	ck_assert_int_eq(hostile_err_count("line longer than the limit"), 1);
	hostile_err_has("%s/hq/BAD/netstat.txt:6: warning: ", fleet);
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/netstat.txt:7:");
	tu_csv_free(&t);

	/* The unparsed record holds the cut line: valid UTF-8, whole
	 * characters, no longer than the limit. */
	ck_assert_int_eq(hostile_run("./portaudit inspect --all "
	    "%s/hq/BAD/netstat.txt", fleet), 0);
	for (s = hostile_out; *s != '\0'; s = nl + 1) {
		ck_assert_ptr_nonnull(nl = strchr(s, '\n'));
		rec = json_loadb(s, nl - s, 0, &jerr);
		ck_assert_msg(rec != NULL, "inspect line: %s", jerr.text);
		if (json_integer_value(json_object_get(rec, "line")) == 6) {
			found = 1;
			ck_assert_str_eq(json_string_value(json_object_get(rec,
			    "kind")), "unparsed");
			text = json_string_value(json_object_get(rec, "text"));
			tlen = json_string_length(json_object_get(rec, "text"));
			ck_assert_uint_eq(tlen, LINE_MAX_BYTES - 1);
			ck_assert_mem_eq(text + tlen - 2, "\xc3\xa9", 2);
		}
		json_decref(rec);
	}
	ck_assert_int_eq(found, 1);
}
END_TEST

/* s as UTF-16LE without a byte order mark (a copy lost it). */
static char *
hostile_utf16(const char *s, size_t *lenp)
{
	size_t	 n = strlen(s), i;
	char	*u;

	u = xcalloc(2, n + 1);
	for (i = 0; i < n; i++)
		u[2 * i] = s[i];
	*lenp = 2 * n;
	return (u);
}

/* regedit 5 writes UTF-16LE; one byte more than a whole character. */
START_TEST(test_utf16_odd_length)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	char		*u, *buf;
	size_t		 len;

	u = hostile_utf16("Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
	    "NTDS\\Parameters]\r\n"
	    "\"TCP/IP Port\"=dword:0000c350\r\n", &len);
	buf = xmalloc(len + 3);
	memcpy(buf, "\xff\xfe", 2);
	memcpy(buf + 2, u, len);
	buf[len + 2] = 'A';
	hostile_put(fleet, "hq/BAD/registry.reg", buf, len + 3);
	free(buf);
	free(u);
	hostile_puts(fleet, "hq/BAD/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/BAD/registry.reg: warning: bytes that cannot "
	    "be decoded were replaced: 1 replaced by U+FFFD\n", fleet);
	/* The stray byte is a line of its own, kept as unparsed. */
	hostile_err_has("%s/hq/BAD/registry.reg:5: warning: registry line "
	    "malformed", fleet);
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/registry.reg:4:");
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_utf16_no_bom)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	char		*u, *want;
	size_t		 len;

	u = hostile_utf16(REG_NTDS, &len);
	hostile_put(fleet, "hq/BAD/registry.reg", u, len);
	free(u);
	u = hostile_utf16(NETSTAT_HEAD NETSTAT_TAKEN, &len);
	hostile_put(fleet, "hq/BAD/netstat.txt", u, len);
	free(u);
	hostile_audit(fleet, 0, &t);
	/* Recognised from its NUL bytes: nothing to say, every line read. */
	hostile_assert_quiet(fleet, "hq/BAD/");
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/netstat.txt:6:");
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/registry.reg:4:");
	tu_csv_free(&t);
	ck_assert_int_eq(hostile_run("./portaudit inspect --summary "
	    "%s/hq/BAD/netstat.txt %s/hq/BAD/registry.reg", fleet, fleet), 0);
	xasprintf(&want, "BAD\tnetstat-win\tUTF-16LE\tlines=6 ");
	ck_assert_msg(strstr(hostile_out, want) != NULL, "%s", hostile_out);
	free(want);
	ck_assert_ptr_nonnull(strstr(hostile_out, "BAD\treg\tUTF-16LE\t"));
	ck_assert_ptr_null(strstr(hostile_out, "unparsed=1"));
}
END_TEST

START_TEST(test_cr_only)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	char		*s, *p;

	s = xstrdup(NETSTAT_HEAD NETSTAT_TAKEN);
	for (p = s; (p = strstr(p, "\r\n")) != NULL; )
		memmove(p + 1, p + 2, strlen(p + 2) + 1);
	hostile_puts(fleet, "hq/BAD/netstat.txt", s);
	free(s);
	s = xstrdup(REG_NTDS);
	for (p = s; (p = strstr(p, "\r\n")) != NULL; )
		memmove(p + 1, p + 2, strlen(p + 2) + 1);
	ck_assert_ptr_null(strchr(s, '\n'));
	hostile_puts(fleet, "hq/BAD/registry.reg", s);
	free(s);
	hostile_audit(fleet, 0, &t);
	hostile_assert_quiet(fleet, "hq/BAD/");
	/* Line numbers count CRs. */
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/netstat.txt:6:");
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/registry.reg:4:");
	tu_csv_free(&t);
}
END_TEST

/* The Kerberos listener that makes a host a domain controller, in German. */
#define DE_KDC_U8 \
	"  TCP    0.0.0.0:88             0.0.0.0:0              ABH\xc3\x96REN\r\n"
#define DE_KDC_CP850 \
	"  TCP    0.0.0.0:88             0.0.0.0:0              ABH\x99REN\r\n"

/*
 * The inventory row of host's setting on port (read back with libcsv) has
 * that status, and its evidence cell holds needle.
 */
static void
hostile_assert_status(const struct tu_csv *inv, const char *host,
    const char *port, const char *status, const char *needle)
{
	const struct tu_csv_row	*r;
	size_t			 i;
	int			 k, c[5] = { -1, -1, -1, -1, -1 };
	static const char *const cols[5] = {
		"host", "kind", "port", "status", "evidence"
	};

	for (k = 0; k < inv->v[0].n; k++)
		for (i = 0; i < 5; i++)
			if (strcmp(inv->v[0].f[k], cols[i]) == 0)
				c[i] = k;
	for (i = 0; i < 5; i++)
		ck_assert_msg(c[i] >= 0, "inventory.csv has no %s", cols[i]);
	for (i = 1; i < inv->n; i++) {
		r = &inv->v[i];
		if (strcmp(r->f[c[0]], host) != 0 ||
		    strcmp(r->f[c[1]], "setting") != 0 ||
		    strcmp(r->f[c[2]], port) != 0)
			continue;
		ck_assert_str_eq(r->f[c[3]], status);
		ck_assert_msg(strstr(r->f[c[4]], needle) != NULL,
		    "%s %s: evidence lacks %s: %s", host, port, needle,
		    r->f[c[4]]);
		return;
	}
	ck_abort_msg("no inventory row for %s's setting on %s", host, port);
}

/* UTF-8, UTF-16LE and a German netstat of cmd.exe in CP850 in one fleet. */
START_TEST(test_mixed_encodings)
{
	static const char	 de_head[] =
	    "\r\nAktive Verbindungen\r\n\r\n"
	    "  Proto  Lokale Adresse         Remoteadresse          Status\r\n";
	struct tu_csv		 t, inv;
	const char		*fleet = hostile_fleet(), *out;
	char			*u, *s;
	size_t			 len;

	hostile_puts(fleet, "hq/U8/registry.reg", REG_NTDS);
	xasprintf(&s, "%s  TCP    0.0.0.0:50000          0.0.0.0:0          "
	    "    ABH\xc3\x96REN\r\n" DE_KDC_U8, de_head);
	hostile_puts(fleet, "hq/U8/netstat.txt", s);
	free(s);
	hostile_puts(fleet, "hq/U16/registry.reg", REG_NTDS);
	u = hostile_utf16(NETSTAT_HEAD NETSTAT_TAKEN, &len);
	u = xrealloc(u, len + 2);
	memmove(u + 2, u, len);
	memcpy(u, "\xff\xfe", 2);
	hostile_put(fleet, "hq/U16/netstat.txt", u, len + 2);
	free(u);
	hostile_puts(fleet, "hq/CP850/registry.reg", REG_NTDS);
	xasprintf(&s, "%s  TCP    0.0.0.0:50000          0.0.0.0:0          "
	    "    ABH\x99REN\r\n" DE_KDC_CP850, de_head);
	hostile_puts(fleet, "hq/CP850/netstat.txt", s);
	free(s);

	out = hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/CP850/netstat.txt: note: not UTF-8, decoded "
	    "from a legacy code page: read as CP850\n", fleet);
	hostile_assert_quiet(fleet, "hq/U8/");
	hostile_assert_quiet(fleet, "hq/U16/");
	ck_assert_int_eq(hostile_err_count("warning"), 0);
	/* ABHÖREN is LISTENING in both 8-bit spellings: a listener whose
	 * owner netstat -an does not show, no finding, and inventory.csv
	 * gives its line decoded. */
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-taken", "CP850",
	    "50000"));
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-taken", "U8",
	    "50000"));
	tu_csv_report(out, "inventory.csv", &inv);
	hostile_assert_status(&inv, "CP850", "50000",
	    "listening, owner not shown",
	    "CP850/netstat.txt:5:   TCP    0.0.0.0:50000          0.0.0.0:0"
	    "              ABH\xc3\x96REN");
	hostile_assert_status(&inv, "U8", "50000",
	    "listening, owner not shown", "ABH\xc3\x96REN");
	hostile_assert_status(&inv, "U16", "50000", "taken by something else",
	    "U16/netstat.txt:6:");
	hostile_assert_finding(&t, "fixed-port-taken", "U16", "50000",
	    "U16/netstat.txt:6:");
	tu_csv_free(&inv);
	tu_csv_free(&t);
}
END_TEST

/* Ports that are no ports, in netstat, services and registry values. */
START_TEST(test_bad_ports)
{
	static const char	 reg[] = REG_NTDS "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
	    "Netlogon\\Parameters]\r\n"
	    "\"DCTcpipPort\"=dword:0001869f\r\n"
	    "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSSQLServer\\"
	    "MSSQLServer\\SuperSocketNetLib\\Tcp]\r\n"
	    "\"TcpPort\"=\"-1\"\r\n"
	    "\"TcpPort\"=\"0x50\"\r\n";
	static const char	 netstat[] = NETSTAT_HEAD
	    "  TCP    0.0.0.0:99999          0.0.0.0:0              "
	    "LISTENING\r\n"
	    "  TCP    0.0.0.0:-1             0.0.0.0:0              "
	    "LISTENING\r\n"
	    "  TCP    0.0.0.0:0x50           0.0.0.0:0              "
	    "LISTENING\r\n"
	    "  TCP    0.0.0.0:nosuchname     0.0.0.0:0              "
	    "LISTENING\r\n"
	    "  TCP    10.1.1.5:http          10.1.1.10:nosuch       "
	    "ESTABLISHED\r\n"
	    NETSTAT_TAKEN;
	static const char	 services[] =
	    "gopher    99999/tcp\r\n"
	    "minus     -1/tcp\r\n"
	    "hex       0x50/tcp\r\n"
	    "ntds      50000/tcp\r\n";
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();

	hostile_puts(fleet, "hq/BAD/registry.reg", reg);
	hostile_puts(fleet, "hq/BAD/netstat.txt", netstat);
	hostile_puts(fleet, "hq/BAD/services", services);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/BAD/netstat.txt:6: warning: port is not a "
	    "number from 0 to 65535: port above 65535\n", fleet);
	hostile_err_has("%s/hq/BAD/netstat.txt:7: warning: port is not a "
	    "number from 0 to 65535: ", fleet);
	/* Names (netstat without -n) that resolve to nothing. */
	hostile_err_has("%s/hq/BAD/netstat.txt:8: warning: port is not a "
	    "number from 0 to 65535: port name 0x50 is in neither", fleet);
	hostile_err_has("%s/hq/BAD/netstat.txt:9: warning: port is not a "
	    "number from 0 to 65535: port name nosuchname ", fleet);
	hostile_err_has("%s/hq/BAD/netstat.txt:10: warning: port is not a "
	    "number from 0 to 65535: port name nosuch ", fleet);
	ck_assert_int_eq(hostile_err_count("port name http "), 0);
	hostile_err_has("%s/hq/BAD/services:1: warning: port is not a number "
	    "from 0 to 65535: 99999/tcp\n", fleet);
	hostile_err_has("%s/hq/BAD/services:2: warning: port is not a number "
	    "from 0 to 65535: -1/tcp\n", fleet);
	hostile_err_has("%s/hq/BAD/services:3: warning: port is not a number "
	    "from 0 to 65535: 0x50/tcp\n", fleet);
	hostile_err_has("%s/hq/BAD/registry.reg:7: warning: port setting "
	    "holds no valid port: DCTcpipPort = 0x1869f (99999)", fleet);
	hostile_err_has("%s/hq/BAD/registry.reg:10: warning: port setting "
	    "holds no valid port: TcpPort = \"-1\"", fleet);
	hostile_err_has("%s/hq/BAD/registry.reg:11: warning: port setting "
	    "holds no valid port: TcpPort = \"0x50\"", fleet);
	/* The values are findings; the sound lines of the files still count. */
	ck_assert_ptr_nonnull(tu_csv_finding(&t, "setting-invalid", "BAD", ""));
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/netstat.txt:11:");
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-undocumented", "BAD",
	    "50000"));
	tu_csv_free(&t);
}
END_TEST

START_TEST(test_dword_nine_digits)
{
	static const char	 reg[] = REG_NTDS "\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
	    "Netlogon\\Parameters]\r\n"
	    "\"DCTcpipPort\"=dword:000000401\r\n";
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();

	hostile_puts(fleet, "hq/BAD/registry.reg", reg);
	hostile_puts(fleet, "hq/BAD/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/BAD/registry.reg:7: warning: dword data is not "
	    "1 to 8 hexadecimal digits: \"000000401\"\n", fleet);
	/* Not read as port 1025 (or anything else). */
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-in-ephemeral", "BAD",
	    "1025"));
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/registry.reg:4:");
	tu_csv_free(&t);
}
END_TEST

/*
 * 20,000 continuation lines of one hex value, the pinned port after them,
 * and a value continued past the end of the file.
 */
START_TEST(test_continuation_lines)
{
	static const char	 head[] = "REGEDIT4\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\NTDS\\"
	    "Parameters]\r\n"
	    "\"Big\"=hex(7):41,00,\\\r\n";
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	char		*buf = NULL, want[64];
	size_t		 len = 0;
	FILE		*fp;
	int		 i, n = 20000;

	fp = open_memstream(&buf, &len);
	fputs(head, fp);
	for (i = 0; i < n; i++)
		fputs("  41,00,\\\r\n", fp);
	fputs("  00,00,00,00\r\n", fp);			/* line n + 5 */
	fputs("\"TCP/IP Port\"=dword:0000c350\r\n", fp);	/* n + 6 */
	fputs("\"Never\"=hex:01,\\\r\n", fp);		/* n + 7 */
	ck_assert_int_eq(fclose(fp), 0);
	hostile_put(fleet, "hq/BAD/registry.reg", buf, len);
	free(buf);
	hostile_puts(fleet, "hq/BAD/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("%s/hq/BAD/registry.reg:%d: warning: continued "
	    "registry line never ends", fleet, n + 7);
	ck_assert_int_eq(hostile_err_count("warning"), 1);
	snprintf(want, sizeof(want), "BAD/registry.reg:%d:", n + 6);
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000", want);
	tu_csv_free(&t);
}
END_TEST

/* A services line whose aliases run to 12,000 characters. */
START_TEST(test_services_aliases)
{
	const struct tu_csv_row	*r;
	struct tu_csv		 t;
	const char		*fleet = hostile_fleet();
	json_t			*rec;
	json_error_t		 jerr;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp;
	int			 i, n = 2000;

	fp = open_memstream(&buf, &len);
	fputs("# services\r\nhostile   50000/tcp  ", fp);
	for (i = 0; i < n; i++)
		fprintf(fp, " a%04d", i);
	fputs("   # a long one\r\nhttp      80/tcp     www\r\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_gt(len, 10000);
	hostile_put(fleet, "hq/BAD/services", buf, len);
	free(buf);
	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	hostile_puts(fleet, "hq/BAD/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_audit(fleet, 0, &t);
	hostile_assert_quiet(fleet, "hq/BAD/");
	r = hostile_assert_finding(&t, "fixed-port-registered-elsewhere",
	    "BAD", "50000",
	    "BAD/services:2: hostile   50000/tcp   a0000 a0001");
	ck_assert_ptr_nonnull(strstr(r->f[TU_FC_EVIDENCE], "a1999   # a long"));
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000", NULL);
	tu_csv_free(&t);

	ck_assert_int_eq(hostile_run("./portaudit inspect %s/hq/BAD/services",
	    fleet), 0);
	rec = json_loadb(hostile_out, strcspn(hostile_out, "\n"), 0, &jerr);
	ck_assert_msg(rec != NULL, "%s", jerr.text);
	ck_assert_str_eq(json_string_value(json_object_get(rec, "name")),
	    "hostile");
	ck_assert_uint_eq(json_array_size(json_object_get(rec, "aliases")),
	    (size_t)n);
	json_decref(rec);
}
END_TEST

/* A folder where a file is expected. */
START_TEST(test_folder_for_file)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	char		*path;

	/* An empty folder named netstat.txt: listed as skipped. */
	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	xasprintf(&path, "%s/hq/BAD/netstat.txt", fleet);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	/* One that holds the file: read as the host's. */
	hostile_puts(fleet, "hq/BAD2/registry.reg", REG_NTDS);
	hostile_puts(fleet, "hq/BAD2/netstat.txt/netstat.txt",
	    NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_audit(fleet, 0, &t);
	hostile_err_has("skipped %s: empty folder\n", path);
	hostile_assert_finding(&t, "fixed-port-in-ephemeral", "BAD", "50000",
	    "BAD/registry.reg:4:");
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-taken", "BAD",
	    "50000"));
	hostile_assert_finding(&t, "fixed-port-taken", "BAD2", "50000",
	    "BAD2/netstat.txt/netstat.txt:6:");
	tu_csv_free(&t);
	/* Named as a file to inspect: an error. */
	ck_assert_int_eq(hostile_run("./portaudit inspect %s", path), 2);
	hostile_err_has("%s: error: not a regular file\n", path);
	free(path);
}
END_TEST

/*
 * A file that cannot be read: a FIFO in a file's place (never opened by
 * audit, and no hang for inspect), a dangling path, and a file of mode
 * 000.  Root reads a file of mode 000, so as root that case runs the
 * binary as nobody through setpriv(1), and is left out without it.  A file
 * vanishing between the walk and the read cannot be staged reliably; the
 * dangling path stands for it.
 */
START_TEST(test_unreadable)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet(), *prefix = NULL;
	char		*path, *cmd;

	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	xasprintf(&path, "%s/hq/BAD/netstat.txt", fleet);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	free(path);
	xasprintf(&path, "%s/hq/BAD/vanished.txt", fleet);
	xasprintf(&cmd, "%s/hq/BAD/gone.txt", fleet);
	ck_assert_int_eq(symlink(path, cmd), 0);
	free(path);
	free(cmd);
	hostile_puts(fleet, "hq/BAD/services", "ntds  50000/tcp\r\n");

	ck_assert_int_eq(hostile_runp("timeout 60", "./portaudit audit --out "
	    "%s/out %s", hostile_tmpdir(), fleet), 0);
	hostile_err_has("skipped %s/hq/BAD/netstat.txt: not a regular file\n",
	    fleet);
	hostile_err_has("skipped %s/hq/BAD/gone.txt: symbolic link, not "
	    "followed\n", fleet);
	ck_assert_int_eq(hostile_runp("timeout 20", "./portaudit inspect "
	    "%s/hq/BAD/netstat.txt", fleet), 2);
	hostile_err_has("%s/hq/BAD/netstat.txt: error: not a regular file\n",
	    fleet);

	xasprintf(&path, "%s/hq/BAD/services", fleet);
	if (geteuid() == 0) {
		/* The fleet and the output's parent, open to nobody. */
		xasprintf(&cmd, "chmod -R a+rX %s", fleet);
		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
		prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups";
		if (access("/usr/bin/setpriv", X_OK) != 0 ||
		    hostile_runp(prefix, "./portaudit --version") != 0) {
			free(path);
			return;		/* no way to drop root here */
		}
	}
	ck_assert_int_eq(chmod(path, 0), 0);
	xasprintf(&cmd, "%s/out", hostile_tmpdir());
	ck_assert_int_eq(chmod(hostile_parent(cmd), 0777), 0);
	ck_assert_int_eq(hostile_runp(prefix, "./portaudit audit --out %s %s",
	    cmd, fleet), 0);
	hostile_err_has("%s: error: cannot read the file: Permission denied\n",
	    path);
	hostile_err_has("skipped %s: cannot be read\n", path);
	tu_csv_report(cmd, "findings.csv", &t);
	hostile_assert_sound(&t);
	/* BAD is still audited without its services file. */
	hostile_assert_finding(&t, "fixed-port-in-ephemeral", "BAD", "50000",
	    NULL);
	tu_csv_free(&t);
	free(cmd);
	free(path);
}
END_TEST

START_TEST(test_duplicate_hosts)
{
	const struct tu_csv_row	*a, *b;
	struct tu_csv		 t;
	const char		*fleet = hostile_fleet();
	size_t			 i;

	hostile_puts(fleet, "hq/FS01/registry.reg", REG_NTDS);
	hostile_puts(fleet, "hq/FS01/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_puts(fleet, "branch/FS01/registry.reg", REG_NTDS);
	hostile_puts(fleet, "branch/FS01/netstat.txt",
	    NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_audit(fleet, 0, &t);
	for (a = b = NULL, i = 1; i < t.n; i++) {
		if (strcmp(t.v[i].f[TU_FC_HOST], "FS01") != 0 ||
		    strcmp(t.v[i].f[TU_FC_RULE], "fixed-port-taken") != 0)
			continue;
		if (strcmp(t.v[i].f[TU_FC_SITE], "hq") == 0)
			a = &t.v[i];
		else if (strcmp(t.v[i].f[TU_FC_SITE], "branch") == 0)
			b = &t.v[i];
	}
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_ne(a->f[TU_FC_ID], b->f[TU_FC_ID]);
	ck_assert_ptr_nonnull(strstr(a->f[TU_FC_EVIDENCE], "/hq/FS01/"));
	ck_assert_ptr_nonnull(strstr(b->f[TU_FC_EVIDENCE], "/branch/FS01/"));
	tu_csv_free(&t);
}
END_TEST

/* Host folder names a shell, a spreadsheet or a URI would trip over. */
static const struct {
	const char	*dir;		/* the folder name */
	const char	*csv;		/* its host cell in findings.csv */
	const char	*json;		/* its host in findings.json */
	const char	*uri;		/* its folder in a SARIF uri */
	const char	*pdf;		/* its page heading, pdftotext */
} hostile_names[] = {
	{ "my host", "my host", "my host", "/my%20host/", "my host (hq)" },
	{ "it's \"q\"", "it's \"q\"", "it's \"q\"", "/it%27s%20%22q%22/",
	    "it's \"q\" (hq)" },
	{ "new\nline", "new\nline", "new\nline", "/new%0Aline/",
	    "line (hq)" },
	{ "\xff\xfe" "bad", "\xff\xfe" "bad",
	    "\xef\xbf\xbd\xef\xbf\xbd" "bad", "/%FF%FEbad/",
	    "\xef\xbf\xbd\xef\xbf\xbd" "bad (hq)" },
	{ "=cmd", "'=cmd", "=cmd", "/%3Dcmd/", "=cmd (hq)" },
	{ "+plus", "'+plus", "+plus", "/%2Bplus/", "+plus (hq)" },
	{ "-minus", "'-minus", "-minus", "/-minus/", "-minus (hq)" },
	{ "@at", "'@at", "@at", "/%40at/", "@at (hq)" },
};
#define HOSTILE_NNAMES	(sizeof(hostile_names) / sizeof(hostile_names[0]))

/* The hosts and artifact uris of findings.json and findings.sarif. */
static void
hostile_check_json(const char *out)
{
	json_t		*j, *v, *arts;
	json_error_t	 err;
	char		*path, *all = NULL;
	size_t		 i, k, len = 0;
	FILE		*fp;
	const char	*uri;

	xasprintf(&path, "%s/findings.json", out);
	j = json_load_file(path, 0, &err);
	ck_assert_msg(j != NULL, "%s: %s", path, err.text);
	free(path);
	v = json_object_get(j, "findings");
	for (k = 0; k < HOSTILE_NNAMES; k++) {
		for (i = 0; i < json_array_size(v); i++)
			if (strcmp(json_string_value(json_object_get(
			    json_array_get(v, i), "host")),
			    hostile_names[k].json) == 0)
				break;
		ck_assert_msg(i < json_array_size(v), "no finding for %s in "
		    "findings.json", hostile_names[k].json);
	}
	json_decref(j);

	xasprintf(&path, "%s/findings.sarif", out);
	j = json_load_file(path, 0, &err);
	ck_assert_msg(j != NULL, "%s: %s", path, err.text);
	free(path);
	arts = json_object_get(json_array_get(json_object_get(j, "runs"), 0),
	    "artifacts");
	fp = open_memstream(&all, &len);
	for (i = 0; i < json_array_size(arts); i++) {
		uri = json_string_value(json_object_get(json_object_get(
		    json_array_get(arts, i), "location"), "uri"));
		ck_assert_ptr_nonnull(uri);
		/* Only unreserved bytes, '/', ':' of file: and escapes. */
		ck_assert_msg(strspn(uri, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-._~/%:") ==
		    strlen(uri), "uri %s not percent-encoded", uri);
		fprintf(fp, "%s\n", uri);
	}
	fclose(fp);
	for (k = 0; k < HOSTILE_NNAMES; k++)
		ck_assert_msg(strstr(all, hostile_names[k].uri) != NULL,
		    "no SARIF uri with %s:\n%s", hostile_names[k].uri, all);
	free(all);
	json_decref(j);
}

/* report.pdf is a PDF that poppler reads, with a page for every host. */
static void
hostile_check_pdf(const char *out)
{
	char	*path, *head;
	size_t	 k, len;

	xasprintf(&path, "%s/report.pdf", out);
	ck_assert_ptr_nonnull(head = tu_slurp_text(path, &len));
	ck_assert_uint_gt(len, 1000);
	ck_assert_mem_eq(head, "%PDF-", 5);
	ck_assert_ptr_nonnull(memmem(head + len - 16, 16, "%%EOF", 5));
	free(head);
	if (system("command -v pdftotext >/dev/null 2>&1") != 0) {
		free(path);
		return;			/* poppler-utils not installed */
	}
	ck_assert_int_eq(hostile_runp(NULL, "pdftotext -enc UTF-8 %s -",
	    path), 0);
	for (k = 0; k < HOSTILE_NNAMES; k++)
		ck_assert_msg(strstr(hostile_out, hostile_names[k].pdf) != NULL,
		    "report.pdf lacks \"%s\"", hostile_names[k].pdf);
	free(path);
}

START_TEST(test_hostile_names)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet(), *out;
	char		*rel;
	size_t		 i, k;
	int		 j;

	for (k = 0; k < HOSTILE_NNAMES; k++) {
		xasprintf(&rel, "hq/%s/registry.reg", hostile_names[k].dir);
		hostile_puts(fleet, rel, REG_NTDS);
		free(rel);
		xasprintf(&rel, "hq/%s/netstat.txt", hostile_names[k].dir);
		hostile_puts(fleet, rel, NETSTAT_HEAD NETSTAT_TAKEN);
		free(rel);
	}
	out = hostile_tmpdir();
	ck_assert_int_eq(hostile_run("./portaudit audit --format "
	    "csv,json,sarif,pdf --out %s/out %s", out, fleet), 0);
	xasprintf(&rel, "%s/out", out);
	tu_csv_report(rel, "findings.csv", &t);
	hostile_assert_sound(&t);
	for (k = 0; k < HOSTILE_NNAMES; k++)
		ck_assert_ptr_nonnull(tu_csv_finding(&t, "fixed-port-taken",
		    hostile_names[k].csv, "50000"));
	for (i = 0; i < t.n; i++)
		for (j = 0; j < t.v[i].n; j++)
			ck_assert_msg(strchr("=+-@\t\r", t.v[i].f[j][0]) ==
			    NULL || t.v[i].f[j][0] == '\0', "row %zu cell %d "
			    "starts a formula: %.40s", i, j, t.v[i].f[j]);
	tu_csv_free(&t);
	hostile_check_json(rel);
	hostile_check_pdf(rel);
	free(rel);
}
END_TEST

/* Symbolic links that leave the fleet: none followed, each listed once. */
START_TEST(test_symlinks)
{
	struct tu_csv	 t, inv;
	const char	*fleet = hostile_fleet(), *outside;
	char		*a, *b;
	size_t		 i;
	int		 j;

	outside = hostile_tmpdir();
	hostile_puts(outside, "LINKED/registry.reg", REG_NTDS);
	hostile_puts(outside, "LINKED/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	hostile_puts(fleet, "hq/BAD/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	xasprintf(&a, "%s/LINKED", outside);
	xasprintf(&b, "%s/hq/LINKED", fleet);		/* a host folder */
	ck_assert_int_eq(symlink(a, b), 0);
	free(b);
	xasprintf(&b, "%s/branch", fleet);		/* a site folder */
	ck_assert_int_eq(symlink(outside, b), 0);
	free(a);
	free(b);
	xasprintf(&a, "%s/LINKED/registry.reg", outside);
	xasprintf(&b, "%s/hq/BAD/registry.reg", fleet);	/* a file */
	ck_assert_int_eq(symlink(a, b), 0);
	free(a);
	free(b);
	xasprintf(&b, "%s/hq/BAD/passwd", fleet);
	ck_assert_int_eq(symlink("/etc/passwd", b), 0);
	free(b);

	a = (char *)hostile_audit(fleet, 0, &t);
	hostile_err_has("portaudit: 2 hosts, 4 files (4 skipped), ");
	ck_assert_int_eq(hostile_err_count(": symbolic link, not followed\n"),
	    4);
	ck_assert_int_eq(hostile_err_count(": note: symbolic link not "
	    "followed\n"), 4);
	hostile_err_has("skipped %s/hq/LINKED: symbolic link, not followed\n",
	    fleet);
	hostile_err_has("skipped %s/branch: symbolic link, not followed\n",
	    fleet);
	hostile_err_has("skipped %s/hq/BAD/registry.reg: symbolic link, not "
	    "followed\n", fleet);
	hostile_err_has("skipped %s/hq/BAD/passwd: symbolic link, not "
	    "followed\n", fleet);
	ck_assert_int_eq(hostile_nrows(&t, "LINKED"), 0);
	ck_assert_ptr_null(tu_csv_finding(&t, "fixed-port-taken", "BAD",
	    "50000"));
	/* Nothing from outside in the inventory either. */
	tu_csv_report(a, "inventory.csv", &inv);
	for (i = 0; i < inv.n; i++)
		for (j = 0; j < inv.v[i].n; j++)
			ck_assert_msg(strstr(inv.v[i].f[j], outside) == NULL &&
			    strstr(inv.v[i].f[j], "root:") == NULL,
			    "inventory row %zu reads outside: %s", i,
			    inv.v[i].f[j]);
	tu_csv_free(&inv);
	tu_csv_free(&t);
}
END_TEST

/* --out inside the fleet: written, and never read back as input. */
START_TEST(test_out_inside_fleet)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	char		*out, *csv, *first, *again, *path;
	size_t		 la, lb, i;

	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);
	hostile_puts(fleet, "hq/BAD/netstat.txt", NETSTAT_HEAD NETSTAT_TAKEN);
	xasprintf(&out, "%s/out", fleet);
	xasprintf(&csv, "%s/findings.csv", out);
	ck_assert_int_eq(hostile_run("./portaudit audit --format csv,json "
	    "--out %s %s", out, fleet), 0);
	ck_assert_int_eq(hostile_err_count("the output folder"), 0);
	ck_assert_ptr_nonnull(first = tu_slurp_text(csv, &la));
	/* Again, with the reports in place, spelled three ways. */
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(hostile_run("./portaudit audit --format "
		    "csv,json --out %s%s %s", i == 2 ? fleet : out,
		    i == 0 ? "" : i == 1 ? "/" : "/./out", fleet), 0);
		hostile_err_has("portaudit: 2 hosts, 5 files (1 skipped), ");
		ck_assert_int_eq(hostile_err_count(": the output folder\n"), 1);
		ck_assert_ptr_nonnull(again = tu_slurp_text(csv, &lb));
		ck_assert_msg(la == lb && memcmp(first, again, la) == 0,
		    "findings.csv changed once the output folder existed");
		free(again);
	}
	tu_csv_report(out, "findings.csv", &t);
	hostile_assert_sound(&t);
	ck_assert_int_eq(hostile_nrows(&t, "out"), 0);
	tu_csv_free(&t);
	free(first);

	/* An input where a report goes, spelled otherwise: refused, kept. */
	xasprintf(&path, "%s/hq/BAD/findings.csv", fleet);
	hostile_puts(fleet, "hq/BAD/findings.csv", NETSTAT_HEAD NETSTAT_TAKEN);
	ck_assert_int_eq(hostile_run("./portaudit audit --out %s/hq//BAD/ %s",
	    fleet, path), 2);
	hostile_err_has("error: report cannot be written: %s/hq//BAD//"
	    "findings.csv: would overwrite an input\n", fleet);
	ck_assert_ptr_nonnull(again = tu_slurp_text(path, NULL));
	ck_assert_str_eq(again, NETSTAT_HEAD NETSTAT_TAKEN);
	free(again);
	free(path);
	free(out);
	free(csv);
}
END_TEST

static FILE	*hostile_snap_fp;

/* One line per path: type, mode, size, mtime and the bytes' SHA-256. */
static int
hostile_snap_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	char	 hex[65];

	(void)flag;
	(void)ftw;
	fprintf(hostile_snap_fp, "%s %o %lld %lld.%09ld", path,
	    (unsigned)st->st_mode, (long long)st->st_size,
	    (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	if (S_ISREG(st->st_mode)) {
		tu_sha256_file(path, hex);
		fprintf(hostile_snap_fp, " %s", hex);
	}
	fputc('\n', hostile_snap_fp);
	return (0);
}

/* Every path below dir with its bytes and times (malloc'd text). */
static char *
hostile_snapshot(const char *dir)
{
	char	*buf = NULL;
	size_t	 len = 0;

	hostile_snap_fp = open_memstream(&buf, &len);
	ck_assert_int_eq(nftw(dir, hostile_snap_one, 16, FTW_PHYS), 0);
	fclose(hostile_snap_fp);
	return (buf);
}

/* The names in a folder, sorted, one a line (malloc'd). */
static char *
hostile_names_in(const char *dir)
{
	struct dirent	**list;
	char		 *buf = NULL;
	size_t		  len = 0;
	FILE		 *fp;
	int		  i, n;

	ck_assert_int_ge(n = scandir(dir, &list, NULL, alphasort), 0);
	fp = open_memstream(&buf, &len);
	for (i = 0; i < n; i++) {
		fprintf(fp, "%s\n", list[i]->d_name);
		free(list[i]);
	}
	free(list);
	fclose(fp);
	return (buf);
}

/* A fleet with some of everything: the example fleet and hostile files. */
static const char *
hostile_big_fleet(void)
{
	const char	*d = hostile_tmpdir();
	char		*cmd, *buf;
	size_t		 len = 2 * LINE_MAX_BYTES;

	xasprintf(&cmd, "cp -R examples/fleet '%s/fleet'", d);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	buf = xmalloc(len);
	memset(buf, 'x', len);
	memcpy(buf, NETSTAT_HEAD, sizeof(NETSTAT_HEAD) - 1);
	buf[len - 1] = '\n';
	hostile_put(d, "fleet/hq/BAD/netstat.txt", buf, len);
	free(buf);
	hostile_puts(d, "fleet/hq/BAD/registry.reg", REG_NTDS);
	hostile_put(d, "fleet/hq/BAD/empty", "", 0);
	xasprintf(&cmd, "%s/fleet/hq/BAD/fifo", d);
	ck_assert_int_eq(mkfifo(cmd, 0644), 0);
	free(cmd);
	return (d);
}

/* Inputs made read-only stay byte for byte and time for time the same. */
START_TEST(test_read_only_inputs)
{
	struct tu_csv	 t;
	const char	*top = hostile_big_fleet(), *outp;
	char		*fleet, *cmd, *before, *after;

	xasprintf(&fleet, "%s/fleet", top);
	xasprintf(&cmd, "chmod -R a-w %s", fleet);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	before = hostile_snapshot(fleet);
	ck_assert_ptr_nonnull(strstr(before, "/hq/EXCH01/registry.reg 100444"));
	outp = hostile_tmpdir();
	ck_assert_int_eq(hostile_run("./portaudit audit --format "
	    "csv,json,sarif,pdf --out %s/out %s", outp, fleet), 0);
	hostile_err_has("%s/hq/BAD/netstat.txt:6: warning: line longer than "
	    "the limit: %d bytes, cut at %d\n", fleet, 2 * LINE_MAX_BYTES -
	    (int)sizeof(NETSTAT_HEAD), LINE_MAX_BYTES);
	after = hostile_snapshot(fleet);
	ck_assert_str_eq(before, after);
	xasprintf(&cmd, "%s/out", outp);
	tu_csv_report(cmd, "findings.csv", &t);
	hostile_assert_sound(&t);
	tu_csv_free(&t);
	free(cmd);
	free(before);
	free(after);
	free(fleet);
}
END_TEST

/* The reports go into --out and nowhere else: not into the fleet, not
 * beside the output folder, no temporary files left behind. */
START_TEST(test_nothing_outside_out)
{
	const char	*top = hostile_big_fleet(), *parent;
	char		*fleet, *out, *fb, *fa, *pb, *pa, *want;

	xasprintf(&fleet, "%s/fleet", top);
	parent = hostile_tmpdir();
	hostile_puts(parent, "keep", "not a report\n");
	xasprintf(&out, "%s/out", parent);
	fb = hostile_snapshot(fleet);
	pb = hostile_names_in(parent);
	ck_assert_int_eq(hostile_run("./portaudit audit --format "
	    "csv,json,sarif,pdf --out %s %s", out, fleet), 0);
	fa = hostile_snapshot(fleet);
	pa = hostile_names_in(parent);
	ck_assert_str_eq(fb, fa);
	ck_assert_str_eq(pb, ".\n..\nkeep\n");
	ck_assert_str_eq(pa, ".\n..\nkeep\nout\n");
	free(pa);
	pa = hostile_names_in(out);
	want = ".\n..\ncharts\nfindings.csv\nfindings.json\nfindings.sarif\n"
	    "inventory.csv\nreport.pdf\n";
	ck_assert_str_eq(pa, want);
	free(fleet);
	free(out);
	free(fb);
	free(fa);
	free(pb);
	free(pa);
}
END_TEST

/* $PORTAUDIT_MAX_FILE: a file above it is skipped with too-big. */
START_TEST(test_file_limit)
{
	struct tu_csv	 t;
	const char	*fleet = hostile_fleet();
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;
	int		 i;

	fp = open_memstream(&buf, &len);
	fputs(NETSTAT_HEAD, fp);
	for (i = 0; i < 3000; i++)
		fprintf(fp, "  TCP    10.1.1.5:%-5d          10.1.1.10:445   "
		    "       TIME_WAIT\r\n", 20000 + i);
	fputs(NETSTAT_TAKEN, fp);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_gt(len, 65536);
	hostile_put(fleet, "hq/BAD/netstat.txt", buf, len);
	free(buf);
	hostile_puts(fleet, "hq/BAD/registry.reg", REG_NTDS);

	ck_assert_int_eq(hostile_runp("env PORTAUDIT_MAX_FILE=65536",
	    "./portaudit audit --out %s/out %s", hostile_tmpdir(), fleet), 0);
	hostile_err_has("%s/hq/BAD/netstat.txt: error: file larger than the "
	    "limit, skipped: %zu bytes, limit 65536\n", fleet, len);
	ck_assert_int_eq(hostile_err_count("file larger than the limit"), 1);
	hostile_err_has("skipped %s/hq/BAD/netstat.txt: larger than the size "
	    "limit\n", fleet);
	/* Unlimited by default: the same fleet is read whole. */
	hostile_audit(fleet, 0, &t);
	ck_assert_int_eq(hostile_err_count("larger than the limit"), 0);
	hostile_assert_finding(&t, "fixed-port-taken", "BAD", "50000",
	    "BAD/netstat.txt:3006:");
	tu_csv_free(&t);

	ck_assert_int_eq(hostile_runp("env PORTAUDIT_MAX_FILE=65536",
	    "./portaudit inspect %s/hq/BAD/netstat.txt", fleet), 2);
	hostile_err_has("%s/hq/BAD/netstat.txt: error: file larger than the "
	    "limit, skipped: ", fleet);
	ck_assert_int_eq(hostile_runp("env PORTAUDIT_MAX_FILE=64k",
	    "./portaudit audit %s", fleet), 2);
	hostile_err_has("portaudit: PORTAUDIT_MAX_FILE=64k: not a number\n");
}
END_TEST

/*
 * A 5 MB line through every text collector: cut and said once, the line
 * after it read; bounded work, so each run finishes far inside the
 * timeout (no timing is asserted).
 */
START_TEST(test_line_limit_every_format)
{
	static const char *const types[] = {
		"netstat-win", "netstat-linux", "netstat-bsd", "ss", "reg",
		"regquery", "services", "iana-csv", "netsh", "sysctl"
	};
	static const char *const fills = "x ,\"";
	const char	*dir = hostile_tmpdir();
	char		*buf, rel[32];
	size_t		 len = 5 * 1000 * 1000, i, k;

	buf = xmalloc(len + 8);
	for (k = 0; k < strlen(fills); k++) {
		/* One character, or a token of it and a separator. */
		for (i = 0; i < len; i++)
			buf[i] = i % 2 == 0 ? 'x' : fills[k];
		memcpy(buf + len, "\nx 1\n", 5);
		snprintf(rel, sizeof(rel), "long%zu.txt", k);
		hostile_put(dir, rel, buf, len + 5);
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			ck_assert_int_eq(hostile_run("./portaudit inspect "
			    "--summary --type %s %s/%s", types[i], dir, rel),
			    0);
			hostile_err_has("%s/%s:1: warning: line longer than "
			    "the limit: %zu bytes, cut at %d\n", dir, rel, len,
			    LINE_MAX_BYTES);
			ck_assert_int_eq(hostile_err_count("longer than"), 1);
			ck_assert_msg(strstr(hostile_out, "\tlines=2 ") !=
			    NULL, "%s: %s", types[i], hostile_out);
		}
	}
	free(buf);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("hostile");
	tc = tcase_create("files");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_nul_file);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_utf16_odd_length);
	tcase_add_test(tc, test_utf16_no_bom);
	tcase_add_test(tc, test_cr_only);
	tcase_add_test(tc, test_mixed_encodings);
	tcase_add_test(tc, test_bad_ports);
	tcase_add_test(tc, test_dword_nine_digits);
	tcase_add_test(tc, test_continuation_lines);
	tcase_add_test(tc, test_services_aliases);
	tcase_add_test(tc, test_folder_for_file);
	tcase_add_test(tc, test_unreadable);
	suite_add_tcase(s, tc);

	tc = tcase_create("fleet");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_duplicate_hosts);
	tcase_add_test(tc, test_hostile_names);
	tcase_add_test(tc, test_symlinks);
	tcase_add_test(tc, test_out_inside_fleet);
	tcase_add_test(tc, test_read_only_inputs);
	tcase_add_test(tc, test_nothing_outside_out);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_file_limit);
	tcase_add_test(tc, test_line_limit_every_format);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(hostile_suite()));
}
