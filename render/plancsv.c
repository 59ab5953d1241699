/*
 * plan.csv: one row per value the plan changes or cannot place, with the
 * findings it cures and its reason (templates/plan.ini), cells
 * neutralised like the other CSVs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"

struct plancsv_var {
	const char	*keys[12];
	const char	*values[12];
	size_t		 n;
};

static const char *
plancsv_lookup(const void *arg, const char *key)
{
	const struct plancsv_var	*v = arg;
	size_t				 i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return (v->values[i]);
	return (NULL);
}

static void
plancsv_set(struct plancsv_var *v, const char *key, const char *value)
{
	v->keys[v->n] = key;
	v->values[v->n++] = value;
}

/* Append text to *buf with sep before it unless *buf is empty. */
static void
plancsv_join(char **buf, const char *sep, const char *text)
{
	char	*old = *buf;

	xasprintf(buf, "%s%s%s", old, *old != '\0' ? sep : "", text);
	free(old);
}

/* Expand section.key with the variables; "" when the key is missing. */
static char *
plancsv_text(struct template *t, const char *section, const char *key,
    const struct plancsv_var *v)
{
	const char	*tpl = template_get(t, section, key);

	return (template_expand(t, tpl != NULL ? tpl : "", plancsv_lookup,
	    v));
}

/* "1024-5000 is ruled out by ...; 5001-49151 ..." of an unplanned row. */
static char *
plancsv_bands(struct template *t, const struct plan_change *ch)
{
	struct plancsv_var	 v;
	char			*all = xstrdup(""), *why = xstrdup(""), *s;
	char			 first[16], last[16], ports[16];
	size_t			 i;

	for (i = 0; i < ch->nwhy; i++) {
		memset(&v, 0, sizeof(v));
		snprintf(ports, sizeof(ports), "%d", ch->why[i].ports);
		plancsv_set(&v, "what", template_get(t, "constraint",
		    suggest_constraint_name(ch->why[i].c)));
		plancsv_set(&v, "ports", ports);
		if (v.values[0] == NULL)
			v.values[0] = suggest_constraint_name(ch->why[i].c);
		s = plancsv_text(t, "plan", "block", &v);
		plancsv_join(&why, ", ", s);
		free(s);
		if (i + 1 < ch->nwhy &&
		    ch->why[i + 1].first == ch->why[i].first)
			continue;
		memset(&v, 0, sizeof(v));
		snprintf(first, sizeof(first), "%d", ch->why[i].first);
		snprintf(last, sizeof(last), "%d", ch->why[i].last);
		plancsv_set(&v, "first", first);
		plancsv_set(&v, "last", last);
		plancsv_set(&v, "why", why);
		s = plancsv_text(t, "plan", "band", &v);
		plancsv_join(&all, "; ", s);
		free(s);
		free(why);
		why = xstrdup("");
	}
	free(why);
	return (all);
}

static char *
plancsv_reason(struct template *t, const struct plan_change *ch)
{
	const struct settingrec	*s = &ch->set->rec->u.set;
	struct plancsv_var	 v;
	char			 from[16], to[16], *bands = NULL, *r;

	memset(&v, 0, sizeof(v));
	snprintf(from, sizeof(from), "%d", ch->from);
	snprintf(to, sizeof(to), "%d", ch->to);
	plancsv_set(&v, "host", ch->hi->host->name);
	plancsv_set(&v, "scope", ch->scope != NULL ? ch->scope :
	    ch->hi->host->name);
	plancsv_set(&v, "service", rule_setting_service(s));
	plancsv_set(&v, "setting", s->label != NULL ? s->label :
	    s->name != NULL ? s->name : "");
	plancsv_set(&v, "proto", proto_name(s->proto));
	plancsv_set(&v, "from", from);
	plancsv_set(&v, "to", to);
	if (ch->to >= 0 && ch->nvals > 0) {
		/* SQL Server: the port is written as the fixed TcpPort. */
		bands = plancsv_text(t, "plan", ch->how == PLAN_KEEP ?
		    "keep" : ch->how == PLAN_DEFAULT ? "default" : "move", &v);
		r = plancsv_text(t, "plan", "sql", &v);
		plancsv_join(&bands, " ", r);
		free(r);
		return (bands);
	}
	if (ch->to >= 0)
		return (plancsv_text(t, "plan", ch->how == PLAN_KEEP ? "keep" :
		    ch->how == PLAN_DEFAULT ? "default" : "move", &v));
	bands = plancsv_bands(t, ch);
	plancsv_set(&v, "bands", bands);
	r = plancsv_text(t, "plan", "unplanned", &v);
	free(bands);
	return (r);
}

static void
plancsv_row(FILE *fp, struct template *t, const struct plan_change *ch)
{
	const struct settingrec	*s = &ch->set->rec->u.set;
	char			*ids = xstrdup(""), *reason;
	size_t			 i;

	for (i = 0; i < ch->ncures; i++)
		plancsv_join(&ids, " ", ch->cures[i]->id);
	csvw_cell(fp, ch->hi->host->name, 0);
	csvw_cell(fp, ch->scope != NULL ? ch->scope : "", 1);
	csvw_cell(fp, ch->to >= 0 ? "port" : "unplanned", 1);
	csvw_cell(fp, s->key != NULL ? s->key : "", 1);
	csvw_cell(fp, s->name != NULL ? s->name : "", 1);
	csvw_cell(fp, proto_name(s->proto), 1);
	csvw_int(fp, ch->from, 1);
	if (ch->to >= 0)
		csvw_int(fp, ch->to, 1);
	else
		csvw_cell(fp, "", 1);
	csvw_cell(fp, ids, 1);
	reason = plancsv_reason(t, ch);
	csvw_cell(fp, reason, 1);
	csvw_end(fp);
	free(reason);
	free(ids);
}

