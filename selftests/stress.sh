#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress and lifecycle under traffic. While iperf3 (TCP, h1 -> h2) and
# pktgen (UDP, h3 -> h4) run through br0, for VSW_STRESS_SECS seconds
# (default 60) five processes at once:
#   bridges:  add-br, internal, VXLAN and GRE ports, a flow, del-br (netns c)
#   ports:    veth, internal, VXLAN and GRE ports on and off br9 (netns sw)
#   flows:    add-flows and del-flows of 50 flows on br0 itself, none of
#             which the traffic matches
#   netns:    a namespace with a bridge, a tunnel and a veth port, deleted
#             whole with ip netns del
#   links:    a veth on br8, deleted with ip link del while attached
# and vswctl monitor listens to sw's events. Every step must succeed,
# iperf3 must move data in every second, and pktgen's frames must arrive,
# and the monitor must hear every port event. Then, with
# traffic still running and bridges in three namespaces, rmmod: it must
# finish, leave the hosts' devices detached and usable, and (with
# kmemleak) leak nothing.
#
#   +-- h1 --+ +-- h2 --+ +-- h3 --+ +-- h4 --+
#   +---|----+ +---|----+ +---|----+ +---|----+
#   +--h1 (1)---h2 (2)-----h3 (3)-----h4 (4)-- netns sw-$$ ---+
#   |  br0  (flows churned)        br9 (ports churned)        |
#   +---------------------------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd iperf3 modprobe
modprobe pktgen 2>/dev/null
[[ -d /proc/net/pktgen ]] || skip_all "no pktgen"

secs=${VSW_STRESS_SECS:-60}
sw=$(add_netns sw)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br br0" v add-br br0
attach_hosts "$sw" br0 1 2 3 4
check "h1 pings h2" ip netns exec "$h1" ping -c 2 -i 0.2 -W 2 10.0.0.2
check "add-br br9" v add-br br9
check "add-br br8" v add-br br8
ip -n "$sw" link add dummy0 type dummy
ip -n "$sw" addr add 198.51.100.100/24 dev dummy0
ip -n "$sw" link set dummy0 up
c=$(add_netns c)
ip -n "$c" link add dummy0 type dummy
ip -n "$c" addr add 198.51.100.100/24 dev dummy0
ip -n "$c" link set dummy0 up

log=$(mktemp -d)
on_exit "rm -rf $log"
ip netns exec "$sw" "$VSWCTL" monitor > "$log/monitor" 2>&1 &
mon=$!
on_exit "kill $mon"

# Traffic: iperf3 for the whole run, pktgen at about 5,000 frames a second.
ip netns exec "$h2" iperf3 -s -1 -D -I "$log/iperf3.pid"
sleep 1
ip netns exec "$h1" iperf3 -c 10.0.0.2 -t $((secs + 5)) -i 1 -J \
	> "$log/iperf3.json" 2>&1 &
iperf=$!
pg() { ip netns exec "$h3" sh -c "echo '$2' > /proc/net/pktgen/$1"; }
pg kpktgend_0 "rem_device_all"
pg kpktgend_0 "add_device eth0"
for cmd in "count 0" "pkt_size 60" "delay 200000" "dst 10.0.0.4" \
	"dst_mac 02:00:00:00:00:04" "udp_dst_min 9" "udp_dst_max 9"; do
	pg eth0 "$cmd"
done
h4_rx0=$(ip netns exec "$h4" cat /sys/class/net/eth0/statistics/rx_packets)
ip netns exec "$h3" sh -c 'echo start > /proc/net/pktgen/pgctrl' &
pgpid=$!

end=$((SECONDS + secs))
# loop NAME BODY: runs BODY until the time is up; counts rounds and
# failures into $log/NAME.
loop() {
	local name=$1 body=$2 rounds=0 fails=0 i=0
	while ((SECONDS < end)); do
		i=$((i + 1))
		if eval "$body" >> "$log/$name.out" 2>&1; then
			rounds=$((rounds + 1))
		else
			fails=$((fails + 1))
			echo "round $i failed" >> "$log/$name.out"
		fi
	done
	echo "$rounds $fails" > "$log/$name"
}
vc() { ip netns exec "$c" "$VSWCTL" "$@"; }
loop bridges 'vc add-br cb0 && vc add-port cb0 ci0 type internal &&
	vc add-port cb0 cx0 type vxlan remote 198.51.100.1 key $i &&
	vc add-port cb0 cg0 type gre remote 198.51.100.2 key $i &&
	vc add-flow cb0 "priority=$i,ip actions=output:1" && vc del-br cb0' &
