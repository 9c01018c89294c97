#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VLANs: access ports of VLANs 10 and 20 are kept apart, a trunk carries
# both tagged, and frames a port does not carry are dropped and counted.
#
#   h1 (tag 10)   h2 (tag 20)   h3 (tag 10)   h4 (trunks 10,20)
#   10.0.0.1      10.0.0.2      10.0.0.3      eth0.10 10.0.0.4
#                                             eth0.20 -> netns h5, 10.0.0.5
#   +------------------------- br0, netns sw-$$ ----------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ss

sw=$(add_netns sw)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br" v add-br br0
h1=$(add_host "$sw" h1 1)
h2=$(add_host "$sw" h2 2)
h3=$(add_host "$sw" h3 3)
h4=$(add_host "$sw" h4 4)
h5=$(add_netns h5)
check "h1: access port of VLAN 10" v add-port br0 h1 tag 10
check "h2: access port of VLAN 20" v add-port br0 h2 tag 20
check "h3: access port of VLAN 10" v add-port br0 h3 tag 10
check "h4: trunk of VLANs 10 and 20" v add-port br0 h4 trunks 10,20
check_json "show has the settings" "[10, 20, 10, '10,20']" \
	'[p.get("tag", p.get("trunks")) for p in d[0]["ports"][:4]]' v -j show br0
# h4 speaks VLAN 10 itself and hands VLAN 20 to h5.
ip -n "$h4" addr flush dev eth0
ip -n "$h4" link add link eth0 name eth0.10 type vlan id 10
ip -n "$h4" link add link eth0 name eth0.20 type vlan id 20
ip -n "$h4" addr add 10.0.0.4/24 dev eth0.10
ip -n "$h4" link set eth0.20 netns "$h5"
ip -n "$h5" addr add 10.0.0.5/24 dev eth0.20
for n in 1 2 3 4; do
	ip -n "$sw" link set "h$n" up
	eval ip -n "\$h$n" link set eth0 up
done
ip -n "$h4" link set eth0.10 up
ip -n "$h5" link set eth0.20 up

check "h1 pings h3 in VLAN 10" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.3
check_fail "h1 cannot reach h2 in VLAN 20" "" \
	bash -c "ip netns exec $h1 ping -c 2 -i 0.2 -W 1 10.0.0.2 >/dev/null"
check_fail "h2 cannot reach h1" "" \
	bash -c "ip netns exec $h2 ping -c 2 -i 0.2 -W 1 10.0.0.1 >/dev/null"
check_fail "nor h3" "" \
	bash -c "ip netns exec $h2 ping -c 2 -i 0.2 -W 1 10.0.0.3 >/dev/null"

capture_start "$h4" eth0 "vlan 10 and icmp"
check "h1 pings h4 over the trunk in VLAN 10" \
	ip netns exec "$h1" ping -c 3 -i 0.2 -W 2 10.0.0.4
check_eq "the trunk carried 6 ICMP frames tagged 10" "$(capture_stop)" 6
capture_start "$h4" eth0 "vlan 20 and icmp"
check "h2 pings h5 over the trunk in VLAN 20" \
	ip netns exec "$h2" ping -c 3 -i 0.2 -W 2 10.0.0.5
check_eq "the trunk carried 6 ICMP frames tagged 20" "$(capture_stop)" 6
capture_start "$h1" eth0 "vlan"
check "h1 pings h4 again" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.4
check_eq "no tag reached the access port" "$(capture_stop)" 0
check_fail "h1 cannot reach h5 in VLAN 20" "" \
	bash -c "ip netns exec $h1 ping -c 2 -i 0.2 -W 1 10.0.0.5 >/dev/null"
check_json "the FDB has VLANs 10 and 20" "[10, 20]" \
	'sorted({e["vlan"] for e in d})' v -j fdb-show br0

# What a port does not carry is dropped at the door, and counted.
drops=$(bridge_stat "$sw" br0 drop_vlan)
rx_dropped=$(port_stat "$sw" br0 h4 rx_dropped)
send_frames "$h4" eth0 3 02:00:00:00:00:04 ff:ff:ff:ff:ff:ff
send_frames "$h4" eth0 2 02:00:00:00:00:04 ff:ff:ff:ff:ff:ff 0x88b5 30
check_eq "3 untagged and 2 VLAN-30 frames on the trunk dropped" \
	"$(($(bridge_stat "$sw" br0 drop_vlan) - drops))" 5
check_eq "and counted as h4's rx_dropped" \
	"$(($(port_stat "$sw" br0 h4 rx_dropped) - rx_dropped))" 5
send_frames "$h1" eth0 4 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff 0x88b5 10
check_eq "4 tagged frames on an access port dropped" \
	"$(($(bridge_stat "$sw" br0 drop_vlan) - drops))" 9

# Changing VLANs: h2 joins VLAN 10, and its old entries are forgotten.
check "set-port h2 tag 10" v set-port h2 tag 10
check "h2 now reaches h1" ip netns exec "$h2" ping -c 2 -i 0.2 -W 2 10.0.0.1
check "set-port h4 trunks none" v set-port h4 trunks none
check_json "h4 carries every VLAN now" "[]" \
	'[k for k in ("tag", "trunks") if k in d[0]["ports"][3]]' v -j show br0
check "h1 still pings h4, tagged 10 as received" \
	ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.4
check "del-br" v del-br br0
finish
