#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The hybrid-cloud testbed (see testbed.sh): every guest reaches every
# other guest through the hub, over VXLAN and over GRE; the traffic really
# goes through the tunnels and the hub (tcpdump on the spokes' underlay,
# exact hub port counters), the cloud's guests are behind the Internet
# router's delay, and TCP runs over each encapsulation.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/testbed.sh"
require_root
require_module
require_cmd tcpdump ss ping tc iperf3

testbed_up

check_output "the hub's bridges have their own DPIDs" \
	"br-gre 0x0000000000000021
br-vx 0x0000000000000011" \
	bash -c "ip netns exec ${TB_NS[n1]} $VSWCTL -j show | python3 -c '
import json, sys
for b in sorted(json.load(sys.stdin), key=lambda b: b[\"name\"]):
    print(b[\"name\"], b[\"dpid\"])'"
check_output "the hub has a tunnel per spoke and encapsulation" \
	"ggre gre-c4 gre-n2 gre-n3 gvx vx-c4 vx-n2 vx-n3" \
	bash -c "echo \$(ip netns exec ${TB_NS[n1]} $VSWCTL list-ports br-gre) \
		\$(ip netns exec ${TB_NS[n1]} $VSWCTL list-ports br-vx)"

for ov in vx gre; do
	name=$([[ $ov == vx ]] && echo VXLAN || echo GRE)
	while read -r from to result; do
		check_eq "$name: guest $from reaches guest $to" "$result" ok
	done < <(tb_matrix "$ov")
done

tb_pin_neighbours

# n2 to n3 goes through the hub: n3 sees the tunnel packets come from the
# hub's address, never from n2's.
for ov in vx gre; do
	if [[ $ov == vx ]]; then
		filter="udp port 8472" name=VXLAN
	else
		filter="ip proto 47" name=GRE
	fi
	capture_start "${TB_NS[n3]}" lan "$filter and src host 172.16.0.1" in
	tb_ping "$ov" 2 3 3 >/dev/null
	check_eq "$name: 3 pings from n2 reach n3 as 3 tunnel packets from the hub" \
		"$(capture_stop)" 3
	capture_start "${TB_NS[n3]}" lan "$filter and src host 172.16.0.2" in
	tb_ping "$ov" 2 3 3 >/dev/null
	check_eq "$name: and none straight from n2" "$(capture_stop)" 0
done

# A broadcast from n2's VXLAN guest: into the hub by vx-n2, out of vx-n3
# and vx-c4, to every other guest once.
hub=${TB_NS[n1]}
rx=$(port_stat "$hub" br-vx vx-n2 rx_packets)
tx3=$(port_stat "$hub" br-vx vx-n3 tx_packets)
tx4=$(port_stat "$hub" br-vx vx-c4 tx_packets)
capture_start "${TB_GUEST[vx 4]}" eth0 "ether proto 0x88b5" in
send_frames "${TB_GUEST[vx 2]}" eth0 5 02:00:00:00:01:02 ff:ff:ff:ff:ff:ff
check_eq "5 broadcasts from n2 reach the cloud guest once each" "$(capture_stop)" 5
check_eq "the hub took them in on vx-n2" \
	"$(port_stat "$hub" br-vx vx-n2 rx_packets)" $((rx + 5))
check_eq "and sent them out of vx-n3" \
	"$(port_stat "$hub" br-vx vx-n3 tx_packets)" $((tx3 + 5))
check_eq "and out of vx-c4" \
	"$(port_stat "$hub" br-vx vx-c4 tx_packets)" $((tx4 + 5))

rtt=$(tb_ping vx 2 4 3 | sed -n 's|^rtt min/avg/max/mdev = \([0-9]*\)\..*|\1|p')
if [[ -n $rtt ]] && ((rtt >= 2 * ${TB_DELAY:-5})); then
	ok "the cloud guest is behind the Internet's delay (min RTT $rtt ms)"
else
	not_ok "the cloud guest is behind the Internet's delay"
	diag "min RTT: '$rtt' ms"
fi

# TCP over each encapsulation, private spoke to cloud spoke.
for ov in vx gre; do
	name=$([[ $ov == vx ]] && echo VXLAN || echo GRE)
	net=$([[ $ov == vx ]] && echo 10.10.0 || echo 10.20.0)
	ip netns exec "${TB_GUEST[$ov 4]}" iperf3 -s -1 -D
	sleep 0.5
	bytes=$(ip netns exec "${TB_GUEST[$ov 2]}" iperf3 -c "$net.4" -t 1 -J 2>/dev/null |
		python3 -c 'import json, sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bytes"]))' 2>/dev/null)
	if [[ -n $bytes ]] && ((bytes > 100000)); then
		ok "$name: TCP from n2 to c4 ($bytes bytes in 1 s)"
	else
		not_ok "$name: TCP from n2 to c4"
		diag "bytes: '$bytes'"
	fi
done

finish
