/*
 * fix/HOST.reg and fix/HOST-rollback.reg: the values a plan changes on a
 * host, as regedit imports them, and the same values as they are now.
 * Windows NT 4.0 (the legacy class without ReservedPorts in os.csv) gets
 * REGEDIT4 in its ANSI code page; later systems get "Windows Registry
 * Editor Version 5.00" in UTF-16LE with a byte order mark.  Lines end in
 * CRLF.  A value is written from its type and its raw text as the
 * collector keeps it: a DWORD as dword:, a string quoted, a MULTI_SZ as
 * hex(7) of its strings (UTF-16LE in version 5, bytes in REGEDIT4).
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

/* "Name"=data for a raw value of the setting's type; -1: not writable. */
static int
planreg_value(FILE *fp, const struct settingrec *s, const char *raw, int v4)
{
	unsigned long long	 v;
	const char		*err;

	planreg_quoted(fp, s->name != NULL ? s->name : "");
	putc('=', fp);
	if (raw == NULL) {
		fputs("-", fp);
		return (0);
	}
	if (strcmp(s->type, "REG_DWORD") == 0) {
		if (util_parse_ulong(raw, strlen(raw), 1, &v, &err) == -1 ||
		    v > 0xffffffffULL)
			return (-1);
		fprintf(fp, "dword:%08llx", v);
	} else if (strcmp(s->type, "REG_SZ") == 0)
		planreg_quoted(fp, raw);
	else if (strcmp(s->type, "REG_MULTI_SZ") == 0)
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

/* The text of one file for the changes v[0..n) of one host (UTF-8). */
static int
planreg_text(FILE *fp, const struct plan_change *v, size_t n, int rollback,
    int v4)
{
	const struct settingrec	*s, *prev = NULL;
	char			*raw;
	size_t			 i;
	int			 rc = 0;

	fputs(v4 ? "REGEDIT4\r\n" : "Windows Registry Editor Version 5.00\r\n",
	    fp);
	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].to < 0)
			continue;
		s = &v[i].set->rec->u.set;
		if (s->key == NULL || s->type == NULL)
			return (-1);
		if (prev == NULL || strcmp(prev->key, s->key) != 0) {
			fputs("\r\n", fp);
			planreg_key(fp, s->key);
		}
		prev = s;
		raw = rollback ? (s->raw != NULL ? xstrdup(s->raw) : NULL) :
		    plan_value_raw(s, v[i].to);
		if (!rollback && raw == NULL)
			return (-1);
		rc = planreg_value(fp, s, raw, v4);
		fputs("\r\n", fp);
		free(raw);
	}
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

/* fix/HOST.reg or fix/HOST-rollback.reg for the changes v[0..n). */
static int
planreg_host(const char *dir, const struct plan_change *v, size_t n,
    int rollback)
{
	char	*text = NULL, *path;
	size_t	 len = 0;
	FILE	*mem;
	int	 v4 = planreg_regedit4(v[0].hi), rc;

	if ((mem = open_memstream(&text, &len)) == NULL)
		return (-1);
	rc = planreg_text(mem, v, n, rollback, v4);
	if (fclose(mem) == EOF)
		rc = -1;
	xasprintf(&path, "%s/%s%s.reg", dir, v[0].hi->host->name,
	    rollback ? "-rollback" : "");
	if (rc == 0 && (rc = planreg_file(path, text, len, v4)) == -1)
		diag(NULL, 0, DIAG_OUTPUT, "%s: %s", path, strerror(errno));
	else if (rc == -1)
		diag(NULL, 0, DIAG_OUTPUT, "%s: a value of %s cannot be "
		    "written as regedit reads it", path, v[0].hi->host->name);
	free(path);
	free(text);
	return (rc);
}

static int
planreg_moved(const struct plan_change *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i].to >= 0)
			return (1);
	return (0);
}

int
planreg_write(const char *dir, const struct plan *p)
{
	size_t	 i, j;
	int	 rc = 0;

	/* The changes of one host are contiguous (plan.c sorts them). */
	for (i = 0; i < p->n; i = j) {
		for (j = i + 1; j < p->n && p->v[j].hi == p->v[i].hi; j++)
			;
		if (!planreg_moved(p->v + i, j - i))
			continue;
		if (planreg_host(dir, p->v + i, j - i, 0) == -1 ||
		    planreg_host(dir, p->v + i, j - i, 1) == -1)
			rc = -1;
	}
	return (rc);
}
