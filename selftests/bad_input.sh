#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input, from vswctl and from hand-made netlink messages: each is
# refused with its errno and a message naming what is wrong, and none of
# them changes anything.
#
#   +------------- netns bad-$$ -------------+
#   |  br0 (0x1), br9 (0x9), nothing else     |
#   +-----------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module

ns=$(add_netns bad)
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }
raw() { ip netns exec "$ns" $VSW_GENL "$@"; }

# uapi numbers, as in include/uapi/linux/vswitch.h
NEW=1 DEL=2 GET=3 SET=4
A_PAD=1 A_NAME=2 A_IFINDEX=3 A_DPID=4 A_ADDRESS=5

check "add-br br0" v add-br br0 dpid 0x1
check "add-br br9" v add-br br9 dpid 0x9
links_before=$(ip -n "$ns" -o link show | wc -l)

# vswctl
check_fail "empty name" "vswctl: add-br: bridge name is empty" v add-br ""
check_fail "over-long name" \
	"vswctl: add-br: Attribute failed policy validation (attribute: name)" \
	v add-br abcdefghijklmnop
check_fail "name with a slash" \
	"vswctl: add-br: bridge name is not a valid interface name" v add-br a/b
check_fail "name with a format" \
	"vswctl: add-br: bridge name is not a valid interface name" v add-br 'br%d'
check_fail "name of an existing netdev" \
	"vswctl: add-br: a network device with this name already exists" v add-br lo
check_fail "DPID that is not hex" \
	"vswctl: invalid DPID 'xyz': expected 1 to 16 hex digits, optionally after 0x" \
	v add-br br1 dpid xyz
check_fail "DPID of 17 digits" \
	"vswctl: invalid DPID '0x12345678901234567': expected 1 to 16 hex digits, optionally after 0x" \
	v add-br br1 dpid 0x12345678901234567
check_fail "DPID 0x alone" \
	"vswctl: invalid DPID '0x': expected 1 to 16 hex digits, optionally after 0x" \
	v add-br br1 dpid 0x
check_fail "zero DPID" "vswctl: add-br: DPID must not be zero" v add-br br1 dpid 0
check_fail "zero DPID on set-br" "vswctl: set-br: DPID must not be zero" v set-br br0 dpid 0
check_fail "add-br without a name" "usage: vswctl add-br BRIDGE [dpid HEX] [hwaddr MAC]" v add-br
check_fail "unknown vswctl command" \
	"vswctl: unknown command 'frob'; see 'vswctl --help'" v frob
check_fail "unknown set-br setting" "vswctl: set-br: unknown setting 'color'
usage: vswctl set-br BRIDGE {dpid HEX | fdb-aging SECONDS | fdb-max N | miss POLICY |
        flow-max N | controller-rate N | hwaddr MAC}..." v set-br br0 color red

# hand-made messages
check_output "new without a name" \
	"error EINVAL msg='bridge name is missing' attr=$(missing_attr $A_NAME)" raw --cmd $NEW
check_output "get without a name or ifindex" \
	"error EINVAL msg='bridge name or ifindex is missing' attr=$(missing_attr $A_NAME)" raw --cmd $GET
check_output "unknown command" "error EOPNOTSUPP msg='' attr=-" raw --cmd 99
check_output "unknown attribute" \
	"error EINVAL msg='Unknown attribute type' attr=60" raw --cmd $NEW $A_NAME:str:br1 60:u32:1
check_output "name without its NUL" \
	"error EINVAL msg='Attribute failed policy validation' attr=$A_NAME" raw --cmd $NEW $A_NAME:raw:br1
check_output "DPID of the wrong length" \
	"error EINVAL msg='invalid attribute length' attr=$A_DPID" raw --cmd $NEW $A_NAME:str:br1 $A_DPID:u32:7
check_output "ifindex of the wrong length" \
	"error EINVAL msg='invalid attribute length' attr=$A_IFINDEX" raw --cmd $GET $A_IFINDEX:u64:1
check_output "a pad attribute in a request" \
	"error EINVAL msg='Unsupported attribute' attr=$A_PAD" raw --cmd $NEW $A_NAME:str:br1 $A_PAD:u32:0
check_output "new with an ifindex" \
	"error EINVAL msg='the kernel chooses the ifindex of a new bridge' attr=$A_IFINDEX" \
	raw --cmd $NEW $A_NAME:str:br1 $A_IFINDEX:u32:77
check_output "new with a MAC address" \
	"error EINVAL msg='the bridge's MAC address is read-only here: set it with ip link' attr=$A_ADDRESS" \
	raw --cmd $NEW $A_NAME:str:br1 $A_ADDRESS:hex:020000000001
check_output "del of an ifindex that is not a bridge" \
	"error ENODEV msg='no bridge with this ifindex' attr=$A_IFINDEX" raw --cmd $DEL $A_IFINDEX:u32:1
check_output "name and ifindex of different bridges" \
	"error EINVAL msg='bridge name and ifindex name different bridges' attr=$A_IFINDEX" \
	raw --cmd $SET $A_NAME:str:br0 $A_DPID:u64:5 \
	$A_IFINDEX:u32:"$(ip netns exec "$ns" cat /sys/class/net/br9/ifindex)"
# 5.10's genetlink does not look at the field (Documentation/kernels.rst).
if kernel_before 6.1; then
	check_output "a non-zero reserved field, which 5.10 ignores" \
		"ok" raw --cmd $GET --reserved 1 $A_NAME:str:br0
else
	check_output "a non-zero reserved field" \
		"error EINVAL msg='genlmsghdr.reserved field is not 0' attr=-" raw --cmd $GET --reserved 1 $A_NAME:str:br0
fi
check_output "del by ifindex works" "ok" \
	raw --cmd $DEL $A_IFINDEX:u32:"$(ip netns exec "$ns" cat /sys/class/net/br0/ifindex)"
check "and add-br br0 again" v add-br br0 dpid 0x1

# Nothing above may have changed anything.
check_output "only br0 and br9 exist" "br0
br9" v list-br
check_json "its DPID is untouched" "0x0000000000000001" 'd[0]["dpid"]' \
	v -j show br0
check_eq "no network device appeared" "$(ip -n "$ns" -o link show | wc -l)" "$links_before"

finish
