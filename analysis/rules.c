/*
 * The rule catalogue: one const struct rule per rule, each exported by the
 * file of its family and listed here.  A new rule is a file (or a function
 * in a family file) plus a line in this table.  The wording of each
 * finding lives in templates/rules.ini, keyed by the rule's id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

const struct rule *const rule_table[] = {
	&rule_fixed_port_taken,
	&rule_fixed_port_duplicate,
	&rule_fixed_port_system,
	&rule_fixed_port_excluded,
	&rule_fixed_port_in_ephemeral,
	&rule_fixed_port_in_rpc_range,
	&rule_fixed_port_registered_elsewhere,
	&rule_fixed_port_undocumented,
	&rule_fixed_port_inconsistent,
	&rule_fixed_port_outside_policy,
	&rule_setting_invalid,
	&rule_rpc_range_small,
	&rule_ephemeral_pressure,
	&rule_listener_in_ephemeral,
	&rule_reservation_outside,
	&rule_dns_socket_pool,
	&rule_setting_ineffective,
	&rule_pin_pair_incomplete,
	&rule_dynamicport_invalid,
	&rule_rpc_range_overlap,
	&rule_sql_static_and_dynamic,
	&rule_msmq_port_shift,
};
const size_t rule_count = sizeof(rule_table) / sizeof(rule_table[0]);

static const char *const severity_names[SEV__MAX] = {
	"info", "low", "medium", "high", "critical"
};

const char *
severity_name(enum severity s)
{
	return (severity_names[s]);
}

int
severity_from(const char *s, enum severity *out)
{
	int	 i;

	for (i = 0; i < SEV__MAX; i++)
		if (util_strcasecmp_ascii(s, severity_names[i]) == 0) {
			*out = (enum severity)i;
			return (0);
		}
	return (-1);
}

const struct rule *
rule_find(const char *id)
{
	size_t	 i;

	for (i = 0; i < rule_count; i++)
		if (strcmp(rule_table[i]->id, id) == 0)
			return (rule_table[i]);
	return (NULL);
}

/*
 * A finding that rests on a value without deployment documentation (a
 * name the Exchange analyzer reads, say) is a hint: never high or
 * critical (port-facts: unconfirmed rows are never error-level).
 */
static void
rule_cap_unconfirmed(struct audit *a)
{
	size_t	 i;

	for (i = 0; i < a->nfindings; i++)
		if (a->findings[i]->unconfirmed &&
		    a->findings[i]->sev > SEV_MEDIUM)
			a->findings[i]->sev = SEV_MEDIUM;
}

/*
 * The host rules on hi alone, through a view of the audit that holds it:
 * what they append (findings, their arena blocks) is the audit's.
 */
void
rules_host(struct audit *a, struct hostinfo *hi)
{
	struct audit	 v = *a;
	size_t		 i, from = a->nfindings;

	pins_host(hi);
	v.hosts = hi;
	v.nhosts = 1;
	for (i = 0; i < rule_count; i++)
		if (rule_table[i]->scope == RULE_HOST)
			rule_table[i]->check(&v);
	v.hosts = a->hosts;
	v.nhosts = a->nhosts;
	*a = v;
	findings_pack(a, from);
}

void
rules_run(struct audit *a)
{
	size_t	 i;

	for (i = 0; i < a->nhosts; i++)
		rules_host(a, &a->hosts[i]);
	rules_fleet(a);
}

void
rules_fleet(struct audit *a)
{
	size_t	 i, from;

	from = a->nfindings;
	for (i = 0; i < rule_count; i++)
		if (rule_table[i]->scope == RULE_FLEET)
			rule_table[i]->check(a);
	findings_pack(a, from);
	rule_cap_unconfirmed(a);
	policy_apply(a);
	findings_sort(a);
}

void
rule_each_setting(struct audit *a, void (*fn)(struct audit *,
    struct hostinfo *, const struct hrec *, int))
{
	struct hostinfo	*hi;
	size_t		 h, i;
	int		 pi;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (i = 0; i < hi->settings.n; i++)
			if ((pi = rule_live_pi(hi,
			    &hi->settings.v[i].rec->u.set)) >= 0)
				fn(a, hi, &hi->settings.v[i], pi);
	}
}

int
rule_setting_pi(const struct settingrec *s)
{
	if (s->port <= 0)
		return (-1);
	return (proto_index(s->proto));
}

const char *
rule_setting_inert(const struct hostinfo *hi,
    const struct settingrec *s)
{
	if (s->ignored != NULL)
		return (s->ignored);
	if (s->scope != NULL && util_strcasecmp_ascii(s->scope, "dc") == 0 &&
	    hi->dc == DC_NO)
		return ("not-dc");
	return (NULL);
}

int
rule_live_pi(const struct hostinfo *hi, const struct settingrec *s)
{
	if (rule_setting_inert(hi, s) != NULL)
		return (-1);
	return (rule_setting_pi(s));
}

const char *
rule_setting_service(const struct settingrec *s)
{
	if (s->service != NULL && *s->service != '\0')
		return (s->service);
	if (s->label != NULL && *s->label != '\0')
		return (s->label);
	return (s->name);
}

void
rule_setting_vars(struct audit *a, struct finding *f, const struct hrec *h)
{
	const struct settingrec	*s = &h->rec->u.set;

	finding_var(a, f, "port", "%d", s->port);
	finding_var(a, f, "proto", "%s", proto_name(s->proto));
	finding_var(a, f, "service", "%s", rule_setting_service(s));
	finding_var(a, f, "setting", "%s", s->label != NULL ? s->label :
	    s->name);
	finding_var(a, f, "key", "%s", s->key != NULL ? s->key : "");
	finding_var(a, f, "value", "%s", s->name != NULL ? s->name : "");
	finding_var(a, f, "owner", "%s", s->owner != NULL && *s->owner ?
	    s->owner : "its own process");
	finding_var(a, f, "host", "%s", f->hi->host->name);
	finding_evidence(a, f, h->in, h->rec);
	f->unconfirmed |= s->unconfirmed;
}

int
rule_name_match(const char *pattern, const char *name)
{
	size_t	 n = strlen(pattern);

	if (name == NULL)
		return (0);
	if (n > 0 && pattern[n - 1] == '*')
		return (util_strncasecmp_ascii(pattern, name, n - 1) == 0);
	return (util_strcasecmp_ascii(pattern, name) == 0);
}

int
rule_data(struct audit *a, const char *name, datafile_row_fn fn, void *arg)
{
	char	*path;
	int	 rc;

	xasprintf(&path, "%s/%s", a->fleet->datadir, name);
	if ((rc = datafile_read(path, fn, arg)) == -1)
		diag(NULL, 0, DIAG_KB, "%s: cannot read", path);
	free(path);
	return (rc == -1 ? -1 : 0);
}

void
rule_range_vars(struct audit *a, struct finding *f, const struct prange *r)
{
	finding_var(a, f, "range", "%s", rule_range_text(a, r));
	finding_var(a, f, "range_origin", "%s", r->from.note != NULL ?
	    r->from.note : r->from.rec != NULL ? record_text(r->from.rec) : "");
	finding_evidence_origin(a, f, &r->from);
}

const char *
rule_range_text(struct audit *a, const struct prange *r)
{
	char	 buf[32];

	if (r->first == r->last)
		snprintf(buf, sizeof(buf), "%d", r->first);
	else
		snprintf(buf, sizeof(buf), "%d-%d", r->first, r->last);
	return (arena_strdup(a->fleet->arena, buf));
}
