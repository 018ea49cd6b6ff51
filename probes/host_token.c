/*
 * host_token.c - token files, by mode and by content:
 *
 *   host.token-file            every token/credential file (the policy's token
 *                              files and known-secret files, units' credentials,
 *                              files prometheus.yml reads): nothing for others,
 *                              group only for an allowed group, parent
 *                              directories not writable by others
 *
 * host.token-world-readable: the contract's "no monitoring bearer token in
 * world-readable files", judged by content.
 *
 *   host.token-world-readable  every regular file readable by others under
 *                              the policy's walk roots and secrets paths is
 *                              searched for the deployment's own secrets (the
 *                              token files and known-secret files, in every
 *                              encoding the secrets scanner knows); one found
 *                              fails, critical, naming the file and its mode
 *
 * A secret's own home (the file it was read from, a systemd credential's
 * source) is not searched: host.token-file judges it by its mode. A copy
 * anywhere else (.bak, .orig, an editor's swap file, another directory) is
 * what this check finds. Files are opened by descriptor inside the root,
 * without following symbolic links; values are never read into results.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_common.h"
#include "hostfs.h"
#include "secretscan.h"

static int group_allowed(const struct probe_ctx *ctx, gid_t gid)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	int ok = 0;

	if (!ha->nallowed_groups ||
	    hostfs_read(ctx->hostfs, "/etc/group", ZA_MAX_HOST_TEXT, &text, &len, err, sizeof(err)) != ZA_OK)
		return 0;
	for (char *line = text, *next; line && *line && !ok; line = next) {
		char *f2, *f3;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		f2 = strchr(line, ':');
		f3 = f2 ? strchr(f2 + 1, ':') : NULL;
		if (!f3 || (gid_t)strtoul(f3 + 1, NULL, 10) != gid)
			continue;
		*f2 = '\0';
		for (size_t i = 0; i < ha->nallowed_groups; i++)
			ok |= strcmp(ha->allowed_groups[i], line) == 0;
	}
	free(text);
	return ok;
}

void ha_token_file(struct probe_ctx *ctx, const char *path, const char *why)
{
	long t0;
	struct za_result *r = ha_begin(ctx, CK_HOST_TOKEN_FILE, path, &t0);
	struct stat st;
	char bad[600], how[200];
	int fd;

	if (!r)
		return;
	fd = hostfs_open(ctx->hostfs, path, O_RDONLY | O_NONBLOCK, 1);
	if (fd < 0 && errno == ENOENT) {
		result_skip(ctx->rs, r, "%s is not on this system (%s)", path, why);
		probe_end(ctx, r, t0);
		return;
	}
	if (fd < 0 && errno == ELOOP) {
		result_status(ctx->rs, r, ZA_ERROR,
		              "%s is a symbolic link: not followed (point the policy or unit at the file itself)",
		              path);
		probe_end(ctx, r, t0);
		return;
	}
	if (fd < 0 || fstat(fd, &st) != 0) {
		result_status(ctx->rs, r, ZA_ERROR, "cannot open %s (%s): %s", path, why, strerror(errno));
		if (fd >= 0)
			close(fd);
		probe_end(ctx, r, t0);
		return;
	}
	close(fd);
	result_evidence(ctx->rs, r, "file", path, "%s: mode %04o, uid %u, gid %u", why, (unsigned)(st.st_mode & 07777),
	                (unsigned)st.st_uid, (unsigned)st.st_gid);
	if (!S_ISREG(st.st_mode))
		result_status(ctx->rs, r, ZA_ERROR, "%s is not a regular file", path);
	else if (secret_mode_judge(st.st_mode, st.st_gid, (st.st_mode & 0060) && group_allowed(ctx, st.st_gid), how,
	                           sizeof(how)) != SECRET_MODE_TIGHT)
		result_status(ctx->rs, r, ZA_FAIL, "%s: %s", path, how);
	else if (hostfs_parents_safe(ctx->hostfs, path, bad, sizeof(bad)) != 0)
		result_status(ctx->rs, r, ZA_FAIL, "a directory above %s is writable by others: %s", path, bad);
	else
		result_status(ctx->rs, r, ZA_PASS, "%s is %s", path, how);
	probe_end(ctx, r, t0);
}

void host_token_files_run(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;

	for (size_t i = 0; i < p->ntoken_files; i++)
		ha_token_file(ctx, p->token_files[i].value, "the policy's token file");
	for (size_t i = 0; i < p->secrets.nknown_files; i++)
		ha_token_file(ctx, p->secrets.known_files[i].value, "a known-secret file of the policy");
}

struct wr {
	struct probe_ctx *ctx;
	const struct stat *homes; /* systemd credential sources */
	size_t nhomes;
	struct za_result *r;
	size_t files, bytes_files, found_files, findings, unreadable, listed;
	const char *path; /* the file being scanned */
	mode_t mode;
	size_t in_file;
};

static void on_finding(void *arg, const struct ss_finding *f)
{
	struct wr *w = arg;

	if (!f->known_secret)
		return; /* other credentials are the secrets family's (files.leaked-token) */
	result_finding_fp(w->ctx->rs, w->r, f->rule, w->path, f->line, f->column, f->fingerprint, f->preview, 1,
	                  f->note, -1);
	w->findings++;
	w->in_file++;
}

