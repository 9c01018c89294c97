#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswitch and Open vSwitch at the two ends of a tunnel: host A runs a
# vswitch bridge, host B Debian's ovsdb-server and ovs-vswitchd (kernel
# datapath, NORMAL forwarding). In B, vswitch cannot take the UDP port or
# the GRE receive path Open vSwitch holds, and says so. Then A and B are
# joined over VXLAN and then over GRE, and guests ping each other both
# ways; if ovs-vswitchd loses every upcall (seen in these VMs), Open
# vSwitch forwards nothing, and the pings are reported skipped.
#
#   h1 -- [vswitch br0 in A] ua 192.0.2.1 --- ub 192.0.2.2 [OVS obr in B] -- h2

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd ovsdb-server ovs-vswitchd ovs-vsctl ovs-dpctl ovsdb-tool ping
modprobe openvswitch 2>/dev/null || skip_all "no openvswitch module"

A=$(add_netns ovsa)
B=$(add_netns ovsb)
va() { ip netns exec "$A" "$VSWCTL" "$@"; }
vb() { ip netns exec "$B" "$VSWCTL" "$@"; }
underlay "$A" "$B"
h1=$(add_host "$A" h1 1)
h2=$(add_host "$B" h2 2)
ip -n "$h1" link set eth0 up
ip -n "$h2" link set eth0 up
ip -n "$A" link set h1 up
ip -n "$B" link set h2 up

# Open vSwitch in B, with its files under a directory of ours (/etc and
# /var/run may be read-only).
ovs=$(mktemp -d)
export OVS_RUNDIR=$ovs OVS_DBDIR=$ovs OVS_LOGDIR=$ovs
db=unix:$ovs/db.sock
ovsdb-tool create "$ovs/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ip netns exec "$B" ovsdb-server "$ovs/conf.db" --remote=punix:"$ovs/db.sock" \
	--pidfile="$ovs/ovsdb-server.pid" --detach --log-file="$ovs/ovsdb-server.log"
on_exit "kill \$(cat $ovs/ovsdb-server.pid); rm -rf $ovs"
ip netns exec "$B" ovs-vsctl --db="$db" --no-wait init
ip netns exec "$B" ovs-vswitchd "$db" --pidfile="$ovs/ovs-vswitchd.pid" \
	--detach --log-file="$ovs/ovs-vswitchd.log"
# Before the database's cleanup above: ovs-vswitchd deletes its datapath.
_cleanups=("kill \$(cat $ovs/ovs-vswitchd.pid); sleep 1" "${_cleanups[@]}")
ovsctl() { ip netns exec "$B" ovs-vsctl --db="$db" --timeout=20 "$@"; }

check "ovs-vsctl add-br" ovsctl add-br obr
check "ovs-vsctl add-port h2" ovsctl add-port obr h2
ip -n "$B" link set obr up
check "vswctl add-br" va add-br br0
check "vswctl add-port h1" va add-port br0 h1

# Open vSwitch forwards a flow only once ovs-vswitchd has handled its first
# packet; in some VMs every upcall is lost, and then nothing can pass.
ovs_lost() {
	ip netns exec "$B" ovs-dpctl show | sed -n 's/.*lookups: hit:[0-9]* missed:\([0-9]*\) lost:\([0-9]*\).*/\1 \2/p'
}

# Open vSwitch's ports exist without any upcall: check coexistence first.
check "ovs-vsctl add-port vxlan" ovsctl add-port obr ovx -- set interface ovx \
	type=vxlan options:remote_ip=192.0.2.1 options:key=42
check "ovs-vsctl add-port gre" ovsctl add-port obr ogre -- set interface ogre \
	type=gre options:remote_ip=192.0.2.1 options:key=7
check "add-br in B" vb add-br brx
check_fail "vswitch cannot take Open vSwitch's UDP port" \
	"vswctl: add-port: another collect-metadata VXLAN device (Open vSwitch's vxlan_sys_PORT, or \"ip link add ... type vxlan external\") already uses this UDP port in this namespace" \
	vb add-port brx t1 type vxlan remote 192.0.2.1
check_fail "vswitch cannot share GRE receive with Open vSwitch's gre_sys" \
	"vswctl: add-port: another collect-metadata GRE device (Open vSwitch's gre_sys, or \"ip link add ... type gretap external\") already receives GRE in this namespace" \
	vb add-port brx t2 type gre remote 192.0.2.1 key 9
check_output "and the bridge is as it was" "" vb list-ports brx
check "ovs-vsctl del-port gre" ovsctl del-port obr ogre

# pings NAME: h1 and h2 ping each other.
pings() {
	local name=$1 missed lost
	if ip netns exec "$h1" ping -c 3 -i 0.3 -W 3 10.0.0.2 >/dev/null 2>&1; then
		ok "$name: vswitch -> Open vSwitch: h1 pings h2"
	else
		read -r missed lost <<< "$(ovs_lost)"
		if [[ -n $lost ]] && ((lost > 0 && lost == missed)); then
			skip "$name: vswitch <-> Open vSwitch" \
				"ovs-vswitchd lost every upcall ($lost of $missed): Open vSwitch forwards nothing in this VM"
			return
		fi
		not_ok "$name: vswitch -> Open vSwitch: h1 pings h2"
		diag "ovs-dpctl: missed $missed lost $lost" "$(ovsctl show)"
	fi
	check "$name: Open vSwitch -> vswitch: h2 pings h1" \
		ip netns exec "$h2" ping -c 3 -i 0.3 -W 3 10.0.0.1
}

check "VXLAN: vswctl add-port" \
	va add-port br0 vx0 type vxlan remote 192.0.2.2 key 42
pings VXLAN
check "VXLAN: vswctl del-port" va del-port vx0
check "VXLAN: ovs-vsctl del-port" ovsctl del-port obr ovx
check "GRE: vswctl add-port" va add-port br0 gt0 type gre remote 192.0.2.2 key 7
check "GRE: ovs-vsctl add-port" ovsctl add-port obr ogre -- set interface ogre \
	type=gre options:remote_ip=192.0.2.1 options:key=7
pings GRE

finish
