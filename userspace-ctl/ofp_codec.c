// SPDX-License-Identifier: GPL-2.0
/*
 * OpenFlow messages of both versions that are not flows: framing, the
 * HELLO handshake, ERROR, ECHO, FEATURES, SWITCH_CONFIG and ports, and
 * the messages the agent makes of the kernel's notifications: PACKET_IN,
 * FLOW_REMOVED and flow stats entries. ofp13_flow.c and ofp10_flow.c have
 * the matches and actions.
 */
#include <arpa/inet.h>
#include <string.h>

#include "ofp_codec.h"

#define ERR(e, t, c, w)	ofp_fail(e, t, c, w)

/*
 * The HELLO errors (sent before a version is agreed on), SET_CONFIG's
 * length error, ERROR's HELLO_FAILED case, ECHO_REPLY and
 * GET_CONFIG_REPLY use 1.3's names in both versions: the numbers must be
 * 1.0's as well, or the build fails.
 */
OFP_ASSERT((int)OFPET10_HELLO_FAILED == (int)OFPET13_HELLO_FAILED);
OFP_ASSERT((int)OFPET10_BAD_REQUEST == (int)OFPET13_BAD_REQUEST);
OFP_ASSERT((int)OFPBRC10_BAD_LEN == (int)OFPBRC13_BAD_LEN);
OFP_ASSERT((int)OFPT10_ECHO_REPLY == (int)OFPT13_ECHO_REPLY);
OFP_ASSERT((int)OFPT10_GET_CONFIG_REPLY == (int)OFPT13_GET_CONFIG_REPLY);

void ofpb_init(struct ofp_buf *b, void *data, size_t cap)
{
	b->data = data;
	b->len = 0;
	b->cap = cap;
	b->full = false;
}

uint8_t *ofpb_put(struct ofp_buf *b, size_t n)
{
	uint8_t *p;

	if (b->full || n > b->cap - b->len) {
		b->full = true;
		return NULL;
	}
	p = b->data + b->len;
	memset(p, 0, n);
	b->len += n;
	return p;
}

void ofpb_put_bytes(struct ofp_buf *b, const void *v, size_t n)
{
	uint8_t *p = ofpb_put(b, n);

	if (p && n)
		memcpy(p, v, n);
}

void ofpb_put16(struct ofp_buf *b, uint16_t v)
{
	uint8_t *p = ofpb_put(b, 2);

	if (p)
		ofp_put16(p, v);
}

void ofpb_put32(struct ofp_buf *b, uint32_t v)
{
	uint8_t *p = ofpb_put(b, 4);

	if (p)
		ofp_put32(p, v);
}

void ofpb_put64(struct ofp_buf *b, uint64_t v)
{
	uint8_t *p = ofpb_put(b, 8);

	if (p)
		ofp_put64(p, v);
}

size_t ofpb_start_msg(struct ofp_buf *b, uint8_t version, uint8_t type,
		      uint32_t xid)
{
	size_t start = b->len;
	uint8_t *p = ofpb_put(b, sizeof(struct ofp_header));

	if (p) {
		p[0] = version;
		p[1] = type;
		ofp_put32(p + 4, xid);
	}
	return start;
}

int ofpb_end_msg(struct ofp_buf *b, size_t start)
{
	size_t len = b->len - start;

	if (b->full || len > 0xffff)
		return -1;
	ofp_put16(b->data + start + 2, len);
	return 0;
}

int ofp_frame(const uint8_t *buf, size_t len)
{
	unsigned int mlen;

	if (len < sizeof(struct ofp_header))
		return OFP_FRAME_NEED_MORE;
	mlen = ofp_get16(buf + 2);
	if (mlen < sizeof(struct ofp_header))
		return OFP_FRAME_BAD;
	return mlen <= len ? (int)mlen : OFP_FRAME_NEED_MORE;
}

/* ---- HELLO (1.3.5 6.3.1 and 7.5.1) ---- */

