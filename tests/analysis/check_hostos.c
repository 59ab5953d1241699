/*
 * Check suite for the host's OS as the audit decides it (audit.c): the
 * manifest, then an osinfo file, then the registry's Windows
 * NT\CurrentVersion key, then inference from the other evidence.  Each
 * precedence both ways, the os-disagree diagnostic with both words in the
 * host facts, and the Windows 2000 domain controller whose ReservedPorts
 * counts only once its export says 2000: through the binary, findings.csv
 * and inventory.csv read back with libcsv, findings.json with jansson, the
 * PDF host page with pdftotext.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define W2K_OS		"Microsoft Windows 2000 Service Pack 4, build 2195"
#define W2K_OS_LINE	10	/* "CurrentVersion"="5.0" */
#define NTDS_PORT	4000	/* pinned, inside ReservedPorts 4000-4010 */

/* A Windows 2000 DC's netstat -an: old connections low in 1025-5000. */
static const char w2k_netstat[] =
    TU_NETSTAT_AN
    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
    "  TCP    0.0.0.0:389            0.0.0.0:0              LISTENING\r\n"
    "  TCP    0.0.0.0:4000           0.0.0.0:0              LISTENING\r\n"
    "  TCP    10.0.0.5:1030          10.0.0.9:389           ESTABLISHED\r\n"
    "  TCP    10.0.0.5:1031          10.0.0.9:135           TIME_WAIT\r\n"
    "  TCP    10.0.0.5:1032          10.0.0.9:445           ESTABLISHED\r\n";

/* The same host's connections high up, as on Vista and later. */
static const char high_netstat[] =
    TU_NETSTAT_AN
    "  TCP    10.0.0.5:49160         10.0.0.9:389           ESTABLISHED\r\n"
    "  TCP    10.0.0.5:49161         10.0.0.9:135           ESTABLISHED\r\n"
    "  TCP    10.0.0.5:49162         10.0.0.9:445           TIME_WAIT\r\n";

static char *w2k_reg;		/* tests/fixtures/osreg/w2k-dc-regedit4.reg */

static void
hostos_setup(void)
{
	w2k_reg = tu_slurp_text(tu_fixture("osreg/w2k-dc-regedit4.reg"), NULL);
}

static void
hostos_teardown(void)
{
	free(w2k_reg);
}

/* The export without its CurrentVersion key: the rest as it was. */
static char *
hostos_reg_without_os(void)
{
	char	*s = xstrdup(w2k_reg), *k, *e;

	ck_assert_ptr_nonnull(k = strstr(s, "[HKEY_LOCAL_MACHINE\\SOFTWARE"));
	ck_assert_ptr_nonnull(e = strstr(k, "\r\n\r\n"));
	memmove(k, e + 4, strlen(e + 4) + 1);
	ck_assert_ptr_null(strstr(s, "CurrentVersion"));
	return (s);
}

/* The host's input whose path ends in name. */
static const struct input *
hostos_input(const struct hostinfo *hi, const char *name)
{
	const char	*p;
	size_t		 i;

	for (i = 0; i < hi->host->ninputs; i++) {
		p = hi->host->inputs[i]->path;
		if (strlen(p) >= strlen(name) &&
		    strcmp(p + strlen(p) - strlen(name), name) == 0)
			return (hi->host->inputs[i]);
	}
	ck_abort_msg("no input %s", name);
	return (NULL);
}

/* The registry names the OS: Windows 2000's rules, from line 10. */
static void
hostos_assert_w2k(const struct hostinfo *hi)
{
	ck_assert_str_eq(hi->os.name, W2K_OS);
	ck_assert_ptr_eq(hi->os.from.in, hostos_input(hi, "registry.reg"));
	ck_assert_uint_eq(hi->os.from.rec->line, W2K_OS_LINE);
	ck_assert_int_eq(hi->os.fam, OSF_WINDOWS);
	ck_assert_int_eq(hi->os.legacy, 1);
	ck_assert_int_eq(hi->os.reserved_ok, 1);
	ck_assert_int_eq(hi->ephemeral[PI_TCP].first, 1025);
	ck_assert_int_eq(hi->ephemeral[PI_TCP].last, 5000);
}

