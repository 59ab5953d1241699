/*
 * portaudit inspect: read input files with the collectors and print the
 * records they yield, so an administrator can see what portaudit
 * understood of each file (and what it did not).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "cmd.h"
#include "collectors/collector.h"
#include "render/render.h"

enum {
	OPT_FORMAT = 256,
	OPT_ALL,
	OPT_TYPE,
	OPT_HOST,
	OPT_ENCODING,
	OPT_SUMMARY,
	OPT_MAXDIAG,
	OPT_SETTINGS
};

static const struct option cmd_inspect_opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "max-diags", required_argument, NULL, OPT_MAXDIAG },
	{ "settings", required_argument, NULL, OPT_SETTINGS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct cmd_inspect_args {
	enum recfmt	 fmt;
	int		 all;
	int		 summary;
	const char	*type;
	const char	*host;
	const char	*settings;
};

static int
cmd_inspect_options(int argc, char **argv, struct fleet *f,
    struct cmd_inspect_args *a)
{
	unsigned long long	 n;
	const char		*err;
	int			 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "qh", cmd_inspect_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_FORMAT:
			if (strcmp(optarg, "jsonl") == 0 ||
			    strcmp(optarg, "json") == 0)
				a->fmt = RECFMT_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				a->fmt = RECFMT_CSV;
			else
				return (main_usage_error("inspect",
				    "--format takes csv or jsonl, not %s",
				    optarg));
			break;
		case OPT_ALL:
			a->all = 1;
			break;
		case OPT_TYPE:
			if (collector_find(optarg) == NULL)
				return (main_usage_error("inspect",
				    "unknown --type %s (see 'portaudit "
				    "formats')", optarg));
			a->type = optarg;
			break;
		case OPT_HOST:
			a->host = optarg;
			break;
		case OPT_ENCODING:
			f->force_encoding = optarg;
			break;
		case OPT_SUMMARY:
			a->summary = 1;
			break;
		case OPT_MAXDIAG:
			if (util_parse_ulong(optarg, strlen(optarg), 0, &n,
			    &err) == -1)
				return (main_usage_error("inspect",
				    "--max-diags %s: %s", optarg, err));
			diag_max_per_file = n;
			break;
		case OPT_SETTINGS:
			a->settings = optarg;
			break;
		case 'q':
			diag_quiet = 1;
			break;
		case 'h':
			cmd_help_print(stdout, &cmd_inspect);
			exit(0);
		default:
			return (main_usage_error("inspect", "bad option"));
		}
	}
	if (optind >= argc)
		return (main_usage_error("inspect", "no input file given"));
	return (0);
}

/* The host name of each file: --host, else the name of its folder. */
static char **
cmd_inspect_hosts(int argc, char **argv, const char *host)
{
	char	**v;
	int	  i;

	v = xcalloc(argc, sizeof(*v));
	for (i = optind; i < argc; i++)
		v[i] = host != NULL ? xstrdup(host) :
		    util_dirname_last(argv[i]);
	return (v);
}

static int
cmd_inspect_strcmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Whether the files of each host come one after another. */
static int
cmd_inspect_grouped(int argc, char **names)
{
	char	**first;
	int	  i, n = 0, ok = 1;

	first = xcalloc(argc, sizeof(*first));
	for (i = optind; i < argc; i++)
		if (i == optind || strcmp(names[i], names[i - 1]) != 0)
			first[n++] = names[i];
	qsort(first, n, sizeof(*first), cmd_inspect_strcmp);
	for (i = 1; i < n && ok; i++)
		ok = strcmp(first[i - 1], first[i]) != 0;
	free(first);
	return (ok);
}

/*
 * Read files from..to-1 into a fleet of their own, resolve port names
 * through their host's services, print them and drop them; the knowledge
 * base goes on to the next group.  Returns 2 when a file was not read.
 */
static int
cmd_inspect_group(struct fleet *proto, char **argv, int from, int to,
    const struct cmd_inspect_args *a)
{
	struct fleet	*f;
	size_t		 i;
	int		 rc = 0, k;

	f = fleet_new();
	f->datadir = proto->datadir;
	f->force_encoding = proto->force_encoding;
	f->kb = proto->kb;
	for (k = from; k < to; k++)
		if (collector_read(f, argv[k], a->host, a->type)->status !=
		    INPUT_OK)
			rc = 2;
	fleet_resolve_names(f);
	for (i = 0; i < f->ninputs; i++) {
		if (a->summary)
			records_summary(stdout, f->inputs[i]);
		else if (records_write(stdout, a->fmt, f->inputs[i],
		    a->all) == -1)
			break;
	}
	proto->kb = f->kb;
	f->kb = NULL;
	fleet_free(f);
	return (rc);
}

/*
 * Files are read host by host when each host's files come one after
 * another (the usual case): records of one host at a time are in memory.
 * Else all of them are read first, so that every netstat file sees its
 * host's services file.
 */
static int
cmd_inspect_exec(int argc, char **argv)
{
	struct cmd_inspect_args	 a;
	struct fleet		*f;
	char			**names;
	int			 rc = 0, first, i, start;
	static char		 obuf[1 << 16];

	memset(&a, 0, sizeof(a));
	f = fleet_new();
	f->datadir = main_datadir();
	if ((first = cmd_inspect_options(argc, argv, f, &a)) != 0) {
		fleet_free(f);
		return (first);
	}
	if (a.settings != NULL && kb_load(f, a.settings) == -1)
		rc = 2;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	if (!a.summary)
		records_header(stdout, a.fmt);
	names = cmd_inspect_hosts(argc, argv, a.host);
	if (cmd_inspect_grouped(argc, names)) {
		for (start = i = optind; i <= argc; i++)
			if (i == argc || strcmp(names[i], names[start]) != 0) {
				if (cmd_inspect_group(f, argv, start, i,
				    &a) != 0)
					rc = 2;
				start = i;
			}
	} else if (cmd_inspect_group(f, argv, optind, argc, &a) != 0)
		rc = 2;
	for (i = optind; i < argc; i++)
		free(names[i]);
	free(names);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("portaudit: stdout");
		rc = 2;
	}
	fleet_free(f);
	return (rc);
}

const struct cmd cmd_inspect = {
	"inspect",
	"[--format csv|jsonl] [--all] [--type KIND] [--host NAME] FILE...",
	"Print the records the collectors read from each file.",
	"Options:\n"
	"  --format csv|jsonl  output format (default jsonl: one JSON object "
	"per line)\n"
	"  --all               also print registry values and unparsed lines\n"
	"  --type KIND         read every FILE as KIND instead of sniffing "
	"its content;\n"
	"                      KIND is a format or family from 'portaudit "
	"formats'\n"
	"  --host NAME         host of the records (default: the name of "
	"each file's folder)\n"
	"  --encoding CHARSET  read files as CHARSET (iconv name) instead of "
	"detecting it\n"
	"  --settings FILE     add a settings knowledge base of your own "
	"(CSV)\n"
	"  --summary           print each file's line accounting instead of "
	"its records\n"
	"  --max-diags N       diagnostics shown per file (default 20, 0: "
	"all)\n"
	"  -q, --quiet         print no diagnostics\n"
	"\nExit status: 0 when every file was read, 2 on a usage error or a "
	"file that\ncannot be read or identified.\n",
	cmd_inspect_exec
};
