/*
 * The host's OS as its registry says it: the values of
 * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion (ProductName,
 * CurrentVersion, CurrentBuildNumber, CSDVersion, EditionID,
 * InstallationType) in a .reg export, reg query output or SOFTWARE hive.
 * kb_regvalue() hands every value of an input here and kb_finish() asks for
 * the verdict, so the three registry collectors share one reading.
 *
 * CurrentVersion tells the era: 4.0 NT 4.0, 5.0 2000, 5.1 XP, 5.2 Server
 * 2003 (or XP x64), 6.0 to 6.3 Vista/2008 to 8.1/2012 R2.  Windows 10 and
 * later leave CurrentVersion at 6.3 and add CurrentMajorVersionNumber
 * (libguestfs issue 16), so a CurrentBuildNumber of 10240 or more means 10
 * or later.  Client or server comes from InstallationType (Client, Server,
 * Server Core, Nano Server; Windows 7 and 2008 R2 on), else EditionID
 * (Server...), else ProductName.  The build tells 10 from 11 (22000) and
 * Server 2016 (14393), 2019 (17763), 2022 (20348) and 2025 (26100) from the
 * semi-annual servers, as Microsoft's release information and hcsshim's
 * osversion package list them.  ProductName is shown as written, after the
 * name the version gives when it does not hold that name (Windows 11 still
 * says "Windows 10 Pro").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define OSREG_WIN10	10240		/* first build of Windows 10 */
#define OSREG_WIN11	22000		/* first build of Windows 11 */

/* The values read, by slot. */
enum osreg_val {
	OSV_PRODUCT = 0,
	OSV_VERSION,
	OSV_MAJOR,
	OSV_MINOR,
	OSV_BUILDNUM,
	OSV_BUILD,
	OSV_CSD,
	OSV_EDITION,
	OSV_INSTTYPE,
	OSV__MAX
};

static const char *const osreg_names[OSV__MAX] = {
	"ProductName", "CurrentVersion", "CurrentMajorVersionNumber",
	"CurrentMinorVersionNumber", "CurrentBuildNumber", "CurrentBuild",
	"CSDVersion", "EditionID", "InstallationType"
};

/* The key, below the HKLM root; Wow6432Node mirrors it on 64-bit systems. */
static const char *const osreg_key_comps[] = {
	"SOFTWARE", "Microsoft", "Windows NT", "CurrentVersion"
};

/* Names by CurrentVersion: a client, a server, either. */
static const struct osreg_era {
	unsigned	 major, minor;
	const char	*client, *server, *either;
} osreg_eras[] = {
	{ 5, 0, "Windows 2000", "Windows 2000", "Windows 2000" },
	{ 5, 1, "Windows XP", "Windows XP", "Windows XP" },
	{ 5, 2, "Windows XP x64", "Windows Server 2003",
	    "Windows Server 2003 or XP x64" },
	{ 6, 0, "Windows Vista", "Windows Server 2008",
	    "Windows Vista or Server 2008" },
	{ 6, 1, "Windows 7", "Windows Server 2008 R2",
	    "Windows 7 or Server 2008 R2" },
	{ 6, 2, "Windows 8", "Windows Server 2012", "Windows 8 or Server 2012" },
	{ 6, 3, "Windows 8.1", "Windows Server 2012 R2",
	    "Windows 8.1 or Server 2012 R2" },
};

/* Servers of Windows 10's kernel by build. */
static const struct {
	unsigned	 build;
	const char	*name;
} osreg_servers[] = {
	{ 14393, "Windows Server 2016" },
	{ 16299, "Windows Server, version 1709" },
	{ 17134, "Windows Server, version 1803" },
	{ 17763, "Windows Server 2019" },
	{ 18362, "Windows Server, version 1903" },
	{ 18363, "Windows Server, version 1909" },
	{ 19041, "Windows Server, version 2004" },
	{ 19042, "Windows Server, version 20H2" },
	{ 20348, "Windows Server 2022" },
	{ 26100, "Windows Server 2025" },
};

struct osreg {
	const struct input	*in;		/* the input the values are of */
	const struct record	*v[OSV__MAX];	/* NULL: not seen */
};

struct osreg *
osreg_new(void)
{
	return (xcalloc(1, sizeof(struct osreg)));
}

void
osreg_free(struct osreg *o)
{
	free(o);
}

