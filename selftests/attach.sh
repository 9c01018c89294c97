#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VMs on vswitch: the QEMU scripts (qemu/) run by QEMU itself on a tap made
# with ip tuntap, and libvirt's hook (libvirt/vswitch) run as libvirtd runs
# it, with attach-domain.xml on standard input. Each tap must end up a port
# with its tag and owner, and frames must pass: QEMU (-M none, no guest)
# relays the attached tap to a second tap, "vm0", in netns vm-$$ with
# 10.0.0.5, a hub standing in for the guest's NIC.
#
#   +-- h1 --+  +-- h2 --+      +--- vm-$$ ---+
#   |10.0.0.1|  |10.0.0.2|      |  10.0.0.5   |
#   +--eth0--+  +--eth0--+      +-----vm0-----+
#       |           |                  |  QEMU hub
#   +--h1 (10)----h2 (20)-------tapvm or vnet7 (10)--+  +-- br1 ---+
#   |                      br0                       |  |  vnet8   |
#   +---------------------------------- netns sw-$$ -+  +----------+
#
# The scripts' vswctl is the tree's ($VSWCTL), substituted for the path
# they are installed with.

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd qemu-system-x86_64 python3 tcpdump ss
# The test VM's kernel has tun as a module, not loaded at boot.
[[ -c /dev/net/tun ]] || modprobe tun 2>/dev/null
[[ -c /dev/net/tun ]] || skip_all "no /dev/net/tun (tun module)"

top=$(cd "$(dirname "$0")/.." && pwd)
xml=$(dirname "$0")/attach-domain.xml
uuid=6f2b8c3e-5d1a-4e7b-9c0f-2a4d6e8b1c35
d=$(mktemp -d)
on_exit "rm -rf $d"
for f in libvirt/vswitch qemu/vswitch-ifup qemu/vswitch-ifdown; do
	sed "s|/usr/local/sbin/vswctl|$VSWCTL|" "$top/$f" > "$d/${f#*/}"
	chmod 0755 "$d/${f#*/}"
done
# libvirt runs the file in qemu.d, which runs the hook with python3.
mv "$d/vswitch" "$d/libvirt-qemu-hook"
sed "s|/usr/local/libexec/vswitch/libvirt-qemu-hook|$d/libvirt-qemu-hook|" \
	"$top/libvirt/qemu-hook" > "$d/vswitch"
chmod 0755 "$d/vswitch"
hook=$d/vswitch ifup=$d/vswitch-ifup ifdown=$d/vswitch-ifdown

sw=$(add_netns sw)
vm=$(add_netns vm)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
# in_sw CMD...: CMD in the switch's netns, where libvirtd and QEMU run.
in_sw() { ip netns exec "$sw" "$@"; }
ip netns exec "$vm" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1

# port PORT: "BRIDGE TAG OWNER" of a port ("-" for what it lacks), or
# "absent".
# shellcheck disable=SC2317 # called by check_output
port() {
	v -j show | python3 -c '
import json, sys
for br in json.load(sys.stdin):
    for p in br.get("ports", []):
        if p["name"] == sys.argv[1]:
            print(br["name"], p.get("tag", "-"), p.get("owner", "-"))
            sys.exit()
print("absent")' "$1"
}

check "add-br br0" v add-br br0
check "add-br br1" v add-br br1
check "br0's own device takes MTU 1400" in_sw ip link set br0 mtu 1400
h1=$(add_host "$sw" h1 1)
h2=$(add_host "$sw" h2 2)
for n in 1 2; do
	check "add-port h$n tag ${n}0" v add-port br0 "h$n" tag "${n}0"
	in_sw ip link set "h$n" up
done
ip -n "$h1" link set eth0 up
ip -n "$h2" link set eth0 up

