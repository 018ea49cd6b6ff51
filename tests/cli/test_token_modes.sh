#!/usr/bin/env bash
# Token-file modes, one rule for host.token-file (--root, the audited
# system's /etc/group) and discovery.token-file (the scanner's own file,
# this machine's groups): nothing for others, not even write (0602 lets
# anyone replace the token); group access only for gid 0 (root) or a group
# the policy allows. Each mode is tried on both checks.
source "$(dirname "$0")/lib.sh" "$@"

TOKEN='zlhmon_Tm9Qw2Er7Ty4Ui8Op1As5Df3'
R=root
mkdir -p $R/etc/zlh
chmod 755 $R $R/etc $R/etc/zlh
printf 'root:x:0:\nprometheus:x:120:\nstaff:x:50:\n' >$R/etc/group
# the discovery check reads the token from this machine: an allowed group
# that exists here, and one that is not allowed
agroup=$(getent group | awk -F: '$3!=0 {print $1; exit}')
agid=$(getent group "$agroup" | cut -d: -f3)
ogid=$(getent group | awk -F: -v a="$agid" '$3!=0 && $3!=a {print $3; exit}')

policy() { # FILE ALLOWED_GROUPS_JSON
	cat >"$1" <<JSON
{"name": "modes", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "timeouts": {"connect_ms": 300, "transfer_ms": 1000},
 "vantages": [{"name": "outside", "role": "untrusted"}, {"name": "host", "role": "host"}],
 "discovery": [{"name": "api", "url": "http://127.0.0.1:9/api/monitoring/targets", "token_file": "discovery",
                "allow_plaintext_token": true}],
 "token_files": {"discovery": "/etc/zlh/monitor.token"},
 "host": {"kind": "monitoring", "agent": false, "allowed_groups": $2}}
JSON
}
policy p.json "[\"prometheus\", \"$agroup\"]"

scan_any() { # NAME ARGS...: exit code not judged here (the statuses are)
	local name=$1
	shift
	"$ZA" scan --out "$name" "$@" >"$name.out" 2>"$name.err" || true
}
expect() { # REPORT CHECK TARGET STATUS TEXT
	/usr/bin/python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = [c for c in d["checks"] if c["id"] == sys.argv[2] and c["target"] == sys.argv[3]]
if not (r and r[0]["status"] == sys.argv[4] and sys.argv[5] in r[0]["message"]):
    print("  got:", [(c["status"], c["message"]) for c in r])
    sys.exit(1)
PY
}
put() { # MODE GID
	local f=$R/etc/zlh/monitor.token
	printf '%s\n' "$TOKEN" >$f
	chgrp "$2" $f
	chmod "$1" $f
}

# host.token-file: groups of the audited root (prometheus 120 allowed, staff 50 not)
while read -r mode gid want text; do
	put "$mode" "$gid"
	scan_any "root-$mode-$gid" --policy p.json --root $R
	expect "root-$mode-$gid/report.json" host.token-file /etc/zlh/monitor.token "$want" "$text" &&
		ok "host.token-file mode $mode gid $gid: $want ($text)" || bad "host.token-file mode $mode gid $gid: not $want"
done <<'M'
0600 0 pass private (mode 0600)
0640 0 pass as tight as 0600
0440 0 pass as tight as 0600
0640 120 pass a group the policy allows
0640 50 fail the policy does not allow that group
0644 0 fail every user can read it (mode 0644)
0602 0 fail every user can write it, replacing the token (mode 0602)
0606 0 fail every user can read and write it
0601 0 pass private (mode 0601)
M

# discovery.token-file: the scanner's own file, this machine's group names
U=http://127.0.0.1:9/api/monitoring/targets
while read -r mode gid want text; do
	put "$mode" "$gid"
	scan_any "disc-$mode-$gid" --policy p.json --vantage-name outside --token-file "discovery=$PWD/$R/etc/zlh/monitor.token"
	expect "disc-$mode-$gid/report.json" discovery.token-file "$U" "$want" "$text" &&
		ok "discovery.token-file mode $mode gid $gid: $want ($text)" || bad "discovery.token-file mode $mode gid $gid: not $want"
done <<M
0600 0 pass private (mode 0600)
0640 0 pass as tight as 0600
0640 $agid pass a group the policy allows
0640 $ogid fail the policy does not allow that group
0644 0 fail every user can read it (mode 0644)
0602 0 fail every user can write it, replacing the token (mode 0602)
M

if grep -rlF -- "$TOKEN" . 2>/dev/null | grep -qv "monitor.token$"; then
	bad "the token reached an output"
else
	ok "the token reaches no output"
fi
finish
