/*
 * Collector for osquery: osqueryi --json and --csv results of
 * listening_ports, process_open_sockets (joined with processes or not) and
 * registry, and the daemon's results log (filesystem logger, JSON lines):
 * event format (one row in "columns", "action" added or removed), snapshot
 * format ("snapshot" array) and batch format ("diffResults" with "added"
 * and "removed" arrays).  Every log line names its host in
 * "hostIdentifier"; its rows belong to that host, whatever folder the log
 * lies in.
 *
 * Rows are told apart by their columns: local_port makes a
 * process_open_sockets row, port and protocol a listening_ports row, key
 * and data a registry row; rows of other queries are recognised and read no
 * further.  Values are strings, or JSON numbers when the daemon runs with
 * numerics.  A removed row is a socket or value that went away: it is a
 * known line and builds nothing, while the rows a log ever added stay in
 * the audit; a row the log gave before for the same host (the next
 * snapshot of an unchanged socket or value) is read once, and a line of
 * nothing but such rows is a known line.  Registry rows become registry
 * values for the knowledge base: osquery writes REG_DWORD data as a signed
 * decimal, REG_BINARY as upper-case hex, REG_MULTI_SZ strings joined with
 * commas, the default value's name as "(Default)", and subkeys as rows of
 * type "subkey".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "portaudit.h"
#include "collector.h"
#include "rows.h"
#include "scan.h"

#define OSQ_NUM		32		/* a number written out */
#define OSQ_DIGEST	16		/* bytes of a row's SHA-256 kept */

/*
 * The rows a results log already gave, per host: hourly snapshots repeat
 * every socket and registry value that did not change.  A row is known by
 * the SHA-256 of its host and its columns (names and values, in the order
 * osquery writes them), of which the first OSQ_DIGEST bytes are kept in an
 * open-addressing set.
 */
struct osq_seen {
	unsigned char	*d;		/* cap digests; all zero: empty */
	size_t		 cap;		/* a power of two */
	size_t		 n;
	EVP_MD_CTX	*ctx;
};

struct osq_state {
	struct csvtab	 tab;		/* a CSV export */
	char		*host;		/* the host of the last log line */
	struct osq_seen	 seen;
};

static const char *const osq_proc_keys[] = {
	"process_name", "process", "name", NULL
};

static const struct osq_regtype {
	const char	*name;
	enum regtype	 rtype;
} osq_regtypes[] = {
	{ "REG_NONE",				REGT_NONE },
	{ "REG_SZ",				REGT_SZ },
	{ "REG_EXPAND_SZ",			REGT_EXPAND_SZ },
	{ "REG_BINARY",				REGT_BINARY },
	{ "REG_DWORD",				REGT_DWORD },
	{ "REG_DWORD_BIG_ENDIAN",		REGT_DWORD_BE },
	{ "REG_LINK",				REGT_LINK },
	{ "REG_MULTI_SZ",			REGT_MULTI_SZ },
	{ "REG_RESOURCE_LIST",			REGT_RESOURCE_LIST },
	{ "REG_FULL_RESOURCE_DESCRIPTOR",	REGT_FULL_RESOURCE },
	{ "REG_RESOURCE_REQUIREMENTS_LIST",	REGT_RESOURCE_REQ },
	{ "REG_QWORD",				REGT_QWORD },
	{ NULL,					REGT_OTHER }
};

/* A process_open_sockets (listener 0) or listening_ports row. */
static int
osq_sock(struct parse *p, const json_t *o, const char *text, int listener)
{
	struct sockrow	 s;
	char		 b[9][OSQ_NUM];

	memset(&s, 0, sizeof(s));
	s.proto = jsonrow_str(o, "protocol", b[0], OSQ_NUM);
	s.family = jsonrow_str(o, "family", b[1], OSQ_NUM);
	s.pid = jsonrow_str(o, "pid", b[2], OSQ_NUM);
	s.process = jsonrow_any(o, osq_proc_keys, b[3], OSQ_NUM);
	s.listener = listener;
	s.text = text;
	if (listener) {
		s.laddr = jsonrow_str(o, "address", b[4], OSQ_NUM);
		s.lport = jsonrow_str(o, "port", b[5], OSQ_NUM);
	} else {
		s.laddr = jsonrow_str(o, "local_address", b[4], OSQ_NUM);
		s.lport = jsonrow_str(o, "local_port", b[5], OSQ_NUM);
		s.raddr = jsonrow_str(o, "remote_address", b[6], OSQ_NUM);
		s.rport = jsonrow_str(o, "remote_port", b[7], OSQ_NUM);
		s.state = jsonrow_str(o, "state", b[8], OSQ_NUM);
		/* no state column (older osquery): TCP without a peer listens */
		if (s.state == NULL)
			s.listener = s.rport != NULL && strcmp(s.rport, "0") == 0;
	}
	return (sockrow_add(p, &s, NULL));
}

