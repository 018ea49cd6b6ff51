/* leaks.c - see leaks.h. */
#define _GNU_SOURCE
#include "leaks.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "leakscan.h"

/* ---- analyzers ---- */

int leaks_answered(struct leak_job *j, const struct http_resp *resp)
{
	if (resp->outcome != HTTP_ANSWERED || resp->incomplete || resp->body_truncated) {
		result_status(j->ctx->rs, j->r, ZA_ERROR, "GET %s: %s", j->url,
		              resp->outcome != HTTP_ANSWERED ? http_outcome_name(resp->outcome)
		              : resp->incomplete             ? "the answer was cut short: not judged"
		                                 : "the answer is over the cap this scanner reads: not judged");
		return 0;
	}
	return 1;
}

struct finding_ctx {
	struct leak_job *j;
	const char *where;
	size_t n;
};

static void on_leak(void *arg, const char *rule, long line, long column, const char *value, size_t len)
{
	struct finding_ctx *fc = arg;

	result_finding(fc->j->ctx->rs, fc->j->r, rule, fc->where, line, column, value, len);
	if (fc->n < 8)
		result_evidence(fc->j->ctx->rs, fc->j->r, "finding", fc->where, "%s at line %ld, column %ld", rule,
		                line, column);
	fc->n++;
}

static void judge_findings(struct leak_job *j, size_t n, const char *what)
{
	if (n)
		result_status(j->ctx->rs, j->r, ZA_FAIL, "%zu credential%s in %s, readable without authentication", n,
		              n == 1 ? "" : "s", what);
	else
		result_status(j->ctx->rs, j->r, ZA_PASS, "no credentials in %s", what);
}

static void an_config(struct leak_job *j, const struct http_resp *resp)
{
	cJSON *d;
	const cJSON *yaml;
	struct finding_ctx fc = {j, j->url, 0};

	if (!leaks_answered(j, resp))
		return;
	if (resp->status != 200) {
		result_status(j->ctx->rs, j->r, resp->status == 401 || resp->status == 403 ? ZA_PASS : ZA_ERROR,
		              "GET /api/v1/status/config answered %ld", resp->status);
		return;
	}
	d = jsonv_parse_untrusted(resp->body, resp->body_len, NULL);
	yaml = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "data"), "yaml");
	if (!cJSON_IsString(yaml)) {
		result_status(j->ctx->rs, j->r, ZA_ERROR, "the answer to /api/v1/status/config holds no data.yaml");
	} else {
		leakscan_text(yaml->valuestring, strlen(yaml->valuestring), on_leak, &fc);
		judge_findings(j, fc.n, "the running configuration (/api/v1/status/config)");
	}
	cJSON_Delete(d);
}

/* Labels of one target as "name: value" lines, scanned like configuration. */
static void scan_labels(const cJSON *labels, struct buf *text)
{
	for (const cJSON *kv = labels ? labels->child : NULL; kv; kv = kv->next)
		if (cJSON_IsString(kv) && kv->string)
			buf_printf(text, "%s: %s\n", kv->string, kv->valuestring);
}

static void an_targets(struct leak_job *j, const struct http_resp *resp)
{
	cJSON *d;
	const cJSON *data;
	struct finding_ctx fc = {j, j->url, 0};
	struct buf text;
	static const char *const lists[] = {"activeTargets", "droppedTargets"};

	if (!leaks_answered(j, resp))
		return;
	if (resp->status != 200) {
		result_status(j->ctx->rs, j->r, resp->status == 401 || resp->status == 403 ? ZA_PASS : ZA_ERROR,
		              "GET /api/v1/targets answered %ld", resp->status);
		return;
	}
	d = jsonv_parse_untrusted(resp->body, resp->body_len, NULL);
	data = cJSON_GetObjectItemCaseSensitive(d, "data");
	if (!cJSON_IsObject(data)) {
		result_status(j->ctx->rs, j->r, ZA_ERROR, "the answer to /api/v1/targets holds no data");
		cJSON_Delete(d);
		return;
	}
	buf_init(&text, ZA_MAX_HTTP_BODY * 2);
	for (int l = 0; l < 2; l++) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(data, lists[l]);
		for (const cJSON *t = cJSON_IsArray(arr) ? arr->child : NULL; t; t = t->next) {
			const cJSON *u = cJSON_GetObjectItemCaseSensitive(t, "scrapeUrl");
			scan_labels(cJSON_GetObjectItemCaseSensitive(t, "discoveredLabels"), &text);
			scan_labels(cJSON_GetObjectItemCaseSensitive(t, "labels"), &text);
			if (cJSON_IsString(u))
				buf_printf(&text, "scrapeUrl: %s\n", u->valuestring);
		}
	}
	leakscan_text(buf_str(&text), text.len, on_leak, &fc);
	judge_findings(j, fc.n, "target labels and URLs (/api/v1/targets)");
	if (text.p)
		explicit_bzero(text.p, text.alloc); /* it held label values */
	buf_free(&text);
	cJSON_Delete(d);
}

