/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OpenFlow wire formats vswagent speaks: OpenFlow 1.3 (wire version
 * 0x04, OpenFlow Switch Specification 1.3.5, ONF TS-023) and OpenFlow 1.0
 * (wire version 0x01, OpenFlow Switch Specification 1.0.0). Written from
 * the specifications' structure definitions; the section named before
 * each group is where to check it.
 *
 * Every multi-byte field is big-endian on the wire. The structures are
 * packed and are never laid over a receive buffer: the codec copies the
 * fixed part of a message into one (ofp_codec.c), so that neither the
 * alignment of the buffer nor the host's byte order matters. Each size is
 * asserted against the figure the specification gives.
 */
#ifndef VSW_OFP_H
#define VSW_OFP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#define OFP_ASSERT(expr) _Static_assert(expr, #expr)
#define OFP_PACKED __attribute__((packed))

/* ---- Both versions: the header (1.3.5 7.1, 1.0.0 5.1) ---- */

#define OFP10_VERSION	0x01
#define OFP13_VERSION	0x04

struct ofp_header {
	__u8 version;
	__u8 type;
	__be16 length;		/* including this header */
	__be32 xid;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp_header) == 8);

/* Every OpenFlow structure is padded to a multiple of 8 bytes. */
#define OFP_ALIGN8(n)	(((n) + 7) / 8 * 8)

/* ---- OpenFlow 1.3 message types (1.3.5 7.1) ---- */

enum ofp13_type {
	OFPT13_HELLO = 0,
	OFPT13_ERROR = 1,
	OFPT13_ECHO_REQUEST = 2,
	OFPT13_ECHO_REPLY = 3,
	OFPT13_EXPERIMENTER = 4,
	OFPT13_FEATURES_REQUEST = 5,
	OFPT13_FEATURES_REPLY = 6,
	OFPT13_GET_CONFIG_REQUEST = 7,
	OFPT13_GET_CONFIG_REPLY = 8,
	OFPT13_SET_CONFIG = 9,
	OFPT13_PACKET_IN = 10,
	OFPT13_FLOW_REMOVED = 11,
	OFPT13_PORT_STATUS = 12,
	OFPT13_PACKET_OUT = 13,
	OFPT13_FLOW_MOD = 14,
	OFPT13_GROUP_MOD = 15,
	OFPT13_PORT_MOD = 16,
	OFPT13_TABLE_MOD = 17,
	OFPT13_MULTIPART_REQUEST = 18,
	OFPT13_MULTIPART_REPLY = 19,
	OFPT13_BARRIER_REQUEST = 20,
	OFPT13_BARRIER_REPLY = 21,
	OFPT13_QUEUE_GET_CONFIG_REQUEST = 22,
	OFPT13_QUEUE_GET_CONFIG_REPLY = 23,
	OFPT13_ROLE_REQUEST = 24,
	OFPT13_ROLE_REPLY = 25,
	OFPT13_GET_ASYNC_REQUEST = 26,
	OFPT13_GET_ASYNC_REPLY = 27,
	OFPT13_SET_ASYNC = 28,
	OFPT13_METER_MOD = 29,
};

/* ---- OpenFlow 1.0 message types (1.0.0 5.1) ---- */

enum ofp10_type {
	OFPT10_HELLO = 0,
	OFPT10_ERROR = 1,
	OFPT10_ECHO_REQUEST = 2,
	OFPT10_ECHO_REPLY = 3,
	OFPT10_VENDOR = 4,
	OFPT10_FEATURES_REQUEST = 5,
	OFPT10_FEATURES_REPLY = 6,
	OFPT10_GET_CONFIG_REQUEST = 7,
	OFPT10_GET_CONFIG_REPLY = 8,
	OFPT10_SET_CONFIG = 9,
	OFPT10_PACKET_IN = 10,
	OFPT10_FLOW_REMOVED = 11,
	OFPT10_PORT_STATUS = 12,
	OFPT10_PACKET_OUT = 13,
	OFPT10_FLOW_MOD = 14,
	OFPT10_PORT_MOD = 15,
	OFPT10_STATS_REQUEST = 16,
	OFPT10_STATS_REPLY = 17,
	OFPT10_BARRIER_REQUEST = 18,
	OFPT10_BARRIER_REPLY = 19,
	OFPT10_QUEUE_GET_CONFIG_REQUEST = 20,
	OFPT10_QUEUE_GET_CONFIG_REPLY = 21,
};

/* ---- HELLO elements (1.3.5 7.5.1); 1.0 HELLO has no body ---- */

enum ofp_hello_elem_type {
	OFPHET_VERSIONBITMAP = 1,
};

