/*
 * The report as a document model, built once and drawn by each medium.
 *
 * doc_build() reads the layout (templates/NAME.ini: which sections, in
 * which order, and every word) and the audit, and returns a flat list of
 * nodes in reading order.  A backend (pdf.c for report.pdf, an HTML
 * writer for report.html) walks d->v[0 .. d->n) and draws each node; it
 * never reads the layout's sections or builds a sentence itself.  Every
 * string of the model is already expanded and is UTF-8 as far as the
 * inputs are (host names and evidence lines come from the fleet and may
 * hold anything: a markup backend escapes every string it prints).
 *
 * Include "portaudit.h", "analysis/analysis.h" and "render.h" first.
 *
 * Structure.  DOC_SECTION opens a section and the matching DOC_END closes
 * it; sections nest (the appendix holds its parts, the hosts section one
 * section per host page).  A section's heading is the DOC_HEADING node
 * that follows its DOC_SECTION (a section may have none: the cover).
 * DOC_SECTION's u.sec.end is the index of its DOC_END, to skip it.
 *
 * Anchors and links.  Every anchor id is unique in the document, ASCII,
 * and holds only [A-Za-z0-9._-], so it is usable as an HTML id and in a
 * URL fragment as it is (a finding's id may start with a digit: find it
 * with getElementById, or escape it in a CSS selector).  They are
 * stable: the same audit gives the same ids.
 *	sec-NAME	a section of the layout ("sec-summary", "sec-inputs")
 *	host-STEM	a host: STEM is its name with every byte outside
 *			[A-Za-z0-9._-] as '_' (64 bytes at most), '-', and
 *			8 hex digits of FNV-1a over "SITE/NAME/" (the same
 *			stem names its port map chart in charts/)
 *	ID		a finding: its 16-hex-digit fingerprint (f->id), as
 *			in findings.csv, findings.json and SARIF
 *	input-N		an input file: N is its 1-based index in
 *			fleet->inputs, the row order of the inputs table
 * A thing listed twice (a host in the hosts and the settings sections, a
 * finding in the findings and the evidence sections) carries its anchor
 * where it appears first; later appearances have anchor NULL.  Every
 * link's target is an anchor of the document: doc_build() drops (sets to
 * DOC_TO_NONE) a link whose target the layout does not show.
 *
 * Media.  A node is for every medium unless its media says otherwise:
 * the findings index table (DOC_TABLE named "findings-index") is for the
 * screen only, because the PDF lists findings as blocks.
 *
 * Hints (DOC_H_*, need, keep) are what the paged medium needs; a screen
 * backend may use them for its print stylesheet or ignore them.
 */
#ifndef DOC_H
#define DOC_H

enum doc_kind {
	DOC_SECTION = 0,	/* u.sec; opens, closed by DOC_END */
	DOC_END,		/* closes the last open DOC_SECTION */
	DOC_HEADING,		/* u.head */
	DOC_PARA,		/* u.para */
	DOC_FACTS,		/* u.table: key-value facts, two columns
				   (key, value), no header row */
	DOC_TABLE,		/* u.table */
	DOC_FIGURE,		/* u.fig: a chart */
	DOC_FINDING		/* u.find: one finding with its evidence */
};

/* Media of a node (a mask); DOC_M_ALL when not said. */
#define DOC_M_PRINT	0x01	/* paged: report.pdf */
#define DOC_M_SCREEN	0x02	/* report.html */
#define DOC_M_ALL	(DOC_M_PRINT | DOC_M_SCREEN)

/* Paging hints of a node. */
#define DOC_H_NEWPAGE	0x01	/* start on a new page (host pages after the
				   first) */
#define DOC_H_BREAKAFTER 0x02	/* DOC_SECTION and its DOC_END: the
				   section after this one starts on a new
				   page */
#define DOC_H_TITLEPAGE	0x04	/* DOC_SECTION: a title page (the cover):
				   its TITLE paragraph is the document's
				   title, placed a third down the page */
#define DOC_H_FOOT	0x08	/* DOC_PARA: at the foot of the page (the
				   cover's note) */

/* What a link points to; target is the anchor id (see above). */
enum doc_to {
	DOC_TO_NONE = 0,
	DOC_TO_SECTION,		/* "sec-NAME" */
	DOC_TO_HOST,		/* "host-STEM" */
	DOC_TO_FINDING,		/* the finding's id */
	DOC_TO_INPUT		/* "input-N" */
};

struct doc_link {
	enum doc_to	 to;
	const char	*target;	/* NULL with DOC_TO_NONE; owned by
					   the doc */
};

/*
 * What a screen backend filters and sorts by: set on each finding block
 * and on every table row that stands for one finding (the findings index,
 * a host's findings, changes, waivers, ages).  Strings are NULL when not
 * known (a host without a site); sev is -1 when none.
 */
