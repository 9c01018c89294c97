// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel ports: VXLAN and Ethernet over GRE, each port one remote end.
 *
 * The kernel already knows how to put frames in UDP and GRE and take them
 * out again, with GSO, GRO, checksum offload and route caching. So, as
 * Open vSwitch does, a namespace's tunnel ports share one collect-metadata
 * device per type and UDP port (a "receive endpoint", &struct vsw_tnl_ep):
 * "vsw-vxlan-4789", "vsw-gre". Sending, a port hangs its tunnel key (the
 * remote, local, VNI or key, TTL, TOS and flags) on the frame as a
 * metadata dst and queues it to that device. Receiving, the device hands
 * every frame with the key it came with to vsw_tnl_rcv(), which finds the
 * port whose remote, key and local match, or drops and counts it. A
 * frame is never delivered to a port it does not match: that is what keeps
 * tenants apart.
 *
 * The endpoint devices come from the vxlan and ip_gre modules, which are
 * loaded, and pinned, only while a tunnel port needs them, so that
 * "insmod vswitch.ko" works without them.
 *
 * The path MTU is checked here, before the device: a frame too big for the
 * path, which the inner sender asked not to be fragmented, is answered
 * with ICMP "fragmentation needed" or ICMPv6 "packet too big", switched
 * back to the sender as if it had come out of the tunnel, with the
 * tunnel's key and addresses. Only a frame sent to this one port is
 * answered: each copy of a flooded frame would be, once per tunnel, and
 * teach the forwarding table that its destination is behind each of them
 * in turn.
 *
 * Nothing is allocated per frame: the metadata dsts a port sends with are
 * made when it is added, one per variant of the outer header it takes
 * from the inner packet (tos inherit, df inherit), and one set more per
 * set_tunnel key that a flow of the bridge uses, made when the flow is
 * added (vsw_tnl_keys_get()).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/hashtable.h>
#include <linux/if_ether.h>
#include <linux/jhash.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/dst_cache.h>
#include <net/dst_metadata.h>
#include <net/gre.h>
#include <net/ip6_tunnel.h>
#include <net/ipv6.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include <net/vxlan.h>

#include "vswitch.h"

#define VSW_TNL_HASH_BITS	8

/* Below the largest MTU ip6gretap takes: 65535 less its headers. */
#define VSW_GRE6_MTU		65000

/**
 * struct vsw_tnl_ep - the receive device shared by tunnel ports
 * @list: entry in &vsw_net.tunnel_eps
 * @dev: the collect-metadata vxlan or gretap device
 * @type: VSWITCH_PORT_TYPE_VXLAN or _GRE
 * @dstport: VXLAN's UDP port, host order
 * @gre6: the GRE over IPv6 endpoint, an ip6gretap device
 * @ports: its tunnels, &struct vsw_tnl.ep_list (RTNL)
 * @hash: its tunnels by remote and key (RCU)
 * @dev_gone: @dev is being unregistered by someone else, and
 *	vsw_tnl_dev_event() takes the tunnels away
 */
struct vsw_tnl_ep {
	struct list_head list;
	struct net_device *dev;
	u8 type;
	u16 dstport;
	bool gre6;
	struct list_head ports;
	DECLARE_HASHTABLE(hash, VSW_TNL_HASH_BITS);
	bool dev_gone;
};

/*
 * The metadata dsts a tunnel port sends with, for one key: one per variant
 * of the outer header it takes from the inner packet, the inner DSCP
 * (tos inherit: 64 of them) times its DF bit (df inherit: 2); see
 * vsw_tnl_variant(). Only those of the port's own key with DSCP 0 (or its
 * fixed tos) have a per-CPU route cache, which the vxlan and ip_gre
 * transmit paths use: the others look their route up for each frame, so
 * that keys times ports times variants cost no per-CPU memory.
 */
struct vsw_tnl_mds {
	struct rcu_head rcu;
	unsigned int n;
	struct metadata_dst *md[];
};

/**
 * struct vsw_tnl - a tunnel port's other end
 * @cfg: as requested
 * @name: the port's name
 * @port: the port
 * @ep: the receive endpoint
 * @ep_list: entry in &vsw_tnl_ep.ports
 * @hnode: entry in &vsw_tnl_ep.hash
 * @rnode: entry in &vsw_net.tnl_remotes
 * @own: what every frame sent is given, with the port's own key
 * @keyed: the same for each set_tunnel key of the bridge's flows, by key
 *	(RCU; none for a VXLAN key over 24 bits, which is never sent)
 * @n_mds: how many metadata dsts @own and @keyed hold, charged to the
 *	bridge's &vsw_bridge.n_tnl_mds from vsw_tnl_port_add() to
 *	vsw_tnl_port_del() (RTNL)
 * @route: the route to @cfg.remote, for the path MTU
 * @overhead: bytes the encapsulation adds in front of the inner IP header,
 *	outer IP header and inner Ethernet header included
 */
struct vsw_tnl {
	struct vsw_tnl_cfg cfg;
	char name[IFNAMSIZ];
	struct vsw_port *port;
	struct vsw_tnl_ep *ep;
	struct list_head ep_list;
	struct hlist_node hnode;
	struct hlist_node rnode;
	struct vsw_tnl_mds *own;
	struct xarray keyed;
	unsigned int n_mds;
	struct dst_cache route;
	unsigned int overhead;
};

const char *vsw_tnl_name(const struct vsw_tnl *tnl)
{
	return tnl->name;
}

const struct vsw_tnl_cfg *vsw_tnl_cfg(const struct vsw_tnl *tnl)
{
	return &tnl->cfg;
}

static u32 vsw_tnl_hash(u8 family, const union vsw_tnl_addr *remote, u32 key)
{
	if (family == AF_INET)
		return jhash_2words((__force u32)remote->ip4, key, 0);
	return jhash2((const u32 *)&remote->ip6, 4, key);
}

static u32 vsw_tnl_remote_hash(u8 family, const union vsw_tnl_addr *remote)
{
	return vsw_tnl_hash(family, remote, 0);
}

static bool vsw_tnl_addr_eq(u8 family, const union vsw_tnl_addr *a,
			    const union vsw_tnl_addr *b)
{
	if (family == AF_INET)
		return a->ip4 == b->ip4;
	return ipv6_addr_equal(&a->ip6, &b->ip6);
}

static bool vsw_tnl_addr_any(u8 family, const union vsw_tnl_addr *a)
{
	if (family == AF_INET)
		return !a->ip4;
	return ipv6_addr_any(&a->ip6);
}

