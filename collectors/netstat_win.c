/*
 * Windows netstat: the socket table printed by "netstat" from NT 4.0 to
 * Windows 11 with any mix of -a, -n, -o, -b and -v, in any display language,
 * and the same table filtered through PowerShell's Select-String (matches
 * prefixed with "> ").  Lines are recognised by their shape, never by
 * column position or header words: a data line is a TCP or UDP token and
 * address:port tokens, counted from the left; the -b owner lines after a
 * socket (service, [image.exe], "Can not obtain ownership information",
 * -v component paths) fill in that socket.  Localised state words go
 * through a table; an unknown word falls back on the foreign address.
 * A bracketed IPv6 address that is not one (a group garbled in a copy)
 * keeps its socket when its port can be read, with a warning.
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "portaudit.h"
#include "collector.h"
#include "scan.h"

#define NW_MAXTOK	16	/* tokens kept per line; more are counted */
#define NW_PEEK		4096	/* bytes looked ahead for a table header */
#define NW_JOIN		256	/* longest title or state text compared */
#define NW_OWNER_MAX	1024	/* longest line taken as an owner line */
#define NW_SNIFF_LINES	200	/* lines a sniff looks at */
#define NW_PID_MAX	4294967295ULL

/* A line cut into tokens. */
struct netstat_win_line {
	struct scan_tok		 t[NW_MAXTOK];
	size_t			 ntok;		/* all tokens, kept or not */
	int			 indented;	/* starts with a blank */
};

/* An address:port token taken apart. */
struct netstat_win_addr {
	const char	*host;		/* brackets removed */
	size_t		 hostn;
	const char	*port;
	size_t		 portn;
	enum family	 fam;
	int		 portnum;	/* -1: a name or '*' */
	int		 isname;	/* the port is a service name */
	int		 odd;		/* bracketed, but not an IPv6 address */
};

/* What the walk remembers between lines. */
struct netstat_win_state {
	struct record	*sock;		/* the socket owner lines attach to */
	int		 owner_done;	/* its image line was seen */
	int		 absorb;	/* owner lines of an unparsed socket */
	int		 after_title;	/* a title was seen, no header yet */
};

/* What a non-data line may be when it follows a socket. */
enum netstat_win_owner {
	NW_NOT_OWNER = 0,
	NW_IMAGE,		/* [svchost.exe] */
	NW_UNKNOWN,		/* Can not obtain ownership information */
	NW_COMPONENT,		/* -v: a DLL path or -- unknown component(s) -- */
	NW_SERVICE		/* RpcSs */
};

/* A localised state word; '?' matches zero or one character. */
struct netstat_win_word {
	const char	*pat;
	enum sockstate	 state;
};

/*
 * State words.  English from the samples and old KB text (TIMED_WAIT,
 * SYN_SEND); German from Checkmk and captures (ABH?REN covers 0x99 read
 * in the wrong code page, dropped or replaced); Russian from captures in
 * parser tests; the rest are translations, unconfirmed by a capture.
 */
