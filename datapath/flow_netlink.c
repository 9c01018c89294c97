// SPDX-License-Identifier: GPL-2.0
/*
 * Flows to and from netlink attributes: matches, actions, whole flows and
 * the filters of requests. Only serialisation: the commands that use them
 * are in netlink.c, packet-in in datapath.c. A request is checked whole
 * here before the table changes, so a rejected one changes nothing.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/inet_ecn.h>
#include <net/sock.h>

#include "vswitch.h"

/* The most actions a flow may have. */
#define VSW_ACTIONS_MAX		64

/* OpenFlow's default priority. */
#define VSW_PRIORITY_DEFAULT	0x8000

/* The VSWITCH_FLOW_F_* flags this module knows. */
#define VSW_FLOW_F_ALL		(VSWITCH_FLOW_F_SEND_REMOVED | \
				 VSWITCH_FLOW_F_CONTROLLER)

/* What a match field needs the rest of the match to say. */
enum vsw_prereq {
	VSW_PRE_NONE,
	VSW_PRE_IP4,		/* dl_type 0x0800 */
	VSW_PRE_IP,		/* dl_type 0x0800 or 0x86dd */
	VSW_PRE_IP6,		/* dl_type 0x86dd */
	VSW_PRE_ARP,		/* dl_type 0x0806 */
	VSW_PRE_TP,		/* IP, nw_proto 6, 17 or 132 */
	VSW_PRE_ICMP,		/* IPv4 and nw_proto 1, or IPv6 and 58 */
};

/* How a field's attribute maps to the key. */
enum vsw_conv {
	VSW_CONV_COPY,		/* the same bytes */
	VSW_CONV_U8_BE16,	/* u8 attribute, __be16 in the key */
	VSW_CONV_U64_BE64,	/* u64 attribute, __be64 in the key */
};

struct vsw_field {
	u8 attr;
	u8 mask_attr;
	u8 offset;
	u8 len;
	u8 prereq;
	u8 conv;
	const char *prereq_msg;
};

