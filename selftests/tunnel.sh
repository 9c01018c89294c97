#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tunnel ports between two hosts, A and B, over an underlay veth pair:
# VXLAN over IPv4 and IPv6, GRE over IPv4, what tcpdump makes of them,
# tenant isolation (a wrong key, or the right key from a wrong remote, is
# dropped and counted), path MTU (ICMP back to the sender, or outer
# fragmentation), jumbo underlays, and interop with Linux vxlan and gretap
# devices in a Linux bridge on the other side, both directions.
#
#   h1 (10.0.0.1)                               h2 (10.0.0.2)
#     |                                           |
#   [br0 in A] ua 192.0.2.1 ---- ub 192.0.2.2 [br0 in B]
#               2001:db8::1      2001:db8::2

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ss ping

A=$(add_netns tnla)
B=$(add_netns tnlb)
va() { ip netns exec "$A" "$VSWCTL" "$@"; }
vb() { ip netns exec "$B" "$VSWCTL" "$@"; }

underlay "$A" "$B"
ip -n "$A" addr add 2001:db8::1/64 dev ua nodad
ip -n "$B" addr add 2001:db8::2/64 dev ub nodad

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
# Fixed neighbours: exact packet counts, no ARP in between.
ip -n "$h1" neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud permanent
ip -n "$h2" neigh replace 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud permanent

ping1() { ip netns exec "$h1" ping -c 1 -W 2 -i 0.2 "$@" 10.0.0.2 >/dev/null 2>&1; }
pings() { ip netns exec "$1" ping -c 2 -W 2 -i 0.2 "$2" >/dev/null 2>&1; }
dev_stat() { # NS DEV rx|tx FIELD
	ip -n "$1" -s -j link show dev "$2" | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["stats64"][sys.argv[1]][sys.argv[2]])' "$3" "$4"
}
# decode NS DEV FILTER TCPDUMP-OPTION...: the first packet tcpdump -v
# decodes while h1 pings h2 once.
decode() {
	local ns=$1 dev=$2 filter=$3 f
	shift 3
	f=$(mktemp)
	on_exit "rm -f $f"
	# shellcheck disable=SC2086
	ip netns exec "$ns" timeout 10 tcpdump -i "$dev" -nn -c 1 "$@" $filter \
		> "$f" 2>/dev/null &
	local pid=$! i
	for i in $(seq 50); do
		ip netns exec "$ns" ss -0 -H 2>/dev/null | grep -q . && break
		sleep 0.1
	done
	sleep 0.3
	ip netns exec "$h1" ping -c 1 -W 2 10.0.0.2 >/dev/null 2>&1
	wait "$pid"
	cat "$f"
}

# --- VXLAN over IPv4, UDP port 8472 ---------------------------------------

check "add-port vxlan in A" \
	va add-port br0 vx0 type vxlan remote 192.0.2.2 key 42 dstport 8472
check "add-port vxlan in B" \
	vb add-port br0 vx0 type vxlan remote 192.0.2.1 key 42 dstport 8472
check_output "show lists the tunnel's options" \
"    Port vx0
        ofport: 2
        type: vxlan
        options: {remote=192.0.2.2, key=42, dstport=8472, df=unset, csum=off}" \
	bash -c "ip netns exec $A $VSWCTL show br0 | sed -n '/Port vx0/,/options/p'"
check "the endpoint device vsw-vxlan-8472 exists" \
	ip -n "$A" link show dev vsw-vxlan-8472
check "h1 pings h2 over VXLAN" ping1
check "h2 pings h1 over VXLAN" pings "$h2" 10.0.0.1

capture_start "$A" ua "udp port 8472"
ping1 -c 3
check_eq "3 pings are 6 VXLAN packets on the underlay" "$(capture_stop)" 6
before=$(port_stat "$A" br0 vx0 tx_packets)
ping1 -c 3
check_eq "and 3 frames sent by the tunnel port" \
	"$(port_stat "$A" br0 vx0 tx_packets)" $((before + 3))
