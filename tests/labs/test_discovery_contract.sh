#!/usr/bin/env bash
# The discovery contract, one fixture variant per way an endpoint can break
# it: the token accepted in the query string, debug modes that skip
# authentication, an HTML error page with 200, a Content-Type Prometheus
# refuses, ctype instead of container_type, deleted targets by default, the
# token inside a label, missing required labels, a customer e-mail in a
# label, duplicate vmids; plus a world-readable token file. Each variant's
# check ids and statuses are asserted; the token never appears in any output.
source "$(dirname "$0")/common.sh"
lab_require
variants=(
	"8101 fail-closed good"
	"8102 token-in-query good"
	"8103 debug-open good"
	"8104 html-200 good"
	"8105 wrong-ctype good"
	"8106 fail-closed ctype"
	"8107 fail-closed historical-default"
	"8108 fail-closed token-label"
	"8109 fail-closed missing-required"
	"8110 fail-closed identifying"
	"8111 fail-closed duplicate-vmid"
)
entries=()
for v in "${variants[@]}"; do
	read -r port mode targets <<<"$v"
	lab_start_discovery "0.0.0.0:$port" "$mode" --targets "$targets"
	entries+=("{\"name\": \"$mode-$targets\", \"url\": \"http://203.0.113.10:$port/api/monitoring/targets\",
	  \"token_file\": \"discovery\", \"allow_plaintext_token\": true,
	  \"debug_params\": [\"include=deleted\", \"debug=1\"], \"historical_param\": \"historical=1\"}")
done
labels=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["labels"]))' "$ROOT/policies/demo.json")
(
	IFS=,
	cat >contract.json <<-JSON
		{"name": "contract-lab", "version": "1", "gate_severity": "low",
		 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
		 "fingerprints": "$ROOT/policies/fingerprints.json",
		 "token_files": {"discovery": "/nonexistent"},
		 "labels": $labels,
		 "discovery": [${entries[*]}]}
	JSON
)
u() { echo "http://203.0.113.10:$1/api/monitoring/targets"; }
scan contract --policy contract.json --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$(lab_token)"
expect_rc contract 1
$ASSERT contract/report.json verdict=fail \
	"discovery.token-in-query@$(u 8101)=pass" "discovery.debug-mode@$(u 8101)=pass" \
	"discovery.active-only@$(u 8101)=pass" "labels.required@$(u 8101)=pass" "labels.secrets@$(u 8101)=pass" \
	"discovery.token-in-query@$(u 8102)=fail" "discovery.token-in-query@$(u 8102).severity=high" \
	"discovery.token-in-query@$(u 8102).message~accepted in the query string" \
	"discovery.debug-mode@$(u 8103)=fail" "discovery.debug-mode@$(u 8103).severity=critical" \
	"discovery.debug-mode@$(u 8103).evidence~?include=deleted without a token" \
	"discovery.tokenless@$(u 8103)=pass" \
	"discovery.token-accepted@$(u 8104)=fail" "discovery.token-accepted@$(u 8104).message~not a target-group list" \
	"discovery.active-only@$(u 8104)=error" \
	"discovery.token-accepted@$(u 8105)=fail" "discovery.token-accepted@$(u 8105).message~Content-Type 'text/plain'" \
	"labels.canonical@$(u 8106)=fail" "labels.canonical@$(u 8106).evidence~label ctype: use container_type" \
	"labels.required@$(u 8106)=fail" "labels.required@$(u 8106).evidence~missing container_type" \
	"discovery.active-only@$(u 8107)=fail" "discovery.active-only@$(u 8107).evidence~state=\"deleted\" in the default answer" \
	"labels.secrets@$(u 8108)=fail" "labels.secrets@$(u 8108).evidence~the policy's token 'discovery' in target group 0" \
	"labels.review@$(u 8108)=fail" \
	"labels.required@$(u 8109)=fail" "labels.required@$(u 8109).evidence~missing vmid" \
	"labels.required@$(u 8109).evidence~vmid=\"dev-201\" is not numeric" \
	"labels.identifying@$(u 8110)=fail" "labels.identifying@$(u 8110).evidence~the value of name looks customer- or user-identifying" \
	"labels.stable@$(u 8111)=fail" "labels.stable@$(u 8111).evidence~groups 0 and 1 share vmid 101"
/usr/bin/python3 - contract/report.json "$(cat "$(lab_token)")" <<'PY'
import json, sys, hashlib
d = json.load(open(sys.argv[1])); token = sys.argv[2]
f = [x for x in d["findings"] if x["check"] == "labels.secrets" and x["rule"] == "known-secret"]
assert f and all(x["known_secret"] for x in f), f
assert f[0]["fingerprint"] == "sha256:" + hashlib.sha256(token.encode()).hexdigest()[:12], f
print("ok: the token in a label is a known-secret finding, by fingerprint")
PY

# a world-readable token file fails discovery.token-file (and stays unprinted)
cp "$(lab_token)" "$LAB_DIR/open.token"
chmod 0644 "$LAB_DIR/open.token"
scan open --policy contract.json --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$LAB_DIR/open.token"
$ASSERT open/report.json "discovery.token-file@$(u 8101)=fail" "discovery.token-file@$(u 8101).message~every user can read it (mode 0644)"

token=$(cat "$(lab_token)")
for f in contract/report.json contract/report.html contract.out contract.err open/report.json open.out open.err; do
	if grep -qF "$token" "$f"; then
		echo "FAILED: the monitoring token appears in $f"
		exit 1
	fi
done
echo "ok: the token appears in no report, stdout or stderr"
