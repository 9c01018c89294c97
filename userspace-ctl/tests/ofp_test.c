// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the OpenFlow codec (ofp_codec.c, ofp13_flow.c,
 * ofp10_flow.c) on messages written out by hand from the specifications'
 * layouts: each decoded value, each error type and code, and, for valid
 * messages, that encoding what was decoded gives back the same bytes.
 *
 * Prints each check that fails and a count; exits 1 if any failed.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp_codec.h"

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

/* ---- Handshake ---- */

static void test_hello(void)
{
	/* 1.3 HELLO with a bitmap of 1.0 and 1.3 (1.3.5 7.5.1). */
	static const uint8_t hello13[] = {
		0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x12,
	};
	/* The same with a bitmap of 1.0 only. */
	static const uint8_t hello13_only10[] = {
		0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02,
	};
	/*
	 * 1.4 peer with 1.2 and 1.4 only: nothing in common, so the lower
	 * header version, 1.3 (1.3.5 6.3.1); the peer is the one to refuse.
	 */
	static const uint8_t hello_12_14[] = {
		0x05, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x28,
	};
	/*
	 * An unknown element, then a bitmap element that says 8 bytes but
	 * is cut at 4, at the end of the message.
	 */
	static const uint8_t hello_unknown_elem[] = {
		0x04, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x09, 0x00, 0x06, 0xaa, 0xbb, 0x00, 0x00,
		0x00, 0x01, 0x00, 0x08,
	};
	static const uint8_t hello_bad_elem[] = {
		0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x12,
	};
	static const uint8_t hello10[] = { 0x01, 0x00, 0x00, 0x08, 0, 0, 0, 1 };
	static const uint8_t hello12[] = { 0x03, 0x00, 0x00, 0x08, 0, 0, 0, 1 };
	static const uint8_t hello14[] = { 0x05, 0x00, 0x00, 0x08, 0, 0, 0, 1 };
	/* A 1.0 hello with a body, which 1.0 says to ignore. */
	static const uint8_t hello10_body[] = {
		0x01, 0x00, 0x00, 0x0c, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef,
	};
	static const uint8_t ours[] = {
		0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x2a,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x12,
	};
	struct ofp_error err = { 0 };
	struct ofp_buf b;

	CHECK(ofp_negotiate_hello(hello13, sizeof(hello13), &err) == 4);
	CHECK(ofp_negotiate_hello(hello13_only10, sizeof(hello13_only10), &err) == 1);
	CHECK(ofp_negotiate_hello(hello10, sizeof(hello10), &err) == 1);
	CHECK(ofp_negotiate_hello(hello10_body, sizeof(hello10_body), &err) == 1);
	CHECK(ofp_negotiate_hello(hello14, sizeof(hello14), &err) == 4);
	CHECK(ofp_negotiate_hello(hello_unknown_elem,
				  sizeof(hello_unknown_elem), &err) == -1);
	/* The bitmap element of length 8 is cut at 4 bytes: no bitmap word. */
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_LEN);
	err.type = 99;
	CHECK(ofp_negotiate_hello(hello12, sizeof(hello12), &err) == -1);
	CHECK(err.type == OFPET13_HELLO_FAILED && err.code == OFPHFC_INCOMPATIBLE);
	CHECK(ofp_negotiate_hello(hello_12_14, sizeof(hello_12_14), &err) == 4);
	CHECK(ofp_negotiate_hello(hello_bad_elem, sizeof(hello_bad_elem), &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_LEN);
	/* Length field and buffer disagree: BAD_REQUEST/BAD_LEN. */
	err.type = 99;
	CHECK(ofp_negotiate_hello(hello13, 12, &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_LEN);
	/* The same numbers in 1.0's ERROR, which a 1.0 peer gets. */
	err.type = 99;
	CHECK(ofp_negotiate_hello(hello10, 7, &err) == -1);
	CHECK(err.type == OFPET10_BAD_REQUEST && err.code == OFPBRC10_BAD_LEN);

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_hello(&b, 42) == 0);
	CHECK(b.len == sizeof(ours) && !memcmp(buf, ours, sizeof(ours)));
	CHECK(ofp_negotiate_hello(buf, b.len, &err) == 4);
}

static void test_hello_unknown_elem_padded(void)
{
	/* An unknown element of 6 bytes padded to 8, then the bitmap. */
	static const uint8_t hello[] = {
		0x04, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x09, 0x00, 0x06, 0xaa, 0xbb, 0x00, 0x00,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x10,
	};
	struct ofp_error err;

	CHECK(ofp_negotiate_hello(hello, sizeof(hello), &err) == 4);
}

static void test_hello_last_elem_unpadded(void)
{
	/* The last element, a bitmap of two words (12 bytes), unpadded. */
	static const uint8_t hello[] = {
		0x04, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x12,
		0x00, 0x00, 0x00, 0x00,
	};
	struct ofp_error err;

	CHECK(ofp_negotiate_hello(hello, sizeof(hello), &err) == 4);
}

/* 1.3.5 6.3.1 when the bitmaps have nothing in common, and broken ones. */
static void test_hello_bitmaps(void)
{
	/* A 1.2 peer with a bitmap of 1.2: min(1.2, 1.3) is 1.2, refused. */
	static const uint8_t hello12_bm12[] = {
		0x03, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08,
	};
	/* A 1.3 header with a bitmap of 1.2 alone: min(1.3, 1.3). */
	static const uint8_t hello13_bm12[] = {
		0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08,
	};
	/* A bitmap element of 6 bytes: part of a bitmap word. */
	static const uint8_t hello_bm6[] = {
		0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x06, 0x00, 0x10, 0x00, 0x00,
	};
	struct ofp_error err;

	err.type = 99;
	CHECK(ofp_negotiate_hello(hello12_bm12, sizeof(hello12_bm12), &err) == -1);
	CHECK(err.type == OFPET13_HELLO_FAILED && err.code == OFPHFC_INCOMPATIBLE);
	CHECK(ofp_negotiate_hello(hello13_bm12, sizeof(hello13_bm12), &err) == 4);
	err.type = 99;
	CHECK(ofp_negotiate_hello(hello_bm6, sizeof(hello_bm6), &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_LEN);
}

static void test_frame(void)
{
	static const uint8_t two[] = {
		0x04, 0x02, 0x00, 0x0a, 0, 0, 0, 1, 0xaa, 0xbb,
		0x04, 0x02, 0x00, 0x08, 0, 0,
	};
	static const uint8_t bad[] = { 0x04, 0x00, 0x00, 0x07, 0, 0, 0, 0 };

	CHECK(ofp_frame(two, 0) == OFP_FRAME_NEED_MORE);
	CHECK(ofp_frame(two, 7) == OFP_FRAME_NEED_MORE);
	CHECK(ofp_frame(two, 9) == OFP_FRAME_NEED_MORE);
	CHECK(ofp_frame(two, 10) == 10);
	CHECK(ofp_frame(two, sizeof(two)) == 10);
	CHECK(ofp_frame(two + 10, 6) == OFP_FRAME_NEED_MORE);
	CHECK(ofp_frame(bad, sizeof(bad)) == OFP_FRAME_BAD);
}

static void test_error_echo_features(void)
{
	static const uint8_t echo[] = {
		0x04, 0x02, 0x00, 0x0b, 0x01, 0x02, 0x03, 0x04, 'a', 'b', 'c',
	};
	static const uint8_t echo_reply[] = {
		0x04, 0x03, 0x00, 0x0b, 0x01, 0x02, 0x03, 0x04, 'a', 'b', 'c',
	};
	static const uint8_t features13[] = {
		0x04, 0x06, 0x00, 0x20, 0x00, 0x00, 0x00, 0x09,
		0x00, 0x00, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,
	};
	struct ofp_port_desc port = {
		.port_no = 1, .hw_addr = { 2, 0, 0, 0, 0, 1 }, .name = "eth0",
	};
	uint8_t req[100];
	struct ofp_buf b;

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_echo_reply(&b, echo, sizeof(echo)) == 0);
	CHECK(b.len == sizeof(echo_reply) && !memcmp(buf, echo_reply, b.len));

	/* ERROR: type, code, the first 64 bytes of the request. */
	memset(req, 0x5a, sizeof(req));
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_error(&b, OFP13_VERSION, 0x11223344, OFPET13_BAD_MATCH,
			    OFPBMC13_BAD_PREREQ, req, sizeof(req)) == 0);
	CHECK(b.len == 12 + 64);
	CHECK(buf[0] == 4 && buf[1] == OFPT13_ERROR && ofp_get16(buf + 2) == 76);
	CHECK(ofp_get32(buf + 4) == 0x11223344);
	CHECK(ofp_get16(buf + 8) == 4 && ofp_get16(buf + 10) == 9);
	CHECK(buf[12] == 0x5a && buf[75] == 0x5a);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_error(&b, OFP10_VERSION, 1, OFPET10_BAD_ACTION,
			    OFPBAC10_BAD_LEN, req, 20) == 0);
	CHECK(b.len == 32 && buf[0] == 1 && buf[1] == OFPT10_ERROR);
	CHECK(ofp_get16(buf + 8) == 2 && ofp_get16(buf + 10) == 1);
	/* A HELLO_FAILED carries its text whole. */
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_error(&b, OFP13_VERSION, 1, OFPET13_HELLO_FAILED,
			    OFPHFC_INCOMPATIBLE, req, 80) == 0);
	CHECK(b.len == 92);
	/* A buffer too small: failure, not a short message. */
	ofpb_init(&b, buf, 20);
	CHECK(ofp_put_error(&b, OFP13_VERSION, 1, 1, 1, req, 64) == -1);

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_features_reply(&b, OFP13_VERSION, 9, 0x525400123456ull,
				     NULL, 0) == 0);
	CHECK(b.len == sizeof(features13) && !memcmp(buf, features13, b.len));

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_features_reply(&b, OFP10_VERSION, 9, 0x525400123456ull,
				     &port, 1) == 0);
	CHECK(b.len == 32 + 48 && buf[0] == 1 && buf[1] == OFPT10_FEATURES_REPLY);
	CHECK(buf[20] == 1 && ofp_get32(buf + 24) == 0x87);
	CHECK(ofp_get16(buf + 32) == 1 && buf[38] == 0 && buf[39] == 1);
	CHECK(!memcmp(buf + 40, "eth0", 5));

	ofpb_init(&b, buf, sizeof(buf));
	port.port_no = VSWITCH_PORT_LOCAL;
	CHECK(ofp_put_port_status(&b, OFP13_VERSION, OFPPR_ADD, &port) == 0);
	CHECK(b.len == 80 && ofp_get32(buf + 16) == OFPP13_LOCAL);
}

