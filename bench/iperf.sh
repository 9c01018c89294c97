#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP throughput between two namespaces, in one VM boot: over a plain veth
# pair, through a vswitch bridge, and through a Linux bridge. Under TCG the
# position of a run in the sequence moves its result by 10-20%, so the
# three are measured in ROUNDS rounds, alternately in forward and reverse
# order, and the mean of each is reported with the ratios to veth. Run in
# the test VM:
#
#   scripts/vm/run -k KVER -- bench/iperf.sh [SECONDS [ROUNDS]]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-5}
rounds=${2:-2}
V=$top/userspace-ctl/vswctl
[[ -d /sys/module/vswitch ]] || insmod "$top/build/$(uname -r)/vswitch.ko"

up() { ip -n "$1" link set dev "$2" up; }

# iperf3 from netns a to netns b (10.0.0.2), in Gbit/s.
rate() {
	ip netns exec b iperf3 -s -1 -D -I /tmp/iperf3.pid >/dev/null
	sleep 0.5
	ip netns exec a iperf3 -c 10.0.0.2 -t "$secs" -J |
		python3 -c 'import json, sys; print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))'
}

# measure veth|vswitch|linux: sets up a and b, prints the rate, tears down.
measure() {
	local kind=$1 h
	ip netns add a
	ip netns add b
	if [[ $kind == veth ]]; then
		ip -n a link add eth0 type veth peer name eth0 netns b
	else
		ip netns add sw
		for h in a b; do
			ip -n sw link add name "$h" type veth peer name eth0 netns "$h"
		done
		if [[ $kind == vswitch ]]; then
			ip netns exec sw "$V" add-br br0
			ip netns exec sw "$V" add-port br0 a
			ip netns exec sw "$V" add-port br0 b
		else
			ip -n sw link add br0 type bridge
			ip -n sw link set dev a master br0
			ip -n sw link set dev b master br0
			up sw br0
		fi
		up sw a
		up sw b
	fi
	ip -n a addr add 10.0.0.1/24 dev eth0
	ip -n b addr add 10.0.0.2/24 dev eth0
	up a eth0
	up b eth0
	ip netns exec a ping -c 1 -W 2 10.0.0.2 >/dev/null
	rate
	ip netns del a
	ip netns del b
	ip netns del sw 2>/dev/null || true
}

declare -A sum=([veth]=0 [vswitch]=0 [linux]=0)
for ((r = 0; r < rounds; r++)); do
	order="veth vswitch linux"
	((r % 2)) && order="linux vswitch veth"
	for kind in $order; do
		g=$(measure "$kind")
		echo "round $((r + 1)) $kind: $g Gbit/s"
		sum[$kind]=$(python3 -c "print(${sum[$kind]} + $g)")
	done
done
python3 - "$rounds" "${sum[veth]}" "${sum[vswitch]}" "${sum[linux]}" <<'PY'
import sys
n = int(sys.argv[1])
v, s, l = (float(x) / n for x in sys.argv[2:])
print("mean of %d: veth %.2f, vswitch %.2f, Linux bridge %.2f Gbit/s" % (n, v, s, l))
print("vswitch/veth: %.2f  bridge/veth: %.2f  vswitch/bridge: %.2f" % (s / v, l / v, s / l))
PY
