/*
 * inventory.csv: per host its OS, settings (with what netstat shows on
 * each pinned port, pins.c), effective ranges, listeners and one row of
 * connection counts; every socket instead of the listeners with
 * --inventory all.
 *
 * It is most of what an audit writes (3 GB for 100,000 busy servers), so
 * its rows go straight into bufw buffers, and hosts are written side by
 * side: the hosts are cut into chunks, each thread of the pool (-j) takes
 * the next chunk and writes its rows into a buffer of its own, reading
 * the host's parked sockets back (park.c) as it goes.  Chunks go out in
 * their order: the thread that finishes the chunk whose turn it is
 * writes it and every finished one after it.  The file is the same bytes
 * for any -j.  A thread that is more than INVENTORY_AHEAD chunks ahead of
 * the next one to go out waits, so the chunks waiting stay few.  What a
 * chunk has to say (a file read again for its lines has changed, parked
 * records cannot be read back) is kept with it and said when it goes out.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "bufw_inline.h"

#define INVENTORY_HOSTS	16	/* a chunk: about 500 KB of rows */
#define INVENTORY_AHEAD	8	/* chunks a thread may finish ahead */

/* The connection-count columns of a row that is not a host's count. */
#define INVENTORY_NO_COUNTS	",,,,"

struct inventory {
	const struct audit	*a;
	struct template		*t;
	int			 all;
	FILE			*fp;
	size_t			 nchunks;
	struct bufw		*done;		/* a finished chunk's rows, until
						   it goes out */
	char			*ready;		/* finished */
	struct bufw		*spare;		/* buffers written out, for the
						   next chunks: pages touched
						   already */
	size_t			 nspare;
	char			**msg;		/* a finished chunk's messages */
	size_t			*msglen;
	FILE			*msgto;		/* where they go */
	size_t			 turn;		/* the next chunk to go out */
	int			 err;		/* a write failed */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* the turn moved */
};

static void
inventory_origin(struct bufw *b, const struct origin *o)
{
	bufw_csv_cell(b, o->in != NULL ? o->in->path : o->note, 1);
	bufw_csv_int(b, o->rec != NULL ? (long)o->rec->line : -1, 1);
	bufw_csv_cell(b, o->rec != NULL ? record_text(o->rec) : NULL, 1);
}

/* The host's OS as a row of kind "os": its name in the setting column;
 * state "kept", or "disagrees" for a weaker source's word. */
static void
inventory_os(struct bufw *b, const struct hostinfo *hi, const char *name,
    const char *state, const struct origin *o)
{
	unsigned	 line = o->rec != NULL ? o->rec->line : o->line;

	bufw_csv_cell(b, hi->host->name, 0);
	bufw_csv_cell(b, hi->site, 1);
	bufw_csv_cell(b, "os", 1);
	BUFW_LIT(b, ",,,,");
	bufw_csv_cell(b, state, 1);
	BUFW_LIT(b, ",,,");
	bufw_csv_cell(b, name, 1);
	bufw_csv_cell(b, o->in != NULL ? o->in->path : o->path != NULL ?
	    o->path : o->note, 1);
	bufw_csv_int(b, line > 0 ? (long)line : -1, 1);
	bufw_csv_cell(b, o->rec != NULL ? record_text(o->rec) : NULL, 1);
	BUFW_LIT(b, ",," INVENTORY_NO_COUNTS "\r\n");
}

static void
inventory_range(struct bufw *b, const struct hostinfo *hi, const char *what,
    int pi, const struct prange *r)
{
	bufw_csv_cell(b, hi->host->name, 0);
	bufw_csv_cell(b, hi->site, 1);
	bufw_csv_cell(b, what, 1);
	bufw_csv_cell(b, pi == PI_TCP ? "tcp" : "udp", 1);
	BUFW_LIT(b, ",");
	bufw_csv_int(b, r->first, 1);
	bufw_csv_int(b, r->last, 1);
	bufw_csv_cell(b, r->administered ? "administered" : NULL, 1);
	BUFW_LIT(b, ",,,,");
	inventory_origin(b, &r->from);
	BUFW_LIT(b, ",," INVENTORY_NO_COUNTS "\r\n");
}

