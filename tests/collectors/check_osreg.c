/*
 * Check suite for collectors/osreg.c: the host's OS read from
 * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion by every registry
 * collector (a REGEDIT4 export, a UTF-16LE 5.00 export, a Wine registry
 * file, Vista's and XP's reg query output, a SOFTWARE hive), each with the
 * file and line of the value that told the version; the names of every era
 * from NT 3.51 to Server 2025; and what must not name an OS: another key, a
 * deleted value, a CurrentVersion that is not a version.  Fixtures: tests/fixtures/osreg
 * (see its README) and tests/fixtures/reg_hive/software-nt4.reg.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define OSKEY	"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\" \
		"CurrentVersion"
#define REG5	"Windows Registry Editor Version 5.00\r\n\r\n"

/* The host's word on its OS must be the registry's, name at line. */
static const struct hostos *
check_osreg_word(struct input *in, const char *name, unsigned line)
{
	const struct hostos	*w = in->host->os_word;

	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_eq(in->os, w);
	ck_assert_int_eq(w->src, OSSRC_REGISTRY);
	ck_assert_str_eq(w->name, name);
	ck_assert_str_eq(in->host->os, name);
	ck_assert_ptr_eq(w->in, in);
	ck_assert_ptr_eq(in->host->os_from, in);
	ck_assert_uint_eq(w->line, line);
	ck_assert_uint_eq(in->host->os_line, line);
	ck_assert_ptr_nonnull(w->rec);
	ck_assert_uint_eq(w->rec->line, line);
	return (w);
}

/* REGEDIT4 (ANSI) from Windows 2000: CurrentVersion 5.0 on line 10. */
START_TEST(test_regedit4)
{
	struct fleet		*f;
	struct input		*in;
	const struct hostos	*w;

	f = tu_read(tu_fixture("osreg/w2k-dc-regedit4.reg"), NULL, "reg", &in);
	w = check_osreg_word(in, "Microsoft Windows 2000 Service Pack 4, "
	    "build 2195", 10);
	ck_assert_str_eq(w->rec->text, "\"CurrentVersion\"=\"5.0\"");
	ck_assert_uint_eq(in->ndiag, 0);
	/* The knowledge base still reads the rest of the export. */
	ck_assert_int_eq(tu_count(in, REC_SETTING), 1);
	ck_assert_int_eq(tu_count(in, REC_RANGE), 2);	/* tcp, udp */
	fleet_free(f);
}
END_TEST

/* regedit 5.00 in UTF-16LE from Server 2019: CurrentVersion says 6.3,
 * CurrentMajorVersionNumber (line 9) says 10. */
START_TEST(test_regedit5_utf16)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("osreg/2019-regedit5.utf16le.reg"), NULL, "reg",
	    &in);
	check_osreg_word(in, "Windows Server 2019 Datacenter, build 17763", 9);
	ck_assert_str_eq(in->encoding, "UTF-16LE");
	fleet_free(f);
}
END_TEST

/* reg query of Vista and later: four blanks around the type. */
START_TEST(test_reg_query)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("osreg/2008r2-regquery.txt"), NULL, "regquery",
	    &in);
	check_osreg_word(in, "Windows Server 2008 R2 Standard Service Pack 1, "
	    "build 7601", 3);
	fleet_free(f);
}
END_TEST

/* reg.exe 3.0 of XP and 2003: tabs; CurrentBuild holds no number there. */
START_TEST(test_reg_query_xp)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_read(tu_fixture("osreg/2003-regexe30-tabs.txt"), NULL,
	    "regquery", &in);
	check_osreg_word(in, "Microsoft Windows Server 2003 Service Pack 2, "
	    "build 3790", 7);
	fleet_free(f);
}
END_TEST

/* A SOFTWARE hive has no lines: line 0, the value's path as its text; a
 * ProductName of another key does not count. */
START_TEST(test_hive)
{
	struct fleet		*f;
	struct input		*in;
	const struct hostos	*w;

	f = tu_read(tu_fixture("reg_hive/software-nt4.hive"), NULL, "hive",
	    &in);
	w = check_osreg_word(in, "Windows NT 4.0 Service Pack 6, build 1381",
	    0);
	ck_assert_str_eq(w->rec->text, OSKEY "\\CurrentVersion");
	fleet_free(f);
}
END_TEST

