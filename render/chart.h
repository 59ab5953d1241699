/*
 * What the chart files share, and nothing else includes: the chart being
 * drawn, the palette and fills, markers, and the drawing, text and scale
 * functions of chart_draw.c, chart_scale.c and chart_marks.c.  Each chart
 * family (chart_portmap.c, chart_fleetmap.c, chart_bars.c, chart_trend.c)
 * builds on them.  Include after <cairo.h>, portaudit.h,
 * analysis/analysis.h and render.h.
 */
#ifndef CHART_H
#define CHART_H

#define CHART_PT		72.0	/* points per inch */
#define CHART_MAXPX		32767	/* cairo's largest image side */
#define CHART_NONE		SEV__MAX	/* a setting without finding */
#define CHART_WAIVED		(SEV__MAX + 1)	/* only waived findings */
#define CHART_NSEV		(SEV__MAX + 2)
#define CHART_FLEET_HOSTS	60	/* more hosts: one row per site */
#define CHART_FLEET_ROWS	400	/* rows drawn at most */
#define CHART_LEVELS		8	/* label levels of both port map rows */
#define CHART_ELLIPSIS		"\xe2\x80\xa6"

/*
 * Sizes in inches: the fleet map is TOP + BOTTOM + ROW per row high, the
 * rule chart likewise; tests/render/check_chart.c relies on them.
 */
#define CHART_PM_W		7.5
#define CHART_PM_H		2.6
#define CHART_FM_W		7.5
#define CHART_FM_TOP		0.45
#define CHART_FM_BOTTOM		0.65
#define CHART_FM_ROW		0.17
#define CHART_SEV_W		3.6
#define CHART_SEV_H		2.4
#define CHART_RULES_W		7.5
#define CHART_RULES_TOP		0.35
#define CHART_RULES_BOTTOM	0.55
#define CHART_RULES_ROW		0.2
#define CHART_TREND_W		7.5
#define CHART_TREND_H		2.6

struct chart_rgb {
	double	 r, g, b;
};

/*
 * Severity palette, indexed by enum severity, then CHART_NONE and
 * CHART_WAIVED.  Luminance
 * (Rec. 709 on the sRGB values) falls from info (about 0.93) to critical
 * (about 0.09), so the order survives grey printing.
 */
extern const struct chart_rgb chart_sev_rgb[CHART_NSEV];
extern const char *const chart_sev_label[CHART_NSEV];

/* Fills of the range lanes: a background shade and an optional hatch. */
enum chart_fill {
	CHART_F_EPH = 0,	/* ephemeral range */
	CHART_F_LOW,		/* its first 100 ports */
	CHART_F_RPC,		/* RPC dynamic range: / hatch */
	CHART_F_RESERVED,	/* reserved: | hatch */
	CHART_F_EXCLUDED,	/* excluded: x hatch */
	CHART_F_WAIVED,		/* waived findings: \ hatch */
	CHART_F__MAX
};

enum chart_hatch {
	CHART_H_NONE = 0,
	CHART_H_FWD,
	CHART_H_VERT,
	CHART_H_CROSS,
	CHART_H_BACK
};

/* A range or waiver fill: background, hatch colour and kind, legend. */
struct chart_fillspec {
	struct chart_rgb	 bg;
	struct chart_rgb	 fg;
	enum chart_hatch	 hatch;
	const char		*label;
};
extern const struct chart_fillspec chart_fills[CHART_F__MAX];

extern const struct chart_rgb chart_black;
extern const struct chart_rgb chart_text_grey;
extern const struct chart_rgb chart_grid;
extern const struct chart_rgb chart_white;

struct chart_axis {
	double	 x0, x1;		/* plot left and right */
};

struct chart;
typedef void	(*chart_draw_fn)(struct chart *, cairo_t *);

/* One chart: its size in points, its fonts and its drawing function. */
struct chart {
	const struct report	*r;
	double			 w, h;		/* points */
	cairo_font_face_t	*face[2];	/* regular, bold */
	chart_draw_fn		 draw;
	void			*arg;
};

/* A fixed-port marker: one per protocol and port. */
struct chart_mark {
	int		 pi;
	int		 port;
	int		 sev;		/* enum severity, CHART_NONE or
					   CHART_WAIVED */
	const char	*name;		/* service, before merging */
	char		*label;		/* "NTDS, Netlogon" */
	char		*text;		/* label as drawn: "NTDS, Net… 1025" */
	double		 x;		/* marker position */
	double		 w;		/* label width */
	double		 lx;		/* label start */
	int		 level;		/* -1: label not shown */
};

struct chart_marks {
	struct chart_mark	*v;
	size_t			 n;
	size_t			 cap;
};

