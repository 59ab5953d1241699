/*
 * portaudit suggest: ports that are free on every host given, outside every
 * ephemeral, RPC, reserved and excluded range and named by no services
 * file: the answer an administrator wants before pinning a new port.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "cmd.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "audit.h"

enum {
	OPT_PROTO = 256,
	OPT_COUNT,
	OPT_WITHIN,
	OPT_SITE,
};

static const struct option cmd_suggest_opts[] = {
	{ "proto", required_argument, NULL, OPT_PROTO },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ "site", required_argument, NULL, OPT_SITE },
	AUDIT_OPTIONS,
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct cmd_suggest_args {
	struct audit_opts o;
	enum proto	 proto;
	unsigned long long count;
	int		 first, last;
	const char	*site;
};

/* "A-B" into first and last; -1 when malformed. */
static int
cmd_suggest_within(const char *s, int *first, int *last)
{
	const char	*dash, *err;

	if ((dash = strchr(s, '-')) == NULL ||
	    util_parse_port(s, dash - s, first, &err) == -1 ||
	    util_parse_port(dash + 1, strlen(dash + 1), last, &err) == -1)
		return (-1);
	return (*first <= *last ? 0 : -1);
}

static int
cmd_suggest_options(int argc, char **argv, struct cmd_suggest_args *a)
{
	const char	*err;
	int		 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, AUDIT_SHORTOPTS, cmd_suggest_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_PROTO:
			a->proto = proto_from(optarg, strlen(optarg));
			if (a->proto != PROTO_TCP && a->proto != PROTO_UDP)
				return (main_usage_error("suggest", "--proto "
				    "takes tcp or udp, not %s", optarg));
			break;
		case OPT_COUNT:
			if (util_parse_ulong(optarg, strlen(optarg), 0,
			    &a->count, &err) == -1 || a->count == 0 ||
			    a->count > 65536)
				return (main_usage_error("suggest", "--count "
				    "takes a number from 1 to 65536"));
			break;
		case OPT_WITHIN:
			if (cmd_suggest_within(optarg, &a->first, &a->last) ==
			    -1)
				return (main_usage_error("suggest", "--within "
				    "takes FIRST-LAST, not %s", optarg));
			break;
		case OPT_SITE:
			a->site = optarg;
			break;
		case 'q':
			diag_quiet = 1;
			break;
		case 'h':
			cmd_help_print(stdout, &cmd_suggest);
			exit(0);
		case 'j':
			if (main_jobs("suggest", optarg, &a->o.jobs) == -1)
				return (2);
			break;
		default:
			if (audit_option(&a->o, ch, optarg))
				break;
			return (main_usage_error("suggest", "bad option"));
		}
	}
	if (optind >= argc)
		return (main_usage_error("suggest", "no fleet folder given"));
	a->o.paths = argv + optind;
	a->o.npaths = argc - optind;
	return (0);
}

struct cmd_suggest_var {
	char	 hosts[32];
};

static const char *
cmd_suggest_lookup(const void *arg, const char *key)
{
	const struct cmd_suggest_var	*v = arg;

	return (strcmp(key, "hosts") == 0 ? v->hosts : NULL);
}

/* Too few ports: name the hosts whose pools cover the whole window. */
static void
cmd_suggest_why(const struct audit *a, const struct cmd_suggest_args *args,
    size_t n)
{
	const struct prange	*e;
	size_t			 i;
	int			 pi = proto_index(args->proto);

	fprintf(stderr, "portaudit: only %zu free %s ports in %d-%d\n", n,
	    proto_name(args->proto), args->first, args->last);
	for (i = 0; i < a->nhosts; i++) {
		e = &a->hosts[i].ephemeral[pi];
		if ((args->site == NULL || (a->hosts[i].site != NULL &&
		    strcmp(a->hosts[i].site, args->site) == 0)) &&
		    e->first > 0 && e->first <= args->first &&
		    e->last >= args->last)
			fprintf(stderr, "portaudit: %s: its ephemeral range "
			    "%d-%d covers the whole window; reserve ports "
			    "there or audit it apart (--site)\n",
			    a->hosts[i].host->name, e->first, e->last);
	}
}

static int
cmd_suggest_exec(int argc, char **argv)
{
	struct cmd_suggest_args	 args;
	struct cmd_suggest_var	 var;
	struct suggestion	*out;
	struct template		*t;
	struct audit		 a;
	struct fleet		*f;
	const char		*tpl;
	char			 today[16], *tdir, *tpath, *reason;
	size_t			 n, i;
	int			 rc;

	memset(&args, 0, sizeof(args));
	args.proto = PROTO_TCP;
	args.count = 10;
	args.first = 1024;
	args.last = 49151;
	if ((rc = cmd_suggest_options(argc, argv, &args)) != 0)
		return (rc);
	args.o.today = audit_today(today, sizeof(today));
	f = fleet_new();
	f->datadir = main_datadir();
	f->dedupe = 1;
	rc = audit_load(&a, f, &args.o) == -1 ? 2 : 0;
	tdir = template_dir(f->datadir);
	xasprintf(&tpath, "%s/rules.ini", tdir);
	t = template_load(tpath);
	tpl = template_get(t, "suggest", "reason");
	out = xcalloc(args.count, sizeof(*out));
	n = suggest_ports(&a, args.site, args.proto, args.first, args.last,
	    args.count, out);
	csvw_cell(stdout, "port", 0);
	csvw_cell(stdout, "proto", 1);
	csvw_cell(stdout, "reason", 1);
	csvw_end(stdout);
	for (i = 0; i < n; i++) {
		snprintf(var.hosts, sizeof(var.hosts), "%d", out[i].hosts);
		reason = template_expand(t, tpl != NULL ? tpl : "",
		    cmd_suggest_lookup, &var);
		csvw_int(stdout, out[i].port, 0);
		csvw_cell(stdout, proto_name(out[i].proto), 1);
		csvw_cell(stdout, reason, 1);
		csvw_end(stdout);
		free(reason);
	}
	if (n < args.count && !diag_quiet)
		cmd_suggest_why(&a, &args, n);
	if (fflush(stdout) == EOF || t == NULL)
		rc = 2;
	free(out);
	template_free(t);
	free(tpath);
	free(tdir);
	free(args.o.registries);
	audit_free(&a);
	fleet_free(f);
	return (rc);
}

const struct cmd cmd_suggest = {
	"suggest",
	"[--proto tcp|udp] [--count N] [--within FIRST-LAST] [--site NAME] "
	"PATH...",
	"Print ports that are safe to pin on every host given.",
	"Prints CSV: port,proto,reason.\n\n"
	"Options:\n"
	"  --proto tcp|udp      protocol (default tcp)\n"
	"  --count N            how many ports (default 10)\n"
	"  --within FIRST-LAST  where to look (default 1024-49151)\n"
	"  --site NAME          only the hosts of this site\n"
	"  --manifest FILE      CSV with host,site and optional role,os\n"
	"  --registry FILE      a port registry (IANA CSV, nmap-services): "
	"ports it\n"
	"                       names are not suggested\n"
	"  --settings FILE      add a settings knowledge base of your own\n"
	"  -j, --jobs N         read and parse files on N threads (default: "
	"one per CPU)\n"
	"  -q, --quiet          print no diagnostics\n",
	cmd_suggest_exec
};
