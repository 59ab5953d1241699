/*
 * Collector for Linux net-tools netstat (-a, -an, -tulpn, -ap, -ltun, -e,
 * -o) and busybox netstat, as captured on servers and embedded devices.
 *
 * Data rows are "proto recv-q send-q local foreign [state] [user inode]
 * [PID/Program name] [timer]"; the User and Inode columns of -e are known
 * from the header, or, in rows without it (netstat -tulpne | grep), from
 * the shape of the row: a user name or uid then an all-digit inode.  The
 * port is after the last colon of an
 * address, so IPv6 (":::22", "::1:631", "[::]:http") and addresses that
 * netstat truncated to 23 columns ("fe80::b1f3:2c:3c6c::123") are kept as
 * printed.  Without -n ports are service names, stored as the port name
 * with a null port.  Raw sockets (raw, raw6) have a protocol number, not a
 * port, so their rows are known lines without a record; UDP-Lite (udpl)
 * has its own port table and becomes PROTO_OTHER.  Titles (English,
 * German, French), the column header, stderr notices, shell prompts,
 * firmware banners and the UNIX-domain, Bluetooth, IPX and AX.25 sections
 * are recognised and skipped; anything else is an unparsed line with a
 * diagnostic.
 */
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define NL_MAXTOK	8	/* tokens split off the front of a row */
#define NL_PID_MAX	0x7fffffffULL
#define NL_TITLE_MAX	200	/* longer lines are never titles */
#define NL_SNIFF_LINES	400	/* at most SNIFF_LINES (sniff.c) */

enum netstat_linux_sec {
	NL_SEC_INET = 0,	/* Internet sockets (the default) */
	NL_SEC_UNIX,		/* "Active UNIX domain sockets" */
	NL_SEC_OTHER		/* Bluetooth, IPX, AX.25, NET/ROM, X.25 */
};

struct netstat_linux_state {
	enum netstat_linux_sec	 sec;
	int			 has_user;	/* -e columns (-1: no header) */
	int			 notice_open;	/* stderr notice continues */
};

/* What a row's first column says. */
struct netstat_linux_proto {
	const char	*word;
	enum proto	 proto;
	int		 v6;		/* the "6" variants */
	int		 raw;		/* raw sockets: no port, skipped */
};

static const struct netstat_linux_proto netstat_linux_protos[] = {
	{ "tcp",	PROTO_TCP,	0, 0 },
	{ "tcp6",	PROTO_TCP,	1, 0 },
	{ "udp",	PROTO_UDP,	0, 0 },
	{ "udp6",	PROTO_UDP,	1, 0 },
	{ "udpl",	PROTO_OTHER,	0, 0 },	/* UDP-Lite: own port table */
	{ "udpl6",	PROTO_OTHER,	1, 0 },
	{ "sctp",	PROTO_SCTP,	0, 0 },
	{ "sctp6",	PROTO_SCTP,	1, 0 },
	{ "raw",	PROTO_NONE,	0, 1 },
	{ "raw6",	PROTO_NONE,	1, 1 },
	{ NULL,		PROTO_NONE,	0, 0 }
};

/* State words, including the gettext translations net-tools ships. */
static const struct netstat_linux_stword {
	const char	*word;
	enum sockstate	 state;
} netstat_linux_states[] = {
	{ "ESTABLISHED",	ST_ESTABLISHED },
	{ "VERBUNDEN",		ST_ESTABLISHED },	/* de */
	{ "SYN_SENT",		ST_SYN_SENT },
	{ "SYN_RECV",		ST_SYN_RECEIVED },
	{ "FIN_WAIT1",		ST_FIN_WAIT_1 },
	{ "FIN_WAIT2",		ST_FIN_WAIT_2 },
	{ "TIME_WAIT",		ST_TIME_WAIT },
	{ "CLOSE",		ST_CLOSED },
	{ "CLOSE_WAIT",		ST_CLOSE_WAIT },
	{ "LAST_ACK",		ST_LAST_ACK },
	{ "LISTEN",		ST_LISTEN },
	{ "CLOSING",		ST_CLOSING },
	{ "UNKNOWN",		ST_NONE },		/* UDP, odd state */
	{ "UNBEKANNT",		ST_NONE },		/* de */
	{ "INCONNU",		ST_NONE },		/* fr */
	{ NULL,			ST_NONE }
};

