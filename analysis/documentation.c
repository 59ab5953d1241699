/*
 * Documentation: Microsoft asks that every pinned port be written into the
 * host's services file (KB 180795), so that the next administrator sees it
 * and netstat -a shows its name.  A port missing there, or listed there
 * for another service, misleads both.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "portaudit.h"
#include "analysis.h"

struct doc_names {
	char	*service;	/* pattern, trailing '*' allowed */
	char	*names;		/* blank-separated services-file names */
};

static struct doc_names	*doc_names;
static size_t		 doc_nnames;
static int		 doc_loaded;

static void
doc_names_row(void *arg, char **c, int n, unsigned line)
{
	(void)arg;
	if (n < 2) {
		diag(NULL, 0, DIAG_KB, "service-names.csv:%u: 2 columns wanted",
		    line);
		return;
	}
	doc_names = xrealloc(doc_names, (doc_nnames + 1) * sizeof(*doc_names));
	doc_names[doc_nnames].service = xstrdup(c[0]);
	doc_names[doc_nnames].names = xstrdup(c[1]);
	doc_nnames++;
}

/* Lowercase letters and digits of s, for loose comparison. */
static void
doc_fold(const char *s, char *out, size_t len)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0' && n + 1 < len; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = tolower((unsigned char)*s);
	out[n] = '\0';
}

/* Whether word (folded, 4 characters or more) occurs in hay (folded). */
static int
doc_word_in(const char *word, const char *hay)
{
	char	 w[128], h[1024];

	doc_fold(word, w, sizeof(w));
	doc_fold(hay, h, sizeof(h));
	return (strlen(w) >= 4 && strstr(h, w) != NULL);
}

static int
doc_known_name(const char *service, const char *name)
{
	char	*copy, *tok, *save;
	size_t	 i;
	int	 ok = 0;

	for (i = 0; i < doc_nnames && !ok; i++) {
		if (!rule_name_match(doc_names[i].service, service))
			continue;
		copy = xstrdup(doc_names[i].names);
		for (tok = strtok_r(copy, " ", &save); tok != NULL && !ok;
		    tok = strtok_r(NULL, " ", &save))
			ok = util_strcasecmp_ascii(tok, name) == 0;
		free(copy);
	}
	return (ok);
}

/* Words of a label that say nothing about which service it is. */
static int
doc_generic(const char *w)
{
	static const char *const words[] = {
		"port", "ports", "service", "server", "default", "instance",
		"dynamic", "listener", "listen", "used", "last", "application",
		"endpoint", "over", "http", "with", "that", "from", NULL
	};
	int	 i;

	for (i = 0; words[i] != NULL; i++)
		if (util_strcasecmp_ascii(w, words[i]) == 0)
			return (1);
	return (0);
}

/*
 * Whether a services entry stands for the setting's service: a name the
 * table knows for it, or the service, its process or a word of its label
 * in the entry's name, aliases or comment.
 */
static int
doc_matches(const struct servicerec *e, const struct settingrec *s)
{
	const char	*service = rule_setting_service(s);
	char		 owner[64], *dot, *copy, *tok, *save;
	int		 i, ok = 0;

	if (e->name == NULL)
		return (0);
	if (doc_known_name(service, e->name))
		return (1);
	for (i = 0; i < e->naliases; i++)
		if (doc_known_name(service, e->aliases[i]))
			return (1);
	snprintf(owner, sizeof(owner), "%s", s->owner != NULL ? s->owner : "");
	if ((dot = strrchr(owner, '.')) != NULL)
		*dot = '\0';
	if (doc_word_in(service, e->name) || doc_word_in(e->name, service) ||
	    doc_word_in(owner, e->name) ||
	    (e->comment != NULL && (doc_word_in(service, e->comment) ||
	    doc_word_in(owner, e->comment))))
		return (1);
	/* The distinctive words of its label, in the entry's name or
	 * comment ("Exchange MTA RPC listen port" ~ "# Exchange MTA"). */
	copy = xstrdup(s->label != NULL ? s->label : "");
	for (tok = strtok_r(copy, " (),;.-", &save); tok != NULL && !ok;
	    tok = strtok_r(NULL, " (),;.-", &save))
		ok = !doc_generic(tok) && (doc_word_in(tok, e->name) ||
		    (e->comment != NULL && doc_word_in(tok, e->comment)));
	free(copy);
	return (ok);
}

