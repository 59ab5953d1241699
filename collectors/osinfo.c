/*
 * What a server says of its own operating system, as the collection
 * scripts write it into osversion.txt: Windows' `ver` and the OS lines of
 * `systeminfo`, `uname -a`, /etc/os-release, macOS `sw_vers`.  The host gets
 * that name unless a manifest names another (host_os_claim(): an osinfo
 * file beats the registry), which chooses its default port ranges
 * (data/os.csv).  Other lines of such a file are "key: value"
 * notes for people and are recognised without a record.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

/* How much a line says: a product name beats a kernel version. */
enum osinfo_rank {
	OSINFO_NONE = 0,
	OSINFO_KERNEL,		/* uname, ver */
	OSINFO_PRODUCT		/* systeminfo OS Name, PRETTY_NAME, sw_vers */
};

/*
 * Windows names by `ver` version number (NT 4.0 prints its own line).
 * The number is read as numbers: Windows 2000 writes "5.00.2195".
 */
static const struct {
	int		 major;
	int		 minor;
	const char	*name;
} osinfo_ver[] = {
	{ 5, 0, "Windows 2000" },
	{ 5, 1, "Windows XP" },
	{ 5, 2, "Windows Server 2003" },
	{ 6, 0, "Windows Vista or Server 2008" },
	{ 6, 1, "Windows 7 or Server 2008 R2" },
	{ 6, 2, "Windows 8 or Server 2012" },
	{ 6, 3, "Windows 8.1 or Server 2012 R2" },
	{ 10, 0, "Windows 10 or Server 2016 and later" },
};

/* Systems whose `uname -a` line starts with their name. */
static const char *const osinfo_uname[] = {
	"Linux", "FreeBSD", "OpenBSD", "NetBSD", "SunOS", "Darwin"
};

/* The value after "key:" or "KEY=" when s starts with key, trimmed. */
static const char *
osinfo_value(const char *s, size_t n, const char *key, size_t *vn)
{
	size_t	 k = strlen(key);

	if (!scan_caseprefix(s, n, key))
		return (NULL);
	s += k;
	n -= k;
	*vn = n;
	s = scan_trim(s, vn, SCAN_SPACE);
	if (*vn >= 2 && s[0] == '"' && s[*vn - 1] == '"') {
		s++;
		*vn -= 2;
	}
	return (*vn > 0 ? s : NULL);
}

/*
 * The Windows that `ver`'s "[Version MAJOR.MINOR.BUILD]" names: "Microsoft
 * Windows [Version 10.0.17763]", "Microsoft Windows XP [Version 5.1.2600]",
 * "Microsoft Windows 2000 [Version 5.00.2195]".
 */
static enum osinfo_rank
osinfo_ver_line(const char *v, size_t vn, char *buf, size_t len)
{
	unsigned long long	 num[2];
	const char		*err;
	size_t			 i, k, d;

	snprintf(buf, len, "Windows");
	for (k = 0; k < 2; k++) {
		for (d = 0; d < vn && v[d] >= '0' && v[d] <= '9'; d++)
			continue;
		if (d == 0 || d == vn || (k == 0 && v[d] != '.') ||
		    util_parse_ulong(v, d, 0, &num[k], &err) == -1)
			return (OSINFO_KERNEL);
		v += d + 1;
		vn -= d + 1;
	}
	for (i = 0; i < sizeof(osinfo_ver) / sizeof(osinfo_ver[0]); i++)
		if (osinfo_ver[i].major == (int)num[0] &&
		    osinfo_ver[i].minor == (int)num[1])
			snprintf(buf, len, "%s", osinfo_ver[i].name);
	return (OSINFO_KERNEL);
}

