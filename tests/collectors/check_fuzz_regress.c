/*
 * Check suite for the inputs the fuzzers (fuzz/, docs/fuzzing.md) found
 * crashing a collector or breaking its line accounting.  Each is kept in
 * tests/fixtures/fuzz-regress/ as HARNESS-what, and read as its harness
 * reads it: from memory with collector_read_mem() and, for the same
 * answer, from its file with collector_read(); the sniffer's inputs go
 * through every sniffer.  Every file of the folder is read, so a new
 * regression input needs no new code; the named tests add what each bug
 * needs checked beyond "no crash, accounting adds up".
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define FR_DIR	"tests/fixtures/fuzz-regress"

/* Harness name (the file name's prefix) to the type it parses as. */
static const struct {
	const char	*harness;
	const char	*type;		/* NULL: sniff */
} fr_types[] = {
	{ "netstat_win", "netstat-win" },
	{ "netstat_linux", "netstat-linux" },
	{ "netstat_bsd", "netstat-bsd" },
	{ "ss", "ss" },
	{ "reg", "reg" },
	{ "regquery", "regquery" },
	{ "hive", "hive" },
	{ "services", "services" },
	{ "iana_csv", "iana-csv" },
	{ "netsh", "netsh" },
	{ "sysctl", "sysctl" },
	{ "osinfo", "osinfo" },
	{ "ps_table", "ps-table" },
	{ "ps_list", "ps-list" },
	{ "ps_csv", "ps-csv" },
	{ "ps_json", "ps-json" },
	{ "osquery", "osquery" },
	{ "velociraptor", "velociraptor" },
	{ "tcpvcon", "tcpvcon" },
	{ "currports", "currports" },
	{ "sniff", NULL },
};

/* The harness entry for a file name; fails the test when none fits. */
static int
fr_harness(const char *name)
{
	size_t	 i, n;

	for (i = 0; i < sizeof(fr_types) / sizeof(fr_types[0]); i++) {
		n = strlen(fr_types[i].harness);
		if (strncmp(name, fr_types[i].harness, n) == 0 &&
		    name[n] == '-')
			return ((int)i);
	}
	ck_assert_msg(0, "%s: no harness of that name", name);
	return (-1);
}

/* A port field: -1 (null) or 0..65535. */
static int
fr_port_ok(int port)
{
	return (port >= -1 && port <= 65535);
}

/* What the model promises about a record's fields, as the harness checks. */
static int
fr_record_ok(const struct record *r)
{
	const struct rangerec	*g = &r->u.rng;
	const struct servicerec	*v = &r->u.svc;

	switch (r->kind) {
	case REC_SOCKET:
		return (fr_port_ok(r->u.sock.local_port) &&
		    fr_port_ok(r->u.sock.remote_port));
	case REC_SETTING:
		return (fr_port_ok(r->u.set.port));
	case REC_RANGE:
		return (g->first >= 0 && g->first <= g->last &&
		    g->last <= 65535);
	case REC_SERVICE:
		return (v->port == -1 || (v->port >= 0 &&
		    v->port <= v->port_last && v->port_last <= 65535));
	case REC_REGVALUE:
		return (r->u.reg.nmulti >= 0);
	case REC_UNPARSED:
		return (r->u.unp.code >= 0 && r->u.unp.code < DIAG__MAX);
	}
	return (0);
}

/* The accounting, and the records' own: as fuzz_check_input() traps. */
static void
fr_check_input(const struct input *in, const char *name)
{
	const struct record	*r;
	unsigned long		 nrec = 0;

	ck_assert_msg(in->lines == in->lines_record + in->lines_known +
	    in->lines_unparsed, "%s: %lu lines != %lu + %lu + %lu", name,
	    in->lines, in->lines_record, in->lines_known, in->lines_unparsed);
	for (r = in->first; r != NULL; r = r->next) {
		ck_assert_msg(r->in == in && r->text != NULL &&
		    r->line <= in->lines, "%s: record at line %u", name,
		    r->line);
		ck_assert_msg(fr_record_ok(r), "%s: %s record at line %u "
		    "out of bounds", name, rkind_name(r->kind), r->line);
		if (r->kind != REC_UNPARSED)
			nrec++;
	}
	ck_assert_msg(nrec == in->records, "%s: %lu records listed, %lu "
	    "counted", name, nrec, in->records);
	ck_assert_msg(in->status != INPUT_OK || in->coll != NULL,
	    "%s: read without a collector", name);
}

/* Read a file's bytes from memory as type; the fleet owns *inp. */
static struct fleet *
fr_read_mem(const char *path, const char *type, struct input **inp)
{
	struct fleet	*f;
	void		*buf;
	size_t		 len;

	diag_quiet = getenv("TU_VERBOSE") == NULL;
	buf = tu_slurp(path, &len);
	f = fleet_new();
	f->datadir = "data";
	*inp = collector_read_mem(f, "fuzz/host/input", buf, len, type);
	free(buf);
	fleet_resolve_names(f);
	return (f);
}

