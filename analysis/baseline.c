/*
 * --baseline: compare this audit with a previous one.  The baseline is the
 * findings.csv (read with libcsv, columns found by their header) or the
 * findings.json (jansson) an earlier run wrote.  Findings are matched by
 * their id, the fingerprint of rule, site, host, protocol, port and
 * service, so a finding keeps its id from one audit to the next while the
 * wording or the evidence lines change.  Each finding of this audit is
 * then new or unchanged, and each finding of the baseline that this audit
 * lacks is resolved.  Rows the reader cannot use are diagnosed with their
 * line and counted; a file that is not a findings list is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "portaudit.h"
#include "analysis.h"

/* The columns of findings.csv that the baseline keeps. */
enum bcol {
	BC_ID = 0,
	BC_SEVERITY,
	BC_RULE,
	BC_HOST,
	BC_SITE,
	BC_PROTO,
	BC_PORT,
	BC_SERVICE,
	BC_TITLE,
	BC_DETAIL,
	BC_EVIDENCE,
	BC_RECOMMENDATION,
	BC_CHANGE,
	BC__MAX
};

static const char *const baseline_cols[BC__MAX] = {
	"id", "severity", "rule", "host", "site", "proto", "port", "service",
	"title", "detail", "evidence", "recommendation", "change"
};

#define BASELINE_MAXCELLS	64

struct baseline_csv {
	struct baseline	*b;
	struct input	*in;		/* for FILE:LINE diagnostics */
	char		*cells[BASELINE_MAXCELLS];
	size_t		 ncells;
	int		 map[BC__MAX];	/* column of each, -1: absent */
	int		 header_seen;
	int		 bad_header;
	unsigned	 line;		/* where the current row began */
	unsigned	 cur;		/* the line being fed */
	unsigned long	 rejected;
};

const char *
change_name(enum change c)
{
	static const char *const names[] = {
		NULL, "new", "unchanged", "resolved"
	};

	return (names[c]);
}

static int
baseline_id_ok(const char *s)
{
	size_t	 i;

	for (i = 0; i < 16; i++)
		if (s[i] == '\0' || strchr("0123456789abcdef", s[i]) == NULL)
			return (0);
	return (s[16] == '\0');
}

/* A cell findings.csv neutralised against formulas, as it was. */
static char *
baseline_cell(const char *s)
{
	if (s == NULL || *s == '\0')
		return (NULL);
	if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@\t\r", s[1]) != NULL)
		s++;
	return (xstrdup(s));
}

static void
baseline_push(struct baseline *b, const struct oldfinding *o)
{
	b->v = xrealloc(b->v, (b->n + 1) * sizeof(*b->v));
	b->v[b->n++] = *o;
}

static void
baseline_old_free(struct oldfinding *o)
{
	free(o->rule);
	free(o->host);
	free(o->site);
	free(o->proto);
	free(o->service);
	free(o->title);
	free(o->detail);
	free(o->evidence);
	free(o->recommendation);
}

/*
 * Check and keep one finding given as text; why it cannot be used, or NULL.
 * On failure the strings are freed.
 */
static const char *
baseline_take(struct baseline *b, struct oldfinding *o, const char *id,
    const char *sev, const char *port)
{
	unsigned long long	 v;
	const char		*err;
	const char		*why = NULL;

	o->port = -1;
	if (id == NULL || !baseline_id_ok(id))
		why = "the id is not 16 lowercase hexadecimal digits";
	else if (sev == NULL || severity_from(sev, &o->sev) == -1)
		why = "the severity is not info, low, medium, high or critical";
	else if (o->rule == NULL || o->host == NULL)
		why = "the rule or the host is empty";
	else if (port != NULL && *port != '\0' && strcmp(port, "-1") != 0) {
		if (util_parse_ulong(port, strlen(port), 0, &v, &err) == -1 ||
		    v > 65535)
			why = "the port is not a number from 0 to 65535";
		else
			o->port = (int)v;
	}
	if (why != NULL) {
		baseline_old_free(o);
		return (why);
	}
	memcpy(o->id, id, sizeof(o->id));
	baseline_push(b, o);
	return (NULL);
}

