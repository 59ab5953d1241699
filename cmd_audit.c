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
#include "history.h"

enum {
	OPT_POLICY = 256,
	OPT_OUT,
	OPT_FAIL_ON,
	OPT_MAXDIAG,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_FORMAT,
	OPT_TEMPLATE,
	OPT_DETAIL,
	OPT_ORGANISATION,
	OPT_BASELINE,
	OPT_HISTORY,
	OPT_SCOPE,
	OPT_INVENTORY
};

static const struct option cmd_audit_opts[] = {
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	AUDIT_OPTIONS,
	{ "max-diags", required_argument, NULL, OPT_MAXDIAG },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "template", required_argument, NULL, OPT_TEMPLATE },
	{ "detail", required_argument, NULL, OPT_DETAIL },
	{ "organisation", required_argument, NULL, OPT_ORGANISATION },
	{ "organization", required_argument, NULL, OPT_ORGANISATION },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "inventory", required_argument, NULL, OPT_INVENTORY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct cmd_audit_args {
	struct audit_opts o;
	enum severity	 fail_on;
	int		 has_fail_on;
	int		 progress;	/* -1: when stderr is a terminal */
	const char	*formats;	/* "csv,pdf,..." */
	const char	*template;	/* audience name or a folder */
	const char	*organisation;
	const char	*baseline;	/* a previous findings.csv or .json */
	const char	*history;	/* an SQLite audit history */
	const char	*scope;		/* its name for the fleet */
	enum detail	 detail;
	int		 inventory_all;	/* --inventory all */
};

static int
cmd_audit_options(int argc, char **argv, struct cmd_audit_args *a)
{
	unsigned long long	 n;
	const char		*err;
	int			 ch;

	optind = 1;
	a->progress = -1;
	while ((ch = getopt_long(argc, argv, AUDIT_SHORTOPTS, cmd_audit_opts, NULL)) !=
	    -1) {
		switch (ch) {
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
		case OPT_FORMAT:
			a->formats = optarg;
			break;
		case OPT_TEMPLATE:
			a->template = optarg;
			break;
		case OPT_ORGANISATION:
			a->organisation = optarg;
			break;
		case OPT_BASELINE:
			a->baseline = a->o.baseline = optarg;
			break;
		case OPT_HISTORY:
			a->history = a->o.history = optarg;
			break;
		case OPT_SCOPE:
			if (*optarg == '\0')
				return (main_usage_error("audit", "--scope "
				    "takes a name"));
			a->scope = optarg;
			break;
		case OPT_INVENTORY:
			if (strcmp(optarg, "all") == 0)
				a->inventory_all = 1;
			else if (strcmp(optarg, "listeners") == 0)
				a->inventory_all = 0;
			else
				return (main_usage_error("audit", "--inventory "
				    "takes listeners or all, not %s", optarg));
			break;
		case OPT_DETAIL:
			if (strcmp(optarg, "all") == 0)
				a->detail = DETAIL_ALL;
			else if (strcmp(optarg, "findings") == 0)
				a->detail = DETAIL_FINDINGS;
			else if (strcmp(optarg, "none") == 0)
				a->detail = DETAIL_NONE;
			else
				return (main_usage_error("audit", "--detail "
				    "takes all, findings or none, not %s",
				    optarg));
			break;
		case 'q':
			diag_quiet = 1;
			break;
		case 'h':
			cmd_help_print(stdout, &cmd_audit);
			exit(0);
		case 'j':
			if (main_jobs("audit", optarg, &a->o.jobs) == -1)
				return (2);
			break;
		default:
			if (audit_option(&a->o, ch, optarg))
				break;
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

/*
 * Whether path is one of the inputs, however either is spelled (./out,
 * out/, out//x): the same directory entry, so the same name and file.
 */
static int
cmd_audit_is_input(const struct fleet *f, const char *path)
{
	struct stat	 st, ist;
	const char	*base = util_basename(path);
	size_t		 i;

	if (lstat(path, &st) == -1)
		return (0);
	for (i = 0; i < f->ninputs; i++)
		if (strcmp(util_basename(f->inputs[i]->path), base) == 0 &&
		    lstat(f->inputs[i]->path, &ist) == 0 &&
		    ist.st_dev == st.st_dev && ist.st_ino == st.st_ino)
			return (1);
	return (0);
}

/* Write one report file through a memory buffer and an atomic rename. */
static int
cmd_audit_write(const struct report *r, const struct renderer *rd)
{
	const struct fleet	*f = r->fleet;
	char			*path, *tmp;
	FILE			*fp;
	int			 rc = 0;

	xasprintf(&path, "%s/%s", r->outdir, rd->file);
	if (cmd_audit_is_input(f, path)) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: would overwrite an input",
		    path);
		free(path);
		return (-1);
	}
	if ((fp = util_atomic_begin(path, &tmp)) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	if (rd->emit(r, fp) == -1)
		rc = -1;
	if (util_atomic_end(fp, tmp, path, rc == 0) == -1 && rc == 0) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(path);
	return (rc);
}

/* The renderers of a --format list; -1 on an unknown name. */
static int
cmd_audit_formats(const char *list, const struct renderer **out, size_t *n)
{
	char	*copy, *tok, *save;
	size_t	 i, j;
	int	 found, rc = 0;

	*n = 0;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (found = 0, i = 0; renderer_table[i] != NULL; i++) {
			if (strcmp(renderer_table[i]->name, tok) != 0)
				continue;
			found = 1;
			for (j = 0; j < *n && out[j] != renderer_table[i]; j++)
				;
			if (j == *n && *n < 16)
				out[(*n)++] = renderer_table[i];
		}
		if (!found) {
			main_usage_error("audit", "unknown --format %s", tok);
			rc = -1;
		}
	}
	free(copy);
	return (rc);
}

/* Whether argv[i] is -j N, -jN, --jobs N or --jobs=N; *skip: its words. */
static int
cmd_audit_is_jobs(int argc, char **argv, int i, int *skip)
{
	const char	*a = argv[i];

	*skip = 1;
	if (strncmp(a, "--jobs=", 7) == 0 || (strncmp(a, "-j", 2) == 0 &&
	    a[2] != '\0'))
		return (1);
	if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) &&
	    i + 1 < argc) {
		*skip = 2;
		return (1);
	}
	return (0);
}