/* Whether key names HKLM\SOFTWARE[\Wow6432Node]\Microsoft\...\CurrentVersion. */
static int
osreg_key(const char *key)
{
	const char	*s = key, *e;
	size_t		 n, i = 0;
	int		 comp = 0;

	for (; *s != '\0'; s = *e == '\0' ? e : e + 1) {
		e = s + strcspn(s, "\\");
		if ((n = e - s) == 0)
			continue;
		if (comp++ == 0) {
			if (!((n == 4 && util_strncasecmp_ascii(s, "HKLM", 4) ==
			    0) || (n == 18 && util_strncasecmp_ascii(s,
			    "HKEY_LOCAL_MACHINE", 18) == 0)))
				return (0);
			continue;
		}
		if (i == 1 && n == 11 &&
		    util_strncasecmp_ascii(s, "Wow6432Node", 11) == 0)
			continue;
		if (i == sizeof(osreg_key_comps) / sizeof(osreg_key_comps[0]) ||
		    strlen(osreg_key_comps[i]) != n ||
		    util_strncasecmp_ascii(s, osreg_key_comps[i], n) != 0)
			return (0);
		i++;
	}
	return (i == sizeof(osreg_key_comps) / sizeof(osreg_key_comps[0]));
}

/* Note a value of the input p reads; values of other keys are ignored. */
int
osreg_value(struct osreg *o, struct parse *p, const struct record *rec)
{
	const struct regvaluerec *reg = &rec->u.reg;
	int			 i;

	if (o->in != p->in) {
		memset(o->v, 0, sizeof(o->v));
		o->in = p->in;
	}
	if (!osreg_key(reg->key))
		return (0);
	if (reg->name == NULL) {	/* [-KEY]: the key is gone */
		if (reg->deleted)
			memset(o->v, 0, sizeof(o->v));
		return (0);
	}
	for (i = 0; i < OSV__MAX; i++)
		if (util_strcasecmp_ascii(reg->name, osreg_names[i]) == 0) {
			o->v[i] = reg->deleted ? NULL : rec;
			return (1);
		}
	return (0);
}

/* A string value, NULL when absent, empty or of another type. */
static const char *
osreg_str(const struct osreg *o, enum osreg_val i)
{
	const struct record	*r = o->v[i];

	if (r == NULL || (r->u.reg.rtype != REGT_SZ &&
	    r->u.reg.rtype != REGT_EXPAND_SZ) || r->u.reg.str == NULL ||
	    r->u.reg.str[strspn(r->u.reg.str, " \t")] == '\0')
		return (NULL);
	return (r->u.reg.str);
}

/* Decimal digits s[0..n) into *v; 0 or -1. */
static int
osreg_ulong(const char *s, size_t n, unsigned long long *v)
{
	const char	*why;

	return (util_parse_ulong(s, n, 0, v, &why));
}

/* A number: a DWORD, or a string of decimal digits; 0 or -1. */
static int
osreg_num(const struct osreg *o, enum osreg_val i, unsigned *out)
{
	const struct record	*r = o->v[i];
	const char		*s;
	unsigned long long	 v;

	if (r == NULL)
		return (-1);
	if (r->u.reg.rtype == REGT_DWORD || r->u.reg.rtype == REGT_QWORD) {
		if (r->u.reg.num > 1000000)
			return (-1);
		*out = (unsigned)r->u.reg.num;
		return (0);
	}
	if ((s = osreg_str(o, i)) == NULL ||
	    osreg_ulong(s, strlen(s), &v) == -1 || v > 1000000)
		return (-1);
	*out = (unsigned)v;
	return (0);
}

/* Case-insensitive substring. */
static int
osreg_has(const char *s, const char *word)
{
	size_t	 n = strlen(word);

	for (; *s != '\0'; s++)
		if (util_strncasecmp_ascii(s, word, n) == 0)
			return (1);
	return (0);
}

/* 1 a server, 0 a client, -1 unknown. */
static int
osreg_server(const struct osreg *o)
{
	const char	*s;

	if ((s = osreg_str(o, OSV_INSTTYPE)) != NULL) {
		if (osreg_has(s, "Server"))
			return (1);
		return (util_strcasecmp_ascii(s, "Client") == 0 ? 0 : -1);
	}
	if ((s = osreg_str(o, OSV_EDITION)) != NULL)
		return (util_strncasecmp_ascii(s, "Server", 6) == 0);
	if ((s = osreg_str(o, OSV_PRODUCT)) != NULL)
		return (osreg_has(s, "Server"));
	return (-1);
}

/* "5.0" into major and minor; 0 or -1. */
static int
osreg_version(const char *s, unsigned *major, unsigned *minor)
{
	const char		*dot = strchr(s, '.');
	unsigned long long	 a, b;

	if (dot == NULL || osreg_ulong(s, dot - s, &a) == -1 ||
	    osreg_ulong(dot + 1, strlen(dot + 1), &b) == -1 ||
	    a > 99 || b > 99)
		return (-1);
	*major = a;
	*minor = b;
	return (0);
}

