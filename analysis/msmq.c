/*
 * Message Queuing listens for its RPC calls on TCP 2101, 2103 and 2105;
 * when one of them is taken at start, it adds 11 and listens on 2112, 2114
 * or 2116 instead (KB 178517).  Clients that ask the endpoint mapper still
 * find it, but firewall rules written for 2101/2103/2105 no longer match,
 * and whatever held the port at boot is worth knowing.
 */
#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

#define MSMQ_SHIFT	11	/* KB 178517 */


/* Whether the host shows Message Queuing: mqsvc, 1801, a setting. */
static int
msmq_present(const struct hostinfo *hi)
{
	const struct sockrec	*s;
	const struct settingrec	*t;
	size_t			 i;

	for (i = 0; i < hi->sockets.n; i++) {
		s = &hi->sockets.v[i].rec->u.sock;
		if (sock_is_msmq(s) || (s->proto == PROTO_TCP &&
		    s->state == ST_LISTEN && s->local_port == 1801))
			return (1);
	}
	for (i = 0; i < hi->settings.n; i++) {
		t = &hi->settings.v[i].rec->u.set;
		if (t->service != NULL &&
		    util_strncasecmp_ascii(t->service, "MSMQ", 4) == 0)
			return (1);
	}
	return (0);
}

/* Whether the listener on a shifted port may be Message Queuing's. */
static int
msmq_owner_fits(const struct hostinfo *hi, const struct sockrec *s,
    int *present)
{
	if (sock_is_msmq(s))
		return (1);
	if (s->process != NULL || s->service != NULL)
		return (0);
	if (*present < 0)
		*present = msmq_present(hi);
	return (*present);
}

/* The sockets that hold the port Message Queuing wanted, as evidence. */
static void
msmq_holder(struct audit *a, struct finding *f, const struct hostinfo *hi,
    int port)
{
	const struct sockrec	*s;
	size_t			 i;
	int			 named = 0;

	for (i = 0; i < hi->sockets.n; i++) {
		s = &hi->sockets.v[i].rec->u.sock;
		if (s->proto != PROTO_TCP || s->local_port != port)
			continue;
		finding_evidence(a, f, hi->sockets.v[i].in,
		    hi->sockets.v[i].rec);
		if (named++)
			continue;
		finding_var(a, f, "variant", "held");
		finding_var(a, f, "holder", "%s", s->process != NULL ?
		    s->process : "a process netstat does not name");
		finding_var(a, f, "pid", "%ld", s->pid);
	}
}

static void
msmq_host(struct audit *a, struct hostinfo *hi)
{
	const struct sockrec	*s;
	struct finding		*f[3] = { NULL, NULL, NULL };
	size_t			 i, k;
	int			 present = -1;

	for (i = 0; i < hi->sockets.n; i++) {
		s = &hi->sockets.v[i].rec->u.sock;
		if (s->proto != PROTO_TCP || s->state != ST_LISTEN)
			continue;
		for (k = 0; k < 3; k++)
			if (s->local_port == sock_msmq_ports[k] + MSMQ_SHIFT)
				break;
		if (k == 3 || !msmq_owner_fits(hi, s, &present))
			continue;
		/* IPv4 and IPv6 listeners of one port are one finding. */
		if (f[k] == NULL) {
			f[k] = finding_add(a, &rule_msmq_port_shift, hi,
			    PROTO_TCP, s->local_port, "MSMQ");
			finding_var(a, f[k], "port", "%d", s->local_port);
			finding_var(a, f[k], "wanted", "%d", sock_msmq_ports[k]);
			finding_var(a, f[k], "host", "%s", hi->host->name);
			msmq_holder(a, f[k], hi, sock_msmq_ports[k]);
		}
		finding_evidence(a, f[k], hi->sockets.v[i].in,
		    hi->sockets.v[i].rec);
	}
}

static void
msmq_check(struct audit *a)
{
	size_t	 h;

	for (h = 0; h < a->nhosts; h++)
		if (a->hosts[h].os.fam == OSF_WINDOWS ||
		    a->hosts[h].os.fam == OSF_UNKNOWN)
			msmq_host(a, &a->hosts[h]);
}

const struct rule rule_msmq_port_shift = {
	"msmq-port-shift", "msmq", SEV_MEDIUM,
	"Message Queuing moved to its fallback RPC ports",
	"Message Queuing listens on 2112, 2114 or 2116: its own RPC port "
	"(2101, 2103 or 2105) was taken when the service started, and it "
	"added 11 (KB 178517).  Clients that ask the endpoint mapper follow, "
	"but firewall rules for the usual ports no longer match, and remote "
	"reads fail through them.",
	msmq_check,
	RULE_HOST
};