/* The name each set of values gives, and the line that told the era. */
static const struct {
	const char	*values;	/* lines under the key, from line 4 */
	const char	*name;		/* NULL: no OS */
	unsigned	 line;
} osreg_cases[] = {
	{ "\"CurrentVersion\"=\"3.51\"\r\n", "Windows NT 3.51", 4 },
	{ "\"ProductName\"=\"Microsoft Windows XP\"\r\n"
	  "\"CurrentVersion\"=\"5.1\"\r\n\"CSDVersion\"=\"Service Pack 3\"\r\n"
	  "\"CurrentBuildNumber\"=\"2600\"\r\n",
	  "Microsoft Windows XP Service Pack 3, build 2600", 5 },
	{ "\"CurrentVersion\"=\"5.2\"\r\n"
	  "\"ProductName\"=\"Microsoft Windows XP\"\r\n"
	  "\"CurrentBuildNumber\"=\"3790\"\r\n",
	  "Windows XP x64 (Microsoft Windows XP), build 3790", 4 },
	{ "\"CurrentVersion\"=\"5.2\"\r\n", "Windows Server 2003 or XP x64", 4 },
	{ "\"CurrentVersion\"=\"6.0\"\r\n\"EditionID\"=\"ServerEnterprise\"\r\n"
	  "\"CurrentBuildNumber\"=\"6002\"\r\n",
	  "Windows Server 2008, build 6002", 4 },
	{ "\"CurrentVersion\"=\"6.0\"\r\n\"EditionID\"=\"Business\"\r\n",
	  "Windows Vista", 4 },
	{ "\"CurrentVersion\"=\"6.1\"\r\n", "Windows 7 or Server 2008 R2", 4 },
	{ "\"InstallationType\"=\"Client\"\r\n"
	  "\"ProductName\"=\"Windows 8 Pro\"\r\n\"CurrentVersion\"=\"6.2\"\r\n"
	  "\"CurrentBuildNumber\"=\"9200\"\r\n", "Windows 8 Pro, build 9200", 6 },
	{ "\"CurrentVersion\"=\"6.3\"\r\n\"CurrentBuildNumber\"=\"9600\"\r\n"
	  "\"InstallationType\"=\"Server Core\"\r\n"
	  "\"ProductName\"=\"Windows Server 2012 R2 Datacenter\"\r\n",
	  "Windows Server 2012 R2 Datacenter, build 9600", 4 },
	/* Windows 11 keeps CurrentVersion 6.3 and ProductName "Windows 10". */
	{ "\"CurrentVersion\"=\"6.3\"\r\n\"CurrentBuildNumber\"=\"22631\"\r\n"
	  "\"InstallationType\"=\"Client\"\r\n"
	  "\"ProductName\"=\"Windows 10 Pro\"\r\n",
	  "Windows 11 (Windows 10 Pro), build 22631", 5 },
	{ "\"CurrentVersion\"=\"6.3\"\r\n\"CurrentBuildNumber\"=\"19045\"\r\n"
	  "\"InstallationType\"=\"Client\"\r\n"
	  "\"ProductName\"=\"Windows 10 Enterprise\"\r\n",
	  "Windows 10 Enterprise, build 19045", 5 },
	{ "\"CurrentBuildNumber\"=\"14393\"\r\n"
	  "\"InstallationType\"=\"Server\"\r\n"
	  "\"ProductName\"=\"Windows Server 2016 Standard\"\r\n",
	  "Windows Server 2016 Standard, build 14393", 4 },
	{ "\"CurrentMajorVersionNumber\"=dword:0000000a\r\n"
	  "\"CurrentBuildNumber\"=\"20348\"\r\n"
	  "\"InstallationType\"=\"Server Core\"\r\n",
	  "Windows Server 2022, build 20348", 4 },
	{ "\"CurrentBuildNumber\"=\"26100\"\r\n"
	  "\"EditionID\"=\"ServerDatacenter\"\r\n",
	  "Windows Server 2025, build 26100", 4 },
	{ "\"CurrentBuildNumber\"=\"19042\"\r\n"
	  "\"InstallationType\"=\"Server Core\"\r\n"
	  "\"ProductName\"=\"Windows Server Datacenter\"\r\n",
	  "Windows Server, version 20H2 (Windows Server Datacenter), "
	  "build 19042", 4 },
	{ "\"CurrentBuildNumber\"=\"19045\"\r\n",
	  "Windows 10 or Server 2016 or later, build 19045", 4 },
	{ "\"ProductName\"=\"Microsoft Windows 2000\"\r\n",
	  "Microsoft Windows 2000", 4 },
	/* What names no OS. */
	{ "\"EditionID\"=\"ServerStandard\"\r\n", NULL, 0 },
	{ "\"CurrentVersion\"=\"5.0\"\r\n\"CurrentVersion\"=-\r\n", NULL, 0 },
	{ "\"CurrentBuild\"=\"1.511.1 () (Obsolete data - do not use)\"\r\n",
	  NULL, 0 },
	{ "\"CurrentVersion\"=\"five\"\r\n", NULL, 0 },
};

START_TEST(test_names)
{
	struct fleet	*f;
	struct input	*in;
	char		 text[1024];
	int		 n;

	n = snprintf(text, sizeof(text), REG5 "[" OSKEY "]\r\n%s",
	    osreg_cases[_i].values);
	f = tu_read_text(text, n, "reg", &in);
	if (osreg_cases[_i].name == NULL) {
		ck_assert_ptr_null(in->host->os);
		ck_assert_ptr_null(in->os);
	} else
		check_osreg_word(in, osreg_cases[_i].name,
		    osreg_cases[_i].line);
	fleet_free(f);
}
END_TEST

