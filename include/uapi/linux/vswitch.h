/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vswitch: a virtual switch datapath in the kernel fast path.
 *
 * The control interface is one generic netlink family, VSWITCH_GENL_NAME,
 * version VSWITCH_GENL_VERSION. Every request is validated against a strict
 * policy: an attribute the kernel does not know, an attribute of the wrong
 * type or length, or a reserved field that is not zero is rejected with
 * -EINVAL. Every rejection carries an extended ack: a message in words and,
 * where one attribute is at fault, its offset (NLMSGERR_ATTR_OFFS), so set
 * NETLINK_EXT_ACK on the socket. A rejected request changes nothing.
 *
 * Requests that change state need CAP_NET_ADMIN in the user namespace that
 * owns the network namespace of the socket; without it they fail with
 * -EPERM. Bridges live in the network namespace they were created in and
 * are invisible from any other.
 *
 * VSWITCH_CMD_BRIDGE_NEW
 * ----------------------
 *
 *   Creates a bridge and its internal port, a network device of the same
 *   name (Open vSwitch's LOCAL port).
 *
 *     VSWITCH_BRIDGE_A_NAME: NUL-terminated string, 1 to IFNAMSIZ - 1 bytes,
 *                            required; a valid interface name that no
 *                            network device in the namespace has
 *     VSWITCH_BRIDGE_A_DPID: u64, optional, not zero and not used by another
 *                            bridge of the namespace; without it the DPID is
 *                            derived from the internal port's MAC address:
 *                            0x0000 followed by the 48 bits of the MAC
 *
 *   Errors: -EEXIST (name or DPID taken), -EINVAL (bad value), -ENOMEM.
 *
 * VSWITCH_CMD_BRIDGE_DEL
 * ----------------------
 *
 *   Destroys a bridge and its internal port.
 *
 *     VSWITCH_BRIDGE_A_NAME or VSWITCH_BRIDGE_A_IFINDEX: which bridge; if both
 *                            are given they must name the same bridge
 *
 *   Errors: -ENODEV (no such bridge), -EINVAL.
 *
 * VSWITCH_CMD_BRIDGE_GET
 * ----------------------
 *
 *   As a request (doit): VSWITCH_BRIDGE_A_NAME or VSWITCH_BRIDGE_A_IFINDEX,
 *   as for VSWITCH_CMD_BRIDGE_DEL. With NLM_F_DUMP and no attributes: every
 *   bridge of the namespace, one message each. A dump that raced with a
 *   change is flagged NLM_F_DUMP_INTR; start it again.
 *
 *   Each reply carries the whole bridge:
 *
 *     VSWITCH_BRIDGE_A_NAME:    NUL-terminated string
 *     VSWITCH_BRIDGE_A_IFINDEX: u32, the internal port's interface index
 *     VSWITCH_BRIDGE_A_DPID:    u64
 *     VSWITCH_BRIDGE_A_ADDRESS: 6 bytes, the internal port's MAC address
 *
 * VSWITCH_CMD_BRIDGE_SET
 * ----------------------
 *
 *   Changes a bridge. Attributes that are absent are left as they are.
 *
 *     VSWITCH_BRIDGE_A_NAME or VSWITCH_BRIDGE_A_IFINDEX: which bridge
 *     VSWITCH_BRIDGE_A_DPID: u64, optional; the same rules as for
 *                            VSWITCH_CMD_BRIDGE_NEW
 *
 *   Errors: -ENODEV, -EEXIST, -EINVAL.
 *
 * Notifications
 * -------------
 *
 *   Members of the multicast group VSWITCH_MCGRP_CONFIG receive a message
 *   whenever a bridge is created (VSWITCH_CMD_BRIDGE_NEW), changed
 *   (VSWITCH_CMD_BRIDGE_SET) or deleted (VSWITCH_CMD_BRIDGE_DEL, also when
 *   its internal port is deleted with "ip link del"), laid out as a reply to
 *   VSWITCH_CMD_BRIDGE_GET. Bridges that go away with their network
 *   namespace or with the module are not announced.
 *
 * Numbers are never reused: a withdrawn command or attribute keeps its slot.
 */

#ifndef _UAPI_LINUX_VSWITCH_H
#define _UAPI_LINUX_VSWITCH_H

#define VSWITCH_GENL_NAME	"vswitch"
#define VSWITCH_GENL_VERSION	1

#define VSWITCH_MCGRP_CONFIG	"config"

enum vswitch_cmd {
	VSWITCH_CMD_UNSPEC,
	VSWITCH_CMD_BRIDGE_NEW,
	VSWITCH_CMD_BRIDGE_DEL,
	VSWITCH_CMD_BRIDGE_GET,
	VSWITCH_CMD_BRIDGE_SET,

	__VSWITCH_CMD_MAX
};

#define VSWITCH_CMD_MAX (__VSWITCH_CMD_MAX - 1)

enum vswitch_bridge_attr {
	VSWITCH_BRIDGE_A_UNSPEC,
	VSWITCH_BRIDGE_A_PAD,
	VSWITCH_BRIDGE_A_NAME,
	VSWITCH_BRIDGE_A_IFINDEX,
	VSWITCH_BRIDGE_A_DPID,
	VSWITCH_BRIDGE_A_ADDRESS,

	__VSWITCH_BRIDGE_A_MAX
};

#define VSWITCH_BRIDGE_A_MAX (__VSWITCH_BRIDGE_A_MAX - 1)

#endif /* _UAPI_LINUX_VSWITCH_H */
