// SPDX-License-Identifier: GPL-2.0
/*
 * A flow's actions, run on a frame in order. Outputs send a copy while
 * actions remain, so that "mod_dl_dst:...,output:2,output:3" sends the
 * same modified frame twice; the last output sends the frame itself.
 * Header changes keep every checksum right, the outer IPv4 header's and
 * the TCP or UDP one's.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/ip.h>

#include "vswitch.h"

/* What the actions so far have decided for the rest. */
struct vsw_exec {
	struct vsw_port *in;
	u32 tun_key;
	bool set_tun;
	bool sent;
};

/*
 * The offset of the L3 header, past any 802.1Q tags left in the data, and
 * its Ethertype.
 */
static unsigned int vsw_l3(struct sk_buff *skb, __be16 *proto)
{
	unsigned int off = ETH_HLEN;
	struct vlan_hdr _vh;
	const struct vlan_hdr *vh;

	*proto = eth_hdr(skb)->h_proto;
	while (eth_type_vlan(*proto)) {
		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			return 0;
		*proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	return off;
}

/*
 * The IPv4 header of @skb, writable, with @extra bytes after it writable
 * too, or NULL if the frame is not IPv4 or cannot be made so.
 */
static struct iphdr *vsw_ip4_writable(struct sk_buff *skb, unsigned int extra)
{
	unsigned int off, ihl;
	__be16 proto;

	off = vsw_l3(skb, &proto);
	if (!off || proto != htons(ETH_P_IP) ||
	    !pskb_may_pull(skb, off + sizeof(struct iphdr)))
		return NULL;
	ihl = ((struct iphdr *)(skb->data + off))->ihl * 4;
	if (ihl < sizeof(struct iphdr) ||
	    skb_ensure_writable(skb, off + ihl + extra))
		return NULL;
	return (struct iphdr *)(skb->data + off);
}

static struct ipv6hdr *vsw_ip6_writable(struct sk_buff *skb)
{
	unsigned int off;
	__be16 proto;

	off = vsw_l3(skb, &proto);
	if (!off || proto != htons(ETH_P_IPV6) ||
	    skb_ensure_writable(skb, off + sizeof(struct ipv6hdr)))
		return NULL;
	/* IPv6 has no header checksum: a complete one is no longer true. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return (struct ipv6hdr *)(skb->data + off);
}

/* Replaces an IPv4 address, with the L4 checksum that covers it. */
static void vsw_set_nw_addr(struct sk_buff *skb, bool src, __be32 addr)
{
	unsigned int l4, need = 0;
	struct iphdr *iph;
	__be32 *field;

	iph = vsw_ip4_writable(skb, 0);
	if (!iph)
		return;
	if (!(iph->frag_off & htons(IP_OFFSET))) {
		if (iph->protocol == IPPROTO_TCP)
			need = sizeof(struct tcphdr);
		else if (iph->protocol == IPPROTO_UDP)
			need = sizeof(struct udphdr);
	}
	if (need) {
		iph = vsw_ip4_writable(skb, need);
		if (!iph)
			return;
	}
	field = src ? &iph->saddr : &iph->daddr;
	if (*field == addr)
		return;
	l4 = (unsigned char *)iph - skb->data + iph->ihl * 4;
	if (need == sizeof(struct tcphdr)) {
		struct tcphdr *th = (struct tcphdr *)(skb->data + l4);

		inet_proto_csum_replace4(&th->check, skb, *field, addr, true);
	} else if (need) {
		struct udphdr *uh = (struct udphdr *)(skb->data + l4);

		if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL) {
			inet_proto_csum_replace4(&uh->check, skb, *field, addr,
						 true);
			if (!uh->check)
				uh->check = CSUM_MANGLED_0;
		}
	}
	csum_replace4(&iph->check, *field, addr);
	*field = addr;
	skb_clear_hash(skb);
}

static void vsw_set_nw_tos(struct sk_buff *skb, u8 tos)
{
	struct ipv6hdr *ip6h;
	struct iphdr *iph;
	__be16 proto;

	vsw_l3(skb, &proto);
	if (proto == htons(ETH_P_IP)) {
		iph = vsw_ip4_writable(skb, 0);
		if (iph)
			ipv4_change_dsfield(iph, INET_ECN_MASK, tos);
	} else if (proto == htons(ETH_P_IPV6)) {
		ip6h = vsw_ip6_writable(skb);
		if (ip6h)
			ipv6_change_dsfield(ip6h, INET_ECN_MASK, tos);
	}
}

/* Returns false if the TTL ran out: the frame must go no further. */
static bool vsw_dec_ttl(struct sk_buff *skb)
{
	struct ipv6hdr *ip6h;
	struct iphdr *iph;
	__be16 proto;

	vsw_l3(skb, &proto);
	if (proto == htons(ETH_P_IP)) {
		iph = vsw_ip4_writable(skb, 0);
		if (!iph)
			return true;
		if (iph->ttl <= 1)
			return false;
		ip_decrease_ttl(iph);
	} else if (proto == htons(ETH_P_IPV6)) {
		ip6h = vsw_ip6_writable(skb);
		if (!ip6h)
			return true;
		if (ip6h->hop_limit <= 1)
			return false;
		ip6h->hop_limit--;
	}
	return true;
}

static void vsw_set_dl_addr(struct sk_buff *skb, bool src, const u8 *mac)
{
	struct ethhdr *eth;

	if (skb_ensure_writable(skb, ETH_HLEN))
		return;
	eth = eth_hdr(skb);
	/* A complete checksum covers the header since skb_push_rcsum(). */
	skb_postpull_rcsum(skb, eth, 2 * ETH_ALEN);
	ether_addr_copy(src ? eth->h_source : eth->h_dest, mac);
	skb_postpush_rcsum(skb, eth, 2 * ETH_ALEN);
}

/* Sets the VLAN ID, keeping the priority; tags an untagged frame. */
static void vsw_mod_vlan_vid(struct sk_buff *skb, u16 vid)
{
	__be16 tpid = htons(ETH_P_8021Q);
	u16 tci = vid;

	if (skb_vlan_tag_present(skb)) {
		tpid = skb->vlan_proto;
		tci |= skb_vlan_tag_get(skb) & VLAN_PRIO_MASK;
	}
	__vlan_hwaccel_put_tag(skb, tpid, tci);
}

/* The frame itself if it is the last use of it, else a copy. */
static struct sk_buff *vsw_exec_skb(struct vsw_bridge *br, struct sk_buff *skb,
				    bool last)
{
	struct sk_buff *copy;

	if (last)
		return skb;
	copy = skb_clone(skb, GFP_ATOMIC);
	if (!copy)
		vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_DROP_NOMEM);
	return copy;
}

