// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: attaching devices to a bridge, creating internal ports, and
 * letting go of both.
 *
 * A netdev port takes every frame of its device with an rx_handler, puts
 * the device in promiscuous mode and links it below the bridge's internal
 * port, so that "ip link" shows "master BRIDGE" and no Linux bridge, bond
 * or Open vSwitch can take it too. Removing the port undoes each of these
 * steps, and nothing else about the device is changed, except that LRO,
 * which must not meet forwarding, is off while it is a port.
 *
 * A tunnel port has no device of its own: see tunnel.c.
 *
 * A port goes away when it is deleted, when its bridge is deleted, and
 * when its device is unregistered or moves to another namespace.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "vswitch.h"

static bool vsw_is_port_dev(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) == vsw_handle_frame;
}

/**
 * vsw_port_find() - the port whose device is named @name
 * @net: the namespace
 * @name: a device name
 *
 * Context: RTNL. Return: the port, or NULL.
 */
struct vsw_port *vsw_port_find(struct net *net, const char *name)
{
	struct net_device *dev;
	struct vsw_port *port;

	ASSERT_RTNL();
	dev = __dev_get_by_name(net, name);
	if (dev && vsw_is_port_dev(dev))
		return rtnl_dereference(dev->rx_handler_data);
	port = dev ? vsw_internal_port(dev) : NULL;
	return port ?: vsw_tnl_find(net, name);
}

static struct vsw_port *vsw_port_alloc(struct vsw_bridge *br, u8 type)
{
	struct vsw_port *port;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return NULL;
	port->stats = netdev_alloc_pcpu_stats(struct vsw_counters);
	if (!port->stats) {
		kfree(port);
		return NULL;
	}
	port->br = br;
	port->type = type;
	return port;
}

static void vsw_port_free_rcu(struct rcu_head *rcu)
{
	struct vsw_port *port = container_of(rcu, struct vsw_port, rcu);

	kfree(rcu_access_pointer(port->vlan));
	if (port->tnl)
		vsw_tnl_free(port->tnl);
	free_percpu(port->stats);
	kfree(port->owner);
	kfree(port);
}

/* The bridge's own port; joins the bridge's list in vsw_bridge_link(). */
struct vsw_port *vsw_port_alloc_local(struct vsw_bridge *br)
{
	struct vsw_port *port;

	port = vsw_port_alloc(br, VSWITCH_PORT_TYPE_INTERNAL);
	if (!port)
		return NULL;
	port->dev = br->dev;
	port->number = VSWITCH_PORT_LOCAL;
	return port;
}

void vsw_port_free_local(struct vsw_port *port)
{
	call_rcu(&port->rcu, vsw_port_free_rcu);
}

