/*
 * ps-table: the console table Get-NetTCPConnection and Get-NetUDPEndpoint
 * print (Format-Table, the default view), as a transcript or redirected
 * output keeps it:
 *
 *   LocalAddress      LocalPort RemoteAddress   RemotePort State   ...
 *   ------------      --------- -------------   ---------- -----   ...
 *   ::                49669     ::              0          Listen  ...
 *
 * Widths follow the console and -AutoSize; a narrow console drops the last
 * columns (OwningProcess may be missing), and a value wider than its
 * column is cut with "..." (said for addresses).  The dashes under each
 * header name place the columns: the view's values are left-aligned and
 * start where their dashes start, Select-Object's numbers are right-aligned
 * and end where their dashes end, so each value (never holding a blank) is
 * the column whose dashes it overlaps.  An empty cell (AppliedSetting of a
 * listener) is an empty field.  A table with a State or RemotePort column
 * lists connections, else UDP endpoints; through Invoke-Command a
 * PSComputerName column names each row's host.  Several tables may follow
 * one another; prompt lines ("PS C:\> ...") are known lines.
 */
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "ps.h"

#define PS_TABLE_MAXCOL		64
#define PS_TABLE_SNIFF_LINES	40

struct ps_table_state {
	size_t		 start[PS_TABLE_MAXCOL];	/* dash groups */
	size_t		 end[PS_TABLE_MAXCOL];
	int		 field[PS_TABLE_MAXCOL];	/* ps_field, -1 */
	int		 ncol;				/* 0: no table */
	int		 dashes_next;	/* the next line is the header's */
	int		 has_state;	/* a State or RemotePort column */
};

/* A line of dash groups only. */
static int
ps_table_is_dashes(const char *s, size_t n)
{
	size_t	 i, dashes = 0;

	n -= scan_rspan(s, n, SCAN_SPACE);
	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dashes++;
		else if (s[i] != ' ')
			return (0);
	}
	return (dashes > 0);
}

/* The line after the current one in the buffer, without its end. */
static const char *
ps_table_peek(const struct parse *p, size_t *n)
{
	const char	*nl;

	if (p->pos >= p->end)
		return (NULL);
	if ((nl = memchr(p->pos, '\n', p->end - p->pos)) == NULL)
		nl = p->end;
	*n = nl - p->pos;
	if (*n > 0 && p->pos[*n - 1] == '\r')
		(*n)--;
	return (p->pos);
}

/* The column whose dashes token [a, b) overlaps, or -1. */
static int
ps_table_col(const struct ps_table_state *st, size_t a, size_t b)
{
	int	 i;

	for (i = 0; i < st->ncol; i++)
		if (a < st->end[i] && b > st->start[i])
			return (i);
	return (-1);
}

/* Take the dash groups of line d, and name them from header line h. */
static void
ps_table_header(struct ps_table_state *st, const char *h, size_t hn,
    const char *d, size_t dn)
{
	size_t	 i = 0, a;
	int	 c;

	st->ncol = 0;
	st->has_state = 0;
	while (i < dn && st->ncol < PS_TABLE_MAXCOL) {
		if (d[i] != '-') {
			i++;
			continue;
		}
		for (a = i; i < dn && d[i] == '-'; i++)
			;
		st->start[st->ncol] = a;
		st->end[st->ncol] = i;
		st->field[st->ncol++] = -1;
	}
	for (i = 0; i < hn; ) {
		if (scan_isspace(h[i])) {
			i++;
			continue;
		}
		for (a = i; i < hn && !scan_isspace(h[i]); i++)
			;
		if ((c = ps_table_col(st, a, i)) >= 0)
			st->field[c] = ps_field_of(h + a, i - a);
	}
	for (c = 0; c < st->ncol; c++)
		if (st->field[c] == PSF_STATE || st->field[c] == PSF_RPORT)
			st->has_state = 1;
}

/* Whether the current line heads a table: it names LocalPort and dashes
 * follow it. */
