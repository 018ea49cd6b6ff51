/*
 * readiness_grafana.c - Grafana seen through its API with the policy's
 * service-account token (readiness.grafana; role admin or host):
 *
 *   grafana.dashboards-visible  GET /api/search?type=dash-db lists every
 *                               dashboard readiness.grafana.dashboards names
 *                               (by title or uid): provisioned into Grafana,
 *                               not only on disk
 *   grafana.datasource-healthy  GET /api/datasources has a prometheus one, and
 *                               /api/datasources/uid/UID/health says "OK"
 *   grafana.dashboard-queries   GET /api/dashboards/uid/UID of each required
 *                               dashboard Grafana serves: no query uses ctype
 *
 * A Grafana that refuses the token is `error` naming the token (never
 * printed), as is any answer that is not Grafana's documented JSON.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grafprov.h"
#include "readiness.h"

struct dash_list {
	char (*uid)[128];
	char (*title)[256];
	size_t n, cap;
	int oom;
};

static void on_dash(void *arg, const char *uid, const char *title)
{
	struct dash_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap * 2 + 16;
		char(*u)[128] = realloc(l->uid, cap * sizeof(*u));
		char(*t)[256] = u ? realloc(l->title, cap * sizeof(*t)) : NULL;
		if (u)
			l->uid = u;
		if (!u || !t) {
			l->oom = 1;
			return;
		}
		l->title = t;
		l->cap = cap;
	}
	snprintf(l->uid[l->n], sizeof(l->uid[0]), "%s", uid);
	snprintf(l->title[l->n], sizeof(l->title[0]), "%s", title);
	l->n++;
}

/* The index of a required dashboard (title or uid) in l, or -1. */
static long find(const struct dash_list *l, const char *want)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->title[i], want) == 0 || strcmp(l->uid[i], want) == 0)
			return (long)i;
	return -1;
}

static int grafana_get(struct probe_ctx *ctx, const char *path, long also, struct http_resp *resp, char *why,
                       size_t whylen)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	const struct readiness_api api = {"Grafana", rd->grafana_url, rd->grafana_token, NULL, NULL};

	return readiness_get(ctx, &api, path, also, resp, why, whylen);
}

static void on_ctype(void *arg, const char *panel)
{
	(void)panel;
	(*(size_t *)arg)++;
}

/* grafana.dashboard-queries for the required dashboards Grafana lists. */
static void dashboard_queries(struct probe_ctx *ctx, const struct dash_list *l, const char *listed_why)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_GRAFANA_DASHBOARD_QUERIES), NULL, rd->grafana_url);
	size_t read = 0, bad = 0, unread = 0;

	if (!r)
		return;
	if (listed_why) {
		result_status(ctx->rs, r, ZA_ERROR, "%s", listed_why);
		probe_end(ctx, r, t0);
		return;
	}
	for (size_t i = 0; i < rd->ndashboards; i++) {
		long k = find(l, rd->dashboards[i]);
		char path[256], why[ZA_MAX_ERR + 64], err[ZA_MAX_ERR], title[256];
		struct http_resp resp;
		size_t ctype = 0;
		if (k < 0 || strpbrk(l->uid[k], "/?#%"))
			continue; /* not visible: grafana.dashboards-visible says so */
		snprintf(path, sizeof(path), "api/dashboards/uid/%s", l->uid[k]);
		if (grafana_get(ctx, path, 0, &resp, why, sizeof(why)) != 0) {
			unread++;
			result_evidence(ctx->rs, r, "http", l->uid[k], "%s", why);
			continue;
		}
		if (grafprov_dashboard(resp.body, resp.body_len, title, sizeof(title), on_ctype, &ctype, err,
		                       sizeof(err)) != ZA_OK) {
			unread++;
			result_evidence(ctx->rs, r, "dashboard", l->uid[k], "not read: %s", err);
		} else {
			read++;
		}
		if (ctype) {
			bad++;
			result_evidence(ctx->rs, r, "dashboard", l->uid[k], "'%s': %zu quer%s use ctype", l->title[k],
			                ctype, ctype == 1 ? "y" : "ies");
		}
		http_resp_free(&resp);
	}
	if (bad)
		result_status(ctx->rs, r, ZA_FAIL,
		              "%zu dashboard%s Grafana serves query by ctype (container_type is "
		              "canonical)",
		              bad, bad == 1 ? "" : "s");
	else if (unread)
		result_status(ctx->rs, r, ZA_ERROR, "%zu required dashboard%s could not be read", unread,
		              unread == 1 ? "" : "s");
	else if (!read)
		result_skip(ctx->rs, r, "no required dashboard is visible in Grafana (see grafana.dashboards-visible)");
	else
		result_status(ctx->rs, r, ZA_PASS,
		              "the %zu required dashboard%s Grafana serves query by canonical labels", read,
		              read == 1 ? "" : "s");
	probe_end(ctx, r, t0);
}

