# shellcheck shell=bash
# lab.sh - the demo and test lab: network namespaces joined by a veth link,
# the real Debian prometheus and prometheus-node-exporter, and fixture
# servers for what Debian does not package (Grafana, the discovery API).
# Sourced by scripts/demo.sh and the lab tests; needs root.
#
#   lab_init            unique names for this run, a work dir, cleanup traps
#   lab_up              two namespaces: "mon" (the monitoring host,
#                       203.0.113.10) and "out" (an untrusted outside vantage,
#                       198.51.100.50), joined by a veth pair, /32 addresses
#                       with routes (no ARP guessing for absent hosts)
#   lab_start_prometheus ADDR:PORT, lab_start_node_exporter ADDR:PORT,
#   lab_start_grafana ADDR:PORT [args], lab_start_discovery ADDR:PORT MODE
#                       start a service inside "mon"; waits until it listens
#   lab_drop_from_outside PORT...   nftables in "mon": drop TCP to these ports
#                       from the outside range (the ports look filtered)
#   lab_token           writes a random monitoring token (0600), prints its path
#   lab_down            kills what the lab started, deletes its namespaces
#
# Names are unique per run (parallel tests and a running demo never collide)
# and carry the creating shell's pid, so lab_sweep removes leftovers of runs
# that were killed, and only those. Traffic stays inside the namespaces.

LAB_MON_ADDR=203.0.113.10
LAB_OUT_ADDR=198.51.100.50
LAB_OUT_NET=198.51.100.0/24
LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB_PY=/usr/bin/python3

lab_log() { printf 'lab: %s\n' "$*" >&2; }

