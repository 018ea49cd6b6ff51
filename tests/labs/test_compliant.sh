#!/usr/bin/env bash
# A compliant deployment passes (tests/labs/compliant.sh): one policy, three
# scans (the untrusted namespace, the admin namespace, `--root` on the lab's
# root tree), merged: verdict pass, exit 0, every result pass or skipped with
# its reason, each report holding exactly the plan of its role; and nothing
# of the monitoring token (or the Grafana admin password) in any output.
# Covers every family end to end on the real Debian prometheus,
# prometheus-node-exporter, nginx and nftables.
source "$(dirname "$0")/common.sh"
source "$HERE/compliant.sh"
lab_require
compliant_up
compliant_scans base
fails=0
for s in outside admin host merged; do
	echo "--- $s: exit $(cat base/$s.rc)"
	cat base/$s.err
done
[ "$(cat base/merged.rc)" = 0 ] && echo "ok: the merged launch report exits 0" || {
	echo "FAILED: merged exit $(cat base/merged.rc), failing: $(compliant_failing base)"
	fails=$((fails + 1))
}
/usr/bin/python3 - base <<'PY' || fails=$((fails + 1))
import json, sys
bad = 0
for s in ("outside", "admin", "host", "merged"):
    d = json.load(open("%s/%s/report.json" % (sys.argv[1], s)))
    for c in d["checks"]:
        if c["status"] not in ("pass", "skipped") or (c["status"] == "skipped" and len(c["message"]) < 20):
            print("FAILED: %s: %s %s: %s %s" % (s, c["id"], c["target"], c["status"], c["message"]))
            bad = 1
    if s == "merged":
        print("%s: verdict %s, %s" % (s, d["verdict"], d["summary"]))
        bad |= d["verdict"] != "pass"
        # every family of the contract is there, deciding
        passed = {c["id"].split(".")[0] for c in d["checks"] if c["status"] == "pass"}
        want = {"exposure", "discovery", "labels", "tls", "grafana", "filesd", "logs", "files", "host",
                "listeners", "prometheus", "alloy", "dashboards"}
        if want - passed:
            print("FAILED: families with no passing result:", sorted(want - passed))
            bad = 1
sys.exit(bad)
PY
for s in outside admin; do
	/usr/bin/python3 "$ROOT/tests/plan_check.py" "$ZA" "$LAB_DIR/compliant.json" "base/$s/report.json" || fails=$((fails + 1))
done
/usr/bin/python3 "$ROOT/tests/plan_check.py" "$ZA" "$LAB_DIR/compliant.json" base/host/report.json --root || fails=$((fails + 1))
# the placeholder forms were read (the logs are not skipped) and are no findings
grep -q '"logs.leaked-token"' base/host/report.json && ! grep -q '"findings":\s*\[\s*{' base/merged/report.json &&
	echo "ok: the redacted logs were scanned and hold no finding" || { echo "FAILED: log findings"; fails=$((fails + 1)); }
for v in "$(cat "$CL_ROOT/etc/zlh-audit/discovery.token")" "$(cat "$CL_ROOT/etc/grafana/admin.password")"; do
	if grep -rqF -- "$v" base; then
		echo "FAILED: a secret reached an output"
		fails=$((fails + 1))
	fi
done
echo "$((7 - fails)) passed, $fails failed"
[ "$fails" = 0 ]
