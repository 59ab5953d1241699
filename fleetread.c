/*
 * Read a fleet's files into it with worker threads (-j).  Files go in
 * batches of whole hosts: the workers read and hash each host's files,
 * the main thread finds the files whose bytes were read before (in input
 * order, as a single thread would), the workers decode and identify the
 * rest, then parse them host by host, each host's files in order (a file
 * read before shares its first copy's records once that copy is parsed:
 * what files say of their host's OS counts in file order).  A file that
 * can hold many hosts (a fleet tool's export: collector_multihost()) finds
 * and makes hosts as it is parsed, so it is parsed alone, on the main
 * thread, after the files before it and before those after it; each file
 * joins its host and the fleet just before it is parsed.  The main thread
 * prints every file's messages in input order.  When the audit compacts
 * socket lists (compact.c), a worker compacts its host once the host's
 * files of the batch are parsed.  So the fleet, its hosts,
 * its accounting and every message come out the same for any number of
 * jobs, and the same as reading the files one by one.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collectors/collector.h"

#define FLEETREAD_BATCH		512	/* files read before parsing */
#define FLEETREAD_BYTES		(64 * 1024 * 1024)	/* and their bytes */
#define FLEETREAD_PROGRESS_MIN	200	/* files before progress is shown */

/* One file of a batch. */
struct fleetread_item {
	struct input		*in;
	unsigned char		*raw;		/* its bytes until decoded (a
						   hive: until parsed) */
	size_t			 len;
	const struct collector	*coll;		/* to parse it with, or NULL */
	const struct input	*same;		/* read before with these bytes */
	long			 wait;		/* its item in this batch, or -1 */
	int			 done;		/* parsed or shared */
	FILE			*msgfp;		/* its messages, kept */
	char			*msg;
	size_t			 msglen;
};

struct fleetread_batch {
	struct fleet		*f;
	const char		*want;
	struct fleetread_item	*it;
	size_t			*group;		/* first item of each host of the
						   files parsed side by side, and
						   one past the last */
	size_t			 ngroups;
	pthread_mutex_t		 lock;		/* guards done */
	pthread_cond_t		 cond;		/* an item is done */
};

static void
fleetread_progress(size_t done, size_t total, int end)
{
	fprintf(stderr, "\rportaudit: reading %zu/%zu files (%zu%%)%s", done,
	    total, total ? done * 100 / total : 100, end ? "\n" : "");
	diag_progress = !end;	/* a diagnostic erases the line first */
}

/* Workers, step 1: read and hash each file of host group g. */
static void
fleetread_read(void *arg, size_t g)
{
	struct fleetread_batch	*b = arg;
	struct fleetread_item	*it;
	size_t			 i;

	for (i = b->group[g]; i < b->group[g + 1]; i++) {
		it = &b->it[i];
		it->msgfp = open_memstream(&it->msg, &it->msglen);
		diag_to = it->msgfp;
		if ((it->raw = collect_raw(it->in, b->want, &it->len)) != NULL)
			collect_hash(b->f, it->in, it->raw, it->len);
		diag_to = NULL;
	}
}

/* Workers, step 2: decode and identify file i unless read before. */
static void
fleetread_identify(void *arg, size_t i)
{
	struct fleetread_batch	*b = arg;
	struct fleetread_item	*it = &b->it[i];

	if (it->raw == NULL)
		return;
	diag_to = it->msgfp;
	it->coll = collect_identify(b->f, it->in, it->raw, it->len, b->want);
	if (it->coll == NULL || !it->coll->binary)
		it->raw = NULL;		/* consumed */
	diag_to = NULL;
}

/* Parse one file (or share its first copy's records), then mark it done. */
static void
fleetread_parse_item(struct fleetread_batch *b, struct fleetread_item *it)
{
	diag_to = it->msgfp;
	if (it->coll != NULL) {
		collect_run(b->f, it->in, it->coll, it->raw, it->len, 0);
		if (b->f->compact)
			keeplines_input(b->f, it->in);
	} else if (it->same != NULL) {
		/* Its first copy is in an earlier host group. */
		pthread_mutex_lock(&b->lock);
		while (it->wait >= 0 && !b->it[it->wait].done)
			pthread_cond_wait(&b->cond, &b->lock);
		pthread_mutex_unlock(&b->lock);
		collect_share(b->f, it->in, it->same);
	}
	it->raw = NULL;
	diag_to = NULL;
	pthread_mutex_lock(&b->lock);
	it->done = 1;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
	if (it->msgfp != NULL)
		fclose(it->msgfp);
	it->msgfp = NULL;
}

/* Workers, step 3: parse the files of host group g in order. */
static void
fleetread_parse(void *arg, size_t g)
{
	struct fleetread_batch	*b = arg;
	size_t			 i;

	parse_set_beside(1);
	for (i = b->group[g]; i < b->group[g + 1]; i++)
		fleetread_parse_item(b, &b->it[i]);
	parse_set_beside(0);
	/* Every file of the host so far is read: its settings are known. */
	if (b->f->compact)
		compact_host(b->f, b->it[b->group[g]].in->host);
}

