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
	size_t			 i, j, moved = 0, excluded = 0;
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
	tcase_add_test(tc, test_proof_catches_a_bad_plan);
	tcase_add_test(tc, test_plan_csv);
	tcase_add_test(tc, test_plan_usage);
	suite_add_tcase(s, tc);
	return (s);
}

/* Run the suite; exit 1 when a test failed. */
int
main(void)
{
	return (tu_run_suite(check_plan_suite()));
}
