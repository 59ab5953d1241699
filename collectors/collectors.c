/*
 * The collector table and the read pipeline: read a file (or take bytes
 * in memory), work out its encoding, identify its format from its content
 * (or take the one the user named), decode it to UTF-8 and hand it to its
 * collector.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "portaudit.h"
#include "collector.h"

/* Order breaks ties: the more specific format first. */
const struct collector *const collector_table[] = {
	&collector_reg_export,
	&collector_reg_query,
	&collector_netstat_win,
	&collector_netstat_linux,
	&collector_netstat_bsd,
	&collector_ss,
	&collector_ranges_netsh,
	&collector_ranges_sysctl,
	&collector_services,
	&collector_iana_csv,
	&collector_osinfo,
	&collector_ps_csv,
	&collector_ps_json,
	&collector_ps_table,
	&collector_ps_list,
	&collector_osquery,
	&collector_velociraptor,
	&collector_tcpvcon,
	&collector_currports,
	&collector_reg_hive,		/* binary: never a family's default */
};
const size_t collector_count =
    sizeof(collector_table) / sizeof(collector_table[0]);

/*
 * The formats of fleet tools' exports whose files can hold many hosts:
 * parsing one finds or makes them (parse_set_host()), so such a file is
 * parsed alone, in input order (fleetread.c).  A collector that calls
 * parse_set_host() belongs here.
 */
static const struct collector *const collector_multihost_table[] = {
	&collector_ps_csv,
	&collector_ps_json,
	&collector_ps_table,
	&collector_ps_list,
	&collector_osquery,
	&collector_velociraptor,
};

/*
 * The formats that list sockets and nothing else: an audit keeps of them
 * only what its rules read (compact.c), so each is parsed into an arena
 * of its own until its host is compacted.
 */
static const struct collector *const collector_socketlist_table[] = {
	&collector_netstat_win,
	&collector_netstat_linux,
	&collector_netstat_bsd,
	&collector_ss,
	&collector_tcpvcon,
	&collector_currports,
};

size_t	collect_max_file = 1024UL * 1024 * 1024;	/* $PORTAUDIT_MAX_FILE */

static int
collector_in(const struct collector *const *t, size_t n,
    const struct collector *c)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (t[i] == c)
			return (1);
	return (0);
}

int
collector_socketlist(const struct collector *c)
{
	return (collector_in(collector_socketlist_table,
	    sizeof(collector_socketlist_table) /
	    sizeof(collector_socketlist_table[0]), c));
}

int
collector_multihost(const struct collector *c)
{
	return (collector_in(collector_multihost_table,
	    sizeof(collector_multihost_table) /
	    sizeof(collector_multihost_table[0]), c));
}

static int
collect_matches(const struct collector *c, const char *want)
{
	return (want == NULL || strcmp(c->name, want) == 0 ||
	    strcmp(c->family, want) == 0);
}

const struct collector *
collector_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < collector_count; i++)
		if (collect_matches(collector_table[i], name))
			return (collector_table[i]);
	return (NULL);
}

