/*
 * Identifying a format from its first bytes: the collector whose sniffer
 * scores them highest, the first in the table on a tie (collectors.c).
 *
 * Every file is sniffed, and most sniffers read up to 400 lines to score
 * a format the file is not.  So each collector has a ceiling here, the
 * most its sniffer can score: a constant, or a bound worked out cheaply
 * from the bytes (a header without which its score stays low).  The
 * sniffers are asked in order of their ceilings, highest first, until no
 * one left can beat the best score so far, nor take the table's tie from
 * it: the winner is the one asking them all would give.  A collector
 * without a line in sniff_bounds[] is always asked.
 *
 * A ceiling must never be below what its sniffer scores, for any bytes:
 * whoever raises a sniffer's score, or lets it score high on other lines,
 * raises its ceiling here (check_sniff and the sniff fuzzer compare).
 */
#include <stddef.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define SNIFF_MAX	(64 * 1024)	/* bytes a sniffer sees */
#define SNIFF_LINES	400		/* lines the longest walk sees */

/* What starts a line among the first SNIFF_LINES (sniff_walk()). */
#define SNIFF_NL_HEAD	0x01	/* a net-tools title or header */
#define SNIFF_NL_NOT	0x02	/* the first line is an ss header */
#define SNIFF_SS_HEAD	0x04	/* what an ss header starts with */
#define SNIFF_TCPV	0x08	/* a TCPView or tcpvcon banner */

/*
 * The lines netstat_linux_sniff(), ss_sniff() and tcpv_sniff() score
 * most for, by how they start.  Without a header netstat-linux scores at
 * most 60 (its rows) and ss 40; tcpvcon without its banner 90.
 */
static const struct {
	const char	*start;
	int		 flag;
} sniff_heads[] = {
	{ "Active Internet connections (", SNIFF_NL_HEAD },
	{ "Aktive Internetverbindungen (", SNIFF_NL_HEAD },
	{ "Connexions Internet actives (", SNIFF_NL_HEAD },
	{ "Proto Recv-Q Send-Q ", SNIFF_NL_HEAD },
	{ "Active UNIX domain sockets", SNIFF_NL_HEAD },
	{ "Netid", SNIFF_SS_HEAD },
	{ "State", SNIFF_SS_HEAD },
	{ "Recv-Q", SNIFF_SS_HEAD },
	{ "TCPView", SNIFF_TCPV },
	{ "Tcpvcon", SNIFF_TCPV },
};

/* How high a collector's sniffer can score. */
struct sniff_bound {
	const struct collector	*c;
	int			 top;	/* at most, whatever the bytes */
	/* At most for these bytes; NULL: top. */
	int			(*ceiling)(const char *, size_t);
	/* The same from what starts their lines (sniff_walk()). */
	int			(*lines)(const char *, size_t, int);
	int			 cheap;	/* its sniffer is its own ceiling */
};

static int	sniff_netstat_linux(const char *, size_t, int);
static int	sniff_ss(const char *, size_t, int);
static int	sniff_tcpvcon(const char *, size_t, int);

static const struct sniff_bound sniff_bounds[] = {
	{ &collector_reg_export, 100, reg_export_sniff_ceiling, NULL, 0 },
	{ &collector_reg_query, 95, reg_query_sniff_ceiling, NULL, 0 },
	{ &collector_netstat_win, 95, NULL, NULL, 0 },
	{ &collector_netstat_linux, 100, NULL, sniff_netstat_linux, 0 },
	{ &collector_netstat_bsd, 95, NULL, NULL, 0 },
	{ &collector_ss, 100, NULL, sniff_ss, 0 },
	{ &collector_ranges_netsh, 95, NULL, NULL, 0 },
	{ &collector_ranges_sysctl, 90, NULL, NULL, 0 },
	{ &collector_services, 95, NULL, NULL, 0 },
	{ &collector_iana_csv, 100, iana_csv_sniff_ceiling, NULL, 0 },
	{ &collector_osinfo, 75, NULL, NULL, 0 },
	{ &collector_ps_csv, 100, NULL, NULL, 1 },
	{ &collector_ps_json, 90, NULL, NULL, 0 },
	{ &collector_ps_table, 90, NULL, NULL, 0 },
	{ &collector_ps_list, 85, NULL, NULL, 0 },
	{ &collector_osquery, 100, NULL, NULL, 1 },
	{ &collector_velociraptor, 95, NULL, NULL, 0 },
	{ &collector_tcpvcon, 100, NULL, sniff_tcpvcon, 0 },
	{ &collector_currports, 95, NULL, NULL, 0 },
	{ &collector_reg_hive, 100, NULL, NULL, 1 },
};

/* One collector in the running: where it stands in the table. */
struct sniff_cand {
	size_t	 idx;
	int	 ceiling;
	int	 score;		/* -1: not asked yet */
};

static const struct sniff_bound *
sniff_bound(const struct collector *c)
{
	size_t	 i;

	for (i = 0; i < sizeof(sniff_bounds) / sizeof(sniff_bounds[0]); i++)
		if (sniff_bounds[i].c == c)
			return (&sniff_bounds[i]);
	return (NULL);
}

