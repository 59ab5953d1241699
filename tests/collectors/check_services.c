/*
 * Check suite for collectors/services.c: every services-file sample
 * (Debian, Gentoo, macOS, MikroTik, nmap, ReactOS), fixtures for the
 * Windows, FreeBSD and nmap variants, and hostile input.  Expected counts
 * were taken with awk over the files, not from the collector's output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define SVC_DIR	"services/"

/* The first service record with this name (NULL: nameless), protocol and
 * port (-1: any). */
static struct record *
svc_find(struct input *in, const char *name, const char *proto, int port)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next) {
		if (r->kind != REC_SERVICE)
			continue;
		if ((name == NULL) != (r->u.svc.name == NULL))
			continue;
		if (name != NULL && strcmp(name, r->u.svc.name) != 0)
			continue;
		if (proto != NULL && (r->u.svc.proto_name == NULL ||
		    strcmp(proto, r->u.svc.proto_name) != 0))
			continue;
		if (port != -1 && r->u.svc.port != port)
			continue;
		return (r);
	}
	return (NULL);
}

static int
svc_count_proto(struct input *in, enum proto p)
{
	struct record	*r;
	int		 n = 0;

	for (r = in->first; r != NULL; r = r->next)
		n += r->kind == REC_SERVICE && r->u.svc.proto == p;
	return (n);
}

static int
svc_count_aliases(struct input *in)
{
	struct record	*r;
	int		 n = 0;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SERVICE)
			n += r->u.svc.naliases;
	return (n);
}

static int
svc_count_unparsed(struct input *in, int code)
{
	struct record	*r;
	int		 n = 0;

	for (r = in->first; r != NULL; r = r->next)
		n += r->kind == REC_UNPARSED && r->u.unp.code == code;
	return (n);
}

/* The unparsed record of a line, or NULL. */
static struct record *
svc_unparsed_at(struct input *in, unsigned line)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_UNPARSED && r->line == line)
			return (r);
	return (NULL);
}

/* Parse a sample by sniffing and check the accounting against awk. */
static struct fleet *
svc_sample(const char *rel, struct input **in, unsigned long lines,
    unsigned long known, unsigned long records)
{
	struct fleet	*f;
	char		 path[256];

	snprintf(path, sizeof(path), SVC_DIR "%s", rel);
	f = tu_read(tu_sample(path), NULL, "services", in);
	tu_assert_lines(*in, lines, records, known, 0);
	ck_assert_uint_eq((*in)->records, records);
	ck_assert_int_eq(tu_count(*in, REC_SERVICE), (int)records);
	return (f);
}

START_TEST(test_debian)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	/* 361 lines: 6 blank + 37 comments, 318 entries, 86 aliases */
	f = svc_sample("debian-bookworm-netbase-6.4-etc-services", &in, 361,
	    43, 318);
	ck_assert_int_eq(svc_count_aliases(in), 86);
	ck_assert_int_eq(svc_count_proto(in, PROTO_TCP), 218);
	ck_assert_int_eq(svc_count_proto(in, PROTO_UDP), 95);
	ck_assert_int_eq(svc_count_proto(in, PROTO_SCTP), 1);
	ck_assert_int_eq(svc_count_proto(in, PROTO_DDP), 4);
	r = tu_nth(in, REC_SERVICE, 0);
	ck_assert_str_eq(r->u.svc.name, "tcpmux");
	ck_assert_uint_eq(r->line, 9);
	ck_assert_str_eq(r->text, "tcpmux\t\t1/tcp\t\t\t\t# TCP port service "
	    "multiplexer");
	ck_assert_str_eq(r->u.svc.comment, "TCP port service multiplexer");
	ck_assert_int_eq(r->u.svc.naliases, 0);
	ck_assert_ptr_null(r->u.svc.aliases);
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert_uint_eq(r->line, 39);
	ck_assert_int_eq(r->u.svc.port_last, 80);
	ck_assert_int_eq(r->u.svc.proto, PROTO_TCP);
	ck_assert_int_eq(r->u.svc.naliases, 1);
	ck_assert_str_eq(r->u.svc.aliases[0], "www");
	ck_assert_str_eq(r->u.svc.comment, "WorldWideWeb HTTP");
	ck_assert(r->u.svc.frequency == -1);
	ck_assert_ptr_nonnull(r = svc_find(in, "chargen", "udp", 19));
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_str_eq(r->u.svc.aliases[0], "ttytst");
	ck_assert_str_eq(r->u.svc.aliases[1], "source");
	ck_assert_ptr_null(r->u.svc.comment);
	ck_assert_ptr_nonnull(r = svc_find(in, "amqp", "sctp", 5672));
	ck_assert_int_eq(r->u.svc.proto, PROTO_SCTP);
	ck_assert_ptr_nonnull(r = svc_find(in, "rtmp", "ddp", 1));
	ck_assert_int_eq(r->u.svc.proto, PROTO_DDP);
	ck_assert_uint_eq(r->line, 283);
	/* interned: both echo records share one name string */
	ck_assert_ptr_eq(svc_find(in, "echo", "tcp", 7)->u.svc.name,
	    svc_find(in, "echo", "udp", 7)->u.svc.name);
	fleet_free(f);
}
END_TEST

