#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration files: vswctl save, apply and batch, and hwaddr.
#
#   h1 (10.0.0.1, tag 10)                        h2 (10.0.0.2, tag 10)
#     |                                            |
#   [br0 in A] ua 192.0.2.1 ------- ub 192.0.2.2 [br0 in B]
#     |  vx0, vx6, gr4, gr6   2001:db8::1/2      vx0
#   h3 (trunks), int0 (internal);  br1 in A: controllers, secure
#
# A's and B's configurations are saved, the module is unloaded and loaded
# again, the files are applied, and everything reads back the same and
# pings again. Then: a second apply changes nothing (no monitor event); a
# changed tag changes only that port while a ping flood crosses another;
# bad files change nothing; a refused step rolls back; batch stops at the
# failing line; reload-module.

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd ping python3
[[ -r ${VSW_MODULE:-} ]] || skip_all "VSW_MODULE does not name vswitch.ko"
on_exit "[[ -d /sys/module/vswitch ]] || insmod '$VSW_MODULE'"
on_exit "rm -f /run/vswitch/reload-module.conf"

A=$(add_netns cfga)
B=$(add_netns cfgb)
va() { ip netns exec "$A" "$VSWCTL" "$@"; }
vb() { ip netns exec "$B" "$VSWCTL" "$@"; }
d=$(mktemp -d)
on_exit "rm -rf $d"

underlay "$A" "$B"
ip -n "$A" addr add 2001:db8::1/64 dev ua nodad
ip -n "$B" addr add 2001:db8::2/64 dev ub nodad
h1=$(add_host "$A" h1 1)
h2=$(add_host "$B" h2 2)
h3=$(add_host "$A" h3 3)
for ns in "$h1" "$h2" "$h3"; do
	ip -n "$ns" link set eth0 up
done
ip -n "$A" link set h1 up
ip -n "$A" link set h3 up
ip -n "$B" link set h2 up

check "A: add-br br0" va add-br br0 dpid 0xa1
check "A: its settings" va set-br br0 fdb-aging 600 fdb-max 4096 flow-max 5000 controller-rate 50
check "A: an access port" va add-port br0 h1 tag 10
check "A: an isolated trunk" va add-port br0 h3 trunks 10,20-22 isolated on
check "A: an internal port with hwaddr" \
	va add-port br0 int0 type internal hwaddr 02:aa:00:00:00:01 tag 20
check "A: VXLAN over IPv4" va add-port br0 vx0 type vxlan remote 192.0.2.2 key 100 ttl 64 tos inherit df set tag 10
check "A: VXLAN over IPv6" va add-port br0 vx6 type vxlan remote 2001:db8::2 key 101 dstport 4790 tag 99
check "A: GRE over IPv4" va add-port br0 gr4 type gre remote 192.0.2.2 key 7 csum on tag 98
check "A: GRE over IPv6" va add-port br0 gr6 type gre remote 2001:db8::2 ofport 40 tag 97
check "A: flows" va add-flow br0 "priority=200,icmp,in_port=h1 actions=normal"
check "A: a flow with a cookie, a timeout and a flag" \
	va add-flow br0 "priority=100,cookie=0x5,idle_timeout=600,send_flow_rem,udp,tp_dst=9 actions=drop"
check "A: a table-miss flow" va add-flow br0 "priority=0 actions=normal"
check "A: br1" va add-br br1 dpid 0xb1
check "A: br1 drops misses" va set-br br1 miss drop
check "A: br1's controllers" va set-controller br1 tcp:127.0.0.1:6999 ptcp:6998:127.0.0.1
check "A: br1 is secure" va set-fail-mode br1 secure
check "B: add-br br0" vb add-br br0
check "B: h2" vb add-port br0 h2 tag 10
check "B: vx0" vb add-port br0 vx0 type vxlan remote 192.0.2.1 key 100 tag 10
ping12() { ip netns exec "$h1" ping -c "${1:-2}" -i 0.2 -W 2 10.0.0.2 >/dev/null 2>&1; }
check "h1 pings h2 through VXLAN" ping12

# What must read back the same: show less counters and indexes,
# dump-ports less counters, the flows less counters and ages, the
# internal port's address.
snapshot() { # v FUNCTION
	{
		"$1" -j show | python3 -c '
import json, sys
for b in json.load(sys.stdin):
    for k in ("stats", "ifindex", "fdb_entries"):
        b.pop(k, None)
    for p in b["ports"]:
        p.pop("stats", None)
    print(json.dumps(b, sort_keys=True))'
		for br in $("$1" list-br); do
			"$1" -j dump-ports "$br" | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    print(json.dumps({k: p[k] for k in ("port", "name")}, sort_keys=True))'
			"$1" -j dump-flows "$br" | python3 -c '
import json, sys
for f in json.load(sys.stdin):
    for k in ("duration_ms", "n_packets", "n_bytes", "idle_age"):
        f.pop(k, None)
    print(json.dumps(f, sort_keys=True))'
		done
	}
}
snapshot va > "$d/a.before"
snapshot vb > "$d/b.before"
ip -n "$A" link show int0 | grep -o 'link/ether [^ ]*' > "$d/int0.before"

