/*
 * A socket row of a fleet tool's export, given as named text fields, made
 * into a socket record.  The tools disagree on every field: the protocol is
 * an IP protocol number (osquery: 6, 17) or a word (TCP, UDPv6), the family
 * an address family number (2; 10 on Linux, 23 on Windows, 30 on macOS,
 * 28 on FreeBSD for IPv6; 1 for AF_UNIX) or a word (IPv4), and the state
 * any of the kernel's, Windows' or the tool's own spellings (LISTEN,
 * Listening, ESTAB, SYN_RCVD, Time Wait).  Rows that are no TCP or UDP
 * endpoint (AF_UNIX, AF_PACKET, raw, ICMP) are recognised and skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "rows.h"
#include "scan.h"

#define SOCKROW_PID_MAX		0x7fffffffULL

/* State words, folded: upper case without blanks, '_' and '-'. */
static const struct sockrow_word {
	const char	*word;
	enum sockstate	 state;
} sockrow_states[] = {
	{ "LISTEN",		ST_LISTEN },
	{ "LISTENING",		ST_LISTEN },
	{ "ESTAB",		ST_ESTABLISHED },
	{ "ESTABLISHED",	ST_ESTABLISHED },
	{ "SYNSENT",		ST_SYN_SENT },
	{ "SENT",		ST_SYN_SENT },	/* Velociraptor */
	{ "SYNRECV",		ST_SYN_RECEIVED },
	{ "SYNRCVD",		ST_SYN_RECEIVED },
	{ "SYNRECEIVED",	ST_SYN_RECEIVED },
	{ "NEWSYNRECV",		ST_SYN_RECEIVED },
	{ "RCVD",		ST_SYN_RECEIVED },
	{ "FINWAIT1",		ST_FIN_WAIT_1 },
	{ "FINWAIT2",		ST_FIN_WAIT_2 },
	{ "CLOSEWAIT",		ST_CLOSE_WAIT },
	{ "CLOSING",		ST_CLOSING },
	{ "LASTACK",		ST_LAST_ACK },
	{ "TIMEWAIT",		ST_TIME_WAIT },
	{ "CLOSE",		ST_CLOSED },
	{ "CLOSED",		ST_CLOSED },
	{ "DELETETCB",		ST_CLOSED },	/* being deleted */
	{ "DELETE",		ST_CLOSED },
	{ "BOUND",		ST_BOUND },
	{ "NONE",		ST_NONE },	/* gopsutil's UDP */
	{ "UNKNOWN",		ST_NONE },	/* osquery: out of range */
	{ "",			ST_NONE },
	{ NULL,			ST_NONE }
};

int
sockrow_state(const char *s, enum sockstate *st)
{
	const struct sockrow_word	*w;
	char				 f[24];
	size_t				 n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '_' || *s == '-' || *s == '\t')
			continue;
		if (n + 1 >= sizeof(f))
			return (-1);
		f[n++] = scan_isclass(*s, SCAN_LOWER) ? *s - 'a' + 'A' : *s;
	}
	f[n] = '\0';
	for (w = sockrow_states; w->word != NULL; w++)
		if (strcmp(w->word, f) == 0) {
			*st = w->state;
			return (0);
		}
	return (-1);
}

static int
sockrow_word(const char *s, const char *w)
{
	return (util_strcasecmp_ascii(s, w) == 0);
}