static const struct netstat_win_word netstat_win_words[] = {
	{ "LISTENING", ST_LISTEN },
	{ "LISTEN", ST_LISTEN },
	{ "ESTABLISHED", ST_ESTABLISHED },
	{ "TIME_WAIT", ST_TIME_WAIT },
	{ "TIMED_WAIT", ST_TIME_WAIT },
	{ "CLOSE_WAIT", ST_CLOSE_WAIT },
	{ "SYN_SENT", ST_SYN_SENT },
	{ "SYN_SEND", ST_SYN_SENT },
	{ "SYN_RECEIVED", ST_SYN_RECEIVED },
	{ "SYN_RCVD", ST_SYN_RECEIVED },
	{ "FIN_WAIT_1", ST_FIN_WAIT_1 },
	{ "FIN_WAIT1", ST_FIN_WAIT_1 },
	{ "FIN_WAIT_2", ST_FIN_WAIT_2 },
	{ "FIN_WAIT2", ST_FIN_WAIT_2 },
	{ "LAST_ACK", ST_LAST_ACK },
	{ "CLOSING", ST_CLOSING },
	{ "CLOSED", ST_CLOSED },
	{ "BOUND", ST_BOUND },
	/* German */
	{ "ABH??REN", ST_LISTEN },
	{ "HERGESTELLT", ST_ESTABLISHED },
	{ "WARTEND", ST_TIME_WAIT },
	{ "SCHLIE??EN_WARTEN", ST_CLOSE_WAIT },
	{ "SYN_GESENDET", ST_SYN_SENT },
	{ "SYN_EMPFANGEN", ST_SYN_RECEIVED },
	{ "FIN_WARTEN_1", ST_FIN_WAIT_1 },
	{ "FIN_WARTEN_2", ST_FIN_WAIT_2 },
	{ "LETZTES_ACK", ST_LAST_ACK },
	{ "SCHLIE??END", ST_CLOSING },
	{ "GESCHLOSSEN", ST_CLOSED },
	{ "GEBUNDEN", ST_BOUND },
	/* French (Windows 10 and later print English) */
	{ "?COUTE", ST_LISTEN },
	{ "EN ?COUTE", ST_LISTEN },
	{ "?TABLI", ST_ESTABLISHED },
	{ "?TABLIE", ST_ESTABLISHED },
	{ "ATTENTE_TEMPS", ST_TIME_WAIT },
	{ "TEMPS_ATTENTE", ST_TIME_WAIT },
	{ "ATTENTE_FERMETURE", ST_CLOSE_WAIT },
	{ "FERMETURE_ATTENTE", ST_CLOSE_WAIT },
	{ "SYN_ENVOY?", ST_SYN_SENT },
	{ "SYN_RE?U", ST_SYN_RECEIVED },
	{ "FIN_ATTENTE_1", ST_FIN_WAIT_1 },
	{ "FIN_ATTENTE_2", ST_FIN_WAIT_2 },
	{ "DERNIER_ACK", ST_LAST_ACK },
	{ "FERMETURE", ST_CLOSING },
	{ "FERM?", ST_CLOSED },
	{ "LI?", ST_BOUND },
	/* Spanish (the sample prints English) */
	{ "ESCUCHANDO", ST_LISTEN },
	{ "ESTABLECIDO", ST_ESTABLISHED },
	{ "ESTABLECIDA", ST_ESTABLISHED },
	{ "TIEMPO_ESPERA", ST_TIME_WAIT },
	{ "ESPERA_TIEMPO", ST_TIME_WAIT },
	{ "ESPERA_CIERRE", ST_CLOSE_WAIT },
	{ "CIERRE_ESPERA", ST_CLOSE_WAIT },
	{ "SYN_ENVIADO", ST_SYN_SENT },
	{ "SYN_RECIBIDO", ST_SYN_RECEIVED },
	{ "FIN_ESPERA_1", ST_FIN_WAIT_1 },
	{ "FIN_ESPERA_2", ST_FIN_WAIT_2 },
	{ "?LTIMO_ACK", ST_LAST_ACK },
	{ "CERRANDO", ST_CLOSING },
	{ "CERRADO", ST_CLOSED },
	{ "ENLAZADO", ST_BOUND },
	/* Italian */
	{ "IN ASCOLTO", ST_LISTEN },
	{ "ASCOLTO", ST_LISTEN },
	{ "STABILITO", ST_ESTABLISHED },
	{ "STABILITA", ST_ESTABLISHED },
	{ "TEMPO_ATTESA", ST_TIME_WAIT },
	{ "ATTESA_TEMPO", ST_TIME_WAIT },
	{ "ATTESA_CHIUSURA", ST_CLOSE_WAIT },
	{ "CHIUSURA_ATTESA", ST_CLOSE_WAIT },
	{ "SYN_INVIATO", ST_SYN_SENT },
	{ "SYN_RICEVUTO", ST_SYN_RECEIVED },
	{ "FIN_ATTESA_1", ST_FIN_WAIT_1 },
	{ "FIN_ATTESA_2", ST_FIN_WAIT_2 },
	{ "ULTIMO_ACK", ST_LAST_ACK },
	{ "IN CHIUSURA", ST_CLOSING },
	{ "CHIUSO", ST_CLOSED },
	{ "ASSOCIATO", ST_BOUND },
	/* Portuguese (Brazil and Portugal) */
	{ "ESCUTANDO", ST_LISTEN },
	{ "OUVINDO", ST_LISTEN },
	{ "A ESCUTAR", ST_LISTEN },
	{ "ESTABELECIDO", ST_ESTABLISHED },
	{ "ESTABELECIDA", ST_ESTABLISHED },
	{ "AGUARDANDO_FECHAMENTO", ST_CLOSE_WAIT },
	{ "ESPERA_FECHO", ST_CLOSE_WAIT },
	{ "SYN_RECEBIDO", ST_SYN_RECEIVED },
	{ "FECHANDO", ST_CLOSING },
	{ "FECHADO", ST_CLOSED },
	{ "VINCULADO", ST_BOUND },
	/* Russian, Polish, Czech */
	{ "ПРОСЛУШИВАНИЕ", ST_LISTEN },
	{ "УСТАНОВЛЕНО", ST_ESTABLISHED },
	{ "NAS?UCHIWANIE", ST_LISTEN },
	{ "USTANOWIONO", ST_ESTABLISHED },
	{ "USTANOWIONE", ST_ESTABLISHED },
	{ "NASLOUCH?N?", ST_LISTEN },
	{ "NAV?Z?NO", ST_ESTABLISHED }
};

/* Titles printed above the table ('?' as in the state words). */
static const char *const netstat_win_titles[] = {
	"Active Connections",
	"Aktive Verbindungen",
	"Connexions actives",
	"Conexiones activas",
	"Connessioni attive",
	"Conex??es ativas",
	"Liga????es ativas",
	"Liga????es activas",
	"Actieve verbindingen",
	"Aktiva anslutningar",
	"Aktive forbindelser",
	"Aktive tilkoblinger",
	"Aktywne po??czenia",
	"Aktivn? p?ipojen?",
	"Akt?v kapcsolatok",
	"Etkin Ba?lant?lar",
	"Активные подключения",
	"アクティブな接続",
	"活动连接",
	"使用中連線",
	"활성 연결"
};

/* First words of a column header that need no context. */
static const char *const netstat_win_hdr_first[] = {
	"プロトコル",
	"Имя",
	"协议",
	"協定",
	"프로토콜"
};