/*
 * The tunnel of @ep that a packet from @remote to @local with @key belongs
 * to: the one with exactly that local address, else one with any.
 */
static struct vsw_tnl *vsw_tnl_lookup(struct vsw_tnl_ep *ep, u8 family,
				      const union vsw_tnl_addr *remote,
				      const union vsw_tnl_addr *local,
				      bool has_key, u32 key)
{
	struct vsw_tnl *tnl, *any = NULL;

	hash_for_each_possible_rcu(ep->hash, tnl, hnode,
				   vsw_tnl_hash(family, remote, key)) {
		const struct vsw_tnl_cfg *cfg = &tnl->cfg;

		if (cfg->family != family || cfg->key != key ||
		    cfg->has_key != has_key ||
		    !vsw_tnl_addr_eq(family, &cfg->remote, remote))
			continue;
		if (vsw_tnl_addr_eq(family, &cfg->local, local))
			return tnl;
		if (vsw_tnl_addr_any(family, &cfg->local))
			any = tnl;
	}
	return any;
}

/*
 * The rx_handler of an endpoint device: the frame has been taken out of
 * its tunnel, and skb_tunnel_info() says where it came from.
 */
static rx_handler_result_t vsw_tnl_rcv(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ip_tunnel_info *info;
	union vsw_tnl_addr remote = {}, local = {};
	struct vsw_tun_md md = {};
	struct vsw_tnl_ep *ep;
	struct vsw_tnl *tnl;
	bool has_key;
	u8 family;
	u32 key;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	ep = rcu_dereference(skb->dev->rx_handler_data);
	info = skb_tunnel_info(skb);
	if (unlikely(!info))
		goto drop;
	family = ip_tunnel_info_af(info);
	if (family == AF_INET) {
		remote.ip4 = info->key.u.ipv4.src;
		local.ip4 = info->key.u.ipv4.dst;
	} else {
		remote.ip6 = info->key.u.ipv6.src;
		local.ip6 = info->key.u.ipv6.dst;
	}
	has_key = ep->type == VSWITCH_PORT_TYPE_VXLAN ||
		  vsw_tun_flag_test(info, KEY);
	key = has_key ? be32_to_cpu(tunnel_id_to_key32(info->key.tun_id)) : 0;
	tnl = vsw_tnl_lookup(ep, family, &remote, &local, has_key, key);
	if (unlikely(!tnl))
		goto drop;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		vsw_port_count(tnl->port, VSWITCH_PORT_STATS_RX_DROPPED, 0, 0);
		vsw_bridge_count(tnl->port->br, VSWITCH_BRIDGE_STATS_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	/* Flows match on the outer header: keep what they can see of it. */
	md.id = info->key.tun_id;
	if (family == AF_INET) {
		md.src = remote.ip4;
		md.dst = local.ip4;
	}
	/* The key it came with is of no use to the port it leaves by. */
	skb_dst_drop(skb);
	skb_push_rcsum(skb, ETH_HLEN);
	vsw_input_tun(tnl->port, skb, &md);
	return RX_HANDLER_CONSUMED;

drop:
	/* No port of ours: another tenant's key, or a stranger. */
	dev_core_stats_rx_dropped_inc(skb->dev);
	kfree_skb_reason(skb, VSW_DROP_REASON_NO_TUNNEL);
	return RX_HANDLER_CONSUMED;
}

/*
 * The route to @tnl's remote end, held, or NULL; for IPv4, the source
 * address it takes in *@saddr.
 */
static struct dst_entry *vsw_tnl_route(struct vsw_tnl *tnl, struct net *net,
				       __be32 *saddr)
{
	const struct vsw_tnl_cfg *cfg = &tnl->cfg;
	u8 proto = cfg->type == VSWITCH_PORT_TYPE_GRE ? IPPROTO_GRE :
							 IPPROTO_UDP;
	struct dst_entry *dst;

	if (cfg->family == AF_INET) {
		struct flowi4 fl4 = {
			.daddr = cfg->remote.ip4,
			.saddr = cfg->local.ip4,
			.flowi4_proto = proto,
		};
		struct rtable *rt;

		rt = dst_cache_get_ip4(&tnl->route, saddr);
		if (rt)
			return &rt->dst;
		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return NULL;
		dst_cache_set_ip4(&tnl->route, &rt->dst, fl4.saddr);
		*saddr = fl4.saddr;
		return &rt->dst;
	}
	{
		struct flowi6 fl6 = {
			.daddr = cfg->remote.ip6,
			.saddr = cfg->local.ip6,
			.flowi6_proto = proto,
		};
		struct in6_addr src;

		*saddr = 0;
		dst = dst_cache_get_ip6(&tnl->route, &src);
		if (dst)
			return dst;
		/* PORT_NEW refuses IPv6 then; this is the last word. */
		if (!ipv6_mod_enabled())
			return NULL;
		dst = ip6_dst_lookup_flow(net, NULL, &fl6, NULL);
		if (IS_ERR(dst))
			return NULL;
		dst_cache_set_ip6(&tnl->route, dst, &fl6.saddr);
		return dst;
	}
}

/* Whether @skb's packets fit in @mtu bytes from the network header on. */
static bool vsw_tnl_fits(const struct sk_buff *skb, unsigned int mtu)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu);
	return skb->len - skb_network_offset(skb) <= mtu;
}

/* Whether the inner packet is IPv4 with Don't Fragment set. */
static bool vsw_tnl_inner_df(struct sk_buff *skb)
{
	return skb->protocol == htons(ETH_P_IP) &&
	       pskb_network_may_pull(skb, sizeof(struct iphdr)) &&
	       (ip_hdr(skb)->frag_off & htons(IP_DF));
}

/* The inner IPv4 or IPv6 packet's DSCP, or 0. */
static unsigned int vsw_tnl_inner_dscp(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr)))
		return ip_hdr(skb)->tos >> 2;
	if (skb->protocol == htons(ETH_P_IPV6) &&
	    pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
		return ipv6_get_dsfield(ipv6_hdr(skb)) >> 2;
	return 0;
}

/* How many variants of its metadata a tunnel of @cfg needs. */
static unsigned int vsw_tnl_variants(const struct vsw_tnl_cfg *cfg)
{
	return (cfg->tos == VSWITCH_TOS_INHERIT ? 64 : 1) *
	       (cfg->df == VSWITCH_DF_INHERIT ? 2 : 1);
}

