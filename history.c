/*
 * The audit history: every audit recorded in an SQLite database, so that a
 * report can show the trend of the findings and how long each has been
 * open, and `portaudit history` can list past audits.
 *
 * The database says it is portaudit's with PRAGMA application_id and
 * carries its schema version in PRAGMA user_version; the migrations below
 * take it from any older version to HISTORY_SCHEMA, each in the
 * transaction that records the audit, so a failed run leaves the file as
 * it was.  A database of a newer version is refused, never rewritten.
 * The schema is documented in portaudit(1), FILES.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "history.h"

/* "PAud" */
#define HISTORY_APPID	0x50417564

struct history {
	sqlite3		*db;
	char		*path;
	int		 open_tx;	/* a transaction history_end() ends */
};

/*
 * migrations[i] takes a database from version i to version i + 1.  Never
 * edit a migration that was released: add one.
 */
static const char *const history_migrations[HISTORY_SCHEMA] = {
	/* 0 -> 1: audits and their findings */
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  date TEXT NOT NULL,"
	"  epoch INTEGER NOT NULL,"
	"  scope TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  cmdline TEXT NOT NULL,"
	"  hosts INTEGER NOT NULL,"
	"  files INTEGER NOT NULL);"
	"CREATE INDEX audit_scope ON audit (scope, epoch, id);"
	"CREATE TABLE finding ("
	"  audit INTEGER NOT NULL REFERENCES audit (id) ON DELETE CASCADE,"
	"  id TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  rule TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  site TEXT,"
	"  proto TEXT,"
	"  port INTEGER,"
	"  service TEXT,"
	"  waived INTEGER NOT NULL);"
	"CREATE INDEX finding_audit ON finding (audit, id);"
};

static void
history_dberr(struct history *h, const char *what)
{
	diag(NULL, 0, DIAG_HISTORY, "%s: %s: %s", h->path, what,
	    sqlite3_errmsg(h->db));
}

static int
history_exec(struct history *h, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(h->db, sql, NULL, NULL, &err) == SQLITE_OK)
		return (0);
	diag(NULL, 0, DIAG_HISTORY, "%s: %s", h->path, err != NULL ? err :
	    sqlite3_errmsg(h->db));
	sqlite3_free(err);
	return (-1);
}

/* A single integer a statement yields; -1 on an error. */
static long long
history_int(struct history *h, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
		history_dberr(h, "cannot read");
		return (-1);
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		history_dberr(h, "cannot read");
	sqlite3_finalize(st);
	return (v);
}

/*
 * Check the database is ours and of a version we know; with write set,
 * bring it up to date (inside the open transaction).
 */
static int
history_schema(struct history *h, int write)
{
	long long	 appid, version, tables;
	char		 sql[64];
	int		 v;

	if ((appid = history_int(h, "PRAGMA application_id")) == -1 ||
	    (version = history_int(h, "PRAGMA user_version")) == -1 ||
	    (tables = history_int(h, "SELECT count(*) FROM sqlite_master")) ==
	    -1)
		return (-1);
	if (appid != HISTORY_APPID && (appid != 0 || tables != 0)) {
		diag(NULL, 0, DIAG_HISTORY, "%s: not a portaudit history "
		    "database", h->path);
		return (-1);
	}
	if (version > HISTORY_SCHEMA) {
		diag(NULL, 0, DIAG_HISTORY, "%s: schema version %lld is newer "
		    "than this portaudit's (%d); upgrade portaudit", h->path,
		    version, HISTORY_SCHEMA);
		return (-1);
	}
	if (!write) {
		if (tables == 0) {
			diag(NULL, 0, DIAG_HISTORY, "%s: no audit recorded",
			    h->path);
			return (-1);
		}
		if (version < HISTORY_SCHEMA) {
			diag(NULL, 0, DIAG_HISTORY, "%s: schema version %lld "
			    "is older than this portaudit's (%d); the next "
			    "audit with --history upgrades it", h->path,
			    version, HISTORY_SCHEMA);
			return (-1);
		}
		return (0);
	}
	for (v = (int)version; v < HISTORY_SCHEMA; v++)
		if (history_exec(h, history_migrations[v]) == -1)
			return (-1);
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
	    "PRAGMA user_version = %d", HISTORY_APPID, HISTORY_SCHEMA);
	return (history_exec(h, sql));
}

