# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for vswitch selftests: KTAP subtest lines, exact assertions, and
# network namespaces named with $$ that go away on exit.

ksft_skip=4
SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VSWCTL=${VSWCTL:-$SELFTESTS_DIR/../userspace-ctl/vswctl}
VSW_GENL="python3 $SELFTESTS_DIR/vsw_genl.py"

# How much slower than a Debian kernel this one is: make check-debug sets
# VSW_TIMEOUT_SCALE for its debug kernel. Tests that race a timer stretch
# their times by it: slow SECONDS prints SECONDS times the factor.
VSW_SLOW=${VSW_TIMEOUT_SCALE:-1}
slow() {
	awk -v t="$1" -v f="$VSW_SLOW" 'BEGIN { print t * f }'
}

_ntests=0
_nfail=0
# Namespaces to delete on exit, one name per line: a file, since add_netns
# runs in a command substitution, whose variables die with it.
_netns_file=$(mktemp)
_cleanups=()

echo "TAP version 13"

ok() {
	_ntests=$((_ntests + 1))
	echo "ok $_ntests $*"
}

not_ok() {
	_ntests=$((_ntests + 1))
	_nfail=$((_nfail + 1))
	echo "not ok $_ntests $*"
}

# Prints each argument, line by line, as TAP diagnostics.
diag() {
	local arg line
	for arg in "$@"; do
		while IFS= read -r line; do
			echo "# $line"
		done <<< "$arg"
	done
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

# kernel_before VERSION: whether the running kernel is older than VERSION.
# Where kernels behave differently (Documentation/kernels.rst), a test
# expects what each one does.
kernel_before() {
	[[ $(printf '%s\n' "$1" "$(uname -r)" | sort -V | head -n 1) != "$1" ]]
}

# How vsw_genl.py shows a reply's missing attribute N: the kernel names it
# (NLMSGERR_ATTR_MISS_TYPE) on 6.1 and later, not on 5.10, where only the
# message says which.
missing_attr() {
	if kernel_before 6.1; then echo -; else echo "missing:$1"; fi
}

require_root() {
	[[ $(id -u) == 0 ]] || skip_all "needs root"
}

require_module() {
	[[ -d /sys/module/vswitch ]] || skip_all "vswitch module not loaded"
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not installed"
	done
}

vswctl() {
	"$VSWCTL" "$@"
}

# check DESC CMD...: CMD succeeds.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command: $*" "exit $?: $out"
	fi
}

# _check_cmd succeed|fail DESC WANT CMD...: CMD succeeds (or fails) and
# prints exactly WANT, stdout and stderr together.
_check_cmd() {
	local mode=$1 desc=$2 want=$3 out rc=0 status_ok
	shift 3
	out=$("$@" 2>&1) || rc=$?
	if [[ $mode == succeed ]]; then
		((rc == 0)) && status_ok=1 || status_ok=0
	else
		((rc != 0)) && status_ok=1 || status_ok=0
	fi
	if ((status_ok)) && [[ $out == "$want" ]]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command: $*" "exit $rc" "want: $want" "got:  $out"
	fi
}

# check_fail DESC WANT CMD...: CMD fails, printing exactly WANT.
check_fail() {
	_check_cmd fail "$@"
}

# check_eq DESC GOT WANT
check_eq() {
	if [[ $2 == "$3" ]]; then
		ok "$1"
	else
		not_ok "$1"
		diag "want: $3" "got:  $2"
	fi
}

# check_has DESC TEXT STRING...: TEXT contains each STRING.
check_has() {
	local desc=$1 text=$2 pat
	shift 2
	for pat in "$@"; do
		if [[ $text != *"$pat"* ]]; then
			not_ok "$desc"
			diag "no match for: $pat" "in: $text"
			return
		fi
	done
	ok "$desc"
}

# check_output DESC WANT CMD...: CMD succeeds and prints exactly WANT.
check_output() {
	_check_cmd succeed "$@"
}