/* Texts of "-b" when the owner is not known, matched inside the line. */
static const char *const netstat_win_noowner[] = {
	"obtain ownership information",
	"obtenir les informations de propri",
	"Besitzerinformationen",
	"Besitzinformationen",
	"informaci?n de propiedad",
	"informazioni sulla propriet",
	"informa??es de propriet",
	"сведения о владельце",
	"所有者情報"
};

/* Messages netstat prints instead of a table. */
static const char *const netstat_win_messages[] = {
	"The requested operation requires elevation.",
	"L?op?ration demand?e n?cessite une ?l?vation.",
	"F?r den angeforderten Vorgang sind erh?hte Rechte erforderlich.",
	"La operaci?n solicitada requiere elevaci?n."
};

#define NW_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Whether c is one of the bytes of set (never NUL). */
static int
netstat_win_in(int c, const char *set)
{
	for (; *set != '\0'; set++)
		if (*set == c)
			return (1);
	return (0);
}

/* Bytes in the UTF-8 character at s (1 for a stray byte). */
static size_t
netstat_win_charlen(const char *s, size_t n)
{
	size_t	 k = 1;

	if ((unsigned char)s[0] < 0xc0)
		return (1);
	while (k < n && k < 4 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k++;
	return (k);
}

/*
 * Match pat against s[0..n), ASCII case-insensitively; '?' in pat matches
 * zero or one character.  With prefix set, s may go on after pat.
 */
static int
netstat_win_match(const char *pat, const char *s, size_t n, int prefix)
{
	size_t	 k;

	for (; *pat != '\0'; pat++) {
		if (*pat == '?') {
			if (netstat_win_match(pat + 1, s, n, prefix))
				return (1);
			if (n == 0)
				return (0);
			k = netstat_win_charlen(s, n);
			return (netstat_win_match(pat + 1, s + k, n - k, prefix));
		}
		if (n == 0 || scan_tolower((unsigned char)*pat) !=
		    scan_tolower((unsigned char)*s))
			return (0);
		s++;
		n--;
	}
	return (prefix || n == 0);
}

/* Whether pat occurs anywhere in s[0..n). */
static int
netstat_win_contains(const char *pat, const char *s, size_t n)
{
	const char	*c;
	size_t		 i, need = 0;
	int		 first = scan_tolower((unsigned char)pat[0]);

	/* Each byte of pat but '?' takes one of s: a short line is no match. */
	for (c = pat; *c != '\0' && need <= n; c++)
		need += *c != '?';
	if (need > n)
		return (0);
	/* A match starts with pat's first byte, unless that is a '?'. */
	for (i = 0; i + need <= n; i++)
		if ((first == '?' || scan_tolower((unsigned char)s[i]) ==
		    first) && netstat_win_match(pat, s + i, n - i, 1))
			return (1);
	return (0);
}

/* Whether s[0..n) is one of the patterns. */
static int
netstat_win_among(const char *const *pats, size_t npats, const char *s,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < npats; i++)
		if (netstat_win_match(pats[i], s, n, 0))
			return (1);
	return (0);
}

/* Drop the "> " PowerShell Select-String puts before a matching line. */
static const char *
netstat_win_unprefix(const char *s, size_t *n)
{
	if (*n >= 1 && s[0] == '>' && (*n == 1 || scan_isspace(s[1]))) {
		s++;
		(*n)--;
	}
	return (s);
}

/* Cut s[0..n) into tokens: the first NW_MAXTOK are kept, all counted. */
static void
netstat_win_split(const char *s, size_t n, struct netstat_win_line *l)
{
	struct scan_tok	 more;
	const char	*rest;

	l->indented = n > 0 && scan_isspace(s[0]);
	l->ntok = scan_split(s, n, SCAN_SPACE, l->t, NW_MAXTOK, &rest);
	if (l->ntok < NW_MAXTOK)
		return;
	while (scan_split(rest, s + n - rest, SCAN_SPACE, &more, 1, &rest) > 0)
		l->ntok++;
}

/* Tokens from..to joined by single spaces; 0 when they do not fit. */
static size_t
netstat_win_join(const struct netstat_win_line *l, size_t from, size_t to,
    char *buf, size_t bufsz)
{
	size_t	 i, len = 0;

	if (to > NW_MAXTOK || to > l->ntok)
		return (0);
	for (i = from; i < to; i++) {
		if (len + l->t[i].n + 1 >= bufsz)
			return (0);
		if (i > from)
			buf[len++] = ' ';
		memcpy(buf + len, l->t[i].s, l->t[i].n);
		len += l->t[i].n;
	}
	buf[len] = '\0';
	return (len);
}

/*
 * Words already looked up: a file repeats a handful of state words on
 * every line, and the pattern table is long.  Direct-mapped, keyed by
 * length and end characters; an entry remembers a miss too.
 */
struct netstat_win_seen {
	char		 word[NW_JOIN];
	size_t		 len;
	int		 found;
	enum sockstate	 st;
};

static _Thread_local struct netstat_win_seen netstat_win_cache[32];

