# shellcheck shell=bash
# compliant.sh - a compliant ZeroLagHub monitoring deployment, for the
# launch gate's both-ways proof (sourced after common.sh; needs lab_require).
#
# The live lab (network namespaces of lab.sh plus an admin one):
#   mon 203.0.113.10   the monitoring host: the real Debian prometheus on
#                      loopback, the real prometheus-node-exporter on the
#                      host's address, the Grafana fixture on loopback behind
#                      the real nginx (TLS with the lab CA, basic auth) on
#                      :443, the discovery fixture on :8443 over TLS, fail
#                      closed (OPTIONS answered 501, as a stock framework does)
#   out 198.51.100.50  an untrusted vantage: nftables in mon drops it on 9100
#   adm 192.0.2.20     the admin network: reaches node_exporter directly
# The root tree (compliant_root DIR): the same host's files, as `scan --root`
# reads them: units and /etc/default files with loopback listen flags, a
# hardened grafana.ini, provisioned datasource and dashboards on canonical
# labels, the monitoring token 0600 in /etc/zlh-audit, a fresh file_sd file,
# Alloy on 127.0.0.1:12345 with /etc/alloy/config.alloy, and logs (0640) full
# of redacted and placeholder values (tests/secrets/placeholder_corpus.py).
#
#   compliant_up               start the live lab (after lab_require)
#   compliant_root DIR         write the root tree
#   compliant_policy FILE      the one policy of every scan
#   compliant_scans NAME [ROOT] the three scans into NAME/{outside,admin,host}
#                              and their merge into NAME/merged (exit codes in
#                              NAME/*.rc); ROOT defaults to $CL_ROOT
#   compliant_failing NAME     the failing check ids of the merged report, sorted
#
# Faults are applied by the tests (test_compliant.sh, test_faults.sh) on top.

CL_ADM_ADDR=192.0.2.20
CL_GRAFANA_URL=https://grafana.zlh-lab.example/
CL_DISCOVERY_URL=https://203.0.113.10:8443/api/monitoring/targets

# a token with characters each encoding changes (percent, JSON, base64)
cl_token() {
	printf 'zlhmon_%s/%s+%s=' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" \
		"$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')" "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
}

