/*
 * What the socket list says of each pinned port, computed once for the
 * rules and every report.  A port whose listener is the service's own
 * process (its image, through its own -b line or another socket of its
 * PID, or its -b service line) is verified: listening, as pinned.  A
 * listener whose owner netstat does not show (NT 4.0 -an, -ano without
 * -b, Linux without root) cannot be judged: listening, owner not shown;
 * nor can a process's listener when the knowledge base names no owner
 * image for the setting (DCOM Endpoints): listening, owner not known.
 * Anything else on the port (another process's listener, the kernel's,
 * or the local end of an outbound connection) has taken it, and
 * fixed-port-taken (collision.c) reports it.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

static const char *const pins_names[PINST__MAX] = {
	"unchecked", "verified", "owner-not-shown", "owner-not-known",
	"not-listening", "taken"
};

/* A status's stable name, as findings.json and the summary print it. */
const char *
pinstatus_name(enum pinstatus s)
{
	return (s < PINST__MAX ? pins_names[s] : NULL);
}

/*
 * The image of a socket's process: its own -b line, else another socket of
 * the same PID that has one (netstat -anob prints it once per socket, but
 * other tools only for some).
 */
static const char *
pins_process(const struct hostinfo *hi, const struct sockrec *k)
{
	size_t	 i;

	if (k->process != NULL || k->pid < 0)
		return (k->process);
	if (k->pid_image != NULL)	/* looked up before compaction */
		return (k->pid_image);
	for (i = 0; i < hi->sockets.n; i++)
		if (hi->sockets.v[i].rec->u.sock.pid == k->pid &&
		    hi->sockets.v[i].rec->u.sock.process != NULL)
			return (hi->sockets.v[i].rec->u.sock.process);
	return (k->pid == 4 ? "System" : NULL);	/* PID 4: the kernel */
}

static int
pins_listens(const struct sockrec *k)
{
	return (k->state == ST_LISTEN || (k->proto == PROTO_UDP &&
	    k->remote_port < 0));
}

static int
pins_has_owner(const struct settingrec *s)
{
	return (s->owner != NULL && *s->owner != '\0');
}

/* Whether a socket's process is the setting's own. */
static int
pins_own(const struct settingrec *s, const struct sockrec *k,
    const char *process)
{
	/* The -b service line names the service itself. */
	if (k->service != NULL && s->service != NULL && *s->service != '\0' &&
	    util_strcasecmp_ascii(k->service, s->service) == 0)
		return (1);
	if (!pins_has_owner(s) || process == NULL)
		return (0);
	if (util_strcasecmp_ascii(s->owner, process) != 0)
		return (0);
	/* svchost.exe hosts many services: the -b service line decides. */
	if (k->service != NULL && s->service != NULL && *s->service != '\0')
		return (0);
	return (1);
}

/* Whether some socket of the host listens on the port. */
int
pins_listener(const struct hostinfo *hi, int pi, int port)
{
	const struct sockrec	*k;
	size_t			 j;

	for (j = 0; j < hi->sockets.n; j++) {
		k = &hi->sockets.v[j].rec->u.sock;
		if (proto_index(k->proto) == pi && k->local_port == port &&
		    pins_listens(k))
			return (1);
	}
	return (0);
}

/*
 * How socket i bears on setting s.  When something listens on the port,
 * connections on it were accepted by that listener and only listeners
 * count; otherwise every socket holding the port took it as an ephemeral
 * port, even one of the service's own process.
 */
enum pinsock
pins_socket(const struct hostinfo *hi, const struct settingrec *s, int pi,
    size_t i, int listener, const char **process)
{
	const struct sockrec	*k = &hi->sockets.v[i].rec->u.sock;
	const char		*proc;

	*process = NULL;
	if (proto_index(k->proto) != pi || k->local_port != s->port ||
	    (listener && !pins_listens(k)))
		return (PINSOCK_NONE);
	*process = proc = pins_process(hi, k);
	if (!pins_listens(k))
		return (proc != NULL ? PINSOCK_OTHER_OUTBOUND :
		    PINSOCK_UNKNOWN_OUTBOUND);
	if (pins_own(s, k, proc))
		return (PINSOCK_OWN);
	if (proc == NULL)
		return (PINSOCK_UNKNOWN_LISTENER);
	/* No owner to compare with: any process but the kernel may be it. */
	if (!pins_has_owner(s) && strcmp(proc, "System") != 0)
		return (PINSOCK_UNOWNED_LISTENER);
	return (PINSOCK_OTHER_LISTENER);
}

