/*
 * report.pdf: the audit as a document for people, drawn with libharu.
 *
 * The audience layout (templates/NAME.ini) decides which sections appear,
 * in which order, and holds every word printed on the page; this file only
 * places text, tables and the charts that chart_*.c draw.  Text is UTF-8
 * through a TrueType font.  Pages are laid out first and numbered after,
 * once their count is known.  Nothing in the document varies but the
 * inputs and SOURCE_DATE_EPOCH, so the same fleet gives the same bytes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"
#include "render/doc.h"
#include "render/doc_int.h"

#define PDF_W		595.276		/* A4, points */
#define PDF_H		841.89
#define PDF_LEFT	50.0
#define PDF_WIDTH	(PDF_W - 2 * PDF_LEFT)
#define PDF_TOP		(PDF_H - 58.0)
#define PDF_BOTTOM	58.0
#define PDF_BODYH	(PDF_TOP - PDF_BOTTOM)
#define PDF_DPI		200.0
#define PDF_PAD		3.0		/* table cell padding */
#define PDF_AUTO_HOSTS	200		/* --detail auto: all hosts up to */
#define PDF_WORST	10		/* hosts in the summary's list */
#define PDF_AGES	40		/* open findings in the age table */

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

static const struct pdf_styledef {
	int	 bold;
	double	 size;
	double	 lead;		/* line height */
	double	 gray;		/* text colour, 0: black */
} pdf_styles[] = {
	{ 0, 9.5, 13.0, 0.0 },		/* PS_BODY */
	{ 0, 7.0, 9.0, 0.25 },		/* PS_EVIDENCE */
	{ 1, 9.5, 13.0, 0.0 },		/* PS_ITEM */
	{ 0, 7.5, 10.0, 0.40 },		/* PS_META */
	{ 0, 8.0, 10.0, 0.0 },		/* PS_CELL */
	{ 1, 8.0, 10.0, 0.0 },		/* PS_HEAD */
	{ 1, 17.0, 22.0, 0.0 },		/* PS_H1 */
	{ 1, 12.5, 17.0, 0.0 },		/* PS_H2 */
	{ 1, 10.5, 14.0, 0.0 },		/* PS_H3 */
	{ 1, 26.0, 32.0, 0.0 },		/* PS_TITLE */
	{ 0, 13.0, 18.0, 0.30 },	/* PS_SUBTITLE */
	{ 0, 7.5, 10.0, 0.45 }		/* PS_FOOT */
};

/* Severity colours, RGB, indexed by enum severity. */
static const double pdf_sevrgb[SEV__MAX][3] = {
	{ 0.50, 0.50, 0.50 },		/* info */
	{ 0.20, 0.45, 0.75 },		/* low */
	{ 0.90, 0.58, 0.05 },		/* medium */
	{ 0.85, 0.27, 0.10 },		/* high */
	{ 0.62, 0.05, 0.12 }		/* critical */
};

/* What a host holds: its findings, and the open ones by severity. */
struct pdf_host {
	const struct hostinfo	*hi;
	const struct finding	**f;	/* in the audit's order */
	size_t			 nf;
	size_t			 open[SEV__MAX];
	size_t			 nopen;
	char			*chart;	/* file stem of its port map */
};

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
	const struct audit	*a;
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
	char			*chartdir;	/* OUT/charts, or NULL */
	char			*title;		/* the report title, expanded */
	struct pdf_host		*hosts;		/* parallel to a->hosts */
	size_t			 nhosts;	/* servers, not references */
	size_t			 nsites;
	size_t			 nfiles;
	size_t			 nfindings;
	size_t			 nrecords;	/* of every input */
	size_t			 nunparsed;
	size_t			 nrules;
	size_t			 nsuggestions;
	size_t			 nwithf;	/* hosts with open findings */
	size_t			 open[SEV__MAX];
	size_t			 waived[SEV__MAX];
	size_t			 nexpired;
	size_t			 nopen;
	size_t			 nwaived;
	size_t			 nskipped;
	size_t			 npinned;	/* settings, by pins[] status */
	size_t			 pins[PINST__MAX];
	char			 num[32];	/* a number for a lookup */
	char			*tmp;		/* a string for a lookup */
	char			**missing;	/* layout keys reported */
	size_t			 nmissing;
	struct pdf_lines	 lines;
	struct doc		*d;		/* the document drawn */
	int			 titlepage;	/* on the title page: 1 before
						   its title, 2 after, 3 past
						   the subtitle */
};

/* What placeholders see: local pairs, a finding, a host, the report. */
struct pdf_scope {
	struct pdf		*p;
	const char *const	*kv;		/* key, value, ..., NULL */
	const struct finding	*f;
	const struct pdf_host	*h;
};

struct pdf_col {
	const char	*label;		/* key in [labels] */
	double		 frac;		/* share of the width */
	int		 right;		/* numbers: aligned right */
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

typedef void (*pdf_section_fn)(struct pdf *, int);

static void	 pdf_section(struct pdf *, const char *, int);

/* --- Errors, words and placeholders ------------------------------ */

static void
pdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *arg)
{
	struct pdf	*p = arg;

	if (p->err == 0) {
		p->err = error;
		p->errdetail = detail;
	}
}

static const char *
pdf_count(struct pdf *p, size_t n)
{
	snprintf(p->num, sizeof(p->num), "%zu", n);
	return (p->num);
}

static const char *
pdf_hold(struct pdf *p, char *s)
{
	free(p->tmp);
	p->tmp = s;
	return (s);
}

/* The report's figures that placeholders can name. */
static const struct pdf_countdef {
	const char	*key;
	size_t		 off;		/* of a size_t in struct pdf */
} pdf_counts[] = {
	{ "hosts", offsetof(struct pdf, nhosts) },
	{ "sites", offsetof(struct pdf, nsites) },
	{ "files", offsetof(struct pdf, nfiles) },
	{ "findings", offsetof(struct pdf, nfindings) },
	{ "open", offsetof(struct pdf, nopen) },
	{ "waived", offsetof(struct pdf, nwaived) },
	{ "expired", offsetof(struct pdf, nexpired) },
	{ "hosts_with_findings", offsetof(struct pdf, nwithf) },
	{ "skipped", offsetof(struct pdf, nskipped) },
	{ "records", offsetof(struct pdf, nrecords) },
	{ "unparsed", offsetof(struct pdf, nunparsed) },
	{ "rules", offsetof(struct pdf, nrules) },
	{ "suggestions", offsetof(struct pdf, nsuggestions) },
	{ "pinned", offsetof(struct pdf, npinned) },
	{ "verified", offsetof(struct pdf, pins[PINST_VERIFIED]) },
	{ "owner_not_shown", offsetof(struct pdf, pins[PINST_OWNER_NOT_SHOWN]) },
	{ "owner_not_known", offsetof(struct pdf, pins[PINST_OWNER_NOT_KNOWN]) },
	{ "not_listening", offsetof(struct pdf, pins[PINST_NOT_LISTENING]) },
	{ "taken", offsetof(struct pdf, pins[PINST_TAKEN]) },
	{ "unchecked", offsetof(struct pdf, pins[PINST_UNCHECKED]) }
};

static const char *
pdf_lookup_report(struct pdf *p, const char *key)
{
	const struct report	*r = p->r;
	const char		*v = NULL;
	size_t			 i;

	for (i = 0; i < SEV__MAX; i++)
		if (strcmp(key, severity_name(i)) == 0)
			return (pdf_count(p, p->open[i]));
	for (i = 0; i < sizeof(pdf_counts) / sizeof(pdf_counts[0]); i++)
		if (strcmp(key, pdf_counts[i].key) == 0)
			return (pdf_count(p, *(const size_t *)(const void *)
			    ((const char *)p + pdf_counts[i].off)));
	if (strcmp(key, "title") == 0 || strcmp(key, "report_title") == 0)
		v = p->title;
	else if (strcmp(key, "organisation") == 0)
		v = r->organisation;
	else if (strcmp(key, "date") == 0)
		v = r->date;
	else if (strcmp(key, "version") == 0)
		v = PORTAUDIT_VERSION;
	else if (strcmp(key, "cmdline") == 0)
		v = r->cmdline;
	else if (strcmp(key, "template") == 0)
		v = r->template_name;
	else if (strcmp(key, "scope") == 0)
		v = r->scope;
	else if (strcmp(key, "history") == 0)
		v = r->history;
	else if (strcmp(key, "baseline") == 0)
		v = p->a->baseline != NULL ? p->a->baseline->path : NULL;
	else if (strcmp(key, "baseline_date") == 0)
		v = p->a->baseline != NULL ? p->a->baseline->date : NULL;
	else if (p->a->baseline != NULL && strcmp(key, "new") == 0)
		return (pdf_count(p, p->a->baseline->nnew));
	else if (p->a->baseline != NULL && strcmp(key, "resolved") == 0)
		return (pdf_count(p, p->a->baseline->nresolved));
	else if (p->a->baseline != NULL && strcmp(key, "unchanged") == 0)
		return (pdf_count(p, p->a->baseline->nunchanged));
	else
		return (NULL);
	return (v != NULL ? v : "");
}