/* A CurrentVersion that is not a version is said, on its line. */
START_TEST(test_bad_version)
{
	static const char text[] = REG5 "[" OSKEY "]\r\n"
	    "\"CurrentVersion\"=\"five\"\r\n"
	    "\"ProductName\"=\"Windows Server 2012 Standard\"\r\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "reg", &in);
	ck_assert_uint_eq(in->ndiag, 1);
	/* ProductName alone still names it. */
	check_osreg_word(in, "Windows Server 2012 Standard", 5);
	fleet_free(f);
}
END_TEST

/* The 32-bit view of a 64-bit system says the same; other keys say nothing. */
START_TEST(test_keys)
{
	static const char wow[] = REG5
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\"
	    "Windows NT\\CurrentVersion]\r\n\"CurrentVersion\"=\"6.1\"\r\n"
	    "\"InstallationType\"=\"Server\"\r\n";
	static const char other[] = REG5
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\"
	    "CurrentVersion]\r\n\"CurrentVersion\"=\"6.1\"\r\n\r\n"
	    "[HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows NT\\"
	    "CurrentVersion]\r\n\"CurrentVersion\"=\"6.1\"\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\"
	    "CurrentVersion\\Winlogon]\r\n\"CurrentVersion\"=\"6.1\"\r\n";
	static const char gone[] = REG5 "[" OSKEY "]\r\n"
	    "\"CurrentVersion\"=\"6.1\"\r\n\r\n[-" OSKEY "]\r\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(wow, sizeof(wow) - 1, "reg", &in);
	check_osreg_word(in, "Windows Server 2008 R2", 4);
	fleet_free(f);
	f = tu_read_text(other, sizeof(other) - 1, "reg", &in);
	ck_assert_ptr_null(in->host->os);
	fleet_free(f);
	f = tu_read_text(gone, sizeof(gone) - 1, "reg", &in);
	ck_assert_ptr_null(in->host->os);
	fleet_free(f);
}
END_TEST

/* Wine's own registry file: keys relative to the machine root. */
START_TEST(test_wine)
{
	static const char text[] = "WINE REGISTRY Version 2\n"
	    ";; All keys relative to \\\\Machine\n\n#arch=win64\n\n"
	    "[Software\\\\Microsoft\\\\Windows NT\\\\CurrentVersion] "
	    "1710099824\n#time=1da732342ea9a20\n"
	    "\"CSDVersion\"=\"Service Pack 1\"\n"
	    "\"CurrentBuildNumber\"=\"7601\"\n"
	    "\"CurrentVersion\"=\"6.1\"\n"
	    "\"ProductName\"=\"Microsoft Windows 7\"\n";
	struct fleet	*f;
	struct input	*in;

	f = tu_read_text(text, sizeof(text) - 1, "reg", &in);
	check_osreg_word(in, "Microsoft Windows 7 Service Pack 1, build 7601",
	    10);
	fleet_free(f);
}
END_TEST

/* Two hosts with the same export (parsed once) both get its OS. */
START_TEST(test_same_bytes)
{
	const char		*paths[2] = { NULL, NULL };
	char			*reg;
	struct audit		*a;
	const struct hostinfo	*hi;

	reg = tu_slurp_text(tu_fixture("osreg/w2k-dc-regedit4.reg"), NULL);
	paths[0] = tu_fleet("hq/DC01/registry.reg", reg,
	    "hq/DC02/registry.reg", reg, NULL);
	a = tu_audit(paths, NULL, NULL);
	hi = tu_host(a, "DC02");
	ck_assert_ptr_nonnull(hi->host->inputs[0]->same_as);
	ck_assert_str_eq(hi->os.name, "Microsoft Windows 2000 Service Pack 4, "
	    "build 2195");
	ck_assert_ptr_eq(hi->os.from.in, hi->host->inputs[0]);
	ck_assert_uint_eq(hi->host->os_line, 10);
	ck_assert_int_eq(hi->os.reserved_ok, 1);
	ck_assert_str_eq(tu_host(a, "DC01")->os.name, hi->os.name);
	tu_audit_free(a);
	free(reg);
}
END_TEST

static Suite *
osreg_suite(void)
{
	Suite	*s = suite_create("osreg");
	TCase	*t = tcase_create("osreg");

	tcase_add_test(t, test_regedit4);
	tcase_add_test(t, test_regedit5_utf16);
	tcase_add_test(t, test_reg_query);
	tcase_add_test(t, test_reg_query_xp);
	tcase_add_test(t, test_hive);
	tcase_add_loop_test(t, test_names, 0,
	    sizeof(osreg_cases) / sizeof(osreg_cases[0]));
	tcase_add_test(t, test_bad_version);
	tcase_add_test(t, test_keys);
	tcase_add_test(t, test_wine);
	tcase_add_test(t, test_same_bytes);
	suite_add_tcase(s, t);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(osreg_suite()));
}
