/*
 * One results log instead of per-host netstat files: the example fleet
 * with DC01's and SQL01's netstat output replaced by an osquery results
 * log (event format, one line per socket, hosts named as the daemon would,
 * DC01 by its FQDN) lying in DC01's folder gives the same findings for
 * those hosts, and for every other host, as the fleet as shipped; so does
 * the log in a folder of its own, which is no server.  The same holds for
 * a Velociraptor hunt's CSV.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define FL_FLEET	"examples/fleet"
#define FL_EPOCH	"1767225600"	/* 2026-01-01 */

/* The example fleet copied into a new folder; its path. */
static const char *
fl_copy(void)
{
	const char	*dir;

	dir = tu_fleet("README.md", "copied below\n", NULL);
	ck_assert_int_eq(tu_system("cp -R %s/. %s/", FL_FLEET, dir), 0);
	return (dir);
}

/* osquery's Windows state word for a normalised state. */
static const char *
fl_osq_state(enum sockstate s)
{
	static const char *const w[] = {
		NULL, "LISTEN", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT",
		"SYN_SENT", "SYN_RCVD", "FIN_WAIT1", "FIN_WAIT2", "CLOSING",
		"LAST_ACK", "CLOSED", "BOUND"
	};

	return (w[s]);
}

/* A socket as an osquery event line, or a Velociraptor CSV row. */
static void
fl_write_sock(FILE *fp, const char *host, const struct sockrec *s, int vr)
{
	json_t	*cols, *line;
	char	*text, pid[24], lport[16], rport[16];

	snprintf(pid, sizeof(pid), "%ld", s->pid);
	snprintf(lport, sizeof(lport), "%d", s->local_port);
	snprintf(rport, sizeof(rport), "%d", s->remote_port < 0 ? 0 :
	    s->remote_port);
	if (vr) {
		fprintf(fp, "C.1,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
		    "2026-01-01T00:00:00Z\n", host, pid,
		    s->process != NULL ? s->process : "",
		    s->family == FAM_IPV6 ? "IPv6" : "IPv4",
		    s->proto == PROTO_UDP ? "UDP" : "TCP",
		    s->state == ST_NONE ? "" : s->state == ST_ESTABLISHED ?
		    "ESTAB" : state_name(s->state), s->local_addr, lport,
		    s->remote_addr != NULL ? s->remote_addr : "", rport);
		return;
	}
	cols = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "pid", pid, "family", s->family == FAM_IPV6 ? "23" : "2",
	    "protocol", s->proto == PROTO_UDP ? "17" : "6",
	    "local_address", s->local_addr, "local_port", lport,
	    "remote_address", s->remote_addr != NULL ? s->remote_addr : "0",
	    "remote_port", rport, "path", "",
	    "name", s->process != NULL ? s->process : "");
	if (s->state != ST_NONE)
		json_object_set_new(cols, "state",
		    json_string(fl_osq_state(s->state)));
	line = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:b, s:o, s:s}",
	    "name", "pack_portaudit_open_sockets", "hostIdentifier", host,
	    "calendarTime", "Thu Jan  1 00:00:00 2026 UTC",
	    "unixTime", 1767225600, "epoch", 0, "counter", 0,
	    "numerics", 0, "columns", cols, "action", "added");
	ck_assert_ptr_nonnull(text = json_dumps(line, JSON_COMPACT));
	fprintf(fp, "%s\n", text);
	free(text);
	json_decref(line);
}

/* Append a host's netstat sockets to the log, then remove the file. */
static void
fl_convert(FILE *fp, const char *dir, const char *host, const char *name,
    int vr)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	char		 path[4096];
	int		 n = 0;

	snprintf(path, sizeof(path), "%s/hq/%s/netstat.txt", dir, host);
	f = tu_parse_file(path, NULL, &in);
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SOCKET && r->u.sock.local_port >= 0) {
			fl_write_sock(fp, name, &r->u.sock, vr);
			n++;
		}
	ck_assert_int_gt(n, 10);
	fleet_free(f);
	ck_assert_int_eq(unlink(path), 0);
}

