/*
 * Binary registry hives (SYSTEM, SOFTWARE, NTUSER.DAT files copied from
 * %SystemRoot%\System32\config or saved with `reg save`), read with libhivex.
 * Every value becomes a REC_REGVALUE record whose text is KEY\NAME (a hive
 * has no lines, so the records sit on line 0) and goes through the
 * knowledge base like a value of a .reg file.
 *
 * Keys are named as a live registry shows them: a SYSTEM hive (it has a
 * Select key) is HKEY_LOCAL_MACHINE\SYSTEM with the control set named by
 * Select\Current read as CurrentControlSet; a SOFTWARE hive (Microsoft
 * under the root) is HKEY_LOCAL_MACHINE\SOFTWARE; a user hive (Software
 * and Control Panel or Environment) is HKEY_CURRENT_USER; any other hive
 * keeps its root key's own name.  A corrupt hive may link a key to its own
 * ancestor or to a key seen before, so the walk remembers every key it
 * visits and stops at 512 levels, the registry's own limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hivex.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define HIVE_MAXDEPTH	512		/* levels below the root */
#define HIVE_MAXKEYS	(4UL * 1024 * 1024)	/* keys walked at most */
#define HIVE_MAXHEX	(64 * 1024)	/* binary bytes shown as hex */

struct reg_hive {
	struct parse	*p;
	hive_h		*h;
	char		*path;		/* key being walked */
	size_t		 len;
	size_t		 cap;
	char		 curset[16];	/* SYSTEM: ControlSetNNN that is current */
	hive_node_h	*seen;		/* open addressing set of visited keys */
	size_t		 nseen;
	size_t		 capseen;	/* power of two */
	int		 toodeep;	/* depth limit reported */
	int		 problems;	/* keys and values not read */
};

static int
reg_hive_sniff(const char *buf, size_t len)
{
	return (len >= 4 && memcmp(buf, "regf", 4) == 0 ? 100 : 0);
}

static void
reg_hive_path_add(struct reg_hive *w, const char *sep, const char *name)
{
	size_t	 n = strlen(sep) + strlen(name);

	if (w->len + n + 1 > w->cap) {
		w->cap = (w->len + n + 1) * 2;
		w->path = xrealloc(w->path, w->cap);
	}
	memcpy(w->path + w->len, sep, strlen(sep));
	memcpy(w->path + w->len + strlen(sep), name, strlen(name) + 1);
	w->len += n;
}

/* Add node to the visited set; 0 when it was there already. */
static int
reg_hive_visit(struct reg_hive *w, hive_node_h node)
{
	hive_node_h	*old = w->seen;
	size_t		 ocap = w->capseen, i, j;

	if (w->nseen * 2 >= w->capseen) {
		w->capseen = ocap == 0 ? 1024 : ocap * 2;
		w->seen = xcalloc(w->capseen, sizeof(*w->seen));
		for (i = 0; i < ocap; i++) {
			if (old[i] == 0)
				continue;
			for (j = (old[i] >> 3) & (w->capseen - 1);
			    w->seen[j] != 0; j = (j + 1) & (w->capseen - 1))
				;
			w->seen[j] = old[i];
		}
		free(old);
	}
	for (i = (node >> 3) & (w->capseen - 1); w->seen[i] != 0;
	    i = (i + 1) & (w->capseen - 1))
		if (w->seen[i] == node)
			return (0);
	w->seen[i] = node;
	w->nseen++;
	return (1);
}

/* Diagnose a key or value not read; a very long path shows its ends. */
static void
reg_hive_problem(struct reg_hive *w, const char *what, const char *name)
{
	const char	*sep = *name != '\0' ? "\\" : "";

	w->problems++;
	if (w->len > 200)
		diag(w->p->in, 0, DIAG_HIVE, "%.80s...%s%s%s: %s", w->path,
		    w->path + w->len - 80, sep, name, what);
	else
		diag(w->p->in, 0, DIAG_HIVE, "%s%s%s: %s", w->path, sep, name,
		    what);
}

