/*
 * portaudit plan: audit like audit, then propose a change for every open
 * finding a new port cures (analysis/plan.c) or a range change cures
 * (analysis/planrange.c), prove it by auditing again with the plan applied
 * in memory (analysis/planproof.c) and write plan.csv and fix/.
 */
#include <sys/stat.h>

#include <errno.h>
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
	OPT_POLICY = 256,
	OPT_OUT,
	OPT_FORMAT
};

static const struct option cmd_plan_opts[] = {
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	AUDIT_OPTIONS,
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* csv (plan.csv, fix/), pdf and html (report.pdf, report.html: the
 * migration layout with its change plan). */
static int
cmd_plan_formats(const char *list, int *csv, int *pdf, int *html)
{
	char	*copy, *tok, *save;
	int	 rc = 0;

	*csv = *pdf = *html = 0;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ",", &save))
		if (strcmp(tok, "csv") == 0)
			*csv = 1;
		else if (strcmp(tok, "pdf") == 0)
			*pdf = 1;
		else if (strcmp(tok, "html") == 0)
			*html = 1;
		else
			rc = main_usage_error("plan", "--format takes csv, "
			    "pdf and html, not %s", tok);
	free(copy);
	return (rc);
}

static int
cmd_plan_options(int argc, char **argv, struct audit_opts *o, int *csv,
    int *pdf, int *html)
{
	int	 ch, rc;

	*csv = 1;
	*pdf = *html = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "qh", cmd_plan_opts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_POLICY:
			o->policy = optarg;
			break;
		case OPT_OUT:
			o->outdir = optarg;
			break;
		case OPT_FORMAT:
			if ((rc = cmd_plan_formats(optarg, csv, pdf, html))
			    != 0)
				return (rc);
			break;
		case 'q':
			diag_quiet = 1;
			break;
		case 'h':
			cmd_help_print(stdout, &cmd_plan);
			exit(0);
		default:
			if (audit_option(o, ch, optarg))
				break;
			return (main_usage_error("plan", "bad option"));
		}
	}
	if (optind >= argc)
		return (main_usage_error("plan", "no fleet folder given"));
	if ((*pdf || *html) && o->outdir == NULL)
		return (main_usage_error("plan", "--format %s needs --out "
		    "DIR", *pdf ? "pdf" : "html"));
	o->paths = argv + optind;
	o->npaths = argc - optind;
	return (0);
}

/* plan.csv and fix/ into DIR (created), atomically; or plan.csv on
 * standard output. */
static int
cmd_plan_write(const char *outdir, const struct plan *p, struct template *t,
    int csv)
{
	struct stat	 st;
	char		*path, *tmp;
	FILE		*fp;
	int		 rc;

	if (outdir == NULL) {
		rc = plancsv_emit(stdout, p, t);
		return (fflush(stdout) == EOF ? -1 : rc);
	}
	if ((mkdir(outdir, 0755) == -1 && errno != EEXIST) ||
	    stat(outdir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: not a folder", outdir);
		return (-1);
	}
	if (!csv)
		return (0);
	xasprintf(&path, "%s/plan.csv", outdir);
	if ((fp = util_atomic_begin(path, &tmp)) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	rc = plancsv_emit(fp, p, t);
	if (util_atomic_end(fp, tmp, path, rc == 0) == -1 && rc == 0) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(path);
	if (rc == 0) {
		xasprintf(&path, "%s/fix", outdir);
		if (mkdir(path, 0755) == -1 && errno != EEXIST) {
			diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path,
			    strerror(errno));
			rc = -1;
		} else if (planreg_write(path, p) == -1 ||
		    plancmd_write(path, p, t) == -1)
			rc = -1;
		free(path);
	}
	return (rc);
}

/* The report the PDF and HTML renderers read: the migration layout. */
static int
cmd_plan_report(struct report *r, const struct audit *a, const char *outdir,
    const struct plan *p, const char *cmdline)
{
	char	*tdir, *path;
	int	 rc = 0;

	memset(r, 0, sizeof(*r));
	r->audit = a;
	r->fleet = a->fleet;
	r->date = a->today;
	r->epoch = audit_epoch();
	r->outdir = outdir;
	r->template_name = "migration";
	r->organisation = policy_organisation(a->policy);
	r->cmdline = cmdline;
	r->plan = p;
	tdir = template_dir(a->fleet->datadir);
	xasprintf(&path, "%s/rules.ini", tdir);
	if ((r->rules = template_load(path)) == NULL)
		rc = -1;
	free(path);
	xasprintf(&path, "%s/migration.ini", tdir);
	if ((r->layout = template_load(path)) == NULL)
		rc = -1;
	free(path);
	free(tdir);
	r->font = fonts_find("DejaVu Sans:style=Book");
	r->font_bold = fonts_find("DejaVu Sans:style=Bold");
	if (r->font == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "no TrueType font found through "
		    "fontconfig (install fonts-dejavu-core)");
		rc = -1;
	}
	return (rc);
}

