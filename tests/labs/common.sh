# shellcheck shell=bash
# common.sh - shared by the lab tests: the binary under test, the lab, and
# "a lab that cannot be built fails": skipping is an explicit opt-out
# (ZLH_SKIP_LABS=1, for machines without root or network namespaces), never
# the default.
set -euo pipefail
ZA=${1:?usage: $0 PATH/TO/zlh-audit}
ZA=$(realpath "$ZA")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=lab.sh
source "$HERE/lab.sh"
ASSERT="/usr/bin/python3 $HERE/report_assert.py"

lab_require() {
	if [ "${ZLH_SKIP_LABS:-}" = 1 ]; then
		echo "lab: ZLH_SKIP_LABS=1: skipped (not run, not passed)" >&2
		exit 77
	fi
	if ! lab_init || ! lab_up; then
		echo "lab: cannot build network namespaces (needs root; set ZLH_SKIP_LABS=1 to skip the labs): FAILED" >&2
		exit 1
	fi
	cd "$LAB_DIR"
}

# scan NAME ARGS...: runs a scan into $LAB_DIR/NAME, keeps stdout/stderr and
# the exit code in $LAB_DIR/NAME.{out,err,rc}. Whatever its verdict, its
# report must hold exactly the plan of its policy and role
# (tests/plan_check.py): that alone fails the test.
scan() {
	local name=$1 rc=0 policy="" root="" a prev=""
	shift
	"$ZA" scan --out "$LAB_DIR/$name" "$@" >"$LAB_DIR/$name.out" 2>"$LAB_DIR/$name.err" || rc=$?
	echo "$rc" >"$LAB_DIR/$name.rc"
	echo "--- scan $name: exit $rc"
	cat "$LAB_DIR/$name.out" "$LAB_DIR/$name.err"
	for a in "$@"; do
		[ "$prev" = --policy ] && policy=$a
		[ "$a" = --root ] && root=--root
		prev=$a
	done
	if [ -n "$policy" ] && [ -f "$LAB_DIR/$name/report.json" ]; then
		/usr/bin/python3 "$HERE/../plan_check.py" "$ZA" "$policy" "$LAB_DIR/$name/report.json" $root
	fi
}

expect_rc() { # NAME CODE
	local got
	got=$(cat "$LAB_DIR/$1.rc")
	if [ "$got" != "$2" ]; then
		echo "FAILED: scan $1 exited $got, expected $2"
		return 1
	fi
	echo "ok: scan $1 exited $2"
}
