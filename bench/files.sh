#!/usr/bin/env bash
# bench/files.sh [FILES] [RUNS] - the host audit's walk (host.file-modes:
# every entry's mode and owner, no link followed, no file read) against
# `find DIR -perm -o+w` (the equivalent permission query, which stats every
# entry too), in one run on the same tree: FILES files (default 200,000) in
# 400 directories, a few hundred of them writable by others. The page cache
# is warmed first; each tool runs RUNS times (default 3) and the median counts.
# Prints files/s for both and whether both found every planted bad mode.
# Last line: ratio_vs_find=R, find's wall time / zlh-audit's.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FILES=${1:-200000}
RUNS=${2:-3}
W=$ROOT/bench/out/files
cd "$ROOT"
bash scripts/deps.sh >/dev/null
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$(nproc)" >/dev/null
ZA=$ROOT/build/zlh-audit

if [ "$(cat "$W/size" 2>/dev/null)" != "$FILES" ]; then
	echo "creating $FILES files (once; cached in bench/out)..."
	rm -rf "$W"
	mkdir -p "$W/root/etc" "$W/root/data"
	printf 'root:x:0:0:root:/root:/bin/bash\n' >"$W/root/etc/passwd"
	printf 'root:x:0:\n' >"$W/root/etc/group"
	/usr/bin/python3 - "$W/root/data" "$FILES" <<'PY'
import os, sys
top, n = sys.argv[1], int(sys.argv[2])
dirs, bad = 400, 0
for i in range(n):
    d = os.path.join(top, "d%03d" % (i % dirs))
    if i < dirs:
        os.mkdir(d, 0o755)
    mode = 0o666 if i % 641 == 7 else 0o640  # a few hundred writable by others
    bad += mode == 0o666
    fd = os.open(os.path.join(d, "f%06d.conf" % i), os.O_CREAT | os.O_WRONLY, mode)
    os.close(fd)
    os.chmod(os.path.join(d, "f%06d.conf" % i), mode)  # past the umask
print(bad, file=open(os.path.join(top, "..", "..", "planted"), "w"))
PY
	echo "$FILES" >"$W/size"
fi
PLANTED=$(cat "$W/planted")
cat >"$W/policy.json" <<JSON
{"name": "files-bench", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "image", "role": "host"}], "host": {"walk_roots": ["/data"]}}
JSON

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
find "$W/root/data" -perm -o+w >/dev/null # warm the cache
tf=$(for _ in $(seq "$RUNS"); do
	t0=$(now)
	find "$W/root/data" -perm -o+w >"$W/find.out"
	echo "$(now) - $t0" | bc -l
done | median)
found_find=$(wc -l <"$W/find.out")
tz=$(for _ in $(seq "$RUNS"); do
	t0=$(now)
	"$ZA" scan --policy "$W/policy.json" --root "$W/root" --out "$W/za" --format json --quiet >/dev/null || true
	echo "$(now) - $t0" | bc -l
done | median)
found_za=$(/usr/bin/python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["checks"] if c["id"] == "host.file-modes"][0]
print(re.match(r"(\d+) of (\d+) entries: (\d+) writable", c["message"]).group(3))' "$W/za/report.json")
entries=$((FILES + 400))
printf 'tree: %d files in 400 directories, %d planted writable by others\n' "$FILES" "$PLANTED"
printf 'find -perm -o+w   %6.3f s  %9.0f files/s  found %d/%d\n' "$tf" "$(echo "$entries / $tf" | bc -l)" "$found_find" "$PLANTED"
printf 'zlh-audit         %6.3f s  %9.0f files/s  found %d/%d (mode and owner judged)\n' "$tz" \
	"$(echo "$entries / $tz" | bc -l)" "$found_za" "$PLANTED"
printf 'ratio_vs_find=%.2f\n' "$(echo "$tf / $tz" | bc -l)"