START_TEST(test_gentoo)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	/* 1196 lines: 9 blank + 65 comments, 1122 entries */
	f = svc_sample("gentoo-baselayout-etc-services", &in, 1196, 74, 1122);
	ck_assert_int_eq(svc_count_proto(in, PROTO_TCP), 569);
	ck_assert_int_eq(svc_count_proto(in, PROTO_UDP), 549);
	ck_assert_int_eq(svc_count_proto(in, PROTO_DDP), 4);
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert_uint_eq(r->line, 149);
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_str_eq(r->u.svc.aliases[0], "www");
	ck_assert_str_eq(r->u.svc.aliases[1], "www-http");
	ck_assert_str_eq(r->u.svc.comment, "World Wide Web HTTP");
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "udp", 80));
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_ptr_null(r->u.svc.comment);
	fleet_free(f);
}
END_TEST

START_TEST(test_macos)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 nameless = 0;

	/* 13926 lines: 4037 comments, 9889 entries (20 without a name) */
	f = svc_sample("macos-files-972-private-etc-services", &in, 13926,
	    4037, 9889);
	for (r = in->first; r != NULL; r = r->next)
		nameless += r->kind == REC_SERVICE && r->u.svc.name == NULL;
	ck_assert_int_eq(nameless, 20);
	ck_assert_ptr_nonnull(r = svc_find(in, NULL, "udp", 24));
	ck_assert_int_eq(r->u.svc.proto, PROTO_UDP);
	ck_assert_str_eq(r->u.svc.comment, "any private mail system");
	ck_assert_int_eq(r->u.svc.naliases, 0);
	ck_assert_ptr_nonnull(r = svc_find(in, "rtmp", "ddp", 1));
	ck_assert_uint_eq(r->line, 21);
	ck_assert_str_eq(r->u.svc.comment,
	    "Routing Table Maintenance Protocol");
	ck_assert_ptr_nonnull(r = svc_find(in, "natd", "divert", 8668));
	ck_assert_int_eq(r->u.svc.proto, PROTO_OTHER);
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_str_eq(r->u.svc.aliases[1], "www-http");
	ck_assert_int_eq(svc_count_proto(in, PROTO_SCTP), 6);
	ck_assert_int_eq(svc_count_proto(in, PROTO_DDP), 4);
	ck_assert_int_eq(svc_count_proto(in, PROTO_OTHER), 1);
	fleet_free(f);
}
END_TEST

