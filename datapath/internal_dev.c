// SPDX-License-Identifier: GPL-2.0
/*
 * Internal ports: network devices of the switch's own. Each bridge has one,
 * named as the bridge, that stands for it in the host's stack (Open
 * vSwitch's LOCAL port); "vswctl add-port BR P type internal" makes more.
 * They can be brought up and given addresses like any Ethernet device.
 * Frames the host transmits on one enter the switch by its port, and frames
 * the switch sends to the port are received by the host.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>
#include <uapi/linux/vswitch.h>

#include "vswitch.h"

#define VSW_INTERNAL_FEATURES	(NETIF_F_SG | NETIF_F_HW_CSUM |		\
				 NETIF_F_HIGHDMA | NETIF_F_GSO_SOFTWARE |	\
				 NETIF_F_HW_VLAN_CTAG_TX |			\
				 NETIF_F_HW_VLAN_STAG_TX)

/* The private area of an internal port that is not a bridge's LOCAL. */
struct vsw_internal_port {
	struct vsw_port __rcu *port;
};

static const struct net_device_ops vsw_internal_netdev_ops;
static const struct net_device_ops vsw_internal_port_netdev_ops;

bool vsw_is_internal_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &vsw_internal_netdev_ops;
}

bool vsw_is_internal_port_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &vsw_internal_port_netdev_ops;
}

/**
 * vsw_internal_port() - the port of a bridge's or an internal port's device
 * @dev: any device
 *
 * Context: RCU or RTNL. Return: the port, or NULL if @dev is neither, or
 * if its port is being removed.
 */
struct vsw_port *vsw_internal_port(const struct net_device *dev)
{
	const struct vsw_internal_port *ip;

	if (vsw_is_internal_dev(dev))
		return ((struct vsw_bridge *)netdev_priv(dev))->local;
	if (!vsw_is_internal_port_dev(dev))
		return NULL;
	ip = netdev_priv(dev);
	return rcu_dereference_rtnl(ip->port);
}

/* The port is being removed: frames the host sends are dropped from now. */
void vsw_internal_port_detach(struct net_device *dev)
{
	struct vsw_internal_port *ip = netdev_priv(dev);

	RCU_INIT_POINTER(ip->port, NULL);
}

static int vsw_internal_dev_init(struct net_device *dev)
{
	int err;

	err = vsw_dev_tstats_alloc(dev);
	if (err)
		return err;
	err = vsw_bridge_link(netdev_priv(dev));
	if (err)
		vsw_dev_tstats_free(dev);
	return err;
}

static void vsw_internal_dev_uninit(struct net_device *dev)
{
	vsw_bridge_unlink(netdev_priv(dev));
}

/*
 * The core calls the destructor after the device's last reference is gone,
 * and when register_netdevice() fails after ndo_init.
 */
static void vsw_internal_dev_destructor(struct net_device *dev)
{
	vsw_dev_tstats_free(dev);
	vsw_bridge_free(netdev_priv(dev));
}

static int vsw_internal_port_dev_init(struct net_device *dev)
{
	return vsw_dev_tstats_alloc(dev);
}

static void vsw_internal_port_dev_destructor(struct net_device *dev)
{
	vsw_dev_tstats_free(dev);
}

/*
 * A frame the host sends enters the switch by the device's port. An
 * 802.1Q tag in the data (from a packet socket) is moved out of it first,
 * as the receive path does for netdev ports.
 */
static netdev_tx_t vsw_internal_dev_xmit(struct sk_buff *skb,
					 struct net_device *dev)
{
	struct vsw_port *port;

