#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark suite's guest half: bench/run boots one VM and runs this in
# it. The candidates, each on a topology of its own (see "topologies"):
#
#   veth     the two hosts on one veth pair, no switch: the limit
#   linux    a Linux bridge (with native vxlan/gretap devices in tunnels)
#   ovsdp    openvswitch.ko programmed with ovs-dpctl: in_port(1)->2, 2->1
#   ovs      openvswitch.ko under ovsdb-server + ovs-vswitchd, NORMAL
#   vsw      vswitch, the learning switch
#   vswflow  vswitch with "in_port=1 actions=output:2" and its reverse
#
# Every figure is appended as a JSON line to $BENCH_OUT/results.jsonl;
# instruction counts come from the insncount plugin's marks, whose numbers
# are recorded. BENCH_ROUNDS (3) rounds give a median and a spread;
# candidates run in forward order in odd rounds and reverse order in even
# ones, because under TCG a run's position moves its result. BENCH_SECS
# (2) is each iperf3 run's length; BENCH_ONLY picks sections (l2 newflow
# memory program program_agent reactive tunnel scale), BENCH_L2 the
# switching candidates, and
# VSW_MODULE another vswitch.ko.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
V=$top/userspace-ctl/vswctl
MARK=$top/build/insncount/mark
OUT=${BENCH_OUT:-/tmp/job}
ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECS:-2}
ONLY=${BENCH_ONLY:-l2 newflow memory program program_agent reactive tunnel scale}
RES=$OUT/results.jsonl
: > "$RES"

nmark=0
t_start=$(date +%s)

progress() { printf '[bench %4ds] %s\n' $(($(date +%s) - t_start)) "$*"; }

# record SECTION CASE CANDIDATE METRIC VALUE
# An empty VALUE (a command that failed) is recorded as null.
record() {
	printf '{"section":"%s","case":"%s","cand":"%s","metric":"%s","value":%s}\n' \
		"$1" "$2" "$3" "$4" "${5:-null}" >> "$RES"
}

# Without the plugin's marker program there are no counts to take.
mark() {
	[[ -x $MARK ]] || return 0
	"$MARK"
	nmark=$((nmark + 1))
}

now() { date +%s.%N; }

# Everything the guest must have, loaded once.
insmod "${VSW_MODULE:-$top/build/$(uname -r)/vswitch.ko}" || exit 1
modprobe pktgen || exit 1
modprobe openvswitch || exit 1
modprobe vxlan
modprobe ip_gre
modprobe bridge
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
record meta - - kernel "\"$(uname -r)\""
record meta - - cpus "$(nproc)"

# ---- Open vSwitch ------------------------------------------------------

# ovs_start NS: ovsdb-server and ovs-vswitchd for namespace NS, state in
# /tmp/ovs-NS. The first ovs-vswitchd in a fresh VM logs "Overriding
# n-handler-threads to 0" and gives the kernel no handler socket, so every
# upcall is lost (ovs-dpctl show: lost = missed); a second one, started
# once the datapath exists, works. ovs_ready restarts it for that.
ovs_start() {
	local ns=$1 d=/tmp/ovs-$1
	mkdir -p "$d"
	ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema
	OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d ip netns exec "$ns" \
		ovsdb-server "$d/conf.db" --remote=punix:"$d/db.sock" \
		--pidfile="$d/ovsdb-server.pid" --detach --log-file="$d/db.log"
	ovsctl "$ns" --no-wait init
	ovsctl "$ns" --no-wait set Open_vSwitch . other_config:mac-table-size=16384
	ovs_vswitchd "$ns"
}

ovs_vswitchd() {
	local d=/tmp/ovs-$1
	OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d ip netns exec "$1" \
		ovs-vswitchd unix:"$d/db.sock" --pidfile="$d/vswitchd.pid" \
		--detach --log-file="$d/vswitchd.log"
}

ovs_ready() {
	local d=/tmp/ovs-$1
	kill "$(cat "$d/vswitchd.pid")"
	sleep 1
	ovs_vswitchd "$1"
	ovsctl "$1" --timeout=20 wait-until interface "$2" ofport!=-1
}

