/*
 * The per-byte paths of bufw.c, inline for the writers that call them for
 * every field of every record (records.c): room in the buffer, a copy of
 * a few bytes, a literal, a number.  Included after render.h.
 */
#ifndef BUFW_INLINE_H
#define BUFW_INLINE_H

#include <string.h>

/* Grow the buffer to hold n more bytes; where they go (bufw.c). */
char	*bufw_grow(struct bufw *, size_t);

/* Where n more bytes go; b->len is moved by the caller. */
static inline char *
bufw_reserve(struct bufw *b, size_t n)
{
	if (b->cap - b->len < n)
		return (bufw_grow(b, n));
	return (b->p + b->len);
}

/* Copy s[0..n) into the buffer. */
static inline void
bufw_putn(struct bufw *b, const char *s, size_t n)
{
	memcpy(bufw_reserve(b, n), s, n);
	b->len += n;
}

/* A string literal, its length known when compiling. */
#define BUFW_LIT(b, lit)	bufw_putn((b), (lit), sizeof(lit) - 1)

/* The decimal digits of v (v >= 0). */
static inline void
bufw_ulong(struct bufw *b, unsigned long v)
{
	char	 tmp[24], *q = tmp + sizeof(tmp);

	do {
		*--q = '0' + v % 10;
		v /= 10;
	} while (v > 0);
	bufw_putn(b, q, tmp + sizeof(tmp) - q);
}

#endif /* BUFW_INLINE_H */
