/*
 * readiness.h - what the readiness family's files share: readiness.c runs the
 * family (Prometheus's questions), readiness_grafana.c asks Grafana's API,
 * readiness_logs.c Loki's.
 */
#ifndef ZA_READINESS_H
#define ZA_READINESS_H

#include "family.h"
#include "http.h"

/* GET <base><path> with the bearer token the policy names token (NULL: none);
 * what names the service in messages. 0 with resp filled when a whole 200
 * (or also, when not 0) answer arrived; else -1 with the reason in why (a
 * refused token is named, never printed). */
int readiness_get(struct probe_ctx *ctx, const char *base, const char *token, const char *what, const char *path,
                  long also, struct http_resp *resp, char *why, size_t whylen);

/* grafana.dashboards-visible, grafana.datasource-healthy, grafana.dashboard-queries. */
void readiness_grafana_run(struct probe_ctx *ctx);

/* logs.centralized, one result per source of readiness.logs (readiness_logs.c). */
void readiness_logs_run(struct probe_ctx *ctx);

#endif