compliant_root() {
	local R=$1
	mkdir -p "$R"/etc/default "$R"/etc/grafana/provisioning/datasources "$R"/etc/grafana/provisioning/dashboards \
		"$R"/lib/systemd/system "$R"/etc/zlh-audit "$R"/etc/prometheus/file_sd "$R"/etc/alloy \
		"$R"/var/lib/grafana/dashboards/zlh "$R"/var/log/zlh
	chmod 755 "$R" "$R"/etc "$R"/etc/zlh-audit "$R"/etc/prometheus "$R"/etc/prometheus/file_sd "$R"/etc/grafana \
		"$R"/etc/alloy "$R"/var "$R"/var/log "$R"/var/log/zlh
	printf 'root:x:0:\nadm:x:4:\nprometheus:x:120:\ngrafana:x:121:\nalloy:x:122:\n' >"$R"/etc/group
	printf 'root:x:0:0:root:/root:/bin/bash\nprometheus:x:120:120::/var/lib/prometheus:/usr/sbin/nologin\n' >"$R"/etc/passwd
	(umask 077 && cl_token >"$R"/etc/zlh-audit/discovery.token)
	# Prometheus: loopback, the token by file, file_sd from the monitor sync
	cat >"$R"/lib/systemd/system/prometheus.service <<-'U'
		[Unit]
		Description=Monitoring system and time series database
		[Service]
		User=prometheus
		EnvironmentFile=/etc/default/prometheus
		ExecStart=/usr/bin/prometheus $ARGS
	U
	printf 'ARGS="--web.listen-address=127.0.0.1:9090"\n' >"$R"/etc/default/prometheus
	cat >"$R"/etc/prometheus/prometheus.yml <<-'Y'
		global:
		  scrape_interval: 15s
		scrape_configs:
		  - job_name: node
		    static_configs:
		      - targets: ["203.0.113.10:9100"]
		  - job_name: zlh
		    file_sd_configs:
		      - files: ["/etc/prometheus/file_sd/zlh-*.json"]
	Y
	/usr/bin/python3 - "$R"/etc/prometheus/file_sd/zlh-targets.json <<-'PY'
		import json, sys
		life = {"ready": "true", "connectable": "true", "operationInProgress": "false", "operationType": "none",
		        "backupStatus": "ok", "restoreStatus": "none", "provisioningComplete": "true",
		        "lastFailureReason": "none", "state": "running"}
		groups = [{"targets": ["203.0.113.21:9100"],
		           "labels": dict(vmid="101", instance="game-101", container_type="game", game="minecraft", **life)},
		          {"targets": ["203.0.113.22:9100"],
		           "labels": dict(vmid="201", instance="dev-201", container_type="dev", runtime="node",
		                          codeServerStatus="running",
		                          **dict(life, backupStatus="failed",
		                                 lastFailureReason="backup upload refused: Authorization: Bearer <token>"))}]
		json.dump(groups, open(sys.argv[1], "w"), indent=1)
	PY
	# node_exporter: the host's own address (the admin network scrapes it; nftables keeps others out)
	printf '[Service]\nEnvironmentFile=/etc/default/prometheus-node-exporter\nExecStart=/usr/bin/prometheus-node-exporter $ARGS\n' \
		>"$R"/lib/systemd/system/prometheus-node-exporter.service
	printf 'ARGS="--web.listen-address=203.0.113.10:9100"\n' >"$R"/etc/default/prometheus-node-exporter
	# Grafana: loopback behind the authenticating proxy, hardened
	cat >"$R"/lib/systemd/system/grafana-server.service <<-'U'
		[Service]
		Environment="GF_PATHS_DATA=/var/lib/grafana"
		LoadCredential=admin-password:/etc/grafana/admin.password
		ExecStart=/usr/share/grafana/bin/grafana server --config=/etc/grafana/grafana.ini
	U
	(umask 077 && cl_token >"$R"/etc/grafana/admin.password)
	cat >"$R"/etc/grafana/grafana.ini <<-'I'
		[server]
		http_addr = 127.0.0.1
		[security]
		admin_password = $__file{/run/credentials/grafana-server.service/admin-password}
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
	chmod 640 "$R"/etc/grafana/grafana.ini
	chgrp 121 "$R"/etc/grafana/grafana.ini
	printf 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://127.0.0.1:9090\n' \
		>"$R"/etc/grafana/provisioning/datasources/prometheus.yaml
	printf 'apiVersion: 1\nproviders:\n  - name: zlh\n    type: file\n    options:\n      path: /var/lib/grafana/dashboards/zlh\n' \
		>"$R"/etc/grafana/provisioning/dashboards/zlh.yaml
	cl_dash "$R"/var/lib/grafana/dashboards/zlh/core.json "ZeroLagHub Core Services" container_type
	cl_dash "$R"/var/lib/grafana/dashboards/zlh/game.json "ZeroLagHub Game Container" container_type
	cl_dash "$R"/var/lib/grafana/dashboards/zlh/dev.json "ZeroLagHub Dev Container" container_type
	# Alloy: the agent contract (loopback, the canonical file)
	printf 'CONFIG_FILE="/etc/alloy/config.alloy"\nCUSTOM_ARGS="--server.http.listen-addr=127.0.0.1:12345"\n' >"$R"/etc/default/alloy
	cat >"$R"/etc/alloy/config.alloy <<-'A'
		prometheus.remote_write "local" {
		  endpoint {
		    url = "http://127.0.0.1:9090/api/v1/write"
		    basic_auth {
		      username = "alloy"
		      password = sys.env("ALLOY_REMOTE_PASSWORD")
		    }
		  }
		}
		discovery.relabel "zlh" {
		  rule {
		    target_label = "container_type"
		    replacement  = "game"
		  }
		}
	A
	# logs: redacted, full of placeholder forms; 0640 root:adm as Debian's logs are
	/usr/bin/python3 "$ROOT/tests/secrets/placeholder_corpus.py" fp | sed 's/^/2026-11-30T06:00:00Z api /' >"$R"/var/log/zlh/api.log
	{
		echo '2026-11-30T06:00:01Z sync GET /api/monitoring/targets 200 Authorization: Bearer [REDACTED]'
		echo '{"ts":"2026-11-30T06:00:02Z","msg":"discovery sync ok","token":"[FILTERED]","url":"https://203.0.113.10:8443/api/monitoring/targets?token=%5BFILTERED%5D"}'
		echo '2026-11-30T06:00:03Z sync wrote /etc/prometheus/file_sd/zlh-targets.json (2 groups)'
	} >"$R"/var/log/zlh/sync.log
	gzip -c "$R"/var/log/zlh/sync.log >"$R"/var/log/zlh/sync.log.1.gz
	chmod 640 "$R"/var/log/zlh/*
	chgrp 4 "$R"/var/log/zlh/*
}

cl_dash() { # FILE TITLE LABEL: a dashboard whose panels query by LABEL
	cat >"$1" <<-J
		{"title": "$2", "uid": "$(echo "$2" | tr -dc a-z)", "panels": [
		 {"type": "timeseries", "title": "Up by type", "targets": [{"expr": "sum by ($3) (up{$3=~\\"game|dev\\"})"}]},
		 {"type": "row", "title": "Row", "panels": [{"type": "stat", "title": "Count", "targets": [{"expr": "count(up)"}]}]}]}
	J
}

compliant_policy() {
	cat >"$1" <<-JSON
		{"name": "zlh-compliant-lab", "version": "1",
		 "description": "tests/labs/compliant.sh: a compliant deployment in network namespaces",
		 "gate_severity": "low", "fingerprints": "$ROOT/policies/fingerprints.json",
		 "timeouts": {"connect_ms": 1000, "transfer_ms": 3000},
		 "tls": {"ca_file": "$LAB_CA"},
		 "untrusted_range": "198.51.100.64/26",
		 "grafana_url": "$CL_GRAFANA_URL",
		 "vantages": [{"name": "lab-outside", "role": "untrusted"}, {"name": "lab-admin", "role": "admin"},
		              {"name": "lab-host", "role": "host"}],
		 "required_roles": ["untrusted", "admin", "host"],
		 "expect": {"prometheus": {"untrusted": "unreachable", "admin": "unreachable"},
		            "node_exporter": {"untrusted": "unreachable", "admin": "reachable"},
		            "grafana": {"untrusted": "unreachable", "admin": "unreachable"}},
		 "labels": $(/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["labels"]))' "$ROOT/policies/demo.json"),
		 "hosts": [{"name": "monitor", "address": "203.0.113.10", "kind": "monitoring",
		            "services": [{"service": "prometheus", "port": 9090}, {"service": "node_exporter", "port": 9100},
		                         {"service": "grafana", "port": 3000}]}],
		 "discovery": [{"name": "zlh-api", "url": "$CL_DISCOVERY_URL", "token_file": "discovery",
		                "debug_params": ["include=deleted", "debug=1"], "historical_param": "historical=1"}],
		 "token_files": {"discovery": "/etc/zlh-audit/discovery.token"},
		 "file_sd": {"paths": ["/etc/prometheus/file_sd/zlh-*.json"], "max_age_s": 900, "discovery": "zlh-api"},
		 "secrets": {"logs": {"api": ["/var/log/zlh/api*.log*"], "sync": ["/var/log/zlh/sync*"]},
		             "files": ["/etc/zlh-audit", "/etc/grafana/grafana.ini"]},
		 "host": {"kind": "monitoring", "agent": true,
		          "walk_roots": ["/etc/prometheus", "/etc/grafana", "/etc/alloy", "/etc/zlh-audit", "/var/log/zlh"],
		          "dashboards_required": ["ZeroLagHub Core Services", "ZeroLagHub Game Container", "ZeroLagHub Dev Container"]},
		 "exceptions": [{"name": "monitoring-host-exporter", "host_kinds": ["monitoring"],
		                 "exempt_from": ["alloy.legacy-node-exporter"],
		                 "reason": "the monitoring host keeps node_exporter (contract: node_exporter not publicly reachable); the legacy check is for game/dev templates"}]}
	JSON
}

CL_NGINX_GOOD='
  server {
    listen 203.0.113.10:443 ssl;
    server_name grafana.zlh-lab.example;
    ssl_certificate CERT;
    ssl_certificate_key KEY;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      auth_basic "ZeroLagHub monitoring";
      auth_basic_user_file HTPASSWD;
      proxy_pass http://127.0.0.1:3000;
    }
  }'

# cl_nginx NAME CERT KEY [noauth]: (re)start the Grafana proxy
cl_nginx() {
	local conf=${CL_NGINX_GOOD//CERT/$2}
	conf=${conf//KEY/$3}
	conf=${conf//HTPASSWD/$LAB_DIR/htpasswd}
	if [ "${4:-}" = noauth ]; then
		conf=$(printf '%s\n' "$conf" | grep -v auth_basic)
	fi
	lab_start_nginx "$1" "$conf"
	lab_wait "$LAB_NS_MON" 203.0.113.10 443
}

# cl_restart NAME: stop the lab process whose log is NAME.log (a fixture or a service)
cl_stop() {
	local pid
	for pid in "${LAB_PIDS[@]}"; do
		if [ "$(readlink "/proc/$pid/fd/1" 2>/dev/null)" = "$LAB_DIR/$1.log" ]; then
			kill "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null || true
		fi
	done
}

# cl_discovery MODE [fixture options]: (re)start the discovery endpoint
cl_discovery() {
	cl_stop discovery-8443
	_lab_bg discovery-8443 "$LAB_PY" "$ROOT/tests/fixtures/discovery_fixture.py" --listen 203.0.113.10:8443 \
		--mode "$1" --token-file "$CL_ROOT/etc/zlh-audit/discovery.token" --tls-cert "$LAB_CERT" --tls-key "$LAB_KEY" \
		"${@:2}"
	lab_wait "$LAB_NS_MON" 203.0.113.10 8443
}

compliant_up() {
	CL_ROOT=$LAB_DIR/root
	compliant_root "$CL_ROOT"
	lab_ca
	lab_add_ns adm "$CL_ADM_ADDR"
	CL_NS_ADM=$LAB_NS_NEW
	for ns in "$LAB_NS_OUT" "$CL_NS_ADM"; do
		lab_hosts "$ns" "203.0.113.10 grafana.zlh-lab.example" "127.0.0.1 localhost"
	done
	lab_start_prometheus 127.0.0.1:9090
	lab_start_node_exporter 203.0.113.10:9100
	lab_start_grafana 127.0.0.1:3000
	printf 'admin:%s\n' "$(openssl passwd -apr1 "$(cl_token)")" >"$LAB_DIR/htpasswd"
	cl_nginx grafana-proxy "$LAB_CERT" "$LAB_KEY"
	cl_discovery fail-closed --options-501
	lab_drop_from_outside 9100
	compliant_policy "$LAB_DIR/compliant.json"
}

# compliant_scans NAME [ROOT]: the three scans and their merge
compliant_scans() {
	local n=$1 root=${2:-$CL_ROOT} tok
	tok=$root/etc/zlh-audit/discovery.token
	mkdir -p "$n"
	# inside the namespaces (ip netns exec: their /etc/hosts names grafana.zlh-lab.example)
	_cl_scan "$n/outside" "$LAB_NS_OUT" --vantage-name lab-outside --token-file "discovery=$tok"
	_cl_scan "$n/admin" "$CL_NS_ADM" --vantage-name lab-admin --token-file "discovery=$tok"
	_cl_scan "$n/host" "" --root "$root" --vantage-name lab-host
	compliant_merge "$n"
}

_cl_scan() { # OUT NETNS|"" ARGS...
	local out=$1 ns=$2 rc=0
	shift 2
	if [ -n "$ns" ]; then
		ip netns exec "$ns" "$ZA" scan --policy "$LAB_DIR/compliant.json" --quiet --out "$out" "$@" \
			>"$out.out" 2>"$out.err" || rc=$?
	else
		"$ZA" scan --policy "$LAB_DIR/compliant.json" --quiet --out "$out" "$@" >"$out.out" 2>"$out.err" || rc=$?
	fi
	echo "$rc" >"$out.rc"
}

compliant_merge() {
	local n=$1 rc=0
	"$ZA" merge "$n/outside/report.json" "$n/admin/report.json" "$n/host/report.json" \
		--policy "$LAB_DIR/compliant.json" --quiet --out "$n/merged" >"$n/merged.out" 2>"$n/merged.err" || rc=$?
	echo "$rc" >"$n/merged.rc"
}

compliant_failing() {
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted({c["id"] for c in d["checks"] if c["status"] in ("fail", "error")})))' "$1/merged/report.json"
}
