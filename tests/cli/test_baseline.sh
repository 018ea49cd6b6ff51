#!/usr/bin/env bash
# Baselines and diffs on a fake root: result fingerprints are stable across
# runs; `scan --baseline OLD --fail-on new` fails only on failures that are
# not in OLD (known ones still counted and marked unchanged); `diff` lists
# new, unchanged and resolved failures with its exit code; bad inputs exit 2.
source "$(dirname "$0")/lib.sh" "$@"

R=root
mkdir -p $R/etc/default $R/etc/prometheus $R/etc/zlh
printf 'root:x:0:0::/root:/bin/sh\n' >$R/etc/passwd
printf 'root:x:0:\n' >$R/etc/group
printf 'ARGS="--web.listen-address=0.0.0.0:9090"\n' >$R/etc/default/prometheus
printf 'scrape_configs: []\n' >$R/etc/prometheus/prometheus.yml
cat >policy.json <<JSON
{"name": "baseline-lab", "version": "1", "gate_severity": "medium", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "image", "role": "host"}], "token_files": {"monitor": "/etc/zlh/monitor.token"}}
JSON
marks() { # REPORT -> "id=baseline" lines for failures
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted("%s=%s" % (c["id"], c.get("baseline", "-")) for c in d["checks"] if c["status"] == "fail")))' "$1"
}

run 1 old scan --policy policy.json --root $R --out old --quiet
run 1 again scan --policy policy.json --root $R --out again --quiet
/usr/bin/python3 - old/report.json again/report.json <<'PY' && ok "fingerprints are stable across runs and differ per result" || bad "fingerprints"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
fa = [(c["id"], c["target"], c["fingerprint"]) for c in a["checks"]]
fb = [(c["id"], c["target"], c["fingerprint"]) for c in b["checks"]]
assert fa == fb and all(f.startswith("sha256:") and len(f) == 23 for _, _, f in fa), (fa, fb)
assert len({f for _, _, f in fa}) == len(fa)
PY

# a new failure appears: a world-readable token
printf 'zlh-token-value-1234567890\n' >$R/etc/zlh/monitor.token
chmod 644 $R/etc/zlh/monitor.token
run 1 new scan --policy policy.json --root $R --out new --quiet --baseline old/report.json --fail-on new
[ "$(marks new/report.json)" = "host.file-modes=new host.token-file=new listeners.config=unchanged prometheus.web-config=unchanged" ] &&
	ok "failures are marked new or unchanged against the baseline" || bad "marks: $(marks new/report.json)"
run 0 known scan --policy policy.json --root $R --out known --quiet --baseline new/report.json --fail-on new
grep -q '"verdict":	"pass"' known/report.json && grep -q '"fail":	4' known/report.json &&
	ok "--fail-on new: known failures are counted but do not fail the gate" || bad "fail-on new verdict"
run 1 any scan --policy policy.json --root $R --out any --quiet --baseline new/report.json
ok "--baseline without --fail-on new still gates on every failure"

run 1 diff1 diff old/report.json new/report.json
grep -q '^new failures:' diff1.out && grep -q 'host.token-file' diff1.out && grep -q '^resolved failures: none' diff1.out &&
	ok "diff lists the new failures and exits 1" || bad "diff: $(cat diff1.out)"
# fix the listener: its two failures are resolved, nothing new
printf 'ARGS="--web.listen-address=127.0.0.1:9090"\n' >$R/etc/default/prometheus
run 1 fixed scan --policy policy.json --root $R --out fixed --quiet
# the trend in the reports: the fixed run against the new one resolves two failures
run 1 trend scan --policy policy.json --root $R --out trend --format json,html,md --quiet --baseline new/report.json
/usr/bin/python3 - trend/report.json <<'PY' && ok "report.baseline lists the resolved failures" || bad "report.baseline"
import json, sys
b = json.load(open(sys.argv[1]))["baseline"]
assert b["file"] == "new/report.json" and b["run"] and b["resolved_not_listed"] == 0, b
assert sorted(x["check"] for x in b["resolved"]) == ["listeners.config", "prometheus.web-config"], b
PY
grep -q 'Since the baseline' trend/report.html && grep -q '<td>resolved</td><td><code>listeners.config</code>' trend/report.html &&
	grep -q '0 new failures, 2 unchanged, 2 resolved' trend/report.html &&
	ok "the HTML shows new, unchanged and resolved" || bad "HTML trend"
grep -q '^### Since the baseline' trend/report.md && grep -q '0 new failures (marked NEW below), 2 unchanged, 2 resolved' trend/report.md &&
	grep -q '| listeners.config |' trend/report.md && ok "the Markdown shows new, unchanged and resolved" || bad "Markdown trend"
run 1 trendnew scan --policy policy.json --root $R --out trendnew --format json,html,md --quiet --baseline old/report.json
grep -q 'class="trend">NEW since the baseline' trendnew/report.html && grep -q 'host.token-file \*\*NEW\*\*' trendnew/report.md &&
	ok "a new failure is marked NEW in the HTML card and the Markdown row" || bad "NEW marks"
run 0 diff2 diff --json new/report.json fixed/report.json
/usr/bin/python3 - diff2.out <<'PY' && ok "diff --json: resolved and unchanged, exit 0 when nothing is new" || bad "diff --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["new"] == [], d
assert sorted(x["id"] for x in d["resolved"]) == ["listeners.config", "prometheus.web-config"], d
assert sorted(x["id"] for x in d["unchanged"]) == ["host.file-modes", "host.token-file"], d
PY

run 2 nobase scan --policy policy.json --root $R --out x --fail-on new
run 2 missingbase scan --policy policy.json --root $R --out x --baseline nowhere.json
run 2 badfailon scan --policy policy.json --root $R --out x --baseline old/report.json --fail-on some
run 2 notreport diff policy.json new/report.json
grep -q 'policy.json' notreport.err && ok "a file that is not a report is named" || bad "diff error message"
run 2 onearg diff old/report.json
grep -rqF 'zlh-token-value-1234567890' . --include='*.json' --include='*.out' --include='*.err' --exclude-dir=$R &&
	bad "the token's value reached an output" || ok "no secret in any output"
finish
