#!/usr/bin/env bash
# The host family against fake root trees (scan --root DIR): a compliant
# monitoring host, a non-compliant one, a compliant and a non-compliant
# game/dev template (the Alloy agent contract) and an appliance the policy
# excepts. Every host check is asserted with its status, and no secret read
# from a file may reach any output. Covers the host family end to end:
# probes/host.c (the runner), probes/host_common.c, probes/host_units.c,
# probes/host_token.c, probes/host_listeners.c, probes/host_prometheus.c,
# probes/host_grafana.c, probes/host_dashboards.c, probes/host_walk.c and
# probes/host_alloy.c, and engines/hostfs.c (the root confinement), with the
# readers conffile.c, promconf.c, grafprov.c.
source "$(dirname "$0")/lib.sh" "$@"

TOKEN='zlhmon_7Qk2Vx9Lw4Rt8Yp3Zs6Nb1Mc5'
GFPW='Gr4fana-Adm1n-Pw-Secret'
SYNCPW='inline-sync-s3cret-9931'

mkroot() { # DIR: the directories every root has
	mkdir -p "$1"/etc/default "$1"/etc/grafana "$1"/lib/systemd/system "$1"/etc/zlh "$1"/etc/prometheus
	chmod 755 "$1"/etc "$1"/etc/zlh
	printf 'root:x:0:\nprometheus:x:120:\ngrafana:x:121:\nstaff:x:50:\n' >"$1"/etc/group
	printf 'root:x:0:0:root:/root:/bin/bash\nprometheus:x:120:120::/var/lib/prometheus:/usr/sbin/nologin\n' >"$1"/etc/passwd
}

# ---- a compliant monitoring host ----
G=good
mkroot $G
printf '%s\n' "$TOKEN" >$G/etc/zlh/monitor.token
chmod 640 $G/etc/zlh/monitor.token
chgrp 120 $G/etc/zlh/monitor.token
printf '%s\n' "$TOKEN" >$G/etc/zlh/sync.cred
chmod 600 $G/etc/zlh/sync.cred
cat >$G/lib/systemd/system/prometheus.service <<'U'
[Unit]
Description=Monitoring system and time series database

[Service]
User=prometheus
EnvironmentFile=/etc/default/prometheus
ExecStart=/usr/bin/prometheus $ARGS
LoadCredential=discovery-token:/etc/zlh/sync.cred
U
cat >$G/etc/default/prometheus <<'E'
# Set the command-line arguments to pass to the server.
ARGS="--web.listen-address=127.0.0.1:9090 --storage.tsdb.retention.time=15d"
E
chmod 644 $G/etc/default/prometheus
cat >$G/lib/systemd/system/prometheus-node-exporter.service <<'U'
[Service]
ExecStart=/usr/bin/prometheus-node-exporter \
    --web.listen-address=127.0.0.1:9100 \
    --collector.systemd
U
cat >$G/lib/systemd/system/grafana-server.service <<'U'
[Service]
Environment="GF_PATHS_DATA=/var/lib/grafana" GF_SERVER_HTTP_ADDR=127.0.0.1
EnvironmentFile=-/etc/default/grafana-server
ExecStart=/usr/share/grafana/bin/grafana server --config=${CONF_FILE}
U
printf 'GF_SECURITY_ADMIN_PASSWORD=%s\n' "$GFPW" >$G/etc/default/grafana-server
chmod 640 $G/etc/default/grafana-server
chgrp 121 $G/etc/default/grafana-server
cat >$G/etc/grafana/grafana.ini <<'I'
; a hardened grafana.ini
[server]
http_addr = 127.0.0.1
[security]
cookie_secure = true
[auth.anonymous]
enabled = false
[users]
allow_sign_up = false
[snapshots]
public_mode = false
[metrics]
enabled = true
basic_auth_username = metrics
I

cat >$G/etc/prometheus/prometheus.yml <<'Y'
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: zlh-game
    http_sd_configs:
      - url: http://api.internal:8080/api/monitoring/targets?type=game
        authorization:
          credentials_file: /etc/zlh/monitor.token
  - job_name: node
    basic_auth:
      username: scrape
      password_file: /run/credentials/prometheus.service/scrape
    static_configs:
      - targets: ["127.0.0.1:9100"]