static void test_config(void)
{
	static const uint8_t set13[] = {
		0x04, 0x09, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x00, 0xff, 0xff,
	};
	static const uint8_t set13_bad[] = {
		0x04, 0x09, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x04, 0x00, 0x80,
	};
	static const uint8_t set13_len[] = {
		0x04, 0x09, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x00, 0xff, 0xf0,
	};
	struct ofp_error err;
	uint16_t flags, msl;

	CHECK(ofp_parse_set_config(set13, sizeof(set13), 4, &flags, &msl, &err) == 0);
	CHECK(flags == 0 && msl == 0xffff);
	CHECK(ofp_parse_set_config(set13_bad, sizeof(set13_bad), 4, &flags, &msl,
				   &err) == -1);
	CHECK(err.type == OFPET13_SWITCH_CONFIG_FAILED &&
	      err.code == OFPSCFC13_BAD_FLAGS);
	CHECK(ofp_parse_set_config(set13_len, sizeof(set13_len), 4, &flags, &msl,
				   &err) == -1);
	CHECK(err.type == OFPET13_SWITCH_CONFIG_FAILED &&
	      err.code == OFPSCFC13_BAD_LEN);
	CHECK(ofp_parse_set_config(set13, 11, 4, &flags, &msl, &err) == -1);
	CHECK(err.type == OFPET13_BAD_REQUEST && err.code == OFPBRC13_BAD_LEN);
}

static void test_config10(void)
{
	/* FRAG_DROP, miss_send_len 128. */
	static const uint8_t set10[] = {
		0x01, 0x09, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x80,
	};
	/* Unknown flags and a length 1.3 would refuse: 1.0 has no error. */
	static const uint8_t set10_odd[] = {
		0x01, 0x09, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x04, 0xff, 0xf0,
	};
	static const uint8_t set10_long[] = {
		0x01, 0x09, 0x00, 0x10, 0, 0, 0, 1, 0x00, 0x00, 0x00, 0x80,
		0, 0, 0, 0,
	};
	struct ofp_error err;
	uint16_t flags, msl;

	CHECK(ofp_parse_set_config(set10, sizeof(set10), OFP10_VERSION, &flags,
				   &msl, &err) == 0);
	CHECK(flags == OFPC_FRAG_DROP && msl == 128);
	CHECK(ofp_parse_set_config(set10_odd, sizeof(set10_odd), OFP10_VERSION,
				   &flags, &msl, &err) == 0);
	CHECK(flags == 4 && msl == 0xfff0);
	err.type = 99;
	CHECK(ofp_parse_set_config(set10_long, sizeof(set10_long),
				   OFP10_VERSION, &flags, &msl, &err) == -1);
	CHECK(err.type == OFPET10_BAD_REQUEST && err.code == OFPBRC10_BAD_LEN);
}

/* ---- OpenFlow 1.3 FLOW_MOD ---- */

/*
 * ADD, cookie 0x1234, idle_timeout 10, priority 100, SEND_FLOW_REM,
 * in_port=1, eth_type=0x0800, ip_proto=6, ipv4_dst=10.0.0.0/255.255.255.0,
 * tcp_dst=80, apply_actions(output:2).
 */
