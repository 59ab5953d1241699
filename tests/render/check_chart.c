/*
 * Check suite for the charts (render/chart_*.c): the port map, fleet map, severity and
 * rule charts of the example fleet, written as PNG and SVG.  The files are
 * read back: PNG signature and IHDR size (inches times dpi), SVG prologue,
 * byte-identical output across runs, the severity colours where findings
 * say they must be, and no crash on hosts with nothing or with absurd names.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "render/chart.h"
#include "testutil.h"

#define DPI		200.0

/* Chart sizes in inches, as render/chart.h documents them. */
#define PM_W		7.5
#define PM_H		2.6
#define SEV_W		3.6
#define SEV_H		2.4
#define FM_H(rows)	(1.1 + 0.17 * (rows))
#define RULES_H(rows)	(0.9 + 0.2 * (rows))
/* Heights of the legends (and the severity axis) at the bottom. */
#define PM_LEGEND	0.3
#define SEV_AXIS	0.48

/* critical and high marker colours (#67000d, #b34700) */
#define RGB_CRITICAL	0x67000d
#define RGB_HIGH	0xb34700

/*
 * Fontconfig leaks a little while it parses its configuration, once per
 * process; LeakSanitizer (make sanitize) reads this hook.
 */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return ("leak:libfontconfig.so\n");
}

static struct audit	*check_chart_a;
static struct report	 check_chart_r;
static char		 check_chart_dir[64];

/* Once per test case, in the parent: the output folder. */
static void
check_chart_mkdir(void)
{
	strcpy(check_chart_dir, "/tmp/check_chart.XXXXXX");
	if (mkdtemp(check_chart_dir) == NULL)
		abort();
}

static void
check_chart_rmdir(void)
{
	char	*cmd;

	xasprintf(&cmd, "rm -rf '%s'", check_chart_dir);
	if (system(cmd) != 0)
		abort();
	free(cmd);
}

/* Per test, in its own process: the audit of the example fleet. */
static void
check_chart_setup(void)
{
	static const char *const paths[] = { "examples/fleet", NULL };

	check_chart_a = tu_report_audit(paths, NULL, &check_chart_r);
	ck_assert_uint_ge(check_chart_a->nhosts, 10);
}

static void
check_chart_teardown(void)
{
	tu_report_free(check_chart_a, &check_chart_r);
}

/* DIR/name in a static rotating buffer. */
static const char *
check_chart_path(const char *name)
{
	static char	 buf[8][512];
	static int	 k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", check_chart_dir, name);
	return (buf[k]);
}

/* The whole file, NUL-terminated; *len its size. */
static char *
check_chart_slurp(const char *path, size_t *len)
{
	char	*buf;

	buf = tu_slurp_text(path, len);
	ck_assert_uint_gt(*len, 0);
	return (buf);
}

/* Assert a PNG file of exactly w x h pixels (from its IHDR). */
static void
check_chart_png(const char *path, long w, long h)
{
	static const unsigned char	 sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	unsigned char			*p;
	size_t				 len;
	long				 pw, ph;

	p = (unsigned char *)check_chart_slurp(path, &len);
	ck_assert_uint_ge(len, 33);
	ck_assert_int_eq(memcmp(p, sig, 8), 0);
	ck_assert_int_eq(memcmp(p + 12, "IHDR", 4), 0);
	pw = (long)p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19];
	ph = (long)p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23];
	ck_assert_msg(pw == w && ph == h, "%s: %ldx%ld, want %ldx%ld", path,
	    pw, ph, w, h);
	free(p);
}

/* Assert an SVG file: XML prologue and an svg element. */
static void
check_chart_svg(const char *path)
{
	char	*s;
	size_t	 len;

	s = check_chart_slurp(path, &len);
	ck_assert_int_eq(strncmp(s, "<?xml", 5), 0);
	ck_assert_ptr_nonnull(strstr(s, "<svg"));
	ck_assert_ptr_nonnull(strstr(s, "</svg>"));
	free(s);
}

static void
check_chart_same(const char *a, const char *b)
{
	char	*x, *y;
	size_t	 lx, ly;

	x = check_chart_slurp(a, &lx);
	y = check_chart_slurp(b, &ly);
	ck_assert_msg(lx == ly && memcmp(x, y, lx) == 0,
	    "%s and %s differ", a, b);
	free(x);
	free(y);
}

