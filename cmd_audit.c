/*
 * portaudit audit: read a fleet, work out each host's effective port
 * ranges, run the rule catalogue and write the findings.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portaudit.h"
#include "cmd.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "audit.h"

enum {
	OPT_MANIFEST = 256,
	OPT_POLICY,
	OPT_OUT,
	OPT_FAIL_ON,
	OPT_REGISTRY,
	OPT_SETTINGS,
	OPT_MAXDIAG,
	OPT_PROGRESS,
	OPT_NO_PROGRESS
};

static const struct option cmd_audit_opts[] = {
	{ "manifest", required_argument, NULL, OPT_MANIFEST },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "registry", required_argument, NULL, OPT_REGISTRY },
	{ "settings", required_argument, NULL, OPT_SETTINGS },
	{ "max-diags", required_argument, NULL, OPT_MAXDIAG },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct cmd_audit_args {
	struct audit_opts o;
	enum severity	 fail_on;
	int		 has_fail_on;
	int		 progress;	/* -1: when stderr is a terminal */
};

static int
cmd_audit_options(int argc, char **argv, struct cmd_audit_args *a)
{
	unsigned long long	 n;
	const char		*err;
	int			 ch;

	optind = 1;
	a->progress = -1;
	while ((ch = getopt_long(argc, argv, "qh", cmd_audit_opts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_MANIFEST:
			a->o.manifest = optarg;
			break;
		case OPT_POLICY:
			a->o.policy = optarg;
			break;
		case OPT_OUT:
			a->o.outdir = optarg;
			break;
		case OPT_FAIL_ON:
			if (severity_from(optarg, &a->fail_on) == -1)
				return (main_usage_error("audit", "--fail-on "
				    "takes info, low, medium, high or "
				    "critical, not %s", optarg));
			a->has_fail_on = 1;
			break;
		case OPT_REGISTRY:
			a->o.registries = xrealloc(a->o.registries,
			    (a->o.nregistries + 1) * sizeof(char *));
			a->o.registries[a->o.nregistries++] = optarg;
			break;
		case OPT_SETTINGS:
			a->o.settings = optarg;
			break;
		case OPT_MAXDIAG:
			if (util_parse_ulong(optarg, strlen(optarg), 0, &n,
			    &err) == -1)
				return (main_usage_error("audit",
				    "--max-diags %s: %s", optarg, err));
			diag_max_per_file = n;
			break;
		case OPT_PROGRESS:
			a->progress = 1;
			break;
		case OPT_NO_PROGRESS:
			a->progress = 0;
			break;
		case 'q':
			diag_quiet = 1;
			break;
		case 'h':
			cmd_help_print(stdout, &cmd_audit);
			exit(0);
		default:
			return (main_usage_error("audit", "bad option"));
		}
	}
	if (optind >= argc)
		return (main_usage_error("audit", "no fleet folder given"));
	a->o.paths = argv + optind;
	a->o.npaths = argc - optind;
	return (0);
}

/* Create the output folder; refuse a file in its place. */
static int
cmd_audit_outdir(const char *dir)
{
	struct stat	 st;

	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: not a folder", dir);
		return (-1);
	}
	return (0);
}

/* Write one report through a memory buffer and an atomic rename. */
static int
cmd_audit_write(const struct fleet *f, const char *dir, const char *name,
    void (*emit)(FILE *, void *), void *arg)
{
	char	*path, *buf = NULL;
	size_t	 len = 0, i;
	FILE	*fp;
	int	 rc = 0;

	xasprintf(&path, "%s/%s", dir, name);
	for (i = 0; i < f->ninputs; i++)
		if (strcmp(f->inputs[i]->path, path) == 0) {
			diag(NULL, 0, DIAG_OUTPUT, "%s: would overwrite an "
			    "input", path);
			free(path);
			return (-1);
		}
	fp = open_memstream(&buf, &len);
	emit(fp, arg);
	if (fclose(fp) != 0 || util_write_atomic(path, buf, len) == -1) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(buf);
	free(path);
	return (rc);
}

struct cmd_audit_emit {
	struct template	*t;
	struct audit	*a;
};

static void
cmd_audit_emit_findings(FILE *fp, void *arg)
{
	struct cmd_audit_emit	*e = arg;

	findings_csv(fp, e->t, e->a);
}

static void
cmd_audit_emit_inventory(FILE *fp, void *arg)
{
	struct cmd_audit_emit	*e = arg;

	inventory_csv(fp, e->a);
}

