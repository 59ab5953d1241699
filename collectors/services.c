/*
 * services: services files (port-facts.md 6).  One grammar covers the Unix
 * /etc/services, Windows' drivers\etc\services and nmap-services:
 *
 *	name  port/proto  [alias ...]  [# comment]
 *
 * Fields are separated by any run of blanks or tabs; "#" starts a comment
 * anywhere on a line, with or without a blank after it.  nmap-services
 * puts the open frequency (a decimal fraction such as 0.484143) in the
 * third field; a file is taken for nmap-style when its header says so or
 * when the first entry with a third field has a fraction there, so a
 * numeric alias in an ordinary file stays an alias.  macOS lists private
 * and reserved ports as indented "24/udp # any private mail system" lines
 * without a name: they become records with a NULL name, like the
 * "Reserved" rows of the IANA registry.  Comment-only and blank lines and
 * FreeBSD's NIS "+" line are known lines.  Each entry line is one
 * REC_SERVICE record; a bad port or a line of another shape is unparsed.
 */
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define SERVICES_SNIFF_MAX	(16 * 1024)	/* bytes the sniffer reads */
#define SERVICES_SNIFF_LINES	300
#define SERVICES_SHOW		40		/* chars of a token shown */
#define SERVICES_FREQ_DIGITS	15		/* exact in a double */

struct services_state {
	int	 nmap;		/* -1 undecided, 0 plain, 1 nmap-services */
	int	 entries;	/* entry lines seen: the header is over */
};

static int
services_isprotochar(int c)
{
	return (scan_isalnum(c) || c == '-' || c == '_' || c == '.');
}

/* Next blank-separated token in [*s, end), NULL when none; advances *s. */
static const char *
services_token(const char **s, const char *end, size_t *n)
{
	struct scan_tok	 t;

	if (scan_split(*s, end - *s, SCAN_SPACE, &t, 1, s) == 0) {
		*n = 0;
		return (NULL);
	}
	*n = t.n;
	return (t.s);
}

/* Does s[0..n) look like "digits/letters" (a port and protocol)? */
static int
services_is_portproto(const char *s, size_t n)
{
	size_t	 i = scan_span(s, n, SCAN_DIGIT);

	if (i == 0 || i == n || s[i] != '/' || ++i == n)
		return (0);
	for (; i < n; i++)
		if (!services_isprotochar((unsigned char)s[i]))
			return (0);
	return (1);
}

/* A name is printable: no ASCII control characters. */
static int
services_is_name(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return (0);
	return (1);
}

/*
 * nmap's open frequency: digits, a dot, digits ("0.484143").  The value is
 * the integer of all digits divided by a power of ten, which is as exact
 * as strtod and does not depend on the locale.  0 or -1.
 */
static int
services_frequency(const char *s, size_t n, double *out)
{
	double		 v = 0, scale = 1;
	size_t		 i, ndig = 0;
	int		 dot = 0, after = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '.' && !dot && ndig > 0) {
			dot = 1;
			continue;
		}
		if (!scan_isdigit(s[i]) || ++ndig > SERVICES_FREQ_DIGITS)
			return (-1);
		v = v * 10 + (s[i] - '0');
		if (dot) {
			scale *= 10;
			after++;
		}
	}
	if (!dot || after == 0)
		return (-1);
	*out = v / scale;
	return (0);
}

/* A comment line before the first entry may say this is nmap-services. */
static void
services_header(struct services_state *st, const char *s, size_t n)
{
	static const char *const marks[] = {
		"open-frequency", "nmap-services", "Nmap Security Scanner"
	};
	size_t	 i;

	if (st->nmap != -1 || st->entries > 0)
		return;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (scan_casehas(s, n, marks[i])) {
			st->nmap = 1;
			return;
		}
}

/*
 * The fields after port/proto: the nmap frequency first when the file is
 * nmap-style, then the aliases.  Two passes over [s, end): count, then
 * fill an arena array, so even a huge alias list costs linear time.
 */
static void
services_rest(struct parse *p, struct services_state *st,
    struct servicerec *svc, const char *s, const char *end)
{
	const char	*q, *tok;
	double		 freq = -1;
	size_t		 n, count = 0;
	int		 i, isfreq;