/* "0a,1b,..." as .reg files show binary data, cut at HIVE_MAXHEX bytes. */
static const char *
reg_hive_hex(struct parse *p, const unsigned char *data, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*s;
	char			*buf;
	size_t			 i, n = len > HIVE_MAXHEX ? HIVE_MAXHEX : len;

	buf = xmalloc(n * 3 + 5);
	for (i = 0; i < n; i++) {
		buf[3 * i] = hex[data[i] >> 4];
		buf[3 * i + 1] = hex[data[i] & 15];
		buf[3 * i + 2] = ',';
	}
	i = n > 0 ? 3 * n - 1 : 0;
	if (n < len) {
		memcpy(buf + i, ",...", 4);
		i += 4;
	}
	s = parse_strndup(p, buf, i);
	free(buf);
	return (s);
}

/* UTF-16LE to UTF-8 with U+FFFD for what does not decode; stops at NUL. */
static char *
reg_hive_utf16(struct parse *p, const unsigned char *d, size_t len,
    size_t *used)
{
	char		*buf, *s;
	size_t		 i, n = 0;
	unsigned	 c, c2;

	buf = xmalloc(len / 2 * 3 + 1);
	for (i = 0; i + 1 < len; i += 2) {
		c = d[i] | d[i + 1] << 8;
		if (c == 0) {
			i += 2;
			break;
		}
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < len &&
		    (c2 = d[i + 2] | d[i + 3] << 8) >= 0xdc00 && c2 < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
			i += 2;
		}
		n += scan_utf8(c, (unsigned char *)buf + n);
	}
	if (used != NULL)
		*used = i > len ? len : i;
	s = parse_strndup(p, buf, n);
	free(buf);
	return (s);
}

/* A string value: hivex's decoding, or ours when hivex refuses it. */
static void
reg_hive_string(struct reg_hive *w, hive_value_h v, struct regvaluerec *reg,
    const unsigned char *data, size_t len)
{
	char	*s;

	if ((s = hivex_value_string(w->h, v)) != NULL) {
		reg->str = parse_strndup(w->p, s, strlen(s));
		free(s);
	} else
		reg->str = reg_hive_utf16(w->p, data, len, NULL);
}

/* A MULTI_SZ value; the empty string that ends the list is dropped. */
static void
reg_hive_multi(struct reg_hive *w, hive_value_h v, struct regvaluerec *reg,
    const unsigned char *data, size_t len)
{
	char	**m;
	size_t	  i, n = 0, off, used;

	if ((m = hivex_value_multiple_strings(w->h, v)) != NULL) {
		while (m[n] != NULL)
			n++;
		if (n > 0 && *m[n - 1] == '\0')
			n--;
		reg->multi = arena_alloc(w->p->fleet->arena,
		    (n + 1) * sizeof(*reg->multi));
		for (i = 0; i < n; i++)
			reg->multi[i] = parse_strndup(w->p, m[i], strlen(m[i]));
		for (i = 0; m[i] != NULL; i++)
			free(m[i]);
		free(m);
		reg->nmulti = n;
		return;
	}
	reg->multi = arena_alloc(w->p->fleet->arena,
	    (len / 2 + 1) * sizeof(*reg->multi));
	for (off = 0; off + 1 < len && (data[off] | data[off + 1]) != 0;
	    off += used)
		reg->multi[n++] = reg_hive_utf16(w->p, data + off, len - off,
		    &used);
	reg->nmulti = n;
}

static unsigned long long
reg_hive_le(const unsigned char *d, size_t len, size_t want)
{
	unsigned long long	 v = 0;
	size_t			 i;

	for (i = len < want ? len : want; i > 0; i--)
		v = v << 8 | d[i - 1];
	return (v);
}

