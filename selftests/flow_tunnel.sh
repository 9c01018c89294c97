#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flows and tunnels: tun_id, tun_src and tun_dst match what a frame came
# out of a tunnel with, and set_tunnel sends with another key than the
# output port's own, which the other side then delivers to the port of
# that key. A VXLAN key has 24 bits: a set_tunnel beyond them never
# leaves (VXLAN would send its low 24 bits, another tenant's VNI). And
# nothing is allocated per frame to send with set_tunnel, tos inherit or
# df inherit: the percpu_alloc_percpu tracepoint counts.
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
check "B: the tun_src flow goes" vb del-flows --strict br0 "priority=20,tun_src=192.0.2.9"
check "B: the tun_id=42 flow delivers again" \
	vb mod-flows --strict br0 "priority=10,tun_id=42,tun_src=192.0.2.1,tun_dst=192.0.2.2 actions=output:h2"

# --- set_tunnel and VXLAN's 24 bits ---------------------------------------

check_fail "set_tunnel beyond 24 bits before an output to a VXLAN port is refused" \
	"vswctl: add-flow: set_tunnel: a VXLAN key (VNI) is 24 bits: 0 to 16777215" \
	va add-flow br0 "priority=10,in_port=h1,udp,tp_dst=44 actions=set_tunnel:0x100002b,output:vx42"
check "set_tunnel beyond 24 bits before a flood is taken" \
	va add-flow br0 "priority=10,in_port=h1,udp,tp_dst=44 actions=set_tunnel:0x100002b,flood"
errors=$(port_stat "$A" br0 vx42 tx_errors)
capture_start "$A" ua "udp port 4789" out
pkt 3 dport=44
check_eq "but no frame of it leaves by a VXLAN port (VNI 0x2b or any)" \
	"$(capture_stop)" 0
check_eq "each is counted in the VXLAN port's tx_errors" \
	"$(port_stat "$A" br0 vx42 tx_errors)" $((errors + 3))

# --- How many keys ---------------------------------------------------------

# Every tunnel port keeps what it sends with for every set_tunnel key of
# its bridge's flows: 4096 different keys at most.
check "A: br1 with one tunnel" bash -c "ip netns exec $A $VSWCTL add-br br1 &&
	ip netns exec $A $VSWCTL add-port br1 vxk type vxlan remote 192.0.2.2 key 50"
keys=$(mktemp)
on_exit "rm -f $keys"
for i in $(seq 4096); do
	echo "priority=1,udp,tp_dst=$i actions=set_tunnel:$i,output:vxk"
done > "$keys"
check "4096 flows with as many set_tunnel keys" va add-flows br1 "$keys"
check_fail "a 4097th key is refused" \
	"vswctl: add-flow: set_tunnel: too many different keys on this bridge (4096)" \
	va add-flow br1 "priority=1,udp,tp_dst=5000 actions=set_tunnel:5000,output:vxk"
check "a flow with a key already used is taken" \
	va add-flow br1 "priority=1,udp,tp_dst=5001 actions=set_tunnel:7,output:vxk"
# 4,097 metadata dsts a port without inherit: 15 such ports fit.
check "14 more tunnel ports take 4,097 metadata dsts each" bash -c "
	for i in \$(seq 5 18); do
		ip netns exec $A $VSWCTL add-port br1 vx\$i type vxlan remote 192.0.2.\$i key 54 || exit 1
	done"
check_fail "a 16th does not" \
	"vswctl: add-port: this tunnel port, its tos/df inherit variants times the bridge's set_tunnel keys, exceeds the bridge's 65536 metadata dsts" \
	va add-port br1 vx19 type vxlan remote 192.0.2.19 key 54
check "del-br br1" va del-br br1

# And 65,536 metadata dsts a bridge, the ports' own included: 128 a key
# for a port with tos and df inherit, so its own and 511 keys. The flows
# flood, so that their keys outlive the port.
check "A: br1 with a tunnel that inherits tos and df" bash -c "
	ip netns exec $A $VSWCTL add-br br1 &&
	ip netns exec $A $VSWCTL add-port br1 vxi type vxlan remote 192.0.2.2 \
		key 51 tos inherit df inherit"
