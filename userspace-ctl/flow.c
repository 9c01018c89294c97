// SPDX-License-Identifier: GPL-2.0
/*
 * Flow commands: add-flow, add-flows, mod-flows, del-flows, dump-flows,
 * trace, packet-out, and monitor --packets. Flows are written as for
 * ovs-ofctl(8): "priority=100,tcp,nw_dst=10.0.0.2,tp_dst=80 actions=output:2".
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/vswitch.h>

#include "netlink.h"
#include "output.h"
#include "vswctl.h"

/* A batch of add-flows stops growing at this size. */
#define BATCH_BYTES	(NL_REQUEST_SIZE - 4096)

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

/* In the order dump-flows prints them. */
static const struct field fields[] = {
	{ "in_port", VSWITCH_MATCH_A_IN_PORT, 0, K_PORT },
	{ "tun_id", VSWITCH_MATCH_A_TUN_ID, VSWITCH_MATCH_A_TUN_ID_MASK, K_U64 },
	{ "tun_src", VSWITCH_MATCH_A_TUN_SRC, VSWITCH_MATCH_A_TUN_SRC_MASK, K_IP4 },
	{ "tun_dst", VSWITCH_MATCH_A_TUN_DST, VSWITCH_MATCH_A_TUN_DST_MASK, K_IP4 },
	{ "dl_vlan", VSWITCH_MATCH_A_DL_VLAN, 0, K_VLAN },
	{ "dl_vlan_pcp", VSWITCH_MATCH_A_DL_VLAN_PCP, 0, K_U8 },
	{ "dl_src", VSWITCH_MATCH_A_DL_SRC, VSWITCH_MATCH_A_DL_SRC_MASK, K_MAC },
	{ "dl_dst", VSWITCH_MATCH_A_DL_DST, VSWITCH_MATCH_A_DL_DST_MASK, K_MAC },
	{ "dl_type", VSWITCH_MATCH_A_DL_TYPE, 0, K_BE16 },
	{ "nw_src", VSWITCH_MATCH_A_NW_SRC, VSWITCH_MATCH_A_NW_SRC_MASK, K_IP4 },
	{ "nw_dst", VSWITCH_MATCH_A_NW_DST, VSWITCH_MATCH_A_NW_DST_MASK, K_IP4 },
	{ "ipv6_src", VSWITCH_MATCH_A_IPV6_SRC, VSWITCH_MATCH_A_IPV6_SRC_MASK, K_IP6 },
	{ "ipv6_dst", VSWITCH_MATCH_A_IPV6_DST, VSWITCH_MATCH_A_IPV6_DST_MASK, K_IP6 },
	{ "nw_proto", VSWITCH_MATCH_A_NW_PROTO, 0, K_U8 },
	{ "nw_tos", VSWITCH_MATCH_A_NW_TOS, 0, K_U8 },
	{ "nw_ttl", VSWITCH_MATCH_A_NW_TTL, 0, K_U8 },
	{ "arp_spa", VSWITCH_MATCH_A_ARP_SPA, VSWITCH_MATCH_A_ARP_SPA_MASK, K_IP4 },
	{ "arp_tpa", VSWITCH_MATCH_A_ARP_TPA, VSWITCH_MATCH_A_ARP_TPA_MASK, K_IP4 },
	{ "arp_op", VSWITCH_MATCH_A_ARP_OP, 0, K_BE16 },
	{ "tp_src", VSWITCH_MATCH_A_TP_SRC, VSWITCH_MATCH_A_TP_SRC_MASK, K_BE16 },
	{ "tp_dst", VSWITCH_MATCH_A_TP_DST, VSWITCH_MATCH_A_TP_DST_MASK, K_BE16 },
	{ "icmp_type", VSWITCH_MATCH_A_ICMP_TYPE, 0, K_U8 },
	{ "icmp_code", VSWITCH_MATCH_A_ICMP_CODE, 0, K_U8 },
};

#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

/* Shorthands: dl_type, and nw_proto if not 0. */
static const struct {
	const char *name;
	uint16_t dl_type;
	uint8_t nw_proto;
} shorthands[] = {
	{ "tcp", ETH_P_IP, 6 }, { "udp", ETH_P_IP, 17 },
	{ "sctp", ETH_P_IP, 132 }, { "icmp", ETH_P_IP, 1 },
	{ "tcp6", ETH_P_IPV6, 6 }, { "udp6", ETH_P_IPV6, 17 },
	{ "sctp6", ETH_P_IPV6, 132 }, { "icmp6", ETH_P_IPV6, 58 },
	{ "ip", ETH_P_IP, 0 }, { "ipv6", ETH_P_IPV6, 0 },
	{ "arp", ETH_P_ARP, 0 },
};

#define N_SHORTHANDS (sizeof(shorthands) / sizeof(shorthands[0]))

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
static uint16_t get_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put_u16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put_u32(uint8_t *p, uint32_t v)
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
	/* Read back from the kernel. */
	uint64_t packets, bytes, duration, idle_age;
	size_t seq;		/* the kernel's order: oldest first */
};

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

