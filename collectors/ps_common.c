/*
 * What the PowerShell collectors share.  Get-NetTCPConnection returns
 * MSFT_NetTCPConnection objects and Get-NetUDPEndpoint MSFT_NetUDPEndpoint
 * objects (ROOT/StandardCimv2); whether printed as a console table, a
 * Format-List block, an Export-Csv row or a ConvertTo-Json object, the same
 * properties make one socket: LocalAddress, LocalPort, RemoteAddress,
 * RemotePort, State, OwningProcess and, through Invoke-Command,
 * PSComputerName.  State prints as the enum's name and converts to JSON as
 * its number; both are read (MSFT_NetTCPConnection MOF and the .NET
 * TcpState enum: Closed 1 .. DeleteTCB 12; Bound 100, listed after
 * DeleteTCB by [enum]::GetNames on Windows 10).  DeleteTCB, a connection
 * whose control block is being freed, reads as CLOSED; Bound, a port bound
 * but neither listening nor connected, as BOUND, not a listener.
 *
 * Get-ItemProperty of a registry key prints its values by name beside the
 * provider's PSPath, PSParentPath, PSChildName, PSDrive and PSProvider;
 * the values become REC_REGVALUE records for the knowledge base, as the
 * .reg collector's do.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "ps.h"

#define PS_SHOW		40		/* bytes of a bad value shown */

static const char *const ps_fields[PSF__MAX] = {
	"LocalAddress", "LocalPort", "RemoteAddress", "RemotePort", "State",
	"OwningProcess", "PSComputerName", "ProcessName", "CimClass"
};

/* State names and numbers of MSFT_NetTCPConnection. */
static const struct {
	const char	*name;
	int		 num;
	enum sockstate	 state;
} ps_states[] = {
	{ "Closed", 1, ST_CLOSED },
	{ "Listen", 2, ST_LISTEN },
	{ "SynSent", 3, ST_SYN_SENT },
	{ "SynReceived", 4, ST_SYN_RECEIVED },
	{ "Established", 5, ST_ESTABLISHED },
	{ "FinWait1", 6, ST_FIN_WAIT_1 },
	{ "FinWait2", 7, ST_FIN_WAIT_2 },
	{ "CloseWait", 8, ST_CLOSE_WAIT },
	{ "Closing", 9, ST_CLOSING },
	{ "LastAck", 10, ST_LAST_ACK },
	{ "TimeWait", 11, ST_TIME_WAIT },
	{ "DeleteTCB", 12, ST_CLOSED },
	{ "Bound", 100, ST_BOUND },
};

/* Get-ItemProperty's own properties, and what remoting adds. */
static const char *const ps_reg_metas[] = {
	"PSPath", "PSParentPath", "PSChildName", "PSDrive", "PSProvider",
	"PSComputerName", "RunspaceId", "PSShowComputerName"
};

int
ps_field_of(const char *s, size_t n)
{
	int	 i;

	for (i = 0; i < PSF__MAX; i++)
		if (scan_caseeq(s, n, ps_fields[i]))
			return (i);
	return (-1);
}

const char *
ps_field_name(enum ps_field f)
{
	return (ps_fields[f]);
}

enum proto
ps_class_proto(const char *s, size_t n)
{
	if (scan_casehas(s, n, "MSFT_NetTCPConnection"))
		return (PROTO_TCP);
	if (scan_casehas(s, n, "MSFT_NetUDPEndpoint"))
		return (PROTO_UDP);
	return (PROTO_NONE);
}

int
ps_reg_meta(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(ps_reg_metas) / sizeof(ps_reg_metas[0]); i++)
		if (scan_caseeq(s, n, ps_reg_metas[i]))
			return (1);
	return (0);
}

static int
ps_present(const struct scan_tok *t)
{
	return (t->s != NULL);
}

/* A state as a name or a number; -1 when it is neither. */
static int
ps_state(const struct scan_tok *t, enum sockstate *st)
{
	unsigned long long	 v;
	const char		*errstr;
	size_t			 i;

	for (i = 0; i < sizeof(ps_states) / sizeof(ps_states[0]); i++)
		if (scan_caseeq(t->s, t->n, ps_states[i].name)) {
			*st = ps_states[i].state;
			return (0);
		}
	if (!scan_digits(t->s, t->n) ||
	    util_parse_ulong(t->s, t->n, 0, &v, &errstr) == -1)
		return (-1);
	for (i = 0; i < sizeof(ps_states) / sizeof(ps_states[0]); i++)
		if ((unsigned long long)ps_states[i].num == v) {
			*st = ps_states[i].state;
			return (0);
		}
	return (-1);
}

