/*
 * findings.sarif: the example fleet's audit written through renderer_sarif
 * and read back with jansson.  The log must be SARIF 2.1.0 with one rule
 * per catalogue entry, one result per finding pointing at its rule, the
 * severity mapped to a level, evidence lines as locations in artifacts that
 * carry the inputs' SHA-256, waivers as suppressions, percent-encoded URIs,
 * and the same bytes on every run.  Each rule links to its entry in the
 * HTML manual, and Microsoft's SARIF multitool (the npm package
 * @microsoft/sarif-multitool, installed by make deps) finds no error and
 * no warning in the log.  Written a result at a time, the log must be the
 * bytes of the whole tree (no host, absent results) and tell a failed
 * write.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "testutil.h"

static const char *const cs_fleet[] = { "examples/fleet", NULL };

/* runs[0] */
static json_t *
cs_run(const json_t *doc)
{
	json_t	*runs = json_object_get(doc, "runs");

	ck_assert(json_is_array(runs));
	ck_assert_uint_eq(json_array_size(runs), 1);
	return (json_array_get(runs, 0));
}

/* The result of a finding's fingerprint. */
static json_t *
cs_result(const json_t *run, const struct finding *f)
{
	json_t	*res;
	size_t	 i;

	json_array_foreach(json_object_get(run, "results"), i, res)
		if (strcmp(tu_json_str(json_object_get(res,
		    "partialFingerprints"), "portaudit/v1"), f->id) == 0)
			return (res);
	return (NULL);
}

static const char *
cs_level(enum severity s)
{
	return (s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" :
	    "note");
}

