/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel version shims, force-included into every file of the module (see
 * Kbuild). The .c files use the newest kernel's interfaces; what an older
 * kernel lacks is provided here. Kbuild decides by probing the target
 * kernel's headers, not by version number, since distribution kernels
 * carry backports.
 */
#ifndef _VSW_COMPAT_H
#define _VSW_COMPAT_H

/*
 * Since 6.12, lockless transmit and "stays in its namespace" are bits of
 * struct net_device; before, they were the features NETIF_F_LLTX and
 * NETIF_F_NETNS_LOCAL. The second bit was renamed netns_immutable in 6.15,
 * and stable kernels (Debian's 6.12 among them) took the rename.
 *
 * This header comes before any other, so it includes none and uses macros.
 */
#ifdef VSW_HAVE_DEV_LLTX
#define vsw_dev_set_lltx(dev)		((dev)->lltx = true)
#else
#define vsw_dev_set_lltx(dev)		((dev)->features |= NETIF_F_LLTX)
#endif

#if defined(VSW_HAVE_DEV_NETNS_IMMUTABLE)
#define vsw_dev_set_netns_local(dev)	((dev)->netns_immutable = true)
#elif defined(VSW_HAVE_DEV_NETNS_LOCAL)
#define vsw_dev_set_netns_local(dev)	((dev)->netns_local = true)
#else
#define vsw_dev_set_netns_local(dev)	((dev)->features |= NETIF_F_NETNS_LOCAL)
#endif

/*
 * The attributes of a dump request: since 6.2 they sit in a struct
 * genl_info inside the dump's state.
 */
#ifdef VSW_HAVE_GENL_INFO_DUMP
#define vsw_dump_attrs(cb)	(genl_info_dump(cb)->attrs)
#else
#define vsw_dump_attrs(cb)	(genl_dumpit_info(cb)->attrs)
#endif

/*
 * Tunnel key flags: a __be16 of TUNNEL_* values before 6.10, a bitmap of
 * IP_TUNNEL_*_BIT since.
 */
