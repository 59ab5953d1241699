/*
 * End to end: run the portaudit binary as an administrator would and read
 * its output back (JSON Lines with jansson, CSV with libcsv), checking
 * fields, exit statuses and diagnostics.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <csv.h>
#include <jansson.h>

#include "portaudit.h"
#include "testutil.h"

struct run {
	char	*out;
	size_t	 outlen;
	char	*err;
	int	 status;
};

/* Run a shell command line; capture stdout and stderr. */
static void
inspect_run(struct run *r, const char *cmdline)
{
	char	*cmd, *sh, errpath[] = "/tmp/portaudit-err-XXXXXX";
	FILE	*fp;
	size_t	 cap = 0, n;
	int	 fd;

	memset(r, 0, sizeof(*r));
	ck_assert_int_ne(fd = mkstemp(errpath), -1);
	sh = tu_shell(cmdline);
	xasprintf(&cmd, "%s 2>%s", sh, errpath);
	free(sh);
	ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
	for (;;) {
		if (r->outlen + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			r->out = xrealloc(r->out, cap);
		}
		if ((n = fread(r->out + r->outlen, 1, 4096, fp)) == 0)
			break;
		r->outlen += n;
	}
	r->out[r->outlen] = '\0';
	r->status = pclose(fp);
	r->status = WIFEXITED(r->status) ? WEXITSTATUS(r->status) : -1;
	free(cmd);
	fp = fdopen(fd, "r");
	r->err = xcalloc(1, 65536);
	n = fread(r->err, 1, 65535, fp);
	r->err[n] = '\0';
	fclose(fp);
	unlink(errpath);
}

static void
inspect_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* The n-th JSON line of the output whose "kind" is kind (NULL: any). */
static json_t *
inspect_json(const struct run *r, const char *kind, int n)
{
	const char	*p = r->out, *nl;
	json_t		*o;
	json_error_t	 e;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		ck_assert_ptr_nonnull(nl);
		o = json_loadb(p, nl - p, 0, &e);
		ck_assert_msg(o != NULL, "bad JSON line: %s", e.text);
		if (kind == NULL || strcmp(json_string_value(
		    json_object_get(o, "kind")), kind) == 0) {
			if (n-- == 0)
				return (o);
		}
		json_decref(o);
		p = nl + 1;
	}
	return (NULL);
}

START_TEST(test_jsonl_netstat_utf16)
{
	struct run	 r;
	json_t		*o;
	char		*cmd;

	xasprintf(&cmd, "./portaudit inspect %s",
	    tu_sample("netstat/windows-en-netstat-ano.utf16le.txt"));
	inspect_run(&r, cmd);
	free(cmd);
	ck_assert_int_eq(r.status, 0);
	o = inspect_json(&r, "socket", 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(json_string_value(json_object_get(o, "host")),
	    "netstat");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "line")) > 0, 1);
	ck_assert_str_eq(json_string_value(json_object_get(o, "proto")), "tcp");
	ck_assert(json_is_integer(json_object_get(o, "local_port")));
	ck_assert(json_is_integer(json_object_get(o, "pid")));
	ck_assert_ptr_nonnull(json_object_get(o, "text"));
	json_decref(o);
	/* Without --all no unparsed or regvalue records are printed. */
	ck_assert_ptr_null(inspect_json(&r, "unparsed", 0));
	inspect_free(&r);
}
END_TEST

START_TEST(test_host_option_and_type)
{
	struct run	 r;
	json_t		*o;
	char		*cmd;

	xasprintf(&cmd, "./portaudit inspect --host 'SRV 01' --type sysctl %s",
	    tu_sample("ranges/linux-debian12-sysctl-ip_local_port_range.txt"));
	inspect_run(&r, cmd);
	free(cmd);
	ck_assert_int_eq(r.status, 0);
	o = inspect_json(&r, "range", 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(json_string_value(json_object_get(o, "host")),
	    "SRV 01");
	ck_assert_str_eq(json_string_value(json_object_get(o, "what")),
	    "ephemeral");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "first")),
	    32768);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "last")), 60999);
	json_decref(o);
	inspect_free(&r);
}
END_TEST

struct inspect_csv {
	int	 row, col, ncols;
	char	 header[40][24];
	int	 kind_col, port_col;
	int	 ranges;
	char	 first_kind[16];
};

