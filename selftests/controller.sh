#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A bridge's OpenFlow controllers and fail mode, kept in the kernel: what
# set-controller, get-controller, del-controller, set-fail-mode and
# get-fail-mode do, what show prints, and what misses get: while no
# controller is connected, standalone forwards them as the learning
# switch, secure drops them, and flows apply in both; while the agent
# reports a connection (a hand-made request here), they go to the
# controller, until the agent's socket closes.
#
#   +--- h1 ---+  +--- h2 ---+
#   | 10.0.0.1 |  | 10.0.0.2 |
#   +---eth0---+  +---eth0---+
#        |             |
#   +----h1 (1)-------h2 (2)---- netns sw-$$ ----+
#   |             br0 (LOCAL)                    |
#   +--------------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module

sw=$(add_netns sw)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br" v add-br br0
attach_hosts "$sw" br0 1 2
# Neighbours are fixed: each ping is two echo requests and nothing more.
pin_neighbours 1 2
ping2() { ip netns exec "$h1" ping -c 2 -i 0.2 -W 1 10.0.0.2; }

# Hand-made requests.
A_CONTROLLERS=14 A_FAIL_MODE=15 A_TARGET=1
# The nest as a request must carry it: with NLA_F_NESTED.
N_CONTROLLERS=$((0x8000 | A_CONTROLLERS))
# nest T S...: the hex of an attribute of type T holding a string attribute
# of type 1 (VSWITCH_CONTROLLER_A_TARGET) for each S.
nest() {
	python3 - "$@" <<'PY'
import struct, sys
def attr(t, p):
    return struct.pack("HH", 4 + len(p), t) + p + b"\0" * (-len(p) % 4)
print(b"".join(attr(1, s.encode() + b"\0") for s in sys.argv[1:]).hex())
PY
}
genl() { ip netns exec "$sw" $VSW_GENL --cmd 4 2:str:br0 "$@"; }
# --- Settings --------------------------------------------------------------

check_output "a new bridge has no controller" "" v get-controller br0
check_output "and fail mode standalone" "standalone" v get-fail-mode br0
check_json "show -j: no controllers, standalone" "([], 'standalone')" \
	'(d[0]["controllers"], d[0]["fail_mode"])' v -j show br0
check "set-controller with four targets" v set-controller br0 \
	tcp:192.0.2.1 "ssl:[2001:db8::1]:6654" ptcp:6653 punix:/run/vsw-$$.mgmt
check_output "get-controller prints them, in order, as given" \
	"tcp:192.0.2.1
ssl:[2001:db8::1]:6654
ptcp:6653
punix:/run/vsw-$$.mgmt" v get-controller br0
check_json "show -j lists them" \
	"['tcp:192.0.2.1', 'ssl:[2001:db8::1]:6654', 'ptcp:6653', 'punix:/run/vsw-$$.mgmt']" \
	'[c["target"] for c in d[0]["controllers"]]' v -j show br0
check_has "show prints them and the fail mode" "$(v show br0)" \
	"    fail-mode: standalone
    Controller \"tcp:192.0.2.1\"
        is_connected: false
    Controller \"ssl:[2001:db8::1]:6654\"
        is_connected: false
    Controller \"ptcp:6653\"
        is_connected: false
    Controller \"punix:/run/vsw-$$.mgmt\"
        is_connected: false"
check "set-controller again replaces them" v set-controller br0 tcp:192.0.2.9:6633
check_output "with the one given" "tcp:192.0.2.9:6633" v get-controller br0

# --- Misses with no controller connected -----------------------------------

check_json "standalone: misses go to the learning switch" '"normal"' \
	'json.dumps(d[0]["miss"])' v -j show br0
check "so h1 pings h2" ping2
check_fail "the miss policy may not be set meanwhile" \
	"vswctl: set-br: the miss policy follows the fail mode while the bridge has controllers" \
	v set-br br0 miss controller
check "set-fail-mode secure" v set-fail-mode br0 secure
check_output "get-fail-mode says so" "secure" v get-fail-mode br0
check_json "misses are dropped now" '"drop"' 'json.dumps(d[0]["miss"])' \
	v -j show br0
drops=$(bridge_stat "$sw" br0 drop_miss)
check_no_ping() { ! ping2; }
check "h1 no longer reaches h2" check_no_ping
check_eq "its two requests counted in drop_miss" \
	"$(bridge_stat "$sw" br0 drop_miss)" $((drops + 2))
