/*
 * netstat-bsd: the socket lists of FreeBSD, OpenBSD, NetBSD, macOS, AIX,
 * HP-UX and Solaris, which all print an endpoint as "address.port" with
 * the port after the LAST dot ("10.8.0.6.54433", "::1.631", "*.22",
 * "*.*").
 *
 * BSD-style rows carry a protocol column (tcp4, tcp6, tcp46, udp4 ...,
 * plain tcp/udp on HP-UX and OpenBSD, toe4 for FreeBSD TCP offload),
 * optionally behind one or two hex columns (AIX and FreeBSD -A PCB
 * address, macOS -A socket and flow hash, the hash printed with "%8x" so
 * as short as "0").  Between the protocol and the local address stand
 * Recv-Q and Send-Q, or with FreeBSD -T the three TCP counters Rexmit,
 * OOORcv and 0-win and nothing at all on UDP rows; -T and -x (mbuf and
 * timer columns after the foreign address) print no TCP state.  Which
 * layout a row has is read from its shape, so grep output without the
 * header is read too.  macOS -v adds columns after the state; the pid (or
 * "process:pid") is taken from the header's position when a header was
 * seen, else from the shape of the row.  Solaris rows have no protocol
 * column: "TCP: IPv4" style section headers set it.  UNIX-domain,
 * multipath and kernel sections are recognised and skipped as known
 * lines.
 */
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define NETSTAT_BSD_NTOK	48	/* tokens kept per line */
#define NETSTAT_BSD_SNIFF_LINES	64
/* Blanks between columns; a NUL too, as the sniffer sees raw bytes. */
#define NETSTAT_BSD_BLANK	(SCAN_SPACE | SCAN_NUL)

enum netstat_bsd_mode {
	NB_NONE = 0,		/* before any title: rows still accepted */
	NB_INET,		/* Active Internet connections */
	NB_SOL,			/* a Solaris "TCP: IPv4" style section */
	NB_SKIP			/* UNIX, multipath, kernel sections */
};

struct netstat_bsd {
	enum netstat_bsd_mode	 mode;
	enum proto		 sol_proto;	/* protocol of the section */
	enum family		 sol_family;
	int			 title_v6;	/* "(IPv6, ...)" in the title */
	int			 pid_col;	/* column after (state), or -1 */
	int			 pid_named;	/* that column is process:pid */
	int			 last_sctp;	/* previous row was SCTP */
	int			 xcols;		/* header of FreeBSD -x */
	int			 nostate_said;	/* -T/-x missing state reported */
	int			 unparsed;
};

/* One parsed row before it becomes a record. */
struct netstat_bsd_row {
	enum proto	 proto;
	enum family	 family;
	int		 famknown;	/* the protocol token fixed it */
	const char	*laddr, *lname, *raddr, *rname;
	int		 lport, rport;
	enum sockstate	 state;
	long		 pid;
	const char	*process;
};

static const struct {
	const char	*word;
	enum sockstate	 st;
} netstat_bsd_states[] = {
	{ "LISTEN",		ST_LISTEN },
	{ "ESTABLISHED",	ST_ESTABLISHED },
	{ "SYN_SENT",		ST_SYN_SENT },
	{ "SYN_RCVD",		ST_SYN_RECEIVED },
	{ "SYN_RECEIVED",	ST_SYN_RECEIVED },
	{ "FIN_WAIT_1",		ST_FIN_WAIT_1 },
	{ "FIN_WAIT_2",		ST_FIN_WAIT_2 },
	{ "TIME_WAIT",		ST_TIME_WAIT },
	{ "CLOSE_WAIT",		ST_CLOSE_WAIT },
	{ "LAST_ACK",		ST_LAST_ACK },
	{ "CLOSING",		ST_CLOSING },
	{ "CLOSED",		ST_CLOSED },
	{ "BOUND",		ST_BOUND },
	{ "IDLE",		ST_CLOSED },	/* Solaris TCP; UDP: none */
	{ "UNBOUND",		ST_NONE },	/* Solaris UDP */
	{ "CONNECTED",		ST_NONE },	/* Solaris UDP */
};

/* Protocols whose sockets have no ports: their rows are known lines. */
static const char *const netstat_bsd_portless[] = {
	"icm4", "icm6", "icmp", "icmp6", "ip", "ip4", "ip6", "raw", "raw6",
	"rip", "rip6", "divert", "igmp", "kevt", "kctl", "vsock", "gre"
};