static const char *
pdf_lookup_host(struct pdf *p, const struct pdf_host *h, const char *key)
{
	const struct hostinfo	*hi = h->hi;

	if (strcmp(key, "host") == 0)
		return (hi->host->name);
	if (strcmp(key, "site") == 0)
		return (hi->site != NULL ? hi->site : "");
	if (strcmp(key, "role") == 0)
		return (hi->role != NULL ? hi->role : "");
	if (strcmp(key, "os") == 0)
		return (hi->os.name != NULL ? hi->os.name :
		    hi->host->os != NULL ? hi->host->os : "");
	if (strcmp(key, "host_findings") == 0)
		return (pdf_count(p, h->nf));
	if (strcmp(key, "host_open") == 0)
		return (pdf_count(p, h->nopen));
	return (NULL);
}

static const char *
pdf_label_raw(struct pdf *, const char *);

static const char *
pdf_lookup_finding(struct pdf *p, const struct finding *f, const char *key)
{
	const char	*v;

	if (strcmp(key, "title") == 0)
		return (f->rule->title);
	if (strcmp(key, "rule") == 0)
		return (f->rule->id);
	if (strcmp(key, "id") == 0)
		return (f->id);
	if (strcmp(key, "severity") == 0)
		return (pdf_label_raw(p, severity_name(f->sev)));
	if (strcmp(key, "level") == 0)
		return (severity_name(f->sev));
	if (strcmp(key, "proto") == 0)
		return (f->proto != PROTO_NONE ? proto_name(f->proto) : "");
	if (strcmp(key, "port") == 0)
		return (f->port >= 0 ? pdf_count(p, f->port) : "");
	if (strcmp(key, "service") == 0)
		return (f->service != NULL ? f->service : "");
	if (strcmp(key, "reason") == 0)
		return (f->waiver_reason != NULL ? f->waiver_reason : "");
	if (strcmp(key, "expires") == 0)
		return (f->waiver_expires != NULL ? f->waiver_expires : "");
	if (strcmp(key, "change") == 0)
		return (f->change != CHANGE_NONE ?
		    pdf_label_raw(p, change_name(f->change)) : "");
	if (strcmp(key, "since") == 0)
		return (f->since != NULL ? f->since : "");
	if (strcmp(key, "days") == 0)
		return (f->days_open >= 0 ? pdf_count(p,
		    (size_t)f->days_open) : "");
	if (strcmp(key, "detail") == 0 || strcmp(key, "recommendation") == 0)
		return (pdf_hold(p, findings_text(p->r->rules, f, key)));
	if (strcmp(key, "host") != 0 && strcmp(key, "site") != 0 &&
	    (v = finding_get(f, key)) != NULL)
		return (v);
	return (NULL);
}

static const char *
pdf_lookup(const void *arg, const char *key)
{
	const struct pdf_scope	*sc = arg;
	const char		*v;
	size_t			 i;

	if (sc->kv != NULL)
		for (i = 0; sc->kv[i] != NULL; i += 2)
			if (strcmp(sc->kv[i], key) == 0)
				return (sc->kv[i + 1] != NULL ?
				    sc->kv[i + 1] : "");
	if (sc->f != NULL &&
	    (v = pdf_lookup_finding(sc->p, sc->f, key)) != NULL)
		return (v);
	if (sc->h != NULL && (v = pdf_lookup_host(sc->p, sc->h, key)) != NULL)
		return (v);
	return (pdf_lookup_report(sc->p, key));
}

/* Say once that the layout lacks a key. */
static void
pdf_missing(struct pdf *p, const char *sec, const char *key)
{
	char	*k;
	size_t	 i;

	xasprintf(&k, "%s.%s", sec, key);
	for (i = 0; i < p->nmissing; i++)
		if (strcmp(p->missing[i], k) == 0) {
			free(k);
			return;
		}
	p->missing = xrealloc(p->missing, (p->nmissing + 1) *
	    sizeof(*p->missing));
	p->missing[p->nmissing++] = k;
	diag(NULL, 0, DIAG_TEMPLATE, "%s layout: [%s] has no key %s",
	    p->r->template_name != NULL ? p->r->template_name : "pdf",
	    sec, key);
}

/* A word of [labels], unexpanded; a missing one prints as its key. */
static const char *
pdf_label_raw(struct pdf *p, const char *key)
{
	const char	*v;

	if ((v = template_get(p->r->layout, "labels", key)) != NULL)
		return (v);
	pdf_missing(p, "labels", key);
	return (key);
}

/* The expanded text of [sec] key (malloc'd); NULL when optional and
 * absent, else a diagnostic and NULL. */
static char *
pdf_say_variant(struct pdf *p, const char *sec, const char *key,
    const char *variant, const struct pdf_scope *sc, int optional)
{
	const char	*t;

	t = template_get_variant(p->r->layout, sec, key, variant);
	if (t == NULL) {
		if (!optional)
			pdf_missing(p, sec, key);
		return (NULL);
	}
	return (template_expand(p->r->layout, t, pdf_lookup, sc));
}

static char *
pdf_say(struct pdf *p, const char *sec, const char *key,
    const struct pdf_scope *sc)
{
	return (pdf_say_variant(p, sec, key, NULL, sc, 0));
}

static char *
pdf_say_opt(struct pdf *p, const char *sec, const char *key,
    const struct pdf_scope *sc)
{
	return (pdf_say_variant(p, sec, key, NULL, sc, 1));
}

/* --- Pages, text and wrapping ------------------------------------ */

static HPDF_Font
pdf_font(const struct pdf *p, enum pdf_style st)
{
	return (pdf_styles[st].bold ? p->bold : p->font);
}

static void
pdf_page_new(struct pdf *p)
{
	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->pages = xrealloc(p->pages, (p->npages + 1) * sizeof(*p->pages));
	p->pages[p->npages++] = p->page;
	p->y = PDF_TOP;
	p->fresh = 1;
}

/* Make room for h points, on a new page when this one is too full. */
static void
pdf_need(struct pdf *p, double h)
{
	if (p->page == NULL || (p->y - h < PDF_BOTTOM && !p->fresh))
		pdf_page_new(p);
}

static void
pdf_gap(struct pdf *p, double h)
{
	if (!p->fresh)
		p->y -= h;
}

/*
 * Bytes of the character at s; 1 for a byte that starts no valid UTF-8
 * sequence (a folder name is not always UTF-8), which is shown as U+FFFD.
 */
static size_t
pdf_utf8_len(const char *s)
{
	unsigned char	 c = (unsigned char)*s;
	size_t		 n, i;

	if (c < 0xc2 || c > 0xf4)
		return (1);
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return (1);
	return (n);
}

/* Whether the cl bytes at s are shown as U+FFFD. */
static int
pdf_is_fffd(const char *s, size_t cl)
{
	return (cl == 4 || (cl == 1 && (unsigned char)*s >= 0x80));
}

#define PDF_FFFD	"\xef\xbf\xbd"	/* U+FFFD, for what libharu drops */

/* Width of one character as pdf_show draws it. */
static double
pdf_char_width(HPDF_Font f, double size, const char *s, size_t n)
{
	HPDF_TextWidth	 tw;

	if ((unsigned char)*s < 0x20)
		s = " ", n = 1;
	else if (pdf_is_fffd(s, n))
		s = PDF_FFFD, n = 3;
	tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, n);
	return (tw.width * size / 1000.0);
}