check "save A" eval 'va save > $d/a.conf'
check "save B" eval 'vb save > $d/b.conf'
check_output "B's file" "# vswctl save: vswctl apply FILE makes the running configuration this again
add-br br0 dpid 0x$(printf '%016x' "$(vb -j show br0 | python3 -c 'import json,sys; print(int(json.load(sys.stdin)[0]["dpid"], 16))')") hwaddr $(ip netns exec "$B" cat /sys/class/net/br0/address)
add-port br0 h2 ofport 1 tag 10
add-port br0 vx0 type vxlan ofport 2 tag 10 remote 192.0.2.1 key 100" cat "$d/b.conf"
check_has "A's file has every kind of line" "$(cat "$d/a.conf")" \
	"add-br br0 dpid 0x00000000000000a1 hwaddr " \
	"set-br br0 fdb-aging 600 fdb-max 4096 flow-max 5000 controller-rate 50" \
	"add-port br0 h3 ofport 2 trunks 10,20-22 isolated on" \
	"add-port br0 int0 type internal ofport 3 tag 20 hwaddr 02:aa:00:00:00:01" \
	"add-port br0 vx0 type vxlan ofport 4 tag 10 remote 192.0.2.2 key 100 ttl 64 tos inherit df set" \
	"add-port br0 vx6 type vxlan ofport 5 tag 99 remote 2001:db8::2 key 101 dstport 4790" \
	"add-port br0 gr4 type gre ofport 6 tag 98 remote 192.0.2.2 key 7 csum on" \
	"add-port br0 gr6 type gre ofport 40 tag 97 remote 2001:db8::2" \
	"add-flow br0 'cookie=0x5,idle_timeout=600,send_flow_rem,priority=100,udp,tp_dst=9 actions=drop'" \
	"add-br br1 dpid 0x00000000000000b1 hwaddr " "set-br br1 miss drop" \
	"set-controller br1 tcp:127.0.0.1:6999 ptcp:6998:127.0.0.1" \
	"set-fail-mode br1 secure"
check_output "save BRIDGE saves only that one" "2" eval "va save br1 | grep -c '^add-br\|^set-br'"

check "rmmod" rmmod vswitch
check "insmod" insmod "$VSW_MODULE"
check_output "nothing is left" "" va list-br
check "apply A's file" eval 'va apply $d/a.conf > $d/a.out'
check "apply B's file" eval 'vb apply $d/b.conf > $d/b.out'
check_eq "A reads back the same" "$(snapshot va)" "$(cat "$d/a.before")"
check_eq "B reads back the same" "$(snapshot vb)" "$(cat "$d/b.before")"
check_eq "int0 has its address back" \
	"$(ip -n "$A" link show int0 | grep -o 'link/ether [^ ]*')" "$(cat "$d/int0.before")"
check_eq "A saves the same file" "$(va save)" "$(cat "$d/a.conf")"
check "h1 pings h2 again" ping12

# Idempotence: nothing to do, nothing printed, nothing announced.
ip netns exec "$A" "$VSWCTL" monitor > "$d/monitor" 2>&1 &
mon=$!
on_exit "kill $mon 2>/dev/null"
sleep 1
check_output "a second apply changes nothing" "" va apply "$d/a.conf"
sleep 1
kill "$mon"
wait "$mon" 2>/dev/null
check_output "and monitor saw no event" "" cat "$d/monitor"

# Minimal change: int0's tag, while pings cross h1 - vx0.
sed 's/^\(add-port br0 int0 .*\) tag 20 /\1 tag 21 /' "$d/a.conf" > "$d/a2.conf"
ip netns exec "$h1" ping -c 200 -i 0.01 -W 2 10.0.0.2 > "$d/flood" 2>&1 &
flood=$!
sleep 0.5
check_output "a changed tag is one set-port" "set-port int0 tag 21" va apply "$d/a2.conf"
wait "$flood"
check_has "the ping through other ports lost nothing" "$(cat "$d/flood")" \
	"200 packets transmitted, 200 received, 0% packet loss"
