/*
 * Check suite for analysis/dynamicport.c: dynamicport-invalid.  KB 929851
 * sets the four dynamic ranges with netsh int ipv4|ipv6 set dynamicport
 * tcp|udp, at least 255 ports from 1025 up; fixtures are netsh int ...
 * show dynamicport output after the echoed command, as collection scripts
 * write it (port-facts.md section 3.1), with the limits and one past them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "analysis/analysis.h"
#include "testutil.h"

#define NETSH_DYN(fam, proto, start, num) \
			"\r\nC:\\Windows\\system32>netsh int " fam " show " \
			"dynamicport " proto "\r\n\r\n" \
			"Protocol " proto " Dynamic Port Range\r\n" \
			"---------------------------------\r\n" \
			"Start Port      : " start "\r\n" \
			"Number of Ports : " num "\r\n\r\n"
#define DEFAULT4	NETSH_DYN("ipv4", "tcp", "49152", "16384") \
			NETSH_DYN("ipv4", "udp", "49152", "16384")
#define DEFAULT6	NETSH_DYN("ipv6", "tcp", "49152", "16384") \
			NETSH_DYN("ipv6", "udp", "49152", "16384")

static struct audit *
dy_audit(const char *netsh)
{
	return (tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "APP7,hq,app-server,Windows Server 2016\r\n",
	    "hq/APP7/dynamicport.txt", netsh, NULL), NULL));
}

/* The host's finding of one variant, or NULL. */
static struct finding *
dy_variant(const struct audit *a, const char *variant)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < a->nfindings; i++)
		if (strcmp(a->findings[i]->rule->id, "dynamicport-invalid") ==
		    0 && (v = finding_get(a->findings[i], "variant")) != NULL &&
		    strcmp(v, variant) == 0)
			return (a->findings[i]);
	return (NULL);
}

/* 255 ports is the smallest range netsh sets; 254 is one too few. */
START_TEST(test_size_edge)
{
	struct audit	*a;
	struct finding	*f;

	a = dy_audit(NETSH_DYN("ipv4", "tcp", "50000", "255")
	    NETSH_DYN("ipv4", "udp", "50000", "255"));
	ck_assert_uint_eq(tu_host(a, "APP7")->dynamic.n, 2);
	ck_assert_int_eq(tu_nfindings(a, "dynamicport-invalid", NULL), 0);
	tu_audit_free(a);
	a = dy_audit(NETSH_DYN("ipv4", "tcp", "50000", "254")
	    NETSH_DYN("ipv4", "udp", "50000", "254"));
	f = tu_expect(a, "dynamicport-invalid", "APP7", 50000, SEV_HIGH);
	ck_assert_str_eq(finding_get(f, "variant"), "small");
	ck_assert_str_eq(finding_get(f, "size"), "254");
	ck_assert_str_eq(finding_get(f, "range"), "50000-50253");
	ck_assert_str_eq(finding_get(f, "which"), "ipv4 tcp");
	ck_assert(tu_ev_has(f, "254"));
	/* One for TCP, one for UDP; the two agree, so nothing differs. */
	ck_assert_int_eq(tu_nfindings(a, "dynamicport-invalid", NULL), 2);
	ck_assert_ptr_null(dy_variant(a, "differ"));
	ck_assert_ptr_nonnull(tu_finding_proto(a, "dynamicport-invalid",
	    "APP7", 50000, PROTO_UDP));
	tu_audit_free(a);
}
END_TEST

/* 1025 is the lowest start netsh sets; 1024 is one below. */
START_TEST(test_start_edge)
{
	struct audit	*a;
	struct finding	*f;

	a = dy_audit(NETSH_DYN("ipv4", "tcp", "1025", "3976")
	    NETSH_DYN("ipv4", "udp", "1025", "3976"));
	ck_assert_int_eq(tu_nfindings(a, "dynamicport-invalid", NULL), 0);
	tu_audit_free(a);
	a = dy_audit(NETSH_DYN("ipv4", "tcp", "1024", "3977")
	    NETSH_DYN("ipv4", "udp", "1025", "3976"));
	f = tu_expect(a, "dynamicport-invalid", "APP7", 1024, SEV_HIGH);
	ck_assert_str_eq(finding_get(f, "variant"), "low-start");
	ck_assert_int_eq(f->proto, PROTO_TCP);
	/* The UDP range is valid but differs from TCP's. */
	ck_assert_int_eq(tu_nfindings(a, "dynamicport-invalid", NULL), 2);
	ck_assert_ptr_nonnull(f = dy_variant(a, "differ"));
	ck_assert_int_eq(f->sev, SEV_LOW);
	ck_assert_int_eq(f->port, -1);
	tu_audit_free(a);
}
END_TEST

/* All four the same: quiet; one of four different: one low finding. */
START_TEST(test_differ)
{
	struct audit	*a;
	struct finding	*f;

	a = dy_audit(DEFAULT4 DEFAULT6);
	ck_assert_uint_eq(tu_host(a, "APP7")->dynamic.n, 4);
	ck_assert_int_eq(tu_nfindings(a, "dynamicport-invalid", NULL), 0);
	tu_audit_free(a);
	a = dy_audit(DEFAULT4 NETSH_DYN("ipv6", "tcp", "49152", "16384")
	    NETSH_DYN("ipv6", "udp", "49152", "1000"));
	ck_assert_int_eq(tu_nfindings(a, "dynamicport-invalid", NULL), 1);
	f = tu_expect(a, "dynamicport-invalid", "APP7", -1, SEV_LOW);
	ck_assert_str_eq(finding_get(f, "ranges"), "ipv4 tcp 49152-65535, "
	    "ipv4 udp 49152-65535, ipv6 tcp 49152-65535, ipv6 udp 49152-50151");
	ck_assert_uint_eq(f->nev, 4);
	tu_audit_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dynamicport");
	TCase	*tc = tcase_create("dynamicport");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_size_edge);
	tcase_add_test(tc, test_start_edge);
	tcase_add_test(tc, test_differ);
	suite_add_tcase(s, tc);
	return (tu_run_suite(s));
}
