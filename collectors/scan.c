/*
 * The collectors' shared lexical helpers (see scan.h): the ASCII class
 * table, token splitting, bounded substring search, service names, shell
 * prompts and "host:port" endpoints.  Nothing here knows a dialect; a
 * collector decides what its lines mean.
 */
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "portaudit.h"
#include "scan.h"

#define SP	(SCAN_SPACE | SCAN_HSPACE | SCAN_BLANK)	/* ' ' \t */
#define VF	(SCAN_SPACE | SCAN_HSPACE)		/* \v \f */
#define CR	SCAN_SPACE				/* \r */
#define NU	SCAN_NUL
#define DI	SCAN_DIGIT
#define UX	(SCAN_UPPER | SCAN_HEXALPHA)		/* A-F */
#define UP	SCAN_UPPER
#define LX	(SCAN_LOWER | SCAN_HEXALPHA)		/* a-f */
#define LO	SCAN_LOWER

const unsigned char scan_class[256] = {
	NU, 0,  0,  0,  0,  0,  0,  0,  0,  SP, 0,  VF, VF, CR, 0,  0,
	0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	SP, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	DI, DI, DI, DI, DI, DI, DI, DI, DI, DI, 0,  0,  0,  0,  0,  0,
	0,  UX, UX, UX, UX, UX, UX, UP, UP, UP, UP, UP, UP, UP, UP, UP,
	UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, 0,  0,  0,  0,  0,
	0,  LX, LX, LX, LX, LX, LX, LO, LO, LO, LO, LO, LO, LO, LO, LO,
	LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, 0,  0,  0,  0,  0
	/* 0x80 and above: in no class */
};

#undef SP
#undef VF
#undef CR
#undef NU
#undef DI
#undef UX
#undef UP
#undef LX
#undef LO

#define SCAN_BLANKS	(SCAN_SPACE | SCAN_HSPACE | SCAN_BLANK | SCAN_NUL)

/*
 * The separators of a split: the bytes of the blank classes asked for
 * (SCAN_BLANKS: all below 0x21), six of them at most, repeated to fill.
 */
struct scan_seps {
	int		 cls;
#ifdef __SSE2__
	__m128i		 c[6];
#endif
};

static void
scan_seps_init(struct scan_seps *sp, int cls)
{
#ifdef __SSE2__
	char	 v[6];
	size_t	 k = 0, j;

	if (cls & (SCAN_SPACE | SCAN_HSPACE | SCAN_BLANK)) {
		v[k++] = ' ';
		v[k++] = '\t';
	}
	if (cls & (SCAN_SPACE | SCAN_HSPACE)) {
		v[k++] = '\v';
		v[k++] = '\f';
	}
	if (cls & SCAN_SPACE)
		v[k++] = '\r';
	if (cls & SCAN_NUL)
		v[k++] = '\0';
	for (j = 0; j < 6; j++)
		sp->c[j] = _mm_set1_epi8(v[j < k ? j : 0]);
#endif
	sp->cls = cls;
}

/*
 * Bit k set when s[i + k] (k < 16) is a separator, or lies past n.  The
 * last bytes of a line of 16 bytes or more come from a load of its last
 * 16, shifted; a shorter line is tested byte by byte: nothing is read
 * outside s[0..n).
 */
static inline unsigned
scan_mask16(const char *s, size_t n, size_t i, const struct scan_seps *sp)
{
	unsigned	 m = 0;
	size_t		 k, len = n - i;
#ifdef __SSE2__
	__m128i		 v, e;
	size_t		 back;

	if (len >= 16 || n >= 16) {
		back = len >= 16 ? 0 : 16 - len;
		v = _mm_loadu_si128((const __m128i *)(s + i - back));
		e = _mm_or_si128(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, sp->c[0]),
		    _mm_cmpeq_epi8(v, sp->c[1])),
		    _mm_or_si128(_mm_cmpeq_epi8(v, sp->c[2]),
		    _mm_cmpeq_epi8(v, sp->c[3]))),
		    _mm_or_si128(_mm_cmpeq_epi8(v, sp->c[4]),
		    _mm_cmpeq_epi8(v, sp->c[5])));
		m = (unsigned)_mm_movemask_epi8(e) >> back;
		return (back > 0 ? (m | (~0U << len)) & 0xffff : m);
	}
#endif
	if (len > 16)
		len = 16;
	for (k = 0; k < len; k++)
		if (scan_isclass(s[i + k], sp->cls))
			m |= 1U << k;
	return ((m | (~0U << len)) & 0xffff);
}

/*
 * The separators of the 32 bytes from s[i] as bits, so that scan_split()
 * finds where tokens start and end with a count of trailing zeros instead
 * of a test per byte.
 */
static inline uint32_t
scan_window(const char *s, size_t n, size_t i, const struct scan_seps *sp)
{
	return (scan_mask16(s, n, i, sp) | (i + 16 < n ?
	    scan_mask16(s, n, i + 16, sp) : 0xffff) << 16);
}

