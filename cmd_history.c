/*
 * portaudit history: list the audits an audit history database keeps
 * (written by portaudit audit --history), or the findings of one of them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "cmd.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "history.h"

enum {
	OPT_SCOPE = 256,
	OPT_CSV,
	OPT_AUDIT
};

static const struct option cmd_history_opts[] = {
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "audit", required_argument, NULL, OPT_AUDIT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_history_exec(int argc, char **argv)
{
	struct history		*h;
	const char		*scope = NULL, *err;
	unsigned long long	 audit = 0;
	int			 ch, csv = 0, one = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", cmd_history_opts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_SCOPE:
			scope = optarg;
			break;
		case OPT_CSV:
			csv = 1;
			break;
		case OPT_AUDIT:
			if (util_parse_ulong(optarg, strlen(optarg), 0, &audit,
			    &err) == -1 || audit == 0)
				return (main_usage_error("history", "--audit "
				    "takes an audit number, not %s", optarg));
			one = 1;
			break;
		case 'h':
			cmd_help_print(stdout, &cmd_history);
			exit(0);
		default:
			return (main_usage_error("history", "bad option"));
		}
	}
	if (optind != argc - 1)
		return (main_usage_error("history", optind >= argc ?
		    "no history file given" : "one history file only"));
	if ((h = history_open(argv[optind], 0)) == NULL)
		return (2);
	rc = one ? history_findings(h, stdout, (long long)audit) :
	    history_list(h, stdout, scope, csv);
	history_close(h);
	if (fflush(stdout) == EOF)
		rc = -1;
	return (rc == -1 ? 2 : 0);
}

const struct cmd cmd_history = {
	"history",
	"[--scope NAME] [--csv] [--audit N] FILE",
	"List the audits an audit history database keeps.",
	"FILE is a database written by portaudit audit --history FILE.  Each "
	"audit is\nlisted with its number, date, hosts, open findings by "
	"severity, waived\nfindings, and the findings new and resolved since "
	"the previous audit of its\nscope, oldest first.\n\n"
	"Options:\n"
	"  --scope NAME  only the audits of this scope\n"
	"  --csv         write CSV instead of a table\n"
	"  --audit N     write the findings of audit N as CSV\n"
	"\nExit status: 0 success, 2 a usage error or a database that cannot "
	"be read.\n",
	cmd_history_exec
};
