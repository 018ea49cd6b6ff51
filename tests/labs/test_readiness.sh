#!/usr/bin/env bash
# The readiness family against the real Debian Prometheus (with real rule
# files, file_sd and http_sd), Alertmanager and node_exporter (its textfile
# collector publishes the sync's last-success time, as the monitor sync's
# timer would): a compliant Prometheus passes alerts.delivery, sync.fresh and
# the four required alerts; each single fault fails exactly its check:
#   no alerting section            -> alerts.delivery
#   an Alertmanager where nothing listens -> alerts.delivery, on the monitoring host (role host)
#   a sync that last ran 2 h ago   -> sync.fresh
#   a metric nobody exports        -> sync.fresh ("no series")
#   a typo in the target-down rule's job matcher -> alerts.target-down (can never fire)
#   targets without vmid/container_type          -> alerts.target-down (cannot report by them)
#   a target-down rule that counts without by    -> alerts.target-down (its output has no vmid)
#   the policy asks for a shape no rule has      -> alerts.target-down (not loaded)
#   a deleted container (vmid 102) still scraped -> prometheus.deleted-targets
#     (the discovery fixture lists 101 and 201 as active, 102 only historically);
#     also when discovery lists 102 marked state=deleted (then discovery.active-only
#     fails too, and alone when Prometheus scrapes only the active ones), and when
#     a development profile leaves discovery.token-accepted and active-only out
# and Grafana's API (tests/fixtures/grafana_fixture.py --readiness) with a
# service-account token: the compliant one passes grafana.dashboards-visible,
# grafana.datasource-healthy and grafana.dashboard-queries;
#   a required dashboard not provisioned -> grafana.dashboards-visible
#   a dashboard querying by ctype        -> grafana.dashboard-queries
#   a datasource whose health check fails, or none -> grafana.datasource-healthy
#     (also a second Prometheus datasource that fails; two healthy ones pass)
#   a second dashboard of a required title, in another folder, by ctype -> grafana.dashboard-queries
#   a token Grafana refuses              -> all three error, naming the token
# and Loki (tests/fixtures/loki_fixture.py: streams seen now, one 2 h ago):
# each log source with a stream in the window passes (logs.centralized, one
# result per source); a source whose stream is older than the window, a
# source with no stream, and a source the policy marks pending each fail,
# alone; a multi-tenant Loki (--tenant) gets the policy's X-Scope-OrgID
#   (without one: an error naming readiness.logs.tenant); a Loki behind a
#   token-checking proxy passes with the right token, a refused one is an
#   error naming the token file
#   no Prometheus at the URL       -> every check an error, verdict inconclusive (exit 3)
#   a Prometheus that refuses the token (its web config's basic auth) -> every
#     check an error naming the token file, the token in no output
# Covers probes/readiness.c, probes/readiness_grafana.c,
# probes/readiness_logs.c, probes/livetargets.c (the live targets prometheus.deleted-targets compares),
# engines/promapi.c and engines/promql.c.
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
# the contract's four alerts; TARGET_JOB is the target-down rule's job matcher;
# target-down is silenced by a maintenance flag nobody exports (the right side
# of unless needs no series for the alert to fire)
rules() { # FILE TARGET_JOB [TARGET-DOWN EXPRESSION]
	local down=${3:-"sum by (vmid, container_type) (up{job=\"$2\"} == 0) > 0 unless on() zlh_maintenance == 1"}
	cat >"$1" <<-YML
		groups:
		  - name: zlh
		    rules:
		      - alert: ZlhDiscoverySyncFailed
		        expr: time() - $M > 900
		      - alert: ZlhFileSdStale
		        expr: time() - prometheus_sd_file_mtime_seconds > 900
		      - alert: ZlhTargetDown
		        expr: $down
		      - alert: ZlhDiscoveryEndpointDown
		        expr: increase(prometheus_sd_http_failures_total[5m]) > 0
	YML
}
prom() { # NAME PORT NODE-PORT ALERTING(yes|no|dead) [TARGET_JOB [TARGET_LABELS [TARGET-DOWN EXPRESSION]]]
	mkdir -p "prom-$1"
	{
		printf 'global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n'
		printf 'scrape_configs:\n  - job_name: sync\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$3"
		if [ -n "${5:-}" ]; then
			rules "prom-$1/rules.yml" "$5" "${7:-}"
			printf '[{"targets": ["127.0.0.1:%s"], "labels": {%s}}]\n' "$3" "${6:-}" >"prom-$1/targets.json"
			printf '  - job_name: zlh-targets\n    file_sd_configs:\n      - files: ["%s"]\n' "$LAB_DIR/prom-$1/targets.json"
			printf '  - job_name: zlh-api\n    http_sd_configs:\n      - url: http://127.0.0.1:9/sd\n'
			printf '        refresh_interval: 1s\n'
			# its own metrics: the file_sd and http_sd ones the alerts watch
			printf '  - job_name: prometheus\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$2"
			printf 'rule_files: ["%s"]\n' "$LAB_DIR/prom-$1/rules.yml"
		fi
		# yes: the lab's Alertmanager; dead: a port where nothing listens
		[ "$4" != no ] && printf 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["127.0.0.1:%s"]\n' \
			"$([ "$4" = dead ] && echo 9094 || echo 9093)"
		true
	} >"prom-$1/prometheus.yml"
	_lab_bg "prometheus-$1" prometheus --config.file="$LAB_DIR/prom-$1/prometheus.yml" \
		--storage.tsdb.path="$LAB_DIR/prom-$1/data" --web.listen-address="127.0.0.1:$2"
	lab_wait "$LAB_NS_MON" 127.0.0.1 "$2"
}
LABELS='"vmid": "101", "container_type": "game"'
prom good 9090 9100 yes zlh-targets "$LABELS"
prom noalert 9190 9100 no
prom deadam 9990 9100 dead
prom stale 9290 9101 yes
prom badrule 9490 9100 yes zlh-target "$LABELS"
prom nolabel 9590 9100 yes zlh-targets
prom deleted 9690 9100 yes zlh-targets '"vmid": "102", "container_type": "game"'
# target-down counted over every target: it fires, but says neither which vmid nor which type
prom counted 9790 9100 yes zlh-targets "$LABELS" 'count(up{job="zlh-targets"} == 0) > 0'
# a Prometheus behind its own web config's basic auth: it refuses a bearer token with 401
# (the hash is of a throwaway password nobody uses)
mkdir -p prom-authd
printf 'global:\n  scrape_interval: 1s\n' >prom-authd/prometheus.yml
printf 'basic_auth_users:\n  admin: $2b$12$VvwZ1nPV/muiLia6Cm10M.oSJSvy7jxWO9bqTybhg5N/kGdvL.2SC\n' >prom-authd/web.yml
_lab_bg prometheus-authd prometheus --config.file="$LAB_DIR/prom-authd/prometheus.yml" \
	--web.config.file="$LAB_DIR/prom-authd/web.yml" --storage.tsdb.path="$LAB_DIR/prom-authd/data" \
	--web.listen-address=127.0.0.1:9890