/* The normalised state of tokens from..to; -1 when not a known word. */
static int
netstat_win_state_of(const struct netstat_win_line *l, size_t from,
    size_t to, enum sockstate *st)
{
	struct netstat_win_seen	*c;
	char			 buf[NW_JOIN];
	size_t			 i, len;

	/* No word of the table ends in a number alone: "LISTENING 904". */
	if (from >= to || scan_digits(l->t[to - 1].s, l->t[to - 1].n) ||
	    (len = netstat_win_join(l, from, to, buf, sizeof(buf))) == 0)
		return (-1);
	c = &netstat_win_cache[(len * 7 + (unsigned char)buf[0] +
	    (unsigned char)buf[len - 1] * 3) & 31];
	if (c->len == len && memcmp(c->word, buf, len) == 0) {
		*st = c->st;
		return (c->found ? 0 : -1);
	}
	memcpy(c->word, buf, len);
	c->len = len;
	c->found = 0;
	c->st = ST_NONE;
	for (i = 0; i < NW_NELEM(netstat_win_words); i++) {
		if (netstat_win_match(netstat_win_words[i].pat, buf, len, 0)) {
			c->found = 1;
			c->st = *st = netstat_win_words[i].state;
			return (0);
		}
	}
	return (-1);
}

/* TCP, UDP, TCPv6 or UDPv6 in any case: checked on every line. */
static enum proto
netstat_win_proto(const struct scan_tok *t)
{
	if (t->n != 3 && !(t->n == 5 && (t->s[3] == 'v' || t->s[3] == 'V') &&
	    t->s[4] == '6'))
		return (PROTO_NONE);
	if (util_strncasecmp_ascii(t->s, "TCP", 3) == 0)
		return (PROTO_TCP);
	if (util_strncasecmp_ascii(t->s, "UDP", 3) == 0)
		return (PROTO_UDP);
	return (PROTO_NONE);
}

static int
netstat_win_ipv4(const char *s, size_t n)
{
	size_t	 i, dots = 0, run = 0;
	int	 v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (run == 0 || ++dots > 3)
				return (0);
			run = 0;
			v = 0;
			continue;
		}
		if (!scan_isdigit(s[i]) || ++run > 3)
			return (0);
		if ((v = v * 10 + (s[i] - '0')) > 255)
			return (0);
	}
	return (dots == 3 && run > 0);
}

/* Characters of a bracketed IPv6 address, zone id included. */
static int
netstat_win_v6ok(const char *s, size_t n)
{
	size_t	 i;
	int	 c, zone = 0;

	if (n == 0)
		return (0);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '%' && !zone && i > 0) {
			zone = 1;
			continue;
		}
		if (scan_isxdigit(c) || c == ':' || c == '.')
			continue;
		if (zone && (scan_isalpha(c) || c == '_' || c == '-'))
			continue;
		return (0);
	}
	return (1);
}

/* Whether s[0..n) (zone id after '%' aside) is an IPv6 address. */
static int
netstat_win_v6addr(const char *s, size_t n)
{
	struct in6_addr	 a6;
	char		 buf[INET6_ADDRSTRLEN + 1];
	const char	*pct;

	if ((pct = memchr(s, '%', n)) != NULL)
		n = pct - s;
	if (n == 0 || n >= sizeof(buf))
		return (0);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return (inet_pton(AF_INET6, buf, &a6) == 1);
}

/* Characters of a host name or unbracketed address. */
static int
netstat_win_hostok(const char *s, size_t n)
{
	size_t	 i;
	int	 c;

	if (n == 0)
		return (0);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x80 || scan_isalnum(c))
			continue;
		switch (c) {
		case '.':
		case '-':
		case '_':
		case ':':
		case '%':
		case '*':
			continue;
		}
		return (0);
	}
	return (1);
}

/* Whether s[0..n) looks like a service name (epmap, microsoft-ds). */
static int
netstat_win_portname(const char *s, size_t n)
{
	size_t	 i;
	int	 c, letter = 0;

	if (n == 0 || !scan_isalnum(s[0]))
		return (0);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (scan_isalpha(c))
			letter = 1;
		else if (!scan_isdigit(c) && !netstat_win_in(c, "-_.+/"))
			return (0);
	}
	return (letter);
}

static int
netstat_win_port(struct netstat_win_addr *a, const char **why)
{
	size_t	 i;
	int	 v = 0;

	a->portnum = -1;
	a->isname = 0;
	if (a->portn == 1 && a->port[0] == '*')
		return (0);
	/* Up to five digits, the usual port: no further look. */
	for (i = 0; i < a->portn && i < 5 && scan_isdigit(a->port[i]); i++)
		v = v * 10 + (a->port[i] - '0');
	if (i > 0 && i == a->portn && v <= 65535) {
		a->portnum = v;
		return (0);
	}
	if (a->portn > 0 && scan_isdigit(a->port[0]) &&
	    !netstat_win_portname(a->port, a->portn)) {
		if (util_parse_port(a->port, a->portn, &a->portnum, why) == 0)
			return (0);
		a->portnum = -1;
		return (DIAG_BAD_PORT);
	}
	if (netstat_win_portname(a->port, a->portn)) {
		a->isname = 1;
		return (0);
	}
	*why = a->portn == 0 ? "empty port" : "port is neither a number "
	    "nor a service name";
	return (DIAG_BAD_PORT);
}

