/*
 * osinfo: osversion.txt from the collection scripts names the host's OS,
 * which then chooses its default ranges; a manifest has the last word.
 */
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "analysis/analysis.h"
#include "testutil.h"

/* Parse text as an osversion.txt; returns the OS the host got. */
static const char *
osinfo_os(const char *text, struct fleet **fp, struct input **inp)
{
	*fp = tu_parse_text(text, strlen(text), NULL, inp);
	ck_assert_ptr_nonnull((*inp)->format);
	ck_assert_str_eq((*inp)->format, "osinfo");
	tu_assert_accounting(*inp);
	return ((*inp)->host->os);
}

START_TEST(test_windows_ver)
{
	struct fleet	*f;
	struct input	*in;

	ck_assert_str_eq(osinfo_os("\r\nWindows NT Version 4.0  \r\n", &f,
	    &in), "Windows NT 4.0");
	fleet_free(f);
	ck_assert_str_eq(osinfo_os("\r\nMicrosoft Windows [Version "
	    "5.2.3790]\r\n", &f, &in), "Windows Server 2003");
	fleet_free(f);
	ck_assert_str_eq(osinfo_os("Microsoft Windows [Version "
	    "10.0.17763.1234]\r\n", &f, &in),
	    "Windows 10 or Server 2016 and later");
	ck_assert_uint_eq(in->records, 0);
	fleet_free(f);
	/* 2000 and XP name themselves; 2000 writes its minor as 00 */
	ck_assert_str_eq(osinfo_os("\r\nMicrosoft Windows 2000 [Version "
	    "5.00.2195]\r\n", &f, &in), "Windows 2000");
	fleet_free(f);
	ck_assert_str_eq(osinfo_os("\r\nMicrosoft Windows XP [Version "
	    "5.1.2600]\r\n", &f, &in), "Windows XP");
	fleet_free(f);
	/* a number it does not know is still Windows */
	ck_assert_str_eq(osinfo_os("Microsoft Windows [Version 11.2.1]\r\n",
	    &f, &in), "Windows");
	fleet_free(f);
	ck_assert_str_eq(osinfo_os("Microsoft Windows [Version 10.]\r\n",
	    &f, &in), "Windows");
	fleet_free(f);
}
END_TEST

/* systeminfo's product name is more precise than ver's number. */
START_TEST(test_systeminfo_wins)
{
	struct fleet	*f;
	struct input	*in;

	ck_assert_str_eq(osinfo_os("\r\nMicrosoft Windows [Version "
	    "6.3.9600]\r\nHost Name:                 DC01\r\n"
	    "OS Name:                   Microsoft Windows Server 2012 R2 "
	    "Standard\r\nOS Version:                6.3.9600 N/A Build "
	    "9600\r\nActive code page: 850\r\n", &f, &in),
	    "Microsoft Windows Server 2012 R2 Standard");
	ck_assert_uint_eq(in->lines_unparsed, 0);
	ck_assert_uint_eq(in->lines_known, in->lines);
	ck_assert_ptr_eq(in->host->os_from, in);
	fleet_free(f);
}
END_TEST

START_TEST(test_unix)
{
	struct fleet	*f;
	struct input	*in;

	ck_assert_str_eq(osinfo_os("Linux vm 6.1.0-13-amd64 #1 SMP "
	    "PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29) x86_64 GNU/Linux\n",
	    &f, &in), "Linux 6.1.0-13-amd64");
	fleet_free(f);
	ck_assert_str_eq(osinfo_os("Linux vm 6.1.0 #1 SMP x86_64 GNU/Linux\n"
	    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian "
	    "GNU/Linux\"\n", &f, &in), "Debian GNU/Linux 12 (bookworm)");
	fleet_free(f);
	ck_assert_str_eq(osinfo_os("FreeBSD fw1 13.2-RELEASE FreeBSD "
	    "13.2-RELEASE GENERIC amd64\n", &f, &in), "FreeBSD 13.2-RELEASE");
	fleet_free(f);
	ck_assert_str_eq(osinfo_os("Darwin mac 22.6.0 Darwin Kernel Version "
	    "22.6.0\nProductName:\t\tmacOS\nProductVersion:\t\t13.5\n", &f,
	    &in), "macOS");
	fleet_free(f);
}
END_TEST

/* Lines that are neither an OS nor a note are kept as unparsed. */
START_TEST(test_junk_line)
{
	struct fleet	*f;
	struct input	*in;

	osinfo_os("Linux vm 6.1.0 #1 SMP x86_64\nthis is not a note\n", &f,
	    &in);
	ck_assert_uint_eq(in->lines, 2);
	ck_assert_uint_eq(in->lines_unparsed, 1);
	ck_assert_int_eq(tu_count(in, REC_UNPARSED), 1);
	fleet_free(f);
}
END_TEST

/* Not an OS description: another collector's, or none. */
START_TEST(test_sniff_negative)
{
	struct fleet	*f;
	struct input	*in;

	f = tu_parse_text("net.ipv4.ip_local_port_range = 32768\t60999\n", 43,
	    NULL, &in);
	ck_assert_str_eq(in->format, "sysctl");
	fleet_free(f);
	f = tu_parse_text("Host Name: X\nfoo: bar\n", 21, NULL, &in);
	ck_assert_int_eq(in->status, INPUT_UNIDENTIFIED);
	fleet_free(f);
}
END_TEST

/* The named OS picks the default ephemeral range; a manifest overrides. */
START_TEST(test_drives_ranges_and_manifest_wins)
{
	const char	*paths[2] = { NULL, NULL };
	struct audit	*a;

	paths[0] = tu_fleet("hq/EXCH01/osversion.txt",
	    "\r\nWindows NT Version 4.0\r\n", NULL);
	a = tu_audit(paths, NULL, NULL);
	ck_assert_uint_eq(a->nhosts, 1);
	ck_assert_str_eq(a->hosts[0].os.name, "Windows NT 4.0");
	ck_assert_ptr_nonnull(a->hosts[0].os.from.in);
	ck_assert_int_eq(a->hosts[0].ephemeral[PI_TCP].first, 1024);
	ck_assert_int_eq(a->hosts[0].ephemeral[PI_TCP].last, 5000);
	tu_audit_free(a);
	paths[0] = tu_fleet("hq/EXCH01/osversion.txt",
	    "\r\nWindows NT Version 4.0\r\n", "manifest.csv",
	    "host,site,role,os\nEXCH01,hq,exchange,Windows Server 2019\n",
	    NULL);
	a = tu_audit(paths, NULL, NULL);
	ck_assert_str_eq(a->hosts[0].os.name, "Windows Server 2019");
	ck_assert_ptr_null(a->hosts[0].os.from.in);
	ck_assert_int_eq(a->hosts[0].ephemeral[PI_TCP].first, 49152);
	tu_audit_free(a);
}
END_TEST

static Suite *
osinfo_suite(void)
{
	Suite	*s = suite_create("osinfo");
	TCase	*t = tcase_create("osinfo");

	tcase_add_test(t, test_windows_ver);
	tcase_add_test(t, test_systeminfo_wins);
	tcase_add_test(t, test_unix);
	tcase_add_test(t, test_junk_line);
	tcase_add_test(t, test_sniff_negative);
	tcase_add_test(t, test_drives_ranges_and_manifest_wins);
	suite_add_tcase(s, t);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(osinfo_suite()));
}