/* SNIFF_ flags for what starts the first SNIFF_LINES lines. */
static int
sniff_walk(const char *buf, size_t len)
{
	const char	*pos = buf, *s;
	size_t		 n, i;
	int		 lines = 0, flags = 0;

	while (lines++ < SNIFF_LINES &&
	    (s = scan_line(&pos, buf + len, &n)) != NULL) {
		if (n == 0 || !scan_isclass(*s, SCAN_UPPER))
			continue;	/* no header starts so */
		for (i = 0; i < sizeof(sniff_heads) / sizeof(sniff_heads[0]);
		    i++)
			if (scan_prefix(s, n, sniff_heads[i].start))
				flags |= sniff_heads[i].flag;
		if (lines == 1 && (scan_prefix(s, n, "Netid") ||
		    (scan_prefix(s, n, "State") && scan_has(s, n, "Recv-Q"))))
			flags |= SNIFF_NL_NOT;
	}
	return (flags);
}

/* netstat-linux scores 0 after an ss header, and its rows 60 at most. */
static int
sniff_netstat_linux(const char *buf, size_t len, int flags)
{
	(void)buf;
	(void)len;
	if (flags & SNIFF_NL_NOT)
		return (0);
	return ((flags & SNIFF_NL_HEAD) ? 100 : 60);
}

/* ss scores its rows 40 at most. */
static int
sniff_ss(const char *buf, size_t len, int flags)
{
	(void)buf;
	(void)len;
	return ((flags & SNIFF_SS_HEAD) ? 100 : 40);
}

/* tcpvcon scores 100 only with its banner. */
static int
sniff_tcpvcon(const char *buf, size_t len, int flags)
{
	(void)buf;
	(void)len;
	return ((flags & SNIFF_TCPV) ? 100 : 90);
}

/* The ceiling of b's collector; *flags: sniff_walk()'s, -1 until asked. */
static int
sniff_bound_of(const struct sniff_bound *b, const char *buf, size_t len,
    int *flags)
{
	if (b == NULL)
		return (100);
	if (b->cheap)
		return (b->c->sniff(buf, len));
	if (b->lines != NULL) {
		if (*flags == -1)
			*flags = sniff_walk(buf, len);
		return (b->lines(buf, len, *flags));
	}
	return (b->ceiling != NULL ? b->ceiling(buf, len) : b->top);
}

int
sniff_ceiling(const struct collector *c, const char *buf, size_t len)
{
	int	 flags = -1;

	if (len > SNIFF_MAX)
		len = SNIFF_MAX;
	return (sniff_bound_of(sniff_bound(c), buf, len, &flags));
}

static int
sniff_matches(const struct collector *c, const char *want)
{
	return (want == NULL || strcmp(c->name, want) == 0 ||
	    strcmp(c->family, want) == 0);
}

/* Every sniffer asked in the table's order: the best, the first on a tie. */
static const struct collector *
sniff_every(const char *buf, size_t len, const char *want)
{
	const struct collector	*best = NULL;
	size_t			 i;
	int			 score, top = 0;

	for (i = 0; i < collector_count; i++) {
		if (!sniff_matches(collector_table[i], want))
			continue;
		score = collector_table[i]->sniff(buf, len);
		if (score > top) {
			top = score;
			best = collector_table[i];
		}
	}
	return (best);
}

/* Highest ceiling first; the table's order among equal ones. */
static void
sniff_sort(struct sniff_cand *v, size_t n)
{
	struct sniff_cand	 t;
	size_t			 i, j;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && (v[j - 1].ceiling < t.ceiling ||
		    (v[j - 1].ceiling == t.ceiling && v[j - 1].idx > t.idx));
		    j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

const struct collector *
collector_sniff(const char *buf, size_t len, const char *want)
{
	struct sniff_cand		 v[64];
	const struct sniff_bound	*b;
	const struct collector		*c;
	size_t				 i, n = 0, best = 0;
	int				 top = 0, flags = -1;

	if (len > SNIFF_MAX)
		len = SNIFF_MAX;
	if (collector_count > sizeof(v) / sizeof(v[0]))
		return (sniff_every(buf, len, want));
	for (i = 0; i < collector_count; i++) {
		c = collector_table[i];
		if (!sniff_matches(c, want))
			continue;
		b = sniff_bound(c);
		v[n].idx = i;
		v[n].ceiling = sniff_bound_of(b, buf, len, &flags);
		/* A cheap sniffer's ceiling is its score. */
		v[n].score = b != NULL && b->cheap ? v[n].ceiling : -1;
		n++;
	}
	sniff_sort(v, n);
	for (i = 0; i < n; i++) {
		/* No one from here on can beat the best, nor tie it from
		 * before it in the table. */
		if (v[i].ceiling < top || (v[i].ceiling == top &&
		    (top == 0 || v[i].idx > best)))
			break;
		if (v[i].score == -1)
			v[i].score = collector_table[v[i].idx]->sniff(buf, len);
		if (v[i].score > top || (v[i].score == top && top > 0 &&
		    v[i].idx < best)) {
			top = v[i].score;
			best = v[i].idx;
		}
	}
	return (top > 0 ? collector_table[best] : NULL);
}
