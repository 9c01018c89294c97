#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a frame in flight may still do to a port, or to a VLAN, that is
# being changed on another CPU: learn an address on it after its
# addresses were flushed. The forwarding table must never point to a
# deleted port, and never send a frame into a VLAN its port left.
#
#   h1 (10.0.0.1) -- [br0 in A] ua --- ub [br0 in B] -- h2 (10.0.0.2)
#   h3 (10.0.0.3) --'   vx0, vx1   underlay MTU 1400   vx0
#
# vx1 goes to 192.0.2.3, where nobody is: it keeps the tunnel endpoint
# while vx0 comes and goes.
#
# Tunnel: h1 sends IPv4 frames of 1,414 bytes with DF to h2 without a
# pause. They are too big for vx0, so A answers each with ICMP
# "fragmentation needed", switched back as if it came out of vx0: it
# learns h2's address on vx0 again, in the middle of vx0's removal.
# VLAN: h3 sends without a pause while its port moves from VLAN 10 to 20
# and back; h1, in VLAN 10, sends to h3's address.

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump

A=$(add_netns ltma)
B=$(add_netns ltmb)
va() { ip netns exec "$A" "$VSWCTL" "$@"; }
vb() { ip netns exec "$B" "$VSWCTL" "$@"; }
pkt() { python3 "$SELFTESTS_DIR/vsw_pkt.py" "$@"; }

underlay "$A" "$B"
ip -n "$A" link set ua mtu 1400
ip -n "$B" link set ub mtu 1400
check "add-br in A" va add-br br0
check "add-br in B" vb add-br br0
attach_hosts "$A" br0 1 3
h2=$(add_host "$B" h2 2)
check "add-port h2" vb add-port br0 h2
ip -n "$B" link set h2 up
ip -n "$h2" link set eth0 up
add_tunnels() {
	va add-port br0 vx0 type vxlan remote 192.0.2.2 key 5 &&
		va add-port br0 vx1 type vxlan remote 192.0.2.3 key 6 &&
		vb add-port br0 vx0 type vxlan remote 192.0.2.1 key 5
}
check "VXLAN tunnels: vx0 both ways, vx1 to nobody" add_tunnels
H2=02:00:00:00:00:02

# fdb_on NS PORT-NUMBER: how many FDB entries of NS's br0 name the port.
fdb_on() {
	ip netns exec "$1" "$VSWCTL" fdb-show br0 | awk -v p="$2" '$1 == p' | wc -l
}

# --- A deleted tunnel port ------------------------------------------------

rounds=20 stale=0
ip netns exec "$h1" python3 "$SELFTESTS_DIR/vsw_pkt.py" blast eth0 600 \
	dst=$H2 nw_dst=10.0.0.2 df=1 payload=1372 &
blaster=$!
on_exit "kill $blaster"
for i in $(seq $rounds); do
	# h2's address is learned on vx0 (and its frame flooded over vx1 too).
	send_frames "$h2" eth0 1 $H2 ff:ff:ff:ff:ff:ff
	no=$(port_stat "$A" br0 vx0 port 2>/dev/null)
	[[ -n $no ]] || { not_ok "round $i: vx0 has a number"; break; }
	sleep 0.2
	va del-port vx0 || { not_ok "round $i: del-port vx0"; break; }
	n=$(fdb_on "$A" "$no")
	if ((n)); then
		stale=$((stale + 1))
		diag "round $i: $n FDB entries still on deleted port $no"
	fi
	va add-port br0 vx0 type vxlan remote 192.0.2.2 key 5 ||
		{ not_ok "round $i: add-port vx0"; break; }
done
kill $blaster
wait $blaster 2>/dev/null
check_eq "in $rounds removals of vx0 under ICMP answers, no FDB entry outlived it" \
	"$stale" 0
check "A's bridge still switches: h2 is reached over the tunnel" \
	ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2

# --- A VLAN change --------------------------------------------------------

# h3 moves from VLAN 10 to 20 and back, 300 times, while it sends without
# a pause (from both CPUs); while it is in VLAN 20, h1, in VLAN 10, sends
# to its address: h3 must get none of it, and the table must hold no
# entry of h3 in VLAN 10.
H3=02:00:00:00:00:03
check "h1 into VLAN 10" va set-port h1 tag 10
check "h3 into VLAN 10" va set-port h3 tag 10
blasters=
for cpu in 0 1; do
	ip netns exec "$h3" taskset -c $cpu python3 "$SELFTESTS_DIR/vsw_pkt.py" \
		blast eth0 600 src=$H3 dst=ff:ff:ff:ff:ff:ff nw_src=10.0.0.3 &
	blasters+=" $!"