/* The variant @skb is sent with: DSCP, then DF, as vsw_tnl_variants(). */
static unsigned int vsw_tnl_variant(const struct vsw_tnl_cfg *cfg,
				    struct sk_buff *skb)
{
	unsigned int i = 0;

	if (cfg->tos == VSWITCH_TOS_INHERIT)
		i = vsw_tnl_inner_dscp(skb);
	if (cfg->df == VSWITCH_DF_INHERIT)
		i = 2 * i + vsw_tnl_inner_df(skb);
	return i;
}

/*
 * Whether @skb is one of the packets a tunnel of @net sends: IPv4 or IPv6,
 * to the tunnel's remote end, GRE for a GRE tunnel, UDP to its port for
 * VXLAN. Such an underlay packet must not go into a tunnel whose route
 * leads through one of the switch's own ports, or it comes back for ever.
 * Other traffic to the same address (a guest's) is not one. A fragment
 * after the first has no L4 header to tell by, and passes.
 */
static bool vsw_tnl_own_packet(struct net *net, struct sk_buff *skb)
{
	struct vsw_net *vn = vsw_net(net);
	union vsw_tnl_addr daddr = {};
	unsigned int l4;
	__be16 ports[2], *p;
	struct vsw_tnl *tnl;
	u8 family, proto;

	switch (eth_hdr(skb)->h_proto) {
	case htons(ETH_P_IP): {
		struct iphdr _iph;
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, ETH_HLEN, sizeof(_iph), &_iph);
		if (!iph || iph->ihl < 5 || (iph->frag_off & htons(IP_OFFSET)))
			return false;
		family = AF_INET;
		daddr.ip4 = iph->daddr;
		proto = iph->protocol;
		l4 = ETH_HLEN + iph->ihl * 4;
		break;
	}
	case htons(ETH_P_IPV6): {
		struct ipv6hdr _ip6h;
		const struct ipv6hdr *ip6h;

		/* The tunnels' own have no extension header. */
		ip6h = skb_header_pointer(skb, ETH_HLEN, sizeof(_ip6h), &_ip6h);
		if (!ip6h)
			return false;
		family = AF_INET6;
		daddr.ip6 = ip6h->daddr;
		proto = ip6h->nexthdr;
		l4 = ETH_HLEN + sizeof(*ip6h);
		break;
	}
	default:
		return false;
	}
	if (proto != IPPROTO_GRE && proto != IPPROTO_UDP)
		return false;
	p = skb_header_pointer(skb, l4, sizeof(ports), ports);
	hash_for_each_possible_rcu(vn->tnl_remotes, tnl, rnode,
				   vsw_tnl_remote_hash(family, &daddr)) {
		const struct vsw_tnl_cfg *cfg = &tnl->cfg;

		if (cfg->family != family ||
		    !vsw_tnl_addr_eq(family, &cfg->remote, &daddr))
			continue;
		if (cfg->type == VSWITCH_PORT_TYPE_GRE && proto == IPPROTO_GRE)
			return true;
		if (cfg->type == VSWITCH_PORT_TYPE_VXLAN &&
		    proto == IPPROTO_UDP && p && ntohs(p[1]) == cfg->dstport)
			return true;
	}
	return false;
}

/* The outer header the answer to a frame too big for @tnl came with. */
static void vsw_tnl_reply_md(const struct vsw_tnl *tnl, const u32 *tun_key,
			     __be32 saddr, struct vsw_tun_md *md)
{
	const struct vsw_tnl_cfg *cfg = &tnl->cfg;
	u32 key = tun_key ? *tun_key : cfg->key;

	memset(md, 0, sizeof(*md));
	if (tun_key || cfg->has_key)
		md->id = key32_to_tunnel_id(cpu_to_be32(key));
	if (cfg->family == AF_INET) {
		md->src = cfg->remote.ip4;
		md->dst = saddr;
	}
}

/**
 * vsw_tnl_xmit() - send a frame into a tunnel
 * @port: a tunnel port, up
 * @skb: the frame, its 802.1Q tag (if it leaves tagged) in skb->vlan_tci,
 *	skb->dev the endpoint device
 * @tun_key: a key to send with instead of the port's (set_tunnel), or NULL
 * @flood: one of the copies of a flooded frame: not answered if too big
 *
 * Consumes @skb. Context: RCU, bottom halves off.
 */
void vsw_tnl_xmit(struct vsw_port *port, struct sk_buff *skb,
		  const u32 *tun_key, bool flood)
{
	enum vswitch_port_stats counter = VSWITCH_PORT_STATS_TX_ERRORS;
	enum skb_drop_reason reason = SKB_DROP_REASON_NOT_SPECIFIED;
	struct vsw_tnl *tnl = port->tnl;
	struct net *net = dev_net(skb->dev);
	const struct vsw_tnl_mds *mds;
	struct metadata_dst *md;
	struct vsw_tun_md reply;
	unsigned int headroom;
	struct dst_entry *dst;
	__be32 saddr;
	int err;

	skb_dst_drop(skb);
	/* None: a VXLAN key over 24 bits, or the flow that set it just went. */
	mds = tun_key ? xa_load(&tnl->keyed, *tun_key) : tnl->own;
	if (unlikely(!mds))
		goto drop;
	dst = vsw_tnl_route(tnl, net, &saddr);
	if (unlikely(!dst)) {
		reason = SKB_DROP_REASON_IP_OUTNOROUTES;
		goto drop;
	}
	if (unlikely(vsw_internal_port(dst->dev)) &&
	    unlikely(vsw_tnl_own_packet(net, skb))) {
		net_warn_ratelimited("%s: %s would carry a tunnel's own packet through a route over %s: a forwarding loop, dropped\n",
				     port->br->dev->name, tnl->name,
				     dst->dev->name);
		dst_release(dst);
		counter = VSWITCH_PORT_STATS_TX_DROPPED;
		vsw_bridge_count(port->br, VSWITCH_BRIDGE_STATS_DROP_LOOP);
		goto drop;
	}
	headroom = tnl->overhead + (skb_vlan_tag_present(skb) ? VLAN_HLEN : 0);
	if (unlikely(dst_mtu(dst) <= headroom ||
		     !vsw_tnl_fits(skb, dst_mtu(dst) - headroom))) {
		/*
		 * Turns @skb into the ICMP error if the sender wants one. The
		 * host's own frames too: it sent them through a port of ours,
		 * so its route cannot see the tunnel's MTU.
		 */
		err = 0;
		if (!flood)
			err = skb_tunnel_check_pmtu(skb, dst, headroom, true);
		if (err || tnl->cfg.df == VSWITCH_DF_SET ||
		    (tnl->cfg.df == VSWITCH_DF_INHERIT && vsw_tnl_inner_df(skb))) {
			dst_release(dst);
			counter = VSWITCH_PORT_STATS_TX_DROPPED;
			vsw_bridge_count(port->br, VSWITCH_BRIDGE_STATS_DROP_TOO_BIG);
			if (err <= 0) {
				reason = SKB_DROP_REASON_PKT_TOO_BIG;
				goto drop;
			}
			/* Dropped all the same, but answered. */
			vsw_port_count(port, counter, 0, 0);
			vsw_tnl_reply_md(tnl, tun_key, saddr, &reply);
			vsw_input_tun(port, skb, &reply);
			return;
		}
		/* Else the outer packet is fragmented. */
	}
	dst_release(dst);

	md = mds->md[vsw_tnl_variant(&tnl->cfg, skb)];
	dst_hold(&md->dst);
	skb_dst_set(skb, &md->dst);
	vsw_xmit(port, skb);
	return;

drop:
	vsw_port_count(port, counter, 0, 0);
	kfree_skb_reason(skb, reason);
}

