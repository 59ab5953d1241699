/*
 * ps-csv: Get-NetTCPConnection or Get-NetUDPEndpoint piped to Export-Csv,
 * read with libcsv.  Windows PowerShell writes a first line
 * "#TYPE Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/
 * MSFT_NetTCPConnection" (Deserialized. in front through Invoke-Command)
 * unless -NoTypeInformation, which PowerShell 7 makes the default; then a
 * header naming every property, quoted, and one row per object.  An
 * unselected export carries the CIM bookkeeping columns too (Caption,
 * InstanceID, CimClass, CimInstanceProperties, ...), so columns are found
 * by name, never by place; -UseCulture separates with the locale's list
 * separator, so the header's most frequent separator of ',' ';' and tab
 * is the file's.  Through Invoke-Command each row carries PSComputerName,
 * and the row's socket belongs to that host.
 *
 * TCP or UDP: the row's CimClass, else the #TYPE line, else the columns (a
 * State or RemotePort column means connections).  A row whose quoted
 * field holds line feeds covers several lines: the socket is on its first
 * line, the others are known lines (the way iana_csv reads ahead).  A new
 * #TYPE line, or a row that repeats the header, starts a new table.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "ps.h"

#define PS_CSV_MAXCOL		512		/* columns of a header */
#define PS_CSV_MAXLINES		1000		/* lines one row may span */
#define PS_CSV_MAXBYTES		(1024 * 1024)	/* bytes one row may span */
#define PS_CSV_SNIFF_LINES	8
#define PS_CSV_BLK		(64 * 1024)	/* libcsv's growth step */

struct ps_csv_state {
	struct csv_parser	 csv;
	unsigned char		 delim;
	char			*buf;		/* field texts of the row */
	size_t			 buflen, bufcap;
	size_t			 off[PS_CSV_MAXCOL];
	size_t			 flen[PS_CSV_MAXCOL];
	int			 nfields;	/* may exceed PS_CSV_MAXCOL */
	int			 row_done;
	size_t			 bytes;		/* fed for this row */
	int			 col[PSF__MAX];	/* header column, -1: none */
	int			 ncol;		/* 0: no header yet */
	enum proto		 typeproto;	/* from the #TYPE line */
};

static int
ps_csv_isterm(unsigned char c)
{
	return (c == '\n');
}

static void
ps_csv_field(void *s, size_t n, void *data)
{
	struct ps_csv_state	*st = data;
	int			 i = st->nfields++;

	if (i >= PS_CSV_MAXCOL)
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

static void
ps_csv_rowend(int c, void *data)
{
	(void)c;
	((struct ps_csv_state *)data)->row_done = 1;
}

static void
ps_csv_reset(struct ps_csv_state *st)
{
	csv_free(&st->csv);
	csv_init(&st->csv, CSV_STRICT);
	csv_set_term_func(&st->csv, ps_csv_isterm);
	csv_set_delim(&st->csv, st->delim);
	/* A long field grows libcsv's buffer in blocks of this, not 128. */
	csv_set_blk_size(&st->csv, PS_CSV_BLK);
}

/* Feed one physical line and its line end; 0, or -1 on a syntax error. */
static int
ps_csv_feed(struct ps_csv_state *st, const char *s, size_t n)
{
	st->bytes += n + 1;
	if (csv_parse(&st->csv, s, n, ps_csv_field, ps_csv_rowend, st) != n ||
	    csv_parse(&st->csv, "\n", 1, ps_csv_field, ps_csv_rowend, st) != 1)
		return (-1);
	return (0);
}

/* Field i of the row; an empty one has no buffer behind it. */
static struct scan_tok
ps_csv_get(const struct ps_csv_state *st, int i)
{
	struct scan_tok	 t;

	t.n = st->flen[i];
	t.s = t.n == 0 ? "" : st->buf + st->off[i];
	return (t);
}

/* The separator of a header line: the most frequent of , ; and tab. */
static unsigned char
ps_csv_delim(const char *s, size_t n)
{
	size_t	 i, c = 0, sc = 0, tab = 0;
	int	 q = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q)
			c += s[i] == ',', sc += s[i] == ';', tab += s[i] == '\t';
	}
	if (sc > c && sc >= tab)
		return (';');
	return (tab > c ? '\t' : ',');
}

/* The row names the columns: it is a header when it names LocalPort. */
static int
ps_csv_header(struct ps_csv_state *st)
{
	struct scan_tok	 t;
	int		 i, f, col[PSF__MAX];

	for (i = 0; i < PSF__MAX; i++)
		col[i] = -1;
	for (i = 0; i < st->nfields && i < PS_CSV_MAXCOL; i++) {
		t = ps_csv_get(st, i);
		t.s = scan_trim(t.s, &t.n, SCAN_SPACE);
		if ((f = ps_field_of(t.s, t.n)) >= 0 && col[f] == -1)
			col[f] = i;
	}
	if (col[PSF_LPORT] == -1)
		return (0);
	memcpy(st->col, col, sizeof(col));
	st->ncol = st->nfields;
	return (1);
}

