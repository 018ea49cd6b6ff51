#!/usr/bin/env bash
# IPv4 and IPv6: a name with an A and an AAAA record is probed on both
# addresses (one result each), and IPv6 literals work. Prometheus listens on
# both families, node_exporter on IPv4 only.
source "$(dirname "$0")/common.sh"
lab_require
lab_add_v6
lab_start_prometheus "[::]:9090"
lab_start_node_exporter 203.0.113.10:9100
lab_hosts "$LAB_NS_OUT" "127.0.0.1 localhost" "203.0.113.10 monitor.zlh-lab.example" \
	"$LAB_MON_ADDR6 monitor.zlh-lab.example"
cat >v6.json <<JSON
{"name": "ipv6-lab", "version": "1",
 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "expect": {"prometheus": {"untrusted": "unreachable"}, "node_exporter": {"untrusted": "unreachable"}},
 "hosts": [{"name": "monitor", "address": "monitor.zlh-lab.example",
            "services": [{"service": "prometheus", "port": 9090}, {"service": "node_exporter", "port": 9100}]},
           {"name": "monitor6", "address": "$LAB_MON_ADDR6", "services": [{"service": "prometheus", "port": 9090}]}]}
JSON
rc=0
ip netns exec "$LAB_NS_OUT" "$ZA" scan --policy v6.json --out "$LAB_DIR/v6" >v6.out 2>&1 || rc=$?
cat v6.out
[ "$rc" = 1 ] || { echo "FAILED: exit $rc, expected 1"; exit 1; }
N=monitor.zlh-lab.example
$ASSERT v6/report.json verdict=fail \
	"exposure.prometheus@$N[203.0.113.10]:9090=fail" "exposure.prometheus@$N[2001:db8::10]:9090=fail" \
	"exposure.prometheus@$N[2001:db8::10]:9090.evidence~identified as Prometheus" \
	"exposure.node-exporter@$N[203.0.113.10]:9100=fail" \
	"exposure.node-exporter@$N[2001:db8::10]:9100=pass" \
	"exposure.node-exporter@$N[2001:db8::10]:9100.evidence~connection refused" \
	"exposure.prometheus@[2001:db8::10]:9090=fail" "pprof.open@[2001:db8::10]:9090=fail"
