/*
 * The HTML writer's escaping.  Text and attribute values share one escape:
 * & < > " ' become character references, so a value is safe in element
 * content and in a quoted attribute alike.  Bytes that are not valid UTF-8
 * become U+FFFD; C0 controls other than tab and newline are shown as their
 * Control Pictures (U+2400 + c, DEL as U+2421), C1 controls as U+FFFD, so
 * a line never hides what it holds and the page stays well-formed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "htmlw.h"

#define HTMLW_FFFD	"\xef\xbf\xbd"

static void
htmlw_oom(void)
{
	fputs("portaudit: out of memory\n", stderr);
	exit(3);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
htmlw_utf8(const unsigned char *s, size_t n, uint32_t *cpp)
{
	uint32_t	 cp, min;
	size_t		 len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return (0);
	if (len > n)
		return (0);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	*cpp = cp;
	return (len);
}

/* A C0 control as its Control Picture, U+2400 + c (DEL: U+2421). */
static void
htmlw_control(FILE *fp, unsigned char c)
{
	unsigned int	 cp = c == 0x7f ? 0x2421 : 0x2400 + c;

	putc(0xe0 | (cp >> 12), fp);
	putc(0x80 | ((cp >> 6) & 0x3f), fp);
	putc(0x80 | (cp & 0x3f), fp);
}

/* Write n bytes of s as HTML text or attribute value. */
void
htmlw_textn(FILE *fp, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, run, len;
	uint32_t		 cp;

	for (i = 0; i < n; ) {
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		    strchr("&<>\"'", p[run]) == NULL; run++)
			;
		if (run > i) {
			fwrite(p + i, 1, run - i, fp);
			i = run;
			continue;
		}
		switch (p[i]) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		case '\t':
		case '\n':
			putc(p[i], fp);
			break;
		default:
			if (p[i] < 0x20 || p[i] == 0x7f) {
				htmlw_control(fp, p[i]);
				break;
			}
			if ((len = htmlw_utf8(p + i, n - i, &cp)) == 0) {
				fputs(HTMLW_FFFD, fp);
				break;
			}
			if (cp >= 0x80 && cp <= 0x9f)
				fputs(HTMLW_FFFD, fp);
			else
				fwrite(p + i, 1, len, fp);
			i += len;
			continue;
		}
		i++;
	}
}

/* Write s (NULL: nothing) as HTML text or attribute value. */
void
htmlw_text(FILE *fp, const char *s)
{
	if (s != NULL)
		htmlw_textn(fp, s, strlen(s));
}

/* s escaped as HTML text (malloc'd). */
char *
htmlw_escape(const char *s)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		htmlw_oom();
	htmlw_text(fp, s);
	if (fclose(fp) != 0)
		htmlw_oom();
	return (buf);
}

/* Write ` name="value"`, the value escaped. */
void
htmlw_attr(FILE *fp, const char *name, const char *value)
{
	fprintf(fp, " %s=\"", name);
	htmlw_text(fp, value);
	putc('"', fp);
}

/* Whether byte c stands for itself in a fragment id. */
static int
htmlw_idchar(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-');
}

/* The fragment id of s: prefix, then s with bytes outside [A-Za-z0-9.-]
 * as _XX (malloc'd). */
char *
htmlw_id_str(const char *prefix, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*buf, *o;
	size_t			 pl = strlen(prefix);

	buf = xmalloc(pl + 3 * strlen(s) + 1);
	memcpy(buf, prefix, pl);
	o = buf + pl;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (htmlw_idchar(*p))
			*o++ = (char)*p;
		else {
			*o++ = '_';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 0xf];
		}
	}
	*o = '\0';
	return (buf);
}

/* Write the fragment id of s. */
void
htmlw_id(FILE *fp, const char *prefix, const char *s)
{
	char	*id;

	id = htmlw_id_str(prefix, s);
	fputs(id, fp);
	free(id);
}