	dev_sw_netstats_tx_add(dev, 1, skb->len);
	port = vsw_internal_port(dev);
	if (unlikely(!port || !pskb_may_pull(skb, ETH_HLEN)))
		goto drop;
	skb_reset_mac_header(skb);
	if (!skb_vlan_tag_present(skb) && eth_type_vlan(eth_hdr(skb)->h_proto)) {
		skb->protocol = eth_hdr(skb)->h_proto;
		__skb_pull(skb, ETH_HLEN);
		skb = skb_vlan_untag(skb);
		if (!skb) {
			vsw_port_count(port, VSWITCH_PORT_STATS_RX_ERRORS, 0, 0);
			vsw_bridge_count(port->br,
					 VSWITCH_BRIDGE_STATS_DROP_MALFORMED);
			return NETDEV_TX_OK;
		}
		__skb_push(skb, ETH_HLEN);
	}
	vsw_input(port, skb);
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/**
 * vsw_internal_deliver() - hand a frame from the switch to the host
 * @port: a LOCAL or internal port
 * @skb: the frame, data at the Ethernet header; consumed
 *
 * Context: the datapath.
 */
void vsw_internal_deliver(struct vsw_port *port, struct sk_buff *skb)
{
	struct net_device *dev = port->dev;
	unsigned int len = skb->len;

	if (dev_forward_skb(dev, skb) == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(dev, len);
}

static const struct net_device_ops vsw_internal_netdev_ops = {
	.ndo_init		= vsw_internal_dev_init,
	.ndo_uninit		= vsw_internal_dev_uninit,
	.ndo_start_xmit		= vsw_internal_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static const struct net_device_ops vsw_internal_port_netdev_ops = {
	.ndo_init		= vsw_internal_port_dev_init,
	.ndo_start_xmit		= vsw_internal_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void vsw_internal_get_drvinfo(struct net_device *dev,
				     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->bus_info, "N/A", sizeof(info->bus_info));
}

static const struct ethtool_ops vsw_internal_ethtool_ops = {
	.get_drvinfo	= vsw_internal_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

/*
 * "ip link del BRIDGE" deletes the bridge, as "vswctl del-br" does, and
 * "ip link del PORT" of an internal port deletes the port, as
 * "vswctl del-port" does.
 */
static void vsw_internal_dellink(struct net_device *dev, struct list_head *head)
{
	struct vsw_bridge *br;
	struct vsw_port *port;

	if (vsw_is_internal_dev(dev)) {
		br = netdev_priv(dev);
		if (!br->dying)
			vsw_netlink_notify_bridge(br, VSWITCH_CMD_BRIDGE_DEL);
		vsw_bridge_destroy(br, head);
		return;
	}
	port = vsw_internal_port(dev);
	if (port) {
		vsw_netlink_notify_port(port, VSWITCH_CMD_PORT_DEL);
		vsw_port_del(port, head);
	} else {
		unregister_netdevice_queue(dev, head);
	}
}

/*
 * No .setup: bridges are made with "vswctl add-br", not "ip link add", and
 * rtnetlink refuses the latter with -EOPNOTSUPP. The ops make "ip -d link"
 * show the kind and let "ip link del" reach vsw_internal_dellink().
 */
static struct rtnl_link_ops vsw_internal_link_ops __read_mostly = {
	.kind		= KBUILD_MODNAME,
	.dellink	= vsw_internal_dellink,
};

static void vsw_internal_common_setup(struct net_device *dev)
{
	ether_setup(dev);

	dev->ethtool_ops = &vsw_internal_ethtool_ops;
	dev->rtnl_link_ops = &vsw_internal_link_ops;
	dev->needs_free_netdev = true;
	vsw_dev_tstats_setup(dev);

	/*
	 * The datapath runs with bottom halves off (lockdep_assert_in_softirq()),
	 * never with only interrupts off: netpoll (netconsole) may not send here.
	 */
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE |
			   IFF_DISABLE_NETPOLL;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	vsw_dev_set_lltx(dev);
	/* A port belongs to the namespace its bridge was created in. */
	vsw_dev_set_netns_local(dev);

	dev->features |= VSW_INTERNAL_FEATURES;
	dev->hw_features |= VSW_INTERNAL_FEATURES;
	dev->vlan_features = dev->features;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;

	eth_hw_addr_random(dev);
}

static void vsw_internal_dev_setup(struct net_device *dev)
{
	vsw_internal_common_setup(dev);
	dev->netdev_ops = &vsw_internal_netdev_ops;
	dev->priv_destructor = vsw_internal_dev_destructor;
}

static void vsw_internal_port_dev_setup(struct net_device *dev)
{
	vsw_internal_common_setup(dev);
	dev->netdev_ops = &vsw_internal_port_netdev_ops;
	dev->priv_destructor = vsw_internal_port_dev_destructor;
}

/**
 * vsw_internal_dev_alloc() - allocate a bridge's internal port
 * @name: the interface name
 *
 * The private area is a &struct vsw_bridge. Return: the device, or NULL.
 */
struct net_device *vsw_internal_dev_alloc(const char *name)
{
	return alloc_netdev(sizeof(struct vsw_bridge), name, NET_NAME_USER,
			    vsw_internal_dev_setup);
}

/**
 * vsw_internal_port_dev_alloc() - allocate the device of an internal port
 * @name: the interface name
 * @port: the port
 *
 * Return: the device, or NULL.
 */
struct net_device *vsw_internal_port_dev_alloc(const char *name,
					       struct vsw_port *port)
{
	struct vsw_internal_port *ip;
	struct net_device *dev;

	dev = alloc_netdev(sizeof(*ip), name, NET_NAME_USER,
			   vsw_internal_port_dev_setup);
	if (!dev)
		return NULL;
	ip = netdev_priv(dev);
	RCU_INIT_POINTER(ip->port, port);
	return dev;
}

int vsw_internal_dev_register(void)
{
	return rtnl_link_register(&vsw_internal_link_ops);
}

void vsw_internal_dev_unregister(void)
{
	rtnl_link_unregister(&vsw_internal_link_ops);
}
