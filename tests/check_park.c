/*
 * park.c: what compaction keeps of socket lists waits on disk until its
 * host's turn.  Between the hosts' analyses no parked record is in
 * memory, and reading a host's back gives exactly the sockets an audit
 * that keeps them has; the reports are the same bytes (check_compact
 * compares them on every fleet it builds).  A TMPDIR that cannot hold the
 * file keeps the records in memory, a park file that cannot be read back
 * has the list read again from its input, and a list that names its
 * ports (netstat -a) is not parked; each says so once and changes no
 * report.  Blocks go to the file compressed (LZ4), or as they are when
 * that would not make them smaller, and come back the same bytes.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "testutil.h"

/* A socket as text: its file, line and local port. */
static char *
park_sock(const struct hrec *h)
{
	char	*s;

	xasprintf(&s, "%s:%u:%d:%s", h->in->path, h->rec->line,
	    h->rec->u.sock.local_port, record_text(h->rec));
	return (s);
}

/* Every host's sockets as lines of text; parked hosts read back. */
static char *
park_sockets(struct audit *a)
{
	const struct hrecs	*v;
	struct hrecs		 tmp;
	char			*all = NULL, *s;
	size_t			 len = 0, h, i;
	FILE			*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&all, &len));
	for (h = 0; h < a->nhosts; h++) {
		v = ranges_sockets(a->fleet, &a->hosts[h], &tmp);
		for (i = 0; i < v->n; i++) {
			s = park_sock(&v->v[i]);
			fprintf(fp, "%s %s\n", a->hosts[h].host->name, s);
			free(s);
		}
		ranges_sockets_end(&a->hosts[h], &tmp);
	}
	ck_assert_int_eq(fclose(fp), 0);
	return (all);
}

/* Whether the input is a socket list of the formats the fleets hold. */
static int
park_is_list(const struct input *in)
{
	return (in->format != NULL && (strcmp(in->format, "netstat-win") == 0 ||
	    strcmp(in->format, "netstat-linux") == 0 ||
	    strcmp(in->format, "ss") == 0));
}

/* The reports of paths with parked records and with kept ones. */
static void
park_same_reports(const char *const *paths)
{
	char	*parked, *kept;

	tu_park = 1;
	parked = tu_reports(paths);
	tu_park = 0;
	kept = tu_reports(paths);
	ck_assert_msg(strcmp(parked, kept) == 0, "%s: the reports differ",
	    paths[0]);
	free(parked);
	free(kept);
}

/*
 * Between the analyses, no parked record and no let-go port is in memory;
 * read back, each host has the sockets of an audit that keeps them.
 */
static void
park_check_fleet(const char *dir)
{
	const struct input	*in;
	struct audit		*a;
	char			*parked, *kept;
	size_t			 i, n = 0, raw = 0;

	tu_park = 1;
	a = tu_audit_dir(dir, NULL);
	tu_park = 0;
	ck_assert_uint_gt(park_bytes(a->fleet->park), 0);
	for (i = 0; i < a->fleet->ninputs; i++) {
		in = a->fleet->inputs[i];
		if (in->park == NULL)
			continue;
		n++;
		raw += in->park_len;
		ck_assert_uint_le(in->park_zlen, in->park_len);
		ck_assert(park_is_list(in));
		ck_assert_ptr_null(in->first);
		ck_assert_ptr_null(in->park_block);
		ck_assert_ptr_nonnull(in->use);
		ck_assert_ptr_null(in->use->ports[0]);
		ck_assert_ptr_null(in->use->ports[1]);
	}
	ck_assert_uint_gt(n, 0);
	/* Records and netstat lines shrink at least by half. */
	ck_assert_uint_lt(2 * park_bytes(a->fleet->park), raw);
	for (i = 0; i < a->nhosts; i++) {
		ck_assert(a->hosts[i].parked);
		ck_assert_uint_eq(a->hosts[i].sockets.n, 0);
		ck_assert_uint_eq(a->hosts[i].services.n, 0);
	}
	parked = park_sockets(a);
	for (i = 0; i < a->fleet->ninputs; i++)
		ck_assert_ptr_null(a->fleet->inputs[i]->park_block);
	tu_audit_free(a);
	a = tu_audit_dir(dir, NULL);
	kept = park_sockets(a);
	tu_audit_free(a);
	ck_assert_uint_gt(strlen(kept), 0);
	ck_assert_str_eq(parked, kept);
	free(parked);
	free(kept);
}

