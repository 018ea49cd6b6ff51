#!/usr/bin/env bash
# The host's own view (role host): listening sockets of monitoring services
# through inet_diag (libnl-idiag), mapped to their processes. Prometheus on
# every interface ([::], Go listens dual-stack) fails, node_exporter on loopback passes, Alertmanager on one
# admin-facing address passes (who reaches it is the exposure checks' to prove); other roles list nothing.
source "$(dirname "$0")/common.sh"
lab_require
lab_start_prometheus 0.0.0.0:9090
lab_start_node_exporter 127.0.0.1:9100
lab_start_alertmanager 203.0.113.10:9093
cat >host.json <<JSON
{"name": "listeners-lab", "version": "1", "gate_severity": "medium", "fingerprints": "$ROOT/policies/fingerprints.json"}
JSON
scan host --policy host.json --vantage "netns:$LAB_NS_MON" --role host
expect_rc host 1
$ASSERT host/report.json verdict=fail vantage.role=host count:listeners.exposed=3 \
	"listeners.exposed@[::]:9090=fail" "listeners.exposed@[::]:9090.message~Prometheus listens on every interface" \
	"listeners.exposed@[::]:9090.evidence~(process prometheus, pid" \
	"listeners.exposed@127.0.0.1:9100=pass" \
	"listeners.exposed@203.0.113.10:9093=pass" "listeners.exposed@203.0.113.10:9093.message~only (not every interface)"

# any other role: nothing is listed, and a scan that checked nothing is no
# pass: one error says so, the verdict is inconclusive (exit 3)
scan outside --policy host.json --vantage "netns:$LAB_NS_MON" --role admin
expect_rc outside 3
$ASSERT outside/report.json count=1 verdict=inconclusive "scan.nothing-checked@(this scan)=error" \
	"scan.nothing-checked@(this scan).message~nothing was checked"
# (role host also runs the host family on this machine's files: tests/cli/test_host.sh covers it)