check "a flow for ARP" v add-flow br0 "priority=10,arp actions=normal"
check "and one for ICMP" v add-flow br0 "priority=10,icmp actions=normal"
check "flows still apply: h1 pings h2" ping2
check "del-flows" v del-flows br0
check "and h1 does not again" check_no_ping

# --- Connections the agent reports -----------------------------------------

# The agent tells the kernel which controllers it is connected to, on its
# socket; the kernel forgets them when that socket closes. report BRIDGE
# TARGET... reports them from a socket that stays open until unreport FD
# closes FD (7 or 8), the write end of its standard input, which no other
# process may hold.
A_CONNECTED=16
N_CONNECTED=$((0x8000 | A_CONNECTED))
tmp=$(mktemp -d)
on_exit "exec 7>&- 8>&-; rm -rf $tmp"
report() {
	local fd=$1 br=$2
	shift 2
	rm -f "$tmp/in$fd" "$tmp/out$fd"
	mkfifo "$tmp/in$fd"
	ip netns exec "$sw" $VSW_GENL --hold --cmd 4 "2:str:$br" \
		"$N_CONNECTED:hex:$(nest "$@")" < "$tmp/in$fd" > "$tmp/out$fd" \
		7>&- 8>&- &
	eval "pid$fd=$!"
	eval "exec $fd>\"$tmp/in$fd\""
	local i
	for ((i = 0; i < $(slow 100); i++)); do
		[[ -s $tmp/out$fd ]] && return
		sleep 0.1
	done
}
unreport() {
	eval "exec $1>&-; wait \$pid$1"
}
connected() {
	v -j show "$1" | python3 -c 'import json, sys; d = json.load(sys.stdin)
print(d[0]["miss"], *[c["is_connected"] for c in d[0]["controllers"]])'
}

check "set-fail-mode standalone" v set-fail-mode br0 standalone
check "set-controller with an active and a passive target" \
	v set-controller br0 tcp:192.0.2.1 ptcp:6653
check_output "none connected: misses go to the learning switch" \
	"normal False False" connected br0
report 7 br0 tcp:192.0.2.1
check_output "a socket reports tcp:192.0.2.1 connected" ok cat "$tmp/out7"
check_output "misses go to the controller" "controller True False" \
	connected br0
check_has "show says which is connected" "$(v show br0)" \
	"    Controller \"tcp:192.0.2.1\"
        is_connected: true
    Controller \"ptcp:6653\"
        is_connected: false"
lost=$(bridge_stat "$sw" br0 upcall_lost)
check "so h1 no longer reaches h2: no agent answers" check_no_ping
check_eq "its two requests went to the controller, which has no listener" \
	"$(bridge_stat "$sw" br0 upcall_lost)" $((lost + 2))
unreport 7  # the agent dies
check_output "misses go to the learning switch again" "normal False False" \
	connected br0
check "h1 pings h2" ping2

# A table-miss flow, as an OpenFlow 1.3 controller leaves behind.
check "a table-miss flow" v add-flow br0 "priority=0 actions=controller"
check "with no controller connected, standalone forwards what it takes" ping2
report 7 br0 tcp:192.0.2.1
check_output "a report" ok cat "$tmp/out7"
lost=$(bridge_stat "$sw" br0 upcall_lost)
check "connected, it goes to the controller: h1 does not reach h2" check_no_ping
check_eq "two packet-ins, which no agent hears" \
	"$(bridge_stat "$sw" br0 upcall_lost)" $((lost + 2))
unreport 7
check "the agent gone, h1 pings h2 again" ping2
check "secure" v set-fail-mode br0 secure
lost=$(bridge_stat "$sw" br0 upcall_lost)
check "secure sends it to the controller still: h1 does not reach h2" \
	check_no_ping
check_eq "two packet-ins" "$(bridge_stat "$sw" br0 upcall_lost)" $((lost + 2))
check "standalone" v set-fail-mode br0 standalone
check "del-flows" v del-flows br0

check "set-fail-mode secure" v set-fail-mode br0 secure
report 7 br0 tcp:192.0.2.1
check_output "a report" ok cat "$tmp/out7"
check_output "secure: misses go to the controller too" \
	"controller True False" connected br0
unreport 7
check_output "and then are dropped" "drop False False" connected br0
check "set-fail-mode standalone" v set-fail-mode br0 standalone

