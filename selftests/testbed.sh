# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The hybrid-cloud testbed of the write-up that started vswitch, in network
# namespaces: three private-cloud nodes and one public-cloud node, joined
# by an "Internet" router. Sourced by selftests/hybrid_cloud.sh and
# scripts/demo; needs lib.sh (add_netns) first.
#
#          private site, MTU 9000                      public cloud
#   n1 (hub)     n2          n3                          c4
#   172.16.0.1   172.16.0.2  172.16.0.3                  203.0.113.10
#       |            |           |                         |
#   +---+------------+-----------+---- lan --+            | wan, MTU 1500
#   |  rtr: 172.16.0.254        203.0.113.1  +------------+ netem: delay
#   +--------------------------------------------+          and rate, both
#                                                            directions
#
# Every node has two vswitch bridges with DPIDs of their own: br-vx
# (0x1N) for the VXLAN overlay 10.10.0.0/24 and br-gre (0x2N) for the GRE
# overlay 10.20.0.0/24, each with one guest namespace, vxN and greN, at
# 10.10.0.N and 10.20.0.N. The spokes n2, n3 and c4 each have one VXLAN
# tunnel (UDP 8472, VNI N) and one GRE tunnel (key N) to the hub n1,
# which switches between them: hub and spoke. Guests inside the site use
# the jumbo MTU less the tunnel overhead; cloud guests 1500 less it.
#
# testbed_up sets: TB_NODES (n1 n2 n3 c4), TB_NS[node] (node namespace),
# TB_GUEST[vx|gre N] (guest namespace), TB_UNDERLAY[node] (address),
# TB_RTR (router namespace). TB_DELAY (ms, default 5) and TB_RATE
# (default 100mbit) shape the public link.

TB_NODES="n1 n2 n3 c4"
declare -A TB_NS TB_GUEST TB_UNDERLAY
TB_HUB=n1

# tb_vswctl NODE ARGS...: vswctl in NODE's namespace.
tb_vswctl() {
	local node=$1
	shift
	ip netns exec "${TB_NS[$node]}" "$VSWCTL" "$@"
}

_tb_num() { echo "${1#[nc]}"; }

# _tb_mac OVERLAY N: guest N's MAC address on OVERLAY.
_tb_mac() { echo "02:00:00:00:0$([[ $1 == vx ]] && echo 1 || echo 2):0$2"; }