/* Section titles whose rows are skipped, after "Active ". */
static const char *const netstat_bsd_skipped[] = {
	"Multipath ", "LOCAL ", "UNIX ", "kernel ", "Netgraph ",
	"Bluetooth ", "VSock ", "vsock "
};

/*
 * A hex column in front of the protocol: a PCB address, or macOS's flow
 * hash, printed with "%8x" and so as short as one digit ("0").
 */
static int
netstat_bsd_hexcol(const struct scan_tok *t)
{
	return (t->n >= 1 && t->n <= 24 &&
	    scan_span(t->s, t->n, SCAN_XDIGIT) == t->n);
}

/* FreeBSD -L queue column: "qlen/incqlen/maxqlen", SCTP "qlen/maxqlen". */
static int
netstat_bsd_queues(const struct scan_tok *t)
{
	size_t	 i, slashes = 0;

	if (t->n < 3 || !scan_isdigit(t->s[0]) || !scan_isdigit(t->s[t->n - 1]))
		return (0);
	for (i = 0; i < t->n; i++) {
		if (t->s[i] == '/') {
			if (t->s[i - 1] == '/')
				return (0);
			slashes++;
		} else if (!scan_isdigit(t->s[i]))
			return (0);
	}
	return (slashes == 1 || slashes == 2);
}

/*
 * Read a protocol token: tcp, tcp4, tcp6, tcp46, udp..., sctp...  Sets
 * *fam and *known (1 when the suffix fixed the family).  0 or -1.
 */
static int
netstat_bsd_proto(const struct scan_tok *t, enum proto *pr,
    enum family *fam, int *known)
{
	const char	*sfx;
	size_t		 base, n;

	if (scan_prefix(t->s, t->n, "tcp") || scan_prefix(t->s, t->n, "toe")) {
		*pr = PROTO_TCP;		/* toe: FreeBSD TCP offload */
		base = 3;
	} else if (scan_prefix(t->s, t->n, "udp")) {
		*pr = PROTO_UDP;
		base = 3;
	} else if (scan_prefix(t->s, t->n, "sctp")) {
		*pr = PROTO_SCTP;
		base = 4;
	} else
		return (-1);
	sfx = t->s + base;
	n = t->n - base;
	*fam = FAM_NONE;
	*known = 1;
	if (n == 0)
		*known = 0;
	else if (n == 1 && sfx[0] == '4')
		*fam = FAM_IPV4;
	else if (n == 1 && sfx[0] == '6')
		*fam = FAM_IPV6;
	else if (n == 2 && sfx[0] == '4' && sfx[1] == '6')
		*fam = FAM_NONE;	/* dual stack */
	else
		return (-1);
	return (0);
}

static int
netstat_bsd_portless_proto(const struct scan_tok *t)
{
	size_t	 i;

	for (i = 0; i < sizeof(netstat_bsd_portless) /
	    sizeof(netstat_bsd_portless[0]); i++)
		if (scan_tok_is(t, netstat_bsd_portless[i]))
			return (1);
	return (0);
}

/* Map a state word (any case); -1 when unknown. */
static int
netstat_bsd_state(const struct scan_tok *t, enum sockstate *st)
{
	size_t	 i;

	for (i = 0; i < sizeof(netstat_bsd_states) /
	    sizeof(netstat_bsd_states[0]); i++)
		if (scan_caseeq(t->s, t->n, netstat_bsd_states[i].word)) {
			*st = netstat_bsd_states[i].st;
			return (0);
		}
	return (-1);
}

/* A service name printed instead of a number (netstat without -n). */
static int
netstat_bsd_portname(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > 64 || !scan_isalpha(s[0]))
		return (0);
	for (i = 0; i < n; i++)
		if (!scan_isalnum(s[i]) && s[i] != '-' && s[i] != '_' &&
		    s[i] != '+' && s[i] != '/')
			return (0);
	return (1);
}

static const char *
netstat_bsd_addrstr(struct parse *p, const char *s, size_t n)
{
	if (n == 1 && s[0] == '*')
		return (parse_intern(p, s, n));
	return (parse_strndup(p, s, n));
}

/*
 * Split "address.port" at the last dot.  "*.*" is address "*" without
 * port; a port "*" is null; a service name goes to *name.  With bare set
 * (Solaris SCTP) a plain dotted quad is an address without port.  Returns
 * 0 or the diag code, with *why set.
 */
