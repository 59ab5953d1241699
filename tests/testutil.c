/*
 * Shared helpers for the Check suites (see testutil.h).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <csv.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "portaudit.h"
#include "collector.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "audit.h"
#include "testutil.h"

static const char *
tu_samples_dir(void)
{
	const char	*d;

	if ((d = getenv("PORTAUDIT_SAMPLES")) != NULL && *d != '\0')
		return (d);
	return ("../shared/samples");
}

static const char *
tu_path(const char *dir, const char *rel)
{
	static char	 buf[4][4096];
	static int	 slot;
	struct stat	 st;
	char		*p = buf[slot++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", dir, rel);
	ck_assert_msg(stat(p, &st) == 0, "missing test input %s", p);
	return (p);
}

const char *
tu_sample(const char *rel)
{
	return (tu_path(tu_samples_dir(), rel));
}

const char *
tu_fixture(const char *rel)
{
	return (tu_path("tests/fixtures", rel));
}

struct fleet *
tu_parse_file(const char *path, const char *type, struct input **inp)
{
	struct fleet	*f;

	diag_quiet = getenv("TU_VERBOSE") == NULL;
	f = fleet_new();
	f->datadir = "data";
	*inp = collector_read(f, path, NULL, type);
	fleet_resolve_names(f);
	return (f);
}

static char	 tu_dirs[64][64];
static int	 tu_ndirs;

/* Remove the temporary folders this process made (runs at exit). */
static void
tu_cleanup(void)
{
	char	 cmd[128];

	while (tu_ndirs > 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tu_dirs[--tu_ndirs]);
		if (system(cmd) != 0)
			continue;
	}
}

const char *
tu_write_temp(const void *data, size_t len, const char *name)
{
	static char	 path[4][4096];
	static int	 slot;
	char		*p = path[slot++ % 4];
	char		 dir[] = "/tmp/portaudit-test-XXXXXX";
	FILE		*fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	if (tu_ndirs == 0)
		atexit(tu_cleanup);
	if (tu_ndirs < 64)
		snprintf(tu_dirs[tu_ndirs++], sizeof(tu_dirs[0]), "%s", dir);
	snprintf(p, sizeof(path[0]), "%s/%s", dir,
	    name != NULL ? name : "input.txt");
	ck_assert_ptr_nonnull(fp = fopen(p, "wb"));
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return (p);
}

struct fleet *
tu_parse_text(const char *text, size_t len, const char *type,
    struct input **inp)
{
	return (tu_parse_file(tu_write_temp(text, len, NULL), type, inp));
}

struct input *
tu_sub(struct input *in, const char *host)
{
	struct input	*sub;

	if (strcmp(in->host->name, host) == 0)
		return (in);
	for (sub = in->subs; sub != NULL; sub = sub->sub_next)
		if (strcmp(sub->host->name, host) == 0)
			return (sub);
	return (NULL);
}

struct record *
tu_nth(struct input *in, enum rkind kind, int n)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == kind && n-- == 0)
			return (r);
	return (NULL);
}

int
tu_count(struct input *in, enum rkind kind)
{
	struct record	*r;
	int		 n = 0;

	for (r = in->first; r != NULL; r = r->next)
		n += r->kind == kind;
	return (n);
}

struct record *
tu_find_sock(struct input *in, enum proto p, const char *addr, int port)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SOCKET && r->u.sock.proto == p &&
		    r->u.sock.local_port == port &&
		    (addr == NULL || (r->u.sock.local_addr != NULL &&
		    strcmp(r->u.sock.local_addr, addr) == 0)))
			return (r);
	return (NULL);
}

void
tu_assert_accounting(const struct input *in)
{
	ck_assert_uint_eq(in->lines, in->lines_record + in->lines_known +
	    in->lines_unparsed);
}

struct tu_audit {
	struct audit	 a;		/* first: the caller sees a struct audit */
	struct fleet	*f;
	char		 today[16];
};

/* Compact socket lists as `portaudit audit` does (0: keep every socket). */
int	tu_compact = 1;
/* Park what compaction keeps as `portaudit audit` does (1). */
int	tu_park = 0;
/* Called between loading and the rules (NULL: nothing). */
void	(*tu_between)(struct audit *);