/* REG_DWORD/QWORD data: decimal, signed for a DWORD. */
static int
osq_reg_num(struct parse *p, const char *d, struct regvaluerec *v)
{
	unsigned long long	 n;
	const char		*why;
	int			 neg = d[0] == '-';

	if (util_parse_ulong(d + neg, strlen(d + neg), 0, &n, &why) == -1 ||
	    (neg && n > 0x80000000ULL)) {
		parse_unparsed(p, DIAG_REG_DWORD, "%s data \"%.24s\"", v->type,
		    d);
		return (-1);
	}
	v->num = neg ? 0x100000000ULL - n : n;
	if (v->rtype != REGT_QWORD && v->num > 0xffffffffULL) {
		parse_unparsed(p, DIAG_REG_DWORD, "%s data \"%.24s\"", v->type,
		    d);
		return (-1);
	}
	return (0);
}

/* Upper-case hex "0A1B" as the .reg collector's "0a,1b". */
static void
osq_reg_hex(struct parse *p, const char *d, struct regvaluerec *v)
{
	size_t	 n = strlen(d), i, o = 0;
	char	*s;

	s = arena_alloc(p->fleet->arena, n / 2 * 3 + 1);
	for (i = 0; i + 1 < n; i += 2) {
		if (o > 0)
			s[o++] = ',';
		s[o++] = scan_isclass(d[i], SCAN_UPPER) ? d[i] + 32 : d[i];
		s[o++] = scan_isclass(d[i + 1], SCAN_UPPER) ? d[i + 1] + 32 :
		    d[i + 1];
	}
	s[o] = '\0';
	v->str = s;
}

/* Does a MULTI_SZ piece start a DCOM endpoint "ncacn_ip_tcp,0,5000"? */
static int
osq_reg_endpoint(const char *s, size_t n)
{
	return (n > 6 && (util_strncasecmp_ascii(s, "ncacn_", 6) == 0 ||
	    util_strncasecmp_ascii(s, "ncadg_", 6) == 0) &&
	    memchr(s, ':', n) == NULL);
}

/* REG_MULTI_SZ strings osquery joined with commas. */
static void
osq_reg_multi(struct parse *p, const char *d, struct regvaluerec *v)
{
	const char	*s, *c;
	size_t		 n = 1, k;
	int		 parts;

	for (s = d; (s = strchr(s, ',')) != NULL; s++)
		n++;
	v->multi = arena_alloc(p->fleet->arena, (n + 1) * sizeof(char *));
	v->nmulti = 0;
	for (s = d; *s != '\0'; s = *c == ',' ? c + 1 : c) {
		k = strcspn(s, ",");
		parts = osq_reg_endpoint(s, k) ? 3 : 1;
		for (c = s + k; --parts > 0 && *c == ','; )
			c += 1 + strcspn(c + 1, ",");
		v->multi[v->nmulti++] = parse_strndup(p, s, c - s);
	}
	v->multi[v->nmulti] = NULL;
}

static int
osq_reg_data(struct parse *p, const char *d, struct regvaluerec *v)
{
	switch (v->rtype) {
	case REGT_DWORD:
	case REGT_DWORD_BE:
	case REGT_QWORD:
		return (osq_reg_num(p, d, v));
	case REGT_MULTI_SZ:
		osq_reg_multi(p, d, v);
		break;
	case REGT_BINARY:
	case REGT_RESOURCE_LIST:
	case REGT_FULL_RESOURCE:
	case REGT_RESOURCE_REQ:
		osq_reg_hex(p, d, v);
		break;
	case REGT_NONE:
		v->str = "";
		break;
	default:
		v->str = parse_strndup(p, d, strlen(d));
		break;
	}
	return (0);
}