START_TEST(test_between_example)
{
	const char	*paths[] = { "examples/fleet", NULL };

	park_check_fleet(paths[0]);
	park_same_reports(paths);
}
END_TEST

START_TEST(test_between_generated)
{
	const char	*paths[2];

	paths[0] = tu_fleet_generated(30);
	paths[1] = NULL;
	park_check_fleet(paths[0]);
	park_same_reports(paths);
}
END_TEST

/* The messages a call writes to stderr. */
static char *
park_stderr_of(const char *const *paths, char **reports)
{
	char	 tmpl[] = "/tmp/portaudit-park-err.XXXXXX", *out;
	int	 fd, was;

	ck_assert_int_ne(fd = mkstemp(tmpl), -1);
	fflush(stderr);
	ck_assert_int_ne(was = dup(2), -1);
	ck_assert_int_ne(dup2(fd, 2), -1);
	tu_park = 1;
	*reports = tu_reports(paths);
	tu_park = 0;
	fflush(stderr);
	ck_assert_int_ne(dup2(was, 2), -1);
	close(was);
	close(fd);
	out = tu_slurp_text(tmpl, NULL);
	unlink(tmpl);
	return (out);
}

/*
 * The parked audit of paths says want on stderr (once, when once) and
 * gives the reports of an audit that keeps its sockets.
 */
static void
park_says(const char *const *paths, const char *want, int once)
{
	void		(*between)(struct audit *) = tu_between;
	char		*err, *parked, *kept;

	err = park_stderr_of(paths, &parked);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	if (once)	/* one warning in all */
		ck_assert_ptr_null(strstr(strstr(err, "warning") + 1,
		    "warning"));
	tu_between = NULL;	/* it concerns the parked audit only */
	kept = tu_reports(paths);
	tu_between = between;
	ck_assert_str_eq(parked, kept);
	free(err);
	free(parked);
	free(kept);
}

/* TMPDIR cannot hold the file: one warning, the records stay in memory. */
START_TEST(test_tmpdir_unusable)
{
	const char	*paths[2];
	char		*was;

	paths[0] = tu_fleet_generated(20);
	paths[1] = NULL;
	was = getenv("TMPDIR") != NULL ? xstrdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", "/nonexistent/portaudit", 1);
	park_says(paths, "/nonexistent/portaudit: warning: cannot make a "
	    "temporary file for socket records", 1);
	if (was != NULL)
		setenv("TMPDIR", was, 1);
	else
		unsetenv("TMPDIR");
	free(was);
}
END_TEST

/* Cut the park file short, as a full disk or a bad sector would. */
static void
park_cut(struct audit *a)
{
	DIR		*d;
	struct dirent	*e;
	char		 link[300], to[4096];
	ssize_t		 n;
	int		 cut = 0;

	ck_assert_uint_gt(park_bytes(a->fleet->park), 0);
	ck_assert_ptr_nonnull(d = opendir("/proc/self/fd"));
	while ((e = readdir(d)) != NULL) {
		snprintf(link, sizeof(link), "/proc/self/fd/%s", e->d_name);
		if ((n = readlink(link, to, sizeof(to) - 1)) <= 0)
			continue;
		to[n] = '\0';
		if (strstr(to, "portaudit-park.") != NULL &&
		    ftruncate(atoi(e->d_name), 0) == 0)
			cut++;
	}
	closedir(d);
	ck_assert_int_eq(cut, 1);
}

/* Records that cannot be read back: each list is read again whole. */
START_TEST(test_read_back_fails)
{
	const char	*paths[2];

	paths[0] = tu_fleet_generated(20);
	paths[1] = NULL;
	tu_between = park_cut;
	park_says(paths, "warning: its parked socket records cannot be read "
	    "back: reading it again", 0);
	tu_between = NULL;
}
END_TEST

/*
 * netstat -a without -n names well-known ports (epmap, microsoft-ds):
 * they get numbers once every file is read, so that list is not parked.
 */