struct audit *
tu_audit(const char *const *paths, const char *policy, const char *manifest)
{
	struct tu_audit		*t;
	struct audit_opts	 o;
	int			 n;

	diag_quiet = getenv("TU_VERBOSE") == NULL;
	t = xcalloc(1, sizeof(*t));
	t->f = fleet_new();
	t->f->datadir = "data";
	t->f->dedupe = 1;
	t->f->want_sha256 = 1;
	t->f->compact = tu_compact;
	if (tu_compact && tu_park)
		t->f->park = park_new();
	memset(&o, 0, sizeof(o));
	for (n = 0; paths[n] != NULL; n++)
		;
	o.paths = (char **)paths;
	o.npaths = n;
	o.policy = policy;
	o.manifest = manifest;
	o.today = audit_today(t->today, sizeof(t->today));
	(void)audit_load(&t->a, t->f, &o);
	if (tu_between != NULL)
		tu_between(&t->a);
	audit_analyse(&t->a);
	return (&t->a);
}

void
tu_audit_free(struct audit *a)
{
	struct tu_audit	*t = (struct tu_audit *)a;

	audit_free(&t->a);
	fleet_free(t->f);
	free(t);
}

static int
tu_finding_matches(const struct finding *f, const char *rule,
    const char *host, int port)
{
	return ((rule == NULL || strcmp(f->rule->id, rule) == 0) &&
	    (host == NULL ||
	    strcmp(f->hi->host->name, host) == 0) &&
	    (port < 0 || f->port == port));
}

struct finding *
tu_finding(const struct audit *a, const char *rule, const char *host,
    int port)
{
	size_t	 i;

	for (i = 0; i < a->nfindings; i++)
		if (tu_finding_matches(a->findings[i], rule, host, port))
			return (a->findings[i]);
	return (NULL);
}

struct finding *
tu_expect(const struct audit *a, const char *rule, const char *host,
    int port, int sev)
{
	struct finding	*f;

	f = tu_finding(a, rule, host, port);
	ck_assert_msg(f != NULL, "no %s finding on %s at port %d", rule,
	    host != NULL ? host : "any host", port);
	ck_assert_int_eq(f->sev, sev);
	return (f);
}

int
tu_nfindings(const struct audit *a, const char *rule, const char *host)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < a->nfindings; i++)
		n += tu_finding_matches(a->findings[i], rule, host, -1);
	return (n);
}

struct audit *
tu_audit_dc01(const char *reg)
{
	return (tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n",
	    "hq/DC01/registry.reg", reg, NULL), NULL));
}

const char *
tu_fleet_generated(int n)
{
	static char	 fleet[4][4096];
	static int	 slot;
	const char	*dir;
	char		*f = fleet[slot++ % 4];

	dir = tu_fleet("README", "generated\n", NULL);
	ck_assert_int_eq(tu_system("${CC:-cc} -O1 -o %s/genfleet "
	    "bench/genfleet.c -lm", dir), 0);
	snprintf(f, sizeof(fleet[0]), "%s/fleet", dir);
	ck_assert_int_eq(tu_system("%s/genfleet %s %d 2>/dev/null", dir, f,
	    n), 0);
	return (f);
}

const char *
tu_fleet_exports(void)
{
	static char	 fleet[4096];
	const char	*dir;

	dir = tu_fleet("README", "exports\n", NULL);
	snprintf(fleet, sizeof(fleet), "%s/fleet", dir);
	ck_assert_int_eq(tu_system("mkdir %s && cp -R examples/fleet/. %s/ && "
	    "mkdir %s/exports %s/hq/exports %s/remote && "
	    "cp tests/fixtures/powershell/fleet/tcp.csv "
	    "tests/fixtures/powershell/fleet/udp.csv %s/exports/ && "
	    "cp tests/fixtures/powershell/invoke-listen-3hosts.csv "
	    "%s/hq/exports/ && "
	    "cp tests/fixtures/osquery/results-fleet.log %s/hq/DC01/ && "
	    "cp tests/fixtures/velociraptor/hunt-netstat.csv "
	    "tests/fixtures/powershell/json-compress-3hosts.json %s/remote/",
	    fleet, fleet, fleet, fleet, fleet, fleet, fleet, fleet, fleet), 0);
	return (fleet);
}

