#!/usr/bin/env python3
"""layout_check.py SOURCE_DIR - the layout rules of docs/architecture.md.

1. Imports run one way: cli -> probes -> engines -> scanner, and
   reports -> scanner. A file includes headers of its own layer or of the
   layers its own may see, nothing else (CMake enforces the same through
   include directories; this names the offending line).
2. No include circle between modules (a module is a .c/.h pair).
3. One family namespace: every check of scanner/checks.def names a family,
   and every file under probes/ that names the check's enum entry (CK_*) is
   probes/<family>.c or probes/<family>_<part>.c; at least one does. The
   run table (probes/family.c) names catalogue families only, each with its
   file. Nothing in cli/, engines/ or reports/ names a check: deciding is
   the probes' job; scanner/ names them only as data (catalogue, plan,
   policy).
Prints one line per violation and exits 1 if there was any.
"""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
LAYERS = {
    "cli": {"cli", "probes", "engines", "reports", "scanner"},
    "probes": {"probes", "engines", "scanner"},
    "engines": {"engines", "scanner"},
    "reports": {"reports", "scanner"},
    "scanner": {"scanner"},
}
SCANNER_NAMES_CHECKS = {"checks.def", "clauses.def", "checks.c", "checks.h", "plan.c", "policy.c", "policy.h", "policy_parse.c"}

bad = []
files = {}  # "dir/name" -> text
where = {}  # header name -> dir
for d in LAYERS:
    for name in sorted(os.listdir(os.path.join(ROOT, d))):
        if name.endswith((".c", ".h", ".def")):
            with open(os.path.join(ROOT, d, name), encoding="utf-8") as f:
                files[d + "/" + name] = f.read()
            if name in where:
                bad.append(f"{d}/{name}: the name is taken by {where[name]}/{name} (include paths are flat)")
            where[name] = d

# 1 and 2: the include graph
INC = re.compile(r'^#include "([^"]+)"', re.M)
edges = {}
for path, text in files.items():
    d, name = path.split("/")
    mod = d + "/" + os.path.splitext(name)[0]
    for m in INC.finditer(text):
        h = m.group(1)
        if h not in where:
            continue
        line = text.count("\n", 0, m.start()) + 1
        if where[h] not in LAYERS[d]:
            bad.append(f"{path}:{line}: includes {where[h]}/{h}: {d} may include only {', '.join(sorted(LAYERS[d]))}")
        dep = where[h] + "/" + os.path.splitext(h)[0]
        if dep != mod:
            edges.setdefault(mod, set()).add(dep)

state = {}
stack = []


def visit(m):
    state[m] = 1
    stack.append(m)
    for n in sorted(edges.get(m, ())):
        if state.get(n) == 1:
            bad.append("include circle: " + " -> ".join(stack[stack.index(n):] + [n]))
        elif n not in state:
            visit(n)
    stack.pop()
    state[m] = 2


for m in sorted(edges):
    if m not in state:
        visit(m)

# 3: the family namespace
ROW = re.compile(r'^CHECK\((CK_\w+), "([a-z0-9.-]+)", "([a-z_]+)", (NULL|"[a-z_]+"),', re.M)
rows = ROW.findall(files["scanner/checks.def"])
if not rows:
    bad.append("scanner/checks.def: no CHECK rows found")
families = {r[2] for r in rows}
for fam in sorted(families):
    if "probes/" + fam + ".c" not in files:
        bad.append(f"scanner/checks.def: family '{fam}' has no probes/{fam}.c")
for enum, cid, fam, service in rows:
    pat = re.compile(r"\b" + enum + r"\b")
    users = [p for p, t in files.items() if pat.search(t)]
    deciders = [p for p in users if p.startswith("probes/")]
    # a family that decides by the catalogue's service column (exposure.*)
    # looks its checks up with checks_for_service() instead of naming them
    by_service = service != "NULL" and "checks_for_service(" in files.get("probes/" + fam + ".c", "")
    if not deciders and not by_service:
        bad.append(f"{cid}: no file under probes/ names {enum} (family '{fam}')")
    for p in deciders:
        base = os.path.splitext(p.split("/")[1])[0]
        if base != fam and not base.startswith(fam + "_"):
            bad.append(f"{p}: names {enum}, but {cid} is of family '{fam}' (decide it in probes/{fam}*.c)")
    for p in users:
        d, name = p.split("/")
        if d in ("cli", "engines", "reports") or (d == "scanner" and name not in SCANNER_NAMES_CHECKS):
            bad.append(f"{p}: names {enum}: only probes/ decide checks")
table = re.search(r"families\[\] = \{(.*?)\};", files["probes/family.c"], re.S)
run_names = re.findall(r'\{"([a-z_]+)",', table.group(1)) if table else []
if not run_names:
    bad.append("probes/family.c: no run table found")
for n in run_names:
    if n not in families:
        bad.append(f"probes/family.c: runs family '{n}', which the catalogue does not name")

for b in bad:
    print("layout: " + b)
print(f"layout: {len(files)} files, {len(rows)} checks in {len(families)} families, "
      f"{len(run_names)} run on their own: {'ok' if not bad else str(len(bad)) + ' violation(s)'}")
sys.exit(1 if bad else 0)
