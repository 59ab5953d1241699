/*
 * compact.c: what an audit keeps of socket lists.  The reports are the
 * same bytes with compaction and without it, on the bundled example fleet,
 * a generated fleet and hand-written fleets; the sockets a rule reads one
 * by one stay records (listeners, a pinned port's sockets when nothing
 * listens on it, Message Queuing's ports) and the others become ports and
 * counts; a setting read after its host's socket list was compacted, or a
 * socket list two hosts share, has the list read again, whole; a kept
 * socket's line is read again from the file, and a file changed since is
 * said, once.  The netstat layouts are those of docs/port-facts.md 5.1.
 * Registry values no rule reads are let go as they are parsed (regkeep.c),
 * and the other files' records own their lines (keeplines.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "render/render.h"
#include "testutil.h"

/* DC01 pins NTDS to 50000 (line 5). */
static const char cc_reg[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"DSA Working Directory\"=\"C:\\\\Windows\\\\NTDS\"\r\n"
    "\"TCP/IP Port\"=dword:0000c350\r\n";

static const char cc_manifest[] =
    TU_MANIFEST_HDR
    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n";

/* The same with an application server. */
static const char cc_manifest_app[] =
    TU_MANIFEST_HDR
    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
    "APP01,hq,app-server,Windows Server 2012 R2\r\n";

/*
 * DC01's connections: 50000 handed out as an ephemeral port (line 9),
 * Message Queuing's 2103 held by a connection (line 10), connections
 * LDAP's listener accepted and ones handed out as ephemeral ports.
 */
static const char cc_netstat[] =
    TU_NETSTAT_ANO
    "  TCP    0.0.0.0:88             0.0.0.0:0              LISTENING       584\r\n"
    "  TCP    0.0.0.0:389            0.0.0.0:0              LISTENING       584\r\n"
    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
    "  TCP    10.1.1.10:50000        10.1.1.50:445          ESTABLISHED     1234\r\n"
    "  TCP    10.1.1.10:2103         10.1.1.60:135          ESTABLISHED     1500\r\n"
    "  TCP    10.1.1.10:389          10.1.1.21:50123        ESTABLISHED     584\r\n"
    "  TCP    10.1.1.10:389          10.1.1.22:50124        ESTABLISHED     584\r\n"
    "  TCP    10.1.1.10:49800        10.1.1.11:389          ESTABLISHED     584\r\n"
    "  TCP    10.1.1.10:49801        10.1.1.11:445          TIME_WAIT       0\r\n"
    "  TCP    10.1.1.10:49802        10.1.1.12:135          SYN_SENT        1234\r\n"
    "  UDP    0.0.0.0:123            *:*                                    1068\r\n"
    "  UDP    10.1.1.10:53000        10.1.1.11:53                           1068\r\n";

/* APP01's. */
static const char cc_netstat_app[] =
    TU_NETSTAT_ANO
    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
    "  TCP    10.1.1.20:50000        10.1.1.10:389          ESTABLISHED     900\r\n"
    "  TCP    10.1.1.20:49700        10.1.1.10:445          ESTABLISHED     4\r\n";

/* The line of cc_netstat that shows 50000 taken. */
#define CC_TAKEN	"  TCP    10.1.1.10:50000        10.1.1.50:445" \
			"          ESTABLISHED     1234"

/* Every report but the PDF and the page, as bytes, for paths; park:
 * what compaction keeps waits on disk for each host's turn (park.c). */
static char *
cc_reports(const char *const *paths, int compact, int park)
{
	char	*all;

	tu_compact = compact;
	tu_park = park;
	all = tu_reports(paths);
	tu_compact = 1;
	tu_park = 0;
	return (all);
}

/* Every pinned port's status in the audit with a plan applied. */
static void
cc_pins(const struct audit *b, void *arg)
{
	const struct hostinfo	*hi;
	const struct pincheck	*pc;
	FILE			*fp = arg;
	size_t			 h, i;

	for (h = 0; h < b->nhosts; h++) {
		hi = &b->hosts[h];
		for (i = 0; i < hi->settings.n; i++) {
			pc = pins_get(hi, &hi->settings.v[i]);
			fprintf(fp, "%s %s %d: %d %d\n", hi->host->name,
			    hi->settings.v[i].rec->u.set.name,
			    hi->settings.v[i].rec->u.set.port, pc->status,
			    pc->sock != NULL ? pc->sock->rec->line : 0);
		}
	}
}

/*
 * plan.csv of paths, the proof's result and the pinned ports' statuses
 * with the plan applied (the after-plan fleet map), as `portaudit plan`
 * compacts (all but the exports) or not.
 */
static char *
cc_plan(const char *const *paths, int compact)
{
	struct template	*t;
	struct audit	*a;
	struct plan	 p;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp;

	tu_compact = compact;
	a = tu_audit(paths, NULL, NULL);
	tu_compact = 1;
	ck_assert_ptr_nonnull(t = template_load("templates/plan.ini"));
	plan_make(a, &p);
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	fprintf(fp, "proof %d, %zu missed\n", plan_verify(a, &p), p.nmiss);
	plan_applied(a, &p, cc_pins, fp);
	ck_assert_int_eq(plancsv_emit(fp, &p, t), 0);
	ck_assert_int_eq(fclose(fp), 0);
	plan_free(&p);
	template_free(t);
	tu_audit_free(a);
	return (buf);
}

/* How many inputs of the audit of paths were compacted. */
static size_t
cc_compacted(const char *const *paths)
{
	struct audit	*a;
	size_t		 i, n = 0;

	a = tu_audit(paths, NULL, NULL);
	for (i = 0; i < a->fleet->ninputs; i++)
		n += a->fleet->inputs[i]->use != NULL;
	tu_audit_free(a);
	return (n);
}

/* The reports of paths with compaction, parked or not, and without. */
static void
cc_same_reports(const char *const *paths)
{
	char	*with, *parked, *without;

	with = cc_reports(paths, 1, 0);
	parked = cc_reports(paths, 1, 1);
	without = cc_reports(paths, 0, 0);
	ck_assert_msg(strcmp(with, without) == 0, "%s: the reports differ "
	    "with compaction", paths[0]);
	ck_assert_msg(strcmp(parked, without) == 0, "%s: the reports differ "
	    "with parked records", paths[0]);
	free(with);
	free(parked);
	free(without);
}

/* The same, and compaction happens. */
static void
cc_same(const char *const *paths)
{
	ck_assert_uint_gt(cc_compacted(paths), 0);
	cc_same_reports(paths);
}

START_TEST(test_same_example_fleet)
{
	const char	*paths[] = { "examples/fleet", NULL };

	cc_same(paths);
}
END_TEST

/* A generated fleet: hundreds of sockets a host, settings, ranges. */
START_TEST(test_same_generated_fleet)
{
	const char	*paths[2];

	paths[0] = tu_fleet_generated(40);
	paths[1] = NULL;
	cc_same(paths);
}
END_TEST

/*
 * Fleet tools' exports that hold many hosts (PowerShell CSV and JSON, an
 * osquery log, a Velociraptor hunt) beside the example fleet's folders:
 * each host's part of an export is compacted once every file is read.
 */
START_TEST(test_same_exports)
{
	const struct input	*in, *sub;
	const char		*paths[2];
	struct audit		*a;
	size_t			 i, parts = 0;

	paths[0] = tu_fleet_exports();
	paths[1] = NULL;
	a = tu_audit(paths, NULL, NULL);
	for (i = 0; i < a->fleet->ninputs; i++) {
		in = a->fleet->inputs[i];
		ck_assert_ptr_null(in->hold);
		for (sub = in->subs; sub != NULL; sub = sub->sub_next)
			parts += sub->use != NULL;
	}
	ck_assert_uint_gt(parts, 0);
	tu_audit_free(a);
	cc_same(paths);
}
END_TEST

/*
 * A PowerShell export of two hosts' connections (Get-NetTCPConnection
 * through Invoke-Command, Export-Csv: one PSComputerName per row) is read
 * first, then DC01's netstat, APP01 and DC01's registry, each in a run of
 * its own: DC01's part of the export waits for every file, so its 50000 is
 * kept as DC01's pin; the netstat, compacted before, is read again.
 */
START_TEST(test_export_before_setting)
{
	static const char ps[] =
	    "#TYPE Deserialized.Microsoft.Management.Infrastructure.CimInstance"
	    "#ROOT/StandardCimv2/MSFT_NetTCPConnection\r\n"
	    "\"LocalAddress\",\"LocalPort\",\"RemoteAddress\",\"RemotePort\","
	    "\"State\",\"AppliedSetting\",\"OwningProcess\",\"CreationTime\","
	    "\"OffloadState\",\"PSComputerName\",\"RunspaceId\","
	    "\"PSShowComputerName\"\r\n"
	    "\"0.0.0.0\",\"389\",\"0.0.0.0\",\"0\",\"Listen\",\"\",\"584\","
	    "\"11/14/2023 8:02:11 AM\",\"InHost\",\"DC01\",\"r1\",\"True\"\r\n"
	    "\"10.1.1.10\",\"50000\",\"10.1.1.50\",\"445\",\"Established\","
	    "\"\",\"1234\",\"11/14/2023 8:02:11 AM\",\"InHost\",\"DC01\","
	    "\"r1\",\"True\"\r\n"
	    "\"10.1.1.10\",\"49800\",\"10.1.1.11\",\"389\",\"Established\","
	    "\"\",\"584\",\"11/14/2023 8:02:11 AM\",\"InHost\",\"DC01\","
	    "\"r1\",\"True\"\r\n"
	    "\"0.0.0.0\",\"135\",\"0.0.0.0\",\"0\",\"Listen\",\"\",\"812\","
	    "\"11/14/2023 8:02:11 AM\",\"InHost\",\"APP01\",\"r2\",\"True\"\r\n"
	    "\"10.1.1.20\",\"50000\",\"10.1.1.10\",\"389\",\"Established\","
	    "\"\",\"900\",\"11/14/2023 8:02:11 AM\",\"InHost\",\"APP01\","
	    "\"r2\",\"True\"\r\n";
	const char	*dir, *paths[5];
	char		 exp[4096], net[4096], app[4096], reg[4096];
	struct audit	*a;
	struct finding	*f;

	dir = tu_fleet("manifest.csv", cc_manifest_app, "exports/tcp.csv", ps,
	    "hq/APP01/netstat.txt", cc_netstat_app, "hq/DC01/registry.reg",
	    cc_reg, "hq/DC01/netstat.txt", cc_netstat, NULL);
	snprintf(exp, sizeof(exp), "%s/exports/tcp.csv", dir);
	snprintf(net, sizeof(net), "%s/hq/DC01/netstat.txt", dir);
	snprintf(app, sizeof(app), "%s/hq/APP01", dir);
	snprintf(reg, sizeof(reg), "%s/hq/DC01/registry.reg", dir);
	paths[0] = exp;
	paths[1] = net;
	paths[2] = app;
	paths[3] = reg;
	paths[4] = NULL;
	a = tu_audit(paths, NULL, NULL);
	ck_assert_ptr_nonnull(f = tu_finding(a, "fixed-port-taken", "DC01",
	    50000));
	ck_assert(tu_ev_has(f, "\"10.1.1.10\",\"50000\""));
	ck_assert(tu_ev_has(f, CC_TAKEN));
	tu_audit_free(a);
	cc_same_reports(paths);
}
END_TEST

/* The plan and its proof are the same with compaction and without. */
START_TEST(test_same_plan)
{
	const char	*paths[2];
	char		*with, *without;

	paths[0] = tu_fleet_generated(60);
	paths[1] = NULL;
	with = cc_plan(paths, 2);
	without = cc_plan(paths, 0);
	ck_assert_str_eq(with, without);
	ck_assert_ptr_nonnull(strstr(with, "proof 0, 0 missed\n"));
	free(with);
	free(without);
	paths[0] = "examples/fleet";
	with = cc_plan(paths, 2);
	without = cc_plan(paths, 0);
	ck_assert_str_eq(with, without);
	free(with);
	free(without);
}
END_TEST

/*
 * Three domain controllers of a site pin NTDS to 5000, 5001 and 5000: the
 * plan moves DC02 to 5000.  DC01's listener on 5000 accepted connections,
 * which compaction let go: the plan is the same as with every record.
 */
START_TEST(test_plan_own_use)
{
	static const char man[] =
	    TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "DC02,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "DC03,hq,domain-controller,Windows Server 2012 R2\r\n";
	static const char reg1[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00001388\r\n";
	static const char reg2[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00001389\r\n";
	static const char ns1[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  TCP    0.0.0.0:5000           0.0.0.0:0              LISTENING       584\r\n"
	    "  TCP    10.1.1.10:5000         10.1.1.21:50123        ESTABLISHED     584\r\n"
	    "  TCP    10.1.1.10:5000         10.1.1.22:50124        ESTABLISHED     584\r\n"
	    "  TCP    10.1.1.10:5000         10.1.1.23:50125        ESTABLISHED     584\r\n";
	static const char ns2[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  TCP    0.0.0.0:5001           0.0.0.0:0              LISTENING       590\r\n";
	const char	*paths[2];
	char		*with, *without;

	paths[0] = tu_fleet("manifest.csv", man,
	    "hq/DC01/registry.reg", reg1, "hq/DC01/netstat.txt", ns1,
	    "hq/DC02/registry.reg", reg2, "hq/DC02/netstat.txt", ns2,
	    "hq/DC03/registry.reg", reg1, "hq/DC03/netstat.txt", ns1, NULL);
	paths[1] = NULL;
	with = cc_plan(paths, 2);
	without = cc_plan(paths, 0);
	ck_assert_str_eq(with, without);
	ck_assert_ptr_nonnull(strstr(with, "\"DC02\",\"hq\",\"port\","));
	ck_assert_ptr_nonnull(strstr(with, ",\"tcp\",5001,5000,"));
	free(with);
	free(without);
}
END_TEST

/* A port a plan moves a setting to, whose connections were let go: the
 * list is read again whole, once. */
START_TEST(test_need)
{
	const struct input	*in;
	struct audit		*a;
	struct host		*h;

	a = tu_audit_dir(tu_fleet("manifest.csv", cc_manifest,
	    "hq/DC01/registry.reg", cc_reg, "hq/DC01/netstat.txt", cc_netstat,
	    NULL), NULL);
	h = (struct host *)tu_host(a, "DC01")->host;
	in = tu_host(a, "DC01")->sockets.v[0].in;
	ck_assert_ptr_nonnull(in->use);
	ck_assert_int_eq(compact_need(a->fleet, h, 135), 0);	/* kept */
	ck_assert_int_eq(compact_need(a->fleet, h, 40000), 0);	/* unused */
	ck_assert_ptr_nonnull(in->use);
	ck_assert_int_eq(compact_need(a->fleet, h, 49801), 1);
	ck_assert_ptr_null(in->use);
	ck_assert_int_eq(tu_count((struct input *)in, REC_SOCKET), 12);
	ck_assert_int_eq(compact_need(a->fleet, h, 49801), 0);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_kept)
{
	const struct hostinfo	*hi;
	const struct sockrec	*k;
	const struct sockuse	*u;
	struct audit		*a;
	struct finding		*f;
	size_t			 i;
	int			 saw50000 = 0, saw2103 = 0;

	a = tu_audit_dir(tu_fleet("manifest.csv", cc_manifest,
	    "hq/DC01/registry.reg", cc_reg, "hq/DC01/netstat.txt", cc_netstat,
	    NULL), NULL);
	hi = tu_host(a, "DC01");
	/* Listeners (3 TCP, 1 UDP), 50000 and 2103 stay records. */
	ck_assert_uint_eq(hi->sockets.n, 6);
	for (i = 0; i < hi->sockets.n; i++) {
		k = &hi->sockets.v[i].rec->u.sock;
		ck_assert_ptr_null(hi->sockets.v[i].rec->text);
		saw50000 |= k->local_port == 50000;
		saw2103 |= k->local_port == 2103;
		ck_assert_msg(k->state == ST_LISTEN || k->local_port == 123 ||
		    k->local_port == 50000 || k->local_port == 2103,
		    "kept %d", k->local_port);
	}
	ck_assert(saw50000 && saw2103);
	/* The rest: ports and counts. */
	ck_assert_uint_eq(hi->nuses, 1);
	u = hi->uses[0];
	ck_assert_uint_eq(u->established, 3);
	ck_assert_uint_eq(u->time_wait, 1);
	ck_assert_uint_eq(u->other, 2);		/* SYN_SENT, udp 53000 */
	ck_assert_uint_eq(u->nports[0], 4);	/* 389 and 49800-49802 */
	ck_assert_uint_eq(u->nports[1], 1);	/* 53000 */
	ck_assert_int_eq(sockuse_dropped(u, 0, 389), 1);
	ck_assert_int_eq(sockuse_dropped(u, 0, 50000), 0);
	ck_assert_int_eq(sockuse_dropped(u, 1, 53000), 1);
	ck_assert_int_eq(sockuse_dropped(u, 0, 53000), 0);
	ck_assert_ptr_null(hi->sockets.v[0].in->buf);
	/* The finding quotes the line as the file has it. */
	ck_assert_ptr_nonnull(f = tu_finding(a, "fixed-port-taken", "DC01",
	    50000));
	ck_assert(tu_ev_has(f, CC_TAKEN));
	ck_assert_uint_eq(hi->used_ephemeral[PI_TCP], 4);
	ck_assert_int_eq(hi->highest_used[PI_TCP], 50000);
	tu_audit_free(a);
}
END_TEST

/*
 * DC01's netstat is read and compacted before its registry (paths given
 * apart): 50000 was no port of interest then, so the list is read again.
 */
START_TEST(test_setting_later)
{
	const char	*dir;
	char		 net[4096], reg[4096], man[4096];
	const char	*paths[4];
	struct audit	*a;
	struct finding	*f;

	dir = tu_fleet("manifest.csv", cc_manifest_app, "hq/DC01/registry.reg",
	    cc_reg, "hq/DC01/netstat.txt", cc_netstat, "hq/APP01/netstat.txt",
	    cc_netstat_app, NULL);
	snprintf(net, sizeof(net), "%s/hq/DC01/netstat.txt", dir);
	snprintf(man, sizeof(man), "%s/hq/APP01/netstat.txt", dir);
	snprintf(reg, sizeof(reg), "%s/hq/DC01/registry.reg", dir);
	paths[0] = net;
	paths[1] = man;
	paths[2] = reg;
	paths[3] = NULL;
	a = tu_audit(paths, NULL, NULL);
	ck_assert_ptr_nonnull(f = tu_finding(a, "fixed-port-taken", "DC01",
	    50000));
	ck_assert(tu_ev_has(f, CC_TAKEN));
	/* Read again whole: no compaction left for DC01's list. */
	ck_assert_ptr_null(tu_host(a, "DC01")->sockets.v[0].in->use);
	ck_assert_ptr_nonnull(tu_host(a, "APP01")->sockets.v[0].in->use);
	tu_audit_free(a);
	cc_same_reports(paths);
}
END_TEST

/*
 * APP01 and DC01 hold byte-identical netstat files, read once; only DC01
 * pins 50000.  Whichever host's settings compacted the list, DC01's
 * finding is whole.
 */
START_TEST(test_shared_list)
{
	const char	*paths[2];
	struct audit	*a;
	struct finding	*f;

	paths[0] = tu_fleet("manifest.csv", cc_manifest_app,
	    "hq/APP01/netstat.txt", cc_netstat, "hq/DC01/registry.reg", cc_reg,
	    "hq/DC01/netstat.txt", cc_netstat, NULL);
	paths[1] = NULL;
	a = tu_audit(paths, NULL, NULL);
	ck_assert_ptr_nonnull(f = tu_finding(a, "fixed-port-taken", "DC01",
	    50000));
	ck_assert(tu_ev_has(f, CC_TAKEN));
	/* APP01's settings compacted it first: DC01's read it again. */
	ck_assert_ptr_null(tu_host(a, "DC01")->sockets.v[0].rec->in->use);
	ck_assert_uint_eq(tu_host(a, "APP01")->sockets.n, 12);
	tu_audit_free(a);
	cc_same_reports(paths);
}
END_TEST

/*
 * netstat -ano shows 50000 held by PID 1234; netstat -anob of the same
 * host names PID 1234's image only on a connection compaction lets go.
 */
START_TEST(test_pid_image)
{
	static const char anob[] =
	    "\r\nActive Connections\r\n\r\n"
	    "  Proto  Local Address          Foreign Address        State           PID\r\n"
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n"
	    "  TCP    10.1.1.10:49900        10.1.1.70:443          ESTABLISHED     1234\r\n"
	    " [backup.exe]\r\n";
	const char	*paths[2];
	struct audit	*a;
	struct finding	*f;

	paths[0] = tu_fleet("manifest.csv", cc_manifest,
	    "hq/DC01/registry.reg", cc_reg, "hq/DC01/netstat-ano.txt",
	    cc_netstat, "hq/DC01/netstat-anob.txt", anob, NULL);
	paths[1] = NULL;
	a = tu_audit(paths, NULL, NULL);
	ck_assert_ptr_nonnull(f = tu_finding(a, "fixed-port-taken", "DC01",
	    50000));
	ck_assert_str_eq(finding_get(f, "process"), "backup.exe");
	tu_audit_free(a);
	cc_same(paths);
}
END_TEST

/* A kept socket's line, read again from a file changed since: said once. */
START_TEST(test_changed)
{
	const struct hostinfo	*hi;
	const struct record	*r = NULL;
	struct audit		*a;
	const char		*dir;
	char			 path[4096], *msg = NULL;
	size_t			 len = 0, i;
	FILE			*fp, *was;

	dir = tu_fleet("manifest.csv", cc_manifest, "hq/DC01/registry.reg",
	    cc_reg, "hq/DC01/netstat.txt", cc_netstat, NULL);
	a = tu_audit_dir(dir, NULL);
	hi = tu_host(a, "DC01");
	for (i = 0; i < hi->sockets.n; i++)
		if (hi->sockets.v[i].rec->u.sock.local_port == 135)
			r = hi->sockets.v[i].rec;
	ck_assert_ptr_nonnull(r);
	record_text_flush();
	ck_assert_str_eq(record_text(r), "  TCP    0.0.0.0:135            "
	    "0.0.0.0:0              LISTENING       812");
	/* The same length, other bytes. */
	snprintf(path, sizeof(path), "%s/hq/DC01/netstat.txt", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "r+"));
	ck_assert_int_eq(fseek(fp, -3, SEEK_END), 0);
	ck_assert_int_eq(fputc('9', fp), '9');
	ck_assert_int_eq(fclose(fp), 0);
	record_text_flush();
	ck_assert_ptr_nonnull(fp = open_memstream(&msg, &len));
	was = diag_to;
	diag_to = fp;
	diag_quiet = 0;
	ck_assert_str_eq(record_text(r), "");
	record_text_flush();
	ck_assert_str_eq(record_text(r), "");
	diag_to = was;
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_msg(strstr(msg, "netstat.txt: error: file changed while the "
	    "audit read it: the lines of it the reports quote are left out") !=
	    NULL, "%s", msg);
	/* Said once, though read twice. */
	ck_assert_ptr_null(strstr(strstr(msg, "file changed") + 1,
	    "file changed"));
	free(msg);
	tu_audit_free(a);
}
END_TEST

/*
 * DC01's registry: NTDS's port (the knowledge base's), values of keys the
 * rules read again (a DNS server's, SQL Server's IPAll and instance names,
 * a key of data/defaults.csv, the OS), a deleted key, and 400 values of
 * keys nobody reads.
 */
static char *
cc_reg_many(void)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;
	int	 i;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	fputs(TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:0000c350\r\n\r\n"
	    TU_KEY_SVC("DNS\\Parameters")
	    "\"EnableEDNSProbes\"=dword:00000000\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL12.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]"
	    "\r\n\"TcpPort\"=\"1433\"\r\n\"TcpDynamicPorts\"=\"0\"\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "Instance Names\\SQL]\r\n"
	    "\"MSSQLSERVER\"=\"MSSQL12.MSSQLSERVER\"\r\n\r\n"
	    TU_KEY_SVC("MSExchangeMTA\\Parameters")
	    "\"Kerberos\"=dword:00000001\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\"
	    "CurrentVersion]\r\n"
	    "\"ProductName\"=\"Windows Server 2012 R2 Standard\"\r\n\r\n"
	    "[-HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Old]"
	    "\r\n\r\n", fp);
	for (i = 0; i < 200; i++)
		fprintf(fp, TU_KEY_SVC("Svc%03d") "\"Start\"=dword:00000003\r\n"
		    "\"DisplayName\"=\"Service %d\"\r\n\r\n", i, i);
	ck_assert_int_eq(fclose(fp), 0);
	return (buf);
}

/* The registry input of an audit of paths. */
static const struct input *
cc_registry(const struct audit *a)
{
	size_t	 i;

	for (i = 0; i < a->fleet->ninputs; i++)
		if (strstr(a->fleet->inputs[i]->path, "registry.reg") != NULL)
			return (a->fleet->inputs[i]);
	ck_abort_msg("no registry input");
	return (NULL);
}

/* The names of its value records, one line each ("-" for a key). */
static char *
cc_values(const struct input *in)
{
	const struct record	*r;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_REGVALUE)
			fprintf(fp, "%s\n", r->u.reg.name != NULL ?
			    r->u.reg.name : "-");
	ck_assert_int_eq(fclose(fp), 0);
	return (buf);
}

START_TEST(test_values_let_go)
{
	const struct input	*in;
	const char		*paths[2];
	struct audit		*a;
	unsigned long		 records, lines;
	char			*reg, *v;

	reg = cc_reg_many();
	paths[0] = tu_fleet("manifest.csv", cc_manifest,
	    "hq/DC01/registry.reg", reg, "hq/DC01/netstat.txt", cc_netstat,
	    NULL);
	paths[1] = NULL;
	free(reg);
	tu_compact = 0;
	a = tu_audit(paths, NULL, NULL);
	tu_compact = 1;
	in = cc_registry(a);
	records = in->records;
	lines = in->lines_record;
	v = cc_values(in);
	ck_assert_ptr_nonnull(strstr(v, "DisplayName\n"));
	free(v);
	tu_audit_free(a);

	a = tu_audit(paths, NULL, NULL);
	in = cc_registry(a);
	v = cc_values(in);
	ck_assert_str_eq(v, "TCP/IP Port\nEnableEDNSProbes\nTcpPort\n"
	    "TcpDynamicPorts\nMSSQLSERVER\nKerberos\nProductName\n-\n");
	free(v);
	/* Each value's line is still a record's. */
	ck_assert_uint_eq(in->records, records);
	ck_assert_uint_eq(in->lines_record, lines);
	ck_assert_uint_ge(records, 408);
	tu_audit_free(a);
	cc_same_reports(paths);
}
END_TEST

/* The input of an audit whose path ends in name. */
static const struct input *
cc_input(const struct audit *a, const char *name)
{
	size_t	 i, n = strlen(name), k;

	for (i = 0; i < a->fleet->ninputs; i++) {
		k = strlen(a->fleet->inputs[i]->path);
		if (k >= n && strcmp(a->fleet->inputs[i]->path + k - n,
		    name) == 0)
			return (a->fleet->inputs[i]);
	}
	ck_abort_msg("no input %s", name);
	return (NULL);
}

/*
 * A SYSTEM hive and `reg query /s` output let go of the values no rule
 * reads (a DHCPv6 DUID, the host name, the hosts file's folder) and keep
 * the knowledge base's (MaxUserPort, NTDS's port).
 */
START_TEST(test_values_let_go_hive_query)
{
	static const char *const files[] = {
		"tests/fixtures/reg_hive/system.hive",
		"tests/fixtures/reg_query/dc01-tcpip-parameters-query-s.txt"
	};
	const struct input	*in;
	const char		*paths[2];
	struct audit		*a;
	unsigned long		 records;
	char			*all, *kept;
	size_t			 i;

	for (i = 0; i < 2; i++) {
		paths[0] = files[i];
		paths[1] = NULL;
		tu_compact = 0;
		a = tu_audit(paths, NULL, NULL);
		tu_compact = 1;
		in = cc_input(a, strrchr(files[i], '/'));
		records = in->records;
		all = cc_values(in);
		tu_audit_free(a);
		a = tu_audit(paths, NULL, NULL);
		in = cc_input(a, strrchr(files[i], '/'));
		kept = cc_values(in);
		ck_assert_uint_eq(in->records, records);
		ck_assert_ptr_nonnull(strstr(all, "Hostname\n"));
		ck_assert_ptr_null(strstr(kept, "Hostname\n"));
		ck_assert_ptr_nonnull(strstr(kept, "MaxUserPort\n"));
		ck_assert_uint_lt(strlen(kept), strlen(all));
		free(all);
		free(kept);
		tu_audit_free(a);
		cc_same_reports(paths);
	}
}
END_TEST

/*
 * A registry export read: its text goes, its records keep their lines,
 * and a value and the setting made of it share one.
 */
START_TEST(test_lines_owned)
{
	const struct record	*r, *val = NULL, *set = NULL;
	const struct input	*in;
	const char		*paths[2];
	struct audit		*a;

	paths[0] = tu_fleet("manifest.csv", cc_manifest,
	    "hq/DC01/registry.reg", cc_reg, NULL);
	paths[1] = NULL;
	a = tu_audit(paths, NULL, NULL);
	in = cc_registry(a);
	ck_assert_ptr_null(in->buf);
	for (r = in->first; r != NULL; r = r->next)
		if (r->line == 5 && r->kind == REC_REGVALUE)
			val = r;
		else if (r->line == 5 && r->kind == REC_SETTING)
			set = r;
	ck_assert_ptr_nonnull(val);
	ck_assert_ptr_nonnull(set);
	ck_assert_str_eq(record_text(set), "\"TCP/IP Port\"=dword:0000c350");
	ck_assert_ptr_eq(set->text, val->text);
	tu_audit_free(a);

	tu_compact = 0;
	a = tu_audit(paths, NULL, NULL);
	tu_compact = 1;
	ck_assert_ptr_nonnull(cc_registry(a)->buf);
	tu_audit_free(a);
	cc_same_reports(paths);
}
END_TEST

static Suite *
check_compact_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("compact");
	tc = tcase_create("compact");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_same_example_fleet);
	tcase_add_test(tc, test_same_generated_fleet);
	tcase_add_test(tc, test_same_exports);
	tcase_add_test(tc, test_export_before_setting);
	tcase_add_test(tc, test_same_plan);
	tcase_add_test(tc, test_plan_own_use);
	tcase_add_test(tc, test_need);
	tcase_add_test(tc, test_kept);
	tcase_add_test(tc, test_setting_later);
	tcase_add_test(tc, test_shared_list);
	tcase_add_test(tc, test_pid_image);
	tcase_add_test(tc, test_changed);
	tcase_add_test(tc, test_values_let_go);
	tcase_add_test(tc, test_values_let_go_hive_query);
	tcase_add_test(tc, test_lines_owned);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(check_compact_suite()));
}
