/*
 * Check suite for analysis/plan.c and analysis/planproof.c: the ports a
 * plan proposes under each constraint (a port used on one host of a site
 * is never proposed for the site, the policy's firewall ranges, one port
 * per setting and site, never two settings on one port, NT 4.0 above
 * MaxUserPort, a port sound hosts hold kept), the unplannable case with
 * its reasons, and the proof by auditing again in memory, which must
 * catch a bad plan.  The fleets are
 * small .reg exports and netstat captures in the dialects the collector
 * suites document; the end-to-end case is the bundled example fleet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define FLEET		"examples/fleet"
#define EPOCH		"1767225600"	/* 2026-01-01 */

static const char check_plan_manifest[] =
    TU_MANIFEST_HDR
    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
    "DC02,hq,domain-controller,Windows Server 2012 R2\r\n";

/* NTDS on 50000: inside 49152-65535, the default pool of 2012 R2. */
static const char check_plan_reg_ntds[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"TCP/IP Port\"=dword:0000c350\r\n";

/* NTDS on 50000 and Netlogon on 50001, both inside the pool. */
static const char check_plan_reg_both[] =
    TU_REG_HDR
    TU_KEY_SVC("NTDS\\Parameters")
    "\"TCP/IP Port\"=dword:0000c350\r\n"
    "\r\n"
    TU_KEY_SVC("Netlogon\\Parameters")
    "\"DCTcpipPort\"=dword:0000c351\r\n";

/* DC02 holds 1024 as the local end of a connection, listens on 1025. */
static const char check_plan_netstat_dc02[] =
    TU_NETSTAT_ANO
    "  TCP    0.0.0.0:1025           0.0.0.0:0              LISTENING       1312\r\n"
    " [spoolsv.exe]\r\n"
    "  TCP    10.10.1.11:1024        10.10.1.50:445         ESTABLISHED     4\r\n"
    " Can not obtain ownership information\r\n";

/* The changes of a plan for host, or NULL. */
static const struct plan_change *
check_plan_for(const struct plan *p, const char *host, const char *value)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].hi->host->name, host) == 0 &&
		    strcmp(p->v[i].set->rec->u.set.name, value) == 0)
			return (&p->v[i]);
	return (NULL);
}

/* Whether some socket of the host has port as its local port. */
static int
check_plan_in_use(const struct hostinfo *hi, int port)
{
	size_t	 i;

	for (i = 0; i < hi->sockets.n; i++)
		if (hi->sockets.v[i].rec->u.sock.local_port == port)
			return (1);
	return (0);
}

