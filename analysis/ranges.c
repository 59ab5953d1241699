/*
 * The prepass: before any rule runs, turn each host's raw records (netsh,
 * sysctl, MaxUserPort, ReservedPorts, Rpc\Internet, excludedportrange) into
 * one set of facts: its OS, and per protocol its effective ephemeral range
 * and its rpc, reserved and excluded ranges, each remembering where it
 * came from.  Rules read only these facts, never a dialect.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

struct ostab {
	char		*pattern;
	enum osfam	 fam;
	int		 legacy, reserved_ok;
	int		 first, last;
	char		*label;
};

static struct ostab	*ranges_os;
static size_t		 ranges_nos;

int
proto_index(enum proto p)
{
	return (p == PROTO_TCP ? PI_TCP : p == PROTO_UDP ? PI_UDP : -1);
}

int
rangeset_has(const struct rangeset *s, int port, const struct prange **hit)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (port >= s->v[i].first && port <= s->v[i].last) {
			if (hit != NULL)
				*hit = &s->v[i];
			return (1);
		}
	return (0);
}

int
ranges_in_ephemeral(const struct hostinfo *hi, int pi, int port)
{
	return (hi->ephemeral[pi].first > 0 &&
	    port >= hi->ephemeral[pi].first && port <= hi->ephemeral[pi].last);
}

static enum osfam
ranges_fam(const char *s)
{
	static const char *const names[] = {
		"unknown", "windows", "linux", "bsd", "macos", "solaris",
		"other"
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return ((enum osfam)i);
	return (OSF_OTHER);
}

static void
ranges_os_row(void *arg, char **c, int n, unsigned line)
{
	struct ostab	*t;

	(void)arg;
	if (n < 7) {
		diag(NULL, 0, DIAG_KB, "os.csv:%u: %d columns, 7 wanted", line,
		    n);
		return;
	}
	ranges_os = xrealloc(ranges_os, (ranges_nos + 1) * sizeof(*ranges_os));
	t = &ranges_os[ranges_nos++];
	t->pattern = xstrdup(c[0]);
	t->fam = ranges_fam(c[1]);
	t->legacy = atoi(c[2]);
	t->reserved_ok = atoi(c[3]);
	t->first = atoi(c[4]);
	t->last = atoi(c[5]);
	t->label = xstrdup(c[6]);
}

static void
ranges_os_load(const char *datadir)
{
	char	*path;

	if (ranges_os != NULL)
		return;
	xasprintf(&path, "%s/os.csv", datadir);
	if (datafile_read(path, ranges_os_row, NULL) == -1)
		diag(NULL, 0, DIAG_KB, "%s: cannot read", path);
	free(path);
}

static const struct ostab *
ranges_os_match(const char *name)
{
	size_t	 i, j, plen, nlen;

	if (name == NULL)
		return (NULL);
	nlen = strlen(name);
	for (i = 0; i < ranges_nos; i++) {
		plen = strlen(ranges_os[i].pattern);
		for (j = 0; j + plen <= nlen; j++)
			if (util_strncasecmp_ascii(name + j,
			    ranges_os[i].pattern, plen) == 0)
				return (&ranges_os[i]);
	}
	return (NULL);
}

/* Family, era and ReservedPorts of an OS name (os.csv); 0 when unknown. */
int
ranges_os_class(const char *name, struct osinfo *os)
{
	const struct ostab	*t;

	if ((t = ranges_os_match(name)) == NULL)
		return (0);
	os->fam = t->fam;
	os->legacy = t->legacy;
	os->reserved_ok = t->reserved_ok;
	return (1);
}

static const struct ostab *
ranges_os_family_default(enum osfam fam, int legacy)
{
	size_t	 i;

	for (i = 0; i < ranges_nos; i++)
		if (ranges_os[i].fam == fam && ranges_os[i].legacy == legacy)
			return (&ranges_os[i]);
	return (NULL);
}

static void
ranges_push(struct hrecs *v, const struct input *in, const struct record *r)
{
	if ((v->n & (v->n - 1)) == 0)
		v->v = xrealloc(v->v, (v->n == 0 ? 1 : v->n * 2) *
		    sizeof(*v->v));
	v->v[v->n].in = in;
	v->v[v->n].rec = r;
	v->n++;
}

