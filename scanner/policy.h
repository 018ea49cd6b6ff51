/*
 * policy.h - the policy: what to check, as data (docs/policy.md documents
 * every field).
 *
 *   struct policy *p;
 *   if (policy_load("policies/demo.json", &p, err, sizeof(err)) != ZA_OK)
 *           fprintf(stderr, "%s\n", err);   // "policies/demo.json: hosts[0]...: ..."
 *   ...
 *   policy_free(p);
 *
 * A loaded policy is valid: every key known, every value in range, every
 * service, check id and token-file name it mentions defined. The structs are
 * read-only to everyone but policy.c. Nothing here touches the network.
 */
#ifndef ZA_POLICY_H
#define ZA_POLICY_H

#include <stddef.h>

#include "checks.h"

#include "severity.h"
#include "za.h"

enum expect { EXPECT_UNSET = 0, EXPECT_UNREACHABLE, EXPECT_REACHABLE, EXPECT_NOT_APPLICABLE };

struct policy_service {
	char *service; /* fingerprint / service id: "prometheus" */
	long *ports;   /* "port": N or "ports": [N, ...] */
	size_t nports;
	int https;
};

struct policy_host {
	char *name;
	char *address; /* DNS name or IP literal; NULL when cidr is set */
	char *cidr;    /* an address range ("203.0.113.0/24"); see cidr.h */
	char *kind;    /* "monitoring", "game", "dev", "opnsense", "pbs" ... */
	struct policy_service *svc;
	size_t nsvc;
};

struct policy_expect {
	char *service;
	enum expect by_role[ZA_ROLE_COUNT];
};

struct policy_discovery {
	char *name;
	char *url;
	char *token_file;          /* a key of token_files, or NULL */
	int allow_plaintext_token; /* send the real token over http:// to a non-loopback host (labs only) */
	char **debug_params;       /* query strings of historical/debug modes ("historical=1") */
	size_t ndebug_params;
	char *historical_param; /* the one that asks for historical targets, or NULL */
};

/* The label contract (MONITORING-CONTRACT.md "Required labels" ...). */
struct policy_labels {
	int present; /* the policy has a "labels" section */
	char **required, **optional, **container_types, **numeric;
	size_t nrequired, noptional, ncontainer_types, nnumeric;
	struct policy_kv *forbidden; /* name -> why (e.g. ctype -> use container_type) */
	size_t nforbidden;
	char **identifying_names; /* label names that identify customers/users */
	size_t nidentifying_names;
	char **identifying_values; /* POSIX extended regexes over values */
	size_t nidentifying_values;
	struct policy_kv *lifecycle; /* container_type or "all" -> comma list of label names */
	size_t nlifecycle;
	char *inactive_label; /* the label that says a target is gone */
	char **inactive_values;
	size_t ninactive_values;
};

struct policy_filesd {
	char **paths; /* globs */
	size_t npaths;
	long max_age_s;        /* older fails */
	const char *discovery; /* the discovery endpoint whose active set it must match, or NULL */
	char *discovery_name;
};

/* Launch readiness through the live APIs (the readiness family; role admin or
 * host, against prometheus_url with prometheus_token). */
/* A required alert, by the shape of its expression: a loaded alerting rule
 * whose selectors name every metric, each with every matcher (label =
 * value); by: labels its series must carry (target-down by vmid/type). */
struct policy_alert {
	enum check_id check;
	char **metrics;
	size_t nmetrics;
	struct policy_kv *matchers;
	size_t nmatchers;
	char **by;
	size_t nby;
};

/* A log source the contract names, by its Loki stream selector. */
struct policy_log_source {
	char *name;     /* "api", "agent", "provisioning", ... */
	char *selector; /* {job="zlh-api"}: equality matchers */
	int pending;    /* the policy says it is not centralized yet: reported, never a pass */
};

struct policy_readiness {
	int present;       /* a "readiness" section: alerts.delivery is checked */
	char *sync_metric; /* sync.fresh: the sync's last-success unix time, a metric name */
	long sync_max_age_s;
	struct policy_alert alerts[4]; /* readiness.alerts, one per alerts.* check it names */
	size_t nalerts;
	char *discovery_name;  /* readiness.discovery: whose active set the live targets must match */
	const char *discovery; /* that endpoint's name in discovery[], or NULL */
	char *grafana_url;     /* readiness.grafana.url: Grafana's API (grafana.dashboards-visible ...) */
	char *grafana_token;   /* readiness.grafana.token: a name of token_files (a service-account token) */
	char **dashboards;     /* readiness.grafana.dashboards: titles or uids that must be visible */
	size_t ndashboards;
	char *loki_url;    /* readiness.logs.url: Loki's HTTP API (logs.centralized) */
	char *loki_token;  /* readiness.logs.token: a name of token_files, or NULL */
	char *loki_tenant; /* readiness.logs.tenant: X-Scope-OrgID of a multi-tenant Loki, or NULL */
	long log_window_s; /* a source's stream must be seen this recently */
	struct policy_log_source *sources;
	size_t nsources;
};

/* Where leaked tokens are looked for (the secrets family). */
struct policy_scanroot {
	enum check_id check; /* CK_LOGS_LEAKED_TOKEN, CK_FILES_LEAKED_TOKEN or CK_DASHBOARDS_LEAKED_TOKEN */
	char *name;          /* the log's name ("api"), or the path itself */
	char *glob;
};

struct policy_secrets {
	int present;
	char *rules; /* resolved path of the rules file, or NULL for the built-in */
	struct policy_scanroot *roots;
	size_t nroots;
	struct policy_kv *known_files; /* name -> path of a file of secrets */
	size_t nknown_files;
	int scan_binary;
	char *grafana_api;     /* Grafana base URL whose dashboards are read through its API, or NULL */
	char *grafana_token;   /* a key of token_files: the API token for it */
	int prometheus_config; /* scan Prometheus's rendered configuration (prometheus_url) */
};

