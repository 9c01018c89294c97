// SPDX-License-Identifier: GPL-2.0
/*
 * PACKET_OUT, ROLE_REQUEST, BARRIER and the MULTIPART (1.3.5 7.3.5) and
 * STATS (1.0.0 5.3.5) messages, as vswagent needs them. Layouts from the
 * specifications; every length is checked before a byte is read.
 */
#include <string.h>

#include "ofp_msg.h"

#define ERR(e, t, c, w)	ofp_fail(e, t, c, w)

static uint16_t bad_request(uint8_t version)
{
	return version == OFP10_VERSION ? OFPET10_BAD_REQUEST :
					  OFPET13_BAD_REQUEST;
}

/* BAD_LEN has the same code, 6, in both versions. */
#define BAD_LEN(e, v, w)	ERR(e, bad_request(v), OFPBRC13_BAD_LEN, w)

/* A 1.0 port number in 1.3's numbers: the reserved ones moved up. */
static uint32_t ofp10_port_to_13(uint16_t port)
{
	if (port == OFPP10_NONE)
		return OFPP13_ANY;
	if (port >= OFPP10_MAX)
		return 0xffff0000u | port;
	return port;
}

int ofp_parse_packet_out(const uint8_t *msg, size_t len,
			 struct ofp_packet_out *po, struct ofp_error *err)
{
	uint8_t version;
	size_t head, actions_len;
	uint32_t in_port;
	int ret;

	if (len < sizeof(struct ofp_header))
		return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
			   "PACKET_OUT shorter than a header");
	version = msg[0];
	memset(po, 0, sizeof(*po));
	if (version == OFP10_VERSION) {
		head = sizeof(struct ofp10_packet_out);
		if (len < head)
			return BAD_LEN(err, version, "PACKET_OUT too short");
		po->buffer_id = ofp_get32(msg + 8);
		in_port = ofp10_port_to_13(ofp_get16(msg + 12));
		actions_len = ofp_get16(msg + 14);
	} else {
		head = sizeof(struct ofp13_packet_out);
		if (len < head)
			return BAD_LEN(err, version, "PACKET_OUT too short");
		po->buffer_id = ofp_get32(msg + 8);
		in_port = ofp_get32(msg + 12);
		actions_len = ofp_get16(msg + 16);
	}
	if (actions_len > len - head)
		return BAD_LEN(err, version,
			       "PACKET_OUT actions_len past the message");
	if (po->buffer_id != OFP_NO_BUFFER)
		return ERR(err, bad_request(version), OFPBRC13_BUFFER_UNKNOWN,
			   "PACKET_OUT of a buffer: we keep none");
	switch (in_port) {
	case OFPP13_CONTROLLER:
	case OFPP13_ANY:
	case OFPP13_LOCAL:
		po->in_port = VSWITCH_PORT_LOCAL;
		break;
	default:
		if (in_port == 0 || in_port > VSWITCH_PORT_MAX)
			return ERR(err, bad_request(version),
				   version == OFP10_VERSION ?
				   OFPBRC10_EPERM : OFPBRC13_BAD_PORT,
				   "PACKET_OUT in_port is not a port");
		po->in_port = in_port;
	}
	if (version == OFP10_VERSION)
		ret = ofp10_parse_actions(msg + head, actions_len, &po->flow,
					  true, err);
	else
		ret = ofp13_parse_actions(msg + head, actions_len, &po->flow,
					  true, err);
	if (ret < 0)
		return -1;
	po->flow.has_actions = true;
	po->data = msg + head + actions_len;
	po->len = len - head - actions_len;
	return 0;
}

int ofp_parse_role_request(const uint8_t *msg, size_t len, uint32_t *role,
			   uint64_t *generation_id, struct ofp_error *err)
{
	if (len != sizeof(struct ofp_header) + 16)
		return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
			   "ROLE_REQUEST is not 24 bytes");
	*role = ofp_get32(msg + 8);
	*generation_id = ofp_get64(msg + 16);
	if (*role > OFPCR_ROLE_SLAVE)
		return ERR(err, OFPET13_ROLE_REQUEST_FAILED, OFPRRFC_BAD_ROLE,
			   "unknown role");
	return 0;
}