const char *
tu_fleet_copies(int n)
{
	static char	 fleet[4096];
	const char	*dir, *from;
	int		 i;

	dir = tu_fleet("README", "copies\n", NULL);
	snprintf(fleet, sizeof(fleet), "%s/fleet", dir);
	for (i = 0; i < n; i++) {
		from = i % 3 == 2 ? "hq/DC01" : i % 3 == 1 ? "branch/LNX01" :
		    "branch/FS01";
		ck_assert_int_eq(tu_system("mkdir -p %s/site%d/H%03d && "
		    "cp examples/fleet/%s/* %s/site%d/H%03d/", fleet, i / 20,
		    i, from, fleet, i / 20, i), 0);
	}
	return (fleet);
}

struct audit *
tu_audit_dir(const char *dir, const char *policy)
{
	const char	*paths[2];

	paths[0] = dir;
	paths[1] = NULL;
	return (tu_audit(paths, policy, NULL));
}

struct finding *
tu_finding_proto(const struct audit *a, const char *rule, const char *host,
    int port, enum proto proto)
{
	size_t	 i;

	for (i = 0; i < a->nfindings; i++)
		if (tu_finding_matches(a->findings[i], rule, host, port) &&
		    a->findings[i]->proto == proto)
			return (a->findings[i]);
	return (NULL);
}

int
tu_ev_has(const struct finding *f, const char *needle)
{
	size_t	 i;

	for (i = 0; i < f->nev; i++)
		if (f->ev[i].text != NULL && strstr(f->ev[i].text, needle))
			return (1);
	return (0);
}

const struct hostinfo *
tu_host(const struct audit *a, const char *name)
{
	size_t	 i;

	for (i = 0; i < a->nhosts; i++)
		if (strcmp(a->hosts[i].host->name, name) == 0)
			return (&a->hosts[i]);
	ck_abort_msg("no host %s", name);
	return (NULL);
}

const char *
tu_reg_ds(char *buf, size_t len, unsigned port)
{
	snprintf(buf, len, "REGEDIT4\r\n\r\n"
	    TU_KEY_SVC("MSExchangeDS\\Parameters")
	    "\"TCP/IP port\"=dword:%08x\r\n", port);
	return (buf);
}

/* Create the parent folders of path. */
static void
tu_mkdirs(char *path)
{
	char	*p;

	for (p = path + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(path, 0755);
			*p = '/';
		}
}