Y

dash() { # FILE TITLE LABEL: a dashboard whose panel queries by LABEL
	cat >"$1" <<J
{"title": "$2", "uid": "$(echo "$2" | tr -dc a-z)", "panels": [
 {"type": "timeseries", "title": "Up by type", "targets": [{"expr": "sum by ($3) (up{$3=~\\"game|dev\\"})"}]},
 {"type": "row", "title": "Row", "panels": [{"type": "stat", "title": "Count", "targets": [{"expr": "count(up)"}]}]}]}
J
}
mkdir -p $G/etc/grafana/provisioning/datasources $G/etc/grafana/provisioning/dashboards $G/var/lib/grafana/dashboards/zlh
printf 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://127.0.0.1:9090\n' \
	>$G/etc/grafana/provisioning/datasources/prometheus.yaml
printf 'apiVersion: 1\nproviders:\n  - name: zlh\n    type: file\n    options:\n      path: /var/lib/grafana/dashboards/zlh\n' \
	>$G/etc/grafana/provisioning/dashboards/zlh.yaml
dash $G/var/lib/grafana/dashboards/zlh/core.json "ZeroLagHub Core Services" container_type
dash $G/var/lib/grafana/dashboards/zlh/game.json "ZeroLagHub Game Container" container_type
dash $G/var/lib/grafana/dashboards/zlh/dev.json "ZeroLagHub Dev Container" container_type

# ---- a non-compliant monitoring host ----
B=bad
mkroot $B
printf '%s\n' "$TOKEN" >$B/etc/zlh/monitor.token
chmod 644 $B/etc/zlh/monitor.token
mkdir -m 777 $B/etc/zlh/open
printf '%s\n' "$TOKEN" >$B/etc/zlh/open/sync.cred
chmod 600 $B/etc/zlh/open/sync.cred
printf '%s\n' "$TOKEN" >$B/etc/zlh/group.cred
chmod 640 $B/etc/zlh/group.cred
chgrp 50 $B/etc/zlh/group.cred
ln -s /etc/shadow $B/etc/zlh/link.cred
cat >$B/lib/systemd/system/prometheus.service <<U
[Service]
Environment=SYNC_PASSWORD=$SYNCPW "ZLH_TOKEN=\${CREDENTIALS_DIRECTORY}/t" LOG_LEVEL=info
ExecStart=/usr/bin/prometheus --config.file=/etc/prometheus/prometheus.yml
LoadCredential=sync:/etc/zlh/open/sync.cred
LoadCredential=group:/etc/zlh/group.cred
U
cat >$B/lib/systemd/system/prometheus-node-exporter.service <<'U'
[Service]
ExecStart=/usr/bin/prometheus-node-exporter --web.listen-address=:9100
U
printf 'ARGS="--web.listen-address=0.0.0.0:9093"\n' >$B/etc/default/prometheus-alertmanager
cat >$B/lib/systemd/system/grafana-server.service <<'U'
[Service]
EnvironmentFile=/etc/default/grafana-server
ExecStart=/usr/share/grafana/bin/grafana server
U
printf 'GF_AUTH_ANONYMOUS_ENABLED=true\nGF_USERS_ALLOW_SIGN_UP=1\n' >$B/etc/default/grafana-server
chmod 600 $B/etc/default/grafana-server
cat >$B/etc/grafana/grafana.ini <<'I'
[server]
http_addr =
[security]
admin_password = admin
cookie_secure = false
[auth.anonymous]
enabled = false
[snapshots]
public_mode = true
I

cat >$B/etc/prometheus/prometheus.yml <<Y
defaults: &auth
  authorization:
    credentials: $TOKEN
scrape_configs:
  - job_name: zlh-game
    http_sd_configs:
      - url: http://api.internal:8080/api/monitoring/targets?token=$TOKEN
  - job_name: zlh-dev
    <<: *auth
    http_sd_configs:
      - url: http://api.internal:8080/api/monitoring/targets?type=dev
  - job_name: node
    basic_auth: {username: scrape, password: "$SYNCPW"}
    oauth2: {client_id: x, client_secret: "$SYNCPW"}
    bearer_token_file: shared.token
Y
printf '%s\n' "$TOKEN" >$B/etc/prometheus/shared.token
chmod 604 $B/etc/prometheus/shared.token

