/*
 * Worker threads for one loop: fn(arg, i) for every i of 0..n-1, each i
 * taken by whichever thread is free, the calling thread among them.  Each
 * thread allocates from its own arena slot (model.c), so arenas need no
 * lock; what fn shares besides (the string table, the knowledge base,
 * diagnostics) has its own.  Nothing here decides an order: callers keep
 * their results by index and merge them in index order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portaudit.h"

struct pool {
	void		(*fn)(void *, size_t);
	void		*arg;
	size_t		 n;
	size_t		 next;		/* the next index to take */
};

struct pool_worker {
	struct pool	*pool;
	unsigned	 slot;
	pthread_t	 tid;
};

static void
pool_loop(struct pool *p)
{
	size_t	 i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) <
	    p->n)
		p->fn(p->arg, i);
}

static void *
pool_main(void *arg)
{
	struct pool_worker	*w = arg;

	model_set_slot(w->slot);
	pool_loop(w->pool);
	return (NULL);
}

/* The number of online CPUs, at least 1 and at most POOL_MAX. */
unsigned
pool_cpus(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return (1);
	return (n > POOL_MAX ? POOL_MAX : (unsigned)n);
}

void
pool_run(unsigned jobs, size_t n, void (*fn)(void *, size_t), void *arg)
{
	struct pool		 p;
	struct pool_worker	*w;
	unsigned		 k, started = 0;

	memset(&p, 0, sizeof(p));
	p.fn = fn;
	p.arg = arg;
	p.n = n;
	if (jobs > POOL_MAX)
		jobs = POOL_MAX;
	if (jobs > n)
		jobs = n;
	w = xcalloc(jobs > 0 ? jobs : 1, sizeof(*w));
	for (k = 1; k < jobs; k++) {
		w[k].pool = &p;
		w[k].slot = k;
		if (pthread_create(&w[k].tid, NULL, pool_main, &w[k]) != 0)
			break;		/* the threads there are do it all */
		started = k;
	}
	pool_loop(&p);
	for (k = 1; k <= started; k++)
		pthread_join(w[k].tid, NULL);
	free(w);
}
