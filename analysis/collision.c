/*
 * Collisions: a pinned port that another process already holds (the
 * KB 180795 trap: the port went out as an ephemeral port before the
 * service started), two settings that pin the same port, and a pinned port
 * that the operating system itself uses.  Who holds a pinned port is
 * judged once, in pins.c.
 */
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

/* Severity and wording of one socket that took the port. */
static enum severity
collision_judge(enum pinsock c, const char **variant)
{
	switch (c) {
	case PINSOCK_OTHER_LISTENER:
		*variant = "other-listener";
		return (SEV_CRITICAL);
	case PINSOCK_OTHER_OUTBOUND:
		*variant = "other-outbound";
		return (SEV_CRITICAL);
	default:
		*variant = "unknown-outbound";
		return (SEV_HIGH);
	}
}

static int
collision_intruder(enum pinsock c)
{
	return (c == PINSOCK_OTHER_LISTENER || c == PINSOCK_OTHER_OUTBOUND ||
	    c == PINSOCK_UNKNOWN_OUTBOUND);
}

/*
 * One setting that pins.c found taken: every socket that holds the port
 * is evidence, and the worst of them sets the severity and the wording.
 * The port's own listener, and one whose owner cannot be told, are no
 * finding: pins.c gives them their status.
 */
static void
collision_taken_setting(struct audit *a, struct hostinfo *hi,
    const struct hrec *hs, int pi)
{
	const struct settingrec	*s = &hs->rec->u.set;
	const struct sockrec	*k, *worst = NULL;
	const char		*proc, *variant, *wvariant = NULL, *wproc = NULL;
	struct finding		*f = NULL;
	enum pinsock		 c;
	enum severity		 sev, wsev = SEV_INFO;
	size_t			 j;
	int			 listener;

	if (pins_get(hi, hs)->status != PINST_TAKEN)
		return;
	listener = pins_listener(hi, pi, s->port);
	for (j = 0; j < hi->sockets.n; j++) {
		c = pins_socket(hi, s, pi, j, listener, &proc);
		if (!collision_intruder(c))
			continue;
		k = &hi->sockets.v[j].rec->u.sock;
		sev = collision_judge(c, &variant);
		if (f == NULL) {
			f = finding_add(a, &rule_fixed_port_taken, hi,
			    s->proto, s->port, rule_setting_service(s));
			rule_setting_vars(a, f, hs);
		}
		finding_evidence(a, f, hi->sockets.v[j].in,
		    hi->sockets.v[j].rec);
		if (worst == NULL || sev > wsev) {
			worst = k;
			wsev = sev;
			wvariant = variant;
			wproc = proc;
		}
	}
	if (f == NULL)
		return;
	f->sev = wsev;
	finding_var(a, f, "variant", "%s", wvariant);
	finding_var(a, f, "process", "%s", wproc != NULL ? wproc :
	    "an unknown process");
	if (worst->pid >= 0)
		finding_var(a, f, "pid", "%ld", worst->pid);
	else
		finding_var(a, f, "pid", "%s", "no PID shown");
	finding_var(a, f, "state", "%s", state_name(worst->state) != NULL ?
	    state_name(worst->state) : "bound");
	finding_var(a, f, "remote", "%s:%d", worst->remote_addr != NULL ?
	    worst->remote_addr : "*", worst->remote_port);
}

/* fixed-port-taken: one finding per setting whose port someone holds. */
static void
collision_taken(struct audit *a)
{
	rule_each_setting(a, collision_taken_setting);
}

const struct rule rule_fixed_port_taken = {
	"fixed-port-taken", "collision", SEV_CRITICAL,
	"Fixed port already taken by another process",
	"A registry value pins a service to a port that netstat shows held by "
	"another process, or by the local end of a connection that received "
	"it as an ephemeral port.  When the service starts it cannot bind "
	"the port and its RPC endpoint fails with error 1720 (KB 180795).  "
	"The service's own listener, and a listener whose owner netstat does "
	"not show, are no finding.",
	collision_taken,
	RULE_HOST
};

static int
collision_same_service(const struct settingrec *a, const struct settingrec *b)
{
	return (strcmp(rule_setting_service(a), rule_setting_service(b)) == 0);
}

/* fixed-port-duplicate: settings of different services, one port. */
static void
collision_duplicate(struct audit *a)
{
	const struct settingrec	*s, *t;
	struct hostinfo		*hi;
	struct finding		*f;
	size_t			 h, i, j, k;
	int			 pi, seen;

	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (i = 0; i < hi->settings.n; i++) {
			s = &hi->settings.v[i].rec->u.set;
			if ((pi = rule_live_pi(hi, s)) < 0)
				continue;
			/* Report each port once, at its first setting. */
			for (seen = 0, k = 0; k < i && !seen; k++) {
				t = &hi->settings.v[k].rec->u.set;
				seen = t->port == s->port &&
				    t->proto == s->proto &&
				    rule_live_pi(hi, t) >= 0;
			}
			if (seen)
				continue;
			f = NULL;
			for (j = i + 1; j < hi->settings.n; j++) {
				t = &hi->settings.v[j].rec->u.set;
				if (t->port != s->port || t->proto != s->proto ||
				    collision_same_service(s, t) ||
				    rule_live_pi(hi, t) < 0)
					continue;
				if (f == NULL) {
					f = finding_add(a,
					    &rule_fixed_port_duplicate, hi,
					    s->proto, s->port,
					    rule_setting_service(s));
					rule_setting_vars(a, f,
					    &hi->settings.v[i]);
				}
				f->unconfirmed |= t->unconfirmed;
				finding_var(a, f, "other", "%s",
				    rule_setting_service(t));
				finding_var(a, f, "other_setting", "%s",
				    t->label != NULL ? t->label : t->name);
				finding_evidence(a, f, hi->settings.v[j].in,
				    hi->settings.v[j].rec);
			}
		}
	}
}

