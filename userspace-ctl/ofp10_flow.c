// SPDX-License-Identifier: GPL-2.0
/*
 * OpenFlow 1.0 flows: struct ofp_match (1.0.0 5.2.3), the actions
 * (5.2.4) and FLOW_MOD (5.3.3), to and from struct flow.
 *
 * A 1.0 match names every field, and those that do not apply to the
 * packet are ignored (1.0.0 3.4: nw_* apply to IPv4 and ARP, tp_* to TCP,
 * UDP and ICMP). The kernel refuses a field whose prerequisite is missing,
 * so such fields are left out here, and so is a vlan_pcp of frames
 * without a tag. The ECN bits under nw_tos are not part of the field
 * (1.0.0: "IP ToS (actually DSCP field, 6 bits)") and are dropped.
 *
 * OpenFlow 1.0 has no error type for a match. A match value the switch
 * cannot take is answered with its catch-all for a flow it cannot add,
 * OFPET_FLOW_MOD_FAILED/OFPFMFC_UNSUPPORTED.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <string.h>
#include <linux/if_ether.h>

#include "ofp_codec.h"

#define ERR(e, t, c, w)	ofp_fail(e, t, c, w)
#define BAD_ACTION(e, c, w)	ERR(e, OFPET10_BAD_ACTION, c, w)
#define BAD_MATCH(e, w) \
	ERR(e, OFPET10_FLOW_MOD_FAILED, OFPFMFC10_UNSUPPORTED, w)

static void set_attr(struct match *m, int attr, const void *v, size_t n)
{
	memcpy(m->v[attr], v, n);
	m->has[attr] = true;
}

/* nw_src or nw_dst: how many low bits are wildcarded, 32+ for all. */
static void nw_field(struct match *m, uint32_t wildcards, int shift,
		     __be32 addr, int attr, int mask_attr)
{
	unsigned int bits = (wildcards >> shift) & 0x3f;
	uint32_t mask;
	__be32 bmask;

	if (bits >= 32)
		return;
	mask = bits ? ~0u << bits : ~0u;
	bmask = htonl(mask);
	addr &= bmask;
	set_attr(m, attr, &addr, 4);
	if (bits)
		set_attr(m, mask_attr, &bmask, 4);
}

int ofp10_parse_match(const struct ofp10_match *om, struct match *m,
		      struct ofp_error *err)
{
	uint32_t w = ntohl(om->wildcards);
	uint16_t dl_type = ntohs(om->dl_type);
	bool ip, arp, proto = !(w & OFPFW10_NW_PROTO);
	uint16_t v;
	uint8_t u8;

