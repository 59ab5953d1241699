/*
 * Fleet folders to inputs.  A fleet is FLEET/HOST/files or
 * FLEET/SITE/HOST/files; a folder that holds files directly is a host and
 * everything below it belongs to that host.  Symbolic links are never
 * followed, the output folder is never read, and every path passed over is
 * remembered with its reason.  Files are visited in byte order of their
 * names, so the same tree always gives the same fleet.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portaudit.h"
#include "collectors/collector.h"


struct fleetdir {
	struct fleet	*f;
	const struct fleetdir_opts *o;
	struct stat	 outst;
	int		 have_out;
	struct stat	 ownst[2];	/* the history and the baseline */
	int		 have_own[2];
	struct fleet_job *jobs;
	size_t		 njobs;
	size_t		 size;		/* the last regular file's bytes */
	char		*manifest;	/* found at a fleet root */
	int		 errors;
};

static int
fleetdir_cmp(const struct dirent **a, const struct dirent **b)
{
	return (strcmp((*a)->d_name, (*b)->d_name));
}

static int
fleetdir_dots(const struct dirent *d)
{
	return (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0);
}

static char *
fleetdir_join(const char *dir, const char *name)
{
	char	*p;
	size_t	 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	xasprintf(&p, "%.*s/%s", (int)n, dir, name);
	return (p);
}

static void
fleetdir_job(struct fleetdir *d, const char *path, struct host *h)
{
	if ((d->njobs & (d->njobs - 1)) == 0)
		d->jobs = xrealloc(d->jobs, (d->njobs == 0 ? 1 : d->njobs * 2) *
		    sizeof(*d->jobs));
	d->jobs[d->njobs].path = xstrdup(path);
	d->jobs[d->njobs].host = h;
	d->jobs[d->njobs].size = d->size;	/* its fleetdir_kind() */
	d->njobs++;
}

enum fleetdir_kind {
	FD_FILE,
	FD_DIR,
	FD_SKIP
};

/*
 * What a path is, without following links; skipped paths are recorded,
 * unless quiet (a look ahead at a path that will be visited again).  A
 * regular file's size is kept in d->size for its job.
 */
static enum fleetdir_kind
fleetdir_kind(struct fleetdir *d, const char *path, int quiet)
{
	struct stat	 st;
	int		 i;

	if (lstat(path, &st) == -1) {
		if (quiet)
			return (FD_SKIP);
		fleet_skip(d->f, path, "cannot be read");
		diag(NULL, 0, DIAG_OPEN, "%s: %s", path, strerror(errno));
		return (FD_SKIP);
	}
	if (S_ISLNK(st.st_mode)) {
		if (quiet)
			return (FD_SKIP);
		fleet_skip(d->f, path, "symbolic link, not followed");
		fprintf(stderr, "portaudit: %s: note: symbolic link not "
		    "followed\n", path);
		return (FD_SKIP);
	}
	if (S_ISDIR(st.st_mode)) {
		if (d->have_out && st.st_dev == d->outst.st_dev &&
		    st.st_ino == d->outst.st_ino) {
			if (!quiet)
				fleet_skip(d->f, path, "the output folder");
			return (FD_SKIP);
		}
		return (FD_DIR);
	}
	if (S_ISREG(st.st_mode)) {
		for (i = 0; i < 2; i++)
			if (d->have_own[i] && st.st_dev == d->ownst[i].st_dev &&
			    st.st_ino == d->ownst[i].st_ino) {
				if (!quiet)
					fleet_skip(d->f, path, i == 0 ?
					    "the --history database" :
					    "the --baseline file");
				return (FD_SKIP);
			}
		d->size = (size_t)st.st_size;
		return (FD_FILE);
	}
	if (!quiet)
		fleet_skip(d->f, path, "not a regular file");
	return (FD_SKIP);
}

/* Sorted entries of a folder; -1 (diagnosed) when it cannot be listed. */
static int
fleetdir_list(struct fleetdir *d, const char *dir, struct dirent ***list)
{
	int	 n;

	if ((n = scandir(dir, list, fleetdir_dots, fleetdir_cmp)) == -1) {
		fleet_skip(d->f, dir, "cannot be listed");
		diag(NULL, 0, DIAG_OPEN, "%s: %s", dir, strerror(errno));
		d->errors++;
	}
	return (n);
}

static void
fleetdir_free_list(struct dirent **list, int n)
{
	while (n-- > 0)
		free(list[n]);
	free(list);
}

