/*
 * Which registry values an audit reads after parsing.  The knowledge base
 * turns the values it knows into settings and ranges as they are parsed;
 * of the others, only those of the keys the rules below look at again are
 * kept (fleet->keep_value): a hive or an export of a whole Services key
 * holds 100,000 values and would otherwise stay in memory, every one of
 * them, for the whole audit.  A reader of REC_REGVALUE records after the
 * parse names its keys here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

struct regkeep {
	struct arena	*arena;
	const char	**tails;	/* data/defaults.csv keys */
	size_t		 ntails;
};

static void
regkeep_row(void *arg, char **c, int n, unsigned line)
{
	struct regkeep	*k = arg;
	const char	**v, *err;
	int		 port;

	(void)line;		/* the consistency rule reports bad rows */
	if (n < 5 || *c[4] == '\0' ||
	    util_parse_port(c[3], strlen(c[3]), &port, &err) == -1)
		return;
	v = arena_alloc(k->arena, (k->ntails + 1) * sizeof(*v));
	if (k->ntails > 0)
		memcpy(v, k->tails, k->ntails * sizeof(*v));
	v[k->ntails++] = arena_strdup(k->arena, c[4]);
	k->tails = v;
}

static int
regkeep_value(const struct fleet *f, const struct regvaluerec *v)
{
	const struct regkeep	*k = f->keep_arg;
	size_t			 i;

	if (sql_key_read(v->key) || plansvc_key_read(v->key) ||
	    roles_dns_key(v->key))
		return (1);
	for (i = 0; i < k->ntails; i++)
		if (cons_key_ends(v->key, k->tails[i]))
			return (1);
	return (0);
}

/* Let the fleet's registry collectors drop the values nobody reads. */
void
regkeep_setup(struct audit *a)
{
	struct fleet	*f = a->fleet;
	struct regkeep	*k;
	char		*path;

	k = arena_alloc(f->arena, sizeof(*k));
	k->arena = f->arena;
	/* The defaults' keys: a host relies on one when the key is there
	 * without its value (consistency.c). */
	if (f->datadir != NULL) {
		xasprintf(&path, "%s/defaults.csv", f->datadir);
		(void)datafile_read(path, regkeep_row, k);
		free(path);
	}
	f->keep_arg = k;
	f->keep_value = regkeep_value;
}
