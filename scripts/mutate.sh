#!/usr/bin/env bash
# mutate.sh [NAME...] - mutation testing of the decisive lines: each mutant
# below flips one decision (a status, the verdict, a validator) in a scratch
# copy of the tree; the tests that cover it must then fail ("killed"). A
# mutant that survives is a decision no test pins down. Prints one line per
# mutant and "mutants: N killed, N survived" last; exits 1 if any survived.
# Needs what scripts/test.sh needs (root for the labs); ~1 min per 10 mutants
# after one build.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/zlh-mutate.XXXXXX")
trap 'rm -rf "$W"' EXIT
# name @@ file @@ original text (unique) @@ mutation @@ ctest -R regex @@ environment
# (fields split at " @@ "; the texts keep their leading tabs)
MUTANTS=$(
	cat <<'M'
labels-secrets-one @@ probes/labels.c @@ 	if (lc.n) @@ 	if (lc.n > 1) @@ cli.test_hostile_json @@
exposure-no-http-answer @@ engines/http.c @@ return o == HTTP_ANSWERED || o == HTTP_NOT_HTTP || @@ return o == HTTP_ANSWERED || @@ labs.test_hostile @@
verdict-gate @@ scanner/verdict.c @@ if (sev >= gate && !in[i].known) @@ if (sev > gate && !in[i].known) @@ unit.test_verdict @@
verdict-error-passes @@ scanner/verdict.c @@ 			errored = 1; @@ 			errored = 0; @@ unit.test_verdict @@
refusal-with-targets @@ probes/discovery.c @@ 	if (refusal(st) && carries) { @@ 	if (0 && refusal(st) && carries) { @@ labs.test_discovery$ @@
token-mode-write @@ scanner/secret.c @@ 	if (mode & 0006) { @@ 	if (mode & 0004) { @@ cli.test_token_modes @@
placeholder-symbol @@ engines/placeholder.c @@ return c && strchr("_-. *[]()<>", c) != NULL; @@ return c && strchr("_-. *[]()<>!", c) != NULL; @@ cli.test_placeholders @@
secret-home @@ engines/secretscan.c @@ 		if (s->home) @@ 		if (0) @@ cli.test_secrets @@
backup-names @@ probes/host_walk.c @@ if (n > k && strncmp(name + n - k, backups[i], k) == 0) { @@ if (n > k + 1000 && strncmp(name + n - k, backups[i], k) == 0) { @@ cli.test_host @@
plan-host @@ scanner/plan.c @@ 	case N_HOST: return role == ZA_ROLE_HOST; @@ 	case N_HOST: return 0; @@ cli.test_host @@
filesd-fresh @@ probes/filesd.c @@ 			if (age > fs->max_age_s) @@ 			if (age > fs->max_age_s * 100) @@ labs.test_faults @@ FAULTS=file-sd-stale
token-world-readable @@ probes/host_token.c @@ 	if (!f->known_secret) @@ 	if (1) @@ cli.test_host @@
nothing-checked @@ probes/scan.c @@ 		if (!decided) { @@ 		if (0) { @@ labs.test_listeners @@
run-deadline @@ engines/http.c @@ 	q.timeout_ms = left; @@ 	q.timeout_ms = req->timeout_ms; @@ labs.test_hostile @@
nul-escape @@ scanner/jsonv.c @@ memcpy(f->copy + at + 2, "FFFD", 4); @@ memcpy(f->copy + at + 2, "0000", 4); @@ cli.test_hostile_json @@
alloy-listen @@ probes/host_alloy.c @@ 		else if (!http_addr_is_loopback(addr)) @@ 		else if (0) @@ cli.test_host @@
not-found-refusal @@ probes/discovery.c @@ 	if (acc && acc->status == ZA_PASS) @@ 	if (acc || !acc) @@ labs.test_faults @@ FAULTS=wrong-discovery-path
grafana-unseen @@ probes/host_grafana.c @@ 	if (!bad && unseen) @@ 	if (0) @@ cli.test_host @@
unit-cut @@ probes/host_units.c @@ 			else if (u->cut) @@ 			else if (0) @@ cli.test_host @@
leak-window @@ engines/leakscan.c @@ 	if (column <= w->first_col || (w->last_col && column > w->last_col)) @@ 	if (0) @@ unit.test_leakscan @@
readiness-no-alertmanager @@ probes/readiness.c @@ 		else if (!active) @@ 		else if (0) @@ labs.test_readiness @@
readiness-sync-age @@ probes/readiness.c @@ 		else if (v.max > (double)rd->sync_max_age_s) @@ 		else if (0) @@ labs.test_readiness @@
readiness-can-fire @@ probes/readiness.c @@ 		if (!series) { @@ 		if (0) { @@ labs.test_readiness @@
readiness-by-labels @@ probes/readiness.c @@ 		if (pa->nby && !labelled) { @@ 		if (0) { @@ labs.test_readiness @@
deleted-targets @@ probes/readiness.c @@ 			if (listed) @@ 			if (1) @@ labs.test_readiness @@
grafana-visible @@ probes/readiness_grafana.c @@ 		if (missing) @@ 		if (0) @@ labs.test_readiness @@
grafana-health @@ probes/readiness_grafana.c @@ 	} else if (!ok) { @@ 	} else if (0) { @@ labs.test_readiness @@
logs-no-stream @@ probes/readiness_logs.c @@ 		else if (!series) @@ 		else if (0) @@ labs.test_readiness @@
promql-agg-drops @@ engines/promql.c @@ 	} else if (!grouped || without == has) { @@ 	} else if (0) { @@ unit.test_promql @@
promql-on-keeps @@ engines/promql.c @@ 		} else if ((on && !in_on) || (ignoring && in_on)) { @@ 		} else if (0) { @@ unit.test_promql @@
secrets-chunk-owner @@ engines/secretscan.c @@ 	if (s->own_to && (at < s->own_from || at >= s->own_to)) @@ 	if (0) @@ unit.test_secrets @@
rtt-estimate @@ engines/rtt.c @@ 	return ms < floor_ms ? floor_ms : ms; @@ 	return floor_ms; @@ labs.test_slow_link @@
exposure-retry @@ probes/exposure.c @@ 		if (e->limit_ms >= rtt_ceiling(rtt) && now <= e->limit_ms) @@ 		if (1) @@ labs.test_exposure_compliant @@
retry-ceiling @@ probes/exposure.c @@ 		e->min_ms = rtt_ceiling(rtt); @@ 		e->min_ms = 0; @@ labs.test_slow_link @@
M
)
want=" $* "
echo "mutate: copying the tree and building it once in $W"
(cd "$ROOT" && git ls-files -z | xargs -0 -I{} cp --parents {} "$W/") || exit 2
cmake -S "$W" -B "$W/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$W/build" -j"$(nproc)" >/dev/null ||
	{ echo "mutate: the unmutated tree does not build" >&2; exit 2; }
# fields ROW: name file orig mut tests envs (split at " @@ "; the texts keep their tabs)
fields() {
	local r=${1% @@}
	r=${r% @@ }
	IFS=$'\x1f' read -r name file orig mut tests envs <<<"${r// @@ /$'\x1f'}"
	envs=${envs:-}
}
killed=0
survived=0
# the tests must pass on the unmutated tree first: a mutant is killed by what
# it changed, never by a test that fails anyway (no root, a flaky lab)
echo "mutate: the selected tests on the unmutated tree"
while IFS= read -r row; do
	[ -n "$row" ] || continue
	fields "$row"
	[ $# -eq 0 ] || [[ $want == *" $name "* ]] || continue
	if ! (cd "$W/build" && env $envs ctest -R "$tests" >"$W/base.log" 2>&1); then
		echo "mutate: $tests fails without any mutation (${envs:-no environment}): fix that first"
		tail -20 "$W/base.log"
		exit 2
	fi
done <<<"$MUTANTS"
while IFS= read -r row; do
	[ -n "$row" ] || continue
	fields "$row"
	[ $# -eq 0 ] || [[ $want == *" $name "* ]] || continue
	cp "$ROOT/$file" "$W/$file"
	if ! /usr/bin/python3 - "$W/$file" "$orig" "$mut" <<'PY'; then
import sys
p, orig, mut = sys.argv[1:4]
s = open(p).read()
if s.count(orig) != 1:
    sys.exit("the original text occurs %d times" % s.count(orig))
open(p, "w").write(s.replace(orig, mut))
PY
		echo "mutant $name: cannot apply to $file (the line changed?): FAILED"
		survived=$((survived + 1))
		continue
	fi
	if ! cmake --build "$W/build" -j"$(nproc)" >"$W/build.log" 2>&1; then
		echo "mutant $name: does not compile: a broken mutant, not a kill: FAILED"
		survived=$((survived + 1))
	elif (cd "$W/build" && env $envs ctest -R "$tests" >"$W/test.log" 2>&1); then
		echo "mutant $name ($file): SURVIVED $tests"
		survived=$((survived + 1))
	else
		echo "mutant $name ($file): killed by $tests"
		killed=$((killed + 1))
	fi
	cp "$ROOT/$file" "$W/$file"
done <<<"$MUTANTS"
cmake --build "$W/build" -j"$(nproc)" >/dev/null 2>&1
echo "mutants: $killed killed, $survived survived"
[ "$survived" = 0 ]
