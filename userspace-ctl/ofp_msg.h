/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rest of the OpenFlow messages vswagent takes and answers, beside
 * ofp_codec.h: PACKET_OUT, ROLE_REQUEST, BARRIER and the MULTIPART (1.3)
 * or STATS (1.0) requests and replies. The same rules: decoders take one
 * whole message and check every length before they read, and fail with
 * the ERROR to send back; encoders append to an ofp_buf.
 */
#ifndef VSW_OFP_MSG_H
#define VSW_OFP_MSG_H

#include "ofp_codec.h"

/* PACKET_OUT. */
struct ofp_packet_out {
	uint32_t buffer_id;
	uint32_t in_port;	/* vswitch's; LOCAL for CONTROLLER or ANY */
	struct flow flow;	/* the actions */
	const uint8_t *data;	/* the frame, in the message */
	size_t len;
};

int ofp_parse_packet_out(const uint8_t *msg, size_t len,
			 struct ofp_packet_out *po, struct ofp_error *err);

/* ROLE_REQUEST (1.3.5 7.3.9) and its reply. */
enum ofp13_controller_role {
	OFPCR_ROLE_NOCHANGE = 0,
	OFPCR_ROLE_EQUAL = 1,
	OFPCR_ROLE_MASTER = 2,
	OFPCR_ROLE_SLAVE = 3,
};

enum ofp13_role_request_failed_code {
	OFPRRFC_STALE = 0,
	OFPRRFC_UNSUP = 1,
	OFPRRFC_BAD_ROLE = 2,
};

int ofp_parse_role_request(const uint8_t *msg, size_t len, uint32_t *role,
			   uint64_t *generation_id, struct ofp_error *err);
int ofp_put_role_reply(struct ofp_buf *b, uint32_t xid, uint32_t role,
		       uint64_t generation_id);

/* BARRIER_REPLY of either version. */
int ofp_put_barrier_reply(struct ofp_buf *b, uint8_t version, uint32_t xid);

/* A MULTIPART_REQUEST (1.3) or STATS_REQUEST (1.0): its type and body. */
struct ofp_stats_request {
	uint16_t type;		/* OFPMP13_* or OFPST10_* */
	uint16_t flags;
	const uint8_t *body;
	size_t body_len;
};

int ofp_parse_stats_request(const uint8_t *msg, size_t len,
			    struct ofp_stats_request *req,
			    struct ofp_error *err);

/* The body of a FLOW or AGGREGATE request. */
struct ofp_flow_stats_request {
	struct match match;
	uint8_t table_id;
	uint32_t out_port;	/* 1.3's numbers (OFPP13_ANY: any) */
	uint32_t out_group;	/* OFPG_ANY: any */
	uint64_t cookie, cookie_mask;
};

int ofp_parse_flow_stats_request(uint8_t version, const uint8_t *body,
				 size_t len, struct ofp_flow_stats_request *fsr,
				 struct ofp_error *err);

/* The body of a PORT_STATS request: vswitch's port number, or OFPP13_ANY. */
int ofp_parse_port_stats_request(uint8_t version, const uint8_t *body,
				 size_t len, uint32_t *port_no,
				 struct ofp_error *err);

/*
 * Starts a MULTIPART_REPLY or STATS_REPLY of @type; returns its offset
 * for ofp_end_stats_reply(), which also sets REPLY_MORE if @more.
 */
size_t ofp_start_stats_reply(struct ofp_buf *b, uint8_t version, uint32_t xid,
			     uint16_t type);
int ofp_end_stats_reply(struct ofp_buf *b, size_t start, bool more);

/* The length of a reply's header, where its first entry starts. */
size_t ofp_stats_reply_head_len(uint8_t version);

/* Bodies. The same layout in both versions for DESC and AGGREGATE. */
struct ofp_desc {
	const char *mfr, *hw, *sw, *serial, *dp;
};

int ofp_put_desc(struct ofp_buf *b, const struct ofp_desc *d);
int ofp_put_aggregate(struct ofp_buf *b, uint64_t packets, uint64_t bytes,
		      uint32_t flows);
/* Our one table: @active flows, @lookups, @matched; 1.0 with its name. */
int ofp_put_table_stats(struct ofp_buf *b, uint8_t version, uint32_t active,
			uint32_t max_entries, uint64_t lookups,
			uint64_t matched);

/*
 * TABLE_FEATURES (1.3.5 7.3.5.5), as a reply to a request without a body:
 * our one table, APPLY_ACTIONS its only instruction, the fields we match
 * and the actions we have.
 */
enum ofp13_table_feature_prop_type {
	OFPTFPT13_INSTRUCTIONS = 0,
	OFPTFPT13_NEXT_TABLES = 2,
	OFPTFPT13_WRITE_ACTIONS = 4,
	OFPTFPT13_APPLY_ACTIONS = 6,
	OFPTFPT13_MATCH = 8,
	OFPTFPT13_WILDCARDS = 10,
	OFPTFPT13_WRITE_SETFIELD = 12,
	OFPTFPT13_APPLY_SETFIELD = 14,
};

int ofp_put_table_features(struct ofp_buf *b, uint32_t max_entries);

struct ofp_port_stats {
	uint32_t port_no;	/* vswitch's */
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
	uint64_t duration_ms;	/* 1.3 only */
};

/* One entry; the counters we do not have are all ones, as the spec says. */
int ofp_put_port_stats(struct ofp_buf *b, uint8_t version,
		       const struct ofp_port_stats *ps);

#endif