struct history *
history_open(const char *path, int write)
{
	struct history	*h;
	int		 flags;

	if (!write && access(path, F_OK) == -1) {
		diag(NULL, 0, DIAG_HISTORY, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	h = xcalloc(1, sizeof(*h));
	h->path = xstrdup(path);
	flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE :
	    SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(path, &h->db, flags, NULL) != SQLITE_OK) {
		if (h->db != NULL)
			history_dberr(h, "cannot open");
		else
			diag(NULL, 0, DIAG_HISTORY, "%s: cannot open",
			    path);
		history_close(h);
		return (NULL);
	}
	sqlite3_busy_timeout(h->db, 10000);
	if (history_exec(h, "PRAGMA foreign_keys = ON") == -1 ||
	    (write && history_exec(h, "BEGIN IMMEDIATE") == -1)) {
		history_close(h);
		return (NULL);
	}
	h->open_tx = write;
	if (history_schema(h, write) == -1) {
		history_close(h);
		return (NULL);
	}
	return (h);
}

void
history_close(struct history *h)
{
	if (h == NULL)
		return;
	if (h->open_tx)
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h->db);
	free(h->path);
	free(h);
}

int
history_end(struct history *h, int ok)
{
	int	 rc;

	if (!h->open_tx)
		return (0);
	h->open_tx = 0;
	rc = history_exec(h, ok ? "COMMIT" : "ROLLBACK");
	return (ok ? rc : 0);
}

static void
history_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* The audit's row and its findings; the new audit's id, or -1. */
static long long
history_insert(struct history *h, const struct audit *a,
    const struct history_run *run)
{
	sqlite3_stmt		*st;
	const struct finding	*f;
	long long		 id;
	size_t			 i, hosts = 0;
	int			 rc;

	for (i = 0; i < a->nhosts; i++)
		hosts += !a->hosts[i].host->reference;
	if (sqlite3_prepare_v2(h->db, "INSERT INTO audit (date, epoch, "
	    "scope, version, cmdline, hosts, files) VALUES (?, ?, ?, ?, ?, "
	    "?, ?)", -1, &st, NULL) != SQLITE_OK) {
		history_dberr(h, "cannot record the audit");
		return (-1);
	}
	history_bind_text(st, 1, run->date);
	sqlite3_bind_int64(st, 2, run->epoch);
	history_bind_text(st, 3, run->scope);
	history_bind_text(st, 4, PORTAUDIT_VERSION);
	history_bind_text(st, 5, run->cmdline != NULL ? run->cmdline : "");
	sqlite3_bind_int64(st, 6, (long long)hosts);
	sqlite3_bind_int64(st, 7, (long long)a->fleet->ninputs);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		history_dberr(h, "cannot record the audit");
		return (-1);
	}
	id = sqlite3_last_insert_rowid(h->db);
	if (sqlite3_prepare_v2(h->db, "INSERT INTO finding (audit, id, "
	    "severity, rule, host, site, proto, port, service, waived) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK) {
		history_dberr(h, "cannot record the findings");
		return (-1);
	}
	for (i = 0, rc = SQLITE_DONE; i < a->nfindings && rc == SQLITE_DONE;
	    i++) {
		f = a->findings[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		history_bind_text(st, 2, f->id);
		history_bind_text(st, 3, severity_name(f->sev));
		history_bind_text(st, 4, f->rule->id);
		history_bind_text(st, 5, f->hi->host->name);
		history_bind_text(st, 6, f->hi->site);
		history_bind_text(st, 7, f->proto != PROTO_NONE ?
		    proto_name(f->proto) : NULL);
		if (f->port >= 0)
			sqlite3_bind_int(st, 8, f->port);
		else
			sqlite3_bind_null(st, 8);
		history_bind_text(st, 9, f->service);
		sqlite3_bind_int(st, 10, f->waived);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		history_dberr(h, "cannot record the findings");
		return (-1);
	}
	return (id);
}

/* The scope's audits up to this one, newest first. */
struct history_past {
	long long	 id;
	long long	 epoch;
	char		 date[11];
};

static int
history_pasts(struct history *h, const char *scope, long long self,
    struct history_past **vp, size_t *np)
{
	sqlite3_stmt		*st;
	struct history_past	*v = NULL;
	const char		*d;
	size_t			 n = 0;
	int			 rc;

	if (sqlite3_prepare_v2(h->db, "SELECT id, epoch, date FROM audit "
	    "WHERE scope = ? AND (epoch, id) <= (SELECT epoch, id FROM audit "
	    "WHERE id = ?) ORDER BY epoch DESC, id DESC", -1, &st, NULL) !=
	    SQLITE_OK) {
		history_dberr(h, "cannot read past audits");
		return (-1);
	}
	history_bind_text(st, 1, scope);
	sqlite3_bind_int64(st, 2, self);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].epoch = sqlite3_column_int64(st, 1);
		d = (const char *)sqlite3_column_text(st, 2);
		snprintf(v[n].date, sizeof(v[n].date), "%s", d != NULL ? d :
		    "");
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		history_dberr(h, "cannot read past audits");
		return (-1);
	}
	*vp = v;
	*np = n;
	return (0);
}

