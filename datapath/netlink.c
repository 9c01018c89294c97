// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "vswitch". include/uapi/linux/vswitch.h is its
 * specification; this file checks requests against it and turns them into
 * calls on bridges.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/vswitch.h>

#include "vswitch.h"

static const struct genl_multicast_group vsw_mcgrps[] = {
	[VSW_MCGRP_CONFIG] = { .name = VSWITCH_MCGRP_CONFIG },
	/* Packets are traffic: only for CAP_NET_ADMIN (compat.h). */
	[VSW_MCGRP_PACKETS] = { .name = VSWITCH_MCGRP_PACKETS,
				VSW_MCGRP_ADMIN },
	/* What a flow dump shows: for anyone, as the dump is. */
	[VSW_MCGRP_FLOWS] = { .name = VSWITCH_MCGRP_FLOWS },
};

/* Not const: the policy of 6.1 points at them without const. */
static struct netlink_range_validation vsw_fdb_aging_range = {
	.min = 1,
	.max = 1000000,
};

static struct netlink_range_validation vsw_fdb_max_range = {
	.min = 1,
	.max = 1 << 20,
};

static struct netlink_range_validation vsw_flow_max_range = {
	.min = 1,
	.max = 10000000,
};

static struct netlink_range_validation vsw_controller_rate_range = {
	.min = 1,
	.max = 1000000,
};

static struct netlink_range_validation vsw_port_number_range = {
	.min = 1,
	.max = VSWITCH_PORT_MAX,
};

/* Length and contents are checked by vsw_nl_parse_controllers(). */
static const struct nla_policy vsw_controller_policy[VSWITCH_CONTROLLER_A_MAX + 1] = {
	[VSWITCH_CONTROLLER_A_TARGET]	= { .type = NLA_NUL_STRING },
};

static const struct nla_policy vsw_bridge_policy[VSWITCH_BRIDGE_A_MAX + 1] = {
	[VSWITCH_BRIDGE_A_NAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[VSWITCH_BRIDGE_A_IFINDEX]	= { .type = NLA_U32 },
	[VSWITCH_BRIDGE_A_DPID]		= { .type = NLA_U64 },
	[VSWITCH_BRIDGE_A_ADDRESS]	= {
		.type = NLA_REJECT,
		.reject_message = "the bridge's MAC address is read-only here: set it with ip link",
	},
	[VSWITCH_BRIDGE_A_FDB_AGING]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_fdb_aging_range),
	[VSWITCH_BRIDGE_A_FDB_MAX]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_fdb_max_range),
	[VSWITCH_BRIDGE_A_FDB_COUNT]	= {
		.type = NLA_REJECT,
		.reject_message = "the FDB entry count is read-only",
	},
	[VSWITCH_BRIDGE_A_STATS]	= {
		.type = NLA_REJECT,
		.reject_message = "bridge statistics are read-only",
	},
	[VSWITCH_BRIDGE_A_MISS]		= NLA_POLICY_MAX(NLA_U8, VSWITCH_MISS_MAX),
	[VSWITCH_BRIDGE_A_FLOW_MAX]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_flow_max_range),
	[VSWITCH_BRIDGE_A_FLOW_COUNT]	= {
		.type = NLA_REJECT,
		.reject_message = "the flow count is read-only",
	},
	[VSWITCH_BRIDGE_A_CONTROLLER_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_controller_rate_range),
	[VSWITCH_BRIDGE_A_CONTROLLERS]	=
		NLA_POLICY_NESTED(vsw_controller_policy),
	[VSWITCH_BRIDGE_A_FAIL_MODE]	= NLA_POLICY_MAX(NLA_U8, VSWITCH_FAIL_MAX),
	[VSWITCH_BRIDGE_A_CONNECTED]	=
		NLA_POLICY_NESTED(vsw_controller_policy),
	[VSWITCH_BRIDGE_A_MISS_CONFIG]	= {
		.type = NLA_REJECT,
		.reject_message = "the configured miss policy is read-only: set miss",
	},
};

static const struct nla_policy vsw_port_policy[VSWITCH_PORT_A_MAX + 1] = {
	[VSWITCH_PORT_A_BRIDGE]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[VSWITCH_PORT_A_NAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[VSWITCH_PORT_A_IFINDEX]	= {
		.type = NLA_REJECT,
		.reject_message = "name ports by name: the ifindex is read-only",
	},
	[VSWITCH_PORT_A_NUMBER]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_port_number_range),
	[VSWITCH_PORT_A_TYPE]		=
		NLA_POLICY_RANGE(NLA_U32, VSWITCH_PORT_TYPE_NETDEV,
				 VSWITCH_PORT_TYPE_MAX),
	[VSWITCH_PORT_A_TAG]		= NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
	[VSWITCH_PORT_A_TRUNKS]		=
		NLA_POLICY_EXACT_LEN(VSWITCH_VLAN_BITMAP_LEN),
	[VSWITCH_PORT_A_STATS]		= {
		.type = NLA_REJECT,
		.reject_message = "port statistics are read-only",
	},
	[VSWITCH_PORT_A_ISOLATED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_PORT_A_REMOTE]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[VSWITCH_PORT_A_LOCAL]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[VSWITCH_PORT_A_KEY]		= { .type = NLA_U32 },
	[VSWITCH_PORT_A_DSTPORT]	= { .type = NLA_U16 },
	[VSWITCH_PORT_A_TTL]		= { .type = NLA_U8 },
	[VSWITCH_PORT_A_TOS]		= { .type = NLA_U8 },
	[VSWITCH_PORT_A_DF]		= NLA_POLICY_MAX(NLA_U8, VSWITCH_DF_MAX),
	[VSWITCH_PORT_A_CSUM]		= NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_PORT_A_OWNER]		= { .type = NLA_NUL_STRING,
					    .len = VSWITCH_PORT_OWNER_LEN - 1 },
};

static const struct nla_policy vsw_fdb_policy[VSWITCH_FDB_A_MAX + 1] = {
	[VSWITCH_FDB_A_BRIDGE]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
};

/* Not static: flow_netlink.c sends packet-ins and replies of its own. */
struct genl_family vsw_genl_family;

/* Whether notifications can be sent; RTNL. Cleared before unregistering. */
static bool vsw_netlink_registered;