/* The learning switch's forwarding of @skb, or of a copy unless @last. */
static void vsw_exec_normal(struct vsw_port *in, struct sk_buff *skb,
			    bool last)
{
	struct sk_buff *copy = vsw_exec_skb(in->br, skb, last);

	if (copy)
		vsw_normal(in, copy);
}

/*
 * Sends @skb, or a copy unless it is the @last use of it, out of @out.
 * @flood: one of several ports: of a FLOOD or ALL, or of several outputs
 * (a tunnel answers no "too big" for it, as each of them would).
 */
static void vsw_exec_output(struct vsw_exec *x, struct vsw_port *out,
			    struct sk_buff *skb, bool last, bool flood)
{
	x->sent = true;
	if (!vsw_port_up(out)) {
		vsw_port_count(out, VSWITCH_PORT_STATS_TX_DROPPED, 0, 0);
		if (last)
			vsw_drop_skb(out->br, skb,
				     VSWITCH_BRIDGE_STATS_DROP_PORT_DOWN);
		else
			vsw_bridge_count(out->br,
					 VSWITCH_BRIDGE_STATS_DROP_PORT_DOWN);
		return;
	}
	skb = vsw_exec_skb(out->br, skb, last);
	if (skb)
		vsw_send(out, skb, x->set_tun ? &x->tun_key : NULL, flood);
}

/* FLOOD and ALL: every port but the input one. */
static void vsw_exec_flood(struct vsw_exec *x, struct sk_buff *skb, bool last)
{
	struct vsw_bridge *br = x->in->br;
	struct vsw_port *port, *prev = NULL;

	list_for_each_entry_rcu(port, &br->ports, list) {
		if (port == x->in || !vsw_port_up(port))
			continue;
		if (prev)
			vsw_exec_output(x, prev, skb, false, true);
		prev = port;
	}
	if (prev) {
		vsw_exec_output(x, prev, skb, last, true);
	} else {
		x->sent = true;
		if (last)
			vsw_drop_skb(br, skb, VSWITCH_BRIDGE_STATS_DROP_NO_PORT);
	}
}