/* A finding of this audit still open, by id, for the walk back. */
struct history_open {
	const char	*id;
	size_t		 first;		/* index of the first finding */
	size_t		 count;		/* findings with that id */
	int		 alive;		/* seen in every audit so far */
	int		 seen;		/* seen in the audit being read */
};

static int
history_open_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct history_open *)a)->id,
	    ((const struct history_open *)b)->id));
}

static int
history_finding_cmp(const void *a, const void *b)
{
	return (strcmp((*(struct finding *const *)a)->id,
	    (*(struct finding *const *)b)->id));
}

/*
 * Walk back through the scope's audits; a finding was first seen in the
 * oldest audit of the unbroken run of audits that raised it.
 */
static int
history_ages(struct history *h, struct audit *a,
    const struct history_past *past, size_t npast)
{
	struct history_open	*ov = NULL, key, *o;
	struct finding		**byid;
	sqlite3_stmt		*st;
	size_t			 i, j, k, n = 0, alive;
	const char		*id;
	int			 rc = 0;

	if (a->nfindings == 0 || npast == 0)
		return (0);
	byid = xcalloc(a->nfindings, sizeof(*byid));
	memcpy(byid, a->findings, a->nfindings * sizeof(*byid));
	qsort(byid, a->nfindings, sizeof(*byid), history_finding_cmp);
	ov = xcalloc(a->nfindings, sizeof(*ov));
	for (i = 0; i < a->nfindings; i = j) {
		for (j = i + 1; j < a->nfindings &&
		    strcmp(byid[j]->id, byid[i]->id) == 0; j++)
			;
		ov[n].id = byid[i]->id;
		ov[n].first = i;
		ov[n].count = j - i;
		ov[n].alive = 1;
		n++;
	}
	alive = n;
	if (sqlite3_prepare_v2(h->db, "SELECT DISTINCT id FROM finding "
	    "WHERE audit = ?", -1, &st, NULL) != SQLITE_OK) {
		history_dberr(h, "cannot read past findings");
		rc = -1;
	}
	/* past[0] is this audit: every finding is in it. */
	for (k = 0; rc == 0 && k < npast && alive > 0; k++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, past[k].id);
		for (i = 0; i < n; i++)
			ov[i].seen = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if ((id = (const char *)sqlite3_column_text(st, 0)) ==
			    NULL)
				continue;
			key.id = id;
			if ((o = bsearch(&key, ov, n, sizeof(*ov),
			    history_open_cmp)) != NULL)
				o->seen = 1;
		}
		if (rc != SQLITE_DONE) {
			history_dberr(h, "cannot read past findings");
			rc = -1;
			break;
		}
		rc = 0;
		for (i = 0; i < n; i++) {
			if (!ov[i].alive)
				continue;
			if (!ov[i].seen) {
				ov[i].alive = 0;
				alive--;
				continue;
			}
			for (j = ov[i].first; j < ov[i].first + ov[i].count;
			    j++) {
				byid[j]->since = arena_strdup(a->fleet->arena,
				    past[k].date);
				byid[j]->days_open = (long)(past[0].epoch /
				    86400 - past[k].epoch / 86400);
			}
		}
	}
	sqlite3_finalize(st);
	free(ov);
	free(byid);
	return (rc);
}

