// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the OpenFlow codec (userspace-ctl/ofp_codec.c,
 * ofp13_flow.c, ofp10_flow.c). Each input, its length field set to its
 * length, is decoded as a 1.3 FLOW_MOD, a 1.0 FLOW_MOD, a HELLO, a
 * SET_CONFIG and a frame; decoders must not read outside it (ASan) nor
 * overflow or shift wrongly (UBSan). A FLOW_MOD that decodes must:
 *
 *  - encode, and decode again to the same struct ofp_flow_mod; encoding
 *    that gives the same bytes;
 *  - as a 1.0 flow, have nothing 1.0 cannot say, and its match encode as
 *    1.3 OXM and decode to the same match;
 *  - as a 1.3 flow, if ofp10_put_match() says 1.0 can say its match,
 *    encode as 1.0 and decode to the same match;
 *  - go through put_flow() and the kernel reply parser unchanged;
 *  - encode as FLOW_REMOVED, flow stats and PACKET_IN of both versions;
 *  - keep what it said, where the encoding is canonical: the fixed
 *    fields encode to the bytes received; in 1.3, if the match encodes
 *    to the length received, to the same TLVs (in any order: the
 *    decoder takes any, the encoder writes its own); in 1.0 each field
 *    the encoding matches on exactly was in the input, of the same
 *    value (see match10_kept()).
 *
 * Byte for byte over the whole message would be wrong: TLV order,
 * padding, the max_len of outputs that are not to the controller and
 * 1.0's wildcarded values are free in the input and fixed in the output.
 *
 * Each input also sets the length of a frame, up to the kernel's 65531
 * bytes, for a PACKET_IN of both versions that must fit in 0xffff.
 *
 * Any difference aborts. Built with ASan and UBSan (make -C
 * userspace-ctl/fuzz ofp).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "ofp_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out1[70000], out2[70000];

static bool match_same(const struct match *a, const struct match *b)
{
	int t;

	for (t = 0; t <= VSWITCH_MATCH_A_MAX; t++) {
		if (a->has[t] != b->has[t])
			return false;
		if (a->has[t] && memcmp(a->v[t], b->v[t], match_len[t]))
			return false;
	}
	return true;
}

static bool flow_same(const struct flow *a, const struct flow *b)
{
	unsigned int i;

	if (!match_same(&a->match, &b->match) ||
	    a->has_actions != b->has_actions || a->n_actions != b->n_actions ||
	    a->has_priority != b->has_priority || a->priority != b->priority ||
	    a->has_cookie_mask != b->has_cookie_mask ||
	    a->cookie != b->cookie || a->cookie_mask != b->cookie_mask ||
	    a->idle_timeout != b->idle_timeout ||
	    a->hard_timeout != b->hard_timeout || a->flags != b->flags)
		return false;
	for (i = 0; i < a->n_actions; i++) {
		const struct action *x = &a->actions[i], *y = &b->actions[i];

		if (x->type != y->type || x->len != y->len ||
		    x->len > sizeof(x->v) || memcmp(x->v, y->v, x->len))
			return false;
	}
	return true;
}

static bool fm_same(const struct ofp_flow_mod *a, const struct ofp_flow_mod *b)
{
	return flow_same(&a->flow, &b->flow) && a->command == b->command &&
	       a->table_id == b->table_id && a->of_flags == b->of_flags &&
	       a->check_overlap == b->check_overlap &&
	       a->reset_counts == b->reset_counts &&
	       a->modify_may_add == b->modify_may_add &&
	       a->buffer_id == b->buffer_id && a->out_port == b->out_port &&
	       a->out_group == b->out_group;
}

static void fail(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	abort();
}

/* The flow through a netlink request and the reply parser. */
static void fuzz_netlink(const struct flow *flow)
{
	static char nlbuf[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nlbuf);
	const struct nlattr *attr;
	struct flow back;

	put_flow(nlh, flow, FLOW_ADD);
	memset(&back, 0, sizeof(back));
	mnl_attr_for_each(attr, nlh, 0)
		if (parse_reply_flow(attr, &back) < 0)
			fail("netlink: the reply parser refuses the flow");
	if (!match_same(&flow->match, &back.match) ||
	    back.n_actions != flow->n_actions ||
	    (flow->n_actions &&
	     memcmp(back.actions, flow->actions,
		    flow->n_actions * sizeof(flow->actions[0]))))
		fail("netlink: the flow changed");
}

