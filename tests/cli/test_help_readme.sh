#!/usr/bin/env bash
# Help and README agree: for every command, the options its --help lists
# are exactly the options the README gives it (the README's "`CMD` options:"
# paragraph and its `zlh-audit CMD ...` usage lines).
source "$(dirname "$0")/lib.sh" "$@"
README=$ROOT/README.md
for cmd in scan checks "policy check" report diff merge "secrets scan"; do
	# shellcheck disable=SC2086
	"$ZA" $cmd --help >help.txt 2>&1
	# the README's usage lines for the command, and its options paragraph
	/usr/bin/python3 - "$README" "$cmd" >readme_opts.txt <<'PY'
import re, sys
text = open(sys.argv[1]).read(); cmd = sys.argv[2]
opts = set()
for line in text.splitlines():
    if re.match(r"^\s*(journalctl .*\| )?zlh-audit %s\b" % re.escape(cmd), line):
        opts |= set(re.findall(r"--[a-z][a-z-]+", line.split("#")[0]))
m = re.search(r"(?:^|\s)`%s` options:(.*?)(?:\.\s|\n\n)" % re.escape(cmd), text, re.S)
if m:
    opts |= set(re.findall(r"`(--[a-z][a-z-]+)", m.group(1)))
print("\n".join(sorted(opts)))
PY
	grep -oE -- '--[a-z][a-z-]+' help.txt | grep -vx -- --help | sort -u >help_opts.txt
	if [ ! -s help_opts.txt ] || ! grep -q . readme_opts.txt; then
		bad "$cmd: no options found (help: $(wc -l <help_opts.txt), README: $(wc -l <readme_opts.txt))"
	elif diff help_opts.txt readme_opts.txt >d.txt; then
		ok "$cmd: --help and the README name the same $(wc -l <help_opts.txt) options"
	else
		bad "$cmd: --help (<) and the README (>) differ: $(grep -E '^[<>]' d.txt | tr '\n' ' ')"
	fi
done
grep -qF 'untrusted-local[:ADDR]' <("$ZA" scan --help) && grep -qF 'untrusted-local[:ADDR]' "$README" &&
	ok "every vantage form in scan --help and the README" || bad "untrusted-local[:ADDR] missing"
finish
