/*
 * Hosts whose fixed ports live in configuration files portaudit does not
 * read (Linux, BSD, macOS): the listeners netstat or ss shows stand for
 * them.  A TCP listener inside the ephemeral range can lose its port to an
 * outgoing connection whenever the service restarts, unless the port is
 * reserved (net.ipv4.ip_local_reserved_ports); and a reservation outside
 * the ephemeral range reserves nothing.  Windows hosts go to
 * listeners_win.c: their listeners in the dynamic range are mostly RPC
 * endpoints, which are dynamic by design, so only other images count.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

/* Whether the host's own reservations keep ports out of the pool. */
static int
listeners_reservations_work(const struct hostinfo *hi)
{
	return (hi->os.fam != OSF_WINDOWS || hi->os.reserved_ok);
}

static int
listeners_port_cmp(const void *a, const void *b)
{
	const struct hrec	*x = *(const struct hrec *const *)a;
	const struct hrec	*y = *(const struct hrec *const *)b;

	if (x->rec->u.sock.local_port != y->rec->u.sock.local_port)
		return (x->rec->u.sock.local_port < y->rec->u.sock.local_port ?
		    -1 : 1);
	return (x->rec->line < y->rec->line ? -1 : x->rec->line >
	    y->rec->line);
}

/* The host's services file entry for a TCP port, or NULL. */
static const struct hrec *
listeners_documented(const struct hostinfo *hi, int port)
{
	const struct servicerec	*s;
	size_t			 i;

	for (i = 0; i < hi->services.n; i++) {
		s = &hi->services.v[i].rec->u.svc;
		if (s->name != NULL && s->proto == PROTO_TCP &&
		    s->port <= port && port <= s->port_last)
			return (&hi->services.v[i]);
	}
	return (NULL);
}

/* One finding for the listeners v[0..n) on one port. */
static void
listeners_one(struct audit *a, struct hostinfo *hi, struct hrec **v,
    size_t n)
{
	const struct sockrec	*k = &v[0]->rec->u.sock;
	const struct prange	*eph = &hi->ephemeral[PI_TCP];
	const struct hrec	*doc;
	const char		*who = NULL, *variant;
	struct finding		*f;
	size_t			 i;

	for (i = 0; i < n && who == NULL; i++)
		who = v[i]->rec->u.sock.process;
	f = finding_add(a, &rule_listener_in_ephemeral, hi, PROTO_TCP,
	    k->local_port, who);
	finding_var(a, f, "port", "%d", k->local_port);
	finding_var(a, f, "proto", "tcp");
	finding_var(a, f, "process", "%s", who != NULL ? who :
	    "a process netstat does not name");
	finding_var(a, f, "service", "%s", who != NULL ? who : "the service");
	finding_var(a, f, "highest_used", "%d", hi->highest_used[PI_TCP]);
	for (i = 0; i < n; i++)
		finding_evidence(a, f, v[i]->in, v[i]->rec);
	rule_range_vars(a, f, eph);
	if ((doc = listeners_documented(hi, k->local_port)) != NULL) {
		variant = "documented";
		finding_var(a, f, "entry", "%s", doc->rec->u.svc.name);
		finding_evidence(a, f, doc->in, doc->rec);
	} else if (hi->highest_used[PI_TCP] >= k->local_port)
		variant = "in-use";
	else
		variant = "inside";
	/* Linux reserves single ports; the others only move the range. */
	finding_var(a, f, "variant", "%s%s", variant,
	    hi->os.fam == OSF_LINUX || hi->os.fam == OSF_UNKNOWN ? "" :
	    hi->os.fam == OSF_BSD || hi->os.fam == OSF_MACOS ? ".bsd" :
	    ".other");
}

