/*
 * End-to-end check of the files `portaudit plan` writes for the
 * administrator: every fix/HOST.reg is merged into a copy of the example
 * fleet's registry exports the way regedit imports a file (each value of
 * the file replaces the value of that name under its key; "Name"=-
 * deletes it), the services-file steps of fix/HOST.cmd are run on the
 * copy's services files, the copy is audited, and every finding plan.csv
 * claims to cure is gone; merging the rollback files gives the original
 * findings back.  Also: the dialect of each .reg file (REGEDIT4 for
 * Windows NT 4.0, version 5.00 in UTF-16LE with a byte order mark for
 * later systems) and the order of the steps of a .cmd file.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <check.h>

#include "portaudit.h"
#include "testutil.h"

#define FLEET		"examples/fleet"
#define EPOCH		"1767225600"	/* 2026-01-01 */

/* iconv from one encoding to another (malloc'd, NUL-terminated). */
static char *
pf_conv(const char *to, const char *from, const char *s, size_t len,
    size_t *outlen)
{
	iconv_t	 cd;
	char	*out, *ip = (char *)s, *op;
	size_t	 il = len, ol = len * 4 + 8;

	ck_assert_ptr_ne(cd = iconv_open(to, from), (iconv_t)-1);
	out = op = xcalloc(1, ol + 2);
	ck_assert_uint_ne(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	out[*outlen] = '\0';
	return (out);
}

/* A .reg file as UTF-8 text; *wide says whether it was UTF-16LE. */
static char *
pf_read_reg(const char *path, int *wide)
{
	unsigned char	*b;
	char		*t;
	size_t		 n, tl;

	b = tu_slurp(path, &n);
	*wide = n >= 2 && b[0] == 0xff && b[1] == 0xfe;
	if (*wide)
		t = pf_conv("UTF-8", "UTF-16LE", (char *)b + 2, n - 2, &tl);
	else
		t = xstrndup((char *)b, n);
	free(b);
	return (t);
}

static void
pf_write_reg(const char *path, const char *text, int wide)
{
	FILE	*fp;
	char	*w;
	size_t	 wl;

	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	if (wide) {
		w = pf_conv("UTF-16LE", "UTF-8", text, strlen(text), &wl);
		ck_assert_int_eq(fwrite("\xff\xfe", 1, 2, fp), 2);
		ck_assert_uint_eq(fwrite(w, 1, wl, fp), wl);
		free(w);
	} else
		fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* The logical line at p (continued by a trailing backslash): its end. */
static const char *
pf_line_end(const char *p)
{
	const char	*e;

	for (;;) {
		if ((e = strstr(p, "\r\n")) == NULL)
			return (p + strlen(p));
		if (e > p && e[-1] == '\\') {
			p = e + 2;
			continue;
		}
		return (e + 2);
	}
}

/* Where the section [key] starts in text, and where it ends. */
static const char *
pf_section(const char *text, const char *key, const char **end)
{
	const char	*p, *e;
	size_t		 kl = strlen(key);

	for (p = text; *p != '\0'; p = pf_line_end(p)) {
		if (*p != '[' || strncasecmp(p + 1, key, kl) != 0 ||
		    p[kl + 1] != ']')
			continue;
		for (e = pf_line_end(p); *e != '\0' && *e != '['; )
			e = pf_line_end(e);
		*end = e;
		return (pf_line_end(p));
	}
	return (NULL);
}

/* Replace (or add, or delete) one value line in the export's text. */
static char *
pf_merge_value(char *text, const char *key, const char *line)
{
	const char	*body, *end, *p, *eq;
	char		*out;
	size_t		 nl;
	int		 del;

	ck_assert_ptr_nonnull(eq = strstr(line, "\"="));
	nl = (size_t)(eq - line) + 2;
	del = strcmp(eq + 2, "-\r\n") == 0;
	ck_assert_msg((body = pf_section(text, key, &end)) != NULL,
	    "[%s] not in the export", key);
	for (p = body; p < end; p = pf_line_end(p))
		if (strncasecmp(p, line, nl) == 0)
			break;
	if (p >= end)
		p = end = body;		/* a new value: first in its key */
	else
		end = pf_line_end(p);
	xasprintf(&out, "%.*s%s%s", (int)(p - text), text, del ? "" : line,
	    end);
	free(text);
	return (out);
}

/* Import fix into the export at path as regedit would. */
static void
pf_import(const char *fix, const char *path)
{
	char		*f, *t, key[1024], *line;
	const char	*p, *e;
	int		 fwide, twide;

	f = pf_read_reg(fix, &fwide);
	t = pf_read_reg(path, &twide);
	key[0] = '\0';
	for (p = strstr(f, "\r\n") + 2; *p != '\0'; p = e) {
		e = pf_line_end(p);
		if (*p == '[') {
			snprintf(key, sizeof(key), "%.*s",
			    (int)(strchr(p, ']') - p - 1), p + 1);
			continue;
		}
		if (*p != '"')
			continue;
		line = xstrndup(p, (size_t)(e - p));
		t = pf_merge_value(t, key, line);
		free(line);
	}
	pf_write_reg(path, t, twide);
	free(f);
	free(t);
}

/* The column of a header name in a CSV read by tu_csv_read. */
static int
pf_col(const struct tu_csv *t, const char *name)
{
	int	 i;

	for (i = 0; i < t->v[0].n; i++)
		if (strcmp(t->v[0].f[i], name) == 0)
			return (i);
	ck_abort_msg("no column %s", name);
	return (-1);
}

/* Whether findings.csv in dir has a finding of rule on host's service. */
static int
pf_has(const struct tu_csv *t, const char *rule, const char *host,
    const char *service)
{
	size_t	 i;
	int	 r = pf_col(t, "rule"), h = pf_col(t, "host");
	int	 s = pf_col(t, "service");

	for (i = 1; i < t->n; i++)
		if (strcmp(t->v[i].f[r], rule) == 0 &&
		    strcmp(t->v[i].f[h], host) == 0 &&
		    strcmp(t->v[i].f[s], service) == 0)
			return (1);
	return (0);
}

/* Audit dir into a new folder; the folder. */
static const char *
pf_audit(const char *dir)
{
	const char	*out = tu_outdir();

	ck_assert_int_le(tu_run_quiet("./portaudit audit --out %s %s", out,
	    dir), 1);
	return (out);
}

/* Run the services-file steps of a fix/HOST.cmd on the copy's file. */
static void
pf_services(const char *cmd, const char *services)
{
	static const char pre[] =
	    ">>\"%SystemRoot%\\system32\\drivers\\etc\\services\" echo ";
	char		*t;
	const char	*p, *e;
	FILE		*fp;
	size_t		 n;

	t = tu_slurp_text(cmd, &n);
	ck_assert_ptr_nonnull(fp = fopen(services, "ab"));
	for (p = t; (p = strstr(p, pre)) != NULL; p = e) {
		p += sizeof(pre) - 1;
		ck_assert_ptr_nonnull(e = strstr(p, "\r\n"));
		for (; p < e; p++)
			if (*p != '^')
				putc(*p, fp);
		fputs("\n", fp);
	}
	ck_assert_int_eq(fclose(fp), 0);
	free(t);
}

static void	 pf_netsh(const char *, const char *);

/* Merge every fix/HOST[suffix].reg of plan into the copy of the fleet and
 * run the netsh lines of fix/HOST[suffix].cmd on its netsh captures (and,
 * without a suffix, the services-file steps of fix/HOST.cmd). */
static int
pf_import_all(const char *plan, const char *copy, const char *suffix)
{
	struct tu_csv	 t;
	char		 fix[4096], reg[4200], dir[4096], done[64][64];
	size_t		 i, k, ndone = 0;
	int		 h, s, kind;

	tu_csv_report(plan, "plan.csv", &t);
	h = pf_col(&t, "host");
	s = pf_col(&t, "site");
	kind = pf_col(&t, "kind");
	for (i = 1; i < t.n; i++) {
		if (strncmp(t.v[i].f[kind], "unplanned", 9) == 0)
			continue;
		for (k = 0; k < ndone; k++)
			if (strcmp(done[k], t.v[i].f[h]) == 0)
				break;
		if (k < ndone)
			continue;
		snprintf(done[ndone++], sizeof(done[0]), "%s", t.v[i].f[h]);
		snprintf(dir, sizeof(dir), "%s/%s/%s", copy, t.v[i].f[s],
		    t.v[i].f[h]);
		snprintf(fix, sizeof(fix), "%s/fix/%s%s.reg", plan,
		    t.v[i].f[h], suffix);
		snprintf(reg, sizeof(reg), "%s/registry.reg", dir);
		if (access(fix, F_OK) == 0)
			pf_import(fix, reg);
		snprintf(fix, sizeof(fix), "%s/fix/%s%s.cmd", plan,
		    t.v[i].f[h], suffix);
		pf_netsh(fix, dir);
		snprintf(reg, sizeof(reg), "%s/services", dir);
		if (*suffix == '\0' && access(reg, F_OK) == 0)
			pf_services(fix, reg);
	}
	tu_csv_free(&t);
	return ((int)ndone);
}

/* The id column of findings.csv, sorted, one per line (malloc'd). */
static char *
pf_ids(const char *dir)
{
	char	*out;

	out = tu_output("cut -d, -f1 %s/findings.csv | sort", dir);
	return (out);
}

/* The host of the row of plan.csv that claims to cure id, or NULL. */
static const char *
pf_claimed(const struct tu_csv *p, const char *id)
{
	size_t	 j;
	int	 h = pf_col(p, "host"), kind = pf_col(p, "kind");
	int	 f = pf_col(p, "findings");

	for (j = 1; j < p->n; j++)
		if (strncmp(p->v[j].f[kind], "unplanned", 9) != 0 &&
		    strstr(p->v[j].f[f], id) != NULL)
			return (p->v[j].f[h]);
	return (NULL);
}

START_TEST(test_apply_and_roll_back)
{
	const char	*plan = tu_outdir(), *copy, *before, *after, *back;
	const char	*host;
	struct tu_csv	 p, fa, fb;
	char		*ids0, *ids2;
	size_t		 i, cured = 0;
	int		 rule, svc, fid;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	copy = tu_fleet("README", "a copy of the example fleet\n", NULL);
	ck_assert_int_eq(tu_system("cp -R %s/. %s/", FLEET, copy), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --out %s %s", plan,
	    copy), 1);
	before = pf_audit(copy);
	ck_assert_int_gt(pf_import_all(plan, copy, ""), 0);
	after = pf_audit(copy);
	/* Every finding a change claims to cure is gone from the copy. */
	tu_csv_report(plan, "plan.csv", &p);
	tu_csv_report(before, "findings.csv", &fa);
	tu_csv_report(after, "findings.csv", &fb);
	rule = pf_col(&fa, "rule");
	svc = pf_col(&fa, "service");
	fid = pf_col(&fa, "id");
	for (i = 1; i < fa.n; i++) {
		if ((host = pf_claimed(&p, fa.v[i].f[fid])) == NULL)
			continue;
		ck_assert_msg(!pf_has(&fb, fa.v[i].f[rule], host,
		    fa.v[i].f[svc]), "%s on %s %s not cured", fa.v[i].f[rule],
		    host, fa.v[i].f[svc]);
		cured++;
	}
	ck_assert_uint_gt(cured, 10);
	tu_csv_free(&p);
	tu_csv_free(&fa);
	tu_csv_free(&fb);
	/* Rolled back: the same findings as before. */
	ck_assert_int_gt(pf_import_all(plan, copy, "-rollback"), 0);
	back = pf_audit(copy);
	ids0 = pf_ids(before);
	ids2 = pf_ids(back);
	ck_assert_str_eq(ids0, ids2);
	free(ids0);
	free(ids2);
}
END_TEST

START_TEST(test_dialects)
{
	static const unsigned char c350[] = {	/* "c350" in UTF-16LE */
		'c', 0, '3', 0, '5', 0, '0', 0
	};
	const char	*plan = tu_outdir();
	unsigned char	*b;
	char		 path[4096];
	size_t		 n;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --out %s %s", plan,
	    FLEET), 1);
	/* EXCH01: Windows NT 4.0 SP6a in the manifest. */
	snprintf(path, sizeof(path), "%s/fix/EXCH01.reg", plan);
	b = tu_slurp(path, &n);
	ck_assert_uint_gt(n, 10);
	ck_assert_mem_eq(b, "REGEDIT4\r\n", 10);
	ck_assert_ptr_nonnull(memmem(b, n, "\"=dword:", 8));
	free(b);
	/* DC01: Windows Server 2012 R2. */
	snprintf(path, sizeof(path), "%s/fix/DC01-rollback.reg", plan);
	b = tu_slurp(path, &n);
	ck_assert_uint_gt(n, 4);
	ck_assert_mem_eq(b, "\xff\xfeW\0i\0n\0", 8);
	ck_assert_ptr_nonnull(memmem(b, n, "\r\0\n\0", 4));
	/* The rollback holds NTDS's port now, 50000. */
	ck_assert_ptr_nonnull(memmem(b, n, c350, sizeof(c350)));
	free(b);
}
END_TEST

