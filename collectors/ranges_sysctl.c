/*
 * ranges_sysctl: the Unix ephemeral and reserved port ranges as sysctl
 * prints them (port-facts.md 3.2, 3.3), and the raw procfs files.
 *
 * Linux: "net.ipv4.ip_local_port_range = 32768<TAB>60999" is the
 * ephemeral range for TCP and UDP over IPv4 and IPv6 alike (family null);
 * "net.ipv4.ip_local_reserved_ports = 8080,50000-50100" lists ports kept
 * out of automatic assignment.  BSD and macOS: "net.inet.ip.portrange.first:
 * 49152" and ".last" give the ephemeral range; the pair may come in any
 * order and the record sits on the line of the second one.  Only first/last
 * make a record: hifirst/hilast is the IP_PORTRANGE_HIGH range a socket
 * must ask for, and lowfirst/lowlast the reserved-port search, which runs
 * downwards by design (1023 to 600), so they are known lines, not ranges.
 * Every other "key = value" or "key: value" line, and sysctl.conf comments,
 * are known lines.  The same parser reads /etc/sysctl.conf.
 *
 * A raw /proc/sys/net/ipv4/ip_local_port_range is two integers alone and is
 * recognised by content.  A raw ip_local_reserved_ports file is a bare
 * comma list that content alone cannot tell from any other list, so it is
 * read as reserved ports only when the file is named ip_local_reserved_ports.
 */
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define RANGES_SYSCTL_RANGE	"net.ipv4.ip_local_port_range"
#define RANGES_SYSCTL_RESERVED	"net.ipv4.ip_local_reserved_ports"
#define RANGES_SYSCTL_BSD	"net.inet.ip.portrange."

struct ranges_sysctl_state {
	int		 content_seen;	/* a non-blank line came */
	int		 raw_reserved;	/* a raw reserved-ports file */
	int		 have[2];	/* BSD first, last seen */
	int		 port[2];
	unsigned	 line[2];
};

static int
ranges_sysctl_iskeychar(int c)
{
	return (scan_isalnum(c) || c == '_' || c == '.' || c == '/' ||
	    c == '%' || c == '-');
}

/* key[0..n) names want; '/' and '.' are the same separator. */
static int
ranges_sysctl_keyis(const char *key, size_t n, const char *want)
{
	size_t	 i;

	if (n != strlen(want))
		return (0);
	for (i = 0; i < n; i++)
		if (key[i] != want[i] && !(key[i] == '/' && want[i] == '.'))
			return (0);
	return (1);
}

/* Two records, TCP and UDP, for one line. */
static void
ranges_sysctl_emit(struct parse *p, enum rwhat what, int first, int last,
    const char *setting)
{
	struct record	*r;
	int		 i;

	for (i = 0; i < 2; i++) {
		r = rec_add(p, REC_RANGE);
		r->u.rng.what = what;
		r->u.rng.proto = i == 0 ? PROTO_TCP : PROTO_UDP;
		r->u.rng.family = FAM_NONE;
		r->u.rng.first = first;
		r->u.rng.last = last;
		r->u.rng.setting = parse_intern(p, setting, strlen(setting));
	}
}

/*
 * Split v[0..n) into exactly two blank-separated ports; 0, or -1 after
 * making the line unparsed.
 */
static int
ranges_sysctl_two(struct parse *p, const char *v, size_t n, int *first,
    int *last)
{
	struct scan_tok	 t;
	const char	*end = v + n, *errstr;
	int		 count = 0, port[2];

	while (scan_split(v, end - v, SCAN_HSPACE, &t, 1, &v) == 1) {
		if (count < 2 && util_parse_port(t.s, t.n, &port[count],
		    &errstr) == -1) {
			parse_unparsed(p, DIAG_BAD_PORT, "%.*s: %s",
			    (int)(t.n > 40 ? 40 : t.n), t.s, errstr);
			return (-1);
		}
		count++;
	}
	if (count != 2) {
		parse_unparsed(p, DIAG_BAD_RANGE, "want 2 values, found %d",
		    count);
		return (-1);
	}
	if (port[0] > port[1]) {
		parse_unparsed(p, DIAG_BAD_RANGE, "%d > %d", port[0], port[1]);
		return (-1);
	}
	*first = port[0];
	*last = port[1];
	return (0);
}