report 7 br0 tcp:192.0.2.1
check_output "a report" ok cat "$tmp/out7"
check "set-controller, tcp:192.0.2.1 kept and a target added" \
	v set-controller br0 tcp:192.0.2.2 ptcp:6653 tcp:192.0.2.1
check_output "keeps its connection, at its new place" \
	"controller False False True" connected br0
check "set-controller without it" v set-controller br0 tcp:192.0.2.1:6633 ptcp:6653
check_output "forgets it" "normal False False" connected br0
unreport 7
check "set-controller as before" v set-controller br0 tcp:192.0.2.1 ptcp:6653

check "add-br br1" v add-br br1
check "with a controller" v set-controller br1 unix:/run/vsw-$$.ctl
report 7 br0 tcp:192.0.2.1
check_output "a report for br0" ok cat "$tmp/out7"
report 8 br1 unix:/run/vsw-$$.ctl
check_output "another socket reports for br1 (a new agent)" ok cat "$tmp/out8"
check_output "br1 is connected" "controller True" connected br1
check_output "br0's connection went with the old agent" \
	"normal False False" connected br0
unreport 7  # the old agent's
check_output "br1 stays connected" "controller True" connected br1
unreport 8
check_output "br1 is not" "normal False" connected br1

check_output "a target that is not a controller of the bridge" \
	"error EINVAL msg='connected target is not a controller of the bridge' attr=$A_TARGET" \
	genl "$N_CONNECTED:hex:$(nest tcp:192.0.2.1 tcp:192.0.2.2)"
check_output "a new bridge with connections" \
	"error EINVAL msg='a new bridge has no agent connected to its controllers yet' attr=$A_CONNECTED" \
	ip netns exec "$sw" $VSW_GENL --cmd 1 2:str:br2 \
	"$N_CONTROLLERS:hex:$(nest tcp:192.0.2.1)" \
	"$N_CONNECTED:hex:$(nest tcp:192.0.2.1)"
check_output "is not created" "br0 br1" bash -c "echo \$(ip netns exec $sw $VSWCTL list-br)"
check_output "a listening target" \
	"error EINVAL msg='a listening target is never connected: its clients are not controllers' attr=$A_TARGET" \
	genl "$N_CONNECTED:hex:$(nest ptcp:6653)"
check_output "the same target twice" \
	"error EINVAL msg='the same connected target twice' attr=$A_TARGET" \
	genl "$N_CONNECTED:hex:$(nest tcp:192.0.2.1 tcp:192.0.2.1)"
check_output "an empty report: none connected" "ok" genl "$N_CONNECTED:hex:"
check_output "still normal" "normal False False" connected br0
check "del-br br1" v del-br br1
check "set-fail-mode secure, as before" v set-fail-mode br0 secure
check "set-controller, as before" v set-controller br0 tcp:192.0.2.9:6633

# --- Back to the bridge's own miss policy ------------------------------------

check "del-controller" v del-controller br0
check_output "leaves none" "" v get-controller br0
check_json "the miss policy is the bridge's own again" '"normal"' \
	'json.dumps(d[0]["miss"])' v -j show br0
check "h1 pings h2" ping2
check "set-br miss drop" v set-br br0 miss drop
check "set-controller (the fail mode is still secure)" \
	v set-controller br0 tcp:192.0.2.1
check "set-fail-mode standalone" v set-fail-mode br0 standalone
check_json "misses follow the fail mode" '"normal"' \
	'json.dumps(d[0]["miss"])' v -j show br0
check "del-controller" v del-controller br0
check_json "and then the bridge's own policy, drop" '"drop"' \
	'json.dumps(d[0]["miss"])' v -j show br0
check "set-controller" v set-controller br0 tcp:192.0.2.1
check "del-br" v del-br br0
check "add-br of the same name" v add-br br0
check_output "has no controller: they went with the bridge" "" \
	v get-controller br0

# --- Bad input, from vswctl ------------------------------------------------

check_fail "an IPv6 address without brackets" \
	"vswctl: set-controller: invalid target 'tcp:2001:db8::1': an IPv6 address goes in brackets, as in tcp:[2001:db8::1]:6653" \
	v set-controller br0 tcp:2001:db8::1
check_fail "a port out of range" \
	"vswctl: set-controller: invalid target 'tcp:192.0.2.1:65536': invalid port: expected 1 to 65535" \
	v set-controller br0 tcp:192.0.2.1:65536