loop ports 'ip -n $sw link add pv0 type veth peer name pv1 &&
	v add-port br9 pv0 && v add-port br9 pi0 type internal &&
	v add-port br9 px0 type vxlan remote 198.51.100.3 key 9 &&
	v add-port br9 pg0 type gre remote 198.51.100.4 &&
	v del-port pv0 && v del-port pi0 && v del-port px0 && v del-port pg0 &&
	ip -n $sw link del pv0' &
flowfile=$log/flows
for j in $(seq 1 50); do
	echo "priority=$((100 + j)),udp,tp_dst=$((20000 + j)) actions=drop"
done > "$flowfile"
loop flows 'v add-flows br0 $flowfile && v del-flows br0 udp' &
loop netns 'n=stress-ns-$$-$i && ip netns add $n &&
	ip -n $n link add d0 type dummy && ip -n $n addr add 198.51.100.9/24 dev d0 &&
	ip -n $n link set d0 up && ip -n $n link add e0 type veth peer name e1 &&
	ip netns exec $n $VSWCTL add-br nb0 &&
	ip netns exec $n $VSWCTL add-port nb0 e0 &&
	ip netns exec $n $VSWCTL add-port nb0 nx0 type vxlan remote 198.51.100.1 &&
	ip netns del $n' &
loop links 'ip -n $sw link add lv0 type veth peer name lv1 &&
	v add-port br8 lv0 && ip -n $sw link set lv0 up && ip -n $sw link del lv0 &&
	test -z "$(ip netns exec $sw $VSWCTL list-ports br8)"' &
for j in bridges ports flows netns links; do
	while [[ ! -s $log/$j ]]; do sleep 1; done
done

for j in bridges ports flows netns links; do
	read -r rounds fails < "$log/$j"
	check_eq "$j: $rounds rounds in ${secs}s, none failed" "$fails" 0
	((fails == 0)) || diag "$(grep -B3 'failed' "$log/$j.out" | head -n 20)"
	check "$j: at least one round" test "$rounds" -gt 0
done
echo "stress: $secs s; rounds: $(for j in bridges ports flows netns links; do
	printf '%s %s, ' "$j" "$(cut -d' ' -f1 "$log/$j")"; done)"

wait "$iperf"
check "iperf3 ran to the end" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
iv = [i["sum"]["bits_per_second"] for i in d["intervals"]]
print("iperf3: %d intervals, min %.1f Mbit/s" % (len(iv), min(iv) / 1e6))
sys.exit(0 if len(iv) >= int(sys.argv[2]) and min(iv) > 0 else 1)' \
	"$log/iperf3.json" "$secs"
diag "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
iv = [i["sum"]["bits_per_second"] for i in d["intervals"]]
print("iperf3: %d one-second intervals, lowest %.1f Mbit/s, mean %.1f Mbit/s"
      % (len(iv), min(iv) / 1e6, sum(iv) / len(iv) / 1e6))' "$log/iperf3.json" 2>&1)"
h4_rx=$(( $(ip netns exec "$h4" cat /sys/class/net/eth0/statistics/rx_packets) - h4_rx0 ))
check "pktgen's frames reached h4 throughout ($h4_rx)" test "$h4_rx" -gt $((secs * 100))
# Each round of ports adds and deletes 4 ports, each of links 1, in sw.
events=$(( $(cut -d' ' -f1 "$log/ports") * 8 + $(cut -d' ' -f1 "$log/links") * 2 ))
check "the monitor heard at least the $events port events" \
	test "$(grep -c . "$log/monitor")" -ge "$events"
check "br0 kept its 4 ports" test "$(v list-ports br0 | wc -l)" -eq 4
check_output "and no churned flow is left" "" v dump-flows br0 udp

# rmmod with traffic still going (pktgen) and bridges in three namespaces.
vc add-br cb1 >/dev/null
vc add-port cb1 cx1 type vxlan remote 198.51.100.1 key 1 >/dev/null
v add-port br9 px9 type gre remote 198.51.100.4 >/dev/null
ip netns exec "$h1" ping -f -c 100000 -q 10.0.0.2 > /dev/null 2>&1 &
ping=$!
sleep 2
check "rmmod vswitch, under traffic, with 3 bridges" timeout 120 rmmod vswitch
kill "$ping" 2>/dev/null
ip netns exec "$h3" sh -c 'echo stop > /proc/net/pktgen/pgctrl'
wait "$pgpid" 2>/dev/null
check "the module is gone" test ! -d /sys/module/vswitch
check_output "h1's veth is detached and still there" "h1" \
	bash -c "ip -n $sw -o link show h1 | cut -d: -f2 | cut -d@ -f1 | tr -d ' '"
check "and usable: ip link set h1 down" ip -n "$sw" link set h1 down
check "no unregister_netdevice waits" \
	bash -c '! dmesg | grep -q "unregister_netdevice: waiting"'
kmemleak_check "kmemleak finds no leak"

finish