/* A registry row: one registry value for the knowledge base. */
static int
osq_reg(struct parse *p, const json_t *o, const char *text)
{
	const struct osq_regtype	*t;
	struct regvaluerec		 v;
	struct record			*r;
	const char			*key, *name, *type, *data;
	char				 b[4][OSQ_NUM];

	key = jsonrow_str(o, "key", b[0], OSQ_NUM);
	name = jsonrow_str(o, "name", b[1], OSQ_NUM);
	type = jsonrow_str(o, "type", b[2], OSQ_NUM);
	data = jsonrow_str(o, "data", b[3], OSQ_NUM);
	if (type != NULL && strcmp(type, "subkey") == 0)
		return (0);
	if (key == NULL || *key == '\0' || name == NULL || type == NULL) {
		parse_unparsed(p, DIAG_FIELD_MISSING, "registry %s",
		    key == NULL || *key == '\0' ? "key" : name == NULL ?
		    "name" : "type");
		return (-1);
	}
	memset(&v, 0, sizeof(v));
	for (t = osq_regtypes; t->name != NULL; t++)
		if (strcmp(t->name, type) == 0)
			break;
	v.rtype = t->rtype;
	v.type = t->name != NULL ? t->name : parse_intern(p, type,
	    strlen(type));
	v.key = parse_intern(p, key, strlen(key));
	v.name = strcmp(name, "(Default)") == 0 ? "" :
	    parse_intern(p, name, strlen(name));
	if (osq_reg_data(p, data != NULL ? data : "", &v) == -1)
		return (-1);
	r = rec_add(p, REC_REGVALUE);
	r->u.reg = v;
	if (text != NULL)
		r->text = text;
	kb_regvalue(p, r);
	return (1);
}

/* One row of a query: what its columns make it. */
static int
osq_row(struct parse *p, const json_t *o, const char *text)
{
	if (!json_is_object(o))
		return (0);
	if (json_object_get(o, "local_port") != NULL)
		return (osq_sock(p, o, text, 0));
	if (json_object_get(o, "port") != NULL &&
	    json_object_get(o, "protocol") != NULL)
		return (osq_sock(p, o, text, 1));
	if (json_object_get(o, "key") != NULL &&
	    json_object_get(o, "data") != NULL)
		return (osq_reg(p, o, text));
	return (0);
}

static size_t
osq_seen_slot(const unsigned char *d, size_t cap)
{
	size_t	 h;

	memcpy(&h, d, sizeof(h));
	return (h & (cap - 1));
}

static void
osq_seen_put(struct osq_seen *t, const unsigned char *d)
{
	static const unsigned char	 zero[OSQ_DIGEST];
	size_t				 i;

	for (i = osq_seen_slot(d, t->cap); memcmp(t->d + i * OSQ_DIGEST, zero,
	    OSQ_DIGEST) != 0; i = (i + 1) & (t->cap - 1))
		;
	memcpy(t->d + i * OSQ_DIGEST, d, OSQ_DIGEST);
}

static void
osq_seen_grow(struct osq_seen *t)
{
	static const unsigned char	 zero[OSQ_DIGEST];
	unsigned char			*old = t->d;
	size_t				 ocap = t->cap, i;

	t->cap = ocap == 0 ? 1024 : ocap * 2;
	t->d = xcalloc(t->cap, OSQ_DIGEST);
	for (i = 0; i < ocap; i++)
		if (memcmp(old + i * OSQ_DIGEST, zero, OSQ_DIGEST) != 0)
			osq_seen_put(t, old + i * OSQ_DIGEST);
	free(old);
}

/* Feed a row's columns, in their order, to the digest; -1 on failure. */
static int
osq_seen_feed(EVP_MD_CTX *ctx, const json_t *o)
{
	const char	*k, *v;
	json_t		*m;
	char		 b[OSQ_NUM], *t;
	int		 ok;

	json_object_foreach((json_t *)o, k, m) {
		t = NULL;
		if ((v = jsonrow_str(o, k, b, sizeof(b))) == NULL &&
		    (v = t = json_dumps(m, JSON_COMPACT | JSON_ENCODE_ANY)) ==
		    NULL)
			return (-1);
		ok = EVP_DigestUpdate(ctx, k, strlen(k) + 1) == 1 &&
		    EVP_DigestUpdate(ctx, v, strlen(v) + 1) == 1;
		free(t);
		if (!ok)
			return (-1);
	}
	return (0);
}