struct ofp_hello_elem_header {
	__be16 type;
	__be16 length;		/* with this header, without padding */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp_hello_elem_header) == 4);

/* ---- ERROR (1.3.5 7.4.4, 1.0.0 5.4.4) ---- */

struct ofp_error_msg {
	struct ofp_header header;
	__be16 type;
	__be16 code;
	/* data: ASCII text for HELLO_FAILED, else the failed request */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp_error_msg) == 12);

/* The most of the failed request an ERROR carries. */
#define OFP_ERROR_DATA_MAX	64

enum ofp13_error_type {
	OFPET13_HELLO_FAILED = 0,
	OFPET13_BAD_REQUEST = 1,
	OFPET13_BAD_ACTION = 2,
	OFPET13_BAD_INSTRUCTION = 3,
	OFPET13_BAD_MATCH = 4,
	OFPET13_FLOW_MOD_FAILED = 5,
	OFPET13_GROUP_MOD_FAILED = 6,
	OFPET13_PORT_MOD_FAILED = 7,
	OFPET13_TABLE_MOD_FAILED = 8,
	OFPET13_QUEUE_OP_FAILED = 9,
	OFPET13_SWITCH_CONFIG_FAILED = 10,
	OFPET13_ROLE_REQUEST_FAILED = 11,
	OFPET13_METER_MOD_FAILED = 12,
	OFPET13_TABLE_FEATURES_FAILED = 13,
	OFPET13_EXPERIMENTER = 0xffff,
};

/* OFPET_HELLO_FAILED, the same in 1.0 and 1.3. */
enum ofp_hello_failed_code {
	OFPHFC_INCOMPATIBLE = 0,
	OFPHFC_EPERM = 1,
};

enum ofp13_bad_request_code {
	OFPBRC13_BAD_VERSION = 0,
	OFPBRC13_BAD_TYPE = 1,
	OFPBRC13_BAD_MULTIPART = 2,
	OFPBRC13_BAD_EXPERIMENTER = 3,
	OFPBRC13_BAD_EXP_TYPE = 4,
	OFPBRC13_EPERM = 5,
	OFPBRC13_BAD_LEN = 6,
	OFPBRC13_BUFFER_EMPTY = 7,
	OFPBRC13_BUFFER_UNKNOWN = 8,
	OFPBRC13_BAD_TABLE_ID = 9,
	OFPBRC13_IS_SLAVE = 10,
	OFPBRC13_BAD_PORT = 11,
	OFPBRC13_BAD_PACKET = 12,
	OFPBRC13_MULTIPART_BUFFER_OVERFLOW = 13,
};

enum ofp13_bad_action_code {
	OFPBAC13_BAD_TYPE = 0,
	OFPBAC13_BAD_LEN = 1,
	OFPBAC13_BAD_EXPERIMENTER = 2,
	OFPBAC13_BAD_EXP_TYPE = 3,
	OFPBAC13_BAD_OUT_PORT = 4,
	OFPBAC13_BAD_ARGUMENT = 5,
	OFPBAC13_EPERM = 6,
	OFPBAC13_TOO_MANY = 7,
	OFPBAC13_BAD_QUEUE = 8,
	OFPBAC13_BAD_OUT_GROUP = 9,
	OFPBAC13_MATCH_INCONSISTENT = 10,
	OFPBAC13_UNSUPPORTED_ORDER = 11,
	OFPBAC13_BAD_TAG = 12,
	OFPBAC13_BAD_SET_TYPE = 13,
	OFPBAC13_BAD_SET_LEN = 14,
	OFPBAC13_BAD_SET_ARGUMENT = 15,
};

enum ofp13_bad_instruction_code {
	OFPBIC13_UNKNOWN_INST = 0,
	OFPBIC13_UNSUP_INST = 1,
	OFPBIC13_BAD_TABLE_ID = 2,
	OFPBIC13_UNSUP_METADATA = 3,
	OFPBIC13_UNSUP_METADATA_MASK = 4,
	OFPBIC13_BAD_EXPERIMENTER = 5,
	OFPBIC13_BAD_EXP_TYPE = 6,
	OFPBIC13_BAD_LEN = 7,
	OFPBIC13_EPERM = 8,
};

enum ofp13_bad_match_code {
	OFPBMC13_BAD_TYPE = 0,
	OFPBMC13_BAD_LEN = 1,
	OFPBMC13_BAD_TAG = 2,
	OFPBMC13_BAD_DL_ADDR_MASK = 3,
	OFPBMC13_BAD_NW_ADDR_MASK = 4,
	OFPBMC13_BAD_WILDCARDS = 5,
	OFPBMC13_BAD_FIELD = 6,
	OFPBMC13_BAD_VALUE = 7,
	OFPBMC13_BAD_MASK = 8,
	OFPBMC13_BAD_PREREQ = 9,
	OFPBMC13_DUP_FIELD = 10,
	OFPBMC13_EPERM = 11,
};

