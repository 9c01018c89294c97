/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OpenFlow codec of vswagent: OpenFlow 1.3 and 1.0 messages to and
 * from vswctl's struct flow (flow.h), so that a flow a controller sends
 * goes to the kernel through put_flow() as one vswctl parsed would.
 *
 * Decoders take a whole message (see ofp_frame()), never read past it, and
 * either fill their result and return 0, or return -1 with an ofp_error
 * that is the ERROR to send back, in the numbers of the message's version,
 * with a reason in words for the log. Encoders append to an ofp_buf and
 * return 0, or -1 if it did not fit (the buffer then holds nothing useful).
 */
#ifndef VSW_OFP_CODEC_H
#define VSW_OFP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "ofp.h"

struct ofp_error {
	uint16_t type;		/* OFPET13_* or OFPET10_*, by version */
	uint16_t code;
	const char *why;	/* for the log, never sent */
};

/* Fills in @err; -1, for "return ofp_fail(...)". */
static inline int ofp_fail(struct ofp_error *err, uint16_t type, uint16_t code,
			   const char *why)
{
	err->type = type;
	err->code = code;
	err->why = why;
	return -1;
}

/* Big-endian loads and stores at any alignment. */
static inline uint16_t ofp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t ofp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t ofp_get64(const uint8_t *p)
{
	return (uint64_t)ofp_get32(p) << 32 | ofp_get32(p + 4);
}

static inline void ofp_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void ofp_put32(uint8_t *p, uint32_t v)
{
	ofp_put16(p, v >> 16);
	ofp_put16(p + 2, v);
}

static inline void ofp_put64(uint8_t *p, uint64_t v)
{
	ofp_put32(p, v >> 32);
	ofp_put32(p + 4, v);
}

/*
 * Port numbers: vswitch's are OpenFlow 1.0's, 1 to VSWITCH_PORT_MAX and
 * LOCAL 0xfffe; OpenFlow 1.3 moved LOCAL (and the other reserved ports)
 * to 0xfffffffe.
 */
static inline uint32_t ofp13_port_to_vsw(uint32_t port)
{
	return port == OFPP13_LOCAL ? VSWITCH_PORT_LOCAL : port;
}

static inline uint32_t ofp13_port_from_vsw(uint32_t port)
{
	return port == VSWITCH_PORT_LOCAL ? OFPP13_LOCAL : port;
}

/*
 * The kernel's CONTROLLER action length (0: the whole frame) for an
 * OpenFlow max_len, of an output action or of SET_CONFIG's miss_send_len.
 *
 * We have no buffers, and 1.3.5 7.4.1 says a packet-in that is not
 * buffered carries the entire packet. We cut to max_len nonetheless, as
 * Open vSwitch does: the controller asked for that many bytes, and not
 * every miss need carry a jumbo frame. What cannot be honoured is 0, "no
 * bytes", for a switch that has no buffer_id to send instead: 0 means the
 * whole frame, as OFPCML_NO_BUFFER (0xffff) does.
 */
static inline uint16_t ofp_controller_len(uint16_t max_len)
{
	return max_len == OFPCML_NO_BUFFER ? 0 : max_len;
}

/* Where encoders write: @cap bytes at @data, @len of them used. */
struct ofp_buf {
	uint8_t *data;
	size_t len, cap;
	bool full;		/* something did not fit */
};

void ofpb_init(struct ofp_buf *b, void *data, size_t cap);
/* @n zeroed bytes at the end, or NULL (and b->full) if they do not fit. */
uint8_t *ofpb_put(struct ofp_buf *b, size_t n);
void ofpb_put_bytes(struct ofp_buf *b, const void *p, size_t n);
void ofpb_put16(struct ofp_buf *b, uint16_t v);
void ofpb_put32(struct ofp_buf *b, uint32_t v);
void ofpb_put64(struct ofp_buf *b, uint64_t v);
/* Starts a message at the end of @b; its offset, for ofpb_end_msg(). */
size_t ofpb_start_msg(struct ofp_buf *b, uint8_t version, uint8_t type,
		      uint32_t xid);
/* Sets the length of the message at @start; -1 if it did not fit. */
int ofpb_end_msg(struct ofp_buf *b, size_t start);

/* ---- Framing and the handshake (ofp_codec.c) ---- */

enum {
	OFP_FRAME_NEED_MORE = 0,	/* not a whole message yet */
	OFP_FRAME_BAD = -1,		/* length under 8: close the connection */
};

