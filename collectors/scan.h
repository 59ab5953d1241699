/*
 * The lexical helpers the collectors share: ASCII character classes,
 * comparing and searching byte ranges that need not end in a NUL (a
 * sniffer reads raw buffers), splitting a line into tokens, trimming, and
 * taking a "host:port" endpoint apart.  Included after portaudit.h, whose
 * util_strncasecmp_ascii() and DIAG_ codes it uses, by the collectors and
 * their tests.
 *
 * The classes are ASCII only: a byte of 0x80 and above is in none, whatever
 * the locale.  Which blanks separate tokens differs between dialects, so
 * the helpers that skip blanks take the class to skip: SCAN_SPACE for most
 * collectors, SCAN_HSPACE where a stray CR is text, SCAN_BLANK for the
 * registry formats, SCAN_SPACE | SCAN_NUL for netstat-bsd.  No class holds
 * '\n': a line never does, and a quoted CSV field that does keeps it.
 *
 * What runs for every byte or token of a line is static inline below, so
 * that the per-line paths cost no more than the private copies they
 * replace; the rest lives in scan.c.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SCAN_SPACE	0x01	/* ' ' \t \v \f \r: isspace(3) but '\n' */
#define SCAN_HSPACE	0x02	/* ' ' \t \v \f: the same without CR */
#define SCAN_BLANK	0x04	/* ' ' \t: isblank(3) */
#define SCAN_NUL	0x08	/* '\0' */
#define SCAN_DIGIT	0x10	/* 0-9 */
#define SCAN_UPPER	0x20	/* A-Z */
#define SCAN_LOWER	0x40	/* a-z */
#define SCAN_HEXALPHA	0x80	/* a-f A-F */
#define SCAN_ALPHA	(SCAN_UPPER | SCAN_LOWER)
#define SCAN_ALNUM	(SCAN_ALPHA | SCAN_DIGIT)
#define SCAN_XDIGIT	(SCAN_DIGIT | SCAN_HEXALPHA)

/* One token of a line: not NUL-terminated. */
struct scan_tok {
	const char	*s;
	size_t		 n;
};

/* A "host:port" endpoint taken apart at its last colon. */
struct scan_hostport {
	const char	*host;		/* brackets removed */
	size_t		 hostlen;
	int		 bracketed;	/* the host was written "[...]" */
	int		 port;		/* -1: '*' or a service name */
	const char	*name;		/* the service name, or NULL */
	size_t		 namelen;
};

/* The classes of each byte, SCAN_* bits; 0 from 0x80 up. */
extern const unsigned char scan_class[256];

/* Up to max tokens separated by class cls; *rest after the last taken. */
size_t		 scan_split(const char *, size_t, int, struct scan_tok *,
		    size_t, const char **);
/* The next '\n'-ended line of a raw buffer; NULL at its end. */
const char	*scan_line(const char **, const char *, size_t *);
/* Bounded substring search, exact or ASCII case ignored. */
int		 scan_has(const char *, size_t, const char *);
int		 scan_casehas(const char *, size_t, const char *);
/* A whole first word, case ignored: "HKLM", then the end or sep. */
int		 scan_caseword(const char *, size_t, const char *, int);
/* A service name netstat or ss prints instead of a port number. */
int		 scan_servname(const char *, size_t);
/* A shell prompt captured before a command: "root@host:~# ". */
int		 scan_prompt(const char *, size_t);
/* "host:port" at the last colon; 0, or DIAG_BAD_ADDR/_PORT and *why. */
int		 scan_hostport(const char *, size_t, struct scan_hostport *,
		    const char **);

/*
 * The first of bytes c1 and c2 in s[0..n), or NULL: memchr() for the end
 * of a line, which is short, where a call costs more than the search.
 * 16 bytes at a time (SSE2), the last ones from the end of the range
 * backwards; nothing is read outside s[0..n).
 */
static inline const char *
scan_memchr2(const char *s, int c1, int c2, size_t n)
{
	size_t		 i = 0;
#ifdef __SSE2__
	__m128i		 a = _mm_set1_epi8((char)c1);
	__m128i		 b = _mm_set1_epi8((char)c2);
	__m128i		 v;
	unsigned	 m;

	if (n >= 16) {
		for (; i + 16 <= n; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(s + i));
			if ((m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)))) != 0)
				return (s + i + __builtin_ctz(m));
		}
		if (i == n)
			return (NULL);
		v = _mm_loadu_si128((const __m128i *)(s + n - 16));
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, a), _mm_cmpeq_epi8(v, b)));
		m >>= 16 - (n - i);
		return (m != 0 ? s + i + __builtin_ctz(m) : NULL);
	}
#endif
	for (; i < n; i++)
		if (s[i] == (char)c1 || s[i] == (char)c2)
			return (s + i);
	return (NULL);
}