static int
netstat_bsd_endpoint(struct parse *p, const struct scan_tok *t,
    int bare, const char **addr, int *port, const char **name,
    const char **why)
{
	const char	*dot, *ps;
	size_t		 an, pn, i, dots = 0;

	*port = -1;
	*name = NULL;
	if (bare && t->n <= 15) {
		for (i = 0; i < t->n && (scan_isdigit(t->s[i]) ||
		    t->s[i] == '.'); i++)
			dots += t->s[i] == '.';
		if (i == t->n && dots == 3) {
			*addr = parse_strndup(p, t->s, t->n);
			return (0);
		}
	}
	dot = memrchr(t->s, '.', t->n);
	if (dot == NULL || dot == t->s) {
		*why = NULL;
		return (DIAG_BAD_ADDR);
	}
	an = dot - t->s;
	ps = dot + 1;
	pn = t->n - an - 1;
	*addr = netstat_bsd_addrstr(p, t->s, an);
	if (pn == 1 && ps[0] == '*')
		return (0);
	if (netstat_bsd_portname(ps, pn)) {
		*name = parse_intern(p, ps, pn);
		return (0);
	}
	if (util_parse_port(ps, pn, port, why) == -1) {
		*port = -1;
		return (DIAG_BAD_PORT);
	}
	return (0);
}

static int
netstat_bsd_hascolon(const char *s)
{
	return (s != NULL && strchr(s, ':') != NULL);
}

/* Family of a row whose protocol token did not say. */
static enum family
netstat_bsd_family(const struct netstat_bsd *st,
    const struct netstat_bsd_row *r)
{
	if (r->famknown)
		return (r->family);
	if (st->mode == NB_SOL && st->sol_family != FAM_NONE)
		return (st->sol_family);
	if (netstat_bsd_hascolon(r->laddr) || netstat_bsd_hascolon(r->raddr))
		return (FAM_IPV6);
	if (st->mode == NB_SOL && strcmp(r->laddr, "*") == 0)
		return (FAM_NONE);
	return (st->title_v6 ? FAM_IPV6 : FAM_IPV4);
}

static void
netstat_bsd_emit(struct parse *p, struct netstat_bsd *st,
    struct netstat_bsd_row *r)
{
	struct record	*rec;
	struct sockrec	*s;

	rec = rec_add(p, REC_SOCKET);
	s = &rec->u.sock;
	s->proto = r->proto;
	s->family = netstat_bsd_family(st, r);
	s->local_addr = r->laddr;
	s->local_port = r->lport;
	s->local_port_name = r->lname;
	s->remote_addr = r->raddr;
	s->remote_port = r->rport;
	s->remote_port_name = r->rname;
	s->state = r->proto == PROTO_UDP ? ST_NONE : r->state;
	s->pid = r->pid;
	s->process = r->process;
}

static void
netstat_bsd_bad(struct parse *p, struct netstat_bsd *st, int code,
    const char *why, const struct scan_tok *t)
{
	st->unparsed++;
	if (t == NULL)
		parse_unparsed(p, code, "%s", why);
	else if (why == NULL)
		parse_unparsed(p, code, "%.*s", (int)(t->n > 40 ? 40 : t->n),
		    t->s);
	else
		parse_unparsed(p, code, "%s: %.*s", why,
		    (int)(t->n > 40 ? 40 : t->n), t->s);
}

/* Parse the local and the remote endpoint of a row; 0 or -1 (reported). */
static int
netstat_bsd_endpoints(struct parse *p, struct netstat_bsd *st,
    struct netstat_bsd_row *r, const struct scan_tok *l,
    const struct scan_tok *f, int bare)
{
	const char	*why = NULL;
	int		 code;

	if ((code = netstat_bsd_endpoint(p, l, bare, &r->laddr, &r->lport,
	    &r->lname, &why)) != 0) {
		netstat_bsd_bad(p, st, code, why, l);
		return (-1);
	}
	if (f == NULL)
		return (0);
	if ((code = netstat_bsd_endpoint(p, f, bare, &r->raddr, &r->rport,
	    &r->rname, &why)) != 0) {
		netstat_bsd_bad(p, st, code, why, f);
		return (-1);
	}
	return (0);
}

/* Does t end in ":digits" after at least one character? */
static int
netstat_bsd_procpid(const struct scan_tok *t, size_t *colon)
{
	size_t	 i = t->n - scan_rspan(t->s, t->n, SCAN_DIGIT);

	if (i == t->n || i < 2 || t->s[i - 1] != ':')
		return (0);
	*colon = i - 1;
	return (1);
}

