#!/usr/bin/env bash
# The vantage name follows the role: without --vantage-name a scan takes the
# policy's first vantage of its role (a --root scan is role host), never a
# vantage of another role; naming a vantage of another role is a usage error.
source "$(dirname "$0")/lib.sh" "$@"

mkdir -p r/etc
cat >p.json <<JSON
{"name": "roles", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "timeouts": {"connect_ms": 300, "transfer_ms": 1000},
 "vantages": [{"name": "ci-external", "role": "untrusted"}, {"name": "admin-net", "role": "admin"},
              {"name": "mon-host", "role": "host"}],
 "hosts": [{"name": "lo", "address": "127.0.0.1", "kind": "monitoring", "services": [{"service": "prometheus", "port": 9}]}],
 "expect": {"prometheus": {"untrusted": "unreachable", "admin": "reachable"}},
 "host": {"kind": "monitoring", "agent": false}}
JSON
vantage() { # REPORT -> "name role"
	/usr/bin/python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["vantage"]; print(v["name"], v["role"])' "$1"
}
"$ZA" scan --policy p.json --root r --out root >root.out 2>root.err
[ "$(vantage root/report.json)" = "mon-host host" ] && ok "--root takes the policy's host vantage" ||
	bad "--root vantage: $(vantage root/report.json)"
"$ZA" scan --policy p.json --role admin --out admin >admin.out 2>admin.err
[ "$(vantage admin/report.json)" = "admin-net admin" ] && ok "--role admin takes the policy's admin vantage" ||
	bad "--role admin vantage: $(vantage admin/report.json)"
"$ZA" scan --policy p.json --out plain >plain.out 2>plain.err
[ "$(vantage plain/report.json)" = "ci-external untrusted" ] && ok "no role: the policy's first vantage and its role" ||
	bad "default vantage: $(vantage plain/report.json)"
run 2 clash scan --policy p.json --root r --vantage-name ci-external --out x
grep -q 'ci-external: the policy gives that vantage the role untrusted, this scan is role host' clash.err &&
	ok "a vantage of another role is refused, with both roles named" || bad "clash message: $(cat clash.err)"
finish
