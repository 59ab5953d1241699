/*
 * Wording templates: INI files (read with inih) whose values hold text
 * with #{key} placeholders, expanded from a finding's variables or a
 * report's figures.  C code never builds an English sentence; it only
 * chooses a template key.  An unknown placeholder is a diagnostic and
 * expands to nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "portaudit.h"
#include "render.h"

struct template_entry {
	char	*section;
	char	*key;
	char	*value;
};

struct template {
	char			*path;
	struct template_entry	*v;
	size_t			 n;
	char			**unknown;	/* placeholders already reported */
	size_t			 nunknown;
};

static int
template_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct template		*t = user;
	struct template_entry	*e;
	size_t			 i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].section, section) == 0 &&
		    strcmp(t->v[i].key, name) == 0) {
			/* A repeated key continues the text (a paragraph). */
			e = &t->v[i];
			e->value = xrealloc(e->value, strlen(e->value) +
			    strlen(value) + 2);
			strcat(e->value, " ");
			strcat(e->value, value);
			return (1);
		}
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	e = &t->v[t->n++];
	e->section = xstrdup(section);
	e->key = xstrdup(name);
	e->value = xstrdup(value);
	return (1);
}

struct template *
template_load(const char *path)
{
	struct template	*t;
	int		 rc;

	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	if ((rc = ini_parse(path, template_handler, t)) != 0) {
		if (rc < 0)
			diag(NULL, 0, DIAG_TEMPLATE, "%s: cannot read", path);
		else
			diag(NULL, 0, DIAG_TEMPLATE, "%s:%d: syntax error",
			    path, rc);
		template_free(t);
		return (NULL);
	}
	return (t);
}

void
template_free(struct template *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].section);
		free(t->v[i].key);
		free(t->v[i].value);
	}
	for (i = 0; i < t->nunknown; i++)
		free(t->unknown[i]);
	free(t->unknown);
	free(t->v);
	free(t->path);
	free(t);
}

const char *
template_get(const struct template *t, const char *section, const char *key)
{
	size_t	 i;

	if (t == NULL)
		return (NULL);
	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].section, section) == 0 &&
		    strcmp(t->v[i].key, key) == 0)
			return (t->v[i].value);
	return (NULL);
}

/*
 * key.variant when the template has it, else the variant cut at its last
 * dot ("low-end.nt", then "low-end"), else key.
 */
const char *
template_get_variant(const struct template *t, const char *section,
    const char *key, const char *variant)
{
	const char	*v = NULL;
	char		*k, *dot;

	if (variant != NULL) {
		xasprintf(&k, "%s.%s", key, variant);
		while ((v = template_get(t, section, k)) == NULL &&
		    (dot = strrchr(k, '.')) != k + strlen(key))
			*dot = '\0';
		free(k);
		if (v != NULL)
			return (v);
	}
	return (template_get(t, section, key));
}

static void
template_unknown(struct template *t, const char *key, size_t n)
{
	size_t	 i;

	for (i = 0; i < t->nunknown; i++)
		if (strlen(t->unknown[i]) == n &&
		    strncmp(t->unknown[i], key, n) == 0)
			return;
	t->unknown = xrealloc(t->unknown, (t->nunknown + 1) *
	    sizeof(*t->unknown));
	t->unknown[t->nunknown++] = xstrndup(key, n);
	diag(NULL, 0, DIAG_TEMPLATE, "%s: unknown placeholder #{%.*s}",
	    t->path, (int)n, key);
}

/*
 * Expand #{key} in text through lookup; the result is malloc'd.  "##"
 * stands for a literal "#".
 */
char *
template_expand(struct template *t, const char *text,
    const char *(*lookup)(const void *, const char *), const void *arg)
{
	char		*out, key[64];
	const char	*p, *end, *v;
	size_t		 len = 0, cap, n;

	cap = strlen(text) + 64;
	out = xmalloc(cap);
	for (p = text; *p != '\0'; p++) {
		v = NULL;
		n = 1;
		if (p[0] == '#' && p[1] == '#') {
			v = "#";
			p++;
		} else if (p[0] == '#' && p[1] == '{' &&
		    (end = strchr(p + 2, '}')) != NULL &&
		    (size_t)(end - p - 2) < sizeof(key)) {
			memcpy(key, p + 2, end - p - 2);
			key[end - p - 2] = '\0';
			if ((v = lookup(arg, key)) == NULL) {
				if (t != NULL)
					template_unknown(t, key, strlen(key));
				v = "";
			}
			p = end;
		}
		if (v != NULL)
			n = strlen(v);
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			out = xrealloc(out, cap);
		}
		if (v != NULL)
			memcpy(out + len, v, n);
		else
			out[len] = *p;
		len += n;
	}
	out[len] = '\0';
	return (out);
}

/* Where templates live: $PORTAUDIT_TEMPLATES, beside the data folder. */
char *
template_dir(const char *datadir)
{
	const char	*env;
	char		*dir;
	size_t		 n;

	if ((env = getenv("PORTAUDIT_TEMPLATES")) != NULL && *env != '\0')
		return (xstrdup(env));
	n = strlen(datadir);
	/* Build tree: data/ beside templates/. */
	if (strcmp(datadir, "data") == 0)
		return (xstrdup("templates"));
	if (n >= 5 && strcmp(datadir + n - 5, "/data") == 0) {
		xasprintf(&dir, "%.*s/templates", (int)(n - 5), datadir);
		return (dir);
	}
	xasprintf(&dir, "%s/templates", datadir);
	return (dir);
}
