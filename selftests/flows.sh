#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The flow table, with real packets: priorities, every match field, every
# action, statistics, timeouts, the miss policies, packet-in and
# packet-out, trace, replace/modify/delete semantics, and bad input.
#
#   +--- h1 ---+  +--- h2 ---+  +--- h3 ---+
#   | 10.0.0.1 |  | 10.0.0.2 |  | 10.0.0.3 |
#   +---eth0---+  +---eth0---+  +---eth0---+
#        |             |             |
#   +----h1 (1)-------h2 (2)--------h3 (3)----- netns sw-$$ ----+
#   |                 br0 (LOCAL)                               |
#   +-----------------------------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ss

here=$(cd "$(dirname "$0")" && pwd)
sw=$(add_netns sw)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br" v add-br br0
attach_hosts "$sw" br0 1 2 3
# The bridge's own port stays quiet: no IPv6 of its own in packet-ins.
ip netns exec "$sw" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
ip -n "$sw" link set br0 up
# Neighbours are fixed: no ARP of the kernel's own adds to the counts.
pin_neighbours 1 2 3

# check_no DESC CMD...: CMD fails.
check_no() {
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		not_ok "$desc"
		diag "command: $*" "succeeded"
	else
		ok "$desc"
	fi
}
# pkt NS COUNT FIELD=VALUE...: frames from NS's eth0 (see vsw_pkt.py).
pkt() {
	local ns=$1 count=$2
	shift 2
	ip netns exec "$ns" python3 "$here/vsw_pkt.py" send eth0 "$count" "$@"
}
# flow_json EXPR [MATCH]: EXPR of the flows dump-flows prints, as JSON (d).
flow_json() {
	v -j dump-flows br0 ${2:+"$2"} | python3 -c \
		"import json, sys; d = json.load(sys.stdin); print($1)"
}
# received HOST FILTER CMD...: how many frames HOST's eth0 received that
# FILTER matches while CMD ran.
received() {
	local ns=$1 filter=$2
	shift 2
	capture_start "$ns" eth0 "$filter" in
	"$@" >/dev/null 2>&1
	capture_stop
}

# An empty table is the learning switch.
check_json "a new bridge: miss normal, no flows" "normal 0 200000 1000" \
	'd[0]["miss"], d[0]["flows"], d[0]["flow_max"], d[0]["controller_rate"]' \
	v -j show br0
check "h1 pings h2 with no flows" \
	ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2

# Priorities: the highest matching flow wins.
check "add-flow: normal at priority 0" v add-flow br0 "priority=0 actions=normal"
check "add-flow: drop ICMP to h2 at 10" \
	v add-flow br0 "priority=10,icmp,nw_dst=10.0.0.2 actions=drop"
check_no "so h1 cannot ping h2" \
	ip netns exec "$h1" ping -c 2 -i 0.2 -W 1 10.0.0.2
check "but still h3" ip netns exec "$h1" ping -c 1 -W 2 10.0.0.3
check_json "the drop flow counted 2 packets" "2" \
	'd[0]["n_packets"]' v -j dump-flows br0 "icmp,nw_dst=10.0.0.2"
check "add-flow: normal for ICMP to h2 at 20" \
	v add-flow br0 "priority=20,icmp,nw_dst=10.0.0.2 actions=normal"
check "now h1 pings h2" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2
check_json "the new flow took the 2 requests, the drop flow stayed at 2" "[2, 2]" \
	'[f["n_packets"] for f in d]' v -j dump-flows br0 "icmp,nw_dst=10.0.0.2"
# The order flows were added in does not matter: a higher priority added
# before a lower one with the same match still wins, and across masks.
check "add-flow: priority 30 normal first" \
	v add-flow br0 "priority=30,icmp,nw_dst=10.0.0.3 actions=normal"
check "then priority 25 drop, same match" \
	v add-flow br0 "priority=25,icmp,nw_dst=10.0.0.3 actions=drop"
check "then priority 28 drop, another mask" \
	v add-flow br0 "priority=28,ip,nw_dst=10.0.0.3 actions=drop"
check "h1 pings h3: priority 30 wins" \
	ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.3
check_json "and took both requests" "2" 'd[0]["n_packets"]' \
	v -j dump-flows br0 "icmp,nw_dst=10.0.0.3"