START_TEST(test_named_ports_stay)
{
	static const char named[] =
	    "\r\nActive Connections\r\n\r\n"
	    "  Proto  Local Address          Foreign Address        State\r\n"
	    "  TCP    dc01:epmap             dc01:0                 LISTENING\r\n"
	    "  TCP    dc01:microsoft-ds      dc01:0                 LISTENING\r\n"
	    "  TCP    dc01:1025              dc01:0                 LISTENING\r\n"
	    "  TCP    dc01:1030              fs01:microsoft-ds      ESTABLISHED\r\n"
	    "  TCP    dc01:1031              fs01:netbios-ssn       TIME_WAIT\r\n"
	    "  UDP    dc01:ntp               *:*                    \r\n";
	static const char plain[] =
	    TU_NETSTAT_AN
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n"
	    "  TCP    10.1.1.20:1030         10.1.1.10:445          ESTABLISHED\r\n";
	const struct input	*in;
	const char		*paths[2];
	struct audit		*a;
	size_t			 i, nparked = 0, nnamed = 0;

	paths[0] = tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows NT 4.0\r\n"
	    "APP01,hq,app-server,Windows Server 2003\r\n",
	    "hq/DC01/netstat.txt", named, "hq/APP01/netstat.txt", plain, NULL);
	paths[1] = NULL;
	tu_park = 1;
	a = tu_audit(paths, NULL, NULL);
	tu_park = 0;
	for (i = 0; i < a->fleet->ninputs; i++) {
		in = a->fleet->inputs[i];
		if (strstr(in->path, "DC01") != NULL) {
			nnamed++;
			ck_assert_ptr_null(in->park);
			ck_assert_int_eq(tu_count((struct input *)in,
			    REC_SOCKET), 4);	/* listeners, named */
		} else if (in->park != NULL)
			nparked++;
	}
	ck_assert_uint_eq(nnamed, 1);
	ck_assert_uint_eq(nparked, 1);
	tu_audit_free(a);
	park_same_reports(paths);
}
END_TEST

/*
 * A list with lines it does not understand between its sockets: those
 * records carry their text into the park, and read back as they were.
 */
START_TEST(test_lines_with_text)
{
	const char	*paths[2];
	char		*net, *line;
	size_t		 i;

	net = xstrdup(TU_NETSTAT_ANO);
	for (i = 0; i < 300; i++) {
		xasprintf(&line, "%s  TCP    0.0.0.0:%zu            0.0.0.0:0"
		    "              LISTENING       %zu\r\n"
		    "  garbage line %zu that no netstat ever wrote, long "
		    "enough to move the buffer it is parked in\r\n", net,
		    2000 + i, 600 + i, i);
		free(net);
		net = line;
	}
	paths[0] = tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2012 R2\r\n",
	    "hq/APP01/netstat.txt", net, NULL);
	paths[1] = NULL;
	free(net);
	park_check_fleet(paths[0]);
	park_same_reports(paths);
}
END_TEST

/* The file whose bytes change once the fleet is read (tu_between). */
static char	park_changed[4096];

/* The same length, other bytes: its last PID. */
static void
park_change(struct audit *a)
{
	FILE	*fp;

	(void)a;
	ck_assert_ptr_nonnull(fp = fopen(park_changed, "r+"));
	ck_assert_int_eq(fseek(fp, -3, SEEK_END), 0);
	ck_assert_int_eq(fputc('9', fp), '9');
	ck_assert_int_eq(fclose(fp), 0);
}

/*
 * A parked socket's line travels with it: a socket list changed after it
 * was read is quoted as it was read, and nothing is read again.
 */
START_TEST(test_lines_travel)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:0000c350\r\n";
	static const char net[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  TCP    10.1.1.10:50000        10.1.1.50:445          ESTABLISHED     1234\r\n"
	    "  TCP    10.1.1.10:49800        10.1.1.11:389          ESTABLISHED     584\r\n"
	    "  UDP    0.0.0.0:123            *:*                                    1068\r\n";
	const char	*paths[2];
	char		*err, *parked, *before;

	paths[0] = tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n",
	    "hq/DC01/registry.reg", reg, "hq/DC01/netstat.txt", net, NULL);
	paths[1] = NULL;
	snprintf(park_changed, sizeof(park_changed), "%s/hq/DC01/netstat.txt",
	    paths[0]);
	tu_park = 1;
	before = tu_reports(paths);
	tu_park = 0;
	ck_assert_ptr_nonnull(strstr(before, "10.1.1.10:50000"));
	ck_assert_ptr_nonnull(strstr(before, "LISTENING       812"));
	tu_between = park_change;
	err = park_stderr_of(paths, &parked);
	tu_between = NULL;
	ck_assert_msg(strstr(err, "changed") == NULL, "%s", err);
	ck_assert_str_eq(parked, before);
	free(err);
	free(parked);
	free(before);
}
END_TEST