/* Every file below dir belongs to host h. */
static void
fleetdir_host_files(struct fleetdir *d, const char *dir, struct host *h)
{
	struct dirent	**list;
	char		 *path;
	int		  i, n;

	if ((n = fleetdir_list(d, dir, &list)) == -1)
		return;
	if (n == 0)
		fleet_skip(d->f, dir, "empty folder");
	for (i = 0; i < n; i++) {
		path = fleetdir_join(dir, list[i]->d_name);
		switch (fleetdir_kind(d, path, 0)) {
		case FD_FILE:
			fleetdir_job(d, path, h);
			break;
		case FD_DIR:
			fleetdir_host_files(d, path, h);
			break;
		case FD_SKIP:
			break;
		}
		free(path);
	}
	fleetdir_free_list(list, n);
}

/* Whether a folder holds a regular file directly. */
static int
fleetdir_has_files(const char *dir)
{
	struct dirent	**list;
	struct stat	  st;
	char		 *path;
	int		  i, n, yes = 0;

	if ((n = scandir(dir, &list, fleetdir_dots, fleetdir_cmp)) == -1)
		return (0);
	for (i = 0; i < n && !yes; i++) {
		path = fleetdir_join(dir, list[i]->d_name);
		yes = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
		free(path);
	}
	fleetdir_free_list(list, n);
	return (yes);
}

static void
fleetdir_host(struct fleetdir *d, const char *dir, const char *site)
{
	struct host	*h;

	h = fleet_host_in(d->f, site, util_basename(dir));
	h->dir = arena_strdup(d->f->arena, dir);
	fleetdir_host_files(d, dir, h);
}

/* A folder without files of its own: its subfolders are hosts or sites. */
static void
fleetdir_root(struct fleetdir *d, const char *root, const char *site)
{
	struct dirent	**list;
	char		 *path;
	int		  i, n;

	if ((n = fleetdir_list(d, root, &list)) == -1)
		return;
	if (n == 0)
		fleet_skip(d->f, root, "empty folder");
	for (i = 0; i < n; i++) {
		path = fleetdir_join(root, list[i]->d_name);
		switch (fleetdir_kind(d, path, 0)) {
		case FD_FILE:
			if (site == NULL && d->manifest == NULL &&
			    strcmp(list[i]->d_name, "manifest.csv") == 0)
				d->manifest = xstrdup(path);
			else
				fleet_skip(d->f, path,
				    "not inside a host folder");
			break;
		case FD_DIR:
			if (site != NULL || fleetdir_has_files(path))
				fleetdir_host(d, path, site);
			else
				fleetdir_root(d, path, list[i]->d_name);
			break;
		case FD_SKIP:
			break;
		}
		free(path);
	}
	fleetdir_free_list(list, n);
}

static void
fleetdir_path(struct fleetdir *d, const char *path)
{
	struct dirent	**list;
	char		 *sub, *hostname;
	int		  i, n, dirs = 0;

	switch (fleetdir_kind(d, path, 0)) {
	case FD_SKIP:
		d->errors++;
		return;
	case FD_FILE:
		hostname = util_dirname_last(path);
		fleetdir_job(d, path, fleet_host(d->f, hostname));
		free(hostname);
		return;
	case FD_DIR:
		break;
	}
	/* A folder of files only is one host; else a fleet root. */
	if ((n = fleetdir_list(d, path, &list)) == -1)
		return;
	for (i = 0; i < n; i++) {
		sub = fleetdir_join(path, list[i]->d_name);
		dirs += fleetdir_kind(d, sub, 1) == FD_DIR;
		free(sub);
	}
	fleetdir_free_list(list, n);
	if (dirs == 0)
		fleetdir_host(d, path, NULL);
	else
		fleetdir_root(d, path, NULL);
}

struct fleetdir_manifest {
	struct fleet	*f;
	struct host	**byname;	/* hosts sorted by name */
	const char	*path;
	int		 col_host, col_site, col_role, col_os;
	int		 header;
	int		 errors;
};

/* The manifest's word on a host's OS, the strongest there is. */
static void
fleetdir_manifest_os(struct fleetdir_manifest *m, struct host *h,
    const char *os, unsigned line)
{
	struct hostos	 w;

	memset(&w, 0, sizeof(w));
	w.name = fleet_intern(m->f, os, strlen(os));
	w.src = OSSRC_MANIFEST;
	w.path = fleet_intern(m->f, m->path, strlen(m->path));
	w.line = line;
	host_os_claim(m->f, h, &w);
}

/*
 * A manifest row overrides the folder's word on site, role and OS.  Hosts
 * are matched by name in any case (names from data keep theirs); a host
 * moved to another site keeps its inputs.
 */