static long
check_chart_px(double inches)
{
	return (lround(inches * DPI));
}

/* Distinct rule ids among the findings. */
static int
check_chart_nrules(const struct audit *a)
{
	size_t	 i, j;
	int	 n = 0;

	for (i = 0; i < a->nfindings; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(a->findings[j]->rule->id,
			    a->findings[i]->rule->id) == 0)
				break;
		n += j == i;
	}
	return (n);
}

/*
 * Whether the PNG holds a pixel of colour rgb (within a small tolerance)
 * above its bottom `legend' inches, where the legends show every colour.
 */
static int
check_chart_has_rgb(const char *path, uint32_t rgb, double legend)
{
	cairo_surface_t	*s;
	unsigned char	*d;
	uint32_t	 px;
	int		 x, y, w, h, stride, found = 0;

	s = cairo_image_surface_create_from_png(path);
	ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	d = cairo_image_surface_get_data(s);
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s) - (int)lround(legend * DPI);
	stride = cairo_image_surface_get_stride(s);
	for (y = 0; y < h && !found; y++)
		for (x = 0; x < w && !found; x++) {
			px = *(uint32_t *)(d + y * stride + 4 * x);
			found = abs((int)((px >> 16) & 0xff) -
			    (int)((rgb >> 16) & 0xff)) <= 2 &&
			    abs((int)((px >> 8) & 0xff) -
			    (int)((rgb >> 8) & 0xff)) <= 2 &&
			    abs((int)(px & 0xff) - (int)(rgb & 0xff)) <= 2;
		}
	cairo_surface_destroy(s);
	return (found);
}

START_TEST(test_portmap_files)
{
	static const char *const hosts[] = {
		"DC01", "FS01", "LNX01", "EXCH02", "APP01"
	};
	char	 png[64], svg[64];
	size_t	 i;

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		snprintf(png, sizeof(png), "%s.png", hosts[i]);
		snprintf(svg, sizeof(svg), "%s.svg", hosts[i]);
		ck_assert_int_eq(chart_portmap(&check_chart_r,
		    tu_host(check_chart_a, hosts[i]), check_chart_path(png),
		    check_chart_path(svg), DPI), 0);
		check_chart_png(check_chart_path(png), check_chart_px(PM_W),
		    check_chart_px(PM_H));
		check_chart_svg(check_chart_path(svg));
	}
	/* No temporary file is left beside them. */
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		snprintf(png, sizeof(png), "%s.png.tmp", hosts[i]);
		ck_assert_int_eq(access(check_chart_path(png), F_OK), -1);
	}
}
END_TEST

START_TEST(test_portmap_other_dpi)
{
	ck_assert_int_eq(chart_portmap(&check_chart_r,
	    tu_host(check_chart_a, "DC01"), check_chart_path("dc01-96.png"),
	    NULL, 96.0), 0);
	check_chart_png(check_chart_path("dc01-96.png"), 720, lround(2.6 *
	    96.0));
	ck_assert_int_eq(access(check_chart_path("dc01-96.svg"), F_OK), -1);
}
END_TEST

/* DC01 has a critical finding at 50001; WEB01 none high or critical. */
START_TEST(test_portmap_severity_colours)
{
	const struct hostinfo	*web;
	size_t			 i;

	ck_assert_ptr_nonnull(tu_finding(check_chart_a, "fixed-port-taken",
	    "DC01", 50001));
	ck_assert_int_eq(chart_portmap(&check_chart_r,
	    tu_host(check_chart_a, "DC01"), check_chart_path("dc01.png"), NULL,
	    DPI), 0);
	ck_assert(check_chart_has_rgb(check_chart_path("dc01.png"),
	    RGB_CRITICAL, PM_LEGEND));
	web = tu_host(check_chart_a, "WEB01");
	for (i = 0; i < check_chart_a->nfindings; i++)
		ck_assert(check_chart_a->findings[i]->hi != web ||
		    check_chart_a->findings[i]->sev < SEV_HIGH);
	ck_assert_int_eq(chart_portmap(&check_chart_r, web,
	    check_chart_path("web01.png"), NULL, DPI), 0);
	ck_assert(!check_chart_has_rgb(check_chart_path("web01.png"),
	    RGB_CRITICAL, PM_LEGEND));
	ck_assert(!check_chart_has_rgb(check_chart_path("web01.png"),
	    RGB_HIGH, PM_LEGEND));
}
END_TEST

