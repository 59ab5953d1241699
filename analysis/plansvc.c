/*
 * What a moved setting asks of its host besides the new value: the
 * Windows service to restart, and for SQL Server the values that make the
 * port a fixed one.  The knowledge base names a setting's service by its
 * Windows service name, except for SQL Server 2005 and later, whose rows
 * name the instance id (MSSQL13.REPORTS): the service is MSSQLSERVER or
 * MSSQL$ and the instance's name, which only the host's own Instance
 * Names\SQL key maps; without it the plan says so instead of guessing.
 * NTDS is a service that stops only from Windows Server 2008 on (restartable
 * AD DS); before, the domain controller restarts.  A SQL instance left on
 * a dynamic port gets its new port as TcpPort, with TcpDynamicPorts
 * emptied, since SQL Server picks a dynamic port again at every start
 * ("Configure a Server to Listen on a Specific TCP Port").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

static const char plansvc_sql[] = "\\Microsoft SQL Server\\";

/* The instance id a SQL Server 2005+ key names, in buf; NULL: none. */
static const char *
plansvc_sql_id(const struct settingrec *s, char *buf, size_t len)
{
	const char	*p, *e;

	if (s->key == NULL || (p = strstr(s->key, plansvc_sql)) == NULL)
		return (NULL);
	p += sizeof(plansvc_sql) - 1;
	if ((e = strchr(p, '\\')) == NULL || (size_t)(e - p) >= len)
		return (NULL);
	snprintf(buf, len, "%.*s", (int)(e - p), p);
	/* 2000's named instances are their own service name (MSSQL$X). */
	if (s->service == NULL || util_strcasecmp_ascii(s->service, buf) != 0)
		return (NULL);
	return (buf);
}

/* A key of SQL Server's instance names (Instance Names\SQL). */
int
plansvc_key_read(const char *key)
{
	return (key != NULL && strstr(key, "\\Instance Names\\SQL") != NULL);
}

/* MSSQLSERVER or MSSQL$NAME for an instance id the host maps; NULL. */
static const char *
plansvc_sql_service(struct audit *a, const struct hostinfo *hi,
    const char *id)
{
	const struct record	*r;
	const struct input	*in;
	char			*svc;
	const char		*out;
	size_t			 i;

	for (i = 0; i < hi->host->ninputs; i++) {
		in = hi->host->inputs[i];
		if (in->status != INPUT_OK)
			continue;
		for (r = input_src(in)->first; r != NULL; r = r->next) {
			if (r->kind != REC_REGVALUE || r->u.reg.deleted ||
			    r->u.reg.key == NULL || r->u.reg.name == NULL ||
			    r->u.reg.str == NULL ||
			    util_strcasecmp_ascii(r->u.reg.str, id) != 0 ||
			    !plansvc_key_read(r->u.reg.key))
				continue;
			if (util_strcasecmp_ascii(r->u.reg.name,
			    "MSSQLSERVER") == 0)
				return ("MSSQLSERVER");
			xasprintf(&svc, "MSSQL$%s", r->u.reg.name);
			out = arena_strdup(a->fleet->arena, svc);
			free(svc);
			return (out);
		}
	}
	return (NULL);
}

/* TcpPort = the new port, TcpDynamicPorts emptied. */
static void
plansvc_sql_fixed(struct audit *a, struct plan_change *c)
{
	const struct settingrec	*s = &c->set->rec->u.set;
	const struct record	*now;
	char			 to[16];

	snprintf(to, sizeof(to), "%d", c->to);
	c->vals = xcalloc(2, sizeof(*c->vals));
	c->nvals = 2;
	now = planrange_regvalue(c->hi, s->key, "TcpPort");
	c->vals[0].key = s->key;
	c->vals[0].name = "TcpPort";
	c->vals[0].type = "REG_SZ";
	c->vals[0].now = now != NULL && now->u.reg.str != NULL ?
	    now->u.reg.str : NULL;
	c->vals[0].to = arena_strdup(a->fleet->arena, to);
	c->vals[1].key = s->key;
	c->vals[1].name = s->name;
	c->vals[1].type = "REG_SZ";
	c->vals[1].now = s->raw != NULL ? s->raw : "";
	c->vals[1].to = "";
}

static void
plansvc_one(struct audit *a, struct plan_change *c)
{
	const struct settingrec	*s = &c->set->rec->u.set;
	char			 id[128];

	if (s->name != NULL && util_strcasecmp_ascii(s->name,
	    "TcpDynamicPorts") == 0 && s->type != NULL &&
	    strcmp(s->type, "REG_SZ") == 0)
		plansvc_sql_fixed(a, c);
	if (s->service == NULL || *s->service == '\0') {
		c->nosvc = "norestart";
		return;
	}
	if (plansvc_sql_id(s, id, sizeof(id)) != NULL) {
		if ((c->winsvc = plansvc_sql_service(a, c->hi, id)) == NULL)
			c->nosvc = "nosvc_sql";
		return;
	}
	if (util_strcasecmp_ascii(s->service, "NTDS") == 0 &&
	    c->hi->os.fam == OSF_WINDOWS && c->hi->os.legacy) {
		c->nosvc = "nosvc_ntds";
		return;
	}
	c->winsvc = s->service;
}

void
plansvc_resolve(struct audit *a, struct plan *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].to >= 0)
			plansvc_one(a, &p->v[i]);
}