lab_wait "$LAB_NS_MON" 127.0.0.1 9890
(umask 077 && od -An -N20 -tx1 /dev/urandom | tr -d ' \n' >prom.token)
lab_start_discovery 127.0.0.1:18080 fail-closed
# a discovery API that still returns deleted vmid 102, marked state=deleted
lab_start_discovery 127.0.0.1:18081 fail-closed --targets historical-default
# wait until each Prometheus scraped the metric (and found its Alertmanager)
ip netns exec "$LAB_NS_MON" /usr/bin/python3 - "$M" <<'PY'
import json, sys, time, urllib.request
m = sys.argv[1]
def get(port, path):
    try:
        return json.load(urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=2))
    except Exception:
        return {}
for _ in range(300):
    ok = all(get(p, "/api/v1/query?query=" + m).get("data", {}).get("result") for p in (9090, 9190, 9290, 9490, 9590))
    ok = ok and all(get(p, "/api/v1/query?query=up{job=\"zlh-targets\"}").get("data", {}).get("result") for p in (9090, 9490, 9590, 9690))
    ok = ok and all(get(p, "/api/v1/query?query=prometheus_sd_http_failures_total").get("data", {}).get("result") for p in (9090, 9490, 9590, 9790))
    ok = ok and all(get(p, "/api/v1/alertmanagers").get("data", {}).get("activeAlertmanagers") for p in (9090, 9290, 9990))
    if ok:
        sys.exit(0)
    time.sleep(0.2)
