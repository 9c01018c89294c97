#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection: every allocation made on behalf of vswitch, in turn,
# fails. For each way of creating something (a bridge, netdev, internal,
# VXLAN and GRE ports, a flow, a batch of flows) the command runs again and
# again with its 1st, 2nd, 3rd... allocation failing (failslab, with
# fail-nth and a stack filter on the module's address range: see
# vsw_failnth.py), until it makes fewer allocations than that. Each failed
# run must exit non-zero with vswctl's one-line message and change
# nothing; a run that succeeds regardless must have done all of its work. Needs a kernel with
# CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_STACKTRACE_FILTER (make
# check-debug builds one); skipped elsewhere.
#
#   +------------------ netns fail-$$ -------------------+
#   |  br0: fv1 (port 1)       fv0, fv2: veth, free     |
#   |  dummy0 198.51.100.100/24                          |
#   +----------------------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd python3
fs=/sys/kernel/debug/failslab
[[ -w $fs/require-start && -e /proc/self/task/$$/fail-nth ]] ||
	skip_all "no failslab with a stack filter (make check-debug's kernel has one)"

# Only allocations with the module's code on the stack may fail.
read -r _ size _ _ _ base _ < <(grep '^vswitch ' /proc/modules)
echo "$base" > "$fs/require-start" &&
	printf '0x%x\n' $((base + size)) > "$fs/require-end" ||
	skip_all "cannot limit failslab to the module"
# Ten frames: the module's own allocations and those of the kernel
# helpers it calls, not every allocation deep inside register_netdevice().
echo 10 > "$fs/stacktrace-depth"
echo N > "$fs/ignore-gfp-wait"
echo 0 > "$fs/verbose"
echo 0 > "$fs/probability"
on_exit "echo 0 > $fs/require-start; echo 18446744073709551615 > $fs/require-end;
	echo Y > $fs/ignore-gfp-wait; echo 2 > $fs/verbose"

ns=$(add_netns fail)
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
for i in 0 1 2; do
	ip -n "$ns" link add "fv$i" type veth peer name "fvp$i"
	ip -n "$ns" link set "fv$i" up
done
ip -n "$ns" link add dummy0 type dummy
ip -n "$ns" addr add 198.51.100.100/24 dev dummy0
ip -n "$ns" link set dummy0 up
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }
check "add-br br0" v add-br br0 dpid 0x1
check "add-port br0 fv1" v add-port br0 fv1 ofport 1

batch=$(mktemp)
on_exit "rm -f $batch"
for i in $(seq 1 5); do
	echo "priority=$i ip nw_dst=10.1.$i.0/$((8 + i * 4)) actions=output:1"
	echo "priority=$i tcp tp_dst=$i actions=drop"
done > "$batch"

# What the namespace holds: its devices and their flags, its bridges and
# their ports, br0's flows (without counters; without ifindexes and MAC
# addresses, which each new device draws anew, nor port numbers, which
# each add-port that succeeds uses up: ports.sh checks that a failed one
# does not). Run inside the namespace.
snap="ip -o link show | cut -d' ' -f2,3;
	$VSWCTL show | grep -v -e ifindex: -e address: -e stats: -e ofport:;
	$VSWCTL -j dump-flows br0 | grep -o '\"match\":\"[^\"]*\"'"

total=0
# fault_loop DESC UNDO VSWCTL-ARGS...: every allocation of the command in
# turn fails (vsw_failnth.py).
fault_loop() {
	local desc=$1 undo=$2 out rc=0 faults
	shift 2
	out=$(ip netns exec "$ns" python3 "$SELFTESTS_DIR/vsw_failnth.py" \
		"$snap" "$VSWCTL $undo" "$VSWCTL" "$@" 2>&1) || rc=$?
	faults=$(sed -n 's/^failnth: \([0-9]*\) faults.*/\1/p' <<< "$out")
	check_eq "$desc: ${faults:-no} allocations failed in turn, each cleanly" "$rc" 0
	((rc == 0)) || diag "$out"
	total=$((total + ${faults:-0}))
}

fault_loop "add-br" "del-br br1" add-br br1 dpid 0x2
fault_loop "add-port netdev" "del-port fv0" add-port br0 fv0
fault_loop "add-port internal" "del-port fi0" add-port br0 fi0 type internal
fault_loop "add-port vxlan" "del-port fx0" add-port br0 fx0 type vxlan \
	remote 198.51.100.1 key 5 dstport 8472
fault_loop "add-port gre" "del-port fg0" add-port br0 fg0 type gre \
	remote 198.51.100.2 key 6
fault_loop "add-flow" "del-flows br0" add-flow br0 \
	"priority=7 ip nw_dst=10.0.0.1 actions=output:1"
fault_loop "add-flows, 10 flows" "del-flows br0" add-flows br0 "$batch"
# A device that receives frames while it is being added: if anything
# failed after its rx_handler went in, addresses learned on the port in
# between would outlive it, pointing to freed memory.
ip netns exec "$ns" python3 "$SELFTESTS_DIR/vsw_pkt.py" blast fvp0 3600 \
	src=02:00:00:00:00:42 dst=ff:ff:ff:ff:ff:ff &
blaster=$!
on_exit "kill $blaster"
fault_loop "add-port netdev under traffic" "del-port fv0" add-port br0 fv0
kill $blaster
wait $blaster 2>/dev/null
check_output "no learned address outlived a failed add-port" " port  VLAN  MAC                Age" \
	v fdb-show br0
echo "failslab: $total faults injected in all"
check "more than 100 faults injected ($total)" test "$total" -gt 100

# A deletion whose new search array cannot be allocated keeps the old one,
# which must still find the best flow: the order it is searched in stops
# by its own snapshot of each subtable's best priority, not by the one the
# deletion lowered. For in_port=1,ip: 50 in the in_port subtable (100 is
# its best), the arp flow of 90 to delete in the dl_type one (10 stays),
# and 80 in the in_port+dl_type one, which must win.
check "flows over three masks" v add-flows br0 - <<< "priority=100,in_port=9 actions=drop
priority=50,in_port=1 actions=drop
priority=90,arp actions=drop
priority=10,ip actions=drop
priority=80,in_port=1,ip actions=output:1"
out=$(ip netns exec "$ns" python3 "$SELFTESTS_DIR/vsw_failnth.py" --once 1 \
	"$VSWCTL" del-flows --strict br0 "priority=90,arp" 2>&1)
check_has "del-flows with its one allocation, the new search array, failing" \
	"$out" "failnth: injected"
check_output "the flow is gone all the same" "4" \
	bash -c "ip netns exec $ns $VSWCTL dump-flows br0 | grep -c priority="
check_has "and a frame still takes the best flow, 80" \
	"$(v trace br0 in_port=1,ip)" "Rule: priority=80,ip,in_port=1"
check "del-flows" v del-flows br0

smoke_test "$ns"
kmemleak_check "kmemleak finds no leak"

finish
