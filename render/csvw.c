/*
 * CSV cells for every CSV portaudit writes.  Quoting is libcsv's; on top of
 * it, a cell that a spreadsheet would run as a formula (leading =, +, -, @,
 * tab or carriage return) gets a leading apostrophe, so an evidence line
 * copied from a hostile server cannot execute anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"
#include "render.h"

int
csvw_is_formula(const char *s)
{
	return (s != NULL && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL);
}

/*
 * Quote src into a buffer with libcsv's csv_write and write it at once:
 * csv_fwrite writes byte by byte, which dominates large inventories.
 */
static void
csvw_quoted(FILE *fp, const char *src, size_t len)
{
	char	 small[512], *buf = small;
	size_t	 need;

	need = csv_write(small, sizeof(small), src, len);
	if (need > sizeof(small)) {
		buf = xmalloc(need);
		csv_write(buf, need, src, len);
	}
	fwrite(buf, 1, need, fp);
	if (buf != small)
		free(buf);
}

void
csvw_cell(FILE *fp, const char *s, int sep)
{
	char	*t;
	size_t	 len;

	if (sep)
		putc(',', fp);
	if (s == NULL || *s == '\0')
		return;
	len = strlen(s);
	if (csvw_is_formula(s)) {
		t = xmalloc(len + 1);
		t[0] = '\'';
		memcpy(t + 1, s, len);
		csvw_quoted(fp, t, len + 1);
		free(t);
		return;
	}
	csvw_quoted(fp, s, len);
}

void
csvw_int(FILE *fp, long v, int sep)
{
	if (sep)
		putc(',', fp);
	if (v >= 0)
		fprintf(fp, "%ld", v);
}

void
csvw_end(FILE *fp)
{
	fputs("\r\n", fp);
}