static double
pdf_text_width(HPDF_Font f, double size, const char *s, size_t n)
{
	double	 w = 0;
	size_t	 i, cl;

	for (i = 0; i < n; i += cl) {
		cl = pdf_utf8_len(s + i);
		w += pdf_char_width(f, size, s + i, cl);
	}
	return (w);
}

static void
pdf_lines_add(struct pdf_lines *l, const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].s = s;
	l->v[l->n].n = n;
	l->n++;
}

/*
 * Cut s into lines no wider than maxw: at blanks, after a slash,
 * backslash, comma or hyphen, and inside a word only when the word alone
 * is too wide.  A newline always ends a line.
 */
static void
pdf_wrap(HPDF_Font f, double size, double maxw, const char *s,
    struct pdf_lines *out)
{
	size_t	 i = 0, start, brk, resume, cl;
	double	 w, cw;

	out->n = 0;
	for (;;) {
		while (s[i] == ' ')
			i++;
		start = i;
		brk = resume = 0;
		w = 0;
		for (;;) {
			if (s[i] == '\0' || s[i] == '\n') {
				pdf_lines_add(out, s + start, i - start);
				if (s[i] == '\0')
					return;
				i++;
				break;
			}
			cl = pdf_utf8_len(s + i);
			cw = pdf_char_width(f, size, s + i, cl);
			if (s[i] == ' ') {
				brk = i;
				resume = i + 1;
			} else if (w + cw > maxw && i > start) {
				if (brk > start) {
					pdf_lines_add(out, s + start,
					    brk - start);
					i = resume;
				} else
					pdf_lines_add(out, s + start,
					    i - start);
				break;
			} else if (s[i] == '/' || s[i] == '\\' ||
			    s[i] == ',' || s[i] == '-') {
				brk = resume = i + cl;
			}
			w += cw;
			i += cl;
		}
	}
}

static void
pdf_hline(struct pdf *p, double y, double gray, double w)
{
	HPDF_Page_SetGrayStroke(p->page, gray);
	HPDF_Page_SetLineWidth(p->page, w);
	HPDF_Page_MoveTo(p->page, PDF_LEFT, y);
	HPDF_Page_LineTo(p->page, PDF_LEFT + PDF_WIDTH, y);
	HPDF_Page_Stroke(p->page);
}

static void
pdf_color(struct pdf *p, double gray)
{
	HPDF_Page_SetGrayFill(p->page, gray);
}

/*
 * Show n bytes of s at (x, y): control characters as blanks; characters
 * beyond U+FFFF (which libharu's UTF-8 encoder drops) and bytes that are
 * not UTF-8 as U+FFFD.
 */
static void
pdf_show(struct pdf *p, enum pdf_style st, double x, double y,
    const char *s, size_t n)
{
	char	*buf, *o;
	size_t	 i, cl;

	if (n == 0)
		return;
	buf = o = xmalloc(3 * n + 1);
	for (i = 0; i < n; i += cl) {
		if ((cl = pdf_utf8_len(s + i)) > n - i)
			cl = n - i;
		if (pdf_is_fffd(s + i, cl)) {
			memcpy(o, PDF_FFFD, 3);
			o += 3;
		} else if ((unsigned char)s[i] < 0x20)
			*o++ = ' ';
		else {
			memcpy(o, s + i, cl);
			o += cl;
		}
	}
	*o = '\0';
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, pdf_font(p, st),
	    pdf_styles[st].size);
	HPDF_Page_TextOut(p->page, x, y, buf);
	HPDF_Page_EndText(p->page);
	free(buf);
}

/* Draw wrapped text at indent, breaking pages between lines. */
static void
pdf_para_at(struct pdf *p, enum pdf_style st, double indent, const char *s,
    const double *rgb)
{
	const struct pdf_styledef	*d = &pdf_styles[st];
	size_t				 i;

	if (s == NULL || *s == '\0')
		return;
	pdf_wrap(pdf_font(p, st), d->size, PDF_WIDTH - indent, s, &p->lines);
	for (i = 0; i < p->lines.n; i++) {
		pdf_need(p, d->lead);
		if (rgb != NULL)
			HPDF_Page_SetRGBFill(p->page, rgb[0], rgb[1], rgb[2]);
		else
			pdf_color(p, d->gray);
		pdf_show(p, st, PDF_LEFT + indent, p->y - d->size,
		    p->lines.v[i].s, p->lines.v[i].n);
		p->y -= d->lead;
		p->fresh = 0;
	}
	pdf_color(p, 0);
}

static void
pdf_para(struct pdf *p, enum pdf_style st, const char *s)
{
	pdf_para_at(p, st, 0, s, NULL);
}

/* The height that pdf_para_at would take. */
static double
pdf_para_height(struct pdf *p, enum pdf_style st, double indent,
    const char *s)
{
	const struct pdf_styledef	*d = &pdf_styles[st];

	if (s == NULL || *s == '\0')
		return (0);
	pdf_wrap(pdf_font(p, st), d->size, PDF_WIDTH - indent, s, &p->lines);
	return (p->lines.n * d->lead);
}

/* Keep a block of h points on one page when it fits on one. */
static void
pdf_keep(struct pdf *p, double h)
{
	pdf_need(p, h < PDF_BODYH * 0.9 ? h : pdf_styles[PS_BODY].lead * 4);
}

/* A paragraph of [sec] key, when the layout has one. */
static void
pdf_intro(struct pdf *p, const char *sec, const char *key,
    const struct pdf_scope *sc)
{
	char	*s;

	if ((s = pdf_say_opt(p, sec, key, sc)) == NULL)
		return;
	pdf_para(p, PS_BODY, s);
	pdf_gap(p, 6);
	free(s);
}

static void
pdf_outline(struct pdf *p, int level, const char *text)
{
	HPDF_Destination	 d;
	HPDF_Outline		 o;

	if (level > 2)
		return;
	o = HPDF_CreateOutline(p->doc, level > 0 ? p->ol[level - 1] : NULL,
	    text, p->enc);
	d = HPDF_Page_CreateDestination(p->page);
	HPDF_Destination_SetFitH(d, p->y + 4);
	HPDF_Outline_SetDestination(o, d);
	HPDF_Outline_SetOpened(o, HPDF_FALSE);
	p->ol[level] = o;
}

/* A heading at level 0-2 with its outline entry; keeps it off the foot. */
static void
pdf_heading(struct pdf *p, int level, const char *text, const double *rgb)
{
	static const enum pdf_style st[] = { PS_H1, PS_H2, PS_H3, PS_ITEM };
	const struct pdf_styledef	*d;

	if (level > 3)
		level = 3;
	d = &pdf_styles[st[level]];
	pdf_gap(p, level == 0 ? 0 : d->lead * 0.6);
	pdf_need(p, d->lead * 2 + 4 * pdf_styles[PS_BODY].lead);
	pdf_outline(p, level, text);
	if (rgb != NULL) {
		HPDF_Page_SetRGBFill(p->page, rgb[0], rgb[1], rgb[2]);
		HPDF_Page_Rectangle(p->page, PDF_LEFT - 9, p->y - d->size,
		    4, d->size);
		HPDF_Page_Fill(p->page);
	}
	pdf_para_at(p, st[level], 0, text, NULL);
	if (level == 0) {
		pdf_hline(p, p->y + 2, 0.6, 0.6);
		p->y -= 8;
	} else
		p->y -= 2;
}

/*
 * Start a section: a new page at the top level, the title of [sec] as a
 * heading, and its intro when the layout has one.
 */
static void
pdf_section_begin(struct pdf *p, const char *sec, int level)
{
	struct pdf_scope	 sc = { p, NULL, NULL, NULL };
	char			*s;

	if ((level == 0 || p->breaknext) && !p->fresh)
		pdf_page_new(p);
	p->breaknext = 0;
	if ((s = pdf_say(p, sec, "title", &sc)) == NULL)
		s = xstrdup(sec);
	pdf_heading(p, level, s, NULL);
	free(s);
	pdf_intro(p, sec, "intro", &sc);
}

/* --- Tables ------------------------------------------------------- */

static void
pdf_table_init(struct pdf *p, struct pdf_table *t, const struct pdf_col *c,
    size_t n, int header)
{
	size_t	 i;

	memset(t, 0, sizeof(*t));
	t->cols = xcalloc(n, sizeof(*t->cols));
	for (i = 0; i < n; i++) {
		t->cols[i].width = c[i].frac;
		t->cols[i].right = c[i].right;
	}
	t->ncols = n;
	t->cells = xcalloc(n, sizeof(*t->cells));
	if (!header)
		return;
	t->labels = xcalloc(n, sizeof(*t->labels));
	t->head = xcalloc(n, sizeof(*t->head));
	for (i = 0; i < n; i++)
		t->labels[i] = pdf_label_raw(p, c[i].label);
}

