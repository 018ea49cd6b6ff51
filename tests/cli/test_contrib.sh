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
for cmd in job["script"] + [s["run"] for s in steps if "run" in s]:
    if "zlh-audit" in cmd:
        print(cmd.replace("\n", " "))
PY
grep -q 'junit' "$T/cmds" && ok "the CI jobs ask for the junit format they publish" || bad "junit format missing"
help=$("$ZA" scan --help)
for opt in $(grep -o -- '--[a-z-]*' "$T/cmds" | sort -u); do
	grep -q -- "$opt" <<<"$help" && ok "CI uses $opt, which scan --help names" || bad "CI uses $opt, unknown to scan"
done
sopts=$(grep -o -- '--[a-z-]*' "$ROOT/contrib/systemd/zlh-audit.service" | sort -u)
for opt in $sopts; do
	grep -q -- "$opt" <<<"$help" && ok "the service uses $opt, which scan --help names" || bad "service: $opt"
done
finish
