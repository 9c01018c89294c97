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
 * VSWITCH_CMD_PORT_NEW
 * --------------------
 *
 *   Adds a port to a bridge.
 *
 *     VSWITCH_PORT_A_BRIDGE: NUL-terminated string, required: the bridge
 *     VSWITCH_PORT_A_NAME:   NUL-terminated string, required: for a netdev
 *                            port, an Ethernet device of the bridge's
 *                            namespace that nothing else has enslaved; for
 *                            an internal port, the name of the network
 *                            device to create
 *     VSWITCH_PORT_A_TYPE:   u32, enum vswitch_port_type; default netdev
 *     VSWITCH_PORT_A_NUMBER: u32, 1 to VSWITCH_PORT_MAX, free on the bridge;
 *                            default: the lowest free number
 *     VSWITCH_PORT_A_TAG:    u16, 1 to 4094: an access port of that VLAN
 *     VSWITCH_PORT_A_TRUNKS: VSWITCH_VLAN_BITMAP_LEN bytes, bit N (byte N / 8,
 *                            bit N % 8) set for each VLAN N the trunk
 *                            carries; VLANs 1 to 4094 only. A port has a
 *                            tag, trunks, or neither (it carries every VLAN
 *                            as received), never both.
 *
 *     VSWITCH_PORT_A_ISOLATED: u8, 0 or 1: an isolated port never sends
 *                            to another isolated port (split horizon)
 *
 *   Tunnel ports (VSWITCH_PORT_TYPE_VXLAN and _GRE) have a name that no
 *   network device and no other port of the namespace has, and:
 *
 *     VSWITCH_PORT_A_REMOTE: 4 bytes (IPv4) or 16 bytes (IPv6), network
 *                            order, required: a unicast address
 *     VSWITCH_PORT_A_LOCAL:  optional, the same family as the remote and
 *                            not equal to it; received packets must be sent
 *                            to it, and sent ones come from it. Without it,
 *                            any local address, and the route chooses.
 *     VSWITCH_PORT_A_KEY:    u32: the VNI, 0 to 0xffffff (default 0), or the
 *                            GRE key (default: no key field)
 *     VSWITCH_PORT_A_DSTPORT: u16, VXLAN only: the UDP port, 1 to 65535,
 *                            default 4789
 *     VSWITCH_PORT_A_TTL:    u8, 0 (default) takes the route's hop limit
 *     VSWITCH_PORT_A_TOS:    u8, the outer TOS/traffic class; 1 inherits
 *                            the inner packet's (as "ip link ... tos
 *                            inherit" does); default 0
 *     VSWITCH_PORT_A_DF:     u8, VXLAN only, enum vswitch_tunnel_df
 *     VSWITCH_PORT_A_CSUM:   u8, 0 or 1: outer UDP checksum or GRE checksum;
 *                            default 1 for VXLAN over IPv6, else 0
 *
 *   Received packets are delivered to the tunnel port whose type, dstport,
 *   remote, key and local (or no local) match them; any other is dropped
 *   and counted in rx_dropped of the shared receive device (see
 *   Documentation/tunnels.rst). GRE over IPv6 uses an ip6gretap device in
 *   external mode named vsw-gre6, which userspace creates (vswctl does):
 *   without it, -ENODEV.
 *
 *   Errors: -ENODEV (no such bridge or device), -EBUSY (device enslaved),
 *   -EEXIST (number or name taken, or the same tunnel exists),
 *   -EADDRINUSE (the UDP port or GRE receive is someone else's),
 *   -EOPNOTSUPP (loopback, not Ethernet, a bridge's internal port),
 *   -EINVAL, -ENOSPC (no free number), -ENOMEM.
 *
 * VSWITCH_CMD_PORT_DEL
 * --------------------
 *
 *     VSWITCH_PORT_A_NAME:   the port, required
 *     VSWITCH_PORT_A_BRIDGE: optional; if given, the port must be on it
 *
 *   Removes the port: a netdev port's device is given back as it was, an
 *   internal port's device is deleted. The LOCAL port cannot be removed.
 *
 * VSWITCH_CMD_PORT_GET
 * --------------------
 *
 *   As a request: VSWITCH_PORT_A_NAME. As a dump: every port of
 *   VSWITCH_PORT_A_BRIDGE if given, else of every bridge; NLM_F_DUMP_INTR
 *   as for bridges. Each reply carries VSWITCH_PORT_A_BRIDGE, _NAME,
 *   _IFINDEX, _NUMBER (VSWITCH_PORT_LOCAL for the bridge's own port),
 *   _TYPE, _TAG and _TRUNKS if set, _ISOLATED, _STATS (enum
 *   vswitch_port_stats), and for tunnel ports every tunnel attribute, with
 *   defaults filled in (no _KEY for GRE without a key); a tunnel port's
 *   _IFINDEX is the shared receive device's.
 *
 * VSWITCH_CMD_PORT_SET
 * --------------------
 *
 *     VSWITCH_PORT_A_NAME:   the port, required
 *     VSWITCH_PORT_A_BRIDGE: optional, as for VSWITCH_CMD_PORT_DEL
 *     VSWITCH_PORT_A_TAG:    u16, 0 to 4094; 0 removes the tag
 *     VSWITCH_PORT_A_TRUNKS: as for VSWITCH_CMD_PORT_NEW; all zero removes
 *                            the trunks
 *
 *     VSWITCH_PORT_A_ISOLATED: u8, 0 or 1
 *
 *   The result must not have both a tag and trunks. Tunnel options are
 *   fixed when the port is added.
 *
 * VSWITCH_CMD_FDB_GET (dump only)
 * -------------------------------
 *
 *     VSWITCH_FDB_A_BRIDGE:  the bridge, required
 *
 *   One message per learned address: VSWITCH_FDB_A_PORT (port number),
 *   _VLAN, _MAC and _AGE (seconds since a frame last came from it). The
 *   table changes with every frame, so a dump is a best-effort snapshot
 *   and is never flagged NLM_F_DUMP_INTR.
 *
 * VSWITCH_CMD_FDB_FLUSH
 * ---------------------
 *
 *     VSWITCH_FDB_A_BRIDGE:  the bridge, required
 *
 *   Forgets every learned address of the bridge.
 *
 * Bridge settings and statistics
 * ------------------------------
 *
 *   VSWITCH_CMD_BRIDGE_NEW and _SET also take:
 *
 *     VSWITCH_BRIDGE_A_FDB_AGING: u32, 1 to 1000000 seconds (default 300)
 *     VSWITCH_BRIDGE_A_FDB_MAX:   u32, 1 to 1048576 entries (default 8192)
 *
 *   and replies also carry them, VSWITCH_BRIDGE_A_FDB_COUNT (u32) and
 *   VSWITCH_BRIDGE_A_STATS (enum vswitch_bridge_stats), both read-only.
 *
 * Port notifications
 * ------------------
 *
 *   VSWITCH_CMD_PORT_NEW, _SET and _DEL go to VSWITCH_MCGRP_CONFIG, laid out
 *   as a reply to VSWITCH_CMD_PORT_GET, also when a port goes away because
 *   its device was deleted or moved to another namespace.
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
	VSWITCH_CMD_PORT_NEW,
	VSWITCH_CMD_PORT_DEL,
	VSWITCH_CMD_PORT_GET,
	VSWITCH_CMD_PORT_SET,
	VSWITCH_CMD_FDB_GET,
	VSWITCH_CMD_FDB_FLUSH,

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
	VSWITCH_BRIDGE_A_FDB_AGING,
	VSWITCH_BRIDGE_A_FDB_MAX,
	VSWITCH_BRIDGE_A_FDB_COUNT,
	VSWITCH_BRIDGE_A_STATS,

	__VSWITCH_BRIDGE_A_MAX
};

#define VSWITCH_BRIDGE_A_MAX (__VSWITCH_BRIDGE_A_MAX - 1)

/* Nested in VSWITCH_BRIDGE_A_STATS; each a u64 counted since creation. */
enum vswitch_bridge_stats {
	VSWITCH_BRIDGE_STATS_UNSPEC,
	VSWITCH_BRIDGE_STATS_PAD,
	VSWITCH_BRIDGE_STATS_SWITCHED,	/* sent to the one learned port */
	VSWITCH_BRIDGE_STATS_FLOODED,	/* sent to every port of the VLAN */
	VSWITCH_BRIDGE_STATS_LEARNED,	/* addresses learned */
	VSWITCH_BRIDGE_STATS_MOVED,	/* addresses seen on another port */
	VSWITCH_BRIDGE_STATS_FDB_FULL,	/* addresses not learned: table full */
	VSWITCH_BRIDGE_STATS_DROP_VLAN,	/* VLAN not allowed on the input port */
	VSWITCH_BRIDGE_STATS_DROP_SOURCE, /* multicast or zero source MAC */
	VSWITCH_BRIDGE_STATS_DROP_SAME_PORT, /* destination is the input port */
	VSWITCH_BRIDGE_STATS_DROP_NO_PORT, /* no other port in the VLAN */
	VSWITCH_BRIDGE_STATS_DROP_PORT_DOWN, /* output device down */
	VSWITCH_BRIDGE_STATS_DROP_TOO_BIG, /* larger than the output's MTU */
	VSWITCH_BRIDGE_STATS_DROP_NOMEM, /* no memory for a copy */
	VSWITCH_BRIDGE_STATS_DROP_MALFORMED, /* broken 802.1Q header */
	VSWITCH_BRIDGE_STATS_DROP_ISOLATED, /* isolated port to isolated port */

	__VSWITCH_BRIDGE_STATS_MAX
};

#define VSWITCH_BRIDGE_STATS_MAX (__VSWITCH_BRIDGE_STATS_MAX - 1)

enum vswitch_port_type {
	VSWITCH_PORT_TYPE_UNSPEC,
	VSWITCH_PORT_TYPE_NETDEV,	/* an existing device, attached */
	VSWITCH_PORT_TYPE_INTERNAL,	/* a device of the switch's own */
	VSWITCH_PORT_TYPE_VXLAN,	/* a VXLAN tunnel to one remote */
	VSWITCH_PORT_TYPE_GRE,		/* Ethernet over GRE to one remote */

	__VSWITCH_PORT_TYPE_MAX
};

#define VSWITCH_PORT_TYPE_MAX (__VSWITCH_PORT_TYPE_MAX - 1)

/* Port numbers, as in OpenFlow: 1 to VSWITCH_PORT_MAX, and LOCAL. */
#define VSWITCH_PORT_MAX	0xfeff
#define VSWITCH_PORT_LOCAL	0xfffe

/* VSWITCH_PORT_A_TRUNKS: one bit per VLAN ID, 0 to 4095. */
#define VSWITCH_VLAN_BITMAP_LEN	(4096 / 8)

enum vswitch_port_attr {
	VSWITCH_PORT_A_UNSPEC,
	VSWITCH_PORT_A_PAD,
	VSWITCH_PORT_A_BRIDGE,
	VSWITCH_PORT_A_NAME,
	VSWITCH_PORT_A_IFINDEX,
	VSWITCH_PORT_A_NUMBER,
	VSWITCH_PORT_A_TYPE,
	VSWITCH_PORT_A_TAG,
	VSWITCH_PORT_A_TRUNKS,
	VSWITCH_PORT_A_STATS,
	VSWITCH_PORT_A_ISOLATED,
	VSWITCH_PORT_A_REMOTE,
	VSWITCH_PORT_A_LOCAL,
	VSWITCH_PORT_A_KEY,
	VSWITCH_PORT_A_DSTPORT,
	VSWITCH_PORT_A_TTL,
	VSWITCH_PORT_A_TOS,
	VSWITCH_PORT_A_DF,
	VSWITCH_PORT_A_CSUM,

	__VSWITCH_PORT_A_MAX
};

#define VSWITCH_PORT_A_MAX (__VSWITCH_PORT_A_MAX - 1)

/* VSWITCH_PORT_A_TOS: take the inner packet's TOS (the Linux convention). */
#define VSWITCH_TOS_INHERIT	1

/* VSWITCH_PORT_A_DF: the outer IPv4 header's Don't Fragment bit. */
enum vswitch_tunnel_df {
	VSWITCH_DF_UNSET,		/* default: the outer packet may be fragmented */
	VSWITCH_DF_SET,
	VSWITCH_DF_INHERIT,		/* as the inner IPv4 packet's */

	__VSWITCH_DF_MAX
};

#define VSWITCH_DF_MAX (__VSWITCH_DF_MAX - 1)

#define VSWITCH_VXLAN_DEFAULT_PORT	4789

/*
 * Nested in VSWITCH_PORT_A_STATS; u64 each, seen from the switch: rx is
 * what the switch took in from the port, tx what it sent out of it. Bytes
 * are whole Ethernet frames, without an 802.1Q tag held outside the data.
 */
enum vswitch_port_stats {
	VSWITCH_PORT_STATS_UNSPEC,
	VSWITCH_PORT_STATS_PAD,
	VSWITCH_PORT_STATS_RX_PACKETS,
	VSWITCH_PORT_STATS_RX_BYTES,
	VSWITCH_PORT_STATS_TX_PACKETS,
	VSWITCH_PORT_STATS_TX_BYTES,
	VSWITCH_PORT_STATS_RX_DROPPED,	/* dropped by the switch on input */
	VSWITCH_PORT_STATS_TX_DROPPED,	/* could not be sent: down, too big */
	VSWITCH_PORT_STATS_RX_ERRORS,	/* malformed on input */
	VSWITCH_PORT_STATS_TX_ERRORS,	/* refused by the device */

	__VSWITCH_PORT_STATS_MAX
};

#define VSWITCH_PORT_STATS_MAX (__VSWITCH_PORT_STATS_MAX - 1)

enum vswitch_fdb_attr {
	VSWITCH_FDB_A_UNSPEC,
	VSWITCH_FDB_A_PAD,
	VSWITCH_FDB_A_BRIDGE,
	VSWITCH_FDB_A_PORT,
	VSWITCH_FDB_A_VLAN,
	VSWITCH_FDB_A_MAC,
	VSWITCH_FDB_A_AGE,

	__VSWITCH_FDB_A_MAX
};

#define VSWITCH_FDB_A_MAX (__VSWITCH_FDB_A_MAX - 1)

#endif /* _UAPI_LINUX_VSWITCH_H */
