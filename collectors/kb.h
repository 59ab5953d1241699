/*
 * The registry knowledge base's own header: the rows read from
 * settings.csv (kb_load.c) and the state kb.c keeps while it applies them
 * to an input's values.  Included only by collectors/kb.c and
 * collectors/kb_load.c.
 */
#ifndef KB_H
#define KB_H

#define KB_NBUCKET	512		/* value-name hash buckets, power of 2 */
#define KB_MAXCOMP	64		/* key components compared */
#define KB_PTCP		1		/* proto bits of a row */
#define KB_PUDP		2

/* How a row reads the value's data. */
enum kb_parse {
	KBP_PORT = 0,		/* DWORD or decimal string, one port */
	KBP_PORTLIST,		/* "1433,1500" */
	KBP_DYNPORT,		/* SQL TcpDynamicPorts: "", "0" or last port */
	KBP_ENDPOINTS,		/* DCOM "ncacn_ip_tcp,0,<port>" entries */
	KBP_PROTSEQ,		/* "ncacn_http:<port>" entries */
	KBP_MAXUSERPORT,	/* ephemeral range 1025..value */
	KBP_RESERVED,		/* "first-last" entries: reserved ranges */
	KBP_RPCPORTS,		/* Rpc\Internet Ports */
	KBP_RPCAVAIL,		/* Rpc\Internet PortsInternetAvailable */
	KBP_RPCUSE,		/* Rpc\Internet UseInternetPorts */
	KBP_SOCKETPOOL,		/* DNS SocketPoolSize, 0..10000 ports */
	KBP_POOLEXCLUDED,	/* DNS SocketPoolExcludedPortRanges */
	KBP_VALIDPORTS,		/* RpcProxy "host:port;host:first-last" */
	KBP_LISTENALL,		/* SQL ListenOnAllIPs: IPn or IPAll count */
	KBP_ENABLED		/* 0: the key's own settings do nothing */
};

/* What a row's records are: the kind column. */
enum kb_kind {
	KBK_SETTING = 0,	/* fixed-port settings */
	KBK_RANGE,		/* ranges of ports */
	KBK_SWITCH		/* no record: decides whether other
				   settings of the input count */
};

/* A key split into components, normalised for comparison. */
struct kb_split {
	char		*buf;		/* lowercased copy, NULs between parts */
	char		*orig;		/* the same as written */
	const char	*comp[KB_MAXCOMP];	/* lowercased components */
	const char	*ocomp[KB_MAXCOMP];	/* as written */
	int		 n;
};

struct kb_row {
	struct kb_row	*next;		/* in its bucket */
	struct kb_split	 key;		/* the pattern */
	char		*value;		/* value name ("" = default value) */
	uint32_t	 hash;		/* of the lowercased value name */
	enum kb_parse	 parse;
	int		 proto;		/* KB_PTCP | KB_PUDP */
	char		*service;	/* NULL when empty */
	char		*label;
	char		*owner;
	char		*scope;		/* NULL, or "dc" */
	int		 unconfirmed;	/* confidence column says so */
	int		 user;		/* from a --settings file */
};

/* A switch value of the current input (ListenOnAllIPs, Enabled). */
struct kb_switch {
	struct kb_switch	*next;
	const char		*key;		/* as found */
	enum kb_parse		 parse;
	int			 on;		/* the value is non-zero */
	const struct record	*rec;
};

/* One Rpc\Internet key of the current input, emitted by kb_finish(). */
struct kb_rpc {
	struct kb_rpc		*next;
	const char		*key;		/* as found */
	const struct kb_row	*row;		/* the Ports row */
	const struct record	*ports;		/* NULL until seen */
	const struct record	*avail;		/* PortsInternetAvailable */
	const struct record	*use;		/* UseInternetPorts */
};

struct kb {
	struct kb_row	*bucket[KB_NBUCKET];
	int		 failed;	/* settings.csv could not be read */
	char		*ckey;		/* the key last split */
	int		 cok;		/* it split fine */
	struct kb_split	 cache;		/* its components */
	struct input	*rpc_in;	/* input the pending pools belong to */
	struct kb_rpc	*rpc;
	struct osreg	*os;		/* the host's OS values (osreg.c) */
	struct kb_switch *sw;		/* switches of that input */
};

/* kb_load.c */
struct kb		*kb_get(struct fleet *);
const struct kb_row	*kb_lookup(struct kb *, const char *, const char *);

/* kb.c */
void			 kb_rpc_clear(struct kb *, struct input *);

#endif /* KB_H */