const char *
tu_fleet(const char *first, ...)
{
	static char	 dir[4][64];
	static int	 slot;
	char		*d = dir[slot++ % 4], path[4096];
	const char	*rel, *text;
	va_list		 ap;
	FILE		*fp;

	snprintf(d, sizeof(dir[0]), "%s", "/tmp/portaudit-fleet-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d));
	if (tu_ndirs == 0)
		atexit(tu_cleanup);
	if (tu_ndirs < 64)
		snprintf(tu_dirs[tu_ndirs++], sizeof(tu_dirs[0]), "%s", d);
	va_start(ap, first);
	for (rel = first; rel != NULL; rel = va_arg(ap, const char *)) {
		text = va_arg(ap, const char *);
		snprintf(path, sizeof(path), "%s/%s", d, rel);
		tu_mkdirs(path);
		ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
		fputs(text, fp);
		ck_assert_int_eq(fclose(fp), 0);
	}
	va_end(ap);
	return (d);
}

char *
tu_shell(const char *cmdline)
{
	const char	*bin = getenv("PORTAUDIT");
	char		*s;

	if (bin != NULL && *bin != '\0' &&
	    strncmp(cmdline, "./portaudit", 11) == 0) {
		xasprintf(&s, "%s%s", bin, cmdline + 11);
		return (s);
	}
	return (xstrdup(cmdline));
}

int
tu_system(const char *fmt, ...)
{
	va_list	 ap;
	char	*cmd;
	int	 st;

	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	st = system(cmd);
	free(cmd);
	return (WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

int
tu_run_quiet(const char *fmt, ...)
{
	va_list	 ap;
	char	*cmd, *bin;
	int	 st;

	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	if (getenv("PORTAUDIT") != NULL)
		ck_assert_int_eq(setenv("PORTAUDIT_DATADIR", "data", 0), 0);
	bin = tu_shell(cmd);
	st = tu_system("%s >/dev/null 2>&1", bin);
	free(cmd);
	free(bin);
	ck_assert_msg(st != -1, "command did not run");
	return (st);
}

char *
tu_output(const char *fmt, ...)
{
	va_list	 ap;
	char	*cmd, *bin, *buf = NULL, chunk[4096];
	size_t	 len = 0, n;
	FILE	*pp, *mem;

	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	bin = tu_shell(cmd);
	ck_assert_ptr_nonnull(mem = open_memstream(&buf, &len));
	ck_assert_msg((pp = popen(bin, "r")) != NULL, "%s", bin);
	while ((n = fread(chunk, 1, sizeof(chunk), pp)) > 0)
		fwrite(chunk, 1, n, mem);
	ck_assert_msg(pclose(pp) == 0, "%s failed", bin);
	ck_assert_int_eq(fclose(mem), 0);
	free(cmd);
	free(bin);
	return (buf);
}

const char *
tu_outdir(void)
{
	static char	 buf[8][4096];
	static int	 slot;
	char		*p = buf[slot++ % 8];

	snprintf(p, sizeof(buf[0]), "%s/out",
	    tu_fleet("README", "portaudit output folder\n", NULL));
	return (p);
}

int
tu_run_suite(Suite *s)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed ? 1 : 0);
}

struct fleet *
tu_read(const char *path, const char *type, const char *coll,
    struct input **inp)
{
	struct fleet	*f;

	f = tu_parse_file(path, type, inp);
	ck_assert_ptr_nonnull(*inp);
	ck_assert_int_eq((*inp)->status, INPUT_OK);
	ck_assert_ptr_nonnull((*inp)->coll);
	ck_assert_str_eq((*inp)->coll->name, coll);
	tu_assert_accounting(*inp);
	return (f);
}

struct fleet *
tu_read_text(const char *text, size_t len, const char *coll,
    struct input **inp)
{
	return (tu_read(tu_write_temp(text, len, NULL), coll, coll, inp));
}

void
tu_assert_lines(const struct input *in, unsigned long lines,
    unsigned long rec, unsigned long known, unsigned long unparsed)
{
	tu_assert_accounting(in);
	ck_assert_uint_eq(in->lines, lines);
	ck_assert_uint_eq(in->lines_record, rec);
	ck_assert_uint_eq(in->lines_known, known);
	ck_assert_uint_eq(in->lines_unparsed, unparsed);
}

int
tu_unparsed_code(const struct input *in, unsigned line)
{
	const struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_UNPARSED && r->line == line)
			return (r->u.unp.code);
	return (-1);
}

int
tu_count_socks(struct input *in, int proto, int family, int state)
{
	struct record	*r;
	int		 n = 0;

	for (r = in->first; r != NULL; r = r->next)
		n += r->kind == REC_SOCKET &&
		    (proto == -1 || (int)r->u.sock.proto == proto) &&
		    (family == -1 || (int)r->u.sock.family == family) &&
		    (state == -1 || (int)r->u.sock.state == state);
	return (n);
}

const struct sockrec *
tu_assert_sock(struct input *in, int n, enum proto p, enum family fam,
    const char *laddr, int lport, const char *raddr, int rport,
    enum sockstate st)
{
	struct record	*r;

	r = tu_nth(in, REC_SOCKET, n);
	ck_assert_msg(r != NULL, "no socket %d", n);
	ck_assert_int_eq(r->u.sock.proto, p);
	ck_assert_int_eq(r->u.sock.family, fam);
	ck_assert_pstr_eq(r->u.sock.local_addr, laddr);
	ck_assert_int_eq(r->u.sock.local_port, lport);
	ck_assert_pstr_eq(r->u.sock.remote_addr, raddr);
	ck_assert_int_eq(r->u.sock.remote_port, rport);
	ck_assert_int_eq(r->u.sock.state, st);
	return (&r->u.sock);
}

