/*
 * readiness_logs.c - logs.centralized: each log source the contract names
 * reaches Loki (readiness.logs; role admin or host). For each source, one
 * result named after it:
 *
 *   GET <url>/loki/api/v1/series?match[]=<selector>&start=<now - window>&end=<now>
 *   (Unix nanoseconds, as Loki's HTTP API documents), with X-Scope-OrgID:
 *   <readiness.logs.tenant> when the policy names a tenant (a Loki with
 *   auth_enabled answers 401 "no org id" without one)
 *
 * A stream seen within the window passes; none fails; a source the policy
 * marks "pending" fails with that reason whatever Loki holds (the contract:
 * until it exists, launch-debug readiness remains incomplete). A Loki that
 * does not answer, refuses the token or answers anything but its documented
 * JSON is `error`.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "promapi.h"
#include "readiness.h"

static void one_source(struct probe_ctx *ctx, const struct policy_log_source *ls)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	const struct readiness_api api = {
	        "Loki", rd->loki_url, rd->loki_token, rd->loki_tenant,
	        rd->loki_tenant ? NULL : "; or, when Loki says 'no org id', its tenant (readiness.logs.tenant)"};
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_LOGS_CENTRALIZED), NULL, ls->name);
	struct http_resp resp;
	char *sel, path[3 * 1024 + 128], why[ZA_MAX_ERR + 64], err[ZA_MAX_ERR];
	long long now = (long long)time(NULL);
	size_t series = 0, labelled = 0;

	if (!r)
		return;
	if (ls->pending) {
		result_status(
		        ctx->rs, r, ZA_FAIL,
		        "pending: the policy says the %s logs do not reach Loki yet (launch-debug readiness remains "
		        "incomplete until they do)",
		        ls->name);
		probe_end(ctx, r, t0);
		return;
	}
	sel = http_query_escape(ls->selector);
	if (!sel) {
		result_status(ctx->rs, r, ZA_ERROR, "out of memory");
		probe_end(ctx, r, t0);
		return;
	}
	snprintf(path, sizeof(path), "loki/api/v1/series?match[]=%s&start=%lld000000000&end=%lld000000000", sel,
	         now - rd->log_window_s, now + 1);
	free(sel);
	if (readiness_get(ctx, &api, path, 0, &resp, why, sizeof(why)) != 0) {
		result_status(ctx->rs, r, ZA_ERROR, "%s", why);
	} else {
		if (promapi_series(resp.body, resp.body_len, NULL, 0, &series, &labelled, err, sizeof(err)) != ZA_OK)
			result_status(ctx->rs, r, ZA_ERROR, "not Loki's answer: %s", err);
		else if (!series)
			result_status(ctx->rs, r, ZA_FAIL,
			              "no stream %s in Loki%s%s%s within the last %ld s: the %s logs are not "
			              "centralized",
			              ls->selector, rd->loki_tenant ? " (tenant " : "",
			              rd->loki_tenant ? rd->loki_tenant : "", rd->loki_tenant ? ")" : "",
			              rd->log_window_s, ls->name);
		else
			result_status(ctx->rs, r, ZA_PASS, "%zu stream%s %s seen in Loki within the last %ld s", series,
			              series == 1 ? "" : "s", ls->selector, rd->log_window_s);
		http_resp_free(&resp);
	}
	probe_end(ctx, r, t0);
}

void readiness_logs_run(struct probe_ctx *ctx)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;

	for (size_t i = 0; i < rd->nsources; i++)
		one_source(ctx, &rd->sources[i]);
}
