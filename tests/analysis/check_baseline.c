/*
 * Check suite for analysis/baseline.c (--baseline): an audit, a change to
 * the fleet, a second audit compared with the first one's findings.csv or
 * findings.json.  The expected new, unchanged and resolved findings are
 * worked out from the two audits' ids independently of the code under
 * test, and the story of the change is checked by rule and port.  Also:
 * rows a baseline cannot hold, files that are not findings lists, formula
 * cells, rows marked resolved by an earlier comparison, repeated ids.
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

#define CB_CSV_HDR	"id,severity,rule,host,site,proto,port,service," \
			"title,detail,evidence,recommendation\r\n"

/* DC01 pins NTDS to 50000 and Netlogon to 50001, both ephemeral ports
 * on Windows Server 2012 R2. */
static const char cb_reg_before[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"TCP/IP Port\"=dword:0000c350\r\n"
    "\r\n"
    TU_KEY_SVC("Netlogon\\Parameters")
    "\"DCTcpipPort\"=dword:0000c351\r\n";

/* NTDS moved to 40000, below the ephemeral range; Netlogon untouched;
 * NTFRS newly pinned to 50002, inside it. */
static const char cb_reg_after[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"TCP/IP Port\"=dword:00009c40\r\n"
    "\r\n"
    TU_KEY_SVC("Netlogon\\Parameters")
    "\"DCTcpipPort\"=dword:0000c351\r\n"
    "\r\n"
    TU_KEY_SVC("NTFRS\\Parameters")
    "\"RPC TCP/IP Port Assignment\"=dword:0000c352\r\n";

/* Write a report of the audit with a renderer into a temporary file. */
static const char *
cb_emit(const struct audit *a, int json)
{
	struct report	 r;
	char		*buf = NULL;
	size_t		 len = 0;
	const char	*path;
	FILE		*fp;

	tu_report(&r, a);
	r.date = "2026-01-01";
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	if (json)
		ck_assert_int_eq(renderer_json.emit(&r, fp), 0);
	else
		findings_csv(fp, r.rules, a);
	ck_assert_int_eq(fclose(fp), 0);
	template_free(r.rules);
	path = tu_write_temp(buf, len, json ? "findings.json" :
	    "findings.csv");
	free(buf);
	return (path);
}

/* Whether an audit raised a finding with this id. */
static int
cb_has(const struct audit *a, const char *id)
{
	size_t	 i;

	for (i = 0; i < a->nfindings; i++)
		if (strcmp(a->findings[i]->id, id) == 0)
			return (1);
	return (0);
}

static const struct oldfinding *
cb_resolved(const struct baseline *b, const char *rule, int port)
{
	size_t	 i;

	for (i = 0; i < b->nresolved; i++)
		if (strcmp(b->resolved[i]->rule, rule) == 0 &&
		    b->resolved[i]->port == port)
			return (b->resolved[i]);
	return (NULL);
}

/* The round trip through a baseline file of either format. */
static void
cb_roundtrip(int json)
{
	struct audit		*before, *after;
	struct baseline		*b;
	const struct finding	*f;
	const struct oldfinding	*o;
	size_t			 i, nnew = 0, nold = 0, ngone = 0;
	int			 seen_old = 0;

	before = tu_audit_dc01(cb_reg_before);
	after = tu_audit_dc01(cb_reg_after);
	ck_assert_uint_gt(before->nfindings, 0);
	/* What the comparison must find, from the two sets of ids. */
	for (i = 0; i < after->nfindings; i++)
		if (cb_has(before, after->findings[i]->id))
			nold++;
		else
			nnew++;
	for (i = 0; i < before->nfindings; i++)
		if (!cb_has(after, before->findings[i]->id))
			ngone++;
	ck_assert_uint_gt(nnew, 0);
	ck_assert_uint_gt(nold, 0);
	ck_assert_uint_gt(ngone, 0);

	ck_assert_ptr_nonnull(b = baseline_load(cb_emit(before, json)));
	ck_assert_uint_eq(b->n, before->nfindings);
	baseline_apply(after, b);
	ck_assert_ptr_eq(after->baseline, b);
	ck_assert_uint_eq(b->nnew, nnew);
	ck_assert_uint_eq(b->nunchanged, nold);
	ck_assert_uint_eq(b->nresolved, ngone);
	/* New first, then unchanged; each marked as the ids say. */
	for (i = 0; i < after->nfindings; i++) {
		f = after->findings[i];
		ck_assert_int_eq(f->change, cb_has(before, f->id) ?
		    CHANGE_UNCHANGED : CHANGE_NEW);
		if (f->change == CHANGE_UNCHANGED)
			seen_old = 1;
		else
			ck_assert_msg(!seen_old, "new finding %zu after an "
			    "unchanged one", i);
	}
	/* The story: NTDS left the ephemeral range, Netlogon did not. */
	ck_assert_ptr_nonnull(o = cb_resolved(b, "fixed-port-in-ephemeral",
	    50000));
	ck_assert_str_eq(o->host, "DC01");
	ck_assert_str_eq(o->site, "hq");
	ck_assert_str_eq(o->proto, "tcp");
	ck_assert_str_eq(o->service, "NTDS");
	ck_assert_ptr_nonnull(o->evidence);
	ck_assert_ptr_nonnull(strstr(o->evidence, "registry.reg:"));
	ck_assert_ptr_nonnull(f = tu_finding(after, "fixed-port-in-ephemeral",
	    NULL, 50001));
	ck_assert_int_eq(f->change, CHANGE_UNCHANGED);
	ck_assert_ptr_null(tu_finding(after, "fixed-port-in-ephemeral", NULL,
	    40000));
	ck_assert_ptr_nonnull(f = tu_finding(after, "fixed-port-in-ephemeral",
	    NULL, 50002));
	ck_assert_int_eq(f->change, CHANGE_NEW);
	ck_assert_str_eq(f->service, "NTFRS");
	tu_audit_free(before);
	tu_audit_free(after);
}

START_TEST(test_roundtrip_csv)
{
	cb_roundtrip(0);
}
END_TEST

START_TEST(test_roundtrip_json)
{
	cb_roundtrip(1);
}
END_TEST

/* The same fleet twice: nothing new, nothing resolved. */
START_TEST(test_same_fleet)
{
	struct audit	*a1, *a2;
	struct baseline	*b;
	size_t		 i;

	a1 = tu_audit_dc01(cb_reg_before);
	a2 = tu_audit_dc01(cb_reg_before);
	ck_assert_ptr_nonnull(b = baseline_load(cb_emit(a1, 0)));
	baseline_apply(a2, b);
	ck_assert_uint_eq(b->nnew, 0);
	ck_assert_uint_eq(b->nresolved, 0);
	ck_assert_uint_eq(b->nunchanged, a2->nfindings);
	for (i = 0; i < a2->nfindings; i++)
		ck_assert_int_eq(a2->findings[i]->change, CHANGE_UNCHANGED);
	tu_audit_free(a1);
	tu_audit_free(a2);
}
END_TEST

/* A findings.csv written with --baseline is a baseline too: its resolved
 * rows were not findings of that audit. */
START_TEST(test_resolved_rows_skipped)
{
	static const char text[] =
	    "id,severity,rule,host,site,proto,port,service,title,detail,"
	    "evidence,recommendation,change\r\n"
	    "0123456789abcdef,high,fixed-port-taken,DC01,hq,tcp,1025,NTDS,"
	    "t,d,e,r,new\r\n"
	    "1123456789abcdef,low,fixed-port-undocumented,DC01,hq,tcp,1026,"
	    "NTDS,t,d,e,r,resolved\r\n"
	    "2123456789abcdef,info,fixed-port-taken,DC01,hq,tcp,1027,NTDS,"
	    "t,d,e,r,unchanged\r\n";
	struct baseline	*b;

	ck_assert_ptr_nonnull(b = baseline_load(tu_write_temp(text,
	    sizeof(text) - 1, "findings.csv")));
	ck_assert_uint_eq(b->n, 2);
	ck_assert_str_eq(b->v[0].id, "0123456789abcdef");
	ck_assert_str_eq(b->v[1].id, "2123456789abcdef");
	ck_assert_int_eq(b->v[1].sev, SEV_INFO);
	ck_assert_int_eq(b->v[1].port, 1027);
	baseline_free(b);
}
END_TEST

/* Rows a baseline cannot use are left out, the rest kept. */
START_TEST(test_bad_rows)
{
	static const char text[] =
	    CB_CSV_HDR
	    "0123456789ABCDEF,high,fixed-port-taken,DC01,hq,tcp,1,s,t,d,e,r\r\n"
	    "0123456789abcde,high,fixed-port-taken,DC01,hq,tcp,2,s,t,d,e,r\r\n"
	    "0123456789abcdef,severe,fixed-port-taken,DC01,hq,tcp,3,s,t,d,e,"
	    "r\r\n"
	    "1123456789abcdef,high,,DC01,hq,tcp,4,s,t,d,e,r\r\n"
	    "2123456789abcdef,high,fixed-port-taken,DC01,hq,tcp,65536,s,t,d,"
	    "e,r\r\n"
	    "3123456789abcdef,medium,fixed-port-taken,'-DC01,,udp,,s,t,"
	    "\"two\nlines\",e,r\r\n"
	    "4123456789abcdef,low,rpc-range-small,DC02,,,,,t,d,,r\r\n";
	struct baseline	*b;

	ck_assert_ptr_nonnull(b = baseline_load(tu_write_temp(text,
	    sizeof(text) - 1, "findings.csv")));
	ck_assert_uint_eq(b->n, 2);
	ck_assert_str_eq(b->v[0].id, "3123456789abcdef");
	/* A formula-neutralised cell is read back as it was. */
	ck_assert_str_eq(b->v[0].host, "-DC01");
	ck_assert_ptr_null(b->v[0].site);
	ck_assert_int_eq(b->v[0].port, -1);
	ck_assert_str_eq(b->v[0].detail, "two\nlines");
	/* Its line is the line the row starts on. */
	ck_assert_uint_eq(b->v[0].line, 7);
	ck_assert_uint_eq(b->v[1].line, 9);
	ck_assert_ptr_null(b->v[1].proto);
	baseline_free(b);
}
END_TEST

/* Files that are not a findings list are refused. */
START_TEST(test_refused)
{
	static const char *const bad[] = {
		"host,site\r\nDC01,hq\r\n",
		"",
		"{\"tool\": {\"name\": \"portaudit\"}}\n",
		"{\"findings\": [",
		"[1, 2, 3]\n",
		CB_CSV_HDR "0123456789abcdef,high,\"unterminated\r\n"
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(baseline_load(tu_write_temp(bad[i],
		    strlen(bad[i]), "findings.csv")) == NULL, "case %zu", i);
	ck_assert_ptr_null(baseline_load("/nonexistent/findings.csv"));
}
END_TEST

/* JSON findings with a bad one among them; evidence back as lines. */
START_TEST(test_json_rows)
{
	static const char text[] =
	    "\xef\xbb\xbf{\"date\": \"2025-11-24\", \"findings\": ["
	    "{\"id\": \"0123456789abcdef\", \"severity\": \"critical\","
	    " \"rule\": \"fixed-port-taken\", \"host\": \"DC01\","
	    " \"site\": null, \"proto\": \"tcp\", \"port\": 50001,"
	    " \"evidence\": [{\"file\": \"f/DC01/netstat.txt\", \"line\": 73,"
	    " \"text\": \"TCP 10.0.0.1:50001\"}, {\"file\": null,"
	    " \"line\": null, \"text\": \"Windows default\"}]},"
	    "{\"id\": \"1123456789abcdef\", \"severity\": \"high\","
	    " \"rule\": \"fixed-port-taken\", \"host\": \"DC01\","
	    " \"port\": \"50001\"},"
	    "{\"id\": \"2123456789abcdef\", \"severity\": \"low\","
	    " \"rule\": \"x\", \"host\": \"DC01\", \"change\": \"resolved\"}"
	    "]}\n";
	struct baseline	*b;

	ck_assert_ptr_nonnull(b = baseline_load(tu_write_temp(text,
	    sizeof(text) - 1, "findings.json")));
	ck_assert_str_eq(b->date, "2025-11-24");
	ck_assert_uint_eq(b->n, 1);
	ck_assert_int_eq(b->v[0].sev, SEV_CRITICAL);
	ck_assert_int_eq(b->v[0].port, 50001);
	ck_assert_ptr_null(b->v[0].site);
	ck_assert_str_eq(b->v[0].evidence, "f/DC01/netstat.txt:73: "
	    "TCP 10.0.0.1:50001\nWindows default");
	baseline_free(b);
}
END_TEST

/* An id the baseline holds twice is one finding still present. */
START_TEST(test_repeated_id)
{
	struct audit	*a;
	struct baseline	*b;
	char		*text;
	const char	*id;

	a = tu_audit_dc01(cb_reg_before);
	ck_assert_uint_gt(a->nfindings, 0);
	id = a->findings[0]->id;
	xasprintf(&text, CB_CSV_HDR
	    "%s,high,fixed-port-taken,DC01,hq,tcp,1,s,t,d,e,r\r\n"
	    "%s,high,fixed-port-taken,DC01,hq,tcp,1,s,t,d,e2,r\r\n"
	    "ffffffffffffffff,low,gone,DC09,hq,tcp,7,s,t,d,e,r\r\n"
	    "ffffffffffffffff,low,gone,DC09,hq,tcp,7,s,t,d,e2,r\r\n",
	    id, id);
	ck_assert_ptr_nonnull(b = baseline_load(tu_write_temp(text,
	    strlen(text), "findings.csv")));
	free(text);
	baseline_apply(a, b);
	ck_assert_uint_eq(b->nunchanged, 1);
	ck_assert_uint_eq(b->nnew, a->nfindings - 1);
	/* The repeated resolved id is listed once. */
	ck_assert_uint_eq(b->nresolved, 1);
	ck_assert_str_eq(b->resolved[0]->id, "ffffffffffffffff");
	tu_audit_free(a);
}
END_TEST

static Suite *
baseline_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("baseline");
	tc = tcase_create("baseline");
	tcase_add_test(tc, test_roundtrip_csv);
	tcase_add_test(tc, test_roundtrip_json);
	tcase_add_test(tc, test_same_fleet);
	tcase_add_test(tc, test_resolved_rows_skipped);
	tcase_add_test(tc, test_bad_rows);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_json_rows);
	tcase_add_test(tc, test_repeated_id);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	diag_quiet = getenv("TU_VERBOSE") == NULL;
	return (tu_run_suite(baseline_suite()));
}
