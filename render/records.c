/*
 * The records of one input as inspect prints them: JSON Lines (one object
 * per record, fields in a fixed order, as jansson's compact output would
 * have them) or CSV with one fixed header for every kind.  Both are
 * written straight into a bufw buffer: no object per record.  Field names
 * are part of the interface: tests and later tools rely on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "render.h"
#include "bufw_inline.h"

/*
 * What every record of an input repeats, written once per input: its
 * source and host as a JSON string or a CSV cell.
 */
struct records_fixed {
	const char	*path;		/* what src holds */
	const char	*host;		/* what hst holds */
	struct bufw	 src;
	struct bufw	 hst;
};

/* ,"key":"value" (or null); key a string literal. */
#define RECORDS_JSTR(b, key, v) do {					\
	BUFW_LIT((b), ",\"" key "\":");				\
	bufw_json_str((b), (v));					\
} while (0)

/* ,"key":N, or null when negative. */
#define RECORDS_JINT(b, key, v) do {					\
	BUFW_LIT((b), ",\"" key "\":");				\
	records_jnum((b), (v));						\
} while (0)

/* ,"key":true or false. */
#define RECORDS_JBOOL(b, key, v) do {					\
	if (v)								\
		BUFW_LIT((b), ",\"" key "\":true");			\
	else								\
		BUFW_LIT((b), ",\"" key "\":false");			\
} while (0)

static inline void
records_jnum(struct bufw *b, long v)
{
	if (v < 0)
		BUFW_LIT(b, "null");
	else
		bufw_ulong(b, v);
}

/* ,"key":["a","b"] */
static void
records_jarray(struct bufw *b, const char *key, const char **v, int n)
{
	int	 i;

	bufw_json_key(b, key, 0);
	BUFW_LIT(b, "[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			BUFW_LIT(b, ",");
		bufw_json_str(b, v[i]);
	}
	BUFW_LIT(b, "]");
}

static void
records_sock_json(struct bufw *b, const struct sockrec *s)
{
	RECORDS_JSTR(b, "proto", proto_name(s->proto));
	RECORDS_JSTR(b, "family", family_name(s->family));
	RECORDS_JSTR(b, "local_addr", s->local_addr);
	RECORDS_JINT(b, "local_port", s->local_port);
	RECORDS_JSTR(b, "local_port_name", s->local_port_name);
	RECORDS_JSTR(b, "remote_addr", s->remote_addr);
	RECORDS_JINT(b, "remote_port", s->remote_port);
	RECORDS_JSTR(b, "state", state_name(s->state));
	RECORDS_JINT(b, "pid", s->pid);
	RECORDS_JSTR(b, "process", s->process);
	RECORDS_JSTR(b, "service", s->service);
	RECORDS_JBOOL(b, "owner_unknown", s->owner_unknown);
}

static void
records_setting_json(struct bufw *b, const struct settingrec *s)
{
	RECORDS_JSTR(b, "key", s->key);
	RECORDS_JSTR(b, "name", s->name);
	RECORDS_JSTR(b, "type", s->type);
	RECORDS_JSTR(b, "proto", proto_name(s->proto));
	RECORDS_JINT(b, "port", s->port);
	RECORDS_JSTR(b, "service", s->service);
	RECORDS_JSTR(b, "label", s->label);
	RECORDS_JSTR(b, "owner", s->owner);
	RECORDS_JSTR(b, "raw", s->raw);
	if (s->scope != NULL)
		RECORDS_JSTR(b, "scope", s->scope);
	if (s->ignored != NULL)
		RECORDS_JSTR(b, "ignored", s->ignored);
	if (s->unconfirmed)
		RECORDS_JBOOL(b, "unconfirmed", 1);
}

static void
records_range_json(struct bufw *b, const struct rangerec *r)
{
	RECORDS_JSTR(b, "what", rwhat_name(r->what));
	RECORDS_JSTR(b, "proto", proto_name(r->proto));
	RECORDS_JSTR(b, "family", family_name(r->family));
	bufw_json_key(b, "first", 0);
	bufw_long(b, r->first);
	bufw_json_key(b, "last", 0);
	bufw_long(b, r->last);
	RECORDS_JSTR(b, "setting", r->setting);
	RECORDS_JBOOL(b, "administered", r->administered);
	if (r->what == RANGE_SOCKETPOOL) {
		bufw_json_key(b, "count", 0);
		bufw_long(b, r->count);
	}
	if (r->peer != NULL)
		RECORDS_JSTR(b, "peer", r->peer);
}

