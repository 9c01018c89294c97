#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits on bridges and ports: at most max_bridges bridges in a network
# namespace and max_ports ports on a bridge (module parameters, which only
# the host's root may change). Over a limit, the request fails with
# ENOSPC and a message naming the parameter, and changes nothing. The
# other limits have tests of their own: learned MACs (fdb-max,
# mac_flood.sh), flows (flow-max, flows.sh) and packet-ins
# (controller-rate, flows.sh).
#
#   +---- netns lim-$$ ----+   +---- netns lim2-$$ ----+
#   |  l1 l2 l3 (l4: no)   |   |  m1 m2 m3             |
#   |  l1: p1 p2 (p3: no)  |   +-----------------------+
#   +----------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd unshare setpriv

params=/sys/module/vswitch/parameters
check_output "max_bridges defaults to 1024" 1024 cat "$params/max_bridges"
check_output "max_ports defaults to 4096" 4096 cat "$params/max_ports"
on_exit "echo 1024 > $params/max_bridges; echo 4096 > $params/max_ports"

ns=$(add_netns lim)
ns2=$(add_netns lim2)
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }

check "max_bridges 3" bash -c "echo 3 > $params/max_bridges"
for b in l1 l2 l3; do
	check "add-br $b" v add-br "$b"
done
check_fail "a fourth bridge is refused" \
	"vswctl: add-br: too many bridges in this namespace (module parameter max_bridges)" \
	v add-br l4
check_output "and left nothing behind" "l1 l2 l3" bash -c \
	"ip netns exec $ns $VSWCTL list-br | tr '\n' ' ' | sed 's/ \$//'; ! ip -n $ns link show l4 2>/dev/null"
check "the limit is per namespace" bash -c \
	"for b in m1 m2 m3; do ip netns exec $ns2 $VSWCTL add-br \$b || exit 1; done"
check "del-br l3" v del-br l3
check "frees a place: add-br l4" v add-br l4

check "max_ports 2" bash -c "echo 2 > $params/max_ports"
check "add-port p1 (internal)" v add-port l1 p1 type internal
check "add-port p2 (vxlan)" v add-port l1 p2 type vxlan remote 198.51.100.1
check_fail "a third port is refused" \
	"vswctl: add-port: too many ports on this bridge (module parameter max_ports)" \
	v add-port l1 p3 type internal
check_fail "a third tunnel port too" \
	"vswctl: add-port: too many ports on this bridge (module parameter max_ports)" \
	v add-port l1 p4 type gre remote 198.51.100.2
check_output "nothing was added" "1 p1
2 p2
LOCAL l1" bash -c "ip netns exec $ns $VSWCTL -j dump-ports l1 | python3 -c '
import json, sys
for p in json.load(sys.stdin): print(\"LOCAL\" if p[\"port\"] == 65534 else p[\"port\"], p[\"name\"])'; ! ip -n $ns link show p3 2>/dev/null"
check "the limit is per bridge: l2 takes two" bash -c \
	"ip netns exec $ns $VSWCTL add-port l2 q1 type internal &&
	 ip netns exec $ns $VSWCTL add-port l2 q2 type internal"
check "del-port p1" v del-port p1
check "frees a place: add-port p3" v add-port l1 p3 type internal

# A container (root of a user namespace, an unprivileged user outside it)
# cannot raise the limits: they belong to the host's root.
check_fail "root of a user namespace cannot change max_bridges" \
	"sh: 1: cannot create $params/max_bridges: Permission denied" \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare --user --map-root-user --net sh -c "echo 100 > $params/max_bridges"
check_output "max_bridges is still 3" 3 cat "$params/max_bridges"

finish
