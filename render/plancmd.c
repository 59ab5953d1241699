/*
 * fix/HOST.cmd: the steps that apply a plan on one host, in order, each
 * under a REM line naming the findings it cures (wording from
 * templates/plan.ini, section [cmd]): import fix/HOST.reg with regedit
 * (which every Windows version has), run the netsh commands of the range
 * changes, append to the services file the line that documents each new
 * port (as KB 180795 asks), restart each service whose port moved by its
 * Windows service name (or say why the plan names none), and restart the
 * computer when a value read at boot changed.  fix/HOST-rollback.cmd
 * imports fix/HOST-rollback.reg and undoes the netsh commands in reverse
 * order.  Lines end in CRLF.
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
	if (c->winsvc == NULL) {
		plancmd_rem(fp, t, c->nosvc != NULL ? c->nosvc : "norestart",
		    &v);
		return;
	}
	plancmd_rem(fp, t, "restart", &v);
	fputs("net stop \"", fp);
	plancmd_text(fp, c->winsvc);
	fputs("\" /y\r\nnet start \"", fp);
	plancmd_text(fp, c->winsvc);
	fputs("\"\r\n", fp);
}

/* Whether v[i]'s service was restarted by an earlier step. */
static int
plancmd_restarted(const struct plan_change *v, size_t i)
{
	const char	*a = v[i].winsvc, *b;
	size_t		 k;

	for (k = 0; k < i && a != NULL; k++) {
		b = v[k].winsvc;
		if (v[k].hi == v[i].hi && v[k].to >= 0 && b != NULL &&
		    strcmp(a, b) == 0)
			return (1);
	}
	return (0);
}

/* The ids a range change cures. */
static char *
plancmd_range_ids(const struct plan_range *r)
{
	char	*out = xstrdup(""), *tmp;
	size_t	 k;

	for (k = 0; k < r->ncures; k++) {
		xasprintf(&tmp, "%s%s%s", out, *out != '\0' ? " " : "",
		    r->cures[k]->id);
		free(out);
		out = tmp;
	}
	return (out);
}

static const char *
plancmd_proto(int pi)
{
	return (pi == PI_UDP ? "udp" : "tcp");
}

/* The first and last port of the host's netsh range for IPv6 now. */
static int
plancmd_v6_now(const struct hostinfo *hi, int pi, int *first, int *last)
{
	const struct rangerec	*r;
	size_t			 i;

	for (i = 0; i < hi->dynamic.n; i++) {
		r = &hi->dynamic.v[i].rec->u.rng;
		if (r->family == FAM_IPV6 && (r->proto == PROTO_NONE ||
		    proto_index(r->proto) == pi)) {
			*first = r->first;
			*last = r->last;
			return (0);
		}
	}
	return (-1);
}

/* The netsh lines of a range change, or of its undoing. */
static void
plancmd_netsh(FILE *fp, const struct plan_range *r, int rollback)
{
	const char	*pr = plancmd_proto(r->pi);
	int		 first = rollback ? r->from_first : r->first;
	int		 last = rollback ? r->from_last : r->last;

	if (r->kind == PLANR_EXCLUDE) {
		if (!rollback)
			fputs("net stop winnat\r\n", fp);
		fprintf(fp, "netsh int ipv4 %s excludedportrange protocol=%s "
		    "startport=%d numberofports=%d store=persistent\r\n",
		    rollback ? "delete" : "add", pr, r->first,
		    r->last - r->first + 1);
		if (!rollback)
			fputs("net start winnat\r\n", fp);
		return;
	}
	fprintf(fp, "netsh int ipv4 set dynamicport %s start=%d num=%d\r\n",
	    pr, first, last - first + 1);
	if (r->v6 && (!rollback || plancmd_v6_now(r->hi, r->pi, &first,
	    &last) == 0))
		fprintf(fp, "netsh int ipv6 set dynamicport %s start=%d "
		    "num=%d\r\n", pr, first, last - first + 1);
}

/* A netsh step of a range change. */
static void
plancmd_range(FILE *fp, struct template *t, const struct plan_range *r,
    int step)
{
	struct plancmd_var	 v;
	const char		*tpl;
	char			 num[16], to[32], *ids, *what;

	memset(&v, 0, sizeof(v));
	snprintf(num, sizeof(num), "%d", step);
	if (r->first == r->last)
		snprintf(to, sizeof(to), "%d", r->first);
	else
		snprintf(to, sizeof(to), "%d-%d", r->first, r->last);
	plancmd_set(&v, "proto", plancmd_proto(r->pi));
	plancmd_set(&v, "to", to);
	tpl = template_get(t, "cmd", r->kind == PLANR_EXCLUDE ?
	    "netsh_exclude" : "netsh_dynamicport");
	what = template_expand(t, tpl != NULL ? tpl : "", plancmd_lookup, &v);
	ids = plancmd_range_ids(r);
	plancmd_set(&v, "step", num);
	plancmd_set(&v, "what", what);
	plancmd_set(&v, "findings", ids);
	plancmd_rem(fp, t, "netsh", &v);
	plancmd_netsh(fp, r, 0);
	free(what);
	free(ids);
}

static int
plancmd_is_netsh(const struct plan_range *r)
{
	return (r->kind == PLANR_EXCLUDE || r->kind == PLANR_DYNAMICPORT);
}

/* The findings the import step cures: the port changes' (their services
 * lines cure the rest) and the registry range changes'. */