static const uint8_t fm13[] = {
	0x04, 0x0e, 0x00, 0x78, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34,	/* cookie */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* cookie_mask */
	0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x64,	/* table, cmd, idle, hard, prio */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* buffer_id, out_port */
	0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x00, 0x00,	/* out_group, flags */
	0x00, 0x01, 0x00, 0x29,				/* OFPMT_OXM, 41 */
	0x80, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,	/* in_port 1 */
	0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,		/* eth_type */
	0x80, 0x00, 0x14, 0x01, 0x06,			/* ip_proto 6 */
	0x80, 0x00, 0x19, 0x08, 0x0a, 0x00, 0x00, 0x00,	/* ipv4_dst/mask */
	0xff, 0xff, 0xff, 0x00,
	0x80, 0x00, 0x1c, 0x02, 0x00, 0x50,		/* tcp_dst 80 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* padding */
	0x00, 0x04, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00,	/* apply_actions */
	0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x02,	/* output:2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
OFP_ASSERT(sizeof(fm13) == 0x78);

#define FM13_OXM	52	/* where the OXM TLVs start */
#define FM13_INST	96	/* where the instructions start */

static int fm13_err(const uint8_t *msg, size_t len, uint16_t type,
		    uint16_t code)
{
	struct ofp_flow_mod fm;
	struct ofp_error err = { 0 };

	if (ofp13_parse_flow_mod(msg, len, &fm, &err) != -1)
		return 0;
	if (err.type != type || err.code != code) {
		printf("# got error %u/%u (%s), want %u/%u\n", err.type,
		       err.code, err.why, type, code);
		return 0;
	}
	return 1;
}

/*
 * A FLOW_MOD ADD with match TLVs @oxm and instructions @inst, into @out;
 * its length.
 */
static size_t fm13_build(uint8_t *out, const uint8_t *oxm, size_t oxm_len,
			 const uint8_t *inst, size_t inst_len)
{
	size_t mlen = 4 + oxm_len, len = 48 + OFP_ALIGN8(mlen) + inst_len;

	memset(out, 0, len);
	memcpy(out, fm13, 48);
	ofp_put16(out + 2, len);
	ofp_put16(out + 48, OFPMT_OXM);
	ofp_put16(out + 50, mlen);
	if (oxm_len)
		memcpy(out + 52, oxm, oxm_len);
	memcpy(out + 48 + OFP_ALIGN8(mlen), inst, inst_len);
	return len;
}

static const uint8_t apply_out2[] = {
	0x00, 0x04, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static int match_err(const uint8_t *oxm, size_t oxm_len, uint16_t code)
{
	uint8_t msg[512];
	size_t len = fm13_build(msg, oxm, oxm_len, apply_out2,
				sizeof(apply_out2));

	return fm13_err(msg, len, OFPET13_BAD_MATCH, code);
}

static void test_fm13(void)
{
	struct ofp_flow_mod fm;
	struct ofp_error err = { 0 };
	const struct match *m = &fm.flow.match;
	struct ofp_buf b;
	uint8_t msg[512];
	int t, n = 0;

	CHECK(ofp13_parse_flow_mod(fm13, sizeof(fm13), &fm, &err) == 0);
	CHECK(fm.command == OFPFC_ADD && fm.table_id == 0);
	CHECK(fm.flow.priority == 100 && fm.flow.has_priority);
	CHECK(fm.flow.cookie == 0x1234 && !fm.flow.has_cookie_mask);
	CHECK(fm.flow.idle_timeout == 10 && fm.flow.hard_timeout == 0);
	CHECK(fm.flow.flags == VSWITCH_FLOW_F_SEND_REMOVED && !fm.check_overlap);
	CHECK(fm.buffer_id == OFP_NO_BUFFER && fm.out_port == OFPP13_ANY);
	for (t = 0; t <= VSWITCH_MATCH_A_MAX; t++)
		n += m->has[t];
	CHECK(n == 6);
	CHECK(m->has[VSWITCH_MATCH_A_IN_PORT] &&
	      get_u32(m->v[VSWITCH_MATCH_A_IN_PORT]) == 1);
	CHECK(m->has[VSWITCH_MATCH_A_DL_TYPE] &&
	      get_u16(m->v[VSWITCH_MATCH_A_DL_TYPE]) == htons(0x0800));
	CHECK(m->has[VSWITCH_MATCH_A_NW_PROTO] &&
	      m->v[VSWITCH_MATCH_A_NW_PROTO][0] == 6);
	CHECK(m->has[VSWITCH_MATCH_A_NW_DST] &&
	      get_u32(m->v[VSWITCH_MATCH_A_NW_DST]) == htonl(0x0a000000));
	CHECK(m->has[VSWITCH_MATCH_A_NW_DST_MASK] &&
	      get_u32(m->v[VSWITCH_MATCH_A_NW_DST_MASK]) == htonl(0xffffff00));
	CHECK(m->has[VSWITCH_MATCH_A_TP_DST] &&
	      get_u16(m->v[VSWITCH_MATCH_A_TP_DST]) == htons(80));
	CHECK(fm.flow.has_actions && fm.flow.n_actions == 1);
	CHECK(fm.flow.actions[0].type == VSWITCH_ACTION_A_OUTPUT &&
	      fm.flow.actions[0].len == 4 && get_u32(fm.flow.actions[0].v) == 2);

	/* What was decoded encodes to the same bytes. */
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_flow_mod(&b, 1, &fm) == 0);
	CHECK(b.len == sizeof(fm13) && !memcmp(buf, fm13, sizeof(fm13)));

	/* Prerequisites: tcp_dst needs ip_proto 6, ipv4_dst eth_type 0x0800. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[FM13_OXM + 8 + 6 + 4] = 17;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_PREREQ));
	memcpy(msg, fm13, sizeof(fm13));
	msg[FM13_OXM + 8 + 4] = 0x86;
	msg[FM13_OXM + 8 + 5] = 0xdd;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_PREREQ));
	{
		/* in_port, eth_type, ipv4_dst/mask, tcp_dst: no ip_proto. */
		static const uint8_t oxm[] = {
			0x80, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
			0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
			0x80, 0x00, 0x19, 0x08, 0x0a, 0x00, 0x00, 0x00,
			0xff, 0xff, 0xff, 0x00,
			0x80, 0x00, 0x1c, 0x02, 0x00, 0x50,
		};

		CHECK(match_err(oxm, sizeof(oxm), OFPBMC13_BAD_PREREQ));
	}
	/* A value bit under a zero mask bit. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[FM13_OXM + 8 + 6 + 5 + 7] = 1;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH,
		       OFPBMC13_BAD_WILDCARDS));
	/* in_port 0 and in_port 0xff00 are no ports. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[FM13_OXM + 7] = 0;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_VALUE));
	memcpy(msg, fm13, sizeof(fm13));
	msg[FM13_OXM + 6] = 0xff;
	msg[FM13_OXM + 7] = 0x00;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_VALUE));
	/* The match is of type OFPMT_STANDARD. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[49] = 0;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_TYPE));
	/* Its length runs past the message; is under 4. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[51] = 0xf0;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_LEN));
	memcpy(msg, fm13, sizeof(fm13));
	msg[51] = 3;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_LEN));
	/* Its length ends inside a TLV: 40 instead of 41. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[51] = 40;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_MATCH, OFPBMC13_BAD_LEN));

	{
		static const uint8_t dup[] = {
			0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
			0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
		};
		static const uint8_t eth_type_len3[] = {
			0x80, 0x00, 0x0a, 0x03, 0x08, 0x00, 0x00,
		};
		static const uint8_t metadata[] = {
			0x80, 0x00, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 1,
		};
		static const uint8_t experimenter[] = {
			0xff, 0xff, 0x00, 0x08, 0x00, 0x00, 0x23, 0x20,
			0, 0, 0, 1,
		};
		static const uint8_t proto_masked[] = {
			0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
			0x80, 0x00, 0x15, 0x02, 0x06, 0xff,
		};
		static const uint8_t vid_no_present[] = {
			0x80, 0x00, 0x0c, 0x02, 0x00, 0x05,
		};
		static const uint8_t pcp8[] = {
			0x80, 0x00, 0x0c, 0x02, 0x10, 0x05,
			0x80, 0x00, 0x0e, 0x01, 0x08,
		};
		static const uint8_t pcp_alone[] = {
			0x80, 0x00, 0x0e, 0x01, 0x03,
		};
		static const uint8_t pcp_untagged[] = {
			0x80, 0x00, 0x0c, 0x02, 0x00, 0x00,
			0x80, 0x00, 0x0e, 0x01, 0x03,
		};
		static const uint8_t any_tag[] = {
			0x80, 0x00, 0x0d, 0x04, 0x10, 0x00, 0x10, 0x00,
		};
		static const uint8_t vid_mask_fff[] = {
			0x80, 0x00, 0x0d, 0x04, 0x00, 0x05, 0x0f, 0xff,
		};
		static const uint8_t dscp64[] = {
			0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
			0x80, 0x00, 0x10, 0x01, 0x40,
		};
		static const uint8_t cut_header[] = { 0x80, 0x00, 0x0a };

		CHECK(match_err(dup, sizeof(dup), OFPBMC13_DUP_FIELD));
		CHECK(match_err(eth_type_len3, sizeof(eth_type_len3),
				OFPBMC13_BAD_LEN));
		CHECK(match_err(metadata, sizeof(metadata), OFPBMC13_BAD_FIELD));
		CHECK(match_err(experimenter, sizeof(experimenter),
				OFPBMC13_BAD_FIELD));
		CHECK(match_err(proto_masked, sizeof(proto_masked),
				OFPBMC13_BAD_MASK));
		CHECK(match_err(vid_no_present, sizeof(vid_no_present),
				OFPBMC13_BAD_VALUE));
		CHECK(match_err(pcp8, sizeof(pcp8), OFPBMC13_BAD_VALUE));
		CHECK(match_err(pcp_alone, sizeof(pcp_alone), OFPBMC13_BAD_PREREQ));
		CHECK(match_err(pcp_untagged, sizeof(pcp_untagged),
				OFPBMC13_BAD_PREREQ));
		CHECK(match_err(any_tag, sizeof(any_tag), OFPBMC13_BAD_MASK));
		CHECK(match_err(vid_mask_fff, sizeof(vid_mask_fff),
				OFPBMC13_BAD_MASK));
		{
			static const uint8_t untagged_w[] = {
				0x80, 0x00, 0x0d, 0x04, 0x00, 0x00, 0x10, 0x00,
			};
			struct ofp_flow_mod fmu;
			struct ofp_error e;
			uint8_t mu[256];
			size_t lu = fm13_build(mu, untagged_w, sizeof(untagged_w),
					       apply_out2, sizeof(apply_out2));

			CHECK(ofp13_parse_flow_mod(mu, lu, &fmu, &e) == 0);
			CHECK(fmu.flow.match.has[VSWITCH_MATCH_A_DL_VLAN] &&
			      get_u16(fmu.flow.match.v[VSWITCH_MATCH_A_DL_VLAN]) ==
			      VSWITCH_VLAN_NONE);
		}
		CHECK(match_err(dscp64, sizeof(dscp64), OFPBMC13_BAD_VALUE));
		CHECK(match_err(cut_header, sizeof(cut_header), OFPBMC13_BAD_LEN));
	}
	{
		/* Any tag with a PCP: the kernel's dl_vlan_pcp alone. */
		static const uint8_t oxm[] = {
			0x80, 0x00, 0x0d, 0x04, 0x10, 0x00, 0x10, 0x00,
			0x80, 0x00, 0x0e, 0x01, 0x05,
		};
		/* No tag; VID 7; LOCAL; DSCP 46 on IPv6; masked tunnel. */
		static const uint8_t oxm2[] = {
			0x80, 0x00, 0x00, 0x04, 0xff, 0xff, 0xff, 0xfe,
			0x80, 0x00, 0x0a, 0x02, 0x86, 0xdd,
			0x80, 0x00, 0x0c, 0x02, 0x10, 0x07,
			0x80, 0x00, 0x10, 0x01, 0x2e,
			0x80, 0x00, 0x4d, 0x10,
			0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0xf0,
		};
		size_t len = fm13_build(msg, oxm, sizeof(oxm), apply_out2,
					sizeof(apply_out2));

		CHECK(ofp13_parse_flow_mod(msg, len, &fm, &err) == 0);
		CHECK(!m->has[VSWITCH_MATCH_A_DL_VLAN] &&
		      m->has[VSWITCH_MATCH_A_DL_VLAN_PCP] &&
		      m->v[VSWITCH_MATCH_A_DL_VLAN_PCP][0] == 5);
		ofpb_init(&b, buf, sizeof(buf));
		CHECK(ofp13_put_flow_mod(&b, 1, &fm) == 0);
		CHECK(b.len == len && !memcmp(buf, msg, len));

		len = fm13_build(msg, oxm2, sizeof(oxm2), apply_out2,
				 sizeof(apply_out2));
		CHECK(ofp13_parse_flow_mod(msg, len, &fm, &err) == 0);
		CHECK(get_u32(m->v[VSWITCH_MATCH_A_IN_PORT]) == VSWITCH_PORT_LOCAL);
		CHECK(get_u16(m->v[VSWITCH_MATCH_A_DL_VLAN]) == 7);
		CHECK(m->v[VSWITCH_MATCH_A_NW_TOS][0] == 46 << 2);
		CHECK(m->has[VSWITCH_MATCH_A_TUN_ID_MASK]);
		{
			uint64_t id, mask;

			memcpy(&id, m->v[VSWITCH_MATCH_A_TUN_ID], 8);
			memcpy(&mask, m->v[VSWITCH_MATCH_A_TUN_ID_MASK], 8);
			CHECK(id == 0x10 && mask == 0xf0);
		}
		ofpb_init(&b, buf, sizeof(buf));
		CHECK(ofp13_put_flow_mod(&b, 1, &fm) == 0);
		CHECK(b.len == len && !memcmp(buf, msg, len));
	}

	/* FLOW_MOD fields. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[25] = 5;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_FLOW_MOD_FAILED,
		       OFPFMFC13_BAD_COMMAND));
	memcpy(msg, fm13, sizeof(fm13));
	msg[24] = 1;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_FLOW_MOD_FAILED,
		       OFPFMFC13_BAD_TABLE_ID));
	memcpy(msg, fm13, sizeof(fm13));
	msg[24] = OFPTT_ALL;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_FLOW_MOD_FAILED,
		       OFPFMFC13_BAD_TABLE_ID));
	msg[25] = OFPFC_DELETE;
	CHECK(ofp13_parse_flow_mod(msg, sizeof(fm13), &fm, &err) == 0);
	CHECK(fm.command == OFPFC_DELETE && fm.table_id == OFPTT_ALL &&
	      !fm.flow.has_actions && !fm.flow.has_priority);
	memcpy(msg, fm13, sizeof(fm13));
	msg[45] = 0x20;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_FLOW_MOD_FAILED,
		       OFPFMFC13_BAD_FLAGS));
	memcpy(msg, fm13, sizeof(fm13));
	msg[45] = 0x03;
	CHECK(ofp13_parse_flow_mod(msg, sizeof(fm13), &fm, &err) == 0 &&
	      fm.check_overlap);
	memcpy(msg, fm13, sizeof(fm13));
	msg[35] = 0x05;
	CHECK(fm13_err(msg, sizeof(fm13), OFPET13_BAD_REQUEST,
		       OFPBRC13_BUFFER_UNKNOWN));
	CHECK(fm13_err(fm13, sizeof(fm13) - 8, OFPET13_BAD_REQUEST,
		       OFPBRC13_BAD_LEN));
	CHECK(fm13_err(fm13, 40, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN));
	/* MODIFY with a cookie mask selects by cookie. */
	memcpy(msg, fm13, sizeof(fm13));
	msg[25] = OFPFC_MODIFY;
	msg[23] = 0xff;
	CHECK(ofp13_parse_flow_mod(msg, sizeof(fm13), &fm, &err) == 0);
	CHECK(fm.flow.has_cookie_mask && fm.flow.cookie_mask == 0xff &&
	      !fm.flow.has_priority && fm.flow.has_actions);
	/* In 1.3 a MODIFY that matches nothing does nothing (1.3.5 6.4). */
	CHECK(!fm.modify_may_add);
	msg[25] = OFPFC_MODIFY_STRICT;
	CHECK(ofp13_parse_flow_mod(msg, sizeof(fm13), &fm, &err) == 0);
	CHECK(!fm.modify_may_add);
}

/* A 1.3 FLOW_MOD of match TLVs @oxm and output:2 decodes into @fm. */
static int fm13_decode(const uint8_t *oxm, size_t oxm_len,
		       struct ofp_flow_mod *fm, uint8_t *msg, size_t *len)
{
	struct ofp_error err;

