// SPDX-License-Identifier: GPL-2.0
/*
 * Bridges: creation, lookup, datapath IDs and teardown.
 *
 * A bridge is the private area of its internal port, so the two live and
 * die together: a bridge is destroyed by unregistering its internal port,
 * whoever asks for it (a netlink request, "ip link del", the namespace going
 * away, the module being unloaded). The port's ndo_init and ndo_uninit put
 * the bridge on and take it off its namespace's list, so every path leaves
 * the list consistent.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "vswitch.h"

/* How often to draw a new random MAC when the derived DPID is taken. */
#define VSW_DPID_DERIVE_TRIES	8

static void vsw_net_changed(struct vsw_net *vn)
{
	/* A dump cursor compares against zero: never hand it out. */
	if (!++vn->generation)
		vn->generation = 1;
}

static struct vsw_bridge *vsw_bridge_from_dev(struct net_device *dev)
{
	if (!dev || !vsw_is_internal_dev(dev))
		return NULL;
	return netdev_priv(dev);
}

struct vsw_bridge *vsw_bridge_find_by_name(struct net *net, const char *name)
{
	ASSERT_RTNL();
	return vsw_bridge_from_dev(__dev_get_by_name(net, name));
}

struct vsw_bridge *vsw_bridge_find_by_ifindex(struct net *net, int ifindex)
{
	ASSERT_RTNL();
	return vsw_bridge_from_dev(__dev_get_by_index(net, ifindex));
}

struct vsw_bridge *vsw_bridge_find_by_dpid(struct net *net, u64 dpid)
{
	struct vsw_bridge *br;

	ASSERT_RTNL();
	list_for_each_entry(br, &vsw_net(net)->bridges, list)
		if (br->dpid == dpid)
			return br;
	return NULL;
}

/* Open vSwitch's rule: 0x0000 followed by the 48 bits of the MAC. */
static u64 vsw_dpid_from_mac(const u8 *mac)
{
	return ether_addr_to_u64(mac);
}

/**
 * vsw_bridge_create() - create a bridge and register its internal port
 * @net: the namespace the bridge belongs to
 * @name: a valid interface name that is free in @net
 * @dpid: the datapath ID, or 0 to derive it from the internal port's MAC
 * @extack: where to say what went wrong
 *
 * The caller has checked that @name is valid and free and that a non-zero
 * @dpid is free. Context: RTNL.
 *
 * Return: the bridge, or an ERR_PTR().
 */
struct vsw_bridge *vsw_bridge_create(struct net *net, const char *name,
				     u64 dpid, struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct vsw_bridge *br;
	int tries, err;

	ASSERT_RTNL();

	dev = vsw_internal_dev_alloc(name);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev_net_set(dev, net);
	br = netdev_priv(dev);
	br->dev = dev;

	for (tries = 0; !dpid; tries++) {
		if (tries == VSW_DPID_DERIVE_TRIES) {
			NL_SET_ERR_MSG(extack,
				       "no free DPID could be derived from a random MAC address");
			err = -EEXIST;
			goto err_free;
		}
		if (tries)
			eth_hw_addr_random(dev);
		dpid = vsw_dpid_from_mac(dev->dev_addr);
		if (vsw_bridge_find_by_dpid(net, dpid))
			dpid = 0;
	}
	br->dpid = dpid;

	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG(extack, "could not register the bridge's internal port");
		goto err_free;
	}
	return br;

err_free:
	free_netdev(dev);
	return ERR_PTR(err);
}

/**
 * vsw_bridge_check_dpid() - check that a bridge may take a datapath ID
 * @net: the bridge's namespace
 * @dpid: the ID
 * @self: the bridge that would take it, or NULL for a new one
 * @attr: the attribute @dpid came from, named in errors
 * @extack: where to say what went wrong
 *
 * Context: RTNL.
 * Return: 0, -EINVAL for zero, or -EEXIST if another bridge has @dpid.
 */
int vsw_bridge_check_dpid(struct net *net, u64 dpid,
			  const struct vsw_bridge *self,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	struct vsw_bridge *other;

	if (!dpid) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "DPID must not be zero");
		return -EINVAL;
	}
	other = vsw_bridge_find_by_dpid(net, dpid);
	if (other && other != self) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "DPID is already used by another bridge");
		return -EEXIST;
	}
	return 0;
}

/**
 * vsw_bridge_set_dpid() - change a bridge's datapath ID
 * @br: the bridge
 * @dpid: the new ID
 * @attr: the attribute @dpid came from, named in errors
 * @extack: where to say what went wrong
 *
 * Context: RTNL.
 * Return: 0, or the error of vsw_bridge_check_dpid().
 */
int vsw_bridge_set_dpid(struct vsw_bridge *br, u64 dpid,
			const struct nlattr *attr,
			struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(br->dev);
	int err;

	err = vsw_bridge_check_dpid(net, dpid, br, attr, extack);
	if (err || br->dpid == dpid)
		return err;
	br->dpid = dpid;
	vsw_net_changed(vsw_net(net));
	return 0;
}

/* Called from the internal port's ndo_init: the bridge becomes visible. */
void vsw_bridge_link(struct vsw_bridge *br)
{
	struct vsw_net *vn = vsw_net(dev_net(br->dev));

	ASSERT_RTNL();
	list_add_tail(&br->list, &vn->bridges);
	vsw_net_changed(vn);
}

/* Called from the internal port's ndo_uninit: the bridge goes away. */
void vsw_bridge_unlink(struct vsw_bridge *br)
{
	struct vsw_net *vn = vsw_net(dev_net(br->dev));

	ASSERT_RTNL();
	list_del(&br->list);
	vsw_net_changed(vn);
}

/**
 * vsw_bridges_destroy_net() - queue every bridge of a namespace for deletion
 * @net: the namespace
 * @kill: the list that unregister_netdevice_many() will take
 *
 * Unregistering is only queued here, so the walk stays safe: the bridges
 * leave the list later, in ndo_uninit. Context: RTNL.
 */
void vsw_bridges_destroy_net(struct net *net, struct list_head *kill)
{
	struct vsw_bridge *br;

	ASSERT_RTNL();
	list_for_each_entry(br, &vsw_net(net)->bridges, list)
		unregister_netdevice_queue(br->dev, kill);
}