/*
 * The length of the message that starts @buf if @len bytes hold all of
 * it, else OFP_FRAME_NEED_MORE; OFP_FRAME_BAD if its length field is less
 * than a header, after which the stream cannot be followed.
 */
int ofp_frame(const uint8_t *buf, size_t len);

/* The versions we speak, as a bit per wire version. */
#define OFP_OUR_VERSIONS	((1u << OFP10_VERSION) | (1u << OFP13_VERSION))

/* Our HELLO: version 1.3, with a bitmap of 1.0 and 1.3 (1.3.5 7.5.1). */
int ofp_put_hello(struct ofp_buf *b, uint32_t xid);

/*
 * Negotiates the version from the peer's HELLO @msg (1.3.5 6.3.1): the
 * highest version in both bitmaps if there is one, else (no bitmap, or
 * nothing in common) the lower of the two header versions, which must be
 * one we speak. Returns it, or -1 with OFPET_HELLO_FAILED/
 * OFPHFC_INCOMPATIBLE (or BAD_REQUEST/BAD_LEN for a broken element list
 * or a bitmap that is not whole 32-bit words) in @err.
 */
int ofp_negotiate_hello(const uint8_t *msg, size_t len,
			struct ofp_error *err);

/*
 * An ERROR of @version answering @req (its xid; its first 64 bytes as
 * data), or, for OFPET_HELLO_FAILED, with the text @req as data.
 */
int ofp_put_error(struct ofp_buf *b, uint8_t version, uint32_t xid,
		  uint16_t type, uint16_t code, const void *req, size_t req_len);
/* The ECHO_REPLY to ECHO_REQUEST @req: its version, xid and data. */
int ofp_put_echo_reply(struct ofp_buf *b, const uint8_t *req, size_t len);

struct ofp_port_desc {
	uint32_t port_no;	/* vswitch's: 1..VSWITCH_PORT_MAX or LOCAL */
	uint8_t hw_addr[6];
	char name[OFP_MAX_PORT_NAME_LEN];
	uint32_t config, state;	/* OFPPC_*, OFPPS_* */
	uint32_t curr_speed, max_speed;	/* kbit/s, 1.3 only */
};

/*
 * FEATURES_REPLY: n_buffers 0, one table, flow, table and port stats.
 * 1.0 lists the @n ports; 1.3 has them in the PORT_DESC multipart.
 */
int ofp_put_features_reply(struct ofp_buf *b, uint8_t version, uint32_t xid,
			   uint64_t dpid, const struct ofp_port_desc *ports,
			   size_t n);
int ofp_put_port_status(struct ofp_buf *b, uint8_t version, uint8_t reason,
			const struct ofp_port_desc *port);
/* One port as ofp_port (1.3) or ofp_phy_port (1.0), for PORT_DESC. */
int ofp_put_port(struct ofp_buf *b, uint8_t version,
		 const struct ofp_port_desc *port);

/* GET_CONFIG_REPLY. */
int ofp_put_config_reply(struct ofp_buf *b, uint8_t version, uint32_t xid,
			 uint16_t flags, uint16_t miss_send_len);
/*
 * SET_CONFIG: flags (OFPC_FRAG_*) and miss_send_len as received; the
 * kernel's length for table-miss packet-ins is ofp_controller_len() of it.
 */
int ofp_parse_set_config(const uint8_t *msg, size_t len, uint8_t version,
			 uint16_t *flags, uint16_t *miss_send_len,
			 struct ofp_error *err);

/* ---- Flows (ofp13_flow.c, ofp10_flow.c) ---- */

/* A FLOW_MOD, decoded. The flow is what put_flow() sends. */
struct ofp_flow_mod {
	struct flow flow;	/* match, priority, cookie(_mask), timeouts,
				 * VSWITCH_FLOW_F_*, actions (has_actions
				 * for ADD and MODIFY*) */
	uint8_t command;	/* OFPFC_* */
	uint8_t table_id;	/* 0, or OFPTT_ALL for deletes */
	uint16_t of_flags;	/* OFPFF13_* or OFPFF10_* as received; a
				 * 1.0 DELETE* with OFPFF10_EMERG names the
				 * emergency cache we do not have: it
				 * deletes nothing */
	bool check_overlap;	/* OFPFF_CHECK_OVERLAP: the agent's to do */
	bool reset_counts;	/* OFPFF13_RESET_COUNTS */
	uint32_t buffer_id;	/* OFP_NO_BUFFER: we have no buffers */
	uint32_t out_port;	/* deletes: OFPP13_ANY or a port that must be
				 * an output, in 1.3's numbers (1.0's are
				 * converted: see ofp13_port_to_vsw()) */
	uint32_t out_group;	/* deletes: OFPG_ANY, or no flow qualifies */
	/*
	 * 1.0 MODIFY and MODIFY_STRICT: if they match no flow, they act as
	 * an ADD of @flow (1.0.0, flow table modification messages). The
	 * kernel's FLOW_SET that selects nothing is no error, so the agent
	 * must see that nothing changed and send a FLOW_ADD of the same
	 * flow. 1.2 dropped this (1.3.5 6.4: no flow is modified, no error
	 * is sent): false for 1.3.
	 */
	bool modify_may_add;
};