int ofp_put_hello(struct ofp_buf *b, uint32_t xid)
{
	size_t start = ofpb_start_msg(b, OFP13_VERSION, OFPT13_HELLO, xid);

	ofpb_put16(b, OFPHET_VERSIONBITMAP);
	ofpb_put16(b, sizeof(struct ofp_hello_elem_header) + 4);
	ofpb_put32(b, OFP_OUR_VERSIONS);
	return ofpb_end_msg(b, start);
}

/*
 * The peer's version bitmap (versions 0 to 31, the most there are) into
 * @bitmap; false if it sent none. Unknown elements are skipped.
 */
static int hello_bitmap(const uint8_t *p, size_t len, uint32_t *bitmap,
			bool *found, struct ofp_error *err)
{
	*found = false;
	while (len >= sizeof(struct ofp_hello_elem_header)) {
		unsigned int type = ofp_get16(p), elen = ofp_get16(p + 2);
		size_t step;

		if (elen < sizeof(struct ofp_hello_elem_header) || elen > len)
			return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
				   "a hello element's length is wrong");
		if (type == OFPHET_VERSIONBITMAP) {
			/* Whole 32-bit words; none at all is an empty bitmap. */
			if ((elen - sizeof(struct ofp_hello_elem_header)) % 4)
				return ERR(err, OFPET13_BAD_REQUEST,
					   OFPBRC13_BAD_LEN,
					   "a version bitmap is not whole words");
			*found = true;
			*bitmap = elen >= 8 ? ofp_get32(p + 4) : 0;
		}
		/* The last element's padding may be left off. */
		step = OFP_ALIGN8(elen);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return 0;
}

int ofp_negotiate_hello(const uint8_t *msg, size_t len,
			struct ofp_error *err)
{
	uint32_t bitmap = 0, common;
	unsigned int version;
	bool found = false;
	int v;

	if (len < sizeof(struct ofp_header) || ofp_get16(msg + 2) != len)
		return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
			   "a hello of the wrong length");
	version = msg[0];
	/* Hello elements came with 1.3; a 1.0 hello's body is ignored. */
	if (version >= OFP13_VERSION &&
	    hello_bitmap(msg + sizeof(struct ofp_header),
			 len - sizeof(struct ofp_header), &bitmap, &found,
			 err) < 0)
		return -1;
	common = found ? bitmap & OFP_OUR_VERSIONS : 0;
	if (common) {
		for (v = 31; !(common & (1u << v)); v--)
			;
		return v;
	}
	/*
	 * Without a bitmap, or with one that has no version of ours: the
	 * lower of the two header versions, if we speak it. That can be a
	 * version the peer's bitmap leaves out; the peer then refuses it.
	 */
	if (version > OFP13_VERSION)
		version = OFP13_VERSION;
	if (!(OFP_OUR_VERSIONS & (1u << version)))
		return ERR(err, OFPET13_HELLO_FAILED, OFPHFC_INCOMPATIBLE,
			   "no version in common: we speak 1.0 and 1.3");
	return version;
}

/* ---- ERROR, ECHO ---- */

int ofp_put_error(struct ofp_buf *b, uint8_t version, uint32_t xid,
		  uint16_t type, uint16_t code, const void *req, size_t req_len)
{
	size_t start = ofpb_start_msg(b, version,
				      version == OFP10_VERSION ? OFPT10_ERROR :
				      OFPT13_ERROR, xid);

	ofpb_put16(b, type);
	ofpb_put16(b, code);
	/* HELLO_FAILED carries text; every other error the request's start. */
	if (type != OFPET13_HELLO_FAILED && req_len > OFP_ERROR_DATA_MAX)
		req_len = OFP_ERROR_DATA_MAX;
	ofpb_put_bytes(b, req, req_len);
	return ofpb_end_msg(b, start);
}