static long
netstat_bsd_atol(const struct scan_tok *t)
{
	unsigned long long	 v;
	const char		*errstr;

	if (util_parse_ulong(t->s, t->n, 0, &v, &errstr) == -1 ||
	    v > 0x7fffffffULL)
		return (-1);
	return ((long)v);
}

/*
 * Take "process:pid" from e[first..ne): the name may hold blanks
 * ("Comet Helper:3300"), so it starts after the last number before it.
 */
static int
netstat_bsd_named(struct parse *p, struct netstat_bsd_row *r,
    const struct scan_tok *e, size_t first, size_t ne)
{
	struct scan_tok		 pid;
	size_t			 i, k, colon;

	for (i = first; i < ne && i < first + 4; i++)
		if (netstat_bsd_procpid(&e[i], &colon))
			break;
	if (i >= ne || i >= first + 4)
		return (-1);
	for (k = i; k > first && !scan_digits(e[k - 1].s, e[k - 1].n); k--)
		;
	pid.s = e[i].s + colon + 1;
	pid.n = e[i].n - colon - 1;
	r->pid = netstat_bsd_atol(&pid);
	r->process = parse_intern(p, e[k].s, e[i].s + colon - e[k].s);
	return (0);
}

/* The macOS -v columns after the state: pid or process:pid. */
static void
netstat_bsd_extras(struct parse *p, const struct netstat_bsd *st,
    struct netstat_bsd_row *r, const struct scan_tok *e, size_t ne)
{
	size_t	 i, colon;

	if (ne == 0)
		return;
	if (st->pid_col >= 0) {
		if (st->pid_named)
			(void)netstat_bsd_named(p, r, e, st->pid_col, ne);
		else if ((size_t)st->pid_col < ne &&
		    scan_digits(e[st->pid_col].s, e[st->pid_col].n))
			r->pid = netstat_bsd_atol(&e[st->pid_col]);
		return;
	}
	/* No header (grep output): guess from the shape. */
	for (i = 0; i < ne; i++)
		if (netstat_bsd_procpid(&e[i], &colon)) {
			(void)netstat_bsd_named(p, r, e, i > 3 ? i - 3 : 0, ne);
			return;
		}
	if (ne == 6 && scan_digits(e[2].s, e[2].n))
		r->pid = netstat_bsd_atol(&e[2]);	/* rhiwat shiwat pid */
	else if (ne >= 14 && scan_digits(e[4].s, e[4].n))
		r->pid = netstat_bsd_atol(&e[4]);	/* rx tx rhi shi pid */
}

static void
netstat_bsd_row_init(struct netstat_bsd_row *r)
{
	memset(r, 0, sizeof(*r));
	r->lport = r->rport = -1;
	r->pid = -1;
	r->state = ST_NONE;
}

/* FreeBSD netstat -L: "tcp4  0/0/128  *.22". */
static void
netstat_bsd_listenq(struct parse *p, struct netstat_bsd *st,
    struct netstat_bsd_row *r, const struct scan_tok *t, size_t nt,
    size_t i)
{
	if (i + 1 >= nt) {
		netstat_bsd_bad(p, st, DIAG_LINE_SHORT, "no local address",
		    NULL);
		return;
	}
	if (netstat_bsd_endpoints(p, st, r, &t[i + 1], NULL, 0) == -1)
		return;
	r->state = ST_LISTEN;
	netstat_bsd_emit(p, st, r);
	st->last_sctp = r->proto == PROTO_SCTP;
}

static int
netstat_bsd_addrlike(const struct scan_tok *t)
{
	return (memchr(t->s, '.', t->n) != NULL ||
	    memchr(t->s, ':', t->n) != NULL);
}

/*
 * FreeBSD SCTP has no queue columns: "sctp4 1to1 local [foreign] state",
 * a listener without foreign address.  SCTP-only states (COOKIE_WAIT,
 * SHUTDOWN_SENT ...) have no TCP equivalent and stay null.
 */
static void
netstat_bsd_sctprow(struct parse *p, struct netstat_bsd *st,
    struct netstat_bsd_row *r, const struct scan_tok *t, size_t nt,
    size_t i)
{
	int	 two;

	two = i + 1 < nt && netstat_bsd_addrlike(&t[i + 1]);
	if (netstat_bsd_endpoints(p, st, r, &t[i], two ? &t[i + 1] : NULL,
	    0) == -1)
		return;
	i += two ? 2 : 1;
	if (i < nt && netstat_bsd_state(&t[i], &r->state) == -1)
		r->state = ST_NONE;
	netstat_bsd_emit(p, st, r);
	st->last_sctp = 1;
}