check "del-flows --strict them" bash -c "
	ip netns exec $sw $VSWCTL del-flows --strict br0 'priority=30,icmp,nw_dst=10.0.0.3' &&
	ip netns exec $sw $VSWCTL del-flows --strict br0 'priority=25,icmp,nw_dst=10.0.0.3' &&
	ip netns exec $sw $VSWCTL del-flows --strict br0 'priority=28,ip,nw_dst=10.0.0.3'"
check "del-flows --strict the two" bash -c "
	ip netns exec $sw $VSWCTL del-flows --strict br0 'priority=10,icmp,nw_dst=10.0.0.2' &&
	ip netns exec $sw $VSWCTL del-flows --strict br0 'priority=20,icmp,nw_dst=10.0.0.2'"
check_json "one flow left" "1" 'd[0]["flows"]' v -j show br0

# Exact statistics: 5 UDP frames of 60 bytes.
check "add-flow: udp,tp_dst=5000 to port 2" \
	v add-flow br0 "priority=100,udp,tp_dst=5000 actions=output:2"
check_eq "h2 received all 5" \
	"$(received "$h2" "udp port 5000" pkt "$h1" 5 dport=5000)" 5
check_json "n_packets=5 n_bytes=300" "5 300" \
	'd[0]["n_packets"], d[0]["n_bytes"]' v -j dump-flows br0 "udp,tp_dst=5000"
check_eq "h3 none" "$(received "$h3" "udp port 5000" pkt "$h1" 5 dport=5000)" 0
check_output "dump-flows prints as ovs-ofctl does" \
" cookie=0x0, duration=Xs, table=0, n_packets=10, n_bytes=600, idle_age=X, priority=100,udp,tp_dst=5000 actions=output:2" \
	bash -c "ip netns exec $sw $VSWCTL dump-flows br0 udp,tp_dst=5000 |
		sed -E 's/duration=[0-9.]+s/duration=Xs/; s/idle_age=[0-9]+/idle_age=X/'"
check "del-flows udp" v del-flows br0 "udp"