/*
 * One metadata dst for @cfg, sending with @key if @keyed (set_tunnel, else
 * the port's own), with outer TOS @tos and, if @df, Don't Fragment; with a
 * route cache if @cache.
 */
static struct metadata_dst *vsw_tnl_md_new(const struct vsw_tnl_cfg *cfg,
					   bool keyed, u32 key, u8 tos, bool df,
					   bool cache)
{
	struct ip_tunnel_info *info;
	struct metadata_dst *md;

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_KERNEL_ACCOUNT);
	if (!md)
		return NULL;
	info = &md->u.tun_info;
	/* dst_cache_get_ip4() and the rest take a cache never initialised. */
	if (cache && dst_cache_init(&info->dst_cache, GFP_KERNEL_ACCOUNT)) {
		dst_release(&md->dst);
		return NULL;
	}
	info->mode = IP_TUNNEL_INFO_TX;
	if (cfg->family == AF_INET) {
		info->key.u.ipv4.src = cfg->local.ip4;
		info->key.u.ipv4.dst = cfg->remote.ip4;
	} else {
		info->mode |= IP_TUNNEL_INFO_IPV6;
		info->key.u.ipv6.src = cfg->local.ip6;
		info->key.u.ipv6.dst = cfg->remote.ip6;
	}
	if (keyed || cfg->has_key) {
		info->key.tun_id = key32_to_tunnel_id(cpu_to_be32(keyed ? key :
								   cfg->key));
		vsw_tun_flag_set(info, KEY);
	}
	if (cfg->csum)
		vsw_tun_flag_set(info, CSUM);
	if (cfg->df == VSWITCH_DF_SET || df)
		vsw_tun_flag_set(info, DONT_FRAGMENT);
	info->key.tos = tos;
	info->key.ttl = cfg->ttl;
	info->key.tp_dst = htons(cfg->dstport);
	return md;
}

static void vsw_tnl_mds_free(struct vsw_tnl_mds *mds)
{
	unsigned int i;

	for (i = 0; i < mds->n; i++)
		dst_release(&mds->md[i]->dst);
	kfree(mds);
}

/* Once no frame can be looking it up: one may still take a reference. */
static void vsw_tnl_mds_free_rcu(struct rcu_head *head)
{
	vsw_tnl_mds_free(container_of(head, struct vsw_tnl_mds, rcu));
}

/* Every variant of @cfg's metadata, as vsw_tnl_variant() numbers them. */
static struct vsw_tnl_mds *vsw_tnl_mds_new(const struct vsw_tnl_cfg *cfg,
					   bool keyed, u32 key)
{
	unsigned int n = vsw_tnl_variants(cfg), i;
	bool tos_inherit = cfg->tos == VSWITCH_TOS_INHERIT;
	bool df_inherit = cfg->df == VSWITCH_DF_INHERIT;
	struct vsw_tnl_mds *mds;

	mds = kzalloc(struct_size(mds, md, n), GFP_KERNEL_ACCOUNT);
	if (!mds)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned int dscp = df_inherit ? i / 2 : i;
		u8 tos = tos_inherit ? dscp << 2 : cfg->tos;

		cond_resched();
		mds->md[i] = vsw_tnl_md_new(cfg, keyed, key, tos,
					    df_inherit && i % 2,
					    !keyed && (!tos_inherit || !dscp));
		if (!mds->md[i]) {
			vsw_tnl_mds_free(mds);
			return NULL;
		}
		mds->n++;
	}
	return mds;
}

/* How many metadata dsts @cfg keeps for set_tunnel @key. */
static unsigned int vsw_tnl_key_mds(const struct vsw_tnl_cfg *cfg, u32 key)
{
	/* VXLAN would send key & 0xffffff: another tenant's VNI. */
	if (cfg->type == VSWITCH_PORT_TYPE_VXLAN && key > VSW_VNI_MAX)
		return 0;
	return vsw_tnl_variants(cfg);
}

/*
 * Makes @tnl ready to send with set_tunnel @key; the caller charges the
 * bridge. Context: RTNL.
 */
static int vsw_tnl_key_add(struct vsw_tnl *tnl, u32 key)
{
	struct vsw_tnl_mds *mds;
	int err;

	if (!vsw_tnl_key_mds(&tnl->cfg, key))
		return 0;
	mds = vsw_tnl_mds_new(&tnl->cfg, true, key);
	if (!mds)
		return -ENOMEM;
	err = xa_insert_bh(&tnl->keyed, key, mds, GFP_KERNEL_ACCOUNT);
	if (err) {
		vsw_tnl_mds_free(mds);
		return err;
	}
	tnl->n_mds += mds->n;
	return 0;
}

/* Return: how many metadata dsts were let go of. */
static unsigned int vsw_tnl_key_del(struct vsw_tnl *tnl, u32 key)
{
	struct vsw_tnl_mds *mds = xa_erase_bh(&tnl->keyed, key);
	unsigned int n;

	if (!mds)
		return 0;
	n = mds->n;
	tnl->n_mds -= n;
	call_rcu(&mds->rcu, vsw_tnl_mds_free_rcu);
	return n;
}

/*
 * One more user of set_tunnel @key on @br. Context: RTNL.
 * Return: 0, -ENOSPC over VSW_TUN_KEYS_MAX keys or VSW_TNL_MDS_MAX
 * metadata dsts, or -ENOMEM.
 */
