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

/* records.c: the records of an input, for inspect */

void	 records_header(FILE *, enum recfmt);
/* Write the input's records; all: also regvalue and unparsed ones. */
void	 records_write(FILE *, enum recfmt, const struct input *, int);
/* Per-input line accounting, one line per input. */
void	 records_summary(FILE *, const struct input *);

/* findings.c: findings.csv and inventory.csv */

struct audit;
struct finding;
void	 findings_csv(FILE *, struct template *, const struct audit *);
void	 inventory_csv(FILE *, const struct audit *);
/* A finding's detail or recommendation, expanded (malloc'd). */
char	*findings_text(struct template *, const struct finding *,
	    const char *);
/* Its evidence as "FILE:LINE: text" lines (malloc'd). */
char	*findings_evidence(const struct finding *);

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