check_json "int0 has tag 21" "21" \
	'[p["tag"] for p in d[0]["ports"] if p["name"] == "int0"][0]' va -j show br0
check_output "back again" "set-port int0 tag 20" va apply "$d/a.conf"

# Bad files: the line and column, and nothing changes.
va save > "$d/now"
{ cat "$d/a.conf"; echo 'add-port br0 int9 type "internal'; } > "$d/bad1"
n=$(wc -l < "$d/bad1")
check_fail "a syntax error" "vswctl: $d/bad1:$n:24: no closing \" on the line" \
	va apply "$d/bad1"
{ cat "$d/a.conf"; echo 'add-port br9 int9 type internal'; } > "$d/bad2"
check_fail "a port of an unknown bridge" "vswctl: $d/bad2:$n:10: no add-br br9 before this line
vswctl: apply: nothing was changed" va apply "$d/bad2"
{ cat "$d/a.conf"; echo 'add-port br0 int9 type tap'; } > "$d/bad3"
check_fail "an impossible option" "vswctl: invalid type 'tap': expected netdev, internal, vxlan or gre
vswctl: $d/bad3:$n:1: in this line
vswctl: apply: nothing was changed" va apply "$d/bad3"
{ cat "$d/a.conf"; echo 'del-br br1'; } > "$d/bad4"
check_fail "a command that is no configuration" "vswctl: $d/bad4:$n:1: 'del-br' is not a configuration command: a file has add-br, set-br, add-port, add-flow, set-controller and set-fail-mode lines
vswctl: apply: nothing was changed" va apply "$d/bad4"
check_eq "none of them changed anything" "$(va save)" "$(cat "$d/now")"

# Rollback: int0's tag changes and int1 is added, then the kernel refuses
# a tunnel that duplicates vx0.
sed 's/^\(add-port br0 int0 .*\) tag 20 /\1 tag 22 /' "$d/a.conf" > "$d/bad5"
echo 'add-port br0 int1 type internal' >> "$d/bad5"
echo 'add-port br0 vx9 type vxlan remote 192.0.2.2 key 100' >> "$d/bad5"
n=$(wc -l < "$d/bad5")
out=$(va apply "$d/bad5" 2>&1)
check_eq "a refused step fails apply" "$?" 1
check_has "and it says so, and rolls back" "$out" \
	"vswctl: add-port: a tunnel port with this type, dstport, remote, local and key already exists in this namespace" \
	"vswctl: $d/bad5:$n:1: the kernel refused this line's change" \
	"vswctl: apply: rolling back the 2 changes made" \
	"vswctl: apply: rolled back: the configuration is as it was"
check_eq "the configuration is exactly the one before" "$(va save)" "$(cat "$d/now")"
check_eq "so is what show says" "$(snapshot va)" "$(cat "$d/a.before")"
check "and h1 still pings h2" ping12

# apply deletes what the file's bridges have and it lacks; --all also
# bridges it lacks.
grep -v '^add-port br0 gr6 \|br1' "$d/a.conf" > "$d/less"
check_output "a port the file lacks goes" "del-port br0 gr6" va apply "$d/less"
check_output "br1, not in the file, stays" "br0
br1" va list-br
check_output "with --all, it goes too" "del-br br1" va apply --all "$d/less"
check_output "and the whole file brings both back" "add-br br1 dpid 0x00000000000000b1 hwaddr $(grep '^add-br br1' "$d/a.conf" | sed 's/.* hwaddr //')
set-br br1 miss drop
add-port br0 gr6 type gre ofport 40 tag 97 remote 2001:db8::2
set-controller br1 tcp:127.0.0.1:6999 ptcp:6998:127.0.0.1
set-fail-mode br1 secure" va apply "$d/a.conf"
check_eq "as it was" "$(va save)" "$(cat "$d/a.conf")"

# batch: in order, stopping at the first failure.
printf '%s\n' "add-port br0 int5 type internal" "add-port br0 int5 type internal" \
	"add-port br0 int6 type internal" > "$d/batch"
out=$(va batch "$d/batch" 2>&1)
check_eq "batch fails" "$?" 1
check_eq "and stops at the failing line" "$(tail -n 1 <<< "$out")" \
	"vswctl: $d/batch:2:1: 'add-port' failed; stopped after 1 command"
check_output "what came before it ran, not what came after" "int5" \
	eval "va list-ports br0 | grep '^int[56]$'"
check "batch runs a saved file from nothing" eval "vb del-br br0 && vb batch $d/b.conf"
check_eq "B is as saved" "$(vb save)" "$(cat "$d/b.conf")"

