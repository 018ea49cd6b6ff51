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
 *                               for every one of them
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

/* Is the listed dashboard k a required one (by title or uid)? */
static int required(const struct policy_readiness *rd, const struct dash_list *l, size_t k)
{
	for (size_t i = 0; i < rd->ndashboards; i++)
		if (strcmp(l->title[k], rd->dashboards[i]) == 0 || strcmp(l->uid[k], rd->dashboards[i]) == 0)
			return 1;
	return 0;
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

/* grafana.dashboard-queries for every dashboard Grafana lists under a
 * required title or uid (two folders may hold one title: both are judged). */
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
	for (size_t k = 0; k < l->n; k++) {
		char path[256], why[ZA_MAX_ERR + 64], err[ZA_MAX_ERR], title[256];
		struct http_resp resp;
		size_t ctype = 0;
		if (!required(rd, l, k))
			continue;
		if (strpbrk(l->uid[k], "/?#%")) {
			unread++;
			result_evidence(ctx->rs, r, "dashboard", l->title[k], "its uid cannot go into a URL path");
			continue;
		}
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
			result_evidence(ctx->rs, r, "dashboard", l->uid[k], "'%s' (uid %s): %zu quer%s ctype",
			                l->title[k], l->uid[k], ctype, ctype == 1 ? "y uses" : "ies use");
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

	/* page by page (Grafana answers at most 5000 a page): a copy of a
	 * required title on a later page is judged too */
	for (size_t page = 1; !*why; page++) {
		char path[96];
		size_t before = l->n;
		if (page > ZA_MAX_GRAFANA_PAGES) {
			snprintf(why, whylen, "Grafana lists more than %u pages of 1000 dashboards: not read whole",
			         ZA_MAX_GRAFANA_PAGES);
			break;
		}
		snprintf(path, sizeof(path), "api/search?type=dash-db&limit=1000&page=%zu", page);
		if (grafana_get(ctx, path, 0, &resp, why, whylen) != 0)
			break;
		if (grafprov_api_list(resp.body, resp.body_len, "title", on_dash, l, err, sizeof(err)) != ZA_OK)
			snprintf(why, whylen, "the dashboard list: not Grafana's answer: %s", err);
		else if (l->oom)
			snprintf(why, whylen, "out of memory");
		http_resp_free(&resp);
		if (l->n - before < 1000)
			break; /* the last page */
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

struct ds_list {
	char (*uid)[128];
	size_t n, cap, other;
	int oom;
};

static void on_ds(void *arg, const char *uid, const char *type)
{
	struct ds_list *d = arg;

	if (strcmp(type, "prometheus") != 0) {
		d->other++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap * 2 + 4;
		char(*u)[128] = realloc(d->uid, cap * sizeof(*u));
		if (!u) {
			d->oom = 1;
			return;
		}
		d->uid = u;
		d->cap = cap;
	}
	snprintf(d->uid[d->n++], sizeof(d->uid[0]), "%s", uid);
}

/* The health check of one datasource: 1 healthy, 0 not, -1 could not tell
 * (why says it, or the reason it is unhealthy). */
static int ds_health(struct probe_ctx *ctx, const char *uid, char *why, size_t whylen)
{
	struct http_resp resp;
	char path[256], err[ZA_MAX_ERR], msg[256];
	int ok, rc;

	if (strpbrk(uid, "/?#%")) {
		snprintf(why, whylen, "its uid cannot go into a URL path");
		return -1;
	}
	snprintf(path, sizeof(path), "api/datasources/uid/%s/health", uid);
	/* a failed health check is Grafana's 400 with "status": "ERROR": read, not refused */
	if (grafana_get(ctx, path, 400, &resp, why, whylen) != 0)
		return -1;
	if (grafprov_api_health(resp.body, resp.body_len, &ok, msg, sizeof(msg), err, sizeof(err)) != ZA_OK) {
		snprintf(why, whylen, "the health check: not Grafana's answer (%ld): %s", resp.status, err);
		rc = -1;
	} else if (!ok) {
		snprintf(why, whylen, "%s", msg);
		rc = 0;
	} else if (resp.status != 200) { /* "OK" with a failure status: not Grafana's answer */
		snprintf(why, whylen, "the health check answered %ld with status OK", resp.status);
		rc = -1;
	} else {
		snprintf(why, whylen, "%s", msg);
		rc = 1;
	}
	http_resp_free(&resp);
	return rc;
}

/* Every Prometheus datasource Grafana has must pass Grafana's own health
 * check: a dashboard on a broken one shows nothing when a launch needs it. */
static void datasource_healthy(struct probe_ctx *ctx)
{
	const struct policy_readiness *rd = &ctx->policy->readiness;
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(CK_GRAFANA_DATASOURCE_HEALTHY), NULL, rd->grafana_url);
	struct http_resp resp;
	struct ds_list d;
	char why[ZA_MAX_ERR + 64] = "", err[ZA_MAX_ERR], first[ZA_MAX_ERR + 256] = "";
	size_t sick = 0, unknown = 0;

	if (!r)
		return;
	memset(&d, 0, sizeof(d));
	if (grafana_get(ctx, "api/datasources", 0, &resp, why, sizeof(why)) != 0) {
		result_status(ctx->rs, r, ZA_ERROR, "%s", why);
		goto out;
	}
	if (grafprov_api_list(resp.body, resp.body_len, "type", on_ds, &d, err, sizeof(err)) != ZA_OK || d.oom) {
		result_status(ctx->rs, r, ZA_ERROR, "the datasource list: %s", d.oom ? "out of memory" : err);
		http_resp_free(&resp);
		goto out;
	}
	http_resp_free(&resp);
	if (!d.n) {
		result_status(ctx->rs, r, ZA_FAIL, "Grafana has no Prometheus datasource (%zu of other types)",
		              d.other);
		goto out;
	}
	for (size_t i = 0; i < d.n; i++) {
		int h = ds_health(ctx, d.uid[i], why, sizeof(why));
		sick += h == 0;
		unknown += h < 0;
		result_evidence(ctx->rs, r, "datasource", d.uid[i], "%s: %s",
		                h == 1   ? "healthy"
		                : h == 0 ? "unhealthy"
		                         : "not judged",
		                why);
		if (h != 1 && (!*first || (h == 0 && sick == 1)))
			snprintf(first, sizeof(first), "the Prometheus datasource '%s' %s: %s", d.uid[i],
			         h == 0 ? "is unhealthy" : "could not be judged", why);
	}
	if (sick)
		result_status(ctx->rs, r, ZA_FAIL, "%s%s", first, d.n > 1 ? " (see the evidence for the others)" : "");
	else if (unknown)
		result_status(ctx->rs, r, ZA_ERROR, "%s", first);
	else if (d.n == 1)
		result_status(ctx->rs, r, ZA_PASS, "the Prometheus datasource '%s' is healthy: %s", d.uid[0], why);
	else
		result_status(ctx->rs, r, ZA_PASS, "all %zu Prometheus datasources are healthy", d.n);
out:
	free(d.uid);
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
