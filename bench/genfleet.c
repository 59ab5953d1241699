/*
 * Deterministic generator of a large fleet for `make bench`: the folders a
 * collection script brings back from HOSTS servers, laid out as
 * DIR/site-NN/HOST/files in sites of about 50 hosts, plus DIR/manifest.csv
 * (host,site,role,os).  The estate is a mix like a real one: 70% Vista-era
 * and later Windows (netstat -ano, a regedit export with 2 to 8 port
 * settings, netsh dynamicport output, sometimes excludedportrange output),
 * 10% NT 4.0 and Server 2003 (netstat -an without PIDs, MaxUserPort), 20%
 * Linux (ss -tulpan and sysctl).  Every host also has a services file; most
 * hosts carry one of three byte-identical files, a few have local lines.
 * The formats follow docs/port-facts.md (2.9 .reg, 3.1 netsh, 3.2 sysctl,
 * 5.1 netstat, 5.5 ss, 6 services) and the bundled example fleet.
 *
 * Most port settings are sound; the rest are the cases an audit must find:
 * a pinned port inside the dynamic range, two services on one port, a port
 * held by another process's outbound connection, a port inside a Hyper-V
 * excluded block, and a value typed in regedit's hex mode.
 *
 * The same arguments always give the same bytes: every host draws from
 * its own linear congruential generator seeded from its index (no clock,
 * no libc rand), and site sizes come from one more fixed-seed stream.
 *
 *	genfleet DIR HOSTS
 */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GF_SITE_MIN	35		/* hosts per site: 35..65 */
#define GF_SITE_SPAN	31
#define GF_SOCK_MIN	100		/* sockets per host: 100..3000, */
#define GF_SOCK_MAX	3000		/* log-uniform */
#define GF_MAXSOCK	(GF_SOCK_MAX + 200)
#define GF_MAXPROC	64
#define GF_MAXSET	12
#define GF_MAXEXCL	8
#define GF_HEXWRAP	77		/* regedit (Wine) wraps hex here */

struct genfleet_rng {
	unsigned long long s;
};

struct genfleet_buf {
	char		*p;
	size_t		 len;
	size_t		 cap;
};

enum genfleet_os {
	GF_WIN,				/* Vista, 2008 and later */
	GF_LEGACY,			/* NT 4.0 and Server 2003 */
	GF_LINUX
};

enum genfleet_role {
	R_DC, R_SQL, R_FS, R_WEB, R_APP, R_EXCH, R_RDS,
	R_EX55, R_DC03, R_FS03,
	R_LAPP, R_LWEB, R_LDB, R_LMON,
	R__MAX
};

struct genfleet_roledef {
	enum genfleet_os os;
	const char	*name;		/* manifest role */
	const char	*prefix;	/* host name stem */
	unsigned	 weight;	/* within its OS family */
};

static const struct genfleet_roledef genfleet_roles[R__MAX] = {
	{ GF_WIN, "domain-controller", "DC", 8 },
	{ GF_WIN, "sql-server", "SQL", 15 },
	{ GF_WIN, "file-server", "FS", 14 },
	{ GF_WIN, "web-server", "WEB", 17 },
	{ GF_WIN, "app-server", "APP", 26 },
	{ GF_WIN, "exchange-2010", "EXCH", 5 },
	{ GF_WIN, "rds-host", "RDS", 15 },
	{ GF_LEGACY, "exchange-5.5", "EXCH", 50 },
	{ GF_LEGACY, "domain-controller", "DC", 30 },
	{ GF_LEGACY, "file-server", "FS", 20 },
	{ GF_LINUX, "app-server", "app", 40 },
	{ GF_LINUX, "web-server", "web", 25 },
	{ GF_LINUX, "db-server", "db", 20 },
	{ GF_LINUX, "monitoring", "mon", 15 }
};

enum genfleet_ver {
	V_2008R2, V_2012R2, V_2016, V_2019, V_2022,
	V_NT4, V_2003,
	V_DEB12, V_DEB11, V_UBU22, V_RHEL9,
	V__MAX
};

struct genfleet_verdef {
	enum genfleet_os os;
	const char	*name;
	const char	*sqlid;		/* SQL Server instance id */
	unsigned	 weight;
};

static const struct genfleet_verdef genfleet_vers[V__MAX] = {
	{ GF_WIN, "Windows Server 2008 R2 SP1", "MSSQL10_50", 8 },
	{ GF_WIN, "Windows Server 2012 R2", "MSSQL12", 22 },
	{ GF_WIN, "Windows Server 2016", "MSSQL13", 30 },
	{ GF_WIN, "Windows Server 2019", "MSSQL15", 25 },
	{ GF_WIN, "Windows Server 2022", "MSSQL16", 15 },
	{ GF_LEGACY, "Windows NT 4.0 SP6a", NULL, 0 },
	{ GF_LEGACY, "Windows Server 2003 SP2", NULL, 0 },
	{ GF_LINUX, "Debian 12", NULL, 35 },
	{ GF_LINUX, "Debian 11", NULL, 20 },
	{ GF_LINUX, "Ubuntu 22.04 LTS", NULL, 25 },
	{ GF_LINUX, "Red Hat Enterprise Linux 9", NULL, 20 }
};

/* Registry values that pin a port or shape a range (data/settings.csv). */
enum genfleet_kindid {
	K_NTDS, K_NETLOGON, K_NTFRS, K_RDP, K_RDPTDS, K_SQL, K_SQLNAMED,
	K_MSMQ, K_DCOM, K_RPCINET, K_MAXUSER, K_RESERVED, K_EXRPC, K_EXAB,
	K_EXDS, K_EXIS, K_EXMTA, K_RFC1006,
	K__MAX
};

struct genfleet_kind {
	const char	*owner;		/* listener, or NULL */
	const char	*doc;		/* name in a services file */
	unsigned	 good;		/* a sound port */
	unsigned	 eph;		/* a port inside 49152-65535 */
	int		 dword;		/* REG_DWORD: radix slips */
};

static const struct genfleet_kind genfleet_kinds[K__MAX] = {
	{ "lsass", "ntds-rpc", 38901, 50000, 1 },
	{ "lsass", "netlogon-rpc", 38902, 50001, 1 },
	{ "ntfrs", "ntfrs-rpc", 38903, 50002, 1 },
	{ "TermService", "rdp", 3389, 53389, 1 },
	{ NULL, NULL, 3389, 3389, 1 },
	{ "sqlservr", "ms-sql-s", 1433, 50433, 0 },
	{ "sqlservr2", "ms-sql-named", 14331, 49703, 0 },
	{ "mqsvc", "msmq", 1801, 50100, 1 },
	{ "dcomapp", "orderrouter", 24050, 50505, 0 },
	{ NULL, NULL, 0, 0, 0 },
	{ NULL, NULL, 0, 0, 1 },
	{ NULL, NULL, 0, 0, 0 },
	{ "exrpc", "exch-rpc", 59532, 59532, 1 },
	{ "exab", "exch-ab", 59533, 59533, 0 },
	{ "dsamain", "exchds", 1200, 1025, 1 },
	{ "store", "exchis", 1201, 1026, 1 },
	{ "emsmta", "exchmta", 1202, 1027, 1 },
	{ "emsmta", "iso-tsap", 102, 1102, 1 }
};

enum genfleet_fate {
	F_OK,				/* the owner listens on the port */
	F_EPHEMERAL,			/* in the dynamic range */
	F_DUP,				/* an earlier setting's port */
	F_TAKEN,			/* an outbound connection holds it */
	F_EXCLUDED,			/* inside a Hyper-V excluded block */
	F_RADIX				/* typed in regedit's hex mode */
};

struct genfleet_set {
	enum genfleet_kindid kind;
	enum genfleet_fate fate;
	unsigned	 port;		/* what the service really gets */
	unsigned	 intended;	/* what the admin meant */
	unsigned	 value;		/* what the registry holds */
	unsigned	 tag;		/* instance or AppID number */
};

enum genfleet_fam {
	GF_V4,
	GF_V6,				/* laddr 0: [::], 1: [::1] */
	GF_STAR,			/* ss: dual-stack wildcard "*" */
	GF_V4LO				/* ss: 127.0.0.53%lo */
};

enum genfleet_state {
	S_LISTEN, S_ESTAB, S_TIMEWAIT, S_CLOSEWAIT, S_SYNSENT, S_FINWAIT2,
	S_UNCONN
};

struct genfleet_sock {
	unsigned char	 udp;
	unsigned char	 fam;
	unsigned char	 state;
	unsigned	 laddr;		/* IPv4, host order */
	unsigned	 lport;
	unsigned	 raddr;		/* 0: listener or unconnected */
	unsigned	 rport;
	unsigned	 backlog;	/* ss Send-Q of a listener */
	int		 proc;		/* index in procs, -1 none */
	unsigned	 fd;		/* ss: the process's descriptor */
};

struct genfleet_proc {
	const char	*name;
	unsigned	 pid;
	unsigned	 fd;
};

struct genfleet_host {
	struct genfleet_rng r;
	unsigned	 site;		/* 0-based */
	unsigned	 slot;		/* in the site */
	unsigned	 nsite;		/* hosts in the site */
	enum genfleet_os os;
	enum genfleet_ver ver;
	enum genfleet_role role;
	char		 name[48];
	unsigned	 ip;
	unsigned	 dyn_lo, dyn_hi;	/* effective dynamic range */
	unsigned	 rpc_lo, rpc_hi;	/* Rpc\Internet pool, 0 none */
	const char	*rpc_ports;
	const char	*rpc_avail, *rpc_use;
	unsigned	 maxuser;	/* MaxUserPort value, 0 unset */
	unsigned	 resv_lo, resv_hi;	/* ReservedPorts, 0 none */
	unsigned	 excl[GF_MAXEXCL][2];
	int		 excl_admin[GF_MAXEXCL];
	size_t		 nexcl;
	int		 has_excl;	/* writes excludedportrange.txt */
	int		 utf16;		/* netstat via PowerShell */
	int		 owners;	/* netstat -anob: owner lines */
	int		 pids;		/* netstat -ano, not -an */
	int		 nettools;	/* Linux: netstat -tulpan, not ss */
	size_t		 target;	/* sockets wanted */
	int		 echo;		/* netsh output after prompt */
	int		 local_services;
	unsigned	 app_port;	/* Linux: the application's port */
	unsigned char	 used[65536 / 8];
	struct genfleet_sock s[GF_MAXSOCK];
	size_t		 ns;
	struct genfleet_proc p[GF_MAXPROC];
	size_t		 np;
	struct genfleet_set set[GF_MAXSET];
	size_t		 nset;
};

struct genfleet_out {
	const char	*dir;
	unsigned long	 files;
	unsigned long long bytes;
};

