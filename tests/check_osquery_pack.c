/*
 * scripts/portaudit-osquery.conf, the osquery pack, asks for what
 * portaudit reads: listening ports and open sockets with their process,
 * and the registry values of every key pattern of data/settings.csv, with
 * nothing it does not need.  Its registry queries are written
 *
 *	... FROM registry WHERE key = 'KEY' AND name IN ('V1', 'V2');
 *	... FROM registry WHERE key LIKE 'PARENT\%\CHILD' AND name IN (...);
 *
 * where osquery expands each '%' component of a key to the subkeys there,
 * as '*' does in the knowledge base.  Keys compare component by component
 * without regard to case, HKLM and HKEY_LOCAL_MACHINE being one root.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "testutil.h"

#define OP_PACK		"scripts/portaudit-osquery.conf"
#define OP_SETTINGS	"data/settings.csv"
#define OP_MAXN		16

/* A key pattern with the value names that go with it. */
struct op_key {
	char		*key;		/* lower case, root "hklm", '*' */
	char		*names[OP_MAXN];
	int		 nnames;
	const char	*what;		/* query name or KB line, for messages */
	unsigned	 line;
};

struct op_keys {
	struct op_key	*v;
	size_t		 n;
};

/* A key as written, lower case, '%' as '*', the root as "hklm". */
static char *
op_norm(const char *s, size_t n)
{
	char	*k, *p;
	size_t	 i;

	if (n >= 18 && strncasecmp(s, "HKEY_LOCAL_MACHINE", 18) == 0) {
		s += 18;
		n -= 18;
	} else if (n >= 4 && strncasecmp(s, "HKLM", 4) == 0) {
		s += 4;
		n -= 4;
	}
	xasprintf(&k, "hklm%.*s", (int)n, s);
	for (p = k, i = 0; p[i] != '\0'; i++)
		p[i] = p[i] == '%' ? '*' : (char)tolower((unsigned char)p[i]);
	return (k);
}

static struct op_key *
op_add(struct op_keys *ks)
{
	ks->v = xrealloc(ks->v, (ks->n + 1) * sizeof(*ks->v));
	memset(&ks->v[ks->n], 0, sizeof(ks->v[0]));
	return (&ks->v[ks->n++]);
}

static void
op_free(struct op_keys *ks)
{
	size_t	 i;
	int	 j;

	for (i = 0; i < ks->n; i++) {
		free(ks->v[i].key);
		for (j = 0; j < ks->v[i].nnames; j++)
			free(ks->v[i].names[j]);
	}
	free(ks->v);
}

static void
op_kb_row(void *arg, char **cells, int n, unsigned line)
{
	struct op_key	*k;

	ck_assert_int_ge(n, 2);
	/* osqueryd runs as SYSTEM and reads the machine's hive; a user's
	 * HKCU value comes from that user's own registry export. */
	if (strncasecmp(cells[0], "HKCU\\", 5) == 0)
		return;
	k = op_add(arg);
	k->key = op_norm(cells[0], strlen(cells[0]));
	k->names[k->nnames++] = xstrdup(cells[1]);
	k->what = OP_SETTINGS;
	k->line = line;
}

/* The quoted SQL string at s (after its opening quote); its end. */
static const char *
op_sql_string(const char *s, char **out)
{
	const char	*e = s;

	while ((e = strchr(e, '\'')) != NULL && e[1] == '\'')
		e += 2;
	ck_assert_msg(e != NULL, "unterminated string: %s", s);
	*out = xstrndup(s, e - s);
	return (e + 1);
}

/* A registry query: its key pattern and the names it asks for. */
static void
op_registry_query(struct op_keys *ks, const char *qname, const char *sql)
{
	struct op_key	*k;
	const char	*s;
	char		*lit;

	k = op_add(ks);
	k->what = qname;
	if ((s = strstr(sql, "key = '")) != NULL)
		s += 7;
	else if ((s = strstr(sql, "key LIKE '")) != NULL)
		s += 10;
	ck_assert_msg(s != NULL, "%s: no key = or key LIKE", qname);
	op_sql_string(s, &lit);
	k->key = op_norm(lit, strlen(lit));
	free(lit);
	ck_assert_msg((s = strstr(sql, "name IN (")) != NULL,
	    "%s: no name IN (...)", qname);
	for (s += 9; *s != ')' && *s != '\0'; ) {
		if (*s == '\'') {
			ck_assert_int_lt(k->nnames, OP_MAXN);
			s = op_sql_string(s + 1, &k->names[k->nnames++]);
		} else
			s++;
	}
	ck_assert_msg(k->nnames > 0, "%s: no value names", qname);
}