START_TEST(test_fleet_charts)
{
	ck_assert_int_eq(chart_fleetmap(&check_chart_r,
	    check_chart_path("fleet.png"), check_chart_path("fleet.svg"),
	    DPI), 0);
	check_chart_png(check_chart_path("fleet.png"), check_chart_px(7.5),
	    check_chart_px(FM_H(check_chart_a->nhosts)));
	check_chart_svg(check_chart_path("fleet.svg"));
	ck_assert(check_chart_has_rgb(check_chart_path("fleet.png"),
	    RGB_CRITICAL, PM_LEGEND));

	ck_assert_int_eq(chart_severity(&check_chart_r,
	    check_chart_path("sev.png"), check_chart_path("sev.svg"), DPI),
	    0);
	check_chart_png(check_chart_path("sev.png"), check_chart_px(SEV_W),
	    check_chart_px(SEV_H));
	check_chart_svg(check_chart_path("sev.svg"));
	ck_assert(check_chart_has_rgb(check_chart_path("sev.png"),
	    RGB_CRITICAL, SEV_AXIS));

	ck_assert_int_eq(chart_rules(&check_chart_r,
	    check_chart_path("rules.png"), check_chart_path("rules.svg"),
	    DPI), 0);
	check_chart_png(check_chart_path("rules.png"), check_chart_px(7.5),
	    check_chart_px(RULES_H(check_chart_nrules(check_chart_a))));
	check_chart_svg(check_chart_path("rules.svg"));
}
END_TEST

/* Every chart twice, into two names: the bytes are the same. */
START_TEST(test_deterministic)
{
	const struct hostinfo	*hi = tu_host(check_chart_a, "DC01");
	const char		*ext[2] = { "png", "svg" };
	char			 a[32], b[32];
	int			 run, k, c;

	for (run = 0; run < 2; run++) {
		snprintf(a, sizeof(a), "pm%d.png", run);
		snprintf(b, sizeof(b), "pm%d.svg", run);
		ck_assert_int_eq(chart_portmap(&check_chart_r, hi,
		    check_chart_path(a), check_chart_path(b), DPI), 0);
		snprintf(a, sizeof(a), "fm%d.png", run);
		snprintf(b, sizeof(b), "fm%d.svg", run);
		ck_assert_int_eq(chart_fleetmap(&check_chart_r,
		    check_chart_path(a), check_chart_path(b), DPI), 0);
		snprintf(a, sizeof(a), "sv%d.png", run);
		snprintf(b, sizeof(b), "sv%d.svg", run);
		ck_assert_int_eq(chart_severity(&check_chart_r,
		    check_chart_path(a), check_chart_path(b), DPI), 0);
		snprintf(a, sizeof(a), "ru%d.png", run);
		snprintf(b, sizeof(b), "ru%d.svg", run);
		ck_assert_int_eq(chart_rules(&check_chart_r,
		    check_chart_path(a), check_chart_path(b), DPI), 0);
	}
	for (c = 0; c < 4; c++)
		for (k = 0; k < 2; k++) {
			snprintf(a, sizeof(a), "%s0.%s",
			    (const char *[]){ "pm", "fm", "sv", "ru" }[c],
			    ext[k]);
			snprintf(b, sizeof(b), "%s1.%s",
			    (const char *[]){ "pm", "fm", "sv", "ru" }[c],
			    ext[k]);
			check_chart_same(check_chart_path(a),
			    check_chart_path(b));
		}
}
END_TEST

/* Occurrences of needle in s; each must be followed by pfx. */
static size_t
check_chart_refs(const char *s, const char *needle, const char *pfx)
{
	const char	*p;
	size_t		 n = 0;

	for (p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
		if (pfx != NULL)
			ck_assert_msg(strncmp(p + strlen(needle), pfx,
			    strlen(pfx)) == 0, "%.40s without %s", p, pfx);
		n++;
	}
	return (n);
}

/*
 * A chart captured as inline SVG: one element, no XML declaration,
 * role="img" with an escaped <title>, every id and reference prefixed;
 * the same drawing as the SVG file; the capture ends with that chart.
 */
