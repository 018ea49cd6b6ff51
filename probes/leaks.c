/* leaks.c - see leaks.h. */
#define _GNU_SOURCE
#include "leaks.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "leakscan.h"

struct leak_job;
typedef void (*analyze_fn)(struct leak_job *j, const struct http_resp *resp);

struct leak_def {
	const char *service; /* fingerprint id, or "*" for every Go service */
	const char *check;
	const char *path;
	analyze_fn analyze;
};

struct leak_job {
	struct probe_ctx *ctx;
	struct za_result *r;
	char url[1024];
	long t0;
};

/* ---- analyzers ---- */

static int answered(struct leak_job *j, const struct http_resp *resp)
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

	if (!answered(j, resp))
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

	if (!answered(j, resp))
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

	if (!answered(j, resp))
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

	if (!answered(j, resp))
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

/* The JSON boolean after "key": in a page (1, 0, or -1 when absent). */
static int page_bool(const char *body, size_t len, const char *key)
{
	char k[64];
	const char *p;
	size_t kl, rest;

	kl = (size_t)snprintf(k, sizeof(k), "\"%s\"", key);
	p = memmem(body, len, k, kl);
	if (!p)
		return -1;
	p += kl;
	rest = len - (size_t)(p - body);
	while (rest && (*p == ' ' || *p == ':' || *p == '\t')) {
		p++;
		rest--;
	}
	if (rest >= 4 && memcmp(p, "true", 4) == 0)
		return 1;
	if (rest >= 5 && memcmp(p, "false", 5) == 0)
		return 0;
	return -1;
}

static void an_grafana_anon(struct leak_job *j, const struct http_resp *resp)
{
	int anon;

	if (!answered(j, resp))
		return;
	anon = resp->status == 200 ? page_bool(resp->body, resp->body_len, "anonymousEnabled") : -1;
	if (anon == 1)
		result_status(j->ctx->rs, j->r, ZA_FAIL,
		              "anonymous access is on (\"anonymousEnabled\":true in the login page's boot data): "
		              "dashboards are served without authentication");
	else if (anon == 0)
		result_status(j->ctx->rs, j->r, ZA_PASS, "anonymous access is off");
	else if (resp->status == 302 || resp->status == 401 || resp->status == 403)
		result_status(j->ctx->rs, j->r, ZA_PASS, "the login page itself demands authentication (%ld)",
		              resp->status);
	else
		result_status(j->ctx->rs, j->r, ZA_ERROR, "GET /login answered %ld without Grafana's boot data",
		              resp->status);
}

static void an_grafana_metrics(struct leak_job *j, const struct http_resp *resp)
{
	if (!answered(j, resp))
		return;
	if (resp->status == 200 && memmem(resp->body, resp->body_len, "grafana_", 8))
		result_status(j->ctx->rs, j->r, ZA_FAIL, "Grafana's /metrics is public ([metrics] has no basic auth)");
	else if (resp->status == 401 || resp->status == 403 || resp->status == 404)
		result_status(j->ctx->rs, j->r, ZA_PASS, "/metrics answered %ld", resp->status);
	else
		result_status(j->ctx->rs, j->r, ZA_ERROR, "/metrics answered %ld without Grafana metrics",
		              resp->status);
}

static void an_alloy_components(struct leak_job *j, const struct http_resp *resp)
{
	cJSON *d;

	if (!answered(j, resp))
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
	if (!answered(j, resp))
		return;
	if (resp->status == 200 && memmem(resp->body, resp->body_len, "Profile Descriptions", 20))
		result_status(
		        j->ctx->rs, j->r, ZA_FAIL,
		        "Go profiling is open at /debug/pprof/ (heap, goroutines, CPU profiles: an easy DoS and an "
		        "information leak)");
	else
		result_status(j->ctx->rs, j->r, ZA_PASS, "/debug/pprof/ answered %ld without profiles", resp->status);
}

static void an_grafana_login(struct leak_job *j, const struct http_resp *resp)
{
	if (!answered(j, resp))
		return;
	if (resp->status == 200 && memmem(resp->body, resp->body_len, "Logged in", 9))
		result_status(j->ctx->rs, j->r, ZA_FAIL,
		              "the default admin/admin login works: change the admin password");
	else if (resp->status == 401 || resp->status == 400 || resp->status == 403)
		result_status(j->ctx->rs, j->r, ZA_PASS, "the default admin/admin login is refused (%ld); tried once",
		              resp->status);
	else
		result_status(j->ctx->rs, j->r, ZA_ERROR, "POST /login answered %ld", resp->status);
}

static const struct leak_def leaks[] = {
        {"prometheus", "prometheus.config-secrets", "/api/v1/status/config", an_config},
        {"prometheus", "prometheus.targets-secrets", "/api/v1/targets", an_targets},
        {"prometheus", "prometheus.admin-api", "/api/v1/status/flags", an_flags},
        {"node_exporter", "node-exporter.uname", "/metrics", an_uname},
        {"grafana", "grafana.anonymous", "/login", an_grafana_anon},
        {"grafana", "grafana.metrics-public", "/metrics", an_grafana_metrics},
        {"grafana", "grafana.default-login", "/login", an_grafana_login},
        {"alloy", "alloy.components", "/api/v0/web/components", an_alloy_components},
        {"prometheus", "pprof.open", "/debug/pprof/", an_pprof},
        {"node_exporter", "pprof.open", "/debug/pprof/", an_pprof},
        {"alloy", "pprof.open", "/debug/pprof/", an_pprof},
        {"alertmanager", "pprof.open", "/debug/pprof/", an_pprof},
        {"pushgateway", "pprof.open", "/debug/pprof/", an_pprof},
};

