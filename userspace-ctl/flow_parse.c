// SPDX-License-Identifier: GPL-2.0
/*
 * The flow syntax of ovs-ofctl(8), "priority=100,tcp,nw_dst=10.0.0.2,
 * tp_dst=80 actions=output:2", parsed into a struct flow. Errors say
 * where, on stderr.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/if_ether.h>

#include "flow.h"

const struct field flow_fields[] = {
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

const size_t n_flow_fields = sizeof(flow_fields) / sizeof(flow_fields[0]);

const struct flow_shorthand flow_shorthands[] = {
	{ "tcp", ETH_P_IP, 6 }, { "udp", ETH_P_IP, 17 },
	{ "sctp", ETH_P_IP, 132 }, { "icmp", ETH_P_IP, 1 },
	{ "tcp6", ETH_P_IPV6, 6 }, { "udp6", ETH_P_IPV6, 17 },
	{ "sctp6", ETH_P_IPV6, 132 }, { "icmp6", ETH_P_IPV6, 58 },
	{ "ip", ETH_P_IP, 0 }, { "ipv6", ETH_P_IPV6, 0 },
	{ "arp", ETH_P_ARP, 0 },
};

const size_t n_flow_shorthands =
	sizeof(flow_shorthands) / sizeof(flow_shorthands[0]);

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

uint32_t port_number(struct parser *p, const char *name)
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

int parse_uint(const char *s, uint64_t max, uint64_t *v)
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

	for (i = 0; i < n_flow_fields; i++)
		if (name_is(flow_fields[i].name, name))
			return &flow_fields[i];
	return NULL;
}

static struct action *add_action(struct parser *p, struct flow *flow,
				 const char *at, uint16_t type, uint16_t len)
{
	struct action *a = flow_add_action(flow, type, len);

	if (!a)
		parse_error(p, at, "more than 64 actions");
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

int parse_flow(struct parser *p, struct flow *flow, int what)
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
		if (!eq && name_is(tok, "send_flow_rem")) {
			if (what != FLOW_ADD) {
				parse_error(p, at, "send_flow_rem is for adding a flow");
				goto out;
			}
			flow->flags |= VSWITCH_FLOW_F_SEND_REMOVED;
			continue;
		}
		if (!eq) {
			for (i = 0; i < n_flow_shorthands; i++)
				if (name_is(tok, flow_shorthands[i].name))
					break;
			if (i == n_flow_shorthands) {
				parse_error(p, at, "unknown field \"%s\"", tok);
				goto out;
			}
			put_u16(flow->match.v[VSWITCH_MATCH_A_DL_TYPE],
				htons(flow_shorthands[i].dl_type));
			flow->match.has[VSWITCH_MATCH_A_DL_TYPE] = true;
			if (flow_shorthands[i].nw_proto) {
				flow->match.v[VSWITCH_MATCH_A_NW_PROTO][0] =
					flow_shorthands[i].nw_proto;
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
