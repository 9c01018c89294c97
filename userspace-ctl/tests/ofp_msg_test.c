// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of ofp_msg.c on messages written out by hand from the
 * specifications' layouts: each decoded value, each error type and code,
 * each length that is one byte short or long, and the encoded bytes.
 *
 * Prints each check that fails and a count; exits 1 if any failed.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp_msg.h"

static int n_checks, n_failed;

#define CHECK(cond) check(cond, #cond, __LINE__)

static void check(bool ok, const char *what, int line)
{
	n_checks++;
	if (ok)
		return;
	n_failed++;
	printf("not ok - line %d: %s\n", line, what);
}

static uint8_t buf[4096];

/* Each message is copied to the heap at its exact length, so that ASan
 * catches a read one byte past it. */
static uint8_t *exact(const uint8_t *p, size_t len)
{
	uint8_t *q = malloc(len ? len : 1);

	memcpy(q, p, len);
	return q;
}

static void test_packet_out13(void)
{
	/* 1.3 PACKET_OUT: NO_BUFFER, in_port CONTROLLER, output:3, 4 bytes. */
	static const uint8_t po[] = {
		0x04, 0x0d, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x09,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd,
		0x00, 0x10, 0, 0, 0, 0, 0, 0,
		0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x03,
		0xff, 0xe5, 0, 0, 0, 0, 0, 0,
		0xde, 0xad, 0xbe, 0xef,
	};
	struct ofp_packet_out out;
	struct ofp_error err;
	uint8_t *m;
	size_t n;

	m = exact(po, sizeof(po));
	CHECK(ofp_parse_packet_out(m, sizeof(po), &out, &err) == 0);
	CHECK(out.buffer_id == OFP_NO_BUFFER);
	CHECK(out.in_port == VSWITCH_PORT_LOCAL);
	CHECK(out.flow.n_actions == 1);
	CHECK(out.flow.actions[0].type == VSWITCH_ACTION_A_OUTPUT);
	CHECK(get_u32(out.flow.actions[0].v) == 3);
	CHECK(out.len == 4 && !memcmp(out.data, "\xde\xad\xbe\xef", 4));
	free(m);

	/* Every length shorter than the head is BAD_LEN. */
	for (n = 8; n < 24; n++) {
		m = exact(po, n);
		CHECK(ofp_parse_packet_out(m, n, &out, &err) == -1);
		CHECK(err.type == OFPET13_BAD_REQUEST &&
		      err.code == OFPBRC13_BAD_LEN);
		free(m);
	}
	/* actions_len past the message. */
	m = exact(po, 24 + 15);
	CHECK(ofp_parse_packet_out(m, 24 + 15, &out, &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_LEN);
	free(m);
	/* A buffer: we keep none. */
	m = exact(po, sizeof(po));
	m[11] = 0x01;
	CHECK(ofp_parse_packet_out(m, sizeof(po), &out, &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST &&
	      err.code == OFPBRC13_BUFFER_UNKNOWN);
	free(m);
	/* in_port 0 is no port. */
	m = exact(po, sizeof(po));
	memset(m + 12, 0, 4);
	CHECK(ofp_parse_packet_out(m, sizeof(po), &out, &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_PORT);
	free(m);
	/* in_port 2. */
	m = exact(po, sizeof(po));
	memset(m + 12, 0, 4);
	m[15] = 2;
	CHECK(ofp_parse_packet_out(m, sizeof(po), &out, &err) == 0);
	CHECK(out.in_port == 2);
	free(m);
}

static void test_packet_out10(void)
{
	/* 1.0 PACKET_OUT: NO_BUFFER, in_port NONE, output:2, 2 bytes. */
	static const uint8_t po[] = {
		0x01, 0x0d, 0x00, 0x1a, 0x00, 0x00, 0x00, 0x01,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x08,
		0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00,
		0xab, 0xcd,
	};
	struct ofp_packet_out out;
	struct ofp_error err;
	uint8_t *m;

	m = exact(po, sizeof(po));
	CHECK(ofp_parse_packet_out(m, sizeof(po), &out, &err) == 0);
	CHECK(out.in_port == VSWITCH_PORT_LOCAL);
	CHECK(out.flow.n_actions == 1 &&
	      get_u32(out.flow.actions[0].v) == 2);
	CHECK(out.len == 2 && out.data[0] == 0xab);
	free(m);
	m = exact(po, 15);
	CHECK(ofp_parse_packet_out(m, 15, &out, &err) == -1);
	CHECK(err.type == OFPET10_BAD_REQUEST && err.code == OFPBRC10_BAD_LEN);
	free(m);
}

static void test_role(void)
{
	static const uint8_t rr[] = {
		0x04, 0x18, 0x00, 0x18, 0x00, 0x00, 0x00, 0x05,
		0x00, 0x00, 0x00, 0x02, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x01, 0x02,
	};
	static const uint8_t reply[] = {
		0x04, 0x19, 0x00, 0x18, 0x00, 0x00, 0x00, 0x05,
		0x00, 0x00, 0x00, 0x02, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x01, 0x02,
	};
	struct ofp_error err;
	struct ofp_buf b;
	uint32_t role;
	uint64_t gen;
	uint8_t *m;

	m = exact(rr, sizeof(rr));
	CHECK(ofp_parse_role_request(m, sizeof(rr), &role, &gen, &err) == 0);
	CHECK(role == OFPCR_ROLE_MASTER && gen == 0x102);
	m[11] = 4;
	CHECK(ofp_parse_role_request(m, sizeof(rr), &role, &gen, &err) == -1);
	CHECK(err.type == OFPET13_ROLE_REQUEST_FAILED &&
	      err.code == OFPRRFC_BAD_ROLE);
	CHECK(ofp_parse_role_request(m, sizeof(rr) - 1, &role, &gen, &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_LEN);
	free(m);

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_role_reply(&b, 5, OFPCR_ROLE_MASTER, 0x102) == 0);
	CHECK(b.len == sizeof(reply) && !memcmp(buf, reply, sizeof(reply)));
}

static void test_barrier(void)
{
	static const uint8_t r13[] = { 0x04, 0x15, 0x00, 0x08, 0, 0, 0, 7 };
	static const uint8_t r10[] = { 0x01, 0x13, 0x00, 0x08, 0, 0, 0, 7 };
	struct ofp_buf b;

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_barrier_reply(&b, OFP13_VERSION, 7) == 0);
	CHECK(b.len == 8 && !memcmp(buf, r13, 8));
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_barrier_reply(&b, OFP10_VERSION, 7) == 0);
	CHECK(b.len == 8 && !memcmp(buf, r10, 8));
}

static void test_flow_stats_request(void)
{
	/* 1.3 FLOW request: table ALL, out_port 2, group ANY, cookie
	 * 0x5/0xff, match of eth_type 0x0800. */
	static const uint8_t req[] = {
		0x04, 0x12, 0x00, 0x40, 0x00, 0x00, 0x00, 0x03,
		0x00, 0x01, 0x00, 0x00, 0, 0, 0, 0,
		0xff, 0, 0, 0, 0x00, 0x00, 0x00, 0x02,
		0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x05,
		0, 0, 0, 0, 0, 0, 0, 0xff,
		0x00, 0x01, 0x00, 0x0a, 0x80, 0x00, 0x0a, 0x02,
		0x08, 0x00, 0, 0, 0, 0, 0, 0,
	};
	struct ofp_flow_stats_request fsr;
	struct ofp_stats_request sr;
	struct ofp_error err;
	uint8_t *m;
	size_t n;

	m = exact(req, sizeof(req));
	CHECK(ofp_parse_stats_request(m, sizeof(req), &sr, &err) == 0);
	CHECK(sr.type == OFPMP13_FLOW && sr.body_len == sizeof(req) - 16);
	CHECK(ofp_parse_flow_stats_request(OFP13_VERSION, sr.body, sr.body_len,
					   &fsr, &err) == 0);
	CHECK(fsr.table_id == OFPTT_ALL && fsr.out_port == 2 &&
	      fsr.out_group == OFPG_ANY);
	CHECK(fsr.cookie == 5 && fsr.cookie_mask == 0xff);
	CHECK(fsr.match.has[VSWITCH_MATCH_A_DL_TYPE]);
	CHECK(get_u16(fsr.match.v[VSWITCH_MATCH_A_DL_TYPE]) == htons(0x0800));
	/* Each shorter body is refused, never read past. */
	for (n = 0; n < sr.body_len; n++) {
		uint8_t *body = exact(sr.body, n);

		CHECK(ofp_parse_flow_stats_request(OFP13_VERSION, body, n,
						   &fsr, &err) == -1);
		free(body);
	}
	free(m);
	for (n = 8; n < 16; n++) {
		m = exact(req, n);
		CHECK(ofp_parse_stats_request(m, n, &sr, &err) == -1);
		CHECK(err.code == OFPBRC13_BAD_LEN);
		free(m);
	}
}

static void test_flow_stats_request10(void)
{
	uint8_t body[44] = { 0 };
	struct ofp_flow_stats_request fsr;
	struct ofp_error err;

	ofp_put32(body, OFPFW10_ALL);
	body[40] = 0xff;
	ofp_put16(body + 42, OFPP10_NONE);
	CHECK(ofp_parse_flow_stats_request(OFP10_VERSION, body, 44, &fsr,
					   &err) == 0);
	CHECK(fsr.out_port == OFPP13_ANY && fsr.table_id == 0xff);
	ofp_put16(body + 42, OFPP10_LOCAL);
	CHECK(ofp_parse_flow_stats_request(OFP10_VERSION, body, 44, &fsr,
					   &err) == 0);
	CHECK(fsr.out_port == OFPP13_LOCAL);
	CHECK(ofp_parse_flow_stats_request(OFP10_VERSION, body, 43, &fsr,
					   &err) == -1);
	CHECK(err.type == OFPET10_BAD_REQUEST && err.code == OFPBRC10_BAD_LEN);
}

static void test_port_stats(void)
{
	uint8_t body[8] = { 0xff, 0xff, 0xff, 0xfe };
	struct ofp_port_stats ps = {
		.port_no = 3, .rx_packets = 1, .tx_packets = 2,
		.rx_bytes = 3, .tx_bytes = 4, .duration_ms = 2500,
	};
	struct ofp_error err;
	struct ofp_buf b;
	uint32_t port;

	CHECK(ofp_parse_port_stats_request(OFP13_VERSION, body, 8, &port,
					   &err) == 0);
	CHECK(port == VSWITCH_PORT_LOCAL);
	ofp_put32(body, OFPP13_ANY);
	CHECK(ofp_parse_port_stats_request(OFP13_VERSION, body, 8, &port,
					   &err) == 0);
	CHECK(port == OFPP13_ANY);
	CHECK(ofp_parse_port_stats_request(OFP13_VERSION, body, 7, &port,
					   &err) == -1);
	ofp_put16(body, OFPP10_NONE);
	CHECK(ofp_parse_port_stats_request(OFP10_VERSION, body, 8, &port,
					   &err) == 0);
	CHECK(port == OFPP13_ANY);

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_port_stats(&b, OFP13_VERSION, &ps) == 0);
	CHECK(b.len == 112);
	CHECK(ofp_get32(buf) == 3 && ofp_get64(buf + 8) == 1 &&
	      ofp_get64(buf + 16) == 2 && ofp_get64(buf + 24) == 3 &&
	      ofp_get64(buf + 32) == 4);
	CHECK(ofp_get64(buf + 72) == UINT64_MAX);	/* rx_frame_err */
	CHECK(ofp_get32(buf + 104) == 2 && ofp_get32(buf + 108) == 500000000);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_port_stats(&b, OFP10_VERSION, &ps) == 0);
	CHECK(b.len == 104 && ofp_get16(buf) == 3);
	/* A buffer one byte short is full, not overrun. */
	ofpb_init(&b, buf, 103);
	CHECK(ofp_put_port_stats(&b, OFP10_VERSION, &ps) == -1);
}

