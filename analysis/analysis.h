/*
 * The analysis layer: host facts (OS, site, effective port ranges), the
 * rule table and the findings the rules append.  Included only by the
 * analysis files, the cmd_ files, the renderers of findings and the tests.
 *
 * Analysis reads the fleet as const; rules read the facts that the ranges
 * prepass (ranges.c) computed, never a raw dialect.
 */
#ifndef ANALYSIS_H
#define ANALYSIS_H

enum severity {
	SEV_INFO = 0,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
	SEV__MAX
};

enum osfam {
	OSF_UNKNOWN = 0,
	OSF_WINDOWS,
	OSF_LINUX,
	OSF_BSD,
	OSF_MACOS,
	OSF_SOLARIS,
	OSF_OTHER
};

/* Where a fact comes from: a record of an input, or a stated default. */
struct origin {
	const struct input	*in;	/* NULL for a default */
	const struct record	*rec;
	const char		*note;	/* "default for Windows NT 4.0" */
	const char		*path;	/* a file that is no input: the
					   manifest */
	unsigned		 line;	/* without rec: the line in in or
					   path (0: none) */
};

struct prange {
	int		 first;
	int		 last;
	int		 administered;	/* netsh '*' */
	struct origin	 from;
};

struct rangeset {
	struct prange	*v;
	size_t		 n;
};

/* Index of a protocol in per-protocol arrays. */
#define PI_TCP	0
#define PI_UDP	1
#define PI__MAX	2

/* A record as a host sees it: the input it came through (for evidence). */
struct hrec {
	const struct input	*in;
	const struct record	*rec;
};

struct hrecs {
	struct hrec	*v;
	size_t		 n;
};

struct evidence {
	const struct input	*in;
	unsigned		 line;
	const char		*text;
};

/*
 * What the host's socket list says of a pinned port (pins.c): the same
 * answer for the rules and every report.
 */
enum pinstatus {
	PINST_UNCHECKED = 0,	/* no socket list for the host, or no port */
	PINST_VERIFIED,		/* its own service listens: as pinned */
	PINST_OWNER_NOT_SHOWN,	/* a listener whose owner netstat did not show */
	PINST_OWNER_NOT_KNOWN,	/* a listener, but no owner image is known
				   for the setting */
	PINST_NOT_LISTENING,	/* nothing holds the port */
	PINST_TAKEN,		/* held by something else: fixed-port-taken */
	PINST__MAX
};

/* How one socket bears on a pinned port (pins.c). */
enum pinsock {
	PINSOCK_NONE = 0,	/* another port, or a connection a listener
				   accepted */
	PINSOCK_OWN,		/* the service's own listener */
	PINSOCK_UNKNOWN_LISTENER, /* a listener of no known process */
	PINSOCK_UNOWNED_LISTENER, /* a listener of a process, but the
				     setting names no owner image */
	PINSOCK_OTHER_LISTENER,	/* a listener of another process */
	PINSOCK_OTHER_OUTBOUND,	/* a connection of another process */
	PINSOCK_UNKNOWN_OUTBOUND /* a connection of no known process */
};

/* The status of one setting and the socket line that shows it. */
struct pincheck {
	enum pinstatus		 status;
	const struct hrec	*sock;	/* NULL: unchecked, not listening; once
					   the host's sockets went, a copy
					   (pins_keep()) */
	const char		*process; /* the socket's image, or NULL */
};

struct osinfo {
	enum osfam	 fam;
	int		 legacy;	/* Windows before Vista: MaxUserPort era */
	int		 reserved_ok;	/* ReservedPorts honoured (2000-2003) */
	const char	*name;		/* "Windows Server 2012 R2", or NULL */
	struct origin	 from;
	const char	*other;		/* a weaker source's word against it */
	struct origin	 other_from;
};

/* Whether a host is a domain controller (roles.c). */
enum dcstate {
	DC_UNKNOWN = 0,		/* no evidence either way */
	DC_YES,			/* manifest role, a Kerberos listener, or
				   lsass.exe on LDAP or the global catalog */
	DC_NO			/* another role, or listeners known and none
				   on tcp 88 */
};