# hub_start TAP SCRIPT DOWNSCRIPT [VAR=VALUE...]: QEMU, in the switch's
# netns and with those variables, relaying TAP (with SCRIPT and
# DOWNSCRIPT) to a new persistent tap vm0, which then moves to netns vm
# with 10.0.0.5/24; sets qemu_pid. QEMU's output goes to $d/qemu.out.
hub_start() {
	local tap=$1 up=$2 down=$3 fd n
	shift 3
	in_sw ip tuntap add dev vm0 mode tap
	# Not through in_sw: $! must be QEMU's own PID, for kill and wait.
	ip netns exec "$sw" env "$@" qemu-system-x86_64 -M none -nodefaults -display none \
		-netdev "tap,id=t0,ifname=$tap,script=$up,downscript=$down" \
		-netdev tap,id=t1,ifname=vm0,script=no,downscript=no \
		-netdev hubport,id=p0,hubid=0,netdev=t0 \
		-netdev hubport,id=p1,hubid=0,netdev=t1 > "$d/qemu.out" 2>&1 &
	qemu_pid=$!
	on_exit "kill $qemu_pid"
	# QEMU opens vm0 after it ran the script on t0; or it failed.
	for _ in $(seq 100); do
		[[ -d /proc/$qemu_pid ]] || break
		n=0
		for fd in "/proc/$qemu_pid/fd/"*; do
			[[ $(readlink "$fd") == /dev/net/tun ]] && n=$((n + 1))
		done
		((n == 2)) && break
		sleep 0.1
	done
	in_sw ip link set vm0 netns "$vm"
	ip -n "$vm" link set vm0 address 02:00:00:00:00:05
	ip -n "$vm" addr add 10.0.0.5/24 dev vm0
	ip -n "$vm" link set vm0 up
}

# frames_pass WHAT: the hub's side pings h1 on the same VLAN 20 times and
# gets 20 replies; h2, on VLAN 20, sees none of it, nor of a ping to it.
frames_pass() {
	local out
	capture_start "$h2" eth0 "" in
	out=$(ip netns exec "$vm" ping -c 20 -i 0.05 -W 2 10.0.0.1 2>&1)
	check_has "$1: vm0 pings h1 on VLAN 10: 20 replies of 20" "$out" \
		"20 packets transmitted, 20 received"
	ip netns exec "$vm" ping -c 3 -i 0.2 -W 1 10.0.0.2 > /dev/null 2>&1
	check_eq "$1: h2 on VLAN 20 gets nothing" "$(capture_stop)" 0
}

# --- QEMU: script= and downscript= ---
in_sw ip tuntap add dev tapvm mode tap
hub_start tapvm "$ifup" no
wait "$qemu_pid"
check_eq "two bridges, no VSWITCH_BRIDGE: QEMU fails" "$?" 1
check_has "with the script's message" "$(cat "$d/qemu.out")" \
	"vswitch-ifup: tapvm: more than one vswitch bridge (br0 br1): set VSWITCH_BRIDGE"
check_output "and tapvm is no port" "absent" port tapvm
ip -n "$vm" link del vm0
mtu=$(in_sw cat /sys/class/net/tapvm/mtu)
hub_start tapvm "$ifup" no VSWITCH_BRIDGE=br9
wait "$qemu_pid"
check_eq "VSWITCH_BRIDGE naming no bridge: QEMU fails" "$?" 1
check_has "with the script's message" "$(cat "$d/qemu.out")" \
	"vswitch-ifup: tapvm: no vswitch bridge br9 (VSWITCH_BRIDGE)"
check_output "before touching tapvm's MTU" "$mtu" in_sw cat /sys/class/net/tapvm/mtu
ip -n "$vm" link del vm0

hub_start tapvm "$ifup" "$ifdown" VSWITCH_BRIDGE=br0 VSWITCH_TAG=10
check_output "ifup: tapvm is a port of br0, tag 10, owner qemu" \
	"br0 10 qemu" port tapvm
check_has "ifup: tapvm is up, with br0's MTU" "$(in_sw ip link show tapvm)" \
	",UP," "mtu 1400 "
check_output "vm0 moved to netns vm while QEMU holds it" "1" \
	bash -c "ip -n $vm -o link show vm0 | wc -l"
frames_pass "ifup"
kill -TERM "$qemu_pid"
wait "$qemu_pid"
check_output "SIGTERM: QEMU ran the downscript: tapvm is no port" "absent" port tapvm
check "and the persistent tap is still there" in_sw ip link show tapvm
in_sw ip link del tapvm
ip -n "$vm" link del vm0

# --- libvirt: the hook, as libvirtd runs it ---
# hook_run OP SUBOP [FILE]: the hook as libvirtd calls it, the domain XML
# (attach-domain.xml, or FILE) on standard input.
hook_run() {
	in_sw "$hook" vm1 "$1" "$2" - < "${3:-$xml}"
}
# Libvirt makes the taps (type='ethernet') and brings them up.
for t in vnet7 vnet8 vnet9; do
	in_sw ip tuntap add dev "$t" mode tap
	in_sw ip link set "$t" up
done
if command -v virt-xml-validate > /dev/null; then
	check "attach-domain.xml is a valid libvirt domain" \
		virt-xml-validate "$xml" domain