static const char *
baseline_csv_get(const struct baseline_csv *c, enum bcol k)
{
	int	 i = c->map[k];

	return (i >= 0 && (size_t)i < c->ncells ? c->cells[i] : NULL);
}

static void
baseline_csv_header(struct baseline_csv *c)
{
	size_t	 i;
	int	 k;

	for (k = 0; k < BC__MAX; k++)
		c->map[k] = -1;
	for (i = 0; i < c->ncells; i++)
		for (k = 0; k < BC__MAX; k++)
			if (c->map[k] == -1 &&
			    strcmp(c->cells[i], baseline_cols[k]) == 0)
				c->map[k] = (int)i;
	if (c->map[BC_ID] == -1 || c->map[BC_RULE] == -1 ||
	    c->map[BC_HOST] == -1 || c->map[BC_SEVERITY] == -1)
		c->bad_header = 1;
}

static void
baseline_csv_row(struct baseline_csv *c)
{
	struct oldfinding	 o;
	const char		*why, *chg;

	memset(&o, 0, sizeof(o));
	o.line = c->line;
	/* A resolved row of an earlier comparison was not a finding. */
	chg = baseline_csv_get(c, BC_CHANGE);
	if (chg != NULL && strcmp(chg, "resolved") == 0)
		return;
	o.rule = baseline_cell(baseline_csv_get(c, BC_RULE));
	o.host = baseline_cell(baseline_csv_get(c, BC_HOST));
	o.site = baseline_cell(baseline_csv_get(c, BC_SITE));
	o.proto = baseline_cell(baseline_csv_get(c, BC_PROTO));
	o.service = baseline_cell(baseline_csv_get(c, BC_SERVICE));
	o.title = baseline_cell(baseline_csv_get(c, BC_TITLE));
	o.detail = baseline_cell(baseline_csv_get(c, BC_DETAIL));
	o.evidence = baseline_cell(baseline_csv_get(c, BC_EVIDENCE));
	o.recommendation = baseline_cell(baseline_csv_get(c,
	    BC_RECOMMENDATION));
	why = baseline_take(c->b, &o, baseline_csv_get(c, BC_ID),
	    baseline_csv_get(c, BC_SEVERITY), baseline_csv_get(c, BC_PORT));
	if (why != NULL) {
		diag(c->in, c->line, DIAG_BASELINE_ROW, "%s", why);
		c->rejected++;
	}
}

static void
baseline_csv_cell(void *s, size_t len, void *data)
{
	struct baseline_csv	*c = data;

	if (c->ncells == 0)
		c->line = c->cur;
	if (c->ncells < BASELINE_MAXCELLS)
		c->cells[c->ncells++] = s != NULL ? xstrndup(s, len) :
		    xstrdup("");
}

static void
baseline_csv_end(int ch, void *data)
{
	struct baseline_csv	*c = data;
	size_t			 i;

	(void)ch;
	if (c->ncells == 0)
		c->line = c->cur;
	if (!c->header_seen) {
		c->header_seen = 1;
		baseline_csv_header(c);
	} else if (!c->bad_header)
		baseline_csv_row(c);
	for (i = 0; i < c->ncells; i++)
		free(c->cells[i]);
	c->ncells = 0;
}

static int
baseline_read_csv(struct baseline *b, struct input *in, const char *buf,
    size_t len)
{
	struct csv_parser	 p;
	struct baseline_csv	 c;
	const char		*s = buf, *nl, *end = buf + len;
	size_t			 i;
	int			 rc = 0;

	memset(&c, 0, sizeof(c));
	c.b = b;
	c.in = in;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	/* Feed a line at a time to know where each row begins. */
	while (s < end && !c.bad_header) {
		c.cur++;
		nl = memchr(s, '\n', (size_t)(end - s));
		nl = nl != NULL ? nl + 1 : end;
		if (csv_parse(&p, s, (size_t)(nl - s), baseline_csv_cell,
		    baseline_csv_end, &c) != (size_t)(nl - s)) {
			diag(in, c.cur, DIAG_BASELINE, "%s",
			    csv_strerror(csv_error(&p)));
			rc = -1;
			break;
		}
		s = nl;
	}
	if (rc == 0 && !c.bad_header &&
	    csv_fini(&p, baseline_csv_cell, baseline_csv_end, &c) != 0) {
		diag(in, c.cur, DIAG_BASELINE, "%s: a quoted cell never ends",
		    csv_strerror(csv_error(&p)));
		rc = -1;
	}
	csv_free(&p);
	for (i = 0; i < c.ncells; i++)
		free(c.cells[i]);
	if (c.bad_header || !c.header_seen) {
		diag(in, 1, DIAG_BASELINE, "not a findings.csv: the header "
		    "lacks id, severity, rule or host");
		rc = -1;
	}
	return (rc);
}