static void dashboards_visible(struct probe_ctx *ctx, struct dash_list *l, char *why, size_t whylen)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_GRAFANA_DASHBOARDS_VISIBLE), NULL, rd->grafana_url);
	struct http_resp resp;
	char err[ZA_MAX_ERR];
	size_t missing = 0;

	if (grafana_get(ctx, "api/search?type=dash-db&limit=5000", 0, &resp, why, whylen) == 0) {
		if (grafprov_api_list(resp.body, resp.body_len, "title", on_dash, l, err, sizeof(err)) != ZA_OK)
			snprintf(why, whylen, "the dashboard list: not Grafana's answer: %s", err);
		else if (l->oom)
			snprintf(why, whylen, "out of memory");
		http_resp_free(&resp);
	}
	if (!r)
		return;
	if (*why) {
		result_status(ctx->rs, r, ZA_ERROR, "%s", why);
	} else {
		for (size_t i = 0; i < rd->ndashboards; i++)
			if (find(l, rd->dashboards[i]) < 0 && missing++ < 8)
				result_evidence(ctx->rs, r, "dashboard", rd->dashboards[i],
				                "'%s' is not in Grafana's dashboard list", rd->dashboards[i]);
		if (missing)
			result_status(
			        ctx->rs, r, ZA_FAIL,
			        "%zu of %zu required dashboards are not visible in Grafana (%zu dashboards listed)",
			        missing, rd->ndashboards, l->n);
		else
			result_status(ctx->rs, r, ZA_PASS, "all %zu required dashboards are visible in Grafana",
			              rd->ndashboards);
	}
	probe_end(ctx, r, t0);
}

struct ds_pick {
	char uid[128];
};

static void on_ds(void *arg, const char *uid, const char *type)
{
	struct ds_pick *d = arg;

	if (!d->uid[0] && strcmp(type, "prometheus") == 0)
		snprintf(d->uid, sizeof(d->uid), "%s", uid);
}

static void datasource_healthy(struct probe_ctx *ctx)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_GRAFANA_DATASOURCE_HEALTHY), NULL, rd->grafana_url);
	struct http_resp resp;
	struct ds_pick d;
	char why[ZA_MAX_ERR + 64] = "", err[ZA_MAX_ERR], path[256], msg[256];
	int ok;

	if (!r)
		return;
	memset(&d, 0, sizeof(d));
	if (grafana_get(ctx, "api/datasources", 0, &resp, why, sizeof(why)) != 0) {
		result_status(ctx->rs, r, ZA_ERROR, "%s", why);
		goto out;
	}
	if (grafprov_api_list(resp.body, resp.body_len, "type", on_ds, &d, err, sizeof(err)) != ZA_OK) {
		result_status(ctx->rs, r, ZA_ERROR, "the datasource list: not Grafana's answer: %s", err);
		http_resp_free(&resp);
		goto out;
	}
	http_resp_free(&resp);
	if (!d.uid[0]) {
		result_status(ctx->rs, r, ZA_FAIL, "Grafana has no Prometheus datasource");
		goto out;
	}
	if (strpbrk(d.uid, "/?#%")) {
		result_status(ctx->rs, r, ZA_ERROR, "the datasource's uid cannot go into a URL path");
		goto out;
	}
	snprintf(path, sizeof(path), "api/datasources/uid/%s/health", d.uid);
	/* a failed health check is Grafana's 400 with "status": "ERROR": read, not refused */
	if (grafana_get(ctx, path, 400, &resp, why, sizeof(why)) != 0) {
		result_status(ctx->rs, r, ZA_ERROR, "%s", why);
		goto out;
	}
	if (grafprov_api_health(resp.body, resp.body_len, &ok, msg, sizeof(msg), err, sizeof(err)) != ZA_OK)
		result_status(ctx->rs, r, ZA_ERROR, "the health check: not Grafana's answer (%ld): %s", resp.status,
		              err);
	else if (!ok)
		result_status(ctx->rs, r, ZA_FAIL, "the Prometheus datasource '%s' is unhealthy: %s", d.uid, msg);
	else if (resp.status != 200) /* "OK" with a failure status: not Grafana's answer */
		result_status(ctx->rs, r, ZA_ERROR, "the health check answered %ld with status OK", resp.status);
	else
		result_status(ctx->rs, r, ZA_PASS, "the Prometheus datasource '%s' is healthy: %s", d.uid, msg);
	http_resp_free(&resp);
out:
	probe_end(ctx, r, t0);
}

void readiness_grafana_run(struct probe_ctx *ctx)
{
	struct dash_list l;
	char why[ZA_MAX_ERR + 64] = "";

	memset(&l, 0, sizeof(l));
	dashboards_visible(ctx, &l, why, sizeof(why));
	datasource_healthy(ctx);
	dashboard_queries(ctx, &l, *why ? why : NULL);
	free(l.uid);
	free(l.title);
}
