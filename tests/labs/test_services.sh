#!/usr/bin/env bash
# Every service the fingerprints know, exposed on the monitoring host: the
# real Debian Alertmanager and Pushgateway, fixtures for Alloy and Loki. Each
# must be identified (with its version) and fail; and the scanner must never
# have requested Alloy's /-/reload or /-/support.
source "$(dirname "$0")/common.sh"
lab_require
lab_start_alertmanager 0.0.0.0:9093
lab_start_pushgateway 0.0.0.0:9091
lab_start_fixture alloy 0.0.0.0:12345
lab_start_fixture loki 0.0.0.0:3100
cat >services.json <<JSON
{"name": "services-lab", "version": "1",
 "vantages": [{"name": "lab-outside", "role": "untrusted"}],
 "timeouts": {"connect_ms": 1000, "transfer_ms": 3000},
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "expect": {"alertmanager": {"untrusted": "unreachable"}, "pushgateway": {"untrusted": "unreachable"},
            "alloy": {"untrusted": "unreachable"}, "loki": {"untrusted": "unreachable"}},
 "hosts": [{"name": "monitor", "address": "203.0.113.10",
            "services": [{"service": "alertmanager", "port": 9093}, {"service": "pushgateway", "port": 9091},
                         {"service": "alloy", "port": 12345}, {"service": "loki", "port": 3100}]}]}
JSON
scan services --policy services.json --vantage "netns:$LAB_NS_OUT"
expect_rc services 1
$ASSERT services/report.json verdict=fail summary.fail=7 \
	"alloy.components@203.0.113.10:12345=fail" "pprof.open@203.0.113.10:9093=fail" "pprof.open@203.0.113.10:12345=pass" \
	"exposure.alertmanager@203.0.113.10:9093=fail" "exposure.alertmanager@203.0.113.10:9093.severity=high" \
	"exposure.alertmanager@203.0.113.10:9093.message~Alertmanager 0." \
	"exposure.pushgateway@203.0.113.10:9091=fail" "exposure.pushgateway@203.0.113.10:9091.message~Pushgateway 1." \
	"exposure.alloy@203.0.113.10:12345=fail" "exposure.alloy@203.0.113.10:12345.severity=critical" \
	"exposure.alloy@203.0.113.10:12345.message~Grafana Alloy v1.5.1" \
	"exposure.loki@203.0.113.10:3100=fail" "exposure.loki@203.0.113.10:3100.message~Loki 3.2.1"
if grep -q VIOLATION "$LAB_DIR"/alloy-*.log; then
	echo "FAILED: the scanner requested a state-changing Alloy endpoint:"
	grep VIOLATION "$LAB_DIR"/alloy-*.log
	exit 1
fi
echo "ok: no request to /-/reload or /-/support"
