#!/usr/bin/env bash
# A NUL escape cannot hide a value: cJSON's strings end at a NUL, so
# "x\u0000<the token>" would read as "x". Untrusted JSON (discovery answers,
# file_sd files, API bodies) is read with \u0000 as U+FFFD: the token after it
# is still found (labels.secrets), "101\u0000" is not numeric, a NUL in a
# label value is itself a failure of the label contract (labels.required), and
# a label named "gam\u0000e" is no valid label name: the file is one
# Prometheus refuses (filesd.valid), not one with a label "gam". The same file without the NULs passes
# those checks. A policy with a \u0000 is refused, naming line and column.
source "$(dirname "$0")/lib.sh" "$@"
TOKEN='zlhmon_Nu1Esc4pe_9f8e7d6c5b4a3928'
mkdir -p r/etc/zlh-audit r/etc/prometheus/file_sd
chmod 755 r r/etc r/etc/zlh-audit r/etc/prometheus r/etc/prometheus/file_sd
(umask 077 && printf '%s\n' "$TOKEN" >r/etc/zlh-audit/discovery.token)
/usr/bin/python3 - "$ROOT/policies/demo.json" >p.json <<'PY'
import json, sys
labels = json.load(open(sys.argv[1]))["labels"]
print(json.dumps({"name": "nul", "version": "1", "vantages": [{"name": "h", "role": "host"}],
                  "labels": labels, "token_files": {"discovery": "/etc/zlh-audit/discovery.token"},
                  "file_sd": {"paths": ["/etc/prometheus/file_sd/*.json"], "max_age_s": 900},
                  "host": {"kind": "monitoring"}}))
PY
sd() { # NUL: "\\u0000" or ""
	local n=$1
	cat >r/etc/prometheus/file_sd/zlh.json <<J
[{"targets": ["203.0.113.21:9100"],
  "labels": {"vmid": "101$n", "instance": "game-101", "container_type": "game", "note": "x$n$TOKEN",
             "game": "minecraft", "ready": "true", "connectable": "true", "operationInProgress": "false",
             "operationType": "none", "backupStatus": "ok", "restoreStatus": "none",
             "provisioningComplete": "true", "lastFailureReason": "none"}}]
J
}
status() { # REPORT CHECK -> status of the result on the file_sd file
	/usr/bin/python3 -c 'import json,sys; print([c["status"] for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == sys.argv[2]][0])' "$1" "$2"
}
sd '\u0000'
"$ZA" scan --policy p.json --root r --out nul >nul.out 2>nul.err
sd ''
"$ZA" scan --policy p.json --root r --out plain >plain.out 2>plain.err
[ "$(status nul/report.json labels.secrets)" = fail ] && ok "the token after a \\u0000 is found" || bad "labels.secrets: $(status nul/report.json labels.secrets)"
[ "$(status nul/report.json labels.required)" = fail ] && grep -q 'holds a NUL character' nul/report.json &&
	grep -q 'is not numeric' nul/report.json && ok "a NUL in a label fails the label contract, 101\\u0000 is not numeric" ||
	bad "labels.required: $(status nul/report.json labels.required)"
# without the NULs, the token is still in the "note" value: secrets fail, the rest holds
[ "$(status plain/report.json labels.required)" = pass ] && ok "the same labels without NULs: labels.required passes" ||
	bad "plain labels.required: $(status plain/report.json labels.required)"
# one credential alone (the token in one value) fails labels.secrets
[ "$(status plain/report.json labels.secrets)" = fail ] && grep -q '"1 credential in labels' plain/report.json &&
	ok "exactly one credential in the labels fails labels.secrets" || bad "one credential: $(status plain/report.json labels.secrets)"
sed -i 's/"game": "minecraft"/"gam\\u0000e": "minecraft"/' r/etc/prometheus/file_sd/zlh.json
"$ZA" scan --policy p.json --root r --out name >name.out 2>name.err
[ "$(status name/report.json filesd.valid)" = fail ] && grep -q 'not a valid label name\|invalid label name\|label name' name/report.json &&
	ok "a label name with a NUL makes the file one Prometheus refuses" || bad "filesd.valid: $(status name/report.json filesd.valid)"
grep -qF "$TOKEN" nul/report.json nul.out nul.err plain/report.json && bad "the token reached an output" || ok "the token reached no output"

# a \u escape without hex digits (cJSON reads it as a NUL) and a raw control
# byte in a string: JSON Prometheus refuses, never labels judged as cut short
for bad in '\uZZZZ' "$(printf '\001')"; do
	sd "$bad"
	"$ZA" scan --policy p.json --root r --out badesc >badesc.out 2>badesc.err
	[ "$(status badesc/report.json filesd.valid)" = fail ] && grep -q 'not JSON Prometheus accepts' badesc/report.json &&
		ok "a file_sd file with $(printf '%q' "$bad") in a string is one Prometheus refuses" ||
		bad "bad escape: $(status badesc/report.json filesd.valid)"
done
printf '{"name": "p\uZZZZx", "version": "1"}\n' >badesc.json
run 2 badescpolicy policy check badesc.json
# a policy with a \u0000 in a string is refused, with line and column
printf '{"name": "p\\u0000x", "version": "1"}\n' >nulpolicy.json
run 2 nulpolicy policy check nulpolicy.json
grep -q 'nulpolicy.json:1:[0-9]*: a NUL' nulpolicy.err && ok "the policy's NUL is named" || bad "$(cat nulpolicy.err)"
finish
