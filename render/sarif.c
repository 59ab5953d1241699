/*
 * findings.sarif: the findings as a SARIF 2.1.0 log through jansson, for
 * code-scanning dashboards and editors, written an artifact and a result
 * at a time (jsonw.c).  One run: the driver lists every rule of the
 * catalogue; each finding is a result whose locations are the lines of
 * evidence that have a file (evidence that is a stated default goes into
 * the result's properties as a note), and each input is an artifact with
 * its SHA-256.  The driver's informationUri is the HTML manual installed
 * in DOCDIR, and each rule's helpUri its entry there.  A waived finding
 * carries an external suppression.  With --baseline each result has a
 * baselineState (new or unchanged) and the baseline's findings this audit
 * lacks follow as "absent" results.  Keys keep a fixed order and results
 * follow the findings' canonical order, with no timestamps, so the same
 * fleet gives the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"

#define SARIF_SCHEMA	"https://json.schemastore.org/sarif-2.1.0.json"
#ifndef DOCDIR
#define DOCDIR		"/usr/local/share/doc/portaudit"
#endif
#define SARIF_MANUAL	DOCDIR "/portaudit.1.html"

/* An input and its place in the run's artifacts, sorted by address. */
struct sarif_art {
	const struct input	*in;
	size_t			 index;
};

struct sarif {
	const struct report	*r;
	struct sarif_art	*arts;
	size_t			 narts;
};


/* {"text": s} */
static json_t *
sarif_message(const char *s)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "text", jsonw_text(s != NULL ? s : ""));
	return (v);
}

/*
 * file:///DOCDIR/portaudit.1.html, with #frag when frag is not NULL: the
 * path percent-encoded (RFC 3986) but for its unreserved characters and
 * the slashes.
 */
static json_t *
sarif_manual_uri(const char *frag)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*c;
	json_t			*v;
	char			*buf, *o;

	buf = xmalloc(strlen("file://") + 3 * strlen(SARIF_MANUAL) +
	    (frag != NULL ? 1 + 3 * strlen(frag) : 0) + 1);
	o = buf + sprintf(buf, "file://");
	for (c = (const unsigned char *)SARIF_MANUAL; *c != '\0'; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~/", *c) != NULL)
			*o++ = *c;
		else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	if (frag != NULL) {
		*o++ = '#';
		for (c = (const unsigned char *)frag; *c != '\0'; c++)
			*o++ = *c;
	}
	*o = '\0';
	v = json_string(buf);
	free(buf);
	return (v);
}

/* critical and high are errors, medium a warning, low and info notes. */
static const char *
sarif_level(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return ("error");
	case SEV_MEDIUM:
		return ("warning");
	default:
		return ("note");
	}
}

/* "fixed-port-taken" as "FixedPortTaken" (malloc'd). */
static char *
sarif_camel(const char *id)
{
	char	*s, *p;
	int	 up = 1;

	p = s = xmalloc(strlen(id) + 1);
	for (; *id != '\0'; id++) {
		if (*id == '-' || *id == '_' || *id == ' ') {
			up = 1;
			continue;
		}
		*p++ = up && *id >= 'a' && *id <= 'z' ? *id - 'a' + 'A' : *id;
		up = 0;
	}
	*p = '\0';
	return (s);
}

/*
 * A path as a URI reference (RFC 3986): unreserved bytes and '/' stay,
 * every other byte (space, '%', ':', non-ASCII...) is percent-encoded.
 * A relative path stays relative; an absolute one becomes file:///.
 */
static char *
sarif_uri(const char *path)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp;

	fp = open_memstream(&buf, &len);
	if (path[0] == '/')
		fputs("file://", fp);
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			putc(*p, fp);
		else
			fprintf(fp, "%%%c%c", hex[*p >> 4], hex[*p & 0xf]);
	}
	fclose(fp);
	return (buf);
}

static json_t *
sarif_uri_json(const char *path)
{
	json_t	*v;
	char	*u;

	u = sarif_uri(path);
	v = json_string(u);
	free(u);
	return (v);
}

