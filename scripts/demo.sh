#!/usr/bin/env bash
# demo.sh - the whole demo on a fresh Debian 12 machine, as root:
# installs what it needs, builds, brings up the demo lab (a monitoring host
# and an untrusted outside vantage in network namespaces, with the real
# Debian prometheus and node_exporter and fixture servers for Grafana and
# the discovery API), scans it from the outside, prints the verdict, writes
# out/demo/report.json and out/demo/report.html, and tears the lab down (also
# on Ctrl-C or failure).
#
# The demo lab is deliberately NOT compliant, so the verdict is FAIL. The
# script exits 0 when the scan itself ran, and non-zero when it could not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "demo: built build/zlh-audit"

# shellcheck source=../tests/labs/lab.sh
source tests/labs/lab.sh
lab_init
lab_up
# What the lab deploys (and what the report should say about it):
#   Prometheus on 0.0.0.0:9090         exposed            -> exposure.prometheus fails
#   node_exporter on 0.0.0.0:9100,     dropped by nftables -> exposure.node-exporter passes (filtered)
#   Grafana (fixture) on 0.0.0.0:3000  exposed            -> exposure.grafana fails
#   discovery API (fixture) on :8080   refuses a missing token but accepts ANY bearer token
#                                      -> discovery.tokenless passes, discovery.bad-token fails
lab_start_prometheus 0.0.0.0:9090
lab_start_node_exporter 0.0.0.0:9100
lab_drop_from_outside 9100
lab_start_grafana 0.0.0.0:3000
lab_start_discovery 0.0.0.0:8080 any-bearer
echo "demo: lab is up; scanning 203.0.113.10 from the outside vantage 198.51.100.50"
echo

rc=0
./build/zlh-audit scan --policy policies/demo.json --vantage "netns:$LAB_NS_OUT" --vantage-name lab-outside \
	--token-file "discovery=$(lab_token)" --out out/demo || rc=$?
echo
case $rc in
1) echo "demo: verdict FAIL, as expected: the demo lab is deliberately not compliant." ;;
0) echo "demo: verdict PASS, which the demo lab should not give: look at out/demo/report.html" ;;
3) echo "demo: verdict INCONCLUSIVE: some checks could not see; see out/demo/report.html" ;;
*)
	echo "demo: the scan did not run (exit $rc)" >&2
	exit "$rc"
	;;
esac
echo "demo: reports in out/demo/report.json and out/demo/report.html"
lab_down
exit 0
