/*
 * Compaction of socket lists: what an audit keeps of them.
 *
 * A busy server lists thousands of connections, and a fleet of them does
 * not fit in memory.  The rules look at few sockets one by one: the
 * listeners, the sockets on the ports the host's settings pin, and those
 * of Message Queuing; of every other connection they only need its local
 * port and its state.  So a socket list (collector_socketlist()) is parsed
 * into an arena of its own, and once every file of its host was read
 * (fleetread.c) the kept records move to the fleet's arena, their lines as
 * offsets into the file (record_text() reads them again), and the rest
 * become a struct sockuse: distinct local ports and counts.  The decoded
 * text and the arena go.  A fleet tool's export (collector_multihost())
 * holds many hosts' lists: its parts wait until every file is read.
 *
 * A socket's process, when its line names none, is the image another
 * socket of the same PID names (pins.c): it is looked up before the others
 * go (pid_image).  A setting read after its host was compacted (a file
 * given apart, a fleet tool's export), or a file shared by hosts with other
 * settings, can pin a port whose sockets were let go: compact_finish()
 * reads such a file again, whole (collect_reread(): same SHA-256 or a
 * diagnostic).  Line accounting is untouched: counts, not records.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collectors/collector.h"

#define COMPACT_NMSMQ	(sizeof(sock_msmq_ports) / sizeof(sock_msmq_ports[0]))

/* Whether an input waits for compaction; export parts only at the end. */
static int
compact_pending(const struct input *in, int exports)
{
	return (in->scratch != NULL && (exports || (in->parent == NULL &&
	    in->hold == NULL)));
}

/* The input whose decoded text a record's line is in: the file. */
static const struct input *
compact_file(const struct input *in)
{
	return (in->parent != NULL ? in->parent : in);
}

/* The first image a PID shows, in the host's file order. */
struct compact_pid {
	long		 pid;
	size_t		 seq;
	const char	*image;
};

struct compact_ports {
	int		*v;
	size_t		 n;
	size_t		 cap;
};

static void
compact_ports_add(struct compact_ports *s, int port)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = port;
}

static int
compact_cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

static int
compact_cmp_u16(const void *a, const void *b)
{
	uint16_t	 x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return (x < y ? -1 : x > y);
}