static int vsw_tnl_key_get(struct vsw_bridge *br, u32 key,
			   struct netlink_ext_ack *extack)
{
	void *count = xa_load(&br->tun_keys, key);
	struct vsw_port *port;
	unsigned int need = 0;
	int err = 0;

	if (count)
		return xa_err(xa_store(&br->tun_keys, key,
				       xa_mk_value(xa_to_value(count) + 1),
				       GFP_KERNEL_ACCOUNT));
	if (br->n_tun_keys >= VSW_TUN_KEYS_MAX) {
		NL_SET_ERR_MSG(extack,
			       "set_tunnel: too many different keys on this bridge (4096)");
		return -ENOSPC;
	}
	list_for_each_entry(port, &br->ports, list)
		if (port->tnl)
			need += vsw_tnl_key_mds(&port->tnl->cfg, key);
	if (need > VSW_TNL_MDS_MAX - br->n_tnl_mds) {
		NL_SET_ERR_MSG(extack,
			       "set_tunnel: a new key times this bridge's tunnel ports and their tos/df inherit variants exceeds 65536 metadata dsts");
		return -ENOSPC;
	}
	list_for_each_entry(port, &br->ports, list) {
		cond_resched();
		if (port->tnl)
			err = vsw_tnl_key_add(port->tnl, key);
		if (err)
			goto undo;
	}
	err = xa_err(xa_store(&br->tun_keys, key, xa_mk_value(1),
			      GFP_KERNEL_ACCOUNT));
	if (!err) {
		br->n_tun_keys++;
		br->n_tnl_mds += need;
		return 0;
	}
undo:
	/* No port had the key before. */
	list_for_each_entry(port, &br->ports, list)
		if (port->tnl)
			vsw_tnl_key_del(port->tnl, key);
	return err;
}

static void vsw_tnl_key_put(struct vsw_bridge *br, u32 key)
{
	void *count = xa_load(&br->tun_keys, key);
	struct vsw_port *port;

	if (WARN_ON_ONCE(!count))
		return;
	if (xa_to_value(count) > 1) {
		/* An entry that is there is replaced without allocating. */
		xa_store(&br->tun_keys, key,
			 xa_mk_value(xa_to_value(count) - 1), GFP_KERNEL);
		return;
	}
	xa_erase(&br->tun_keys, key);
	br->n_tun_keys--;
	list_for_each_entry(port, &br->ports, list)
		if (port->tnl)
			br->n_tnl_mds -= vsw_tnl_key_del(port->tnl, key);
}

/**
 * vsw_tnl_keys_get() - make a bridge's tunnel ports ready for actions
 * @br: the bridge
 * @acts: actions about to be used, or NULL
 * @extack: for the reason of a failure
 *
 * Every set_tunnel key of @acts is counted, and every tunnel port of @br
 * gets the metadata to send with it, as will every tunnel port added
 * later; charged to the caller's memory cgroup. vsw_tnl_keys_put() undoes
 * it. Context: RTNL.
 *
 * Return: 0, -ENOSPC over VSW_TUN_KEYS_MAX different keys or
 * VSW_TNL_MDS_MAX metadata dsts, or -ENOMEM, with nothing changed.
 */
int vsw_tnl_keys_get(struct vsw_bridge *br, const struct vsw_actions *acts,
		     struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	ASSERT_RTNL();
	for (i = 0; acts && i < acts->n; i++) {
		if (acts->a[i].type != VSWITCH_ACTION_A_SET_TUNNEL)
			continue;
		err = vsw_tnl_key_get(br, acts->a[i].key, extack);
		if (err)
			goto undo;
	}
	return 0;

undo:
	while (i--)
		if (acts->a[i].type == VSWITCH_ACTION_A_SET_TUNNEL)
			vsw_tnl_key_put(br, acts->a[i].key);
	return err;
}

/**
 * vsw_tnl_keys_put() - undo vsw_tnl_keys_get()
 * @br: the bridge
 * @acts: the same actions, or NULL
 *
 * Context: RTNL.
 */
void vsw_tnl_keys_put(struct vsw_bridge *br, const struct vsw_actions *acts)
{
	unsigned int i;

	ASSERT_RTNL();
	for (i = 0; acts && i < acts->n; i++)
		if (acts->a[i].type == VSWITCH_ACTION_A_SET_TUNNEL)
			vsw_tnl_key_put(br, acts->a[i].key);
}

static unsigned int vsw_tnl_overhead(const struct vsw_tnl_cfg *cfg)
{
	unsigned int len = ETH_HLEN;

	len += cfg->family == AF_INET ? sizeof(struct iphdr) :
					 sizeof(struct ipv6hdr);
	if (cfg->type == VSWITCH_PORT_TYPE_VXLAN)
		return len + VXLAN_HLEN;
	len += 4;			/* flags and protocol */
	if (cfg->has_key)
		len += 4;
	if (cfg->csum)
		len += 4;
	return len;
}

/*
 * The device creators of the vxlan and ip_gre modules. Taking them with
 * symbol_get() loads nothing at insmod time and pins the module for as long
 * as an endpoint uses it.
 */
typedef struct net_device *(*vsw_vxlan_create_t)(struct net *net,
						  const char *name,
						  u8 name_assign_type,
						  struct vxlan_config *conf);
typedef struct net_device *(*vsw_gretap_create_t)(struct net *net,
						   const char *name,
						   u8 name_assign_type);

static void *vsw_tnl_get_creator(u8 type)
{
	if (type == VSWITCH_PORT_TYPE_VXLAN)
		return vsw_vxlan_creator_get();
	return vsw_gretap_creator_get();
}

static void vsw_tnl_put_creator(u8 type)
{
	if (type == VSWITCH_PORT_TYPE_VXLAN)
		vsw_vxlan_creator_put();
	else
		vsw_gretap_creator_put();
}

/**
 * vsw_tnl_module_get() - load and pin the module a tunnel type needs
 * @type: VSWITCH_PORT_TYPE_VXLAN or _GRE
 * @extack: for the error
 *
 * The module's init takes RTNL, so this must run without it; the caller
 * drops the pin with vsw_tnl_module_put() once it has its tunnel port,
 * which pins the module on its own.
 *
 * Context: process, without RTNL. Return: 0 or -EPROTONOSUPPORT.
 */