ovs_stop() {
	local d=/tmp/ovs-$1 pids
	[[ -e $d ]] || return 0
	pids="$(cat "$d/vswitchd.pid") $(cat "$d/ovsdb-server.pid")"
	kill $pids
	kill -CONT $pids
	sleep 1
	ip netns exec "$1" ovs-dpctl del-dp ovs-system 2>/dev/null
	rm -rf "$d"
}

ovsctl() {
	local ns=$1
	shift
	ip netns exec "$ns" ovs-vsctl --db=unix:/tmp/ovs-$ns/db.sock "$@"
}

# "missed lost" of the namespace's datapath
ovs_upcalls() {
	ip netns exec "$1" ovs-dpctl show |
		sed -n 's/.*missed:\([0-9]*\) lost:\([0-9]*\).*/\1 \2/p'
}

# ---- topologies --------------------------------------------------------

# Every candidate of a section gets a topology of its own, number K:
# h$K in this namespace (10.K.0.1), h2_$K in namespace h2_$K (10.K.0.2),
# the switch in sw_$K (or ha_$K and hb_$K for tunnels). All of a
# section's topologies are built first, then measured in rounds, and
# while one is measured the other topologies' ovs-vswitchd and
# ovsdb-server are stopped (SIGSTOP), so that only the candidate under
# test runs.
declare -A OVSNS=()
TOPOS=()

mac() { printf '02:00:00:00:%02x:%02x' "$1" "$2"; }

# A switch in NS between devices P1 and P2.
switch_up() { # CANDIDATE NS P1 P2
	local c=$1 ns=$2 p1=$3 p2=$4
	case $c in
	linux)
		ip -n "$ns" link add br0 type bridge
		ip -n "$ns" link set dev "$p1" master br0
		ip -n "$ns" link set dev "$p2" master br0
		ip -n "$ns" link set dev br0 up
		;;
	ovsdp)
		ip netns exec "$ns" ovs-dpctl add-dp d0
		ip netns exec "$ns" ovs-dpctl add-if d0 "$p1"
		ip netns exec "$ns" ovs-dpctl add-if d0 "$p2"
		ip netns exec "$ns" ovs-dpctl add-flow d0 "in_port(1),eth()" 2
		ip netns exec "$ns" ovs-dpctl add-flow d0 "in_port(2),eth()" 1
		;;
	ovs)
		ovs_start "$ns"
		ovsctl "$ns" add-br obr
		ovsctl "$ns" add-port obr "$p1"
		ovsctl "$ns" add-port obr "$p2"
		ovs_ready "$ns" "$p2"
		;;
	vsw | vswflow)
		ip netns exec "$ns" "$V" add-br br0
		ip netns exec "$ns" "$V" set-br br0 fdb-max 16384 flow-max 1000000
		ip netns exec "$ns" "$V" add-port br0 "$p1"
		ip netns exec "$ns" "$V" add-port br0 "$p2"
		if [[ $c == vswflow ]]; then
			ip netns exec "$ns" "$V" add-flow br0 "priority=0,in_port=1 actions=output:2"
			ip netns exec "$ns" "$V" add-flow br0 "priority=0,in_port=2 actions=output:1"
		fi
		;;
	esac
	ip -n "$ns" link set dev "$p1" up
	ip -n "$ns" link set dev "$p2" up
}

hosts_up() { # K MTU
	ip link set dev h$1 address "$(mac "$1" 1)" mtu "$2" up
	ip addr add 10.$1.0.1/24 dev h$1
	ip -n h2_$1 link set dev eth0 address "$(mac "$1" 2)" mtu "$2" up
	ip -n h2_$1 addr add 10.$1.0.2/24 dev eth0
}

# l2_up K CANDIDATE: h$K - switch - h2 (or h$K - h2 for veth).
l2_up() {
	local k=$1 c=$2
	ip netns add h2_$k
	if [[ $c == veth ]]; then
		ip link add h$k type veth peer name eth0 netns h2_$k
	else
		ip netns add sw_$k
		ip link add h$k type veth peer name p1 netns sw_$k
		ip -n h2_$k link add eth0 type veth peer name p2 netns sw_$k
		switch_up $c sw_$k p1 p2
		[[ $c == ovs ]] && OVSNS[$k]=sw_$k
	fi
	hosts_up $k 1500
	TOPOS+=($k)
}

