/*
 * The audit pipeline shared by the audit and suggest commands.  Included
 * by the cmd_ files after analysis/analysis.h.
 */
#ifndef AUDIT_H
#define AUDIT_H

struct audit_opts {
	char		**paths;
	int		  npaths;
	char		**registries;	/* --registry files */
	int		  nregistries;
	const char	 *manifest;
	const char	 *policy;
	const char	 *settings;
	const char	 *outdir;
	const char	 *history;	/* --history: not an input */
	const char	 *baseline;	/* --baseline: not an input */
	const char	 *today;	/* YYYY-MM-DD */
	int		  progress;
	unsigned	  jobs;		/* -j (0: one per CPU) */
};

/* Options audit and suggest share: long option values and table rows. */
enum {
	AUDIT_OPT_MANIFEST = 512,
	AUDIT_OPT_REGISTRY,
	AUDIT_OPT_SETTINGS
};
#define AUDIT_OPTIONS \
	{ "manifest", required_argument, NULL, AUDIT_OPT_MANIFEST }, \
	{ "registry", required_argument, NULL, AUDIT_OPT_REGISTRY }, \
	{ "settings", required_argument, NULL, AUDIT_OPT_SETTINGS }, \
	{ "jobs", required_argument, NULL, 'j' }

/* getopt's short options of audit and suggest. */
#define AUDIT_SHORTOPTS	"qhj:"

/* Take a shared option (getopt's ch and optarg); 0 when ch is none. */
int		 audit_option(struct audit_opts *, int, char *);

const char	*audit_today(char *, size_t);
/* SOURCE_DATE_EPOCH when it holds a number, else the time now. */
long long	 audit_epoch(void);
/* Load everything and compute the host facts (when the fleet parks
 * socket records, park.c: only what every host needs first); -1 on an
 * input error. */
int		 audit_load(struct audit *, struct fleet *,
		    const struct audit_opts *);
/* Run the rules after audit_load(): rules_run(), or when the fleet parks
 * socket records, each host's facts and rules with its records read back,
 * then the fleet rules. */
void		 audit_analyse(struct audit *);
void		 audit_reference_services(struct audit *);

#endif /* AUDIT_H */