# hwaddr.
check "add-br with hwaddr" va add-br br2 hwaddr 02:bb:00:00:00:01
check_json "its DPID derives from it" '"0x000002bb00000001"' 'json.dumps(d[0]["dpid"])' va -j show br2
check_json "the device has it" '"02:bb:00:00:00:01"' 'json.dumps(d[0]["address"])' \
	ip -n "$A" -j link show br2
check "set-br hwaddr" va set-br br2 hwaddr 02:bb:00:00:00:02
check_json "the address changes, the DPID stays" '["02:bb:00:00:00:02", "0x000002bb00000001"]' \
	'json.dumps([d[0]["address"], d[0]["dpid"]])' va -j show br2
check_fail "hwaddr on a netdev port" \
	"vswctl: set-port: hwaddr is for internal ports: h1 is a netdev port" \
	va set-port h1 hwaddr 02:bb:00:00:00:03
check_fail "a multicast hwaddr" \
	"vswctl: add-port: hwaddr 01:00:5e:00:00:01 is not a unicast address" \
	va add-port br2 int7 type internal hwaddr 01:00:5e:00:00:01
check_output "nothing was made" "" va list-ports br2

# The miss policy a bridge with controllers was given, not the one its
# fail mode makes it follow.
check "add-br br3" va add-br br3
check "br3 drops misses" va set-br br3 miss drop
check "br3 gets a controller" va set-controller br3 tcp:127.0.0.1:6997
check_json "it follows standalone now" '"normal"' 'json.dumps(d[0]["miss"])' va -j show br3
check_has "save keeps the policy it was given" "$(va save br3)" "set-br br3 miss drop"
check_output "and apply has nothing to change" "" eval "va save br3 | va apply -"

# A port with an owner, as the libvirt hook attaches a VM's tap: save
# leaves it out and apply leaves it alone (a reload must not detach
# running VMs, and a saved file must not name taps that boot lacks).
uuid=6b3c1f4e-2d5a-4c7b-9e1f-0a2b3c4d5e6f
h4=$(add_host "$A" h4 4)
ip -n "$h4" link set eth0 up
ip -n "$A" link set h4 up
check "a port with an owner" va add-port br0 h4 tag 10 owner "libvirt:$uuid"
check_has "show prints the owner" "$(va show br0)" "        tag: 10
        owner: libvirt:$uuid"
check_json "show -j has it" "libvirt:$uuid" \
	'[p["owner"] for p in d[0]["ports"] if p["name"] == "h4"][0]' va -j show br0