# tunnel_up K CANDIDATE vxlan|gre: h$K - switch A = underlay = switch B -
# h2, the hosts' MTU lowered to what both encapsulations carry whole.
tunnel_up() {
	local k=$1 c=$2 t=$3 ns ip peer
	ip netns add h2_$k
	ip netns add ha_$k
	ip netns add hb_$k
	ip -n ha_$k link add u type veth peer name u netns hb_$k
	ip -n ha_$k addr add 192.0.2.1/24 dev u
	ip -n hb_$k addr add 192.0.2.2/24 dev u
	ip -n ha_$k link set dev u up
	ip -n hb_$k link set dev u up
	ip link add h$k type veth peer name g netns ha_$k
	ip -n h2_$k link add eth0 type veth peer name g netns hb_$k
	for ns in ha_$k hb_$k; do
		ip=192.0.2.1 peer=192.0.2.2
		[[ $ns == hb_* ]] && ip=192.0.2.2 peer=192.0.2.1
		case $c in
		linux)
			if [[ $t == vxlan ]]; then
				ip -n $ns link add t0 type vxlan id 42 remote $peer \
					local $ip dstport 4789
			else
				ip -n $ns link add t0 type gretap remote $peer \
					local $ip key 42
			fi
			switch_up linux $ns g t0
			;;
		ovs)
			ovs_start $ns
			ovsctl $ns add-br obr
			ovsctl $ns add-port obr g
			ovsctl $ns add-port obr t0 -- set interface t0 type="$t" \
				options:remote_ip=$peer options:local_ip=$ip \
				options:key=42
			ovs_ready $ns t0
			ip -n $ns link set dev g up
			OVSNS[$k]="${OVSNS[$k]:-} $ns"
			;;
		vsw)
			ip netns exec $ns "$V" add-br br0
			ip netns exec $ns "$V" add-port br0 g
			ip netns exec $ns "$V" add-port br0 t0 type "$t" \
				remote $peer local $ip key 42
			ip -n $ns link set dev g up
			;;
		esac
	done
	[[ $t == vxlan ]] && hosts_up $k 1450 || hosts_up $k 1458
	TOPOS+=($k)
}

# only K: lets topology K's Open vSwitch daemons run, and stops the others'.
only() {
	local k ns sig
	for k in "${!OVSNS[@]}"; do
		sig=STOP
		[[ $k == "$1" ]] && sig=CONT
		for ns in ${OVSNS[$k]}; do
			kill -$sig "$(cat /tmp/ovs-$ns/vswitchd.pid)" \
				"$(cat /tmp/ovs-$ns/ovsdb-server.pid)"
		done
	done
}

# Tears every topology down.
down() {
	local k ns
	kill "$(cat /tmp/iperf3.pid 2>/dev/null)" 2>/dev/null
	for k in "${!OVSNS[@]}"; do
		for ns in ${OVSNS[$k]}; do
			ovs_stop $ns
		done
	done
	for k in "${TOPOS[@]}"; do
		ip link del h$k 2>/dev/null
		for ns in h2_$k sw_$k ha_$k hb_$k; do
			ip netns del $ns 2>/dev/null
		done
	done
	OVSNS=()
	TOPOS=()
	sleep 1
}

# works K: teaches learning switches both hosts, and proves the path works.
works() {
	ip netns exec h2_$1 ping -c 2 -i 0.3 -W 3 10.$1.0.1 >/dev/null 2>&1 ||
		ping -c 2 -i 0.3 -W 3 10.$1.0.2 >/dev/null 2>&1
}

# ---- traffic -----------------------------------------------------------

pg() { echo "$2" > "/proc/net/pktgen/$1"; }

