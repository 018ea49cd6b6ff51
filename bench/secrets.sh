#!/usr/bin/env bash
# bench/secrets.sh [SIZE_MB] - leaked-token scanning speed and recall,
# zlh-audit against ripgrep (the same rules as patterns), secretlint (npm; on
# a 100 MB slice: it reads files whole) and `cat > /dev/null` as the floor, in
# one run on the same deterministic logs (bench/gen_logs.py: nginx access,
# JSON API and journal lines with 66 planted secrets of every rule and 33
# decoys). Not a test: it measures and prints.
# Prints MB/s, peak RSS and found/planted (false positives on decoys) per
# tool. Last line: ratio_vs_ripgrep=R, ripgrep's wall time / zlh-audit's.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZE_MB=${1:-1024}
W=$ROOT/bench/out/secrets
mkdir -p "$W"
cd "$ROOT"
bash scripts/deps.sh >/dev/null
for tool in rg:ripgrep /usr/bin/time:time bc:bc node:nodejs npm:npm; do
	command -v "${tool%%:*}" >/dev/null || apt-get install -y -qq "${tool##*:}" >/dev/null
done
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$(nproc)" >/dev/null
ZA=$ROOT/build/zlh-audit

if [ ! -f "$W/zlh.log" ] || [ "$(cat "$W/size" 2>/dev/null)" != "$SIZE_MB" ]; then
	echo "generating $SIZE_MB MB of logs (once; cached in bench/out)..."
	/usr/bin/python3 bench/gen_logs.py "$W" "$SIZE_MB"
	echo "$SIZE_MB" >"$W/size"
fi
LOG=$W/zlh.log
BYTES=$(stat -c %s "$LOG")
head -c $((100 << 20)) "$LOG" >"$W/slice.log"

now() { date +%s.%N; }
mbps() { echo "$BYTES / 1048576 / $1" | bc -l; }
# score FILE_OF_LINE_NUMBERS: "found/planted, N on decoys"
score() {
	/usr/bin/python3 - "$W/manifest.json" "$1" "${2:-0}" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); limit = int(sys.argv[3])
lines = set(int(x) for x in open(sys.argv[2]).read().split())
planted = [l for l, r in m["planted"] if not limit or l <= limit]
decoys = [l for l in m["decoys"] if not limit or l <= limit]
print("%d/%d found, %d on decoys" % (sum(1 for l in planted if l in lines), len(planted), sum(1 for l in decoys if l in lines)))
PY
}

cat "$LOG" >/dev/null # warm the page cache
t0=$(now); cat "$LOG" >/dev/null; t1=$(now)
tcat=$(echo "$t1 - $t0" | bc -l)

# zlh-audit, one thread (one file), best of 3
tz=999
for _ in 1 2 3; do
	t0=$(now)
	/usr/bin/time -f %M -o "$W/za.rss" "$ZA" secrets scan --known-secret-file "$W/known.token" --threads 1 \
		--format json --quiet --out "$W/za" "$LOG" || true
	t1=$(now)
	t=$(echo "$t1 - $t0" | bc -l)
	tz=$(echo "if ($t < $tz) $t else $tz" | bc -l)
done
/usr/bin/python3 -c 'import json,sys; print("\n".join(str(f["location"]["line"]) for f in json.load(open(sys.argv[1]))["findings"]))' \
	"$W/za/report.json" >"$W/za.lines"

# ripgrep with the same rules as patterns (and the known secret), best of 3
known=$(cat "$W/known.token")
cat >"$W/patterns" <<PAT
glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}
glc_eyJ[A-Za-z0-9+/]{32,400}={0,2}
eyJrIjoi[A-Za-z0-9+/]{40,400}={0,2}
eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}
PVEAPIToken[= ][^\s!=@]+@[A-Za-z][A-Za-z0-9._-]+![A-Za-z][A-Za-z0-9._-]+=[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}
(?i)(?:proxy-)?authorization["']?\s*[:=]\s*["']?(bearer|basic|token|pveapitoken)[ =][A-Za-z0-9._~+/=!@%-]{8,}
\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://[^/\s:@"'<>]{1,128}:[^/\s@"'<>]{1,256}@
(?i)[?&](access_token|auth_token|token|api_key|apikey|password|passwd)=[^&\s"'#]{8,}
-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY
(?i)^[ \t]*(password|credentials|bearer_token|client_secret)[ \t]*[:=][ \t]*["']?[^"'\s#,]{4,}
$known
PAT
tr=999
for _ in 1 2 3; do
	t0=$(now)
	/usr/bin/time -f %M -o "$W/rg.rss" rg --no-config -n -f "$W/patterns" "$LOG" >"$W/rg.out" || true
	t1=$(now)
	t=$(echo "$t1 - $t0" | bc -l)
	tr=$(echo "if ($t < $tr) $t else $tr" | bc -l)
done
cut -d: -f1 "$W/rg.out" >"$W/rg.lines"

# secretlint 12 (Node 20), on the first 100 MB
SL=$ROOT/bench/out/secretlint
if [ ! -x "$SL/node_modules/.bin/secretlint" ]; then
	npm install --silent --no-audit --no-fund --prefix "$SL" secretlint@12.0.0 \
		@secretlint/secretlint-rule-preset-recommend@12.0.0 >/dev/null 2>&1 || true
fi
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$W/secretlintrc.json"
slice_lines=$(wc -l <"$W/slice.log")
if [ -x "$SL/node_modules/.bin/secretlint" ]; then
	t0=$(now)
	/usr/bin/time -f %M -o "$W/sl.rss" "$SL/node_modules/.bin/secretlint" --secretlintrc "$W/secretlintrc.json" \
		--format json "$W/slice.log" >"$W/sl.json" 2>/dev/null || true
	t1=$(now)
	tsl=$(echo "$t1 - $t0" | bc -l)
	/usr/bin/python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    d = []
print("\n".join(str(m["loc"]["start"]["line"]) for r in d for m in r.get("messages", [])))' "$W/sl.json" >"$W/sl.lines"
	sl_line="secretlint 12 (100 MB slice): $(printf '%.0f' "$(echo "100 / $tsl" | bc -l)") MB/s, peak RSS $(($(tail -1 "$W/sl.rss") / 1024)) MB, $(score "$W/sl.lines" "$slice_lines")"
else
	sl_line="secretlint: not installed (npm install failed)"
fi

echo
echo "input: $(printf '%.0f' "$(echo "$BYTES / 1048576" | bc -l)") MB, 66 planted secrets (6 of each rule and a known secret), 33 decoys"
printf 'cat > /dev/null (floor): %.0f MB/s\n' "$(mbps "$tcat")"
printf 'zlh-audit secrets scan (1 thread): %.0f MB/s, peak RSS %d MB, %s\n' "$(mbps "$tz")" $(($(tail -1 "$W/za.rss") / 1024)) "$(score "$W/za.lines")"
printf 'ripgrep 13 (same rules as patterns): %.0f MB/s, peak RSS %d MB, %s\n' "$(mbps "$tr")" $(($(tail -1 "$W/rg.rss") / 1024)) "$(score "$W/rg.lines")"
echo "$sl_line"
printf 'ratio_vs_ripgrep=%.2f\n' "$(echo "$tr / $tz" | bc -l)"
