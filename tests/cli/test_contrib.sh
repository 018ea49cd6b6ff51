#!/usr/bin/env bash
# contrib/: the systemd service and timer pass `systemd-analyze verify` with
# no warning; the GitLab and GitHub CI jobs are valid YAML with the shape
# each system expects (artifacts kept always, JUnit where the scan writes
# it); every zlh-audit option they use is one `zlh-audit scan --help` names;
# the example alert rules are checked in test_formats.sh.
source "$(dirname "$0")/lib.sh" "$@"

if command -v systemd-analyze >/dev/null; then
	sed "s|/usr/local/bin/zlh-audit|$ZA|" "$ROOT/contrib/systemd/zlh-audit.service" >"$T/zlh-audit.service"
	cp "$ROOT/contrib/systemd/zlh-audit.timer" "$T/"
	out=$(systemd-analyze verify "$T/zlh-audit.service" "$T/zlh-audit.timer" 2>&1)
	[ -z "$out" ] && ok "systemd-analyze verify: service and timer, no warnings" || bad "systemd: $out"
	grep -q '^LoadCredential=discovery.token:' "$ROOT/contrib/systemd/zlh-audit.service" &&
		ok "the service takes the token through LoadCredential=" || bad "no LoadCredential="
else
	bad "systemd-analyze is missing (scripts/deps.sh installs systemd)"
fi

/usr/bin/python3 - "$ROOT/contrib/ci/gitlab-ci.yml" "$ROOT/contrib/ci/github-actions.yml" >"$T/cmds" <<'PY' && ok "CI files parse and have the expected shape" || bad "CI files: $(cat "$T/cmds")"
import sys, yaml
gl = yaml.safe_load(open(sys.argv[1]))
job = gl["zlh-audit-launch-gate"]
assert isinstance(job["script"], list) and job["artifacts"]["when"] == "always", job
assert job["artifacts"]["reports"]["junit"] == "reports/junit.xml", job
gh = yaml.safe_load(open(sys.argv[2]))
steps = gh["jobs"]["launch-gate"]["steps"]
assert gh["jobs"]["launch-gate"]["runs-on"]
up = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
assert up and up[0]["if"] == "always()" and up[0]["with"]["path"] == "reports/", steps
# sharded: N parallel scans, each its own shard, and a merge job that needs them all
sh = gl["zlh-audit-shard"]
assert sh["parallel"] >= 2 and "--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"" in sh["script"][0], sh
mg = gl["zlh-audit-sharded-gate"]
assert mg["needs"] == ["zlh-audit-shard"] and "zlh-audit merge shards/*/report.json" in mg["script"][0], mg
assert mg["artifacts"]["when"] == "always" and mg["artifacts"]["reports"]["junit"] == "reports/junit.xml", mg
mx = gh["jobs"]["shard"]
n = len(mx["strategy"]["matrix"]["shard"])
assert n >= 2 and any('--shard "${{ matrix.shard }}/%d"' % n in s.get("run", "") for s in mx["steps"]), mx
gm = gh["jobs"]["sharded-gate"]
assert gm["needs"] == "shard" and gm["if"] == "always()", gm
assert any("zlh-audit merge shards/*/report.json" in s.get("run", "") for s in gm["steps"]), gm
runs = job["script"] + sh["script"] + mg["script"]
for j in gh["jobs"].values():
    runs += [s["run"] for s in j["steps"] if "run" in s]
for cmd in runs:
    if "zlh-audit" in cmd:
        print(cmd.replace("\n", " "))
PY
grep -q 'junit' "$T/cmds" && ok "the CI jobs ask for the junit format they publish" || bad "junit format missing"
# every option a CI command uses is one its subcommand's --help names
while read -r cmd; do
	sub=$(grep -o 'zlh-audit [a-z]*' <<<"$cmd" | head -1 | cut -d' ' -f2)
	help=$("$ZA" "$sub" --help)
	for opt in $(grep -o -- '--[a-z-]*' <<<"$cmd" | sort -u); do
		grep -q -- "$opt" <<<"$help" && ok "CI uses $sub $opt, which $sub --help names" ||
			bad "CI uses $opt, unknown to $sub"
	done
done <"$T/cmds"
help=$("$ZA" scan --help)
sopts=$(grep -o -- '--[a-z-]*' "$ROOT/contrib/systemd/zlh-audit.service" | sort -u)
for opt in $sopts; do
	grep -q -- "$opt" <<<"$help" && ok "the service uses $opt, which scan --help names" || bad "service: $opt"
done
finish
