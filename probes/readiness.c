/*
 * readiness.c - the readiness family: would the monitoring system help debug
 * a launch? Read-only questions to the live Prometheus (role admin or host,
 * prometheus_url with the policy's prometheus_token):
 *
 *   alerts.delivery  GET /api/v1/alertmanagers: at least one active
 *                    Alertmanager (an alert that reaches no one is no alert)
 *   sync.fresh       GET /api/v1/query?query=time() - <readiness.sync.metric>:
 *                    every series of the sync's last-success time is younger
 *                    than readiness.sync.max_age_s; no series fails (the sync
 *                    never ran, or nothing exports or scrapes its metric)
 *
 * A Prometheus that does not answer, answers 401/403 to the token, or answers
 * anything but the documented JSON is `error`, never `pass`; the token is
 * never printed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "family.h"
#include "http.h"
#include "promapi.h"
#include "secret.h"

/* GET <prometheus_url><path> with the policy's token; 0 with resp filled
 * when a whole 200 answer arrived, else -1 with the error recorded on r. */
static int ask(struct probe_ctx *ctx, struct za_result *r, const char *path, struct http_resp *resp)
{
	const struct policy *p = ctx->policy;
	const struct probe_token *tok = probe_token(ctx, p->prometheus_token);
	char url[ZA_MAX_URL + 512];
	char *auth = tok && tok->secret ? secret_auth_header(tok->secret, "Bearer") : NULL;
	size_t ul = strlen(p->prometheus_url);
	int ok;

	memset(resp, 0, sizeof(*resp));
	snprintf(url, sizeof(url), "%s%s%s", p->prometheus_url, ul && p->prometheus_url[ul - 1] == '/' ? "" : "/",
	         path);
	if (p->prometheus_token && !auth) {
		result_status(ctx->rs, r, ZA_ERROR, "the token '%s' could not be read: %s", p->prometheus_token,
		              tok ? tok->error : "not loaded");
		return -1;
	}
	if (http_fetch(url, auth, http_url_is_https(url), p->tls_ca_file, p->connect_ms, p->transfer_ms, resp) !=
	    ZA_OK) {
		result_status(ctx->rs, r, ZA_ERROR, "out of memory");
		ok = 0;
	} else if (resp->outcome != HTTP_ANSWERED) {
		result_status(ctx->rs, r, ZA_ERROR, "could not ask Prometheus: %s%s%s",
		              http_outcome_name(resp->outcome), resp->detail[0] ? ": " : "", resp->detail);
		ok = 0;
	} else if (resp->status == 401 || resp->status == 403) {
		result_status(ctx->rs, r, ZA_ERROR, "Prometheus refused the token%s%s (%ld)",
		              p->prometheus_token ? " named " : "", p->prometheus_token ? p->prometheus_token : "",
		              resp->status);
		ok = 0;
	} else if (resp->status != 200 || resp->incomplete || resp->body_truncated) {
		result_status(ctx->rs, r, ZA_ERROR, "Prometheus answered %ld%s", resp->status,
		              resp->incomplete || resp->body_truncated ? ", cut short or over the cap" : "");
		ok = 0;
	} else {
		ok = 1;
	}
	secret_wipe_free(auth);
	if (!ok)
		http_resp_free(resp);
	return ok ? 0 : -1;
}

static void alerts_delivery(struct probe_ctx *ctx)
{
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_ALERTS_DELIVERY), NULL, ctx->policy->prometheus_url);
	struct http_resp resp;
	char err[ZA_MAX_ERR];
	size_t active = 0;

	if (!r)
		return;
	if (ask(ctx, r, "api/v1/alertmanagers", &resp) == 0) {
		if (promapi_alertmanagers(resp.body, resp.body_len, &active, err, sizeof(err)) != ZA_OK)
			result_status(ctx->rs, r, ZA_ERROR, "not Prometheus's answer: %s", err);
		else if (!active)
			result_status(ctx->rs, r, ZA_FAIL,
			              "no active Alertmanager: the required alerts would fire and reach no one");
		else
			result_status(ctx->rs, r, ZA_PASS, "%zu active Alertmanager%s", active, active == 1 ? "" : "s");
		http_resp_free(&resp);
	}
	probe_end(ctx, r, t0);
}

static void sync_fresh(struct probe_ctx *ctx)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_SYNC_FRESH), NULL, rd->sync_metric);
	struct http_resp resp;
	struct promapi_vector v;
	char err[ZA_MAX_ERR], path[ZA_MAX_NAME + 64];

	if (!r)
		return;
	/* the metric name was checked by the policy loader: [a-zA-Z_:][a-zA-Z0-9_:]* */
	snprintf(path, sizeof(path), "api/v1/query?query=time()%%20-%%20%s", rd->sync_metric);
	if (ask(ctx, r, path, &resp) == 0) {
		if (promapi_vector(resp.body, resp.body_len, &v, err, sizeof(err)) != ZA_OK)
			result_status(ctx->rs, r, ZA_ERROR, "not Prometheus's answer: %s", err);
		else if (!v.series)
			result_status(ctx->rs, r, ZA_FAIL,
			              "no series of %s: the sync never ran, or nothing exports or scrapes its metric",
			              rd->sync_metric);
		else if (v.bad)
			result_status(ctx->rs, r, ZA_ERROR, "%zu of %zu series of %s have no numeric value", v.bad,
			              v.series, rd->sync_metric);
		else if (v.max > (double)rd->sync_max_age_s)
			result_status(ctx->rs, r, ZA_FAIL,
			              "the last successful sync is %.0f s old (the limit is %ld s)", v.max,
			              rd->sync_max_age_s);
		else
			result_status(ctx->rs, r, ZA_PASS,
			              "the last successful sync is %.0f s old (the limit is %ld s)",
			              v.max < 0 ? 0.0 : v.max, rd->sync_max_age_s);
		http_resp_free(&resp);
	}
	probe_end(ctx, r, t0);
}

void readiness_run(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;

	if (!p->readiness.present || !p->prometheus_url || (ctx->role != ZA_ROLE_HOST && ctx->role != ZA_ROLE_ADMIN))
		return;
	alerts_delivery(ctx);
	if (p->readiness.sync_metric)
		sync_fresh(ctx);
}
