/*
 * ranges_netsh: the Windows port ranges as netsh prints them (port-facts.md
 * 3.1): "netsh int ipv4|ipv6 show dynamicport tcp|udp" gives the dynamic
 * (ephemeral) range as a start port and a number of ports, and "netsh int
 * ipv4 show excludedportrange protocol=tcp|udp" lists excluded ranges, one
 * row of two integers each, with a "*" on administered exclusions.
 *
 * Windows translates every label and prints it in the OEM code page, so
 * lines are recognised by their shape, never by their words: a title line
 * holding the word tcp or udp sets the protocol; a pair of "label : number"
 * lines gives the start and the count of the dynamic range (the record
 * sits on the count line); a row of two integers is an exclusion.
 * Collection scripts put several blocks in one file, each after its echoed
 * command line ("C:\> netsh int ipv6 show dynamicport udp"), which tells
 * the address family the output itself never states.  Without such a line
 * the family is left null.
 */
#include <stdio.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define RANGES_NETSH_SNIFF	16384	/* bytes the sniffer looks at */
/* "port" in Chinese */
#define RANGES_NETSH_ZH_PORT	"\xe7\xab\xaf\xe5\x8f\xa3"

struct ranges_netsh_state {
	enum proto	 proto;		/* of the current block */
	enum family	 family;	/* from the echoed command */
	int		 cmd_fresh;	/* command seen, no title yet */
	int		 in_block;	/* title or command seen */
	int		 after_dashes;	/* dashed line seen in block */
	int		 have_start;	/* start line waits for count */
	unsigned	 start_line;
	unsigned long long start;
};

/* Next run of ASCII letters and digits in [*s, end); 0 at the end. */
static int
ranges_netsh_word(const char **s, const char *end, const char **w,
    size_t *wn)
{
	const char	*p = *s;

	while (p < end && !scan_isalnum(*p))
		p++;
	if (p == end)
		return (0);
	*w = p;
	p += scan_span(p, end - p, SCAN_ALNUM);
	*wn = p - *w;
	*s = p;
	return (1);
}

static int
ranges_netsh_hasdigit(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (scan_isdigit(s[i]))
			return (1);
	return (0);
}

/* The first word tcp or udp in s[0..n). */
static enum proto
ranges_netsh_proto(const char *s, size_t n)
{
	const char	*end = s + n, *w;
	size_t		 wn;

	while (ranges_netsh_word(&s, end, &w, &wn)) {
		if (scan_caseeq(w, wn, "tcp"))
			return (PROTO_TCP);
		if (scan_caseeq(w, wn, "udp"))
			return (PROTO_UDP);
	}
	return (PROTO_NONE);
}

/* A start line never followed by its count: say so on that line. */
static void
ranges_netsh_flush(struct parse *p, struct ranges_netsh_state *st)
{
	if (st->have_start)
		diag(p->in, st->start_line, DIAG_BAD_RANGE,
		    "start port %llu without a number of ports", st->start);
	st->have_start = 0;
}

/* The command a record came from, as one would type it again. */
static const char *
ranges_netsh_setting(struct parse *p, struct ranges_netsh_state *st,
    int excluded)
{
	char		 buf[96];
	const char	*fam, *proto;
	int		 n;

	fam = st->family == FAM_IPV4 ? "int ipv4 " :
	    st->family == FAM_IPV6 ? "int ipv6 " : "";
	proto = st->proto == PROTO_TCP ? "tcp" :
	    st->proto == PROTO_UDP ? "udp" : "";
	if (excluded)
		n = snprintf(buf, sizeof(buf),
		    "netsh %sshow excludedportrange%s%s", fam,
		    *proto != '\0' ? " protocol=" : "", proto);
	else
		n = snprintf(buf, sizeof(buf), "netsh %sshow dynamicport%s%s",
		    fam, *proto != '\0' ? " " : "", proto);
	return (parse_intern(p, buf, (size_t)n));
}

/* What comes before '>' in a prompt: nothing, "C:..." or "PS ...". */
static int
ranges_netsh_isprompt(const char *s, size_t n)
{
	if (n == 0)
		return (1);
	if (n >= 2 && s[1] == ':' && scan_isalpha(s[0]))
		return (1);
	return (scan_prefix(s, n, "PS "));
}

/*
 * An echoed command line: "netsh ...", or a prompt ending in '>' and then
 * "netsh ..." ("C:\> netsh", "PS C:\Users\x> netsh", "> netsh"); a bare
 * prompt is known too.  The command's words give family and protocol.
 */