/* The three services files nearly every host carries byte for byte. */
static const char *const genfleet_svc_win[] = {
	"# Copyright (c) 1993-2004 Microsoft Corp.",
	"#",
	"# This file contains port numbers for well-known services defined by IANA",
	"#",
	"# Format:",
	"#",
	"# <service name>  <port number>/<protocol>  [aliases...]   [#<comment>]",
	"#",
	"",
	"echo                7/tcp",
	"echo                7/udp",
	"discard             9/tcp    sink null",
	"discard             9/udp    sink null",
	"daytime            13/tcp",
	"daytime            13/udp",
	"qotd               17/tcp    quote                  #Quote of the day",
	"chargen            19/tcp    ttytst source          #Character generator",
	"ftp-data           20/tcp                           #FTP, data",
	"ftp                21/tcp                           #FTP. control",
	"ssh                22/tcp                           #SSH Remote Login Protocol",
	"telnet             23/tcp",
	"smtp               25/tcp    mail                   #Simple Mail Transfer Protocol",
	"time               37/tcp    timserver",
	"domain             53/tcp                           #Domain Name Server",
	"domain             53/udp                           #Domain Name Server",
	"bootps             67/udp    dhcps                  #Bootstrap Protocol Server",
	"bootpc             68/udp    dhcpc                  #Bootstrap Protocol Client",
	"tftp               69/udp                           #Trivial File Transfer",
	"http               80/tcp    www www-http           #World Wide Web",
	"kerberos           88/tcp    krb5 kerberos-sec      #Kerberos",
	"kerberos           88/udp    krb5 kerberos-sec      #Kerberos",
	"pop3              110/tcp                           #Post Office Protocol - Version 3",
	"nntp              119/tcp    usenet                 #Network News Transfer Protocol",
	"ntp               123/udp                           #Network Time Protocol",
	"epmap             135/tcp    loc-srv                #DCE endpoint resolution",
	"epmap             135/udp    loc-srv                #DCE endpoint resolution",
	"netbios-ns        137/tcp    nbname                 #NETBIOS Name Service",
	"netbios-ns        137/udp    nbname                 #NETBIOS Name Service",
	"netbios-dgm       138/udp    nbdatagram             #NETBIOS Datagram Service",
	"netbios-ssn       139/tcp    nbsession              #NETBIOS Session Service",
	"imap              143/tcp    imap4                  #Internet Message Access Protocol",
	"snmp              161/udp                           #SNMP",
	"snmptrap          162/udp    snmp-trap              #SNMP trap",
	"ldap              389/tcp                           #Lightweight Directory Access Protocol",
	"https             443/tcp    MCom                   #HTTP over TLS/SSL",
	"https             443/udp    MCom                   #HTTP over TLS/SSL",
	"microsoft-ds      445/tcp",
	"microsoft-ds      445/udp",
	"kpasswd           464/tcp                           # Kerberos (v5)",
	"kpasswd           464/udp                           # Kerberos (v5)",
	"isakmp            500/udp    ike                    #Internet Key Exchange",
	"ldaps             636/tcp    sldap                  #LDAP over TLS/SSL",
	"ms-sql-s         1433/tcp                           #Microsoft-SQL-Server",
	"ms-sql-s         1433/udp                           #Microsoft-SQL-Server",
	"ms-sql-m         1434/tcp                           #Microsoft-SQL-Monitor",
	"ms-sql-m         1434/udp                           #Microsoft-SQL-Monitor",
	"msmq             1801/tcp                           #Microsoft Message Queue",
	"knetd            2053/tcp                           #Kerberos de-multiplexor",
	"man              9535/tcp                           #Remote Man Server",
	NULL
};

static const char *const genfleet_svc_nt[] = {
	"# Copyright (c) 1993-1995 Microsoft Corp.",
	"#",
	"# This file contains port numbers for well-known services as defined by",
	"# RFC 1060 (Assigned Numbers).",
	"#",
	"# Format:",
	"#",
	"# <service name>  <port number>/<protocol>  [aliases...]   [#<comment>]",
	"#",
	"",
	"echo                7/tcp",
	"echo                7/udp",
	"discard             9/tcp    sink null",
	"discard             9/udp    sink null",
	"daytime            13/tcp",
	"daytime            13/udp",
	"chargen            19/tcp    ttytst source",
	"ftp-data           20/tcp",
	"ftp                21/tcp",
	"telnet             23/tcp",
	"smtp               25/tcp    mail",
	"time               37/tcp    timserver",
	"nameserver         42/tcp    name                   #IEN 116",
	"domain             53/tcp",
	"domain             53/udp",
	"tftp               69/udp",
	"gopher             70/tcp",
	"finger             79/tcp",
	"http               80/tcp    www                    #World Wide Web",
	"kerberos-sec       88/tcp    krb5                   # Kerberos",
	"kerberos-sec       88/udp    krb5                   # Kerberos",
	"iso-tsap          102/tcp                           #ISO-TSAP Class 0",
	"pop3              110/tcp                           #Post Office Protocol - Version 3",
	"nntp              119/tcp    usenet                 #Network News Transfer Protocol",
	"ntp               123/udp                           #Network Time Protocol",
	"loc-srv           135/tcp                           # Location Service",
	"loc-srv           135/udp                           # Location Service",
	"nbname            137/udp                           # NETBIOS Name Service",
	"nbdatagram        138/udp                           # NETBIOS Datagram Service",
	"nbsession         139/tcp                           # NETBIOS Session Service",
	"imap              143/tcp                           #Internet Message Access Protocol",
	"snmp              161/udp",
	"snmp-trap         162/udp",
	"ldap              389/tcp                           #Lightweight Directory Access Protocol",
	"https             443/tcp    MCom",
	"exec              512/tcp",
	"biff              512/udp    comsat",
	"login             513/tcp",
	"who               513/udp    whod",
	"cmd               514/tcp    shell",
	"syslog            514/udp",
	"printer           515/tcp    spooler",
	"nntps             563/tcp    snntp                  #NNTP over SSL",
	"ldaps             636/tcp    sldap                  #LDAP over SSL",
	"imaps             993/tcp                           #IMAP over SSL",
	"pop3s             995/tcp    spop3                  #POP3 over SSL",
	NULL
};

static const char *const genfleet_svc_linux[] = {
	"# Network services, Internet style",
	"#",
	"# Updated from https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml .",
	"#",
	"# New ports will be added on request if they have been officially assigned",
	"# by IANA and used in the real-world or are needed by a debian package.",
	"# If you need a huge list of used numbers please install the nmap package.",
	"",
	"tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer",
	"echo\t\t7/tcp",
	"echo\t\t7/udp",
	"discard\t\t9/tcp\t\tsink null",
	"discard\t\t9/udp\t\tsink null",
	"daytime\t\t13/tcp",
	"daytime\t\t13/udp",
	"ftp-data\t20/tcp",
	"ftp\t\t21/tcp",
	"ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol",
	"telnet\t\t23/tcp",
	"smtp\t\t25/tcp\t\tmail",
	"time\t\t37/tcp\t\ttimserver",
	"time\t\t37/udp\t\ttimserver",
	"whois\t\t43/tcp\t\tnicname",
	"domain\t\t53/tcp\t\t\t\t# Domain Name Server",
	"domain\t\t53/udp",
	"bootps\t\t67/udp",
	"bootpc\t\t68/udp",
	"tftp\t\t69/udp",
	"http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP",
	"kerberos\t88/tcp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5",
	"kerberos\t88/udp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5",
	"pop3\t\t110/tcp\t\tpop-3\t\t# POP version 3",
	"sunrpc\t\t111/tcp\t\tportmapper\t# RPC 4.0 portmapper",
	"sunrpc\t\t111/udp\t\tportmapper",
	"auth\t\t113/tcp\t\tauthentication tap ident",
	"ntp\t\t123/udp\t\t\t\t# Network Time Protocol",
	"imap2\t\t143/tcp\t\timap\t\t# Interim Mail Access P 2 and 4",
	"snmp\t\t161/tcp\t\t\t\t# Simple Net Mgmt Protocol",
	"snmp\t\t161/udp",
	"snmp-trap\t162/tcp\t\tsnmptrap\t# Traps for SNMP",
	"snmp-trap\t162/udp\t\tsnmptrap",
	"ldap\t\t389/tcp\t\t\t# Lightweight Directory Access Protocol",
	"ldap\t\t389/udp",
	"https\t\t443/tcp\t\t\t\t# http protocol over TLS/SSL",
	"https\t\t443/udp\t\t\t\t# HTTP/3",
	"microsoft-ds\t445/tcp\t\t\t\t# Microsoft Naked CIFS",
	"submissions\t465/tcp\t\tssmtp smtps urd # Submission over TLS [RFC8314]",
	"syslog\t\t514/udp",
	"submission\t587/tcp\t\t\t\t# Submission [RFC4409]",
	"ldaps\t\t636/tcp\t\t\t\t# LDAP over SSL",
	"ldaps\t\t636/udp",
	"rsync\t\t873/tcp",
	"imaps\t\t993/tcp\t\t\t\t# IMAP over SSL",
	"pop3s\t\t995/tcp\t\t\t\t# POP-3 over SSL",
	"ms-sql-s\t1433/tcp\t\t\t# Microsoft SQL Server",
	"ms-sql-m\t1434/udp\t\t\t# Microsoft SQL Monitor",
	"nfs\t\t2049/tcp\t\t\t# Network File System",
	"nfs\t\t2049/udp\t\t\t# Network File System",
	"mysql\t\t3306/tcp",
	"postgresql\t5432/tcp\tpostgres\t# PostgreSQL Database",
	"http-alt\t8080/tcp\twebcache\t# WWW caching service",
	"echo\t\t4/ddp\t\t\t# AppleTalk Echo Protocol",
	NULL
};

static const char *const genfleet_sqlnames[] = {
	"REPORTS", "APPS", "SHAREPOINT", "BIZTALK"
};

static const char *const genfleet_dcomapps[] = {
	"Fabrikam Order Router", "Fabrikam Label Service",
	"Contoso Batch Broker", "Contoso Scan Gateway"
};