static void an_flags(struct leak_job *j, const struct http_resp *resp)
{
	cJSON *d;
	const cJSON *data, *admin, *life;

	if (!leaks_answered(j, resp))
		return;
	d = jsonv_parse_untrusted(resp->body, resp->body_len, NULL);
	data = cJSON_GetObjectItemCaseSensitive(d, "data");
	admin = cJSON_GetObjectItemCaseSensitive(data, "web.enable-admin-api");
	life = cJSON_GetObjectItemCaseSensitive(data, "web.enable-lifecycle");
	if (resp->status != 200 || !cJSON_IsString(admin) || !cJSON_IsString(life)) {
		result_status(j->ctx->rs, j->r, ZA_ERROR,
		              "GET /api/v1/status/flags answered %ld without the web.* flags", resp->status);
	} else if (strcmp(admin->valuestring, "true") == 0 || strcmp(life->valuestring, "true") == 0) {
		result_evidence(j->ctx->rs, j->r, "http", j->url, "web.enable-admin-api=%s, web.enable-lifecycle=%s",
		                admin->valuestring, life->valuestring);
		result_status(j->ctx->rs, j->r, ZA_FAIL, "%s%s%s enabled: anyone who reaches it can %s",
		              strcmp(admin->valuestring, "true") == 0 ? "the admin API" : "",
		              strcmp(admin->valuestring, "true") == 0 && strcmp(life->valuestring, "true") == 0
		                      ? " and "
		                      : "",
		              strcmp(life->valuestring, "true") == 0 ? "the lifecycle API (reload, quit)" : "",
		              strcmp(admin->valuestring, "true") == 0 ? "delete series" : "shut Prometheus down");
	} else {
		result_status(j->ctx->rs, j->r, ZA_PASS, "admin and lifecycle APIs are disabled");
	}
	cJSON_Delete(d);
}

/* label="value" of a metric line, into out. */
static void metric_label(const char *line, size_t n, const char *label, char *out, size_t outlen)
{
	char key[64];
	const char *p;
	size_t k = 0;

	out[0] = '\0';
	snprintf(key, sizeof(key), "%s=\"", label);
	p = memmem(line, n, key, strlen(key));
	if (!p || (p > line && p[-1] != '{' && p[-1] != ','))
		return;
	p += strlen(key);
	while (p < line + n && *p != '"' && k + 1 < outlen)
		out[k++] = *p++;
	out[k] = '\0';
}

static void an_uname(struct leak_job *j, const struct http_resp *resp)
{
	const char *l;
	char node[128], rel[128];

	if (!leaks_answered(j, resp))
		return;
	l = resp->status == 200 ? memmem(resp->body, resp->body_len, "\nnode_uname_info{", 17) : NULL;
	if (!l) {
		result_status(j->ctx->rs, j->r, ZA_PASS, "no node_uname_info in /metrics (uname collector off)");
		return;
	}
	l++;
	{
		const char *e = memchr(l, '\n', resp->body_len - (size_t)(l - resp->body));
		size_t n = e ? (size_t)(e - l) : resp->body_len - (size_t)(l - resp->body);
		metric_label(l, n, "nodename", node, sizeof(node));
		metric_label(l, n, "release", rel, sizeof(rel));
	}
	result_evidence(j->ctx->rs, j->r, "http", j->url, "node_uname_info: nodename=\"%s\", release=\"%s\"", node,
	                rel);
	result_status(j->ctx->rs, j->r, ZA_FAIL, "host name '%s' and kernel %s disclosed to this vantage", node, rel);
}

static void an_alloy_components(struct leak_job *j, const struct http_resp *resp)
{
	cJSON *d;

	if (!leaks_answered(j, resp))
		return;
	d = jsonv_parse_untrusted(resp->body, resp->body_len, NULL);
	if (resp->status == 200 && cJSON_IsArray(d)) {
		result_status(j->ctx->rs, j->r, ZA_FAIL,
		              "the component graph (%d components, with their URLs and targets) is readable without "
		              "authentication",
		              cJSON_GetArraySize(d));
	} else if (resp->status == 401 || resp->status == 403 || resp->status == 404) {
		result_status(j->ctx->rs, j->r, ZA_PASS, "/api/v0/web/components answered %ld", resp->status);
	} else {
		result_status(j->ctx->rs, j->r, ZA_ERROR, "/api/v0/web/components answered %ld", resp->status);
	}
	cJSON_Delete(d);
}