/* A compacted socket list's connections let go (compact.c). */
static void
ranges_push_use(struct hostinfo *hi, const struct sockuse *u)
{
	if ((hi->nuses & (hi->nuses - 1)) == 0)
		hi->uses = xrealloc(hi->uses, (hi->nuses == 0 ? 1 :
		    hi->nuses * 2) * sizeof(*hi->uses));
	hi->uses[hi->nuses++] = u;
}

/* How many of the host's socket lists let go of connections on a port. */
int
ranges_let_go(const struct hostinfo *hi, int pi, int port)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < hi->nuses; i++)
		n += sockuse_dropped(hi->uses[i], pi, port);
	return (n);
}

/* The same in the fleet's arena, for lists that audit_free() leaves. */
static void
ranges_push_arena(struct arena *ar, struct hrecs *v, const struct input *in,
    const struct record *r)
{
	struct hrec	*n;

	n = arena_alloc(ar, (v->n + 1) * sizeof(*n));
	if (v->n > 0)
		memcpy(n, v->v, v->n * sizeof(*n));
	n[v->n].in = in;
	n[v->n].rec = r;
	v->v = n;
	v->n++;
}

static void
ranges_set_push(struct rangeset *s, const struct input *in,
    const struct record *r)
{
	struct prange	*p;

	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	p = &s->v[s->n++];
	memset(p, 0, sizeof(*p));
	p->first = r->u.rng.first;
	p->last = r->u.rng.last;
	p->administered = r->u.rng.administered;
	p->from.in = in;
	p->from.rec = r;
}

static int
ranges_is(const struct input *in, const char *format)
{
	return (in->format != NULL && strcmp(in->format, format) == 0);
}

static int
ranges_is_registry(const struct input *in)
{
	return (ranges_is(in, "reg") || ranges_is(in, "regquery") ||
	    ranges_is(in, "hive"));
}

/* Ephemeral ranges by strength of evidence: netsh, sysctl, MaxUserPort. */
static int
ranges_eph_rank(const struct input *in)
{
	if (ranges_is(in, "netsh"))
		return (3);
	if (ranges_is(in, "sysctl"))
		return (2);
	return (1);
}

static void
ranges_take_range(struct hostinfo *hi, const struct input *in,
    const struct record *r, int *rank)
{
	int	 pis[2], n = 0, i, k;

	if (r->u.rng.proto == PROTO_NONE) {
		pis[n++] = PI_TCP;
		pis[n++] = PI_UDP;
	} else if ((k = proto_index(r->u.rng.proto)) >= 0)
		pis[n++] = k;
	for (i = 0; i < n; i++) {
		k = pis[i];
		switch (r->u.rng.what) {
		case RANGE_EPHEMERAL:
			/* IPv6 netsh ranges do not override IPv4 ones. */
			if (ranges_eph_rank(in) < rank[k] ||
			    (r->u.rng.family == FAM_IPV6 &&
			    hi->ephemeral[k].first > 0))
				break;
			rank[k] = ranges_eph_rank(in);
			hi->ephemeral[k].first = r->u.rng.first;
			hi->ephemeral[k].last = r->u.rng.last;
			hi->ephemeral[k].from.in = in;
			hi->ephemeral[k].from.rec = r;
			hi->ephemeral[k].from.note = NULL;
			break;
		case RANGE_RPC:
			ranges_set_push(&hi->rpc[k], in, r);
			break;
		case RANGE_RESERVED:
			ranges_set_push(&hi->reserved[k], in, r);
			break;
		case RANGE_EXCLUDED:
			ranges_set_push(&hi->excluded[k], in, r);
			break;
		case RANGE_SOCKETPOOL:
			hi->socketpool = r->u.rng.count;
			hi->socketpool_from.in = in;
			hi->socketpool_from.rec = r;
			break;
		case RANGE_SOCKETPOOL_EXCLUDED:
			if (k == PI_UDP)
				ranges_set_push(&hi->socketpool_excluded, in,
				    r);
			break;
		case RANGE_RPCPROXY:
			if (k == PI_TCP)
				ranges_set_push(&hi->rpcproxy, in, r);
			break;
		}
	}
}