/* Registry beats inference, and inference alone decides otherwise. */
START_TEST(test_registry_beats_inference)
{
	const struct hostinfo	*hi;
	struct audit		*a;
	char			*bare;

	/* High connections would make it Vista or later... */
	bare = hostos_reg_without_os();
	a = tu_audit_dir(tu_fleet("hq/W2K/registry.reg", bare,
	    "hq/W2K/netstat.txt", high_netstat, NULL), NULL);
	hi = tu_host(a, "W2K");
	ck_assert_ptr_null(hi->os.name);
	ck_assert_int_eq(hi->os.legacy, 0);
	ck_assert_str_eq(hi->os.from.note, "inferred from the host's evidence");
	tu_audit_free(a);
	free(bare);
	/* ...but the export says 2000, and the export wins. */
	a = tu_audit_dir(tu_fleet("hq/W2K/registry.reg", w2k_reg,
	    "hq/W2K/netstat.txt", high_netstat, NULL), NULL);
	hi = tu_host(a, "W2K");
	hostos_assert_w2k(hi);
	ck_assert_ptr_null(hi->os.other);
	ck_assert_uint_eq(hostos_input(hi, "registry.reg")->ndiag, 0);
	tu_audit_free(a);
}
END_TEST

/* Low connections and no netsh make it NT 4.0 until the export speaks. */
START_TEST(test_registry_not_nt4)
{
	const struct hostinfo	*hi;
	struct audit		*a;
	char			*bare;

	bare = hostos_reg_without_os();
	a = tu_audit_dir(tu_fleet("hq/W2K/registry.reg", bare,
	    "hq/W2K/netstat.txt", w2k_netstat, NULL), NULL);
	hi = tu_host(a, "W2K");
	ck_assert_int_eq(hi->os.legacy, 1);
	ck_assert_int_eq(hi->os.reserved_ok, 0);
	ck_assert_int_eq(hi->ephemeral[PI_TCP].first, 1024);
	tu_expect(a, "fixed-port-in-ephemeral", "W2K", NTDS_PORT, SEV_MEDIUM);
	tu_audit_free(a);
	free(bare);
	a = tu_audit_dir(tu_fleet("hq/W2K/registry.reg", w2k_reg,
	    "hq/W2K/netstat.txt", w2k_netstat, NULL), NULL);
	hostos_assert_w2k(tu_host(a, "W2K"));
	tu_expect(a, "fixed-port-in-ephemeral", "W2K", NTDS_PORT, SEV_LOW);
	tu_audit_free(a);
}
END_TEST

/* The manifest beats the registry: both shown, os-disagree raised at the
 * registry's line. */
START_TEST(test_manifest_beats_registry)
{
	static const char manifest[] = TU_MANIFEST_HDR
	    "W2K,hq,domain-controller,Windows Server 2012 R2\r\n";
	const struct hostinfo	*hi;
	const struct input	*reg;
	struct audit		*a;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/W2K/registry.reg", w2k_reg, NULL), NULL);
	hi = tu_host(a, "W2K");
	reg = hostos_input(hi, "registry.reg");
	ck_assert_str_eq(hi->os.name, "Windows Server 2012 R2");
	ck_assert_str_eq(hi->os.from.note, "manifest");
	ck_assert_ptr_null(hi->os.from.in);
	ck_assert_ptr_nonnull(strstr(hi->os.from.path, "/manifest.csv"));
	ck_assert_uint_eq(hi->os.from.line, 2);
	ck_assert_int_eq(hi->os.legacy, 0);
	ck_assert_int_eq(hi->os.reserved_ok, 0);
	ck_assert_str_eq(hi->os.other, W2K_OS);
	ck_assert_ptr_eq(hi->os.other_from.in, reg);
	ck_assert_uint_eq(hi->os.other_from.rec->line, W2K_OS_LINE);
	ck_assert_uint_eq(reg->ndiag, 1);
	/* 4000 is below 49152: no longer in the ephemeral range. */
	ck_assert_ptr_null(tu_finding(a, "fixed-port-in-ephemeral", "W2K", -1));
	tu_audit_free(a);
}
END_TEST

/* Sources of one family agree, whatever their words. */
START_TEST(test_agreeing_sources)
{
	static const char manifest[] = TU_MANIFEST_HDR
	    "W2K,hq,domain-controller,Windows 2000 Advanced Server\r\n";
	const struct hostinfo	*hi;
	struct audit		*a;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/W2K/registry.reg", w2k_reg, NULL), NULL);
	hi = tu_host(a, "W2K");
	ck_assert_str_eq(hi->os.name, "Windows 2000 Advanced Server");
	ck_assert_ptr_null(hi->os.other);
	ck_assert_uint_eq(hostos_input(hi, "registry.reg")->ndiag, 0);
	tu_audit_free(a);
}
END_TEST

