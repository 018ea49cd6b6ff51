#!/usr/bin/python3
"""plan_check.py ZLH_AUDIT POLICY REPORT.json [--root] - the report holds exactly
the check ids `zlh-audit policy check POLICY` plans for its role (and for
--root scans, the offline plan): nothing silently absent, nothing unplanned.
A shard (scan --shard I/N) holds a part of the plan, and records the whole
plan in run.shard.plan for the merge: that must be the plan, and the report's
ids within it. Prints one line and exits 1 on a difference."""
import json
import subprocess
import sys


def plan(za, policy, role, root):
    out = subprocess.run([za, "policy", "check", policy], capture_output=True, text=True, check=True).stdout
    want = "  role %s%s (" % (role, " --root" if root else "")
    for line in out.splitlines():
        if line.startswith(want):
            return set(line.split(":", 1)[1].split())
    raise SystemExit("no plan line for role %s%s in:\n%s" % (role, " --root" if root else "", out))


def main():
    za, policy, report = sys.argv[1:4]
    root = "--root" in sys.argv[4:]
    d = json.load(open(report))
    role = d["vantage"]["role"]
    # scan.nothing-checked marks a scan that decided nothing: not a planned check
    got = {c["id"] for c in d["checks"]} - {"scan.nothing-checked"}
    want = plan(za, policy, role, root)
    # plan_fill adds a result for a planned check nothing decided: the families
    # must decide their own (a missing one is recorded as a scanner bug)
    bugs = sorted(c["id"] for c in d["checks"] if "no probe decided it" in c["message"])
    if bugs:
        print("FAILED: %s (role %s): planned but decided by no probe: %s" % (report, role, bugs))
        return 1
    shard = d["run"].get("shard")
    if shard is not None:
        if set(shard.get("plan", [])) == want and got <= want:
            print("ok: %s: shard %s of %s holds %d of the %d planned check ids for role %s" % (
                report, shard["index"], shard["count"], len(got), len(want), role))
            return 0
        print("FAILED: %s (shard, role %s): not planned: %s; run.shard.plan differs from the plan by %s" % (
            report, role, sorted(got - want), sorted(set(shard.get("plan", [])) ^ want)))
        return 1
    if got == want:
        print("ok: %s: the report's %d check ids are the plan for role %s%s" % (report, len(got), role,
                                                                              " --root" if root else ""))
        return 0
    print("FAILED: %s (role %s%s): in the report, not planned: %s; planned, not in the report: %s" % (
        report, role, " --root" if root else "", sorted(got - want), sorted(want - got)))
    return 1


if __name__ == "__main__":
    sys.exit(main())