static int on_entry(void *arg, int dirfd, const char *name, const char *path, const struct stat *st)
{
	struct wr *w = arg;
	struct ss_opts o = {1, 1, 0}; /* binary files too: an editor's swap file holds the token among NULs */
	struct ss_stats sst;
	char err[ZA_MAX_ERR];
	int fd;

	if (!S_ISREG(st->st_mode) || !(st->st_mode & S_IROTH))
		return 0;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		w->unreadable++;
		return 0;
	}
	w->files++;
	for (size_t i = 0; i < w->nhomes; i++)
		if (w->homes[i].st_dev == st->st_dev && w->homes[i].st_ino == st->st_ino) {
			close(fd);
			return 0;
		}
	if (ss_is_home(w->ctx->secrets, fd)) {
		close(fd);
		return 0; /* judged by its mode: host.token-file */
	}
	memset(&sst, 0, sizeof(sst));
	w->path = path;
	w->in_file = 0;
	if (ss_scan_fd(w->ctx->secrets, fd, path, ss_is_gz(path, fd), &o, on_finding, w, &sst, err, sizeof(err)) !=
	    ZA_OK)
		w->unreadable++;
	close(fd);
	if (w->in_file) {
		w->found_files++;
		if (w->listed < ZA_MAX_EVIDENCE_ITEMS - 2) {
			w->listed++;
			result_evidence(w->ctx->rs, w->r, "file", path,
			                "mode %04o, readable by every user: holds %zu of the deployment's own secrets",
			                (unsigned)(st->st_mode & 07777), w->in_file);
		}
	}
	return 0;
}

/* The directory a glob (or a file path) starts in: everything before its
 * first wildcard, up to the last slash (a copy, whatever its length). */
static char *glob_dir(const char *glob)
{
	char *out = strndup(glob, strcspn(glob, "*?["));
	char *slash = out ? strrchr(out, '/') : NULL;

	if (slash && slash != out)
		*slash = '\0';
	else if (slash)
		out[1] = '\0';
	return out;
}

void host_token_run(struct probe_ctx *ctx, const struct stat *homes, size_t nhomes)
{
	const struct policy *p = ctx->policy;
	struct wr w;
	long t0;
	char **dirs = NULL;
	size_t ndirs = 0;
	long seen = 0;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.homes = homes;
	w.nhomes = nhomes;
	w.r = ha_begin(ctx, CK_HOST_TOKEN_WORLD_READABLE, "world-readable files", &t0);
	if (!w.r)
		return;
	if (!ctx->secrets || !ss_known_count(ctx->secrets)) {
		result_skip(ctx->rs, w.r,
		            "no known secret to look for (no token file or known-secret file could be read)");
		probe_end(ctx, w.r, t0);
		return;
	}
	dirs = calloc(p->hostaudit.nwalk_roots + p->secrets.nroots + p->ntoken_files + p->secrets.nknown_files + 1,
	              sizeof(*dirs));
	if (!dirs) {
		result_status(ctx->rs, w.r, ZA_ERROR, "out of memory");
		probe_end(ctx, w.r, t0);
		return;
	}
	for (size_t i = 0; i < p->hostaudit.nwalk_roots; i++)
		dirs[ndirs++] = strdup(p->hostaudit.walk_roots[i]);
	for (size_t i = 0; i < p->secrets.nroots; i++)
		dirs[ndirs++] = glob_dir(p->secrets.roots[i].glob);
	/* where the secrets live: a .bak or .swp lands next to the original */
	for (size_t i = 0; i < p->ntoken_files; i++)
		dirs[ndirs++] = glob_dir(p->token_files[i].value);
	for (size_t i = 0; i < p->secrets.nknown_files; i++)
		dirs[ndirs++] = glob_dir(p->secrets.known_files[i].value);
	for (size_t i = 0; i < ndirs; i++)
		if (!dirs[i]) {
			w.unreadable++; /* out of memory: that directory is not searched */
			result_evidence(ctx->rs, w.r, "scan", NULL, "out of memory: a directory was not searched");
		}
	for (size_t i = 0; i < ndirs; i++) {
		size_t unreadable = 0;
		long n;
		int dup = !dirs[i];
		for (size_t k = 0; k < i && !dup; k++)
			dup |= dirs[k] && strncmp(dirs[i], dirs[k], strlen(dirs[k])) == 0 &&
			       (dirs[i][strlen(dirs[k])] == '/' || dirs[i][strlen(dirs[k])] == '\0' ||
			        strcmp(dirs[k], "/") == 0);
		if (dup)
			continue; /* inside a directory already walked */
		n = hostfs_walk(ctx->hostfs, dirs[i], ZA_MAX_WALK_DEPTH, on_entry, &w, &unreadable);
		if (n > 0)
			seen += n;
		else if (n < 0 && errno != ENOENT) {
			unreadable++; /* a link or an unreadable directory: not searched */
			result_evidence(ctx->rs, w.r, "scan", dirs[i], "%s could not be walked: %s", dirs[i],
			                strerror(errno));
		}
		w.unreadable += unreadable;
	}
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	result_evidence(ctx->rs, w.r, "scan", NULL,
	                "%ld entries under %zu directories, %zu world-readable files searched for %zu known secrets",
	                seen, ndirs, w.files, ss_known_count(ctx->secrets));
	if (w.found_files > w.listed)
		result_evidence(ctx->rs, w.r, "scan", NULL, "%zu more files with a secret were counted, not listed",
		                w.found_files - w.listed);
	if (w.found_files)
		result_status(ctx->rs, w.r, ZA_FAIL, "%zu world-readable file%s hold%s the deployment's own secrets",
		              w.found_files, w.found_files == 1 ? "" : "s", w.found_files == 1 ? "s" : "");
	else if (w.unreadable)
		result_status(ctx->rs, w.r, ZA_ERROR, "%zu files or directories could not be read (%zu files searched)",
		              w.unreadable, w.files);
	else
		result_status(ctx->rs, w.r, ZA_PASS, "no known secret in %zu world-readable files", w.files);
	probe_end(ctx, w.r, t0);
}
