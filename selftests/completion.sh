#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# completion/vswctl, as bash runs it on TAB: commands, options, keywords
# and values, and the names of the running kernel's bridges and ports.

source "$(dirname "$0")/lib.sh"
require_root
require_module
[[ -r /usr/share/bash-completion/bash_completion ]] ||
	skip_all "no bash-completion (apt-get install bash-completion)"

comp=$(cd "$(dirname "$0")/.." && pwd)/completion/vswctl
ns=$(add_netns comp)
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }
check "add-br br0" v add-br br0
check "add-br br1" v add-br br1
check "an internal port on br1" v add-port br1 int7 type internal

# complete LINE: what TAB offers at the end of LINE, sorted, one a line,
# in a bash of the netns with the tree's vswctl first in PATH.
complete_line() {
	ip netns exec "$ns" env PATH="$(dirname "$VSWCTL"):$PATH" LINE="$1" \
		COMP="$comp" bash -c '
source /usr/share/bash-completion/bash_completion
source "$COMP"
read -ra COMP_WORDS <<< "$LINE"
[[ $LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$LINE
COMP_POINT=${#LINE}
_vswctl vswctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf "%s\n" "${COMPREPLY[@]}" | sort'
}

check_output "commands" "del-br
del-controller
del-flows
del-port" complete_line "vswctl del"
check_output "options" "--json" complete_line "vswctl --js"
check_output "bridges, from the kernel" "br0
br1" complete_line "vswctl show "
check_output "add-port's keys" "tag
tos
trunks
ttl
type" complete_line "vswctl add-port br0 p1 t"
check_output "its type's values" "gre
internal
netdev
vxlan" complete_line "vswctl add-port br0 p1 type "
check_output "set-port's ports, from the kernel" "int7" complete_line "vswctl set-port int"
check_output "set-fail-mode" "secure" complete_line "vswctl set-fail-mode br0 se"
check_output "flow fields, after a comma" "priority=10,nw_dst=
priority=10,nw_proto=
priority=10,nw_src=
priority=10,nw_tos=
priority=10,nw_ttl=" complete_line "vswctl add-flow br0 priority=10,nw_"
check_output "a port after in_port=" "in_port=int7" complete_line "vswctl add-flow br1 in_port=i"
check_output "apply's option" "--all" complete_line "vswctl apply --a"

finish
