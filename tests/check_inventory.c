/*
 * inventory.csv as `portaudit audit` writes it for the bundled example
 * fleet, read back with libcsv: by default each host's settings, ranges,
 * listeners and one row of connection counts; with --inventory all a row
 * for every socket.  The counts are checked against the sockets that
 * `portaudit inspect --format csv` reads from the same host's files.
 * Written by several threads, the file and its messages are those of one.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "testutil.h"

#define FLEET		"examples/fleet"
#define HOST		"FS01"
#define HOSTDIR		FLEET "/branch/" HOST

/* Columns of inventory.csv. */
enum {
	IV_HOST, IV_SITE, IV_KIND, IV_PROTO, IV_ADDRESS, IV_PORT, IV_LAST,
	IV_STATE, IV_PID, IV_PROCESS, IV_SERVICE, IV_SETTING, IV_SOURCE,
	IV_LINE, IV_TEXT, IV_STATUS, IV_EVIDENCE, IV_EST, IV_TW, IV_OTHER,
	IV_HIGH, IV__MAX
};

/* Columns of inspect --format csv that the counts need. */
enum {
	IN_KIND = 3, IN_PROTO = 4, IN_LPORT = 7, IN_RPORT = 10, IN_STATE = 11
};

/* What the inspect records of the host's files say of its sockets. */
struct inv_socks {
	long	 n;		/* sockets */
	long	 listeners;
	long	 est, tw, other;
};

/* Audit the example fleet (path as given) into a new folder and read
 * its inventory.csv; opts go before the path. */
static void
inv_audit(const char *opts, const char *path, struct tu_csv *t)
{
	const char	*out = tu_outdir();

	ck_assert_int_eq(tu_run_quiet("./portaudit audit --out %s %s %s",
	    out, opts, path), 0);
	tu_csv_report(out, "inventory.csv", t);
}

static int
inv_listener(const struct tu_csv_row *r)
{
	return (strcmp(r->f[IN_STATE], "LISTEN") == 0 ||
	    (strcmp(r->f[IN_PROTO], "udp") == 0 && r->f[IN_RPORT][0] == '\0' &&
	    strcmp(r->f[IN_STATE], "ESTABLISHED") != 0));
}

/* The sockets of the host's files, as inspect reads them. */
static void
inv_inspect(struct inv_socks *s)
{
	struct tu_csv	 t;
	const char	*tmp;
	char		*csv;
	size_t		 i;

	memset(s, 0, sizeof(*s));
	csv = tu_output("./portaudit inspect -q --format csv %s/*", HOSTDIR);
	tmp = tu_write_temp(csv, strlen(csv), "inspect.csv");
	free(csv);
	tu_csv_read(tmp, &t);
	for (i = 1; i < t.n; i++) {
		if (strcmp(t.v[i].f[IN_KIND], "socket") != 0)
			continue;
		s->n++;
		if (inv_listener(&t.v[i]))
			s->listeners++;
		else if (strcmp(t.v[i].f[IN_STATE], "ESTABLISHED") == 0)
			s->est++;
		else if (strcmp(t.v[i].f[IN_STATE], "TIME_WAIT") == 0)
			s->tw++;
		else
			s->other++;
	}
	tu_csv_free(&t);
	ck_assert_int_gt(s->listeners, 0);
	ck_assert_int_gt(s->est, 0);
}

/* Rows of the host with that kind. */
static long
inv_count(const struct tu_csv *t, const char *host, const char *kind)
{
	size_t	 i;
	long	 n = 0;

	for (i = 1; i < t->n; i++)
		n += strcmp(t->v[i].f[IV_HOST], host) == 0 &&
		    strcmp(t->v[i].f[IV_KIND], kind) == 0;
	return (n);
}

static const struct tu_csv_row *
inv_row(const struct tu_csv *t, const char *host, const char *kind)
{
	size_t	 i;

	for (i = 1; i < t->n; i++)
		if (strcmp(t->v[i].f[IV_HOST], host) == 0 &&
		    strcmp(t->v[i].f[IV_KIND], kind) == 0)
			return (&t->v[i]);
	ck_abort_msg("no %s row for %s", kind, host);
	return (NULL);
}

START_TEST(test_header)
{
	static const char *const want[IV__MAX] = {
		"host", "site", "kind", "proto", "address", "port", "last",
		"state", "pid", "process", "service", "setting", "source",
		"line", "text", "status", "evidence", "established",
		"time_wait", "other", "highest_ephemeral"
	};
	struct tu_csv	 t;
	size_t		 i;
	int		 j;

	inv_audit("", FLEET, &t);
	ck_assert_int_eq(t.v[0].n, IV__MAX);
	for (j = 0; j < IV__MAX; j++)
		ck_assert_str_eq(t.v[0].f[j], want[j]);
	for (i = 1; i < t.n; i++)
		ck_assert_msg(t.v[i].n == IV__MAX, "row %zu has %d cells", i,
		    t.v[i].n);
	tu_csv_free(&t);
}
END_TEST