mkdir -p $B/etc/grafana/provisioning/datasources $B/etc/grafana/provisioning/dashboards $B/var/lib/grafana/dashboards \
	$B/etc/grafana/dash-prov
printf 'apiVersion: 1\ndatasources:\n  - name: Loki\n    type: loki\n    url: http://127.0.0.1:3100\n' \
	>$B/etc/grafana/provisioning/datasources/loki.yaml
printf 'apiVersion: 1\nproviders:\n  - name: core\n    options:\n      path: /etc/grafana/dash-prov\n' \
	>$B/etc/grafana/provisioning/dashboards/core.yaml
dash $B/etc/grafana/dash-prov/core.json "ZeroLagHub Core Services" ctype
dash $B/var/lib/grafana/dashboards/game.json "ZeroLagHub Game Container" container_type

printf 'x\n' >$B/etc/prometheus/rules.yml
chmod 666 $B/etc/prometheus/rules.yml
printf 'k\n' >$B/etc/grafana/ldap.key
chmod 644 $B/etc/grafana/ldap.key
printf 'old\n' >$B/etc/grafana/old.ini
chown 4242:4242 $B/etc/grafana/old.ini
mkdir -m 1777 $B/etc/zlh/spool

# web configurations for a Prometheus on an admin address
W=webcfg
mkroot $W
printf 'ARGS="--web.listen-address=10.9.0.5:9090 --web.config.file=/etc/prometheus/web.yml"\n' >$W/etc/default/prometheus
printf 'scrape_configs: []\n' >$W/etc/prometheus/prometheus.yml
printf 'basic_auth_users:\n  admin: plain-password-oops\n  ops: $2y$10$abcdefghijklmnopqrstuu5j3GHLnM2qkQh0tYvXq7Cq6Uo0bdSbS\n' >$W/etc/prometheus/web.yml

# ---- game/dev templates ----
GT=template-good
mkroot $GT
mkdir -p $GT/etc/alloy
printf 'CONFIG_FILE="/etc/alloy/config.alloy"\nCUSTOM_ARGS="--server.http.listen-addr=127.0.0.1:12345"\n' >$GT/etc/default/alloy
cat >$GT/etc/alloy/config.alloy <<'A'
prometheus.remote_write "default" {
  endpoint {
    url = "https://prom.internal/api/v1/write"
    basic_auth {
      username = "agent"
      password = sys.env("ZLH_PUSH_PASSWORD")
    }
  }
}
discovery.relabel "local" {
  rule {
    target_label = "container_type"
    replacement  = "game"
  }
}
A
BT=template-bad
mkroot $BT
mkdir -p $BT/etc/alloy $BT/usr/bin
printf 'CONFIG_FILE=/etc/alloy/other.alloy\nCUSTOM_ARGS="--server.http.listen-addr=0.0.0.0:12345"\n' >$BT/etc/default/alloy
printf 'basic_auth {\n  password = "%s"\n}\nrule { target_label = "ctype" }\n' "$SYNCPW" >$BT/etc/alloy/config.alloy
printf '#!/bin/sh\n' >$BT/usr/bin/prometheus-node-exporter
BT2=template-empty
mkroot $BT2

policy() { # FILE KIND AGENT [EXTRA JSON]
	cat >"$1" <<JSON
{"name": "host-lab", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "monitoring-host", "role": "host"}],
 "token_files": {"monitor": "/etc/zlh/monitor.token"},
 "exceptions": [{"name": "appliances", "host_kinds": ["appliance"], "exempt_from": ["alloy.default-file", "alloy.listen", "alloy.config", "alloy.legacy-node-exporter"],
                 "reason": "appliance-style infrastructure is not forced through the game/dev Alloy contract"}],
 "host": {"kind": "$2", "agent": $3, "allowed_groups": ["prometheus", "grafana"],
          "dashboards_required": ["ZeroLagHub Core Services", "ZeroLagHub Game Container", "ZeroLagHub Dev Container"]${4:-}}}
JSON
}
policy mon.json monitoring false
policy proxied.json monitoring false ', "grafana_behind_proxy": true, "grafana_https": true'
policy agent.json game true
policy appliance.json appliance true

