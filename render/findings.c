/*
 * findings.csv and inventory.csv: the audit as tables.  Wording comes from
 * templates/rules.ini expanded with each finding's variables; cells go
 * through csvw.c (libcsv quoting, formulas neutralised).  Rows are in the
 * findings' canonical order, so the same fleet gives the same bytes.  With
 * --baseline a last column "change" says new, resolved or unchanged, and
 * the rows come in that order.  inventory.csv gives each setting what
 * netstat shows on its port (pins.c) and the socket line that shows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"

static const char *
findings_lookup(const void *arg, const char *key)
{
	const struct finding	*f = arg;

	return (finding_get(f, key));
}

struct findings_waiver {
	const struct finding	*f;
};

static const char *
findings_waiver_lookup(const void *arg, const char *key)
{
	const struct finding	*f = arg;

	if (strcmp(key, "expires") == 0)
		return (f->waiver_expires);
	if (strcmp(key, "reason") == 0)
		return (f->waiver_reason != NULL ? f->waiver_reason : "");
	return (NULL);
}

/* The detail sentence, with the waiver's word in front of it. */
char *
findings_text(struct template *t, const struct finding *f, const char *key)
{
	const char	*tpl, *variant = finding_get(f, "variant"), *wkey;
	char		*body, *w, *both;

	tpl = template_get_variant(t, f->rule->id, key, variant);
	body = tpl != NULL ? template_expand(t, tpl, findings_lookup, f) :
	    xstrdup("");
	if (strcmp(key, "detail") != 0 || (!f->waived && !f->waiver_expired))
		return (body);
	wkey = f->waiver_expired ? "expired" : f->waiver_expires != NULL ?
	    "waived" : "waived_noexpiry";
	if ((tpl = template_get(t, "waiver", wkey)) == NULL)
		return (body);
	w = template_expand(t, tpl, findings_waiver_lookup, f);
	xasprintf(&both, "%s %s", w, body);
	free(w);
	free(body);
	return (both);
}

/* "FILE:LINE: text" lines, one per piece of evidence. */
char *
findings_evidence(const struct finding *f)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*fp;

	fp = open_memstream(&buf, &len);
	for (i = 0; i < f->nev; i++) {
		if (i > 0)
			putc('\n', fp);
		if (f->ev[i].in != NULL)
			fprintf(fp, "%s:%u: %s", f->ev[i].in->path,
			    f->ev[i].line, f->ev[i].text);
		else
			fprintf(fp, "%s", f->ev[i].text);
	}
	fclose(fp);
	return (buf);
}

/* A setting's status in words, from [pin-status] of rules.ini. */
const char *
findings_pin_text(struct template *t, const struct pincheck *pc)
{
	const char	*name = pinstatus_name(pc->status), *v;

	if (t != NULL && (v = template_get(t, "pin-status", name)) != NULL)
		return (v);
	return (name);
}

/* The socket line behind a setting's status, "FILE:LINE: text". */
char *
findings_pin_evidence(const struct pincheck *pc)
{
	struct evidence	 ev;
	char		*s;

	if (!pins_evidence(pc, &ev))
		return (NULL);
	xasprintf(&s, "%s:%u: %s", ev.in->path, ev.line, ev.text);
	return (s);
}

static void
findings_row(FILE *fp, struct template *t, const struct finding *f,
    int changes)
{
	char	*s;

	csvw_cell(fp, f->id, 0);
	csvw_cell(fp, severity_name(f->sev), 1);
	csvw_cell(fp, f->rule->id, 1);
	csvw_cell(fp, f->hi->host->name, 1);
	csvw_cell(fp, f->hi->site, 1);
	csvw_cell(fp, proto_name(f->proto), 1);
	csvw_int(fp, f->port, 1);
	csvw_cell(fp, f->service, 1);
	csvw_cell(fp, f->rule->title, 1);
	s = findings_text(t, f, "detail");
	csvw_cell(fp, s, 1);
	free(s);
	s = findings_evidence(f);
	csvw_cell(fp, s, 1);
	free(s);
	s = findings_text(t, f, "recommendation");
	csvw_cell(fp, s, 1);
	free(s);
	if (changes)
		csvw_cell(fp, change_name(f->change), 1);
	csvw_end(fp);
}