int vsw_tnl_module_get(u8 type, struct netlink_ext_ack *extack)
{
	/* Without the creators, userspace makes the device, and rtnetlink
	 * loads its module.
	 */
	if (!VSW_TNL_CREATORS)
		return 0;
	if (vsw_tnl_get_creator(type))
		return 0;
	request_module(type == VSWITCH_PORT_TYPE_VXLAN ? "vxlan" : "ip_gre");
	if (vsw_tnl_get_creator(type))
		return 0;
	NL_SET_ERR_MSG(extack,
		       "the kernel module for this tunnel type (vxlan or ip_gre) could not be loaded");
	return -EPROTONOSUPPORT;
}

void vsw_tnl_module_put(u8 type)
{
	vsw_tnl_put_creator(type);
}

/* The endpoint device's name: vsw-vxlan-PORT, vsw-gre or vsw-gre6. */
static void vsw_tnl_ep_name(const struct vsw_tnl_ep *ep, char name[IFNAMSIZ])
{
	if (ep->type == VSWITCH_PORT_TYPE_VXLAN)
		snprintf(name, IFNAMSIZ, "vsw-vxlan-%u", ep->dstport);
	else
		strscpy(name, ep->gre6 ? "vsw-gre6" : "vsw-gre", IFNAMSIZ);
}

static struct net_device *vsw_tnl_ep_new_dev(struct net *net,
					     struct vsw_tnl_ep *ep,
					     void *create,
					     struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	char name[IFNAMSIZ];

	vsw_tnl_ep_name(ep, name);
	if (__dev_get_by_name(net, name)) {
		NL_SET_ERR_MSG(extack,
			       "a network device already has the name of the tunnel endpoint (vsw-gre or vsw-vxlan-PORT)");
		return ERR_PTR(-EEXIST);
	}

	if (ep->type == VSWITCH_PORT_TYPE_VXLAN) {
		struct vxlan_config conf = {
			.flags = VXLAN_F_COLLECT_METADATA |
				 VXLAN_F_UDP_ZERO_CSUM6_RX,
			.no_share = true,
			.mtu = IP_MAX_MTU,
			.dst_port = htons(ep->dstport),
		};

		dev = ((vsw_vxlan_create_t)create)(net, name, NET_NAME_USER,
						   &conf);
		if (PTR_ERR(dev) == -EEXIST) {
			NL_SET_ERR_MSG(extack,
				       "another collect-metadata VXLAN device (Open vSwitch's vxlan_sys_PORT, or \"ip link add ... type vxlan external\") already uses this UDP port in this namespace");
			return ERR_PTR(-EADDRINUSE);
		}
	} else {
		dev = ((vsw_gretap_create_t)create)(net, name, NET_NAME_USER);
		if (PTR_ERR(dev) == -EEXIST) {
			NL_SET_ERR_MSG(extack,
				       "another collect-metadata GRE device (Open vSwitch's gre_sys, or \"ip link add ... type gretap external\") already receives GRE in this namespace");
			return ERR_PTR(-EADDRINUSE);
		}
	}
	if (IS_ERR(dev))
		NL_SET_ERR_MSG(extack,
			       "could not create the tunnel endpoint device");
	return dev;
}

/*
 * Whether @dev, in @net, is a collect-metadata device of the kind @ep
 * takes, carrying plain Ethernet: the kind is checked before its private
 * area is read as that kind's. A VXLAN device must not be GPE (no
 * Ethernet), GBP or VNI-filtered, a GRE one must have no extra
 * encapsulation (FOU, GUE), and the device's packets must travel in @net.
 */
static bool vsw_tnl_user_dev_fits(struct net *net, const struct vsw_tnl_ep *ep,
				  const struct net_device *dev)
{
	const char *kind = dev->rtnl_link_ops ? dev->rtnl_link_ops->kind : "";

	if (dev->type != ARPHRD_ETHER)
		return false;
	if (ep->gre6) {
		const struct ip6_tnl *t = netdev_priv(dev);

		return !strcmp(kind, "ip6gretap") && t->parms.collect_md &&
		       t->encap.type == TUNNEL_ENCAP_NONE && net_eq(t->net, net);
	}
	if (ep->type == VSWITCH_PORT_TYPE_GRE) {
		const struct ip_tunnel *t = netdev_priv(dev);

		return !strcmp(kind, "gretap") && t->collect_md &&
		       t->encap.type == TUNNEL_ENCAP_NONE && net_eq(t->net, net);
	}
	if (!strcmp(kind, "vxlan")) {
		const struct vxlan_dev *vx = netdev_priv(dev);

		return (vx->cfg.flags & VXLAN_F_COLLECT_METADATA) &&
		       !(vx->cfg.flags & (VXLAN_F_GPE | VXLAN_F_GBP |
					  VXLAN_F_VNIFILTER)) &&
		       vx->cfg.dst_port == htons(ep->dstport) &&
		       net_eq(vx->net, net);
	}
	return false;
}

/*
 * The kernel exports no way to create a collect-metadata ip6gretap
 * device, and since 7.x (compat.h) none for vxlan and gretap either. Such
 * an endpoint takes a device made by userspace, as ovs-vswitchd makes its
 * own: "ip link add vsw-gre6 type ip6gretap external", "... vsw-gre type
 * gretap external" or "... vsw-vxlan-PORT type vxlan external dstport
 * PORT" (vswctl add-port makes it when it is missing), and owns it from
 * then on.
 */
static struct net_device *vsw_tnl_user_dev(struct net *net,
					   const struct vsw_tnl_ep *ep,
					   struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	char name[IFNAMSIZ];
	int mtu, err;

	vsw_tnl_ep_name(ep, name);
	dev = __dev_get_by_name(net, name);
	if (!dev) {
		if (ep->gre6)
			NL_SET_ERR_MSG(extack,
				       "GRE over IPv6 needs the device vsw-gre6: ip link add vsw-gre6 type ip6gretap external (vswctl add-port creates it)");
		else if (ep->type == VSWITCH_PORT_TYPE_GRE)
			NL_SET_ERR_MSG(extack,
				       "GRE on this kernel needs the device vsw-gre: ip link add vsw-gre type gretap external (vswctl add-port creates it)");
		else
			NL_SET_ERR_MSG(extack,
				       "VXLAN on this kernel needs the device vsw-vxlan-PORT: ip link add vsw-vxlan-PORT type vxlan external dstport PORT nolearning udp6zerocsumrx (vswctl add-port creates it)");
		return ERR_PTR(-ENODEV);
	}
	if (!vsw_tnl_user_dev_fits(net, ep, dev)) {
		NL_SET_ERR_MSG(extack,
			       "the tunnel endpoint device (vsw-gre6, vsw-gre or vsw-vxlan-PORT) is not a plain collect-metadata (external) device of its kind and port, of this namespace");
		return ERR_PTR(-EINVAL);
	}
	if (netdev_is_rx_handler_busy(dev) || netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG(extack,
			       "the tunnel endpoint device is already enslaved to another device");
		return ERR_PTR(-EBUSY);
	}
	/*
	 * Like the endpoints the kernel makes, no MTU of its own: the path's
	 * counts. ip_gre checks the largest against its headers, not max_mtu.
	 */
	if (ep->gre6)
		mtu = VSW_GRE6_MTU;
	else if (ep->type == VSWITCH_PORT_TYPE_GRE)
		mtu = IP_MAX_MTU - sizeof(struct iphdr) - dev->hard_header_len -
		      ((const struct ip_tunnel *)netdev_priv(dev))->hlen;
	else
		mtu = dev->max_mtu;
	err = dev_set_mtu(dev, mtu);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "could not raise the MTU of the tunnel endpoint device");
		return ERR_PTR(err);
	}
	return dev;
}

