/*
 * Helpers for the Check suites: read a sample or a fixture through the same
 * pipeline as `portaudit inspect` and find records in the result, audit
 * small fleets and find their findings, and read the reports back.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <check.h>

#include "portaudit.h"

/* Read, sniff (type NULL) or force type, parse; the fleet owns *inp. */
struct fleet	*tu_parse_file(const char *, const char *, struct input **);
/* The same for an in-memory fixture, written to a temporary file. */
struct fleet	*tu_parse_text(const char *, size_t, const char *,
		    struct input **);
/* Path of ../shared/samples/REL; fails the test when it is missing. */
const char	*tu_sample(const char *);
/* Path of tests/fixtures/REL; fails the test when it is missing. */
const char	*tu_fixture(const char *);
/* The n-th (0-based) record of a kind, or NULL. */
struct record	*tu_nth(struct input *, enum rkind, int);
int		 tu_count(struct input *, enum rkind);
/* The first socket with this proto, local address and port, or NULL. */
struct record	*tu_find_sock(struct input *, enum proto, const char *, int);
/*
 * The input holding a multi-host input's records for the host named (by
 * its exact name): the input itself for its own host, else its sub-input;
 * NULL when it fed no such host.
 */
struct input	*tu_sub(struct input *, const char *);
/* Assert the line accounting adds up. */
void		 tu_assert_accounting(const struct input *);
/* Write bytes to a new temporary file; returns its path (static buffer). */
const char	*tu_write_temp(const void *, size_t, const char *);

/* Collector suites */
struct collector;
/* Run the suite; the exit status for main(): 0 when every test passed. */
int		 tu_run_suite(Suite *);
/*
 * tu_parse_file() and insist that the collector named coll read the file:
 * status OK, line accounting adding up.
 */
struct fleet	*tu_read(const char *, const char *, const char *,
		    struct input **);
/* The same for an in-memory fixture read as the collector named coll. */
struct fleet	*tu_read_text(const char *, size_t, const char *,
		    struct input **);
/* Assert the line accounting: total, record, known and unparsed lines. */
void		 tu_assert_lines(const struct input *, unsigned long,
		    unsigned long, unsigned long, unsigned long);
/* The diagnostic code of the unparsed record on a line, or -1. */
int		 tu_unparsed_code(const struct input *, unsigned);
/* Sockets with this proto, family and state; -1 matches any. */
int		 tu_count_socks(struct input *, int, int, int);
/* The n-th socket, checked: proto, family, addresses, ports, state. */
const struct sockrec *tu_assert_sock(struct input *, int, enum proto,
		    enum family, const char *, int, const char *, int,
		    enum sockstate);
/* A socket's owner: pid and process, and no service. */
void		 tu_assert_owner(const struct sockrec *, long, const char *);
/* The n-th range record, checked field by field, and its line. */
void		 tu_assert_range(struct input *, int, enum rwhat, enum proto,
		    enum family, int, int, int, const char *, unsigned);
/* A file's bytes in a buffer of exactly their size (no NUL); free it. */
void		*tu_slurp(const char *, size_t *);
/* A file's bytes, NUL-terminated; their length unless NULL; free it. */
char		*tu_slurp_text(const char *, size_t *);
/* A collector's sniff score for a file's bytes, read with tu_slurp(). */
int		 tu_sniff_file(const struct collector *, const char *);
/* n reproducible pseudo-random bytes (an LCG started at seed). */
void		 tu_noise(void *, size_t, unsigned);

/*
 * A shell command line with a leading "./portaudit" replaced by
 * $PORTAUDIT when set (the sanitizer build); malloc'd.
 */
char		*tu_shell(const char *);
/*
 * Run a command line of portaudit ("./portaudit" as tu_shell() replaces
 * it) with its output discarded; its exit status.  A binary outside the
 * tree (the sanitizer build) is told the tree's data folder.
 */