sys.exit("the lab's Prometheus did not scrape the sync metric or find its Alertmanager in 60 s")
PY
policy() { # FILE PORT METRIC [ALERTS JSON]
	local extra=""
	[ -z "${4:-}" ] || extra=", \"alerts\": $4"
	cat >"$1" <<JSON
{"name": "readiness-lab", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "admin-box", "role": "admin"}],
 "prometheus_url": "http://127.0.0.1:$2/",
 "readiness": {"sync": {"metric": "$3", "max_age_s": 900}$extra}}
JSON
}
alerts() { # TARGET_JOB: the contract's alert shapes, target-down by the policy's job
	cat <<JSON
{"alerts.discovery-sync-failed": {"metrics": ["$M"]},
 "alerts.file-sd-stale": {"metrics": ["prometheus_sd_file_mtime_seconds"]},
 "alerts.target-down": {"metrics": ["up"], "matchers": {"job": "$1"}, "by": ["vmid", "container_type"]},
 "alerts.discovery-endpoint-down": {"metrics": ["prometheus_sd_http_failures_total"]}}
JSON
}
policy good.json 9090 $M
policy noalert.json 9190 $M
policy stale.json 9290 $M
policy nometric.json 9090 zlh_no_such_metric_seconds
policy down.json 9390 $M "$(alerts zlh-targets)"
policy alerts.json 9090 $M "$(alerts zlh-targets)"
policy badrule.json 9490 $M "$(alerts zlh-target)"
policy nolabel.json 9590 $M "$(alerts zlh-targets)"
policy noshape.json 9090 $M "$(alerts zlh-api)"
policy counted.json 9790 $M "$(alerts zlh-targets)"
policy refused.json 9890 $M "$(alerts zlh-targets)"
# on the monitoring host itself (role host), the Alertmanagers on its loopback are asked too
policy hostgood.json 9090 $M
policy hostdeadam.json 9990 $M
policy admindeadam.json 9990 $M
sed -i 's/"role": "admin"/"role": "host"/' hostgood.json hostdeadam.json
sed -i "s|\"readiness\":|\"prometheus_token\": \"prom\", \"token_files\": {\"prom\": \"$LAB_DIR/prom.token\"}, \"readiness\":|" refused.json
# the typo'd rule selects job="zlh-target": matched by its shape when the policy
# names no job, and then it can never fire
sed -i 's/"matchers": {"job": "zlh-target"}, //' badrule.json
live() { # FILE PORT [DISCOVERY-PORT [MORE-DISABLED-JSON [MORE-PROFILE-JSON]]]: the live targets against discovery's active set
	# (labels.review is left out: this policy lists no optional labels, only which say a target is gone)
	cat >"$1" <<JSON
{"name": "readiness-lab", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "admin-box", "role": "admin"}],
 "prometheus_url": "http://127.0.0.1:$2/",
 "token_files": {"discovery": "$(lab_token)"},
 "discovery": [{"name": "zlh-api", "url": "http://127.0.0.1:${3:-18080}/api/monitoring/targets", "token_file": "discovery"}],
 "labels": {"inactive": {"label": "state", "values": ["deleted", "stopped"]}},
 "readiness": {"discovery": "zlh-api"},
 "profiles": {"lab": {"disable": {"labels.review": "not this lab's question"${4:-}}${5:-}}}, "default_profile": "lab"}
