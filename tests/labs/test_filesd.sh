#!/usr/bin/env bash
# file_sd and Prometheus's live targets, from the admin side: the real Debian
# Prometheus reads the lab's file_sd files (so /api/v1/targets is real). A
# fresh file matching the discovery endpoint passes; a stale YAML file that
# still lists a deleted container fails freshness and stale-entry checks; a
# broken file fails validity; a ctype label reaches Prometheus and fails the
# label contract there; the game/dev targets are down (nothing listens).
# Covers probes/filesd.c, livetargets.c and engines/sdparse.c, yamldoc.c (YAML file_sd).
source "$(dirname "$0")/common.sh"
lab_require
lab_start_discovery 0.0.0.0:8080 fail-closed
mkdir -p "$LAB_DIR/file_sd"
F=$LAB_DIR/file_sd
cat >"$F/active.json" <<'JSON'
[{"targets": ["203.0.113.21:9100"], "labels": {"vmid": "101", "instance": "game-101", "container_type": "game",
  "game": "minecraft", "ready": "true", "connectable": "true", "operationInProgress": "false",
  "operationType": "none", "backupStatus": "ok", "restoreStatus": "none", "provisioningComplete": "true",
  "lastFailureReason": "none", "state": "running"}}]
JSON
cat >"$F/stale.yml" <<'YML'
- targets: ["203.0.113.99:9100"]
  labels:
    vmid: "199"
    instance: game-199
    ctype: game
YML
touch -d '2 hours ago' "$F/stale.yml"
echo '[{"targets": ["203.0.113.22:9100"], "labels": {"vmid": 201' >"$F/broken.json"
mkdir -p "$LAB_DIR/prometheus"
cat >"$LAB_DIR/prometheus/prometheus.yml" <<YML
global:
  scrape_interval: 5s
  scrape_timeout: 1s
scrape_configs:
  - job_name: zlh
    file_sd_configs:
      - files: ["$F/*.json", "$F/*.yml"]
YML
_lab_bg prometheus prometheus --config.file="$LAB_DIR/prometheus/prometheus.yml" \
	--storage.tsdb.path="$LAB_DIR/prometheus/data" --web.listen-address=127.0.0.1:9090
lab_wait "$LAB_NS_MON" 127.0.0.1 9090
# wait until Prometheus has loaded both readable files and scraped once
for _ in $(seq 1 150); do
	ip netns exec "$LAB_NS_MON" /usr/bin/python3 -c '
import json, sys, urllib.request
t = json.load(urllib.request.urlopen("http://127.0.0.1:9090/api/v1/targets", timeout=2))["data"]["activeTargets"]
sys.exit(0 if len(t) == 2 and all(x["health"] != "unknown" for x in t) else 1)' 2>/dev/null && break
	sleep 0.2
done
labels=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["labels"]))' "$ROOT/policies/demo.json")
cat >admin.json <<JSON
{"name": "filesd-lab", "version": "1",
 "vantages": [{"name": "monitoring-host", "role": "host"}],
 "fingerprints": "$ROOT/policies/fingerprints.json",
 "token_files": {"discovery": "/nonexistent"},
 "labels": $labels,
 "discovery": [{"name": "zlh-api", "url": "http://203.0.113.10:8080/api/monitoring/targets",
                "token_file": "discovery", "allow_plaintext_token": true}],
 "file_sd": {"paths": ["$F/*.json", "$F/*.yml", "$F/missing-*.json"], "max_age_s": 600, "discovery": "zlh-api"},
 "prometheus_url": "http://127.0.0.1:9090/"}
JSON
scan admin --policy admin.json --vantage "netns:$LAB_NS_MON" --token-file "discovery=$(lab_token)"
expect_rc admin 1
P=http://127.0.0.1:9090/api/v1/targets
$ASSERT admin/report.json verdict=fail vantage.role=host \
	"filesd.valid@$F/active.json=pass" "filesd.fresh@$F/active.json=pass" "filesd.stale-entries@$F/active.json=pass" \
	"labels.required@$F/active.json=pass" \
	"filesd.valid@$F/stale.yml=pass" "filesd.fresh@$F/stale.yml=fail" "filesd.fresh@$F/stale.yml.message~stale" \
	"filesd.stale-entries@$F/stale.yml=fail" "filesd.stale-entries@$F/stale.yml.evidence~203.0.113.99:9100 (group 0) is not in the active set" \
	"labels.canonical@$F/stale.yml=fail" \
	"filesd.valid@$F/broken.json=fail" "filesd.valid@$F/broken.json.message~Prometheus cannot parse it" \
	"filesd.valid@$F/missing-*.json=fail" \
	"prometheus.targets-down@$P=fail" "prometheus.targets-down@$P.message~2 of 2 game/dev targets are down (game 1)" \
	"prometheus.targets-down@$P.evidence~down: vmid 101, container_type game" \
	"labels.canonical@$P=fail" "labels.secrets@$P=pass"

# an untrusted vantage reads no files and no live targets
scan outside --policy admin.json --vantage "netns:$LAB_NS_MON" --role untrusted --token-file "discovery=$(lab_token)"
/usr/bin/python3 -c '
import json, sys
ids = {c["id"] for c in json.load(open(sys.argv[1]))["checks"]}
assert not any(i.startswith("filesd.") or i == "prometheus.targets-down" for i in ids), ids
print("ok: no file_sd or live-target checks from an untrusted vantage")' outside/report.json