/* Whether the host's row was given before; remembers it when not. */
static int
osq_seen(struct osq_state *st, const json_t *o)
{
	static const unsigned char	 zero[OSQ_DIGEST];
	struct osq_seen			*t = &st->seen;
	unsigned char			 md[EVP_MAX_MD_SIZE];
	unsigned int			 mdlen;
	size_t				 i;

	if (!json_is_object(o))
		return (0);
	if (t->ctx == NULL && (t->ctx = EVP_MD_CTX_new()) == NULL)
		return (0);		/* read it again rather than lose it */
	if (EVP_DigestInit_ex(t->ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(t->ctx, st->host, strlen(st->host) + 1) != 1 ||
	    osq_seen_feed(t->ctx, o) == -1 ||
	    EVP_DigestFinal_ex(t->ctx, md, &mdlen) != 1)
		return (0);
	if (memcmp(md, zero, OSQ_DIGEST) == 0)
		md[0] = 1;
	if (t->n * 2 >= t->cap)
		osq_seen_grow(t);
	for (i = osq_seen_slot(md, t->cap); memcmp(t->d + i * OSQ_DIGEST, zero,
	    OSQ_DIGEST) != 0; i = (i + 1) & (t->cap - 1))
		if (memcmp(t->d + i * OSQ_DIGEST, md, OSQ_DIGEST) == 0)
			return (1);
	memcpy(t->d + i * OSQ_DIGEST, md, OSQ_DIGEST);
	t->n++;
	return (0);
}

/*
 * The rows of a snapshot or batch line, each its own evidence; a row the
 * log gave before for the host is not read again.
 */
static void
osq_rows(struct parse *p, struct osq_state *st, const json_t *a)
{
	const json_t	*o;
	size_t		 i;

	for (i = 0; i < json_array_size(a); i++) {
		o = json_array_get(a, i);
		if (osq_seen(st, o))
			continue;
		osq_row(p, o, json_array_size(a) > 1 ? jsonrow_dump(p, o) :
		    NULL);
	}
}

/* The host a results log line names. */
static const char *
osq_host(const json_t *o, char *buf, size_t n)
{
	const char	*h;
	const json_t	*d;

	if ((h = jsonrow_str(o, "hostIdentifier", buf, n)) != NULL && *h)
		return (h);
	if ((d = json_object_get(o, "decorations")) != NULL &&
	    (h = jsonrow_str(d, "hostname", buf, n)) != NULL && *h)
		return (h);
	return (NULL);
}

static int
osq_is_log(const json_t *o)
{
	return (json_object_get(o, "hostIdentifier") != NULL ||
	    (json_object_get(o, "name") != NULL &&
	    (json_object_get(o, "columns") != NULL ||
	    json_object_get(o, "snapshot") != NULL ||
	    json_object_get(o, "diffResults") != NULL)));
}

/*
 * Records from here on belong to host h (NULL: the input's).  The values
 * the knowledge base reads together (the Rpc\Internet pool) are settled
 * for the host before: a host's registry rows come on one snapshot line,
 * or on consecutive event lines.
 */
static void
osq_set_host(struct parse *p, struct osq_state *st, const char *h)
{
	if ((h == NULL) != (st->host == NULL) ||
	    (h != NULL && strcmp(h, st->host) != 0)) {
		kb_finish(p);
		free(st->host);
		st->host = h == NULL ? NULL : xstrdup(h);
	}
	parse_set_host(p, h, h == NULL ? 0 : strlen(h));
}

/* A results log line: event, snapshot or batch format. */
static void
osq_log(struct parse *p, struct osq_state *st, const json_t *o,
    const char *text)
{
	const json_t	*c, *d;
	const char	*action, *h;
	char		 b[OSQ_NUM];

	if ((h = osq_host(o, b, sizeof(b))) == NULL) {
		/* the daemon always names its host: an edited line */
		parse_unparsed(p, DIAG_NO_HOST, "no hostIdentifier");
		return;
	}
	osq_set_host(p, st, h);
	action = jsonrow_str(o, "action", b, sizeof(b));
	if ((c = json_object_get(o, "columns")) != NULL) {
		if ((action == NULL || strcmp(action, "removed") != 0) &&
		    !osq_seen(st, c))
			osq_row(p, c, text);
	} else if ((c = json_object_get(o, "snapshot")) != NULL)
		osq_rows(p, st, c);
	else if ((d = json_object_get(o, "diffResults")) != NULL)
		osq_rows(p, st, json_object_get(d, "added"));
}

static void
osq_json(struct parse *p, json_t *o, const char *text, void *arg)
{
	struct osq_state	*st = arg;

	if (osq_is_log(o))
		osq_log(p, st, o, text);
	else {
		osq_set_host(p, st, NULL);
		osq_row(p, o, text);
	}
}

/* osqueryi --csv: a '|' header, then rows read as JSON objects. */
static void
osq_csv_line(struct parse *p, struct osq_state *st, const char *line,
    size_t len)
{
	json_t	*o;

	if ((o = csvtab_line(p, &st->tab, line, len, '|', 0)) == NULL)
		return;
	osq_row(p, o, NULL);
	json_decref(o);
	if (p->cls == 0)
		parse_known(p);
}

static void
osq_csv(struct parse *p, struct osq_state *st)
{
	char			*line;
	size_t			 len;

	while ((line = parse_next_line(p, &len)) != NULL) {
		if (strspn(line, " \t\r") == len || (len > 6 &&
		    strchr("IWEF", line[0]) != NULL && scan_digits(line + 1, 4)))
			parse_known(p);
		else
			osq_csv_line(p, st, line, len);
	}
}

static int
osq_parse(struct parse *p)
{
	struct osq_state	 st;

	memset(&st, 0, sizeof(st));
	if (jsonrow_sniff_start(p->pos, p->end - p->pos))
		jsonrow_walk(p, osq_json, &st);
	else
		osq_csv(p, &st);
	kb_finish(p);
	parse_set_host(p, NULL, 0);
	csvtab_free(&st.tab);
	free(st.host);
	free(st.seen.d);
	EVP_MD_CTX_free(st.seen.ctx);
	return ((int)p->in->lines_unparsed);
}

/* A '|' header naming one of the tables' columns. */
static int
osq_sniff_csv(const char *buf, size_t len)
{
	const char	*pos = buf, *s;
	size_t		 n;

	if ((s = scan_line(&pos, buf + len, &n)) == NULL ||
	    memchr(s, '|', n) == NULL)
		return (0);
	if ((scan_has(s, n, "local_port|") || scan_has(s, n, "|local_port")) &&
	    scan_has(s, n, "remote_port"))
		return (90);
	if (scan_has(s, n, "port|") && scan_has(s, n, "protocol") &&
	    scan_has(s, n, "family"))
		return (90);
	if (scan_has(s, n, "key|") && scan_has(s, n, "|data") &&
	    scan_has(s, n, "type"))
		return (80);
	return (0);
}

static int
osq_sniff(const char *buf, size_t len)
{
	if (!jsonrow_sniff_start(buf, len))
		return (osq_sniff_csv(buf, len));
	if (scan_has(buf, len, "\"hostIdentifier\"") &&
	    (scan_has(buf, len, "\"columns\"") ||
	    scan_has(buf, len, "\"snapshot\"") ||
	    scan_has(buf, len, "\"diffResults\"")))
		return (100);
	if (scan_has(buf, len, "\"local_port\"") &&
	    scan_has(buf, len, "\"remote_port\""))
		return (90);
	if (scan_has(buf, len, "\"port\"") &&
	    scan_has(buf, len, "\"protocol\"") &&
	    scan_has(buf, len, "\"family\""))
		return (90);
	if (scan_has(buf, len, "\"key\"") && scan_has(buf, len, "\"data\"") &&
	    scan_has(buf, len, "\"mtime\""))
		return (80);
	return (0);
}

const struct collector collector_osquery = {
	"osquery", "osquery", NULL,
	"osquery: osqueryi --json/--csv sockets and registry, results logs",
	osq_sniff, osq_parse, 0
};