START_TEST(test_inline_svg)
{
	const struct hostinfo	*hi = tu_host(check_chart_a, "DC01");
	struct chart_svg	 a, b;
	char			*file;
	size_t			 len;

	a.idpfx = "c1-";
	a.title = "Port map of <b>DC01</b> & co";
	chart_svg_capture(&a);
	ck_assert_int_eq(chart_portmap(&check_chart_r, hi, NULL, NULL, 0),
	    0);
	ck_assert_ptr_nonnull(a.p);
	ck_assert_uint_eq(strlen(a.p), a.len);
	ck_assert_msg(strncmp(a.p, "<svg role=\"img\"", 15) == 0, "%.60s",
	    a.p);
	ck_assert_ptr_null(strstr(a.p, "<?xml"));
	ck_assert_ptr_nonnull(strstr(a.p, "aria-labelledby=\"c1-title\""));
	ck_assert_ptr_nonnull(strstr(a.p, "<title id=\"c1-title\">Port map "
	    "of &lt;b&gt;DC01&lt;/b&gt; &amp; co</title>"));
	ck_assert_ptr_null(strstr(a.p, "<b>"));
	ck_assert_uint_gt(check_chart_refs(a.p, " id=\"", "c1-"), 2);
	ck_assert_uint_gt(check_chart_refs(a.p, "href=\"#", "c1-"), 2);
	check_chart_refs(a.p, "url(#", "c1-");
	/* The capture is spent: this call writes its file again. */
	ck_assert_int_eq(chart_portmap(&check_chart_r, hi, NULL,
	    check_chart_path("inline.svg"), 0), 0);
	file = tu_slurp_text(check_chart_path("inline.svg"), &len);
	ck_assert_ptr_nonnull(strstr(file, "<?xml"));
	ck_assert_uint_eq(check_chart_refs(file, " id=\"", NULL) + 1,
	    check_chart_refs(a.p, " id=\"", NULL));
	ck_assert_uint_eq(check_chart_refs(file, "href=\"#", NULL),
	    check_chart_refs(a.p, "href=\"#", NULL));
	free(file);
	/* A second chart of the same page shares no id with the first. */
	b.idpfx = "c2-";
	b.title = "Findings by severity";
	chart_svg_capture(&b);
	ck_assert_int_eq(chart_severity(&check_chart_r, NULL, NULL, 0), 0);
	ck_assert_uint_gt(check_chart_refs(b.p, " id=\"", "c2-"), 1);
	ck_assert_uint_eq(check_chart_refs(b.p, "c1-", NULL), 0);
	free(a.p);
	free(b.p);
}
END_TEST

/* A host with no ranges, settings or sockets; an audit with nothing. */
START_TEST(test_empty)
{
	struct host	 h;
	struct hostinfo	 hi;
	struct audit	 a;
	struct report	 r;

	memset(&h, 0, sizeof(h));
	memset(&hi, 0, sizeof(hi));
	h.name = "EMPTY01";
	hi.host = &h;
	ck_assert_int_eq(chart_portmap(&check_chart_r, &hi,
	    check_chart_path("empty.png"), check_chart_path("empty.svg"),
	    DPI), 0);
	check_chart_png(check_chart_path("empty.png"), check_chart_px(PM_W),
	    check_chart_px(PM_H));
	check_chart_svg(check_chart_path("empty.svg"));

	memset(&a, 0, sizeof(a));
	memset(&r, 0, sizeof(r));
	r.audit = &a;
	ck_assert_int_eq(chart_fleetmap(&r, check_chart_path("f0.png"),
	    check_chart_path("f0.svg"), DPI), 0);
	check_chart_png(check_chart_path("f0.png"), check_chart_px(7.5),
	    check_chart_px(FM_H(1)));
	ck_assert_int_eq(chart_severity(&r, check_chart_path("s0.png"),
	    check_chart_path("s0.svg"), DPI), 0);
	ck_assert_int_eq(chart_rules(&r, check_chart_path("r0.png"),
	    check_chart_path("r0.svg"), DPI), 0);
	check_chart_png(check_chart_path("r0.png"), check_chart_px(7.5),
	    check_chart_px(RULES_H(1)));
	ck_assert(!check_chart_has_rgb(check_chart_path("s0.png"),
	    RGB_CRITICAL, SEV_AXIS));
}
END_TEST

/*
 * A 1,000-character host name with quotes, markup, UTF-8 and bytes that
 * are not UTF-8, on a host with real ranges and settings, and in the
 * fleet map.
 */