done
on_exit "kill $blasters"
h3no=$(port_stat "$A" br0 h3 port)
frame=$(pkt hex src=02:00:00:00:00:01 dst=$H3 nw_dst=10.0.0.3 dport=7999)
# That frame only: h1's own multicast (IPv6, ARP) reaches h3 rightly in
# the half of each round when both are in VLAN 10.
capture_start "$h3" eth0 "ether src 02:00:00:00:00:01 and udp dst port 7999" in
# 300 rounds, or as many as 40 s allow: each round is five commands, and
# the blasters take most of the CPU (one TCG thread runs both vCPUs).
stale=0 rounds=0 end=$((SECONDS + $(slow 40)))
for i in $(seq 300); do
	((SECONDS < end)) || break
	rounds=$i
	va set-port h3 tag 20 || { not_ok "round $i: set-port h3 tag 20"; break; }
	n=$(ip netns exec "$A" "$VSWCTL" fdb-show br0 |
		awk -v p="$h3no" -v m=$H3 '$1 == p && $2 == 10 && $3 == m' | wc -l)
	if ((n)); then
		stale=$((stale + 1))
		diag "round $i: h3's address is still in VLAN 10 after it left"
	fi
	# If any entry outlived the change, h1's frame would follow it.
	va packet-out br0 in_port=h1 actions=normal "$frame"
	va set-port h3 tag 10 || { not_ok "round $i: set-port h3 tag 10"; break; }
done
leaked=$(capture_stop)
kill $blasters
wait $blasters 2>/dev/null
check_eq "in $rounds moves of h3 from VLAN 10 to 20, no entry stayed in VLAN 10" \
	"$stale" 0
check_eq "and no frame of VLAN 10 reached h3 in VLAN 20" "$leaked" 0

# --- A rejected batch ------------------------------------------------------

# h1's frames go to h2 by the learning switch. A batch whose first flow
# would send them to h3 is rejected, the table being full: h3 must never
# see one of them, not even while the request runs.
va set-port h1 tag none
va set-port h3 tag none
check "flow-max 3" va set-br br0 flow-max 3
# The batch's first flow goes into a subtable the datapath already
# searches, that of these two.
check "two flows that never match" va add-flows br0 - <<< "priority=1,in_port=vx1 actions=drop
priority=1,in_port=LOCAL actions=drop"
batch=$(mktemp)
on_exit "rm -f $batch"
printf '%s\n' "priority=50,in_port=h1 actions=output:h3" \
	"priority=51,udp,tp_dst=7 actions=drop" > "$batch"
# h2's address is known, on vx0: none of h1's frames is flooded to h3.
send_frames "$h2" eth0 1 $H2 ff:ff:ff:ff:ff:ff
# The blaster's frames only, not h1's own multicast, flooded rightly.
capture_start "$h3" eth0 "ether src 02:00:00:00:00:01 and ether dst $H2" in
ip netns exec "$h1" python3 "$SELFTESTS_DIR/vsw_pkt.py" blast eth0 600 \
	dst=$H2 nw_dst=10.0.0.2 &
blaster=$!
on_exit "kill $blaster"
refused=0
for i in $(seq 60); do
	va add-flows br0 "$batch" 2>/dev/null || refused=$((refused + 1))
done
kill $blaster
wait $blaster 2>/dev/null
check_eq "60 batches one flow over flow-max were all refused" "$refused" 60
check_eq "and none of their flows took a frame meanwhile" "$(capture_stop)" 0
check_json "the table holds the two flows it had, which took nothing" "2 0" \
	'd[0]["flows"], d[0]["stats"]["flow_hit"]' va -j show br0
check "del-flows" va del-flows br0

# --- The tunnel endpoint deleted under its ports ------------------------

mon=$(mktemp)
on_exit "rm -f $mon"
ip netns exec "$A" "$VSWCTL" monitor > "$mon" &
monpid=$!
on_exit "kill $monpid"
sleep 0.5
check "a third tunnel on the endpoint" \
	va add-port br0 vx2 type vxlan remote 192.0.2.4 key 7
check "ip link del of the endpoint takes its ports" \
	ip -n "$A" link del vsw-vxlan-4789
sleep 0.5
kill $monpid
wait $monpid 2>/dev/null
check_output "no tunnel port is left" "h1
h3" va list-ports br0
check_eq "each was announced deleted" \
	"$(grep -c 'port vx[012] ([0-9]*) on br0: deleted' "$mon")" 3
check "and the bridge still switches" \
	ip netns exec "$h1" ping -c 1 -W 2 10.0.0.3

check "del-br in A" va del-br br0
check "del-br in B" vb del-br br0
finish
