/*
 * The document model's builders, for doc*.c and the section builders
 * (sec_*.c).  Backends include doc.h only.
 */
#ifndef DOC_INT_H
#define DOC_INT_H

#define DOC_AUTO_HOSTS	200	/* --detail auto: all hosts up to */

/* The builders' own state (struct doc's priv). */
struct doc_private {
	char		 num[32];	/* a number for a lookup */
	char		*tmp;		/* a string for a lookup */
	char		**missing;	/* layout keys reported */
	size_t		 nmissing;
	char		**anchors;	/* claimed anchors: a hash set */
	size_t		 nanchors;
	size_t		 capanchors;
	const struct input **inputs;	/* fleet->inputs sorted by address */
	size_t		*inputidx;	/* ... and their index there */
	char		**inputanchor;	/* "input-N", by index */
	const char	*heading;	/* the last heading's text */
	size_t		 capnodes;
	unsigned	 endhints;	/* DOC_H_* for the section's end */
	size_t		 cursec;	/* index of the open section */
};

/* What placeholders see: local pairs, a finding, a host, the report. */
struct doc_scope {
	struct doc		*d;
	const char *const	*kv;		/* key, value, ..., NULL */
	const struct finding	*f;
	const struct doc_host	*h;
};

/* A column of a table as a section declares it. */
struct doc_coldef {
	const char	*key;		/* in [labels] */
	double		 width;
	int		 right;
};

/* doc_words.c: the layout's words and the report's figures */
void		 doc_counts(struct doc *);
void		 doc_missing(struct doc *, const char *, const char *);
/* [sec] key.variant expanded in sc (malloc'd); NULL when absent, with a
 * diagnostic unless optional. */
char		*doc_say_variant(struct doc *, const char *, const char *,
		    const char *, const struct doc_scope *, int);
char		*doc_say_req(struct doc *, const char *, const char *,
		    const struct doc_scope *);
char		*doc_say_opt(struct doc *, const char *, const char *,
		    const struct doc_scope *);

/* doc.c: nodes */
struct doc	*doc_new(const struct report *);
/* Build one section of the layout at level (sec_*.c, by name). */
void		 doc_section(struct doc *, const char *, int);
/* Check the links once every section is in. */
void		 doc_finish(struct doc *);
/* Claim an anchor id: the doc's copy, or NULL when taken (or NULL). */
const char	*doc_claim(struct doc *, const char *);
/* Open a section (anchor: claimed when free); its index. */
size_t		 doc_open(struct doc *, const char *, int, const char *,
		    const struct hostinfo *);
/* Close the section opened at index, with hints for its end. */
void		 doc_close(struct doc *, size_t, unsigned);
/* A heading (text taken, NULL: nothing). */
struct doc_node	*doc_heading(struct doc *, int, char *, int);
/* A paragraph (text taken; NULL: nothing, and NULL returned). */
struct doc_node	*doc_para(struct doc *, enum doc_style, char *);
/* The layout's section title and intro, under a new section. */
size_t		 doc_section_begin(struct doc *, const char *, int);
/* [sec] KEY_title as a heading, then KEY_intro or KEY_none. */
void		 doc_subsection(struct doc *, const char *, const char *, int,
		    int);
/* [sec] key as a paragraph of body text, when the layout has it. */
void		 doc_intro(struct doc *, const char *, const char *,
		    const struct doc_scope *);
struct doc_node	*doc_figure(struct doc *, enum doc_chart,
		    const struct hostinfo *, const char *, const char *,
		    const char *, double);
/* A table being filled, not yet in the document. */
struct doc_table *doc_table_new(struct doc *, const char *,
		    const struct doc_coldef *, size_t, int);
/* A row of cells (copied; NULL: empty) and its spanning line. */
struct doc_row	*doc_row_add(struct doc_table *, const char *const *,
		    const char *);
/* Put the table in the document when it has rows, and free it. */
struct doc_node	*doc_table_end(struct doc *, struct doc_table *,
		    enum doc_kind);
struct doc_node	*doc_finding(struct doc *, const struct finding *, int);
/* Links and attributes. */
struct doc_link	 doc_link_host(struct doc *, const struct hostinfo *);
struct doc_link	 doc_link_finding(const struct finding *);
struct doc_link	 doc_link_input(struct doc *, const struct input *);
struct doc_attrs doc_attrs_of(const struct finding *);
/* Whether a host gets a page (--detail). */
int		 doc_host_shown(const struct doc *, const struct doc_host *);
/* "proto/port", "port" or "" for -1. */
void		 doc_port(char *, size_t, enum proto, int);
/* An origin as "FILE:LINE", "FILE: value" or its note. */
void		 doc_origin(const struct origin *, char *, size_t);

/* sec_*.c: one function per section of the layout */
void		 sec_cover(struct doc *, int);
void		 sec_summary(struct doc *, int);
void		 sec_fleetmap(struct doc *, int);
void		 sec_findings(struct doc *, int);
void		 sec_evidence(struct doc *, int);
void		 sec_hosts(struct doc *, int);
void		 sec_settings(struct doc *, int);
void		 sec_fixedports(struct doc *, int);
void		 sec_changes(struct doc *, int);
void		 sec_trend(struct doc *, int);
void		 sec_waivers(struct doc *, int);
void		 sec_suggestions(struct doc *, int);
void		 sec_plan(struct doc *, int);
void		 sec_inputs(struct doc *, int);
void		 sec_skipped(struct doc *, int);
void		 sec_glossary(struct doc *, int);
void		 sec_about(struct doc *, int);
void		 sec_appendix(struct doc *, int);

#endif /* DOC_INT_H */
