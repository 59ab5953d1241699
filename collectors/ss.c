/*
 * Collector for iproute2 ss (-tulpn, -tulpan, -ant, -a, -tulpen, -atu).
 *
 * Columns are Netid, State, Recv-Q, Send-Q, Local Address:Port, Peer
 * Address:Port and Process, but ss drops Netid when one socket table is
 * selected (ss -ant) and State when one state is (ss -t state
 * established), so every row is read by what its first tokens are, not
 * by the header.  Rows of a table without Netid are TCP unless the table
 * only holds UNCONN/ESTAB rows and at least one UNCONN (ss -anu): the
 * protocol is settled when the table ends.  The first users:(("name",
 * pid=N,fd=M)) entry gives the owner; -e tokens (uid:, ino:, sk:,
 * v6only:, <->) are ignored, and -i/-m detail lines are continuation
 * lines.  Sockets of other families (u_str, nl, p_raw, ...) and raw
 * sockets are recognised and skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define SS_MAXTOK	7
#define SS_PID_MAX	0x7fffffffULL
#define SS_SNIFF_LINES	400	/* at most SNIFF_LINES (sniff.c) */

/* A table without Netid: its rows wait for the protocol. */
struct ss_state {
	struct record	**pend;
	size_t		 npend;
	size_t		 cap;
	int		 tcp_hint;	/* a state only TCP has was seen */
	int		 unconn;	/* UNCONN rows */
	int		 after_row;	/* a -i/-m detail line may follow */
};

static const struct ss_netid {
	const char	*word;
	enum proto	 proto;		/* PROTO_NONE: skipped family */
} ss_netids[] = {
	{ "tcp",	PROTO_TCP },
	{ "udp",	PROTO_UDP },
	{ "sctp",	PROTO_SCTP },
	{ "dccp",	PROTO_DCCP },
	{ "mptcp",	PROTO_TCP },	/* binds a TCP port */
	{ "raw",	PROTO_NONE },
	{ "icmp",	PROTO_NONE },
	{ "icmp6",	PROTO_NONE },
	{ "u_str",	PROTO_NONE },
	{ "u_dgr",	PROTO_NONE },
	{ "u_seq",	PROTO_NONE },
	{ "nl",		PROTO_NONE },
	{ "p_raw",	PROTO_NONE },
	{ "p_dgr",	PROTO_NONE },
	{ "v_str",	PROTO_NONE },
	{ "v_dgr",	PROTO_NONE },
	{ "v_seq",	PROTO_NONE },
	{ "ti_st",	PROTO_NONE },
	{ "ti_dg",	PROTO_NONE },
	{ "ti_rd",	PROTO_NONE },
	{ "ti_sq",	PROTO_NONE },
	{ "xdp",	PROTO_NONE },
	{ "???",	PROTO_NONE },
	{ NULL,		PROTO_NONE }
};

/* ss.c sstate_name[]; UNCONN is CLOSED for TCP, null for UDP. */
static const struct ss_stword {
	const char	*word;
	enum sockstate	 state;
	int		 tcp_only;
} ss_states[] = {
	{ "ESTAB",		ST_ESTABLISHED,	0 },
	{ "UNCONN",		ST_CLOSED,	0 },
	{ "LISTEN",		ST_LISTEN,	1 },
	{ "SYN-SENT",		ST_SYN_SENT,	1 },
	{ "SYN-RECV",		ST_SYN_RECEIVED, 1 },
	{ "NEW-SYN-RECV",	ST_SYN_RECEIVED, 1 },
	{ "FIN-WAIT-1",		ST_FIN_WAIT_1,	1 },
	{ "FIN-WAIT-2",		ST_FIN_WAIT_2,	1 },
	{ "TIME-WAIT",		ST_TIME_WAIT,	1 },
	{ "CLOSE-WAIT",		ST_CLOSE_WAIT,	1 },
	{ "LAST-ACK",		ST_LAST_ACK,	1 },
	{ "CLOSING",		ST_CLOSING,	1 },
	{ "BOUND-INACTIVE",	ST_BOUND,	1 },
	{ "UNKNOWN",		ST_NONE,	0 },
	{ NULL,			ST_NONE,	0 }
};

