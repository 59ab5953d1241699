/*
 * One delimited line split into fields by libcsv (strict mode): the
 * comma-separated exports of Velociraptor, tcpvcon -c and CurrPorts
 * /scomma, osqueryi --csv's '|' and CurrPorts /stab's tab.  A row is one
 * line: a quote left open at its end makes the line an incomplete row.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"
#include "collector.h"
#include "rows.h"
#include "scan.h"

static void
csvrow_field(void *s, size_t n, void *data)
{
	struct csvrow	*r = data;

	if (r->n >= CSVROW_MAXF) {
		r->over++;
		return;
	}
	if (r->len + n + 1 > r->cap) {
		while (r->len + n + 1 > r->cap)
			r->cap = r->cap == 0 ? 256 : r->cap * 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	if (n > 0)
		memcpy(r->buf + r->len, s, n);
	r->buf[r->len + n] = '\0';
	r->off[r->n++] = r->len;
	r->len += n + 1;
}

int
csvrow_split(struct csvrow *r, const char *s, size_t n, int delim)
{
	struct csv_parser	 cp;
	int			 i, rc = 0;

	r->n = r->over = 0;
	r->len = 0;
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return (-1);
	csv_set_delim(&cp, (unsigned char)delim);
	if (csv_parse(&cp, s, n, csvrow_field, NULL, r) != n ||
	    csv_fini(&cp, csvrow_field, NULL, r) != 0)
		rc = -1;
	csv_free(&cp);
	for (i = 0; i < r->n; i++)
		r->f[i] = r->buf + r->off[i];
	return (rc);
}

void
csvrow_free(struct csvrow *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

int
csvrow_col(const struct csvrow *r, const char *name)
{
	int	 i;

	for (i = 0; i < r->n; i++)
		if (util_strcasecmp_ascii(r->f[i], name) == 0)
			return (i);
	return (-1);
}

const char *
csvrow_get(const struct csvrow *r, int i)
{
	if (i < 0 || i >= r->n)
		return (NULL);
	return (r->f[i]);
}

json_t *
csvtab_line(struct parse *p, struct csvtab *t, const char *line, size_t len,
    int delim, int flags)
{
	json_t	*o;
	int	 i;

	if (csvrow_split(t->have_hdr ? &t->row : &t->hdr, line, len,
	    delim) == -1) {
		parse_unparsed(p, DIAG_CSV_SYNTAX, NULL);
		return (NULL);
	}
	if (!t->have_hdr) {
		t->have_hdr = 1;
		parse_known(p);
		return (NULL);
	}
	if (t->row.n != t->hdr.n) {
		parse_unparsed(p, DIAG_CSV_COLUMNS, "%d columns, header has %d",
		    t->row.n, t->hdr.n);
		return (NULL);
	}
	o = json_object();
	for (i = 0; i < t->row.n; i++)
		if (!(flags & CSVTAB_SKIP_EMPTY) || *t->row.f[i] != '\0')
			json_object_set_new(o, t->hdr.f[i],
			    json_string(t->row.f[i]));
	return (o);
}

void
csvtab_free(struct csvtab *t)
{
	csvrow_free(&t->hdr);
	csvrow_free(&t->row);
	t->have_hdr = 0;
}