/* Every sniffer over the bytes: a score in 0..100, no read past them. */
static void
fr_sniff(const char *path)
{
	char	*buf;
	size_t	 len, i;
	int	 score;

	buf = tu_slurp(path, &len);
	for (i = 0; i < collector_count; i++) {
		score = collector_table[i]->sniff(buf, len > 65536 ? 65536 :
		    len);
		ck_assert_msg(score >= 0 && score <= 100, "%s: %s scores %d",
		    path, collector_table[i]->name, score);
	}
	(void)collector_sniff(buf, len, NULL);
	free(buf);
}

/* One regression input, read both ways. */
static void
fr_check_file(const char *name)
{
	struct fleet	*fm, *ff;
	struct input	*im, *iff;
	char		 path[1024];
	const char	*type;

	snprintf(path, sizeof(path), "%s/%s", FR_DIR, name);
	type = fr_types[fr_harness(name)].type;
	if (type == NULL)
		fr_sniff(path);
	fm = fr_read_mem(path, type, &im);
	fr_check_input(im, name);
	ff = tu_parse_file(path, type, &iff);
	fr_check_input(iff, name);
	ck_assert_int_eq(im->status, iff->status);
	ck_assert_ptr_eq(im->coll, iff->coll);
	ck_assert_uint_eq(im->lines, iff->lines);
	ck_assert_uint_eq(im->lines_record, iff->lines_record);
	ck_assert_uint_eq(im->lines_known, iff->lines_known);
	ck_assert_uint_eq(im->lines_unparsed, iff->lines_unparsed);
	ck_assert_uint_eq(im->records, iff->records);
	fleet_free(fm);
	fleet_free(ff);
}

START_TEST(test_every_input)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	ck_assert_ptr_nonnull(d = opendir(FR_DIR));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		fr_check_file(e->d_name);
		n++;
	}
	closedir(d);
	ck_assert_int_gt(n, 0);
}
END_TEST

/*
 * A hive has no decoded text: parse_init() took in->buf + in->len with a
 * NULL buf (UBSan: applying zero offset to null pointer) for every hive.
 * The empty one cannot be opened and says so.
 */
START_TEST(test_hive_empty)
{
	struct fleet	*f;
	struct input	*in;

	f = fr_read_mem(tu_fixture("fuzz-regress/hive-empty"), "hive", &in);
	ck_assert_int_eq(in->status, INPUT_UNREADABLE);
	ck_assert_str_eq(in->format, "hive");
	ck_assert_uint_eq(in->lines, 0);
	ck_assert_uint_eq(in->records, 0);
	ck_assert_uint_ge(in->ndiag, 1);
	fleet_free(f);
}
END_TEST

/* A good hive sniffed in memory (through a memfd) reads as its file. */
START_TEST(test_hive_memory)
{
	struct fleet	*f, *ff;
	struct input	*in, *iff;

	f = fr_read_mem(tu_fixture("reg_hive/system.hive"), NULL, &in);
	ck_assert_int_eq(in->status, INPUT_OK);
	ck_assert_str_eq(in->format, "hive");
	ck_assert_str_eq(in->path, "fuzz/host/input");
	ck_assert_str_eq(in->host->name, "host");
	fr_check_input(in, "system.hive");
	ff = tu_parse_file(tu_fixture("reg_hive/system.hive"), NULL, &iff);
	ck_assert_int_eq(iff->status, INPUT_OK);
	ck_assert_uint_gt(iff->records, 10);
	ck_assert_uint_eq(in->records, iff->records);
	ck_assert_uint_eq(in->ndiag, iff->ndiag);
	fleet_free(f);
	fleet_free(ff);
}
END_TEST

/*
 * A row of twelve empty fields: no field ever stored a byte, so the field
 * buffer was still NULL and iana_csv_get() added an offset to it (UBSan:
 * applying zero offset to null pointer).  Read as "services", the family
 * picks iana-csv; the row is one unparsed line.
 */
START_TEST(test_iana_empty_fields)
{
	struct fleet	*f;
	struct input	*in;

	f = fr_read_mem(tu_fixture("fuzz-regress/services-iana-empty-fields"),
	    "services", &in);
	ck_assert_int_eq(in->status, INPUT_OK);
	ck_assert_str_eq(in->format, "iana-csv");
	tu_assert_lines(in, 1, 0, 0, 1);
	ck_assert_uint_eq(in->records, 0);
	ck_assert_int_eq(tu_unparsed_code(in, 1), DIAG_LINE_UNKNOWN);
	fleet_free(f);
}
END_TEST

static Suite *
fuzz_regress_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("fuzz_regress");
	tc = tcase_create("inputs");
	tcase_add_test(tc, test_every_input);
	tcase_add_test(tc, test_hive_empty);
	tcase_add_test(tc, test_hive_memory);
	tcase_add_test(tc, test_iana_empty_fields);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(fuzz_regress_suite()));
}
