/*
 * ps-list: Format-List output, one "Name : Value" block per object,
 * blocks separated by blank lines.  Names are padded to the longest of
 * the block; a value longer than the console wraps onto lines indented to
 * the value column (a long PSPath does), which continue it without a
 * blank.  Two kinds of blocks are read:
 *
 *   - a Get-NetTCPConnection or Get-NetUDPEndpoint object (it has
 *     LocalPort): one socket, on the block's first line;
 *   - a Get-ItemProperty object (it has PSPath, or PSParentPath and
 *     PSChildName): each value line a registry value of that key, typed
 *     as ps_reg_text() says ("{a, b}" a list, a decimal a DWORD, the rest
 *     a string; "(default)" is the default value).
 *
 * The key (PSPath) and the host (PSComputerName, through Invoke-Command)
 * come last in a block, so each block is read ahead in the buffer before
 * its lines are walked.  Any other block is unparsed, said once.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"
#include "ps.h"

#define PS_LIST_MAXLINES	4096		/* lines of one block */
#define PS_LIST_SNIFF_LINES	60

/* One "Name : Value" entry of a block, its value joined. */
struct ps_list_entry {
	unsigned	 line;		/* 0-based line of the block */
	const char	*name;		/* in the buffer, not NUL-ended */
	size_t		 namelen;
	char		*value;		/* malloc'd */
	size_t		 len;
};

struct ps_list_block {
	struct ps_list_entry	*e;
	size_t			 n, cap;
	unsigned		 nlines;
	int			 nonentry;	/* a line neither entry nor
						   continuation */
};

/* "Name : Value" or "Name :": the name's length and the value's start. */
static int
ps_list_split(const char *s, size_t n, size_t *namelen, size_t *voff)
{
	size_t	 i;

	for (i = 1; i + 1 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ':' &&
		    (i + 2 == n || s[i + 2] == ' '))
			break;
	if (i + 1 >= n || scan_isspace(s[0]))
		return (-1);
	*namelen = i - scan_rspan(s, i, SCAN_BLANK);
	*voff = i + 2 < n ? i + 3 : n;
	return (0);
}

static void
ps_list_add(struct ps_list_block *b, unsigned line, const char *name,
    size_t nn, const char *v, size_t vn)
{
	struct ps_list_entry	*e;

	if (b->n == b->cap) {
		b->cap = b->cap == 0 ? 16 : b->cap * 2;
		b->e = xrealloc(b->e, b->cap * sizeof(*b->e));
	}
	e = &b->e[b->n++];
	e->line = line;
	e->name = name;
	e->namelen = nn;
	e->value = xstrndup(v, vn);
	e->len = vn;
}

/* A continuation line: append it to the last entry's value. */
static void
ps_list_continue(struct ps_list_entry *e, const char *s, size_t n)
{
	s = scan_trim(s, &n, SCAN_SPACE);
	e->value = xrealloc(e->value, e->len + n + 1);
	memcpy(e->value + e->len, s, n);
	e->len += n;
	e->value[e->len] = '\0';
}

static void
ps_list_take(struct ps_list_block *b, const char *s, size_t n)
{
	size_t	 nn, voff;

	if (ps_list_split(s, n, &nn, &voff) == 0)
		ps_list_add(b, b->nlines, s, nn, s + voff, n - voff);
	else if (b->n > 0 && n > 0 && scan_isspace(s[0]))
		ps_list_continue(&b->e[b->n - 1], s, n);
	else
		b->nonentry = 1;
	b->nlines++;
}

/* Read the block that starts on the current line, ahead in the buffer. */
static void
ps_list_read(struct parse *p, struct ps_list_block *b)
{
	const char	*q = p->pos, *nl;
	size_t		 l;

	memset(b, 0, sizeof(*b));
	ps_list_take(b, p->line, p->len);
	while (q < p->end && b->nlines < PS_LIST_MAXLINES) {
		if ((nl = memchr(q, '\n', p->end - q)) == NULL)
			nl = p->end;
		l = nl - q;
		if (l > 0 && q[l - 1] == '\r')
			l--;
		if (scan_span(q, l, SCAN_SPACE) == l)
			break;
		ps_list_take(b, q, l);
		q = nl + 1;
	}
}

static void
ps_list_free(struct ps_list_block *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++)
		free(b->e[i].value);
	free(b->e);
}

static const struct ps_list_entry *
ps_list_get(const struct ps_list_block *b, const char *name)
{
	size_t	 i;

	for (i = 0; i < b->n; i++)
		if (scan_caseeq(b->e[i].name, b->e[i].namelen, name))
			return (&b->e[i]);
	return (NULL);
}

/* The entry on block line i, or NULL. */
static const struct ps_list_entry *
ps_list_at(const struct ps_list_block *b, unsigned i)
{
	size_t	 k;

	for (k = 0; k < b->n; k++)
		if (b->e[k].line == i)
			return (&b->e[k]);
	return (NULL);
}