static int
compact_cmp_pid(const void *a, const void *b)
{
	const struct compact_pid	*x = a, *y = b;

	if (x->pid != y->pid)
		return (x->pid < y->pid ? -1 : 1);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* Sort and drop repeats. */
static size_t
compact_unique(int *v, size_t n)
{
	size_t	 i, k = 0;

	qsort(v, n, sizeof(*v), compact_cmp_int);
	for (i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return (k);
}

static int
compact_has(const int *v, size_t n, int port)
{
	return (n > 0 && bsearch(&port, v, n, sizeof(*v),
	    compact_cmp_int) != NULL);
}

/* Whether a socket list's sockets on port were let go. */
int
sockuse_dropped(const struct sockuse *u, int pi, int port)
{
	uint16_t	 p = (uint16_t)port;

	if (u == NULL || pi < 0 || pi > 1 || port <= 0 || port > 65535)
		return (0);
	return (u->nports[pi] > 0 && bsearch(&p, u->ports[pi], u->nports[pi],
	    sizeof(p), compact_cmp_u16) != NULL);
}

/* The ports whose sockets a host's rules read one by one. */
static void
compact_interest(const struct host *h, struct compact_ports *s)
{
	const struct input	*src;
	const struct record	*r;
	size_t			 i;

	for (i = 0; i < COMPACT_NMSMQ; i++)
		compact_ports_add(s, sock_msmq_ports[i]);
	for (i = 0; i < h->ninputs; i++) {
		src = input_src(h->inputs[i]);
		/* A socket list holds no setting (and may be compacting). */
		if (src->coll == NULL || collector_socketlist(src->coll))
			continue;
		for (r = src->first; r != NULL; r = r->next)
			if (r->kind == REC_SETTING && r->u.set.port > 0)
				compact_ports_add(s, r->u.set.port);
	}
	s->n = compact_unique(s->v, s->n);
}

static int
compact_listens(const struct sockrec *k)
{
	return (k->state == ST_LISTEN || k->state == ST_BOUND ||
	    (k->proto == PROTO_UDP && k->remote_port < 0));
}

/*
 * Whether a socket stays a record: a rule may read it one by one.  On a
 * pinned port something listens on, the connections are ones the listener
 * accepted, and only listeners count (pins.c); Message Queuing's wanted
 * ports show whatever holds them.
 */
static int
compact_keeps(const struct sockrec *k, const struct compact_ports *s,
    const unsigned char *listen)
{
	int	 pi, i;

	if ((k->proto != PROTO_TCP && k->proto != PROTO_UDP) ||
	    k->local_port <= 0 || k->local_port > 65535)
		return (1);
	if (compact_listens(k) || sock_is_msmq(k))
		return (1);
	if (!compact_has(s->v, s->n, k->local_port))
		return (0);
	for (i = 0; i < (int)COMPACT_NMSMQ; i++)
		if (k->local_port == sock_msmq_ports[i])
			return (1);
	pi = k->proto == PROTO_TCP ? 0 : 1;
	return (!listen[pi * 65536 + k->local_port]);
}

/* The ports something listens on in the host's waiting socket lists. */
static unsigned char *
compact_listeners(const struct host *h, int exports)
{
	const struct record	*r;
	const struct sockrec	*k;
	unsigned char		*listen;
	size_t			 i;

	listen = xcalloc(2, 65536);
	for (i = 0; i < h->ninputs; i++) {
		if (!compact_pending(h->inputs[i], exports))
			continue;
		for (r = h->inputs[i]->first; r != NULL; r = r->next) {
			if (r->kind != REC_SOCKET)
				continue;
			k = &r->u.sock;
			if ((k->proto == PROTO_TCP || k->proto == PROTO_UDP) &&
			    k->local_port > 0 && k->local_port <= 65535 &&
			    compact_listens(k))
				listen[(k->proto == PROTO_TCP ? 0 : 65536) +
				    k->local_port] = 1;
		}
	}
	return (listen);
}

static const char *
compact_copy(struct arena *a, const char *s)
{
	return (s == NULL ? NULL : arena_strdup(a, s));
}

static const char *
compact_intern(struct fleet *f, const char *s)
{
	return (s == NULL ? NULL : fleet_intern(f, s, strlen(s)));
}

/*
 * A kept record as it stays: a socket's addresses are interned (a host's
 * listeners share a few), and its line, when it is one of the input's,
 * stays in the file: an offset and a length (record_text()).  Sets *n
 * from r; the line n must own a copy of, or NULL.
 */
static const char *
compact_fill(struct fleet *f, const struct input *in, const struct record *r,
    struct record *n)
{
	size_t	 len;

	in = compact_file(in);
	*n = *r;
	n->next = NULL;
	if (r->kind != REC_SOCKET)
		return (r->text);
	n->u.sock.local_addr = compact_intern(f, r->u.sock.local_addr);
	n->u.sock.remote_addr = compact_intern(f, r->u.sock.remote_addr);
	if (r->text != NULL && in->buf != NULL && r->text >= in->buf &&
	    r->text < in->buf + in->len && in->len <= UINT32_MAX &&
	    (len = strlen(r->text)) <= in->len - (size_t)(r->text - in->buf)) {
		n->text = NULL;
		n->u.sock.text_off = (uint32_t)(r->text - in->buf);
		n->u.sock.text_len = (uint32_t)len;
		return (NULL);
	}
	return (r->text);
}

/* A kept record in the fleet's arena. */
static struct record *
compact_move(struct fleet *f, const struct input *in, const struct record *r)
{
	struct record	*n;
	const char	*text;

	n = arena_alloc(f->arena, sizeof(*n));
	text = compact_fill(f, in, r, n);
	n->text = compact_copy(f->arena, text);
	return (n);
}

/*
 * A kept record parked: written with the list's others, its line with it
 * (park.c).  Read back, it quotes its line without reading the file again.
 */
static struct record *
compact_park(struct fleet *f, const struct input *in, const struct record *r,
    struct parkbuf *b)
{
	struct record	 n;

	(void)compact_fill(f, in, r, &n);
	return (park_add(b, &n, r->text));
}

/*
 * The files record_text() read last, most recent first: a host's lines
 * come from its own socket list and an export its host shares with many,
 * which stays.
 */
#define COMPACT_TEXTS	4
struct compact_text {
	const struct input	*in;
	char			*buf;
	size_t			 len;
};
static _Thread_local struct compact_text compact_texts[COMPACT_TEXTS];

void
record_text_flush(void)
{
	size_t	 i;

	for (i = 0; i < COMPACT_TEXTS; i++) {
		free(compact_texts[i].buf);
		memset(&compact_texts[i], 0, sizeof(compact_texts[i]));
	}
}

/* The decoded text of file in, read again unless kept; in front. */
static struct compact_text *
compact_text_of(const struct input *in)
{
	struct compact_text	 t;
	size_t			 i;

	for (i = 0; i < COMPACT_TEXTS - 1; i++)
		if (compact_texts[i].in == in)
			break;
	t = compact_texts[i];
	if (t.in != in) {
		free(t.buf);
		t.in = in;
		t.buf = collect_text(in->texts, (struct input *)in, &t.len);
	}
	memmove(&compact_texts[1], &compact_texts[0], i *
	    sizeof(compact_texts[0]));
	compact_texts[0] = t;
	return (&compact_texts[0]);
}

const char *
record_text(const struct record *r)
{
	const struct input	*in = compact_file(r->in);
	const struct compact_text *t;
	char			*s;
	size_t			 end;

	if (r->text != NULL || r->kind != REC_SOCKET || in->texts == NULL)
		return (r->text);
	t = compact_text_of(in);
	end = (size_t)r->u.sock.text_off + r->u.sock.text_len;
	if (t->buf == NULL || end > t->len)
		return ("");
	s = t->buf + r->u.sock.text_off;
	s[r->u.sock.text_len] = '\0';
	return (s);
}

/* The first image of each PID over the host's waiting socket lists. */
static struct compact_pid *
compact_pids(const struct host *h, int exports, size_t *np)
{
	struct compact_pid	*v = NULL;
	const struct record	*r;
	size_t			 i, n = 0, cap = 0;

	for (i = 0; i < h->ninputs; i++) {
		if (!compact_pending(h->inputs[i], exports))
			continue;
		for (r = h->inputs[i]->first; r != NULL; r = r->next) {
			if (r->kind != REC_SOCKET || r->u.sock.pid < 0 ||
			    r->u.sock.process == NULL)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = xrealloc(v, cap * sizeof(*v));
			}
			v[n].pid = r->u.sock.pid;
			v[n].seq = n;
			v[n].image = r->u.sock.process;
			n++;
		}
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), compact_cmp_pid);
	*np = n;
	return (v);
}