/* Open and waived findings per audit, for the scope's last audits. */
static int
history_trend(struct history *h, const struct history_past *past,
    size_t npast, struct trendpoint **tp, size_t *ntp)
{
	struct trendpoint	*t;
	sqlite3_stmt		*st;
	enum severity		 sev;
	const char		*s;
	size_t			 n, i;
	int			 rc = SQLITE_DONE;

	n = npast < HISTORY_TREND_MAX ? npast : HISTORY_TREND_MAX;
	t = xcalloc(n + 1, sizeof(*t));
	if (sqlite3_prepare_v2(h->db, "SELECT severity, waived, count(*) "
	    "FROM finding WHERE audit = ? GROUP BY severity, waived", -1, &st,
	    NULL) != SQLITE_OK) {
		history_dberr(h, "cannot read the trend");
		free(t);
		return (-1);
	}
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		/* oldest first: past[] is newest first */
		t[i].audit = past[n - 1 - i].id;
		memcpy(t[i].date, past[n - 1 - i].date, sizeof(t[i].date));
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, t[i].audit);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			s = (const char *)sqlite3_column_text(st, 0);
			if (s == NULL || severity_from(s, &sev) == -1)
				continue;
			if (sqlite3_column_int(st, 1))
				t[i].waived += sqlite3_column_int64(st, 2);
			else
				t[i].open[sev] += sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		history_dberr(h, "cannot read the trend");
		free(t);
		return (-1);
	}
	*tp = t;
	*ntp = n;
	return (0);
}

int
history_record(struct history *h, struct audit *a,
    const struct history_run *run, struct trendpoint **tp, size_t *ntp)
{
	struct history_past	*past = NULL;
	size_t			 npast = 0;
	long long		 id;
	int			 rc = -1;

	*tp = NULL;
	*ntp = 0;
	if ((id = history_insert(h, a, run)) == -1)
		return (-1);
	if (history_pasts(h, run->scope, id, &past, &npast) == 0 &&
	    history_ages(h, a, past, npast) == 0 &&
	    history_trend(h, past, npast, tp, ntp) == 0)
		rc = 0;
	free(past);
	return (rc);
}

/* --- portaudit history --------------------------------------------- */

static const char *const history_list_cols[] = {
	"audit", "date", "scope", "hosts", "files", "findings", "critical",
	"high", "medium", "low", "info", "waived", "new", "resolved"
};
#define HISTORY_LIST_NCOLS \
	(sizeof(history_list_cols) / sizeof(history_list_cols[0]))

/*
 * Per audit: its facts, open findings by severity, waived ones, and the
 * ids new and gone since the scope's previous audit.
 */
static const char history_list_sql[] =
	"WITH prev AS (SELECT a.id AS id, (SELECT p.id FROM audit p"
	"  WHERE p.scope = a.scope AND (p.epoch, p.id) < (a.epoch, a.id)"
	"  ORDER BY p.epoch DESC, p.id DESC LIMIT 1) AS pid FROM audit a),"
	" k AS (SELECT audit, count(*) AS n,"
	"  sum(NOT waived AND severity = 'critical') AS critical,"
	"  sum(NOT waived AND severity = 'high') AS high,"
	"  sum(NOT waived AND severity = 'medium') AS medium,"
	"  sum(NOT waived AND severity = 'low') AS low,"
	"  sum(NOT waived AND severity = 'info') AS info,"
	"  sum(waived) AS waived FROM finding GROUP BY audit)"
	" SELECT a.id, a.date, a.scope, a.hosts, a.files, ifnull(k.n, 0),"
	"  ifnull(k.critical, 0), ifnull(k.high, 0), ifnull(k.medium, 0),"
	"  ifnull(k.low, 0), ifnull(k.info, 0), ifnull(k.waived, 0),"
	"  CASE WHEN prev.pid IS NULL THEN NULL ELSE"
	"  (SELECT count(DISTINCT f.id) FROM finding f WHERE f.audit = a.id"
	"    AND NOT EXISTS (SELECT 1 FROM finding g WHERE g.audit = prev.pid"
	"    AND g.id = f.id)) END,"
	"  CASE WHEN prev.pid IS NULL THEN NULL ELSE"
	"  (SELECT count(DISTINCT g.id) FROM finding g WHERE"
	"    g.audit = prev.pid AND NOT EXISTS (SELECT 1 FROM finding f"
	"    WHERE f.audit = a.id AND f.id = g.id)) END"
	" FROM audit a JOIN prev ON prev.id = a.id"
	" LEFT JOIN k ON k.audit = a.id"
	" WHERE ?1 IS NULL OR a.scope = ?1"
	" ORDER BY a.epoch, a.id";

