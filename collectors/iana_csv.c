/*
 * iana_csv: IANA's service-names-port-numbers.csv (port-facts.md 6), read
 * with libcsv in strict mode.  The header row (the 11th column is called
 * "Unauthorized Use Reported", or "Known Unauthorized Uses" in older
 * copies) is a known line, but not required: a copy cut in two still
 * parses when its rows have the 12-column shape.  Each row becomes one
 * REC_SERVICE record: the name (NULL on Reserved and Unassigned rows), the
 * port or range ("43192-43209"; -1 when empty, for names registered for
 * DNS-SD only), the protocol (tcp, udp, sctp, dccp or none) and the
 * description as the comment.
 *
 * Rows end with CRLF, but quoted fields hold bare line feeds, so a row may
 * cover several physical lines.  Lines are fed to libcsv one at a time;
 * when a row is still open at the end of its first line, the following
 * lines are read ahead in the buffer until the row closes, so the first
 * line can be judged before the walk moves on: it carries the record (its
 * text and number) and the rest of the row are known lines.  A quote still
 * open at the end of the file makes every line of that row unparsed; one
 * that stays open for too long only costs its first line, and parsing
 * starts afresh on the next.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define IANA_CSV_NCOL		12
#define IANA_CSV_OPTS		CSV_STRICT	/* EOF is seen ahead */
#define IANA_CSV_MAXLINES	1000		/* lines one row may span */
#define IANA_CSV_MAXBYTES	(1024 * 1024)	/* bytes one row may span */
#define IANA_CSV_SNIFF_MAX	(16 * 1024)
#define IANA_CSV_SHOW		40		/* chars of a field shown */
#define IANA_CSV_OLD11		"Known Unauthorized Uses"  /* older 11th */

/* How reading a row ended. */
enum iana_csv_end {
	IANA_CSV_ROW = 0,		/* the row is complete */
	IANA_CSV_SYNTAX,		/* strict-mode error */
	IANA_CSV_EOF,			/* quote open at the end of the file */
	IANA_CSV_LONG			/* quote open beyond the limits */
};

struct iana_csv_state {
	struct csv_parser	 csv;
	char			*buf;		/* field texts of the row */
	size_t			 buflen;
	size_t			 bufcap;
	size_t			 off[IANA_CSV_NCOL];
	size_t			 flen[IANA_CSV_NCOL];
	int			 nfields;	/* may exceed IANA_CSV_NCOL */
	int			 row_done;
	size_t			 bytes;		/* fed for this row */
};

static const char *const iana_csv_header[IANA_CSV_NCOL] = {
	"Service Name", "Port Number", "Transport Protocol", "Description",
	"Assignee", "Contact", "Registration Date", "Modification Date",
	"Reference", "Service Code", "Unauthorized Use Reported",
	"Assignment Notes"
};

/* libcsv ends rows on line feeds only: a stray CR is data. */
static int
iana_csv_isterm(unsigned char c)
{
	return (c == '\n');
}

/* libcsv field callback: keep the first IANA_CSV_NCOL fields. */
static void
iana_csv_field(void *s, size_t n, void *data)
{
	struct iana_csv_state	*st = data;
	int			 i = st->nfields++;

	if (i >= IANA_CSV_NCOL)
		return;
	if (st->buflen + n > st->bufcap) {
		st->bufcap = (st->buflen + n) * 2 + 256;
		st->buf = xrealloc(st->buf, st->bufcap);
	}
	if (n > 0)
		memcpy(st->buf + st->buflen, s, n);
	st->off[i] = st->buflen;
	st->flen[i] = n;
	st->buflen += n;
}

/* libcsv row callback. */
static void
iana_csv_rowend(int c, void *data)
{
	struct iana_csv_state	*st = data;

	(void)c;
	st->row_done = 1;
}

static void
iana_csv_reset(struct iana_csv_state *st)
{
	csv_free(&st->csv);
	csv_init(&st->csv, IANA_CSV_OPTS);
	csv_set_term_func(&st->csv, iana_csv_isterm);
}

/* Feed one physical line and its line end; 0, or -1 on a syntax error. */
static int
iana_csv_feed(struct iana_csv_state *st, const char *s, size_t n)
{
	st->bytes += n + 1;
	if (csv_parse(&st->csv, s, n, iana_csv_field, iana_csv_rowend, st) !=
	    n)
		return (-1);
	if (csv_parse(&st->csv, "\n", 1, iana_csv_field, iana_csv_rowend,
	    st) != 1)
		return (-1);
	return (0);
}

/* Field i, trimmed; its length in *n.  A row of empty fields may have
 * left st->buf NULL: no pointer arithmetic on it. */
static const char *
iana_csv_get(struct iana_csv_state *st, int i, size_t *n)
{
	*n = st->flen[i];
	if (*n == 0)
		return ("");
	return (scan_trim(st->buf + st->off[i], n, SCAN_SPACE));
}