/* Says what is wrong at @at in the text, and shows where. */
static void __attribute__((format(printf, 3, 4)))
parse_error(struct parser *p, const char *at, const char *fmt, ...)
{
	int col = (int)(at - p->text) + 1;
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	fprintf(stderr, "vswctl: %s: ", p->cmd);
	if (p->line)
		fprintf(stderr, "line %d, ", p->line);
	fprintf(stderr, "column %d: ", col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  %s\n  %*s^\n", p->text, col - 1, "");
}

/* The number of port @name on the bridge, or 0. */
static uint32_t port_number(struct parser *p, const char *name)
{
	size_t i;

	if (!strcmp(name, "LOCAL") || !strcmp(name, "local"))
		return VSWITCH_PORT_LOCAL;
	if (!p->have_ports) {
		if (!p->nl || get_ports(p->nl, p->bridge, &p->ports) < 0)
			return 0;
		p->have_ports = true;
	}
	for (i = 0; i < p->ports.n; i++)
		if (!strcmp(p->ports.v[i].name, name))
			return p->ports.v[i].number;
	return 0;
}

static int parse_uint(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return *end || errno || *v > max ? -1 : 0;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	char c;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &c) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* A prefix length to a mask of @bytes bytes. */
static int prefix_mask(const char *s, unsigned int bytes, uint8_t *mask)
{
	uint64_t len;
	unsigned int i;

	if (parse_uint(s, bytes * 8, &len) < 0)
		return -1;
	memset(mask, 0, bytes);
	for (i = 0; i < len / 8; i++)
		mask[i] = 0xff;
	if (len % 8)
		mask[i] = 0xff << (8 - len % 8);
	return 0;
}

/* VALUE[/MASK] of field @f into @m; @at is where VALUE starts. */
static int parse_field(struct parser *p, const struct field *f, char *value,
		       const char *at, struct match *m)
{
	char *slash = strchr(value, '/');
	uint8_t *v = m->v[f->attr], *mask = f->mask_attr ? m->v[f->mask_attr] : NULL;
	uint64_t n;
	uint16_t be16;

	if (slash) {
		if (!f->mask_attr) {
			parse_error(p, at + (slash - value), "%s takes no mask",
				    f->name);
			return -1;
		}
		*slash++ = '\0';
	}
	switch (f->kind) {
	case K_PORT:
		if (parse_uint(value, VSWITCH_PORT_LOCAL, &n) == 0) {
			if (!n)
				goto bad;
		} else {
			n = port_number(p, value);
			if (!n) {
				parse_error(p, at, "no port named \"%s\" on %s",
					    value, p->bridge);
				return -1;
			}
		}
		put_u32(v, n);
		break;
	case K_MAC:
		if (parse_mac(value, v) < 0 ||
		    (slash && parse_mac(slash, mask) < 0))
			goto bad;
		break;
	case K_BE16:
		if (parse_uint(value, 0xffff, &n) < 0)
			goto bad;
		be16 = htons(n);
		memcpy(v, &be16, 2);
		if (slash) {
			if (parse_uint(slash, 0xffff, &n) < 0)
				goto bad;
			be16 = htons(n);
			memcpy(mask, &be16, 2);
		}
		break;
	case K_U8:
		if (parse_uint(value, 0xff, &n) < 0)
			goto bad;
		*v = n;
		break;
	case K_VLAN:
		if (parse_uint(value, 0xffff, &n) < 0)
			goto bad;
		put_u16(v, n);
		break;
	case K_IP4:
		if (inet_pton(AF_INET, value, v) != 1)
			goto bad;
		if (slash && inet_pton(AF_INET, slash, mask) != 1 &&
		    prefix_mask(slash, 4, mask) < 0)
			goto bad;
		break;
	case K_IP6:
		if (inet_pton(AF_INET6, value, v) != 1)
			goto bad;
		if (slash && inet_pton(AF_INET6, slash, mask) != 1 &&
		    prefix_mask(slash, 16, mask) < 0)
			goto bad;
		break;
	case K_U64:
		if (parse_uint(value, UINT64_MAX, &n) < 0)
			goto bad;
		memcpy(v, &n, 8);
		if (slash) {
			if (parse_uint(slash, UINT64_MAX, &n) < 0)
				goto bad;
			memcpy(mask, &n, 8);
		}
		break;
	}
	m->has[f->attr] = true;
	if (slash)
		m->has[f->mask_attr] = true;
	return 0;

bad:
	if (slash)
		slash[-1] = '/';
	parse_error(p, at, "invalid %s \"%s\"", f->name, value);
	return -1;
}

/*
 * Whether two names are the same. Most names a table holds differ from the
 * one sought in the first letter: add-flows parses many flows a second.
 */
static bool name_is(const char *a, const char *b)
{
	return a[0] == b[0] && !strcmp(a, b);
}

static const struct field *find_field(const char *name)
{
	size_t i;

	for (i = 0; i < N_FIELDS; i++)
		if (name_is(fields[i].name, name))
			return &fields[i];
	return NULL;
}

static struct action *add_action(struct parser *p, struct flow *flow,
				 const char *at, uint16_t type, uint16_t len)
{
	struct action *a;

	if (flow->n_actions == sizeof(flow->actions) / sizeof(flow->actions[0])) {
		parse_error(p, at, "more than 64 actions");
		return NULL;
	}
	a = &flow->actions[flow->n_actions++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->len = len;
	return a;
}

/* One action, NAME[:ARG], at @at in the text. */
static int parse_action(struct parser *p, struct flow *flow, char *s,
			const char *at)
{
	static const struct {
		const char *name;
		uint16_t type;
	} flags[] = {
		{ "normal", VSWITCH_ACTION_A_NORMAL },
		{ "flood", VSWITCH_ACTION_A_FLOOD },
		{ "all", VSWITCH_ACTION_A_ALL },
		{ "in_port", VSWITCH_ACTION_A_IN_PORT },
		{ "strip_vlan", VSWITCH_ACTION_A_STRIP_VLAN },
		{ "dec_ttl", VSWITCH_ACTION_A_DEC_TTL },
	};
	char *arg = strchr(s, ':');
	const char *arg_at;
	struct action *a;
	uint64_t n;
	size_t i;

	if (arg)
		*arg++ = '\0';
	arg_at = arg ? at + (arg - s) : at;
	/*
	 * dump-flows prints the reserved ports as ovs-ofctl does, NORMAL,
	 * FLOOD, IN_PORT...: what it prints, add-flow takes, in either case.
	 */
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (strcasecmp(s, flags[i].name))
			continue;
		if (arg) {
			parse_error(p, arg_at, "%s takes no argument", s);
			return -1;
		}
		return add_action(p, flow, at, flags[i].type, 0) ? 0 : -1;
	}
	if (!strcmp(s, "drop")) {
		if (arg) {
			parse_error(p, arg_at, "drop takes no argument");
			return -1;
		}
		return 0;
	}
	if (!strcasecmp(s, "local")) {
		a = add_action(p, flow, at, VSWITCH_ACTION_A_OUTPUT, 4);
		if (!a)
			return -1;
		put_u32(a->v, VSWITCH_PORT_LOCAL);
		return 0;
	}
	if (!strcasecmp(s, "controller")) {
		n = 0;
		if (arg && parse_uint(arg, 0xffff, &n) < 0) {
			parse_error(p, arg_at, "controller takes the bytes to send, 0 to 65535");
			return -1;
		}
		a = add_action(p, flow, at, VSWITCH_ACTION_A_CONTROLLER, 2);
		if (!a)
			return -1;
		put_u16(a->v, n);
		return 0;
	}
	if (!arg) {
		if (isdigit((unsigned char)*s)) {
			/* A bare port number is an output, as in ovs-ofctl. */
			arg = s;
			arg_at = at;
			s = "output";
		} else {
			parse_error(p, at, "unknown action \"%s\"", s);
			return -1;
		}
	}
	if (!strcmp(s, "output")) {
		if (parse_uint(arg, VSWITCH_PORT_LOCAL, &n) < 0 || !n) {
			n = port_number(p, arg);
			if (!n) {
				parse_error(p, arg_at, "no port named \"%s\" on %s",
					    arg, p->bridge);
				return -1;
			}
		}
		a = add_action(p, flow, at, VSWITCH_ACTION_A_OUTPUT, 4);
		if (!a)
			return -1;
		put_u32(a->v, n);
	} else if (!strcmp(s, "mod_vlan_vid")) {
		if (parse_uint(arg, 4095, &n) < 0) {
			parse_error(p, arg_at, "mod_vlan_vid takes a VLAN ID, 0 to 4095");
			return -1;
		}
		a = add_action(p, flow, at, VSWITCH_ACTION_A_MOD_VLAN_VID, 2);
		if (!a)
			return -1;
		put_u16(a->v, n);
	} else if (!strcmp(s, "push_vlan")) {
		if (parse_uint(arg, 0xffff, &n) < 0) {
			parse_error(p, arg_at, "push_vlan takes a TPID: 0x8100 or 0x88a8");
			return -1;
		}
		a = add_action(p, flow, at, VSWITCH_ACTION_A_PUSH_VLAN, 2);
		if (!a)
			return -1;
		put_u16(a->v, n);
	} else if (!strcmp(s, "mod_dl_src") || !strcmp(s, "mod_dl_dst")) {
		a = add_action(p, flow, at, s[7] == 's' ? VSWITCH_ACTION_A_MOD_DL_SRC :
				VSWITCH_ACTION_A_MOD_DL_DST, 6);
		if (!a)
			return -1;
		if (parse_mac(arg, a->v) < 0) {
			parse_error(p, arg_at, "invalid MAC address \"%s\"", arg);
			return -1;
		}
	} else if (!strcmp(s, "mod_nw_src") || !strcmp(s, "mod_nw_dst")) {
		a = add_action(p, flow, at, s[7] == 's' ? VSWITCH_ACTION_A_MOD_NW_SRC :
				VSWITCH_ACTION_A_MOD_NW_DST, 4);
		if (!a)
			return -1;
		if (inet_pton(AF_INET, arg, a->v) != 1) {
			parse_error(p, arg_at, "invalid IPv4 address \"%s\"", arg);
			return -1;
		}
	} else if (!strcmp(s, "mod_nw_tos")) {
		if (parse_uint(arg, 0xff, &n) < 0) {
			parse_error(p, arg_at, "mod_nw_tos takes 0 to 255");
			return -1;
		}
		a = add_action(p, flow, at, VSWITCH_ACTION_A_MOD_NW_TOS, 1);
		if (!a)
			return -1;
		a->v[0] = n;
	} else if (!strcmp(s, "set_tunnel")) {
		if (parse_uint(arg, UINT32_MAX, &n) < 0) {
			parse_error(p, arg_at, "set_tunnel takes a key of up to 32 bits");
			return -1;
		}
		a = add_action(p, flow, at, VSWITCH_ACTION_A_SET_TUNNEL, 4);
		if (!a)
			return -1;
		put_u32(a->v, n);
	} else {
		parse_error(p, at, "unknown action \"%s\"", s);
		return -1;
	}
	return 0;
}

static int parse_actions(struct parser *p, struct flow *flow, char *s,
			 const char *at)
{
	char *tok, *next;

	flow->has_actions = true;
	if (!*s) {
		parse_error(p, at, "actions are empty: write actions=drop to drop");
		return -1;
	}
	for (tok = s; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		while (isspace((unsigned char)*tok))
			tok++;
		if (!*tok) {
			parse_error(p, at + (tok - s), "an action is empty");
			return -1;
		}
		if (parse_action(p, flow, tok, at + (tok - s)) < 0)
			return -1;
	}
	return 0;
}

/*
 * Parses p->text into @flow. @what: FLOW_ADD (actions required),
 * FLOW_MATCH (a match, maybe priority and cookie), FLOW_PACKET (a packet
 * for trace: no masks, no actions).
 */
enum { FLOW_ADD, FLOW_MATCH, FLOW_PACKET };

static int parse_flow(struct parser *p, struct flow *flow, int what)
{
	char *copy = strdup(p->text), *s, *tok, *eq, *end;
	uint64_t n;
	size_t i;
	int ret = -1;

	memset(flow, 0, sizeof(*flow));
	if (!copy) {
		fprintf(stderr, "vswctl: %s: out of memory\n", p->cmd);
		return -1;
	}
	s = copy;
	while (*s) {
		const char *at;

		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		at = p->text + (s - copy);
		if (!strncmp(s, "actions=", 8)) {
			if (what != FLOW_ADD) {
				parse_error(p, at, "%s takes no actions", p->cmd);
				goto out;
			}
			if (parse_actions(p, flow, s + 8, at + 8) < 0)
				goto out;
			break;
		}
		tok = s;
		end = tok + strcspn(tok, ", \t");
		s = *end ? end + 1 : end;
		*end = '\0';
		eq = strchr(tok, '=');
		if (!eq) {
			for (i = 0; i < N_SHORTHANDS; i++)
				if (name_is(tok, shorthands[i].name))
					break;
			if (i == N_SHORTHANDS) {
				parse_error(p, at, "unknown field \"%s\"", tok);
				goto out;
			}
			put_u16(flow->match.v[VSWITCH_MATCH_A_DL_TYPE],
				htons(shorthands[i].dl_type));
			flow->match.has[VSWITCH_MATCH_A_DL_TYPE] = true;
			if (shorthands[i].nw_proto) {
				flow->match.v[VSWITCH_MATCH_A_NW_PROTO][0] =
					shorthands[i].nw_proto;
				flow->match.has[VSWITCH_MATCH_A_NW_PROTO] = true;
			}
			continue;
		}
		*eq = '\0';
		if (!strcmp(tok, "priority") || !strcmp(tok, "idle_timeout") ||
		    !strcmp(tok, "hard_timeout") || !strcmp(tok, "table")) {
			if (parse_uint(eq + 1, 0xffff, &n) < 0) {
				parse_error(p, at + (eq + 1 - tok),
					    "%s takes 0 to 65535", tok);
				goto out;
			}
			if (tok[0] == 'p') {
				flow->priority = n;
				flow->has_priority = true;
			} else if (tok[0] == 'i') {
				flow->idle_timeout = n;
			} else if (tok[0] == 'h') {
				flow->hard_timeout = n;
			} else if (n) {
				parse_error(p, at + (eq + 1 - tok),
					    "there is only table 0");
				goto out;
			}
			continue;
		}
		if (!strcmp(tok, "cookie")) {
			char *slash = strchr(eq + 1, '/');

			if (slash)
				*slash++ = '\0';
			if (parse_uint(eq + 1, UINT64_MAX, &flow->cookie) < 0 ||
			    (slash && strcmp(slash, "-1") &&
			     parse_uint(slash, UINT64_MAX, &flow->cookie_mask) < 0)) {
				parse_error(p, at + 7, "invalid cookie");
				goto out;
			}
			if (slash) {
				if (what == FLOW_ADD) {
					parse_error(p, at + (slash - tok) - 1,
						    "add-flow takes a cookie without a mask");
					goto out;
				}
				if (!strcmp(slash, "-1"))
					flow->cookie_mask = UINT64_MAX;
				flow->has_cookie_mask = true;
			}
			continue;
		}
		{
			const struct field *f = find_field(tok);

			if (!f) {
				parse_error(p, at, "unknown field \"%s\"", tok);
				goto out;
			}
			if (what == FLOW_PACKET && strchr(eq + 1, '/')) {
				parse_error(p, at, "a packet has no masks");
				goto out;
			}
			if (parse_field(p, f, eq + 1, at + (eq + 1 - tok),
					&flow->match) < 0)
				goto out;
		}
	}
	if (what == FLOW_ADD && !flow->has_actions) {
		parse_error(p, p->text + strlen(p->text),
			    "actions are missing: add actions=...");
		goto out;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

static const uint8_t match_len[VSWITCH_MATCH_A_MAX + 1] = {
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

static void put_match(struct nlmsghdr *nlh, const struct match *m)
{
	struct nlattr *nest;
	int t;

	nest = mnl_attr_nest_start(nlh, VSWITCH_FLOW_A_MATCH);
	for (t = 0; t <= VSWITCH_MATCH_A_MAX; t++)
		if (m->has[t] && match_len[t])
			mnl_attr_put(nlh, t, match_len[t], m->v[t]);
	mnl_attr_nest_end(nlh, nest);
}

/* The attributes of @flow; @what as for parse_flow(). */
static void put_flow(struct nlmsghdr *nlh, const struct flow *flow, int what)
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

/* Reads a flow of the kernel's reply. */
static int parse_reply_flow(const struct nlattr *attr, struct flow *flow)
{
	const struct nlattr *a;
	uint16_t t;

	switch (mnl_attr_get_type(attr)) {
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

			if (flow->n_actions == 64 ||
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

/* Appends text to a fixed buffer. */
struct sbuf {
	char s[1024];
	size_t n;
};

static void __attribute__((format(printf, 2, 3)))
sb_add(struct sbuf *b, const char *fmt, ...)
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

static void sb_match(struct sbuf *b, const struct match *m)
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
	for (i = 0; dl_type && i < N_SHORTHANDS; i++) {
		if (shorthands[i].dl_type != dl_type ||
		    (shorthands[i].nw_proto && shorthands[i].nw_proto != proto))
			continue;
		sb_add(b, "%s%s", sep, shorthands[i].name);
		sep = ",";
		shorthand = true;
		if (!shorthands[i].nw_proto)
			proto = 0;	/* nw_proto, if any, is printed */
		break;
	}
	for (i = 0; i < N_FIELDS; i++) {
		const struct field *f = &fields[i];
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

static void sb_actions(struct sbuf *b, const struct flow *flow)
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

/* "priority=N,MATCH" as ovs-ofctl prints it. */
static void sb_rule(struct sbuf *b, const struct flow *flow)
{
	if (flow->priority != 0x8000 || !flow->has_priority)
		sb_add(b, "priority=%u", flow->priority);
	sb_match(b, &flow->match);
}

static void print_flow(const struct flow *flow)
{
	struct sbuf match = { .n = 0 }, actions = { .n = 0 };

	sb_rule(&match, flow);
	sb_actions(&actions, flow);
	open_json_object(NULL);
	print_text(" cookie=0x%" PRIx64 ", duration=%" PRIu64 ".%03" PRIu64
		   "s, table=0, n_packets=%" PRIu64 ", n_bytes=%" PRIu64 ", ",
		   flow->cookie, flow->duration / 1000, flow->duration % 1000,
		   flow->packets, flow->bytes);
	if (output_is_json()) {
		print_uint("cookie", NULL, flow->cookie);
		print_uint("duration_ms", NULL, flow->duration);
		print_uint("n_packets", NULL, flow->packets);
		print_uint("n_bytes", NULL, flow->bytes);
	}
	if (flow->idle_timeout)
		print_uint("idle_timeout", "idle_timeout=%" PRIu64 ", ",
			   flow->idle_timeout);
	if (flow->hard_timeout)
		print_uint("hard_timeout", "hard_timeout=%" PRIu64 ", ",
			   flow->hard_timeout);
	print_uint("idle_age", "idle_age=%" PRIu64 ", ", flow->idle_age / 1000);
	if (output_is_json())
		print_uint("priority", NULL, flow->priority);
	print_string("match", "%s", match.s);
	print_string("actions", " actions=%s\n", actions.s);
	close_json_object();
}

struct flow_list {
	struct flow *v;
	size_t n, cap;
};

static int flow_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct flow_list *list = data;
	const struct nlattr *attr;
	struct flow *flow;

	if (list->n == list->cap) {
		size_t cap = list->cap ? 2 * list->cap : 64;
		struct flow *v = realloc(list->v, cap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		list->v = v;
		list->cap = cap;
	}
	flow = &list->v[list->n];
	memset(flow, 0, sizeof(*flow));
	flow->has_priority = true;
	flow->seq = list->n;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (parse_reply_flow(attr, flow) < 0) {
			fprintf(stderr, "vswctl: malformed flow in the kernel's reply\n");
			errno = EBADMSG;
			return MNL_CB_ERROR;
		}
	list->n++;
	return MNL_CB_OK;
}

static void flow_list_reset(void *data)
{
	((struct flow_list *)data)->n = 0;
}

/* Highest priority first, then oldest first. */
static int flow_cmp(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;

	if (x->priority != y->priority)
		return (int)y->priority - (int)x->priority;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int flow_nl_open(struct vsw_nl *nl, struct parser *p, const char *cmd,
			const char *bridge)
{
	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->bridge = bridge;
	p->nl = nl;
	if (nl_open(nl, cmd) < 0)
		return -1;
	/* The kernel's flow messages name fields in words already. */
	nl->attr_names = NULL;
	nl->n_attr_names = 0;
	return 0;
}

static void flow_nl_close(struct vsw_nl *nl, struct parser *p)
{
	free(p->ports.v);
	nl_close(nl);
}

/* Sends one request made of @flow and waits for the ack. */
static int flow_request(struct vsw_nl *nl, uint8_t cmd, const char *bridge,
			const struct flow *flow, int what, bool strict)
{
	struct nlmsghdr *nlh = nl_request(nl, cmd, 0);

	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, bridge);
	if (strict)
		mnl_attr_put(nlh, VSWITCH_FLOW_A_STRICT, 0, NULL);
	put_flow(nlh, flow, what);
	return nl_talk(nl, nlh, NULL, NULL) < 0 ? 1 : 0;
}

/* [--strict] BRIDGE [FLOW]: the common head of several commands. */
static int flow_args(int argc, char **argv, bool *strict, int min, int max)
{
	int i = 1;

	*strict = false;
	if (argc > 1 && !strcmp(argv[1], "--strict")) {
		*strict = true;
		i++;
	}
	if (argc - i < min || argc - i > max)
		return -1;
	return i;
}

int cmd_add_flow(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct parser p;
	struct flow flow;
	int ret = 1;

	if (argc != 3)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		return 1;
	p.text = argv[2];
	if (parse_flow(&p, &flow, FLOW_ADD) == 0)
		ret = flow_request(&nl, VSWITCH_CMD_FLOW_NEW, argv[1], &flow,
				   FLOW_ADD, false);
	flow_nl_close(&nl, &p);
	return ret;
}

/* mod-flows and del-flows: [--strict] BRIDGE FLOW-or-MATCH. */
static int flow_edit(int argc, char **argv, uint8_t cmd, int what, int min)
{
	static struct vsw_nl nl;
	struct parser p;
	struct flow flow;
	bool strict;
	int i, ret = 1;

	i = flow_args(argc, argv, &strict, min, 2);
	if (i < 0)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[i]) < 0)
		return 1;
	p.text = i + 1 < argc ? argv[i + 1] : "";
	if (parse_flow(&p, &flow, what) == 0)
		ret = flow_request(&nl, cmd, argv[i], &flow, FLOW_MATCH, strict);
	flow_nl_close(&nl, &p);
	return ret;
}

int cmd_mod_flows(int argc, char **argv)
{
	return flow_edit(argc, argv, VSWITCH_CMD_FLOW_SET, FLOW_ADD, 2);
}

int cmd_del_flows(int argc, char **argv)
{
	return flow_edit(argc, argv, VSWITCH_CMD_FLOW_DEL, FLOW_MATCH, 1);
}

int cmd_dump_flows(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct flow_list list = { 0 };
	struct nlmsghdr *nlh;
	struct parser p;
	struct flow flow;
	bool strict;
	size_t n;
	int i, ret = 1;

	i = flow_args(argc, argv, &strict, 1, 2);
	if (i < 0)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[i]) < 0)
		return 1;
	p.text = i + 1 < argc ? argv[i + 1] : "";
	if (parse_flow(&p, &flow, FLOW_MATCH) < 0)
		goto out;
	nlh = nl_request(&nl, VSWITCH_CMD_FLOW_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[i]);
	if (strict)
		mnl_attr_put(nlh, VSWITCH_FLOW_A_STRICT, 0, NULL);
	put_flow(nlh, &flow, FLOW_MATCH);
	if (nl_dump(&nl, nlh, flow_reply_cb, &list, flow_list_reset) < 0)
		goto out;
	qsort(list.v, list.n, sizeof(*list.v), flow_cmp);
	open_json_array(NULL);
	for (n = 0; n < list.n; n++)
		print_flow(&list.v[n]);
	close_json_array();
	ret = 0;
out:
	free(list.v);
	flow_nl_close(&nl, &p);
	return ret;
}

/* The next line of @f without its newline, or NULL at the end. */
static char *read_line(FILE *f, char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, f);

	if (n < 0)
		return NULL;
	while (n && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	return *buf;
}

struct batch_line {
	int line;
	unsigned int offset;	/* of its nest in the request */
	unsigned int end;
};

/* Sends a batch; says which line a rejected flow came from. */
static int send_batch(struct vsw_nl *nl, struct nlmsghdr *nlh,
		      struct nlattr *nest, const struct batch_line *lines,
		      size_t n)
{
	size_t i;

	mnl_attr_nest_end(nlh, nest);
	if (nl_talk(nl, nlh, NULL, NULL) == 0)
		return 0;
	for (i = 0; i < n && nl->bad_offset; i++)
		if (nl->bad_offset >= lines[i].offset &&
		    nl->bad_offset < lines[i].end)
			fprintf(stderr, "vswctl: %s: the flow at line %d was rejected; the flows before its batch were added\n",
				nl->what, lines[i].line);
	return -1;
}

int cmd_add_flows(int argc, char **argv)
{
	static struct vsw_nl nl;
	static struct batch_line lines[NL_REQUEST_SIZE / 16];
	struct nlmsghdr *nlh = NULL;
	struct nlattr *nest = NULL, *entry;
	size_t cap = 0, n = 0;
	char *buf = NULL, *text;
	struct flow flow;
	struct parser p;
	int line = 0, ret = 1;
	FILE *f;

	if (argc != 3)
		return usage_error(argv[0]);
	f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
	if (!f) {
		fprintf(stderr, "vswctl: %s: %s: %s\n", argv[0], argv[2],
			strerror(errno));
		return 1;
	}
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		goto out_close;
	while ((text = read_line(f, &buf, &cap))) {
		line++;
		while (isspace((unsigned char)*text))
			text++;
		if (!*text || *text == '#')
			continue;
		p.text = text;
		p.line = line;
		if (parse_flow(&p, &flow, FLOW_ADD) < 0)
			goto out;
		if (nlh && nlh->nlmsg_len > BATCH_BYTES) {
			if (send_batch(&nl, nlh, nest, lines, n) < 0)
				goto out;
			nlh = NULL;
		}
		if (!nlh) {
			nlh = nl_request(&nl, VSWITCH_CMD_FLOW_NEW, 0);
			mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[1]);
			nest = mnl_attr_nest_start(nlh, VSWITCH_FLOW_A_FLOWS);
			n = 0;
		}
		lines[n].line = line;
		lines[n].offset = nlh->nlmsg_len;
		entry = mnl_attr_nest_start(nlh, n + 1);
		put_flow(nlh, &flow, FLOW_ADD);
		mnl_attr_nest_end(nlh, entry);
		lines[n].end = nlh->nlmsg_len;
		n++;
	}
	if (nlh && send_batch(&nl, nlh, nest, lines, n) < 0)
		goto out;
	ret = 0;
out:
	flow_nl_close(&nl, &p);
out_close:
	free(buf);
	if (f != stdin)
		fclose(f);
	return ret;
}

static int trace_cb(const struct nlmsghdr *nlh, void *data)
{
	static const char *const miss[] = {
		[VSWITCH_MISS_NORMAL] = "normal (the learning switch)",
		[VSWITCH_MISS_DROP] = "drop",
		[VSWITCH_MISS_CONTROLLER] = "controller",
	};
	struct sbuf rule = { .n = 0 }, actions = { .n = 0 };
	const struct nlattr *attr;
	struct flow flow;
	int policy = -1;

	(void)data;
	memset(&flow, 0, sizeof(flow));
	flow.has_priority = true;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == VSWITCH_FLOW_A_MISS)
			policy = mnl_attr_get_u8(attr);
		else if (parse_reply_flow(attr, &flow) < 0)
			return MNL_CB_ERROR;
	}
	open_json_object(NULL);
	if (policy >= 0) {
		const char *what = policy <= VSWITCH_MISS_MAX ? miss[policy] :
							       "unknown";

		print_string("rule", "Rule: none: the table has no flow for it\n",
			     "none");
		print_string("miss", "Miss policy: %s\n", what);
	} else {
		sb_rule(&rule, &flow);
		sb_actions(&actions, &flow);
		print_string("rule", "Rule: %s\n", rule.s);
		print_uint("cookie", "Cookie: 0x%" PRIx64 "\n", flow.cookie);
		print_string("actions", "Actions: %s\n", actions.s);
	}
	close_json_object();
	return MNL_CB_OK;
}

int cmd_trace(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct sbuf desc = { .n = 0 };
	struct nlmsghdr *nlh;
	struct parser p;
	struct flow flow;
	int ret = 1;

	if (argc != 3)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		return 1;
	p.text = argv[2];
	if (parse_flow(&p, &flow, FLOW_PACKET) < 0)
		goto out;
	sb_match(&desc, &flow.match);
	print_text("Packet: %s\n", desc.s);
	nlh = nl_request(&nl, VSWITCH_CMD_FLOW_TRACE, 0);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[1]);
	put_match(nlh, &flow.match);
	ret = nl_talk(&nl, nlh, trace_cb, NULL) < 0 ? 1 : 0;
out:
	flow_nl_close(&nl, &p);
	return ret;
}