/* A column as a CSV cell: numbers bare, text quoted, NULL empty. */
static void
history_csv_cell(FILE *fp, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
		csvw_int(fp, (long)sqlite3_column_int64(st, i), i > 0);
	else
		csvw_cell(fp, (const char *)sqlite3_column_text(st, i), i > 0);
}

int
history_list(struct history *h, FILE *fp, const char *scope, int csv)
{
	sqlite3_stmt	*st;
	const char	*v;
	size_t		 i, rows = 0;
	int		 rc;

	if (sqlite3_prepare_v2(h->db, history_list_sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		history_dberr(h, "cannot list the audits");
		return (-1);
	}
	history_bind_text(st, 1, scope);
	if (csv) {
		for (i = 0; i < HISTORY_LIST_NCOLS; i++)
			csvw_cell(fp, history_list_cols[i], i > 0);
		csvw_end(fp);
	} else
		fprintf(fp, "%6s  %-10s  %5s  %8s  %4s %4s %4s %4s %4s  %6s  "
		    "%4s %8s  %s\n", "audit", "date", "hosts", "findings",
		    "crit", "high", "med", "low", "info", "waived", "new",
		    "resolved", "scope");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		if (csv) {
			for (i = 0; i < HISTORY_LIST_NCOLS; i++)
				history_csv_cell(fp, st, (int)i);
			csvw_end(fp);
			continue;
		}
		fprintf(fp, "%6lld  %-10s  %5lld  %8lld  %4lld %4lld %4lld "
		    "%4lld %4lld  %6lld  ", sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 5),
		    sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
		    sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9),
		    sqlite3_column_int64(st, 10),
		    sqlite3_column_int64(st, 11));
		if (sqlite3_column_type(st, 12) == SQLITE_NULL)
			fprintf(fp, "%4s %8s  ", "-", "-");
		else
			fprintf(fp, "%4lld %8lld  ",
			    sqlite3_column_int64(st, 12),
			    sqlite3_column_int64(st, 13));
		v = (const char *)sqlite3_column_text(st, 2);
		fprintf(fp, "%s\n", v != NULL ? v : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		history_dberr(h, "cannot list the audits");
		return (-1);
	}
	if (!csv && rows == 0)
		fprintf(fp, "(no audit%s%s)\n", scope != NULL ? " of scope " :
		    "", scope != NULL ? scope : "");
	return (0);
}

int
history_findings(struct history *h, FILE *fp, long long audit)
{
	static const char *const cols[] = {
		"id", "severity", "rule", "host", "site", "proto", "port",
		"service", "waived"
	};
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	if (sqlite3_prepare_v2(h->db, "SELECT count(*) FROM audit WHERE id = "
	    "?", -1, &st, NULL) != SQLITE_OK) {
		history_dberr(h, "cannot read");
		return (-1);
	}
	sqlite3_bind_int64(st, 1, audit);
	rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc != 1) {
		diag(NULL, 0, DIAG_HISTORY, "%s: no audit %lld", h->path,
		    audit);
		return (-1);
	}
	/* The canonical order: severity (worst first), host, port. */
	if (sqlite3_prepare_v2(h->db, "SELECT id, severity, rule, host, site,"
	    " proto, port, service, waived FROM finding WHERE audit = ? "
	    "ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1"
	    " WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, host, site,"
	    " port, proto, rule, id", -1, &st, NULL) != SQLITE_OK) {
		history_dberr(h, "cannot read");
		return (-1);
	}
	sqlite3_bind_int64(st, 1, audit);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csvw_cell(fp, cols[i], i > 0);
	csvw_end(fp);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			history_csv_cell(fp, st, (int)i);
		csvw_end(fp);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		history_dberr(h, "cannot read");
		return (-1);
	}
	return (0);
}
