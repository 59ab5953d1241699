/*
 * Turning the bytes on disk into UTF-8 text.  Evidence arrives as UTF-8
 * (with or without BOM), UTF-16 (PowerShell's ">" writes UTF-16LE with a
 * BOM; copies lose it), or a legacy code page (cmd.exe writes the console's
 * OEM code page).  Conversion goes through iconv; nothing undecodable is
 * dropped without being counted.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define DECODE_PROBE	4096	/* bytes looked at to guess BOM-less UTF-16 */

const char *
decode_enc_name(enum textenc e)
{
	static const char *const names[] = {
		"UTF-8", "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-16LE", "UTF-16BE",
		"legacy"
	};

	return (names[e]);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t
decode_utf8_seq(const unsigned char *s, const unsigned char *end)
{
	size_t	 n, i;
	unsigned c = s[0];

	if (c < 0x80)
		return (1);
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return (0);
	if ((size_t)(end - s) < n)
		return (0);
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return (0);
	if (c == 0xe0 && s[1] < 0xa0)
		return (0);		/* overlong */
	if (c == 0xed && s[1] >= 0xa0)
		return (0);		/* surrogate */
	if (c == 0xf0 && s[1] < 0x90)
		return (0);
	if (c == 0xf4 && s[1] >= 0x90)
		return (0);
	return (n);
}

static int
decode_is_utf8(const unsigned char *s, size_t len)
{
	const unsigned char	*end = s + len;
	uint64_t		 w, w4[4];
	size_t			 n;

	while (s < end) {
		/* ASCII 32 bytes at a time, then 8, then a sequence. */
		while (end - s >= 32) {
			memcpy(w4, s, 32);
			if (((w4[0] | w4[1] | w4[2] | w4[3]) &
			    0x8080808080808080ULL) != 0)
				break;
			s += 32;
		}
		if (s == end)
			break;
		if (end - s >= 8) {
			memcpy(&w, s, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				s += 8;
				continue;
			}
		}
		if ((n = decode_utf8_seq(s, end)) == 0)
			return (0);
		s += n;
	}
	return (1);
}

/* BOM-less UTF-16: most ASCII characters leave a NUL beside them. */
static enum textenc
decode_guess_utf16(const unsigned char *s, size_t len)
{
	size_t	 i, n, zodd = 0, zeven = 0;

	n = len < DECODE_PROBE ? len : DECODE_PROBE;
	n &= ~(size_t)1;
	if (n < 8)
		return (ENC_UTF8);
	for (i = 0; i < n; i += 2) {
		zeven += s[i] == 0;
		zodd += s[i + 1] == 0;
	}
	if (zodd * 10 >= (n / 2) * 6 && zeven * 10 <= (n / 2))
		return (ENC_UTF16LE_NOBOM);
	if (zeven * 10 >= (n / 2) * 6 && zodd * 10 <= (n / 2))
		return (ENC_UTF16BE_NOBOM);
	return (ENC_UTF8);
}

enum textenc
decode_detect(const unsigned char *s, size_t len)
{
	enum textenc	 e;

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return (ENC_UTF8_BOM);
	if (len >= 2 && s[0] == 0xff && s[1] == 0xfe)
		return (ENC_UTF16LE);
	if (len >= 2 && s[0] == 0xfe && s[1] == 0xff)
		return (ENC_UTF16BE);
	if ((e = decode_guess_utf16(s, len)) != ENC_UTF8)
		return (e);
	return (decode_is_utf8(s, len) ? ENC_UTF8 : ENC_LEGACY);
}

/*
 * iconv_open() and iconv_close() load and unload glibc's converter modules
 * under a lock of the dynamic loader that thread checkers cannot see;
 * workers (fleetread.c) take this one around them too.
 */
static pthread_mutex_t decode_iconv_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * UTF-16 whose every code unit is ASCII (netstat redirected by
 * PowerShell, most registry exports) is its low bytes, the bytes iconv
 * would give: taken directly.  NULL when some unit is not ASCII, or a
 * byte is left over; iconv then converts the whole of it.
 */
static char *
decode_utf16_ascii(const unsigned char *in, size_t inlen, int be,
    size_t *outlen)
{
	const unsigned char	*lo = in + (be ? 1 : 0);
	const unsigned char	*hi = in + (be ? 0 : 1);
	size_t			 i, n = inlen / 2;
	char			*out;

	if (inlen % 2 != 0)
		return (NULL);
	out = xmalloc(n + 1);
	i = 0;
#ifdef __SSE2__
	/* 16 units at a time: each ASCII, then packed to their low bytes. */
	for (; i + 16 <= n; i += 16) {
		__m128i	 a, b, bad;

		a = _mm_loadu_si128((const __m128i *)(in + 2 * i));
		b = _mm_loadu_si128((const __m128i *)(in + 2 * i + 16));
		if (be) {
			a = _mm_or_si128(_mm_srli_epi16(a, 8),
			    _mm_slli_epi16(a, 8));
			b = _mm_or_si128(_mm_srli_epi16(b, 8),
			    _mm_slli_epi16(b, 8));
		}
		bad = _mm_and_si128(_mm_or_si128(a, b), _mm_set1_epi16(
		    (short)0xff80));
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(bad,
		    _mm_setzero_si128())) != 0xffff) {
			free(out);
			return (NULL);
		}
		_mm_storeu_si128((__m128i *)(out + i), _mm_packus_epi16(a, b));
	}