static void
ranges_sysctl_range(struct parse *p, const char *v, size_t n)
{
	int	 first, last;

	if (ranges_sysctl_two(p, v, n, &first, &last) == 0)
		ranges_sysctl_emit(p, RANGE_EPHEMERAL, first, last,
		    RANGES_SYSCTL_RANGE);
}

/* One item of a reserved list, "N" or "N-M"; 0 or -1 with *why set. */
static int
ranges_sysctl_item(const char *s, size_t n, int *first, int *last,
    const char **why)
{
	const char	*dash;

	s = scan_trim(s, &n, SCAN_HSPACE);
	if (n == 0) {
		*why = "empty item";
		return (-1);
	}
	dash = n > 1 ? memchr(s + 1, '-', n - 1) : NULL;
	if (dash == NULL) {
		if (util_parse_port(s, n, first, why) == -1)
			return (-1);
		*last = *first;
		return (0);
	}
	if (util_parse_port(s, dash - s, first, why) == -1 ||
	    util_parse_port(dash + 1, n - (dash + 1 - s), last, why) == -1)
		return (-1);
	if (*first > *last) {
		*why = "first port above last";
		return (-1);
	}
	return (0);
}

/* The 1-based number of the item that starts at s. */
static int
ranges_sysctl_itemno(const char *v, const char *s)
{
	int	 n = 1;

	for (; v < s; v++)
		n += *v == ',';
	return (n);
}

/*
 * "8080,9148,50000-50100": every item is checked first (the kernel takes
 * all or none), then each becomes a TCP and a UDP reserved range.
 */
static void
ranges_sysctl_reserved(struct parse *p, const char *v, size_t n)
{
	const char	*end = v + n, *s, *c, *why;
	int		 pass, first, last;

	if (n == 0) {
		parse_known(p);		/* empty: nothing reserved */
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		for (s = v; s <= end; s = c + 1) {
			if ((c = memchr(s, ',', end - s)) == NULL)
				c = end;
			if (ranges_sysctl_item(s, c - s, &first, &last,
			    &why) == -1) {
				parse_unparsed(p, DIAG_BAD_RANGE, "item %d: %s",
				    ranges_sysctl_itemno(v, s), why);
				return;
			}
			if (pass == 1)
				ranges_sysctl_emit(p, RANGE_RESERVED, first,
				    last, RANGES_SYSCTL_RESERVED);
		}
	}
}

/* A BSD first or last that never met its partner. */
static void
ranges_sysctl_lone(struct parse *p, struct ranges_sysctl_state *st, int i)
{
	if (st->have[i])
		diag(p->in, st->line[i], DIAG_BAD_RANGE,
		    RANGES_SYSCTL_BSD "%s without .%s", i == 0 ? "first" :
		    "last", i == 0 ? "last" : "first");
	st->have[i] = 0;
}

/* net.inet.ip.portrange.first (i 0) or .last (i 1). */
static void
ranges_sysctl_bsd(struct parse *p, struct ranges_sysctl_state *st, int i,
    const char *v, size_t n)
{
	const char	*errstr;
	int		 port;

	if (util_parse_port(v, n, &port, &errstr) == -1) {
		parse_unparsed(p, DIAG_BAD_PORT, "%.*s: %s",
		    (int)(n > 40 ? 40 : n), v, errstr);
		return;
	}
	ranges_sysctl_lone(p, st, i);	/* a second one replaces it */
	st->have[i] = 1;
	st->port[i] = port;
	st->line[i] = p->lineno;
	if (!st->have[1 - i]) {
		parse_known(p);
		return;
	}
	st->have[0] = st->have[1] = 0;
	if (st->port[0] > st->port[1])
		parse_unparsed(p, DIAG_BAD_RANGE, "first %d > last %d",
		    st->port[0], st->port[1]);
	else
		ranges_sysctl_emit(p, RANGE_EPHEMERAL, st->port[0],
		    st->port[1], RANGES_SYSCTL_BSD "first/last");
}

