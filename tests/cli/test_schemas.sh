#!/usr/bin/env bash
# JUnit XML against the junit.xsd Jenkins' xUnit plugin uses and SARIF against
# the SARIF 2.1.0 schema (both in ../shared/schemas), for every fixed report
# and for `secrets scan` findings. Where the schemas (or python3-jsonschema)
# are absent the test says so and exits 77: ctest reports it as skipped,
# never as passed.
source "$(dirname "$0")/lib.sh" "$@"
if [ ! -f "$SCHEMAS/junit.xsd" ] || [ ! -f "$SCHEMAS/sarif-schema-2.1.0.json" ]; then
	echo "skipped: the schemas are not in $SCHEMAS"
	exit 77
fi
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	echo "skipped: python3-jsonschema is not installed"
	exit 77
fi
sarif_valid() {
	/usr/bin/python3 - "$1" "$SCHEMAS/sarif-schema-2.1.0.json" >sarif.out 2>&1 <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
PY
}
for r in report-formats report-hostile; do
	"$ZA" report --format junit "$ROOT/tests/cli/$r.json" -o "$r.junit.xml"
	"$ZA" report --format sarif "$ROOT/tests/cli/$r.json" -o "$r.sarif"
	xmllint --noout --schema "$SCHEMAS/junit.xsd" "$r.junit.xml" 2>xmllint.out &&
		ok "$r.junit.xml is valid against junit.xsd" || bad "junit.xsd: $(head -5 xmllint.out)"
	sarif_valid "$r.sarif" && ok "$r.sarif is valid SARIF 2.1.0" || bad "$r.sarif: $(tail -5 sarif.out)"
done
mkdir -p logs
printf 'api GET /targets?access_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0 200\n' >logs/api.log
"$ZA" secrets scan --out sec --format sarif,junit logs >/dev/null 2>&1
sarif_valid sec/report.sarif && ok "secrets scan SARIF is valid SARIF 2.1.0" || bad "secrets SARIF: $(tail -5 sarif.out)"
xmllint --noout --schema "$SCHEMAS/junit.xsd" sec/junit.xml 2>xmllint.out && ok "secrets scan JUnit is valid" ||
	bad "secrets junit: $(head -5 xmllint.out)"
finish