START_TEST(test_log_and_rules)
{
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *run, *drv, *rules, *ru;
	char		*text;
	size_t		 i;

	a = tu_report_audit(cs_fleet, NULL, &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	ck_assert_str_eq(tu_json_str(doc, "version"), "2.1.0");
	ck_assert_str_eq(tu_json_str(doc, "$schema"),
	    "https://json.schemastore.org/sarif-2.1.0.json");
	run = cs_run(doc);
	drv = json_object_get(json_object_get(run, "tool"), "driver");
	ck_assert_str_eq(tu_json_str(drv, "name"), "portaudit");
	ck_assert_str_eq(tu_json_str(drv, "version"), PORTAUDIT_VERSION);
	rules = json_object_get(drv, "rules");
	ck_assert_uint_eq(json_array_size(rules), rule_count);
	json_array_foreach(rules, i, ru) {
		ck_assert_str_eq(tu_json_str(ru, "id"), rule_table[i]->id);
		ck_assert_str_eq(tu_json_str(json_object_get(ru,
		    "shortDescription"), "text"), rule_table[i]->title);
		ck_assert_str_eq(tu_json_str(json_object_get(ru,
		    "fullDescription"), "text"), rule_table[i]->help);
		ck_assert_str_eq(tu_json_str(json_object_get(ru, "help"),
		    "text"), rule_table[i]->help);
		ck_assert_str_eq(tu_json_str(json_object_get(ru,
		    "defaultConfiguration"), "level"),
		    cs_level(rule_table[i]->level));
		ck_assert_ptr_null(strchr(tu_json_str(ru, "name"), '-'));
	}
	ru = json_array_get(rules, 0);
	ck_assert_str_eq(tu_json_str(ru, "id"), "fixed-port-taken");
	ck_assert_str_eq(tu_json_str(ru, "name"), "FixedPortTaken");
	ck_assert_str_eq(tu_json_str(json_object_get(ru,
	    "defaultConfiguration"), "level"), "error");
	tu_json_done(a, &r, doc, text);
}
END_TEST

/* One result per finding, in order, each pointing at its rule. */
START_TEST(test_results_rules_levels)
{
	const struct finding	*f;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *run, *rules, *results, *res;
	char			*text;
	size_t			 i;
	long long		 ri;
	int			 seen[3] = { 0, 0, 0 };

	a = tu_report_audit(cs_fleet, NULL, &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	run = cs_run(doc);
	rules = json_object_get(json_object_get(json_object_get(run, "tool"),
	    "driver"), "rules");
	results = json_object_get(run, "results");
	ck_assert_uint_eq(json_array_size(results), a->nfindings);
	json_array_foreach(results, i, res) {
		f = a->findings[i];
		ri = tu_json_int(res, "ruleIndex");
		ck_assert_int_ge(ri, 0);
		ck_assert_int_lt(ri, (long long)json_array_size(rules));
		ck_assert_str_eq(tu_json_str(json_array_get(rules, ri), "id"),
		    tu_json_str(res, "ruleId"));
		ck_assert_str_eq(tu_json_str(res, "ruleId"), f->rule->id);
		ck_assert_str_eq(tu_json_str(res, "level"), cs_level(f->sev));
		ck_assert_str_eq(tu_json_str(json_object_get(res,
		    "partialFingerprints"), "portaudit/v1"), f->id);
		ck_assert_str_eq(tu_json_str(json_object_get(res, "properties"),
		    "severity"), severity_name(f->sev));
		ck_assert(json_is_array(json_object_get(res, "locations")));
		ck_assert_ptr_null(json_object_get(res, "suppressions"));
		seen[0] |= strcmp(tu_json_str(res, "level"), "error") == 0;
		seen[1] |= strcmp(tu_json_str(res, "level"), "warning") == 0;
		seen[2] |= strcmp(tu_json_str(res, "level"), "note") == 0;
	}
	/* The example fleet has findings of every severity. */
	ck_assert(seen[0] && seen[1] && seen[2]);
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_locations_and_artifacts)
{
	const struct finding	*f;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *run, *arts, *res, *loc, *pl, *al;
	char			*text, *detail;
	size_t			 i;
	int			 seen = 0;

	a = tu_report_audit(cs_fleet, NULL, &r);
	f = tu_finding(a, "fixed-port-taken", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	run = cs_run(doc);
	arts = json_object_get(run, "artifacts");
	ck_assert_uint_eq(json_array_size(arts), a->fleet->ninputs);
	res = cs_result(run, f);
	ck_assert_ptr_nonnull(res);
	detail = findings_text(r.rules, f, "detail");
	ck_assert_str_eq(tu_json_str(json_object_get(res, "message"), "text"),
	    detail);
	free(detail);
	ck_assert_uint_eq(json_array_size(json_object_get(res, "locations")),
	    f->nev);
	json_array_foreach(json_object_get(res, "locations"), i, loc) {
		pl = json_object_get(loc, "physicalLocation");
		al = json_object_get(pl, "artifactLocation");
		ck_assert_str_eq(tu_json_str(al, "uri"), f->ev[i].in->path);
		ck_assert_int_eq(tu_json_int(json_object_get(pl, "region"),
		    "startLine"), f->ev[i].line);
		ck_assert_str_eq(tu_json_str(json_object_get(json_object_get(pl,
		    "region"), "snippet"), "text"), f->ev[i].text);
		/* The index leads to the artifact of the same file. */
		ck_assert_str_eq(tu_json_str(json_object_get(
		    json_array_get(arts, tu_json_int(al, "index")),
		    "location"), "uri"), tu_json_str(al, "uri"));
		if (strcmp(tu_json_str(al, "uri"),
		    "examples/fleet/hq/EXCH01/netstat.txt") == 0) {
			ck_assert_int_eq(tu_json_int(json_object_get(pl,
			    "region"), "startLine"), 20);
			seen = 1;
		}
	}
	ck_assert(seen);
	ck_assert_str_eq(tu_json_str(json_object_get(res, "properties"),
	    "host"), "EXCH01");
	ck_assert_int_eq(tu_json_int(json_object_get(res, "properties"),
	    "port"), 1025);
	tu_json_done(a, &r, doc, text);
}
END_TEST

/* A stated default is no location: it becomes a note of the result. */
START_TEST(test_default_evidence_as_note)
{
	const struct finding	*f;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *res, *notes;
	char			*text;

	a = tu_report_audit(cs_fleet, NULL, &r);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->nev, 2);
	ck_assert_ptr_null(f->ev[1].in);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	res = cs_result(cs_run(doc), f);
	ck_assert_ptr_nonnull(res);
	ck_assert_uint_eq(json_array_size(json_object_get(res, "locations")),
	    1);
	notes = json_object_get(json_object_get(res, "properties"), "notes");
	ck_assert_uint_eq(json_array_size(notes), 1);
	ck_assert_str_eq(json_string_value(json_array_get(notes, 0)),
	    f->ev[1].text);
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_artifact_hashes)
{
	const struct input	*in;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *arts, *art;
	char			*text, hex[65];
	size_t			 i;

	a = tu_report_audit(cs_fleet, NULL, &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	arts = json_object_get(cs_run(doc), "artifacts");
	json_array_foreach(arts, i, art) {
		in = a->fleet->inputs[i];
		ck_assert_str_eq(tu_json_str(json_object_get(art, "location"),
		    "uri"), in->path);
		/* What sha256sum gives for the bytes on disk. */
		tu_sha256_file(in->path, hex);
		ck_assert_str_eq(tu_json_str(json_object_get(art, "hashes"),
		    "sha-256"), hex);
	}
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_waiver_suppression)
{
	static const char	 pol[] = "[waiver exch01-ds]\n"
	    "rule = fixed-port-taken\nhost = EXCH01\nport = 1025\n"
	    "reason = moves to 1200 with the next maintenance window\n"
	    "expires = 2099-12-31\n"
	    "[waiver old]\nrule = fixed-port-excluded\nhost = FS01\n"
	    "reason = gone\nexpires = 2001-01-01\n";
	const struct finding	*f;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *run, *res, *sup, *s;
	char			*text;

	a = tu_report_audit(cs_fleet, tu_write_temp(pol, sizeof(pol) - 1,
	    "policy.ini"), &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	run = cs_run(doc);
	f = tu_finding(a, "fixed-port-taken", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	ck_assert(f->waived);
	res = cs_result(run, f);
	sup = json_object_get(res, "suppressions");
	ck_assert_uint_eq(json_array_size(sup), 1);
	s = json_array_get(sup, 0);
	ck_assert_str_eq(tu_json_str(s, "kind"), "external");
	ck_assert_str_eq(tu_json_str(s, "justification"),
	    "moves to 1200 with the next maintenance window");
	ck_assert(json_is_true(json_object_get(json_object_get(res,
	    "properties"), "waived")));
	/* An expired waiver suppresses nothing. */
	f = tu_finding(a, "fixed-port-excluded", "FS01", -1);
	ck_assert_ptr_nonnull(f);
	ck_assert(f->waiver_expired);
	res = cs_result(run, f);
	ck_assert_ptr_null(json_object_get(res, "suppressions"));
	ck_assert(json_is_false(json_object_get(json_object_get(res,
	    "properties"), "waived")));
	ck_assert(json_is_true(json_object_get(json_object_get(res,
	    "properties"), "waiver_expired")));
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_deterministic)
{
	tu_assert_deterministic(&renderer_sarif, cs_fleet);
}
END_TEST

/*
 * Host folders with a quote, a newline, a byte that is not UTF-8, a space
 * and a non-ASCII letter: the log parses, and the URIs are percent-encoded
 * file: URIs (the fleet was given as an absolute path).
 */
START_TEST(test_uri_encoding_and_escapes)
{
	const char	*paths[2];
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *run, *arts, *art, *res, *loc;
	const char	*uri;
	char		*text, want[512];
	size_t		 i;
	int		 odd = 0, spaced = 0;

	paths[0] = tu_fleet(
	    "s/WE\"B\n\xff" "01/registry.reg",
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
	    "MSExchangeDS\\Parameters]\r\n"
	    "\"TCP/IP port\"=dword:00000401\r\n",
	    "s/WE\"B\n\xff" "01/netstat.txt",
	    "\nActive Connections\n\n"
	    "  Proto  Local Address          Foreign Address        State"
	    "           PID\n"
	    "  TCP    10.0.0.1:1025          10.0.0.2:139           "
	    "ESTABLISHED     4242\n"
	    " [odd\"q\\\x01\tx.exe]\n",
	    "s/H\xc3\xb6st 1/netstat.txt",
	    "\nActive Connections\n\n"
	    "  Proto  Local Address          Foreign Address        State\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              "
	    "LISTENING\n",
	    NULL);
	paths[1] = NULL;
	a = tu_report_audit(paths, NULL, &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	ck_assert_ptr_null(strchr(text, '\x01'));
	doc = tu_json_parse(text);
	run = cs_run(doc);
	arts = json_object_get(run, "artifacts");
	ck_assert_uint_eq(json_array_size(arts), 3);
	json_array_foreach(arts, i, art) {
		uri = tu_json_str(json_object_get(art, "location"), "uri");
		ck_assert_msg(strncmp(uri, "file:///", 8) == 0, "%s", uri);
		ck_assert_ptr_null(strpbrk(uri, " \"\n"));
		snprintf(want, sizeof(want), "file://%s/s/H%%C3%%B6st%%201/"
		    "netstat.txt", paths[0]);
		spaced |= strcmp(uri, want) == 0;
		snprintf(want, sizeof(want), "file://%s/s/WE%%22B%%0A%%FF01/"
		    "netstat.txt", paths[0]);
		odd |= strcmp(uri, want) == 0;
	}
	ck_assert(spaced);
	ck_assert(odd);
	res = json_array_get(json_object_get(run, "results"), 0);
	ck_assert_ptr_nonnull(res);
	ck_assert_str_eq(tu_json_str(res, "ruleId"), "fixed-port-taken");
	ck_assert_str_eq(tu_json_str(json_object_get(res, "properties"),
	    "host"), "WE\"B\n\xef\xbf\xbd" "01");
	ck_assert_ptr_nonnull(strstr(tu_json_str(json_object_get(res,
	    "message"), "text"), "odd\"q\\\x01\tx.exe"));
	json_array_foreach(json_object_get(res, "locations"), i, loc)
		ck_assert_ptr_nonnull(strstr(tu_json_str(json_object_get(
		    json_object_get(loc, "physicalLocation"),
		    "artifactLocation"), "uri"), "/s/WE%22B%0A%FF01/"));
	tu_json_done(a, &r, doc, text);
}
END_TEST

/*
 * The driver's informationUri is the HTML manual, and each rule's helpUri
 * that page with the rule's id as fragment; mandoc -Thtml gives every
 * rule of the manual's RULES list that id, so a rule missing from the
 * manual, or a link to the wrong entry, fails here.
 */
START_TEST(test_rule_help_links)
{
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *drv, *ru;
	const char	*info, *help;
	char		*text, *html, want[4096], id[256];
	size_t		 i, n;

	a = tu_report_audit(cs_fleet, NULL, &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	drv = json_object_get(json_object_get(cs_run(doc), "tool"), "driver");
	info = tu_json_str(drv, "informationUri");
	ck_assert_msg(strncmp(info, "file:///", 8) == 0, "%s", info);
	n = strlen(info);
	ck_assert_msg(n > 17 && strcmp(info + n - 17, "/portaudit.1.html") ==
	    0, "%s", info);
	html = tu_output("mandoc -Thtml portaudit.1");
	json_array_foreach(json_object_get(drv, "rules"), i, ru) {
		help = tu_json_str(ru, "helpUri");
		snprintf(want, sizeof(want), "%s#%s", info, rule_table[i]->id);
		ck_assert_str_eq(help, want);
		snprintf(id, sizeof(id), "id=\"%s\"", rule_table[i]->id);
		ck_assert_msg(strstr(html, id) != NULL,
		    "the HTML manual has no entry %s", id);
	}
	free(html);
	tu_json_done(a, &r, doc, text);
}
END_TEST

/*
 * sarif-multitool validate on the example fleet's log, with and without a
 * baseline (resolved findings as absent results): its own SARIF log of
 * what it checked holds no result at level error or warning.
 */
static void
cs_multitool(const char *fleet, const char *extra)
{
	const char	*out = tu_outdir();
	char		*log, *vfile;
	json_t		*doc, *res;
	size_t		 i, bad = 0;

	ck_assert_msg(tu_system("command -v sarif-multitool >/dev/null") == 0,
	    "sarif-multitool is not installed (make deps installs it)");
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --out %s "
	    "--format sarif%s %s", out, extra, fleet), 0);
	ck_assert_int_ge(asprintf(&vfile, "%s/validation.sarif", out), 0);
	ck_assert_int_eq(tu_system("sarif-multitool validate "
	    "%s/findings.sarif -o %s --level Error Warning >%s/validate.txt "
	    "2>&1", out, vfile, out), 0);
	log = tu_slurp_text(vfile, NULL);
	doc = tu_json_parse(log);
	json_array_foreach(json_object_get(json_array_get(json_object_get(
	    doc, "runs"), 0), "results"), i, res) {
		fprintf(stderr, "sarif-multitool: %s %s\n",
		    tu_json_str(res, "ruleId"), tu_json_str(res, "level"));
		bad++;
	}
	ck_assert_uint_eq(bad, 0);
	json_decref(doc);
	free(log);
	free(vfile);
}

START_TEST(test_multitool_validates)
{
	const char	*base = tu_outdir();
	char		 extra[4200];

	cs_multitool("examples/fleet", "");
	/* one site against the whole fleet: the other's findings absent */
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --out %s "
	    "--format csv examples/fleet", base), 0);
	snprintf(extra, sizeof(extra), " --baseline %s/findings.csv", base);
	cs_multitool("examples/fleet/hq", extra);
}
END_TEST

/*
 * The log is the whole tree the same calls build (as it once was built
 * and dumped), on the example fleet, with a waiver, and with a baseline
 * whose findings this audit lacks (absent results).
 */
START_TEST(test_stream_is_tree)
{
	static const char	 policy[] =
	    "[waiver taken]\nrule = fixed-port-taken\nhost = *\n"
	    "reason = accepted \"for now\"\n";
	static const char *const hq[] = { "examples/fleet/hq", NULL };
	struct report	 r;
	struct audit	*a;
	size_t		 i, nwaived = 0;

	a = tu_report_audit(cs_fleet, NULL, &r);
	tu_assert_json_as_tree(&renderer_sarif, sarif_document, &r);
	tu_report_free(a, &r);
	a = tu_report_audit(cs_fleet, tu_write_temp(policy, strlen(policy),
	    "policy.ini"), &r);
	for (i = 0; i < a->nfindings; i++)
		nwaived += a->findings[i]->waived;
	ck_assert_uint_gt(nwaived, 0);
	tu_assert_json_as_tree(&renderer_sarif, sarif_document, &r);
	tu_report_free(a, &r);
	a = tu_report_baseline(hq, cs_fleet, &r);
	ck_assert_uint_gt(a->baseline->nresolved, 0);
	tu_assert_json_as_tree(&renderer_sarif, sarif_document, &r);
	tu_report_free(a, &r);
}
END_TEST

/* Absent results follow the findings' results, indented as theirs. */
START_TEST(test_absent_results)
{
	static const char *const hq[] = { "examples/fleet/hq", NULL };
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *res, *v;
	char		*text;
	const char	*state;
	size_t		 i, nabsent = 0;

	a = tu_report_baseline(hq, cs_fleet, &r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	doc = tu_json_parse(text);
	res = json_object_get(cs_run(doc), "results");
	ck_assert_uint_eq(json_array_size(res),
	    a->nfindings + a->baseline->nresolved);
	json_array_foreach(res, i, v) {
		state = tu_json_str(v, "baselineState");
		if (i < a->nfindings)
			ck_assert_str_ne(state, "absent");
		else {
			ck_assert_str_eq(state, "absent");
			ck_assert_str_eq(tu_json_str(json_object_get(v,
			    "partialFingerprints"), "portaudit/v1"),
			    a->baseline->resolved[i - a->nfindings]->id);
			nabsent++;
		}
	}
	ck_assert_uint_gt(nabsent, 0);
	ck_assert_ptr_nonnull(strstr(text, "\n      \"results\": [\n"
	    "        {\n          \"ruleId\": \""));
	ck_assert_ptr_nonnull(strstr(text, "\n          \"locations\": [],\n"
	    "          \"partialFingerprints\": {\n"
	    "            \"portaudit/v1\": \""));
	ck_assert_ptr_nonnull(strstr(text, "\n        }\n      ]\n    }\n"
	    "  ]\n}\n"));
	json_decref(doc);
	free(text);
	tu_report_free(a, &r);
}
END_TEST

/* No host and no finding: empty artifacts and results, as []. */
START_TEST(test_no_hosts)
{
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *run;
	char		*text;

	a = tu_report_no_hosts(&r);
	text = tu_emit(&renderer_sarif, &r, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\n      },\n"
	    "      \"artifacts\": [],\n      \"results\": []\n"
	    "    }\n  ]\n}\n"));
	doc = tu_json_parse(text);
	run = cs_run(doc);
	ck_assert(json_is_array(json_object_get(run, "artifacts")));
	ck_assert_uint_eq(json_array_size(json_object_get(run, "artifacts")),
	    0);
	ck_assert(json_is_array(json_object_get(run, "results")));
	ck_assert_uint_eq(json_array_size(json_object_get(run, "results")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(
	    json_object_get(run, "tool"), "driver"), "rules")), rule_count);
	tu_assert_json_as_tree(&renderer_sarif, sarif_document, &r);
	json_decref(doc);
	free(text);
	tu_report_free(a, &r);
}
END_TEST

/* A write that fails is an output error, and the renderer says so. */
START_TEST(test_write_error)
{
	tu_assert_write_error(&renderer_sarif, cs_fleet, "findings.sarif: cannot write the SARIF log");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sarif");
	TCase	*t = tcase_create("sarif");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_log_and_rules);
	tcase_add_test(t, test_results_rules_levels);
	tcase_add_test(t, test_locations_and_artifacts);
	tcase_add_test(t, test_default_evidence_as_note);
	tcase_add_test(t, test_artifact_hashes);
	tcase_add_test(t, test_waiver_suppression);
	tcase_add_test(t, test_deterministic);
	tcase_add_test(t, test_uri_encoding_and_escapes);
	tcase_add_test(t, test_rule_help_links);
	tcase_add_test(t, test_multitool_validates);
	tcase_add_test(t, test_stream_is_tree);
	tcase_add_test(t, test_absent_results);
	tcase_add_test(t, test_no_hosts);
	tcase_add_test(t, test_write_error);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
