/*
 * One audit from paths to findings, shared by the audit and suggest
 * commands: load the fleet, the reference registries and the policy,
 * build the host facts, run the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "collectors/collector.h"
#include "audit.h"

int
audit_option(struct audit_opts *o, int ch, char *arg)
{
	switch (ch) {
	case AUDIT_OPT_MANIFEST:
		o->manifest = arg;
		return (1);
	case AUDIT_OPT_REGISTRY:
		o->registries = xrealloc(o->registries,
		    (o->nregistries + 1) * sizeof(char *));
		o->registries[o->nregistries++] = arg;
		return (1);
	case AUDIT_OPT_SETTINGS:
		o->settings = arg;
		return (1);
	default:
		return (0);
	}
}

/* SOURCE_DATE_EPOCH when it holds a number, else the time now. */
long long
audit_epoch(void)
{
	const char		*env, *err;
	unsigned long long	 v;

	if ((env = getenv("SOURCE_DATE_EPOCH")) != NULL &&
	    util_parse_ulong(env, strlen(env), 0, &v, &err) == 0)
		return ((long long)v);
	return ((long long)time(NULL));
}

/* YYYY-MM-DD of SOURCE_DATE_EPOCH, else of now (UTC). */
const char *
audit_today(char *buf, size_t len)
{
	time_t		 t = (time_t)audit_epoch();
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
	return (buf);
}

/* Reference port registries (IANA CSV, nmap-services) in their own host. */
static int
audit_registries(struct fleet *f, char **paths, int n)
{
	struct host	*h;
	struct input	*in;
	int		 i, rc = 0;

	if (n == 0)
		return (0);
	h = fleet_host_in(f, NULL, "(registry)");
	h->reference = 1;
	for (i = 0; i < n; i++) {
		in = collect_new_input(f, paths[i], h);
		collect_input(f, in, "services");
		if (in->status != INPUT_OK)
			rc = -1;
	}
	return (rc);
}

/* Where a word on a host's OS comes from, as the host facts show it. */
static void
audit_os_origin(struct origin *o, const struct hostos *w)
{
	memset(o, 0, sizeof(*o));
	o->in = w->in;
	o->rec = w->rec;
	o->line = w->line;
	if (w->src == OSSRC_MANIFEST) {
		o->note = "manifest";
		o->path = w->path;
	}
}

/* "the registry (FILE:LINE)" for a diagnostic's detail, in buf. */
static const char *
audit_os_where(const struct hostos *w, char *buf, size_t len)
{
	static const char *const src[] = {
		"evidence", "the registry", "the osinfo file", "the manifest"
	};
	const char	*path = w->in != NULL ? w->in->path : w->path;

	if (path == NULL)
		snprintf(buf, len, "%s", src[w->src]);
	else if (w->line > 0)
		snprintf(buf, len, "%s (%s:%u)", src[w->src], path, w->line);
	else
		snprintf(buf, len, "%s (%s)", src[w->src], path);
	return (buf);
}

/* The host's own input in (diag() wants it writable), or NULL. */
static struct input *
audit_os_input(const struct host *h, const struct input *in)
{
	size_t	 i;

	for (i = 0; i < h->ninputs; i++)
		if (h->inputs[i] == in)
			return (h->inputs[i]);
	return (NULL);
}

static int
audit_os_same(const struct osinfo *a, const struct osinfo *b)
{
	return (a->fam == b->fam && a->legacy == b->legacy &&
	    a->reserved_ok == b->reserved_ok);
}

/* Show the first word that disagrees beside the one kept. */
static void
audit_os_other(struct hostinfo *hi, const char *name, const struct hostos *w,
    const struct input *in, const char *note)
{
	if (hi->os.other != NULL)
		return;
	hi->os.other = name;
	if (w != NULL)
		audit_os_origin(&hi->os.other_from, w);
	else {
		hi->os.other_from.in = in;
		hi->os.other_from.note = note;
	}
}

/* netsh ranges output exists on Vista and later only: against a legacy OS. */
static void
audit_os_netsh(struct hostinfo *hi, const struct osinfo *kept)
{
	const struct host	*h = hi->host;
	char			 where[1024];
	size_t			 i;

	if (kept->fam != OSF_WINDOWS || !kept->legacy)
		return;
	for (i = 0; i < h->ninputs; i++) {
		if (h->inputs[i]->status != INPUT_OK ||
		    h->inputs[i]->format == NULL ||
		    strcmp(h->inputs[i]->format, "netsh") != 0)
			continue;
		audit_os_other(hi, "Windows Vista or later", NULL,
		    h->inputs[i], "inferred from netsh output");
		diag(h->inputs[i], 0, DIAG_OS_DISAGREE, "netsh output means "
		    "Windows Vista or later, but %s says \"%s\", which is kept",
		    audit_os_where(h->os_word, where, sizeof(where)), h->os);
		return;
	}
}

