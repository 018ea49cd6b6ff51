#!/usr/bin/env bash
# The Markdown, Prometheus-textfile, JUnit and SARIF formats: golden files rendered from
# fixed reports (tests/cli/report-formats.json holds every status, 12
# failures so the rest fold, pipes, backticks, HTML, newlines, quotes,
# backslashes and invalid UTF-8; report-hostile.json the HTML-injection
# evidence); the validation against the JUnit and SARIF schemas and promtool's
# checks are tests/cli/test_schemas.sh and test_promtool.sh (skipped, visibly,
# where their tools or schemas are absent); leaked-secret findings in SARIF
# from `secrets scan`, and `scan --format` writing both next to report.json.
source "$(dirname "$0")/lib.sh" "$@"

sarif_shape() { # FILE: the SARIF's shape (tests/cli/test_schemas.sh validates against the schema)
	/usr/bin/python3 - "$1" >"$T/sarif.out" 2>&1 <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == "2.1.0" and doc["runs"][0]["tool"]["driver"]["name"] == "zlh-audit"
PY
}
for r in report-formats report-hostile; do
	for f in json:json html:html md:md metrics:prom junit:junit.xml sarif:sarif; do
		fmt=${f%%:*} ext=${f##*:}
		if "$ZA" report --format "$fmt" "$ROOT/tests/cli/$r.json" -o "$T/$r.$ext" 2>"$T/err" &&
			diff -u "$ROOT/tests/golden/$r.$ext" "$T/$r.$ext"; then
			ok "$r as $fmt matches tests/golden/$r.$ext"
		else
			bad "$r as $fmt differs from tests/golden/$r.$ext $(cat "$T/err")"
		fi
	done
	xmllint --noout "$T/$r.junit.xml" && ok "$r.junit.xml is well-formed XML" || bad "$r.junit.xml is not well-formed XML"
	sarif_shape "$T/$r.sarif" && ok "$r.sarif has the SARIF 2.1.0 shape" || bad "$r.sarif: $(cat "$T/sarif.out")"
done
# nothing from the data reaches the Markdown as HTML or as table structure
md=$T/report-formats.md
grep -q '<img' "$md" && bad "raw HTML in the Markdown" || ok "HTML in data is shown as text"
awk -F'|' '/^\| (critical|high|medium|low|info) \|/ { n = 0; for (i = 1; i <= length($0); i++) if (substr($0, i, 1) == "|" && substr($0, i - 1, 1) != "\\") n++; if (n != 6) exit 1 }' "$md" &&
	ok "every table row keeps its 5 cells" || bad "a pipe in the data broke a table row"
grep -q '^<details><summary>2 more failures</summary>' "$md" && ok "failures beyond the top 10 are folded" ||
	bad "folding"
x=$T/report-formats.junit.xml
[ "$(grep -c '<testcase ' "$x")" = 17 ] && [ "$(grep -o '<testcase name="[^"]*"' "$x" | sort | uniq -d | wc -l)" = 0 ] &&
	grep -q '@ci-external #2"' "$x" && ok "JUnit: one testcase per result, names unique (a repeat gets #2)" || bad "JUnit names"
grep -q 'time="1.235"' "$x" && ! grep -Eq 'time="[0-9]+\.[0-9]{4,}"' "$x" && ok "JUnit times have at most 3 decimals" ||
	bad "JUnit time format"
[ "$(grep -c '<failure ' "$x")" = 12 ] && [ "$(grep -c '<error ' "$x")" = 1 ] && [ "$(grep -c '<skipped ' "$x")" = 2 ] &&
	ok "JUnit: fail -> failure, error -> error, skipped and waived -> skipped" || bad "JUnit statuses"

# SARIF of leaked-secret findings: file locations with line and column, fingerprints, no values
mkdir -p "$T/logs"
printf 'api GET /targets?access_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0 200\nsync http://admin:S3cr3tPassw0rd@prom.internal:9090/x\n' \
	>"$T/logs/api one.log"
(cd "$T" && "$ZA" secrets scan --out sec --format json,sarif logs >/dev/null 2>&1)
sarif_shape "$T/sec/report.sarif" && ok "secrets scan --format sarif has the SARIF shape" || bad "secrets SARIF: $(cat "$T/sarif.out")"
/usr/bin/python3 - "$T/sec/report.sarif" <<'PY' && ok "findings sit in their file, line and column, with a secret fingerprint" || bad "SARIF findings"
import json, sys
d = json.load(open(sys.argv[1]))
res = [r for r in d["runs"][0]["results"] if "zlhAuditSecret/v1" in r["partialFingerprints"]]
assert len(res) == 2, res
locs = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in res)
assert locs == [("logs/api%20one.log", 1), ("logs/api%20one.log", 2)], locs
rules = d["runs"][0]["tool"]["driver"]["rules"]
assert all("security-severity" in r["properties"] for r in rules), rules
PY
grep -q 'S3cr3tPassw0rd\|9f8e7d6c5b4a39281706f5e4d3c2b1a0' "$T/sec/report.sarif" && bad "a secret value reached the SARIF" ||
	ok "no secret value in the SARIF"

# scan --format writes the new formats next to the JSON
mkdir -p "$T/root/etc"
cat >"$T/p.json" <<JSON
{"name": "formats", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "image", "role": "host"}]}
JSON
"$ZA" scan --policy "$T/p.json" --root "$T/root" --out "$T/out" --format json,md,metrics --quiet >/dev/null 2>&1
[ -s "$T/out/report.json" ] && [ -s "$T/out/report.md" ] && [ -s "$T/out/zlh_audit.prom" ] &&
	ok "scan --format json,md,metrics writes report.md and zlh_audit.prom" || bad "scan --format md,metrics"
finish