int		 tu_run_quiet(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
/* The standard output of a command line (malloc'd); it must exit 0. */
char		*tu_output(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
/* A new folder's "out" inside it, removed with the temporary folders. */
const char	*tu_outdir(void);
/* Run a shell command line; its exit status (-1 when it did not exit). */
int		 tu_system(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

/* Audits (for the analysis suites) */
struct audit;
struct finding;
struct hostinfo;
/*
 * Audit the paths (NULL-terminated) with an optional policy and manifest,
 * as portaudit audit does; SOURCE_DATE_EPOCH decides "today".
 */
struct audit	*tu_audit(const char *const *, const char *, const char *);
/* Whether tu_audit() compacts socket lists as the audit command does (1). */
extern int	 tu_compact;
/* Whether tu_audit() parks what compaction keeps as the audit command
 * does (0: keeps it in memory, for suites that read a host's sockets
 * after the rules; 1: each host's sockets are read back for its analysis
 * only, ranges_sockets()). */
extern int	 tu_park;
/* Called by tu_audit() between loading the fleet and the rules. */
extern void	(*tu_between)(struct audit *);
void		 tu_audit_free(struct audit *);
/* The first finding of rule (NULL: any) on host (NULL: any) at port
 * (-1: any). */
struct finding	*tu_finding(const struct audit *, const char *, const char *,
		    int);
/* tu_finding() that must exist, with this severity (enum severity). */
struct finding	*tu_expect(const struct audit *, const char *, const char *,
		    int, int);
int		 tu_nfindings(const struct audit *, const char *, const char *);
/* Write files into a new temporary fleet: "SITE/HOST/file", text, ... NULL;
 * returns the fleet folder. */
const char	*tu_fleet(const char *, ...);
/* Audit a fleet of one host, hq/DC01, a Windows Server 2012 R2 domain
 * controller whose registry export is the text given. */
struct audit	*tu_audit_dc01(const char *);
/* tu_audit() of one folder or file with an optional policy. */
struct audit	*tu_audit_dir(const char *, const char *);
/*
 * The example fleet with fleet tools' exports that hold many hosts each
 * (PowerShell CSV and JSON, an osquery log, a Velociraptor hunt), in a
 * folder of its own; its path (static).
 */
const char	*tu_fleet_exports(void);
/* A fleet of n hosts from bench/genfleet (a few sites, hundreds of
 * sockets a host), in a folder of its own; its path (static, 4 kept). */
const char	*tu_fleet_generated(int);
/* n hosts in sites of 20, each a copy of an example fleet's host (FS01,
 * LNX01, DC01 in turn): their socket lists are the same bytes, read once
 * and shared. */
const char	*tu_fleet_copies(int);
/* The finding of rule on host (NULL: any) at port (-1: any) for one proto. */
struct finding	*tu_finding_proto(const struct audit *, const char *,
		    const char *, int, enum proto);
/* Whether some evidence line of a finding holds the text. */
int		 tu_ev_has(const struct finding *, const char *);
/* The facts of the host of that name; fails the test when it is absent. */
const struct hostinfo *tu_host(const struct audit *, const char *);
/* A REGEDIT4 export pinning the Exchange DS to a port, in buf; buf. */
const char	*tu_reg_ds(char *, size_t, unsigned);

/* Pieces of the inputs the analysis suites write. */
#define TU_REG_HDR	"Windows Registry Editor Version 5.00\r\n\r\n"
#define TU_KEY_SVC(k)	"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\" \
			"Services\\" k "]\r\n"
#define TU_KEY_TS(k)	"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\" \
			"Control\\Terminal Server\\" k "]\r\n"
#define TU_KEY_MSMQ	"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSMQ\\" \
			"Parameters]\r\n"
#define TU_MANIFEST_HDR	"host,site,role,os\r\n"
#define TU_NETSTAT_ANO	"\r\nActive Connections\r\n\r\n" \
			"  Proto  Local Address          Foreign Address      " \
			"  State           PID\r\n"
#define TU_NETSTAT_AN	"\r\nActive Connections\r\n\r\n" \
			"  Proto  Local Address          Foreign Address      " \
			"  State\r\n"

/* Reports (for the render suites) */
struct report;
struct renderer;
struct json_t;
/* The SOURCE_DATE_EPOCH of the report suites: 2023-11-14. */
#define TU_EPOCH	"1700000000"
/*
 * Audit the paths with an optional policy on TU_EPOCH's date and fill *r
 * as tu_report() does; free both with tu_report_free().
 */
struct audit	*tu_report_audit(const char *const *, const char *,
		    struct report *);
/* A report of the audit as the renderers read it, rule texts loaded. */
void		 tu_report(struct report *, const struct audit *);
/* Every report but the PDF and the page (csv, json, sarif) of the audit
 * of paths, as tu_audit() makes it, concatenated; malloc'd. */
char		*tu_reports(const char *const *);
/* Free the report's rule texts, then the audit. */
void		 tu_report_free(struct audit *, struct report *);
/* A renderer's bytes (malloc'd, NUL-terminated); their length unless NULL. */
/*
 * A renderer is deterministic: the same report twice, and a second audit
 * of the same paths, give the same bytes, ending with a newline.
 */
void		 tu_assert_deterministic(const struct renderer *,
		    const char *const *);
char		*tu_emit(const struct renderer *, const struct report *,
		    size_t *);
/* A JSON object parsed from text; fails the test otherwise. */
struct json_t	*tu_json_parse(const char *);
/* The string or integer member key of an object; fails the test otherwise. */
const char	*tu_json_str(const struct json_t *, const char *);
long long	 tu_json_int(const struct json_t *, const char *);
/* Free a parsed document and its text, then tu_report_free(). */
void		 tu_json_done(struct audit *, struct report *, struct json_t *,
		    char *);
/*
 * A JSON renderer's bytes are those of the whole document built as one
 * tree by the same writer calls (build, as the documents were once made)
 * and dumped with JSON_INDENT(2) and JSON_PRESERVE_ORDER, and a newline;
 * jansson reads back that tree and writes it again as the same bytes.
 */
struct jsonw;
void		 tu_assert_json_as_tree(const struct renderer *,
		    void (*)(struct jsonw *, const struct report *),
		    const struct report *);
/*
 * tu_report_audit() of a fleet with no host (a README and an empty site
 * folder): no host, no finding, one path skipped.
 */
struct audit	*tu_report_no_hosts(struct report *);
/*
 * A renderer writing the report of paths to a full device fails, and says
 * the diagnostic want.  Skipped where there is no /dev/full.
 */
void		 tu_assert_write_error(const struct renderer *,
		    const char *const *, const char *);
/*
 * tu_report_audit() of paths with the findings.json of an audit of base
 * as its --baseline.
 */
struct audit	*tu_report_baseline(const char *const *, const char *const *,
		    struct report *);
/* n bytes as 2n lowercase hex digits and a NUL. */
void		 tu_hex(const unsigned char *, size_t, char *);
/* What sha256sum prints for a file: 64 hex digits and a NUL. */
void		 tu_sha256_file(const char *, char *);

/* CSV files the binary writes (for the suites that run it) */
#define TU_CSV_MAXF	32
/* Column indexes of findings.csv. */
enum {
	TU_FC_ID, TU_FC_SEVERITY, TU_FC_RULE, TU_FC_HOST, TU_FC_SITE,
	TU_FC_PROTO, TU_FC_PORT, TU_FC_SERVICE, TU_FC_TITLE, TU_FC_DETAIL,
	TU_FC_EVIDENCE, TU_FC_RECOMMENDATION, TU_FC__MAX
};
/* One row of a CSV file. */
struct tu_csv_row {
	char	*f[TU_CSV_MAXF];	/* the cells (malloc'd) */
	int	 n;			/* how many */
};
/* A CSV file read back with libcsv. */
struct tu_csv {
	struct tu_csv_row	*v;		/* the rows, header first */
	size_t			 n;
	struct tu_csv_row	 cur;		/* the row being read */
	int			 overflow;	/* a row over TU_CSV_MAXF */
};
/* Read a CSV file strictly with libcsv; free it with tu_csv_free(). */
void		 tu_csv_read(const char *, struct tu_csv *);
/* The same for the file name in the output folder dir. */
void		 tu_csv_report(const char *, const char *, struct tu_csv *);
void		 tu_csv_free(struct tu_csv *);
/* The first full findings row with rule, host and port (as the cells
 * read), or NULL. */
const struct tu_csv_row *tu_csv_finding(const struct tu_csv *, const char *,
		    const char *, const char *);
#endif /* TESTUTIL_H */