static void
inspect_csv_cell(void *s, size_t len, void *data)
{
	struct inspect_csv	*c = data;

	if (c->row == 0 && c->col < 40)
		snprintf(c->header[c->col], 24, "%.*s", (int)len, (char *)s);
	else if (c->col == c->kind_col && len == 5 &&
	    memcmp(s, "range", 5) == 0)
		c->ranges++;
	c->col++;
}

static void
inspect_csv_row(int ch, void *data)
{
	struct inspect_csv	*c = data;
	int			 i;

	(void)ch;
	if (c->row == 0) {
		c->ncols = c->col;
		for (i = 0; i < c->ncols; i++)
			if (strcmp(c->header[i], "kind") == 0)
				c->kind_col = i;
	}
	ck_assert_int_eq(c->col, c->ncols);
	c->row++;
	c->col = 0;
}

START_TEST(test_csv_readback)
{
	struct csv_parser	 p;
	struct inspect_csv	 c;
	struct run		 r;
	char			*cmd;

	xasprintf(&cmd, "./portaudit inspect --format csv %s", tu_sample(
	    "ranges/windows-zh-cn-netsh-show-excludedportrange-tcp-extracted.txt"));
	inspect_run(&r, cmd);
	free(cmd);
	ck_assert_int_eq(r.status, 0);
	memset(&c, 0, sizeof(c));
	c.kind_col = -1;
	ck_assert_int_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	ck_assert_uint_eq(csv_parse(&p, r.out, r.outlen, inspect_csv_cell,
	    inspect_csv_row, &c), r.outlen);
	ck_assert_int_eq(csv_fini(&p, inspect_csv_cell, inspect_csv_row, &c),
	    0);
	csv_free(&p);
	ck_assert_str_eq(c.header[0], "source");
	ck_assert_str_eq(c.header[1], "line");
	ck_assert_str_eq(c.header[2], "host");
	ck_assert_int_eq(c.kind_col, 3);
	/* 14 exclusion rows in the sample, every row as wide as the header. */
	ck_assert_int_eq(c.ranges, 14);
	ck_assert_int_eq(c.row, 15);
	inspect_free(&r);
}
END_TEST

START_TEST(test_exit_unreadable_and_unidentified)
{
	struct run	 r;
	char		*cmd;

	/* One good file, one missing: the good one is still printed. */
	xasprintf(&cmd, "./portaudit inspect %s tests/no-such-file %s",
	    tu_sample("ranges/linux-proc-sys-net-ipv4-ip_local_port_range.txt"),
	    tu_sample("netstat/windows-utf16le-command-only-no-table.txt"));
	inspect_run(&r, cmd);
	free(cmd);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err,
	    "tests/no-such-file: error: cannot read the file"));
	ck_assert_ptr_nonnull(strstr(r.err, "windows-utf16le-command-only-"
	    "no-table.txt: error: content matches no input format"));
	ck_assert_ptr_nonnull(strstr(r.out, "\"first\":32768"));
	inspect_free(&r);
}
END_TEST

START_TEST(test_usage_errors)
{
	struct run	 r;

	inspect_run(&r, "./portaudit inspect --type nosuch x");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "unknown --type nosuch"));
	inspect_free(&r);
	inspect_run(&r, "./portaudit inspect");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "no input file given"));
	inspect_free(&r);
	inspect_run(&r, "./portaudit frobnicate");
	ck_assert_int_eq(r.status, 2);
	inspect_free(&r);
	inspect_run(&r, "./portaudit inspect --format xml x");
	ck_assert_int_eq(r.status, 2);
	inspect_free(&r);
}
END_TEST

START_TEST(test_help_and_version)
{
	struct run	 r;

	inspect_run(&r, "./portaudit --version");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "portaudit " PORTAUDIT_VERSION "\n");
	inspect_free(&r);
	inspect_run(&r, "./portaudit help inspect");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "usage: portaudit inspect"));
	ck_assert_ptr_nonnull(strstr(r.out, "--type KIND"));
	inspect_free(&r);
	inspect_run(&r, "./portaudit inspect --help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "--format csv|jsonl"));
	inspect_free(&r);
	inspect_run(&r, "./portaudit --help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "inspect"));
	ck_assert_ptr_nonnull(strstr(r.out, "formats"));
	inspect_free(&r);
	inspect_run(&r, "./portaudit formats");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "netstat-win"));
	ck_assert_ptr_nonnull(strstr(r.out, "hive"));
	inspect_free(&r);
}
END_TEST

