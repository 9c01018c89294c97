#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Frames too big for a tunnel's path: who is answered, and how. The
# answer (ICMP "fragmentation needed") is switched back as if it came out
# of the tunnel, so it must carry the tunnel's key and addresses, which
# flows match; the host's own frames through the bridge's LOCAL port must
# be answered too; and a flooded frame must not be answered once per
# tunnel, each answer teaching the FDB that its destination is there.
#
#   h1 (10.0.0.1)                                    h2 (10.0.0.2)
#   h3 (10.0.0.3) -- [br0 in A] ua ----- ub [br0 in B] --'
#     LOCAL 10.0.0.100       vx0 key 42 to B, vx1 key 43 to 192.0.2.3
#                            (nobody): df set; underlay MTU 1500: path
#                            MTU 1450

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ping

A=$(add_netns pmtua)
B=$(add_netns pmtub)
va() { ip netns exec "$A" "$VSWCTL" "$@"; }
vb() { ip netns exec "$B" "$VSWCTL" "$@"; }
underlay "$A" "$B"
check "add-br in A" va add-br br0
check "add-br in B" vb add-br br0
attach_hosts "$A" br0 1 3
h2=$(add_host "$B" h2 2)
check "add-port h2" vb add-port br0 h2
ip -n "$B" link set h2 up
ip -n "$h2" link set eth0 up
check "vx0 key 42 in A" va add-port br0 vx0 type vxlan remote 192.0.2.2 key 42 df set
check "vx0 key 42 in B" vb add-port br0 vx0 type vxlan remote 192.0.2.1 key 42 df set
check "vx1 key 43 in A, to nobody" \
	va add-port br0 vx1 type vxlan remote 192.0.2.3 key 43 df set
ip -n "$A" addr add 10.0.0.100/24 dev br0
ip -n "$A" link set br0 up
pin_neighbours 1 2 3
ip -n "$h2" neigh replace 10.0.0.100 lladdr "$(ip -n "$A" -br link show br0 | awk '{print $3}')" \
	dev eth0 nud permanent
check "h2 reaches h1 over the tunnels" \
	ip netns exec "$h2" ping -c 1 -W 2 10.0.0.1

# --- The answer carries the tunnel's metadata -----------------------------

check "a flow for ICMP out of key 42" va add-flow br0 \
	"priority=100,tun_id=42,in_port=vx0,icmp,icmp_type=3 actions=normal"
check "the rest normal" va add-flow br0 "priority=1 actions=normal"
out=$(ip netns exec "$h1" ping -c 1 -W 2 -M do -s 1472 10.0.0.2 2>&1)
check_has "h1's 1500 bytes with DF get fragmentation needed, MTU 1450" "$out" \
	"Frag needed and DF set (mtu = 1450)"
check_output "the answer came out of vx0 with tun_id 42: its flow took it" \
	"n_packets=1" bash -c "ip netns exec $A $VSWCTL dump-flows br0 | grep tun_id | grep -o 'n_packets=[0-9]*'"
check "del-flows" va del-flows br0
ip -n "$h1" route flush cache

# --- The host's own frames ------------------------------------------------

out=$(ip netns exec "$A" ping -c 1 -W 2 -M do -s 1472 10.0.0.2 2>&1)
diag "$out"
check_has "the host's 1500 bytes with DF through LOCAL get fragmentation needed too" \
	"$out" "mtu = 1450"
out=$(ip netns exec "$A" ping -c 1 -W 2 -M do -s 1472 10.0.0.2 2>&1)
check_has "so that the host's route learns the path MTU" "$out" \
	"message too long, mtu=1450"
check "1450 bytes from the host go through" \
	ip netns exec "$A" ping -c 1 -W 2 -M do -s 1422 10.0.0.2

# --- A flooded frame ------------------------------------------------------

too_big=$(bridge_stat "$A" br0 drop_too_big)
moved=$(bridge_stat "$A" br0 moved)
capture_start "$h1" eth0 "icmp" in
ip netns exec "$h1" python3 "$SELFTESTS_DIR/vsw_pkt.py" send eth0 1 \
	dst=02:00:00:00:00:77 nw_dst=10.0.0.77 df=1 payload=1472
check_eq "a flooded 1500-byte frame with DF is answered by neither tunnel" \
	"$(capture_stop)" 0
check_eq "it was too big for both" "$(bridge_stat "$A" br0 drop_too_big)" \
	$((too_big + 2))
check_output "its destination was not learned on a tunnel" "0" \
	bash -c "ip netns exec $A $VSWCTL fdb-show br0 | awk '\$3 == \"02:00:00:00:00:77\"' | wc -l"
check_eq "and nothing moved between them" "$(bridge_stat "$A" br0 moved)" "$moved"

# --- Several outputs ------------------------------------------------------

too_big=$(bridge_stat "$A" br0 drop_too_big)
check "a flow to both tunnels" va add-flow br0 \
	"priority=100,ip,nw_dst=10.0.0.78 actions=output:vx0,output:vx1"
capture_start "$h1" eth0 "icmp" in
ip netns exec "$h1" python3 "$SELFTESTS_DIR/vsw_pkt.py" send eth0 1 \
	dst=02:00:00:00:00:78 nw_dst=10.0.0.78 df=1 payload=1472
check_eq "a 1500-byte frame with DF sent to two tunnels by a flow is answered by neither" \
	"$(capture_stop)" 0
check_eq "it was too big for both" "$(bridge_stat "$A" br0 drop_too_big)" \
	$((too_big + 2))
check "del-flows" va del-flows br0

check "del-br in A" va del-br br0
check "del-br in B" vb del-br br0
finish
