/*
 * One file, many hosts: parse_set_host() sends records to the host a
 * record names (through a sub-input per host), while the file keeps its
 * line accounting; names from data meet the fleet's hosts without regard
 * to case or domain.  A tiny line collector drives parse.c directly: each
 * line is "HOST TEXT", "-" for no host.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "analysis/analysis.h"
#include "testutil.h"

/* Parse text as a host-per-line file of site/folder; the fleet owns it. */
static struct input *
ph_parse(struct fleet *f, const char *site, const char *folder,
    const char *text)
{
	struct parse	 p;
	struct input	*in;
	char		*line, *sp;
	size_t		 len;

	in = collect_new_input(f, "fleet/logs/all.txt",
	    fleet_host_in(f, site, folder));
	in->len = strlen(text);
	in->buf = xstrndup(text, in->len);
	in->status = INPUT_OK;
	parse_init(&p, f, in);
	while ((line = parse_next_line(&p, &len)) != NULL) {
		if (len == 0) {
			parse_known(&p);
			continue;
		}
		if ((sp = strchr(line, ' ')) == NULL) {
			parse_unparsed(&p, DIAG_LINE_SHORT, NULL);
			continue;
		}
		if (sp - line == 1 && *line == '-')
			parse_set_host(&p, NULL, 0);
		else
			parse_set_host(&p, line, (size_t)(sp - line));
		rec_add(&p, REC_SOCKET)->u.sock.local_port = atoi(sp + 1);
	}
	parse_finish(&p);
	return (in);
}

/* The ports of an input's socket records, as "p1,p2,". */
static const char *
ph_ports(const struct input *in)
{
	static char		 buf[256];
	const struct record	*r;
	size_t			 n = 0;

	buf[0] = '\0';
	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SOCKET)
			n += snprintf(buf + n, sizeof(buf) - n, "%d,",
			    r->u.sock.local_port);
	return (buf);
}

/* Records land on their hosts; the file counts every line once. */
START_TEST(test_split)
{
	struct fleet	*f = fleet_new();
	struct input	*in, *a, *b;

	in = ph_parse(f, NULL, "logs", "WEB01 80\nDB01 1433\n\nWEB01 443\n"
	    "garbage\n- 9\n");
	tu_assert_lines(in, 6, 4, 1, 1);
	ck_assert_uint_eq(in->records, 4);
	ck_assert_uint_eq(in->nsubs, 2);
	ck_assert_ptr_nonnull(a = tu_sub(in, "WEB01"));
	ck_assert_ptr_nonnull(b = tu_sub(in, "DB01"));
	ck_assert_ptr_eq(in->subs, a);		/* first seen first */
	ck_assert_ptr_eq(a->sub_next, b);
	ck_assert_str_eq(ph_ports(a), "80,443,");
	ck_assert_str_eq(ph_ports(b), "1433,");
	ck_assert_str_eq(ph_ports(in), "9,");	/* back to the folder's */
	ck_assert_uint_eq(a->records, 2);
	ck_assert_uint_eq(a->lines, 0);
	ck_assert_ptr_eq(a->parent, in);
	ck_assert_ptr_eq(a->first->in, a);
	ck_assert_uint_eq(a->first->next->line, 4);
	/* The unparsed line stays with the file. */
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_LINE_SHORT);
	/* Sub-inputs stand in their hosts' inputs, not the fleet's. */
	ck_assert_uint_eq(f->ninputs, 1);
	ck_assert_uint_eq(a->host->ninputs, 1);
	ck_assert_ptr_eq(a->host->inputs[0], a);
	ck_assert_str_eq(a->path, in->path);
	fleet_free(f);
}
END_TEST

/* FQDN and case meet the folder's host; the site of the file is kept. */
START_TEST(test_names)
{
	struct fleet	*f = fleet_new();
	struct host	*dc, *web;
	struct input	*in;

	dc = fleet_host_in(f, "east", "DC01");
	web = fleet_host_in(f, "west", "web01");
	in = ph_parse(f, "east", "logs", "dc01.corp.example 88\n"
	    "DC01 389\nWEB01.corp.example 80\nnew02.corp.example 22\n"
	    "10.0.0.5 25\nlogs 7\nLOGS.corp.example 8\n");
	ck_assert_uint_eq(in->nsubs, 4);
	ck_assert_uint_eq(dc->ninputs, 1);
	ck_assert_str_eq(ph_ports(dc->inputs[0]), "88,389,");
	ck_assert_str_eq(ph_ports(web->inputs[0]), "80,");
	ck_assert_str_eq(ph_ports(tu_sub(in, "new02")), "22,");
	ck_assert_str_eq(tu_sub(in, "new02")->host->site, "east");
	ck_assert_str_eq(ph_ports(tu_sub(in, "10.0.0.5")), "25,");
	ck_assert_str_eq(ph_ports(in), "7,8,");	/* the file's own host */
	ck_assert_uint_eq(f->nhosts, 5);
	fleet_free(f);
}
END_TEST

/* A short name two other sites share is not guessed: the file's site. */
START_TEST(test_ambiguous)
{
	struct fleet	*f = fleet_new();
	struct input	*in;
	struct host	*h;

	fleet_host_in(f, "east", "WEB01");
	fleet_host_in(f, "west", "WEB01");
	in = ph_parse(f, "north", "logs", "web01.corp.example 80\n");
	ck_assert_ptr_nonnull(in->subs);
	h = in->subs->host;
	ck_assert_str_eq(h->site, "north");
	ck_assert_str_eq(h->name, "web01");
	fleet_free(f);
	/* ... but the file's own site wins over the others. */
	f = fleet_new();
	fleet_host_in(f, "east", "WEB01");
	h = fleet_host_in(f, "west", "WEB01");
	in = ph_parse(f, "west", "logs", "web01 80\n");
	ck_assert_ptr_eq(in->subs->host, h);
	fleet_free(f);
}
END_TEST

