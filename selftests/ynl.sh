#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A client we did not write must understand the family: drive bridges with
# the kernel's own tools/net/ynl/cli.py and our YNL spec, check what it did
# with vswctl (and the other way round), and listen to the config
# multicast group with it.
#
#   +------------ netns ynl-$$ ------------+
#   |  cli.py ---- vswitch family ---- vswctl  |
#   +---------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module

src=${VSW_CACHE:-/var/cache/vswitch}/linux-source-6.12
cli=$src/tools/net/ynl/cli.py
[[ -r $cli ]] || skip_all "$cli missing (scripts/install-deps extracts it)"
python3 -c 'import yaml, jsonschema' 2>/dev/null || skip_all "python3-yaml or python3-jsonschema missing"

spec=$SELFTESTS_DIR/../Documentation/netlink/specs/vswitch.yaml
ns=$(add_netns ynl)
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }
ynl() {
	ip netns exec "$ns" python3 "$cli" --spec "$spec" \
		--schema "$src/Documentation/netlink/genetlink-legacy.yaml" "$@"
}

check "bridge-new through cli.py" ynl --do bridge-new --json '{"name": "ynl0", "dpid": 5}'
check_output "vswctl sees it" "ynl0" v list-br
check_json "with the DPID cli.py gave" "0x0000000000000005" 'd[0]["dpid"]' \
	v -j show ynl0
check "vswctl add-br" v add-br vsw0 dpid 0x6
check_json "cli.py dumps both" "[('ynl0', 5), ('vsw0', 6)]" \
	'[(b["name"], b["dpid"]) for b in d]' ynl --dump bridge-get --output-json
check_json "cli.py gets one, with its ifindex and MAC" \
	"$(ip netns exec "$ns" cat /sys/class/net/vsw0/ifindex) $(ip netns exec "$ns" cat /sys/class/net/vsw0/address)" \
	'"%s %s" % (d["ifindex"], d["address"])' \
	ynl --do bridge-get --json '{"name": "vsw0"}' --output-json
check "bridge-set through cli.py" ynl --do bridge-set --json '{"name": "vsw0", "dpid": 7}'
check_json "vswctl sees the new DPID" "0x0000000000000007" 'd[0]["dpid"]' \
	v -j show vsw0
out=$(ynl --do bridge-new --json '{"name": "ynl0"}' 2>&1)
case $out in
*"a bridge with this name already exists"*) ok "cli.py shows the kernel's message" ;;
*) not_ok "cli.py shows the kernel's message"; diag "$out" ;;
esac
# Ports and the FDB.
ip -n "$ns" link add va type veth peer name vb
# Quiet: only the frames sent below cross the port.
ip netns exec "$ns" sysctl -qw net.ipv6.conf.va.disable_ipv6=1 \
	net.ipv6.conf.vb.disable_ipv6=1
ip -n "$ns" link set va up
ip -n "$ns" link set vb up
check "port-new through cli.py" \
	ynl --do port-new --json '{"bridge": "vsw0", "name": "va", "tag": 10}'
check "and an internal one" \
	ynl --do port-new --json '{"bridge": "vsw0", "name": "vi", "type": "internal", "number": 7}'
check_output "vswctl lists them" "va
vi" v list-ports vsw0
check_json "cli.py dumps the ports with their settings" \
	"[(1, 'va', 'netdev', 10), (7, 'vi', 'internal', None), (65534, 'vsw0', 'internal', None)]" \
	'sorted((p["number"], p["name"], p["type"], p.get("tag")) for p in d)' \
	ynl --dump port-get --json '{"bridge": "vsw0"}' --output-json
send_frames "$ns" vb 3 02:00:00:00:00:0b ff:ff:ff:ff:ff:ff
check_json "and counts what came in" "3 180" \
	'" ".join(str(p["stats"][k]) for p in d if p["name"] == "va" for k in ("rx-packets", "rx-bytes"))' \
	ynl --dump port-get --json '{"bridge": "vsw0"}' --output-json
check_json "cli.py dumps the FDB" "[(1, 10, '02:00:00:00:00:0b')]" \
	'[(e["port"], e["vlan"], e["mac"]) for e in d]' \
	ynl --dump fdb-get --json '{"bridge": "vsw0"}' --output-json
check "fdb-flush through cli.py" ynl --do fdb-flush --json '{"bridge": "vsw0"}'
check_output "vswctl sees an empty FDB" "[]" v -j fdb-show vsw0
check "port-del through cli.py" ynl --do port-del --json '{"name": "va"}'
check_output "vswctl lists what is left" "vi" v list-ports vsw0
check "bridge-del through cli.py" ynl --do bridge-del --json '{"name": "ynl0"}'
check "vswctl del-br" v del-br vsw0
check_output "nothing left" "" v list-br

# Notifications: cli.py subscribes, sleeps, then prints all it received
# as one JSON list. The changes come from vswctl and from ip link del.
ntf=$(mktemp)
on_exit rm -f "$ntf"
ynl --subscribe config --sleep 12 --output-json > "$ntf" 2>&1 &
ntf_pid=$!
# cli.py loads the spec, resolves the family over a generic netlink socket
# (bound to its pid from then on), joins the group and sleeps: wait for that
# socket in /proc/net/netlink (protocol 16, port id = pid), then a second.
for _ in $(seq 150); do
	pid=$(pgrep -f -- '--subscribe config' | head -n 1)
	[[ -n $pid ]] && awk -v p="$pid" '$2 == 16 && $3 == p { f = 1 } END { exit !f }' \
		"/proc/$pid/net/netlink" 2>/dev/null && break
	sleep 0.2
done
sleep 1
v add-br n1 dpid 0x11
v set-br n1 dpid 0x12
ip -n "$ns" link del n1
v add-br n2 dpid 0x21
v del-br n2
wait "$ntf_pid"
check_output "cli.py saw every change in the config group, in order" \
"bridge-new-ntf n1 17
bridge-set-ntf n1 18
bridge-del-ntf n1 18
bridge-new-ntf n2 33
bridge-del-ntf n2 33" python3 -c '
import json, sys
for n in json.loads(open(sys.argv[1]).read().splitlines()[-1]):
    print(n["name"], n["msg"]["name"], n["msg"]["dpid"])' "$ntf"
[[ $_nfail == 0 ]] || diag "cli.py printed: $(cat "$ntf")"

finish
