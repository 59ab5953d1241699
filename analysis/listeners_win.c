/*
 * listener-in-ephemeral on Windows.  Most listeners a Windows host shows in
 * the dynamic range are RPC endpoints of system images (lsass, services,
 * svchost...), dynamic by design and found again through the endpoint
 * mapper.  A listener of any other named image there (AD LDS's dsamain,
 * sqlservr, an application) holds a port it was configured with, and any
 * outgoing connection can take that port while the service is down.  The
 * cure is an administered exclusion (netsh int ipv4 add excludedportrange
 * ... store=persistent) or a port below the range; KB 3039044 tells of
 * programs that bind an excluded port twice and get 10013 on 2008 R2 to
 * 2012 R2.  Ports the registry pins are fixed-port-in-ephemeral's, and
 * listeners netstat names no image for are left alone.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

/* Images whose listeners in the dynamic range are RPC endpoints. */
static const char *const listeners_win_rpc[] = {
	"svchost.exe", "lsass.exe", "wininit.exe", "services.exe",
	"spoolsv.exe", "ntfrs.exe", "dfsrs.exe", "ismserv.exe", "dns.exe",
	"msdtc.exe", "lsm.exe", "winlogon.exe", "certsrv.exe", "dfssvc.exe",
	"mqsvc.exe", "System",
	/* Exchange 5.5 and 2000: store, System Attendant, MTA, SRS */
	"store.exe", "mad.exe", "emsmta.exe", "srsmain.exe"
};

static int
listeners_win_is_rpc(const char *image)
{
	size_t	 i;

	for (i = 0; i < sizeof(listeners_win_rpc) /
	    sizeof(listeners_win_rpc[0]); i++)
		if (util_strcasecmp_ascii(image, listeners_win_rpc[i]) == 0)
			return (1);
	return (0);
}

/*
 * dsamain.exe is AD LDS (ADAM from Server 2003 on), except where it is
 * Exchange 5.5's directory: on NT 4.0, or beside MSExchangeDS values.  Its
 * listeners in the range are RPC endpoints like the rest of Exchange's.
 */
static int
listeners_win_exchange_ds(const struct hostinfo *hi, const char *image)
{
	const struct settingrec	*s;
	size_t			 i;

	if (util_strcasecmp_ascii(image, "dsamain.exe") != 0)
		return (0);
	if (hi->os.fam == OSF_WINDOWS && hi->os.legacy && !hi->os.reserved_ok)
		return (1);	/* NT 4.0: ADAM never ran there */
	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->service != NULL &&
		    util_strcasecmp_ascii(s->service, "MSExchangeDS") == 0)
			return (1);
	}
	return (0);
}

static int
listeners_win_loopback(const char *addr)
{
	return (addr != NULL && (strncmp(addr, "127.", 4) == 0 ||
	    strcmp(addr, "::1") == 0));
}

/* A registry setting of the host pins the port (another rule's). */
static int
listeners_win_pinned(const struct hostinfo *hi, int port)
{
	const struct settingrec	*s;
	size_t			 i;

	for (i = 0; i < hi->settings.n; i++) {
		s = &hi->settings.v[i].rec->u.set;
		if (s->proto == PROTO_TCP && s->port == port)
			return (1);
	}
	return (0);
}

/* Kept out of the pool: an administered exclusion, or ReservedPorts
 * where Windows honours it (2000 to 2003). */
static int
listeners_win_kept(const struct hostinfo *hi, int port)
{
	const struct prange	*x;

	if (rangeset_has(&hi->excluded[PI_TCP], port, &x) && x->administered)
		return (1);
	return (hi->os.reserved_ok &&
	    rangeset_has(&hi->reserved[PI_TCP], port, NULL));
}

static int
listeners_win_wanted(const struct hostinfo *hi, const struct sockrec *k)
{
	return (k->proto == PROTO_TCP && k->state == ST_LISTEN &&
	    k->local_port > 0 && k->process != NULL &&
	    !listeners_win_is_rpc(k->process) &&
	    !listeners_win_exchange_ds(hi, k->process) &&
	    !listeners_win_loopback(k->local_addr) &&
	    ranges_in_ephemeral(hi, PI_TCP, k->local_port) &&
	    !listeners_win_kept(hi, k->local_port) &&
	    !listeners_win_pinned(hi, k->local_port));
}

static const char *
listeners_win_variant(const char *image)
{
	if (util_strcasecmp_ascii(image, "sqlservr.exe") == 0)
		return ("windows-sql");
	if (util_strcasecmp_ascii(image, "dsamain.exe") == 0)
		return ("windows-adlds");
	return ("windows");
}

static struct finding *
listeners_win_add(struct audit *a, struct hostinfo *hi,
    const struct sockrec *k)
{
	struct finding	*f;

	f = finding_add(a, &rule_listener_in_ephemeral, hi, PROTO_TCP,
	    k->local_port, k->process);
	finding_var(a, f, "port", "%d", k->local_port);
	finding_var(a, f, "proto", "tcp");
	finding_var(a, f, "process", "%s", k->process);
	finding_var(a, f, "service", "%s", k->service != NULL ? k->service :
	    k->process);
	finding_var(a, f, "pid", "%ld", k->pid);
	finding_var(a, f, "variant", "%s", listeners_win_variant(k->process));
	rule_range_vars(a, f, &hi->ephemeral[PI_TCP]);
	return (f);
}

void
listeners_win_host(struct audit *a, struct hostinfo *hi)
{
	const struct sockrec	*k;
	struct finding		**seen, *f;
	size_t			 i, j, n = 0;

	seen = xcalloc(hi->sockets.n + 1, sizeof(*seen));
	for (i = 0; i < hi->sockets.n; i++) {
		k = &hi->sockets.v[i].rec->u.sock;
		if (!listeners_win_wanted(hi, k))
			continue;
		/* A port's IPv4 and IPv6 listeners are one finding. */
		for (f = NULL, j = 0; j < n && f == NULL; j++)
			if (seen[j]->port == k->local_port)
				f = seen[j];
		if (f == NULL)
			f = seen[n++] = listeners_win_add(a, hi, k);
		finding_evidence(a, f, hi->sockets.v[i].in,
		    hi->sockets.v[i].rec);
	}
	free(seen);
}
