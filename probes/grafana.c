/*
 * grafana.c - the grafana family, Grafana seen over the network:
 *   grafana.auth-gate       Grafana's intended URL (grafana_run)
 *   grafana.anonymous       follow-ups of a Grafana the exposure family found
 *   grafana.metrics-public  (rows of grafana_followups, run by leaks.c)
 *   grafana.default-login
 *   grafana.version         (no request: the version the fingerprint read)
 * Grafana's files on the audited system are the host family's
 * (host_grafana.c).
 *
 * grafana.auth-gate: Grafana's intended URL (behind the authenticating
 * reverse proxy) must demand authentication from an untrusted vantage and
 * must not serve dashboards anonymously.
 *
 * Two read-only GETs without credentials, no redirects followed, TLS not
 * verified (nothing secret is sent; tls.certificate judges the certificate):
 *   GET <url>             401, or a redirect to a login or identity provider
 *                         page, passes; Grafana's boot data with
 *                         "anonymousEnabled":true fails
 *   GET <url>/api/search  401/403/3xx passes; 200 with a JSON array fails
 *                         (dashboards listed without credentials)
 * Anything else (5xx, unreachable, timeouts) is `error`.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "family.h"
#include "http.h"
#include "leaks.h"

static int login_redirect(const char *loc)
{
	static const char *const words[] = {"login", "auth", "sso", "saml", "signin", "openid", "oidc", NULL};
	char low[512];
	size_t i = 0;

	if (!loc)
		return 0;
	for (; loc[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)loc[i]);
	low[i] = '\0';
	for (size_t k = 0; words[k]; k++)
		if (strstr(low, words[k]))
			return 1;
	return 0;
}

static int get(struct probe_ctx *ctx, const char *url, struct http_resp *resp)
{
	long connect = ctx->connect_ms_used > 0 ? ctx->connect_ms_used : ctx->policy->connect_ms;

	return http_fetch(url, NULL, 0, NULL, connect, ctx->policy->transfer_ms, resp) == ZA_OK ? 0 : -1;
}

/* The JSON boolean after "key": in a page: 1 when any occurrence is true,
 * else 0 when one is false, -1 when none is a boolean. */
static int page_bool(const char *body, size_t len, const char *key)
{
	char k[64];
	const char *p = body;
	size_t kl = (size_t)snprintf(k, sizeof(k), "\"%s\"", key);
	int seen = -1;

	while (p && (size_t)(p - body) < len && (p = memmem(p, len - (size_t)(p - body), k, kl))) {
		size_t rest;
		p += kl;
		rest = len - (size_t)(p - body);
		while (rest && (*p == ' ' || *p == ':' || *p == '\t')) {
			p++;
			rest--;
		}
		if (rest >= 4 && memcmp(p, "true", 4) == 0)
			return 1;
		if (rest >= 5 && memcmp(p, "false", 5) == 0)
			seen = 0;
	}
	return seen;
}

static void an_grafana_anon(struct leak_job *j, const struct http_resp *resp)
{
	int anon;

	if (!leaks_answered(j, resp))
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
	if (!leaks_answered(j, resp))
		return;
	if (resp->status == 200 && memmem(resp->body, resp->body_len, "grafana_", 8))
		result_status(j->ctx->rs, j->r, ZA_FAIL, "Grafana's /metrics is public ([metrics] has no basic auth)");
	else if (resp->status == 401 || resp->status == 403 || resp->status == 404)
		result_status(j->ctx->rs, j->r, ZA_PASS, "/metrics answered %ld", resp->status);
	else
		result_status(j->ctx->rs, j->r, ZA_ERROR, "/metrics answered %ld without Grafana metrics",
		              resp->status);
}