/* The status that the socket speaking for the port gives. */
static enum pinstatus
pins_status_of(enum pinsock c)
{
	switch (c) {
	case PINSOCK_OWN:
		return (PINST_VERIFIED);
	case PINSOCK_UNKNOWN_LISTENER:
		return (PINST_OWNER_NOT_SHOWN);
	case PINSOCK_UNOWNED_LISTENER:
		return (PINST_OWNER_NOT_KNOWN);
	case PINSOCK_NONE:
		return (PINST_NOT_LISTENING);
	default:
		return (PINST_TAKEN);
	}
}

/* Which socket speaks for the port: the worst intruder, else the own
 * listener, else one that cannot be judged. */
static int
pins_rank(enum pinsock c)
{
	static const int rank[] = { 0, 3, 1, 2, 5, 5, 4 };

	return (rank[c]);
}

static void
pins_setting(const struct hostinfo *hi, const struct hrec *h,
    struct pincheck *pc)
{
	const struct settingrec	*s = &h->rec->u.set;
	const char		*proc;
	enum pinsock		 c, best = PINSOCK_NONE;
	size_t			 j;
	int			 pi, listener;

	memset(pc, 0, sizeof(*pc));
	if ((pi = rule_live_pi(hi, s)) < 0 || !hi->evidence_netstat)
		return;
	listener = pins_listener(hi, pi, s->port);
	for (j = 0; j < hi->sockets.n; j++) {
		c = pins_socket(hi, s, pi, j, listener, &proc);
		if (pins_rank(c) > pins_rank(best)) {
			best = c;
			pc->sock = &hi->sockets.v[j];
			pc->process = proc;
		}
	}
	pc->status = pins_status_of(best);
}

/* Give every setting of host hi its status (hostinfo pins). */
void
pins_host(struct hostinfo *hi)
{
	size_t	 i;

	free(hi->pins);
	hi->pins = xcalloc(hi->settings.n + 1, sizeof(*hi->pins));
	for (i = 0; i < hi->settings.n; i++)
		pins_setting(hi, &hi->settings.v[i], &hi->pins[i]);
}

void
pins_keep(struct audit *a, struct hostinfo *hi)
{
	struct pincheck	*pc;
	struct hrec	*h;
	struct record	*r;
	size_t		 i;

	for (i = 0; hi->pins != NULL && i < hi->settings.n; i++) {
		pc = &hi->pins[i];
		if (pc->sock == NULL)
			continue;
		/* Its line is read when a report quotes it (record_text()). */
		h = arena_alloc(a->fleet->arena, sizeof(*h));
		r = arena_alloc(a->fleet->arena, sizeof(*r));
		*r = *pc->sock->rec;
		r->next = NULL;
		if (r->text != NULL)
			r->text = arena_strdup(a->fleet->arena, r->text);
		h->in = pc->sock->in;
		h->rec = r;
		pc->sock = h;
	}
}

int
pins_evidence(const struct pincheck *pc, struct evidence *ev)
{
	if (pc->sock == NULL)
		return (0);
	ev->in = pc->sock->in;
	ev->line = pc->sock->rec->line;
	ev->text = record_text(pc->sock->rec);
	return (1);
}

/* A setting's status; unchecked when pins_host() has not run. */
const struct pincheck *
pins_get(const struct hostinfo *hi, const struct hrec *h)
{
	static const struct pincheck	 none;

	if (hi->pins == NULL || h < hi->settings.v ||
	    h >= hi->settings.v + hi->settings.n)
		return (&none);
	return (&hi->pins[h - hi->settings.v]);
}

/* How many settings of the audit have each status. */
void
pins_count(const struct audit *a, size_t n[PINST__MAX])
{
	const struct hostinfo	*hi;
	size_t			 h, i;

	memset(n, 0, PINST__MAX * sizeof(n[0]));
	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (i = 0; i < hi->settings.n; i++)
			n[pins_get(hi, &hi->settings.v[i])->status]++;
	}
}