/* PROTO_NONE: not TCP/UDP (skipped); PROTO_OTHER: not understood. */
static enum proto
sockrow_proto(const char *s, enum family *fam)
{
	unsigned long long	 v;
	const char		*why;

	if (s == NULL || *s == '\0')
		return (PROTO_OTHER);
	if (util_parse_ulong(s, strlen(s), 0, &v, &why) == 0) {
		switch (v) {
		case 6:
			return (PROTO_TCP);
		case 17:
			return (PROTO_UDP);
		case 132:
			return (PROTO_SCTP);
		case 33:
			return (PROTO_DCCP);
		default:
			return (v <= 255 ? PROTO_NONE : PROTO_OTHER);
		}
	}
	if (sockrow_word(s, "TCP") || sockrow_word(s, "TCPv4") ||
	    sockrow_word(s, "TCP4"))
		return (PROTO_TCP);
	if (sockrow_word(s, "UDP") || sockrow_word(s, "UDPv4") ||
	    sockrow_word(s, "UDP4"))
		return (PROTO_UDP);
	if (sockrow_word(s, "TCPv6") || sockrow_word(s, "TCP6")) {
		*fam = FAM_IPV6;
		return (PROTO_TCP);
	}
	if (sockrow_word(s, "UDPv6") || sockrow_word(s, "UDP6")) {
		*fam = FAM_IPV6;
		return (PROTO_UDP);
	}
	if (sockrow_word(s, "ICMP") || sockrow_word(s, "ICMPv6") ||
	    sockrow_word(s, "RAW") || sockrow_word(s, "UNIX"))
		return (PROTO_NONE);
	return (PROTO_OTHER);
}

/* 0 with *fam set (FAM_NONE when absent), 1 for no IP family, -1. */
static int
sockrow_family(const char *s, enum family *fam)
{
	unsigned long long	 v;
	const char		*why;

	if (s == NULL || *s == '\0')
		return (0);
	if (util_parse_ulong(s, strlen(s), 0, &v, &why) == 0) {
		if (v == 2)
			*fam = FAM_IPV4;
		else if (v == 10 || v == 23 || v == 28 || v == 30)
			*fam = FAM_IPV6;
		else
			return (1);	/* AF_UNIX, AF_PACKET, ... */
		return (0);
	}
	if (sockrow_word(s, "IPv4") || sockrow_word(s, "AF_INET") ||
	    sockrow_word(s, "inet"))
		*fam = FAM_IPV4;
	else if (sockrow_word(s, "IPv6") || sockrow_word(s, "AF_INET6") ||
	    sockrow_word(s, "inet6"))
		*fam = FAM_IPV6;
	else if (sockrow_word(s, "AF_UNIX") || sockrow_word(s, "unix"))
		return (1);
	else
		return (-1);
	return (0);
}

/* The family an address shows, for rows that do not say. */
static enum family
sockrow_addr_family(const char *a)
{
	if (strchr(a, ':') != NULL)
		return (FAM_IPV6);
	if (*a != '\0' && strspn(a, "0123456789.") == strlen(a))
		return (FAM_IPV4);
	return (FAM_NONE);
}

/* An address without the brackets a tool may put around IPv6. */
static const char *
sockrow_addr(struct parse *p, const char *a)
{
	size_t	 n = strlen(a);

	if (n >= 2 && a[0] == '[' && a[n - 1] == ']')
		return (parse_strndup(p, a + 1, n - 2));
	return (parse_strndup(p, a, n));
}

/* A port; a service name when the tool resolved ports (names). */
static int
sockrow_port(struct parse *p, const struct sockrow *row, const char *what,
    const char *s, int *port, const char **name)
{
	const char	*why;
	size_t		 n;

	*port = -1;
	if (s == NULL || *s == '\0' || strcmp(s, "*") == 0)
		return (0);
	n = strlen(s);
	if (row->names && strspn(s, "0123456789") < n &&
	    scan_servname(s, n)) {
		*name = parse_intern(p, s, n);
		return (0);
	}
	if (util_parse_port(s, n, port, &why) == -1) {
		parse_unparsed(p, DIAG_BAD_PORT, "%s port \"%.20s\": %s", what,
		    s, why);
		return (-1);
	}
	return (0);
}

