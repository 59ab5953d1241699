/*
 * The fleet: its arena, interned strings, hosts and inputs, and the enum
 * names every output uses.  Records are appended by collectors (through
 * parse.c) and never freed one at a time: fleet_free() drops the arena.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"

#define ARENA_CHUNK	(2 * 1024 * 1024)	/* one huge page */
#define ARENA_KEPT	8	/* freed chunks kept for the next arena */

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used;
	size_t			 size;
	char			 data[];
};

/*
 * An arena fills one chunk list per thread slot: the main thread uses
 * slot 0, worker k of a pool (pool.c) slot k, so workers allocate from the
 * fleet's arena side by side without a lock.
 */
struct arena {
	struct arena_chunk	*head[MODEL_SLOTS];
};

struct intern {
	struct arena	 *arena;	/* the strings: apart from the records,
					   so that arena_release() never gives
					   one back */
	const char	**slot;		/* open addressing, NULL = empty */
	uint32_t	 *hash;
	size_t		  cap;		/* power of two */
	size_t		  count;
	pthread_mutex_t	  lock;		/* workers intern side by side */
	unsigned long	  gen;		/* this table among all made */
};

/*
 * Each thread's last strings looked up, in front of the table: most
 * lookups (a process name, a peer's address again) need neither its lock
 * nor a probe through a table larger than the CPU's caches.  An entry
 * holds for the table it came from (gen), never for a later one made at
 * the same address.
 */
#define INTERN_FRONT	1024	/* a power of two */

struct intern_front {
	unsigned long	 gen;
	uint32_t	 hash;
	const char	*s;
};

static _Thread_local struct intern_front intern_front[INTERN_FRONT];
static unsigned long	 intern_gens;

static _Thread_local unsigned model_slot;
static _Thread_local struct arena *model_redirect;

/*
 * Chunks of freed arenas, kept for the next ones: a fleet made and freed
 * per host (inspect) would else map and zero a fresh huge page each time.
 */
static struct arena_chunk *arena_kept;
static size_t		  arena_nkept;
static pthread_mutex_t	  arena_kept_lock = PTHREAD_MUTEX_INITIALIZER;

/* The arena slot of the calling thread (0: the main thread). */
void
model_set_slot(unsigned slot)
{
	model_slot = slot < MODEL_SLOTS ? slot : 0;
}

struct arena *
arena_new(void)
{
	return (xcalloc(1, sizeof(struct arena)));
}

/* A chunk of size bytes of data: a spare one when it has the usual size. */
static struct arena_chunk *
arena_chunk_get(size_t size)
{
	struct arena_chunk	*c = NULL;

	if (size == ARENA_CHUNK - sizeof(*c)) {
		pthread_mutex_lock(&arena_kept_lock);
		if ((c = arena_kept) != NULL) {
			arena_kept = c->next;
			arena_nkept--;
		}
		pthread_mutex_unlock(&arena_kept_lock);
	}
	if (c == NULL)
		c = util_alloc_big(sizeof(*c) + size);
	c->used = 0;
	c->size = size;
	return (c);
}

static void
arena_chunk_put(struct arena_chunk *c)
{
	if (c->size == ARENA_CHUNK - sizeof(*c)) {
		pthread_mutex_lock(&arena_kept_lock);
		if (arena_nkept < ARENA_KEPT) {
			c->next = arena_kept;
			arena_kept = c;
			arena_nkept++;
			c = NULL;
		}
		pthread_mutex_unlock(&arena_kept_lock);
	}
	free(c);
}

void
arena_free(struct arena *a)
{
	struct arena_chunk	*c, *next;
	size_t			 i;

	if (a == NULL)
		return;
	for (i = 0; i < MODEL_SLOTS; i++)
		for (c = a->head[i]; c != NULL; c = next) {
			next = c->next;
			arena_chunk_put(c);
		}
	free(a);
}

struct arena *
arena_redirect(struct arena *to)
{
	struct arena	*was = model_redirect;

	model_redirect = to;
	return (was);
}

