/*
 * Check suite for collectors/iana_csv.c: both halves of the split IANA
 * registry sample, their concatenation (the original file), fixtures for
 * the old header, a headerless copy and broken rows, and hostile input.
 * Expected counts come from awk over the files (a row starts on a line
 * reached outside quotes), not from the collector's output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "portaudit.h"
#include "collector.h"
#include "testutil.h"

#define IANA_PART1	"services/iana-service-names-port-numbers-2024-05." \
			"part1of2.csv"
#define IANA_PART2	"services/iana-service-names-port-numbers-2024-05." \
			"part2of2.csv"
#define IANA_PART1_LINES	7993

/* The record of a line (any kind), or NULL. */
static struct record *
iana_at(struct input *in, unsigned line)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->line == line)
			return (r);
	return (NULL);
}

/* The first service record with this name, protocol and port. */
static struct record *
iana_find(struct input *in, const char *name, const char *proto, int port)
{
	struct record	*r;

	for (r = in->first; r != NULL; r = r->next)
		if (r->kind == REC_SERVICE && r->u.svc.name != NULL &&
		    strcmp(r->u.svc.name, name) == 0 &&
		    r->u.svc.proto_name != NULL &&
		    strcmp(r->u.svc.proto_name, proto) == 0 &&
		    r->u.svc.port == port)
			return (r);
	return (NULL);
}

struct iana_tally {
	int	 tcp, udp, sctp, dccp, none;
	int	 noname, noport, ranges, freq;
};

static void
iana_tally(struct input *in, struct iana_tally *t)
{
	struct record	*r;

	memset(t, 0, sizeof(*t));
	for (r = in->first; r != NULL; r = r->next) {
		if (r->kind != REC_SERVICE)
			continue;
		t->tcp += r->u.svc.proto == PROTO_TCP;
		t->udp += r->u.svc.proto == PROTO_UDP;
		t->sctp += r->u.svc.proto == PROTO_SCTP;
		t->dccp += r->u.svc.proto == PROTO_DCCP;
		t->none += r->u.svc.proto == PROTO_NONE;
		t->noname += r->u.svc.name == NULL;
		t->noport += r->u.svc.port == -1;
		t->ranges += r->u.svc.port_last != r->u.svc.port;
		t->freq += r->u.svc.frequency != -1 || r->u.svc.naliases != 0;
	}
}

static void
iana_assert_counts(struct input *in, unsigned long lines,
    unsigned long known, unsigned long records)
{
	ck_assert_int_eq(in->status, INPUT_OK);
	ck_assert_ptr_nonnull(in->coll);
	ck_assert_str_eq(in->coll->name, "iana-csv");
	tu_assert_lines(in, lines, records, known, 0);
	ck_assert_uint_eq(in->records, records);
	ck_assert_int_eq(tu_count(in, REC_SERVICE), (int)records);
}

/* The whois++ row of part 1: lines 135-137, its notes span three lines. */
static void
iana_assert_whois(struct input *in, unsigned off)
{
	struct record	*r;

	ck_assert_ptr_nonnull(r = iana_at(in, off + 134));
	ck_assert_str_eq(r->u.svc.name, "whoispp");
	ck_assert_str_eq(r->u.svc.comment, "whois++ IANA assigned this "
	    "well-formed service name as a replacement for \"whois++\".");
	ck_assert_ptr_nonnull(r = iana_at(in, off + 135));
	ck_assert_int_eq(r->kind, REC_SERVICE);
	ck_assert_str_eq(r->u.svc.name, "whois++");
	ck_assert_int_eq(r->u.svc.port, 63);
	ck_assert_int_eq(r->u.svc.proto, PROTO_TCP);
	ck_assert_str_eq(r->u.svc.comment, "whois++");
	ck_assert_str_eq(r->text, "whois++,63,tcp,whois++,[Rickard_Schoultz],"
	    "[Rickard_Schoultz],,,,,,\"This entry is an alias to "
	    "\"\"whoispp\"\".");
	ck_assert_ptr_null(iana_at(in, off + 136));	/* known lines */
	ck_assert_ptr_null(iana_at(in, off + 137));
	ck_assert_ptr_nonnull(r = iana_at(in, off + 138));
	ck_assert_str_eq(r->u.svc.name, "whoispp");
	ck_assert_int_eq(r->u.svc.proto, PROTO_UDP);
}

