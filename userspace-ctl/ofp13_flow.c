// SPDX-License-Identifier: GPL-2.0
/*
 * OpenFlow 1.3 flows: the OXM match (1.3.5 7.2.3), instructions (7.2.4),
 * actions (7.2.5) and FLOW_MOD (7.3.4.2), to and from struct flow.
 *
 * The kernel has one table, so the one instruction that does anything is
 * APPLY_ACTIONS; the others are refused (see parse_instruction()). A
 * match is checked as the specification says, in this order for each OXM
 * TLV: its length (OFPBMC_BAD_LEN), whether we know the field
 * (_BAD_FIELD), its length for that field (_BAD_LEN), a second TLV of the
 * field (_DUP_FIELD), a mask where none is allowed (_BAD_MASK), value bits
 * outside the mask (_BAD_WILDCARDS); then over the whole match the values
 * (_BAD_VALUE), the prerequisites (_BAD_PREREQ) and the VLAN masks the
 * kernel cannot match (_BAD_MASK). The kernel takes any mask on the other
 * maskable fields.
 *
 * A match decodes to the attributes the kernel would report for it: a mask
 * of all ones is no mask, a field under a mask of all zeros is left out,
 * so that encoding a decoded match and decoding it again gives the same
 * struct match.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <string.h>
#include <linux/if_ether.h>

#include "ofp_codec.h"

#define ERR(e, t, c, w)	ofp_fail(e, t, c, w)
#define BAD_MATCH(e, c, w)	ERR(e, OFPET13_BAD_MATCH, c, w)
#define BAD_ACTION(e, c, w)	ERR(e, OFPET13_BAD_ACTION, c, w)
#define BAD_INST(e, c, w)	ERR(e, OFPET13_BAD_INSTRUCTION, c, w)

/*
 * What a field needs of the rest of the match: 1.3.5 7.2.3.6, and the
 * prerequisite column of Table 12 in 7.2.3.8.
 */
enum oxm_prereq {
	P_NONE,
	P_VLAN,		/* VLAN_VID that is not OFPVID_NONE */
	P_IP,		/* ETH_TYPE 0x0800 or 0x86dd */
	P_IPV4,
	P_IPV6,
	P_ARP,
	P_TCP,		/* IP_PROTO 6 (and P_IP) */
	P_UDP,
	P_SCTP,
	P_ICMPV4,	/* ETH_TYPE 0x0800 and IP_PROTO 1: stricter than
			 * Table 12 (IP_PROTO 1, which 0x86dd admits), as
			 * the kernel's ICMP fields are */
	P_ICMPV6,	/* ETH_TYPE 0x86dd and IP_PROTO 58 */
};

/* How a field's value is held in struct match. */
enum oxm_conv {
	C_COPY,		/* the same bytes: addresses, ports, be16 */
	C_PORT,		/* be32 on the wire, a host u32 port number */
	C_DSCP,		/* 6 bits on the wire, the TOS byte in the kernel */
	C_VLAN,		/* OFPVID_PRESENT | VID, see oxm_put_vlan() */
	C_U64,		/* be64 on the wire, host u64 in the kernel */
};

struct oxm_field {
	uint16_t class;
	uint8_t field;
	uint8_t len;		/* bytes of the value */
	bool maskable;
	uint8_t prereq;
	uint8_t conv;
	uint8_t attr, mask_attr;
};

/*
 * Every field we take, in the order we write them: each after its
 * prerequisites. TCP, UDP and SCTP ports share the kernel's TP_*, ICMPv4
 * and ICMPv6 its ICMP_*; which one a kernel match means is the one whose
 * prerequisite it meets. The ports take masks as the kernel does, which
 * the specification does not require.
 */
