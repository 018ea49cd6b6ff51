#!/usr/bin/env bash
# The command line: help, version, exit codes, error messages that name the
# file and field at fault, the check catalogue against docs/checks.md, and
# `report` on a saved (hostile) report. No network.
set -uo pipefail
ZA=$(realpath "${1:?usage: $0 PATH/TO/zlh-audit}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }

# run EXPECTED_RC WANT_TEXT ARGS...: exit code and a text in stdout+stderr
run() {
	local want=$1 text=$2 rc=0
	shift 2
	"$ZA" "$@" >"$T/out" 2>&1 || rc=$?
	if [ "$rc" != "$want" ]; then
		bad "zlh-audit $* exited $rc, expected $want: $(head -3 "$T/out")"
	elif [ -n "$text" ] && ! grep -qF -- "$text" "$T/out"; then
		bad "zlh-audit $*: output lacks '$text': $(head -3 "$T/out")"
	else
		ok "zlh-audit $* -> $rc"
	fi
}

run 0 "usage: zlh-audit COMMAND" --help
run 0 "zlh-audit 0.1.0" --version
run 0 "usage: zlh-audit scan --policy FILE" scan --help
run 0 "usage: zlh-audit checks" checks --help
run 0 "usage: zlh-audit policy check FILE" policy --help
run 0 "usage: zlh-audit report" report --help
run 2 "a command is required"
run 2 "unknown command 'scna'" scna
run 2 "scan: --policy FILE is required" scan
run 2 "scan: unknown option '--polcy'" scan --polcy x
run 2 "scan: option '--policy' needs a value" scan --policy
run 2 "scan: --role 'outside': expected untrusted, admin or host" scan --policy "$ROOT/policies/demo.json" --role outside
run 2 "--format json,pdf: unknown format 'pdf' (known: json, html, md, metrics, junit, sarif)" scan --policy "$ROOT/policies/demo.json" --format json,pdf
run 2 "--vantage moon: expected 'here', 'netns:NAME' or 'untrusted-local[:ADDR]'" scan --policy "$ROOT/policies/demo.json" --vantage moon
run 2 "--vantage netns:zlh-no-such-ns: cannot open /run/netns/zlh-no-such-ns" \
	scan --policy "$ROOT/policies/demo.json" --vantage netns:zlh-no-such-ns --out "$T/o"
run 2 "--token-file api=...: the policy declares no token file named 'api'" \
	scan --policy "$ROOT/policies/demo.json" --token-file "api=/tmp/x"
run 2 "--token-file discovery: expected NAME=PATH" scan --policy "$ROOT/policies/demo.json" --token-file discovery
run 2 "--vantage untrusted-local:moon: 'moon' is not an IPv4 address" \
	scan --policy "$ROOT/policies/demo.json" --vantage untrusted-local:moon
printf '{"name": "minimal", "version": "1"}' >"$T/minimal.json"
run 2 "--vantage untrusted-local: the policy declares no untrusted_range" \
	scan --policy "$T/minimal.json" --vantage untrusted-local
run 2 "--profile staging: the policy" scan --policy "$ROOT/policies/demo.json" --profile staging
# the transfers in flight follow the open-file limit (64 kept spare), and the report says how many
(ulimit -n 300 && "$ZA" scan --policy "$T/minimal.json" --role untrusted --quiet --out "$T/jobs" >/dev/null 2>&1)
"$ZA" scan --policy "$T/minimal.json" --role untrusted --quiet --jobs 100 --out "$T/jobs100" >/dev/null 2>&1
/usr/bin/python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["run"]["jobs"]; b = json.load(open(sys.argv[2]))["run"]["jobs"]
sys.exit(0 if (a, b) == (236, 100) else "run.jobs %s %s" % (a, b))' "$T/jobs/report.json" "$T/jobs100/report.json" &&
	ok "run.jobs follows the open-file limit (300 -> 236) and --jobs" || bad "run.jobs"
run 2 "/nonexistent.json: cannot open: No such file or directory" scan --policy /nonexistent.json
run 0 "valid policy 'zlh-demo'" policy check "$ROOT/policies/demo.json"
run 0 "valid policy 'zlh-launch'" policy check "$ROOT/policies/zlh-launch.json"

printf '{"name": "x", "version": "1",\n "hosts": [{"name": "m", "address": "203.0.113.10",\n  "services": [{"service": "prometheus", "port": 99999}]}]}\n' >"$T/bad.json"
run 2 "$T/bad.json: hosts[0].services[0].port: expected an integer 1-65535" policy check "$T/bad.json"
run 2 "$T/bad.json: hosts[0].services[0].port: expected an integer 1-65535" scan --policy "$T/bad.json"
printf '{"name": "x", "version": "1", "gate_severity": "high", "gate_severity": "low"}' >"$T/dup.json"
run 2 "$T/dup.json: gate_severity: duplicate key" policy check "$T/dup.json"
# a Loki tenant becomes a header: a space or colon in it is refused (control characters are, in every string), not sent
printf '{"name": "x", "version": "1", "prometheus_url": "http://127.0.0.1:9090/", "readiness": {"logs": {"url": "http://127.0.0.1:3100/", "tenant": "zlh X-Evil: 1", "sources": [{"name": "api", "selector": "{job=\\"api\\"}"}]}}}' >"$T/tenant.json"
run 2 "$T/tenant.json: readiness.logs.tenant: not a Loki tenant ID" policy check "$T/tenant.json"
sed 's/zlh X-Evil: 1/team-a|team-b/' "$T/tenant.json" >"$T/tenant2.json"
run 0 "valid policy 'x'" policy check "$T/tenant2.json"

# the catalogue and docs/checks.md list the same ids with the same severities
"$ZA" checks --json >"$T/checks.json"
/usr/bin/python3 - "$T/checks.json" "$ROOT/docs/checks.md" <<'PY' && ok "docs/checks.md matches zlh-audit checks --json" || bad "docs/checks.md differs from the catalogue"
import json, re, sys
code = {c["id"]: c["severity"] for c in json.load(open(sys.argv[1]))}
doc = dict(re.findall(r"^\| `([a-z0-9.-]+)` \| ([a-z]+) \|", open(sys.argv[2]).read(), re.M))
if code != doc:
    print("code:", code); print("docs:", doc); sys.exit(1)
# the family table: each check under its family, in the file named after it
fam = {c["id"]: c["family"] for c in json.load(open(sys.argv[1]))}
table = {}
for f, where, ids in re.findall(r"^\| `([a-z_]+)` \| `(probes/[a-z_*]+\.c)` \| (.*) \|$", open(sys.argv[2]).read(), re.M):
    if where not in ("probes/%s.c" % f, "probes/%s*.c" % f):
        print("family", f, "is decided in", where); sys.exit(1)
    for i in re.findall(r"`([a-z0-9.-]+)`", ids):
        table[i] = f
if table != fam:
    print("code:", fam); print("docs:", table); sys.exit(1)
PY

# the clause <-> check mapping (scanner/clauses.def, in checks --json) and docs/contract.md agree;
# every check decides a clause, except the two that guard the run itself
/usr/bin/python3 - "$T/checks.json" "$ROOT/docs/contract.md" <<'PY' && ok "docs/contract.md matches the clauses of zlh-audit checks --json" || bad "docs/contract.md differs from scanner/clauses.def"
import json, re, sys
code = {}
for c in json.load(open(sys.argv[1])):
    if not c["clauses"] and c["id"] not in ("merge.policy-consistent", "merge.shards-complete", "scan.nothing-checked"):
        print("decides no clause:", c["id"]); sys.exit(1)
    for cl in c["clauses"]:
        code.setdefault(cl, set()).add(c["id"])
doc = {}
for cid, cells in re.findall(r"^\| ([A-Z]+-[0-9]+) \| (.*) \|$", open(sys.argv[2]).read(), re.M):
    if cid in doc:
        print("twice in docs:", cid); sys.exit(1)
    doc[cid] = set(re.findall(r"`([a-z0-9.-]+)`", cells.rsplit(" | ", 1)[1]))
code.update({k: set() for k in doc if k not in code})  # a clause no check decides (AGENT-6)
if code != doc:
    for k in sorted(set(code) | set(doc)):
        if code.get(k) != doc.get(k):
            print(k, "code:", sorted(code.get(k, [])), "docs:", sorted(doc.get(k, [])))
    sys.exit(1)
PY
"$ZA" checks | grep -q '^SEC-1     Security contract: Prometheus not publicly reachable' && ok "checks lists the clauses" ||
	bad "checks does not list the clauses"

# what exposure checks send comes from the fingerprint data
"$ZA" checks --json | /usr/bin/python3 -c '
import json, sys
c = {x["id"]: x for x in json.load(sys.stdin)}
assert c["exposure.prometheus"]["requests"] == "GET /api/v1/status/buildinfo, GET /-/healthy", c["exposure.prometheus"]
assert "requests" not in c["discovery.tokenless"]
' && ok "checks --json lists the fingerprint requests" || bad "checks --json requests"

# report: a saved report renders; hostile strings stay text
run 0 "" report --format html "$ROOT/tests/cli/report-hostile.json" -o "$T/r.html"
if grep -q "<script>" "$T/r.html" || grep -q "<img" "$T/r.html"; then bad "report: markup from the report reached the HTML"; else ok "report: hostile evidence is escaped"; fi
grep -qF "label value &lt;script&gt;alert(1)&lt;/script&gt;" "$T/r.html" && ok "report: evidence shown as text" || bad "report: evidence missing"
run 0 '"verdict"' report --format json "$ROOT/tests/cli/report-hostile.json"
run 2 "schema: expected \"zlh-audit/report/v1\"" report --format html "$ROOT/policies/demo.json"
run 2 "report: unknown format 'pdf'" report --format pdf "$ROOT/tests/cli/report-hostile.json"
run 2 "report: --format is required" report "$ROOT/tests/cli/report-hostile.json"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