/* Puts @n[first..last] as u64 attributes of the same numbers in a nest. */
static int vsw_nl_put_counters(struct sk_buff *skb, int nest_type,
			       const u64 *n, int first, int last, int pad)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, nest_type);
	if (!nest)
		return -EMSGSIZE;
	for (i = first; i <= last; i++) {
		if (nla_put_u64_64bit(skb, i, n[i], pad)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int vsw_nl_put_bridge_stats(struct sk_buff *skb,
				   const struct vsw_bridge *br)
{
	u64 n[VSWITCH_BRIDGE_STATS_MAX + 1];

	vsw_counters_read(br->stats, n, ARRAY_SIZE(n));
	return vsw_nl_put_counters(skb, VSWITCH_BRIDGE_A_STATS, n,
				   VSWITCH_BRIDGE_STATS_PAD + 1,
				   VSWITCH_BRIDGE_STATS_MAX,
				   VSWITCH_BRIDGE_STATS_PAD);
}

static int vsw_nl_put_controllers(struct sk_buff *skb,
				  const struct vsw_controllers *ctl)
{
	struct nlattr *nest;
	unsigned int i;

	if (!ctl)
		return 0;
	nest = nla_nest_start(skb, VSWITCH_BRIDGE_A_CONTROLLERS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ctl->n; i++)
		if (nla_put_string(skb, VSWITCH_CONTROLLER_A_TARGET,
				   ctl->target[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The targets of @br->connected, if it has controllers. */
static int vsw_nl_put_connected(struct sk_buff *skb,
				const struct vsw_bridge *br)
{
	struct nlattr *nest;
	unsigned int i;

	if (!br->ctl)
		return 0;
	nest = nla_nest_start(skb, VSWITCH_BRIDGE_A_CONNECTED);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < br->ctl->n; i++)
		if ((br->connected & BIT(i)) &&
		    nla_put_string(skb, VSWITCH_CONTROLLER_A_TARGET,
				   br->ctl->target[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int vsw_nl_fill_bridge(struct sk_buff *skb, const struct vsw_bridge *br,
			      u8 cmd, u32 portid, u32 seq, int flags,
			      struct netlink_callback *cb)
{
	const struct net_device *dev = br->dev;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_string(skb, VSWITCH_BRIDGE_A_NAME, dev->name) ||
	    nla_put_u32(skb, VSWITCH_BRIDGE_A_IFINDEX, dev->ifindex) ||
	    nla_put_u64_64bit(skb, VSWITCH_BRIDGE_A_DPID, br->dpid,
			      VSWITCH_BRIDGE_A_PAD) ||
	    nla_put(skb, VSWITCH_BRIDGE_A_ADDRESS, ETH_ALEN, dev->dev_addr) ||
	    nla_put_u32(skb, VSWITCH_BRIDGE_A_FDB_AGING,
			br->fdb_aging / HZ) ||
	    nla_put_u32(skb, VSWITCH_BRIDGE_A_FDB_MAX, br->fdb_max) ||
	    nla_put_u32(skb, VSWITCH_BRIDGE_A_FDB_COUNT,
			atomic_read(&br->fdb_count)) ||
	    nla_put_u8(skb, VSWITCH_BRIDGE_A_MISS, br->flows.miss) ||
	    nla_put_u8(skb, VSWITCH_BRIDGE_A_MISS_CONFIG, br->flows.miss_set) ||
	    nla_put_u32(skb, VSWITCH_BRIDGE_A_FLOW_MAX, br->flows.max) ||
	    nla_put_u32(skb, VSWITCH_BRIDGE_A_FLOW_COUNT, br->flows.count) ||
	    nla_put_u32(skb, VSWITCH_BRIDGE_A_CONTROLLER_RATE,
			br->flows.controller_rate) ||
	    nla_put_u8(skb, VSWITCH_BRIDGE_A_FAIL_MODE, br->fail_mode) ||
	    vsw_nl_put_controllers(skb, br->ctl) ||
	    vsw_nl_put_connected(skb, br) ||
	    vsw_nl_put_bridge_stats(skb, br)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static size_t vsw_nl_bridge_size(void)
{
	return nla_total_size(IFNAMSIZ) +		/* NAME */
	       nla_total_size(sizeof(u32)) +		/* IFINDEX */
	       nla_total_size_64bit(sizeof(u64)) +	/* DPID */
	       nla_total_size(ETH_ALEN) +		/* ADDRESS */
	       3 * nla_total_size(sizeof(u32)) +	/* FDB_AGING, _MAX, _COUNT */
	       2 * nla_total_size(sizeof(u8)) +		/* MISS, _CONFIG */
	       3 * nla_total_size(sizeof(u32)) +	/* FLOW_MAX, _COUNT, rate */
	       nla_total_size(sizeof(u8)) +		/* FAIL_MODE */
	       2 * (nla_total_size(0) +			/* CONTROLLERS, */
		    VSWITCH_CONTROLLERS_MAX *		/* CONNECTED */
		    nla_total_size(VSWITCH_CONTROLLER_TARGET_LEN)) +
	       nla_total_size(0) +			/* STATS */
	       (VSWITCH_BRIDGE_STATS_MAX - VSWITCH_BRIDGE_STATS_PAD) *
	       nla_total_size_64bit(sizeof(u64));
}

static struct sk_buff *vsw_nl_bridge_msg(const struct vsw_bridge *br, u8 cmd,
					 u32 portid, u32 seq)
{
	struct sk_buff *skb;

	skb = genlmsg_new(vsw_nl_bridge_size(), GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	if (vsw_nl_fill_bridge(skb, br, cmd, portid, seq, 0, NULL)) {
		/* vsw_nl_bridge_size() is wrong if this happens. */
		nlmsg_free(skb);
		return ERR_PTR(-EMSGSIZE);
	}
	return skb;
}

/* Whether anyone in @net listens to @group. Context: RTNL. */
static bool vsw_nl_want_notify(struct net *net, enum vsw_mcgrp group)
{
	ASSERT_RTNL();
	return vsw_netlink_registered &&
	       genl_has_listeners(&vsw_genl_family, net, group);
}

/* Sends a notification built for @name, or says it could not be built. */
static void vsw_nl_multicast(struct net *net, struct sk_buff *skb,
			     enum vsw_mcgrp group, const char *name)
{
	if (IS_ERR(skb)) {
		net_dbg_ratelimited("dropped a notification for %s: %ld\n",
				    name, PTR_ERR(skb));
		return;
	}
	genlmsg_multicast_netns(&vsw_genl_family, net, skb, 0, group,
				GFP_KERNEL);
}

/**
 * vsw_netlink_notify_bridge() - tell the config group about a bridge
 * @br: the bridge, still registered
 * @cmd: VSWITCH_CMD_BRIDGE_NEW, _SET or _DEL
 *
 * Context: RTNL.
 */
void vsw_netlink_notify_bridge(struct vsw_bridge *br, u8 cmd)
{
	struct net *net = dev_net(br->dev);

	if (vsw_nl_want_notify(net, VSW_MCGRP_CONFIG))
		vsw_nl_multicast(net, vsw_nl_bridge_msg(br, cmd, 0, 0),
				 VSW_MCGRP_CONFIG, br->dev->name);
}

/**
 * vsw_netlink_notify_flow_removed() - tell the flows group a flow goes
 * @br: the flow's bridge
 * @flow: the flow, still in the table
 * @reason: enum vswitch_flow_removed_reason
 *
 * Call it before the flow is unlinked: that queues its free for after a
 * grace period, which may end while the message is built (it may sleep),
 * and the message reads the flow's match, actions and counters.
 *
 * Context: RTNL.
 */
void vsw_netlink_notify_flow_removed(struct vsw_bridge *br,
				     struct vsw_flow *flow, u8 reason)
{
	struct net *net = dev_net(br->dev);
	struct sk_buff *skb;

	if (!vsw_nl_want_notify(net, VSW_MCGRP_FLOWS))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb) {
		skb = ERR_PTR(-ENOMEM);
	} else if (vsw_nl_fill_flow_removed(skb, br, flow, reason)) {
		nlmsg_free(skb);
		skb = ERR_PTR(-EMSGSIZE);
	}
	vsw_nl_multicast(net, skb, VSW_MCGRP_FLOWS, br->dev->name);
}

/* Whether @attr is a name a new device (a bridge, or a port) may take. */
static int vsw_nl_check_name(const struct nlattr *attr, bool port,
			     struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);

	if (!*name) {
		if (port)
			NL_SET_ERR_MSG_ATTR(extack, attr, "port name is empty");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr, "bridge name is empty");
		return -EINVAL;
	}
	/* '%' would make register_netdevice() pick a name of its own. */
	if (!dev_valid_name(name) || strchr(name, '%')) {
		if (port)
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "port name is not a valid interface name");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "bridge name is not a valid interface name");
		return -EINVAL;
	}
	return 0;
}

/*
 * VSWITCH_PORT_A_OWNER of a new port, copied into *@owner (NULL if none):
 * printable ASCII, no space, so that it prints as one word.
 */
static int vsw_nl_get_owner(const struct nlattr *attr, const char **owner,
			    struct netlink_ext_ack *extack)
{
	const char *s;

	*owner = NULL;
	if (!attr)
		return 0;
	s = nla_data(attr);
	if (!*s) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "port owner is empty");
		return -EINVAL;
	}
	for (; *s; s++) {
		if (*s <= ' ' || *s > '~') {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "port owner must be printable ASCII without spaces");
			return -EINVAL;
		}
	}
	*owner = kstrdup(nla_data(attr), GFP_KERNEL);
	return *owner ? 0 : -ENOMEM;
}

/* A new device or port may not take the name of an existing one. */
static int vsw_nl_check_name_free(struct net *net, const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	struct net_device *dev = __dev_get_by_name(net, nla_data(attr));

	if (!dev) {
		if (!vsw_tnl_find(net, nla_data(attr)))
			return 0;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a tunnel port with this name already exists");
		return -EEXIST;
	}
	if (vsw_is_internal_dev(dev))
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a bridge with this name already exists");
	else
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a network device with this name already exists");
	return -EEXIST;
}

/*
 * The bridge a request names with VSWITCH_BRIDGE_A_NAME and/or
 * VSWITCH_BRIDGE_A_IFINDEX. Context: RTNL.
 */
static struct vsw_bridge *vsw_nl_find_bridge(struct net *net,
					     struct genl_info *info)
{
	struct nlattr *name = info->attrs[VSWITCH_BRIDGE_A_NAME];
	struct nlattr *ifindex = info->attrs[VSWITCH_BRIDGE_A_IFINDEX];
	struct vsw_bridge *br = NULL, *by_index;

	if (!name && !ifindex) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VSWITCH_BRIDGE_A_NAME);
		NL_SET_ERR_MSG(info->extack, "bridge name or ifindex is missing");
		return ERR_PTR(-EINVAL);
	}
	if (name) {
		br = vsw_bridge_find_by_name(net, nla_data(name));
		if (!br) {
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "no bridge with this name");
			return ERR_PTR(-ENODEV);
		}
	}
	if (ifindex) {
		by_index = vsw_bridge_find_by_ifindex(net, nla_get_u32(ifindex));
		if (!by_index) {
			NL_SET_ERR_MSG_ATTR(info->extack, ifindex,
					    "no bridge with this ifindex");
			return ERR_PTR(-ENODEV);
		}
		if (br && br != by_index) {
			NL_SET_ERR_MSG_ATTR(info->extack, ifindex,
					    "bridge name and ifindex name different bridges");
			return ERR_PTR(-EINVAL);
		}
		br = by_index;
	}
	return br;
}

/* A u32 attribute's value, or 0 when it is absent. */
static u32 vsw_nl_get_u32(const struct genl_info *info, int type)
{
	return info->attrs[type] ? nla_get_u32(info->attrs[type]) : 0;
}

/* Whether @target names a kind of connection the agent makes. */
static bool vsw_nl_target_kind_ok(const char *target)
{
	static const char *const kinds[] = {
		"tcp:", "ssl:", "ptcp:", "pssl:", "unix:", "punix:",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strncmp(target, kinds[i], strlen(kinds[i])))
			return true;
	return false;
}

/* Whether controller target @a may follow the @ctl->n before it. */
static int vsw_nl_check_target(const struct vsw_controllers *ctl,
			       const struct nlattr *a,
			       struct netlink_ext_ack *extack)
{
	const char *s = nla_data(a);
	size_t len = strlen(s), i;

