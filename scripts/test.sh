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

# The fuzz build (clang, libFuzzer, ASan+UBSan) must compile, and every
# harness runs a short coverage-guided smoke from its corpus (FUZZ_SECONDS
# each, default 10; new inputs go to a scratch directory, not the repository).
echo "== fuzz build (clang, libFuzzer) and a ${FUZZ_SECONDS:-10} s smoke per harness"
if CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DZA_FUZZ=ON -DZA_SANITIZE=ON >/dev/null &&
	cmake --build build-fuzz -j"$jobs" >/dev/null; then
	scratch=$(mktemp -d)
	fuzz_fail=0
	fuzz_n=0
	for f in build-fuzz/tests/fuzz_*; do
		[ -x "$f" ] || continue
		n=$(basename "$f")
		mkdir -p "$scratch/$n"
		fuzz_n=$((fuzz_n + 1))
		if ! "$f" -max_total_time="${FUZZ_SECONDS:-10}" -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix="$scratch/$n-" "$scratch/$n" "tests/fuzz/corpus/$n" >"$scratch/$n.log" 2>&1; then
			echo "fuzz: $n FAILED (crash or leak); last lines:"
			tail -30 "$scratch/$n.log"
			fuzz_fail=$((fuzz_fail + 1))
		fi
	done
	echo "fuzz: $((fuzz_n - fuzz_fail)) passed, $fuzz_fail failed"
	[ "$fuzz_fail" = 0 ] || status=1
	rm -rf "$scratch"
else
	echo "fuzz: the clang fuzz build does not compile: FAILED"
	status=1
fi

# Mutation testing: each decisive line flipped in a scratch copy must be
# caught by the tests that cover it (scripts/mutate.sh; ~3 minutes).
echo "== mutation testing (scripts/mutate.sh)"
if ! bash scripts/mutate.sh; then
	status=1
fi
[ "$status" = 0 ] && echo "test.sh: 1 passed, 0 failed" || echo "test.sh: 0 passed, 1 failed"
exit $status