/* The reports asked for, and the report they read. */
struct cmd_plan_reports {
	struct report	 r;
	int		 pdf, html;
};

/* Draw the fleet map of the audit with the plan applied: the PNG of
 * report.pdf, the SVG document report.html inlines. */
static void
cmd_plan_after(const struct audit *b, void *arg)
{
	struct cmd_plan_reports	*o = arg;
	struct report		 rb = o->r;
	struct chart_svg	 cs;

	if (o->pdf)
		o->r.plan_chart = pdf_plan_chart(&o->r, b);
	if (o->html) {
		memset(&cs, 0, sizeof(cs));
		rb.audit = b;
		chart_svg_capture(&cs);
		if (chart_fleetmap(&rb, NULL, NULL, 0) == 0)
			o->r.plan_svg = cs.p;
		chart_svg_capture(NULL);
	}
}

/* One report into outdir, atomically. */
static int
cmd_plan_emit(const struct report *r, const struct renderer *rd,
    const char *outdir)
{
	char	*path, *tmp;
	FILE	*fp;
	int	 rc;

	xasprintf(&path, "%s/%s", outdir, rd->file);
	if ((fp = util_atomic_begin(path, &tmp)) == NULL)
		rc = -1;
	else {
		rc = rd->emit(r, fp);
		if (util_atomic_end(fp, tmp, path, rc == 0) == -1)
			rc = -1;
	}
	if (rc == -1)
		diag(NULL, 0, DIAG_OUTPUT, "%s: cannot be written", path);
	free(path);
	return (rc);
}

/* report.pdf and report.html, as asked, into outdir. */
static int
cmd_plan_reports(struct audit *a, struct plan *p, const char *outdir,
    int pdf, int html)
{
	struct cmd_plan_reports	 o;
	char			*cmdline;
	int			 rc;

	xasprintf(&cmdline, "portaudit plan --format %s%s%s", pdf ? "pdf" :
	    "", pdf && html ? "," : "", html ? "html" : "");
	memset(&o, 0, sizeof(o));
	o.pdf = pdf;
	o.html = html;
	if ((rc = cmd_plan_report(&o.r, a, outdir, p, cmdline)) == 0) {
		plan_applied(a, p, cmd_plan_after, &o);
		if (pdf && cmd_plan_emit(&o.r, &renderer_pdf, outdir) == -1)
			rc = -1;
		if (html && cmd_plan_emit(&o.r, &renderer_html, outdir) ==
		    -1)
			rc = -1;
	}
	template_free(o.r.rules);
	template_free(o.r.layout);
	free((char *)o.r.font);
	free((char *)o.r.font_bold);
	free((char *)o.r.plan_chart);
	free((char *)o.r.plan_svg);
	free(cmdline);
	return (rc);
}

/* The plan and its proof on standard error. */
static void
cmd_plan_summary(const struct plan *p)
{
	size_t	 i, unplanned = p->n - p->nmoved;

	fprintf(stderr, "portaudit: plan: %zu values to change, %zu range "
	    "changes, %zu unplanned; %zu findings claimed cured\n", p->nmoved,
	    p->nranged, unplanned + p->nr - p->nranged, p->nclaimed);
	fprintf(stderr, "portaudit: proof: audited again with the plan "
	    "applied: %zu findings; %s\n", p->nchecked, p->nmiss == 0 ?
	    "every claimed cure holds, nothing new at low or above" :
	    "FAILED");
	if (p->nunplanned_new > 0)
		fprintf(stderr, "portaudit: proof: %zu new findings on "
		    "settings left unplanned, as plan.csv lists them\n",
		    p->nunplanned_new);
	for (i = 0; i < p->nmiss; i++)
		fprintf(stderr, "portaudit: proof: %s: %s %s %s/%d\n",
		    p->miss[i].added ? "new" : "not cured", p->miss[i].rule,
		    p->miss[i].host, proto_name(p->miss[i].proto),
		    p->miss[i].port);
}