START_TEST(test_summary_accounting)
{
	struct run	 r;
	char		*cmd;

	xasprintf(&cmd, "./portaudit inspect --summary %s", tu_sample(
	    "ranges/windows-zh-cn-netsh-show-excludedportrange-tcp-extracted.txt"));
	inspect_run(&r, cmd);
	free(cmd);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\tnetsh\tUTF-8\tlines=20 "
	    "records=14 record_lines=14 known=6 unparsed=0\n"));
	inspect_free(&r);
}
END_TEST

/* A folder name that is not UTF-8 still gives the host field (U+FFFD). */
START_TEST(test_host_not_utf8)
{
	static const char text[] = "32768\t60999\n";
	struct run	 r;
	json_t		*o;
	char		*dir, *cmd;
	const char	*p;

	p = tu_write_temp(text, sizeof(text) - 1, "x");
	dir = xstrndup(p, strrchr(p, '/') - p);
	xasprintf(&cmd, "mkdir -p '%s/H\377ST' && cp '%s' '%s/H\377ST/r' && "
	    "./portaudit inspect --type sysctl '%s/H\377ST/r'", dir, p, dir,
	    dir);
	inspect_run(&r, cmd);
	free(cmd);
	free(dir);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(o = inspect_json(&r, "range", 0));
	ck_assert_str_eq(json_string_value(json_object_get(o, "host")),
	    "H\xef\xbf\xbdST");
	json_decref(o);
	inspect_free(&r);
}
END_TEST

/*
 * Port names resolve through the host's services file, wherever it comes
 * among the files given: after the netstat file of its host (files read
 * host by host), and after another host's file (all read first).
 */
START_TEST(test_names_by_host)
{
	static const char netstat[] =
	    "\r\nActive Connections\r\n\r\n"
	    "  Proto  Local Address          Foreign Address        State\r\n"
	    "  TCP    srv:ordersvc           srv:0                  LISTENING\r\n";
	static const char services[] = "ordersvc        40001/tcp\r\n";
	const char	*fleet;
	char		*cmd;
	struct run	 r;
	json_t		*o;
	int		 k;

	fleet = tu_fleet("a/A1/netstat.txt", netstat, "a/A1/services",
	    services, "a/B1/netstat.txt", netstat, NULL);
	for (k = 0; k < 2; k++) {
		if (k == 0)
			xasprintf(&cmd, "./portaudit inspect -q "
			    "%s/a/B1/netstat.txt %s/a/A1/netstat.txt "
			    "%s/a/A1/services", fleet, fleet, fleet);
		else
			xasprintf(&cmd, "./portaudit inspect -q "
			    "%s/a/A1/netstat.txt %s/a/B1/netstat.txt "
			    "%s/a/A1/services", fleet, fleet, fleet);
		inspect_run(&r, cmd);
		free(cmd);
		ck_assert_int_eq(r.status, 0);
		/* B1 has no services file: the name stays unresolved. */
		ck_assert_ptr_nonnull(o = inspect_json(&r, "socket", 1 - k));
		ck_assert_str_eq(json_string_value(json_object_get(o, "host")),
		    "A1");
		ck_assert_int_eq(json_integer_value(json_object_get(o,
		    "local_port")), 40001);
		json_decref(o);
		ck_assert_ptr_nonnull(o = inspect_json(&r, "socket", k));
		ck_assert_str_eq(json_string_value(json_object_get(o, "host")),
		    "B1");
		ck_assert(json_is_null(json_object_get(o, "local_port")));
		json_decref(o);
		inspect_free(&r);
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("inspect");
	TCase	*t = tcase_create("inspect");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_jsonl_netstat_utf16);
	tcase_add_test(t, test_host_option_and_type);
	tcase_add_test(t, test_csv_readback);
	tcase_add_test(t, test_exit_unreadable_and_unidentified);
	tcase_add_test(t, test_usage_errors);
	tcase_add_test(t, test_help_and_version);
	tcase_add_test(t, test_summary_accounting);
	tcase_add_test(t, test_host_not_utf8);
	tcase_add_test(t, test_names_by_host);
	suite_add_tcase(s, t);
	return (tu_run_suite(s));
}
