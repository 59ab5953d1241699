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
#include "bufw_inline.h"

#define BUFW_FLUSH	(256 * 1024)

/*
 * The buffer of the last bufw done on this thread, for the next one:
 * inspect writes one per input, and a fresh one is page faults again.
 */
static _Thread_local char	*bufw_spare;
static _Thread_local size_t	 bufw_sparecap;

void
bufw_init(struct bufw *b, FILE *fp)
{
	memset(b, 0, sizeof(*b));
	b->fp = fp;
	if (bufw_spare != NULL) {
		b->p = bufw_spare;
		b->cap = bufw_sparecap;
		bufw_spare = NULL;
	}
}

/* Grow the buffer to hold n more bytes (bufw_reserve() found no room). */
char *
bufw_grow(struct bufw *b, size_t n)
{
	while (b->cap - b->len < n)
		b->cap = b->cap == 0 ? BUFW_FLUSH * 2 : b->cap * 2;
	b->p = xrealloc(b->p, b->cap);
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
	if (bufw_spare == NULL && b->cap <= BUFW_FLUSH * 4) {
		bufw_spare = b->p;
		bufw_sparecap = b->cap;
	} else
		free(b->p);
	b->p = NULL;
	b->cap = 0;
}

void
bufw_put(struct bufw *b, const char *s, size_t n)
{
	bufw_putn(b, s, n);
}

void
bufw_puts(struct bufw *b, const char *s)
{
	bufw_put(b, s, strlen(s));
}

void
bufw_long(struct bufw *b, long v)
{
	if (v < 0) {
		BUFW_LIT(b, "-");
		bufw_ulong(b, -(unsigned long)v);
	} else
		bufw_ulong(b, v);
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

#define BUFW_ONES	0x0101010101010101ULL
#define BUFW_HIGHS	0x8080808080808080ULL

/*
 * Whether none of the 8 bytes of w needs more than a copy in a JSON
 * string: each is printable ASCII other than '"' and '\\'.  The tests
 * for a byte below 0x20 and for a zero byte are exact about whether one
 * exists, which is all that is asked here.
 */
static inline int
bufw_plain8(uint64_t w)
{
	uint64_t	 q = w ^ (BUFW_ONES * '"'), s = w ^ (BUFW_ONES * '\\');

	return (((w | ((w - BUFW_ONES * 0x20) & ~w) |
	    ((q - BUFW_ONES) & ~q) | ((s - BUFW_ONES) & ~s)) &
	    BUFW_HIGHS) == 0);
}

/* The escape of ASCII byte c (a control character, '"' or '\\') at o. */
static inline size_t
bufw_json_esc(char *o, unsigned char c)
{
	static const char	 hex[] = "0123456789ABCDEF";

	o[0] = '\\';
	switch (c) {
	case '"':
	case '\\':
		o[1] = c;
		return (2);
	case '\b':
		o[1] = 'b';
		return (2);
	case '\f':
		o[1] = 'f';
		return (2);
	case '\n':
		o[1] = 'n';
		return (2);
	case '\r':
		o[1] = 'r';
		return (2);
	case '\t':
		o[1] = 't';
		return (2);
	default:
		memcpy(o + 1, "u00", 3);
		o[4] = hex[c >> 4];
		o[5] = hex[c & 15];
		return (6);
	}
}

/*
 * A JSON string of s (NULL: null): a byte that does not start a valid
 * UTF-8 sequence becomes U+FFFD, as decode_convert() makes it.  Room for
 * the worst case (every byte escaped to six) is taken first; runs of
 * plain ASCII go eight bytes at a time.
 */
void
bufw_json_str(struct bufw *b, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint64_t		 w;
	char			*o, *o0;

	if (s == NULL) {
		BUFW_LIT(b, "null");
		return;
	}
	n = strlen(s);
	o = o0 = bufw_reserve(b, 6 * n + 2);
	*o++ = '"';
	while (i < n) {
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (!bufw_plain8(w))
				break;
			memcpy(o, &w, 8);
			o += 8;
			i += 8;
		}
		if (i == n)
			break;
		if (u[i] >= 0x20 && u[i] < 0x80 && u[i] != '"' &&
		    u[i] != '\\') {
			*o++ = u[i++];
			continue;
		}
		if (u[i] < 0x80) {
			o += bufw_json_esc(o, u[i++]);
			continue;
		}
		if ((k = bufw_utf8_len(u + i, n - i)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			k = 1;
		} else {
			memcpy(o, s + i, k);
			o += k;
		}
		i += k;
	}
	*o++ = '"';
	b->len += o - o0;
}

void
bufw_json_key(struct bufw *b, const char *key, int first)
{
	if (!first)
		BUFW_LIT(b, ",");
	BUFW_LIT(b, "\"");
	bufw_puts(b, key);
	BUFW_LIT(b, "\":");
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
		b->len += csv_write(bufw_reserve(b, need), need, t, len + 1);
		free(t);
		return;
	}
	/* At most every byte doubled, and two quotes. */
	need = 2 * len + 2;
	b->len += csv_write(bufw_reserve(b, need), need, s, len);
}

void
bufw_csv_int(struct bufw *b, long v, int sep)
{
	if (sep)
		bufw_put(b, ",", 1);
	if (v >= 0)
		bufw_long(b, v);
}
