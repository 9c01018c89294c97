#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ports: attaching a device and giving it back exactly as it was, internal
# ports, port numbers, what cannot be a port and why, ports that go away
# with their device, notifications, and bad input that changes nothing.
#
#   +------------- netns sw-$$ --------------+   +-- h1-$$ --+
#   |  br0: h1 (veth), p9 (internal), LOCAL  |---|  eth0     |
#   |  br1, lbr (Linux bridge), veths        |   +-----------+
#   +-----------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module

sw=$(add_netns sw)
other=$(add_netns other)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
raw() { ip netns exec "$sw" $VSW_GENL "$@"; }
link_json() { ip -n "$sw" -d -j link show "$1"; }

monitor_out=$(mktemp)
on_exit "rm -f $monitor_out"
ip netns exec "$sw" "$VSWCTL" -j monitor > "$monitor_out" &
monitor_pid=$!
on_exit "kill $monitor_pid"
sleep 0.5

check "add-br br0" v add-br br0
check "add-br br1" v add-br br1
h1=$(add_host "$sw" h1 1)
ip -n "$sw" link set h1 up
ip -n "$h1" link set eth0 up

before=$(link_json h1 | python3 -c 'import json, sys; d = json.load(sys.stdin)[0]; print(d["promiscuity"], d.get("master"), d["flags"], d["mtu"], d["address"])')
check "add-port h1" v add-port br0 h1
check_json "h1 is promiscuous and below br0" "1 br0" \
	'd[0]["promiscuity"], d[0]["master"]' link_json h1
check_json "it got port number 1" "[1]" \
	'[p["ofport"] for p in d[0]["ports"] if p["name"] == "h1"]' v -j show br0
check "add-port p9 type internal ofport 9" v add-port br0 p9 type internal ofport 9
check_json "p9 is a device of the switch" "vswitch" \
	'd[0]["linkinfo"]["info_kind"]' link_json p9
check "add-port p2 type internal" v add-port br0 p2 type internal
check_json "the next number went to p2" "[2]" \
	'[p["ofport"] for p in d[0]["ports"] if p["name"] == "p2"]' v -j show br0
check_output "list-ports: sorted, without LOCAL" "h1
p2
p9" v list-ports br0

# A deleted port's number is given out again last, and the flows that
# name it go with it: a new port must not inherit another's flows.
check "add-port p3 type internal" v add-port br0 p3 type internal
check_json "it got number 3" "[3]" \
	'[p["ofport"] for p in d[0]["ports"] if p["name"] == "p3"]' v -j show br0
check "a flow from p3" v add-flow br0 "priority=10,in_port=3 actions=output:1"
check "a flow to p3" v add-flow br0 "priority=10,in_port=1 actions=output:2,output:3"
check "a flow of neither" v add-flow br0 "priority=10,in_port=2,udp actions=output:1"
check "del-port p3" v del-port p3
check_json "the two flows that named port 3 went with it" \
	"['priority=10,udp,in_port=2']" '[f["match"] for f in d]' v -j dump-flows br0
check "add-port p4 type internal" v add-port br0 p4 type internal
check_json "p4 did not get p3's number 3, but 4" "[4]" \
	'[p["ofport"] for p in d[0]["ports"] if p["name"] == "p4"]' v -j show br0
check "del-port p4" v del-port p4
check "del-flows" v del-flows br0
# A failed add-port uses up no number: the duplicate tunnel fails after
# its number was taken.
check "add-port t1, a VXLAN tunnel" v add-port br0 t1 type vxlan remote 192.0.2.9 key 9
check_fail "the same tunnel under another name is refused" \
	"vswctl: add-port: a tunnel port with this type, dstport, remote, local and key already exists in this namespace" \
	v add-port br0 t2 type vxlan remote 192.0.2.9 key 9
check "add-port p5 type internal" v add-port br0 p5 type internal
check_json "t1 got 5, and p5 6: the failed add took none" "[5, 6]" \
	'[p["ofport"] for p in d[0]["ports"] if p["name"] in ("t1", "p5")]' v -j show br0
check "del-port t1" v del-port t1
check "del-port p5" v del-port p5

# The host reaches h1 through the internal port.
check "p9 takes an address" ip -n "$sw" addr add 10.0.0.9/24 dev p9
check "and comes up" ip -n "$sw" link set p9 up
check "the host pings h1 through p9" \
	ip netns exec "$sw" ping -c 2 -i 0.2 -W 2 10.0.0.1
check "h1 pings the host" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.9

# What cannot be a port.
ip -n "$sw" link add lbr type bridge
ip -n "$sw" link add x1 type veth peer name x2
ip -n "$sw" link add y1 type veth peer name y2 netns "$other"
ip -n "$sw" link set x2 master lbr
check_fail "a Linux bridge port" \
	"vswctl: add-port: the device is already a port of a Linux bridge (attribute: name)" \
	v add-port br0 x2