expect() { # REPORT "check|target-suffix=status" ...
	local rep=$1
	shift
	/usr/bin/python3 - "$rep" "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
st = {}
for c in d["checks"]:
    st.setdefault((c["id"], c["target"]), c["status"])
bad = 0
for want in sys.argv[2:]:
    key, status = want.rsplit("=", 1)
    cid, target = key.split("|")
    got = [s for (i, t), s in st.items() if i == cid and t.endswith(target)]
    if got != ([] if status == "absent" else [status]):
        print("  %s on *%s: %s, expected %s" % (cid, target, got, status))
        bad = 1
sys.exit(bad)
PY
}

run 0 good scan --policy mon.json --root $G --out good-out
expect good-out/report.json "host.token-file|/etc/zlh/monitor.token=pass" "host.token-file|/etc/zlh/sync.cred=pass" \
	"host.token-file|/etc/default/grafana-server=pass" "host.unit-inline-secret|prometheus.service=pass" \
	"host.token-file|/etc/default/prometheus=absent" \
	"host.unit-inline-secret|grafana-server.service=pass" "listeners.config|prometheus=pass" \
	"listeners.config|node_exporter=pass" "grafana.config-anonymous|grafana.ini=pass" \
	"grafana.config-admin-password|grafana.ini=pass" "grafana.config-http-addr|grafana.ini=pass" \
	"grafana.config-signup|grafana.ini=pass" "grafana.config-snapshots|grafana.ini=pass" \
	"grafana.config-metrics|grafana.ini=pass" "grafana.config-cookie|grafana.ini=pass" \
	"prometheus.config-literal-secrets|prometheus.yml=pass" "prometheus.sd-url-token|prometheus.yml=pass" \
	"prometheus.web-config|prometheus=pass" "host.token-file|/run/credentials/prometheus.service/scrape=pass" \
	"grafana.datasource-provisioned|provisioning=pass" "grafana.dashboards-provisioned|provisioning=pass" \
	"dashboards.canonical-labels|provisioning=pass" "host.file-modes|/etc/prometheus=pass" \
	"host.file-modes|/etc/grafana=pass" "host.file-modes|/etc/zlh=pass" "host.file-modes|/etc/alloy=skipped" \
	"host.token-world-readable|world-readable files=pass" &&
	ok "compliant host: every host check passes" || bad "compliant host"

# a world-readable backup of the token: its home (0640) still passes, the
# copy fails by content (host.token-world-readable) and by its name
# (host.file-modes: backups of credential names count); nothing else changes
cp -a $G good-bak
cp $G/etc/zlh/monitor.token good-bak/etc/zlh/monitor.token.bak
chmod 644 good-bak/etc/zlh/monitor.token.bak
run 1 goodbak scan --policy mon.json --root good-bak --out goodbak-out
expect goodbak-out/report.json "host.token-file|/etc/zlh/monitor.token=pass" \
	"host.token-world-readable|world-readable files=fail" "host.file-modes|/etc/zlh=fail" &&
	grep -q '/etc/zlh/monitor.token.bak' goodbak-out/report.json &&
	ok "a 0644 .bak copy of the token fails by content and by name, the token file itself passes" || bad "token .bak copy"
/usr/bin/python3 - good-out/report.json goodbak-out/report.json <<'PY' && ok "the .bak copy fails exactly those two checks" || bad "the .bak copy changed other checks"
import json, sys
def failing(p):
    return {(c["id"], c["target"]) for c in json.load(open(p))["checks"] if c["status"] == "fail"}
extra = failing(sys.argv[2]) - failing(sys.argv[1])
assert extra == {("host.token-world-readable", "world-readable files"), ("host.file-modes", "/etc/zlh")}, extra
PY
# a line over the parser's cap (64 KiB) in Grafana's environment file or a unit:
# what was not read could override a setting, so those checks are errors, never a pass
cp -a $G good-long
head -c 70000 /dev/zero | tr '\0' x | sed 's/^/# /' >>good-long/etc/default/grafana-server
printf '\n' >>good-long/etc/default/grafana-server
{ printf 'Environment=LONG='; head -c 70000 /dev/zero | tr '\0' y; printf '\n'; } >>good-long/lib/systemd/system/prometheus.service
run 3 goodlong scan --policy mon.json --root good-long --out goodlong-out
expect goodlong-out/report.json "grafana.config-anonymous|grafana.ini=error" "grafana.config-signup|grafana.ini=error" \
	"host.unit-inline-secret|prometheus.service=error" "host.unit-inline-secret|grafana-server.service=pass" \
	"listeners.config|node_exporter=pass" "grafana.config-cookie|grafana.ini=pass" &&
	ok "a line over 64 KiB in an environment file or a unit: those checks are errors, not passes" || bad "long lines"

