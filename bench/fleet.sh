#!/usr/bin/env bash
# bench/fleet.sh - fleet-sized work, measured (not a test: it measures and
# prints), zlh-audit against nmap in one run:
#   1. a discovery answer of 10,000 containers (about 3 MB of HTTP SD JSON,
#      tests/fixtures/discovery_fixture.py --targets fleet) read with the real
#      token and judged whole by the label contract and the secrets check:
#      time, peak RSS, how many groups every label check saw
#   2. a /16 x 2 ports (131,072 endpoints) where the range is local: the
#      loopback range 127.77.0.0/16 inside a network namespace of the lab
#      (closed ports refuse at once), node_exporter open on three addresses;
#      zlh-audit with its defaults against `nmap -sT -Pn -n -T4` on the same
#      addresses and ports: wall time, peak RSS, report.json size, open found
# Last line: ratio_vs_nmap=R, nmap's wall time / zlh-audit's on the /16.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/deps.sh >/dev/null
for tool in nmap:nmap bc:bc /usr/bin/time:time; do
	command -v "${tool%%:*}" >/dev/null || apt-get install -y -qq "${tool##*:}" >/dev/null
done
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$(nproc)" >/dev/null
ZA=$ROOT/build/zlh-audit
# shellcheck source=../tests/labs/lab.sh
source tests/labs/lab.sh
lab_init
lab_up
now() { date +%s.%N; }

# ---- 1. a discovery answer of 10,000 containers ----
lab_start_discovery 0.0.0.0:8091 fail-closed --targets fleet
/usr/bin/python3 - "$ROOT/policies/demo.json" "$ROOT" "$(lab_token)" >"$LAB_DIR/disc.json" <<'PY'
import json, sys
demo = json.load(open(sys.argv[1]))
print(json.dumps({"name": "fleet-bench", "version": "1", "fingerprints": sys.argv[2] + "/policies/fingerprints.json",
                  "vantages": [{"name": "lab-outside", "role": "untrusted"}], "labels": demo["labels"],
                  "token_files": {"discovery": sys.argv[3]},
                  "discovery": [{"name": "fleet", "url": "http://203.0.113.10:8091/api/monitoring/targets",
                                 "token_file": "discovery", "allow_plaintext_token": True}]}))
PY
t0=$(now)
/usr/bin/time -f %M -o "$LAB_DIR/disc.rss" "$ZA" scan --policy "$LAB_DIR/disc.json" --vantage "netns:$LAB_NS_OUT" \
	--format json --quiet --out "$LAB_DIR/disc" || true
t1=$(now)
tdisc=$(echo "$t1 - $t0" | bc -l)
disc_summary=$(/usr/bin/python3 - "$LAB_DIR/disc/report.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in d["checks"]}
acc = c.get("discovery.token-accepted", {})
labels = [x for x in d["checks"] if x["id"].startswith("labels.")]
print("token-accepted %s (%s); %d label checks: %s" % (acc.get("status"), acc.get("message", "")[:100], len(labels),
      ", ".join("%s %s" % (x["id"][7:], x["status"]) for x in labels)))
PY
)

# ---- 2. a /16 x 2 ports, local to a namespace ----
NS=$LAB_NS_MON
for a in 127.77.0.1 127.77.128.9 127.77.255.254; do
	ip netns exec "$NS" prometheus-node-exporter --web.listen-address="$a:9100" --collector.disable-defaults \
		--collector.uname >"$LAB_DIR/ne-$a.log" 2>&1 &
	LAB_PIDS+=($!)
	lab_wait "$NS" "$a" 9100
done
cat >"$LAB_DIR/range.json" <<JSON
{"name": "fleet-bench-range", "version": "1",
 "vantages": [{"name": "in-range", "role": "untrusted"}],
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "expect": {"node_exporter": {"untrusted": "unreachable"}},
 "hosts": [{"name": "fleet", "cidr": "127.77.0.0/16", "kind": "game",
            "services": [{"service": "node_exporter", "ports": [9100, 9101]}]}]}
JSON
t0=$(now)
rc=0
/usr/bin/time -f %M -o "$LAB_DIR/range.rss" "$ZA" scan --policy "$LAB_DIR/range.json" --vantage "netns:$NS" \
	--vantage-name in-range --format json,html --quiet --out "$LAB_DIR/range" || rc=$?
t1=$(now)
[ "$rc" = 1 ] || { echo "bench: zlh-audit exited $rc (expected 1: three node_exporters are open)" >&2; exit 1; }
tz=$(echo "$t1 - $t0" | bc -l)
za_open=$(/usr/bin/python3 -c "import json,sys; print(sum(1 for c in json.load(open(sys.argv[1]))['checks'] if c['id'] == 'exposure.node-exporter' and c['status'] == 'fail'))" "$LAB_DIR/range/report.json")
t0=$(now)
ip netns exec "$NS" nmap -sT -Pn -n -T4 -p 9100,9101 127.77.0.0/16 -oG "$LAB_DIR/nmap.txt" >/dev/null
t1=$(now)
tn=$(echo "$t1 - $t0" | bc -l)
nmap_open=$(grep -o '/open/' "$LAB_DIR/nmap.txt" | wc -l)

echo
printf 'discovery answer of 10,000 containers: %.2f s, peak RSS %d MB; %s\n' "$tdisc" \
	$(($(tail -1 "$LAB_DIR/disc.rss") / 1024)) "$disc_summary"
echo "range: 127.77.0.0/16 x 2 ports = 131072 endpoints, 3 open node_exporters, local to a namespace"
printf 'zlh-audit (defaults): %.2f s, %.0f endpoints/s, peak RSS %d MB, report.json %d KB, report.html %d KB, %s open reported\n' \
	"$tz" "$(echo "131072 / $tz" | bc -l)" $(($(tail -1 "$LAB_DIR/range.rss") / 1024)) \
	$(($(stat -c %s "$LAB_DIR/range/report.json") / 1024)) $(($(stat -c %s "$LAB_DIR/range/report.html") / 1024)) "$za_open"
printf 'nmap -sT -Pn -n -T4: %.2f s, %.0f endpoints/s, %s open\n' "$tn" "$(echo "131072 / $tn" | bc -l)" "$nmap_open"
lab_down
printf 'ratio_vs_nmap=%.2f\n' "$(echo "$tn / $tz" | bc -l)"
