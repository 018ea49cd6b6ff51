/*
 * discovery.c - the discovery family: does each discovery endpoint fail
 * closed without a valid token, and does the real token work?
 *
 *   discovery.tokenless       GET without Authorization
 *   discovery.bad-token       GET with a random bearer token of the real one's length
 *   discovery.token-accepted  GET with the real token (read from its file, never printed)
 *
 * A rejection is 401/403 with no targets in the body. A 2xx to a request
 * without a valid token fails (it carries targets, or would). Redirects (not
 * followed), 5xx, other statuses, timeouts and unreachable endpoints are
 * `error`: the probe could not see whether the endpoint fails closed.
 */
#define _GNU_SOURCE
#include "discovery.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "probes.h"

/* Strings in every "targets" array anywhere in the document (an error body
 * may still carry the list inside an object). Depth-limited. */
static size_t count_targets(const cJSON *node, int depth)
{
	size_t n = 0;

	if (!node || depth > 16)
		return 0;
	for (const cJSON *c = node->child; c; c = c->next) {
		if (c->string && strcmp(c->string, "targets") == 0 && cJSON_IsArray(c))
			for (const cJSON *s = c->child; s; s = s->next)
				n += cJSON_IsString(s);
		if (cJSON_IsArray(c) || cJSON_IsObject(c))
			n += count_targets(c, depth + 1);
	}
	return n;
}

void sd_body_scan(const char *body, size_t len, struct sd_body *out)
{
	cJSON *root;

	memset(out, 0, sizeof(*out));
	if (!body)
		return;
	out->mentions_targets = memmem(body, len, "targets", 7) != NULL;
	root = cJSON_ParseWithLength(body, len);
	if (!root)
		return;
	out->is_json = 1;
	out->targets = count_targets(root, 0);
	if (cJSON_IsArray(root)) {
		out->is_array = 1;
		out->valid_sd = 1;
		for (const cJSON *g = root->child; g; g = g->next) {
			const cJSON *t = cJSON_IsObject(g) ? cJSON_GetObjectItemCaseSensitive(g, "targets") : NULL;
			const cJSON *l = cJSON_IsObject(g) ? cJSON_GetObjectItemCaseSensitive(g, "labels") : NULL;
			out->groups++;
			if (!cJSON_IsArray(t)) {
				out->valid_sd = 0;
				continue;
			}
			for (const cJSON *s = t->child; s; s = s->next)
				if (!cJSON_IsString(s))
					out->valid_sd = 0;
			if (l && !cJSON_IsObject(l))
				out->valid_sd = 0;
			for (const cJSON *kv = l ? l->child : NULL; kv; kv = kv->next)
				if (!cJSON_IsString(kv))
					out->valid_sd = 0;
		}
	}
	cJSON_Delete(root);
}

struct attempt {
	const char *what; /* "without a token" */
	const char *header;
};

/* Describe an answer for evidence (no body content: it may hold secrets). */
static void answer_evidence(struct probe_ctx *ctx, struct za_result *r, const char *url, const char *what,
                            const struct http_resp *resp, const struct sd_body *sd)
{
	if (resp->outcome != HTTP_ANSWERED) {
		result_evidence(ctx->rs, r, "http", url, "GET %s: %s (%s)", what, http_outcome_name(resp->outcome),
		                resp->detail);
		return;
	}
	result_evidence(ctx->rs, r, "http", url, "GET %s -> %ld%s%s%s%s%s%s; body %zu bytes%s, %s", what, resp->status,
	                resp->content_type ? ", Content-Type: " : "", resp->content_type ? resp->content_type : "",
	                resp->www_authenticate ? ", WWW-Authenticate: " : "",
	                resp->www_authenticate ? resp->www_authenticate : "", resp->location ? ", Location: " : "",
	                resp->location ? resp->location : "", resp->body_len,
	                resp->body_truncated ? " (truncated)" : "",
	                sd->is_array ? (sd->targets ? "an SD target list" : "an empty JSON array")
	                             : (sd->mentions_targets ? "mentions \"targets\"" : "no targets"));
	if (sd->targets)
		result_evidence(ctx->rs, r, "targets", url, "%zu targets in %zu groups", sd->targets, sd->groups);
}