/* Fill reg from the value's type and bytes. */
static void
reg_hive_decode(struct reg_hive *w, hive_value_h v, struct regvaluerec *reg,
    hive_type t, const unsigned char *data, size_t len)
{
	char	 buf[32];

	reg->rtype = t <= hive_t_REG_QWORD ? (enum regtype)t : REGT_OTHER;
	if (reg->rtype == REGT_OTHER) {
		snprintf(buf, sizeof(buf), "hex(%x)", (unsigned)t);
		reg->type = parse_intern(w->p, buf, strlen(buf));
	} else
		reg->type = regtype_name(reg->rtype);
	switch (reg->rtype) {
	case REGT_SZ:
	case REGT_EXPAND_SZ:
	case REGT_LINK:
		reg_hive_string(w, v, reg, data, len);
		break;
	case REGT_MULTI_SZ:
		reg_hive_multi(w, v, reg, data, len);
		break;
	case REGT_DWORD:
		reg->num = reg_hive_le(data, len, 4);
		break;
	case REGT_DWORD_BE:
		reg->num = len < 4 ? 0 : (unsigned long long)data[0] << 24 |
		    data[1] << 16 | data[2] << 8 | data[3];
		break;
	case REGT_QWORD:
		reg->num = reg_hive_le(data, len, 8);
		break;
	default:
		reg->str = reg_hive_hex(w->p, data, len);
		break;
	}
	if ((reg->rtype == REGT_DWORD || reg->rtype == REGT_DWORD_BE) &&
	    len != 4)
		diag(w->p->in, 0, DIAG_REG_DWORD, "%s\\%s: %zu bytes",
		    reg->key, reg->name, len);
	else if (reg->rtype == REGT_QWORD && len != 8)
		diag(w->p->in, 0, DIAG_REG_HEX, "%s\\%s: qword of %zu bytes",
		    reg->key, reg->name, len);
}

/* One REC_REGVALUE record for a value, handed to the knowledge base. */
static void
reg_hive_value(struct reg_hive *w, const char *key, hive_value_h v)
{
	struct regvaluerec	*reg;
	struct record		*r;
	hive_type		 t;
	size_t			 len;
	char			*name, *data, *text;

	if ((name = hivex_value_key(w->h, v)) == NULL) {
		reg_hive_problem(w, "value name unreadable", "");
		return;
	}
	if ((data = hivex_value_value(w->h, v, &t, &len)) == NULL) {
		reg_hive_problem(w, strerror(errno), name);
		free(name);
		return;
	}
	xasprintf(&text, "%s\\%s", key, name);
	parse_value_begin(w->p);
	r = rec_add_at(w->p, REC_REGVALUE, 0, parse_strndup(w->p, text,
	    strlen(text)));
	free(text);
	reg = &r->u.reg;
	reg->key = key;
	reg->name = parse_intern(w->p, name, strlen(name));
	reg_hive_decode(w, v, reg, t, (unsigned char *)data, len);
	parse_value_end(w->p, r, kb_regvalue(w->p, r));
	free(data);
	free(name);
}

static void
reg_hive_values(struct reg_hive *w, hive_node_h node)
{
	hive_value_h	*values;
	const char	*key;
	size_t		 i;

	if ((values = hivex_node_values(w->h, node)) == NULL) {
		reg_hive_problem(w, "values unreadable", "");
		return;
	}
	key = parse_intern(w->p, w->path, w->len);
	for (i = 0; values[i] != 0; i++)
		reg_hive_value(w, key, values[i]);
	free(values);
}

static void	reg_hive_walk(struct reg_hive *, hive_node_h, int);

/* Walk one subkey, its name appended to the path meanwhile. */
static void
reg_hive_child(struct reg_hive *w, hive_node_h child, int depth)
{
	size_t	 len = w->len;
	char	*name;

	if ((name = hivex_node_name(w->h, child)) == NULL) {
		reg_hive_problem(w, "subkey name unreadable", "");
		return;
	}
	if (depth == 1 && w->curset[0] != '\0' &&
	    util_strcasecmp_ascii(name, w->curset) == 0)
		reg_hive_path_add(w, "\\", "CurrentControlSet");
	else
		reg_hive_path_add(w, "\\", name);
	free(name);
	reg_hive_walk(w, child, depth);
	w->len = len;
	w->path[len] = '\0';
}