/* inventory.csv of audit a written by jobs threads. */
static char *
park_inventory(struct audit *a, unsigned jobs)
{
	struct template	*t;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;

	ck_assert_ptr_nonnull(t = template_load("templates/rules.ini"));
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	ck_assert_int_eq(inventory_csv(fp, t, a, 0, jobs), 0);
	ck_assert_int_eq(fclose(fp), 0);
	template_free(t);
	return (buf);
}

/*
 * Hosts whose socket lists are the same bytes share one parked block.
 * The inventory's threads read it back for hosts of different chunks at
 * once: each lets it go when done, the last one frees it, and the file is
 * the same for 1 and 4 threads and for records kept in memory.
 */
START_TEST(test_shared_side_by_side)
{
	const struct input	*in, *src;
	struct audit		*a;
	char			*one, *four, *kept;
	const char		*fleet = tu_fleet_copies(60);
	size_t			 h, i, shared = 0;

	tu_park = 1;
	a = tu_audit_dir(fleet, NULL);
	tu_park = 0;
	for (h = 0; h < a->nhosts; h++)
		for (i = 0; i < a->hosts[h].host->ninputs; i++) {
			in = a->hosts[h].host->inputs[i];
			src = input_src(in);
			shared += src != in && src->park != NULL;
		}
	ck_assert_uint_gt(shared, 30);
	one = park_inventory(a, 1);
	four = park_inventory(a, 4);
	for (i = 0; i < a->fleet->ninputs; i++) {
		ck_assert_ptr_null(a->fleet->inputs[i]->park_block);
		ck_assert_uint_eq(a->fleet->inputs[i]->park_refs, 0);
	}
	tu_audit_free(a);
	a = tu_audit_dir(fleet, NULL);
	kept = park_inventory(a, 1);
	tu_audit_free(a);
	ck_assert_uint_gt(strlen(one), 10000);
	ck_assert_str_eq(one, four);
	ck_assert_str_eq(one, kept);
	free(one);
	free(four);
	free(kept);
}
END_TEST

/* Park n bytes from bytes as a block of no records, read it back. */
static void
park_block_back(struct fleet *f, const char *bytes, size_t n, int packed)
{
	struct input	 in;
	struct parkbuf	 b;

	memset(&in, 0, sizeof(in));
	memset(&b, 0, sizeof(b));
	b.buf = xmalloc(n);
	memcpy(b.buf, bytes, n);
	b.len = b.cap = n;
	park_input(f->park, &in, &b);
	ck_assert_ptr_eq(in.park, f->park);
	ck_assert_ptr_null(in.park_block);
	ck_assert_uint_eq(in.park_len, n);
	if (packed)
		ck_assert_uint_lt(in.park_zlen, n / 2);
	else
		ck_assert_uint_eq(in.park_zlen, n);
	ck_assert_int_eq(park_input_load(f, &in), 0);
	ck_assert_ptr_nonnull(in.park_block);
	ck_assert_ptr_null(in.first);
	ck_assert_mem_eq(in.park_block, bytes, n);
	park_input_drop(&in);
	ck_assert_ptr_null(in.park_block);
}

/*
 * A block LZ4 can shrink is written compressed; one it cannot (random
 * bytes) as it is.  Both come back as they were.
 */
START_TEST(test_blocks_compressed_or_not)
{
	struct fleet	*f = fleet_new();
	char		 text[8192], noise[8192];
	size_t		 i;
	unsigned	 x = 2463534242u;

	f->park = park_new();
	for (i = 0; i < sizeof(text); i++)
		text[i] = "  TCP    0.0.0.0:135   LISTENING  \r\n"[i % 36];
	for (i = 0; i < sizeof(noise); i++) {
		x ^= x << 13;	/* xorshift32 */
		x ^= x >> 17;
		x ^= x << 5;
		noise[i] = (char)(x >> 24);
	}
	park_block_back(f, text, sizeof(text), 1);
	park_block_back(f, noise, sizeof(noise), 0);
	park_block_back(f, text, sizeof(text), 1);
	fleet_free(f);
}
END_TEST

static Suite *
park_suite(void)
{
	Suite	*s = suite_create("park");
	TCase	*tc = tcase_create("park");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_between_example);
	tcase_add_test(tc, test_between_generated);
	tcase_add_test(tc, test_tmpdir_unusable);
	tcase_add_test(tc, test_read_back_fails);
	tcase_add_test(tc, test_named_ports_stay);
	tcase_add_test(tc, test_lines_with_text);
	tcase_add_test(tc, test_lines_travel);
	tcase_add_test(tc, test_blocks_compressed_or_not);
	tcase_add_test(tc, test_shared_side_by_side);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(park_suite()));
}
