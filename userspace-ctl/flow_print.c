// SPDX-License-Identifier: GPL-2.0
/* A struct flow in the syntax of ovs-ofctl(8), as dump-flows prints it. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flow.h"

void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (b->n >= sizeof(b->s))
		return;
	va_start(ap, fmt);
	r = vsnprintf(b->s + b->n, sizeof(b->s) - b->n, fmt, ap);
	va_end(ap);
	if (r > 0)
		b->n += r;
}

static bool all_ones(const uint8_t *v, size_t n)
{
	while (n--)
		if (*v++ != 0xff)
			return false;
	return true;
}

/* Prints a mask as a prefix length if it is one. */
static void sb_mask(struct sbuf *b, int af, const uint8_t *mask, size_t n)
{
	char ip[INET6_ADDRSTRLEN];
	size_t i, len = 0;

	for (i = 0; i < n * 8 && (mask[i / 8] & (0x80 >> (i % 8))); i++)
		len++;
	for (i = len; i < n * 8; i++)
		if (mask[i / 8] & (0x80 >> (i % 8)))
			break;
	if (i == n * 8) {
		sb_add(b, "/%zu", len);
		return;
	}
	inet_ntop(af, mask, ip, sizeof(ip));
	sb_add(b, "/%s", ip);
}

void sb_match(struct sbuf *b, const struct match *m)
{
	const char *sep = b->n ? "," : "";
	uint16_t dl_type = 0;
	uint8_t proto = 0;
	bool shorthand = false;
	char ip[INET6_ADDRSTRLEN];
	size_t i;

	if (m->has[VSWITCH_MATCH_A_DL_TYPE])
		dl_type = ntohs(get_u16(m->v[VSWITCH_MATCH_A_DL_TYPE]));
	if (m->has[VSWITCH_MATCH_A_NW_PROTO])
		proto = m->v[VSWITCH_MATCH_A_NW_PROTO][0];
	for (i = 0; dl_type && i < n_flow_shorthands; i++) {
		if (flow_shorthands[i].dl_type != dl_type ||
		    (flow_shorthands[i].nw_proto && flow_shorthands[i].nw_proto != proto))
			continue;
		sb_add(b, "%s%s", sep, flow_shorthands[i].name);
		sep = ",";
		shorthand = true;
		if (!flow_shorthands[i].nw_proto)
			proto = 0;	/* nw_proto, if any, is printed */
		break;
	}
	for (i = 0; i < n_flow_fields; i++) {
		const struct field *f = &flow_fields[i];
		const uint8_t *v = m->v[f->attr];
		const uint8_t *mask = f->mask_attr && m->has[f->mask_attr] ?
				      m->v[f->mask_attr] : NULL;
		uint16_t be;
		uint64_t u;

		if (!m->has[f->attr])
			continue;
		if (shorthand && f->attr == VSWITCH_MATCH_A_DL_TYPE)
			continue;
		if (f->attr == VSWITCH_MATCH_A_NW_PROTO && proto)
			continue;
		sb_add(b, "%s%s=", sep, f->name);
		sep = ",";
		switch (f->kind) {
		case K_PORT:
			if (get_u32(v) == VSWITCH_PORT_LOCAL)
				sb_add(b, "LOCAL");
			else
				sb_add(b, "%" PRIu32, get_u32(v));
			break;
		case K_MAC:
			sb_add(b, "%02x:%02x:%02x:%02x:%02x:%02x", v[0], v[1],
			       v[2], v[3], v[4], v[5]);
			if (mask)
				sb_add(b, "/%02x:%02x:%02x:%02x:%02x:%02x",
				       mask[0], mask[1], mask[2], mask[3],
				       mask[4], mask[5]);
			break;
		case K_BE16:
			memcpy(&be, v, 2);
			if (f->attr == VSWITCH_MATCH_A_DL_TYPE)
				sb_add(b, "0x%04x", ntohs(be));
			else
				sb_add(b, "%u", ntohs(be));
			if (mask) {
				memcpy(&be, mask, 2);
				sb_add(b, "/0x%04x", ntohs(be));
			}
			break;
		case K_U8:
			sb_add(b, "%u", v[0]);
			break;
		case K_VLAN:
			if (get_u16(v) == VSWITCH_VLAN_NONE)
				sb_add(b, "0xffff");
			else
				sb_add(b, "%u", get_u16(v));
			break;
		case K_IP4:
			sb_add(b, "%s", inet_ntop(AF_INET, v, ip, sizeof(ip)));
			if (mask && !all_ones(mask, 4))
				sb_mask(b, AF_INET, mask, 4);
			break;
		case K_IP6:
			sb_add(b, "%s", inet_ntop(AF_INET6, v, ip, sizeof(ip)));
			if (mask && !all_ones(mask, 16))
				sb_mask(b, AF_INET6, mask, 16);
			break;
		case K_U64:
			memcpy(&u, v, 8);
			sb_add(b, "0x%" PRIx64, u);
			if (mask) {
				memcpy(&u, mask, 8);
				sb_add(b, "/0x%" PRIx64, u);
			}
			break;
		}
	}
}