static void
fleetdir_manifest_row(void *arg, char **c, int n, unsigned line)
{
	struct fleetdir_manifest	*m = arg;
	struct host			*h;
	const char			*name, *site;
	size_t				 i, lo, hi;
	int				 found = 0;

	if (m->col_host < 0 || m->col_host >= n || *c[m->col_host] == '\0') {
		fprintf(stderr, "portaudit: %s:%u: warning: manifest row "
		    "without a host\n", m->path, line);
		m->errors++;
		return;
	}
	name = c[m->col_host];
	site = m->col_site >= 0 && m->col_site < n && *c[m->col_site] != '\0' ?
	    fleet_intern(m->f, c[m->col_site], strlen(c[m->col_site])) : NULL;
	/* The first host of that name, then its namesakes of other sites. */
	for (lo = 0, hi = m->f->nhosts; lo < hi; ) {
		i = (lo + hi) / 2;
		if (util_strcasecmp_ascii(m->byname[i]->name, name) < 0)
			lo = i + 1;
		else
			hi = i;
	}
	for (i = lo; i < m->f->nhosts && util_strcasecmp_ascii(
	    m->byname[i]->name, name) == 0; i++) {
		h = m->byname[i];
		found = 1;
		if (site != NULL)
			h->site = site;
		if (m->col_role >= 0 && m->col_role < n && *c[m->col_role])
			h->role = fleet_intern(m->f, c[m->col_role],
			    strlen(c[m->col_role]));
		if (m->col_os >= 0 && m->col_os < n && *c[m->col_os])
			fleetdir_manifest_os(m, h, c[m->col_os], line);
	}
	if (!found)
		fprintf(stderr, "portaudit: %s:%u: note: host %s has no "
		    "evidence in the fleet\n", m->path, line, name);
}

/* The header names the columns: host and site required, role, os. */
static int
fleetdir_manifest_header(const char *path, struct fleetdir_manifest *m)
{
	char	 line[1024], *tok, *save;
	FILE	*fp;
	int	 col = 0;

	m->col_host = m->col_site = m->col_role = m->col_os = -1;
	if ((fp = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof(line), fp) != NULL && line[0] == '#')
		;
	fclose(fp);
	line[strcspn(line, "\r\n")] = '\0';
	for (tok = strtok_r(line, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save), col++) {
		tok += strspn(tok, " \"");
		tok[strcspn(tok, " \"")] = '\0';
		if (util_strcasecmp_ascii(tok, "host") == 0)
			m->col_host = col;
		else if (util_strcasecmp_ascii(tok, "site") == 0)
			m->col_site = col;
		else if (util_strcasecmp_ascii(tok, "role") == 0)
			m->col_role = col;
		else if (util_strcasecmp_ascii(tok, "os") == 0)
			m->col_os = col;
	}
	return (m->col_host >= 0 ? 0 : -1);
}

static int
fleetdir_byname(const void *a, const void *b)
{
	return (util_strcasecmp_ascii((*(struct host *const *)a)->name,
	    (*(struct host *const *)b)->name));
}

static int
fleetdir_manifest(struct fleet *f, const char *path)
{
	struct fleetdir_manifest	 m;
	int				 rc = 0;

	memset(&m, 0, sizeof(m));
	m.f = f;
	m.path = path;
	m.byname = xcalloc(f->nhosts, sizeof(*m.byname));
	if (f->nhosts > 0) {
		memcpy(m.byname, f->hosts, f->nhosts * sizeof(*m.byname));
		qsort(m.byname, f->nhosts, sizeof(*m.byname),
		    fleetdir_byname);
	}
	if (fleetdir_manifest_header(path, &m) == -1) {
		fprintf(stderr, "portaudit: %s: error: not a manifest (CSV "
		    "with a header naming host, site, role, os)\n", path);
		rc = -1;
	} else if (datafile_read(path, fleetdir_manifest_row, &m) != 0 ||
	    m.errors > 0) {
		fprintf(stderr, "portaudit: %s: warning: manifest has "
		    "malformed rows\n", path);
	}
	free(m.byname);
	return (rc);
}

int
fleetdir_load(struct fleet *f, char **paths, int npaths,
    const struct fleetdir_opts *o)
{
	struct fleetdir	 d;
	int		 k, rc = 0;

	memset(&d, 0, sizeof(d));
	d.f = f;
	d.o = o;
	if (o->outdir != NULL && stat(o->outdir, &d.outst) == 0)
		d.have_out = 1;
	if (o->history != NULL && stat(o->history, &d.ownst[0]) == 0)
		d.have_own[0] = 1;
	if (o->baseline != NULL && stat(o->baseline, &d.ownst[1]) == 0)
		d.have_own[1] = 1;
	for (k = 0; k < npaths; k++)
		fleetdir_path(&d, paths[k]);
	fleetread(f, d.jobs, d.njobs, o->type, o->jobs, o->progress);
	free(d.jobs);
	fleet_resolve_names(f);
	if (o->manifest != NULL) {
		if (fleetdir_manifest(f, o->manifest) == -1)
			rc = -1;
	} else if (d.manifest != NULL)
		(void)fleetdir_manifest(f, d.manifest);
	free(d.manifest);
	return (d.errors > 0 ? -1 : rc);
}