/*
 * The command line from the command name on (argv[0]), quoted for a
 * shell, for the report's appendix and the history; without -j, which
 * changes nothing in the reports.
 */
static char *
cmd_audit_cmdline(int argc, char **argv)
{
	char	*buf = NULL, *p;
	size_t	 len = 0;
	FILE	*fp;
	int	 i, skip;

	fp = open_memstream(&buf, &len);
	fputs("portaudit", fp);
	for (i = 0; i < argc; i++) {
		if (cmd_audit_is_jobs(argc, argv, i, &skip)) {
			i += skip - 1;
			continue;
		}
		if (strcspn(argv[i], " \t\n'\"\\$`;&|<>*?()") ==
		    strlen(argv[i]) && argv[i][0] != '\0') {
			fprintf(fp, " %s", argv[i]);
			continue;
		}
		fputs(" '", fp);
		for (p = argv[i]; *p != '\0'; p++)
			if (*p == '\'')
				fputs("'\\''", fp);
			else
				putc(*p, fp);
		putc('\'', fp);
	}
	fclose(fp);
	return (buf);
}

/* The audience's layout: a name under templates/, a file, or a folder
 * holding report.ini (and optionally rules.ini). */
static char *
cmd_audit_layout_path(const char *tdir, const char *tmpl)
{
	struct stat	 st;
	char		*path;

	if (stat(tmpl, &st) == 0 && S_ISDIR(st.st_mode))
		xasprintf(&path, "%s/report.ini", tmpl);
	else if (strchr(tmpl, '/') != NULL || (strlen(tmpl) > 4 &&
	    strcmp(tmpl + strlen(tmpl) - 4, ".ini") == 0))
		path = xstrdup(tmpl);
	else
		xasprintf(&path, "%s/%s.ini", tdir, tmpl);
	return (path);
}