out=$(decode "$A" ua "udp dst port 8472" -T vxlan)
check_has "tcpdump decodes VXLAN, VNI 42, the outer and inner addresses" "$out" \
	"IP 192.0.2.1." \
	" > 192.0.2.2.8472: VXLAN, flags [I] (0x08), vni 42" \
	"10.0.0.1 > 10.0.0.2: ICMP echo request"

# --- VLANs across the tunnel ---------------------------------------------

# Access ports of VLAN 10 at both ends; the tunnel ports carry every VLAN,
# so frames cross tagged, and the tag counts against the path MTU.
check "h1 into VLAN 10" va set-port h1 tag 10
check "h2 into VLAN 10" vb set-port h2 tag 10
check "h1 pings h2 in VLAN 10 over VXLAN" ping1
out=$(decode "$A" ua "udp dst port 8472" -T vxlan -e)
check_has "the frame crosses the tunnel with its 802.1Q tag" "$out" \
	"VXLAN, flags [I] (0x08), vni 42" "vlan 10, p 0, ethertype IPv4"
check "1446 bytes with DF go through with the tag" ping1 -M do -s 1418
out=$(ip netns exec "$h1" ping -c 1 -W 2 -M do -s 1422 10.0.0.2 2>&1)
check_has "1450 bytes need fragmentation: the tag takes 4 more" "$out" \
	"Frag needed and DF set (mtu = 1446)"
ip -n "$h1" route flush cache
check "h1 out of VLAN 10" va set-port h1 tag none
check "h2 out of VLAN 10" vb set-port h2 tag none

# --- Tenant isolation -----------------------------------------------------

# A sends every flood into vx0 (key 42), into vx43 (key 43, which B does
# not have) and into vxspoof (key 42, but from 192.0.2.3, which B does not
# know). B must deliver the first copy only, and count the other two.
ip -n "$A" addr add 192.0.2.3/24 dev ua
check "add-port with another key" \
	va add-port br0 vx43 type vxlan remote 192.0.2.2 key 43 dstport 8472
check "add-port from another local address" \
	va add-port br0 vxspoof type vxlan remote 192.0.2.2 local 192.0.2.3 key 42 dstport 8472
dropped=$(dev_stat "$B" vsw-vxlan-8472 rx dropped)
rx=$(port_stat "$B" br0 vx0 rx_packets)
capture_start "$h2" eth0 "ether proto 0x88b5" in
send_frames "$h1" eth0 5 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff
check_eq "h2 gets each of 5 broadcasts once" "$(capture_stop)" 5
check_eq "B's vx0 took in 5" "$(port_stat "$B" br0 vx0 rx_packets)" $((rx + 5))
check_eq "B dropped and counted the 10 copies of key 43 and of the wrong remote" \
	"$(dev_stat "$B" vsw-vxlan-8472 rx dropped)" $((dropped + 10))
check "del-port vx43" va del-port vx43
check "del-port vxspoof" va del-port vxspoof
ip -n "$A" addr del 192.0.2.3/24 dev ua

# --- Path MTU -------------------------------------------------------------

too_big=$(bridge_stat "$A" br0 drop_too_big)
out=$(ip netns exec "$h1" ping -c 1 -W 2 -M do -s 1472 10.0.0.2 2>&1)
check_has "a 1500-byte packet with DF gets ICMP fragmentation needed, MTU 1450" "$out" \
	"Frag needed and DF set (mtu = 1450)"
check_eq "and is counted as too big" \
	"$(bridge_stat "$A" br0 drop_too_big)" $((too_big + 1))
check "1450 bytes with DF go through" ping1 -M do -s 1422
ip -n "$h1" route flush cache
capture_start "$A" ua "ip[6:2] & 0x3fff != 0" out
check "1500 bytes without DF go through" ping1 -M dont -s 1472
check_eq "as 2 outer fragments" "$(capture_stop)" 2

ip -n "$A" link set ua mtu 9000
ip -n "$B" link set ub mtu 9000
for ns_dev in "$A h1" "$B h2" "$h1 eth0" "$h2 eth0"; do
	read -r ns dev <<< "$ns_dev"
	ip -n "$ns" link set "$dev" mtu 9000