/* Messages made of the flow, as the kernel would report it. */
static void fuzz_encoders(const struct flow *flow)
{
	static const uint8_t frame[64];
	struct ofp_packet_in pin = {
		.in_port = 1, .cookie = flow->cookie, .total_len = 64,
		.data = frame, .len = sizeof(frame),
	};
	struct ofp_buf b;
	uint8_t v;

	for (v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
		ofpb_init(&b, out2, sizeof(out2));
		if (ofp_put_flow_removed(&b, v, flow, flow->cookie & 3) < 0 ||
		    ofp_put_flow_stats(&b, v, flow) < 0 ||
		    ofp_put_packet_in(&b, v, &pin) < 0)
			fail("an encoder failed with room to spare");
		/* Small buffers must fail cleanly, never overrun. */
		ofpb_init(&b, out2, flow->cookie % 97);
		ofp_put_flow_stats(&b, v, flow);
		if (b.len > b.cap)
			fail("an encoder wrote past its buffer");
	}
}

/*
 * 1.3: the fixed fields from cookie to flags are kept as received; if
 * the match encodes to the length it came in, it has the same TLVs.
 */
static void keeps13(const uint8_t *in, const uint8_t *out)
{
	unsigned int mlen = ofp_get16(in + 50), i, j, n, k;

	if (memcmp(in + 8, out + 8, 46 - 8))
		fail("1.3: a fixed field of the flow_mod changed");
	if (ofp_get16(out + 50) != mlen)
		return;
	/* Both are valid TLV lists (the input decoded, the output did). */
	for (i = 4; i < mlen; i += n) {
		n = 4 + in[48 + i + 3];
		for (j = 4; j < mlen; j += k) {
			k = 4 + out[48 + j + 3];
			if (k == n && !memcmp(in + 48 + i, out + 48 + j, n))
				break;
		}
		if (j >= mlen)
			fail("1.3: a match of canonical length changed a TLV");
	}
}

/* The 1.0 fields that are one wildcard bit and a value. */
static const struct {
	uint32_t w;
	uint8_t off, len;
} fields10[] = {
	{ OFPFW10_IN_PORT, 4, 2 }, { OFPFW10_DL_SRC, 6, 6 },
	{ OFPFW10_DL_DST, 12, 6 }, { OFPFW10_DL_VLAN, 18, 2 },
	{ OFPFW10_DL_VLAN_PCP, 20, 1 }, { OFPFW10_DL_TYPE, 22, 2 },
	{ OFPFW10_NW_PROTO, 25, 1 }, { OFPFW10_TP_SRC, 36, 2 },
	{ OFPFW10_TP_DST, 38, 2 },
};

/*
 * nw_src or nw_dst: if @out matches on a prefix, @in had the same one
 * and the same address under it.
 */
static bool nw_kept(const uint8_t *in, const uint8_t *out, uint32_t win,
		    uint32_t wout, int shift, int off)
{
	unsigned int bin = (win >> shift) & 0x3f, bout = (wout >> shift) & 0x3f;
	uint32_t mask;

	if (bout >= 32)
		return true;
	mask = bout ? ~0u << bout : ~0u;
	return bin == bout &&
	       (ofp_get32(in + off) & mask) == ofp_get32(out + off);
}

/*
 * 1.0: every field @out (an encoded ofp10_match) matches exactly, @in
 * (the one received) matched exactly and with the same value: nw_tos
 * without its ECN bits, nw_src and nw_dst under their prefix. A field
 * may be left out (its prerequisite is wildcarded), never changed.
 */
static void match10_kept(const uint8_t *in, const uint8_t *out)
{
	uint32_t win = ofp_get32(in), wout = ofp_get32(out);
	unsigned int i;

	for (i = 0; i < sizeof(fields10) / sizeof(fields10[0]); i++) {
		if (wout & fields10[i].w)
			continue;
		if ((win & fields10[i].w) ||
		    memcmp(in + fields10[i].off, out + fields10[i].off,
			   fields10[i].len))
			fail("1.0: a field of the match changed");
	}
	if (!(wout & OFPFW10_NW_TOS) &&
	    ((win & OFPFW10_NW_TOS) || (in[24] & 0xfc) != out[24]))
		fail("1.0: nw_tos changed");
	if (!nw_kept(in, out, win, wout, OFPFW10_NW_SRC_SHIFT, 28) ||
	    !nw_kept(in, out, win, wout, OFPFW10_NW_DST_SHIFT, 32))
		fail("1.0: nw_src or nw_dst changed");
}

/* 1.0: cookie to flags as received, but an exact match's priority. */
static void keeps10(const uint8_t *in, const uint8_t *out)
{
	match10_kept(in + 8, out + 8);
	if (memcmp(in + 48, out + 48, 62 - 48) ||
	    memcmp(in + 64, out + 64, 72 - 64))
		fail("1.0: a fixed field of the flow_mod changed");
	if ((ofp_get32(in + 8) & OFPFW10_ALL) &&
	    ofp_get16(in + 62) != ofp_get16(out + 62))
		fail("1.0: the priority changed");
}