START_TEST(test_cmd_steps)
{
	const char	*plan = tu_outdir();
	const char	*reg, *svc, *stop, *start, *rem;
	char		 path[4096], *t;
	size_t		 n;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --out %s %s", plan,
	    FLEET), 1);
	snprintf(path, sizeof(path), "%s/fix/DC01.cmd", plan);
	t = tu_slurp_text(path, &n);
	ck_assert_ptr_nonnull(reg = strstr(t, "regedit /s \"%~dp0DC01.reg\""));
	ck_assert_ptr_nonnull(svc = strstr(t, "\\etc\\services\" echo "));
	ck_assert_ptr_nonnull(stop = strstr(t, "net stop \"Netlogon\" /y"));
	ck_assert_ptr_nonnull(start = strstr(t, "net start \"Netlogon\""));
	ck_assert(reg < svc && svc < stop && stop < start);
	/* A comment per step, naming the findings it cures. */
	ck_assert_ptr_nonnull(rem = strstr(t, "REM Step 1: "));
	ck_assert(rem < reg);
	ck_assert_ptr_nonnull(strstr(rem, "e81fda3eedafaf0b"));
	ck_assert_ptr_null(strstr(t, "\n\n"));
	ck_assert_ptr_nonnull(strstr(t, "\r\n"));
	ck_assert_ptr_null(strstr(t, "#{"));
	free(t);
	/* No change, no file. */
	snprintf(path, sizeof(path), "%s/fix/WEB01.cmd", plan);
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

