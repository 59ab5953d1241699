/*
 * The registry knowledge base applied: which registry values pin a service
 * to a fixed port, shape a port range or switch other values off.  The
 * rows live in data/settings.csv plus any user's --settings file
 * (kb_load.c reads them).  Every registry collector hands each value
 * record to kb_regvalue(); a value the base knows becomes REC_SETTING or
 * REC_RANGE records on the value's own line.  What needs several values of
 * an input waits for kb_finish(): the Rpc\Internet pool (three values of
 * one key, KB 154596) and the switches (SQL Server's ListenOnAllIPs and an
 * IPn's Enabled, RDP Shortpath's fUseUdpPortRedirector), which mark the
 * settings they silence.
 *
 * Matching looks at the value name first (a hash of the lowercased name, so
 * most values cost one lookup), then at the key (kb_lookup()); %1..%9 in a
 * row's service and label bring back the components its `*` matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "kb.h"

/* The first port of a pool MaxUserPort tops: 2000 to 2003 hand out 1025
 * first (KB 929851, KB 832017); NT 4.0's 1024 comes from data/os.csv. */
#define KB_MAXUSER_FIRST 1025
#define KB_SOCKETPOOL_MAX 10000	/* "Configure the Socket Pool" */

/* Forget what the last input left pending and start on in. */
void
kb_rpc_clear(struct kb *kb, struct input *in)
{
	struct kb_rpc		*c, *next;
	struct kb_switch	*w, *wnext;

	for (c = kb->rpc; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	for (w = kb->sw; w != NULL; w = wnext) {
		wnext = w->next;
		free(w);
	}
	kb->rpc = NULL;
	kb->sw = NULL;
	kb->rpc_in = in;
}

/* Service or label text with %1..%9 replaced by the wildcard parts. */
static const char *
kb_expand(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const char *s)
{
	const char	*w[9], *c;
	char		*buf;
	size_t		 len = 0, cap, n;
	int		 i, nw = 0;

	if (s == NULL)
		return (NULL);
	if (strchr(s, '%') == NULL)
		return (parse_intern(p, s, strlen(s)));
	for (i = 0; i < row->key.n && nw < 9; i++)
		if (strcmp(row->key.comp[i], "*") == 0)
			w[nw++] = kb->cache.ocomp[i];
	cap = strlen(s) + 1;
	for (i = 0; i < nw; i++)
		cap += strlen(w[i]) * strlen(s);
	buf = xmalloc(cap);
	for (c = s; *c != '\0'; c++) {
		if (c[0] == '%' && c[1] >= '1' && c[1] <= '0' + nw) {
			n = strlen(w[c[1] - '1']);
			memcpy(buf + len, w[c[1] - '1'], n);
			len += n;
			c++;
		} else
			buf[len++] = *c;
	}
	s = parse_intern(p, buf, len);
	free(buf);
	return (s);
}

/* The value as text, for evidence: numbers in hex, lists joined by \0. */
static const char *
kb_raw(struct parse *p, const struct regvaluerec *reg)
{
	const char	*s;
	char		 num[32], *buf;
	size_t		 len = 0, cap = 1, n;
	int		 i;

	switch (reg->rtype) {
	case REGT_DWORD:
	case REGT_DWORD_BE:
	case REGT_QWORD:
		snprintf(num, sizeof(num), "0x%llx", reg->num);
		return (parse_intern(p, num, strlen(num)));
	case REGT_MULTI_SZ:
		for (i = 0; i < reg->nmulti; i++)
			cap += strlen(reg->multi[i]) + 2;
		buf = xmalloc(cap);
		for (i = 0; i < reg->nmulti; i++) {
			if (i > 0) {
				memcpy(buf + len, "\\0", 2);
				len += 2;
			}
			n = strlen(reg->multi[i]);
			memcpy(buf + len, reg->multi[i], n);
			len += n;
		}
		s = parse_strndup(p, buf, len);
		free(buf);
		return (s);
	default:
		return (reg->str != NULL ? reg->str : "");
	}
}

/* The strings of a value: a MULTI_SZ's entries or one string; -1: none. */
static int
kb_strings(const struct regvaluerec *reg, const char *const **list,
    const char **one)
{
	switch (reg->rtype) {
	case REGT_MULTI_SZ:
		*list = reg->multi;
		return (reg->multi == NULL ? 0 : reg->nmulti);
	case REGT_SZ:
	case REGT_EXPAND_SZ:
	case REGT_LINK:
		*one = reg->str != NULL ? reg->str : "";
		*list = one;
		return (1);
	default:
		return (-1);
	}
}

static int
kb_is_number(enum regtype t)
{
	return (t == REGT_DWORD || t == REGT_DWORD_BE || t == REGT_QWORD);
}

/* One setting record per protocol of protos, on the value's line. */
static void
kb_setting(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const struct record *rec, int protos, int port, const char *raw)
{
	static const enum proto	 pr[2] = { PROTO_TCP, PROTO_UDP };
	const struct regvaluerec *reg = &rec->u.reg;
	struct settingrec	*s;
	int			 i;

	for (i = 0; i < 2; i++) {
		if ((protos & (1 << i)) == 0)
			continue;
		s = &rec_add_at(p, REC_SETTING, rec->line, rec->text)->u.set;
		s->key = reg->key;
		s->name = reg->name;
		s->type = reg->type != NULL ? reg->type :
		    regtype_name(reg->rtype);
		s->proto = pr[i];
		s->port = port;
		s->service = kb_expand(p, kb, row, row->service);
		s->label = kb_expand(p, kb, row, row->label);
		s->owner = kb_expand(p, kb, row, row->owner);
		s->raw = raw;
		s->scope = row->scope != NULL ?
		    parse_intern(p, row->scope, strlen(row->scope)) : NULL;
		s->unconfirmed = row->unconfirmed;
	}
}

/* One range record per protocol of protos, on the value's line. */
static struct rangerec *
kb_range(struct parse *p, int protos, const struct record *rec,
    enum rwhat what, int first, int last)
{
	static const enum proto	 pr[2] = { PROTO_TCP, PROTO_UDP };
	struct rangerec		*r = NULL;
	int			 i;

	for (i = 0; i < 2; i++) {
		if ((protos & (1 << i)) == 0)
			continue;
		r = &rec_add_at(p, REC_RANGE, rec->line, rec->text)->u.rng;
		r->what = what;
		r->proto = pr[i];
		r->family = FAM_NONE;
		r->first = first;
		r->last = last;
		r->setting = rec->u.reg.name;
	}
	return (r);
}

/* A setting from a number; 0 and above 65535 give port -1 and a warning. */
static void
kb_port_number(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const struct record *rec, int protos, unsigned long long v,
    const char *raw)
{
	int	 port = (int)v;

	if (v == 0 || v > 65535) {
		diag(p->in, rec->line, DIAG_SETTING_PORT,
		    "%s = %s (%llu): not a port in 1..65535", rec->u.reg.name,
		    raw, v);
		port = -1;
	}
	kb_setting(p, kb, row, rec, protos, port, raw);
}

/* A setting from decimal text; unparsable text gives port -1. */
static void
kb_port_text(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const struct record *rec, int protos, const char *s, size_t n,
    const char *raw)
{
	const char	*errstr = "port 0";
	int		 port;

	s = scan_trim(s, &n, SCAN_BLANK);
	if (util_parse_port(s, n, &port, &errstr) == -1 || port == 0) {
		diag(p->in, rec->line, DIAG_SETTING_PORT, "%s = \"%.*s\": %s",
		    rec->u.reg.name, (int)n, s, errstr);
		port = -1;
	}
	kb_setting(p, kb, row, rec, protos, port, raw);
}

static void
kb_bad_type(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const struct record *rec, const char *raw)
{
	diag(p->in, rec->line, DIAG_SETTING_PORT, "%s: %s holds no port",
	    rec->u.reg.name, rec->u.reg.type != NULL ? rec->u.reg.type :
	    "this type");
	kb_setting(p, kb, row, rec, row->proto, -1, raw);
}

static void
kb_apply_port(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const struct record *rec)
{
	const struct regvaluerec *reg = &rec->u.reg;
	const char		*raw = kb_raw(p, reg), *one;
	const char *const	*list;

	if (kb_is_number(reg->rtype))
		kb_port_number(p, kb, row, rec, row->proto, reg->num, raw);
	else if (kb_strings(reg, &list, &one) == 1)
		kb_port_text(p, kb, row, rec, row->proto, list[0],
		    strlen(list[0]), raw);
	else
		kb_bad_type(p, kb, row, rec, raw);
}

/* TcpPort "1433,1500" and TcpDynamicPorts ("" static, "0" dynamic). */
static void
kb_apply_list(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const struct record *rec)
{
	const struct regvaluerec *reg = &rec->u.reg;
	const char		*raw = kb_raw(p, reg), *one, *s, *e;
	const char *const	*list;
	int			 dyn = row->parse == KBP_DYNPORT, i, n;
	size_t			 len;

	if (kb_is_number(reg->rtype)) {
		if (!dyn || reg->num != 0)
			kb_port_number(p, kb, row, rec, row->proto, reg->num,
			    raw);
		return;
	}
	if ((n = kb_strings(reg, &list, &one)) < 0) {
		kb_bad_type(p, kb, row, rec, raw);
		return;
	}
	for (i = 0; i < n; i++)
		for (s = list[i]; *s != '\0'; s = *e == ',' ? e + 1 : e) {
			if ((e = strchr(s, ',')) == NULL)
				e = s + strlen(s);
			len = e - s;
			s = scan_trim(s, &len, SCAN_BLANK);
			if (len == 0 || (dyn && len == 1 && *s == '0'))
				continue;
			kb_port_text(p, kb, row, rec, row->proto, s, len, raw);
		}
}

/* The protocols of an RPC protocol sequence with an IP port, or 0. */
static int
kb_protseq(const char *s, size_t n)
{
	s = scan_trim(s, &n, SCAN_BLANK);
	if (scan_caseeq(s, n, "ncacn_ip_tcp") ||
	    scan_caseeq(s, n, "ncacn_http"))
		return (KB_PTCP);
	if (scan_caseeq(s, n, "ncadg_ip_udp"))
		return (KB_PUDP);
	return (0);
}

/* One entry of DCOM Endpoints ("ncacn_ip_tcp,0,5010") or of NSPI protocol
 * sequences ("ncacn_http:6004"); other protocol sequences are skipped. */
static void
kb_endpoint(struct parse *p, const struct kb *kb, const struct kb_row *row,
    const struct record *rec, const char *s, const char *raw)
{
	const char	*sep, *port;
	int		 protos;

	if (row->parse == KBP_PROTSEQ) {
		if ((sep = strchr(s, ':')) == NULL)
			return;		/* no port: dynamic */
		port = sep + 1;
	} else {
		sep = strchr(s, ',');
		port = strrchr(s, ',');
		if (sep == NULL || port == sep) {
			diag(p->in, rec->line, DIAG_SETTING_PORT,
			    "%s entry \"%s\" is not protseq,flags,port",
			    rec->u.reg.name, s);
			kb_setting(p, kb, row, rec, row->proto, -1, raw);
			return;
		}
		port++;
	}
	if ((protos = kb_protseq(s, sep - s)) != 0)
		kb_port_text(p, kb, row, rec, protos, port, strlen(port), raw);
}

static void
kb_apply_endpoints(struct parse *p, const struct kb *kb,
    const struct kb_row *row, const struct record *rec)
{
	const char		*raw = kb_raw(p, &rec->u.reg), *one;
	const char *const	*list;
	int			 i, n;

	if ((n = kb_strings(&rec->u.reg, &list, &one)) < 0) {
		kb_bad_type(p, kb, row, rec, raw);
		return;
	}
	for (i = 0; i < n; i++)
		if (list[i][strspn(list[i], " \t")] != '\0')
			kb_endpoint(p, kb, row, rec, list[i], raw);
}

/* "first-last" or one port, blanks allowed around; 0 or -1 with *why. */
static int
kb_parse_range(const char *s, size_t n, int *lo, int *hi, const char **why)
{
	const char	*dash, *b;
	size_t		 na, nb;

	s = scan_trim(s, &n, SCAN_BLANK);
	if ((dash = memchr(s, '-', n)) == NULL) {
		dash = s + n;
		b = s;
		nb = n;
	} else {
		b = dash + 1;
		nb = s + n - b;
	}
	na = dash - s;
	s = scan_trim(s, &na, SCAN_BLANK);
	b = scan_trim(b, &nb, SCAN_BLANK);
	if (util_parse_port(s, na, lo, why) == -1 ||
	    util_parse_port(b, nb, hi, why) == -1)
		return (-1);
	if (*lo > *hi) {
		*why = "first port above last";
		return (-1);
	}
	return (0);
}

static void
kb_apply_maxuser(struct parse *p, const struct kb_row *row,
    const struct record *rec)
{
	const struct regvaluerec *reg = &rec->u.reg;
	unsigned long long	 v = 0;
	const char		*s = reg->str, *errstr;
	size_t			 n;
	int			 ok;

	if ((ok = kb_is_number(reg->rtype)))
		v = reg->num;
	else if ((reg->rtype == REGT_SZ || reg->rtype == REGT_EXPAND_SZ) &&
	    s != NULL) {
		n = strlen(s);
		s = scan_trim(s, &n, SCAN_BLANK);
		ok = util_parse_ulong(s, n, 0, &v, &errstr) == 0;
	} else
		ok = 0;
	if (!ok || v < KB_MAXUSER_FIRST || v > 65535) {
		diag(p->in, rec->line, DIAG_BAD_RANGE,
		    "%s = %s: not a port in %d..65535", reg->name,
		    kb_raw(p, reg), KB_MAXUSER_FIRST);
		return;
	}
	kb_range(p, row->proto, rec, RANGE_EPHEMERAL, KB_MAXUSER_FIRST, (int)v);
}

static void
kb_apply_reserved(struct parse *p, const struct kb_row *row,
    const struct record *rec, enum rwhat what)
{
	const struct regvaluerec *reg = &rec->u.reg;
	const char		*one, *why;
	const char *const	*list;
	int			 i, n, lo, hi;

	if ((n = kb_strings(reg, &list, &one)) < 0) {
		diag(p->in, rec->line, DIAG_BAD_RANGE,
		    "%s: %s is not a list of ranges", reg->name,
		    reg->type != NULL ? reg->type : "this type");
		return;
	}
	for (i = 0; i < n; i++) {
		if (list[i][strspn(list[i], " \t")] == '\0')
			continue;
		if (kb_parse_range(list[i], strlen(list[i]), &lo, &hi,
		    &why) == -1)
			diag(p->in, rec->line, DIAG_BAD_RANGE,
			    "%s entry \"%s\": %s", reg->name, list[i], why);
		else
			kb_range(p, row->proto, rec, what, lo, hi);
	}
}

static struct kb_rpc *
kb_rpc_get(struct kb *kb, const char *key)
{
	struct kb_rpc	*c;

	for (c = kb->rpc; c != NULL; c = c->next)
		if (util_strcasecmp_ascii(c->key, key) == 0)
			return (c);
	c = xcalloc(1, sizeof(*c));
	c->key = key;
	c->next = kb->rpc;
	kb->rpc = c;
	return (c);
}

/* Remember one Rpc\Internet value (a deletion forgets it). */
static void
kb_rpc_note(struct kb *kb, const struct kb_row *row, const struct record *rec)
{
	struct kb_rpc		*c = kb_rpc_get(kb, rec->u.reg.key);
	const struct record	*v = rec->u.reg.deleted ? NULL : rec;

	switch (row->parse) {
	case KBP_RPCPORTS:
		c->ports = v;
		c->row = row;
		break;
	case KBP_RPCAVAIL:
		c->avail = v;
		break;
	default:
		c->use = v;
		break;
	}
}

/* A deleted key ([-KEY]) takes its pending RPC values with it. */
static void
kb_rpc_forget(struct kb *kb, const char *key)
{
	struct kb_rpc	**pp, *c;

	for (pp = &kb->rpc; (c = *pp) != NULL; ) {
		if (scan_caseword(c->key, strlen(c->key), key, '\\')) {
			*pp = c->next;
			free(c);
		} else
			pp = &c->next;
	}
}

/* A Y/N flag (absent: Y); 0, or -1 when it is neither (diagnosed). */
static int
kb_rpc_flag(struct parse *p, const struct record *rec, int *yes)
{
	const char	*s;
	size_t		 n;

	*yes = 1;
	if (rec == NULL)
		return (0);
	if ((rec->u.reg.rtype == REGT_SZ || rec->u.reg.rtype ==
	    REGT_EXPAND_SZ) && (s = rec->u.reg.str) != NULL) {
		n = strlen(s);
		s = scan_trim(s, &n, SCAN_BLANK);
		if (n == 1 && (*s == 'Y' || *s == 'y' || *s == 'N' ||
		    *s == 'n')) {
			*yes = *s == 'Y' || *s == 'y';
			return (0);
		}
	}
	diag(p->in, rec->line, DIAG_BAD_RANGE,
	    "%s = \"%s\": not Y or N; the RPC port settings are ignored",
	    rec->u.reg.name, kb_raw(p, &rec->u.reg));
	return (-1);
}

static int
kb_range_cmp(const void *a, const void *b)
{
	const int	*x = a, *y = b;

	return (x[0] < y[0] ? -1 : x[0] > y[0]);
}

/* Parse, sort and merge the Ports entries; the count, or -1 (diagnosed). */
static int
kb_rpc_ranges(struct parse *p, const struct record *rec, int *r)
{
	const struct regvaluerec *reg = &rec->u.reg;
	const char		*one, *why;
	const char *const	*list;
	int			 i, n, nr = 0;

	if ((n = kb_strings(reg, &list, &one)) < 0) {
		diag(p->in, rec->line, DIAG_BAD_RANGE, "%s: %s is not a list "
		    "of ports; the RPC port settings are ignored", reg->name,
		    reg->type != NULL ? reg->type : "this type");
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (list[i][strspn(list[i], " \t")] == '\0')
			continue;
		if (kb_parse_range(list[i], strlen(list[i]), &r[2 * nr],
		    &r[2 * nr + 1], &why) == -1) {
			diag(p->in, rec->line, DIAG_BAD_RANGE, "%s entry "
			    "\"%s\": %s; the RPC port settings are ignored",
			    reg->name, list[i], why);
			return (-1);
		}
		nr++;
	}
	if (nr > 0)
		qsort(r, nr, 2 * sizeof(int), kb_range_cmp);
	n = nr > 0 ? 1 : 0;
	for (i = 1; i < nr; i++)
		if (r[2 * i] <= r[2 * (n - 1) + 1] + 1) {
			if (r[2 * i + 1] > r[2 * (n - 1) + 1])
				r[2 * (n - 1) + 1] = r[2 * i + 1];
		} else {
			r[2 * n] = r[2 * i];
			r[2 * n + 1] = r[2 * i + 1];
			n++;
		}
	return (n);
}

/*
 * The RPC dynamic pool of one Rpc\Internet key (KB 154596): the listed
 * ports when PortsInternetAvailable equals UseInternetPorts, else the rest
 * of 0..65535.
 */
static void
kb_rpc_emit(struct parse *p, const struct kb_rpc *c)
{
	int	*r, avail, use, i, n, next = 0, count = 0;

	if (c->ports == NULL || kb_rpc_flag(p, c->avail, &avail) == -1 ||
	    kb_rpc_flag(p, c->use, &use) == -1)
		return;
	r = xcalloc(c->ports->u.reg.nmulti + 1, 2 * sizeof(int));
	if ((n = kb_rpc_ranges(p, c->ports, r)) == -1) {
		free(r);
		return;
	}
	for (i = 0; i < n; i++) {
		if (avail == use) {
			kb_range(p, c->row->proto, c->ports, RANGE_RPC,
			    r[2 * i], r[2 * i + 1]);
			count++;
		} else if (r[2 * i] > next) {
			kb_range(p, c->row->proto, c->ports, RANGE_RPC, next,
			    r[2 * i] - 1);
			count++;
		}
		next = r[2 * i + 1] + 1;
	}
	if (avail != use && next <= 65535) {
		kb_range(p, c->row->proto, c->ports, RANGE_RPC, next, 65535);
		count++;
	}
	if (count == 0)
		diag(p->in, c->ports->line, DIAG_BAD_RANGE,
		    "%s: the RPC port pool is empty", c->ports->u.reg.name);
	free(r);
}

/* A number from a DWORD or decimal text; 0, or -1 when it is neither. */
static int
kb_number(const struct regvaluerec *reg, unsigned long long *v)
{
	const char	*s = reg->str, *errstr;
	size_t		 n;

	if (kb_is_number(reg->rtype)) {
		*v = reg->num;
		return (0);
	}
	if ((reg->rtype != REGT_SZ && reg->rtype != REGT_EXPAND_SZ) ||
	    s == NULL)
		return (-1);
	n = strlen(s);
	s = scan_trim(s, &n, SCAN_BLANK);
	return (util_parse_ulong(s, n, 0, v, &errstr));
}

/*
 * DNS SocketPoolSize: since MS08-037 dns.exe takes that many UDP ports of
 * the ephemeral range at start (KB 956188); the record has no range of its
 * own (first and last 0), the prepass knows the host's.
 */
static void
kb_apply_socketpool(struct parse *p, const struct kb_row *row,
    const struct record *rec)
{
	unsigned long long	 v;
	int			 i;

	if (kb_number(&rec->u.reg, &v) == -1 || v > KB_SOCKETPOOL_MAX) {
		diag(p->in, rec->line, DIAG_BAD_RANGE,
		    "%s = %s: not a socket pool size in 0..%d",
		    rec->u.reg.name, kb_raw(p, &rec->u.reg),
		    KB_SOCKETPOOL_MAX);
		return;
	}
	for (i = 0; i < 2; i++)
		if (row->proto & (1 << i))
			kb_range(p, 1 << i, rec, RANGE_SOCKETPOOL, 0,
			    0)->count = (int)v;
}

/* One "host:port" or "host:first-last" entry of ValidPorts. */
static void
kb_validport(struct parse *p, const struct kb_row *row,
    const struct record *rec, const char *s, size_t n)
{
	const char	*colon, *why;
	struct rangerec	*r;
	int		 lo, hi, i;

	s = scan_trim(s, &n, SCAN_BLANK);
	if (n == 0)
		return;
	if ((colon = memchr(s, ':', n)) == NULL || colon == s) {
		diag(p->in, rec->line, DIAG_BAD_RANGE, "%s entry \"%.*s\" is "
		    "not host:port", rec->u.reg.name, (int)n, s);
		return;
	}
	if (kb_parse_range(colon + 1, s + n - colon - 1, &lo, &hi,
	    &why) == -1) {
		diag(p->in, rec->line, DIAG_BAD_RANGE, "%s entry \"%.*s\": %s",
		    rec->u.reg.name, (int)n, s, why);
		return;
	}
	for (i = 0; i < 2; i++)
		if (row->proto & (1 << i)) {
			r = kb_range(p, 1 << i, rec, RANGE_RPCPROXY, lo, hi);
			r->peer = parse_intern(p, s, colon - s);
		}
}

/*
 * RpcProxy ValidPorts, "host:port;host:first-last;..." (a REG_SZ; the
 * Exchange 2003 RPC over HTTP guide, aa998910): the ports the RPC proxy
 * forwards, for each back-end server.
 */
static void
kb_apply_validports(struct parse *p, const struct kb_row *row,
    const struct record *rec)
{
	const char		*one, *s, *e;
	const char *const	*list;
	int			 i, n;

	if ((n = kb_strings(&rec->u.reg, &list, &one)) < 0) {
		diag(p->in, rec->line, DIAG_BAD_RANGE,
		    "%s: %s is not a list of host:port entries",
		    rec->u.reg.name, rec->u.reg.type != NULL ?
		    rec->u.reg.type : "this type");
		return;
	}
	for (i = 0; i < n; i++)
		for (s = list[i]; *s != '\0'; s = *e == ';' ? e + 1 : e) {
			if ((e = strchr(s, ';')) == NULL)
				e = s + strlen(s);
			kb_validport(p, row, rec, s, e - s);
		}
}

/* Remember a switch value (ListenOnAllIPs, Enabled) for kb_finish(). */
static void
kb_switch_note(struct parse *p, struct kb *kb, const struct kb_row *row,
    const struct record *rec)
{
	struct kb_switch	*w, **pp;
	unsigned long long	 v;

	for (pp = &kb->sw; (w = *pp) != NULL; pp = &w->next)
		if (w->parse == row->parse &&
		    util_strcasecmp_ascii(w->key, rec->u.reg.key) == 0) {
			*pp = w->next;	/* a later line wins */
			free(w);
			break;
		}
	if (rec->u.reg.deleted)
		return;
	if (kb_number(&rec->u.reg, &v) == -1) {
		diag(p->in, rec->line, DIAG_SETTING_PORT, "%s = %s: not a "
		    "number; the settings it switches are taken as they are",
		    rec->u.reg.name, kb_raw(p, &rec->u.reg));
		return;
	}
	w = xcalloc(1, sizeof(*w));
	w->key = rec->u.reg.key;
	w->parse = row->parse;
	w->on = v != 0;
	w->rec = rec;
	w->next = kb->sw;
	kb->sw = w;
}

/* A deleted key ([-KEY]) takes its switches with it. */
static void
kb_switch_forget(struct kb *kb, const char *key)
{
	struct kb_switch	**pp, *w;

	for (pp = &kb->sw; (w = *pp) != NULL; ) {
		if (scan_caseword(w->key, strlen(w->key), key, '\\')) {
			*pp = w->next;
			free(w);
		} else
			pp = &w->next;
	}
}

/* Whether s is "IP" and digits: a SQL Server per-address subkey. */
static int
kb_is_ipn(const char *s, size_t n)
{
	size_t	 i;

	if (n < 3 || scan_tolower(s[0]) != 'i' || scan_tolower(s[1]) != 'p')
		return (0);
	for (i = 2; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return (0);
	return (1);
}

/*
 * Why a switch makes setting s do nothing, or NULL.  SQL Server ("TCP/IP
 * Properties (IP Addresses tab)"): with ListenOnAllIPs 1 only IPAll counts,
 * with 0 only the IPn keys, and an IPn whose Enabled is 0 listens nowhere.
 * Enabled 0 beside any setting (fUseUdpPortRedirector) turns it off.
 */
static const char *
kb_switch_verdict(const struct kb_switch *w, const struct settingrec *s)
{
	const char	*leaf;
	size_t		 plen;

	if (w->parse == KBP_ENABLED)
		return (!w->on && util_strcasecmp_ascii(w->key, s->key) == 0 ?
		    "disabled" : NULL);
	if ((leaf = strrchr(s->key, '\\')) == NULL)
		return (NULL);
	plen = leaf++ - s->key;
	if (strlen(w->key) != plen ||
	    util_strncasecmp_ascii(w->key, s->key, plen) != 0)
		return (NULL);
	if (w->on && kb_is_ipn(leaf, strlen(leaf)))
		return ("listen-all");
	if (!w->on && util_strcasecmp_ascii(leaf, "IPAll") == 0)
		return ("listen-one");
	return (NULL);
}

/* Mark the settings of the input that a switch turns off. */
static void
kb_switch_apply(struct parse *p, const struct kb *kb)
{
	const struct kb_switch	*w;
	struct record		*r;
	const char		*why;

	if (kb->sw == NULL)
		return;
	for (r = p->in->first; r != NULL; r = r->next) {
		if (r->kind != REC_SETTING || r->u.set.key == NULL)
			continue;
		for (w = kb->sw; w != NULL; w = w->next)
			if ((why = kb_switch_verdict(w, &r->u.set)) != NULL) {
				r->u.set.ignored = why;
				r->u.set.ignored_by = w->rec;
				break;
			}
	}
}

/*
 * Called by every registry collector for each value record it adds: a
 * value the knowledge base knows becomes setting or range records, and
 * the Windows NT\CurrentVersion values go to osreg.c.  0 when the value
 * was of no use here.
 */
int
kb_regvalue(struct parse *p, const struct record *rec)
{
	const struct regvaluerec *reg;
	const struct kb_row	*row;
	struct kb		*kb;
	int			 used;

	if (rec == NULL || rec->kind != REC_REGVALUE || rec->u.reg.key == NULL)
		return (1);
	parse_lock_kb(p);
	kb = kb_get(p->fleet);
	if (kb->rpc_in != p->in)
		kb_rpc_clear(kb, p->in);
	used = osreg_value(kb->os, p, rec);
	reg = &rec->u.reg;
	if (reg->name == NULL) {
		if (reg->deleted) {
			kb_rpc_forget(kb, reg->key);
			kb_switch_forget(kb, reg->key);
		}
		return (1);
	}
	if ((row = kb_lookup(kb, reg->key, reg->name)) == NULL)
		return (used);
	switch (row->parse) {
	case KBP_RPCPORTS:
	case KBP_RPCAVAIL:
	case KBP_RPCUSE:
		kb_rpc_note(kb, row, rec);
		return (1);
	case KBP_LISTENALL:
	case KBP_ENABLED:
		kb_switch_note(p, kb, row, rec);
		return (1);
	default:
		break;
	}
	if (reg->deleted)
		return (1);
	switch (row->parse) {
	case KBP_PORT:
		kb_apply_port(p, kb, row, rec);
		break;
	case KBP_PORTLIST:
	case KBP_DYNPORT:
		kb_apply_list(p, kb, row, rec);
		break;
	case KBP_ENDPOINTS:
	case KBP_PROTSEQ:
		kb_apply_endpoints(p, kb, row, rec);
		break;
	case KBP_MAXUSERPORT:
		kb_apply_maxuser(p, row, rec);
		break;
	case KBP_SOCKETPOOL:
		kb_apply_socketpool(p, row, rec);
		break;
	case KBP_POOLEXCLUDED:
		kb_apply_reserved(p, row, rec, RANGE_SOCKETPOOL_EXCLUDED);
		break;
	case KBP_VALIDPORTS:
		kb_apply_validports(p, row, rec);
		break;
	default:
		kb_apply_reserved(p, row, rec, RANGE_RESERVED);
		break;
	}
	return (1);
}

/* Emit what needed the whole input: the Rpc\Internet pools, the OS. */
void
kb_finish(struct parse *p)
{
	struct kb	*kb;
	struct kb_rpc	*c, *rev = NULL, *next;

	parse_lock_kb(p);
	kb = p->fleet->kb;
	if (kb != NULL)
		osreg_finish(kb->os, p);
	if (kb == NULL || kb->rpc_in != p->in) {
		if (kb != NULL)
			kb_rpc_clear(kb, NULL);
		return;
	}
	for (c = kb->rpc; c != NULL; c = next) {	/* first seen first */
		next = c->next;
		c->next = rev;
		rev = c;
	}
	kb->rpc = rev;
	for (c = kb->rpc; c != NULL; c = c->next)
		kb_rpc_emit(p, c);
	kb_switch_apply(p, kb);
	kb_rpc_clear(kb, NULL);
}