/* A value that must be a port but makes no record. */
static void
ranges_sysctl_portval(struct parse *p, const char *v, size_t n)
{
	const char	*errstr;
	int		 port;

	if (util_parse_port(v, n, &port, &errstr) == -1)
		parse_unparsed(p, DIAG_BAD_PORT, "%.*s: %s",
		    (int)(n > 40 ? 40 : n), v, errstr);
	else
		parse_known(p);
}

static void
ranges_sysctl_keyval(struct parse *p, struct ranges_sysctl_state *st,
    const char *k, size_t kn, const char *v, size_t vn)
{
	size_t	 bn = strlen(RANGES_SYSCTL_BSD);

	if (ranges_sysctl_keyis(k, kn, RANGES_SYSCTL_RANGE))
		ranges_sysctl_range(p, v, vn);
	else if (ranges_sysctl_keyis(k, kn, RANGES_SYSCTL_RESERVED))
		ranges_sysctl_reserved(p, v, vn);
	else if (ranges_sysctl_keyis(k, kn,
	    "net.ipv4.ip_unprivileged_port_start"))
		ranges_sysctl_portval(p, v, vn);
	else if (kn > bn && ranges_sysctl_keyis(k, bn, RANGES_SYSCTL_BSD)) {
		k += bn;
		kn -= bn;
		if (ranges_sysctl_keyis(k, kn, "first"))
			ranges_sysctl_bsd(p, st, 0, v, vn);
		else if (ranges_sysctl_keyis(k, kn, "last"))
			ranges_sysctl_bsd(p, st, 1, v, vn);
		else if (ranges_sysctl_keyis(k, kn, "hifirst") ||
		    ranges_sysctl_keyis(k, kn, "hilast") ||
		    ranges_sysctl_keyis(k, kn, "lowfirst") ||
		    ranges_sysctl_keyis(k, kn, "lowlast"))
			ranges_sysctl_portval(p, v, vn);
		else
			parse_known(p);	/* randomized, reservedhigh */
	} else
		parse_known(p);
}

/*
 * "key = value" (Linux, sysctl.conf) or "key: value" (BSD, macOS).  The
 * key starts with a letter and holds a dot or slash.  0 when the line has
 * another shape.
 */
static int
ranges_sysctl_split(const char *s, size_t n, const char **k, size_t *kn,
    const char **v, size_t *vn)
{
	size_t	 i = 0, dots = 0;

	if (n == 0 || !scan_isalpha(s[0]))
		return (0);
	for (; i < n && ranges_sysctl_iskeychar((unsigned char)s[i]); i++)
		dots += s[i] == '.' || s[i] == '/';
	*k = s;
	*kn = i;
	i += scan_span(s + i, n - i, SCAN_HSPACE);
	if (dots == 0 || i == n || (s[i] != '=' && s[i] != ':'))
		return (0);
	i++;
	*vn = n - i;
	*v = scan_trim(s + i, vn, SCAN_HSPACE);
	return (1);
}

/* Only digits, commas and dashes: a bare reserved-ports list. */
static int
ranges_sysctl_islist(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!scan_isclass(s[i], SCAN_DIGIT | SCAN_HSPACE) &&
		    s[i] != ',' && s[i] != '-')
			return (0);
	return (n > 0);
}

/* Two numbers and nothing else (a raw ip_local_port_range). */
static int
ranges_sysctl_istwo(const char *s, size_t n)
{
	size_t	 i, groups = 0;

	for (i = 0; i < n; i++) {
		if (scan_isdigit(s[i]) || (s[i] == '-' && (i == 0 ||
		    scan_isclass(s[i - 1], SCAN_HSPACE)))) {
			if (i == 0 || scan_isclass(s[i - 1], SCAN_HSPACE))
				groups++;
		} else if (!scan_isclass(s[i], SCAN_HSPACE))
			return (0);
	}
	return (groups == 2);
}