const struct rule rule_fixed_port_duplicate = {
	"fixed-port-duplicate", "collision", SEV_CRITICAL,
	"Two services pinned to the same port",
	"Two registry values on one host pin different services to the same "
	"port and protocol.  Whichever starts second cannot register its "
	"endpoint; NTDS and Netlogon on one port log Netlogon event 5809 "
	"(KB 224196).",
	collision_duplicate,
	RULE_HOST
};

struct collision_sys {
	int	 first, last;
	int	 pi;		/* -1: tcp and udp */
	char	*service;
	char	*owners;	/* "A|B*" */
};

static struct collision_sys	*collision_sys;
static size_t			 collision_nsys;
static int			 collision_sys_loaded;

static void
collision_sys_row(void *arg, char **c, int n, unsigned line)
{
	struct collision_sys	*e;
	const char		*err;

	(void)arg;
	if (n < 5) {
		diag(NULL, 0, DIAG_KB, "system-ports.csv:%u: 5 columns wanted",
		    line);
		return;
	}
	collision_sys = xrealloc(collision_sys,
	    (collision_nsys + 1) * sizeof(*collision_sys));
	e = &collision_sys[collision_nsys];
	if (util_parse_port(c[0], strlen(c[0]), &e->first, &err) == -1 ||
	    util_parse_port(c[1], strlen(c[1]), &e->last, &err) == -1) {
		diag(NULL, 0, DIAG_KB, "system-ports.csv:%u: %s", line, err);
		return;
	}
	e->pi = strcmp(c[2], "tcp") == 0 ? PI_TCP :
	    strcmp(c[2], "udp") == 0 ? PI_UDP : -1;
	e->service = xstrdup(c[3]);
	e->owners = xstrdup(c[4]);
	collision_nsys++;
}

static int
collision_owner_ok(const char *owners, const char *service)
{
	char	*copy, *tok, *save;
	int	 ok = 0;

	copy = xstrdup(owners);
	for (tok = strtok_r(copy, "|", &save); tok != NULL && !ok;
	    tok = strtok_r(NULL, "|", &save))
		ok = rule_name_match(tok, service);
	free(copy);
	return (ok);
}

static void
collision_system_setting(struct audit *a, struct hostinfo *hi,
    const struct hrec *h, int pi)
{
	const struct settingrec		*s = &h->rec->u.set;
	const struct collision_sys	*e;
	struct finding			*f;
	size_t				 k;

	for (k = 0; k < collision_nsys; k++) {
		e = &collision_sys[k];
		if (s->port < e->first || s->port > e->last ||
		    (e->pi >= 0 && e->pi != pi) ||
		    collision_owner_ok(e->owners, rule_setting_service(s)))
			continue;
		f = finding_add(a, &rule_fixed_port_system, hi, s->proto,
		    s->port, rule_setting_service(s));
		rule_setting_vars(a, f, h);
		finding_var(a, f, "system", "%s", e->service);
		return;
	}
}

static void
collision_sys_load(struct audit *a)
{
	if (!collision_sys_loaded) {
		collision_sys_loaded = 1;
		rule_data(a, "system-ports.csv", collision_sys_row, NULL);
	}
}

/* fixed-port-system: a port the OS uses, pinned by another service. */
static void
collision_system(struct audit *a)
{
	collision_sys_load(a);
	rule_each_setting(a, collision_system_setting);
}

/*
 * Whether a setting holds its own service's well-known port (RDP on 3389,
 * SQL Server on 1433): the product default, nothing to document.
 */
int
collision_own_port(struct audit *a, const struct settingrec *s)
{
	const struct collision_sys	*e;
	size_t				 k;
	int				 pi = proto_index(s->proto);

	collision_sys_load(a);
	for (k = 0; k < collision_nsys; k++) {
		e = &collision_sys[k];
		if (s->port >= e->first && s->port <= e->last &&
		    (e->pi < 0 || e->pi == pi) && *e->owners != '\0' &&
		    collision_owner_ok(e->owners, rule_setting_service(s)))
			return (1);
	}
	return (0);
}

const struct rule rule_fixed_port_system = {
	"fixed-port-system", "collision", SEV_CRITICAL,
	"Fixed port used by the operating system",
	"A service is pinned to a port that Windows itself uses (the RPC "
	"endpoint mapper, NetBIOS, SMB, Kerberos, LDAP, the global catalog, "
	"DNS, Remote Desktop and the like).  The two cannot both listen.",
	collision_system,
	RULE_HOST
};