static int parse_hex(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = 0;
	unsigned int b;

	if (!strncmp(s, "0x", 2))
		s += 2;
	while (*s) {
		if (*s == ':' || *s == ' ' || *s == '.') {
			s++;
			continue;
		}
		if (n == max || sscanf(s, "%2x", &b) != 1 ||
		    !isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]))
			return -1;
		out[n++] = b;
		s += 2;
	}
	*len = n;
	return 0;
}

int cmd_packet_out(int argc, char **argv)
{
	static struct vsw_nl nl;
	static uint8_t data[4096];
	struct nlmsghdr *nlh;
	struct parser p;
	struct flow flow;
	uint64_t in_port = 0;
	size_t len;
	int i, ret = 1;

	if (argc < 4)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		return 1;
	if (parse_hex(argv[argc - 1], data, sizeof(data), &len) < 0 || !len) {
		fprintf(stderr, "vswctl: %s: the packet must be hex digits, at most %zu bytes\n",
			argv[0], sizeof(data));
		goto out;
	}
	for (i = 2; i < argc - 1; i++) {
		if (!strncmp(argv[i], "in_port=", 8)) {
			if (parse_uint(argv[i] + 8, VSWITCH_PORT_LOCAL, &in_port) < 0 ||
			    !in_port)
				in_port = port_number(&p, argv[i] + 8);
			if (!in_port) {
				fprintf(stderr, "vswctl: %s: no port \"%s\" on %s\n",
					argv[0], argv[i] + 8, argv[1]);
				goto out;
			}
		} else if (!strncmp(argv[i], "actions=", 8)) {
			p.text = argv[i];
			if (parse_flow(&p, &flow, FLOW_ADD) < 0)
				goto out;
		} else {
			fprintf(stderr, "vswctl: %s: expected in_port=PORT or actions=..., not \"%s\"\n",
				argv[0], argv[i]);
			goto out;
		}
	}
	if (!p.text) {
		fprintf(stderr, "vswctl: %s: actions=... is missing\n", argv[0]);
		goto out;
	}
	nlh = nl_request(&nl, VSWITCH_CMD_PACKET_OUT, 0);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[1]);
	if (in_port)
		mnl_attr_put_u32(nlh, VSWITCH_FLOW_A_IN_PORT, in_port);
	flow.match.has[VSWITCH_MATCH_A_IN_PORT] = false;
	put_flow(nlh, &flow, FLOW_ADD);
	mnl_attr_put(nlh, VSWITCH_FLOW_A_DATA, len, data);
	ret = nl_talk(&nl, nlh, NULL, NULL) < 0 ? 1 : 0;
