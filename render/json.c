/*
 * findings.json: the whole audit as one JSON document through jansson,
 * for scripts and dashboards, written a finding, a host, an input at a
 * time (jsonw.c) so that its size costs no memory.  It holds the findings
 * with the same fields as findings.csv (wording expanded from
 * templates/rules.ini), every host's facts and effective ranges with the
 * record each came from, the line accounting and SHA-256 of every input,
 * and the paths that were skipped.
 * Keys keep a fixed order and arrays follow the audit's canonical order;
 * the only date is the report's, so the same fleet gives the same bytes.
 * An absent value is null; text that is not UTF-8 gets U+FFFD.  With
 * --baseline each finding says whether it is new or unchanged, and
 * "baseline" and "resolved" follow the findings; with --history each
 * finding says when it was first seen.  Each setting carries what netstat
 * shows on its port (pins.c), and the summary counts the settings by it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"

static const char *const json_osfam_names[] = {
	NULL, "windows", "linux", "bsd", "macos", "solaris", "other"
};

static const char *const json_status_names[] = {
	"ok", "unreadable", "unidentified", "too-big"
};


/* A count or a port; negative means absent. */
static json_t *
json_num(long v)
{
	return (v < 0 ? json_null() : json_integer(v));
}

/* The input's SHA-256 in lowercase hex, or null when it was not hashed. */
static json_t *
json_sha256(const struct input *in)
{
	char	 hex[sizeof(in->sha256) * 2 + 1];
	size_t	 i;

	if (!in->have_sha256)
		return (json_null());
	for (i = 0; i < sizeof(in->sha256); i++)
		snprintf(hex + i * 2, 3, "%02x", in->sha256[i]);
	return (json_string(hex));
}

/* Where a fact comes from: file, line and text, or a stated default. */
static json_t *
json_origin(const struct origin *o)
{
	json_t	*v;

	if (o->in == NULL && o->rec == NULL && o->note == NULL)
		return (json_null());
	v = json_object();
	json_object_set_new(v, "file", jsonw_text(o->in != NULL ?
	    o->in->path : o->path));
	json_object_set_new(v, "line", o->rec != NULL ?
	    json_integer(o->rec->line) : o->line > 0 ?
	    json_integer(o->line) : json_null());
	json_object_set_new(v, "text", jsonw_text(o->rec != NULL ?
	    record_text(o->rec) : NULL));
	json_object_set_new(v, "note", jsonw_text(o->note));
	return (v);
}

static json_t *
json_evidence(const struct finding *f)
{
	const struct evidence	*e;
	json_t			*a, *v;
	size_t			 i;

	a = json_array();
	for (i = 0; i < f->nev; i++) {
		e = &f->ev[i];
		v = json_object();
		json_object_set_new(v, "file", jsonw_text(e->in != NULL ?
		    e->in->path : NULL));
		json_object_set_new(v, "line", e->in != NULL ?
		    json_integer(e->line) : json_null());
		json_object_set_new(v, "text", jsonw_text(e->text));
		json_array_append_new(a, v);
	}
	return (a);
}

/* A template text of the finding, expanded. */
static json_t *
json_wording(struct template *t, const struct finding *f, const char *key)
{
	json_t	*v;
	char	*s;

	s = findings_text(t, f, key);
	v = jsonw_text(s);
	free(s);
	return (v);
}

/* One finding: the columns of findings.csv plus the waiver's state. */
static json_t *
json_finding(struct template *t, const struct finding *f)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "id", jsonw_text(f->id));
	json_object_set_new(v, "severity", jsonw_text(severity_name(f->sev)));
	json_object_set_new(v, "rule", jsonw_text(f->rule->id));
	json_object_set_new(v, "host", jsonw_text(f->hi->host->name));
	json_object_set_new(v, "site", jsonw_text(f->hi->site));
	json_object_set_new(v, "proto", jsonw_text(proto_name(f->proto)));
	json_object_set_new(v, "port", json_num(f->port));
	json_object_set_new(v, "service", jsonw_text(f->service));
	json_object_set_new(v, "title", jsonw_text(f->rule->title));
	json_object_set_new(v, "detail", json_wording(t, f, "detail"));
	json_object_set_new(v, "recommendation",
	    json_wording(t, f, "recommendation"));
	json_object_set_new(v, "waived", json_boolean(f->waived));
	json_object_set_new(v, "waiver_expired",
	    json_boolean(f->waiver_expired));
	json_object_set_new(v, "waiver_reason", jsonw_text(f->waiver_reason));
	json_object_set_new(v, "waiver_expires",
	    jsonw_text(f->waiver_expires));
	json_object_set_new(v, "evidence", json_evidence(f));
	if (f->change != CHANGE_NONE)
		json_object_set_new(v, "change",
		    json_string(change_name(f->change)));
	if (f->since != NULL) {
		json_object_set_new(v, "first_seen", jsonw_text(f->since));
		json_object_set_new(v, "days_open", json_num(f->days_open));
	}
	return (v);
}