/* Hosts, files, records and findings by severity, on stderr. */
static void
cmd_audit_summary(const struct audit *a, const struct fleet *f)
{
	unsigned long	 bysev[SEV__MAX] = { 0 }, records = 0, unparsed = 0;
	unsigned long	 skipped = 0, waived = 0;
	size_t		 i;
	int		 s;

	for (i = 0; i < f->ninputs; i++) {
		records += f->inputs[i]->records;
		unparsed += f->inputs[i]->lines_unparsed;
		skipped += f->inputs[i]->status != INPUT_OK;
	}
	for (i = 0; i < a->nfindings; i++) {
		if (a->findings[i]->waived)
			waived++;
		else
			bysev[a->findings[i]->sev]++;
	}
	fprintf(stderr, "portaudit: %zu hosts, %zu files (%lu skipped), "
	    "%lu records, %lu unparsed lines\n", a->nhosts, f->ninputs,
	    skipped + f->nskipped, records, unparsed);
	fprintf(stderr, "portaudit: %zu findings:", a->nfindings);
	for (s = SEV__MAX - 1; s >= 0; s--)
		fprintf(stderr, " %lu %s%s", bysev[s],
		    severity_name((enum severity)s), s > 0 ? "," : "");
	fprintf(stderr, "%s\n", waived ? "" : "");
	if (waived)
		fprintf(stderr, "portaudit: %lu findings waived\n", waived);
	for (i = 0; i < f->nskipped; i++)
		fprintf(stderr, "portaudit: skipped %s: %s\n",
		    f->skipped[i].path, f->skipped[i].reason);
	for (i = 0; i < f->ninputs; i++)
		if (f->inputs[i]->status != INPUT_OK)
			fprintf(stderr, "portaudit: skipped %s: %s\n",
			    f->inputs[i]->path, f->inputs[i]->status ==
			    INPUT_UNIDENTIFIED ? "format not identified" :
			    "cannot be read");
}

static int
cmd_audit_exec(int argc, char **argv)
{
	struct cmd_audit_args	 args;
	struct cmd_audit_emit	 e;
	struct audit		 a;
	struct fleet		*f;
	char			 today[16], *tdir, *tpath;
	size_t			 i;
	int			 rc;

	memset(&args, 0, sizeof(args));
	if ((rc = cmd_audit_options(argc, argv, &args)) != 0)
		return (rc);
	args.o.today = audit_today(today, sizeof(today));
	args.o.progress = args.progress == -1 ? isatty(2) : args.progress;
	f = fleet_new();
	f->datadir = main_datadir();
	f->dedupe = 1;
	rc = audit_load(&a, f, &args.o) == -1 ? 2 : 0;
	if (args.o.progress && a.nhosts < 50)
		args.o.progress = 0;
	rules_run(&a);
	tdir = template_dir(f->datadir);
	xasprintf(&tpath, "%s/rules.ini", tdir);
	e.t = template_load(tpath);
	e.a = &a;
	if (e.t == NULL)
		rc = 2;
	if (args.o.outdir != NULL) {
		if (cmd_audit_outdir(args.o.outdir) == -1 ||
		    cmd_audit_write(f, args.o.outdir, "findings.csv",
		    cmd_audit_emit_findings, &e) == -1 ||
		    cmd_audit_write(f, args.o.outdir, "inventory.csv",
		    cmd_audit_emit_inventory, &e) == -1)
			rc = 2;
	} else {
		findings_csv(stdout, e.t, &a);
		if (fflush(stdout) == EOF)
			rc = 2;
	}
	if (!diag_quiet)
		cmd_audit_summary(&a, f);
	if (rc == 0 && args.has_fail_on)
		for (i = 0; i < a.nfindings; i++)
			if (!a.findings[i]->waived &&
			    a.findings[i]->sev >= args.fail_on)
				rc = 1;
	template_free(e.t);
	free(tpath);
	free(tdir);
	free(args.o.registries);
	audit_free(&a);
	fleet_free(f);
	return (rc);
}

const struct cmd cmd_audit = {
	"audit",
	"[--out DIR] [--manifest FILE] [--policy FILE] [--fail-on SEVERITY] "
	"PATH...",
	"Audit a fleet: find port collisions and risky fixed ports.",
	"PATH is a fleet folder (FLEET/HOST/files or FLEET/SITE/HOST/files), "
	"a host folder\nor a file.\n\n"
	"Options:\n"
	"  --out DIR           write findings.csv and inventory.csv into DIR "
	"(default:\n"
	"                      findings.csv on standard output)\n"
	"  --manifest FILE     CSV with host,site and optional role,os; "
	"overrides the\n"
	"                      folders (default: FLEET/manifest.csv when "
	"present)\n"
	"  --policy FILE       INI file: firewall ranges per site, waivers, "
	"severities\n"
	"  --fail-on SEVERITY  exit 1 when a finding at or above SEVERITY is "
	"not waived\n"
	"                      (info, low, medium, high, critical)\n"
	"  --registry FILE     a port registry for reference (IANA CSV, "
	"nmap-services)\n"
	"  --settings FILE     add a settings knowledge base of your own "
	"(CSV)\n"
	"  --max-diags N       diagnostics shown per file (default 20, 0: "
	"all)\n"
	"  --progress          show progress on standard error (default: on "
	"a terminal)\n"
	"  --no-progress       never show progress\n"
	"  -q, --quiet         print no diagnostics and no summary\n"
	"\nExit status: 0 no finding at or above --fail-on, 1 there is one, "
	"2 a usage or\ninput error.  Files that cannot be identified are "
	"skipped and listed.\n",
	cmd_audit_exec
};
