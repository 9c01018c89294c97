#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the flow table costs per frame, in guest instructions, as the table
# grows: pktgen sends 64-byte UDP frames h1 -> switch -> h2, and the
# instructions between marks are counted at two frame counts so that the
# difference, divided by the extra frames, is the cost of one frame. Cases:
#
#   veth        h1 and h2 on one veth pair: the floor
#   normal      vswitch, no flow: the learning switch
#   1 flow      vswitch, one flow "in_port=1 actions=output:2"
#   100k flows  the same flow at priority 0 under 100,000 flows over 32
#               masks that never match, so the search cannot stop early;
#               then at priority 65535, where it stops at the first
#
# each with fixed frames (the exact-match cache hits) and with random UDP
# source ports (it almost never does: every frame searches the subtables).
# Run on the host; it boots the VM itself with the counting plugin:
#
#   bench/flows.sh [KVER]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

if [[ ${1:-} != --guest ]]; then
	kver=${1:-$(ls -d /lib/modules/*/build 2>/dev/null | cut -d/ -f4 | sort -V | tail -n 1)}
	make -s -C "$top/../shared/insncount" OUT="$top/build/insncount" >/dev/null
	out=$top/build/bench-flows-$kver
	rm -rf "$out"
	mkdir -p "$out"
	VSW_VM_INSNCOUNT=$top/build/insncount/insncount.so \
		"$top/scripts/vm/run" -k "$kver" -t 1500 -o "$out" -- \
		"$top/bench/flows.sh" --guest > "$out/guest.log"
	python3 - "$out/marks.txt" "$out/guest.log" <<'PY'
import sys
marks = [int(l.split()[2]) for l in open(sys.argv[1]) if l.startswith("MARK")]
cases = [l.split("\t")[1].strip() for l in open(sys.argv[2]) if l.startswith("CASE\t")]
small, big = 10000, 30000
# Each case is marked before and after each of its two runs.
cost = {}
for i, name in enumerate(cases):
    m = marks[4 * i: 4 * i + 4]
    cost[name] = ((m[3] - m[2]) - (m[1] - m[0])) / (big - small)
veth = cost.pop("veth")
print("%-28s %10s %12s" % ("case", "insn/frame", "above veth"))
print("%-28s %10.0f %12s" % ("veth", veth, "-"))
for name, c in cost.items():
    print("%-28s %10.0f %12.0f" % (name, c, c - veth))
def ratio(a, b):
    return (cost[a] - veth) / (cost[b] - veth)
print()
print("100k flows / 1 flow, cache hits:   %.2f" % ratio("100k flows, fixed", "1 flow, fixed"))
print("100k flows / 1 flow, cache misses: %.2f" % ratio("100k flows, random ports", "1 flow, random ports"))
print("the same, flow at top priority:    %.2f" % ratio("100k flows, top priority, random ports", "1 flow, random ports"))
PY
	exit 0
fi

V=$top/userspace-ctl/vswctl
MARK=$top/build/insncount/mark
insmod "$top/build/$(uname -r)/vswitch.ko"
modprobe pktgen
pg() { echo "$2" > "/proc/net/pktgen/$1"; }

# h1 stays in this namespace (pktgen sends from here), h2 in its own, with
# no address, so that the frames end at its IP layer.
setup() { # veth|switch
	ip netns add h2
	if [[ $1 == veth ]]; then
		ip link add h1 type veth peer name eth0 netns h2
	else
		ip netns add sw
		ip link add h1 type veth peer name p1 netns sw
		ip -n h2 link add eth0 type veth peer name p2 netns sw
		ip netns exec sw "$V" add-br br0
		ip netns exec sw "$V" add-port br0 p1
		ip netns exec sw "$V" add-port br0 p2
		ip -n sw link set p1 up
		ip -n sw link set p2 up
	fi
	ip -n h2 link set eth0 address 02:00:00:00:00:02 up
	ip link set h1 address 02:00:00:00:00:01 up
	sleep 1
}

teardown() {
	ip link del h1 2>/dev/null || true
	ip netns del h2
	ip netns del sw 2>/dev/null || true
	sleep 0.5
}

send() { # COUNT RANDOM
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device h1"
	pg h1 "count $1"
	pg h1 "pkt_size 60"
	pg h1 "delay 0"
	pg h1 "dst 10.0.0.2"
	pg h1 "dst_mac 02:00:00:00:00:02"
	pg h1 "udp_dst_min 9"
	pg h1 "udp_dst_max 9"
	if (($2)); then
		pg h1 "udp_src_min 1024"
		pg h1 "udp_src_max 65000"
		pg h1 "flag UDPSRC_RND"
	else
		pg h1 "udp_src_min 1000"
		pg h1 "udp_src_max 1000"
		pg h1 "flag !UDPSRC_RND"
	fi
	pg pgctrl start
}

measure() { # NAME RANDOM
	printf 'CASE\t%s\n' "$1"
	# Warm up: the FDB learns, the cache fills.
	send 1000 "$2"
	"$MARK"; send 10000 "$2"; "$MARK"
	"$MARK"; send 30000 "$2"; "$MARK"
}

flows100k() {
	python3 - <<'PY' | ip netns exec sw "$V" add-flows br0 -
for i in range(100000):
    m, j = i % 32, i // 32
    print("priority=%d,udp,nw_src=%d.0.0.0/%d,nw_dst=172.16.%d.%d actions=drop"
          % (1 + i % 1000, 1 + m, m + 1, j >> 8, j & 255))
PY
}

setup veth
measure veth 0
teardown

setup switch
# The learning switch needs h2's address: one frame from h2 teaches it.
ip netns exec h2 python3 "$top/selftests/vsw_pkt.py" send eth0 1 \
	src=02:00:00:00:00:02 dst=ff:ff:ff:ff:ff:ff
measure "normal, fixed" 0
ip netns exec sw "$V" add-flow br0 "priority=0,in_port=1 actions=output:2"
measure "1 flow, fixed" 0
measure "1 flow, random ports" 1
flows100k
ip netns exec sw "$V" -j show br0 | python3 -c \
	'import json, sys; print("flows:", json.load(sys.stdin)[0]["flows"])'
measure "100k flows, fixed" 0
measure "100k flows, random ports" 1
ip netns exec sw "$V" -j dump-flows br0 "in_port=1" | python3 -c \
	'import json, sys; print("flow n_packets:", json.load(sys.stdin)[0]["n_packets"])'
# The same flow above all the others: the search stops at once.
ip netns exec sw "$V" add-flow br0 "priority=65535,in_port=1 actions=output:2"
measure "100k flows, top priority, random ports" 1
teardown
