#!/usr/bin/env bash
# --vantage untrusted-local: the scanner, running on the monitoring host,
# builds its own outside vantage with libnl (a temporary namespace and veth
# pair with an address from the policy's untrusted_range), probes the host's
# own addresses through its firewall, and removes everything afterwards -
# also when it is killed mid-scan. Without CAP_NET_ADMIN it refuses (exit 2).
source "$(dirname "$0")/common.sh"
lab_require
lab_start_prometheus 0.0.0.0:9090
lab_start_node_exporter 0.0.0.0:9100
lab_start_grafana 127.0.0.1:3000
lab_start_discovery 0.0.0.0:8080 fail-closed
lab_drop_from_outside 9100 # the untrusted range 198.51.100.0/24 is dropped

links() { ip -n "$LAB_NS_MON" -o link show | grep -c 'zlv' || true; }
on_host() { ip netns exec "$LAB_NS_MON" "$@"; }

rc=0
on_host "$ZA" scan --policy "$ROOT/policies/demo.json" --vantage untrusted-local --token-file "discovery=$(lab_token)" \
	--out "$LAB_DIR/local" >local.out 2>local.err || rc=$?
cat local.out local.err
[ "$rc" = 1 ] || { echo "FAILED: exit $rc, expected 1"; exit 1; }
$ASSERT local/report.json verdict=fail vantage.kind=untrusted-local vantage.role=untrusted vantage.name=untrusted-local \
	"exposure.prometheus@203.0.113.10:9090=fail" \
	"exposure.node-exporter@203.0.113.10:9100=pass" "exposure.node-exporter@203.0.113.10:9100.evidence~(filtered)" \
	"exposure.grafana@203.0.113.10:3000=pass" "exposure.grafana@203.0.113.10:3000.evidence~connection refused" \
	"discovery.tokenless@http://203.0.113.10:8080/api/monitoring/targets=pass"
/usr/bin/python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['vantage']['source_addresses']; assert a==['198.51.100.65'], a; print('ok: source address', a[0])" local/report.json
[ "$(links)" = 0 ] && echo "ok: no veth left after the scan" || { echo "FAILED: veth left behind"; exit 1; }

# killed mid-scan: the kernel removes the anonymous namespace and the veth pair
cat >slow.json <<JSON
{"name": "slow", "version": "1", "untrusted_range": "198.51.100.64/26",
 "timeouts": {"connect_ms": 8000, "transfer_ms": 9000},
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "expect": {"node_exporter": {"untrusted": "unreachable"}},
 "hosts": [{"name": "m", "address": "203.0.113.10", "services": [{"service": "node_exporter", "port": 9100}]}]}
JSON
ip netns exec "$LAB_NS_MON" "$ZA" scan --policy slow.json --vantage untrusted-local --out "$LAB_DIR/slow" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 50); do [ "$(links)" != 0 ] && break; sleep 0.1; done
[ "$(links)" != 0 ] || { echo "FAILED: the vantage never came up"; exit 1; }
sleep 0.3 # the scan is now waiting on a filtered port
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
# the kernel destroys namespaces asynchronously (batched; slower under load)
for _ in $(seq 1 100); do [ "$(links)" = 0 ] && break; sleep 0.1; done
[ "$(links)" = 0 ] && echo "ok: SIGTERM mid-scan left no veth behind" || { echo "FAILED: veth left after SIGTERM"; exit 1; }
if kill -0 "$pid" 2>/dev/null; then echo "FAILED: the scanner is still running after SIGTERM"; exit 1; fi
[ -z "$(ip netns list | grep -v "^zlhlab-" || true)" ] || echo "note: other named namespaces exist (not ours)"
echo "ok: no process left; the vantage's namespace was anonymous (never named, nothing to remove)"

# without the capabilities: a clear error, exit 2, no fallback
rc=0
on_host setpriv --bounding-set=-net_admin,-sys_admin "$ZA" scan --policy "$ROOT/policies/demo.json" \
	--vantage untrusted-local --out "$LAB_DIR/nocap" >nocap.out 2>&1 || rc=$?
cat nocap.out
[ "$rc" = 2 ] && grep -q "run as root" nocap.out && echo "ok: without CAP_NET_ADMIN: exit 2 and a clear message" ||
	{ echo "FAILED: exit $rc without capabilities"; exit 1; }
echo "3 passed, 0 failed"
