/*
 * Check suite for history.c (--history, portaudit history): audits of a
 * small fleet recorded one after another in a temporary database, with a
 * change to the fleet between them.  The first-seen dates, the days open,
 * the trend and the list's new and resolved counts are worked out from
 * the audits themselves; the schema is read back with SQLite.  Also: a
 * failed run leaves nothing behind, scopes stay apart, and databases that
 * are not portaudit's or are newer are refused untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <sqlite3.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "history.h"
#include "testutil.h"

#define CH_DAY		86400LL
#define CH_T0		1764547200LL	/* 2025-12-01 */

/* Netlogon 50001 stays throughout; NTDS at 50000 comes and goes. */
static const char ch_reg_both[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"TCP/IP Port\"=dword:0000c350\r\n"
    "\r\n"
    TU_KEY_SVC("Netlogon\\Parameters")
    "\"DCTcpipPort\"=dword:0000c351\r\n";

static const char ch_reg_netlogon[] =
    TU_REG_HDR
    TU_KEY_SVC("Netlogon\\Parameters")
    "\"DCTcpipPort\"=dword:0000c351\r\n";

/* A fresh database path in a temporary folder. */
static const char *
ch_db(void)
{
	static char	 buf[4][4096];
	static int	 slot;
	char		*p = buf[slot++ % 4];
	const char	*dir;

	dir = tu_fleet("README", "history test\n", NULL);
	snprintf(p, sizeof(buf[0]), "%s/audits.db", dir);
	return (p);
}

struct ch_run {
	struct audit		*a;
	struct trendpoint	*trend;
	size_t			 ntrend;
};

/* Audit reg at day `day` after CH_T0 and record it (committed). */
static void
ch_record(const char *db, const char *scope, const char *reg, int day,
    struct ch_run *run)
{
	struct history_run	 hr;
	struct history		*h;
	char			 date[16];
	time_t			 t = (time_t)(CH_T0 + day * CH_DAY);
	struct tm		 tm;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	run->a = tu_audit_dc01(reg);
	ck_assert_uint_gt(run->a->nfindings, 0);
	ck_assert_ptr_nonnull(h = history_open(db, 1));
	memset(&hr, 0, sizeof(hr));
	hr.scope = scope;
	hr.date = date;
	hr.epoch = (long long)t;
	hr.cmdline = "portaudit audit --history audits.db fleet";
	ck_assert_int_eq(history_record(h, run->a, &hr, &run->trend,
	    &run->ntrend), 0);
	ck_assert_int_eq(history_end(h, 1), 0);
	history_close(h);
}

static void
ch_free(struct ch_run *run)
{
	tu_audit_free(run->a);
	free(run->trend);
}

/* A single integer from the database, read with SQLite itself. */
static long long
ch_sql_int(const char *db, const char *sql)
{
	sqlite3		*d;
	sqlite3_stmt	*st;
	long long	 v;

	ck_assert_int_eq(sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(d, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(d);
	return (v);
}

static void
ch_sql_exec(const char *db, const char *sql)
{
	sqlite3	*d;

	ck_assert_int_eq(sqlite3_open(db, &d), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(d, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(d);
}

/* history_list() or history_findings() output, in memory. */
static char *
ch_list(const char *db, const char *scope, int csv, long long audit)
{
	struct history	*h;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;

	ck_assert_ptr_nonnull(h = history_open(db, 0));
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	if (audit > 0)
		ck_assert_int_eq(history_findings(h, fp, audit), 0);
	else
		ck_assert_int_eq(history_list(h, fp, scope, csv), 0);
	ck_assert_int_eq(fclose(fp), 0);
	history_close(h);
	return (buf);
}

/* How many ids of a are not in b (each id once). */
static size_t
ch_missing(const struct audit *a, const struct audit *b)
{
	size_t	 i, j, k, n = 0;

	for (i = 0; i < a->nfindings; i++) {
		for (k = 0; k < i; k++)
			if (strcmp(a->findings[k]->id, a->findings[i]->id) ==
			    0)
				break;
		if (k < i)
			continue;
		for (j = 0; j < b->nfindings; j++)
			if (strcmp(b->findings[j]->id, a->findings[i]->id) ==
			    0)
				break;
		n += j == b->nfindings;
	}
	return (n);
}

START_TEST(test_first_seen)
{
	struct ch_run		 r1, r2, r3;
	const struct finding	*f;
	const char		*db = ch_db();

	ch_record(db, "fleet", ch_reg_both, 0, &r1);
	/* The first audit: everything first seen today. */
	ck_assert_ptr_nonnull(f = tu_finding(r1.a, "fixed-port-in-ephemeral",
	    NULL, 50001));
	ck_assert_str_eq(f->since, "2025-12-01");
	ck_assert_int_eq(f->days_open, 0);
	ch_record(db, "fleet", ch_reg_netlogon, 7, &r2);
	ck_assert_ptr_nonnull(f = tu_finding(r2.a, "fixed-port-in-ephemeral",
	    NULL, 50001));
	ck_assert_str_eq(f->since, "2025-12-01");
	ck_assert_int_eq(f->days_open, 7);
	ck_assert_ptr_null(tu_finding(r2.a, "fixed-port-in-ephemeral", NULL,
	    50000));
	/* NTDS comes back: open since its return, not its first sighting. */
	ch_record(db, "fleet", ch_reg_both, 10, &r3);
	ck_assert_ptr_nonnull(f = tu_finding(r3.a, "fixed-port-in-ephemeral",
	    NULL, 50000));
	ck_assert_str_eq(f->since, "2025-12-11");
	ck_assert_int_eq(f->days_open, 0);
	ck_assert_ptr_nonnull(f = tu_finding(r3.a, "fixed-port-in-ephemeral",
	    NULL, 50001));
	ck_assert_str_eq(f->since, "2025-12-01");
	ck_assert_int_eq(f->days_open, 10);
	ch_free(&r1);
	ch_free(&r2);
	ch_free(&r3);
}
END_TEST

START_TEST(test_trend)
{
	struct ch_run	 r[3];
	unsigned long	 want[3][SEV__MAX];
	const char	*db = ch_db();
	const char	*regs[3] = { ch_reg_both, ch_reg_netlogon, ch_reg_both };
	size_t		 i, k;
	int		 s;

	for (k = 0; k < 3; k++) {
		ch_record(db, "fleet", regs[k], (int)k, &r[k]);
		memset(want[k], 0, sizeof(want[k]));
		for (i = 0; i < r[k].a->nfindings; i++)
			if (!r[k].a->findings[i]->waived)
				want[k][r[k].a->findings[i]->sev]++;
	}
	/* The last audit's trend: all three, oldest first. */
	ck_assert_uint_eq(r[2].ntrend, 3);
	for (k = 0; k < 3; k++) {
		ck_assert_int_eq(r[2].trend[k].audit, (long long)k + 1);
		for (s = 0; s < SEV__MAX; s++)
			ck_assert_uint_eq(r[2].trend[k].open[s], want[k][s]);
	}
	ck_assert_str_eq(r[2].trend[0].date, "2025-12-01");
	ck_assert_str_eq(r[2].trend[2].date, "2025-12-03");
	ck_assert_uint_eq(r[0].ntrend, 1);
	for (k = 0; k < 3; k++)
		ch_free(&r[k]);
}
END_TEST

START_TEST(test_trend_max)
{
	struct ch_run	 r;
	const char	*db = ch_db();
	int		 k;

	for (k = 0; k < HISTORY_TREND_MAX + 3; k++) {
		ch_record(db, "fleet", ch_reg_netlogon, k, &r);
		if (k < HISTORY_TREND_MAX + 2)
			ch_free(&r);
	}
	ck_assert_uint_eq(r.ntrend, HISTORY_TREND_MAX);
	/* The last ones, the latest last. */
	ck_assert_int_eq(r.trend[HISTORY_TREND_MAX - 1].audit,
	    HISTORY_TREND_MAX + 3);
	ck_assert_int_eq(r.trend[0].audit, 4);
	ch_free(&r);
}
END_TEST

/* Another scope's audits neither count in the trend nor break a run. */
START_TEST(test_scopes)
{
	struct ch_run		 r1, r2, r3;
	const struct finding	*f;
	const char		*db = ch_db();
	char			*out;

	ch_record(db, "hq", ch_reg_both, 0, &r1);
	ch_record(db, "branch", ch_reg_netlogon, 1, &r2);
	ch_record(db, "hq", ch_reg_both, 2, &r3);
	ck_assert_uint_eq(r3.ntrend, 2);
	ck_assert_ptr_nonnull(f = tu_finding(r3.a, "fixed-port-in-ephemeral",
	    NULL, 50000));
	ck_assert_str_eq(f->since, "2025-12-01");
	out = ch_list(db, "branch", 1, 0);
	/* The header and one audit. */
	ck_assert_ptr_nonnull(strstr(out, "\r\n2,\"2025-12-02\",\"branch\""));
	ck_assert_ptr_null(strstr(out, "\"hq\""));
	free(out);
	ch_free(&r1);
	ch_free(&r2);
	ch_free(&r3);
}
END_TEST

/* The list's new and resolved columns against the audits' own ids. */
/*
 * The CSV row portaudit history must give an audit of one host and one
 * file: open findings by severity, waived, and new and resolved against
 * the previous audit (none: empty cells).
 */
static void
ch_want_row(char *buf, size_t len, int id, const char *date,
    const struct ch_run *r, const struct ch_run *prev,
    const struct ch_run *self)
{
	unsigned long	 open[SEV__MAX] = { 0 }, waived = 0;
	size_t		 i;
	int		 n;

	for (i = 0; i < r->a->nfindings; i++)
		if (r->a->findings[i]->waived)
			waived++;
		else
			open[r->a->findings[i]->sev]++;
	n = snprintf(buf, len, "%d,\"%s\",\"fleet\",1,1,%zu,%lu,%lu,%lu,%lu,"
	    "%lu,%lu,", id, date, r->a->nfindings, open[SEV_CRITICAL],
	    open[SEV_HIGH], open[SEV_MEDIUM], open[SEV_LOW], open[SEV_INFO],
	    waived);
	if (prev == NULL)
		snprintf(buf + n, len - n, ",\r\n");
	else
		snprintf(buf + n, len - n, "%zu,%zu\r\n",
		    ch_missing(self->a, prev->a), ch_missing(prev->a, self->a));
}

START_TEST(test_list)
{
	struct ch_run	 r1, r2, r3;
	const char	*db = ch_db();
	char		*out, want[256];

	ch_record(db, "fleet", ch_reg_both, 0, &r1);
	ch_record(db, "fleet", ch_reg_netlogon, 1, &r2);
	ch_record(db, "fleet", ch_reg_both, 2, &r3);
	out = ch_list(db, NULL, 1, 0);
	ck_assert_ptr_nonnull(strstr(out, "\"audit\",\"date\",\"scope\","
	    "\"hosts\",\"files\",\"findings\",\"critical\",\"high\","
	    "\"medium\",\"low\",\"info\",\"waived\",\"new\",\"resolved\"\r\n"));
	/* Every cell of every row, from the audits themselves; audit 2:
	 * what audit 1 had and 2 lacks is resolved, nothing is new. */
	ch_want_row(want, sizeof(want), 1, "2025-12-01", &r1, NULL, NULL);
	ck_assert_msg(strstr(out, want) != NULL, "%s in %s", want, out);
	ck_assert_uint_gt(ch_missing(r1.a, r2.a), 0);
	ch_want_row(want, sizeof(want), 2, "2025-12-02", &r2, &r1, &r2);
	ck_assert_msg(strstr(out, want) != NULL, "%s in %s", want, out);
	ch_want_row(want, sizeof(want), 3, "2025-12-03", &r3, &r2, &r3);
	ck_assert_msg(strstr(out, want) != NULL, "%s in %s", want, out);
	free(out);
	out = ch_list(db, NULL, 0, 0);
	ck_assert_ptr_nonnull(strstr(out, "resolved  scope"));
	free(out);
	/* One audit's findings, in the canonical order. */
	out = ch_list(db, NULL, 1, 2);
	ck_assert_ptr_nonnull(strstr(out, "\"id\",\"severity\",\"rule\""));
	ck_assert_ptr_nonnull(strstr(out, r2.a->findings[0]->id));
	free(out);
	ch_free(&r1);
	ch_free(&r2);
	ch_free(&r3);
}
END_TEST

/* The schema as documented: application id, version, tables, rows. */
START_TEST(test_schema)
{
	struct ch_run	 r;
	const char	*db = ch_db();

	ch_record(db, "fleet", ch_reg_both, 0, &r);
	ck_assert_int_eq(ch_sql_int(db, "PRAGMA application_id"), 0x50417564);
	ck_assert_int_eq(ch_sql_int(db, "PRAGMA user_version"),
	    HISTORY_SCHEMA);
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM audit WHERE "
	    "scope = 'fleet' AND date = '2025-12-01' AND epoch = 1764547200 "
	    "AND hosts = 1 AND files = 1 AND version <> '' AND cmdline LIKE "
	    "'portaudit audit%'"), 1);
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM finding"),
	    (long long)r.a->nfindings);
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM finding WHERE "
	    "rule = 'fixed-port-in-ephemeral' AND host = 'DC01' AND site = "
	    "'hq' AND proto = 'tcp' AND port = 50000 AND service = 'NTDS' AND "
	    "severity = 'medium' AND waived = 0 AND length(id) = 16"), 1);
	ch_free(&r);
}
END_TEST

