/*
 * findings.json: the example fleet's audit written through renderer_json
 * and read back with jansson.  The document must hold every finding with
 * its evidence, every host with its ranges and their sources, every input
 * with a SHA-256 that matches the bytes on disk, be the same bytes on
 * every run, and stay valid JSON whatever bytes a host name or line holds.
 * Written an element at a time, it must be the bytes of the whole tree
 * (no host, a baseline, nested settings) and tell a failed write.
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

static const char *const cj_fleet[] = { "examples/fleet", NULL };

/* The element of array whose key1 and key2 hold those strings. */
static json_t *
cj_find(const json_t *array, const char *key1, const char *v1,
    const char *key2, const char *v2)
{
	json_t	*o;
	size_t	 i;

	json_array_foreach(array, i, o)
		if (strcmp(tu_json_str(o, key1), v1) == 0 && (key2 == NULL ||
		    strcmp(tu_json_str(o, key2), v2) == 0))
			return (o);
	return (NULL);
}

/* A policy that waives a finding and lets a waiver expire. */
static const char cj_policy[] =
    "[policy]\norganisation = Example Corp\n\n"
    "[waiver exch01-ds]\nrule = fixed-port-in-ephemeral\nhost = EXCH01\n"
    "port = 1025\nreason = moves to 1200 \"soon\"\nexpires = 2099-03-31\n\n"
    "[waiver taken]\nrule = fixed-port-taken\nhost = *\n"
    "reason = gone\nexpires = 2020-01-01\n";

/* Findings waived (waived 1), or whose waiver expired (waived 0). */
static size_t
cj_count_true(const struct audit *a, int waived)
{
	size_t	 i, n = 0;

	for (i = 0; i < a->nfindings; i++)
		n += waived ? a->findings[i]->waived :
		    a->findings[i]->waiver_expired;
	return (n);
}