/* What the host's own evidence says of its OS, when no manifest does. */
static void
ranges_infer_os(struct hostinfo *hi, int has_netsh, int has_maxuser,
    int has_win, int has_linux, int has_bsd)
{
	const struct ostab	*t = NULL;
	unsigned long		 low = 0, high = 0;
	size_t			 i;
	int			 p;

	if (has_win) {
		for (i = 0; i < hi->sockets.n; i++) {
			p = hi->sockets.v[i].rec->u.sock.local_port;
			if (hi->sockets.v[i].rec->u.sock.state == ST_LISTEN)
				continue;
			low += p >= 1025 && p <= 5000;
			high += p >= 49152;
		}
		for (i = 0; i < hi->nuses; i++) {
			low += hi->uses[i]->low;
			high += hi->uses[i]->high;
		}
		t = ranges_os_family_default(OSF_WINDOWS,
		    !has_netsh && (has_maxuser || low > high));
	} else if (has_linux)
		t = ranges_os_family_default(OSF_LINUX, 0);
	else if (has_bsd)
		t = ranges_os_family_default(OSF_BSD, 0);
	if (t == NULL)
		return;
	hi->os.fam = t->fam;
	hi->os.legacy = t->legacy;
	hi->os.reserved_ok = t->reserved_ok;
	hi->os.from.note = has_netsh ? "inferred from netsh output" :
	    has_maxuser ? "inferred from MaxUserPort" :
	    "inferred from the host's evidence";
}

static void
ranges_default_ephemeral(struct hostinfo *hi, const struct ostab *t)
{
	int	 k;

	for (k = 0; k < PI__MAX; k++) {
		if (hi->ephemeral[k].first > 0 || t == NULL)
			continue;
		hi->ephemeral[k].first = t->first;
		hi->ephemeral[k].last = t->last;
		hi->ephemeral[k].from.note = t->label;
	}
}

/* The same for the connections compaction let go: ports, no records. */
static void
ranges_usage_let_go(struct hostinfo *hi, const unsigned char *listen,
    unsigned char **seen)
{
	const struct sockuse	*u;
	size_t			 i, j;
	int			 k, p;

	for (i = 0; i < hi->nuses; i++) {
		u = hi->uses[i];
		for (k = 0; k < PI__MAX; k++)
			for (j = 0; j < u->nports[k]; j++) {
				p = u->ports[k][j];
				if (listen[k * 65536 + p] ||
				    !ranges_in_ephemeral(hi, k, p))
					continue;
				if (seen[k] == NULL)
					seen[k] = xcalloc(65536, 1);
				if (!seen[k][p]) {
					seen[k][p] = 1;
					hi->used_ephemeral[k]++;
				}
				if (p > hi->highest_used[k])
					hi->highest_used[k] = p;
			}
	}
}

/* Sockets that hold a port of the ephemeral range without listening. */
static void
ranges_usage(struct hostinfo *hi)
{
	const struct sockrec	*s;
	unsigned char		*seen[PI__MAX] = { NULL, NULL };
	unsigned char		*listen;
	size_t			 i;
	int			 k;

	/* Connections a listener accepted keep the listener's port. */
	listen = xcalloc(PI__MAX, 65536);
	for (i = 0; i < hi->sockets.n; i++) {
		s = &hi->sockets.v[i].rec->u.sock;
		k = proto_index(s->proto);
		if (k >= 0 && s->local_port > 0 && (s->state == ST_LISTEN ||
		    (k == PI_UDP && s->remote_port < 0)))
			listen[k * 65536 + s->local_port] = 1;
	}
	for (i = 0; i < hi->sockets.n; i++) {
		s = &hi->sockets.v[i].rec->u.sock;
		k = proto_index(s->proto);
		if (k < 0 || s->local_port <= 0 || s->state == ST_LISTEN ||
		    listen[k * 65536 + s->local_port] ||
		    !ranges_in_ephemeral(hi, k, s->local_port))
			continue;
		if (k == PI_UDP && s->remote_port < 0)
			continue;	/* an unconnected UDP socket listens */
		if (seen[k] == NULL)
			seen[k] = xcalloc(65536, 1);
		if (!seen[k][s->local_port]) {
			seen[k][s->local_port] = 1;
			hi->used_ephemeral[k]++;
		}
		if (s->local_port > hi->highest_used[k])
			hi->highest_used[k] = s->local_port;
	}
	ranges_usage_let_go(hi, listen, seen);
	free(seen[0]);
	free(seen[1]);
	free(listen);
}

void
ranges_recount(struct hostinfo *hi)
{
	int	 k;

	for (k = 0; k < PI__MAX; k++) {
		hi->highest_used[k] = 0;
		hi->used_ephemeral[k] = 0;
	}
	ranges_usage(hi);
}

