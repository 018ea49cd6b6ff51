#!/usr/bin/env bash
# `zlh-audit merge`: runs from an external (untrusted) vantage and from the
# monitoring host become one launch report (vantage kind merged, runs[],
# each result keeping its vantage); the same result from a later run of the
# same vantage replaces the earlier one; results of different vantages stay
# apart; no untrusted run -> inconclusive even when everything passed;
# differing policies fail merge.policy-consistent; every format renders the
# merged report; unreadable input exits 2.
source "$(dirname "$0")/lib.sh" "$@"

# runs built from the fixed hostile report: an external run at 10:15, the
# host at 10:20, and a later external run at 10:30 in which Prometheus passes
/usr/bin/python3 - "$ROOT/tests/cli/report-hostile.json" <<'PY'
import copy, json, sys
base = json.load(open(sys.argv[1]))
def run(name, role, start, status, version="1", target_extra=None):
    d = copy.deepcopy(base)
    d["run"].update(id="r-" + name, started_at=start, finished_at=start[:-3] + "09Z")
    d["vantage"].update(name=name, role=role)
    d["policy"]["version"] = version
    for c in d["checks"]:
        c["vantage"] = name
    d["checks"][0]["status"] = status
    if target_extra:
        d["checks"].append(dict(d["checks"][1], target=target_extra))
    json.dump(d, open(name + "-" + start[11:13] + start[14:16] + ".json", "w"))
run("ci-external", "untrusted", "2026-11-27T10:15:00Z", "fail")
run("monitoring-host", "host", "2026-11-27T10:20:00Z", "pass", target_extra="127.0.0.1:3000")
run("ci-external", "untrusted", "2026-11-27T10:30:00Z", "pass")
run("monitoring-host", "host", "2026-11-27T10:40:00Z", "pass", version="2")
PY
summary() {
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
st = {(c["id"], c["target"], c["vantage"]): c["status"] for c in d["checks"]}
print(d["verdict"], d["vantage"]["kind"], len(d["runs"]), len(d["checks"]))
for k in sorted(st): print(*k, st[k])' "$1"
}

run 1 two merge ci-external-1015.json monitoring-host-1020.json --out two --format json,html,md,junit,metrics --quiet
summary two/report.json >two.txt
# schema v1's required fields hold for a merged report too (docs/report-schema.md)
/usr/bin/python3 - two/report.json <<'PY' && ok "the merged report keeps every field schema v1 requires" || bad "merged report fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "zlh-audit/report/v1"
for k in ("id", "started_at", "finished_at", "duration_ms"):
    assert k in d["run"], k
v = d["vantage"]
assert v["name"] == "merged" and v["kind"] == "merged" and v["role"] in ("untrusted", "admin", "host"), v
assert isinstance(v["hostname"], str) and isinstance(v["source_addresses"], list), v
assert sorted(v["roles"]) == ["host", "untrusted"], v
for k in ("name", "version", "profile", "sha256", "gate_severity"):
    assert k in d["policy"], k
for r in d["runs"]:
    assert r["vantage"]["role"] and "source_addresses" in r["vantage"] and "duration_ms" in r and r["policy"]["sha256"], r
assert d["clauses"] and all(c["status"] in ("pass", "fail", "undecided", "waived", "not-checked") for c in d["clauses"])
PY
head -1 two.txt | grep -q '^fail merged 2 7$' && grep -q '^exposure.prometheus 203.0.113.10:9090 ci-external fail$' two.txt &&
	grep -q '^exposure.prometheus 203.0.113.10:9090 monitoring-host pass$' two.txt &&
	grep -q '^merge.required-vantages untrusted merged pass$' two.txt &&
	grep -q '^merge.policy-consistent runs merged pass$' two.txt &&
	ok "two vantages: results kept apart with their own vantage, runs listed, verdict fail" || bad "two: $(cat two.txt)"
for f in report.html report.md junit.xml zlh_audit.prom; do
	[ -s "two/$f" ] || bad "merge did not write $f"
done
if [ -f "$SCHEMAS/junit.xsd" ]; then
	xmllint --noout --schema "$SCHEMAS/junit.xsd" two/junit.xml 2>/dev/null && ok "the merged JUnit is valid" || bad "merged JUnit"
else
	echo "skipped: the merged JUnit against junit.xsd (not in $SCHEMAS): not run, not passed"
fi

run 0 later merge ci-external-1030.json ci-external-1015.json monitoring-host-1020.json --out later --quiet
summary later/report.json >later.txt
head -1 later.txt | grep -q '^pass merged 3 7$' && grep -q '^exposure.prometheus 203.0.113.10:9090 ci-external pass$' later.txt &&
	ok "the same result from a later run of the same vantage replaces the earlier one (whatever the argument order)" ||
	bad "later: $(cat later.txt)"