void sb_actions(struct sbuf *b, const struct flow *flow)
{
	static const char *const names[VSWITCH_ACTION_A_MAX + 1] = {
		[VSWITCH_ACTION_A_NORMAL] = "NORMAL",
		[VSWITCH_ACTION_A_FLOOD] = "FLOOD",
		[VSWITCH_ACTION_A_ALL] = "ALL",
		[VSWITCH_ACTION_A_IN_PORT] = "IN_PORT",
		[VSWITCH_ACTION_A_STRIP_VLAN] = "strip_vlan",
		[VSWITCH_ACTION_A_DEC_TTL] = "dec_ttl",
	};
	char ip[INET_ADDRSTRLEN];
	unsigned int i;

	if (!flow->n_actions)
		sb_add(b, "drop");
	for (i = 0; i < flow->n_actions; i++) {
		const struct action *a = &flow->actions[i];
		const uint8_t *v = a->v;

		if (i)
			sb_add(b, ",");
		switch (a->type) {
		case VSWITCH_ACTION_A_OUTPUT:
			if (get_u32(v) == VSWITCH_PORT_LOCAL)
				sb_add(b, "LOCAL");
			else
				sb_add(b, "output:%" PRIu32, get_u32(v));
			break;
		case VSWITCH_ACTION_A_CONTROLLER:
			if (get_u16(v))
				sb_add(b, "CONTROLLER:%u", get_u16(v));
			else
				sb_add(b, "CONTROLLER");
			break;
		case VSWITCH_ACTION_A_MOD_VLAN_VID:
			sb_add(b, "mod_vlan_vid:%u", get_u16(v));
			break;
		case VSWITCH_ACTION_A_PUSH_VLAN:
			sb_add(b, "push_vlan:0x%04x", get_u16(v));
			break;
		case VSWITCH_ACTION_A_MOD_DL_SRC:
		case VSWITCH_ACTION_A_MOD_DL_DST:
			sb_add(b, "mod_dl_%s:%02x:%02x:%02x:%02x:%02x:%02x",
			       a->type == VSWITCH_ACTION_A_MOD_DL_SRC ? "src" : "dst",
			       v[0], v[1], v[2], v[3], v[4], v[5]);
			break;
		case VSWITCH_ACTION_A_MOD_NW_SRC:
		case VSWITCH_ACTION_A_MOD_NW_DST:
			sb_add(b, "mod_nw_%s:%s",
			       a->type == VSWITCH_ACTION_A_MOD_NW_SRC ? "src" : "dst",
			       inet_ntop(AF_INET, v, ip, sizeof(ip)));
			break;
		case VSWITCH_ACTION_A_MOD_NW_TOS:
			sb_add(b, "mod_nw_tos:%u", v[0]);
			break;
		case VSWITCH_ACTION_A_SET_TUNNEL:
			sb_add(b, "set_tunnel:0x%" PRIx32, get_u32(v));
			break;
		default:
			if (a->type <= VSWITCH_ACTION_A_MAX && names[a->type])
				sb_add(b, "%s", names[a->type]);
			else
				sb_add(b, "unknown(%u)", a->type);
			break;
		}
	}
}

void sb_rule(struct sbuf *b, const struct flow *flow)
{
	if (flow->priority != 0x8000 || !flow->has_priority)
		sb_add(b, "priority=%u", flow->priority);
	sb_match(b, &flow->match);
}
