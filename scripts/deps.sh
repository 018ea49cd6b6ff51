#!/usr/bin/env bash
# deps.sh [--test] - installs the Debian packages zlh-audit needs to build,
# run its demo lab and (with --test) run its test suite. Idempotent: when
# everything is installed it only checks and returns.
#
# Services from the packages (prometheus, prometheus-node-exporter) are NOT
# left running or enabled by this script: on a machine with systemd, units
# that this script newly installed are stopped and disabled, because the lab
# runs its own copies inside network namespaces and a default Prometheus
# listening on 0.0.0.0:9090 is exactly what this tool warns about.
set -euo pipefail

pkgs=(build-essential cmake pkg-config git
	libcurl4-openssl-dev libssl-dev libnl-3-dev libnl-route-3-dev libnl-idiag-3-dev libcjson-dev libyaml-dev libinih-dev libxml2-utils libvectorscan-dev libpcre2-dev zlib1g-dev
	iproute2 nftables python3 openssl nginx util-linux
	prometheus prometheus-node-exporter prometheus-alertmanager prometheus-pushgateway)
if [ "${1:-}" = --test ]; then
	pkgs+=(clang clang-format systemd python3-yaml python3-jsonschema chromium)
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
# the browser test's driver (tests/browser/package.json pins it), from npm
browser_deps() {
	local dir
	dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
	[ "${1:-}" = --test ] || return 0
	[ -d "$dir/node_modules/playwright-core" ] && return 0
	command -v npm >/dev/null || {
		echo "deps: the browser test needs the machine's Node.js and npm" >&2
		return 1
	}
	echo "deps: npm install in tests/browser (playwright-core)"
	(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
}
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	browser_deps "${1:-}"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages (${missing[*]}); run as root to install them" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [ -d /run/systemd/system ]; then
	for unit in prometheus prometheus-node-exporter prometheus-alertmanager prometheus-pushgateway nginx; do
		for p in "${missing[@]}"; do
			if [ "$p" = "$unit" ]; then
				systemctl disable --now "$unit" >/dev/null 2>&1 || true
				echo "deps: stopped and disabled the $unit service this install started (the lab runs its own)"
			fi
		done
	done
fi
browser_deps "${1:-}"
echo "deps: done"
