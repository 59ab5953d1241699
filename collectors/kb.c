/*
 * The registry knowledge base: which registry values pin a service to a
 * fixed port or shape a port range.  The rows live in data/settings.csv,
 * read at run time with libcsv (never compiled in), plus any user's file
 * given with --settings.  Every registry collector hands each value record
 * to kb_regvalue(); a value the base knows becomes REC_SETTING or REC_RANGE
 * records on the value's own line.  The Rpc\Internet pool needs three
 * values of one key, so it is gathered during the input and emitted by
 * kb_finish() (KB 154596).
 *
 * Matching looks at the value name first (a hash of the lowercased name, so
 * most values cost one lookup), then at the key: patterns and keys are split
 * into lowercased components with the root spelled one way (HKLM),
 * HKEY_CLASSES_ROOT read as HKLM\SOFTWARE\Classes and any ControlSetNNN read
 * as CurrentControlSet.  `*` in a pattern matches one component, and %1..%9
 * in a row's service and label bring that component back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define KB_NBUCKET	512		/* value-name hash buckets, power of 2 */
#define KB_MAXCOMP	64		/* key components compared */
#define KB_MAXFIELD	16		/* fields kept per CSV record */
#define KB_MAXFILE	(16L * 1024 * 1024)
#define KB_MAXLINE	(64 * 1024)	/* longer lines: not a settings file */
#define KB_PTCP		1		/* proto bits of a row */
#define KB_PUDP		2
/* The first port of a pool MaxUserPort tops: 2000 to 2003 hand out 1025
 * first (KB 929851, KB 832017); NT 4.0's 1024 comes from data/os.csv. */
#define KB_MAXUSER_FIRST 1025
#define KB_SOCKETPOOL_MAX 10000	/* "Configure the Socket Pool" */

/* How a row reads the value's data. */
enum kb_parse {
	KBP_PORT = 0,		/* DWORD or decimal string, one port */
	KBP_PORTLIST,		/* "1433,1500" */
	KBP_DYNPORT,		/* SQL TcpDynamicPorts: "", "0" or last port */
	KBP_ENDPOINTS,		/* DCOM "ncacn_ip_tcp,0,<port>" entries */
	KBP_PROTSEQ,		/* "ncacn_http:<port>" entries */
	KBP_MAXUSERPORT,	/* ephemeral range 1024..value */
	KBP_RESERVED,		/* "first-last" entries: reserved ranges */
	KBP_RPCPORTS,		/* Rpc\Internet Ports */
	KBP_RPCAVAIL,		/* Rpc\Internet PortsInternetAvailable */
	KBP_RPCUSE,		/* Rpc\Internet UseInternetPorts */
	KBP_SOCKETPOOL,		/* DNS SocketPoolSize, 0..10000 ports */
	KBP_POOLEXCLUDED,	/* DNS SocketPoolExcludedPortRanges */
	KBP_VALIDPORTS,		/* RpcProxy "host:port;host:first-last" */
	KBP_LISTENALL,		/* SQL ListenOnAllIPs: IPn or IPAll count */
	KBP_ENABLED		/* 0: the key's own settings do nothing */
};

/* What a row's records are: the kind column. */
enum kb_kind {
	KBK_SETTING = 0,	/* fixed-port settings */
	KBK_RANGE,		/* ranges of ports */
	KBK_SWITCH		/* no record: decides whether other
				   settings of the input count */
};

static const char *const kb_kindnames[] = { "setting", "range", "switch" };

static const struct kb_parsename {
	const char	*name;
	enum kb_parse	 parse;
	enum kb_kind	 kind;
} kb_parsenames[] = {
	{ "port", KBP_PORT, KBK_SETTING },
	{ "portlist", KBP_PORTLIST, KBK_SETTING },
	{ "dynport", KBP_DYNPORT, KBK_SETTING },
	{ "endpoints", KBP_ENDPOINTS, KBK_SETTING },
	{ "protseq", KBP_PROTSEQ, KBK_SETTING },
	{ "maxuserport", KBP_MAXUSERPORT, KBK_RANGE },
	{ "reserved", KBP_RESERVED, KBK_RANGE },
	{ "rpcports", KBP_RPCPORTS, KBK_RANGE },
	{ "rpcavail", KBP_RPCAVAIL, KBK_RANGE },
	{ "rpcuse", KBP_RPCUSE, KBK_RANGE },
	{ "socketpool", KBP_SOCKETPOOL, KBK_RANGE },
	{ "poolexcluded", KBP_POOLEXCLUDED, KBK_RANGE },
	{ "validports", KBP_VALIDPORTS, KBK_RANGE },
	{ "listenall", KBP_LISTENALL, KBK_SWITCH },
	{ "enabled", KBP_ENABLED, KBK_SWITCH },
};