static const struct netstat_linux_proto *
netstat_linux_proto_of(const struct scan_tok *t)
{
	const struct netstat_linux_proto	*pr;

	for (pr = netstat_linux_protos; pr->word != NULL; pr++)
		if (scan_tok_is(t, pr->word))
			return (pr);
	return (NULL);
}

/* Whether a protocol word starts with byte c. */
static int
netstat_linux_proto_lead(int c)
{
	const struct netstat_linux_proto	*pr;

	for (pr = netstat_linux_protos; pr->word != NULL; pr++)
		if (pr->word[0] == c)
			return (1);
	return (0);
}

static const struct netstat_linux_stword *
netstat_linux_state_of(const struct scan_tok *t)
{
	const struct netstat_linux_stword	*sw;

	for (sw = netstat_linux_states; sw->word != NULL; sw++)
		if (scan_tok_is(t, sw->word))
			return (sw);
	return (NULL);
}

/* An address:port as the sniffer wants it: colon form, not BSD dots. */
static int
netstat_linux_sniff_addr(const struct scan_tok *t)
{
	const char	*c;
	size_t		 pn;

	if ((c = memrchr(t->s, ':', t->n)) == NULL)
		return (0);
	c++;
	pn = t->s + t->n - c;
	return ((pn == 1 && *c == '*') || scan_digits(c, pn) ||
	    (scan_servname(c, pn) && !scan_isdigit(*c)));
}

/* Drop a trailing -o timer such as "off (0.00/0/0)" from s[0..*n). */
static void
netstat_linux_strip_timer(const char *s, size_t *n)
{
	size_t	 e = *n, open, i;
	int	 slashes = 0;

	if (e < 5 || s[e - 1] != ')')
		return;
	for (open = e - 1; open > 0 && s[open] != '('; open--)
		continue;
	if (s[open] != '(' || open == 0 || s[open - 1] != ' ')
		return;
	for (i = open + 1; i < e - 1; i++) {
		if (s[i] == '/')
			slashes++;
		else if (!scan_isdigit(s[i]) && s[i] != '.')
			return;
	}
	if (slashes != 2)
		return;
	i = open - 1;			/* the blank before '(' */
	while (i > 0 && !scan_isspace(s[i - 1]))
		i--;			/* back over the timer word */
	while (i > 0 && scan_isspace(s[i - 1]))
		i--;
	*n = i;
}

/*
 * Read the PID/Program name column: "5957/python3", "-", or nothing.
 * The program part runs to the end of the line and may hold blanks and
 * colons ("432/sshd: /usr/sbin").  0, or -1 when it is something else.
 */
static int
netstat_linux_owner(struct parse *p, const char *s, size_t n,
    struct sockrec *so)
{
	unsigned long long	 pid;
	const char		*slash, *prog, *errstr;
	size_t			 plen;

	netstat_linux_strip_timer(s, &n);
	s = scan_trim(s, &n, SCAN_SPACE);
	if (n == 0 || (n == 1 && s[0] == '-'))
		return (0);
	if ((slash = memchr(s, '/', n)) == NULL)
		return (-1);
	if (util_parse_ulong(s, slash - s, 0, &pid, &errstr) == -1 ||
	    pid > NL_PID_MAX)
		return (-1);
	so->pid = (long)pid;
	plen = s + n - (slash + 1);
	prog = scan_trim(slash + 1, &plen, SCAN_SPACE);
	if (plen > 0)
		so->process = parse_intern(p, prog, plen);
	return (0);
}

static void
netstat_linux_set_addr(struct parse *p, const struct scan_hostport *a,
    const char **addr, int *port, const char **name)
{
	*addr = parse_strndup(p, a->host, a->hostlen);
	*port = a->port;
	*name = a->name == NULL ? NULL : parse_intern(p, a->name, a->namelen);
}