check_fail "a port of another vswitch bridge" \
	"vswctl: add-port: the device is already a port of a vswitch bridge (attribute: name)" \
	v add-port br1 h1
check_fail "an internal port" \
	"vswctl: add-port: the device is already a port of a vswitch bridge (attribute: name)" \
	v add-port br1 p9
check_fail "a bridge's internal port" \
	"vswctl: add-port: a bridge's internal port cannot be a port of a bridge (attribute: name)" \
	v add-port br0 br1
check_fail "loopback" "vswctl: add-port: a loopback device cannot be a port (attribute: name)" \
	v add-port br0 lo
check_fail "a device of another namespace" \
	"vswctl: add-port: no network device with this name in the bridge's namespace" \
	v add-port br0 y2
check_fail "a name that does not exist" \
	"vswctl: add-port: no network device with this name in the bridge's namespace" \
	v add-port br0 nosuch
ip -n "$sw" link add mbond type bond 2>/dev/null
if ip -n "$sw" link show mbond >/dev/null 2>&1; then
	ip -n "$sw" link add z1 type veth peer name z2
	ip -n "$sw" link set z1 master mbond
	check_fail "a bond member" \
		"vswctl: add-port: the device is already a member of a bond or team (attribute: name)" \
		v add-port br0 z1
else
	diag "no bonding module: the bond member refusal is not checked"
fi
check_fail "an internal port with a taken name" \
	"vswctl: add-port: a network device with this name already exists" \
	v add-port br0 x1 type internal
check_fail "a port number in use" \
	"vswctl: add-port: the port number is already used on this bridge (attribute: ofport)" \
	v add-port br0 x1 ofport 9
check_fail "port number 0" \
	"vswctl: add-port: integer out of range (attribute: ofport)" \
	v add-port br0 x1 ofport 0
check_fail "port number 65280" \
	"vswctl: add-port: integer out of range (attribute: ofport)" \
	v add-port br0 x1 ofport 65280
check_fail "tag 4095" "vswctl: add-port: integer out of range (attribute: tag)" \
	v add-port br0 x1 tag 4095
check_fail "a tag and trunks" \
	"vswctl: add-port: a port cannot have both a tag and trunks" \
	v add-port br0 x1 tag 5 trunks 6
check_fail "trunk VLAN 0" \
	"vswctl: add-port: trunks may only name VLANs 1 to 4094" \
	v add-port br0 x1 trunks 0,5
check_fail "trunk VLAN 4096" \
	"vswctl: invalid VLAN '4096': expected a number from 0 to 4095" \
	v add-port br0 x1 trunks 4096
check_fail "a reversed range" "vswctl: invalid VLAN range '20-10'" \
	v add-port br0 x1 trunks 20-10
check_fail "an unknown type" \
	"vswctl: invalid type 'tap': expected netdev, internal, vxlan or gre" \
	v add-port br0 x1 type tap
check_fail "an unknown setting" "vswctl: add-port: unknown setting 'color'
usage: vswctl add-port BRIDGE PORT [type netdev|internal|vxlan|gre] [ofport N] [tag VLAN]
        [trunks LIST] [isolated on|off] [hwaddr MAC] [owner NAME]
        [TUNNEL OPTIONS]" \
	v add-port br0 x1 color red
check_fail "no such bridge" "vswctl: add-port: no bridge with this name" \
	v add-port nobr x1
check_fail "an internal port with a bad name" \
	"vswctl: add-port: port name is not a valid interface name" \
	v add-port br0 a/b type internal
check_fail "set-port of a port number" "vswctl: set-port: unknown setting 'ofport'
usage: vswctl set-port PORT {tag VLAN|none | trunks LIST|none | isolated on|off |
      hwaddr MAC}..." \
	v set-port h1 ofport 5
check_fail "set-port that would give a tag and trunks" \
	"vswctl: set-port: a port cannot have both a tag and trunks" \
	bash -c "ip netns exec $sw '$VSWCTL' set-port h1 trunks 10 &&
		 ip netns exec $sw '$VSWCTL' set-port h1 tag 5"
check "set-port h1 trunks none" v set-port h1 trunks none
check_fail "set-port of something that is not a port" \
	"vswctl: set-port: no port with this name" v set-port x1 tag 5
check_fail "del-port of the LOCAL port" \
	"vswctl: del-port: the LOCAL port goes only with its bridge (attribute: name)" \
	v del-port br0 br0
check_fail "del-port on the wrong bridge" \
	"vswctl: del-port: the port is on another bridge (attribute: name)" \
	v del-port br1 h1
check_fail "fdb-show of no bridge" "vswctl: fdb-show: no bridge with this name" \
	v fdb-show nobr
check_fail "fdb-flush of no bridge" "vswctl: fdb-flush: no bridge with this name" \
	v fdb-flush nobr
check_fail "dump-ports of no bridge" "vswctl: dump-ports: no bridge with this name" \
	v dump-ports nobr
