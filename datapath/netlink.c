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
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/vswitch.h>

#include "vswitch.h"

enum vsw_mcgrp {
	VSW_MCGRP_CONFIG,
};

static const struct genl_multicast_group vsw_mcgrps[] = {
	[VSW_MCGRP_CONFIG] = { .name = VSWITCH_MCGRP_CONFIG },
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
};

static struct genl_family vsw_genl_family;

/* Whether notifications can be sent; RTNL. Cleared before unregistering. */
static bool vsw_netlink_registered;

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
	    nla_put(skb, VSWITCH_BRIDGE_A_ADDRESS, ETH_ALEN, dev->dev_addr)) {
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
	       nla_total_size(ETH_ALEN);		/* ADDRESS */
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
	struct sk_buff *skb;

	ASSERT_RTNL();
	if (!vsw_netlink_registered ||
	    !genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_CONFIG))
		return;
	skb = vsw_nl_bridge_msg(br, cmd, 0, 0);
	if (IS_ERR(skb)) {
		net_dbg_ratelimited("dropped a notification for %s: %ld\n",
				    br->dev->name, PTR_ERR(skb));
		return;
	}
	genlmsg_multicast_netns(&vsw_genl_family, net, skb, 0,
				VSW_MCGRP_CONFIG, GFP_KERNEL);
}

static int vsw_nl_check_name(const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);

	if (!*name) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "bridge name is empty");
		return -EINVAL;
	}
	/* '%' would make register_netdevice() pick a name of its own. */
	if (!dev_valid_name(name) || strchr(name, '%')) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "bridge name is not a valid interface name");
		return -EINVAL;
	}
	return 0;
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

static int vsw_nl_bridge_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name_attr = info->attrs[VSWITCH_BRIDGE_A_NAME];
	struct nlattr *dpid_attr = info->attrs[VSWITCH_BRIDGE_A_DPID];
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct vsw_bridge *br;
	const char *name;
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
	err = vsw_nl_check_name(name_attr, extack);
	if (err)
		return err;
	name = nla_data(name_attr);

	rtnl_lock();
	dev = __dev_get_by_name(net, name);
	if (dev) {
		if (vsw_is_internal_dev(dev))
			NL_SET_ERR_MSG_ATTR(extack, name_attr,
					    "a bridge with this name already exists");
		else
			NL_SET_ERR_MSG_ATTR(extack, name_attr,
					    "a network device with this name already exists");
		err = -EEXIST;
		goto out_unlock;
	}
	if (dpid_attr) {
		dpid = nla_get_u64(dpid_attr);
		err = vsw_bridge_check_dpid(net, dpid, NULL, dpid_attr, extack);
		if (err)
			goto out_unlock;
	}
	br = vsw_bridge_create(net, name, dpid, extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_NEW);
out_unlock:
	rtnl_unlock();
	return err;
}

static int vsw_nl_bridge_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_bridge *br;
	int err = 0;

	rtnl_lock();
	br = vsw_nl_find_bridge(genl_info_net(info), info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_DEL);
	unregister_netdevice(br->dev);
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
	struct nlattr *dpid_attr = info->attrs[VSWITCH_BRIDGE_A_DPID];
	struct vsw_bridge *br;
	int err = 0;

	rtnl_lock();
	br = vsw_nl_find_bridge(genl_info_net(info), info);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out_unlock;
	}
	if (dpid_attr) {
		err = vsw_bridge_set_dpid(br, nla_get_u64(dpid_attr), dpid_attr,
					  info->extack);
		if (err)
			goto out_unlock;
	}
	vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_SET);
out_unlock:
	rtnl_unlock();
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
};

static struct genl_family vsw_genl_family __ro_after_init = {
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

int __init vsw_netlink_init(void)
{
	int err;

	err = genl_register_family(&vsw_genl_family);
	if (err)
		return err;
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
}