/*
 * OpenFlow 1.3 (ofp13_flow.c). The match is parsed by
 * ofp13_parse_match(), @*used set to its padded length.
 */
int ofp13_parse_match(const uint8_t *p, size_t len, struct match *m,
		      size_t *used, struct ofp_error *err);
/* @m as an ofp_match with OXM TLVs, padded. */
int ofp13_put_match(struct ofp_buf *b, const struct match *m);
/* An instruction list into @flow's actions; @flow->match must be set. */
int ofp13_parse_instructions(const uint8_t *p, size_t len, struct flow *flow,
			     struct ofp_error *err);
/*
 * @flow's actions as one APPLY_ACTIONS instruction (none if no actions);
 * 0, 1 if lossy as for ofp13_put_actions(), -1 if it did not fit.
 */
int ofp13_put_instructions(struct ofp_buf *b, const struct flow *flow);
/*
 * An action list (APPLY_ACTIONS, PACKET_OUT) into @flow's actions;
 * @flow->match must be set (set_field needs its prerequisites there).
 */
int ofp13_parse_actions(const uint8_t *p, size_t len, struct flow *flow,
			bool packet_out, struct ofp_error *err);
/*
 * 0, or 1 if an action has no exact 1.3 form (MOD_VLAN_VID where a tag is
 * not certain: written as set_field; an unknown type: left out), -1 if
 * it did not fit.
 */
int ofp13_put_actions(struct ofp_buf *b, const struct flow *flow);
int ofp13_parse_flow_mod(const uint8_t *msg, size_t len,
			 struct ofp_flow_mod *fm, struct ofp_error *err);
int ofp13_put_flow_mod(struct ofp_buf *b, uint32_t xid,
		       const struct ofp_flow_mod *fm);

/* OpenFlow 1.0 (ofp10_flow.c). */
int ofp10_parse_match(const struct ofp10_match *om, struct match *m,
		      struct ofp_error *err);
/* 0, or 1 if @m has what 1.0 cannot say (dropped: a wider match). */
int ofp10_put_match(struct ofp10_match *om, const struct match *m);
int ofp10_parse_actions(const uint8_t *p, size_t len, struct flow *flow,
			bool packet_out, struct ofp_error *err);
/* 0, or 1 if an action has no 1.0 form (left out). */
int ofp10_put_actions(struct ofp_buf *b, const struct flow *flow);
int ofp10_parse_flow_mod(const uint8_t *msg, size_t len,
			 struct ofp_flow_mod *fm, struct ofp_error *err);
int ofp10_put_flow_mod(struct ofp_buf *b, uint32_t xid,
		       const struct ofp_flow_mod *fm);

/* ---- Messages from the kernel's notifications (ofp_codec.c) ---- */

/* A flow as the kernel reported it, with its removal reason. */
int ofp_put_flow_removed(struct ofp_buf *b, uint8_t version,
			 const struct flow *flow, uint8_t vswitch_reason);
/* One entry of a flow stats reply (the caller writes the headers). */
int ofp_put_flow_stats(struct ofp_buf *b, uint8_t version,
		       const struct flow *flow);

struct ofp_packet_in {
	uint32_t in_port;	/* vswitch's */
	uint8_t reason;		/* enum vswitch_packet_in_reason */
	uint64_t cookie;
	uint32_t total_len;
	const uint8_t *data;
	size_t len;
};

/*
 * A PACKET_IN with no buffer. Data that does not fit in one message (more
 * than 0xffff - 18 bytes in 1.0, 0xffff - 42 in 1.3) is cut; total_len
 * says the frame's length (at most 0xffff).
 */
int ofp_put_packet_in(struct ofp_buf *b, uint8_t version,
		      const struct ofp_packet_in *pin);

#endif