lab_sweep() {
	local ns pid
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^zlhlab-[0-9]+-' || true); do
		pid=${ns#zlhlab-}
		pid=${pid%%-*}
		if ! kill -0 "$pid" 2>/dev/null; then
			ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
			ip netns del "$ns" 2>/dev/null && lab_log "removed leftover namespace $ns"
			rm -rf "/etc/netns/$ns"
		fi
	done
}

lab_init() {
	[ "$(id -u)" = 0 ] || { echo "lab: needs root (network namespaces)" >&2; return 1; }
	local rnd
	rnd=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
	LAB_ID="$$-$rnd"
	LAB_NS_MON="zlhlab-$LAB_ID-mon"
	LAB_NS_OUT="zlhlab-$LAB_ID-out"
	LAB_VETH_MON="zl${rnd}m"
	LAB_VETH_OUT="zl${rnd}o"
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/zlhlab.XXXXXX")
	LAB_PIDS=()
	LAB_ETC=()
	LAB_NS_EXTRA=()
	lab_sweep
	trap 'lab_down' EXIT
	trap 'lab_down; exit 130' INT
	trap 'lab_down; exit 143' TERM
}

lab_up() {
	ip netns add "$LAB_NS_MON"
	ip netns add "$LAB_NS_OUT"
	ip link add "$LAB_VETH_MON" type veth peer name "$LAB_VETH_OUT"
	ip link set "$LAB_VETH_MON" netns "$LAB_NS_MON"
	ip link set "$LAB_VETH_OUT" netns "$LAB_NS_OUT"
	ip -n "$LAB_NS_MON" link set lo up
	ip -n "$LAB_NS_OUT" link set lo up
	ip -n "$LAB_NS_MON" addr add "$LAB_MON_ADDR/32" dev "$LAB_VETH_MON"
	ip -n "$LAB_NS_OUT" addr add "$LAB_OUT_ADDR/32" dev "$LAB_VETH_OUT"
	ip -n "$LAB_NS_MON" link set "$LAB_VETH_MON" up
	ip -n "$LAB_NS_OUT" link set "$LAB_VETH_OUT" up
	ip -n "$LAB_NS_MON" route add "$LAB_OUT_ADDR/32" dev "$LAB_VETH_MON"
	ip -n "$LAB_NS_OUT" route add "$LAB_MON_ADDR/32" dev "$LAB_VETH_OUT"
	lab_log "up: $LAB_NS_MON ($LAB_MON_ADDR) <-> $LAB_NS_OUT ($LAB_OUT_ADDR), work dir $LAB_DIR"
}

# lab_wait NS ADDR PORT: until something listens (10 s at most)
lab_wait() {
	local i
	for i in $(seq 1 100); do
		if ip netns exec "$1" bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	lab_log "nothing listens on $2:$3 in $1 after 10 s"
	return 1
}

_lab_bg() { # NAME cmd...: start in "mon", log to the work dir
	local name=$1
	shift
	ip netns exec "$LAB_NS_MON" "$@" >"$LAB_DIR/$name.log" 2>&1 &
	LAB_PIDS+=($!)
}

_lab_hostport() { # ADDR:PORT -> "ADDR PORT", 0.0.0.0 and [::] waited for on the lab address
	local a=${1%:*} p=${1##*:}
	case $a in 0.0.0.0 | "" | "[::]") a=$LAB_MON_ADDR ;; esac
	echo "$a $p"
}

lab_start_prometheus() {
	mkdir -p "$LAB_DIR/prometheus"
	cat >"$LAB_DIR/prometheus/prometheus.yml" <<-YML
		global:
		  scrape_interval: 15s
		scrape_configs:
		  - job_name: node
		    static_configs:
		      - targets: ["127.0.0.1:9100"]
	YML
	_lab_bg prometheus prometheus --config.file="$LAB_DIR/prometheus/prometheus.yml" \
		--storage.tsdb.path="$LAB_DIR/prometheus/data" --web.listen-address="$1"
	# shellcheck disable=SC2046
	lab_wait "$LAB_NS_MON" $(_lab_hostport "$1")
}

lab_start_node_exporter() {
	_lab_bg node_exporter prometheus-node-exporter --web.listen-address="$1" \
		--collector.disable-defaults --collector.uname --collector.loadavg
	# shellcheck disable=SC2046
	lab_wait "$LAB_NS_MON" $(_lab_hostport "$1")
}

lab_start_grafana() {
	local listen=$1
	shift
	_lab_bg "grafana-${listen##*:}" "$LAB_PY" "$LAB_ROOT/tests/fixtures/grafana_fixture.py" --listen "$listen" "$@"
	# shellcheck disable=SC2046
	lab_wait "$LAB_NS_MON" $(_lab_hostport "$listen")
}

lab_token() {
	if [ ! -f "$LAB_DIR/discovery.token" ]; then
		(umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$LAB_DIR/discovery.token")
	fi
	echo "$LAB_DIR/discovery.token"
}

lab_start_discovery() { # ADDR:PORT MODE [fixture options, e.g. --tls-cert C --tls-key K]
	local listen=$1 mode=$2
	shift 2
	_lab_bg "discovery-${listen##*:}" "$LAB_PY" "$LAB_ROOT/tests/fixtures/discovery_fixture.py" \
		--listen "$listen" --mode "$mode" --token-file "$(lab_token)" "$@"
	# shellcheck disable=SC2046
	lab_wait "$LAB_NS_MON" $(_lab_hostport "$listen")
}

lab_drop_from_outside() {
	local ports
	ports=$(echo "$@" | tr ' ' ',')
	ip netns exec "$LAB_NS_MON" nft -f - <<-NFT
		table inet zlhlab {
		  chain input {
		    type filter hook input priority 0; policy accept;
		    ip saddr $LAB_OUT_NET tcp dport { $ports } drop
		  }
		}
	NFT
}

lab_down() {
	local pid ns d
	trap - EXIT INT TERM
	for pid in "${LAB_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for ns in "${LAB_NS_MON:-}" "${LAB_NS_OUT:-}" "${LAB_NS_EXTRA[@]}"; do
		[ -n "$ns" ] || continue
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
	done
	for pid in "${LAB_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	for ns in "${LAB_NS_MON:-}" "${LAB_NS_OUT:-}" "${LAB_NS_EXTRA[@]}"; do
		[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
	done
	LAB_NS_EXTRA=()
	for d in "${LAB_ETC[@]}"; do
		rm -rf "$d"
	done
	LAB_ETC=()
	if [ -n "${LAB_DIR:-}" ] && [ -d "$LAB_DIR" ] && [ -z "${LAB_KEEP:-}" ]; then
		rm -rf "$LAB_DIR"
	fi
	LAB_PIDS=()
	LAB_NS_MON=
	LAB_NS_OUT=
}

# lab_add_range CIDR: every address of CIDR is local to "mon" (AnyIP) and
# routed there from "out" (one gateway neighbour, no ARP per address).
lab_add_range() {
	ip -n "$LAB_NS_MON" route add local "$1" dev lo
	ip -n "$LAB_NS_OUT" route add "$1" via "$LAB_MON_ADDR" dev "$LAB_VETH_OUT" onlink
}


# lab_start_fixture NAME ADDR:PORT: tests/fixtures/NAME_fixture.py in "mon"
lab_start_fixture() {
	_lab_bg "$1-${2##*:}" "$LAB_PY" "$LAB_ROOT/tests/fixtures/$1_fixture.py" --listen "$2"
	# shellcheck disable=SC2046
	lab_wait "$LAB_NS_MON" $(_lab_hostport "$2")
}

# lab_start_alertmanager ADDR:PORT / lab_start_pushgateway ADDR:PORT: the real
# Debian packages, cluster gossip off, state in the work dir
lab_start_alertmanager() {
	mkdir -p "$LAB_DIR/alertmanager"
	printf 'route:\n  receiver: default\nreceivers:\n  - name: default\n' >"$LAB_DIR/alertmanager/am.yml"
	_lab_bg alertmanager prometheus-alertmanager --config.file="$LAB_DIR/alertmanager/am.yml" \
		--storage.path="$LAB_DIR/alertmanager/data" --web.listen-address="$1" --cluster.listen-address=
	# shellcheck disable=SC2046
	lab_wait "$LAB_NS_MON" $(_lab_hostport "$1")
}

lab_start_pushgateway() {
	_lab_bg pushgateway prometheus-pushgateway --web.listen-address="$1"
	# shellcheck disable=SC2046
	lab_wait "$LAB_NS_MON" $(_lab_hostport "$1")
}

# lab_ca: a throwaway CA and a server certificate for the lab's monitoring
# host (IP 203.0.113.10 and grafana.zlh-lab.example), made with the openssl
# CLI in the work dir. Sets LAB_CA, LAB_CERT, LAB_KEY. lab_ca_expired makes an
# already expired one (LAB_OLD_CERT, LAB_OLD_KEY) signed by the same CA.
# (tests/labs/lab.sh's helpers use only the openssl CLI: no network.)
lab_ca() {
	local d=$LAB_DIR/pki
	mkdir -p "$d"
	openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=zlh-lab CA" \
		-keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
	printf 'subjectAltName=IP:%s,DNS:grafana.zlh-lab.example\nbasicConstraints=CA:FALSE\n' "$LAB_MON_ADDR" >"$d/ext"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$LAB_MON_ADDR" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 90 \
		-extfile "$d/ext" -out "$d/server.pem" 2>/dev/null
	LAB_CA=$d/ca.pem
	LAB_CERT=$d/server.pem
	LAB_KEY=$d/server.key
}

lab_ca_expired() {
	local d=$LAB_DIR/pki
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$LAB_MON_ADDR" -keyout "$d/old.key" -out "$d/old.csr" 2>/dev/null
	# -days -1: notAfter is a day in the past
	openssl x509 -req -in "$d/old.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days -1 \
		-extfile "$d/ext" -out "$d/old.pem" 2>/dev/null
	LAB_OLD_CERT=$d/old.pem
	LAB_OLD_KEY=$d/old.key
}

# lab_start_nginx NAME CONF_BODY: the real Debian nginx in "mon", with the
# given server blocks (http context), everything else in the work dir.
lab_start_nginx() {
	local d=$LAB_DIR/nginx-$1
	mkdir -p "$d/tmp"
	cat >"$d/nginx.conf" <<NGINX
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 256; }
http {
  access_log $d/access.log;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
$2
}
NGINX
	_lab_bg "nginx-$1" nginx -c "$d/nginx.conf" -p "$d" -g 'daemon off;'
}

# lab_add_v6: IPv6 on the link (documentation range 2001:db8::/32):
# mon 2001:db8::10, out 2001:db8::50, no duplicate address detection delay.
LAB_MON_ADDR6=2001:db8::10
LAB_OUT_ADDR6=2001:db8::50
lab_add_v6() {
	ip -n "$LAB_NS_MON" addr add "$LAB_MON_ADDR6/128" dev "$LAB_VETH_MON" nodad
	ip -n "$LAB_NS_OUT" addr add "$LAB_OUT_ADDR6/128" dev "$LAB_VETH_OUT" nodad
	ip -n "$LAB_NS_MON" -6 route add "$LAB_OUT_ADDR6/128" dev "$LAB_VETH_MON"
	ip -n "$LAB_NS_OUT" -6 route add "$LAB_MON_ADDR6/128" dev "$LAB_VETH_OUT"
}

# lab_hosts NS LINE...: an /etc/hosts for programs run with `ip netns exec NS`
# (iproute2 bind-mounts /etc/netns/NS/hosts); removed by lab_down.
lab_hosts() {
	local ns=$1
	shift
	mkdir -p "/etc/netns/$ns"
	printf '%s\n' "$@" >"/etc/netns/$ns/hosts"
	LAB_ETC+=("/etc/netns/$ns")
}

# lab_add_ns SUFFIX ADDR: one more vantage namespace (zlhlab-ID-SUFFIX, removed
# by lab_down) joined to "mon" by its own veth pair: ADDR/32 inside it, a
# route each way between ADDR and the monitoring host's address. Sets LAB_NS_NEW
# to its name (not in a $(...) subshell: lab_down must see it).
lab_add_ns() {
	local ns="zlhlab-$LAB_ID-$1" addr=$2 a b
	a="zl${LAB_ID##*-}${1:0:1}m"
	b="zl${LAB_ID##*-}${1:0:1}x"
	ip netns add "$ns"
	LAB_NS_EXTRA+=("$ns")
	ip link add "$a" type veth peer name "$b"
	ip link set "$a" netns "$LAB_NS_MON"
	ip link set "$b" netns "$ns"
	ip -n "$ns" link set lo up
	ip -n "$ns" addr add "$addr/32" dev "$b"
	ip -n "$ns" link set "$b" up
	ip -n "$LAB_NS_MON" link set "$a" up
	ip -n "$LAB_NS_MON" route add "$addr/32" dev "$a"
	ip -n "$ns" route add "$LAB_MON_ADDR/32" dev "$b"
	LAB_NS_NEW=$ns
}

# lab_add_slow_link CIDR SRC DELAY_MS [RELAY OPTION...]: a second path from
# "out" to "mon" for CIDR, through tests/fixtures/delay_relay.py (two TUN
# devices, DELAY_MS each way: a round trip 2 x DELAY_MS longer; options such as
# --port-delay PORT=MS go to the relay). Every address of CIDR is local to
# "mon" (AnyIP); "out" reaches them from SRC (its own address on the slow
# link), so the fast veth and the slow link never mix.
lab_add_slow_link() {
	local cidr=$1 src=$2 delay=$3 ns="zlhlab-$LAB_ID-relay" ta tb i
	shift 3
	ta="zl${LAB_ID##*-}ta"
	tb="zl${LAB_ID##*-}tb"
	ip netns add "$ns"
	LAB_NS_EXTRA+=("$ns")
	ip netns exec "$ns" "$LAB_PY" "$LAB_ROOT/tests/fixtures/delay_relay.py" --delay-ms "$delay" "$@" "$ta" "$tb" \
		>"$LAB_DIR/relay.log" 2>&1 &
	LAB_PIDS+=($!)
	for i in $(seq 1 50); do
		grep -q ready "$LAB_DIR/relay.log" 2>/dev/null && break
		sleep 0.1
	done
	grep -q ready "$LAB_DIR/relay.log" || { lab_log "the delay relay did not start: $(cat "$LAB_DIR/relay.log")"; return 1; }
	ip -n "$ns" link set "$ta" netns "$LAB_NS_OUT"
	ip -n "$ns" link set "$tb" netns "$LAB_NS_MON"
	ip -n "$LAB_NS_OUT" addr add "$src/32" dev "$ta"
	ip -n "$LAB_NS_OUT" link set "$ta" up
	ip -n "$LAB_NS_OUT" route add "$cidr" dev "$ta" src "$src"
	ip -n "$LAB_NS_MON" link set "$tb" up
	ip -n "$LAB_NS_MON" route add local "$cidr" dev lo
	ip -n "$LAB_NS_MON" route add "$src/32" dev "$tb"
}
