#!/usr/bin/env bash
# The readiness family against the real Debian Prometheus, Alertmanager and
# node_exporter (its textfile collector publishes the sync's last-success
# time, as the monitor sync's timer would): a compliant Prometheus passes
# alerts.delivery and sync.fresh; each single fault fails exactly its check:
#   no alerting section          -> alerts.delivery fails, sync.fresh passes
#   a sync that last ran 2 h ago -> sync.fresh fails, alerts.delivery passes
#   a metric nobody exports      -> sync.fresh fails ("no series")
#   no Prometheus at the URL     -> both error, verdict inconclusive (exit 3)
# Covers probes/readiness.c and engines/promapi.c.
source "$(dirname "$0")/common.sh"
lab_require
M=zlh_monitor_sync_last_success_timestamp_seconds
mkdir -p fresh stale
echo "$M $(date +%s)" >fresh/sync.prom
echo "$M $(($(date +%s) - 7200))" >stale/sync.prom
for x in fresh:9100 stale:9101; do
	_lab_bg "node-${x%%:*}" prometheus-node-exporter --web.listen-address="127.0.0.1:${x##*:}" \
		--collector.disable-defaults --collector.textfile --collector.textfile.directory="$LAB_DIR/${x%%:*}"
	lab_wait "$LAB_NS_MON" 127.0.0.1 "${x##*:}"
done
lab_start_alertmanager 127.0.0.1:9093
prom() { # NAME PORT NODE-PORT ALERTING(yes|no)
	mkdir -p "prom-$1"
	{
		printf 'global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n'
		printf 'scrape_configs:\n  - job_name: sync\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$3"
		[ "$4" = yes ] &&
			printf 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["127.0.0.1:9093"]\n'
	} >"prom-$1/prometheus.yml"
	_lab_bg "prometheus-$1" prometheus --config.file="$LAB_DIR/prom-$1/prometheus.yml" \
		--storage.tsdb.path="$LAB_DIR/prom-$1/data" --web.listen-address="127.0.0.1:$2"
	lab_wait "$LAB_NS_MON" 127.0.0.1 "$2"
}
prom good 9090 9100 yes
prom noalert 9190 9100 no
prom stale 9290 9101 yes
# wait until each Prometheus scraped the metric (and found its Alertmanager)
ip netns exec "$LAB_NS_MON" /usr/bin/python3 - "$M" <<'PY'
import json, sys, time, urllib.request
m = sys.argv[1]
def get(port, path):
    try:
        return json.load(urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=2))
    except Exception:
        return {}
for _ in range(150):
    ok = all(get(p, "/api/v1/query?query=" + m).get("data", {}).get("result") for p in (9090, 9190, 9290))
    ok = ok and all(get(p, "/api/v1/alertmanagers").get("data", {}).get("activeAlertmanagers") for p in (9090, 9290))
    if ok:
        sys.exit(0)
    time.sleep(0.2)
sys.exit("the lab's Prometheus did not scrape the sync metric or find its Alertmanager in 30 s")
PY
policy() { # FILE PORT METRIC
	cat >"$1" <<JSON
{"name": "readiness-lab", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "admin-box", "role": "admin"}],
 "prometheus_url": "http://127.0.0.1:$2/",
 "readiness": {"sync": {"metric": "$3", "max_age_s": 900}}}
JSON
}
policy good.json 9090 $M
policy noalert.json 9190 $M
policy stale.json 9290 $M
policy nometric.json 9090 zlh_no_such_metric_seconds
policy down.json 9390 $M
for n in good noalert stale nometric down; do
	scan "$n" --policy "$n.json" --vantage "netns:$LAB_NS_MON" --vantage-name admin-box
done
expect_rc good 0
$ASSERT good/report.json verdict=pass "alerts.delivery@http://127.0.0.1:9090/=pass" "sync.fresh@$M=pass" \
	"alerts.delivery@http://127.0.0.1:9090/.message~1 active Alertmanager"
expect_rc noalert 1
$ASSERT noalert/report.json verdict=fail summary.fail=1 "alerts.delivery@http://127.0.0.1:9190/=fail" "sync.fresh@$M=pass"
expect_rc stale 1
$ASSERT stale/report.json verdict=fail summary.fail=1 "alerts.delivery@http://127.0.0.1:9290/=pass" "sync.fresh@$M=fail" \
	"sync.fresh@$M.message~the last successful sync is 7"
expect_rc nometric 1
$ASSERT nometric/report.json verdict=fail summary.fail=1 "alerts.delivery@http://127.0.0.1:9090/=pass" \
	"sync.fresh@zlh_no_such_metric_seconds=fail" "sync.fresh@zlh_no_such_metric_seconds.message~no series"
expect_rc down 3
$ASSERT down/report.json verdict=inconclusive summary.pass=0 "alerts.delivery@http://127.0.0.1:9390/=error" "sync.fresh@$M=error"
echo "ok: readiness: compliant passes, each fault fails exactly its check, no Prometheus is an error"