enum ofp13_flow_mod_failed_code {
	OFPFMFC13_UNKNOWN = 0,
	OFPFMFC13_TABLE_FULL = 1,
	OFPFMFC13_BAD_TABLE_ID = 2,
	OFPFMFC13_OVERLAP = 3,
	OFPFMFC13_EPERM = 4,
	OFPFMFC13_BAD_TIMEOUT = 5,
	OFPFMFC13_BAD_COMMAND = 6,
	OFPFMFC13_BAD_FLAGS = 7,
};

enum ofp13_switch_config_failed_code {
	OFPSCFC13_BAD_FLAGS = 0,
	OFPSCFC13_BAD_LEN = 1,
	OFPSCFC13_EPERM = 2,
};

enum ofp10_error_type {
	OFPET10_HELLO_FAILED = 0,
	OFPET10_BAD_REQUEST = 1,
	OFPET10_BAD_ACTION = 2,
	OFPET10_FLOW_MOD_FAILED = 3,
	OFPET10_PORT_MOD_FAILED = 4,
	OFPET10_QUEUE_OP_FAILED = 5,
};

enum ofp10_bad_request_code {
	OFPBRC10_BAD_VERSION = 0,
	OFPBRC10_BAD_TYPE = 1,
	OFPBRC10_BAD_STAT = 2,
	OFPBRC10_BAD_VENDOR = 3,
	OFPBRC10_BAD_SUBTYPE = 4,
	OFPBRC10_EPERM = 5,
	OFPBRC10_BAD_LEN = 6,
	OFPBRC10_BUFFER_EMPTY = 7,
	OFPBRC10_BUFFER_UNKNOWN = 8,
};

enum ofp10_bad_action_code {
	OFPBAC10_BAD_TYPE = 0,
	OFPBAC10_BAD_LEN = 1,
	OFPBAC10_BAD_VENDOR = 2,
	OFPBAC10_BAD_VENDOR_TYPE = 3,
	OFPBAC10_BAD_OUT_PORT = 4,
	OFPBAC10_BAD_ARGUMENT = 5,
	OFPBAC10_EPERM = 6,
	OFPBAC10_TOO_MANY = 7,
	OFPBAC10_BAD_QUEUE = 8,
};

enum ofp10_flow_mod_failed_code {
	OFPFMFC10_ALL_TABLES_FULL = 0,
	OFPFMFC10_OVERLAP = 1,
	OFPFMFC10_EPERM = 2,
	OFPFMFC10_BAD_EMERG_TIMEOUT = 3,
	OFPFMFC10_BAD_COMMAND = 4,
	OFPFMFC10_UNSUPPORTED = 5,
};

/* ---- Port numbers (1.3.5 7.2.1, 1.0.0 5.2.1) ---- */

enum ofp13_port_no {
	OFPP13_MAX = 0xffffff00,
	OFPP13_IN_PORT = 0xfffffff8,
	OFPP13_TABLE = 0xfffffff9,
	OFPP13_NORMAL = 0xfffffffa,
	OFPP13_FLOOD = 0xfffffffb,
	OFPP13_ALL = 0xfffffffc,
	OFPP13_CONTROLLER = 0xfffffffd,
	OFPP13_LOCAL = 0xfffffffe,
	OFPP13_ANY = 0xffffffff,
};

enum ofp10_port_no {
	OFPP10_MAX = 0xff00,
	OFPP10_IN_PORT = 0xfff8,
	OFPP10_TABLE = 0xfff9,
	OFPP10_NORMAL = 0xfffa,
	OFPP10_FLOOD = 0xfffb,
	OFPP10_ALL = 0xfffc,
	OFPP10_CONTROLLER = 0xfffd,
	OFPP10_LOCAL = 0xfffe,
	OFPP10_NONE = 0xffff,
};

#define OFPTT_MAX	0xfe
#define OFPTT_ALL	0xff	/* deletes and flow stats: every table */
#define OFPG_ALL	0xfffffffc
#define OFPG_ANY	0xffffffff
#define OFP_NO_BUFFER	0xffffffff
#define OFP_DEFAULT_PRIORITY	0x8000
#define OFP_DEFAULT_MISS_SEND_LEN	128

/* OFPAT_OUTPUT max_len to the controller, 1.3 (1.3.5 7.2.5). */
#define OFPCML_MAX	0xffe5	/* the largest length that can be asked for */
#define OFPCML_NO_BUFFER 0xffff	/* the whole packet, not buffered */