# pgsend K COUNT PORTS [SEQ [MACS]]: COUNT 64-byte UDP frames h$K -> h2,
# to an address h2 does not have, so that they end at its IP layer.
# PORTS 0: one source port; else PORTS random ones (SEQ=1: in turn).
# MACS: that many source MACs, in turn.
pgsend() {
	local k=$1 count=$2 ports=$3 seq=${4:-0} macs=${5:-0} d=h$1
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device $d"
	pg $d "count $count"
	pg $d "pkt_size 60"
	pg $d "delay 0"
	pg $d "dst 10.$k.0.3"
	pg $d "dst_mac $(mac "$k" 2)"
	pg $d "udp_dst_min 9"
	pg $d "udp_dst_max 9"
	if ((ports)); then
		pg $d "udp_src_min 1024"
		pg $d "udp_src_max $((1023 + ports))"
		if ((seq)); then
			pg $d "flag !UDPSRC_RND"
		else
			pg $d "flag UDPSRC_RND"
		fi
	else
		pg $d "udp_src_min 1000"
		pg $d "udp_src_max 1000"
		pg $d "flag !UDPSRC_RND"
	fi
	if ((macs)); then
		pg $d "src_mac 02:10:00:00:00:00"
		pg $d "src_mac_count $macs"
	else
		pg $d "src_mac $(mac "$k" 1)"
		pg $d "src_mac_count 0"
	fi
	pg pgctrl start
}

# microseconds topology K's last pktgen run took
pgusec() {
	sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' /proc/net/pktgen/h$1
}

rxcount() { # K
	ip netns exec h2_$1 cat /sys/class/net/eth0/statistics/rx_packets
}

# pps SECTION CASE K CAND PORTS ROUND: frames h2 received per second of
# sending, from a 50,000-frame run after a warm-up; in the first round
# also the instructions per frame, from 10,000- and 30,000-frame runs.
pps() {
	local s=$1 case=$2 k=$3 c=$4 ports=$5 r=$6 rx
	pgsend $k 1000 "$ports"
	if ((r == 1)) && [[ -x $MARK ]]; then
		record "$s" "$case" "$c" insn "[$((nmark + 1)), $((nmark + 2)), $((nmark + 3)), $((nmark + 4))]"
		rx=$(rxcount $k)
		mark; pgsend $k 10000 "$ports"; mark
		mark; pgsend $k 30000 "$ports"; mark
		# A count is only a cost per frame if every frame arrived.
		record "$s" "$case" "$c" insn_lost $((40000 - $(rxcount $k) + rx))
	fi
	rx=$(rxcount $k)
	pgsend $k 50000 "$ports"
	rx=$(($(rxcount $k) - rx))
	record "$s" "$case" "$c" pps "$(python3 -c "print(round($rx / $(pgusec $k) * 1e6))")"
	record "$s" "$case" "$c" delivered "$rx"
}

# tcp SECTION K CAND STREAMS: iperf3 h$K -> h2, Gbit/s received
tcp() {
	local g
	ip netns exec h2_$2 iperf3 -s -1 -D -I /tmp/iperf3.pid >/dev/null
	sleep 0.3
	g=$(iperf3 -c 10.$2.0.2 -t "$SECS" -P "$4" -J |
		python3 -c 'import json, sys; print("%.4f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))') ||
		g=null
	record "$1" "tcp $4" "$3" gbps "$g"
}

order() { # ROUND ITEMS...
	local r=$1
	shift
	if ((r % 2)); then
		echo "$@"
	else
		printf '%s\n' "$@" | tac | tr '\n' ' '
	fi
}

