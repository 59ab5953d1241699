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
	const char	*keys[10];
	const char	*values[10];
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
	return (ferror(fp) ? -1 : 0);
}