# Every match field: a flow sends what it matches to h3; one frame that
# matches and one that does not go from h1 to h2's MAC. Everything else
# goes to h2 alone, which has no address for now so that it answers
# nothing, so only a match reaches h3.
check "add-flow: the rest to h2" v add-flow br0 "priority=0 actions=output:2"
ip -n "$h2" addr flush dev eth0
match_case() { # DESC MATCH GOOD-FIELDS BAD-FIELDS [GOOD-FROM [BAD-FROM]]
	local desc=$1 match=$2 good=$3 bad=$4 from=${5:-$h1} bad_from=${6:-$h1} n
	if ! v add-flow br0 "priority=200,$match actions=output:3" >/dev/null; then
		not_ok "$desc: add-flow $match"
		return
	fi
	# shellcheck disable=SC2086
	n=$(received "$h3" "ether dst 02:00:00:00:00:02" \
		bash -c "ip netns exec $from python3 $here/vsw_pkt.py send eth0 1 $good &&
			 ip netns exec $bad_from python3 $here/vsw_pkt.py send eth0 1 $bad")
	check_eq "$desc: $match takes 1 of 2 frames" "$n" 1
	check_eq "$desc: its n_packets is 1" \
		"$(flow_json 'd[0]["n_packets"]' "$match")" 1
	v del-flows --strict br0 "priority=200,$match"
}
match_case "in_port" "in_port=2" "" "" "$h2" "$h1"
match_case "in_port by name" "in_port=h2" "" "" "$h2" "$h1"
match_case "dl_src" "dl_src=02:00:00:00:00:01" "" "src=02:00:00:00:00:09"
match_case "dl_src masked" "dl_src=02:00:00:00:00:00/ff:ff:ff:ff:ff:f0" \
	"src=02:00:00:00:00:0a" "src=02:00:00:00:00:10"
match_case "dl_dst" "dl_dst=02:00:00:00:00:02,dl_src=02:00:00:00:00:01" "" \
	"src=02:00:00:00:00:07"
match_case "dl_vlan" "dl_vlan=10" "vlan=10" "vlan=11"
match_case "dl_vlan none" "dl_vlan=0xffff" "" "vlan=12"
match_case "dl_vlan_pcp" "dl_vlan_pcp=5" "vlan=10 pcp=5" "vlan=10 pcp=4"
match_case "dl_type" "dl_type=0x88b5" "type=0x88b5" "type=0x88b6"
match_case "nw_src CIDR" "ip,nw_src=10.1.0.0/16" "nw_src=10.1.2.3" \
	"nw_src=10.2.0.1"
match_case "nw_dst mask" "ip,nw_dst=10.0.0.0/255.255.255.128" \
	"nw_dst=10.0.0.99" "nw_dst=10.0.0.200"
match_case "nw_proto" "ip,nw_proto=17" "proto=udp" "proto=tcp"
match_case "nw_tos" "ip,nw_tos=32" "tos=0x21" "tos=0x40"
match_case "nw_ttl" "ip,nw_ttl=7" "ttl=7" "ttl=8"
match_case "ipv6_src" "ipv6,ipv6_src=2001:db8::/120" \
	"type=ipv6 ipv6_src=2001:db8::42" "type=ipv6 ipv6_src=2001:db8::142"
match_case "ipv6_dst" "ipv6,ipv6_dst=2001:db8::2" "type=ipv6" \
	"type=ipv6 ipv6_dst=2001:db8::3"
match_case "tcp tp_src" "tcp,tp_src=1234" "proto=tcp sport=1234" \
	"proto=tcp sport=1235"
match_case "udp tp_dst masked" "udp,tp_dst=0x1000/0xf000" "dport=4100" \
	"dport=8192"
match_case "tcp6 tp_dst" "tcp6,tp_dst=80" "type=ipv6 proto=tcp dport=80" \
	"type=ipv6 proto=udp dport=80"
match_case "icmp_type" "icmp,icmp_type=8" "proto=icmp" \
	"proto=icmp icmp_type=13"
match_case "icmp_code" "icmp,icmp_type=3,icmp_code=1" \
	"proto=icmp icmp_type=3 icmp_code=1" "proto=icmp icmp_type=3 icmp_code=2"
match_case "icmp6 type" "icmp6,icmp_type=128" "type=ipv6 proto=icmp6" \
	"type=ipv6 proto=icmp6 icmp_type=129"
match_case "arp_spa" "arp,arp_spa=10.0.0.1" "type=arp" \
	"type=arp nw_src=10.0.0.5"
match_case "arp_tpa" "arp,arp_tpa=10.0.0.0/28" "type=arp nw_dst=10.0.0.9" \
	"type=arp nw_dst=10.0.0.19"
match_case "arp_op" "arp,arp_op=2" "type=arp arp_op=2" "type=arp arp_op=1"
ip -n "$h2" addr add 10.0.0.2/24 dev eth0
check "add-flow: the rest to normal again" \
	v add-flow br0 "priority=0 actions=normal"

# Actions. act_case DESC ACTIONS HOST FILTER [FIELDS]: a flow for UDP to
# port 7000 with ACTIONS; one such frame from h1 reaches HOST as FILTER
# says (counted on HOST's eth0, as received).
act_case() {
	local desc=$1 actions=$2 ns=$3 filter=$4 fields=${5:-}
	if ! v add-flow br0 "priority=300,udp,tp_dst=7000 actions=$actions" >/dev/null; then
		not_ok "$desc: add-flow actions=$actions"
		return
	fi
	# shellcheck disable=SC2086
	check_eq "$desc: actions=$actions" \
		"$(received "$ns" "$filter" pkt "$h1" 1 dport=7000 $fields)" 1
}
act_case "output" "output:3" "$h3" "udp port 7000"
act_case "output by name" "output:h3" "$h3" "udp port 7000"
act_case "mirror to two ports: h2" "output:2,output:3" "$h2" "udp port 7000"
act_case "mirror to two ports: h3" "output:2,output:3" "$h3" "udp port 7000"
act_case "flood: h2" "flood" "$h2" "udp port 7000"
act_case "flood: h3" "flood" "$h3" "udp port 7000"
act_case "all: h3" "all" "$h3" "udp port 7000"
act_case "normal" "normal" "$h2" "udp port 7000"
act_case "in_port" "in_port" "$h1" "udp port 7000"
act_case "mod_vlan_vid tags" "mod_vlan_vid:10,output:3" "$h3" \
	"vlan 10 and udp port 7000"
# tcpdump -e prints the tag; its filters see only part of it on a veth.
tagged() { # DESC ACTIONS FIELDS WANT: what h3 prints of the one frame
	v add-flow br0 "priority=300,udp,tp_dst=7000 actions=$2" >/dev/null
	capture_start "$h3" eth0 "" in
	# shellcheck disable=SC2086
	pkt "$h1" 1 dport=7000 $3
	capture_stop >/dev/null
	check_eq "$1" "$(grep -c "$4" "$_capfile")" 1
}
tagged "mod_vlan_vid retags, keeping the priority" "mod_vlan_vid:30,output:3" \
	"vlan=20 pcp=3" "vlan 30, p 3, ethertype IPv4"
tagged "strip_vlan" "strip_vlan,output:3" "vlan=20" \
	"02:00:00:00:00:02, ethertype IPv4 (0x0800).*7000"
act_case "push_vlan on a tagged frame" \
	"push_vlan:0x8100,mod_vlan_vid:40,output:3" "$h3" \
	"vlan 40 and vlan 20 and udp port 7000" "vlan=20"
act_case "mod_dl_src" "mod_dl_src:02:aa:00:00:00:01,output:3" "$h3" \
	"ether src 02:aa:00:00:00:01 and udp port 7000"
act_case "mod_dl_dst" "mod_dl_dst:02:00:00:00:00:03,output:3" "$h3" \
	"ether dst 02:00:00:00:00:03 and udp port 7000"
act_case "mod_nw_tos keeps the ECN bits" "mod_nw_tos:40,output:3" "$h3" \
	"ip[1] == 41 and udp port 7000" "tos=0x01"
act_case "dec_ttl" "dec_ttl,output:3" "$h3" "ip[8] == 4 and udp port 7000" \
	"ttl=5"
act_case "mod_nw_dst" "mod_nw_dst:10.9.9.9,output:3" "$h3" \
	"dst host 10.9.9.9 and udp port 7000"
act_case "mod_nw_src" "mod_nw_src:10.8.8.8,output:3" "$h3" \
	"src host 10.8.8.8 and udp port 7000"

# The checksums after mod_nw_*: h2 serves TCP on 10.0.0.2; h1 talks to
# 10.0.0.99, which the flows translate both ways. TCP's checksum covers
# the addresses, so a reply means both were rewritten right.
ip -n "$h1" neigh replace 10.0.0.99 lladdr 02:00:00:00:00:02 nud permanent dev eth0
check "add-flow: h1 to 10.0.0.99 goes to h2 as 10.0.0.2" v add-flow br0 \
	"priority=300,tcp,in_port=1,nw_dst=10.0.0.99 actions=mod_nw_dst:10.0.0.2,output:2"
check "add-flow: and back as from 10.0.0.99" v add-flow br0 \
	"priority=300,tcp,in_port=2,nw_src=10.0.0.2,nw_dst=10.0.0.1 actions=mod_nw_src:10.0.0.99,output:1"
ip netns exec "$h2" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.0.2", 7001)); s.listen(1); s.settimeout(20)
c, _ = s.accept(); c.sendall(c.recv(100).upper())' &
srv=$!
sleep 0.5
check_output "TCP through the NAT flows" "HELLO FROM H1" ip netns exec "$h1" \
	python3 -c '
import socket
c = socket.create_connection(("10.0.0.99", 7001), timeout=5)
c.sendall(b"hello from h1"); print(c.recv(100).decode())'
wait "$srv"

# The same, checked by tcpdump -vv on h2, for frames whose checksums were
# complete before the rewrite (h1's TCP stack leaves them to be finished,
# and a veth receiver trusts them either way).
check "add-flow: UDP to 10.0.0.99 goes to h2 as 10.0.0.2" v add-flow br0 \
	"priority=300,udp,in_port=1,nw_dst=10.0.0.99 actions=mod_nw_dst:10.0.0.2,output:2"
sums() { # PROTO: what tcpdump -vv says of one rewritten frame
	local f
	f=$(mktemp)
	on_exit "rm -f $f"
	ip netns exec "$h2" timeout 10 tcpdump -i eth0 -Q in -nn -vv -c 1 \
		"dst host 10.0.0.2 and $1 port 7003" > "$f" 2>/dev/null &
	local pid=$! i
	for i in $(seq 50); do
		ip netns exec "$h2" ss -0 -H 2>/dev/null | grep -q . && break
		sleep 0.1
	done
	sleep "$(slow 0.3)"
	pkt "$h1" 1 proto="$1" nw_dst=10.0.0.99 dport=7003
	wait "$pid"
	cat "$f"
}
out=$(sums tcp)
check_has "mod_nw_dst: TCP checksum right" "$out" "10.0.0.2.7003" "(correct)"
check_eq "and no bad checksum" "$(grep -c 'incorrect\|bad' <<< "$out")" 0
out=$(sums udp)
check_has "mod_nw_dst: UDP checksum right" "$out" "10.0.0.2.7003" "[udp sum ok]"
check_eq "and no bad checksum" "$(grep -c 'incorrect\|bad' <<< "$out")" 0

drops=$(bridge_stat "$sw" br0 drop_flow)
check "add-flow: actions=drop" \
	v add-flow br0 "priority=300,udp,tp_dst=7000 actions=drop"
check_eq "drop: nothing reaches h2" \
	"$(received "$h2" "udp port 7000" pkt "$h1" 3 dport=7000)" 0
check_eq "drop_flow counted the 3" "$(bridge_stat "$sw" br0 drop_flow)" \
	$((drops + 3))
check_output "and dump-flows shows it" "drop" \
	bash -c "ip netns exec $sw $VSWCTL dump-flows br0 udp,tp_dst=7000 | sed 's/.*actions=//'"
ttl=$(bridge_stat "$sw" br0 drop_ttl)
check "add-flow: dec_ttl" \
	v add-flow br0 "priority=300,udp,tp_dst=7000 actions=dec_ttl,output:3"
check_eq "dec_ttl drops a TTL of 1" \
	"$(received "$h3" "udp port 7000" pkt "$h1" 2 dport=7000 ttl=1)" 0
check_eq "and counts it in drop_ttl" "$(bridge_stat "$sw" br0 drop_ttl)" \
	$((ttl + 2))

# Replace, modify, delete.
check "add-flow again with other actions replaces" \
	v add-flow br0 "priority=300,udp,tp_dst=7000 actions=output:2"
check_json "one flow, the new actions, counters from zero" "1 output:2 0" \
	'len(d), d[0]["actions"], d[0]["n_packets"]' \
	v -j dump-flows br0 "udp,tp_dst=7000"
check "add-flow: the same match at another priority is another flow" \
	v add-flow br0 "priority=301,udp,tp_dst=7000 actions=output:2"
pkt "$h1" 2 dport=7000
check "mod-flows --strict changes only priority 300" \
	v mod-flows --strict br0 "priority=300,udp,tp_dst=7000 actions=output:3"
check_json "the counters stay" "[(301, 'output:2', 2), (300, 'output:3', 0)]" \
	'[(f["priority"], f["actions"], f["n_packets"]) for f in d]' \
	v -j dump-flows br0 "udp,tp_dst=7000"
check "mod-flows (not strict) changes every udp flow" \
	v mod-flows br0 "udp actions=output:1"
check_json "both" "['output:1', 'output:1']" '[f["actions"] for f in d]' \
	v -j dump-flows br0 "udp,tp_dst=7000"
check "add-flow: a tcp flow and a cookie" \
	v add-flow br0 "priority=300,cookie=0x42,tcp,tp_dst=7000 actions=output:2"
check "del-flows --strict needs the priority too" \
	v del-flows --strict br0 "udp,tp_dst=7000"
check_json "so nothing went" "2" 'len(d)' v -j dump-flows br0 "udp,tp_dst=7000"
check "del-flows by cookie" v del-flows br0 "cookie=0x42/-1"
check_json "took only that flow" "6 [0]" \
	'len(d), sorted(set(f["cookie"] for f in d))' v -j dump-flows br0
check "del-flows ip takes the less general udp flows" v del-flows br0 "ip"
check_json "only priority 0 is left" "['priority=0']" '[f["match"] for f in d]' \
	v -j dump-flows br0

# trace.
check "add-flow for trace" \
	v add-flow br0 "priority=100,cookie=0x7,tcp,nw_dst=10.0.0.2,tp_dst=80 actions=mod_vlan_vid:5,output:h2"
check_output "trace: the tcp flow" "Packet: tcp,in_port=1,nw_dst=10.0.0.2,tp_dst=80
Rule: priority=100,tcp,nw_dst=10.0.0.2,tp_dst=80
Cookie: 0x7
Actions: mod_vlan_vid:5,output:2" \
	v trace br0 "in_port=1,tcp,nw_dst=10.0.0.2,tp_dst=80"
check_output "trace: another port takes priority 0" "Packet: tcp,in_port=1,nw_dst=10.0.0.2,tp_dst=81
Rule: priority=0
Cookie: 0x0
Actions: NORMAL" \
	v trace br0 "in_port=1,tcp,nw_dst=10.0.0.2,tp_dst=81"
check "del-flows: all" v del-flows br0
check_output "trace: a miss" "Packet: udp,in_port=1
Rule: none: the table has no flow for it
Miss policy: normal (the learning switch)" \
	v trace br0 "in_port=1,udp"

# Timeouts: a hard one of H seconds and an idle one of I (2 and 4,
# stretched on a slow kernel). The idle flow gets a frame every 0.5 s
# or so, each sent by a new python3: I leaves room for a loaded machine.
H=$(slow 2)
I=$(slow 4)
check "add-flow: hard_timeout=$H" \
	v add-flow br0 "priority=5,hard_timeout=$H,udp,tp_dst=7100 actions=drop"
check "add-flow: idle_timeout=$I" \
	v add-flow br0 "priority=5,idle_timeout=$I,udp,tp_dst=7200 actions=drop"
check_json "both listed, with their timeouts" "[($H, None), (None, $I)]" \
	'[(f.get("hard_timeout"), f.get("idle_timeout")) for f in d]' \
	v -j dump-flows br0 "udp"
for _ in 1 2 3 4 5 6; do
	pkt "$h1" 1 dport=7200
	sleep "$(slow 0.5)"
done
check_json "after 1.5 H the hard one is gone, the used idle one is not" \
	"[7200]" '[int(f["match"].split("=")[-1]) for f in d]' \
	v -j dump-flows br0 "udp"
check_json "its idle_age is at most I" "True" "d[0][\"idle_age\"] <= $I" \
	v -j dump-flows br0 "udp"
sleep "$(slow 6)"
check_json "1.5 I unused, it is gone too" "0" 'len(d)' v -j dump-flows br0

# Miss policies.
check "set-br miss drop" v set-br br0 miss drop
before=$(bridge_stat "$sw" br0 drop_miss)
check_no "with no flow, h1 cannot ping h2" \
	ip netns exec "$h1" ping -c 2 -i 0.2 -W 1 10.0.0.2
check_eq "drop_miss counted the 2 requests" \
	"$(bridge_stat "$sw" br0 drop_miss)" $((before + 2))
check "add-flow: icmp normal" v add-flow br0 "icmp actions=normal"
check "ICMP goes, by the flow" ip netns exec "$h1" ping -c 1 -W 2 10.0.0.2
check "del-flows" v del-flows br0

# Controller: packet-ins from the miss policy and the action, on a bridge
# of their own with one new host, h4 on port 1: nothing but the frames
# sent here reaches it (the hosts of br0 have a TCP connection's history,
# whose late segments would be packet-ins too), so the counts are exact.
check "add-br br1" v add-br br1
attach_hosts "$sw" br1 4
mon=$(mktemp)
on_exit "rm -f $mon"
ip netns exec "$sw" "$VSWCTL" -j monitor --packets br1 > "$mon" &
monpid=$!
on_exit "kill $monpid"
sleep 0.5
check "set-br miss controller" v set-br br1 miss controller
pkt "$h4" 1 dport=7300
check "add-flow: controller:64 with a cookie" \
	v add-flow br1 "priority=9,cookie=0x99,udp,tp_dst=7301 actions=controller:64"
pkt "$h4" 1 dport=7301 len=200
sleep 1
want_miss=$(python3 "$here/vsw_pkt.py" hex dport=7300)
want_act=$(python3 "$here/vsw_pkt.py" hex dport=7301 len=200)
check_json "monitor --packets got the miss, all of it" \
	"1 miss 0 60 True" \
	'd["in_port"], d["reason"], d["cookie"], d["total_len"], d["data"] == "'"$want_miss"'"' \
	sed -n 1p "$mon"
check_json "and the action's, cut at 64 bytes" \
	"1 action 153 200 64 True" \
	'd["in_port"], d["reason"], d["cookie"], d["total_len"], d["len"], d["data"] == "'"${want_act:0:128}"'"' \
	sed -n 2p "$mon"
check_json "upcalls counts both" "2" 'd[0]["stats"]["upcalls"]' v -j show br1
# A tagged frame of 18 bytes on the wire is 14 in the switch, its tag held
# apart: cut at 15, a packet-in carries the first 15 bytes of the wire.
check "packet-out of an 18-byte tagged frame to the controller, 15 bytes" \
	v packet-out br1 actions=controller:15 0200000000040200000000098100000588b5
sleep 0.5
check_json "the packet-in has the MACs, the TPID and the tag's first byte" \
	"action 18 15 020000000004020000000009810000" \
	'd["reason"], d["total_len"], d["len"], d["data"]' sed -n 3p "$mon"

# Rate limit: 20 frames in well under a second, 5 allowed.
check "set-br controller-rate 5" v set-br br1 controller-rate 5
sleep 1.1
pkt "$h4" 20 dport=7300
sleep 0.5
check_json "5 more upcalls, 15 limited" "8 15" \
	'd[0]["stats"]["upcalls"], d[0]["stats"]["upcall_limited"]' v -j show br1
kill "$monpid"
wait "$monpid" 2>/dev/null
check_eq "monitor printed 8 packet-ins" "$(wc -l < "$mon")" 8
lost=$(bridge_stat "$sw" br1 upcall_lost)
sleep 1.1
pkt "$h4" 1 dport=7300
check_eq "with no listener, a packet-in is lost and counted" \
	"$(bridge_stat "$sw" br1 upcall_lost)" $((lost + 1))
check "del-br br1" v del-br br1

# A frame longer than an attribute holds (65,535 bytes, its header
# included): the host's own, of 65,549 bytes, through a LOCAL port of MTU
# 65535. Its packet-in carries the first 65,531 and the whole length.
check "add-br br2, MTU 65535, miss controller" bash -c "
	ip netns exec $sw $VSWCTL add-br br2 &&
	ip netns exec $sw sysctl -qw net.ipv6.conf.br2.disable_ipv6=1 &&
	ip -n $sw link set br2 mtu 65535 up &&
	ip -n $sw addr add 10.9.0.1/24 dev br2 &&
	ip -n $sw neigh add 10.9.0.2 lladdr 02:00:00:00:09:02 dev br2 &&
	ip netns exec $sw $VSWCTL set-br br2 miss controller"
ip netns exec "$sw" "$VSWCTL" -j monitor --packets br2 > "$mon" &
monpid=$!
sleep 0.5
ip netns exec "$sw" ping -c 1 -W 1 -s 65507 10.9.0.2 > /dev/null
sleep 0.5
kill "$monpid"
wait "$monpid" 2>/dev/null
check_json "the packet-in of a 65,549-byte frame carries 65,531 of them" \
	"65549 65531" 'd["total_len"], d["len"]' grep -m 1 '"total_len":65549,' "$mon"
check "del-br br2" v del-br br2

# packet-out.
frame=$(python3 "$here/vsw_pkt.py" hex dport=7400)
check_eq "packet-out to h3" "$(received "$h3" "udp port 7400" \
	v packet-out br0 in_port=1 actions=output:3 "$frame")" 1
check_eq "packet-out normal learns nothing wrong and reaches h2" \
	"$(received "$h2" "udp port 7400" \
	v packet-out br0 in_port=h1 actions=normal "$frame")" 1
check_eq "packet-out with rewrites" "$(received "$h3" "vlan 7 and udp port 7400" \
	v packet-out br0 actions=mod_vlan_vid:7,output:h3 "$frame")" 1
check "del-flows" v del-flows br0

# Bad input: syntax errors are vswctl's, with the position.
check_fail "unknown field" 'vswctl: add-flow: column 5: unknown field "nw_sr"
  tcp,nw_sr=1.2.3.4 actions=drop
      ^' v add-flow br0 "tcp,nw_sr=1.2.3.4 actions=drop"
check_fail "bad value" 'vswctl: add-flow: column 11: invalid nw_dst "10.0.0.300"
  ip,nw_dst=10.0.0.300 actions=drop
            ^' v add-flow br0 "ip,nw_dst=10.0.0.300 actions=drop"
check_fail "unknown action" 'vswctl: add-flow: column 12: unknown action "outptu"
  ip actions=outptu:2
             ^' v add-flow br0 "ip actions=outptu:2"
check_fail "no actions" 'vswctl: add-flow: column 3: actions are missing: add actions=...
  ip
    ^' v add-flow br0 "ip"
check_fail "a port that is not there, by name" 'vswctl: add-flow: column 19: no port named "h9" on br0
  ip actions=output:h9
                    ^' v add-flow br0 "ip actions=output:h9"
# ... and the kernel's, with the attribute.
check_fail "a missing prerequisite" \
	"vswctl: add-flow: tp_dst needs nw_proto=6, 17 or 132 (tcp, udp or sctp)" \
	v add-flow br0 "ip,tp_dst=80 actions=drop"
check_fail "nw_src without ip" "vswctl: add-flow: nw_src needs dl_type=0x0800 (ip)" \
	v add-flow br0 "nw_src=10.0.0.1 actions=drop"
check_fail "a port number that is not there" \
	"vswctl: add-flow: no port with this number on the bridge" \
	v add-flow br0 "ip actions=output:9"
check_fail "nw_tos not DSCP" "vswctl: add-flow: nw_tos is the DSCP bits: a multiple of 4" \
	v add-flow br0 "ip,nw_tos=3 actions=drop"
check_output "an unknown action type, in a hand-made request" \
	"error EINVAL msg='Unknown attribute type' attr=99" \
	ip netns exec "$sw" python3 "$here/vsw_genl.py" --cmd 11 2:str:br0 $((0x8000 | 9)):hex:04006300
check_json "none of it changed the table" "0" 'd[0]["flows"]' v -j show br0

# add-flows: a batch is applied whole or not at all.
batch=$(mktemp)
on_exit "rm -f $batch"
printf '%s\n' "# a comment" "" "priority=1,udp,tp_dst=1 actions=drop" \
	"priority=1,udp,tp_dst=2 actions=output:9" > "$batch"
check_fail "add-flows: the kernel rejects line 4" \
	"vswctl: add-flows: no port with this number on the bridge
vswctl: add-flows: the flow at line 4 was rejected; the flows before its batch were added" \
	v add-flows br0 "$batch"
check_json "and line 3 was not added either" "0" 'd[0]["flows"]' v -j show br0
printf '%s\n' "priority=1,udp,tp_dst=1 actions=drop" "priority=1,udp,tp_dst=3,actions=drop" \
	"priority=1,udp,tp_dst=2,nw_proto=x actions=drop" > "$batch"
check_fail "add-flows: a syntax error sends nothing" \
	'vswctl: add-flows: line 3, column 34: invalid nw_proto "x"
  priority=1,udp,tp_dst=2,nw_proto=x actions=drop
                                   ^' v add-flows br0 "$batch"
check_json "not even the good lines" "0" 'd[0]["flows"]' v -j show br0

# flow-max.
check "set-br flow-max 3" v set-br br0 flow-max 3
printf 'priority=1,udp,tp_dst=%d actions=drop\n' 1 2 3 4 > "$batch"
check_fail "4 flows do not fit in 3" \
	"vswctl: add-flows: the bridge's flow table is full: see flow-max" \
	v add-flows br0 "$batch"
check_json "and none went in" "0" 'd[0]["flows"]' v -j show br0
check "3 do" bash -c "head -3 $batch | ip netns exec $sw $VSWCTL add-flows br0 -"
check "replacing one still fits" \
	v add-flow br0 "priority=1,udp,tp_dst=3 actions=output:2"
check_fail "a fourth does not" \
	"vswctl: add-flow: the bridge's flow table is full: see flow-max" \
	v add-flow br0 "priority=1,udp,tp_dst=4 actions=drop"
check "set-br flow-max 200000" v set-br br0 flow-max 200000
check "del-br with flows" v del-br br0

finish
