#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packet parser robustness: malformed frames (vsw_bad.py) through a bridge
# whose flows look at L2, L3 and L4. A header cut short, a bogus IPv4
# header length, a long or broken IPv6 extension header chain, stacked
# VLAN tags, runts: each frame takes the flow its intact headers select,
# never one that matches on the missing part, and is forwarded or dropped
# as that flow (and NORMAL) says; the exact flow counters and what h2
# receives are checked per case. A broken 802.1Q header from the host is dropped and
# counted (drop_malformed, LOCAL rx_errors). 20,000 frames corrupted at
# random each take exactly one flow. Then VXLAN and GRE packets with
# bad flags, lengths or keys: none reaches a port, and the valid ones do;
# two tenants on one remote, by VNI and by GRE key, each get only their own.
#
#   +-- h1 --+    +-- h2 --+               +-- h3 --+  +-- h4 --+
#   |  eth0  |    |  eth0  |               |  eth0  |  |  eth0  |
#   +---|----+    +---|----+               +---|----+  +---|----+
#   +--h1 (1)-------h2 (2)-- netns sw-$$ -+ +--h3---------h4--- netns far-$$ -+
#   |  br0    ua 192.0.2.1 ---------------- ub 192.0.2.2                      |
#   +--------------------------------------+ |  br1: vx0 (VNI 42), gt0 (key 7)|
#                                            |  br2: vx1 (VNI 43), gt1 (key 8)|
#                                            +--------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ss python3

N=10
# bad NS ARGS...: vsw_bad.py ARGS in netns NS.
bad() { ip netns exec "$1" python3 "$SELFTESTS_DIR/vsw_bad.py" "${@:2}"; }
sw=$(add_netns sw)
# Nothing but the test's frames: no IPv6 from br0's internal port.
ip netns exec "$sw" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br" v add-br br0
attach_hosts "$sw" br0 1 2
pin_neighbours 1 2
ip -n "$sw" link set br0 up

flows="priority=300,tcp,tp_dst=80 actions=drop
priority=300,tcp6,tp_dst=80 actions=drop
priority=200,ip actions=normal
priority=200,ipv6 actions=normal
priority=150,dl_vlan=10 actions=normal
priority=0 actions=normal"
check "add-flows: tcp:80, tcp6:80, ip, ipv6, dl_vlan=10, the rest" \
	bash -c "ip netns exec $sw $VSWCTL add-flows br0 - <<< '$flows'"
# n_packets of the six flows, in the order above.
counts() {
	v -j dump-flows br0 | python3 -c '
import json, sys
order = ["priority=300,tcp,tp_dst=80", "priority=300,tcp6,tp_dst=80",
         "priority=200,ip", "priority=200,ipv6", "priority=150,dl_vlan=10",
         "priority=0"]
got = {f["match"]: f["n_packets"] for f in json.load(sys.stdin)}
print(" ".join(str(got.get(m, "?")) for m in order))'
}

