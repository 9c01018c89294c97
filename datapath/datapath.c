// SPDX-License-Identifier: GPL-2.0
/*
 * The datapath: a frame enters by a port, goes through the bridge's flow
 * table if it has flows, and otherwise (or by the NORMAL action) through
 * the learning switch: it is put in a VLAN, teaches the forwarding table
 * its source, and leaves by the port its destination was learned on, or
 * by every other port of the VLAN. All of it in the context the frame
 * arrived in, under RCU, without a lock.
 *
 * Frames enter from four places: the rx_handler of a netdev port, a
 * tunnel endpoint's rx_handler (tunnel.c), the ndo_start_xmit of an
 * internal port (the host sending), and the answer to a frame too big for
 * a tunnel (tunnel.c). All of them hand vsw_input_tun() an skb whose data
 * starts at the Ethernet header, with any 802.1Q tag taken out of the
 * data into skb->vlan_tci. A packet-out runs its actions on its frame
 * directly (vsw_flow_execute()).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>

#include "vswitch.h"

/*
 * How deep vsw_input_tun() may nest on one CPU: a frame that enters a
 * bridge while the same CPU is still switching the frame that caused it.
 * One bridge's tunnel routed over another bridge (br-tun over br-ex) is
 * two; the answer to a frame too big for a tunnel, switched back while
 * the frame is being sent, adds one. More is a loop: a tunnel whose route
 * leads back into its own bridge, or bridges that route into each other.
 * A level through a vxlan device and a bridge's LOCAL port took about
 * 2 KiB of stack, measured (Documentation/architecture.rst).
 */
#define VSW_NESTING_MAX		4

static DEFINE_PER_CPU(unsigned int, vsw_nesting);

/* The kernel's name for why the switch dropped a frame, for drop monitors. */
static enum skb_drop_reason vsw_drop_reason(enum vswitch_bridge_stats why)
{
	switch (why) {
	case VSWITCH_BRIDGE_STATS_DROP_NOMEM:
		return SKB_DROP_REASON_NOMEM;
	case VSWITCH_BRIDGE_STATS_DROP_TOO_BIG:
		return SKB_DROP_REASON_PKT_TOO_BIG;
	case VSWITCH_BRIDGE_STATS_DROP_MALFORMED:
		return SKB_DROP_REASON_HDR_TRUNC;
	case VSWITCH_BRIDGE_STATS_DROP_PORT_DOWN:
		return SKB_DROP_REASON_DEV_READY;
	case VSWITCH_BRIDGE_STATS_DROP_SOURCE:
		return VSW_DROP_REASON_INVALID_SOURCE;
	case VSWITCH_BRIDGE_STATS_DROP_NO_PORT:
	case VSWITCH_BRIDGE_STATS_DROP_SAME_PORT:
		return VSW_DROP_REASON_NO_TX_TARGET;
	default:
		return SKB_DROP_REASON_NOT_SPECIFIED;
	}
}

/* Drops @skb and counts why. */
void vsw_drop_skb(struct vsw_bridge *br, struct sk_buff *skb,
		  enum vswitch_bridge_stats why)
{
	vsw_bridge_count(br, why);
	kfree_skb_reason(skb, vsw_drop_reason(why));
}

/*
 * The VLAN a frame from @port belongs to inside the switch, or -1 if the
 * port does not carry it. @vid is the frame's VLAN ID on the wire, 0 when
 * untagged or priority-tagged.
 */
static int vsw_vlan_in(const struct vsw_vlan *vlan, u16 vid)
{
	if (!vlan)
		return vid;
	if (vlan->tag)
		return vid ? -1 : vlan->tag;
	return vid && test_bit(vid, vlan->trunks) ? vid : -1;
}

/* Whether a port of settings @vlan carries VLAN @vid: br_allowed_egress(). */
static bool vsw_vlan_out_ok(const struct vsw_vlan *vlan, u16 vid)
{
	if (!vlan)
		return true;
	if (vlan->tag)
		return vid == vlan->tag;
	return vid && test_bit(vid, vlan->trunks);
}

bool vsw_port_up(const struct vsw_port *port)
{
	return netif_running(port->dev) && netif_carrier_ok(port->dev);
}