/* Why @dev cannot become a port, said in @extack; 0 if it can. */
static int vsw_port_check_dev(struct net_device *dev, const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a loopback device cannot be a port");
		return -EOPNOTSUPP;
	}
	if (vsw_is_internal_dev(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a bridge's internal port cannot be a port of a bridge");
		return -EOPNOTSUPP;
	}
	if (vsw_is_port_dev(dev) || vsw_is_internal_port_dev(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device is already a port of a vswitch bridge");
		return -EBUSY;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device is not an Ethernet device");
		return -EOPNOTSUPP;
	}
	if (netif_is_bridge_port(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device is already a port of a Linux bridge");
		return -EBUSY;
	}
	if (netif_is_bond_slave(dev) || netif_is_team_port(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device is already a member of a bond or team");
		return -EBUSY;
	}
	if (netif_is_ovs_port(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device is already a port of Open vSwitch");
		return -EBUSY;
	}
	if (netdev_master_upper_dev_get(dev) || netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device is already enslaved to another device");
		return -EBUSY;
	}
	return 0;
}

/*
 * Makes @dev a port's device. The rx_handler goes in last: from then on
 * frames are switched and learned on @port, so nothing after it may fail.
 */
static int vsw_port_attach(struct vsw_port *port, struct net_device *dev,
			   struct netlink_ext_ack *extack)
{
	struct vsw_bridge *br = port->br;
	int err;

	port->dev = dev;
	dev_hold(dev);
	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_put;
	err = netdev_master_upper_dev_link(dev, br->dev, NULL, NULL, extack);
	if (err)
		goto err_unpromisc;
	err = netdev_rx_handler_register(dev, vsw_handle_frame, port);
	if (err)
		goto err_unlink;
	if (dev->features & NETIF_F_LRO) {
		dev_disable_lro(dev);
		port->lro_disabled = true;
	}
	return 0;

err_unlink:
	netdev_upper_dev_unlink(dev, br->dev);
err_unpromisc:
	dev_set_promiscuity(dev, -1);
err_put:
	dev_put(dev);
	return err;
}

/* Undoes vsw_port_attach() but the rx_handler, which is gone already. */
static void vsw_port_detach(struct vsw_port *port)
{
	struct net_device *dev = port->dev;

	if (port->lro_disabled) {
		dev->wanted_features |= NETIF_F_LRO;
		netdev_update_features(dev);
	}
	netdev_upper_dev_unlink(dev, port->br->dev);
	dev_set_promiscuity(dev, -1);
	dev_put(dev);
}

/*
 * A free port number for a new port: the first free one from
 * &vsw_bridge.port_next on, wrapping, so that a number comes back only
 * after every other one has been given out.
 */
static int vsw_port_number_alloc(struct vsw_bridge *br)
{
	int id;

	id = ida_alloc_range(&br->port_ids, max_t(u16, br->port_next, 1),
			     VSWITCH_PORT_MAX, GFP_KERNEL);
	if (id == -ENOSPC)
		id = ida_alloc_range(&br->port_ids, 1, VSWITCH_PORT_MAX,
				     GFP_KERNEL);
	if (id >= 0)
		br->port_next = id < VSWITCH_PORT_MAX ? id + 1 : 1;
	return id;
}

/**
 * vsw_port_add() - add a port to a bridge
 * @br: the bridge
 * @name_attr: the name of the device to attach, or to create for an
 *	internal port, or of the tunnel port
 * @type: enum vswitch_port_type
 * @number_attr: the port number, or NULL for the next free one
 * @vlan: the VLAN settings, or NULL; the port owns them from here on
 * @tnl: a tunnel port's settings, checked; else NULL
 * @isolated: whether the port is isolated
 * @extack: where to say what went wrong, naming the attributes
 *
 * The caller has checked the attributes against the policy and @vlan for
 * conflicts, and has made sure neither a device nor a port has the name
 * unless @type is netdev. Context: RTNL.
 *
 * Return: the port, or an ERR_PTR(); @vlan is freed on error.
 */
struct vsw_port *vsw_port_add(struct vsw_bridge *br,
			      const struct nlattr *name_attr, u8 type,
			      const struct nlattr *number_attr,
			      struct vsw_vlan *vlan, const struct vsw_tnl_cfg *tnl,
			      bool isolated, struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(br->dev);
	const char *name = nla_data(name_attr);
	struct net_device *dev = NULL;
	u16 next = br->port_next;
	struct vsw_port *port;
	int id, err;

	ASSERT_RTNL();
	if (br->n_ports >= READ_ONCE(vsw_max_ports)) {
		NL_SET_ERR_MSG(extack,
			       "too many ports on this bridge (module parameter max_ports)");
		err = -ENOSPC;
		goto err_free_vlan;
	}
	if (type == VSWITCH_PORT_TYPE_NETDEV) {
		dev = __dev_get_by_name(net, name);
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, name_attr,
					    "no network device with this name in the bridge's namespace");
			err = -ENODEV;
			goto err_free_vlan;
		}
		err = vsw_port_check_dev(dev, name_attr, extack);
		if (err)
			goto err_free_vlan;
	}

	if (number_attr) {
		id = nla_get_u32(number_attr);
		id = ida_alloc_range(&br->port_ids, id, id, GFP_KERNEL);
	} else {
		id = vsw_port_number_alloc(br);
	}
	if (id < 0) {
		if (id == -ENOSPC && number_attr) {
			NL_SET_ERR_MSG_ATTR(extack, number_attr,
					    "the port number is already used on this bridge");
			err = -EEXIST;
		} else if (id == -ENOSPC) {
			NL_SET_ERR_MSG(extack, "the bridge has no free port number");
			err = -ENOSPC;
		} else {
			err = id;
		}
		goto err_free_vlan;
	}

	port = vsw_port_alloc(br, type);
	if (!port) {
		err = -ENOMEM;
		goto err_free_id;
	}
	port->number = id;
	port->isolated = isolated;
	RCU_INIT_POINTER(port->vlan, vlan);

	if (type == VSWITCH_PORT_TYPE_NETDEV) {
		err = vsw_port_attach(port, dev, extack);
		if (err)
			goto err_free_port;
	} else if (tnl) {
		err = vsw_tnl_port_add(port, name, tnl, extack);
		if (err)
			goto err_free_port;
	} else {
		dev = vsw_internal_port_dev_alloc(name, port);
		if (!dev) {
			err = -ENOMEM;
			goto err_free_port;
		}
		dev_net_set(dev, net);
		port->dev = dev;
		err = register_netdevice(dev);
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, name_attr,
					    "could not register the internal port");
			free_netdev(dev);
			goto err_free_port;
		}
	}

	list_add_tail_rcu(&port->list, &br->ports);
	br->n_ports++;
	vsw_net_changed(net);
	return port;

err_free_port:
	RCU_INIT_POINTER(port->vlan, NULL);
	free_percpu(port->stats);
	kfree(port);
err_free_id:
	ida_free(&br->port_ids, id);
	/* A failed add uses up no number. */
	br->port_next = next;
err_free_vlan:
	kfree(vlan);
	return ERR_PTR(err);
}