/* Whether s[0..n) holds a colon: a short loop, no call, for each address. */
static int
netstat_win_has_colon(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] == ':')
			return (1);
	return (0);
}

/* Take an address:port token apart; 0, or a diag code with *why set. */
static int
netstat_win_addr(const struct scan_tok *t, struct netstat_win_addr *a,
    const char **why)
{
	const char	*s = t->s, *close, *colon = NULL;
	size_t		 i;

	a->odd = 0;
	if (t->n > 0 && s[0] == '[') {
		if ((close = memchr(s, ']', t->n)) == NULL) {
			*why = "malformed bracketed address";
			return (DIAG_BAD_ADDR);
		}
		a->host = s + 1;
		a->hostn = close - s - 1;
		a->fam = FAM_IPV6;
		a->odd = !netstat_win_v6ok(a->host, a->hostn) ||
		    !netstat_win_v6addr(a->host, a->hostn);
		if ((size_t)(close - s) + 1 >= t->n || close[1] != ':') {
			*why = a->odd ? "malformed bracketed address" :
			    "no port after the address";
			return (DIAG_BAD_ADDR);
		}
		a->port = close + 2;
		a->portn = t->n - (close - s) - 2;
		if (netstat_win_port(a, why) == 0)
			return (0);
		if (a->odd)
			*why = "malformed bracketed address";
		return (a->odd ? DIAG_BAD_ADDR : DIAG_BAD_PORT);
	}
	for (i = t->n; i > 0; i--)
		if (s[i - 1] == ':') {
			colon = s + i - 1;
			break;
		}
	if (colon == NULL) {
		*why = "no port separator";
		return (DIAG_BAD_ADDR);
	}
	a->host = s;
	a->hostn = colon - s;
	a->port = colon + 1;
	a->portn = t->n - a->hostn - 1;
	/* Most are IPv4: digits and dots, a host with no colon in it. */
	if (netstat_win_ipv4(a->host, a->hostn))
		a->fam = FAM_IPV4;
	else if (!netstat_win_hostok(a->host, a->hostn)) {
		*why = "malformed address";
		return (DIAG_BAD_ADDR);
	} else if (netstat_win_has_colon(a->host, a->hostn))
		a->fam = FAM_IPV6;
	else
		a->fam = FAM_NONE;
	return (netstat_win_port(a, why));
}

static int
netstat_win_pid(const struct scan_tok *t, long *pid, const char **why)
{
	unsigned long long	 v;

	if (util_parse_ulong(t->s, t->n, 0, &v, why) == -1)
		return (-1);
	if (v > NW_PID_MAX) {
		*why = "PID above 4294967295";
		return (-1);
	}
	*pid = (long)v;
	return (0);
}

/*
 * The state and PID after the addresses of a TCP line.  Sets *send to
 * the end of the state words; *unknown when they are not in the table.
 */
static int
netstat_win_tcp_tail(const struct netstat_win_line *l, enum sockstate *st,
    long *pid, size_t *send, int *unknown, const char **why)
{
	size_t	 end = l->ntok;

	*send = end;
	if (end > 7) {
		*why = "too many columns";
		return (DIAG_LINE_UNKNOWN);
	}
	if (netstat_win_state_of(l, 3, end, st) == 0)
		return (0);
	if (scan_digits(l->t[end - 1].s, l->t[end - 1].n)) {
		if (netstat_win_pid(&l->t[end - 1], pid, why) == -1)
			return (DIAG_BAD_NUMBER);
		*send = --end;
		if (end > 3 && netstat_win_state_of(l, 3, end, st) == 0)
			return (0);
	} else if (end - 3 >= 2 &&
	    netstat_win_state_of(l, 3, end - 1, st) == 0) {
		*why = "PID is not a number";
		return (DIAG_BAD_NUMBER);
	}
	*st = ST_NONE;
	*unknown = 1;
	return (0);
}

/* The PID after the addresses of a UDP line (no state column). */
static int
netstat_win_udp_tail(const struct netstat_win_line *l, long *pid,
    const char **why)
{
	if (l->ntok == 3)
		return (0);
	if (l->ntok > 4) {
		*why = "too many columns";
		return (DIAG_LINE_UNKNOWN);
	}
	if (!scan_digits(l->t[3].s, l->t[3].n)) {
		*why = "PID is not a number";
		return (DIAG_BAD_NUMBER);
	}
	return (netstat_win_pid(&l->t[3], pid, why) == -1 ?
	    DIAG_BAD_NUMBER : 0);
}

static void
netstat_win_fill(struct parse *p, struct sockrec *s, enum proto pr,
    const struct netstat_win_addr *la, const struct netstat_win_addr *ra)
{
	s->proto = pr;
	s->family = la->fam != FAM_NONE ? la->fam : ra->fam;
	s->local_addr = parse_intern(p, la->host, la->hostn);
	s->local_port = la->portnum;
	s->local_port_name = la->isname ?
	    parse_intern(p, la->port, la->portn) : NULL;
	s->remote_addr = parse_intern(p, ra->host, ra->hostn);
	s->remote_port = ra->portnum;
	s->remote_port_name = ra->isname ?
	    parse_intern(p, ra->port, ra->portn) : NULL;
	s->pid = -1;
}