/*
 * scan_split() of a line shorter than 128 bytes: the separators of the
 * whole line in two words, then the starts of tokens (a byte that is no
 * separator after one that is) and their ends (the reverse) taken in
 * turn, a count of trailing zeros each.  Bits past n are separators, so
 * the last token ends at n.
 */
static size_t
scan_split_short(const char *s, size_t n, const struct scan_seps *sp,
    struct scan_tok *t, size_t max, const char **rest)
{
	uint64_t	 sep[2], st[2], en[2];
	size_t		 nt = 0, ws = 0, we = 0, start, end;

#define SCAN_MASK_AT(b)							\
	((uint64_t)((b) < n ? scan_mask16(s, n, (b), sp) : 0xffff) <<	\
	((b) & 63))
	sep[0] = SCAN_MASK_AT(0) | SCAN_MASK_AT(16) | SCAN_MASK_AT(32) |
	    SCAN_MASK_AT(48);
	sep[1] = SCAN_MASK_AT(64) | SCAN_MASK_AT(80) | SCAN_MASK_AT(96) |
	    SCAN_MASK_AT(112);
#undef SCAN_MASK_AT
	st[0] = ~sep[0] & ((sep[0] << 1) | 1);
	st[1] = ~sep[1] & ((sep[1] << 1) | (sep[0] >> 63));
	en[0] = sep[0] & ~((sep[0] << 1) | 1);
	en[1] = sep[1] & ~((sep[1] << 1) | (sep[0] >> 63));
	while (nt < max) {
		while (ws < 2 && st[ws] == 0)
			ws++;
		if (ws == 2)
			break;
		start = ws * 64 + __builtin_ctzll(st[ws]);
		st[ws] &= st[ws] - 1;
		while (en[we] == 0)
			we++;
		end = we * 64 + __builtin_ctzll(en[we]);
		en[we] &= en[we] - 1;
		t[nt].s = s + start;
		t[nt].n = end - start;
		nt++;
		if (rest != NULL)
			*rest = s + end;
	}
	return (nt);
}

/* scan_split() for classes other than blanks: a test per byte. */
static size_t
scan_split_bytes(const char *s, size_t n, int cls, struct scan_tok *t,
    size_t max, const char **rest)
{
	size_t	 i = 0, start, nt = 0;

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
		if (rest != NULL)
			*rest = s + i;
	}
	return (nt);
}

/*
 * Split up to max tokens, separated by bytes of the classes cls, off
 * s[0..n); the rest of a longer line is left alone.  *rest, when rest is
 * not NULL, points just after the last token taken (at s when none was).
 * Returns the number of tokens taken.
 */
size_t
scan_split(const char *s, size_t n, int cls, struct scan_tok *t, size_t max,
    const char **rest)
{
	/* The separators of the classes split by last, on this thread. */
	static _Thread_local struct scan_seps sp;
	uint32_t	 m, x;
	size_t		 i = 0, base = 0, start, nt = 0;

	if (rest != NULL)
		*rest = s;
	if (cls == 0 || (cls & ~SCAN_BLANKS) != 0)
		return (scan_split_bytes(s, n, cls, t, max, rest));
	if (max == 0 || n == 0)
		return (0);
	if (sp.cls != cls)
		scan_seps_init(&sp, cls);
	/* A whole line at once; a token or three (sniffers) by windows. */
	if (n < 128 && max > 3)
		return (scan_split_short(s, n, &sp, t, max, rest));
	m = scan_window(s, n, 0, &sp);
	while (nt < max) {
		/* The next byte that is no separator. */
		for (;;) {
			if (i >= n)
				return (nt);
			if (i - base >= 32)
				m = scan_window(s, n, base = i & ~(size_t)31,
				    &sp);
			if ((x = ~m >> (i - base)) != 0) {
				i += __builtin_ctz(x);
				break;
			}
			i = base + 32;
		}
		/* The next separator, or the end. */
		start = i;
		for (;;) {
			if (i - base >= 32)
				m = scan_window(s, n, base = i & ~(size_t)31,
				    &sp);
			if ((x = m >> (i - base)) != 0) {
				i += __builtin_ctz(x);
				break;
			}
			i = base + 32;
		}
		t[nt].s = s + start;
		t[nt].n = i - start;
		nt++;
		if (rest != NULL)
			*rest = s + i;
	}
	return (nt);
}

/*
 * The line at *pos of a buffer ending at end, without its '\n', for a
 * sniffer's walk over raw bytes; *pos moves past it.  NULL at the end.
 */
const char *
scan_line(const char **pos, const char *end, size_t *n)
{
	const char	*s = *pos, *nl;

	if (s >= end)
		return (NULL);
	if ((nl = scan_memchr(s, '\n', end - s)) == NULL)
		nl = end;
	*n = nl - s;
	*pos = nl < end ? nl + 1 : end;
	return (s);
}

