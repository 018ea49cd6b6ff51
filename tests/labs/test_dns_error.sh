#!/usr/bin/env bash
# A scanner that could not see must not say pass: a host name that does not
# resolve, and a target the vantage has no route to, are `error` and the
# verdict is inconclusive (exit 3).
source "$(dirname "$0")/common.sh"
lab_require
cat >policy.json <<JSON
{"name": "dns-lab", "version": "1",
 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
 "timeouts": {"connect_ms": 1000, "transfer_ms": 2000},
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "expect": {"prometheus": {"untrusted": "unreachable"}, "node_exporter": {"untrusted": "unreachable"}},
 "hosts": [
   {"name": "ghost", "address": "prometheus.zlh-lab.invalid", "services": [{"service": "prometheus", "port": 9090}]},
   {"name": "unrouted", "address": "192.0.2.99", "services": [{"service": "node_exporter", "port": 9100}]}
 ],
 "discovery": [{"name": "ghost-api", "url": "https://api.zlh-lab.invalid/targets"}]}
JSON
scan dns --policy policy.json --vantage "netns:$LAB_NS_OUT"
expect_rc dns 3
$ASSERT dns/report.json verdict=inconclusive summary.pass=1 summary.fail=0 \
	"exposure.prometheus@prometheus.zlh-lab.invalid:9090=error" \
	"exposure.prometheus@prometheus.zlh-lab.invalid:9090.message~cannot resolve 'prometheus.zlh-lab.invalid'" \
	"exposure.node-exporter@192.0.2.99:9100=error" \
	"exposure.node-exporter@192.0.2.99:9100.message~no route" \
	"discovery.tokenless@https://api.zlh-lab.invalid/targets=error" \
	"tls.required@https://api.zlh-lab.invalid/targets=pass" "tls.certificate@https://api.zlh-lab.invalid/targets=error" \
	"discovery.token-accepted@https://api.zlh-lab.invalid/targets=skipped"
grep -q "verdict: INCONCLUSIVE" dns.out
grep -q "INCONCLUSIVE: no check failed at the gate, but 10 checks could not see" dns/report.html
echo "ok: inconclusive in the summary and the HTML report"