struct hostinfo {
	const struct host *host;
	const char	*site;		/* NULL: no site */
	const char	*role;
	struct osinfo	 os;
	struct hrecs	 sockets;
	const struct sockuse **uses;	/* connections let go (compact.c),
					   one per compacted socket list */
	size_t		 nuses;
	struct hrecs	 settings;
	struct hrecs	 services;	/* the host's own services files */
	struct prange	 ephemeral[PI__MAX];	/* first 0: unknown */
	struct rangeset	 rpc[PI__MAX];
	struct rangeset	 reserved[PI__MAX];
	struct rangeset	 excluded[PI__MAX];
	int		 rpc_invalid;	/* Rpc\Internet set but unusable */
	int		 highest_used[PI__MAX];	/* highest port of a socket
						   inside the ephemeral range */
	unsigned long	 used_ephemeral[PI__MAX];
	int		 evidence_netstat;	/* a socket list was read */
	int		 os_known;	/* the OS has a name, or netsh shows
					   Vista or later */
	struct hrecs	 dynamic;	/* every netsh dynamicport range */
	enum dcstate	 dc;		/* a domain controller? */
	struct origin	 dc_from;	/* why we think so */
	int		 socketpool;	/* DNS SocketPoolSize; -1: not set */
	struct origin	 socketpool_from;
	struct rangeset	 socketpool_excluded;	/* udp ports the DNS socket
						   pool leaves alone */
	struct rangeset	 rpcproxy;	/* RpcProxy ValidPorts (tcp) */
	struct hrecs	 adlds;		/* AD LDS (ADAM) instances listening:
					   dsamain.exe, 389/636 or 50000 up
					   (cc757433); not on a host whose
					   dsamain.exe is Exchange 5.5's DS */
	/* What else the host is (roles.c): 1 yes, 0 not known. */
	int		 dns;		/* runs the DNS Server service */
	struct origin	 dns_from;
	int		 frs;		/* FRS replicates SYSVOL here */
	struct origin	 frs_from;
	struct pincheck	*pins;		/* parallel to settings (pins.c) */
	int		 parked;	/* analysed and its sockets parked again
					   (park.c): read them with
					   ranges_sockets() */
};


/* What a baseline says of a finding (--baseline). */
enum change {
	CHANGE_NONE = 0,	/* no baseline given */
	CHANGE_NEW,		/* not in the baseline */
	CHANGE_UNCHANGED,	/* in the baseline too */
	CHANGE_RESOLVED		/* in the baseline only */
};

/*
 * A finding of an earlier audit as its findings.csv or findings.json has
 * it: the columns of findings.csv, as text.
 */
struct oldfinding {
	char		 id[17];
	enum severity	 sev;
	int		 port;		/* -1: none */
	unsigned	 line;		/* where the baseline file has it */
	int		 matched;	/* the audit has it too */
	char		*rule;
	char		*host;
	char		*site;		/* NULL: none */
	char		*proto;
	char		*service;
	char		*title;
	char		*detail;
	char		*evidence;	/* "FILE:LINE: text" lines */
	char		*recommendation;
};

struct baseline {
	char		*path;
	char		*date;		/* YYYY-MM-DD; NULL: not known (CSV) */
	struct oldfinding *v;		/* sorted by id */
	size_t		 n;
	struct oldfinding **resolved;	/* in the baseline's order */
	size_t		 nresolved;
	size_t		 nnew;
	size_t		 nunchanged;
};

struct fvar {
	const char	*key;
	const char	*value;
};

struct finding {
	const struct rule	*rule;
	enum severity		 sev;
	const struct hostinfo	*hi;
	enum proto		 proto;
	int			 port;		/* -1: none */
	const char		*service;	/* NULL: none */
	struct evidence		*ev;
	size_t			 nev;
	size_t			 capev;		/* growing: room on the heap;
						   0: packed in the arena */
	struct fvar		*vars;		/* for the wording templates */
	size_t			 nvars;
	size_t			 capvars;	/* as capev */
	char			 id[17];	/* stable fingerprint */
	int			 waived;
	int			 waiver_expired;
	const char		*waiver_reason;
	const char		*waiver_expires;
	enum change		 change;
	const char		*since;		/* first seen (--history):
						   YYYY-MM-DD, or NULL */
	long			 days_open;	/* since then; -1: unknown */
	int			 unconfirmed;	/* rests on a setting without
						   deployment documentation:
						   at most medium */
};

struct policy;
struct audit;

/*
 * What a rule reads: one host's facts at a time, or every host's (a site's
 * or the fleet's settings side by side).  A host rule's check() is given a
 * view of the audit that holds one host (rules_run()), so it must read no
 * other; a fleet rule runs once, after every host's.
 */
enum rulescope {
	RULE_HOST = 0,
	RULE_FLEET
};