JSON
}
(umask 077 && od -An -N20 -tx1 /dev/urandom | tr -d ' \n' >grafana.token && echo wrong-token >grafana-wrong.token)
lab_start_grafana 127.0.0.1:13000 --readiness --api-token-file "$LAB_DIR/grafana.token"
lab_start_grafana 127.0.0.1:13001 --readiness --api-token-file "$LAB_DIR/grafana.token" --drop-dashboard "ZeroLagHub Dev Container"
lab_start_grafana 127.0.0.1:13002 --readiness --api-token-file "$LAB_DIR/grafana.token" --ctype-dashboard "ZeroLagHub Game Container"
lab_start_grafana 127.0.0.1:13003 --readiness --api-token-file "$LAB_DIR/grafana.token" --datasource-health error
lab_start_grafana 127.0.0.1:13004 --readiness --api-token-file "$LAB_DIR/grafana.token" --datasource-health none
lab_start_grafana 127.0.0.1:13005 --readiness --api-token-file "$LAB_DIR/grafana.token" --second-datasource ok
lab_start_grafana 127.0.0.1:13006 --readiness --api-token-file "$LAB_DIR/grafana.token" --second-datasource error
lab_start_grafana 127.0.0.1:13007 --readiness --api-token-file "$LAB_DIR/grafana.token" --shadow-ctype "ZeroLagHub Game Container"
lab_start_grafana 127.0.0.1:13008 --readiness --api-token-file "$LAB_DIR/grafana.token" --shadow-ctype "ZeroLagHub Game Container" \
	--many-dashboards 2500
graf() { # FILE PORT TOKEN-FILE
	cat >"$1" <<JSON
{"name": "readiness-lab", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "admin-box", "role": "admin"}],
 "prometheus_url": "http://127.0.0.1:9090/",
 "token_files": {"grafana-sa": "$LAB_DIR/$3"},
 "readiness": {"grafana": {"url": "http://127.0.0.1:$2/", "token": "grafana-sa",
                           "dashboards": ["ZeroLagHub Core Services", "ZeroLagHub Game Container", "ZeroLagHub Dev Container"]}}}
JSON
}
graf ggood.json 13000 grafana.token
graf gmissing.json 13001 grafana.token
graf gctype.json 13002 grafana.token
graf gunhealthy.json 13003 grafana.token
graf gnods.json 13004 grafana.token
graf gwrong.json 13000 grafana-wrong.token
graf gtwo.json 13005 grafana.token
graf gsecondsick.json 13006 grafana.token
graf gshadow.json 13007 grafana.token
graf gpaged.json 13008 grafana.token
_lab_bg loki "$LAB_PY" "$ROOT/tests/fixtures/loki_fixture.py" --listen 127.0.0.1:13100 \
	--stream job=zlh-api,host=api-1 --stream job=zlh-agent,vmid=101 --old-stream job=zlh-backup
lab_wait "$LAB_NS_MON" 127.0.0.1 13100
_lab_bg loki-tenant "$LAB_PY" "$ROOT/tests/fixtures/loki_fixture.py" --listen 127.0.0.1:13101 --tenant zlh \
	--stream job=zlh-api,host=api-1 --stream job=zlh-agent,vmid=101
lab_wait "$LAB_NS_MON" 127.0.0.1 13101
# a Loki behind a proxy that wants a bearer token (the Grafana service-account token file is reused)
_lab_bg loki-token "$LAB_PY" "$ROOT/tests/fixtures/loki_fixture.py" --listen 127.0.0.1:13103 \
	--token-file "$LAB_DIR/grafana.token" --stream job=zlh-api,host=api-1 --stream job=zlh-agent,vmid=101
lab_wait "$LAB_NS_MON" 127.0.0.1 13103
# every log source the contract names, as policies/zlh-launch.json selects them
_lab_bg loki-launch "$LAB_PY" "$ROOT/tests/fixtures/loki_fixture.py" --listen 127.0.0.1:13102 \
	$(for j in api agent provisioning backup-restore teardown velocity dns-edge monitor-sync; do
		printf -- '--stream job=zlh-%s ' "$j"
	done)