out:
	flow_nl_close(&nl, &p);
	return ret;
}

/* One line (one JSON object in -j mode) per packet-in of @data's bridge. */
static int packet_in_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const char *bridge = data, *name = NULL;
	const struct nlattr *attr, *frame = NULL;
	uint64_t cookie = 0;
	uint32_t in_port = 0, total = 0;
	uint8_t reason = 0;
	char hex[2 * 1600 + 1];
	const uint8_t *b;
	size_t i, len;

	if (genl->cmd != VSWITCH_CMD_PACKET_IN)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case VSWITCH_FLOW_A_BRIDGE:
			name = mnl_attr_get_str(attr);
			break;
		case VSWITCH_FLOW_A_IN_PORT:
			in_port = mnl_attr_get_u32(attr);
			break;
		case VSWITCH_FLOW_A_COOKIE:
			cookie = mnl_attr_get_u64(attr);
			break;
		case VSWITCH_FLOW_A_REASON:
			reason = mnl_attr_get_u8(attr);
			break;
		case VSWITCH_FLOW_A_TOTAL_LEN:
			total = mnl_attr_get_u32(attr);
			break;
		case VSWITCH_FLOW_A_DATA:
			frame = attr;
			break;
		}
	}
	if (!name || strcmp(name, bridge) || !frame)
		return MNL_CB_OK;
	b = mnl_attr_get_payload(frame);
	len = mnl_attr_get_payload_len(frame);
	for (i = 0; i < len && i < 1600; i++)
		sprintf(hex + 2 * i, "%02x", b[i]);
	hex[2 * i] = '\0';
	open_json_object(NULL);
	print_string("bridge", "packet-in on %s:", name);
	print_uint("in_port", " in_port=%" PRIu64, in_port);
	print_string("reason", " reason=%s",
		     reason == VSWITCH_PACKET_IN_MISS ? "miss" : "action");
	print_uint("cookie", " cookie=0x%" PRIx64, cookie);
	print_uint("total_len", " total_len=%" PRIu64, total);
	print_uint("len", " len=%" PRIu64, len);
	print_string("data", " data=%s\n", hex);
	close_json_object();
	output_flush();
	return MNL_CB_OK;
}

int cmd_monitor_packets(const char *bridge)
{
	static struct vsw_nl nl;

	if (nl_open(&nl, "monitor") < 0)
		return 1;
	if (!nl.mcgrp_packets ||
	    mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP,
				  &nl.mcgrp_packets,
				  sizeof(nl.mcgrp_packets)) < 0) {
		fprintf(stderr, "vswctl: monitor: joining the packets group: %s\n",
			strerror(errno));
		nl_close(&nl);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	nl_listen(&nl, "packet-ins", packet_in_cb, (void *)bridge);
	nl_close(&nl);
	return 1;
}
