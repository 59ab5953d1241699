/*
 * portaudit: the record model shared by collectors, analysis and renderers.
 *
 * Every file of the project includes this header first.  Layer headers
 * (collectors/collector.h, analysis/analysis.h, render/render.h) come after
 * it and only inside their own layer and main.c: collectors never see
 * render.h, renderers never see collector.h.
 *
 * Memory: a struct fleet owns one arena.  Records, their strings and the
 * decoded text of every input live in it (or in buffers the fleet frees) and
 * die together with the fleet; nothing is freed one record at a time.
 */
#ifndef PORTAUDIT_H
#define PORTAUDIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PORTAUDIT_VERSION "0.1.0"

struct fleet;
struct host;
struct input;
struct record;
struct sockuse;

/* util.c */

void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*util_alloc_big(size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Parse a decimal port 0..65535 from s[0..n); 0 or -1 with *errstr set. */
int		 util_parse_port(const char *, size_t, int *, const char **);
/* Parse an unsigned decimal (or 0x hex when allowed) number; 0 or -1. */
int		 util_parse_ulong(const char *, size_t, int, unsigned long long *,
		    const char **);
/*
 * A whole file, NUL-terminated (the NUL not counted in *lenp); NULL with
 * errno set when it cannot be read, EFBIG when it is longer than max
 * bytes (0: no limit).
 */
char		*util_slurp(const char *, size_t, size_t *);
int		 util_write_atomic(const char *, const void *, size_t);
FILE		*util_atomic_begin(const char *, char **);
int		 util_atomic_end(FILE *, char *, const char *, int);
const char	*util_basename(const char *);
/* Name of the folder that holds path ("." for a bare file name). */
char		*util_dirname_last(const char *);
int		 util_strcasecmp_ascii(const char *, const char *);
int		 util_strncasecmp_ascii(const char *, const char *, size_t);

/* main.c */

/* Where settings.csv and templates live: $PORTAUDIT_DATADIR, the build
 * tree beside the binary, or the installed share folder. */
const char	*main_datadir(void);
/* -j N for cmd: 0, or -1 after a usage error. */
int		 main_jobs(const char *, const char *, unsigned *);
/* Print "portaudit: text" and the usage hint; returns 2 for exit. */
int		 main_usage_error(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* fleetdir.c: fleet folders to inputs */

struct fleetdir_opts {
	const char	*outdir;	/* never read from (NULL: none) */
	const char	*history;	/* --history database: never read */
	const char	*baseline;	/* --baseline file: never read */
	const char	*manifest;	/* NULL: FLEET/manifest.csv if any */
	const char	*type;		/* --type, or NULL */
	int		 progress;	/* show progress on stderr */
	unsigned	 jobs;		/* -j: threads (0: one per CPU) */
};

/*
 * Walk each path (a fleet folder FLEET/HOST or FLEET/SITE/HOST, a host
 * folder, or a file), read every input into f, apply the manifest.
 * Returns -1 when a path or the manifest cannot be used (diagnosed).
 */
int		 fleetdir_load(struct fleet *, char **, int,
		    const struct fleetdir_opts *);
void		 fleet_skip(struct fleet *, const char *, const char *);

/* fleetread.c: files to inputs, on worker threads */

struct fleet_job {
	char		*path;		/* malloc'd; consumed */
	struct host	*host;
	size_t		 size;		/* bytes when the folder was walked */
};

/* Read the files of jobs into the fleet for their hosts, as type (NULL:
 * sniffed), on up to N threads (0: one per CPU), with progress or not. */
void		 fleetread(struct fleet *, struct fleet_job *, size_t,
		    const char *, unsigned, int);

/* keeplines.c: a file all of whose records the audit keeps (f->compact):
 * they own copies of their lines, and its decoded text goes. */
void		 keeplines_input(struct fleet *, struct input *);

/* compact.c: what an audit keeps of socket lists */

/* Compact the host's socket lists parsed since (f->compact), but for
 * the parts of fleet tools' exports, which wait for compact_finish(). */
void		 compact_host(struct fleet *, struct host *);
/* A fleet tool's export just parsed: its socket lists, one per host it
 * fed, wait for compact_finish(); any other record keeps it whole. */
void		 compact_export(struct fleet *, struct input *);
/* Compact what waits, then read again whole every socket list that let
 * go of sockets on a port its host's settings pin; how many were. */
size_t		 compact_finish(struct fleet *);
/*
 * A record's verbatim line: its text, or for a socket kept by compaction
 * the line read again from its input (same SHA-256, else "" and a
 * diagnostic), valid until the next call for another input.
 */
const char	*record_text(const struct record *);
/* Forget the input record_text() last read. */
void		 record_text_flush(void);
/* Read again whole the host's socket lists that let go of sockets on a
 * port (one a plan moves a setting to); 1 when one was. */
int		 compact_need(struct fleet *, const struct host *, int);
/* Whether sockets on port (protocol index 0 tcp, 1 udp) were let go. */
int		 sockuse_dropped(const struct sockuse *, int, int);

/* park.c: the records compaction keeps, on disk until their host is
 * analysed (fleet->park) */

struct park;
/* A list's records as they are written: built by park_add(). */
struct parkbuf {
	char		*buf;
	size_t		 len;
	size_t		 cap;
	size_t		 reclen;	/* the records' bytes; the ports follow */
};
struct park	*park_new(void);
void		 park_free(struct park *);
/* Append a copy of record r, with text as its line (NULL: none), to b;
 * the copy, valid until the next call. */
struct record	*park_add(struct parkbuf *, const struct record *,
		    const char *);
/* The records are all in b; the ports of in's struct sockuse follow. */
void		 park_end_records(struct parkbuf *);
void		 park_add_ports(struct parkbuf *, const uint16_t *, size_t);
/* Write b (emptied) as in's records and in->use's ports, which in then
 * holds none of; when it cannot be written, in keeps them in memory. */
void		 park_input(struct park *, struct input *, struct parkbuf *);
/* Read back one input's parked records and ports: 0, or -1 when it had
 * to be read again whole and could not be (diagnosed).  Each load is
 * matched by a drop; threads may load and drop the same input. */
int		 park_input_load(struct fleet *, struct input *);
void		 park_input_drop(struct input *);
/* Read back the parked records of host h's inputs (of the inputs whose
 * records they share): 0, or -1 when one had to be read again and could
 * not be (diagnosed). */
int		 park_host_load(struct fleet *, const struct host *);
/* Let them go again. */
void		 park_host_drop(const struct host *);
/* Bytes written to the park so far (compressed). */
uint64_t	 park_bytes(const struct park *);

/* pool.c: worker threads for a loop (-j) */

#define POOL_MAX	(MODEL_SLOTS - 1)	/* threads of a pool */
unsigned	 pool_cpus(void);
/* fn(arg, i) for i of 0..n-1 on up to jobs threads (the caller's too). */
void		 pool_run(unsigned, size_t, void (*)(void *, size_t), void *);

/* datafile.c: CSV data files with comments */

typedef void	(*datafile_row_fn)(void *, char **, int, unsigned);
int		 datafile_read(const char *, datafile_row_fn, void *);

/* model.c: arena and string interning */

/* Arena slots: the main thread and up to MODEL_SLOTS - 1 workers. */
#define MODEL_SLOTS	65
void		 model_set_slot(unsigned);
struct arena;
struct arena	*arena_new(void);
void		 arena_free(struct arena *);
void		*arena_alloc(struct arena *, size_t);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);
/* Send the calling thread's arena_alloc() calls to an arena (NULL: to
 * the arena named); returns the arena they went to before. */
struct arena	*arena_redirect(struct arena *);
/* The blocks of src join dst (the calling thread's slot); src is freed. */
void		 arena_adopt(struct arena *, struct arena *);
/* Where the calling thread's next block of an arena goes: what has been
 * allocated since can be given back while it stays in the same chunk. */
struct arena_mark {
	void		*chunk;
	size_t		 used;
};
void		 arena_mark(struct arena *, struct arena_mark *);
int		 arena_release(struct arena *, const struct arena_mark *);

/* Transport protocols. */
enum proto {
	PROTO_NONE = 0,		/* unknown or not applicable */
	PROTO_TCP,
	PROTO_UDP,
	PROTO_SCTP,
	PROTO_DCCP,
	PROTO_DDP,		/* AppleTalk, seen in macOS services */
	PROTO_OTHER		/* see the record's proto_name */
};

enum family {
	FAM_NONE = 0,		/* printed as null */
	FAM_IPV4,
	FAM_IPV6
};

/* Normalised TCP states (English, as the inspect output prints them). */
enum sockstate {
	ST_NONE = 0,		/* null: UDP, or no state column */
	ST_LISTEN,
	ST_ESTABLISHED,
	ST_TIME_WAIT,
	ST_CLOSE_WAIT,
	ST_SYN_SENT,
	ST_SYN_RECEIVED,
	ST_FIN_WAIT_1,
	ST_FIN_WAIT_2,
	ST_CLOSING,
	ST_LAST_ACK,
	ST_CLOSED,
	ST_BOUND
};

enum rkind {
	REC_SOCKET = 0,
	REC_SETTING,		/* a fixed-port setting from the registry */
	REC_RANGE,		/* ephemeral, rpc, reserved or excluded range */
	REC_SERVICE,		/* a services-file entry */
	REC_REGVALUE,		/* any registry value (inspect --all) */
	REC_UNPARSED		/* a line that was not understood */
};

enum rwhat {
	RANGE_EPHEMERAL = 0,
	RANGE_RPC,
	RANGE_RESERVED,
	RANGE_EXCLUDED,
	RANGE_SOCKETPOOL,	/* DNS server socket pool: count ports drawn
				   from the UDP ephemeral range */
	RANGE_SOCKETPOOL_EXCLUDED,	/* ports the socket pool leaves alone */
	RANGE_RPCPROXY		/* RpcProxy ValidPorts: ports the RPC proxy
				   forwards to peer */
};

enum regtype {
	REGT_NONE = 0,		/* REG_NONE, hex(0) */
	REGT_SZ,
	REGT_EXPAND_SZ,
	REGT_BINARY,
	REGT_DWORD,
	REGT_DWORD_BE,
	REGT_LINK,
	REGT_MULTI_SZ,
	REGT_RESOURCE_LIST,
	REGT_FULL_RESOURCE,
	REGT_RESOURCE_REQ,
	REGT_QWORD,
	REGT_OTHER		/* hex(N) with N > 11 */
};

struct sockrec {
	enum proto	 proto;
	enum family	 family;
	int		 local_port;	/* -1: null (name not resolved, or *) */
	int		 remote_port;	/* -1: null ('*' or not shown) */
	enum sockstate	 state;
	int		 owner_unknown;	/* "Can not obtain ownership information" */
	uint32_t	 text_off;	/* compacted, the record's text NULL: its
					   line at this offset of the decoded */
	uint32_t	 text_len;	/* input, this long (record_text()) */
	const char	*local_addr;	/* as printed, brackets removed */
	const char	*local_port_name; /* service name shown, or NULL */
	const char	*remote_addr;	/* NULL when not shown */
	const char	*remote_port_name;
	long		 pid;		/* -1: null */
	const char	*process;	/* image name, e.g. svchost.exe */
	const char	*service;	/* Windows service short name, e.g. RpcSs */
	const char	*pid_image;	/* process NULL: the image another socket
					   of the same PID names (compact.c), or
					   NULL when not looked up */
};

struct settingrec {
	const char	*key;		/* registry key as found */
	const char	*name;		/* value name */
	const char	*type;		/* REG_DWORD, REG_SZ, ... */
	enum proto	 proto;
	int		 port;		/* -1: value is not a valid port */
	const char	*service;	/* e.g. MSExchangeDS, NTDS */
	const char	*label;		/* human label from the knowledge base */
	const char	*owner;		/* process image owning it, e.g. lsass.exe */
	const char	*raw;		/* the value as written, for evidence */
	const char	*scope;		/* NULL: any host; "dc": only a domain
					   controller uses it (knowledge base) */
	const char	*ignored;	/* NULL, or why the service ignores the
					   value: "listen-all", "listen-one",
					   "disabled" (kb.c) */
	const struct record *ignored_by; /* the value that says so */
	int		 unconfirmed;	/* no deployment documentation backs the
					   knowledge base row */
};

struct rangerec {
	enum rwhat	 what;
	enum proto	 proto;
	enum family	 family;	/* FAM_NONE: both */
	int		 first;
	int		 last;
	const char	*setting;	/* where it came from: sysctl key, netsh
					   command, registry value name */
	int		 administered;	/* netsh '*' mark */
	int		 count;		/* RANGE_SOCKETPOOL: ports it takes
					   (first and last are 0) */
	const char	*peer;		/* RANGE_RPCPROXY: the server the ports
					   are valid for */
};

struct servicerec {
	const char	*name;		/* NULL for an IANA row without a name */
	int		 port;		/* -1: no port (IANA name-only) */
	int		 port_last;	/* == port unless a range */
	enum proto	 proto;
	const char	*proto_name;	/* as written (lowercased) */
	const char	**aliases;
	int		 naliases;
	const char	*comment;	/* NULL when none */
	double		 frequency;	/* nmap open frequency, -1 when absent */
};

struct regvaluerec {
	const char	*key;		/* full key path as written */
	const char	*name;		/* "" for the default value, NULL for a
					   key deletion */
	enum regtype	 rtype;
	const char	*type;		/* REG_SZ ... or "hex(N)" */
	const char	*str;		/* SZ, EXPAND_SZ, LINK: the string;
					   binary types: lowercase hex "0a,1b" */
	unsigned long long num;		/* DWORD, QWORD */
	const char	**multi;	/* MULTI_SZ strings */
	int		 nmulti;
	int		 deleted;	/* "name"=- or [-KEY] */
};

struct unparsedrec {
	int		 code;		/* enum diagcode */
};

struct input;

/* One record: every collector appends these, nothing else does. */
struct record {
	struct record	*next;		/* in its input's list */
	enum rkind	 kind;
	unsigned	 line;		/* 1-based line in the decoded input */
	const char	*text;		/* the verbatim line (decoded to UTF-8);
					   NULL for a compacted socket: read it
					   with record_text() */
	struct input	*in;		/* source file and host */
	union {
		struct sockrec		sock;
		struct settingrec	set;
		struct rangerec		rng;
		struct servicerec	svc;
		struct regvaluerec	reg;
		struct unparsedrec	unp;
	} u;
};

/* Who names a host's OS, weakest first: the strongest word is kept. */
enum ossrc {
	OSSRC_NONE = 0,
	OSSRC_REGISTRY,		/* Windows NT\CurrentVersion values */
	OSSRC_OSINFO,		/* osversion.txt: ver, systeminfo, uname */
	OSSRC_MANIFEST		/* the fleet's manifest */
};

/* One source's word on its host's OS. */
struct hostos {
	struct hostos	*next;		/* the host's other words */
	const char	*name;
	enum ossrc	 src;
	const struct input *in;		/* NULL: the manifest */
	const struct record *rec;	/* the registry value behind it */
	const char	*path;		/* the manifest's path, or NULL */
	unsigned	 line;		/* 0: a hive value, or unknown */
};

struct host {
	const char	*name;
	const char	*site;		/* from the folder layout, or NULL */
	const char	*role;		/* from the manifest, or NULL */
	const char	*os;		/* the strongest word of os_words */
	const struct input *os_from;	/* the file that named it (NULL: the
					   manifest) */
	unsigned	 os_line;
	const struct hostos *os_word;	/* the word kept, or NULL */
	struct hostos	*os_words;	/* every source's, first read first */
	const char	*dir;		/* the host folder, or NULL */
	int		 reference;	/* holds --registry files, not a server */
	struct input	**inputs;
	size_t		 ninputs;
};

/*
 * What a compacted socket list keeps of the sockets it let go (compact.c):
 * connections on ports no rule looks at one by one become distinct ports
 * and counts.
 */
struct sockuse {
	uint16_t	*ports[2];	/* distinct local ports, tcp then udp,
					   ascending */
	size_t		 nports[2];
	unsigned long	 established;	/* sockets let go, by state */
	unsigned long	 time_wait;
	unsigned long	 other;
	unsigned long	 low;		/* of them on ports 1025-5000 */
	unsigned long	 high;		/* and on ports 49152 and up */
	int		*whole;		/* ports whose sockets were kept (all
					   of them, or the listeners when one
					   listens), ascending */
	size_t		 nwhole;
};

/* One input file and its line accounting. */
struct input {
	const char	*path;		/* as given on the command line */
	struct host	*host;
	const struct collector *coll;	/* NULL when not identified */
	const char	*format;	/* the collector's name, or NULL */
	const char	*encoding;	/* UTF-8, UTF-16LE, CP850, ... */
	char		*buf;		/* decoded UTF-8 text, owned */
	size_t		 len;
	unsigned char	 sha256[32];	/* of the bytes on disk */
	int		 have_sha256;
	struct record	*first, *last;
	const struct input *same_as;	/* same bytes read before: its records
					   stand for this input's */
	const struct hostos *os;	/* what it says of its host's OS */
	const char	*want;		/* the --type it was read with */
	unsigned long	 lines;		/* every line of the decoded text */
	unsigned long	 lines_record;	/* lines that produced a record */
	unsigned long	 lines_known;	/* recognised non-record lines */
	unsigned long	 lines_unparsed;
	unsigned long	 records;
	unsigned long	 ndiag;		/* diagnostics raised */
	unsigned long	 ndiag_shown;
	int		 status;	/* enum input_status */
	struct input	*parent;	/* a sub-input: the multi-host input
					   whose lines its records are on */
	struct input	*subs;		/* a multi-host input: one sub-input
					   per other host it fed, first seen
					   first (not in fleet->inputs) */
	struct input	*sub_next;
	unsigned long	 nsubs;
	struct arena	*scratch;	/* a socket list's records until its
					   host is compacted (compact.c); an
					   export's parts share their file's */
	struct arena	*hold;		/* an export: the arena its parts
					   share, freed by compact_finish() */
	const struct sockuse *use;	/* compacted: the sockets let go */
	int		 changed;	/* read again, its bytes had changed */
	struct fleet	*texts;		/* compacted: its sockets' lines stay in
					   the file, read again in this fleet
					   (record_text()) */
	struct park	*park;		/* its kept records are parked there
					   (park.c), read back or not */
	uint64_t	 park_off;	/* where */
	size_t		 park_len;	/* the block's bytes */
	size_t		 park_zlen;	/* in the file: park_len when they
					   are not compressed */
	size_t		 park_reclen;	/* the records' part; ports follow */
	char		*park_block;	/* read back, or kept in memory when
					   they could not be parked: the
					   records */
	unsigned	 park_refs;	/* the park_input_load()s of the block
					   read back not yet dropped */
};

enum input_status {
	INPUT_OK = 0,
	INPUT_UNREADABLE,
	INPUT_UNIDENTIFIED,
	INPUT_TOO_BIG		/* over the size limit, not read */
};

/* A path of the fleet that was not read as an input, and why. */
struct skipped {
	const char	*path;
	const char	*reason;
};

struct fleet {
	struct arena	*arena;
	struct intern	*strings;
	struct host	**hosts;
	size_t		 nhosts;
	struct input	**inputs;
	size_t		 ninputs;
	const char	*datadir;
	struct kb	*kb;		/* registry knowledge base, loaded lazily */
	int		 want_sha256;	/* hash inputs as they are read */
	int		 dedupe;	/* parse identical contents once */
	struct host	**hostidx;	/* open addressing on (site, name) */
	size_t		 hostidx_cap;
	struct host	**byshort;	/* open addressing on the short name,
					   any case, any site */
	size_t		 byshort_cap;
	struct input	**byhash;	/* open addressing on sha256 */
	size_t		 byhash_cap;
	size_t		 byhash_count;
	const char	*force_encoding; /* --encoding */
	int		 compact;	/* keep of socket lists only what the
					   rules read (compact.c): 1, or 2 but
					   for fleet tools' exports (plan) */
	/* Whether a registry value the knowledge base made nothing of is read
	 * later all the same (NULL: every value stays).  The others are let
	 * go as soon as they are parsed: a hive holds 100,000 of them. */
	int		(*keep_value)(const struct fleet *,
			    const struct regvaluerec *);
	const void	*keep_arg;	/* for keep_value */
	struct park	*park;		/* compaction parks the records it keeps
					   (park.c), or NULL */
	struct skipped	*skipped;
	size_t		 nskipped;
};

struct fleet	*fleet_new(void);
void		 fleet_free(struct fleet *);
const char	*fleet_intern(struct fleet *, const char *, size_t);
struct host	*fleet_host(struct fleet *, const char *);
/* The host of that name in that site (NULL: none), created on first use. */
struct host	*fleet_host_in(struct fleet *, const char *, const char *);
/*
 * The host a name found inside the data stands for (PSComputerName,
 * hostIdentifier, ...): an existing host of that name or short name in any
 * case, that site's first; else a new one in that site, named by its short
 * name.
 */
struct host	*fleet_host_named(struct fleet *, const char *, const char *);
/* The length of a host name without its domain (an address: all of it). */
size_t		 fleet_host_short(const char *);
/*
 * Whether every file of a host gave all its records to the hosts the data
 * names (a folder of fleet-wide exports): such a host is no server.
 */
int		 host_only_carries(const struct host *);
/* The input whose records stand for in (itself, or the first copy). */
const struct input *input_src(const struct input *);
/*
 * Add a source's word on a host's OS (copied); the strongest source names
 * the host, a later word of equal strength replacing an earlier one.
 */
const struct hostos *host_os_claim(struct fleet *, struct host *,
		    const struct hostos *);
/* Resolve netstat port names through the host's services, then built-ins. */
void		 fleet_resolve_names(struct fleet *);
/* The built-in port for a well-known service name, or -1. */
int		 model_builtin_port(const char *, enum proto);

/* Message Queuing's RPC ports, and whether a socket is Message Queuing's
 * (mqsvc.exe, or the MSMQ service of netstat -b). */
extern const int sock_msmq_ports[3];
int		 sock_is_msmq(const struct sockrec *);
const char	*proto_name(enum proto);
enum proto	 proto_from(const char *, size_t);
const char	*family_name(enum family);
const char	*state_name(enum sockstate);
const char	*rkind_name(enum rkind);
const char	*rwhat_name(enum rwhat);
const char	*regtype_name(enum regtype);

/* collectors/kb.c: the registry knowledge base (data/settings.csv) */

struct kb;
/* Load the installed knowledge base and, when not NULL, a user's file too. */
int		 kb_load(struct fleet *, const char *);
void		 kb_free(struct kb *);

/* diag.c: messages, mandoc style.  Ordered by level. */
enum diaglevel {
	DL_NOTE = 0,
	DL_WARNING,
	DL_ERROR,
	DL_FATAL
};

enum diagcode {
	/* notes */
	DIAG_NOTE_ENCODING = 0,		/* input decoded from a legacy code page */
	DIAG_NOTE_LIMIT,		/* more diagnostics not shown */
	/* warnings: a line or value was not understood */
	DIAG_LINE_UNKNOWN,		/* line not understood */
	DIAG_LINE_SHORT,		/* too few columns */
	DIAG_BAD_PORT,			/* port not a number in 0..65535 */
	DIAG_BAD_ADDR,			/* address has no port separator */
	DIAG_BAD_STATE,			/* state word not known */
	DIAG_BAD_NUMBER,		/* number malformed or out of range */
	DIAG_BAD_RANGE,			/* first > last, or malformed range */
	DIAG_ORPHAN_LINE,		/* owner line with no socket before it */
	DIAG_REG_SYNTAX,		/* .reg or reg query line malformed */
	DIAG_REG_HEX,			/* hex data malformed */
	DIAG_REG_DWORD,			/* dword data not 1..8 hex digits */
	DIAG_REG_NO_KEY,		/* value line before any key line */
	DIAG_REG_CONTINUATION,		/* continuation never ended */
	DIAG_CSV_SYNTAX,		/* CSV record malformed */
	DIAG_CSV_COLUMNS,		/* CSV record has the wrong column count */
	DIAG_SETTING_PORT,		/* known setting holds no valid port */
	DIAG_LINE_LONG,			/* line longer than the limit, cut */
	DIAG_NUL_BYTES,			/* NUL bytes replaced */
	DIAG_ENCODING,			/* undecodable bytes replaced */
	DIAG_UNCLASSIFIED,		/* collector left a line unaccounted */
	DIAG_BASELINE_ROW,		/* baseline finding not understood */
	DIAG_OS_DISAGREE,		/* sources name OSes os.csv treats apart */
	DIAG_ADDR_KEPT,			/* malformed address, socket kept */
	DIAG_REG_NO_HEADER,		/* .reg file without its header line */
	DIAG_HOST_NAME,			/* host name in data cleaned */
	DIAG_NO_HOST,			/* record names no host */
	DIAG_JSON_SYNTAX,		/* JSON malformed or cut short */
	DIAG_FIELD_MISSING,		/* a row lacks a field it needs */
	/* errors: the file could not be used */
	DIAG_OPEN,			/* cannot open or read */
	DIAG_NOT_FILE,			/* not a regular file */
	DIAG_UNIDENTIFIED,		/* content matches no collector */
	DIAG_TOO_BIG,			/* file over the size limit */
	DIAG_HIVE,			/* hive cannot be opened */
	DIAG_CHANGED,			/* changed while the audit ran */
	DIAG_KB,			/* knowledge base problem */
	DIAG_TEMPLATE,			/* wording template problem */
	DIAG_OUTPUT,			/* a report cannot be written */
	DIAG_BASELINE,			/* --baseline file cannot be used */
	DIAG_HISTORY,			/* --history database cannot be used */
	DIAG__MAX
};

struct diagmsg {
	enum diagcode	 code;
	enum diaglevel	 level;
	const char	*id;		/* short stable name, e.g. line-unknown */
	const char	*text;
};

extern const struct diagmsg diag_table[DIAG__MAX];
extern unsigned long diag_max_per_file;	/* 0: unlimited */
extern enum diaglevel diag_worst;	/* worst level raised so far */
extern int diag_quiet;			/* -q: print nothing */
extern int diag_progress;		/* a progress line is on stderr */
/* Where the calling thread's messages go instead of stderr (NULL: there):
 * a worker keeps them to be shown in input order. */
extern _Thread_local FILE *diag_to;

/*
 * Raise a diagnostic for an input (NULL: the program itself) at a line
 * (0: the whole file).  Prints "portaudit: FILE:LINE: level: text: detail"
 * unless the file's cap is reached; always counts.
 */
void		 diag(struct input *, unsigned, enum diagcode, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
void		 vdiag(struct input *, unsigned, enum diagcode, const char *,
		    va_list);
/* Print "N more diagnostics not shown" for an input when the cap hid some. */
void		 diag_input_done(struct input *);
const char	*diag_level_name(enum diaglevel);

/* decode.c: bytes on disk to UTF-8 text */

enum textenc {
	ENC_UTF8 = 0,		/* valid UTF-8 (or ASCII), no BOM */
	ENC_UTF8_BOM,
	ENC_UTF16LE,		/* with BOM */
	ENC_UTF16BE,
	ENC_UTF16LE_NOBOM,	/* guessed from the NUL pattern */
	ENC_UTF16BE_NOBOM,
	ENC_LEGACY		/* 8-bit, not valid UTF-8: needs a code page */
};

/* What the raw bytes are. */
enum textenc	 decode_detect(const unsigned char *, size_t);
const char	*decode_enc_name(enum textenc);
/*
 * Convert raw bytes from charset to a malloc'd, NUL-terminated UTF-8 text;
 * undecodable bytes become U+FFFD and are counted in *nbad.
 */
char		*decode_convert(const unsigned char *, size_t, const char *,
		    size_t *, unsigned long *);
/* Replace NUL bytes by blanks in text[0..len); returns how many. */
unsigned long	 decode_nuls(char *, size_t);

#endif /* PORTAUDIT_H */
