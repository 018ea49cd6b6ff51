/*
 * hostfs.h - reading the host's files, or a mounted root's (--root DIR),
 * safely: every path is resolved inside the root (openat2 RESOLVE_IN_ROOT:
 * "..", absolute symbolic links and /proc magic links cannot leave it), and
 * files are judged by descriptor (owner, group, mode from fstat).
 */
#ifndef ZA_HOSTFS_H
#define ZA_HOSTFS_H

#include <stddef.h>
#include <sys/stat.h>

#include "za.h"

struct hostfs {
	int rootfd;
	char root[1024]; /* "/" or the --root directory */
};

enum za_err hostfs_open_root(struct hostfs *h, const char *root, char *err, size_t errlen);
void hostfs_close(struct hostfs *h);

/* open(path) inside the root; path is as seen on the audited system
 * ("/etc/default/alloy"). nofollow: refuse a symbolic link as the last
 * component. -1 with errno on failure. */
int hostfs_open(const struct hostfs *h, const char *path, int flags, int nofollow);
/* Whole text file (capped; NUL bytes refused); ZA_ERR_IO when it cannot be
 * opened (errno says why: ENOENT when absent), ZA_ERR_INPUT when over cap or
 * not text. */
enum za_err hostfs_read(const struct hostfs *h, const char *path, size_t cap, char **out, size_t *len, char *err,
                        size_t errlen);
/* fstat of path (not following a final symbolic link). */
int hostfs_stat(const struct hostfs *h, const char *path, struct stat *st);
/* 0 when every directory above path is writable by its owner only (no group
 * or other write bit without the sticky bit); else -1 and the first offending
 * directory in bad. */
int hostfs_parents_safe(const struct hostfs *h, const char *path, char *bad, size_t badlen);

/* Walk the tree under dir (inside the root) without following symbolic
 * links: fn sees every entry below dir with its lstat, the descriptor of the
 * directory holding it and its path as seen on the audited system; return 0
 * from fn to keep going, 1 to stop. Directories deeper than maxdepth are not
 * entered. Returns the number of entries seen, or -1 (errno) when dir cannot
 * be opened; unreadable subdirectories are counted in *unreadable. */
typedef int (*hostfs_walk_fn)(void *arg, int dirfd, const char *name, const char *path, const struct stat *st);
long hostfs_walk(const struct hostfs *h, const char *dir, int maxdepth, hostfs_walk_fn fn, void *arg,
                 size_t *unreadable);
/* Read a text file named in a directory the walk handed out (as hostfs_read). */
enum za_err hostfs_read_at(int dirfd, const char *name, size_t cap, char **out, size_t *len);

/* glob(3) inside the root: pattern is an absolute path whose components may
 * hold * ? [..] (matched with fnmatch; a leading dot only explicitly). fn sees
 * every match with its lstat and its path as seen on the audited system.
 * Returns the number of matches, or -1 (EINVAL) when the pattern is not
 * absolute. What exists but could not be read or listed (EACCES, a path too
 * long; not ENOENT) is added to *unreadable: the caller must not call that
 * "no match". */
typedef void (*hostfs_glob_fn)(void *arg, const char *path, const struct stat *st);
long hostfs_glob(const struct hostfs *h, const char *pattern, hostfs_glob_fn fn, void *arg, size_t *unreadable);

#endif