int ofp_put_role_reply(struct ofp_buf *b, uint32_t xid, uint32_t role,
		       uint64_t generation_id)
{
	size_t start = ofpb_start_msg(b, OFP13_VERSION, OFPT13_ROLE_REPLY, xid);

	ofpb_put32(b, role);
	ofpb_put(b, 4);
	ofpb_put64(b, generation_id);
	return ofpb_end_msg(b, start);
}

int ofp_put_barrier_reply(struct ofp_buf *b, uint8_t version, uint32_t xid)
{
	size_t start = ofpb_start_msg(b, version, version == OFP10_VERSION ?
				      OFPT10_BARRIER_REPLY :
				      OFPT13_BARRIER_REPLY, xid);

	return ofpb_end_msg(b, start);
}

size_t ofp_stats_reply_head_len(uint8_t version)
{
	return version == OFP10_VERSION ? sizeof(struct ofp10_stats_header) :
					  sizeof(struct ofp13_multipart_header);
}

int ofp_parse_stats_request(const uint8_t *msg, size_t len,
			    struct ofp_stats_request *req,
			    struct ofp_error *err)
{
	uint8_t version;
	size_t head;

	if (len < sizeof(struct ofp_header))
		return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
			   "request shorter than a header");
	version = msg[0];
	head = ofp_stats_reply_head_len(version);
	if (len < head)
		return BAD_LEN(err, version, "multipart request too short");
	req->type = ofp_get16(msg + 8);
	req->flags = ofp_get16(msg + 10);
	req->body = msg + head;
	req->body_len = len - head;
	return 0;
}

int ofp_parse_flow_stats_request(uint8_t version, const uint8_t *body,
				 size_t len, struct ofp_flow_stats_request *fsr,
				 struct ofp_error *err)
{
	size_t used;

	memset(fsr, 0, sizeof(*fsr));
	if (version == OFP10_VERSION) {
		struct ofp10_match om;

		if (len != sizeof(struct ofp10_flow_stats_request))
			return BAD_LEN(err, version,
				       "flow stats request is not 44 bytes");
		memcpy(&om, body, sizeof(om));
		if (ofp10_parse_match(&om, &fsr->match, err) < 0)
			return -1;
		fsr->table_id = body[40];
		fsr->out_port = ofp10_port_to_13(ofp_get16(body + 42));
		fsr->out_group = OFPG_ANY;
		return 0;
	}
	if (len < sizeof(struct ofp13_flow_stats_request))
		return BAD_LEN(err, version, "flow stats request too short");
	fsr->table_id = body[0];
	fsr->out_port = ofp_get32(body + 4);
	fsr->out_group = ofp_get32(body + 8);
	fsr->cookie = ofp_get64(body + 16);
	fsr->cookie_mask = ofp_get64(body + 24);
	body += sizeof(struct ofp13_flow_stats_request);
	len -= sizeof(struct ofp13_flow_stats_request);
	if (ofp13_parse_match(body, len, &fsr->match, &used, err) < 0)
		return -1;
	if (used != len)
		return BAD_LEN(err, version,
			       "flow stats request longer than its match");
	return 0;
}

int ofp_parse_port_stats_request(uint8_t version, const uint8_t *body,
				 size_t len, uint32_t *port_no,
				 struct ofp_error *err)
{
	uint32_t port;

	if (len != 8)
		return BAD_LEN(err, version,
			       "port stats request is not 8 bytes");
	if (version == OFP10_VERSION)
		port = ofp10_port_to_13(ofp_get16(body));
	else
		port = ofp_get32(body);
	*port_no = port == OFPP13_ANY ? OFPP13_ANY : ofp13_port_to_vsw(port);
	return 0;
}

size_t ofp_start_stats_reply(struct ofp_buf *b, uint8_t version, uint32_t xid,
			     uint16_t type)
{
	size_t start;

	start = ofpb_start_msg(b, version, version == OFP10_VERSION ?
			       OFPT10_STATS_REPLY : OFPT13_MULTIPART_REPLY,
			       xid);
	ofpb_put16(b, type);
	ofpb_put16(b, 0);
	if (version != OFP10_VERSION)
		ofpb_put(b, 4);
	return start;
}

int ofp_end_stats_reply(struct ofp_buf *b, size_t start, bool more)
{
	if (b->full)
		return -1;
	/* OFPMPF_REPLY_MORE and OFPSF_REPLY_MORE are both bit 0 at 10. */
	if (more)
		ofp_put16(b->data + start + 10, OFPMPF13_MORE);
	return ofpb_end_msg(b, start);
}

