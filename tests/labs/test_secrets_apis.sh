#!/usr/bin/env bash
# Leaked tokens where only an API shows them, from the monitoring host (role
# host): Grafana dashboards read through Grafana's API with its token (one
# dashboard carries a service-account token and a URL password), and
# Prometheus's rendered configuration (a token in an SD URL's query, URL
# credentials, the monitoring token in a label: a known secret).
# Covers probes/secrets.c (the secrets family) against live APIs.
source "$(dirname "$0")/common.sh"
lab_require
token=$(cat "$(lab_token)")
(umask 077 && echo "grafana-api-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" >"$LAB_DIR/grafana.token")
lab_start_grafana 127.0.0.1:3000 --api-token-file "$LAB_DIR/grafana.token"
mkdir -p "$LAB_DIR/leaky"
cat >"$LAB_DIR/leaky/prometheus.yml" <<YML
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["127.0.0.1:9100"]
        labels:
          api_token: "$token"
  - job_name: zlh
    http_sd_configs:
      - url: http://monitor:Hunter2Hunter2x@127.0.0.1:8080/api/monitoring/targets?access_token=qq9f8e7d6c5b4a3928
YML
_lab_bg prometheus-leaky prometheus --config.file="$LAB_DIR/leaky/prometheus.yml" \
	--storage.tsdb.path="$LAB_DIR/leaky/data" --web.listen-address=127.0.0.1:9090
lab_wait "$LAB_NS_MON" 127.0.0.1 9090
cat >apis.json <<JSON
{"name": "secrets-apis", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "monitoring-host", "role": "host"}],
 "token_files": {"discovery": "/nonexistent", "grafana": "/nonexistent"},
 "prometheus_url": "http://127.0.0.1:9090/",
 "secrets": {"grafana_api": "http://127.0.0.1:3000/", "grafana_token": "grafana", "prometheus_config": true}}
JSON
scan apis --policy apis.json --vantage "netns:$LAB_NS_MON" --token-file "discovery=$(lab_token)" \
	--token-file "grafana=$LAB_DIR/grafana.token"
expect_rc apis 1
D=http://127.0.0.1:3000/api/dashboards
C=http://127.0.0.1:9090/api/v1/status/config
$ASSERT apis/report.json verdict=fail \
	"dashboards.leaked-token@$D=fail" "dashboards.leaked-token@$D.message~2 leaked secrets in Grafana dashboards" \
	"dashboards.leaked-token@$D.evidence~grafana-service-account-token at grafana dashboard zlh-leaky" \
	"files.leaked-token@$C=fail" "files.leaked-token@$C.evidence~known-secret at" \
	"files.leaked-token@$C.evidence~url-userinfo at"
/usr/bin/python3 - apis/report.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rules = sorted((f["check"], f["rule"]) for f in d["findings"])
assert ("dashboards.leaked-token", "grafana-service-account-token") in rules, rules
assert ("dashboards.leaked-token", "url-userinfo") in rules, rules
assert ("files.leaked-token", "known-secret") in rules, rules
assert ("files.leaked-token", "url-query-token") in rules or ("files.leaked-token", "url-userinfo") in rules, rules
print("ok: findings from the Grafana API and the rendered Prometheus configuration")
PY
for v in "$token" "$(cat "$LAB_DIR/grafana.token")" Hunter2Hunter2x qq9f8e7d6c5b4a3928 Gr4fanaLeak3d; do
	if grep -qF -- "$v" apis/report.json apis/report.html apis.out apis.err; then
		echo "FAILED: a secret value reached an output"
		exit 1
	fi
done
echo "ok: no secret value in reports, stdout or stderr"