struct rule {
	const char	*id;		/* slug, e.g. fixed-port-taken */
	const char	*family;	/* the file that holds it */
	enum severity	 level;		/* default severity */
	const char	*title;
	const char	*help;		/* one paragraph for rules and SARIF */
	void		(*check)(struct audit *);
	enum rulescope	 scope;
};

struct audit {
	struct fleet	*fleet;
	struct hostinfo	*hosts;		/* parallel to fleet->hosts */
	size_t		 nhosts;
	struct hrecs	 registry;	/* IANA / nmap services: reference */
	struct finding	**findings;
	size_t		 nfindings;
	size_t		 capfindings;
	struct policy	*policy;
	const char	*today;		/* YYYY-MM-DD, for waiver expiry */
	struct baseline	*baseline;	/* --baseline, or NULL */
};

/* rules.c */
extern const struct rule rule_fixed_port_taken;
extern const struct rule rule_fixed_port_duplicate;
extern const struct rule rule_fixed_port_system;
extern const struct rule rule_fixed_port_excluded;
extern const struct rule rule_fixed_port_in_ephemeral;
extern const struct rule rule_fixed_port_in_rpc_range;
extern const struct rule rule_fixed_port_registered_elsewhere;
extern const struct rule rule_fixed_port_undocumented;
extern const struct rule rule_fixed_port_inconsistent;
extern const struct rule rule_fixed_port_outside_policy;
extern const struct rule rule_setting_invalid;
extern const struct rule rule_rpc_range_small;
extern const struct rule rule_ephemeral_pressure;
extern const struct rule rule_listener_in_ephemeral;
extern const struct rule rule_reservation_outside;
extern const struct rule rule_dns_socket_pool;
extern const struct rule rule_setting_ineffective;
extern const struct rule rule_pin_pair_incomplete;
extern const struct rule rule_dynamicport_invalid;
extern const struct rule rule_rpc_range_overlap;
extern const struct rule rule_sql_static_and_dynamic;
extern const struct rule rule_msmq_port_shift;
extern const struct rule *const rule_table[];
extern const size_t rule_count;
const struct rule *rule_find(const char *);
/* Host by host, judge the pinned ports (pins.c) and run the host rules;
 * then run the fleet rules, apply the policy, fingerprint and sort the
 * findings. */
void		 rules_run(struct audit *);
/* Judge host hi's pinned ports and run the host rules on it alone. */
void		 rules_host(struct audit *, struct hostinfo *);
/* Once every host's rules ran: the fleet rules, the policy, the order. */
void		 rules_fleet(struct audit *);
const char	*severity_name(enum severity);
int		 severity_from(const char *, enum severity *);

/* rules.c: helpers every family uses */
/* Call fn for every setting of every host that pins a valid tcp or udp
 * port, with the setting's protocol index. */
void		 rule_each_setting(struct audit *, void (*)(struct audit *,
		    struct hostinfo *, const struct hrec *, int));
/* The protocol index of a setting that pins a valid port, or -1. */
int		 rule_setting_pi(const struct settingrec *);
/* Why a setting does nothing on this host ("listen-all", "listen-one",
 * "disabled" from kb.c, "not-dc" for a domain-controller setting on a
 * member server), or NULL when it is a live pin. */
const char	*rule_setting_inert(const struct hostinfo *,
		    const struct settingrec *);
/* rule_setting_pi() of a setting that is also live on its host, or -1. */
int		 rule_live_pi(const struct hostinfo *, const struct settingrec *);
/* A name for the service a setting belongs to (service, label or value). */
const char	*rule_setting_service(const struct settingrec *);
/* The variables every setting finding carries (port, proto, service...). */
void		 rule_setting_vars(struct audit *, struct finding *,
		    const struct hrec *);
/* Whether name matches a pattern with an optional trailing '*'. */
int		 rule_name_match(const char *, const char *);
/* Read a data file of the data folder; -1 (diagnosed) when impossible. */
int		 rule_data(struct audit *, const char *, datafile_row_fn,
		    void *);
/* "first-last" of a range, in a buffer of the arena. */
const char	*rule_range_text(struct audit *, const struct prange *);
/* A range's variables "range" and "range_origin", and its origin as
 * evidence. */
void		 rule_range_vars(struct audit *, struct finding *,
		    const struct prange *);

/* documentation.c: whether a services entry stands for the setting's
 * service (its table is read when the rules run). */
int		 doc_documents(const struct servicerec *,
		    const struct settingrec *);