/*
 * Whether needle occurs in s[0..n).  Sniffers ask this of short lines,
 * where memmem()'s setup costs more than the search: memchr() finds each
 * place the first byte is, memcmp() checks the rest there.
 */
int
scan_has(const char *s, size_t n, const char *needle)
{
	const char	*p, *end;
	size_t		 m = strlen(needle);

	if (m == 0)
		return (1);
	if (m > n)
		return (0);
	end = s + n - m + 1;
	for (p = s; (p = memchr(p, needle[0], end - p)) != NULL; p++)
		if (memcmp(p + 1, needle + 1, m - 1) == 0)
			return (1);
	return (0);
}

/* Whether needle occurs in s[0..n), ASCII case ignored. */
int
scan_casehas(const char *s, size_t n, const char *needle)
{
	size_t		 i, m = strlen(needle);
	unsigned char	 lo, up;

	if (m == 0)
		return (1);
	/* Compare only where the first byte matches in either case. */
	lo = up = (unsigned char)needle[0];
	if (lo >= 'A' && lo <= 'Z')
		lo += 'a' - 'A';
	if (up >= 'a' && up <= 'z')
		up -= 'a' - 'A';
	for (i = 0; i + m <= n; i++)
		if (((unsigned char)s[i] == lo || (unsigned char)s[i] == up) &&
		    util_strncasecmp_ascii(s + i + 1, needle + 1, m - 1) == 0)
			return (1);
	return (0);
}

/*
 * Whether s[0..n) starts with the whole word word, ASCII case ignored:
 * word, then the end or the separator sep ("HKLM" and "hklm\Software",
 * not "HKLMX", begin with the word HKLM and separator '\\').
 */
int
scan_caseword(const char *s, size_t n, const char *word, int sep)
{
	size_t	 m = strlen(word);

	return (scan_caseprefix(s, n, word) && (n == m || s[m] == sep));
}

/*
 * Whether s[0..n) is a service name as /etc/services spells them and
 * netstat or ss print them instead of a port: "https", "xmpp-client".
 */
int
scan_servname(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || !scan_isalnum(s[0]))
		return (0);
	for (i = 1; i < n; i++)
		if (!scan_isalnum(s[i]) && s[i] != '-' && s[i] != '_' &&
		    s[i] != '+' && s[i] != '/')
			return (0);
	return (1);
}

/*
 * Whether s[0..n) starts with a shell prompt captured with the output:
 * "user@host:~$ netstat -an", "[root@host ~]# ss", "$ ss", "bash-5.1$",
 * "me@host% netstat".  At most one blank comes before the prompt character,
 * which ends the prompt; '%' and '>' only after a user@host or path-like
 * prefix.
 */
int
scan_prompt(const char *s, size_t n)
{
	size_t	 i, blanks = 0;
	int	 hostish = 0;

	for (i = 0; i < n && i < 256; i++) {
		if (s[i] == '$' || s[i] == '#' || s[i] == '>' ||
		    s[i] == '%') {
			if (i + 1 < n && s[i + 1] != ' ')
				return (0);
			if ((s[i] == '%' || s[i] == '>') && i > 0 && !hostish)
				return (0);
			return (1);
		}
		if (s[i] == '@' || s[i] == ':' || s[i] == '~' || s[i] == ']')
			hostish = 1;
		if (s[i] == ' ' && ++blanks > 1)
			return (0);
	}
	return (0);
}

/*
 * Take "host:port" apart at the last colon, as netstat and ss print it
 * ("0.0.0.0:22", "[::]:http", ":::*", "fe80::1%eth0:123"): the host loses
 * its brackets, the port is a number, '*' or a service name.  Returns 0,
 * or DIAG_BAD_ADDR or DIAG_BAD_PORT with *why set.
 */
int
scan_hostport(const char *s, size_t n, struct scan_hostport *hp,
    const char **why)
{
	const char	*colon, *ps;
	size_t		 pn;

	memset(hp, 0, sizeof(*hp));
	hp->port = -1;
	if ((colon = memrchr(s, ':', n)) == NULL) {
		*why = "no port separator";
		return (DIAG_BAD_ADDR);
	}
	ps = colon + 1;
	pn = s + n - ps;
	hp->host = s;
	hp->hostlen = colon - s;
	if (hp->hostlen >= 2 && s[0] == '[' && s[hp->hostlen - 1] == ']') {
		hp->host++;
		hp->hostlen -= 2;
		hp->bracketed = 1;
	}
	if (pn == 1 && *ps == '*')
		return (0);
	if (scan_digits(ps, pn) || (pn > 0 && (*ps == '-' || *ps == '+')))
		return (util_parse_port(ps, pn, &hp->port, why) == -1 ?
		    DIAG_BAD_PORT : 0);
	if (!scan_servname(ps, pn)) {
		*why = pn == 0 ? "empty port" : "not a port or service name";
		return (DIAG_BAD_PORT);
	}
	hp->name = ps;
	hp->namelen = pn;
	return (0);
}