static void on_leak_done(void *arg, struct http_resp *resp)
{
	struct leak_job *j = arg;
	const struct leak_def *d = NULL;

	for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++)
		if (strcmp(leaks[i].check, j->r->check->id) == 0)
			d = &leaks[i];
	if (d)
		d->analyze(j, resp);
	probe_end(j->ctx, j->r, j->t0);
	free(j);
}

/* Parse "8.3.0", "10.4.2", "v8.0.0-beta1" into numbers; -1 on failure. */
static int vparse(const char *v, int out[3])
{
	if (*v == 'v')
		v++;
	out[0] = out[1] = out[2] = 0;
	return sscanf(v, "%d.%d.%d", &out[0], &out[1], &out[2]) >= 2 ? 0 : -1;
}

static int vcmp(const int a[3], int x, int y, int z)
{
	if (a[0] != x)
		return a[0] < x ? -1 : 1;
	if (a[1] != y)
		return a[1] < y ? -1 : 1;
	if (a[2] != z)
		return a[2] < z ? -1 : 1;
	return 0;
}

int leaks_grafana_vulnerable(const char *version, const char **cve)
{
	int v[3];

	if (!version || vparse(version, v) != 0)
		return -1;
	/* CVE-2021-43798 (path traversal): 8.0.0-beta1 .. 8.3.0, fixed in 8.0.7, 8.1.8, 8.2.7, 8.3.1 */
	if (vcmp(v, 8, 0, 0) >= 0 && vcmp(v, 8, 3, 0) <= 0 &&
	    !((v[1] == 0 && v[2] >= 7) || (v[1] == 1 && v[2] >= 8) || (v[1] == 2 && v[2] >= 7))) {
		*cve = "CVE-2021-43798 (unauthenticated file read through plugin paths)";
		return 1;
	}
	/* CVE-2021-39226 (snapshots): up to 7.5.10, and 8.0.0 .. 8.1.5 */
	if (vcmp(v, 7, 5, 10) <= 0 || (vcmp(v, 8, 0, 0) >= 0 && vcmp(v, 8, 1, 5) <= 0)) {
		*cve = "CVE-2021-39226 (unauthenticated snapshot access)";
		return 1;
	}
	return 0;
}

void leaks_schedule(struct probe_ctx *ctx, struct engine *eng, const struct policy_host *h, const char *service,
                    const char *origin, const char *pin_ip, const char *target, const char *version, long connect_ms)
{
	if (strcmp(service, "grafana") == 0) {
		long t0 = probe_now_ms();
		struct za_result *r = probe_begin(ctx, checks_find("grafana.version"), h, target);
		const char *cve = NULL;
		int vul = leaks_grafana_vulnerable(version, &cve);
		if (r) {
			if (vul < 0)
				result_skip(ctx->rs, r,
				            "the version is hidden ([auth.anonymous] hide_version) or unknown");
			else if (vul)
				result_status(ctx->rs, r, ZA_FAIL, "Grafana %s is in the range of %s", version, cve);
			else
				result_status(ctx->rs, r, ZA_PASS,
				              "Grafana %s is outside the known unauthenticated-access "
				              "CVE ranges",
				              version);
			probe_end(ctx, r, t0);
		}
	}
	for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++) {
		struct leak_job *j;
		struct http_req req = {0};

		if (strcmp(leaks[i].service, service) != 0)
			continue;
		if (strcmp(leaks[i].check, "grafana.default-login") == 0 &&
		    !policy_allows_intrusive(ctx->policy, leaks[i].check)) {
			long t0 = probe_now_ms();
			struct za_result *r = probe_begin(ctx, checks_find(leaks[i].check), h, target);
			if (r) {
				result_skip(ctx->rs, r,
				            "intrusive (one login attempt counts toward Grafana's lockout): "
				            "enable with intrusive_checks");
				probe_end(ctx, r, t0);
			}
			continue;
		}
		j = calloc(1, sizeof(*j));
		if (!j)
			return;
		j->ctx = ctx;
		j->t0 = probe_now_ms();
		j->r = probe_begin(ctx, checks_find(leaks[i].check), h, target);
		if (!j->r) {
			free(j);
			continue;
		}
		snprintf(j->url, sizeof(j->url), "%s%s", origin, leaks[i].path);
		req.url = j->url;
		req.pin_ip = pin_ip;
		req.connect_ms = connect_ms;
		req.timeout_ms = ctx->policy->transfer_ms + (connect_ms - ctx->policy->connect_ms);
		if (strcmp(leaks[i].check, "grafana.default-login") == 0) {
			/* exactly one attempt, never retried: Grafana locks an account after 5 failures */
			static const char *const json_hdr[] = {"Content-Type: application/json", NULL};
			req.method = "POST";
			req.body = "{\"user\":\"admin\",\"password\":\"admin\"}";
			req.headers = json_hdr;
		}
		if (engine_submit(eng, &req, on_leak_done, j) != ZA_OK) {
			result_status(ctx->rs, j->r, ZA_ERROR, "out of memory");
			free(j);
		}
	}
}
