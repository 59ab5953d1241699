/*
 * sniff: collector_sniff() asks the sniffers in order of their ceilings and
 * stops when no one left can win; the winner must be the one asking every
 * sniffer in the table's order gives (the best score, the first in the
 * table on a tie).  Checked over every fixture and shared sample, as
 * they are read and decoded, for every --type; over mixtures of their
 * lines; and on files that start as one format and turn into another
 * further down.  Every ceiling must be at least its sniffer's score.
 *
 * The mixed texts below are written from the formats' documentation:
 * Windows netstat -ano, reg.exe query output ("! REG.EXE VERSION 3.0" of
 * XP and 2003), net-tools netstat -tulpn, iproute2 ss -tulpn and
 * Sysinternals tcpvcon -a -c; their addresses are from documentation
 * ranges.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define SNIFF_SEEN	(64 * 1024)	/* what collector_sniff() reads */

/* The --type values whose sniffing picks among several collectors. */
static const char *const check_sniff_wants[] = {
	NULL, "netstat", "registry", "ranges", "services", "powershell",
	"ss", "host", "netstat-win", "regquery", "osquery"
};

/* Every sniffer asked in the table's order, as collectors.c once did. */
static const struct collector *
check_sniff_every(const char *buf, size_t len, const char *want)
{
	const struct collector	*c, *best = NULL;
	size_t			 i;
	int			 score, top = 0;

	if (len > SNIFF_SEEN)
		len = SNIFF_SEEN;
	for (i = 0; i < collector_count; i++) {
		c = collector_table[i];
		if (want != NULL && strcmp(c->name, want) != 0 &&
		    strcmp(c->family, want) != 0)
			continue;
		score = c->sniff(buf, len);
		if (score > top) {
			top = score;
			best = c;
		}
	}
	return (best);
}

static const char *
check_sniff_name(const struct collector *c)
{
	return (c == NULL ? "(none)" : c->name);
}

/* The pick and every ceiling for buf[0..len), for every --type. */
static void
check_sniff_same(const char *what, const char *buf, size_t len)
{
	const struct collector	*got, *want;
	size_t			 i, n = len > SNIFF_SEEN ? SNIFF_SEEN : len;
	int			 score, ceil;

	for (i = 0; i < sizeof(check_sniff_wants) /
	    sizeof(check_sniff_wants[0]); i++) {
		got = collector_sniff(buf, len, check_sniff_wants[i]);
		want = check_sniff_every(buf, len, check_sniff_wants[i]);
		ck_assert_msg(got == want, "%s, type %s: %s, not %s", what,
		    check_sniff_wants[i] == NULL ? "any" :
		    check_sniff_wants[i], check_sniff_name(got),
		    check_sniff_name(want));
	}
	for (i = 0; i < collector_count; i++) {
		score = collector_table[i]->sniff(buf, n);
		ceil = sniff_ceiling(collector_table[i], buf, len);
		ck_assert_msg(score <= ceil, "%s: %s scores %d over its "
		    "ceiling %d", what, collector_table[i]->name, score, ceil);
	}
}

/* A file's bytes as collect_decode() sniffs them: raw, and decoded. */
static void
check_sniff_file(const char *path)
{
	enum textenc	 enc;
	unsigned char	*raw;
	char		*text;
	const char	*from;
	size_t		 len, tlen, skip = 0;
	unsigned long	 nbad;
	char		*copy;

	raw = tu_slurp(path, &len);
	check_sniff_same(path, (const char *)raw, len);
	enc = decode_detect(raw, len);
	switch (enc) {
	case ENC_UTF8_BOM:
		check_sniff_same(path, (const char *)raw + 3, len - 3);
		break;
	case ENC_UTF16LE:
	case ENC_UTF16BE:
		skip = 2;
		/* FALLTHROUGH */
	case ENC_UTF16LE_NOBOM:
	case ENC_UTF16BE_NOBOM:
		from = enc == ENC_UTF16LE || enc == ENC_UTF16LE_NOBOM ?
		    "UTF-16LE" : "UTF-16BE";
		text = decode_convert(raw + skip, len - skip, from, &tlen,
		    &nbad);
		ck_assert_ptr_nonnull(text);
		(void)decode_nuls(text, tlen);
		/* An exact-size copy: a sniffer reading past it trips ASan. */
		copy = xmalloc(tlen > 0 ? tlen : 1);
		memcpy(copy, text, tlen);
		free(text);
		check_sniff_same(path, copy, tlen);
		free(copy);
		break;
	default:
		break;
	}
	free(raw);
}

