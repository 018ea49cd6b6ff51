#!/usr/bin/env bash
# The single-fault matrix on top of the compliant lab (compliant.sh): each
# variant breaks exactly one clause of the contract - a port opened, a wrong
# token accepted, a deleted target returned, ctype in one dashboard, the
# token in one log line in each encoding, a .bak copy 0644, config.river,
# Alloy on 0.0.0.0, a stale file_sd file, an inline bearer_token, ... - and
# the set of failing check ids of the merged launch report must equal the
# variant's expected set: no more, no fewer, and no error anywhere.
#
# Live-service faults rescan the two network vantages (the root tree is
# unchanged, its baseline scan is reused) and are undone afterwards; file
# faults apply to a copy of the root tree and rescan it (the network scans of
# the baseline are reused: nothing they see changed). FAULTS=a,b runs some.
source "$(dirname "$0")/common.sh"
source "$HERE/compliant.sh"
lab_require
compliant_up
compliant_scans base
if [ "$(cat base/merged.rc)" != 0 ]; then
	echo "FAILED: the compliant baseline does not pass: $(compliant_failing base)"
	exit 1
fi
TOKEN=$(cat "$CL_ROOT/etc/zlh-audit/discovery.token")
pass=0
fail=0

# variant NAME net|root|both "EXPECTED IDS" APPLY [UNDO]
variant() {
	local name=$1 mode=$2 want=$3 apply=$4 undo=${5:-} got root=$CL_ROOT
	case ",${FAULTS:-$name}," in *",$name,"*) ;; *) return 0 ;; esac
	mkdir -p "$name"
	if [ "$mode" != net ]; then
		root=$LAB_DIR/root-$name
		cp -a "$CL_ROOT" "$root"
	fi
	FAULT_ROOT=$root "$apply"
	local tok=$root/etc/zlh-audit/discovery.token
	if [ "$mode" = root ]; then
		cp -a base/outside base/admin base/outside.rc base/admin.rc "$name/"
	else
		_cl_scan "$name/outside" "$LAB_NS_OUT" --vantage-name lab-outside --token-file "discovery=$tok"
		_cl_scan "$name/admin" "$CL_NS_ADM" --vantage-name lab-admin --token-file "discovery=$tok"
	fi
	if [ "$mode" = net ]; then
		cp -a base/host base/host.rc "$name/"
	else
		_cl_scan "$name/host" "" --root "$root" --vantage-name lab-host
	fi
	[ -n "$undo" ] && "$undo"
	compliant_merge "$name"
	got=$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
# failing ids, and erring ones as ID=error (a variant may expect those: a scanner that could not see)
f = {c["id"] for c in d["checks"] if c["status"] == "fail"}
f |= {c["id"] + "=error" for c in d["checks"] if c["status"] == "error"}
print(" ".join(sorted(f)))' "$name/merged/report.json")
	want=$(echo "$want" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok: $name fails exactly: $want"
	else
		fail=$((fail + 1))
		echo "FAILED: $name: expected [$want], got [$got]"
	fi
	if grep -rqF -- "$TOKEN" "$name"; then
		fail=$((fail + 1))
		echo "FAILED: $name: the token reached an output"
	fi
}

# ---- faults of the live services ----
f_exporter_open() { ip netns exec "$LAB_NS_MON" nft delete table inet zlhlab; }
u_exporter_open() { lab_drop_from_outside 9100; }
variant exporter-open net "exposure.node-exporter node-exporter.uname pprof.open" f_exporter_open u_exporter_open

f_grafana_anon() {
	cl_stop nginx-grafana-proxy
	cl_stop grafana-3000
	lab_start_grafana 127.0.0.1:3000 --anonymous
	cl_nginx grafana-proxy "$LAB_CERT" "$LAB_KEY" noauth
}
u_grafana_anon() {
	cl_stop nginx-grafana-proxy
	cl_stop grafana-3000
	lab_start_grafana 127.0.0.1:3000
	cl_nginx grafana-proxy "$LAB_CERT" "$LAB_KEY"
}
variant grafana-anonymous-path net "grafana.auth-gate" f_grafana_anon u_grafana_anon

