/*
 * livetargets.c - Prometheus's live targets (vantage role admin or host):
 * what Prometheus actually scrapes, from policy.prometheus_url.
 *
 * GET <prometheus_url>/api/v1/targets (with the bearer token from
 * policy.prometheus_token when given; verified TLS). The game/dev targets
 * (those with container_type, ctype or vmid among their labels) go through
 * the label contract and the secret checks (labels.h) - discovered labels,
 * final labels and scrape URLs all count - and:
 *   prometheus.targets-down     targets that are down, grouped by vmid and
 *                               container_type ("alert on target-down by VMID/type")
 *
 * The game/dev targets stay in the run's context (ctx->live) for the
 * readiness family's prometheus.deleted-targets.
 */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "http.h"
#include "labels.h"
#include "family.h"
#include "sdparse.h"

/* Copies a JSON object of string labels into a group (labels only). */
static int add_labels(struct sd_group *g, const cJSON *obj, size_t cap)
{
	for (const cJSON *kv = obj ? obj->child : NULL; kv; kv = kv->next) {
		if (!cJSON_IsString(kv) || !kv->string || g->nlabels >= cap || sd_label(g, kv->string))
			continue;
		if (sd_add_label(g, kv->string, kv->valuestring) != ZA_OK)
			return -1;
	}
	return 0;
}

static int game_dev(const cJSON *labels)
{
	return cJSON_GetObjectItemCaseSensitive(labels, "container_type") ||
	       cJSON_GetObjectItemCaseSensitive(labels, "ctype") || cJSON_GetObjectItemCaseSensitive(labels, "vmid");
}

