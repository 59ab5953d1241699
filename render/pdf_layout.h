/*
 * The PDF's layout engine (pdf_layout.c) for the PDF backend (pdf.c):
 * pages, wrapped UTF-8 text, headings with outline entries, tables whose
 * header repeats on each page, and PNG images.  Include <hpdf.h>,
 * "portaudit.h", "analysis/analysis.h", "render.h" and "render/doc.h"
 * first.
 */
#ifndef PDF_LAYOUT_H
#define PDF_LAYOUT_H

#define PDF_W		595.276		/* A4, points */
#define PDF_H		841.89
#define PDF_LEFT	50.0
#define PDF_WIDTH	(PDF_W - 2 * PDF_LEFT)
#define PDF_TOP		(PDF_H - 58.0)
#define PDF_BOTTOM	58.0
#define PDF_BODYH	(PDF_TOP - PDF_BOTTOM)
#define PDF_DPI		200.0
#define PDF_PAD		3.0		/* table cell padding */

enum pdf_style {
	PS_BODY = 0,
	PS_EVIDENCE,
	PS_ITEM,
	PS_META,
	PS_CELL,
	PS_HEAD,
	PS_H1,
	PS_H2,
	PS_H3,
	PS_TITLE,
	PS_SUBTITLE,
	PS_FOOT
};

struct pdf_styledef {
	int	 bold;
	double	 size;
	double	 lead;		/* line height */
	double	 gray;		/* text colour, 0: black */
};

extern const struct pdf_styledef pdf_styles[];
/* Severity colours, RGB, indexed by enum severity. */
extern const double pdf_sevrgb[SEV__MAX][3];

struct pdf_line {
	const char	*s;
	size_t		 n;
};

struct pdf_lines {
	struct pdf_line	*v;
	size_t		 n;
	size_t		 cap;
};

struct pdf {
	const struct report	*r;
	struct doc		*d;		/* the document drawn */
	HPDF_Doc		 doc;
	HPDF_Page		 page;		/* NULL: none yet */
	HPDF_Page		*pages;
	size_t			 npages;
	HPDF_Font		 font;
	HPDF_Font		 bold;
	HPDF_Encoder		 enc;		/* UTF-8, for outline titles */
	HPDF_Outline		 ol[3];		/* last entry of each level */
	HPDF_STATUS		 err;		/* first libharu error */
	HPDF_STATUS		 errdetail;
	double			 y;		/* top of the free space */
	int			 fresh;		/* nothing drawn on the page */
	int			 breaknext;	/* next section: a new page */
	int			 titlepage;	/* on the title page: 1 before
						   its title, 2 after, 3 past
						   the subtitle */
	char			*chartdir;	/* OUT/charts, or NULL */
	struct pdf_lines	 lines;
};

struct pdf_table {
	struct doc_col		*cols;
	size_t			 ncols;
	const char		**labels;	/* NULL: no header row */
	struct pdf_lines	*head;		/* the header, wrapped */
	struct pdf_lines	*cells;		/* the current row, wrapped */
	struct pdf_lines	 extra;
	int			 rows;
};

/* pages and text */
HPDF_Font	 pdf_font(const struct pdf *, enum pdf_style);
void		 pdf_page_new(struct pdf *);
/* Make room for h points, on a new page when this one is too full. */
void		 pdf_need(struct pdf *, double);
/* Leave h points blank, except at the top of a page. */
void		 pdf_gap(struct pdf *, double);
/* Keep a block of h points on one page when it fits on one. */
void		 pdf_keep(struct pdf *, double);
double		 pdf_text_width(HPDF_Font, double, const char *, size_t);
void		 pdf_hline(struct pdf *, double, double, double);
void		 pdf_color(struct pdf *, double);
void		 pdf_show(struct pdf *, enum pdf_style, double, double,
		    const char *, size_t);
/* Wrapped text at an indent, in a colour (NULL: the style's). */
void		 pdf_para_at(struct pdf *, enum pdf_style, double,
		    const char *, const double *);
void		 pdf_para(struct pdf *, enum pdf_style, const char *);
double		 pdf_para_height(struct pdf *, enum pdf_style, double,
		    const char *);
void		 pdf_outline(struct pdf *, int, const char *);
void		 pdf_heading(struct pdf *, int, const char *, const double *);
/* A bar in the severity's colour left of the line about to be drawn. */
void		 pdf_marker(struct pdf *, enum severity);

/* tables */
void		 pdf_table_doc(struct pdf_table *, const struct doc_table *);
void		 pdf_table_row(struct pdf *, struct pdf_table *,
		    const char *const *, const char *);
void		 pdf_table_free(struct pdf *, struct pdf_table *);

/* images */
void		 pdf_image(struct pdf *, const char *, double);
void		 pdf_chart_paths(struct pdf *, const char *, char **, char **);

#endif /* PDF_LAYOUT_H */