int ofp_put_echo_reply(struct ofp_buf *b, const uint8_t *req, size_t len)
{
	size_t start;

	if (len < sizeof(struct ofp_header))
		return -1;
	/* ECHO_REPLY is 3 in both versions. */
	start = ofpb_start_msg(b, req[0], OFPT13_ECHO_REPLY, ofp_get32(req + 4));
	ofpb_put_bytes(b, req + sizeof(struct ofp_header),
		       len - sizeof(struct ofp_header));
	return ofpb_end_msg(b, start);
}

/* ---- FEATURES, ports, SWITCH_CONFIG ---- */

int ofp_put_port(struct ofp_buf *b, uint8_t version,
		 const struct ofp_port_desc *port)
{
	if (version == OFP10_VERSION) {
		struct ofp10_phy_port pp = {
			.port_no = htons(port->port_no),
			.config = htonl(port->config),
			.state = htonl(port->state),
		};

		memcpy(pp.hw_addr, port->hw_addr, 6);
		memcpy(pp.name, port->name, sizeof(pp.name));
		pp.name[sizeof(pp.name) - 1] = '\0';
		ofpb_put_bytes(b, &pp, sizeof(pp));
	} else {
		struct ofp13_port pp = {
			.port_no = htonl(ofp13_port_from_vsw(port->port_no)),
			.config = htonl(port->config),
			.state = htonl(port->state),
			.curr_speed = htonl(port->curr_speed),
			.max_speed = htonl(port->max_speed),
		};

		memcpy(pp.hw_addr, port->hw_addr, 6);
		memcpy(pp.name, port->name, sizeof(pp.name));
		pp.name[sizeof(pp.name) - 1] = '\0';
		ofpb_put_bytes(b, &pp, sizeof(pp));
	}
	return b->full ? -1 : 0;
}

int ofp_put_features_reply(struct ofp_buf *b, uint8_t version, uint32_t xid,
			   uint64_t dpid, const struct ofp_port_desc *ports,
			   size_t n)
{
	size_t start, i;

	if (version == OFP10_VERSION) {
		start = ofpb_start_msg(b, version, OFPT10_FEATURES_REPLY, xid);
		ofpb_put64(b, dpid);
		ofpb_put32(b, 0);		/* n_buffers */
		ofpb_put32(b, 1 << 24);		/* n_tables 1, pad */
		ofpb_put32(b, OFPC10_FLOW_STATS | OFPC10_TABLE_STATS |
			   OFPC10_PORT_STATS | OFPC10_ARP_MATCH_IP);
		/* The 1.0 actions the kernel has (ofp10_parse_actions()). */
		ofpb_put32(b, 1u << OFPAT10_OUTPUT | 1u << OFPAT10_SET_VLAN_VID |
			   1u << OFPAT10_STRIP_VLAN | 1u << OFPAT10_SET_DL_SRC |
			   1u << OFPAT10_SET_DL_DST | 1u << OFPAT10_SET_NW_SRC |
			   1u << OFPAT10_SET_NW_DST | 1u << OFPAT10_SET_NW_TOS);
		for (i = 0; i < n; i++)
			ofp_put_port(b, version, &ports[i]);
	} else {
		start = ofpb_start_msg(b, version, OFPT13_FEATURES_REPLY, xid);
		ofpb_put64(b, dpid);
		ofpb_put32(b, 0);		/* n_buffers */
		ofpb_put16(b, 1 << 8);		/* n_tables 1, auxiliary_id 0 */
		ofpb_put(b, 2);
		ofpb_put32(b, OFPC13_FLOW_STATS | OFPC13_TABLE_STATS |
			   OFPC13_PORT_STATS);
		ofpb_put32(b, 0);		/* reserved */
	}
	return ofpb_end_msg(b, start);
}

