/*
 * One file, many hosts, end to end: the example fleet with SQL01, APP01
 * and WEB01's netstat text replaced by one PowerShell CSV of connections
 * and one of endpoints (Invoke-Command, PSComputerName per row; see
 * tests/fixtures/powershell/README) in a folder of their own gives the
 * same findings, host by host, as the fleet read from netstat; the
 * folder of exports is no server, and each export is one input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "testutil.h"

#define PF_NFIND	512

static int
pf_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* value with the fleet's folder root spelled FLEET. */
static char *
pf_unroot(const char *value, const char *root)
{
	const char	*at;
	char		*s;

	if ((at = strstr(value, root)) == NULL)
		return (xstrdup(value));
	xasprintf(&s, "%.*sFLEET%s", (int)(at - value), value,
	    at + strlen(root));
	return (s);
}

/* Every finding as one line of text (evidence left out), sorted. */
static size_t
pf_findings(const struct audit *a, const char *root, char **out)
{
	char			*v;
	const struct finding	*f;
	char			*vars, *line;
	size_t			 i, k, n = 0;

	for (i = 0; i < a->nfindings && n < PF_NFIND; i++) {
		f = a->findings[i];
		vars = xstrdup("");
		for (k = 0; k < f->nvars; k++) {
			v = pf_unroot(f->vars[k].value, root);
			xasprintf(&line, "%s %s=%s", vars, f->vars[k].key, v);
			free(v);
			free(vars);
			vars = line;
		}
		xasprintf(&out[n++], "%s %s %s %s %s/%d %s%s",
		    f->id, f->rule->id, f->hi->host->name,
		    f->hi->site != NULL ? f->hi->site : "-",
		    proto_name(f->proto) != NULL ? proto_name(f->proto) : "-",
		    f->port, f->service != NULL ? f->service : "-", vars);
		free(vars);
	}
	qsort(out, n, sizeof(*out), pf_cmp);
	return (n);
}

static int
pf_has_host(const struct audit *a, const char *name)
{
	size_t	 i;

	for (i = 0; i < a->nhosts; i++)
		if (strcmp(a->hosts[i].host->name, name) == 0)
			return (1);
	return (0);
}

/* The example fleet, copied, with three hosts' sockets as exports. */
static char *
pf_fleet(void)
{
	char	*dir;

	dir = xstrdup("/tmp/portaudit-psfleet-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(tu_system("cp -R examples/fleet/. '%s' && "
	    "rm '%s/hq/SQL01/netstat.txt' '%s/hq/APP01/netstat.txt' "
	    "'%s/hq/WEB01/netstat.txt' && mkdir '%s/exports' && "
	    "cp tests/fixtures/powershell/fleet/tcp.csv "
	    "tests/fixtures/powershell/fleet/udp.csv '%s/exports/'",
	    dir, dir, dir, dir, dir, dir), 0);
	return (dir);
}

START_TEST(test_same_findings)
{
	static const char *const moved[] = { "SQL01", "APP01", "WEB01" };
	struct audit	*a, *b;
	char		*fa[PF_NFIND], *fb[PF_NFIND], *dir;
	size_t		 na, nb, i, k, inputs = 0, ours = 0;

	a = tu_audit_dir("examples/fleet", NULL);
	dir = pf_fleet();
	b = tu_audit_dir(dir, NULL);
	ck_assert_uint_eq(b->nhosts, a->nhosts);
	ck_assert(!pf_has_host(b, "exports"));
	for (i = 0; i < 3; i++) {
		ck_assert(pf_has_host(b, moved[i]));
		for (k = 0; k < a->nfindings; k++)
			ours += strcmp(a->findings[k]->hi->host->name,
			    moved[i]) == 0;
	}
	ck_assert_uint_gt(ours, 0);		/* the hosts have findings */
	na = pf_findings(a, "examples/fleet", fa);
	nb = pf_findings(b, dir, fb);
	ck_assert_uint_eq(na, nb);
	for (i = 0; i < na; i++) {
		ck_assert_str_eq(fa[i], fb[i]);
		free(fa[i]);
		free(fb[i]);
	}
	/* each export is one input, with its hosts */
	for (i = 0; i < b->fleet->ninputs; i++)
		if (strstr(b->fleet->inputs[i]->path, "/exports/") != NULL) {
			inputs++;
			ck_assert_uint_eq(b->fleet->inputs[i]->nsubs, 3);
			ck_assert_uint_eq(b->fleet->inputs[i]->lines_unparsed,
			    0);
		}
	ck_assert_uint_eq(inputs, 2);
	ck_assert_uint_eq(b->fleet->ninputs + 1, a->fleet->ninputs);
	tu_audit_free(a);
	tu_audit_free(b);
	ck_assert_int_eq(tu_system("rm -rf '%s'", dir), 0);
	free(dir);
}
END_TEST

/* findings.json lists each export once, with the hosts it fed. */
START_TEST(test_json_inputs)
{
	const char	*paths[2];
	struct audit	*a;
	struct report	 r;
	json_t		*doc, *ji;
	char		*text, *dir;
	size_t		 i, exports = 0;

	dir = pf_fleet();
	paths[0] = dir;
	paths[1] = NULL;
	a = tu_report_audit(paths, NULL, &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	json_array_foreach(json_object_get(doc, "inputs"), i, ji) {
		if (strstr(tu_json_str(ji, "path"), "/exports/") != NULL) {
			exports++;
			ck_assert_int_eq(tu_json_int(ji, "hosts_fed"), 3);
			ck_assert_str_eq(tu_json_str(ji, "host"), "exports");
		} else
			ck_assert_int_eq(tu_json_int(ji, "hosts_fed"), 0);
	}
	ck_assert_uint_eq(exports, 2);
	tu_json_done(a, &r, doc, text);
	ck_assert_int_eq(tu_system("rm -rf '%s'", dir), 0);
	free(dir);
}
END_TEST

/* SARIF: evidence on an export's lines points at its artifact. */
START_TEST(test_sarif_artifacts)
{
	const char	*paths[2], *uri;
	struct audit	*a;
	struct report	 r;
	json_t		*doc, *res, *loc, *art;
	char		*text, *dir;
	size_t		 i, k, n = 0;

	dir = pf_fleet();
	paths[0] = dir;
	paths[1] = NULL;
	a = tu_report_audit(paths, NULL, &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	res = json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
	    "results");
	json_array_foreach(res, i, loc) {
		json_array_foreach(json_object_get(loc, "locations"), k, art) {
			art = json_object_get(json_object_get(art,
			    "physicalLocation"), "artifactLocation");
			uri = json_string_value(json_object_get(art, "uri"));
			if (uri == NULL || strstr(uri, "/exports/") == NULL)
				continue;
			ck_assert_msg(json_is_integer(json_object_get(art,
			    "index")), "%s without its artifact index", uri);
			n++;
		}
	}
	ck_assert_uint_gt(n, 0);
	tu_json_done(a, &r, doc, text);
	ck_assert_int_eq(tu_system("rm -rf '%s'", dir), 0);
	free(dir);
}
END_TEST

static Suite *
ps_fleet_suite(void)
{
	Suite	*s = suite_create("ps_fleet");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_same_findings);
	tcase_add_test(tc, test_json_inputs);
	tcase_add_test(tc, test_sarif_artifacts);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(ps_fleet_suite()));
}