static int
sarif_art_cmp(const void *a, const void *b)
{
	uintptr_t	 x = (uintptr_t)((const struct sarif_art *)a)->in;
	uintptr_t	 y = (uintptr_t)((const struct sarif_art *)b)->in;

	return (x < y ? -1 : x > y);
}

/* The artifact index of an input, or -1 when it is not one. */
static long
sarif_art_index(const struct sarif *s, const struct input *in)
{
	struct sarif_art	 key, *hit;

	key.in = in->parent != NULL ? in->parent : in;	/* its file */
	hit = bsearch(&key, s->arts, s->narts, sizeof(*s->arts),
	    sarif_art_cmp);
	return (hit != NULL ? (long)hit->index : -1);
}

static json_t *
sarif_rule(const struct rule *ru)
{
	json_t	*v, *c, *p;
	char	*name;

	v = json_object();
	json_object_set_new(v, "id", jsonw_text(ru->id));
	name = sarif_camel(ru->id);
	json_object_set_new(v, "name", jsonw_text(name));
	free(name);
	json_object_set_new(v, "shortDescription", sarif_message(ru->title));
	json_object_set_new(v, "fullDescription", sarif_message(ru->help !=
	    NULL ? ru->help : ru->title));
	json_object_set_new(v, "help", sarif_message(ru->help != NULL ?
	    ru->help : ru->title));
	json_object_set_new(v, "helpUri", sarif_manual_uri(ru->id));
	c = json_object();
	json_object_set_new(c, "level", json_string(sarif_level(ru->level)));
	json_object_set_new(v, "defaultConfiguration", c);
	p = json_object();
	json_object_set_new(p, "severity", json_string(severity_name(
	    ru->level)));
	json_object_set_new(p, "family", jsonw_text(ru->family));
	json_object_set_new(v, "properties", p);
	return (v);
}

static json_t *
sarif_driver(void)
{
	json_t	*v, *rules;
	size_t	 i;

	v = json_object();
	json_object_set_new(v, "name", json_string("portaudit"));
	json_object_set_new(v, "version", json_string(PORTAUDIT_VERSION));
	json_object_set_new(v, "semanticVersion",
	    json_string(PORTAUDIT_VERSION));
	json_object_set_new(v, "informationUri", sarif_manual_uri(NULL));
	rules = json_array();
	for (i = 0; i < rule_count; i++)
		json_array_append_new(rules, sarif_rule(rule_table[i]));
	json_object_set_new(v, "rules", rules);
	return (v);
}

static json_t *
sarif_hashes(const struct input *in)
{
	char	 hex[sizeof(in->sha256) * 2 + 1];
	json_t	*v;
	size_t	 i;

	for (i = 0; i < sizeof(in->sha256); i++)
		snprintf(hex + i * 2, 3, "%02x", in->sha256[i]);
	v = json_object();
	json_object_set_new(v, "sha-256", json_string(hex));
	return (v);
}

/* One input as an artifact: where it is, its hash, host and format. */
static json_t *
sarif_artifact(const struct input *in)
{
	json_t	*v, *loc, *p;

	v = json_object();
	loc = json_object();
	json_object_set_new(loc, "uri", sarif_uri_json(in->path));
	json_object_set_new(v, "location", loc);
	json_object_set_new(v, "roles", json_pack("[s]", "analysisTarget"));
	if (in->encoding != NULL)
		json_object_set_new(v, "encoding", jsonw_text(in->encoding));
	if (in->have_sha256)
		json_object_set_new(v, "hashes", sarif_hashes(in));
	p = json_object();
	json_object_set_new(p, "host", jsonw_text(in->host != NULL ?
	    in->host->name : NULL));
	json_object_set_new(p, "format", jsonw_text(in->format));
	json_object_set_new(v, "properties", p);
	return (v);
}

/* The table that finds an input's index in the run's artifacts. */
static void
sarif_arts_index(struct sarif *s, const struct fleet *f)
{
	size_t	 i;

	s->arts = xcalloc(f->ninputs + 1, sizeof(*s->arts));
	for (i = 0; i < f->ninputs; i++) {
		s->arts[i].in = f->inputs[i];
		s->arts[i].index = i;
	}
	s->narts = f->ninputs;
	qsort(s->arts, s->narts, sizeof(*s->arts), sarif_art_cmp);
}