	memset(m, 0, sizeof(*m));
	if (!(w & OFPFW10_IN_PORT)) {
		uint32_t port = ntohs(om->in_port);

		if (!((port >= 1 && port <= VSWITCH_PORT_MAX) ||
		      port == OFPP10_LOCAL))
			return BAD_MATCH(err, "in_port is not a port of the switch");
		set_attr(m, VSWITCH_MATCH_A_IN_PORT, &port, 4);
	}
	if (!(w & OFPFW10_DL_SRC))
		set_attr(m, VSWITCH_MATCH_A_DL_SRC, om->dl_src, 6);
	if (!(w & OFPFW10_DL_DST))
		set_attr(m, VSWITCH_MATCH_A_DL_DST, om->dl_dst, 6);
	if (!(w & OFPFW10_DL_VLAN)) {
		v = ntohs(om->dl_vlan);
		if (v != OFP10_VLAN_NONE && v > 4095)
			return BAD_MATCH(err, "dl_vlan is 0 to 4095 or 0xffff");
		set_attr(m, VSWITCH_MATCH_A_DL_VLAN, &v, 2);
	}
	if (!(w & OFPFW10_DL_VLAN_PCP)) {
		if (om->dl_vlan_pcp > 7)
			return BAD_MATCH(err, "dl_vlan_pcp is 0 to 7");
		if (!m->has[VSWITCH_MATCH_A_DL_VLAN] ||
		    get_u16(m->v[VSWITCH_MATCH_A_DL_VLAN]) != VSWITCH_VLAN_NONE)
			set_attr(m, VSWITCH_MATCH_A_DL_VLAN_PCP, &om->dl_vlan_pcp, 1);
	}
	if (w & OFPFW10_DL_TYPE)
		return 0;
	set_attr(m, VSWITCH_MATCH_A_DL_TYPE, &om->dl_type, 2);
	ip = dl_type == ETH_P_IP;
	arp = dl_type == ETH_P_ARP;
	if (ip && !(w & OFPFW10_NW_TOS)) {
		u8 = om->nw_tos & 0xfc;
		set_attr(m, VSWITCH_MATCH_A_NW_TOS, &u8, 1);
	}
	if (ip && proto)
		set_attr(m, VSWITCH_MATCH_A_NW_PROTO, &om->nw_proto, 1);
	if (arp && proto) {
		__be16 op = htons(om->nw_proto);

		set_attr(m, VSWITCH_MATCH_A_ARP_OP, &op, 2);
	}
	if (ip || arp) {
		nw_field(m, w, OFPFW10_NW_SRC_SHIFT, om->nw_src,
			 ip ? VSWITCH_MATCH_A_NW_SRC : VSWITCH_MATCH_A_ARP_SPA,
			 ip ? VSWITCH_MATCH_A_NW_SRC_MASK :
			 VSWITCH_MATCH_A_ARP_SPA_MASK);
		nw_field(m, w, OFPFW10_NW_DST_SHIFT, om->nw_dst,
			 ip ? VSWITCH_MATCH_A_NW_DST : VSWITCH_MATCH_A_ARP_TPA,
			 ip ? VSWITCH_MATCH_A_NW_DST_MASK :
			 VSWITCH_MATCH_A_ARP_TPA_MASK);
	}
	if (!ip || !proto)
		return 0;
	if (om->nw_proto == 6 || om->nw_proto == 17) {
		if (!(w & OFPFW10_TP_SRC))
			set_attr(m, VSWITCH_MATCH_A_TP_SRC, &om->tp_src, 2);
		if (!(w & OFPFW10_TP_DST))
			set_attr(m, VSWITCH_MATCH_A_TP_DST, &om->tp_dst, 2);
	} else if (om->nw_proto == 1) {
		/*
		 * The ICMP type and code, in the low byte of the ports. A
		 * high byte would be cut off and the flow would match other
		 * packets than the controller meant: refused.
		 */
		if (!(w & OFPFW10_TP_SRC)) {
			v = ntohs(om->tp_src);
			if (v > 0xff)
				return BAD_MATCH(err, "the ICMP type (tp_src) is 0 to 255");
			u8 = v;
			set_attr(m, VSWITCH_MATCH_A_ICMP_TYPE, &u8, 1);
		}
		if (!(w & OFPFW10_TP_DST)) {
			v = ntohs(om->tp_dst);
			if (v > 0xff)
				return BAD_MATCH(err, "the ICMP code (tp_dst) is 0 to 255");
			u8 = v;
			set_attr(m, VSWITCH_MATCH_A_ICMP_CODE, &u8, 1);
		}
	}
	return 0;
}

/*
 * An IPv4 field and its mask as nw_src/nw_dst: a prefix. Another mask is
 * widened to the prefix of its leading ones (*lossy).
 */