/* Every regular file under dir; how many. */
static int
check_sniff_tree(const char *dir)
{
	struct dirent	*e;
	struct stat	 st;
	DIR		*d;
	char		 path[4096];
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return (0);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			n += check_sniff_tree(path);
		else if (S_ISREG(st.st_mode)) {
			check_sniff_file(path);
			n++;
		}
	}
	closedir(d);
	return (n);
}

START_TEST(test_fixtures)
{
	const char	*samples;

	diag_quiet = 1;
	ck_assert_int_gt(check_sniff_tree("tests/fixtures"), 100);
	if ((samples = getenv("PORTAUDIT_SAMPLES")) == NULL)
		samples = "../shared/samples";
	(void)check_sniff_tree(samples);
	(void)check_sniff_tree("examples");
}
END_TEST

/* Lines of every fixture, at most max of them. */
struct check_sniff_pool {
	char	**line;
	size_t	  n, cap;
};

static void
check_sniff_pool_file(struct check_sniff_pool *p, const char *path)
{
	char	*buf, *s, *nl;
	size_t	 len, k = 0;

	buf = tu_slurp_text(path, &len);
	for (s = buf; *s != '\0' && k < 120; s = nl + 1, k++) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		if (p->n == p->cap) {
			p->cap = p->cap == 0 ? 1024 : p->cap * 2;
			p->line = xrealloc(p->line, p->cap * sizeof(*p->line));
		}
		p->line[p->n++] = xstrndup(s, nl - s + (*nl == '\n'));
		if (*nl == '\0')
			break;
	}
	free(buf);
}

static void
check_sniff_pool_tree(struct check_sniff_pool *p, const char *dir)
{
	struct dirent	*e;
	struct stat	 st;
	DIR		*d;
	char		 path[4096];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "fuzz-regress") ==
		    0 || strcmp(e->d_name, "reg_hive") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			check_sniff_pool_tree(p, path);
		else if (S_ISREG(st.st_mode) && st.st_size < 1024 * 1024)
			check_sniff_pool_file(p, path);
	}
	closedir(d);
}

/*
 * Texts made of lines drawn from every fixture: runs of one file's lines
 * after another's, as a capture pasted into another would be.
 */
START_TEST(test_mixtures)
{
	struct check_sniff_pool	 p;
	unsigned		 seed = 11, r;
	size_t			 i, k, len, cap = 0, at, run;
	char			*buf = NULL, what[64];
	int			 t;

	memset(&p, 0, sizeof(p));
	check_sniff_pool_tree(&p, "tests/fixtures");
	ck_assert_uint_gt(p.n, 1000);
	for (t = 0; t < 3000; t++) {
		len = 0;
		seed = seed * 1103515245 + 12345;
		k = 1 + (seed >> 16) % 4;	/* runs */
		for (; k > 0; k--) {
			seed = seed * 1103515245 + 12345;
			r = seed >> 8;
			at = r % p.n;
			run = 1 + (r >> 12) % 40;
			for (i = at; i < p.n && i < at + run; i++) {
				if (len + strlen(p.line[i]) + 1 > cap) {
					cap = (len + strlen(p.line[i]) + 1) * 2;
					buf = xrealloc(buf, cap);
				}
				memcpy(buf + len, p.line[i], strlen(p.line[i]));
				len += strlen(p.line[i]);
			}
		}
		snprintf(what, sizeof(what), "mixture %d", t);
		check_sniff_same(what, buf != NULL ? buf : "", len);
	}
	for (i = 0; i < p.n; i++)
		free(p.line[i]);
	free(p.line);
	free(buf);
}
END_TEST

/* The first lines of Windows netstat -ano (English). */
static const char check_sniff_win[] =
    "\r\n"
    "Active Connections\r\n"
    "\r\n"
    "  Proto  Local Address          Foreign Address        State"
    "           PID\r\n"
    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING"
    "       884\r\n"
    "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING"
    "       4\r\n"
    "  TCP    192.0.2.10:49712       198.51.100.7:443       ESTABLISHED"
    "     3120\r\n"
    "  UDP    0.0.0.0:123            *:*"
    "                                    1460\r\n";

static const struct collector *
check_sniff_text(const char *head, const char *tail)
{
	const struct collector	*c, *every;
	char			*buf;
	size_t			 n;

	n = strlen(head) + strlen(tail);
	buf = xmalloc(n);
	memcpy(buf, head, strlen(head));
	memcpy(buf + strlen(head), tail, strlen(tail));
	c = collector_sniff(buf, n, NULL);
	every = check_sniff_every(buf, n, NULL);
	ck_assert_msg(c == every, "%s, not %s", check_sniff_name(c),
	    check_sniff_name(every));
	free(buf);
	return (c);
}