#endif
	for (; i < n; i++) {
		if ((hi[2 * i] | (lo[2 * i] & 0x80)) != 0) {
			free(out);
			return (NULL);
		}
		out[i] = lo[2 * i];
	}
	out[n] = '\0';
	*outlen = n;
	return (out);
}

char *
decode_convert(const unsigned char *in, size_t inlen, const char *from,
    size_t *outlen, unsigned long *nbad)
{
	static const char	 repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	iconv_t			 cd;
	char			*out, *ip, *op;
	size_t			 cap, il, ol, used, step;

	*nbad = 0;
	if ((strcmp(from, "UTF-16LE") == 0 || strcmp(from, "UTF-16BE") == 0) &&
	    (out = decode_utf16_ascii(in, inlen, from[6] == 'B', outlen)) !=
	    NULL)
		return (out);
	pthread_mutex_lock(&decode_iconv_lock);
	cd = iconv_open("UTF-8", from);
	pthread_mutex_unlock(&decode_iconv_lock);
	if (cd == (iconv_t)-1)
		return (NULL);
	step = strncmp(from, "UTF-16", 6) == 0 ? 2 : 1;
	cap = inlen * 3 / step + 16;
	out = xmalloc(cap + 1);
	ip = (char *)in;
	il = inlen;
	op = out;
	ol = cap;
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			used = op - out;
			cap *= 2;
			out = xrealloc(out, cap + 1);
			op = out + used;
			ol = cap - used;
			continue;
		}
		/* EILSEQ or EINVAL (a truncated sequence at the end). */
		if (ol < sizeof(repl)) {
			used = op - out;
			cap *= 2;
			out = xrealloc(out, cap + 1);
			op = out + used;
			ol = cap - used;
		}
		memcpy(op, repl, sizeof(repl) - 1);
		op += sizeof(repl) - 1;
		ol -= sizeof(repl) - 1;
		(*nbad)++;
		step = step > il ? il : step;
		ip += step;
		il -= step;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	pthread_mutex_lock(&decode_iconv_lock);
	iconv_close(cd);
	pthread_mutex_unlock(&decode_iconv_lock);
	*outlen = op - out;
	out[*outlen] = '\0';
	return (out);
}

unsigned long
decode_nuls(char *s, size_t len)
{
	unsigned long	 n = 0;
	char		*p, *end = s + len;

	while ((p = memchr(s, '\0', end - s)) != NULL) {
		*p = ' ';
		n++;
		s = p + 1;
	}
	return (n);
}