static enum family
ps_family(const char *s, size_t n)
{
	size_t	 i;

	if (memchr(s, ':', n) != NULL)
		return (FAM_IPV6);
	for (i = 0; i < n; i++)
		if (!scan_isdigit(s[i]) && s[i] != '.')
			return (FAM_NONE);
	return (memchr(s, '.', n) != NULL ? FAM_IPV4 : FAM_NONE);
}

/* A port field: 0, or -1 after making the line unparsed. */
static int
ps_port(struct parse *p, const struct scan_tok *t, int *port, int need)
{
	const char	*errstr;

	*port = -1;
	if (need && (!ps_present(t) || t->n == 0)) {
		parse_unparsed(p, DIAG_BAD_PORT, "no LocalPort");
		return (-1);
	}
	if (!ps_present(t) || t->n == 0)
		return (0);
	if (util_parse_port(t->s, t->n, port, &errstr) == -1) {
		parse_unparsed(p, DIAG_BAD_PORT, "%.*s: %s",
		    (int)(t->n > PS_SHOW ? PS_SHOW : t->n), t->s, errstr);
		return (-1);
	}
	return (0);
}

/* An address the console cut ("fe80::1...", "2001:db8:…") is said. */
static const char *
ps_addr(struct parse *p, const struct scan_tok *t)
{
	if (!ps_present(t) || t->n == 0)
		return (NULL);
	if (t->n >= 3 && (memcmp(t->s + t->n - 3, "...", 3) == 0 ||
	    memcmp(t->s + t->n - 3, "\xe2\x80\xa6", 3) == 0))
		parse_warn(p, DIAG_BAD_ADDR, "%.*s: cut short by the console, "
		    "kept as written", (int)(t->n > PS_SHOW ? PS_SHOW : t->n),
		    t->s);
	return (parse_intern(p, t->s, t->n));
}

static long
ps_pid(struct parse *p, const struct scan_tok *t)
{
	unsigned long long	 v;
	const char		*errstr;

	if (!ps_present(t) || t->n == 0)
		return (-1);
	if (util_parse_ulong(t->s, t->n, 0, &v, &errstr) == -1 ||
	    v > 0xffffffffULL) {
		parse_warn(p, DIAG_BAD_NUMBER, "OwningProcess %.*s",
		    (int)(t->n > PS_SHOW ? PS_SHOW : t->n), t->s);
		return (-1);
	}
	return ((long)v);
}

int
ps_set_host(struct parse *p, const char *s, size_t n)
{
	if (s != NULL)
		s = scan_trim(s, &n, SCAN_SPACE);
	if (s != NULL && n > 0) {
		parse_set_host(p, s, n);
		return (0);
	}
	parse_set_host(p, NULL, 0);
	if (p->hosts == NULL)
		return (0);	/* no record named a host: the folder's */
	parse_unparsed(p, DIAG_NO_HOST, "empty PSComputerName after records "
	    "that named their hosts");
	return (-1);
}

static enum sockstate
ps_sock_state(struct parse *p, const struct ps_sock *k, enum proto pr)
{
	const struct scan_tok	*t = &k->f[PSF_STATE];
	enum sockstate		 st = ST_NONE;

	if (pr != PROTO_TCP || !ps_present(t))
		return (ST_NONE);
	if (t->n == 0 || ps_state(t, &st) == -1)
		parse_warn(p, DIAG_BAD_STATE, "%.*s%s",
		    (int)(t->n > PS_SHOW ? PS_SHOW : t->n), t->s,
		    t->n == 0 ? "(empty)" : "");
	return (st);
}

struct record *
ps_sock_add(struct parse *p, const struct ps_sock *k)
{
	struct record	*r;
	struct sockrec	*s;
	enum proto	 pr = k->proto;
	int		 lport, rport;

	if (pr == PROTO_NONE && ps_present(&k->f[PSF_CLASS]))
		pr = ps_class_proto(k->f[PSF_CLASS].s, k->f[PSF_CLASS].n);
	if (pr == PROTO_NONE)
		pr = ps_present(&k->f[PSF_STATE]) ||
		    ps_present(&k->f[PSF_RPORT]) ? PROTO_TCP : PROTO_UDP;
	if (ps_port(p, &k->f[PSF_LPORT], &lport, 1) == -1 ||
	    (pr == PROTO_TCP && ps_port(p, &k->f[PSF_RPORT], &rport, 0) == -1))
		return (NULL);
	if (pr != PROTO_TCP)
		rport = -1;
	if (ps_set_host(p, k->f[PSF_HOST].s, k->f[PSF_HOST].n) == -1)
		return (NULL);
	r = rec_add(p, REC_SOCKET);
	s = &r->u.sock;
	s->proto = pr;
	s->local_addr = ps_addr(p, &k->f[PSF_LADDR]);
	s->local_port = lport;
	s->family = s->local_addr != NULL ? ps_family(k->f[PSF_LADDR].s,
	    k->f[PSF_LADDR].n) : FAM_NONE;
	if (pr == PROTO_TCP) {
		s->remote_addr = ps_addr(p, &k->f[PSF_RADDR]);
		s->remote_port = rport;
	} else
		s->remote_port = -1;
	s->state = ps_sock_state(p, k, pr);
	s->pid = ps_pid(p, &k->f[PSF_PID]);
	if (ps_present(&k->f[PSF_PROCESS]) && k->f[PSF_PROCESS].n > 0)
		s->process = parse_intern(p, k->f[PSF_PROCESS].s,
		    k->f[PSF_PROCESS].n);
	return (r);
}