void
arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_chunk	**head = &dst->head[model_slot];
	struct arena_chunk	*c, *last;
	size_t			 i;

	for (i = 0; i < MODEL_SLOTS; i++) {
		if ((c = src->head[i]) == NULL)
			continue;
		for (last = c; last->next != NULL; last = last->next)
			continue;
		/* Behind the chunk being filled, which stays in front. */
		if (*head == NULL)
			*head = c;
		else {
			last->next = (*head)->next;
			(*head)->next = c;
		}
	}
	free(src);
}

/* Bump allocation, 8-byte aligned, zeroed. */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk	**head;
	struct arena_chunk	*c;
	size_t			 size;
	void			*p;

	if (model_redirect != NULL)
		a = model_redirect;
	head = &a->head[model_slot];
	c = *head;
	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK - sizeof(*c);
		c = arena_chunk_get(size);
		if (n > ARENA_CHUNK / 4 && *head != NULL) {
			/* A big block: keep filling the current chunk. */
			c->next = (*head)->next;
			(*head)->next = c;
		} else {
			c->next = *head;
			*head = c;
		}
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);	/* chunks may come back from free() dirty */
	return (p);
}

static struct arena_chunk **
arena_head(struct arena *a)
{
	return (&(model_redirect != NULL ? model_redirect : a)->head[
	    model_slot]);
}

void
arena_mark(struct arena *a, struct arena_mark *m)
{
	struct arena_chunk	*c = *arena_head(a);

	m->chunk = c;
	m->used = c != NULL ? c->used : 0;
}

/*
 * Give back what the calling thread allocated in the arena since the mark;
 * 0 when that crossed into another chunk, where it stays (a rare loss).
 */
int
arena_release(struct arena *a, const struct arena_mark *m)
{
	struct arena_chunk	*c = *arena_head(a);

	if (c == NULL || c != m->chunk || c->used < m->used)
		return (0);
	c->used = m->used;
	return (1);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return (arena_strndup(a, s, strlen(s)));
}

static uint32_t
model_hash(const char *s, size_t n)
{
	uint32_t	h = 2166136261u;	/* FNV-1a */

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return (h);
}

static void
model_intern_grow(struct intern *t)
{
	const char	**oslot = t->slot;
	uint32_t	 *ohash = t->hash;
	size_t		  ocap = t->cap, i, j;

	t->cap = ocap == 0 ? 1024 : ocap * 2;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	t->hash = xcalloc(t->cap, sizeof(*t->hash));
	for (i = 0; i < ocap; i++) {
		if (oslot[i] == NULL)
			continue;
		for (j = ohash[i] & (t->cap - 1); t->slot[j] != NULL;
		    j = (j + 1) & (t->cap - 1))
			;
		t->slot[j] = oslot[i];
		t->hash[j] = ohash[i];
	}
	free(oslot);
	free(ohash);
}

/* One copy of each distinct string for the fleet's lifetime. */
const char *
fleet_intern(struct fleet *f, const char *s, size_t n)
{
	struct intern		*t = f->strings;
	struct intern_front	*e;
	struct arena		*was;
	const char		*v;
	uint32_t		 h;
	size_t			 i;

	h = model_hash(s, n);
	e = &intern_front[h & (INTERN_FRONT - 1)];
	if (e->gen == t->gen && e->hash == h && strncmp(e->s, s, n) == 0 &&
	    e->s[n] == '\0')
		return (e->s);
	pthread_mutex_lock(&t->lock);
	if (t->count * 2 >= t->cap)
		model_intern_grow(t);
	for (i = h & (t->cap - 1); t->slot[i] != NULL;
	    i = (i + 1) & (t->cap - 1))
		if (t->hash[i] == h && strncmp(t->slot[i], s, n) == 0 &&
		    t->slot[i][n] == '\0')
			break;
	if ((v = t->slot[i]) == NULL) {
		/* Interned strings outlive any arena a parse is redirected
		 * to. */
		was = arena_redirect(NULL);
		v = t->slot[i] = arena_strndup(t->arena, s, n);
		arena_redirect(was);
		t->hash[i] = h;
		t->count++;
	}
	pthread_mutex_unlock(&t->lock);
	e->gen = t->gen;
	e->hash = h;
	e->s = v;
	return (v);
}

