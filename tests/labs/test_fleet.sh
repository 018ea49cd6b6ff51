#!/usr/bin/env bash
# Exposure at fleet scale: a CIDR range of game containers with a port list,
# scanned concurrently; a control target that answers (results count) and one
# that does not (every exposure result is an error, verdict inconclusive).
# A range's passing endpoints are one result with the range as target and
# the counts (refused / filtered / unreachable); every endpoint that fails
# keeps a result of its own with its evidence.
source "$(dirname "$0")/common.sh"
lab_require
lab_add_range 192.0.2.0/28
lab_start_node_exporter 0.0.0.0:9100  # answers on every address of the range
lab_start_prometheus 192.0.2.5:9090    # one container exposes Prometheus
lab_start_grafana 203.0.113.10:3000    # the control target
lab_drop_from_outside 9091             # 9091 is filtered everywhere

policy() { # CONTROL_PORT
	cat <<-JSON
		{"name": "fleet-lab", "version": "1",
		 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
		 "timeouts": {"connect_ms": 500, "transfer_ms": 2000},
		 "fingerprints": "$ROOT/policies/fingerprints.json",
		 "control": {"address": "203.0.113.10", "port": $1},
		 "expect": {"prometheus": {"untrusted": "unreachable"}, "node_exporter": {"untrusted": "unreachable"}},
		 "hosts": [{"name": "games", "cidr": "192.0.2.0/28", "kind": "game",
		            "services": [{"service": "node_exporter", "port": 9100},
		                         {"service": "prometheus", "ports": [9090, 9091]}]}]}
	JSON
}
policy 3000 >fleet.json
scan fleet --policy fleet.json --vantage "netns:$LAB_NS_OUT" --jobs 64
expect_rc fleet 1
$ASSERT fleet/report.json verdict=fail count=55 summary.fail=50 summary.pass=5 summary.error=0 \
	"exposure.node-exporter@192.0.2.0:9100=fail" "exposure.node-exporter@192.0.2.15:9100=fail" \
	"exposure.node-exporter@192.0.2.7:9100.message~node_exporter 1." \
	"exposure.node-exporter@192.0.2.7:9100.evidence~identified as node_exporter" \
	"exposure.prometheus@192.0.2.5:9090=fail" "exposure.prometheus@192.0.2.5:9090.message~Prometheus 2." \
	"exposure.prometheus@192.0.2.0/28:9090=pass" \
	"exposure.prometheus@192.0.2.0/28:9090.message~15 of 16 endpoints are not reachable" \
	"exposure.prometheus@192.0.2.0/28:9090.evidence~15 refused, 0 filtered" \
	"exposure.prometheus@192.0.2.0/28:9091=pass" "exposure.prometheus@192.0.2.0/28:9091.evidence~16 filtered" \
	"node-exporter.uname@192.0.2.3:9100=fail" "pprof.open@192.0.2.5:9090=fail" "prometheus.admin-api@192.0.2.5:9090=pass"
/usr/bin/python3 - fleet/report.json <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["run"]
assert run["endpoints"] == 48, run  # leak follow-ups are not endpoints
assert run["jobs"] == 64, run
assert run["connect_timeout_ms"] >= 500, run
assert "203.0.113.10:3000 accepted a connection" in run["control"], run
print("ok: run records endpoints, jobs, connect timeout and the control target")
PY

# the control target refuses: the vantage cannot prove it reaches the
# network, so nothing may pass
policy 1 >nocontrol.json
scan nocontrol --policy nocontrol.json --vantage "netns:$LAB_NS_OUT"
expect_rc nocontrol 3
$ASSERT nocontrol/report.json verdict=inconclusive summary.pass=0 summary.fail=0 summary.error=3 \
	"exposure.prometheus@192.0.2.0/28:9090.message~control target 203.0.113.10:1 did not accept a connection"

# the run's deadline in the middle of a range: what was not probed is one error of its
# range, never a failed result per address (16 filtered endpoints, 2 at a time, 500 ms each)
/usr/bin/python3 - fleet.json <<'PY' >deadline.json
import json, sys
p = json.load(open(sys.argv[1]))
p["timeouts"]["run_ms"] = 1500
p["hosts"][0]["services"] = [{"service": "prometheus", "port": 9091}]
print(json.dumps(p))
PY
scan deadline --policy deadline.json --vantage "netns:$LAB_NS_OUT" --jobs 2
expect_rc deadline 3
$ASSERT deadline/report.json verdict=inconclusive "exposure.prometheus@192.0.2.0/28:9091=error" \
	"exposure.prometheus@192.0.2.0/28:9091.message~endpoints of 192.0.2.0/28:9091 were not probed"
/usr/bin/python3 - deadline/report.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(1 for c in d["checks"] if c["id"] == "exposure.prometheus")
assert n <= 5, "%d exposure results for a 16-address range cut by the deadline" % n
print("ok: the deadline left %d exposure results, not one per address" % n)
PY
