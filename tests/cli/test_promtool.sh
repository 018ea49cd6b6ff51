#!/usr/bin/env bash
# The metrics format (a Prometheus textfile) and the example alert rules, as
# promtool (from Debian's prometheus package) checks them. Without promtool
# the test says so and exits 77: ctest reports it as skipped, never as passed.
source "$(dirname "$0")/lib.sh" "$@"
if ! command -v promtool >/dev/null; then
	echo "skipped: promtool is not installed (Debian package prometheus)"
	exit 77
fi
for r in report-formats report-hostile; do
	"$ZA" report --format metrics "$ROOT/tests/cli/$r.json" -o "$r.prom"
	promtool check metrics <"$r.prom" >promtool.out 2>&1 && ok "promtool accepts $r.prom" ||
		bad "promtool: $(cat promtool.out)"
done
promtool check rules "$ROOT/contrib/prometheus/zlh-audit.rules.yml" >rules.out 2>&1 &&
	ok "promtool accepts the example alert rules" || bad "alert rules: $(cat rules.out)"
finish