/* The columns of settings.csv; the header line names them in any order. */
enum kb_col {
	KBC_KEY = 0,
	KBC_VALUE,
	KBC_KIND,
	KBC_PARSE,
	KBC_PROTO,
	KBC_SERVICE,
	KBC_LABEL,
	KBC_OWNER,
	KBC_SOURCE,
	KBC_SCOPE,
	KBC_CONFIDENCE,
	KBC__MAX
};

static const char *const kb_colnames[KBC__MAX] = {
	"key", "value", "kind", "parse", "proto", "service", "label",
	"owner", "source", "scope", "confidence"
};

/* A key split into components, normalised for comparison. */
struct kb_split {
	char		*buf;		/* lowercased copy, NULs between parts */
	char		*orig;		/* the same as written */
	const char	*comp[KB_MAXCOMP];	/* lowercased components */
	const char	*ocomp[KB_MAXCOMP];	/* as written */
	int		 n;
};

struct kb_row {
	struct kb_row	*next;		/* in its bucket */
	struct kb_split	 key;		/* the pattern */
	char		*value;		/* value name ("" = default value) */
	uint32_t	 hash;		/* of the lowercased value name */
	enum kb_parse	 parse;
	int		 proto;		/* KB_PTCP | KB_PUDP */
	char		*service;	/* NULL when empty */
	char		*label;
	char		*owner;
	char		*scope;		/* NULL, or "dc" */
	int		 unconfirmed;	/* confidence column says so */
	int		 user;		/* from a --settings file */
};

/* A switch value of the current input (ListenOnAllIPs, Enabled). */
struct kb_switch {
	struct kb_switch	*next;
	const char		*key;		/* as found */
	enum kb_parse		 parse;
	int			 on;		/* the value is non-zero */
	const struct record	*rec;
};

/* One Rpc\Internet key of the current input, emitted by kb_finish(). */
struct kb_rpc {
	struct kb_rpc		*next;
	const char		*key;		/* as found */
	const struct kb_row	*row;		/* the Ports row */
	const struct record	*ports;		/* NULL until seen */
	const struct record	*avail;		/* PortsInternetAvailable */
	const struct record	*use;		/* UseInternetPorts */
};

struct kb {
	struct kb_row	*bucket[KB_NBUCKET];
	int		 failed;	/* settings.csv could not be read */
	char		*ckey;		/* the key last split */
	int		 cok;		/* it split fine */
	struct kb_split	 cache;		/* its components */
	struct input	*rpc_in;	/* input the pending pools belong to */
	struct kb_rpc	*rpc;
	struct osreg	*os;		/* the host's OS values (osreg.c) */
	struct kb_switch *sw;		/* switches of that input */
};

/* State of one CSV file being read. */
struct kb_loader {
	struct kb	*kb;
	const char	*path;
	int		 user;
	char		*field[KB_MAXFIELD];
	size_t		 nfield;	/* may exceed KB_MAXFIELD */
	int		 col[KBC__MAX];	/* field index, -1 when absent */
	size_t		 ncol;		/* fields of the header */
	int		 header;	/* 1 read, -1 unusable */
	unsigned	 lineno;	/* lines fed to libcsv so far */
	unsigned	 recline;	/* line the current record began on */
};

static uint32_t
kb_hash(const char *s)
{
	uint32_t	 h = 2166136261u;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)scan_tolower(*s)) * 16777619u;
	return (h);
}

static int
kb_is_controlset(const char *s)
{
	if (strcmp(s, "currentcontrolset") == 0)
		return (1);
	return (strncmp(s, "controlset", 10) == 0 && scan_digits(s + 10, 3) &&
	    s[13] == '\0');
}

/* Append a component; 0 or -1 when the key is too deep. */
static int
kb_split_add(struct kb_split *s, const char *comp, const char *ocomp)
{
	if (s->n == KB_MAXCOMP)
		return (-1);
	s->comp[s->n] = comp;
	s->ocomp[s->n++] = ocomp;
	return (0);
}