/* The host audit (role host, or --root): where the services' files are. */
struct policy_hostaudit {
	int present;
	struct policy_kv *units; /* service -> systemd unit path */
	size_t nunits;
	struct policy_kv *defaults; /* service -> /etc/default file */
	size_t ndefaults;
	char *grafana_ini;
	char *prometheus_yml;       /* Prometheus's configuration on the audited system */
	char **dashboards_required; /* dashboard titles Grafana must provision */
	size_t ndashboards_required;
	char *provisioning; /* Grafana's provisioning directory */
	char **walk_roots;  /* directories walked for modes (no symlinks followed) */
	size_t nwalk_roots;
	char **dashboard_dirs; /* folders of dashboard JSON read besides the provisioned ones */
	size_t ndashboard_dirs;
	int grafana_behind_proxy; /* Grafana is published only through a reverse proxy */
	int grafana_https;        /* Grafana is served over HTTPS */
	int agent;                /* audit the game/dev Alloy agent contract on this root */
	char *kind;               /* the audited system's host kind, for exceptions */
	char **allowed_groups;    /* groups that may read token files */
	size_t nallowed_groups;
};

struct policy_kv {
	char *key;
	char *value;
};

struct policy_exception {
	char *name;
	char **host_kinds;
	size_t nkinds;
	char **exempt; /* check ids, or "family.*" */
	size_t nexempt;
	char *reason;
};

struct policy_profile {
	char *name;
	char *description;
	struct policy_kv *disable; /* check id -> reason */
	size_t ndisable;
	struct policy_kv *severity; /* check id -> severity name */
	size_t nseverity;
	int gate;             /* enum za_severity, or -1 for the policy's */
	int development_mode; /* explicit development/test mode: tokenless discovery allowed */
};

struct policy_vantage {
	char *name;
	enum za_role role;
	char *description;
};

struct policy {
	char *path;
	char sha256[65];
	char *name, *version, *description;
	enum za_severity gate;
	long connect_ms, transfer_ms, run_ms;
	long connect_floor_ms; /* the shortest connect timeout measured round trips may set */
	size_t answer_max;     /* limits.answer_bytes: the largest API answer or target file judged whole */
	char *control_address; /* control target: must accept TCP from the vantage */
	long control_port;     /* 0 = no control target */
	char *untrusted_range; /* CIDR the emulated untrusted-local vantage takes its source address from */
	char *grafana_url;     /* Grafana's intended (authenticated) URL, or NULL */
	char *tls_ca_file;     /* trust store for TLS checks, or NULL for the system's */
	long tls_min_days;     /* a certificate expiring sooner fails */
	struct policy_labels labels;
	struct policy_filesd filesd;
	struct policy_readiness readiness;
	struct policy_secrets secrets;
	struct policy_hostaudit hostaudit;
	char **required_roles; /* roles a merged launch report needs a run of (NULL-terminated), or NULL */
	size_t nrequired_roles;
	char *prometheus_url;   /* a Prometheus to read live targets from (admin/host vantage), or NULL */
	char *prometheus_token; /* a key of token_files for it, or NULL */
	char **intrusive;       /* intrusive check ids the operator opted in to */
	size_t nintrusive;
	char *fingerprints; /* resolved path, or NULL for the default */
	struct policy_vantage *vantages;
	size_t nvantages;
	struct policy_expect *expect;
	size_t nexpect;
	struct policy_host *hosts;
	size_t nhosts;
	struct policy_discovery *discovery;
	size_t ndiscovery;
	struct policy_kv *token_files; /* name -> path */
	size_t ntoken_files;
	struct policy_exception *exceptions;
	size_t nexceptions;
	struct policy_profile *profiles;
	size_t nprofiles;
	char *default_profile;
};

enum za_err policy_load(const char *path, struct policy **out, char *err, size_t errlen);
/* Parse policy text; file names the source in messages. */
enum za_err policy_parse(const char *file, const char *text, size_t len, struct policy **out, char *err, size_t errlen);
/* The policy's shape of a required alert (an alerts.* check id), or NULL. */
const struct policy_alert *policy_alert(const struct policy *p, const char *check_id);
/* For policy_parse.c: free a key/value list, a host section. */
void policy_kv_free(struct policy_kv *kv, size_t n);
void policy_hostaudit_free(struct policy_hostaudit *h);
void policy_free(struct policy *p);

/* The named profile, or the default one for name == NULL; NULL if unknown. */
const struct policy_profile *policy_profile(const struct policy *p, const char *name);
/* The named vantage, or NULL. */
const struct policy_vantage *policy_vantage(const struct policy *p, const char *name);
enum expect policy_expectation(const struct policy *p, const char *service, enum za_role role);
/* The exception that exempts host from check_id, or NULL. */
const struct policy_exception *policy_exempts(const struct policy *p, const struct policy_host *h,
                                              const char *check_id);
/* 1 when the policy opts in to the intrusive check id. */
int policy_allows_intrusive(const struct policy *p, const char *check_id);
/* Endpoints a scan of the policy's hosts probes (CIDRs expanded). */
size_t policy_endpoint_count(const struct policy *p);
/* Path of a token file by name, or NULL. */
const char *policy_token_path(const struct policy *p, const char *name);
/* Replace the path of a declared token file: --token-file NAME=PATH. */
enum za_err policy_set_token_path(struct policy *p, const char *name, const char *path, char *err, size_t errlen);

const char *expect_name(enum expect e);

#endif