static const struct ss_netid *
ss_netid_of(const struct scan_tok *t)
{
	const struct ss_netid	*ni;

	for (ni = ss_netids; ni->word != NULL; ni++)
		if (scan_tok_is(t, ni->word))
			return (ni);
	return (NULL);
}

static const struct ss_stword *
ss_state_of(const struct scan_tok *t)
{
	const struct ss_stword	*sw;

	for (sw = ss_states; sw->word != NULL; sw++)
		if (scan_tok_is(t, sw->word))
			return (sw);
	return (NULL);
}

/* The family an address shows: "*" is a dual-stack wildcard (null). */
static enum family
ss_family(const char *h, size_t n, int bracketed)
{
	const char	*pct;
	size_t		 i;

	if (bracketed)
		return (FAM_IPV6);
	if ((pct = memchr(h, '%', n)) != NULL)
		n = pct - h;
	if (n == 1 && h[0] == '*')
		return (FAM_NONE);
	if (memchr(h, ':', n) != NULL)
		return (FAM_IPV6);
	for (i = 0; i < n; i++)
		if (!scan_isdigit(h[i]) && h[i] != '.')
			return (FAM_NONE);	/* a host name (-r) */
	return (n > 0 ? FAM_IPV4 : FAM_NONE);
}

/*
 * The first owner of users:(("sshd",pid=612,fd=3),...); old ss prints
 * ("sendmail",3965,4).  0, or -1 when the column is not understood.
 */
static int
ss_users(struct parse *p, const char *s, size_t n, struct sockrec *so)
{
	unsigned long long	 pid;
	const char		*u, *name, *q, *end = s + n, *errstr;
	size_t			 i;

	for (u = s; u < end && (size_t)(end - u) >= 9; u++)
		if (memcmp(u, "users:((\"", 9) == 0)
			break;
	if (u >= end || (size_t)(end - u) < 9) {
		/* Nothing but -e/-o/-m tokens: no owner shown. */
		return (scan_has(s, n, "users:") ? -1 : 0);
	}
	name = u + 9;
	for (q = name; q + 1 < end && !(q[0] == '"' && q[1] == ','); q++)
		continue;
	if (q + 1 >= end)
		return (-1);
	if (q > name)
		so->process = parse_intern(p, name, q - name);
	q += 2;
	if ((size_t)(end - q) >= 4 && memcmp(q, "pid=", 4) == 0)
		q += 4;
	i = scan_span(q, end - q, SCAN_DIGIT);
	if (util_parse_ulong(q, i, 0, &pid, &errstr) == -1 ||
	    pid > SS_PID_MAX)
		return (-1);
	so->pid = (long)pid;
	return (0);
}

static void
ss_set_addr(struct parse *p, const struct scan_hostport *a,
    const char **addr, int *port, const char **name)
{
	*addr = parse_strndup(p, a->host, a->hostlen);
	*port = a->port;
	*name = a->name == NULL ? NULL : parse_intern(p, a->name, a->namelen);
}

/* Remember a row of a table without Netid until the table ends. */
static void
ss_pend(struct ss_state *st, struct record *r, const struct ss_stword *sw)
{
	if (st->npend == st->cap) {
		st->cap = st->cap == 0 ? 64 : st->cap * 2;
		st->pend = xrealloc(st->pend, st->cap * sizeof(*st->pend));
	}
	st->pend[st->npend++] = r;
	if (sw != NULL && sw->tcp_only)
		st->tcp_hint = 1;
	if (sw != NULL && sw->state == ST_CLOSED)
		st->unconn++;
}

/* The table ended: a table of only UNCONN/ESTAB rows is ss -u output. */
static void
ss_settle(struct ss_state *st)
{
	size_t	 i;
	int	 udp = !st->tcp_hint && st->unconn > 0;

	for (i = 0; i < st->npend; i++) {
		st->pend[i]->u.sock.proto = udp ? PROTO_UDP : PROTO_TCP;
		if (udp)
			st->pend[i]->u.sock.state = ST_NONE;
	}
	st->npend = 0;
	st->tcp_hint = 0;
	st->unconn = 0;
}