static const char *
compact_pid_image(const struct compact_pid *v, size_t n, long pid)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {	/* the first entry of pid */
		mid = lo + (hi - lo) / 2;
		if (v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < n && v[lo].pid == pid ? v[lo].image : NULL);
}

struct compact_use {
	uint16_t	*ports[2];
	size_t		 n[2];
	size_t		 cap[2];
};

static void
compact_use_add(struct compact_use *b, struct sockuse *u,
    const struct sockrec *k)
{
	int	 pi = k->proto == PROTO_TCP ? 0 : 1, p = k->local_port;

	if (k->state == ST_ESTABLISHED)
		u->established++;
	else if (k->state == ST_TIME_WAIT)
		u->time_wait++;
	else
		u->other++;
	u->low += p >= 1025 && p <= 5000;
	u->high += p >= 49152;
	if (b->n[pi] > 0 && b->ports[pi][b->n[pi] - 1] == p)
		return;
	if (b->n[pi] == b->cap[pi]) {
		b->cap[pi] = b->cap[pi] ? b->cap[pi] * 2 : 256;
		b->ports[pi] = xrealloc(b->ports[pi], b->cap[pi] *
		    sizeof(*b->ports[pi]));
	}
	b->ports[pi][b->n[pi]++] = (uint16_t)p;
}

/* The distinct ports, ascending, in the fleet's arena or parked after the
 * list's records (pb). */
static void
compact_use_end(struct fleet *f, struct compact_use *b, struct sockuse *u,
    struct parkbuf *pb)
{
	size_t	 i, k, pi;