static void
reg_hive_walk(struct reg_hive *w, hive_node_h node, int depth)
{
	hive_node_h	*children;
	size_t		 i;

	if (depth > HIVE_MAXDEPTH) {
		if (!w->toodeep++)
			reg_hive_problem(w, "more than 512 levels deep, "
			    "deeper keys skipped", "");
		return;
	}
	if (w->nseen >= HIVE_MAXKEYS) {
		if (w->nseen++ == HIVE_MAXKEYS)
			reg_hive_problem(w, "too many keys, rest skipped", "");
		return;
	}
	if (!reg_hive_visit(w, node)) {
		reg_hive_problem(w, "key seen before (a loop), skipped", "");
		return;
	}
	reg_hive_values(w, node);
	if ((children = hivex_node_children(w->h, node)) == NULL) {
		reg_hive_problem(w, "subkeys unreadable", "");
		return;
	}
	for (i = 0; children[i] != 0; i++)
		reg_hive_child(w, children[i], depth + 1);
	free(children);
}

/* The current control set of a SYSTEM hive, from Select\Current. */
static void
reg_hive_curset(struct reg_hive *w, hive_node_h select)
{
	hive_value_h	 v;
	hive_type	 t;
	size_t		 len;
	char		*data;
	unsigned long long cur;

	if ((v = hivex_node_get_value(w->h, select, "Current")) == 0 ||
	    (data = hivex_value_value(w->h, v, &t, &len)) == NULL)
		return;
	cur = reg_hive_le((unsigned char *)data, len, 4);
	free(data);
	if (t == hive_t_REG_DWORD && len == 4 && cur >= 1 && cur <= 999)
		snprintf(w->curset, sizeof(w->curset), "ControlSet%03llu", cur);
}

/* Name the root after the hive's kind (see the top of this file). */
static void
reg_hive_root(struct reg_hive *w, hive_node_h root)
{
	hive_node_h	 select;
	char		*name;

	if ((select = hivex_node_get_child(w->h, root, "Select")) != 0) {
		reg_hive_curset(w, select);
		reg_hive_path_add(w, "", "HKEY_LOCAL_MACHINE\\SYSTEM");
	} else if (hivex_node_get_child(w->h, root, "Microsoft") != 0)
		reg_hive_path_add(w, "", "HKEY_LOCAL_MACHINE\\SOFTWARE");
	else if (hivex_node_get_child(w->h, root, "Software") != 0 &&
	    (hivex_node_get_child(w->h, root, "Control Panel") != 0 ||
	    hivex_node_get_child(w->h, root, "Environment") != 0))
		reg_hive_path_add(w, "", "HKEY_CURRENT_USER");
	else {
		name = hivex_node_name(w->h, root);
		reg_hive_path_add(w, "", name != NULL && *name != '\0' ?
		    name : "ROOT");
		free(name);
	}
}

/* Why hivex_open() failed, in words (hivex keeps its own to itself). */
static const char *
reg_hive_why(int err)
{
	switch (err) {
	case EINVAL:
		return ("bad header: file too small, or checksum wrong");
	case ENOTSUP:
		return ("corrupt or unsupported hive bins");
	default:
		return (strerror(err));
	}
}

static int
reg_hive_parse(struct parse *p)
{
	struct reg_hive	 w;
	hive_node_h	 root;

	memset(&w, 0, sizeof(w));
	w.p = p;
	if ((w.h = hivex_open(p->file, 0)) == NULL) {
		diag(p->in, 0, DIAG_HIVE, "%s", reg_hive_why(errno));
		p->in->status = INPUT_UNREADABLE;
		return (0);
	}
	if ((root = hivex_root(w.h)) == 0) {
		diag(p->in, 0, DIAG_HIVE, "no root key");
		p->in->status = INPUT_UNREADABLE;
		hivex_close(w.h);
		return (0);
	}
	reg_hive_path_add(&w, "", "");
	reg_hive_root(&w, root);
	reg_hive_walk(&w, root, 0);
	kb_finish(p);
	hivex_close(w.h);
	free(w.path);
	free(w.seen);
	return (w.problems);
}

const struct collector collector_reg_hive = {
	"hive", "registry", NULL,
	"binary registry hive (SYSTEM, SOFTWARE, NTUSER.DAT) read with hivex",
	reg_hive_sniff, reg_hive_parse, 1
};