int ofp_put_port_status(struct ofp_buf *b, uint8_t version, uint8_t reason,
			const struct ofp_port_desc *port)
{
	size_t start = ofpb_start_msg(b, version, version == OFP10_VERSION ?
				      OFPT10_PORT_STATUS : OFPT13_PORT_STATUS, 0);

	ofpb_put_bytes(b, &reason, 1);
	ofpb_put(b, 7);
	ofp_put_port(b, version, port);
	return ofpb_end_msg(b, start);
}

int ofp_put_config_reply(struct ofp_buf *b, uint8_t version, uint32_t xid,
			 uint16_t flags, uint16_t miss_send_len)
{
	/* GET_CONFIG_REPLY is 8 in both versions. */
	size_t start = ofpb_start_msg(b, version, OFPT13_GET_CONFIG_REPLY, xid);

	ofpb_put16(b, flags);
	ofpb_put16(b, miss_send_len);
	return ofpb_end_msg(b, start);
}

int ofp_parse_set_config(const uint8_t *msg, size_t len, uint8_t version,
			 uint16_t *flags, uint16_t *miss_send_len,
			 struct ofp_error *err)
{
	if (len != sizeof(struct ofp_switch_config) || ofp_get16(msg + 2) != len)
		return ERR(err, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
			   "set_config is 12 bytes");
	*flags = ofp_get16(msg + 8);
	*miss_send_len = ofp_get16(msg + 10);
	/* 1.0 has no error for these: what it cannot do, it ignores. */
	if (version == OFP10_VERSION)
		return 0;
	if (*flags & ~OFPC_FRAG_MASK)
		return ERR(err, OFPET13_SWITCH_CONFIG_FAILED, OFPSCFC13_BAD_FLAGS,
			   "unknown set_config flags");
	if (*miss_send_len > OFPCML_MAX && *miss_send_len != OFPCML_NO_BUFFER)
		return ERR(err, OFPET13_SWITCH_CONFIG_FAILED, OFPSCFC13_BAD_LEN,
			   "miss_send_len is up to 0xffe5, or OFPCML_NO_BUFFER");
	return 0;
}

/* ---- From the kernel's notifications ---- */

/* vswitch's reasons are OpenFlow's but for a port's deletion. */
static uint8_t removed_reason(uint8_t reason)
{
	return reason <= VSWITCH_FLOW_REMOVED_DELETE ? reason : OFPRR_DELETE;
}

static void put_duration(struct ofp_buf *b, uint64_t ms)
{
	ofpb_put32(b, ms / 1000);
	ofpb_put32(b, ms % 1000 * 1000000);
}

int ofp_put_flow_removed(struct ofp_buf *b, uint8_t version,
			 const struct flow *flow, uint8_t vswitch_reason)
{
	uint8_t reason = removed_reason(vswitch_reason);
	size_t start;

	if (version == OFP10_VERSION) {
		struct ofp10_match om;

		start = ofpb_start_msg(b, version, OFPT10_FLOW_REMOVED, 0);
		ofp10_put_match(&om, &flow->match);
		ofpb_put_bytes(b, &om, sizeof(om));
		ofpb_put64(b, flow->cookie);
		ofpb_put16(b, flow->priority);
		ofpb_put_bytes(b, &reason, 1);
		ofpb_put(b, 1);
		put_duration(b, flow->duration);
		ofpb_put16(b, flow->idle_timeout);
		ofpb_put(b, 2);
		ofpb_put64(b, flow->packets);
		ofpb_put64(b, flow->bytes);
		return ofpb_end_msg(b, start);
	}
	start = ofpb_start_msg(b, version, OFPT13_FLOW_REMOVED, 0);
	ofpb_put64(b, flow->cookie);
	ofpb_put16(b, flow->priority);
	ofpb_put_bytes(b, &reason, 1);
	ofpb_put(b, 1);			/* table_id 0 */
	put_duration(b, flow->duration);
	ofpb_put16(b, flow->idle_timeout);
	ofpb_put16(b, flow->hard_timeout);
	ofpb_put64(b, flow->packets);
	ofpb_put64(b, flow->bytes);
	if (ofp13_put_match(b, &flow->match) < 0)
		return -1;
	return ofpb_end_msg(b, start);
}