/* The first byte c in s[0..n), or NULL: scan_memchr2() for one byte. */
static inline const char *
scan_memchr(const char *s, int c, size_t n)
{
	return (scan_memchr2(s, c, c, n));
}

/* Whether byte c is in any of the classes cls. */
static inline int
scan_isclass(int c, int cls)
{
	return ((scan_class[(unsigned char)c] & cls) != 0);
}

/* Whether byte c is a blank of a line (SCAN_SPACE). */
static inline int
scan_isspace(int c)
{
	return (scan_isclass(c, SCAN_SPACE));
}

/* Whether byte c is an ASCII digit. */
static inline int
scan_isdigit(int c)
{
	return (scan_isclass(c, SCAN_DIGIT));
}

/* Whether byte c is an ASCII letter. */
static inline int
scan_isalpha(int c)
{
	return (scan_isclass(c, SCAN_ALPHA));
}

/* Whether byte c is an ASCII letter or digit. */
static inline int
scan_isalnum(int c)
{
	return (scan_isclass(c, SCAN_ALNUM));
}

/* Whether byte c is a hex digit, either case. */
static inline int
scan_isxdigit(int c)
{
	return (scan_isclass(c, SCAN_XDIGIT));
}

/* Byte c with A-Z lowered and nothing else changed. */
static inline int
scan_tolower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* The value of hex digit c, or -1 when it is none. */
static inline int
scan_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Whether s[0..n) is word; most words differ from the first byte. */
static inline int
scan_eq(const char *s, size_t n, const char *word)
{
	if (n == 0)
		return (word[0] == '\0');
	return (word[0] == s[0] && strlen(word) == n &&
	    memcmp(s + 1, word + 1, n - 1) == 0);
}

/* Whether s[0..n) is word, ASCII case ignored. */
static inline int
scan_caseeq(const char *s, size_t n, const char *word)
{
	return (strlen(word) == n && util_strncasecmp_ascii(s, word, n) == 0);
}

/* Whether s[0..n) starts with pfx; most lines differ from the first byte. */
static inline int
scan_prefix(const char *s, size_t n, const char *pfx)
{
	size_t	 m = strlen(pfx);

	if (m == 0)
		return (1);
	return (n >= m && s[0] == pfx[0] && memcmp(s, pfx, m) == 0);
}

/* Whether s[0..n) starts with pfx, ASCII case ignored. */
static inline int
scan_caseprefix(const char *s, size_t n, const char *pfx)
{
	size_t	 m = strlen(pfx);

	return (n >= m && util_strncasecmp_ascii(s, pfx, m) == 0);
}

/* Whether token t is word. */
static inline int
scan_tok_is(const struct scan_tok *t, const char *word)
{
	return (scan_eq(t->s, t->n, word));
}

/* Whether s[0..n) is one or more ASCII digits and nothing else. */
static inline int
scan_digits(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0)
		return (0);
	for (i = 0; i < n; i++)
		if (!scan_isdigit(s[i]))
			return (0);
	return (1);
}

/* How many bytes of the classes cls s[0..n) starts with. */
static inline size_t
scan_span(const char *s, size_t n, int cls)
{
	const char	*p = s, *e = s + n;

	while (p < e && scan_isclass(*p, cls))
		p++;
	return (p - s);
}

/* How many bytes of the classes cls s[0..n) ends with. */
static inline size_t
scan_rspan(const char *s, size_t n, int cls)
{
	size_t	 i = n;

	while (i > 0 && scan_isclass(s[i - 1], cls))
		i--;
	return (n - i);
}

/* s[0..*n) without the bytes of the classes cls at both ends. */
static inline const char *
scan_trim(const char *s, size_t *n, int cls)
{
	size_t	 lead = scan_span(s, *n, cls);

	s += lead;
	*n -= lead;
	*n -= scan_rspan(s, *n, cls);
	return (s);
}

/*
 * Write code point cp as UTF-8 to out (room for 4 bytes), U+FFFD for a
 * surrogate or a value past U+10FFFF.  Returns the number of bytes.
 */
static inline size_t
scan_utf8(unsigned long cp, unsigned char *out)
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		out[0] = cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = 0xc0 | (cp >> 6);
		out[1] = 0x80 | (cp & 0x3f);
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = 0xe0 | (cp >> 12);
		out[1] = 0x80 | ((cp >> 6) & 0x3f);
		out[2] = 0x80 | (cp & 0x3f);
		return (3);
	}
	out[0] = 0xf0 | (cp >> 18);
	out[1] = 0x80 | ((cp >> 12) & 0x3f);
	out[2] = 0x80 | ((cp >> 6) & 0x3f);
	out[3] = 0x80 | (cp & 0x3f);
	return (4);
}

#endif /* SCAN_H */