/*
 * The columns between the protocol and the local address at t[i]: 2
 * (Recv-Q, Send-Q), 3 (FreeBSD -T on TCP: Rexmit, OOORcv, 0-win) or 0
 * (-T on UDP, where those columns are left blank).  Read from the shape
 * of the row: digits up to the first address.
 */
static size_t
netstat_bsd_ncounters(const struct netstat_bsd_row *r,
    const struct scan_tok *t, size_t nt, size_t i)
{
	size_t	 k;

	for (k = i; k < nt && k < i + 4 && scan_digits(t[k].s, t[k].n); k++)
		;
	if (k - i == 3 && r->proto == PROTO_TCP && k < nt &&
	    netstat_bsd_addrlike(&t[k]))
		return (3);
	if (k == i && r->proto == PROTO_UDP && i < nt &&
	    netstat_bsd_addrlike(&t[i]))
		return (0);
	return (2);
}

/* "7199.98": a FreeBSD -x timer, seconds with two decimals. */
static int
netstat_bsd_timer(const struct scan_tok *t)
{
	size_t	 d = scan_span(t->s, t->n, SCAN_DIGIT);

	return (d > 0 && d + 3 == t->n && t->s[d] == '.' &&
	    scan_digits(t->s + d + 1, 2));
}

/*
 * The columns FreeBSD -x puts after the foreign address: twelve mbuf
 * counters, then six timers on TCP rows.
 */
static int
netstat_bsd_xshape(const struct scan_tok *e, size_t ne)
{
	size_t	 i;

	if (ne != 12 && ne != 18)
		return (0);
	for (i = 0; i < 12; i++)
		if (!scan_digits(e[i].s, e[i].n))
			return (0);
	for (; i < ne; i++)
		if (!netstat_bsd_timer(&e[i]))
			return (0);
	return (1);
}

/* A layout without state column (-T, -x): said once per file. */
static void
netstat_bsd_nostate(struct parse *p, struct netstat_bsd *st,
    const struct netstat_bsd_row *r)
{
	if (r->proto != PROTO_TCP || st->nostate_said)
		return;
	st->nostate_said = 1;
	parse_warn(p, DIAG_BAD_STATE, "netstat -T and -x print no TCP state; "
	    "the TCP states of this file are left empty");
}

/*
 * A row with a protocol column: [hex [hex]] proto [type] counters local
 * foreign [state] [macOS -v or FreeBSD -x columns].  i indexes the
 * protocol.
 */
static void
netstat_bsd_bsdrow(struct parse *p, struct netstat_bsd *st,
    const struct scan_tok *t, size_t nt, size_t i)
{
	struct netstat_bsd_row	 r;
	size_t			 colon, nc;

	netstat_bsd_row_init(&r);
	(void)netstat_bsd_proto(&t[i], &r.proto, &r.family, &r.famknown);
	i++;
	if (r.proto == PROTO_SCTP && i < nt && !scan_digits(t[i].s, t[i].n) &&
	    !netstat_bsd_queues(&t[i]) && !netstat_bsd_addrlike(&t[i]))
		i++;			/* FreeBSD SCTP type: 1to1, 1toN */
	if (i < nt && netstat_bsd_queues(&t[i])) {
		netstat_bsd_listenq(p, st, &r, t, nt, i);
		return;
	}
	if (r.proto == PROTO_SCTP && i < nt && netstat_bsd_addrlike(&t[i])) {
		netstat_bsd_sctprow(p, st, &r, t, nt, i);
		return;
	}
	nc = netstat_bsd_ncounters(&r, t, nt, i);
	if (i + nc + 2 > nt) {
		netstat_bsd_bad(p, st, DIAG_LINE_SHORT, i + nc + 1 > nt ?
		    "no addresses" : "no foreign address", NULL);
		return;
	}
	if (nc == 2 && (!scan_digits(t[i].s, t[i].n) ||
	    !scan_digits(t[i + 1].s, t[i + 1].n))) {
		netstat_bsd_bad(p, st, DIAG_BAD_NUMBER, "queue length",
		    scan_digits(t[i].s, t[i].n) ? &t[i + 1] : &t[i]);
		return;
	}
	if (netstat_bsd_endpoints(p, st, &r, &t[i + nc], &t[i + nc + 1],
	    0) == -1)
		return;
	i += nc + 2;
	if (nc != 2 || st->xcols || netstat_bsd_xshape(t + i, nt - i)) {
		netstat_bsd_nostate(p, st, &r);
		netstat_bsd_emit(p, st, &r);
		return;
	}
	if (i < nt && scan_isalpha(t[i].s[0]) &&
	    !netstat_bsd_procpid(&t[i], &colon)) {
		if (netstat_bsd_state(&t[i], &r.state) == -1) {
			netstat_bsd_bad(p, st, DIAG_BAD_STATE, NULL, &t[i]);
			return;
		}
		i++;
	} else if (r.proto == PROTO_TCP)
		parse_warn(p, DIAG_BAD_STATE, "no TCP state");
	netstat_bsd_extras(p, st, &r, t + i, nt - i);
	netstat_bsd_emit(p, st, &r);
}