/*
 * A netstat table from its first lines, another format further down: the
 * table does not decide alone.  netstat-win scores this head 95.
 */
START_TEST(test_turns)
{
	ck_assert_int_eq(collector_netstat_win.sniff(check_sniff_win,
	    strlen(check_sniff_win)), 95);
	ck_assert_ptr_eq(check_sniff_text(check_sniff_win, ""),
	    &collector_netstat_win);
	/* reg.exe's banner: regquery ties at 95 and comes first. */
	ck_assert_ptr_eq(check_sniff_text(check_sniff_win,
	    "\r\n! REG.EXE VERSION 3.0\r\n\r\n"
	    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
	    "Tcpip\\Parameters\r\n"), &collector_reg_query);
	/* net-tools netstat with its title and header: 100. */
	ck_assert_ptr_eq(check_sniff_text(check_sniff_win,
	    "Active Internet connections (only servers)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address"
	    "         State       PID/Program name\n"
	    "tcp        0      0 0.0.0.0:22              0.0.0.0:*"
	    "               LISTEN      812/sshd\n"
	    "tcp        0      0 127.0.0.1:25            0.0.0.0:*"
	    "               LISTEN      1024/master\n"), &collector_netstat_linux);
	/* ss with its header naming Address:Port: 100. */
	ck_assert_ptr_eq(check_sniff_text(check_sniff_win,
	    "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
	    "tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*\n"
	    "tcp   LISTEN 0      100        127.0.0.1:25        0.0.0.0:*\n"
	    "udp   UNCONN 0      0            0.0.0.0:123       0.0.0.0:*\n"),
	    &collector_ss);
	/* tcpvcon's banner and CSV rows: 100. */
	ck_assert_ptr_eq(check_sniff_text(check_sniff_win,
	    "\r\nTCPView v4.19 - TCPView command-line viewer\r\n"
	    "TCP,svchost.exe,884,LISTENING,0.0.0.0,0.0.0.0\r\n"),
	    &collector_tcpvcon);
	/* The same words past the 64 KB the sniffers read change nothing. */
	{
		char	*big;
		size_t	 n = 0;

		big = xmalloc(SNIFF_SEEN + 4096);
		while (n + strlen(check_sniff_win) <= SNIFF_SEEN) {
			memcpy(big + n, check_sniff_win,
			    strlen(check_sniff_win));
			n += strlen(check_sniff_win);
		}
		memset(big + n, ' ', SNIFF_SEEN - n);
		n = SNIFF_SEEN;
		memcpy(big + n, "\n! REG.EXE VERSION 3.0\n", 23);
		n += 23;
		ck_assert_ptr_eq(collector_sniff(big, n, NULL),
		    &collector_netstat_win);
		ck_assert_ptr_eq(check_sniff_every(big, n, NULL),
		    &collector_netstat_win);
		free(big);
	}
}
END_TEST

/* A file that starts as ss turns into net-tools netstat, and back. */
START_TEST(test_turns_linux)
{
	static const char ss[] =
	    "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
	    "tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*\n";
	static const char nt[] =
	    "Active Internet connections (only servers)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address"
	    "         State\n"
	    "tcp        0      0 0.0.0.0:22              0.0.0.0:*"
	    "               LISTEN\n";

	/* netstat-linux gives up on an ss header; ss on a netstat one. */
	ck_assert_ptr_eq(check_sniff_text(ss, ""), &collector_ss);
	ck_assert_ptr_eq(check_sniff_text(nt, ""), &collector_netstat_linux);
	(void)check_sniff_text(ss, nt);
	(void)check_sniff_text(nt, ss);
}
END_TEST

/* n copies of a line at buf; their length. */
static size_t
check_sniff_rows(char *buf, const char *line, int n)
{
	size_t	 len = 0;
	int	 i;

	for (i = 0; i < n; i++, len += strlen(line))
		memcpy(buf + len, line, strlen(line));
	return (len);
}

/*
 * Sniffers that stop reading once their score is certain: what comes
 * later in the lines they read still counts.  netstat-win gives up when
 * more lines of other netstats (Recv-Q headers count twice) than rows are
 * among its first 200; ss when a net-tools header is among its 400, and
 * netstat-linux when an ss header is, or more bad rows than rows.
 */