/* Evidence lines "FILE:LINE: text" of a baseline back into objects. */
static json_t *
json_old_evidence(const char *ev)
{
	const char	*s, *nl, *c;
	json_t		*a, *v;
	char		*line, *end, *file;
	long		 n = 0;

	a = json_array();
	for (s = ev; s != NULL && *s != '\0'; s = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		line = nl != NULL ? xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
		/* The first ":DIGITS: " ends the file name. */
		for (c = strchr(line, ':'); c != NULL; c = strchr(c + 1, ':'))
			if (c[1] >= '0' && c[1] <= '9' &&
			    (n = strtol(c + 1, &end, 10)) > 0 &&
			    end[0] == ':' && end[1] == ' ')
				break;
		v = json_object();
		if (c != NULL) {
			file = xstrndup(line, (size_t)(c - line));
			json_object_set_new(v, "file", jsonw_text(file));
			json_object_set_new(v, "line", json_integer(n));
			json_object_set_new(v, "text", jsonw_text(end + 2));
			free(file);
		} else {
			json_object_set_new(v, "file", json_null());
			json_object_set_new(v, "line", json_null());
			json_object_set_new(v, "text", jsonw_text(line));
		}
		json_array_append_new(a, v);
		free(line);
	}
	return (a);
}

/* A finding of the baseline that this audit no longer raises. */
static json_t *
json_resolved(const struct oldfinding *o)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "id", jsonw_text(o->id));
	json_object_set_new(v, "severity", jsonw_text(severity_name(o->sev)));
	json_object_set_new(v, "rule", jsonw_text(o->rule));
	json_object_set_new(v, "host", jsonw_text(o->host));
	json_object_set_new(v, "site", jsonw_text(o->site));
	json_object_set_new(v, "proto", jsonw_text(o->proto));
	json_object_set_new(v, "port", json_num(o->port));
	json_object_set_new(v, "service", jsonw_text(o->service));
	json_object_set_new(v, "title", jsonw_text(o->title));
	json_object_set_new(v, "detail", jsonw_text(o->detail));
	json_object_set_new(v, "recommendation",
	    jsonw_text(o->recommendation));
	json_object_set_new(v, "evidence", json_old_evidence(o->evidence));
	json_object_set_new(v, "change", json_string(
	    change_name(CHANGE_RESOLVED)));
	return (v);
}

/* What changed since the baseline, and the findings it had that are gone. */
static void
json_baseline(struct jsonw *w, const struct baseline *b)
{
	json_t	*v;
	size_t	 i;

	v = json_object();
	json_object_set_new(v, "file", jsonw_text(b->path));
	json_object_set_new(v, "date", jsonw_text(b->date));
	json_object_set_new(v, "new", json_integer((json_int_t)b->nnew));
	json_object_set_new(v, "unchanged",
	    json_integer((json_int_t)b->nunchanged));
	json_object_set_new(v, "resolved",
	    json_integer((json_int_t)b->nresolved));
	jsonw_put(w, "baseline", v);
	jsonw_array(w, "resolved");
	for (i = 0; i < b->nresolved; i++)
		jsonw_put(w, NULL, json_resolved(b->resolved[i]));
	jsonw_close(w);
}

static json_t *
json_range(const struct prange *p, int with_admin)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "first", json_integer(p->first));
	json_object_set_new(v, "last", json_integer(p->last));
	if (with_admin)
		json_object_set_new(v, "administered",
		    json_boolean(p->administered));
	json_object_set_new(v, "source", json_origin(&p->from));
	return (v);
}

static json_t *
json_rangeset(const struct rangeset *s)
{
	json_t	*a;
	size_t	 i;

	a = json_array();
	for (i = 0; i < s->n; i++)
		json_array_append_new(a, json_range(&s->v[i], 1));
	return (a);
}

