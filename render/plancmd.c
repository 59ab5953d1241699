/*
 * fix/HOST.cmd: the steps that apply a plan on one host, in order, each
 * under a REM line naming the findings it cures (wording from
 * templates/plan.ini, section [cmd]): import fix/HOST.reg with regedit
 * (which every Windows version has), append to the services file the line
 * that documents each new port (as KB 180795 asks), then restart each
 * service whose port moved.  Lines end in CRLF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"

struct plancmd_var {
	const char	*keys[8];
	const char	*values[8];
	size_t		 n;
};

static const char *
plancmd_lookup(const void *arg, const char *key)
{
	const struct plancmd_var	*v = arg;
	size_t				 i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return (v->values[i]);
	return (NULL);
}

/* Text for cmd.exe's echo and REM: its metacharacters escaped. */
static void
plancmd_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("^&|<>%", *s) != NULL)
			putc(*s == '%' ? '%' : '^', fp);
		putc(*s, fp);
	}
}

/* REM and the expanded wording of [cmd] key. */
static void
plancmd_rem(FILE *fp, struct template *t, const char *key,
    const struct plancmd_var *v)
{
	const char	*tpl = template_get(t, "cmd", key);
	char		*s;

	s = template_expand(t, tpl != NULL ? tpl : "", plancmd_lookup, v);
	fputs("REM ", fp);
	plancmd_text(fp, s);
	fputs("\r\n", fp);
	free(s);
}

/* The ids a change cures, those of rule only (NULL: all but it). */
static char *
plancmd_ids(const struct plan_change *v, size_t n, const char *only,
    const char *but)
{
	char	*out = xstrdup(""), *tmp;
	size_t	 i, k;
	int	 is;

	for (i = 0; i < n; i++)
		for (k = 0; k < v[i].ncures; k++) {
			is = strcmp(v[i].cures[k]->rule->id, only != NULL ?
			    only : but) == 0;
			if (v[i].to < 0 || (only != NULL) != is)
				continue;
			xasprintf(&tmp, "%s%s%s", out, *out != '\0' ? " " : "",
			    v[i].cures[k]->id);
			free(out);
			out = tmp;
		}
	return (out);
}

static void
plancmd_set(struct plancmd_var *v, const char *key, const char *value)
{
	v->keys[v->n] = key;
	v->values[v->n++] = value;
}

/* Step 2..: the services-file line of each moved setting. */
static void
plancmd_services(FILE *fp, struct template *t, const struct plan_change *c,
    int step)
{
	const struct settingrec	*s = &c->set->rec->u.set;
	struct plancmd_var	 v;
	char			 name[32], num[16], to[16], *ids;

	ids = plancmd_ids(c, 1, "fixed-port-undocumented", NULL);
	memset(&v, 0, sizeof(v));
	snprintf(num, sizeof(num), "%d", step);
	snprintf(to, sizeof(to), "%d", c->to);
	plancmd_set(&v, "step", num);
	plancmd_set(&v, "service", rule_setting_service(s));
	plancmd_set(&v, "proto", proto_name(s->proto));
	plancmd_set(&v, "to", to);
	plancmd_set(&v, "findings", ids);
	plancmd_rem(fp, t, *ids != '\0' ? "services" : "services_new", &v);
	fprintf(fp, ">>\"%%SystemRoot%%\\system32\\drivers\\etc\\services\" "
	    "echo %-15s %d/%s", plan_services_name(s, name, sizeof(name)),
	    c->to, proto_name(s->proto));
	fputs("    # ", fp);
	plancmd_text(fp, rule_setting_service(s));
	fputs("\r\n", fp);
	free(ids);
}

/* The last step: restart the service whose port moved. */
static void
plancmd_restart(FILE *fp, struct template *t, const struct plan_change *c,
    int step)
{
	const struct settingrec	*s = &c->set->rec->u.set;
	struct plancmd_var	 v;
	char			 num[16], to[16];

	memset(&v, 0, sizeof(v));
	snprintf(num, sizeof(num), "%d", step);
	snprintf(to, sizeof(to), "%d", c->to);
	plancmd_set(&v, "step", num);
	plancmd_set(&v, "service", rule_setting_service(s));
	plancmd_set(&v, "to", to);
	if (s->service == NULL || *s->service == '\0') {
		plancmd_rem(fp, t, "norestart", &v);
		return;
	}
	plancmd_rem(fp, t, "restart", &v);
	fputs("net stop \"", fp);
	plancmd_text(fp, s->service);
	fputs("\" /y\r\nnet start \"", fp);
	plancmd_text(fp, s->service);
	fputs("\"\r\n", fp);
}

/* Whether v[i]'s service was restarted by an earlier step. */
static int
plancmd_restarted(const struct plan_change *v, size_t i)
{
	const char	*a = v[i].set->rec->u.set.service, *b;
	size_t		 k;

	for (k = 0; k < i && a != NULL; k++) {
		b = v[k].set->rec->u.set.service;
		if (v[k].to >= 0 && b != NULL && strcmp(a, b) == 0)
			return (1);
	}
	return (0);
}

static void
plancmd_emit(FILE *fp, struct template *t, const struct plan_change *v,
    size_t n)
{
	struct plancmd_var	 var;
	char			*ids, num[16];
	size_t			 i;
	int			 step = 1;

	memset(&var, 0, sizeof(var));
	plancmd_set(&var, "host", v[0].hi->host->name);
	fputs("@echo off\r\n", fp);
	plancmd_rem(fp, t, "header", &var);
	ids = plancmd_ids(v, n, NULL, "fixed-port-undocumented");
	snprintf(num, sizeof(num), "%d", step++);
	plancmd_set(&var, "step", num);
	plancmd_set(&var, "findings", ids);
	plancmd_rem(fp, t, "import", &var);
	fprintf(fp, "regedit /s \"%%~dp0%s.reg\"\r\n", v[0].hi->host->name);
	free(ids);
	for (i = 0; i < n; i++)
		if (v[i].to >= 0)
			plancmd_services(fp, t, &v[i], step++);
	for (i = 0; i < n; i++)
		if (v[i].to >= 0 && !plancmd_restarted(v, i))
			plancmd_restart(fp, t, &v[i], step++);
}

static int
plancmd_host(const char *dir, struct template *t,
    const struct plan_change *v, size_t n)
{
	char	*path, *tmp;
	FILE	*fp;
	int	 rc;

	xasprintf(&path, "%s/%s.cmd", dir, v[0].hi->host->name);
	if ((fp = util_atomic_begin(path, &tmp)) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	plancmd_emit(fp, t, v, n);
	if ((rc = util_atomic_end(fp, tmp, path, !ferror(fp))) == -1)
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
	free(path);
	return (rc);
}

int
plancmd_write(const char *dir, const struct plan *p, struct template *t)
{
	size_t	 i, j, k;
	int	 rc = 0;

	/* The changes of one host are contiguous (plan.c sorts them). */
	for (i = 0; i < p->n; i = j) {
		for (j = i + 1; j < p->n && p->v[j].hi == p->v[i].hi; j++)
			;
		for (k = i; k < j && p->v[k].to < 0; k++)
			;
		if (k < j && plancmd_host(dir, t, p->v + i, j - i) == -1)
			rc = -1;
	}
	return (rc);
}