# check_json DESC WANT EXPR CMD...: CMD succeeds and prints JSON; the
# Python expression EXPR of it (named d) prints exactly WANT.
check_json() {
	local desc=$1 want=$2 expr=$3 out got rc=0
	shift 3
	out=$("$@" 2>&1) || rc=$?
	# On standard input: a big dump is more than an argument may hold.
	got=$(python3 -c "import json, sys; d = json.load(sys.stdin); print($expr)" \
		<<< "$out" 2>&1)
	if ((rc == 0)) && [[ $got == "$want" ]]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command: $*" "exit $rc" "want: $want" "got:  $got" "output: $out"
	fi
}

# add_netns NAME: creates netns NAME-$$ with lo up; prints its name.
add_netns() {
	local ns=$1-$$
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	echo "$ns" >> "$_netns_file"
	echo "$ns"
}

on_exit() {
	_cleanups+=("$*")
}

# Deletes every namespace add_netns made.
del_all_netns() {
	local ns
	while read -r ns; do
		ip netns del "$ns" 2>/dev/null
	done < "$_netns_file"
	: > "$_netns_file"
}

_cleanup() {
	local c
	for c in "${_cleanups[@]}"; do
		eval "$c" >/dev/null 2>&1
	done
	del_all_netns
	rm -f "$_netns_file"
}
trap _cleanup EXIT

# Deletes every bridge of the current namespace.
del_all_bridges() {
	local br
	for br in $(vswctl list-br 2>/dev/null); do
		vswctl del-br "$br"
	done
}

# skip DESC REASON: a check that could not run here; the test as a whole
# is then reported skipped (exit 4) unless another check failed.
_skip_reason=
skip() {
	_ntests=$((_ntests + 1))
	_skip_reason=$2
	echo "ok $_ntests $1 # SKIP $2"
}

finish() {
	echo "1..$_ntests"
	((_nfail == 0)) || exit 1
	[[ -z $_skip_reason ]] || { echo "# SKIP $_skip_reason"; exit $ksft_skip; }
	exit 0
}

# add_host SW NAME N: a host for switch tests. Creates netns NAME-$$ with
# IPv6 off (so it sends nothing unasked), and a veth pair: NAME in netns SW
# (left down, for the caller to attach) and eth0 in the host, with MAC
# 02:00:00:00:00:0N and 10.0.0.N/24, up. Prints the host's netns.
add_host() {
	local sw=$1 name=$2 n=$3 ns
	ns=$(add_netns "$name")
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n "$sw" link add "$name" type veth peer name eth0 netns "$ns"
	ip netns exec "$sw" sysctl -qw "net.ipv6.conf.$name.disable_ipv6=1"
	ip -n "$ns" link set eth0 address "02:00:00:00:00:0$n"
	ip -n "$ns" addr add "10.0.0.$n/24" dev eth0
	echo "$ns"
}

# attach_hosts SW BRIDGE N...: for each N, a host hN (add_host) on a port
# hN of BRIDGE in netns SW, all up; sets h1, h2, ... to their netns.
attach_hosts() {
	local sw=$1 br=$2 n
	shift 2
	for n in "$@"; do
		declare -g "h$n=$(add_host "$sw" "h$n" "$n")"
		check "add-port h$n" ip netns exec "$sw" "$VSWCTL" add-port "$br" "h$n"
		ip -n "$sw" link set "h$n" up
		eval ip -n "\$h$n" link set eth0 up
	done
}

# pin_neighbours N...: each host hN (attach_hosts) knows every other's
# 10.0.0.M and MAC for good, so that no ARP of its own adds to counts.
pin_neighbours() {
	local a b ns
	for a in "$@"; do
		for b in "$@"; do
			((a == b)) && continue
			eval ns=\$h$a
			ip -n "$ns" neigh replace "10.0.0.$b" \
				lladdr "02:00:00:00:00:0$b" nud permanent dev eth0
		done
	done
}

# underlay A B: a veth pair, ua in netns A (192.0.2.1/24) and ub in B
# (192.0.2.2/24), up: the network two switch hosts tunnel over.
underlay() {
	ip -n "$1" link add ua type veth peer name ub netns "$2"
	ip -n "$1" addr add 192.0.2.1/24 dev ua
	ip -n "$2" addr add 192.0.2.2/24 dev ub
	ip -n "$1" link set ua up
	ip -n "$2" link set ub up
}