static void test_replies(void)
{
	struct ofp_desc d = { "m", "h", "s", "0123456789012345678901234567890123", "dp" };
	struct ofp_buf b;
	size_t start;

	ofpb_init(&b, buf, sizeof(buf));
	start = ofp_start_stats_reply(&b, OFP13_VERSION, 9, OFPMP13_DESC);
	CHECK(ofp_put_desc(&b, &d) == 0);
	CHECK(ofp_end_stats_reply(&b, start, true) == 0);
	CHECK(b.len == 16 + 1056);
	CHECK(buf[1] == OFPT13_MULTIPART_REPLY && ofp_get16(buf + 2) == 1072);
	CHECK(ofp_get16(buf + 8) == OFPMP13_DESC &&
	      ofp_get16(buf + 10) == OFPMPF13_MORE);
	CHECK(!memcmp(buf + 16, "m", 2) && !memcmp(buf + 16 + 768, "012345", 6));
	/* The serial number is cut to 31 bytes and a NUL. */
	CHECK(buf[16 + 768 + 31] == 0);

	ofpb_init(&b, buf, sizeof(buf));
	start = ofp_start_stats_reply(&b, OFP10_VERSION, 9, OFPST10_AGGREGATE);
	CHECK(ofp_put_aggregate(&b, 6, 588, 2) == 0);
	CHECK(ofp_end_stats_reply(&b, start, false) == 0);
	CHECK(b.len == 12 + 24 && buf[1] == OFPT10_STATS_REPLY);
	CHECK(ofp_get16(buf + 10) == 0);
	CHECK(ofp_get64(buf + 12) == 6 && ofp_get64(buf + 20) == 588 &&
	      ofp_get32(buf + 28) == 2);

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_table_stats(&b, OFP13_VERSION, 5, 100, 40, 30) == 0);
	CHECK(b.len == 24 && ofp_get32(buf + 4) == 5 &&
	      ofp_get64(buf + 8) == 40 && ofp_get64(buf + 16) == 30);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_table_stats(&b, OFP10_VERSION, 5, 100, 40, 30) == 0);
	CHECK(b.len == 64 && ofp_get32(buf + 36) == OFPFW10_ALL &&
	      ofp_get32(buf + 40) == 100 && ofp_get32(buf + 44) == 5);

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_table_features(&b, 1000) == 0);
	/* 64 bytes of table, then the eight properties, each padded. */
	CHECK(b.len == 376 && ofp_get16(buf) == 376 &&
	      ofp_get32(buf + 60) == 1000);
	CHECK(ofp_get16(buf + 64) == OFPTFPT13_INSTRUCTIONS &&
	      ofp_get16(buf + 66) == 8 &&
	      ofp_get32(buf + 68) == (OFPIT13_APPLY_ACTIONS << 16 | 4));
	CHECK(ofp_get16(buf + 72) == OFPTFPT13_NEXT_TABLES &&
	      ofp_get16(buf + 74) == 4);
	CHECK(ofp_get16(buf + 88) == OFPTFPT13_APPLY_ACTIONS &&
	      ofp_get16(buf + 90) == 24 && ofp_get32(buf + 92) == 4);
	CHECK(ofp_get16(buf + 112) == OFPTFPT13_MATCH &&
	      ofp_get16(buf + 114) == 108 && ofp_get32(buf + 116) == 0x80000004);
	/* eth_dst, maskable: hasmask, and the field's length. */
	CHECK(ofp_get32(buf + 120) == 0x80000706);
	CHECK(ofp_get16(buf + 224) == OFPTFPT13_WILDCARDS);
	CHECK(ofp_get16(buf + 336) == OFPTFPT13_WRITE_SETFIELD);
	CHECK(ofp_get16(buf + 344) == OFPTFPT13_APPLY_SETFIELD &&
	      ofp_get16(buf + 346) == 32);
	ofpb_init(&b, buf, 375);
	CHECK(ofp_put_table_features(&b, 1000) == -1);
}

int main(void)
{
	test_packet_out13();
	test_packet_out10();
	test_role();
	test_barrier();
	test_flow_stats_request();
	test_flow_stats_request10();
	test_port_stats();
	test_replies();
	printf("# %d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