#ifdef VSW_HAVE_IP_TUNNEL_FLAGS_BITMAP
#define vsw_tun_flag_set(info, name) \
	__set_bit(IP_TUNNEL_##name##_BIT, (info)->key.tun_flags)
#define vsw_tun_flag_test(info, name) \
	test_bit(IP_TUNNEL_##name##_BIT, (info)->key.tun_flags)
#else
#define vsw_tun_flag_set(info, name) \
	((info)->key.tun_flags |= TUNNEL_##name)
#define vsw_tun_flag_test(info, name) \
	(!!((info)->key.tun_flags & TUNNEL_##name))
#endif

/*
 * The drop reasons the switch gives kfree_skb_reason(), for dropwatch,
 * perf and retis: the core's name for the case where the kernel has one,
 * else "not specified" (the bridge's counters still say which).
 */
#ifdef VSW_HAVE_DROP_MAC_INVALID_SOURCE
#define VSW_DROP_REASON_INVALID_SOURCE	SKB_DROP_REASON_MAC_INVALID_SOURCE
#else
#define VSW_DROP_REASON_INVALID_SOURCE	SKB_DROP_REASON_NOT_SPECIFIED
#endif
#ifdef VSW_HAVE_DROP_NO_TX_TARGET
#define VSW_DROP_REASON_NO_TX_TARGET	SKB_DROP_REASON_NO_TX_TARGET
#else
#define VSW_DROP_REASON_NO_TX_TARGET	SKB_DROP_REASON_NOT_SPECIFIED
#endif
/* A tunnel packet that no port of ours takes. */
#ifdef VSW_HAVE_DROP_VXLAN_VNI_NOT_FOUND
#define VSW_DROP_REASON_NO_TUNNEL	SKB_DROP_REASON_VXLAN_VNI_NOT_FOUND
#else
#define VSW_DROP_REASON_NO_TUNNEL	SKB_DROP_REASON_NOT_SPECIFIED
#endif

/*
 * A namespace's exit under RTNL: one call per namespace since 6.17
 * (exit_rtnl), a batch of namespaces before (exit_batch_rtnl, 6.10 and the
 * stable kernels). Kbuild refuses a kernel with neither. The .c file
 * writes the per-namespace function and names it in both macros.
 */
#ifdef VSW_HAVE_PERNET_EXIT_RTNL
#define VSW_PERNET_EXIT_RTNL_BATCH(fn)	struct vsw_unused_##fn
#define VSW_PERNET_EXIT_RTNL(fn)	.exit_rtnl = fn
#else
#define VSW_PERNET_EXIT_RTNL_BATCH(fn)					\
	static void __net_exit fn##_batch(struct list_head *net_list,	\
					  struct list_head *kill)	\
	{								\
		struct net *net;					\
									\
		list_for_each_entry(net, net_list, exit_list)		\
			fn(net, kill);					\
	}								\
	struct vsw_unused_##fn
#define VSW_PERNET_EXIT_RTNL(fn)	.exit_batch_rtnl = fn##_batch
#endif

/*
 * The creators of collect-metadata vxlan and gretap devices, exported for
 * Open vSwitch's vport modules, went with those modules in 7.x. Without
 * them, tunnel endpoints take devices that userspace made, as GRE over
 * IPv6 always does (tunnel.c).
 */
#if defined(VSW_HAVE_VXLAN_CREATOR) && defined(VSW_HAVE_GRETAP_CREATOR)
#define VSW_TNL_CREATORS		1
#define vsw_vxlan_creator_get()		symbol_get(vxlan_dev_create)
#define vsw_vxlan_creator_put()		symbol_put(vxlan_dev_create)
#define vsw_gretap_creator_get()	symbol_get(gretap_fb_dev_create)
#define vsw_gretap_creator_put()	symbol_put(gretap_fb_dev_create)
#else
#define VSW_TNL_CREATORS		0
#define vsw_vxlan_creator_get()		NULL
#define vsw_vxlan_creator_put()		do { } while (0)
#define vsw_gretap_creator_get()	NULL
#define vsw_gretap_creator_put()	do { } while (0)
#endif

/* VNI filtering (5.18), which an adopted VXLAN device must not have. */
#ifndef VSW_HAVE_VXLAN_VNIFILTER
#define VXLAN_F_VNIFILTER		0
#endif

/*
 * Drop reasons came in 5.17. Before, a drop is a plain kfree_skb(), and
 * the enum is ours, with the values the switch uses.
 */
#ifndef VSW_HAVE_DROP_REASONS
enum skb_drop_reason {
	SKB_DROP_REASON_NOT_SPECIFIED = 2,
	SKB_DROP_REASON_NOMEM,
	SKB_DROP_REASON_PKT_TOO_BIG,
	SKB_DROP_REASON_HDR_TRUNC,
	SKB_DROP_REASON_DEV_READY,
	SKB_DROP_REASON_IP_OUTNOROUTES,
};

#define kfree_skb_reason(skb, reason)	((void)(reason), kfree_skb(skb))
#endif

/* 5.18's name for what was an assignment. */
#ifndef VSW_HAVE_SKB_CLEAR_TSTAMP
#define skb_clear_tstamp(skb)		((skb)->tstamp = 0)
#endif

/* Lockdep learnt to check softirq context in 5.17; before, nothing checks. */
#ifndef VSW_HAVE_LOCKDEP_ASSERT_IN_SOFTIRQ
#define lockdep_assert_in_softirq()	do { } while (0)
#endif

/*
 * Extended acks name a missing attribute since 5.19. Before, the message
 * alone says which (each caller sets one).
 */
#ifndef VSW_HAVE_NL_SET_ERR_ATTR_MISS
#define NL_SET_ERR_ATTR_MISS(extack, nest, type) \
	do { (void)(extack); (void)(nest); (void)(type); } while (0)
#endif

/*
 * Polling a grace period without blocking came in 5.12. Before, the poll
 * waits for the grace period to end: the flow table's growth, under RTNL,
 * then blocks for at most one grace period when it grows twice within one.
 */
#ifndef VSW_HAVE_POLL_RCU
#define start_poll_synchronize_rcu()	get_state_synchronize_rcu()
#define poll_state_synchronize_rcu(gp)	(cond_synchronize_rcu(gp), true)
#endif

/* Transmit counters: 5.11 added the helper the receive side had. */
#ifndef VSW_HAVE_DEV_SW_NETSTATS_TX_ADD
#define dev_sw_netstats_tx_add(dev, packets, len)			\
	do {								\
		struct pcpu_sw_netstats *_ts = this_cpu_ptr((dev)->tstats); \
									\
		u64_stats_update_begin(&_ts->syncp);			\
		_ts->tx_bytes += (len);					\
		_ts->tx_packets += (packets);				\
		u64_stats_update_end(&_ts->syncp);			\
	} while (0)
#endif

/* Drop counters of the core: atomics of struct net_device before 6.0. */
#ifndef VSW_HAVE_DEV_CORE_STATS
#define dev_core_stats_rx_dropped_inc(dev) atomic_long_inc(&(dev)->rx_dropped)
#define dev_core_stats_tx_dropped_inc(dev) atomic_long_inc(&(dev)->tx_dropped)
#endif

#endif /* _VSW_COMPAT_H */

/*
 * The second part: functions, which need the kernel's types. vswitch.h
 * includes this file again, after the kernel's headers, with
 * VSW_COMPAT_FUNCTIONS defined.
 */
#if defined(VSW_COMPAT_FUNCTIONS) && !defined(_VSW_COMPAT_FUNCTIONS_H)
#define _VSW_COMPAT_FUNCTIONS_H

/*
 * Restricting a multicast group to CAP_NET_ADMIN: a flag of genetlink
 * groups since 6.6, and in Debian's 6.1 from the stable updates. The
 * 5.10 stable kernels check GENL_UNS_ADMIN_PERM on a group's flags
 * instead, in genl_bind(), which no header shows: seen in Debian's
 * 5.10.262, and taken from 5.10.255 on (Kbuild decides by the headers'
 * release, the one check it makes so). Any other kernel without the flag
 * gets cap_sys_admin: CAP_SYS_ADMIN, stricter, but never open. Kbuild
 * refuses a kernel with neither. permissions.sh checks both sides.
 */
#if defined(VSW_HAVE_GENL_MCAST_CAP)
#define VSW_MCGRP_ADMIN		.flags = GENL_MCAST_CAP_NET_ADMIN
#elif defined(VSW_HAVE_GENL_MCAST_UNS_ADMIN)
#define VSW_MCGRP_ADMIN		.flags = GENL_UNS_ADMIN_PERM
#else
#define VSW_MCGRP_ADMIN		.cap_sys_admin = 1
#endif

/*
 * The per-CPU software counters (dev->tstats): allocated and freed by the
 * core for a device that sets pcpu_stat_type, since 6.6 and in Debian's
 * 6.1; before, by the driver, in ndo_init and in its destructor.
 */
static inline void vsw_dev_tstats_setup(struct net_device *dev)
{
#ifdef VSW_HAVE_PCPU_STAT_TYPE
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
#endif
}

static inline int vsw_dev_tstats_alloc(struct net_device *dev)
{
#ifndef VSW_HAVE_PCPU_STAT_TYPE
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
#endif
	return 0;
}

static inline void vsw_dev_tstats_free(struct net_device *dev)
{
#ifndef VSW_HAVE_PCPU_STAT_TYPE
	free_percpu(dev->tstats);
	dev->tstats = NULL;
#endif
}

/* ndo_get_stats64 from dev->tstats: the core's since 5.11. */
#ifndef VSW_HAVE_DEV_GET_TSTATS64
static inline void dev_get_tstats64(struct net_device *dev,
				    struct rtnl_link_stats64 *s)
{
	netdev_stats_to_stats64(s, &dev->stats);
	dev_fetch_sw_netstats(s, dev->tstats);
}
#endif

#endif /* _VSW_COMPAT_FUNCTIONS_H */
