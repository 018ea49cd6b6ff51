/* hostfs.c - see hostfs.h. */
#define _GNU_SOURCE
#include "hostfs.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum za_err hostfs_open_root(struct hostfs *h, const char *root, char *err, size_t errlen)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->root, sizeof(h->root), "%s", root ? root : "/");
	h->rootfd = open(h->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (h->rootfd < 0) {
		za_seterr(err, errlen, "--root %s: %s", h->root, strerror(errno));
		return ZA_ERR_USAGE;
	}
	return ZA_OK;
}

void hostfs_close(struct hostfs *h)
{
	if (h->rootfd >= 0)
		close(h->rootfd);
	h->rootfd = -1;
}

int hostfs_open(const struct hostfs *h, const char *path, int flags, int nofollow)
{
	struct open_how how;
	const char *rel = path;
	int fd;

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(flags | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, h->rootfd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		/* kernels before 5.6: refuse anything that could walk out */
		if (strstr(path, ".."))
			return errno = EPERM, -1;
		fd = openat(h->rootfd, rel, flags | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	}
	return fd;
}

int hostfs_stat(const struct hostfs *h, const char *path, struct stat *st)
{
	int fd = hostfs_open(h, path, O_PATH, 1), rc;

	if (fd < 0)
		return -1;
	rc = fstat(fd, st);
	close(fd);
	return rc;
}

/* Read a whole regular file from fd (closed here); ZA_ERR_INPUT when it is
 * not a regular file, is over cap or holds a NUL byte. */
static enum za_err read_fd(int fd, size_t cap, char **out, size_t *len)
{
	struct stat st;
	size_t got = 0;
	char *p;

	*out = NULL;
	*len = 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > cap) {
		close(fd);
		return ZA_ERR_INPUT;
	}
	p = malloc((size_t)st.st_size + 1);
	if (!p) {
		close(fd);
		return ZA_ERR_NOMEM;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, p + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	p[got] = '\0';
	if (memchr(p, '\0', got)) {
		free(p);
		return ZA_ERR_INPUT;
	}
	*out = p;
	*len = got;
	return ZA_OK;
}

enum za_err hostfs_read(const struct hostfs *h, const char *path, size_t cap, char **out, size_t *len, char *err,
                        size_t errlen)
{
	int fd = hostfs_open(h, path, O_RDONLY | O_NONBLOCK, 0); /* a FIFO must not block */
	enum za_err r;

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		int e = errno;
		za_seterr(err, errlen, "%s: %s", path, strerror(e));
		errno = e; /* ENOENT: absent; anything else: there but not read */
		return ZA_ERR_IO;
	}
	r = read_fd(fd, cap, out, len);
	if (r == ZA_ERR_INPUT)
		za_seterr(err, errlen, "%s: not a text file (a regular file under %zu bytes, no NUL byte)", path, cap);
	else if (r != ZA_OK)
		za_seterr(err, errlen, "%s: %s", path, za_strerr(r));
	return r;
}

int hostfs_parents_safe(const struct hostfs *h, const char *path, char *bad, size_t badlen)
{
	char dir[4096];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	while ((slash = strrchr(dir, '/'))) {
		struct stat st;
		*slash = '\0';
		if (hostfs_stat(h, *dir ? dir : "/", &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && (st.st_mode & 0022) && !(st.st_mode & S_ISVTX)) {
			snprintf(bad, badlen, "%s (mode %04o)", *dir ? dir : "/", (unsigned)(st.st_mode & 07777));
			return -1;
		}
		if (!*dir)
			break;
	}
	return 0;
}

struct walk_state {
	hostfs_walk_fn fn;
	void *arg;
	int maxdepth;
	long seen;
	size_t *unreadable;
	int stop;
	char path[4096];
};

static void walk_dir(struct walk_state *w, int dfd, size_t plen, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;

	if (!d) {
		close(dfd);
		(*w->unreadable)++;
		return;
	}
	while (!w->stop && (e = readdir(d))) {
		struct stat st;
		size_t nlen;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		nlen = strlen(e->d_name);
		if (plen + 1 + nlen >= sizeof(w->path)) {
			(*w->unreadable)++; /* a path too long to name: not seen, and said so */
			continue;
		}
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		w->path[plen] = '/';
		memcpy(w->path + plen + 1, e->d_name, nlen + 1);
		w->seen++;
		if (w->fn(w->arg, dirfd(d), e->d_name, w->path, &st)) {
			w->stop = 1;
			break;
		}
		if (S_ISDIR(st.st_mode) && depth >= w->maxdepth) {
			(*w->unreadable)++; /* past the walk's depth: not entered, and said so */
		} else if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				(*w->unreadable)++;
			else
				walk_dir(w, sub, plen + 1 + nlen, depth + 1);
		}
		w->path[plen] = '\0';
	}
	closedir(d);
}