START_TEST(test_document_shape)
{
	static const char *const top[] = {
		"tool", "date", "summary", "findings", "hosts", "inputs",
		"skipped", NULL
	};
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *sum, *sev;
	char		*text;
	long long	 total = 0;
	const char	*key;
	json_t		*v;
	int		 i;

	a = tu_report_audit(cj_fleet, NULL, &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	/* The keys come in the documented order. */
	i = 0;
	json_object_foreach(doc, key, v) {
		ck_assert_ptr_nonnull(top[i]);
		ck_assert_str_eq(key, top[i++]);
	}
	ck_assert_ptr_null(top[i]);
	ck_assert_str_eq(tu_json_str(json_object_get(doc, "tool"), "name"),
	    "portaudit");
	ck_assert_str_eq(tu_json_str(json_object_get(doc, "tool"), "version"),
	    PORTAUDIT_VERSION);
	ck_assert_str_eq(tu_json_str(doc, "date"), "2023-11-14");
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "findings")),
	    a->nfindings);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "hosts")),
	    a->nhosts);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "inputs")),
	    a->fleet->ninputs);
	ck_assert(json_is_array(json_object_get(doc, "skipped")));
	sum = json_object_get(doc, "summary");
	ck_assert_int_eq(tu_json_int(sum, "hosts"), 12);
	ck_assert_int_eq(tu_json_int(sum, "files"),
	    (long long)a->fleet->ninputs);
	ck_assert_int_eq(tu_json_int(sum, "findings"), (long long)a->nfindings);
	sev = json_object_get(sum, "by_severity");
	json_object_foreach(sev, key, v)
		total += json_integer_value(v);
	ck_assert_int_eq(json_object_size(sev), SEV__MAX);
	ck_assert_int_eq(total + tu_json_int(sum, "waived"),
	    (long long)a->nfindings);
	ck_assert_int_gt(tu_json_int(sev, "critical"), 0);
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_finding_and_evidence)
{
	const struct finding	*f;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *jf, *ev, *e;
	char			*text, *s;
	size_t			 i;
	int			 seen = 0;

	a = tu_report_audit(cj_fleet, NULL, &r);
	f = tu_finding(a, "fixed-port-taken", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	jf = cj_find(json_object_get(doc, "findings"), "rule",
	    "fixed-port-taken", "host", "EXCH01");
	ck_assert_ptr_nonnull(jf);
	ck_assert_str_eq(tu_json_str(jf, "id"), f->id);
	ck_assert_str_eq(tu_json_str(jf, "severity"), severity_name(f->sev));
	ck_assert_str_eq(tu_json_str(jf, "site"), "hq");
	ck_assert_str_eq(tu_json_str(jf, "proto"), "tcp");
	ck_assert_int_eq(tu_json_int(jf, "port"), 1025);
	ck_assert_str_eq(tu_json_str(jf, "service"), "MSExchangeDS");
	ck_assert_str_eq(tu_json_str(jf, "title"), f->rule->title);
	s = findings_text(r.rules, f, "detail");
	ck_assert_str_eq(tu_json_str(jf, "detail"), s);
	ck_assert_ptr_nonnull(strstr(s, "10.10.1.10:139"));
	free(s);
	s = findings_text(r.rules, f, "recommendation");
	ck_assert_str_eq(tu_json_str(jf, "recommendation"), s);
	free(s);
	ck_assert(json_is_false(json_object_get(jf, "waived")));
	ck_assert(json_is_null(json_object_get(jf, "waiver_reason")));
	ck_assert(json_is_null(json_object_get(jf, "waiver_expires")));
	/* Evidence: the same lines as the finding, in order. */
	ev = json_object_get(jf, "evidence");
	ck_assert_uint_eq(json_array_size(ev), f->nev);
	json_array_foreach(ev, i, e) {
		ck_assert_str_eq(tu_json_str(e, "file"), f->ev[i].in->path);
		ck_assert_int_eq(tu_json_int(e, "line"), f->ev[i].line);
		ck_assert_str_eq(tu_json_str(e, "text"), f->ev[i].text);
		if (strcmp(tu_json_str(e, "file"),
		    "examples/fleet/hq/EXCH01/netstat.txt") == 0) {
			ck_assert_int_eq(tu_json_int(e, "line"), 20);
			ck_assert_ptr_nonnull(strstr(tu_json_str(e, "text"),
			    "10.10.1.21:1025"));
			seen = 1;
		}
	}
	ck_assert(seen);
	tu_json_done(a, &r, doc, text);
}
END_TEST

/* Evidence that is a stated default has no file and no line. */
START_TEST(test_default_evidence_null)
{
	const struct finding	*f;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *jf, *e, *last;
	char			*text;

	a = tu_report_audit(cj_fleet, NULL, &r);
	f = tu_finding(a, "fixed-port-in-ephemeral", "EXCH01", 1025);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->nev, 2);
	ck_assert_ptr_null(f->ev[1].in);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	jf = cj_find(json_object_get(doc, "findings"), "id", f->id, NULL,
	    NULL);
	ck_assert_ptr_nonnull(jf);
	e = json_object_get(jf, "evidence");
	ck_assert_uint_eq(json_array_size(e), 2);
	ck_assert_str_eq(tu_json_str(json_array_get(e, 0), "file"),
	    "examples/fleet/hq/EXCH01/registry.reg");
	last = json_array_get(e, 1);
	ck_assert(json_is_null(json_object_get(last, "file")));
	ck_assert(json_is_null(json_object_get(last, "line")));
	ck_assert_str_eq(tu_json_str(last, "text"), f->ev[1].text);
	ck_assert_ptr_nonnull(strstr(tu_json_str(last, "text"), "NT 4.0"));
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_hosts_ranges_settings)
{
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *hosts, *h, *os, *tcp, *eph, *src, *set;
	char		*text;
	size_t		 i;
	int		 found = 0;

	a = tu_report_audit(cj_fleet, NULL, &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	hosts = json_object_get(doc, "hosts");
	/* EXCH01: NT 4.0 from the manifest, the MaxUserPort default. */
	h = cj_find(hosts, "name", "EXCH01", NULL, NULL);
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(tu_json_str(h, "site"), "hq");
	ck_assert_str_eq(tu_json_str(h, "role"), "exchange-5.5");
	os = json_object_get(h, "os");
	ck_assert_str_eq(tu_json_str(os, "name"), "Windows NT 4.0 SP6a");
	ck_assert_str_eq(tu_json_str(os, "family"), "windows");
	ck_assert(json_is_true(json_object_get(os, "legacy")));
	ck_assert_str_eq(tu_json_str(json_object_get(os, "source"), "note"),
	    "manifest");
	tcp = json_object_get(json_object_get(h, "ranges"), "tcp");
	eph = json_object_get(tcp, "ephemeral");
	ck_assert_int_eq(tu_json_int(eph, "first"), 1024);
	ck_assert_int_eq(tu_json_int(eph, "last"), 5000);
	src = json_object_get(eph, "source");
	ck_assert(json_is_null(json_object_get(src, "file")));
	ck_assert(json_is_null(json_object_get(src, "line")));
	ck_assert_ptr_nonnull(strstr(tu_json_str(src, "note"), "NT 4.0"));
	ck_assert(json_is_array(json_object_get(tcp, "rpc")));
	ck_assert(json_is_array(json_object_get(tcp, "reserved")));
	ck_assert(json_is_array(json_object_get(tcp, "excluded")));
	ck_assert(json_is_object(json_object_get(json_object_get(h,
	    "ranges"), "udp")));
	json_array_foreach(json_object_get(h, "settings"), i, set) {
		if (json_integer_value(json_object_get(set, "port")) != 1025)
			continue;
		ck_assert_str_eq(tu_json_str(set, "service"), "MSExchangeDS");
		ck_assert_str_eq(tu_json_str(set, "proto"), "tcp");
		ck_assert_str_eq(tu_json_str(set, "name"), "TCP/IP port");
		ck_assert_str_eq(tu_json_str(set, "source"),
		    "examples/fleet/hq/EXCH01/registry.reg");
		ck_assert_int_eq(tu_json_int(set, "line"), 8);
		found = 1;
	}
	ck_assert(found);
	/* DC01: the range netsh showed, with its file and line. */
	h = cj_find(hosts, "name", "DC01", NULL, NULL);
	ck_assert_ptr_nonnull(h);
	eph = json_object_get(json_object_get(json_object_get(h, "ranges"),
	    "tcp"), "ephemeral");
	ck_assert_int_eq(tu_json_int(eph, "first"), 49152);
	ck_assert_int_eq(tu_json_int(eph, "last"), 65535);
	src = json_object_get(eph, "source");
	ck_assert_str_eq(tu_json_str(src, "file"),
	    "examples/fleet/hq/DC01/dynamicport.txt");
	ck_assert_int_gt(tu_json_int(src, "line"), 0);
	ck_assert(json_is_null(json_object_get(src, "note")));
	tu_json_done(a, &r, doc, text);
}
END_TEST

/* The setting of a host's JSON object that pins port; fails otherwise. */
static json_t *
cj_setting(json_t *hosts, const char *host, int port)
{
	json_t	*h, *set;
	size_t	 i;

	h = cj_find(hosts, "name", host, NULL, NULL);
	ck_assert_msg(h != NULL, "no host %s", host);
	json_array_foreach(json_object_get(h, "settings"), i, set)
		if (json_integer_value(json_object_get(set, "port")) == port)
			return (set);
	ck_abort_msg("%s has no setting on port %d", host, port);
	return (NULL);
}

/* Each setting says what netstat shows on its port, as pins.c judged it,
 * with the socket line; the summary counts the settings by it. */
START_TEST(test_port_status)
{
	static const struct {
		const char	*host;
		int		 port;
		const char	*status, *text, *file;
		const char	*line;		/* in the evidence text */
	} want[] = {
		{ "DC01", 50000, "verified", "listening, as pinned",
		    "examples/fleet/hq/DC01/netstat.txt", "0.0.0.0:50000" },
		{ "EXCH02", 1200, "owner-not-shown",
		    "listening, owner not shown",
		    "examples/fleet/hq/EXCH02/netstat.txt", "0.0.0.0:1200" },
		{ "EXCH01", 1025, "taken", "taken by something else",
		    "examples/fleet/hq/EXCH01/netstat.txt",
		    "10.10.1.21:1025" },
		{ "FS01", 50100, "not-listening", "not listening", NULL,
		    NULL }
	};
	struct report		 r;
	struct audit		*a;
	const struct pincheck	*pc;
	const struct hostinfo	*hi;
	json_t			*doc, *hosts, *set, *ps, *ev, *sum;
	char			*text;
	size_t			 i, k, n[PINST__MAX];
	long long		 total = 0;

	a = tu_report_audit(cj_fleet, NULL, &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	hosts = json_object_get(doc, "hosts");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		set = cj_setting(hosts, want[i].host, want[i].port);
		ps = json_object_get(set, "port_status");
		ck_assert_str_eq(tu_json_str(ps, "status"), want[i].status);
		ck_assert_str_eq(tu_json_str(ps, "text"), want[i].text);
		ev = json_object_get(ps, "evidence");
		if (want[i].file == NULL) {
			ck_assert(json_is_null(ev));
			continue;
		}
		ck_assert_str_eq(tu_json_str(ev, "file"), want[i].file);
		ck_assert_ptr_nonnull(strstr(tu_json_str(ev, "text"),
		    want[i].line));
		/* The same line as the model's. */
		hi = tu_host(a, want[i].host);
		for (k = 0; k < hi->settings.n; k++)
			if (hi->settings.v[k].rec->u.set.port == want[i].port)
				break;
		ck_assert_uint_lt(k, hi->settings.n);
		pc = pins_get(hi, &hi->settings.v[k]);
		ck_assert_int_eq(tu_json_int(ev, "line"), pc->sock->rec->line);
	}
	/* The summary's counts are the audit's. */
	pins_count(a, n);
	sum = json_object_get(json_object_get(doc, "summary"),
	    "port_status");
	for (k = 0; k < PINST__MAX; k++) {
		ck_assert_int_eq(tu_json_int(sum,
		    pinstatus_name((enum pinstatus)k)), n[k]);
		total += n[k];
	}
	ck_assert_int_eq(tu_json_int(json_object_get(doc, "summary"),
	    "settings"), total);
	ck_assert_int_gt(n[PINST_VERIFIED], 0);
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_inputs_sha256)
{
	const struct input	*in;
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *inputs, *ji;
	char			*text, want[65];
	size_t			 i;

	a = tu_report_audit(cj_fleet, NULL, &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	inputs = json_object_get(doc, "inputs");
	json_array_foreach(inputs, i, ji) {
		in = a->fleet->inputs[i];
		ck_assert_str_eq(tu_json_str(ji, "path"), in->path);
		ck_assert(in->have_sha256);
		tu_hex(in->sha256, sizeof(in->sha256), want);
		ck_assert_str_eq(tu_json_str(ji, "sha256"), want);
		ck_assert_int_eq(tu_json_int(ji, "lines"),
		    (long long)in->lines);
		ck_assert_int_eq(tu_json_int(ji, "records"),
		    (long long)in->records);
		ck_assert_int_eq(tu_json_int(ji, "recognised"),
		    (long long)in->lines_known);
		ck_assert_int_eq(tu_json_int(ji, "unparsed"),
		    (long long)in->lines_unparsed);
	}
	/* Against the bytes on disk, as sha256sum computes it. */
	ji = cj_find(inputs, "path", "examples/fleet/hq/EXCH01/registry.reg",
	    NULL, NULL);
	ck_assert_ptr_nonnull(ji);
	tu_sha256_file("examples/fleet/hq/EXCH01/registry.reg", want);
	ck_assert_str_eq(tu_json_str(ji, "sha256"), want);
	ck_assert_str_eq(tu_json_str(ji, "host"), "EXCH01");
	ck_assert_str_eq(tu_json_str(ji, "format"), "reg");
	ck_assert_str_eq(tu_json_str(ji, "encoding"), "UTF-16LE");
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_waiver_fields)
{
	static const char	 pol[] = "[waiver exch01-ds]\n"
	    "rule = fixed-port-taken\nhost = EXCH01\nport = 1025\n"
	    "reason = moves to \"1200\" next window\nexpires = 2099-12-31\n";
	const char		*paths[] = { "examples/fleet", NULL };
	struct report		 r;
	struct audit		*a;
	json_t			*doc, *jf, *sum;
	char			*text;

	a = tu_report_audit(paths, tu_write_temp(pol, sizeof(pol) - 1,
	    "policy.ini"), &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	jf = cj_find(json_object_get(doc, "findings"), "rule",
	    "fixed-port-taken", "host", "EXCH01");
	ck_assert_ptr_nonnull(jf);
	ck_assert(json_is_true(json_object_get(jf, "waived")));
	ck_assert(json_is_false(json_object_get(jf, "waiver_expired")));
	ck_assert_str_eq(tu_json_str(jf, "waiver_reason"),
	    "moves to \"1200\" next window");
	ck_assert_str_eq(tu_json_str(jf, "waiver_expires"), "2099-12-31");
	ck_assert_ptr_nonnull(strstr(tu_json_str(jf, "detail"), "2099-12-31"));
	sum = json_object_get(doc, "summary");
	ck_assert_int_eq(tu_json_int(sum, "waived"), 1);
	tu_json_done(a, &r, doc, text);
}
END_TEST

START_TEST(test_deterministic)
{
	tu_assert_deterministic(&renderer_json, cj_fleet);
}
END_TEST

/*
 * A host folder named with a quote, a newline and a byte that is not
 * UTF-8, whose netstat owner holds a quote, a backslash, a control
 * character and a tab: the document still parses and says them back.
 */
START_TEST(test_odd_bytes_escaped)
{
	const char	*paths[2];
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *h, *jf, *ev;
	const char	*name, *d;
	char		*text;
	size_t		 i;

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
	    NULL);
	paths[1] = NULL;
	a = tu_report_audit(paths, NULL, &r);
	ck_assert_uint_eq(a->nhosts, 1);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	/* The raw control bytes never reach the document. */
	ck_assert_ptr_null(strchr(text, '\x01'));
	ck_assert_ptr_null(strchr(text, '\t'));
	h = json_array_get(json_object_get(doc, "hosts"), 0);
	name = tu_json_str(h, "name");
	ck_assert_str_eq(name, "WE\"B\n\xef\xbf\xbd" "01");
	jf = cj_find(json_object_get(doc, "findings"), "rule",
	    "fixed-port-taken", NULL, NULL);
	ck_assert_ptr_nonnull(jf);
	ck_assert_str_eq(tu_json_str(jf, "host"), name);
	d = tu_json_str(jf, "detail");
	ck_assert_ptr_nonnull(strstr(d, "odd\"q\\\x01\tx.exe"));
	ev = json_object_get(jf, "evidence");
	ck_assert_uint_eq(json_array_size(ev), 2);
	json_array_foreach(ev, i, h)
		ck_assert_ptr_nonnull(strstr(tu_json_str(h, "file"),
		    "/s/WE\"B\n\xef\xbf\xbd" "01/"));
	ck_assert_str_eq(tu_json_str(json_array_get(ev, 0), "text"),
	    "\"TCP/IP port\"=dword:00000401");
	ck_assert(json_is_string(json_object_get(json_array_get(
	    json_object_get(doc, "inputs"), 0), "path")));
	tu_json_done(a, &r, doc, text);
}
END_TEST

/* Absent values are null, not missing and not empty strings. */
START_TEST(test_nulls)
{
	const char	*paths[2];
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *h, *os, *tcp;
	char		*text;

	paths[0] = tu_fleet("HOST1/netstat.txt",
	    "\nActive Connections\n\n"
	    "  Proto  Local Address          Foreign Address        State\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              "
	    "LISTENING\n", NULL);
	paths[1] = NULL;
	a = tu_report_audit(paths, NULL, &r);
	r.date = NULL;
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	ck_assert(json_is_null(json_object_get(doc, "date")));
	h = json_array_get(json_object_get(doc, "hosts"), 0);
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(tu_json_str(h, "name"), "HOST1");
	ck_assert(json_is_null(json_object_get(h, "site")));
	ck_assert(json_is_null(json_object_get(h, "role")));
	os = json_object_get(h, "os");
	ck_assert(json_is_null(json_object_get(os, "name")));
	tcp = json_object_get(json_object_get(h, "ranges"), "tcp");
	ck_assert_ptr_nonnull(json_object_get(tcp, "ephemeral"));
	ck_assert_uint_eq(json_array_size(json_object_get(h, "settings")), 0);
	tu_json_done(a, &r, doc, text);
}
END_TEST

/*
 * The document is the whole tree the same calls build (as it once was
 * built and dumped), on the example fleet, with a policy that waives
 * and lets a waiver expire, and with a baseline.
 */
START_TEST(test_stream_is_tree)
{
	static const char *const hq[] = { "examples/fleet/hq", NULL };
	const char	*policy;
	struct report	 r;
	struct audit	*a;

	a = tu_report_audit(cj_fleet, NULL, &r);
	tu_assert_json_as_tree(&renderer_json, json_document, &r);
	tu_report_free(a, &r);
	policy = tu_write_temp(cj_policy, strlen(cj_policy), "policy.ini");
	a = tu_report_audit(cj_fleet, policy, &r);
	ck_assert_uint_gt(cj_count_true(a, 1), 0);
	ck_assert_uint_gt(cj_count_true(a, 0), 0);
	tu_assert_json_as_tree(&renderer_json, json_document, &r);
	tu_report_free(a, &r);
	a = tu_report_baseline(hq, cj_fleet, &r);
	ck_assert_uint_gt(a->baseline->nresolved, 0);
	tu_assert_json_as_tree(&renderer_json, json_document, &r);
	tu_report_free(a, &r);
}
END_TEST

/* No host and no finding: empty arrays, [] on the line of their key. */
START_TEST(test_no_hosts)
{
	struct report	 r;
	struct audit	*a;
	json_t		*doc;
	char		*text;

	a = tu_report_no_hosts(&r);
	text = tu_emit(&renderer_json, &r, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\n  },\n  \"findings\": [],\n"
	    "  \"hosts\": [],\n  \"inputs\": [],\n  \"skipped\": [\n    {\n"
	    "      \"path\": \""));
	ck_assert_uint_gt(strlen(text), 4);
	ck_assert_str_eq(text + strlen(text) - 4, "\n  ]\n}\n" + 3);
	doc = tu_json_parse(text);
	ck_assert(json_is_array(json_object_get(doc, "findings")));
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "findings")), 0);
	ck_assert(json_is_array(json_object_get(doc, "hosts")));
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "hosts")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "inputs")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "skipped")), 2);
	ck_assert_int_eq(tu_json_int(json_object_get(doc, "summary"), "hosts"),
	    0);
	tu_assert_json_as_tree(&renderer_json, json_document, &r);
	tu_json_done(a, &r, doc, text);
}
END_TEST