static void put_str(struct ofp_buf *b, const char *s, size_t n)
{
	uint8_t *p = ofpb_put(b, n);
	size_t l = s ? strlen(s) : 0;

	if (!p)
		return;
	if (l > n - 1)
		l = n - 1;
	memcpy(p, s, l);
}

int ofp_put_desc(struct ofp_buf *b, const struct ofp_desc *d)
{
	put_str(b, d->mfr, 256);
	put_str(b, d->hw, 256);
	put_str(b, d->sw, 256);
	put_str(b, d->serial, 32);
	put_str(b, d->dp, 256);
	return b->full ? -1 : 0;
}

int ofp_put_aggregate(struct ofp_buf *b, uint64_t packets, uint64_t bytes,
		      uint32_t flows)
{
	ofpb_put64(b, packets);
	ofpb_put64(b, bytes);
	ofpb_put32(b, flows);
	ofpb_put(b, 4);
	return b->full ? -1 : 0;
}

int ofp_put_table_stats(struct ofp_buf *b, uint8_t version, uint32_t active,
			uint32_t max_entries, uint64_t lookups,
			uint64_t matched)
{
	ofpb_put(b, 4);			/* table_id 0, pad */
	if (version == OFP10_VERSION) {
		put_str(b, "classifier", 32);
		ofpb_put32(b, OFPFW10_ALL);
		ofpb_put32(b, max_entries);
	}
	ofpb_put32(b, active);
	ofpb_put64(b, lookups);
	ofpb_put64(b, matched);
	return b->full ? -1 : 0;
}

int ofp_put_port_stats(struct ofp_buf *b, uint8_t version,
		       const struct ofp_port_stats *ps)
{
	int i;

	if (version == OFP10_VERSION) {
		ofpb_put16(b, ps->port_no);
		ofpb_put(b, 6);
	} else {
		ofpb_put32(b, ofp13_port_from_vsw(ps->port_no));
		ofpb_put(b, 4);
	}
	ofpb_put64(b, ps->rx_packets);
	ofpb_put64(b, ps->tx_packets);
	ofpb_put64(b, ps->rx_bytes);
	ofpb_put64(b, ps->tx_bytes);
	ofpb_put64(b, ps->rx_dropped);
	ofpb_put64(b, ps->tx_dropped);
	ofpb_put64(b, ps->rx_errors);
	ofpb_put64(b, ps->tx_errors);
	/* rx_frame_err, rx_over_err, rx_crc_err, collisions: not counted. */
	for (i = 0; i < 4; i++)
		ofpb_put64(b, UINT64_MAX);
	if (version != OFP10_VERSION) {
		ofpb_put32(b, ps->duration_ms / 1000);
		ofpb_put32(b, ps->duration_ms % 1000 * 1000000);
	}
	return b->full ? -1 : 0;
}

/*
 * One table-features property (1.3.5 7.3.5.5.2): a list of @n OXM headers,
 * or with @ids of instruction or action ids (type, length 4), then padding.
 */
static void put_tf_prop(struct ofp_buf *b, uint16_t type, const uint32_t *v,
			size_t n, bool ids)
{
	size_t len = 4 + n * 4, i;

	ofpb_put16(b, type);
	ofpb_put16(b, len);
	for (i = 0; i < n; i++)
		ofpb_put32(b, ids ? v[i] << 16 | 4 : v[i]);
	ofpb_put(b, OFP_ALIGN8(len) - len);
}

/* A header with hasmask says the field may be masked; its length is still
 * the field's, as Open vSwitch reads it. */
#define OXM(field, mask, len) \
	OXM_HEADER(OFPXMC_OPENFLOW_BASIC, field, mask, len)