START_TEST(test_part1)
{
	struct fleet		*f;
	struct input		*in;
	struct record		*r;
	struct iana_tally	 t;

	/* 7993 lines: header + 7697 rows, 295 continuation lines */
	f = tu_parse_file(tu_sample(IANA_PART1), NULL, &in);
	iana_assert_counts(in, 7993, 296, 7697);
	ck_assert_ptr_null(iana_at(in, 1));		/* the header */
	ck_assert_ptr_nonnull(r = iana_at(in, 2));
	ck_assert_ptr_null(r->u.svc.name);
	ck_assert_int_eq(r->u.svc.port, 0);
	ck_assert_int_eq(r->u.svc.port_last, 0);
	ck_assert_str_eq(r->u.svc.proto_name, "tcp");
	ck_assert_str_eq(r->u.svc.comment, "Reserved");
	ck_assert(r->u.svc.frequency == -1);
	iana_assert_whois(in, 0);
	ck_assert_ptr_nonnull(r = iana_at(in, 2509));
	ck_assert_str_eq(r->u.svc.name, "ms-sql-s");
	ck_assert_int_eq(r->u.svc.port, 1433);
	ck_assert_int_eq(r->u.svc.port_last, 1433);
	ck_assert_int_eq(r->u.svc.proto, PROTO_TCP);
	ck_assert_str_eq(r->u.svc.comment, "Microsoft-SQL-Server");
	ck_assert_ptr_nonnull(iana_find(in, "ms-sql-s", "udp", 1433));
	ck_assert_ptr_nonnull(r = iana_at(in, 23));
	ck_assert_str_eq(r->u.svc.name, "discard");
	ck_assert_int_eq(r->u.svc.proto, PROTO_DCCP);
	ck_assert_str_eq(r->u.svc.proto_name, "dccp");
	ck_assert_ptr_nonnull(r = iana_find(in, "http", "sctp", 80));
	ck_assert_uint_eq(r->line, 226);
	ck_assert_int_eq(r->u.svc.proto, PROTO_SCTP);
	/* the last row's notes run to the last line of the file */
	ck_assert_ptr_nonnull(r = iana_at(in, 7991));
	ck_assert_str_eq(r->u.svc.name, "dsmeter_iatc");
	ck_assert_int_eq(r->u.svc.port, 4060);
	ck_assert_int_eq(r->u.svc.proto, PROTO_UDP);
	ck_assert_ptr_null(iana_at(in, 7992));
	ck_assert_ptr_null(iana_at(in, 7993));
	iana_tally(in, &t);
	ck_assert_int_eq(t.freq, 0);
	fleet_free(f);
}
END_TEST

START_TEST(test_part2_headerless)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	/* 7104 lines, no header: 6750 rows, 354 continuation lines */
	f = tu_parse_file(tu_sample(IANA_PART2), NULL, &in);
	iana_assert_counts(in, 7104, 354, 6750);
	ck_assert_ptr_nonnull(r = iana_at(in, 1));
	ck_assert_str_eq(r->text, "ice-location,4061,tcp,Ice Location Service "
	    "(TCP),,,,,,,,");
	ck_assert_str_eq(r->u.svc.name, "ice-location");
	ck_assert_int_eq(r->u.svc.port, 4061);
	ck_assert_int_eq(r->u.svc.proto, PROTO_TCP);
	ck_assert_ptr_nonnull(r = iana_at(in, 2));
	ck_assert_int_eq(r->u.svc.proto, PROTO_UDP);
	/* a range of unassigned ports */
	ck_assert_ptr_nonnull(r = iana_at(in, 5719));
	ck_assert_ptr_null(r->u.svc.name);
	ck_assert_int_eq(r->u.svc.port, 43192);
	ck_assert_int_eq(r->u.svc.port_last, 43209);
	ck_assert_int_eq(r->u.svc.proto, PROTO_NONE);
	ck_assert_ptr_null(r->u.svc.proto_name);
	ck_assert_str_eq(r->u.svc.comment, "Unassigned");
	/* a name-only (DNS-SD) entry on the last line */
	ck_assert_ptr_nonnull(r = iana_at(in, 7104));
	ck_assert_str_eq(r->u.svc.name, "zigbee-gateway");
	ck_assert_int_eq(r->u.svc.port, -1);
	ck_assert_int_eq(r->u.svc.port_last, -1);
	ck_assert_int_eq(r->u.svc.proto, PROTO_UDP);
	ck_assert_str_eq(r->u.svc.comment, "ZigBee IP Gateway");
	fleet_free(f);
}
END_TEST

