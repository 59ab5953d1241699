/*
 * portaudit rules: the rule catalogue, from the rule table.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "cmd.h"
#include "analysis/analysis.h"

static int
cmd_rules_exec(int argc, char **argv)
{
	size_t	 i;
	int	 lng = argc > 1 && (strcmp(argv[1], "--long") == 0 ||
		    strcmp(argv[1], "-l") == 0);

	if (argc > 1 && !lng)
		return (main_usage_error("rules", "unknown argument %s",
		    argv[1]));
	for (i = 0; i < rule_count; i++) {
		printf("%-32s %-9s %s\n", rule_table[i]->id,
		    severity_name(rule_table[i]->level), rule_table[i]->title);
		if (lng)
			printf("    %s\n\n", rule_table[i]->help);
	}
	return (0);
}

const struct cmd cmd_rules = {
	"rules", "[--long]",
	"List every rule with its default severity and title.",
	"Options:\n"
	"  -l, --long  also print what each rule looks for and why\n",
	cmd_rules_exec
};