static void
ranges_sysctl_line(struct parse *p, struct ranges_sysctl_state *st,
    const char *s, size_t n)
{
	const char	*k, *v;
	size_t		 kn, vn;
	int		 first;

	s = scan_trim(s, &n, SCAN_HSPACE);
	first = !st->content_seen;
	if (n == 0) {
		parse_known(p);
		return;
	}
	st->content_seen = 1;
	if (s[0] == '#' || s[0] == ';' || (n > 8 &&
	    memcmp(s, "sysctl: ", 8) == 0))
		parse_known(p);		/* comment, or sysctl: error */
	else if (first && st->raw_reserved && ranges_sysctl_islist(s, n))
		ranges_sysctl_reserved(p, s, n);
	else if (first && ranges_sysctl_istwo(s, n))
		ranges_sysctl_range(p, s, n);
	else if (ranges_sysctl_split(s, n, &k, &kn, &v, &vn))
		ranges_sysctl_keyval(p, st, k, kn, v, vn);
	else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, NULL);
}

static int
ranges_sysctl_parse(struct parse *p)
{
	struct ranges_sysctl_state	 st;
	char				*line;
	size_t				 len;

	memset(&st, 0, sizeof(st));
	st.raw_reserved = p->in->path != NULL && strcmp(util_basename(
	    p->in->path), "ip_local_reserved_ports") == 0;
	while ((line = parse_next_line(p, &len)) != NULL)
		ranges_sysctl_line(p, &st, line, len);
	ranges_sysctl_lone(p, &st, 0);
	ranges_sysctl_lone(p, &st, 1);
	return ((int)p->in->lines_unparsed);
}

/*
 * Does buf[0..len) hold a line starting with a Linux or BSD key?  Every
 * file is sniffed, and this look has no line limit: it goes from one 'n'
 * to the next (most text has few) rather than from line to line.
 */
static int
ranges_sysctl_sniff_key(const char *buf, size_t len)
{
	const char	*s = buf, *end = buf + len;

	for (; (s = memchr(s, 'n', end - s)) != NULL; s++)
		if ((s == buf || s[-1] == '\n') &&
		    (scan_prefix(s, end - s, "net.ipv4.") ||
		    scan_prefix(s, end - s, RANGES_SYSCTL_BSD)))
			return (1);
	return (0);
}

/* Score the share of "a.b = v" / "a.b: v" lines among the first lines. */
static int
ranges_sysctl_sniff_generic(const char *buf, size_t len)
{
	const char	*s = buf, *end = buf + len, *nl, *k, *v;
	size_t		 n, kn, vn;
	int		 lines = 0, kv = 0;

	while (s < end && lines < 200) {
		if ((nl = memchr(s, '\n', end - s)) == NULL)
			break;		/* the last line may be cut */
		n = nl - s;
		s = scan_trim(s, &n, SCAN_HSPACE);
		if (n > 0 && s[0] != '#') {
			lines++;
			kv += ranges_sysctl_split(s, n, &k, &kn, &v, &vn);
		}
		s = nl + 1;
	}
	if (kv == 0)
		return (0);
	return (kv == lines ? 50 : kv * 2 >= lines ? 40 : 0);
}

static int
ranges_sysctl_sniff(const char *buf, size_t len)
{
	const char	*s;
	size_t		 n = len;

	if (ranges_sysctl_sniff_key(buf, len))
		return (90);
	if (len < 32) {
		s = scan_trim(buf, &n, SCAN_HSPACE);
		while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		if (ranges_sysctl_istwo(s, n) && memchr(s, '-', n) == NULL)
			return (60);
		if (ranges_sysctl_islist(s, n))
			return (20);	/* a raw reserved-ports list? */
	}
	return (ranges_sysctl_sniff_generic(buf, len));
}

/* sysctl and procfs ephemeral and reserved port ranges. */
const struct collector collector_ranges_sysctl = {
	"sysctl", "ranges", "CP1252",
	"sysctl port ranges (Linux ip_local_port_range, BSD portrange)",
	ranges_sysctl_sniff, ranges_sysctl_parse, 0
};
