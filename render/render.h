/*
 * Renderers: they read the model (const) and write to a FILE.  Included only
 * by the renderers and the cmd_ files; renderers never see collector.h.
 */
#ifndef RENDER_H
#define RENDER_H

struct template;

enum recfmt {
	RECFMT_JSONL = 0,
	RECFMT_CSV
};

/* csvw.c: CSV cells through libcsv, neutralised against formulas */

/* Write one cell (NULL: empty); sep says whether a comma goes first. */
void	 csvw_cell(FILE *, const char *, int);
void	 csvw_int(FILE *, long, int);
void	 csvw_end(FILE *);
/* Whether a cell's text would be read as a formula by a spreadsheet. */
int	 csvw_is_formula(const char *);

/* bufw.c: records written straight into a buffer in front of a FILE */

struct bufw {
	FILE	*fp;
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 err;		/* a write failed */
};

void	 bufw_init(struct bufw *, FILE *);
void	 bufw_put(struct bufw *, const char *, size_t);
void	 bufw_puts(struct bufw *, const char *);
void	 bufw_long(struct bufw *, long);
/* A JSON string as jansson writes it (any bytes; NULL: null). */
void	 bufw_json_str(struct bufw *, const char *);
/* ,"key": (no comma when first). */
void	 bufw_json_key(struct bufw *, const char *, int);
/* A CSV cell as csvw_cell() writes it; an int as csvw_int() does. */
void	 bufw_csv_cell(struct bufw *, const char *, int);
void	 bufw_csv_int(struct bufw *, long, int);
/* After each record: write the buffer out once it is large. */
void	 bufw_end_record(struct bufw *);
void	 bufw_flush(struct bufw *);
/* Flush and free the buffer (b->err says whether a write failed). */
void	 bufw_done(struct bufw *);

/* records.c: the records of an input, for inspect */

void	 records_header(FILE *, enum recfmt);
/* Write the input's records; all: also regvalue and unparsed ones; -1
 * when a write failed. */
int	 records_write(FILE *, enum recfmt, const struct input *, int);
/* Per-input line accounting, one line per input. */
void	 records_summary(FILE *, const struct input *);

/* Which hosts get a page of their own in the PDF (--detail). */
enum detail {
	DETAIL_AUTO = 0,	/* all up to 200 hosts, else those with findings */
	DETAIL_ALL,
	DETAIL_FINDINGS,
	DETAIL_NONE
};

/* One audit of the trend chart (--history), oldest first. */
struct trendpoint {
	long long	 audit;		/* its id in the history */
	char		 date[11];	/* YYYY-MM-DD */
	unsigned long	 open[5];	/* by enum severity */
	unsigned long	 waived;
};

/*
 * Everything a renderer reads: the audit (const), the wording, the report
 * layout of the chosen audience, and the facts of this run.  Renderers
 * never see collector.h and never change the audit.
 */
struct report {
	const struct audit	*audit;
	const struct fleet	*fleet;
	struct template		*rules;		/* templates/rules.ini */
	struct template		*layout;	/* templates/NAME.ini */
	const char		*template_name;	/* compliance, migration,
						   evidence */
	const char		*organisation;	/* NULL: none given */
	const char		*date;		/* YYYY-MM-DD of the audit */
	long long		 epoch;		/* SOURCE_DATE_EPOCH or now */
	const char		*cmdline;	/* the command line, quoted */
	const char		*outdir;	/* --out DIR */
	enum detail		 detail;
	const char		*font;		/* TrueType file (fontconfig) */
	const char		*font_bold;
	struct suggestion	*suggestions;	/* safe ports per site */
	size_t			 nsuggestions;
	const struct plan	*plan;		/* portaudit plan's, or NULL */
	const char		*plan_chart;	/* the fleet map with the plan
						   applied (PNG), or NULL */
	const char		*plan_svg;	/* the same as an SVG document
						   (chart_svg_replay), or NULL */
	const char		*history;	/* --history FILE, or NULL */
	const char		*scope;		/* the audits compared */
	struct trendpoint	*trend;		/* the scope's last audits */
	size_t			 ntrend;
	int			 inventory_all;	/* --inventory all */
	unsigned		 jobs;		/* -j (0: one per CPU) */
};

/*
 * An output format: writes one file NAME (in the output folder) from the
 * report.  Returns 0, or -1 with a diagnostic raised.
 */
struct renderer {
	const char	*name;		/* --format name */
	const char	*file;		/* file written in the output folder */
	int		(*emit)(const struct report *, FILE *);
};

/* renderers.c */
extern const struct renderer *const renderer_table[];
const struct renderer *renderer_find(const char *);

/* json.c, sarif.c, pdf.c: one renderer each */
extern const struct renderer renderer_csv;
extern const struct renderer renderer_inventory;
extern const struct renderer renderer_json;
extern const struct renderer renderer_sarif;
extern const struct renderer renderer_pdf;
extern const struct renderer renderer_html;

/*
 * chart_*.c: Cairo charts, written as PNG (at dpi) and SVG.  Each returns
 * 0, or -1 with a diagnostic raised.
 */
struct hostinfo;
int	 chart_portmap(const struct report *, const struct hostinfo *,
	    const char *, const char *, double);