/* Netid and State, each when present; idx is where Recv-Q starts. */
static size_t
ss_lead(const struct scan_tok *t, size_t nt, const struct ss_netid **ni,
    const struct ss_stword **sw)
{
	size_t	 i = 0;

	*ni = NULL;
	*sw = NULL;
	if (i < nt && (*ni = ss_netid_of(&t[i])) != NULL)
		i++;
	if (i < nt && (*sw = ss_state_of(&t[i])) != NULL)
		i++;
	return (i);
}

/* One socket row; the line is classified here. */
static void
ss_row(struct parse *p, struct ss_state *st, const char *line, size_t len)
{
	struct scan_tok		 t[SS_MAXTOK];
	const struct ss_netid	*ni;
	const struct ss_stword	*sw;
	struct scan_hostport	 la, ra;
	struct sockrec		 so;
	struct record		*r;
	unsigned long long	 q;
	const char		*rest, *why;
	size_t			 nt, i;
	int			 code;

	nt = scan_split(line, len, SCAN_SPACE, t, SS_MAXTOK, NULL);
	i = ss_lead(t, nt, &ni, &sw);
	if (ni != NULL && ni->proto == PROTO_NONE) {
		parse_known(p);		/* unix, netlink, packet, raw ... */
		return;
	}
	if (nt < i + 4) {
		parse_unparsed(p, DIAG_LINE_SHORT, "%zu columns", nt);
		return;
	}
	if (util_parse_ulong(t[i].s, t[i].n, 0, &q, &why) == -1 ||
	    util_parse_ulong(t[i + 1].s, t[i + 1].n, 0, &q, &why) == -1) {
		parse_unparsed(p, DIAG_BAD_NUMBER, "queue: %s", why);
		return;
	}
	if ((code = scan_hostport(t[i + 2].s, t[i + 2].n, &la, &why)) != 0 ||
	    (code = scan_hostport(t[i + 3].s, t[i + 3].n, &ra, &why)) != 0) {
		parse_unparsed(p, code, "%s", why);
		return;
	}
	rest = t[i + 3].s + t[i + 3].n;
	memset(&so, 0, sizeof(so));
	so.pid = -1;
	if (ss_users(p, rest, line + len - rest, &so) == -1)
		parse_warn(p, DIAG_LINE_UNKNOWN, "process column not understood");
	so.proto = ni != NULL ? ni->proto : PROTO_TCP;
	so.family = ss_family(la.host, la.hostlen, la.bracketed);
	so.state = sw != NULL ? sw->state : ST_NONE;
	if (so.proto == PROTO_UDP)
		so.state = ST_NONE;
	r = rec_add(p, REC_SOCKET);
	r->u.sock = so;
	ss_set_addr(p, &la, &r->u.sock.local_addr, &r->u.sock.local_port,
	    &r->u.sock.local_port_name);
	ss_set_addr(p, &ra, &r->u.sock.remote_addr, &r->u.sock.remote_port,
	    &r->u.sock.remote_port_name);
	if (ni == NULL)
		ss_pend(st, r, sw);
	st->after_row = 1;
}

/* "Netid State Recv-Q ...", "NetidState", "State Recv-Q", "Recv-Q ...". */
static int
ss_is_header(const struct scan_tok *t0, const char *line, size_t len)
{
	size_t	 n = line + len - t0->s;

	return ((scan_prefix(t0->s, t0->n, "Netid") ||
	    scan_tok_is(t0, "State") || scan_tok_is(t0, "Recv-Q")) &&
	    (scan_has(t0->s, n, "Recv-Q") || scan_has(t0->s, n, "Local")));
}

/* Lines that are not rows: headers, details, prompts, blank. */
static void
ss_other(struct parse *p, struct ss_state *st, const char *line, size_t len,
    const struct scan_tok *t0)
{
	int	 cont = st->after_row;

	st->after_row = 0;
	if (ss_is_header(t0, line, len)) {
		ss_settle(st);
		parse_known(p);
	} else if (scan_isspace(line[0])) {
		/* -i, -m, -e detail lines are indented under their socket */
		if (cont) {
			st->after_row = 1;
			parse_known(p);
		} else
			parse_unparsed(p, DIAG_ORPHAN_LINE, NULL);
	} else if (scan_prompt(t0->s, line + len - t0->s) ||
	    scan_tok_is(t0, "ss") || scan_tok_is(t0, "sudo")) {
		ss_settle(st);
		parse_known(p);
	} else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, NULL);
}

