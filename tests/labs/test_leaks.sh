#!/usr/bin/env bash
# What exposed services give away: a Prometheus whose configuration carries a
# token in an SD URL, URL userinfo and a token-valued label, with the
# lifecycle API on; a Grafana with anonymous access; an Alloy whose component
# graph is readable. Each follow-up check fails with located findings, the
# token from the policy's token file is recognised as a known secret, and no
# value appears in any output.
source "$(dirname "$0")/common.sh"
lab_require
token=$(cat "$(lab_token)")
mkdir -p "$LAB_DIR/leaky"
cat >"$LAB_DIR/leaky/prometheus.yml" <<YML
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: node
    basic_auth:
      username: admin
      password: S3cr3tPassw0rd
    static_configs:
      - targets: ["127.0.0.1:9100"]
        labels:
          api_token: "$token"
  - job_name: zlh
    http_sd_configs:
      - url: http://monitor:Hunter2Hunter2x@127.0.0.1:8080/api/monitoring/targets?access_token=qq9f8e7d6c5b4a3928
YML
_lab_bg prometheus-leaky prometheus --config.file="$LAB_DIR/leaky/prometheus.yml" \
	--storage.tsdb.path="$LAB_DIR/leaky/data" --web.listen-address=0.0.0.0:9090 --web.enable-lifecycle
lab_wait "$LAB_NS_MON" 203.0.113.10 9090
# Prometheus publishes its targets after the first discovery sync (about 5 s)
for _ in $(seq 1 100); do
	ip netns exec "$LAB_NS_MON" /usr/bin/python3 -c '
import json, sys, urllib.request
d = json.load(urllib.request.urlopen("http://127.0.0.1:9090/api/v1/targets", timeout=2))
sys.exit(0 if d["data"]["activeTargets"] else 1)' 2>/dev/null && break
	sleep 0.2
done
lab_start_grafana 0.0.0.0:3000 --anonymous --version 8.2.0
lab_start_fixture alloy 0.0.0.0:12345
cat >leaks.json <<JSON
{"name": "leaks-lab", "version": "1",
 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "intrusive_checks": ["grafana.default-login"],
 "token_files": {"discovery": "/nonexistent"},
 "expect": {"prometheus": {"untrusted": "unreachable"}, "grafana": {"untrusted": "unreachable"},
            "alloy": {"untrusted": "unreachable"}},
 "hosts": [{"name": "monitor", "address": "203.0.113.10",
            "services": [{"service": "prometheus", "port": 9090}, {"service": "grafana", "port": 3000},
                         {"service": "alloy", "port": 12345}]}]}
JSON
scan leaks --policy leaks.json --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$(lab_token)"
expect_rc leaks 1
T=203.0.113.10
$ASSERT leaks/report.json verdict=fail \
	"prometheus.config-secrets@$T:9090=fail" "prometheus.config-secrets@$T:9090.message~3 credentials" \
	"prometheus.config-secrets@$T:9090.evidence~url-userinfo at line" \
	"prometheus.config-secrets@$T:9090.evidence~url-query-token at line" \
	"prometheus.config-secrets@$T:9090.evidence~secret-label at line" \
	"prometheus.targets-secrets@$T:9090=fail" \
	"prometheus.admin-api@$T:9090=fail" "prometheus.admin-api@$T:9090.message~lifecycle API" \
	"grafana.anonymous@$T:3000=fail" "grafana.version@$T:3000=fail" \
	"grafana.version@$T:3000.message~CVE-2021-43798" \
	"alloy.components@$T:12345=fail" "alloy.components@$T:12345.message~1 components" \
	"grafana.default-login@$T:3000=fail" "grafana.default-login@$T:3000.message~admin/admin login works"
/usr/bin/python3 - leaks/report.json "$token" <<'PY'
import json, sys, hashlib
d = json.load(open(sys.argv[1])); token = sys.argv[2]
f = [x for x in d["findings"] if x["check"] == "prometheus.config-secrets"]
rules = sorted(x["rule"] for x in f)
assert rules == ["secret-label", "url-query-token", "url-userinfo"], rules
label = [x for x in f if x["rule"] == "secret-label"][0]
assert label["known_secret"] is True, label
assert label["fingerprint"] == "sha256:" + hashlib.sha256(token.encode()).hexdigest()[:12], label
assert len(label["preview"].replace("*", "")) <= 4, label
assert all(x["location"]["line"] > 0 and x["location"]["column"] > 0 for x in f), f
t = [x for x in d["findings"] if x["check"] == "prometheus.targets-secrets"]
assert any(x["known_secret"] for x in t), t
print("ok: findings located, fingerprinted, previews of at most 4 characters, the token recognised as known")
PY
for v in "$token" Hunter2Hunter2x qq9f8e7d6c5b4a3928; do
	for f in leaks/report.json leaks/report.html leaks.out leaks.err; do
		if grep -qF "$v" "$f"; then
			echo "FAILED: a secret value appears in $f"
			exit 1
		fi
	done
done
echo "ok: no secret value in the reports, stdout or stderr"
if grep -q VIOLATION "$LAB_DIR"/alloy-*.log; then echo "FAILED: state-changing Alloy request"; exit 1; fi
n=$(grep -c "LOGIN ATTEMPT" "$LAB_DIR"/grafana-3000.log || true)
[ "$n" = 1 ] && echo "ok: exactly one login attempt" || { echo "FAILED: $n login attempts"; exit 1; }