run 3 hostonly merge monitoring-host-1020.json --out hostonly --quiet
grep -q '"verdict":	"inconclusive"' hostonly/report.json && grep -q 'no run from a vantage of role untrusted' hostonly/report.json &&
	ok "no untrusted run: inconclusive, not pass" || bad "host only"
run 3 needhost merge ci-external-1030.json --require-roles untrusted,host --out needhost --quiet
run 1 versions merge ci-external-1030.json monitoring-host-1040.json --out versions --quiet
grep -q 'monitoring-host-1040.json uses zlh-launch v2' versions/report.json && ok "differing policy versions are reported" ||
	bad "versions"
# a run scanned with waivers: its waived result and its waiver list survive the merge
/usr/bin/python3 - ci-external-1030.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["checks"][1].update(status="waived", waiver={"check": "exposure.grafana", "target": "*", "justification": "SEC-9",
                                              "approved_by": "ops", "expires": "2026-12-31", "raw_status": "fail"})
d["waivers"] = {"file": "w.json", "sha256": "0" * 64, "today": "2026-11-27",
                "used": [{"check": "exposure.grafana", "target": "*", "justification": "SEC-9", "approved_by": "ops",
                          "expires": "2026-12-31", "results": 1}], "expired": [], "unused": []}
json.dump(d, open("waived-1030.json", "w"))
PY
run 0 waived merge waived-1030.json monitoring-host-1020.json --out waived --format json,md --quiet
grep -q '"status":	"waived"' waived/report.json && grep -q '"run":	"waived-1030.json"' waived/report.json &&
	grep -q 'Waivers: 1 used' waived/report.md && ok "waived results and the waiver list survive the merge" ||
	bad "merge of a waived run"
# a waiver file applied at merge time: the merged failure is waived (raw status kept); expired, it is not
printf '{"waivers": [{"check": "exposure.prometheus", "target": "203.0.113.10:*", "justification": "SEC-77 firewall change scheduled", "approved_by": "sec-lead", "expires": "2026-12-01"}]}' >w.json
run 0 mwaived merge ci-external-1015.json monitoring-host-1020.json --waivers w.json --today 2026-11-27 --out mwaived --quiet
/usr/bin/python3 - mwaived/report.json <<'PY' && ok "merge --waivers waives the merged failure and lists the waiver as used" || bad "merge --waivers"
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["checks"] if c["id"] == "exposure.prometheus" and c["vantage"] == "ci-external"][0]
assert c["status"] == "waived" and c["waiver"]["raw_status"] == "fail", c
assert d["verdict"] == "pass" and d["summary"]["waived"] == 1, d["summary"]
assert [w["check"] for w in d["waivers"]["used"]] == ["exposure.prometheus"], d["waivers"]
PY
run 1 mexpired merge ci-external-1015.json monitoring-host-1020.json --waivers w.json --today 2026-12-01 --out mexpired --quiet
grep -q '"expired":	\[{' mexpired/report.json && ok "an expired waiver at merge time changes nothing and is listed" ||
	bad "merge expired waiver"
printf '{"waivers": [{"check": "exposure.prometheus"}]}' >wbad.json
run 2 mbadwaiver merge ci-external-1015.json --waivers wbad.json --out x

# the policy names the roles: untrusted and host
printf '{"name": "zlh-launch", "version": "1", "required_roles": ["untrusted", "host"]}' >launch.json
run 3 policyroles merge ci-external-1030.json --policy launch.json --out policyroles --quiet
grep -q 'no run from a vantage of role host' policyroles/report.json && ok "the policy's required_roles apply" ||
	bad "policy required_roles"
run 0 policyboth merge ci-external-1030.json monitoring-host-1020.json --policy launch.json --out policyboth --quiet
printf '{"name": "zlh-launch", "version": "1", "required_roles": ["untrusted", "root"]}' >badroles.json
run 2 policybadrole merge ci-external-1030.json --policy badroles.json --out x
grep -q 'badroles.json.*required_roles' policybadrole.err && ok "a bad role in the policy is named with the file" ||
	bad "policy bad role: $(cat policybadrole.err)"
# shards, by hand: parts are combined whatever the order; a re-run, a second scan, another
# run of the same vantage, another role or a missing index make the group not whole (error);
# a whole group that decided nothing gets the scan's own error
/usr/bin/python3 - "$ROOT/tests/cli/report-hostile.json" <<'PY'
import copy, json, sys
base = json.load(open(sys.argv[1]))
def shard(fname, idx, n, start, status, role="untrusted", target="203.0.113.10:9090", all_skipped=False):
    d = copy.deepcopy(base)
    d["run"].update(id="s%d-%s" % (idx, start), started_at="2026-11-27T%s:00Z" % start, finished_at="2026-11-27T%s:09Z" % start)
    d["run"]["shard"] = {"index": idx, "count": n, "plan": ["exposure.prometheus"]}
    d["vantage"].update(name="ext", role=role)
    d["checks"] = [dict(d["checks"][0], vantage="ext", target=target, status="skipped" if all_skipped else status)]
    json.dump(d, open(fname, "w"))
