// SPDX-License-Identifier: GPL-2.0
/*
 * A struct flow to vswitch's netlink attributes, and back from the
 * kernel's replies and notifications.
 */
#include <string.h>
#include <libmnl/libmnl.h>

#include "flow.h"

const uint8_t match_len[VSWITCH_MATCH_A_MAX + 1] = {
	[VSWITCH_MATCH_A_IN_PORT] = 4,
	[VSWITCH_MATCH_A_DL_SRC] = 6, [VSWITCH_MATCH_A_DL_SRC_MASK] = 6,
	[VSWITCH_MATCH_A_DL_DST] = 6, [VSWITCH_MATCH_A_DL_DST_MASK] = 6,
	[VSWITCH_MATCH_A_DL_VLAN] = 2, [VSWITCH_MATCH_A_DL_VLAN_PCP] = 1,
	[VSWITCH_MATCH_A_DL_TYPE] = 2,
	[VSWITCH_MATCH_A_NW_SRC] = 4, [VSWITCH_MATCH_A_NW_SRC_MASK] = 4,
	[VSWITCH_MATCH_A_NW_DST] = 4, [VSWITCH_MATCH_A_NW_DST_MASK] = 4,
	[VSWITCH_MATCH_A_NW_PROTO] = 1, [VSWITCH_MATCH_A_NW_TOS] = 1,
	[VSWITCH_MATCH_A_NW_TTL] = 1,
	[VSWITCH_MATCH_A_IPV6_SRC] = 16, [VSWITCH_MATCH_A_IPV6_SRC_MASK] = 16,
	[VSWITCH_MATCH_A_IPV6_DST] = 16, [VSWITCH_MATCH_A_IPV6_DST_MASK] = 16,
	[VSWITCH_MATCH_A_TP_SRC] = 2, [VSWITCH_MATCH_A_TP_SRC_MASK] = 2,
	[VSWITCH_MATCH_A_TP_DST] = 2, [VSWITCH_MATCH_A_TP_DST_MASK] = 2,
	[VSWITCH_MATCH_A_ICMP_TYPE] = 1, [VSWITCH_MATCH_A_ICMP_CODE] = 1,
	[VSWITCH_MATCH_A_ARP_SPA] = 4, [VSWITCH_MATCH_A_ARP_SPA_MASK] = 4,
	[VSWITCH_MATCH_A_ARP_TPA] = 4, [VSWITCH_MATCH_A_ARP_TPA_MASK] = 4,
	[VSWITCH_MATCH_A_ARP_OP] = 2,
	[VSWITCH_MATCH_A_TUN_ID] = 8, [VSWITCH_MATCH_A_TUN_ID_MASK] = 8,
	[VSWITCH_MATCH_A_TUN_SRC] = 4, [VSWITCH_MATCH_A_TUN_SRC_MASK] = 4,
	[VSWITCH_MATCH_A_TUN_DST] = 4, [VSWITCH_MATCH_A_TUN_DST_MASK] = 4,
};

void put_match(struct nlmsghdr *nlh, const struct match *m)
{
	struct nlattr *nest;
	int t;

	nest = mnl_attr_nest_start(nlh, VSWITCH_FLOW_A_MATCH);
	for (t = 0; t <= VSWITCH_MATCH_A_MAX; t++)
		if (m->has[t] && match_len[t])
			mnl_attr_put(nlh, t, match_len[t], m->v[t]);
	mnl_attr_nest_end(nlh, nest);
}