/* By default: the listeners only, and counts that add up to the rest. */
START_TEST(test_listeners_and_counts)
{
	struct tu_csv		 t;
	struct inv_socks	 s;
	const struct tu_csv_row	*c;
	size_t			 i;

	inv_inspect(&s);
	inv_audit("", FLEET, &t);
	ck_assert_int_eq(inv_count(&t, HOST, "socket"), s.listeners);
	for (i = 1; i < t.n; i++)
		if (strcmp(t.v[i].f[IV_KIND], "socket") == 0)
			ck_assert_msg(strcmp(t.v[i].f[IV_STATE], "LISTEN") == 0 ||
			    strcmp(t.v[i].f[IV_PROTO], "udp") == 0,
			    "row %zu is no listener: %s %s", i,
			    t.v[i].f[IV_PROTO], t.v[i].f[IV_STATE]);
	ck_assert_int_eq(inv_count(&t, HOST, "connections"), 1);
	c = inv_row(&t, HOST, "connections");
	ck_assert_int_eq(atol(c->f[IV_EST]), s.est);
	ck_assert_int_eq(atol(c->f[IV_TW]), s.tw);
	ck_assert_int_eq(atol(c->f[IV_OTHER]), s.other);
	ck_assert_int_eq(s.listeners + s.est + s.tw + s.other, s.n);
	tu_csv_free(&t);
}
END_TEST

/* The highest local port inside the host's ephemeral range. */
START_TEST(test_highest_ephemeral)
{
	struct tu_csv		 t, in;
	const struct tu_csv_row	*c;
	const char		*tmp;
	char			*csv;
	size_t			 i, j;
	long			 first, last, port, high = -1;

	inv_audit("", FLEET, &t);
	csv = tu_output("./portaudit inspect -q --format csv %s/*", HOSTDIR);
	tmp = tu_write_temp(csv, strlen(csv), "inspect.csv");
	free(csv);
	tu_csv_read(tmp, &in);
	for (i = 1; i < t.n; i++) {
		if (strcmp(t.v[i].f[IV_HOST], HOST) != 0 ||
		    strcmp(t.v[i].f[IV_KIND], "ephemeral") != 0)
			continue;
		first = atol(t.v[i].f[IV_PORT]);
		last = atol(t.v[i].f[IV_LAST]);
		for (j = 1; j < in.n; j++) {
			if (strcmp(in.v[j].f[IN_KIND], "socket") != 0 ||
			    strcmp(in.v[j].f[IN_PROTO], t.v[i].f[IV_PROTO]) != 0)
				continue;
			port = atol(in.v[j].f[IN_LPORT]);
			if (port >= first && port <= last && port > high)
				high = port;
		}
	}
	ck_assert_int_gt(high, 0);
	c = inv_row(&t, HOST, "connections");
	ck_assert_int_eq(atol(c->f[IV_HIGH]), high);
	tu_csv_free(&in);
	tu_csv_free(&t);
}
END_TEST

/* --inventory all: a row per socket; settings and ranges as by default. */
START_TEST(test_all)
{
	struct tu_csv		 d, a;
	struct inv_socks	 s;
	size_t			 i, j;

	inv_inspect(&s);
	inv_audit("", FLEET, &d);
	inv_audit("--inventory all", FLEET, &a);
	ck_assert_int_eq(inv_count(&a, HOST, "socket"), s.n);
	ck_assert_int_eq(inv_count(&a, HOST, "connections"), 1);
	/* Every row of the default inventory is in the full one, in order. */
	for (i = 1, j = 1; i < d.n; i++) {
		while (j < a.n && (strcmp(a.v[j].f[IV_HOST],
		    d.v[i].f[IV_HOST]) != 0 || strcmp(a.v[j].f[IV_SOURCE],
		    d.v[i].f[IV_SOURCE]) != 0 || strcmp(a.v[j].f[IV_LINE],
		    d.v[i].f[IV_LINE]) != 0 || strcmp(a.v[j].f[IV_KIND],
		    d.v[i].f[IV_KIND]) != 0))
			j++;
		ck_assert_msg(j < a.n, "default row %zu (%s %s) not in "
		    "--inventory all", i, d.v[i].f[IV_HOST], d.v[i].f[IV_KIND]);
	}
	ck_assert_int_gt(a.n, d.n);
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --out %s "
	    "--inventory some %s", tu_outdir(), FLEET), 2);
	tu_csv_free(&d);
	tu_csv_free(&a);
}
END_TEST