done
ip -n "$h1" route flush cache
check "jumbo underlay: 8950-byte packets with DF go through" ping1 -M do -s 8922
out=$(ip netns exec "$h1" ping -c 1 -W 2 -M do -s 8923 10.0.0.2 2>&1)
check_has "and 8951 bytes get fragmentation needed, MTU 8950" "$out" \
	"mtu = 8950"
ip -n "$h1" route flush cache

# --- GRE over IPv4 --------------------------------------------------------

check "del-port vx0 in A" va del-port vx0
check "del-port vx0 in B" vb del-port vx0
check_fail "the endpoint device went with the last VXLAN port" \
	'Device "vsw-vxlan-8472" does not exist.' \
	ip -n "$A" link show dev vsw-vxlan-8472
check "add-port gre in A" va add-port br0 gt0 type gre remote 192.0.2.2 key 7
check "add-port gre in B" vb add-port br0 gt0 type gre remote 192.0.2.1 key 7
check "h1 pings h2 over GRE" ping1
check "h2 pings h1 over GRE" pings "$h2" 10.0.0.1
out=$(decode "$A" ua "ip proto 47" -v)
check_has "tcpdump decodes GRE, key 7, the outer and inner addresses" "$out" \
	"192.0.2.1 > 192.0.2.2: GREv0, Flags [key present], key=0x7" \
	"10.0.0.1 > 10.0.0.2: ICMP echo request"
out=$(ip netns exec "$h1" ping -c 1 -W 2 -M do -s 8931 10.0.0.2 2>&1)
check_has "GRE with a key takes 42 bytes: fragmentation needed, MTU 8958" "$out" \
	"mtu = 8958"
check "del-port gt0 in A" va del-port gt0
check "del-port gt0 in B" vb del-port gt0

# --- VXLAN over IPv6 ------------------------------------------------------

check "add-port vxlan over IPv6 in A" \
	va add-port br0 vx6 type vxlan remote 2001:db8::2 key 5
check "add-port vxlan over IPv6 in B" \
	vb add-port br0 vx6 type vxlan remote 2001:db8::1 key 5
check "h1 pings h2 over VXLAN over IPv6" ping1
out=$(decode "$A" ua "ip6 and udp dst port 4789")
check_has "tcpdump decodes VXLAN over IPv6, VNI 5, default port 4789" "$out" \
	"IP6 2001:db8::1." \
	" > 2001:db8::2.4789: VXLAN, flags [I] (0x08), vni 5"
check "del-port vx6 in A" va del-port vx6
check "del-port vx6 in B" vb del-port vx6

# --- GRE over IPv6 --------------------------------------------------------

check "add-port gre over IPv6 in A" va add-port br0 gt6 type gre remote 2001:db8::2 key 6
check "add-port gre over IPv6 in B" vb add-port br0 gt6 type gre remote 2001:db8::1 key 6
check_output "vswctl made the ip6gretap device vsw-gre6 for it" "ip6gretap" \
	bash -c "ip -n $A -d -j link show dev vsw-gre6 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0][\"linkinfo\"][\"info_kind\"])'"
check "h1 pings h2 over GRE over IPv6" ping1
out=$(decode "$A" ua "ip6 proto 47")
check_has "tcpdump decodes GRE over IPv6, key 6" "$out" \
	"IP6 2001:db8::1 > 2001:db8::2: GREv0, key=0x6" \
	"10.0.0.1 > 10.0.0.2: ICMP echo request"
out=$(ip netns exec "$h1" ping -c 1 -W 2 -M do -s 8911 10.0.0.2 2>&1)
check_has "GRE over IPv6 with a key takes 62 bytes: fragmentation needed, MTU 8938" \
	"$out" "mtu = 8938"
ip -n "$h1" route flush cache
check "del-port gt6 in A" va del-port gt6
check "del-port gt6 in B" vb del-port gt6
check_fail "vsw-gre6 went with the last GRE over IPv6 port" \
	'Device "vsw-gre6" does not exist.' ip -n "$A" link show dev vsw-gre6

# --- Interop: B runs a Linux bridge with vxlan and gretap devices --------