/* collision.c */
int		 collision_own_port(struct audit *, const struct settingrec *);

/* pins.c: what netstat shows on each pinned port */
/* Judge every setting's port from its host's sockets (hostinfo pins). */
void		 pins_host(struct hostinfo *);
/* How socket i of the host bears on setting s of protocol index pi;
 * listener: something listens on the port.  *process: its image. */
enum pinsock	 pins_socket(const struct hostinfo *, const struct settingrec *,
		    int, size_t, int, const char **);
/* Whether some socket of the host listens on port (protocol index pi). */
int		 pins_listener(const struct hostinfo *, int, int);
/* The status of a host's setting (PINST_UNCHECKED before pins_host()). */
const struct pincheck *pins_get(const struct hostinfo *, const struct hrec *);
/* Keep a copy of the socket behind each of host hi's statuses before its
 * sockets go. */
void		 pins_keep(struct audit *, struct hostinfo *);
/* The socket line behind a status: 1 and *ev, or 0 when none. */
int		 pins_evidence(const struct pincheck *, struct evidence *);
/* The status's stable name: verified, owner-not-shown, ... */
const char	*pinstatus_name(enum pinstatus);
/* Settings of the audit by status. */
void		 pins_count(const struct audit *, size_t[PINST__MAX]);

/* ranges.c: the prepass */
/* Read the OS table and every host's services entries (the host's own,
 * the fleet's registry): what every host's facts need first. */
void		 ranges_begin(struct audit *);
/* Compute one host's facts and effective ranges from its records, after
 * ranges_begin(). */
void		 ranges_host(struct audit *, struct hostinfo *);
/* ranges_begin(), then every host's facts. */
void		 ranges_prepass(struct audit *);
/* Once the host's rules ran and before its parked records go again
 * (park.c): keep what the reports read of its sockets (pins_keep()),
 * drop the rest and its services entries; the host is parked. */
void		 ranges_host_let_go(struct audit *, struct hostinfo *);
/* The host's sockets: hi->sockets, or those of a parked host read back
 * into tmp until ranges_sockets_end(). */
const struct hrecs *ranges_sockets(struct fleet *, const struct hostinfo *,
		    struct hrecs *);
void		 ranges_sockets_end(const struct hostinfo *, struct hrecs *);
/* The host's own services entries: hi->services, or those of a parked
 * host gathered into tmp (free tmp->v). */
const struct hrecs *ranges_own_services(const struct hostinfo *,
		    struct hrecs *);
/* Count again the sockets inside a host's (changed) ephemeral ranges. */
void		 ranges_recount(struct hostinfo *);
/* How many socket lists let go of connections on the port (compact.c):
 * in use, as suggest.c marks it, once a list. */
int		 ranges_let_go(const struct hostinfo *, int, int);
int		 proto_index(enum proto);
int		 rangeset_has(const struct rangeset *, int,
		    const struct prange **);
/* The effective ephemeral range covers port. */
int		 ranges_in_ephemeral(const struct hostinfo *, int, int);
/* Family, era and ReservedPorts of an OS name (os.csv); 0 when unknown. */
int		 ranges_os_class(const char *, struct osinfo *);

/* roles.c: what the host is, from the manifest, listeners and registry */
void		 roles_host(struct arena *, struct hostinfo *);
/* A key under Services\DNS: a DNS server's (roles.c). */
int		 roles_dns_key(const char *);
/* sql.c: a key ending in \SuperSocketNetLib\Tcp\IPAll */
int		 sql_key_read(const char *);
/* plansvc.c: a key of SQL Server's Instance Names */
int		 plansvc_key_read(const char *);
/* consistency.c: whether a key path ends with the components given */
int		 cons_key_ends(const char *, const char *);
/* regkeep.c: let the registry collectors drop the values no rule reads */
void		 regkeep_setup(struct audit *);
/* Whether the OS name has the text (case-insensitive). */
int		 roles_os_has(const struct hostinfo *, const char *);

/* listeners_win.c: listener-in-ephemeral for one Windows host */
void		 listeners_win_host(struct audit *, struct hostinfo *);

/* findings.c */
struct finding	*finding_add(struct audit *, const struct rule *,
		    const struct hostinfo *, enum proto, int, const char *);
void		 finding_evidence(struct audit *, struct finding *,
		    const struct input *, const struct record *);
void		 finding_evidence_origin(struct audit *, struct finding *,
		    const struct origin *);
