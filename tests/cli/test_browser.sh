#!/usr/bin/env bash
# The HTML report in Debian's Chromium (headless, playwright-core from
# tests/browser, installed by scripts/deps.sh --test): see
# tests/browser/test_html.mjs. Renders a failing report (report-formats.json),
# a passing one and a hostile one (<script>, <img onerror>, a 6,000-character
# string, invalid UTF-8) with this build, and a merged report of two vantages
# that saw the same finding; writes screenshots of the failing, the passing
# and the merged report to screenshots/ next to the binary.
set -uo pipefail
ZA=$(realpath "${1:?usage: $0 PATH/TO/zlh-audit}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SHOTS=$(dirname "$ZA")/screenshots
mkdir -p "$SHOTS"
for need in node /usr/bin/chromium "$ROOT/tests/browser/node_modules/playwright-core"; do
	if ! command -v "$need" >/dev/null && [ ! -e "$need" ]; then
		echo "FAILED: $need is missing: run scripts/deps.sh --test"
		exit 1
	fi
done
/usr/bin/python3 - "$ROOT/tests/cli/report-hostile.json" "$T" <<'PY'
import json, sys
base = json.load(open(sys.argv[1]))
out = sys.argv[2]
p = json.loads(json.dumps(base))
p["verdict"] = "pass"
for c in p["checks"]:
    c["status"] = "pass"
p["summary"] = {"total": 2, "pass": 2, "fail": 0, "error": 0, "skipped": 0, "waived": 0,
                "fail_by_severity": {"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}}
json.dump(p, open(out + "/pass.json", "w"))
# two vantages that both see Prometheus exposed: one finding, two rows
for name, kind, start in (("ci-external", "here", "10:15"), ("untrusted-local", "untrusted-local", "10:20")):
    m = json.loads(json.dumps(base))
    m["run"].update(id="r-" + name, started_at="2026-11-27T%s:00Z" % start, finished_at="2026-11-27T%s:09Z" % start)
    m["vantage"].update(name=name, role="untrusted", kind=kind)
    for c in m["checks"]:
        c["vantage"] = name
    json.dump(m, open("%s/%s.json" % (out, name), "w"))
h = json.loads(json.dumps(base))
h["checks"][0]["evidence"].append({"kind": "http", "detail": "A" * 6000, "location": "x"})
raw = json.dumps(h).replace('"refused"', '"refused BADBYTES"').encode().replace(b"BADBYTES", b"\xff\xfe")
open(out + "/hostile.json", "wb").write(raw)
PY
"$ZA" report --format html "$ROOT/tests/cli/report-formats.json" -o "$T/fail.html" &&
	"$ZA" report --format html "$T/pass.json" -o "$T/pass.html" &&
	"$ZA" report --format html "$T/hostile.json" -o "$T/hostile.html" &&
	{ "$ZA" merge "$T/ci-external.json" "$T/untrusted-local.json" --out "$T/merged" --format html --quiet || [ $? = 1 ]; } || {
	echo "FAILED: rendering the reports"
	exit 1
}
cd "$ROOT/tests/browser" && timeout 180 node test_html.mjs "$T/fail.html" "$T/pass.html" "$T/hostile.html" "$SHOTS" "$T/merged/report.html"
rc=$?
[ "$rc" = 0 ] && echo "screenshots: $SHOTS/report-fail.png $SHOTS/report-pass.png $SHOTS/report-merged.png"
exit "$rc"