/* "first-last", or "" for none. */
static void
plancsv_range_text(char *buf, size_t len, int first, int last)
{
	if (first < 0)
		buf[0] = '\0';
	else if (first == last)
		snprintf(buf, len, "%d", first);
	else
		snprintf(buf, len, "%d-%d", first, last);
}

static const char *
plancsv_range_proto(const struct plan_range *r)
{
	if (r->pi < 0)
		return ("tcp udp");
	return (r->pi == PI_TCP ? "tcp" : "udp");
}

/* The reason of a range row: [range] key of its kind. */
static char *
plancsv_range_reason(struct template *t, const struct plan_range *r)
{
	struct plancsv_var	 v;
	char			 from[32], to[32], num[16], top[16], rules[256];
	size_t			 i, n = 0;

	memset(&v, 0, sizeof(v));
	plancsv_range_text(from, sizeof(from), r->from_first, r->from_last);
	plancsv_range_text(to, sizeof(to), r->first, r->last);
	snprintf(num, sizeof(num), "%d", r->last - r->first + 1);
	snprintf(top, sizeof(top), "%d", r->from_last);
	rules[0] = '\0';
	for (i = 0; i < r->ncures; i++)
		if (strstr(rules, r->cures[i]->rule->id) == NULL)
			n += (size_t)snprintf(rules + n, sizeof(rules) - n,
			    "%s%s", n > 0 ? ", " : "", r->cures[i]->rule->id);
	plancsv_set(&v, "host", r->hi->host->name);
	plancsv_set(&v, "proto", plancsv_range_proto(r));
	plancsv_set(&v, "from", from);
	plancsv_set(&v, "to", to);
	plancsv_set(&v, "num", num);
	plancsv_set(&v, "top", top);
	plancsv_set(&v, "rules", rules);
	plancsv_set(&v, "ref", r->ref != NULL ? r->ref : "");
	plancsv_set(&v, "value", r->nvals > 0 ? r->vals[0].name : "");
	return (plancsv_text(t, "range", r->kind == PLANR_UNPLANNED ? r->why :
	    planrange_kind_name(r->kind), &v));
}

/* The key and value columns of a range row. */
static void
plancsv_range_where(const struct plan_range *r, const char **key,
    const char **value)
{
	*key = *value = "";
	if (r->nvals > 0) {
		*key = r->vals[0].key;
		*value = r->vals[0].name;
	} else if (r->kind == PLANR_DYNAMICPORT) {
		*key = r->v6 ? "netsh int ipv4; netsh int ipv6" :
		    "netsh int ipv4";
		*value = "dynamicport";
	} else if (r->kind == PLANR_EXCLUDE) {
		*key = "netsh int ipv4";
		*value = "excludedportrange";
	}
}

static void
plancsv_range_row(FILE *fp, struct template *t, const struct plan_range *r)
{
	const char	*key, *value;
	char		*ids = xstrdup(""), *reason, from[32], to[32];
	size_t		 i;

	for (i = 0; i < r->ncures; i++)
		plancsv_join(&ids, " ", r->cures[i]->id);
	plancsv_range_where(r, &key, &value);
	plancsv_range_text(from, sizeof(from), r->from_first, r->from_last);
	plancsv_range_text(to, sizeof(to), r->first, r->last);
	if (r->kind == PLANR_DELETE) {
		snprintf(from, sizeof(from), "%.31s", r->vals[0].now);
		snprintf(to, sizeof(to), "deleted");
	}
	csvw_cell(fp, r->hi->host->name, 0);
	csvw_cell(fp, r->scope != NULL ? r->scope : "", 1);
	csvw_cell(fp, r->kind == PLANR_UNPLANNED ? "unplanned-range" :
	    planrange_kind_name(r->kind), 1);
	csvw_cell(fp, key, 1);
	csvw_cell(fp, value, 1);
	csvw_cell(fp, plancsv_range_proto(r), 1);
	csvw_cell(fp, from, 1);
	csvw_cell(fp, to, 1);
	csvw_cell(fp, ids, 1);
	reason = plancsv_range_reason(t, r);
	csvw_cell(fp, reason, 1);
	csvw_end(fp);
	free(reason);
	free(ids);
}

int
plancsv_emit(FILE *fp, const struct plan *p, struct template *t)
{
	static const char *const head[] = {
		"host", "site", "kind", "key", "value", "proto", "current",
		"proposed", "findings", "reason"
	};
	size_t	 i;

	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csvw_cell(fp, head[i], i > 0);
	csvw_end(fp);
	for (i = 0; i < p->n; i++)
		plancsv_row(fp, t, &p->v[i]);
	for (i = 0; i < p->nr; i++)
		plancsv_range_row(fp, t, &p->r[i]);
	return (ferror(fp) ? -1 : 0);
}