static int
iana_csv_is_header(struct iana_csv_state *st)
{
	const char	*s;
	size_t		 n;
	int		 i;

	for (i = 0; i < IANA_CSV_NCOL; i++) {
		s = iana_csv_get(st, i, &n);
		if (scan_caseeq(s, n, iana_csv_header[i]) ||
		    (i == 10 && scan_caseeq(s, n, IANA_CSV_OLD11)))
			continue;
		return (0);
	}
	return (1);
}

/* "80" or "43192-43209" into first and last; 0, or the diag code raised. */
static int
iana_csv_ports(struct parse *p, const char *s, size_t n, int *first,
    int *last)
{
	const char	*dash, *errstr;
	int		 show = n > IANA_CSV_SHOW ? IANA_CSV_SHOW : (int)n;

	dash = n > 1 ? memchr(s + 1, '-', n - 1) : NULL;
	if (util_parse_port(s, dash == NULL ? n : (size_t)(dash - s), first,
	    &errstr) == -1 || (dash != NULL && util_parse_port(dash + 1,
	    n - (dash + 1 - s), last, &errstr) == -1)) {
		parse_unparsed(p, DIAG_BAD_PORT, "%.*s", show, s);
		return (DIAG_BAD_PORT);
	}
	if (dash == NULL)
		*last = *first;
	else if (*first > *last) {
		parse_unparsed(p, DIAG_BAD_RANGE, "%.*s", show, s);
		return (DIAG_BAD_RANGE);
	}
	return (0);
}

/* Fill the record's protocol from s[0..n), lowercased and interned. */
static void
iana_csv_proto(struct parse *p, struct servicerec *svc, const char *s,
    size_t n)
{
	char	 low[32];
	size_t	 i;

	if (n == 0) {
		svc->proto = PROTO_NONE;
		return;
	}
	if (n >= sizeof(low)) {
		svc->proto = PROTO_OTHER;
		svc->proto_name = parse_intern(p, s, n);
		return;
	}
	for (i = 0; i < n; i++)
		low[i] = scan_tolower(s[i]);
	svc->proto = proto_from(low, n);
	svc->proto_name = parse_intern(p, low, n);
}

/* A data row: one REC_SERVICE record; 0, or the diag code raised. */
static int
iana_csv_service(struct parse *p, struct iana_csv_state *st)
{
	struct record	*r;
	const char	*name, *port, *proto, *desc;
	size_t		 namelen, portlen, protolen, desclen;
	int		 first = -1, last = -1, code;

	name = iana_csv_get(st, 0, &namelen);
	port = iana_csv_get(st, 1, &portlen);
	proto = iana_csv_get(st, 2, &protolen);
	desc = iana_csv_get(st, 3, &desclen);
	if (portlen > 0 &&
	    (code = iana_csv_ports(p, port, portlen, &first, &last)) != 0)
		return (code);
	if (namelen == 0 && portlen == 0) {
		parse_unparsed(p, DIAG_LINE_UNKNOWN,
		    "neither a service name nor a port");
		return (DIAG_LINE_UNKNOWN);
	}
	r = rec_add(p, REC_SERVICE);
	if (namelen > 0)
		r->u.svc.name = parse_intern(p, name, namelen);
	r->u.svc.port = first;
	r->u.svc.port_last = last;
	r->u.svc.frequency = -1;
	iana_csv_proto(p, &r->u.svc, proto, protolen);
	if (desclen > 0)
		r->u.svc.comment = parse_strndup(p, desc, desclen);
	return (0);
}

/* A complete row on the current line; 0, or the diag code raised. */
static int
iana_csv_row(struct parse *p, struct iana_csv_state *st)
{
	if (st->nfields != IANA_CSV_NCOL) {
		parse_unparsed(p, DIAG_CSV_COLUMNS, "%d columns, expected %d",
		    st->nfields, IANA_CSV_NCOL);
		return (DIAG_CSV_COLUMNS);
	}
	if (iana_csv_is_header(st)) {
		parse_known(p);
		return (0);
	}
	return (iana_csv_service(p, st));
}

/*
 * The row is open at the end of the current line: feed the lines after
 * it, straight from the buffer (split as parse_next_line() will split
 * them), until it closes.  *extra is how many lines the row took.
 */
static enum iana_csv_end
iana_csv_ahead(struct parse *p, struct iana_csv_state *st, size_t *extra)
{
	const char	*q = p->pos, *nl;
	size_t		 l, n = 0;
	int		 eol = p->cr_only ? '\r' : '\n';

	*extra = 0;
	for (;;) {
		if (q >= p->end) {
			*extra = n;
			return (IANA_CSV_EOF);
		}
		if (n >= IANA_CSV_MAXLINES || st->bytes > IANA_CSV_MAXBYTES)
			return (IANA_CSV_LONG);
		if ((nl = memchr(q, eol, p->end - q)) == NULL)
			nl = p->end;
		l = nl - q;
		if (!p->cr_only && l > 0 && q[l - 1] == '\r')
			l--;
		n++;
		if (iana_csv_feed(st, q, l) == -1) {
			*extra = n;
			return (IANA_CSV_SYNTAX);
		}
		if (st->row_done) {
			*extra = n;
			return (IANA_CSV_ROW);
		}
		q = nl + 1;
	}
}