static const struct oxm_field oxm_fields[] = {
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IN_PORT, 4, false, P_NONE, C_PORT,
	  VSWITCH_MATCH_A_IN_PORT, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ETH_DST, 6, true, P_NONE, C_COPY,
	  VSWITCH_MATCH_A_DL_DST, VSWITCH_MATCH_A_DL_DST_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ETH_SRC, 6, true, P_NONE, C_COPY,
	  VSWITCH_MATCH_A_DL_SRC, VSWITCH_MATCH_A_DL_SRC_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ETH_TYPE, 2, false, P_NONE, C_COPY,
	  VSWITCH_MATCH_A_DL_TYPE, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_VLAN_VID, 2, true, P_NONE, C_VLAN,
	  VSWITCH_MATCH_A_DL_VLAN, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_VLAN_PCP, 1, false, P_VLAN, C_COPY,
	  VSWITCH_MATCH_A_DL_VLAN_PCP, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IP_DSCP, 1, false, P_IP, C_DSCP,
	  VSWITCH_MATCH_A_NW_TOS, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IP_PROTO, 1, false, P_IP, C_COPY,
	  VSWITCH_MATCH_A_NW_PROTO, 0 },
	{ OFPXMC_NXM_1, NXM1_IP_TTL, 1, false, P_IP, C_COPY,
	  VSWITCH_MATCH_A_NW_TTL, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IPV4_SRC, 4, true, P_IPV4, C_COPY,
	  VSWITCH_MATCH_A_NW_SRC, VSWITCH_MATCH_A_NW_SRC_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IPV4_DST, 4, true, P_IPV4, C_COPY,
	  VSWITCH_MATCH_A_NW_DST, VSWITCH_MATCH_A_NW_DST_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_TCP_SRC, 2, true, P_TCP, C_COPY,
	  VSWITCH_MATCH_A_TP_SRC, VSWITCH_MATCH_A_TP_SRC_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_TCP_DST, 2, true, P_TCP, C_COPY,
	  VSWITCH_MATCH_A_TP_DST, VSWITCH_MATCH_A_TP_DST_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_UDP_SRC, 2, true, P_UDP, C_COPY,
	  VSWITCH_MATCH_A_TP_SRC, VSWITCH_MATCH_A_TP_SRC_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_UDP_DST, 2, true, P_UDP, C_COPY,
	  VSWITCH_MATCH_A_TP_DST, VSWITCH_MATCH_A_TP_DST_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_SCTP_SRC, 2, true, P_SCTP, C_COPY,
	  VSWITCH_MATCH_A_TP_SRC, VSWITCH_MATCH_A_TP_SRC_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_SCTP_DST, 2, true, P_SCTP, C_COPY,
	  VSWITCH_MATCH_A_TP_DST, VSWITCH_MATCH_A_TP_DST_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ICMPV4_TYPE, 1, false, P_ICMPV4,
	  C_COPY, VSWITCH_MATCH_A_ICMP_TYPE, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ICMPV4_CODE, 1, false, P_ICMPV4,
	  C_COPY, VSWITCH_MATCH_A_ICMP_CODE, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ARP_OP, 2, false, P_ARP, C_COPY,
	  VSWITCH_MATCH_A_ARP_OP, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ARP_SPA, 4, true, P_ARP, C_COPY,
	  VSWITCH_MATCH_A_ARP_SPA, VSWITCH_MATCH_A_ARP_SPA_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ARP_TPA, 4, true, P_ARP, C_COPY,
	  VSWITCH_MATCH_A_ARP_TPA, VSWITCH_MATCH_A_ARP_TPA_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IPV6_SRC, 16, true, P_IPV6, C_COPY,
	  VSWITCH_MATCH_A_IPV6_SRC, VSWITCH_MATCH_A_IPV6_SRC_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IPV6_DST, 16, true, P_IPV6, C_COPY,
	  VSWITCH_MATCH_A_IPV6_DST, VSWITCH_MATCH_A_IPV6_DST_MASK },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ICMPV6_TYPE, 1, false, P_ICMPV6,
	  C_COPY, VSWITCH_MATCH_A_ICMP_TYPE, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ICMPV6_CODE, 1, false, P_ICMPV6,
	  C_COPY, VSWITCH_MATCH_A_ICMP_CODE, 0 },
	{ OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_TUNNEL_ID, 8, true, P_NONE, C_U64,
	  VSWITCH_MATCH_A_TUN_ID, VSWITCH_MATCH_A_TUN_ID_MASK },
	{ OFPXMC_NXM_1, NXM1_TUN_IPV4_SRC, 4, true, P_NONE, C_COPY,
	  VSWITCH_MATCH_A_TUN_SRC, VSWITCH_MATCH_A_TUN_SRC_MASK },
	{ OFPXMC_NXM_1, NXM1_TUN_IPV4_DST, 4, true, P_NONE, C_COPY,
	  VSWITCH_MATCH_A_TUN_DST, VSWITCH_MATCH_A_TUN_DST_MASK },
};

#define N_OXM_FIELDS	(sizeof(oxm_fields) / sizeof(oxm_fields[0]))

static const struct oxm_field *oxm_find(uint16_t class, uint8_t field,
					unsigned int *idx)
{
	unsigned int i;

	for (i = 0; i < N_OXM_FIELDS; i++) {
		if (oxm_fields[i].class == class &&
		    oxm_fields[i].field == field) {
			if (idx)
				*idx = i;
			return &oxm_fields[i];
		}
	}
	return NULL;
}

static bool all_is(const uint8_t *p, size_t n, uint8_t b)
{
	while (n--)
		if (*p++ != b)
			return false;
	return true;
}

/* The exact ETH_TYPE and IP_PROTO of a match, -1 for none. */
struct oxm_ctx {
	int eth_type, proto;
	bool tagged;		/* VLAN_VID says there is a tag */
};

static bool oxm_prereq_met(const struct oxm_ctx *c, uint8_t prereq)
{
	bool ip = c->eth_type == ETH_P_IP || c->eth_type == ETH_P_IPV6;

	switch (prereq) {
	case P_VLAN:
		return c->tagged;
	case P_IP:
		return ip;
	case P_IPV4:
		return c->eth_type == ETH_P_IP;
	case P_IPV6:
		return c->eth_type == ETH_P_IPV6;
	case P_ARP:
		return c->eth_type == ETH_P_ARP;
	case P_TCP:
		return ip && c->proto == 6;
	case P_UDP:
		return ip && c->proto == 17;
	case P_SCTP:
		return ip && c->proto == 132;
	case P_ICMPV4:
		return c->eth_type == ETH_P_IP && c->proto == 1;
	case P_ICMPV6:
		return c->eth_type == ETH_P_IPV6 && c->proto == 58;
	}
	return true;
}

/* One TLV's value and mask, as received. */
struct oxm_value {
	bool has, masked;
	uint8_t v[16], m[16];
};

static bool in_port_valid(uint32_t port)
{
	return (port >= 1 && port <= VSWITCH_PORT_MAX) || port == OFPP13_LOCAL;
}

/* The TLVs, checked one by one, into @vals. */
static int oxm_pull(const uint8_t *p, size_t len, struct oxm_value *vals,
		    struct ofp_error *err)
{
	while (len) {
		const struct oxm_field *f;
		struct oxm_value *val;
		unsigned int i, olen, n;
		uint32_t h;
		bool hasmask;

		if (len < 4)
			return BAD_MATCH(err, OFPBMC13_BAD_LEN,
					 "an OXM header is cut short");
		h = ofp_get32(p);
		olen = OXM_LENGTH(h);
		hasmask = OXM_HASMASK(h);
		if (olen > len - 4)
			return BAD_MATCH(err, OFPBMC13_BAD_LEN,
					 "an OXM TLV runs past the match");
		f = oxm_find(OXM_CLASS(h), OXM_FIELD(h), &i);
		if (!f)
			return BAD_MATCH(err, OFPBMC13_BAD_FIELD,
					 "an OXM field the switch does not match");
		n = f->len;
		if (olen != (hasmask ? 2 * n : n))
			return BAD_MATCH(err, OFPBMC13_BAD_LEN,
					 "an OXM TLV of the wrong length for its field");
		val = &vals[i];
		if (val->has)
			return BAD_MATCH(err, OFPBMC13_DUP_FIELD,
					 "an OXM field twice");
		if (hasmask && !f->maskable)
			return BAD_MATCH(err, OFPBMC13_BAD_MASK,
					 "a mask on a field that takes none");
		val->has = true;
		val->masked = hasmask;
		memcpy(val->v, p + 4, n);
		if (hasmask) {
			unsigned int j;

			memcpy(val->m, p + 4 + n, n);
			/* 1.3.5 7.2.3.5: a value bit under a 0 mask bit. */
			for (j = 0; j < n; j++)
				if (val->v[j] & ~val->m[j])
					return BAD_MATCH(err, OFPBMC13_BAD_WILDCARDS,
							 "an OXM value has bits its mask clears");
		} else {
			memset(val->m, 0xff, n);
		}
		p += 4 + olen;
		len -= 4 + olen;
	}
	return 0;
}