/* SCTP: a multi-homed association lists its other addresses below. */
static int
netstat_bsd_sol_cont(const struct scan_tok *t, size_t nt)
{
	size_t	 i;

	if (nt > 2)
		return (0);
	for (i = 0; i < nt; i++)
		if (!netstat_bsd_addrlike(&t[i]))
			return (0);
	return (1);
}

/*
 * A Solaris row: local [remote] [numbers] state [If].  UDP has no
 * numbers and may have no remote; SCTP adds StrsI/O ("32/32").
 */
static void
netstat_bsd_solrow(struct parse *p, struct netstat_bsd *st,
    const struct scan_tok *t, size_t nt)
{
	struct netstat_bsd_row	 r;
	size_t			 i = 1;
	int			 bare = st->sol_proto == PROTO_SCTP;

	netstat_bsd_row_init(&r);
	r.proto = st->sol_proto;
	if (i < nt && netstat_bsd_addrlike(&t[i]))
		i++;
	if (netstat_bsd_endpoints(p, st, &r, &t[0], i == 2 ? &t[1] : NULL,
	    bare) == -1)
		return;
	while (i < nt && (scan_digits(t[i].s, t[i].n) ||
	    (memchr(t[i].s, '/', t[i].n) != NULL &&
	    scan_isdigit(t[i].s[0]))))
		i++;
	if (i == nt) {
		netstat_bsd_bad(p, st, DIAG_LINE_SHORT, "no state", NULL);
		return;
	}
	if (netstat_bsd_state(&t[i], &r.state) == -1) {
		netstat_bsd_bad(p, st, DIAG_BAD_STATE, NULL, &t[i]);
		return;
	}
	netstat_bsd_emit(p, st, &r);
	st->last_sctp = bare;
}

/* Header: where macOS -v puts the pid after "(state)"; FreeBSD -x. */
static void
netstat_bsd_header(struct netstat_bsd *st, const struct scan_tok *t,
    size_t nt)
{
	size_t	 i, k;

	st->pid_col = -1;
	st->pid_named = 0;
	st->xcols = 0;
	for (k = 0; k < nt; k++)
		if (scan_tok_is(&t[k], "R-MBUF"))
			st->xcols = 1;
	for (k = 0; k < nt && !scan_tok_is(&t[k], "(state)"); k++)
		;
	for (i = k + 1; i < nt; i++) {
		if (scan_tok_is(&t[i], "pid")) {
			st->pid_col = (int)(i - k - 1);
			return;
		}
		if (scan_tok_is(&t[i], "process:pid")) {
			st->pid_col = (int)(i - k - 1);
			st->pid_named = 1;
			return;
		}
	}
}

static int
netstat_bsd_isheader(const struct scan_tok *t, size_t nt)
{
	size_t	 i;

	for (i = 0; i < nt && i < 3; i++)
		if (scan_tok_is(&t[i], "Proto") ||
		    scan_tok_is(&t[i], "Proto/ID"))
			return (1);
	return (0);
}