void livetargets_run(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;
	struct http_resp resp;
	char url[ZA_MAX_URL + 64];
	char why[ZA_MAX_ERR + 64];
	char *auth = NULL;
	const char *hdrs[2] = {NULL, NULL};
	struct http_req req = {0};
	long t0 = probe_now_ms();
	struct za_result *down;
	cJSON *d = NULL;
	const cJSON *active;
	struct sd_doc doc;
	size_t n = 0, ndown = 0;

	if (!p->prometheus_url || (ctx->role != ZA_ROLE_HOST && ctx->role != ZA_ROLE_ADMIN))
		return;
	memset(&doc, 0, sizeof(doc));
	snprintf(url, sizeof(url), "%s%sapi/v1/targets", p->prometheus_url,
	         p->prometheus_url[strlen(p->prometheus_url) - 1] == '/' ? "" : "/");
	/* read even when a profile leaves targets-down out: the label checks and
	 * prometheus.deleted-targets judge the same targets */
	down = probe_begin(ctx, check_get(CK_PROMETHEUS_TARGETS_DOWN), NULL, url);
	auth = probe_auth_for(ctx, url, p->prometheus_token, why, sizeof(why));
	if (p->prometheus_token && !auth) {
		result_status(ctx->rs, down, ZA_ERROR, "could not read the live targets: %s", why);
		goto out;
	}
	hdrs[0] = auth;
	req.url = url;
	req.headers = hdrs;
	req.connect_ms = p->connect_ms;
	req.timeout_ms = p->transfer_ms;
	req.verify_tls = 1;
	req.ca_file = p->tls_ca_file;
	req.max_body = p->answer_max;
	if (http_get(&req, &resp) != ZA_OK || resp.outcome != HTTP_ANSWERED || resp.incomplete || resp.body_truncated ||
	    resp.status != 200) {
		result_status(ctx->rs, down, ZA_ERROR, "could not read the live targets: %s %ld%s%s%s",
		              http_outcome_name(resp.outcome), resp.status, resp.detail[0] ? ": " : "", resp.detail,
		              resp.body_truncated ? " (the answer is over the policy's limits.answer_bytes)" : "");
		http_resp_free(&resp);
		goto out;
	}
	d = jsonv_parse_untrusted(resp.body, resp.body_len, NULL);
	active = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "data"), "activeTargets");
	if (resp.body_truncated || !cJSON_IsArray(active)) {
		result_status(ctx->rs, down, ZA_ERROR, "the answer holds no activeTargets list%s",
		              resp.body_truncated ? " (over the size cap)" : "");
		http_resp_free(&resp);
		goto out;
	}
	http_resp_free(&resp);
	doc.g = calloc((size_t)cJSON_GetArraySize(active) + 1, sizeof(*doc.g));
	if (!doc.g) {
		result_status(ctx->rs, down, ZA_ERROR, "out of memory");
		goto out;
	}
	for (const cJSON *t = active->child; t; t = t->next) {
		const cJSON *labels = cJSON_GetObjectItemCaseSensitive(t, "labels");
		const cJSON *disc = cJSON_GetObjectItemCaseSensitive(t, "discoveredLabels");
		const cJSON *health = cJSON_GetObjectItemCaseSensitive(t, "health");
		const cJSON *scrape = cJSON_GetObjectItemCaseSensitive(t, "scrapeUrl");
		const cJSON *lerr = cJSON_GetObjectItemCaseSensitive(t, "lastError");
		struct sd_group *g;
		size_t nl;

		if (!game_dev(labels))
			continue;
		n++;
		g = &doc.g[doc.ng++];
		/* room for every label (the body cap bounds them): none left unjudged */
		nl = (size_t)cJSON_GetArraySize(labels) + (size_t)cJSON_GetArraySize(disc) + 1;
		g->labels = calloc(nl, sizeof(*g->labels));
		g->targets = calloc(2, sizeof(char *));
		if (!g->labels || !g->targets || add_labels(g, labels, nl) != 0 || add_labels(g, disc, nl) != 0) {
			result_status(ctx->rs, down, ZA_ERROR, "out of memory");
			goto out;
		}
		if (cJSON_IsString(scrape) && (g->targets[0] = strdup(scrape->valuestring)))
			g->ntargets = 1;
		doc.ntargets += g->ntargets;
		if (cJSON_IsString(health) && strcmp(health->valuestring, "down") == 0) {
			g->ndown = 1;
			const char *vmid = sd_label(g, "vmid"), *ct = sd_label(g, "container_type");
			if (ndown++ < 16)
				result_evidence(ctx->rs, down, "target",
				                cJSON_IsString(scrape) ? scrape->valuestring : NULL,
				                "down: vmid %s, container_type %s%s%s", vmid ? vmid : "?",
				                ct ? ct : "?", cJSON_IsString(lerr) && *lerr->valuestring ? ": " : "",
				                cJSON_IsString(lerr) ? lerr->valuestring : "");
		}
	}
	if (ndown) {
		/* grouped by container_type, as the target-down alert should be */
		char by[256] = "";
		size_t l = 0;
		for (size_t i = 0; i < doc.ng && l < sizeof(by) - 64; i++) {
			const char *ct = sd_label(&doc.g[i], "container_type");
			size_t c = 0;
			int seen = 0;
			if (!ct)
				continue;
			for (size_t j = 0; j < i; j++)
				seen |= sd_label(&doc.g[j], "container_type") &&
				        strcmp(sd_label(&doc.g[j], "container_type"), ct) == 0;
			if (seen)
				continue;
			for (size_t j = 0; j < doc.ng; j++)
				c += doc.g[j].ndown && sd_label(&doc.g[j], "container_type") &&
				     strcmp(sd_label(&doc.g[j], "container_type"), ct) == 0;
			if (c)
				l += (size_t)snprintf(by + l, sizeof(by) - l, "%s%s %zu", l ? ", " : "", ct, c);
		}
		result_status(ctx->rs, down, ZA_FAIL, "%zu of %zu game/dev targets are down%s%s%s", ndown, n,
		              by[0] ? " (" : "", by, by[0] ? ")" : "");
	} else
		result_status(ctx->rs, down, ZA_PASS, "all %zu game/dev targets are up", n);
	labels_judge(ctx, &doc, url);
	ctx->live = doc; /* moved: readiness compares it with discovery */
	ctx->live_read = 1;
	memset(&doc, 0, sizeof(doc));
out:
	if (down)
		probe_end(ctx, down, t0);
	if (!ctx->live_read)
		labels_unjudged(ctx, url, ZA_ERROR, "the live targets could not be read (see prometheus.targets-down)");
	secret_wipe_free(auth);
	sd_doc_free(&doc);
	cJSON_Delete(d);
}