/* VLAN_VID into the kernel's DL_VLAN; *any_tag for 0x1000/0x1000. */
static int oxm_vlan(const struct oxm_value *val, struct match *m,
		    bool *any_tag, struct ofp_error *err)
{
	uint16_t v = ofp_get16(val->v), mask = ofp_get16(val->m);

	*any_tag = false;
	if ((mask & 0x1fff) == 0x1fff) {
		if (v == OFPVID_NONE) {
			put_u16(m->v[VSWITCH_MATCH_A_DL_VLAN], VSWITCH_VLAN_NONE);
		} else if ((v & OFPVID_PRESENT) && v <= 0x1fff) {
			put_u16(m->v[VSWITCH_MATCH_A_DL_VLAN], v & 0x0fff);
		} else {
			return BAD_MATCH(err, OFPBMC13_BAD_VALUE,
					 "vlan_vid is OFPVID_NONE or OFPVID_PRESENT | VID");
		}
		m->has[VSWITCH_MATCH_A_DL_VLAN] = true;
		return 0;
	}
	if (mask == OFPVID_PRESENT && v == OFPVID_PRESENT) {
		*any_tag = true;
		return 0;
	}
	/* 0x0000/0x1000: no tag, as OFPVID_NONE says exactly. */
	if (mask == OFPVID_PRESENT && v == OFPVID_NONE) {
		put_u16(m->v[VSWITCH_MATCH_A_DL_VLAN], VSWITCH_VLAN_NONE);
		m->has[VSWITCH_MATCH_A_DL_VLAN] = true;
		return 0;
	}
	return BAD_MATCH(err, OFPBMC13_BAD_MASK,
			 "vlan_vid takes no mask but 0x1000/0x1000 (with vlan_pcp) and 0/0x1000");
}

int ofp13_parse_match(const uint8_t *p, size_t len, struct match *m,
		      size_t *used, struct ofp_error *err)
{
	struct oxm_value vals[N_OXM_FIELDS];
	struct oxm_ctx ctx = { .eth_type = -1, .proto = -1 };
	const struct oxm_value *val;
	unsigned int i, mlen;
	bool any_tag = false;
	unsigned int pcp_idx;
	int vid_idx = -1;

	memset(m, 0, sizeof(*m));
	memset(vals, 0, sizeof(vals));
	if (len < sizeof(struct ofp13_match_header))
		return BAD_MATCH(err, OFPBMC13_BAD_LEN, "the match is cut short");
	if (ofp_get16(p) != OFPMT_OXM)
		return BAD_MATCH(err, OFPBMC13_BAD_TYPE,
				 "the match is not of type OFPMT_OXM");
	mlen = ofp_get16(p + 2);
	if (mlen < sizeof(struct ofp13_match_header) || OFP_ALIGN8(mlen) > len)
		return BAD_MATCH(err, OFPBMC13_BAD_LEN,
				 "the match length is wrong for the message");
	*used = OFP_ALIGN8(mlen);
	if (oxm_pull(p + 4, mlen - 4, vals, err) < 0)
		return -1;

	for (i = 0; i < N_OXM_FIELDS; i++) {
		const struct oxm_field *f = &oxm_fields[i];

		val = &vals[i];
		if (!val->has)
			continue;
		switch (f->attr) {
		case VSWITCH_MATCH_A_IN_PORT:
			if (!in_port_valid(ofp_get32(val->v)))
				return BAD_MATCH(err, OFPBMC13_BAD_VALUE,
						 "in_port is not a port of the switch");
			break;
		case VSWITCH_MATCH_A_DL_VLAN_PCP:
			if (val->v[0] > 7)
				return BAD_MATCH(err, OFPBMC13_BAD_VALUE,
						 "vlan_pcp is 0 to 7");
			break;
		case VSWITCH_MATCH_A_NW_TOS:
			if (val->v[0] > 63)
				return BAD_MATCH(err, OFPBMC13_BAD_VALUE,
						 "ip_dscp is 0 to 63");
			break;
		case VSWITCH_MATCH_A_DL_TYPE:
			ctx.eth_type = ofp_get16(val->v);
			break;
		case VSWITCH_MATCH_A_NW_PROTO:
			ctx.proto = val->v[0];
			break;
		case VSWITCH_MATCH_A_DL_VLAN:
			vid_idx = i;
			break;
		}
	}
	if (vid_idx >= 0) {
		val = &vals[vid_idx];
		/* Tagged if every frame the field admits has a tag. */
		ctx.tagged = (ofp_get16(val->m) & OFPVID_PRESENT) &&
			     (ofp_get16(val->v) & OFPVID_PRESENT);
		if (!all_is(val->m, 2, 0) && oxm_vlan(val, m, &any_tag, err) < 0)
			return -1;
	}
	for (i = 0; i < N_OXM_FIELDS; i++)
		if (vals[i].has && !oxm_prereq_met(&ctx, oxm_fields[i].prereq))
			return BAD_MATCH(err, OFPBMC13_BAD_PREREQ,
					 "a field's prerequisite is not in the match");
	/* The table has VLAN_PCP: oxm_find() sets pcp_idx, gcc -O2 misses it. */
	if (!oxm_find(OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_VLAN_PCP, &pcp_idx))
		pcp_idx = 0;
	if (any_tag && !vals[pcp_idx].has)
		return BAD_MATCH(err, OFPBMC13_BAD_MASK,
				 "the switch matches any VLAN tag only with a vlan_pcp");

	for (i = 0; i < N_OXM_FIELDS; i++) {
		const struct oxm_field *f = &oxm_fields[i];
		uint8_t *v = m->v[f->attr];
		uint64_t u64;

		val = &vals[i];
		/* A field under a zero mask matches everything: leave it out. */
		if (!val->has || f->conv == C_VLAN || all_is(val->m, f->len, 0))
			continue;
		switch (f->conv) {
		case C_PORT:
			put_u32(v, ofp13_port_to_vsw(ofp_get32(val->v)));
			break;
		case C_DSCP:
			v[0] = val->v[0] << 2;
			break;
		case C_U64:
			u64 = ofp_get64(val->v);
			memcpy(v, &u64, 8);
			if (val->masked && !all_is(val->m, 8, 0xff)) {
				u64 = ofp_get64(val->m);
				memcpy(m->v[f->mask_attr], &u64, 8);
				m->has[f->mask_attr] = true;
			}
			break;
		default:
			memcpy(v, val->v, f->len);
			if (val->masked && !all_is(val->m, f->len, 0xff)) {
				memcpy(m->v[f->mask_attr], val->m, f->len);
				m->has[f->mask_attr] = true;
			}
			break;
		}
		m->has[f->attr] = true;
	}
	return 0;
}