START_TEST(test_mikrotik)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	/* 122 lines: 2 blank + 11 comments, 109 entries */
	f = svc_sample("mikrotik-routeros-6.33.3-mipsbe-etc-services-1993",
	    &in, 122, 13, 109);
	ck_assert_int_eq(svc_count_proto(in, PROTO_TCP), 72);
	ck_assert_int_eq(svc_count_proto(in, PROTO_UDP), 37);
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert_uint_eq(r->line, 42);
	/* the trailing blank after the comment is trimmed */
	ck_assert_str_eq(r->u.svc.comment, "www is used by some broken");
	ck_assert_int_eq(r->u.svc.naliases, 0);
	ck_assert_ptr_nonnull(r = svc_find(in, "rlp", "udp", 39));
	ck_assert_int_eq(r->u.svc.naliases, 1);
	ck_assert_str_eq(r->u.svc.aliases[0], "resource");
	ck_assert_str_eq(r->u.svc.comment, "resource location");
	fleet_free(f);
}
END_TEST

START_TEST(test_nmap)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	int		 unknown = 0, nofreq = 0;

	/* 27462 lines: 22 comments, 27440 entries */
	f = svc_sample("nmap-7.93-nmap-services", &in, 27462, 22, 27440);
	ck_assert_int_eq(svc_count_aliases(in), 0);
	ck_assert_int_eq(svc_count_proto(in, PROTO_TCP), 8366);
	ck_assert_int_eq(svc_count_proto(in, PROTO_UDP), 19022);
	ck_assert_int_eq(svc_count_proto(in, PROTO_SCTP), 52);
	for (r = in->first; r != NULL; r = r->next) {
		if (r->kind != REC_SERVICE)
			continue;
		unknown += strcmp(r->u.svc.name, "unknown") == 0;
		nofreq += r->u.svc.frequency < 0 || r->u.svc.frequency > 1;
	}
	/* awk -F'\t' '$1 == "unknown"' | wc -l */
	ck_assert_int_eq(unknown, 15324);
	ck_assert_int_eq(nofreq, 0);
	r = tu_nth(in, REC_SERVICE, 0);
	ck_assert_uint_eq(r->line, 23);
	ck_assert_str_eq(r->u.svc.name, "tcpmux");
	ck_assert_double_eq_tol(r->u.svc.frequency, 0.001995, 1e-12);
	ck_assert_str_eq(r->u.svc.comment, "TCP Port Service Multiplexer "
	    "[rfc-1078] | TCP Port Service Multiplexer");
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert(r->u.svc.frequency == 0.484143);
	ck_assert_str_eq(r->u.svc.comment, "World Wide Web HTTP");
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "sctp", 80));
	ck_assert(r->u.svc.frequency == 0);
	ck_assert_str_eq(r->u.svc.comment,
	    "www-http | www | World Wide Web HTTP");
	ck_assert_ptr_nonnull(r = svc_find(in, "unknown", "tcp", 4));
	ck_assert_double_eq_tol(r->u.svc.frequency, 0.000477, 1e-12);
	ck_assert_ptr_null(r->u.svc.comment);
	fleet_free(f);
}
END_TEST

START_TEST(test_reactos)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	/* 8239 lines: 1 blank + 16 comments, 8222 entries */
	f = svc_sample("reactos-media-drivers-etc-services", &in, 8239, 17,
	    8222);
	ck_assert_int_eq(svc_count_proto(in, PROTO_TCP), 4117);
	ck_assert_int_eq(svc_count_proto(in, PROTO_UDP), 4105);
	r = tu_nth(in, REC_SERVICE, 0);
	ck_assert_uint_eq(r->line, 13);
	ck_assert_str_eq(r->u.svc.comment, "TCP Port Service Multiplexer");
	ck_assert_ptr_nonnull(r = svc_find(in, "discard", "tcp", 9));
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_str_eq(r->u.svc.aliases[0], "sink");
	ck_assert_str_eq(r->u.svc.aliases[1], "null");
	ck_assert_str_eq(r->u.svc.comment, "Discard");
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert_uint_eq(r->line, 131);
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_str_eq(r->u.svc.comment, "World Wide Web HTTP");
	fleet_free(f);
}
END_TEST

