#!/usr/bin/env bash
# Sharded scans (scan --shard I/N) on the demo lab, with a /28 range added
# (Prometheus open and node_exporter dropped on all 16 addresses): shards
# 1..3 merged hold exactly the result set of the unsharded scan (check,
# target, vantage, status), ranges combined across shards; the shards are
# balanced by endpoint count and stable across runs; a merge without a shard
# makes merge.shards-complete an error (the verdict cannot pass), and a
# shard count out of range is a usage error.
source "$(dirname "$0")/common.sh"
lab_require
lab_add_range 192.0.2.0/28
lab_start_prometheus 0.0.0.0:9090
lab_start_node_exporter 0.0.0.0:9100
lab_drop_from_outside 9100
lab_start_grafana 0.0.0.0:3000
lab_start_discovery 0.0.0.0:8080 any-bearer
/usr/bin/python3 - "$ROOT/policies/demo.json" "$ROOT" >shards.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["fingerprints"] = sys.argv[2] + "/policies/fingerprints.json"
d["hosts"].append({"name": "fleet", "cidr": "192.0.2.0/28", "kind": "game",
                   "services": [{"service": "node_exporter", "port": 9100}, {"service": "prometheus", "port": 9090}]})
print(json.dumps(d))
PY
args=(--policy shards.json --vantage "netns:$LAB_NS_OUT" --vantage-name lab-outside
	--token-file "discovery=$(lab_token)" --format json,html,md)
scan whole "${args[@]}"
expect_rc whole 1
for i in 1 2 3; do
	scan "s$i" "${args[@]}" --shard "$i/3"
done
scan s2again "${args[@]}" --shard 2/3
"$ZA" merge s1/report.json s2/report.json s3/report.json --out merged --format json,html,md --quiet || true
"$ZA" merge s1/report.json s3/report.json --out partial --format json --quiet || true
/usr/bin/python3 - <<'PY'
import json
def load(p): return json.load(open(p))
def rs(d): return sorted((c["id"], c["target"], c["vantage"], c["status"]) for c in d["checks"] if not c["id"].startswith("merge."))
whole, merged = load("whole/report.json"), load("merged/report.json")
shards = [load("s%d/report.json" % i) for i in (1, 2, 3)]
# 1. the merge of every shard is the whole scan's result set
if rs(whole) != rs(merged):
    print("whole only:", sorted(set(rs(whole)) - set(rs(merged))))
    print("merged only:", sorted(set(rs(merged)) - set(rs(whole))))
    raise SystemExit("FAILED: shards 1..3 merged differ from the unsharded scan")
print("ok: shards 1..3 merged hold the unsharded result set (%d results)" % len(rs(whole)))
assert merged["verdict"] == whole["verdict"] == "fail", (merged["verdict"], whole["verdict"])
sc = [c for c in merged["checks"] if c["id"] == "merge.shards-complete"]
assert sc and sc[0]["status"] == "pass", sc
print("ok: merge.shards-complete passes:", sc[0]["message"])
# the range: one result combined from three shards, its counts in each shard's evidence
rng = [c for c in merged["checks"] if c["target"] == "192.0.2.0/28:9100"]
assert len(rng) == 1 and rng[0]["status"] == "pass", rng
assert sum(1 for e in rng[0]["evidence"] if "endpoints judged here" in e["detail"]) == 3, rng[0]["evidence"]
print("ok: the range's passes are one result, counted by the three shards")
# 2. balanced by endpoint count: 3 host endpoints + 32 range endpoints = 35 -> 12/12/11
ends = sorted(s["run"]["endpoints"] for s in shards)
assert ends == [11, 12, 12], ends
print("ok: endpoints per shard", ends)
# a shard alone never passes, and says it is partial
assert all(s["verdict"] != "pass" for s in shards), [s["verdict"] for s in shards]
# only shard 1 runs what is not per endpoint
assert any(c["id"].startswith("discovery.") for c in shards[0]["checks"])
assert not any(c["id"].startswith("discovery.") for c in shards[1]["checks"] + shards[2]["checks"])
# 3. stable: shard 2 twice probes the same endpoints
again = load("s2again/report.json")
t = lambda d: sorted(c["target"] for c in d["checks"] if c["id"].startswith("exposure."))
assert t(again) == t(shards[1]), (t(again), t(shards[1]))
print("ok: shard 2 of 3 probes the same endpoints each run")
# 4. a shard missing: an error, never a pass
partial = load("partial/report.json")
sc = [c for c in partial["checks"] if c["id"] == "merge.shards-complete"]
assert sc and sc[0]["status"] == "error" and "1 of 3 shards missing (2)" in sc[0]["message"], sc
assert partial["verdict"] != "pass"
print("ok: without shard 2 merge.shards-complete is an error:", sc[0]["message"])
# the merged report's vantage keeps schema v1's fields
v = merged["vantage"]
assert v["kind"] == "merged" and v["role"] == "untrusted" and "hostname" in v and "source_addresses" in v, v
assert all(r.get("shard", {}).get("count") == 3 for r in merged["runs"]), merged["runs"]
print("ok: merged vantage and runs")
PY
grep -q 'PARTIAL: this is shard 2 of 3' s2/report.html && grep -q '^\*\*Partial:\*\* shard 2 of 3' s2/report.md &&
	echo "ok: a shard's HTML and Markdown say it is partial" || { echo "FAILED: shard banner"; exit 1; }
grep -q 'shard 1 of 3' merged/report.html && grep -q '<h3>Merged runs</h3>' merged/report.html &&
	echo "ok: the merged HTML lists the runs with their shards" || { echo "FAILED: merged HTML runs table"; exit 1; }
for bad in 0/3 4/3 1/0 1/300 x/3 2; do
	rc=0
	"$ZA" scan --policy shards.json --shard "$bad" --out bad >bad.out 2>&1 || rc=$?
	[ "$rc" = 2 ] && grep -q -- "--shard '$bad'" bad.out || { echo "FAILED: --shard $bad: exit $rc: $(cat bad.out)"; exit 1; }
done
echo "ok: a bad --shard is a usage error naming it"
echo "test_shards: ok"