/* ---- FEATURES_REPLY (1.3.5 7.3.1, 1.0.0 5.3.1) ---- */

enum ofp13_capabilities {
	OFPC13_FLOW_STATS = 1 << 0,
	OFPC13_TABLE_STATS = 1 << 1,
	OFPC13_PORT_STATS = 1 << 2,
	OFPC13_GROUP_STATS = 1 << 3,
	OFPC13_IP_REASM = 1 << 5,
	OFPC13_QUEUE_STATS = 1 << 6,
	OFPC13_PORT_BLOCKED = 1 << 8,
};

enum ofp10_capabilities {
	OFPC10_FLOW_STATS = 1 << 0,
	OFPC10_TABLE_STATS = 1 << 1,
	OFPC10_PORT_STATS = 1 << 2,
	OFPC10_STP = 1 << 3,
	OFPC10_RESERVED = 1 << 4,
	OFPC10_IP_REASM = 1 << 5,
	OFPC10_QUEUE_STATS = 1 << 6,
	OFPC10_ARP_MATCH_IP = 1 << 7,
};

struct ofp13_switch_features {
	struct ofp_header header;
	__be64 datapath_id;
	__be32 n_buffers;
	__u8 n_tables;
	__u8 auxiliary_id;
	__u8 pad[2];
	__be32 capabilities;
	__be32 reserved;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_switch_features) == 32);

struct ofp10_switch_features {
	struct ofp_header header;
	__be64 datapath_id;
	__be32 n_buffers;
	__u8 n_tables;
	__u8 pad[3];
	__be32 capabilities;
	__be32 actions;		/* bitmap of 1 << OFPAT10_* */
	/* struct ofp10_phy_port ports[] */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_switch_features) == 32);

/* ---- SWITCH_CONFIG (1.3.5 7.3.2, 1.0.0 5.3.2): the same in both ---- */

enum ofp_config_flags {
	OFPC_FRAG_NORMAL = 0,
	OFPC_FRAG_DROP = 1,
	OFPC_FRAG_REASM = 2,
	OFPC_FRAG_MASK = 3,
};

struct ofp_switch_config {
	struct ofp_header header;
	__be16 flags;
	__be16 miss_send_len;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp_switch_config) == 12);

/* ---- Ports (1.3.5 7.2.1 and 7.4.3, 1.0.0 5.2.1 and 5.4.3) ---- */

#define OFP_MAX_PORT_NAME_LEN	16
#define OFP_ETH_ALEN		6

enum ofp_port_config {		/* the bits both versions share */
	OFPPC_PORT_DOWN = 1 << 0,
	OFPPC_NO_RECV = 1 << 2,
	OFPPC_NO_FWD = 1 << 5,
	OFPPC_NO_PACKET_IN = 1 << 6,
};

enum ofp_port_state {
	OFPPS_LINK_DOWN = 1 << 0,
	OFPPS13_BLOCKED = 1 << 1,
	OFPPS13_LIVE = 1 << 2,
};

enum ofp_port_reason {
	OFPPR_ADD = 0,
	OFPPR_DELETE = 1,
	OFPPR_MODIFY = 2,
};

struct ofp13_port {
	__be32 port_no;
	__u8 pad[4];
	__u8 hw_addr[OFP_ETH_ALEN];
	__u8 pad2[2];
	char name[OFP_MAX_PORT_NAME_LEN];
	__be32 config;
	__be32 state;
	__be32 curr;
	__be32 advertised;
	__be32 supported;
	__be32 peer;
	__be32 curr_speed;	/* kbit/s */
	__be32 max_speed;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_port) == 64);

struct ofp10_phy_port {
	__be16 port_no;
	__u8 hw_addr[OFP_ETH_ALEN];
	char name[OFP_MAX_PORT_NAME_LEN];
	__be32 config;
	__be32 state;
	__be32 curr;
	__be32 advertised;
	__be32 supported;
	__be32 peer;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_phy_port) == 48);

struct ofp_port_status_head {	/* then struct ofp13_port or ofp10_phy_port */
	struct ofp_header header;
	__u8 reason;		/* OFPPR_* */
	__u8 pad[7];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp_port_status_head) + sizeof(struct ofp13_port) == 80);
OFP_ASSERT(sizeof(struct ofp_port_status_head) + sizeof(struct ofp10_phy_port) == 64);

/* ---- OpenFlow 1.3 match (1.3.5 7.2.3) ---- */

enum ofp13_match_type {
	OFPMT_STANDARD = 0,	/* deprecated: refused */
	OFPMT_OXM = 1,
};