# many settings that are not Grafana's (past the cap of kept assignments) change nothing
cp -a $G good-env
for i in $(seq 80); do echo "X$i=1" >>good-env/etc/default/grafana-server; done
run 0 goodenv scan --policy mon.json --root good-env --out goodenv-out
expect goodenv-out/report.json "grafana.config-anonymous|grafana.ini=pass" "grafana.config-signup|grafana.ini=pass" &&
	ok "80 non-GF_ settings in Grafana's environment file: the Grafana checks still pass" || bad "non-GF settings"

# an unprivileged container's rootfs seen from its host: ids shifted by 100000
# are not "unknown users" (the root's /etc/passwd names them by the container's id)
cp -a $G good-mapped
chown -R 100000:100000 good-mapped/etc/prometheus
run 0 goodmapped scan --policy mon.json --root good-mapped --out goodmapped-out
expect goodmapped-out/report.json "host.file-modes|/etc/prometheus=pass" &&
	grep -q 'owned by mapped ids' goodmapped-out/report.json &&
	ok "mapped ids of an unprivileged container are not unknown owners, and the report says so" || bad "mapped ids"

# an editor's swap file of a credential counts by name too (mode only, no content)
cp -a $G good-swp
printf 'not the token\n' >good-swp/etc/zlh/.monitor.token.swp
chmod 644 good-swp/etc/zlh/.monitor.token.swp
run 1 goodswp scan --policy mon.json --root good-swp --out goodswp-out
expect goodswp-out/report.json "host.file-modes|/etc/zlh=fail" "host.token-world-readable|world-readable files=pass" &&
	ok "a world-readable .NAME.swp of a credential fails host.file-modes only" || bad "swap file"
# ... and one that holds the token among NUL bytes (as vim's swap files do), in
# another directory, named like nothing: found by content
cp -a $G good-swp2
{ printf 'b0VIM 9.0\0\0\0\0'; printf '%s' "$TOKEN"; printf '\0\0'; } >good-swp2/etc/prometheus/.notes.swo
chmod 644 good-swp2/etc/prometheus/.notes.swo
run 1 goodswp2 scan --policy mon.json --root good-swp2 --out goodswp2-out
expect goodswp2-out/report.json "host.token-world-readable|world-readable files=fail" &&
	ok "the token inside a binary swap file is found" || bad "binary swap file"

run 1 bad scan --policy mon.json --root $B --out bad-out
expect bad-out/report.json "host.token-file|/etc/zlh/monitor.token=fail" "host.token-file|/etc/zlh/open/sync.cred=fail" \
	"host.token-file|/etc/zlh/group.cred=fail" "host.token-file|/etc/default/grafana-server=absent" \
	"host.unit-inline-secret|prometheus.service=fail" "listeners.config|prometheus=fail" \
	"listeners.config|node_exporter=fail" "listeners.config|alertmanager=fail" \
	"grafana.config-anonymous|grafana.ini=fail" "grafana.config-admin-password|grafana.ini=fail" \
	"grafana.config-http-addr|grafana.ini=fail" "grafana.config-signup|grafana.ini=fail" \
	"grafana.config-snapshots|grafana.ini=fail" "grafana.config-metrics|grafana.ini=fail" \
	"grafana.config-cookie|grafana.ini=pass" \
	"prometheus.config-literal-secrets|prometheus.yml=fail" "prometheus.sd-url-token|prometheus.yml=fail" \
	"prometheus.web-config|prometheus=fail" "host.token-file|/etc/prometheus/shared.token=fail" \
	"grafana.datasource-provisioned|provisioning=fail" "grafana.dashboards-provisioned|provisioning=fail" \
	"dashboards.canonical-labels|provisioning=fail" "host.file-modes|/etc/prometheus=fail" \
	"host.file-modes|/etc/grafana=fail" "host.file-modes|/etc/zlh=fail" &&
	ok "non-compliant host: each problem fails its check" || bad "non-compliant host"