static const struct vsw_field vsw_fields[] = {
	{
		.attr = VSWITCH_MATCH_A_IN_PORT,
		.offset = offsetof(struct vsw_key, in_port),
		.len = sizeof_field(struct vsw_key, in_port),
	},
	{
		.attr = VSWITCH_MATCH_A_DL_SRC,
		.mask_attr = VSWITCH_MATCH_A_DL_SRC_MASK,
		.offset = offsetof(struct vsw_key, dl_src),
		.len = sizeof_field(struct vsw_key, dl_src),
	},
	{
		.attr = VSWITCH_MATCH_A_DL_DST,
		.mask_attr = VSWITCH_MATCH_A_DL_DST_MASK,
		.offset = offsetof(struct vsw_key, dl_dst),
		.len = sizeof_field(struct vsw_key, dl_dst),
	},
	{
		.attr = VSWITCH_MATCH_A_DL_TYPE,
		.offset = offsetof(struct vsw_key, dl_type),
		.len = sizeof_field(struct vsw_key, dl_type),
	},
	{
		.attr = VSWITCH_MATCH_A_NW_SRC,
		.mask_attr = VSWITCH_MATCH_A_NW_SRC_MASK,
		.offset = offsetof(struct vsw_key, nw_src),
		.len = sizeof_field(struct vsw_key, nw_src),
		.prereq = VSW_PRE_IP4,
		.prereq_msg = "nw_src needs dl_type=0x0800 (ip)",
	},
	{
		.attr = VSWITCH_MATCH_A_NW_DST,
		.mask_attr = VSWITCH_MATCH_A_NW_DST_MASK,
		.offset = offsetof(struct vsw_key, nw_dst),
		.len = sizeof_field(struct vsw_key, nw_dst),
		.prereq = VSW_PRE_IP4,
		.prereq_msg = "nw_dst needs dl_type=0x0800 (ip)",
	},
	{
		.attr = VSWITCH_MATCH_A_NW_PROTO,
		.offset = offsetof(struct vsw_key, nw_proto),
		.len = sizeof_field(struct vsw_key, nw_proto),
		.prereq = VSW_PRE_IP,
		.prereq_msg = "nw_proto needs dl_type=0x0800 or 0x86dd (ip or ipv6)",
	},
	{
		.attr = VSWITCH_MATCH_A_NW_TOS,
		.offset = offsetof(struct vsw_key, nw_tos),
		.len = sizeof_field(struct vsw_key, nw_tos),
		.prereq = VSW_PRE_IP,
		.prereq_msg = "nw_tos needs dl_type=0x0800 or 0x86dd (ip or ipv6)",
	},
	{
		.attr = VSWITCH_MATCH_A_NW_TTL,
		.offset = offsetof(struct vsw_key, nw_ttl),
		.len = sizeof_field(struct vsw_key, nw_ttl),
		.prereq = VSW_PRE_IP,
		.prereq_msg = "nw_ttl needs dl_type=0x0800 or 0x86dd (ip or ipv6)",
	},
	{
		.attr = VSWITCH_MATCH_A_IPV6_SRC,
		.mask_attr = VSWITCH_MATCH_A_IPV6_SRC_MASK,
		.offset = offsetof(struct vsw_key, ipv6_src),
		.len = sizeof_field(struct vsw_key, ipv6_src),
		.prereq = VSW_PRE_IP6,
		.prereq_msg = "ipv6_src needs dl_type=0x86dd (ipv6)",
	},
	{
		.attr = VSWITCH_MATCH_A_IPV6_DST,
		.mask_attr = VSWITCH_MATCH_A_IPV6_DST_MASK,
		.offset = offsetof(struct vsw_key, ipv6_dst),
		.len = sizeof_field(struct vsw_key, ipv6_dst),
		.prereq = VSW_PRE_IP6,
		.prereq_msg = "ipv6_dst needs dl_type=0x86dd (ipv6)",
	},
	{
		.attr = VSWITCH_MATCH_A_TP_SRC,
		.mask_attr = VSWITCH_MATCH_A_TP_SRC_MASK,
		.offset = offsetof(struct vsw_key, tp_src),
		.len = sizeof_field(struct vsw_key, tp_src),
		.prereq = VSW_PRE_TP,
		.prereq_msg = "tp_src needs nw_proto=6, 17 or 132 (tcp, udp or sctp)",
	},
	{
		.attr = VSWITCH_MATCH_A_TP_DST,
		.mask_attr = VSWITCH_MATCH_A_TP_DST_MASK,
		.offset = offsetof(struct vsw_key, tp_dst),
		.len = sizeof_field(struct vsw_key, tp_dst),
		.prereq = VSW_PRE_TP,
		.prereq_msg = "tp_dst needs nw_proto=6, 17 or 132 (tcp, udp or sctp)",
	},
	{
		.attr = VSWITCH_MATCH_A_ICMP_TYPE,
		.offset = offsetof(struct vsw_key, tp_src),
		.len = sizeof_field(struct vsw_key, tp_src),
		.prereq = VSW_PRE_ICMP,
		.conv = VSW_CONV_U8_BE16,
		.prereq_msg = "icmp_type needs icmp (ip and nw_proto=1) or icmp6",
	},
	{
		.attr = VSWITCH_MATCH_A_ICMP_CODE,
		.offset = offsetof(struct vsw_key, tp_dst),
		.len = sizeof_field(struct vsw_key, tp_dst),
		.prereq = VSW_PRE_ICMP,
		.conv = VSW_CONV_U8_BE16,
		.prereq_msg = "icmp_code needs icmp (ip and nw_proto=1) or icmp6",
	},
	{
		.attr = VSWITCH_MATCH_A_ARP_SPA,
		.mask_attr = VSWITCH_MATCH_A_ARP_SPA_MASK,
		.offset = offsetof(struct vsw_key, nw_src),
		.len = sizeof_field(struct vsw_key, nw_src),
		.prereq = VSW_PRE_ARP,
		.prereq_msg = "arp_spa needs dl_type=0x0806 (arp)",
	},
	{
		.attr = VSWITCH_MATCH_A_ARP_TPA,
		.mask_attr = VSWITCH_MATCH_A_ARP_TPA_MASK,
		.offset = offsetof(struct vsw_key, nw_dst),
		.len = sizeof_field(struct vsw_key, nw_dst),
		.prereq = VSW_PRE_ARP,
		.prereq_msg = "arp_tpa needs dl_type=0x0806 (arp)",
	},
	{
		.attr = VSWITCH_MATCH_A_ARP_OP,
		.offset = offsetof(struct vsw_key, tp_src),
		.len = sizeof_field(struct vsw_key, tp_src),
		.prereq = VSW_PRE_ARP,
		.prereq_msg = "arp_op needs dl_type=0x0806 (arp)",
	},
	{
		.attr = VSWITCH_MATCH_A_TUN_ID,
		.mask_attr = VSWITCH_MATCH_A_TUN_ID_MASK,
		.offset = offsetof(struct vsw_key, tun_id),
		.len = sizeof_field(struct vsw_key, tun_id),
		.conv = VSW_CONV_U64_BE64,
	},
	{
		.attr = VSWITCH_MATCH_A_TUN_SRC,
		.mask_attr = VSWITCH_MATCH_A_TUN_SRC_MASK,
		.offset = offsetof(struct vsw_key, tun_src),
		.len = sizeof_field(struct vsw_key, tun_src),
	},
	{
		.attr = VSWITCH_MATCH_A_TUN_DST,
		.mask_attr = VSWITCH_MATCH_A_TUN_DST_MASK,
		.offset = offsetof(struct vsw_key, tun_dst),
		.len = sizeof_field(struct vsw_key, tun_dst),
	},
};