/*
 * The state column: mandatory for TCP and SCTP, optional for UDP (blank,
 * "ESTABLISHED" when connected, "UNKNOWN" otherwise).  Consumes the token
 * when it is a state; -1 when a TCP row has none.
 */
static int
netstat_linux_state(const struct netstat_linux_proto *pr,
    const struct scan_tok *t, size_t nt, enum sockstate *st, int *used)
{
	const struct netstat_linux_stword	*sw;

	*st = ST_NONE;
	*used = 0;
	sw = nt > 0 ? netstat_linux_state_of(t) : NULL;
	if (sw != NULL) {
		*used = 1;
		if (pr->proto != PROTO_UDP && pr->proto != PROTO_OTHER)
			*st = sw->state;
		return (0);
	}
	return (pr->proto == PROTO_UDP || pr->proto == PROTO_OTHER ? 0 : -1);
}

/*
 * Without a header, whether t[0..nt) start with the User and Inode
 * columns of -e: a user name or uid (never "-" nor "pid/program"), then
 * an inode, all digits.
 */
static int
netstat_linux_user_shape(const struct scan_tok *t, size_t nt)
{
	return (nt >= 2 && !scan_tok_is(&t[0], "-") &&
	    memchr(t[0].s, '/', t[0].n) == NULL &&
	    scan_digits(t[1].s, t[1].n));
}

/* One "tcp 0 0 local foreign ..." row; the line is classified here. */
static void
netstat_linux_row(struct parse *p, struct netstat_linux_state *ns,
    const struct netstat_linux_proto *pr, const char *line, size_t len)
{
	struct scan_tok		 t[NL_MAXTOK];
	struct scan_hostport	 la, ra;
	struct sockrec		 so;
	struct record		*r;
	unsigned long long	 q;
	const char		*rest, *why = NULL;
	enum sockstate		 st;
	size_t			 nt, i;
	int			 code, used;

	nt = scan_split(line, len, SCAN_SPACE, t, NL_MAXTOK, NULL);
	if (nt < 5) {
		parse_unparsed(p, DIAG_LINE_SHORT, "%zu columns, want 5", nt);
		return;
	}
	for (i = 1; i <= 2; i++)
		if (util_parse_ulong(t[i].s, t[i].n, 0, &q, &why) == -1) {
			parse_unparsed(p, DIAG_BAD_NUMBER, "%s queue: %s",
			    i == 1 ? "receive" : "send", why);
			return;
		}
	/* Raw sockets have no port to collide with: known, no record. */
	if (pr->raw) {
		parse_known(p);
		return;
	}
	if ((code = scan_hostport(t[3].s, t[3].n, &la, &why)) != 0 ||
	    (code = scan_hostport(t[4].s, t[4].n, &ra, &why)) != 0) {
		parse_unparsed(p, code, "%s", why);
		return;
	}
	if (netstat_linux_state(pr, &t[5], nt - 5, &st, &used) == -1) {
		parse_unparsed(p, DIAG_BAD_STATE, "%.*s",
		    nt > 5 ? (int)(t[5].n > 40 ? 40 : t[5].n) : 0,
		    nt > 5 ? t[5].s : "");
		return;
	}
	i = 5 + used;
	if (ns->has_user == 1 || (ns->has_user == -1 &&
	    netstat_linux_user_shape(&t[i], nt - i)))
		i += 2;			/* -e: User, Inode */
	rest = i <= nt ? t[i - 1].s + t[i - 1].n : line + len;
	memset(&so, 0, sizeof(so));
	so.pid = -1;
	if (netstat_linux_owner(p, rest, line + len - rest, &so) == -1) {
		parse_unparsed(p, DIAG_LINE_UNKNOWN,
		    "PID/Program name column not understood");
		return;
	}
	so.proto = pr->proto;
	so.family = pr->v6 || la.bracketed ||
	    memchr(la.host, ':', la.hostlen) != NULL ? FAM_IPV6 : FAM_IPV4;
	so.state = st;
	r = rec_add(p, REC_SOCKET);
	r->u.sock = so;
	netstat_linux_set_addr(p, &la, &r->u.sock.local_addr,
	    &r->u.sock.local_port, &r->u.sock.local_port_name);
	netstat_linux_set_addr(p, &ra, &r->u.sock.remote_addr,
	    &r->u.sock.remote_port, &r->u.sock.remote_port_name);
}

