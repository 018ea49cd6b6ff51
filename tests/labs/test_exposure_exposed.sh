#!/usr/bin/env bash
# A non-compliant monitoring host: Prometheus, node_exporter and Grafana all
# listen on every interface with no firewall. From the untrusted outside
# vantage every exposure check must fail, naming the service and its version.
source "$(dirname "$0")/common.sh"
lab_require
lab_start_prometheus 0.0.0.0:9090
lab_start_node_exporter 0.0.0.0:9100
lab_start_grafana 0.0.0.0:3000
lab_start_discovery 0.0.0.0:8080 fail-closed

scan exposed --policy "$ROOT/policies/demo.json" --vantage "netns:$LAB_NS_OUT" --token-file "discovery=$(lab_token)"
expect_rc exposed 1
$ASSERT exposed/report.json verdict=fail summary.fail=8 summary.pass=22 summary.error=0 summary.skipped=3 count=33 \
	vantage.role=untrusted vantage.kind=netns vantage.name=lab-outside \
	"exposure.prometheus@203.0.113.10:9090=fail" \
	"exposure.prometheus@203.0.113.10:9090.severity=critical" \
	"exposure.prometheus@203.0.113.10:9090.message~Prometheus 2." \
	"exposure.prometheus@203.0.113.10:9090.message~answered GET /api/v1/status/buildinfo with 200 from this untrusted vantage" \
	"exposure.prometheus@203.0.113.10:9090.evidence~GET http://203.0.113.10:9090/api/v1/status/buildinfo -> 200, identified as Prometheus 2." \
	"exposure.node-exporter@203.0.113.10:9100=fail" \
	"exposure.node-exporter@203.0.113.10:9100.message~node_exporter 1." \
	"exposure.node-exporter@203.0.113.10:9100.evidence~/metrics -> 200, identified as node_exporter 1." \
	"exposure.grafana@203.0.113.10:3000=fail" \
	"exposure.grafana@203.0.113.10:3000.message~Grafana 10.4.2 answered GET /api/health with 200" \
	"discovery.tokenless@http://203.0.113.10:8080/api/monitoring/targets=pass" \
	"node-exporter.uname@203.0.113.10:9100=fail" "node-exporter.uname@203.0.113.10:9100.message~kernel" \
	"pprof.open@203.0.113.10:9090=fail" "pprof.open@203.0.113.10:9100=fail" \
	"prometheus.admin-api@203.0.113.10:9090=pass" "prometheus.config-secrets@203.0.113.10:9090=pass" \
	"prometheus.targets-secrets@203.0.113.10:9090=pass" \
	"grafana.anonymous@203.0.113.10:3000=pass" "grafana.metrics-public@203.0.113.10:3000=fail" \
	"grafana.version@203.0.113.10:3000=pass" "grafana.default-login@203.0.113.10:3000=skipped" \
	"tls.required@http://203.0.113.10:8080/api/monitoring/targets=fail" \
	"tls.version@http://203.0.113.10:8080/api/monitoring/targets=skipped"
grep -q "verdict: FAIL" exposed.out
grep -q "exposure.prometheus" exposed/report.html
grep -q "FAIL: the monitoring stack does not keep its security contract. 8 checks failed" exposed/report.html
echo "ok: summary and HTML name the failures"
