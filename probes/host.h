/*
 * host.h - what the host family's files share (host.c runs the family;
 * host_prometheus.c judges Prometheus's configuration, host_dashboards.c
 * Grafana's provisioning, host_walk.c the modes under the policy's walk
 * roots, host_token.c the content of world-readable files).
 */
#ifndef ZA_HOST_H
#define ZA_HOST_H

#include <stddef.h>
#include <sys/stat.h>

#include "family.h"

#define HA_TEXT_CAP (4u << 20) /* largest configuration file read */

/* probe_begin() for a host check; t0 receives the start time. */
struct za_result *ha_begin(struct probe_ctx *ctx, enum check_id check, const char *target, long *t0);
/* host.token-file for one path on the audited system; why says who names it. */
void ha_token_file(struct probe_ctx *ctx, const char *path, const char *why);
/* The value of --flag=VALUE (or --flag VALUE) in a command line, or NULL. */
const char *ha_flag_value(const char *text, const char *flag, char *out, size_t outlen);
int ha_wildcard(const char *addr);
int ha_loopback(const char *addr);

/* prometheus.config-literal-secrets, prometheus.sd-url-token,
 * prometheus.web-config and host.token-file for the files prometheus.yml
 * reads secrets from. addr: where Prometheus listens (NULL: unknown, no unit
 * or /etc/default file; the web configuration is then skipped); web: its
 * --web.config.file or "". */
void host_prometheus_run(struct probe_ctx *ctx, const char *addr, const char *config, const char *web);

/* grafana.datasource-provisioned, grafana.dashboards-provisioned and
 * dashboards.canonical-labels from Grafana's provisioning directory. */
void host_dashboards_run(struct probe_ctx *ctx);
/* host.file-modes under each of the policy's walk roots. */
void host_walk_run(struct probe_ctx *ctx);
/* host.token-world-readable: the known secrets in world-readable files
 * under the walk roots and the secrets paths; homes: files that hold a
 * secret by design (systemd credential sources), judged by their mode. */
void host_token_run(struct probe_ctx *ctx, const struct stat *homes, size_t nhomes);

#endif