/* The effective ranges of one protocol; ephemeral is null when unknown. */
static json_t *
json_ranges(const struct hostinfo *hi, int pi)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "ephemeral", hi->ephemeral[pi].first > 0 ?
	    json_range(&hi->ephemeral[pi], 0) : json_null());
	json_object_set_new(v, "rpc", json_rangeset(&hi->rpc[pi]));
	json_object_set_new(v, "reserved", json_rangeset(&hi->reserved[pi]));
	json_object_set_new(v, "excluded", json_rangeset(&hi->excluded[pi]));
	return (v);
}

static json_t *
json_os(const struct osinfo *os)
{
	json_t	*v, *o;

	v = json_object();
	json_object_set_new(v, "family", jsonw_text(json_osfam_names[os->fam]));
	json_object_set_new(v, "name", jsonw_text(os->name));
	json_object_set_new(v, "legacy", json_boolean(os->legacy));
	json_object_set_new(v, "source", json_origin(&os->from));
	if (os->other != NULL) {
		o = json_object();
		json_object_set_new(o, "name", jsonw_text(os->other));
		json_object_set_new(o, "source", json_origin(&os->other_from));
		json_object_set_new(v, "disagreeing", o);
	} else
		json_object_set_new(v, "disagreeing", json_null());
	return (v);
}

/* What netstat shows on a pinned port and the socket line behind it. */
static json_t *
json_pin(struct template *t, const struct pincheck *pc)
{
	struct evidence	 ev;
	json_t		*v, *e = json_null();

	v = json_object();
	json_object_set_new(v, "status",
	    json_string(pinstatus_name(pc->status)));
	json_object_set_new(v, "text", jsonw_text(findings_pin_text(t, pc)));
	if (pins_evidence(pc, &ev)) {
		e = json_object();
		json_object_set_new(e, "file", jsonw_text(ev.in->path));
		json_object_set_new(e, "line", json_integer(ev.line));
		json_object_set_new(e, "text", jsonw_text(ev.text));
	}
	json_object_set_new(v, "evidence", e);
	return (v);
}

static json_t *
json_setting(struct template *t, const struct hostinfo *hi,
    const struct hrec *h)
{
	const struct settingrec	*s = &h->rec->u.set;
	json_t			*v;

	v = json_object();
	json_object_set_new(v, "key", jsonw_text(s->key));
	json_object_set_new(v, "name", jsonw_text(s->name));
	json_object_set_new(v, "port", json_num(s->port));
	json_object_set_new(v, "proto", jsonw_text(proto_name(s->proto)));
	json_object_set_new(v, "service", jsonw_text(s->service));
	json_object_set_new(v, "owner", jsonw_text(s->owner));
	json_object_set_new(v, "source", jsonw_text(h->in->path));
	json_object_set_new(v, "line", json_integer(h->rec->line));
	json_object_set_new(v, "port_status", json_pin(t, pins_get(hi, h)));
	return (v);
}

static json_t *
json_host(struct template *t, const struct hostinfo *hi)
{
	json_t	*v, *r, *s;
	size_t	 i;

	v = json_object();
	json_object_set_new(v, "name", jsonw_text(hi->host->name));
	json_object_set_new(v, "site", jsonw_text(hi->site));
	json_object_set_new(v, "role", jsonw_text(hi->role));
	json_object_set_new(v, "os", json_os(&hi->os));
	r = json_object();
	json_object_set_new(r, "tcp", json_ranges(hi, PI_TCP));
	json_object_set_new(r, "udp", json_ranges(hi, PI_UDP));
	json_object_set_new(v, "ranges", r);
	s = json_array();
	for (i = 0; i < hi->settings.n; i++)
		json_array_append_new(s, json_setting(t, hi,
		    &hi->settings.v[i]));
	json_object_set_new(v, "settings", s);
	return (v);
}

/* One input file with its line accounting. */
static json_t *
json_input(const struct input *in)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "path", jsonw_text(in->path));
	json_object_set_new(v, "host", jsonw_text(in->host != NULL ?
	    in->host->name : NULL));
	json_object_set_new(v, "format", jsonw_text(in->format));
	json_object_set_new(v, "encoding", jsonw_text(in->encoding));
	json_object_set_new(v, "sha256", json_sha256(in));
	json_object_set_new(v, "status", jsonw_text(in->status >= 0 &&
	    in->status <= INPUT_TOO_BIG ?
	    json_status_names[in->status] : NULL));
	json_object_set_new(v, "lines", json_integer(in->lines));
	json_object_set_new(v, "records", json_integer(in->records));
	json_object_set_new(v, "recognised", json_integer(in->lines_known));
	json_object_set_new(v, "unparsed", json_integer(in->lines_unparsed));
	json_object_set_new(v, "hosts_fed", json_integer(input_src(in)->nsubs));
	return (v);
}