/**
 * vsw_flow_execute() - run actions on a frame
 * @in: the port it came in by
 * @skb: the frame, data at the Ethernet header, any tag in skb->vlan_tci
 * @acts: the actions
 * @cookie: the flow's, for a packet-in
 *
 * Consumes @skb. Context: RCU, bottom halves off.
 */
void vsw_flow_execute(struct vsw_port *in, struct sk_buff *skb,
		      const struct vsw_actions *acts, u64 cookie)
{
	enum vswitch_bridge_stats why = VSWITCH_BRIDGE_STATS_DROP_NOMEM;
	struct vsw_exec x = { .in = in };
	struct vsw_bridge *br = in->br;
	unsigned int i;

	for (i = 0; i < acts->n; i++) {
		const struct vsw_action *a = &acts->a[i];
		bool last = i == acts->n - 1;
		struct vsw_port *out;

		switch (a->type) {
		case VSWITCH_ACTION_A_OUTPUT:
			out = vsw_port_by_number(br, a->arg);
			/* As in OpenFlow, not back out of the input port. */
			if (out && out != in) {
				vsw_exec_output(&x, out, skb, last,
						acts->outputs > 1);
				if (last)
					return;
			}
			break;
		case VSWITCH_ACTION_A_IN_PORT:
			vsw_exec_output(&x, in, skb, last, acts->outputs > 1);
			if (last)
				return;
			break;
		case VSWITCH_ACTION_A_NORMAL:
			x.sent = true;
			vsw_exec_normal(in, skb, last);
			if (last)
				return;
			break;
		case VSWITCH_ACTION_A_FLOOD:
		case VSWITCH_ACTION_A_ALL:
			vsw_exec_flood(&x, skb, last);
			if (last)
				return;
			break;
		case VSWITCH_ACTION_A_CONTROLLER:
			x.sent = true;
			/* No controller to ask: as a standalone switch would. */
			if (unlikely(READ_ONCE(br->flows.fail_open))) {
				vsw_exec_normal(in, skb, last);
				if (last)
					return;
				break;
			}
			vsw_packet_in(in, skb, cookie, VSWITCH_PACKET_IN_ACTION,
				      a->arg);
			break;
		case VSWITCH_ACTION_A_MOD_VLAN_VID:
			vsw_mod_vlan_vid(skb, a->arg);
			break;
		case VSWITCH_ACTION_A_STRIP_VLAN:
			if (skb_vlan_tag_present(skb) && skb_vlan_pop(skb))
				goto drop;
			break;
		case VSWITCH_ACTION_A_PUSH_VLAN:
			if (skb_vlan_push(skb, htons(a->arg), 0))
				goto drop;
			break;
		case VSWITCH_ACTION_A_MOD_DL_SRC:
		case VSWITCH_ACTION_A_MOD_DL_DST:
			vsw_set_dl_addr(skb,
					a->type == VSWITCH_ACTION_A_MOD_DL_SRC,
					a->mac);
			break;
		case VSWITCH_ACTION_A_MOD_NW_SRC:
		case VSWITCH_ACTION_A_MOD_NW_DST:
			vsw_set_nw_addr(skb,
					a->type == VSWITCH_ACTION_A_MOD_NW_SRC,
					a->ip);
			break;
		case VSWITCH_ACTION_A_MOD_NW_TOS:
			vsw_set_nw_tos(skb, a->arg);
			break;
		case VSWITCH_ACTION_A_DEC_TTL:
			why = VSWITCH_BRIDGE_STATS_DROP_TTL;
			if (!vsw_dec_ttl(skb))
				goto drop;
			why = VSWITCH_BRIDGE_STATS_DROP_NOMEM;
			break;
		case VSWITCH_ACTION_A_SET_TUNNEL:
			x.tun_key = a->key;
			x.set_tun = true;
			break;
		}
	}
	if (x.sent) {
		consume_skb(skb);
		return;
	}
	why = VSWITCH_BRIDGE_STATS_DROP_FLOW;
drop:
	vsw_drop_skb(br, skb, why);
}