/* Lines made only of rule characters: "-----", "=====". */
static int
netstat_linux_is_rule(const char *s, size_t n)
{
	size_t	 i;
	int	 marks = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '-' || s[i] == '=' || s[i] == '_' || s[i] == '*')
			marks++;
		else if (!scan_isspace(s[i]))
			return (0);
	}
	return (marks > 0);
}

/* "Active Internet connections (...)" and the other section titles. */
static int
netstat_linux_title(struct netstat_linux_state *ns, const char *s, size_t n)
{
	if (n > NL_TITLE_MAX || !scan_isalnum(s[0]))
		return (0);
	if (scan_has(s, n, "UNIX")) {
		ns->sec = NL_SEC_UNIX;
		return (1);
	}
	if (scan_has(s, n, "Internet")) {
		ns->sec = NL_SEC_INET;
		return (1);
	}
	if (scan_prefix(s, n, "Active ") || scan_prefix(s, n, "Aktive ") ||
	    scan_prefix(s, n, "Sockets ") || scan_prefix(s, n, "sockets ")) {
		ns->sec = NL_SEC_OTHER;
		return (1);
	}
	return (0);
}

/* "Proto Recv-Q Send-Q ..." (inet) or "Proto RefCnt ..." (unix). */
static void
netstat_linux_header(struct netstat_linux_state *ns, const char *s, size_t n)
{
	if (scan_has(s, n, "I-Node") || scan_has(s, n, "RefCnt")) {
		ns->sec = NL_SEC_UNIX;
		return;
	}
	if (ns->sec == NL_SEC_OTHER || (!scan_has(s, n, "Recv-Q") &&
	    !scan_has(s, n, "Send-Q")))
		return;
	ns->sec = NL_SEC_INET;
	ns->has_user = scan_has(s, n, "Inode");
}

/* Everything that is not an Internet row. */
static void
netstat_linux_other(struct parse *p, struct netstat_linux_state *ns,
    const char *line, size_t len, const struct scan_tok *t0)
{
	int	 notice = ns->notice_open;

	ns->notice_open = 0;
	if (scan_tok_is(t0, "Proto")) {
		netstat_linux_header(ns, line, len);
		parse_known(p);
	} else if (ns->sec == NL_SEC_UNIX && scan_tok_is(t0, "unix"))
		parse_known(p);
	else if (netstat_linux_title(ns, t0->s, line + len - t0->s))
		parse_known(p);
	else if (ns->sec == NL_SEC_OTHER)
		parse_known(p);
	else if (t0->s[0] == '(') {
		/* "(Not all processes could be identified, ..." on stderr */
		ns->notice_open = line[len - 1] != ')';
		parse_known(p);
	} else if (notice && line[len - 1] == ')')
		parse_known(p);
	else if (t0->s[0] == '[' && memchr(t0->s, ']', line + len - t0->s))
		parse_known(p);		/* "[FW: 1.1.8 ...]", "[sudo] ..." */
	else if (netstat_linux_is_rule(line, len) ||
	    scan_prompt(t0->s, line + len - t0->s) ||
	    scan_tok_is(t0, "netstat") || scan_tok_is(t0, "sudo"))
		parse_known(p);
	else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, NULL);
}