static void oxm_put(struct ofp_buf *b, const struct oxm_field *f,
		    const uint8_t *v, const uint8_t *mask)
{
	ofpb_put32(b, OXM_HEADER(f->class, f->field, mask ? 1 : 0,
				 mask ? 2 * f->len : f->len));
	ofpb_put_bytes(b, v, f->len);
	if (mask)
		ofpb_put_bytes(b, mask, f->len);
}

int ofp13_put_match(struct ofp_buf *b, const struct match *m)
{
	struct oxm_ctx ctx = { .eth_type = -1, .proto = -1, .tagged = true };
	size_t start = b->len;
	unsigned int i;
	uint8_t *hdr;

	if (m->has[VSWITCH_MATCH_A_DL_TYPE])
		ctx.eth_type = ntohs(get_u16(m->v[VSWITCH_MATCH_A_DL_TYPE]));
	if (m->has[VSWITCH_MATCH_A_NW_PROTO])
		ctx.proto = m->v[VSWITCH_MATCH_A_NW_PROTO][0];
	hdr = ofpb_put(b, 4);
	for (i = 0; i < N_OXM_FIELDS; i++) {
		const struct oxm_field *f = &oxm_fields[i];
		const uint8_t *mask = NULL;
		uint8_t v[16], mv[16];
		uint64_t u64;

		if (f->conv == C_VLAN) {
			uint16_t vid;

			if (m->has[VSWITCH_MATCH_A_DL_VLAN]) {
				vid = get_u16(m->v[VSWITCH_MATCH_A_DL_VLAN]);
				vid = vid == VSWITCH_VLAN_NONE ? OFPVID_NONE :
				      OFPVID_PRESENT | (vid & 0x0fff);
				ofp_put16(v, vid);
				oxm_put(b, f, v, NULL);
			} else if (m->has[VSWITCH_MATCH_A_DL_VLAN_PCP]) {
				/* A PCP alone: any tag, as the kernel means. */
				ofp_put16(v, OFPVID_PRESENT);
				ofp_put16(mv, OFPVID_PRESENT);
				oxm_put(b, f, v, mv);
			}
			continue;
		}
		if (!m->has[f->attr] || !oxm_prereq_met(&ctx, f->prereq))
			continue;
		if (f->mask_attr && m->has[f->mask_attr])
			mask = mv;
		switch (f->conv) {
		case C_PORT:
			ofp_put32(v, ofp13_port_from_vsw(get_u32(m->v[f->attr])));
			break;
		case C_DSCP:
			v[0] = m->v[f->attr][0] >> 2;
			break;
		case C_U64:
			memcpy(&u64, m->v[f->attr], 8);
			ofp_put64(v, u64);
			if (mask) {
				memcpy(&u64, m->v[f->mask_attr], 8);
				ofp_put64(mv, u64);
			}
			break;
		default:
			memcpy(v, m->v[f->attr], f->len);
			if (mask)
				memcpy(mv, m->v[f->mask_attr], f->len);
			break;
		}
		oxm_put(b, f, v, mask);
	}
	if (b->full)
		return -1;
	ofp_put16(hdr, OFPMT_OXM);
	ofp_put16(hdr + 2, b->len - start);
	ofpb_put(b, OFP_ALIGN8(b->len - start) - (b->len - start));
	return b->full ? -1 : 0;
}

/* ---- Actions ---- */

static struct action *add_action(struct flow *flow, uint16_t type,
				 uint16_t len, struct ofp_error *err)
{
	struct action *a = flow_add_action(flow, type, len);

	if (!a)
		BAD_ACTION(err, OFPBAC13_TOO_MANY, "more than 64 actions");
	return a;
}

/* OFPAT_OUTPUT's port to an action; OFPP_TABLE only in a PACKET_OUT. */
static int parse_output(const uint8_t *p, struct flow *flow, bool packet_out,
			struct ofp_error *err)
{
	uint32_t port = ofp_get32(p + 4);
	uint16_t max_len = ofp_get16(p + 8);
	struct action *a;
	uint16_t type;

