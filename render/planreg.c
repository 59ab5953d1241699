/*
 * fix/HOST.reg and fix/HOST-rollback.reg: the values a plan changes on a
 * host, as regedit imports them, and the same values as they are now.
 * Windows NT 4.0 (the legacy class without ReservedPorts in os.csv) gets
 * REGEDIT4 in its ANSI code page; later systems get "Windows Registry
 * Editor Version 5.00" in UTF-16LE with a byte order mark.  Lines end in
 * CRLF.  A value is written from its type and its raw text as the
 * collector keeps it: a DWORD as dword:, a string quoted, a MULTI_SZ as
 * hex(7) of its strings (UTF-16LE in version 5, bytes in REGEDIT4).  The
 * values of a host's range changes (MaxUserPort, Rpc\Internet) follow its
 * port changes; a value the host lacks now is deleted on rollback
 * ("Name"=-).
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render.h"

/* The host's regedit reads REGEDIT4 only. */
int
planreg_regedit4(const struct hostinfo *hi)
{
	return (hi->os.fam == OSF_WINDOWS && hi->os.legacy &&
	    !hi->os.reserved_ok);
}

/* UTF-8 to UTF-16LE through iconv (malloc'd); NULL when impossible. */
static char *
planreg_utf16(const char *s, size_t len, size_t *outlen)
{
	iconv_t	 cd;
	char	*out, *ip = (char *)s, *op;
	size_t	 il = len, ol = len * 4 + 4;

	if ((cd = iconv_open("UTF-16LE", "UTF-8")) == (iconv_t)-1)
		return (NULL);
	out = op = xmalloc(ol);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return (NULL);
	}
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	return (out);
}

/* A string of a .reg file: backslash and quote escaped. */
static void
planreg_quoted(FILE *fp, const char *s)
{
	putc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			putc('\\', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

static void
planreg_hexbytes(FILE *fp, const unsigned char *b, size_t n, int *first)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		fprintf(fp, "%s%02x", *first ? "" : ",", b[i]);
		*first = 0;
	}
}

/* hex(7): each string and its NUL, then the closing NUL. */
static int
planreg_multi(FILE *fp, const char *raw, int v4)
{
	static const unsigned char nul[2] = { 0, 0 };
	const char	*p = raw, *e;
	char		*w;
	size_t		 n, wl;
	int		 first = 1;

	fputs("hex(7):", fp);
	for (;;) {
		e = strstr(p, "\\0");
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (v4)
			planreg_hexbytes(fp, (const unsigned char *)p, n,
			    &first);
		else {
			if ((w = planreg_utf16(p, n, &wl)) == NULL)
				return (-1);
			planreg_hexbytes(fp, (unsigned char *)w, wl, &first);
			free(w);
		}
		planreg_hexbytes(fp, nul, v4 ? 1 : 2, &first);
		if (e == NULL)
			break;
		p = e + 2;
	}
	planreg_hexbytes(fp, nul, v4 ? 1 : 2, &first);
	return (0);
}

/* "Name"=data for a raw value of a type; -1: not writable. */
static int
planreg_value(FILE *fp, const char *name, const char *type, const char *raw,
    int v4)
{
	unsigned long long	 v;
	const char		*err;

	planreg_quoted(fp, name != NULL ? name : "");
	putc('=', fp);
	if (raw == NULL) {
		fputs("-", fp);
		return (0);
	}
	if (strcmp(type, "REG_DWORD") == 0) {
		if (util_parse_ulong(raw, strlen(raw), 1, &v, &err) == -1 ||
		    v > 0xffffffffULL)
			return (-1);
		fprintf(fp, "dword:%08llx", v);
	} else if (strcmp(type, "REG_SZ") == 0)
		planreg_quoted(fp, raw);
	else if (strcmp(type, "REG_MULTI_SZ") == 0)
		return (planreg_multi(fp, raw, v4));
	else
		return (-1);
	return (0);
}

/* A key as regedit wants it: HKLM spelled out. */
static void
planreg_key(FILE *fp, const char *key)
{
	if (util_strncasecmp_ascii(key, "HKLM\\", 5) == 0)
		fprintf(fp, "[HKEY_LOCAL_MACHINE\\%s]\r\n", key + 5);
	else
		fprintf(fp, "[%s]\r\n", key);
}

/* One value line, under its key unless the line before had the key. */
static int
planreg_line(FILE *fp, const char **prev, const char *key, const char *name,
    const char *type, const char *raw, int v4)
{
	int	 rc;

	if (key == NULL || type == NULL)
		return (-1);
	if (*prev == NULL || util_strcasecmp_ascii(*prev, key) != 0) {
		fputs("\r\n", fp);
		planreg_key(fp, key);
	}
	*prev = key;
	rc = planreg_value(fp, name, type, raw, v4);
	fputs("\r\n", fp);
	return (rc);
}

static int
planreg_vals(FILE *fp, const char **prev, const struct plan_regval *v,
    size_t n, int rollback, int v4)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		rc = planreg_line(fp, prev, v[i].key, v[i].name, v[i].type,
		    rollback ? v[i].now : v[i].to, v4);
	return (rc);
}

