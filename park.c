/*
 * Records parked on disk until their host is analysed.
 *
 * What compaction keeps of a socket list (compact.c: the listeners, a
 * pinned port's sockets) is still most of what a fleet holds: a hundred
 * and more records a host.  When an audit parks them (fleet->park), the
 * worker that compacts a host writes each list's kept records to one
 * temporary file, and the list holds none.  The audit reads a host's
 * records back for its analysis (audit.c), then lets them go; a report
 * that lists sockets reads them back host by host too.  Memory then holds
 * what the reports need of each host, not its sockets.
 *
 * A list's records are written as one block: each record as it is in
 * memory (its strings are interned, its input is the fleet's), followed
 * by its line, padded to the next multiple of 8, so that a report quotes
 * it without reading the file again; then the distinct ports of the
 * connections compaction let go (struct sockuse), tcp then udp.  The
 * block is compressed with LZ4 before it is written: records and netstat
 * lines shrink about five times, which the page cache and the disk under
 * TMPDIR (a tmpfs on many systems: memory) hold instead of the whole.
 * Read back, the block is the records and the ports: the records' text
 * and next pointers and the ports' pointers are set again.  The file is
 * unlinked as soon as it is made, in TMPDIR (else /tmp), so nothing stays
 * behind.  When it cannot be written (a full disk), a list's records stay
 * in memory, as without parking, and one warning says so; when it cannot
 * be read back, the list is read again whole from its input
 * (collect_reread(): same SHA-256 or a diagnostic).
 */
#include <sys/types.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lz4.h>

#include "portaudit.h"
#include "collectors/collector.h"

#define PARK_ALIGN(n)	(((n) + 7) & ~(size_t)7)
/*
 * LZ4's acceleration: at 4, a block of records compresses about 5 times
 * (5.4 at 1) at nearly 2 GB/s (0.55 at 1), so compressing costs less than
 * writing what it saves.
 */
#define PARK_LZ4_ACCEL	4

struct park {
	pthread_mutex_t	 lock;
	int		 fd;		/* -1: not made yet */
	int		 failed;	/* cannot be made or written: warned */
	uint64_t	 end;		/* bytes reserved so far */
};

struct park *
park_new(void)
{
	struct park	*p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->lock, NULL);
	p->fd = -1;
	return (p);
}