/* The text after "Start Port      : " etc. of proto's section, replaced. */
static char *
pf_dynamic_set(char *t, const char *proto, int start, int num)
{
	char		 head[64], *out;
	const char	*sec, *a, *ae, *b, *be;

	snprintf(head, sizeof(head), "Protocol %s Dynamic Port Range", proto);
	ck_assert_ptr_nonnull(sec = strstr(t, head));
	ck_assert_ptr_nonnull(a = strstr(sec, "Start Port      : "));
	a += 18;
	ae = a + strspn(a, "0123456789");
	ck_assert_ptr_nonnull(b = strstr(ae, "Number of Ports : "));
	b += 18;
	be = b + strspn(b, "0123456789");
	xasprintf(&out, "%.*s%d%.*s%d%s", (int)(a - t), t, start,
	    (int)(b - ae), ae, num, be);
	free(t);
	return (out);
}

/* WinNAT's line an administered exclusion displaced, for rollback. */
static char	pf_winnat[128];

/*
 * netsh int ipv4 add excludedportrange: the administered line in the place
 * of WinNAT's block over it (WinNAT takes a block elsewhere when it
 * starts); delete: WinNAT's block back where it was.
 */
static char *
pf_exclude(char *t, int add, int first, int n)
{
	static const char dash[] = "----------    --------\r\n";
	char		*out, line[64];
	const char	*p, *e = NULL, *body;
	int		 lo, hi;

	ck_assert_ptr_nonnull(body = strstr(t, dash));
	body += sizeof(dash) - 1;
	snprintf(line, sizeof(line), "%10d  %10d     *\r\n", first,
	    first + n - 1);
	for (p = body; *p == ' '; p = e) {
		ck_assert_ptr_nonnull(e = strstr(p, "\r\n"));
		e += 2;
		if (sscanf(p, "%d %d", &lo, &hi) != 2)
			continue;
		if (add && first >= lo && first <= hi &&
		    memchr(p, '*', (size_t)(e - p)) == NULL) {
			snprintf(pf_winnat, sizeof(pf_winnat), "%.*s",
			    (int)(e - p), p);
			break;
		}
		if (!add && strncmp(p, line, (size_t)(e - p)) == 0)
			break;
	}
	ck_assert_msg(*p == ' ' && e != NULL, "no line for port %d", first);
	xasprintf(&out, "%.*s%s%s", (int)(p - t), t, add ? line : pf_winnat,
	    e);
	free(t);
	return (out);
}

