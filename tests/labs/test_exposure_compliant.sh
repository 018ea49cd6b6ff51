#!/usr/bin/env bash
# A compliant monitoring host: Prometheus and Grafana bound to loopback
# (refused from outside), node_exporter on every interface but dropped by
# nftables for the outside range (filtered). Every check must pass, and the
# evidence must say why (refused / filtered).
source "$(dirname "$0")/common.sh"
lab_require
lab_start_prometheus 127.0.0.1:9090
lab_start_node_exporter 0.0.0.0:9100
lab_start_grafana 127.0.0.1:3000
lab_ca
lab_start_discovery 0.0.0.0:8443 fail-closed --tls-cert "$LAB_CERT" --tls-key "$LAB_KEY"
lab_drop_from_outside 9100
# the demo policy, with the discovery endpoint over HTTPS as it should be
sed -e 's|"http://203.0.113.10:8080/|"https://203.0.113.10:8443/|' \
	-e "s|\"untrusted_range\"|\"tls\": {\"ca_file\": \"$LAB_CA\"},\n  \"untrusted_range\"|" \
	-e "s|\"fingerprints.json\"|\"$ROOT/policies/fingerprints.json\"|" "$ROOT/policies/demo.json" >compliant.json
U=https://203.0.113.10:8443/api/monitoring/targets

scan compliant --policy compliant.json --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$(lab_token)"
expect_rc compliant 0
$ASSERT compliant/report.json verdict=pass summary.pass=23 summary.fail=0 summary.error=0 summary.skipped=9 \
	"tls.required@$U=pass" "tls.version@$U=pass" "tls.version@$U.message~refuses TLS 1.0/1.1" \
	"tls.certificate@$U=pass" "tls.certificate@$U.message~valid for 203.0.113.10" \
	"exposure.prometheus@203.0.113.10:9090=pass" \
	"exposure.prometheus@203.0.113.10:9090.evidence~connection refused" \
	"exposure.node-exporter@203.0.113.10:9100=pass" \
	"exposure.node-exporter@203.0.113.10:9100.evidence~no answer to 2 connection attempts, the last within 1000 ms (filtered)" \
	run.connect_timeouts.floor_ms=100 run.connect_timeouts.ceiling_ms=1000 \
	"exposure.grafana@203.0.113.10:3000=pass" \
	"discovery.tokenless@$U=pass" "discovery.bad-token@$U=pass" "discovery.token-accepted@$U=pass" \
	"discovery.empty-bearer@$U=pass" "discovery.wrong-scheme@$U=pass" "discovery.methods@$U=pass" \
	"discovery.debug-mode@$U=pass" "discovery.token-in-query@$U=pass" "discovery.token-file@$U=pass" \
	"discovery.active-only@$U=pass" "discovery.active-only@$U.evidence~historical mode: 3 groups, 1 not in the default answer" \
	"labels.required@$U=pass" "labels.canonical@$U=pass" "labels.review@$U=pass" "labels.identifying@$U=pass" \
	"labels.stable@$U=pass" "labels.lifecycle@$U=pass" "labels.secrets@$U=pass"

# The same lab from the monitoring host itself, as an admin vantage: the
# services must be reachable there, and Prometheus and Grafana (loopback only)
# are not reachable on the host's address, so those two fail.
scan admin --policy compliant.json --vantage "netns:$LAB_NS_MON" --vantage-name lab-admin \
	--token-file "discovery=$(lab_token)"
expect_rc admin 1
$ASSERT admin/report.json verdict=fail vantage.role=admin \
	"exposure.node-exporter@203.0.113.10:9100=pass" \
	"exposure.node-exporter@203.0.113.10:9100.message~reachable from this admin vantage as expected" \
	"exposure.prometheus@203.0.113.10:9090=fail" \
	"exposure.prometheus@203.0.113.10:9090.message~should be reachable from this admin vantage but is not"