/* A line of evidence in its file, with the line verbatim. */
static json_t *
sarif_location(const struct sarif *s, const struct evidence *e)
{
	json_t	*v, *phys, *art, *reg, *snip;
	long	 idx;

	art = json_object();
	json_object_set_new(art, "uri", sarif_uri_json(e->in->path));
	if ((idx = sarif_art_index(s, e->in)) >= 0)
		json_object_set_new(art, "index", json_integer(idx));
	phys = json_object();
	json_object_set_new(phys, "artifactLocation", art);
	if (e->line > 0) {
		reg = json_object();
		json_object_set_new(reg, "startLine", json_integer(e->line));
		snip = json_object();
		json_object_set_new(snip, "text", jsonw_text(e->text));
		json_object_set_new(reg, "snippet", snip);
		json_object_set_new(phys, "region", reg);
	}
	v = json_object();
	json_object_set_new(v, "physicalLocation", phys);
	return (v);
}

/* The finding's facts; evidence without a file goes in as notes. */
static json_t *
sarif_properties(const struct sarif *s, const struct finding *f)
{
	json_t	*p, *notes;
	char	*rec;
	size_t	 i;

	p = json_object();
	json_object_set_new(p, "severity", json_string(severity_name(f->sev)));
	json_object_set_new(p, "host", jsonw_text(f->hi->host->name));
	json_object_set_new(p, "site", jsonw_text(f->hi->site));
	json_object_set_new(p, "port", f->port >= 0 ?
	    json_integer(f->port) : json_null());
	json_object_set_new(p, "proto", jsonw_text(proto_name(f->proto)));
	json_object_set_new(p, "service", jsonw_text(f->service));
	json_object_set_new(p, "waived", json_boolean(f->waived));
	if (f->waiver_expired) {
		json_object_set_new(p, "waiver_expired", json_true());
		json_object_set_new(p, "waiver_expires",
		    jsonw_text(f->waiver_expires));
	}
	rec = findings_text(s->r->rules, f, "recommendation");
	json_object_set_new(p, "recommendation", jsonw_text(rec));
	free(rec);
	notes = json_array();
	for (i = 0; i < f->nev; i++)
		if (f->ev[i].in == NULL)
			json_array_append_new(notes, jsonw_text(f->ev[i].text));
	if (json_array_size(notes) > 0)
		json_object_set_new(p, "notes", notes);
	else
		json_decref(notes);
	return (p);
}

static json_t *
sarif_suppressions(const struct finding *f)
{
	json_t	*v;

	v = json_object();
	json_object_set_new(v, "kind", json_string("external"));
	json_object_set_new(v, "status", json_string("accepted"));
	if (f->waiver_reason != NULL)
		json_object_set_new(v, "justification",
		    jsonw_text(f->waiver_reason));
	return (json_pack("[o]", v));
}

static long
sarif_rule_index(const struct rule *ru)
{
	size_t	 i;

	for (i = 0; i < rule_count; i++)
		if (rule_table[i] == ru || strcmp(rule_table[i]->id,
		    ru->id) == 0)
			return ((long)i);
	return (-1);
}

static json_t *
sarif_result(const struct sarif *s, const struct finding *f)
{
	json_t	*v, *locs, *fp;
	char	*detail;
	size_t	 i;
	long	 ri;

	v = json_object();
	json_object_set_new(v, "ruleId", jsonw_text(f->rule->id));
	if ((ri = sarif_rule_index(f->rule)) >= 0)
		json_object_set_new(v, "ruleIndex", json_integer(ri));
	json_object_set_new(v, "level", json_string(sarif_level(f->sev)));
	detail = findings_text(s->r->rules, f, "detail");
	json_object_set_new(v, "message", sarif_message(*detail != '\0' ?
	    detail : f->rule->title));
	free(detail);
	locs = json_array();
	for (i = 0; i < f->nev; i++)
		if (f->ev[i].in != NULL)
			json_array_append_new(locs,
			    sarif_location(s, &f->ev[i]));
	json_object_set_new(v, "locations", locs);
	fp = json_object();
	json_object_set_new(fp, "portaudit/v1", jsonw_text(f->id));
	json_object_set_new(v, "partialFingerprints", fp);
	if (f->change != CHANGE_NONE)
		json_object_set_new(v, "baselineState", json_string(
		    f->change == CHANGE_NEW ? "new" : "unchanged"));
	if (f->waived)
		json_object_set_new(v, "suppressions", sarif_suppressions(f));
	json_object_set_new(v, "properties", sarif_properties(s, f));
	return (v);
}