START_TEST(test_windows_crlf)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_file(tu_fixture(SVC_DIR "windows-crlf-services"), NULL,
	    &in);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, "services");
	tu_assert_lines(in, 47, 38, 9, 0);
	ck_assert_int_eq(svc_count_aliases(in), 31);
	/* trailing blanks after an entry, CR removed by the core */
	ck_assert_ptr_nonnull(r = svc_find(in, "echo", "tcp", 7));
	ck_assert_uint_eq(r->line, 10);
	ck_assert_int_eq(r->u.svc.naliases, 0);
	ck_assert_ptr_null(r->u.svc.comment);
	/* "#comment" without a space */
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_str_eq(r->u.svc.aliases[0], "www");
	ck_assert_str_eq(r->u.svc.aliases[1], "www-http");
	ck_assert_str_eq(r->u.svc.comment, "World Wide Web");
	ck_assert_ptr_nonnull(r = svc_find(in, "https", "udp", 443));
	ck_assert_str_eq(r->u.svc.aliases[0], "MCom");
	ck_assert_str_eq(r->u.svc.comment, "HTTP over TLS/SSL");
	ck_assert_ptr_nonnull(r = svc_find(in, "ftp-data", "tcp", 20));
	ck_assert_str_eq(r->u.svc.comment, "FTP, data");
	/* tabs, and trailing blanks after the comment */
	ck_assert_ptr_nonnull(r = svc_find(in, "ms-wbt-server", "tcp", 3389));
	ck_assert_int_eq(r->u.svc.naliases, 1);
	ck_assert_str_eq(r->u.svc.aliases[0], "rdp");
	ck_assert_str_eq(r->u.svc.comment, "Remote Desktop");
	ck_assert_ptr_nonnull(r = svc_find(in, "exchange-mta", "tcp", 2000));
	ck_assert_int_eq(r->u.svc.naliases, 0);
	ck_assert_str_eq(r->u.svc.comment, "Exchange MTA, fixed by the admin");
	/* duplicate names for two protocols */
	ck_assert_ptr_nonnull(svc_find(in, "kerberos", "udp", 88));
	ck_assert_str_eq(svc_find(in, "kerberos", "tcp", 88)->u.svc.aliases[1],
	    "kerberos-sec");
	fleet_free(f);
}
END_TEST

START_TEST(test_freebsd_nis)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(tu_fixture(SVC_DIR "freebsd-nis-services"), NULL,
	    "services", &in);
	ck_assert_uint_eq(in->lines, 28);
	ck_assert_uint_eq(in->lines_known, 11);	/* 10 comments and "+" */
	ck_assert_uint_eq(in->lines_record, 17);
	ck_assert_uint_eq(in->lines_unparsed, 0);
	tu_assert_accounting(in);
	ck_assert_int_eq(svc_count_proto(in, PROTO_DDP), 3);
	ck_assert_int_eq(svc_count_proto(in, PROTO_SCTP), 3);
	ck_assert_ptr_nonnull(r = svc_find(in, "discard", "sctp", 9));
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_ptr_nonnull(r = svc_find(in, NULL, "tcp", 24));
	ck_assert_uint_eq(r->line, 23);
	/* protocol lowercased, the name kept as written */
	ck_assert_ptr_nonnull(r = svc_find(in, "HTTP-ALT", "tcp", 8080));
	ck_assert_int_eq(r->u.svc.proto, PROTO_TCP);
	ck_assert_ptr_nonnull(r = svc_find(in, "natd", "divert", 8668));
	ck_assert_int_eq(r->u.svc.proto, PROTO_OTHER);
	ck_assert_str_eq(r->u.svc.comment, "Network Address Translation");
	fleet_free(f);
}
END_TEST

