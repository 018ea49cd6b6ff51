/*
 * secretsfam.c - the secrets family (vantage role host or admin): leaked
 * tokens in the logs the contract names, in configuration files and in
 * Grafana's provisioned dashboards (policy "secrets").
 *
 *   logs.leaked-token        one result per configured log glob
 *   files.leaked-token       one per configuration path
 *   dashboards.leaked-token  one per dashboards path
 *
 * The engine is secretscan.h; the known secrets are the policy's token files
 * and its known_secret_files. Findings go to the report's findings array by
 * fingerprint; the result fails when there are any.
 */
#define _GNU_SOURCE
#include "secretsfam.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct collect {
	struct result_set *rs;
	struct za_result *r;
	size_t n, listed;
};

static void on_finding(void *arg, const struct ss_finding *f)
{
	struct collect *c = arg;

	result_finding_fp(c->rs, c->r, f->rule, f->path, f->line, f->column, f->fingerprint, f->preview,
	                  f->known_secret, f->note, f->malformed ? (int)f->severity : -1);
	if (c->listed < 12) {
		result_evidence(c->rs, c->r, "finding", f->path, "%s at %s:%ld:%ld%s%s%s", f->rule, f->path, f->line,
		                f->column, f->known_secret ? " (one of the deployment's own secrets)" : "",
		                f->note[0] ? "; " : "", f->note);
		c->listed++;
	}
	c->n++;
}

void secrets_scan_into(struct result_set *rs, struct za_result *r, const struct ss_engine *e, char *const *paths,
                       size_t n, const struct ss_opts *o)
{
	struct collect c = {rs, r, 0, 0};
	struct ss_stats st;
	char err[ZA_MAX_ERR] = "";
	enum za_err rc;

	memset(&st, 0, sizeof(st));
	rc = ss_scan_paths(e, paths, n, o, on_finding, &c, &st, err, sizeof(err));
	result_evidence(rs, r, "scan", NULL,
	                "%zu files, %llu bytes read; %zu binary files skipped, %zu symbolic links not followed, %zu "
	                "unreadable",
	                st.files, st.bytes, st.skipped_binary, st.skipped_links, st.unreadable);
	if (st.dropped)
		result_evidence(rs, r, "scan", NULL,
		                "%zu more findings over the per-file cap of %u were counted, not listed", st.dropped,
		                SS_MAX_FINDINGS_PER_FILE);
	if (c.n + st.dropped)
		result_status(rs, r, ZA_FAIL, "%zu leaked secret%s found", c.n + st.dropped,
		              c.n + st.dropped == 1 ? "" : "s");
	else if (rc != ZA_OK)
		result_status(rs, r, ZA_ERROR, "the scan did not finish: %s", err);
	else if (!st.files && st.unreadable)
		result_status(rs, r, ZA_ERROR, "nothing could be read (%zu unreadable)", st.unreadable);
	else if (!st.files)
		result_skip(rs, r, "no file to scan");
	else
		result_status(rs, r, ZA_PASS, "no leaked secret in %zu file%s (%llu bytes)", st.files,
		              st.files == 1 ? "" : "s", st.bytes);
}

void secrets_run(struct probe_ctx *ctx)
{
	const struct policy_secrets *ps = &ctx->policy->secrets;
	struct ss_opts o = {ps->scan_binary, 0};

	if (!ps->present || !ctx->secrets || (ctx->role != ZA_ROLE_HOST && ctx->role != ZA_ROLE_ADMIN))
		return;
	for (size_t i = 0; i < ps->nroots; i++) {
		const struct policy_scanroot *root = &ps->roots[i];
		long t0 = probe_now_ms();
		struct za_result *r = probe_begin(ctx, checks_find(root->check), NULL, root->glob);
		glob_t g;
		int rc;

		if (!r)
			continue;
		rc = glob(root->glob, GLOB_NOSORT, NULL, &g);
		if (rc == GLOB_NOMATCH)
			result_skip(ctx->rs, r, "no file matches %s (log '%s')", root->glob, root->name);
		else if (rc != 0)
			result_status(ctx->rs, r, ZA_ERROR, "cannot list %s", root->glob);
		else
			secrets_scan_into(ctx->rs, r, ctx->secrets, g.gl_pathv, g.gl_pathc, &o);
		if (rc == 0)
			globfree(&g);
		probe_end(ctx, r, t0);
	}
}