/* A table of the model: its columns and header words. */
static void
pdf_table_doc(struct pdf_table *t, const struct doc_table *dt)
{
	size_t	 i;

	memset(t, 0, sizeof(*t));
	t->cols = xcalloc(dt->ncols, sizeof(*t->cols));
	memcpy(t->cols, dt->cols, dt->ncols * sizeof(*t->cols));
	t->ncols = dt->ncols;
	t->cells = xcalloc(dt->ncols, sizeof(*t->cells));
	if (!dt->header)
		return;
	t->labels = xcalloc(dt->ncols, sizeof(*t->labels));
	t->head = xcalloc(dt->ncols, sizeof(*t->head));
	for (i = 0; i < dt->ncols; i++)
		t->labels[i] = dt->cols[i].label;
}

static void
pdf_table_free(struct pdf *p, struct pdf_table *t)
{
	size_t	 i;

	for (i = 0; i < t->ncols; i++) {
		free(t->cells[i].v);
		if (t->head != NULL)
			free(t->head[i].v);
	}
	free(t->cells);
	free(t->cols);
	free(t->head);
	free(t->extra.v);
	free(t->labels);
	if (t->rows > 0)
		pdf_gap(p, 8);
}

static double
pdf_col_x(const struct pdf_table *t, size_t c)
{
	double	 x = PDF_LEFT;
	size_t	 i;

	for (i = 0; i < c; i++)
		x += t->cols[i].width * PDF_WIDTH;
	return (x);
}

/* Draw lines [from, to) of every cell of a row, top at p->y. */
static void
pdf_table_lines(struct pdf *p, const struct pdf_table *t,
    const struct pdf_lines *cells, enum pdf_style st, size_t from, size_t to)
{
	const struct pdf_styledef	*d = &pdf_styles[st];
	const struct pdf_lines		*l;
	double				 x, w;
	size_t				 c, i;

	pdf_color(p, d->gray);
	for (c = 0; c < t->ncols; c++) {
		l = &cells[c];
		x = pdf_col_x(t, c) + PDF_PAD;
		for (i = from; i < to && i < l->n; i++) {
			w = 0;
			if (t->cols[c].right)
				w = t->cols[c].width * PDF_WIDTH - 2 * PDF_PAD -
				    pdf_text_width(pdf_font(p, st), d->size,
				    l->v[i].s, l->v[i].n);
			pdf_show(p, st, x + w, p->y - PDF_PAD - d->size -
			    (i - from) * d->lead, l->v[i].s, l->v[i].n);
		}
	}
	pdf_color(p, 0);
}

static void
pdf_table_wrap(struct pdf *p, const struct pdf_table *t, enum pdf_style st,
    const char *const *cells, struct pdf_lines *out)
{
	const struct pdf_styledef	*d = &pdf_styles[st];
	size_t				 c;

	for (c = 0; c < t->ncols; c++)
		pdf_wrap(pdf_font(p, st), d->size, t->cols[c].width *
		    PDF_WIDTH - 2 * PDF_PAD, cells[c] != NULL ? cells[c] : "",
		    &out[c]);
}

/* The lines of the tallest cell. */
static size_t
pdf_table_height(const struct pdf_table *t, const struct pdf_lines *cells)
{
	size_t	 c, n = 1;

	for (c = 0; c < t->ncols; c++)
		if (cells[c].n > n)
			n = cells[c].n;
	return (n);
}

static void
pdf_table_header(struct pdf *p, struct pdf_table *t)
{
	const struct pdf_styledef	*d = &pdf_styles[PS_HEAD];
	double				 h;

	if (t->labels == NULL)
		return;
	pdf_table_wrap(p, t, PS_HEAD, t->labels, t->head);
	h = pdf_table_height(t, t->head) * d->lead + 2 * PDF_PAD;
	HPDF_Page_SetGrayFill(p->page, 0.90);
	HPDF_Page_Rectangle(p->page, PDF_LEFT, p->y - h, PDF_WIDTH, h);
	HPDF_Page_Fill(p->page);
	pdf_table_lines(p, t, t->head, PS_HEAD, 0,
	    pdf_table_height(t, t->head));
	p->y -= h;
	pdf_hline(p, p->y, 0.55, 0.6);
	p->fresh = 0;
}

/* Space for the header and a first line of the table. */
static double
pdf_table_minh(const struct pdf_table *t)
{
	return ((t->labels != NULL ? 3 : 1) * pdf_styles[PS_CELL].lead +
	    4 * PDF_PAD);
}

/*
 * One row.  A row that does not fit moves to the next page, under a new
 * copy of the header; a row taller than a page is split between lines.
 * extra, when not NULL, spans every column under the cells.
 */
static void
pdf_table_row(struct pdf *p, struct pdf_table *t, const char *const *cells,
    const char *extra)
{
	const struct pdf_styledef	*d = &pdf_styles[PS_CELL];
	const struct pdf_styledef	*e = &pdf_styles[PS_EVIDENCE];
	size_t				 n, from, fit, i;
	double				 h, xh = 0;

	if (t->rows++ == 0) {
		pdf_need(p, pdf_table_minh(t));
		pdf_table_header(p, t);
	}
	if (extra != NULL) {
		pdf_wrap(p->font, e->size, PDF_WIDTH - 2 * PDF_PAD, extra,
		    &t->extra);
		xh = t->extra.n * e->lead;
	}
	pdf_table_wrap(p, t, PS_CELL, cells, t->cells);
	n = pdf_table_height(t, t->cells);
	h = n * d->lead + 2 * PDF_PAD + xh;
	if (p->y - h < PDF_BOTTOM && h <= PDF_BODYH - pdf_table_minh(t)) {
		pdf_page_new(p);
		pdf_table_header(p, t);
	}
	for (from = 0; from < n; from += fit) {
		fit = (size_t)((p->y - PDF_BOTTOM - 2 * PDF_PAD) / d->lead);
		if (fit == 0) {
			pdf_page_new(p);
			pdf_table_header(p, t);
			continue;
		}
		if (fit > n - from)
			fit = n - from;
		pdf_table_lines(p, t, t->cells, PS_CELL, from, from + fit);
		p->y -= fit * d->lead + (from + fit == n ? PDF_PAD : 0);
		if (from == 0)
			p->y -= PDF_PAD;
		p->fresh = 0;
	}
	pdf_color(p, e->gray);
	for (i = 0; i < t->extra.n && extra != NULL; i++) {
		pdf_need(p, e->lead);
		pdf_show(p, PS_EVIDENCE, PDF_LEFT + PDF_PAD, p->y - e->size,
		    t->extra.v[i].s, t->extra.v[i].n);
		p->y -= e->lead;
	}
	pdf_color(p, 0);
	if (extra != NULL)
		p->y -= PDF_PAD;
	pdf_hline(p, p->y, 0.80, 0.3);
}

/* --- Images ------------------------------------------------------- */

static uint32_t
pdf_be32(const unsigned char *b)
{
	return ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3]);
}

static HPDF_STATUS
pdf_png_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return (HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012"));
}

/*
 * An 8-bit RGB, non-interlaced PNG embedded without decoding it: its IDAT
 * data is a zlib stream with PNG row predictors, which a PDF FlateDecode
 * filter with /Predictor 15 reads as it is.  Decoding each chart and
 * deflating it again was most of the cost of a thousand-host report.
 * NULL when the file is of another kind (the caller falls back).
 */