lab_wait "$LAB_NS_MON" 127.0.0.1 13102
# the shipped launch policy's readiness section, pointed at this lab: a compliant
# deployment passes the contract's defaults
/usr/bin/python3 - "$ROOT/policies/zlh-launch.json" "$LAB_DIR" "$(lab_token)" "$ROOT" >launch.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
rd = p["readiness"]
rd["grafana"]["url"] = "http://127.0.0.1:13000/"
rd["logs"]["url"] = "http://127.0.0.1:13102/"
print(json.dumps({"name": "zlh-launch-readiness", "version": "1",
                  "fingerprints": sys.argv[4] + "/policies/fingerprints.json",
                  "vantages": [{"name": "admin-box", "role": "admin"}],
                  "prometheus_url": "http://127.0.0.1:9090/",
                  "token_files": {"discovery": sys.argv[3], "grafana-sa": sys.argv[2] + "/grafana.token"},
                  "discovery": [dict(p["discovery"][0], url="http://127.0.0.1:18080/api/monitoring/targets")],
                  "readiness": rd}))
PY
logs() { # FILE EXTRA-SOURCE-JSON [PORT [TENANT-JSON]]
	cat >"$1" <<JSON
{"name": "readiness-lab", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "admin-box", "role": "admin"}],
 "prometheus_url": "http://127.0.0.1:9090/",
 "readiness": {"logs": {"url": "http://127.0.0.1:${3:-13100}/", "window_s": 3600${4:-},
   "sources": [{"name": "api", "selector": "{job=\"zlh-api\"}"}, {"name": "agent", "selector": "{job=\"zlh-agent\"}"}$2]}}}
JSON
}
logs lgood.json ""
logs lstale.json ', {"name": "backup-restore", "selector": "{job=\"zlh-backup\"}"}'
logs lnone.json ', {"name": "velocity", "selector": "{job=\"zlh-velocity\"}"}'
logs lpending.json ', {"name": "dns-edge", "selector": "{job=\"zlh-dns\"}", "pending": true}'
logs ltenant.json "" 13101 ', "tenant": "zlh"'
logs lnotenant.json "" 13101
logs lothertenant.json "" 13101 ', "tenant": "other-team"'
logs ltoken.json "" 13103 ', "token": "loki"'
logs lwrongtoken.json "" 13103 ', "token": "loki"'
sed -i "s|\"readiness\":|\"token_files\": {\"loki\": \"$LAB_DIR/grafana.token\"}, \"readiness\":|" ltoken.json
sed -i "s|\"readiness\":|\"token_files\": {\"loki\": \"$LAB_DIR/grafana-wrong.token\"}, \"readiness\":|" lwrongtoken.json
live livegood.json 9090
live livedeleted.json 9690
# discovery lists vmid 102 but marks it deleted: scraping it is still a deleted target
live livemarked.json 9690 18081
live livemarkedok.json 9090 18081
# a profile that leaves discovery.token-accepted and active-only out: the active set is still read
live liveprofile.json 9690 18080 ', "discovery.token-accepted": "judged elsewhere", "discovery.active-only": "judged elsewhere"' \
	', "development_mode": true'
for n in good noalert stale nometric down alerts badrule nolabel noshape livegood livedeleted \
	ggood gmissing gctype gunhealthy gnods gwrong lgood lstale lnone lpending ltenant lnotenant lothertenant counted; do
	scan "$n" --policy "$n.json" --vantage "netns:$LAB_NS_MON" --vantage-name admin-box
done
for n in livemarked livemarkedok liveprofile launch gtwo gsecondsick gshadow gpaged refused ltoken lwrongtoken hostgood hostdeadam admindeadam; do
	scan "$n" --policy "$n.json" --vantage "netns:$LAB_NS_MON" --vantage-name admin-box
done
expect_rc good 0
$ASSERT good/report.json verdict=pass "alerts.delivery@http://127.0.0.1:9090/=pass" "sync.fresh@$M=pass" \
	"alerts.delivery@http://127.0.0.1:9090/.message~1 active Alertmanager"
expect_rc noalert 1
$ASSERT noalert/report.json verdict=fail summary.fail=1 "alerts.delivery@http://127.0.0.1:9190/=fail" "sync.fresh@$M=pass" \
	"alerts.delivery@http://127.0.0.1:9190/.message~no active Alertmanager"