struct fleet *
fleet_new(void)
{
	struct fleet	*f;

	f = xcalloc(1, sizeof(*f));
	f->arena = arena_new();
	f->strings = xcalloc(1, sizeof(*f->strings));
	f->strings->arena = arena_new();
	f->strings->gen = __atomic_add_fetch(&intern_gens, 1, __ATOMIC_RELAXED);
	pthread_mutex_init(&f->strings->lock, NULL);
	return (f);
}

void
fleet_free(struct fleet *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	record_text_flush();
	for (i = 0; i < f->ninputs; i++) {
		free(f->inputs[i]->buf);
		free(f->inputs[i]->park_block);
	}
	park_free(f->park);
	for (i = 0; i < f->nhosts; i++)
		free(f->hosts[i]->inputs);
	free(f->inputs);
	free(f->hosts);
	free(f->byhash);
	free(f->hostidx);
	free(f->byshort);
	free(f->skipped);
	kb_free(f->kb);
	free(f->strings->slot);
	free(f->strings->hash);
	arena_free(f->strings->arena);
	pthread_mutex_destroy(&f->strings->lock);
	free(f->strings);
	arena_free(f->arena);
	free(f);
}

/* Remember a path that is not read, with the reason, for the reports. */
void
fleet_skip(struct fleet *f, const char *path, const char *reason)
{
	f->skipped = xrealloc(f->skipped,
	    (f->nskipped + 1) * sizeof(*f->skipped));
	f->skipped[f->nskipped].path = arena_strdup(f->arena, path);
	f->skipped[f->nskipped].reason = reason;
	f->nskipped++;
}

int
host_only_carries(const struct host *h)
{
	const struct input	*src, *sub;
	unsigned long		 given;
	size_t			 i;

	for (i = 0; i < h->ninputs; i++) {
		src = input_src(h->inputs[i]);
		if (h->inputs[i]->parent != NULL || src->nsubs == 0)
			return (0);
		for (given = 0, sub = src->subs; sub != NULL;
		    sub = sub->sub_next)
			given += sub->records;
		if (src->records > given)
			return (0);
	}
	return (h->ninputs > 0);
}

const struct input *
input_src(const struct input *in)
{
	return (in->same_as != NULL ? in->same_as : in);
}