static int
ranges_netsh_command(struct parse *p, struct ranges_netsh_state *st,
    const char *s, size_t n)
{
	const char	*gt, *end, *w;
	size_t		 wn;

	if ((gt = memchr(s, '>', n)) != NULL) {
		if (!ranges_netsh_isprompt(s, gt - s))
			return (0);
		n -= gt + 1 - s;
		s = scan_trim(gt + 1, &n, SCAN_HSPACE);
		if (n == 0) {
			parse_known(p);
			return (1);
		}
	}
	end = s + n;
	if (!scan_caseprefix(s, n, "netsh") ||
	    (n > 5 && !scan_isclass(s[5], SCAN_HSPACE)))
		return (0);
	ranges_netsh_flush(p, st);
	st->family = FAM_NONE;
	st->proto = PROTO_NONE;
	s += 5;
	while (ranges_netsh_word(&s, end, &w, &wn)) {
		if (scan_caseeq(w, wn, "ipv4") ||
		    scan_caseeq(w, wn, "ip"))
			st->family = FAM_IPV4;
		else if (scan_caseeq(w, wn, "ipv6"))
			st->family = FAM_IPV6;
		else if (st->proto == PROTO_NONE)
			st->proto = ranges_netsh_proto(w, wn);
	}
	st->cmd_fresh = st->in_block = 1;
	st->after_dashes = 0;
	parse_known(p);
	return (1);
}

/* A line of dashes (one run or one per column). */
static int
ranges_netsh_isdashes(const char *s, size_t n)
{
	size_t	 i, dashes = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dashes++;
		else if (!scan_isclass(s[i], SCAN_HSPACE))
			return (0);
	}
	return (dashes >= 3);
}

/*
 * Split a row into blank-separated tokens: numbers ("-" allowed so that
 * negative values are reported, not ignored) and at most one trailing "*".
 * Returns the count of numbers, or -1 when another token occurs.
 */
static int
ranges_netsh_rowsplit(const char *s, size_t n, const char **num,
    size_t *numlen, int *star)
{
	struct scan_tok	 t;
	const char	*end = s + n;
	size_t		 i;
	int		 count = 0;

	*star = 0;
	while (scan_split(s, end - s, SCAN_HSPACE, &t, 1, &s) == 1) {
		if (*star)
			return (-1);	/* something after the '*' */
		if (t.n == 1 && *t.s == '*') {
			*star = 1;
			continue;
		}
		i = *t.s == '-' ? 1 : 0;
		if (!scan_digits(t.s + i, t.n - i))
			return (-1);
		if (count < 2) {
			num[count] = t.s;
			numlen[count] = t.n;
		}
		count++;
	}
	return (count);
}

/* "first  last  [*]": an excluded range.  0 when not a row at all. */
static int
ranges_netsh_row(struct parse *p, struct ranges_netsh_state *st,
    const char *s, size_t n)
{
	struct record	*r;
	const char	*num[2], *errstr;
	size_t		 numlen[2];
	int		 count, star, first, last;

	if ((count = ranges_netsh_rowsplit(s, n, num, numlen, &star)) <= 0)
		return (0);
	if (count == 1)
		parse_unparsed(p, DIAG_LINE_SHORT,
		    "exclusion row needs a start and an end port");
	else if (count > 2)
		parse_unparsed(p, DIAG_BAD_RANGE,
		    "%d numbers in an exclusion row", count);
	else if (util_parse_port(num[0], numlen[0], &first, &errstr) == -1 ||
	    util_parse_port(num[1], numlen[1], &last, &errstr) == -1)
		parse_unparsed(p, DIAG_BAD_RANGE, "%.*s %.*s: %s",
		    (int)(numlen[0] > 40 ? 40 : numlen[0]), num[0],
		    (int)(numlen[1] > 40 ? 40 : numlen[1]), num[1], errstr);
	else if (first > last)
		parse_unparsed(p, DIAG_BAD_RANGE, "%d > %d", first, last);
	else {
		r = rec_add(p, REC_RANGE);
		r->u.rng.what = RANGE_EXCLUDED;
		r->u.rng.proto = st->proto;
		r->u.rng.family = st->family;
		r->u.rng.first = first;
		r->u.rng.last = last;
		r->u.rng.setting = ranges_netsh_setting(p, st, 1);
		r->u.rng.administered = star;
	}
	return (1);
}

/* The count line: validate start and count, add the dynamic range. */
static void
ranges_netsh_dynamic(struct parse *p, struct ranges_netsh_state *st,
    unsigned long long num)
{
	struct record		*r;
	unsigned long long	 start = st->start;

	st->have_start = 0;
	if (start < 1 || start > 65535)
		parse_unparsed(p, DIAG_BAD_RANGE, "start port %llu", start);
	else if (num < 1)
		parse_unparsed(p, DIAG_BAD_RANGE, "no ports in the range");
	else if (num > 65535 || start + num - 1 > 65535)
		parse_unparsed(p, DIAG_BAD_RANGE,
		    "%llu ports from %llu go past 65535", num, start);
	else {
		r = rec_add(p, REC_RANGE);
		r->u.rng.what = RANGE_EPHEMERAL;
		r->u.rng.proto = st->proto;
		r->u.rng.family = st->family;
		r->u.rng.first = (int)start;
		r->u.rng.last = (int)(start + num - 1);
		r->u.rng.setting = ranges_netsh_setting(p, st, 0);
	}
}