static HPDF_Image
pdf_png_passthrough(struct pdf *p, const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	HPDF_Doc	 doc = p->doc;
	HPDF_Dict	 img, parms;
	unsigned char	 hdr[8], *idat = NULL, *chunk;
	uint32_t	 len, w = 0, h = 0;
	size_t		 nidat = 0;
	FILE		*fp;
	int		 ok = 0;

	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	if (fread(hdr, 1, 8, fp) != 8 || memcmp(hdr, sig, 8) != 0)
		goto done;
	while (fread(hdr, 1, 8, fp) == 8) {
		len = pdf_be32(hdr);
		if (len > 64 * 1024 * 1024)
			goto done;
		chunk = xmalloc(len + 4 > 0 ? len + 4 : 4);
		if (fread(chunk, 1, len + 4, fp) != len + 4) {
			free(chunk);
			goto done;
		}
		if (memcmp(hdr + 4, "IHDR", 4) == 0 && len >= 13) {
			w = pdf_be32(chunk);
			h = pdf_be32(chunk + 4);
			/* 8 bits, RGB, deflate, adaptive filters, no interlace */
			ok = chunk[8] == 8 && chunk[9] == 2 && chunk[10] == 0 &&
			    chunk[11] == 0 && chunk[12] == 0;
		} else if (memcmp(hdr + 4, "IDAT", 4) == 0) {
			idat = xrealloc(idat, nidat + len + 1);
			memcpy(idat + nidat, chunk, len);
			nidat += len;
		} else if (memcmp(hdr + 4, "IEND", 4) == 0) {
			free(chunk);
			break;
		} else if (!(hdr[4] & 0x20))
			ok = 0;		/* a critical chunk we do not know */
		free(chunk);
	}
	if (!ok || nidat == 0 || w == 0 || h == 0)
		goto done;
	img = HPDF_DictStream_New(doc->mmgr, doc->xref);
	if (img == NULL)
		goto fail;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	/* Already compressed: libharu must not deflate it again, and drops
	 * a /Filter entry of a stream it does not compress itself, so the
	 * entry is written from the dictionary's write hook. */
	img->filter = HPDF_STREAM_FILTER_NONE;
	img->write_fn = pdf_png_filter;
	if ((parms = HPDF_Dict_New(doc->mmgr)) == NULL ||
	    HPDF_Dict_AddName(img, "Type", "XObject") != HPDF_OK ||
	    HPDF_Dict_AddName(img, "Subtype", "Image") != HPDF_OK ||
	    HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w) != HPDF_OK ||
	    HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h) != HPDF_OK ||
	    HPDF_Dict_AddName(img, "ColorSpace", "DeviceRGB") != HPDF_OK ||
	    HPDF_Dict_AddNumber(img, "BitsPerComponent", 8) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Predictor", 15) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Colors", 3) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)w) != HPDF_OK ||
	    HPDF_Dict_Add(img, "DecodeParms", parms) != HPDF_OK ||
	    HPDF_Stream_Write(img->stream, idat, (HPDF_UINT)nidat) != HPDF_OK)
		goto fail;
	free(idat);
	fclose(fp);
	return ((HPDF_Image)img);
fail:
	HPDF_ResetError(doc);
done:
	free(idat);
	fclose(fp);
	return (NULL);
}

/*
 * A PNG across the text width, no taller than maxfrac of the page body;
 * a missing file (its chart failed, and said so) draws nothing.
 */
static void
pdf_image(struct pdf *p, const char *png, double maxfrac)
{
	HPDF_Image	 img;
	double		 w, h, iw, ih;

	if (png == NULL || access(png, R_OK) == -1)
		return;
	if ((img = pdf_png_passthrough(p, png)) == NULL &&
	    (img = HPDF_LoadPngImageFromFile2(p->doc, png)) == NULL) {
		HPDF_ResetError(p->doc);
		p->err = 0;
		diag(NULL, 0, DIAG_OUTPUT, "%s: cannot embed the chart", png);
		return;
	}
	iw = HPDF_Image_GetWidth(img);
	ih = HPDF_Image_GetHeight(img);
	if (iw <= 0 || ih <= 0)
		return;
	w = PDF_WIDTH;
	if (w > iw * 72.0 / PDF_DPI * 1.25)
		w = iw * 72.0 / PDF_DPI * 1.25;
	h = w * ih / iw;
	if (h > PDF_BODYH * maxfrac) {
		h = PDF_BODYH * maxfrac;
		w = h * iw / ih;
	}
	pdf_need(p, h + 4);
	HPDF_Page_DrawImage(p->page, img, PDF_LEFT + (PDF_WIDTH - w) / 2,
	    p->y - h, w, h);
	p->y -= h + 10;
	p->fresh = 0;
}

/* Host names as file names: [A-Za-z0-9._-], the rest '_', and a hash of
 * site and name so that two names never share a file. */
static char *
pdf_chart_stem(const struct hostinfo *hi)
{
	const char	*parts[2] = { hi->site != NULL ? hi->site : "",
			    hi->host->name };
	unsigned long	 h = 2166136261UL;
	char		*s, *o;
	const char	*c;
	size_t		 i, n = 0;

	for (i = 0; i < 2; i++) {
		for (c = parts[i]; *c != '\0'; c++)
			h = ((h ^ (unsigned char)*c) * 16777619UL) &
			    0xffffffffUL;
		h = ((h ^ '/') * 16777619UL) & 0xffffffffUL;
	}
	s = xmalloc(strlen(hi->host->name) + 16);
	for (c = hi->host->name, o = s; *c != '\0' && n < 64; c++, n++)
		*o++ = ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
		    *c == '-') ? *c : '_';
	snprintf(o, 16, "-%08lx", h);
	return (s);
}

static void
pdf_chart_paths(struct pdf *p, const char *stem, char **png, char **svg)
{
	xasprintf(png, "%s/%s.png", p->chartdir, stem);
	xasprintf(svg, "%s/%s.svg", p->chartdir, stem);
}

/* --- Facts of the audit ------------------------------------------- */

static void
pdf_facts(struct pdf *p)
{
	const struct audit	*a = p->a;
	const struct fleet	*fl = p->r->fleet;
	const struct finding	*f;
	struct pdf_host		*h;
	const char		**sites;
	size_t			 i, j;

	p->hosts = xcalloc(a->nhosts, sizeof(*p->hosts));
	sites = xcalloc(a->nhosts + 1, sizeof(*sites));
	for (i = 0; i < a->nhosts; i++) {
		p->hosts[i].hi = &a->hosts[i];
		p->hosts[i].chart = pdf_chart_stem(&a->hosts[i]);
		if (a->hosts[i].host->reference)
			continue;
		p->nhosts++;
		if (a->hosts[i].site == NULL)
			continue;
		for (j = 0; j < p->nsites; j++)
			if (strcmp(sites[j], a->hosts[i].site) == 0)
				break;
		if (j == p->nsites)
			sites[p->nsites++] = a->hosts[i].site;
	}
	free(sites);
	for (i = 0; i < a->nfindings; i++) {
		f = a->findings[i];
		h = &p->hosts[f->hi - a->hosts];
		h->f = xrealloc(h->f, (h->nf + 1) * sizeof(*h->f));
		h->f[h->nf++] = f;
		if (f->waiver_expired)
			p->nexpired++;
		if (f->waived) {
			p->waived[f->sev]++;
			p->nwaived++;
			continue;
		}
		p->open[f->sev]++;
		p->nopen++;
		if (h->nopen++ == 0)
			p->nwithf++;
		h->open[f->sev]++;
	}
	p->nskipped = fl->nskipped;
	for (i = 0; i < fl->ninputs; i++) {
		if (fl->inputs[i]->status != INPUT_OK)
			p->nskipped++;
		p->nrecords += input_src(fl->inputs[i])->records;
		p->nunparsed += input_src(fl->inputs[i])->lines_unparsed;
	}
	p->nfiles = fl->ninputs;
	p->nfindings = a->nfindings;
	p->nrules = rule_count;
	p->nsuggestions = p->r->nsuggestions;
	pins_count(a, p->pins);
	for (i = 0; i < PINST__MAX; i++)
		p->npinned += p->pins[i];
}

/* --- Sections ----------------------------------------------------- */

/* A bar in the severity's colour left of the line about to be drawn. */
static void
pdf_marker(struct pdf *p, enum severity sev)
{
	double	 h = pdf_styles[PS_ITEM].size;

	HPDF_Page_SetRGBFill(p->page, pdf_sevrgb[sev][0], pdf_sevrgb[sev][1],
	    pdf_sevrgb[sev][2]);
	HPDF_Page_Rectangle(p->page, PDF_LEFT - 9, p->y - h, 4, h);
	HPDF_Page_Fill(p->page);
	pdf_color(p, 0);
}