struct doc_attrs {
	int		 sev;		/* enum severity, or -1 */
	const char	*level;		/* severity_name(): "critical" ... */
	const char	*rule;		/* rule id, e.g. fixed-port-taken */
	const char	*site;
	const char	*host;		/* host name */
	const char	*finding;	/* finding id, or NULL */
};

/* Paragraph styles: the backend chooses type and spacing by style. */
enum doc_style {
	DOC_P_BODY = 0,		/* a paragraph of text (section intros,
				   notes, a finding's explanation) */
	DOC_P_ITEM,		/* a bold line that introduces the paragraph
				   after it (a critical finding's title);
				   coloured by sev when sev >= 0 */
	DOC_P_META,		/* small grey facts (the cover's note) */
	DOC_P_LEAD,		/* a lead-in naming the table under it (a
				   host's "Fixed-port settings"): a minor
				   heading on a screen */
	DOC_P_NOTE,		/* a short paragraph in a lead-in's place
				   when there is nothing to list */
	DOC_P_TITLE,		/* the document's title (title page) */
	DOC_P_SUBTITLE,		/* the line under it */
	DOC_P_EVIDENCE		/* one verbatim line of an input */
};

/*
 * A section.  name is the layout's section name ("summary", "hosts",
 * "inputs" ...) or, for a section the model adds, "host" (one host's
 * page in the hosts or the settings section).
 */
struct doc_section {
	const char		*name;
	int			 level;		/* 0: top level; appendix
						   parts and host pages 1 */
	const char		*anchor;	/* NULL: none (see above) */
	const struct hostinfo	*hi;		/* "host": its host */
	size_t			 end;		/* index of its DOC_END */
};

/* A heading; level 0 for a top-level section's title, deeper below. */
struct doc_heading {
	int		 level;		/* 0-3 */
	char		*text;
	const char	*anchor;	/* NULL: none */
	int		 sev;		/* a severity group's heading: enum
					   severity (drawn in its colour);
					   -1: none */
};

struct doc_para {
	enum doc_style	 style;
	char		*text;		/* may hold '\n' line ends */
	int		 sev;		/* colour, enum severity; -1: none */
};

struct doc_col {
	const char	*key;		/* stable column name: the [labels]
					   key ("severity", "host", "port") */
	const char	*label;		/* its header word, from [labels] */
	double		 width;		/* share of the text width; the
					   columns' shares add up to 1 */
	int		 right;		/* numbers: aligned right */
};

struct doc_cell {
	char		*text;		/* NULL: empty */
	struct doc_link	 link;		/* e.g. a host name to its page */
};

struct doc_row {
	struct doc_cell	*cells;		/* ncols of them */
	char		*extra;		/* NULL, or a line spanning every
					   column under the cells (an input's
					   SHA-256, the socket line behind a
					   setting as "FILE:LINE: text") */
	const char	*anchor;	/* NULL, or this row's id (inputs) */
	struct doc_link	 link;		/* the row as a whole (a finding) */
	struct doc_attrs attrs;		/* sev -1 and NULLs when the row is
					   not about one finding */
};

/*
 * A table.  name says what it lists, for a screen backend's classes and
 * scripts: "cover", "counts", "worst", "findings-index", "host-facts",
 * "host-settings", "host-findings", "suggestions", "waived", "expired",
 * "new", "resolved", "ages", "fixedports", "inputs", "skipped",
 * "glossary", "about".  A table without rows is not in the model.
 */
struct doc_table {
	const char	*name;
	struct doc_col	*cols;
	size_t		 ncols;
	int		 header;	/* draw the header row (repeated on
					   each page by the PDF) */
	struct doc_row	*rows;
	size_t		 nrows;
};

/* The charts (render/chart_*.c), each drawn by doc_chart(). */
enum doc_chart {
	DOC_CHART_SEVERITY = 0,		/* open findings by severity */
	DOC_CHART_RULES,		/* findings by rule */
	DOC_CHART_FLEETMAP,		/* every host's ranges, by site */
	DOC_CHART_TREND,		/* --history: the last audits */
	DOC_CHART_PORTMAP,		/* one host's port map */
	DOC_CHART_FLEETMAP_PLAN		/* the fleet map with a plan applied,
					   drawn before (report plan_chart,
					   plan_svg) */
};

struct doc_figure {
	enum doc_chart		 chart;
	const struct hostinfo	*hi;		/* DOC_CHART_PORTMAP: its host;
						   NULL for a fleet chart */
	char			*stem;		/* file stem in charts/:
						   "severity", "host-STEM" */
	char			*alt;		/* text alternative, never
						   NULL: the layout's
						   [summary] severity_alt or
						   rules_alt, [fleetmap] alt,
						   [trend] alt, [hosts] or
						   [settings] map_alt when
						   present, else the text of
						   the heading above it */
	double			 maxh;		/* paged: at most this share of
						   the page body's height */
};