/* Run the netsh lines of a fix/HOST[-rollback].cmd on the copy's netsh
 * captures in dir, as netsh would change what it shows. */
static void
pf_netsh(const char *cmd, const char *dir)
{
	char		*c, *t, path[4200], proto[8];
	const char	*p;
	size_t		 n;
	int		 a, b;

	c = tu_slurp_text(cmd, &n);
	for (p = c; (p = strstr(p, "netsh int ipv4 ")) != NULL; p += 15) {
		if (sscanf(p, "netsh int ipv4 set dynamicport %7s start=%d "
		    "num=%d", proto, &a, &b) == 3) {
			snprintf(path, sizeof(path), "%s/dynamicport.txt", dir);
			t = pf_dynamic_set(tu_slurp_text(path, &n), proto, a,
			    b);
		} else if (sscanf(p, "netsh int ipv4 add excludedportrange "
		    "protocol=%7[a-z] startport=%d numberofports=%d", proto,
		    &a, &b) == 3) {
			snprintf(path, sizeof(path), "%s/excludedportrange.txt",
			    dir);
			t = pf_exclude(tu_slurp_text(path, &n), 1, a, b);
		} else if (sscanf(p, "netsh int ipv4 delete excludedportrange "
		    "protocol=%7[a-z] startport=%d numberofports=%d", proto,
		    &a, &b) == 3) {
			snprintf(path, sizeof(path), "%s/excludedportrange.txt",
			    dir);
			t = pf_exclude(tu_slurp_text(path, &n), 0, a, b);
		} else
			ck_abort_msg("a netsh line the test does not know");
		pf_write_reg(path, t, 0);
		free(t);
	}
	free(c);
}

