/*
 * portaudit formats: the input formats the collectors read, with the
 * family names --type also accepts.
 */
#include <stdio.h>

#include "portaudit.h"
#include "cmd.h"
#include "collectors/collector.h"

static int
cmd_formats_exec(int argc, char **argv)
{
	size_t	 i;

	(void)argc;
	(void)argv;
	printf("%-14s %-10s %s\n", "FORMAT", "FAMILY", "READS");
	for (i = 0; i < collector_count; i++)
		printf("%-14s %-10s %s\n", collector_table[i]->name,
		    collector_table[i]->family, collector_table[i]->summary);
	return (0);
}

const struct cmd cmd_formats = {
	"formats", "", "List the input formats and their --type names.", "",
	cmd_formats_exec
};
