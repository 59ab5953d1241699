/*
 * Collector for Velociraptor's netstat artifacts, exported as JSON, JSON
 * lines or CSV: Windows.Network.Netstat (Pid, Name, Family, Type, Status,
 * Laddr.IP, Laddr.Port, Raddr.IP, Raddr.Port, Timestamp; older releases
 * LaddrIP, LaddrPort, ...), Windows.Network.NetstatEnriched (SrcIP,
 * SrcPort, DestIP, DestPort and process columns), Linux.Network.Netstat
 * (LocalAddr, LocalPort, RemoteAddr, RemotePort, State and a ProcessInfo
 * object; Type "TCP6" on its IPv6 source) and Linux.Network.NetstatEnriched
 * (Laddr, Lport, Raddr, Rport, Status, a ProcInfo object), and the raw
 * netstat() plugin's rows (Laddr and Raddr objects, Family and Type as
 * numbers: 2 or 23, 1 stream or 2 datagram).
 *
 * Hunt results carry the client's Fqdn (or Hostname): a row belongs to that
 * host.  A row of a hunt (it has a ClientId) naming no Fqdn is unparsed
 * (no-host); a collection from one client names none, its rows belong to
 * the file's folder.  Rows without a protocol (the Linux artifacts
 * read TCP tables, NetstatEnriched selects no Type) are TCP unless their
 * status is gopsutil's NONE, which only UDP sockets have.  Windows prints
 * an empty Status for UDP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "portaudit.h"
#include "collector.h"
#include "rows.h"
#include "scan.h"

#define VR_NUM		48

struct vr_state {
	struct csvtab	 tab;		/* a CSV export */
};

static const char *const vr_laddr[] = {
	"Laddr.IP", "LaddrIP", "SrcIP", "LocalAddr", "Laddr", NULL
};
static const char *const vr_lport[] = {
	"Laddr.Port", "LaddrPort", "SrcPort", "LocalPort", "Lport", NULL
};
static const char *const vr_raddr[] = {
	"Raddr.IP", "RaddrIP", "DestIP", "RemoteAddr", "Raddr", NULL
};
static const char *const vr_rport[] = {
	"Raddr.Port", "RaddrPort", "DestPort", "RemotePort", "Rport", NULL
};
static const char *const vr_type[] = { "TypeString", "Type", NULL };
static const char *const vr_family[] = { "FamilyString", "Family", NULL };
static const char *const vr_status[] = { "Status", "State", NULL };
static const char *const vr_host[] = { "Fqdn", "Hostname", NULL };
static const char *const vr_procobj[] = {
	"ProcessInfo", "ProcInfo", NULL
};
static const char *const vr_procname[] = { "Name", "Command", NULL };

/* The nested Laddr/Raddr object of netstat()'s rows. */
static void
vr_nested(const json_t *o, const char *key, const char **ip,
    const char **port, char *buf, size_t n)
{
	const json_t	*m;

	if ((m = json_object_get(o, key)) == NULL || !json_is_object(m))
		return;
	*ip = jsonrow_str(m, "IP", buf, n);
	*port = jsonrow_str(m, "Port", buf + n, n);
}

/* netstat()'s socket type: 1 stream, 2 datagram. */
static const char *
vr_proto(const char *t)
{
	if (t == NULL)
		return (NULL);
	if (strcmp(t, "1") == 0)
		return ("TCP");
	if (strcmp(t, "2") == 0)
		return ("UDP");
	return (t);
}

/* The process object of the Linux artifacts (a CSV cell holds it as
 * JSON text); a new reference or NULL. */
static json_t *
vr_procinfo(const json_t *o)
{
	const json_t	*m;
	const char	*s;
	size_t		 i;

	for (i = 0; vr_procobj[i] != NULL; i++) {
		if ((m = json_object_get(o, vr_procobj[i])) == NULL)
			continue;
		if (json_is_object(m))
			return (json_incref((json_t *)m));
		if ((s = json_string_value(m)) != NULL && *s == '{')
			return (json_loads(s, 0, NULL));
	}
	return (NULL);
}

/* Pid and process name, from the row or its process object. */
static void
vr_owner(const json_t *o, const json_t *pi, struct sockrow *s, char *b,
    size_t n)
{
	s->pid = jsonrow_str(o, "Pid", b, n);
	s->process = jsonrow_str(o, "Name", b + n, n);
	if (pi == NULL)
		return;
	if (s->pid == NULL)
		s->pid = jsonrow_str(pi, "Pid", b, n);
	if (s->process == NULL)
		s->process = jsonrow_any(pi, vr_procname, b + n, n);
}

/*
 * The client a hunt's row names: its Fqdn, else its Hostname.  A ClientId
 * ("C.4f1c2d3e4b5a6978") is no host name.
 */
static const char *
vr_host_of(const json_t *o, char *buf, size_t n)
{
	const char	*h;
	size_t		 i;

	for (i = 0; vr_host[i] != NULL; i++)
		if ((h = jsonrow_str(o, vr_host[i], buf, n)) != NULL &&
		    *h != '\0')
			return (h);
	return (NULL);
}

/* Whether a row is a socket row of the netstat artifacts. */
static int
vr_is_row(const json_t *o)
{
	size_t	 i;

	for (i = 0; vr_lport[i] != NULL; i++)
		if (json_object_get(o, vr_lport[i]) != NULL ||
		    json_object_get(o, vr_laddr[i]) != NULL)
			return (1);
	return (json_is_object(json_object_get(o, "Laddr")));
}