START_TEST(test_used_on_one_host_never_proposed)
{
	const struct plan_change	*c1, *c2;
	struct audit			*a;
	struct plan			 p;
	size_t				 i;

	a = tu_audit_dir(tu_fleet("manifest.csv", check_plan_manifest,
	    "hq/DC01/registry.reg", check_plan_reg_ntds,
	    "hq/DC02/registry.reg", check_plan_reg_ntds,
	    "hq/DC02/netstat.txt", check_plan_netstat_dc02, NULL), NULL);
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-in-ephemeral",
	    "DC01", 50000));
	plan_make(a, &p);
	c1 = check_plan_for(&p, "DC01", "TCP/IP Port");
	c2 = check_plan_for(&p, "DC02", "TCP/IP Port");
	ck_assert_ptr_nonnull(c1);
	ck_assert_ptr_nonnull(c2);
	/* One port for the site, on DC01 too, though DC01 uses neither. */
	ck_assert_int_eq(c1->to, c2->to);
	ck_assert_int_ge(c1->to, 1024);
	for (i = 0; i < a->nhosts; i++) {
		ck_assert(!check_plan_in_use(&a->hosts[i], c1->to));
		ck_assert(!ranges_in_ephemeral(&a->hosts[i], PI_TCP, c1->to));
	}
	/* 1024 and 1025 are DC02's: the first free port follows. */
	ck_assert_int_eq(c1->to, 1026);
	ck_assert_uint_gt(c1->ncures, 0);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_policy_range_honoured)
{
	static const char policy[] =
	    "; hq firewall lets 3000-3100 through\n"
	    "[site hq]\n"
	    "allow = 3000-3100\n";
	const struct plan_change	*c;
	struct audit			*a;
	struct plan			 p;
	const char			*pol;

	pol = tu_write_temp(policy, strlen(policy), "policy.ini");
	a = tu_audit_dir(tu_fleet("manifest.csv", check_plan_manifest,
	    "hq/DC01/registry.reg", check_plan_reg_ntds, NULL), pol);
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "DC01", "TCP/IP Port"));
	ck_assert_int_ge(c->to, 3000);
	ck_assert_int_le(c->to, 3100);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_two_settings_two_ports)
{
	const struct plan_change	*ntds, *netlogon;
	struct audit			*a;
	struct plan			 p;

	a = tu_audit_dir(tu_fleet("manifest.csv", check_plan_manifest,
	    "hq/DC01/registry.reg", check_plan_reg_both,
	    "hq/DC02/registry.reg", check_plan_reg_both, NULL), NULL);
	plan_make(a, &p);
	ntds = check_plan_for(&p, "DC01", "TCP/IP Port");
	netlogon = check_plan_for(&p, "DC01", "DCTcpipPort");
	ck_assert_ptr_nonnull(ntds);
	ck_assert_ptr_nonnull(netlogon);
	ck_assert_int_gt(ntds->to, 0);
	ck_assert_int_gt(netlogon->to, 0);
	ck_assert_int_ne(ntds->to, netlogon->to);
	ck_assert_int_eq(check_plan_for(&p, "DC02", "TCP/IP Port")->to,
	    ntds->to);
	ck_assert_int_eq(check_plan_for(&p, "DC02", "DCTcpipPort")->to,
	    netlogon->to);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_nt4_above_maxuserport)
{
	const struct plan_change	*c;
	const struct hostinfo		*hi;
	struct audit			*a;
	struct plan			 p;
	char				 reg[256];

	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "EXCH01,hq,exchange-5.5,Windows NT 4.0 SP6a\r\n",
	    "hq/EXCH01/registry.reg", tu_reg_ds(reg, sizeof(reg), 1200),
	    NULL), NULL);
	hi = tu_host(a, "EXCH01");
	ck_assert(hi->os.legacy);
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "EXCH01", "TCP/IP port"));
	ck_assert_int_gt(c->to, hi->ephemeral[PI_TCP].last);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_sound_port_kept)
{
	static const char rdp3389[] =
	    TU_REG_HDR
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:00000d3d\r\n";
	static const char rdp3390[] =
	    TU_REG_HDR
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:00000d3e\r\n";
	static const char listen3389[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:3389           0.0.0.0:0              LISTENING       1104\r\n"
	    "  TermService\r\n"
	    " [svchost.exe]\r\n";
	const struct plan_change	*c;
	struct audit			*a;
	struct plan			 p;

	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC01,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "DC02,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "DC03,hq,domain-controller,Windows Server 2012 R2\r\n"
	    "APP01,hq,app-server,Windows Server 2012 R2\r\n",
	    "hq/APP01/netstat.txt", listen3389,
	    "hq/DC01/registry.reg", rdp3389,
	    "hq/DC01/netstat.txt", listen3389,
	    "hq/DC02/registry.reg", rdp3389,
	    "hq/DC02/netstat.txt", listen3389,
	    "hq/DC03/registry.reg", rdp3390, NULL), NULL);
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-inconsistent", "DC03",
	    3390));
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "DC03", "PortNumber"));
	ck_assert_int_eq(c->to, 3389);
	ck_assert_int_eq(c->how, PLAN_KEEP);
	ck_assert_ptr_null(check_plan_for(&p, "DC01", "PortNumber"));
	ck_assert_ptr_null(check_plan_for(&p, "DC02", "PortNumber"));
	/* APP01 listens on 3389 but carries no such setting: no matter. */
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_unplannable_says_why)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00000401\r\n"
	    "\r\n"
	    TU_KEY_SVC("Tcpip\\Parameters")
	    "\"MaxUserPort\"=dword:0000fffe\r\n";
	static const char policy[] =
	    "[site hq]\n"
	    "allow = 5000-6000\n";
	const struct plan_change	*c;
	struct audit			*a;
	struct plan			 p;
	size_t				 i;
	int				 eph = 0, pol = 0;

	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC02,hq,domain-controller,Windows Server 2003 SP2\r\n",
	    "hq/DC02/registry.reg", reg, NULL), tu_write_temp(policy,
	    strlen(policy), "policy.ini"));
	ck_assert_ptr_nonnull(tu_finding(a, "fixed-port-in-ephemeral", "DC02",
	    1025));
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "DC02", "TCP/IP Port"));
	ck_assert_int_eq(c->to, -1);
	ck_assert_uint_eq(p.nmoved, 0);
	ck_assert_uint_gt(c->ncures, 0);	/* the findings it leaves */
	for (i = 0; i < c->nwhy; i++) {
		if (c->why[i].c == SC_EPHEMERAL && c->why[i].first == 5001)
			eph = c->why[i].ports;
		if (c->why[i].c == SC_POLICY && c->why[i].first == 5001)
			pol = c->why[i].ports;
	}
	ck_assert_int_eq(eph, 49151 - 5001 + 1);
	ck_assert_int_eq(pol, 49151 - 6001 + 1);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

/* The example fleet, planned. */
static struct audit *
check_plan_example(struct plan *p)
{
	static const char *const paths[] = { FLEET, NULL };
	struct audit	*a;

	a = tu_audit(paths, NULL, NULL);
	plan_make(a, p);
	return (a);
}