/* Not const: the policy of 6.1 points at it without const. */
static struct netlink_range_validation vsw_port_range = {
	.min = 1,
	.max = VSWITCH_PORT_LOCAL,
};

static const struct nla_policy vsw_match_policy[VSWITCH_MATCH_A_MAX + 1] = {
	[VSWITCH_MATCH_A_IN_PORT]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_port_range),
	[VSWITCH_MATCH_A_DL_SRC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VSWITCH_MATCH_A_DL_SRC_MASK]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VSWITCH_MATCH_A_DL_DST]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VSWITCH_MATCH_A_DL_DST_MASK]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VSWITCH_MATCH_A_DL_VLAN]	= { .type = NLA_U16 },
	[VSWITCH_MATCH_A_DL_VLAN_PCP]	= NLA_POLICY_MAX(NLA_U8, 7),
	[VSWITCH_MATCH_A_DL_TYPE]	= { .type = NLA_BE16 },
	[VSWITCH_MATCH_A_NW_SRC]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_NW_SRC_MASK]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_NW_DST]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_NW_DST_MASK]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_NW_PROTO]	= { .type = NLA_U8 },
	[VSWITCH_MATCH_A_NW_TOS]	= { .type = NLA_U8 },
	[VSWITCH_MATCH_A_NW_TTL]	= { .type = NLA_U8 },
	[VSWITCH_MATCH_A_IPV6_SRC]	= NLA_POLICY_EXACT_LEN(16),
	[VSWITCH_MATCH_A_IPV6_SRC_MASK]	= NLA_POLICY_EXACT_LEN(16),
	[VSWITCH_MATCH_A_IPV6_DST]	= NLA_POLICY_EXACT_LEN(16),
	[VSWITCH_MATCH_A_IPV6_DST_MASK]	= NLA_POLICY_EXACT_LEN(16),
	[VSWITCH_MATCH_A_TP_SRC]	= { .type = NLA_BE16 },
	[VSWITCH_MATCH_A_TP_SRC_MASK]	= { .type = NLA_BE16 },
	[VSWITCH_MATCH_A_TP_DST]	= { .type = NLA_BE16 },
	[VSWITCH_MATCH_A_TP_DST_MASK]	= { .type = NLA_BE16 },
	[VSWITCH_MATCH_A_ICMP_TYPE]	= { .type = NLA_U8 },
	[VSWITCH_MATCH_A_ICMP_CODE]	= { .type = NLA_U8 },
	[VSWITCH_MATCH_A_ARP_SPA]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_ARP_SPA_MASK]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_ARP_TPA]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_ARP_TPA_MASK]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_ARP_OP]	= { .type = NLA_BE16 },
	[VSWITCH_MATCH_A_TUN_ID]	= { .type = NLA_U64 },
	[VSWITCH_MATCH_A_TUN_ID_MASK]	= { .type = NLA_U64 },
	[VSWITCH_MATCH_A_TUN_SRC]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_TUN_SRC_MASK]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_TUN_DST]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_MATCH_A_TUN_DST_MASK]	= NLA_POLICY_EXACT_LEN(4),
};

static const struct nla_policy vsw_action_policy[VSWITCH_ACTION_A_MAX + 1] = {
	[VSWITCH_ACTION_A_OUTPUT]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_port_range),
	[VSWITCH_ACTION_A_NORMAL]	= { .type = NLA_FLAG },
	[VSWITCH_ACTION_A_FLOOD]	= { .type = NLA_FLAG },
	[VSWITCH_ACTION_A_ALL]		= { .type = NLA_FLAG },
	[VSWITCH_ACTION_A_IN_PORT]	= { .type = NLA_FLAG },
	[VSWITCH_ACTION_A_CONTROLLER]	= { .type = NLA_U16 },
	[VSWITCH_ACTION_A_MOD_VLAN_VID]	= NLA_POLICY_MAX(NLA_U16, VLAN_VID_MASK),
	[VSWITCH_ACTION_A_STRIP_VLAN]	= { .type = NLA_FLAG },
	[VSWITCH_ACTION_A_PUSH_VLAN]	= { .type = NLA_U16 },
	[VSWITCH_ACTION_A_MOD_DL_SRC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VSWITCH_ACTION_A_MOD_DL_DST]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VSWITCH_ACTION_A_MOD_NW_SRC]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_ACTION_A_MOD_NW_DST]	= NLA_POLICY_EXACT_LEN(4),
	[VSWITCH_ACTION_A_MOD_NW_TOS]	= { .type = NLA_U8 },
	[VSWITCH_ACTION_A_DEC_TTL]	= { .type = NLA_FLAG },
	[VSWITCH_ACTION_A_SET_TUNNEL]	= { .type = NLA_U32 },
};