static int
cmd_plan_exec(int argc, char **argv)
{
	struct audit_opts	 o;
	struct template		*t;
	struct audit		 a;
	struct plan		 p;
	struct fleet		*f;
	char			 today[16], *tdir, *tpath;
	int			 rc, csv, pdf, html;

	memset(&o, 0, sizeof(o));
	if ((rc = cmd_plan_options(argc, argv, &o, &csv, &pdf, &html)) != 0)
		return (rc);
	o.today = audit_today(today, sizeof(today));
	f = fleet_new();
	f->datadir = main_datadir();
	f->dedupe = 1;
	/* Not the exports: the proof may need a host's part of one whole. */
	f->compact = 2;
	rc = audit_load(&a, f, &o) == -1 ? 2 : 0;
	rules_run(&a);
	tdir = template_dir(f->datadir);
	xasprintf(&tpath, "%s/plan.ini", tdir);
	if ((t = template_load(tpath)) == NULL)
		rc = 2;
	plan_make(&a, &p);
	if (plan_verify(&a, &p) == -1)
		rc = 2;		/* a plan that fails its proof is a bug */
	if (t != NULL && cmd_plan_write(o.outdir, &p, t, csv) == -1)
		rc = 2;
	if ((pdf || html) && rc != 2 && cmd_plan_reports(&a, &p, o.outdir,
	    pdf, html) == -1)
		rc = 2;
	if (!diag_quiet)
		cmd_plan_summary(&p);
	if (rc == 0 && (p.nmoved < p.n || p.nranged < p.nr))
		rc = 1;
	plan_free(&p);
	template_free(t);
	free(tpath);
	free(tdir);
	free(o.registries);
	audit_free(&a);
	fleet_free(f);
	return (rc);
}

const struct cmd cmd_plan = {
	"plan",
	"[--out DIR] [--policy FILE] [--format csv,pdf,html] [--manifest FILE] "
	"PATH...",
	"Plan the port changes that cure the audit's findings, and prove them.",
	"Audits like audit, then gives every setting an open finding says must "
	"move one\nnew port per site, the same on every host of the site that "
	"carries it, changes\nthe ranges that ephemeral-pressure, "
	"rpc-range-small and fixed-port-excluded\nfindings ask for (netsh "
	"dynamicport and excludedportrange, MaxUserPort,\nRpc\\Internet "
	"Ports), deletes the values setting-ineffective finds ignored,\nand "
	"audits again with the plan applied in memory.\n\n"
	"Options:\n"
	"  --out DIR           write plan.csv and fix/HOST.reg, "
	"fix/HOST-rollback.reg,\n"
	"                      fix/HOST.cmd, fix/HOST-rollback.cmd into DIR "
	"(default:\n"
	"                      plan.csv on standard output)\n"
	"  --format csv,pdf,html\n"
	"                      the outputs to write (csv: plan.csv and fix/; "
	"pdf:\n"
	"                      report.pdf, the migration report with the change "
	"plan;\n"
	"                      html: the same as report.html; both need "
	"--out)\n"
	"  --policy FILE       INI file: firewall ranges per site, waivers, "
	"severities\n"
	"  --manifest FILE     CSV with host,site and optional role,os\n"
	"  --registry FILE     a port registry (IANA CSV, nmap-services): "
	"ports it\n"
	"                      names are not proposed\n"
	"  --settings FILE     add a settings knowledge base of your own "
	"(CSV)\n"
	"  -q, --quiet         print no diagnostics and no summary\n"
	"\nExit status: 0 every finding a port or range change cures is "
	"planned and the\nproof holds, 1 some setting has no port or some range "
	"finding no range that\nfits, 2 a usage or input error or a plan that "
	"fails its proof.\n",
	cmd_plan_exec
};