static void
listeners_check(struct audit *a)
{
	struct hostinfo		*hi;
	const struct sockrec	*k;
	struct hrec		**v;
	size_t			 h, i, j, n;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		if (hi->host->reference || hi->ephemeral[PI_TCP].first <= 0)
			continue;
		if (hi->os.fam == OSF_WINDOWS) {
			listeners_win_host(a, hi);
			continue;
		}
		if (!listeners_reservations_work(hi))
			continue;
		v = xcalloc(hi->sockets.n + 1, sizeof(*v));
		for (n = 0, i = 0; i < hi->sockets.n; i++) {
			k = &hi->sockets.v[i].rec->u.sock;
			if (k->proto != PROTO_TCP || k->state != ST_LISTEN ||
			    k->local_port <= 0 ||
			    !ranges_in_ephemeral(hi, PI_TCP, k->local_port) ||
			    rangeset_has(&hi->reserved[PI_TCP], k->local_port,
			    NULL))
				continue;
			v[n++] = &hi->sockets.v[i];
		}
		if (n > 0)
			qsort(v, n, sizeof(*v), listeners_port_cmp);
		/* IPv4 and IPv6 listeners on a port are one finding. */
		for (i = 0; i < n; i = j) {
			for (j = i + 1; j < n && v[j]->rec->u.sock.local_port ==
			    v[i]->rec->u.sock.local_port; j++)
				;
			listeners_one(a, hi, v + i, j - i);
		}
		free(v);
	}
}

const struct rule rule_listener_in_ephemeral = {
	"listener-in-ephemeral", "listeners", SEV_MEDIUM,
	"Listener inside the ephemeral range",
	"A TCP service on a Linux, BSD or macOS host listens on a port of the "
	"range the kernel hands to outgoing connections, and the port is not "
	"reserved.  While the service is down, for a restart or an upgrade, "
	"any connection can be given the port, and the service then fails to "
	"bind (EADDRINUSE).  Services with a port of their own read it from "
	"a configuration file, so the listener stands for the setting.  On "
	"Windows the rule reports listeners of named images that are not "
	"system RPC endpoints (AD LDS, SQL Server, applications) when no "
	"administered exclusion covers the port (netsh int ipv4 add "
	"excludedportrange ... store=persistent; KB 3039044).",
	listeners_check,
	RULE_HOST
};

/*
 * Whether a TCP reservation has a UDP twin from the same line (Linux's
 * ip_local_reserved_ports covers both), with the UDP pool known too.
 */
static int
reservation_twin(const struct hostinfo *hi, const struct prange *r)
{
	const struct prange	*u;
	size_t			 i;

	if (hi->ephemeral[PI_UDP].first <= 0)
		return (0);
	for (i = 0; i < hi->reserved[PI_UDP].n; i++) {
		u = &hi->reserved[PI_UDP].v[i];
		if (u->first == r->first && u->last == r->last &&
		    r->from.rec != NULL && u->from.rec != NULL &&
		    u->from.in == r->from.in &&
		    u->from.rec->line == r->from.rec->line &&
		    (u->last < hi->ephemeral[PI_UDP].first ||
		    u->first > hi->ephemeral[PI_UDP].last))
			return (1);
	}
	return (0);
}

static void
reservation_check(struct audit *a)
{
	const struct prange	*eph, *r;
	struct hostinfo		*hi;
	struct finding		*f;
	size_t			 h, i;
	int			 pi, both;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		if (!listeners_reservations_work(hi) || hi->host->reference)
			continue;
		for (pi = 0; pi < PI__MAX; pi++) {
			eph = &hi->ephemeral[pi];
			if (eph->first <= 0)
				continue;
			for (i = 0; i < hi->reserved[pi].n; i++) {
				r = &hi->reserved[pi].v[i];
				if (r->last >= eph->first &&
				    r->first <= eph->last)
					continue;
				both = reservation_twin(hi, r);
				/* One line reserving for both: said once. */
				if (both && pi == PI_UDP)
					continue;
				f = finding_add(a, &rule_reservation_outside,
				    hi, pi == PI_TCP ? PROTO_TCP : PROTO_UDP,
				    r->first, NULL);
				finding_var(a, f, "proto", "%s", both ?
				    "tcp and udp" : pi == PI_TCP ? "tcp" :
				    "udp");
				finding_var(a, f, "reserved", "%s",
				    rule_range_text(a, r));
				finding_evidence_origin(a, f, &r->from);
				rule_range_vars(a, f, eph);
			}
		}
	}
}

const struct rule rule_reservation_outside = {
	"reservation-outside-range", "listeners", SEV_INFO,
	"Port reservation outside the ephemeral range",
	"A reserved port range (ip_local_reserved_ports, or ReservedPorts on "
	"Windows 2000 to 2003) lies wholly outside the ephemeral range.  The "
	"stack never hands those ports out anyway, so the reservation "
	"protects nothing; it is often meant for a port inside the range.",
	reservation_check,
	RULE_HOST
};