/* Read the whole file; NULL with a diagnostic when it cannot be. */
static unsigned char *
collect_slurp(struct input *in, size_t *lenp)
{
	struct stat	 st;
	unsigned char	*buf;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	/* O_NONBLOCK: a FIFO in a file's place must not stop the run. */
	if ((fd = open(in->path, O_RDONLY | O_NOCTTY | O_NOFOLLOW |
	    O_NONBLOCK)) == -1 ||
	    fstat(fd, &st) == -1) {
		diag(in, 0, DIAG_OPEN, "%s", strerror(errno));
		if (fd != -1)
			close(fd);
		return (NULL);
	}
	if (!S_ISREG(st.st_mode)) {
		diag(in, 0, DIAG_NOT_FILE, NULL);
		close(fd);
		return (NULL);
	}
	if ((size_t)st.st_size > collect_max_file) {
		diag(in, 0, DIAG_TOO_BIG, "%lld bytes, limit %zu",
		    (long long)st.st_size, collect_max_file);
		in->status = INPUT_TOO_BIG;
		close(fd);
		return (NULL);
	}
	buf = util_alloc_big((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			diag(in, 0, DIAG_OPEN, "%s", strerror(errno));
			free(buf);
			close(fd);
			return (NULL);
		}
		if (n == 0)
			break;		/* shrank while we read */
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return (buf);
}

static void
collect_sha256(struct input *in, const unsigned char *buf, size_t len)
{
	unsigned int	 n = sizeof(in->sha256);

	if (EVP_Digest(buf, len, in->sha256, &n, EVP_sha256(), NULL) == 1)
		in->have_sha256 = 1;
}

/* Decode raw into in->buf (consumes raw) and pick the collector. */
static const struct collector *
collect_decode(struct fleet *f, struct input *in, unsigned char *raw,
    size_t len, const char *want)
{
	const struct collector	*c = NULL;
	enum textenc		 enc;
	const char		*from;
	unsigned long		 nbad = 0, nnul;

	enc = f->force_encoding != NULL ? ENC_LEGACY : decode_detect(raw, len);
	in->encoding = decode_enc_name(enc);
	switch (enc) {
	case ENC_UTF8_BOM:
		memmove(raw, raw + 3, len - 3 + 1);
		len -= 3;
		/* FALLTHROUGH */
	case ENC_UTF8:
		in->buf = (char *)raw;
		in->len = len;
		break;
	case ENC_UTF16LE:
	case ENC_UTF16BE:
	case ENC_UTF16LE_NOBOM:
	case ENC_UTF16BE_NOBOM:
		from = (enc == ENC_UTF16LE || enc == ENC_UTF16LE_NOBOM) ?
		    "UTF-16LE" : "UTF-16BE";
		len -= (enc == ENC_UTF16LE || enc == ENC_UTF16BE) ? 2 : 0;
		in->buf = decode_convert(raw +
		    ((enc == ENC_UTF16LE || enc == ENC_UTF16BE) ? 2 : 0), len,
		    from, &in->len, &nbad);
		free(raw);
		break;
	case ENC_LEGACY:
		/* Sniff on the raw bytes: every format is ASCII at heart. */
		c = collector_sniff((char *)raw, len, want);
		if (c == NULL && want != NULL)
			c = collector_find(want);
		from = f->force_encoding;
		if (from == NULL)
			from = c != NULL && c->legacy != NULL ? c->legacy :
			    "CP1252";
		in->buf = decode_convert(raw, len, from, &in->len, &nbad);
		free(raw);
		if (in->buf == NULL) {
			diag(in, 0, DIAG_OPEN, "unknown encoding %s", from);
			return (NULL);
		}
		in->encoding = fleet_intern(f, from, strlen(from));
		if (f->force_encoding == NULL)
			diag(in, 0, DIAG_NOTE_ENCODING, "read as %s", from);
		break;
	}
	if (nbad > 0)
		diag(in, 0, DIAG_ENCODING, "%lu replaced by U+FFFD", nbad);
	if ((nnul = decode_nuls(in->buf, in->len)) > 0)
		diag(in, 0, DIAG_NUL_BYTES, "%lu", nnul);
	if (c == NULL)
		c = collector_sniff(in->buf, in->len, want);
	return (c);
}

/* A skipped file's lines all count as unparsed: nothing goes unreported. */
static void
collect_count_skipped(struct input *in)
{
	in->lines = in->lines_unparsed = parse_count_lines(in);
}

struct input *
collect_new_input(struct fleet *f, const char *path, struct host *h)
{
	struct input	*in;

	in = collect_alloc_input(f, path, h);
	collect_add_input(f, in);
	return (in);
}

struct input *
collect_alloc_input(struct fleet *f, const char *path, struct host *h)
{
	struct input	*in;

	in = arena_alloc(f->arena, sizeof(*in));
	in->path = arena_strdup(f->arena, path);
	in->host = h;
	return (in);
}

void
collect_add_input(struct fleet *f, struct input *in)
{
	struct host	*h = in->host;

	h->inputs = xrealloc(h->inputs, (h->ninputs + 1) * sizeof(*h->inputs));
	h->inputs[h->ninputs++] = in;
	if ((f->ninputs & (f->ninputs - 1)) == 0)
		f->inputs = xrealloc(f->inputs,
		    (f->ninputs == 0 ? 1 : f->ninputs * 2) * sizeof(*f->inputs));
	f->inputs[f->ninputs++] = in;
}

struct input *
collect_sub_input(struct fleet *f, struct input *parent, struct host *h)
{
	struct input	*in;

	in = arena_alloc(f->arena, sizeof(*in));
	in->path = parent->path;
	in->host = h;
	in->coll = parent->coll;
	in->format = parent->format;
	in->encoding = parent->encoding;
	in->want = parent->want;
	memcpy(in->sha256, parent->sha256, sizeof(in->sha256));
	in->have_sha256 = parent->have_sha256;
	in->status = parent->status;
	in->parent = parent;
	h->inputs = xrealloc(h->inputs, (h->ninputs + 1) * sizeof(*h->inputs));
	h->inputs[h->ninputs++] = in;
	return (in);
}

static size_t
collect_hash_slot(const unsigned char *md, size_t cap)
{
	size_t	 h;

	memcpy(&h, md, sizeof(h));
	return (h & (cap - 1));
}

/* An input read before with the same bytes and the same wanted type. */
static struct input *
collect_dedupe_find(struct fleet *f, const struct input *in, const char *want)
{
	struct input	*o;
	size_t		 i;

	if (f->byhash_cap == 0)
		return (NULL);
	for (i = collect_hash_slot(in->sha256, f->byhash_cap);
	    (o = f->byhash[i]) != NULL; i = (i + 1) & (f->byhash_cap - 1))
		if (memcmp(o->sha256, in->sha256, sizeof(in->sha256)) == 0 &&
		    o->want == want)
			return (o);
	return (NULL);
}

static void
collect_dedupe_add(struct fleet *f, struct input *in)
{
	struct input	**old = f->byhash;
	size_t		  ocap = f->byhash_cap, i, j;

	if (f->byhash_count * 2 >= f->byhash_cap) {
		f->byhash_cap = ocap == 0 ? 256 : ocap * 2;
		f->byhash = xcalloc(f->byhash_cap, sizeof(*f->byhash));
		for (i = 0; i < ocap; i++) {
			if (old[i] == NULL)
				continue;
			for (j = collect_hash_slot(old[i]->sha256,
			    f->byhash_cap); f->byhash[j] != NULL;
			    j = (j + 1) & (f->byhash_cap - 1))
				;
			f->byhash[j] = old[i];
		}
		free(old);
	}
	for (i = collect_hash_slot(in->sha256, f->byhash_cap);
	    f->byhash[i] != NULL; i = (i + 1) & (f->byhash_cap - 1))
		;
	f->byhash[i] = in;
	f->byhash_count++;
}

/*
 * Same bytes as an earlier input: share its records and accounting, and
 * say the same of this input's host's OS.
 */
void
collect_share(struct fleet *f, struct input *in, const struct input *o)
{
	struct hostos	 w;

	in->same_as = o;
	in->coll = o->coll;
	in->format = o->format;
	in->encoding = o->encoding;
	in->lines = o->lines;
	in->lines_record = o->lines_record;
	in->lines_known = o->lines_known;
	in->lines_unparsed = o->lines_unparsed;
	in->records = o->records;
	in->ndiag = o->ndiag;
	in->status = o->status;
	if (o->os != NULL) {
		w = *o->os;
		w.in = in;
		in->os = host_os_claim(f, in->host, &w);
	}
}

/*
 * Copy bytes held only in memory to a file hivex can open: a memfd named
 * by /proc/self/fd, else a temporary file (unlinked at once).  Returns the
 * descriptor and its path in buf, or -1 with a diagnostic.
 */
static int
collect_memfile(struct input *in, const unsigned char *raw, size_t len,
    char *buf, size_t bufsz)
{
	char	 tmp[] = "/tmp/portaudit-hive-XXXXXX";
	size_t	 off = 0;
	ssize_t	 n;
	int	 fd;

	if ((fd = memfd_create("portaudit-hive", MFD_CLOEXEC)) == -1) {
		if ((fd = mkstemp(tmp)) == -1) {
			diag(in, 0, DIAG_OPEN, "temporary file: %s",
			    strerror(errno));
			return (-1);
		}
		(void)unlink(tmp);
	}
	while (off < len) {
		if ((n = write(fd, raw + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			diag(in, 0, DIAG_OPEN, "temporary file: %s",
			    strerror(errno));
			close(fd);
			return (-1);
		}
		off += n;
	}
	snprintf(buf, bufsz, "/proc/self/fd/%d", fd);
	return (fd);
}

/* Parse a hive; one held in memory (inmem) goes through a memfd copy. */
static void
collect_hive(struct fleet *f, struct input *in, const struct collector *c,
    unsigned char *raw, size_t len, int inmem)
{
	struct parse	 p;
	char		 file[64];
	int		 fd = -1;

	in->coll = c;
	in->format = c->name;
	in->encoding = "binary";
	if (inmem && (fd = collect_memfile(in, raw, len, file,
	    sizeof(file))) == -1) {
		free(raw);
		in->status = INPUT_UNREADABLE;
		return;
	}
	free(raw);
	parse_init(&p, f, in);
	if (fd != -1)
		p.file = file;
	c->parse(&p);
	parse_finish(&p);
	if (fd != -1)
		close(fd);
}

/* Hash raw[0..len) when the fleet wants hashes or dedupes inputs. */
void
collect_hash(struct fleet *f, struct input *in, const unsigned char *raw,
    size_t len)
{
	if (f->want_sha256 || f->dedupe)
		collect_sha256(in, raw, len);
}

/*
 * The input read before with the same bytes and wanted type, whose records
 * stand for in's; NULL when none (in is remembered for later ones).
 */
const struct input *
collect_dedupe(struct fleet *f, struct input *in, const char *want)
{
	const struct input	*o;

	if (!f->dedupe || !in->have_sha256)
		return (NULL);
	if ((o = collect_dedupe_find(f, in, want)) != NULL)
		return (o);
	collect_dedupe_add(f, in);
	return (NULL);
}

/*
 * Recognise a hive, decode, identify and parse raw[0..len)
 * (NUL-terminated, consumed).  inmem says the bytes are not in a file at
 * in->path.
 */
void
collect_parse(struct fleet *f, struct input *in, unsigned char *raw,
    size_t len, const char *want, int inmem)
{
	const struct collector	*c;

	if ((c = collect_identify(f, in, raw, len, want)) != NULL)
		collect_run(f, in, c, raw, len, inmem);
}

const struct collector *
collect_identify(struct fleet *f, struct input *in, unsigned char *raw,
    size_t len, const char *want)
{
	const struct collector	*c;

	/* Binary formats are recognised before any decoding. */
	c = collector_find("hive");
	if ((want != NULL && strcmp(want, c->name) == 0) ||
	    (collect_matches(c, want) && c->sniff((char *)raw, len) > 0))
		return (c);
	/* A forced format is parsed even when its sniffer has doubts. */
	if ((c = collect_decode(f, in, raw, len, want)) == NULL &&
	    in->buf != NULL && want != NULL)
		c = collector_find(want);
	if (c == NULL) {
		if (in->buf != NULL) {
			collect_count_skipped(in);
			diag(in, 0, DIAG_UNIDENTIFIED, "%lu lines not read",
			    in->lines);
		}
		in->status = in->buf != NULL ? INPUT_UNIDENTIFIED :
		    in->status == INPUT_TOO_BIG ? INPUT_TOO_BIG :
		    INPUT_UNREADABLE;
		return (NULL);
	}
	return (c);
}

void
collect_run(struct fleet *f, struct input *in, const struct collector *c,
    unsigned char *raw, size_t len, int inmem)
{
	struct parse	 p;
	struct arena	*was = NULL;

	if (c->binary) {
		collect_hive(f, in, c, raw, len, inmem);
		return;
	}
	in->coll = c;
	in->format = c->name;
	if (f->compact && (collector_socketlist(c) ||
	    (f->compact == 1 && collector_multihost(c)))) {
		/* Its records wait in an arena of their own (compact.c). */
		in->scratch = arena_new();
		was = arena_redirect(in->scratch);
	}
	parse_init(&p, f, in);
	c->parse(&p);
	parse_finish(&p);
	if (in->scratch != NULL) {
		arena_redirect(was);
		if (collector_multihost(c))
			compact_export(f, in);
	}
}

/*
 * The decoded text of an input read again, into in->buf (in->len), its
 * messages dropped: said the first time.  -1 (diagnosed once) when the
 * file cannot be read or its bytes changed since (SHA-256).
 */
static int
collect_again(struct fleet *f, struct input *in, const char *lost)
{
	unsigned char	 md[32];
	unsigned char	*raw;
	unsigned int	 n = sizeof(md);
	FILE		*to = diag_to, *sink;
	const char	*enc = in->encoding;
	char		*msg = NULL;
	size_t		 len, msglen;
	unsigned long	 ndiag = in->ndiag, shown = in->ndiag_shown;
	int		 status = in->status, ok;

	if ((sink = open_memstream(&msg, &msglen)) == NULL)
		return (-1);
	diag_to = sink;
	in->buf = NULL;
	if ((raw = collect_slurp(in, &len)) != NULL && (EVP_Digest(raw, len,
	    md, &n, EVP_sha256(), NULL) != 1 || !in->have_sha256 ||
	    memcmp(md, in->sha256, sizeof(md)) != 0)) {
		free(raw);
		raw = NULL;
	}
	if (raw != NULL)
		(void)collect_decode(f, in, raw, len, in->want);
	diag_to = to;
	fclose(sink);
	free(msg);
	in->encoding = enc;
	in->ndiag = ndiag;
	in->ndiag_shown = shown;
	in->status = status;
	ok = in->buf != NULL;
	if (!ok && !in->changed) {
		in->changed = 1;
		diag(in, 0, DIAG_CHANGED, "%s", lost);
	}
	return (ok ? 0 : -1);
}

/*
 * The threads that write a report side by side (inventory.c) read files
 * again for their lines: one at a time, each on a copy of the input, which
 * the others go on reading; what the input keeps of it is whether it
 * changed and its messages' count.
 */
static pthread_mutex_t	 collect_text_lock = PTHREAD_MUTEX_INITIALIZER;

char *
collect_text(struct fleet *f, struct input *in, size_t *lenp)
{
	struct input	 c;
	char		*buf = NULL;

	pthread_mutex_lock(&collect_text_lock);
	c = *in;
	if (collect_again(f, &c, "the lines of it the reports quote are "
	    "left out") == 0) {
		buf = c.buf;
		*lenp = c.len;
	}
	in->changed = c.changed;
	in->ndiag = c.ndiag;
	in->ndiag_shown = c.ndiag_shown;
	pthread_mutex_unlock(&collect_text_lock);
	return (buf);
}

int
collect_reread(struct fleet *f, struct input *in)
{
	struct input	 was;
	FILE		*to = diag_to, *sink;
	char		*msg = NULL;
	size_t		 msglen;
	int		 compact = f->compact;

	if (collect_again(f, in, "its sockets on ports a setting pins are "
	    "left out") == -1)
		return (-1);
	was = *in;
	in->first = in->last = NULL;
	f->compact = 0;
	if ((sink = open_memstream(&msg, &msglen)) != NULL)
		diag_to = sink;		/* said the first time */
	collect_run(f, in, in->coll, NULL, 0, 0);
	diag_to = to;
	if (sink != NULL)
		fclose(sink);
	free(msg);
	f->compact = compact;
	/* The records are new; what the input says of itself is not. */
	was.first = in->first;
	was.last = in->last;
	was.use = NULL;
	was.park = NULL;	/* what was parked is old */
	*in = was;
	return (0);
}

/* The pipeline after reading: hash and dedupe, then parse. */
static void
collect_bytes(struct fleet *f, struct input *in, unsigned char *raw,
    size_t len, const char *want, int inmem)
{
	const struct input	*o;

	collect_hash(f, in, raw, len);
	if ((o = collect_dedupe(f, in, want)) != NULL) {
		free(raw);
		collect_share(f, in, o);
		return;
	}
	collect_parse(f, in, raw, len, want, inmem);
}

struct input *
collector_read(struct fleet *f, const char *path, const char *host,
    const char *want)
{
	struct input		*in;
	struct host		*h;
	char			*dir = NULL;

	if (host == NULL)
		host = dir = util_dirname_last(path);
	h = fleet_host(f, host);
	free(dir);
	in = collect_new_input(f, path, h);
	collect_input(f, in, want);
	return (in);
}

/* The bytes of an input placed in the fleet (NUL-terminated); NULL
 * (diagnosed, status set) when they cannot be read. */
unsigned char *
collect_raw(struct input *in, const char *want, size_t *lenp)
{
	unsigned char	*raw;

	in->want = want;
	if ((raw = collect_slurp(in, lenp)) == NULL) {
		if (in->status != INPUT_TOO_BIG)
			in->status = INPUT_UNREADABLE;
		return (NULL);
	}
	return (raw);
}

/* Read one input already placed in the fleet and its host. */
void
collect_input(struct fleet *f, struct input *in, const char *want)
{
	unsigned char		*raw;
	size_t			 len;

	if ((raw = collect_raw(in, want, &len)) == NULL)
		return;
	collect_bytes(f, in, raw, len, want, 0);
}

/*
 * The same pipeline over bytes in memory (fuzzers, tests): name stands for
 * the path, and its folder names the host.
 */
struct input *
collector_read_mem(struct fleet *f, const char *name, const void *data,
    size_t len, const char *want)
{
	struct input		*in;
	struct host		*h;
	unsigned char		*raw;
	char			*dir;

	dir = util_dirname_last(name);
	h = fleet_host(f, dir);
	free(dir);
	in = collect_new_input(f, name, h);
	in->want = want;
	if (len > collect_max_file) {
		diag(in, 0, DIAG_TOO_BIG, "%zu bytes, limit %zu", len,
		    collect_max_file);
		in->status = INPUT_TOO_BIG;
		return (in);
	}
	raw = util_alloc_big(len + 1);
	if (len > 0)
		memcpy(raw, data, len);
	raw[len] = '\0';
	collect_bytes(f, in, raw, len, want, 1);
	return (in);
}