/*
 * A host's settings sit four levels down: each setting's members and
 * its port_status object are indented as jansson indents them.
 */
START_TEST(test_host_settings_layout)
{
	static const char	 setting[] =
	    "\n      \"settings\": [\n        {\n          \"key\": \"";
	static const char	 status[] =
	    ",\n          \"port_status\": {\n            \"status\": \"";
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *h, *set;
	char		*text;
	const char	*p;
	size_t		 i, nset = 0, nstatus = 0;

	a = tu_report_audit(cj_fleet, NULL, &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		set = json_object_get(h, "settings");
		if (json_array_size(set) > 0)
			nset++;
		nstatus += json_array_size(set);
	}
	ck_assert_uint_gt(nset, 0);
	/* Every host with settings opens them so, every setting its status. */
	for (i = 0, p = text; (p = strstr(p, setting)) != NULL; p++)
		i++;
	ck_assert_uint_eq(i, nset);
	for (i = 0, p = text; (p = strstr(p, status)) != NULL; p++)
		i++;
	ck_assert_uint_eq(i, nstatus);
	ck_assert_ptr_nonnull(strstr(text, "\n          }\n        }\n"
	    "      ]\n    },\n    {\n      \"name\": \""));
	tu_json_done(a, &r, doc, text);
}
END_TEST

