/*
 * The audit history (--history FILE, portaudit history): every audit kept
 * in an SQLite database.  Included by the cmd_ files after
 * analysis/analysis.h and render/render.h.
 */
#ifndef HISTORY_H
#define HISTORY_H

/* The schema version this portaudit writes (PRAGMA user_version). */
#define HISTORY_SCHEMA		1
/* The audits the trend chart shows at most. */
#define HISTORY_TREND_MAX	12

struct history;

/*
 * Open a history database, creating it when create is set and it does not
 * exist, and bring its schema up to date; NULL (diagnosed) when it is not
 * a portaudit history, is newer than this portaudit or cannot be used.
 */
struct history	*history_open(const char *, int);
void		 history_close(struct history *);

/* What an audit is recorded with. */
struct history_run {
	const char	*scope;		/* which fleet: --scope or the paths */
	const char	*date;		/* YYYY-MM-DD */
	long long	 epoch;
	const char	*cmdline;
};

/*
 * Record the audit inside a transaction that history_end() ends, give each
 * finding the date it was first seen (without a break since) and the days
 * since, and return the trend of the scope's last audits (malloc'd, oldest
 * first, this one last) in *trend.  -1 (diagnosed) on a database error.
 */
int		 history_record(struct history *, struct audit *,
		    const struct history_run *, struct trendpoint **,
		    size_t *);
/* Commit the recorded audit (ok) or leave the database as it was. */
int		 history_end(struct history *, int);

/* portaudit history: the audits (of a scope, or all) as text or CSV. */
int		 history_list(struct history *, FILE *, const char *, int);
/* The findings of one audit as CSV; -1 (diagnosed) when it is not known. */
int		 history_findings(struct history *, FILE *, long long);

#endif /* HISTORY_H */