/* What vswitch matches, maskable where it has a mask. */
static const uint32_t tf_match[] = {
	OXM(OFPXMT_OFB_IN_PORT, 0, 4),
	OXM(OFPXMT_OFB_ETH_DST, 1, 6), OXM(OFPXMT_OFB_ETH_SRC, 1, 6),
	OXM(OFPXMT_OFB_ETH_TYPE, 0, 2), OXM(OFPXMT_OFB_VLAN_VID, 0, 2),
	OXM(OFPXMT_OFB_VLAN_PCP, 0, 1), OXM(OFPXMT_OFB_IP_DSCP, 0, 1),
	OXM(OFPXMT_OFB_IP_PROTO, 0, 1),
	OXM(OFPXMT_OFB_IPV4_SRC, 1, 4), OXM(OFPXMT_OFB_IPV4_DST, 1, 4),
	/* Port masks are an extension of 1.3 (vswitch has them). */
	OXM(OFPXMT_OFB_TCP_SRC, 0, 2), OXM(OFPXMT_OFB_TCP_DST, 0, 2),
	OXM(OFPXMT_OFB_UDP_SRC, 0, 2), OXM(OFPXMT_OFB_UDP_DST, 0, 2),
	OXM(OFPXMT_OFB_SCTP_SRC, 0, 2), OXM(OFPXMT_OFB_SCTP_DST, 0, 2),
	OXM(OFPXMT_OFB_ICMPV4_TYPE, 0, 1), OXM(OFPXMT_OFB_ICMPV4_CODE, 0, 1),
	OXM(OFPXMT_OFB_ARP_OP, 0, 2),
	OXM(OFPXMT_OFB_ARP_SPA, 1, 4), OXM(OFPXMT_OFB_ARP_TPA, 1, 4),
	OXM(OFPXMT_OFB_IPV6_SRC, 1, 16), OXM(OFPXMT_OFB_IPV6_DST, 1, 16),
	OXM(OFPXMT_OFB_ICMPV6_TYPE, 0, 1), OXM(OFPXMT_OFB_ICMPV6_CODE, 0, 1),
	OXM(OFPXMT_OFB_TUNNEL_ID, 1, 8),
};

/* What set_field rewrites. */
static const uint32_t tf_setfield[] = {
	OXM(OFPXMT_OFB_ETH_DST, 0, 6), OXM(OFPXMT_OFB_ETH_SRC, 0, 6),
	OXM(OFPXMT_OFB_VLAN_VID, 0, 2), OXM(OFPXMT_OFB_IP_DSCP, 0, 1),
	OXM(OFPXMT_OFB_IPV4_SRC, 0, 4), OXM(OFPXMT_OFB_IPV4_DST, 0, 4),
	OXM(OFPXMT_OFB_TUNNEL_ID, 0, 8),
};

static const uint32_t tf_actions[] = {
	OFPAT13_OUTPUT, OFPAT13_PUSH_VLAN, OFPAT13_POP_VLAN,
	OFPAT13_DEC_NW_TTL, OFPAT13_SET_FIELD,
};

static const uint32_t tf_instructions[] = { OFPIT13_APPLY_ACTIONS };

#define N(a)	(sizeof(a) / sizeof((a)[0]))

int ofp_put_table_features(struct ofp_buf *b, uint32_t max_entries)
{
	size_t start = b->len;
	uint8_t *len = ofpb_put(b, 2);

	ofpb_put(b, 6);			/* table_id 0, pad */
	put_str(b, "classifier", 32);
	ofpb_put64(b, 0);		/* metadata_match */
	ofpb_put64(b, 0);		/* metadata_write */
	ofpb_put32(b, 0);		/* config */
	ofpb_put32(b, max_entries);
	/* Every property 1.3.5 requires, each of them for the table-miss
	 * flow too: it is a flow like any other here. */
	put_tf_prop(b, OFPTFPT13_INSTRUCTIONS, tf_instructions,
		    N(tf_instructions), true);
	put_tf_prop(b, OFPTFPT13_NEXT_TABLES, NULL, 0, false);
	put_tf_prop(b, OFPTFPT13_WRITE_ACTIONS, NULL, 0, true);
	put_tf_prop(b, OFPTFPT13_APPLY_ACTIONS, tf_actions, N(tf_actions),
		    true);
	put_tf_prop(b, OFPTFPT13_MATCH, tf_match, N(tf_match), false);
	put_tf_prop(b, OFPTFPT13_WILDCARDS, tf_match, N(tf_match), false);
	put_tf_prop(b, OFPTFPT13_WRITE_SETFIELD, NULL, 0, false);
	put_tf_prop(b, OFPTFPT13_APPLY_SETFIELD, tf_setfield,
		    N(tf_setfield), false);
	if (b->full || b->len - start > 0xffff)
		return -1;
	ofp_put16(len, b->len - start);
	return 0;
}