n4=$(va -j show br0 | python3 -c 'import json, sys
print([p["ofport"] for p in json.load(sys.stdin)[0]["ports"] if p["name"] == "h4"][0])')
check "and a flow of its own" va add-flow br0 "priority=5,in_port=h4,actions=normal"
check_has "which dump-flows lists" "$(va dump-flows br0)" "priority=5,in_port=$n4 actions=NORMAL"
check_eq "save leaves both out" "$(va save | grep -c "h4\\|in_port=$n4")" 0
check_output "apply of that file leaves it alone" "" eval "va save | va apply -"
check_output "apply --all too" "" eval "va save | va apply --all -"
check_json "it is still there, as it was" "(10, 'libvirt:$uuid')" \
	'[(p["tag"], p["owner"]) for p in d[0]["ports"] if p["name"] == "h4"][0]' va -j show br0
check_has "with its flow" "$(va dump-flows br0)" "priority=5,in_port=$n4 actions=NORMAL"
check_fail "set-port cannot change it" "vswctl: set-port: unknown setting 'owner'
usage: vswctl set-port PORT {tag VLAN|none | trunks LIST|none | isolated on|off |
      hwaddr MAC}..." va set-port h4 owner qemu
owner_err="vswctl: owner: expected 1 to 63 printable ASCII characters without spaces"
check_fail "an owner with a space" "$owner_err" va add-port br0 x4 type internal owner "a b"
check_fail "a control character" "$owner_err" va add-port br0 x4 type internal owner $'a\x01b'
check_fail "a byte above ASCII" "$owner_err" va add-port br0 x4 type internal owner "café"
check_fail "or 64 characters" "$owner_err" \
	va add-port br0 x4 type internal owner "$(printf 'o%.0s' {1..64})"
# The kernel's own checks (PORT_NEW 5, PORT_SET 8; BRIDGE 2, NAME 3,
# TYPE 6, OWNER 19).
rawa() { ip netns exec "$A" $VSW_GENL "$@"; }
check_output "the kernel refuses an empty owner" \
	"error EINVAL msg='port owner is empty' attr=19" \
	rawa --cmd 5 2:str:br0 3:str:x4 6:u32:1 19:str:
check_output "a control character" \
	"error EINVAL msg='port owner must be printable ASCII without spaces' attr=19" \
	rawa --cmd 5 2:str:br0 3:str:x4 6:u32:1 "19:hex:$(printf 'a\tb' | od -An -tx1 | tr -d ' \n')00"
check_output "64 characters" \
	"error EINVAL msg='Attribute failed policy validation' attr=19" \
	rawa --cmd 5 2:str:br0 3:str:x4 6:u32:1 "19:str:$(printf 'o%.0s' {1..64})"
check_output "the DEL character" \
	"error EINVAL msg='port owner must be printable ASCII without spaces' attr=19" \
	rawa --cmd 5 2:str:br0 3:str:x4 6:u32:1 19:hex:617f00
check_output "one without its NUL" \
	"error EINVAL msg='Attribute failed policy validation' attr=19" \
	rawa --cmd 5 2:str:br0 3:str:x4 6:u32:1 19:raw:qemu
check_output "and a change on PORT_SET" \
	"error EINVAL msg='a port's owner is fixed when it is added' attr=19" \
	rawa --cmd 8 3:str:h4 19:str:qemu
check_eq "none of which made x4" "$(va list-ports br0 | grep -c x4)" 0
o63=$(printf 'o%.0s' {1..63})
check "63 characters are an owner" va add-port br0 x4 type internal owner "$o63"
check_json "kept whole" "$o63" \
	'[p["owner"] for p in d[0]["ports"] if p["name"] == "x4"][0]' va -j show br0
check "del-port x4" va del-port x4

# reload-module: this namespace's configuration comes back, and what the
# module's devices had of their own: up, MTU, addresses.
ip -n "$A" link set dev br0 up
ip -n "$A" addr add 198.51.100.1/24 dev br0
ip -n "$A" link set dev int0 mtu 1400 up
ip -n "$A" addr add 2001:db8:5::1/64 dev int0 nodad
devstate() {
	for dev in br0 int0 br1; do
		ip -n "$A" -o addr show dev "$dev" scope global | awk '{ print $2, $3, $4 }'
		ip -n "$A" -o link show dev "$dev" | grep -o 'mtu [0-9]*\|state [A-Z]*\|,UP' | tr '\n' ' '
		echo
	done
}
devstate > "$d/dev.before"
va save > "$d/pre"
out=$(va reload-module "$VSW_MODULE" 2>&1)
check_eq "reload-module succeeds" "$?" 0
check_eq "and says how long there was no vswitch" \
	"$(sed 's/after [0-9]* ms/after N ms/' <<< "$out")" \
	"reloaded: 4 bridges back after N ms without vswitch"
check_eq "A is as it was" "$(va save)" "$(cat "$d/pre")"
check_eq "so are its devices' state and addresses" "$(devstate)" "$(cat "$d/dev.before")"
check_json "and the owned port, with its owner" "(10, 'libvirt:$uuid')" \
	'[(p["tag"], p["owner"]) for p in d[0]["ports"] if p["name"] == "h4"][0]' va -j show br0
check_has "and its flow" "$(va dump-flows br0)" "priority=5,in_port=$n4 actions=NORMAL"
check "through which h4 pings h1" ip netns exec "$h4" ping -c 2 -i 0.2 -W 2 10.0.0.1
check "del-port h4" va del-port h4
check_has "which were there" "$(cat "$d/dev.before")" "br0 inet 198.51.100.1/24" \
	"int0 inet6 2001:db8:5::1/64" "mtu 1400"
check_output "B's bridges went, as with rmmod" "" vb list-br
check_eq "and the file is gone" "$([[ -e /run/vswitch/reload-module.conf ]] && echo there)" ""
# A module that does not load: the configuration stays on disk.
out=$(va reload-module /nonexistent/vswitch.ko 2>&1)
check_eq "a module that does not load fails reload-module" "$?" 1
check_has "which says where the configuration is" "$out" \
	"vswctl: reload-module: the module did not load; the configuration is in /run/vswitch/reload-module.conf (vswctl apply /run/vswitch/reload-module.conf)"
check_eq "and has it" "$(cat /run/vswitch/reload-module.conf)" "$(cat "$d/pre")"
check_fail "another reload keeps that file" \
	"vswctl: reload-module: /run/vswitch/reload-module.conf is left from a reload that did not finish: apply it, then remove it" \
	va reload-module "$VSW_MODULE"
check "insmod" insmod "$VSW_MODULE"
check "the file applies" eval "va apply /run/vswitch/reload-module.conf > /dev/null"
rm -f /run/vswitch/reload-module.conf
check_eq "and A is back" "$(va save)" "$(cat "$d/pre")"

finish
