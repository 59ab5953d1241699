/*
 * Collector for NirSoft CurrPorts exports: cports /scomma (comma-separated)
 * and /stab (tab-delimited).  Columns are Process Name, Process ID,
 * Protocol (TCP, UDP, TCPv6, UDPv6), Local Port, Local Port Name, Local
 * Address, Remote Port, Remote Port Name, Remote Address, Remote Host Name,
 * State, Process Path and more; the header line is written only when
 * CurrPorts is told to add it, so a file with a header is read by column
 * name and one without by that default order.  States are words
 * ("Listening", "Time Wait"); UDP rows have none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "rows.h"
#include "scan.h"

#define CP_SNIFF	100

enum cp_col {
	CP_NAME = 0, CP_PID, CP_PROTO, CP_LPORT, CP_LPORTNAME, CP_LADDR,
	CP_RPORT, CP_RPORTNAME, CP_RADDR, CP_RHOST, CP_STATE, CP_PATH,
	CP__MAX
};

/* The columns in CurrPorts' default order. */
static const char *const cp_names[CP__MAX] = {
	"Process Name", "Process ID", "Protocol", "Local Port",
	"Local Port Name", "Local Address", "Remote Port", "Remote Port Name",
	"Remote Address", "Remote Host Name", "State", "Process Path"
};

struct cp_state {
	struct csvrow	 row;
	int		 col[CP__MAX];	/* index of each column, -1: none */
	int		 delim;		/* ',' or '\t'; 0 before the first */
	int		 ncol;		/* a header's width; 0: no header */
};

static int
cp_proto(const char *s, size_t n)
{
	static const char *const w[] = { "TCP", "UDP", "TCPv6", "UDPv6",
	    NULL };
	size_t	 i;

	for (i = 0; w[i] != NULL; i++)
		if (strlen(w[i]) == n && util_strncasecmp_ascii(s, w[i], n) == 0)
			return (1);
	return (0);
}

/* A header row: each column found by its name. */
static int
cp_header(struct cp_state *st)
{
	int	 i;

	if (st->row.n == 0 ||
	    util_strcasecmp_ascii(st->row.f[0], cp_names[CP_NAME]) != 0)
		return (0);
	for (i = 0; i < CP__MAX; i++)
		st->col[i] = csvrow_col(&st->row, cp_names[i]);
	st->ncol = st->row.n;
	return (1);
}

static void
cp_row(struct parse *p, struct cp_state *st)
{
	struct sockrow	 s;
	const char	*path;

	if (st->ncol > 0 ? st->row.n != st->ncol : st->row.n < CP_STATE + 1) {
		parse_unparsed(p, DIAG_CSV_COLUMNS, "%d columns", st->row.n);
		return;
	}
	memset(&s, 0, sizeof(s));
	s.process = csvrow_get(&st->row, st->col[CP_NAME]);
	s.pid = csvrow_get(&st->row, st->col[CP_PID]);
	s.proto = csvrow_get(&st->row, st->col[CP_PROTO]);
	s.lport = csvrow_get(&st->row, st->col[CP_LPORT]);
	s.laddr = csvrow_get(&st->row, st->col[CP_LADDR]);
	s.rport = csvrow_get(&st->row, st->col[CP_RPORT]);
	s.raddr = csvrow_get(&st->row, st->col[CP_RADDR]);
	s.state = csvrow_get(&st->row, st->col[CP_STATE]);
	path = csvrow_get(&st->row, st->col[CP_PATH]);
	if ((s.process == NULL || *s.process == '\0') && path != NULL &&
	    *path != '\0')
		s.process = strrchr(path, '\\') != NULL ?
		    strrchr(path, '\\') + 1 : path;
	sockrow_add(p, &s, NULL);
}

static void
cp_line(struct parse *p, struct cp_state *st, const char *line, size_t len)
{
	int	 i;

	if (st->delim == 0) {
		st->delim = memchr(line, '\t', len) != NULL ? '\t' : ',';
		for (i = 0; i < CP__MAX; i++)
			st->col[i] = i;
	}
	if (csvrow_split(&st->row, line, len, st->delim) == -1) {
		parse_unparsed(p, DIAG_CSV_SYNTAX, NULL);
		return;
	}
	if (cp_header(st))
		parse_known(p);
	else
		cp_row(p, st);
}

static int
cp_parse(struct parse *p)
{
	struct cp_state	 st;
	char		*line;
	size_t		 len;

	memset(&st, 0, sizeof(st));
	while ((line = parse_next_line(p, &len)) != NULL) {
		if (strspn(line, " \t\r") == len)
			parse_known(p);
		else
			cp_line(p, &st, line, len);
	}
	csvrow_free(&st.row);
	return ((int)p->in->lines_unparsed);
}

/*
 * A headerless row: a pid, a protocol word, a local port and a local
 * address in place (IANA's CSV has a port and a protocol word in its
 * second and third columns too, but text in its fourth).
 */
static int
cp_sniff_row(const char *s, size_t n, int delim)
{
	struct scan_tok	 t[6];
	size_t		 nt = 0;
	const char	*e, *end = s + n;

	while (nt < 6 && s <= end) {
		if ((e = memchr(s, delim, end - s)) == NULL)
			e = end;
		t[nt].s = s;
		t[nt++].n = e - s;
		s = e + 1;
	}
	return (nt == 6 && t[1].n > 0 && scan_digits(t[1].s, t[1].n) &&
	    cp_proto(t[2].s, t[2].n) && t[3].n > 0 &&
	    scan_digits(t[3].s, t[3].n) && t[5].n > 0 &&
	    (memchr(t[5].s, '.', t[5].n) != NULL ||
	    memchr(t[5].s, ':', t[5].n) != NULL));
}

static int
cp_sniff(const char *buf, size_t len)
{
	const char	*pos = buf, *s;
	size_t		 n;
	int		 lines = 0, rows = 0, delim;

	while (lines++ < CP_SNIFF && (s = scan_line(&pos, buf + len, &n)) !=
	    NULL) {
		delim = memchr(s, '\t', n) != NULL ? '\t' : ',';
		if (lines == 1 && scan_prefix(s, n, "Process Name") &&
		    scan_has(s, n, "Local Port") && scan_has(s, n, "Protocol"))
			return (95);
		if (cp_sniff_row(s, n, delim))
			rows++;
	}
	return (rows >= 3 ? 95 : rows > 0 ? 85 : 0);
}

const struct collector collector_currports = {
	"currports", "currports", "CP1252",
	"NirSoft CurrPorts /scomma (CSV) and /stab (tab-delimited) exports",
	cp_sniff, cp_parse, 0
};