expect_rc stale 1
$ASSERT stale/report.json verdict=fail summary.fail=1 "alerts.delivery@http://127.0.0.1:9290/=pass" "sync.fresh@$M=fail" \
	"sync.fresh@$M.message~the last successful sync is 7"
expect_rc nometric 1
$ASSERT nometric/report.json verdict=fail summary.fail=1 "alerts.delivery@http://127.0.0.1:9090/=pass" \
	"sync.fresh@zlh_no_such_metric_seconds=fail" "sync.fresh@zlh_no_such_metric_seconds.message~no series"
expect_rc down 3
$ASSERT down/report.json verdict=inconclusive summary.pass=0 "alerts.delivery@http://127.0.0.1:9390/=error" "sync.fresh@$M=error" \
	"alerts.target-down@alert rules=error" "alerts.file-sd-stale@alert rules=error"
expect_rc alerts 0
$ASSERT alerts/report.json verdict=pass "alerts.discovery-sync-failed@alert rules=pass" \
	"alerts.file-sd-stale@alert rules=pass" "alerts.target-down@alert rules=pass" \
	"alerts.discovery-endpoint-down@alert rules=pass" "alerts.target-down@alert rules.message~ZlhTargetDown"
expect_rc badrule 1
$ASSERT badrule/report.json verdict=fail summary.fail=1 "alerts.target-down@alert rules=fail" \
	"alerts.target-down@alert rules.message~can never fire" "alerts.file-sd-stale@alert rules=pass"
expect_rc nolabel 1
$ASSERT nolabel/report.json verdict=fail summary.fail=1 "alerts.target-down@alert rules=fail" \
	"alerts.target-down@alert rules.message~cannot report by vmid"
expect_rc noshape 1
$ASSERT noshape/report.json verdict=fail summary.fail=1 "alerts.target-down@alert rules=fail" \
	"alerts.target-down@alert rules.message~no loaded alerting rule selects up{job=\"zlh-api\"}"
# Prometheus refuses the policy's token: every readiness check an error naming the token file
expect_rc refused 3
$ASSERT refused/report.json verdict=inconclusive summary.pass=0 "alerts.delivery@http://127.0.0.1:9890/=error" \
	"alerts.delivery@http://127.0.0.1:9890/.message~refused the token 'prom' from $LAB_DIR/prom.token (401)" \
	"sync.fresh@$M=error" "alerts.target-down@alert rules=error" \
	"alerts.target-down@alert rules.message~refused the token 'prom'" \
	"prometheus.targets-down@http://127.0.0.1:9890/api/v1/targets=error"
# (role host also runs the host family on this machine's own files: only alerts.delivery is asserted)
$ASSERT hostgood/report.json "alerts.delivery@http://127.0.0.1:9090/=pass" \
	"alerts.delivery@http://127.0.0.1:9090/.message~one answers /-/ready"
$ASSERT hostdeadam/report.json "alerts.delivery@http://127.0.0.1:9990/=fail" \
	"alerts.delivery@http://127.0.0.1:9990/.message~nothing listens there"
# from the admin network the Prometheus host's loopback is not this vantage's: Prometheus's list decides
expect_rc admindeadam 0
$ASSERT admindeadam/report.json verdict=pass "alerts.delivery@http://127.0.0.1:9990/=pass" \
	"alerts.delivery@http://127.0.0.1:9990/.evidence~not asked from this vantage"
expect_rc counted 1
$ASSERT counted/report.json verdict=fail summary.fail=1 "alerts.target-down@alert rules=fail" \
	"alerts.target-down@alert rules.message~cannot report by vmid: count without by drops it"
expect_rc livegood 0
$ASSERT livegood/report.json verdict=pass "prometheus.deleted-targets@http://127.0.0.1:9090/api/v1/targets=pass" \
	"discovery.token-accepted@http://127.0.0.1:18080/api/monitoring/targets=pass"
expect_rc livedeleted 1
$ASSERT livedeleted/report.json verdict=fail summary.fail=1 \
	"prometheus.deleted-targets@http://127.0.0.1:9690/api/v1/targets=fail" \
	"prometheus.deleted-targets@http://127.0.0.1:9690/api/v1/targets.evidence~vmid 102"