static void judge_rejection(struct probe_ctx *ctx, struct za_result *r, const char *what, const struct http_resp *resp,
                            const struct sd_body *sd)
{
	long st = resp->status;
	int carries = sd->targets > 0 || (!sd->is_json && sd->mentions_targets);

	if (resp->outcome != HTTP_ANSWERED) {
		result_status(ctx->rs, r, ZA_ERROR, "could not test the endpoint %s: %s", what,
		              http_outcome_name(resp->outcome));
		return;
	}
	if (st == 401 || st == 403) {
		if (carries)
			result_status(ctx->rs, r, ZA_FAIL, "answered %ld %s but the body still carries targets", st,
			              what);
		else
			result_status(ctx->rs, r, ZA_PASS, "fails closed: %ld %s, no targets in the body", st, what);
		return;
	}
	if (st >= 200 && st < 300) {
		if (sd->targets)
			result_status(ctx->rs, r, ZA_FAIL, "fails open: %ld %s with %zu targets", st, what,
			              sd->targets);
		else if (carries)
			result_status(ctx->rs, r, ZA_FAIL, "fails open: %ld %s and the body mentions targets", st,
			              what);
		else
			result_status(ctx->rs, r, ZA_FAIL,
			              "fails open: %ld %s (no targets in this answer, but nothing was "
			              "refused)",
			              st, what);
		return;
	}
	if (st >= 300 && st < 400)
		result_status(ctx->rs, r, ZA_ERROR, "redirected (%ld) %s to %s; not followed, so the answer is unknown",
		              st, what, resp->location ? resp->location : "(no Location)");
	else if (st >= 500)
		result_status(ctx->rs, r, ZA_ERROR, "server error %ld %s: cannot tell whether it fails closed", st,
		              what);
	else
		result_status(ctx->rs, r, ZA_ERROR, "unexpected status %ld %s: cannot tell whether it fails closed", st,
		              what);
}

static void judge_accepted(struct probe_ctx *ctx, struct za_result *r, const struct http_resp *resp,
                           const struct sd_body *sd)
{
	long st = resp->status;

	if (resp->outcome != HTTP_ANSWERED)
		result_status(ctx->rs, r, ZA_ERROR, "could not reach the endpoint with the token: %s (%s)",
		              http_outcome_name(resp->outcome), resp->detail);
	else if (st == 200 && sd->is_array && sd->valid_sd)
		result_status(ctx->rs, r, ZA_PASS,
		              "the monitoring token is accepted: 200 with %zu targets in %zu groups", sd->targets,
		              sd->groups);
	else if (st == 200)
		result_status(ctx->rs, r, ZA_FAIL,
		              "200 with the token, but the body is not a Prometheus HTTP SD target "
		              "list");
	else if (st == 401 || st == 403)
		result_status(ctx->rs, r, ZA_FAIL, "the configured monitoring token is rejected (%ld)", st);
	else if (st >= 300 && st < 400)
		result_status(ctx->rs, r, ZA_ERROR, "redirected (%ld) to %s; not followed (the token is never sent on)",
		              st, resp->location ? resp->location : "(no Location)");
	else
		result_status(ctx->rs, r, ZA_FAIL, "status %ld with the token: Prometheus's HTTP SD needs 200", st);
}

static void one_request(struct probe_ctx *ctx, struct za_result *r, const struct policy_discovery *d, const char *ip,
                        const char *host, const char *header, int verify, const char *what, int accepted_check)
{
	const char *headers[2] = {header, NULL};
	struct http_req req = {0};
	struct http_resp resp;
	struct sd_body sd;

	req.url = d->url;
	req.pin_ip = strcmp(ip, host) == 0 ? NULL : ip;
	req.headers = header ? headers : NULL;
	req.connect_ms = ctx->policy->connect_ms;
	req.timeout_ms = ctx->policy->transfer_ms;
	req.verify_tls = verify;
	req.ca_file = ctx->policy->tls_ca_file;
	if (http_run(&req, &resp) != ZA_OK) {
		result_status(ctx->rs, r, ZA_ERROR, "out of memory");
		http_resp_free(&resp);
		return;
	}
	sd_body_scan(resp.body, resp.body_len, &sd);
	answer_evidence(ctx, r, d->url, what, &resp, &sd);
	if (accepted_check)
		judge_accepted(ctx, r, &resp, &sd);
	else
		judge_rejection(ctx, r, what, &resp, &sd);
	http_resp_free(&resp);
}