static void
pdf_suggestions(struct pdf *p, int level)
{
	static const struct pdf_col cols[] = {
		{ "site", 0.40, 0 }, { "proto", 0.20, 0 },
		{ "port", 0.20, 1 }, { "checked", 0.20, 1 }
	};
	struct pdf_scope	 sc = { p, NULL, NULL, NULL };
	const struct report	*r = p->r;
	const struct suggestion	*sg;
	struct pdf_table	 t;
	const char		*row[4];
	char			 port[16], hosts[16];
	size_t			 i;

	pdf_section_begin(p, "suggestions", level);
	if (r->nsuggestions == 0) {
		pdf_intro(p, "suggestions", "none", &sc);
		return;
	}
	pdf_table_init(p, &t, cols, 4, 1);
	for (i = 0; i < r->nsuggestions; i++) {
		sg = &r->suggestions[i];
		snprintf(port, sizeof(port), "%d", sg->port);
		snprintf(hosts, sizeof(hosts), "%d", sg->hosts);
		row[0] = sg->site != NULL ? sg->site :
		    pdf_label_raw(p, "fleet");
		row[1] = proto_name(sg->proto);
		row[2] = port;
		row[3] = hosts;
		pdf_table_row(p, &t, row, NULL);
	}
	pdf_table_free(p, &t);
}

static void
pdf_hex(const unsigned char *md, char *out)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

static void
pdf_inputs(struct pdf *p, int level)
{
	static const struct pdf_col cols[] = {
		{ "file", 0.48, 0 }, { "kind", 0.16, 0 },
		{ "records", 0.12, 1 }, { "recognised", 0.12, 1 },
		{ "unparsed", 0.12, 1 }
	};
	const struct fleet	*fl = p->r->fleet;
	const struct input	*in, *src;
	struct pdf_scope	 sc = { p, NULL, NULL, NULL };
	struct pdf_table	 t;
	const char		*row[5], *kv[3];
	char			 n[3][24], hex[65], *extra;
	size_t			 i;

	pdf_section_begin(p, "inputs", level);
	pdf_table_init(p, &t, cols, 5, 1);
	for (i = 0; i < fl->ninputs; i++) {
		in = fl->inputs[i];
		src = input_src(in);
		snprintf(n[0], sizeof(n[0]), "%lu", src->records);
		snprintf(n[1], sizeof(n[1]), "%lu", src->lines_known);
		snprintf(n[2], sizeof(n[2]), "%lu", src->lines_unparsed);
		row[0] = in->path;
		row[1] = in->format != NULL ? in->format :
		    pdf_label_raw(p, "unknown");
		row[2] = n[0];
		row[3] = n[1];
		row[4] = n[2];
		kv[0] = "sha256";
		kv[1] = hex;
		kv[2] = NULL;
		sc.kv = kv;
		if (in->have_sha256) {
			pdf_hex(in->sha256, hex);
			extra = pdf_say(p, "inputs", "sha256", &sc);
		} else
			extra = pdf_say_opt(p, "inputs", "nosha256", &sc);
		pdf_table_row(p, &t, row, extra);
		free(extra);
	}
	pdf_table_free(p, &t);
}

static void
pdf_skipped(struct pdf *p, int level)
{
	static const struct pdf_col cols[] = {
		{ "file", 0.60, 0 }, { "reason", 0.40, 0 }
	};
	static const char *const why[] = { NULL, "unreadable",
	    "unidentified", "too_big" };
	struct pdf_scope	 sc = { p, NULL, NULL, NULL };
	const struct fleet	*fl = p->r->fleet;
	struct pdf_table	 t;
	const char		*row[2];
	size_t			 i;
	int			 st;

	pdf_section_begin(p, "skipped", level);
	if (p->nskipped == 0) {
		pdf_intro(p, "skipped", "none", &sc);
		return;
	}
	pdf_table_init(p, &t, cols, 2, 1);
	for (i = 0; i < fl->nskipped; i++) {
		row[0] = fl->skipped[i].path;
		row[1] = fl->skipped[i].reason;
		pdf_table_row(p, &t, row, NULL);
	}
	for (i = 0; i < fl->ninputs; i++) {
		if ((st = fl->inputs[i]->status) == INPUT_OK)
			continue;
		row[0] = fl->inputs[i]->path;
		row[1] = pdf_label_raw(p, why[st]);
		pdf_table_row(p, &t, row, NULL);
	}
	pdf_table_free(p, &t);
}

static void
pdf_glossary(struct pdf *p, int level)
{
	static const struct pdf_col cols[] = {
		{ "rule", 0.22, 0 }, { "level", 0.10, 0 },
		{ "title", 0.22, 0 }, { "help", 0.46, 0 }
	};
	const struct rule	*ru;
	struct pdf_table	 t;
	const char		*row[4];
	size_t			 i;

	pdf_section_begin(p, "glossary", level);
	pdf_table_init(p, &t, cols, 4, 1);
	for (i = 0; i < rule_count; i++) {
		ru = rule_table[i];
		row[0] = ru->id;
		row[1] = pdf_label_raw(p, severity_name(ru->level));
		row[2] = ru->title;
		row[3] = ru->help;
		pdf_table_row(p, &t, row, NULL);
	}
	pdf_table_free(p, &t);
}

static void
pdf_about(struct pdf *p, int level)
{
	static const struct pdf_col cols[] = {
		{ "fact", 0.25, 0 }, { "value", 0.75, 0 }
	};
	const struct report	*r = p->r;
	struct pdf_table	 t;
	const char		*row[2];
	char			 epoch[32];

	pdf_section_begin(p, "about", level);
	pdf_keep(p, 5 * (pdf_styles[PS_CELL].lead + 2 * PDF_PAD));
	pdf_table_init(p, &t, cols, 2, 0);
	row[0] = pdf_label_raw(p, "version");
	row[1] = PORTAUDIT_VERSION;
	pdf_table_row(p, &t, row, NULL);
	row[0] = pdf_label_raw(p, "cmdline");
	row[1] = r->cmdline;
	pdf_table_row(p, &t, row, NULL);
	row[0] = pdf_label_raw(p, "layout");
	row[1] = r->template_name;
	pdf_table_row(p, &t, row, NULL);
	row[0] = pdf_label_raw(p, "date");
	row[1] = r->date;
	pdf_table_row(p, &t, row, NULL);
	snprintf(epoch, sizeof(epoch), "%lld", r->epoch);
	row[0] = pdf_label_raw(p, "epoch");
	row[1] = epoch;
	pdf_table_row(p, &t, row, NULL);
	pdf_table_free(p, &t);
}

/* The parts that [appendix] parts lists, each under the appendix. */
static void
pdf_appendix(struct pdf *p, int level)
{
	const char	*parts;
	char		*v, *tok, *save;

	pdf_section_begin(p, "appendix", level);
	if ((parts = template_get(p->r->layout, "appendix", "parts")) ==
	    NULL) {
		pdf_missing(p, "appendix", "parts");
		return;
	}
	v = xstrdup(parts);
	for (tok = strtok_r(v, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save))
		if (strcmp(tok, "appendix") != 0)
			pdf_section(p, tok, level + 1);
	free(v);
}

/* --- Drawing the model -------------------------------------------- */

static const enum pdf_style pdf_parastyle[] = {
	PS_BODY,	/* DOC_P_BODY */
	PS_ITEM,	/* DOC_P_ITEM */
	PS_META,	/* DOC_P_META */
	PS_ITEM,	/* DOC_P_LEAD */
	PS_BODY,	/* DOC_P_NOTE */
	PS_TITLE,	/* DOC_P_TITLE */
	PS_SUBTITLE,	/* DOC_P_SUBTITLE */
	PS_EVIDENCE	/* DOC_P_EVIDENCE */
};

static const double *
pdf_sev(int sev)
{
	return (sev >= 0 && sev < SEV__MAX ? pdf_sevrgb[sev] : NULL);
}

/* The height a node of a kept group takes: a paragraph's lines, a
 * table's rows at one line each. */
static double
pdf_node_height(struct pdf *p, const struct doc_node *n)
{
	switch (n->kind) {
	case DOC_PARA:
		return (pdf_para_height(p, pdf_parastyle[n->u.para.style], 0,
		    n->u.para.text));
	case DOC_TABLE:
	case DOC_FACTS:
		return (n->u.table.nrows * (pdf_styles[PS_CELL].lead +
		    2 * PDF_PAD));
	default:
		return (0);
	}
}

/*
 * A paragraph: body text with a gap under it, a lead-in with room for
 * what follows it, the title page's title with its outline entry.
 */