static char *
baseline_json_str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return (s != NULL && *s != '\0' ? xstrdup(s) : NULL);
}

/* Evidence objects back to "FILE:LINE: text" lines. */
static char *
baseline_json_evidence(json_t *arr)
{
	json_t		*e;
	const char	*file, *text;
	char		*buf = NULL;
	size_t		 len = 0, i;
	FILE		*fp;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return (NULL);
	fp = open_memstream(&buf, &len);
	json_array_foreach(arr, i, e) {
		if (i > 0)
			putc('\n', fp);
		file = json_string_value(json_object_get(e, "file"));
		text = json_string_value(json_object_get(e, "text"));
		if (file != NULL)
			fprintf(fp, "%s:%lld: ", file, (long long)
			    json_integer_value(json_object_get(e, "line")));
		fputs(text != NULL ? text : "", fp);
	}
	fclose(fp);
	return (buf);
}

static int
baseline_read_json(struct baseline *b, struct input *in, const char *buf,
    size_t len)
{
	struct oldfinding	 o;
	json_error_t		 err;
	json_t			*doc, *arr, *f, *port;
	const char		*why, *chg;
	char			 num[24];
	size_t			 i;

	if ((doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err)) ==
	    NULL) {
		diag(in, err.line > 0 ? (unsigned)err.line : 0, DIAG_BASELINE,
		    "%s", err.text);
		return (-1);
	}
	if (!json_is_array(arr = json_object_get(doc, "findings"))) {
		diag(in, 0, DIAG_BASELINE, "not a findings.json: no "
		    "\"findings\" array");
		json_decref(doc);
		return (-1);
	}
	b->date = baseline_json_str(doc, "date");
	json_array_foreach(arr, i, f) {
		memset(&o, 0, sizeof(o));
		o.line = (unsigned)i + 1;	/* its place, for the order */
		chg = json_string_value(json_object_get(f, "change"));
		if (chg != NULL && strcmp(chg, "resolved") == 0)
			continue;
		o.rule = baseline_json_str(f, "rule");
		o.host = baseline_json_str(f, "host");
		o.site = baseline_json_str(f, "site");
		o.proto = baseline_json_str(f, "proto");
		o.service = baseline_json_str(f, "service");
		o.title = baseline_json_str(f, "title");
		o.detail = baseline_json_str(f, "detail");
		o.recommendation = baseline_json_str(f, "recommendation");
		o.evidence = baseline_json_evidence(json_object_get(f,
		    "evidence"));
		port = json_object_get(f, "port");
		snprintf(num, sizeof(num), "%lld", json_is_integer(port) ?
		    (long long)json_integer_value(port) : -1LL);
		if (port != NULL && !json_is_integer(port) &&
		    !json_is_null(port))
			snprintf(num, sizeof(num), "x");
		why = baseline_take(b, &o, json_string_value(json_object_get(f,
		    "id")), json_string_value(json_object_get(f, "severity")),
		    num);
		if (why != NULL)
			diag(in, 0, DIAG_BASELINE_ROW, "finding %zu of the "
			    "\"findings\" array: %s", i + 1, why);
	}
	json_decref(doc);
	return (0);
}

static int
baseline_cmp(const void *pa, const void *pb)
{
	const struct oldfinding	*a = pa, *b = pb;
	int			 c;

	if ((c = strcmp(a->id, b->id)) != 0)
		return (c);
	return (a->line < b->line ? -1 : a->line > b->line);
}