static char *
cmd_audit_rules_path(const char *tdir, const char *tmpl)
{
	struct stat	 st;
	char		*path;

	if (tmpl != NULL && stat(tmpl, &st) == 0 && S_ISDIR(st.st_mode)) {
		xasprintf(&path, "%s/rules.ini", tmpl);
		if (stat(path, &st) == 0)
			return (path);
		free(path);
	}
	xasprintf(&path, "%s/rules.ini", tdir);
	return (path);
}

/* Five safe TCP ports per site (or for the fleet when no host has one). */
static void
cmd_audit_suggestions(struct report *r, const struct audit *a)
{
	struct suggestion	*v = NULL;
	const char		**sites = NULL;
	size_t			 nsites = 0, n = 0, i, j;

	for (i = 0; i < a->nhosts; i++) {
		for (j = 0; j < nsites; j++)
			if (sites[j] == a->hosts[i].site)
				break;
		if (j == nsites) {
			sites = xrealloc(sites, (nsites + 1) * sizeof(*sites));
			sites[nsites++] = a->hosts[i].site;
		}
	}
	for (j = 0; j < nsites; j++) {
		v = xrealloc(v, (n + 5) * sizeof(*v));
		n += suggest_ports(a, sites[j], PROTO_TCP, 1024, 49151, 5,
		    v + n);
	}
	free(sites);
	r->suggestions = v;
	r->nsuggestions = n;
}

/*
 * The scope an audit is recorded under: --scope, or the last names of the
 * paths audited ("fleet" for /srv/audit/fleet/), which stay the same from
 * one audit of the same folders to the next.
 */
static char *
cmd_audit_scope(const struct cmd_audit_args *args)
{
	char	*buf = NULL, *real;
	size_t	 len = 0;
	FILE	*fp;
	int	 i;

	if (args->scope != NULL)
		return (xstrdup(args->scope));
	fp = open_memstream(&buf, &len);
	for (i = 0; i < args->o.npaths; i++) {
		real = realpath(args->o.paths[i], NULL);
		fprintf(fp, "%s%s", i > 0 ? " " : "", util_basename(real !=
		    NULL ? real : args->o.paths[i]));
		free(real);
	}
	fclose(fp);
	return (buf);
}

/* Record the audit in --history; the trend and ages go to the report. */
static struct history *
cmd_audit_history(const struct cmd_audit_args *args, struct audit *a,
    struct report *r)
{
	struct history_run	 run;
	struct history		*h;

	if ((h = history_open(args->history, 1)) == NULL)
		return (NULL);
	memset(&run, 0, sizeof(run));
	r->scope = cmd_audit_scope(args);
	r->history = args->history;
	run.scope = r->scope;
	run.date = r->date;
	run.epoch = r->epoch;
	run.cmdline = r->cmdline;
	if (history_record(h, a, &run, &r->trend, &r->ntrend) == -1) {
		history_close(h);
		return (NULL);
	}
	return (h);
}

/* Hosts, files, records and findings by severity, on stderr. */
static void
cmd_audit_summary(const struct audit *a, const struct fleet *f)
{
	unsigned long	 bysev[SEV__MAX] = { 0 }, records = 0, unparsed = 0;
	unsigned long	 skipped = 0, waived = 0;
	size_t		 i, pins[PINST__MAX], npinned;
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
	pins_count(a, pins);
	for (s = 0, npinned = 0; s < PINST__MAX; s++)
		npinned += pins[s];
	/* Verified first, unchecked (no socket list) last. */
	fprintf(stderr, "portaudit: %zu pinned ports:", npinned);
	for (s = 1; s <= PINST__MAX; s++)
		fprintf(stderr, " %zu %s%s", pins[s % PINST__MAX],
		    pinstatus_name((enum pinstatus)(s % PINST__MAX)),
		    s < PINST__MAX ? "," : "\n");
	if (waived)
		fprintf(stderr, "portaudit: %lu findings waived\n", waived);
	if (a->baseline != NULL)
		fprintf(stderr, "portaudit: since %s: %zu new, %zu resolved, "
		    "%zu unchanged\n", a->baseline->path, a->baseline->nnew,
		    a->baseline->nresolved, a->baseline->nunchanged);
	for (i = 0; i < f->nskipped; i++)
		fprintf(stderr, "portaudit: skipped %s: %s\n",
		    f->skipped[i].path, f->skipped[i].reason);
	for (i = 0; i < f->ninputs; i++)
		if (f->inputs[i]->status != INPUT_OK)
			fprintf(stderr, "portaudit: skipped %s: %s\n",
			    f->inputs[i]->path, f->inputs[i]->status ==
			    INPUT_UNIDENTIFIED ? "format not identified" :
			    f->inputs[i]->status == INPUT_TOO_BIG ?
			    "larger than the size limit" : "cannot be read");
}