/*
 * A pool from MaxUserPort starts where the OS's own pool starts (os.csv):
 * 1024 on NT 4.0, 1025 on 2000 to 2003 (kb.c writes 1025, KB 929851).
 */
static void
ranges_maxuser_bottom(struct hostinfo *hi, const struct ostab *t)
{
	int	 k;

	if (t == NULL || !t->legacy)
		return;
	for (k = 0; k < PI__MAX; k++)
		if (hi->ephemeral[k].from.in != NULL &&
		    ranges_is_registry(hi->ephemeral[k].from.in) &&
		    t->first < hi->ephemeral[k].last)
			hi->ephemeral[k].first = t->first;
}

/*
 * AD LDS (ADAM) instances: dsamain.exe listening.  Exchange 4.0 to 5.5's
 * directory has the same image, so a host with MSExchangeDS settings or
 * NT 4.0 (which ADAM never ran on) has none.
 */
static void
ranges_adlds(struct hostinfo *hi)
{
	const struct sockrec	*k;
	const char		*svc;
	size_t			 i;

	if (hi->os.fam == OSF_WINDOWS && hi->os.legacy && !hi->os.reserved_ok)
		return;
	for (i = 0; i < hi->settings.n; i++)
		if ((svc = hi->settings.v[i].rec->u.set.service) != NULL &&
		    util_strcasecmp_ascii(svc, "MSExchangeDS") == 0)
			return;
	for (i = 0; i < hi->sockets.n; i++) {
		k = &hi->sockets.v[i].rec->u.sock;
		if (k->state == ST_LISTEN && k->process != NULL &&
		    util_strcasecmp_ascii(k->process, "dsamain.exe") == 0)
			ranges_push(&hi->adlds, hi->sockets.v[i].in,
			    hi->sockets.v[i].rec);
	}
}

/*
 * The services entries of a host's files: those of its own services
 * files (own) for hi->services, or the others (nmap-services beside them)
 * for the fleet's reference registry, which every host's rules read: all
 * of those go in before any host's rules run.
 */
static void
ranges_services(const struct hostinfo *hi, int own, struct hrecs *v)
{
	const struct host	*h = hi->host;
	const struct input	*in;
	const struct record	*r;
	size_t			 i;

	for (i = 0; i < h->ninputs; i++) {
		in = h->inputs[i];
		if (in->status != INPUT_OK)
			continue;
		for (r = input_src(in)->first; r != NULL; r = r->next)
			if (r->kind == REC_SERVICE && own ==
			    (r->u.svc.frequency < 0 &&
			    ranges_is(in, "services") && !h->reference))
				ranges_push(v, in, r);
	}
}

