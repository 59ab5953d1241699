/*
 * Loading the registry knowledge base: the rows of data/settings.csv and
 * of a user's --settings file, read with libcsv line by line (a line that
 * starts with # is a comment), checked, and kept in buckets by a hash of
 * the lowercased value name.  Keys are split into lowercased components
 * with the root spelled one way (HKLM), HKEY_CLASSES_ROOT read as
 * HKLM\SOFTWARE\Classes and any ControlSetNNN read as CurrentControlSet;
 * `*` in a pattern matches one component.  kb.c applies the rows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "kb.h"

#define KB_MAXFIELD	16		/* fields kept per CSV record */
#define KB_MAXFILE	(16L * 1024 * 1024)
#define KB_MAXLINE	(64 * 1024)	/* longer lines: not a settings file */

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
struct kb *
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
const struct kb_row *
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