static int
ss_parse(struct parse *p)
{
	struct ss_state		 st;
	struct scan_tok		 t[4];
	const struct ss_netid	*ni;
	const struct ss_stword	*sw;
	const char		*line;
	size_t			 len, nt, i;

	memset(&st, 0, sizeof(st));
	while ((line = parse_next_line(p, &len)) != NULL) {
		nt = scan_split(line, len, SCAN_SPACE, t, 4, NULL);
		if (nt == 0) {
			st.after_row = 0;
			parse_known(p);
			continue;
		}
		i = ss_lead(t, nt, &ni, &sw);
		if (ni != NULL || (sw != NULL && !ss_is_header(&t[0], line,
		    len)) || (i == 0 && nt >= 3 && scan_digits(t[0].s,
		    t[0].n) && scan_digits(t[1].s, t[1].n)))
			ss_row(p, &st, line, len);
		else
			ss_other(p, &st, line, len, &t[0]);
	}
	ss_settle(&st);
	free(st.pend);
	return ((int)p->in->lines_unparsed);
}

/* Score one line for the sniffer; *other is set on a netstat header. */
static void
ss_sniff_line(const char *s, size_t n, int *score, int *rows, int *other)
{
	struct scan_tok		 t[5];
	const struct ss_netid	*ni;
	const struct ss_stword	*sw;
	size_t			 nt, i;
	const char		*rest;

	if (scan_prefix(s, n, "Proto ") && scan_has(s, n, "Recv-Q"))
		*other = 1;
	else if ((scan_prefix(s, n, "Netid") || scan_prefix(s, n, "State") ||
	    scan_prefix(s, n, "Recv-Q")) && scan_has(s, n, "Recv-Q") &&
	    scan_has(s, n, "Send-Q") && *score < 60)
		*score += scan_has(s, n, "Address:Port") ? 60 : 40;
	/*
	 * A row has a lead of one or two tokens, then two queue lengths:
	 * the second or third token is digits, which most lines of other
	 * formats end on before the lead is looked up.
	 */
	nt = scan_split(s, n, SCAN_SPACE, t, 3, &rest);
	if (nt < 3 || (!scan_digits(t[1].s, t[1].n) &&
	    !scan_digits(t[2].s, t[2].n)))
		return;
	if ((i = ss_lead(t, nt, &ni, &sw)) == 0)
		return;
	nt += scan_split(rest, s + n - rest, SCAN_SPACE, t + 3, 2, NULL);
	if (nt < i + 3 || !scan_digits(t[i].s, t[i].n) ||
	    !scan_digits(t[i + 1].s, t[i + 1].n))
		return;
	/* "tcp 0 0 a b" is netstat: ss rows carry a state or an ss netid. */
	if (sw != NULL || (ni != NULL && ni->proto == PROTO_NONE))
		(*rows)++;
}

static int
ss_sniff(const char *buf, size_t len)
{
	const char	*pos = buf, *end = buf + len, *s;
	size_t		 n;
	int		 score = 0, rows = 0, other = 0, lines = 0;

	while (lines++ < SS_SNIFF_LINES &&
	    (s = scan_line(&pos, end, &n)) != NULL) {
		/* 100 from here on, unless a netstat header says otherwise. */
		if (score >= 60 && rows * 15 >= 40) {
			if (scan_prefix(s, n, "Proto ") &&
			    scan_has(s, n, "Recv-Q"))
				return (0);
			continue;
		}
		ss_sniff_line(s, n, &score, &rows, &other);
	}
	if (other || (rows == 0 && score < 60))
		return (0);
	score += rows * 15 > 40 ? 40 : rows * 15;
	return (score > 100 ? 100 : score);
}

const struct collector collector_ss = {
	"ss",
	"ss",
	"CP1252",
	"Linux iproute2 ss (-tulpn, -tulpan, -ant, -a, -tulpen)",
	ss_sniff,
	ss_parse,
	0
};