check_fail "an unknown kind" \
	"vswctl: set-controller: invalid target 'http:192.0.2.1': expected tcp:IP[:PORT], ssl:IP[:PORT], ptcp:[PORT][:IP], pssl:[PORT][:IP], unix:PATH or punix:PATH" \
	v set-controller br0 http:192.0.2.1
check_fail "the same target written twice" \
	"vswctl: set-controller: 'tcp:192.0.2.1' and 'tcp:192.0.2.1:6653' are the same target" \
	v set-controller br0 tcp:192.0.2.1 tcp:192.0.2.1:6653
check_fail "nine targets" "vswctl: set-controller: at most 8 controllers" \
	v set-controller br0 ptcp:1 ptcp:2 ptcp:3 ptcp:4 ptcp:5 ptcp:6 ptcp:7 ptcp:8 ptcp:9
check_fail "an unknown fail mode" \
	"vswctl: set-fail-mode: invalid fail mode 'open': expected standalone or secure" \
	v set-fail-mode br0 open
check_fail "a missing bridge" "vswctl: set-controller: no bridge with this name" \
	v set-controller nope tcp:192.0.2.1

# --- Bad input, to the kernel ----------------------------------------------

check_output "an empty target" \
	"error EINVAL msg='controller target is empty' attr=$A_TARGET" \
	genl "$N_CONTROLLERS:hex:$(nest "")"
check_output "a target of 128 bytes" \
	"error EINVAL msg='controller target is longer than 127 bytes' attr=$A_TARGET" \
	genl "$N_CONTROLLERS:hex:$(nest "unix:/$(printf 'x%.0s' $(seq 122))")"
check_output "an unknown kind" \
	"error EINVAL msg='controller target must start with tcp:, ssl:, ptcp:, pssl:, unix: or punix:' attr=$A_TARGET" \
	genl "$N_CONTROLLERS:hex:$(nest tcp:192.0.2.1 http:x)"
check_output "a space" \
	"error EINVAL msg='controller target has a space or a control character' attr=$A_TARGET" \
	genl "$N_CONTROLLERS:hex:$(nest "unix:/a b")"
check_output "twice the same" \
	"error EINVAL msg='the same controller target twice' attr=$A_TARGET" \
	genl "$N_CONTROLLERS:hex:$(nest ptcp:1 ptcp:1)"
check_output "nine" \
	"error EINVAL msg='more than 8 controller targets' attr=$A_CONTROLLERS" \
	genl "$N_CONTROLLERS:hex:$(nest ptcp:1 ptcp:2 ptcp:3 ptcp:4 ptcp:5 ptcp:6 ptcp:7 ptcp:8 ptcp:9)"
check_output "a fail mode of 2" \
	"error ERANGE msg='integer out of range' attr=$A_FAIL_MODE" \
	genl "$A_FAIL_MODE:u8:2"
check_output "a target and a miss policy together" \
	"error EINVAL msg='the miss policy follows the fail mode while the bridge has controllers' attr=10" \
	genl "$N_CONTROLLERS:hex:$(nest ptcp:1)" 10:u8:0
check_output "eight are taken" "ok" \
	genl "$N_CONTROLLERS:hex:$(nest ptcp:1 ptcp:2 ptcp:3 ptcp:4 ptcp:5 ptcp:6 ptcp:7 ptcp:8)"
check_output "the bridge has them, and is standalone" \
	"ptcp:1 ptcp:2 ptcp:3 ptcp:4 ptcp:5 ptcp:6 ptcp:7 ptcp:8 standalone" \
	bash -c "echo \$(ip netns exec $sw $VSWCTL get-controller br0) \$(ip netns exec $sw $VSWCTL get-fail-mode br0)"
check_output "a refused one leaves them as they were" \
	"error EINVAL msg='controller target is empty' attr=$A_TARGET" \
	genl "$N_CONTROLLERS:hex:$(nest ptcp:9 "")" "$A_FAIL_MODE:u8:1"
check_output "the eight, and standalone, still" \
	"ptcp:1 ptcp:2 ptcp:3 ptcp:4 ptcp:5 ptcp:6 ptcp:7 ptcp:8 standalone" \
	bash -c "echo \$(ip netns exec $sw $VSWCTL get-controller br0) \$(ip netns exec $sw $VSWCTL get-fail-mode br0)"

finish
