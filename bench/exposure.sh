#!/usr/bin/env bash
# bench/exposure.sh [ROUNDS] - exposure scanning speed, zlh-audit against
# nmap, in one run, on the same lab (not a test: it measures and prints).
#
# The lab: 256 addresses (192.0.2.0/24) x 16 ports = 4,096 (address, port)
# endpoints in a network namespace, scanned from another one.
#   open:     node_exporter on 32 addresses (:9100) and Prometheus on one
#             (:9090) - 33 real HTTP services, which zlh-audit must identify
#   filtered: nftables drops 9096 and 9097 everywhere and 9098 on the lower
#             half (640 endpoints, 15.6 %)
#   closed:   everything else (refused)
# zlh-audit: `scan` with the CIDR range and a port list, the policy's default
# timeouts (it also runs the follow-up checks of every service it identifies,
# which nmap does not).
# nmap: `nmap -sT -Pn -n -T4` over the same addresses and ports.
# Each tool runs ROUNDS times (default 3), alternating; medians are compared,
# first with the drops off (every closed port refuses), then with them on.
# Last line: ratio_vs_nmap=R with the drops on, nmap's wall time / zlh-audit's
# (above 1: zlh-audit is faster).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-3}
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
lab_add_range 192.0.2.0/24
listen=()
for i in $(seq 1 32); do listen+=(--web.listen-address="192.0.2.$i:9100"); done
ip netns exec "$LAB_NS_MON" prometheus-node-exporter "${listen[@]}" --collector.disable-defaults --collector.uname \
	>"$LAB_DIR/ne.log" 2>&1 &
LAB_PIDS+=($!)
lab_wait "$LAB_NS_MON" 192.0.2.32 9100
lab_start_prometheus 192.0.2.200:9090
PORTS="3000,3100,8080,9090,9091,9093,9094,9096,9097,9098,9100,9101,9102,9103,9115,12345"
NE_PORTS=$(echo "$PORTS" | tr ',' '\n' | grep -v -x -e 9090 -e 3000 | paste -sd, -)
cat >"$LAB_DIR/bench.json" <<JSON
{"name": "bench-exposure", "version": "1",
 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "control": {"address": "192.0.2.1", "port": 9100},
 "expect": {"prometheus": {"untrusted": "unreachable"}, "node_exporter": {"untrusted": "unreachable"},
            "grafana": {"untrusted": "unreachable"}},
 "hosts": [{"name": "fleet", "cidr": "192.0.2.0/24", "kind": "game",
            "services": [{"service": "prometheus", "port": 9090}, {"service": "grafana", "port": 3000},
                         {"service": "node_exporter", "ports": [$NE_PORTS]}]}]}
JSON
endpoints=$((256 * 16))

now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# rounds LABEL: ROUNDS alternating runs; sets mz, mn (medians), za_fail, nmap_open, za_rss
rounds() {
	local r t0 t1 rc
	local -a tz=() tn=()
	for r in $(seq 1 "$ROUNDS"); do
		t0=$(now)
		rc=0
		/usr/bin/time -f "%M" -o "$LAB_DIR/za.rss" "$ZA" scan --policy "$LAB_DIR/bench.json" \
			--vantage "netns:$LAB_NS_OUT" --out "$LAB_DIR/za" --format json --quiet || rc=$?
		t1=$(now)
		[ "$rc" = 1 ] || { echo "bench: zlh-audit exited $rc (expected 1: the lab is exposed)" >&2; exit 1; }
		tz+=("$(echo "$t1 - $t0" | bc -l)")
		za_rss=$(tail -1 "$LAB_DIR/za.rss")
		za_fail=$(/usr/bin/python3 -c "import json,sys; print(sum(1 for c in json.load(open(sys.argv[1]))['checks'] if c['id'].startswith('exposure.') and c['status'] == 'fail'))" "$LAB_DIR/za/report.json")
		t0=$(now)
		ip netns exec "$LAB_NS_OUT" nmap -sT -Pn -n -T4 -p "$PORTS" 192.0.2.0/24 -oG "$LAB_DIR/nmap.txt" >/dev/null
		t1=$(now)
		tn+=("$(echo "$t1 - $t0" | bc -l)")
		nmap_open=$(grep -o '/open/' "$LAB_DIR/nmap.txt" | wc -l)
		printf '%s round %s: zlh-audit %.2f s, nmap %.2f s\n' "$1" "$r" "${tz[-1]}" "${tn[-1]}"
	done
	mz=$(median "${tz[@]}")
	mn=$(median "${tn[@]}")
}
report() { # LABEL: the medians of the last rounds
	local identified timeout_used
	identified=$(/usr/bin/python3 - "$LAB_DIR/za/report.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for c in d["checks"] if c["id"].startswith("exposure.") and c["status"] == "fail" and "identified as" in " ".join(e["detail"] for e in c["evidence"])))
PY
)
	timeout_used=$(/usr/bin/python3 -c "
import json,sys
r = json.load(open(sys.argv[1]))['run']
n = r.get('connect_timeouts', {}).get('networks', [])
print(', '.join('%s %s ms' % (x['network'], x['timeout_ms']) for x in n) or '%s ms' % r['connect_timeout_ms'])" "$LAB_DIR/za/report.json")
	printf '%s: zlh-audit median %.2f s, %.0f endpoints/s, %s open services reported (%s identified over HTTP), connect timeouts %s, peak RSS %s KB\n' \
		"$1" "$mz" "$(echo "$endpoints / $mz" | bc -l)" "$za_fail" "$identified" "$timeout_used" "$za_rss"
	printf '%s: nmap -sT -Pn -n -T4 median %.2f s, %.0f endpoints/s, %s open ports\n' "$1" "$mn" \
		"$(echo "$endpoints / $mn" | bc -l)" "$nmap_open"
}
rounds drops-off
off_z=$mz off_n=$mn
report "drops off"
ip netns exec "$LAB_NS_MON" nft -f - <<NFT
table inet zlhbench {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr $LAB_OUT_NET tcp dport { 9096, 9097 } drop
    ip saddr $LAB_OUT_NET ip daddr 192.0.2.0/25 tcp dport 9098 drop
  }
}
NFT
rounds drops-on
echo
echo "lab: $endpoints endpoints (256 addresses x 16 ports), 33 open HTTP services, 640 filtered (15.6 %) with the drops on"
report "drops on"
printf 'drops off: ratio_vs_nmap=%.2f (zlh-audit %.2f s, nmap %.2f s)\n' "$(echo "$off_n / $off_z" | bc -l)" "$off_z" "$off_n"
lab_down
printf 'ratio_vs_nmap=%.2f\n' "$(echo "$mn / $mz" | bc -l)"