/* A bracketed address kept as printed although it is not IPv6. */
static void
netstat_win_odd(struct parse *p, const struct netstat_win_addr *a,
    const char *which)
{
	if (!a->odd)
		return;
	if (a->isname || a->portnum < 0)
		parse_warn(p, DIAG_ADDR_KEPT, "%s [%.*s] is not an IPv6 "
		    "address; the socket is kept with port %.*s", which,
		    (int)(a->hostn > 60 ? 60 : a->hostn), a->host,
		    (int)(a->portn > 40 ? 40 : a->portn), a->port);
	else
		parse_warn(p, DIAG_ADDR_KEPT, "%s [%.*s] is not an IPv6 "
		    "address; the socket is kept with port %d", which,
		    (int)(a->hostn > 60 ? 60 : a->hostn), a->host, a->portnum);
}

/* A state word not in the table: a listener if the peer port is 0. */
static void
netstat_win_fallback(struct parse *p, const struct netstat_win_line *l,
    size_t send, struct sockrec *s)
{
	char	 buf[NW_JOIN];

	if (netstat_win_join(l, 3, send, buf, sizeof(buf)) == 0)
		snprintf(buf, sizeof(buf), "%s", send > 3 ? "(too long)" :
		    "(no state word)");
	if (s->remote_port == 0) {
		s->state = ST_LISTEN;
		parse_warn(p, DIAG_BAD_STATE, "%s, taken as listening from the "
		    "foreign address", buf);
	} else {
		s->state = ST_NONE;
		parse_warn(p, DIAG_BAD_STATE, "%s", buf);
	}
}

/* A TCP or UDP line: one socket record. */
static void
netstat_win_data(struct parse *p, struct netstat_win_state *st,
    const struct netstat_win_line *l, enum proto pr)
{
	struct netstat_win_addr	 la, ra;
	struct record		*r;
	enum sockstate		 state = ST_NONE;
	const char		*why = NULL;
	size_t			 send = 3;
	long			 pid = -1;
	int			 code, unknown = 0;

	st->sock = NULL;
	st->owner_done = 0;
	st->absorb = 1;
	st->after_title = 0;
	if (l->ntok < (pr == PROTO_TCP ? 4U : 3U)) {
		parse_unparsed(p, DIAG_LINE_SHORT, "%zu columns", l->ntok);
		return;
	}
	if ((code = netstat_win_addr(&l->t[1], &la, &why)) == 0 &&
	    (code = netstat_win_addr(&l->t[2], &ra, &why)) == 0)
		code = pr == PROTO_TCP ? netstat_win_tcp_tail(l, &state, &pid,
		    &send, &unknown, &why) : netstat_win_udp_tail(l, &pid, &why);
	if (code != 0) {
		parse_unparsed(p, code, "%s", why);
		return;
	}
	r = rec_add(p, REC_SOCKET);
	netstat_win_odd(p, &la, "local address");
	netstat_win_odd(p, &ra, "foreign address");
	netstat_win_fill(p, &r->u.sock, pr, &la, &ra);
	r->u.sock.state = state;
	r->u.sock.pid = pid;
	if (unknown)
		netstat_win_fallback(p, l, send, &r->u.sock);
	st->sock = r;
	st->absorb = 0;
}

/* Characters of a service short name (RpcSs, MSSQL$SQLEXPRESS). */
static int
netstat_win_service_ok(const struct scan_tok *t)
{
	size_t	 i;
	int	 c, digits = 1;

	if (t->n == 0 || t->s[0] == '-')
		return (0);
	for (i = 0; i < t->n; i++) {
		c = (unsigned char)t->s[i];
		if (!scan_isdigit(c))
			digits = 0;
		if (scan_isalnum(c) || netstat_win_in(c, "_$-.@{}#"))
			continue;
		return (0);
	}
	return (!digits);
}

static int
netstat_win_is_path(const char *s, size_t n)
{
	if (n >= 3 && scan_isalpha(s[0]) && s[1] == ':' && s[2] == '\\')
		return (1);
	return (n >= 2 && s[0] == '\\' && (s[1] == '\\' || s[1] == '?'));
}

/* What kind of -b owner line s[0..n) (trimmed) would be. */
static enum netstat_win_owner
netstat_win_owner_kind(const char *s, size_t n,
    const struct netstat_win_line *l)
{
	size_t	 i;

	if (n > NW_OWNER_MAX)
		return (NW_NOT_OWNER);
	if (n >= 3 && s[0] == '[' && s[n - 1] == ']')
		return (NW_IMAGE);
	for (i = 0; i < NW_NELEM(netstat_win_noowner); i++)
		if (netstat_win_contains(netstat_win_noowner[i], s, n))
			return (NW_UNKNOWN);
	if ((n >= 4 && s[0] == '-' && s[1] == '-' && s[n - 2] == '-' &&
	    s[n - 1] == '-') || netstat_win_is_path(s, n))
		return (NW_COMPONENT);
	if (l->ntok == 1 && l->indented && netstat_win_service_ok(&l->t[0]))
		return (NW_SERVICE);
	return (NW_NOT_OWNER);
}

/* Whether an owner line of this kind may attach to the open socket. */
static int
netstat_win_owner_fits(const struct netstat_win_state *st,
    enum netstat_win_owner kind)
{
	if (st->sock == NULL || st->owner_done)
		return (0);
	return (kind != NW_SERVICE || st->sock->u.sock.service == NULL);
}

