#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The family's ABI, as the loaded module enforces it, against the YNL spec:
# scripts/abi-check --kernel reads every command's policy back from the
# kernel (CTRL_CMD_GETPOLICY) and compares numbers, types, ranges, lengths
# and nested sets with Documentation/netlink/specs/vswitch.yaml. The host
# part of make check compares the spec with the uapi header; together they
# hold the three places the ABI is written in to one another.

source "$(dirname "$0")/lib.sh"
require_root
require_module

abi_check=$SELFTESTS_DIR/../scripts/abi-check
[[ -x $abi_check ]] || skip_all "$abi_check missing (run from the source tree)"
python3 -c 'import yaml' 2>/dev/null || skip_all "python3-yaml missing"

out=$(python3 "$abi_check" --kernel 2>&1)
summary=$(tail -n 1 <<< "$out")
if [[ $summary =~ ^abi-check:\ ([0-9]+)\ checks,\ 0\ failed$ ]] &&
   ((BASH_REMATCH[1] > 100)); then
	ok "the kernel's policies are the spec's (${BASH_REMATCH[1]} checks)"
else
	not_ok "the kernel's policies are the spec's"
	diag "$out"
fi

finish