static int
netstat_linux_parse(struct parse *p)
{
	struct netstat_linux_state		 ns;
	struct scan_tok				 t[3];
	const struct netstat_linux_proto	*pr;
	const char				*line;
	size_t					 len, nt;

	memset(&ns, 0, sizeof(ns));
	ns.has_user = -1;
	while ((line = parse_next_line(p, &len)) != NULL) {
		nt = scan_split(line, len, SCAN_SPACE, t, 3, NULL);
		if (nt == 0) {
			parse_known(p);
			continue;
		}
		pr = netstat_linux_proto_of(&t[0]);
		if (pr != NULL && (ns.sec == NL_SEC_INET || (nt == 3 &&
		    scan_digits(t[1].s, t[1].n) &&
		    scan_digits(t[2].s, t[2].n)))) {
			ns.sec = NL_SEC_INET;
			ns.notice_open = 0;
			netstat_linux_row(p, &ns, pr, line, len);
		} else
			netstat_linux_other(p, &ns, line, len, &t[0]);
	}
	return ((int)p->in->lines_unparsed);
}

/* A line of ss or BSD netstat ("Netid", "(state)", "(including servers)"). */
static int
netstat_linux_sniff_other(const char *s, size_t n)
{
	const char	*paren;

	return (scan_prefix(s, n, "Netid") || (scan_prefix(s, n, "State") &&
	    scan_has(s, n, "Recv-Q")) || ((paren = scan_memchr(s, '(', n)) !=
	    NULL && (scan_has(paren, s + n - paren, "(state)") ||
	    scan_has(paren, s + n - paren, "(including servers)"))));
}

/* Score one line for the sniffer; *other is set on one of another netstat. */
static void
netstat_linux_sniff_line(const char *s, size_t n, int *score, int *rows,
    int *bad, int *other)
{
	struct scan_tok	 t[5];
	const char	*rest;
	size_t		 lead;

	if (netstat_linux_sniff_other(s, n))
		*other = 1;
	else if ((scan_prefix(s, n, "Active Internet connections (") ||
	    scan_prefix(s, n, "Aktive Internetverbindungen (") ||
	    scan_prefix(s, n, "Connexions Internet actives (")) &&
	    *score < 50)
		*score += 40;
	else if (scan_prefix(s, n, "Proto Recv-Q Send-Q ") && *score < 50)
		*score += 30;
	else if (scan_prefix(s, n, "Active UNIX domain sockets") &&
	    *score < 50)
		*score += 10;
	/* The protocol first: most lines of other formats end there. */
	lead = scan_span(s, n, SCAN_SPACE);
	if (lead == n || !netstat_linux_proto_lead(s[lead]) ||
	    scan_split(s, n, SCAN_SPACE, t, 1, &rest) < 1 ||
	    netstat_linux_proto_of(&t[0]) == NULL ||
	    scan_split(rest, s + n - rest, SCAN_SPACE, t + 1, 4, NULL) < 4 ||
	    !scan_digits(t[1].s, t[1].n) || !scan_digits(t[2].s, t[2].n))
		return;
	if (netstat_linux_sniff_addr(&t[3]) && netstat_linux_sniff_addr(&t[4]))
		(*rows)++;
	else
		(*bad)++;
}

static int
netstat_linux_sniff(const char *buf, size_t len)
{
	const char	*pos = buf, *end = buf + len, *s;
	size_t		 n;
	int		 score = 0, rows = 0, bad = 0, other = 0, lines = 0;

	while (lines++ < NL_SNIFF_LINES &&
	    (s = scan_line(&pos, end, &n)) != NULL) {
		/* 100 from here on, the rows leading the bad ones by more
		 * than the lines left, unless another netstat's line turns
		 * up. */
		if (score >= 40 && rows >= 4 &&
		    rows - bad >= NL_SNIFF_LINES - lines + 1) {
			if (netstat_linux_sniff_other(s, n))
				return (0);
			continue;
		}
		netstat_linux_sniff_line(s, n, &score, &rows, &bad, &other);
	}
	if (other || bad > rows || (rows == 0 && score < 30))
		return (0);
	score += rows * 15 > 60 ? 60 : rows * 15;
	return (score > 100 ? 100 : score);
}

const struct collector collector_netstat_linux = {
	"netstat-linux",
	"netstat",
	"CP1252",
	"Linux net-tools and busybox netstat (-a, -an, -tulpn, -ap, -e, -o)",
	netstat_linux_sniff,
	netstat_linux_parse,
	0
};