head -n 511 "$keys" | sed s/output:vxk/flood/ > "$keys.511"
on_exit "rm -f $keys.511"
check "511 set_tunnel keys: 65,536 metadata dsts" va add-flows br1 "$keys.511"
check_fail "a 512th key is refused" \
	"vswctl: add-flow: set_tunnel: a new key times this bridge's tunnel ports and their tos/df inherit variants exceeds 65536 metadata dsts" \
	va add-flow br1 "priority=1,udp,tp_dst=5000 actions=set_tunnel:5000,output:vxi"
check_fail "so is another tunnel port, even without inherit (512)" \
	"vswctl: add-port: this tunnel port, its tos/df inherit variants times the bridge's set_tunnel keys, exceeds the bridge's 65536 metadata dsts" \
	va add-port br1 vxj type vxlan remote 192.0.2.3 key 52
check "a flow with a key already used is taken" \
	va add-flow br1 "priority=1,udp,tp_dst=5001 actions=set_tunnel:7,flood"
check "the flow of key 511 goes" va del-flows --strict br1 "priority=1,udp,tp_dst=511"
check "which makes room for another key" \
	va add-flow br1 "priority=1,udp,tp_dst=5000 actions=set_tunnel:5000,flood"
check "del-port vxi" va del-port br1 vxi
check "gives its 65,536 back: a port without inherit takes its own and 511 keys" \
	va add-port br1 vxj type vxlan remote 192.0.2.3 key 52
check_fail "but not one with both inherit options, which would take 65,536" \
	"vswctl: add-port: this tunnel port, its tos/df inherit variants times the bridge's set_tunnel keys, exceeds the bridge's 65536 metadata dsts" \
	va add-port br1 vxk2 type vxlan remote 192.0.2.4 key 53 tos inherit df inherit
check "del-br br1" va del-br br1

# --- No allocation per frame ----------------------------------------------

tracing=/sys/kernel/tracing
[[ -e $tracing/events ]] || mount -t tracefs tracefs "$tracing" 2>/dev/null
ev=$tracing/events/percpu/percpu_alloc_percpu
# percpu_allocs CMD...: the atomic per-CPU allocations while CMD runs.
percpu_allocs() {
	echo 'is_atomic == 1' > "$ev/filter"
	echo > "$tracing/trace"
	echo 1 > "$ev/enable"
	"$@"
	echo 0 > "$ev/enable"
	grep -c percpu_alloc_percpu "$tracing/trace"
}
if [[ -e $ev ]]; then
	check_eq "200 frames with set_tunnel make no atomic per-CPU allocation" \
		"$(percpu_allocs pkt 200 dport=43)" 0
	check "A: vx44, tos and df inherited" va add-port br0 vx44 type vxlan \
		remote 192.0.2.2 key 44 tos inherit df inherit
	check "B: vx44" vb add-port br0 vx44 type vxlan remote 192.0.2.1 key 44
	check "A: UDP 45 by vx44" \
		va add-flow br0 "priority=10,in_port=h1,udp,tp_dst=45 actions=output:vx44"
	check_eq "200 frames through a port of tos and df inherit make none either" \
		"$(percpu_allocs pkt 200 dport=45 tos=0xb8 df=1)" 0
	capture_start "$A" ua "udp port 4789 and ip[1] = 0xb8 and ip[6] & 0x40 != 0" out
	pkt 2 dport=45 tos=0xb8 df=1
	check_eq "their outer header has the inner DSCP 46 and DF" "$(capture_stop)" 2
	capture_start "$A" ua "udp port 4789 and ip[1] = 0x28 and ip[6] & 0x40 = 0" out
	pkt 2 dport=45 tos=0x28
	check_eq "and DSCP 10 without DF for such an inner packet" "$(capture_stop)" 2
else
	skip "no atomic per-CPU allocation per frame" "no percpu tracepoint"
fi

finish