static uint32_t nw_put(const struct match *m, int attr, int mask_attr,
		       __be32 *addr, bool *lossy)
{
	uint32_t mask = ~0u, prefix;
	unsigned int bits = 0;

	if (!m->has[attr])
		return 32;
	if (m->has[mask_attr]) {
		mask = ntohl(get_u32(m->v[mask_attr]));
		while (bits < 32 && !(mask & (1u << bits)))
			bits++;
		/* The leading ones stop at the first zero from the top. */
		prefix = 0;
		while (prefix < 32 && (mask & (0x80000000u >> prefix)))
			prefix++;
		if (prefix != 32 - bits)
			*lossy = true;
		bits = 32 - prefix;
		mask = bits == 32 ? 0 : ~0u << bits;
	}
	*addr = get_u32(m->v[attr]) & htonl(mask);
	return bits;
}

int ofp10_put_match(struct ofp10_match *om, const struct match *m)
{
	/* All wildcarded; nw_src and nw_dst as 32 bits of 63 possible. */
	uint32_t w = (OFPFW10_ALL & ~(OFPFW10_NW_SRC_MASK | OFPFW10_NW_DST_MASK)) |
		     32 << OFPFW10_NW_SRC_SHIFT | 32 << OFPFW10_NW_DST_SHIFT;
	uint16_t dl_type = 0;
	uint8_t proto = 0;
	bool lossy = false, ip = false, arp = false;
	unsigned int bits;
	int t;

	memset(om, 0, sizeof(*om));
	for (t = 0; t <= VSWITCH_MATCH_A_MAX; t++) {
		if (!m->has[t])
			continue;
		switch (t) {
		case VSWITCH_MATCH_A_IN_PORT:
		case VSWITCH_MATCH_A_DL_SRC:
		case VSWITCH_MATCH_A_DL_DST:
		case VSWITCH_MATCH_A_DL_VLAN:
		case VSWITCH_MATCH_A_DL_VLAN_PCP:
		case VSWITCH_MATCH_A_DL_TYPE:
		case VSWITCH_MATCH_A_NW_TOS:
		case VSWITCH_MATCH_A_NW_PROTO:
		case VSWITCH_MATCH_A_NW_SRC:
		case VSWITCH_MATCH_A_NW_SRC_MASK:
		case VSWITCH_MATCH_A_NW_DST:
		case VSWITCH_MATCH_A_NW_DST_MASK:
		case VSWITCH_MATCH_A_TP_SRC:
		case VSWITCH_MATCH_A_TP_DST:
		case VSWITCH_MATCH_A_ICMP_TYPE:
		case VSWITCH_MATCH_A_ICMP_CODE:
		case VSWITCH_MATCH_A_ARP_SPA:
		case VSWITCH_MATCH_A_ARP_SPA_MASK:
		case VSWITCH_MATCH_A_ARP_TPA:
		case VSWITCH_MATCH_A_ARP_TPA_MASK:
		case VSWITCH_MATCH_A_ARP_OP:
			break;
		default:	/* masked MACs and ports, IPv6, TTL, tunnels */
			lossy = true;
			break;
		}
	}
	if (m->has[VSWITCH_MATCH_A_IN_PORT]) {
		om->in_port = htons(get_u32(m->v[VSWITCH_MATCH_A_IN_PORT]));
		w &= ~OFPFW10_IN_PORT;
	}
	if (m->has[VSWITCH_MATCH_A_DL_SRC] && !m->has[VSWITCH_MATCH_A_DL_SRC_MASK]) {
		memcpy(om->dl_src, m->v[VSWITCH_MATCH_A_DL_SRC], 6);
		w &= ~OFPFW10_DL_SRC;
	}
	if (m->has[VSWITCH_MATCH_A_DL_DST] && !m->has[VSWITCH_MATCH_A_DL_DST_MASK]) {
		memcpy(om->dl_dst, m->v[VSWITCH_MATCH_A_DL_DST], 6);
		w &= ~OFPFW10_DL_DST;
	}
	if (m->has[VSWITCH_MATCH_A_DL_VLAN]) {
		om->dl_vlan = htons(get_u16(m->v[VSWITCH_MATCH_A_DL_VLAN]));
		w &= ~OFPFW10_DL_VLAN;
	}
	if (m->has[VSWITCH_MATCH_A_DL_VLAN_PCP]) {
		om->dl_vlan_pcp = m->v[VSWITCH_MATCH_A_DL_VLAN_PCP][0];
		w &= ~OFPFW10_DL_VLAN_PCP;
	}
	if (m->has[VSWITCH_MATCH_A_DL_TYPE]) {
		om->dl_type = get_u16(m->v[VSWITCH_MATCH_A_DL_TYPE]);
		dl_type = ntohs(om->dl_type);
		w &= ~OFPFW10_DL_TYPE;
		ip = dl_type == ETH_P_IP;
		arp = dl_type == ETH_P_ARP;
	}
	if (ip && m->has[VSWITCH_MATCH_A_NW_TOS]) {
		om->nw_tos = m->v[VSWITCH_MATCH_A_NW_TOS][0];
		w &= ~OFPFW10_NW_TOS;
	} else if (m->has[VSWITCH_MATCH_A_NW_TOS]) {
		lossy = true;	/* IPv6 traffic class */
	}
	if (ip && m->has[VSWITCH_MATCH_A_NW_PROTO]) {
		proto = om->nw_proto = m->v[VSWITCH_MATCH_A_NW_PROTO][0];
		w &= ~OFPFW10_NW_PROTO;
	} else if (m->has[VSWITCH_MATCH_A_NW_PROTO]) {
		lossy = true;
	}
	if (arp && m->has[VSWITCH_MATCH_A_ARP_OP]) {
		uint16_t op = ntohs(get_u16(m->v[VSWITCH_MATCH_A_ARP_OP]));

		if (op <= 0xff) {
			om->nw_proto = op;
			w &= ~OFPFW10_NW_PROTO;
		} else {
			lossy = true;
		}
	}
	if (ip || arp) {
		__be32 addr = 0;

		bits = nw_put(m, ip ? VSWITCH_MATCH_A_NW_SRC : VSWITCH_MATCH_A_ARP_SPA,
			      ip ? VSWITCH_MATCH_A_NW_SRC_MASK :
			      VSWITCH_MATCH_A_ARP_SPA_MASK, &addr, &lossy);
		om->nw_src = addr;
		w = (w & ~OFPFW10_NW_SRC_MASK) | bits << OFPFW10_NW_SRC_SHIFT;
		addr = 0;
		bits = nw_put(m, ip ? VSWITCH_MATCH_A_NW_DST : VSWITCH_MATCH_A_ARP_TPA,
			      ip ? VSWITCH_MATCH_A_NW_DST_MASK :
			      VSWITCH_MATCH_A_ARP_TPA_MASK, &addr, &lossy);
		om->nw_dst = addr;
		w = (w & ~OFPFW10_NW_DST_MASK) | bits << OFPFW10_NW_DST_SHIFT;
	}
	if (ip && !(w & OFPFW10_NW_PROTO) && (proto == 6 || proto == 17)) {
		if (m->has[VSWITCH_MATCH_A_TP_SRC] &&
		    !m->has[VSWITCH_MATCH_A_TP_SRC_MASK]) {
			om->tp_src = get_u16(m->v[VSWITCH_MATCH_A_TP_SRC]);
			w &= ~OFPFW10_TP_SRC;
		}
		if (m->has[VSWITCH_MATCH_A_TP_DST] &&
		    !m->has[VSWITCH_MATCH_A_TP_DST_MASK]) {
			om->tp_dst = get_u16(m->v[VSWITCH_MATCH_A_TP_DST]);
			w &= ~OFPFW10_TP_DST;
		}
	} else if (ip && !(w & OFPFW10_NW_PROTO) && proto == 1) {
		if (m->has[VSWITCH_MATCH_A_ICMP_TYPE]) {
			om->tp_src = htons(m->v[VSWITCH_MATCH_A_ICMP_TYPE][0]);
			w &= ~OFPFW10_TP_SRC;
		}
		if (m->has[VSWITCH_MATCH_A_ICMP_CODE]) {
			om->tp_dst = htons(m->v[VSWITCH_MATCH_A_ICMP_CODE][0]);
			w &= ~OFPFW10_TP_DST;
		}
	} else if (m->has[VSWITCH_MATCH_A_TP_SRC] ||
		   m->has[VSWITCH_MATCH_A_TP_DST] ||
		   m->has[VSWITCH_MATCH_A_ICMP_TYPE] ||
		   m->has[VSWITCH_MATCH_A_ICMP_CODE]) {
		lossy = true;	/* SCTP, ICMPv6 */
	}
	om->wildcards = htonl(w);
	return lossy;
}

