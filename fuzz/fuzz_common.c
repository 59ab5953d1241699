/*
 * What every collector harness does: set up once (no diagnostics, the
 * knowledge base of this tree), read the bytes with collector_read_mem()
 * as the harness's collector, resolve port names as `portaudit inspect`
 * does, check the accounting and free the fleet.  A broken invariant is a
 * __builtin_trap(), which libFuzzer reports as a crash.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "fuzz.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR	"data"
#endif

/* Where settings.csv is: $PORTAUDIT_DATADIR, else the source tree's. */
static const char *
fuzz_datadir(void)
{
	const char	*d;

	if ((d = getenv("PORTAUDIT_DATADIR")) != NULL && *d != '\0')
		return (d);
	return (FUZZ_DATADIR);
}

/* A port field: -1 (null) or 0..65535; analysis indexes arrays with it. */
static int
fuzz_port_ok(int port)
{
	return (port >= -1 && port <= 65535);
}

/* What the model promises about a record's fields (see portaudit.h). */
static int
fuzz_record_ok(const struct record *r)
{
	const struct sockrec	*s = &r->u.sock;
	const struct rangerec	*g = &r->u.rng;
	const struct servicerec	*v = &r->u.svc;

	switch (r->kind) {
	case REC_SOCKET:
		return (fuzz_port_ok(s->local_port) &&
		    fuzz_port_ok(s->remote_port) && s->proto <= PROTO_OTHER &&
		    s->family <= FAM_IPV6 && s->state <= ST_BOUND);
	case REC_SETTING:
		return (fuzz_port_ok(r->u.set.port) &&
		    r->u.set.proto <= PROTO_OTHER);
	case REC_RANGE:
		return (g->first >= 0 && g->first <= g->last &&
		    g->last <= 65535 && g->what <= RANGE_RPCPROXY &&
		    g->proto <= PROTO_OTHER && g->family <= FAM_IPV6);
	case REC_SERVICE:
		if (v->naliases < 0 || (v->naliases > 0 && v->aliases == NULL))
			return (0);
		return (v->port == -1 || (v->port >= 0 &&
		    v->port <= v->port_last && v->port_last <= 65535));
	case REC_REGVALUE:
		return (r->u.reg.nmulti >= 0 && r->u.reg.rtype <= REGT_OTHER &&
		    (r->u.reg.nmulti == 0 || r->u.reg.multi != NULL));
	case REC_UNPARSED:
		return (r->u.unp.code >= 0 && r->u.unp.code < DIAG__MAX);
	}
	return (0);
}

/*
 * Every line counted once as a record, known or unparsed line; the record
 * count matches the list; no record points past the last line or to
 * another input, or holds a port outside -1..65535 or a range backwards.
 */
static unsigned long
fuzz_check_records(const struct input *in, const struct input *sub, int let_go)
{
	const struct record	*r;
	unsigned long		 nrec = 0;

	for (r = sub->first; r != NULL; r = r->next) {
		if (r->in != sub || r->line > in->lines || r->text == NULL)
			__builtin_trap();
		if (!fuzz_record_ok(r))
			__builtin_trap();
		if (r->kind != REC_UNPARSED)
			nrec++;
		else if (sub != in)	/* unparsed lines stay with the file */
			__builtin_trap();
	}
	if (sub != in && ((let_go ? nrec > sub->records : nrec !=
	    sub->records) || sub->parent != in ||
	    sub->host == in->host || sub->lines != 0))
		__builtin_trap();
	return (nrec);
}

/*
 * The same over the records a multi-host input gave other hosts: each
 * sub-input holds only its host's records and no lines of its own.  With
 * registry values let go (let_go), fewer records than counted.
 */
static void
fuzz_check_kept(const struct input *in, int let_go)
{
	const struct input	*sub;
	unsigned long		 nrec, nsubs = 0;

	if (in->lines != in->lines_record + in->lines_known +
	    in->lines_unparsed)
		__builtin_trap();
	nrec = fuzz_check_records(in, in, let_go);
	for (sub = in->subs; sub != NULL; sub = sub->sub_next, nsubs++)
		nrec += fuzz_check_records(in, sub, let_go);
	if ((let_go ? nrec > in->records : nrec != in->records) ||
	    nsubs != in->nsubs)
		__builtin_trap();
	if (in->status == INPUT_OK && in->coll == NULL)
		__builtin_trap();
}

void
fuzz_check_input(const struct input *in)
{
	fuzz_check_kept(in, 0);
}

/* Keep every other value (by its name's length), as an audit keeps some. */
static int
fuzz_keep_value(const struct fleet *f, const struct regvaluerec *v)
{
	(void)f;
	return (v->name != NULL && strlen(v->name) % 2 == 1);
}

/* Parse data as the collector named type; always returns 0. */
int
fuzz_collector(const char *type, const uint8_t *data, size_t size)
{
	struct fleet	*f;
	struct input	*in;

	diag_quiet = 1;
	f = fleet_new();
	f->datadir = fuzz_datadir();
	in = collector_read_mem(f, "fuzz/host/input", data, size, type);
	fleet_resolve_names(f);
	fuzz_check_input(in);
	fleet_free(f);
	if (strcmp(type, "reg") != 0 && strcmp(type, "regquery") != 0 &&
	    strcmp(type, "hive") != 0)
		return (0);
	/* Again, letting registry values go as an audit does. */
	f = fleet_new();
	f->datadir = fuzz_datadir();
	f->keep_value = fuzz_keep_value;
	in = collector_read_mem(f, "fuzz/host/input", data, size, type);
	fleet_resolve_names(f);
	fuzz_check_kept(in, 1);
	fleet_free(f);
	return (0);
}