	q = s;
	if ((tok = services_token(&q, end, &n)) != NULL) {
		isfreq = services_frequency(tok, n, &freq) == 0;
		if (st->nmap == -1)
			st->nmap = isfreq;
		if (st->nmap == 1 && isfreq) {
			svc->frequency = freq;
			s = q;
		}
	}
	for (q = s; services_token(&q, end, &n) != NULL; )
		count++;
	if (count == 0)
		return;
	svc->aliases = arena_alloc(p->fleet->arena, count * sizeof(char *));
	for (i = 0, q = s; (tok = services_token(&q, end, &n)) != NULL; i++)
		svc->aliases[i] = parse_intern(p, tok, n);
	svc->naliases = i;
}

/* Split "port/proto" and check both halves; 0, or -1 with the line unparsed. */
static int
services_portproto(struct parse *p, const char *pp, size_t ppn, int *port,
    const char **proto, size_t *protolen)
{
	const char	*slash, *errstr;
	int		 show = ppn > SERVICES_SHOW ? SERVICES_SHOW : (int)ppn;
	size_t		 i;

	if ((slash = memchr(pp, '/', ppn)) == NULL) {
		parse_unparsed(p, DIAG_LINE_UNKNOWN,
		    "no port/protocol field: %.*s", show, pp);
		return (-1);
	}
	if (util_parse_port(pp, slash - pp, port, &errstr) == -1) {
		parse_unparsed(p, DIAG_BAD_PORT, "%.*s", show, pp);
		return (-1);
	}
	*proto = slash + 1;
	*protolen = ppn - (slash + 1 - pp);
	for (i = 0; i < *protolen; i++)
		if (!services_isprotochar((unsigned char)(*proto)[i]))
			break;
	if (*protolen == 0 || i < *protolen) {
		parse_unparsed(p, DIAG_LINE_UNKNOWN, "bad protocol: %.*s",
		    show, pp);
		return (-1);
	}
	return (0);
}

/* Fill the record's protocol from proto[0..n), lowercased and interned. */
static void
services_proto(struct parse *p, struct servicerec *svc, const char *proto,
    size_t n)
{
	char	 low[32];
	size_t	 i;

	if (n >= sizeof(low)) {
		svc->proto = PROTO_OTHER;
		svc->proto_name = parse_intern(p, proto, n);
		return;
	}
	for (i = 0; i < n; i++)
		low[i] = scan_tolower(proto[i]);
	svc->proto = proto_from(low, n);
	svc->proto_name = parse_intern(p, low, n);
}

/* One entry line: body is the part before any '#'. */
static void
services_entry(struct parse *p, struct services_state *st, const char *line,
    const char *body_end, const char *hash, const char *end)
{
	struct record	*r;
	const char	*s = line, *name, *pp, *proto, *q, *next;
	size_t		 namelen, ppn, protolen, n, cn;
	int		 port;

	st->entries++;
	name = services_token(&s, body_end, &namelen);
	q = s;
	next = services_token(&q, body_end, &n);
	if (services_is_portproto(name, namelen) &&
	    (next == NULL || !services_is_portproto(next, n))) {
		pp = name;		/* nameless: "  24/udp  # private" */
		ppn = namelen;
		name = NULL;
	} else if ((pp = next) == NULL) {
		parse_unparsed(p, DIAG_LINE_SHORT, "no port/protocol after "
		    "the name");
		return;
	} else {
		ppn = n;
		s = q;
		if (!services_is_name(name, namelen)) {
			parse_unparsed(p, DIAG_LINE_UNKNOWN,
			    "control character in the service name");
			return;
		}
	}
	if (services_portproto(p, pp, ppn, &port, &proto, &protolen) == -1)
		return;
	r = rec_add(p, REC_SERVICE);
	r->u.svc.name = name == NULL ? NULL : parse_intern(p, name, namelen);
	r->u.svc.port = r->u.svc.port_last = port;
	r->u.svc.frequency = -1;
	services_proto(p, &r->u.svc, proto, protolen);
	services_rest(p, st, &r->u.svc, s, body_end);
	if (hash != NULL) {
		cn = end - (hash + 1);
		q = scan_trim(hash + 1, &cn, SCAN_SPACE);
		if (cn > 0)
			r->u.svc.comment = parse_strndup(p, q, cn);
	}
}