f_cert_expired() {
	lab_ca_expired
	cl_stop nginx-grafana-proxy
	cl_nginx grafana-proxy "$LAB_OLD_CERT" "$LAB_OLD_KEY"
}
u_cert_expired() {
	cl_stop nginx-grafana-proxy
	cl_nginx grafana-proxy "$LAB_CERT" "$LAB_KEY"
}
variant cert-expired net "tls.certificate" f_cert_expired u_cert_expired

u_discovery() { cl_discovery fail-closed --options-501; }
f_any_bearer() { cl_discovery any-bearer --options-501; }
variant wrong-token-accepted net "discovery.bad-token" f_any_bearer u_discovery
f_fail_open() { cl_discovery fail-open; }
variant fail-open net "discovery.tokenless discovery.bad-token discovery.empty-bearer discovery.wrong-scheme discovery.debug-mode discovery.methods discovery.token-in-query" \
	f_fail_open u_discovery
f_debug_open() { cl_discovery debug-open --options-501; }
variant debug-mode-open net "discovery.debug-mode" f_debug_open u_discovery
f_token_query() { cl_discovery token-in-query --options-501; }
variant token-in-query net "discovery.token-in-query" f_token_query u_discovery
f_deleted() { cl_discovery fail-closed --options-501 --targets historical-default; }
variant deleted-target-returned net "discovery.active-only" f_deleted u_discovery
# a wrong discovery path: 404 to everyone is no proof of refusing (the real token gets no list there either),
# and with no list the label checks of that endpoint could not run (errors, never silently absent)
f_wrong_path() { cl_discovery fail-closed --options-501 --path /api/v2/monitoring/targets; }
variant wrong-discovery-path net "discovery.token-accepted discovery.tokenless=error discovery.bad-token=error discovery.empty-bearer=error discovery.wrong-scheme=error discovery.debug-mode=error discovery.token-in-query=error discovery.methods=error discovery.active-only=error labels.canonical=error labels.identifying=error labels.lifecycle=error labels.required=error labels.review=error labels.secrets=error labels.stable=error" \
	f_wrong_path u_discovery
f_ctype() { cl_discovery fail-closed --options-501 --targets ctype; }
variant discovery-ctype net "labels.canonical labels.required" f_ctype u_discovery
f_token_label() { cl_discovery fail-closed --options-501 --targets token-label; }
# the token comes in a label the contract does not list (api_key): un-reviewed too
variant token-in-label net "labels.secrets labels.review" f_token_label u_discovery
f_failure_token() { cl_discovery fail-closed --options-501 --targets failure-token; }
# a lifecycle label the contract lists ("recent failure reason where safe") quotes the token: a leak, nothing else
variant failure-reason-token net "labels.secrets" f_failure_token u_discovery
f_no_lifecycle() { cl_discovery fail-closed --options-501 --targets no-lifecycle; }
# the game container says nothing of its backup or provisioning state
variant lifecycle-missing net "labels.lifecycle" f_no_lifecycle u_discovery

# ---- faults of the host's files ----
f_dash_ctype() { sed -i 's/container_type/ctype/g' "$FAULT_ROOT/var/lib/grafana/dashboards/zlh/game.json"; }
variant dashboard-ctype root "dashboards.canonical-labels" f_dash_ctype
f_dash_disk() { mv "$FAULT_ROOT/var/lib/grafana/dashboards/zlh/dev.json" "$FAULT_ROOT/var/lib/grafana/dashboards/"; }
variant dashboard-on-disk-only root "grafana.dashboards-provisioned" f_dash_disk

# the token in one log line, in each encoding the scanner knows
f_log_raw() { echo "2026-11-30T06:10:00Z api Authorization: Bearer $TOKEN" >>"$FAULT_ROOT/var/log/zlh/api.log"; }
f_log_pct() {
	echo "2026-11-30T06:10:00Z api GET /x?t=$(/usr/bin/python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$TOKEN")" \
		>>"$FAULT_ROOT/var/log/zlh/api.log"
}
f_log_json() {
	/usr/bin/python3 -c 'import json,sys; print(json.dumps({"msg": "sync", "auth": sys.argv[1]}).replace("/", "\\/"))' "$TOKEN" \
		>>"$FAULT_ROOT/var/log/zlh/sync.log"
}
f_log_b64() {
	echo "2026-11-30T06:10:00Z api debug $(printf '%s' "$TOKEN" | base64 -w0)" | gzip -c >"$FAULT_ROOT/var/log/zlh/api.log.2.gz"
	chmod 640 "$FAULT_ROOT/var/log/zlh/api.log.2.gz"
}
variant token-in-log-raw root "logs.leaked-token" f_log_raw
variant token-in-log-percent root "logs.leaked-token" f_log_pct
variant token-in-log-json root "logs.leaked-token" f_log_json
variant token-in-log-base64-gz root "logs.leaked-token" f_log_b64