	switch (port) {
	case OFPP13_IN_PORT:
		type = VSWITCH_ACTION_A_IN_PORT;
		break;
	case OFPP13_NORMAL:
		type = VSWITCH_ACTION_A_NORMAL;
		break;
	case OFPP13_FLOOD:
		type = VSWITCH_ACTION_A_FLOOD;
		break;
	case OFPP13_ALL:
		type = VSWITCH_ACTION_A_ALL;
		break;
	case OFPP13_CONTROLLER:
		/* 0 and OFPCML_NO_BUFFER: the whole frame (ofp_controller_len()). */
		if (max_len > OFPCML_MAX && max_len != OFPCML_NO_BUFFER)
			return BAD_ACTION(err, OFPBAC13_BAD_ARGUMENT,
					  "output to the controller takes a max_len of 0 to 0xffe5 or OFPCML_NO_BUFFER");
		a = add_action(flow, VSWITCH_ACTION_A_CONTROLLER, 2, err);
		if (!a)
			return -1;
		put_u16(a->v, ofp_controller_len(max_len));
		return 0;
	case OFPP13_TABLE:
		if (packet_out)
			return BAD_ACTION(err, OFPBAC13_BAD_OUT_PORT,
					  "output to OFPP_TABLE is not supported");
		return BAD_ACTION(err, OFPBAC13_BAD_OUT_PORT,
				  "output to OFPP_TABLE is for packet-out only");
	default:
		if (!in_port_valid(port))
			return BAD_ACTION(err, OFPBAC13_BAD_OUT_PORT,
					  "output to a port the switch cannot have");
		a = add_action(flow, VSWITCH_ACTION_A_OUTPUT, 4, err);
		if (!a)
			return -1;
		put_u32(a->v, ofp13_port_to_vsw(port));
		return 0;
	}
	return add_action(flow, type, 0, err) ? 0 : -1;
}

static bool match_eth_type(const struct match *m, uint16_t t)
{
	return m->has[VSWITCH_MATCH_A_DL_TYPE] &&
	       ntohs(get_u16(m->v[VSWITCH_MATCH_A_DL_TYPE])) == t;
}

/*
 * Whether every frame the match admits has a VLAN tag: an exact VID, or
 * the kernel's dl_vlan_pcp alone, which is 1.3's any tag with a PCP.
 */
static bool match_tagged(const struct match *m)
{
	if (m->has[VSWITCH_MATCH_A_DL_VLAN])
		return get_u16(m->v[VSWITCH_MATCH_A_DL_VLAN]) != VSWITCH_VLAN_NONE;
	return m->has[VSWITCH_MATCH_A_DL_VLAN_PCP];
}

/*
 * OFPAT_SET_FIELD of @len bytes at @p, the fields the kernel rewrites;
 * @tagged: a VLAN tag is certain at this point of the list.
 */
static int parse_set_field(const uint8_t *p, unsigned int len,
			   struct flow *flow, bool tagged,
			   struct ofp_error *err)
{
	const struct oxm_field *f;
	const uint8_t *v = p + 8;
	struct action *a;
	unsigned int olen;
	uint32_t h;
	uint16_t vid;
	uint64_t id;

	if (len < 8)
		return BAD_ACTION(err, OFPBAC13_BAD_SET_LEN,
				  "set_field has no OXM header");
	h = ofp_get32(p + 4);
	olen = OXM_LENGTH(h);
	if (OFP_ALIGN8(8 + olen) != len)
		return BAD_ACTION(err, OFPBAC13_BAD_SET_LEN,
				  "set_field's length does not fit its OXM TLV");
	f = oxm_find(OXM_CLASS(h), OXM_FIELD(h), NULL);
	if (!f || OXM_CLASS(h) != OFPXMC_OPENFLOW_BASIC)
		return BAD_ACTION(err, OFPBAC13_BAD_SET_TYPE,
				  "set_field of a field the switch does not set");
	if (OXM_HASMASK(h))
		return BAD_ACTION(err, OFPBAC13_BAD_SET_ARGUMENT,
				  "set_field takes no mask in OpenFlow 1.3");
	if (olen != f->len)
		return BAD_ACTION(err, OFPBAC13_BAD_SET_LEN,
				  "set_field's OXM length is wrong for its field");
	switch (f->field) {
	case OFPXMT_OFB_ETH_SRC:
	case OFPXMT_OFB_ETH_DST:
		a = add_action(flow, f->field == OFPXMT_OFB_ETH_SRC ?
			       VSWITCH_ACTION_A_MOD_DL_SRC :
			       VSWITCH_ACTION_A_MOD_DL_DST, 6, err);
		if (!a)
			return -1;
		memcpy(a->v, v, 6);
		return 0;
	case OFPXMT_OFB_IPV4_SRC:
	case OFPXMT_OFB_IPV4_DST:
		if (!match_eth_type(&flow->match, ETH_P_IP))
			return BAD_ACTION(err, OFPBAC13_MATCH_INCONSISTENT,
					  "set_field of an IPv4 address needs eth_type=0x0800");
		a = add_action(flow, f->field == OFPXMT_OFB_IPV4_SRC ?
			       VSWITCH_ACTION_A_MOD_NW_SRC :
			       VSWITCH_ACTION_A_MOD_NW_DST, 4, err);
		if (!a)
			return -1;
		memcpy(a->v, v, 4);
		return 0;
	case OFPXMT_OFB_IP_DSCP:
		if (!match_eth_type(&flow->match, ETH_P_IP) &&
		    !match_eth_type(&flow->match, ETH_P_IPV6))
			return BAD_ACTION(err, OFPBAC13_MATCH_INCONSISTENT,
					  "set_field of ip_dscp needs eth_type=0x0800 or 0x86dd");
		if (v[0] > 63)
			return BAD_ACTION(err, OFPBAC13_BAD_SET_ARGUMENT,
					  "ip_dscp is 0 to 63");
		a = add_action(flow, VSWITCH_ACTION_A_MOD_NW_TOS, 1, err);
		if (!a)
			return -1;
		a->v[0] = v[0] << 2;
		return 0;
	case OFPXMT_OFB_VLAN_VID:
		/*
		 * 1.3 rewrites a tag that is there and pushes none; the
		 * kernel's MOD_VLAN_VID tags an untagged frame (1.0's
		 * SET_VLAN_VID). They agree when a tag is certain: the match
		 * has one, or a PUSH_VLAN came before.
		 */
		if (!tagged)
			return BAD_ACTION(err, OFPBAC13_MATCH_INCONSISTENT,
					  "set_field of vlan_vid needs a tag: match vlan_vid with OFPVID_PRESENT, or push_vlan first");
		/* With or without OFPVID_PRESENT: the VID is what is set. */
		vid = ofp_get16(v);
		if (vid > 0x1fff)
			return BAD_ACTION(err, OFPBAC13_BAD_SET_ARGUMENT,
					  "vlan_vid is OFPVID_PRESENT | VID");
		a = add_action(flow, VSWITCH_ACTION_A_MOD_VLAN_VID, 2, err);
		if (!a)
			return -1;
		put_u16(a->v, vid & 0x0fff);
		return 0;
	case OFPXMT_OFB_TUNNEL_ID:
		id = ofp_get64(v);
		if (id > UINT32_MAX)
			return BAD_ACTION(err, OFPBAC13_BAD_SET_ARGUMENT,
					  "the switch's tunnel keys are 32 bits");
		a = add_action(flow, VSWITCH_ACTION_A_SET_TUNNEL, 4, err);
		if (!a)
			return -1;
		put_u32(a->v, id);
		return 0;
	}
	return BAD_ACTION(err, OFPBAC13_BAD_SET_TYPE,
			  "set_field of a field the switch does not set");
}

