/*
 * A SQL Server instance (2005 and later) whose IPAll key holds both a
 * static TcpPort and a TcpDynamicPorts value: the instance listens on the
 * static port and on a dynamic one at the same time (Microsoft's "How to
 * check if SQL Server is listening on a dynamic port or static port").
 * The second listener sits in the ephemeral range, SQL Browser may send
 * clients to it, and a firewall opened for the static port blocks them.
 * The registry values are read as the registry collectors normalised them:
 * TcpDynamicPorts "0" makes no setting record, but it is set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

static int
sql_is_registry(const struct input *in)
{
	return (in->format != NULL && (strcmp(in->format, "reg") == 0 ||
	    strcmp(in->format, "regquery") == 0 ||
	    strcmp(in->format, "hive") == 0));
}

/* A key ending in \SuperSocketNetLib\Tcp\IPAll. */
int
sql_key_read(const char *key)
{
	static const char	 tail[] = "\\supersocketnetlib\\tcp\\ipall";
	size_t			 n, k = sizeof(tail) - 1;

	return (key != NULL && (n = strlen(key)) >= k &&
	    util_strcasecmp_ascii(key + n - k, tail) == 0);
}

/* The value's text, blanks trimmed, or NULL when it is empty. */
static const char *
sql_text(struct audit *a, const struct regvaluerec *reg)
{
	const char	*s;
	size_t		 n;
	char		 num[24];

	if (reg->rtype == REGT_DWORD || reg->rtype == REGT_QWORD) {
		snprintf(num, sizeof(num), "%llu", reg->num);
		return (arena_strdup(a->fleet->arena, num));
	}
	if (reg->rtype != REGT_SZ && reg->rtype != REGT_EXPAND_SZ)
		return (NULL);
	if ((s = reg->str) == NULL)
		return (NULL);
	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return (n == 0 ? NULL : arena_strndup(a->fleet->arena, s, n));
}

/* The instance ID: the component after "Microsoft SQL Server". */
static const char *
sql_instance(struct audit *a, const char *key)
{
	static const char	 mark[] = "\\microsoft sql server\\";
	size_t			 k = sizeof(mark) - 1, n;
	const char		*s;

	for (s = key; *s != '\0'; s++)
		if (util_strncasecmp_ascii(s, mark, k) == 0) {
			s += k;
			n = strcspn(s, "\\");
			return (arena_strndup(a->fleet->arena, s, n));
		}
	return ("SQL Server");
}

static const struct record *
sql_find(const struct input *in, const char *key, const char *name)
{
	const struct record	*r;

	for (r = input_src(in)->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE && !r->u.reg.deleted &&
		    r->u.reg.name != NULL && r->u.reg.key != NULL &&
		    util_strcasecmp_ascii(r->u.reg.name, name) == 0 &&
		    util_strcasecmp_ascii(r->u.reg.key, key) == 0)
			return (r);
	return (NULL);
}

static void
sql_one(struct audit *a, struct hostinfo *hi, const struct input *in,
    const struct record *sp, const struct record *dp)
{
	const char	*st = sql_text(a, &sp->u.reg);
	const char	*dy = sql_text(a, &dp->u.reg);
	const char	*inst = sql_instance(a, sp->u.reg.key), *why;
	struct finding	*f;
	int		 port;

	if (st == NULL || dy == NULL)
		return;
	if (util_parse_port(st, strcspn(st, ", "), &port, &why) == -1)
		port = -1;
	f = finding_add(a, &rule_sql_static_and_dynamic, hi, PROTO_TCP, port,
	    inst);
	finding_var(a, f, "instance", "%s", inst);
	finding_var(a, f, "static", "%s", st);
	finding_var(a, f, "dynamic", "%s", dy);
	finding_var(a, f, "key", "%s", sp->u.reg.key);
	finding_var(a, f, "host", "%s", hi->host->name);
	if (strcmp(dy, "0") == 0)
		finding_var(a, f, "variant", "zero");
	finding_evidence(a, f, in, sp);
	finding_evidence(a, f, in, dp);
}

static void
sql_check(struct audit *a)
{
	const struct input	*in;
	const struct record	*r, *d;
	struct hostinfo		*hi;
	size_t			 h, i;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (i = 0; i < hi->host->ninputs; i++) {
			in = hi->host->inputs[i];
			if (in->status != INPUT_OK || !sql_is_registry(in))
				continue;
			for (r = input_src(in)->first; r != NULL; r = r->next)
				if (r->kind == REC_REGVALUE &&
				    !r->u.reg.deleted && r->u.reg.name != NULL &&
				    util_strcasecmp_ascii(r->u.reg.name,
				    "TcpPort") == 0 && sql_key_read(r->u.reg.key) &&
				    (d = sql_find(in, r->u.reg.key,
				    "TcpDynamicPorts")) != NULL)
					sql_one(a, hi, in, r, d);
		}
	}
}

const struct rule rule_sql_static_and_dynamic = {
	"sql-static-and-dynamic", "sql", SEV_MEDIUM,
	"SQL Server instance with a static and a dynamic port",
	"The IPAll key of a SQL Server instance holds both TcpPort and "
	"TcpDynamicPorts, so the instance listens on the static port and on a "
	"dynamic one at once; a TcpDynamicPorts of 0 draws a new dynamic port "
	"at the next start.  The second listener lies in the ephemeral range, "
	"and clients that SQL Browser sends to it meet a firewall opened for "
	"the static port only.",
	sql_check,
	RULE_HOST
};