vb del-port h2
ip -n "$B" link add lbr type bridge
ip -n "$B" link set h2 master lbr
ip -n "$B" link set lbr up
ip -n "$B" link add lvx type vxlan id 42 remote 192.0.2.1 local 192.0.2.2 dstport 8472
ip -n "$B" link set lvx master lbr
ip -n "$B" link set lvx up
check "add-port vxlan to the Linux vxlan device" \
	va add-port br0 vx0 type vxlan remote 192.0.2.2 key 42 dstport 8472
check "vswitch -> Linux vxlan: h1 pings h2" ping1
check "Linux vxlan -> vswitch: h2 pings h1" pings "$h2" 10.0.0.1
check_fail "vswitch cannot take the UDP port of a Linux vxlan device" \
	"vswctl: add-port: the UDP port is already in use in this namespace: by a Linux vxlan device, Open vSwitch, or another socket" \
	vb add-port br0 vxc type vxlan remote 192.0.2.1 dstport 8472
check_fail "and leaves nothing behind" \
	'Device "vsw-vxlan-8472" does not exist.' \
	ip -n "$B" link show dev vsw-vxlan-8472
check "a vswitch port on 4789 in B" \
	vb add-port br0 vxb type vxlan remote 192.0.2.1 key 9
ip -n "$B" link add lvx2 type vxlan id 9 remote 192.0.2.1 dstport 4789
check_fail "a Linux vxlan device cannot take vswitch's UDP port" \
	"RTNETLINK answers: Address already in use" \
	ip -n "$B" link set lvx2 up
ip -n "$B" link del lvx2
check "del-port vxb" vb del-port vxb
ip -n "$B" link del lvx
check "del-port vx0 in A" va del-port vx0

ip -n "$B" link add lgt type gretap remote 192.0.2.1 local 192.0.2.2 key 7
ip -n "$B" link set lgt master lbr
ip -n "$B" link set lgt up
check "add-port gre to the Linux gretap device" \
	va add-port br0 gt0 type gre remote 192.0.2.2 key 7
check "vswitch -> Linux gretap: h1 pings h2" ping1
check "Linux gretap -> vswitch: h2 pings h1" pings "$h2" 10.0.0.1

# --- Split horizon --------------------------------------------------------

# h1 and h3 isolated, h4 not: h1 reaches h4 only.
h3=$(add_host "$A" h3 3)
h4=$(add_host "$A" h4 4)
check "add-port isolated" va add-port br0 h3 isolated on
check "add-port not isolated" va add-port br0 h4
check "set-port isolated on" va set-port h1 isolated on
for n in 3 4; do
	ip -n "$A" link set "h$n" up
	eval ip -n "\$h$n" link set eth0 up
done
check_json "show says which ports are isolated" "h1=on h3=on h4=None" \
	'" ".join(p["name"] + "=" + str(p.get("isolated")) for p in d[0]["ports"] if p["name"][0] == "h")' \
	va -j show br0
capture_start "$h3" eth0 "ether proto 0x88b5" in
send_frames "$h1" eth0 3 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff
check_eq "an isolated port's broadcast skips the other isolated port" "$(capture_stop)" 0
check "isolated h1 reaches h4" pings "$h1" 10.0.0.4
isolated=$(bridge_stat "$A" br0 drop_isolated)
send_frames "$h3" eth0 1 02:00:00:00:00:03 ff:ff:ff:ff:ff:ff
send_frames "$h1" eth0 2 02:00:00:00:00:01 02:00:00:00:00:03
check_eq "unicast between isolated ports is dropped and counted" \
	"$(bridge_stat "$A" br0 drop_isolated)" $((isolated + 2))
check "set-port isolated off" va set-port h1 isolated off
check "then h1 reaches h3" pings "$h1" 10.0.0.3

check "del-br with tunnel ports" va del-br br0
check_fail "takes the endpoint device with it" \
	'Device "vsw-gre" does not exist.' ip -n "$A" link show dev vsw-gre

# --- Bad input: a clear error, and nothing changes -------------------------

check "add-br for bad input" va add-br br0
check "a tunnel to compare with" \
	va add-port br0 vxok type vxlan remote 192.0.2.2 key 1
bad() { # DESC MESSAGE ADD-PORT-ARGS...
	local desc=$1 msg=$2
	shift 2
	check_fail "$desc" "vswctl: add-port: $msg" va add-port br0 "$@"
}
bad "missing remote" "a tunnel port needs a remote address" \
	t1 type vxlan key 5