START_TEST(test_absurd_names)
{
	struct audit	 a;
	struct report	 r;
	struct host	 h;
	struct hostinfo	*hosts;
	char		*name;
	size_t		 i;

	name = xmalloc(1001);
	for (i = 0; i < 1000; i++)
		name[i] = "Z\xc3\xbcrich-DC01 \"<&'>\" "[i % 20];
	name[1000] = '\0';
	/* a cut UTF-8 sequence, a lone continuation byte, a control */
	memcpy(name + 40, "\xc3(\x80\x01\xff", 5);
	h = *tu_host(check_chart_a, "DC01")->host;
	h.name = name;
	a = *check_chart_a;
	hosts = xcalloc(a.nhosts, sizeof(*hosts));
	memcpy(hosts, a.hosts, a.nhosts * sizeof(*hosts));
	for (i = 0; i < a.nhosts; i++)
		if (strcmp(hosts[i].host->name, "DC01") == 0) {
			hosts[i].host = &h;
			hosts[i].site = "Z\xc3\xbcrich \"site\" \xe2\x80\x94 "
			    "<b>&amp;</b>";
			hosts[i].role = name;
		}
	a.hosts = hosts;
	r = check_chart_r;
	r.audit = &a;
	for (i = 0; i < a.nhosts; i++)
		if (hosts[i].host == &h)
			ck_assert_int_eq(chart_portmap(&r, &hosts[i],
			    check_chart_path("absurd.png"),
			    check_chart_path("absurd.svg"), DPI), 0);
	check_chart_png(check_chart_path("absurd.png"), check_chart_px(PM_W),
	    check_chart_px(PM_H));
	check_chart_svg(check_chart_path("absurd.svg"));
	ck_assert_int_eq(chart_fleetmap(&r, check_chart_path("absurd-f.png"),
	    check_chart_path("absurd-f.svg"), DPI), 0);
	check_chart_png(check_chart_path("absurd-f.png"), check_chart_px(7.5),
	    check_chart_px(FM_H(a.nhosts)));
	check_chart_svg(check_chart_path("absurd-f.svg"));
	free(hosts);
	free(name);
}
END_TEST

/* More than 60 hosts: one row per site, the height follows the sites. */
START_TEST(test_fleet_by_site)
{
	struct audit	 a;
	struct report	 r;
	struct hostinfo	*hosts;
	struct host	*h;
	char		 (*names)[16], (*sites)[16];
	size_t		 i, n = 150;

	a = *check_chart_a;
	hosts = xcalloc(n, sizeof(*hosts));
	h = xcalloc(n, sizeof(*h));
	names = xcalloc(n, sizeof(*names));
	sites = xcalloc(n, sizeof(*sites));
	for (i = 0; i < n; i++) {
		hosts[i] = check_chart_a->hosts[i % check_chart_a->nhosts];
		h[i] = *hosts[i].host;
		snprintf(names[i], sizeof(names[i]), "H%03zu", i);
		snprintf(sites[i], sizeof(sites[i]), "site%zu", i % 7);
		h[i].name = names[i];
		hosts[i].host = &h[i];
		hosts[i].site = i % 11 == 0 ? NULL : sites[i];
	}
	a.hosts = hosts;
	a.nhosts = n;
	r = check_chart_r;
	r.audit = &a;
	ck_assert_int_eq(chart_fleetmap(&r, check_chart_path("big.png"),
	    check_chart_path("big.svg"), DPI), 0);
	/* seven sites and the hosts without one */
	check_chart_png(check_chart_path("big.png"), check_chart_px(7.5),
	    check_chart_px(FM_H(8)));
	free(hosts);
	free(h);
	free(names);
	free(sites);
}
END_TEST

/*
 * Every finding at DC01 tcp/50001 waived: its marker turns to "waived
 * only", and nothing critical is left in DC01's map.
 */