static const char *
records_svc_proto(const struct servicerec *s)
{
	return (s->proto == PROTO_OTHER || s->proto == PROTO_NONE ?
	    s->proto_name : proto_name(s->proto));
}

/* A real as jansson writes it (rare: nmap-services frequencies). */
static void
records_jreal(struct bufw *b, const char *key, double v)
{
	json_t	*j;
	char	*s;

	bufw_json_key(b, key, 0);
	j = json_real(v);
	s = j != NULL ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	bufw_puts(b, s != NULL ? s : "null");
	free(s);
	json_decref(j);
}

static void
records_service_json(struct bufw *b, const struct servicerec *s)
{
	RECORDS_JSTR(b, "name", s->name);
	RECORDS_JINT(b, "port", s->port);
	if (s->port >= 0 && s->port_last != s->port)
		RECORDS_JINT(b, "port_last", s->port_last);
	RECORDS_JSTR(b, "proto", records_svc_proto(s));
	records_jarray(b, "aliases", s->aliases, s->naliases);
	RECORDS_JSTR(b, "comment", s->comment);
	if (s->frequency >= 0)
		records_jreal(b, "frequency", s->frequency);
}

static void
records_regdata(struct bufw *b, const struct regvaluerec *r)
{
	char	 num[32];

	if (r->deleted) {
		RECORDS_JSTR(b, "data", NULL);
		return;
	}
	switch (r->rtype) {
	case REGT_DWORD:
	case REGT_DWORD_BE:
	case REGT_QWORD:
		/* jansson's integers are signed 64-bit. */
		bufw_json_key(b, "data", 0);
		snprintf(num, sizeof(num), "%lld", (long long)r->num);
		bufw_puts(b, num);
		break;
	case REGT_MULTI_SZ:
		records_jarray(b, "data", r->multi, r->nmulti);
		break;
	default:
		RECORDS_JSTR(b, "data", r->str);
		break;
	}
}

static void
records_regvalue_json(struct bufw *b, const struct regvaluerec *r)
{
	RECORDS_JSTR(b, "key", r->key);
	RECORDS_JSTR(b, "name", r->name);
	RECORDS_JSTR(b, "type", r->deleted ? NULL : r->type);
	records_regdata(b, r);
	RECORDS_JBOOL(b, "deleted", r->deleted);
}

/* Write the source and host of in's records into fx, once per input. */
static void
records_fixed_set(struct records_fixed *fx, enum recfmt fmt,
    const struct input *in)
{
	if (fx->path != in->path) {
		fx->path = in->path;
		fx->src.len = 0;
		if (fmt == RECFMT_CSV) {
			bufw_csv_cell(&fx->src, in->path, 0);
			BUFW_LIT(&fx->src, ",");
		} else {
			BUFW_LIT(&fx->src, "{\"source\":");
			bufw_json_str(&fx->src, in->path);
			BUFW_LIT(&fx->src, ",\"line\":");
		}
	}
	if (fx->host != in->host->name) {
		fx->host = in->host->name;
		fx->hst.len = 0;
		if (fmt == RECFMT_CSV)
			bufw_csv_cell(&fx->hst, in->host->name, 1);
		else {
			BUFW_LIT(&fx->hst, ",\"host\":");
			bufw_json_str(&fx->hst, in->host->name);
			BUFW_LIT(&fx->hst, ",\"kind\":");
		}
	}
}

