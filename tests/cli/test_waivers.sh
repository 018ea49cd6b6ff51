#!/usr/bin/env bash
# Waivers (scan --waivers FILE --today DATE) on a fake root with known
# failures and one error: a valid waiver turns a fail into waived with the
# raw status kept; one expiring today has expired and changes nothing; one
# that matches nothing is listed as unused; an error is never waived (the
# verdict stays inconclusive, not pass); every malformed waiver file exits 2
# naming the file and field; waivers used and expired appear in every format.
source "$(dirname "$0")/lib.sh" "$@"

R=root
mkdir -p $R/etc/default $R/etc/grafana
printf 'root:x:0:0::/root:/bin/sh\n' >$R/etc/passwd
printf 'root:x:0:\n' >$R/etc/group
printf 'ARGS="--web.listen-address=127.0.0.1:9090"\n' >$R/etc/default/prometheus # no prometheus.yml: an error
printf '[users]\nallow_sign_up = true\n[security]\nadmin_password = Str0ng\n[metrics]\nenabled = false\n' \
	>$R/etc/grafana/grafana.ini
printf 'x\n' >$R/etc/grafana/scratch.txt
chmod 666 $R/etc/grafana/scratch.txt
cat >policy.json <<JSON
{"name": "waiver-lab", "version": "1", "gate_severity": "high", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "image", "role": "host"}]}
JSON
waivers() { # FILE, then lines of: CHECK TARGET EXPIRES
	local f=$1 sep=""
	shift
	{
		echo '{"waivers": ['
		while [ $# -gt 0 ]; do
			printf '%s {"check": "%s", "target": "%s", "justification": "ticket SEC-%s", "approved_by": "ops-lead", "expires": "%s"}\n' \
				"$sep" "$1" "$2" "$#" "$3"
			sep=,
			shift 3
		done
		echo ']}'
	} >"$f"
}
status() { # REPORT CHECK TARGET -> status/raw
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["checks"]:
    if c["id"] == sys.argv[2] and c["target"] == sys.argv[3]:
        print(c["status"] + "/" + (c["waiver"] or {}).get("raw_status", "-"))' "$@"
}

run 1 none scan --policy policy.json --root $R --out none
run 2 todayonly scan --policy policy.json --root $R --out x --today 2026-11-27
[ "$(status none/report.json grafana.config-signup /etc/grafana/grafana.ini)" = fail/- ] &&
	[ "$(status none/report.json host.file-modes /etc/grafana)" = fail/- ] &&
	[ "$(status none/report.json prometheus.config-literal-secrets /etc/prometheus/prometheus.yml)" = error/- ] &&
	ok "without waivers: two failures and an error" || bad "baseline statuses"

waivers w1.json grafana.config-signup '/etc/grafana/*' 2026-11-28 host.file-modes /etc/grafana 2026-11-27 \
	tls.version nothing 2027-01-01 prometheus.config-literal-secrets '*' 2027-01-01
run 1 w1 scan --policy policy.json --root $R --out w1 --waivers w1.json --today 2026-11-27 \
	--format json,html,md,metrics,junit,sarif
[ "$(status w1/report.json grafana.config-signup /etc/grafana/grafana.ini)" = waived/fail ] &&
	ok "a valid waiver (expiring tomorrow) waives, keeping the raw status" || bad "valid waiver"
[ "$(status w1/report.json host.file-modes /etc/grafana)" = fail/- ] &&
	ok "a waiver expiring today has expired and changes nothing" || bad "expired waiver"
[ "$(status w1/report.json prometheus.config-literal-secrets /etc/prometheus/prometheus.yml)" = error/- ] &&
	ok "an error is never waived" || bad "error waived"
/usr/bin/python3 - w1/report.json <<'PY' && ok "the report lists used, expired and unused waivers" || bad "waivers section"
import json, sys
d = json.load(open(sys.argv[1]))
w = d["waivers"]
assert [x["check"] for x in w["used"]] == ["grafana.config-signup"], w
assert [x["check"] for x in w["expired"]] == ["host.file-modes"] and w["expired"][0]["results"] == 1, w
assert sorted(x["check"] for x in w["unused"]) == ["prometheus.config-literal-secrets", "tls.version"], w
assert d["summary"]["waived"] == 1 and w["today"] == "2026-11-27" and len(w["sha256"]) == 64, d["summary"]
PY
grep -q 'EXPIRED: changes nothing' w1/report.html && grep -q 'Waived</strong> (the result was fail)' w1/report.html &&
	grep -q '^| expired | host.file-modes |' w1/report.md && grep -q 'zlh_audit_waivers{.*state="expired"} 1' w1/zlh_audit.prom &&
	grep -q 'name="waiver_expired" value="host.file-modes /etc/grafana (expires 2026-11-27' w1/junit.xml &&
	grep -q 'name="waiver_used" value="grafana.config-signup' w1/junit.xml &&
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
w = d["runs"][0]["properties"]["waivers"]
assert [x["check"] for x in w["expired"]] == ["host.file-modes"] and [x["check"] for x in w["used"]] == ["grafana.config-signup"]
sup = [r for r in d["runs"][0]["results"] if r.get("suppressions")]
assert len(sup) == 1 and sup[0]["ruleId"] == "grafana.config-signup"' w1/report.sarif &&
	ok "waivers used and expired appear in HTML, Markdown, metrics, JUnit and SARIF" || bad "waivers in formats"

waivers w2.json grafana.config-signup '*' 2026-12-01 host.file-modes '/etc/*' 2026-12-01 \
	grafana.dashboards-provisioned '*' 2026-12-01 grafana.datasource-provisioned '*' 2026-12-01
run 3 w2 scan --policy policy.json --root $R --out w2 --waivers w2.json --today 2026-11-27
grep -q '"verdict":	"inconclusive"' w2/report.json && ok "every failure waived, an error left: inconclusive, not pass" ||
	bad "verdict with an error left"

# malformed waiver files: exit 2, naming the file and the field
printf '{"waivers": [{"check": "tls.version", "target": "*", "justification": "j", "approved_by": "a", "expires": "2026-02-30"}]}' >bad-date.json
printf '{"waivers": [{"check": "tls.version", "target": "*", "justification": "j", "expires": "2026-12-01"}]}' >no-approver.json
printf '{"waivers": [{"check": "tls.nope", "target": "*", "justification": "j", "approved_by": "a", "expires": "2026-12-01"}]}' >bad-check.json
printf '{"waivers": [{"check": "tls.version", "target": "*", "justification": "j", "approved_by": "a", "expires": "2026-12-01", "scope": "x"}]}' >extra-key.json
printf '{"waivers": [' >truncated.json
for f in bad-date:expires no-approver:approved_by bad-check:check extra-key:scope truncated:truncated; do
	name=${f%%:*} field=${f##*:}
	run 2 "$name" scan --policy policy.json --root $R --out x --waivers "$name.json"
	grep -q "$name.json" "$name.err" && grep -q "$field\|line" "$name.err" && ok "$name: the message names the file and the field" ||
		bad "$name message: $(cat "$name.err")"
done
run 2 missing scan --policy policy.json --root $R --out x --waivers nowhere.json
run 2 badtoday scan --policy policy.json --root $R --out x --waivers w1.json --today 27.11.2026
finish
