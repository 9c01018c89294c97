#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# systemd/vswitch.service, its commands run as systemd runs them: each
# Exec line split into words and executed, no shell. /etc is read-only
# here, so the configuration is a file of the test's in its place, and
# vswctl is the tree's; modprobe looks for the module in a scratch root
# that holds the tree's (it is loaded already, which modprobe accepts).

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd modprobe depmod python3
[[ -r ${VSW_MODULE:-} ]] || skip_all "VSW_MODULE does not name vswitch.ko"

unit=$(dirname "$0")/../systemd/vswitch.service
example=$(dirname "$0")/../systemd/vswitch.conf
ns=$(add_netns svc)
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }
d=$(mktemp -d)
on_exit "rm -rf $d"
root=$d/root
mkdir -p "$root/lib/modules/$(uname -r)/extra"
cp "$VSW_MODULE" "$root/lib/modules/$(uname -r)/extra/"
depmod -b "$root" "$(uname -r)"

# key KEY: the unit's values of KEY, one a line.
key() { sed -n "s/^$1=//p" "$unit"; }
check_output "a oneshot" "oneshot" key Type
check_output "that stays active" "yes" key RemainAfterExit
check_has "before the network is configured" "$(key Before)" "network-pre.target"
check_output "without the default dependencies (it runs that early)" "no" key DefaultDependencies
check_output "and no ExecStop: stopping flushes nothing" "" key ExecStop
check_output "its ExecStart lines" "/sbin/modprobe vswitch
/usr/local/sbin/vswctl apply /etc/vswitch/vswitch.conf" key ExecStart
check_output "its ExecReload" "/usr/local/sbin/vswctl apply /etc/vswitch/vswitch.conf" key ExecReload
if command -v systemd-analyze >/dev/null; then
	sed "s|/usr/local/sbin/vswctl|$VSWCTL|" "$unit" > "$d/vswitch.service"
	check_output "systemd-analyze verify finds nothing" \
		"" systemd-analyze verify --man=no "$d/vswitch.service"
fi

# run KEY CONF: runs the unit's KEY lines in $ns as systemd would, with
# the tree's vswctl, CONF for /etc/vswitch/vswitch.conf and the scratch
# root for modprobe; stops at the first that fails, with its status.
run() {
	local line rc=0
	while read -r line; do
		line=${line#[-@:+!]}
		line=${line//\/usr\/local\/sbin\/vswctl/$VSWCTL}
		line=${line//\/etc\/vswitch\/vswitch.conf/$2}
		line=${line//\/sbin\/modprobe/\/sbin\/modprobe -d $root}
		# shellcheck disable=SC2086
		ip netns exec "$ns" $line || { rc=$?; break; }
	done < <(key "$1")
	return "$rc"
}

check_output "the example configuration applies, changing nothing" "" run ExecStart "$example"
check_output "and makes no bridge" "" v list-br

cat > "$d/conf" <<'EOF'
add-br br0 dpid 0x5
add-port br0 int0 type internal ofport 1 tag 10
EOF
check_output "start: the module, then the file" \
	"add-br br0 dpid 0x0000000000000005
add-port br0 int0 type internal ofport 1 tag 10" run ExecStart "$d/conf"
check_output "a restart changes nothing" "" run ExecStart "$d/conf"
echo 'add-port br0 int1 type internal ofport 2' >> "$d/conf"
check_output "reload applies the edited file" \
	"add-port br0 int1 type internal ofport 2" run ExecReload "$d/conf"
check_output "stopping runs nothing, so the bridge stays" "int0
int1" v list-ports br0
sed 's/ofport 2$/ofport 2 tag 5000/' "$d/conf" > "$d/bad"
run ExecReload "$d/bad" > "$d/out" 2>&1
check_eq "a reload the kernel refuses fails" "$?" 1
check_has "and says what happened" "$(cat "$d/out")" \
	"vswctl: apply: rolled back: the configuration is as it was"

finish
