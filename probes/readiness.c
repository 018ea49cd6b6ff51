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
 *   alerts.discovery-sync-failed, alerts.file-sd-stale, alerts.target-down,
 *   alerts.discovery-endpoint-down
 *                    GET /api/v1/rules: an alerting rule whose expression
 *                    has the shape readiness.alerts gives (a selector of each
 *                    metric, with each label matcher) is loaded, and it can
 *                    fire: GET /api/v1/query?query=count(<selector>) finds
 *                    series now (Prometheus's clock) for every selector of it, and the
 *                    series of the named metrics carry the labels of "by",
 *                    which no aggregation around them drops (an
 *                    alert on a metric nobody exports, or grouped by a label
 *                    the series lack, never fires)
 *
 *   prometheus.deleted-targets
 *                    (readiness.discovery) every game/dev vmid Prometheus
 *                    scrapes (GET /api/v1/targets, as the livetargets family
 *                    read it this run) is one that discovery endpoint, asked
 *                    with the real token in this scan, lists as active and
 *                    does not mark gone (labels.inactive): a deleted
 *                    container is still scraped otherwise
 *
 * A Prometheus that does not answer, answers 401/403 to the token, or answers
 * anything but the documented JSON is `error`, never `pass`; the token is
 * never printed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "family.h"
#include "http.h"
#include "labels.h"
#include "promapi.h"
#include "promql.h"
#include "readiness.h"
#include "secret.h"

int readiness_get(struct probe_ctx *ctx, const struct readiness_api *api, const char *path, long also,
                  struct http_resp *resp, char *why, size_t whylen)
{
	const struct policy *p = ctx->policy;
	const char *token = api->token, *what = api->what, *hdrs[3] = {NULL, NULL, NULL};
	char *url = NULL, tenant[1100], *auth;
	size_t ul = strlen(api->base), nh = 0;
	struct http_req req = {0};
	int ok = 0;

	memset(resp, 0, sizeof(*resp));
	/* a query's URL grows with the rule it asks about: built whole, never cut */
	if (asprintf(&url, "%s%s%s", api->base, ul && api->base[ul - 1] == '/' ? "" : "/", path) < 0) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	auth = probe_auth_for(ctx, url, token, why, whylen);
	if (auth)
		hdrs[nh++] = auth;
	if (api->tenant) { /* checked by the policy loader: no CR, LF or colon */
		snprintf(tenant, sizeof(tenant), "X-Scope-OrgID: %s", api->tenant);
		hdrs[nh++] = tenant;
	}
	req.url = url;
	req.headers = hdrs;
	req.connect_ms = p->connect_ms;
	req.timeout_ms = p->transfer_ms;
	req.verify_tls = http_url_is_https(url);
	req.ca_file = p->tls_ca_file;
	req.max_body = p->answer_max;
	if (token && !auth) {
		/* why says it */
	} else if (http_get(&req, resp) != ZA_OK)
		snprintf(why, whylen, "out of memory");
	else if (resp->outcome != HTTP_ANSWERED)
		snprintf(why, whylen, "could not ask %s: %s%s%.300s", what, http_outcome_name(resp->outcome),
		         resp->detail[0] ? ": " : "", resp->detail);
	else if ((resp->status == 401 || resp->status == 403) && token)
		snprintf(why, whylen, "%s refused the token '%s' from %.300s (%ld%s)", what, token,
		         policy_token_path(p, token) ? policy_token_path(p, token) : "?", resp->status,
		         resp->status == 403 ? ": valid, but without the permission this question needs" : "");
	else if (resp->status == 401 || resp->status == 403)
		snprintf(why, whylen, "%s refused a request without a token (%ld): name one in the policy%s", what,
		         resp->status, api->hint ? api->hint : "");
	else if ((resp->status != 200 && resp->status != also) || resp->incomplete || resp->body_truncated)
		snprintf(why, whylen, "%s answered %ld%s", what, resp->status,
		         resp->incomplete || resp->body_truncated ? ", cut short or over the cap" : "");
	else
		ok = 1;
	secret_wipe_free(auth);
	free(url);
	if (!ok)
		http_resp_free(resp);
	return ok ? 0 : -1;
}

static int fetch_api(struct probe_ctx *ctx, const char *path, struct http_resp *resp, char *why, size_t whylen)
{
	const struct readiness_api api = {"Prometheus", ctx->policy->prometheus_url, ctx->policy->prometheus_token,
	                                  NULL, NULL};

	return readiness_get(ctx, &api, path, 0, resp, why, whylen);
}

/* fetch_api(), its failure recorded on r as an error. */
static int ask(struct probe_ctx *ctx, struct za_result *r, const char *path, struct http_resp *resp)
{
	char why[ZA_MAX_ERR + 64];

	if (fetch_api(ctx, path, resp, why, sizeof(why)) == 0)
		return 0;
	result_status(ctx->rs, r, ZA_ERROR, "%s", why);
	return -1;
}

/* What the Alertmanagers Prometheus lists as active say to this vantage. */
struct am_asked {
	struct probe_ctx *ctx;
	struct za_result *r;
	int same_host;             /* this vantage shares Prometheus's loopback */
	size_t asked, ready, dead; /* dead: refused on that loopback: nothing listens */
	size_t notready;           /* answered, but not 200 (starting, broken, another service) */
};

/* GET <the Alertmanager's origin and prefix>/-/ready, never with a token:
 * asked only where this vantage's view of the address is Prometheus's
 * (role host, or an address that is not loopback). */
static void on_alertmanager(void *arg, const char *url)
{
	struct am_asked *a = arg;
	const struct policy *p = a->ctx->policy;
	struct http_url u;
	struct http_resp resp;
	char ready[ZA_MAX_URL + 16];
	const char *api = strstr(url, "/api/v");
	int loop;

	if (http_url_parse(url, &u) != 0 || !api) {
		result_evidence(a->ctx->rs, a->r, "alertmanager", url, "listed active; not a URL this check can ask");
		return;
	}
	/* a loopback address is this vantage's own only where Prometheus is too:
	 * role host, reaching Prometheus over loopback (not a container's) */
	loop = http_addr_is_loopback(u.host);
	if (loop && !a->same_host) {
		result_evidence(a->ctx->rs, a->r, "alertmanager", url,
		                "listed active; on the Prometheus host's loopback, not asked from this vantage");
		return;
	}
	snprintf(ready, sizeof(ready), "%.*s/-/ready", (int)(api - url), url);
	a->asked++;
	if (http_fetch(ready, NULL, http_url_is_https(ready), p->tls_ca_file, p->connect_ms, p->transfer_ms, &resp) !=
	    ZA_OK) {
		result_evidence(a->ctx->rs, a->r, "alertmanager", url, "out of memory");
		return;
	}
	if (resp.outcome == HTTP_ANSWERED && resp.status == 200) {
		a->ready++;
		result_evidence(a->ctx->rs, a->r, "alertmanager", url, "listed active; /-/ready answers 200");
	} else {
		a->dead += loop && resp.outcome == HTTP_REFUSED;
		a->notready += resp.outcome == HTTP_ANSWERED;
		result_evidence(a->ctx->rs, a->r, "alertmanager", url, "listed active; /-/ready: %s %ld",
		                http_outcome_name(resp.outcome), resp.status);
	}
	http_resp_free(&resp);
}

static void alerts_delivery(struct probe_ctx *ctx)
{
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_ALERTS_DELIVERY), NULL, ctx->policy->prometheus_url);
	struct http_resp resp;
	char err[ZA_MAX_ERR];
	size_t active = 0;
	struct am_asked a = {ctx, r, 0, 0, 0, 0, 0};
	char phost[256];

	if (!r)
		return;
	a.same_host = ctx->role == ZA_ROLE_HOST &&
	              http_url_host(ctx->policy->prometheus_url, phost, sizeof(phost)) == 0 &&
	              http_addr_is_loopback(phost);
	if (ask(ctx, r, "api/v1/alertmanagers", &resp) == 0) {
		if (promapi_alertmanagers(resp.body, resp.body_len, &active, on_alertmanager, &a, err, sizeof(err)) !=
		    ZA_OK)
			result_status(ctx->rs, r, ZA_ERROR, "not Prometheus's answer: %s", err);
		else if (!active)
			result_status(ctx->rs, r, ZA_FAIL,
			              "no active Alertmanager: the required alerts would fire and reach no one");
		else if (!a.ready && a.dead && a.dead == active)
			result_status(
			        ctx->rs, r, ZA_FAIL,
			        "Prometheus lists %zu active Alertmanager%s, but nothing listens there on this host: "
			        "the required alerts would reach no one",
			        active, active == 1 ? "" : "s");
		else if (!a.ready && a.notready && a.notready + a.dead == active)
			result_status(ctx->rs, r, ZA_ERROR,
			              "Prometheus lists %zu active Alertmanager%s, but none says it is ready (see the "
			              "evidence)",
			              active, active == 1 ? "" : "s");
		else
			result_status(ctx->rs, r, ZA_PASS, "%zu active Alertmanager%s%s", active,
			              active == 1 ? "" : "s", a.ready ? " (one answers /-/ready)" : "");
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
		else if (v.min < -60.0) /* milliseconds, or a clock far ahead: not a Unix time in seconds */
			result_status(ctx->rs, r, ZA_ERROR,
			              "%s lies %.0f s in the future: not a last-success Unix time in seconds",
			              rd->sync_metric, -v.min);
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

/* ---- required alerts ---- */

struct rule {
	char *name, *query;
	char health[16];
	char error[256];
};

struct rules {
	struct rule *v;
	size_t n, cap;
	int oom;
};

static void on_rule(void *arg, const char *name, const char *query, const char *health, const char *error)
{
	struct rules *rl = arg;
	struct rule *nv;

	if (rl->n == rl->cap) {
		nv = realloc(rl->v, (rl->cap * 2 + 8) * sizeof(*nv));
		if (!nv) {
			rl->oom = 1;
			return;
		}
		rl->v = nv;
		rl->cap = rl->cap * 2 + 8;
	}
	rl->v[rl->n].name = strdup(name);
	rl->v[rl->n].query = strdup(query);
	snprintf(rl->v[rl->n].health, sizeof(rl->v[0].health), "%s", health);
	snprintf(rl->v[rl->n].error, sizeof(rl->v[0].error), "%s", error);
	if (!rl->v[rl->n].name || !rl->v[rl->n].query) {
		free(rl->v[rl->n].name);
		free(rl->v[rl->n].query);
		rl->oom = 1;
		return;
	}
	rl->n++;
}

static void rules_free(struct rules *rl)
{
	for (size_t i = 0; i < rl->n; i++) {
		free(rl->v[i].name);
		free(rl->v[i].query);
	}
	free(rl->v);
}

static int has_metric(const struct policy_alert *pa, const char *metric)
{
	for (size_t i = 0; i < pa->nmetrics; i++)
		if (strcmp(pa->metrics[i], metric) == 0)
			return 1;
	return 0;
}

/* Every metric of the shape has a selector with every matcher of it. */
static int shape_matches(const struct policy_alert *pa, const struct promql_selector *s, size_t n)
{
	for (size_t m = 0; m < pa->nmetrics; m++) {
		int found = 0;
		for (size_t i = 0; i < n && !found; i++) {
			size_t have = 0;
			if (strcmp(s[i].metric, pa->metrics[m]) != 0)
				continue;
			for (size_t k = 0; k < pa->nmatchers; k++)
				for (size_t j = 0; j < s[i].nm; j++)
					if (strcmp(s[i].m[j].name, pa->matchers[k].key) == 0 &&
					    strcmp(s[i].m[j].op, "=") == 0 &&
					    strcmp(s[i].m[j].value, pa->matchers[k].value) == 0) {
						have++;
						break;
					}
			found = have == pa->nmatchers;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* The shape in words: up{job="zlh-targets"}, zlh_sync_seconds. */
static void shape_text(const struct policy_alert *pa, char *out, size_t outlen)
{
	size_t o = 0;

	*out = '\0';
	for (size_t m = 0; m < pa->nmetrics && o < outlen; m++) {
		o += (size_t)snprintf(out + o, outlen - o, "%s%s", m ? ", " : "", pa->metrics[m]);
		for (size_t k = 0; k < pa->nmatchers && o < outlen; k++)
			o += (size_t)snprintf(out + o, outlen - o, "%s%s=\"%s\"%s", k ? "," : "{", pa->matchers[k].key,
			                      pa->matchers[k].value, k + 1 == pa->nmatchers ? "}" : "");
	}
}

/* How many series sel selects now: GET /api/v1/query?query=count(sel),
 * evaluated at Prometheus's own time (a series counts while its last sample
 * is within the lookback, 5 minutes by default). 0 with *count, or -1 with
 * why. */
static int count_series(struct probe_ctx *ctx, const char *sel, size_t *count, char *why, size_t whylen)
{
	char *q, *esc, *path, err[ZA_MAX_ERR] = "";
	struct http_resp resp;
	struct promapi_vector v;
	int rc = -1;

	if (asprintf(&q, "count(%s)", sel) < 0) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	esc = http_query_escape(q);
	free(q);
	if (!esc) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	if (asprintf(&path, "api/v1/query?query=%s", esc) < 0)
		path = NULL;
	free(esc);
	if (!path) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	rc = fetch_api(ctx, path, &resp, why, whylen);
	free(path);
	if (rc != 0)
		return -1;
	rc = -1;
	if (promapi_vector(resp.body, resp.body_len, &v, err, sizeof(err)) != ZA_OK || v.bad || v.series > 1 ||
	    (v.series && v.min < 0))
		snprintf(why, whylen, "count(%.300s): not Prometheus's answer%s%s", sel, *err ? ": " : "", err);
	else {
		*count = v.series ? (size_t)v.max : 0;
		rc = 0;
	}
	http_resp_free(&resp);
	return rc;
}

/* Can the rule fire: its health is not "err", every selector of a metric
 * the shape names selects series now (the others - the right side of an
 * unless, an or - need none: evidence only), and those series carry the
 * "by" labels. 1 yes, 0 no, -1 could not tell; why says which. */
static int can_fire(struct probe_ctx *ctx, struct za_result *r, const struct policy_alert *pa, const struct rule *rule,
                    const struct promql_selector *s, size_t n, char *why, size_t whylen)
{
	if (strcmp(rule->health, "err") == 0) {
		snprintf(why, whylen, "the rule '%s' is broken (health err: %.300s)", rule->name, rule->error);
		return 0;
	}
	/* the alert's own series must keep the labels it is to report by */
	for (size_t k = 0; k < pa->nby; k++) {
		char how[ZA_MAX_ERR];
		int keeps = promql_result_keeps(rule->query, pa->by[k], how, sizeof(how));
		if (keeps < 0) {
			snprintf(why, whylen, "the rule '%s': its expression could not be read (%s)", rule->name, how);
			return -1;
		}
		if (!keeps) {
			snprintf(why, whylen, "the rule '%s' cannot report by %s: %s drops it", rule->name, pa->by[k],
			         how);
			return 0;
		}
	}
	for (size_t i = 0; i < n; i++) {
		char narrow[sizeof(s[0].text) + ZA_MAX_POLICY_ITEMS];
		size_t series = 0, labelled = 0;
		int named = has_metric(pa, s[i].metric);
		if (count_series(ctx, s[i].text, &series, why, whylen) != 0)
			return -1;
		result_evidence(ctx->rs, r, "query", s[i].text, "rule '%s': %zu series now", rule->name, series);
		if (named && series && pa->nby) {
			if (promql_require_labels(s[i].text, (const char *const *)pa->by, pa->nby, narrow,
			                          sizeof(narrow)) != ZA_OK) {
				snprintf(why, whylen, "%.300s with the by labels is over this scanner's cap",
				         s[i].text);
				return -1;
			}
			if (count_series(ctx, narrow, &labelled, why, whylen) != 0)
				return -1;
		}
		if (!named)
			continue; /* not the alert's subject: it may be absent and the alert still fire */
		if (!series) {
			snprintf(why, whylen, "the rule '%s' can never fire: %.300s matches no series", rule->name,
			         s[i].text);
			return 0;
		}
		if (pa->nby && !labelled) {
			snprintf(why, whylen, "the rule '%s' cannot report by %s%s: no series of %.300s carries %s",
			         rule->name, pa->by[0], pa->nby > 1 ? " and the others" : "", s[i].text,
			         pa->nby > 1 ? "all of those labels" : "it");
			return 0;
		}
	}
	return 1;
}

/* The required alerts this family decides (the policy names which apply). */
static const enum check_id alert_checks[] = {CK_ALERTS_DISCOVERY_SYNC_FAILED, CK_ALERTS_FILE_SD_STALE,
                                             CK_ALERTS_TARGET_DOWN, CK_ALERTS_DISCOVERY_ENDPOINT_DOWN};

static int alert_check_known(enum check_id id)
{
	for (size_t i = 0; i < sizeof(alert_checks) / sizeof(alert_checks[0]); i++)
		if (alert_checks[i] == id)
			return 1;
	return 0;
}

static void alert_check(struct probe_ctx *ctx, const struct policy_alert *pa, const struct rules *rl,
                        const char *rules_error)
{
	static struct promql_selector sel[ZA_MAX_PROMQL_SELECTORS];
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(pa->check), NULL, "alert rules");
	char shape[512], err[ZA_MAX_ERR], first_fail[ZA_MAX_ERR + 400] = "", first_error[ZA_MAX_ERR + 400] = "";
	size_t unread = 0, matched = 0;

	if (!r)
		return;
	shape_text(pa, shape, sizeof(shape));
	if (rules_error) {
		result_status(ctx->rs, r, ZA_ERROR, "%s", rules_error);
		probe_end(ctx, r, t0);
		return;
	}
	for (size_t i = 0; i < rl->n; i++) {
		size_t n = 0;
		char why[ZA_MAX_ERR + 400];
		int rc;
		if (promql_selectors(rl->v[i].query, sel, ZA_MAX_PROMQL_SELECTORS, &n, err, sizeof(err)) != ZA_OK) {
			unread++;
			result_evidence(ctx->rs, r, "rule", rl->v[i].name, "expression not read: %s", err);
			continue;
		}
		if (!shape_matches(pa, sel, n))
			continue;
		matched++;
		result_evidence(ctx->rs, r, "rule", rl->v[i].name, "loaded, selects %s", shape);
		rc = can_fire(ctx, r, pa, &rl->v[i], sel, n, why, sizeof(why));
		if (rc == 1) { /* one rule that can fire is enough */
			result_status(ctx->rs, r, ZA_PASS, "the rule '%s' is loaded and can fire", rl->v[i].name);
			probe_end(ctx, r, t0);
			return;
		}
		if (rc < 0 && !*first_error)
			snprintf(first_error, sizeof(first_error), "%s", why);
		else if (rc == 0 && !*first_fail)
			snprintf(first_fail, sizeof(first_fail), "%s", why);
	}
	if (*first_error) /* a rule that could not be judged might be the one that fires */
		result_status(ctx->rs, r, ZA_ERROR, "%s", first_error);
	else if (matched)
		result_status(ctx->rs, r, ZA_FAIL, "%s", first_fail);
	else if (unread) /* the rule could be among those not read */
		result_status(ctx->rs, r, ZA_ERROR,
		              "no rule read selects %s, and %zu rule expressions could not be read", shape, unread);
	else
		result_status(ctx->rs, r, ZA_FAIL, "no loaded alerting rule selects %s (%zu alerting rules loaded)",
		              shape, rl->n);
	probe_end(ctx, r, t0);
}

static void alerts_loaded(struct probe_ctx *ctx)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	struct rules rl;
	struct http_resp resp;
	char why[ZA_MAX_ERR + 64] = "", err[ZA_MAX_ERR];
	size_t n = 0;

	memset(&rl, 0, sizeof(rl));
	/* one GET for every alert check; its failure, if any, is each one's error */
	if (fetch_api(ctx, "api/v1/rules?type=alert&exclude_alerts=true", &resp, why, sizeof(why)) == 0) {
		if (promapi_rules(resp.body, resp.body_len, on_rule, &rl, &n, err, sizeof(err)) != ZA_OK)
			snprintf(why, sizeof(why), "the rules: not Prometheus's answer: %s", err);
		else if (rl.oom)
			snprintf(why, sizeof(why), "out of memory reading the rules");
		http_resp_free(&resp);
	}
	for (size_t i = 0; i < rd->nalerts; i++) {
		if (!alert_check_known(rd->alerts[i].check)) {
			ctx->rs->internal = 1; /* the policy loader let another check through: a bug */
			continue;
		}
		alert_check(ctx, &rd->alerts[i], &rl, *why ? why : NULL);
	}
	rules_free(&rl);
}

/* prometheus.deleted-targets: the live targets the livetargets family read
 * (ctx->live) against the active set the discovery endpoint gave this scan. */
static void deleted_targets(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;
	const char *name = p->readiness.discovery;
	const struct sd_doc *active = probe_active(ctx, name), *live = ctx->live_read ? &ctx->live : NULL;
	long t0 = probe_now_ms();
	char url[ZA_MAX_URL + 64];
	struct za_result *r;
	size_t stale = 0, judged = 0, *idx = NULL;

	snprintf(url, sizeof(url), "%s%sapi/v1/targets", p->prometheus_url,
	         p->prometheus_url[strlen(p->prometheus_url) - 1] == '/' ? "" : "/");
	r = probe_begin(ctx, check_get(CK_PROMETHEUS_DELETED_TARGETS), NULL, url);

	if (!r)
		return;
	if (!live) {
		result_status(ctx->rs, r, ZA_ERROR, "the live targets could not be read (see prometheus.targets-down)");
	} else if (!active) {
		result_status(ctx->rs, r, ZA_ERROR,
		              "discovery endpoint '%s' gave this scan no target list with the real token (see "
		              "discovery.token-accepted): nothing to compare with",
		              name);
	} else if (!(idx = sd_sorted_by(active, "vmid")) && active->ng) {
		result_status(ctx->rs, r, ZA_ERROR, "out of memory");
	} else {
		for (size_t i = 0; i < live->ng; i++) {
			const char *vmid = sd_label(&live->g[i], "vmid");
			int listed = 0;
			long k;
			if (!vmid)
				continue; /* labels.required judges a target without vmid */
			judged++;
			/* a group the answer itself marks deleted or stopped is not active */
			k = idx ? sd_sorted_find(active, idx, "vmid", vmid) : -1;
			for (; k >= 0 && (size_t)k < active->ng && !listed; k++) {
				const struct sd_group *ag = &active->g[idx[k]];
				if (strcmp(sd_label(ag, "vmid"), vmid) != 0)
					break;
				listed = !labels_inactive(&ctx->policy->labels, ag);
			}
			if (listed)
				continue;
			if (stale++ < 8) {
				const char *ct = sd_label(&live->g[i], "container_type");
				result_evidence(
				        ctx->rs, r, "target", live->g[i].ntargets ? live->g[i].targets[0] : NULL,
				        "vmid %s (container_type %s) is scraped, but '%s' does not list it as active",
				        vmid, ct ? ct : "?", name);
			}
		}
		if (stale)
			result_status(ctx->rs, r, ZA_FAIL,
			              "%zu of %zu scraped game/dev targets are containers discovery no longer lists: "
			              "deleted containers must disappear from Prometheus",
			              stale, judged);
		else
			result_status(ctx->rs, r, ZA_PASS, "all %zu scraped game/dev vmids are active in '%s'", judged,
			              name);
	}
	free(idx);
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
	if (p->readiness.nalerts)
		alerts_loaded(ctx);
	if (p->readiness.discovery)
		deleted_targets(ctx);
	if (p->readiness.grafana_url)
		readiness_grafana_run(ctx);
	if (p->readiness.nsources)
		readiness_logs_run(ctx);
}