static void an_grafana_login(struct leak_job *j, const struct http_resp *resp)
{
	if (!leaks_answered(j, resp))
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

int grafana_vulnerable(const char *version, const char **cve)
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

const struct leak_def grafana_followups[] = {
        {"grafana", CK_GRAFANA_ANONYMOUS, "/login", NULL, NULL, an_grafana_anon},
        {"grafana", CK_GRAFANA_METRICS_PUBLIC, "/metrics", NULL, NULL, an_grafana_metrics},
        {"grafana", CK_GRAFANA_DEFAULT_LOGIN, "/login", "{\"user\":\"admin\",\"password\":\"admin\"}",
         "one login attempt counts toward Grafana's lockout", an_grafana_login},
};
const size_t grafana_nfollowups = sizeof(grafana_followups) / sizeof(grafana_followups[0]);

void grafana_version_check(struct probe_ctx *ctx, const struct policy_host *h, const char *target, const char *version)
{
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_GRAFANA_VERSION), h, target);
	const char *cve = NULL;
	int vul = grafana_vulnerable(version, &cve);

	if (!r)
		return;
	if (vul < 0)
		result_skip(ctx->rs, r, "the version is hidden ([auth.anonymous] hide_version) or unknown");
	else if (vul)
		result_status(ctx->rs, r, ZA_FAIL, "Grafana %s is in the range of %s", version, cve);
	else
		result_status(ctx->rs, r, ZA_PASS, "Grafana %s is outside the known unauthenticated-access CVE ranges",
		              version);
	probe_end(ctx, r, t0);
}

void grafana_run(struct probe_ctx *ctx)
{
	const char *url = ctx->policy->grafana_url;
	struct http_resp root, search;
	struct za_result *r;
	char surl[ZA_MAX_URL + 32];
	size_t ul;
	long t0 = probe_now_ms();

	if (!url)
		return;
	r = probe_begin(ctx, check_get(CK_GRAFANA_AUTH_GATE), NULL, url);
	if (!r)
		return;
	ul = strlen(url);
	snprintf(surl, sizeof(surl), "%s%sapi/search", url, ul && url[ul - 1] == '/' ? "" : "/");
	memset(&root, 0, sizeof(root));
	memset(&search, 0, sizeof(search));
	if (get(ctx, url, &root) != 0 || get(ctx, surl, &search) != 0) {
		result_status(ctx->rs, r, ZA_ERROR, "out of memory");
		goto out;
	}
	result_evidence(ctx->rs, r, "http", url, "GET %s -> %s %ld%s%s%s%s", url, http_outcome_name(root.outcome),
	                root.status, root.www_authenticate ? ", WWW-Authenticate: " : "",
	                root.www_authenticate ? root.www_authenticate : "", root.location ? ", Location: " : "",
	                root.location ? root.location : "");
	result_evidence(ctx->rs, r, "http", surl, "GET %s -> %s %ld", surl, http_outcome_name(search.outcome),
	                search.status);
	if (root.outcome != HTTP_ANSWERED || search.outcome != HTTP_ANSWERED || search.incomplete ||
	    (root.status == 200 && (root.incomplete || root.body_truncated))) {
		result_status(
		        ctx->rs, r, ZA_ERROR, "could not reach Grafana's intended URL from this vantage: %s",
		        root.outcome == HTTP_ANSWERED && search.outcome == HTTP_ANSWERED && !search.incomplete
		                ? "the page was cut short or over the cap: its boot data not seen whole"
		                : http_outcome_name(root.outcome != HTTP_ANSWERED ? root.outcome : search.outcome));
	} else if (search.status == 200 && search.body_len && search.body[0] == '[') {
		result_status(ctx->rs, r, ZA_FAIL,
		              "dashboards are listed without credentials (GET /api/search -> 200)");
	} else if (root.status == 200 && page_bool(root.body, root.body_len, "anonymousEnabled") == 1) {
		result_status(ctx->rs, r, ZA_FAIL, "Grafana is served with anonymous access on");
	} else if ((root.status == 401 || (root.status >= 300 && root.status < 400 && login_redirect(root.location))) &&
	           (search.status == 401 || search.status == 403 || (search.status >= 300 && search.status < 400))) {
		result_status(ctx->rs, r, ZA_PASS, "authentication is demanded (%ld%s%s)", root.status,
		              root.location ? " to " : "", root.location ? root.location : "");
	} else if (root.status == 200 && (search.status == 401 || search.status == 403)) {
		result_status(ctx->rs, r, ZA_PASS, "Grafana's own login is in front (/api/search -> %ld)",
		              search.status);
	} else {
		result_status(ctx->rs, r, ZA_ERROR,
		              "unexpected answers (%ld, %ld): cannot tell whether authentication is "
		              "demanded",
		              root.status, search.status);
	}
out:
	http_resp_free(&root);
	http_resp_free(&search);
	probe_end(ctx, r, t0);
}