static void
records_json(struct bufw *b, const struct records_fixed *fx,
    const struct record *r)
{
	bufw_putn(b, fx->src.p, fx->src.len);
	records_jnum(b, r->line);
	bufw_putn(b, fx->hst.p, fx->hst.len);
	bufw_json_str(b, rkind_name(r->kind));
	RECORDS_JSTR(b, "text", r->text);
	switch (r->kind) {
	case REC_SOCKET:
		records_sock_json(b, &r->u.sock);
		break;
	case REC_SETTING:
		records_setting_json(b, &r->u.set);
		break;
	case REC_RANGE:
		records_range_json(b, &r->u.rng);
		break;
	case REC_SERVICE:
		records_service_json(b, &r->u.svc);
		break;
	case REC_REGVALUE:
		records_regvalue_json(b, &r->u.reg);
		break;
	case REC_UNPARSED:
		RECORDS_JSTR(b, "diagnostic", diag_table[r->u.unp.code].id);
		break;
	}
	BUFW_LIT(b, "}\n");
}

static const char *const records_csv_cols[] = {
	"source", "line", "host", "kind", "proto", "family", "local_addr",
	"local_port", "local_port_name", "remote_addr", "remote_port",
	"state", "pid", "process", "service", "key", "name", "type", "port",
	"label", "owner", "what", "first", "last", "aliases", "comment",
	"data", "deleted", "text", NULL
};

void
records_header(FILE *fp, enum recfmt fmt)
{
	int	 i;

	if (fmt != RECFMT_CSV)
		return;
	for (i = 0; records_csv_cols[i] != NULL; i++)
		csvw_cell(fp, records_csv_cols[i], i > 0);
	csvw_end(fp);
}

/* Strings joined by newlines, in a buffer the caller frees. */
static char *
records_join(const char **v, int n)
{
	char	*buf, *p;
	size_t	 len = 1, k;
	int	 i;

	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	p = buf = xmalloc(len);
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = '\n';
		k = strlen(v[i]);
		memcpy(p, v[i], k);
		p += k;
	}
	*p = '\0';
	return (buf);
}

/* proto and family */
static void
records_csv_proto(struct bufw *b, const struct record *r)
{
	switch (r->kind) {
	case REC_SOCKET:
		bufw_csv_cell(b, proto_name(r->u.sock.proto), 1);
		bufw_csv_cell(b, family_name(r->u.sock.family), 1);
		break;
	case REC_SETTING:
		bufw_csv_cell(b, proto_name(r->u.set.proto), 1);
		bufw_put(b, ",", 1);
		break;
	case REC_RANGE:
		bufw_csv_cell(b, proto_name(r->u.rng.proto), 1);
		bufw_csv_cell(b, family_name(r->u.rng.family), 1);
		break;
	case REC_SERVICE:
		bufw_csv_cell(b, records_svc_proto(&r->u.svc), 1);
		bufw_put(b, ",", 1);
		break;
	default:
		bufw_put(b, ",,", 2);
	}
}

/* local_addr .. service */
static void
records_csv_sock(struct bufw *b, const struct record *r)
{
	const struct sockrec	*s = &r->u.sock;

	if (r->kind != REC_SOCKET) {
		bufw_put(b, ",,,,,,,,", 8);
		bufw_csv_cell(b, r->kind == REC_SETTING ? r->u.set.service :
		    NULL, 1);
		return;
	}
	bufw_csv_cell(b, s->local_addr, 1);
	bufw_csv_int(b, s->local_port, 1);
	bufw_csv_cell(b, s->local_port_name, 1);
	bufw_csv_cell(b, s->remote_addr, 1);
	bufw_csv_int(b, s->remote_port, 1);
	bufw_csv_cell(b, state_name(s->state), 1);
	bufw_csv_int(b, s->pid, 1);
	bufw_csv_cell(b, s->process, 1);
	bufw_csv_cell(b, s->service, 1);
}

/* data, deleted */
static void
records_csv_data(struct bufw *b, const struct regvaluerec *q)
{
	char		 num[32];
	char		*join = NULL;
	const char	*data = NULL;

	if (!q->deleted) {
		if (q->rtype == REGT_DWORD || q->rtype == REGT_DWORD_BE ||
		    q->rtype == REGT_QWORD) {
			snprintf(num, sizeof(num), "%llu", q->num);
			data = num;
		} else if (q->rtype == REGT_MULTI_SZ)
			data = join = records_join(q->multi, q->nmulti);
		else
			data = q->str;
	}
	bufw_csv_cell(b, data, 1);
	free(join);
	bufw_csv_cell(b, q->deleted ? "true" : "false", 1);
}

