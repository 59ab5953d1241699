/*
 * The collector interface: one const struct collector per input format,
 * gathered in collectors.c.  Included only by the collectors, main.c, the
 * cmd_ files and the tests.
 *
 * A collector walks its input line by line with parse_next_line() and must
 * account for every line exactly once:
 *   - rec_add() on the current line makes it a record line;
 *   - parse_known() marks it a recognised non-record line (header, banner,
 *     blank, continuation, unix-socket section, owner line of a socket);
 *   - parse_unparsed() makes it an unparsed record with a diagnostic.
 * A line left unclassified when the next one is asked for is counted as
 * unparsed with DIAG_UNCLASSIFIED, so nothing is ever lost silently.
 */
#ifndef COLLECTOR_H
#define COLLECTOR_H

struct parse;

struct collector {
	const char	*name;		/* --type name, e.g. "netstat-win" */
	const char	*family;	/* what --type accepts too, e.g. "netstat" */
	const char	*legacy;	/* iconv charset for non-UTF-8 bytes */
	const char	*summary;	/* one line for --help and the man page */
	/* 0 (not this format) .. 100 (certain), from the first bytes. */
	int		(*sniff)(const char *, size_t);
	/* Parse the whole input; returns the number of unparsed lines. */
	int		(*parse)(struct parse *);
	/* Binary formats read the path themselves (hives); text ones NULL. */
	int		 binary;
};

/* The parse context handed to a collector. */
struct parse {
	struct fleet	*fleet;
	struct input	*in;
	const char	*file;		/* what a binary collector opens:
					   in->path, or a copy of memory */
	char		*pos;		/* next unread byte of in->buf */
	char		*end;
	char		*line;		/* current line, NUL-terminated */
	size_t		 len;		/* its length */
	unsigned	 lineno;	/* 1-based */
	int		 cls;		/* how the current line is accounted */
	int		 cr_only;	/* old Mac line ends: split on CR */
	void		*state;		/* the collector's own */
	struct input	*rin;		/* where records go: in, or the
					   sub-input of the host last set */
	struct parse_hosts *hosts;	/* sub-inputs by host (parse.c) */
	int		 kb_locked;	/* holds the knowledge base */
	struct arena_mark vmark;	/* the registry value being read: its
					   first block (parse_value_begin()) */
	struct record	*vlast;		/* the last record before it */
	unsigned long	 vdiag;		/* the diagnostics before it */
	int		 vopen;
	const char	*icache[64];	/* interned last (parse.c) */
	size_t		 icachen[64];	/* their lengths */
};

extern const struct collector *const collector_table[];
extern const size_t collector_count;
/* Inputs larger than this many bytes are skipped (DIAG_TOO_BIG); 1 GiB,
 * or $PORTAUDIT_MAX_FILE (main.c). */
extern size_t collect_max_file;

/* The collector named (name or family); NULL when none. */
const struct collector *collector_find(const char *);
/*
 * The best collector for these bytes among those matching want (NULL: all);
 * NULL when none scores above 0.
 */
const struct collector *collector_sniff(const char *, size_t, const char *want);
/*
 * The most c's sniffer can score for these bytes (sniff.c): collector_sniff()
 * asks a sniffer only while its ceiling can beat the best score so far.
 */
int		 sniff_ceiling(const struct collector *, const char *, size_t);

/*
 * Read, decode, identify (type NULL: sniff; else a collector name or family)
 * and parse one file into the fleet, for host (NULL: the file's folder
 * name).  Returns the input; its status says whether it was read.
 */
struct input	*collector_read(struct fleet *, const char *, const char *,
		    const char *);
/*
 * The same for len bytes in memory, named name (its folder names the host);
 * a hive is handed to hivex through a memfd copy.
 */
struct input	*collector_read_mem(struct fleet *, const char *, const void *,
		    size_t, const char *);
/* The same for an input the caller placed in the fleet and a host. */
void		 collect_input(struct fleet *, struct input *, const char *);
/* A new input for path, belonging to host. */
struct input	*collect_new_input(struct fleet *, const char *, struct host *);
/*
 * A sub-input of a multi-host input for another host: it holds that host's
 * records and stands in the host's inputs, not in the fleet's.
 */
struct input	*collect_sub_input(struct fleet *, struct input *,
		    struct host *);
/* collect_new_input() in two steps: made, then put in host and fleet. */
struct input	*collect_alloc_input(struct fleet *, const char *,
		    struct host *);
void		 collect_add_input(struct fleet *, struct input *);
/* Whether the format's files can hold many hosts (parse_set_host()). */
int		 collector_multihost(const struct collector *);
/* Whether the format lists sockets and nothing else (compact.c). */
int		 collector_socketlist(const struct collector *);
/*
 * Parse a compacted input again, whole, from its file, its accounting and
 * messages as they were; -1 (diagnosed) when the file cannot be read or
 * its bytes changed since (SHA-256).
 */
int		 collect_reread(struct fleet *, struct input *);
/* The input's decoded text read again (malloc'd, NUL-terminated, length
 * in *lenp), or NULL (diagnosed once) as for collect_reread(). */