/**
 * vsw_xmit() - queue a frame to @port's device and count it
 * @port: a netdev or tunnel port
 * @skb: the frame, skb->dev set
 */
void vsw_xmit(struct vsw_port *port, struct sk_buff *skb)
{
	unsigned int len = skb->len;
	int rc;

	/* net_xmit_eval() evaluates its argument twice: not a call. */
	rc = dev_queue_xmit(skb);
	if (!net_xmit_eval(rc))
		vsw_port_count(port, VSWITCH_PORT_STATS_TX_PACKETS,
			       VSWITCH_PORT_STATS_TX_BYTES, len);
	else
		vsw_port_count(port, VSWITCH_PORT_STATS_TX_ERRORS, 0, 0);
}

/**
 * vsw_send() - send a frame out of a port as it is
 * @port: the output port
 * @skb: the frame, its tag (if any) in skb->vlan_tci
 * @tun_key: for a tunnel port, a key to send with instead of its own, or
 *	NULL
 * @flood: @skb is one of the copies of a frame sent to several ports: a
 *	tunnel does not answer it with "too big", since each one would
 *
 * Consumes @skb. Context: RCU, bottom halves off.
 */
void vsw_send(struct vsw_port *port, struct sk_buff *skb, const u32 *tun_key,
	      bool flood)
{
	struct net_device *dev = port->dev;
	unsigned int len;

	if (unlikely(!is_skb_forwardable(dev, skb))) {
		vsw_port_count(port, VSWITCH_PORT_STATS_TX_DROPPED, 0, 0);
		vsw_drop_skb(port->br, skb, VSWITCH_BRIDGE_STATS_DROP_TOO_BIG);
		return;
	}

	len = skb->len;
	skb->dev = dev;
	skb_clear_tstamp(skb);
	if (port->tnl) {
		vsw_tnl_xmit(port, skb, tun_key, flood);
		return;
	}
	if (port->type != VSWITCH_PORT_TYPE_NETDEV) {
		vsw_port_count(port, VSWITCH_PORT_STATS_TX_PACKETS,
			       VSWITCH_PORT_STATS_TX_BYTES, len);
		vsw_internal_deliver(port, skb);
		return;
	}
	vsw_xmit(port, skb);
}

/*
 * Sends @skb out of @port, which is up and whose VLAN settings @vlan
 * carry VLAN @vid: the callers check both. Consumes @skb.
 */
static void vsw_output(struct vsw_port *port, const struct vsw_vlan *vlan,
		       struct sk_buff *skb, u16 vid, u16 prio, bool flood)
{
	/* Access ports and untagged frames leave untagged. */
	if ((vlan && vlan->tag) || !vid)
		__vlan_hwaccel_clear_tag(skb);
	else
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), prio | vid);
	vsw_send(port, skb, NULL, flood);
}

/* Split horizon: isolated ports do not send to each other. */
static bool vsw_isolated(const struct vsw_port *in, const struct vsw_port *out)
{
	return READ_ONCE(in->isolated) && READ_ONCE(out->isolated);
}

/*
 * Sends @skb out of every port of VLAN @vid but @in; consumes it. Ports
 * that are down are left out, as they would be by a hardware switch, and
 * so are isolated ports when @in is isolated.
 */
static void vsw_flood(struct vsw_bridge *br, struct vsw_port *in,
		      struct sk_buff *skb, u16 vid, u16 prio)
{
	const struct vsw_vlan *vlan, *prev_vlan = NULL;
	struct vsw_port *port, *prev = NULL;
	struct sk_buff *copy;

	list_for_each_entry_rcu(port, &br->ports, list) {
		vlan = rcu_dereference(port->vlan);
		if (port == in || !vsw_port_up(port) || vsw_isolated(in, port) ||
		    !vsw_vlan_out_ok(vlan, vid))
			continue;
		if (prev) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (!copy) {
				vsw_port_count(prev, VSWITCH_PORT_STATS_TX_DROPPED,
					       0, 0);
				vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_DROP_NOMEM);
			} else {
				vsw_output(prev, prev_vlan, copy, vid, prio, true);
			}
		}
		prev = port;
		prev_vlan = vlan;
	}
	if (!prev) {
		vsw_drop_skb(br, skb, VSWITCH_BRIDGE_STATS_DROP_NO_PORT);
		return;
	}
	vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_FLOODED);
	vsw_output(prev, prev_vlan, skb, vid, prio, true);
}