static void
inventory_rec(struct bufw *b, struct template *t, const struct hostinfo *hi,
    const struct hrec *h)
{
	const struct record	*r = h->rec;
	const struct sockrec	*k = &r->u.sock;
	const struct settingrec	*s = &r->u.set;
	const struct pincheck	*pc;
	char			*ev;

	bufw_csv_cell(b, hi->host->name, 0);
	bufw_csv_cell(b, hi->site, 1);
	bufw_csv_cell(b, rkind_name(r->kind), 1);
	if (r->kind == REC_SOCKET) {
		bufw_csv_cell(b, proto_name(k->proto), 1);
		bufw_csv_cell(b, k->local_addr, 1);
		bufw_csv_int(b, k->local_port, 1);
		bufw_csv_int(b, k->local_port, 1);
		bufw_csv_cell(b, state_name(k->state), 1);
		bufw_csv_int(b, k->pid, 1);
		bufw_csv_cell(b, k->process, 1);
		bufw_csv_cell(b, k->service, 1);
		BUFW_LIT(b, ",");
	} else {
		bufw_csv_cell(b, proto_name(s->proto), 1);
		BUFW_LIT(b, ",");
		bufw_csv_int(b, s->port, 1);
		bufw_csv_int(b, s->port, 1);
		BUFW_LIT(b, ",,");
		bufw_csv_cell(b, s->owner, 1);
		bufw_csv_cell(b, s->service, 1);
		bufw_csv_cell(b, s->label != NULL ? s->label : s->name, 1);
	}
	bufw_csv_cell(b, h->in->path, 1);
	bufw_csv_int(b, r->line, 1);
	bufw_csv_cell(b, record_text(r), 1);
	if (r->kind == REC_SETTING) {
		pc = pins_get(hi, h);
		ev = findings_pin_evidence(pc);
		bufw_csv_cell(b, findings_pin_text(t, pc), 1);
		bufw_csv_cell(b, ev, 1);
		free(ev);
	} else
		BUFW_LIT(b, ",,");
	BUFW_LIT(b, INVENTORY_NO_COUNTS "\r\n");
}

/* A socket that waits for peers: a TCP (or SCTP) listener, a bound UDP. */
static int
inventory_is_listener(const struct sockrec *k)
{
	return (k->state == ST_LISTEN ||
	    (k->proto == PROTO_UDP && k->remote_port < 0 &&
	    k->state != ST_ESTABLISHED));
}

/*
 * The host's connections: every socket that is not a listener, counted
 * as established, time-wait or other, and the highest local port seen
 * inside the ephemeral range of its protocol.
 */
static void
inventory_connections(struct bufw *b, const struct hostinfo *hi,
    const struct hrecs *socks)
{
	const struct sockrec	*k;
	unsigned long		 est = 0, tw = 0, other = 0;
	size_t			 i;
	int			 high;

	for (i = 0; i < socks->n; i++) {
		k = &socks->v[i].rec->u.sock;
		if (inventory_is_listener(k))
			continue;
		if (k->state == ST_ESTABLISHED)
			est++;
		else if (k->state == ST_TIME_WAIT)
			tw++;
		else
			other++;
	}
	for (i = 0; i < hi->nuses; i++) {
		est += hi->uses[i]->established;
		tw += hi->uses[i]->time_wait;
		other += hi->uses[i]->other;
	}
	high = hi->highest_used[PI_TCP] > hi->highest_used[PI_UDP] ?
	    hi->highest_used[PI_TCP] : hi->highest_used[PI_UDP];
	bufw_csv_cell(b, hi->host->name, 0);
	bufw_csv_cell(b, hi->site, 1);
	bufw_csv_cell(b, "connections", 1);
	BUFW_LIT(b, ",,,,,,,,,,,,,,");	/* proto .. evidence */
	bufw_csv_int(b, (long)est, 1);
	bufw_csv_int(b, (long)tw, 1);
	bufw_csv_int(b, (long)other, 1);
	bufw_csv_int(b, high > 0 ? high : -1, 1);
	BUFW_LIT(b, "\r\n");
}

/* Every row of one host. */
static void
inventory_host(struct inventory *v, struct bufw *b, const struct hostinfo *hi)
{
	static const char *const what[] = {
		"ephemeral", "rpc", "reserved", "excluded"
	};
	const struct rangeset	*sets[4];
	const struct hrecs	*socks;
	struct hrecs		 tmp;
	size_t			 i, k;
	int			 pi;

	if (hi->os.name != NULL || hi->os.from.note != NULL)
		inventory_os(b, hi, hi->os.name != NULL ? hi->os.name : "",
		    "kept", &hi->os.from);
	if (hi->os.other != NULL)
		inventory_os(b, hi, hi->os.other, "disagrees",
		    &hi->os.other_from);
	for (i = 0; i < hi->settings.n; i++)
		inventory_rec(b, v->t, hi, &hi->settings.v[i]);
	for (pi = 0; pi < PI__MAX; pi++) {
		if (hi->ephemeral[pi].first > 0)
			inventory_range(b, hi, what[0], pi,
			    &hi->ephemeral[pi]);
		sets[1] = &hi->rpc[pi];
		sets[2] = &hi->reserved[pi];
		sets[3] = &hi->excluded[pi];
		for (k = 1; k < 4; k++)
			for (i = 0; i < sets[k]->n; i++)
				inventory_range(b, hi, what[k], pi,
				    &sets[k]->v[i]);
	}
	socks = ranges_sockets(v->a->fleet, hi, &tmp);
	for (i = 0; i < socks->n; i++)
		if (v->all || inventory_is_listener(&socks->v[i].rec->u.sock))
			inventory_rec(b, v->t, hi, &socks->v[i]);
	if (hi->evidence_netstat)
		inventory_connections(b, hi, socks);
	ranges_sockets_end(hi, &tmp);
}