/* The name of Windows 10's kernel, by build and role. */
static void
osreg_name10(unsigned build, int server, char *buf, size_t len)
{
	size_t	 i;

	if (build == 0) {
		snprintf(buf, len, "%s", server == 1 ? "Windows Server 2016 "
		    "or later" : server == 0 ? "Windows 10 or later" :
		    "Windows 10 or Server 2016 or later");
		return;
	}
	if (server == 1) {
		for (i = 0; i < sizeof(osreg_servers) /
		    sizeof(osreg_servers[0]); i++)
			if (osreg_servers[i].build == build) {
				snprintf(buf, len, "%s", osreg_servers[i].name);
				return;
			}
		snprintf(buf, len, "Windows Server");
	} else if (server == 0)
		snprintf(buf, len, "%s", build >= OSREG_WIN11 ? "Windows 11" :
		    "Windows 10");
	else
		snprintf(buf, len, "%s", build >= OSREG_WIN11 ?
		    "Windows 11 or Server 2022 or later" :
		    "Windows 10 or Server 2016 or later");
}

/* The name the version gives, in buf. */
static void
osreg_canon(unsigned major, unsigned minor, unsigned build, int server,
    char *buf, size_t len)
{
	size_t	 i;

	if (major >= 10) {
		osreg_name10(build, server, buf, len);
		return;
	}
	if (major < 5) {
		snprintf(buf, len, "Windows NT %u.%u", major, minor);
		return;
	}
	for (i = 0; i < sizeof(osreg_eras) / sizeof(osreg_eras[0]); i++)
		if (osreg_eras[i].major == major &&
		    osreg_eras[i].minor == minor) {
			snprintf(buf, len, "%s", server == 1 ?
			    osreg_eras[i].server : server == 0 ?
			    osreg_eras[i].client : osreg_eras[i].either);
			return;
		}
	snprintf(buf, len, "Windows %u.%u", major, minor);
}

/*
 * The version and build the values give, and the value that decided the
 * era; NULL when they give none (a bad CurrentVersion is diagnosed).
 */
static const struct record *
osreg_era(const struct osreg *o, struct parse *p, unsigned *major,
    unsigned *minor, unsigned *build)
{
	const struct record	*by = NULL;
	const char		*s;

	*build = 0;
	if (osreg_num(o, OSV_BUILDNUM, build) == -1)
		(void)osreg_num(o, OSV_BUILD, build);
	if (osreg_num(o, OSV_MAJOR, major) == 0) {
		if (osreg_num(o, OSV_MINOR, minor) == -1)
			*minor = 0;
		by = o->v[OSV_MAJOR];
	} else if ((s = osreg_str(o, OSV_VERSION)) != NULL) {
		if (osreg_version(s, major, minor) == 0)
			by = o->v[OSV_VERSION];
		else
			diag(p->in, o->v[OSV_VERSION]->line, DIAG_BAD_NUMBER,
			    "CurrentVersion \"%s\" is not a Windows version "
			    "such as 5.0; the OS is not read from it", s);
	}
	if (*build >= OSREG_WIN10 && (by == NULL || *major < 10)) {
		*major = 10;
		*minor = 0;
		by = o->v[OSV_BUILDNUM] != NULL ? o->v[OSV_BUILDNUM] :
		    o->v[OSV_BUILD];
	}
	return (by);
}

/* Name the host's OS from the values of the input p read, if any. */
void
osreg_finish(struct osreg *o, struct parse *p)
{
	struct hostos		 w;
	const struct record	*by;
	const char		*product, *csd;
	char			 canon[64], name[512];
	unsigned		 major, minor, build;
	size_t			 n;

	if (o == NULL || o->in != p->in)
		return;
	product = osreg_str(o, OSV_PRODUCT);
	csd = osreg_str(o, OSV_CSD);
	if ((by = osreg_era(o, p, &major, &minor, &build)) != NULL) {
		osreg_canon(major, minor, build, osreg_server(o), canon,
		    sizeof(canon));
		if (product == NULL || osreg_has(product, canon))
			n = snprintf(name, sizeof(name), "%s", product != NULL ?
			    product : canon);
		else
			n = snprintf(name, sizeof(name), "%s (%s)", canon,
			    product);
	} else if (product != NULL) {
		by = o->v[OSV_PRODUCT];
		n = snprintf(name, sizeof(name), "%s", product);
	} else {
		memset(o->v, 0, sizeof(o->v));
		return;
	}
	if (csd != NULL && n < sizeof(name))
		n += snprintf(name + n, sizeof(name) - n, " %s", csd);
	if (build > 0 && n < sizeof(name))
		snprintf(name + n, sizeof(name) - n, ", build %u", build);
	memset(&w, 0, sizeof(w));
	w.name = parse_intern(p, name, strlen(name));
	w.src = OSSRC_REGISTRY;
	w.in = p->rin;		/* the host the values named, if not the file's */
	w.rec = by;
	w.line = by->line;
	p->rin->os = host_os_claim(p->fleet, p->rin->host, &w);
	memset(o->v, 0, sizeof(o->v));
}