/**
 * vsw_normal() - the learning switch
 * @port: the port the frame came in by
 * @skb: the frame, data at the Ethernet header, any tag in skb->vlan_tci
 *
 * What every frame gets when the bridge has no flow, and what the NORMAL
 * action does. Consumes @skb. Context: RCU, bottom halves off.
 */
void vsw_normal(struct vsw_port *port, struct sk_buff *skb)
{
	/* Who a drop is counted against: the input port's rx by default. */
	enum vswitch_port_stats counter = VSWITCH_PORT_STATS_RX_DROPPED;
	struct vsw_bridge *br = port->br;
	const struct ethhdr *eth = eth_hdr(skb);
	enum vswitch_bridge_stats why;
	const struct vsw_vlan *out_vlan;
	struct vsw_port *out, *counted = port;
	u16 vid = 0, prio = 0;
	int vlan;

	if (skb_vlan_tag_present(skb)) {
		why = VSWITCH_BRIDGE_STATS_DROP_VLAN;
		if (unlikely(skb->vlan_proto != htons(ETH_P_8021Q)))
			goto drop;
		vid = skb_vlan_tag_get_id(skb);
		prio = skb_vlan_tag_get_prio(skb) << VLAN_PRIO_SHIFT;
	}
	vlan = vsw_vlan_in(rcu_dereference(port->vlan), vid);
	why = VSWITCH_BRIDGE_STATS_DROP_VLAN;
	if (unlikely(vlan < 0 || vlan == VLAN_N_VID - 1))
		goto drop;
	vid = vlan;

	why = VSWITCH_BRIDGE_STATS_DROP_SOURCE;
	if (unlikely(!is_valid_ether_addr(eth->h_source)))
		goto drop;
	vsw_fdb_learn(br, port, eth->h_source, vid);

	if (is_multicast_ether_addr(eth->h_dest)) {
		vsw_flood(br, port, skb, vid, prio);
		return;
	}
	out = vsw_fdb_lookup(br, eth->h_dest, vid);
	if (!out) {
		vsw_flood(br, port, skb, vid, prio);
		return;
	}
	why = VSWITCH_BRIDGE_STATS_DROP_SAME_PORT;
	if (unlikely(out == port))
		goto drop;
	why = VSWITCH_BRIDGE_STATS_DROP_ISOLATED;
	if (unlikely(vsw_isolated(port, out)))
		goto drop;
	/*
	 * The entry was learned in @vid, but the port's VLANs may have
	 * changed since: check, as br_allowed_egress() does.
	 */
	out_vlan = rcu_dereference(out->vlan);
	why = VSWITCH_BRIDGE_STATS_DROP_VLAN;
	if (unlikely(!vsw_vlan_out_ok(out_vlan, vid)))
		goto drop;
	if (unlikely(!vsw_port_up(out))) {
		why = VSWITCH_BRIDGE_STATS_DROP_PORT_DOWN;
		counted = out;
		counter = VSWITCH_PORT_STATS_TX_DROPPED;
		goto drop;
	}
	vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_SWITCHED);
	vsw_output(out, out_vlan, skb, vid, prio, false);
	return;

drop:
	vsw_port_count(counted, counter, 0, 0);
	vsw_drop_skb(br, skb, why);
}

/* Whether a packet-in may go now: at most controller_rate a second. */
static bool vsw_upcall_allowed(struct vsw_flow_table *t)
{
	unsigned long now = jiffies;
	bool ok;

	spin_lock(&t->upcall_lock);
	if (time_after_eq(now, t->upcall_start + HZ)) {
		t->upcall_start = now;
		t->upcall_count = 0;
	}
	ok = t->upcall_count < READ_ONCE(t->controller_rate);
	if (ok)
		t->upcall_count++;
	spin_unlock(&t->upcall_lock);
	return ok;
}

/*
 * Copies the first @len bytes of @skb, as it was on the wire, to @p: an
 * 802.1Q tag held in skb->vlan_tci goes back after the MAC addresses.
 */