/* The first services entry with this port and protocol, or NULL. */
static const struct hrec *
doc_entry(const struct hrecs *v, int port, enum proto proto, int want_match,
    const struct settingrec *s)
{
	const struct servicerec	*e;
	size_t			 i;

	for (i = 0; i < v->n; i++) {
		e = &v->v[i].rec->u.svc;
		if (e->port < 0 || port < e->port || port > e->port_last ||
		    e->proto != proto || e->name == NULL)
			continue;
		if (doc_matches(e, s) == want_match)
			return (&v->v[i]);
	}
	return (NULL);
}

static void
doc_elsewhere(struct audit *a, struct hostinfo *hi, const struct hrec *h,
    const struct hrec *e, enum severity sev, const char *variant)
{
	const struct settingrec	*s = &h->rec->u.set;
	struct finding		*f;

	f = finding_add(a, &rule_fixed_port_registered_elsewhere, hi,
	    s->proto, s->port, rule_setting_service(s));
	f->sev = sev;
	rule_setting_vars(a, f, h);
	finding_var(a, f, "variant", "%s", variant);
	finding_var(a, f, "entry", "%s", e->rec->u.svc.name);
	finding_var(a, f, "entry_source", "%s", e->in->path);
	finding_evidence(a, f, e->in, e->rec);
}

static void
doc_load(struct audit *a)
{
	if (!doc_loaded) {
		doc_loaded = 1;
		rule_data(a, "service-names.csv", doc_names_row, NULL);
	}
}

static void
doc_elsewhere_check(struct audit *a)
{
	const struct settingrec	*s;
	const struct hrec	*e;
	struct hostinfo		*hi;
	size_t			 h, i;

	doc_load(a);
	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		for (i = 0; i < hi->settings.n; i++) {
			s = &hi->settings.v[i].rec->u.set;
			if (rule_live_pi(hi, s) < 0)
				continue;
			if (doc_entry(&hi->services, s->port, s->proto, 1, s))
				continue;	/* documented for itself */
			if ((e = doc_entry(&hi->services, s->port, s->proto, 0,
			    s)) != NULL)
				doc_elsewhere(a, hi, &hi->settings.v[i], e,
				    SEV_MEDIUM, "host");
			else if ((e = doc_entry(&a->registry, s->port,
			    s->proto, 0, s)) != NULL &&
			    !doc_entry(&a->registry, s->port, s->proto, 1, s))
				doc_elsewhere(a, hi, &hi->settings.v[i], e,
				    SEV_LOW, "registry");
		}
	}
}

const struct rule rule_fixed_port_registered_elsewhere = {
	"fixed-port-registered-elsewhere", "documentation", SEV_MEDIUM,
	"Fixed port registered to another service",
	"The host's services file gives the pinned port to another service "
	"(medium), or only the IANA or nmap registry does (low).  netstat -a "
	"then shows the wrong name, and whoever reads the file believes the "
	"port belongs to something else.",
	doc_elsewhere_check,
	RULE_HOST
};

static void
doc_undocumented_check(struct audit *a)
{
	const struct settingrec	*s;
	struct hostinfo		*hi;
	struct finding		*f;
	size_t			 h, i;

	doc_load(a);
	for (h = 0; h < a->nhosts; h++) {
		hi = &a->hosts[h];
		if (hi->services.n == 0)
			continue;	/* no services file collected */
		for (i = 0; i < hi->settings.n; i++) {
			s = &hi->settings.v[i].rec->u.set;
			if (rule_live_pi(hi, s) < 0 ||
			    collision_own_port(a, s) ||
			    doc_entry(&hi->services, s->port, s->proto, 1, s) ||
			    doc_entry(&hi->services, s->port, s->proto, 0, s))
				continue;
			f = finding_add(a, &rule_fixed_port_undocumented, hi,
			    s->proto, s->port, rule_setting_service(s));
			rule_setting_vars(a, f, &hi->settings.v[i]);
			finding_var(a, f, "services_file", "%s",
			    hi->services.v[0].in->path);
		}
	}
}

const struct rule rule_fixed_port_undocumented = {
	"fixed-port-undocumented", "documentation", SEV_LOW,
	"Fixed port not documented in the services file",
	"Microsoft advises writing every pinned port into "
	"%SystemRoot%\\system32\\drivers\\etc\\services (KB 180795), so that "
	"the choice is visible on the server and netstat -a names it.",
	doc_undocumented_check,
	RULE_HOST
};

int
doc_documents(const struct servicerec *e, const struct settingrec *s)
{
	return (doc_matches(e, s));
}