/* Findings of one host (all, waived included). */
struct chart_hf {
	const struct finding	**v;
	size_t			  n;
};

enum chart_align {
	CHART_LEFT = 0,
	CHART_CENTRE,
	CHART_RIGHT
};

/* Findings counted by severity, open and waived. */
struct chart_counts {
	unsigned long	 open[SEV__MAX];
	unsigned long	 waived[SEV__MAX];
	unsigned long	 total;
};

/* Plot area of the severity chart. */
struct chart_sevplot {
	double		 x0, x1, y0, y1;
	unsigned long	 top;		/* count at y0 */
};

/* chart_draw.c: output, text, shapes, markers and legends */

/* A font face for the report's TrueType file, or DejaVu Sans. */
cairo_font_face_t *chart_face(const char *, int);
/* Font options that measure text alike on every surface. */
void	chart_setup(cairo_t *);
/* Draw c into png (at dpi) and svg; either path may be NULL. */
int	chart_emit(struct chart *, const char *, const char *, double);
/* A copy of s that cairo accepts: valid UTF-8, controls as '?'. */
char *	chart_clean(const char *);
/* Select the regular (0) or bold (1) face at a size in points. */
void	chart_font(struct chart *, cairo_t *, int, double);
/* Advance width of text already clean, in points. */
double	chart_width(cairo_t *, const char *);
/* Clean s and cut it with an ellipsis to fit width (malloc'd). */
char *	chart_fit(cairo_t *, const char *, double);
/* Show text already clean at (x, baseline y). */
void	chart_show(cairo_t *, double, double, const char *, enum chart_align);
/* Clean, fit to width and show s. */
void	chart_text(cairo_t *, double, double, const char *, double,
	    enum chart_align);
/* Source colour; filled rectangle; line of a width. */
void	chart_set(cairo_t *, const struct chart_rgb *);
void	chart_rect(cairo_t *, double, double, double, double,
	    const struct chart_rgb *);
void	chart_line(cairo_t *, double, double, double, double, double,
	    const struct chart_rgb *);
/* A rectangle in one of the range or waiver fills, outlined. */
void	chart_fill(cairo_t *, double, double, double, double, enum chart_fill);
/*
 * A severity marker of radius r: critical a filled triangle, high a filled
 * square, medium a diamond, low a filled circle, info an open circle, no
 * finding a small cross, only waived findings an open square.
 */
void	chart_marker(cairo_t *, double, double, double, int);
/* Legend entries; each returns the x after it. */
double	chart_legend_fill(struct chart *, cairo_t *, double, double,
	    enum chart_fill);
double	chart_legend_text(struct chart *, cairo_t *, double, double,
	    const char *, int);
/* The severity markers from critical down, and "no finding". */
double	chart_legend_sevs(struct chart *, cairo_t *, double, double);

/* chart_scale.c: the port axis, count scales and their gridlines */

/* The x of a port (fractional ports allowed) on the segmented axis. */
double	chart_x(const struct chart_axis *, double);
/* IANA bands from y0 to y1 with their names above, at baseline y0 - 2. */
void	chart_axis_bands(struct chart *, cairo_t *, const struct chart_axis *,
	    double, double);
/* The axis line at y with labelled ticks. */
void	chart_axis_ticks(struct chart *, cairo_t *, const struct chart_axis *,
	    double);
/* A step of 1, 2 or 5 times a power of ten giving at most n ticks. */
unsigned long	chart_step(unsigned long, int);
/* The top of a count axis: max rounded up to a whole step. */
unsigned long	chart_scale(unsigned long, int);
/* Horizontal gridlines with their counts, from 0 up to the top. */
void	chart_sev_grid(struct chart *, cairo_t *,
	    const struct chart_sevplot *, unsigned long);

/* chart_marks.c: fixed-port markers and their findings */

/* The findings of one host, all of them. */
void	chart_hf_of(const struct audit *, const struct hostinfo *,
	    struct chart_hf *);
/* Add the settings that pin a port on hi (not the inert ones), with
 * their worst findings. */
void	chart_marks_host(struct chart_marks *, const struct hostinfo *,
	    const struct chart_hf *);
/*
 * Sort and merge the marks to one per protocol and port, keeping the
 * worst severity; with labels, join the distinct names and the port.
 */
void	chart_marks_merge(struct chart_marks *, int);
/* Free the marks' labels and array. */
void	chart_marks_free(struct chart_marks *);
/* Draw the marks of protocol pi at y, the worst last (on top). */
void	chart_marks_draw(cairo_t *, const struct chart_marks *, int,
	    const struct chart_axis *, double, double);

#endif /* CHART_H */
