#!/usr/bin/env bash
# test.sh - the whole test suite, as root on Debian 12: installs what it
# needs, builds normally and with AddressSanitizer + UndefinedBehaviorSanitizer,
# and runs every ctest test (unit, fuzz-corpus, CLI, style and the network
# namespace labs with the real Debian services) under both builds.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

bash scripts/deps.sh --test
jobs=$(nproc)

status=0
for variant in normal asan; do
	dir=build
	opts=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
	if [ $variant = asan ]; then
		dir=build-asan
		opts=(-DCMAKE_BUILD_TYPE=Debug -DZA_SANITIZE=ON)
	fi
	echo "== $variant build ($dir)"
	cmake -S . -B "$dir" "${opts[@]}" >/dev/null
	cmake --build "$dir" -j"$jobs" >/dev/null
	echo "== $variant tests"
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	if ! (cd "$dir" && ctest --output-on-failure -j"$jobs"); then
		status=1
	fi
done
exit $status
