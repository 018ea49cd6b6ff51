#!/usr/bin/env bash
# check-format.sh [CLANG_FORMAT] - fails (and shows the diff) when a C file
# is not formatted as .clang-format says. Fix with: scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
cf=clang-format
fix=0
for a in "$@"; do
	case $a in
	--fix) fix=1 ;;
	*) cf=$a ;;
	esac
done
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null || find cli probes engines scanner reports tests -name '*.[ch]')
[ ${#files[@]} -gt 0 ] || { echo "check-format: no C files found" >&2; exit 1; }
if [ $fix = 1 ]; then
	"$cf" -i "${files[@]}"
	exit 0
fi
bad=0
for f in "${files[@]}"; do
	if ! diff -u "$f" <("$cf" "$f") >/tmp/zlh-format.$$ 2>&1; then
		echo "check-format: $f is not formatted (scripts/check-format.sh --fix):"
		head -40 /tmp/zlh-format.$$
		bad=1
	fi
done
rm -f /tmp/zlh-format.$$
[ $bad = 0 ] && echo "check-format: ${#files[@]} files, 1 passed, 0 failed" || { echo "check-format: 0 passed, 1 failed"; exit 1; }
