/*
 * leaks.h - what an exposed service gives away, with read-only requests.
 *
 * When the exposure family has identified a service on an endpoint, it asks
 * leaks_schedule() for the follow-up checks of that service (a table: service
 * id, check id, the one GET it sends, the analyzer of the answer). They run on
 * the same engine, one result each for the same target:
 *
 *   prometheus.config-secrets   /api/v1/status/config: literal credentials, URL
 *                               userinfo, tokens in SD URLs (findings, never values)
 *   prometheus.targets-secrets  /api/v1/targets: secret-looking labels and URLs
 *   prometheus.admin-api        /api/v1/status/flags: admin API or lifecycle enabled
 *   node-exporter.uname         /metrics: host name and kernel disclosed
 *   grafana.anonymous           /login: anonymous access in the boot data
 *   grafana.metrics-public      /metrics: Grafana's own metrics without credentials
 *   grafana.version             (no request) version in a known-vulnerable range
 *   alloy.components            /api/v0/web/components: the pipeline graph
 *   pprof.open                  /debug/pprof/ on any Go service: profiling open
 *
 * Nothing here ever sends a request that changes state.
 */
#ifndef ZA_LEAKS_H
#define ZA_LEAKS_H

#include "engine.h"
#include "policy.h"
#include "family.h"

/* Schedule the follow-ups for an identified service at origin
 * ("http://203.0.113.10:9090"); target names the results. version may be "". */
void leaks_schedule(struct probe_ctx *ctx, struct engine *eng, const struct policy_host *h, const char *service,
                    const char *origin, const char *pin_ip, const char *target, const char *version, long connect_ms);

/* Grafana versions: 1 when inside the range of CVE-2021-43798 or
 * CVE-2021-39226 (which is named in cve), 0 when not, -1 when unparsable. */
int leaks_grafana_vulnerable(const char *version, const char **cve);

#endif