void
tu_assert_owner(const struct sockrec *s, long pid, const char *process)
{
	ck_assert_int_eq(s->pid, pid);
	ck_assert_pstr_eq(s->process, process);
	ck_assert_ptr_null(s->service);
}

void
tu_assert_range(struct input *in, int n, enum rwhat what, enum proto proto,
    enum family fam, int first, int last, int adm, const char *setting,
    unsigned line)
{
	struct record	*r;

	r = tu_nth(in, REC_RANGE, n);
	ck_assert_msg(r != NULL, "no range record %d", n);
	ck_assert_int_eq(r->u.rng.what, what);
	ck_assert_int_eq(r->u.rng.proto, proto);
	ck_assert_int_eq(r->u.rng.family, fam);
	ck_assert_int_eq(r->u.rng.first, first);
	ck_assert_int_eq(r->u.rng.last, last);
	ck_assert_int_eq(r->u.rng.administered, adm);
	ck_assert_str_eq(r->u.rng.setting, setting);
	ck_assert_uint_eq(r->line, line);
}

/* A file's bytes in a buffer pad bytes larger, zeroed there. */
static char *
tu_read_bytes(const char *path, size_t *lenp, size_t pad)
{
	FILE	*fp;
	char	*buf;
	long	 n;

	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	ck_assert_int_ge(n = ftell(fp), 0);
	rewind(fp);
	buf = xmalloc(n + pad == 0 ? 1 : (size_t)n + pad);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	memset(buf + n, 0, pad);
	if (lenp != NULL)
		*lenp = (size_t)n;
	return (buf);
}

/*
 * No room for a terminator on purpose: a sniffer that reads past the
 * bytes it was given trips the sanitizers.
 */
void *
tu_slurp(const char *path, size_t *lenp)
{
	return (tu_read_bytes(path, lenp, 0));
}

char *
tu_slurp_text(const char *path, size_t *lenp)
{
	return (tu_read_bytes(path, lenp, 1));
}

int
tu_sniff_file(const struct collector *c, const char *path)
{
	char	*buf;
	size_t	 len;
	int	 score;

	buf = tu_slurp(path, &len);
	score = c->sniff(buf, len);
	free(buf);
	return (score);
}

void
tu_noise(void *buf, size_t n, unsigned seed)
{
	unsigned char	*p = buf;
	size_t		 i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = (seed >> 16) & 0xff;
	}
}

struct audit *
tu_report_audit(const char *const *paths, const char *policy,
    struct report *r)
{
	struct audit	*a;

	setenv("SOURCE_DATE_EPOCH", TU_EPOCH, 1);
	a = tu_audit(paths, policy, NULL);
	ck_assert_ptr_nonnull(a);
	tu_report(r, a);
	return (a);
}

char *
tu_reports(const char *const *paths)
{
	static const char *const names[] = { "csv", "json", "sarif", NULL };
	const struct renderer *const *rd;
	struct report	 r;
	struct audit	*a;
	char		*all = NULL, *one;
	size_t		 len = 0, n, i;
	FILE		*fp;

	a = tu_report_audit(paths, NULL, &r);
	ck_assert_ptr_nonnull(fp = open_memstream(&all, &len));
	for (rd = renderer_table; *rd != NULL; rd++)
		for (i = 0; names[i] != NULL; i++) {
			if (strcmp((*rd)->name, names[i]) != 0)
				continue;
			one = tu_emit(*rd, &r, &n);
			fprintf(fp, "== %s\n", (*rd)->file);
			fwrite(one, 1, n, fp);
			free(one);
		}
	ck_assert_int_eq(fclose(fp), 0);
	tu_report_free(a, &r);
	return (all);
}

void
tu_report(struct report *r, const struct audit *a)
{
	memset(r, 0, sizeof(*r));
	r->audit = a;
	r->fleet = a->fleet;
	r->rules = template_load("templates/rules.ini");
	ck_assert_ptr_nonnull(r->rules);
	r->date = a->today;
	r->epoch = strtoll(TU_EPOCH, NULL, 10);
}