START_TEST(test_nmap_noheader)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(tu_fixture(SVC_DIR "nmap-noheader-services"), NULL,
	    "services", &in);
	ck_assert_uint_eq(in->lines, 11);
	ck_assert_uint_eq(in->lines_record, 11);
	tu_assert_accounting(in);
	ck_assert_int_eq(svc_count_aliases(in), 0);
	ck_assert_ptr_nonnull(r = svc_find(in, "http", "tcp", 80));
	ck_assert(r->u.svc.frequency == 0.484143);
	ck_assert_ptr_nonnull(r = svc_find(in, "unknown", "udp", 1000));
	ck_assert(r->u.svc.frequency == 0.000610);
	ck_assert_ptr_null(r->u.svc.comment);
	ck_assert_ptr_nonnull(r = svc_find(in, "ms-wbt-server", "tcp", 3389));
	ck_assert_double_eq_tol(r->u.svc.frequency, 0.083904, 1e-12);
	fleet_free(f);
}
END_TEST

START_TEST(test_numeric_alias)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	/* a plain file: a number in the third field is an alias */
	f = tu_parse_file(tu_fixture(SVC_DIR "plain-numeric-alias-services"),
	    "services", &in);
	ck_assert_uint_eq(in->lines_record, 2);
	ck_assert_ptr_nonnull(r = svc_find(in, "mirror", "tcp", 8081));
	ck_assert(r->u.svc.frequency == -1);
	ck_assert_int_eq(r->u.svc.naliases, 2);
	ck_assert_str_eq(r->u.svc.aliases[0], "1.0");
	ck_assert_str_eq(r->u.svc.aliases[1], "v1.0");
	fleet_free(f);
}
END_TEST

START_TEST(test_hostile_lines)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_file(tu_fixture(SVC_DIR "hostile-services"), "services",
	    &in);
	tu_assert_lines(in, 16, 4, 2, 10);
	ck_assert_int_eq(tu_unparsed_code(in, 3), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 4), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 5), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 6), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 7), DIAG_BAD_PORT);
	ck_assert_int_eq(tu_unparsed_code(in, 8), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 9), DIAG_LINE_UNKNOWN);
	ck_assert_int_eq(tu_unparsed_code(in, 10), DIAG_LINE_SHORT);
	ck_assert_int_eq(tu_unparsed_code(in, 11), DIAG_LINE_SHORT);
	ck_assert_int_eq(tu_unparsed_code(in, 12), DIAG_LINE_UNKNOWN);
	ck_assert_str_eq(svc_unparsed_at(in, 3)->text,
	    "bigport\t\t99999/tcp\t\t# out of range");
	ck_assert_ptr_null(svc_find(in, "bigport", NULL, -1));
	/* the lines after the bad ones are still read */
	ck_assert_ptr_nonnull(r = svc_find(in, "discard", "udp", 9));
	ck_assert_uint_eq(r->line, 13);
	ck_assert_ptr_nonnull(svc_find(in, "max", "tcp", 65535));
	ck_assert_ptr_nonnull(svc_find(in, "zero", "udp", 0));
	fleet_free(f);
}
END_TEST

/* A 10,000-character alias list, then a 5 MB one: linear time. */
START_TEST(test_long_alias_lists)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	char		*buf, *s;
	size_t		 i, cap = 6 * 1024 * 1024;

	buf = malloc(cap);
	s = buf + sprintf(buf, "# services\necho\t7/tcp\nlongest\t9/tcp\t");
	for (i = 0; i < 1000; i++)	/* 1000 x 10 characters */
		s += sprintf(s, "al%06zu ", i);
	s += sprintf(s, "# ten thousand\nhuge\t10/udp ");
	for (i = 0; i < 5 * 1024 * 1024 / 2; i++) {
		*s++ = 'a' + i % 26;
		*s++ = ' ';
	}
	s += sprintf(s, "\nafter\t11/tcp\n");
	f = tu_parse_text(buf, s - buf, NULL, &in);
	ck_assert_str_eq(in->coll->name, "services");
	ck_assert_uint_eq(in->lines, 5);
	ck_assert_uint_eq(in->lines_record, 4);
	tu_assert_accounting(in);
	ck_assert_ptr_nonnull(r = svc_find(in, "longest", "tcp", 9));
	ck_assert_int_eq(r->u.svc.naliases, 1000);
	ck_assert_str_eq(r->u.svc.aliases[0], "al000000");
	ck_assert_str_eq(r->u.svc.aliases[999], "al000999");
	ck_assert_str_eq(r->u.svc.comment, "ten thousand");
	ck_assert_ptr_nonnull(r = svc_find(in, "huge", "udp", 10));
	/* The line was cut at 1 MiB (line-long), after "huge\t10/udp ". */
	ck_assert_int_eq(r->u.svc.naliases, (1024 * 1024 - 12) / 2);
	ck_assert_uint_eq(in->ndiag, 1);
	ck_assert_str_eq(r->u.svc.aliases[27], "b");
	/* interned: repeated aliases share storage */
	ck_assert_ptr_eq(r->u.svc.aliases[0], r->u.svc.aliases[26]);
	ck_assert_ptr_nonnull(svc_find(in, "after", "tcp", 11));
	fleet_free(f);
	free(buf);
}
END_TEST