/* Write out the chunks finished from the turn on; the lock is held. */
static void
inventory_out(struct inventory *v)
{
	struct bufw	*b;

	while (v->turn < v->nchunks && v->ready[v->turn]) {
		b = &v->done[v->turn];
		if (b->len > 0 && fwrite(b->p, 1, b->len, v->fp) != b->len)
			v->err = 1;
		b->len = 0;
		v->spare[v->nspare++] = *b;
		if (v->msglen[v->turn] > 0)
			fwrite(v->msg[v->turn], 1, v->msglen[v->turn],
			    v->msgto);
		free(v->msg[v->turn]);
		v->turn++;
	}
	pthread_cond_broadcast(&v->cond);
}

/* Chunk c: its hosts' rows into a buffer, out in its turn. */
static void
inventory_chunk(void *arg, size_t c)
{
	struct inventory	*v = arg;
	struct bufw		 b;
	FILE			*sink, *was = diag_to;
	char			*msg = NULL;
	size_t			 h, end, msglen = 0;

	memset(&b, 0, sizeof(b));
	pthread_mutex_lock(&v->lock);
	while (c > v->turn + INVENTORY_AHEAD)
		pthread_cond_wait(&v->cond, &v->lock);
	if (v->nspare > 0)
		b = v->spare[--v->nspare];
	pthread_mutex_unlock(&v->lock);
	if ((sink = open_memstream(&msg, &msglen)) != NULL)
		diag_to = sink;
	end = (c + 1) * INVENTORY_HOSTS;
	if (end > v->a->nhosts)
		end = v->a->nhosts;
	for (h = c * INVENTORY_HOSTS; h < end; h++)
		inventory_host(v, &b, &v->a->hosts[h]);
	/* Lines read again from files (record_text()) are this thread's. */
	record_text_flush();
	if (sink != NULL) {
		diag_to = was;
		if (fclose(sink) != 0)
			msglen = 0;
	}
	pthread_mutex_lock(&v->lock);
	v->done[c] = b;
	v->msg[c] = msg;
	v->msglen[c] = msglen;
	v->ready[c] = 1;
	inventory_out(v);
	pthread_mutex_unlock(&v->lock);
}

int
inventory_csv(FILE *fp, struct template *t, const struct audit *a, int all,
    unsigned jobs)
{
	static const char *const cols[] = {
		"host", "site", "kind", "proto", "address", "port", "last",
		"state", "pid", "process", "service", "setting", "source",
		"line", "text", "status", "evidence", "established", "time_wait",
		"other", "highest_ephemeral"
	};
	struct inventory	 v;
	size_t			 i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvw_cell(fp, cols[i], i > 0);
	csvw_end(fp);
	memset(&v, 0, sizeof(v));
	v.a = a;
	v.t = t;
	v.all = all;
	v.fp = fp;
	v.nchunks = (a->nhosts + INVENTORY_HOSTS - 1) / INVENTORY_HOSTS;
	v.done = xcalloc(v.nchunks + 1, sizeof(*v.done));
	v.ready = xcalloc(v.nchunks + 1, 1);
	/* No more buffers than chunks finished and not yet out. */
	v.spare = xcalloc(v.nchunks + 1, sizeof(*v.spare));
	v.msg = xcalloc(v.nchunks + 1, sizeof(*v.msg));
	v.msglen = xcalloc(v.nchunks + 1, sizeof(*v.msglen));
	v.msgto = diag_to != NULL ? diag_to : stderr;
	pthread_mutex_init(&v.lock, NULL);
	pthread_cond_init(&v.cond, NULL);
	pool_run(jobs != 0 ? jobs : pool_cpus(), v.nchunks, inventory_chunk,
	    &v);
	pthread_mutex_destroy(&v.lock);
	pthread_cond_destroy(&v.cond);
	for (i = 0; i < v.nspare; i++)
		free(v.spare[i].p);
	free(v.spare);
	free(v.msg);
	free(v.msglen);
	free(v.done);
	free(v.ready);
	return (v.err ? -1 : 0);
}