static void
records_csv(struct bufw *b, const struct records_fixed *fx,
    const struct record *r)
{
	const struct settingrec	*t = &r->u.set;
	const struct rangerec	*g = &r->u.rng;
	const struct servicerec	*v = &r->u.svc;
	const struct regvaluerec *q = &r->u.reg;
	char			*join;

	bufw_putn(b, fx->src.p, fx->src.len);
	bufw_ulong(b, r->line);
	bufw_putn(b, fx->hst.p, fx->hst.len);
	bufw_csv_cell(b, rkind_name(r->kind), 1);
	records_csv_proto(b, r);
	records_csv_sock(b, r);
	/* key, name, type, port, label, owner */
	bufw_csv_cell(b, r->kind == REC_SETTING ? t->key :
	    r->kind == REC_REGVALUE ? q->key : NULL, 1);
	bufw_csv_cell(b, r->kind == REC_SETTING ? t->name :
	    r->kind == REC_REGVALUE ? q->name :
	    r->kind == REC_SERVICE ? v->name : NULL, 1);
	bufw_csv_cell(b, r->kind == REC_SETTING ? t->type :
	    r->kind == REC_REGVALUE && !q->deleted ? q->type : NULL, 1);
	bufw_csv_int(b, r->kind == REC_SETTING ? t->port :
	    r->kind == REC_SERVICE ? v->port : -1, 1);
	bufw_csv_cell(b, r->kind == REC_SETTING ? t->label : NULL, 1);
	bufw_csv_cell(b, r->kind == REC_SETTING ? t->owner : NULL, 1);
	/* what, first, last */
	bufw_csv_cell(b, r->kind == REC_RANGE ? rwhat_name(g->what) : NULL, 1);
	bufw_csv_int(b, r->kind == REC_RANGE ? g->first : -1, 1);
	bufw_csv_int(b, r->kind == REC_RANGE ? g->last : -1, 1);
	/* aliases, comment */
	if (r->kind == REC_SERVICE) {
		join = records_join(v->aliases, v->naliases);
		bufw_csv_cell(b, join, 1);
		free(join);
		bufw_csv_cell(b, v->comment, 1);
	} else
		bufw_put(b, ",,", 2);
	if (r->kind == REC_REGVALUE)
		records_csv_data(b, q);
	else
		bufw_put(b, ",,", 2);
	bufw_csv_cell(b, r->text, 1);
	bufw_put(b, "\r\n", 2);
}

/*
 * Write an input's records, then those it gave other hosts, host by host;
 * -1 when a write failed.
 */
int
records_write(FILE *fp, enum recfmt fmt, const struct input *in, int all)
{
	const struct record	*r;
	const struct input	*sub;
	struct records_fixed	 fx;
	struct bufw		 b;

	bufw_init(&b, fp);
	memset(&fx, 0, sizeof(fx));
	fx.src.p = xmalloc(fx.src.cap = 256);
	fx.hst.p = xmalloc(fx.hst.cap = 256);
	for (sub = in; sub != NULL; sub = sub == in ? in->subs :
	    sub->sub_next)
		for (r = sub->first; r != NULL; r = r->next) {
			if (!all && (r->kind == REC_REGVALUE ||
			    r->kind == REC_UNPARSED))
				continue;
			records_fixed_set(&fx, fmt, r->in);
			if (fmt == RECFMT_CSV)
				records_csv(&b, &fx, r);
			else
				records_json(&b, &fx, r);
			bufw_end_record(&b);
		}
	bufw_done(&b);
	free(fx.src.p);
	free(fx.hst.p);
	return (b.err ? -1 : 0);
}

void
records_summary(FILE *fp, const struct input *in)
{
	fprintf(fp, "%s\t%s\t%s\t%s\tlines=%lu records=%lu record_lines=%lu "
	    "known=%lu unparsed=%lu\n", in->path, in->host->name,
	    in->format != NULL ? in->format : "-",
	    in->encoding != NULL ? in->encoding : "-", in->lines, in->records,
	    in->lines_record, in->lines_known, in->lines_unparsed);
}