#define VSW_READ_ONLY(what) {						\
	.type = NLA_REJECT,						\
	.reject_message = what " is read-only",				\
}

/* One flow of a VSWITCH_FLOW_A_FLOWS batch. */
const struct nla_policy vsw_flow_entry_policy[VSWITCH_FLOW_A_MAX + 1] = {
	[VSWITCH_FLOW_A_PRIORITY]	= { .type = NLA_U16 },
	[VSWITCH_FLOW_A_COOKIE]		= { .type = NLA_U64 },
	[VSWITCH_FLOW_A_IDLE_TIMEOUT]	= { .type = NLA_U16 },
	[VSWITCH_FLOW_A_HARD_TIMEOUT]	= { .type = NLA_U16 },
	[VSWITCH_FLOW_A_FLAGS]		=
		NLA_POLICY_MASK(NLA_U32, VSW_FLOW_F_ALL),
	[VSWITCH_FLOW_A_MATCH]		= NLA_POLICY_NESTED(vsw_match_policy),
	[VSWITCH_FLOW_A_ACTIONS]	= NLA_POLICY_NESTED(vsw_action_policy),
};

const struct nla_policy vsw_flow_policy[VSWITCH_FLOW_A_MAX + 1] = {
	[VSWITCH_FLOW_A_BRIDGE]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[VSWITCH_FLOW_A_PRIORITY]	= { .type = NLA_U16 },
	[VSWITCH_FLOW_A_COOKIE]		= { .type = NLA_U64 },
	[VSWITCH_FLOW_A_COOKIE_MASK]	= { .type = NLA_U64 },
	[VSWITCH_FLOW_A_IDLE_TIMEOUT]	= { .type = NLA_U16 },
	[VSWITCH_FLOW_A_HARD_TIMEOUT]	= { .type = NLA_U16 },
	[VSWITCH_FLOW_A_FLAGS]		=
		NLA_POLICY_MASK(NLA_U32, VSW_FLOW_F_ALL),
	[VSWITCH_FLOW_A_MATCH]		= NLA_POLICY_NESTED(vsw_match_policy),
	[VSWITCH_FLOW_A_ACTIONS]	= NLA_POLICY_NESTED(vsw_action_policy),
	[VSWITCH_FLOW_A_STRICT]		= { .type = NLA_FLAG },
	[VSWITCH_FLOW_A_PACKETS]	= VSW_READ_ONLY("n_packets"),
	[VSWITCH_FLOW_A_BYTES]		= VSW_READ_ONLY("n_bytes"),
	[VSWITCH_FLOW_A_DURATION]	= VSW_READ_ONLY("duration"),
	[VSWITCH_FLOW_A_IDLE_AGE]	= VSW_READ_ONLY("idle_age"),
	[VSWITCH_FLOW_A_FLOWS]		=
		NLA_POLICY_NESTED_ARRAY(vsw_flow_entry_policy),
	[VSWITCH_FLOW_A_IN_PORT]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_port_range),
	[VSWITCH_FLOW_A_DATA]		= { .type = NLA_BINARY,
					    .len = 65535 },
	[VSWITCH_FLOW_A_TOTAL_LEN]	= VSW_READ_ONLY("total_len"),
	[VSWITCH_FLOW_A_REASON]		= VSW_READ_ONLY("the packet-in reason"),
	[VSWITCH_FLOW_A_MISS]		= VSW_READ_ONLY("the miss policy of a trace"),
	[VSWITCH_FLOW_A_COUNT]		= VSW_READ_ONLY("the flow count"),
	[VSWITCH_FLOW_A_REMOVED]	= VSW_READ_ONLY("the removal reason"),
};

/* Whether the match so far (@key, @mask) meets @prereq. */
static bool vsw_prereq_met(const struct vsw_key *key,
			   const struct vsw_key *mask, u8 prereq)
{
	bool type_exact = mask->dl_type == htons(0xffff);
	bool proto_exact = mask->nw_proto == 0xff;
	__be16 t = key->dl_type;
	bool ip = type_exact && (t == htons(ETH_P_IP) || t == htons(ETH_P_IPV6));

	switch (prereq) {
	case VSW_PRE_IP4:
		return type_exact && t == htons(ETH_P_IP);
	case VSW_PRE_IP:
		return ip;
	case VSW_PRE_IP6:
		return type_exact && t == htons(ETH_P_IPV6);
	case VSW_PRE_ARP:
		return type_exact && t == htons(ETH_P_ARP);
	case VSW_PRE_TP:
		return ip && proto_exact &&
		       (key->nw_proto == IPPROTO_TCP ||
			key->nw_proto == IPPROTO_UDP ||
			key->nw_proto == IPPROTO_SCTP);
	case VSW_PRE_ICMP:
		return proto_exact &&
		       ((type_exact && t == htons(ETH_P_IP) &&
			 key->nw_proto == IPPROTO_ICMP) ||
			(type_exact && t == htons(ETH_P_IPV6) &&
			 key->nw_proto == IPPROTO_ICMPV6));
	}
	return true;
}