/* cat part1 part2 is the original file. */
START_TEST(test_concatenated)
{
	struct fleet		*f;
	struct input		*in;
	struct record		*r;
	struct iana_tally	 t;
	FILE			*fp;
	char			*buf;
	size_t			 len = 0, n, cap = 2 * 1024 * 1024;
	const char		*parts[2] = { NULL, NULL };
	int			 i;

	parts[0] = tu_sample(IANA_PART1);
	parts[1] = tu_sample(IANA_PART2);
	buf = malloc(cap);
	for (i = 0; i < 2; i++) {
		ck_assert_ptr_nonnull(fp = fopen(parts[i], "rb"));
		n = fread(buf + len, 1, cap - len, fp);
		fclose(fp);
		len += n;
	}
	ck_assert_uint_eq(len, 1145691);
	f = tu_parse_file(tu_write_temp(buf, len,
	    "service-names-port-numbers.csv"), NULL, &in);
	free(buf);
	/* 15097 lines: header + 14447 rows, 649 continuation lines */
	iana_assert_counts(in, 15097, 650, 14447);
	iana_assert_whois(in, 0);
	ck_assert_ptr_nonnull(r = iana_at(in, IANA_PART1_LINES - 2));
	ck_assert_str_eq(r->u.svc.name, "dsmeter_iatc");
	ck_assert_ptr_nonnull(r = iana_at(in, IANA_PART1_LINES + 1));
	ck_assert_str_eq(r->u.svc.name, "ice-location");
	ck_assert_ptr_nonnull(r = iana_at(in, IANA_PART1_LINES + 5719));
	ck_assert_int_eq(r->u.svc.port, 43192);
	ck_assert_int_eq(r->u.svc.port_last, 43209);
	/* python's csv module over the original agrees on these */
	iana_tally(in, &t);
	ck_assert_int_eq(t.tcp, 6562);
	ck_assert_int_eq(t.udp, 6329);
	ck_assert_int_eq(t.sctp, 92);
	ck_assert_int_eq(t.dccp, 11);
	ck_assert_int_eq(t.none, 1453);
	ck_assert_int_eq(t.noname, 1692);
	ck_assert_int_eq(t.noport, 1039);
	/* 756 ports written as ranges, 6 of them "N-N" (4748-4748) */
	ck_assert_int_eq(t.ranges, 750);
	fleet_free(f);
}
END_TEST

START_TEST(test_old_header)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_file(tu_fixture("iana_csv/old-header-multiline.csv"),
	    NULL, &in);
	iana_assert_counts(in, 12, 3, 9);
	ck_assert_ptr_null(iana_at(in, 1));
	ck_assert_ptr_nonnull(r = iana_at(in, 5));
	ck_assert_str_eq(r->u.svc.name, "whois++");
	ck_assert_ptr_null(iana_at(in, 6));
	ck_assert_ptr_null(iana_at(in, 7));
	ck_assert_ptr_nonnull(r = iana_at(in, 8));
	ck_assert_str_eq(r->u.svc.name, "ms-sql-s");
	ck_assert_ptr_nonnull(r = iana_at(in, 9));
	ck_assert_int_eq(r->u.svc.port, 43192);
	ck_assert_int_eq(r->u.svc.port_last, 43209);
	ck_assert_ptr_nonnull(r = iana_at(in, 10));
	ck_assert_int_eq(r->u.svc.proto, PROTO_SCTP);
	ck_assert_ptr_nonnull(r = iana_at(in, 11));
	ck_assert_str_eq(r->u.svc.name, "caf\xc3\xa9-sync");
	ck_assert_str_eq(r->u.svc.comment, "Caf\xc3\xa9 sync, with a comma");
	ck_assert_ptr_nonnull(r = iana_at(in, 12));
	ck_assert_int_eq(r->u.svc.port, -1);
	fleet_free(f);
}
END_TEST