/*
 * A PACKET_IN of @len bytes of frame (the kernel sends up to 65531):
 * it must fit in one message, cut if need be, with the true total_len.
 */
static void fuzz_packet_in(size_t len, uint32_t total_len)
{
	static const uint8_t frame[65531];
	struct ofp_packet_in pin = {
		.in_port = 1, .total_len = total_len, .data = frame, .len = len,
	};
	struct ofp_buf b;
	size_t want;
	uint8_t v;

	for (v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
		want = (v == OFP10_VERSION ? 18 : 42) + len;
		if (want > 0xffff)
			want = 0xffff;
		ofpb_init(&b, out2, sizeof(out2));
		if (ofp_put_packet_in(&b, v, &pin) < 0)
			fail("a packet-in does not encode");
		if (b.len != want || ofp_get16(out2 + 2) != want)
			fail("a packet-in of the wrong length");
		if (ofp_get16(out2 + 12) !=
		    (total_len > 0xffff ? 0xffff : total_len))
			fail("a packet-in of the wrong total_len");
		ofpb_init(&b, out2, want - 1);
		if (ofp_put_packet_in(&b, v, &pin) == 0 || b.len > b.cap)
			fail("a packet-in fits in a buffer too small");
	}
}

typedef int (*parse_fn)(const uint8_t *, size_t, struct ofp_flow_mod *,
			struct ofp_error *);
typedef int (*put_fn)(struct ofp_buf *, uint32_t, const struct ofp_flow_mod *);

static void fuzz_flow_mod(const uint8_t *msg, size_t len, bool v13)
{
	parse_fn parse = v13 ? ofp13_parse_flow_mod : ofp10_parse_flow_mod;
	put_fn put = v13 ? ofp13_put_flow_mod : ofp10_put_flow_mod;
	static struct ofp_flow_mod fm1, fm2;
	struct ofp_error err;
	struct ofp_buf b1, b2;
	struct match m;
	size_t used;

	if (parse(msg, len, &fm1, &err) < 0) {
		if (!err.why)
			fail("an error without a reason");
		return;
	}
	ofpb_init(&b1, out1, sizeof(out1));
	if (put(&b1, 1, &fm1) < 0)
		fail("a decoded flow_mod does not encode");
	if (parse(out1, b1.len, &fm2, &err) < 0) {
		fprintf(stderr, "fuzz: re-decoding: %u/%u %s\n", err.type,
			err.code, err.why);
		abort();
	}
	if (!fm_same(&fm1, &fm2))
		fail("a flow_mod decodes differently once encoded");
	ofpb_init(&b2, out2, sizeof(out2));
	if (put(&b2, 1, &fm2) < 0 || b1.len != b2.len ||
	    memcmp(out1, out2, b1.len))
		fail("a flow_mod encodes differently the second time");
	if (v13)
		keeps13(msg, out1);
	else
		keeps10(msg, out1);

	if (v13) {
		struct ofp10_match om;

		if (!ofp10_put_match(&om, &fm1.flow.match)) {
			if (ofp10_parse_match(&om, &m, &err) < 0 ||
			    !match_same(&m, &fm1.flow.match))
				fail("a 1.3 match 1.0 can say changes in 1.0");
		}
	} else {
		struct ofp10_match om;

		if (ofp10_put_match(&om, &fm1.flow.match) != 0)
			fail("a decoded 1.0 match is not a 1.0 match");
		ofpb_init(&b2, out2, sizeof(out2));
		if (ofp10_put_actions(&b2, &fm1.flow) != 0)
			fail("decoded 1.0 actions are not 1.0 actions");
		ofpb_init(&b2, out2, sizeof(out2));
		if (ofp13_put_match(&b2, &fm1.flow.match) < 0 ||
		    ofp13_parse_match(out2, b2.len, &m, &used, &err) < 0 ||
		    used != b2.len || !match_same(&m, &fm1.flow.match))
			fail("a 1.0 match changes in 1.3");
	}
	fuzz_netlink(&fm1.flow);
	fuzz_encoders(&fm1.flow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t msg[65535];
	struct ofp_error err;
	uint16_t flags, msl;

	ofp_frame(data, size);
	if (size < 8 || size > sizeof(msg))
		return 0;
	memcpy(msg, data, size);
	ofp_put16(msg + 2, size);
	fuzz_flow_mod(msg, size, true);
	fuzz_flow_mod(msg, size, false);
	if (ofp_negotiate_hello(msg, size, &err) < 0 && !err.why)
		fail("a hello error without a reason");
	ofp_parse_set_config(msg, size, msg[0], &flags, &msl, &err);
	/* The frame's length from the xid, its total length beyond it. */
	fuzz_packet_in(ofp_get16(msg + 4) % 65532,
		       ofp_get16(msg + 4) % 65532 + msg[6]);
	return 0;
}