	*len = fm13_build(msg, oxm, oxm_len, apply_out2, sizeof(apply_out2));
	return ofp13_parse_flow_mod(msg, *len, fm, &err);
}

/* Encodes @fm and compares with the @len bytes of @msg. */
static bool fm13_same(const struct ofp_flow_mod *fm, const uint8_t *msg,
		      size_t len)
{
	struct ofp_buf b;

	ofpb_init(&b, buf, sizeof(buf));
	return ofp13_put_flow_mod(&b, 1, fm) == 0 && b.len == len &&
	       !memcmp(buf, msg, len);
}

/* The OXM fields the first tests leave out, and their normal forms. */
static void test_match13_fields(void)
{
	/* eth_type 0x86dd, ip_proto 58, ipv6_src 2001:db8::/32, ipv6_dst
	 * 2001:db8::1, icmpv6_type 135, icmpv6_code 0 */
	static const uint8_t ipv6[] = {
		0x80, 0x00, 0x0a, 0x02, 0x86, 0xdd,
		0x80, 0x00, 0x14, 0x01, 0x3a,
		0x80, 0x00, 0x35, 0x20,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x80, 0x00, 0x36, 0x10,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x80, 0x00, 0x3a, 0x01, 0x87,
		0x80, 0x00, 0x3c, 0x01, 0x00,
	};
	/* eth_type 0x0806, arp_op 1, arp_spa 10.0.0.0/8, arp_tpa 10.0.0.1 */
	static const uint8_t arp[] = {
		0x80, 0x00, 0x0a, 0x02, 0x08, 0x06,
		0x80, 0x00, 0x2a, 0x02, 0x00, 0x01,
		0x80, 0x00, 0x2d, 0x08, 0x0a, 0, 0, 0, 0xff, 0, 0, 0,
		0x80, 0x00, 0x2e, 0x04, 0x0a, 0, 0, 1,
	};
	/* arp_op under eth_type 0x0800 */
	static const uint8_t arp_on_ip[] = {
		0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
		0x80, 0x00, 0x2a, 0x02, 0x00, 0x01,
	};
	/* icmpv6_type under ip_proto 1 */
	static const uint8_t icmpv6_on_icmp[] = {
		0x80, 0x00, 0x0a, 0x02, 0x86, 0xdd,
		0x80, 0x00, 0x14, 0x01, 0x01,
		0x80, 0x00, 0x3a, 0x01, 0x87,
	};
	/* eth_dst 01:00:5e:00:00:00/ff:ff:ff:80:00:00 */
	static const uint8_t eth_masked[] = {
		0x80, 0x00, 0x07, 0x0c, 0x01, 0x00, 0x5e, 0, 0, 0,
		0xff, 0xff, 0xff, 0x80, 0, 0,
	};
	/* eth_src under all ones, eth_dst under all zeros */
	static const uint8_t eth_ones_zeros[] = {
		0x80, 0x00, 0x07, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x80, 0x00, 0x09, 0x0c, 0x02, 0, 0, 0, 0, 1,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	/* ...which is what this says */
	static const uint8_t eth_src_exact[] = {
		0x80, 0x00, 0x08, 0x06, 0x02, 0, 0, 0, 0, 1,
	};
	struct ofp_flow_mod fm, fm2;
	const struct match *m = &fm.flow.match;
	struct ofp10_match om;
	struct ofp_error err;
	uint8_t msg[512];
	size_t len;

	CHECK(fm13_decode(ipv6, sizeof(ipv6), &fm, msg, &len) == 0);
	CHECK(m->has[VSWITCH_MATCH_A_IPV6_SRC] &&
	      m->v[VSWITCH_MATCH_A_IPV6_SRC][0] == 0x20 &&
	      m->v[VSWITCH_MATCH_A_IPV6_SRC][3] == 0xb8);
	CHECK(m->has[VSWITCH_MATCH_A_IPV6_SRC_MASK] &&
	      m->v[VSWITCH_MATCH_A_IPV6_SRC_MASK][3] == 0xff &&
	      m->v[VSWITCH_MATCH_A_IPV6_SRC_MASK][4] == 0);
	CHECK(m->has[VSWITCH_MATCH_A_IPV6_DST] &&
	      !m->has[VSWITCH_MATCH_A_IPV6_DST_MASK] &&
	      m->v[VSWITCH_MATCH_A_IPV6_DST][15] == 1);
	CHECK(m->has[VSWITCH_MATCH_A_ICMP_TYPE] &&
	      m->v[VSWITCH_MATCH_A_ICMP_TYPE][0] == 135);
	CHECK(m->has[VSWITCH_MATCH_A_ICMP_CODE] &&
	      m->v[VSWITCH_MATCH_A_ICMP_CODE][0] == 0);
	CHECK(fm13_same(&fm, msg, len));
	/* 1.0 cannot say it: lossy. */
	CHECK(ofp10_put_match(&om, m) == 1);

	CHECK(fm13_decode(arp, sizeof(arp), &fm, msg, &len) == 0);
	CHECK(get_u16(m->v[VSWITCH_MATCH_A_ARP_OP]) == htons(1));
	CHECK(get_u32(m->v[VSWITCH_MATCH_A_ARP_SPA]) == htonl(0x0a000000) &&
	      get_u32(m->v[VSWITCH_MATCH_A_ARP_SPA_MASK]) == htonl(0xff000000));
	CHECK(get_u32(m->v[VSWITCH_MATCH_A_ARP_TPA]) == htonl(0x0a000001) &&
	      !m->has[VSWITCH_MATCH_A_ARP_TPA_MASK]);
	CHECK(fm13_same(&fm, msg, len));
	/* 1.0 can: nw_proto is the opcode, nw_src/nw_dst the addresses. */
	CHECK(ofp10_put_match(&om, m) == 0);
	CHECK(om.nw_proto == 1 && om.nw_src == htonl(0x0a000000) &&
	      om.nw_dst == htonl(0x0a000001));
	CHECK(ofp10_parse_match(&om, &fm2.flow.match, &err) == 0);
	CHECK(!memcmp(&fm2.flow.match, m, sizeof(*m)));

	CHECK(match_err(arp_on_ip, sizeof(arp_on_ip), OFPBMC13_BAD_PREREQ));
	CHECK(match_err(icmpv6_on_icmp, sizeof(icmpv6_on_icmp),
			OFPBMC13_BAD_PREREQ));

	CHECK(fm13_decode(eth_masked, sizeof(eth_masked), &fm, msg, &len) == 0);
	CHECK(m->has[VSWITCH_MATCH_A_DL_DST] && m->v[VSWITCH_MATCH_A_DL_DST][2] == 0x5e);
	CHECK(m->has[VSWITCH_MATCH_A_DL_DST_MASK] &&
	      m->v[VSWITCH_MATCH_A_DL_DST_MASK][3] == 0x80);
	CHECK(fm13_same(&fm, msg, len));
	/* 1.0 has no masked MACs: left out, lossy. */
	CHECK(ofp10_put_match(&om, m) == 1 &&
	      (ntohl(om.wildcards) & OFPFW10_DL_DST));

	/* All ones is no mask, all zeros no field: the same as exact eth_src. */
	CHECK(fm13_decode(eth_ones_zeros, sizeof(eth_ones_zeros), &fm, msg,
			  &len) == 0);
	CHECK(!m->has[VSWITCH_MATCH_A_DL_DST] && m->has[VSWITCH_MATCH_A_DL_SRC] &&
	      !m->has[VSWITCH_MATCH_A_DL_SRC_MASK]);
	CHECK(fm13_decode(eth_src_exact, sizeof(eth_src_exact), &fm2, msg,
			  &len) == 0);
	CHECK(!memcmp(&fm2.flow.match, m, sizeof(*m)));
	CHECK(fm13_same(&fm, msg, len));
}

/* A FLOW_MOD of @len bytes cut inside its match's padding. */
static void test_match13_cut(void)
{
	/* eth_dst, eth_src, in_port, eth_type, vlan_vid: 40 bytes of TLVs */
	static const uint8_t oxm[] = {
		0x80, 0x00, 0x06, 0x06, 0x02, 0, 0, 0, 0, 2,
		0x80, 0x00, 0x08, 0x06, 0x02, 0, 0, 0, 0, 1,
		0x80, 0x00, 0x00, 0x04, 0, 0, 0, 1,
		0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
		0x80, 0x00, 0x0c, 0x02, 0x10, 0x05,
	};
	struct ofp_flow_mod fm;
	struct ofp_error err;
	uint8_t msg[256];
	size_t len = fm13_build(msg, oxm, sizeof(oxm), apply_out2, 0);

	/* 48 + a match of 44, padded to 48: 96 bytes, no instructions. */
	CHECK(len == 96 && ofp13_parse_flow_mod(msg, len, &fm, &err) == 0);
	CHECK(fm.flow.has_actions && !fm.flow.n_actions);
	/* Its length says so, but the padding is not there. */
	ofp_put16(msg + 2, 92);
	CHECK(fm13_err(msg, 92, OFPET13_BAD_MATCH, OFPBMC13_BAD_LEN));
}

static int inst_err(const uint8_t *inst, size_t len, uint16_t type,
		    uint16_t code)
{
	static const uint8_t ip[] = { 0x80, 0x00, 0x0a, 0x02, 0x08, 0x00 };
	uint8_t msg[512];
	size_t n = fm13_build(msg, ip, sizeof(ip), inst, len);

	return fm13_err(msg, n, type, code);
}

static int action_err(const uint8_t *act, size_t len, uint16_t code)
{
	uint8_t inst[256];

	memset(inst, 0, 8);
	ofp_put16(inst, OFPIT13_APPLY_ACTIONS);
	ofp_put16(inst + 2, 8 + len);
	memcpy(inst + 8, act, len);
	return inst_err(inst, 8 + len, OFPET13_BAD_ACTION, code);
}

static void test_instructions13(void)
{
	static const uint8_t goto_table[] = { 0, 1, 0, 8, 1, 0, 0, 0 };
	static const uint8_t write_actions[] = { 0, 3, 0, 8, 0, 0, 0, 0 };
	static const uint8_t clear_actions[] = { 0, 5, 0, 8, 0, 0, 0, 0 };
	static const uint8_t meter[] = { 0, 6, 0, 8, 0, 0, 0, 1 };
	static const uint8_t metadata[24] = { 0, 2, 0, 24 };
	static const uint8_t unknown[] = { 0, 7, 0, 8, 0, 0, 0, 0 };
	static const uint8_t len12[] = { 0, 4, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t len_over[] = { 0, 4, 0, 16, 0, 0, 0, 0 };
	static const uint8_t cut[] = { 0, 4 };
	uint8_t two[48];

	CHECK(inst_err(goto_table, 8, OFPET13_BAD_INSTRUCTION,
		       OFPBIC13_BAD_TABLE_ID));
	CHECK(inst_err(write_actions, 8, OFPET13_BAD_INSTRUCTION,
		       OFPBIC13_UNSUP_INST));
	CHECK(inst_err(clear_actions, 8, OFPET13_BAD_INSTRUCTION,
		       OFPBIC13_UNSUP_INST));
	CHECK(inst_err(meter, 8, OFPET13_BAD_INSTRUCTION, OFPBIC13_UNSUP_INST));
	CHECK(inst_err(metadata, 24, OFPET13_BAD_INSTRUCTION,
		       OFPBIC13_UNSUP_INST));
	CHECK(inst_err(unknown, 8, OFPET13_BAD_INSTRUCTION,
		       OFPBIC13_UNKNOWN_INST));
	CHECK(inst_err(len12, 12, OFPET13_BAD_INSTRUCTION, OFPBIC13_BAD_LEN));
	CHECK(inst_err(len_over, 8, OFPET13_BAD_INSTRUCTION, OFPBIC13_BAD_LEN));
	CHECK(inst_err(cut, 2, OFPET13_BAD_INSTRUCTION, OFPBIC13_BAD_LEN));
	memcpy(two, apply_out2, 24);
	memcpy(two + 24, apply_out2, 24);
	CHECK(inst_err(two, 48, OFPET13_BAD_INSTRUCTION, OFPBIC13_UNSUP_INST));
}

/* Every action the kernel has, as we write them. */
static const uint8_t all_actions[] = {
	0, 0, 0, 16, 0xff, 0xff, 0xff, 0xfd, 0x00, 0x80, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 16, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 16, 0xff, 0xff, 0xff, 0xfa, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 17, 0, 8, 0x81, 0x00, 0, 0,
	0, 25, 0, 16, 0x80, 0x00, 0x0c, 0x02, 0x10, 0x0a, 0, 0, 0, 0, 0, 0,
	0, 25, 0, 16, 0x80, 0x00, 0x08, 0x06, 2, 0, 0, 0, 0, 9, 0, 0,
	0, 25, 0, 16, 0x80, 0x00, 0x16, 0x04, 192, 0, 2, 1, 0, 0, 0, 0,
	0, 25, 0, 16, 0x80, 0x00, 0x10, 0x01, 0x2e, 0, 0, 0, 0, 0, 0, 0,
	0, 25, 0, 16, 0x80, 0x00, 0x4c, 0x08, 0, 0, 0, 0, 0, 0, 0x10, 0x01,
	0, 24, 0, 8, 0, 0, 0, 0,
	0, 18, 0, 8, 0, 0, 0, 0,
	0, 0, 0, 16, 0xff, 0xff, 0xff, 0xfd, 0xff, 0xff, 0, 0, 0, 0, 0, 0,
};

static void test_actions13(void)
{
	static const uint8_t out_len8[] = { 0, 0, 0, 8, 0, 0, 0, 2 };
	static const uint8_t out_port0[16] = { 0, 0, 0, 16 };
	static const uint8_t out_ctl0[16] = {
		0, 0, 0, 16, 0xff, 0xff, 0xff, 0xfd, 0, 0,
	};
	static const uint8_t out_ctl_ffe6[16] = {
		0, 0, 0, 16, 0xff, 0xff, 0xff, 0xfd, 0xff, 0xe6,
	};
	static const uint8_t out_table[16] = {
		0, 0, 0, 16, 0xff, 0xff, 0xff, 0xf9,
	};
	static const uint8_t unknown[] = { 0, 99, 0, 8, 0, 0, 0, 0 };
	static const uint8_t len4[] = { 0, 18, 0, 4, 0, 0, 0, 0 };
	static const uint8_t push_bad[] = { 0, 17, 0, 8, 0x12, 0x34, 0, 0 };
	static const uint8_t group[] = { 0, 22, 0, 8, 0, 0, 0, 1 };
	static const uint8_t set_ttl[] = { 0, 23, 0, 8, 64, 0, 0, 0 };
	static const uint8_t exp[] = { 0xff, 0xff, 0, 8, 0, 0, 0x23, 0x20 };
	static const uint8_t set_ipv6[32] = {
		0, 25, 0, 24, 0x80, 0x00, 0x34, 0x10,
	};
	static const uint8_t set_arp_op[] = {
		0, 25, 0, 16, 0x80, 0x00, 0x2a, 0x02, 0, 1, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t set_masked[] = {
		0, 25, 0, 16, 0x80, 0x00, 0x17, 0x08,
		10, 0, 0, 1, 255, 255, 255, 0,
	};
	static const uint8_t set_badlen[] = {
		0, 25, 0, 8, 0x80, 0x00, 0x16, 0x04,
	};
	static const uint8_t set_tun_big[] = {
		0, 25, 0, 16, 0x80, 0x00, 0x4c, 0x08,
		0, 0, 0, 1, 0, 0, 0, 0,
	};
	static const uint8_t ip[] = { 0x80, 0x00, 0x0a, 0x02, 0x08, 0x00 };
	struct ofp_flow_mod fm;
	struct ofp_error err;
	const struct action *a = fm.flow.actions;
	uint8_t inst[256], msg[512];
	struct ofp_buf b;
	size_t n;

	CHECK(action_err(out_len8, sizeof(out_len8), OFPBAC13_BAD_LEN));
	CHECK(action_err(out_port0, sizeof(out_port0), OFPBAC13_BAD_OUT_PORT));
	CHECK(action_err(out_ctl_ffe6, sizeof(out_ctl_ffe6),
			 OFPBAC13_BAD_ARGUMENT));
	CHECK(action_err(out_table, sizeof(out_table), OFPBAC13_BAD_OUT_PORT));
	CHECK(action_err(unknown, sizeof(unknown), OFPBAC13_BAD_TYPE));
	CHECK(action_err(len4, sizeof(len4), OFPBAC13_BAD_LEN));
	CHECK(action_err(push_bad, sizeof(push_bad), OFPBAC13_BAD_ARGUMENT));
	CHECK(action_err(group, sizeof(group), OFPBAC13_BAD_OUT_GROUP));
	CHECK(action_err(set_ttl, sizeof(set_ttl), OFPBAC13_BAD_TYPE));
	CHECK(action_err(exp, sizeof(exp), OFPBAC13_BAD_EXPERIMENTER));
	CHECK(action_err(set_ipv6, 24, OFPBAC13_BAD_SET_TYPE));
	CHECK(action_err(set_arp_op, sizeof(set_arp_op), OFPBAC13_BAD_SET_TYPE));
	CHECK(action_err(set_masked, sizeof(set_masked),
			 OFPBAC13_BAD_SET_ARGUMENT));
	CHECK(action_err(set_badlen, sizeof(set_badlen), OFPBAC13_BAD_SET_LEN));
	CHECK(action_err(set_tun_big, sizeof(set_tun_big),
			 OFPBAC13_BAD_SET_ARGUMENT));

	memset(inst, 0, 8);
	ofp_put16(inst, OFPIT13_APPLY_ACTIONS);
	ofp_put16(inst + 2, 8 + sizeof(all_actions));
	memcpy(inst + 8, all_actions, sizeof(all_actions));
	n = fm13_build(msg, ip, sizeof(ip), inst, 8 + sizeof(all_actions));
	CHECK(ofp13_parse_flow_mod(msg, n, &fm, &err) == 0);
	CHECK(fm.flow.n_actions == 12);
	CHECK(a[0].type == VSWITCH_ACTION_A_CONTROLLER && get_u16(a[0].v) == 128);
	CHECK(a[1].type == VSWITCH_ACTION_A_OUTPUT &&
	      get_u32(a[1].v) == VSWITCH_PORT_LOCAL);
	CHECK(a[2].type == VSWITCH_ACTION_A_NORMAL && a[2].len == 0);
	CHECK(a[3].type == VSWITCH_ACTION_A_PUSH_VLAN && get_u16(a[3].v) == 0x8100);
	CHECK(a[4].type == VSWITCH_ACTION_A_MOD_VLAN_VID && get_u16(a[4].v) == 10);
	CHECK(a[5].type == VSWITCH_ACTION_A_MOD_DL_SRC && a[5].v[0] == 2 &&
	      a[5].v[5] == 9);
	CHECK(a[6].type == VSWITCH_ACTION_A_MOD_NW_SRC &&
	      get_u32(a[6].v) == htonl(0xc0000201));
	CHECK(a[7].type == VSWITCH_ACTION_A_MOD_NW_TOS && a[7].v[0] == 0xb8);
	CHECK(a[8].type == VSWITCH_ACTION_A_SET_TUNNEL &&
	      get_u32(a[8].v) == 0x1001);
	CHECK(a[9].type == VSWITCH_ACTION_A_DEC_TTL);
	CHECK(a[10].type == VSWITCH_ACTION_A_STRIP_VLAN);
	CHECK(a[11].type == VSWITCH_ACTION_A_CONTROLLER && get_u16(a[11].v) == 0);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_flow_mod(&b, 1, &fm) == 0);
	CHECK(b.len == n && !memcmp(buf, msg, n));

	/* set_field of ipv4_src without eth_type=0x0800 in the match. */
	n = fm13_build(msg, NULL, 0, inst, 8 + sizeof(all_actions));
	CHECK(fm13_err(msg, n, OFPET13_BAD_ACTION, OFPBAC13_MATCH_INCONSISTENT));

	/*
	 * max_len 0 and OFPCML_NO_BUFFER both send the whole frame: the
	 * kernel's length 0, which encodes as OFPCML_NO_BUFFER.
	 */
	memset(inst, 0, 8);
	ofp_put16(inst, OFPIT13_APPLY_ACTIONS);
	ofp_put16(inst + 2, 8 + sizeof(out_ctl0));
	memcpy(inst + 8, out_ctl0, sizeof(out_ctl0));
	n = fm13_build(msg, ip, sizeof(ip), inst, 8 + sizeof(out_ctl0));
	CHECK(ofp13_parse_flow_mod(msg, n, &fm, &err) == 0);
	CHECK(fm.flow.n_actions == 1 &&
	      a[0].type == VSWITCH_ACTION_A_CONTROLLER && get_u16(a[0].v) == 0);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_flow_mod(&b, 1, &fm) == 0);
	CHECK(b.len == n && ofp_get16(buf + n - 8) == OFPCML_NO_BUFFER);
}

/* An APPLY_ACTIONS of @act into @inst; its length. */
static size_t apply_of(uint8_t *inst, const uint8_t *act, size_t len)
{
	memset(inst, 0, 8);
	ofp_put16(inst, OFPIT13_APPLY_ACTIONS);
	ofp_put16(inst + 2, 8 + len);
	memcpy(inst + 8, act, len);
	return 8 + len;
}

/*
 * set_field vlan_vid rewrites a tag that is there (1.3.5 7.2.5); the
 * kernel's MOD_VLAN_VID also tags an untagged frame, as 1.0's
 * SET_VLAN_VID does. So a tag must be certain: matched, or pushed.
 */
static void test_set_vlan_vid13(void)
{
	static const uint8_t set_vid[] = {
		0, 25, 0, 16, 0x80, 0x00, 0x0c, 0x02, 0x10, 0x0a, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t push_set[] = {
		0, 17, 0, 8, 0x81, 0x00, 0, 0,
		0, 25, 0, 16, 0x80, 0x00, 0x0c, 0x02, 0x10, 0x0a, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t push_pop_set[] = {
		0, 17, 0, 8, 0x81, 0x00, 0, 0,
		0, 18, 0, 8, 0, 0, 0, 0,
		0, 25, 0, 16, 0x80, 0x00, 0x0c, 0x02, 0x10, 0x0a, 0, 0, 0, 0, 0, 0,
	};
	static const uint8_t vid5[] = { 0x80, 0x00, 0x0c, 0x02, 0x10, 0x05 };
	static const uint8_t untagged[] = { 0x80, 0x00, 0x0c, 0x02, 0x00, 0x00 };
	static const uint8_t any_pcp[] = {
		0x80, 0x00, 0x0d, 0x04, 0x10, 0x00, 0x10, 0x00,
		0x80, 0x00, 0x0e, 0x01, 0x05,
	};
	/* push_vlan(0x8100), set_field vlan_vid=OFPVID_PRESENT|7, output:2 */
	static const uint8_t push_set_out[] = {
		0, 17, 0, 8, 0x81, 0x00, 0, 0,
		0, 25, 0, 16, 0x80, 0x00, 0x0c, 0x02, 0x10, 0x07, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 16, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ofp_flow_mod fm;
	struct ofp_error err;
	struct flow flow;
	uint8_t inst[128], msg[512];
	struct ofp_buf b;
	size_t n;

	/* No tag in the match (eth_type=0x0800 only), none pushed. */
	CHECK(action_err(set_vid, sizeof(set_vid), OFPBAC13_MATCH_INCONSISTENT));
	CHECK(action_err(push_pop_set, sizeof(push_pop_set),
			 OFPBAC13_MATCH_INCONSISTENT));
	n = fm13_build(msg, untagged, sizeof(untagged), inst,
		       apply_of(inst, set_vid, sizeof(set_vid)));
	CHECK(fm13_err(msg, n, OFPET13_BAD_ACTION, OFPBAC13_MATCH_INCONSISTENT));
	/* A tag matched, exactly or as any tag with a PCP. */
	n = fm13_build(msg, vid5, sizeof(vid5), inst,
		       apply_of(inst, set_vid, sizeof(set_vid)));
	CHECK(ofp13_parse_flow_mod(msg, n, &fm, &err) == 0);
	CHECK(fm.flow.n_actions == 1 &&
	      fm.flow.actions[0].type == VSWITCH_ACTION_A_MOD_VLAN_VID &&
	      get_u16(fm.flow.actions[0].v) == 10);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_flow_mod(&b, 1, &fm) == 0);
	CHECK(b.len == n && !memcmp(buf, msg, n));
	n = fm13_build(msg, any_pcp, sizeof(any_pcp), inst,
		       apply_of(inst, set_vid, sizeof(set_vid)));
	CHECK(ofp13_parse_flow_mod(msg, n, &fm, &err) == 0);
	/* A tag pushed, on an untagged frame or any. */
	n = fm13_build(msg, untagged, sizeof(untagged), inst,
		       apply_of(inst, push_set, sizeof(push_set)));
	CHECK(ofp13_parse_flow_mod(msg, n, &fm, &err) == 0);
	CHECK(fm.flow.n_actions == 2);

	/*
	 * The other way: the kernel's MOD_VLAN_VID on an untagged frame is a
	 * push and a set; on a tagged one a set; on either, no 1.3 action
	 * says it (the set is written, and the list is lossy).
	 */
	memset(&flow, 0, sizeof(flow));
	flow.match.has[VSWITCH_MATCH_A_DL_VLAN] = true;
	put_u16(flow.match.v[VSWITCH_MATCH_A_DL_VLAN], VSWITCH_VLAN_NONE);
	flow.n_actions = 2;
	flow.actions[0].type = VSWITCH_ACTION_A_MOD_VLAN_VID;
	flow.actions[0].len = 2;
	put_u16(flow.actions[0].v, 7);
	flow.actions[1].type = VSWITCH_ACTION_A_OUTPUT;
	flow.actions[1].len = 4;
	put_u32(flow.actions[1].v, 2);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_actions(&b, &flow) == 0);
	CHECK(b.len == sizeof(push_set_out) &&
	      !memcmp(buf, push_set_out, sizeof(push_set_out)));
	put_u16(flow.match.v[VSWITCH_MATCH_A_DL_VLAN], 5);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_actions(&b, &flow) == 0);
	CHECK(b.len == sizeof(push_set_out) - 8 &&
	      !memcmp(buf, push_set_out + 8, b.len));
	flow.match.has[VSWITCH_MATCH_A_DL_VLAN] = false;
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_actions(&b, &flow) == 1);
	CHECK(b.len == sizeof(push_set_out) - 8 &&
	      !memcmp(buf, push_set_out + 8, b.len));

	/* An action type the encoder does not know: left out, lossy. */
	flow.actions[0].type = VSWITCH_ACTION_A_MAX + 1;
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp13_put_actions(&b, &flow) == 1);
	CHECK(b.len == 16 && !memcmp(buf, push_set_out + 24, 16));
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp10_put_actions(&b, &flow) == 1 && b.len == 8);
}