int ofp13_parse_actions(const uint8_t *p, size_t len, struct flow *flow,
			bool packet_out, struct ofp_error *err)
{
	bool tagged = match_tagged(&flow->match);

	flow->has_actions = true;
	while (len) {
		unsigned int type, alen;
		struct action *a;
		uint16_t tpid;

		if (len < sizeof(struct ofp_action_header))
			return BAD_ACTION(err, OFPBAC13_BAD_LEN,
					  "an action header is cut short");
		type = ofp_get16(p);
		alen = ofp_get16(p + 2);
		if (alen < 8 || alen % 8 || alen > len)
			return BAD_ACTION(err, OFPBAC13_BAD_LEN,
					  "an action's length is not a multiple of 8 within the list");
		switch (type) {
		case OFPAT13_OUTPUT:
			if (alen != sizeof(struct ofp13_action_output))
				return BAD_ACTION(err, OFPBAC13_BAD_LEN,
						  "output is 16 bytes");
			if (parse_output(p, flow, packet_out, err) < 0)
				return -1;
			break;
		case OFPAT13_SET_FIELD:
			if (parse_set_field(p, alen, flow, tagged, err) < 0)
				return -1;
			break;
		case OFPAT13_PUSH_VLAN:
			if (alen != 8)
				return BAD_ACTION(err, OFPBAC13_BAD_LEN,
						  "push_vlan is 8 bytes");
			tpid = ofp_get16(p + 4);
			if (tpid != ETH_P_8021Q && tpid != ETH_P_8021AD)
				return BAD_ACTION(err, OFPBAC13_BAD_ARGUMENT,
						  "push_vlan takes 0x8100 or 0x88a8");
			a = add_action(flow, VSWITCH_ACTION_A_PUSH_VLAN, 2, err);
			if (!a)
				return -1;
			put_u16(a->v, tpid);
			tagged = true;
			break;
		case OFPAT13_POP_VLAN:
		case OFPAT13_DEC_NW_TTL:
			if (alen != 8)
				return BAD_ACTION(err, OFPBAC13_BAD_LEN,
						  "pop_vlan and dec_nw_ttl are 8 bytes");
			if (!add_action(flow, type == OFPAT13_POP_VLAN ?
					VSWITCH_ACTION_A_STRIP_VLAN :
					VSWITCH_ACTION_A_DEC_TTL, 0, err))
				return -1;
			/* Whether another tag is under the popped one is unknown. */
			if (type == OFPAT13_POP_VLAN)
				tagged = false;
			break;
		case OFPAT13_GROUP:
			/* The switch has no groups: every group ID is unknown. */
			if (alen != 8)
				return BAD_ACTION(err, OFPBAC13_BAD_LEN,
						  "group is 8 bytes");
			return BAD_ACTION(err, OFPBAC13_BAD_OUT_GROUP,
					  "the switch has no groups");
		case OFPAT13_SET_QUEUE:
			if (alen != 8)
				return BAD_ACTION(err, OFPBAC13_BAD_LEN,
						  "set_queue is 8 bytes");
			return BAD_ACTION(err, OFPBAC13_BAD_QUEUE,
					  "the switch has no queues");
		case OFPAT13_EXPERIMENTER:
			return BAD_ACTION(err, OFPBAC13_BAD_EXPERIMENTER,
					  "no experimenter actions are supported");
		default:
			return BAD_ACTION(err, OFPBAC13_BAD_TYPE,
					  "an action the switch does not support");
		}
		p += alen;
		len -= alen;
	}
	return 0;
}

static void put_output(struct ofp_buf *b, uint32_t port, uint16_t max_len)
{
	ofpb_put16(b, OFPAT13_OUTPUT);
	ofpb_put16(b, sizeof(struct ofp13_action_output));
	ofpb_put32(b, port);
	ofpb_put16(b, max_len);
	ofpb_put(b, 6);
}

static void put_set_field(struct ofp_buf *b, uint8_t field, const void *v,
			  unsigned int n)
{
	ofpb_put16(b, OFPAT13_SET_FIELD);
	ofpb_put16(b, OFP_ALIGN8(8 + n));
	ofpb_put32(b, OXM_HEADER(OFPXMC_OPENFLOW_BASIC, field, 0, n));
	ofpb_put_bytes(b, v, n);
	ofpb_put(b, OFP_ALIGN8(8 + n) - (8 + n));
}

static void put_simple(struct ofp_buf *b, uint16_t type, uint16_t arg)
{
	ofpb_put16(b, type);
	ofpb_put16(b, 8);
	ofpb_put16(b, arg);
	ofpb_put(b, 2);
}

