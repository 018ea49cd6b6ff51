#!/usr/bin/env bash
# bench/secrets.sh [SIZE_MB] - leaked-token scanning speed and recall,
# zlh-audit against ripgrep (the same rules as patterns), secretlint (npm; on
# a 100 MB slice: it reads files whole) and `cat > /dev/null` as the floor, in
# one run on the same deterministic logs of two generators (bench/gen_logs.py):
#   plain        nginx access, JSON API and journal lines with 66 planted
#                secrets of every rule and 33 decoys
#   near-miss    the same with 3 % of the lines holding near-misses (redacted
#                token=, Bearer ***, eyJ cursors, bad-checksum glsa_, UUIDs,
#                digests): every one stops a literal prefilter, none is a leak
# One file each, every tool with all cores (zlh-audit splits the file). Not a
# test: it measures and prints MB/s, peak RSS and found/planted (hits on
# decoys and near-misses) per tool. Last line: ratio_vs_ripgrep=R, ripgrep's
# wall time / zlh-audit's on the near-miss logs.
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

now() { date +%s.%N; }
# score MANIFEST FILE_OF_LINE_NUMBERS [LIMIT]: "found/planted, N on decoys, N on near-misses"
score() {
	/usr/bin/python3 - "$1" "$2" "${3:-0}" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); limit = int(sys.argv[3])
lines = set(int(x) for x in open(sys.argv[2]).read().split())
keep = lambda l: not limit or l <= limit
planted = [l for l, r in m["planted"] if keep(l)]
print("%d/%d found, %d on decoys, %d on near-misses" % (
    sum(1 for l in planted if l in lines), len(planted), sum(1 for l in m["decoys"] if keep(l) and l in lines),
    sum(1 for l in m.get("near_misses", []) if keep(l) and l in lines)))
PY
}
best() { # best of 3 wall seconds of "$@", peak RSS of the last run into $W/rss
	local b=999 t0 t1 t
	for _ in 1 2 3; do
		t0=$(now)
		/usr/bin/time -f %M -o "$W/rss" "$@" >"$W/stdout" 2>/dev/null || true
		t1=$(now)
		t=$(echo "$t1 - $t0" | bc -l)
		b=$(echo "if ($t < $b) $t else $b" | bc -l)
	done
	echo "$b"
}
SL=$ROOT/bench/out/secretlint
if [ ! -x "$SL/node_modules/.bin/secretlint" ]; then
	npm install --silent --no-audit --no-fund --prefix "$SL" secretlint@12.0.0 \
		@secretlint/secretlint-rule-preset-recommend@12.0.0 >/dev/null 2>&1 || true
fi
cores=$(nproc)

# one_set NAME [GENERATOR OPTIONS]: generate (once, cached), measure every tool, print; sets RATIO
one_set() {
	local name=$1 D=$W/$1 LOG BYTES tcat tz tr tsl sl_line known
	shift
	mkdir -p "$D"
	if [ ! -f "$D/zlh.log" ] || [ "$(cat "$D/size" 2>/dev/null)" != "$SIZE_MB $*" ]; then
		echo "generating $SIZE_MB MB of $name logs (once; cached in bench/out)..."
		/usr/bin/python3 bench/gen_logs.py "$D" "$SIZE_MB" "$@"
		echo "$SIZE_MB $*" >"$D/size"
	fi
	LOG=$D/zlh.log
	BYTES=$(stat -c %s "$LOG")
	head -c $((100 << 20)) "$LOG" >"$D/slice.log"
	cat "$LOG" >/dev/null # warm the page cache
	tcat=$(best cat "$LOG")
	tz=$(best "$ZA" secrets scan --known-secret-file "$D/known.token" --format json --quiet --out "$D/za" "$LOG")
	local zrss=$(($(tail -1 "$W/rss") / 1024))
	/usr/bin/python3 -c 'import json,sys; print("\n".join(str(f["location"]["line"]) for f in json.load(open(sys.argv[1]))["findings"]))' \
		"$D/za/report.json" >"$D/za.lines"
	known=$(cat "$D/known.token")
	sed "s|@KNOWN@|$known|" "$W/patterns.in" >"$D/patterns"
	tr=$(best rg --no-config -n -f "$D/patterns" "$LOG")
	local rrss=$(($(tail -1 "$W/rss") / 1024))
	cut -d: -f1 "$W/stdout" >"$D/rg.lines"
	if [ -x "$SL/node_modules/.bin/secretlint" ]; then
		local t0 t1
		t0=$(now)
		/usr/bin/time -f %M -o "$D/sl.rss" "$SL/node_modules/.bin/secretlint" --secretlintrc "$W/secretlintrc.json" \
			--format json "$D/slice.log" >"$D/sl.json" 2>/dev/null || true
		t1=$(now)
		tsl=$(echo "$t1 - $t0" | bc -l)
		/usr/bin/python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    d = []
print("\n".join(str(m["loc"]["start"]["line"]) for r in d for m in r.get("messages", [])))' "$D/sl.json" >"$D/sl.lines"
		sl_line="secretlint 12 (100 MB slice): $(printf '%.0f' "$(echo "100 / $tsl" | bc -l)") MB/s, peak RSS $(($(tail -1 "$D/sl.rss") / 1024)) MB, $(score "$D/manifest.json" "$D/sl.lines" "$(wc -l <"$D/slice.log")")"
	else
		sl_line="secretlint: not installed (npm install failed)"
	fi
	echo
	echo "== $name: $(printf '%.0f' "$(echo "$BYTES / 1048576" | bc -l)") MB in one file, $cores cores; $(/usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%d planted, %d decoys, %d near-misses" % (len(m["planted"]), len(m["decoys"]), len(m.get("near_misses", []))))' "$D/manifest.json")"
	printf 'cat > /dev/null (floor): %.0f MB/s\n' "$(echo "$BYTES / 1048576 / $tcat" | bc -l)"
	printf 'zlh-audit secrets scan: %.0f MB/s, peak RSS %d MB, %s\n' "$(echo "$BYTES / 1048576 / $tz" | bc -l)" "$zrss" "$(score "$D/manifest.json" "$D/za.lines")"
	printf 'ripgrep (same rules as patterns): %.0f MB/s, peak RSS %d MB, %s\n' "$(echo "$BYTES / 1048576 / $tr" | bc -l)" "$rrss" "$(score "$D/manifest.json" "$D/rg.lines")"
	echo "$sl_line"
	RATIO=$(echo "$tr / $tz" | bc -l)
	printf '%s: ratio_vs_ripgrep %.2f\n' "$name" "$RATIO"
}

cat >"$W/patterns.in" <<'PAT'
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
@KNOWN@
PAT
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$W/secretlintrc.json"

one_set plain
one_set near-miss --near-miss 3
printf 'ratio_vs_ripgrep=%.2f\n' "$RATIO"
