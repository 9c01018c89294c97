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
 *                            default: the next free number after the one
 *                            last given out, wrapping at VSWITCH_PORT_MAX,
 *                            so that a deleted port's number is the last
 *                            to be given out again
 *     VSWITCH_PORT_A_TAG:    u16, 1 to 4094: an access port of that VLAN
 *     VSWITCH_PORT_A_TRUNKS: VSWITCH_VLAN_BITMAP_LEN bytes, bit N (byte N / 8,
 *                            bit N % 8) set for each VLAN N the trunk
 *                            carries; VLANs 1 to 4094 only. A port has a
 *                            tag, trunks, or neither (it carries every VLAN
 *                            as received), never both.
 *
 *     VSWITCH_PORT_A_ISOLATED: u8, 0 or 1: an isolated port never sends
 *                            to another isolated port (split horizon)
 *     VSWITCH_PORT_A_OWNER:  NUL-terminated string, 1 to
 *                            VSWITCH_PORT_OWNER_LEN - 1 printable ASCII
 *                            characters other than space: what attached
 *                            the port and will detach it, such as
 *                            "libvirt:UUID" for a VM's tap. The kernel
 *                            only keeps and reports it; vswctl's save and
 *                            apply leave such ports to their owner. Fixed
 *                            when the port is added.
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
 *   The flows that name the port (in VSWITCH_MATCH_A_IN_PORT or in a
 *   VSWITCH_ACTION_A_OUTPUT) go with it, so that they never apply to a
 *   port that takes its number later.
 *
 * VSWITCH_CMD_PORT_GET
 * --------------------
 *
 *   As a request: VSWITCH_PORT_A_NAME. As a dump: every port of
 *   VSWITCH_PORT_A_BRIDGE if given, else of every bridge; NLM_F_DUMP_INTR
 *   as for bridges. Each reply carries VSWITCH_PORT_A_BRIDGE, _NAME,
 *   _IFINDEX, _NUMBER (VSWITCH_PORT_LOCAL for the bridge's own port),
 *   _TYPE, _TAG and _TRUNKS if set, _ISOLATED, _OWNER if set, _STATS (enum
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
 *   The result must not have both a tag and trunks. Tunnel options and
 *   the owner are fixed when the port is added.
 *
 * VSWITCH_CMD_FDB_GET (dump only)
 * -------------------------------
 *
 *     VSWITCH_FDB_A_BRIDGE:  the bridge, required
 *
 *   One message per learned address: VSWITCH_FDB_A_PORT (port number),
 *   _VLAN, _MAC and _AGE (seconds since a frame last came from it). The
 *   table changes with every frame, so a dump is a best-effort snapshot:
 *   an address learned or forgotten meanwhile may be missing or sent
 *   twice, and the dump is not flagged for it. It is flagged
 *   NLM_F_DUMP_INTR if the bridge was deleted and another one took its
 *   name between two messages, or if the table was resized meanwhile
 *   (the dump then ends there).
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
 * Flow table settings
 * -------------------
 *
 *   VSWITCH_CMD_BRIDGE_NEW and _SET also take, and replies carry:
 *
 *     VSWITCH_BRIDGE_A_MISS:   u8, enum vswitch_miss (default normal)
 *     VSWITCH_BRIDGE_A_FLOW_MAX: u32, 1 to 10000000 flows (default 200000)
 *     VSWITCH_BRIDGE_A_CONTROLLER_RATE: u32, 1 to 1000000 packet-ins a
 *                            second (default 1000)
 *
 *   and replies VSWITCH_BRIDGE_A_FLOW_COUNT (u32, read-only).
 *
 * Controllers and fail mode
 * -------------------------
 *
 *   VSWITCH_CMD_BRIDGE_NEW and _SET also take, and replies carry:
 *
 *     VSWITCH_BRIDGE_A_CONTROLLERS: nest of VSWITCH_CONTROLLER_A_TARGET,
 *                            the OpenFlow controllers of the bridge for
 *                            its agent (vswagent) to connect to or listen
 *                            on, in order; each a NUL-terminated string of
 *                            1 to VSWITCH_CONTROLLER_TARGET_LEN - 1
 *                            printable characters without spaces, that
 *                            starts with tcp:, ssl:, ptcp:, pssl:, unix: or
 *                            punix:; at most VSWITCH_CONTROLLERS_MAX, each
 *                            once. An empty nest removes them all. The
 *                            kernel keeps them with the bridge, so that
 *                            they outlive any agent.
 *     VSWITCH_BRIDGE_A_FAIL_MODE: u8, enum vswitch_fail_mode (default
 *                            standalone)
 *
 *   VSWITCH_CMD_BRIDGE_SET also takes, and replies carry:
 *
 *     VSWITCH_BRIDGE_A_CONNECTED: nest of VSWITCH_CONTROLLER_A_TARGET, the
 *                            controllers the agent is connected to now,
 *                            each one of VSWITCH_BRIDGE_A_CONTROLLERS
 *                            that connects out (tcp:, ssl:, unix:), once;
 *                            an empty nest for none. Replies carry it
 *                            while the bridge has controllers. The kernel
 *                            ties it to the socket that sent it: it is
 *                            emptied when that socket closes (the agent
 *                            died), and when another socket reports for
 *                            any bridge of the namespace (a new agent
 *                            took over); new VSWITCH_BRIDGE_A_CONTROLLERS
 *                            keep the connections of the targets they
 *                            keep. So an agent reports every bridge from
 *                            one socket that it keeps open, opened with
 *                            SOCK_CLOEXEC so that no child holds it, and
 *                            does not reopen it while running: a new
 *                            socket could take the closed one's port ID
 *                            and have its report forgotten with it.
 *
 *   While a bridge has controllers, its miss policy follows the fail mode
 *   (VSWITCH_BRIDGE_A_MISS reports it, and a request may not set it; the
 *   policy set last, which applies again without controllers, is in the
 *   replies' VSWITCH_BRIDGE_A_MISS_CONFIG):
 *   misses go to the controller (VSWITCH_MISS_CONTROLLER) while one is
 *   connected; with none, standalone forwards them as the learning switch
 *   (normal) and secure drops them; and if it has controllers to connect
 *   to (tcp:, ssl:, unix:), standalone forwards as normal what flows send
 *   to the controller too (VSWITCH_ACTION_A_CONTROLLER).
 *
 * VSWITCH_CMD_FLOW_NEW
 * --------------------
 *
 *     VSWITCH_FLOW_A_BRIDGE:   the bridge, required
 *     VSWITCH_FLOW_A_PRIORITY: u16, default 0x8000
 *     VSWITCH_FLOW_A_COOKIE:   u64, default 0
 *     VSWITCH_FLOW_A_IDLE_TIMEOUT, _HARD_TIMEOUT: u16 seconds, 0 for none
 *     VSWITCH_FLOW_A_FLAGS:    u32, VSWITCH_FLOW_F_*; default 0
 *     VSWITCH_FLOW_A_MATCH:    nest of enum vswitch_match_attr; absent or
 *                              empty matches every frame
 *     VSWITCH_FLOW_A_ACTIONS:  nest of enum vswitch_action_attr, required;
 *                              a VSWITCH_ACTION_A_SET_TUNNEL over 24 bits
 *                              before an output to a VXLAN port is refused,
 *                              and never sent by a VXLAN port
 *
 *   or, instead of the flow's own attributes, VSWITCH_FLOW_A_FLOWS: a nest
 *   of nests, each one flow as above (without _BRIDGE). A request's flows
 *   are added all or none. A flow with the match and priority of one in
 *   the table replaces it, with zero counters.
 *
 *   Errors: -ENODEV (no such bridge), -EINVAL (a missing prerequisite, an
 *   output port not on the bridge, a bad value: the extended ack says
 *   which), -ENOSPC (over VSWITCH_BRIDGE_A_FLOW_MAX), -ENOMEM.
 *
 * VSWITCH_CMD_FLOW_DEL, VSWITCH_CMD_FLOW_SET
 * ------------------------------------------
 *
 *   Delete, or give VSWITCH_FLOW_A_ACTIONS to, the flows selected by
 *   VSWITCH_FLOW_A_MATCH: every flow whose match is at least as specific,
 *   or with VSWITCH_FLOW_A_STRICT the one with that match and
 *   VSWITCH_FLOW_A_PRIORITY. VSWITCH_FLOW_A_COOKIE and _COOKIE_MASK
 *   select by cookie too. Selecting nothing is not an error. _SET keeps
 *   each flow's cookie, timeouts, flags and counters.
 *
 * VSWITCH_CMD_FLOW_GET (dump only)
 * --------------------------------
 *
 *   VSWITCH_FLOW_A_BRIDGE, and a filter as for _DEL. One message per flow
 *   with _PRIORITY, _COOKIE, _IDLE_TIMEOUT, _HARD_TIMEOUT, _FLAGS, _MATCH,
 *   _ACTIONS, _PACKETS, _BYTES, _DURATION and _IDLE_AGE (ms), oldest flow
 *   first. A dump that raced with a change of the table, or whose bridge
 *   was replaced by another of the same name, is flagged NLM_F_DUMP_INTR.
 *
 * VSWITCH_CMD_FLOW_TRACE
 * ----------------------
 *
 *   VSWITCH_FLOW_A_BRIDGE and VSWITCH_FLOW_A_MATCH describing a packet
 *   (fields not given are zero). The reply is the flow it takes, as for
 *   _GET, or VSWITCH_FLOW_A_MISS with the bridge's miss policy.
 *
 * VSWITCH_CMD_FLOW_REMOVED (notification)
 * ---------------------------------------
 *
 *   A flow added with VSWITCH_FLOW_F_SEND_REMOVED is announced to the
 *   VSWITCH_MCGRP_FLOWS group of its bridge's namespace when it goes
 *   because of a timeout, a VSWITCH_CMD_FLOW_DEL, or the deletion of a port
 *   it names: VSWITCH_FLOW_A_BRIDGE, VSWITCH_FLOW_A_REMOVED (enum
 *   vswitch_flow_removed_reason) and the flow as a reply to _GET carries
 *   it, with its counters at that moment (a frame that found the flow
 *   just before it went may still be counted after). A flow replaced by
 *   another of
 *   the same match and priority, or that goes with its bridge, is not
 *   announced. A listener that falls behind loses messages, as in any
 *   netlink group: its socket reports ENOBUFS.
 *
 * VSWITCH_CMD_PACKET_IN (notification)
 * ------------------------------------
 *
 *   Sent to the VSWITCH_MCGRP_PACKETS group of the bridge's namespace for
 *   the miss policy controller and the controller action:
 *   VSWITCH_FLOW_A_BRIDGE, _IN_PORT, _COOKIE (0 for a miss), _REASON,
 *   _TOTAL_LEN and _DATA (the frame from its Ethernet header, any 802.1Q
 *   tag in place, cut to the action's length, and to 65531 bytes, the
 *   most an attribute holds). At most
 *   VSWITCH_BRIDGE_A_CONTROLLER_RATE a second; the rest are counted, never
 *   queued.
 *
 * VSWITCH_CMD_PACKET_OUT
 * ----------------------
 *
 *     VSWITCH_FLOW_A_BRIDGE, _ACTIONS and _DATA (an Ethernet frame) are
 *     required; VSWITCH_FLOW_A_IN_PORT (default VSWITCH_PORT_LOCAL) is the
 *     port it is taken to have come in by.
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
	VSWITCH_CMD_FLOW_NEW,
	VSWITCH_CMD_FLOW_DEL,
	VSWITCH_CMD_FLOW_GET,
	VSWITCH_CMD_FLOW_SET,
	VSWITCH_CMD_FLOW_TRACE,
	VSWITCH_CMD_PACKET_IN,
	VSWITCH_CMD_PACKET_OUT,
	VSWITCH_CMD_FLOW_REMOVED,

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
	VSWITCH_BRIDGE_A_MISS,
	VSWITCH_BRIDGE_A_FLOW_MAX,
	VSWITCH_BRIDGE_A_FLOW_COUNT,
	VSWITCH_BRIDGE_A_CONTROLLER_RATE,
	VSWITCH_BRIDGE_A_CONTROLLERS,	/* nest: VSWITCH_CONTROLLER_A_TARGET */
	VSWITCH_BRIDGE_A_FAIL_MODE,	/* u8, enum vswitch_fail_mode */
	VSWITCH_BRIDGE_A_CONNECTED,	/* nest: VSWITCH_CONTROLLER_A_TARGET */
	VSWITCH_BRIDGE_A_MISS_CONFIG,	/* u8, enum vswitch_miss, read-only */

	__VSWITCH_BRIDGE_A_MAX
};

#define VSWITCH_BRIDGE_A_MAX (__VSWITCH_BRIDGE_A_MAX - 1)

/* Nested in VSWITCH_BRIDGE_A_CONTROLLERS and _CONNECTED. */
enum vswitch_controller_attr {
	VSWITCH_CONTROLLER_A_UNSPEC,
	VSWITCH_CONTROLLER_A_TARGET,	/* string, e.g. "tcp:192.0.2.1:6653" */

	__VSWITCH_CONTROLLER_A_MAX
};

#define VSWITCH_CONTROLLER_A_MAX (__VSWITCH_CONTROLLER_A_MAX - 1)

#define VSWITCH_CONTROLLERS_MAX		8
#define VSWITCH_CONTROLLER_TARGET_LEN	128	/* NUL included */

/* VSWITCH_BRIDGE_A_FAIL_MODE: misses while no controller is connected. */
enum vswitch_fail_mode {
	VSWITCH_FAIL_STANDALONE,	/* default: the learning switch */
	VSWITCH_FAIL_SECURE,		/* dropped */

	__VSWITCH_FAIL_MAX
};

#define VSWITCH_FAIL_MAX (__VSWITCH_FAIL_MAX - 1)

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
	VSWITCH_BRIDGE_STATS_FLOW_HIT,	/* a flow matched */
	VSWITCH_BRIDGE_STATS_FLOW_MISS,	/* no flow matched: the miss policy */
	VSWITCH_BRIDGE_STATS_DROP_FLOW,	/* a flow's actions sent it nowhere */
	VSWITCH_BRIDGE_STATS_DROP_MISS,	/* miss policy drop */
	VSWITCH_BRIDGE_STATS_DROP_TTL,	/* dec_ttl on a TTL of 0 or 1 */
	VSWITCH_BRIDGE_STATS_UPCALLS,	/* packet-in messages sent */
	VSWITCH_BRIDGE_STATS_UPCALL_LIMITED, /* over the controller rate */
	VSWITCH_BRIDGE_STATS_UPCALL_LOST, /* no listener, or no memory */
	VSWITCH_BRIDGE_STATS_DROP_LOOP,	/* a forwarding loop (see Documentation) */

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

/* VSWITCH_PORT_A_OWNER: the longest, with its NUL. */
#define VSWITCH_PORT_OWNER_LEN	64

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
	VSWITCH_PORT_A_OWNER,

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

/* The packets group: VSWITCH_CMD_PACKET_IN messages. */
#define VSWITCH_MCGRP_PACKETS	"packets"

/* VSWITCH_BRIDGE_A_MISS: what a frame no flow matches gets. */
enum vswitch_miss {
	VSWITCH_MISS_NORMAL,		/* default: the learning switch */
	VSWITCH_MISS_DROP,
	VSWITCH_MISS_CONTROLLER,	/* a packet-in, then dropped */

	__VSWITCH_MISS_MAX
};

#define VSWITCH_MISS_MAX (__VSWITCH_MISS_MAX - 1)

#define VSWITCH_FLOW_MAX_DEFAULT	200000
#define VSWITCH_CONTROLLER_RATE_DEFAULT	1000
/* The defaults of Open vSwitch and of the Linux bridge. */
#define VSWITCH_FDB_AGING_DEFAULT	300	/* seconds */
#define VSWITCH_FDB_MAX_DEFAULT		8192

/* VSWITCH_MATCH_A_DL_VLAN: frames without an 802.1Q tag (as OpenFlow). */
#define VSWITCH_VLAN_NONE		0xffff

enum vswitch_flow_attr {
	VSWITCH_FLOW_A_UNSPEC,
	VSWITCH_FLOW_A_PAD,
	VSWITCH_FLOW_A_BRIDGE,		/* string: the bridge */
	VSWITCH_FLOW_A_PRIORITY,	/* u16 */
	VSWITCH_FLOW_A_COOKIE,		/* u64 */
	VSWITCH_FLOW_A_COOKIE_MASK,	/* u64: del/set/dump filter */
	VSWITCH_FLOW_A_IDLE_TIMEOUT,	/* u16, seconds, 0: none */
	VSWITCH_FLOW_A_HARD_TIMEOUT,	/* u16, seconds, 0: none */
	VSWITCH_FLOW_A_MATCH,		/* nest: enum vswitch_match_attr */
	VSWITCH_FLOW_A_ACTIONS,		/* nest: enum vswitch_action_attr */
	VSWITCH_FLOW_A_STRICT,		/* flag: exact match and priority */
	VSWITCH_FLOW_A_PACKETS,		/* u64, read-only */
	VSWITCH_FLOW_A_BYTES,		/* u64, read-only */
	VSWITCH_FLOW_A_DURATION,	/* u64, ms since added, read-only */
	VSWITCH_FLOW_A_IDLE_AGE,	/* u64, ms since last hit, read-only */
	VSWITCH_FLOW_A_FLOWS,		/* nest of nests: a batch of flows */
	VSWITCH_FLOW_A_IN_PORT,		/* u32: packet-in, packet-out */
	VSWITCH_FLOW_A_DATA,		/* binary: the frame */
	VSWITCH_FLOW_A_TOTAL_LEN,	/* u32: the frame's length, read-only */
	VSWITCH_FLOW_A_REASON,		/* u8, enum vswitch_packet_in_reason */
	VSWITCH_FLOW_A_MISS,		/* u8: trace: no flow, the miss policy */
	VSWITCH_FLOW_A_COUNT,		/* u32: flows changed, read-only */
	VSWITCH_FLOW_A_FLAGS,		/* u32, VSWITCH_FLOW_F_* */
	VSWITCH_FLOW_A_REMOVED,		/* u8, enum vswitch_flow_removed_reason */

	__VSWITCH_FLOW_A_MAX
};

#define VSWITCH_FLOW_A_MAX (__VSWITCH_FLOW_A_MAX - 1)

/* VSWITCH_FLOW_A_FLAGS */
#define VSWITCH_FLOW_F_SEND_REMOVED	(1U << 0) /* announce its removal */
/* Installed by an OpenFlow controller through vswagent: configuration files
 * (vswctl save) leave it out, as the controller installs it again.
 */
#define VSWITCH_FLOW_F_CONTROLLER	(1U << 1)

/* The flows group: flow-removed notifications. */
#define VSWITCH_MCGRP_FLOWS	"flows"

/*
 * Why a flow went. The first three are OpenFlow's OFPRR_* numbers;
 * OpenFlow has no reason for the fourth (its 3 is OFPRR_GROUP_DELETE), so
 * an agent reports it as OFPRR_DELETE.
 */
enum vswitch_flow_removed_reason {
	VSWITCH_FLOW_REMOVED_IDLE_TIMEOUT,
	VSWITCH_FLOW_REMOVED_HARD_TIMEOUT,
	VSWITCH_FLOW_REMOVED_DELETE,	/* VSWITCH_CMD_FLOW_DEL */
	VSWITCH_FLOW_REMOVED_PORT,	/* a port it names was deleted */
};

enum vswitch_packet_in_reason {
	VSWITCH_PACKET_IN_MISS,		/* no flow matched */
	VSWITCH_PACKET_IN_ACTION,	/* a controller action */
};

/*
 * Match fields, the names of ovs-ofctl(8). Addresses, ports, DL_TYPE and
 * ARP_OP are in network order; IN_PORT, DL_VLAN, TUN_ID and the u8 fields
 * in host order. A _MASK attribute needs its
 * field; without one the field matches exactly. Prerequisites are those
 * of OpenFlow: NW_* need DL_TYPE 0x0800 (NW_PROTO, _TOS, _TTL also take
 * 0x86dd), IPV6_* need 0x86dd, ARP_* need 0x0806, TP_* need NW_PROTO 6,
 * 17 or 132, ICMP_* need NW_PROTO 1 (IPv4) or 58 (IPv6).
 */
enum vswitch_match_attr {
	VSWITCH_MATCH_A_UNSPEC,
	VSWITCH_MATCH_A_PAD,
	VSWITCH_MATCH_A_IN_PORT,	/* u32, a port number */
	VSWITCH_MATCH_A_DL_SRC,		/* 6 bytes */
	VSWITCH_MATCH_A_DL_SRC_MASK,
	VSWITCH_MATCH_A_DL_DST,
	VSWITCH_MATCH_A_DL_DST_MASK,
	VSWITCH_MATCH_A_DL_VLAN,	/* u16, 0-4095 or VSWITCH_VLAN_NONE */
	VSWITCH_MATCH_A_DL_VLAN_PCP,	/* u8, 0-7 */
	VSWITCH_MATCH_A_DL_TYPE,	/* u16 */
	VSWITCH_MATCH_A_NW_SRC,		/* 4 bytes */
	VSWITCH_MATCH_A_NW_SRC_MASK,
	VSWITCH_MATCH_A_NW_DST,
	VSWITCH_MATCH_A_NW_DST_MASK,
	VSWITCH_MATCH_A_NW_PROTO,	/* u8 */
	VSWITCH_MATCH_A_NW_TOS,		/* u8, the DSCP bits: low 2 bits 0 */
	VSWITCH_MATCH_A_NW_TTL,		/* u8 */
	VSWITCH_MATCH_A_IPV6_SRC,	/* 16 bytes */
	VSWITCH_MATCH_A_IPV6_SRC_MASK,
	VSWITCH_MATCH_A_IPV6_DST,
	VSWITCH_MATCH_A_IPV6_DST_MASK,
	VSWITCH_MATCH_A_TP_SRC,		/* u16 */
	VSWITCH_MATCH_A_TP_SRC_MASK,
	VSWITCH_MATCH_A_TP_DST,
	VSWITCH_MATCH_A_TP_DST_MASK,
	VSWITCH_MATCH_A_ICMP_TYPE,	/* u8 */
	VSWITCH_MATCH_A_ICMP_CODE,	/* u8 */
	VSWITCH_MATCH_A_ARP_SPA,	/* 4 bytes */
	VSWITCH_MATCH_A_ARP_SPA_MASK,
	VSWITCH_MATCH_A_ARP_TPA,
	VSWITCH_MATCH_A_ARP_TPA_MASK,
	VSWITCH_MATCH_A_ARP_OP,		/* u16 */
	VSWITCH_MATCH_A_TUN_ID,		/* u64 */
	VSWITCH_MATCH_A_TUN_ID_MASK,
	VSWITCH_MATCH_A_TUN_SRC,	/* 4 bytes: IPv4 tunnels only */
	VSWITCH_MATCH_A_TUN_SRC_MASK,
	VSWITCH_MATCH_A_TUN_DST,
	VSWITCH_MATCH_A_TUN_DST_MASK,

	__VSWITCH_MATCH_A_MAX
};

#define VSWITCH_MATCH_A_MAX (__VSWITCH_MATCH_A_MAX - 1)

/*
 * Actions, run in the order given. An empty VSWITCH_FLOW_A_ACTIONS drops.
 * LOCAL is VSWITCH_ACTION_A_OUTPUT of VSWITCH_PORT_LOCAL.
 */
enum vswitch_action_attr {
	VSWITCH_ACTION_A_UNSPEC,
	VSWITCH_ACTION_A_OUTPUT,	/* u32, a port number */
	VSWITCH_ACTION_A_NORMAL,	/* flag: the learning switch */
	VSWITCH_ACTION_A_FLOOD,		/* flag: every port but the input */
	VSWITCH_ACTION_A_ALL,		/* flag: the same, in OpenFlow 1.0 */
	VSWITCH_ACTION_A_IN_PORT,	/* flag: back out of the input port */
	VSWITCH_ACTION_A_CONTROLLER,	/* u16: bytes to send, 0 for all */
	VSWITCH_ACTION_A_MOD_VLAN_VID,	/* u16, 0-4095 */
	VSWITCH_ACTION_A_STRIP_VLAN,	/* flag */
	VSWITCH_ACTION_A_PUSH_VLAN,	/* u16, the TPID: 0x8100 or 0x88a8 */
	VSWITCH_ACTION_A_MOD_DL_SRC,	/* 6 bytes */
	VSWITCH_ACTION_A_MOD_DL_DST,	/* 6 bytes */
	VSWITCH_ACTION_A_MOD_NW_SRC,	/* 4 bytes */
	VSWITCH_ACTION_A_MOD_NW_DST,	/* 4 bytes */
	VSWITCH_ACTION_A_MOD_NW_TOS,	/* u8, the DSCP bits: low 2 bits 0 */
	VSWITCH_ACTION_A_DEC_TTL,	/* flag */
	VSWITCH_ACTION_A_SET_TUNNEL,	/* u32: the key of the next output */

	__VSWITCH_ACTION_A_MAX
};

#define VSWITCH_ACTION_A_MAX (__VSWITCH_ACTION_A_MAX - 1)

#endif /* _UAPI_LINUX_VSWITCH_H */
