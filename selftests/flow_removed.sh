#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Flow-removed notifications, the kernel's part of OpenFlow's FLOW_REMOVED:
# a flow added with send_flow_rem is announced to the flows group when a
# timeout ends it, when del-flows deletes it and when it goes with a port
# it names, with its counters; a flow without the flag, one replaced by an
# add, and one that goes with its bridge are not announced.
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

here=$(cd "$(dirname "$0")" && pwd)
sw=$(add_netns sw)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br" v add-br br0
attach_hosts "$sw" br0 1 2
ip netns exec "$sw" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
ip -n "$sw" link set br0 up
pin_neighbours 1 2
# The learning switch would answer frames no flow takes; nothing should.
check "set-br br0 miss drop" v set-br br0 miss drop

# pkt COUNT FIELD=VALUE...: 60-byte UDP frames from h1 to h2.
pkt() {
	local count=$1
	shift
	ip netns exec "$h1" python3 "$here/vsw_pkt.py" send eth0 "$count" "$@"
}

# The monitor appends a JSON line per notification; each check reads those
# after the mark.
mon=$(mktemp)
on_exit "rm -f $mon"
ip netns exec "$sw" "$VSWCTL" -j monitor --flows br0 >> "$mon" 2>&1 &
on_exit "kill $! 2>/dev/null"
mark=0
set_mark() { mark=$(grep -c . "$mon"); }
# wait_events N: until N lines have come since the mark, 15 s at most
# (a timeout is checked once a second).
wait_events() {
	local end=$((SECONDS + $(slow 15)))
	while ((SECONDS < end)); do
		(($(tail -n +$((mark + 1)) "$mon" | grep -c .) >= $1)) && return 0
		sleep 0.1
	done
	return 1
}
# events EXPR: EXPR of the lines since the mark, as a list d of objects.
events() {
	tail -n +$((mark + 1)) "$mon" | python3 -c \
		"import json, sys; d = [json.loads(l) for l in sys.stdin if l.strip()]; print($1)"
}
# fence: a flagged flow added and deleted. Notifications come in order, so
# once its own has come, any that an earlier step caused has come too.
fence() {
	v add-flow br0 "priority=1,udp,tp_dst=9,send_flow_rem actions=drop" &&
		v del-flows --strict br0 "priority=1,udp,tp_dst=9"
}
summary='[(e["reason"], e["match"], e["actions"], e["n_packets"], e["n_bytes"]) for e in d]'

# The monitor joins the group some time after it starts.
for i in $(seq 50); do
	fence
	grep -q . "$mon" && break
	sleep 0.1
done
check "the monitor receives a deleted flow's notification" grep -q tp_dst=9 "$mon"
# The loop may have sent a fence whose line is still on its way: one more,
# with a cookie of its own, and the mark goes after its line.
check "a fence with cookie 0x5eed" v add-flow br0 \
	"priority=1,udp,tp_dst=9,cookie=0x5eed,send_flow_rem actions=drop"