START_TEST(test_headerless_fixture)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_parse_file(tu_fixture("iana_csv/headerless.csv"), NULL, &in);
	iana_assert_counts(in, 5, 2, 3);
	ck_assert_ptr_nonnull(r = iana_at(in, 1));
	ck_assert_str_eq(r->u.svc.name, "dsmeter_iatc");
	ck_assert_str_eq(r->u.svc.comment,
	    "DSMETER Inter-Agent Transfer Channel");
	ck_assert_ptr_nonnull(r = iana_at(in, 5));
	ck_assert_int_eq(r->u.svc.proto, PROTO_UDP);
	fleet_free(f);
}
END_TEST

static void
iana_assert_code(struct input *in, unsigned line, int code)
{
	struct record	*r;

	r = iana_at(in, line);
	ck_assert_msg(r != NULL, "no record for line %u", line);
	ck_assert_msg(r->kind == REC_UNPARSED && r->u.unp.code == code,
	    "line %u: kind %d code %d, want unparsed %d", line, r->kind,
	    r->kind == REC_UNPARSED ? r->u.unp.code : -1, code);
}

START_TEST(test_broken_rows)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;

	f = tu_read(tu_fixture("iana_csv/broken.csv"), NULL, "iana-csv", &in);
	ck_assert_uint_eq(in->lines, 18);
	ck_assert_uint_eq(in->lines_known, 2);	/* header, blank line */
	ck_assert_uint_eq(in->lines_record, 2);
	ck_assert_uint_eq(in->lines_unparsed, 14);
	tu_assert_accounting(in);
	iana_assert_code(in, 3, DIAG_CSV_COLUMNS);
	iana_assert_code(in, 4, DIAG_CSV_COLUMNS);
	iana_assert_code(in, 5, DIAG_BAD_PORT);
	iana_assert_code(in, 6, DIAG_BAD_PORT);
	iana_assert_code(in, 7, DIAG_BAD_RANGE);
	iana_assert_code(in, 8, DIAG_BAD_PORT);
	iana_assert_code(in, 9, DIAG_LINE_UNKNOWN);
	iana_assert_code(in, 10, DIAG_CSV_SYNTAX);
	iana_assert_code(in, 11, DIAG_CSV_SYNTAX);
	/* a two-line row with 7 columns: both lines */
	iana_assert_code(in, 13, DIAG_CSV_COLUMNS);
	iana_assert_code(in, 14, DIAG_CSV_COLUMNS);
	/* rows after the errors are read */
	ck_assert_ptr_nonnull(r = iana_at(in, 15));
	ck_assert_int_eq(r->kind, REC_SERVICE);
	ck_assert_str_eq(r->u.svc.name, "good");
	/* a quote open until the end: every line of its row */
	iana_assert_code(in, 16, DIAG_CSV_SYNTAX);
	iana_assert_code(in, 17, DIAG_CSV_SYNTAX);
	iana_assert_code(in, 18, DIAG_CSV_SYNTAX);
	ck_assert_str_eq(iana_at(in, 17)->text, "and goes on,,,,,,,,,,,");
	fleet_free(f);
}
END_TEST

/* A quote left open long before the end costs only its own line. */
START_TEST(test_open_quote_resync)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	char		*buf, *s;
	int		 i;

	buf = malloc(256 * 1024);
	s = buf + sprintf(buf, "echo,7,tcp,Echo,,,,,,,,\"never closed\r\n");
	for (i = 0; i < 2000; i++)
		s += sprintf(s, "svc%d,%d,udp,Row %d,,,,,,,,\r\n", i, 1000 + i,
		    i);
	f = tu_parse_text(buf, s - buf, "iana-csv", &in);
	free(buf);
	ck_assert_uint_eq(in->lines, 2001);
	tu_assert_accounting(in);
	iana_assert_code(in, 1, DIAG_CSV_SYNTAX);
	ck_assert_uint_eq(in->lines_unparsed, 1);
	ck_assert_uint_eq(in->lines_record, 2000);
	ck_assert_ptr_nonnull(r = iana_at(in, 2));
	ck_assert_str_eq(r->u.svc.name, "svc0");
	ck_assert_ptr_nonnull(r = iana_at(in, 2001));
	ck_assert_int_eq(r->u.svc.port, 2999);
	fleet_free(f);
}
END_TEST