	if (!len) {
		NL_SET_ERR_MSG_ATTR(extack, a, "controller target is empty");
		return -EINVAL;
	}
	if (len >= VSWITCH_CONTROLLER_TARGET_LEN) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "controller target is longer than 127 bytes");
		return -EINVAL;
	}
	if (!vsw_nl_target_kind_ok(s)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "controller target must start with tcp:, ssl:, ptcp:, pssl:, unix: or punix:");
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		if (s[i] <= ' ' || s[i] > '~') {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "controller target has a space or a control character");
			return -EINVAL;
		}
	}
	for (i = 0; i < ctl->n; i++) {
		if (!strcmp(ctl->target[i], s)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the same controller target twice");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The controllers in VSWITCH_BRIDGE_A_CONTROLLERS @nest, into *@ctl: NULL
 * for an empty nest, which removes them. Return: 0, or an error with
 * nothing allocated.
 */
static int vsw_nl_parse_controllers(const struct nlattr *nest,
				    struct vsw_controllers **ctl,
				    struct netlink_ext_ack *extack)
{
	struct vsw_controllers *new;
	const struct nlattr *a;
	unsigned int n = 0;
	int rem, err;

	*ctl = NULL;
	nla_for_each_nested(a, nest, rem)
		n += nla_type(a) == VSWITCH_CONTROLLER_A_TARGET;
	if (!n)
		return 0;
	if (n > VSWITCH_CONTROLLERS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "more than 8 controller targets");
		return -EINVAL;
	}
	new = kzalloc(struct_size(new, target, n), GFP_KERNEL_ACCOUNT);
	if (!new)
		return -ENOMEM;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != VSWITCH_CONTROLLER_A_TARGET)
			continue;
		err = vsw_nl_check_target(new, a, extack);
		if (err) {
			kfree(new);
			return err;
		}
		strscpy(new->target[new->n++], nla_data(a),
			VSWITCH_CONTROLLER_TARGET_LEN);
	}
	*ctl = new;
	return 0;
}

/*
 * The controllers of a bridge request, checked with the rest before
 * anything changes: in *@ctl, and *@set if the request gives them. @cur:
 * the bridge's now. Return: 0, or an error with nothing allocated.
 */
static int vsw_nl_bridge_controllers(const struct genl_info *info,
				     const struct vsw_controllers *cur,
				     struct vsw_controllers **ctl, bool *set)
{
	struct nlattr *nest = info->attrs[VSWITCH_BRIDGE_A_CONTROLLERS];
	struct nlattr *miss = info->attrs[VSWITCH_BRIDGE_A_MISS];
	int err;

	*ctl = NULL;
	*set = !!nest;
	if (nest) {
		err = vsw_nl_parse_controllers(nest, ctl, info->extack);
		if (err)
			return err;
	}
	if (miss && (nest ? *ctl : cur)) {
		NL_SET_ERR_MSG_ATTR(info->extack, miss,
				    "the miss policy follows the fail mode while the bridge has controllers");
		kfree(*ctl);
		*ctl = NULL;
		return -EINVAL;
	}
	return 0;
}

/*
 * The targets of VSWITCH_BRIDGE_A_CONNECTED @nest as bits of @ctl, the
 * bridge's controllers once the request is done, into *@mask.
 */
static int vsw_nl_parse_connected(const struct nlattr *nest,
				  const struct vsw_controllers *ctl, u8 *mask,
				  struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	unsigned int i;
	int rem;

	*mask = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != VSWITCH_CONTROLLER_A_TARGET)
			continue;
		for (i = 0; ctl && i < ctl->n; i++)
			if (!strcmp(ctl->target[i], nla_data(a)))
				break;
		if (!ctl || i == ctl->n) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "connected target is not a controller of the bridge");
			return -EINVAL;
		}
		if (ctl->target[i][0] == 'p') {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a listening target is never connected: its clients are not controllers");
			return -EINVAL;
		}
		if (*mask & BIT(i)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the same connected target twice");
			return -EINVAL;
		}
		*mask |= BIT(i);
	}
	return 0;
}

/* Whether @ctl has a target that connects out: a controller to wait for. */
static bool vsw_controllers_connect(const struct vsw_controllers *ctl)
{
	unsigned int i;

	for (i = 0; ctl && i < ctl->n; i++)
		if (ctl->target[i][0] != 'p')
			return true;
	return false;
}

/*
 * What the datapath does with a miss: the bridge's own setting or, while
 * it has controllers, the controller if the agent is connected to one,
 * else what the fail mode says. Context: RTNL.
 */
static void vsw_bridge_apply_miss(struct vsw_bridge *br)
{
	u8 miss = br->flows.miss_set;

	if (br->ctl && br->connected)
		miss = VSWITCH_MISS_CONTROLLER;
	else if (br->ctl)
		miss = br->fail_mode == VSWITCH_FAIL_SECURE ?
		       VSWITCH_MISS_DROP : VSWITCH_MISS_NORMAL;
	WRITE_ONCE(br->flows.miss, miss);
	/*
	 * And the table-miss flow an OpenFlow 1.3 controller installs
	 * (priority 0, actions=controller) must not keep a standalone bridge
	 * from falling back: its controller actions forward as normal. Only
	 * for want of a controller to connect to: the clients of a listening
	 * target (ovs-ofctl) are no controllers, and ask for packet-ins.
	 */
	WRITE_ONCE(br->flows.fail_open, !br->connected &&
		   br->fail_mode == VSWITCH_FAIL_STANDALONE &&
		   vsw_controllers_connect(br->ctl));
}

/*
 * Forgets the connections that socket @portid reported for the bridges of
 * @vn other than @except, and makes @portid the namespace's agent, or
 * none (0). Context: RTNL.
 */
static void vsw_nl_set_agent(struct vsw_net *vn, u32 portid,
			     const struct vsw_bridge *except)
{
	struct vsw_bridge *br;

	ASSERT_RTNL();
	list_for_each_entry(br, &vn->bridges, list) {
		if (br == except || !br->connected)
			continue;
		br->connected = 0;
		vsw_bridge_apply_miss(br);
		vsw_net_changed(dev_net(br->dev));
		vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_SET);
	}
	WRITE_ONCE(vn->agent_portid, portid);
}

/*
 * The bits of &vsw_bridge.connected for @new, the controllers that replace
 * @old: a target in both stays connected.
 */
static u8 vsw_nl_keep_connected(const struct vsw_controllers *old, u8 connected,
				const struct vsw_controllers *new)
{
	unsigned int i, j;
	u8 mask = 0;

	for (i = 0; old && new && i < old->n; i++) {
		if (!(connected & BIT(i)))
			continue;
		for (j = 0; j < new->n; j++)
			if (!strcmp(old->target[i], new->target[j]))
				mask |= BIT(j);
	}
	return mask;
}

/*
 * The flow table settings of a bridge request, and its controllers (@ctl
 * passes to the bridge if @set_ctl; those it keeps stay connected) and
 * their connections (@connected, as &vsw_bridge.connected, or -1 if the
 * request does not give them). Context: RTNL.
 */
static void vsw_nl_set_flow_table(struct vsw_bridge *br,
				  const struct genl_info *info,
				  struct vsw_controllers *ctl, bool set_ctl,
				  int connected)
{
	struct vsw_flow_table *t = &br->flows;

	if (set_ctl) {
		br->connected = vsw_nl_keep_connected(br->ctl, br->connected,
						      ctl);
		kfree(br->ctl);
		br->ctl = ctl;
	}
	if (connected >= 0)
		br->connected = connected;
	if (info->attrs[VSWITCH_BRIDGE_A_FAIL_MODE])
		br->fail_mode = nla_get_u8(info->attrs[VSWITCH_BRIDGE_A_FAIL_MODE]);
	if (info->attrs[VSWITCH_BRIDGE_A_MISS])
		t->miss_set = nla_get_u8(info->attrs[VSWITCH_BRIDGE_A_MISS]);
	vsw_bridge_apply_miss(br);
	if (info->attrs[VSWITCH_BRIDGE_A_FLOW_MAX])
		t->max = nla_get_u32(info->attrs[VSWITCH_BRIDGE_A_FLOW_MAX]);
	if (info->attrs[VSWITCH_BRIDGE_A_CONTROLLER_RATE])
		WRITE_ONCE(t->controller_rate,
			   nla_get_u32(info->attrs[VSWITCH_BRIDGE_A_CONTROLLER_RATE]));
}

static int vsw_nl_bridge_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name_attr = info->attrs[VSWITCH_BRIDGE_A_NAME];
	struct nlattr *dpid_attr = info->attrs[VSWITCH_BRIDGE_A_DPID];
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct vsw_controllers *ctl;
	struct vsw_bridge *br;
	bool set_ctl;
	u64 dpid = 0;
	int err;

	if (!name_attr) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSWITCH_BRIDGE_A_NAME);
		NL_SET_ERR_MSG(extack, "bridge name is missing");
		return -EINVAL;
	}
	if (info->attrs[VSWITCH_BRIDGE_A_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[VSWITCH_BRIDGE_A_IFINDEX],
				    "the kernel chooses the ifindex of a new bridge");
		return -EINVAL;
	}
	if (info->attrs[VSWITCH_BRIDGE_A_CONNECTED]) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[VSWITCH_BRIDGE_A_CONNECTED],
				    "a new bridge has no agent connected to its controllers yet");
		return -EINVAL;
	}
	err = vsw_nl_check_name(name_attr, false, extack);
	if (err)
		return err;
	err = vsw_nl_bridge_controllers(info, NULL, &ctl, &set_ctl);
	if (err)
		return err;

	rtnl_lock();
	err = vsw_nl_check_name_free(net, name_attr, extack);
	if (err)
		goto out_unlock;
	if (dpid_attr) {
		dpid = nla_get_u64(dpid_attr);
		err = vsw_bridge_check_dpid(net, dpid, NULL, dpid_attr, extack);
		if (err)
			goto out_unlock;
	}
	br = vsw_bridge_create(net, nla_data(name_attr), dpid, extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	vsw_bridge_set_fdb(br, vsw_nl_get_u32(info, VSWITCH_BRIDGE_A_FDB_AGING),
			   vsw_nl_get_u32(info, VSWITCH_BRIDGE_A_FDB_MAX));
	vsw_nl_set_flow_table(br, info, ctl, set_ctl, -1);
	ctl = NULL;
	vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_NEW);