# _tb_link NS1 DEV1 NS2 DEV2 MTU: a veth pair, both ends up.
_tb_link() {
	ip -n "$1" link add "$2" mtu "$5" type veth peer name "$4" netns "$3" mtu "$5"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# _tb_guest NODE OVERLAY MTU: a guest on the node's bridge of OVERLAY.
_tb_guest() {
	local node=$1 ov=$2 mtu=$3 n ns net
	n=$(_tb_num "$node")
	[[ $ov == vx ]] && net=10.10.0 || net=10.20.0
	ns=$(add_netns "$ov$n")
	TB_GUEST[$ov $n]=$ns
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	_tb_link "${TB_NS[$node]}" "g$ov" "$ns" eth0 "$mtu"
	ip -n "$ns" link set eth0 address "$(_tb_mac "$ov" "$n")"
	ip -n "$ns" addr add "$net.$n/24" dev eth0
	tb_vswctl "$node" add-port "br-$ov" "g$ov"
}

testbed_up() {
	local node n ns hub_ip ip
	local delay=${TB_DELAY:-5} rate=${TB_RATE:-100mbit}

	TB_RTR=$(add_netns rtr)
	ip netns exec "$TB_RTR" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$TB_RTR" link add lan mtu 9000 type bridge
	ip -n "$TB_RTR" addr add 172.16.0.254/24 dev lan
	ip -n "$TB_RTR" link set lan up

	for node in $TB_NODES; do
		n=$(_tb_num "$node")
		ns=$(add_netns "$node")
		TB_NS[$node]=$ns
		if [[ $node == c* ]]; then
			ip=203.0.113.10
			_tb_link "$TB_RTR" wan "$ns" wan 1500
			ip -n "$TB_RTR" addr add 203.0.113.1/24 dev wan
			ip -n "$ns" addr add $ip/24 dev wan
			ip -n "$ns" route add default via 203.0.113.1
			ip netns exec "$TB_RTR" tc qdisc add dev wan root netem \
				delay "${delay}ms" rate "$rate" limit 10000
			ip netns exec "$ns" tc qdisc add dev wan root netem \
				delay "${delay}ms" rate "$rate" limit 10000
		else
			ip=172.16.0.$n
			_tb_link "$TB_RTR" "p$n" "$ns" lan 9000
			ip -n "$TB_RTR" link set "p$n" master lan
			ip -n "$ns" addr add $ip/24 dev lan
			ip -n "$ns" route add default via 172.16.0.254
		fi
		TB_UNDERLAY[$node]=$ip
		tb_vswctl "$node" add-br br-vx dpid "0x1$n"
		tb_vswctl "$node" add-br br-gre dpid "0x2$n"
	done

	hub_ip=${TB_UNDERLAY[$TB_HUB]}
	for node in $TB_NODES; do
		[[ $node == "$TB_HUB" ]] && continue
		n=$(_tb_num "$node")
		ip=${TB_UNDERLAY[$node]}
		tb_vswctl "$node" add-port br-vx vx-hub type vxlan \
			remote "$hub_ip" local "$ip" key "$n" dstport 8472
		tb_vswctl "$node" add-port br-gre gre-hub type gre \
			remote "$hub_ip" local "$ip" key "$n"
		tb_vswctl "$TB_HUB" add-port br-vx "vx-$node" type vxlan \
			remote "$ip" local "$hub_ip" key "$n" dstport 8472
		tb_vswctl "$TB_HUB" add-port br-gre "gre-$node" type gre \
			remote "$ip" local "$hub_ip" key "$n"
	done

	# VXLAN over IPv4 takes 50 bytes, GRE with a key 42.
	for node in $TB_NODES; do
		if [[ $node == c* ]]; then
			_tb_guest "$node" vx 1450
			_tb_guest "$node" gre 1458
		else
			_tb_guest "$node" vx 8950
			_tb_guest "$node" gre 8958
		fi
	done
}

# tb_ping OVERLAY FROM TO [COUNT]: guest FROM pings guest TO (numbers).
tb_ping() {
	local ov=$1 from=$2 to=$3 net
	[[ $ov == vx ]] && net=10.10.0 || net=10.20.0
	ip netns exec "${TB_GUEST[$ov $from]}" ping -c "${4:-1}" -i 0.2 -W 3 \
		"$net.$to"
}

# tb_matrix OVERLAY: pings every guest from every other one, all at once;
# prints one line per pair: "FROM TO ok|FAIL".
tb_matrix() {
	local ov=$1 from to dir
	dir=$(mktemp -d)
	for from in 1 2 3 4; do
		for to in 1 2 3 4; do
			((from == to)) && continue
			( tb_ping "$ov" "$from" "$to" 2 >/dev/null 2>&1 &&
				echo ok > "$dir/$from-$to" ||
				echo FAIL > "$dir/$from-$to" ) &
		done
	done
	wait
	for from in 1 2 3 4; do
		for to in 1 2 3 4; do
			((from == to)) && continue
			echo "$from $to $(cat "$dir/$from-$to")"
		done
	done
	rm -rf "$dir"
}

# tb_pin_neighbours: every guest knows every other one's MAC for good, so
# that no ARP crosses the tunnels while packets are counted.
tb_pin_neighbours() {
	local ov from to net
	for ov in vx gre; do
		[[ $ov == vx ]] && net=10.10.0 || net=10.20.0
		for from in 1 2 3 4; do
			for to in 1 2 3 4; do
				((from == to)) && continue
				ip -n "${TB_GUEST[$ov $from]}" neigh replace "$net.$to" \
					lladdr "$(_tb_mac "$ov" "$to")" \
					dev eth0 nud permanent
			done
		done
	done
}