START_TEST(test_proof_holds_and_restores)
{
	struct audit	*a;
	struct plan	 p;
	size_t		 i, nfindings;

	a = check_plan_example(&p);
	nfindings = a->nfindings;
	ck_assert_uint_gt(p.nmoved, 0);
	ck_assert_uint_gt(p.nclaimed, 0);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	ck_assert_uint_eq(p.nmiss, 0);
	ck_assert_uint_gt(p.nchecked, 0);
	ck_assert_uint_lt(p.nchecked, nfindings);
	ck_assert_uint_eq(a->nfindings, nfindings);
	for (i = 0; i < p.n; i++)
		ck_assert_int_eq(p.v[i].set->rec->u.set.port, p.v[i].from);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

/*
 * APP01's DCOM server listens on 50617, inside 2012 R2's pool, where its
 * AppID's Endpoints pin it (netstat -anob names dcomapp.exe; the
 * knowledge base names no owner image).  Moved, the server listens on its
 * new port once restarted, so its listener goes along in the proof; left
 * on 50617, unpinned, it would be a new listener-in-ephemeral and fail
 * the proof.  Put back after.
 */
START_TEST(test_proof_moves_the_listener)
{
	static const char reg[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\"
	    "{78F87E62-A602-4ED7-8BF2-0B2F5F8CB34C}]\r\n"
	    "@=\"Fabrikam Label Service\"\r\n"
	    "\"Endpoints\"=hex(7):6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,00,63,00,70,00,2c,00,30,00,2c,00,35,00,30,00,36,00,31,00,37,00,00,00,00,00\r\n";
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       812\r\n"
	    "  RpcSs\r\n"
	    " [svchost.exe]\r\n"
	    "  TCP    0.0.0.0:50617          0.0.0.0:0              LISTENING       8460\r\n"
	    " [dcomapp.exe]\r\n"
	    "  TCP    10.1.3.19:50617        10.100.3.17:63395      ESTABLISHED     8460\r\n"
	    " [dcomapp.exe]\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2012 R2\r\n";
	const struct plan_change	*c;
	const struct hostinfo		*hi;
	struct audit			*a;
	struct plan			 p;
	size_t				 i, n = 0;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/APP01/registry.reg", reg, "hq/APP01/netstat.txt", netstat,
	    NULL), NULL);
	hi = tu_host(a, "APP01");
	ck_assert_uint_eq(hi->settings.n, 1);
	ck_assert_int_eq(pins_get(hi, &hi->settings.v[0])->status,
	    PINST_OWNER_NOT_KNOWN);
	ck_assert_int_eq(tu_nfindings(a, "listener-in-ephemeral", "APP01"), 0);
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "APP01", "Endpoints"));
	ck_assert_int_gt(c->to, 0);
	ck_assert_int_ne(c->to, 50617);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	ck_assert_uint_eq(p.nmiss, 0);
	/* The listener is back on 50617. */
	for (i = 0; i < hi->sockets.n; i++)
		n += hi->sockets.v[i].rec->u.sock.local_port == 50617 &&
		    hi->sockets.v[i].rec->u.sock.state == ST_LISTEN;
	ck_assert_uint_eq(n, 1);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

/* The status of RDP's PortNumber in the audit with the plan applied. */
static void
check_plan_rdp_status(const struct audit *b, void *arg)
{
	const struct hostinfo	*hi = tu_host(b, "RDS01");
	size_t			 i;

	for (i = 0; i < hi->settings.n; i++)
		if (strcmp(hi->settings.v[i].rec->u.set.name,
		    "PortNumber") == 0)
			*(int *)arg = pins_get(hi, &hi->settings.v[i])->status;
}

/*
 * RDS01's DCOM server and RDP are both pinned to 3392, where TermService
 * listens (and has accepted a connection): the plan moves the DCOM server
 * and leaves RDP.  The listener stays RDP's in the proof.
 */
