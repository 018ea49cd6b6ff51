/*
 * host_common.h - what the host family's files share. host.c runs the
 * family: it reads the units once (host_units.c) and hands them to the
 * parts, one file each, that decide their checks:
 *
 *   host_units.c        host.unit-inline-secret; the units' credential files
 *   host_token.c        host.token-file, host.token-world-readable
 *   host_listeners.c    listeners.config (and starts host_prometheus.c)
 *   host_prometheus.c   prometheus.config-literal-secrets, prometheus.sd-url-token,
 *                       prometheus.web-config
 *   host_grafana.c      grafana.config-*
 *   host_dashboards.c   grafana.datasource-provisioned,
 *                       grafana.dashboards-provisioned, dashboards.canonical-labels
 *   host_walk.c         host.file-modes
 *   host_alloy.c        alloy.* (the game/dev agent contract, policy host.agent)
 *
 * Parts include this header only; none calls host.c, so the family has no
 * include or call circle. Files are read through hostfs.h (every path
 * inside the audited root, judged by descriptor); values of secrets are
 * never read into results.
 */
#ifndef ZA_HOST_COMMON_H
#define ZA_HOST_COMMON_H

#include <stddef.h>
#include <sys/stat.h>

#include "family.h"

/* A systemd unit of the policy's host.units, as host_units.c read it. */
struct unit_scan {
	struct probe_ctx *ctx;
	struct za_result *r; /* NULL when the profile skips the check */
	const char *path;
	int loaded; /* the unit exists on the audited system */
	int unread; /* it is there but could not be read (err in the result) */
	size_t cut; /* lines over ZA_MAX_LINE, read only in part */
	size_t inline_secrets;
	char creds[ZA_MAX_UNIT_CREDS][512]; /* LoadCredential= / EnvironmentFile= paths */
	int envfile[ZA_MAX_UNIT_CREDS];     /* creds[i] came from EnvironmentFile= */
	size_t ncreds, creds_over;
	char exec[4096];                   /* ExecStart= */
	char env[ZA_MAX_UNIT_ENV][2][256]; /* Environment= assignments (GF_*, listen settings) */
	size_t nenv, env_over, gf_over;    /* past the cap: all, and GF_* among them */
};

/* A text file of the audited system (ZA_MAX_HOST_TEXT): 1 read (free and
 * wipe *text), 0 absent, -1 there but not read (over the cap, not text,
 * unreadable; err says why): never "absent" for a file that is there. */
int ha_read(struct probe_ctx *ctx, const char *path, char **text, size_t *len, char *err, size_t errlen);
/* probe_begin() for a host check; t0 receives the start time. */
struct za_result *ha_begin(struct probe_ctx *ctx, enum check_id check, const char *target, long *t0);
/* The value of key in a policy key/value list, or NULL. */
const char *ha_kv_get(const struct policy_kv *kv, size_t n, const char *key);
/* The value of --flag=VALUE (or --flag VALUE) in a command line, or NULL. */
const char *ha_flag_value(const char *text, const char *flag, char *out, size_t outlen);
/* A service's command-line flag: its /etc/default file (policy host.defaults)
 * first, then its unit's ExecStart=; where names the source. 1 when one of
 * them exists, 0 when neither does (the service is not installed), -1 when
 * one is there but could not be read (where then says why). */
int ha_service_flag(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits, const char *service,
                    const char *flag, char *out, size_t outlen, char *where, size_t wherelen);

/* host_units.c: read the policy's units into units[nunits] and decide
 * host.unit-inline-secret for each; then host.token-file for the credential
 * files they load (LoadCredential=, an EnvironmentFile= that holds a secret). */
void host_units_run(struct probe_ctx *ctx, struct unit_scan *units, size_t nunits);
void host_units_credentials(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits);
/* host_token.c: host.token-file for one path; why says who names it. */
void ha_token_file(struct probe_ctx *ctx, const char *path, const char *why);
/* host.token-file for the policy's token files and known-secret files. */
void host_token_files_run(struct probe_ctx *ctx);
/* host.token-world-readable: the known secrets in world-readable files
 * under the walk roots and the secrets paths; homes: files that hold a
 * secret by design (systemd credential sources), judged by their mode. */
void host_token_run(struct probe_ctx *ctx, const struct stat *homes, size_t nhomes);
/* host_listeners.c: listeners.config for each service the system runs, and
 * host_prometheus_run() with Prometheus's flags (or prometheus.yml alone). */
void host_listeners_run(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits);
/* prometheus.config-literal-secrets, prometheus.sd-url-token,
 * prometheus.web-config and host.token-file for the files prometheus.yml
 * reads secrets from. addr: where Prometheus listens (NULL: unknown, no unit
 * or /etc/default file; the web configuration is then skipped); web: its
 * --web.config.file or ""; unread: why its flags could not be read (then
 * prometheus.web-config is an error), or NULL. */
void host_prometheus_run(struct probe_ctx *ctx, const char *addr, const char *config, const char *web,
                         const char *unread);
/* host_grafana.c: grafana.config-* from grafana.ini and the GF_* variables
 * of Grafana's unit and /etc/default file. */
void host_grafana_run(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits);
/* grafana.datasource-provisioned, grafana.dashboards-provisioned and
 * dashboards.canonical-labels from Grafana's provisioning directory. */
void host_dashboards_run(struct probe_ctx *ctx);
/* host.file-modes under each of the policy's walk roots. */
void host_walk_run(struct probe_ctx *ctx);
/* host_alloy.c: alloy.default-file, alloy.listen, alloy.config,
 * alloy.legacy-node-exporter. */
void host_alloy_run(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits);

#endif