void
tu_report_free(struct audit *a, struct report *r)
{
	template_free(r->rules);
	tu_audit_free(a);
}

struct audit *
tu_report_no_hosts(struct report *r)
{
	const char	*paths[2];
	struct audit	*a;
	char		*site;

	paths[0] = tu_fleet("README.txt", "not a host\n", NULL);
	paths[1] = NULL;
	xasprintf(&site, "%s/site", paths[0]);
	ck_assert_int_eq(mkdir(site, 0755), 0);
	free(site);
	a = tu_report_audit(paths, NULL, r);
	ck_assert_uint_eq(a->nhosts, 0);
	ck_assert_uint_eq(a->nfindings, 0);
	return (a);
}

void
tu_assert_write_error(const struct renderer *rd, const char *const *paths,
    const char *want)
{
	struct report	 r;
	struct audit	*a;
	FILE		*fp, *was;
	char		*msg = NULL;
	size_t		 len = 0;
	int		 quiet;

	if ((fp = fopen("/dev/full", "w")) == NULL)
		return;		/* no /dev/full here */
	setvbuf(fp, NULL, _IONBF, 0);
	a = tu_report_audit(paths, NULL, &r);
	was = diag_to;
	quiet = diag_quiet;
	diag_quiet = 0;
	ck_assert_ptr_nonnull(diag_to = open_memstream(&msg, &len));
	ck_assert_int_eq(rd->emit(&r, fp), -1);
	fclose(diag_to);
	diag_to = was;
	diag_quiet = quiet;
	fclose(fp);
	ck_assert_msg(strstr(msg, want) != NULL, "said: %s", msg);
	free(msg);
	tu_report_free(a, &r);
}

char *
tu_emit(const struct renderer *rd, const struct report *r, size_t *lenp)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	ck_assert_int_eq(rd->emit(r, fp), 0);
	ck_assert_int_eq(fclose(fp), 0);
	if (lenp != NULL)
		*lenp = len;
	return (buf);
}

void
tu_assert_deterministic(const struct renderer *rd, const char *const *paths)
{
	struct report	 r1, r2;
	struct audit	*a1, *a2;
	char		*t1, *t2, *t3;
	size_t		 n1, n2, n3;

	a1 = tu_report_audit(paths, NULL, &r1);
	t1 = tu_emit(rd, &r1, &n1);
	t2 = tu_emit(rd, &r1, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(t1, t2, n1) == 0);
	/* A second audit of the same fleet gives the same bytes too. */
	a2 = tu_report_audit(paths, NULL, &r2);
	t3 = tu_emit(rd, &r2, &n3);
	ck_assert_uint_eq(n1, n3);
	ck_assert(memcmp(t1, t3, n1) == 0);
	ck_assert_uint_gt(n1, 0);
	ck_assert_int_eq(t1[n1 - 1], '\n');
	free(t1);
	free(t2);
	free(t3);
	tu_report_free(a1, &r1);
	tu_report_free(a2, &r2);
}

json_t *
tu_json_parse(const char *text)
{
	json_error_t	 err;
	json_t		*doc;

	doc = json_loads(text, 0, &err);
	if (doc == NULL)
		ck_abort_msg("line %d: %s", err.line, err.text);
	ck_assert(json_is_object(doc));
	return (doc);
}

const char *
tu_json_str(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	ck_assert_msg(json_is_string(v), "%s is not a string", key);
	return (json_string_value(v));
}

long long
tu_json_int(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
	return (json_integer_value(v));
}

void
tu_json_done(struct audit *a, struct report *r, json_t *doc, char *text)
{
	json_decref(doc);
	free(text);
	tu_report_free(a, r);
}