static void an_pprof(struct leak_job *j, const struct http_resp *resp)
{
	if (!leaks_answered(j, resp))
		return;
	if (resp->status == 200 && memmem(resp->body, resp->body_len, "Profile Descriptions", 20))
		result_status(
		        j->ctx->rs, j->r, ZA_FAIL,
		        "Go profiling is open at /debug/pprof/ (heap, goroutines, CPU profiles: an easy DoS and an "
		        "information leak)");
	else
		result_status(j->ctx->rs, j->r, ZA_PASS, "/debug/pprof/ answered %ld without profiles", resp->status);
}

static const struct leak_def leaks[] = {
        {"prometheus", CK_PROMETHEUS_CONFIG_SECRETS, "/api/v1/status/config", NULL, NULL, an_config},
        {"prometheus", CK_PROMETHEUS_TARGETS_SECRETS, "/api/v1/targets", NULL, NULL, an_targets},
        {"prometheus", CK_PROMETHEUS_ADMIN_API, "/api/v1/status/flags", NULL, NULL, an_flags},
        {"node_exporter", CK_NODE_EXPORTER_UNAME, "/metrics", NULL, NULL, an_uname},
        {"alloy", CK_ALLOY_COMPONENTS, "/api/v0/web/components", NULL, NULL, an_alloy_components},
        {"prometheus", CK_PPROF_OPEN, "/debug/pprof/", NULL, NULL, an_pprof},
        {"node_exporter", CK_PPROF_OPEN, "/debug/pprof/", NULL, NULL, an_pprof},
        {"alloy", CK_PPROF_OPEN, "/debug/pprof/", NULL, NULL, an_pprof},
        {"alertmanager", CK_PPROF_OPEN, "/debug/pprof/", NULL, NULL, an_pprof},
        {"pushgateway", CK_PPROF_OPEN, "/debug/pprof/", NULL, NULL, an_pprof},
};

/* Every family's follow-ups: this file's and the ones a family file keeps
 * beside its own checks (grafana.c). */
static const struct {
	const struct leak_def *rows;
	const size_t *n;
} tables[] = {
        {leaks, NULL},
        {grafana_followups, &grafana_nfollowups},
};

static void on_leak_done(void *arg, struct http_resp *resp)
{
	struct leak_job *j = arg;

	j->def->analyze(j, resp);
	probe_end(j->ctx, j->r, j->t0);
	free(j);
}

static void schedule_one(struct probe_ctx *ctx, struct engine *eng, const struct leak_def *d,
                         const struct policy_host *h, const char *origin, const char *pin_ip, const char *target,
                         long connect_ms)
{
	const struct check_def *c = check_get(d->check);
	struct leak_job *j;
	struct http_req req = {0};

	if (d->intrusive_why && !policy_allows_intrusive(ctx->policy, c->id)) {
		long t0 = probe_now_ms();
		struct za_result *r = probe_begin(ctx, c, h, target);
		if (r) {
			result_skip(ctx->rs, r, "intrusive (%s): enable with intrusive_checks", d->intrusive_why);
			probe_end(ctx, r, t0);
		}
		return;
	}
	j = calloc(1, sizeof(*j));
	if (!j)
		return;
	j->ctx = ctx;
	j->def = d;
	j->t0 = probe_now_ms();
	j->r = probe_begin(ctx, c, h, target);
	if (!j->r) {
		free(j);
		return;
	}
	snprintf(j->url, sizeof(j->url), "%s%s", origin, d->path);
	req.url = j->url;
	req.pin_ip = pin_ip;
	req.connect_ms = connect_ms;
	req.timeout_ms = ctx->policy->transfer_ms + (connect_ms - ctx->policy->connect_ms);
	if (d->post_json) { /* sent exactly once, never retried */
		static const char *const json_hdr[] = {"Content-Type: application/json", NULL};
		req.method = "POST";
		req.body = d->post_json;
		req.headers = json_hdr;
	}
	if (engine_submit(eng, &req, on_leak_done, j) != ZA_OK) {
		result_status(ctx->rs, j->r, ZA_ERROR, "out of memory");
		free(j);
	}
}

void leaks_schedule(struct probe_ctx *ctx, struct engine *eng, const struct policy_host *h, const char *service,
                    const char *origin, const char *pin_ip, const char *target, const char *version, long connect_ms)
{
	if (strcmp(service, "grafana") == 0)
		grafana_version_check(ctx, h, target, version);
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		size_t n = tables[t].n ? *tables[t].n : sizeof(leaks) / sizeof(leaks[0]);
		for (size_t i = 0; i < n; i++)
			if (strcmp(tables[t].rows[i].service, service) == 0)
				schedule_one(ctx, eng, &tables[t].rows[i], h, origin, pin_ip, target, connect_ms);
	}
}