/* ---- OpenFlow 1.0 FLOW_MOD ---- */

/*
 * The same flow in 1.0: ADD, in_port=1, dl_type=0x0800, nw_proto=6,
 * nw_dst=10.0.0.0/24, tp_dst=80, actions=output:2.
 */
static const uint8_t fm10[] = {
	0x01, 0x0e, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x32, 0x20, 0x4e, 0x00, 0x01,		/* wildcards, in_port */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		/* dl_src, dl_dst */
	0x00, 0x00, 0x00, 0x00, 0x08, 0x00,		/* vlan, pcp, type */
	0x00, 0x06, 0x00, 0x00,				/* tos, proto */
	0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00,	/* nw_src, nw_dst */
	0x00, 0x00, 0x00, 0x50,				/* tp_src, tp_dst */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34,	/* cookie */
	0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x64,	/* cmd, idle, hard, prio */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01,	/* buffer, out_port, flags */
	0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00,	/* output:2 */
};
OFP_ASSERT(sizeof(fm10) == 80);

static int fm10_err(const uint8_t *msg, size_t len, uint16_t type,
		    uint16_t code)
{
	struct ofp_flow_mod fm;
	struct ofp_error err = { 0 };

	if (ofp10_parse_flow_mod(msg, len, &fm, &err) != -1)
		return 0;
	if (err.type != type || err.code != code) {
		printf("# got error %u/%u (%s), want %u/%u\n", err.type,
		       err.code, err.why, type, code);
		return 0;
	}
	return 1;
}