char		*collect_text(struct fleet *, struct input *, size_t *);
/*
 * collect_input() in steps, for workers (fleetread.c): the bytes; their
 * hash; the earlier input with the same bytes (in input order; NULL: none);
 * its records and accounting shared; or the bytes parsed.
 */
unsigned char	*collect_raw(struct input *, const char *, size_t *);
void		 collect_hash(struct fleet *, struct input *,
		    const unsigned char *, size_t);
const struct input *collect_dedupe(struct fleet *, struct input *,
		    const char *);
void		 collect_share(struct fleet *, struct input *,
		    const struct input *);
void		 collect_parse(struct fleet *, struct input *, unsigned char *,
		    size_t, const char *, int);
/*
 * collect_parse() in two steps: the collector of the bytes (decoded into
 * in->buf unless binary; NULL, said and consumed, when none), then the
 * parse (raw used only by a binary collector).
 */
const struct collector *collect_identify(struct fleet *, struct input *,
		    unsigned char *, size_t, const char *);
void		 collect_run(struct fleet *, struct input *,
		    const struct collector *, unsigned char *, size_t, int);

/* parse.c: the line walk and record accounting */

void		 parse_init(struct parse *, struct fleet *, struct input *);
unsigned long	 parse_count_lines(const struct input *);
/* Next line, NUL-terminated, without its terminator; NULL at the end. */
char		*parse_next_line(struct parse *, size_t *);
/* Finish: account the last line, print capped-diagnostic summary. */
void		 parse_finish(struct parse *);
/* Take the knowledge base for the input being parsed (kb.c; inputs are
 * parsed side by side in worker threads); parse_finish() lets it go. */
void		 parse_lock_kb(struct parse *);
void		 parse_known(struct parse *);
/* Make the current line an unparsed record and raise code with detail. */
void		 parse_unparsed(struct parse *, int code, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/*
 * The same without a diagnostic: for the lines after the first of a
 * construct that was said to be broken once (a JSON value cut short).
 */
void		 parse_unparsed_quiet(struct parse *, int);
/* Raise a diagnostic on the current line without classifying it. */
void		 parse_warn(struct parse *, int code, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/* Append a zeroed record of kind for the current line (classifies it). */
struct record	*rec_add(struct parse *, enum rkind);
/* Append a record for an earlier line (multi-line constructs). */
struct record	*rec_add_at(struct parse *, enum rkind, unsigned, const char *);
/*
 * Records of the current line and the lines after it belong to the host
 * named name[0..len) (a record's own host, e.g. PSComputerName or
 * hostIdentifier), not to the input's folder; len 0 or NULL: back to the
 * input's own host.  The input's lines are still accounted once, in the
 * input itself.
 */
void		 parse_set_host(struct parse *, const char *, size_t);
/* This thread parses beside others (1) or alone (0): see parse.c. */
void		 parse_set_beside(int);
/* Copy a string into the fleet's arena / intern a repeated one. */
char		*parse_strndup(struct parse *, const char *, size_t);
const char	*parse_intern(struct parse *, const char *, size_t);

/* kb.c: registry knowledge base (settings.csv) */

/*
 * Called by every registry collector for each value record it adds; the
 * knowledge base appends the setting and range records the value implies,
 * on the same line.  kb_finish() emits what needs several values (the RPC
 * Internet pool) once the input is done.
 */
int		 kb_regvalue(struct parse *, const struct record *);
/*
 * Around a registry value, from its first block to kb_regvalue()'s word
 * (1: it used the value): a value nobody reads is let go, its blocks given
 * back (fleet->keep_value), though its line stays a record line.
 */
void		 parse_value_begin(struct parse *);
void		 parse_value_end(struct parse *, struct record *, int);
void		 kb_finish(struct parse *);

/* osreg.c: the host's OS from HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion */

struct osreg;
struct osreg	*osreg_new(void);
void		 osreg_free(struct osreg *);
/* Note a value of the input being read (kb_regvalue() calls it); 1 when
 * it is one of the OS values, kept until osreg_finish(). */
int		 osreg_value(struct osreg *, struct parse *, const struct record *);
/* Name the host's OS from the values of that input (kb_finish()). */
void		 osreg_finish(struct osreg *, struct parse *);

/* Cheap bounds on some sniffers' scores (sniff.c). */
int		 reg_export_sniff_ceiling(const char *, size_t);
int		 reg_query_sniff_ceiling(const char *, size_t);
int		 iana_csv_sniff_ceiling(const char *, size_t);

/* The collectors. */
extern const struct collector collector_netstat_win;
extern const struct collector collector_netstat_linux;
extern const struct collector collector_netstat_bsd;
extern const struct collector collector_ss;
extern const struct collector collector_reg_export;
extern const struct collector collector_reg_query;
extern const struct collector collector_reg_hive;
extern const struct collector collector_services;
extern const struct collector collector_iana_csv;
extern const struct collector collector_ranges_netsh;
extern const struct collector collector_ranges_sysctl;
extern const struct collector collector_osinfo;
extern const struct collector collector_ps_table;
extern const struct collector collector_ps_list;
extern const struct collector collector_ps_csv;
extern const struct collector collector_ps_json;
extern const struct collector collector_osquery;
extern const struct collector collector_velociraptor;
extern const struct collector collector_tcpvcon;
extern const struct collector collector_currports;

#endif /* COLLECTOR_H */
