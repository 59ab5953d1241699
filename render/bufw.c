/*
 * A byte buffer in front of a FILE, for writers that emit many small
 * records (inspect's JSON Lines and CSV): cells and JSON strings are
 * written straight into it, with no object per record, and it goes out
 * with one fwrite() per BUFW_FLUSH bytes.
 *
 * JSON strings follow jansson's compact output byte for byte: '"', '\\'
 * and the control characters are escaped (\b \f \n \r \t, else \u00XX),
 * everything else is copied.  In a string that is not valid UTF-8
 * (overlong forms, surrogates, past U+10FFFF, cut sequences) each byte
 * that starts no valid sequence becomes U+FFFD, as jsonw_text() makes it
 * through iconv.  CSV cells are quoted
 * by libcsv and neutralised against formulas as csvw.c does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "portaudit.h"
#include "render.h"

#define BUFW_FLUSH	(256 * 1024)

void
bufw_init(struct bufw *b, FILE *fp)
{
	memset(b, 0, sizeof(*b));
	b->fp = fp;
}

/* Room for n more bytes. */
static char *
bufw_room(struct bufw *b, size_t n)
{
	if (b->cap - b->len < n) {
		while (b->cap - b->len < n)
			b->cap = b->cap == 0 ? BUFW_FLUSH * 2 : b->cap * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	return (b->p + b->len);
}

void
bufw_flush(struct bufw *b)
{
	if (b->len > 0 && fwrite(b->p, 1, b->len, b->fp) != b->len)
		b->err = 1;
	b->len = 0;
}

/* Flush when a record is done and the buffer is full enough. */
void
bufw_end_record(struct bufw *b)
{
	if (b->len >= BUFW_FLUSH)
		bufw_flush(b);
}

void
bufw_done(struct bufw *b)
{
	bufw_flush(b);
	free(b->p);
	b->p = NULL;
	b->cap = 0;
}

void
bufw_put(struct bufw *b, const char *s, size_t n)
{
	memcpy(bufw_room(b, n), s, n);
	b->len += n;
}

void
bufw_puts(struct bufw *b, const char *s)
{
	bufw_put(b, s, strlen(s));
}

void
bufw_long(struct bufw *b, long v)
{
	char		 tmp[24], *q = tmp + sizeof(tmp);
	unsigned long	 u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	do {
		*--q = '0' + u % 10;
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--q = '-';
	bufw_put(b, q, tmp + sizeof(tmp) - q);
}

/*
 * Length of the valid UTF-8 sequence at s[0..n) (s[0] >= 0x80), or 0:
 * the rules of RFC 3629, which jansson applies too.
 */
static size_t
bufw_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return (0);
	if (n < len || s[1] < lo || s[1] > hi)
		return (0);
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return (0);
	return (len);
}

/*
 * A JSON string of s (NULL: null): a byte that does not start a valid
 * UTF-8 sequence becomes U+FFFD, as decode_convert() makes it.
 */
void
bufw_json_str(struct bufw *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, run, k;
	char			*o;

	if (s == NULL) {
		bufw_put(b, "null", 4);
		return;
	}
	bufw_put(b, "\"", 1);
	while (u[i] != '\0') {
		for (run = i; u[run] >= 0x20 && u[run] < 0x80 &&
		    u[run] != '"' && u[run] != '\\'; run++)
			;
		if (run > i) {
			bufw_put(b, s + i, run - i);
			i = run;
			continue;
		}
		if (u[i] >= 0x80) {
			/* The NUL ends a cut sequence: no read past it. */
			k = bufw_utf8_len(u + i, strnlen(s + i, 4));
			if (k == 0) {
				bufw_put(b, "\xef\xbf\xbd", 3);
				k = 1;
			} else
				bufw_put(b, s + i, k);
			i += k;
			continue;
		}
		o = bufw_room(b, 6);
		o[0] = '\\';
		switch (u[i]) {
		case '"':
		case '\\':
			o[1] = u[i];
			break;
		case '\b':
			o[1] = 'b';
			break;
		case '\f':
			o[1] = 'f';
			break;
		case '\n':
			o[1] = 'n';
			break;
		case '\r':
			o[1] = 'r';
			break;
		case '\t':
			o[1] = 't';
			break;
		default:
			memcpy(o + 1, "u00", 3);
			o[4] = hex[u[i] >> 4];
			o[5] = hex[u[i] & 15];
			b->len += 4;
			break;
		}
		b->len += 2;
		i++;
	}
	bufw_put(b, "\"", 1);
}

void
bufw_json_key(struct bufw *b, const char *key, int first)
{
	if (!first)
		bufw_put(b, ",", 1);
	bufw_put(b, "\"", 1);
	bufw_puts(b, key);
	bufw_put(b, "\":", 2);
}

void
bufw_csv_cell(struct bufw *b, const char *s, int sep)
{
	size_t	 len, need;
	char	*t;

	if (sep)
		bufw_put(b, ",", 1);
	if (s == NULL || *s == '\0')
		return;
	len = strlen(s);
	if (csvw_is_formula(s)) {
		t = xmalloc(len + 1);
		t[0] = '\'';
		memcpy(t + 1, s, len);
		need = 2 * (len + 1) + 2;
		b->len += csv_write(bufw_room(b, need), need, t, len + 1);
		free(t);
		return;
	}
	/* At most every byte doubled, and two quotes. */
	need = 2 * len + 2;
	b->len += csv_write(bufw_room(b, need), need, s, len);
}

void
bufw_csv_int(struct bufw *b, long v, int sep)
{
	if (sep)
		bufw_put(b, ",", 1);
	if (v >= 0)
		bufw_long(b, v);
}
