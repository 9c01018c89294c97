// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of ofp_msg.c, vswagent's decoders of PACKET_OUT,
 * ROLE_REQUEST and the multipart requests: any input, as one message of
 * each version, must be decoded or refused with an error that has a
 * reason, never read past its end (ASan) or hit undefined behaviour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "ofp_msg fuzz: %s\n", why);
	abort();
}

static void check_error(int ret, const struct ofp_error *err)
{
	if (ret < 0 && !err->why)
		fail("an error without a reason");
}

static void fuzz_one(const uint8_t *msg, size_t size)
{
	struct ofp_flow_stats_request fsr;
	struct ofp_stats_request sr;
	struct ofp_packet_out *po;
	struct ofp_error err = { 0 };
	uint32_t role, port;
	uint64_t gen;
	int ret;

	po = malloc(sizeof(*po));
	if (!po)
		return;
	ret = ofp_parse_packet_out(msg, size, po, &err);
	check_error(ret, &err);
	if (ret == 0 && po->data + po->len != msg + size)
		fail("PACKET_OUT data does not end with the message");
	free(po);
	err.why = NULL;
	check_error(ofp_parse_role_request(msg, size, &role, &gen, &err), &err);
	err.why = NULL;
	if (ofp_parse_stats_request(msg, size, &sr, &err) < 0) {
		check_error(-1, &err);
		return;
	}
	if (sr.body + sr.body_len != msg + size)
		fail("the multipart body does not end with the message");
	err.why = NULL;
	check_error(ofp_parse_flow_stats_request(msg[0], sr.body, sr.body_len,
						 &fsr, &err), &err);
	err.why = NULL;
	check_error(ofp_parse_port_stats_request(msg[0], sr.body, sr.body_len,
						 &port, &err), &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *msg;

	if (size < 1 || size > 65535)
		return 0;
	/* The exact length on the heap, so that ASan sees a read past it;
	 * the first byte picks the version, as the agent checked it. */
	msg = malloc(size);
	if (!msg)
		return 0;
	memcpy(msg, data, size);
	msg[0] = msg[0] & 1 ? OFP10_VERSION : OFP13_VERSION;
	fuzz_one(msg, size);
	free(msg);
	return 0;
}
