/*
 * Values that do nothing where they are set: ReservedPorts on Vista and
 * later (KB 812873: 2000 to 2003 only), MaxUserPort on Vista and later
 * (the range is set with netsh there, KB 929851), the NTDS port on a
 * member server (KB 224196) and a DFSR port on a Windows Server 2008 or
 * 2008 R2 domain controller, where DFSR keeps TCP 5722.  Each promises a
 * protection or a port that the host does not deliver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define INEFFECTIVE_DFSR_PORT	5722

static int
ineffective_is_registry(const struct input *in)
{
	return (in->format != NULL && (strcmp(in->format, "reg") == 0 ||
	    strcmp(in->format, "regquery") == 0 ||
	    strcmp(in->format, "hive") == 0));
}

/* Windows Vista or later, as the host's evidence says. */
static int
ineffective_modern(const struct hostinfo *hi)
{
	return (hi->os.fam == OSF_WINDOWS && hi->os_known && !hi->os.legacy);
}

static void
ineffective_os(struct audit *a, struct finding *f, const struct hostinfo *hi)
{
	finding_var(a, f, "os", "%s", hi->os.name != NULL ? hi->os.name :
	    "Windows Vista or later");
	finding_var(a, f, "host", "%s", hi->host->name);
	finding_evidence_origin(a, f, &hi->os.from);
}

/* MaxUserPort: one range record per protocol on the value's line. */
static void
ineffective_maxuser(struct audit *a, struct hostinfo *hi,
    const struct input *in, const struct record *r)
{
	struct finding	*f;

	f = finding_add(a, &rule_setting_ineffective, hi, PROTO_TCP,
	    r->u.rng.last, "Tcpip");
	finding_var(a, f, "variant", "maxuserport");
	finding_var(a, f, "value", "%s", r->u.rng.setting);
	finding_var(a, f, "port", "%d", r->u.rng.last);
	finding_evidence(a, f, in, r);
	ineffective_os(a, f, hi);
}

/* ReservedPorts: every entry of the value's line in one finding. */
static void
ineffective_reserved(struct audit *a, struct hostinfo *hi,
    const struct input *in, const struct record *first)
{
	const struct record	*r;
	struct finding		*f;
	char			*list = NULL, *n;

	/* The entries of one value share its line and its text. */
	for (r = first; r != NULL && r->text == first->text; r = r->next) {
		if (r->kind != REC_RANGE || r->u.rng.what != RANGE_RESERVED ||
		    r->u.rng.proto == PROTO_UDP)
			continue;
		if (r->u.rng.first == r->u.rng.last)
			xasprintf(&n, "%s%s%d", list != NULL ? list : "",
			    list != NULL ? ", " : "", r->u.rng.first);
		else
			xasprintf(&n, "%s%s%d-%d", list != NULL ? list : "",
			    list != NULL ? ", " : "", r->u.rng.first,
			    r->u.rng.last);
		free(list);
		list = n;
	}
	f = finding_add(a, &rule_setting_ineffective, hi, PROTO_TCP,
	    first->u.rng.first, "Tcpip");
	finding_var(a, f, "variant", "reservedports");
	finding_var(a, f, "value", "%s", first->u.rng.setting);
	finding_var(a, f, "reserved", "%s", list != NULL ? list : "");
	free(list);
	finding_evidence(a, f, in, first);
	ineffective_os(a, f, hi);
}

static void
ineffective_ranges(struct audit *a, struct hostinfo *hi)
{
	const struct input	*in;
	const struct record	*r;
	const char		*done;
	size_t			 i;

	if (!ineffective_modern(hi))
		return;
	for (i = 0; i < hi->host->ninputs; i++) {
		in = hi->host->inputs[i];
		if (in->status != INPUT_OK || !ineffective_is_registry(in))
			continue;
		done = NULL;
		for (r = input_src(in)->first; r != NULL; r = r->next) {
			if (r->kind != REC_RANGE || r->text == done)
				continue;
			if (r->u.rng.what == RANGE_EPHEMERAL)
				ineffective_maxuser(a, hi, in, r);
			else if (r->u.rng.what == RANGE_RESERVED)
				ineffective_reserved(a, hi, in, r);
			else
				continue;
			done = r->text;
		}
	}
}

static int
ineffective_is(const struct settingrec *s, const char *service,
    const char *value)
{
	return (s->service != NULL && s->name != NULL &&
	    util_strcasecmp_ascii(s->service, service) == 0 &&
	    (value == NULL || util_strcasecmp_ascii(s->name, value) == 0));
}

/* Every setting with a valid port: a dead one is what this rule is for. */
static void
ineffective_setting(struct audit *a, struct hostinfo *hi,
    const struct hrec *h)
{
	const struct settingrec	*s = &h->rec->u.set;
	struct finding		*f;
	const char		*variant, *why;

	if (s->port <= 0)
		return;
	/* The knowledge base scopes NTDS's port to domain controllers. */
	if (ineffective_is(s, "NTDS", "TCP/IP Port") &&
	    (why = rule_setting_inert(hi, s)) != NULL &&
	    strcmp(why, "not-dc") == 0)
		variant = "ntds-member";
	else if (ineffective_is(s, "DFSR", NULL) && hi->dc == DC_YES &&
	    hi->os.fam == OSF_WINDOWS && roles_os_has(hi, "2008") &&
	    s->port != INEFFECTIVE_DFSR_PORT)
		variant = "dfsr-5722";
	else
		return;
	f = finding_add(a, &rule_setting_ineffective, hi, s->proto, s->port,
	    rule_setting_service(s));
	rule_setting_vars(a, f, h);
	finding_var(a, f, "variant", "%s", variant);
	finding_evidence_origin(a, f, &hi->dc_from);
	if (strcmp(variant, "dfsr-5722") == 0)
		ineffective_os(a, f, hi);
}

static void
ineffective_check(struct audit *a)
{
	struct hostinfo	*hi;
	size_t		 h, i;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		if (hi->host->reference)
			continue;
		ineffective_ranges(a, hi);
		for (i = 0; i < hi->settings.n; i++)
			ineffective_setting(a, hi, &hi->settings.v[i]);
	}
}

const struct rule rule_setting_ineffective = {
	"setting-ineffective", "ineffective", SEV_LOW,
	"Setting that does nothing where it is set",
	"A value the host ignores: ReservedPorts or MaxUserPort on Windows "
	"Vista and later, where netsh sets and excludes the dynamic range "
	"(KB 812873, KB 929851); the NTDS port on a member server, which has "
	"no directory to serve (KB 224196); a DFSR port on a Windows Server "
	"2008 or 2008 R2 domain controller, where DFSR keeps TCP 5722.  The "
	"value promises a protection or a port that the host does not give.",
	ineffective_check,
	RULE_HOST
};