/* The VLAN fields, which share key->vlan_tci. */
static int vsw_nl_parse_vlan(struct nlattr **tb, struct vsw_key *key,
			     struct vsw_key *mask,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *vlan = tb[VSWITCH_MATCH_A_DL_VLAN];
	struct nlattr *pcp = tb[VSWITCH_MATCH_A_DL_VLAN_PCP];
	u16 tci = 0, m = 0;

	if (vlan) {
		u16 vid = nla_get_u16(vlan);

		if (vid == VSWITCH_VLAN_NONE) {
			if (pcp) {
				NL_SET_ERR_MSG_ATTR(extack, pcp,
						    "dl_vlan_pcp cannot match frames without a tag (dl_vlan=0xffff)");
				return -EINVAL;
			}
			mask->vlan_tci = htons(0xffff);
			return 0;
		}
		if (vid > VLAN_VID_MASK) {
			NL_SET_ERR_MSG_ATTR(extack, vlan,
					    "dl_vlan is 0 to 4095, or 0xffff for no tag");
			return -EINVAL;
		}
		tci |= vid | VLAN_CFI_MASK;
		m |= VLAN_VID_MASK | VLAN_CFI_MASK;
	}
	if (pcp) {
		tci |= (nla_get_u8(pcp) << VLAN_PRIO_SHIFT) | VLAN_CFI_MASK;
		m |= VLAN_PRIO_MASK | VLAN_CFI_MASK;
	}
	key->vlan_tci = htons(tci);
	mask->vlan_tci = htons(m);
	return 0;
}

/**
 * vsw_nl_parse_match() - a match from attributes
 * @nest: a VSWITCH_FLOW_A_MATCH nest, or NULL to match everything
 * @key: filled in, masked
 * @mask: filled in
 * @extack: for the reason of a failure, naming the attribute
 *
 * The prerequisites of every field are checked. Return: 0 or -EINVAL.
 */
int vsw_nl_parse_match(const struct nlattr *nest, struct vsw_key *key,
		       struct vsw_key *mask, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VSWITCH_MATCH_A_MAX + 1];
	const struct vsw_field *f;
	unsigned int i;
	int err;

	memset(key, 0, sizeof(*key));
	memset(mask, 0, sizeof(*mask));
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, VSWITCH_MATCH_A_MAX, nest, vsw_match_policy,
			       extack);
	if (err)
		return err;

	for (i = 0; i < ARRAY_SIZE(vsw_fields); i++) {
		u8 *k, *m;

		f = &vsw_fields[i];
		k = (u8 *)key + f->offset;
		m = (u8 *)mask + f->offset;
		if (!tb[f->attr]) {
			if (f->mask_attr && tb[f->mask_attr]) {
				NL_SET_ERR_MSG_ATTR(extack, tb[f->mask_attr],
						    "a mask needs its field");
				return -EINVAL;
			}
			continue;
		}
		switch (f->conv) {
		case VSW_CONV_U8_BE16:
			*(__be16 *)k = htons(nla_get_u8(tb[f->attr]));
			memset(m, 0xff, f->len);
			break;
		case VSW_CONV_U64_BE64:
			*(__be64 *)k = cpu_to_be64(nla_get_u64(tb[f->attr]));
			if (f->mask_attr && tb[f->mask_attr])
				*(__be64 *)m = cpu_to_be64(nla_get_u64(tb[f->mask_attr]));
			else
				memset(m, 0xff, f->len);
			break;
		default:
			nla_memcpy(k, tb[f->attr], f->len);
			if (f->mask_attr && tb[f->mask_attr])
				nla_memcpy(m, tb[f->mask_attr], f->len);
			else
				memset(m, 0xff, f->len);
			break;
		}
	}
	if (tb[VSWITCH_MATCH_A_NW_TOS] &&
	    nla_get_u8(tb[VSWITCH_MATCH_A_NW_TOS]) & INET_ECN_MASK) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VSWITCH_MATCH_A_NW_TOS],
				    "nw_tos is the DSCP bits: a multiple of 4");
		return -EINVAL;
	}
	err = vsw_nl_parse_vlan(tb, key, mask, extack);
	if (err)
		return err;

	/* Prerequisites, once every field is known. */
	for (i = 0; i < ARRAY_SIZE(vsw_fields); i++) {
		f = &vsw_fields[i];
		if (tb[f->attr] && !vsw_prereq_met(key, mask, f->prereq)) {
			/* Not a literal: NL_SET_ERR_MSG_ATTR() of 6.1 wants one. */
			NL_SET_BAD_ATTR(extack, tb[f->attr]);
			if (extack)
				extack->_msg = f->prereq_msg;
			return -EINVAL;
		}
	}
	vsw_flow_mask_key(key, key, mask);
	return 0;
}

