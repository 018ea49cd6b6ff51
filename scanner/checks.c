/* checks.c - the check catalogue (see checks.h). Keep ids sorted. */
#include "checks.h"

#include <string.h>

static const struct check_def checks[] = {
        {"alloy.components", "leaks", "alloy", ZA_SEV_HIGH, "An exposed Alloy does not hand out its component graph",
         "Security contract: no token leakage in labels, target URLs, dashboards, or logs (the graph shows URLs, "
         "user names and targets)",
         "GET /api/v0/web/components on an Alloy that answered",
         "Keep Alloy's HTTP server on loopback; if it must listen elsewhere, configure http { auth { basic { ... } } "
         "}."},
        {"alloy.config", "host", NULL, ZA_SEV_HIGH,
         "/etc/alloy/config.alloy exists, holds no literal secrets and uses container_type",
         "Agent responsibilities: write or refresh Alloy config; keep labels minimal and consistent with "
         "dashboards/discovery; Security contract: no token leakage",
         "nothing: reads /etc/alloy/config.alloy under the audited root",
         "Read passwords with sys.env(...) or local.file; name the label container_type."},
        {"alloy.default-file", "host", NULL, ZA_SEV_HIGH, "/etc/default/alloy points at /etc/alloy/config.alloy",
         "Agent responsibilities: keep /etc/default/alloy fixed to /etc/alloy/config.alloy on port 12345",
         "nothing: reads CONFIG_FILE in /etc/default/alloy under the audited root",
         "Set CONFIG_FILE=/etc/alloy/config.alloy in /etc/default/alloy."},
        {"alloy.legacy-node-exporter", "host", NULL, ZA_SEV_MEDIUM,
         "The legacy node-exporter is gone from game/dev templates",
         "Agent responsibilities: remove legacy node-exporter from game/dev templates once Alloy is standard",
         "nothing: looks for the node-exporter package list, binary and unit under the audited root",
         "apt-get purge prometheus-node-exporter (or remove the binary and unit) from the template."},
        {"alloy.listen", "host", NULL, ZA_SEV_HIGH, "Alloy's HTTP server listens on 127.0.0.1:12345",
         "Agent responsibilities: keep /etc/default/alloy fixed to /etc/alloy/config.alloy on port 12345",
         "nothing: reads --server.http.listen-addr in CUSTOM_ARGS of /etc/default/alloy under the audited root",
         "Set --server.http.listen-addr=127.0.0.1:12345 in CUSTOM_ARGS (anyone who reaches the port can use "
         "/-/reload and /-/support)."},
        {"dashboards.canonical-labels", "host", NULL, ZA_SEV_MEDIUM,
         "Provisioned dashboards query the canonical labels",
         "Grafana responsibilities: dashboard queries aligned with the canonical label contract",
         "nothing: reads the dashboard JSON in the folders Grafana's providers load",
         "Replace ctype with container_type in the dashboards' queries."},
        {"dashboards.leaked-token", "secrets", NULL, ZA_SEV_CRITICAL, "No tokens leaked in Grafana dashboards",
         "Security contract: no token leakage in labels, target URLs, dashboards, or logs",
         "nothing: reads the dashboard JSON the policy names (role host or admin)",
         "Remove the token from the dashboard (use a datasource with secure fields) and rotate it."},
        {"discovery.active-only", "discovery", NULL, ZA_SEV_HIGH, "Discovery returns only active targets by default",
         "API discovery requirements: return only active/current targets unless historical/debug mode is explicitly "
         "requested",
         "GET <discovery url> with the token, and with the policy's historical parameter",
         "Filter deleted and stopped containers out of the default answer; show them only in the explicitly requested "
         "historical mode."},
        {"discovery.bad-token", "discovery", NULL, ZA_SEV_CRITICAL, "Discovery endpoint rejects a wrong bearer token",
         "API discovery requirements: require bearer/internal monitoring auth; fail closed without token",
         "GET <discovery url> with 'Authorization: Bearer <random hex of the real token's length>'",
         "Validate the bearer token on every discovery request and answer 401/403 with no targets when it does "
         "not match."},
        {"discovery.debug-mode", "discovery", NULL, ZA_SEV_CRITICAL,
         "Historical and debug modes of the discovery endpoint demand the token",
         "API discovery requirements: require bearer/internal monitoring auth outside explicit development/test mode",
         "GET <discovery url>?<each historical/debug parameter of the policy> without a token",
         "Authenticate before looking at query parameters: debug and historical modes need the token too."},
        {"discovery.empty-bearer", "discovery", NULL, ZA_SEV_CRITICAL,
         "Discovery endpoint rejects an empty bearer token",
         "Security contract: API monitoring endpoints fail closed without token",
         "GET <discovery url> with 'Authorization: Bearer ' and nothing after it",
         "Treat an empty token as no token: answer 401."},
        {"discovery.methods", "discovery", NULL, ZA_SEV_HIGH,
         "Discovery endpoint refuses other methods without a token",
         "Security contract: API monitoring endpoints fail closed without token",
         "HEAD, OPTIONS and POST (empty body) to <discovery url> without a token (never PUT or DELETE)",
         "Authenticate every method; answer 401/403 (or 405) before doing anything."},
        {"discovery.token-accepted", "discovery", NULL, ZA_SEV_MEDIUM,
         "Discovery endpoint answers the configured monitoring token with a target list",
         "API discovery requirements: require bearer/internal monitoring auth (the real token must work)",
         "GET <discovery url> with 'Authorization: Bearer <token from the policy's token file>' (the token is never "
         "printed)",
         "Check the discovery URL and the token file: Prometheus's HTTP SD needs 200 and a JSON target list, "
         "otherwise it silently keeps its stale targets."},
        {"discovery.token-file", "discovery", NULL, ZA_SEV_HIGH,
         "The monitoring bearer token is stored with tight permissions",
         "Monitoring host responsibilities: store bearer tokens with tight permissions or systemd credentials; "
         "Security contract: no monitoring bearer token in world-readable files",
         "nothing: the token file's mode and owner, judged by its descriptor",
         "chmod 0600 the token file (owner: the service user), or deliver it with systemd LoadCredential=."},
        {"discovery.token-in-query", "discovery", NULL, ZA_SEV_HIGH,
         "Discovery endpoint refuses the token in the query string",
         "API discovery requirements: avoid leaking secrets in URLs or logs (a token in a URL lands in access logs and "
         "in Prometheus's __meta_url)",
         "GET <discovery url>?token=<real token> and ?access_token=<real token>, without a header (only where the "
         "token may be sent at all)",
         "Accept the monitoring token only in the Authorization header."},
        {"discovery.tokenless", "discovery", NULL, ZA_SEV_CRITICAL, "Discovery endpoint fails closed without a token",
         "Security contract: API monitoring endpoints fail closed without token",
         "GET <discovery url> without an Authorization header",
         "Require the monitoring bearer token outside explicit development/test mode; answer 401 (with "
         "WWW-Authenticate: Bearer) or 403 and no targets."},
        {"discovery.wrong-scheme", "discovery", NULL, ZA_SEV_CRITICAL, "Discovery endpoint rejects Basic credentials",
         "Security contract: API monitoring endpoints fail closed without token",
         "GET <discovery url> with 'Authorization: Basic <random>' instead of a bearer token",
         "Accept only the bearer monitoring token; answer 401/403 to any other scheme."},
        {"exposure.alertmanager", "exposure", "alertmanager", ZA_SEV_HIGH,
         "Alertmanager is not reachable from an untrusted vantage",
         "Monitoring host responsibilities: restrict Prometheus, Grafana, and node_exporter exposure to trusted "
         "admin/monitoring paths (Alertmanager lets anyone create or silence alerts)",
         "TCP connect to each Alertmanager port, then GET /api/v2/status, GET /",
         "Bind Alertmanager to 127.0.0.1 (--web.listen-address) and disable or firewall the cluster port 9094."},
        {"exposure.alloy", "exposure", "alloy", ZA_SEV_CRITICAL,
         "Grafana Alloy's HTTP server (port 12345) is not reachable from an untrusted vantage",
         "Agent responsibilities: keep /etc/default/alloy fixed to /etc/alloy/config.alloy on port 12345 (Alloy's "
         "server answers /-/reload and /-/support without authentication)",
         "TCP connect to each Alloy port, then GET /-/ready, GET /metrics (never /-/reload or /-/support)",
         "Keep --server.http.listen-address on 127.0.0.1:12345 (the package default): remove any 0.0.0.0 override "
         "from CUSTOM_ARGS in /etc/default/alloy."},
        {"exposure.grafana", "exposure", "grafana", ZA_SEV_CRITICAL,
         "Grafana's direct port is not reachable from an untrusted vantage",
         "Security contract: Grafana not publicly reachable except through intended authenticated/admin path",
         "TCP connect to each Grafana port, then the read-only GETs of the 'grafana' fingerprint",
         "Bind Grafana to 127.0.0.1 ([server] http_addr) and publish it only through the authenticating reverse "
         "proxy, or drop the port for untrusted sources in the firewall."},
        {"exposure.loki", "exposure", "loki", ZA_SEV_HIGH, "Loki is not reachable from an untrusted vantage",
         "Logs contract: centralized logs (Loki); Security contract: no token leakage in logs (Loki's API has no "
         "authorization of its own)",
         "TCP connect to each Loki port, then GET /ready, GET /loki/api/v1/status/buildinfo",
         "Bind Loki to 127.0.0.1 or the admin network (server.http_listen_address) and put authentication in front "
         "of it."},
        {"exposure.node-exporter", "exposure", "node_exporter", ZA_SEV_CRITICAL,
         "node_exporter is not reachable from an untrusted vantage",
         "Security contract: node_exporter not publicly reachable",
         "TCP connect to each node_exporter port, then the read-only GETs of the 'node_exporter' fingerprint",
         "Start node_exporter with --web.listen-address=127.0.0.1:9100 (or the admin network's address), or drop "
         "9100 for untrusted sources in the firewall."},
        {"exposure.prometheus", "exposure", "prometheus", ZA_SEV_CRITICAL,
         "Prometheus is not reachable from an untrusted vantage",
         "Security contract: Prometheus not publicly reachable",
         "TCP connect to each Prometheus port, then the read-only GETs of the 'prometheus' fingerprint",
         "Bind Prometheus to 127.0.0.1 (--web.listen-address) or restrict 9090 to the admin network in the "
         "firewall."},
        {"exposure.pushgateway", "exposure", "pushgateway", ZA_SEV_HIGH,
         "Pushgateway is not reachable from an untrusted vantage",
         "Monitoring host responsibilities: restrict exposure to trusted admin/monitoring paths (anyone who reaches a "
         "Pushgateway can write series)",
         "TCP connect to each Pushgateway port, then GET /api/v1/status, GET /",
         "Bind the Pushgateway to 127.0.0.1 or the admin network (--web.listen-address)."},
        {"files.leaked-token", "secrets", NULL, ZA_SEV_CRITICAL, "No tokens leaked in configuration and other files",
         "Security contract: no monitoring bearer token in world-readable files; no token leakage",
         "nothing: reads the files the policy or the command line names",
         "Move the secret to a file readable only by its service (or systemd credentials) and rotate it."},
        {"filesd.fresh", "file_sd", NULL, ZA_SEV_HIGH, "file_sd files are fresh (the discovery sync runs)",
         "Monitoring host responsibilities: run discovery sync reliably; alert on stale file_sd age",
         "nothing: the file's modification time (role host or admin)",
         "Fix the monitor sync (and the alert that should have fired on stale file_sd age)."},
        {"filesd.stale-entries", "file_sd", NULL, ZA_SEV_HIGH,
         "file_sd holds no targets the discovery endpoint no longer lists",
         "Dynamic discovery path: deleted game/dev containers disappear automatically; stale file_sd entries are "
         "removed once sync is healthy",
         "nothing more: the file and the discovery endpoint's answer already read",
         "Make the sync write the discovery endpoint's full active set each time (not merge into the old file)."},
        {"filesd.valid", "file_sd", NULL, ZA_SEV_HIGH, "file_sd files exist and parse the way Prometheus parses them",
         "Dynamic discovery path: discovery failures alert loudly and do not silently preserve misleading stale state",
         "nothing: reads the configured file_sd files (role host or admin)",
         "Write file_sd atomically (temporary file + rename) and validate it; Prometheus keeps the previous targets of "
         "a broken file."},
        {"grafana.anonymous", "leaks", "grafana", ZA_SEV_CRITICAL, "Grafana does not serve dashboards anonymously",
         "Security contract: Grafana not publicly reachable except through intended authenticated/admin path",
         "GET /login on a Grafana that answered (its boot data says whether anonymous access is on)",
         "Set [auth.anonymous] enabled = false in grafana.ini (GF_AUTH_ANONYMOUS_ENABLED=false)."},
        {"grafana.auth-gate", "grafana-path", NULL, ZA_SEV_CRITICAL,
         "Grafana's intended URL demands authentication and lists no dashboards anonymously",
         "Security contract: Grafana not publicly reachable except through intended authenticated/admin path",
         "GET <grafana_url> and GET <grafana_url>/api/search without credentials",
         "Put an authenticating reverse proxy (or Grafana's own login with anonymous access off) in front of the "
         "intended URL."},
        {"grafana.config-admin-password", "host", NULL, ZA_SEV_CRITICAL,
         "grafana.ini does not leave the admin password at its default",
         "Grafana responsibilities; Security contract: Grafana not publicly reachable except through intended "
         "authenticated/admin path",
         "nothing: reads grafana.ini and GF_* variables of its unit and environment file",
         "Set [security] admin_password (or GF_SECURITY_ADMIN_PASSWORD from a credential) to a strong value, or change "
         "it in Grafana."},
        {"grafana.config-anonymous", "host", NULL, ZA_SEV_CRITICAL, "grafana.ini does not enable anonymous access",
         "Security contract: Grafana not publicly reachable except through intended authenticated/admin path",
         "nothing: reads grafana.ini and GF_* variables of its unit and environment file",
         "Set [auth.anonymous] enabled = false."},
        {"grafana.config-cookie", "host", NULL, ZA_SEV_MEDIUM,
         "Session cookies are secure when Grafana is served over HTTPS",
         "Security contract: Grafana only through the intended authenticated/admin path",
         "nothing: reads grafana.ini and GF_* variables", "Set [security] cookie_secure = true."},
        {"grafana.config-http-addr", "host", NULL, ZA_SEV_MEDIUM,
         "Grafana listens on a restricted address unless a reverse proxy publishes it",
         "Security contract: Grafana not publicly reachable except through intended authenticated/admin path",
         "nothing: reads grafana.ini and GF_* variables",
         "Set [server] http_addr = 127.0.0.1 behind the reverse proxy, or name the proxy in the policy "
         "(host.grafana_behind_proxy)."},
        {"grafana.config-metrics", "host", NULL, ZA_SEV_LOW, "Grafana's /metrics is off or needs basic auth",
         "Security contract: no token leakage; Grafana only through the intended authenticated/admin path",
         "nothing: reads grafana.ini and GF_* variables",
         "Set [metrics] basic_auth_username and basic_auth_password, or enabled = false."},
        {"grafana.config-signup", "host", NULL, ZA_SEV_HIGH, "Self sign-up is off",
         "Security contract: Grafana only through the intended authenticated/admin path",
         "nothing: reads grafana.ini and GF_* variables", "Set [users] allow_sign_up = false."},
        {"grafana.config-snapshots", "host", NULL, ZA_SEV_MEDIUM, "Snapshots are not public",
         "Security contract: Grafana only through the intended authenticated/admin path",
         "nothing: reads grafana.ini and GF_* variables", "Set [snapshots] public_mode = false."},
        {"grafana.dashboards-provisioned", "host", NULL, ZA_SEV_HIGH,
         "The required dashboards are provisioned into Grafana, not merely on disk",
         "Monitoring host responsibilities: provision dashboards into Grafana, not merely store dashboard JSON on "
         "disk; Grafana responsibilities: core service, game container and dev container dashboards installed",
         "nothing: reads provisioning/dashboards/*.yaml and the dashboard JSON in the folders they load",
         "Add a file provider (provisioning/dashboards/*.yaml, options.path) for the folder that holds the "
         "dashboards."},
        {"grafana.datasource-provisioned", "host", NULL, ZA_SEV_HIGH, "A Prometheus datasource is provisioned",
         "Grafana responsibilities: Prometheus datasource installed", "nothing: reads provisioning/datasources/*.yaml",
         "Provision the datasource: provisioning/datasources/prometheus.yaml with type: prometheus."},
        {"grafana.default-login", "leaks", "grafana", ZA_SEV_HIGH,
         "Grafana's default admin/admin login does not work (opt-in, intrusive)",
         "Security contract: Grafana not publicly reachable except through intended authenticated/admin path",
         "ONE POST /login with admin/admin, only when the policy lists it in intrusive_checks (never retried: "
         "Grafana locks an account after 5 failed attempts in 5 minutes)",
         "Change the admin password ([security] admin_password, grafana-cli admin reset-admin-password)."},
        {"grafana.metrics-public", "leaks", "grafana", ZA_SEV_MEDIUM, "Grafana's own /metrics is not public",
         "Monitoring host responsibilities: restrict exposure to trusted admin/monitoring paths",
         "GET /metrics on a Grafana that answered",
         "Set [metrics] basic_auth_username and basic_auth_password, or [metrics] enabled = false."},
        {"grafana.version", "leaks", "grafana", ZA_SEV_INFO,
         "Grafana's version is outside known unauthenticated-access CVE ranges",
         "Security contract: Grafana not publicly reachable except through intended authenticated/admin path",
         "nothing more: the version read by exposure.grafana (CVE-2021-43798, CVE-2021-39226 ranges)",
         "Upgrade Grafana to a supported release."},
        {"host.file-modes", "host", NULL, ZA_SEV_HIGH,
         "Nothing under the walked roots is writable by others, credential-named and public, or unowned",
         "Security contract: no monitoring bearer token in world-readable files; Monitoring host responsibilities: "
         "store bearer tokens with tight permissions",
         "nothing: every entry's lstat under the policy's host.walk_roots (links not followed, files not read)",
         "chmod o-w the writable entries, chmod o-r the credential files, chown unowned files to their service."},
        {"host.token-file", "host", NULL, ZA_SEV_CRITICAL, "Token and credential files are private",
         "Monitoring host responsibilities: store bearer tokens with tight permissions or systemd credentials; "
         "Security contract: no monitoring bearer token in world-readable files",
         "nothing: each file's mode, owner and group, judged by its descriptor (O_NOFOLLOW), and its parent "
         "directories",
         "chmod 0600 (or 0640 with the service's own group) and chown the file to the service; prefer systemd "
         "LoadCredential=."},
        {"host.token-world-readable", "host", NULL, ZA_SEV_CRITICAL,
         "No world-readable file holds the monitoring token",
         "Security contract: no monitoring bearer token in world-readable files",
         "nothing: searches the world-readable files under the audited root's walk roots and secrets paths for the "
         "deployment's own secrets (every encoding), without following links",
         "Delete the copy (a .bak, .orig or editor swap file keeps the token after the original was locked down), "
         "or chmod o-r it, and rotate the token: anyone on the host could have read it."},
        {"host.unit-inline-secret", "host", NULL, ZA_SEV_CRITICAL, "No token or password written into a systemd unit",
         "Monitoring host responsibilities: store bearer tokens with tight permissions or systemd credentials",
         "nothing: reads the units of the policy (host.units)",
         "Move the value to LoadCredential= (or a 0600 EnvironmentFile=) and rotate it: unit files are "
         "world-readable."},
        {"labels.canonical", "labels", NULL, ZA_SEV_MEDIUM,
         "Labels use the canonical spelling (container_type, never ctype)",
         "Required labels: container_type should be the canonical spelling; avoid using both ctype and container_type "
         "long-term",
         "nothing more: the targets the discovery endpoint, file_sd or Prometheus returned",
         "Rename ctype to container_type in the API, the sync script, dashboards and alerts."},
        {"labels.identifying", "labels", NULL, ZA_SEV_MEDIUM,
         "No customer- or user-identifying labels reach dashboards and alerts unreviewed",
         "Optional labels: any customer/user-identifying label should be reviewed before dashboard or alert exposure",
         "nothing more: the targets already read",
         "Drop or hash identifying labels, or review and document their exposure."},
        {"labels.lifecycle", "labels", NULL, ZA_SEV_MEDIUM,
         "Targets carry the lifecycle metadata launch debugging needs",
         "Lifecycle/debug state: ready, connectable, operationInProgress, operationType, backup/restore status, "
         "code-server status, provisioning-complete, recent failure reason",
         "nothing more: the targets already read",
         "Expose the lifecycle fields the policy lists as labels of every game/dev target."},
        {"labels.required", "labels", NULL, ZA_SEV_HIGH,
         "Every game/dev target carries vmid, instance and container_type",
         "Required labels: vmid, instance, container_type", "nothing more: the targets already read",
         "Add the required labels in the discovery API (vmid numeric, container_type one of the policy's types)."},
        {"labels.review", "labels", NULL, ZA_SEV_LOW,
         "Labels outside the contract's required and optional sets are reviewed",
         "Optional labels: server_id, game, variant, runtime, hostname, name, plan, role",
         "nothing more: the targets already read",
         "Remove the label, or add it to the policy's optional labels after review."},
        {"labels.secrets", "labels", NULL, ZA_SEV_CRITICAL, "No secrets in labels, target URLs or target metadata",
         "API discovery requirements: avoid leaking secrets in labels, URLs, logs, or target metadata; Security "
         "contract: no token leakage in labels, target URLs",
         "nothing more: the targets already read (the policy's own tokens are compared without revealing them)",
         "Remove credentials from labels, targets and __param_* values; service discovery metadata is not secret to "
         "Prometheus."},
        {"labels.stable", "labels", NULL, ZA_SEV_MEDIUM,
         "Labels are stable: one key set per container_type, unique vmids",
         "API discovery requirements: provide stable labels for Prometheus/Grafana",
         "nothing more: the targets already read",
         "Emit the same label keys for every target of a container_type and one target group per vmid."},
        {"listeners.config", "host", NULL, ZA_SEV_MEDIUM,
         "Services are configured to listen on loopback or an admin address",
         "Monitoring host responsibilities: restrict Prometheus, Grafana, and node_exporter exposure to trusted "
         "admin/monitoring paths",
         "nothing: reads listen flags in /etc/default files and unit ExecStart= lines",
         "Pass --web.listen-address=127.0.0.1:PORT (or the admin address) and firewall the port."},
        {"listeners.exposed", "listeners", NULL, ZA_SEV_MEDIUM,
         "Monitoring services on this host listen on loopback only",
         "Monitoring host responsibilities: restrict Prometheus, Grafana, and node_exporter exposure to trusted "
         "admin/monitoring paths",
         "nothing: reads the host's listening sockets (inet_diag through libnl) and /proc (vantage role host only)",
         "Bind the service to 127.0.0.1 (or the admin network's address) instead of every interface."},
        {"logs.leaked-token", "secrets", NULL, ZA_SEV_CRITICAL, "No tokens leaked in the logs the contract names",
         "Security contract: no token leakage in labels, target URLs, dashboards, or logs; Logs contract",
         "nothing: reads the log files the policy names (role host or admin), .gz included",
         "Stop logging the header/URL that carries it (mask Authorization and query tokens), purge the logs, rotate "
         "the token."},
        {"merge.policy-consistent", "merge", NULL, ZA_SEV_HIGH, "Every merged run used the same policy",
         "Security contract (one launch decision from several vantages: they must judge against the same contract)",
         "nothing: compares the policy name, version and sha256 of the merged runs",
         "Re-run the vantages whose policy differs with the launch policy."},
        {"merge.required-vantages", "merge", NULL, ZA_SEV_CRITICAL,
         "The merged launch report holds a run from every required vantage role",
         "Security contract: Prometheus, Grafana and node_exporter not publicly reachable (only an untrusted vantage "
         "can show it)",
         "nothing: looks at the roles of the merged runs",
         "Run zlh-audit from the missing vantage (an external runner for untrusted) and merge again."},
        {"node-exporter.uname", "leaks", "node_exporter", ZA_SEV_LOW,
         "An exposed node_exporter does not disclose host name and kernel",
         "Security contract: node_exporter not publicly reachable",
         "GET /metrics on a node_exporter that answered (node_uname_info)",
         "Close node_exporter to untrusted sources (see exposure.node-exporter)."},
        {"pprof.open", "leaks", NULL, ZA_SEV_MEDIUM, "An exposed Go service does not serve /debug/pprof",
         "Monitoring host responsibilities: restrict exposure to trusted admin/monitoring paths (pprof is always on in "
         "Prometheus and node_exporter: a DoS and information-leak vector)",
         "GET /debug/pprof/ on a Prometheus, node_exporter, Alloy, Alertmanager or Pushgateway that answered",
         "pprof cannot be switched off in these services: close the port to untrusted sources."},
        {"prometheus.admin-api", "leaks", "prometheus", ZA_SEV_HIGH,
         "An exposed Prometheus has its admin and lifecycle APIs disabled",
         "Security contract: Prometheus not publicly reachable",
         "GET /api/v1/status/flags on a Prometheus that answered (the admin API itself is never called)",
         "Drop --web.enable-admin-api and --web.enable-lifecycle, or close the port."},
        {"prometheus.config-literal-secrets", "host", NULL, ZA_SEV_CRITICAL,
         "prometheus.yml reads secrets from files, never holds them",
         "Monitoring host responsibilities: store bearer tokens with tight permissions or systemd credentials; "
         "Security contract: no monitoring bearer token in world-readable files",
         "nothing: reads prometheus.yml (its --config.file) under the audited root",
         "Replace bearer_token, authorization.credentials, basic_auth.password and oauth2.client_secret with their "
         "*_file forms pointing at private files or systemd credentials."},
        {"prometheus.config-secrets", "leaks", "prometheus", ZA_SEV_CRITICAL,
         "An exposed Prometheus's running configuration holds no credentials",
         "Security contract: no token leakage in labels, target URLs, dashboards, or logs",
         "GET /api/v1/status/config on a Prometheus that answered",
         "Move credentials to *_file settings (credentials_file, password_file); never put a token in an SD URL or "
         "a label: Prometheus does not redact those."},
        {"prometheus.sd-url-token", "host", NULL, ZA_SEV_HIGH, "No credential in an http_sd_configs URL",
         "API discovery requirements: avoid leaking secrets in URLs or logs",
         "nothing: reads the http_sd_configs URLs of prometheus.yml",
         "Send the token with authorization: { credentials_file: ... } and remove it from the URL; rotate it."},
        {"prometheus.targets-down", "live-targets", NULL, ZA_SEV_MEDIUM, "Game/dev targets in Prometheus are up",
         "Monitoring host responsibilities: alert on target-down by VMID/type",
         "GET <prometheus_url>/api/v1/targets (role admin or host; with the policy's token when given)",
         "Investigate the down targets (evidence lists vmid and container_type) and make sure the target-down alert "
         "fires."},
        {"prometheus.targets-secrets", "leaks", "prometheus", ZA_SEV_HIGH,
         "An exposed Prometheus's targets carry no secret-looking labels or URLs",
         "Security contract: no token leakage in labels, target URLs, dashboards, or logs",
         "GET /api/v1/targets on a Prometheus that answered",
         "Remove tokens from discovery labels and target URLs (service discovery metadata is not secret to "
         "Prometheus)."},
        {"prometheus.web-config", "host", NULL, ZA_SEV_HIGH,
         "A Prometheus listening beyond loopback has basic auth (bcrypt) or TLS",
         "Security contract: Prometheus not publicly reachable",
         "nothing: reads the --web.config.file of Prometheus under the audited root",
         "Keep Prometheus on 127.0.0.1, or give it --web.config.file with basic_auth_users (bcrypt hashes) and "
         "tls_server_config."},
        {"scan.nothing-checked", "scan", NULL, ZA_SEV_HIGH, "The scan decided at least one check",
         "All of it: a launch gate that checked nothing cannot say the contract holds",
         "nothing: appears only when every check of the policy was skipped or none applied to this role",
         "Give the policy hosts, discovery endpoints or host settings for this vantage's role, or scan from the "
         "vantage the policy is written for."},
        {"tls.certificate", "tls", NULL, ZA_SEV_HIGH,
         "Endpoints meant to be reachable present a valid certificate for their name",
         "Security contract: API monitoring endpoints fail closed without token; Grafana's intended authenticated path",
         "one TLS handshake to Grafana's intended URL and each https discovery endpoint (nothing sent after it)",
         "Serve a certificate from a trusted CA that names the host, and renew it before tls.min_days."},
        {"tls.required", "tls", NULL, ZA_SEV_HIGH, "Credentials never cross the network over plain HTTP",
         "Monitoring host responsibilities: store bearer tokens with tight permissions (a token sent in clear is "
         "leaked)",
         "nothing: judged from the URLs of Grafana's intended path and the discovery endpoints",
         "Serve Grafana's intended URL and the discovery endpoints over HTTPS."},
        {"tls.version", "tls", NULL, ZA_SEV_HIGH, "Endpoints meant to be reachable speak TLS 1.2 or newer only",
         "Security contract: Grafana's intended authenticated path; API monitoring endpoints",
         "two TLS handshakes: one as a modern client, one offering only TLS 1.0/1.1",
         "Allow only TLSv1.2 and TLSv1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3;)."},
};

size_t checks_count(void)
{
	return sizeof(checks) / sizeof(checks[0]);
}

const struct check_def *checks_at(size_t i)
{
	return i < checks_count() ? &checks[i] : NULL;
}

const struct check_def *checks_find(const char *id)
{
	for (size_t i = 0; id && i < checks_count(); i++)
		if (strcmp(checks[i].id, id) == 0)
			return &checks[i];
	return NULL;
}

const struct check_def *checks_for_service(const char *service)
{
	for (size_t i = 0; service && i < checks_count(); i++)
		if (checks[i].service && strcmp(checks[i].family, "exposure") == 0 &&
		    strcmp(checks[i].service, service) == 0)
			return &checks[i];
	return NULL;
}