/* A finding of the baseline that this audit no longer raises. */
static void
findings_resolved_row(FILE *fp, const struct oldfinding *o)
{
	csvw_cell(fp, o->id, 0);
	csvw_cell(fp, severity_name(o->sev), 1);
	csvw_cell(fp, o->rule, 1);
	csvw_cell(fp, o->host, 1);
	csvw_cell(fp, o->site, 1);
	csvw_cell(fp, o->proto, 1);
	csvw_int(fp, o->port, 1);
	csvw_cell(fp, o->service, 1);
	csvw_cell(fp, o->title, 1);
	csvw_cell(fp, o->detail, 1);
	csvw_cell(fp, o->evidence, 1);
	csvw_cell(fp, o->recommendation, 1);
	csvw_cell(fp, change_name(CHANGE_RESOLVED), 1);
	csvw_end(fp);
}

void
findings_csv(FILE *fp, struct template *t, const struct audit *a)
{
	static const char *const cols[] = {
		"id", "severity", "rule", "host", "site", "proto", "port",
		"service", "title", "detail", "evidence", "recommendation"
	};
	const struct baseline	*b = a->baseline;
	size_t			 i, k;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvw_cell(fp, cols[i], i > 0);
	if (b != NULL)
		csvw_cell(fp, "change", 1);
	csvw_end(fp);
	/* With a baseline: new, then resolved, then unchanged findings. */
	for (i = 0; i < a->nfindings &&
	    a->findings[i]->change == CHANGE_NEW; i++)
		findings_row(fp, t, a->findings[i], b != NULL);
	for (k = 0; b != NULL && k < b->nresolved; k++)
		findings_resolved_row(fp, b->resolved[k]);
	for (; i < a->nfindings; i++)
		findings_row(fp, t, a->findings[i], b != NULL);
}

/* The connection-count columns of a row that is not a host's count. */
#define INVENTORY_NO_COUNTS	",,,,"

static void
inventory_origin(FILE *fp, const struct origin *o)
{
	csvw_cell(fp, o->in != NULL ? o->in->path : o->note, 1);
	csvw_int(fp, o->rec != NULL ? (long)o->rec->line : -1, 1);
	csvw_cell(fp, o->rec != NULL ? record_text(o->rec) : NULL, 1);
}

/* The host's OS as a row of kind "os": its name in the setting column;
 * state "kept", or "disagrees" for a weaker source's word. */
static void
inventory_os(FILE *fp, const struct hostinfo *hi, const char *name,
    const char *state, const struct origin *o)
{
	unsigned	 line = o->rec != NULL ? o->rec->line : o->line;

	csvw_cell(fp, hi->host->name, 0);
	csvw_cell(fp, hi->site, 1);
	csvw_cell(fp, "os", 1);
	fputs(",,,,", fp);
	csvw_cell(fp, state, 1);
	fputs(",,", fp);
	csvw_cell(fp, NULL, 1);
	csvw_cell(fp, name, 1);
	csvw_cell(fp, o->in != NULL ? o->in->path : o->path != NULL ?
	    o->path : o->note, 1);
	csvw_int(fp, line > 0 ? (long)line : -1, 1);
	csvw_cell(fp, o->rec != NULL ? record_text(o->rec) : NULL, 1);
	fputs(",,", fp);
	fputs(INVENTORY_NO_COUNTS, fp);
	csvw_end(fp);
}

static void
inventory_range(FILE *fp, const struct hostinfo *hi, const char *what,
    int pi, const struct prange *r)
{
	char	 state[16];

	csvw_cell(fp, hi->host->name, 0);
	csvw_cell(fp, hi->site, 1);
	csvw_cell(fp, what, 1);
	csvw_cell(fp, pi == PI_TCP ? "tcp" : "udp", 1);
	csvw_cell(fp, NULL, 1);
	csvw_int(fp, r->first, 1);
	csvw_int(fp, r->last, 1);
	snprintf(state, sizeof(state), "%s", r->administered ?
	    "administered" : "");
	csvw_cell(fp, state, 1);
	fputs(",,,", fp);
	csvw_cell(fp, NULL, 1);
	inventory_origin(fp, &r->from);
	fputs(",,", fp);
	fputs(INVENTORY_NO_COUNTS, fp);
	csvw_end(fp);
}