void
tu_assert_json_as_tree(const struct renderer *rd,
    void (*build)(struct jsonw *, const struct report *),
    const struct report *r)
{
	struct jsonw	 w;
	json_t		*tree, *back;
	char		*text, *dump, *redump;

	text = tu_emit(rd, r, NULL);
	jsonw_begin(&w, NULL);
	build(&w, r);
	ck_assert_int_eq(jsonw_end(&w), 0);
	ck_assert_ptr_nonnull(tree = jsonw_tree(&w));
	ck_assert_ptr_nonnull(dump = json_dumps(tree, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER));
	ck_assert_uint_eq(strlen(text), strlen(dump) + 1);
	ck_assert_msg(strncmp(text, dump, strlen(dump)) == 0 &&
	    strcmp(text + strlen(dump), "\n") == 0,
	    "%s: not the bytes of the whole tree", rd->file);
	back = tu_json_parse(text);
	ck_assert(json_equal(back, tree));
	/* What jansson reads back, it writes as the same bytes. */
	ck_assert_ptr_nonnull(redump = json_dumps(back, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER));
	ck_assert_str_eq(redump, dump);
	free(redump);
	free(dump);
	free(text);
	json_decref(back);
	json_decref(tree);
}

struct audit *
tu_report_baseline(const char *const *paths, const char *const *base,
    struct report *r)
{
	struct baseline	*b;
	struct report	 r0;
	struct audit	*a0, *a;
	char		*text;
	size_t		 len;

	a0 = tu_report_audit(base, NULL, &r0);
	text = tu_emit(&renderer_json, &r0, &len);
	tu_report_free(a0, &r0);
	ck_assert_ptr_nonnull(b = baseline_read("base/findings.json", text,
	    len));
	free(text);
	a = tu_report_audit(paths, NULL, r);
	baseline_apply(a, b);
	return (a);
}

void
tu_hex(const unsigned char *md, size_t n, char *out)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		snprintf(out + i * 2, 3, "%02x", md[i]);
	out[n * 2] = '\0';
}

void
tu_sha256_file(const char *path, char *out)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	char		*buf;
	size_t		 len;

	buf = tu_slurp(path, &len);
	ck_assert_int_eq(EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL),
	    1);
	free(buf);
	tu_hex(md, mdlen, out);
}

/* libcsv field callback: keep a copy of the cell in the current row. */
static void
tu_csv_cell(void *s, size_t len, void *data)
{
	struct tu_csv	*t = data;
	char		*p;

	if (t->cur.n == TU_CSV_MAXF) {
		t->overflow = 1;
		return;
	}
	p = xmalloc(len + 1);
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	t->cur.f[t->cur.n++] = p;
}

/* libcsv row callback: the current row is complete. */
static void
tu_csv_endrow(int c, void *data)
{
	struct tu_csv	*t = data;

	(void)c;
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n++] = t->cur;
	memset(&t->cur, 0, sizeof(t->cur));
}

void
tu_csv_read(const char *path, struct tu_csv *t)
{
	struct csv_parser	 p;
	char			*buf;
	size_t			 len;

	memset(t, 0, sizeof(*t));
	buf = tu_slurp_text(path, &len);
	ck_assert_int_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	ck_assert_msg(csv_parse(&p, buf, len, tu_csv_cell, tu_csv_endrow,
	    t) == len, "%s: %s", path, csv_strerror(csv_error(&p)));
	ck_assert_int_eq(csv_fini(&p, tu_csv_cell, tu_csv_endrow, t), 0);
	csv_free(&p);
	free(buf);
	ck_assert_int_eq(t->overflow, 0);
	ck_assert_uint_ge(t->n, 1);
}

void
tu_csv_report(const char *dir, const char *name, struct tu_csv *t)
{
	char	*path;

	xasprintf(&path, "%s/%s", dir, name);
	tu_csv_read(path, t);
	free(path);
}

void
tu_csv_free(struct tu_csv *t)
{
	size_t	 i;
	int	 j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->v[i].n; j++)
			free(t->v[i].f[j]);
	free(t->v);
}

const struct tu_csv_row *
tu_csv_finding(const struct tu_csv *t, const char *rule, const char *host,
    const char *port)
{
	size_t	 i;

	for (i = 1; i < t->n; i++)
		if (t->v[i].n == TU_FC__MAX &&
		    strcmp(t->v[i].f[TU_FC_RULE], rule) == 0 &&
		    strcmp(t->v[i].f[TU_FC_HOST], host) == 0 &&
		    strcmp(t->v[i].f[TU_FC_PORT], port) == 0)
			return (&t->v[i]);
	return (NULL);
}
