/*
 * Small helpers used everywhere: allocation that never returns NULL,
 * checked number parsing that hands back a cause, and the atomic file
 * replace every report writer goes through.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portaudit.h"

static void
util_oom(void)
{
	fputs("portaudit: out of memory\n", stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		util_oom();
	return (p);
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, sz == 0 ? 1 : sz)) == NULL)
		util_oom();
	return (p);
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		util_oom();
	return (p);
}

/*
 * Memory for large, long-lived blocks (arena chunks, input files): aligned
 * to 2 MiB and marked for transparent huge pages, so that filling it costs
 * one page fault per 2 MiB instead of per 4 KiB.  Freed with free().
 */
void *
util_alloc_big(size_t n)
{
	const size_t	 huge = 2 * 1024 * 1024;
	void		*p;

	if (n < huge)
		return (xmalloc(n));
	if (posix_memalign(&p, huge, n) != 0)
		return (xmalloc(n));
	(void)madvise(p, n & ~(huge - 1), MADV_HUGEPAGE);
	return (p);
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n < 0)
		util_oom();
	return (n);
}

/*
 * Parse an unsigned number from s[0..n): decimal, or hexadecimal after
 * "0x" when hex_ok.  No sign, no blanks, no overflow.
 */
int
util_parse_ulong(const char *s, size_t n, int hex_ok, unsigned long long *out,
    const char **errstr)
{
	unsigned long long	 v = 0;
	unsigned		 base = 10, d;
	size_t			 i = 0;
	int			 safe;

	if (n >= 2 && hex_ok && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n) {
		*errstr = "empty number";
		return (-1);
	}
	/* 19 decimal or 16 hex digits cannot overflow: no division. */
	safe = n - i <= (base == 10 ? 19 : 16);
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else {
			*errstr = "not a number";
			return (-1);
		}
		if (!safe && v > (ULLONG_MAX - d) / base) {
			*errstr = "number too large";
			return (-1);
		}
		v = v * base + d;
	}
	*out = v;
	return (0);
}

int
util_parse_port(const char *s, size_t n, int *port, const char **errstr)
{
	unsigned long long	 v;

	if (n > 0 && s[0] == '-') {
		*errstr = "negative port";
		return (-1);
	}
	if (util_parse_ulong(s, n, 0, &v, errstr) == -1)
		return (-1);
	if (v > 65535) {
		*errstr = "port above 65535";
		return (-1);
	}
	*port = (int)v;
	return (0);
}

const char *
util_basename(const char *path)
{
	const char	*p;

	p = strrchr(path, '/');
	return (p == NULL ? path : p + 1);
}

char *
util_dirname_last(const char *path)
{
	const char	*end, *start;

	end = strrchr(path, '/');
	while (end != NULL && end > path && end[-1] == '/')
		end--;
	if (end == NULL)
		return (xstrdup("."));
	if (end == path)
		return (xstrdup("/"));
	start = end;
	while (start > path && start[-1] != '/')
		start--;
	if (end - start == 1 && start[0] == '.')
		return (xstrdup("."));
	return (xstrndup(start, end - start));
}

static int
util_lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c + 32 : c);
}

int
util_strcasecmp_ascii(const char *a, const char *b)
{
	for (; *a != '\0' && util_lower((unsigned char)*a) ==
	    util_lower((unsigned char)*b); a++, b++)
		;
	return (util_lower((unsigned char)*a) - util_lower((unsigned char)*b));
}

int
util_strncasecmp_ascii(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (util_lower((unsigned char)*a) !=
		    util_lower((unsigned char)*b))
			return (util_lower((unsigned char)*a) -
			    util_lower((unsigned char)*b));
		if (*a == '\0')
			break;
	}
	return (0);
}

char *
util_slurp(const char *path, size_t max, size_t *lenp)
{
	FILE	*fp;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;
	int	 e;

	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	for (;;) {
		if (cap - len < 65536) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
		if (max > 0 && len > max)
			break;
	}
	if (ferror(fp) || (max > 0 && len > max)) {
		e = ferror(fp) ? errno : EFBIG;
		fclose(fp);
		free(buf);
		errno = e;
		return (NULL);
	}
	fclose(fp);
	buf[len] = '\0';
	*lenp = len;
	return (buf);
}

/*
 * Write data to path through a temporary file in the same folder and a
 * rename, so a reader never sees half a report.  0 or -1 with errno set.
 */
int
util_write_atomic(const char *path, const void *data, size_t len)
{
	char		*tmp;
	const char	*p = data;
	ssize_t		 w;
	int		 fd, serrno;

	xasprintf(&tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		free(tmp);
		return (-1);
	}
	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= w;
	}
	if (fchmod(fd, 0644) == -1 || close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	return (0);
fail:
	serrno = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = serrno;
	return (-1);
}

/* A report's stream buffer: a 3 GB inventory in 1 MB writes, not 4 KB. */
#define UTIL_ATOMIC_BUF	(1024 * 1024)

/*
 * Begin writing path atomically: a temporary file in the same folder,
 * returned as a stream; util_atomic_end() renames it into place (or
 * removes it).  NULL with errno set when it cannot be created.  The
 * stream's buffer follows the temporary name in *tmpp's block, which
 * util_atomic_end() frees once the stream is closed.
 */
FILE *
util_atomic_begin(const char *path, char **tmpp)
{
	FILE	*fp;
	size_t	 n = strlen(path) + sizeof(".tmpXXXXXX"), off;
	int	 fd;

	off = (n + 15) & ~(size_t)15;
	*tmpp = xmalloc(off + UTIL_ATOMIC_BUF);
	snprintf(*tmpp, n, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(*tmpp)) == -1) {
		free(*tmpp);
		*tmpp = NULL;
		return (NULL);
	}
	if (fchmod(fd, 0644) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(*tmpp);
		free(*tmpp);
		*tmpp = NULL;
		return (NULL);
	}
	(void)setvbuf(fp, *tmpp + off, _IOFBF, UTIL_ATOMIC_BUF);
	return (fp);
}

/* Finish util_atomic_begin(): rename when ok and the writes succeeded. */
int
util_atomic_end(FILE *fp, char *tmp, const char *path, int ok)
{
	int	 serrno;

	if (ferror(fp))
		ok = 0;
	if (fclose(fp) != 0)
		ok = 0;
	if (ok && rename(tmp, path) == 0) {
		free(tmp);
		return (0);
	}
	serrno = errno;
	unlink(tmp);
	free(tmp);
	errno = serrno;
	return (-1);
}
