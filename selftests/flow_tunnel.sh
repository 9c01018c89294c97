#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flows and tunnels: tun_id, tun_src and tun_dst match what a frame came
# out of a tunnel with, and set_tunnel sends with another key than the
# output port's own, which the other side then delivers to the port of
# that key.
#
#   h1 (10.0.0.1)                                    h2 (10.0.0.2)
#     |                                                |
#   [br0 in A] ua 192.0.2.1 ------- ub 192.0.2.2 [br0 in B]
#    vx42 (key 42), vx43 (key 43)        vx42, vx43

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ss

here=$(cd "$(dirname "$0")" && pwd)
A=$(add_netns ftla)
B=$(add_netns ftlb)
va() { ip netns exec "$A" "$VSWCTL" "$@"; }
vb() { ip netns exec "$B" "$VSWCTL" "$@"; }

underlay "$A" "$B"
h1=$(add_host "$A" h1 1)
h2=$(add_host "$B" h2 2)
check "add-br in A" va add-br br0
check "add-br in B" vb add-br br0
check "add-port h1" va add-port br0 h1
check "add-port h2" vb add-port br0 h2
ip -n "$A" link set h1 up
ip -n "$B" link set h2 up
ip -n "$h1" link set eth0 up
ip -n "$h2" link set eth0 up
for k in 42 43; do
	check "A: vx$k" va add-port br0 "vx$k" type vxlan remote 192.0.2.2 key "$k"
	check "B: vx$k" vb add-port br0 "vx$k" type vxlan remote 192.0.2.1 key "$k"
done

pkt() { ip netns exec "$h1" python3 "$here/vsw_pkt.py" send eth0 "$@"; }
n_packets() { # NS MATCH
	ip netns exec "$1" "$VSWCTL" -j dump-flows br0 "$2" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["n_packets"])'
}

# B counts and delivers by key; the other key's frames are dropped.
check "B: tun_id=42 to h2" \
	vb add-flow br0 "priority=10,tun_id=42,tun_src=192.0.2.1,tun_dst=192.0.2.2 actions=output:h2"
check "B: tun_id=43 to h2" \
	vb add-flow br0 "priority=10,tun_id=0x2b actions=output:h2"
check "B: the rest dropped" vb add-flow br0 "priority=0 actions=drop"
check "A: UDP 42 by vx42" \
	va add-flow br0 "priority=10,in_port=h1,udp,tp_dst=42 actions=output:vx42"
check "A: UDP 43 by vx42, with key 43" \
	va add-flow br0 "priority=10,in_port=h1,udp,tp_dst=43 actions=set_tunnel:43,output:vx42"

capture_start "$A" ua "udp port 4789 and udp[12:4] = 0x00002b00" out
pkt 3 dport=43
check_eq "A sent 3 frames with VNI 43 out of vx42" "$(capture_stop)" 3
check_eq "B took them as tun_id=43" "$(n_packets "$B" "tun_id=43")" 3
check_eq "and not as 42" "$(n_packets "$B" "tun_id=42")" 0
capture_start "$h2" eth0 "udp port 42" in
pkt 2 dport=42
check_eq "2 frames by vx42 reached h2" "$(capture_stop)" 2
check_eq "B took them as tun_id=42 from 192.0.2.1 to 192.0.2.2" \
	"$(n_packets "$B" "tun_id=42")" 2
check "B: the tun_id=42 flow now drops" \
	vb mod-flows --strict br0 "priority=10,tun_id=42,tun_src=192.0.2.1,tun_dst=192.0.2.2 actions=drop"
check "B: another flow for tun_src=192.0.2.9" \
	vb add-flow br0 "priority=20,tun_src=192.0.2.9 actions=output:h2"
pkt 2 dport=42
check_eq "frames from 192.0.2.1 do not match tun_src=192.0.2.9" \
	"$(n_packets "$B" "tun_src=192.0.2.9")" 0
check_json "the tunnel fields print as ovs-ofctl's" \
	"['priority=20,tun_src=192.0.2.9', 'priority=10,tun_id=0x2a,tun_src=192.0.2.1,tun_dst=192.0.2.2', 'priority=10,tun_id=0x2b', 'priority=0']" \
	'[f["match"] for f in d]' vb -j dump-flows br0

finish