/* ---- Actions ---- */

static struct action *add_action(struct flow *flow, uint16_t type,
				 uint16_t len, struct ofp_error *err)
{
	struct action *a = flow_add_action(flow, type, len);

	if (!a)
		BAD_ACTION(err, OFPBAC10_TOO_MANY, "more than 64 actions");
	return a;
}

static int parse_output(const uint8_t *p, struct flow *flow, bool packet_out,
			struct ofp_error *err)
{
	uint16_t port = ofp_get16(p + 4), max_len = ofp_get16(p + 6);
	struct action *a;
	uint16_t type;

	switch (port) {
	case OFPP10_IN_PORT:
		type = VSWITCH_ACTION_A_IN_PORT;
		break;
	case OFPP10_NORMAL:
		type = VSWITCH_ACTION_A_NORMAL;
		break;
	case OFPP10_FLOOD:
		type = VSWITCH_ACTION_A_FLOOD;
		break;
	case OFPP10_ALL:
		type = VSWITCH_ACTION_A_ALL;
		break;
	case OFPP10_CONTROLLER:
		/* 0 and 0xffff: the whole frame (ofp_controller_len()). */
		a = add_action(flow, VSWITCH_ACTION_A_CONTROLLER, 2, err);
		if (!a)
			return -1;
		put_u16(a->v, ofp_controller_len(max_len));
		return 0;
	case OFPP10_TABLE:
		return BAD_ACTION(err, OFPBAC10_BAD_OUT_PORT, packet_out ?
				  "output to OFPP_TABLE is not supported" :
				  "output to OFPP_TABLE is for packet-out only");
	default:
		if (!((port >= 1 && port <= VSWITCH_PORT_MAX) ||
		      port == OFPP10_LOCAL))
			return BAD_ACTION(err, OFPBAC10_BAD_OUT_PORT,
					  "output to a port the switch cannot have");
		a = add_action(flow, VSWITCH_ACTION_A_OUTPUT, 4, err);
		if (!a)
			return -1;
		put_u32(a->v, port);
		return 0;
	}
	return add_action(flow, type, 0, err) ? 0 : -1;
}

