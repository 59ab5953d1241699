/*
 * jsonw.c, the writer findings.json and the SARIF log go through: a
 * document written piece by piece, split at any depth, must be the bytes
 * json_dumpf() writes for the whole tree (JSON_INDENT(2) and
 * JSON_PRESERVE_ORDER) and a newline; empty containers are [] and {};
 * without a FILE the same calls build that tree; a failed write is told.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "render/render.h"
#include "testutil.h"

#define CW_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/*
 * Write v as a member of the open container: opened through the writer
 * while split levels are left, else handed over whole.
 */
static void
cw_put(struct jsonw *w, const char *key, json_t *v, int split)
{
	const char	*k;
	json_t		*m;
	size_t		 i;

	if (split > 0 && json_is_object(v)) {
		jsonw_object(w, key);
		json_object_foreach(v, k, m)
			cw_put(w, k, m, split - 1);
		jsonw_close(w);
	} else if (split > 0 && json_is_array(v)) {
		jsonw_array(w, key);
		json_array_foreach(v, i, m)
			cw_put(w, NULL, m, split - 1);
		jsonw_close(w);
	} else
		jsonw_put(w, key, json_incref(v));
}

/* The bytes of doc written through the writer, split to that depth. */
static char *
cw_stream(json_t *doc, int split)
{
	struct jsonw	 w;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	jsonw_begin(&w, fp);
	cw_put(&w, NULL, doc, split);
	ck_assert_int_eq(jsonw_end(&w), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(strlen(buf), len);
	return (buf);
}

/* What the documents were before: the whole tree dumped, a newline. */
static char *
cw_dumpf(const json_t *doc)
{
	char	*s, *t;

	ck_assert_ptr_nonnull(s = json_dumps(doc, CW_FLAGS));
	xasprintf(&t, "%s\n", s);
	free(s);
	return (t);
}

/* A document with every shape the reports have, and some they do not. */
static json_t *
cw_sample(void)
{
	static const char	 text[] =
	    "{\"tool\": {\"name\": \"portaudit\", \"version\": \"0.1.0\"},"
	    " \"date\": \"2023-11-14\", \"nothing\": null,"
	    " \"findings\": [], \"settings\": {},"
	    " \"hosts\": [{\"port\": -1, \"rpc\": [], \"os\": {},"
	    "  \"mixed\": [[], {}, [1, [2, []]], {\"k\": {}}],"
	    "  \"legacy\": true, \"ratio\": 1.5},"
	    " {\"name\": \"line\\nbreak \\\"quoted\\\" back\\\\slash"
	    "\\ttab \\u0001 \\u00e9t\\u00e9 \\u20ac\","
	    "  \"evidence\": [{\"file\": \"C:\\\\netstat.txt\", \"line\": 42,"
	    "   \"text\": null}],"
	    "  \"settings\": {\"a\": {\"b\": {\"c\": [\"x\", \"y\"]}}}}],"
	    " \"scalars\": [\"s\", 7, null, false, [], {}],"
	    " \"deep\": [[[[[{\"k\": [{}]}]]]]],"
	    " \"key \\\"with\\\"\\nescapes\\\\\": \"\\n\"}";
	json_error_t	 err;
	json_t		*doc;

	doc = json_loads(text, 0, &err);
	ck_assert_msg(doc != NULL, "%s", err.text);
	return (doc);
}

/* Split at any depth, the bytes are json_dumpf()'s. */
START_TEST(test_same_bytes_any_split)
{
	json_t	*doc;
	char	*want, *got;
	int	 split;

	doc = cw_sample();
	want = cw_dumpf(doc);
	for (split = 0; split <= JSONW_DEPTH; split++) {
		got = cw_stream(doc, split);
		ck_assert_msg(strcmp(got, want) == 0,
		    "split %d:\n%s\nwanted:\n%s", split, got, want);
		free(got);
	}
	free(want);
	json_decref(doc);
}
END_TEST

/* Empty containers close on the line they open, at any depth. */
START_TEST(test_empty_containers)
{
	static const char	 want[] =
	    "{\n"
	    "  \"findings\": [],\n"
	    "  \"baseline\": {},\n"
	    "  \"hosts\": [\n"
	    "    {\n"
	    "      \"settings\": []\n"
	    "    },\n"
	    "    [],\n"
	    "    {}\n"
	    "  ],\n"
	    "  \"skipped\": []\n"
	    "}\n";
	struct jsonw	 w;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	jsonw_begin(&w, fp);
	jsonw_object(&w, NULL);
	jsonw_array(&w, "findings");
	jsonw_close(&w);
	jsonw_object(&w, "baseline");
	jsonw_close(&w);
	jsonw_array(&w, "hosts");
	jsonw_put(&w, NULL, json_pack("{s:[]}", "settings"));
	jsonw_array(&w, NULL);
	jsonw_close(&w);
	jsonw_put(&w, NULL, json_object());
	jsonw_close(&w);
	jsonw_array(&w, "skipped");
	jsonw_close(&w);
	jsonw_close(&w);
	ck_assert_int_eq(jsonw_end(&w), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_str_eq(buf, want);
	free(buf);
	/* An empty top-level object alone. */
	buf = NULL;
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	jsonw_begin(&w, fp);
	jsonw_object(&w, NULL);
	jsonw_close(&w);
	ck_assert_int_eq(jsonw_end(&w), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_str_eq(buf, "{}\n");
	free(buf);
}
END_TEST

/* Begin a document on fp (NULL: a tree) with NULL values in it. */
static void
jsonw_nulls(struct jsonw *w, FILE *fp)
{
	jsonw_begin(w, fp);
	jsonw_object(w, NULL);
	jsonw_put(w, "gone", NULL);
	jsonw_put(w, "kept", json_integer(1));
	jsonw_array(w, "list");
	jsonw_put(w, NULL, NULL);
	jsonw_close(w);
	jsonw_close(w);
}

/*
 * Without a FILE the calls build the tree itself; a NULL value is no
 * member, as json_object_set_new() and json_array_append_new() have it.
 */
START_TEST(test_tree_and_null)
{
	struct jsonw	 w;
	json_t		*doc, *tree;
	char		*got, *want;
	size_t		 len = 0;
	FILE		*fp;
	int		 split;

	doc = cw_sample();
	for (split = 0; split <= 3; split++) {
		jsonw_begin(&w, NULL);
		cw_put(&w, NULL, doc, split);
		ck_assert_int_eq(jsonw_end(&w), 0);
		tree = jsonw_tree(&w);
		ck_assert_ptr_nonnull(tree);
		ck_assert(json_equal(tree, doc));
		got = cw_dumpf(tree);
		want = cw_dumpf(doc);
		ck_assert_str_eq(got, want);
		free(got);
		free(want);
		json_decref(tree);
	}
	json_decref(doc);
	/* NULL values, streamed and built. */
	got = NULL;
	ck_assert_ptr_nonnull(fp = open_memstream(&got, &len));
	jsonw_nulls(&w, fp);
	ck_assert_int_eq(jsonw_end(&w), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_str_eq(got, "{\n  \"kept\": 1,\n  \"list\": []\n}\n");
	free(got);
	jsonw_nulls(&w, NULL);
	jsonw_end(&w);
	tree = jsonw_tree(&w);
	doc = json_pack("{s:i,s:[]}", "kept", 1, "list");
	ck_assert(json_equal(tree, doc));
	json_decref(tree);
	json_decref(doc);
}
END_TEST

/* A write that fails (a full disk) makes jsonw_end() say so. */
START_TEST(test_write_error)
{
	struct jsonw	 w;
	json_t		*doc;
	FILE		*fp;

	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		return;		/* no /dev/full here */
	setvbuf(fp, NULL, _IONBF, 0);
	doc = cw_sample();
	jsonw_begin(&w, fp);
	cw_put(&w, NULL, doc, 2);
	ck_assert_int_eq(jsonw_end(&w), -1);
	fclose(fp);
	json_decref(doc);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("jsonw");
	TCase	*t = tcase_create("jsonw");

	tcase_add_test(t, test_same_bytes_any_split);
	tcase_add_test(t, test_empty_containers);
	tcase_add_test(t, test_tree_and_null);
	tcase_add_test(t, test_write_error);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