void
park_free(struct park *p)
{
	if (p == NULL)
		return;
	if (p->fd != -1)
		close(p->fd);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/* Where a warning goes: the file's messages on a worker, else stderr. */
static FILE *
park_msgs(void)
{
	return (diag_to != NULL ? diag_to : stderr);
}

/* Say once why nothing more is parked. */
static void
park_warn(struct park *p, const char *what, const char *dir, int err)
{
	if (p->failed)
		return;
	p->failed = 1;
	fprintf(park_msgs(), "portaudit: %s: warning: cannot %s a temporary "
	    "file for socket records (%s): they stay in memory\n", dir, what,
	    strerror(err));
}

/* The temporary file, made on first use; the lock is held. */
static int
park_file(struct park *p)
{
	const char	*dir;
	char		*path;
	int		 fd;

	if (p->fd != -1 || p->failed)
		return (p->fd);
	if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
		dir = "/tmp";
	xasprintf(&path, "%s/portaudit-park.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1)
		park_warn(p, "make", dir, errno);
	else {
		(void)unlink(path);
		p->fd = fd;
	}
	free(path);
	return (p->fd);
}

/* Room for n more bytes at b; the block grows. */
static void *
park_room(struct parkbuf *b, size_t n)
{
	void	*at;

	if (b->len + n > b->cap) {
		b->cap = b->cap * 2 > b->len + n ? b->cap * 2 : b->len + n +
		    4096;
		b->buf = xrealloc(b->buf, b->cap);
	}
	at = b->buf + b->len;
	memset(at, 0, n);
	b->len += n;
	return (at);
}

struct record *
park_add(struct parkbuf *b, const struct record *r, const char *text)
{
	struct record	*n;
	size_t		 len, at = b->len;

	n = park_room(b, sizeof(*n));
	*n = *r;
	n->next = NULL;
	n->text = NULL;
	if (text != NULL) {
		n->text = (const char *)n;	/* not NULL: it follows */
		len = strlen(text) + 1;
		memcpy(park_room(b, PARK_ALIGN(len)), text, len);
	}
	return ((struct record *)(b->buf + at));	/* the room moved */
}

void
park_end_records(struct parkbuf *b)
{
	b->reclen = b->len;
}

void
park_add_ports(struct parkbuf *b, const uint16_t *ports, size_t n)
{
	if (n > 0)
		memcpy(park_room(b, PARK_ALIGN(n * sizeof(*ports))), ports,
		    n * sizeof(*ports));
}

/*
 * Set the records of a block in place again, their text and list, and the
 * ports of the connections let go that follow them (in->use).
 */
static void
park_link(struct input *in, char *buf, size_t reclen)
{
	struct sockuse	*u = (struct sockuse *)in->use;
	struct record	*r, *last = NULL;
	size_t		 off = 0, pi;
	char		*ports = buf + reclen;

	for (pi = 0; u != NULL && pi < 2; pi++) {
		u->ports[pi] = u->nports[pi] > 0 ? (uint16_t *)ports : NULL;
		ports += PARK_ALIGN(u->nports[pi] * sizeof(uint16_t));
	}
	in->first = in->last = NULL;
	while (off + sizeof(*r) <= reclen) {
		r = (struct record *)(buf + off);
		off += sizeof(*r);
		r->next = NULL;
		if (r->text != NULL) {
			r->text = buf + off;
			off += PARK_ALIGN(strlen(r->text) + 1);
		}
		if (last == NULL)
			in->first = r;
		else
			last->next = r;
		last = r;
	}
	in->last = last;
}

/*
 * The bytes of b as they go to the file: compressed, in *zp (to be freed)
 * with their length, or b itself when LZ4 cannot make them smaller.
 */
static const char *
park_compress(const struct parkbuf *b, char **zp, size_t *zlen)
{
	int	 bound, n;

	*zp = NULL;
	*zlen = b->len;
	if (b->len > LZ4_MAX_INPUT_SIZE)
		return (b->buf);
	bound = LZ4_compressBound((int)b->len);
	*zp = xmalloc((size_t)bound);
	n = LZ4_compress_fast(b->buf, *zp, (int)b->len, bound, PARK_LZ4_ACCEL);
	if (n <= 0 || (size_t)n >= b->len)
		return (b->buf);
	*zlen = (size_t)n;
	return (*zp);
}

void
park_input(struct park *p, struct input *in, struct parkbuf *b)
{
	uint64_t	 off = 0;
	ssize_t		 w = -1;
	size_t		 done = 0, zlen;
	const char	*bytes;
	char		*z;
	int		 fd, err = 0;

	if (b->len == 0) {
		free(b->buf);
		memset(b, 0, sizeof(*b));
		in->first = in->last = NULL;
		return;
	}
	bytes = park_compress(b, &z, &zlen);
	pthread_mutex_lock(&p->lock);
	if ((fd = park_file(p)) != -1) {
		off = p->end;
		p->end += zlen;
	}
	pthread_mutex_unlock(&p->lock);
	while (fd != -1 && done < zlen) {
		w = pwrite(fd, bytes + done, zlen - done, (off_t)(off + done));
		if (w <= 0) {
			err = w == 0 ? ENOSPC : errno;
			if (err == EINTR)
				continue;
			break;
		}
		done += (size_t)w;
	}
	free(z);
	if (fd == -1 || done < zlen) {
		/* Kept in memory: the block is the records. */
		if (fd != -1) {
			pthread_mutex_lock(&p->lock);
			park_warn(p, "write", "TMPDIR", err);
			pthread_mutex_unlock(&p->lock);
		}
		in->park_block = b->buf;
		park_link(in, b->buf, b->reclen);
		memset(b, 0, sizeof(*b));
		return;
	}
	free(b->buf);
	in->park = p;
	in->park_off = off;
	in->park_len = b->len;
	in->park_zlen = zlen;
	in->park_reclen = b->reclen;
	in->park_block = NULL;
	in->first = in->last = NULL;
	memset(b, 0, sizeof(*b));
}

/* Read len bytes at off into buf: 0, or -1 when they are not all there. */
static int
park_read(int fd, char *buf, size_t len, uint64_t off)
{
	size_t	 done = 0;
	ssize_t	 r;

	while (done < len) {
		r = pread(fd, buf + done, len - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return (-1);
		done += (size_t)r;
	}
	return (0);
}

/* A block read back into buf (len bytes): 0, or -1. */
static int
park_unpack(int fd, uint64_t off, size_t len, size_t zlen, char *buf)
{
	char	*z;
	int	 n = -1;

	if (zlen == len)	/* stored as it is */
		return (park_read(fd, buf, len, off));
	z = xmalloc(zlen);
	if (park_read(fd, z, zlen, off) == 0)
		n = LZ4_decompress_safe(z, buf, (int)zlen, (int)len);
	free(z);
	return (n >= 0 && (size_t)n == len ? 0 : -1);
}

/*
 * Guards whether an input's block is in memory and how many hold it:
 * hosts whose reports are written side by side (inventory.c) may share a
 * list read once for both (same bytes), and each lets it go when done.
 */
static pthread_mutex_t	 park_lock = PTHREAD_MUTEX_INITIALIZER;

int
park_input_load(struct fleet *f, struct input *in)
{
	struct park	*p;
	uint64_t	 off;
	size_t		 len, zlen;
	char		*buf;
	int		 bad, rc = 0;

	pthread_mutex_lock(&park_lock);
	if ((p = in->park) == NULL || in->park_block != NULL) {
		if (p != NULL)
			in->park_refs++;
		pthread_mutex_unlock(&park_lock);
		return (0);
	}
	off = in->park_off;
	len = in->park_len;
	zlen = in->park_zlen;
	pthread_mutex_unlock(&park_lock);
	/* Read and decompressed unlocked; another may do the same. */
	buf = xmalloc(len);
	bad = park_unpack(p->fd, off, len, zlen, buf) == -1;
	pthread_mutex_lock(&park_lock);
	if (in->park == NULL || in->park_block != NULL) {
		/* Read back, or read again, meanwhile. */
		if (in->park != NULL)
			in->park_refs++;
		free(buf);
	} else if (bad) {
		free(buf);
		fprintf(park_msgs(), "portaudit: %s: warning: its parked "
		    "socket records cannot be read back: reading it again\n",
		    in->path);
		in->park = NULL;
		rc = collect_reread(f, in);
	} else {
		in->park_block = buf;
		in->park_refs = 1;
		park_link(in, buf, in->park_reclen);
	}
	pthread_mutex_unlock(&park_lock);
	return (rc);
}

void
park_input_drop(struct input *in)
{
	struct sockuse	*u = (struct sockuse *)in->use;

	pthread_mutex_lock(&park_lock);
	if (in->park != NULL && in->park_block != NULL &&
	    --in->park_refs == 0) {
		free(in->park_block);
		in->park_block = NULL;
		in->first = in->last = NULL;
		if (u != NULL)
			u->ports[0] = u->ports[1] = NULL;
	}
	pthread_mutex_unlock(&park_lock);
}

int
park_host_load(struct fleet *f, const struct host *h)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < h->ninputs; i++)
		if (park_input_load(f, (struct input *)
		    input_src(h->inputs[i])) == -1)
			rc = -1;
	return (rc);
}

void
park_host_drop(const struct host *h)
{
	size_t	 i;

	for (i = 0; i < h->ninputs; i++)
		park_input_drop((struct input *)input_src(h->inputs[i]));
}

uint64_t
park_bytes(const struct park *p)
{
	return (p != NULL ? p->end : 0);
}