grep -q 'SYNC_PASSWORD' bad-out/report.json && ! grep -q 'ZLH_TOKEN=' bad-out/report.json &&
	ok "the inline secret is named by key; a credentials-directory reference is not a secret" || bad "inline secret evidence"

/usr/bin/python3 - bad-out/report.json <<'PY' && ok "literal secrets named by YAML path and line, the alias too" || bad "literal evidence"
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["checks"] if c["id"] == "prometheus.config-literal-secrets"][0]
ev = sorted(e["detail"] for e in c["evidence"])
want = ["line 3: defaults.authorization.credentials holds the secret itself",
        "line 3: scrape_configs[1].<<.authorization.credentials holds the secret itself",
        "line 13: scrape_configs[2].basic_auth.password holds the secret itself",
        "line 14: scrape_configs[2].oauth2.client_secret holds the secret itself"]
assert ev == sorted(want), ev
PY

/usr/bin/python3 - bad-out/report.json <<'PY' && ok "file modes: each offender named, a sticky directory and a link are fine" || bad "file modes evidence"
import json, sys
d = json.load(open(sys.argv[1]))
ev = {}
for c in d["checks"]:
    if c["id"] == "host.file-modes":
        for e in c["evidence"]:
            ev[e["location"]] = e["detail"].split(" (mode")[0]
want = {"/etc/prometheus/rules.yml": "writable by every user", "/etc/prometheus/shared.token": "a credential-named file readable by every user",
        "/etc/grafana/ldap.key": "a credential-named file readable by every user",
        "/etc/grafana/old.ini": "owned by a user or group this system does not know",
        "/etc/zlh/open": "directory writable by every user", "/etc/zlh/monitor.token": "a credential-named file readable by every user"}
assert ev == want, ev
PY
/usr/bin/python3 - bad-out/report.json <<'PY' && ok "dashboards: on disk only, missing, ctype by panel" || bad "dashboards evidence"
import json, sys
d = json.load(open(sys.argv[1]))
c = {c["id"]: c for c in d["checks"]}
ev = [e["detail"] for e in c["grafana.dashboards-provisioned"]["evidence"]]
assert "'ZeroLagHub Game Container' is on disk but no provider loads its folder: not visible in Grafana" in ev, ev
assert "required, not in any provisioned folder" in ev and "'ZeroLagHub Core Services' provisioned" in ev, ev
ev = [e["detail"] for e in c["dashboards.canonical-labels"]["evidence"]]
assert ev == ["panel 'Up by type': a query uses ctype"], ev
PY

run 1 web scan --policy mon.json --root $W --out web-out
expect web-out/report.json "prometheus.web-config|/etc/prometheus/web.yml=fail" "listeners.config|prometheus=pass" &&
	grep -q '1 of 2 basic_auth_users are not bcrypt' web-out/report.json && ok "a plain-text web config password fails" ||
	bad "web config"
sed -i '/plain-password/d' $W/etc/prometheus/web.yml
run 0 web2 scan --policy mon.json --root $W --out web2-out
expect web2-out/report.json "prometheus.web-config|/etc/prometheus/web.yml=pass" && ok "bcrypt basic auth passes" || bad "web config bcrypt"

run 1 proxied scan --policy proxied.json --root $B --out proxied-out
expect proxied-out/report.json "grafana.config-http-addr|grafana.ini=pass" "grafana.config-cookie|grafana.ini=fail" &&
	ok "behind the policy's HTTPS reverse proxy: http_addr accepted, insecure cookies fail" || bad "proxied"

# a symbolic link planted as a token file is not followed, and cannot escape the root
policy link.json monitoring false
sed -i 's|/etc/zlh/monitor.token|/etc/zlh/link.cred|' link.json
run 1 link scan --policy link.json --root $B --out link-out
expect link-out/report.json "host.token-file|/etc/zlh/link.cred=error" && ok "a symbolic link is not followed" || bad "link"