/* Whether item i is parsed alone: a format that can hold many hosts. */
static int
fleetread_alone(const struct fleetread_batch *b, size_t i)
{
	return (b->it[i].coll != NULL && collector_multihost(b->it[i].coll));
}

/*
 * Parse items from..to-1 side by side, host group by host group, after
 * putting them in their hosts and the fleet in input order.
 */
static void
fleetread_parse_range(struct fleetread_batch *b, size_t from, size_t to,
    unsigned jobs)
{
	size_t	 i;

	if (from == to)
		return;
	b->ngroups = 0;
	for (i = from; i < to; i++) {
		if (i == from || b->it[i].in->host != b->it[i - 1].in->host)
			b->group[b->ngroups++] = i;
		collect_add_input(b->f, b->it[i].in);
	}
	b->group[b->ngroups] = to;
	pool_run(jobs, b->ngroups, fleetread_parse, b);
}

/* Read, dedupe, parse and report one batch of n files of whole hosts. */
static void
fleetread_batch(struct fleetread_batch *b, size_t n, unsigned jobs)
{
	struct fleetread_item	*it;
	size_t			 i, j, start;

	pool_run(jobs, b->ngroups, fleetread_read, b);
	for (i = 0; i < n; i++) {
		it = &b->it[i];
		it->wait = -1;
		if (it->raw == NULL ||
		    (it->same = collect_dedupe(b->f, it->in, b->want)) == NULL)
			continue;
		free(it->raw);
		it->raw = NULL;
		for (j = 0; j < i; j++)
			if (b->it[j].in == it->same)
				it->wait = (long)j;
	}
	pool_run(jobs, n, fleetread_identify, b);
	for (start = i = 0; i < n; i++) {
		if (!fleetread_alone(b, i))
			continue;
		fleetread_parse_range(b, start, i, jobs);
		collect_add_input(b->f, b->it[i].in);
		fleetread_parse_item(b, &b->it[i]);
		start = i + 1;
	}
	fleetread_parse_range(b, start, n, jobs);
	for (i = 0; i < n; i++) {
		it = &b->it[i];
		if (it->msglen > 0) {
			if (diag_progress)
				fputs("\r\033[K", stderr);
			fwrite(it->msg, 1, it->msglen, stderr);
		}
		free(it->msg);
	}
}

/* Whether host h has files in jobs[start..end). */
static int
fleetread_has(const struct fleet_job *jobs, size_t start, size_t end,
    const struct host *h)
{
	size_t	 i;

	for (i = start; i < end; i++)
		if (jobs[i].host == h)
			return (1);
	return (0);
}

/*
 * The end of the batch starting at start: whole hosts, up to
 * FLEETREAD_BATCH files and FLEETREAD_BYTES bytes, or one host of more;
 * a host whose files come in two runs (paths given apart) ends a batch
 * before its second run, so no two workers parse one host's files.
 */
static size_t
fleetread_end(const struct fleet_job *jobs, size_t n, size_t start)
{
	size_t	 end = start, g, bytes = 0;

	while (end < n) {
		if (end > start && fleetread_has(jobs, start, end,
		    jobs[end].host))
			return (end);
		for (g = end; end < n && jobs[end].host == jobs[g].host; end++)
			bytes += jobs[end].size;
		if (g > start && (end - start > FLEETREAD_BATCH ||
		    bytes > FLEETREAD_BYTES))
			return (g);
	}
	return (end);
}

/*
 * Read the files of jobs (paths consumed) into the fleet, each for its
 * host, as want (NULL: sniffed), on up to njobs threads (0: one per
 * CPU); progress on stderr when asked.
 */
void
fleetread(struct fleet *f, struct fleet_job *jobs, size_t n,
    const char *want, unsigned njobs, int progress)
{
	struct fleetread_batch	 b;
	size_t			 start, end, k, cap = 0;

	if (njobs == 0)
		njobs = pool_cpus();
	memset(&b, 0, sizeof(b));
	b.f = f;
	b.want = want;
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.cond, NULL);
	for (start = 0; start < n; start = end) {
		end = fleetread_end(jobs, n, start);
		if (end - start > cap) {
			cap = end - start;
			b.it = xrealloc(b.it, cap * sizeof(*b.it));
			b.group = xrealloc(b.group, (cap + 1) *
			    sizeof(*b.group));
		}
		memset(b.it, 0, (end - start) * sizeof(*b.it));
		b.ngroups = 0;
		for (k = start; k < end; k++) {
			if (k == start || jobs[k].host != jobs[k - 1].host)
				b.group[b.ngroups++] = k - start;
			b.it[k - start].in = collect_alloc_input(f,
			    jobs[k].path, jobs[k].host);
			free(jobs[k].path);
		}
		b.group[b.ngroups] = end - start;
		fleetread_batch(&b, end - start, njobs);
		if (progress && n >= FLEETREAD_PROGRESS_MIN)
			fleetread_progress(end, n, end == n);
	}
	free(b.it);
	free(b.group);
	pthread_mutex_destroy(&b.lock);
	pthread_cond_destroy(&b.cond);
}
