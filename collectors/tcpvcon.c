/*
 * Collector for Sysinternals tcpvcon (the command-line TCPView): tcpvcon
 * -a -c, CSV rows "proto,process,pid,state,local,remote" (TCP, UDP, TCPV6,
 * UDPV6; a UDP row's state and remote are "*"), and tcpvcon -a, text
 * blocks:
 *
 *	[TCP] C:\Windows\system32\svchost.exe
 *	     PID:    924
 *	     State:  LISTENING
 *	     Local:  0.0.0.0:135
 *	     Remote: 0.0.0.0:0
 *
 * with or without -n (without it, addresses and ports are names).  The
 * banner (version, copyright, Sysinternals) is recognised.  The record of
 * a block stands on its Local: line.  Recent releases print addresses
 * without their ports ("0.0.0.0", "[0:0:0:0:0:0:0:0]"): such a row holds
 * no port to audit and is unparsed (field-missing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "rows.h"
#include "scan.h"

#define TCPV_ADDR	256
#define TCPV_SNIFF	200	/* at most SNIFF_LINES (sniff.c) */

/* An endpoint "host:port" split into NUL-terminated parts. */
struct tcpv_ep {
	char	 host[TCPV_ADDR];
	char	 port[TCPV_ADDR];
};

/* The text block being read. */
struct tcpv_block {
	int		 open;		/* a [PROTO] line was seen */
	unsigned	 line;		/* its line */
	char		 proto[16];
	char		 process[TCPV_ADDR];
	char		 pid[32];
	char		 state[32];
	int		 local;		/* its Local: line was read */
	struct record	*rec;		/* the record of the Local: line */
};

struct tcpv_state {
	struct csvrow		 row;
	struct tcpv_block	 b;
};

static const char *const tcpv_protos[] = {
	"TCP", "UDP", "TCPV6", "UDPV6", NULL
};

static int
tcpv_proto(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; tcpv_protos[i] != NULL; i++)
		if (strlen(tcpv_protos[i]) == n &&
		    util_strncasecmp_ascii(s, tcpv_protos[i], n) == 0)
			return (1);
	return (0);
}

/* The image name of a path "C:\...\svchost.exe". */
static const char *
tcpv_image(const char *s)
{
	const char	*b;

	if ((b = strrchr(s, '\\')) != NULL)
		return (b + 1);
	return (s);
}

/* Split an endpoint; "*" and "*:*" give empty parts.  -1: no port. */
static int
tcpv_split(const char *s, struct tcpv_ep *ep)
{
	struct scan_hostport	 hp;
	const char		*why;
	size_t			 n = strlen(s);

	ep->host[0] = ep->port[0] = '\0';
	if (n == 0 || strcmp(s, "*") == 0 || strcmp(s, "*:*") == 0)
		return (0);
	if (scan_hostport(s, n, &hp, &why) != 0 ||
	    (hp.port == -1 && hp.name == NULL && !(hp.namelen == 0 &&
	    s[n - 1] == '*')))
		return (-1);
	snprintf(ep->host, sizeof(ep->host), "%.*s", (int)hp.hostlen,
	    hp.host);
	if (hp.name != NULL)
		snprintf(ep->port, sizeof(ep->port), "%.*s", (int)hp.namelen,
		    hp.name);
	else if (hp.port >= 0)
		snprintf(ep->port, sizeof(ep->port), "%d", hp.port);
	return (0);
}

/* A socket from the tool's fields; *rp gets its record. */
static int
tcpv_add(struct parse *p, const char *proto, const char *process,
    const char *pid, const char *state, const char *local,
    const char *remote, struct record **rp)
{
	struct sockrow	 s;
	struct tcpv_ep	 l, r;

	if (tcpv_split(local, &l) == -1 || l.port[0] == '\0') {
		parse_unparsed(p, DIAG_FIELD_MISSING, "local port: \"%.40s\" "
		    "has none", local);
		return (-1);
	}
	if (remote != NULL && tcpv_split(remote, &r) == -1) {
		parse_unparsed(p, DIAG_BAD_ADDR, "remote \"%.40s\"", remote);
		return (-1);
	}
	memset(&s, 0, sizeof(s));
	s.proto = proto;
	s.process = process != NULL ? tcpv_image(process) : NULL;
	s.pid = pid;
	s.state = state;
	s.laddr = l.host;
	s.lport = l.port;
	if (remote != NULL && r.host[0] != '\0') {
		s.raddr = r.host;
		s.rport = r.port;
	}
	s.names = 1;
	return (sockrow_add(p, &s, rp));
}

/* tcpvcon -c: "TCP,svchost.exe,924,LISTENING,0.0.0.0:135,0.0.0.0:0". */
static void
tcpv_csv(struct parse *p, struct tcpv_state *st, const char *line,
    size_t len)
{
	struct csvrow	*r = &st->row;

	if (csvrow_split(r, line, len, ',') == -1) {
		parse_unparsed(p, DIAG_CSV_SYNTAX, NULL);
		return;
	}
	if (r->n != 6) {
		parse_unparsed(p, DIAG_CSV_COLUMNS, "%d columns, 6 expected",
		    r->n);
		return;
	}
	tcpv_add(p, r->f[0], r->f[1], r->f[2], r->f[3], r->f[4], r->f[5],
	    NULL);
}

/* A block ended: say so when it never named its local endpoint. */
static void
tcpv_close(struct parse *p, struct tcpv_block *b)
{
	if (b->open && !b->local)
		diag(p->in, b->line, DIAG_FIELD_MISSING, "no Local: line, "
		    "block skipped");
	memset(b, 0, sizeof(*b));
}