/*
 * With a baseline, "baseline" and "resolved" follow the findings; each
 * resolved finding comes back with its evidence split into objects.
 */
START_TEST(test_baseline_resolved)
{
	static const char *const top[] = {
		"tool", "date", "summary", "findings", "baseline", "resolved",
		"hosts", "inputs", "skipped", NULL
	};
	static const char *const hq[] = { "examples/fleet/hq", NULL };
	struct report	 r;
	struct audit	*a;
	json_t		*doc, *v, *res, *ev;
	const char	*key;
	char		*text;
	size_t		 i, nev = 0;
	int		 k = 0;

	a = tu_report_baseline(hq, cj_fleet, &r);
	text = tu_emit(&renderer_json, &r, NULL);
	doc = tu_json_parse(text);
	json_object_foreach(doc, key, v) {
		ck_assert_ptr_nonnull(top[k]);
		ck_assert_str_eq(key, top[k++]);
	}
	ck_assert_ptr_null(top[k]);
	v = json_object_get(doc, "baseline");
	ck_assert_str_eq(tu_json_str(v, "file"), "base/findings.json");
	ck_assert_int_eq(tu_json_int(v, "resolved"),
	    (long long)a->baseline->nresolved);
	res = json_object_get(doc, "resolved");
	ck_assert_uint_gt(json_array_size(res), 0);
	ck_assert_uint_eq(json_array_size(res), a->baseline->nresolved);
	json_array_foreach(res, i, v) {
		ck_assert_str_eq(tu_json_str(v, "change"), "resolved");
		ck_assert_str_eq(tu_json_str(v, "id"),
		    a->baseline->resolved[i]->id);
		for (k = 0; (size_t)k < a->nfindings; k++)
			ck_assert_str_ne(a->findings[k]->id,
			    tu_json_str(v, "id"));
		ev = json_object_get(v, "evidence");
		ck_assert(json_is_array(ev));
		nev += json_array_size(ev);
		if (json_array_size(ev) > 0)
			ck_assert(json_is_string(json_object_get(
			    json_array_get(ev, 0), "text")));
	}
	ck_assert_uint_gt(nev, 0);
	ck_assert_ptr_nonnull(strstr(text, "\n  },\n  \"resolved\": [\n    {\n"
	    "      \"id\": \""));
	ck_assert_ptr_nonnull(strstr(text, "\n      \"evidence\": [\n"
	    "        {\n          \"file\": "));
	tu_json_done(a, &r, doc, text);
}
END_TEST

/* A write that fails is an output error, and the renderer says so. */
START_TEST(test_write_error)
{
	tu_assert_write_error(&renderer_json, cj_fleet, "findings.json: cannot write the JSON document");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("json");
	TCase	*t = tcase_create("json");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_document_shape);
	tcase_add_test(t, test_finding_and_evidence);
	tcase_add_test(t, test_default_evidence_null);
	tcase_add_test(t, test_hosts_ranges_settings);
	tcase_add_test(t, test_port_status);
	tcase_add_test(t, test_inputs_sha256);
	tcase_add_test(t, test_waiver_fields);
	tcase_add_test(t, test_deterministic);
	tcase_add_test(t, test_odd_bytes_escaped);
	tcase_add_test(t, test_nulls);
	tcase_add_test(t, test_stream_is_tree);
	tcase_add_test(t, test_no_hosts);
	tcase_add_test(t, test_host_settings_layout);
	tcase_add_test(t, test_baseline_resolved);
	tcase_add_test(t, test_write_error);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