	for (pi = 0; pi < 2; pi++) {
		if (b->n[pi] == 0)
			continue;
		qsort(b->ports[pi], b->n[pi], sizeof(uint16_t),
		    compact_cmp_u16);
		for (k = 0, i = 0; i < b->n[pi]; i++)
			if (k == 0 || b->ports[pi][k - 1] != b->ports[pi][i])
				b->ports[pi][k++] = b->ports[pi][i];
		if (pb != NULL)
			park_add_ports(pb, b->ports[pi], k);
		else {
			u->ports[pi] = arena_alloc(f->arena, k *
			    sizeof(uint16_t));
			memcpy(u->ports[pi], b->ports[pi], k *
			    sizeof(uint16_t));
		}
		u->nports[pi] = k;
		free(b->ports[pi]);
	}
}

/* Whether a list shows a port by its name, not its number. */
static int
compact_named(const struct input *in)
{
	const struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SOCKET && ((r->u.sock.local_port < 0 &&
		    r->u.sock.local_port_name != NULL) ||
		    (r->u.sock.remote_port < 0 &&
		    r->u.sock.remote_port_name != NULL)))
			return (1);
	return (0);
}

/* Compact one waiting socket list with the host's ports of interest. */
static void
compact_input(struct fleet *f, struct input *in,
    const struct compact_ports *s, const unsigned char *listen,
    const struct compact_pid *pids, size_t npids)
{
	struct compact_use	 b;
	struct sockuse		*u;
	struct record		*first = NULL, *last = NULL, *n;
	const struct record	*r;
	struct parkbuf		 pb;
	int			 park;

	memset(&b, 0, sizeof(b));
	memset(&pb, 0, sizeof(pb));
	/* An export's parts stay: their file is read again as one.  So do
	 * lists with port names (netstat -a): fleet_resolve_names() gives
	 * them numbers once every file is read. */
	park = f->park != NULL && in->parent == NULL && in->hold == NULL &&
	    !compact_named(in);
	u = arena_alloc(f->arena, sizeof(*u));
	((struct input *)compact_file(in))->texts = f;
	for (r = in->first; r != NULL; r = r->next) {
		if (r->kind == REC_SOCKET && !compact_keeps(&r->u.sock, s,
		    listen)) {
			compact_use_add(&b, u, &r->u.sock);
			continue;
		}
		n = park ? compact_park(f, in, r, &pb) :
		    compact_move(f, in, r);
		if (n->kind == REC_SOCKET && n->u.sock.process == NULL &&
		    n->u.sock.pid >= 0)
			n->u.sock.pid_image = compact_pid_image(pids, npids,
			    n->u.sock.pid);
		if (park)
			continue;
		if (last == NULL)
			first = n;
		else
			last->next = n;
		last = n;
	}
	if (park)
		park_end_records(&pb);
	compact_use_end(f, &b, u, park ? &pb : NULL);
	if (s->n > 0) {
		u->whole = arena_alloc(f->arena, s->n * sizeof(*u->whole));
		memcpy(u->whole, s->v, s->n * sizeof(*u->whole));
		u->nwhole = s->n;
	}
	in->use = u;
	if (park)
		park_input(f->park, in, &pb);
	else {
		in->first = first;
		in->last = last;
	}
	if (in->parent == NULL && in->hold == NULL) {
		free(in->buf);
		in->buf = NULL;
		arena_free(in->scratch);
	}			/* an export's: at the end, once */
	in->scratch = NULL;
}

/* Whether a waiting input holds records other than sockets and lines. */
static int
compact_mixed(const struct input *in)
{
	const struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind != REC_SOCKET && r->kind != REC_UNPARSED)
			return (1);
	return (0);
}

void
compact_export(struct fleet *f, struct input *in)
{
	struct input	*sub;
	int		 whole;

	/* What it says of a host's OS points into it too. */
	whole = compact_mixed(in) || in->os != NULL;
	for (sub = in->subs; sub != NULL && !whole; sub = sub->sub_next)
		whole = compact_mixed(sub) || sub->os != NULL;
	if (whole) {
		arena_adopt(f->arena, in->scratch);
		in->scratch = NULL;
		return;
	}
	in->hold = in->scratch;
	for (sub = in->subs; sub != NULL; sub = sub->sub_next)
		sub->scratch = in->hold;
}

