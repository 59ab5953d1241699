/*
 * What a host is, as far as its evidence says: a domain controller, a DNS
 * server, a host where FRS replicates SYSVOL.  The manifest's role speaks
 * first; then the sockets (a Kerberos listener on TCP 88 is a KDC, and so
 * is lsass.exe on LDAP or the global catalog, and an LDAP listener of an
 * unnamed image keeps a host without one from being called a member
 * server; dns.exe is the DNS Server
 * service, ntfrs.exe is FRS) and the registry (Services\DNS exists only
 * where the DNS Server role does).  The DNS server's socket pool comes from
 * the knowledge base's socketpool and poolexcluded records (ranges.c).
 * Rules that judge a setting by the host's role read these facts.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

/* Whether hay holds needle, ASCII case-insensitively. */
static int
roles_has(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle);

	if (hay == NULL)
		return (0);
	for (; *hay != '\0'; hay++)
		if (util_strncasecmp_ascii(hay, needle, n) == 0)
			return (1);
	return (0);
}

int
roles_os_has(const struct hostinfo *hi, const char *text)
{
	return (roles_has(hi->os.name, text));
}

static int
roles_role_dc(const char *role)
{
	return (roles_has(role, "domain-controller") ||
	    roles_has(role, "domain controller") ||
	    roles_has(role, "domain_controller") ||
	    roles_has(role, "domaincontroller") ||
	    (role != NULL && (util_strcasecmp_ascii(role, "dc") == 0 ||
	    util_strcasecmp_ascii(role, "gc") == 0)));
}

static int
roles_is_registry(const struct input *in)
{
	return (in->format != NULL && (strcmp(in->format, "reg") == 0 ||
	    strcmp(in->format, "regquery") == 0 ||
	    strcmp(in->format, "hive") == 0));
}

static void
roles_set(int *fact, struct origin *o, int value, const struct input *in,
    const struct record *r, const char *note)
{
	if (*fact != 0)
		return;
	*fact = value;
	o->in = in;
	o->rec = r;
	o->note = note;
}

static void
roles_set_dc(struct hostinfo *hi, enum dcstate value, const struct input *in,
    const struct record *r, const char *note)
{
	if (hi->dc != DC_UNKNOWN)
		return;
	hi->dc = value;
	hi->dc_from.in = in;
	hi->dc_from.rec = r;
	hi->dc_from.note = note;
}

/* Whether a socket belongs to the image or the service named. */
static int
roles_sock_is(const struct sockrec *s, const char *image, const char *svc)
{
	return ((s->process != NULL &&
	    util_strcasecmp_ascii(s->process, image) == 0) ||
	    (s->service != NULL && util_strcasecmp_ascii(s->service, svc) == 0));
}

/* *listeners: TCP listeners seen, or -1 when one may be a DC's LDAP. */
static void
roles_sockets(struct hostinfo *hi, int *listeners)
{
	const struct sockrec	*s;
	const struct hrec	*h;
	size_t			 i;

	for (i = 0; i < hi->sockets.n; i++) {
		h = &hi->sockets.v[i];
		s = &h->rec->u.sock;
		if (s->proto == PROTO_TCP && s->state == ST_LISTEN) {
			/* LDAP from an image netstat does not name may be
			 * the directory: no proof either way. */
			if (s->local_port == 389 && s->process == NULL)
				*listeners = -1;
			else if (*listeners >= 0)
				(*listeners)++;
			/* A KDC, or the directory itself on LDAP or the
			 * global catalog (AD LDS is dsamain.exe). */
			if (s->local_port == 88 || ((s->local_port == 389 ||
			    s->local_port == 3268) && s->process != NULL &&
			    util_strcasecmp_ascii(s->process, "lsass.exe") == 0))
				roles_set_dc(hi, DC_YES, h->in, h->rec, NULL);
		}
		if (roles_sock_is(s, "dns.exe", "DNS"))
			roles_set(&hi->dns, &hi->dns_from, 1, h->in, h->rec,
			    NULL);
		if (roles_sock_is(s, "ntfrs.exe", "NtFrs"))
			roles_set(&hi->frs, &hi->frs_from, 1, h->in, h->rec,
			    NULL);
	}
}

/* A key under HKLM\SYSTEM\...\Services\DNS (not DnsCache). */
int
roles_dns_key(const char *key)
{
	size_t	 n, k = strlen("\\services\\dns");

	if (key == NULL || (n = strlen(key)) < k)
		return (0);
	if (util_strcasecmp_ascii(key + n - k, "\\services\\dns") == 0)
		return (1);
	return (roles_has(key, "\\services\\dns\\"));
}

static void
roles_registry(struct hostinfo *hi)
{
	const struct input	*in;
	const struct record	*r;
	size_t			 i;

	for (i = 0; i < hi->host->ninputs; i++) {
		in = hi->host->inputs[i];
		if (in->status != INPUT_OK || !roles_is_registry(in))
			continue;
		for (r = input_src(in)->first; r != NULL; r = r->next) {
			if (r->kind != REC_REGVALUE ||
			    !roles_dns_key(r->u.reg.key) || r->u.reg.deleted)
				continue;
			roles_set(&hi->dns, &hi->dns_from, 1, in, r, NULL);
		}
	}
}

void
roles_host(struct arena *ar, struct hostinfo *hi)
{
	const char	*role = NULL;
	char		*s;
	int		 listeners = 0;

	if (hi->role != NULL && *hi->role != '\0') {
		xasprintf(&s, "manifest role %s", hi->role);
		role = arena_strdup(ar, s);
		free(s);
	}
	if (roles_role_dc(hi->role))
		roles_set_dc(hi, DC_YES, NULL, NULL, role);
	if (roles_has(hi->role, "dns"))
		roles_set(&hi->dns, &hi->dns_from, 1, NULL, NULL, role);
	roles_sockets(hi, &listeners);
	roles_registry(hi);
	if (role != NULL)
		roles_set_dc(hi, DC_NO, NULL, NULL, role);
	else if (listeners > 0 && hi->os.fam == OSF_WINDOWS)
		roles_set_dc(hi, DC_NO, NULL, NULL,
		    "no Kerberos listener (TCP 88) in the socket list");
	/* Before Server 2008, FRS is the only way SYSVOL replicates. */
	if (hi->dc == DC_YES && hi->os.fam == OSF_WINDOWS && hi->os.legacy &&
	    hi->os_known)
		roles_set(&hi->frs, &hi->frs_from, 1, NULL, NULL,
		    "SYSVOL replicates with FRS before Windows Server 2008");
}