static void
pdf_draw_para(struct pdf *p, const struct doc_node *n)
{
	const struct doc_para	*pa = &n->u.para;
	enum pdf_style		 st = pdf_parastyle[pa->style];

	switch (pa->style) {
	case DOC_P_TITLE:
		pdf_outline(p, 0, pa->text);
		pdf_para(p, st, pa->text);
		p->y -= 6;
		if (p->titlepage == 1)
			p->titlepage = 2;
		break;
	case DOC_P_BODY:
		pdf_para(p, st, pa->text);
		pdf_gap(p, 6);
		break;
	case DOC_P_LEAD:
	case DOC_P_NOTE:
		pdf_gap(p, 4);
		pdf_need(p, 5 * pdf_styles[PS_BODY].lead);
		pdf_para(p, st, pa->text);
		pdf_gap(p, 2);
		break;
	case DOC_P_META:
		if (n->hints & DOC_H_FOOT)
			p->y = PDF_BOTTOM + 60;
		pdf_para(p, st, pa->text);
		break;
	case DOC_P_EVIDENCE:
		pdf_para_at(p, st, 10, pa->text, NULL);
		break;
	default:
		pdf_para_at(p, st, 0, pa->text, pdf_sev(pa->sev));
		break;
	}
}

static void
pdf_draw_table(struct pdf *p, const struct doc_table *dt)
{
	struct pdf_table	 t;
	const char		**cells;
	size_t			 i, j;

	if (p->titlepage)
		p->y -= 16;
	pdf_table_doc(&t, dt);
	cells = xcalloc(dt->ncols, sizeof(*cells));
	for (i = 0; i < dt->nrows; i++) {
		for (j = 0; j < dt->ncols; j++)
			cells[j] = dt->rows[i].cells[j].text;
		pdf_table_row(p, &t, cells, dt->rows[i].extra);
	}
	free(cells);
	pdf_table_free(p, &t);
}

static void
pdf_draw_figure(struct pdf *p, const struct doc_figure *fig)
{
	char	*png, *svg;

	if (p->chartdir == NULL)
		return;
	pdf_chart_paths(p, fig->stem, &png, &svg);
	if (doc_chart(p->d, fig, png, svg, PDF_DPI) == 0)
		pdf_image(p, png, fig->maxh);
	free(png);
	free(svg);
}

/* Every evidence line, one paragraph each (a line of several: each). */
static void
pdf_draw_evlines(struct pdf *p, const struct doc_finding *b, double indent)
{
	char	*line, *next, *v;
	size_t	 i;

	for (i = 0; i < b->nev; i++) {
		v = xstrdup(b->ev[i].display);
		for (line = v; line != NULL; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			pdf_para_at(p, PS_EVIDENCE, indent, line, NULL);
		}
		free(v);
	}
}

/* The evidence lines as one text, for their height. */
static char *
pdf_evtext(const struct doc_finding *b)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*fp;

	if (b->nev == 0)
		return (NULL);
	fp = open_memstream(&buf, &len);
	for (i = 0; i < b->nev; i++)
		fprintf(fp, "%s%s", i > 0 ? "\n" : "", b->ev[i].display);
	fclose(fp);
	return (buf);
}

/* One finding: title, facts, detail, recommendation and evidence, kept
 * on one page when they fit; the brief form has title and evidence. */
static void
pdf_draw_finding(struct pdf *p, const struct doc_finding *b)
{
	static const enum pdf_style st[] = {
		PS_ITEM, PS_META, PS_BODY, PS_BODY, PS_META
	};
	const char	*s[5];
	char		*ev;
	double		 h;
	size_t		 i;

	s[0] = b->title;
	s[1] = b->meta;
	s[2] = b->detail;
	s[3] = b->recommendation;
	s[4] = b->evlabel;
	ev = pdf_evtext(b);
	if (b->brief)
		h = pdf_para_height(p, PS_ITEM, 0, s[0]) +
		    pdf_para_height(p, PS_EVIDENCE, 10, ev);
	else {
		h = pdf_para_height(p, PS_EVIDENCE, 10, ev) + 3;
		for (i = 0; i < 5; i++)
			h += pdf_para_height(p, st[i], 0, s[i]);
	}
	free(ev);
	pdf_keep(p, h);
	pdf_marker(p, b->f->sev);
	for (i = 0; i < (b->brief ? 1 : 5); i++) {
		if (i == 3 && s[3] != NULL)
			pdf_gap(p, 3);
		pdf_para(p, st[i], s[i]);
	}
	pdf_draw_evlines(p, b, 10);
	pdf_gap(p, b->brief ? 6 : 10);
}

/*
 * A section's page: the title page starts one and lowers its title; a
 * host page starts one unless it fits under what is there; any other
 * section starts one at the top level or after host pages.
 */
static void
pdf_draw_section(struct pdf *p, const struct doc_node *n)
{
	const struct doc_section	*sec = &n->u.sec;

	if (n->hints & DOC_H_TITLEPAGE) {
		if (!p->fresh)
			pdf_page_new(p);
		p->y = PDF_TOP - 150;
		p->titlepage = 1;
	} else if (sec->hi != NULL) {
		if ((n->hints & DOC_H_NEWPAGE) ||
		    p->y < PDF_BOTTOM + PDF_BODYH * n->need)
			pdf_page_new(p);
	} else {
		if ((sec->level == 0 || p->breaknext) && !p->fresh)
			pdf_page_new(p);
		p->breaknext = 0;
	}
}

static void
pdf_draw_node(struct pdf *p, const struct doc_node *n, size_t i)
{
	double	 h = 0;
	size_t	 k;

	if (!(n->media & DOC_M_PRINT))
		return;
	if (p->titlepage == 2 && n->kind != DOC_END &&
	    !(n->kind == DOC_PARA && n->u.para.style == DOC_P_SUBTITLE)) {
		p->y -= 30;
		p->titlepage = 3;
	}
	if (n->keep > 0) {
		for (k = i; k < i + n->keep && k < p->d->n; k++)
			h += pdf_node_height(p, &p->d->v[k]);
		pdf_keep(p, h);
	}
	switch (n->kind) {
	case DOC_SECTION:
		pdf_draw_section(p, n);
		break;
	case DOC_END:
		if (n->hints & DOC_H_BREAKAFTER)
			p->breaknext = 1;
		p->titlepage = 0;
		break;
	case DOC_HEADING:
		if (n->need > 0)
			pdf_need(p, PDF_BODYH * n->need);
		pdf_heading(p, n->u.head.level, n->u.head.text,
		    pdf_sev(n->u.head.sev));
		break;
	case DOC_PARA:
		pdf_draw_para(p, n);
		break;
	case DOC_FACTS:
	case DOC_TABLE:
		pdf_draw_table(p, &n->u.table);
		break;
	case DOC_FIGURE:
		pdf_draw_figure(p, &n->u.fig);
		break;
	case DOC_FINDING:
		pdf_draw_finding(p, &n->u.find);
		break;
	}
}

/* Draw the nodes [from, to) of the document. */
static void
pdf_draw(struct pdf *p, size_t from, size_t to)
{
	size_t	 i;

	for (i = from; i < to; i++)
		pdf_draw_node(p, &p->d->v[i], i);
}

static const struct pdf_section {
	const char	*name;
	pdf_section_fn	 draw;
} pdf_sections[] = {
	{ "suggestions", pdf_suggestions },
	{ "inputs", pdf_inputs },
	{ "skipped", pdf_skipped },
	{ "glossary", pdf_glossary },
	{ "about", pdf_about },
	{ "appendix", pdf_appendix }
};

static void
pdf_section(struct pdf *p, const char *name, int level)
{
	size_t	 i, from;

	if (doc_section_has(name)) {
		from = p->d->n;
		doc_section(p->d, name, level);
		pdf_draw(p, from, p->d->n);
		return;
	}
	for (i = 0; i < sizeof(pdf_sections) / sizeof(pdf_sections[0]); i++)
		if (strcmp(pdf_sections[i].name, name) == 0) {
			pdf_sections[i].draw(p, level);
			return;
		}
	diag(NULL, 0, DIAG_TEMPLATE, "%s layout: unknown section %s",
	    p->r->template_name != NULL ? p->r->template_name : "pdf", name);
}

/* --- The document ------------------------------------------------- */

