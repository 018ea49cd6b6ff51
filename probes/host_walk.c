/*
 * host_walk.c - host.file-modes: every file and directory under the policy's
 * walk roots (host.walk_roots), judged by its lstat without following a
 * symbolic link and without reading a file:
 *   - writable by others (a directory without the sticky bit, or a file)
 *   - a credential-named file (*.token, *.key, *.cred, *password*, *secret*),
 *     or a backup of one (.bak, .orig, .old, ~, .swp/.swo/.swn, #NAME#, .save,
 *     .dpkg-old/-dist/-new, .rpmsave/.rpmnew, chained), readable by others
 *   - owned by a user or group the audited system does not know (a leftover
 *     of a removed account that a new account could inherit)
 * One result per root; the first offenders are the evidence, all are counted.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "host_common.h"
#include "hostfs.h"
struct ids {
	unsigned long *v; /* the ids of /etc/passwd or /etc/group, sorted */
	size_t n;
	int loaded;
};

struct modes {
	struct probe_ctx *ctx;
	struct za_result *r;
	struct ids users, groups;
	size_t bad, writable, readable, unowned, mapped;
};

static int cmp_id(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static void load_ids(const struct hostfs *h, const char *path, struct ids *ids)
{
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0, lines = 1;

	memset(ids, 0, sizeof(*ids));
	if (hostfs_read(h, path, ZA_MAX_HOST_TEXT, &text, &len, err, sizeof(err)) != ZA_OK)
		return; /* without the file, ownership is not judged (the result says so) */
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	ids->v = calloc(lines, sizeof(*ids->v)); /* every id, however large: no cap to pass by */
	if (!ids->v) {
		free(text);
		return;
	}
	ids->loaded = 1;
	for (char *line = text, *next; line && *line; line = next) {
		char *f2, *f3;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		f2 = strchr(line, ':');
		f3 = f2 ? strchr(f2 + 1, ':') : NULL;
		if (f3 && ids->n < lines)
			ids->v[ids->n++] = strtoul(f3 + 1, NULL, 10);
	}
	qsort(ids->v, ids->n, sizeof(*ids->v), cmp_id);
	free(text);
}

/* Ids from here up are a user namespace's mapped ids (an unprivileged LXC
 * rootfs or template seen from its host: 100000 + the container's id); the
 * root's /etc/passwd names them by the container's id, so ownership of those
 * is not judged, and the result says how many there were. */
#define MAPPED_IDS 65536u

static int known(const struct ids *ids, unsigned id)
{
	unsigned long key = id;

	return !ids->loaded || bsearch(&key, ids->v, ids->n, sizeof(*ids->v), cmp_id) != NULL;
}

static int credential_base(const char *name, size_t n)
{
	static const char *const suffixes[] = {".token", ".key", ".cred", ".pem", ".p12", NULL};
	static const char *const words[] = {"password", "secret", "credential", NULL};

	for (size_t i = 0; suffixes[i]; i++) {
		size_t k = strlen(suffixes[i]);
		if (n >= k && strncmp(name + n - k, suffixes[i], k) == 0)
			return strcmp(suffixes[i], ".pem") != 0 || memmem(name, n, "key", 3);
	}
	for (size_t i = 0; words[i]; i++)
		for (size_t at = 0; at + strlen(words[i]) <= n; at++)
			if (strncasecmp(name + at, words[i], strlen(words[i])) == 0)
				return 1;
	return 0;
}

/* A credential's name, or a backup of one (chained too: NAME.bak~): editors,
 * package managers and people leave copies (monitoring.token.bak,
 * .monitoring.token.swp, #monitoring.token#). */
static int credential_name_n(const char *name, size_t n, int depth)
{
	static const char *const backups[] = {".bak",      ".orig",    ".old",    "~",         ".swp",
	                                      ".swo",      ".swn",     ".save",   ".dpkg-old", ".dpkg-dist",
	                                      ".dpkg-new", ".rpmsave", ".rpmnew", NULL};

	if (credential_base(name, n))
		return 1;
	if (depth > 4 || n < 2)
		return 0;
	if (name[0] == '#' && name[n - 1] == '#')
		return credential_name_n(name + 1, n - 2, depth + 1); /* emacs: #NAME# */
	for (size_t i = 0; backups[i]; i++) {
		size_t k = strlen(backups[i]);
		if (n > k && strncmp(name + n - k, backups[i], k) == 0) {
			const char *b = name;
			size_t bn = n - k;
			if (b[0] == '.' && strncmp(backups[i], ".sw", 3) == 0) {
				b++; /* vim: .NAME.swp */
				bn--;
			}
			return credential_name_n(b, bn, depth + 1);
		}
	}
	return 0;
}

static int credential_name(const char *name)
{
	return credential_name_n(name, strlen(name), 0);
}

static void offend(struct modes *m, const char *path, const char *what, const struct stat *st)
{
	m->bad++;
	if (m->r)
		result_evidence(m->ctx->rs, m->r, "file", path, "%s (mode %04o, uid %u, gid %u)", what,
		                (unsigned)(st->st_mode & 07777), (unsigned)st->st_uid, (unsigned)st->st_gid);
}

static int on_entry(void *arg, int dirfd, const char *name, const char *path, const struct stat *st)
{
	struct modes *m = arg;

	(void)dirfd;
	if (S_ISLNK(st->st_mode))
		return 0; /* a link's own mode means nothing; its target is judged where it lies */
	if ((st->st_mode & S_IWOTH) && !(S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX))) {
		m->writable++;
		offend(m, path, S_ISDIR(st->st_mode) ? "directory writable by every user" : "writable by every user",
		       st);
	} else if (S_ISREG(st->st_mode) && (st->st_mode & S_IROTH) && credential_name(name)) {
		m->readable++;
		offend(m, path, "a credential-named file readable by every user", st);
	} else if (st->st_uid >= MAPPED_IDS || st->st_gid >= MAPPED_IDS) {
		m->mapped++; /* an unprivileged container's shifted ids: the root's own files name them not */
	} else if (!known(&m->users, st->st_uid) || !known(&m->groups, st->st_gid)) {
		m->unowned++;
		offend(m, path, "owned by a user or group this system does not know", st);
	}
	return 0;
}