/* Attach an owner line (trimmed s[0..n)) to the socket before it. */
static void
netstat_win_owner(struct parse *p, struct netstat_win_state *st,
    enum netstat_win_owner kind, const char *s, size_t n)
{
	struct sockrec	*sock = &st->sock->u.sock;

	switch (kind) {
	case NW_IMAGE:
		sock->process = parse_intern(p, s + 1, n - 2);
		if (strcmp(sock->process, "System") == 0)
			sock->owner_unknown = 1;
		st->owner_done = 1;
		break;
	case NW_UNKNOWN:
		sock->owner_unknown = 1;
		st->owner_done = 1;
		break;
	case NW_SERVICE:
		sock->service = parse_intern(p, s, n);
		break;
	default:
		break;
	}
	parse_known(p);
}

/* Whether a token could be a column header word (letters, "PID"). */
static int
netstat_win_wordy(const struct scan_tok *t)
{
	size_t	 i;
	int	 c;

	for (i = 0; i < t->n; i++) {
		c = (unsigned char)t->s[i];
		if (c < 0x80 && !scan_isalpha(c) &&
		    !netstat_win_in(c, "-./()"))
			return (0);
	}
	return (t->n > 0);
}

static int
netstat_win_all_wordy(const struct netstat_win_line *l)
{
	size_t	 i;

	if (l->ntok > NW_MAXTOK)
		return (0);
	for (i = 0; i < l->ntok; i++)
		if (!netstat_win_wordy(&l->t[i]))
			return (0);
	return (1);
}

/* A column header known by its first word (Proto, プロトコル, Имя). */
static int
netstat_win_hdr_known(const struct netstat_win_line *l)
{
	const struct scan_tok	*t = &l->t[0];

	if (l->ntok < 3)
		return (0);
	if (scan_caseprefix(t->s, t->n, "Proto"))
		return (1);
	return (netstat_win_among(netstat_win_hdr_first,
	    NW_NELEM(netstat_win_hdr_first), t->s, t->n));
}

/* The shape of a column header in any language: indented words. */
static int
netstat_win_hdr_shape(const struct netstat_win_line *l)
{
	return (l->indented && l->ntok >= 3 && netstat_win_all_wordy(l));
}

static int
netstat_win_title(const char *s, size_t n)
{
	const char	*t;
	size_t		 tn = n;

	t = scan_trim(s, &tn, SCAN_SPACE);
	if (tn == 0 || tn >= NW_JOIN)
		return (0);
	return (netstat_win_among(netstat_win_titles,
	    NW_NELEM(netstat_win_titles), t, tn));
}

/* The next non-blank line after the current one, split; 0 if none near. */
static int
netstat_win_peek(struct parse *p, struct netstat_win_line *l)
{
	const char	*s = p->pos, *end = p->end, *e, *t;
	size_t		 n;

	if (s == NULL || s >= end)
		return (0);
	if ((size_t)(end - s) > NW_PEEK)
		end = s + NW_PEEK;
	while (s < end) {
		for (e = s; e < end && *e != '\n' && *e != '\r' && *e != '\0';
		    e++)
			;
		n = e - s;
		t = netstat_win_unprefix(s, &n);
		netstat_win_split(t, n, l);
		if (l->ntok > 0)
			return (1);
		s = e + 1;
	}
	return (0);
}

/* A title in a language not in the table: words, then a header. */
static int
netstat_win_title_shape(struct parse *p, const struct netstat_win_line *l)
{
	struct netstat_win_line	 next;

	if (l->indented || l->ntok > 4 || !netstat_win_all_wordy(l))
		return (0);
	if (!netstat_win_peek(p, &next))
		return (0);
	return (netstat_win_hdr_known(&next) || netstat_win_hdr_shape(&next));
}

/* A header in a language not in the table: after a title or before data. */
static int
netstat_win_hdr_context(struct parse *p, const struct netstat_win_state *st,
    const struct netstat_win_line *l)
{
	struct netstat_win_line	 next;

	if (!netstat_win_hdr_shape(l))
		return (0);
	if (st->after_title)
		return (1);
	return (netstat_win_peek(p, &next) &&
	    netstat_win_proto(&next.t[0]) != PROTO_NONE);
}

/* A title or header: the end of any socket's owner lines. */
static void
netstat_win_banner(struct parse *p, struct netstat_win_state *st, int title)
{
	st->sock = NULL;
	st->owner_done = 0;
	st->absorb = 0;
	st->after_title = title;
	parse_known(p);
}

/* A line that is neither data nor owner of an open socket. */
static void
netstat_win_other(struct parse *p, struct netstat_win_state *st,
    const struct netstat_win_line *l, const char *s, size_t n,
    enum netstat_win_owner kind)
{
	static const char *const what[] = {
		NULL, "image", "no ownership information", "component",
		"service"
	};