int ofp13_put_actions(struct ofp_buf *b, const struct flow *flow)
{
	const struct match *m = &flow->match;
	bool tagged = match_tagged(m), lossy = false;
	/* The match says there is no tag, and none was pushed since. */
	bool untagged = m->has[VSWITCH_MATCH_A_DL_VLAN] && !tagged;
	unsigned int i;

	for (i = 0; i < flow->n_actions; i++) {
		const struct action *a = &flow->actions[i];
		uint8_t v[8];
		uint16_t n;

		switch (a->type) {
		case VSWITCH_ACTION_A_OUTPUT:
			put_output(b, ofp13_port_from_vsw(get_u32(a->v)), 0);
			break;
		case VSWITCH_ACTION_A_NORMAL:
			put_output(b, OFPP13_NORMAL, 0);
			break;
		case VSWITCH_ACTION_A_FLOOD:
			put_output(b, OFPP13_FLOOD, 0);
			break;
		case VSWITCH_ACTION_A_ALL:
			put_output(b, OFPP13_ALL, 0);
			break;
		case VSWITCH_ACTION_A_IN_PORT:
			put_output(b, OFPP13_IN_PORT, 0);
			break;
		case VSWITCH_ACTION_A_CONTROLLER:
			n = get_u16(a->v);
			put_output(b, OFPP13_CONTROLLER,
				   n && n <= OFPCML_MAX ? n : OFPCML_NO_BUFFER);
			break;
		case VSWITCH_ACTION_A_MOD_VLAN_VID:
			/*
			 * The kernel sets the VID of a tag, or tags an
			 * untagged frame with 0x8100 and PCP 0, as 1.3's
			 * push_vlan does. If which of the two happens is
			 * unknown, 1.3 cannot say it: set_field is written,
			 * right for the tagged frames.
			 */
			if (untagged)
				put_simple(b, OFPAT13_PUSH_VLAN, ETH_P_8021Q);
			else if (!tagged)
				lossy = true;
			tagged = true;
			untagged = false;
			ofp_put16(v, OFPVID_PRESENT | (get_u16(a->v) & 0x0fff));
			put_set_field(b, OFPXMT_OFB_VLAN_VID, v, 2);
			break;
		case VSWITCH_ACTION_A_STRIP_VLAN:
			put_simple(b, OFPAT13_POP_VLAN, 0);
			tagged = untagged = false;
			break;
		case VSWITCH_ACTION_A_PUSH_VLAN:
			put_simple(b, OFPAT13_PUSH_VLAN, get_u16(a->v));
			tagged = true;
			untagged = false;
			break;
		case VSWITCH_ACTION_A_MOD_DL_SRC:
			put_set_field(b, OFPXMT_OFB_ETH_SRC, a->v, 6);
			break;
		case VSWITCH_ACTION_A_MOD_DL_DST:
			put_set_field(b, OFPXMT_OFB_ETH_DST, a->v, 6);
			break;
		case VSWITCH_ACTION_A_MOD_NW_SRC:
			put_set_field(b, OFPXMT_OFB_IPV4_SRC, a->v, 4);
			break;
		case VSWITCH_ACTION_A_MOD_NW_DST:
			put_set_field(b, OFPXMT_OFB_IPV4_DST, a->v, 4);
			break;
		case VSWITCH_ACTION_A_MOD_NW_TOS:
			v[0] = a->v[0] >> 2;
			put_set_field(b, OFPXMT_OFB_IP_DSCP, v, 1);
			break;
		case VSWITCH_ACTION_A_DEC_TTL:
			put_simple(b, OFPAT13_DEC_NW_TTL, 0);
			break;
		case VSWITCH_ACTION_A_SET_TUNNEL:
			ofp_put64(v, get_u32(a->v));
			put_set_field(b, OFPXMT_OFB_TUNNEL_ID, v, 8);
			break;
		default:	/* a kernel action newer than this table */
			lossy = true;
			break;
		}
	}
	return b->full ? -1 : lossy;
}

/* ---- Instructions ---- */

/*
 * One instruction. With one table and no meters, only APPLY_ACTIONS can
 * be done: GOTO_TABLE names a table that does not exist, and the rest
 * are instructions the table does not support.
 */
static int parse_instruction(const uint8_t *p, unsigned int len,
			     struct flow *flow, struct ofp_error *err)
{
	switch (ofp_get16(p)) {
	case OFPIT13_APPLY_ACTIONS:
		return ofp13_parse_actions(p + 8, len - 8, flow, false, err);
	case OFPIT13_GOTO_TABLE:
		if (len != OFP13_INSTRUCTION_GOTO_TABLE_LEN)
			return BAD_INST(err, OFPBIC13_BAD_LEN, "goto_table is 8 bytes");
		return BAD_INST(err, OFPBIC13_BAD_TABLE_ID,
				"the switch has one table: goto_table has nowhere to go");
	case OFPIT13_WRITE_METADATA:
		if (len != OFP13_INSTRUCTION_WRITE_METADATA_LEN)
			return BAD_INST(err, OFPBIC13_BAD_LEN,
					"write_metadata is 24 bytes");
		return BAD_INST(err, OFPBIC13_UNSUP_INST,
				"the switch has no metadata");
	case OFPIT13_WRITE_ACTIONS:
	case OFPIT13_CLEAR_ACTIONS:
		return BAD_INST(err, OFPBIC13_UNSUP_INST,
				"the switch has no action set: use apply_actions");
	case OFPIT13_METER:
		if (len != OFP13_INSTRUCTION_METER_LEN)
			return BAD_INST(err, OFPBIC13_BAD_LEN, "meter is 8 bytes");
		return BAD_INST(err, OFPBIC13_UNSUP_INST, "the switch has no meters");
	case OFPIT13_EXPERIMENTER:
		return BAD_INST(err, OFPBIC13_BAD_EXPERIMENTER,
				"no experimenter instructions are supported");
	}
	return BAD_INST(err, OFPBIC13_UNKNOWN_INST, "an unknown instruction");
}

int ofp13_parse_instructions(const uint8_t *p, size_t len, struct flow *flow,
			     struct ofp_error *err)
{
	bool apply = false;