static void
inventory_rec(FILE *fp, struct template *t, const struct hostinfo *hi,
    const struct hrec *h)
{
	const struct record	*r = h->rec;
	const struct sockrec	*k = &r->u.sock;
	const struct settingrec	*s = &r->u.set;
	const struct pincheck	*pc;
	char			*ev;

	csvw_cell(fp, hi->host->name, 0);
	csvw_cell(fp, hi->site, 1);
	csvw_cell(fp, rkind_name(r->kind), 1);
	if (r->kind == REC_SOCKET) {
		csvw_cell(fp, proto_name(k->proto), 1);
		csvw_cell(fp, k->local_addr, 1);
		csvw_int(fp, k->local_port, 1);
		csvw_int(fp, k->local_port, 1);
		csvw_cell(fp, state_name(k->state), 1);
		csvw_int(fp, k->pid, 1);
		csvw_cell(fp, k->process, 1);
		csvw_cell(fp, k->service, 1);
		csvw_cell(fp, NULL, 1);
	} else {
		csvw_cell(fp, proto_name(s->proto), 1);
		csvw_cell(fp, NULL, 1);
		csvw_int(fp, s->port, 1);
		csvw_int(fp, s->port, 1);
		csvw_cell(fp, NULL, 1);
		csvw_int(fp, -1, 1);
		csvw_cell(fp, s->owner, 1);
		csvw_cell(fp, s->service, 1);
		csvw_cell(fp, s->label != NULL ? s->label : s->name, 1);
	}
	csvw_cell(fp, h->in->path, 1);
	csvw_int(fp, r->line, 1);
	csvw_cell(fp, record_text(r), 1);
	if (r->kind == REC_SETTING) {
		pc = pins_get(hi, h);
		ev = findings_pin_evidence(pc);
		csvw_cell(fp, findings_pin_text(t, pc), 1);
		csvw_cell(fp, ev, 1);
		free(ev);
	} else
		fputs(",,", fp);
	fputs(INVENTORY_NO_COUNTS, fp);
	csvw_end(fp);
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
inventory_connections(FILE *fp, const struct hostinfo *hi,
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
	csvw_cell(fp, hi->host->name, 0);
	csvw_cell(fp, hi->site, 1);
	csvw_cell(fp, "connections", 1);
	fputs(",,,,,,,,,,,,,,", fp);	/* proto .. evidence */
	csvw_int(fp, (long)est, 1);
	csvw_int(fp, (long)tw, 1);
	csvw_int(fp, (long)other, 1);
	csvw_int(fp, high > 0 ? high : -1, 1);
	csvw_end(fp);
}

/*
 * Every host's OS, settings and effective ranges, its listeners and one
 * row of connection counts; all: every socket instead of the listeners.
 */
void
inventory_csv(FILE *fp, struct template *t, const struct audit *a, int all)
{
	static const char *const cols[] = {
		"host", "site", "kind", "proto", "address", "port", "last",
		"state", "pid", "process", "service", "setting", "source",
		"line", "text", "status", "evidence", "established", "time_wait",
		"other", "highest_ephemeral"
	};
	static const char *const what[] = {
		"ephemeral", "rpc", "reserved", "excluded"
	};
	const struct hostinfo	*hi;
	const struct rangeset	*sets[4];
	const struct hrecs	*socks;
	struct hrecs		 tmp;
	size_t			 h, i, k;
	int			 pi;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvw_cell(fp, cols[i], i > 0);
	csvw_end(fp);
	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		if (hi->os.name != NULL || hi->os.from.note != NULL)
			inventory_os(fp, hi, hi->os.name != NULL ?
			    hi->os.name : "", "kept", &hi->os.from);
		if (hi->os.other != NULL)
			inventory_os(fp, hi, hi->os.other, "disagrees",
			    &hi->os.other_from);
		for (i = 0; i < hi->settings.n; i++)
			inventory_rec(fp, t, hi, &hi->settings.v[i]);
		for (pi = 0; pi < PI__MAX; pi++) {
			if (hi->ephemeral[pi].first > 0)
				inventory_range(fp, hi, what[0], pi,
				    &hi->ephemeral[pi]);
			sets[1] = &hi->rpc[pi];
			sets[2] = &hi->reserved[pi];
			sets[3] = &hi->excluded[pi];
			for (k = 1; k < 4; k++)
				for (i = 0; i < sets[k]->n; i++)
					inventory_range(fp, hi, what[k], pi,
					    &sets[k]->v[i]);
		}
		socks = ranges_sockets(a->fleet, hi, &tmp);
		for (i = 0; i < socks->n; i++)
			if (all || inventory_is_listener(
			    &socks->v[i].rec->u.sock))
				inventory_rec(fp, t, hi, &socks->v[i]);
		if (hi->evidence_netstat)
			inventory_connections(fp, hi, socks);
		ranges_sockets_end(hi, &tmp);
	}
}