static int vsw_copy_wire(const struct sk_buff *skb, u8 *p, unsigned int len)
{
	u8 hdr[2 * ETH_ALEN + VLAN_HLEN];
	__be16 tci;
	unsigned int n;

	if (!skb_vlan_tag_present(skb))
		return skb_copy_bits(skb, 0, p, len);
	if (skb_copy_bits(skb, 0, hdr, 2 * ETH_ALEN))
		return -EFAULT;
	tci = htons(skb_vlan_tag_get(skb));
	memcpy(hdr + 2 * ETH_ALEN, &skb->vlan_proto, 2);
	memcpy(hdr + 2 * ETH_ALEN + 2, &tci, 2);
	n = min_t(unsigned int, len, sizeof(hdr));
	memcpy(p, hdr, n);
	if (len == n)
		return 0;
	return skb_copy_bits(skb, 2 * ETH_ALEN, p + n, len - n);
}

/**
 * vsw_packet_in() - send a frame to the packets group
 * @in: the port it came in by
 * @skb: the frame, data at the Ethernet header; not consumed
 * @cookie: the cookie of the flow that sent it, 0 for a miss
 * @reason: enum vswitch_packet_in_reason
 * @max_len: send at most this many bytes of it, 0 for all
 *
 * Context: RCU, bottom halves off.
 */
void vsw_packet_in(struct vsw_port *in, struct sk_buff *skb, u64 cookie,
		   u8 reason, unsigned int max_len)
{
	struct vsw_bridge *br = in->br;
	struct net *net = dev_net(br->dev);
	unsigned int tag = skb_vlan_tag_present(skb) ? VLAN_HLEN : 0;
	unsigned int total = skb->len + tag, len = total;
	struct sk_buff *msg;
	struct nlattr *data;
	void *hdr;

	if (!genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_PACKETS)) {
		vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_UPCALL_LOST);
		return;
	}
	if (!vsw_upcall_allowed(&br->flows)) {
		vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_UPCALL_LIMITED);
		return;
	}
	if (max_len && len > max_len)
		len = max_len;
	/* An attribute's length is 16 bits: a longer frame is sent in part. */
	len = min_t(unsigned int, len, U16_MAX - NLA_HDRLEN);
	msg = genlmsg_new(nla_total_size(IFNAMSIZ) + 3 * nla_total_size(4) +
			  nla_total_size_64bit(8) + nla_total_size(len),
			  GFP_ATOMIC);
	if (!msg)
		goto lost;
	hdr = genlmsg_put(msg, 0, 0, &vsw_genl_family, 0,
			  VSWITCH_CMD_PACKET_IN);
	if (!hdr ||
	    nla_put_string(msg, VSWITCH_FLOW_A_BRIDGE, br->dev->name) ||
	    nla_put_u32(msg, VSWITCH_FLOW_A_IN_PORT, in->number) ||
	    nla_put_u64_64bit(msg, VSWITCH_FLOW_A_COOKIE, cookie,
			      VSWITCH_FLOW_A_PAD) ||
	    nla_put_u8(msg, VSWITCH_FLOW_A_REASON, reason) ||
	    nla_put_u32(msg, VSWITCH_FLOW_A_TOTAL_LEN, total))
		goto lost_free;
	data = nla_reserve(msg, VSWITCH_FLOW_A_DATA, len);
	if (!data || vsw_copy_wire(skb, nla_data(data), len))
		goto lost_free;
	genlmsg_end(msg, hdr);
	if (genlmsg_multicast_netns(&vsw_genl_family, net, msg, 0,
				    VSW_MCGRP_PACKETS, GFP_ATOMIC))
		goto lost;
	vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_UPCALLS);
	return;

lost_free:
	nlmsg_free(msg);
lost:
	vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_UPCALL_LOST);
}

/*
 * Runs a frame through its bridge's flow table, @search as read once for
 * it (NULL: no flow). Consumes @skb.
 */