# rounds SECTION K:CAND...: the four per-path figures of each candidate
# that works, in BENCH_ROUNDS rounds.
rounds() {
	local s=$1 r kc k c
	shift
	for kc in "$@"; do
		only ${kc%:*}
		works ${kc%:*} || record "$s" - ${kc#*:} error '"no path h1 - h2"'
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		for kc in $(order $r "$@"); do
			k=${kc%:*} c=${kc#*:}
			progress "$s, round $r/$ROUNDS: $c"
			only $k
			pps "$s" "pps 1 flow" $k $c 0 $r
			pps "$s" "pps 10k flows" $k $c 10000 $r
			tcp "$s" $k $c 1
			tcp "$s" $k $c 4
		done
	done
}

# ---- sections ----------------------------------------------------------

L2=${BENCH_L2:-"1:veth 2:linux 3:ovsdp 4:ovs 5:vsw 6:vswflow"}

section_l2() {
	rounds l2 $L2
}

section_tunnel() {
	local t kc set
	for t in vxlan gre; do
		set="11:linux 12:ovs 13:vsw"
		progress "$t: building $set"
		for kc in $set; do
			tunnel_up ${kc%:*} ${kc#*:} $t
		done
		rounds $t $set
		down
	done
}

# newflows K N PGSEND-ARGS...: sends N frames with pgsend, and prints
# "frames seconds": how many h2 got and when the last came, counted from
# the start of sending. A poller in h2's namespace reads the counter every
# 20 ms, and stops at N or after a second with none.
newflows() {
	local k=$1 n=$2 f=/tmp/newflows t0
	shift 2
	rm -f $f
	ip netns exec h2_$k python3 - "$n" "$f" <<'PY' &
import sys, time
want, out = int(sys.argv[1]), sys.argv[2]
ctr = "/sys/class/net/eth0/statistics/rx_packets"
before = int(open(ctr).read())
open(out + ".ready", "w").close()
last, t_last = 0, time.time()
while True:
    n = int(open(ctr).read()) - before
    now = time.time()
    if n != last:
        last, t_last = n, now
    if n >= want or (n and now - t_last > 1.0) or now - t_last > 30:
        break
    time.sleep(0.02)
with open(out, "w") as f:
    f.write("%d %.6f\n" % (last, t_last))
PY
	while [[ ! -e $f.ready ]]; do
		sleep 0.05
	done
	t0=$(now)
	pgsend $k "$@"
	wait
	python3 -c "import sys; d, t = open('$f').read().split(); print(d, float(t) - $t0)"
	rm -f $f $f.ready
}

# cold K CAND: forgets what the switch learned (addresses, megaflows)
cold() {
	case $2 in
	linux) ip -n sw_$1 link set dev br0 type bridge fdb_flush ;;
	vsw) ip netns exec sw_$1 "$V" fdb-flush br0 ;;
	ovs)
		ip netns exec sw_$1 ovs-appctl -t /tmp/ovs-sw_$1/ovs-vswitchd.$(cat /tmp/ovs-sw_$1/vswitchd.pid).ctl fdb/flush obr >/dev/null
		ip netns exec sw_$1 ovs-dpctl del-flows
		;;
	esac
	sleep 0.5
}

# New flows from a cold start, on the switching section's topologies:
# 10,000 frames, each with a 5-tuple the switch has not seen (after the
# hosts' own addresses are learned again), or 4,000 frames each from a
# new source MAC. Flows per second = frames h2 got / time to the last.
section_newflow() {
	local r kc k c kind n d t m l m2 l2 up set="2:linux 3:ovsdp 4:ovs 5:vsw 6:vswflow"
	for ((r = 1; r <= ROUNDS; r++)); do
		for kc in $(order $r $set); do
			k=${kc%:*} c=${kc#*:}
			only $k
			for kind in 5tuple mac; do
				progress "new flows ($kind), round $r/$ROUNDS: $c"
				cold $k $c
				[[ $kind == 5tuple ]] && works $k
				[[ $c == ovs ]] && up=$(ovs_upcalls sw_$k)
				if [[ $kind == 5tuple ]]; then
					n=10000
					read -r d t <<< "$(newflows $k $n $n $n 1)"
				else
					n=4000
					read -r d t <<< "$(newflows $k $n $n 0 0 $n)"
				fi
				record newflow $kind $c delivered "$d"
				record newflow $kind $c sent "$n"
				record newflow $kind $c fps "$(python3 -c "print(round($d / $t))")"
				if [[ $c == ovs ]]; then
					read -r m l <<< "$up"
					read -r m2 l2 <<< "$(ovs_upcalls sw_$k)"
					record newflow $kind $c upcalls "$((m2 - m))"
					record newflow $kind $c lost "$((l2 - l))"
				fi
			done
		done
	done
}

# Memory per 8,192 learned MACs, on the switching section's topologies:
# slab growth (and ovs-vswitchd's resident memory) after h$K sends from
# 8,192 new source MACs.
section_memory() {
	local r kc k c k0 k1 p n=8192 r0 r1 set="2:linux 4:ovs 5:vsw"
	for ((r = 1; r <= ROUNDS; r++)); do
		for kc in $(order $r $set); do
			k=${kc%:*} c=${kc#*:}
			progress "memory for $n MACs, round $r/$ROUNDS: $c"
			only $k
			cold $k $c
			if [[ $c == ovs ]]; then
				p=$(cat /tmp/ovs-sw_$k/vswitchd.pid)
				r0=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status)
			fi
			k0=$(slab_kb)
			pgsend $k $n 0 0 $n
			sleep 2
			k1=$(slab_kb)
			record memory "$n MACs" $c slab_bytes_per_mac "$(python3 -c "print(round(($k1 - $k0) * 1024 / $n))")"
			case $c in
			vsw) record memory "$n MACs" $c learned "$(ip netns exec sw_$k "$V" -j show br0 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["fdb_entries"])')" ;;
			linux) record memory "$n MACs" $c learned "$(bridge -n sw_$k fdb show br br0 | grep -c '^02:10:')" ;;
			ovs)
				r1=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status)
				record memory "$n MACs" $c rss_bytes_per_mac "$(python3 -c "print(round(($r1 - $r0) * 1024 / $n))")"
				record memory "$n MACs" $c learned "$(ip netns exec sw_$k ovs-appctl -t /tmp/ovs-sw_$k/ovs-vswitchd.$p.ctl fdb/show obr | grep -c '02:10:')"
				;;
			esac
		done
	done
}