/* A port change's value (or the values written in its stead). */
static int
planreg_change(FILE *fp, const char **prev, const struct plan_change *c,
    int rollback, int v4)
{
	const struct settingrec	*s = &c->set->rec->u.set;
	char			*raw;
	int			 rc;

	if (c->nvals > 0)
		return (planreg_vals(fp, prev, c->vals, c->nvals, rollback,
		    v4));
	raw = rollback ? (s->raw != NULL ? xstrdup(s->raw) : NULL) :
	    plan_value_raw(s, c->to);
	if (!rollback && raw == NULL)
		return (-1);
	rc = planreg_line(fp, prev, s->key, s->name, s->type, raw, v4);
	free(raw);
	return (rc);
}

/* The text of one host's file (UTF-8). */
static int
planreg_text(FILE *fp, const struct plan *p, const struct hostinfo *hi,
    int rollback, int v4)
{
	const char	*prev = NULL;
	size_t		 i;
	int		 rc = 0;

	fputs(v4 ? "REGEDIT4\r\n" : "Windows Registry Editor Version 5.00\r\n",
	    fp);
	for (i = 0; i < p->n && rc == 0; i++)
		if (p->v[i].hi == hi && p->v[i].to >= 0)
			rc = planreg_change(fp, &prev, &p->v[i], rollback, v4);
	for (i = 0; i < p->nr && rc == 0; i++)
		if (p->r[i].hi == hi && p->r[i].kind != PLANR_UNPLANNED)
			rc = planreg_vals(fp, &prev, p->r[i].vals,
			    p->r[i].nvals, rollback, v4);
	fputs("\r\n", fp);
	return (rc);
}

/* Write the bytes of one file atomically, UTF-16LE with BOM unless v4. */
static int
planreg_file(const char *path, const char *text, size_t len, int v4)
{
	static const unsigned char bom[2] = { 0xff, 0xfe };
	char	*tmp, *w = NULL;
	size_t	 wl = len;
	FILE	*fp;
	int	 ok;

	if (!v4 && (w = planreg_utf16(text, len, &wl)) == NULL) {
		errno = EILSEQ;
		return (-1);
	}
	if ((fp = util_atomic_begin(path, &tmp)) == NULL) {
		free(w);
		return (-1);
	}
	ok = (v4 || fwrite(bom, 1, 2, fp) == 2) &&
	    fwrite(v4 ? text : w, 1, wl, fp) == wl;
	free(w);
	return (util_atomic_end(fp, tmp, path, ok));
}

/* fix/HOST.reg or fix/HOST-rollback.reg for the host's changes. */
static int
planreg_host(const char *dir, const struct plan *p, const struct hostinfo *hi,
    int rollback)
{
	char	*text = NULL, *path;
	size_t	 len = 0;
	FILE	*mem;
	int	 v4 = planreg_regedit4(hi), rc;

	if ((mem = open_memstream(&text, &len)) == NULL)
		return (-1);
	rc = planreg_text(mem, p, hi, rollback, v4);
	if (fclose(mem) == EOF)
		rc = -1;
	xasprintf(&path, "%s/%s%s.reg", dir, hi->host->name,
	    rollback ? "-rollback" : "");
	if (rc == 0 && (rc = planreg_file(path, text, len, v4)) == -1)
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
	else if (rc == -1)
		diag(NULL, 0, DIAG_OUTPUT, "%s: a value of %s cannot be "
		    "written as regedit reads it", path, hi->host->name);
	free(path);
	free(text);
	return (rc);
}

/* Whether the plan writes a registry value on the host. */
int
planreg_has(const struct plan *p, const struct hostinfo *hi)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].hi == hi && p->v[i].to >= 0)
			return (1);
	for (i = 0; i < p->nr; i++)
		if (p->r[i].hi == hi && p->r[i].kind != PLANR_UNPLANNED &&
		    p->r[i].nvals > 0)
			return (1);
	return (0);
}

/* Whether hi came before in the plan's lists (its file is written). */
static int
planreg_seen(const struct plan *p, const struct hostinfo *hi, size_t vi,
    size_t ri)
{
	size_t	 i;

	for (i = 0; i < vi && i < p->n; i++)
		if (p->v[i].hi == hi)
			return (1);
	for (i = 0; i < ri && i < p->nr; i++)
		if (p->r[i].hi == hi)
			return (1);
	return (0);
}

int
planreg_write(const char *dir, const struct plan *p)
{
	const struct hostinfo	*hi;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < p->n + p->nr; i++) {
		hi = i < p->n ? p->v[i].hi : p->r[i - p->n].hi;
		if (planreg_seen(p, hi, i < p->n ? i : p->n, i < p->n ? 0 :
		    i - p->n) || !planreg_has(p, hi))
			continue;
		if (planreg_host(dir, p, hi, 0) == -1 ||
		    planreg_host(dir, p, hi, 1) == -1)
			rc = -1;
	}
	return (rc);
}