/*
 * Words on a host's OS that os.csv treats otherwise than the one
 * kept (manifest, then osinfo, then registry, then inference) are shown
 * beside it and raise os-disagree where they were read.
 */
static void
audit_os_check(struct hostinfo *hi)
{
	const struct host	*h = hi->host;
	const struct hostos	*w;
	struct osinfo		 kept, other;
	char			 where[1024];

	memset(&kept, 0, sizeof(kept));
	memset(&other, 0, sizeof(other));
	if (h->os_word == NULL || !ranges_os_class(h->os, &kept))
		return;
	for (w = h->os_words; w != NULL; w = w->next) {
		if (w == h->os_word || !ranges_os_class(w->name, &other) ||
		    audit_os_same(&kept, &other))
			continue;
		audit_os_other(hi, w->name, w, NULL, NULL);
		diag(audit_os_input(h, w->in), w->line, DIAG_OS_DISAGREE,
		    "\"%s\" here, but %s says \"%s\", which is kept", w->name,
		    audit_os_where(h->os_word, where, sizeof(where)), h->os);
	}
	audit_os_netsh(hi, &kept);
}

int
audit_load(struct audit *a, struct fleet *f, const struct audit_opts *o)
{
	struct fleetdir_opts	 fo;
	struct hostinfo		*hi;
	size_t			 i, n = 0;
	int			 rc = 0;

	memset(a, 0, sizeof(*a));
	a->fleet = f;
	a->today = o->today;
	if (o->settings != NULL && kb_load(f, o->settings) == -1)
		rc = -1;
	if (o->policy != NULL && (a->policy = policy_load(o->policy, a)) ==
	    NULL)
		rc = -1;
	memset(&fo, 0, sizeof(fo));
	fo.outdir = o->outdir;
	fo.history = o->history;
	fo.baseline = o->baseline;
	fo.manifest = o->manifest;
	fo.progress = o->progress;
	fo.jobs = o->jobs;
	if (f->compact)
		regkeep_setup(a);
	if (fleetdir_load(f, o->paths, o->npaths, &fo) == -1)
		rc = -1;
	if (audit_registries(f, o->registries, o->nregistries) == -1)
		rc = -1;
	if (f->compact && compact_finish(f) > 0)
		fleet_resolve_names(f);	/* the lists read again */
	a->hosts = xcalloc(f->nhosts, sizeof(*a->hosts));
	for (i = 0; i < f->nhosts; i++) {
		if (f->hosts[i]->reference) {
			/* Its services go to a->registry through the
			 * prepass; it is no server of the fleet. */
			continue;
		}
		if (host_only_carries(f->hosts[i]))
			continue;	/* its files named other hosts */
		hi = &a->hosts[n++];
		hi->host = f->hosts[i];
		hi->site = f->hosts[i]->site;
		hi->role = f->hosts[i]->role;
		hi->os.name = f->hosts[i]->os;
		if (f->hosts[i]->os_word != NULL)
			audit_os_origin(&hi->os.from, f->hosts[i]->os_word);
	}
	a->nhosts = n;
	if (f->park == NULL) {
		ranges_prepass(a);
		for (i = 0; i < a->nhosts; i++)
			audit_os_check(&a->hosts[i]);
	} else
		ranges_begin(a);	/* the rest host by host */
	audit_reference_services(a);
	return (rc);
}

void
audit_analyse(struct audit *a)
{
	struct hostinfo	*hi;
	size_t		 i;

	if (a->fleet->park == NULL) {
		rules_run(a);
		return;
	}
	for (i = 0; i < a->nhosts; i++) {
		hi = &a->hosts[i];
		(void)park_host_load(a->fleet, hi->host);
		ranges_host(a, hi);
		audit_os_check(hi);
		rules_host(a, hi);
		ranges_host_let_go(a, hi);
		park_host_drop(hi->host);
	}
	rules_fleet(a);
}

/* The prepass sees only fleet hosts: give it the registry host's too. */
void
audit_reference_services(struct audit *a)
{
	struct fleet		*f = a->fleet;
	const struct record	*r;
	const struct input	*in;
	size_t			 i, j;

	for (i = 0; i < f->nhosts; i++) {
		if (!f->hosts[i]->reference)
			continue;
		for (j = 0; j < f->hosts[i]->ninputs; j++) {
			in = f->hosts[i]->inputs[j];
			for (r = input_src(in)->first; r != NULL; r = r->next)
				if (r->kind == REC_SERVICE) {
					a->registry.v = xrealloc(a->registry.v,
					    (a->registry.n + 1) *
					    sizeof(*a->registry.v));
					a->registry.v[a->registry.n].in = in;
					a->registry.v[a->registry.n].rec = r;
					a->registry.n++;
				}
		}
	}
}
