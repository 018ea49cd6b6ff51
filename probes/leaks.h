/*
 * leaks.h - what an exposed service gives away, with read-only requests.
 *
 * When the exposure family has identified a service on an endpoint, it asks
 * leaks_schedule() for the follow-up checks of that service (tables of
 * struct leak_def: service id, check, the one request it sends, the analyzer
 * of the answer). leaks.c keeps its own rows; a family whose checks are
 * follow-ups too keeps its rows and analyzers in its own file (grafana.c:
 * grafana_followups) and leaks.c lists that table. They run on the same
 * engine, one result each for the same target:
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

#include "checks.h"
#include "engine.h"
#include "policy.h"
#include "family.h"

struct leak_job;
typedef void (*leak_analyze_fn)(struct leak_job *j, const struct http_resp *resp);

struct leak_def {
	const char *service; /* fingerprint id of the service it follows up */
	enum check_id check;
	const char *path;
	const char *post_json;     /* NULL: GET; else POSTed once as JSON, never retried */
	const char *intrusive_why; /* non-NULL: runs only when the policy's intrusive_checks names it */
	leak_analyze_fn analyze;
};

/* One scheduled follow-up, handed to its analyzer; j->r is the result. */
struct leak_job {
	struct probe_ctx *ctx;
	const struct leak_def *def;
	struct za_result *r;
	char url[1024];
	long t0;
};

/* 1 when resp is a whole answer to judge; else records error on j->r, 0. */
int leaks_answered(struct leak_job *j, const struct http_resp *resp);

/* grafana.c: Grafana's follow-ups and the version check (no request). */
extern const struct leak_def grafana_followups[];
extern const size_t grafana_nfollowups;
void grafana_version_check(struct probe_ctx *ctx, const struct policy_host *h, const char *target, const char *version);
/* Grafana versions: 1 when inside the range of CVE-2021-43798 or
 * CVE-2021-39226 (which is named in cve), 0 when not, -1 when unparsable. */
int grafana_vulnerable(const char *version, const char **cve);

/* Schedule the follow-ups for an identified service at origin
 * ("http://203.0.113.10:9090"); target names the results. version may be "". */
void leaks_schedule(struct probe_ctx *ctx, struct engine *eng, const struct policy_host *h, const char *service,
                    const char *origin, const char *pin_ip, const char *target, const char *version, long connect_ms);

#endif