/*
 * A finding of the baseline that this audit no longer raises: a result
 * whose baselineState is "absent", with what the baseline said of it.
 */
static json_t *
sarif_absent(const struct oldfinding *o)
{
	const struct rule	*ru;
	json_t			*v, *fp, *p;
	long			 ri;

	v = json_object();
	json_object_set_new(v, "ruleId", jsonw_text(o->rule));
	if ((ru = rule_find(o->rule)) != NULL &&
	    (ri = sarif_rule_index(ru)) >= 0)
		json_object_set_new(v, "ruleIndex", json_integer(ri));
	json_object_set_new(v, "level", json_string(sarif_level(o->sev)));
	json_object_set_new(v, "message", sarif_message(o->detail != NULL ?
	    o->detail : o->title != NULL ? o->title : o->rule));
	json_object_set_new(v, "locations", json_array());
	fp = json_object();
	json_object_set_new(fp, "portaudit/v1", jsonw_text(o->id));
	json_object_set_new(v, "partialFingerprints", fp);
	json_object_set_new(v, "baselineState", json_string("absent"));
	p = json_object();
	json_object_set_new(p, "severity", json_string(severity_name(o->sev)));
	json_object_set_new(p, "host", jsonw_text(o->host));
	json_object_set_new(p, "site", jsonw_text(o->site));
	json_object_set_new(p, "port", o->port >= 0 ?
	    json_integer(o->port) : json_null());
	json_object_set_new(p, "proto", jsonw_text(o->proto));
	json_object_set_new(p, "service", jsonw_text(o->service));
	json_object_set_new(v, "properties", p);
	return (v);
}

/* The log: one run, its artifacts and results one at a time. */
void
sarif_document(struct jsonw *w, const struct report *r)
{
	const struct audit	*a = r->audit;
	const struct fleet	*f = r->fleet != NULL ? r->fleet : a->fleet;
	struct sarif		 s;
	json_t			*tool;
	size_t			 i;

	memset(&s, 0, sizeof(s));
	s.r = r;
	sarif_arts_index(&s, f);
	jsonw_object(w, NULL);
	jsonw_put(w, "$schema", json_string(SARIF_SCHEMA));
	jsonw_put(w, "version", json_string("2.1.0"));
	jsonw_array(w, "runs");
	jsonw_object(w, NULL);
	tool = json_object();
	json_object_set_new(tool, "driver", sarif_driver());
	jsonw_put(w, "tool", tool);
	jsonw_array(w, "artifacts");
	for (i = 0; i < f->ninputs; i++)
		jsonw_put(w, NULL, sarif_artifact(f->inputs[i]));
	jsonw_close(w);
	jsonw_array(w, "results");
	for (i = 0; i < a->nfindings; i++)
		jsonw_put(w, NULL, sarif_result(&s, a->findings[i]));
	for (i = 0; a->baseline != NULL && i < a->baseline->nresolved; i++)
		jsonw_put(w, NULL, sarif_absent(a->baseline->resolved[i]));
	jsonw_close(w);
	jsonw_close(w);
	jsonw_close(w);
	jsonw_close(w);
	free(s.arts);
}

static int
sarif_emit(const struct report *r, FILE *fp)
{
	struct jsonw	 w;

	jsonw_begin(&w, fp);
	sarif_document(&w, r);
	if (jsonw_end(&w) == -1) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: cannot write the SARIF log",
		    renderer_sarif.file);
		return (-1);
	}
	return (0);
}

/* findings.sarif for --format sarif. */
const struct renderer renderer_sarif = {
	"sarif", "findings.sarif", sarif_emit
};
