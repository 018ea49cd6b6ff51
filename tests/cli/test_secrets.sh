#!/usr/bin/env bash
# `zlh-audit secrets scan` and the secrets family of `scan`: every rule
# family in a log tree (plain and gzip, a symbolic link that must not be
# followed, a binary file), standard input, a known secret in its four
# encodings, exit codes, and no secret value in any output.
source "$(dirname "$0")/lib.sh" "$@"

known='zlh-mon:Known/Secret+Value=42'
printf '%s\n' "$known" >known.token
chmod 600 known.token
b64=$(printf '%s' "$known" | base64 -w0)
mkdir -p logs/sub
cat >logs/api.log <<LOG
2026-11-27T10:00:00Z api GET /api/monitoring/targets?access_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0 200
2026-11-27T10:00:01Z api > Authorization: Bearer glsa_iNValIdinValiDinvalidinvalidinva_5b582697
2026-11-27T10:00:02Z sync url=http://admin:S3cr3tPassw0rd@prometheus.internal:9090/metrics
2026-11-27T10:00:03Z backup Authorization: PVEAPIToken=root@pam!monitoring=5e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
2026-11-27T10:00:04Z velocity callback with $known
2026-11-27T10:00:05Z edge "authorization":"Basic $b64"
2026-11-27T10:00:06Z grafana proxy Authorization: Basic YWRtaW46UzNjcjN0UGFzc3cwcmQ=
2026-11-27T10:00:07Z placeholder Authorization: Bearer \${TOKEN} and http://admin:xxxxx@host/
LOG
gzip -c logs/api.log >logs/sub/api.log.1.gz
ln -s /etc/hostname logs/link.log
printf 'bin\0ary glsa_iNValIdinValiDinvalidinvalidinva_5b582697\n' >logs/blob.bin


run 1 tree secrets scan --known-secret-file known.token --out tree logs
/usr/bin/python3 - tree/report.json "$known" <<'PY' && ok "tree findings" || bad "tree findings"
import json, sys, hashlib, collections
d = json.load(open(sys.argv[1])); known = sys.argv[2]
f = d["findings"]
by = collections.Counter((x["location"]["path"].rsplit("/", 1)[-1], x["rule"]) for x in f)
want = {"url-query-token", "grafana-service-account-token", "url-userinfo", "proxmox-api-token", "known-secret"}
for name in ("api.log", "api.log.1.gz"):
    rules = {r for (p, r), n in by.items() if p == name}
    assert want <= rules, (name, rules)
    assert "http-authorization-header" in rules, (name, rules)  # the Basic header
assert not any(p in ("blob.bin", "link.log") for p, r in by), by
ks = [x for x in f if x["known_secret"]]
fp = "sha256:" + hashlib.sha256(known.encode()).hexdigest()[:12]
assert len(ks) >= 4 and all(x["fingerprint"] == fp for x in ks), ks  # raw line + Basic base64, in both files
pve = [x for x in f if x["rule"] == "proxmox-api-token"][0]
assert pve["note"] == "token root@pam!monitoring" and pve["location"]["line"] == 4, pve
basic = [x for x in f if x["rule"] == "http-authorization-header"][0]
assert basic["note"] == "Basic, user admin" and not basic["known_secret"], basic
# the known secret inside a Basic header is reported as the known secret (base64 form)
assert any(x["rule"] == "known-secret" and x["location"]["line"] == 6 for x in f), f
assert all(len(x["preview"].replace("*", "")) <= 4 for x in f)
ev = " ".join(e["detail"] for e in d["checks"][0]["evidence"])
assert "1 binary files skipped, 1 symbolic links not followed" in ev, ev
print(len(f), "findings")
PY

printf 'ok line\nkey glsa_iNValIdinValiDinvalidinvalidinva_5b582697\n' | "$ZA" secrets scan --out stdin - >stdin.out 2>stdin.err
rc=$?
[ "$rc" = 1 ] && grep -q '"path":	"(stdin)"' stdin/report.json && ok "stdin" || bad "stdin: exit $rc"
printf 'nothing to see\n' >clean.log
run 0 clean secrets scan --out clean clean.log
run 2 nopath secrets scan --out x
run 2 badrules secrets scan --rules "$ROOT/policies/demo.json" logs
run 2 noknown secrets scan --known-secret-file /nonexistent logs

# the secrets family inside `scan` (role host), with the policy's known secrets
cat >policy.json <<JSON
{"name": "secrets-lab", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "monitoring-host", "role": "host"}],
 "secrets": {"logs": {"api": ["$T/logs/*.log"], "velocity": ["$T/logs/none-*.log"]},
             "files": ["$T/clean.log"], "known_secret_files": {"mon": "$T/known.token"}}}
JSON
run 1 family scan --policy policy.json --out family
/usr/bin/python3 - family/report.json <<'PY' && ok "scan: logs.leaked-token fails, files passes, missing log skipped" || bad "scan secrets family"
import json, sys
d = json.load(open(sys.argv[1]))
st = {(c["id"], c["target"].rsplit("/", 1)[-1]): c["status"] for c in d["checks"]}
assert st[("logs.leaked-token", "*.log")] == "fail", st
assert st[("logs.leaked-token", "none-*.log")] == "skipped", st
assert st[("files.leaked-token", "clean.log")] == "pass", st
assert any(f["known_secret"] for f in d["findings"]), d["findings"]
PY

# a secret's own home is not a leak; a copy of it elsewhere is (.bak, another directory)
mkdir -p etc/zlh backup
cp -p known.token etc/zlh/known.token
cp known.token etc/zlh/known.token.bak
cp known.token backup/known.token
run 1 home secrets scan --known-secret-file etc/zlh/known.token --out home etc backup
/usr/bin/python3 - home/report.json <<'PY' && ok "home: the token file itself is no finding, its copies are" || bad "home"
import json, sys
d = json.load(open(sys.argv[1]))
paths = sorted(f["location"]["path"] for f in d["findings"] if f["known_secret"])
assert paths == ["backup/known.token", "etc/zlh/known.token.bak"], paths
PY

for v in "$known" "$b64" S3cr3tPassw0rd 9f8e7d6c5b4a39281706f5e4d3c2b1a0 glsa_iNValIdinValiDinvalidinvalidinva_5b582697 \
	5e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d YWRtaW46UzNjcjN0UGFzc3cwcmQ=; do
	if grep -rqF -- "$v" tree stdin clean family home ./*.out ./*.err 2>/dev/null; then
		bad "a secret value reached an output: ${v:0:4}..."
	fi
done
ok "no secret value in reports, stdout or stderr"
finish