shard("a1.json", 1, 2, "10:00", "error")
shard("a2.json", 2, 2, "10:01", "error", target="203.0.113.11:9090")
shard("a1r.json", 1, 2, "10:05", "pass")
shard("b1.json", 1, 2, "11:00", "pass")
shard("b2.json", 2, 2, "11:01", "pass", target="203.0.113.11:9090")
shard("r2.json", 2, 2, "11:02", "pass", role="admin", target="203.0.113.11:9090")
shard("z1.json", 1, 2, "12:00", "pass", all_skipped=True)
shard("z2.json", 2, 2, "12:01", "pass", all_skipped=True, target="203.0.113.11:9090")
full = copy.deepcopy(base)
full["run"].update(id="full", started_at="2026-11-27T11:00:30Z")
full["vantage"].update(name="ext", role="untrusted")
full["checks"] = [dict(full["checks"][0], vantage="ext", status="error")]
json.dump(full, open("full.json", "w"))
dup = copy.deepcopy(base)
dup["vantage"]["name"] = "ext"
dup["checks"] = [dict(dup["checks"][0], vantage="ext", status="fail"), dict(dup["checks"][0], vantage="ext", status="pass")]
json.dump(dup, open("dup.json", "w"))
PY
sc() { /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = [c for c in d["checks"] if c["id"] == "merge.shards-complete"]
n = [c for c in d["checks"] if c["id"] == "scan.nothing-checked"]
print(d["verdict"], s[0]["status"] if s else "-", n[0]["status"] if n else "-", s[0]["message"] if s else "")' "$1"; }
run 0 whole2 merge b2.json b1.json --out whole2 --quiet
[ "$(sc whole2/report.json | cut -d' ' -f1-3)" = "pass pass -" ] && ok "shards 1..2 in any order: whole, pass" || bad "whole2: $(sc whole2/report.json)"
for set in "rerun:a1.json a2.json a1r.json" "twoscans:a1.json a2.json b1.json b2.json" "mixed:b1.json full.json b2.json" \
	"roles:b1.json r2.json" "missing:b1.json"; do
	name=${set%%:*}
	# shellcheck disable=SC2086
	"$ZA" merge ${set#*:} --out "$name" --quiet >/dev/null 2>&1
	got=$(sc "$name/report.json")
	case $got in
	"inconclusive error"* | "fail error"*) ok "$name: merge.shards-complete is an error, the verdict not pass" ;;
	*) bad "$name: $got" ;;
	esac
done
sc rerun/report.json | grep -q 'shard 1 given more than once' && ok "a re-run shard is named" || bad "rerun message"
sc mixed/report.json | grep -q 'another run of this vantage' && ok "a run mixed into a sharded scan is named" || bad "mixed message"
"$ZA" merge z1.json z2.json --out none --quiet >/dev/null 2>&1
[ "$(sc none/report.json | cut -d' ' -f1-3)" = "inconclusive pass error" ] &&
	ok "a whole sharded scan that decided nothing gets scan.nothing-checked, as the scan would" || bad "none: $(sc none/report.json)"
run 1 dupinrun merge dup.json --require-roles untrusted --out dupinrun --quiet
grep -q '"status":	"fail"' dupinrun/report.json && ok "one run saying fail and pass for one result: the fail stands" ||
	bad "duplicate results in one run"
# Markdown rows: a finding's row shows its worst result's message, and a failure with a
# severity this version does not know is still listed (the verdict counts it as critical)
/usr/bin/python3 - "$ROOT/tests/cli/report-hostile.json" <<'PY'
import copy, json, sys
base = json.load(open(sys.argv[1]))
for name, status, msg, sev in (("admin-net", "pass", "reachable as expected", "critical"),
                               ("zz-ext", "fail", "ANSWERS FROM OUTSIDE", "bogus")):
    d = copy.deepcopy(base)
    d["vantage"].update(name=name, role="untrusted")
    d["run"]["id"] = name
    d["checks"] = [dict(d["checks"][0], vantage=name, status=status, message=msg, severity=sev)]
    json.dump(d, open(name + ".json", "w"))
PY
run 1 mdworst merge admin-net.json zz-ext.json --out mdworst --format json,md --quiet
grep -q '^| bogus | exposure.prometheus | 203.0.113.10:9090 | admin-net: pass; zz-ext: fail | ANSWERS FROM OUTSIDE |' mdworst/report.md &&
	ok "Markdown: the worst result's message, and an unknown severity still listed" || bad "Markdown row: $(grep -n 'exposure.prometheus' mdworst/report.md)"
run 2 badrole merge ci-external-1030.json --require-roles untrusted,root
run 2 notreport merge "$ROOT/policies/demo.json" --out x
run 2 none merge --out x
finish