/*
 * Creates the endpoint device of @ep, loading its module if needed, and
 * brings it up; for VXLAN that binds the UDP port.
 */
static int vsw_tnl_ep_create_dev(struct net *net, struct vsw_tnl_ep *ep,
				 struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	LIST_HEAD(kill);
	void *create;
	int err;

	if (ep->gre6 || !VSW_TNL_CREATORS) {
		dev = vsw_tnl_user_dev(net, ep, extack);
		if (IS_ERR(dev))
			return PTR_ERR(dev);
		create = NULL;
	} else {
		/* Loaded by vsw_tnl_module_get(). */
		create = vsw_tnl_get_creator(ep->type);
		if (WARN_ON_ONCE(!create))
			return -EPROTONOSUPPORT;
		dev = vsw_tnl_ep_new_dev(net, ep, create, extack);
		if (IS_ERR(dev)) {
			err = PTR_ERR(dev);
			goto err_put;
		}
	}
	err = dev_change_flags(dev, dev->flags | IFF_UP, NULL);
	if (err == -EADDRINUSE) {
		NL_SET_ERR_MSG(extack,
			       "the UDP port is already in use in this namespace: by a Linux vxlan device, Open vSwitch, or another socket");
		goto err_del;
	} else if (err) {
		NL_SET_ERR_MSG(extack,
			       "could not bring the tunnel endpoint device up");
		goto err_del;
	}
	err = netdev_rx_handler_register(dev, vsw_tnl_rcv, ep);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "could not attach to the tunnel endpoint device");
		goto err_del;
	}
	ep->dev = dev;
	return 0;

err_del:
	/* A device userspace made was there before: it stays. */
	if (!create)
		return err;
	dev->rtnl_link_ops->dellink(dev, &kill);
	unregister_netdevice_many(&kill);
err_put:
	vsw_tnl_put_creator(ep->type);
	return err;
}

static bool vsw_tnl_ep_match(const struct vsw_tnl_ep *ep,
			     const struct vsw_tnl_cfg *cfg)
{
	return ep->type == cfg->type && ep->dstport == cfg->dstport &&
	       ep->gre6 == (cfg->type == VSWITCH_PORT_TYPE_GRE &&
			    cfg->family == AF_INET6);
}

/* The endpoint for @cfg, created if needed. Context: RTNL. */
static struct vsw_tnl_ep *vsw_tnl_ep_get(struct net *net,
					 const struct vsw_tnl_cfg *cfg,
					 struct netlink_ext_ack *extack)
{
	struct vsw_net *vn = vsw_net(net);
	struct vsw_tnl_ep *ep;
	int err;

	list_for_each_entry(ep, &vn->tunnel_eps, list)
		if (vsw_tnl_ep_match(ep, cfg))
			return ep;

	ep = kzalloc(sizeof(*ep), GFP_KERNEL);
	if (!ep)
		return ERR_PTR(-ENOMEM);
	ep->type = cfg->type;
	ep->dstport = cfg->dstport;
	ep->gre6 = cfg->type == VSWITCH_PORT_TYPE_GRE && cfg->family == AF_INET6;
	INIT_LIST_HEAD(&ep->ports);
	hash_init(ep->hash);
	err = vsw_tnl_ep_create_dev(net, ep, extack);
	if (err) {
		kfree(ep);
		return ERR_PTR(err);
	}
	list_add_tail(&ep->list, &vn->tunnel_eps);
	return ep;
}

/* Frees @ep, which has no tunnel left, deleting its device onto @kill. */
static void vsw_tnl_ep_free(struct vsw_tnl_ep *ep, struct list_head *kill)
{
	LIST_HEAD(now);

	list_del(&ep->list);
	netdev_rx_handler_unregister(ep->dev);
	if (!ep->dev_gone) {
		ep->dev->rtnl_link_ops->dellink(ep->dev, kill ?: &now);
		unregister_netdevice_many(&now);
	}
	if (!ep->gre6)
		vsw_tnl_put_creator(ep->type);
	kfree(ep);
}

/*
 * Frees @ep once it has no tunnel, but not while vsw_tnl_dev_event() is
 * taking its tunnels away: that frees it when done.
 */
static void vsw_tnl_ep_put(struct vsw_tnl_ep *ep, struct list_head *kill)
{
	if (list_empty(&ep->ports) && !ep->dev_gone)
		vsw_tnl_ep_free(ep, kill);
}

/**
 * vsw_tnl_find() - the tunnel port named @name in @net
 * @net: the namespace
 * @name: a port name
 *
 * Context: RTNL. Return: the port, or NULL.
 */
struct vsw_port *vsw_tnl_find(struct net *net, const char *name)
{
	struct vsw_tnl_ep *ep;
	struct vsw_tnl *tnl;

	ASSERT_RTNL();
	list_for_each_entry(ep, &vsw_net(net)->tunnel_eps, list)
		list_for_each_entry(tnl, &ep->ports, ep_list)
			if (!strcmp(tnl->name, name))
				return tnl->port;
	return NULL;
}

/**
 * vsw_tnl_port_add() - make @port a tunnel port
 * @port: a port being added, not yet on its bridge's list
 * @name: its name, checked to be free
 * @cfg: checked for consistency by the caller
 * @extack: for errors
 *
 * Sets @port->dev and @port->tnl. Context: RTNL.
 * Return: 0, -EEXIST for a duplicate tunnel, or another error.
 */
