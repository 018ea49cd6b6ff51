#!/usr/bin/env bash
# Discovery endpoints that fail closed, fail open, accept any bearer token,
# leak targets in a 401, break with 500, or redirect: each check's status is
# asserted. The real token is read from a file and must never appear in any
# output of the scanner.
source "$(dirname "$0")/common.sh"
lab_require
modes=(fail-closed fail-open any-bearer leaky-401 server-error redirect)
port=8081
entries=()
for m in "${modes[@]}"; do
	lab_start_discovery "0.0.0.0:$port" "$m"
	entries+=("{\"name\":\"$m\",\"url\":\"http://203.0.113.10:$port/api/monitoring/targets\",\"token_file\":\"discovery\",\"allow_plaintext_token\":true}")
	port=$((port + 1))
done
(
	IFS=,
	cat >policy.json <<-JSON
		{"name": "discovery-lab", "version": "1",
		 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
		 "timeouts": {"connect_ms": 1000, "transfer_ms": 3000},
		 "fingerprints": "$ROOT/policies/fingerprints.json",
		 "token_files": {"discovery": "/nonexistent/overridden-on-the-command-line"},
		 "discovery": [${entries[*]}],
		 "profiles": {"production": {}, "development": {"development_mode": true, "disable": {
		   "discovery.tokenless": "dev mode", "discovery.bad-token": "dev mode"}}}}
	JSON
)
u() { echo "http://203.0.113.10:$1/api/monitoring/targets"; }
scan disc --policy policy.json --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$(lab_token)"
expect_rc disc 1
$ASSERT disc/report.json verdict=fail count=120 \
	"tls.required@$(u 8081)=fail" \
	"discovery.tokenless@$(u 8081)=pass" "discovery.bad-token@$(u 8081)=pass" "discovery.token-accepted@$(u 8081)=pass" \
	"discovery.tokenless@$(u 8081).evidence~WWW-Authenticate: Bearer" \
	"discovery.bad-token@$(u 8081).message~with a wrong bearer token fails closed: 403" \
	"discovery.tokenless@$(u 8082)=fail" "discovery.tokenless@$(u 8082).severity=critical" \
	"discovery.tokenless@$(u 8082).message~without a token fails open: 200 with 2 targets" \
	"discovery.bad-token@$(u 8082)=fail" "discovery.token-accepted@$(u 8082)=pass" \
	"discovery.tokenless@$(u 8083)=pass" "discovery.bad-token@$(u 8083)=fail" \
	"discovery.tokenless@$(u 8084)=fail" "discovery.tokenless@$(u 8084).message~body still carries targets" \
	"discovery.bad-token@$(u 8084)=fail" \
	"discovery.tokenless@$(u 8085)=error" "discovery.tokenless@$(u 8085).message~server error 500" \
	"discovery.bad-token@$(u 8085)=error" "discovery.token-accepted@$(u 8085)=fail" \
	"labels.secrets@$(u 8085)=error" "labels.secrets@$(u 8085).message~got no target list to judge" \
	"discovery.tokenless@$(u 8086)=error" "discovery.tokenless@$(u 8086).message~redirected (302)" \
	"discovery.tokenless@$(u 8086).evidence~Location: /login" "discovery.token-accepted@$(u 8086)=pass"

# explicit development mode: tokenless access is allowed only there
scan dev --policy policy.json --profile development --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$(lab_token)"
$ASSERT dev/report.json "discovery.tokenless@$(u 8082)=skipped" "discovery.bad-token@$(u 8082)=skipped" \
	"discovery.token-accepted@$(u 8082)=pass"

# a token file that cannot be read is an error, not a pass and not a crash
scan notoken --policy policy.json --vantage "netns:$LAB_NS_OUT"
$ASSERT notoken/report.json "discovery.token-accepted@$(u 8081)=error" \
	"discovery.token-accepted@$(u 8081).message~could not be read" "labels.secrets@$(u 8081)=error"

# the token never leaves in clear
# a fleet: 10,000 containers in one answer (about 3 MB) are read and judged whole by every
# label check; one repeated vmid among them fails labels.stable, naming both groups
lab_start_discovery 0.0.0.0:8091 fail-closed --targets fleet
lab_start_discovery 0.0.0.0:8092 fail-closed --targets fleet-dup
/usr/bin/python3 - "$ROOT/policies/demo.json" "$ROOT" >fleet.json <<'PY'
import json, sys
demo = json.load(open(sys.argv[1]))
print(json.dumps({"name": "fleet-lab", "version": "1", "fingerprints": sys.argv[2] + "/policies/fingerprints.json",
                  "vantages": [{"name": "lab-outside", "role": "untrusted"}], "labels": demo["labels"],
                  "token_files": {"discovery": "/nonexistent/overridden-on-the-command-line"},
                  "discovery": [{"name": "fleet-%d" % p, "url": "http://203.0.113.10:%d/api/monitoring/targets" % p,
                                 "token_file": "discovery", "allow_plaintext_token": True} for p in (8091, 8092)]}))
PY
scan fleet --policy fleet.json --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$(lab_token)"
$ASSERT fleet/report.json "discovery.token-accepted@$(u 8091)=pass" \
	"discovery.token-accepted@$(u 8091).message~10000 targets in 10000 groups" \
	"labels.required@$(u 8091)=pass" "labels.stable@$(u 8091)=pass" "labels.lifecycle@$(u 8091)=pass" \
	"labels.secrets@$(u 8091)=pass" "labels.secrets@$(u 8091).message~no credentials in 10000 target groups" \
	"discovery.token-accepted@$(u 8092)=pass" "labels.stable@$(u 8092)=fail" \
	"labels.stable@$(u 8092).evidence~groups 1234 and 7777 share vmid 101234" "labels.required@$(u 8092)=pass"

token=$(cat "$(lab_token)")
for f in disc/report.json disc/report.html disc.out disc.err dev/report.json dev.out dev.err notoken.out notoken.err \
	fleet/report.json fleet.out fleet.err; do
	if grep -qF "$token" "$f"; then
		echo "FAILED: the monitoring token appears in $f"
		exit 1
	fi
done
echo "ok: the token appears in no report, stdout or stderr"