# genflows N MASKS dpctl|of: N flows over MASKS masks (nw_src prefixes of
# 1 to 32 bits) that the test frames (10.K.0.1 -> 10.K.0.3) never match,
# in ovs-dpctl's syntax or in ovs-ofctl's (which is vswctl's too). Their
# actions never run: ovs-dpctl's "drop" is refused by the kernel, so they
# output to port 2.
genflows() {
	python3 - "$@" <<'PY'
import sys
n, masks, fmt = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def quad(a):
    return "%d.%d.%d.%d" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255)
for i in range(n):
    m, j = i % masks, i // masks
    plen = m + 1
    src = quad(1 << (32 - plen))
    dst = "172.%d.%d.%d" % (16 + (j >> 16), (j >> 8) & 255, j & 255)
    if fmt == "dpctl":
        mask = quad((0xffffffff << (32 - plen)) & 0xffffffff)
        print("in_port(1),eth(),eth_type(0x0800),"
              "ipv4(src=%s/%s,dst=%s,frag=no) 2" % (src, mask, dst))
    else:
        print("priority=%d,ip,nw_src=%s/%d,nw_dst=%s actions=drop"
              % (1 + i % 1000, src, plen, dst))
PY
}

slab_kb() {
	sync
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}

# load K CAND N MASKS: adds the flows, recording the rate and slab growth
load() {
	local k=$1 c=$2 n=$3 masks=$4 f=/tmp/flows t0 t1 k0 k1
	local case="$((n + 1)) flows $masks masks"
	genflows "$n" "$masks" "$([[ $c == ovsdp ]] && echo dpctl || echo of)" > $f
	k0=$(slab_kb)
	t0=$(now)
	if [[ $c == ovsdp ]]; then
		ip netns exec sw_$k ovs-dpctl add-flows d0 $f || return 1
	else
		ip netns exec sw_$k "$V" add-flows br0 $f || return 1
	fi
	t1=$(now)
	k1=$(slab_kb)
	if ((n >= 999)); then
		record program "$case" "$c" flows_per_s "$(python3 -c "print(round($n / ($t1 - $t0)))")"
		record program "$case" "$c" slab_bytes_per_flow "$(python3 -c "print(round(($k1 - $k0) * 1024 / $n))")"
	fi
}