/* A version 5 export of the given values (as regedit writes it). */
static const char pf_app02_reg[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet]\r\n"
    "\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,30,00,32,00,30,00,"
    "00,00,00,00\r\n"
    "\"PortsInternetAvailable\"=\"Y\"\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
    "Terminal Server\\WinStations\\RDP-Tcp]\r\n"
    "\"PortNumber\"=dword:000014b4\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
    "Parameters]\r\n"
    "\"MaxUserPort\"=dword:00001388\r\n\r\n";

static const char pf_app01_reg[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
    "Terminal Server\\WinStations\\RDP-Tcp]\r\n"
    "\"PortNumber\"=dword:0000ea2e\r\n\r\n";

static const char pf_fs01_reg[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\Parameters]\r\n"
    "\"MsmqIpPort\"=dword:0000c3b4\r\n\r\n";

static const char pf_fs01_excl[] =
    "C:\\> netsh int ipv4 show excludedportrange protocol=tcp\r\n\r\n"
    "Protocol tcp Port Exclusion Ranges\r\n\r\n"
    "Start Port    End Port\r\n"
    "----------    --------\r\n"
    "      5357        5357\r\n"
    "     50060       50159\r\n\r\n"
    "* - Administered port exclusions.\r\n\r\n";

static const char pf_app01_dyn[] =
    "C:\\> netsh int ipv4 show dynamicport tcp\r\n\r\n"
    "Protocol tcp Dynamic Port Range\r\n"
    "---------------------------------\r\n"
    "Start Port      : 60000\r\n"
    "Number of Ports : 300\r\n\r\n";

/* netsh -ano with n connections from port lo up. */
static char *
pf_busy(int lo, int n)
{
	char	*s, *t;
	int	 i;

	s = xstrdup("\r\nActive Connections\r\n\r\n  Proto  Local Address"
	    "          Foreign Address        State           PID\r\n");
	for (i = 0; i < n; i++) {
		xasprintf(&t, "%s  TCP    10.1.1.5:%-5d         "
		    "10.1.1.9:445           ESTABLISHED     4\r\n", s, lo + i);
		free(s);
		s = t;
	}
	return (s);
}

/* Whether findings.csv has a finding of rule on host (port: -1 any). */
static int
pf_has_rule(const struct tu_csv *t, const char *rule, const char *host,
    const char *port)
{
	size_t	 i;
	int	 r = pf_col(t, "rule"), h = pf_col(t, "host");
	int	 p = pf_col(t, "port");

	for (i = 1; i < t->n; i++)
		if (strcmp(t->v[i].f[r], rule) == 0 &&
		    strcmp(t->v[i].f[h], host) == 0 &&
		    (port == NULL || strcmp(t->v[i].f[p], port) == 0))
			return (1);
	return (0);
}

/* Apply (suffix "") or roll back every host's files of the plan. */
static void
pf_apply_ranges(const char *plan, const char *copy, const char *suffix)
{
	static const char *const hosts[][2] = {
		{ "hq", "APP01" }, { "hq", "APP02" }, { "branch", "FS01" }
	};
	char	 fix[4096], dir[4096], reg[4200];
	size_t	 i;

	for (i = 0; i < 3; i++) {
		snprintf(dir, sizeof(dir), "%s/%s/%s", copy, hosts[i][0],
		    hosts[i][1]);
		snprintf(fix, sizeof(fix), "%s/fix/%s%s.reg", plan,
		    hosts[i][1], suffix);
		snprintf(reg, sizeof(reg), "%s/registry.reg", dir);
		if (access(fix, F_OK) == 0)
			pf_import(fix, reg);
		snprintf(fix, sizeof(fix), "%s/fix/%s%s.cmd", plan,
		    hosts[i][1], suffix);
		pf_netsh(fix, dir);
	}
}

/*
 * The range changes end to end: APP01 (2016) widens its dynamic range
 * with netsh, APP02 (2003) raises MaxUserPort and gets a new Rpc\Internet
 * Ports list, FS01 (2022) gives MSMQ's port an administered exclusion out
 * of WinNAT's block.  The copy audited after the files are applied has
 * none of the findings they cure; rolled back, it has the findings of
 * before.
 */
START_TEST(test_apply_and_roll_back_ranges)
{
	static const char policy[] = "[site branch]\nallow = 50100-50100\n";
	struct tu_csv	 p, fa, fb;
	const char	*copy, *plan = tu_outdir(), *before, *after, *back;
	const char	*pol;
	char		*ns1, *ns2, *ids0, *ids2;
	size_t		 i, ranges = 0;
	int		 kind, host, findings;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	ns1 = pf_busy(60000, 200);
	ns2 = pf_busy(1100, 2100);
	copy = tu_fleet("manifest.csv", "host,site,role,os\r\n"
	    "APP01,hq,app-server,Windows Server 2016\r\n"
	    "APP02,hq,app-server,Windows Server 2003 SP2\r\n"
	    "FS01,branch,file-server,Windows Server 2022\r\n",
	    "hq/APP01/registry.reg", pf_app01_reg,
	    "hq/APP01/netstat.txt", ns1,
	    "hq/APP01/dynamicport.txt", pf_app01_dyn,
	    "hq/APP02/registry.reg", pf_app02_reg,
	    "hq/APP02/netstat.txt", ns2,
	    "branch/FS01/registry.reg", pf_fs01_reg,
	    "branch/FS01/excludedportrange.txt", pf_fs01_excl, NULL);
	pol = tu_write_temp(policy, strlen(policy), "policy.ini");
	ck_assert_int_le(tu_run_quiet("./portaudit plan --policy %s --out %s "
	    "%s", pol, plan, copy), 1);
	before = tu_outdir();
	ck_assert_int_le(tu_run_quiet("./portaudit audit --policy %s --out %s "
	    "%s", pol, before, copy), 1);
	pf_apply_ranges(plan, copy, "");
	after = tu_outdir();
	ck_assert_int_le(tu_run_quiet("./portaudit audit --policy %s --out %s "
	    "%s", pol, after, copy), 1);
	tu_csv_report(plan, "plan.csv", &p);
	tu_csv_report(before, "findings.csv", &fa);
	tu_csv_report(after, "findings.csv", &fb);
	kind = pf_col(&p, "kind");
	host = pf_col(&p, "host");
	findings = pf_col(&p, "findings");
	for (i = 1; i < p.n; i++) {
		if (strcmp(p.v[i].f[kind], "dynamicport") == 0) {
			ck_assert_str_eq(p.v[i].f[host], "APP01");
			ck_assert(pf_has_rule(&fa, "ephemeral-pressure",
			    "APP01", NULL));
			ck_assert(!pf_has_rule(&fb, "ephemeral-pressure",
			    "APP01", NULL));
		} else if (strcmp(p.v[i].f[kind], "maxuserport") == 0) {
			ck_assert(pf_has_rule(&fa, "ephemeral-pressure",
			    "APP02", NULL));
			ck_assert(!pf_has_rule(&fb, "ephemeral-pressure",
			    "APP02", NULL));
		} else if (strcmp(p.v[i].f[kind], "rpc-ports") == 0) {
			ck_assert(pf_has_rule(&fa, "rpc-range-small", "APP02",
			    NULL));
			ck_assert(!pf_has_rule(&fb, "rpc-range-small", "APP02",
			    NULL));
		} else if (strcmp(p.v[i].f[kind], "excludedportrange") == 0) {
			ck_assert(pf_has_rule(&fa, "fixed-port-excluded",
			    "FS01", "50100"));
			ck_assert(!pf_has_rule(&fb, "fixed-port-excluded",
			    "FS01", "50100"));
		} else
			continue;
		ck_assert(*p.v[i].f[findings] != '\0');
		ranges++;
	}
	ck_assert_uint_eq(ranges, 4);
	tu_csv_free(&p);
	tu_csv_free(&fa);
	tu_csv_free(&fb);
	pf_apply_ranges(plan, copy, "-rollback");
	back = tu_outdir();
	ck_assert_int_le(tu_run_quiet("./portaudit audit --policy %s --out %s "
	    "%s", pol, back, copy), 1);
	ids0 = pf_ids(before);
	ids2 = pf_ids(back);
	ck_assert_str_eq(ids0, ids2);
	free(ids0);
	free(ids2);
	free(ns1);
	free(ns2);
}
END_TEST

static Suite *
check_planfix_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("planfix");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_dialects);
	tcase_add_test(tc, test_cmd_steps);
	tcase_add_test(tc, test_apply_and_roll_back);
	tcase_add_test(tc, test_apply_and_roll_back_ranges);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_planfix_suite()));
}
