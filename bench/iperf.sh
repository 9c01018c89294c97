#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP throughput between two namespaces, in one VM boot: over a plain veth
# pair, through a vswitch bridge, and through a Linux bridge. Prints each
# rate and the ratios to veth; absolute numbers on shared TCG machines are
# noise, ratios less so. Run in the test VM:
#
#   scripts/vm/run -k KVER -- bench/iperf.sh [SECONDS]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-5}
V=$top/userspace-ctl/vswctl
[[ -d /sys/module/vswitch ]] || insmod "$top/build/$(uname -r)/vswitch.ko"

setup_hosts() { # creates a, b with eth0 10.0.0.1/2
	ip netns add a; ip netns add b
}
teardown() { ip netns del a; ip netns del b; ip netns del sw 2>/dev/null || true; }

rate() { # iperf3 from a to b, Gbit/s
	ip netns exec b iperf3 -s -1 -D -I /tmp/iperf3.pid >/dev/null
	sleep 0.5
	ip netns exec a iperf3 -c 10.0.0.2 -t "$secs" -J |
		python3 -c 'import json, sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))'
}

up() { ip -n "$1" link set dev "$2" up; }

# 1. plain veth
setup_hosts
ip -n a link add eth0 type veth peer name eth0 netns b
ip -n a addr add 10.0.0.1/24 dev eth0; ip -n b addr add 10.0.0.2/24 dev eth0
up a eth0; up b eth0
veth=$(rate); teardown

# 2. and 3. through a switch in netns sw
for kind in vswitch linux; do
	setup_hosts; ip netns add sw
	for h in a b; do
		ip -n sw link add name "$h" type veth peer name eth0 netns "$h"
	done
	ip -n a addr add 10.0.0.1/24 dev eth0; ip -n b addr add 10.0.0.2/24 dev eth0
	if [[ $kind == vswitch ]]; then
		ip netns exec sw "$V" add-br br0
		ip netns exec sw "$V" add-port br0 a
		ip netns exec sw "$V" add-port br0 b
	else
		ip -n sw link add br0 type bridge
		ip -n sw link set dev a master br0; ip -n sw link set dev b master br0
		up sw br0
	fi
	up sw a; up sw b; up a eth0; up b eth0
	ip netns exec a ping -c 1 -W 2 10.0.0.2 >/dev/null
	declare "$kind=$(rate)"
	teardown
done

echo "veth:         $veth Gbit/s"
echo "vswitch:      $vswitch Gbit/s"
echo "Linux bridge: $linux Gbit/s"
python3 -c 'import sys; v, s, l = map(float, sys.argv[1:]); print("vswitch/veth: %.2f  bridge/veth: %.2f  vswitch/bridge: %.2f" % (s / v, l / v, s / l))' \
	"$veth" "$vswitch" "$linux"
