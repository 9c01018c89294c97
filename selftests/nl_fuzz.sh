#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Netlink fuzzing: vsw_fuzz.py sends 120,000 generated requests (seed 1) to
# the vswitch family, every command, valid and broken, in a namespace of
# its own with devices its pools name. Every request must end in an ack or
# a clean errno. Afterwards the module still works (a smoke test), its
# bridges delete, it unloads, and kmemleak (where the kernel has it) finds
# nothing.
#
#   +------------------ netns fuzz-$$ -----------------------+
#   |  fv0..fv5 (veth, peers fvp0..5)   fz0..fz2: bridges    |
#   |  dummy0 198.51.100.100/24, 2001:db8:f::100/64          |
#   +--------------------------------------------------------+
#
#   VSW_FUZZ_COUNT, VSW_FUZZ_SEED: how many requests, and the seed.

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd python3

count=${VSW_FUZZ_COUNT:-120000}
seed=${VSW_FUZZ_SEED:-1}
ns=$(add_netns fuzz)
for i in 0 1 2 3 4 5; do
	ip -n "$ns" link add "fv$i" type veth peer name "fvp$i"
	ip -n "$ns" link set "fv$i" up
	ip -n "$ns" link set "fvp$i" up
done
ip -n "$ns" link add dummy0 type dummy
ip -n "$ns" addr add 198.51.100.100/24 dev dummy0
ip -n "$ns" addr add 2001:db8:f::100/64 dev dummy0 nodad
ip -n "$ns" link set dummy0 up

out=$(ip netns exec "$ns" python3 "$SELFTESTS_DIR/vsw_fuzz.py" \
	--seed "$seed" --count "$count" --why 25 2>&1)
rc=$?
diag "$out"
check_eq "vsw_fuzz.py: $count requests, every reply an ack or a clean errno" "$rc" 0
last=$(tail -n 1 <<< "$out")
check_has "and it sent them all" "$last" "fuzz: $count requests,"

check "the fuzzer's bridges delete" \
	ip netns exec "$ns" bash -c "for b in \$('$VSWCTL' list-br); do '$VSWCTL' del-br \$b || exit 1; done"
check_output "none is left" "" ip netns exec "$ns" "$VSWCTL" list-br
smoke_test "$ns"
del_all_netns
check "rmmod vswitch" rmmod vswitch
check "the module is gone" test ! -d /sys/module/vswitch
kmemleak_check "kmemleak finds no leak"

finish
