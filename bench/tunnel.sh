#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP through a tunnel between two switches, in one VM boot: guest a on
# switch host A, guest b on switch host B, A and B joined by a veth
# underlay (MTU 1500). Three candidates:
#
#   veth     a and b on one veth pair: the limit
#   vswitch  a vswitch bridge on each host with a VXLAN (or GRE) port
#   linux    a Linux bridge on each host with a native vxlan (or gretap)
#            device
#
# Under TCG the position of a run moves its result by 10-20%, so the
# candidates run in ROUNDS rounds, alternately forward and reverse, and the
# means are reported with the ratios. Run in the test VM:
#
#   scripts/vm/run -k KVER -- bench/tunnel.sh [vxlan|gre [SECONDS [ROUNDS]]]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
type=${1:-vxlan}
secs=${2:-5}
rounds=${3:-2}
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

# switch NS HOST-IP PEER-IP KIND: a switch with guest port g and a tunnel.
switch() {
	local ns=$1 ip=$2 peer=$3 kind=$4
	if [[ $kind == vswitch ]]; then
		ip netns exec "$ns" "$V" add-br br0
		ip netns exec "$ns" "$V" add-port br0 g
		if [[ $type == vxlan ]]; then
			ip netns exec "$ns" "$V" add-port br0 t0 type vxlan \
				remote "$peer" local "$ip" key 42
		else
			ip netns exec "$ns" "$V" add-port br0 t0 type gre \
				remote "$peer" local "$ip" key 42
		fi
	else
		ip -n "$ns" link add br0 type bridge
		if [[ $type == vxlan ]]; then
			ip -n "$ns" link add t0 type vxlan id 42 remote "$peer" \
				local "$ip" dstport 4789
		else
			ip -n "$ns" link add t0 type gretap remote "$peer" \
				local "$ip" key 42
		fi
		ip -n "$ns" link set dev g master br0
		ip -n "$ns" link set dev t0 master br0
		up "$ns" t0
		up "$ns" br0
	fi
	up "$ns" g
}

# measure veth|vswitch|linux: sets everything up, prints the rate, tears down.
measure() {
	local kind=$1 mtu=1500
	ip netns add a
	ip netns add b
	if [[ $kind == veth ]]; then
		ip -n a link add eth0 type veth peer name eth0 netns b
	else
		ip netns add ha
		ip netns add hb
		ip -n ha link add u type veth peer name u netns hb
		ip -n ha addr add 192.0.2.1/24 dev u
		ip -n hb addr add 192.0.2.2/24 dev u
		up ha u
		up hb u
		ip -n ha link add g type veth peer name eth0 netns a
		ip -n hb link add g type veth peer name eth0 netns b
		switch ha 192.0.2.1 192.0.2.2 "$kind"
		switch hb 192.0.2.2 192.0.2.1 "$kind"
		# The inner MTU both candidates can carry unfragmented.
		[[ $type == vxlan ]] && mtu=1450 || mtu=1458
	fi
	ip -n a addr add 10.0.0.1/24 dev eth0
	ip -n b addr add 10.0.0.2/24 dev eth0
	ip -n a link set dev eth0 mtu "$mtu" up
	ip -n b link set dev eth0 mtu "$mtu" up
	ip netns exec a ping -c 1 -W 2 10.0.0.2 >/dev/null
	rate
	ip netns del a
	ip netns del b
	ip netns del ha 2>/dev/null || true
	ip netns del hb 2>/dev/null || true
}

echo "TCP over $type, $secs s per run, $rounds rounds"
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
python3 - "$type" "$rounds" "${sum[veth]}" "${sum[vswitch]}" "${sum[linux]}" <<'PY'
import sys
t, n = sys.argv[1], int(sys.argv[2])
v, s, l = (float(x) / n for x in sys.argv[3:])
print("mean of %d: veth %.2f, vswitch %s %.2f, Linux bridge + %s %.2f Gbit/s"
      % (n, v, t, s, t, l))
print("vswitch/linux: %.2f  vswitch/veth: %.2f  linux/veth: %.2f" % (s / l, s / v, l / v))
PY