START_TEST(test_proof_leaves_a_shared_listener)
{
	static const char reg[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\"
	    "{5E045C44-B690-4E71-B5FF-258266A8CDCE}]\r\n"
	    "@=\"Fabrikam Scan Service\"\r\n"
	    "\"Endpoints\"=hex(7):6e,00,63,00,61,00,63,00,6e,00,5f,00,69,00,70,00,5f,00,74,00,63,00,70,00,2c,00,30,00,2c,00,33,00,33,00,39,00,32,00,00,00,00,00\r\n"
	    "\r\n"
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:00000d40\r\n";
	static const char netstat[] =
	    TU_NETSTAT_ANO
	    "  TCP    0.0.0.0:3392           0.0.0.0:0              LISTENING       3896\r\n"
	    "  TermService\r\n"
	    " [svchost.exe]\r\n"
	    "  TCP    10.1.4.47:3392         10.100.4.108:63968     ESTABLISHED     3896\r\n"
	    "  TermService\r\n"
	    " [svchost.exe]\r\n";
	static const char manifest[] =
	    TU_MANIFEST_HDR
	    "RDS01,hq,rds-server,Windows Server 2012 R2\r\n";
	const struct plan_change	*c;
	struct audit			*a;
	struct plan			 p;
	int				 st = -1;

	a = tu_audit_dir(tu_fleet("manifest.csv", manifest,
	    "hq/RDS01/registry.reg", reg, "hq/RDS01/netstat.txt", netstat,
	    NULL), NULL);
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "RDS01", "Endpoints"));
	ck_assert_int_gt(c->to, 0);
	c = check_plan_for(&p, "RDS01", "PortNumber");
	ck_assert(c == NULL || c->to < 0);
	plan_applied(a, &p, check_plan_rdp_status, &st);
	ck_assert_int_eq(st, PINST_VERIFIED);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_proof_catches_a_bad_plan)
{
	struct plan_change	*c = NULL;
	struct audit		*a;
	struct plan		 p;
	size_t			 i;
	int			 caught = 0;

	a = check_plan_example(&p);
	for (i = 0; i < p.n; i++)
		if (strcmp(p.v[i].hi->host->name, "DC01") == 0 &&
		    strcmp(p.v[i].set->rec->u.set.name, "TCP/IP Port") == 0)
			c = &p.v[i];
	ck_assert_ptr_nonnull(c);
	/* Inside DC01's ephemeral range: the cure claimed cannot hold. */
	c->to = 50500;
	ck_assert_int_eq(plan_verify(a, &p), -1);
	for (i = 0; i < p.nmiss; i++)
		caught |= strcmp(p.miss[i].rule, "fixed-port-in-ephemeral") ==
		    0 && strcmp(p.miss[i].host, "DC01") == 0;
	ck_assert(caught);
	ck_assert_int_eq(c->set->rec->u.set.port, 50000);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

START_TEST(test_plan_csv)
{
	const char		*out = tu_outdir();
	struct tu_csv		 t;
	const struct tu_csv_row	*r, *q;
	size_t			 i, j, moved = 0, excluded = 0, deleted = 0;
	char			*first, *second, path[4096];
	size_t			 n1, n2;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	/* 1: the branch site has settings no port fits. */
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --out %s %s", out,
	    FLEET), 1);
	tu_csv_report(out, "plan.csv", &t);
	ck_assert_int_eq(t.v[0].n, 10);
	ck_assert_str_eq(t.v[0].f[0], "host");
	ck_assert_str_eq(t.v[0].f[9], "reason");
	for (i = 1; i < t.n; i++) {
		r = &t.v[i];
		ck_assert_int_eq(r->n, 10);
		ck_assert(*r->f[9] != '\0');
		if (strcmp(r->f[2], "excludedportrange") == 0) {
			/* FS01: MSMQ's port in WinNAT's block. */
			ck_assert_str_eq(r->f[0], "FS01");
			ck_assert_str_eq(r->f[6], "50060-50159");
			ck_assert_str_eq(r->f[7], "50100");
			excluded++;
			continue;
		}
		if (strcmp(r->f[2], "delete-value") == 0) {
			/* LDS01 (2019): values Windows ignores there. */
			ck_assert_str_eq(r->f[0], "LDS01");
			ck_assert(strcmp(r->f[4], "MaxUserPort") == 0 ||
			    strcmp(r->f[4], "ReservedPorts") == 0);
			ck_assert_str_eq(r->f[7], "deleted");
			deleted++;
			continue;
		}
		ck_assert(strcmp(r->f[2], "port") == 0 ||
		    strcmp(r->f[2], "unplanned") == 0);
		if (strcmp(r->f[2], "port") != 0) {
			ck_assert_str_eq(r->f[7], "");
			continue;
		}
		moved++;
		ck_assert_int_gt(atoi(r->f[7]), 0);
		ck_assert_str_ne(r->f[6], r->f[7]);
		/* One port per site, value and protocol. */
		for (j = 1; j < t.n; j++) {
			q = &t.v[j];
			if (strcmp(q->f[2], "port") == 0 &&
			    strcmp(q->f[1], r->f[1]) == 0 &&
			    strcmp(q->f[3], r->f[3]) == 0 &&
			    strcmp(q->f[4], r->f[4]) == 0 &&
			    strcmp(q->f[5], r->f[5]) == 0)
				ck_assert_str_eq(q->f[7], r->f[7]);
		}
	}
	ck_assert_uint_gt(moved, 0);
	ck_assert_uint_eq(excluded, 1);
	ck_assert_uint_eq(deleted, 2);
	tu_csv_free(&t);
	/* Byte-stable. */
	snprintf(path, sizeof(path), "%s/plan.csv", out);
	first = tu_slurp_text(path, &n1);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --out %s %s", out,
	    FLEET), 1);
	second = tu_slurp_text(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_mem_eq(first, second, n1);
	free(first);
	free(second);
}
END_TEST

START_TEST(test_plan_usage)
{
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --format pdf %s",
	    FLEET), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan"), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --format html %s",
	    FLEET), 2);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --format json --out "
	    "%s %s", tu_outdir(), FLEET), 2);
}
END_TEST

/*
 * A netstat -ano capture (the dialect of TU_NETSTAT_ANO) with n outgoing
 * connections from local ports lo up, and a listener on listen (0: none).
 */
static char *
check_plan_busy(int lo, int n, int listen)
{
	char	*s, *t;
	int	 i;

	s = xstrdup(TU_NETSTAT_ANO);
	if (listen > 0) {
		xasprintf(&t, "%s  TCP    0.0.0.0:%d%*s0.0.0.0:0              "
		    "LISTENING       1200\r\n", s, listen, listen > 9999 ?
		    11 : 12, "");
		free(s);
		s = t;
	}
	for (i = 0; i < n; i++) {
		xasprintf(&t, "%s  TCP    10.1.1.5:%-5d         "
		    "10.1.1.9:445           ESTABLISHED     4\r\n", s, lo + i);
		free(s);
		s = t;
	}
	return (s);
}

/* netsh int ipv4 show dynamicport tcp, as en-dynamicport-all.txt has it. */
static char *
check_plan_dynamic(int start, int num)
{
	char	*s;

	xasprintf(&s, "C:\\> netsh int ipv4 show dynamicport tcp\r\n\r\n"
	    "Protocol tcp Dynamic Port Range\r\n"
	    "---------------------------------\r\n"
	    "Start Port      : %d\r\n"
	    "Number of Ports : %d\r\n\r\n", start, num);
	return (s);
}