static void test_fm10(void)
{
	struct ofp_flow_mod fm;
	struct ofp_error err;
	const struct match *m = &fm.flow.match;
	struct ofp_buf b;
	uint8_t msg[256];
	int t, n = 0;

	CHECK(ofp10_parse_flow_mod(fm10, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.command == OFPFC_ADD && fm.flow.priority == 100);
	CHECK(fm.flow.cookie == 0x1234 && fm.flow.idle_timeout == 10);
	CHECK(fm.flow.flags == VSWITCH_FLOW_F_SEND_REMOVED);
	CHECK(fm.out_port == OFPP13_ANY);
	for (t = 0; t <= VSWITCH_MATCH_A_MAX; t++)
		n += m->has[t];
	CHECK(n == 6);
	CHECK(get_u32(m->v[VSWITCH_MATCH_A_IN_PORT]) == 1);
	CHECK(get_u16(m->v[VSWITCH_MATCH_A_DL_TYPE]) == htons(0x0800));
	CHECK(m->v[VSWITCH_MATCH_A_NW_PROTO][0] == 6);
	CHECK(get_u32(m->v[VSWITCH_MATCH_A_NW_DST]) == htonl(0x0a000000));
	CHECK(get_u32(m->v[VSWITCH_MATCH_A_NW_DST_MASK]) == htonl(0xffffff00));
	CHECK(get_u16(m->v[VSWITCH_MATCH_A_TP_DST]) == htons(80));
	CHECK(fm.flow.n_actions == 1 &&
	      fm.flow.actions[0].type == VSWITCH_ACTION_A_OUTPUT &&
	      get_u32(fm.flow.actions[0].v) == 2);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp10_put_flow_mod(&b, 1, &fm) == 0);
	CHECK(b.len == sizeof(fm10) && !memcmp(buf, fm10, sizeof(fm10)));

	/* The 1.3 flow and the 1.0 flow are one flow. */
	{
		struct ofp_flow_mod fm3;

		CHECK(ofp13_parse_flow_mod(fm13, sizeof(fm13), &fm3, &err) == 0);
		CHECK(!memcmp(&fm3.flow.match, &fm.flow.match,
			      sizeof(fm.flow.match)));
	}

	memcpy(msg, fm10, sizeof(fm10));
	msg[57] = 7;
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_FLOW_MOD_FAILED,
		       OFPFMFC10_BAD_COMMAND));
	memcpy(msg, fm10, sizeof(fm10));
	msg[75] = 16;
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_BAD_ACTION, OFPBAC10_BAD_LEN));
	memcpy(msg, fm10, sizeof(fm10));
	msg[72 + 1] = OFPAT10_SET_VLAN_PCP;
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_BAD_ACTION, OFPBAC10_BAD_TYPE));
	memcpy(msg, fm10, sizeof(fm10));
	msg[72 + 4] = 0xff;			/* output to 0xff02 */
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_BAD_ACTION,
		       OFPBAC10_BAD_OUT_PORT));
	memcpy(msg, fm10, sizeof(fm10));
	msg[11] &= ~OFPFW10_DL_VLAN;
	msg[26] = 0x13;				/* dl_vlan 0x1300 */
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_FLOW_MOD_FAILED,
		       OFPFMFC10_UNSUPPORTED));
	memcpy(msg, fm10, sizeof(fm10));
	msg[71] |= OFPFF10_EMERG;
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_FLOW_MOD_FAILED,
		       OFPFMFC10_BAD_EMERG_TIMEOUT));
	msg[59] = 0;
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_FLOW_MOD_FAILED,
		       OFPFMFC10_ALL_TABLES_FULL));
	/* A MODIFY can add (modify_may_add): the same as an ADD. */
	msg[57] = OFPFC_MODIFY;
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_FLOW_MOD_FAILED,
		       OFPFMFC10_ALL_TABLES_FULL));
	/*
	 * A DELETE of emergency flows, with or without timeouts: there are
	 * none to delete, which is no error.
	 */
	msg[57] = OFPFC_DELETE;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.of_flags & OFPFF10_EMERG);
	msg[57] = OFPFC_DELETE_STRICT;
	msg[59] = 10;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	memcpy(msg, fm10, sizeof(fm10));
	msg[67] = 1;
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_BAD_REQUEST,
		       OFPBRC10_BUFFER_UNKNOWN));
	CHECK(fm10_err(fm10, 70, OFPET10_BAD_REQUEST, OFPBRC10_BAD_LEN));
	CHECK(fm10_err(fm10, 72, OFPET10_BAD_REQUEST, OFPBRC10_BAD_LEN));

	{
		/* output:2, then the action under test; 96 bytes. */
		static const uint8_t enqueue[16] = {
			0, OFPAT10_ENQUEUE, 0, 16, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		};
		static const uint8_t unknown16[16] = { 0, 99, 0, 16 };
		static const uint8_t vendor[16] = {
			0xff, 0xff, 0, 16, 0, 0, 0x23, 0x20,
		};

		/* ENQUEUE is not in the features' actions: BAD_TYPE. */
		memcpy(msg, fm10, sizeof(fm10));
		memcpy(msg + 80, enqueue, 16);
		ofp_put16(msg + 2, 96);
		CHECK(fm10_err(msg, 96, OFPET10_BAD_ACTION, OFPBAC10_BAD_TYPE));
		/* An unknown type of any length: BAD_TYPE, not BAD_LEN. */
		memcpy(msg + 80, unknown16, 16);
		CHECK(fm10_err(msg, 96, OFPET10_BAD_ACTION, OFPBAC10_BAD_TYPE));
		ofp_put16(msg + 80 + 2, 4);
		CHECK(fm10_err(msg, 96, OFPET10_BAD_ACTION, OFPBAC10_BAD_TYPE));
		memcpy(msg + 80, vendor, 16);
		CHECK(fm10_err(msg, 96, OFPET10_BAD_ACTION, OFPBAC10_BAD_VENDOR));
	}

	/* ICMP: type and code in the ports' low byte; a high byte is refused. */
	memcpy(msg, fm10, sizeof(fm10));
	msg[11] &= ~OFPFW10_TP_SRC;
	msg[33] = 1;
	ofp_put16(msg + 44, 3);
	ofp_put16(msg + 46, 1);
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(m->has[VSWITCH_MATCH_A_ICMP_TYPE] &&
	      m->v[VSWITCH_MATCH_A_ICMP_TYPE][0] == 3 &&
	      m->has[VSWITCH_MATCH_A_ICMP_CODE] &&
	      m->v[VSWITCH_MATCH_A_ICMP_CODE][0] == 1);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp10_put_flow_mod(&b, 1, &fm) == 0);
	CHECK(b.len == sizeof(fm10) && !memcmp(buf, msg, sizeof(fm10)));
	ofp_put16(msg + 44, 0x0103);
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_FLOW_MOD_FAILED,
		       OFPFMFC10_UNSUPPORTED));
	ofp_put16(msg + 44, 3);
	ofp_put16(msg + 46, 0x0101);
	CHECK(fm10_err(msg, sizeof(fm10), OFPET10_FLOW_MOD_FAILED,
		       OFPFMFC10_UNSUPPORTED));
	/* Wildcarded, the value does not count. */
	msg[11] |= OFPFW10_TP_DST;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);

	/* Output to the controller of max_len 0: the whole frame. */
	memcpy(msg, fm10, sizeof(fm10));
	ofp_put16(msg + 72 + 4, OFPP10_CONTROLLER);
	ofp_put16(msg + 72 + 6, 0);
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.flow.n_actions == 1 &&
	      fm.flow.actions[0].type == VSWITCH_ACTION_A_CONTROLLER &&
	      get_u16(fm.flow.actions[0].v) == 0);
	ofp_put16(msg + 72 + 6, 0xffff);
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(get_u16(fm.flow.actions[0].v) == 0);
	ofp_put16(msg + 72 + 6, 128);
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(get_u16(fm.flow.actions[0].v) == 128);

	/* dl_type ARP: nw_proto is the opcode, nw_* the ARP addresses. */
	memcpy(msg, fm10, sizeof(fm10));
	msg[31] = 0x06;				/* 0x0806 */
	msg[33] = 2;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(!m->has[VSWITCH_MATCH_A_NW_PROTO] && !m->has[VSWITCH_MATCH_A_TP_DST]);
	CHECK(get_u16(m->v[VSWITCH_MATCH_A_ARP_OP]) == htons(2));
	CHECK(m->has[VSWITCH_MATCH_A_ARP_TPA] && m->has[VSWITCH_MATCH_A_ARP_TPA_MASK]);
	/* Exact on every field: the highest priority (1.0.0 3.4). */
	memcpy(msg, fm10, sizeof(fm10));
	memset(msg + 8, 0, 4);
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.flow.priority == 0xffff);
	msg[57] = OFPFC_DELETE_STRICT;		/* which must find it there */
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.flow.priority == 0xffff && fm.flow.has_priority);
	/* 1.0 MODIFY and MODIFY_STRICT add if they match nothing; ADD does not. */
	CHECK(!fm.modify_may_add);
	memcpy(msg, fm10, sizeof(fm10));
	msg[57] = OFPFC_MODIFY;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.modify_may_add && fm.command == OFPFC_MODIFY);
	msg[57] = OFPFC_MODIFY_STRICT;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.modify_may_add && fm.command == OFPFC_MODIFY_STRICT);
	msg[57] = OFPFC_DELETE;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(!fm.modify_may_add);
	/* DELETE out_port LOCAL, in 1.3 numbers. */
	memcpy(msg, fm10, sizeof(fm10));
	msg[57] = OFPFC_DELETE;
	msg[68] = 0xff;
	msg[69] = 0xfe;
	CHECK(ofp10_parse_flow_mod(msg, sizeof(fm10), &fm, &err) == 0);
	CHECK(fm.out_port == OFPP13_LOCAL && !fm.flow.has_actions);
}