static int
ps_table_try_header(struct parse *p, struct ps_table_state *st,
    const char *line, size_t len)
{
	struct ps_table_state	 t;
	const char		*d;
	size_t			 dn;
	int			 c;

	if (!scan_has(line, len, "LocalPort") ||
	    (d = ps_table_peek(p, &dn)) == NULL || !ps_table_is_dashes(d, dn))
		return (0);
	ps_table_header(&t, line, len, d, dn);
	for (c = 0; c < t.ncol; c++)
		if (t.field[c] == PSF_LPORT)
			break;
	if (c == t.ncol)
		return (0);
	*st = t;
	st->dashes_next = 1;
	return (1);
}

/* A row: each blank-free run goes to the column it overlaps. */
static void
ps_table_row(struct parse *p, const struct ps_table_state *st,
    const char *line, size_t len)
{
	struct ps_sock	 k;
	size_t		 i, a;
	int		 c, stray = 0;

	memset(&k, 0, sizeof(k));
	k.proto = st->has_state ? PROTO_TCP : PROTO_UDP;
	for (c = 0; c < st->ncol; c++)
		if (st->field[c] >= 0) {
			k.f[st->field[c]].s = "";
			k.f[st->field[c]].n = 0;
		}
	for (i = 0; i < len; ) {
		if (scan_isspace(line[i])) {
			i++;
			continue;
		}
		for (a = i; i < len && !scan_isspace(line[i]); i++)
			;
		if ((c = ps_table_col(st, a, i)) < 0 || st->field[c] < 0) {
			stray += c < 0;
			continue;
		}
		k.f[st->field[c]].s = line + a;
		k.f[st->field[c]].n = i - a;
	}
	if (stray > 0 || k.f[PSF_LPORT].n == 0) {
		parse_unparsed(p, DIAG_LINE_SHORT, "%s", stray > 0 ?
		    "text outside the table's columns" : "no LocalPort");
		return;
	}
	(void)ps_sock_add(p, &k);
}

static void
ps_table_line(struct parse *p, struct ps_table_state *st, const char *line,
    size_t len)
{
	if (st->dashes_next) {
		st->dashes_next = 0;
		parse_known(p);
	} else if (scan_span(line, len, SCAN_SPACE) == len)
		parse_known(p);
	else if (ps_table_try_header(p, st, line, len))
		parse_known(p);
	else if (scan_prefix(line, len, "PS ") && scan_has(line, len, ">"))
		parse_known(p);		/* a prompt of the transcript */
	else if (st->ncol > 0)
		ps_table_row(p, st, line, len);
	else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, "before any table header");
}

static int
ps_table_parse(struct parse *p)
{
	struct ps_table_state	 st;
	char			*line;
	size_t			 len;

	memset(&st, 0, sizeof(st));
	while ((line = parse_next_line(p, &len)) != NULL)
		ps_table_line(p, &st, line, len);
	return ((int)p->in->lines_unparsed);
}

static int
ps_table_sniff(const char *buf, size_t len)
{
	const char	*s = buf, *end = buf + len, *line, *prev = NULL;
	size_t		 n, pn = 0;
	int		 lines = 0;

	while ((line = scan_line(&s, end, &n)) != NULL &&
	    lines++ < PS_TABLE_SNIFF_LINES) {
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (prev != NULL && ps_table_is_dashes(line, n) &&
		    scan_has(prev, pn, "LocalAddress") &&
		    scan_has(prev, pn, "LocalPort") &&
		    memchr(prev, ',', pn) == NULL)
			return (90);
		prev = line;
		pn = n;
	}
	return (0);
}

/* The console table of Get-NetTCPConnection and Get-NetUDPEndpoint. */
const struct collector collector_ps_table = {
	"ps-table", "powershell", "CP437",
	"PowerShell Get-NetTCPConnection/Get-NetUDPEndpoint console tables",
	ps_table_sniff, ps_table_parse, 0
};