int vsw_tnl_port_add(struct vsw_port *port, const char *name,
		     const struct vsw_tnl_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(port->br->dev);
	struct vsw_tnl *tnl, *other;
	struct vsw_bridge *br = port->br;
	unsigned int need;
	struct vsw_tnl_ep *ep;
	unsigned long key;
	void *count;
	int err;

	ASSERT_RTNL();
	list_for_each_entry(ep, &vsw_net(net)->tunnel_eps, list) {
		if (!vsw_tnl_ep_match(ep, cfg))
			continue;
		list_for_each_entry(other, &ep->ports, ep_list) {
			const struct vsw_tnl_cfg *o = &other->cfg;

			if (o->family == cfg->family && o->key == cfg->key &&
			    o->has_key == cfg->has_key &&
			    vsw_tnl_addr_eq(o->family, &o->remote, &cfg->remote) &&
			    vsw_tnl_addr_eq(o->family, &o->local, &cfg->local)) {
				NL_SET_ERR_MSG(extack,
					       "a tunnel port with this type, dstport, remote, local and key already exists in this namespace");
				return -EEXIST;
			}
		}
	}
	need = vsw_tnl_variants(cfg);
	xa_for_each(&br->tun_keys, key, count)
		need += vsw_tnl_key_mds(cfg, key);
	if (need > VSW_TNL_MDS_MAX - br->n_tnl_mds) {
		NL_SET_ERR_MSG(extack,
			       "this tunnel port, its tos/df inherit variants times the bridge's set_tunnel keys, exceeds the bridge's 65536 metadata dsts");
		return -ENOSPC;
	}

	tnl = kzalloc(sizeof(*tnl), GFP_KERNEL);
	if (!tnl)
		return -ENOMEM;
	tnl->cfg = *cfg;
	strscpy(tnl->name, name, sizeof(tnl->name));
	tnl->port = port;
	tnl->overhead = vsw_tnl_overhead(cfg);
	/* Its lock is BH-safe: vsw_tnl_free() may run from an RCU callback. */
	xa_init_flags(&tnl->keyed, XA_FLAGS_LOCK_BH);
	err = dst_cache_init(&tnl->route, GFP_KERNEL);
	if (err)
		goto err_free;
	err = -ENOMEM;
	tnl->own = vsw_tnl_mds_new(cfg, false, 0);
	if (!tnl->own)
		goto err_free_mds;
	tnl->n_mds = tnl->own->n;
	/* The keys the bridge's flows already send with. */
	xa_for_each(&br->tun_keys, key, count) {
		err = vsw_tnl_key_add(tnl, key);
		if (err)
			goto err_free_mds;
	}
	ep = vsw_tnl_ep_get(net, cfg, extack);
	if (IS_ERR(ep)) {
		err = PTR_ERR(ep);
		goto err_free_mds;
	}
	tnl->ep = ep;
	/* Complete before a frame can find it: hash_add_rcu() publishes. */
	port->tnl = tnl;
	port->dev = ep->dev;
	br->n_tnl_mds += tnl->n_mds;
	list_add_tail(&tnl->ep_list, &ep->ports);
	hash_add_rcu(ep->hash, &tnl->hnode,
		     vsw_tnl_hash(cfg->family, &cfg->remote, cfg->key));
	hash_add_rcu(vsw_net(net)->tnl_remotes, &tnl->rnode,
		     vsw_tnl_remote_hash(cfg->family, &cfg->remote));
	return 0;

err_free_mds:
	/* Nothing has seen them yet. */
	vsw_tnl_free(tnl);
	return err;

err_free:
	kfree(tnl);
	return err;
}

/**
 * vsw_tnl_port_stop() - stop receiving for a tunnel port
 * @port: the port, off its bridge's list
 *
 * Frames found the port before are still in flight: the caller waits for
 * a grace period before it flushes the port's FDB entries. Context: RTNL.
 */
void vsw_tnl_port_stop(struct vsw_port *port)
{
	struct vsw_tnl *tnl = port->tnl;

	ASSERT_RTNL();
	hash_del_rcu(&tnl->hnode);
	hash_del_rcu(&tnl->rnode);
}

/**
 * vsw_tnl_port_del() - let go of a tunnel port's endpoint
 * @port: the port, stopped, a grace period ago
 * @kill: where to queue the endpoint device if this was its last tunnel,
 *	or NULL to delete it now
 *
 * The &struct vsw_tnl is freed with the port, by vsw_tnl_free().
 * Context: RTNL.
 */
void vsw_tnl_port_del(struct vsw_port *port, struct list_head *kill)
{
	struct vsw_tnl *tnl = port->tnl;

	ASSERT_RTNL();
	port->br->n_tnl_mds -= tnl->n_mds;
	list_del(&tnl->ep_list);
	vsw_tnl_ep_put(tnl->ep, kill);
	tnl->ep = NULL;
}

/*
 * After a grace period, or before anything has seen @tnl: nothing sends
 * with it any more.
 */
void vsw_tnl_free(struct vsw_tnl *tnl)
{
	struct vsw_tnl_mds *mds;
	unsigned long key;

	xa_for_each(&tnl->keyed, key, mds)
		vsw_tnl_mds_free(mds);
	xa_destroy(&tnl->keyed);
	if (tnl->own)
		vsw_tnl_mds_free(tnl->own);
	dst_cache_destroy(&tnl->route);
	kfree(tnl);
}

/**
 * vsw_tnl_dev_event() - an endpoint device is being unregistered
 * @dev: a device
 * @event: the netdevice notifier event
 *
 * Deletes the tunnel ports of @dev if it is an endpoint going away.
 * Context: RTNL. Return: whether @dev was an endpoint.
 */
bool vsw_tnl_dev_event(struct net_device *dev, unsigned long event)
{
	struct vsw_tnl_ep *ep;
	struct vsw_tnl *tnl;

	if (event != NETDEV_UNREGISTER ||
	    rcu_access_pointer(dev->rx_handler) != vsw_tnl_rcv)
		return false;
	ASSERT_RTNL();
	ep = rtnl_dereference(dev->rx_handler_data);
	/* vsw_tnl_ep_put() leaves @ep to this, and deletes no device. */
	ep->dev_gone = true;
	while (!list_empty(&ep->ports)) {
		tnl = list_first_entry(&ep->ports, struct vsw_tnl, ep_list);
		vsw_netlink_notify_port(tnl->port, VSWITCH_CMD_PORT_DEL);
		vsw_port_del(tnl->port, NULL);
	}
	vsw_tnl_ep_free(ep, NULL);
	return true;
}
