/*
 * portaudit help [COMMAND]: the usage of one command, or the list.
 */
#include <stdio.h>

#include "portaudit.h"
#include "cmd.h"

void
cmd_help_print(FILE *fp, const struct cmd *c)
{
	fprintf(fp, "usage: portaudit %s %s\n\n%s\n\n%s", c->name, c->usage,
	    c->summary, c->help);
}

static int
cmd_help_exec(int argc, char **argv)
{
	const struct cmd	*c;

	if (argc < 2) {
		main_usage(stdout);
		return (0);
	}
	if ((c = main_find_cmd(argv[1])) == NULL)
		return (main_usage_error(NULL, "unknown command: %s", argv[1]));
	cmd_help_print(stdout, c);
	return (0);
}

const struct cmd cmd_help = {
	"help", "[COMMAND]", "Show the usage of a command.",
	"", cmd_help_exec
};