/* The root component, spelled one way; HKEY_CLASSES_ROOT expands. */
static int
kb_split_root(struct kb_split *s, const char *comp, const char *ocomp)
{
	static const char *const roots[][2] = {
		{ "hkey_local_machine", "hklm" },
		{ "hkey_current_user", "hkcu" },
		{ "hkey_users", "hku" },
		{ "hkey_current_config", "hkcc" },
		{ "hkey_classes_root", "hkcr" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (strcmp(comp, roots[i][0]) == 0 ||
		    strcmp(comp, roots[i][1]) == 0) {
			comp = roots[i][1];
			break;
		}
	if (strcmp(comp, "hkcr") != 0)
		return (kb_split_add(s, comp, ocomp));
	if (kb_split_add(s, "hklm", "HKEY_LOCAL_MACHINE") == -1 ||
	    kb_split_add(s, "software", "SOFTWARE") == -1)
		return (-1);
	return (kb_split_add(s, "classes", "Classes"));
}

static void
kb_split_free(struct kb_split *s)
{
	free(s->buf);
	free(s->orig);
	memset(s, 0, sizeof(*s));
}

/* Split and normalise key into s; 0, or -1 when it has too many parts. */
static int
kb_split(struct kb_split *s, const char *key)
{
	size_t	 len = strlen(key), i, start;
	int	 rc = 0;

	kb_split_free(s);
	s->buf = xmalloc(len + 1);
	s->orig = xmalloc(len + 1);
	for (i = 0; i <= len; i++) {
		s->orig[i] = key[i] == '\\' ? '\0' : key[i];
		s->buf[i] = scan_tolower(s->orig[i]);
	}
	for (start = 0; start <= len && rc == 0; start = i + 1) {
		i = start + strlen(s->buf + start);
		if (i == start)
			continue;		/* "\\" or a trailing "\" */
		if (s->n == 0)
			rc = kb_split_root(s, s->buf + start, s->orig + start);
		else
			rc = kb_split_add(s, s->buf + start, s->orig + start);
	}
	if (rc == 0 && s->n > 2 && strcmp(s->comp[0], "hklm") == 0 &&
	    strcmp(s->comp[1], "system") == 0 && kb_is_controlset(s->comp[2]))
		s->comp[2] = "currentcontrolset";
	return (rc);
}

static int
kb_match(const struct kb_split *pat, const struct kb_split *key)
{
	int	 i;

	if (pat->n != key->n)
		return (0);
	for (i = pat->n - 1; i >= 0; i--)
		if (strcmp(pat->comp[i], "*") != 0 &&
		    strcmp(pat->comp[i], key->comp[i]) != 0)
			return (0);
	return (1);
}

static void
kb_row_free(struct kb_row *row)
{
	kb_split_free(&row->key);
	free(row->value);
	free(row->service);
	free(row->label);
	free(row->owner);
	free(row->scope);
	free(row);
}

static int
kb_same_row(const struct kb_row *a, const struct kb_row *b)
{
	int	 i;

	if (a->hash != b->hash || a->key.n != b->key.n ||
	    util_strcasecmp_ascii(a->value, b->value) != 0)
		return (0);
	for (i = 0; i < a->key.n; i++)
		if (strcmp(a->key.comp[i], b->key.comp[i]) != 0)
			return (0);
	return (1);
}

/*
 * Installed rows go to the end of their bucket, a user's rows to the front
 * (so they win), replacing a row for the same key pattern and value.
 */
static void
kb_insert(struct kb *kb, struct kb_row *row)
{
	struct kb_row	**pp, *old;

	pp = &kb->bucket[row->hash & (KB_NBUCKET - 1)];
	if (!row->user) {
		while (*pp != NULL)
			pp = &(*pp)->next;
		*pp = row;
		return;
	}
	for (; *pp != NULL; pp = &(*pp)->next)
		if (kb_same_row(*pp, row)) {
			old = *pp;
			*pp = old->next;
			kb_row_free(old);
			break;
		}
	pp = &kb->bucket[row->hash & (KB_NBUCKET - 1)];
	row->next = *pp;
	*pp = row;
}

static void
kb_load_bad(struct kb_loader *l, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag(NULL, 0, DIAG_KB, "%s:%u: %s", l->path, l->recline, msg);
}

static const char *
kb_field(const struct kb_loader *l, enum kb_col c)
{
	return (l->col[c] < 0 || (size_t)l->col[c] >= l->nfield ? "" :
	    l->field[l->col[c]]);
}

/* A row may leave off trailing columns, never one the loader needs. */
static int
kb_load_complete(const struct kb_loader *l)
{
	static const enum kb_col need[] = { KBC_KEY, KBC_VALUE, KBC_PARSE,
	    KBC_PROTO };
	size_t	 c;

	for (c = 0; c < sizeof(need) / sizeof(need[0]); c++)
		if ((size_t)l->col[need[c]] >= l->nfield)
			return (0);
	return (1);
}

static void
kb_load_header(struct kb_loader *l)
{
	static const enum kb_col need[] = { KBC_KEY, KBC_VALUE, KBC_PARSE,
	    KBC_PROTO };
	size_t	 i, c;

	for (c = 0; c < KBC__MAX; c++)
		l->col[c] = -1;
	l->ncol = l->nfield;
	l->header = 1;
	for (i = 0; i < l->nfield && i < KB_MAXFIELD; i++) {
		for (c = 0; c < KBC__MAX; c++)
			if (util_strcasecmp_ascii(l->field[i],
			    kb_colnames[c]) == 0)
				break;
		if (c == KBC__MAX)
			kb_load_bad(l, "unknown column \"%s\" ignored",
			    l->field[i]);
		else
			l->col[c] = (int)i;
	}
	for (c = 0; c < sizeof(need) / sizeof(need[0]); c++)
		if (l->col[need[c]] == -1) {
			kb_load_bad(l, "no \"%s\" column, file ignored",
			    kb_colnames[need[c]]);
			l->header = -1;
		}
}

static int
kb_load_proto(const char *s)
{
	if (util_strcasecmp_ascii(s, "tcp") == 0)
		return (KB_PTCP);
	if (util_strcasecmp_ascii(s, "udp") == 0)
		return (KB_PUDP);
	if (util_strcasecmp_ascii(s, "both") == 0)
		return (KB_PTCP | KB_PUDP);
	return (0);
}

static char *
kb_load_opt(const char *s)
{
	return (*s == '\0' ? NULL : xstrdup(s));
}

/* Check one data record and add it as a row. */
static void
kb_load_row(struct kb_loader *l)
{
	const struct kb_parsename	*pn = NULL;
	const char			*kind, *value;
	struct kb_row			*row;
	size_t				 i;
	int				 proto;

	for (i = 0; i < sizeof(kb_parsenames) / sizeof(kb_parsenames[0]); i++)
		if (util_strcasecmp_ascii(kb_field(l, KBC_PARSE),
		    kb_parsenames[i].name) == 0)
			pn = &kb_parsenames[i];
	if (pn == NULL) {
		kb_load_bad(l, "unknown parse \"%s\"", kb_field(l, KBC_PARSE));
		return;
	}
	kind = kb_field(l, KBC_KIND);
	if (*kind != '\0' && util_strcasecmp_ascii(kind,
	    kb_kindnames[pn->kind]) != 0) {
		kb_load_bad(l, "kind \"%s\" does not fit parse %s", kind,
		    pn->name);
		return;
	}
	if ((proto = kb_load_proto(kb_field(l, KBC_PROTO))) == 0) {
		kb_load_bad(l, "proto \"%s\" is not tcp, udp or both",
		    kb_field(l, KBC_PROTO));
		return;
	}
	value = kb_field(l, KBC_VALUE);
	if (*value == '\0') {
		kb_load_bad(l, "no value name");
		return;
	}
	if (*kb_field(l, KBC_SCOPE) != '\0' &&
	    util_strcasecmp_ascii(kb_field(l, KBC_SCOPE), "dc") != 0) {
		kb_load_bad(l, "scope \"%s\" is not dc or empty",
		    kb_field(l, KBC_SCOPE));
		return;
	}
	if (*kb_field(l, KBC_CONFIDENCE) != '\0' &&
	    util_strcasecmp_ascii(kb_field(l, KBC_CONFIDENCE),
	    "documented") != 0 &&
	    util_strcasecmp_ascii(kb_field(l, KBC_CONFIDENCE),
	    "unconfirmed") != 0) {
		kb_load_bad(l, "confidence \"%s\" is not documented or "
		    "unconfirmed", kb_field(l, KBC_CONFIDENCE));
		return;
	}
	row = xcalloc(1, sizeof(*row));
	if (kb_split(&row->key, kb_field(l, KBC_KEY)) == -1 ||
	    row->key.n < 2) {
		kb_load_bad(l, "key \"%s\" is not a registry path",
		    kb_field(l, KBC_KEY));
		kb_row_free(row);
		return;
	}
	row->value = xstrdup(strcmp(value, "@") == 0 ? "" : value);
	row->hash = kb_hash(row->value);
	row->parse = pn->parse;
	row->proto = proto;
	row->service = kb_load_opt(kb_field(l, KBC_SERVICE));
	row->label = kb_load_opt(kb_field(l, KBC_LABEL));
	row->owner = kb_load_opt(kb_field(l, KBC_OWNER));
	row->scope = kb_load_opt(kb_field(l, KBC_SCOPE));
	row->unconfirmed = util_strcasecmp_ascii(kb_field(l, KBC_CONFIDENCE),
	    "unconfirmed") == 0;
	row->user = l->user;
	kb_insert(l->kb, row);
}

static void
kb_load_record(struct kb_loader *l)
{
	if (l->nfield == 0 || l->header == -1 ||
	    (l->nfield == 1 && l->field[0][0] == '\0'))
		return;
	if (l->header == 0)
		kb_load_header(l);
	else if (l->nfield > l->ncol || !kb_load_complete(l))
		kb_load_bad(l, "%zu fields, the header has %zu", l->nfield,
		    l->ncol);
	else
		kb_load_row(l);
}

static void
kb_load_reset(struct kb_loader *l)
{
	size_t	 i;

	for (i = 0; i < l->nfield && i < KB_MAXFIELD; i++)
		free(l->field[i]);
	l->nfield = 0;
}

static void
kb_load_cbfield(void *s, size_t len, void *data)
{
	struct kb_loader	*l = data;

	if (l->nfield < KB_MAXFIELD)
		l->field[l->nfield] = xstrndup(s != NULL ? s : "", len);
	l->nfield++;
}

static void
kb_load_cbrecord(int c, void *data)
{
	struct kb_loader	*l = data;

	(void)c;
	kb_load_record(l);
	kb_load_reset(l);
}

/*
 * Feed the file to libcsv line by line, so that a line starting with # where
 * a record would start is a comment (libcsv has none) and every record
 * knows its line for the diagnostics.  libcsv grows a field in small steps,
 * so overlong lines are refused before they cost quadratic time.
 */
static int
kb_load_csv(struct kb_loader *l, const char *s, size_t len)
{
	struct csv_parser	 cp;
	const char		*end = s + len, *nl;
	int			 rc = 0;

	csv_init(&cp, CSV_APPEND_NULL);
	for (; s < end && rc == 0; s = nl) {
		nl = memchr(s, '\n', end - s);
		nl = nl == NULL ? end : nl + 1;
		l->lineno++;
		if (nl - s > KB_MAXLINE) {
			diag(NULL, 0, DIAG_KB, "%s:%u: line longer than %d "
			    "bytes, file ignored", l->path, l->lineno,
			    KB_MAXLINE);
			csv_free(&cp);
			return (-1);
		}
		if (cp.pstate == 0) {		/* between records */
			l->recline = l->lineno;
			if (*s == '#')
				continue;
		}
		if (csv_parse(&cp, s, nl - s, kb_load_cbfield,
		    kb_load_cbrecord, l) != (size_t)(nl - s))
			rc = -1;
	}
	if (rc == 0 && csv_fini(&cp, kb_load_cbfield, kb_load_cbrecord,
	    l) != 0)
		rc = -1;
	if (rc == -1)
		diag(NULL, 0, DIAG_KB, "%s:%u: %s", l->path, l->lineno,
		    csv_strerror(csv_error(&cp)));
	csv_free(&cp);
	return (rc);
}

/* Add the rows of one settings file; 0, or -1 (diagnosed). */
static int
kb_load_file(struct kb *kb, const char *path, int user)
{
	struct kb_loader	 l;
	char			*buf, *s;
	size_t			 len;
	int			 rc;

	if ((buf = util_slurp(path, KB_MAXFILE, &len)) == NULL) {
		diag(NULL, 0, DIAG_KB, "%s: %s", path, errno == EFBIG ?
		    "file too big" : strerror(errno));
		return (-1);
	}
	memset(&l, 0, sizeof(l));
	l.kb = kb;
	l.path = path;
	l.user = user;
	s = buf;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	rc = kb_load_csv(&l, s, len);
	kb_load_reset(&l);
	free(buf);
	if (rc == 0 && l.header != 1) {
		if (l.header == 0)
			diag(NULL, 0, DIAG_KB, "%s: no header line", path);
		rc = -1;
	}
	return (rc);
}

/* The fleet's knowledge base, loaded on first use. */
static struct kb *
kb_get(struct fleet *f)
{
	struct kb	*kb;
	const char	*dir;
	char		*path;

	if (f->kb != NULL)
		return (f->kb);
	f->kb = kb = xcalloc(1, sizeof(*kb));
	kb->os = osreg_new();
	if ((dir = f->datadir) == NULL || *dir == '\0')
		dir = getenv("PORTAUDIT_DATADIR");
	if (dir == NULL || *dir == '\0')
		dir = "data";
	xasprintf(&path, "%s/settings.csv", dir);
	if (kb_load_file(kb, path, 0) == -1)
		kb->failed = 1;
	free(path);
	return (kb);
}

/* Load the installed knowledge base and, when not NULL, a user's file too. */
int
kb_load(struct fleet *f, const char *extra)
{
	struct kb	*kb = kb_get(f);

	if (extra != NULL)
		return (kb_load_file(kb, extra, 1));
	return (kb->failed ? -1 : 0);
}

/* Forget what the last input left pending and start on in. */
static void
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

/* Drop the knowledge base (fleet_free() calls this). */
void
kb_free(struct kb *kb)
{
	struct kb_row	*row, *next;
	size_t		 i;

	if (kb == NULL)
		return;
	for (i = 0; i < KB_NBUCKET; i++)
		for (row = kb->bucket[i]; row != NULL; row = next) {
			next = row->next;
			kb_row_free(row);
		}
	kb_rpc_clear(kb, NULL);
	osreg_free(kb->os);
	kb_split_free(&kb->cache);
	free(kb->ckey);
	free(kb);
}

/* Split key into the cache unless it is the one split last. */
static int
kb_key(struct kb *kb, const char *key)
{
	if (kb->ckey != NULL && strcmp(kb->ckey, key) == 0)
		return (kb->cok);
	free(kb->ckey);
	kb->ckey = xstrdup(key);
	kb->cok = kb_split(&kb->cache, key) == 0;
	return (kb->cok);
}

/* The row for this value, preferring a user's rows; NULL when none. */
static const struct kb_row *
kb_lookup(struct kb *kb, const char *key, const char *name)
{
	const struct kb_row	*row;
	uint32_t		 h = kb_hash(name);

	for (row = kb->bucket[h & (KB_NBUCKET - 1)]; row != NULL;
	    row = row->next) {
		if (row->hash != h || util_strcasecmp_ascii(row->value,
		    name) != 0)
			continue;
		if (!kb_key(kb, key))
			return (NULL);
		if (kb_match(&row->key, &kb->cache))
			return (row);
	}
	return (NULL);
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
 * the Windows NT\CurrentVersion values go to osreg.c.
 */
void
kb_regvalue(struct parse *p, const struct record *rec)
{
	const struct regvaluerec *reg;
	const struct kb_row	*row;
	struct kb		*kb;

	if (rec == NULL || rec->kind != REC_REGVALUE || rec->u.reg.key == NULL)
		return;
	kb = kb_get(p->fleet);
	if (kb->rpc_in != p->in)
		kb_rpc_clear(kb, p->in);
	osreg_value(kb->os, p, rec);
	reg = &rec->u.reg;
	if (reg->name == NULL) {
		if (reg->deleted) {
			kb_rpc_forget(kb, reg->key);
			kb_switch_forget(kb, reg->key);
		}
		return;
	}
	if ((row = kb_lookup(kb, reg->key, reg->name)) == NULL)
		return;
	switch (row->parse) {
	case KBP_RPCPORTS:
	case KBP_RPCAVAIL:
	case KBP_RPCUSE:
		kb_rpc_note(kb, row, rec);
		return;
	case KBP_LISTENALL:
	case KBP_ENABLED:
		kb_switch_note(p, kb, row, rec);
		return;
	default:
		break;
	}
	if (reg->deleted)
		return;
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
}

/* Emit what needed the whole input: the Rpc\Internet pools, the OS. */
void
kb_finish(struct parse *p)
{
	struct kb	*kb = p->fleet->kb;
	struct kb_rpc	*c, *rev = NULL, *next;

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