out_unlock:
	rtnl_unlock();
	kfree(ctl);
	return err;
}

static int vsw_nl_bridge_del(struct sk_buff *skb, struct genl_info *info)
{
	LIST_HEAD(kill);
	struct vsw_bridge *br;
	int err = 0;

	rtnl_lock();
	br = vsw_nl_find_bridge(genl_info_net(info), info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_DEL);
	vsw_bridge_destroy(br, &kill);
	unregister_netdevice_many(&kill);
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_bridge_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_bridge *br;
	struct sk_buff *msg;

	rtnl_lock();
	br = vsw_nl_find_bridge(genl_info_net(info), info);
	if (IS_ERR(br)) {
		rtnl_unlock();
		return PTR_ERR(br);
	}
	msg = vsw_nl_bridge_msg(br, VSWITCH_CMD_BRIDGE_GET, info->snd_portid,
				info->snd_seq);
	rtnl_unlock();
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: how many bridges of the list earlier messages carried. */
static int vsw_nl_bridge_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long done = cb->args[0], idx = 0;
	struct vsw_bridge *br;
	struct vsw_net *vn;

	rtnl_lock();
	vn = vsw_net(net);
	cb->seq = vn->generation;
	list_for_each_entry(br, &vn->bridges, list) {
		if (idx < done) {
			idx++;
			continue;
		}
		if (vsw_nl_fill_bridge(skb, br, VSWITCH_CMD_BRIDGE_GET,
				       NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI, cb))
			break;
		idx++;
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return skb->len;
}

static int vsw_nl_bridge_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *connected_attr = info->attrs[VSWITCH_BRIDGE_A_CONNECTED];
	struct nlattr *dpid_attr = info->attrs[VSWITCH_BRIDGE_A_DPID];
	struct vsw_controllers *ctl = NULL;
	struct vsw_bridge *br;
	struct vsw_net *vn;
	int connected = -1;
	bool set_ctl;
	u8 mask;
	int err = 0;

	rtnl_lock();
	br = vsw_nl_find_bridge(genl_info_net(info), info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	/* Check everything before changing anything. */
	err = vsw_nl_bridge_controllers(info, br->ctl, &ctl, &set_ctl);
	if (err)
		goto out_unlock;
	if (connected_attr) {
		err = vsw_nl_parse_connected(connected_attr,
					     set_ctl ? ctl : br->ctl, &mask,
					     info->extack);
		if (err)
			goto out_unlock;
		connected = mask;
	}
	if (dpid_attr) {
		err = vsw_bridge_check_dpid(dev_net(br->dev),
					    nla_get_u64(dpid_attr), br,
					    dpid_attr, info->extack);
		if (err)
			goto out_unlock;
		vsw_bridge_set_dpid(br, nla_get_u64(dpid_attr));
	}
	vsw_bridge_set_fdb(br, vsw_nl_get_u32(info, VSWITCH_BRIDGE_A_FDB_AGING),
			   vsw_nl_get_u32(info, VSWITCH_BRIDGE_A_FDB_MAX));
	vn = vsw_net(genl_info_net(info));
	if (connected_attr && vn->agent_portid != info->snd_portid)
		vsw_nl_set_agent(vn, info->snd_portid, br);
	vsw_nl_set_flow_table(br, info, ctl, set_ctl, connected);
	ctl = NULL;
	vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_SET);
out_unlock:
	rtnl_unlock();
	kfree(ctl);
	return err;
}

static int vsw_nl_put_port_stats(struct sk_buff *skb,
				 const struct vsw_port *port)
{
	u64 n[VSWITCH_PORT_STATS_MAX + 1];

	vsw_counters_read(port->stats, n, ARRAY_SIZE(n));
	return vsw_nl_put_counters(skb, VSWITCH_PORT_A_STATS, n,
				   VSWITCH_PORT_STATS_PAD + 1,
				   VSWITCH_PORT_STATS_MAX,
				   VSWITCH_PORT_STATS_PAD);
}

static int vsw_nl_put_vlan(struct sk_buff *skb, const struct vsw_vlan *vlan)
{
	struct nlattr *attr;
	unsigned int vid;
	u8 *bytes;

	if (!vlan)
		return 0;
	if (vlan->tag)
		return nla_put_u16(skb, VSWITCH_PORT_A_TAG, vlan->tag);
	attr = nla_reserve(skb, VSWITCH_PORT_A_TRUNKS, VSWITCH_VLAN_BITMAP_LEN);
	if (!attr)
		return -EMSGSIZE;
	bytes = nla_data(attr);
	memset(bytes, 0, VSWITCH_VLAN_BITMAP_LEN);
	for_each_set_bit(vid, vlan->trunks, VLAN_N_VID)
		bytes[vid / 8] |= BIT(vid % 8);
	return 0;
}

static int vsw_nl_put_addr(struct sk_buff *skb, int type, u8 family,
			   const union vsw_tnl_addr *addr)
{
	if (family == AF_INET)
		return nla_put_in_addr(skb, type, addr->ip4);
	return nla_put_in6_addr(skb, type, &addr->ip6);
}

static int vsw_nl_put_tnl(struct sk_buff *skb, const struct vsw_tnl *tnl)
{
	const struct vsw_tnl_cfg *cfg;
	bool has_local;

	if (!tnl)
		return 0;
	cfg = vsw_tnl_cfg(tnl);
	has_local = cfg->family == AF_INET ? !!cfg->local.ip4 :
					     !ipv6_addr_any(&cfg->local.ip6);
	if (vsw_nl_put_addr(skb, VSWITCH_PORT_A_REMOTE, cfg->family,
			    &cfg->remote) ||
	    (has_local && vsw_nl_put_addr(skb, VSWITCH_PORT_A_LOCAL,
					  cfg->family, &cfg->local)) ||
	    (cfg->has_key && nla_put_u32(skb, VSWITCH_PORT_A_KEY, cfg->key)) ||
	    nla_put_u8(skb, VSWITCH_PORT_A_TTL, cfg->ttl) ||
	    nla_put_u8(skb, VSWITCH_PORT_A_TOS, cfg->tos) ||
	    nla_put_u8(skb, VSWITCH_PORT_A_CSUM, cfg->csum))
		return -EMSGSIZE;
	if (cfg->type != VSWITCH_PORT_TYPE_VXLAN)
		return 0;
	if (nla_put_u16(skb, VSWITCH_PORT_A_DSTPORT, cfg->dstport) ||
	    nla_put_u8(skb, VSWITCH_PORT_A_DF, cfg->df))
		return -EMSGSIZE;
	return 0;
}