static void
services_line(struct parse *p, struct services_state *st, const char *line,
    size_t len)
{
	const char	*end = line + len, *hash, *body_end, *s, *tok;
	size_t		 n;

	hash = memchr(line, '#', len);
	body_end = hash != NULL ? hash : end;
	s = line;
	if ((tok = services_token(&s, body_end, &n)) == NULL) {
		if (hash != NULL)
			services_header(st, hash, end - hash);
		parse_known(p);		/* blank or comment only */
		return;
	}
	if (n == 1 && tok[0] == '+' && services_token(&s, body_end, &n) ==
	    NULL) {
		parse_known(p);		/* FreeBSD: splice in NIS services */
		return;
	}
	services_entry(p, st, line, body_end, hash, end);
}

static int
services_parse(struct parse *p)
{
	struct services_state	 st;
	char			*line;
	size_t			 len;

	memset(&st, 0, sizeof(st));
	st.nmap = -1;
	while ((line = parse_next_line(p, &len)) != NULL)
		services_line(p, &st, line, len);
	return ((int)p->in->lines_unparsed);
}

/* "port/proto" with a protocol the sniffer trusts ("80/tcp#x" too). */
static int
services_sniff_pp(const char *tok, size_t tn)
{
	static const char *const protos[] = { "tcp", "udp", "sctp", "ddp",
	    "dccp" };
	const char	*slash;
	size_t		 i, pl;

	if ((slash = memchr(tok, '/', tn)) == NULL ||
	    !scan_digits(tok, slash - tok))
		return (0);
	pl = tn - (slash + 1 - tok);
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (scan_caseword(slash + 1, pl, protos[i], '#'))
			return (1);
	return (0);
}

/* "name port/proto" or an indented "port/proto", as the sniffer sees it. */
static int
services_sniff_entry(const char *s, size_t n)
{
	const char	*q = s, *end = s + n, *tok;
	size_t		 tn;

	if ((tok = services_token(&q, end, &tn)) == NULL || *tok == '#')
		return (0);
	if (services_sniff_pp(tok, tn))
		return (1);
	if ((tok = services_token(&q, end, &tn)) == NULL)
		return (0);
	return (services_sniff_pp(tok, tn));
}

static int
services_sniff(const char *buf, size_t len)
{
	struct services_state	 st;
	const char		*s = buf, *end, *nl, *q, *tok;
	size_t			 n;
	int			 lines, entries = 0, other = 0, eol;

	memset(&st, 0, sizeof(st));
	st.nmap = -1;
	if (len > SERVICES_SNIFF_MAX)
		len = SERVICES_SNIFF_MAX;
	end = buf + len;
	eol = memchr(buf, '\n', len) == NULL ? '\r' : '\n';
	for (lines = 0; s < end && lines < SERVICES_SNIFF_LINES; lines++) {
		if ((nl = memchr(s, eol, end - s)) == NULL) {
			if (lines > 0)
				break;	/* a cut last line says nothing */
			nl = end;
		}
		q = s;
		if ((tok = services_token(&q, nl, &n)) == NULL)
			;	/* blank */
		else if (*tok == '#')
			services_header(&st, tok, nl - tok);
		else if (n == 1 && *tok == '+')
			;	/* NIS */
		else if (services_sniff_entry(s, nl - s))
			entries++;
		else
			other++;
		s = nl + 1;
	}
	if (entries == 0)
		return (0);
	if (entries >= 3 && st.nmap == 1 && entries >= 4 * other)
		return (95);
	if (entries >= 5 && entries >= 9 * other)
		return (90);
	if (entries >= 2 && entries >= 2 * other)
		return (70);
	return (entries > other ? 40 : 10);
}

const struct collector collector_services = {
	"services", "services", "CP1252",
	"/etc/services, Windows drivers\\etc\\services and nmap-services",
	services_sniff, services_parse, 0
};