check "deleted" v del-flows --strict br0 "priority=1,udp,tp_dst=9"
synced() {
	mark=$(python3 -c '
import json, sys
n = 0
for i, l in enumerate(open(sys.argv[1])):
    if l.strip() and json.loads(l).get("cookie") == 0x5eed:
        n = i + 1
print(n)' "$mon")
	((mark))
}
for i in $(seq 100); do
	synced && break
	sleep 0.1
done
check "its notification came" synced

# --- Timeouts --------------------------------------------------------------

# Timeouts of 3 s: the frames must take the flow before it goes.
T=$(slow 3)
check "a flow with idle_timeout=$T and send_flow_rem" v add-flow br0 \
	"priority=10,udp,tp_dst=1000,idle_timeout=$T,send_flow_rem actions=output:2"
pkt 3 dport=1000
check_json "dump-flows lists its flag" "['send_flow_rem']" 'd[0]["flags"]' \
	v -j dump-flows br0
check_has "and prints it as ovs-ofctl does, before idle_age" "$(v dump-flows br0)" \
	"n_packets=3, n_bytes=180, idle_timeout=$T, send_flow_rem idle_age=" \
	" priority=10,udp,tp_dst=1000 actions=output:2"
check "its idle timeout ends it: one notification" wait_events 1
check_eq "reason idle_timeout, with its 3 frames of 60 bytes" "$(events "$summary")" \
	"[('idle_timeout', 'priority=10,udp,tp_dst=1000', 'output:2', 3, 180)]"
check_eq "and its timeout and flags" "$(events '[(e["idle_timeout"], e["flags"]) for e in d]')" \
	"[($T, ['send_flow_rem'])]"
check_eq "and it is gone" "$(v dump-flows br0 | grep -c tp_dst=1000)" 0

set_mark
check "a flow with hard_timeout=$T (and idle_timeout=60)" v add-flow br0 \
	"priority=10,udp,tp_dst=1001,hard_timeout=$T,idle_timeout=60,send_flow_rem actions=drop"
pkt 2 dport=1001
check "its hard timeout ends it: one notification" wait_events 1
check_eq "reason hard_timeout, 2 frames" "$(events "$summary")" \
	"[('hard_timeout', 'priority=10,udp,tp_dst=1001', 'drop', 2, 120)]"

# --- del-flows -------------------------------------------------------------

set_mark
check "a flow with a cookie and send_flow_rem" v add-flow br0 \
	"priority=10,udp,tp_dst=1002,cookie=0x77,send_flow_rem actions=output:2"
check "and one without the flag" v add-flow br0 \
	"priority=10,udp,tp_dst=1003 actions=output:2"
pkt 4 dport=1002
pkt 1 dport=1003
check "del-flows udp" v del-flows br0 udp
check "one notification" wait_events 1
check_eq "reason delete, its cookie and 4 frames" \
	"$(events '[(e["reason"], e["cookie"], e["n_packets"], e["n_bytes"]) for e in d]')" \
	"[('delete', 119, 4, 240)]"
check "a fence" fence
check "comes next" wait_events 2
check_eq "nothing for the flow without the flag" \
	"$(events '[e["match"] for e in d]')" \
	"['priority=10,udp,tp_dst=1002', 'priority=1,udp,tp_dst=9']"

# --- What is not announced -------------------------------------------------

set_mark
check "a flow without the flag, idle_timeout=1" v add-flow br0 \
	"priority=10,udp,tp_dst=1004,idle_timeout=1 actions=drop"
for i in $(seq $((50 * VSW_SLOW))); do
	v dump-flows br0 | grep -q tp_dst=1004 || break
	sleep 0.1
done
check_eq "expires" "$(v dump-flows br0 | grep -c tp_dst=1004)" 0
check "a flagged flow" v add-flow br0 \
	"priority=10,udp,tp_dst=1005,send_flow_rem actions=drop"
check "replaced by an add of the same match and priority" v add-flow br0 \
	"priority=10,udp,tp_dst=1005,send_flow_rem actions=output:2"
check "mod-flows gives it other actions" v mod-flows br0 \
	"udp,tp_dst=1005 actions=output:1"
check_json "and keeps its flag" "['send_flow_rem']" 'd[0]["flags"]' \
	v -j dump-flows br0 udp,tp_dst=1005
check "a fence" fence
check "comes" wait_events 1
check_eq "and nothing before it: not the expiry, not the replacement" \
	"$(events '[e["match"] for e in d]')" "['priority=1,udp,tp_dst=9']"
set_mark
check "del-flows of the replacement" v del-flows --strict br0 "priority=10,udp,tp_dst=1005"
check "is announced" wait_events 1
check_eq "with the actions mod-flows gave" "$(events '[(e["reason"], e["actions"]) for e in d]')" \
	"[('delete', 'output:1')]"

# --- Ports and bridges -----------------------------------------------------

set_mark
check "a flagged flow to h2" v add-flow br0 \
	"priority=10,udp,tp_dst=1006,send_flow_rem actions=output:2"
check "and one from h1" v add-flow br0 \
	"priority=10,in_port=1,udp,tp_dst=1007,send_flow_rem actions=drop"
check "del-port h2" v del-port br0 h2
check "one notification" wait_events 1
check_eq "reason port_deleted, for the flow that named h2" "$(events "$summary")" \
	"[('port_deleted', 'priority=10,udp,tp_dst=1006', 'output:2', 0, 0)]"
check "del-br br0" v del-br br0
check "add-br br0 again" v add-br br0
check "a fence" fence
check "comes" wait_events 2
check_eq "the flow that went with the bridge was not announced" \
	"$(events '[e["match"] for e in d]')" \
	"['priority=10,udp,tp_dst=1006', 'priority=1,udp,tp_dst=9']"

# --- Bad input -------------------------------------------------------------

# An empty actions nest (NLA_F_NESTED set): a flow that drops.
A_FLAGS=22 A_REMOVED=23 ACTIONS=$((0x8000 | 9))
check_output "the request without the bad attribute would add a flow" "ok" \
	ip netns exec "$sw" $VSW_GENL --cmd 11 2:str:br0 3:u16:7 $A_FLAGS:u32:1 $ACTIONS:hex:
check_output "an unknown flag is refused" \
	"error EINVAL msg='reserved bit set' attr=$A_FLAGS" \
	ip netns exec "$sw" $VSW_GENL --cmd 11 2:str:br0 $A_FLAGS:u32:4 $ACTIONS:hex:
check_output "the removal reason is read-only" \
	"error EINVAL msg='the removal reason is read-only' attr=$A_REMOVED" \
	ip netns exec "$sw" $VSW_GENL --cmd 11 2:str:br0 $A_REMOVED:u8:0 $ACTIONS:hex:
check_output "flags are for adding only" \
	"error EINVAL msg='flags are for adding a flow' attr=$A_FLAGS" \
	ip netns exec "$sw" $VSW_GENL --cmd 12 2:str:br0 $A_FLAGS:u32:1
check_json "the refused requests added nothing, deleted nothing" \
	"[(7, ['send_flow_rem'])]" '[(f["priority"], f["flags"]) for f in d]' \
	v -j dump-flows br0
check_fail "send_flow_rem is for adding" \
	'vswctl: del-flows: column 5: send_flow_rem is for adding a flow
  udp,send_flow_rem
      ^' \
	v del-flows br0 udp,send_flow_rem

finish