int ofp10_parse_actions(const uint8_t *p, size_t len, struct flow *flow,
			bool packet_out, struct ofp_error *err)
{
	flow->has_actions = true;
	while (len) {
		unsigned int type, alen, want;
		struct action *a;
		uint16_t vid;

		if (len < sizeof(struct ofp_action_header))
			return BAD_ACTION(err, OFPBAC10_BAD_LEN,
					  "an action header is cut short");
		type = ofp_get16(p);
		alen = ofp_get16(p + 2);
		/* The type first: an unknown one has no length to check. */
		switch (type) {
		case OFPAT10_SET_DL_SRC:
		case OFPAT10_SET_DL_DST:
		case OFPAT10_ENQUEUE:
			want = 16;
			break;
		case OFPAT10_VENDOR:
			want = alen;
			break;
		case OFPAT10_OUTPUT:
		case OFPAT10_SET_VLAN_VID:
		case OFPAT10_SET_VLAN_PCP:
		case OFPAT10_STRIP_VLAN:
		case OFPAT10_SET_NW_SRC:
		case OFPAT10_SET_NW_DST:
		case OFPAT10_SET_NW_TOS:
		case OFPAT10_SET_TP_SRC:
		case OFPAT10_SET_TP_DST:
			want = 8;
			break;
		default:
			return BAD_ACTION(err, OFPBAC10_BAD_TYPE,
					  "an unknown action type");
		}
		if (alen < 8 || alen % 8 || alen > len)
			return BAD_ACTION(err, OFPBAC10_BAD_LEN,
					  "an action's length is not a multiple of 8 within the list");
		if (alen != want)
			return BAD_ACTION(err, OFPBAC10_BAD_LEN,
					  "an action of the wrong length for its type");
		switch (type) {
		case OFPAT10_OUTPUT:
			if (parse_output(p, flow, packet_out, err) < 0)
				return -1;
			break;
		case OFPAT10_SET_VLAN_VID:
			vid = ofp_get16(p + 4);
			if (vid > 4095)
				return BAD_ACTION(err, OFPBAC10_BAD_ARGUMENT,
						  "set_vlan_vid takes 0 to 4095");
			a = add_action(flow, VSWITCH_ACTION_A_MOD_VLAN_VID, 2, err);
			if (!a)
				return -1;
			put_u16(a->v, vid);
			break;
		case OFPAT10_STRIP_VLAN:
			if (!add_action(flow, VSWITCH_ACTION_A_STRIP_VLAN, 0, err))
				return -1;
			break;
		case OFPAT10_SET_DL_SRC:
		case OFPAT10_SET_DL_DST:
			a = add_action(flow, type == OFPAT10_SET_DL_SRC ?
				       VSWITCH_ACTION_A_MOD_DL_SRC :
				       VSWITCH_ACTION_A_MOD_DL_DST, 6, err);
			if (!a)
				return -1;
			memcpy(a->v, p + 4, 6);
			break;
		case OFPAT10_SET_NW_SRC:
		case OFPAT10_SET_NW_DST:
			a = add_action(flow, type == OFPAT10_SET_NW_SRC ?
				       VSWITCH_ACTION_A_MOD_NW_SRC :
				       VSWITCH_ACTION_A_MOD_NW_DST, 4, err);
			if (!a)
				return -1;
			memcpy(a->v, p + 4, 4);
			break;
		case OFPAT10_SET_NW_TOS:
			if (p[4] & 0x03)
				return BAD_ACTION(err, OFPBAC10_BAD_ARGUMENT,
						  "set_nw_tos takes the DSCP bits: a multiple of 4");
			a = add_action(flow, VSWITCH_ACTION_A_MOD_NW_TOS, 1, err);
			if (!a)
				return -1;
			a->v[0] = p[4];
			break;
		case OFPAT10_VENDOR:
			return BAD_ACTION(err, OFPBAC10_BAD_VENDOR,
					  "no vendor actions are supported");
		default:
			/*
			 * SET_VLAN_PCP, SET_TP_*: the kernel has none. ENQUEUE:
			 * no queues; the features reply leaves it out, so it
			 * is a type the switch does not support, not a
			 * queue it does not have.
			 */
			return BAD_ACTION(err, OFPBAC10_BAD_TYPE,
					  "an action the switch does not support");
		}
		p += alen;
		len -= alen;
	}
	return 0;
}