static void
vr_row(struct parse *p, const json_t *o, const char *text)
{
	struct sockrow	 s;
	json_t		*pi;
	const char	*h;
	char		 b[14][VR_NUM];

	h = vr_host_of(o, b[0], VR_NUM);
	parse_set_host(p, h, h == NULL ? 0 : strlen(h));
	if (!vr_is_row(o))
		return;
	if (h == NULL && json_object_get(o, "ClientId") != NULL) {
		parse_unparsed(p, DIAG_NO_HOST, "a ClientId but no Fqdn");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.text = text;
	s.laddr = jsonrow_any(o, vr_laddr, b[1], VR_NUM);
	s.lport = jsonrow_any(o, vr_lport, b[2], VR_NUM);
	s.raddr = jsonrow_any(o, vr_raddr, b[3], VR_NUM);
	s.rport = jsonrow_any(o, vr_rport, b[4], VR_NUM);
	if (s.laddr == NULL)
		vr_nested(o, "Laddr", &s.laddr, &s.lport, b[5], VR_NUM);
	if (s.raddr == NULL)
		vr_nested(o, "Raddr", &s.raddr, &s.rport, b[7], VR_NUM);
	s.family = jsonrow_any(o, vr_family, b[9], VR_NUM);
	s.state = jsonrow_any(o, vr_status, b[10], VR_NUM);
	s.proto = vr_proto(jsonrow_any(o, vr_type, b[11], VR_NUM));
	if (s.proto == NULL)
		s.proto = s.state != NULL &&
		    util_strcasecmp_ascii(s.state, "NONE") == 0 ? "UDP" : "TCP";
	pi = vr_procinfo(o);
	vr_owner(o, pi, &s, b[12], VR_NUM);
	sockrow_add(p, &s, NULL);
	json_decref(pi);
}

static void
vr_json(struct parse *p, json_t *o, const char *text, void *arg)
{
	(void)arg;
	vr_row(p, o, text);
}

/* A CSV export: the header, then rows read as JSON objects. */
static void
vr_csv_line(struct parse *p, struct vr_state *st, const char *line,
    size_t len)
{
	json_t	*o;

	if ((o = csvtab_line(p, &st->tab, line, len, ',', CSVTAB_SKIP_EMPTY)) == NULL)
		return;
	vr_row(p, o, NULL);
	json_decref(o);
	if (p->cls == 0)
		parse_known(p);
}

static int
vr_parse(struct parse *p)
{
	struct vr_state	 st;
	char		*line;
	size_t		 len;

	memset(&st, 0, sizeof(st));
	if (jsonrow_sniff_start(p->pos, p->end - p->pos))
		jsonrow_walk(p, vr_json, &st);
	else
		while ((line = parse_next_line(p, &len)) != NULL) {
			if (strspn(line, " \t\r") == len)
				parse_known(p);
			else
				vr_csv_line(p, &st, line, len);
		}
	parse_set_host(p, NULL, 0);
	csvtab_free(&st.tab);
	return ((int)p->in->lines_unparsed);
}

/* Column names only these artifacts use, quoted (JSON) or not (CSV). */
static int
vr_sniff_names(const char *buf, size_t len, int q)
{
	static const char *const one[] = {
		"Laddr.IP", "LaddrIP", "Raddr.Port", NULL
	};
	static const char *const pairs[][2] = {
		{ "SrcIP", "DestPort" }, { "Lport", "Rport" },
		{ "LocalAddr", "RemotePort" }, { NULL, NULL }
	};
	char	 w[2][24];
	size_t	 i;

	for (i = 0; one[i] != NULL; i++) {
		snprintf(w[0], sizeof(w[0]), q ? "\"%s\"" : "%s", one[i]);
		if (scan_has(buf, len, w[0]))
			return (1);
	}
	for (i = 0; pairs[i][0] != NULL; i++) {
		snprintf(w[0], sizeof(w[0]), q ? "\"%s\"" : "%s", pairs[i][0]);
		snprintf(w[1], sizeof(w[1]), q ? "\"%s\"" : "%s", pairs[i][1]);
		if (scan_has(buf, len, w[0]) && scan_has(buf, len, w[1]))
			return (1);
	}
	return (0);
}

static int
vr_sniff(const char *buf, size_t len)
{
	const char	*pos = buf, *s;
	size_t		 n;

	if (jsonrow_sniff_start(buf, len))
		return (vr_sniff_names(buf, len, 1) &&
		    (scan_has(buf, len, "\"Pid\"") ||
		    scan_has(buf, len, "\"Status\"") ||
		    scan_has(buf, len, "\"State\"")) ? 95 : 0);
	if ((s = scan_line(&pos, buf + len, &n)) == NULL ||
	    memchr(s, ',', n) == NULL)
		return (0);
	return (vr_sniff_names(s, n, 0) && (scan_has(s, n, "Pid") ||
	    scan_has(s, n, "Status") || scan_has(s, n, "State")) ? 90 : 0);
}

const struct collector collector_velociraptor = {
	"velociraptor", "velociraptor", NULL,
	"Velociraptor netstat artifacts and hunts (JSON, JSON lines, CSV)",
	vr_sniff, vr_parse, 0
};