/* "[TCP] C:\Windows\system32\svchost.exe" */
static void
tcpv_head(struct parse *p, struct tcpv_block *b, const char *line)
{
	const char	*e = strchr(line, ']');

	tcpv_close(p, b);
	b->open = 1;
	b->line = p->lineno;
	snprintf(b->proto, sizeof(b->proto), "%.*s", (int)(e - line - 1),
	    line + 1);
	for (e++; *e == ' ' || *e == '\t'; e++)
		continue;
	snprintf(b->process, sizeof(b->process), "%s", e);
	parse_known(p);
}

/* "PID:", "State:", "Local:", "Remote:" lines of a block. */
static void
tcpv_field(struct parse *p, struct tcpv_block *b, const char *k, size_t kn,
    const char *v)
{
	struct tcpv_ep	 r;

	if (kn == 3 && util_strncasecmp_ascii(k, "PID", 3) == 0)
		snprintf(b->pid, sizeof(b->pid), "%s", v);
	else if (kn == 5 && util_strncasecmp_ascii(k, "State", 5) == 0)
		snprintf(b->state, sizeof(b->state), "%s", v);
	else if (kn == 5 && util_strncasecmp_ascii(k, "Local", 5) == 0) {
		b->local = 1;
		tcpv_add(p, b->proto, b->process, b->pid, b->state, v, NULL,
		    &b->rec);
		return;
	} else if (kn == 6 && util_strncasecmp_ascii(k, "Remote", 6) == 0) {
		if (b->rec != NULL && tcpv_split(v, &r) == 0 &&
		    r.host[0] != '\0') {
			b->rec->u.sock.remote_addr = parse_strndup(p, r.host,
			    strlen(r.host));
			if (strspn(r.port, "0123456789") == strlen(r.port))
				b->rec->u.sock.remote_port = r.port[0] ==
				    '\0' ? -1 : atoi(r.port);
			else
				b->rec->u.sock.remote_port_name =
				    parse_intern(p, r.port, strlen(r.port));
		}
	} else {
		parse_unparsed(p, DIAG_LINE_UNKNOWN, "field \"%.*s\"", (int)kn,
		    k);
		return;
	}
	parse_known(p);
}

static int
tcpv_banner(const char *s, size_t n)
{
	return (scan_prefix(s, n, "TCPView") || scan_prefix(s, n, "Tcpvcon") ||
	    scan_prefix(s, n, "Copyright") || scan_prefix(s, n, "Sysinternals")
	    || (scan_casehas(s, n, "proto") && scan_casehas(s, n, "process")));
}

static void
tcpv_line(struct parse *p, struct tcpv_state *st, const char *line,
    size_t len)
{
	const char	*s = line, *c, *e;
	size_t		 n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = len - (s - line);
	if (n == 0) {
		parse_known(p);
		return;
	}
	if (*s == '[' && (e = memchr(s, ']', n)) != NULL &&
	    tcpv_proto(s + 1, e - s - 1)) {
		tcpv_head(p, &st->b, s);
		return;
	}
	if ((c = memchr(s, ',', n)) != NULL && tcpv_proto(s, c - s)) {
		tcpv_close(p, &st->b);
		tcpv_csv(p, st, s, n);
		return;
	}
	if (st->b.open && (c = memchr(s, ':', n)) != NULL) {
		for (e = c + 1; *e == ' ' || *e == '\t'; e++)
			continue;
		tcpv_field(p, &st->b, s, c - s, e);
		return;
	}
	if (tcpv_banner(s, n))
		parse_known(p);
	else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, NULL);
}

static int
tcpv_parse(struct parse *p)
{
	struct tcpv_state	 st;
	char			*line;
	size_t			 len;

	memset(&st, 0, sizeof(st));
	while ((line = parse_next_line(p, &len)) != NULL)
		tcpv_line(p, &st, line, len);
	tcpv_close(p, &st.b);
	csvrow_free(&st.row);
	return ((int)p->in->lines_unparsed);
}

static int
tcpv_sniff(const char *buf, size_t len)
{
	const char	*pos = buf, *s, *e;
	size_t		 n;
	int		 lines = 0, blocks = 0, fields = 0, rows = 0, banner = 0;

	while (lines++ < TCPV_SNIFF && (s = scan_line(&pos, buf + len, &n)) !=
	    NULL) {
		if (scan_prefix(s, n, "TCPView") || scan_prefix(s, n, "Tcpvcon"))
			banner = 1;
		if (n > 2 && s[0] == '[' && (e = memchr(s, ']', n)) != NULL &&
		    tcpv_proto(s + 1, e - s - 1))
			blocks++;
		else if ((e = memchr(s, ',', n)) != NULL &&
		    tcpv_proto(s, e - s) && scan_has(s, n, ",") &&
		    (e = memchr(e + 1, ',', s + n - e - 1)) != NULL &&
		    scan_isdigit(e[1]))
			rows++;
		else if (scan_has(s, n, "PID:") || scan_has(s, n, "Local:"))
			fields++;
	}
	if (blocks > 0 && fields > 0)
		return (banner ? 100 : 90);
	if (rows > 0)
		return (banner ? 100 : 80);
	return (0);
}

const struct collector collector_tcpvcon = {
	"tcpvcon", "tcpvcon", "CP1252",
	"Sysinternals tcpvcon -a (text) and -a -c (CSV)",
	tcpv_sniff, tcpv_parse, 0
};