void host_walk_run(struct probe_ctx *ctx)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	struct modes *m;

	if (!ha->nwalk_roots)
		return;
	m = calloc(1, sizeof(*m));
	if (!m)
		return;
	m->ctx = ctx;
	load_ids(ctx->hostfs, "/etc/passwd", &m->users);
	load_ids(ctx->hostfs, "/etc/group", &m->groups);
	for (size_t i = 0; i < ha->nwalk_roots; i++) {
		long t0;
		size_t unreadable = 0;
		long seen;
		m->r = ha_begin(ctx, CK_HOST_FILE_MODES, ha->walk_roots[i], &t0);
		m->bad = m->writable = m->readable = m->unowned = m->mapped = 0;
		seen = hostfs_walk(ctx->hostfs, ha->walk_roots[i], ZA_MAX_WALK_DEPTH, on_entry, m, &unreadable);
		if (seen >= 0) {
			/* the root itself: a world-writable /etc/prometheus lets anyone replace what is in it */
			struct stat st;
			const char *base = strrchr(ha->walk_roots[i], '/');
			if (hostfs_stat(ctx->hostfs, ha->walk_roots[i], &st) == 0) {
				on_entry(m, -1, base ? base + 1 : ha->walk_roots[i], ha->walk_roots[i], &st);
				seen++;
			}
		}
		if (!m->r)
			continue;
		if (m->mapped)
			result_evidence(ctx->rs, m->r, "file", ha->walk_roots[i],
			                "%zu entries owned by mapped ids (%u and up, an unprivileged container's): "
			                "ownership not judged for those",
			                m->mapped, MAPPED_IDS);
		if (seen < 0)
			result_skip(ctx->rs, m->r, "%s is not on this system", ha->walk_roots[i]);
		else if (m->bad)
			result_status(
			        ctx->rs, m->r, ZA_FAIL,
			        "%zu of %ld entries: %zu writable by every user, %zu credential-named and readable by "
			        "every user, %zu owned by unknown users or groups",
			        m->bad, seen, m->writable, m->readable, m->unowned);
		else if (unreadable)
			result_status(ctx->rs, m->r, ZA_ERROR, "%zu director%s could not be read (%ld entries judged)",
			              unreadable, unreadable == 1 ? "y" : "ies", seen);
		else
			result_status(ctx->rs, m->r, ZA_PASS,
			              "%ld entries judged, none writable by others or unowned%s", seen,
			              m->users.loaded && m->groups.loaded
			                      ? ""
			                      : " (/etc/passwd or /etc/group not read: ownership not judged)");
		probe_end(ctx, m->r, t0);
	}
	free(m->users.v);
	free(m->groups.v);
	free(m);
}