START_TEST(test_late_lines)
{
	static const char win[] = "\nActive Connections\n\n"
	    "  Proto  Local Address          Foreign Address        State"
	    "           PID\n";
	static const char winrow[] = "  TCP    192.0.2.10:49712    "
	    "198.51.100.7:443       ESTABLISHED     3120\n";
	static const char recvq[] = "  Proto Recv-Q Send-Q Local Address"
	    "           Foreign Address         State\n";
	static const char ss[] = "Netid State  Recv-Q Send-Q "
	    "Local Address:Port Peer Address:Port\n";
	static const char ssrow[] = "tcp   ESTAB  0      0        "
	    "192.0.2.10:49712  198.51.100.7:443\n";
	static const char nt[] = "Proto Recv-Q Send-Q Local Address"
	    "           Foreign Address         State\n";
	static const char ntt[] = "Active Internet connections (w/o servers)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address"
	    "         State\n";
	static const char ntrow[] = "tcp        0      0 192.0.2.10:49712"
	    "        198.51.100.7:443        ESTABLISHED\n";
	static const char ntbad[] = "tcp        0      0 192.0.2.10.49712"
	    "        198.51.100.7.443        ESTABLISHED\n";
	char	*buf;
	size_t	 n;

	buf = xmalloc(64 * 1024);
	/* 120 rows, then 59 or 76 Recv-Q headers (200 lines at most). */
	n = strlen(win);
	memcpy(buf, win, n);
	n += check_sniff_rows(buf + n, winrow, 120);
	n += check_sniff_rows(buf + n, recvq, 59);
	ck_assert_int_eq(collector_netstat_win.sniff(buf, n), 95);
	n += check_sniff_rows(buf + n, recvq, 17);
	ck_assert_int_eq(collector_netstat_win.sniff(buf, n), 0);
	check_sniff_same("rows, then Recv-Q headers", buf, n);

	/* 340 ss rows, then a net-tools header, within 400 lines. */
	n = strlen(ss);
	memcpy(buf, ss, n);
	n += check_sniff_rows(buf + n, ssrow, 340);
	ck_assert_int_eq(collector_ss.sniff(buf, n), 100);
	memcpy(buf + n, nt, strlen(nt));
	n += strlen(nt);
	n += check_sniff_rows(buf + n, ssrow, 10);
	ck_assert_int_eq(collector_ss.sniff(buf, n), 0);
	check_sniff_same("ss rows, then a netstat header", buf, n);

	/* 340 net-tools rows, then an ss header, within 400 lines. */
	n = strlen(ntt);
	memcpy(buf, ntt, n);
	n += check_sniff_rows(buf + n, ntrow, 340);
	ck_assert_int_eq(collector_netstat_linux.sniff(buf, n), 100);
	memcpy(buf + n, ss, strlen(ss));
	n += strlen(ss);
	n += check_sniff_rows(buf + n, ntrow, 10);
	ck_assert_int_eq(collector_netstat_linux.sniff(buf, n), 0);
	check_sniff_same("netstat rows, then an ss header", buf, n);
	/* 150 rows, then 160 without a port after a colon. */
	n = strlen(ntt);
	memcpy(buf, ntt, n);
	n += check_sniff_rows(buf + n, ntrow, 150);
	n += check_sniff_rows(buf + n, ntbad, 150);
	ck_assert_int_eq(collector_netstat_linux.sniff(buf, n), 100);
	n += check_sniff_rows(buf + n, ntbad, 10);
	ck_assert_int_eq(collector_netstat_linux.sniff(buf, n), 0);
	check_sniff_same("netstat rows, then bad ones", buf, n);
	free(buf);
}
END_TEST

/* Odd bytes: nothing, a NUL, UTF-16 and noise; their ceilings hold. */
START_TEST(test_odd)
{
	static const char utf16[] =
	    "\xff\xfe\r\0\n\0A\0c\0t\0i\0v\0e\0 \0C\0o\0n\0n\0";
	char	 noise[5000];
	int	 seed;

	ck_assert_ptr_null(collector_sniff("", 0, NULL));
	check_sniff_same("empty", "", 0);
	check_sniff_same("a NUL", "\0", 1);
	check_sniff_same("utf-16", utf16, sizeof(utf16) - 1);
	check_sniff_same("regf", "regf\0\0\0\0", 8);
	for (seed = 1; seed < 40; seed++) {
		tu_noise(noise, sizeof(noise), seed);
		check_sniff_same("noise", noise, sizeof(noise));
	}
}
END_TEST

static Suite *
check_sniff_suite(void)
{
	Suite	*s = suite_create("sniff");
	TCase	*t = tcase_create("sniff");

	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_fixtures);
	tcase_add_test(t, test_mixtures);
	tcase_add_test(t, test_turns);
	tcase_add_test(t, test_turns_linux);
	tcase_add_test(t, test_late_lines);
	tcase_add_test(t, test_odd);
	suite_add_tcase(s, t);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_sniff_suite()));
}