/* One line of evidence: FILE:LINE: text, or text alone. */
struct doc_evline {
	const char	*file;		/* the input's path as given; NULL:
					   the text stands alone */
	unsigned	 line;		/* 1-based; 0: none (a hive value) */
	const char	*text;		/* verbatim */
	struct doc_link	 link;		/* to the input ("input-N") */
	char		*display;	/* "FILE:LINE: text" as printed */
};

/*
 * A finding block.  The findings section gives the full form (title,
 * meta, detail, recommendation, the evidence label and lines); the
 * evidence section the brief one (title and lines only: the other texts
 * are NULL).  Texts are NULL when the layout has no such key.
 */
struct doc_finding {
	const struct finding	*f;
	int			 brief;
	const char		*anchor;	/* the finding's id, or NULL */
	struct doc_attrs	 attrs;
	struct doc_link		 host;		/* to its host's page */
	char			*title;		/* "HOST: rule title" */
	char			*meta;		/* severity, rule, port, id */
	char			*detail;
	char			*recommendation;
	char			*evlabel;	/* "Evidence" */
	struct doc_evline	*ev;
	size_t			 nev;
};

struct doc_node {
	enum doc_kind	 kind;
	unsigned	 media;		/* DOC_M_*; DOC_M_ALL by default */
	unsigned	 hints;		/* DOC_H_* */
	double		 need;		/* paged: start a new page unless
					   this share of the page body is
					   free; 0: no need */
	size_t		 keep;		/* paged: keep this node and the
					   keep - 1 after it on one page
					   when they fit on one (1: this
					   table alone); 0: none */
	union {
		struct doc_section	 sec;
		struct doc_heading	 head;
		struct doc_para		 para;
		struct doc_table	 table;	/* DOC_TABLE, DOC_FACTS */
		struct doc_figure	 fig;
		struct doc_finding	 find;
	} u;
};

/* A host as the document sees it. */
struct doc_host {
	const struct hostinfo	*hi;
	char			*stem;		/* see host-STEM above */
	char			*anchor;	/* "host-STEM" */
	const struct finding	**f;		/* its findings, in the
						   audit's order */
	size_t			 nf;
	size_t			 open[SEV__MAX];
	size_t			 nopen;
	int			 shown;		/* has a host page (--detail) */
};

/* The figures of the report that placeholders name (#{hosts} ...). */
struct doc_counts {
	size_t	 hosts;			/* servers, not references */
	size_t	 sites;
	size_t	 files;
	size_t	 findings;
	size_t	 open;
	size_t	 waived;
	size_t	 expired;
	size_t	 hosts_with_findings;
	size_t	 skipped;
	size_t	 records;
	size_t	 unparsed;
	size_t	 rules;
	size_t	 suggestions;
	size_t	 pinned;
	size_t	 bysev_open[SEV__MAX];
	size_t	 bysev_waived[SEV__MAX];
	size_t	 pins[PINST__MAX];	/* settings by what netstat shows */
};

struct doc_private;

struct doc {
	const struct report	*r;
	const struct audit	*a;
	char			*title;		/* the report's title */
	struct doc_counts	 c;
	struct doc_host		*hosts;		/* parallel to a->hosts */
	struct doc_node		*v;		/* the nodes, in order */
	size_t			 n;
	struct doc_private	*priv;		/* the builders' own */
};

/* doc.c */

/* The whole report: every section of the layout, in its order. */
struct doc	*doc_build(const struct report *);
void		 doc_free(struct doc *);
/* A word of [labels]; a missing one is a diagnostic and is its key. */
const char	*doc_label(struct doc *, const char *);
/* [sec] key expanded with the report's figures (malloc'd); NULL when the
 * layout has no such key. */
char		*doc_say(struct doc *, const char *, const char *);
/* [sec] key expanded with local pairs (key, value, ..., NULL) before the
 * report's figures (malloc'd); NULL and a diagnostic when absent.  The
 * PDF's footer: doc_say_kv(d, "labels", "footer", {"page", "3", "pages",
 * "9", NULL}). */
char		*doc_say_kv(struct doc *, const char *, const char *,
		    const char *const *);
/* The doc_host of a finding or a hostinfo. */
const struct doc_host *doc_host_of(const struct doc *,
		    const struct hostinfo *);
/* Draw a figure's chart to png and svg (either may be NULL) at dpi;
 * 0, or -1 with a diagnostic raised. */
int		 doc_chart(const struct doc *, const struct doc_figure *,
		    const char *, const char *, double);

#endif /* DOC_H */