static int
op_has_name(const struct op_key *k, const char *name)
{
	int	 i;

	for (i = 0; i < k->nnames; i++)
		if (strcasecmp(k->names[i], name) == 0)
			return (1);
	return (0);
}

/* The pack's registry queries into q; its socket tables into *tables. */
static json_t *
op_pack(struct op_keys *q, int *lp, int *pos)
{
	json_error_t	 e;
	json_t		*pack, *queries, *v;
	const char	*name, *sql;

	pack = json_load_file(OP_PACK, 0, &e);
	ck_assert_msg(pack != NULL, "%s:%d: %s", OP_PACK, e.line, e.text);
	ck_assert_ptr_nonnull(queries = json_object_get(pack, "queries"));
	*lp = *pos = 0;
	json_object_foreach(queries, name, v) {
		ck_assert_msg((sql = json_string_value(json_object_get(v,
		    "query"))) != NULL, "%s: no query", name);
		ck_assert_msg(json_integer_value(json_object_get(v,
		    "interval")) > 0, "%s: no interval", name);
		ck_assert_msg(json_is_true(json_object_get(v, "snapshot")),
		    "%s: not a snapshot query", name);
		if (strstr(sql, "FROM registry") != NULL) {
			ck_assert_str_eq(json_string_value(json_object_get(v,
			    "platform")), "windows");
			op_registry_query(q, name, sql);
		} else if (strstr(sql, "FROM listening_ports") != NULL)
			*lp = strstr(sql, "p.name") != NULL;
		else if (strstr(sql, "FROM process_open_sockets") != NULL)
			*pos = strstr(sql, "p.name") != NULL;
		else
			ck_abort_msg("%s: a query portaudit does not read",
			    name);
	}
	return (pack);
}

/* Every key and value of the knowledge base is asked for, and only those. */
START_TEST(test_pack_covers_kb)
{
	struct op_keys	 kb, q;
	json_t		*pack;
	size_t		 i, j;
	int		 lp, pos, k;

	memset(&kb, 0, sizeof(kb));
	memset(&q, 0, sizeof(q));
	ck_assert_int_eq(datafile_read(OP_SETTINGS, op_kb_row, &kb), 0);
	ck_assert_uint_ge(kb.n, 40);
	pack = op_pack(&q, &lp, &pos);
	ck_assert_msg(lp, "no listening_ports query with the process name");
	ck_assert_msg(pos, "no process_open_sockets query with the process "
	    "name");
	for (i = 0; i < kb.n; i++) {
		for (j = 0; j < q.n; j++)
			if (strcmp(q.v[j].key, kb.v[i].key) == 0 &&
			    op_has_name(&q.v[j], kb.v[i].names[0]))
				break;
		ck_assert_msg(j < q.n, "%s asks for nothing of %s:%u: %s "
		    "(value %s)", OP_PACK, OP_SETTINGS, kb.v[i].line,
		    kb.v[i].key, kb.v[i].names[0]);
	}
	for (j = 0; j < q.n; j++)
		for (k = 0; k < q.v[j].nnames; k++) {
			for (i = 0; i < kb.n; i++)
				if (strcmp(q.v[j].key, kb.v[i].key) == 0 &&
				    strcasecmp(q.v[j].names[k],
				    kb.v[i].names[0]) == 0)
					break;
			ck_assert_msg(i < kb.n, "%s: query %s asks for %s, "
			    "which %s does not know", OP_PACK, q.v[j].what,
			    q.v[j].names[k], OP_SETTINGS);
		}
	json_decref(pack);
	op_free(&kb);
	op_free(&q);
}
END_TEST

/* The comparison itself: roots, case, '%' against '*'. */
START_TEST(test_norm)
{
	char	*a, *b;

	a = op_norm("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\%", 42);
	b = op_norm("HKLM\\SOFTWARE\\classes\\AppID\\*", 28);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	a = op_norm("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID", 38);
	b = op_norm("HKLM\\SOFTWARE\\Classes\\AppID\\*", 28);
	ck_assert_str_ne(a, b);
	free(a);
	free(b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("osquery_pack");
	tc = tcase_create("pack");
	tcase_add_test(tc, test_norm);
	tcase_add_test(tc, test_pack_covers_kb);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
