/*
 * Helpers for the Check suites: read a sample or a fixture through the same
 * pipeline as `portaudit inspect`, and find records in the result.
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
/* A collector's sniff score for a file's bytes, read with tu_slurp(). */
int		 tu_sniff_file(const struct collector *, const char *);
/* n reproducible pseudo-random bytes (an LCG started at seed). */
void		 tu_noise(void *, size_t, unsigned);

/*
 * A shell command line with a leading "./portaudit" replaced by
 * $PORTAUDIT when set (the sanitizer build); malloc'd.
 */
char		*tu_shell(const char *);

/* Audits (for the analysis suites) */
struct audit;
struct finding;
struct hostinfo;
/*
 * Audit the paths (NULL-terminated) with an optional policy and manifest,
 * as portaudit audit does; SOURCE_DATE_EPOCH decides "today".
 */
struct audit	*tu_audit(const char *const *, const char *, const char *);
void		 tu_audit_free(struct audit *);
/* The first finding of rule on host (NULL: any) at port (-1: any). */
struct finding	*tu_finding(const struct audit *, const char *, const char *,
		    int);
int		 tu_nfindings(const struct audit *, const char *, const char *);
/* Write files into a new temporary fleet: "SITE/HOST/file", text, ... NULL;
 * returns the fleet folder. */
const char	*tu_fleet(const char *, ...);
/* tu_audit() of one folder or file with an optional policy. */
struct audit	*tu_audit_dir(const char *, const char *);
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
#endif /* TESTUTIL_H */
