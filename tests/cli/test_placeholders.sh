#!/usr/bin/env bash
# Placeholders and redactions are not secrets (policies/secrets.json,
# "placeholders"): every placeholder form beside every rule's context gives
# no finding, while the same contexts with random-looking values are all
# found (a scanner that finds nothing fails the second half). A glsa_ token
# whose CRC32 fails is an info note, never a finding. The placeholder
# examples of the data are run by `secrets scan` at load (ss_selftest), and a
# broken example is an error naming it.
source "$(dirname "$0")/lib.sh" "$@"
CORPUS=$ROOT/tests/secrets/placeholder_corpus.py

/usr/bin/python3 "$CORPUS" fp >fp.log
/usr/bin/python3 "$CORPUS" tp >tp.log
run 0 fp secrets scan --out fp fp.log
/usr/bin/python3 - fp/report.json fp.log <<'PY' && ok "placeholder corpus: 0 findings" || bad "placeholder corpus has findings"
import json, sys
d = json.load(open(sys.argv[1])); lines = open(sys.argv[2]).read().split("\n")
f = d["findings"]
for x in f[:20]:
    print("  finding:", x["rule"], "line", x["location"]["line"], repr(lines[x["location"]["line"] - 1][:60]))
assert len(lines) > 1000, len(lines)
assert not f, len(f)
ev = [e["detail"] for c in d["checks"] for e in c.get("evidence", [])]
assert any("not a leak: bad checksum" in e for e in ev), ev  # the glsa_ note is there, as info
PY

run 1 tp secrets scan --out tp tp.log
/usr/bin/python3 - tp/report.json tp.log <<'PY' && ok "real-looking values in the same contexts: every line found" || bad "true positives missed"
import json, sys
d = json.load(open(sys.argv[1])); lines = open(sys.argv[2]).read().rstrip("\n").split("\n")
got = {x["location"]["line"] for x in d["findings"]}
miss = [i + 1 for i in range(len(lines)) if i + 1 not in got]
for i in miss:
    print("  missed line", i, repr(lines[i - 1][:40]))
assert not miss
assert all(x["location"]["column"] >= 1 for x in d["findings"])
PY
for f in fp tp; do
	if grep -qE '[0-9a-f]{32}' "$f.out" "$f.err" "$f/report.json" "$f/report.html"; then
		bad "$f: a value appears in the output"
	else
		ok "$f: no value in the output"
	fi
done

# a broken placeholder example is an error naming the file and the example
/usr/bin/python3 - "$ROOT/policies/secrets.json" <<'PY' >bad-rules.json
import json, sys
d = json.load(open(sys.argv[1]))
d["placeholders"]["examples"]["secret"].append("[REDACTED]")
print(json.dumps(d))
PY
run 2 badrules secrets scan --rules bad-rules.json --out x fp.log
grep -q 'bad-rules.json: placeholders.examples.secret\[' badrules.err && ok "broken example named" ||
	bad "broken example not named: $(cat badrules.err)"
finish