/* A data row: one socket on the current line. */
static void
ps_csv_row(struct parse *p, struct ps_csv_state *st)
{
	struct ps_sock	 k;
	int		 i;

	if (st->ncol == 0) {
		if (!ps_csv_header(st))
			parse_unparsed(p, DIAG_CSV_COLUMNS, "no header naming "
			    "LocalPort before this row");
		else
			parse_known(p);
		return;
	}
	if (st->nfields != st->ncol) {
		if (ps_csv_header(st))	/* a table appended to the first */
			parse_known(p);
		else
			parse_unparsed(p, DIAG_CSV_COLUMNS, "%d columns, the "
			    "header has %d", st->nfields, st->ncol);
		return;
	}
	memset(&k, 0, sizeof(k));
	k.proto = st->typeproto;
	for (i = 0; i < PSF__MAX; i++)
		if (st->col[i] >= 0)
			k.f[i] = ps_csv_get(st, st->col[i]);
	if (scan_caseeq(k.f[PSF_LPORT].s, k.f[PSF_LPORT].n,
	    ps_field_name(PSF_LPORT)) && ps_csv_header(st)) {
		parse_known(p);		/* the header again */
		return;
	}
	for (i = 0; i < PSF__MAX; i++)
		if (k.f[i].s != NULL)
			k.f[i].s = scan_trim(k.f[i].s, &k.f[i].n, SCAN_SPACE);
	(void)ps_sock_add(p, &k);
}

/*
 * The row is open at the end of the current line: feed the lines after
 * it straight from the buffer until it closes.  Returns 0 (closed), -1
 * (syntax), 1 (the file ends first) or 2 (too long); *extra lines taken.
 */
static int
ps_csv_ahead(struct parse *p, struct ps_csv_state *st, size_t *extra)
{
	const char	*q = p->pos, *nl;
	size_t		 l;
	int		 eol = p->cr_only ? '\r' : '\n';

	for (*extra = 0;; q = nl + 1) {
		if (q >= p->end)
			return (1);
		if (*extra >= PS_CSV_MAXLINES || st->bytes > PS_CSV_MAXBYTES)
			return (2);
		if ((nl = memchr(q, eol, p->end - q)) == NULL)
			nl = p->end;
		l = nl - q;
		if (!p->cr_only && l > 0 && q[l - 1] == '\r')
			l--;
		(*extra)++;
		if (ps_csv_feed(st, q, l) == -1)
			return (-1);
		if (st->row_done)
			return (0);
	}
}

/* The row starting on the current line, and the lines it took. */
static void
ps_csv_record(struct parse *p, struct ps_csv_state *st, const char *line,
    size_t len)
{
	static const char *const why[] = {
		"quote inside an unquoted field, or text after a closing quote",
		NULL,
		"quoted field still open at the end of the file",
		"quoted field not closed within 1000 lines or 1 MiB"
	};
	unsigned	 first;
	size_t		 extra = 0, i;
	int		 how = 0;

	st->nfields = 0;
	st->buflen = 0;
	st->row_done = 0;
	st->bytes = 0;
	if (st->ncol == 0) {		/* a header may come: its separator */
		st->delim = ps_csv_delim(line, len);
		ps_csv_reset(st);
	}
	if (ps_csv_feed(st, line, len) == -1)
		how = -1;
	else if (!st->row_done)
		how = ps_csv_ahead(p, st, &extra);
	if (how == 0)
		ps_csv_row(p, st);
	else {
		parse_unparsed(p, DIAG_CSV_SYNTAX, "%s", why[how + 1]);
		ps_csv_reset(st);	/* start afresh on the next line */
	}
	first = p->lineno;
	for (i = 0; i < extra && parse_next_line(p, NULL) != NULL; i++) {
		if (how == 0)
			parse_known(p);
		else
			parse_unparsed(p, DIAG_CSV_SYNTAX, "line %zu of the row "
			    "at line %u", i + 2, first);
	}
}

static int
ps_csv_parse(struct parse *p)
{
	struct ps_csv_state	 st;
	char			*line;
	size_t			 len;
	int			 i;

	memset(&st, 0, sizeof(st));
	st.delim = ',';
	for (i = 0; i < PSF__MAX; i++)
		st.col[i] = -1;
	csv_init(&st.csv, CSV_STRICT);
	csv_set_blk_size(&st.csv, PS_CSV_BLK);
	while ((line = parse_next_line(p, &len)) != NULL) {
		if (scan_span(line, len, SCAN_SPACE) == len)
			parse_known(p);
		else if (scan_prefix(line, len, "#TYPE")) {
			st.typeproto = ps_class_proto(line, len);
			st.ncol = 0;	/* a new table follows */
			parse_known(p);
		} else
			ps_csv_record(p, &st, line, len);
	}
	csv_free(&st.csv);
	free(st.buf);
	return ((int)p->in->lines_unparsed);
}

/* A header line naming LocalAddress and LocalPort, separated. */
static int
ps_csv_sniff_header(const char *s, size_t n)
{
	return (scan_has(s, n, "LocalAddress") && scan_has(s, n, "LocalPort") &&
	    (memchr(s, ',', n) != NULL || memchr(s, ';', n) != NULL) &&
	    memchr(s, ':', n) == NULL);
}

static int
ps_csv_sniff(const char *buf, size_t len)
{
	const char	*s = buf, *end = buf + len, *line;
	size_t		 n;
	int		 lines = 0, type = 0;

	while ((line = scan_line(&s, end, &n)) != NULL &&
	    lines < PS_CSV_SNIFF_LINES) {
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (scan_span(line, n, SCAN_SPACE) == n)
			continue;
		lines++;
		if (scan_prefix(line, n, "#TYPE ")) {
			if (ps_class_proto(line, n) != PROTO_NONE)
				return (100);
			type = 1;
			continue;
		}
		if (ps_csv_sniff_header(line, n))
			return (type ? 95 : 90);
		return (0);
	}
	return (0);
}

/* Export-Csv of Get-NetTCPConnection and Get-NetUDPEndpoint. */
const struct collector collector_ps_csv = {
	"ps-csv", "powershell", "CP1252",
	"PowerShell Get-NetTCPConnection/Get-NetUDPEndpoint | Export-Csv",
	ps_csv_sniff, ps_csv_parse, 0
};