/*
 * The first half of removing a port: it leaves the list, is marked dead,
 * and its device stops feeding the switch. Frames that found it before may
 * still be in flight: see vsw_port_del().
 */
static void vsw_port_unlink(struct vsw_port *port)
{
	list_del_rcu(&port->list);
	port->br->n_ports--;
	WRITE_ONCE(port->dead, true);
	if (port->tnl)
		vsw_tnl_port_stop(port);
	else if (port->type == VSWITCH_PORT_TYPE_NETDEV)
		/* Waits for a grace period itself. */
		netdev_rx_handler_unregister(port->dev);
	else
		vsw_internal_port_detach(port->dev);
}

/*
 * The second half, a grace period after the first and after its FDB
 * entries were flushed: nothing can point to the port any more, but frames
 * that found it in the FDB before the flush may still use it, until a
 * grace period after this.
 */
static void vsw_port_release(struct vsw_port *port, struct list_head *kill)
{
	struct vsw_bridge *br = port->br;

	if (port->tnl)
		vsw_tnl_port_del(port, kill);
	else if (port->type == VSWITCH_PORT_TYPE_NETDEV)
		vsw_port_detach(port);
	else if (kill)
		unregister_netdevice_queue(port->dev, kill);
	else
		unregister_netdevice(port->dev);
	if (!br->dying)
		vsw_flow_del_port(br, port->number);
	ida_free(&br->port_ids, port->number);
	call_rcu(&port->rcu, vsw_port_free_rcu);
}

/**
 * vsw_port_del() - remove a port from its bridge
 * @port: a port other than LOCAL
 * @kill: where to queue an internal port's device for unregistering, or
 *	NULL to unregister it now
 *
 * The port leaves the list at once and stops taking frames in; it is
 * marked dead, so that nothing learns an address on it, and a grace
 * period later, when no frame that found it alive is left, its learned
 * addresses are flushed: nothing can point to it again. The flows that
 * name it go too, unless the whole bridge is going. It is freed a grace
 * period later. See DOC: Locking. Context: RTNL.
 */