/* A socket object: the record on its first line, the rest known. */
static void
ps_list_sock(struct parse *p, const struct ps_list_block *b)
{
	struct ps_sock	 k;
	size_t		 i;
	int		 f;

	memset(&k, 0, sizeof(k));
	for (i = 0; i < b->n; i++)
		if ((f = ps_field_of(b->e[i].name, b->e[i].namelen)) >= 0 &&
		    k.f[f].s == NULL) {
			k.f[f].n = b->e[i].len;
			k.f[f].s = scan_trim(b->e[i].value, &k.f[f].n,
			    SCAN_SPACE);
		}
	(void)ps_sock_add(p, &k);
	for (i = 1; i < b->nlines && parse_next_line(p, NULL) != NULL; i++)
		parse_known(p);
}

/* One value line of a registry block. */
static void
ps_list_value(struct parse *p, const char *key,
    const struct ps_list_entry *e)
{
	const char	*name = e->name;
	size_t		 nn = e->namelen;

	if (ps_reg_meta(name, nn)) {
		parse_known(p);
		return;
	}
	if (scan_caseeq(name, nn, "(default)"))
		nn = 0;
	(void)ps_reg_text(p, key, name, nn, e->value, e->len);
}

/* A registry object: a value record on each value's line. */
static void
ps_list_reg(struct parse *p, const struct ps_list_block *b)
{
	const struct ps_list_entry	*path, *par, *child, *e, *host;
	const char			*key;
	unsigned			 i;
	int				 nohost;

	path = ps_list_get(b, "PSPath");
	par = ps_list_get(b, "PSParentPath");
	child = ps_list_get(b, "PSChildName");
	key = ps_reg_key(p, path != NULL ? path->value : NULL,
	    path != NULL ? path->len : 0, par != NULL ? par->value : NULL,
	    par != NULL ? par->len : 0, child != NULL ? child->value : NULL,
	    child != NULL ? child->len : 0);
	host = ps_list_get(b, "PSComputerName");
	nohost = ps_set_host(p, host != NULL ? host->value : NULL,
	    host != NULL ? host->len : 0) == -1;
	for (i = 0; i < b->nlines; i++) {
		if (i > 0 && parse_next_line(p, NULL) == NULL)
			break;
		e = ps_list_at(b, i);
		if (e != NULL && !ps_reg_meta(e->name, e->namelen) &&
		    (key == NULL || nohost)) {
			if (key == NULL)
				parse_unparsed(p, DIAG_REG_NO_KEY, "PSPath "
				    "names no registry key");
			else
				parse_unparsed_quiet(p, DIAG_NO_HOST);
		} else if (e == NULL)
			parse_known(p);		/* a continuation */
		else
			ps_list_value(p, key, e);
	}
	kb_finish(p);
}

/* Neither kind: every line unparsed, said once. */
static void
ps_list_other(struct parse *p, const struct ps_list_block *b)
{
	unsigned	 i;

	parse_unparsed(p, DIAG_LINE_UNKNOWN, "%s", b->nonentry ?
	    "not a \"Name : Value\" block" : "a block with neither LocalPort "
	    "nor PSPath");
	for (i = 1; i < b->nlines && parse_next_line(p, NULL) != NULL; i++)
		parse_unparsed_quiet(p, DIAG_LINE_UNKNOWN);
}

static void
ps_list_block(struct parse *p)
{
	struct ps_list_block	 b;

	ps_list_read(p, &b);
	if (!b.nonentry && ps_list_get(&b, "LocalPort") != NULL)
		ps_list_sock(p, &b);
	else if (!b.nonentry && (ps_list_get(&b, "PSPath") != NULL ||
	    (ps_list_get(&b, "PSParentPath") != NULL &&
	    ps_list_get(&b, "PSChildName") != NULL)))
		ps_list_reg(p, &b);
	else
		ps_list_other(p, &b);
	ps_list_free(&b);
}

static int
ps_list_parse(struct parse *p)
{
	char	*line;
	size_t	 len;

	while ((line = parse_next_line(p, &len)) != NULL) {
		if (scan_span(line, len, SCAN_SPACE) == len)
			parse_known(p);
		else if (scan_prefix(line, len, "PS ") &&
		    scan_has(line, len, ">"))
			parse_known(p);		/* a prompt of a transcript */
		else
			ps_list_block(p);
	}
	return ((int)p->in->lines_unparsed);
}

static int
ps_list_sniff(const char *buf, size_t len)
{
	const char	*s = buf, *end = buf + len, *line;
	size_t		 n, nn, voff;
	int		 lines = 0, entries = 0, ours = 0;

	while ((line = scan_line(&s, end, &n)) != NULL &&
	    lines++ < PS_LIST_SNIFF_LINES) {
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (ps_list_split(line, n, &nn, &voff) == -1)
			continue;
		entries++;
		if (scan_caseeq(line, nn, "LocalPort") ||
		    scan_caseeq(line, nn, "PSPath") ||
		    scan_caseeq(line, nn, "PSChildName"))
			ours++;
	}
	if (ours == 0)
		return (0);
	return (entries >= 3 ? 85 : 50);
}

/* Format-List of connections, endpoints and Get-ItemProperty. */
const struct collector collector_ps_list = {
	"ps-list", "powershell", "CP437",
	"PowerShell Format-List of connections, endpoints and Get-ItemProperty",
	ps_list_sniff, ps_list_parse, 0
};