int	 chart_fleetmap(const struct report *, const char *, const char *,
	    double);
int	 chart_severity(const struct report *, const char *, const char *,
	    double);
int	 chart_rules(const struct report *, const char *, const char *,
	    double);
int	 chart_trend(const struct report *, const char *, const char *,
	    double);

/*
 * Charts inline in HTML: after chart_svg_capture, the next chart_* call
 * draws its SVG into memory instead of writing files: one <svg> element
 * with role="img", a <title> as its text alternative and every id
 * prefixed, so several charts share one page.  NULL ends a capture that
 * no chart took.
 */
struct chart_svg {
	const char	*idpfx;		/* set by the caller */
	const char	*title;		/* set by the caller */
	char		*p;		/* the <svg> element, malloc'd */
	size_t		 len;
};
void	 chart_svg_capture(struct chart_svg *);
/* A capture with idpfx NULL keeps the SVG document as drawn; replay
 * makes such a document the captured element, as if drawn now. */
int	 chart_svg_replay(const char *);

/* html.c: the document model (doc.h) as report.html; -1 when a chart
 * could not be drawn (diagnosed) */
struct doc;
int	 html_write(FILE *, const struct doc *);

/* jsonw.c (include <jansson.h> first) */
#ifdef JANSSON_H
json_t	*jsonw_text(const char *);

/* A JSON document written member by member, each member a small tree. */
#define JSONW_DEPTH	8
struct jsonw {
	FILE	*fp;			/* NULL: build the tree instead */
	json_t	*root;			/* the tree, without a FILE */
	json_t	*stack[JSONW_DEPTH];	/* the open containers' trees */
	size_t	 n[JSONW_DEPTH];	/* members of each open container */
	char	 close[JSONW_DEPTH];	/* and its closing '}' or ']' */
	int	 depth;			/* how many are open */
	int	 err;			/* a write failed */
};
void	 jsonw_begin(struct jsonw *, FILE *);
void	 jsonw_object(struct jsonw *, const char *);
void	 jsonw_array(struct jsonw *, const char *);
void	 jsonw_put(struct jsonw *, const char *, json_t *);
void	 jsonw_close(struct jsonw *);
int	 jsonw_end(struct jsonw *);
json_t	*jsonw_tree(struct jsonw *);

/* json.c and sarif.c: the document into a writer begun but not ended. */
struct report;
void	 json_document(struct jsonw *, const struct report *);
void	 sarif_document(struct jsonw *, const struct report *);
#endif

/* fonts.c */
char	*fonts_find(const char *);

/* findings.c: findings.csv */

struct audit;
struct finding;
struct pincheck;
void	 findings_csv(FILE *, struct template *, const struct audit *);
/* What netstat shows on a pinned port, in words ([pin-status] of
 * rules.ini; the status's name when it has none). */
const char *findings_pin_text(struct template *, const struct pincheck *);
/* The socket line behind it as "FILE:LINE: text" (malloc'd), or NULL. */
char	*findings_pin_evidence(const struct pincheck *);
/* A finding's detail or recommendation, expanded (malloc'd). */
char	*findings_text(struct template *, const struct finding *,
	    const char *);
/* Its evidence as "FILE:LINE: text" lines (malloc'd). */
char	*findings_evidence(const struct finding *);

/* inventory.c: inventory.csv, its hosts written by jobs threads (0: one
 * per CPU), the same bytes for any number; all: a row per socket, not
 * only the listeners (--inventory all).  -1 when a write failed. */
int	 inventory_csv(FILE *, struct template *, const struct audit *, int,
	    unsigned);

/* plancsv.c: plan.csv of portaudit plan; -1 on a write error */
struct plan;
int	 plancsv_emit(FILE *, const struct plan *, struct template *);
/* planreg.c: fix/HOST.reg and fix/HOST-rollback.reg into dir; -1 on
 * an error (diagnosed) */
int	 planreg_write(const char *, const struct plan *);
/* plancmd.c: fix/HOST.cmd and fix/HOST-rollback.cmd into dir; -1 on an
 * error (diagnosed) */
int	 plancmd_write(const char *, const struct plan *, struct template *);
struct hostinfo;
/* Whether the host's regedit reads REGEDIT4 only (Windows NT 4.0). */
int	 planreg_regedit4(const struct hostinfo *);
/* pdf.c: the fleet map of b, the audit with the plan applied, into
 * OUT/charts/fleetmap-plan.png; its path (malloc'd), or NULL. */
char	*pdf_plan_chart(const struct report *, const struct audit *);
/* Whether the plan writes a registry value on the host. */
int	 planreg_has(const struct plan *, const struct hostinfo *);

/* template.c: wording templates (INI) with #{key} placeholders */

struct template;
struct template	*template_load(const char *);
void		 template_free(struct template *);
const char	*template_get(const struct template *, const char *,
		    const char *);
const char	*template_get_variant(const struct template *, const char *,
		    const char *, const char *);
char		*template_expand(struct template *, const char *,
		    const char *(*)(const void *, const char *), const void *);
char		*template_dir(const char *);

#endif /* RENDER_H */
