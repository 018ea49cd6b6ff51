#!/usr/bin/env bash
# Nothing silently absent: for the shipped policies and every role, the set
# of check ids in a scan's report equals the plan `zlh-audit policy check`
# prints for that role (--root: the offline plan). The scans run in a network
# namespace with loopback only, so nothing leaves the machine: every network
# check is an error there (no route), and still present.
source "$(dirname "$0")/common.sh"
lab_require
PLAN="/usr/bin/python3 $ROOT/tests/plan_check.py $ZA"
ip netns add "$LAB_NS_MON-iso" && LAB_ETC+=()
trap 'ip netns del "$LAB_NS_MON-iso" 2>/dev/null; lab_down' EXIT
ip -n "$LAB_NS_MON-iso" link set lo up
lab_hosts "$LAB_NS_MON-iso" "127.0.0.1 localhost"
mkdir -p "/etc/netns/$LAB_NS_MON-iso" && : >"/etc/netns/$LAB_NS_MON-iso/resolv.conf"
mkdir -p emptyroot
printf 'x\n' >token && chmod 600 token
fails=0
for pol in demo zlh-launch; do
	sed -e "s|\"fingerprints.json\"|\"$ROOT/policies/fingerprints.json\"|" "$ROOT/policies/$pol.json" >"$pol.json"
	for role in untrusted admin host; do
		"$ZA" scan --policy "$pol.json" --vantage "netns:$LAB_NS_MON-iso" --role "$role" --vantage-name "plan-$role" \
			--token-file "discovery=$LAB_DIR/token" --quiet --out "$pol-$role" >/dev/null 2>"$pol-$role.err" || true
		$PLAN "$pol.json" "$pol-$role/report.json" || fails=$((fails + 1))
	done
	"$ZA" scan --policy "$pol.json" --root emptyroot --quiet --out "$pol-root" >/dev/null 2>"$pol-root.err" || true
	$PLAN "$pol.json" "$pol-root/report.json" --root || fails=$((fails + 1))
done
echo "$((8 - fails)) passed, $fails failed"
[ "$fails" = 0 ]
