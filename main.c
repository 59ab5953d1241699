/*
 * portaudit: audits how TCP and UDP ports are assigned across a fleet of
 * servers.  This file holds the command table, the global options and the
 * lookup of the data folder; each command lives in its own cmd_*.c file.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portaudit.h"
#include "cmd.h"
#include "collectors/collector.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/portaudit"
#endif

static const struct cmd *const main_cmds[] = {
	&cmd_audit,
	&cmd_inspect,
	&cmd_rules,
	&cmd_history,
	&cmd_suggest,
	&cmd_plan,
	&cmd_formats,
	&cmd_help,
};

static const char *main_cmd_name;

/* -j N: worker threads, 1 to POOL_MAX; 0 or -1 (usage error said). */
int
main_jobs(const char *cmd, const char *arg, unsigned *jobs)
{
	unsigned long long	 n;
	const char		*err = "not a number";

	if (util_parse_ulong(arg, strlen(arg), 0, &n, &err) == -1 || n < 1 ||
	    n > POOL_MAX) {
		main_usage_error(cmd, "-j takes 1 to %d threads, not %s",
		    POOL_MAX, arg);
		return (-1);
	}
	*jobs = (unsigned)n;
	return (0);
}

const struct cmd *
main_find_cmd(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(main_cmds) / sizeof(main_cmds[0]); i++)
		if (strcmp(main_cmds[i]->name, name) == 0)
			return (main_cmds[i]);
	return (NULL);
}

void
main_usage(FILE *fp)
{
	size_t	 i;

	fprintf(fp, "usage: portaudit [--help] [--version] COMMAND [ARGS]\n\n"
	    "Audits how TCP and UDP ports are assigned across a fleet of "
	    "servers.\n\nCommands:\n");
	for (i = 0; i < sizeof(main_cmds) / sizeof(main_cmds[0]); i++)
		fprintf(fp, "  %-10s %s\n", main_cmds[i]->name,
		    main_cmds[i]->summary);
	fprintf(fp, "\nRun 'portaudit help COMMAND' for a command's options; "
	    "see portaudit(1).\n");
	fprintf(fp, "\nData folder: %s\n  looked up as $PORTAUDIT_DATADIR, "
	    "else BIN/data, else BIN/../share/portaudit\n  (BIN: the folder "
	    "of this program), else %s\n", main_datadir(), DATADIR);
}

int
main_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list	 ap;

	fputs("portaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'portaudit help %s'.\n",
	    cmd != NULL ? cmd : "");
	return (2);
}

static int
main_is_dir(const char *path)
{
	struct stat	 st;

	return (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

/*
 * Whether dir followed by rel is a readable folder; if so buf holds the
 * path, else buf is emptied.
 */
static int
main_try_datadir(char *buf, size_t size, const char *dir, const char *rel)
{
	int	 n;

	n = snprintf(buf, size, "%s%s", dir, rel);
	if (n > 0 && (size_t)n < size && main_is_dir(buf) &&
	    access(buf, R_OK | X_OK) == 0)
		return (1);
	buf[0] = '\0';
	return (0);
}

/*
 * The build tree keeps data/ beside the binary; an installed tree keeps
 * share/portaudit/ beside bin/, wherever it was installed or moved to
 * (DESTDIR, a PREFIX given only to make install).  DATADIR comes last.
 */
const char *
main_datadir(void)
{
	static char	 buf[PATH_MAX];
	const char	*env;
	char		 dir[PATH_MAX], *slash;
	ssize_t		 n;

	if ((env = getenv("PORTAUDIT_DATADIR")) != NULL && *env != '\0')
		return (env);
	if (buf[0] != '\0')
		return (buf);
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n > 0 && (size_t)n < sizeof(dir) - 1 &&
	    (slash = memrchr(dir, '/', n)) != NULL) {
		*slash = '\0';		/* the binary's folder */
		if (main_try_datadir(buf, sizeof(buf), dir, "/data"))
			return (buf);
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';	/* its parent, "" for / */
			if (main_try_datadir(buf, sizeof(buf), dir,
			    "/share/portaudit"))
				return (buf);
		}
	}
	snprintf(buf, sizeof(buf), "%s", DATADIR);
	return (buf);
}

/* $PORTAUDIT_MAX_FILE: the input size limit in bytes; -1 when malformed. */
static int
main_max_file(const char *cmd)
{
	const char		*env, *err = NULL;
	unsigned long long	 v;

	if ((env = getenv("PORTAUDIT_MAX_FILE")) == NULL || *env == '\0')
		return (0);
	if (util_parse_ulong(env, strlen(env), 0, &v, &err) == -1 ||
	    v > SIZE_MAX - 1) {
		main_usage_error(cmd, "PORTAUDIT_MAX_FILE=%s: %s", env,
		    err != NULL ? err : "too large");
		return (-1);
	}
	collect_max_file = (size_t)v;
	return (0);
}

int
main(int argc, char *argv[])
{
	const struct cmd	*c;

	if (argc < 2) {
		main_usage(stderr);
		return (2);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_usage(stdout);
		return (0);
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("portaudit %s\n", PORTAUDIT_VERSION);
		return (0);
	}
	if ((c = main_find_cmd(argv[1])) == NULL)
		return (main_usage_error(NULL, "unknown command: %s", argv[1]));
	main_cmd_name = c->name;
	if (main_max_file(c->name) == -1)
		return (2);
	return (c->exec(argc - 1, argv + 1));
}