static void put_action(struct ofp_buf *b, uint16_t type, const void *arg,
		       size_t n, size_t len)
{
	ofpb_put16(b, type);
	ofpb_put16(b, len);
	ofpb_put_bytes(b, arg, n);
	ofpb_put(b, len - 4 - n);
}

static void put_output(struct ofp_buf *b, uint16_t port, uint16_t max_len)
{
	uint8_t v[4];

	ofp_put16(v, port);
	ofp_put16(v + 2, max_len);
	put_action(b, OFPAT10_OUTPUT, v, 4, 8);
}

int ofp10_put_actions(struct ofp_buf *b, const struct flow *flow)
{
	bool lossy = false;
	unsigned int i;

	for (i = 0; i < flow->n_actions; i++) {
		const struct action *a = &flow->actions[i];
		uint8_t v[2];
		uint16_t n;

		switch (a->type) {
		case VSWITCH_ACTION_A_OUTPUT:
			put_output(b, get_u32(a->v), 0);
			break;
		case VSWITCH_ACTION_A_NORMAL:
			put_output(b, OFPP10_NORMAL, 0);
			break;
		case VSWITCH_ACTION_A_FLOOD:
			put_output(b, OFPP10_FLOOD, 0);
			break;
		case VSWITCH_ACTION_A_ALL:
			put_output(b, OFPP10_ALL, 0);
			break;
		case VSWITCH_ACTION_A_IN_PORT:
			put_output(b, OFPP10_IN_PORT, 0);
			break;
		case VSWITCH_ACTION_A_CONTROLLER:
			n = get_u16(a->v);
			put_output(b, OFPP10_CONTROLLER, n ? n : 0xffff);
			break;
		case VSWITCH_ACTION_A_MOD_VLAN_VID:
			ofp_put16(v, get_u16(a->v));
			put_action(b, OFPAT10_SET_VLAN_VID, v, 2, 8);
			break;
		case VSWITCH_ACTION_A_STRIP_VLAN:
			put_action(b, OFPAT10_STRIP_VLAN, NULL, 0, 8);
			break;
		case VSWITCH_ACTION_A_MOD_DL_SRC:
			put_action(b, OFPAT10_SET_DL_SRC, a->v, 6, 16);
			break;
		case VSWITCH_ACTION_A_MOD_DL_DST:
			put_action(b, OFPAT10_SET_DL_DST, a->v, 6, 16);
			break;
		case VSWITCH_ACTION_A_MOD_NW_SRC:
			put_action(b, OFPAT10_SET_NW_SRC, a->v, 4, 8);
			break;
		case VSWITCH_ACTION_A_MOD_NW_DST:
			put_action(b, OFPAT10_SET_NW_DST, a->v, 4, 8);
			break;
		case VSWITCH_ACTION_A_MOD_NW_TOS:
			put_action(b, OFPAT10_SET_NW_TOS, a->v, 1, 8);
			break;
		default:	/* push_vlan, dec_ttl, set_tunnel */
			lossy = true;
			break;
		}
	}
	return b->full ? -1 : lossy;
}