/* The range change of kind on host, or NULL. */
static const struct plan_range *
check_plan_range(const struct plan *p, const char *host, enum plan_rkind k)
{
	size_t	 i;

	for (i = 0; i < p->nr; i++)
		if (strcmp(p->r[i].hi->host->name, host) == 0 &&
		    p->r[i].kind == k)
			return (&p->r[i]);
	return (NULL);
}

/* The value name of a range change, or NULL. */
static const struct plan_regval *
check_plan_val(const struct plan_range *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->nvals; i++)
		if (strcmp(r->vals[i].name, name) == 0)
			return (&r->vals[i]);
	return (NULL);
}

/* RDP pinned to port, in a version 5 export. */
static char *
check_plan_rdp(int port)
{
	char	*s;

	xasprintf(&s, TU_REG_HDR TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:%08x\r\n", (unsigned)port);
	return (s);
}

/*
 * APP01 (2016) has a dynamic range of 300 ports, 200 of them in use: the
 * range grows down to the port RDP pins, then up, to 400 ports.
 */
START_TEST(test_range_dynamicport)
{
	const struct plan_range	*r;
	const struct finding	*f;
	struct audit		*a;
	struct plan		 p;
	char			*ns, *dyn, *reg;

	ns = check_plan_busy(60000, 200, 0);
	dyn = check_plan_dynamic(60000, 300);
	reg = check_plan_rdp(59950);
	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2016\r\n",
	    "hq/APP01/netstat.txt", ns, "hq/APP01/dynamicport.txt", dyn,
	    "hq/APP01/registry.reg", reg, NULL), NULL);
	ck_assert_ptr_nonnull(f = tu_finding(a, "ephemeral-pressure", "APP01",
	    -1));
	plan_make(a, &p);
	ck_assert_ptr_nonnull(r = check_plan_range(&p, "APP01",
	    PLANR_DYNAMICPORT));
	ck_assert_int_eq(r->pi, PI_TCP);
	ck_assert_int_eq(r->from_first, 60000);
	ck_assert_int_eq(r->from_last, 60299);
	/* 59950 is pinned: down to 59951, then up to 400 ports. */
	ck_assert_int_eq(r->first, 59951);
	ck_assert_int_eq(r->last, 59951 + 399);
	ck_assert_uint_eq(r->ncures, 1);
	ck_assert_ptr_eq(r->cures[0], f);
	ck_assert_uint_eq(p.nranged, 1);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
	free(ns);
	free(dyn);
	free(reg);
}
END_TEST

/* A range of 255 ports at least, the least netsh takes. */
START_TEST(test_range_dynamicport_minimum)
{
	const struct plan_range	*r;
	struct audit		*a;
	struct plan		 p;
	char			*ns, *dyn;

	ns = check_plan_busy(65000, 60, 0);
	dyn = check_plan_dynamic(65000, 100);
	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2016\r\n",
	    "hq/APP01/netstat.txt", ns, "hq/APP01/dynamicport.txt", dyn,
	    NULL), NULL);
	plan_make(a, &p);
	ck_assert_ptr_nonnull(r = check_plan_range(&p, "APP01",
	    PLANR_DYNAMICPORT));
	ck_assert_int_eq(r->last, 65099);
	ck_assert_int_eq(r->last - r->first + 1, 255);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
	free(ns);
	free(dyn);
}
END_TEST

/*
 * DC02 (2003) without MaxUserPort: 1025-5000, 2100 ports in use.  The
 * value the host lacks is added, and deleted on rollback; a listener or
 * a pin right above 5000 leaves it unplanned.
 */
START_TEST(test_range_maxuserport)
{
	const struct plan_range		*r;
	const struct plan_regval	*v;
	struct audit			*a;
	struct plan			 p;
	char				*ns, *reg;

	ns = check_plan_busy(1100, 2100, 0);
	reg = check_plan_rdp(6000);
	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC02,hq,member-server,Windows Server 2003 SP2\r\n",
	    "hq/DC02/netstat.txt", ns, "hq/DC02/registry.reg", reg, NULL),
	    NULL);
	ck_assert_ptr_nonnull(tu_finding(a, "ephemeral-pressure", "DC02", -1));
	plan_make(a, &p);
	ck_assert_ptr_nonnull(r = check_plan_range(&p, "DC02",
	    PLANR_MAXUSERPORT));
	ck_assert_int_eq(r->from_last, 5000);
	ck_assert_int_eq(r->first, 1025);
	ck_assert_int_eq(r->last, 1025 + 2 * 2100 - 1);
	ck_assert_ptr_nonnull(v = check_plan_val(r, "MaxUserPort"));
	ck_assert_ptr_null(v->now);		/* the host lacks it */
	ck_assert_str_eq(v->to, "0x1468");	/* 5224 */
	ck_assert_str_eq(v->type, "REG_DWORD");
	ck_assert_ptr_nonnull(strstr(r->ref, "cc938196"));
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
	free(reg);
	/* RDP on 5100: the pool cannot grow past it. */
	reg = check_plan_rdp(5100);
	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC02,hq,member-server,Windows Server 2003 SP2\r\n",
	    "hq/DC02/netstat.txt", ns, "hq/DC02/registry.reg", reg, NULL),
	    NULL);
	plan_make(a, &p);
	ck_assert_ptr_null(check_plan_range(&p, "DC02", PLANR_MAXUSERPORT));
	ck_assert_ptr_nonnull(r = check_plan_range(&p, "DC02",
	    PLANR_UNPLANNED));
	ck_assert_str_eq(r->why, "unplanned_blocked");
	ck_assert_uint_eq(p.nranged, 0);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
	free(reg);
	free(ns);
}
END_TEST