/* A Solaris section header: "TCP: IPv4", "UDP: IPv6", "SCTP:", "TCP". */
static int
netstat_bsd_solsection(struct netstat_bsd *st,
    const struct scan_tok *t, size_t nt)
{
	static const char *const skip[] = { "RAWIP", "RAWIP:", "ICMP",
	    "ICMP:", "ICMPv6:", "IGMP:" };
	size_t	 i;

	if (nt > 2 || (nt == 2 && !scan_tok_is(&t[1], "IPv4") &&
	    !scan_tok_is(&t[1], "IPv6")))
		return (0);
	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (scan_tok_is(&t[0], skip[i])) {
			st->mode = NB_SKIP;
			return (1);
		}
	if (scan_tok_is(&t[0], "TCP:") || scan_tok_is(&t[0], "TCP"))
		st->sol_proto = PROTO_TCP;
	else if (scan_tok_is(&t[0], "UDP:") || scan_tok_is(&t[0], "UDP"))
		st->sol_proto = PROTO_UDP;
	else if (scan_tok_is(&t[0], "SCTP:") ||
	    scan_tok_is(&t[0], "SCTP"))
		st->sol_proto = PROTO_SCTP;
	else
		return (0);
	if (nt == 2 && t[0].s[t[0].n - 1] != ':')
		return (0);
	st->sol_family = nt == 1 ? FAM_NONE :
	    scan_tok_is(&t[1], "IPv6") ? FAM_IPV6 : FAM_IPV4;
	st->mode = NB_SOL;
	return (1);
}

/* Titles: 1 when the line is one (mode updated). */
static int
netstat_bsd_title(struct netstat_bsd *st, const char *s, size_t n)
{
	size_t	 i;

	if (scan_prefix(s, n, "Active Internet") ||
	    scan_prefix(s, n, "Active SCTP") ||
	    scan_prefix(s, n, "Current listen queue")) {
		st->mode = NB_INET;
		st->title_v6 = scan_has(s, n, "IPv6") ||
		    scan_prefix(s, n, "Active Internet6");
		st->pid_col = -1;
		st->xcols = 0;
		return (1);
	}
	if (scan_prefix(s, n, "Registered kernel control")) {
		st->mode = NB_SKIP;
		return (1);
	}
	if (!scan_prefix(s, n, "Active "))
		return (0);
	for (i = 0; i < sizeof(netstat_bsd_skipped) /
	    sizeof(netstat_bsd_skipped[0]); i++)
		if (scan_prefix(s + 7, n - 7, netstat_bsd_skipped[i])) {
			st->mode = NB_SKIP;
			return (1);
		}
	return (0);
}

static int
netstat_bsd_dashes(const struct scan_tok *t, size_t nt)
{
	size_t	 i, k;

	for (i = 0; i < nt; i++)
		for (k = 0; k < t[i].n; k++)
			if (t[i].s[k] != '-')
				return (0);
	return (nt > 0);
}

/* Index of the protocol token (after up to two hex columns), or -1. */
static int
netstat_bsd_protoidx(const struct scan_tok *t, size_t nt,
    int *portless)
{
	enum proto	 pr;
	enum family	 fam;
	size_t		 i;
	int		 known;

	*portless = 0;
	for (i = 0; i < nt && i < 3; i++) {
		if (netstat_bsd_proto(&t[i], &pr, &fam, &known) == 0)
			return ((int)i);
		if (netstat_bsd_portless_proto(&t[i])) {
			*portless = 1;
			return ((int)i);
		}
		if (!netstat_bsd_hexcol(&t[i]))
			break;
	}
	return (-1);
}

static void
netstat_bsd_line(struct parse *p, struct netstat_bsd *st, const char *line,
    size_t len)
{
	struct scan_tok		 t[NETSTAT_BSD_NTOK];
	size_t			 nt;
	int			 pi, portless, cont;

	cont = st->last_sctp;
	st->last_sctp = 0;
	nt = scan_split(line, len, NETSTAT_BSD_BLANK, t, NETSTAT_BSD_NTOK,
	    NULL);
	if (nt == 0 || netstat_bsd_title(st, t[0].s, len - (t[0].s - line)) ||
	    netstat_bsd_solsection(st, t, nt) || st->mode == NB_SKIP ||
	    netstat_bsd_dashes(t, nt)) {
		parse_known(p);
		return;
	}
	if (netstat_bsd_isheader(t, nt)) {
		netstat_bsd_header(st, t, nt);
		parse_known(p);
		return;
	}
	if (nt >= 2 && scan_tok_is(&t[0], "Local") &&
	    scan_tok_is(&t[1], "Address")) {
		parse_known(p);		/* Solaris column header */
		return;
	}
	if ((pi = netstat_bsd_protoidx(t, nt, &portless)) >= 0) {
		if (portless)
			parse_known(p);
		else
			netstat_bsd_bsdrow(p, st, t, nt, (size_t)pi);
		return;
	}
	if (cont && netstat_bsd_sol_cont(t, nt) && (st->mode == NB_SOL ||
	    scan_isclass(line[0], NETSTAT_BSD_BLANK))) {
		parse_known(p);		/* more addresses of an SCTP row */
		st->last_sctp = 1;
		return;
	}
	if (st->mode == NB_SOL) {
		netstat_bsd_solrow(p, st, t, nt);
		return;
	}
	netstat_bsd_bad(p, st, DIAG_LINE_UNKNOWN, "not a socket row", &t[0]);
}