expect_rc launch 0
$ASSERT launch/report.json verdict=pass summary.error=0 "alerts.delivery@http://127.0.0.1:9090/=pass" \
	"sync.fresh@$M=pass" "alerts.discovery-sync-failed@alert rules=pass" "alerts.file-sd-stale@alert rules=pass" \
	"alerts.target-down@alert rules=pass" "alerts.discovery-endpoint-down@alert rules=pass" \
	"prometheus.deleted-targets@http://127.0.0.1:9090/api/v1/targets=pass" \
	"grafana.dashboards-visible@http://127.0.0.1:13000/=pass" "grafana.datasource-healthy@http://127.0.0.1:13000/=pass" \
	"grafana.dashboard-queries@http://127.0.0.1:13000/=pass" "logs.centralized@api=pass" "logs.centralized@agent=pass" \
	"logs.centralized@provisioning=pass" "logs.centralized@backup-restore=pass" "logs.centralized@delete-teardown=pass" \
	"logs.centralized@velocity-callbacks=pass" "logs.centralized@dns-edge=pass" "logs.centralized@discovery-sync=pass"
expect_rc livemarked 1
$ASSERT livemarked/report.json verdict=fail summary.fail=2 \
	"prometheus.deleted-targets@http://127.0.0.1:9690/api/v1/targets=fail" \
	"discovery.active-only@http://127.0.0.1:18081/api/monitoring/targets=fail"
# the same answer, a Prometheus that scrapes only active vmids: only discovery's own check fails
expect_rc livemarkedok 1
$ASSERT livemarkedok/report.json verdict=fail summary.fail=1 \
	"prometheus.deleted-targets@http://127.0.0.1:9090/api/v1/targets=pass" \
	"discovery.active-only@http://127.0.0.1:18081/api/monitoring/targets=fail"
expect_rc liveprofile 1
$ASSERT liveprofile/report.json verdict=fail summary.fail=1 \
	"prometheus.deleted-targets@http://127.0.0.1:9690/api/v1/targets=fail" \
	"prometheus.deleted-targets@http://127.0.0.1:9690/api/v1/targets.evidence~vmid 102"
G=http://127.0.0.1
expect_rc ggood 0
$ASSERT ggood/report.json verdict=pass "grafana.dashboards-visible@$G:13000/=pass" \
	"grafana.datasource-healthy@$G:13000/=pass" "grafana.dashboard-queries@$G:13000/=pass"
expect_rc gmissing 1
$ASSERT gmissing/report.json verdict=fail summary.fail=1 "grafana.dashboards-visible@$G:13001/=fail" \
	"grafana.dashboards-visible@$G:13001/.evidence~ZeroLagHub Dev Container" "grafana.dashboard-queries@$G:13001/=pass"
# medium, under the gate (high): the check fails, the verdict does not
expect_rc gctype 0
$ASSERT gctype/report.json verdict=pass summary.fail=1 "grafana.dashboard-queries@$G:13002/=fail" \
	"grafana.dashboards-visible@$G:13002/=pass"
expect_rc gunhealthy 1
$ASSERT gunhealthy/report.json verdict=fail summary.fail=1 "grafana.datasource-healthy@$G:13003/=fail" \
	"grafana.datasource-healthy@$G:13003/.message~connection refused"
expect_rc gnods 1
$ASSERT gnods/report.json verdict=fail summary.fail=1 "grafana.datasource-healthy@$G:13004/=fail"
expect_rc gwrong 3
$ASSERT gwrong/report.json verdict=inconclusive "grafana.dashboards-visible@$G:13000/=error" \
	"grafana.datasource-healthy@$G:13000/=error" "grafana.dashboard-queries@$G:13000/=error" \
	"grafana.datasource-healthy@$G:13000/.message~refused the token 'grafana-sa' from $LAB_DIR/grafana-wrong.token"
# every Prometheus datasource is judged (a Loki one is not a Prometheus one); every dashboard of a required title
expect_rc gtwo 0
$ASSERT gtwo/report.json verdict=pass "grafana.datasource-healthy@$G:13005/=pass" \
	"grafana.datasource-healthy@$G:13005/.message~all 2 Prometheus datasources are healthy"
