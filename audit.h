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
	const char	 *today;	/* YYYY-MM-DD */
	int		  progress;
};

const char	*audit_today(char *, size_t);
/* Load everything and compute the host facts; -1 on an input error. */
int		 audit_load(struct audit *, struct fleet *,
		    const struct audit_opts *);
void		 audit_reference_services(struct audit *);

#endif /* AUDIT_H */