/*
 * struct ofp_match of 1.3: type, then length, which counts these 4 bytes
 * and the OXM TLVs but not the zero padding after them that brings the
 * whole to a multiple of 8.
 */
struct ofp13_match_header {
	__be16 type;
	__be16 length;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_match_header) == 4);

enum ofp_oxm_class {
	OFPXMC_NXM_0 = 0x0000,
	OFPXMC_NXM_1 = 0x0001,
	OFPXMC_OPENFLOW_BASIC = 0x8000,
	OFPXMC_EXPERIMENTER = 0xffff,
};

/* An OXM header: class (16 bits), field (7), hasmask (1), length (8). */
#define OXM_HEADER(class, field, hasmask, len) \
	(((uint32_t)(class) << 16) | ((field) << 9) | ((hasmask) << 8) | (len))
#define OXM_CLASS(h)	((h) >> 16)
#define OXM_FIELD(h)	(((h) >> 9) & 0x7f)
#define OXM_HASMASK(h)	(((h) >> 8) & 1)
#define OXM_LENGTH(h)	((h) & 0xff)

enum oxm_ofb_match_fields {
	OFPXMT_OFB_IN_PORT = 0,		/* u32 */
	OFPXMT_OFB_IN_PHY_PORT = 1,
	OFPXMT_OFB_METADATA = 2,
	OFPXMT_OFB_ETH_DST = 3,		/* 6 bytes, maskable */
	OFPXMT_OFB_ETH_SRC = 4,		/* 6 bytes, maskable */
	OFPXMT_OFB_ETH_TYPE = 5,	/* u16 */
	OFPXMT_OFB_VLAN_VID = 6,	/* u16: OFPVID_PRESENT | VID, maskable */
	OFPXMT_OFB_VLAN_PCP = 7,	/* u8, 0-7 */
	OFPXMT_OFB_IP_DSCP = 8,		/* u8, 0-63 */
	OFPXMT_OFB_IP_ECN = 9,
	OFPXMT_OFB_IP_PROTO = 10,	/* u8 */
	OFPXMT_OFB_IPV4_SRC = 11,	/* 4 bytes, maskable */
	OFPXMT_OFB_IPV4_DST = 12,
	OFPXMT_OFB_TCP_SRC = 13,	/* u16 */
	OFPXMT_OFB_TCP_DST = 14,
	OFPXMT_OFB_UDP_SRC = 15,
	OFPXMT_OFB_UDP_DST = 16,
	OFPXMT_OFB_SCTP_SRC = 17,
	OFPXMT_OFB_SCTP_DST = 18,
	OFPXMT_OFB_ICMPV4_TYPE = 19,	/* u8 */
	OFPXMT_OFB_ICMPV4_CODE = 20,
	OFPXMT_OFB_ARP_OP = 21,		/* u16 */
	OFPXMT_OFB_ARP_SPA = 22,	/* 4 bytes, maskable */
	OFPXMT_OFB_ARP_TPA = 23,
	OFPXMT_OFB_ARP_SHA = 24,
	OFPXMT_OFB_ARP_THA = 25,
	OFPXMT_OFB_IPV6_SRC = 26,	/* 16 bytes, maskable */
	OFPXMT_OFB_IPV6_DST = 27,
	OFPXMT_OFB_IPV6_FLABEL = 28,
	OFPXMT_OFB_ICMPV6_TYPE = 29,	/* u8 */
	OFPXMT_OFB_ICMPV6_CODE = 30,
	OFPXMT_OFB_IPV6_ND_TARGET = 31,
	OFPXMT_OFB_IPV6_ND_SLL = 32,
	OFPXMT_OFB_IPV6_ND_TLL = 33,
	OFPXMT_OFB_MPLS_LABEL = 34,
	OFPXMT_OFB_MPLS_TC = 35,
	OFPXMT_OFB_MPLS_BOS = 36,
	OFPXMT_OFB_PBB_ISID = 37,
	OFPXMT_OFB_TUNNEL_ID = 38,	/* u64, maskable */
	OFPXMT_OFB_IPV6_EXTHDR = 39,
};

/*
 * Fields of class OFPXMC_NXM_1 that OpenFlow 1.3 has no basic field for
 * and the kernel matches: Open vSwitch's extensions, which ovs-ofctl
 * sends in 1.3 OXM (nicira-ext.h: NXM_NX_IP_TTL, NXM_NX_TUN_IPV4_SRC/DST).
 */
enum nxm1_match_fields {
	NXM1_IP_TTL = 29,		/* u8, needs IPv4 or IPv6 */
	NXM1_TUN_IPV4_SRC = 31,		/* 4 bytes, maskable */
	NXM1_TUN_IPV4_DST = 32,
};