int ofp_put_flow_stats(struct ofp_buf *b, uint8_t version,
		       const struct flow *flow)
{
	size_t start = b->len;
	uint8_t *len;

	len = ofpb_put(b, 2);
	ofpb_put(b, 2);			/* table_id 0, pad */
	if (version == OFP10_VERSION) {
		struct ofp10_match om;

		ofp10_put_match(&om, &flow->match);
		ofpb_put_bytes(b, &om, sizeof(om));
		put_duration(b, flow->duration);
		ofpb_put16(b, flow->priority);
		ofpb_put16(b, flow->idle_timeout);
		ofpb_put16(b, flow->hard_timeout);
		ofpb_put(b, 6);
		ofpb_put64(b, flow->cookie);
		ofpb_put64(b, flow->packets);
		ofpb_put64(b, flow->bytes);
		if (ofp10_put_actions(b, flow) < 0)
			return -1;
	} else {
		put_duration(b, flow->duration);
		ofpb_put16(b, flow->priority);
		ofpb_put16(b, flow->idle_timeout);
		ofpb_put16(b, flow->hard_timeout);
		ofpb_put16(b, flow->flags & VSWITCH_FLOW_F_SEND_REMOVED ?
			   OFPFF13_SEND_FLOW_REM : 0);
		ofpb_put(b, 4);
		ofpb_put64(b, flow->cookie);
		ofpb_put64(b, flow->packets);
		ofpb_put64(b, flow->bytes);
		if (ofp13_put_match(b, &flow->match) < 0 ||
		    ofp13_put_instructions(b, flow) < 0)
			return -1;
	}
	if (b->full || b->len - start > 0xffff)
		return -1;
	ofp_put16(len, b->len - start);
	return 0;
}

int ofp_put_packet_in(struct ofp_buf *b, uint8_t version,
		      const struct ofp_packet_in *pin)
{
	uint16_t total_len = pin->total_len > 0xffff ? 0xffff : pin->total_len;
	uint8_t reason = pin->reason == VSWITCH_PACKET_IN_MISS ?
			 OFPR_NO_MATCH : OFPR_ACTION;
	size_t start, data_len;

	if (version == OFP10_VERSION) {
		start = ofpb_start_msg(b, version, OFPT10_PACKET_IN, 0);
		ofpb_put32(b, OFP_NO_BUFFER);
		ofpb_put16(b, total_len);
		ofpb_put16(b, pin->in_port);
		ofpb_put_bytes(b, &reason, 1);
		ofpb_put(b, 1);
	} else {
		struct match m = { 0 };

		start = ofpb_start_msg(b, version, OFPT13_PACKET_IN, 0);
		ofpb_put32(b, OFP_NO_BUFFER);
		ofpb_put16(b, total_len);
		ofpb_put_bytes(b, &reason, 1);
		ofpb_put(b, 1);		/* table_id 0 */
		/* A miss of the kernel's policy is no flow entry's: -1. */
		ofpb_put64(b, pin->reason == VSWITCH_PACKET_IN_MISS ?
			   UINT64_MAX : pin->cookie);
		put_u32(m.v[VSWITCH_MATCH_A_IN_PORT], pin->in_port);
		m.has[VSWITCH_MATCH_A_IN_PORT] = true;
		if (ofp13_put_match(b, &m) < 0)
			return -1;
		ofpb_put(b, 2);		/* so that the IP header is aligned */
	}
	/*
	 * The kernel sends up to 65531 bytes of frame, more than a message
	 * has room for after the header: the data is cut to fit, total_len
	 * still says how long the frame was.
	 */
	data_len = pin->len;
	if (!b->full && data_len > 0xffff - (b->len - start))
		data_len = 0xffff - (b->len - start);
	ofpb_put_bytes(b, pin->data, data_len);
	return ofpb_end_msg(b, start);
}