# Flow-table scaling: the in_port flow under N others over M masks, 10,000
# random source ports, and (vswitch) the matching flow at the lowest
# priority, so that no search stops early. Loading 100,000 flows with
# ovs-dpctl takes long under TCG, so each table is built once and measured
# BENCH_ROUNDS times in a row; the loads give the programming rates.
section_scale() {
	local r c cfg n m k=21
	for cfg in 1:1 1000:1 1000:8 1000:32 100000:1 100000:8 100000:32; do
		for c in ovsdp vswflow; do
			n=${cfg%:*} m=${cfg#*:}
			progress "scaling: $c, $n flows, $m masks"
			l2_up $k $c
			if [[ $c == ovsdp ]]; then
				# The kernel refuses a flow that one already in
				# the table matches: the catch-alls go in last.
				ip netns exec sw_$k ovs-dpctl del-flows d0
				((n > 1)) && load $k $c $((n - 1)) $m
				ip netns exec sw_$k ovs-dpctl add-flow d0 "in_port(1),eth()" 2
				ip netns exec sw_$k ovs-dpctl add-flow d0 "in_port(2),eth()" 1
				record scale "$n flows $m masks" $c flows "$(ip netns exec sw_$k ovs-dpctl show d0 | sed -n 's/^ *flows: //p')"
			else
				((n > 1)) && load $k $c $((n - 1)) $m
				record scale "$n flows $m masks" $c flows "$(ip netns exec sw_$k "$V" -j show br0 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["flows"])')"
			fi
			if works $k; then
				for ((r = 1; r <= ROUNDS; r++)); do
					pps scale "$n flows $m masks" $k $c 10000 $r
				done
			else
				record scale "$n flows $m masks" $c error '"no path"'
			fi
			down
		done
	done
}

# Flow programming through ovs-vswitchd: the same 100,000 flows with
# ovs-ofctl add-flows, on the switching section's Open vSwitch.
section_program() {
	local f=/tmp/flows t0 t1 n=100000 r0 r1 p k=4
	progress "flow programming: ovs-ofctl add-flows"
	only $k
	genflows $n 32 of > $f
	p=$(cat /tmp/ovs-sw_$k/vswitchd.pid)
	r0=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status)
	t0=$(now)
	ip netns exec sw_$k ovs-ofctl add-flows unix:/tmp/ovs-sw_$k/obr.mgmt $f
	t1=$(now)
	r1=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status)
	record program "$n flows 32 masks" ovs flows_per_s "$(python3 -c "print(round($n / ($t1 - $t0)))")"
	record program "$n flows 32 masks" ovs rss_bytes_per_flow "$(python3 -c "print(round(($r1 - $r0) * 1024 / $n))")"
	record program "$n flows 32 masks" ovs count "$(ip netns exec sw_$k ovs-ofctl dump-aggregate unix:/tmp/ovs-sw_$k/obr.mgmt | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')"
}

# vswagent K [ARGS]: the agent in sw_K, in the background; its log in
# /tmp/vswagent-K.log.
vswagent() {
	local k=$1
	shift
	ip link set dev lo up 2>/dev/null
	ip -n sw_$k link set dev lo up
	ip netns exec sw_$k "$top/userspace-ctl/vswagent" \
		--log-file /tmp/vswagent-$k.log "$@" &
	AGENT_PID=$!
}

# The same 100,000 flows through vswagent: ovs-ofctl add-flows to its
# ptcp: target, on the vswflow topology; the flows go on top of its two.
section_program_agent() {
	local f=/tmp/flows t0 t1 n=100000 k=6 i
	progress "flow programming: ovs-ofctl add-flows to vswagent"
	only $k
	genflows $n 32 of > $f
	ip netns exec sw_$k "$V" set-controller br0 ptcp:6653:127.0.0.1
	vswagent $k
	for ((i = 0; i < 100; i++)); do
		ip netns exec sw_$k ovs-ofctl show tcp:127.0.0.1:6653 >/dev/null 2>&1 && break
		sleep 0.1
	done
	t0=$(now)
	# A rate is recorded only for flows that went in.
	if ((i == 100)); then
		record program "$n flows 32 masks" vswagent error '"vswagent did not listen"'
	elif ! ip netns exec sw_$k ovs-ofctl add-flows tcp:127.0.0.1:6653 $f; then
		record program "$n flows 32 masks" vswagent error '"ovs-ofctl add-flows failed"'
	else
		t1=$(now)
		record program "$n flows 32 masks" vswagent flows_per_s "$(python3 -c "print(round($n / ($t1 - $t0)))")"
		record program "$n flows 32 masks" vswagent count "$(ip netns exec sw_$k "$V" -j show br0 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["flows"] - 2)')"
	fi
	kill $AGENT_PID
	wait $AGENT_PID
	ip netns exec sw_$k "$V" del-controller br0
	# The sections after this one get the bridge's two flows only.
	ip netns exec sw_$k "$V" del-flows br0
	ip netns exec sw_$k "$V" add-flow br0 "priority=0,in_port=1 actions=output:2"
	ip netns exec sw_$k "$V" add-flow br0 "priority=0,in_port=2 actions=output:1"
}