/* Find the last colon, ASCII or full-width (U+FF1A); NULL when none. */
static const char *
ranges_netsh_colon(const char *s, size_t n, size_t *clen)
{
	size_t	 i;

	for (i = n; i > 0; i--) {
		if (s[i - 1] == ':') {
			*clen = 1;
			return (s + i - 1);
		}
		if (i >= 3 && memcmp(s + i - 3, "\xef\xbc\x9a", 3) == 0) {
			*clen = 3;
			return (s + i - 3);
		}
	}
	return (NULL);
}

/* The number of a "label : number" line; 0 when the line has another shape. */
static int
ranges_netsh_labelsplit(const char *s, size_t n, const char **v, size_t *vn)
{
	const char	*c;
	size_t		 clen, ln;

	if ((c = ranges_netsh_colon(s, n, &clen)) == NULL)
		return (0);
	ln = c - s;
	*vn = n - ln - clen;
	*v = scan_trim(c + clen, vn, SCAN_HSPACE);
	scan_trim(s, &ln, SCAN_HSPACE);
	return (ln > 0 && *vn > 0 &&
	    (scan_isdigit(**v) || **v == '-' ||
	    **v == '+'));
}

/*
 * "label : number": the first of a pair is the start port, the second
 * the number of ports.  0 when the line has another shape.
 */
static int
ranges_netsh_label(struct parse *p, struct ranges_netsh_state *st,
    const char *s, size_t n)
{
	const char		*v, *errstr;
	size_t			 vn;
	unsigned long long	 num;

	if (!ranges_netsh_labelsplit(s, n, &v, &vn))
		return (0);
	if (util_parse_ulong(v, vn, 0, &num, &errstr) == -1) {
		parse_unparsed(p, DIAG_BAD_NUMBER, "%.*s: %s",
		    (int)(vn > 40 ? 40 : vn), v, errstr);
		return (1);
	}
	if (!st->have_start) {
		st->have_start = 1;
		st->start = num;
		st->start_line = p->lineno;
		parse_known(p);
	} else
		ranges_netsh_dynamic(p, st, num);
	return (1);
}

/* "* - Administered port exclusions." in any language. */
static int
ranges_netsh_isfooter(const char *s, size_t n)
{
	if (n < 2 || s[0] != '*')
		return (0);
	n--;
	s = scan_trim(s + 1, &n, SCAN_HSPACE);
	return (n > 0 && s[0] == '-');
}

/* A title: the word tcp or udp and no digits. */
static int
ranges_netsh_title(struct parse *p, struct ranges_netsh_state *st,
    const char *s, size_t n)
{
	enum proto	 proto;

	if (ranges_netsh_hasdigit(s, n) ||
	    (proto = ranges_netsh_proto(s, n)) == PROTO_NONE)
		return (0);
	ranges_netsh_flush(p, st);
	st->proto = proto;
	if (!st->cmd_fresh)
		st->family = FAM_NONE;	/* a new block with no command */
	st->cmd_fresh = 0;
	st->in_block = 1;
	st->after_dashes = 0;
	parse_known(p);
	return (1);
}

/* Column headings: no digits, two groups of words two blanks apart. */
static int
ranges_netsh_isheader(const char *s, size_t n)
{
	size_t	 i;

	if (ranges_netsh_hasdigit(s, n))
		return (0);
	for (i = 1; i + 2 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ' && s[i - 1] != ' ')
			return (1);
	return (0);
}

static void
ranges_netsh_line(struct parse *p, struct ranges_netsh_state *st,
    const char *s, size_t n)
{
	s = scan_trim(s, &n, SCAN_HSPACE);
	if (n == 0) {
		parse_known(p);
		return;
	}
	if (ranges_netsh_command(p, st, s, n) ||
	    ranges_netsh_row(p, st, s, n) ||
	    ranges_netsh_label(p, st, s, n) ||
	    ranges_netsh_title(p, st, s, n))
		return;
	if (ranges_netsh_isdashes(s, n)) {
		st->after_dashes = 1;
		parse_known(p);
	} else if (ranges_netsh_isfooter(s, n) ||
	    scan_caseeq(s, n, "ok.") ||
	    (st->in_block && !st->after_dashes &&
	    ranges_netsh_isheader(s, n)))
		parse_known(p);
	else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, NULL);
}