/* path without its provider ("Microsoft.PowerShell.Core\Registry::"). */
static const char *
ps_reg_unprovide(const char *path, size_t *n)
{
	size_t	 i;

	for (i = 0; i + 1 < *n; i++)
		if (path[i] == ':' && path[i + 1] == ':') {
			*n -= i + 2;
			return (path + i + 2);
		}
	return (path);
}

const char *
ps_reg_key(struct parse *p, const char *path, size_t n, const char *parent,
    size_t pn, const char *child, size_t cn)
{
	char		*joined;
	const char	*key;

	if (path != NULL && n > 0) {
		path = ps_reg_unprovide(path, &n);
		return (n > 0 ? parse_intern(p, path, n) : NULL);
	}
	if (parent == NULL || pn == 0 || child == NULL || cn == 0)
		return (NULL);
	parent = ps_reg_unprovide(parent, &pn);
	if (pn == 0)
		return (NULL);
	xasprintf(&joined, "%.*s\\%.*s", (int)pn, parent, (int)cn, child);
	key = parse_intern(p, joined, strlen(joined));
	free(joined);
	return (key);
}

struct record *
ps_reg_add(struct parse *p, const char *key, const char *name, size_t n,
    const struct regvaluerec *v)
{
	struct record	*r;

	r = rec_add(p, REC_REGVALUE);
	r->u.reg = *v;
	r->u.reg.key = key;
	r->u.reg.name = parse_intern(p, name, n);
	r->u.reg.type = regtype_name(v->rtype);
	kb_regvalue(p, r);
	return (r);
}

/* "{5000-5100, 6000}" into strings; a list Format-List cut is said. */
static void
ps_reg_list(struct parse *p, const char *s, size_t n,
    struct regvaluerec *v)
{
	const char	*e, *item;
	size_t		 len;
	int		 cap = 4;

	s++;
	n -= 2;
	if ((n >= 3 && memcmp(s + n - 3, "...", 3) == 0) ||
	    (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0)) {
		parse_warn(p, DIAG_REG_SYNTAX, "list cut by Format-List "
		    "($FormatEnumerationLimit), the items shown are kept");
		n -= 3;
	}
	v->rtype = REGT_MULTI_SZ;
	v->multi = arena_alloc(p->fleet->arena, cap * sizeof(*v->multi));
	for (; n > 0; n -= e - s, s = e) {
		if ((e = memchr(s, ',', n)) == NULL)
			e = s + n;
		len = e - s;
		item = scan_trim(s, &len, SCAN_BLANK);
		if (v->nmulti == cap) {
			const char	**old = v->multi;

			v->multi = arena_alloc(p->fleet->arena,
			    cap * 2 * sizeof(*v->multi));
			memcpy(v->multi, old, cap * sizeof(*v->multi));
			cap *= 2;
		}
		v->multi[v->nmulti++] = parse_strndup(p, item, len);
		if (e < s + n)
			e++;
	}
}

struct record *
ps_reg_text(struct parse *p, const char *key, const char *name, size_t nn,
    const char *s, size_t n)
{
	struct regvaluerec	 v;
	unsigned long long	 num;
	const char		*errstr;
	int			 neg;

	memset(&v, 0, sizeof(v));
	s = scan_trim(s, &n, SCAN_SPACE);
	neg = n > 1 && s[0] == '-';
	if (n >= 2 && s[0] == '{' && s[n - 1] == '}')
		ps_reg_list(p, s, n, &v);
	else if (scan_digits(s + neg, n - neg) && n - neg <= 20 &&
	    util_parse_ulong(s + neg, n - neg, 0, &num, &errstr) == 0 &&
	    (!neg || num <= 0x8000000000000000ULL)) {
		/* Get-ItemProperty gives a DWORD as an Int32, a QWORD as
		 * an Int64: negative values are their upper halves. */
		v.rtype = (neg ? num > 0x80000000ULL : num > 0xffffffffULL) ?
		    REGT_QWORD : REGT_DWORD;
		if (neg)
			num = v.rtype == REGT_DWORD ? 0x100000000ULL - num :
			    -num;
		v.num = num;
	} else {
		v.rtype = REGT_SZ;
		v.str = parse_strndup(p, s, n);
	}
	return (ps_reg_add(p, key, name, nn, &v));
}
