/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VSW_VSWITCH_H
#define _VSW_VSWITCH_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

/**
 * DOC: Locking
 *
 * All configuration runs under RTNL: generic netlink requests take it
 * themselves (the family sets parallel_ops, so there is no genl_mutex),
 * and "ip link del" of a bridge's internal port and namespace teardown
 * already hold it. RTNL protects:
 *
 *  - the list of bridges of a namespace (&vsw_net.bridges) and its
 *    generation number;
 *  - every field of &struct vsw_bridge.
 *
 * Functions that need RTNL say so with ASSERT_RTNL().
 */

/**
 * struct vsw_net - per network namespace state
 * @bridges: the bridges of this namespace, oldest first
 * @generation: bumped on every change to a bridge of this namespace, so that
 *	a dump split over several messages can tell it raced with a change;
 *	never zero
 */
struct vsw_net {
	struct list_head bridges;
	unsigned int generation;
};

/**
 * struct vsw_bridge - a bridge, the private area of its internal port
 * @dev: the internal port, a network device named as the bridge
 * @list: entry in &vsw_net.bridges, from ndo_init to ndo_uninit
 * @dpid: datapath ID, never zero, unique within the namespace
 */
struct vsw_bridge {
	struct net_device *dev;
	struct list_head list;
	u64 dpid;
};

extern unsigned int vsw_net_id;

static inline struct vsw_net *vsw_net(const struct net *net)
{
	return net_generic(net, vsw_net_id);
}

/* bridge.c */
struct vsw_bridge *vsw_bridge_find_by_name(struct net *net, const char *name);
struct vsw_bridge *vsw_bridge_find_by_ifindex(struct net *net, int ifindex);
struct vsw_bridge *vsw_bridge_find_by_dpid(struct net *net, u64 dpid);
struct vsw_bridge *vsw_bridge_create(struct net *net, const char *name,
				     u64 dpid, struct netlink_ext_ack *extack);
int vsw_bridge_check_dpid(struct net *net, u64 dpid,
			  const struct vsw_bridge *self,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack);
int vsw_bridge_set_dpid(struct vsw_bridge *br, u64 dpid,
			const struct nlattr *attr,
			struct netlink_ext_ack *extack);
void vsw_bridge_link(struct vsw_bridge *br);
void vsw_bridge_unlink(struct vsw_bridge *br);
void vsw_bridges_destroy_net(struct net *net, struct list_head *kill);

/* internal_dev.c */
struct net_device *vsw_internal_dev_alloc(const char *name);
bool vsw_is_internal_dev(const struct net_device *dev);
int vsw_internal_dev_register(void);
void vsw_internal_dev_unregister(void);

/* netlink.c */
int vsw_netlink_init(void);
void vsw_netlink_exit(void);
void vsw_netlink_notify_bridge(struct vsw_bridge *br, u8 cmd);

#endif /* _VSW_VSWITCH_H */