/* Add a source's word on a host's OS; the strongest source names it. */
const struct hostos *
host_os_claim(struct fleet *f, struct host *h, const struct hostos *w)
{
	struct hostos	*c, **tail;

	c = arena_alloc(f->arena, sizeof(*c));
	*c = *w;
	c->next = NULL;
	for (tail = &h->os_words; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = c;
	if (h->os_word == NULL || c->src >= h->os_word->src) {
		h->os_word = c;
		h->os = c->name;
		h->os_from = c->in;
		h->os_line = c->line;
	}
	return (c);
}

struct host *
fleet_host(struct fleet *f, const char *name)
{
	return (fleet_host_in(f, NULL, name));
}

static size_t
model_host_slot(const char *site, const char *name, size_t cap)
{
	uintptr_t	 h;

	h = (uintptr_t)name * 31 + (uintptr_t)site;
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return ((size_t)(h >> 7) & (cap - 1));
}

static void
model_host_index(struct fleet *f, struct host *h)
{
	size_t	 i;

	for (i = model_host_slot(h->site, h->name, f->hostidx_cap);
	    f->hostidx[i] != NULL; i = (i + 1) & (f->hostidx_cap - 1))
		;
	f->hostidx[i] = h;
}

/*
 * A host name without its domain: up to the first dot, unless the name is
 * an address (digits and dots, or any colon), which is kept whole.
 */
size_t
fleet_host_short(const char *name)
{
	const char	*dot;

	if (strchr(name, ':') != NULL ||
	    name[strspn(name, "0123456789.")] == '\0')
		return (strlen(name));
	if ((dot = strchr(name, '.')) == NULL || dot == name)
		return (strlen(name));
	return ((size_t)(dot - name));
}

static uint32_t
model_hash_lower(const char *s, size_t n)
{
	uint32_t	h = 2166136261u;
	unsigned char	c;

	while (n-- > 0) {
		c = (unsigned char)*s++;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 16777619u;
	}
	return (h);
}

static void
model_byshort_add(struct fleet *f, struct host *h)
{
	size_t	 i;

	for (i = model_hash_lower(h->name, fleet_host_short(h->name)) &
	    (f->byshort_cap - 1); f->byshort[i] != NULL;
	    i = (i + 1) & (f->byshort_cap - 1))
		;
	f->byshort[i] = h;
}

/* Index every host by its short name, growing the table as hosts come. */
static void
model_byshort_index(struct fleet *f, struct host *h)
{
	size_t	 i;

	if (f->nhosts * 2 <= f->byshort_cap) {
		model_byshort_add(f, h);
		return;
	}
	free(f->byshort);
	f->byshort_cap = f->byshort_cap == 0 ? 256 : f->byshort_cap * 2;
	f->byshort = xcalloc(f->byshort_cap, sizeof(*f->byshort));
	for (i = 0; i < f->nhosts; i++)
		model_byshort_add(f, f->hosts[i]);
}

/*
 * How well host h answers to name (short name n bytes long) from an input
 * of site isite: -1 not at all; else 2 for the whole name and 1 for the
 * same site, added.
 */
static int
model_host_score(const struct host *h, const char *name, size_t n,
    const char *isite)
{
	if (fleet_host_short(h->name) != n ||
	    util_strncasecmp_ascii(h->name, name, n) != 0)
		return (-1);
	return ((util_strcasecmp_ascii(h->name, name) == 0 ? 2 : 0) +
	    (h->site == isite ? 1 : 0));
}

struct host *
fleet_host_named(struct fleet *f, const char *site, const char *name)
{
	struct host	*h, *best = NULL;
	const char	*isite = NULL;
	char		*shortname;
	size_t		 i, n;
	int		 score, top = -1, tie = 0;

	if (site != NULL)
		isite = fleet_intern(f, site, strlen(site));
	n = fleet_host_short(name);
	for (i = f->byshort_cap == 0 ? 0 : model_hash_lower(name, n) &
	    (f->byshort_cap - 1); f->byshort_cap > 0 &&
	    (h = f->byshort[i]) != NULL; i = (i + 1) & (f->byshort_cap - 1)) {
		if ((score = model_host_score(h, name, n, isite)) < top)
			continue;
		tie = score == top;
		top = score;
		best = h;
	}
	if (best != NULL && !tie)
		return (best);
	/* Unknown, or a short name two sites share: the input's site. */
	shortname = xstrndup(name, n);
	h = fleet_host_in(f, site, shortname);
	free(shortname);
	return (h);
}

/* The host of that name and site (NULL: none), created on first use. */
struct host *
fleet_host_in(struct fleet *f, const char *site, const char *name)
{
	const char	*iname, *isite = NULL;
	struct host	*h;
	size_t		 i;

	iname = fleet_intern(f, name, strlen(name));
	if (site != NULL)
		isite = fleet_intern(f, site, strlen(site));
	if (f->hostidx_cap > 0)
		for (i = model_host_slot(isite, iname, f->hostidx_cap);
		    f->hostidx[i] != NULL; i = (i + 1) & (f->hostidx_cap - 1))
			if (f->hostidx[i]->name == iname &&
			    f->hostidx[i]->site == isite)
				return (f->hostidx[i]);
	h = arena_alloc(f->arena, sizeof(*h));
	h->name = iname;
	h->site = isite;
	if ((f->nhosts & (f->nhosts - 1)) == 0 || f->nhosts == 0)
		f->hosts = xrealloc(f->hosts,
		    (f->nhosts == 0 ? 1 : f->nhosts * 2) * sizeof(*f->hosts));
	f->hosts[f->nhosts++] = h;
	if (f->nhosts * 2 > f->hostidx_cap) {
		free(f->hostidx);
		f->hostidx_cap = f->hostidx_cap == 0 ? 256 :
		    f->hostidx_cap * 2;
		f->hostidx = xcalloc(f->hostidx_cap, sizeof(*f->hostidx));
		for (i = 0; i < f->nhosts; i++)
			model_host_index(f, f->hosts[i]);
	} else
		model_host_index(f, h);
	model_byshort_index(f, h);
	return (h);
}

static const char *const proto_names[] = {
	NULL, "tcp", "udp", "sctp", "dccp", "ddp", "other"
};

const int sock_msmq_ports[3] = { 2101, 2103, 2105 };	/* KB 178517 */

int
sock_is_msmq(const struct sockrec *s)
{
	return ((s->process != NULL &&
	    util_strcasecmp_ascii(s->process, "mqsvc.exe") == 0) ||
	    (s->service != NULL && util_strcasecmp_ascii(s->service,
	    "MSMQ") == 0));
}

const char *
proto_name(enum proto p)
{
	return (proto_names[p]);
}

enum proto
proto_from(const char *s, size_t n)
{
	size_t	 i;

	for (i = PROTO_TCP; i < PROTO_OTHER; i++)
		if (strlen(proto_names[i]) == n &&
		    util_strncasecmp_ascii(s, proto_names[i], n) == 0)
			return ((enum proto)i);
	return (PROTO_OTHER);
}

const char *
family_name(enum family f)
{
	static const char *const names[] = { NULL, "ipv4", "ipv6" };

	return (names[f]);
}

const char *
state_name(enum sockstate s)
{
	static const char *const names[] = {
		NULL, "LISTEN", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT",
		"SYN_SENT", "SYN_RECEIVED", "FIN_WAIT_1", "FIN_WAIT_2",
		"CLOSING", "LAST_ACK", "CLOSED", "BOUND"
	};

	return (names[s]);
}

const char *
rkind_name(enum rkind k)
{
	static const char *const names[] = {
		"socket", "setting", "range", "service", "regvalue", "unparsed"
	};

	return (names[k]);
}

const char *
rwhat_name(enum rwhat w)
{
	static const char *const names[] = {
		"ephemeral", "rpc", "reserved", "excluded", "socketpool",
		"socketpool-excluded", "rpcproxy"
	};

	return (names[w]);
}

const char *
regtype_name(enum regtype t)
{
	static const char *const names[] = {
		"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY",
		"REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_LINK",
		"REG_MULTI_SZ", "REG_RESOURCE_LIST",
		"REG_FULL_RESOURCE_DESCRIPTOR",
		"REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", NULL
	};

	return (names[t]);
}

/*
 * Port names that netstat prints without -n, for hosts whose own services
 * file was not collected.  Windows' names first (epmap, microsoft-ds), then
 * the common Unix ones.  Sorted by name for bsearch.
 */
static const struct {
	const char	*name;
	int		 port;
	enum proto	 proto;		/* PROTO_NONE: tcp and udp */
} model_builtin[] = {
	{ "bootpc", 68, PROTO_UDP },
	{ "bootps", 67, PROTO_UDP },
	{ "domain", 53, PROTO_NONE },
	{ "epmap", 135, PROTO_NONE },
	{ "ftp", 21, PROTO_TCP },
	{ "ftp-data", 20, PROTO_TCP },
	{ "http", 80, PROTO_NONE },
	{ "http-alt", 8080, PROTO_TCP },
	{ "https", 443, PROTO_NONE },
	{ "imap", 143, PROTO_TCP },
	{ "imaps", 993, PROTO_TCP },
	{ "ipp", 631, PROTO_NONE },
	{ "isakmp", 500, PROTO_UDP },
	{ "kerberos", 88, PROTO_NONE },
	{ "kpasswd", 464, PROTO_NONE },
	{ "ldap", 389, PROTO_NONE },
	{ "ldaps", 636, PROTO_TCP },
	{ "llmnr", 5355, PROTO_UDP },
	{ "mdns", 5353, PROTO_UDP },
	{ "microsoft-ds", 445, PROTO_NONE },
	{ "ms-sql-m", 1434, PROTO_UDP },
	{ "ms-sql-s", 1433, PROTO_TCP },
	{ "ms-wbt-server", 3389, PROTO_TCP },
	{ "msft-gc", 3268, PROTO_TCP },
	{ "msft-gc-ssl", 3269, PROTO_TCP },
	{ "mysql", 3306, PROTO_TCP },
	{ "netbios-dgm", 138, PROTO_UDP },
	{ "netbios-ns", 137, PROTO_UDP },
	{ "netbios-ssn", 139, PROTO_TCP },
	{ "ntp", 123, PROTO_UDP },
	{ "pop3", 110, PROTO_TCP },
	{ "pop3s", 995, PROTO_TCP },
	{ "postgresql", 5432, PROTO_TCP },
	{ "rdp", 3389, PROTO_TCP },
	{ "smtp", 25, PROTO_TCP },
	{ "snmp", 161, PROTO_UDP },
	{ "ssdp", 1900, PROTO_UDP },
	{ "ssh", 22, PROTO_TCP },
	{ "submission", 587, PROTO_TCP },
	{ "telnet", 23, PROTO_TCP },
	{ "wsd", 5357, PROTO_TCP },
	{ "www", 80, PROTO_TCP },
	{ "www-http", 80, PROTO_TCP },
	{ "xmpp-client", 5222, PROTO_TCP },
	{ "xmpp-server", 5269, PROTO_TCP },
};

int
model_builtin_port(const char *name, enum proto p)
{
	size_t	 lo = 0, hi = sizeof(model_builtin) / sizeof(model_builtin[0]);
	size_t	 mid;
	int	 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = util_strcasecmp_ascii(name, model_builtin[mid].name);
		if (c == 0) {
			if (model_builtin[mid].proto == PROTO_NONE ||
			    model_builtin[mid].proto == p || p == PROTO_NONE)
				return (model_builtin[mid].port);
			return (-1);
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (-1);
}

/* The port a host's services records give name for proto, or -1. */
static int
model_host_port(const struct host *h, const char *name, enum proto p)
{
	const struct record	*r;
	size_t			 i;
	int			 k;

	for (i = 0; i < h->ninputs; i++)
		for (r = input_src(h->inputs[i])->first; r != NULL;
		    r = r->next) {
			if (r->kind != REC_SERVICE || r->u.svc.port < 0 ||
			    r->u.svc.name == NULL || r->u.svc.proto != p)
				continue;
			if (strcmp(r->u.svc.name, name) == 0)
				return (r->u.svc.port);
			for (k = 0; k < r->u.svc.naliases; k++)
				if (strcmp(r->u.svc.aliases[k], name) == 0)
					return (r->u.svc.port);
		}
	return (-1);
}

/* The port a socket's port name stands for; -1, said, when none. */
static int
model_resolve(const struct host *h, struct record *r, const char *name,
    int has_services)
{
	int	 port = -1;

	if (has_services)
		port = model_host_port(h, name, r->u.sock.proto);
	if (port == -1)
		port = model_builtin_port(name, r->u.sock.proto);
	if (port == -1)
		diag(r->in, r->line, DIAG_BAD_PORT, "port name %s is in neither "
		    "the host's services file nor the built-in table", name);
	return (port);
}

static int
model_is_format(const struct input *in, const char *const *formats)
{
	for (; *formats != NULL; formats++)
		if (in->format != NULL && strcmp(in->format, *formats) == 0)
			return (1);
	return (0);
}

/*
 * Sockets shown with port names (netstat without -n) get their numbers from
 * the same host's services file when one was read, else from the built-in
 * table; the name stays in local_port_name.  Only socket lists are walked.
 */
void
fleet_resolve_names(struct fleet *f)
{
	static const char *const sockfmt[] = {
		"netstat-win", "netstat-linux", "netstat-bsd", "ss", NULL
	};
	static const char *const svcfmt[] = { "services", NULL };
	struct record	*r;
	struct host	*h;
	size_t		 i, j;
	int		 has_services;

	for (i = 0; i < f->nhosts; i++) {
		h = f->hosts[i];
		has_services = 0;
		for (j = 0; j < h->ninputs; j++)
			has_services |= model_is_format(h->inputs[j], svcfmt) &&
			    input_src(h->inputs[j])->records > 0;
		for (j = 0; j < h->ninputs; j++) {
			if (!model_is_format(h->inputs[j], sockfmt))
				continue;
			for (r = h->inputs[j]->first; r != NULL; r = r->next) {
				if (r->kind != REC_SOCKET)
					continue;
				if (r->u.sock.local_port < 0 &&
				    r->u.sock.local_port_name != NULL)
					r->u.sock.local_port = model_resolve(h,
					    r, r->u.sock.local_port_name,
					    has_services);
				if (r->u.sock.remote_port < 0 &&
				    r->u.sock.remote_port_name != NULL)
					r->u.sock.remote_port = model_resolve(h,
					    r, r->u.sock.remote_port_name,
					    has_services);
			}
		}
	}
}