else
	skip "attach-domain.xml is a valid libvirt domain" "virt-xml-validate not installed"
fi

for op in "prepare begin" "start begin" "migrate begin" "restore begin" "attach begin"; do
	# shellcheck disable=SC2086
	check_output "$op: nothing to do" "" hook_run $op
done
check_output "and nothing was done: vnet7" "absent" port vnet7
check_output "nor vnet8" "absent" port vnet8

check_output "started: the hook succeeds, silent" "" hook_run started begin
check_output "vnet7: a port of br0, tag 10, owned by the domain" \
	"br0 10 libvirt:$uuid" port vnet7
check_output "vnet8: a port of br1, untagged, owned by the domain" \
	"br1 - libvirt:$uuid" port vnet8
check_output "vnet9, without vswitch:port, is left alone" "absent" port vnet9
check_output "started again: changes nothing" "" hook_run started begin

# Frames through vnet7, QEMU standing in for the guest as before.
hub_start vnet7 no no
frames_pass "hook"
kill -TERM "$qemu_pid"
wait "$qemu_pid"
ip -n "$vm" link del vm0
check_output "QEMU without scripts left vnet7 attached" \
	"br0 10 libvirt:$uuid" port vnet7

# reconnect: libvirtd restarted. A port that is right stays as it is
# (same number, counters kept), a missing one comes back.
before=$(v -j dump-ports br0 | python3 -c '
import json, sys
print([(p["port"], p["rx_packets"]) for p in json.load(sys.stdin) if p["name"] == "vnet7"])')
check "del-port vnet8, as if lost" v del-port vnet8
check_output "reconnect: succeeds" "" hook_run reconnect begin
check_output "reconnect: vnet8 is back" "br1 - libvirt:$uuid" port vnet8
check_output "reconnect: vnet7 untouched (number, counters)" "$before" \
	bash -c "ip netns exec $sw $VSWCTL -j dump-ports br0 | python3 -c '
import json, sys
print([(p[\"port\"], p[\"rx_packets\"]) for p in json.load(sys.stdin) if p[\"name\"] == \"vnet7\"])'"
check "set-port vnet7 tag 30, as if changed by hand" v set-port vnet7 tag 30
check_output "reconnect: puts the tag back" "" hook_run reconnect begin
check_output "to 10" "br0 10 libvirt:$uuid" port vnet7

# save leaves owned ports out; apply neither prunes nor touches them.
v save > "$d/saved"
check_fail "save: no owned port in it" "" grep -E 'vnet7|vnet8' "$d/saved"
check_output "apply of the saved file changes nothing" "" v apply "$d/saved"
check_output "and vnet7 is still attached" "br0 10 libvirt:$uuid" port vnet7
check_output "and vnet8" "br1 - libvirt:$uuid" port vnet8

check_output "stopped: succeeds" "" hook_run stopped end
check_output "stopped: vnet7 is no port" "absent" port vnet7
check_output "stopped: vnet8 is no port" "absent" port vnet8
check "the taps are libvirt's to delete: still there" in_sw ip link show vnet7
check_output "release: nothing left, succeeds" "" hook_run release end
sed "s|/usr/local/libexec/vswitch/libvirt-qemu-hook|$d/gone|" \
	"$top/libvirt/qemu-hook" > "$d/hook-gone"
chmod 0755 "$d/hook-gone"
check_output "qemu.d's file without the hook (vswitch removed) does nothing" "" \
	in_sw "$d/hook-gone" vm1 started begin - < "$xml"
check_output "and attaches nothing" "absent" port vnet7
check_output "h1's port is still there" "br0 10 -" port h1

# A tap that went takes its port with it; stopped after that is normal.
check_output "started" "" hook_run started begin
in_sw ip link del vnet8
check_output "vnet8's port went with the device" "absent" port vnet8
check_output "stopped: no error for the port already gone" "" hook_run stopped end
check_output "and vnet7 is gone" "absent" port vnet7
in_sw ip tuntap add dev vnet8 mode tap
in_sw ip link set vnet8 up

# --- errors: a message naming domain and interface, nothing attached ---
# variant FILE SED: attach-domain.xml edited by SED into $d/FILE.
variant() {
	sed "$2" "$xml" > "$d/$1"
}
head -n 7 "$xml" > "$d/truncated.xml"
check_fail "malformed XML fails" \
	"vswitch hook: domain vm1: started: malformed domain XML: no element found: line 8, column 0" \
	hook_run started begin "$d/truncated.xml"
variant nobridge.xml 's/bridge="br1"/bridge="br9"/'
check_fail "a bridge that does not exist fails" \
	"vswitch hook: domain vm1: started: interface 52:54:00:12:34:57 (vnet8, net1): bridge br9 does not exist" \
	hook_run started begin "$d/nobridge.xml"
check_output "and attaches nothing" "absent" port vnet7
variant badtag.xml 's/tag="10"/tag="5000"/'
check_fail "a bad tag fails" \
	"vswitch hook: domain vm1: started: interface 52:54:00:12:34:56 (vnet7, net0): bad tag '5000': a VLAN from 1 to 4094, or no tag attribute for an untagged port" \
	hook_run started begin "$d/badtag.xml"
check_output "and attaches nothing: vnet7" "absent" port vnet7
check_output "nor vnet8" "absent" port vnet8
variant nomac.xml 's/mac="52:54:00:12:34:57"/mac="52:54:00:99:99:99"/'
check_fail "started: a vswitch:port no interface matches fails" \
	"vswitch hook: domain vm1: started: interface 52:54:00:99:99:99: no <interface> has this MAC address" \
	hook_run started begin "$d/nomac.xml"
check_output "reconnect: the same is only a warning (failing kills the domain)" \
	"vswitch hook: warning: interface 52:54:00:99:99:99: no <interface> has this MAC address: skipped" \
	hook_run reconnect begin "$d/nomac.xml"
check_output "and attaches the rest" "br0 10 libvirt:$uuid" port vnet7
check_output "stopped" "" hook_run stopped end "$d/nomac.xml"
variant nobr1.xml 's/bridge="br1"/bridge="br9"/'
check_output "reconnect with a bridge gone: a warning, and success" \
	"vswitch hook: warning: interface 52:54:00:12:34:57 (vnet8, net1): bridge br9 does not exist" \
	hook_run reconnect begin "$d/nobr1.xml"
check_output "and the port that can be is attached" "br0 10 libvirt:$uuid" port vnet7
check_output "reconnect with malformed XML: a message, and success" \
	"vswitch hook: domain vm1: reconnect: malformed domain XML: no element found: line 8, column 0" \
	hook_run reconnect begin "$d/truncated.xml"
check_output "stopped" "" hook_run stopped end
variant dashes.xml 's/mac="52:54:00:12:34:56"/mac="52-54-00-12-34-56"/; s/mac="52:54:00:12:34:57"/mac="5254.0012.3457"/'
check_output "MACs written with dashes, or Cisco's dots, match" "" \
	hook_run started begin "$d/dashes.xml"
check_output "vnet7 is attached" "br0 10 libvirt:$uuid" port vnet7
check_output "vnet8 too" "br1 - libvirt:$uuid" port vnet8
check_output "stopped" "" hook_run stopped end

# stopped runs for every domain: without the module it runs no vswctl
# (which would load the module). The hook with a vswctl that logs.
printf '#!/bin/sh\necho "$*" >> %s/calls\nexec %s "$@"\n' "$d" "$VSWCTL" > "$d/vswctl-log"
chmod 0755 "$d/vswctl-log"
sed "s|/usr/local/sbin/vswctl|$d/vswctl-log|" "$top/libvirt/vswitch" > "$d/hook-log"
chmod 0755 "$d/hook-log"
check_output "stopped, the module loaded" "" in_sw "$d/hook-log" vm1 stopped end - < "$xml"
check_output "runs vswctl" "-j show" cat "$d/calls"
rm -f "$d/calls"
check_output "stopped, no module (/sys/module hidden)" "" in_sw unshare -m sh -c \
	"mount -t tmpfs none /sys/module && $d/hook-log vm1 stopped end - < $xml"
check_eq "runs none" "$(cat "$d/calls" 2>/dev/null)" ""

# Rollback: vnet8 is a Linux bridge's port, which the kernel finds only
# after vnet7 was added; vnet7 must go again.
in_sw ip link add lbr0 type bridge
in_sw ip link set vnet8 master lbr0
hook_run started begin > "$d/out" 2>&1
check_eq "the kernel refuses vnet8: the hook fails" "$?" 1
check_has "naming the interface, and rolled back" "$(cat "$d/out")" \
	"vswitch hook: domain vm1: started: interface 52:54:00:12:34:57 (vnet8, net1): vswctl add-port br1 vnet8 owner libvirt:$uuid: vswctl: add-port: " \
	"; rolled back: the domain's ports are as they were"
check_output "vnet7 was attached, and is not any more" "absent" port vnet7
check_output "vnet8 is no port" "absent" port vnet8

finish
