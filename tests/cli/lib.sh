# lib.sh - what the CLI test scripts share; source it first:
#   source "$(dirname "$0")/lib.sh" "$@"
# gives ZA (the binary under test, argument 1), ROOT (the repository),
# SCHEMAS (the vendored output schemas, may be absent), T (a scratch
# directory removed on exit, made the working directory), ok/bad (count and
# print), run EXPECTED_RC NAME ARGS... (runs zlh-audit with stdout and stderr
# in NAME.out and NAME.err, checks the exit code) and finish (the totals, and
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
	local want=$1 name=$2 rc=0
	shift 2
	"$ZA" "$@" >"$name.out" 2>"$name.err" || rc=$?
	[ "$rc" = "$want" ] && ok "$name exited $rc" || bad "$name exited $rc, expected $want: $(head -3 "$name.err")"
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
cd "$T" || exit 1