static int
sockrow_pid(struct parse *p, const char *s, long *pid)
{
	unsigned long long	 v;
	const char		*why;

	*pid = -1;
	if (s == NULL || *s == '\0' || strcmp(s, "-1") == 0)
		return (0);
	if (util_parse_ulong(s, strlen(s), 0, &v, &why) == -1 ||
	    v > SOCKROW_PID_MAX) {
		parse_unparsed(p, DIAG_BAD_NUMBER, "pid \"%.20s\"", s);
		return (-1);
	}
	*pid = (long)v;
	return (0);
}

/* Protocol and family; 1 when the row is no TCP/UDP endpoint. */
static int
sockrow_kind(struct parse *p, const struct sockrow *row, struct sockrec *so)
{
	int	 f;

	so->family = FAM_NONE;
	if ((f = sockrow_family(row->family, &so->family)) == 1)
		return (1);
	if (f == -1) {
		parse_unparsed(p, DIAG_LINE_UNKNOWN, "address family \"%.20s\"",
		    row->family);
		return (-1);
	}
	so->proto = sockrow_proto(row->proto, &so->family);
	if (so->proto == PROTO_NONE)
		return (1);
	if (so->proto == PROTO_OTHER) {
		if (row->proto == NULL || *row->proto == '\0')
			parse_unparsed(p, DIAG_FIELD_MISSING, "protocol");
		else
			parse_unparsed(p, DIAG_LINE_UNKNOWN, "protocol "
			    "\"%.20s\"", row->proto);
		return (-1);
	}
	return (0);
}

/* The state: the tool's word, or what a listener table implies. */
static int
sockrow_state_of(struct parse *p, const struct sockrow *row,
    struct sockrec *so)
{
	so->state = ST_NONE;
	if (so->proto == PROTO_UDP)
		return (0);
	if (row->state != NULL && sockrow_state(row->state, &so->state) ==
	    -1) {
		parse_unparsed(p, DIAG_BAD_STATE, "\"%.30s\"", row->state);
		return (-1);
	}
	if (so->state == ST_NONE && row->listener && so->proto == PROTO_TCP)
		so->state = ST_LISTEN;
	return (0);
}

int
sockrow_add(struct parse *p, const struct sockrow *row, struct record **rp)
{
	struct sockrec	 so;
	struct record	*r;
	size_t		 n;
	int		 k;

	memset(&so, 0, sizeof(so));
	if ((k = sockrow_kind(p, row, &so)) == 1) {
		if (p->cls == 0)	/* not yet accounted */
			parse_known(p);
		return (0);
	}
	if (k != 0)
		return (-1);
	if (row->laddr == NULL || row->lport == NULL || *row->lport == '\0') {
		parse_unparsed(p, DIAG_FIELD_MISSING, "%s",
		    row->laddr == NULL ? "local address" : "local port");
		return (-1);
	}
	if (sockrow_port(p, row, "local", row->lport, &so.local_port,
	    &so.local_port_name) == -1 ||
	    sockrow_port(p, row, "remote", row->rport, &so.remote_port,
	    &so.remote_port_name) == -1 ||
	    sockrow_pid(p, row->pid, &so.pid) == -1 ||
	    sockrow_state_of(p, row, &so) == -1)
		return (-1);
	so.local_addr = sockrow_addr(p, row->laddr);
	if (so.family == FAM_NONE)
		so.family = sockrow_addr_family(so.local_addr);
	if (row->raddr != NULL && *row->raddr != '\0')
		so.remote_addr = sockrow_addr(p, row->raddr);
	if (row->process != NULL) {
		/* Linux's /proc comm ends in a newline */
		for (n = strlen(row->process); n > 0 &&
		    strchr(" \t\r\n", row->process[n - 1]) != NULL; n--)
			continue;
		if (n > 0)
			so.process = parse_intern(p, row->process, n);
	}
	r = rec_add(p, REC_SOCKET);
	r->u.sock = so;
	if (row->text != NULL)
		r->text = row->text;
	if (rp != NULL)
		*rp = r;
	return (1);
}