	if (kind != NW_NOT_OWNER)
		parse_unparsed(p, DIAG_ORPHAN_LINE, "%s line", what[kind]);
	else if (netstat_win_title_shape(p, l))
		netstat_win_banner(p, st, 1);
	else if (netstat_win_hdr_context(p, st, l))
		netstat_win_banner(p, st, 0);
	else if (n < NW_JOIN && netstat_win_among(netstat_win_messages,
	    NW_NELEM(netstat_win_messages), s, n))
		parse_known(p);
	else
		parse_unparsed(p, DIAG_LINE_UNKNOWN, NULL);
}

static void
netstat_win_line(struct parse *p, struct netstat_win_state *st,
    const char *s, size_t n)
{
	struct netstat_win_line	 l;
	enum netstat_win_owner	 kind;
	enum proto		 pr;
	const char		*t;
	size_t			 tn;
	int			 title;

	s = netstat_win_unprefix(s, &n);
	netstat_win_split(s, n, &l);
	if (l.ntok == 0) {
		parse_known(p);
		return;
	}
	if ((pr = netstat_win_proto(&l.t[0])) != PROTO_NONE) {
		netstat_win_data(p, st, &l, pr);
		return;
	}
	/* No title or header starts with '[', as every image line of -b. */
	if (l.t[0].s[0] != '[' && ((title = netstat_win_title(s, n)) ||
	    netstat_win_hdr_known(&l))) {
		netstat_win_banner(p, st, title);
		return;
	}
	tn = n;
	t = scan_trim(s, &tn, SCAN_SPACE);
	kind = netstat_win_owner_kind(t, tn, &l);
	if (kind != NW_NOT_OWNER && st->absorb)
		parse_known(p);
	else if (kind != NW_NOT_OWNER && netstat_win_owner_fits(st, kind))
		netstat_win_owner(p, st, kind, t, tn);
	else
		netstat_win_other(p, st, &l, t, tn, kind);
}

static int
netstat_win_parse(struct parse *p)
{
	struct netstat_win_state	 st;
	char				*line;
	size_t				 len;

	memset(&st, 0, sizeof(st));
	while ((line = parse_next_line(p, &len)) != NULL)
		netstat_win_line(p, &st, line, len);
	return ((int)p->in->lines_unparsed);
}

/* Sniff counts: Windows rows, Unix rows, titles and headers. */
struct netstat_win_sniffc {
	int	 win;
	int	 other;
	int	 title;
	int	 hdr;
};

static void
netstat_win_sniff_line(const char *s, size_t n, struct netstat_win_sniffc *c)
{
	static const char *const unixp[] = {
		"tcp", "udp", "tcp4", "tcp6", "udp4", "udp6", "tcp46", "udp46"
	};
	struct netstat_win_line	 l;
	size_t			 i;

	s = netstat_win_unprefix(s, &n);
	/* Three tokens tell a socket row; the rest only for other lines. */
	if (scan_split(s, n, SCAN_SPACE, l.t, 3, NULL) == 3 &&
	    (scan_tok_is(&l.t[0], "TCP") || scan_tok_is(&l.t[0], "UDP")) &&
	    memchr(l.t[1].s, ':', l.t[1].n) != NULL &&
	    memchr(l.t[2].s, ':', l.t[2].n) != NULL) {
		c->win++;
		return;
	}
	netstat_win_split(s, n, &l);
	if (l.ntok == 0)
		return;
	if (l.t[0].n <= 5 && scan_isclass(l.t[0].s[0], SCAN_LOWER) &&
	    netstat_win_among(unixp, NW_NELEM(unixp), l.t[0].s, l.t[0].n))
		c->other++;
	else if (netstat_win_title(s, n))
		c->title++;
	else if (l.indented && netstat_win_hdr_known(&l)) {
		for (i = 0; i < l.ntok && i < NW_MAXTOK; i++)
			if (netstat_win_contains("Recv-Q", l.t[i].s, l.t[i].n))
				break;
		if (i < l.ntok && i < NW_MAXTOK)
			c->other += 2;
		else
			c->hdr++;
	}
}

static int
netstat_win_sniff(const char *buf, size_t len)
{
	struct netstat_win_sniffc	 c;
	const char			*s = buf, *end = buf + len, *e;
	int				 lines = 0;

	memset(&c, 0, sizeof(c));
	while (s < end && lines++ < NW_SNIFF_LINES) {
		/* A line adds 2 to other at most: the rest cannot outweigh
		 * the rows seen, and 95 is certain. */
		if (c.win > 0 && (c.title > 0 || c.hdr > 0) &&
		    c.win - c.other >= 2 * (NW_SNIFF_LINES - lines + 1))
			return (95);
		if ((e = scan_memchr2(s, '\n', '\r', end - s)) == NULL)
			e = end;
		netstat_win_sniff_line(s, e - s, &c);
		s = e + 1;
	}
	if (c.other > c.win)
		return (0);
	if (c.win > 0 && (c.title > 0 || c.hdr > 0))
		return (95);
	if (c.win >= 2 || (c.title > 0 && c.hdr > 0))
		return (80);
	if (c.hdr > 0)
		return (60);
	if (c.win == 1)
		return (50);
	return (c.title > 0 ? 40 : 0);
}

/* Windows netstat in any language, with or without -o, -b and -v. */
const struct collector collector_netstat_win = {
	"netstat-win", "netstat", "CP850",
	"Windows netstat -a/-n/-o/-b/-v tables, any language",
	netstat_win_sniff, netstat_win_parse, 0
};