static int
ranges_netsh_parse(struct parse *p)
{
	struct ranges_netsh_state	 st;
	char				*line;
	size_t				 len;

	memset(&st, 0, sizeof(st));
	while ((line = parse_next_line(p, &len)) != NULL)
		ranges_netsh_line(p, &st, line, len);
	ranges_netsh_flush(p, &st);
	return ((int)p->in->lines_unparsed);
}

/*
 * Shape alone, for languages the word list lacks: a dashed line followed
 * by a row of two integers, or a title naming tcp or udp, a dashed line and
 * a "label : number" line.
 */
static int
ranges_netsh_sniff_shape(const char *buf, size_t len)
{
	const char	*pos = buf, *end = buf + len, *s, *num[2], *v;
	size_t		 n, numlen[2], vn;
	int		 lines, star, dashes = 0, title = 0, wastitle = 0;

	for (lines = 0; lines < 400 && (s = scan_line(&pos, end, &n)) != NULL;
	    lines++) {
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n > 200) {
			dashes = title = wastitle = 0;
			continue;
		}
		if (dashes && (ranges_netsh_rowsplit(s, n, num, numlen,
		    &star) == 2 || (title &&
		    ranges_netsh_labelsplit(s, n, &v, &vn))))
			return (1);
		title = ranges_netsh_isdashes(s, n) && wastitle;
		dashes = ranges_netsh_isdashes(s, n);
		wastitle = !ranges_netsh_hasdigit(s, n) &&
		    ranges_netsh_proto(s, n) != PROTO_NONE;
	}
	return (0);
}

static int
ranges_netsh_sniff(const char *buf, size_t len)
{
	static const struct {
		const char	*needle;
		int		 score;
	} words[] = {
		{ "Dynamic Port Range", 95 },
		{ "Port Exclusion Ranges", 95 },
		{ "Administered port exclusions", 95 },
		{ "Plages d'exclusion de ports", 95 },
		{ "Exclusions de ports administr", 95 },
		{ "Plage de ports dynamiques", 95 },
		{ "Dynamischer Portbereich", 95 },
		{ "Portausschlussbereiche", 95 },
		/* zh-CN "port exclusion", "dynamic port" in UTF-8 */
		{ "\xe7\xab\xaf\xe5\x8f\xa3\xe6\x8e\x92\xe9\x99\xa4", 95 },
		{ "\xe5\x8a\xa8\xe6\x80\x81\xe7\xab\xaf\xe5\x8f\xa3", 95 },
		{ "show dynamicport", 90 },
		{ "show excludedportrange", 90 },
		{ "Number of Ports", 80 },
		{ "Anzahl der Ports", 80 },
		{ "Nombre de ports", 80 },
		{ "Start Port", 70 },
	};
	char	 low[RANGES_NETSH_SNIFF], word[64];
	size_t	 i, k;
	int	 best = 0, anchor;

	if (len > sizeof(low))
		len = sizeof(low);
	/* Every file is sniffed: fold the case once, then search for each
	 * word folded the same way (ASCII only, as scan_casehas()). */
	k = 0;
#ifdef __SSE2__
	for (; k + 16 <= len; k += 16) {
		__m128i	 v = _mm_loadu_si128((const __m128i *)(buf + k));
		__m128i	 up = _mm_and_si128(_mm_cmpgt_epi8(v,
		    _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v,
		    _mm_set1_epi8('Z' + 1)));

		_mm_storeu_si128((__m128i *)(low + k), _mm_or_si128(v,
		    _mm_and_si128(up, _mm_set1_epi8(0x20))));
	}
#endif
	for (; k < len; k++)
		low[k] = buf[k] >= 'A' && buf[k] <= 'Z' ? buf[k] + ('a' - 'A') :
		    buf[k];
	/* Most words hold "port" or its Chinese: where the bytes hold
	 * neither, such a word is not there, and no longer search is due. */
	anchor = memmem(low, len, "port", 4) != NULL ||
	    memmem(low, len, RANGES_NETSH_ZH_PORT, 6) != NULL;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (words[i].score <= best)
			continue;
		for (k = 0; words[i].needle[k] != '\0' && k < sizeof(word); k++)
			word[k] = words[i].needle[k] >= 'A' &&
			    words[i].needle[k] <= 'Z' ? words[i].needle[k] +
			    ('a' - 'A') : words[i].needle[k];
		if (!anchor && (memmem(word, k, "port", 4) != NULL ||
		    memmem(word, k, RANGES_NETSH_ZH_PORT, 6) != NULL))
			continue;
		if (memmem(low, len, word, k) != NULL)
			best = words[i].score;
	}
	if (best < 85 && ranges_netsh_sniff_shape(buf, len))
		best = 85;
	return (best);
}

/* netsh dynamic and excluded port ranges, any language. */
const struct collector collector_ranges_netsh = {
	"netsh", "ranges", "CP850",
	"netsh show dynamicport / excludedportrange output",
	ranges_netsh_sniff, ranges_netsh_parse, 0
};