struct baseline *
baseline_read(const char *path, const char *buf, size_t len)
{
	struct baseline	*b;
	struct input	 in;
	const char	*s = buf, *end = buf + len;
	int		 rc;

	memset(&in, 0, sizeof(in));
	in.path = path;
	b = xcalloc(1, sizeof(*b));
	b->path = xstrdup(path);
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' ||
	    *s == '\n'))
		s++;
	if (s < end && *s == '{')
		rc = baseline_read_json(b, &in, s, (size_t)(end - s));
	else
		rc = baseline_read_csv(b, &in, s, (size_t)(end - s));
	if (rc == -1) {
		baseline_free(b);
		return (NULL);
	}
	if (b->n > 0)
		qsort(b->v, b->n, sizeof(*b->v), baseline_cmp);
	return (b);
}

struct baseline *
baseline_load(const char *path)
{
	struct baseline	*b;
	struct input	 in;
	char		*buf;
	size_t		 len;

	memset(&in, 0, sizeof(in));
	in.path = path;
	if ((buf = util_slurp(path, 0, &len)) == NULL) {
		diag(&in, 0, DIAG_BASELINE, "%s", strerror(errno));
		return (NULL);
	}
	b = baseline_read(path, buf, len);
	free(buf);
	return (b);
}

static int
baseline_idcmp(const void *pa, const void *pb)
{
	const struct oldfinding	*a = pa, *b = pb;

	return (strcmp(a->id, b->id));
}

static int
baseline_line_cmp(const void *pa, const void *pb)
{
	const struct oldfinding	*a = *(const struct oldfinding *const *)pa;
	const struct oldfinding	*b = *(const struct oldfinding *const *)pb;

	if (a->line != b->line)
		return (a->line < b->line ? -1 : 1);
	return (strcmp(a->id, b->id));
}

void
baseline_apply(struct audit *a, struct baseline *b)
{
	struct oldfinding	 key, *o;
	struct finding		**v;
	size_t			 i, k;

	a->baseline = b;
	memset(&key, 0, sizeof(key));
	for (i = 0; i < a->nfindings; i++) {
		memcpy(key.id, a->findings[i]->id, sizeof(key.id));
		o = b->n > 0 ? bsearch(&key, b->v, b->n, sizeof(*b->v),
		    baseline_idcmp) : NULL;
		if (o == NULL) {
			a->findings[i]->change = CHANGE_NEW;
			b->nnew++;
			continue;
		}
		a->findings[i]->change = CHANGE_UNCHANGED;
		b->nunchanged++;
		/* Every row with that id is still present. */
		while (o > b->v && strcmp(o[-1].id, key.id) == 0)
			o--;
		for (k = (size_t)(o - b->v); k < b->n &&
		    strcmp(b->v[k].id, key.id) == 0; k++)
			b->v[k].matched = 1;
	}
	/* The resolved ones, once per id, in the baseline's order. */
	for (i = 0; i < b->n; i++) {
		if (b->v[i].matched || (i > 0 &&
		    strcmp(b->v[i - 1].id, b->v[i].id) == 0))
			continue;
		b->resolved = xrealloc(b->resolved, (b->nresolved + 1) *
		    sizeof(*b->resolved));
		b->resolved[b->nresolved++] = &b->v[i];
	}
	if (b->nresolved > 0)
		qsort(b->resolved, b->nresolved, sizeof(*b->resolved),
		    baseline_line_cmp);
	/* New findings first, each part in the canonical order. */
	v = xcalloc(a->nfindings + 1, sizeof(*v));
	for (k = 0, i = 0; i < a->nfindings; i++)
		if (a->findings[i]->change == CHANGE_NEW)
			v[k++] = a->findings[i];
	for (i = 0; i < a->nfindings; i++)
		if (a->findings[i]->change != CHANGE_NEW)
			v[k++] = a->findings[i];
	if (a->nfindings > 0)
		memcpy(a->findings, v, a->nfindings * sizeof(*v));
	free(v);
}

void
baseline_free(struct baseline *b)
{
	size_t	 i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		baseline_old_free(&b->v[i]);
	free(b->v);
	free(b->resolved);
	free(b->path);
	free(b->date);
	free(b);
}