void vsw_port_del(struct vsw_port *port, struct list_head *kill)
{
	struct vsw_bridge *br = port->br;

	ASSERT_RTNL();
	vsw_port_unlink(port);
	if (port->type != VSWITCH_PORT_TYPE_NETDEV)
		synchronize_net();
	vsw_fdb_flush(br, port);
	/* The port may be freed from here on. */
	vsw_port_release(port, kill);
	vsw_net_changed(dev_net(br->dev));
}

/**
 * vsw_ports_del_all() - remove every port of a dying bridge but LOCAL
 * @br: the bridge, &vsw_bridge.dying set
 * @kill: where internal ports' devices are queued for unregistering
 *
 * As vsw_port_del() for each, but with one walk of the FDB for all of
 * them, and one grace period for all but netdev ports, whose
 * netdev_rx_handler_unregister() waits for one each. Context: RTNL.
 */
void vsw_ports_del_all(struct vsw_bridge *br, struct list_head *kill)
{
	struct vsw_port *port, *next;
	LIST_HEAD(gone);

	ASSERT_RTNL();
	list_for_each_entry_safe(port, next, &br->ports, list) {
		if (port == br->local)
			continue;
		vsw_port_unlink(port);
		/* The list entry is still the RCU readers': another one. */
		list_add_tail(&port->gone, &gone);
	}
	if (list_empty(&gone))
		return;
	synchronize_net();
	vsw_fdb_flush(br, NULL);
	list_for_each_entry_safe(port, next, &gone, gone)
		vsw_port_release(port, kill);
	vsw_net_changed(dev_net(br->dev));
}

/**
 * vsw_port_set_vlan() - replace a port's VLAN settings
 * @port: the port
 * @vlan: the new settings, or NULL; the port owns them from here on
 *
 * Addresses learned on the port are forgotten, since they may belong to a
 * VLAN the port no longer carries: a grace period after the change, so
 * that no frame switched under the old settings learns one after the
 * flush. The datapath checks every output against the port's VLANs too.
 * Context: RTNL.
 */
void vsw_port_set_vlan(struct vsw_port *port, struct vsw_vlan *vlan)
{
	struct vsw_vlan *old = rtnl_dereference(port->vlan);

	ASSERT_RTNL();
	rcu_assign_pointer(port->vlan, vlan);
	synchronize_net();
	kfree(old);
	vsw_fdb_flush(port->br, port);
	vsw_net_changed(dev_net(port->br->dev));
}

/**
 * vsw_port_set_isolated() - make a port isolated, or not
 * @port: the port
 * @isolated: whether it may send to other isolated ports
 *
 * Context: RTNL.
 */
void vsw_port_set_isolated(struct vsw_port *port, bool isolated)
{
	ASSERT_RTNL();
	WRITE_ONCE(port->isolated, isolated);
	vsw_net_changed(dev_net(port->br->dev));
}

/*
 * A port's device is going away, or leaving the namespace: so is the port.
 * A bridge or a port renamed: dumps in progress are stale.
 */
static int vsw_port_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vsw_port *port;

	if (vsw_tnl_dev_event(dev, event))
		return NOTIFY_OK;
	if (event == NETDEV_CHANGENAME &&
	    (vsw_is_port_dev(dev) || vsw_internal_port(dev))) {
		vsw_net_changed(dev_net(dev));
		return NOTIFY_OK;
	}
	if (event != NETDEV_UNREGISTER || !vsw_is_port_dev(dev))
		return NOTIFY_DONE;
	port = rtnl_dereference(dev->rx_handler_data);
	vsw_netlink_notify_port(port, VSWITCH_CMD_PORT_DEL);
	vsw_port_del(port, NULL);
	return NOTIFY_OK;
}

static struct notifier_block vsw_port_notifier = {
	.notifier_call = vsw_port_netdev_event,
};

int vsw_port_init(void)
{
	return register_netdevice_notifier(&vsw_port_notifier);
}

void vsw_port_exit(void)
{
	unregister_netdevice_notifier(&vsw_port_notifier);
}