bad "remote equal to local" "local and remote must differ" \
	t1 type vxlan remote 192.0.2.2 local 192.0.2.2
bad "mixed address families" "local and remote must be of the same address family" \
	t1 type vxlan remote 192.0.2.2 local 2001:db8::1
bad "a multicast remote" "remote must be a unicast address" \
	t1 type vxlan remote 239.1.1.1
bad "a zero remote" "remote must be a unicast address" \
	t1 type gre remote 0.0.0.0
bad "a broadcast local" "local must be a unicast address" \
	t1 type gre remote 192.0.2.2 local 255.255.255.255
bad "an IPv6 multicast remote" "remote must be a unicast address" \
	t1 type vxlan remote ff02::1
bad "a link-local remote" "link-local IPv6 addresses cannot be tunnel ends (attribute: remote)" \
	t1 type vxlan remote fe80::1
check_fail "an address that is no address" \
	"vswctl: invalid remote '192.0.2.300': expected an IPv4 or IPv6 address" \
	va add-port br0 t1 type vxlan remote 192.0.2.300
check_output "an address of 5 bytes" \
	"error EINVAL msg='a tunnel address is 4 bytes (IPv4) or 16 bytes (IPv6)' attr=11" \
	ip netns exec "$A" $VSW_GENL --cmd 5 2:str:br0 3:str:t1 6:u32:3 11:hex:c000020201
bad "a VNI beyond 24 bits" "a VXLAN key (VNI) is 24 bits: 0 to 16777215" \
	t1 type vxlan remote 192.0.2.2 key 16777216
bad "dstport 0" "dstport must be 1 to 65535" \
	t1 type vxlan remote 192.0.2.2 dstport 0
bad "a duplicate tunnel" \
	"a tunnel port with this type, dstport, remote, local and key already exists in this namespace" \
	t1 type vxlan remote 192.0.2.2 key 1 dstport 4789
bad "dstport on GRE" "dstport and df are VXLAN options" \
	t1 type gre remote 192.0.2.2 dstport 4789
bad "df on GRE" "dstport and df are VXLAN options" \
	t1 type gre remote 192.0.2.2 df set
bad "a remote on a netdev port" "tunnel options need type vxlan or gre (attribute: remote)" \
	h1 remote 192.0.2.2
bad "a key on an internal port" "tunnel options need type vxlan or gre (attribute: key)" \
	i1 type internal key 3
check_output "GRE over IPv6 without vsw-gre6" \
	"error ENODEV msg='GRE over IPv6 needs the device vsw-gre6: ip link add vsw-gre6 type ip6gretap external (vswctl add-port creates it)' attr=-" \
	ip netns exec "$A" $VSW_GENL --cmd 5 2:str:br0 3:str:t1 6:u32:4 \
	11:hex:20010db8000000000000000000000002
bad "GRE over IPv6 with an IPv4 local" "local and remote must be of the same address family" \
	t1 type gre remote 2001:db8::2 local 192.0.2.1
check_fail "leaves no vsw-gre6 behind" \
	'Device "vsw-gre6" does not exist.' ip -n "$A" link show dev vsw-gre6
bad "a tunnel named as a device" "a network device with this name already exists" \
	ua type vxlan remote 192.0.2.2 key 9
bad "a tunnel named as another tunnel port" "a tunnel port with this name already exists" \
	vxok type gre remote 192.0.2.2
check_output "tunnel options cannot change" \
	"error EINVAL msg='tunnel options are fixed when the port is added' attr=13" \
	ip netns exec "$A" $VSW_GENL --cmd 8 3:str:vxok 13:u32:2
check_output "isolated is 0 or 1" \
	"error ERANGE msg='integer out of range' attr=10" \
	ip netns exec "$A" $VSW_GENL --cmd 8 3:str:vxok 10:u8:2
check_output "none of it changed anything" "vxok" va list-ports br0
check_output "and left one endpoint device" "vsw-vxlan-4789" \
	bash -c "ip -n $A -br link show type vxlan | cut -d' ' -f1"

finish
