#!/usr/bin/python3
"""report_assert.py REPORT.json ASSERTION... - assertions on a zlh-audit JSON report.

  verdict=VALUE                 the run's verdict
  summary.KEY=N                 a summary count (pass, fail, error, skipped, waived, total)
  count=N                       number of results in checks[]
  count:PREFIX=N                number of results whose check id starts with PREFIX
  ID@TARGET=STATUS              status of the result for (check id, target)
  ID@TARGET.severity=SEV        its severity
  ID@TARGET.message~TEXT        its message contains TEXT
  ID@TARGET.evidence~TEXT       one of its evidence details contains TEXT
  ID@TARGET.evidence!~TEXT      none of its evidence details contains TEXT
  vantage.KEY=VALUE             a vantage field (role, kind, name)
  run.PATH=VALUE                a run field, PATH dotted into objects (run.connect_timeouts.floor_ms=100)

Prints one line per assertion and "N passed, N failed"; exits 1 on any failure.
"""
import json
import re
import sys


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    results = {}
    for c in doc.get("checks", []):
        results.setdefault((c["id"], c["target"]), c)
    ok = bad = 0
    for a in sys.argv[2:]:
        got = None
        passed = False
        m = re.match(r"^([a-z0-9.-]+)@(.+?)(?:\.(severity|message|evidence))?(=|~|!~)(.*)$", a)
        if a.startswith("verdict="):
            got = doc.get("verdict")
            passed = got == a.split("=", 1)[1]
        elif a.startswith("summary."):
            k, v = a[len("summary."):].split("=", 1)
            got = doc.get("summary", {}).get(k)
            passed = str(got) == v
        elif a.startswith("count="):
            got = len(doc.get("checks", []))
            passed = str(got) == a.split("=", 1)[1]
        elif a.startswith("count:"):
            prefix, v = a[len("count:"):].split("=", 1)
            got = sum(1 for c in doc.get("checks", []) if c.get("id", "").startswith(prefix))
            passed = str(got) == v
        elif a.startswith("run."):
            k, v = a[len("run."):].split("=", 1)
            got = doc.get("run", {})
            for part in k.split("."):
                got = got.get(part) if isinstance(got, dict) else None
            passed = str(got) == v
        elif a.startswith("vantage."):
            k, v = a[len("vantage."):].split("=", 1)
            got = doc.get("vantage", {}).get(k)
            passed = str(got) == v
        elif m:
            cid, target, field, op, want = m.groups()
            r = results.get((cid, target))
            if r is None:
                got = "no such result; have: " + ", ".join("%s@%s" % k for k in sorted(results))
            elif field is None and op == "=":
                got = r["status"]
                passed = got == want
            elif field == "severity" and op == "=":
                got = r["severity"]
                passed = got == want
            elif field == "message" and op == "~":
                got = r["message"]
                passed = want in got
            elif field == "evidence":
                got = [e["detail"] for e in r.get("evidence", [])]
                has = any(want in d for d in got)
                passed = has if op == "~" else not has
            else:
                got = "unsupported assertion"
        else:
            got = "unparsable assertion"
        if passed:
            ok += 1
            print("ok: " + a)
        else:
            bad += 1
            print("FAILED: %s (got %r)" % (a, got))
    print("%d passed, %d failed" % (ok, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