enum ofp_vlan_id {
	OFPVID_NONE = 0x0000,		/* no 802.1Q tag */
	OFPVID_PRESENT = 0x1000,	/* a tag; the VID in the low 12 bits */
};

/* ---- OpenFlow 1.3 instructions (1.3.5 7.2.4) ---- */

enum ofp13_instruction_type {
	OFPIT13_GOTO_TABLE = 1,
	OFPIT13_WRITE_METADATA = 2,
	OFPIT13_WRITE_ACTIONS = 3,
	OFPIT13_APPLY_ACTIONS = 4,
	OFPIT13_CLEAR_ACTIONS = 5,
	OFPIT13_METER = 6,
	OFPIT13_EXPERIMENTER = 0xffff,
};

struct ofp13_instruction_header {
	__be16 type;
	__be16 len;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_instruction_header) == 4);

/* OFPIT_WRITE_ACTIONS, _APPLY_ACTIONS, _CLEAR_ACTIONS: then the actions. */
struct ofp13_instruction_actions {
	__be16 type;
	__be16 len;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_instruction_actions) == 8);

#define OFP13_INSTRUCTION_GOTO_TABLE_LEN	8
#define OFP13_INSTRUCTION_WRITE_METADATA_LEN	24
#define OFP13_INSTRUCTION_METER_LEN		8
#define OFP13_INSTRUCTION_EXPERIMENTER_LEN	8	/* at least */

/* ---- OpenFlow 1.3 actions (1.3.5 7.2.5) ---- */

enum ofp13_action_type {
	OFPAT13_OUTPUT = 0,
	OFPAT13_COPY_TTL_OUT = 11,
	OFPAT13_COPY_TTL_IN = 12,
	OFPAT13_SET_MPLS_TTL = 15,
	OFPAT13_DEC_MPLS_TTL = 16,
	OFPAT13_PUSH_VLAN = 17,
	OFPAT13_POP_VLAN = 18,
	OFPAT13_PUSH_MPLS = 19,
	OFPAT13_POP_MPLS = 20,
	OFPAT13_SET_QUEUE = 21,
	OFPAT13_GROUP = 22,
	OFPAT13_SET_NW_TTL = 23,
	OFPAT13_DEC_NW_TTL = 24,
	OFPAT13_SET_FIELD = 25,
	OFPAT13_PUSH_PBB = 26,
	OFPAT13_POP_PBB = 27,
	OFPAT13_EXPERIMENTER = 0xffff,
};

/* Also every action of 8 bytes with no argument (POP_VLAN, DEC_NW_TTL). */
struct ofp_action_header {
	__be16 type;
	__be16 len;		/* a multiple of 8, with this header */
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp_action_header) == 8);

struct ofp13_action_output {
	__be16 type;
	__be16 len;		/* 16 */
	__be32 port;
	__be16 max_len;
	__u8 pad[6];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_action_output) == 16);

struct ofp13_action_push {	/* PUSH_VLAN, PUSH_MPLS, PUSH_PBB */
	__be16 type;
	__be16 len;		/* 8 */
	__be16 ethertype;
	__u8 pad[2];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_action_push) == 8);

/*
 * OFPAT_SET_FIELD: type, len, then one OXM TLV without a mask, then zero
 * padding to a multiple of 8.
 */
#define OFP13_ACTION_SET_FIELD_HEAD	4

/* ---- OpenFlow 1.0 match and actions (1.0.0 5.2.3, 5.2.4) ---- */

enum ofp10_flow_wildcards {
	OFPFW10_IN_PORT = 1 << 0,
	OFPFW10_DL_VLAN = 1 << 1,
	OFPFW10_DL_SRC = 1 << 2,
	OFPFW10_DL_DST = 1 << 3,
	OFPFW10_DL_TYPE = 1 << 4,
	OFPFW10_NW_PROTO = 1 << 5,
	OFPFW10_TP_SRC = 1 << 6,
	OFPFW10_TP_DST = 1 << 7,
	/* How many low bits of nw_src are wildcarded; 32 and more: all. */
	OFPFW10_NW_SRC_SHIFT = 8,
	OFPFW10_NW_SRC_MASK = 0x3f << 8,
	OFPFW10_NW_DST_SHIFT = 14,
	OFPFW10_NW_DST_MASK = 0x3f << 14,
	OFPFW10_DL_VLAN_PCP = 1 << 20,
	OFPFW10_NW_TOS = 1 << 21,
	OFPFW10_ALL = (1 << 22) - 1,
};

#define OFP10_VLAN_NONE	0xffff

