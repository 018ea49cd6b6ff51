#!/usr/bin/env bash
# Every file option given what is not a regular file - a FIFO, a directory,
# /dev/zero, a symbolic link (where links are refused) - and a truncated .gz:
# exit 2 or 3 within a second, with a message naming the path; never a hang,
# never exit 0.
source "$(dirname "$0")/lib.sh" "$@"
mkfifo fifo
mkdir dir
printf 'x\n' >real.token && chmod 600 real.token
ln -s real.token link.token
seq 1 200000 | sed 's/^/line /' | gzip -c | head -c 40000 >trunc.gz
# a whole gzip member with a credential appended in clear: zlib's gzread skips it
{ printf 'rotated\n' | gzip -c; printf 'Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n'; } >tail.gz
cat >p.json <<JSON
{"name": "inputs", "version": "1", "fingerprints": "$ROOT/policies/fingerprints.json",
 "vantages": [{"name": "h", "role": "host"}], "token_files": {"t": "/etc/zlh/t.token"}}
JSON
mkdir -p root
try() { # NAME PATH-IN-MESSAGE ARGS...: exit 2 or 3, never a hang, the path named
	local name=$1 path=$2 rc=0
	shift 2
	# a blocked open of a FIFO or device never returns: the timeout (exit 124)
	# is the hang; no wall-clock bound beyond it (a loaded machine is slow)
	timeout 20 "$ZA" "$@" >"$name.out" 2>"$name.err" || rc=$?
	if [ "$rc" != 2 ] && [ "$rc" != 3 ]; then
		bad "$name: exit $rc (124 is a hang), expected 2 or 3"
	elif ! grep -qF -- "$path" "$name.err" "$name.out" "out-$name/report.json" 2>/dev/null; then
		bad "$name: no message names $path: $(head -2 "$name.err")"
	else
		ok "$name: exit $rc, naming $path"
	fi
}
for bad_path in fifo dir /dev/zero; do
	n=${bad_path##*/}
	try "policy-$n" "$bad_path" scan --policy "$bad_path" --root root
	try "waivers-$n" "$bad_path" scan --policy p.json --root root --waivers "$bad_path" --out "out-waivers-$n"
	try "fingerprints-$n" "$bad_path" scan --policy p.json --root root --fingerprints "$bad_path"
	try "baseline-$n" "$bad_path" scan --policy p.json --root root --baseline "$bad_path"
	try "known-$n" "$bad_path" secrets scan --known-secret-file "$bad_path" --out "out-known-$n" real.token
	try "check-$n" "$bad_path" policy check "$bad_path"
	try "report-$n" "$bad_path" report --format html "$bad_path"
	try "merge-$n" "$bad_path" merge "$bad_path" --out "out-merge-$n"
done
# a token file that is a FIFO or a link: the scan runs, the token's checks err, naming it
try token-fifo "$PWD/fifo" scan --policy p.json --root root --token-file "t=$PWD/fifo" --out out-token-fifo
try token-link "$PWD/link.token" scan --policy p.json --root root --token-file "t=$PWD/link.token" --out out-token-link
try known-link link.token secrets scan --known-secret-file link.token --out out-known-link real.token
# secrets scan of a FIFO, a link and a truncated .gz named on the command line
try scan-fifo fifo secrets scan --out out-scan-fifo fifo
try scan-link link.token secrets scan --out out-scan-link link.token
try scan-trunc trunc.gz secrets scan --out out-scan-trunc trunc.gz
try scan-tail tail.gz secrets scan --out out-scan-tail tail.gz
finish
