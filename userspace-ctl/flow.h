/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flows as vswctl holds them: parsed from the syntax of ovs-ofctl(8)
 * (flow_parse.c), encoded as vswitch's netlink attributes and decoded from
 * them (flow_encode.c), and printed back in that syntax (flow_print.c).
 */
#ifndef VSW_FLOW_H
#define VSW_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/vswitch.h>

#include "vswctl.h"

struct nlattr;
struct nlmsghdr;
struct vsw_nl;

enum kind {
	K_PORT,		/* u32, a number or a port name */
	K_MAC,		/* 6 bytes */
	K_BE16,		/* __be16 */
	K_U8,
	K_VLAN,		/* u16, or 0xffff */
	K_IP4,		/* 4 bytes, CIDR or mask */
	K_IP6,		/* 16 bytes, prefix */
	K_U64,		/* u64 */
};

struct field {
	const char *name;
	uint8_t attr;
	uint8_t mask_attr;
	uint8_t kind;
};

/* The match fields, in the order dump-flows prints them. */
extern const struct field flow_fields[];
extern const size_t n_flow_fields;

/* Shorthands: dl_type, and nw_proto if not 0. */
struct flow_shorthand {
	const char *name;
	uint16_t dl_type;
	uint8_t nw_proto;
};

extern const struct flow_shorthand flow_shorthands[];
extern const size_t n_flow_shorthands;

/* A match, as the attributes that carry it: payloads in netlink order. */
struct match {
	bool has[VSWITCH_MATCH_A_MAX + 1];
	uint8_t v[VSWITCH_MATCH_A_MAX + 1][16];
};

struct action {
	uint16_t type;
	uint16_t len;
	uint8_t v[8];
};

/*
 * Values in the byte arrays above, which are not aligned for them: copied,
 * never loaded or stored through a cast pointer.
 */
static inline uint16_t get_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void put_u16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

struct flow {
	struct match match;
	struct action actions[64];
	unsigned int n_actions;
	bool has_actions;
	bool has_priority, has_cookie_mask;
	uint16_t priority, idle_timeout, hard_timeout;
	uint64_t cookie, cookie_mask;
	uint32_t flags;		/* VSWITCH_FLOW_F_* */
	/* Read back from the kernel. */
	uint64_t packets, bytes, duration, idle_age;
	size_t seq;		/* the kernel's order: oldest first */
};

#define FLOW_MAX_ACTIONS (sizeof(((struct flow *)0)->actions) / \
			  sizeof(struct action))

/* A new, zeroed action of @type and @len at the end of @flow's; NULL if it
 * has FLOW_MAX_ACTIONS already (each caller reports that its own way).
 */
static inline struct action *flow_add_action(struct flow *flow, uint16_t type,
					     uint16_t len)
{
	struct action *a;

	if (flow->n_actions == FLOW_MAX_ACTIONS)
		return NULL;
	a = &flow->actions[flow->n_actions++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->len = len;
	return a;
}

/* What is being parsed, for the error messages and port names. */
struct parser {
	const char *cmd;
	const char *text;
	int line;		/* 0: not from a file */
	struct vsw_nl *nl;
	const char *bridge;
	struct port_list ports;
	bool have_ports;
	bool failed;
};

/*
 * parse_flow() parses p->text into @flow. @what: FLOW_ADD (actions required),
 * FLOW_MATCH (a match, maybe priority and cookie), FLOW_PACKET (a packet
 * for trace: no masks, no actions).
 */
enum { FLOW_ADD, FLOW_MATCH, FLOW_PACKET };

int parse_flow(struct parser *p, struct flow *flow, int what);
/* The number of port @name on the bridge, or 0. */
uint32_t port_number(struct parser *p, const char *name);
int parse_uint(const char *s, uint64_t max, uint64_t *v);

/* The bytes of each match attribute's payload; 0 for none. */
extern const uint8_t match_len[VSWITCH_MATCH_A_MAX + 1];
void put_match(struct nlmsghdr *nlh, const struct match *m);
/* The attributes of @flow; @what as for parse_flow(). */
void put_flow(struct nlmsghdr *nlh, const struct flow *flow, int what);
/* Reads one attribute of a flow of the kernel's. */
int parse_reply_flow(const struct nlattr *attr, struct flow *flow);

/* Appends text to a fixed buffer. */
struct sbuf {
	char s[8192];	/* room for 64 actions of the longest kind */
	size_t n;
};

void sb_add(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_match(struct sbuf *b, const struct match *m);
void sb_actions(struct sbuf *b, const struct flow *flow);
/* "priority=N,MATCH" as ovs-ofctl prints it. */
void sb_rule(struct sbuf *b, const struct flow *flow);

#endif