static int
netstat_bsd_parse(struct parse *p)
{
	struct netstat_bsd	 st;
	char			*line;
	size_t			 len;

	memset(&st, 0, sizeof(st));
	st.pid_col = -1;
	p->state = &st;
	while ((line = parse_next_line(p, &len)) != NULL)
		netstat_bsd_line(p, &st, line, len);
	p->state = NULL;
	return (st.unparsed);
}

/*
 * Sniffing.  An endpoint is "dotted" when its last separator is a dot
 * ("1.2.3.4.80", "::1.631", "*.*") and "colon" when it is a colon (the
 * Linux and Windows "0.0.0.0:22").
 */
static int
netstat_bsd_sniff_ep(const struct scan_tok *t)
{
	size_t	 i;

	for (i = t->n; i > 0; i--) {
		if (t->s[i - 1] == '.')
			return (i > 1 && i < t->n ? 1 : 0);
		if (t->s[i - 1] == ':')
			return (-1);
	}
	return (0);
}

struct netstat_bsd_sniffer {
	int	 dotted, colon, pcb, state_hdr, title, sol;
};

static void
netstat_bsd_sniff_line(struct netstat_bsd_sniffer *sn, const char *s,
    size_t n)
{
	struct scan_tok		 t[12];
	struct netstat_bsd	 st;
	size_t			 nt, i;
	int			 pi, portless, a, b;

	nt = scan_split(s, n, NETSTAT_BSD_BLANK, t, 12, NULL);
	if (nt == 0)
		return;
	memset(&st, 0, sizeof(st));
	if (scan_prefix(t[0].s, n - (t[0].s - s), "Active Internet"))
		sn->title++;
	if (netstat_bsd_solsection(&st, t, nt) && st.mode == NB_SOL && nt == 2)
		sn->sol++;
	if (netstat_bsd_isheader(t, nt))
		for (i = 0; i < nt; i++)
			if (scan_tok_is(&t[i], "(state)") ||
			    scan_tok_is(&t[i], "Rexmit") ||
			    scan_tok_is(&t[i], "R-MBUF") ||
			    scan_tok_is(&t[i], "Flowhash"))
				sn->state_hdr++;
	if ((pi = netstat_bsd_protoidx(t, nt, &portless)) < 0 || portless)
		return;
	/* 2 queues, 3 FreeBSD -T counters, or none (-T on UDP) */
	for (i = pi + 1; i < nt && i < (size_t)pi + 4 &&
	    scan_digits(t[i].s, t[i].n); i++)
		;
	if (i == (size_t)pi + 2 || i + 2 > nt)
		return;
	a = netstat_bsd_sniff_ep(&t[i]);
	b = netstat_bsd_sniff_ep(&t[i + 1]);
	if (a == 1 && b == 1) {
		sn->dotted++;
		sn->pcb += pi > 0;
	} else if (a == -1 || b == -1)
		sn->colon++;
}

static int
netstat_bsd_sniff(const char *buf, size_t len)
{
	struct netstat_bsd_sniffer	 sn;
	const char			*pos = buf, *end = buf + len, *s;
	size_t				 n;
	int				 lines = 0;

	memset(&sn, 0, sizeof(sn));
	while (lines++ < NETSTAT_BSD_SNIFF_LINES &&
	    (s = scan_line(&pos, end, &n)) != NULL)
		netstat_bsd_sniff_line(&sn, s, n);
	if (sn.colon > sn.dotted)
		return (0);
	if (sn.state_hdr > 0 && sn.dotted > 0)
		return (95);
	if (sn.sol > 0)
		return (90);
	if (sn.dotted >= 2)
		return (sn.pcb > 0 ? 90 : 85);
	if (sn.state_hdr > 0)
		return (80);
	if (sn.dotted == 1)
		return (60);
	return (sn.title > 0 && sn.colon == 0 ? 10 : 0);
}

/* BSD, macOS, AIX, HP-UX and Solaris netstat -an (address.port). */
const struct collector collector_netstat_bsd = {
	"netstat-bsd",
	"netstat",
	"CP1252",
	"BSD, macOS, AIX, HP-UX and Solaris netstat -an (address.port)",
	netstat_bsd_sniff,
	netstat_bsd_parse,
	0
};