# frame_case CASE FLOW-INDEX DELIVERED: N copies of CASE from h1 raise
# flow FLOW-INDEX (1-6, 0: none) by N, and h2 receives DELIVERED of them.
frame_case() {
	local c=$1 idx=$2 want_rx=$3 before after want rx
	before=$(counts)
	capture_start "$h2" eth0 "ether src 02:00:00:00:00:01"
	bad "$h1" frame eth0 "$N" "$c"
	rx=$(capture_stop)
	after=$(counts)
	want=$(python3 -c "
b = [int(x) for x in '$before'.split()]
b[$idx - 1] += $N if $idx else 0
print(' '.join(map(str, b)))")
	check_eq "$c: flow counters" "$after" "$want"
	check_eq "$c: h2 received $want_rx" "$rx" "$want_rx"
	[[ $rx == "$want_rx" ]] || diag "$(v -j show br0)" "$(v -j dump-ports br0)"
}
frame_case runt 6 $N
frame_case runt-pad 6 $N
frame_case ipv4-short 3 $N
frame_case ipv4-ihl3 3 $N
frame_case ipv4-ihl15 3 $N
frame_case ipv4-l4-short 3 $N
frame_case ipv4-tcp80 1 0
frame_case ipv4-len-lies 1 0
frame_case ipv6-short 4 $N
# The switch walks the chain with the kernel's ipv6_skip_exthdr(), which
# stops after 12 headers on 7.x (IP6_MAX_EXT_HDRS_CNT): there, 30 of them
# leave no L4, and the frame is plain IPv6 (Documentation/kernels.rst).
if kernel_before 7.0; then
	frame_case ipv6-chain30-tcp80 2 0
else
	frame_case ipv6-chain30-tcp80 4 $N
fi
frame_case ipv6-chain-cut 4 $N
frame_case ipv6-l4-short 4 $N
# An 802.1ad outer tag is not a VLAN of the learning switch
# (Documentation/switching.rst): the flow takes it, NORMAL drops it.
dv=$(bridge_stat "$sw" br0 drop_vlan)
frame_case qinq 5 0
check_eq "qinq: drop_vlan +$N" "$(bridge_stat "$sw" br0 drop_vlan)" $((dv + N))
frame_case vlan-vlan 5 $N
frame_case arp-short 6 $N
# A cut 802.1Q header from a veth never gets past the core's untagging.
rx_before=$(port_stat "$sw" br0 h1 rx_packets)
frame_case vlan-cut 0 0
check_eq "vlan-cut: h1's port received none of it" \
	"$(port_stat "$sw" br0 h1 rx_packets)" "$rx_before"
# From the host, through the internal port, it reaches the switch.
mal=$(bridge_stat "$sw" br0 drop_malformed)
err=$(port_stat "$sw" br0 br0 rx_errors)
bad "$sw" frame br0 $N vlan-cut
check_eq "vlan-cut from the host: drop_malformed +$N" \
	"$(bridge_stat "$sw" br0 drop_malformed)" $((mal + N))
check_eq "and the LOCAL port's rx_errors +$N" \
	"$(port_stat "$sw" br0 br0 rx_errors)" $((err + N))
check "h1 still pings h2" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2

# 20,000 frames cut and corrupted at random (seed 1): every one that
# reaches the switch takes exactly one flow.
rand=${VSW_BAD_RANDOM:-20000}
# Frames from h1 and h2 both count (the last pings' may still be on
# their way: a second for them to land first).
sleep 1
rx_both() {
	echo $(($(port_stat "$sw" br0 h1 rx_packets) +
		$(port_stat "$sw" br0 h2 rx_packets)))
}
rx_before=$(rx_both)
sum_before=$(counts | tr ' ' '+' | bc)
bad "$h1" random eth0 "$rand" 1
rx=$(( $(rx_both) - rx_before ))
hits=$(( $(counts | tr ' ' '+' | bc) - sum_before ))
check_eq "random frames: each of the $rx that reached the switch took a flow" \
	"$hits" "$rx"
check "and most of the $rand reached it" test "$rx" -gt $((rand / 2))
check "h1 still pings h2" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2

# Tunnels: br1 in netns far, with a VXLAN port (VNI 42) and a GRE port
# (key 7) from 192.0.2.1, and host h3. Packets come from sw's side.
far=$(add_netns far)
underlay "$sw" "$far"
vf() { ip netns exec "$far" "$VSWCTL" "$@"; }
check "add-br br1 in far" vf add-br br1
check "add-port vx0" vf add-port br1 vx0 type vxlan remote 192.0.2.1 key 42
check "add-port gt0" vf add-port br1 gt0 type gre remote 192.0.2.1 key 7
h3=$(add_host "$far" h3 3)
check "add-port h3" vf add-port br1 h3
ip -n "$far" link set h3 up
ip -n "$h3" link set eth0 up

# tunnel_case vxlan|gre CASE DELIVERED: N packets CASE from 192.0.2.1.
tunnel_case() {
	local kind=$1 c=$2 want=$3 port rx_before rx
	port=$([[ $kind == vxlan ]] && echo vx0 || echo gt0)
	rx_before=$(port_stat "$far" br1 "$port" rx_packets)
	capture_start "$h3" eth0 "ether proto 0x88b5"
	bad "$sw" "$kind" 192.0.2.2 "$N" "$c"
	rx=$(capture_stop)
	check_eq "$kind $c: h3 received $want" "$rx" "$want"
	check_eq "$kind $c: $port's rx_packets +$want" \
		"$(port_stat "$far" br1 "$port" rx_packets)" $((rx_before + want))
}
for c in no-i-flag reserved-flags short-header inner-short wrong-vni; do
	tunnel_case vxlan "$c" 0
done
tunnel_case vxlan valid $N
for c in version1 routing no-key wrong-key short-header inner-short csum-bad; do
	tunnel_case gre "$c" 0
done
tunnel_case gre valid $N

# Two tenants from one remote: VNI 43 and GRE key 8 go to br2 and h4. Each
# tenant's frames reach its own host only.
check "add-br br2 in far" vf add-br br2
check "add-port vx1, VNI 43" vf add-port br2 vx1 type vxlan remote 192.0.2.1 key 43
check "add-port gt1, key 8" vf add-port br2 gt1 type gre remote 192.0.2.1 key 8
h4=$(add_host "$far" h4 4)
check "add-port h4" vf add-port br2 h4
ip -n "$far" link set h4 up
ip -n "$h4" link set eth0 up
# tenant KIND CASE HOST: N packets CASE; HOST (h3 or h4) gets all, the
# other none.
tenant() {
	local kind=$1 c=$2 host=$3 other ns_host ns_other
	other=$([[ $host == h3 ]] && echo h4 || echo h3)
	ns_host=${!host} ns_other=${!other}
	capture_start "$ns_other" eth0 "ether proto 0x88b5"
	bad "$sw" "$kind" 192.0.2.2 "$N" "$c"
	check_eq "$kind $c: $other received none" "$(capture_stop)" 0
	capture_start "$ns_host" eth0 "ether proto 0x88b5"
	bad "$sw" "$kind" 192.0.2.2 "$N" "$c"
	check_eq "$kind $c: $host received all $N" "$(capture_stop)" "$N"
}
tenant vxlan valid h3
tenant vxlan wrong-vni h4
tenant gre valid h3
tenant gre wrong-key h4

finish
