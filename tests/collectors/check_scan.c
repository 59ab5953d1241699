/*
 * scan: the lexical helpers the collectors share, at their edges: every
 * byte against each class, empty and all-blank input, token limits, the
 * bounds of substring search (buffers without a terminator), endpoints
 * that are not "host:port", and UTF-8 encoding of invalid code points.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "testutil.h"

/* An exact-size copy of s without its NUL: reading past it trips ASan. */
static char *
check_scan_raw(const char *s, size_t *n)
{
	char	*p;

	*n = strlen(s);
	p = xmalloc(*n == 0 ? 1 : *n);
	memcpy(p, s, *n);
	return (p);
}

START_TEST(test_classes)
{
	int	 c;

	for (c = 0; c < 256; c++) {
		ck_assert_int_eq(scan_isclass(c, SCAN_SPACE), c != '\0' &&
		    strchr(" \t\v\f\r", c) != NULL);
		ck_assert_int_eq(scan_isclass(c, SCAN_HSPACE), c != '\0' &&
		    strchr(" \t\v\f", c) != NULL);
		ck_assert_int_eq(scan_isclass(c, SCAN_BLANK), c == ' ' ||
		    c == '\t');
		ck_assert_int_eq(scan_isclass(c, SCAN_NUL), c == '\0');
		ck_assert_int_eq(scan_isdigit(c), c >= '0' && c <= '9');
		ck_assert_int_eq(scan_isalpha(c), (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'));
		ck_assert_int_eq(scan_isalnum(c), scan_isalpha(c) ||
		    scan_isdigit(c));
		ck_assert_int_eq(scan_isxdigit(c), scan_hexval(c) >= 0);
		ck_assert_int_eq(scan_tolower(c), c >= 'A' && c <= 'Z' ?
		    c + 32 : c);
	}
	/* plain char: bytes above 0x7f are in no class */
	ck_assert(!scan_isspace((char)0xa0));
	ck_assert(!scan_isalnum((char)0xe9));
	ck_assert_int_eq(scan_hexval('f'), 15);
	ck_assert_int_eq(scan_hexval('A'), 10);
	ck_assert_int_eq(scan_hexval('g'), -1);
}
END_TEST

START_TEST(test_split)
{
	struct scan_tok	 t[3];
	const char	*s = "  tcp\t0 \r 0.0.0.0:22  x ", *rest;

	ck_assert_uint_eq(scan_split(s, strlen(s), SCAN_SPACE, t, 3, &rest),
	    3);
	ck_assert(scan_tok_is(&t[0], "tcp"));
	ck_assert(scan_tok_is(&t[1], "0"));
	ck_assert(scan_tok_is(&t[2], "0.0.0.0:22"));
	ck_assert_str_eq(rest, "  x ");
	/* fewer than max; rest after the last one */
	ck_assert_uint_eq(scan_split(s, strlen(s), SCAN_SPACE, t, 3, NULL),
	    3);
	ck_assert_uint_eq(scan_split(rest, strlen(rest), SCAN_SPACE, t, 3,
	    &rest), 1);
	ck_assert(scan_tok_is(&t[0], "x"));
	ck_assert_str_eq(rest, " ");
	/* nothing: rest stays at the start */
	ck_assert_uint_eq(scan_split(" \t ", 3, SCAN_SPACE, t, 3, &rest), 0);
	ck_assert_str_eq(rest, " \t ");
	ck_assert_uint_eq(scan_split("", 0, SCAN_SPACE, t, 3, NULL), 0);
	ck_assert_uint_eq(scan_split("a b", 3, SCAN_SPACE, t, 0, NULL), 0);
	/* the class decides: CR is text for SCAN_HSPACE, NUL for BSD */
	ck_assert_uint_eq(scan_split("1\r2", 3, SCAN_SPACE, t, 3, NULL), 2);
	ck_assert_uint_eq(scan_split("1\r2", 3, SCAN_HSPACE, t, 3, NULL), 1);
	ck_assert_uint_eq(scan_split("1\0002", 3, SCAN_SPACE, t, 3, NULL), 1);
	ck_assert_uint_eq(scan_split("1\0002", 3, SCAN_SPACE | SCAN_NUL, t, 3,
	    NULL), 2);
}
END_TEST

/* What scan_split() must give: the same walk, one byte at a time. */
static size_t
check_scan_split_ref(const char *s, size_t n, int cls, struct scan_tok *t,
    size_t max, const char **rest)
{
	size_t	 i = 0, start, nt = 0;

	*rest = s;
	while (nt < max) {
		while (i < n && scan_isclass(s[i], cls))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && !scan_isclass(s[i], cls))
			i++;
		t[nt].s = s + start;
		t[nt].n = i - start;
		nt++;
		*rest = s + i;
	}
	return (nt);
}

/*
 * Lines of every length up to past three 64-byte windows, of blanks of
 * each kind, NULs and words, in runs long and short, split by every blank
 * class beside the byte-by-byte walk: tokens, count and rest the same,
 * wherever a window or a 16-byte block begins.
 */
START_TEST(test_split_windows)
{
	static const char	 pool[] = " \t\v\f\r\0\nab:1.\xc3";
	static const int	 classes[] = {
		SCAN_SPACE, SCAN_HSPACE, SCAN_BLANK, SCAN_SPACE | SCAN_NUL,
		SCAN_NUL, SCAN_BLANK | SCAN_NUL
	};
	struct scan_tok		 t1[40], t2[40];
	unsigned char		 noise[256];
	const char		*r1, *r2;
	char			*s;
	size_t			 n, i, c, max, n1, n2, k;
	unsigned		 seed;

	for (seed = 1; seed <= 1500; seed++) {
		tu_noise(noise, sizeof(noise), seed);
		n = noise[0] % 200;
		s = xmalloc(n == 0 ? 1 : n);
		for (i = 0; i < n; i++)	/* runs: a byte often repeats */
			s[i] = i > 0 && noise[i + 1] % 3 != 0 ? s[i - 1] :
			    pool[noise[i + 1] % (sizeof(pool) - 1)];
		for (c = 0; c < sizeof(classes) / sizeof(classes[0]); c++)
			for (max = 0; max <= 40; max += 1 + max / 4) {
				n1 = scan_split(s, n, classes[c], t1, max, &r1);
				n2 = check_scan_split_ref(s, n, classes[c], t2,
				    max, &r2);
				ck_assert_msg(n1 == n2 && r1 == r2,
				    "seed %u class %d max %zu: %zu/%zu tokens",
				    seed, classes[c], max, n1, n2);
				for (k = 0; k < n1; k++)
					ck_assert(t1[k].s == t2[k].s &&
					    t1[k].n == t2[k].n);
			}
		free(s);
	}
}
END_TEST

/*
 * scan_memchr() beside memchr(), and scan_memchr2() beside a loop: the
 * byte (and another) at each place of ranges of
 * every length up to past six blocks, twice, or not there at all; each
 * range an exact allocation, so that a read past it trips ASan.
 */
START_TEST(test_memchr)
{
	char	*s;
	size_t	 n, at, k;

	for (n = 0; n <= 100; n++) {
		s = xmalloc(n == 0 ? 1 : n);
		memset(s, 'x', n);
		ck_assert_ptr_null(scan_memchr(s, '\n', n));
		for (at = 0; at < n; at++) {
			memset(s, 'x', n);
			s[at] = '\n';
			for (k = at + 1; k < n; k += 7)
				s[k] = '\n';
			ck_assert_ptr_eq(scan_memchr(s, '\n', n),
			    memchr(s, '\n', n));
			ck_assert_ptr_eq(scan_memchr(s, '\n', at), NULL);
			/* Either of two bytes: the first of them. */
			s[n - 1 - at] = '\r';
			for (k = 0; k < n && s[k] != '\n' && s[k] != '\r';
			    k++)
				;
			ck_assert_ptr_eq(scan_memchr2(s, '\n', '\r', n),
			    s + k);
			ck_assert_ptr_eq(scan_memchr2(s, '\r', '\n', k), NULL);
		}
		free(s);
	}
}
END_TEST

/* scan_has() beside memmem() over short needles and noisy lines. */
START_TEST(test_has_noise)
{
	static const char *const needles[] = {
		"a", "ab", "aab", "ba:", "::", "b", "abab", "\xc3"
	};
	unsigned char	 noise[96];
	char		*s;
	size_t		 n, i, k;
	unsigned	 seed;

	for (seed = 1; seed <= 2000; seed++) {
		tu_noise(noise, sizeof(noise), seed);
		n = noise[0] % 80;
		s = xmalloc(n == 0 ? 1 : n);
		for (i = 0; i < n; i++)
			s[i] = "ab:\xc3"[noise[i + 1] % 4];
		for (k = 0; k < sizeof(needles) / sizeof(needles[0]); k++)
			ck_assert_int_eq(scan_has(s, n, needles[k]),
			    memmem(s, n, needles[k], strlen(needles[k])) !=
			    NULL);
		free(s);
	}
}
END_TEST

START_TEST(test_trim_span)
{
	const char	*s;
	size_t		 n;

	n = 8;
	s = scan_trim(" \t abc \r", &n, SCAN_SPACE);
	ck_assert_uint_eq(n, 3);
	ck_assert(scan_eq(s, n, "abc"));
	n = 8;
	s = scan_trim(" \t abc \r", &n, SCAN_BLANK);
	ck_assert(scan_eq(s, n, "abc \r"));
	n = 4;
	s = scan_trim(" \t \v", &n, SCAN_SPACE);
	ck_assert_uint_eq(n, 0);
	n = 0;
	scan_trim("", &n, SCAN_SPACE);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(scan_span("123a", 4, SCAN_DIGIT), 3);
	ck_assert_uint_eq(scan_span("123", 2, SCAN_DIGIT), 2);
	ck_assert_uint_eq(scan_rspan("ab  ", 4, SCAN_BLANK), 2);
	ck_assert_uint_eq(scan_rspan("  ", 2, SCAN_BLANK), 2);
	ck_assert(scan_digits("0", 1));
	ck_assert(!scan_digits("", 0));
	ck_assert(!scan_digits("12a", 3));
	ck_assert(scan_digits("12a", 2));
}
END_TEST

START_TEST(test_compare)
{
	ck_assert(scan_eq("LISTEN", 6, "LISTEN"));
	ck_assert(!scan_eq("LISTEN", 5, "LISTEN"));
	ck_assert(!scan_eq("LISTENING", 9, "LISTEN"));
	ck_assert(scan_caseeq("listen", 6, "LISTEN"));
	ck_assert(!scan_caseeq("listen", 6, "LISTEN_"));
	ck_assert(scan_prefix("Proto Recv-Q", 12, "Proto "));
	ck_assert(!scan_prefix("Proto", 5, "Proto "));
	ck_assert(scan_caseprefix("DWORD:0", 7, "dword:"));
	ck_assert(!scan_caseprefix("dwor", 4, "dword:"));
	ck_assert(scan_caseword("hklm", 4, "HKLM", '\\'));
	ck_assert(scan_caseword("hklm\\Software", 13, "HKLM", '\\'));
	ck_assert(!scan_caseword("HKLMX", 5, "HKLM", '\\'));
	ck_assert(!scan_caseword("HKL", 3, "HKLM", '\\'));
	ck_assert(scan_caseword("tcp#x", 5, "TCP", '#'));
}
END_TEST

START_TEST(test_has)
{
	char	*s;
	size_t	 n;

	s = check_scan_raw("Proto Recv-Q Send-Q", &n);
	ck_assert(scan_has(s, n, "Send-Q"));
	ck_assert(!scan_has(s, n - 1, "Send-Q"));
	ck_assert(scan_has(s, n, ""));
	ck_assert(!scan_has(s, 3, "Proto"));
	ck_assert(scan_casehas(s, n, "send-q"));
	ck_assert(!scan_casehas(s, n - 1, "SEND-Q"));
	ck_assert(!scan_casehas(s, 0, "p"));
	free(s);
}
END_TEST

START_TEST(test_servname_prompt)
{
	ck_assert(scan_servname("https", 5));
	ck_assert(scan_servname("xmpp-client", 11));
	ck_assert(scan_servname("9pfs", 4));
	ck_assert(!scan_servname("-x", 2));
	ck_assert(!scan_servname("a.b", 3));
	ck_assert(!scan_servname("", 0));
	ck_assert(scan_prompt("user@host:~$ netstat -an", 24));
	ck_assert(scan_prompt("[root@host ~]# ss", 17));
	ck_assert(scan_prompt("$ ss", 4));
	ck_assert(scan_prompt("bash-5.1$", 9));
	ck_assert(scan_prompt("me@host% netstat", 16));
	ck_assert(!scan_prompt("host% netstat", 13));	/* no user@ */
	ck_assert(!scan_prompt("50% done", 8));
	ck_assert(!scan_prompt("a b c$", 6));
	ck_assert(!scan_prompt("cost $5", 7));
}
END_TEST

START_TEST(test_hostport)
{
	struct scan_hostport	 hp;
	const char		*why;

	ck_assert_int_eq(scan_hostport("0.0.0.0:22", 10, &hp, &why), 0);
	ck_assert(scan_eq(hp.host, hp.hostlen, "0.0.0.0"));
	ck_assert_int_eq(hp.port, 22);
	ck_assert_ptr_null(hp.name);
	ck_assert_int_eq(scan_hostport("[::]:http", 9, &hp, &why), 0);
	ck_assert(scan_eq(hp.host, hp.hostlen, "::"));
	ck_assert(hp.bracketed);
	ck_assert_int_eq(hp.port, -1);
	ck_assert(scan_eq(hp.name, hp.namelen, "http"));
	ck_assert_int_eq(scan_hostport(":::*", 4, &hp, &why), 0);
	ck_assert(scan_eq(hp.host, hp.hostlen, "::"));
	ck_assert_int_eq(hp.port, -1);
	ck_assert_ptr_null(hp.name);
	ck_assert_int_eq(scan_hostport(":65535", 6, &hp, &why), 0);
	ck_assert_uint_eq(hp.hostlen, 0);
	ck_assert_int_eq(hp.port, 65535);
	ck_assert_int_eq(scan_hostport("host", 4, &hp, &why), DIAG_BAD_ADDR);
	ck_assert_int_eq(scan_hostport("h:99999", 7, &hp, &why),
	    DIAG_BAD_PORT);
	ck_assert_int_eq(hp.port, -1);
	ck_assert_int_eq(scan_hostport("h:-1", 4, &hp, &why), DIAG_BAD_PORT);
	ck_assert_int_eq(scan_hostport("h:+1", 4, &hp, &why), DIAG_BAD_PORT);
	ck_assert_int_eq(scan_hostport("h:", 2, &hp, &why), DIAG_BAD_PORT);
	ck_assert_str_eq(why, "empty port");
	ck_assert_int_eq(scan_hostport("h:a.b", 5, &hp, &why), DIAG_BAD_PORT);
	ck_assert_str_eq(why, "not a port or service name");
	/* a lone bracket is no bracketed host */
	ck_assert_int_eq(scan_hostport("[:80", 4, &hp, &why), 0);
	ck_assert(!hp.bracketed);
	ck_assert(scan_eq(hp.host, hp.hostlen, "["));
}
END_TEST

START_TEST(test_line)
{
	const char	*pos, *end, *s;
	char		*buf;
	size_t		 n, len;

	buf = check_scan_raw("a\r\n\nlast", &len);
	pos = buf;
	end = buf + len;
	ck_assert_ptr_nonnull(s = scan_line(&pos, end, &n));
	ck_assert(scan_eq(s, n, "a\r"));
	ck_assert_ptr_nonnull(s = scan_line(&pos, end, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(s = scan_line(&pos, end, &n));
	ck_assert(scan_eq(s, n, "last"));
	ck_assert_ptr_eq(pos, end);
	ck_assert_ptr_null(scan_line(&pos, end, &n));
	free(buf);
	pos = end = "";
	ck_assert_ptr_null(scan_line(&pos, end, &n));
}
END_TEST

START_TEST(test_utf8)
{
	unsigned char	 u[4];

	ck_assert_uint_eq(scan_utf8('A', u), 1);
	ck_assert_int_eq(u[0], 'A');
	ck_assert_uint_eq(scan_utf8(0xe9, u), 2);
	ck_assert(memcmp(u, "\xc3\xa9", 2) == 0);
	ck_assert_uint_eq(scan_utf8(0x20ac, u), 3);
	ck_assert(memcmp(u, "\xe2\x82\xac", 3) == 0);
	ck_assert_uint_eq(scan_utf8(0x1f600, u), 4);
	ck_assert(memcmp(u, "\xf0\x9f\x98\x80", 4) == 0);
	ck_assert_uint_eq(scan_utf8(0xd800, u), 3);
	ck_assert(memcmp(u, "\xef\xbf\xbd", 3) == 0);
	ck_assert_uint_eq(scan_utf8(0x110000, u), 3);
	ck_assert(memcmp(u, "\xef\xbf\xbd", 3) == 0);
}
END_TEST

static Suite *
check_scan_suite(void)
{
	Suite	*s = suite_create("scan");
	TCase	*t = tcase_create("scan");

	tcase_add_test(t, test_classes);
	tcase_add_test(t, test_split);
	tcase_add_test(t, test_split_windows);
	tcase_add_test(t, test_has_noise);
	tcase_add_test(t, test_memchr);
	tcase_add_test(t, test_trim_span);
	tcase_add_test(t, test_compare);
	tcase_add_test(t, test_has);
	tcase_add_test(t, test_servname_prompt);
	tcase_add_test(t, test_hostport);
	tcase_add_test(t, test_line);
	tcase_add_test(t, test_utf8);
	suite_add_tcase(s, t);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_scan_suite()));
}
