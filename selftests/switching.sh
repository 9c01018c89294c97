#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Learning switch: three hosts on one bridge. All pairs reach each other,
# the FDB holds each host on its port, a learned unicast stream stays off
# the third host while broadcast reaches it, counters match the hosts' own,
# entries age out, a station move re-learns, and a deleted port leaves the
# rest working.
#
#   +--- h1 ---+  +--- h2 ---+  +--- h3 ---+
#   | 10.0.0.1 |  | 10.0.0.2 |  | 10.0.0.3 |
#   +---eth0---+  +---eth0---+  +---eth0---+
#        |             |             |
#   +----h1 (1)-------h2 (2)--------h3 (3)----- netns sw-$$ ----+
#   |                      br0                                  |
#   +-----------------------------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ss

sw=$(add_netns sw)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br" v add-br br0
attach_hosts "$sw" br0 1 2 3

for pair in "1 2" "1 3" "2 3" "2 1" "3 1" "3 2"; do
	read -r a b <<< "$pair"
	eval ns=\$h$a
	check "h$a pings h$b" ip netns exec "$ns" ping -c 2 -i 0.2 -W 2 "10.0.0.$b"
done

check_json "fdb-show has each host on its port, in VLAN 0" \
	"[(1, 0, '02:00:00:00:00:01'), (2, 0, '02:00:00:00:00:02'), (3, 0, '02:00:00:00:00:03')]" \
	'[(e["port"], e["vlan"], e["mac"]) for e in d]' v -j fdb-show br0
check_output "and in text" " port  VLAN  MAC                Age
    1     0  02:00:00:00:00:01     0
    2     0  02:00:00:00:00:02     0
    3     0  02:00:00:00:00:03     0" \
	bash -c "ip netns exec $sw $VSWCTL fdb-show br0 | sed 's/  *[0-9]*\$/     0/'"

# Learned unicast goes to one port only.
capture_start "$h3" eth0 icmp
check "h1 pings h2 20 times" ip netns exec "$h1" ping -c 20 -i 0.05 -W 2 10.0.0.2
check_eq "h3 saw none of that unicast" "$(capture_stop)" 0

# Broadcast goes everywhere but back.
capture_start "$h3" eth0 "ether broadcast and ether proto 0x88b5"
send_frames "$h1" eth0 5 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff
check_eq "h3 saw all 5 broadcast frames" "$(capture_stop)" 5
capture_start "$h1" eth0 "ether proto 0x88b5" in
send_frames "$h1" eth0 5 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff
check_eq "and h1 none of its own" "$(capture_stop)" 0

# From here the hosts' ARP entries are permanent: their confirmation
# probes would refresh the FDB, and add to the counters, at times of the
# kernel's choosing. One already in flight may still come: allow a second
# for it.
pin_neighbours 1 2 3
sleep 1

# Counters: the switch's view of each port equals the host's own, exactly.
check "10 more pings" ip netns exec "$h1" ping -c 10 -i 0.05 -W 2 10.0.0.3
for n in 1 2 3; do
	eval ns=\$h$n
	host=$(ip -n "$ns" -j -s link show eth0)
	for pair in rx_packets:tx.packets rx_bytes:tx.bytes tx_packets:rx.packets tx_bytes:rx.bytes; do
		ours=${pair%%:*} theirs=${pair#*:}
		want=$(python3 -c 'import json, sys; d = json.loads(sys.argv[1])[0]["stats64"]; a, b = sys.argv[2].split("."); print(d[a][b])' "$host" "$theirs")
		check_eq "port h$n $ours equals the host's $theirs" \
			"$(port_stat "$sw" br0 "h$n" "$ours")" "$want"
	done
done
check_eq "nothing was dropped on h1" "$(port_stat "$sw" br0 h1 rx_dropped)" 0
switched=$(bridge_stat "$sw" br0 switched)
check "4 more pings h1 -> h2" ip netns exec "$h1" ping -c 4 -i 0.05 -W 2 10.0.0.2
check_eq "the bridge switched 8 more frames" \
	"$(($(bridge_stat "$sw" br0 switched) - switched))" 8

# A frame larger than the output's MTU is dropped and counted, not sent.
too_big=$(bridge_stat "$sw" br0 drop_too_big)
tx_dropped=$(port_stat "$sw" br0 h2 tx_dropped)
ip -n "$sw" link set h2 mtu 1000
check_fail "a 1200-byte ping from h1 does not reach h2 (MTU 1000)" "" \
	bash -c "ip netns exec $h1 ping -c 2 -i 0.2 -W 1 -s 1200 10.0.0.2 >/dev/null"
check_eq "2 frames counted as too big" \
	"$(($(bridge_stat "$sw" br0 drop_too_big) - too_big))" 2
check_eq "and as h2's tx_dropped" \
	"$(($(port_stat "$sw" br0 h2 tx_dropped) - tx_dropped))" 2
check "a 900-byte ping gets through" \
	ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 -s 900 10.0.0.2
ip -n "$sw" link set h2 mtu 1500

# Station move: h1's address shows up behind port 3.
moved=$(bridge_stat "$sw" br0 moved)
send_frames "$h3" eth0 1 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff
check_json "h1's MAC moved to port 3" "3" \
	'[e["port"] for e in d if e["mac"] == "02:00:00:00:00:01"][0]' v -j fdb-show br0
check_eq "moved counted once" "$(($(bridge_stat "$sw" br0 moved) - moved))" 1
check "h1 pings h2 again" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2
check_json "and is back on port 1" "1" \
	'[e["port"] for e in d if e["mac"] == "02:00:00:00:00:01"][0]' v -j fdb-show br0

# Aging: A seconds (4, stretched on a slow kernel; a frame sent by a new
# python3 on a loaded machine can take more than a second).
A=$(slow 4)
check "fdb-aging $A" v set-br br0 fdb-aging "$A"
check_json "show reports it" "$A" 'd[0]["fdb_aging"]' v -j show br0
aged=
for _ in $(seq 24); do
	sleep "$(slow 0.5)"
	[[ $(v -j fdb-show br0) == "[]" ]] && aged=1 && break
done
check_eq "quiet entries aged out within 3 A" "${aged:-no}" 1
check "h1 sends one frame" send_frames "$h1" eth0 1 02:00:00:00:00:01 02:00:00:00:00:99
sleep "$(slow 1)"
check_json "its entry is there A/4 later" "['02:00:00:00:00:01']" \
	'[e["mac"] for e in d]' v -j fdb-show br0
sleep "$(slow 5)"
check_output "and gone 1.25 A after that" "[]" v -j fdb-show br0
check "fdb-aging 300" v set-br br0 fdb-aging 300
check "h1 pings h3" ip netns exec "$h1" ping -c 1 -W 2 10.0.0.3
check_json "entries learned again" "2" 'len(d)' v -j fdb-show br0
check "fdb-flush" v fdb-flush br0
check_output "flushed" "[]" v -j fdb-show br0

# Deleting an attached device removes its port; the rest keeps working.
check "ip link del h3" ip -n "$sw" link del h3
check_output "list-ports lost it" "h1
h2" v list-ports br0
check "h1 still pings h2" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2
check_json "h3's MAC is not in the FDB" "[]" \
	'[e for e in d if e["mac"] == "02:00:00:00:00:03"]' v -j fdb-show br0
check "del-br" v del-br br0
finish
