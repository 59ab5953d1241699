/*
 * What a host is, as far as its evidence says: a domain controller, a DNS
 * server, a host where FRS replicates SYSVOL, and the DNS server's socket
 * pool (SocketPoolSize, SocketPoolExcludedPortRanges).  The manifest's
 * role speaks first; then the sockets (a Kerberos listener on TCP 88 is a
 * KDC, dns.exe is the DNS Server service, ntfrs.exe is FRS) and the
 * registry (Services\DNS exists only where the DNS Server role does).
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
	    (role != NULL && util_strcasecmp_ascii(role, "dc") == 0));
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
			(*listeners)++;
			if (s->local_port == 88)
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
static int
roles_dns_key(const char *key)
{
	size_t	 n, k = strlen("\\services\\dns");

	if (key == NULL || (n = strlen(key)) < k)
		return (0);
	if (util_strcasecmp_ascii(key + n - k, "\\services\\dns") == 0)
		return (1);
	return (roles_has(key, "\\services\\dns\\"));
}

/* "first-last" or one port; -1 when it is neither. */
static int
roles_range(const char *s, int *lo, int *hi)
{
	const char	*dash, *why;
	size_t		 n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if ((dash = memchr(s, '-', n)) == NULL)
		dash = s + n;
	if (util_parse_port(s, dash - s, lo, &why) == -1)
		return (-1);
	if (dash == s + n)
		*hi = *lo;
	else if (util_parse_port(dash + 1, s + n - dash - 1, hi, &why) == -1)
		return (-1);
	return (*lo <= *hi ? 0 : -1);
}

static void
roles_pool_push(struct arena *ar, struct rangeset *set, const struct input *in,
    const struct record *r, int lo, int hi)
{
	struct prange	*v;

	v = arena_alloc(ar, (set->n + 1) * sizeof(*v));
	if (set->n > 0)
		memcpy(v, set->v, set->n * sizeof(*v));
	memset(&v[set->n], 0, sizeof(v[set->n]));
	v[set->n].first = lo;
	v[set->n].last = hi;
	v[set->n].administered = 1;
	v[set->n].from.in = in;
	v[set->n].from.rec = r;
	set->v = v;
	set->n++;
}

/* One value of the DNS Server's Parameters key. */
static void
roles_dns_value(struct arena *ar, struct hostinfo *hi, const struct input *in,
    const struct record *r)
{
	const struct regvaluerec *reg = &r->u.reg;
	int			 i, lo, up;

	if (reg->name == NULL || reg->deleted)
		return;
	if (util_strcasecmp_ascii(reg->name, "SocketPoolSize") == 0 &&
	    reg->rtype == REGT_DWORD) {
		hi->socketpool = reg->num > 10000 ? 10000 : (int)reg->num;
		hi->socketpool_from.in = in;
		hi->socketpool_from.rec = r;
		hi->socketpool_from.note = NULL;
	} else if (util_strcasecmp_ascii(reg->name,
	    "SocketPoolExcludedPortRanges") == 0) {
		for (i = 0; i < reg->nmulti; i++) {
			if (reg->multi[i][strspn(reg->multi[i], " \t")] ==
			    '\0')
				continue;
			if (roles_range(reg->multi[i], &lo, &up) == -1)
				diag(r->in, r->line, DIAG_BAD_RANGE,
				    "%s entry \"%s\": not a port range",
				    reg->name, reg->multi[i]);
			else
				roles_pool_push(ar, &hi->socketpool_excluded,
				    in, r, lo, up);
		}
	}
}

static void
roles_registry(struct arena *ar, struct hostinfo *hi)
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
			roles_dns_value(ar, hi, in, r);
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
	if (hi->socketpool_from.in == NULL)
		hi->socketpool = -1;
	if (roles_role_dc(hi->role))
		roles_set_dc(hi, DC_YES, NULL, NULL, role);
	if (roles_has(hi->role, "dns"))
		roles_set(&hi->dns, &hi->dns_from, 1, NULL, NULL, role);
	roles_sockets(hi, &listeners);
	roles_registry(ar, hi);
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