/* A finding's identity, as a line: rule host proto port severity. */
static char *
fl_key(const struct finding *f)
{
	char	*s;

	xasprintf(&s, "%s %s %s %d %d", f->rule->id, f->hi->host->name,
	    proto_name(f->proto), f->port, (int)f->sev);
	return (s);
}

static int
fl_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The sorted finding keys of an audit; their count in *n. */
static char **
fl_keys(const struct audit *a, size_t *n)
{
	char	**v;
	size_t	  i;

	v = xcalloc(a->nfindings + 1, sizeof(*v));
	for (i = 0; i < a->nfindings; i++)
		v[i] = fl_key(a->findings[i]);
	qsort(v, a->nfindings, sizeof(*v), fl_cmp);
	*n = a->nfindings;
	return (v);
}

static void
fl_assert_same(const char *changed)
{
	struct audit	*a, *b;
	char		**ka, **kb;
	size_t		  na, nb, i, ours = 0;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", FL_EPOCH, 1), 0);
	a = tu_audit_dir(FL_FLEET, NULL);
	b = tu_audit_dir(changed, NULL);
	/* the same servers: no host for the log's own folder */
	ck_assert_uint_eq(a->nhosts, b->nhosts);
	ka = fl_keys(a, &na);
	kb = fl_keys(b, &nb);
	for (i = 0; i < na && i < nb; i++)
		ck_assert_str_eq(ka[i], kb[i]);
	ck_assert_uint_eq(na, nb);
	for (i = 0; i < na; i++)
		if (strstr(ka[i], " DC01 ") != NULL ||
		    strstr(ka[i], " SQL01 ") != NULL)
			ours++;
	/* the two hosts do have findings to compare */
	ck_assert_uint_ge(ours, 5);
	for (i = 0; i < na; i++)
		free(ka[i]);
	for (i = 0; i < nb; i++)
		free(kb[i]);
	free(ka);
	free(kb);
	tu_audit_free(a);
	tu_audit_free(b);
}

START_TEST(test_osquery_log_same_findings)
{
	const char	*dir = fl_copy();
	char		 path[4096];
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/hq/DC01/osquery-results.log", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fl_convert(fp, dir, "DC01", "dc01.corp.example", 0);
	fl_convert(fp, dir, "SQL01", "SQL01", 0);
	ck_assert_int_eq(fclose(fp), 0);
	fl_assert_same(dir);
}
END_TEST

/* The log in a folder of its own: that folder is no server. */
START_TEST(test_osquery_log_own_folder)
{
	const char	*dir = fl_copy();
	char		 path[4096];
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/hq/osquery", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/hq/osquery/results.log", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fl_convert(fp, dir, "DC01", "dc01.corp.example", 0);
	fl_convert(fp, dir, "SQL01", "sql01", 0);
	ck_assert_int_eq(fclose(fp), 0);
	fl_assert_same(dir);
}
END_TEST

START_TEST(test_velociraptor_hunt_same_findings)
{
	const char	*dir = fl_copy();
	char		 path[4096];
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/hq/SQL01/hunt.csv", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "ClientId,Fqdn,Pid,Name,Family,Type,Status,Laddr.IP,"
	    "Laddr.Port,Raddr.IP,Raddr.Port,Timestamp\n");
	fl_convert(fp, dir, "DC01", "DC01.corp.example", 1);
	fl_convert(fp, dir, "SQL01", "sql01.corp.example", 1);
	ck_assert_int_eq(fclose(fp), 0);
	fl_assert_same(dir);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("fleet_logs");
	tc = tcase_create("example");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_osquery_log_same_findings);
	tcase_add_test(tc, test_osquery_log_own_folder);
	tcase_add_test(tc, test_velociraptor_hunt_same_findings);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