/* The source column holds paths as the command line gave them. */
START_TEST(test_source_as_given)
{
	struct tu_csv	 t;
	size_t		 i, n = 0;

	inv_audit("", "./" FLEET "/", &t);
	for (i = 1; i < t.n; i++) {
		if (t.v[i].f[IV_SOURCE][0] == '\0' ||
		    strcmp(t.v[i].f[IV_LINE], "") == 0)
			continue;
		ck_assert_msg(strncmp(t.v[i].f[IV_SOURCE], "./" FLEET "/",
		    strlen("./" FLEET "/")) == 0, "row %zu source %s", i,
		    t.v[i].f[IV_SOURCE]);
		n++;
	}
	ck_assert_uint_gt(n, 10);
	tu_csv_free(&t);
}
END_TEST

#define INV_HOSTS	40	/* three chunks of hosts and more */

/* Host i's socket list: a listener of its own, one connection. */
static void
inv_list(const char *fleet, int i, const char *peer)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/site%d/H%03d/netstat.txt", fleet,
	    i / 10, i);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	fprintf(fp, TU_NETSTAT_AN
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
	    "  TCP    0.0.0.0:%d           0.0.0.0:0              LISTENING\r\n"
	    "  TCP    10.1.1.20:1030         %s:445          ESTABLISHED\r\n",
	    2000 + i, peer);
	ck_assert_int_eq(fclose(fp), 0);
}

/*
 * Audit the fleet, change the lists of hosts 5 and 33 (their lines are
 * read again for the report), write inventory.csv with jobs threads; the
 * file, and the messages in *msg.
 */
static char *
inv_changed(const char *fleet, unsigned jobs, char **msg)
{
	struct template	*t;
	struct audit	*a;
	char		*buf = NULL;
	size_t		 len = 0, mlen = 0;
	FILE		*fp, *mfp, *was = diag_to;
	int		 i;

	for (i = 0; i < INV_HOSTS; i++)
		inv_list(fleet, i, "10.1.1.10");
	a = tu_audit_dir(fleet, NULL);
	ck_assert_uint_eq(a->nhosts, INV_HOSTS);
	inv_list(fleet, 5, "10.1.1.11");
	inv_list(fleet, 33, "10.1.1.11");
	ck_assert_ptr_nonnull(t = template_load("templates/rules.ini"));
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	ck_assert_ptr_nonnull(mfp = open_memstream(msg, &mlen));
	diag_to = mfp;
	diag_quiet = 0;
	ck_assert_int_eq(inventory_csv(fp, t, a, 0, jobs), 0);
	diag_to = was;
	ck_assert_int_eq(fclose(mfp), 0);
	ck_assert_int_eq(fclose(fp), 0);
	template_free(t);
	tu_audit_free(a);
	return (buf);
}

/*
 * Hosts written side by side: the same file as one thread writes, and
 * the messages of files changed since they were read come once each, in
 * the hosts' order.
 */
START_TEST(test_threads)
{
	const char	*fleet = tu_fleet("README", "threads\n", NULL);
	char		*one, *four, *m1, *m4, *at5, *at33;
	char		 dir[4096];
	int		 i;

	for (i = 0; i < INV_HOSTS; i++) {
		snprintf(dir, sizeof(dir), "%s/site%d/H%03d", fleet, i / 10,
		    i);
		ck_assert_int_eq(tu_system("mkdir -p %s", dir), 0);
	}
	ck_assert_int_eq(tu_system("rm %s/README", fleet), 0);
	one = inv_changed(fleet, 1, &m1);
	four = inv_changed(fleet, 4, &m4);
	ck_assert_ptr_nonnull(strstr(one, "\"H039\""));
	ck_assert_str_eq(one, four);
	ck_assert_str_eq(m1, m4);
	ck_assert_ptr_nonnull(at5 = strstr(m4, "H005/netstat.txt: error: "
	    "file changed"));
	ck_assert_ptr_nonnull(at33 = strstr(m4, "H033/netstat.txt: error: "
	    "file changed"));
	ck_assert(at5 < at33);
	ck_assert_ptr_null(strstr(at5 + 1, "H005/netstat.txt"));
	free(one);
	free(four);
	free(m1);
	free(m4);
}
END_TEST

static Suite *
check_inventory_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("inventory");
	tc = tcase_create("example-fleet");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_listeners_and_counts);
	tcase_add_test(tc, test_highest_ephemeral);
	tcase_add_test(tc, test_all);
	tcase_add_test(tc, test_source_as_given);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_inventory_suite()));
}