/* Random bytes and NULs: no crash, every line accounted for. */
START_TEST(test_random)
{
	struct fleet	*f;
	struct input	*in;
	char		*buf, *s;
	size_t		 i;

	buf = malloc(128 * 1024);
	s = buf + sprintf(buf, "http,80,tcp,World Wide Web HTTP,,,,,,,,\r\n");
	tu_noise(s, 64 * 1024, 4242);
	for (i = 0; i < 64 * 1024; i++) {
		if (*s == 0x0b)
			*s = '\0';
		s++;
	}
	f = tu_parse_text(buf, s - buf, "iana-csv", &in);
	free(buf);
	ck_assert_int_eq(in->status, INPUT_OK);
	tu_assert_accounting(in);
	ck_assert_uint_eq(in->lines_record, 1);
	ck_assert_ptr_nonnull(iana_find(in, "http", "tcp", 80));
	ck_assert_uint_gt(in->lines_unparsed, 100);
	fleet_free(f);
}
END_TEST

/* A 5 MB field on one line, between ordinary rows. */
START_TEST(test_long_line)
{
	struct fleet	*f;
	struct input	*in;
	struct record	*r;
	char		*buf, *s;
	size_t		 i;

	buf = malloc(6 * 1024 * 1024);
	s = buf + sprintf(buf, "http,80,tcp,World Wide Web HTTP,,,,,,,,\r\n"
	    "long,81,tcp,");
	for (i = 0; i < 5 * 1024 * 1024; i++)
		*s++ = 'a' + i % 26;
	s += sprintf(s, ",,,,,,,,\r\nlast,82,udp,Last row,,,,,,,,\r\n");
	f = tu_parse_text(buf, s - buf, NULL, &in);
	free(buf);
	/* Cut at 1 MiB (line-long), the row lost its last columns. */
	ck_assert_str_eq(in->coll->name, "iana-csv");
	tu_assert_lines(in, 3, 2, 0, 1);
	ck_assert_int_eq(tu_unparsed_code(in, 2), DIAG_CSV_COLUMNS);
	ck_assert_uint_eq(in->ndiag, 2);
	ck_assert_ptr_null(iana_find(in, "long", "tcp", 81));
	ck_assert_ptr_nonnull(r = iana_find(in, "http", "tcp", 80));
	ck_assert_ptr_nonnull(iana_find(in, "last", "udp", 82));
	fleet_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	static const char header[] = "Service Name,Port Number,Transport "
	    "Protocol,Description,Assignee,Contact,Registration Date,"
	    "Modification Date,Reference,Service Code,Unauthorized Use "
	    "Reported,Assignment Notes\r\n";
	static const char rows[] =
	    "ice-location,4061,tcp,Ice Location Service (TCP),,,,,,,,\r\n"
	    ",43192-43209,,Unassigned,,,,,,,,\r\n"
	    "zeromq,,udp,High performance brokerless messaging,,,,,,,,\r\n";
	static const char other[] =
	    "\"LocalAddress\",\"LocalPort\",\"RemoteAddress\",\"State\"\r\n"
	    "\"0.0.0.0\",\"135\",\"0.0.0.0\",\"Listen\"\r\n";
	static const char svc[] = "http\t80/tcp\twww\nhttps\t443/tcp\n";

	ck_assert_int_eq(collector_iana_csv.sniff(header, sizeof(header) - 1),
	    100);
	ck_assert_int_ge(collector_iana_csv.sniff(rows, sizeof(rows) - 1), 90);
	ck_assert_int_eq(collector_iana_csv.sniff(other, sizeof(other) - 1),
	    0);
	ck_assert_int_eq(collector_iana_csv.sniff(svc, sizeof(svc) - 1), 0);
	ck_assert_int_eq(collector_iana_csv.sniff("", 0), 0);
}
END_TEST

static Suite *
iana_suite(void)
{
	Suite	*s = suite_create("iana_csv");
	TCase	*t = tcase_create("iana_csv");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_part1);
	tcase_add_test(t, test_part2_headerless);
	tcase_add_test(t, test_concatenated);
	tcase_add_test(t, test_old_header);
	tcase_add_test(t, test_headerless_fixture);
	tcase_add_test(t, test_broken_rows);
	tcase_add_test(t, test_open_quote_resync);
	tcase_add_test(t, test_random);
	tcase_add_test(t, test_long_line);
	tcase_add_test(t, test_sniff);
	suite_add_tcase(s, t);
	return (s);
}

int
main(void)
{
	return (tu_run_suite(iana_suite()));
}