static int url_host(const char *url, char *out, size_t outlen)
{
	/* policy.c validated the URL; take the host out of it */
	const char *p = strstr(url, "://");
	size_t n;

	if (!p)
		return -1;
	p += 3;
	if (*p == '[') {
		const char *e = strchr(p, ']');
		if (!e)
			return -1;
		n = (size_t)(e - p - 1);
		p++;
	} else {
		const char *at = p + strcspn(p, "/?#");
		const char *cred = memchr(p, '@', (size_t)(at - p));
		if (cred)
			p = cred + 1;
		n = strcspn(p, ":/?#");
	}
	if (n == 0 || n >= outlen)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

static int url_is_loopback(const char *host)
{
	return strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0;
}

void discovery_run(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;

	for (size_t i = 0; i < p->ndiscovery; i++) {
		const struct policy_discovery *d = &p->discovery[i];
		const struct probe_token *tok = probe_token(ctx, d->token_file);
		const struct za_secret *real = tok ? tok->secret : NULL;
		int https = strncmp(d->url, "https://", 8) == 0;
		char host[300], ip[64], err[ZA_MAX_ERR];
		int resolved;
		static const char *const ids[] = {"discovery.tokenless", "discovery.bad-token",
		                                  "discovery.token-accepted"};

		if (url_host(d->url, host, sizeof(host)) != 0) {
			za_seterr(err, sizeof(err), "no host in the URL");
			resolved = 0;
		} else {
			resolved = http_resolve(host, ip, sizeof(ip), err, sizeof(err)) == ZA_OK;
		}
		for (size_t k = 0; k < 3; k++) {
			long t0 = probe_now_ms();
			struct za_result *r = probe_begin(ctx, checks_find(ids[k]), NULL, d->url);

			if (!r)
				continue;
			if (k == 2 && !d->token_file) {
				result_skip(ctx->rs, r, "no token file is configured for discovery endpoint '%s'",
				            d->name);
			} else if (k == 2 && !https && !d->allow_plaintext_token && !url_is_loopback(host)) {
				result_skip(ctx->rs, r,
				            "the token is not sent over plain HTTP to a non-loopback host (see "
				            "tls.required; "
				            "allow_plaintext_token is for labs)");
			} else if (k == 2 && !real) {
				result_status(ctx->rs, r, ZA_ERROR, "the token file '%s' could not be read: %s",
				              d->token_file, tok ? tok->error : "not loaded");
			} else if (!resolved) {
				result_evidence(ctx->rs, r, "dns", d->url, "%s", err);
				result_status(ctx->rs, r, ZA_ERROR, "could not test the endpoint: %s", err);
			} else if (k == 0) {
				one_request(ctx, r, d, ip, host, NULL, 0, "without a token", 0);
			} else if (k == 1) {
				struct za_secret *wrong = secret_random_hex(real ? secret_len(real) : 32, real);
				char *h = wrong ? secret_auth_header(wrong, "Bearer") : NULL;
				if (!h)
					result_status(ctx->rs, r, ZA_ERROR, "could not make a random token");
				else
					one_request(ctx, r, d, ip, host, h, 0, "with a wrong bearer token", 0);
				secret_wipe_free(h);
				secret_free(wrong);
			} else {
				char *h = secret_auth_header(real, "Bearer");
				if (!h) {
					result_status(ctx->rs, r, ZA_ERROR, "out of memory");
				} else {
					if (!https)
						result_evidence(ctx->rs, r, "transport", d->url,
						                "the token was sent over plain HTTP");
					one_request(ctx, r, d, ip, host, h, 1, "with the monitoring token", 1);
				}
				secret_wipe_free(h);
			}
			probe_end(ctx, r, t0);
		}
	}
}