static int vsw_nl_fill_port(struct sk_buff *skb, const struct vsw_port *port,
			    u8 cmd, u32 portid, u32 seq, int flags,
			    struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_string(skb, VSWITCH_PORT_A_BRIDGE, port->br->dev->name) ||
	    nla_put_string(skb, VSWITCH_PORT_A_NAME, vsw_port_name(port)) ||
	    nla_put_u32(skb, VSWITCH_PORT_A_IFINDEX, port->dev->ifindex) ||
	    nla_put_u32(skb, VSWITCH_PORT_A_NUMBER, port->number) ||
	    nla_put_u32(skb, VSWITCH_PORT_A_TYPE, port->type) ||
	    nla_put_u8(skb, VSWITCH_PORT_A_ISOLATED, port->isolated) ||
	    (port->owner &&
	     nla_put_string(skb, VSWITCH_PORT_A_OWNER, port->owner)) ||
	    vsw_nl_put_vlan(skb, rtnl_dereference(port->vlan)) ||
	    vsw_nl_put_tnl(skb, port->tnl) ||
	    vsw_nl_put_port_stats(skb, port)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static size_t vsw_nl_port_size(void)
{
	return 2 * nla_total_size(IFNAMSIZ) +		/* BRIDGE, NAME */
	       nla_total_size(VSWITCH_PORT_OWNER_LEN) +	/* OWNER */
	       3 * nla_total_size(sizeof(u32)) +	/* IFINDEX, NUMBER, TYPE */
	       nla_total_size(VSWITCH_VLAN_BITMAP_LEN) + /* TAG or TRUNKS */
	       2 * nla_total_size(sizeof(struct in6_addr)) + /* REMOTE, LOCAL */
	       nla_total_size(sizeof(u32)) +		/* KEY */
	       nla_total_size(sizeof(u16)) +		/* DSTPORT */
	       5 * nla_total_size(sizeof(u8)) +		/* ISOLATED, TTL, TOS, DF, CSUM */
	       nla_total_size(0) +			/* STATS */
	       (VSWITCH_PORT_STATS_MAX - VSWITCH_PORT_STATS_PAD) *
	       nla_total_size_64bit(sizeof(u64));
}

static struct sk_buff *vsw_nl_port_msg(const struct vsw_port *port, u8 cmd,
				       u32 portid, u32 seq)
{
	struct sk_buff *skb;

	skb = genlmsg_new(vsw_nl_port_size(), GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	if (vsw_nl_fill_port(skb, port, cmd, portid, seq, 0, NULL)) {
		nlmsg_free(skb);
		return ERR_PTR(-EMSGSIZE);
	}
	return skb;
}

/**
 * vsw_netlink_notify_port() - tell the config group about a port
 * @port: the port, still on its bridge
 * @cmd: VSWITCH_CMD_PORT_NEW, _SET or _DEL
 *
 * Context: RTNL.
 */
void vsw_netlink_notify_port(struct vsw_port *port, u8 cmd)
{
	struct net *net = dev_net(port->br->dev);

	if (vsw_nl_want_notify(net, VSW_MCGRP_CONFIG))
		vsw_nl_multicast(net, vsw_nl_port_msg(port, cmd, 0, 0),
				 VSW_MCGRP_CONFIG, port->dev->name);
}

/*
 * The VLAN settings a port would have with the request's VSWITCH_PORT_A_TAG
 * and _TRUNKS applied over @old, in *@vlan (NULL: every VLAN). Return: 0, or
 * -EINVAL for trunks outside 1-4094 or both a tag and trunks.
 */
static int vsw_nl_parse_vlan(struct genl_info *info, const struct vsw_vlan *old,
			     struct vsw_vlan **vlan)
{
	struct nlattr *tag_attr = info->attrs[VSWITCH_PORT_A_TAG];
	struct nlattr *trunks_attr = info->attrs[VSWITCH_PORT_A_TRUNKS];
	struct vsw_vlan *new;
	const u8 *bytes;
	unsigned int vid;

	*vlan = NULL;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	if (old) {
		new->tag = old->tag;
		bitmap_copy(new->trunks, old->trunks, VLAN_N_VID);
	}
	if (tag_attr)
		new->tag = nla_get_u16(tag_attr);
	if (trunks_attr) {
		bytes = nla_data(trunks_attr);
		if ((bytes[0] & 1) || (bytes[VSWITCH_VLAN_BITMAP_LEN - 1] & 0x80)) {
			NL_SET_ERR_MSG_ATTR(info->extack, trunks_attr,
					    "trunks may only name VLANs 1 to 4094");
			kfree(new);
			return -EINVAL;
		}
		bitmap_zero(new->trunks, VLAN_N_VID);
		for (vid = 1; vid < VLAN_N_VID - 1; vid++)
			if (bytes[vid / 8] & BIT(vid % 8))
				__set_bit(vid, new->trunks);
	}
	if (new->tag && !bitmap_empty(new->trunks, VLAN_N_VID)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tag_attr ?: trunks_attr,
				    "a port cannot have both a tag and trunks");
		kfree(new);
		return -EINVAL;
	}
	if (!new->tag && bitmap_empty(new->trunks, VLAN_N_VID))
		kfree(new);
	else
		*vlan = new;
	return 0;
}

/*
 * A tunnel end address: its family in *@family, or 0 with @extack set.
 * @what is "remote" or "local", for the messages.
 */
static u8 vsw_nl_parse_addr(const struct nlattr *attr, bool remote,
			    union vsw_tnl_addr *addr,
			    struct netlink_ext_ack *extack)
{
	memset(addr, 0, sizeof(*addr));
	if (nla_len(attr) == sizeof(addr->ip4)) {
		addr->ip4 = nla_get_in_addr(attr);
		if (ipv4_is_zeronet(addr->ip4) || ipv4_is_multicast(addr->ip4) ||
		    ipv4_is_lbcast(addr->ip4))
			goto not_unicast;
		return AF_INET;
	}
	if (nla_len(attr) == sizeof(addr->ip6)) {
		int type;

		addr->ip6 = nla_get_in6_addr(attr);
		type = ipv6_addr_type(&addr->ip6);
		if (type == IPV6_ADDR_ANY || (type & IPV6_ADDR_MULTICAST) ||
		    (type & IPV6_ADDR_MAPPED))
			goto not_unicast;
		if (type & IPV6_ADDR_LINKLOCAL) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "link-local IPv6 addresses cannot be tunnel ends");
			return 0;
		}
		/* Booted with ipv6.disable=1: no IPv6 routes to look up. */
		if (!ipv6_mod_enabled()) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "IPv6 is disabled on this host (ipv6.disable=1)");
			return 0;
		}
		return AF_INET6;
	}
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "a tunnel address is 4 bytes (IPv4) or 16 bytes (IPv6)");
	return 0;

not_unicast:
	if (remote)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "remote must be a unicast address");
	else
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "local must be a unicast address");
	return 0;
}

/* The first tunnel option present in the request, or NULL. */
static struct nlattr *vsw_nl_tnl_attr(struct genl_info *info)
{
	int type;

	for (type = VSWITCH_PORT_A_REMOTE; type <= VSWITCH_PORT_A_CSUM; type++)
		if (info->attrs[type])
			return info->attrs[type];
	return NULL;
}

/*
 * The tunnel a VSWITCH_CMD_PORT_NEW request of @type asks for, in @cfg.
 * Return: 0, or an error with @extack set.
 */
static int vsw_nl_parse_tnl(struct genl_info *info, u32 type,
			    struct vsw_tnl_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	bool vxlan = type == VSWITCH_PORT_TYPE_VXLAN;
	struct nlattr *attr;
	u8 family;

	memset(cfg, 0, sizeof(*cfg));
	cfg->type = type;
	if (!vxlan) {
		attr = attrs[VSWITCH_PORT_A_DSTPORT] ?: attrs[VSWITCH_PORT_A_DF];
		if (attr) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "dstport and df are VXLAN options");
			return -EINVAL;
		}
	}
	if (!attrs[VSWITCH_PORT_A_REMOTE]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSWITCH_PORT_A_REMOTE);
		NL_SET_ERR_MSG(extack, "a tunnel port needs a remote address");
		return -EINVAL;
	}
	cfg->family = vsw_nl_parse_addr(attrs[VSWITCH_PORT_A_REMOTE], true,
					&cfg->remote, extack);
	if (!cfg->family)
		return -EINVAL;
	attr = attrs[VSWITCH_PORT_A_LOCAL];
	if (attr) {
		family = vsw_nl_parse_addr(attr, false, &cfg->local, extack);
		if (!family)
			return -EINVAL;
		if (family != cfg->family) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "local and remote must be of the same address family");
			return -EINVAL;
		}
		if (!memcmp(&cfg->local, &cfg->remote, sizeof(cfg->local))) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "local and remote must differ");
			return -EINVAL;
		}
	}

	attr = attrs[VSWITCH_PORT_A_KEY];
	cfg->has_key = vxlan || attr;
	cfg->key = attr ? nla_get_u32(attr) : 0;
	if (vxlan && cfg->key > VSW_VNI_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a VXLAN key (VNI) is 24 bits: 0 to 16777215");
		return -ERANGE;
	}
	if (vxlan) {
		attr = attrs[VSWITCH_PORT_A_DSTPORT];
		cfg->dstport = attr ? nla_get_u16(attr) :
				      VSWITCH_VXLAN_DEFAULT_PORT;
		if (!cfg->dstport) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "dstport must be 1 to 65535");
			return -ERANGE;
		}
	}
	if (attrs[VSWITCH_PORT_A_TTL])
		cfg->ttl = nla_get_u8(attrs[VSWITCH_PORT_A_TTL]);
	if (attrs[VSWITCH_PORT_A_TOS])
		cfg->tos = nla_get_u8(attrs[VSWITCH_PORT_A_TOS]);
	if (attrs[VSWITCH_PORT_A_DF])
		cfg->df = nla_get_u8(attrs[VSWITCH_PORT_A_DF]);
	/* UDP over IPv6 needs its checksum unless both ends agree. */
	cfg->csum = vxlan && cfg->family == AF_INET6;
	if (attrs[VSWITCH_PORT_A_CSUM])
		cfg->csum = nla_get_u8(attrs[VSWITCH_PORT_A_CSUM]);
	return 0;
}

/*
 * The bridge VSWITCH_PORT_A_BRIDGE (or VSWITCH_FDB_A_BRIDGE, the same
 * number) names; required. Context: RTNL.
 */
struct vsw_bridge *vsw_nl_port_bridge(struct net *net, struct nlattr **attrs,
				      int type, struct netlink_ext_ack *extack)
{
	struct vsw_bridge *br;

	if (!attrs[type]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, type);
		NL_SET_ERR_MSG(extack, "bridge name is missing");
		return ERR_PTR(-EINVAL);
	}
	br = vsw_bridge_find_by_name(net, nla_data(attrs[type]));
	if (!br) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[type],
				    "no bridge with this name");
		return ERR_PTR(-ENODEV);
	}
	return br;
}

/*
 * The port VSWITCH_PORT_A_NAME names, on the bridge VSWITCH_PORT_A_BRIDGE
 * names if given. Context: RTNL.
 */
static struct vsw_port *vsw_nl_find_port(struct net *net,
					 struct genl_info *info)
{
	struct nlattr *name = info->attrs[VSWITCH_PORT_A_NAME];
	struct nlattr *bridge = info->attrs[VSWITCH_PORT_A_BRIDGE];
	struct vsw_bridge *br = NULL;
	struct vsw_port *port;