/* osinfo beats the registry, whichever file is read first. */
START_TEST(test_osinfo_beats_registry)
{
	static const char *const names[] = {
		"hq/W2K/aa-osversion.txt", "hq/W2K/zz-osversion.txt"
	};
	const struct hostinfo	*hi;
	const struct input	*reg, *os;
	struct audit		*a;

	a = tu_audit_dir(tu_fleet(names[_i], "\r\nMicrosoft Windows [Version "
	    "6.3.9600]\r\n", "hq/W2K/registry.reg", w2k_reg, NULL), NULL);
	hi = tu_host(a, "W2K");
	reg = hostos_input(hi, "registry.reg");
	os = hostos_input(hi, "osversion.txt");
	ck_assert_str_eq(hi->os.name, "Windows 8.1 or Server 2012 R2");
	ck_assert_ptr_eq(hi->os.from.in, os);
	ck_assert_uint_eq(hi->os.from.line, 2);
	ck_assert_int_eq(hi->os.legacy, 0);
	ck_assert_str_eq(hi->os.other, W2K_OS);
	ck_assert_ptr_eq(hi->os.other_from.in, reg);
	ck_assert_uint_eq(reg->ndiag, 1);
	ck_assert_uint_eq(os->ndiag, 0);
	tu_audit_free(a);
}
END_TEST

/* netsh's dynamic port output exists on Vista and later only. */
START_TEST(test_netsh_against_registry)
{
	static const char netsh[] =
	    "\r\nProtocol tcp Dynamic Port Range\r\n"
	    "---------------------------------\r\n"
	    "Start Port      : 49152\r\n"
	    "Number of Ports : 16384\r\n";
	const struct hostinfo	*hi;
	struct audit		*a;

	a = tu_audit_dir(tu_fleet("hq/W2K/registry.reg", w2k_reg,
	    "hq/W2K/dynamicport.txt", netsh, NULL), NULL);
	hi = tu_host(a, "W2K");
	ck_assert_str_eq(hi->os.name, W2K_OS);
	ck_assert_int_eq(hi->os.legacy, 1);
	ck_assert_str_eq(hi->os.other, "Windows Vista or later");
	ck_assert_ptr_eq(hi->os.other_from.in,
	    hostos_input(hi, "dynamicport.txt"));
	ck_assert_str_eq(hi->os.other_from.note, "inferred from netsh output");
	ck_assert_uint_eq(hostos_input(hi, "dynamicport.txt")->ndiag, 1);
	ck_assert_uint_eq(hostos_input(hi, "registry.reg")->ndiag, 0);
	tu_audit_free(a);
}
END_TEST

/* The os row of inventory.csv for host, state kept or disagrees. */
static const struct tu_csv_row *
hostos_inventory(const struct tu_csv *t, const char *host, const char *state)
{
	size_t	 i;

	for (i = 1; i < t->n; i++)
		if (t->v[i].n == t->v[0].n && strcmp(t->v[i].f[0], host) == 0 &&
		    strcmp(t->v[i].f[2], "os") == 0 &&
		    strcmp(t->v[i].f[7], state) == 0)
			return (&t->v[i]);
	return (NULL);
}

/*
 * Windows 2000 end to end: the export says 5.0, ReservedPorts 4000-4010
 * covers NTDS on 4000, netstat without netsh.  The finding is low and says
 * the reservation covers the port; the inventory and JSON show the OS with
 * its file and line.
 */
START_TEST(test_w2k_binary)
{
	const struct tu_csv_row	*row;
	struct tu_csv		 t;
	const char		*fleet, *out = tu_outdir();
	char			*text, path[4096];
	json_t			*doc, *os, *src;

	fleet = tu_fleet("hq/W2K/registry.reg", w2k_reg, "hq/W2K/netstat.txt",
	    w2k_netstat, NULL);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit -q --out %s --format "
	    "csv,json %s", out, fleet), 0);
	tu_csv_report(out, "findings.csv", &t);
	row = tu_csv_finding(&t, "fixed-port-in-ephemeral", "W2K", "4000");
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(row->f[TU_FC_SEVERITY], "low");
	ck_assert_ptr_nonnull(strstr(row->f[TU_FC_DETAIL], "a reservation "
	    "keeps the port out of automatic assignment"));
	ck_assert_ptr_nonnull(strstr(row->f[TU_FC_DETAIL],
	    "Windows 2000 default: 1025-5000"));
	ck_assert_ptr_nonnull(strstr(row->f[TU_FC_EVIDENCE], "\"ReservedPorts\""));
	tu_csv_free(&t);
	tu_csv_report(out, "inventory.csv", &t);
	ck_assert_ptr_nonnull(row = hostos_inventory(&t, "W2K", "kept"));
	ck_assert_str_eq(row->f[11], W2K_OS);
	ck_assert_ptr_nonnull(strstr(row->f[12], "/hq/W2K/registry.reg"));
	ck_assert_str_eq(row->f[13], "10");
	ck_assert_str_eq(row->f[14], "\"CurrentVersion\"=\"5.0\"");
	ck_assert_ptr_null(hostos_inventory(&t, "W2K", "disagrees"));
	tu_csv_free(&t);
	snprintf(path, sizeof(path), "%s/findings.json", out);
	doc = tu_json_parse(text = tu_slurp_text(path, NULL));
	os = json_object_get(json_array_get(json_object_get(doc, "hosts"), 0),
	    "os");
	ck_assert_str_eq(tu_json_str(os, "name"), W2K_OS);
	ck_assert(json_is_true(json_object_get(os, "legacy")));
	src = json_object_get(os, "source");
	ck_assert_int_eq(tu_json_int(src, "line"), W2K_OS_LINE);
	ck_assert(json_is_null(json_object_get(os, "disagreeing")));
	json_decref(doc);
	free(text);
}
END_TEST

