// SPDX-License-Identifier: GPL-2.0
/*
 * The internal port: the network device that stands for a bridge in the
 * host's stack (Open vSwitch's LOCAL port). It can be brought up and given
 * addresses like any Ethernet device. Frames the host transmits on it enter
 * the switch.
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

static int vsw_internal_dev_init(struct net_device *dev)
{
	vsw_bridge_link(netdev_priv(dev));
	return 0;
}

static void vsw_internal_dev_uninit(struct net_device *dev)
{
	vsw_bridge_unlink(netdev_priv(dev));
}

/*
 * A bridge has no ports but its internal one yet, so a frame that enters
 * the switch here has nowhere to go: it is counted as sent and consumed.
 */
static netdev_tx_t vsw_internal_dev_xmit(struct sk_buff *skb,
					 struct net_device *dev)
{
	dev_sw_netstats_tx_add(dev, 1, skb->len);
	consume_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops vsw_internal_netdev_ops = {
	.ndo_init		= vsw_internal_dev_init,
	.ndo_uninit		= vsw_internal_dev_uninit,
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

/* "ip link del BRIDGE" deletes the bridge, as "vswctl del-br" does. */
static void vsw_internal_dellink(struct net_device *dev, struct list_head *head)
{
	vsw_netlink_notify_bridge(netdev_priv(dev), VSWITCH_CMD_BRIDGE_DEL);
	unregister_netdevice_queue(dev, head);
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

static void vsw_internal_dev_setup(struct net_device *dev)
{
	ether_setup(dev);

	dev->netdev_ops = &vsw_internal_netdev_ops;
	dev->ethtool_ops = &vsw_internal_ethtool_ops;
	dev->rtnl_link_ops = &vsw_internal_link_ops;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;

	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	vsw_dev_set_lltx(dev);
	/* A bridge belongs to the namespace it was created in. */
	vsw_dev_set_netns_local(dev);

	dev->features |= VSW_INTERNAL_FEATURES;
	dev->hw_features |= VSW_INTERNAL_FEATURES;
	dev->vlan_features = dev->features;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;

	eth_hw_addr_random(dev);
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

bool vsw_is_internal_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &vsw_internal_netdev_ops;
}

int vsw_internal_dev_register(void)
{
	return rtnl_link_register(&vsw_internal_link_ops);
}

void vsw_internal_dev_unregister(void)
{
	rtnl_link_unregister(&vsw_internal_link_ops);
}