static void
compact_host_do(struct fleet *f, struct host *h, int exports)
{
	struct compact_ports	 s;
	struct compact_pid	*pids;
	struct input		*in;
	unsigned char		*listen;
	size_t			 i, npids;
	int			 any = 0;

	for (i = 0; i < h->ninputs; i++) {
		in = h->inputs[i];
		if (!compact_pending(in, exports))
			continue;
		if (in->parent == NULL && in->hold == NULL &&
		    compact_mixed(in)) {
			/* Not a plain socket list after all: kept whole. */
			arena_adopt(f->arena, in->scratch);
			in->scratch = NULL;
		} else
			any = 1;
	}
	if (!any)
		return;
	memset(&s, 0, sizeof(s));
	compact_interest(h, &s);
	pids = compact_pids(h, exports, &npids);
	listen = compact_listeners(h, exports);
	for (i = 0; i < h->ninputs; i++)
		if (compact_pending(h->inputs[i], exports))
			compact_input(f, h->inputs[i], &s, listen, pids, npids);
	free(listen);
	free(pids);
	free(s.v);
}

void
compact_host(struct fleet *f, struct host *h)
{
	compact_host_do(f, h, 0);
}

/*
 * Whether a compacted input let go of sockets on a port of interest; a
 * parked list's ports are read back only for a port it did not know of.
 */
static int
compact_short(struct fleet *f, struct input *src,
    const struct compact_ports *s)
{
	const struct sockuse	*u = src->use;
	size_t			 i;
	int			 loaded = 0, rc = 0;

	for (i = 0; i < s->n && !rc; i++) {
		if (compact_has(u->whole, u->nwhole, s->v[i]))
			continue;
		if (!loaded && src->park != NULL && src->park_block == NULL) {
			if (park_input_load(f, src) == -1 || src->use != u)
				return (0);	/* read again whole */
			loaded = 1;
		}
		rc = sockuse_dropped(u, 0, s->v[i]) ||
		    sockuse_dropped(u, 1, s->v[i]);
	}
	if (loaded)
		park_input_drop(src);
	return (rc);
}

int
compact_need(struct fleet *f, const struct host *h, int port)
{
	const struct input	*src;
	size_t			 i;
	int			 again = 0;

	for (i = 0; i < h->ninputs; i++) {
		src = input_src(h->inputs[i]);
		if (src->use == NULL || src->parent != NULL || src->nsubs > 0 ||
		    compact_has(src->use->whole, src->use->nwhole, port) ||
		    (!sockuse_dropped(src->use, 0, port) &&
		    !sockuse_dropped(src->use, 1, port)))
			continue;
		if (collect_reread(f, (struct input *)src) == 0)
			again = 1;
	}
	return (again);
}

size_t
compact_finish(struct fleet *f)
{
	struct compact_ports	 s;
	const struct input	*src;
	struct host		*h;
	size_t			 i, k, again = 0;

	for (i = 0; i < f->nhosts; i++)
		compact_host_do(f, f->hosts[i], 1);
	/* The exports' arenas and texts, now that every part is compacted. */
	for (i = 0; i < f->ninputs; i++)
		if (f->inputs[i]->hold != NULL) {
			arena_free(f->inputs[i]->hold);
			f->inputs[i]->hold = NULL;
			free(f->inputs[i]->buf);
			f->inputs[i]->buf = NULL;
		}
	for (i = 0; i < f->nhosts; i++) {
		h = f->hosts[i];
		memset(&s, 0, sizeof(s));
		for (k = 0; k < h->ninputs; k++) {
			src = input_src(h->inputs[k]);
			/* An export's part was compacted knowing it all. */
			if (src->use == NULL || src->parent != NULL ||
			    src->nsubs > 0)
				continue;
			if (s.v == NULL)
				compact_interest(h, &s);
			if (compact_short(f, (struct input *)src, &s) &&
			    collect_reread(f, (struct input *)src) == 0)
				again++;
		}
		free(s.v);
	}
	return (again);
}