/*
 * APP02 (2003): Rpc\Internet lists 5000-5020, 21 ports; RDP pins 5030.
 * The new pool is the first 100 ports above 5000 clear of 5030;
 * UseInternetPorts, absent, is added; PortsInternetAvailable is Y already.
 */
START_TEST(test_range_rpc_ports)
{
	static const char reg[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Rpc\\Internet]\r\n"
	    "\"Ports\"=hex(7):35,00,30,00,30,00,30,00,2d,00,35,00,30,00,32,00,"
	    "30,00,00,00,00,00\r\n"
	    "\"PortsInternetAvailable\"=\"Y\"\r\n"
	    "\r\n"
	    TU_KEY_TS("WinStations\\RDP-Tcp")
	    "\"PortNumber\"=dword:000013a6\r\n";
	const struct plan_range		*r;
	const struct plan_regval	*v;
	struct audit			*a;
	struct plan			 p;

	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP02,hq,app-server,Windows Server 2003 SP2\r\n",
	    "hq/APP02/registry.reg", reg, NULL), NULL);
	ck_assert_ptr_nonnull(tu_finding_proto(a, "rpc-range-small", "APP02",
	    5000, PROTO_TCP));
	ck_assert_ptr_nonnull(tu_finding_proto(a, "rpc-range-small", "APP02",
	    5000, PROTO_UDP));
	plan_make(a, &p);
	ck_assert_ptr_nonnull(r = check_plan_range(&p, "APP02",
	    PLANR_RPCPORTS));
	ck_assert_uint_eq(r->ncures, 2);	/* tcp and udp: one list */
	ck_assert_int_eq(r->first, 5031);
	ck_assert_int_eq(r->last, 5130);
	ck_assert_ptr_nonnull(v = check_plan_val(r, "Ports"));
	ck_assert_str_eq(v->now, "5000-5020");
	ck_assert_str_eq(v->to, "5031-5130");
	ck_assert_str_eq(v->type, "REG_MULTI_SZ");
	ck_assert_ptr_nonnull(v = check_plan_val(r, "UseInternetPorts"));
	ck_assert_ptr_null(v->now);
	ck_assert_str_eq(v->to, "Y");
	ck_assert_ptr_null(check_plan_val(r, "PortsInternetAvailable"));
	ck_assert_ptr_nonnull(strstr(r->ref, "KB 154596"));
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

/*
 * FS01 (2022): MSMQ on 50100 in WinNAT's block, and the policy lets only
 * 50100 through: no port fits, so the port gets an administered exclusion.
 */
START_TEST(test_range_excluded)
{
	static const char reg[] =
	    TU_REG_HDR
	    TU_KEY_MSMQ
	    "\"MsmqIpPort\"=dword:0000c3b4\r\n";
	static const char excl[] =
	    "C:\\> netsh int ipv4 show excludedportrange protocol=tcp\r\n\r\n"
	    "Protocol tcp Port Exclusion Ranges\r\n\r\n"
	    "Start Port    End Port\r\n"
	    "----------    --------\r\n"
	    "     50060       50159\r\n\r\n"
	    "* - Administered port exclusions.\r\n\r\n";
	static const char policy[] =
	    "[site branch]\n"
	    "allow = 50100-50100\n";
	const struct plan_range		*r;
	const struct plan_change	*c = NULL;
	struct finding			*f;
	struct audit			*a;
	struct plan			 p;
	size_t				 i;

	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "FS01,branch,file-server,Windows Server 2022\r\n",
	    "branch/FS01/registry.reg", reg,
	    "branch/FS01/excludedportrange.txt", excl, NULL),
	    tu_write_temp(policy, strlen(policy), "policy.ini"));
	ck_assert_ptr_nonnull(f = tu_finding_proto(a, "fixed-port-excluded",
	    "FS01", 50100, PROTO_TCP));
	plan_make(a, &p);
	for (i = 0; i < p.n; i++)
		if (p.v[i].set->rec->u.set.proto == PROTO_TCP)
			c = &p.v[i];
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->to, -1);
	for (i = 0; i < c->ncures; i++)	/* the range change's now */
		ck_assert_ptr_ne(c->cures[i], f);
	ck_assert_ptr_nonnull(r = check_plan_range(&p, "FS01", PLANR_EXCLUDE));
	ck_assert_int_eq(r->first, 50100);
	ck_assert_int_eq(r->last, 50100);
	ck_assert_int_eq(r->from_first, 50060);
	ck_assert_uint_eq(r->ncures, 1);
	ck_assert_ptr_eq(r->cures[0], f);
	ck_assert_int_eq(plan_verify(a, &p), 0);
	plan_free(&p);
	tu_audit_free(a);
}
END_TEST