/* Puts the match @key under @mask back into attributes. */
static int vsw_nl_put_match(struct sk_buff *skb, const struct vsw_key *key,
			    const struct vsw_key *mask)
{
	u16 tci = ntohs(key->vlan_tci), mtci = ntohs(mask->vlan_tci);
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, VSWITCH_FLOW_A_MATCH);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(vsw_fields); i++) {
		const struct vsw_field *f = &vsw_fields[i];
		const u8 *k = (const u8 *)key + f->offset;
		const u8 *m = (const u8 *)mask + f->offset;

		if (!memchr_inv(m, 0, f->len) ||
		    !vsw_prereq_met(key, mask, f->prereq))
			continue;
		switch (f->conv) {
		case VSW_CONV_U8_BE16:
			if (nla_put_u8(skb, f->attr, ntohs(*(__be16 *)k)))
				goto cancel;
			break;
		case VSW_CONV_U64_BE64:
			if (nla_put_u64_64bit(skb, f->attr,
					      be64_to_cpu(*(__be64 *)k),
					      VSWITCH_MATCH_A_PAD) ||
			    (memchr_inv(m, 0xff, f->len) &&
			     nla_put_u64_64bit(skb, f->mask_attr,
					       be64_to_cpu(*(__be64 *)m),
					       VSWITCH_MATCH_A_PAD)))
				goto cancel;
			break;
		default:
			if (nla_put(skb, f->attr, f->len, k) ||
			    (f->mask_attr && memchr_inv(m, 0xff, f->len) &&
			     nla_put(skb, f->mask_attr, f->len, m)))
				goto cancel;
			break;
		}
	}
	if (mtci == 0xffff && !tci) {
		if (nla_put_u16(skb, VSWITCH_MATCH_A_DL_VLAN, VSWITCH_VLAN_NONE))
			goto cancel;
	} else {
		if ((mtci & VLAN_VID_MASK) &&
		    nla_put_u16(skb, VSWITCH_MATCH_A_DL_VLAN, tci & VLAN_VID_MASK))
			goto cancel;
		if ((mtci & VLAN_PRIO_MASK) &&
		    nla_put_u8(skb, VSWITCH_MATCH_A_DL_VLAN_PCP,
			       tci >> VLAN_PRIO_SHIFT))
			goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/**
 * vsw_nl_parse_actions() - actions from attributes
 * @br: the bridge they are for: output ports must be on it
 * @nest: a VSWITCH_FLOW_A_ACTIONS nest
 * @extack: for the reason of a failure, naming the attribute
 *
 * Context: RTNL. Return: the actions, or an ERR_PTR().
 */
struct vsw_actions *vsw_nl_parse_actions(struct vsw_bridge *br,
					 const struct nlattr *nest,
					 struct netlink_ext_ack *extack)
{
	const struct nlattr *nla, *set_tunnel_attr = NULL;
	const struct vsw_action *set_tunnel = NULL;
	struct vsw_actions *acts;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(nla, nest, rem)
		n++;
	if (n > VSW_ACTIONS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "more than 64 actions");
		return ERR_PTR(-EINVAL);
	}
	acts = kzalloc(struct_size(acts, a, n), GFP_KERNEL_ACCOUNT);
	if (!acts)
		return ERR_PTR(-ENOMEM);
	nla_for_each_nested(nla, nest, rem) {
		struct vsw_action *a = &acts->a[acts->n++];
		struct vsw_port *out;
		u16 tpid;

		a->type = nla_type(nla);
		switch (a->type) {
		case VSWITCH_ACTION_A_IN_PORT:
		case VSWITCH_ACTION_A_NORMAL:
		case VSWITCH_ACTION_A_FLOOD:
		case VSWITCH_ACTION_A_ALL:
			acts->outputs++;
			break;
		case VSWITCH_ACTION_A_OUTPUT:
			acts->outputs++;
			a->arg = nla_get_u32(nla);
			out = vsw_port_by_number(br, a->arg);
			if (!out) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "no port with this number on the bridge");
				goto err;
			}
			/* VXLAN would send another tenant's VNI, key & 0xffffff. */
			if (set_tunnel && set_tunnel->key > VSW_VNI_MAX &&
			    out->tnl &&
			    vsw_tnl_cfg(out->tnl)->type == VSWITCH_PORT_TYPE_VXLAN) {
				NL_SET_ERR_MSG_ATTR(extack, set_tunnel_attr,
						    "set_tunnel: a VXLAN key (VNI) is 24 bits: 0 to 16777215");
				goto err;
			}
			break;
		case VSWITCH_ACTION_A_CONTROLLER:
		case VSWITCH_ACTION_A_MOD_VLAN_VID:
			a->arg = nla_get_u16(nla);
			break;
		case VSWITCH_ACTION_A_PUSH_VLAN:
			tpid = nla_get_u16(nla);
			if (tpid != ETH_P_8021Q && tpid != ETH_P_8021AD) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "push_vlan takes 0x8100 or 0x88a8");
				goto err;
			}
			a->arg = tpid;
			break;
		case VSWITCH_ACTION_A_MOD_DL_SRC:
		case VSWITCH_ACTION_A_MOD_DL_DST:
			nla_memcpy(a->mac, nla, ETH_ALEN);
			break;
		case VSWITCH_ACTION_A_MOD_NW_SRC:
		case VSWITCH_ACTION_A_MOD_NW_DST:
			a->ip = nla_get_in_addr(nla);
			break;
		case VSWITCH_ACTION_A_MOD_NW_TOS:
			a->arg = nla_get_u8(nla);
			if (a->arg & INET_ECN_MASK) {
				NL_SET_ERR_MSG_ATTR(extack, nla,
						    "mod_nw_tos takes the DSCP bits: a multiple of 4");
				goto err;
			}
			break;
		case VSWITCH_ACTION_A_SET_TUNNEL:
			a->key = nla_get_u32(nla);
			set_tunnel = a;
			set_tunnel_attr = nla;
			break;
		}
	}
	return acts;