START_TEST(test_waived)
{
	static const char	 policy[] =
	    "[waiver a]\nrule = fixed-port-taken\nhost = DC01\nport = 50001\n"
	    "reason = test\n"
	    "[waiver b]\nrule = fixed-port-in-ephemeral\nhost = DC01\n"
	    "port = 50001\nreason = test\n"
	    "[waiver c]\nrule = fixed-port-undocumented\nhost = DC01\n"
	    "port = 50001\nreason = test\n";
	static const char *const paths[] = { "examples/fleet", NULL };
	struct audit		*a;
	struct report		 r;
	const struct finding	*f;
	size_t			 i, nwaived = 0;

	a = tu_audit(paths, tu_write_temp(policy, sizeof(policy) - 1,
	    "policy.ini"), NULL);
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		nwaived += f->waived;
		if (f->port == 50001 && strcmp(f->hi->host->name, "DC01") == 0)
			ck_assert_int_eq(f->waived, 1);
	}
	ck_assert_uint_eq(nwaived, 3);
	r = check_chart_r;
	r.audit = a;
	r.fleet = a->fleet;
	for (i = 0; i < a->nhosts; i++)
		if (strcmp(a->hosts[i].host->name, "DC01") == 0)
			ck_assert_int_eq(chart_portmap(&r, &a->hosts[i],
			    check_chart_path("w-dc01.png"), NULL, DPI), 0);
	ck_assert(!check_chart_has_rgb(check_chart_path("w-dc01.png"),
	    RGB_CRITICAL, PM_LEGEND));
	ck_assert(check_chart_has_rgb(check_chart_path("w-dc01.png"),
	    RGB_HIGH, PM_LEGEND));
	ck_assert_int_eq(chart_severity(&r, check_chart_path("w-sev.png"),
	    check_chart_path("w-sev.svg"), DPI), 0);
	ck_assert_int_eq(chart_rules(&r, check_chart_path("w-rules.png"),
	    NULL, DPI), 0);
	check_chart_png(check_chart_path("w-rules.png"), check_chart_px(7.5),
	    check_chart_px(RULES_H(check_chart_nrules(a))));
	tu_audit_free(a);
}
END_TEST

/* A folder that does not exist, a bad resolution: -1, no file. */
/*
 * A setting that does nothing on its host is no pin on its map: NTDS's
 * port on a member server (KB 224196) is left out, on a DC it is shown.
 */
START_TEST(test_inert_setting_unmarked)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:0000c350\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2012 R2\r\n"
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n";
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              "
	    "LISTENING       812\r\n";
	const char		*host[] = { "APP01", "DC01" };
	struct chart_marks	 m;
	struct chart_hf		 hf;
	struct audit		*a;
	size_t			 i;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", reg, "hq/APP01/netstat.txt", netstat,
	    "hq/DC01/registry.reg", reg, NULL), NULL);
	for (i = 0; i < 2; i++) {
		memset(&m, 0, sizeof(m));
		chart_hf_of(a, tu_host(a, host[i]), &hf);
		chart_marks_host(&m, tu_host(a, host[i]), &hf);
		ck_assert_uint_eq(m.n, i);
		if (m.n > 0)
			ck_assert_int_eq(m.v[0].port, 50000);
		chart_marks_free(&m);
		free(hf.v);
	}
	tu_audit_free(a);
}
END_TEST

START_TEST(test_errors)
{
	const struct hostinfo	*hi = tu_host(check_chart_a, "DC01");

	ck_assert_int_eq(chart_portmap(&check_chart_r, hi,
	    check_chart_path("nowhere/x.png"), NULL, DPI), -1);
	ck_assert_int_eq(chart_severity(&check_chart_r, NULL,
	    check_chart_path("nowhere/x.svg"), DPI), -1);
	ck_assert_int_eq(chart_rules(&check_chart_r,
	    check_chart_path("zero.png"), NULL, 0.0), -1);
	ck_assert_int_eq(access(check_chart_path("zero.png"), F_OK), -1);
	ck_assert_int_eq(chart_fleetmap(&check_chart_r,
	    check_chart_path("huge.png"), NULL, 1e9), -1);
	ck_assert_int_eq(chart_portmap(&check_chart_r, hi,
	    check_chart_path("nan.png"), NULL, NAN), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("chart");
	TCase	*t = tcase_create("chart");

	tcase_add_unchecked_fixture(t, check_chart_mkdir, check_chart_rmdir);
	tcase_add_checked_fixture(t, check_chart_setup, check_chart_teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_portmap_files);
	tcase_add_test(t, test_portmap_other_dpi);
	tcase_add_test(t, test_portmap_severity_colours);
	tcase_add_test(t, test_fleet_charts);
	tcase_add_test(t, test_deterministic);
	tcase_add_test(t, test_empty);
	tcase_add_test(t, test_absurd_names);
	tcase_add_test(t, test_fleet_by_site);
	tcase_add_test(t, test_waived);
	tcase_add_test(t, test_errors);
	tcase_add_test(t, test_inline_svg);
	tcase_add_test(t, test_inert_setting_unmarked);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