static char *
plancmd_import_ids(const struct plan *p, const struct hostinfo *hi)
{
	char	*out = xstrdup(""), *more, *tmp;
	size_t	 i;

	for (i = 0; i < p->n + p->nr; i++) {
		if (i < p->n && p->v[i].hi == hi)
			more = plancmd_ids(&p->v[i], 1, NULL,
			    "fixed-port-undocumented");
		else if (i >= p->n && p->r[i - p->n].hi == hi &&
		    p->r[i - p->n].kind != PLANR_UNPLANNED &&
		    p->r[i - p->n].nvals > 0)
			more = plancmd_range_ids(&p->r[i - p->n]);
		else
			continue;
		xasprintf(&tmp, "%s%s%s", out, *out != '\0' && *more != '\0' ?
		    " " : "", more);
		free(out);
		free(more);
		out = tmp;
	}
	return (out);
}

static void
plancmd_emit(FILE *fp, struct template *t, const struct plan *p,
    const struct hostinfo *hi)
{
	struct plancmd_var	 var;
	char			*ids, num[16];
	size_t			 i;
	int			 step = 1, reboot = 0;

	memset(&var, 0, sizeof(var));
	plancmd_set(&var, "host", hi->host->name);
	fputs("@echo off\r\n", fp);
	plancmd_rem(fp, t, "header", &var);
	if (planreg_has(p, hi)) {
		ids = plancmd_import_ids(p, hi);
		snprintf(num, sizeof(num), "%d", step++);
		plancmd_set(&var, "step", num);
		plancmd_set(&var, "findings", ids);
		plancmd_rem(fp, t, "import", &var);
		fprintf(fp, "regedit /s \"%%~dp0%s.reg\"\r\n",
		    hi->host->name);
		free(ids);
	}
	for (i = 0; i < p->nr; i++)
		if (p->r[i].hi == hi && plancmd_is_netsh(&p->r[i]))
			plancmd_range(fp, t, &p->r[i], step++);
	for (i = 0; i < p->n; i++)
		if (p->v[i].hi == hi && p->v[i].to >= 0)
			plancmd_services(fp, t, &p->v[i], step++);
	for (i = 0; i < p->n; i++)
		if (p->v[i].hi == hi && p->v[i].to >= 0 &&
		    !plancmd_restarted(p->v, i))
			plancmd_restart(fp, t, &p->v[i], step++);
	for (i = 0; i < p->nr; i++)
		reboot |= p->r[i].hi == hi && p->r[i].nvals > 0 &&
		    p->r[i].kind != PLANR_UNPLANNED;
	if (reboot) {
		snprintf(num, sizeof(num), "%d", step++);
		plancmd_set(&var, "step", num);
		plancmd_rem(fp, t, "reboot", &var);
	}
}

/* fix/HOST-rollback.cmd: the rollback .reg, then each netsh step undone
 * in reverse order. */
static void
plancmd_emit_rollback(FILE *fp, struct template *t, const struct plan *p,
    const struct hostinfo *hi)
{
	struct plancmd_var	 var;
	size_t			 i;

	memset(&var, 0, sizeof(var));
	plancmd_set(&var, "host", hi->host->name);
	fputs("@echo off\r\n", fp);
	plancmd_rem(fp, t, "rollback", &var);
	if (planreg_has(p, hi))
		fprintf(fp, "regedit /s \"%%~dp0%s-rollback.reg\"\r\n",
		    hi->host->name);
	for (i = p->nr; i > 0; i--)
		if (p->r[i - 1].hi == hi && plancmd_is_netsh(&p->r[i - 1]))
			plancmd_netsh(fp, &p->r[i - 1], 1);
}

static int
plancmd_file(const char *dir, struct template *t, const struct plan *p,
    const struct hostinfo *hi, int rollback)
{
	char	*path, *tmp;
	FILE	*fp;
	int	 rc;

	xasprintf(&path, "%s/%s%s.cmd", dir, hi->host->name, rollback ?
	    "-rollback" : "");
	if ((fp = util_atomic_begin(path, &tmp)) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	if (rollback)
		plancmd_emit_rollback(fp, t, p, hi);
	else
		plancmd_emit(fp, t, p, hi);
	if ((rc = util_atomic_end(fp, tmp, path, !ferror(fp))) == -1)
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
	free(path);
	return (rc);
}

/* Whether the plan changes something on the host. */
static int
plancmd_has(const struct plan *p, const struct hostinfo *hi)
{
	size_t	 i;

	for (i = 0; i < p->nr; i++)
		if (p->r[i].hi == hi && plancmd_is_netsh(&p->r[i]))
			return (1);
	return (planreg_has(p, hi));
}

int
plancmd_write(const char *dir, const struct plan *p, struct template *t)
{
	const struct hostinfo	*hi;
	size_t			 i, k;
	int			 rc = 0, seen;

	for (i = 0; i < p->n + p->nr; i++) {
		hi = i < p->n ? p->v[i].hi : p->r[i - p->n].hi;
		for (seen = 0, k = 0; k < i && !seen; k++)
			seen = (k < p->n ? p->v[k].hi : p->r[k - p->n].hi) ==
			    hi;
		if (seen || !plancmd_has(p, hi))
			continue;
		if (plancmd_file(dir, t, p, hi, 0) == -1 ||
		    plancmd_file(dir, t, p, hi, 1) == -1)
			rc = -1;
	}
	return (rc);
}