/* A range that covers a pinned port fails the proof. */
START_TEST(test_proof_catches_a_bad_range)
{
	struct plan_range	*r;
	struct audit		*a;
	struct plan		 p;
	char			*ns, *dyn, *reg;
	size_t			 i;
	int			 caught = 0;

	ns = check_plan_busy(60000, 200, 0);
	dyn = check_plan_dynamic(60000, 300);
	reg = check_plan_rdp(59950);
	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2016\r\n",
	    "hq/APP01/netstat.txt", ns, "hq/APP01/dynamicport.txt", dyn,
	    "hq/APP01/registry.reg", reg, NULL), NULL);
	plan_make(a, &p);
	r = (struct plan_range *)check_plan_range(&p, "APP01",
	    PLANR_DYNAMICPORT);
	ck_assert_ptr_nonnull(r);
	r->first = 59900;	/* over RDP's 59950 */
	ck_assert_int_eq(plan_verify(a, &p), -1);
	for (i = 0; i < p.nmiss; i++)
		caught |= p.miss[i].added && strcmp(p.miss[i].rule,
		    "fixed-port-in-ephemeral") == 0;
	ck_assert(caught);
	plan_free(&p);
	/* Too small a range leaves the pressure: not cured. */
	plan_make(a, &p);
	r = (struct plan_range *)check_plan_range(&p, "APP01",
	    PLANR_DYNAMICPORT);
	r->last = r->first + 350;
	ck_assert_int_eq(plan_verify(a, &p), -1);
	ck_assert_uint_eq(p.nmiss, 1);
	ck_assert_str_eq(p.miss[0].rule, "ephemeral-pressure");
	ck_assert_int_eq(p.miss[0].added, 0);
	plan_free(&p);
	tu_audit_free(a);
	free(ns);
	free(dyn);
	free(reg);
}
END_TEST

/*
 * The service net stop names: NTDS on 2003 is no service that stops (the
 * computer restarts); a SQL Server 2005+ instance is MSSQL$ and its name
 * when the host's Instance Names\SQL maps its id, none when it does not;
 * its dynamic port becomes a fixed TcpPort with TcpDynamicPorts emptied.
 */
START_TEST(test_windows_service_names)
{
	static const char ntds[] =
	    TU_REG_HDR
	    TU_KEY_SVC("NTDS\\Parameters")
	    "\"TCP/IP Port\"=dword:00000401\r\n";
	static const char sql[] =
	    TU_REG_HDR
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "Instance Names\\SQL]\r\n"
	    "\"REPORTS\"=\"MSSQL13.REPORTS\"\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\"
	    "MSSQL13.REPORTS\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll]\r\n"
	    "\"TcpDynamicPorts\"=\"49703\"\r\n";
	const struct plan_change	*c;
	struct audit			*a;
	struct plan			 p;
	const char			*nomap;
	char				*copy;

	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "DC02,hq,domain-controller,Windows Server 2003 SP2\r\n"
	    "SQL01,hq,sql-server,Windows Server 2016\r\n",
	    "hq/DC02/registry.reg", ntds, "hq/SQL01/registry.reg", sql,
	    NULL), NULL);
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "DC02", "TCP/IP Port"));
	ck_assert_int_gt(c->to, 0);
	ck_assert_ptr_null(c->winsvc);
	ck_assert_str_eq(c->nosvc, "nosvc_ntds");
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "SQL01",
	    "TcpDynamicPorts"));
	ck_assert_int_gt(c->to, 0);
	ck_assert_str_eq(c->winsvc, "MSSQL$REPORTS");
	ck_assert_uint_eq(c->nvals, 2);
	ck_assert_str_eq(c->vals[0].name, "TcpPort");
	ck_assert_ptr_null(c->vals[0].now);	/* the host lacks it */
	ck_assert_int_eq(atoi(c->vals[0].to), c->to);
	ck_assert_str_eq(c->vals[1].name, "TcpDynamicPorts");
	ck_assert_str_eq(c->vals[1].now, "49703");
	ck_assert_str_eq(c->vals[1].to, "");
	ck_assert_int_eq(plan_verify(a, &p), 0);
	/* The proof put the setting back as it was. */
	ck_assert_str_eq(c->set->rec->u.set.name, "TcpDynamicPorts");
	plan_free(&p);
	tu_audit_free(a);
	/* Without Instance Names\SQL: no guess. */
	nomap = strstr(sql + sizeof(TU_REG_HDR) - 1, "\r\n\r\n[HKEY") + 4;
	xasprintf(&copy, "%s%s", TU_REG_HDR, nomap);
	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "SQL01,hq,sql-server,Windows Server 2016\r\n",
	    "hq/SQL01/registry.reg", copy, NULL), NULL);
	plan_make(a, &p);
	ck_assert_ptr_nonnull(c = check_plan_for(&p, "SQL01",
	    "TcpDynamicPorts"));
	ck_assert_ptr_null(c->winsvc);
	ck_assert_str_eq(c->nosvc, "nosvc_sql");
	plan_free(&p);
	tu_audit_free(a);
	free(copy);
}
END_TEST

/* Whether some line of text holds both a and b. */
static int
check_plan_line_has(const char *text, const char *a, const char *b)
{
	const char	*p, *e;
	char		*line;
	int		 hit = 0;

	for (p = text; *p != '\0' && !hit; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		line = xstrndup(p, (size_t)(e - p));
		hit = strstr(line, a) != NULL && strstr(line, b) != NULL;
		free(line);
	}
	return (hit);
}

/* The fleet map after a plan that only widens APP01's dynamic range
 * differs from the map before. */