struct ofp10_match {
	__be32 wildcards;	/* OFPFW10_* */
	__be16 in_port;
	__u8 dl_src[OFP_ETH_ALEN];
	__u8 dl_dst[OFP_ETH_ALEN];
	__be16 dl_vlan;		/* or OFP10_VLAN_NONE */
	__u8 dl_vlan_pcp;
	__u8 pad1[1];
	__be16 dl_type;
	__u8 nw_tos;		/* the TOS byte: DSCP in the high 6 bits */
	__u8 nw_proto;		/* or the low 8 bits of the ARP opcode */
	__u8 pad2[2];
	__be32 nw_src;		/* or the ARP SPA */
	__be32 nw_dst;		/* or the ARP TPA */
	__be16 tp_src;		/* or the ICMP type */
	__be16 tp_dst;		/* or the ICMP code */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_match) == 40);

enum ofp10_action_type {
	OFPAT10_OUTPUT = 0,
	OFPAT10_SET_VLAN_VID = 1,
	OFPAT10_SET_VLAN_PCP = 2,
	OFPAT10_STRIP_VLAN = 3,
	OFPAT10_SET_DL_SRC = 4,
	OFPAT10_SET_DL_DST = 5,
	OFPAT10_SET_NW_SRC = 6,
	OFPAT10_SET_NW_DST = 7,
	OFPAT10_SET_NW_TOS = 8,
	OFPAT10_SET_TP_SRC = 9,
	OFPAT10_SET_TP_DST = 10,
	OFPAT10_ENQUEUE = 11,
	OFPAT10_VENDOR = 0xffff,
};

struct ofp10_action_output {
	__be16 type;
	__be16 len;		/* 8 */
	__be16 port;
	__be16 max_len;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_action_output) == 8);

/* SET_VLAN_VID (u16), SET_NW_SRC/DST (4 bytes), SET_NW_TOS (u8): 8 bytes. */
struct ofp10_action_arg {
	__be16 type;
	__be16 len;		/* 8 */
	__u8 arg[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_action_arg) == 8);

struct ofp10_action_dl_addr {
	__be16 type;
	__be16 len;		/* 16 */
	__u8 dl_addr[OFP_ETH_ALEN];
	__u8 pad[6];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_action_dl_addr) == 16);

#define OFP10_ACTION_ENQUEUE_LEN	16

/* ---- FLOW_MOD (1.3.5 7.3.4.2, 1.0.0 5.3.3) ---- */

enum ofp_flow_mod_command {	/* the same in both */
	OFPFC_ADD = 0,
	OFPFC_MODIFY = 1,
	OFPFC_MODIFY_STRICT = 2,
	OFPFC_DELETE = 3,
	OFPFC_DELETE_STRICT = 4,
};

enum ofp13_flow_mod_flags {
	OFPFF13_SEND_FLOW_REM = 1 << 0,
	OFPFF13_CHECK_OVERLAP = 1 << 1,
	OFPFF13_RESET_COUNTS = 1 << 2,
	OFPFF13_NO_PKT_COUNTS = 1 << 3,
	OFPFF13_NO_BYT_COUNTS = 1 << 4,
};

enum ofp10_flow_mod_flags {
	OFPFF10_SEND_FLOW_REM = 1 << 0,
	OFPFF10_CHECK_OVERLAP = 1 << 1,
	OFPFF10_EMERG = 1 << 2,
};

struct ofp13_flow_mod {
	struct ofp_header header;
	__be64 cookie;
	__be64 cookie_mask;
	__u8 table_id;
	__u8 command;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be16 priority;
	__be32 buffer_id;
	__be32 out_port;
	__be32 out_group;
	__be16 flags;
	__u8 pad[2];
	/* struct ofp_match (padded), then the instructions */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_flow_mod) + 8 == 56);

struct ofp10_flow_mod {
	struct ofp_header header;
	struct ofp10_match match;
	__be64 cookie;
	__be16 command;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be16 priority;
	__be32 buffer_id;
	__be16 out_port;
	__be16 flags;
	/* the actions */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_flow_mod) == 72);

/* ---- PACKET_IN (1.3.5 7.4.1, 1.0.0 5.4.1) ---- */

enum ofp_packet_in_reason {
	OFPR_NO_MATCH = 0,
	OFPR_ACTION = 1,
	OFPR13_INVALID_TTL = 2,
};

struct ofp13_packet_in {
	struct ofp_header header;
	__be32 buffer_id;
	__be16 total_len;
	__u8 reason;
	__u8 table_id;
	__be64 cookie;
	/* struct ofp_match (padded), 2 zero bytes, the frame */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_packet_in) + 8 == 32);