/* Through the binary: the warning on stderr, both words in the reports. */
START_TEST(test_disagree_binary)
{
	static const char manifest[] = TU_MANIFEST_HDR
	    "W2K,hq,domain-controller,Windows Server 2012 R2\r\n";
	const struct tu_csv_row	*row;
	struct tu_csv		 t;
	const char		*fleet, *out = tu_outdir();
	char			*err, *text, path[4096];
	json_t			*doc, *other;

	fleet = tu_fleet("manifest.csv", manifest, "hq/W2K/registry.reg",
	    w2k_reg, NULL);
	err = tu_output("./portaudit audit --out %s --format csv,json,pdf %s "
	    "2>&1 >/dev/null", out, fleet);
	ck_assert_ptr_nonnull(strstr(err, "/hq/W2K/registry.reg:10: warning: "
	    "sources disagree on the host's OS: \"" W2K_OS "\" here, but the "
	    "manifest ("));
	ck_assert_ptr_nonnull(strstr(err, "manifest.csv:2) says \"Windows "
	    "Server 2012 R2\", which is kept"));
	free(err);
	tu_csv_report(out, "inventory.csv", &t);
	ck_assert_ptr_nonnull(row = hostos_inventory(&t, "W2K", "kept"));
	ck_assert_str_eq(row->f[11], "Windows Server 2012 R2");
	ck_assert_str_eq(row->f[13], "2");
	ck_assert_ptr_nonnull(row = hostos_inventory(&t, "W2K", "disagrees"));
	ck_assert_str_eq(row->f[11], W2K_OS);
	ck_assert_str_eq(row->f[13], "10");
	tu_csv_free(&t);
	snprintf(path, sizeof(path), "%s/findings.json", out);
	doc = tu_json_parse(text = tu_slurp_text(path, NULL));
	other = json_object_get(json_object_get(json_array_get(
	    json_object_get(doc, "hosts"), 0), "os"), "disagreeing");
	ck_assert_str_eq(tu_json_str(other, "name"), W2K_OS);
	ck_assert_int_eq(tu_json_int(json_object_get(other, "source"), "line"),
	    W2K_OS_LINE);
	json_decref(doc);
	free(text);
	/* The PDF host page: each word beside its file and line. */
	text = tu_output("pdftotext -layout -enc UTF-8 -q %s/report.pdf -", out);
	ck_assert_ptr_nonnull(strstr(text, "Windows Server 2012 R2"));
	ck_assert_ptr_nonnull(strstr(text, "manifest.csv:2"));
	ck_assert_ptr_nonnull(strstr(text, "Operating system by another"));
	ck_assert_ptr_nonnull(strstr(text, "/hq/W2K/registry.reg:10"));
	free(text);
}
END_TEST

static Suite *
hostos_suite(void)
{
	Suite	*s = suite_create("hostos");
	TCase	*t = tcase_create("precedence");
	TCase	*b = tcase_create("binary");

	tcase_add_checked_fixture(t, hostos_setup, hostos_teardown);
	tcase_add_test(t, test_registry_beats_inference);
	tcase_add_test(t, test_registry_not_nt4);
	tcase_add_test(t, test_manifest_beats_registry);
	tcase_add_test(t, test_agreeing_sources);
	tcase_add_loop_test(t, test_osinfo_beats_registry, 0, 2);
	tcase_add_test(t, test_netsh_against_registry);
	suite_add_tcase(s, t);
	tcase_add_checked_fixture(b, hostos_setup, hostos_teardown);
	tcase_add_test(b, test_w2k_binary);
	tcase_add_test(b, test_disagree_binary);
	suite_add_tcase(s, b);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(hostos_suite()));
}