static void
genfleet_die(const char *what)
{
	fprintf(stderr, "genfleet: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned
genfleet_rand(struct genfleet_rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((unsigned)(r->s >> 33) % n);
}

static int
genfleet_chance(struct genfleet_rng *r, unsigned pct)
{
	return (genfleet_rand(r, 100) < pct);
}

static void
genfleet_seed(struct genfleet_rng *r, unsigned long long n)
{
	int	 i;

	r->s = 0x2545F4914F6CDD1DULL ^ (n * 0x9E3779B97F4A7C15ULL);
	for (i = 0; i < 4; i++)
		(void)genfleet_rand(r, 2);
}

/* Buffers: one file at a time is built in memory, then written. */

static void
genfleet_grow(struct genfleet_buf *b, size_t need)
{
	if (b->len + need + 1 <= b->cap)
		return;
	while (b->len + need + 1 > b->cap)
		b->cap = b->cap == 0 ? 16384 : b->cap * 2;
	if ((b->p = realloc(b->p, b->cap)) == NULL)
		genfleet_die("realloc");
}

static void genfleet_printf(struct genfleet_buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
genfleet_printf(struct genfleet_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	genfleet_grow(b, 256);
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if ((size_t)n >= b->cap - b->len) {
		genfleet_grow(b, n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += n;
}

static void
genfleet_pad(struct genfleet_buf *b, size_t start, size_t col)
{
	while (b->len - start < col)
		genfleet_printf(b, " ");
}

static void
genfleet_mkdir(const char *path)
{
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		genfleet_die(path);
}

/* Write b as DIR/rel; as UTF-16LE with a BOM when utf16 (text is ASCII). */
static void
genfleet_write(struct genfleet_out *o, const char *rel,
    const struct genfleet_buf *b, int utf16)
{
	static unsigned char	*wide;
	static size_t		 widecap;
	char			 path[1024];
	FILE			*fp;
	size_t			 i, n;

	snprintf(path, sizeof(path), "%s/%s", o->dir, rel);
	if ((fp = fopen(path, "wb")) == NULL)
		genfleet_die(path);
	if (utf16) {
		if (widecap < 2 * b->len + 2) {
			widecap = 2 * b->len + 2;
			if ((wide = realloc(wide, widecap)) == NULL)
				genfleet_die("realloc");
		}
		wide[0] = 0xff;
		wide[1] = 0xfe;
		for (i = 0; i < b->len; i++) {
			wide[2 + 2 * i] = (unsigned char)b->p[i];
			wide[3 + 2 * i] = 0;
		}
		n = fwrite(wide, 1, 2 * b->len + 2, fp);
	} else
		n = fwrite(b->p, 1, b->len, fp);
	if (fclose(fp) != 0 || n == 0)
		genfleet_die(path);
	o->files++;
	o->bytes += n;
}

static unsigned
genfleet_ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return (a << 24 | b << 16 | c << 8 | d);
}

static const char *
genfleet_ipstr(unsigned ip, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff,
	    (ip >> 8) & 0xff, ip & 0xff);
	return (buf);
}

/* Address of the host in slot of site. */
static unsigned
genfleet_hostip(unsigned site, unsigned slot)
{
	return (genfleet_ip(10, 1 + site / 250, site % 250, 10 + slot));
}

/* A workstation or client of the host's site. */
static unsigned
genfleet_client(struct genfleet_host *h)
{
	return (genfleet_ip(10, 100 + h->site / 250, h->site % 250,
	    1 + genfleet_rand(&h->r, 254)));
}

/* Another server of the site; the first two slots are its DCs. */
static unsigned
genfleet_peer(struct genfleet_host *h, int dc)
{
	unsigned	 j;

	if (dc)
		j = h->slot == 0 ? 1 : h->slot == 1 ? 0 :
		    genfleet_rand(&h->r, 2);
	else
		do
			j = genfleet_rand(&h->r, h->nsite);
		while (j == h->slot && h->nsite > 1);
	return (genfleet_hostip(h->site, j));
}

/* An Internet peer in the documentation nets (RFC 5737). */
static unsigned
genfleet_internet(struct genfleet_host *h)
{
	static const unsigned	 nets[] = { 192 << 16 | 0 << 8 | 2,
	    198 << 16 | 51 << 8 | 100, 203 << 16 | 0 << 8 | 113 };

	return (nets[genfleet_rand(&h->r, 3)] << 8 |
	    (1 + genfleet_rand(&h->r, 254)));
}

static int
genfleet_isused(const struct genfleet_host *h, unsigned port)
{
	return (h->used[port >> 3] & (1 << (port & 7)));
}

static void
genfleet_use(struct genfleet_host *h, unsigned port)
{
	h->used[port >> 3] |= 1 << (port & 7);
}

static int
genfleet_excluded(const struct genfleet_host *h, unsigned port)
{
	size_t	 i;

	for (i = 0; i < h->nexcl; i++)
		if (port >= h->excl[i][0] && port <= h->excl[i][1])
			return (1);
	return (0);
}

/* Index of the named process, started with a fresh PID on first use. */
static int
genfleet_proc(struct genfleet_host *h, const char *name)
{
	unsigned	 pid;
	size_t		 i;

	for (i = 0; i < h->np; i++)
		if (strcmp(h->p[i].name, name) == 0)
			return ((int)i);
	if (h->np == GF_MAXPROC)
		return (0);
	if (strcmp(name, "System") == 0)
		pid = 4;
	else {
again:
		if (h->os == GF_LINUX)
			pid = 300 + genfleet_rand(&h->r, 60000);
		else
			pid = 4 * (100 + genfleet_rand(&h->r, 3000));
		for (i = 0; i < h->np; i++)
			if (h->p[i].pid == pid)
				goto again;
	}
	h->p[h->np].name = name;
	h->p[h->np].pid = pid;
	h->p[h->np].fd = 3 + genfleet_rand(&h->r, 8);
	return ((int)h->np++);
}

static struct genfleet_sock *
genfleet_sock(struct genfleet_host *h, int udp, int fam, unsigned laddr,
    unsigned lport, const char *proc)
{
	struct genfleet_sock	*s;

	if (h->ns == GF_MAXSOCK)
		return (NULL);
	s = &h->s[h->ns++];
	memset(s, 0, sizeof(*s));
	s->udp = udp;
	s->fam = fam;
	s->laddr = laddr;
	s->lport = lport;
	s->state = udp ? S_UNCONN : S_LISTEN;
	s->backlog = 128;
	s->proc = proc != NULL ? genfleet_proc(h, proc) : -1;
	if (s->proc >= 0)
		s->fd = h->p[s->proc].fd++;
	genfleet_use(h, lport);
	return (s);
}

/* A listener on the IPv4 wildcard and, unless v4only, on [::]. */
static void
genfleet_listen(struct genfleet_host *h, int udp, unsigned port,
    const char *proc, int v4only)
{
	genfleet_sock(h, udp, GF_V4, 0, port, proc);
	if (!v4only)
		genfleet_sock(h, udp, GF_V6, 0, port, proc);
}

static void
genfleet_conn(struct genfleet_host *h, unsigned lport, unsigned raddr,
    unsigned rport, int state, const char *proc)
{
	struct genfleet_sock	*s;

	if ((s = genfleet_sock(h, 0, GF_V4, h->ip, lport, proc)) == NULL)
		return;
	s->raddr = raddr;
	s->rport = rport;
	s->state = state;
	s->backlog = 0;
	if (state == S_TIMEWAIT)
		s->proc = -1;
}

/* A free port the stack would hand out: inside the dynamic range. */
static unsigned
genfleet_ephemeral(struct genfleet_host *h)
{
	unsigned	 lo = h->dyn_lo, span = h->dyn_hi - h->dyn_lo + 1;
	unsigned	 p, tries;

	/* Old stacks count up from the bottom: stay near it. */
	if (h->os == GF_LEGACY && span > 700 + h->target)
		span = 700 + h->target;
	for (tries = 0; tries < 1000; tries++) {
		p = lo + genfleet_rand(&h->r, span);
		/* Linux connect() prefers even ports since 2015. */
		if (h->os == GF_LINUX)
			p &= ~1U;
		if (p < h->dyn_lo || genfleet_isused(h, p) ||
		    genfleet_excluded(h, p) ||
		    (p >= h->resv_lo && p <= h->resv_hi))
			continue;
		return (p);
	}
	return (h->dyn_lo);
}

/* A client's ephemeral port as seen from the server. */
static unsigned
genfleet_client_port(struct genfleet_host *h)
{
	return (49152 + genfleet_rand(&h->r, 16384));
}

static unsigned
genfleet_weighted(struct genfleet_rng *r, const unsigned *w, size_t n)
{
	unsigned	 total = 0, x;
	size_t		 i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = genfleet_rand(r, total);
	for (i = 0; i < n; i++) {
		if (x < w[i])
			return ((unsigned)i);
		x -= w[i];
	}
	return (0);
}

/*
 * Sockets on a host: log-uniform between GF_SOCK_MIN and GF_SOCK_MAX, so
 * most servers show a few hundred and a busy one (a domain controller, a
 * mail or database server) a few thousand.
 */
static size_t
genfleet_socks(struct genfleet_rng *r)
{
	double	 u = genfleet_rand(r, 1000000) / 1e6;

	return ((size_t)(GF_SOCK_MIN * exp(u * log((double)GF_SOCK_MAX /
	    GF_SOCK_MIN))));
}

/* Decimal digits read as hex: what regedit stores in its hex mode. */
static unsigned
genfleet_hexread(unsigned n)
{
	unsigned	 v = 0, mul = 1;

	while (n > 0) {
		v += (n % 10) * mul;
		mul *= 16;
		n /= 10;
	}
	return (v);
}

/*
 * Identity: OS, role and version.  The first two slots of a site are its
 * domain controllers; the rest follow the 70/10/20 mix.
 */
static void
genfleet_identity(struct genfleet_host *h)
{
	unsigned	 w[R__MAX], vw[V__MAX];
	size_t		 i;

	if (h->slot == 0)
		h->os = GF_WIN;
	else if (h->slot == 1)
		h->os = genfleet_chance(&h->r, 85) ? GF_WIN : GF_LEGACY;
	else {
		i = genfleet_rand(&h->r, 100);
		h->os = i < 70 ? GF_WIN : i < 80 ? GF_LEGACY : GF_LINUX;
	}
	if (h->slot < 2)
		h->role = h->os == GF_WIN ? R_DC : R_DC03;
	else {
		for (i = 0; i < R__MAX; i++)
			w[i] = genfleet_roles[i].os == h->os ?
			    genfleet_roles[i].weight : 0;
		h->role = genfleet_weighted(&h->r, w, R__MAX);
	}
	for (i = 0; i < V__MAX; i++)
		vw[i] = genfleet_vers[i].os == h->os ?
		    genfleet_vers[i].weight : 0;
	if (h->os == GF_LEGACY)
		h->ver = h->role == R_EX55 ? V_NT4 : V_2003;
	else if (h->role == R_EXCH)
		h->ver = genfleet_chance(&h->r, 40) ? V_2008R2 : V_2012R2;
	else
		h->ver = genfleet_weighted(&h->r, vw, V__MAX);
	h->ip = genfleet_hostip(h->site, h->slot);
	h->utf16 = h->os == GF_WIN && genfleet_chance(&h->r, 20);
	h->echo = genfleet_chance(&h->r, 70);
	h->local_services = genfleet_chance(&h->r, 12);
	h->owners = h->ver >= V_2012R2 && h->ver <= V_2019 &&
	    genfleet_chance(&h->r, 30);
	h->pids = h->os == GF_WIN ||
	    (h->ver == V_2003 && genfleet_chance(&h->r, 60));
	h->nettools = h->os == GF_LINUX && genfleet_chance(&h->r, 30);
	h->target = genfleet_socks(&h->r);
}

/* The dynamic range before any setting is read. */
static void
genfleet_ranges(struct genfleet_host *h)
{
	switch (h->os) {
	case GF_WIN:
		h->dyn_lo = 49152;
		h->dyn_hi = 65535;
		if (h->role == R_EXCH) {
			/* Exchange 2010 CAS setup: 6005-59530. */
			h->dyn_lo = 6005;
			h->dyn_hi = 59530;
		} else if (genfleet_chance(&h->r, 3)) {
			h->dyn_lo = 10000;
			h->dyn_hi = 10000 + 1000 * (1 + genfleet_rand(&h->r,
			    20)) - 1;
		}
		break;
	case GF_LEGACY:
		h->dyn_lo = h->ver == V_NT4 ? 1024 : 1025;
		h->dyn_hi = 5000;
		break;
	case GF_LINUX:
		switch (genfleet_rand(&h->r, 20)) {
		case 0:
			h->dyn_lo = 1024;
			h->dyn_hi = 65535;
			break;
		case 1:
			h->dyn_lo = 15000;
			h->dyn_hi = 65000;
			break;
		case 2:
		case 3:
			h->dyn_lo = 32768;
			h->dyn_hi = 61000;
			break;
		default:
			h->dyn_lo = 32768;
			h->dyn_hi = 60999;
		}
		break;
	}
}

static int
genfleet_has(const struct genfleet_host *h, enum genfleet_kindid k)
{
	size_t	 i;

	for (i = 0; i < h->nset; i++)
		if (h->set[i].kind == k)
			return (1);
	return (0);
}

static size_t
genfleet_count(const struct genfleet_host *h, enum genfleet_kindid k)
{
	size_t	 i, n = 0;

	for (i = 0; i < h->nset; i++)
		n += h->set[i].kind == k;
	return (n);
}

/* Tags pick SQL instance and DCOM application names: distinct per host. */
static void
genfleet_add(struct genfleet_host *h, enum genfleet_kindid k)
{
	unsigned	 tag;
	size_t		 i;

	if (h->nset == GF_MAXSET)
		return;
	tag = genfleet_rand(&h->r, 4);
again:
	for (i = 0; i < h->nset; i++)
		if (h->set[i].kind == k && h->set[i].tag == tag) {
			tag = (tag + 1) % 4;
			goto again;
		}
	memset(&h->set[h->nset], 0, sizeof(h->set[0]));
	h->set[h->nset].kind = k;
	h->set[h->nset].tag = tag;
	h->nset++;
}

/* Which values this host's registry pins: its role's, then extras. */
static void
genfleet_pick_settings(struct genfleet_host *h)
{
	static const enum genfleet_kindid extras[] = {
		K_RDP, K_RDP, K_RDP, K_MSMQ, K_DCOM, K_RPCINET, K_MAXUSER,
		K_RDPTDS
	};
	size_t	 want, tries;
	enum genfleet_kindid k;

	switch (h->role) {
	case R_DC:
		genfleet_add(h, K_NTDS);
		genfleet_add(h, K_NETLOGON);
		if (h->ver <= V_2012R2 && genfleet_chance(&h->r, 50))
			genfleet_add(h, K_NTFRS);
		break;
	case R_SQL:
		genfleet_add(h, K_SQL);
		if (genfleet_chance(&h->r, 50))
			genfleet_add(h, K_SQLNAMED);
		break;
	case R_APP:
		if (genfleet_chance(&h->r, 40))
			genfleet_add(h, K_RPCINET);
		genfleet_add(h, K_DCOM);
		if (genfleet_chance(&h->r, 50))
			genfleet_add(h, K_MSMQ);
		break;
	case R_EXCH:
		genfleet_add(h, K_EXRPC);
		genfleet_add(h, K_EXAB);
		break;
	case R_RDS:
		genfleet_add(h, K_RDP);
		break;
	case R_EX55:
		genfleet_add(h, K_EXDS);
		genfleet_add(h, K_EXIS);
		if (genfleet_chance(&h->r, 70))
			genfleet_add(h, K_EXMTA);
		if (genfleet_chance(&h->r, 30))
			genfleet_add(h, K_RFC1006);
		if (genfleet_chance(&h->r, 20))
			genfleet_add(h, K_MAXUSER);
		return;
	case R_DC03:
		genfleet_add(h, K_NTDS);
		genfleet_add(h, K_NETLOGON);
		if (genfleet_chance(&h->r, 40))
			genfleet_add(h, K_NTFRS);
		/* FALLTHROUGH */
	case R_FS03:
		if (genfleet_chance(&h->r, 50))
			genfleet_add(h, K_MAXUSER);
		if (genfleet_chance(&h->r, 30))
			genfleet_add(h, K_RESERVED);
		if (genfleet_chance(&h->r, 60) || h->nset < 2)
			genfleet_add(h, K_RDP);
		if (h->nset < 2)
			genfleet_add(h, K_RDPTDS);
		return;
	default:
		break;
	}
	want = 2 + genfleet_rand(&h->r, 7);
	for (tries = 0; h->nset < want && tries < 40; tries++) {
		k = extras[genfleet_rand(&h->r, sizeof(extras) /
		    sizeof(extras[0]))];
		if (k == K_DCOM ? genfleet_count(h, K_DCOM) >= 3 :
		    genfleet_has(h, k))
			continue;
		if (k == K_RDPTDS && !genfleet_has(h, K_RDP))
			continue;
		genfleet_add(h, k);
	}
}

static enum genfleet_fate
genfleet_pick_fate(struct genfleet_host *h, const struct genfleet_set *st)
{
	static const unsigned	 win[] = { 70, 12, 5, 5, 4, 4 };
	static const unsigned	 old[] = { 64, 16, 5, 8, 0, 7 };
	const struct genfleet_kind *k = &genfleet_kinds[st->kind];
	enum genfleet_fate	 f;
	size_t			 i;

	if (k->owner == NULL || st->kind == K_EXRPC || st->kind == K_EXAB)
		return (F_OK);
	f = genfleet_weighted(&h->r, h->os == GF_LEGACY ? old : win, 6);
	if (f == F_RADIX && !k->dword)
		return (F_OK);
	if (f != F_DUP)
		return (f);
	/* A duplicate needs an earlier setting with a listener. */
	for (i = 0; h->set + i < st; i++)
		if (genfleet_kinds[h->set[i].kind].owner != NULL)
			return (F_DUP);
	return (F_OK);
}

/* A port inside the dynamic range that nothing else has claimed. */
static unsigned
genfleet_inrange(struct genfleet_host *h, unsigned base)
{
	unsigned	 p;

	if (h->os == GF_LEGACY)
		p = h->dyn_lo + genfleet_rand(&h->r, 3);
	else if (base >= h->dyn_lo && base <= h->dyn_hi)
		p = base + genfleet_rand(&h->r, 300);
	else
		p = h->dyn_lo + genfleet_rand(&h->r, 300);
	while (genfleet_isused(h, p) && p < h->dyn_hi)
		p++;
	return (p);
}

static void
genfleet_add_excl(struct genfleet_host *h, unsigned lo, unsigned hi,
    int admin)
{
	size_t	 i, j;

	if (h->nexcl == GF_MAXEXCL)
		return;
	for (i = 0; i < h->nexcl; i++)
		if (lo <= h->excl[i][1] && hi >= h->excl[i][0])
			return;		/* overlaps: keep the first */
	for (i = 0; i < h->nexcl && h->excl[i][0] < lo; i++)
		continue;
	for (j = h->nexcl; j > i; j--) {
		h->excl[j][0] = h->excl[j - 1][0];
		h->excl[j][1] = h->excl[j - 1][1];
		h->excl_admin[j] = h->excl_admin[j - 1];
	}
	h->excl[i][0] = lo;
	h->excl[i][1] = hi;
	h->excl_admin[i] = admin;
	h->nexcl++;
	h->has_excl = 1;
}

/* Give each setting its port and its fate, and mark the ports taken. */
static void
genfleet_place_settings(struct genfleet_host *h)
{
	struct genfleet_set	*st;
	const struct genfleet_kind *k;
	unsigned		 variant = h->site % 4, lo;
	size_t			 i, j;

	for (i = 0; i < h->nset; i++) {
		st = &h->set[i];
		k = &genfleet_kinds[st->kind];
		st->fate = genfleet_pick_fate(h, st);
		st->intended = k->good >= 10000 && k->good < 59000 ?
		    k->good + 10 * variant : k->good;
		if (st->kind == K_RDP && genfleet_chance(&h->r, 15))
			st->intended = 3390 + genfleet_rand(&h->r, 3);
		if (st->kind == K_DCOM)
			st->intended += 2 * st->tag;
		if (st->kind == K_DCOM && h->rpc_lo != 0 &&
		    genfleet_chance(&h->r, 40))
			st->intended = h->rpc_lo + 50;
		switch (st->fate) {
		case F_OK:
			st->port = st->intended;
			break;
		case F_EPHEMERAL:
		case F_TAKEN:
		case F_EXCLUDED:
			st->port = genfleet_inrange(h, k->eph);
			break;
		case F_DUP:
			for (j = i; j-- > 0;)
				if (genfleet_kinds[h->set[j].kind].owner !=
				    NULL)
					break;
			st->port = h->set[j].port;
			break;
		case F_RADIX:
			st->port = genfleet_hexread(st->intended);
			break;
		}
		st->value = st->port;
		if (k->owner == NULL || st->port > 65535)
			continue;
		while (st->fate != F_DUP && genfleet_isused(h, st->port) &&
		    st->port < 65535)
			st->port++, st->value++;
		genfleet_use(h, st->port);
		if (st->fate == F_EXCLUDED) {
			lo = st->port - genfleet_rand(&h->r, 100);
			genfleet_add_excl(h, lo, lo + 99, 0);
		}
	}
}

/* Range-shaping values: Rpc\Internet, MaxUserPort, ReservedPorts. */
static void
genfleet_place_ranges(struct genfleet_host *h)
{
	static const char *const pools[] = {
		"5000-5100", "5000-6000", "5000-5200", "5984-6100"
	};
	static const unsigned	 poolrange[][2] = {
		{ 5000, 5100 }, { 5000, 6000 }, { 5000, 5200 }, { 5984, 6100 }
	};
	unsigned	 x;

	if (genfleet_has(h, K_RPCINET)) {
		x = genfleet_rand(&h->r, 4);
		h->rpc_ports = pools[x];
		h->rpc_lo = poolrange[x][0];
		h->rpc_hi = poolrange[x][1];
		h->rpc_avail = h->rpc_use = "Y";
		switch (genfleet_rand(&h->r, 20)) {
		case 0:
			h->rpc_avail = h->rpc_use = "N";
			break;
		case 1:
			/* Flags differ: the pool is the complement. */
			h->rpc_use = "N";
			h->rpc_lo = h->rpc_hi = 0;
			break;
		}
	}
	if (genfleet_has(h, K_MAXUSER)) {
		/* 0x65534: "dword:00065534", decimal typed after dword:. */
		x = genfleet_rand(&h->r, 40);
		h->maxuser = x < 24 ? 65534 : x < 39 ? 60000 : 0x65534;
		if (h->os == GF_LEGACY && h->maxuser <= 65534)
			h->dyn_hi = h->maxuser;
	}
	if (genfleet_has(h, K_RESERVED)) {
		h->resv_lo = 1025;
		h->resv_hi = 1030;
	}
}

/* Excluded ranges as netsh shows them on 2008 R2 (hotfix) and later. */
static void
genfleet_place_excl(struct genfleet_host *h)
{
	unsigned	 n, base, i;

	if (h->os != GF_WIN)
		return;
	if (!h->has_excl && !genfleet_chance(&h->r, h->ver == V_2008R2 ?
	    20 : 45))
		return;
	h->has_excl = 1;
	if (h->ver >= V_2012R2)
		genfleet_add_excl(h, 5357, 5357, 0);
	/* Hyper-V and WinNAT take blocks of 100 inside the dynamic range. */
	if ((h->role == R_FS || genfleet_chance(&h->r, 20)) &&
	    h->dyn_hi - h->dyn_lo > 2000) {
		n = 1 + genfleet_rand(&h->r, 4);
		base = h->dyn_lo + 500 + 100 * genfleet_rand(&h->r, 20);
		for (i = 0; i < n; i++, base += 100 * (1 + genfleet_rand(&h->r,
		    2)))
			genfleet_add_excl(h, base, base + 99, 0);
	}
	if (genfleet_chance(&h->r, 10))
		genfleet_add_excl(h, 50000, 50059, 1);
}

/* Listeners of a setting whose service started. */
static void
genfleet_setting_socks(struct genfleet_host *h, const struct genfleet_set *st)
{
	const struct genfleet_kind *k = &genfleet_kinds[st->kind];
	int	 old = h->os == GF_LEGACY;

	if (k->owner == NULL || st->port > 65535)
		return;
	switch (st->fate) {
	case F_DUP:
	case F_EXCLUDED:
		return;
	case F_TAKEN:
		/* Windows Update went out on the port before the owner. */
		genfleet_conn(h, st->port, old ? genfleet_peer(h, 1) :
		    genfleet_peer(h, 0), old ? 139 : 8530, S_ESTAB,
		    old ? "Netlogon" : "wuauserv");
		return;
	default:
		break;
	}
	genfleet_listen(h, 0, st->port, k->owner, old);
	if (st->kind == K_RDP && h->ver >= V_2012R2 && !old)
		genfleet_listen(h, 1, st->port, k->owner, 0);
	if (st->kind == K_MSMQ) {
		genfleet_listen(h, 0, 2103, k->owner, 0);
		genfleet_listen(h, 0, 2105, k->owner, 0);
		genfleet_listen(h, 0, 2107, k->owner, 0);
		genfleet_listen(h, 1, st->port, k->owner, 0);
		genfleet_listen(h, 1, 3527, k->owner, 0);
	}
}

/* The RPC servers every Windows host starts at boot. */
static void
genfleet_win_rpc(struct genfleet_host *h)
{
	static const char *const rpc[] = {
		"wininit", "EventLog", "Schedule", "lsass", "spoolsv",
		"services", "PolicyAgent"
	};
	unsigned	 p;
	size_t		 i, n = h->ver == V_2008R2 ? 6 : 7;

	if (h->rpc_lo != 0)
		p = h->rpc_lo;
	else if (h->dyn_lo == 49152 && h->ver != V_2008R2)
		p = 49664;
	else
		p = h->dyn_lo;
	for (i = 0; i < n; i++) {
		while (genfleet_isused(h, p) || genfleet_excluded(h, p))
			p++;
		genfleet_listen(h, 0, p, rpc[i], 0);
	}
}

static void
genfleet_win_base(struct genfleet_host *h)
{
	genfleet_listen(h, 0, 135, "RpcSs", 0);
	genfleet_sock(h, 0, GF_V4, h->ip, 139, "System");
	genfleet_listen(h, 0, 445, "System", 0);
	if (h->ver >= V_2012R2 || genfleet_chance(&h->r, 60)) {
		genfleet_listen(h, 0, 5985, "System", 0);
		genfleet_listen(h, 0, 47001, "System", 0);
	}
	if (!genfleet_has(h, K_RDP))
		genfleet_listen(h, 0, 3389, "TermService", 0);
	genfleet_listen(h, 1, 123, "W32Time", 0);
	genfleet_sock(h, 1, GF_V4, h->ip, 137, "System");
	genfleet_sock(h, 1, GF_V4, h->ip, 138, "System");
	if (genfleet_chance(&h->r, 50)) {
		genfleet_listen(h, 1, 500, "IKEEXT", 0);
		genfleet_listen(h, 1, 4500, "IKEEXT", 0);
	}
	if (h->ver >= V_2016) {
		genfleet_listen(h, 1, 5353, "Dnscache", 0);
		genfleet_listen(h, 1, 5355, "Dnscache", 0);
	}
}

static void
genfleet_win_role(struct genfleet_host *h)
{
	static const unsigned	 dc[] = { 88, 389, 464, 636, 3268, 3269 };
	static const unsigned	 exch[] = { 25, 465, 587, 110, 143 };
	size_t			 i;

	switch (h->role) {
	case R_DC:
		genfleet_sock(h, 0, GF_V4, h->ip, 53, "dns");
		genfleet_sock(h, 0, GF_V4, genfleet_ip(127, 0, 0, 1), 53,
		    "dns");
		genfleet_listen(h, 0, 53, "dns", 1);
		genfleet_sock(h, 0, GF_V6, 0, 53, "dns");
		for (i = 0; i < sizeof(dc) / sizeof(dc[0]); i++)
			genfleet_listen(h, 0, dc[i], "lsass", 0);
		genfleet_listen(h, 0, 593, "RpcEptMapper", 0);
		genfleet_listen(h, 0, 9389, "adws", 0);
		if (h->ver == V_2008R2)
			genfleet_listen(h, 0, 5722, "dfsrs", 0);
		genfleet_listen(h, 1, 53, "dns", 0);
		genfleet_listen(h, 1, 88, "lsass", 0);
		genfleet_listen(h, 1, 389, "lsass", 0);
		genfleet_listen(h, 1, 464, "lsass", 0);
		break;
	case R_SQL:
		genfleet_sock(h, 0, GF_V4, genfleet_ip(127, 0, 0, 1), 1434,
		    "sqlservr");
		genfleet_sock(h, 0, GF_V6, 1, 1434, "sqlservr");
		genfleet_listen(h, 1, 1434, "sqlbrowser", 0);
		break;
	case R_FS:
		if (genfleet_chance(&h->r, 50))
			genfleet_listen(h, 0, 2179, "vmms", 0);
		break;
	case R_WEB:
		genfleet_listen(h, 0, 80, "System", 0);
		genfleet_listen(h, 0, 443, "System", 0);
		break;
	case R_APP:
		if (!genfleet_has(h, K_MSMQ) && genfleet_chance(&h->r, 50)) {
			genfleet_listen(h, 0, 1801, "mqsvc", 0);
			genfleet_listen(h, 0, 2103, "mqsvc", 0);
			genfleet_listen(h, 0, 2105, "mqsvc", 0);
			genfleet_listen(h, 0, 2107, "mqsvc", 0);
			genfleet_listen(h, 1, 1801, "mqsvc", 0);
			genfleet_listen(h, 1, 3527, "mqsvc", 0);
		}
		break;
	case R_EXCH:
		for (i = 0; i < sizeof(exch) / sizeof(exch[0]); i++)
			genfleet_listen(h, 0, exch[i], "EdgeTransport", 0);
		genfleet_listen(h, 0, 80, "System", 0);
		genfleet_listen(h, 0, 443, "System", 0);
		genfleet_listen(h, 0, 6001, "store", 0);
		genfleet_listen(h, 0, 6002, "exab", 0);
		genfleet_listen(h, 0, 6004, "exab", 0);
		break;
	default:
		break;
	}
}

static void
genfleet_legacy_base(struct genfleet_host *h)
{
	static const unsigned	 ex[] = { 25, 110, 119, 143, 389 };
	static const unsigned	 dc[] = { 53, 88, 389, 464, 593, 636, 3268,
	    3269 };
	const unsigned		*l = NULL;
	unsigned		 i, n = 0, p;

	genfleet_listen(h, 0, 135, "RpcSs", 1);
	genfleet_sock(h, 0, GF_V4, h->ip, 139, "System");
	genfleet_sock(h, 1, GF_V4, 0, 135, "RpcSs");
	genfleet_sock(h, 1, GF_V4, h->ip, 137, "System");
	genfleet_sock(h, 1, GF_V4, h->ip, 138, "System");
	if (h->role == R_EX55) {
		l = ex;
		n = sizeof(ex) / sizeof(ex[0]);
		if (!genfleet_has(h, K_RFC1006))
			genfleet_listen(h, 0, 102, "emsmta", 1);
	} else {
		genfleet_listen(h, 0, 445, "System", 1);
		genfleet_listen(h, 1, 445, "System", 1);
		genfleet_listen(h, 1, 123, "W32Time", 1);
		genfleet_listen(h, 1, 500, "IKEEXT", 1);
		if (!genfleet_has(h, K_RDP))
			genfleet_listen(h, 0, 3389, "TermService", 1);
		if (h->role == R_DC03) {
			l = dc;
			n = sizeof(dc) / sizeof(dc[0]);
			genfleet_listen(h, 1, 53, "dns", 1);
			genfleet_listen(h, 1, 88, "lsass", 1);
			genfleet_listen(h, 1, 389, "lsass", 1);
		}
	}
	for (i = 0; i < n; i++)
		genfleet_listen(h, 0, l[i], "svc", 1);
	/* Services without a fixed port took the lowest free ones. */
	for (i = 0, p = h->dyn_lo; i < 2 + genfleet_rand(&h->r, 4); i++) {
		while (genfleet_isused(h, p) ||
		    (p >= h->resv_lo && p <= h->resv_hi))
			p++;
		genfleet_listen(h, 0, p, "dyn", 1);
	}
}

/* Outbound connections and clients until the host has target rows. */
static void
genfleet_win_fill(struct genfleet_host *h, size_t target)
{
	static const unsigned	 rport[] = { 389, 88, 135, 445, 443, 80,
	    1433, 5985, 3268, 53 };
	static const char *const rproc[] = { "lsass", "lsass", "RpcSs",
	    "System", "wuauserv", "BITS", "app", "WinRM", "lsass", "dns" };
	static const unsigned	 rw[] = { 22, 12, 14, 14, 12, 4, 6, 4, 4,
	    8 };
	/* NT 4.0 and 2003 talk to DCs, SMB, SMTP and X.400 peers. */
	static const unsigned	 oport[] = { 389, 135, 139, 445, 25, 102 };
	static const unsigned	 ow[] = { 20, 25, 25, 10, 10, 10 };
	static const unsigned	 stw[] = { 60, 28, 6, 4, 2 };
	static const int	 states[] = { S_ESTAB, S_TIMEWAIT,
	    S_CLOSEWAIT, S_SYNSENT, S_FINWAIT2 };
	struct genfleet_sock	*l;
	size_t			 nl = h->ns, i, tries;
	unsigned		 x, raddr;
	int			 old = h->os == GF_LEGACY;

	for (tries = 0; h->ns < target && tries < 4 * target; tries++) {
		x = genfleet_rand(&h->r, 100);
		if (x < 55 && old) {
			i = genfleet_weighted(&h->r, ow, 6);
			genfleet_conn(h, genfleet_ephemeral(h), genfleet_peer(h,
			    oport[i] == 389 || oport[i] == 139), oport[i],
			    states[genfleet_weighted(&h->r, stw, 3)], NULL);
		} else if (x < 55) {
			i = genfleet_weighted(&h->r, rw, 10);
			if (rport[i] == 53 && h->role != R_DC)
				continue;
			if ((rport[i] == 443 || rport[i] == 80) &&
			    genfleet_chance(&h->r, 40))
				raddr = genfleet_internet(h);
			else
				raddr = genfleet_peer(h, rport[i] == 389 ||
				    rport[i] == 88 || rport[i] == 3268 ||
				    rport[i] == 53);
			genfleet_conn(h, genfleet_ephemeral(h), raddr,
			    rport[i], states[genfleet_weighted(&h->r, stw, 5)],
			    rproc[i]);
		} else if (x < 92) {
			l = &h->s[genfleet_rand(&h->r, nl)];
			if (l->udp || l->state != S_LISTEN ||
			    (l->fam == GF_V4 && l->laddr >> 24 == 127) ||
			    l->fam != GF_V4)
				continue;
			genfleet_conn(h, l->lport, genfleet_client(h),
			    old ? 1025 + genfleet_rand(&h->r, 3976) :
			    genfleet_client_port(h), genfleet_chance(&h->r,
			    88) ? S_ESTAB : S_TIMEWAIT,
			    h->p[l->proc].name);
		} else if (!old)
			genfleet_listen(h, 1, genfleet_ephemeral(h),
			    "Dnscache", genfleet_chance(&h->r, 50));
	}
}

static int
genfleet_win_cmp(const void *va, const void *vb)
{
	const struct genfleet_sock *a = va, *b = vb;

	if (a->udp != b->udp)
		return (a->udp - b->udp);
	if (a->fam != b->fam)
		return (a->fam - b->fam);
	if (a->laddr != b->laddr)
		return (a->laddr < b->laddr ? -1 : 1);
	if (a->lport != b->lport)
		return (a->lport < b->lport ? -1 : 1);
	if (a->raddr != b->raddr)
		return (a->raddr < b->raddr ? -1 : 1);
	return (a->rport < b->rport ? -1 : a->rport > b->rport);
}

static const char *
genfleet_win_state(int state)
{
	switch (state) {
	case S_LISTEN:
		return ("LISTENING");
	case S_ESTAB:
		return ("ESTABLISHED");
	case S_TIMEWAIT:
		return ("TIME_WAIT");
	case S_CLOSEWAIT:
		return ("CLOSE_WAIT");
	case S_SYNSENT:
		return ("SYN_SENT");
	default:
		return ("FIN_WAIT_2");
	}
}

/*
 * netstat -b: after a socket, the service it runs (for one hosted in
 * svchost) and the image in brackets; the System process's sockets say
 * that no owner could be obtained; TIME_WAIT sockets have none.
 */
static void
genfleet_owner(const struct genfleet_host *h, const struct genfleet_sock *s,
    struct genfleet_buf *b)
{
	static const char *const svchost[] = {
		"RpcSs", "EventLog", "Schedule", "PolicyAgent", "TermService",
		"W32Time", "IKEEXT", "Dnscache", "wuauserv", "BITS", "WinRM",
		"RpcEptMapper", NULL
	};
	const char	*name;
	size_t		 i;

	if (!h->owners || s->proc < 0)
		return;
	name = h->p[s->proc].name;
	if (strcmp(name, "System") == 0) {
		genfleet_printf(b, " Can not obtain ownership information\r\n");
		return;
	}
	for (i = 0; svchost[i] != NULL; i++)
		if (strcmp(svchost[i], name) == 0) {
			genfleet_printf(b, "  %s\r\n [svchost.exe]\r\n", name);
			return;
		}
	genfleet_printf(b, " [%s.exe]\r\n", name);
}

/* netstat -ano (Vista and later) or netstat -an (NT 4.0, 2003). */
static void
genfleet_win_netstat(struct genfleet_host *h, struct genfleet_buf *b)
{
	const struct genfleet_sock *s;
	char		 la[64], ra[64], a[20];
	size_t		 i;
	int		 pid = h->pids;
	unsigned	 p;

	qsort(h->s, h->ns, sizeof(h->s[0]), genfleet_win_cmp);
	genfleet_printf(b, "\r\nActive Connections\r\n\r\n  Proto  Local "
	    "Address          Foreign Address        State%s\r\n",
	    pid ? "           PID" : "");
	for (i = 0; i < h->ns; i++) {
		s = &h->s[i];
		if (s->fam == GF_V6)
			snprintf(la, sizeof(la), "[%s]:%u", s->laddr ? "::1" :
			    "::", s->lport);
		else
			snprintf(la, sizeof(la), "%s:%u", genfleet_ipstr(
			    s->laddr, a, sizeof(a)), s->lport);
		p = s->proc >= 0 ? h->p[s->proc].pid : 0;
		if (s->udp) {
			if (pid)
				genfleet_printf(b, "  UDP    %-22s %-38s "
				    "%u\r\n", la, "*:*", p);
			else
				genfleet_printf(b, "  UDP    %-22s %-22s "
				    "\r\n", la, "*:*");
			genfleet_owner(h, s, b);
			continue;
		}
		if (s->raddr != 0)
			snprintf(ra, sizeof(ra), "%s:%u", genfleet_ipstr(
			    s->raddr, a, sizeof(a)), s->rport);
		else
			snprintf(ra, sizeof(ra), "%s", s->fam == GF_V6 ?
			    "[::]:0" : "0.0.0.0:0");
		if (pid)
			genfleet_printf(b, "  TCP    %-22s %-22s %-15s %u\r\n",
			    la, ra, genfleet_win_state(s->state), p);
		else
			genfleet_printf(b, "  TCP    %-22s %-22s %s\r\n", la,
			    ra, genfleet_win_state(s->state));
		genfleet_owner(h, s, b);
	}
}

static void
genfleet_netsh_cmd(const struct genfleet_host *h, struct genfleet_buf *b,
    const char *cmd)
{
	if (h->echo)
		genfleet_printf(b, "\r\nC:\\Windows\\system32>netsh %s\r\n",
		    cmd);
}

static void
genfleet_dynamicport(const struct genfleet_host *h, struct genfleet_buf *b)
{
	static const char *const proto[] = { "tcp", "udp" };
	int	 i;

	for (i = 0; i < 2; i++) {
		if (h->echo)
			genfleet_printf(b, "\r\nC:\\Windows\\system32>netsh "
			    "int ipv4 show dynamicport %s\r\n", proto[i]);
		genfleet_printf(b, "\r\nProtocol %s Dynamic Port Range\r\n"
		    "---------------------------------\r\n"
		    "Start Port      : %u\r\n"
		    "Number of Ports : %u\r\n\r\n", proto[i], h->dyn_lo,
		    h->dyn_hi - h->dyn_lo + 1);
	}
}

static void
genfleet_excludedrange(const struct genfleet_host *h, struct genfleet_buf *b)
{
	size_t	 i;

	genfleet_netsh_cmd(h, b, "int ipv4 show excludedportrange "
	    "protocol=tcp");
	genfleet_printf(b, "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\n"
	    "Start Port    End Port\r\n----------    --------\r\n");
	for (i = 0; i < h->nexcl; i++)
		genfleet_printf(b, "%10u%12u%s\r\n", h->excl[i][0],
		    h->excl[i][1], h->excl_admin[i] ? "     *" : "");
	genfleet_printf(b, "\r\n* - Administered port exclusions.\r\n\r\n");
}

/* Registry export writers: regedit 5 (UTF-16LE) or REGEDIT4 (ANSI). */

static void
genfleet_reg_key(struct genfleet_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
genfleet_reg_key(struct genfleet_buf *b, const char *fmt, ...)
{
	char	 key[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(key, sizeof(key), fmt, ap);
	va_end(ap);
	genfleet_printf(b, "\r\n[HKEY_LOCAL_MACHINE\\%s]\r\n", key);
}

static void
genfleet_reg_dword(struct genfleet_buf *b, const char *name, unsigned v)
{
	genfleet_printf(b, "\"%s\"=dword:%08x\r\n", name, v);
}

static void
genfleet_reg_sz(struct genfleet_buf *b, const char *name, const char *v)
{
	if (strcmp(name, "@") == 0)
		genfleet_printf(b, "@=\"");
	else
		genfleet_printf(b, "\"%s\"=\"", name);
	for (; *v != '\0'; v++)
		genfleet_printf(b, "%s%c", *v == '\\' || *v == '"' ? "\\" : "",
		    *v);
	genfleet_printf(b, "\"\r\n");
}

/* hex(N): data bytes, wrapped the way regedit does it. */
static void
genfleet_reg_hex(struct genfleet_buf *b, const char *name, const char *type,
    const unsigned char *data, size_t n)
{
	size_t	 i, col;

	genfleet_printf(b, "\"%s\"=%s:", name, type);
	col = strlen(name) + 3 + strlen(type) + 1;
	for (i = 0; i < n; i++) {
		genfleet_printf(b, "%02x", data[i]);
		if (i + 1 == n)
			break;
		genfleet_printf(b, ",");
		col += 3;
		if (col >= GF_HEXWRAP) {
			genfleet_printf(b, "\\\r\n  ");
			col = 2;
		}
	}
	genfleet_printf(b, "\r\n");
}

/* REG_MULTI_SZ or REG_EXPAND_SZ from strings; v5 stores UTF-16LE. */
static void
genfleet_reg_strings(struct genfleet_buf *b, const char *name,
    const char *type, const char *const *sv, size_t ns, int v5)
{
	unsigned char	 data[512];
	size_t		 n = 0, i;
	const char	*s;

	for (i = 0; i < ns; i++) {
		for (s = sv[i]; ; s++) {
			data[n++] = (unsigned char)*s;
			if (v5)
				data[n++] = 0;
			if (*s == '\0')
				break;
		}
	}
	if (strcmp(type, "hex(7)") == 0) {
		data[n++] = 0;
		if (v5)
			data[n++] = 0;
	}
	genfleet_reg_hex(b, name, type, data, n);
}

static void
genfleet_reg_guid(struct genfleet_host *h, const struct genfleet_set *st,
    char *buf, size_t len)
{
	struct genfleet_rng	 r;

	genfleet_seed(&r, 0xd0c0ULL + st->tag * 7919ULL + h->site);
	snprintf(buf, len, "%08X-%04X-%04X-%04X-%04X%08X",
	    genfleet_rand(&r, 0xffffffffU), genfleet_rand(&r, 0x10000),
	    0x4000 | genfleet_rand(&r, 0x1000),
	    0x8000 | genfleet_rand(&r, 0x4000), genfleet_rand(&r, 0x10000),
	    genfleet_rand(&r, 0xffffffffU));
}

static void
genfleet_reg_sql(struct genfleet_host *h, struct genfleet_buf *b,
    const struct genfleet_set *st)
{
	const char	*id = genfleet_vers[h->ver].sqlid;
	const char	*inst = st->kind == K_SQL ? "MSSQLSERVER" :
	    genfleet_sqlnames[st->tag];
	const char	*root = "SOFTWARE\\Microsoft\\Microsoft SQL Server";
	char		 port[16];
	int		 dyn;

	dyn = st->fate == F_EPHEMERAL && st->kind == K_SQLNAMED;
	snprintf(port, sizeof(port), "%u", st->port);
	if (st->kind == K_SQL) {
		genfleet_reg_key(b, "%s\\Instance Names\\SQL", root);
		genfleet_printf(b, "\"MSSQLSERVER\"=\"%s.MSSQLSERVER\"\r\n",
		    id);
	}
	genfleet_reg_key(b, "%s\\%s.%s\\MSSQLServer\\SuperSocketNetLib\\Tcp",
	    root, id, inst);
	genfleet_reg_dword(b, "Enabled", 1);
	genfleet_reg_dword(b, "KeepAlive", 30000);
	genfleet_reg_dword(b, "ListenOnAllIPs", 1);
	genfleet_reg_sz(b, "DisplayName", "TCP/IP");
	genfleet_reg_key(b, "%s\\%s.%s\\MSSQLServer\\SuperSocketNetLib\\Tcp"
	    "\\IP1", root, id, inst);
	genfleet_reg_dword(b, "Active", 1);
	genfleet_reg_dword(b, "Enabled", 0);
	genfleet_reg_sz(b, "TcpDynamicPorts", "0");
	genfleet_reg_sz(b, "TcpPort", "");
	genfleet_reg_key(b, "%s\\%s.%s\\MSSQLServer\\SuperSocketNetLib\\Tcp"
	    "\\IPAll", root, id, inst);
	genfleet_reg_sz(b, "DisplayName", "Any IP Address");
	genfleet_reg_sz(b, "TcpDynamicPorts", dyn ? port : "");
	genfleet_reg_sz(b, "TcpPort", dyn ? "" : port);
}

static void
genfleet_reg_setting(struct genfleet_host *h, struct genfleet_buf *b,
    const struct genfleet_set *st, int v5)
{
	const char	*svc = "SYSTEM\\CurrentControlSet\\Services";
	const char	*ts = "SYSTEM\\CurrentControlSet\\Control\\"
	    "Terminal Server";
	const char	*sv[2];
	char		 s[64], guid[48];
	size_t		 i;

	switch (st->kind) {
	case K_NTDS:
		genfleet_reg_key(b, "%s\\NTDS\\Parameters", svc);
		genfleet_reg_sz(b, "DSA Database file",
		    "C:\\Windows\\NTDS\\ntds.dit");
		genfleet_reg_sz(b, "DSA Working Directory",
		    "C:\\Windows\\NTDS");
		genfleet_reg_dword(b, "TCP/IP Port", st->value);
		break;
	case K_NETLOGON:
		genfleet_reg_key(b, "%s\\Netlogon\\Parameters", svc);
		genfleet_reg_sz(b, "SysVol", "C:\\Windows\\SYSVOL\\sysvol");
		genfleet_reg_dword(b, "DCTcpipPort", st->value);
		break;
	case K_NTFRS:
		genfleet_reg_key(b, "%s\\NTFRS\\Parameters", svc);
		genfleet_reg_dword(b, "RPC TCP/IP Port Assignment", st->value);
		break;
	case K_RDP:
		genfleet_reg_key(b, "%s\\WinStations\\RDP-Tcp", ts);
		genfleet_reg_dword(b, "fEnableWinStation", 1);
		genfleet_reg_dword(b, "MaxInstanceCount", 0xffffffffU);
		genfleet_reg_sz(b, "PdName", "tcp");
		genfleet_reg_dword(b, "PortNumber", st->value);
		genfleet_reg_dword(b, "SecurityLayer", 2);
		break;
	case K_RDPTDS:
		genfleet_reg_key(b, "%s\\Wds\\rdpwd\\Tds\\tcp", ts);
		genfleet_reg_dword(b, "PortNumber", 3389);
		break;
	case K_SQL:
	case K_SQLNAMED:
		genfleet_reg_sql(h, b, st);
		break;
	case K_MSMQ:
		genfleet_reg_key(b, "SOFTWARE\\Microsoft\\MSMQ\\Parameters");
		genfleet_reg_sz(b, "StoreReliablePath",
		    "C:\\Windows\\system32\\msmq\\storage");
		genfleet_reg_dword(b, "Workgroup", 1);
		genfleet_reg_dword(b, "MsmqIpPort", st->value);
		break;
	case K_DCOM:
		genfleet_reg_guid(h, st, guid, sizeof(guid));
		genfleet_reg_key(b, "SOFTWARE\\Classes\\AppID\\{%s}", guid);
		genfleet_reg_sz(b, "@", genfleet_dcomapps[st->tag]);
		genfleet_reg_dword(b, "AuthenticationLevel", 5);
		snprintf(s, sizeof(s), "ncacn_ip_tcp,0,%u", st->value);
		sv[0] = s;
		genfleet_reg_strings(b, "Endpoints", "hex(7)", sv, 1, v5);
		break;
	case K_RPCINET:
		genfleet_reg_key(b, "SOFTWARE\\Microsoft\\Rpc\\Internet");
		genfleet_reg_sz(b, "PortsInternetAvailable", h->rpc_avail);
		genfleet_reg_sz(b, "UseInternetPorts", h->rpc_use);
		sv[0] = h->rpc_ports;
		genfleet_reg_strings(b, "Ports", "hex(7)", sv, 1, v5);
		break;
	case K_EXRPC:
		genfleet_reg_key(b, "%s\\MSExchangeRPC\\ParametersSystem", svc);
		genfleet_reg_dword(b, "TCP/IP Port", st->value);
		break;
	case K_EXAB:
		genfleet_reg_key(b, "%s\\MSExchangeAB\\Parameters", svc);
		snprintf(s, sizeof(s), "%u", st->value);
		genfleet_reg_sz(b, "RpcTcpPort", s);
		break;
	case K_EXDS:
		genfleet_reg_key(b, "%s\\MSExchangeDS\\Parameters", svc);
		genfleet_reg_sz(b, "DSA Database file",
		    "D:\\exchsrvr\\DSADATA\\dir.edb");
		genfleet_reg_sz(b, "Working directory",
		    "D:\\exchsrvr\\DSADATA");
		genfleet_reg_dword(b, "TCP/IP port", st->value);
		break;
	case K_EXIS:
		genfleet_reg_key(b, "%s\\MSExchangeIS\\ParametersSystem", svc);
		genfleet_reg_sz(b, "Working Directory",
		    "D:\\exchsrvr\\MDBDATA");
		genfleet_reg_dword(b, "TCP/IP port", st->value);
		break;
	case K_EXMTA:
	case K_RFC1006:
		if (st->kind == K_RFC1006 && genfleet_has(h, K_EXMTA))
			break;
		genfleet_reg_key(b, "%s\\MSExchangeMTA\\Parameters", svc);
		genfleet_reg_sz(b, "MTA database path",
		    "D:\\exchsrvr\\MTADATA");
		for (i = 0; i < h->nset; i++)
			if (h->set[i].kind == K_EXMTA)
				genfleet_reg_dword(b, "TCP/IP port for RPC "
				    "listens", h->set[i].value);
			else if (h->set[i].kind == K_RFC1006)
				genfleet_reg_dword(b, "RFC1006 Port Number",
				    h->set[i].value);
		break;
	default:
		break;
	}
}

static void
genfleet_reg_tcpip(struct genfleet_host *h, struct genfleet_buf *b, int v5)
{
	static const char *const dbpath[] = {
		"%SystemRoot%\\System32\\drivers\\etc"
	};
	const char	*sv[1];
	char		 r[32];

	genfleet_reg_key(b, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
	    "Parameters");
	genfleet_reg_sz(b, "NV Hostname", h->name);
	genfleet_reg_strings(b, "DataBasePath", "hex(2)", dbpath, 1, v5);
	genfleet_reg_sz(b, "Domain", "corp.example.com");
	genfleet_reg_sz(b, "Hostname", h->name);
	genfleet_reg_sz(b, "SearchList", "");
	if (h->maxuser != 0)
		genfleet_reg_dword(b, "MaxUserPort", h->maxuser);
	if (h->resv_lo != 0) {
		snprintf(r, sizeof(r), "%u-%u", h->resv_lo, h->resv_hi);
		sv[0] = r;
		genfleet_reg_strings(b, "ReservedPorts", "hex(7)", sv, 1, v5);
	}
	genfleet_reg_dword(b, "EnableICMPRedirect", 1);
	genfleet_reg_dword(b, "DeadGWDetectDefault", 1);
}

static void
genfleet_registry(struct genfleet_host *h, struct genfleet_buf *b, int v5)
{
	size_t	 i;

	genfleet_printf(b, "%s\r\n", v5 ? "Windows Registry Editor Version "
	    "5.00" : "REGEDIT4");
	for (i = 0; i < h->nset; i++)
		genfleet_reg_setting(h, b, &h->set[i], v5);
	genfleet_reg_tcpip(h, b, v5);
}

/* services: the shared file, plus local lines on a few hosts. */
static void
genfleet_services(struct genfleet_host *h, struct genfleet_buf *b)
{
	const char *const *l;
	const char	*nl = h->os == GF_LINUX ? "\n" : "\r\n";
	const struct genfleet_kind *k;
	size_t		 i, start;

	l = h->os == GF_LINUX ? genfleet_svc_linux : h->ver == V_NT4 ?
	    genfleet_svc_nt : genfleet_svc_win;
	for (; *l != NULL; l++)
		genfleet_printf(b, "%s%s", *l, nl);
	if (!h->local_services)
		return;
	genfleet_printf(b, "%s# Local services%s", nl, nl);
	if (h->os == GF_LINUX) {
		genfleet_printf(b, "appsvc\t\t%u/tcp\t\t\t# application "
		    "listener%s", h->app_port, nl);
		return;
	}
	for (i = 0; i < h->nset; i++) {
		k = &genfleet_kinds[h->set[i].kind];
		if (k->doc == NULL || h->set[i].intended < 1024)
			continue;
		start = b->len;
		genfleet_printf(b, "%-15s%6u/tcp", k->doc, h->set[i].intended);
		genfleet_pad(b, start, 51);
		genfleet_printf(b, " #pinned in the registry%s", nl);
	}
}

/* Linux: listeners, peers and clients as ss -tulpan shows them. */
static void
genfleet_linux_socks(struct genfleet_host *h, size_t target)
{
	static const unsigned	 rport[] = { 5432, 1433, 389, 443, 8080,
	    9100, 25, 3306 };
	static const char *const rproc[] = { "java", "java", "sssd_be",
	    "python3", "nginx", "prometheus", "exim4", "java" };
	/* Peers by role: app, web, db, monitoring. */
	static const unsigned	 rw[4][8] = {
		{ 30, 15, 10, 20, 0, 0, 5, 20 },
		{ 0, 0, 5, 10, 80, 0, 5, 0 },
		{ 0, 0, 30, 40, 0, 0, 30, 0 },
		{ 0, 0, 5, 5, 0, 90, 0, 0 }
	};
	static const unsigned	 apps[] = { 8443, 9000, 40000, 8081,
	    7001 };
	struct genfleet_sock	*l;
	const char		*mta = h->ver == V_RHEL9 ? "master" : "exim4";
	size_t			 nl, i, tries;
	unsigned		 x;

	genfleet_sock(h, 1, GF_V4, genfleet_ip(127, 0, 0, 1), 323,
	    "chronyd");
	genfleet_sock(h, 1, GF_V6, 1, 323, "chronyd");
	if (h->ver == V_UBU22) {
		genfleet_sock(h, 1, GF_V4LO, genfleet_ip(127, 0, 0, 53), 53,
		    "systemd-resolve");
		genfleet_sock(h, 0, GF_V4LO, genfleet_ip(127, 0, 0, 53), 53,
		    "systemd-resolve");
	}
	genfleet_listen(h, 0, 22, "sshd", 0);
	genfleet_sock(h, 0, GF_V4, genfleet_ip(127, 0, 0, 1), 25, mta);
	if (genfleet_chance(&h->r, 50))
		genfleet_sock(h, 0, GF_STAR, 0, 9100, "node_exporter");
	h->app_port = 8080;
	switch (h->role) {
	case R_LAPP:
		h->app_port = apps[genfleet_rand(&h->r, 5)];
		genfleet_sock(h, 0, GF_STAR, 0, 8080, "java");
		genfleet_sock(h, 0, GF_STAR, 0, h->app_port, "java");
		break;
	case R_LWEB:
		h->app_port = 443;
		genfleet_listen(h, 0, 80, "nginx", 0);
		genfleet_listen(h, 0, 443, "nginx", 0);
		break;
	case R_LDB:
		if (genfleet_chance(&h->r, 60)) {
			h->app_port = 5432;
			genfleet_listen(h, 0, 5432, "postgres", 0);
		} else {
			h->app_port = 3306;
			genfleet_sock(h, 0, GF_STAR, 0, 3306, "mysqld");
			genfleet_sock(h, 0, GF_STAR, 0, 33060, "mysqld");
		}
		break;
	default:
		h->app_port = 9090;
		genfleet_sock(h, 0, GF_STAR, 0, 9090, "prometheus");
		genfleet_sock(h, 0, GF_STAR, 0, 3000, "grafana");
		break;
	}
	nl = h->ns;
	for (i = 0; i < nl; i++)
		if (h->s[i].state == S_LISTEN)
			h->s[i].backlog = h->s[i].lport == 22 ? 128 :
			    h->s[i].lport < 1024 ? 511 : 4096;
	for (tries = 0; h->ns < target && tries < 4 * target; tries++) {
		x = genfleet_rand(&h->r, 100);
		if (x < 55) {
			i = genfleet_weighted(&h->r, rw[h->role - R_LAPP], 8);
			x = genfleet_rand(&h->r, 100);
			genfleet_conn(h, genfleet_ephemeral(h),
			    rport[i] == 443 && x < 50 ? genfleet_internet(h) :
			    genfleet_peer(h, rport[i] == 389), rport[i],
			    x < 70 ? S_ESTAB : x < 96 ? S_TIMEWAIT : x < 98 ?
			    S_CLOSEWAIT : S_SYNSENT, rport[i] == 25 ? mta :
			    rproc[i]);
		} else {
			l = &h->s[genfleet_rand(&h->r, nl)];
			if (l->udp || l->fam == GF_V4LO || (l->fam == GF_V4 &&
			    l->laddr != 0) || l->fam == GF_V6)
				continue;
			genfleet_conn(h, l->lport, genfleet_client(h),
			    genfleet_client_port(h), genfleet_chance(&h->r,
			    90) ? S_ESTAB : S_TIMEWAIT, h->p[l->proc].name);
		}
	}
}

static const char *
genfleet_ss_state(int state)
{
	switch (state) {
	case S_LISTEN:
		return ("LISTEN");
	case S_UNCONN:
		return ("UNCONN");
	case S_ESTAB:
		return ("ESTAB");
	case S_TIMEWAIT:
		return ("TIME-WAIT");
	case S_CLOSEWAIT:
		return ("CLOSE-WAIT");
	default:
		return ("SYN-SENT");
	}
}

static void
genfleet_ss_addr(const struct genfleet_sock *s, char *buf, size_t len)
{
	char	 a[20];

	switch (s->fam) {
	case GF_V6:
		snprintf(buf, len, "[%s]", s->laddr ? "::1" : "::");
		break;
	case GF_STAR:
		snprintf(buf, len, "*");
		break;
	case GF_V4LO:
		snprintf(buf, len, "%s%%lo", genfleet_ipstr(s->laddr, a,
		    sizeof(a)));
		break;
	default:
		genfleet_ipstr(s->laddr, buf, len);
	}
}

/* ss -tulpan: UDP then TCP, in the kernel's (here: shuffled) order. */
static void
genfleet_ss(struct genfleet_host *h, struct genfleet_buf *b)
{
	struct genfleet_sock	 t, *s;
	const struct genfleet_proc *p;
	char			 la[48], lp[8], ra[48], rp[8], q[8];
	char			 proc[96];
	size_t			 i, j;
	int			 udp;

	for (i = h->ns; i > 1; i--) {
		j = genfleet_rand(&h->r, i);
		t = h->s[i - 1];
		h->s[i - 1] = h->s[j];
		h->s[j] = t;
	}
	genfleet_printf(b, "Netid State     Recv-Q Send-Q Local Address:Port  "
	    "Peer Address:Port Process\n");
	for (udp = 1; udp >= 0; udp--)
		for (i = 0; i < h->ns; i++) {
			s = &h->s[i];
			if (s->udp != udp)
				continue;
			genfleet_ss_addr(s, la, sizeof(la));
			snprintf(lp, sizeof(lp), "%u", s->lport);
			if (s->raddr != 0) {
				genfleet_ipstr(s->raddr, ra, sizeof(ra));
				snprintf(rp, sizeof(rp), "%u", s->rport);
			} else {
				snprintf(ra, sizeof(ra), "%s", s->fam ==
				    GF_V6 ? "[::]" : s->fam == GF_STAR ? "*" :
				    "0.0.0.0");
				snprintf(rp, sizeof(rp), "*");
			}
			snprintf(q, sizeof(q), "%u", s->state == S_LISTEN ?
			    s->backlog : 0);
			proc[0] = '\0';
			if (s->proc >= 0) {
				p = &h->p[s->proc];
				snprintf(proc, sizeof(proc), "users:((\"%s\","
				    "pid=%u,fd=%u))", p->name, p->pid, s->fd);
			}
			genfleet_printf(b, "%-5s %-9s %-6s %-6s %13s:%-6s%12s:"
			    "%-5s %s\n", udp ? "udp" : "tcp",
			    genfleet_ss_state(s->state), "0", q, la, lp, ra,
			    rp, proc);
		}
}

/*
 * Linux net-tools netstat -tulpan: TCP then UDP, dual-stack and IPv6
 * sockets as tcp6/udp6, PID/Program name, none on TIME_WAIT.
 */
static void
genfleet_nettools(struct genfleet_host *h, struct genfleet_buf *b)
{
	const struct genfleet_sock *s;
	char		 la[64], ra[64], a[20], prog[96];
	const char	*st;
	size_t		 i;
	int		 udp, v6;

	genfleet_printf(b, "Active Internet connections (servers and "
	    "established)\nProto Recv-Q Send-Q Local Address           "
	    "Foreign Address         State       PID/Program name    \n");
	for (udp = 0; udp <= 1; udp++)
		for (i = 0; i < h->ns; i++) {
			s = &h->s[i];
			if (s->udp != udp)
				continue;
			v6 = s->fam == GF_V6 || s->fam == GF_STAR;
			if (s->fam == GF_V6)
				snprintf(la, sizeof(la), "%s:%u", s->laddr ?
				    "::1" : "::", s->lport);
			else if (s->fam == GF_STAR)
				snprintf(la, sizeof(la), ":::%u", s->lport);
			else
				snprintf(la, sizeof(la), "%s:%u",
				    genfleet_ipstr(s->laddr, a, sizeof(a)),
				    s->lport);
			if (s->raddr != 0)
				snprintf(ra, sizeof(ra), "%s:%u",
				    genfleet_ipstr(s->raddr, a, sizeof(a)),
				    s->rport);
			else
				snprintf(ra, sizeof(ra), "%s", v6 ? ":::*" :
				    "0.0.0.0:*");
			snprintf(prog, sizeof(prog), "-");
			if (s->proc >= 0)
				snprintf(prog, sizeof(prog), "%u/%s",
				    h->p[s->proc].pid, h->p[s->proc].name);
			switch (s->state) {
			case S_LISTEN:
				st = "LISTEN";
				break;
			case S_UNCONN:
				st = "";
				break;
			case S_ESTAB:
				st = "ESTABLISHED";
				break;
			case S_TIMEWAIT:
				st = "TIME_WAIT";
				break;
			case S_CLOSEWAIT:
				st = "CLOSE_WAIT";
				break;
			default:
				st = "SYN_SENT";
				break;
			}
			genfleet_printf(b, "%-5s %6u %6u %-23s %-23s %-11s "
			    "%-19s\n", udp ? (v6 ? "udp6" : "udp") :
			    (v6 ? "tcp6" : "tcp"), 0U, 0U, la, ra, st, prog);
		}
}

static void
genfleet_sysctl(const struct genfleet_host *h, struct genfleet_buf *b,
    struct genfleet_rng *r)
{
	char	 resv[32] = "";

	switch (genfleet_rand(r, 10)) {
	case 0:
		snprintf(resv, sizeof(resv), "%u", h->app_port);
		break;
	case 1:
		snprintf(resv, sizeof(resv), "8080");
		break;
	case 2:
		snprintf(resv, sizeof(resv), "%u,9100", h->app_port);
		break;
	}
	genfleet_printf(b, "net.ipv4.ip_local_port_range = %u\t%u\n"
	    "net.ipv4.ip_local_reserved_ports = %s\n", h->dyn_lo, h->dyn_hi,
	    resv);
}

/* Build one host in memory and write its folder. */
static void
genfleet_host(struct genfleet_out *o, struct genfleet_host *h,
    const char *site, struct genfleet_buf *manifest)
{
	static struct genfleet_buf b;
	char		 rel[256], path[1024];
	size_t		 i, target;

	genfleet_identity(h);
	snprintf(h->name, sizeof(h->name), "%s%s-%s%02u",
	    h->os == GF_LINUX ? "s" : "S", site + 5,
	    genfleet_roles[h->role].prefix, h->slot + 1);
	genfleet_ranges(h);
	if (h->os != GF_LINUX) {
		genfleet_pick_settings(h);
		genfleet_place_ranges(h);
		genfleet_place_settings(h);
		genfleet_place_excl(h);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", o->dir, site, h->name);
	genfleet_mkdir(path);
	genfleet_printf(manifest, "%s,%s,%s,%s\n", h->name, site,
	    genfleet_roles[h->role].name, genfleet_vers[h->ver].name);

	switch (h->os) {
	case GF_WIN:
	case GF_LEGACY:
		target = h->target;
		if (h->os == GF_WIN) {
			genfleet_win_base(h);
			genfleet_win_role(h);
		} else
			genfleet_legacy_base(h);
		for (i = 0; i < h->nset; i++)
			genfleet_setting_socks(h, &h->set[i]);
		if (h->os == GF_WIN)
			genfleet_win_rpc(h);
		genfleet_win_fill(h, target);
		b.len = 0;
		genfleet_win_netstat(h, &b);
		snprintf(rel, sizeof(rel), "%s/%s/netstat.txt", site, h->name);
		genfleet_write(o, rel, &b, h->utf16);
		b.len = 0;
		genfleet_registry(h, &b, h->ver != V_NT4);
		snprintf(rel, sizeof(rel), "%s/%s/registry.reg", site, h->name);
		genfleet_write(o, rel, &b, h->ver != V_NT4);
		if (h->os == GF_LEGACY)
			break;
		b.len = 0;
		genfleet_dynamicport(h, &b);
		snprintf(rel, sizeof(rel), "%s/%s/dynamicport.txt", site,
		    h->name);
		genfleet_write(o, rel, &b, 0);
		if (!h->has_excl)
			break;
		b.len = 0;
		genfleet_excludedrange(h, &b);
		snprintf(rel, sizeof(rel), "%s/%s/excludedportrange.txt", site,
		    h->name);
		genfleet_write(o, rel, &b, 0);
		break;
	case GF_LINUX:
		genfleet_linux_socks(h, h->target);
		b.len = 0;
		if (h->nettools)
			genfleet_nettools(h, &b);
		else
			genfleet_ss(h, &b);
		snprintf(rel, sizeof(rel), "%s/%s/netstat.txt", site, h->name);
		genfleet_write(o, rel, &b, 0);
		b.len = 0;
		genfleet_sysctl(h, &b, &h->r);
		snprintf(rel, sizeof(rel), "%s/%s/sysctl.txt", site, h->name);
		genfleet_write(o, rel, &b, 0);
		break;
	}
	b.len = 0;
	genfleet_services(h, &b);
	snprintf(rel, sizeof(rel), "%s/%s/services", site, h->name);
	genfleet_write(o, rel, &b, 0);
}

static void
genfleet_usage(void)
{
	fprintf(stderr, "usage: genfleet DIR HOSTS\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static struct genfleet_host h;
	struct genfleet_out	 o;
	struct genfleet_buf	 manifest = { NULL, 0, 0 };
	struct genfleet_rng	 sr;
	unsigned long		 hosts, done = 0, size;
	unsigned		 site = 0, slot, nsites = 0, width = 2, w;
	char			*end, sitename[32], path[1024];

	if (argc != 3)
		genfleet_usage();
	errno = 0;
	hosts = strtoul(argv[2], &end, 10);
	if (*argv[2] == '\0' || *end != '\0' || errno != 0 || hosts == 0 ||
	    hosts > 1000000)
		genfleet_usage();
	o.dir = argv[1];
	o.files = 0;
	o.bytes = 0;
	genfleet_mkdir(o.dir);

	/* Site sizes first, so the names can be zero-padded alike. */
	genfleet_seed(&sr, 0x517e);
	for (done = 0; done < hosts; nsites++)
		done += GF_SITE_MIN + genfleet_rand(&sr, GF_SITE_SPAN);
	for (w = nsites; w >= 100; w /= 10)
		width++;

	genfleet_printf(&manifest, "host,site,role,os\n");
	genfleet_seed(&sr, 0x517e);
	for (done = 0; done < hosts; site++) {
		size = GF_SITE_MIN + genfleet_rand(&sr, GF_SITE_SPAN);
		if (size > hosts - done)
			size = hosts - done;
		snprintf(sitename, sizeof(sitename), "site-%0*u", (int)width,
		    site + 1);
		snprintf(path, sizeof(path), "%s/%s", o.dir, sitename);
		genfleet_mkdir(path);
		for (slot = 0; slot < size; slot++, done++) {
			memset(&h, 0, sizeof(h));
			genfleet_seed(&h.r, done);
			h.site = site;
			h.slot = slot;
			h.nsite = size;
			genfleet_host(&o, &h, sitename, &manifest);
		}
	}
	/* Written last: its presence says the fleet is complete. */
	genfleet_write(&o, "manifest.csv", &manifest, 0);
	free(manifest.p);
	fprintf(stderr, "genfleet: %lu hosts in %u sites, %lu files, %llu "
	    "bytes\n", hosts, nsites, o.files, o.bytes);
	return (0);
}