/* The 1.0 actions other than OUTPUT, and what 1.0 cannot say. */
static void test_actions10(void)
{
	static const uint8_t acts[] = {
		0, 1, 0, 8, 0x00, 0x0a, 0, 0,			/* set_vlan_vid 10 */
		0, 3, 0, 8, 0, 0, 0, 0,				/* strip_vlan */
		0, 4, 0, 16, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,	/* set_dl_src */
		0, 5, 0, 16, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0,	/* set_dl_dst */
		0, 6, 0, 8, 192, 0, 2, 1,			/* set_nw_src */
		0, 7, 0, 8, 192, 0, 2, 2,			/* set_nw_dst */
		0, 8, 0, 8, 0xb8, 0, 0, 0,			/* set_nw_tos */
		0, 0, 0, 8, 0xff, 0xfd, 0x00, 0x80,		/* controller:128 */
	};
	struct ofp_flow_mod fm;
	struct ofp_error err;
	const struct action *a = fm.flow.actions;
	struct ofp_buf b;
	uint8_t msg[256];
	size_t len = 72 + sizeof(acts);

	memcpy(msg, fm10, 72);
	memcpy(msg + 72, acts, sizeof(acts));
	ofp_put16(msg + 2, len);
	CHECK(ofp10_parse_flow_mod(msg, len, &fm, &err) == 0);
	CHECK(fm.flow.n_actions == 8);
	CHECK(a[0].type == VSWITCH_ACTION_A_MOD_VLAN_VID && get_u16(a[0].v) == 10);
	CHECK(a[1].type == VSWITCH_ACTION_A_STRIP_VLAN);
	CHECK(a[2].type == VSWITCH_ACTION_A_MOD_DL_SRC && a[2].v[5] == 1);
	CHECK(a[3].type == VSWITCH_ACTION_A_MOD_DL_DST && a[3].v[5] == 2);
	CHECK(a[4].type == VSWITCH_ACTION_A_MOD_NW_SRC &&
	      get_u32(a[4].v) == htonl(0xc0000201));
	CHECK(a[5].type == VSWITCH_ACTION_A_MOD_NW_DST &&
	      get_u32(a[5].v) == htonl(0xc0000202));
	CHECK(a[6].type == VSWITCH_ACTION_A_MOD_NW_TOS && a[6].v[0] == 0xb8);
	CHECK(a[7].type == VSWITCH_ACTION_A_CONTROLLER && get_u16(a[7].v) == 128);
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp10_put_flow_mod(&b, 1, &fm) == 0);
	CHECK(b.len == len && !memcmp(buf, msg, len));
	CHECK(ofp10_put_actions(&b, &fm.flow) == 0);

	/* set_vlan_vid is 0 to 4095; set_nw_tos leaves the ECN bits. */
	ofp_put16(msg + 72 + 4, 0x1000);
	CHECK(fm10_err(msg, len, OFPET10_BAD_ACTION, OFPBAC10_BAD_ARGUMENT));
	ofp_put16(msg + 72 + 4, 10);
	msg[72 + 64 + 4] = 0xb9;
	CHECK(fm10_err(msg, len, OFPET10_BAD_ACTION, OFPBAC10_BAD_ARGUMENT));

	/* push_vlan, dec_ttl and set_tunnel have no 1.0 form: lossy. */
	fm.flow.n_actions = 4;
	fm.flow.actions[0].type = VSWITCH_ACTION_A_PUSH_VLAN;
	fm.flow.actions[1].type = VSWITCH_ACTION_A_DEC_TTL;
	fm.flow.actions[2].type = VSWITCH_ACTION_A_SET_TUNNEL;
	fm.flow.actions[3] = fm.flow.actions[7];
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp10_put_actions(&b, &fm.flow) == 1);
	CHECK(b.len == 8 && !memcmp(buf, acts + 72, 8));
	/* A buffer too small: -1, whatever was lossy. */
	ofpb_init(&b, buf, 4);
	CHECK(ofp10_put_actions(&b, &fm.flow) == -1);
}

