/*
 * The JSON documents portaudit writes through jansson (findings.json,
 * SARIF): their strings, and the documents written piece by piece.
 *
 * jansson refuses bytes that are not UTF-8, and a host folder name can
 * hold any bytes, so such bytes become U+FFFD instead of a lost field.
 *
 * A document as one jansson tree costs more memory than the audit it
 * describes, so the writer keeps only the containers that are open (the
 * document, its big arrays) and takes each member as a small tree, which
 * jansson writes and which is freed at once.  The bytes are those of
 * json_dumpf() with JSON_INDENT(2) | JSON_PRESERVE_ORDER on the whole
 * tree, and a newline: a container opens with '{' or '[', each member
 * starts on a line of its own indented two spaces a level, members are
 * separated by ',', "key": value, and an empty container is {} or [].
 * jansson writes a member as if it were at the top; each newline of its
 * output (never one inside a string, which jansson escapes) gets the
 * member's indentation after it.  Without a FILE the writer builds the
 * whole tree instead, as the documents were once built (for the tests).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "render.h"

#define JSONW_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
			JSON_ENCODE_ANY)

static const char	 jsonw_spaces[] = "                                ";

/* A JSON string of s, or null when s is NULL. */
json_t *
jsonw_text(const char *s)
{
	unsigned long	 nbad;
	size_t		 len;
	json_t		*v;
	char		*u;

	if (s == NULL)
		return (json_null());
	if ((v = json_string(s)) != NULL)
		return (v);
	u = decode_convert((const unsigned char *)s, strlen(s), "UTF-8",
	    &len, &nbad);
	if (u == NULL)
		return (json_null());
	v = json_stringn(u, len);
	free(u);
	return (v != NULL ? v : json_null());
}

static void
jsonw_write(struct jsonw *w, const char *p, size_t n)
{
	if (n > 0 && fwrite(p, 1, n, w->fp) != n)
		w->err = 1;
}

/* A newline and the indentation of the open containers. */
static void
jsonw_newline(struct jsonw *w)
{
	size_t	 n = (size_t)w->depth * 2, k;

	jsonw_write(w, "\n", 1);
	for (; n > 0; n -= k) {
		k = n < sizeof(jsonw_spaces) - 1 ? n : sizeof(jsonw_spaces) - 1;
		jsonw_write(w, jsonw_spaces, k);
	}
}

/* jansson's output of a member, indented to its depth. */
static int
jsonw_dump_cb(const char *p, size_t n, void *arg)
{
	struct jsonw	*w = arg;
	const char	*nl;

	while ((nl = memchr(p, '\n', n)) != NULL) {
		jsonw_write(w, p, (size_t)(nl - p));
		jsonw_newline(w);
		n -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	jsonw_write(w, p, n);
	return (w->err ? -1 : 0);
}

static void
jsonw_dump(struct jsonw *w, const json_t *v)
{
	if (json_dump_callback(v, jsonw_dump_cb, w, JSONW_FLAGS) == -1)
		w->err = 1;
}

/* What goes before a member: its separator, indentation and key. */
static void
jsonw_member(struct jsonw *w, const char *key)
{
	json_t	*k;

	if (w->depth > 0) {
		if (w->n[w->depth - 1]++ > 0)
			jsonw_write(w, ",", 1);
		jsonw_newline(w);
	}
	if (key != NULL) {
		if ((k = json_string(key)) == NULL)
			w->err = 1;
		else {
			jsonw_dump(w, k);
			json_decref(k);
		}
		jsonw_write(w, ": ", 2);
	}
}

/* Put v into the innermost open container of the tree being built. */
static void
jsonw_attach(struct jsonw *w, const char *key, json_t *v)
{
	json_t	*parent;

	if (w->depth == 0) {
		json_decref(w->root);
		w->root = v;
		return;
	}
	parent = w->stack[w->depth - 1];
	if (json_is_array(parent))
		json_array_append_new(parent, v);
	else
		json_object_set_new(parent, key, v);
}

/* Start a document on fp, or a tree (jsonw_tree()) when fp is NULL. */
void
jsonw_begin(struct jsonw *w, FILE *fp)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
}

static void
jsonw_open(struct jsonw *w, const char *key, char close)
{
	json_t	*c;

	if (w->depth == JSONW_DEPTH)
		abort();		/* the documents are not that deep */
	if (w->fp == NULL) {
		c = close == '}' ? json_object() : json_array();
		jsonw_attach(w, key, c);
		w->stack[w->depth] = c;
	} else {
		jsonw_member(w, key);
		jsonw_write(w, close == '}' ? "{" : "[", 1);
	}
	w->close[w->depth] = close;
	w->n[w->depth++] = 0;
}

/* Open an object: a member key of the open object, else NULL. */
void
jsonw_object(struct jsonw *w, const char *key)
{
	jsonw_open(w, key, '}');
}

/* Open an array, as jsonw_object() does. */
void
jsonw_array(struct jsonw *w, const char *key)
{
	jsonw_open(w, key, ']');
}

/*
 * Write v (its reference taken) as a member of the open container, with
 * its key in an object.  A NULL v is no member, as json_object_set_new()
 * would have it.
 */
void
jsonw_put(struct jsonw *w, const char *key, json_t *v)
{
	if (v == NULL)
		return;
	if (w->fp == NULL) {
		jsonw_attach(w, key, v);
		return;
	}
	jsonw_member(w, key);
	jsonw_dump(w, v);
	json_decref(v);
}

/* Close the innermost open container. */
void
jsonw_close(struct jsonw *w)
{
	char	 c;

	if (w->depth == 0)
		abort();
	c = w->close[--w->depth];
	if (w->fp == NULL)
		return;
	if (w->n[w->depth] > 0)
		jsonw_newline(w);
	jsonw_write(w, &c, 1);
}

/*
 * End the document with a newline; -1 when a write failed.  A tree is
 * left for jsonw_tree().
 */
int
jsonw_end(struct jsonw *w)
{
	if (w->depth != 0)
		abort();		/* a container left open */
	if (w->fp == NULL)
		return (0);
	jsonw_write(w, "\n", 1);
	return (w->err || ferror(w->fp) ? -1 : 0);
}

/* The tree built without a FILE (the caller's reference), or NULL. */
json_t *
jsonw_tree(struct jsonw *w)
{
	json_t	*v = w->root;

	w->root = NULL;
	return (v);
}