expect_rc gsecondsick 1
$ASSERT gsecondsick/report.json verdict=fail summary.fail=1 "grafana.datasource-healthy@$G:13006/=fail" \
	"grafana.datasource-healthy@$G:13006/.message~'prom-archive' is unhealthy"
expect_rc gshadow 0
$ASSERT gshadow/report.json verdict=pass summary.fail=1 "grafana.dashboard-queries@$G:13007/=fail" \
	"grafana.dashboard-queries@$G:13007/.evidence~zlh-game-c-old" "grafana.dashboards-visible@$G:13007/=pass"
# ... on the third page of Grafana's list too
expect_rc gpaged 0
$ASSERT gpaged/report.json verdict=pass summary.fail=1 "grafana.dashboard-queries@$G:13008/=fail" \
	"grafana.dashboard-queries@$G:13008/.evidence~zlh-game-c-old" "grafana.dashboards-visible@$G:13008/=pass" \
	"grafana.dashboards-visible@$G:13008/.message~all 3 required dashboards are visible"
expect_rc lgood 0
$ASSERT lgood/report.json verdict=pass "logs.centralized@api=pass" "logs.centralized@agent=pass"
expect_rc lstale 1
$ASSERT lstale/report.json verdict=fail summary.fail=1 "logs.centralized@backup-restore=fail" "logs.centralized@api=pass"
expect_rc lnone 1
$ASSERT lnone/report.json verdict=fail summary.fail=1 "logs.centralized@velocity=fail" \
	"logs.centralized@velocity.message~not centralized"
expect_rc lpending 1
$ASSERT lpending/report.json verdict=fail summary.fail=1 "logs.centralized@dns-edge=fail" \
	"logs.centralized@dns-edge.message~pending"
# a multi-tenant Loki: the policy's tenant passes; without one Loki says "no org id" (an error that
# says what to set); another tenant sees no stream (a failure naming the tenant)
expect_rc ltenant 0
$ASSERT ltenant/report.json verdict=pass "logs.centralized@api=pass" "logs.centralized@agent=pass"
expect_rc lnotenant 3
$ASSERT lnotenant/report.json verdict=inconclusive "logs.centralized@api=error" \
	"logs.centralized@api.message~readiness.logs.tenant"
expect_rc lothertenant 1
$ASSERT lothertenant/report.json verdict=fail summary.fail=2 "logs.centralized@api=fail" \
	"logs.centralized@api.message~(tenant other-team)"
# a Loki behind a token: the right one passes; a refused one is an error naming its file
expect_rc ltoken 0
$ASSERT ltoken/report.json verdict=pass "logs.centralized@api=pass"
expect_rc lwrongtoken 3
$ASSERT lwrongtoken/report.json verdict=inconclusive "logs.centralized@api=error" \
	"logs.centralized@api.message~Loki refused the token 'loki' from $LAB_DIR/grafana-wrong.token (401)"
# the HTML report shows readiness as its own section
grep -qF '<h2>Launch readiness (6)</h2>' alerts/report.html || {
	echo "FAILED: no readiness section of 6 checks in the HTML report"
	exit 1
}
# ... with prometheus.deleted-targets in it (the launch policy's 18 readiness checks)
grep -qF '<h2>Launch readiness (18)</h2>' launch/report.html && grep -qF 'prometheus.deleted-targets' launch/report.html || {
	echo "FAILED: the launch policy's HTML report lacks its 18 readiness checks"
	exit 1
}
echo "ok: the HTML report has a Launch readiness section"
if grep -rqF -- "$(cat grafana.token)" ./*/report.json ./*.out ./*.err ||
	grep -rqF -- "$(cat prom.token)" ./*/report.* ./*.out ./*.err; then
	echo "FAILED: the service-account or Prometheus token reached an output"
	exit 1
fi
echo "ok: the service-account token appears in no output"
echo "ok: readiness: compliant passes, each fault fails exactly its check, no Prometheus is an error"