	if (bridge) {
		br = vsw_nl_port_bridge(net, info->attrs, VSWITCH_PORT_A_BRIDGE,
					info->extack);
		if (IS_ERR(br))
			return ERR_CAST(br);
	}
	if (!name) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VSWITCH_PORT_A_NAME);
		NL_SET_ERR_MSG(info->extack, "port name is missing");
		return ERR_PTR(-EINVAL);
	}
	port = vsw_port_find(net, nla_data(name));
	if (!port) {
		NL_SET_ERR_MSG_ATTR(info->extack, name, "no port with this name");
		return ERR_PTR(-ENODEV);
	}
	if (br && port->br != br) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "the port is on another bridge");
		return ERR_PTR(-ENODEV);
	}
	return port;
}

static int vsw_nl_port_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name_attr = info->attrs[VSWITCH_PORT_A_NAME];
	struct nlattr *isolated = info->attrs[VSWITCH_PORT_A_ISOLATED];
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct vsw_tnl_cfg tnl, *tnlp = NULL;
	struct vsw_vlan *vlan = NULL;
	const char *owner;
	bool pin;
	struct vsw_bridge *br;
	struct vsw_port *port;
	struct nlattr *attr;
	u32 type;
	int err;

	type = vsw_nl_get_u32(info, VSWITCH_PORT_A_TYPE) ?:
	       VSWITCH_PORT_TYPE_NETDEV;
	if (!name_attr) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSWITCH_PORT_A_NAME);
		NL_SET_ERR_MSG(extack, "port name is missing");
		return -EINVAL;
	}
	if (type == VSWITCH_PORT_TYPE_VXLAN || type == VSWITCH_PORT_TYPE_GRE) {
		err = vsw_nl_parse_tnl(info, type, &tnl);
		if (err)
			return err;
		tnlp = &tnl;
	} else {
		attr = vsw_nl_tnl_attr(info);
		if (attr) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "tunnel options need type vxlan or gre");
			return -EINVAL;
		}
	}
	if (type != VSWITCH_PORT_TYPE_NETDEV) {
		err = vsw_nl_check_name(name_attr, true, extack);
		if (err)
			return err;
	}
	err = vsw_nl_get_owner(info->attrs[VSWITCH_PORT_A_OWNER], &owner,
			       extack);
	if (err)
		return err;
	/* GRE over IPv6 takes a device userspace made: no module to load. */
	pin = tnlp && !(type == VSWITCH_PORT_TYPE_GRE && tnl.family == AF_INET6);
	if (pin) {
		err = vsw_tnl_module_get(type, extack);
		if (err) {
			kfree(owner);
			return err;
		}
	}

	rtnl_lock();
	br = vsw_nl_port_bridge(net, info->attrs, VSWITCH_PORT_A_BRIDGE, extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	if (type != VSWITCH_PORT_TYPE_NETDEV) {
		err = vsw_nl_check_name_free(net, name_attr, extack);
		if (err)
			goto out_unlock;
	}
	err = vsw_nl_parse_vlan(info, NULL, &vlan);
	if (err)
		goto out_unlock;
	port = vsw_port_add(br, name_attr, type,
			    info->attrs[VSWITCH_PORT_A_NUMBER], vlan, tnlp,
			    isolated && nla_get_u8(isolated), extack);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out_unlock;
	}
	/* Under RTNL since the add: no dump or notification saw it without. */
	port->owner = owner;
	owner = NULL;
	vsw_netlink_notify_port(port, VSWITCH_CMD_PORT_NEW);
out_unlock:
	rtnl_unlock();
	kfree(owner);
	if (pin)
		vsw_tnl_module_put(type);
	return err;
}

static int vsw_nl_port_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_port *port;
	int err = 0;

	rtnl_lock();
	port = vsw_nl_find_port(genl_info_net(info), info);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out_unlock;
	}
	if (port == port->br->local) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VSWITCH_PORT_A_NAME],
				    "the LOCAL port goes only with its bridge");
		err = -EOPNOTSUPP;
		goto out_unlock;
	}
	vsw_netlink_notify_port(port, VSWITCH_CMD_PORT_DEL);
	vsw_port_del(port, NULL);
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_port_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_port *port;
	struct sk_buff *msg;

	rtnl_lock();
	port = vsw_nl_find_port(genl_info_net(info), info);
	if (IS_ERR(port)) {
		rtnl_unlock();
		return PTR_ERR(port);
	}
	msg = vsw_nl_port_msg(port, VSWITCH_CMD_PORT_GET, info->snd_portid,
			      info->snd_seq);
	rtnl_unlock();
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: how many bridges earlier messages finished; cb->args[1]: how
 * many ports of the next one they carried.
 */
static int vsw_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr *bridge = vsw_dump_attrs(cb)[VSWITCH_PORT_A_BRIDGE];
	struct net *net = sock_net(skb->sk);
	long br_done = cb->args[0], port_done = cb->args[1];
	long br_idx = 0, port_idx = 0;
	struct vsw_bridge *br, *only = NULL;
	struct vsw_port *port;
	struct vsw_net *vn;
	int err = 0;

	rtnl_lock();
	if (bridge) {
		only = vsw_nl_port_bridge(net, vsw_dump_attrs(cb),
					  VSWITCH_PORT_A_BRIDGE, cb->extack);
		if (IS_ERR(only)) {
			err = PTR_ERR(only);
			goto out_unlock;
		}
	}
	vn = vsw_net(net);
	cb->seq = vn->generation;
	list_for_each_entry(br, &vn->bridges, list) {
		if (br_idx < br_done || (only && br != only)) {
			br_idx++;
			continue;
		}
		port_idx = 0;
		list_for_each_entry(port, &br->ports, list) {
			if (port_idx < port_done) {
				port_idx++;
				continue;
			}
			if (vsw_nl_fill_port(skb, port, VSWITCH_CMD_PORT_GET,
					     NETLINK_CB(cb->skb).portid,
					     cb->nlh->nlmsg_seq, NLM_F_MULTI,
					     cb))
				goto out_full;
			port_idx++;
		}
		port_done = 0;
		br_idx++;
	}
	port_idx = 0;
out_full:
	cb->args[0] = br_idx;
	cb->args[1] = port_idx;
	err = skb->len;
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_port_set(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_vlan *vlan;
	struct vsw_port *port;
	int err = 0;

	rtnl_lock();
	port = vsw_nl_find_port(genl_info_net(info), info);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out_unlock;
	}
	if (info->attrs[VSWITCH_PORT_A_TYPE] ||
	    info->attrs[VSWITCH_PORT_A_NUMBER]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[VSWITCH_PORT_A_TYPE] ?:
				    info->attrs[VSWITCH_PORT_A_NUMBER],
				    "a port's type and number are fixed when it is added");
		err = -EINVAL;
		goto out_unlock;
	}
	if (vsw_nl_tnl_attr(info)) {
		NL_SET_ERR_MSG_ATTR(info->extack, vsw_nl_tnl_attr(info),
				    "tunnel options are fixed when the port is added");
		err = -EINVAL;
		goto out_unlock;
	}
	if (info->attrs[VSWITCH_PORT_A_OWNER]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[VSWITCH_PORT_A_OWNER],
				    "a port's owner is fixed when it is added");
		err = -EINVAL;
		goto out_unlock;
	}
	if (info->attrs[VSWITCH_PORT_A_TAG] ||
	    info->attrs[VSWITCH_PORT_A_TRUNKS]) {
		err = vsw_nl_parse_vlan(info, rtnl_dereference(port->vlan),
					&vlan);
		if (err)
			goto out_unlock;
		vsw_port_set_vlan(port, vlan);
	}
	if (info->attrs[VSWITCH_PORT_A_ISOLATED])
		vsw_port_set_isolated(port,
				      nla_get_u8(info->attrs[VSWITCH_PORT_A_ISOLATED]));
	vsw_netlink_notify_port(port, VSWITCH_CMD_PORT_SET);
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_fill_fdb(struct sk_buff *skb, struct netlink_callback *cb,
			   u16 port, u16 vlan, const u8 *mac, unsigned int age)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &vsw_genl_family, NLM_F_MULTI, VSWITCH_CMD_FDB_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, VSWITCH_FDB_A_PORT, port) ||
	    nla_put_u16(skb, VSWITCH_FDB_A_VLAN, vlan) ||
	    nla_put(skb, VSWITCH_FDB_A_MAC, ETH_ALEN, mac) ||
	    nla_put_u32(skb, VSWITCH_FDB_A_AGE, age)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * The cursor of an FDB dump, in cb->ctx: the bridge it started on, and
 * where in its table the next message goes on (vsw_fdb_dump()).
 */
struct vsw_fdb_dump_ctx {
	u64 serial;
	struct vsw_fdb_cursor cur;
};

static_assert(sizeof(struct vsw_fdb_dump_ctx) <=
	      sizeof_field(struct netlink_callback, ctx));

/*
 * Another bridge of the same name is being dumped, or the name went:
 * what was sent belongs to a bridge that is gone. The dump ends, flagged
 * NLM_F_DUMP_INTR. Messages of the dump put cb->seq into cb->prev_seq.
 */
static int vsw_nl_dump_replaced(struct netlink_callback *cb)
{
	cb->seq = ~cb->prev_seq;
	return 0;
}