/* Everything the renderers need besides the audit. */
static int
cmd_audit_report(struct report *r, const struct cmd_audit_args *args,
    const struct audit *a, int argc, char **argv, int want_pdf)
{
	char	*tdir, *path;
	int	 rc = 0;

	memset(r, 0, sizeof(*r));
	r->audit = a;
	r->fleet = a->fleet;
	r->date = a->today;
	r->epoch = audit_epoch();
	r->outdir = args->o.outdir;
	r->detail = args->detail;
	r->inventory_all = args->inventory_all;
	r->jobs = args->o.jobs;
	r->template_name = args->template != NULL ? args->template :
	    "compliance";
	r->organisation = args->organisation != NULL ? args->organisation :
	    policy_organisation(a->policy);
	r->cmdline = cmd_audit_cmdline(argc, argv);
	tdir = template_dir(a->fleet->datadir);
	path = cmd_audit_rules_path(tdir, args->template);
	if ((r->rules = template_load(path)) == NULL)
		rc = -1;
	free(path);
	if (want_pdf) {
		path = cmd_audit_layout_path(tdir, r->template_name);
		if ((r->layout = template_load(path)) == NULL)
			rc = -1;
		free(path);
		r->font = fonts_find("DejaVu Sans:style=Book");
		r->font_bold = fonts_find("DejaVu Sans:style=Bold");
		if (r->font == NULL) {
			diag(NULL, 0, DIAG_OUTPUT, "no TrueType font found "
			    "through fontconfig (install fonts-dejavu-core)");
			rc = -1;
		}
		cmd_audit_suggestions(r, a);
	}
	free(tdir);
	return (rc);
}

static void
cmd_audit_report_free(struct report *r)
{
	template_free(r->rules);
	template_free(r->layout);
	free((char *)r->cmdline);
	free((char *)r->font);
	free((char *)r->font_bold);
	free(r->suggestions);
	free((char *)r->scope);
	free(r->trend);
}