# send_frames NS DEV COUNT SRC DST [ETHERTYPE [VLAN]]: sends COUNT frames
# of 60 bytes from MAC SRC to MAC DST on DEV in netns NS; with VLAN, an
# 802.1Q tag in the data.
send_frames() {
	ip netns exec "$1" python3 - "$@" <<'PY'
import socket, sys
_, ns, dev, count, src, dst = sys.argv[:6]
etype = int(sys.argv[6], 0) if len(sys.argv) > 6 else 0x88b5
vlan = int(sys.argv[7]) if len(sys.argv) > 7 else None
mac = lambda m: bytes.fromhex(m.replace(":", ""))
hdr = mac(dst) + mac(src)
if vlan is not None:
    hdr += (0x8100).to_bytes(2, "big") + vlan.to_bytes(2, "big")
frame = hdr + etype.to_bytes(2, "big")
frame += bytes(60 - len(frame))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
for _ in range(int(count)):
    s.send(frame)
PY
}

# port_stat NS BRIDGE PORT KEY: a counter of "vswctl -j dump-ports".
port_stat() {
	ip netns exec "$1" "$VSWCTL" -j dump-ports "$2" | python3 -c '
import json, sys
print(next(p[sys.argv[2]] for p in json.load(sys.stdin) if p["name"] == sys.argv[1]))' "$3" "$4"
}

# bridge_stat NS BRIDGE KEY: a counter of "vswctl -j show BRIDGE".
bridge_stat() {
	ip netns exec "$1" "$VSWCTL" -j show "$2" | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["stats"][sys.argv[1]])' "$3"
}

# capture_start NS DEV FILTER [DIRECTION]: tcpdump in the background into
# a file, packets received and sent, or only DIRECTION (in, out);
# capture_stop prints how many packets it saw.
capture_start() {
	_capfile=$(mktemp)
	# shellcheck disable=SC2086
	ip netns exec "$1" tcpdump -i "$2" -Q "${4:-inout}" -nn -e -l $3 \
		> "$_capfile" 2>/dev/null &
	_cappid=$!
	on_exit "kill $_cappid; rm -f $_capfile"
	# tcpdump prints nothing when it is ready: wait for its socket.
	local i
	for i in $(seq 50); do
		ip netns exec "$1" ss -0 -H 2>/dev/null | grep -q . && break
		sleep 0.1
	done
	sleep "$(slow 0.3)"
}

capture_stop() {
	sleep "$(slow 0.3)"
	kill -INT "$_cappid"
	wait "$_cappid" 2>/dev/null
	# One line per packet starts with its time; hex dumps are indented,
	# and the inner frame of a tunnel packet starts with its MAC address.
	grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]' "$_capfile"
}

# kmemleak_check DESC: where the kernel has kmemleak, scans for leaks
# (twice: an object must be 5 s old to count) and checks that none was
# reported; elsewhere only a diagnostic line.
kmemleak_check() {
	local f=/sys/kernel/debug/kmemleak n
	if [[ ! -w $f ]]; then
		diag "$1: not checked, no kmemleak in this kernel"
		return
	fi
	echo scan > "$f"
	sleep 6
	echo scan > "$f"
	n=$(grep -c '^unreferenced object' "$f")
	check_eq "$1" "$n" 0
	((n == 0)) || diag "$(head -n 60 "$f")"
}

# smoke_test NS: a bridge in netns NS with two hosts, that ping each
# other, learn and take a flow; then it is deleted.
smoke_test() {
	local sw=$1
	check "smoke: add-br" ip netns exec "$sw" "$VSWCTL" add-br smoke0
	attach_hosts "$sw" smoke0 1 2
	check "smoke: h1 pings h2" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2
	check "smoke: add-flow" ip netns exec "$sw" "$VSWCTL" add-flow smoke0 \
		"priority=10 icmp actions=drop"
	check_fail "smoke: the flow drops ICMP" "" \
		bash -c "ip netns exec $h1 ping -c 1 -W 1 -q 10.0.0.2 >/dev/null"
	check "smoke: del-br" ip netns exec "$sw" "$VSWCTL" del-br smoke0
}