/* ---- FLOW_MOD ---- */

/*
 * A 1.0 port number as 1.3 numbers it: the reserved ones, LOCAL among
 * them, move up from 0xfff8 to 0xfffffff8; NONE becomes ANY.
 */
static uint32_t port10_to_13(uint16_t port)
{
	if (port == OFPP10_NONE)
		return OFPP13_ANY;
	return port >= OFPP10_IN_PORT ? 0xffff0000u | port : port;
}

static uint16_t port13_to_10(uint32_t port)
{
	if (port == OFPP13_ANY)
		return OFPP10_NONE;
	return port >= OFPP13_IN_PORT ? port & 0xffff : port;
}

int ofp10_parse_flow_mod(const uint8_t *msg, size_t len,
			 struct ofp_flow_mod *fm, struct ofp_error *err)
{
	struct ofp10_flow_mod om;
	struct flow *flow = &fm->flow;
	uint16_t command;

	memset(fm, 0, sizeof(*fm));
	if (len < sizeof(om) || ofp_get16(msg + 2) != len)
		return ERR(err, OFPET10_BAD_REQUEST, OFPBRC10_BAD_LEN,
			   "a flow_mod is at least 72 bytes, as its header says");
	memcpy(&om, msg, sizeof(om));
	command = ntohs(om.command);
	if (command > OFPFC_DELETE_STRICT)
		return ERR(err, OFPET10_FLOW_MOD_FAILED, OFPFMFC10_BAD_COMMAND,
			   "an unknown flow_mod command");
	fm->command = command;
	fm->modify_may_add = command == OFPFC_MODIFY ||
			     command == OFPFC_MODIFY_STRICT;
	fm->of_flags = ntohs(om.flags);
	fm->buffer_id = ntohl(om.buffer_id);
	fm->out_port = port10_to_13(ntohs(om.out_port));
	fm->out_group = OFPG_ANY;
	flow->idle_timeout = ntohs(om.idle_timeout);
	flow->hard_timeout = ntohs(om.hard_timeout);
	/*
	 * The switch has no emergency flow cache (1.0.0 5.3.3), so it
	 * cannot add to it: ADD, and MODIFY, which adds since it matches
	 * nothing there (modify_may_add), are refused, with a timeout
	 * first as the specification asks of emergency adds. A DELETE of
	 * emergency flows deletes nothing: the agent must look at of_flags.
	 */
	if ((fm->of_flags & OFPFF10_EMERG) &&
	    (command == OFPFC_ADD || fm->modify_may_add)) {
		if (flow->idle_timeout || flow->hard_timeout)
			return ERR(err, OFPET10_FLOW_MOD_FAILED,
				   OFPFMFC10_BAD_EMERG_TIMEOUT,
				   "an emergency flow with a timeout");
		return ERR(err, OFPET10_FLOW_MOD_FAILED,
			   OFPFMFC10_ALL_TABLES_FULL,
			   "the switch has no emergency flow cache");
	}
	fm->check_overlap = fm->of_flags & OFPFF10_CHECK_OVERLAP;
	if (fm->of_flags & OFPFF10_SEND_FLOW_REM)
		flow->flags |= VSWITCH_FLOW_F_SEND_REMOVED;
	/*
	 * An exact-match entry is always the highest priority (1.0.0 3.4).
	 * This holds for MODIFY_STRICT and DELETE_STRICT too, which must
	 * find it, and the kernel keeps 0xffff: flow stats and FLOW_REMOVED
	 * report that, not the priority the controller sent.
	 */
	flow->priority = ntohl(om.match.wildcards) & OFPFW10_ALL ?
			 ntohs(om.priority) : 0xffff;
	flow->has_priority = command == OFPFC_ADD ||
			     command == OFPFC_MODIFY_STRICT ||
			     command == OFPFC_DELETE_STRICT;
	flow->cookie = be64toh(om.cookie);
	if (ofp10_parse_match(&om.match, &flow->match, err) < 0)
		return -1;
	if (command == OFPFC_DELETE || command == OFPFC_DELETE_STRICT)
		return 0;
	if (fm->buffer_id != OFP_NO_BUFFER)
		return ERR(err, OFPET10_BAD_REQUEST, OFPBRC10_BUFFER_UNKNOWN,
			   "the switch buffers no packets");
	return ofp10_parse_actions(msg + sizeof(om), len - sizeof(om), flow,
				   false, err);
}

int ofp10_put_flow_mod(struct ofp_buf *b, uint32_t xid,
		       const struct ofp_flow_mod *fm)
{
	const struct flow *flow = &fm->flow;
	size_t start = ofpb_start_msg(b, OFP10_VERSION, OFPT10_FLOW_MOD, xid);
	struct ofp10_match om;

	ofp10_put_match(&om, &flow->match);
	ofpb_put_bytes(b, &om, sizeof(om));
	ofpb_put64(b, flow->cookie);
	ofpb_put16(b, fm->command);
	ofpb_put16(b, flow->idle_timeout);
	ofpb_put16(b, flow->hard_timeout);
	ofpb_put16(b, flow->priority);
	ofpb_put32(b, fm->buffer_id);
	ofpb_put16(b, port13_to_10(fm->out_port));
	ofpb_put16(b, fm->of_flags);
	if (flow->has_actions && ofp10_put_actions(b, flow) < 0)
		return -1;
	return ofpb_end_msg(b, start);
}