# a path that climbs out through a symbolic link stays inside the root: the
# host's own /etc/hostname (mode 0644) would fail; the root has none
ln -s ../../../../../../../etc $B/etc/zlh/up
policy esc.json monitoring false
sed -i 's|/etc/zlh/monitor.token|/etc/zlh/up/hostname|' esc.json
run 1 esc scan --policy esc.json --root $B --out esc-out
expect esc-out/report.json "host.token-file|/etc/zlh/up/hostname=skipped" && ok "paths cannot leave the root" || bad "escape"

run 0 tgood scan --policy agent.json --root $GT --out tgood-out
expect tgood-out/report.json "host.token-file|/etc/zlh/monitor.token=skipped" "alloy.default-file|/etc/default/alloy=pass" "alloy.config|/etc/alloy/config.alloy=pass" \
	"alloy.listen|/etc/default/alloy=pass" \
	"alloy.legacy-node-exporter|node-exporter=pass" "grafana.config-anonymous|grafana.ini=skipped" \
	"grafana.dashboards-provisioned|provisioning=skipped" &&
	ok "compliant template: the agent contract holds" || bad "compliant template"
run 1 tbad scan --policy agent.json --root $BT --out tbad-out
expect tbad-out/report.json "alloy.default-file|/etc/default/alloy=fail" "alloy.config|/etc/alloy/config.alloy=fail" \
	"alloy.listen|/etc/default/alloy=fail" \
	"alloy.legacy-node-exporter|node-exporter=fail" &&
	ok "non-compliant template: each breach fails" || bad "non-compliant template"
grep -q 'line 2: a password written as a string literal' tbad-out/report.json &&
	grep -q 'line 4: the label ctype' tbad-out/report.json && ok "config.alloy findings name their lines" ||
	bad "config.alloy evidence"
run 1 tempty scan --policy agent.json --root $BT2 --out tempty-out
expect tempty-out/report.json "alloy.default-file|/etc/default/alloy=fail" "alloy.config|/etc/alloy/config.alloy=fail" \
	"alloy.listen|/etc/default/alloy=pass" &&
	ok "a template without Alloy fails the contract" || bad "empty template"
run 0 appliance scan --policy appliance.json --root $BT --out appliance-out
expect appliance-out/report.json "alloy.default-file|/etc/default/alloy=skipped" "alloy.listen|/etc/default/alloy=skipped" \
	"alloy.legacy-node-exporter|node-exporter=skipped" && grep -q 'appliance-style infrastructure' appliance-out/report.json &&
	ok "an appliance is excepted from the agent contract, with the reason" || bad "appliance"

# a grafana.ini that is there but cannot be read as text is an error, never a skip or a pass
E=unreadable
mkroot $E
printf '[auth.anonymous]\nenabled = true\n\0binary\n' >$E/etc/grafana/grafana.ini
mkdir -p $E/etc/grafana/provisioning/dashboards $E/var/lib/grafana/dashboards
printf 'apiVersion: 1\nproviders:\n  - name: zlh\n    options:\n      path: /var/lib/grafana/dashboards\n' \
	>$E/etc/grafana/provisioning/dashboards/zlh.yaml
dash $E/var/lib/grafana/dashboards/core.json "ZeroLagHub Core Services" container_type
printf '{"title": "broken", "panels": [' >$E/var/lib/grafana/dashboards/broken.json
run 1 unreadable scan --policy mon.json --root $E --out unreadable-out
expect unreadable-out/report.json "grafana.config-anonymous|grafana.ini=error" && ok "an unreadable grafana.ini is an error" ||
	bad "unreadable grafana.ini"
expect unreadable-out/report.json "dashboards.canonical-labels|provisioning=error" &&
	ok "a provisioned dashboard that does not parse makes the label check an error, not a pass" || bad "unparsed dashboard"

run 2 noroot scan --policy mon.json --root "$T/does-not-exist" --out x
grep -q 'does-not-exist' noroot.err && ok "a missing root is named" || bad "missing root message"
run 2 rootrole scan --policy mon.json --root $G --role untrusted --out x

for v in "$TOKEN" "$GFPW" "$SYNCPW" plain-password-oops; do
	if grep -rqF -- "$v" ./*-out ./*.out ./*.err 2>/dev/null; then
		bad "a secret read from a file reached an output: ${v:0:4}..."
	fi
done
ok "no secret read from a file appears in reports, stdout or stderr"
finish
