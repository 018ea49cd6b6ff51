/*
 * filesd.c - the file_sd family (vantage role host, or --root): the files the
 * monitor sync writes for Prometheus's file_sd.
 *
 *   filesd.valid          every configured path matches a file, and each file
 *                         parses the way Prometheus parses it (.json as JSON,
 *                         .yml/.yaml as strict YAML): a broken file makes
 *                         Prometheus keep its previous targets silently
 *   filesd.fresh          modified within file_sd.max_age_s ("alert on stale
 *                         file_sd age": the scanner finds what that alert should)
 *   filesd.stale-entries  every target is in the discovery endpoint's active set
 *                         (file_sd.discovery): deleted containers disappear
 * and the label contract and secret checks on each file's targets (labels.h).
 * Files are read inside the audited system's root (hostfs.h; under --root
 * the stale-entries comparison is skipped: it needs the network), with a
 * cap, never run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hostfs.h"
#include "labels.h"
#include "family.h"
#include "sdparse.h"
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The targets of d's groups that the policy's lifecycle label does not mark
 * gone, sorted (a fleet's file is looked up n log n, not n^2); *n of them.
 * NULL with *n 0 when there are none; NULL with *n 1 when out of memory. */
static const char **active_targets(const struct policy_labels *pl, const struct sd_doc *d, size_t *n)
{
	const char **v = d->ntargets ? malloc(d->ntargets * sizeof(*v)) : NULL;

	*n = 0;
	if (d->ntargets && !v) {
		*n = 1;
		return NULL;
	}
	for (size_t i = 0; v && i < d->ng; i++)
		for (size_t j = 0; j < d->g[i].ntargets && !labels_inactive(pl, &d->g[i]) && *n < d->ntargets; j++)
			v[(*n)++] = d->g[i].targets[j];
	if (v)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

/* stat(2) inside the audited root (a link to the file is followed, inside the root) */
static int file_stat(struct probe_ctx *ctx, const char *path, struct stat *st)
{
	int fd = hostfs_open(ctx->hostfs, path, O_PATH, 0), rc;

	if (fd < 0)
		return -1;
	rc = fstat(fd, st);
	close(fd);
	return rc;
}

static void one_file(struct probe_ctx *ctx, const char *path)
{
	const struct policy_filesd *fs = &ctx->policy->filesd;
	long t0 = probe_now_ms();
	struct za_result *valid = probe_begin(ctx, check_get(CK_FILESD_VALID), NULL, path);
	struct za_result *fresh = probe_begin(ctx, check_get(CK_FILESD_FRESH), NULL, path);
	struct za_result *stale = probe_begin(ctx, check_get(CK_FILESD_STALE_ENTRIES), NULL, path);
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	struct sd_doc doc;
	struct stat st;
	int parsed = 0;
	enum za_err pr;
	size_t n = strlen(path);
	int yaml = (n > 4 && strcmp(path + n - 4, ".yml") == 0) || (n > 5 && strcmp(path + n - 5, ".yaml") == 0);

	memset(&doc, 0, sizeof(doc));
	if (fresh) {
		if (file_stat(ctx, path, &st) != 0) {
			result_status(ctx->rs, fresh, ZA_ERROR, "cannot stat %s: %s", path, strerror(errno));
		} else {
			long age = (long)(time(NULL) - st.st_mtime);
			result_evidence(ctx->rs, fresh, "file", path, "last written %ld s ago (policy: at most %ld s)",
			                age, fs->max_age_s);
			if (age > fs->max_age_s)
				result_status(ctx->rs, fresh, ZA_FAIL,
				              "stale: last written %ld s ago, more than %ld s (is the discovery sync "
				              "running?)",
				              age, fs->max_age_s);
			else
				result_status(ctx->rs, fresh, ZA_PASS, "written %ld s ago", age);
		}
		probe_end(ctx, fresh, t0);
	}
	if (hostfs_read(ctx->hostfs, path, ctx->policy->answer_max, &text, &len, err, sizeof(err)) != ZA_OK) {
		if (valid)
			result_status(ctx->rs, valid, ZA_ERROR, "%s", err);
	} else if ((pr = (yaml ? sd_parse_yaml : sd_parse_json)(text, len, &doc, err, sizeof(err))) != ZA_OK) {
		if (valid && pr == ZA_ERR_CAP) /* our limit, not Prometheus's: the file was not judged */
			result_status(ctx->rs, valid, ZA_ERROR, "not judged: %s (a cap of this scanner)", err);
		else if (valid)
			result_status(ctx->rs, valid, ZA_FAIL,
			              "Prometheus cannot parse it (%s): it keeps the file's previous targets, silently",
			              err);
	} else {
		parsed = 1;
		if (valid)
			result_status(ctx->rs, valid, ZA_PASS, "%zu targets in %zu groups", doc.ntargets, doc.ng);
	}
	if (valid)
		probe_end(ctx, valid, t0);
	if (stale) {
		const struct sd_doc *active = probe_active(ctx, fs->discovery);
		const char **at = NULL;
		size_t nat = 0;
		if (ctx->offline)
			result_skip(
			        ctx->rs, stale,
			        "compares with the discovery endpoint's answer, which needs the network: a --root scan "
			        "reads files only");
		else if (!fs->discovery)
			result_skip(ctx->rs, stale,
			            "the policy names no discovery endpoint for file_sd (file_sd.discovery)");
		else if (!active)
			result_status(ctx->rs, stale, ZA_ERROR,
			              "the active set of discovery endpoint '%s' could not be read (see "
			              "discovery.token-accepted)",
			              fs->discovery);
		else if (!parsed)
			result_status(ctx->rs, stale, ZA_ERROR, "the file could not be parsed (see filesd.valid)");
		else if (!(at = active_targets(&ctx->policy->labels, active, &nat)) && nat)
			result_status(ctx->rs, stale, ZA_ERROR, "out of memory");
		else {
			size_t bad = 0;
			for (size_t i = 0; i < doc.ng; i++)
				for (size_t j = 0; j < doc.g[i].ntargets; j++)
					if ((!at || !bsearch(&doc.g[i].targets[j], at, nat, sizeof(*at), cmp_str)) &&
					    bad++ < 8)
						result_evidence(ctx->rs, stale, "target", path,
						                "%s (group %zu) is not in the active set of '%s'",
						                doc.g[i].targets[j], i, fs->discovery);
			if (bad)
				result_status(ctx->rs, stale, ZA_FAIL,
				              "%zu target%s no longer active at the discovery endpoint: deleted "
				              "containers must "
				              "disappear once sync is healthy",
				              bad, bad == 1 ? "" : "s");
			else
				result_status(ctx->rs, stale, ZA_PASS, "every target is in the active set of '%s'",
				              fs->discovery);
		}
		free(at);
		probe_end(ctx, stale, t0);
	}
	if (parsed)
		labels_judge(ctx, &doc, path);
	else
		labels_unjudged(ctx, path, ZA_ERROR, "the file could not be read or parsed (see filesd.valid)");
	sd_doc_free(&doc);
	free(text);
}

struct matches {
	struct probe_ctx *ctx;
	size_t n;
};

static void on_match(void *arg, const char *path, const struct stat *st)
{
	struct matches *m = arg;

	(void)st;
	m->n++;
	one_file(m->ctx, path);
}

void filesd_run(struct probe_ctx *ctx)
{
	const struct policy_filesd *fs = &ctx->policy->filesd;

	if (!fs->npaths || !ctx->hostfs || ctx->role != ZA_ROLE_HOST)
		return; /* the monitoring host's files: an admin runner elsewhere does not have them */
	for (size_t i = 0; i < fs->npaths; i++) {
		struct matches m = {ctx, 0};
		size_t unreadable = 0;
		long rc = hostfs_glob(ctx->hostfs, fs->paths[i], on_match, &m, &unreadable);
		long t0 = probe_now_ms();
		struct za_result *r;

		if (rc > 0 && !unreadable)
			continue;
		r = probe_begin(ctx, check_get(CK_FILESD_VALID), NULL, fs->paths[i]);
		if (!r)
			continue;
		if (unreadable)
			result_status(
			        ctx->rs, r, ZA_ERROR,
			        "%zu director%s or file%s matching %s could not be read: their targets are not judged",
			        unreadable, unreadable == 1 ? "y" : "ies", unreadable == 1 ? "" : "s", fs->paths[i]);
		else if (rc == 0)
			result_status(ctx->rs, r, ZA_FAIL, "no file matches %s: Prometheus has no targets from it",
			              fs->paths[i]);
		else
			result_status(ctx->rs, r, ZA_ERROR, "cannot list %s: %s", fs->paths[i], strerror(errno));
		probe_end(ctx, r, t0);
	}
}