/* The OS a line names, in buf, and how specific it is. */
static enum osinfo_rank
osinfo_line(const char *s, size_t n, char *buf, size_t len)
{
	struct scan_tok	 tok[3];
	const char	*v;
	size_t		 vn, i, k;

	if ((v = osinfo_value(s, n, "OS Name:", &vn)) != NULL ||
	    (v = osinfo_value(s, n, "PRETTY_NAME=", &vn)) != NULL ||
	    (v = osinfo_value(s, n, "ProductName:", &vn)) != NULL) {
		snprintf(buf, len, "%.*s", (int)vn, v);
		return (OSINFO_PRODUCT);
	}
	if (scan_caseprefix(s, n, "Windows NT Version 4")) {
		snprintf(buf, len, "Windows NT 4.0");
		return (OSINFO_KERNEL);
	}
	if (scan_caseprefix(s, n, "Microsoft Windows") &&
	    (v = memmem(s, n, "[Version ", 9)) != NULL)
		return (osinfo_ver_line(v + 9, n - (v + 9 - s), buf, len));
	/* uname -a: "Linux host 6.1.0-13-amd64 #1 SMP ...": system, release */
	for (i = 0; i < sizeof(osinfo_uname) / sizeof(osinfo_uname[0]); i++) {
		k = strlen(osinfo_uname[i]);
		if (!scan_prefix(s, n, osinfo_uname[i]) || n <= k || s[k] != ' ')
			continue;
		if (scan_split(s, n, SCAN_SPACE, tok, 3, NULL) < 3)
			tok[2].n = 0;
		if (strcmp(osinfo_uname[i], "Darwin") == 0)
			snprintf(buf, len, "macOS (Darwin %.*s)", (int)tok[2].n,
			    tok[2].s);
		else
			snprintf(buf, len, "%s %.*s", osinfo_uname[i],
			    (int)tok[2].n, tok[2].s);
		return (OSINFO_KERNEL);
	}
	return (OSINFO_NONE);
}

/* A note for people: "key: value", "KEY=value", a code page line. */
static int
osinfo_note(const char *s, size_t n)
{
	const char	*c = memchr(s, ':', n), *q = memchr(s, '=', n);

	return ((c != NULL && c > s) || (q != NULL && q > s));
}

static int
osinfo_parse(struct parse *p)
{
	struct hostos	 w;
	enum osinfo_rank best = OSINFO_NONE, r;
	const char	*t;
	char		*line, name[256];
	size_t		 len, tn;

	memset(&w, 0, sizeof(w));
	w.src = OSSRC_OSINFO;
	w.in = p->in;

	while ((line = parse_next_line(p, &len)) != NULL) {
		tn = len;
		t = scan_trim(line, &tn, SCAN_SPACE);
		if (tn == 0) {
			parse_known(p);
			continue;
		}
		if ((r = osinfo_line(t, tn, name, sizeof(name))) !=
		    OSINFO_NONE) {
			parse_known(p);
			if (r > best) {
				best = r;
				w.name = parse_intern(p, name, strlen(name));
				w.line = p->lineno;
			}
		} else if (osinfo_note(t, tn))
			parse_known(p);
		else
			parse_unparsed(p, DIAG_LINE_UNKNOWN, NULL);
	}
	if (best != OSINFO_NONE)
		p->in->os = host_os_claim(p->fleet, p->in->host, &w);
	return ((int)p->in->lines_unparsed);
}

/* The first non-blank line names an OS the way these commands do. */
static int
osinfo_sniff(const char *buf, size_t len)
{
	const char	*pos = buf, *l;
	char		 name[256];
	size_t		 n, tn;
	int		 lines = 0;

	while ((l = scan_line(&pos, buf + len, &n)) != NULL && lines < 4) {
		tn = n;
		l = scan_trim(l, &tn, SCAN_SPACE);
		if (tn == 0)
			continue;
		lines++;
		if (osinfo_line(l, tn, name, sizeof(name)) != OSINFO_NONE)
			return (75);
	}
	return (0);
}

const struct collector collector_osinfo = {
	"osinfo", "host", "CP850",
	"ver, systeminfo, uname -a, os-release, sw_vers: the host's OS",
	osinfo_sniff, osinfo_parse, 0
};
