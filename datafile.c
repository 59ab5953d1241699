/*
 * Data files portaudit reads at run time (os.csv, system-ports.csv, the
 * user's manifest): CSV through libcsv, with '#' comment lines and blank
 * lines allowed, the first row taken as the header.  Each data row goes to
 * a callback with its cells and its line number for diagnostics.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"

#define DATAFILE_MAXCOLS	32

struct datafile {
	char		*cells[DATAFILE_MAXCOLS];
	int		 ncells;
	int		 header_seen;
	unsigned	 line;		/* line where the current row began */
	datafile_row_fn	 fn;
	void		*arg;
};

static void
datafile_cell(void *s, size_t len, void *data)
{
	struct datafile	*d = data;

	if (d->ncells < DATAFILE_MAXCOLS)
		d->cells[d->ncells++] = xstrndup(s, len);
}

static void
datafile_row(int c, void *data)
{
	struct datafile	*d = data;
	int		 i;

	(void)c;
	if (d->header_seen)
		d->fn(d->arg, d->cells, d->ncells, d->line);
	d->header_seen = 1;
	for (i = 0; i < d->ncells; i++)
		free(d->cells[i]);
	d->ncells = 0;
}

/*
 * Read a CSV data file; -1 with errno set when it cannot be opened, else
 * the number of malformed rows (reported through the callback's caller).
 */
int
datafile_read(const char *path, datafile_row_fn fn, void *arg)
{
	struct csv_parser	 p;
	struct datafile		 d;
	char			*line = NULL;
	size_t			 cap = 0;
	ssize_t			 n;
	unsigned		 lineno = 0;
	FILE			*fp;
	int			 bad = 0, inrow = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return (-1);
	memset(&d, 0, sizeof(d));
	d.fn = fn;
	d.arg = arg;
	csv_init(&p, CSV_APPEND_NULL);
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (!inrow && (line[0] == '#' || line[strspn(line, " \t\r\n")]
		    == '\0'))
			continue;
		if (!inrow)
			d.line = lineno;
		if (csv_parse(&p, line, n, datafile_cell, datafile_row, &d) !=
		    (size_t)n)
			bad++;
		inrow = d.ncells > 0 || csv_error(&p) != CSV_SUCCESS;
	}
	if (csv_fini(&p, datafile_cell, datafile_row, &d) != 0)
		bad++;
	for (n = 0; n < d.ncells; n++)
		free(d.cells[n]);
	csv_free(&p);
	free(line);
	fclose(fp);
	return (bad);
}
