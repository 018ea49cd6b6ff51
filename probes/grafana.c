/*
 * grafana.c - grafana.auth-gate: Grafana's intended URL (behind the
 * authenticating reverse proxy) must demand authentication from an untrusted
 * vantage and must not serve dashboards anonymously.
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

#include "http.h"
#include "family.h"

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
	struct http_req req = {0};
	char host[256], ip[64], err[ZA_MAX_ERR];
	const char *p = strstr(url, "://");
	size_t n;

	if (!p)
		return -1;
	p += 3;
	n = strcspn(p, ":/?#");
	if (*p == '[') {
		p++;
		n = strcspn(p, "]");
	}
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, p, n);
	host[n] = '\0';
	if (http_resolve(host, ip, sizeof(ip), err, sizeof(err)) != ZA_OK) {
		http_fail_resp(resp, HTTP_DNS, err);
		return 0;
	}
	req.url = url;
	req.pin_ip = strcmp(ip, host) == 0 ? NULL : ip;
	req.connect_ms = ctx->connect_ms_used > 0 ? ctx->connect_ms_used : ctx->policy->connect_ms;
	req.timeout_ms = ctx->policy->transfer_ms;
	return http_run(&req, resp) == ZA_OK ? 0 : -1;
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
	r = probe_begin(ctx, checks_find("grafana.auth-gate"), NULL, url);
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
	if (root.outcome != HTTP_ANSWERED || search.outcome != HTTP_ANSWERED || search.incomplete) {
		result_status(ctx->rs, r, ZA_ERROR, "could not reach Grafana's intended URL from this vantage: %s",
		              http_outcome_name(root.outcome != HTTP_ANSWERED ? root.outcome : search.outcome));
	} else if (search.status == 200 && search.body_len && search.body[0] == '[') {
		result_status(ctx->rs, r, ZA_FAIL,
		              "dashboards are listed without credentials (GET /api/search -> 200)");
	} else if (root.status == 200 && memmem(root.body, root.body_len, "\"anonymousEnabled\":true", 23)) {
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
