#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The internal port: a network device the host uses like any other. It
# comes up, takes an address and an MTU of 9000, answers ping from the host
# stack, and frames the host sends on it enter the switch and are counted.
#
#   +------------- netns ip-$$ -------------+
#   |  host stack -- br0 (192.0.2.1/24)     |
#   +----------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module

ns=$(add_netns ip)
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }
stat() { ip netns exec "$ns" cat "/sys/class/net/quiet/statistics/$1"; }

check "add-br" v add-br br0
check "the internal port comes up" ip -n "$ns" link set br0 up
check_json "it is UP with LOWER_UP" "True" \
	'"UP" in d[0]["flags"] and "LOWER_UP" in d[0]["flags"]' \
	ip -n "$ns" -j link show br0
check "it takes an IPv4 address" ip -n "$ns" addr add 192.0.2.1/24 dev br0
check "it takes an IPv6 address" ip -n "$ns" addr add 2001:db8::1/64 dev br0 nodad
check "ping its IPv4 address from the host" \
	ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 192.0.2.1
check "ping its IPv6 address from the host" \
	ip netns exec "$ns" ping -6 -c 3 -i 0.2 -W 2 2001:db8::1
check "its MTU goes to 9000" ip -n "$ns" link set br0 mtu 9000
check_output "and stays there" "9000" ip netns exec "$ns" cat /sys/class/net/br0/mtu
check "its MAC address can be changed" ip -n "$ns" link set br0 address 02:00:00:00:00:42
check_json "and show reports it" "02:00:00:00:00:42" 'd[0]["address"]' \
	v -j show br0

# Exactly 5 frames of 60 bytes sent on a quiet internal port (no address,
# no IPv6, so the host sends nothing of its own) are counted as sent.
check "add-br quiet" v add-br quiet
ip netns exec "$ns" sysctl -qw net.ipv6.conf.quiet.disable_ipv6=1
ip -n "$ns" link set quiet up
tx_packets=$(stat tx_packets)
tx_bytes=$(stat tx_bytes)
check "send 5 raw frames on it" ip netns exec "$ns" python3 -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("quiet", 0))
frame = bytes.fromhex("ffffffffffff020000000042" "88b5") + bytes(46)
for _ in range(5):
    s.send(frame)
'
check_eq "tx_packets grew by 5" "$(($(stat tx_packets) - tx_packets))" 5
check_eq "tx_bytes grew by 300" "$(($(stat tx_bytes) - tx_bytes))" 300

check "del-br" v del-br br0
check "del-br quiet" v del-br quiet
check_output "the address went with it" "" ip -n "$ns" -o addr show to 192.0.2.1
finish