struct ofp10_packet_in {
	struct ofp_header header;
	__be32 buffer_id;
	__be16 total_len;
	__be16 in_port;
	__u8 reason;
	__u8 pad;
	/* the frame */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_packet_in) == 18);

/* ---- FLOW_REMOVED (1.3.5 7.4.2, 1.0.0 5.4.2) ---- */

enum ofp_flow_removed_reason {
	OFPRR_IDLE_TIMEOUT = 0,
	OFPRR_HARD_TIMEOUT = 1,
	OFPRR_DELETE = 2,
	OFPRR13_GROUP_DELETE = 3,
};

struct ofp13_flow_removed {
	struct ofp_header header;
	__be64 cookie;
	__be16 priority;
	__u8 reason;
	__u8 table_id;
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be64 packet_count;
	__be64 byte_count;
	/* struct ofp_match (padded) */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_flow_removed) + 8 == 56);

struct ofp10_flow_removed {
	struct ofp_header header;
	struct ofp10_match match;
	__be64 cookie;
	__be16 priority;
	__u8 reason;
	__u8 pad[1];
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 idle_timeout;
	__u8 pad2[2];
	__be64 packet_count;
	__be64 byte_count;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_flow_removed) == 88);

/* ---- PACKET_OUT (1.3.5 7.3.7, 1.0.0 5.3.6) ---- */

struct ofp13_packet_out {
	struct ofp_header header;
	__be32 buffer_id;
	__be32 in_port;
	__be16 actions_len;
	__u8 pad[6];
	/* the actions, then the frame */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_packet_out) == 24);

struct ofp10_packet_out {
	struct ofp_header header;
	__be32 buffer_id;
	__be16 in_port;
	__be16 actions_len;
	/* the actions, then the frame */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_packet_out) == 16);

/* ---- Multipart (1.3.5 7.3.5) and statistics (1.0.0 5.3.5) ---- */

enum ofp13_multipart_type {
	OFPMP13_DESC = 0,
	OFPMP13_FLOW = 1,
	OFPMP13_AGGREGATE = 2,
	OFPMP13_TABLE = 3,
	OFPMP13_PORT_STATS = 4,
	OFPMP13_QUEUE = 5,
	OFPMP13_GROUP = 6,
	OFPMP13_GROUP_DESC = 7,
	OFPMP13_GROUP_FEATURES = 8,
	OFPMP13_METER = 9,
	OFPMP13_METER_CONFIG = 10,
	OFPMP13_METER_FEATURES = 11,
	OFPMP13_TABLE_FEATURES = 12,
	OFPMP13_PORT_DESC = 13,
	OFPMP13_EXPERIMENTER = 0xffff,
};

#define OFPMPF13_MORE	(1 << 0)	/* REQ_MORE and REPLY_MORE */

struct ofp13_multipart_header {	/* request and reply */
	struct ofp_header header;
	__be16 type;
	__be16 flags;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_multipart_header) == 16);

struct ofp13_flow_stats_request {
	__u8 table_id;
	__u8 pad[3];
	__be32 out_port;
	__be32 out_group;
	__u8 pad2[4];
	__be64 cookie;
	__be64 cookie_mask;
	/* struct ofp_match (padded) */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_flow_stats_request) + 8 == 40);

struct ofp13_flow_stats {
	__be16 length;
	__u8 table_id;
	__u8 pad;
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 priority;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be16 flags;
	__u8 pad2[4];
	__be64 cookie;
	__be64 packet_count;
	__be64 byte_count;
	/* struct ofp_match (padded), then the instructions */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp13_flow_stats) + 8 == 56);

enum ofp10_stats_type {
	OFPST10_DESC = 0,
	OFPST10_FLOW = 1,
	OFPST10_AGGREGATE = 2,
	OFPST10_TABLE = 3,
	OFPST10_PORT = 4,
	OFPST10_QUEUE = 5,
	OFPST10_VENDOR = 0xffff,
};

#define OFPSF10_REPLY_MORE	(1 << 0)

struct ofp10_stats_header {	/* request and reply */
	struct ofp_header header;
	__be16 type;
	__be16 flags;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_stats_header) == 12);

struct ofp10_flow_stats_request {
	struct ofp10_match match;
	__u8 table_id;
	__u8 pad;
	__be16 out_port;
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_flow_stats_request) == 44);

struct ofp10_flow_stats {
	__be16 length;
	__u8 table_id;
	__u8 pad;
	struct ofp10_match match;
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 priority;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__u8 pad2[6];
	__be64 cookie;
	__be64 packet_count;
	__be64 byte_count;
	/* the actions */
} OFP_PACKED;
OFP_ASSERT(sizeof(struct ofp10_flow_stats) == 88);

#endif