# controller_up K ovs|vsw: whether the switch of topology K is connected to
# its controller within 10 s.
controller_up() {
	local i
	for ((i = 0; i < 100; i++)); do
		if [[ $2 == ovs ]]; then
			[[ -n $(ovsctl sw_$1 find controller is_connected=true) ]] && return 0
		else
			ip netns exec sw_$1 "$V" -j show br0 | grep -q '"is_connected":true' && return 0
		fi
		sleep 0.1
	done
	return 1
}

# Reactive flow setup: ovs-testcontroller as the learning switch, with its
# exact-match flows, drives Open vSwitch (its controller) and vswitch
# (through vswagent, the packet-in rate limit lifted); 10,000 frames, each
# a new 5-tuple, each a packet-in and a flow-mod (and a packet-out). Flows
# per second = frames h2 got / time to the last.
section_reactive() {
	local kc k c d t m port set="4:ovs 5:vsw" connected="4:ovs 5:vsw"
	for kc in $set; do
		k=${kc%:*} c=${kc#*:} port=$((6700 + ${kc%:*}))
		only $k
		ip -n sw_$k link set dev lo up
		ip netns exec sw_$k ovs-testcontroller --detach \
			--pidfile=/tmp/testcontroller-$k.pid \
			--unixctl=/tmp/testcontroller-$k.ctl \
			--log-file=/tmp/testcontroller-$k.log ptcp:$port:127.0.0.1
		if [[ $c == ovs ]]; then
			ovsctl sw_$k set-controller obr tcp:127.0.0.1:$port
		else
			ip netns exec sw_$k "$V" set-br br0 controller-rate 1000000
			ip netns exec sw_$k "$V" set-controller br0 tcp:127.0.0.1:$port
			vswagent $k
		fi
		controller_up $k $c || connected=${connected/$kc/}
	done
	# One round: the exact-match flows the controller installed in one
	# would take the same 5-tuples in the next.
	for kc in $set; do
		k=${kc%:*} c=${kc#*:}
		only $k
		# Again: only stopped the other daemons meanwhile.
		controller_up $k $c || connected=${connected/$kc/}
		if [[ $connected != *$kc* ]]; then
			record reactive 5tuple $c error '"no controller connection"'
			continue
		fi
		progress "reactive new flows: $c"
		cold $k $c
		works $k
		read -r d t <<< "$(newflows $k 10000 10000 10000 1)"
		record reactive 5tuple $c delivered "$d"
		record reactive 5tuple $c sent 10000
		record reactive 5tuple $c fps "$(python3 -c "print(round($d / $t))")"
		# The flows the controller installed: one per 5-tuple if every
		# frame went to it.
		if [[ $c == vsw ]]; then
			record reactive 5tuple $c flows "$(ip netns exec sw_$k "$V" -j show br0 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["flows"])')"
			for m in upcalls upcall_limited upcall_lost; do
				record reactive 5tuple $c $m \
					"$(ip netns exec sw_$k "$V" -j show br0 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["stats"]["'$m'"])')"
			done
		else
			record reactive 5tuple $c flows "$(ip netns exec sw_$k ovs-ofctl dump-aggregate unix:/tmp/ovs-sw_$k/obr.mgmt | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')"
		fi
	done
	for kc in $set; do
		k=${kc%:*} c=${kc#*:}
		kill "$(cat /tmp/testcontroller-$k.pid)"
		if [[ $c == ovs ]]; then
			only $k
			ovsctl sw_$k del-controller obr
		fi
	done
	kill $AGENT_PID
	wait $AGENT_PID
	ip netns exec sw_5 "$V" del-controller br0
	ip netns exec sw_5 "$V" del-flows br0
}

# The switching topologies serve l2, newflow, memory and program.
for s in $ONLY; do
	case $s in
	l2 | newflow | memory | program | program_agent | reactive)
		if ((${#TOPOS[@]} == 0)); then
			progress "building the switching topologies: $L2"
			for kc in $L2; do
				l2_up ${kc%:*} ${kc#*:}
			done
		fi
		;;
	*)
		down
		;;
	esac
	progress "section $s"
	"section_$s"
done
down
progress "done"