err:
	kfree(acts);
	return ERR_PTR(-EINVAL);
}

static int vsw_nl_put_actions(struct sk_buff *skb,
			      const struct vsw_actions *acts)
{
	struct nlattr *nest;
	unsigned int i;
	int err = 0;

	nest = nla_nest_start(skb, VSWITCH_FLOW_A_ACTIONS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < acts->n && !err; i++) {
		const struct vsw_action *a = &acts->a[i];

		switch (a->type) {
		case VSWITCH_ACTION_A_OUTPUT:
			err = nla_put_u32(skb, a->type, a->arg);
			break;
		case VSWITCH_ACTION_A_CONTROLLER:
		case VSWITCH_ACTION_A_MOD_VLAN_VID:
		case VSWITCH_ACTION_A_PUSH_VLAN:
			err = nla_put_u16(skb, a->type, a->arg);
			break;
		case VSWITCH_ACTION_A_MOD_DL_SRC:
		case VSWITCH_ACTION_A_MOD_DL_DST:
			err = nla_put(skb, a->type, ETH_ALEN, a->mac);
			break;
		case VSWITCH_ACTION_A_MOD_NW_SRC:
		case VSWITCH_ACTION_A_MOD_NW_DST:
			err = nla_put_in_addr(skb, a->type, a->ip);
			break;
		case VSWITCH_ACTION_A_MOD_NW_TOS:
			err = nla_put_u8(skb, a->type, a->arg);
			break;
		case VSWITCH_ACTION_A_SET_TUNNEL:
			err = nla_put_u32(skb, a->type, a->key);
			break;
		default:
			err = nla_put_flag(skb, a->type);
			break;
		}
	}
	if (err) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static u16 vsw_nl_get_u16(struct nlattr **tb, int type, u16 def)
{
	return tb[type] ? nla_get_u16(tb[type]) : def;
}

/**
 * vsw_nl_parse_flow() - a flow, or a filter, from attributes
 * @br: the bridge
 * @tb: the attributes of a request, or of one flow of a batch
 * @where: the nest @tb came from, for a missing attribute; NULL for the top
 * @need_actions: for adding: actions are parsed and required
 * @spec: filled in; @spec->acts is the caller's to free
 * @extack: for the reason of a failure
 *
 * Context: RTNL. Return: 0 or an error.
 */
int vsw_nl_parse_flow(struct vsw_bridge *br, struct nlattr **tb,
		      struct nlattr *where, bool need_actions,
		      struct vsw_flow_spec *spec, struct netlink_ext_ack *extack)
{
	int err;

	memset(spec, 0, sizeof(*spec));
	err = vsw_nl_parse_match(tb[VSWITCH_FLOW_A_MATCH], &spec->key,
				 &spec->mask, extack);
	if (err)
		return err;
	spec->priority = vsw_nl_get_u16(tb, VSWITCH_FLOW_A_PRIORITY,
					VSW_PRIORITY_DEFAULT);
	spec->idle_timeout = vsw_nl_get_u16(tb, VSWITCH_FLOW_A_IDLE_TIMEOUT, 0);
	spec->hard_timeout = vsw_nl_get_u16(tb, VSWITCH_FLOW_A_HARD_TIMEOUT, 0);
	if (tb[VSWITCH_FLOW_A_FLAGS])
		spec->flags = nla_get_u32(tb[VSWITCH_FLOW_A_FLAGS]);
	if (tb[VSWITCH_FLOW_A_COOKIE])
		spec->cookie = nla_get_u64(tb[VSWITCH_FLOW_A_COOKIE]);
	if (!need_actions)
		return 0;
	if (!tb[VSWITCH_FLOW_A_ACTIONS]) {
		NL_SET_ERR_ATTR_MISS(extack, where, VSWITCH_FLOW_A_ACTIONS);
		NL_SET_ERR_MSG(extack, "actions are missing (actions=drop drops)");
		return -EINVAL;
	}
	spec->acts = vsw_nl_parse_actions(br, tb[VSWITCH_FLOW_A_ACTIONS],
					  extack);
	if (IS_ERR(spec->acts)) {
		err = PTR_ERR(spec->acts);
		spec->acts = NULL;
		return err;
	}
	return 0;
}

/* The filter of a delete, modify or dump request. Context: RTNL. */
int vsw_nl_parse_filter(struct vsw_bridge *br, struct nlattr **tb,
			struct vsw_flow_spec *filter,
			struct netlink_ext_ack *extack)
{
	int err;

	if (tb[VSWITCH_FLOW_A_FLAGS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VSWITCH_FLOW_A_FLAGS],
				    "flags are for adding a flow");
		return -EINVAL;
	}
	err = vsw_nl_parse_flow(br, tb, NULL, false, filter, extack);
	if (err)
		return err;
	filter->strict = nla_get_flag(tb[VSWITCH_FLOW_A_STRICT]);
	if (tb[VSWITCH_FLOW_A_COOKIE_MASK]) {
		filter->has_cookie_mask = true;
		filter->cookie_mask = nla_get_u64(tb[VSWITCH_FLOW_A_COOKIE_MASK]);
	}
	return 0;
}