/* Under RCU alone: reading the table takes no lock. */
static int vsw_nl_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr *name = vsw_dump_attrs(cb)[VSWITCH_FDB_A_BRIDGE];
	struct vsw_fdb_dump_ctx *ctx = (void *)cb->ctx;
	struct vsw_bridge *br;
	int err = 0;

	if (!name) {
		NL_SET_ERR_ATTR_MISS(cb->extack, NULL, VSWITCH_FDB_A_BRIDGE);
		NL_SET_ERR_MSG(cb->extack, "bridge name is missing");
		return -EINVAL;
	}
	rcu_read_lock();
	br = vsw_bridge_find_rcu(sock_net(skb->sk), nla_data(name));
	if (!br && !cb->prev_seq) {
		NL_SET_ERR_MSG_ATTR(cb->extack, name, "no bridge with this name");
		err = -ENODEV;
		goto out_unlock;
	}
	/* Before the first message, any bridge of the name is as good. */
	if (!br || (cb->prev_seq && ctx->serial != br->serial)) {
		err = vsw_nl_dump_replaced(cb);
		goto out_unlock;
	}
	ctx->serial = br->serial;
	/*
	 * The entries have no generation: the bridge's identity counts, and
	 * the table's, which vsw_fdb_dump() checks.
	 */
	vsw_fdb_dump(br, skb, cb, &ctx->cur, vsw_nl_fill_fdb);
	err = skb->len;
out_unlock:
	rcu_read_unlock();
	return err;
}

static int vsw_nl_fdb_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_bridge *br;

	rtnl_lock();
	br = vsw_nl_port_bridge(genl_info_net(info), info->attrs,
				VSWITCH_FDB_A_BRIDGE, info->extack);
	if (IS_ERR(br)) {
		rtnl_unlock();
		return PTR_ERR(br);
	}
	vsw_fdb_flush(br, NULL);
	rtnl_unlock();
	return 0;
}

static struct vsw_bridge *vsw_nl_flow_bridge(struct genl_info *info)
{
	return vsw_nl_port_bridge(genl_info_net(info), info->attrs,
				  VSWITCH_FLOW_A_BRIDGE, info->extack);
}

static int vsw_nl_flow_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *batch = info->attrs[VSWITCH_FLOW_A_FLOWS];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[VSWITCH_FLOW_A_MAX + 1];
	struct vsw_flow_spec *specs = NULL;
	unsigned int n = 0, i;
	struct vsw_bridge *br;
	struct nlattr *nla;
	int err, rem;

	if (batch && (info->attrs[VSWITCH_FLOW_A_MATCH] ||
		      info->attrs[VSWITCH_FLOW_A_ACTIONS])) {
		NL_SET_ERR_MSG_ATTR(extack, batch,
				    "a request has one flow or a batch, not both");
		return -EINVAL;
	}
	rtnl_lock();
	br = vsw_nl_flow_bridge(info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	if (batch) {
		nla_for_each_nested(nla, batch, rem)
			n++;
	} else {
		n = 1;
	}
	err = -ENOMEM;
	specs = kvcalloc(n, sizeof(*specs), GFP_KERNEL);
	if (!specs)
		goto out_unlock;
	if (!batch) {
		err = vsw_nl_parse_flow(br, info->attrs, NULL, true, &specs[0],
					extack);
		if (err)
			goto out_free;
	} else {
		i = 0;
		nla_for_each_nested(nla, batch, rem) {
			err = nla_parse_nested(tb, VSWITCH_FLOW_A_MAX, nla,
					       vsw_flow_entry_policy, extack);
			if (!err)
				err = vsw_nl_parse_flow(br, tb, nla, true,
							&specs[i], extack);
			if (err)
				goto out_free;
			i++;
		}
	}
	err = vsw_flow_add(br, specs, n, extack);
	if (!err)
		n = 0;	/* the table has the actions now */
out_free:
	/* On failure, vsw_flow_add() cleared those it kept. */
	for (i = 0; i < n; i++)
		kfree(specs[i].acts);
	kvfree(specs);
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_flow_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_flow_spec filter;
	struct vsw_bridge *br;
	int err;

	rtnl_lock();
	br = vsw_nl_flow_bridge(info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	err = vsw_nl_parse_filter(br, info->attrs, &filter, info->extack);
	if (!err)
		vsw_flow_del(br, &filter);
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_flow_set(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_flow_spec filter, with;
	struct vsw_bridge *br;
	int err;

	rtnl_lock();
	br = vsw_nl_flow_bridge(info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	err = vsw_nl_parse_filter(br, info->attrs, &filter, info->extack);
	if (err)
		goto out_unlock;
	err = vsw_nl_parse_flow(br, info->attrs, NULL, true, &with,
				info->extack);
	if (err)
		goto out_unlock;
	err = vsw_flow_modify(br, &filter, with.acts, info->extack);
	kfree(with.acts);
	if (err > 0)
		err = 0;
out_unlock:
	rtnl_unlock();
	return err;
}

/**
 * struct vsw_flow_dump - the cursor of a flow dump, from .start to .done
 * @filter: the request's, parsed once
 * @serial: the bridge's: the name may come to stand for another
 * @last_id: the &vsw_flow.id of the last flow sent, 0 before the first
 * @last_key: its match, to find it again
 * @last_mask: its mask
 * @last_priority: its priority
 *
 * It names the last flow sent by what it is, never by a pointer: the
 * next message looks it up again, as ovs_flow_cmd_dump() looks up its
 * (bucket, object) again, and goes on from there, or, if it went, from
 * the first flow added after it.
 */
struct vsw_flow_dump {
	struct vsw_flow_spec filter;
	u64 serial;
	u64 last_id;
	struct vsw_key last_key;
	struct vsw_key last_mask;
	u16 last_priority;
};

struct vsw_flow_dump_ctx {
	struct vsw_flow_dump *dump;
};

static_assert(sizeof(struct vsw_flow_dump_ctx) <=
	      sizeof_field(struct netlink_callback, ctx));

static int vsw_nl_flow_dump_start(struct netlink_callback *cb)
{
	struct vsw_flow_dump_ctx *ctx = (void *)cb->ctx;
	struct nlattr **attrs = vsw_dump_attrs(cb);
	struct vsw_flow_dump *d;
	struct vsw_bridge *br;
	int err;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	rtnl_lock();
	br = vsw_nl_port_bridge(sock_net(cb->skb->sk), attrs,
				VSWITCH_FLOW_A_BRIDGE, cb->extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto err_unlock;
	}
	err = vsw_nl_parse_filter(br, attrs, &d->filter, cb->extack);
	if (err)
		goto err_unlock;
	d->serial = br->serial;
	rtnl_unlock();
	ctx->dump = d;
	return 0;

err_unlock:
	rtnl_unlock();
	kfree(d);
	return err;
}

static int vsw_nl_flow_dump_done(struct netlink_callback *cb)
{
	struct vsw_flow_dump_ctx *ctx = (void *)cb->ctx;

	kfree(ctx->dump);
	return 0;
}

/* The flow to go on from: the one after the last sent. Context: RTNL. */
static struct vsw_flow *vsw_nl_flow_resume(struct vsw_flow_table *t,
					   const struct vsw_flow_dump *d)
{
	struct vsw_flow *flow;

	ASSERT_RTNL();
	if (!d->last_id)
		return list_first_entry(&t->flows, struct vsw_flow, list);
	flow = vsw_flow_find_exact(t, &d->last_key, &d->last_mask,
				   d->last_priority);
	if (flow && flow->id == d->last_id)
		return list_next_entry(flow, list);
	/* It went, or was replaced: the list is in the order of the ids. */
	list_for_each_entry(flow, &t->flows, list)
		if (flow->id > d->last_id)
			break;
	return flow;
}

/*
 * A message of flows, from where the last one stopped. The table's
 * generation goes into cb->seq, so that a dump that raced with a change
 * is flagged NLM_F_DUMP_INTR.
 */
static int vsw_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vsw_flow_dump *d = ((struct vsw_flow_dump_ctx *)cb->ctx)->dump;
	struct vsw_flow_table *t;
	struct vsw_bridge *br;
	struct vsw_flow *flow;
	int err;

	rtnl_lock();
	br = vsw_nl_port_bridge(sock_net(skb->sk), vsw_dump_attrs(cb),
				VSWITCH_FLOW_A_BRIDGE, cb->extack);
	/* Before the first message, any bridge of the name is as good. */
	if (!cb->prev_seq && (IS_ERR(br) || br->serial != d->serial)) {
		err = PTR_ERR_OR_ZERO(br);
		if (err)
			goto out_unlock;
		d->serial = br->serial;
	}
	if (IS_ERR(br) || br->serial != d->serial) {
		err = vsw_nl_dump_replaced(cb);
		goto out_unlock;
	}
	t = &br->flows;
	cb->seq = lower_32_bits(t->generation) ?: 1;
	flow = vsw_nl_flow_resume(t, d);
	list_for_each_entry_from(flow, &t->flows, list) {
		if (!vsw_flow_filter(flow, &d->filter))
			continue;
		if (vsw_nl_fill_flow(skb, flow, VSWITCH_CMD_FLOW_GET,
				     NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI, cb))
			break;
		d->last_id = flow->id;
		d->last_key = flow->key;
		d->last_mask = flow->st->mask;
		d->last_priority = flow->priority;
	}
	err = skb->len;
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_flow_trace(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_flow_spec packet;
	struct vsw_flow *flow;
	struct vsw_bridge *br;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	br = vsw_nl_flow_bridge(info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto err_unlock;
	}
	err = vsw_nl_parse_match(info->attrs[VSWITCH_FLOW_A_MATCH], &packet.key,
				 &packet.mask, info->extack);
	if (err)
		goto err_unlock;
	flow = vsw_flow_classify(&br->flows, &packet.key);
	if (flow) {
		err = vsw_nl_fill_flow(msg, flow, VSWITCH_CMD_FLOW_TRACE,
				       info->snd_portid, info->snd_seq, 0, NULL);
	} else {
		err = -EMSGSIZE;
		hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
				  &vsw_genl_family, 0, VSWITCH_CMD_FLOW_TRACE);
		if (hdr && !nla_put_u8(msg, VSWITCH_FLOW_A_MISS, br->flows.miss)) {
			genlmsg_end(msg, hdr);
			err = 0;
		}
	}
	if (err)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return err;
}

/* The frame of a packet-out, as every entry point hands it to the switch. */
static struct sk_buff *vsw_nl_packet_out_skb(struct vsw_bridge *br,
					     struct nlattr *data,
					     struct netlink_ext_ack *extack)
{
	struct sk_buff *frame;
	__be16 proto;
	u16 tci;

	frame = netdev_alloc_skb_ip_align(br->dev, nla_len(data));
	if (!frame)
		return ERR_PTR(-ENOMEM);
	skb_put_data(frame, nla_data(data), nla_len(data));
	skb_reset_mac_header(frame);
	frame->protocol = eth_hdr(frame)->h_proto;
	/* An outer tag goes where every other entry point has it. */
	if (eth_type_vlan(frame->protocol)) {
		proto = frame->protocol;
		if (nla_len(data) < VLAN_ETH_HLEN || __skb_vlan_pop(frame, &tci)) {
			kfree_skb(frame);
			NL_SET_ERR_MSG_ATTR(extack, data, "the 802.1Q tag is cut short");
			return ERR_PTR(-EINVAL);
		}
		__vlan_hwaccel_put_tag(frame, proto, tci);
	}
	skb_set_network_header(frame, ETH_HLEN);
	return frame;
}

static int vsw_nl_packet_out(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[VSWITCH_FLOW_A_DATA];
	struct netlink_ext_ack *extack = info->extack;
	struct vsw_actions *acts = NULL;
	u32 in_no = VSWITCH_PORT_LOCAL;
	struct vsw_bridge *br;
	struct sk_buff *frame;
	struct vsw_port *in;
	int err;

	if (!data) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSWITCH_FLOW_A_DATA);
		NL_SET_ERR_MSG(extack, "the packet is missing");
		return -EINVAL;
	}
	if (nla_len(data) < ETH_HLEN) {
		NL_SET_ERR_MSG_ATTR(extack, data,
				    "the packet is shorter than an Ethernet header");
		return -EINVAL;
	}
	if (!info->attrs[VSWITCH_FLOW_A_ACTIONS]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSWITCH_FLOW_A_ACTIONS);
		NL_SET_ERR_MSG(extack, "actions are missing");
		return -EINVAL;
	}
	rtnl_lock();
	br = vsw_nl_flow_bridge(info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	if (info->attrs[VSWITCH_FLOW_A_IN_PORT])
		in_no = nla_get_u32(info->attrs[VSWITCH_FLOW_A_IN_PORT]);
	in = vsw_port_by_number(br, in_no);
	if (!in) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[VSWITCH_FLOW_A_IN_PORT],
				    "no port with this number on the bridge");
		err = -ENODEV;
		goto out_unlock;
	}
	acts = vsw_nl_parse_actions(br, info->attrs[VSWITCH_FLOW_A_ACTIONS],
				    extack);
	if (IS_ERR(acts)) {
		err = PTR_ERR(acts);
		acts = NULL;
		goto out_unlock;
	}
	frame = vsw_nl_packet_out_skb(br, data, extack);
	if (IS_ERR(frame)) {
		err = PTR_ERR(frame);
		goto out_unlock;
	}
	/* The tunnel ports need the metadata of its set_tunnel keys. */
	err = vsw_tnl_keys_get(br, acts, extack);
	if (err) {
		kfree_skb(frame);
		goto out_unlock;
	}
	rcu_read_lock();
	local_bh_disable();
	vsw_flow_execute(in, frame, acts, 0);
	local_bh_enable();
	rcu_read_unlock();
	vsw_tnl_keys_put(br, acts);