static int
cmd_audit_exec(int argc, char **argv)
{
	const struct renderer	*rds[16];
	struct cmd_audit_args	 args;
	struct report		 r;
	struct audit		 a;
	struct fleet		*f;
	struct baseline		*b;
	struct history		*h = NULL;
	char			 today[16];
	size_t			 i, nrds;
	int			 rc, want_pdf = 0;

	memset(&args, 0, sizeof(args));
	if ((rc = cmd_audit_options(argc, argv, &args)) != 0)
		return (rc);
	if (cmd_audit_formats(args.formats != NULL ? args.formats : "csv",
	    rds, &nrds) == -1)
		return (2);
	for (i = 0; i < nrds; i++) {
		want_pdf |= strcmp(rds[i]->name, "pdf") == 0 ||
		    strcmp(rds[i]->name, "html") == 0;
		if (args.o.outdir == NULL && strcmp(rds[i]->name, "csv") != 0)
			return (main_usage_error("audit", "--format %s needs "
			    "--out DIR", rds[i]->name));
	}
	args.o.today = audit_today(today, sizeof(today));
	args.o.progress = args.progress == -1 ? isatty(2) : args.progress;
	f = fleet_new();
	f->datadir = main_datadir();
	f->dedupe = 1;
	f->want_sha256 = 1;
	/* Every socket stays for an inventory of every socket. */
	f->compact = !args.inventory_all;
	/* Kept sockets wait on disk for their host's turn (park.c). */
	if (f->compact)
		f->park = park_new();
	rc = audit_load(&a, f, &args.o) == -1 ? 2 : 0;
	audit_analyse(&a);
	if (args.baseline != NULL) {
		if ((b = baseline_load(args.baseline)) == NULL)
			rc = 2;
		else
			baseline_apply(&a, b);
	}
	if (cmd_audit_report(&r, &args, &a, argc, argv, want_pdf) ==
	    -1)
		rc = 2;
	else if (args.history != NULL && rc == 0 &&
	    (h = cmd_audit_history(&args, &a, &r)) == NULL)
		rc = 2;
	if (rc == 2)
		;
	else if (args.o.outdir != NULL) {
		if (cmd_audit_outdir(args.o.outdir) == -1)
			rc = 2;
		for (i = 0; i < nrds && rc != 2; i++)
			if (cmd_audit_write(&r, rds[i]) == -1)
				rc = 2;
	} else {
		findings_csv(stdout, r.rules, &a);
		if (fflush(stdout) == EOF)
			rc = 2;
	}
	/* The audit is kept only when its reports were written. */
	if (h != NULL && history_end(h, rc == 0) == -1)
		rc = 2;
	history_close(h);
	if (!diag_quiet)
		cmd_audit_summary(&a, f);
	if (rc == 0 && args.has_fail_on)
		for (i = 0; i < a.nfindings; i++)
			if (!a.findings[i]->waived &&
			    a.findings[i]->sev >= args.fail_on)
				rc = 1;
	cmd_audit_report_free(&r);
	free(args.o.registries);
	audit_free(&a);
	fleet_free(f);
	return (rc);
}

const struct cmd cmd_audit = {
	"audit",
	"[--out DIR] [--manifest FILE] [--policy FILE] [--fail-on SEVERITY] "
	"[--baseline FILE] [--history FILE] PATH...",
	"Audit a fleet: find port collisions and risky fixed ports.",
	"PATH is a fleet folder (FLEET/HOST/files or FLEET/SITE/HOST/files), "
	"a host folder\nor a file.\n\n"
	"Options:\n"
	"  --out DIR           write the reports into DIR (default: "
	"findings.csv on\n"
	"                      standard output)\n"
	"  --format LIST       comma-separated: csv (findings.csv, "
	"inventory.csv),\n"
	"                      json, sarif, pdf, html (default csv)\n"
	"  --inventory WHICH   sockets in inventory.csv: listeners (with a "
	"row of\n"
	"                      connection counts per host) or all "
	"(default listeners)\n"
	"  --template NAME     report layout: compliance, migration, "
	"evidence, or a\n"
	"                      folder of your own with report.ini (default "
	"compliance)\n"
	"  --detail WHICH      hosts with a page in the PDF and HTML: all, "
	"findings,\n                      none\n"
	"                      (default: all up to 200 hosts, else those "
	"with findings)\n"
	"  --organisation NAME name on the report's cover\n"
	"  --manifest FILE     CSV with host,site and optional role,os; "
	"overrides the\n"
	"                      folders (default: FLEET/manifest.csv when "
	"present)\n"
	"  --policy FILE       INI file: firewall ranges per site, waivers, "
	"severities\n"
	"  --fail-on SEVERITY  exit 1 when a finding at or above SEVERITY is "
	"not waived\n"
	"                      (info, low, medium, high, critical)\n"
	"  --baseline FILE     a previous findings.csv or findings.json: mark "
	"each\n"
	"                      finding new or unchanged, list the resolved "
	"ones, and\n"
	"                      put the changes first\n"
	"  --history FILE      record the audit in an SQLite database "
	"(created when\n"
	"                      missing); the compliance report shows the "
	"trend and\n"
	"                      how long each finding has been open\n"
	"  --scope NAME        the name the history keeps this fleet under "
	"(default:\n"
	"                      the last names of the PATHs)\n"
	"  --registry FILE     a port registry for reference (IANA CSV, "
	"nmap-services)\n"
	"  --settings FILE     add a settings knowledge base of your own "
	"(CSV)\n"
	"  -j, --jobs N        read and parse files, write inventory.csv, "
	"on N threads\n"
	"                      (default: one per CPU)\n"
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
