/*
 * Settings that cannot work as written: a port of 0 or above 65535, a
 * value that is not a number (dword:00065534 typed as decimal), ranges
 * that overlap, and ReservedPorts entries of adjacent single ports, which
 * Windows does not all honour (KB 812873).
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

static void
validity_settings(struct audit *a, struct hostinfo *hi)
{
	const struct settingrec	*s;
	struct finding		*f;
	size_t			 i;

	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->port > 0 || rule_setting_inert(hi, s) != NULL)
			continue;
		f = finding_add(a, &rule_setting_invalid, hi, s->proto, -1,
		    rule_setting_service(s));
		rule_setting_vars(a, f, &hi->settings.v[i]);
		finding_var(a, f, "variant", "%s", "port");
		finding_var(a, f, "raw", "%s", s->raw != NULL ? s->raw : "");
	}
}

/* The same pair of ranges from the same lines in the other set (a value
 * that applies to tcp and udp gives one range record for each). */
static int
validity_twin(const struct rangeset *other, const struct prange *x,
    const struct prange *y)
{
	size_t	 i, j;

	for (i = 0; i < other->n; i++)
		for (j = i + 1; j < other->n; j++)
			if (other->v[i].first == x->first &&
			    other->v[i].last == x->last &&
			    other->v[j].first == y->first &&
			    other->v[j].last == y->last &&
			    other->v[i].from.rec != NULL &&
			    x->from.rec != NULL &&
			    other->v[i].from.rec->line == x->from.rec->line &&
			    other->v[j].from.rec->line == y->from.rec->line)
				return (1);
	return (0);
}

static void
validity_ranges(struct audit *a, struct hostinfo *hi, struct rangeset *set,
    const struct rangeset *tcpset, int pi, const char *what)
{
	const struct prange	*x, *y;
	struct finding		*f;
	size_t			 i, j;
	const char		*variant;

	for (i = 0; i < set->n; i++)
		for (j = i + 1; j < set->n; j++) {
			x = &set->v[i];
			y = &set->v[j];
			if (x->from.rec == y->from.rec ||
			    (tcpset != NULL && validity_twin(tcpset, x, y)))
				continue;
			if (x->first <= y->last && y->first <= x->last)
				variant = "overlap";
			else if (strcmp(what, "reserved") == 0 &&
			    x->first == x->last && y->first == y->last &&
			    (x->first + 1 == y->first ||
			    y->first + 1 == x->first))
				variant = "adjacent";
			else
				continue;
			f = finding_add(a, &rule_setting_invalid, hi,
			    pi == PI_TCP ? PROTO_TCP : PROTO_UDP,
			    x->first < y->first ? x->first : y->first, NULL);
			f->sev = strcmp(variant, "adjacent") == 0 ? SEV_MEDIUM :
			    SEV_HIGH;
			finding_var(a, f, "variant", "%s", variant);
			finding_var(a, f, "what", "%s", what);
			finding_var(a, f, "proto", "%s",
			    pi == PI_TCP ? "tcp" : "udp");
			finding_var(a, f, "range", "%s", rule_range_text(a, x));
			finding_var(a, f, "other", "%s", rule_range_text(a, y));
			finding_var(a, f, "host", "%s", hi->host->name);
			finding_evidence_origin(a, f, &x->from);
			finding_evidence_origin(a, f, &y->from);
		}
}

static void
validity_check(struct audit *a)
{
	struct hostinfo	*hi;
	size_t		 h;
	int		 pi;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		validity_settings(a, hi);
		/* A value for tcp and udp is reported once, under tcp. */
		for (pi = 0; pi < PI__MAX; pi++) {
			validity_ranges(a, hi, &hi->reserved[pi], pi == PI_UDP ?
			    &hi->reserved[PI_TCP] : NULL, pi, "reserved");
			validity_ranges(a, hi, &hi->rpc[pi], pi == PI_UDP ?
			    &hi->rpc[PI_TCP] : NULL, pi, "rpc");
		}
	}
}

const struct rule rule_setting_invalid = {
	"setting-invalid", "validity", SEV_HIGH,
	"Port setting that cannot work as written",
	"A port value of 0, above 65535 or not a number (often decimal "
	"digits typed after dword:, read as hexadecimal), or port ranges "
	"that overlap.  The service falls back to a dynamic port or fails, "
	"and Rpc\\Internet rejects its whole configuration (KB 154596).",
	validity_check,
	RULE_HOST
};