void		 finding_var(struct audit *, struct finding *, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
const char	*finding_get(const struct finding *, const char *);
/* Move the evidence and variables of findings from..nfindings-1, which
 * grew on the heap, into the arena at their size (rules_run() does). */
void		 findings_pack(struct audit *, size_t);
void		 findings_sort(struct audit *);
void		 audit_free(struct audit *);

/* A port that is free everywhere it was looked for (suggest.c). */
struct suggestion {
	const char	*site;		/* NULL: the whole fleet */
	enum proto	 proto;
	int		 port;
	int		 hosts;		/* hosts it was checked on */
};

/*
 * suggest.c: up to count ports of proto within first..last that no host
 * of site (NULL: all) uses, reserves, excludes, pins or names, and that
 * lie outside every host's ephemeral and RPC ranges.  Returns how many.
 */
size_t		 suggest_ports(const struct audit *, const char *, enum proto,
		    int, int, size_t, struct suggestion *);

/* What rules a port out, each marked in its own difference array. */
enum sconstraint {
	SC_SYSTEM = 0,		/* below 1024 */
	SC_EPHEMERAL,
	SC_RPC,
	SC_RESERVED,
	SC_EXCLUDED,
	SC_INUSE,		/* a socket's local port */
	SC_PINNED,		/* a setting pins it */
	SC_NAMED,		/* a services file or registry names it */
	SC_POLICY,		/* outside the policy's firewall ranges */
	SC_PROPOSED,		/* a plan gave it to another setting */
	SC__MAX
};

/* Difference arrays of 65537 ints, one per constraint (may be shared). */
struct smarks {
	int	*diff[SC__MAX];
};

void		 suggest_mark(struct smarks *, enum sconstraint, int, int);
/* Mark what a host of the fleet uses, pins, names or keeps in a range,
 * for proto. */
void		 suggest_mark_host(struct smarks *, struct fleet *,
		    const struct hostinfo *, enum proto);
void		 suggest_mark_named(struct smarks *, const struct hrecs *,
		    enum proto);
/* The constraint's key for wording templates: "ephemeral", "in-use"... */
const char	*suggest_constraint_name(enum sconstraint);

/* Why a band of ports has none left for a setting (plan.c). */
struct plan_block {
	int		 first, last;	/* the band */
	enum sconstraint c;
	int		 ports;		/* how many of the band it rules out */
};

/* How a plan's port was found and checked. */
enum plan_how {
	PLAN_NEW = 0,	/* a new port: every constraint on every host of
			   the site */
	PLAN_KEEP,	/* a port sound members hold: its ranges and use
			   checked on the hosts that carry the setting */
	PLAN_DEFAULT	/* the product default the rest of the site uses
			   unpinned: the same, and their sockets on it are
			   theirs */
};

/* One value to change on one host, or one the plan cannot place. */
struct plan_change {
	const struct hostinfo	*hi;
	const struct hrec	*set;		/* the setting */
	const char		*scope;		/* the site; NULL: none */
	int			 from;		/* its port now */
	int			 to;		/* -1: unplanned */
	enum plan_how		 how;
	const struct finding	**cures;	/* the open findings it cures
						   (unplanned: leaves open) */
	size_t			 ncures;
	struct plan_block	*why;		/* unplanned: what rules out
						   each band */
	size_t			 nwhy;
	struct plan_regval	*vals;		/* the values to write in its
						   stead (SQL's TcpPort), or
						   NULL: the setting's own */
	size_t			 nvals;
	const char		*winsvc;	/* the Windows service to
						   restart; NULL: none known */
	const char		*nosvc;		/* why none: a [cmd] key */
};

/* A registry value a change writes: its data as regedit's text (a DWORD
 * as 0x..., a MULTI_SZ's strings joined by \\0), NULL when absent. */
struct plan_regval {
	const char	*key;
	const char	*name;
	const char	*type;		/* REG_DWORD, REG_SZ, REG_MULTI_SZ */
	const char	*now;		/* NULL: the host lacks it (rollback
					   deletes it) */
	const char	*to;		/* NULL: deleted */
	const struct record *rec;	/* the value now, or NULL */
};

/* What a range change does (planrange.c). */
enum plan_rkind {
	PLANR_UNPLANNED = 0,	/* no change fits: the findings stay */
	PLANR_DYNAMICPORT,	/* netsh int ipvN set dynamicport */
	PLANR_EXCLUDE,		/* netsh int ipv4 add excludedportrange */
	PLANR_MAXUSERPORT,	/* Tcpip\Parameters MaxUserPort */
	PLANR_RPCPORTS,		/* Rpc\Internet Ports and its two flags */
	PLANR_DELETE		/* a value the host's Windows ignores */
};

/* One range to change on one host. */
struct plan_range {
	const struct hostinfo	*hi;
	const char		*scope;		/* the site; NULL: none */
	enum plan_rkind		 kind;
	enum plan_rkind		 want;		/* the kind it was to be */
	int			 pi;		/* -1: tcp and udp */
	int			 v6;		/* dynamicport: ipv6 too */
	int			 from_first;	/* the range now (-1: none) */
	int			 from_last;
	int			 first;		/* the range proposed */
	int			 last;
	const char		*why;		/* unplanned: the template key
						   of the reason */
	const char		*ref;		/* the knowledge base's source
						   of the value, or NULL */
	const struct finding	**cures;
	size_t			 ncures;
	struct plan_regval	*vals;		/* the registry values */
	size_t			 nvals;
};

/* A finding the proof found against the plan. */
struct plan_miss {
	char		*rule;
	char		*host;
	enum proto	 proto;
	int		 port;
	int		 added;		/* new; else claimed cured but left */
};

struct plan {
	struct plan_change *v;		/* by site, host, key, value, proto */
	size_t		 n;
	size_t		 nmoved;	/* changes with a port */
	size_t		 nclaimed;	/* findings claimed cured */
	size_t		 nchecked;	/* findings of the re-audit */
	size_t		 nunplanned_new; /* new, on an unplanned setting */
	struct plan_miss *miss;
	size_t		 nmiss;
	struct plan_range *r;		/* by site, host, kind, proto */
	size_t		 nr;
	size_t		 nranged;	/* range changes that fit */
};

/* plan.c: choose the changes for the audit's open findings. */
void		 plan_make(struct audit *, struct plan *);
void		 plan_free(struct plan *);
/* A setting's raw value once moved to port (malloc'd), or NULL. */
char		*plan_value_raw(const struct settingrec *, int);
/* The services-file name that documents a setting's port, in buf. */
const char	*plan_services_name(const struct settingrec *, char *, size_t);

/* planrange.c: the range changes that cure the range findings the port
 * changes leave, after plan_make()'s port changes. */
void		 planrange_make(struct audit *, struct plan *);
/* Apply the plan's range changes to a re-audit's hosts (b parallel to a). */
void		 planrange_apply(const struct audit *, const struct plan *,
		    struct audit *);
/* Hide from the records the range values the plan deletes, for a
 * re-audit; returns the list to give planrange_unhide() (malloc'd). */
struct record	**planrange_hide(const struct plan *, size_t *);
void		 planrange_unhide(struct record **, size_t);
/* The kind's name in plan.csv: "dynamicport", "excludedportrange"... */
const char	*planrange_kind_name(enum plan_rkind);
/* The registry value of a host's inputs under a key ending in suffix. */
const struct record *planrange_regvalue(const struct hostinfo *,
		    const char *, const char *);

/* plansvc.c: the Windows service a moved setting's host restarts, and the
 * values SQL Server's fixed port is written as. */
void		 plansvc_resolve(struct audit *, struct plan *);

/* planproof.c: audit again with the plan applied in memory; 0 when every
 * claimed cure holds and nothing at low or above is new, else -1. */
int		 plan_verify(struct audit *, struct plan *);
/* Call fn with the re-audit of the fleet with the plan applied in memory
 * (for the report's map after the plan); all is undone on return. */
void		 plan_applied(struct audit *, const struct plan *,
		    void (*)(const struct audit *, void *), void *);

/* baseline.c: --baseline, a previous findings.csv or findings.json */
/* Read a baseline; NULL (diagnosed) when it cannot be used. */
struct baseline	*baseline_load(const char *);
/* The same for a file's bytes (not NUL-terminated), named for messages. */
struct baseline	*baseline_read(const char *, const char *, size_t);
/* Mark each finding new or unchanged, list the resolved ones and put the
 * new findings first; the audit owns the baseline from then on. */
void		 baseline_apply(struct audit *, struct baseline *);
void		 baseline_free(struct baseline *);
const char	*change_name(enum change);

/* policy.c */
struct policy	*policy_load(const char *, struct audit *);
void		 policy_free(struct policy *);
void		 policy_apply(struct audit *);
const struct rangeset *policy_allowed(const struct policy *, const char *,
		    int);
const char	*policy_organisation(const struct policy *);

#endif /* ANALYSIS_H */