/* Account the lines the row took after its first: known or unparsed. */
static void
iana_csv_rest(struct parse *p, size_t extra, int code)
{
	unsigned	 first = p->lineno;
	size_t		 i;

	for (i = 0; i < extra && parse_next_line(p, NULL) != NULL; i++) {
		if (code == 0)
			parse_known(p);
		else
			parse_unparsed(p, code,
			    "line %zu of the row at line %u", i + 2, first);
	}
}

/* Read the row that starts on the current line. */
static void
iana_csv_record(struct parse *p, struct iana_csv_state *st, const char *line,
    size_t len)
{
	enum iana_csv_end	 how = IANA_CSV_ROW;
	size_t			 extra = 0;
	int			 code;

	st->nfields = 0;
	st->buflen = 0;
	st->row_done = 0;
	st->bytes = 0;
	if (iana_csv_feed(st, line, len) == -1)
		how = IANA_CSV_SYNTAX;
	else if (!st->row_done)
		how = iana_csv_ahead(p, st, &extra);
	code = DIAG_CSV_SYNTAX;
	switch (how) {
	case IANA_CSV_ROW:
		code = iana_csv_row(p, st);
		break;
	case IANA_CSV_SYNTAX:
		parse_unparsed(p, DIAG_CSV_SYNTAX, "quote inside an unquoted "
		    "field, or text after a closing quote");
		break;
	case IANA_CSV_EOF:
		parse_unparsed(p, DIAG_CSV_SYNTAX, "quoted field still open "
		    "at the end of the file");
		break;
	case IANA_CSV_LONG:
		parse_unparsed(p, DIAG_CSV_SYNTAX, "quoted field not closed "
		    "within %d lines or %d bytes, read on after this line",
		    IANA_CSV_MAXLINES, IANA_CSV_MAXBYTES);
		break;
	}
	if (how != IANA_CSV_ROW)
		iana_csv_reset(st);
	iana_csv_rest(p, extra, code);
}

static int
iana_csv_parse(struct parse *p)
{
	struct iana_csv_state	 st;
	char			*line;
	size_t			 len;

	memset(&st, 0, sizeof(st));
	csv_init(&st.csv, IANA_CSV_OPTS);
	csv_set_term_func(&st.csv, iana_csv_isterm);
	while ((line = parse_next_line(p, &len)) != NULL) {
		if (scan_span(line, len, SCAN_SPACE) == len)
			parse_known(p);
		else
			iana_csv_record(p, &st, line, len);
	}
	csv_free(&st.csv);
	free(st.buf);
	return ((int)p->in->lines_unparsed);
}

/* Does the field s[0..n) hold a port, a range or nothing? */
static int
iana_csv_sniff_port(const char *s, size_t n)
{
	size_t	 i, dashes = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '-' && i > 0 && dashes++ == 0)
			continue;
		if (!scan_isdigit(s[i]))
			return (0);
	}
	return (n < 12);
}

/* "name,port,proto," with at least 11 commas on the line. */
static int
iana_csv_sniff_row(const char *s, size_t n)
{
	static const char *const protos[] = { "", "tcp", "udp", "sctp",
	    "dccp" };
	const char	*c[3];
	size_t		 i, k = 0, commas = 0, pl;

	if (n == 0 || *s == '"' || *s == '#')
		return (0);
	for (i = 0; i < n; i++)
		if (s[i] == ',') {
			if (k < 3)
				c[k++] = s + i;
			commas++;
		}
	if (commas < 11 || !iana_csv_sniff_port(c[0] + 1, c[1] - c[0] - 1))
		return (0);
	pl = c[2] - c[1] - 1;
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (scan_caseeq(c[1] + 1, pl, protos[i]))
			return (1);
	return (0);
}

/* Whether the registry's header starts the bytes (past a BOM). */
static int
iana_csv_sniff_head(const char *s, size_t len)
{
	static const char	 head[] = "Service Name,Port Number,"
	    "Transport Protocol";

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	return (scan_caseprefix(s, len, head));
}

static int
iana_csv_sniff(const char *buf, size_t len)
{
	const char		*s = buf, *end, *nl;
	int			 lines = 0, rows = 0;

	if (iana_csv_sniff_head(buf, len))
		return (100);
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len > IANA_CSV_SNIFF_MAX)
		len = IANA_CSV_SNIFF_MAX;
	end = s + len;
	for (; s < end && lines < 200; s = nl + 1) {
		if ((nl = memchr(s, '\n', end - s)) == NULL)
			break;		/* a cut last line says nothing */
		lines++;
		rows += iana_csv_sniff_row(s, nl - s);
	}
	if (rows >= 3 && rows * 2 >= lines)
		return (90);
	return (rows >= 1 && rows * 2 >= lines ? 60 : 0);
}

/* The most iana_csv_sniff() can score: 100 needs the header. */
int
iana_csv_sniff_ceiling(const char *buf, size_t len)
{
	return (iana_csv_sniff_head(buf, len) ? 100 : 90);
}

const struct collector collector_iana_csv = {
	"iana-csv", "services", "CP1252",
	"IANA service-names-port-numbers.csv",
	iana_csv_sniff, iana_csv_parse, 0
};
