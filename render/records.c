/*
 * The records of one input as inspect prints them: JSON Lines through
 * jansson (one object per record, fields in a fixed order) or CSV through
 * csvw.c with one fixed header for every kind.  Field names are part of
 * the interface: tests and later tools rely on them.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "render.h"

static json_t *
records_str(const char *s)
{
	return (jsonw_text(s));
}

static json_t *
records_int(long v)
{
	return (v < 0 ? json_null() : json_integer(v));
}

static void
records_sock_json(json_t *o, const struct sockrec *s)
{
	json_object_set_new(o, "proto", records_str(proto_name(s->proto)));
	json_object_set_new(o, "family", records_str(family_name(s->family)));
	json_object_set_new(o, "local_addr", records_str(s->local_addr));
	json_object_set_new(o, "local_port", records_int(s->local_port));
	json_object_set_new(o, "local_port_name",
	    records_str(s->local_port_name));
	json_object_set_new(o, "remote_addr", records_str(s->remote_addr));
	json_object_set_new(o, "remote_port", records_int(s->remote_port));
	json_object_set_new(o, "state", records_str(state_name(s->state)));
	json_object_set_new(o, "pid", records_int(s->pid));
	json_object_set_new(o, "process", records_str(s->process));
	json_object_set_new(o, "service", records_str(s->service));
	json_object_set_new(o, "owner_unknown", json_boolean(s->owner_unknown));
}

static void
records_setting_json(json_t *o, const struct settingrec *s)
{
	json_object_set_new(o, "key", records_str(s->key));
	json_object_set_new(o, "name", records_str(s->name));
	json_object_set_new(o, "type", records_str(s->type));
	json_object_set_new(o, "proto", records_str(proto_name(s->proto)));
	json_object_set_new(o, "port", records_int(s->port));
	json_object_set_new(o, "service", records_str(s->service));
	json_object_set_new(o, "label", records_str(s->label));
	json_object_set_new(o, "owner", records_str(s->owner));
	json_object_set_new(o, "raw", records_str(s->raw));
	if (s->scope != NULL)
		json_object_set_new(o, "scope", records_str(s->scope));
	if (s->ignored != NULL)
		json_object_set_new(o, "ignored", records_str(s->ignored));
	if (s->unconfirmed)
		json_object_set_new(o, "unconfirmed", json_true());
}

static void
records_range_json(json_t *o, const struct rangerec *r)
{
	json_object_set_new(o, "what", json_string(rwhat_name(r->what)));
	json_object_set_new(o, "proto", records_str(proto_name(r->proto)));
	json_object_set_new(o, "family", records_str(family_name(r->family)));
	json_object_set_new(o, "first", json_integer(r->first));
	json_object_set_new(o, "last", json_integer(r->last));
	json_object_set_new(o, "setting", records_str(r->setting));
	json_object_set_new(o, "administered", json_boolean(r->administered));
	if (r->what == RANGE_SOCKETPOOL)
		json_object_set_new(o, "count", json_integer(r->count));
	if (r->peer != NULL)
		json_object_set_new(o, "peer", records_str(r->peer));
}

static const char *
records_svc_proto(const struct servicerec *s)
{
	return (s->proto == PROTO_OTHER || s->proto == PROTO_NONE ?
	    s->proto_name : proto_name(s->proto));
}

static void
records_service_json(json_t *o, const struct servicerec *s)
{
	json_t	*a;
	int	 i;

	json_object_set_new(o, "name", records_str(s->name));
	json_object_set_new(o, "port", records_int(s->port));
	if (s->port >= 0 && s->port_last != s->port)
		json_object_set_new(o, "port_last", json_integer(s->port_last));
	json_object_set_new(o, "proto", records_str(records_svc_proto(s)));
	a = json_array();
	for (i = 0; i < s->naliases; i++)
		json_array_append_new(a, json_string(s->aliases[i]));
	json_object_set_new(o, "aliases", a);
	json_object_set_new(o, "comment", records_str(s->comment));
	if (s->frequency >= 0)
		json_object_set_new(o, "frequency", json_real(s->frequency));
}

static json_t *
records_regdata(const struct regvaluerec *r)
{
	json_t	*a;
	int	 i;

	if (r->deleted)
		return (json_null());
	switch (r->rtype) {
	case REGT_DWORD:
	case REGT_DWORD_BE:
	case REGT_QWORD:
		return (json_integer((json_int_t)r->num));
	case REGT_MULTI_SZ:
		a = json_array();
		for (i = 0; i < r->nmulti; i++)
			json_array_append_new(a, json_string(r->multi[i]));
		return (a);
	default:
		return (records_str(r->str));
	}
}

static void
records_regvalue_json(json_t *o, const struct regvaluerec *r)
{
	json_object_set_new(o, "key", records_str(r->key));
	json_object_set_new(o, "name", records_str(r->name));
	json_object_set_new(o, "type", records_str(r->deleted ? NULL :
	    r->type));
	json_object_set_new(o, "data", records_regdata(r));
	json_object_set_new(o, "deleted", json_boolean(r->deleted));
}

static void
records_json(FILE *fp, const struct record *r)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "source", jsonw_text(r->in->path));
	json_object_set_new(o, "line", json_integer(r->line));
	json_object_set_new(o, "host", jsonw_text(r->in->host->name));
	json_object_set_new(o, "kind", json_string(rkind_name(r->kind)));
	json_object_set_new(o, "text", jsonw_text(r->text));
	switch (r->kind) {
	case REC_SOCKET:
		records_sock_json(o, &r->u.sock);
		break;
	case REC_SETTING:
		records_setting_json(o, &r->u.set);
		break;
	case REC_RANGE:
		records_range_json(o, &r->u.rng);
		break;
	case REC_SERVICE:
		records_service_json(o, &r->u.svc);
		break;
	case REC_REGVALUE:
		records_regvalue_json(o, &r->u.reg);
		break;
	case REC_UNPARSED:
		json_object_set_new(o, "diagnostic",
		    json_string(diag_table[r->u.unp.code].id));
		break;
	}
	json_dumpf(o, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
	putc('\n', fp);
	json_decref(o);
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
	size_t	 len = 1;
	int	 i;

	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	p = buf = xmalloc(len);
	*p = '\0';
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "\n" : "", v[i]);
	return (buf);
}

static void
records_csv(FILE *fp, const struct record *r)
{
	const struct sockrec	*s = &r->u.sock;
	const struct settingrec	*t = &r->u.set;
	const struct rangerec	*g = &r->u.rng;
	const struct servicerec	*v = &r->u.svc;
	const struct regvaluerec *q = &r->u.reg;
	char			*join = NULL, num[32];
	const char		*data = NULL;

	csvw_cell(fp, r->in->path, 0);
	csvw_int(fp, r->line, 1);
	csvw_cell(fp, r->in->host->name, 1);
	csvw_cell(fp, rkind_name(r->kind), 1);
	/* proto, family */
	switch (r->kind) {
	case REC_SOCKET:
		csvw_cell(fp, proto_name(s->proto), 1);
		csvw_cell(fp, family_name(s->family), 1);
		break;
	case REC_SETTING:
		csvw_cell(fp, proto_name(t->proto), 1);
		csvw_cell(fp, NULL, 1);
		break;
	case REC_RANGE:
		csvw_cell(fp, proto_name(g->proto), 1);
		csvw_cell(fp, family_name(g->family), 1);
		break;
	case REC_SERVICE:
		csvw_cell(fp, records_svc_proto(v), 1);
		csvw_cell(fp, NULL, 1);
		break;
	default:
		csvw_cell(fp, NULL, 1);
		csvw_cell(fp, NULL, 1);
	}
	/* socket columns */
	if (r->kind == REC_SOCKET) {
		csvw_cell(fp, s->local_addr, 1);
		csvw_int(fp, s->local_port, 1);
		csvw_cell(fp, s->local_port_name, 1);
		csvw_cell(fp, s->remote_addr, 1);
		csvw_int(fp, s->remote_port, 1);
		csvw_cell(fp, state_name(s->state), 1);
		csvw_int(fp, s->pid, 1);
		csvw_cell(fp, s->process, 1);
		csvw_cell(fp, s->service, 1);
	} else {
		fputs(",,,,,,,,", fp);
		csvw_cell(fp, r->kind == REC_SETTING ? t->service : NULL, 1);
	}
	/* key, name, type, port, label, owner */
	csvw_cell(fp, r->kind == REC_SETTING ? t->key :
	    r->kind == REC_REGVALUE ? q->key : NULL, 1);
	csvw_cell(fp, r->kind == REC_SETTING ? t->name :
	    r->kind == REC_REGVALUE ? q->name :
	    r->kind == REC_SERVICE ? v->name : NULL, 1);
	csvw_cell(fp, r->kind == REC_SETTING ? t->type :
	    r->kind == REC_REGVALUE && !q->deleted ? q->type : NULL, 1);
	csvw_int(fp, r->kind == REC_SETTING ? t->port :
	    r->kind == REC_SERVICE ? v->port : -1, 1);
	csvw_cell(fp, r->kind == REC_SETTING ? t->label : NULL, 1);
	csvw_cell(fp, r->kind == REC_SETTING ? t->owner : NULL, 1);
	/* what, first, last */
	csvw_cell(fp, r->kind == REC_RANGE ? rwhat_name(g->what) : NULL, 1);
	csvw_int(fp, r->kind == REC_RANGE ? g->first : -1, 1);
	csvw_int(fp, r->kind == REC_RANGE ? g->last : -1, 1);
	/* aliases, comment */
	if (r->kind == REC_SERVICE)
		join = records_join(v->aliases, v->naliases);
	csvw_cell(fp, join, 1);
	free(join);
	join = NULL;
	csvw_cell(fp, r->kind == REC_SERVICE ? v->comment : NULL, 1);
	/* data, deleted */
	if (r->kind == REC_REGVALUE && !q->deleted) {
		if (q->rtype == REGT_DWORD || q->rtype == REGT_DWORD_BE ||
		    q->rtype == REGT_QWORD) {
			snprintf(num, sizeof(num), "%llu", q->num);
			data = num;
		} else if (q->rtype == REGT_MULTI_SZ)
			data = join = records_join(q->multi, q->nmulti);
		else
			data = q->str;
	}
	csvw_cell(fp, data, 1);
	free(join);
	csvw_cell(fp, r->kind == REC_REGVALUE ? (q->deleted ? "true" :
	    "false") : NULL, 1);
	csvw_cell(fp, r->text, 1);
	csvw_end(fp);
}

/* An input's records, then those it gave other hosts, host by host. */
void
records_write(FILE *fp, enum recfmt fmt, const struct input *in, int all)
{
	const struct record	*r;
	const struct input	*sub;

	for (sub = in; sub != NULL; sub = sub == in ? in->subs :
	    sub->sub_next)
		for (r = sub->first; r != NULL; r = r->next) {
			if (!all && (r->kind == REC_REGVALUE ||
			    r->kind == REC_UNPARSED))
				continue;
			if (fmt == RECFMT_CSV)
				records_csv(fp, r);
			else
				records_json(fp, r);
		}
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