/* 1.0 nw_src/nw_dst are prefixes: another mask is widened, lossy. */
static void test_match10_lossy(void)
{
	struct ofp10_match om;
	struct ofp_error err;
	struct match m, back;

	memset(&m, 0, sizeof(m));
	m.has[VSWITCH_MATCH_A_DL_TYPE] = true;
	put_u16(m.v[VSWITCH_MATCH_A_DL_TYPE], htons(0x0800));
	m.has[VSWITCH_MATCH_A_NW_DST] = true;
	put_u32(m.v[VSWITCH_MATCH_A_NW_DST], htonl(0x0a000001));
	m.has[VSWITCH_MATCH_A_NW_DST_MASK] = true;
	put_u32(m.v[VSWITCH_MATCH_A_NW_DST_MASK], htonl(0xffffff00));
	CHECK(ofp10_put_match(&om, &m) == 0);
	CHECK(om.nw_dst == htonl(0x0a000000) &&
	      ((ntohl(om.wildcards) & OFPFW10_NW_DST_MASK) >>
	       OFPFW10_NW_DST_SHIFT) == 8);
	put_u32(m.v[VSWITCH_MATCH_A_NW_DST_MASK], htonl(0xff00ff00));
	CHECK(ofp10_put_match(&om, &m) == 1);
	/* Widened to the leading ones, /8. */
	CHECK(((ntohl(om.wildcards) & OFPFW10_NW_DST_MASK) >>
	       OFPFW10_NW_DST_SHIFT) == 24);
	CHECK(ofp10_parse_match(&om, &back, &err) == 0);
	CHECK(get_u32(back.v[VSWITCH_MATCH_A_NW_DST_MASK]) == htonl(0xff000000));
}

/* ---- Messages from the kernel ---- */

static void test_async(void)
{
	static const uint8_t frame[14] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t pin13_head[] = {
		0x04, 0x0a, 0x00, 0x38, 0x00, 0x00, 0x00, 0x00,
		0xff, 0xff, 0xff, 0xff, 0x00, 0x3c, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xab, 0xcd,
		0x00, 0x01, 0x00, 0x0c, 0x80, 0x00, 0x00, 0x04,
		0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00,
	};
	struct ofp_packet_in pin = {
		.in_port = 3, .reason = VSWITCH_PACKET_IN_ACTION,
		.cookie = 0xabcd, .total_len = 60, .data = frame,
		.len = sizeof(frame),
	};
	struct ofp_flow_mod fm;
	struct ofp_error err;
	struct ofp_buf b;

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_packet_in(&b, OFP13_VERSION, &pin) == 0);
	CHECK(b.len == sizeof(pin13_head) + sizeof(frame));
	CHECK(!memcmp(buf, pin13_head, sizeof(pin13_head)));
	CHECK(!memcmp(buf + sizeof(pin13_head), frame, sizeof(frame)));

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_packet_in(&b, OFP10_VERSION, &pin) == 0);
	CHECK(b.len == 18 + sizeof(frame) && ofp_get16(buf + 14) == 3);
	CHECK(buf[16] == OFPR_ACTION);

	CHECK(ofp13_parse_flow_mod(fm13, sizeof(fm13), &fm, &err) == 0);
	fm.flow.duration = 2500;
	fm.flow.packets = 7;
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_flow_removed(&b, OFP13_VERSION, &fm.flow,
				   VSWITCH_FLOW_REMOVED_PORT) == 0);
	CHECK(b.len == 48 + 48 && buf[18] == OFPRR_DELETE);
	CHECK(ofp_get32(buf + 20) == 2 && ofp_get32(buf + 24) == 500000000);
	CHECK(ofp_get64(buf + 32) == 7);
	CHECK(!memcmp(buf + 48, fm13 + 48, 48));
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_flow_removed(&b, OFP10_VERSION, &fm.flow,
				   VSWITCH_FLOW_REMOVED_IDLE_TIMEOUT) == 0);
	CHECK(b.len == 88 && !memcmp(buf + 8, fm10 + 8, 40));

	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_flow_stats(&b, OFP13_VERSION, &fm.flow) == 0);
	CHECK(b.len == 48 + 48 + 24 && ofp_get16(buf) == b.len);
	CHECK(ofp_get16(buf + 18) == OFPFF13_SEND_FLOW_REM);
	CHECK(!memcmp(buf + 48, fm13 + 48, 72));
	ofpb_init(&b, buf, sizeof(buf));
	CHECK(ofp_put_flow_stats(&b, OFP10_VERSION, &fm.flow) == 0);
	CHECK(b.len == 88 + 8 && ofp_get16(buf) == 96);
	CHECK(!memcmp(buf + 4, fm10 + 8, 40) && !memcmp(buf + 88, fm10 + 72, 8));
}

/*
 * The kernel hands over up to 65531 bytes of frame: the PACKET_IN carries
 * what fits in 0xffff and says the true total_len.
 */
static void test_packet_in_large(void)
{
	static uint8_t frame[65531], big[70000];
	struct ofp_packet_in pin = {
		.in_port = 3, .reason = VSWITCH_PACKET_IN_MISS,
		.total_len = sizeof(frame), .data = frame, .len = sizeof(frame),
	};
	struct ofp_buf b;

	memset(frame, 0xa5, sizeof(frame));
	ofpb_init(&b, big, sizeof(big));
	CHECK(ofp_put_packet_in(&b, OFP10_VERSION, &pin) == 0);
	CHECK(b.len == 0xffff && ofp_get16(big + 2) == 0xffff);
	CHECK(ofp_get16(big + 12) == sizeof(frame));	/* total_len */
	CHECK(big[18] == 0xa5 && big[0xfffe] == 0xa5);

	ofpb_init(&b, big, sizeof(big));
	CHECK(ofp_put_packet_in(&b, OFP13_VERSION, &pin) == 0);
	CHECK(b.len == 0xffff && ofp_get16(big + 2) == 0xffff);
	CHECK(ofp_get16(big + 12) == sizeof(frame));	/* total_len */
	CHECK(big[42] == 0xa5 && big[0xfffe] == 0xa5);

	/* The true length of a frame the kernel cut, up to what 1.x says. */
	pin.total_len = 100000;
	pin.len = 100;
	ofpb_init(&b, big, sizeof(big));
	CHECK(ofp_put_packet_in(&b, OFP13_VERSION, &pin) == 0);
	CHECK(b.len == 42 + 100 && ofp_get16(big + 12) == 0xffff);
}

static void write_file(const char *dir, const char *name, const void *p,
		       size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* The valid messages above, as the fuzzer's seed corpus. */
static void write_corpus(const char *dir)
{
	static const uint8_t ip[] = { 0x80, 0x00, 0x0a, 0x02, 0x08, 0x00 };
	static const uint8_t hello10[] = { 0x01, 0x00, 0x00, 0x08, 0, 0, 0, 1 };
	uint8_t msg[512], inst[256];
	struct ofp_buf b;
	size_t n;

	write_file(dir, "flow_mod13", fm13, sizeof(fm13));
	write_file(dir, "flow_mod10", fm10, sizeof(fm10));
	write_file(dir, "hello10", hello10, sizeof(hello10));
	ofpb_init(&b, msg, sizeof(msg));
	ofp_put_hello(&b, 1);
	write_file(dir, "hello13", msg, b.len);
	memset(inst, 0, 8);
	ofp_put16(inst, OFPIT13_APPLY_ACTIONS);
	ofp_put16(inst + 2, 8 + sizeof(all_actions));
	memcpy(inst + 8, all_actions, sizeof(all_actions));
	n = fm13_build(msg, ip, sizeof(ip), inst, 8 + sizeof(all_actions));
	write_file(dir, "flow_mod13_actions", msg, n);
	memcpy(msg, fm13, sizeof(fm13));
	msg[25] = OFPFC_DELETE_STRICT;
	write_file(dir, "flow_mod13_delete", msg, sizeof(fm13));
	memcpy(msg, fm10, sizeof(fm10));
	msg[31] = 0x06;
	msg[33] = 1;
	write_file(dir, "flow_mod10_arp", msg, sizeof(fm10));
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--corpus")) {
		write_corpus(argv[2]);
		return 0;
	}
	test_hello();
	test_hello_unknown_elem_padded();
	test_hello_bitmaps();
	test_hello_last_elem_unpadded();
	test_frame();
	test_error_echo_features();
	test_config();
	test_config10();
	test_fm13();
	test_match13_fields();
	test_match13_cut();
	test_instructions13();
	test_actions13();
	test_set_vlan_vid13();
	test_fm10();
	test_actions10();
	test_match10_lossy();
	test_async();
	test_packet_in_large();
	printf("1..%d\n", n_checks);
	printf("# %d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