/*
 * Counts as the audit summary prints them: severities count the findings
 * that are not waived, so they and "waived" add up to "findings".
 */
static json_t *
json_summary(const struct audit *a, const struct fleet *f)
{
	unsigned long	 bysev[SEV__MAX] = { 0 }, waived = 0;
	unsigned long	 records = 0, unparsed = 0, skipped = f->nskipped;
	size_t		 pins[PINST__MAX], npinned = 0;
	json_t		*v, *s;
	size_t		 i;
	int		 k;

	for (i = 0; i < f->ninputs; i++) {
		records += f->inputs[i]->records;
		unparsed += f->inputs[i]->lines_unparsed;
		skipped += f->inputs[i]->status != INPUT_OK;
	}
	for (i = 0; i < a->nfindings; i++)
		if (a->findings[i]->waived)
			waived++;
		else
			bysev[a->findings[i]->sev]++;
	v = json_object();
	json_object_set_new(v, "hosts", json_integer(a->nhosts));
	json_object_set_new(v, "files", json_integer(f->ninputs));
	json_object_set_new(v, "skipped", json_integer(skipped));
	json_object_set_new(v, "records", json_integer(records));
	json_object_set_new(v, "unparsed", json_integer(unparsed));
	json_object_set_new(v, "findings", json_integer(a->nfindings));
	s = json_object();
	for (k = SEV__MAX - 1; k >= 0; k--)
		json_object_set_new(s, severity_name((enum severity)k),
		    json_integer(bysev[k]));
	json_object_set_new(v, "by_severity", s);
	json_object_set_new(v, "waived", json_integer(waived));
	/* What netstat shows on the pinned ports: "verified" listen as
	 * pinned, by their own service. */
	pins_count(a, pins);
	s = json_object();
	for (k = 1; k <= PINST__MAX; k++) {	/* unchecked last */
		json_object_set_new(s, pinstatus_name((enum pinstatus)
		    (k % PINST__MAX)), json_integer((json_int_t)
		    pins[k % PINST__MAX]));
		npinned += pins[k % PINST__MAX];
	}
	json_object_set_new(v, "settings", json_integer((json_int_t)npinned));
	json_object_set_new(v, "port_status", s);
	return (v);
}

static json_t *
json_tool(void)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "name", json_string("portaudit"));
	json_object_set_new(v, "version", json_string(PORTAUDIT_VERSION));
	return (v);
}

/* A path the audit skipped and why. */
static json_t *
json_skipped(const struct skipped *sk)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "path", jsonw_text(sk->path));
	json_object_set_new(v, "reason", jsonw_text(sk->reason));
	return (v);
}

/* The document, its big arrays one element at a time. */
void
json_document(struct jsonw *w, const struct report *r)
{
	const struct audit	*a = r->audit;
	const struct fleet	*f = r->fleet != NULL ? r->fleet : a->fleet;
	size_t			 i;

	jsonw_object(w, NULL);
	jsonw_put(w, "tool", json_tool());
	jsonw_put(w, "date", jsonw_text(r->date));
	jsonw_put(w, "summary", json_summary(a, f));
	jsonw_array(w, "findings");
	for (i = 0; i < a->nfindings; i++)
		jsonw_put(w, NULL, json_finding(r->rules, a->findings[i]));
	jsonw_close(w);
	if (a->baseline != NULL)
		json_baseline(w, a->baseline);
	jsonw_array(w, "hosts");
	for (i = 0; i < a->nhosts; i++)
		jsonw_put(w, NULL, json_host(r->rules, &a->hosts[i]));
	jsonw_close(w);
	jsonw_array(w, "inputs");
	for (i = 0; i < f->ninputs; i++)
		jsonw_put(w, NULL, json_input(f->inputs[i]));
	jsonw_close(w);
	jsonw_array(w, "skipped");
	for (i = 0; i < f->nskipped; i++)
		jsonw_put(w, NULL, json_skipped(&f->skipped[i]));
	jsonw_close(w);
	jsonw_close(w);
}

static int
json_emit(const struct report *r, FILE *fp)
{
	struct jsonw	 w;

	jsonw_begin(&w, fp);
	json_document(&w, r);
	if (jsonw_end(&w) == -1) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: cannot write the JSON "
		    "document", renderer_json.file);
		return (-1);
	}
	return (0);
}

/* findings.json for --format json. */
const struct renderer renderer_json = {
	"json", "findings.json", json_emit
};