/* Control characters are replaced and said; a long name is cut. */
START_TEST(test_hostile_names)
{
	static const char	 text[] = "EVIL\x01HOST 1\nEVIL\x7f 2\n";
	struct fleet		*f = fleet_new();
	struct input		*in;
	char			*big;

	in = ph_parse(f, NULL, "logs", text);
	ck_assert_ptr_nonnull(tu_sub(in, "EVIL?HOST"));
	ck_assert_ptr_nonnull(tu_sub(in, "EVIL?"));
	ck_assert_uint_eq(in->ndiag, 2);
	fleet_free(f);
	f = fleet_new();
	big = xmalloc(5000);
	memset(big, 'a', 4990);
	memcpy(big + 4990, " 1\n", 4);
	in = ph_parse(f, NULL, "logs", big);
	ck_assert_uint_eq(in->nsubs, 1);
	ck_assert_uint_eq(strlen(in->subs->host->name), 255);
	ck_assert_uint_eq(in->ndiag, 1);
	free(big);
	fleet_free(f);
}
END_TEST

/* A newline inside a name, as a JSON string holds it, is cleaned too. */
START_TEST(test_newline_name)
{
	struct fleet	*f = fleet_new();
	struct input	*in;
	struct parse	 p;

	in = collect_new_input(f, "x/logs/a", fleet_host(f, "logs"));
	in->buf = xstrdup("one line\n");
	in->len = strlen(in->buf);
	parse_init(&p, f, in);
	ck_assert_ptr_nonnull(parse_next_line(&p, NULL));
	parse_set_host(&p, "DC01\nFAKE", 9);
	rec_add(&p, REC_SOCKET);
	parse_finish(&p);
	ck_assert_ptr_nonnull(tu_sub(in, "DC01?FAKE"));
	ck_assert_uint_eq(in->ndiag, 1);
	tu_assert_lines(in, 1, 1, 0, 0);
	fleet_free(f);
}
END_TEST

/*
 * A log for 10,000 hosts, interleaved: each host gets exactly its own
 * records, every host one sub-input, the file one input.
 */
START_TEST(test_many_hosts)
{
	struct fleet	*f = fleet_new();
	struct input	*in;
	char		*text, *s;
	size_t		 i, j, n = 10000;

	s = text = xmalloc(n * 3 * 32);
	for (j = 0; j < 3; j++)
		for (i = 0; i < n; i++)
			s += sprintf(s, "host%05zu.example %zu\n", i, j);
	in = ph_parse(f, NULL, "logs", text);
	free(text);
	tu_assert_lines(in, 3 * n, 3 * n, 0, 0);
	ck_assert_uint_eq(in->nsubs, n);
	ck_assert_uint_eq(f->nhosts, n + 1);
	ck_assert_uint_eq(f->ninputs, 1);
	for (i = 1; i <= n; i++) {
		ck_assert_uint_eq(f->hosts[i]->ninputs, 1);
		ck_assert_uint_eq(f->hosts[i]->inputs[0]->records, 3);
		ck_assert_str_eq(ph_ports(f->hosts[i]->inputs[0]), "0,1,2,");
	}
	ck_assert_str_eq(f->hosts[n]->name, "host09999");
	fleet_free(f);
}
END_TEST

/* The manifest names hosts in any case, as names from data do. */
START_TEST(test_manifest_case)
{
	struct audit	*a;

	a = tu_audit_dir(tu_fleet("manifest.csv", TU_MANIFEST_HDR
	    "dc01,hq,domain-controller,Windows Server 2012 R2\r\n",
	    "east/DC01/netstat.txt", TU_NETSTAT_ANO "  TCP    0.0.0.0:88"
	    "             0.0.0.0:0              LISTENING       612\r\n",
	    NULL), NULL);
	ck_assert_str_eq(tu_host(a, "DC01")->site, "hq");
	ck_assert_str_eq(tu_host(a, "DC01")->role, "domain-controller");
	tu_audit_free(a);
}
END_TEST

/* The short name: a domain dropped, an address kept whole. */
START_TEST(test_short)
{
	ck_assert_uint_eq(fleet_host_short("dc01.corp.example"), 4);
	ck_assert_uint_eq(fleet_host_short("DC01"), 4);
	ck_assert_uint_eq(fleet_host_short("192.0.2.10"), 10);
	ck_assert_uint_eq(fleet_host_short("fe80::1"), 7);
	ck_assert_uint_eq(fleet_host_short(".hidden"), 7);
}
END_TEST

static Suite *
parse_hosts_suite(void)
{
	Suite	*s = suite_create("parse_hosts");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);		/* 10,000 hosts, sanitizers */
	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_ambiguous);
	tcase_add_test(tc, test_hostile_names);
	tcase_add_test(tc, test_newline_name);
	tcase_add_test(tc, test_many_hosts);
	tcase_add_test(tc, test_short);
	tcase_add_test(tc, test_manifest_case);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	diag_quiet = 1;
	return (tu_run_suite(parse_hosts_suite()));
}