/* Random bytes and NULs: no crash, every line accounted for. */
START_TEST(test_random_bytes)
{
	struct fleet	*f;
	struct input	*in;
	unsigned char	*buf;
	size_t		 i, n, len = 256 * 1024;

	buf = malloc(len + 64);
	n = sprintf((char *)buf, "echo\t7/tcp\ndiscard\t9/udp\tsink\n");
	tu_noise(buf + n, len - n, 12345);
	for (i = n; i < len; i++) {
		if (buf[i] == 0x0b)
			buf[i] = 0;	/* some NULs among the noise */
	}
	n = len + sprintf((char *)buf + len, "\nlast\t99/tcp\n");
	f = tu_parse_text((char *)buf, n, "services", &in);
	ck_assert_int_eq(in->status, INPUT_OK);
	tu_assert_accounting(in);
	ck_assert_uint_gt(in->lines_unparsed, 100);
	ck_assert_ptr_nonnull(svc_find(in, "echo", "tcp", 7));
	ck_assert_ptr_nonnull(svc_find(in, "last", "tcp", 99));
	ck_assert_int_eq(svc_count_unparsed(in, DIAG_UNCLASSIFIED), 0);
	fleet_free(f);
	free(buf);
}
END_TEST

/* Not ours: the sniffer leaves netstat output and IANA CSV alone. */
START_TEST(test_sniff)
{
	static const char netstat[] =
	    "Active Internet connections (only servers)\n"
	    "Proto Recv-Q Send-Q Local Address Foreign Address State\n"
	    "tcp        0      0 0.0.0.0:22    0.0.0.0:*       LISTEN\n";
	static const char iana[] =
	    "http,80,tcp,World Wide Web HTTP,,,,,,,,\r\n"
	    "http,80,udp,World Wide Web HTTP,,,,,,,,\r\n";
	static const char svc[] =
	    "http\t80/tcp\twww\nhttps\t443/tcp\nssh\t22/tcp#SSH\n";

	ck_assert_int_eq(collector_services.sniff(netstat,
	    sizeof(netstat) - 1), 0);
	ck_assert_int_eq(collector_services.sniff(iana, sizeof(iana) - 1), 0);
	ck_assert_int_ge(collector_services.sniff(svc, sizeof(svc) - 1), 70);
	ck_assert_int_eq(collector_services.sniff("", 0), 0);
}
END_TEST

static Suite *
svc_suite(void)
{
	Suite	*s = suite_create("services");
	TCase	*t = tcase_create("services");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_debian);
	tcase_add_test(t, test_gentoo);
	tcase_add_test(t, test_macos);
	tcase_add_test(t, test_mikrotik);
	tcase_add_test(t, test_nmap);
	tcase_add_test(t, test_reactos);
	tcase_add_test(t, test_windows_crlf);
	tcase_add_test(t, test_freebsd_nis);
	tcase_add_test(t, test_nmap_noheader);
	tcase_add_test(t, test_numeric_alias);
	tcase_add_test(t, test_hostile_lines);
	tcase_add_test(t, test_long_alias_lists);
	tcase_add_test(t, test_random_bytes);
	tcase_add_test(t, test_sniff);
	suite_add_tcase(s, t);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(svc_suite()));
}
