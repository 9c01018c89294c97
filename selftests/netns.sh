#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespaces: a bridge belongs to the namespace it was made in. Others do
# not see it and cannot delete or change it; names and DPIDs are unique per
# namespace only; deleting the namespace destroys its bridges cleanly.
#
#   +---- netns a-$$ ----+   +---- netns b-$$ ----+
#   |  brA (dpid 0x7)    |   |  brA (dpid 0x7)    |
#   +--------------------+   +--------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module

a=$(add_netns a)
b=$(add_netns b)
va() { ip netns exec "$a" "$VSWCTL" "$@"; }
vb() { ip netns exec "$b" "$VSWCTL" "$@"; }

check "add-br in A" va add-br brA dpid 0x7
check_output "A lists it" "brA" va list-br
check_output "B does not" "" vb list-br
check_output "nor does the initial namespace" "0" \
	bash -c "'$VSWCTL' list-br | grep -cx brA || true"
check_fail "B cannot show it" "vswctl: show: no bridge with this name" vb show brA
check_fail "B cannot delete it" "vswctl: del-br: no bridge with this name" vb del-br brA
check_fail "B cannot change it" "vswctl: set-br: no bridge with this name" vb set-br brA dpid 8
check_json "A's bridge is unchanged" "0x0000000000000007" 'd[0]["dpid"]' \
	va -j show brA
check "B may use the same name and DPID" vb add-br brA dpid 0x7
check_output "B lists its own" "brA" vb list-br

# Three more bridges in A, then A goes away with all four of them.
for i in 1 2 3; do
	va add-br "brA$i" >/dev/null
done
check_output "A has four bridges" "4" bash -c "ip netns exec '$a' '$VSWCTL' list-br | wc -l"
check "delete namespace A with its bridges" ip netns del "$a"
# The namespace is torn down asynchronously, by a workqueue.
sleep 2
check_output "no unregister_netdevice waits" "0" bash -c 'dmesg | grep -c "unregister_netdevice: waiting" || true'
check_output "B's bridge survived" "brA" vb list-br
check "B's bridge still works" ip -n "$b" link set brA up

finish
