#!/usr/bin/env bash
# Adaptive connect timeouts on a slow link: 192.0.2.0/24 is reached from
# "out" through tests/fixtures/delay_relay.py, 40 ms each way (80 ms of added
# round trip, at the packet level: the far end's own SYN-ACK and RST are
# what is timed). On it: node_exporter (192.0.2.10:9100) and Prometheus
# (192.0.2.11:9090) open, 9100 of 192.0.2.20 dropped by nftables (filtered),
# everything else refused. Port 9091 is slower still (+300 ms each way, a
# service forwarded to a far backend): node_exporter on 192.0.2.40:9091 must
# be found although its neighbours answer in 80 ms (the retry of a silent
# endpoint waits at least connect_ms).
#
# With a floor of 20 ms the timeout is what the round trips justify, not
# the floor: every open port is found (none read as filtered), the filtered
# one passes only after an attempt that waited at least the measured RTT,
# and run.connect_timeouts shows the network's estimate. A network where
# nothing answered keeps the policy's connect_ms.
source "$(dirname "$0")/common.sh"
# the relay needs TUN devices: make the node if the kernel has the driver, skip
# (never pass) if it cannot be opened at all
tun_ok() { /usr/bin/python3 -c 'import os; os.close(os.open("/dev/net/tun", os.O_RDWR))' 2>/dev/null; }
if ! tun_ok; then
	modprobe tun 2>/dev/null || true
	[ -e /dev/net/tun ] || { mkdir -p /dev/net && mknod /dev/net/tun c 10 200 2>/dev/null; } || true
	tun_ok || { echo "skipped: /dev/net/tun cannot be opened (no TUN driver): not run, not passed"; exit 77; }
fi
lab_require
SLOW_SRC=198.51.100.77
lab_add_slow_link 192.0.2.0/24 "$SLOW_SRC" 40 --port-delay 9091=300
for a in 192.0.2.10:9100 192.0.2.1:9100 192.0.2.40:9091; do
	_lab_bg "ne-${a%%:*}" prometheus-node-exporter --web.listen-address="$a" --collector.disable-defaults \
		--collector.uname
	lab_wait "$LAB_NS_MON" "${a%%:*}" "${a##*:}"
done
lab_start_prometheus 192.0.2.11:9090
ip netns exec "$LAB_NS_MON" nft -f - <<NFT
table inet zlhslow {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr $SLOW_SRC ip daddr 192.0.2.20 tcp dport 9100 drop
  }
}
NFT

policy() { # NAME FLOOR CONTROL HOSTS
	cat >"$1.json" <<JSON
{"name": "slow-link", "version": "1",
 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
 "timeouts": {"connect_ms": 1000, "connect_floor_ms": $2, "transfer_ms": 3000},
 "fingerprints": "$ROOT/policies/fingerprints.json",
 $3
 "expect": {"prometheus": {"untrusted": "unreachable"}, "node_exporter": {"untrusted": "unreachable"}},
 "hosts": $4}
JSON
}
policy slow 20 '"control": {"address": "192.0.2.1", "port": 9100},' \
	'[{"name": "fleet", "cidr": "192.0.2.0/27", "kind": "game",
	   "services": [{"service": "node_exporter", "port": 9100}, {"service": "prometheus", "port": 9090}]},
	  {"name": "dropped", "address": "192.0.2.20", "kind": "game",
	   "services": [{"service": "node_exporter", "port": 9100}]},
	  {"name": "forwarded", "address": "192.0.2.40", "kind": "game",
	   "services": [{"service": "node_exporter", "port": 9091}]}]'
scan slow --policy slow.json --vantage "netns:$LAB_NS_OUT"
expect_rc slow 1
$ASSERT slow/report.json verdict=fail \
	"exposure.node-exporter@192.0.2.10:9100=fail" \
	"exposure.node-exporter@192.0.2.10:9100.evidence~identified as node_exporter" \
	"exposure.prometheus@192.0.2.11:9090=fail" \
	"exposure.node-exporter@192.0.2.1:9100=fail" \
	"exposure.node-exporter@192.0.2.0/27:9100=pass" \
	"exposure.node-exporter@192.0.2.0/27:9100.evidence~1 filtered" \
	"exposure.prometheus@192.0.2.0/27:9090=pass" \
	"exposure.node-exporter@192.0.2.20:9100=pass" \
	"exposure.node-exporter@192.0.2.20:9100.evidence~no answer to 2 connection attempts, the last within" \
	"exposure.node-exporter@192.0.2.40:9091=fail" \
	"exposure.node-exporter@192.0.2.40:9091.evidence~tried again, waiting at least connect_ms" \
	count:exposure.=7 run.connect_timeouts.floor_ms=20
# the timeouts: justified by the measured round trip, shorter than the ceiling
/usr/bin/python3 - slow/report.json <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
nets = {n["network"]: n for n in d["run"]["connect_timeouts"]["networks"]}
slow = nets.get("192.0.2.0/24")
assert slow, nets
print("192.0.2.0/24:", slow)
assert slow["srtt_ms"] >= 78, slow  # the link's 80 ms (and the forwarded port's 680), measured
assert slow["timeout_ms"] > slow["srtt_ms"], slow
assert slow["samples"] >= 60, slow  # 2 ports x 32 addresses answered (refused or accepted)
# the dropped port's first attempt: an adapted timeout, above the round trip and under connect_ms
first = [int(x) for e in next(c for c in d["checks"] if c["target"] == "192.0.2.20:9100")["evidence"]
         for x in re.findall(r"no answer to the connection attempt within (\d+) ms", e["detail"])]
assert first and 80 <= first[0] < 1000, first
judged = []
for c in d["checks"]:
    for e in c["evidence"]:
        judged += [int(m) for m in re.findall(r"within (\d+) ms", e["detail"])]
        judged += [int(a) for a, b in re.findall(r"within (\d+) to (\d+) ms", e["detail"])]
print("filtered judged after:", judged)
assert judged and min(judged) >= 80, judged  # never before a round trip could have answered
print("ok: timeouts justified by the measured round trip")
PY

# Nothing answered in the network, no control: the policy's connect_ms, one attempt
policy blind 20 "" '[{"name": "dropped", "address": "192.0.2.20", "kind": "game",
	   "services": [{"service": "node_exporter", "port": 9100}]}]'
scan blind --policy blind.json --vantage "netns:$LAB_NS_OUT"
expect_rc blind 0
$ASSERT blind/report.json verdict=pass \
	"exposure.node-exporter@192.0.2.20:9100=pass" \
	"exposure.node-exporter@192.0.2.20:9100.evidence~no answer to the connection attempt within 1000 ms" \
	"exposure.node-exporter@192.0.2.20:9100.evidence!~connection attempts" \
	run.connect_timeout_ms=1000
/usr/bin/python3 -c "
import json, sys
n = json.load(open(sys.argv[1]))['run']['connect_timeouts']['networks']
assert n == [], n
print('ok: no network measured, the ceiling kept')" blind/report.json
echo "test_slow_link: ok"