static void
check_plan_pdf_range(void)
{
	const char	*out = tu_outdir(), *fleet;
	char		*ns, *dyn, *reg, *before, *after, path[4096];
	size_t		 n1, n2;

	ns = check_plan_busy(60000, 200, 0);
	dyn = check_plan_dynamic(60000, 300);
	reg = check_plan_rdp(59950);
	fleet = tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP01,hq,app-server,Windows Server 2016\r\n",
	    "hq/APP01/netstat.txt", ns, "hq/APP01/dynamicport.txt", dyn,
	    "hq/APP01/registry.reg", reg, NULL);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --format pdf --out %s "
	    "%s", out, fleet), 0);
	snprintf(path, sizeof(path), "%s/charts/fleetmap.png", out);
	before = tu_slurp_text(path, &n1);
	snprintf(path, sizeof(path), "%s/charts/fleetmap-plan.png", out);
	after = tu_slurp_text(path, &n2);
	ck_assert(n1 != n2 || memcmp(before, after, n1) != 0);
	snprintf(path, sizeof(path), "%s/plan.csv", out);
	ck_assert_int_ne(access(path, F_OK), 0);	/* pdf only */
	free(before);
	free(after);
	free(ns);
	free(dyn);
	free(reg);
}

/*
 * plan --format pdf: the migration report with its change plan, read back
 * with pdftotext: the proof's result, a table per site with every row of
 * plan.csv, and the fleet map after the plan, which differs from the one
 * before.
 */
START_TEST(test_plan_pdf)
{
	const char	*out = tu_outdir();
	struct tu_csv	 t;
	char		*text, path[4096], *before, *after;
	size_t		 i, n1, n2;

	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", EPOCH, 1), 0);
	ck_assert_int_eq(tu_run_quiet("./portaudit plan --format csv,pdf "
	    "--out %s %s", out, FLEET), 1);
	text = tu_output("pdftotext -layout -enc UTF-8 -q %s/report.pdf -",
	    out);
	ck_assert_ptr_nonnull(strstr(text, "Change plan"));
	ck_assert_ptr_nonnull(strstr(text, "Proof: the rules ran again"));
	ck_assert_ptr_null(strstr(text, "FAILED"));
	ck_assert_ptr_nonnull(strstr(text, "Site branch"));
	ck_assert_ptr_nonnull(strstr(text, "Site hq"));
	ck_assert_ptr_nonnull(strstr(text, "Fleet map with the plan applied"));
	ck_assert_ptr_null(strstr(text, "#{"));
	/* FS01's range change, with the block WinNAT made. */
	ck_assert(check_plan_line_has(text, "Administered exclusion",
	    "50060-50159"));
	tu_csv_report(out, "plan.csv", &t);
	for (i = 1; i < t.n; i++)
		ck_assert_msg(check_plan_line_has(text, t.v[i].f[0],
		    *t.v[i].f[7] != '\0' ? t.v[i].f[7] : "unplanned"),
		    "%s %s %s not in the PDF", t.v[i].f[0], t.v[i].f[4],
		    t.v[i].f[7]);
	tu_csv_free(&t);
	free(text);
	snprintf(path, sizeof(path), "%s/charts/fleetmap.png", out);
	before = tu_slurp_text(path, &n1);
	snprintf(path, sizeof(path), "%s/charts/fleetmap-plan.png", out);
	after = tu_slurp_text(path, &n2);
	ck_assert(n1 != n2 || memcmp(before, after, n1) != 0);
	free(before);
	free(after);
	/* A plan of one range change: the map after shows the new range. */
	check_plan_pdf_range();
	/* audit's migration report has no change plan. */
	out = tu_outdir();
	ck_assert_int_eq(tu_run_quiet("./portaudit audit --format pdf "
	    "--template migration --out %s %s", out, FLEET), 0);
	text = tu_output("pdftotext -layout -enc UTF-8 -q %s/report.pdf -",
	    out);
	ck_assert_ptr_null(strstr(text, "Change plan"));
	free(text);
}
END_TEST

/* The suite: its test cases in the order they run. */
static Suite *
check_plan_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("plan");
	tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_used_on_one_host_never_proposed);
	tcase_add_test(tc, test_policy_range_honoured);
	tcase_add_test(tc, test_two_settings_two_ports);
	tcase_add_test(tc, test_nt4_above_maxuserport);
	tcase_add_test(tc, test_sound_port_kept);
	tcase_add_test(tc, test_unplannable_says_why);
	tcase_add_test(tc, test_proof_holds_and_restores);
	tcase_add_test(tc, test_proof_moves_the_listener);
	tcase_add_test(tc, test_proof_leaves_a_shared_listener);
	tcase_add_test(tc, test_proof_catches_a_bad_plan);
	tcase_add_test(tc, test_plan_csv);
	tcase_add_test(tc, test_plan_usage);
	tcase_add_test(tc, test_range_dynamicport);
	tcase_add_test(tc, test_range_dynamicport_minimum);
	tcase_add_test(tc, test_range_maxuserport);
	tcase_add_test(tc, test_range_rpc_ports);
	tcase_add_test(tc, test_range_excluded);
	tcase_add_test(tc, test_proof_catches_a_bad_range);
	tcase_add_test(tc, test_windows_service_names);
	tcase_add_test(tc, test_plan_pdf);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_plan_suite()));
}
