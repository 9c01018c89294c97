#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarding loops the switch must break, each started by one broadcast
# frame from h1, on a bridge whose LOCAL port holds the tunnels' local
# address, 192.0.2.1, so that their packets are routed through the bridge
# itself; 192.0.2.2, the remote end, is a neighbour on br0 whose address
# nothing has learned, so that every tunnel packet is flooded:
#
#      h1 -- [br0: h1, TUNNEL]  LOCAL br0 192.0.2.1/24
#
# 1. TUNNEL is a tunnel port of the switch, VXLAN, whose endpoint device
#    has no queue (each pass would nest deeper on one stack), then GRE,
#    whose endpoint has one (a storm through the queue, one pass per
#    dequeue): the tunnel's own packet, flooded back into it, is dropped
#    at once.
# 2. TUNNEL is a Linux vxlan device attached as a netdev port, which the
#    switch cannot tell from any other: each pass nests one bridge deeper
#    on the stack, until a limit stops it: the switch's own, four bridges
#    deep, or the kernel's, whichever comes first (6.12 stops tunnels
#    five devices deep, IP_TUNNEL_RECURSION_LIMIT; 6.1 any device eight
#    deep, XMIT_RECURSION_LIMIT).
#
# Each loop must end with one frame's worth of passes, and be counted in
# drop_loop.

source "$(dirname "$0")/lib.sh"
require_root
require_module

sw=$(add_netns loop)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
# Nothing but the frames sent here: no IPv6 of the bridge's own.
ip netns exec "$sw" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1

check "add-br br0" v add-br br0
attach_hosts "$sw" br0 1
ip -n "$sw" addr add 192.0.2.1/24 dev br0
ip -n "$sw" link set br0 up
ip -n "$sw" neigh replace 192.0.2.2 lladdr 02:00:00:00:00:99 dev br0 nud permanent

# one_broadcast PORT: sends one broadcast from h1, waits, and prints how
# many frames PORT sent and how many loops the bridge counted meanwhile,
# then the same a second later: "tx1 loops1 tx2 loops2".
one_broadcast() {
	local tx0 loops0 tx1 loops1
	tx0=$(port_stat "$sw" br0 "$1" tx_packets)
	loops0=$(bridge_stat "$sw" br0 drop_loop)
	send_frames "$h1" eth0 1 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff
	sleep "$(slow 2)"
	tx1=$(($(port_stat "$sw" br0 "$1" tx_packets) - tx0))
	loops1=$(($(bridge_stat "$sw" br0 drop_loop) - loops0))
	sleep "$(slow 1)"
	echo "$tx1 $loops1 $(($(port_stat "$sw" br0 "$1" tx_packets) - tx0))" \
		"$(($(bridge_stat "$sw" br0 drop_loop) - loops0))"
}

for type in vxlan gre; do
	check "$type tunnel over its own bridge" \
		v add-port br0 t0 type $type remote 192.0.2.2 local 192.0.2.1 key 1
	read -r tx1 loops1 tx2 loops2 <<< "$(one_broadcast t0)"
	diag "$type: the tunnel sent $tx1, then $tx2; loops $loops1, then $loops2"
	# The broadcast, then its encapsulation, flooded back into the tunnel.
	check_eq "$type: the tunnel sent the broadcast once, and nothing more" \
		"$tx1 $tx2" "1 1"
	check_eq "$type: the tunnel packet that came back was dropped as a loop" \
		"$loops1 $loops2" "1 1"
	# A guest's own packet to the tunnel's remote address is no tunnel
	# packet: it goes into the tunnel (and its encapsulation, which is
	# one, comes back and is dropped).
	tx0=$(port_stat "$sw" br0 t0 tx_packets)
	loops0=$(bridge_stat "$sw" br0 drop_loop)
	ip netns exec "$h1" python3 "$SELFTESTS_DIR/vsw_pkt.py" send eth0 1 \
		dst=02:00:00:00:00:77 nw_dst=192.0.2.2 dport=53
	sleep "$(slow 1)"
	check_eq "$type: a guest's UDP to the remote's address goes into the tunnel" \
		"$(($(port_stat "$sw" br0 t0 tx_packets) - tx0)) $(($(bridge_stat "$sw" br0 drop_loop) - loops0))" \
		"1 1"
	check "$type: del-port" v del-port t0
	v fdb-flush br0
done
check "the loop was reported" bash -c \
	"dmesg | grep -q \"br0: t0 would carry a tunnel's own packet through a route over br0: a forwarding loop, dropped\""

# --- A Linux vxlan device as a port -----------------------------------------

ip -n "$sw" link add lvx type vxlan id 7 remote 192.0.2.2 local 192.0.2.1 dstport 4790
check "a Linux vxlan device as a port" v add-port br0 lvx
ip -n "$sw" link set lvx up
read -r tx1 loops1 tx2 loops2 <<< "$(one_broadcast lvx)"
diag "lvx: sent $tx1, then $tx2; loops $loops1, then $loops2"
diag "$(dmesg | grep -E 'Dead loop on virtual device|levels deep' | tail -n 2)"
# h1's frame, then its encapsulation over and over, each time from one
# bridge level deeper.
check "the switch sent into lvx at most four times, and then no more" \
	test "$tx1" -ge 2 -a "$tx1" -le 4 -a "$tx1" = "$tx2"
if ((loops1)); then
	check_eq "the switch's nesting limit stopped it, once" "$loops1 $loops2" "1 1"
	check "and said so" bash -c \
		"dmesg | grep -q 'br0: a frame from port br0 entered a bridge 5 levels deep: a forwarding loop? Dropped'"
else
	check "the kernel's recursion limit stopped it first, and said so" \
		bash -c "dmesg | grep -q 'Dead loop on virtual device lvx'"
fi
check "del-port lvx" v del-port lvx

check "h1 is still reached" bash -c \
	"ip -n $sw addr add 10.0.0.100/24 dev br0 && ip netns exec $h1 ping -c 1 -W 2 10.0.0.100"
check "del-br br0" v del-br br0
finish