out_unlock:
	rtnl_unlock();
	kfree(acts);
	return err;
}

static const struct genl_ops vsw_genl_ops[] = {
	{
		.cmd		= VSWITCH_CMD_BRIDGE_NEW,
		.doit		= vsw_nl_bridge_new,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_bridge_policy,
		.maxattr	= VSWITCH_BRIDGE_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_BRIDGE_DEL,
		.doit		= vsw_nl_bridge_del,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_bridge_policy,
		.maxattr	= VSWITCH_BRIDGE_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_BRIDGE_GET,
		.doit		= vsw_nl_bridge_get,
		.dumpit		= vsw_nl_bridge_dump,
		.policy		= vsw_bridge_policy,
		.maxattr	= VSWITCH_BRIDGE_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_BRIDGE_SET,
		.doit		= vsw_nl_bridge_set,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_bridge_policy,
		.maxattr	= VSWITCH_BRIDGE_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_NEW,
		.doit		= vsw_nl_port_new,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_port_policy,
		.maxattr	= VSWITCH_PORT_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_DEL,
		.doit		= vsw_nl_port_del,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_port_policy,
		.maxattr	= VSWITCH_PORT_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_GET,
		.doit		= vsw_nl_port_get,
		.dumpit		= vsw_nl_port_dump,
		.policy		= vsw_port_policy,
		.maxattr	= VSWITCH_PORT_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_SET,
		.doit		= vsw_nl_port_set,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_port_policy,
		.maxattr	= VSWITCH_PORT_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FDB_GET,
		.dumpit		= vsw_nl_fdb_dump,
		.policy		= vsw_fdb_policy,
		.maxattr	= VSWITCH_FDB_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FDB_FLUSH,
		.doit		= vsw_nl_fdb_flush,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_fdb_policy,
		.maxattr	= VSWITCH_FDB_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FLOW_NEW,
		.doit		= vsw_nl_flow_new,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_flow_policy,
		.maxattr	= VSWITCH_FLOW_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FLOW_DEL,
		.doit		= vsw_nl_flow_del,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_flow_policy,
		.maxattr	= VSWITCH_FLOW_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FLOW_GET,
		.start		= vsw_nl_flow_dump_start,
		.dumpit		= vsw_nl_flow_dump,
		.done		= vsw_nl_flow_dump_done,
		.policy		= vsw_flow_policy,
		.maxattr	= VSWITCH_FLOW_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FLOW_SET,
		.doit		= vsw_nl_flow_set,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_flow_policy,
		.maxattr	= VSWITCH_FLOW_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FLOW_TRACE,
		.doit		= vsw_nl_flow_trace,
		.policy		= vsw_flow_policy,
		.maxattr	= VSWITCH_FLOW_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PACKET_OUT,
		.doit		= vsw_nl_packet_out,
		.flags		= GENL_UNS_ADMIN_PERM,
		.policy		= vsw_flow_policy,
		.maxattr	= VSWITCH_FLOW_A_MAX,
	},
};

struct genl_family vsw_genl_family __ro_after_init = {
	.name		= VSWITCH_GENL_NAME,
	.version	= VSWITCH_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= vsw_genl_ops,
	.n_ops		= ARRAY_SIZE(vsw_genl_ops),
	.mcgrps		= vsw_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vsw_mcgrps),
};

/*
 * A netlink socket closes. If it was the agent's, its bridges are no longer
 * connected to any controller: misses follow the fail mode again. Called in
 * process context with no lock held (the notifier chain's own aside), as
 * the socket's last reference goes; a user socket keeps its namespace,
 * and so the namespace's &struct vsw_net, until after this.
 */
static int vsw_netlink_release(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	const struct netlink_notify *n = ptr;
	struct vsw_net *vn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	vn = vsw_net(n->net);
	/* Set under RTNL by a request of this socket, which is over. */
	if (READ_ONCE(vn->agent_portid) != n->portid)
		return NOTIFY_DONE;
	rtnl_lock();
	if (vn->agent_portid == n->portid)
		vsw_nl_set_agent(vn, 0, NULL);
	rtnl_unlock();
	return NOTIFY_OK;
}

static struct notifier_block vsw_netlink_notifier = {
	.notifier_call = vsw_netlink_release,
};

int __init vsw_netlink_init(void)
{
	int err;

	err = netlink_register_notifier(&vsw_netlink_notifier);
	if (err)
		return err;
	err = genl_register_family(&vsw_genl_family);
	if (err) {
		netlink_unregister_notifier(&vsw_netlink_notifier);
		return err;
	}
	rtnl_lock();
	vsw_netlink_registered = true;
	rtnl_unlock();
	return 0;
}

void vsw_netlink_exit(void)
{
	rtnl_lock();
	vsw_netlink_registered = false;
	rtnl_unlock();
	genl_unregister_family(&vsw_genl_family);
	/* Waits for a notifier that runs: it takes no lock we hold. */
	netlink_unregister_notifier(&vsw_netlink_notifier);
}