void put_flow(struct nlmsghdr *nlh, const struct flow *flow, int what)
{
	struct nlattr *nest;
	unsigned int i;

	if (flow->has_priority)
		mnl_attr_put_u16(nlh, VSWITCH_FLOW_A_PRIORITY, flow->priority);
	if (what == FLOW_ADD) {
		if (flow->cookie)
			mnl_attr_put_u64(nlh, VSWITCH_FLOW_A_COOKIE, flow->cookie);
		if (flow->idle_timeout)
			mnl_attr_put_u16(nlh, VSWITCH_FLOW_A_IDLE_TIMEOUT,
					 flow->idle_timeout);
		if (flow->hard_timeout)
			mnl_attr_put_u16(nlh, VSWITCH_FLOW_A_HARD_TIMEOUT,
					 flow->hard_timeout);
		if (flow->flags)
			mnl_attr_put_u32(nlh, VSWITCH_FLOW_A_FLAGS, flow->flags);
	} else if (flow->has_cookie_mask) {
		mnl_attr_put_u64(nlh, VSWITCH_FLOW_A_COOKIE, flow->cookie);
		mnl_attr_put_u64(nlh, VSWITCH_FLOW_A_COOKIE_MASK,
				 flow->cookie_mask);
	}
	put_match(nlh, &flow->match);
	if (!flow->has_actions)
		return;
	nest = mnl_attr_nest_start(nlh, VSWITCH_FLOW_A_ACTIONS);
	for (i = 0; i < flow->n_actions; i++)
		mnl_attr_put(nlh, flow->actions[i].type, flow->actions[i].len,
			     flow->actions[i].v);
	mnl_attr_nest_end(nlh, nest);
}

int parse_reply_flow(const struct nlattr *attr, struct flow *flow)
{
	static const uint8_t len[VSWITCH_FLOW_A_MAX + 1] = {
		[VSWITCH_FLOW_A_PRIORITY] = 2, [VSWITCH_FLOW_A_COOKIE] = 8,
		[VSWITCH_FLOW_A_IDLE_TIMEOUT] = 2,
		[VSWITCH_FLOW_A_HARD_TIMEOUT] = 2, [VSWITCH_FLOW_A_FLAGS] = 4,
		[VSWITCH_FLOW_A_PACKETS] = 8, [VSWITCH_FLOW_A_BYTES] = 8,
		[VSWITCH_FLOW_A_DURATION] = 8, [VSWITCH_FLOW_A_IDLE_AGE] = 8,
	};
	const struct nlattr *a;
	uint16_t t = mnl_attr_get_type(attr);

	/* A fixed-size attribute of another size is not read. */
	if (t <= VSWITCH_FLOW_A_MAX && len[t] &&
	    mnl_attr_get_payload_len(attr) != len[t])
		return -1;
	switch (t) {
	case VSWITCH_FLOW_A_PRIORITY:
		flow->priority = mnl_attr_get_u16(attr);
		break;
	case VSWITCH_FLOW_A_COOKIE:
		flow->cookie = mnl_attr_get_u64(attr);
		break;
	case VSWITCH_FLOW_A_IDLE_TIMEOUT:
		flow->idle_timeout = mnl_attr_get_u16(attr);
		break;
	case VSWITCH_FLOW_A_HARD_TIMEOUT:
		flow->hard_timeout = mnl_attr_get_u16(attr);
		break;
	case VSWITCH_FLOW_A_FLAGS:
		flow->flags = mnl_attr_get_u32(attr);
		break;
	case VSWITCH_FLOW_A_PACKETS:
		flow->packets = mnl_attr_get_u64(attr);
		break;
	case VSWITCH_FLOW_A_BYTES:
		flow->bytes = mnl_attr_get_u64(attr);
		break;
	case VSWITCH_FLOW_A_DURATION:
		flow->duration = mnl_attr_get_u64(attr);
		break;
	case VSWITCH_FLOW_A_IDLE_AGE:
		flow->idle_age = mnl_attr_get_u64(attr);
		break;
	case VSWITCH_FLOW_A_MATCH:
		mnl_attr_for_each_nested(a, attr) {
			t = mnl_attr_get_type(a);
			if (t > VSWITCH_MATCH_A_MAX || !match_len[t] ||
			    mnl_attr_get_payload_len(a) != match_len[t])
				continue;
			memcpy(flow->match.v[t], mnl_attr_get_payload(a),
			       match_len[t]);
			flow->match.has[t] = true;
		}
		break;
	case VSWITCH_FLOW_A_ACTIONS:
		flow->has_actions = true;
		mnl_attr_for_each_nested(a, attr) {
			struct action *act;

			if (flow->n_actions == FLOW_MAX_ACTIONS ||
			    mnl_attr_get_payload_len(a) > sizeof(act->v))
				return -1;
			act = &flow->actions[flow->n_actions++];
			act->type = mnl_attr_get_type(a);
			act->len = mnl_attr_get_payload_len(a);
			memcpy(act->v, mnl_attr_get_payload(a), act->len);
		}
		break;
	}
	return 0;
}