void
ranges_host(struct audit *a, struct hostinfo *hi)
{
	const struct host	*h = hi->host;
	const struct input	*in;
	const struct record	*r;
	const struct ostab	*t;
	int			 rank[PI__MAX] = { 0, 0 };
	int			 has_netsh = 0, has_maxuser = 0, has_win = 0;
	int			 has_linux = 0, has_bsd = 0;
	size_t			 i;

	hi->socketpool = -1;
	ranges_services(hi, 1, &hi->services);
	for (i = 0; i < h->ninputs; i++) {
		in = h->inputs[i];
		if (in->status != INPUT_OK)
			continue;
		has_netsh |= ranges_is(in, "netsh");
		has_win |= ranges_is(in, "netstat-win") ||
		    ranges_is(in, "netsh") || ranges_is_registry(in);
		has_linux |= ranges_is(in, "netstat-linux") ||
		    ranges_is(in, "ss");
		has_bsd |= ranges_is(in, "netstat-bsd");
		if (input_src(in)->use != NULL) {
			ranges_push_use(hi, input_src(in)->use);
			hi->evidence_netstat = 1;
		}
		for (r = input_src(in)->first; r != NULL; r = r->next) {
			switch (r->kind) {
			case REC_SOCKET:
				ranges_push(&hi->sockets, in, r);
				hi->evidence_netstat = 1;
				break;
			case REC_SETTING:
				ranges_push(&hi->settings, in, r);
				break;
			case REC_RANGE:
				if (r->u.rng.what == RANGE_EPHEMERAL &&
				    ranges_is_registry(in))
					has_maxuser = 1;
				if (ranges_is(in, "sysctl") &&
				    r->u.rng.setting != NULL &&
				    strstr(r->u.rng.setting, "net.inet") !=
				    NULL)
					has_bsd = 1;
				else if (ranges_is(in, "sysctl"))
					has_linux = 1;
				ranges_take_range(hi, in, r, rank);
				if (r->u.rng.what == RANGE_EPHEMERAL &&
				    ranges_is(in, "netsh"))
					ranges_push_arena(a->fleet->arena,
					    &hi->dynamic, in, r);
				break;
			default:
				break;
			}
		}
	}
	if (hi->sockets.n > 0)	/* a fleet's worth of them: no slack */
		hi->sockets.v = xrealloc(hi->sockets.v, hi->sockets.n *
		    sizeof(*hi->sockets.v));
	if ((t = ranges_os_match(hi->os.name)) != NULL) {
		hi->os.fam = t->fam;
		hi->os.legacy = t->legacy;
		hi->os.reserved_ok = t->reserved_ok;
		hi->os_known = 1;
	} else {
		ranges_infer_os(hi, has_netsh, has_maxuser, has_win, has_linux,
		    has_bsd);
		t = ranges_os_family_default(hi->os.fam, hi->os.legacy);
		hi->os_known = has_netsh;	/* netsh: Vista or later */
	}
	/* MaxUserPort raises the top of the pool; the bottom stays. */
	ranges_maxuser_bottom(hi, t);
	ranges_default_ephemeral(hi, t);
	ranges_usage(hi);
	ranges_adlds(hi);
	roles_host(a->fleet->arena, hi);
}

void
ranges_begin(struct audit *a)
{
	size_t	 i;

	ranges_os_load(a->fleet->datadir);
	for (i = 0; i < a->nhosts; i++)
		ranges_services(&a->hosts[i], 0, &a->registry);
}

void
ranges_prepass(struct audit *a)
{
	size_t	 i;

	ranges_begin(a);
	for (i = 0; i < a->nhosts; i++)
		ranges_host(a, &a->hosts[i]);
}

/* The origin of a fact that is a socket line: its file and line only. */
static void
ranges_origin_let_go(struct origin *o)
{
	if (o->rec != NULL && o->rec->kind == REC_SOCKET) {
		o->line = o->rec->line;
		o->rec = NULL;
	}
}

void
ranges_host_let_go(struct audit *a, struct hostinfo *hi)
{
	pins_keep(a, hi);
	ranges_origin_let_go(&hi->dc_from);
	ranges_origin_let_go(&hi->dns_from);
	ranges_origin_let_go(&hi->frs_from);
	free(hi->adlds.v);
	hi->adlds.v = NULL;
	hi->adlds.n = 0;
	free(hi->sockets.v);
	hi->sockets.v = NULL;
	hi->sockets.n = 0;
	free(hi->services.v);	/* the same for every host of a site */
	hi->services.v = NULL;
	hi->services.n = 0;
	hi->parked = 1;
}

static void
ranges_gather(const struct hostinfo *hi, struct hrecs *v)
{
	const struct host	*h = hi->host;
	const struct record	*r;
	size_t			 i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < h->ninputs; i++) {
		if (h->inputs[i]->status != INPUT_OK)
			continue;
		for (r = input_src(h->inputs[i])->first; r != NULL;
		    r = r->next)
			if (r->kind == REC_SOCKET)
				ranges_push(v, h->inputs[i], r);
	}
}

const struct hrecs *
ranges_sockets(struct fleet *f, const struct hostinfo *hi, struct hrecs *tmp)
{
	memset(tmp, 0, sizeof(*tmp));
	if (!hi->parked)
		return (&hi->sockets);
	(void)park_host_load(f, hi->host);
	ranges_gather(hi, tmp);
	return (tmp);
}

void
ranges_sockets_end(const struct hostinfo *hi, struct hrecs *tmp)
{
	if (!hi->parked)
		return;
	free(tmp->v);
	memset(tmp, 0, sizeof(*tmp));
	park_host_drop(hi->host);
}

const struct hrecs *
ranges_own_services(const struct hostinfo *hi, struct hrecs *tmp)
{
	memset(tmp, 0, sizeof(*tmp));
	if (!hi->parked)
		return (&hi->services);
	ranges_services(hi, 1, tmp);
	return (tmp);
}
