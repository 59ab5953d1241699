/*
 * Rows of the fleet tools' exports (osquery, Velociraptor, tcpvcon,
 * CurrPorts): a socket given as named text fields becomes a socket record
 * (sockrow.c), JSON documents and JSON lines are walked object by object
 * with their lines accounted (jsonrow.c), and delimited rows are split
 * with libcsv (csvrow.c).  Included after portaudit.h and collector.h by
 * those collectors and their tests.
 */
#ifndef ROWS_H
#define ROWS_H

#include <jansson.h>

/* sockrow.c */

/* A socket as a tool writes it, each field NUL-terminated text or NULL. */
struct sockrow {
	const char	*proto;		/* "6", "17", "TCP", "UDPv6", ... */
	const char	*family;	/* "2", "10", "23", "IPv4", ... */
	const char	*laddr;
	const char	*lport;
	const char	*raddr;		/* NULL: not shown */
	const char	*rport;
	const char	*state;		/* any tool's state word */
	const char	*pid;		/* "-1" or empty: no owner */
	const char	*process;
	int		 listener;	/* a table of listeners: TCP listens */
	int		 names;		/* ports may be service names */
	const char	*text;		/* evidence text; NULL: the line */
};

/*
 * Add the socket record for the current line (into *rp unless NULL): 1
 * when added, 0 when the row is no TCP/UDP endpoint (AF_UNIX, raw, ICMP:
 * nothing added, the line known unless already accounted), -1 when it
 * cannot be used (the line is unparsed, diagnosed).
 */
int		 sockrow_add(struct parse *, const struct sockrow *,
		    struct record **);
/* The state a tool's word names (case, blanks, '_' and '-' ignored);
 * 0, or -1 when the word is unknown. */
int		 sockrow_state(const char *, enum sockstate *);

/* jsonrow.c */

/*
 * Called for each JSON object of the input, on the line where it starts;
 * text is the object written compactly when it spans several lines (the
 * records' evidence), else NULL.
 */
typedef void	(*jsonrow_fn)(struct parse *, json_t *, const char *, void *);

/*
 * Walk the input as JSON: one or more documents, an array of objects, or
 * JSON lines, in any mix, with glog lines before them.  Each object (each
 * element of a top-level array) goes to fn on its first line; its other
 * lines are known lines.  A value that does not parse makes its lines
 * unparsed (DIAG_JSON_SYNTAX); lines that are not JSON are unparsed.
 */
void		 jsonrow_walk(struct parse *, jsonrow_fn, void *);
/*
 * A member as text: a string as it is, a number or boolean written out
 * into buf (size n), NULL when absent, null, an object or an array.
 */
const char	*jsonrow_str(const json_t *, const char *, char *, size_t);
/* The first of several member names that is present, as jsonrow_str(). */
const char	*jsonrow_any(const json_t *, const char *const *, char *,
		    size_t);
/* A JSON value written compactly, in the fleet's arena (NULL: none). */
const char	*jsonrow_dump(struct parse *, const json_t *);
/* Whether a JSON text's first bytes (after glog lines) open a document. */
int		 jsonrow_sniff_start(const char *, size_t);

/* csvrow.c */

#define CSVROW_MAXF	64

/* One delimited row, split by libcsv; fields are NUL-terminated. */
struct csvrow {
	char	*f[CSVROW_MAXF];
	int	 n;			/* fields (capped at CSVROW_MAXF) */
	int	 over;			/* fields beyond the cap */
	char	*buf;			/* field texts */
	size_t	 len;
	size_t	 cap;
	size_t	 off[CSVROW_MAXF];
};

/*
 * Split one line at delim (',', '|', '\t') into r; 0, or -1 when the line
 * is not a complete CSV row (an unterminated quote).
 */
int		 csvrow_split(struct csvrow *, const char *, size_t, int);
void		 csvrow_free(struct csvrow *);
/* The index of the field named name (case ignored) in a header row, or
 * -1. */
int		 csvrow_col(const struct csvrow *, const char *);
/* Field i of r, or NULL when the row is shorter or i is -1. */
const char	*csvrow_get(const struct csvrow *, int);

/* A delimited table: its header row, then rows named by it. */
struct csvtab {
	struct csvrow	 hdr;
	struct csvrow	 row;
	int		 have_hdr;
};

#define CSVTAB_SKIP_EMPTY	0x01	/* leave empty fields out */

/*
 * Read one line of a table: the first is its header (a known line); each
 * later one becomes a JSON object of the header's names and the row's
 * fields, which the caller releases.  NULL when the line was the header
 * or was unparsed (a syntax error, or not as many fields as the header),
 * with its diagnostic.
 */
json_t		*csvtab_line(struct parse *, struct csvtab *, const char *,
		    size_t, int, int);
void		 csvtab_free(struct csvtab *);

#endif /* ROWS_H */