/* The attributes of @flow, as a reply to VSWITCH_CMD_FLOW_GET has them. */
static int vsw_nl_put_flow(struct sk_buff *skb, struct vsw_flow *flow)
{
	unsigned long now = jiffies, used;
	u64 packets, bytes;

	vsw_flow_stats(flow, &packets, &bytes, &used);
	if (nla_put_u16(skb, VSWITCH_FLOW_A_PRIORITY, flow->priority) ||
	    nla_put_u64_64bit(skb, VSWITCH_FLOW_A_COOKIE, flow->cookie,
			      VSWITCH_FLOW_A_PAD) ||
	    nla_put_u16(skb, VSWITCH_FLOW_A_IDLE_TIMEOUT, flow->idle_timeout) ||
	    nla_put_u16(skb, VSWITCH_FLOW_A_HARD_TIMEOUT, flow->hard_timeout) ||
	    nla_put_u32(skb, VSWITCH_FLOW_A_FLAGS, flow->flags) ||
	    vsw_nl_put_match(skb, &flow->key, &flow->st->mask) ||
	    vsw_nl_put_actions(skb, rtnl_dereference(flow->acts)) ||
	    nla_put_u64_64bit(skb, VSWITCH_FLOW_A_PACKETS, packets,
			      VSWITCH_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, VSWITCH_FLOW_A_BYTES, bytes,
			      VSWITCH_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, VSWITCH_FLOW_A_DURATION,
			      jiffies_to_msecs(now - flow->created),
			      VSWITCH_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, VSWITCH_FLOW_A_IDLE_AGE,
			      jiffies_to_msecs(now - used),
			      VSWITCH_FLOW_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * vsw_nl_fill_flow() - put a flow into a message
 * @skb: the message
 * @flow: the flow
 * @cmd: VSWITCH_CMD_FLOW_GET or _TRACE
 * @portid: the netlink port of the requester
 * @seq: the request's sequence number
 * @flags: NLM_F_MULTI in a dump
 * @cb: the dump, for NLM_F_DUMP_INTR, or NULL
 *
 * Context: RTNL. Return: 0, or -EMSGSIZE with @skb as it was.
 */
int vsw_nl_fill_flow(struct sk_buff *skb, struct vsw_flow *flow, u8 cmd,
		     u32 portid, u32 seq, int flags, struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (vsw_nl_put_flow(skb, flow)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/**
 * vsw_nl_fill_flow_removed() - a flow-removed notification
 * @skb: the message
 * @br: the flow's bridge
 * @flow: the flow
 * @reason: enum vswitch_flow_removed_reason
 *
 * Context: RTNL. Return: 0, or -EMSGSIZE with @skb as it was.
 */
int vsw_nl_fill_flow_removed(struct sk_buff *skb, struct vsw_bridge *br,
			     struct vsw_flow *flow, u8 reason)
{
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &vsw_genl_family, 0,
			  VSWITCH_CMD_FLOW_REMOVED);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, VSWITCH_FLOW_A_BRIDGE, br->dev->name) ||
	    nla_put_u8(skb, VSWITCH_FLOW_A_REMOVED, reason) ||
	    vsw_nl_put_flow(skb, flow)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}