static void vsw_flow_input(struct vsw_port *port, struct sk_buff *skb,
			   const struct vsw_tun_md *tun,
			   const struct vsw_subtables *search)
{
	struct vsw_bridge *br = port->br;
	struct vsw_flow_table *t = &br->flows;
	struct vsw_flow *flow = NULL;
	struct vsw_key key;

	if (search) {
		vsw_flow_extract(port, skb, tun, &key);
		flow = vsw_flow_lookup(t, search, &key);
	}
	if (likely(flow)) {
		vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_FLOW_HIT);
		vsw_flow_hit(flow, skb->len);
		vsw_flow_execute(port, skb, rcu_dereference(flow->acts),
				 flow->cookie);
		return;
	}
	vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_FLOW_MISS);
	switch (READ_ONCE(t->miss)) {
	case VSWITCH_MISS_NORMAL:
		vsw_normal(port, skb);
		break;
	case VSWITCH_MISS_CONTROLLER:
		vsw_packet_in(port, skb, 0, VSWITCH_PACKET_IN_MISS, 0);
		consume_skb(skb);
		break;
	default:
		vsw_drop_skb(br, skb, VSWITCH_BRIDGE_STATS_DROP_MISS);
		break;
	}
}

/**
 * vsw_input_tun() - switch a frame that entered by @port
 * @port: the input port
 * @skb: the frame, data at the Ethernet header, any tag in skb->vlan_tci
 * @tun: the outer header of a frame out of a tunnel, else NULL
 *
 * Consumes @skb. Context: RCU, bottom halves off.
 */
void vsw_input_tun(struct vsw_port *port, struct sk_buff *skb,
		   const struct vsw_tun_md *tun)
{
	struct vsw_flow_table *t = &port->br->flows;
	const struct vsw_subtables *search;
	unsigned int *nesting;

	vsw_port_count(port, VSWITCH_PORT_STATS_RX_PACKETS,
		       VSWITCH_PORT_STATS_RX_BYTES, skb->len);
	/* Bottom halves are off: no other BH section runs on this CPU. */
	lockdep_assert_in_softirq();
	nesting = this_cpu_ptr(&vsw_nesting);
	if (unlikely(*nesting >= VSW_NESTING_MAX)) {
		net_warn_ratelimited("%s: a frame from port %s entered a bridge %u levels deep: a forwarding loop? Dropped\n",
				     port->br->dev->name, vsw_port_name(port),
				     *nesting + 1);
		vsw_port_count(port, VSWITCH_PORT_STATS_RX_DROPPED, 0, 0);
		vsw_drop_skb(port->br, skb, VSWITCH_BRIDGE_STATS_DROP_LOOP);
		return;
	}
	(*nesting)++;
	search = rcu_dereference(t->search);
	/* Without flows, and with the default miss policy, no key is needed. */
	if (!search && READ_ONCE(t->miss) == VSWITCH_MISS_NORMAL)
		vsw_normal(port, skb);
	else
		vsw_flow_input(port, skb, tun, search);
	(*nesting)--;
}

/**
 * vsw_input() - switch a frame that entered by @port, not out of a tunnel
 * @port: the input port
 * @skb: as for vsw_input_tun()
 */
void vsw_input(struct vsw_port *port, struct sk_buff *skb)
{
	vsw_input_tun(port, skb, NULL);
}

/**
 * vsw_port_by_number() - a bridge's port of a number
 * @br: the bridge
 * @number: the port number
 *
 * Context: RCU or RTNL. Return: the port, or NULL.
 */
struct vsw_port *vsw_port_by_number(struct vsw_bridge *br, u32 number)
{
	struct vsw_port *port;

	list_for_each_entry_rcu(port, &br->ports, list, lockdep_rtnl_is_held())
		if (port->number == number)
			return port;
	return NULL;
}

/**
 * vsw_handle_frame() - the rx_handler of netdev ports
 * @pskb: the frame; its 802.1Q tag, if any, is already in skb->vlan_tci
 *
 * Return: RX_HANDLER_CONSUMED: every frame of a port belongs to the switch.
 */
rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vsw_port *port;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		vsw_port_count(port, VSWITCH_PORT_STATS_RX_DROPPED, 0, 0);
		vsw_bridge_count(port->br, VSWITCH_BRIDGE_STATS_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	skb_push_rcsum(skb, ETH_HLEN);
	vsw_input(port, skb);
	return RX_HANDLER_CONSUMED;
}