/* A run that fails leaves the database as it was. */
START_TEST(test_rollback)
{
	struct ch_run		 r;
	struct history_run	 hr;
	struct history		*h;
	struct trendpoint	*t;
	size_t			 nt;
	const char		*db = ch_db();

	ch_record(db, "fleet", ch_reg_both, 0, &r);
	ch_free(&r);
	r.a = tu_audit_dc01(ch_reg_netlogon);
	ck_assert_ptr_nonnull(h = history_open(db, 1));
	memset(&hr, 0, sizeof(hr));
	hr.scope = "fleet";
	hr.date = "2025-12-09";
	hr.epoch = CH_T0 + 8 * CH_DAY;
	ck_assert_int_eq(history_record(h, r.a, &hr, &t, &nt), 0);
	ck_assert_uint_eq(nt, 2);
	free(t);
	ck_assert_int_eq(history_end(h, 0), 0);
	history_close(h);
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM audit"), 1);
	/* Closing without history_end() rolls back too. */
	ck_assert_ptr_nonnull(h = history_open(db, 1));
	ck_assert_int_eq(history_record(h, r.a, &hr, &t, &nt), 0);
	free(t);
	history_close(h);
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM audit"), 1);
	tu_audit_free(r.a);
}
END_TEST

/* What is not a portaudit history of a known version is refused. */
START_TEST(test_refused)
{
	static const char text[] = "audit,date\n1,2025-12-01\n";
	struct history	*h;
	const char	*db;

	diag_quiet = 1;
	/* Newer than this portaudit: refused, both ways, and untouched. */
	db = ch_db();
	ch_sql_exec(db, "CREATE TABLE audit (id INTEGER);"
	    "PRAGMA application_id = 1346467172; PRAGMA user_version = 99");
	ck_assert_ptr_null(history_open(db, 1));
	ck_assert_ptr_null(history_open(db, 0));
	ck_assert_int_eq(ch_sql_int(db, "PRAGMA user_version"), 99);
	/* Another program's database. */
	db = ch_db();
	ch_sql_exec(db, "CREATE TABLE notes (t TEXT)");
	ck_assert_ptr_null(history_open(db, 1));
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM sqlite_master"),
	    1);
	/* Not SQLite at all. */
	ck_assert_ptr_null(history_open(tu_write_temp(text, sizeof(text) - 1,
	    "audits.db"), 1));
	/* Reading what does not exist, or holds no audit yet. */
	db = ch_db();
	ck_assert_ptr_null(history_open(db, 0));
	ch_sql_exec(db, "PRAGMA user_version = 0");
	ck_assert_ptr_null(history_open(db, 0));
	/* An empty file is a new database. */
	ck_assert_ptr_nonnull(db = tu_write_temp("", 0, "empty.db"));
	ck_assert_ptr_nonnull(h = history_open(db, 1));
	ck_assert_int_eq(history_end(h, 1), 0);
	history_close(h);
	ck_assert_int_eq(ch_sql_int(db, "PRAGMA user_version"),
	    HISTORY_SCHEMA);
}
END_TEST

/* A database of ours at schema version 0 is migrated up to date. */
START_TEST(test_migrate)
{
	struct ch_run	 r;
	const char	*db = ch_db();

	ch_sql_exec(db, "PRAGMA application_id = 1346467172");
	ck_assert_int_eq(ch_sql_int(db, "PRAGMA user_version"), 0);
	diag_quiet = 1;
	/* Reading it says to record an audit first. */
	ck_assert_ptr_null(history_open(db, 0));
	ch_record(db, "fleet", ch_reg_both, 0, &r);
	ck_assert_int_eq(ch_sql_int(db, "PRAGMA user_version"),
	    HISTORY_SCHEMA);
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name IN ('audit', 'finding')"), 2);
	ck_assert_int_eq(ch_sql_int(db, "SELECT count(*) FROM audit"), 1);
	ch_free(&r);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("history");
	tc = tcase_create("history");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_first_seen);
	tcase_add_test(tc, test_trend);
	tcase_add_test(tc, test_trend_max);
	tcase_add_test(tc, test_scopes);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_schema);
	tcase_add_test(tc, test_rollback);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_migrate);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	diag_quiet = getenv("TU_VERBOSE") == NULL;
	return (tu_run_suite(history_suite()));
}