/* "Page N of M" on every page, and the title above all but the first. */
static void
pdf_furniture(struct pdf *p)
{
	const struct pdf_styledef	*d = &pdf_styles[PS_FOOT];
	struct pdf_scope		 sc = { p, NULL, NULL, NULL };
	const char			*kv[5];
	char				 num[2][24], *s;
	size_t				 i;

	kv[0] = "page";
	kv[1] = num[0];
	kv[2] = "pages";
	kv[3] = num[1];
	kv[4] = NULL;
	sc.kv = kv;
	snprintf(num[1], sizeof(num[1]), "%zu", p->npages);
	for (i = 0; i < p->npages; i++) {
		p->page = p->pages[i];
		snprintf(num[0], sizeof(num[0]), "%zu", i + 1);
		if ((s = pdf_say(p, "labels", "footer", &sc)) == NULL)
			s = xstrdup(num[0]);
		pdf_color(p, d->gray);
		pdf_show(p, PS_FOOT, PDF_LEFT + PDF_WIDTH - pdf_text_width(
		    p->font, d->size, s, strlen(s)), PDF_BOTTOM - 26, s,
		    strlen(s));
		free(s);
		if (i > 0) {
			pdf_show(p, PS_FOOT, PDF_LEFT, PDF_TOP + 22, p->title,
			    strlen(p->title));
			pdf_hline(p, PDF_TOP + 16, 0.8, 0.4);
		}
		pdf_hline(p, PDF_BOTTOM - 14, 0.8, 0.4);
		pdf_color(p, 0);
	}
}

static void
pdf_info(struct pdf *p)
{
	HPDF_Date	 d;
	struct tm	 tm;
	time_t		 t = (time_t)p->r->epoch;
	char		*creator;

	HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, p->title);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, "portaudit");
	xasprintf(&creator, "portaudit %s", PORTAUDIT_VERSION);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, creator);
	free(creator);
	if (gmtime_r(&t, &tm) == NULL)
		return;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
}

/*
 * libharu 2.3.0 gives a UTF-8 TrueType font a ToUnicode CMap made of a
 * cidrange, which is not valid there: poppler warns and other readers
 * may copy text wrongly.  Codes are Unicode (Identity-H with the CIDs
 * mapped to glyphs), so the right map is the identity; write it instead.
 */
static void
pdf_fix_tounicode(HPDF_Font font)
{
	HPDF_Dict	 cmap;
	char		 line[64];
	unsigned	 hi, n = 0, block;

	if (font == NULL || (cmap = HPDF_Dict_GetItem(font, "ToUnicode",
	    HPDF_OCLASS_DICT)) == NULL || cmap->stream == NULL)
		return;
	HPDF_MemStream_FreeData(cmap->stream);
	HPDF_Stream_WriteStr(cmap->stream, "/CIDInit /ProcSet findresource "
	    "begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry "
	    "(Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName "
	    "/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange"
	    "\n<0000> <FFFF>\nendcodespacerange\n");
	/* 248 rows of 256 codes (no surrogates), at most 100 per block */
	for (hi = 0; hi < 256; hi++) {
		if (hi >= 0xd8 && hi <= 0xdf)
			continue;
		if (n % 100 == 0) {
			block = 248 - n < 100 ? 248 - n : 100;
			snprintf(line, sizeof(line), "%u beginbfrange\n",
			    block);
			HPDF_Stream_WriteStr(cmap->stream, line);
		}
		snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n",
		    hi, hi, hi);
		HPDF_Stream_WriteStr(cmap->stream, line);
		if (++n % 100 == 0 || n == 248)
			HPDF_Stream_WriteStr(cmap->stream, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(cmap->stream, "endcmap\nCMapName currentdict "
	    "/CMap defineresource pop\nend\nend\n");
}

static int
pdf_fonts(struct pdf *p)
{
	const char	*name;

	if (p->r->font == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: no TrueType font "
		    "found (install fonts-dejavu-core)");
		return (-1);
	}
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	p->enc = HPDF_GetEncoder(p->doc, "UTF-8");
	if ((name = HPDF_LoadTTFontFromFile(p->doc, p->r->font,
	    HPDF_TRUE)) == NULL ||
	    (p->font = HPDF_GetFont(p->doc, name, "UTF-8")) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: cannot load the font",
		    p->r->font);
		return (-1);
	}
	p->bold = p->font;
	if (p->r->font_bold != NULL &&
	    (name = HPDF_LoadTTFontFromFile(p->doc, p->r->font_bold,
	    HPDF_TRUE)) != NULL)
		p->bold = HPDF_GetFont(p->doc, name, "UTF-8");
	if (p->bold == NULL) {
		HPDF_ResetError(p->doc);
		p->err = 0;
		p->bold = p->font;
	}
	pdf_fix_tounicode(p->font);
	if (p->bold != p->font)
		pdf_fix_tounicode(p->bold);
	return (0);
}

/* OUT/charts, created; NULL when there is no output folder. */
static char *
pdf_chartdir(const struct report *r)
{
	char	*dir;

	if (r->outdir == NULL)
		return (NULL);
	xasprintf(&dir, "%s/charts", r->outdir);
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", dir, strerror(errno));
		free(dir);
		return (NULL);
	}
	return (dir);
}

static int
pdf_copy(struct pdf *p, FILE *fp)
{
	HPDF_BYTE	 buf[16384];
	HPDF_UINT32	 size, done = 0, n;

	if (HPDF_SaveToStream(p->doc) != HPDF_OK)
		return (-1);
	size = HPDF_GetStreamSize(p->doc);
	HPDF_ResetStream(p->doc);
	while (done < size) {
		n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		if (HPDF_ReadFromStream(p->doc, buf, &n) != HPDF_OK &&
		    n == 0)
			return (-1);
		if (fwrite(buf, 1, n, fp) != n)
			return (-1);
		done += n;
	}
	return (0);
}

static void
pdf_layout(struct pdf *p)
{
	const char	*secs;
	char		*v, *tok, *save;

	if ((secs = template_get(p->r->layout, "report", "sections")) ==
	    NULL) {
		pdf_missing(p, "report", "sections");
		secs = "cover summary findings appendix";
	}
	v = xstrdup(secs);
	for (tok = strtok_r(v, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save))
		pdf_section(p, tok, 0);
	free(v);
	if (p->page == NULL)
		pdf_page_new(p);
}

static void
pdf_free(struct pdf *p)
{
	size_t	 i;

	if (p->doc != NULL)
		HPDF_Free(p->doc);
	for (i = 0; i < p->a->nhosts && p->hosts != NULL; i++) {
		free(p->hosts[i].f);
		free(p->hosts[i].chart);
	}
	for (i = 0; i < p->nmissing; i++)
		free(p->missing[i]);
	free(p->missing);
	free(p->hosts);
	free(p->pages);
	free(p->chartdir);
	free(p->title);
	free(p->tmp);
	free(p->lines.v);
	doc_free(p->d);
}

/* Lay the report out, number its pages and copy the document to fp. */
static int
pdf_emit(const struct report *r, FILE *fp)
{
	struct pdf		 p;
	struct pdf_scope	 sc = { &p, NULL, NULL, NULL };
	int			 rc = -1;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.a = r->audit;
	pdf_facts(&p);
	p.d = doc_new(r);
	if ((p.title = pdf_say(&p, "report", "title", &sc)) == NULL)
		p.title = xstrdup("portaudit");
	if ((p.doc = HPDF_New(pdf_error, &p)) == NULL) {
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: libharu failed");
		goto out;
	}
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
	HPDF_SetPageMode(p.doc, HPDF_PAGE_MODE_USE_OUTLINE);
	if (pdf_fonts(&p) == -1)
		goto out;
	p.chartdir = pdf_chartdir(r);
	pdf_info(&p);
	pdf_layout(&p);
	pdf_furniture(&p);
	if (p.err == 0 && pdf_copy(&p, fp) == 0)
		rc = 0;
	else if (p.err != 0)
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: libharu error 0x%04lX "
		    "(detail %lu)", (unsigned long)p.err,
		    (unsigned long)p.errdetail);
	else
		diag(NULL, 0, DIAG_OUTPUT, "report.pdf: %s", strerror(errno));
out:
	pdf_free(&p);
	return (rc);
}

const struct renderer renderer_pdf = { "pdf", "report.pdf", pdf_emit };