long hostfs_walk(const struct hostfs *h, const char *dir, int maxdepth, hostfs_walk_fn fn, void *arg,
                 size_t *unreadable)
{
	struct walk_state w;
	int fd = hostfs_open(h, dir, O_RDONLY | O_DIRECTORY, 1);
	size_t plen;

	if (fd < 0)
		return -1;
	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.arg = arg;
	w.maxdepth = maxdepth;
	w.unreadable = unreadable;
	snprintf(w.path, sizeof(w.path), "%s", dir);
	plen = strlen(w.path);
	while (plen > 1 && w.path[plen - 1] == '/')
		w.path[--plen] = '\0';
	if (plen == 1)
		plen = 0; /* "/" + "/name" */
	walk_dir(&w, fd, plen, 0);
	return w.seen;
}

enum za_err hostfs_read_at(int dirfd, const char *name, size_t cap, char **out, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return ZA_ERR_IO;
	return read_fd(fd, cap, out, len);
}

/* ---- glob inside the root ---- */

struct glob_state {
	const struct hostfs *h;
	hostfs_glob_fn fn;
	void *arg;
	long matched;
	size_t failed; /* what exists but could not be read or listed (not ENOENT/ENOTDIR) */
};

/* pattern: the components left (no leading '/'); path: the directory so far */
static void glob_at(struct glob_state *g, const char *path, const char *pattern)
{
	char comp[256], next[ZA_MAX_PATH];
	const char *slash = strchr(pattern, '/');
	size_t clen = slash ? (size_t)(slash - pattern) : strlen(pattern);
	const char *rest = slash ? slash + 1 : NULL;
	int fd;
	DIR *d;
	struct dirent *e;

	if (clen == 0) { /* "//" */
		if (rest)
			glob_at(g, path, rest);
		return;
	}
	if (clen >= sizeof(comp)) {
		g->failed++; /* a name longer than any file system allows: not silently nothing */
		return;
	}
	memcpy(comp, pattern, clen);
	comp[clen] = '\0';
	if (!strpbrk(comp, "*?[")) {
		struct stat st;
		if ((size_t)snprintf(next, sizeof(next), "%s%s%s", path, strcmp(path, "/") == 0 ? "" : "/", comp) >=
		    sizeof(next)) {
			g->failed++;
			return;
		}
		if (rest && *rest)
			glob_at(g, next, rest);
		else if (hostfs_stat(g->h, next, &st) == 0) {
			g->matched++;
			g->fn(g->arg, next, &st);
		} else if (errno != ENOENT && errno != ENOTDIR) {
			g->failed++; /* there, but not for us (EACCES): never "no match" */
		}
		return;
	}
	fd = hostfs_open(g->h, path, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			g->failed++;
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		g->failed++;
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' && comp[0] != '.')
			continue; /* as glob(3): a leading dot is matched only explicitly */
		if (fnmatch(comp, e->d_name, FNM_PERIOD) != 0)
			continue;
		if ((size_t)snprintf(next, sizeof(next), "%s%s%s", path, strcmp(path, "/") == 0 ? "" : "/",
		                     e->d_name) >= sizeof(next)) {
			g->failed++;
			continue;
		}
		if (rest && *rest)
			glob_at(g, next, rest);
		else if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			g->matched++;
			g->fn(g->arg, next, &st);
		}
	}
	closedir(d);
}

long hostfs_glob(const struct hostfs *h, const char *pattern, hostfs_glob_fn fn, void *arg, size_t *unreadable)
{
	struct glob_state g = {h, fn, arg, 0, 0};

	if (pattern[0] != '/')
		return errno = EINVAL, -1;
	glob_at(&g, "/", pattern + 1);
	*unreadable += g.failed;
	return g.matched;
}
