/*
 * readiness.h - what the readiness family's files share: readiness.c runs the
 * family (Prometheus's questions), readiness_grafana.c asks Grafana's API,
 * readiness_logs.c Loki's.
 */
#ifndef ZA_READINESS_H
#define ZA_READINESS_H

#include "family.h"
#include "http.h"

/* One read-only API the family asks. */
struct readiness_api {
	const char *what;   /* "Prometheus": names the service in messages */
	const char *base;   /* its URL */
	const char *token;  /* the name of the policy's token file it gets as a bearer token, or NULL */
	const char *tenant; /* an X-Scope-OrgID header (a multi-tenant Loki), or NULL */
	const char *hint;   /* what a 401 may also mean ("; ..."), or NULL */
};

/* GET <base><path>, the answer capped at ZA_MAX_API_BODY. 0 with resp filled
 * when a whole 200 (or also, when not 0) answer arrived; else -1 with the
 * reason in why (a refused token is named by its file, never printed). */
int readiness_get(struct probe_ctx *ctx, const struct readiness_api *api, const char *path, long also,
                  struct http_resp *resp, char *why, size_t whylen);

/* grafana.dashboards-visible, grafana.datasource-healthy, grafana.dashboard-queries. */
void readiness_grafana_run(struct probe_ctx *ctx);

/* logs.centralized, one result per source of readiness.logs (readiness_logs.c). */
void readiness_logs_run(struct probe_ctx *ctx);

#endif
