#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The concurrent, stateful fuzzer (vsw_race.py): for VSW_RACE_SECS seconds
# (default 60; make check-debug runs it longer) several processes change,
# dump and send through the bridges of one namespace at once, on a few
# shared names, so that they collide (seed VSW_RACE_SEED, default 1).
# Meanwhile a bridge pair that nothing touches carries a TCP stream over
# VXLAN, with flows, and must carry it in every second. Afterwards every
# bridge is deleted, the module unloads, and kmemleak finds nothing (the
# harness scans the kernel log for KASAN, lockdep and the rest).
#
#   netns race: rb0-rb2, veths rv0-rv5 (peers rvp0-rvp5, where the frames
#               come from), ri0-ri3 internal, rt0-rt3 tunnels to
#               198.51.100.1-4 over dummy0 (MTU 1300)
#   untouched:  k1 -- [kb in kA] ua ==VXLAN== ub [kb in kB] -- k2

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd iperf3 python3

secs=${VSW_RACE_SECS:-60}
seed=${VSW_RACE_SEED:-1}

# --- The part nothing touches ---------------------------------------------

kA=$(add_netns kA)
kB=$(add_netns kB)
underlay "$kA" "$kB"
ka() { ip netns exec "$kA" "$VSWCTL" "$@"; }
kb() { ip netns exec "$kB" "$VSWCTL" "$@"; }
check "untouched: add-br kb in kA" ka add-br kb
check "untouched: add-br kb in kB" kb add-br kb
k1=$(add_host "$kA" k1 1)
k2=$(add_host "$kB" k2 2)
check "untouched: add-port k1" ka add-port kb k1
check "untouched: add-port k2" kb add-port kb k2
ip -n "$kA" link set k1 up
ip -n "$kB" link set k2 up
ip -n "$k1" link set eth0 up mtu 1450
ip -n "$k2" link set eth0 up mtu 1450
check "untouched: VXLAN in kA" ka add-port kb kv type vxlan remote 192.0.2.2 key 9
check "untouched: VXLAN in kB" kb add-port kb kv type vxlan remote 192.0.2.1 key 9
check "untouched: flows in kA" ka add-flow kb "priority=10,tcp actions=normal"
check "untouched: and the rest" ka add-flow kb "priority=1 actions=normal"
check "untouched: k1 reaches k2" ip netns exec "$k1" ping -c 1 -W 3 10.0.0.2

ip netns exec "$k2" iperf3 -s -1 -D
sleep 0.5
stream=$(mktemp)
on_exit "rm -f $stream"
ip netns exec "$k1" iperf3 -c 10.0.0.2 -t $((secs + 5)) -i 1 -J > "$stream" 2>&1 &
iperf=$!
on_exit "kill $iperf"

# --- The fuzzed namespace -------------------------------------------------

ns=$(add_netns race)
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
for i in 0 1 2 3 4 5; do
	ip -n "$ns" link add "rv$i" type veth peer name "rvp$i"
	ip -n "$ns" link set "rv$i" up
	ip -n "$ns" link set "rvp$i" up
done
ip -n "$ns" link add dummy0 mtu 1300 type dummy
ip -n "$ns" addr add 198.51.100.100/24 dev dummy0
ip -n "$ns" link set dummy0 up
for br in rb0 rb1 rb2; do
	ip netns exec "$ns" "$VSWCTL" add-br "$br"
done

out=$(ip netns exec "$ns" env VSWCTL="$VSWCTL" python3 \
	"$SELFTESTS_DIR/vsw_race.py" --seed "$seed" --seconds "$secs" 2>&1)
rc=$?
diag "$out"
check_eq "$secs s of racing changes, dumps and traffic (seed $seed): nothing unexpected" \
	"$rc" 0

# --- Afterwards -----------------------------------------------------------

wait "$iperf"
python3 - "$stream" "$secs" <<'PY' > "$stream.check"
import json, sys
d = json.load(open(sys.argv[1]))
secs = [i["sum"]["bytes"] for i in d["intervals"]]
print(len(secs), min(secs), sum(1 for b in secs if b == 0))
PY
read -r intervals least zero < "$stream.check"
rm -f "$stream.check"
diag "untouched stream: $intervals seconds, the least $least bytes in one"
check_eq "the untouched bridges carried the stream in every second" \
	"$((intervals >= secs && zero == 0))" 1

for br in $(ip netns exec "$ns" "$VSWCTL" list-br); do
	ip netns exec "$ns" "$VSWCTL" del-br "$br" || not_ok "del-br $br"
done
check_output "every bridge of the fuzzed namespace is gone" "" \
	ip netns exec "$ns" "$VSWCTL" list-br
check "del-br in kA" ka del-br kb
check "del-br in kB" kb del-br kb
del_all_netns
check "the module unloads" rmmod vswitch
kmemleak_check "kmemleak finds no leak after the races"

finish