	flow->has_actions = true;
	flow->n_actions = 0;
	while (len) {
		unsigned int type, ilen;

		if (len < sizeof(struct ofp13_instruction_header))
			return BAD_INST(err, OFPBIC13_BAD_LEN,
					"an instruction header is cut short");
		type = ofp_get16(p);
		ilen = ofp_get16(p + 2);
		if (ilen < 8 || ilen % 8 || ilen > len)
			return BAD_INST(err, OFPBIC13_BAD_LEN,
					"an instruction's length is not a multiple of 8 within the message");
		/* 1.3 has no code for it (1.4 added OFPBIC_DUP_INST). */
		if (type == OFPIT13_APPLY_ACTIONS && apply)
			return BAD_INST(err, OFPBIC13_UNSUP_INST,
					"apply_actions twice");
		apply |= type == OFPIT13_APPLY_ACTIONS;
		if (parse_instruction(p, ilen, flow, err) < 0)
			return -1;
		p += ilen;
		len -= ilen;
	}
	return 0;
}

int ofp13_put_instructions(struct ofp_buf *b, const struct flow *flow)
{
	size_t start = b->len;
	uint8_t *hdr;
	int lossy;

	if (!flow->n_actions)
		return 0;
	hdr = ofpb_put(b, sizeof(struct ofp13_instruction_actions));
	lossy = ofp13_put_actions(b, flow);
	if (lossy < 0 || b->len - start > 0xffff)
		return -1;
	ofp_put16(hdr, OFPIT13_APPLY_ACTIONS);
	ofp_put16(hdr + 2, b->len - start);
	return lossy;
}

/* ---- FLOW_MOD ---- */

int ofp13_parse_flow_mod(const uint8_t *msg, size_t len,
			 struct ofp_flow_mod *fm, struct ofp_error *err)
{
	struct ofp13_flow_mod om;
	struct flow *flow = &fm->flow;
	size_t used;
	bool del;

	memset(fm, 0, sizeof(*fm));
	if (len < sizeof(om) + 8 || ofp_get16(msg + 2) != len)
		return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
			   "a flow_mod is at least 56 bytes, as its header says");
	memcpy(&om, msg, sizeof(om));
	fm->command = om.command;
	fm->table_id = om.table_id;
	fm->of_flags = ntohs(om.flags);
	fm->buffer_id = ntohl(om.buffer_id);
	fm->out_port = ntohl(om.out_port);
	fm->out_group = ntohl(om.out_group);
	if (fm->command > OFPFC_DELETE_STRICT)
		return ERR(err, OFPET13_FLOW_MOD_FAILED, OFPFMFC13_BAD_COMMAND,
			   "an unknown flow_mod command");
	del = fm->command == OFPFC_DELETE || fm->command == OFPFC_DELETE_STRICT;
	if (fm->table_id != 0 && !(del && fm->table_id == OFPTT_ALL))
		return ERR(err, OFPET13_FLOW_MOD_FAILED, OFPFMFC13_BAD_TABLE_ID,
			   "the switch has table 0 only");
	if (fm->of_flags & ~(OFPFF13_SEND_FLOW_REM | OFPFF13_CHECK_OVERLAP |
			     OFPFF13_RESET_COUNTS | OFPFF13_NO_PKT_COUNTS |
			     OFPFF13_NO_BYT_COUNTS))
		return ERR(err, OFPET13_FLOW_MOD_FAILED, OFPFMFC13_BAD_FLAGS,
			   "unknown flow_mod flags");
	fm->check_overlap = fm->of_flags & OFPFF13_CHECK_OVERLAP;
	fm->reset_counts = fm->of_flags & OFPFF13_RESET_COUNTS;
	if (fm->of_flags & OFPFF13_SEND_FLOW_REM)
		flow->flags |= VSWITCH_FLOW_F_SEND_REMOVED;

	flow->priority = ntohs(om.priority);
	flow->has_priority = fm->command == OFPFC_ADD ||
			     fm->command == OFPFC_MODIFY_STRICT ||
			     fm->command == OFPFC_DELETE_STRICT;
	flow->idle_timeout = ntohs(om.idle_timeout);
	flow->hard_timeout = ntohs(om.hard_timeout);
	flow->cookie = be64toh(om.cookie);
	flow->cookie_mask = be64toh(om.cookie_mask);
	/* ADD sets the cookie; the others select by it under the mask. */
	flow->has_cookie_mask = fm->command != OFPFC_ADD && flow->cookie_mask;

	if (ofp13_parse_match(msg + sizeof(om), len - sizeof(om), &flow->match,
			      &used, err) < 0)
		return -1;
	if (del)
		return 0;
	if (fm->buffer_id != OFP_NO_BUFFER)
		return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BUFFER_UNKNOWN,
			   "the switch buffers no packets");
	return ofp13_parse_instructions(msg + sizeof(om) + used,
					len - sizeof(om) - used, flow, err);
}

int ofp13_put_flow_mod(struct ofp_buf *b, uint32_t xid,
		       const struct ofp_flow_mod *fm)
{
	const struct flow *flow = &fm->flow;
	size_t start = ofpb_start_msg(b, OFP13_VERSION, OFPT13_FLOW_MOD, xid);

	ofpb_put64(b, flow->cookie);
	ofpb_put64(b, flow->cookie_mask);
	ofpb_put_bytes(b, &fm->table_id, 1);
	ofpb_put_bytes(b, &fm->command, 1);
	ofpb_put16(b, flow->idle_timeout);
	ofpb_put16(b, flow->hard_timeout);
	ofpb_put16(b, flow->priority);
	ofpb_put32(b, fm->buffer_id);
	ofpb_put32(b, fm->out_port);
	ofpb_put32(b, fm->out_group);
	ofpb_put16(b, fm->of_flags);
	ofpb_put(b, 2);
	if (ofp13_put_match(b, &flow->match) < 0)
		return -1;
	if (flow->has_actions && ofp13_put_instructions(b, flow) < 0)
		return -1;
	return ofpb_end_msg(b, start);
}
