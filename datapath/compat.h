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
 * Restricting a multicast group to CAP_NET_ADMIN: a flag of genetlink
 * groups since 6.6, and in Debian's 6.1 from the stable updates.
 */
#ifdef VSW_HAVE_GENL_MCAST_CAP
#define VSW_MCGRP_FLAGS_ADMIN	GENL_MCAST_CAP_NET_ADMIN
#else
#define VSW_MCGRP_FLAGS_ADMIN	0
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

#endif /* _VSW_COMPAT_H */
