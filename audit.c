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

/* YYYY-MM-DD of SOURCE_DATE_EPOCH, else of now (UTC). */
const char *
audit_today(char *buf, size_t len)
{
	const char		*env;
	unsigned long long	 v;
	const char		*err;
	time_t			 t;
	struct tm		 tm;

	t = time(NULL);
	if ((env = getenv("SOURCE_DATE_EPOCH")) != NULL &&
	    util_parse_ulong(env, strlen(env), 0, &v, &err) == 0)
		t = (time_t)v;
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

int
audit_load(struct audit *a, struct fleet *f, const struct audit_opts *o)
{
	struct fleetdir_opts	 fo;
	struct hostinfo		*hi;
	const struct hostos	*w;
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
	if (fleetdir_load(f, o->paths, o->npaths, &fo) == -1)
		rc = -1;
	if (audit_registries(f, o->registries, o->nregistries) == -1)
		rc = -1;
	a->hosts = xcalloc(f->nhosts, sizeof(*a->hosts));
	for (i = 0; i < f->nhosts; i++) {
		if (f->hosts[i]->reference) {
			/* Its services go to a->registry through the
			 * prepass; it is no server of the fleet. */
			continue;
		}
		hi = &a->hosts[n++];
		hi->host = f->hosts[i];
		hi->site = f->hosts[i]->site;
		hi->role = f->hosts[i]->role;
		hi->os.name = f->hosts[i]->os;
		if ((w = f->hosts[i]->os_word) != NULL) {
			hi->os.from.in = w->in;
			hi->os.from.rec = w->rec;	/* a registry value */
			if (w->src == OSSRC_MANIFEST)
				hi->os.from.note = "manifest";
		}
	}
	a->nhosts = n;
	ranges_prepass(a);
	audit_reference_services(a);
	return (rc);
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