check_fail "list-ports of no bridge" "vswctl: list-ports: no bridge with this name" \
	v list-ports nobr
check_fail "del-port of no port" "vswctl: del-port: no port with this name" \
	v del-port br0 nosuch
check_fail "monitor takes no arguments but --packets or --flows BRIDGE" \
	"usage: vswctl monitor [--packets BRIDGE | --flows BRIDGE]" v monitor br0
check_fail "fdb-aging 0" "vswctl: set-br: integer out of range (attribute: fdb-aging)" \
	v set-br br0 fdb-aging 0
check_fail "fdb-max 0" "vswctl: set-br: integer out of range (attribute: fdb-max)" \
	v set-br br0 fdb-max 0
# hand-made messages (uapi numbers from include/uapi/linux/vswitch.h)
PORT_NEW=5 PORT_SET=8
P_BRIDGE=2 P_NAME=3 P_IFINDEX=4 P_TYPE=6 P_TRUNKS=8 P_STATS=9
check_output "port without a bridge" \
	"error EINVAL msg='bridge name is missing' attr=$(missing_attr $P_BRIDGE)" \
	raw --cmd $PORT_NEW $P_NAME:str:x1
check_output "port without a name" \
	"error EINVAL msg='port name is missing' attr=$(missing_attr $P_NAME)" \
	raw --cmd $PORT_NEW $P_BRIDGE:str:br0
check_output "trunks of the wrong length" \
	"error ERANGE msg='$(raw --cmd $PORT_NEW $P_BRIDGE:str:br0 $P_NAME:str:x1 $P_TRUNKS:hex:00 | sed -n "s/.*msg='\([^']*\)'.*/\1/p")' attr=$P_TRUNKS" \
	raw --cmd $PORT_NEW $P_BRIDGE:str:br0 $P_NAME:str:x1 $P_TRUNKS:hex:00
check_output "type 5" "error ERANGE msg='integer out of range' attr=$P_TYPE" \
	raw --cmd $PORT_NEW $P_BRIDGE:str:br0 $P_NAME:str:x1 $P_TYPE:u32:5
check_output "an ifindex" \
	"error EINVAL msg='name ports by name: the ifindex is read-only' attr=$P_IFINDEX" \
	raw --cmd $PORT_SET $P_NAME:str:h1 $P_IFINDEX:u32:1
check_output "statistics" "error EINVAL msg='port statistics are read-only' attr=$P_STATS" \
	raw --cmd $PORT_SET $P_NAME:str:h1 $P_STATS:u32:1
check_output "nothing changed: br0's ports" "h1
p2
p9" v list-ports br0
check_output "br1 has none" "" v list-ports br1
check_json "h1 carries every VLAN" "[]" \
	'[k for p in d[0]["ports"] if p["name"] == "h1" for k in ("tag", "trunks") if k in p]' \
	v -j show br0

# Giving a device back.
check "del-port br0 h1" v del-port br0 h1
after=$(link_json h1 | python3 -c 'import json, sys; d = json.load(sys.stdin)[0]; print(d["promiscuity"], d.get("master"), d["flags"], d["mtu"], d["address"])')
check_eq "h1 is as it was before" "$after" "$before"
check "and can join a Linux bridge" ip -n "$sw" link set h1 master lbr
check "and leave it" ip -n "$sw" link set h1 nomaster

# Ports that go with their device.
check "add-port br1 x1" v add-port br1 x1
check "add-port br1 y1" v add-port br1 y1
check "ip link del x1" ip -n "$sw" link del x1
check "y1 moves to another namespace" ip -n "$sw" link set y1 netns "$other"
check_output "both ports are gone" "" v list-ports br1
check "ip link del p2 deletes the internal port" ip -n "$sw" link del p2
check_output "br0 keeps p9" "p9" v list-ports br0
check "del-port p9 deletes its device" v del-port p9
check_fail "p9 is gone" "Device \"p9\" does not exist." ip -n "$sw" link show p9

sleep 0.5
kill "$monitor_pid"
wait "$monitor_pid" 2>/dev/null
check_output "monitor saw it all, in order" \
"added bridge br0
added bridge br1
added port h1 br0 1
added port p9 br0 9
added port p2 br0 2
added port p3 br0 3
deleted port p3 br0 3
added port p4 br0 4
deleted port p4 br0 4
added port t1 br0 5
added port p5 br0 6
deleted port t1 br0 5
deleted port p5 br0 6
changed port h1 br0 1
changed port h1 br0 1
deleted port h1 br0 1
added port x1 br1 1
added port y1 br1 2
deleted port x1 br1 1
deleted port y1 br1 2
deleted port p2 br0 2
deleted port p9 br0 9" \
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    print(e["event"], e["object"], e["name"], *([e["bridge"], e["ofport"]] if e["object"] == "port" else []))' "$monitor_out"
check "del-br br0" v del-br br0
check "del-br br1" v del-br br1
finish
