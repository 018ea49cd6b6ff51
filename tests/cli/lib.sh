# lib.sh - what the CLI test scripts share; source it first:
#   source "$(dirname "$0")/lib.sh" "$@"
# gives ZA (the binary under test, argument 1), ROOT (the repository),
# SCHEMAS (the vendored output schemas, may be absent), T (a scratch
# directory removed on exit, made the working directory), ok/bad (count and
# print), run EXPECTED_RC NAME ARGS... (runs zlh-audit with stdout and stderr
# in NAME.out and NAME.err, checks the exit code; for a scan, that its report
# holds exactly the plan of its policy and role) and finish (the totals, and
# the script's exit status).
set -uo pipefail
ZA=$(realpath "${1:?usage: $0 PATH/TO/zlh-audit}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCHEMAS=$ROOT/../shared/schemas
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
run() { # EXPECTED_RC NAME ARGS...
	local want=$1 name=$2 rc=0 a prev="" policy="" out="" root=""
	shift 2
	"$ZA" "$@" >"$name.out" 2>"$name.err" || rc=$?
	[ "$rc" = "$want" ] && ok "$name exited $rc" || bad "$name exited $rc, expected $want: $(head -3 "$name.err")"
	# a scan's report holds exactly the plan of its policy and role (tests/plan_check.py)
	[ "${1:-}" = scan ] || return 0
	for a in "$@"; do
		[ "$prev" = --policy ] && policy=$a
		[ "$prev" = --out ] && out=$a
		[ "$a" = --root ] && root=--root
		prev=$a
	done
	if [ -n "$policy" ] && [ -f "${out:-out}/report.json" ]; then
		/usr/bin/python3 "$ROOT/tests/plan_check.py" "$ZA" "$policy" "${out:-out}/report.json" $root >plan.txt &&
			ok "$name: the report is the plan" || bad "$name: $(cat plan.txt)"
	fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
cd "$T" || exit 1