f_bak() {
	cp "$FAULT_ROOT/etc/zlh-audit/discovery.token" "$FAULT_ROOT/etc/zlh-audit/discovery.token.bak"
	chmod 644 "$FAULT_ROOT/etc/zlh-audit/discovery.token.bak"
}
variant token-bak-0644 root "host.token-world-readable host.file-modes files.leaked-token" f_bak
f_mode() { chmod 644 "$FAULT_ROOT/etc/zlh-audit/discovery.token"; }
variant token-file-0644 both "host.token-file discovery.token-file host.file-modes" f_mode
f_river() { sed -i 's|config.alloy"|config.river"|' "$FAULT_ROOT/etc/default/alloy"; }
variant alloy-config-river root "alloy.default-file" f_river
f_alloy_any() { sed -i 's|127.0.0.1:12345|0.0.0.0:12345|' "$FAULT_ROOT/etc/default/alloy"; }
variant alloy-on-all-interfaces root "alloy.listen" f_alloy_any
f_alloy_unit() {
	sed -i '/CUSTOM_ARGS/d' "$FAULT_ROOT/etc/default/alloy"
	printf '[Service]\nEnvironmentFile=/etc/default/alloy\nExecStart=/usr/bin/alloy run --server.http.listen-addr=0.0.0.0:12345 $CONFIG_FILE\n' \
		>"$FAULT_ROOT/lib/systemd/system/alloy.service"
}
variant alloy-everywhere-in-unit root "alloy.listen" f_alloy_unit
f_stale() { touch -d '2 hours ago' "$FAULT_ROOT/etc/prometheus/file_sd/zlh-targets.json"; }
variant file-sd-stale root "filesd.fresh" f_stale
f_sd_ctype() { sed -i 's/"container_type"/"ctype"/' "$FAULT_ROOT/etc/prometheus/file_sd/zlh-targets.json"; }
variant file-sd-ctype root "labels.canonical labels.required" f_sd_ctype
f_bearer() { printf '    bearer_token: 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n' >>"$FAULT_ROOT/etc/prometheus/prometheus.yml"; }
variant inline-bearer-token root "prometheus.config-literal-secrets" f_bearer
f_sd_url() {
	printf '  - job_name: api\n    http_sd_configs:\n      - url: https://203.0.113.10:8443/api/monitoring/targets?token=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n' \
		>>"$FAULT_ROOT/etc/prometheus/prometheus.yml"
}
variant sd-url-token root "prometheus.sd-url-token" f_sd_url
f_anon_ini() { sed -i '/^\[auth.anonymous\]/{n;s/false/true/}' "$FAULT_ROOT/etc/grafana/grafana.ini"; }
variant grafana-anonymous-ini root "grafana.config-anonymous" f_anon_ini
f_unit_secret() { sed -i 's|^Environment="GF_PATHS_DATA=/var/lib/grafana"|& GF_SECURITY_ADMIN_PASSWORD=Adm1n-S3cret-Pw|' "$FAULT_ROOT/lib/systemd/system/grafana-server.service"; }
variant unit-inline-secret root "host.unit-inline-secret" f_unit_secret
f_world_dir() { chmod 777 "$FAULT_ROOT/etc/prometheus"; }
variant world-writable-config-dir root "host.file-modes" f_world_dir
f_prom_any() { sed -i 's|127.0.0.1:9090|0.0.0.0:9090|' "$FAULT_ROOT/etc/default/prometheus"; }
variant prometheus-listens-everywhere root "listeners.config prometheus.web-config" f_prom_any

echo "$pass passed, $fail failed"
if [ $((pass + fail)) = 0 ]; then
	echo "FAILED: no variant ran (FAULTS=${FAULTS:-} names none)"
	exit 1
fi
[ "$fail" = 0 ] && { [ "$pass" -ge 20 ] || [ -n "${FAULTS:-}" ]; }
