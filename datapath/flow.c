// SPDX-License-Identifier: GPL-2.0
/*
 * The key of a frame: the fields a flow can match, read from its headers
 * (vsw_flow_extract()). The headers are read through skb_header_pointer(),
 * so a frame cut short anywhere gives a key with the missing fields zero,
 * never a read past its end; the frame itself is not changed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "vswitch.h"

/* The key of the L4 header at @off of a packet of IP protocol @proto. */
static void vsw_extract_l4(struct sk_buff *skb, unsigned int off, u8 proto,
			   struct vsw_key *key)
{
	__be16 ports[2], *p;
	u8 icmp[2], *ic;

	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		p = skb_header_pointer(skb, off, sizeof(ports), ports);
		if (p) {
			key->tp_src = p[0];
			key->tp_dst = p[1];
		}
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		ic = skb_header_pointer(skb, off, sizeof(icmp), icmp);
		if (ic) {
			key->tp_src = htons(ic[0]);
			key->tp_dst = htons(ic[1]);
		}
		break;
	}
}

static void vsw_extract_ipv4(struct sk_buff *skb, unsigned int off,
			     struct vsw_key *key)
{
	struct iphdr _iph;
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->ihl < 5)
		return;
	key->nw_src = iph->saddr;
	key->nw_dst = iph->daddr;
	key->nw_proto = iph->protocol;
	key->nw_tos = iph->tos & ~INET_ECN_MASK;
	key->nw_ttl = iph->ttl;
	/* Only the first fragment has the L4 header. */
	if (!(iph->frag_off & htons(IP_OFFSET)))
		vsw_extract_l4(skb, off + iph->ihl * 4, iph->protocol, key);
}

static void vsw_extract_ipv6(struct sk_buff *skb, unsigned int off,
			     struct vsw_key *key)
{
	struct ipv6hdr _ip6h;
	const struct ipv6hdr *ip6h;
	__be16 frag_off;
	u8 nexthdr;
	int l4;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return;
	key->ipv6_src = ip6h->saddr;
	key->ipv6_dst = ip6h->daddr;
	key->nw_tos = ipv6_get_dsfield(ip6h) & ~INET_ECN_MASK;
	key->nw_ttl = ip6h->hop_limit;
	nexthdr = ip6h->nexthdr;
	l4 = ipv6_skip_exthdr(skb, off + sizeof(*ip6h), &nexthdr, &frag_off);
	if (l4 < 0)
		return;
	key->nw_proto = nexthdr;
	if (!(frag_off & htons(IP6_OFFSET)))
		vsw_extract_l4(skb, l4, nexthdr, key);
}

/* Ethernet ARP for IPv4: the only ARP there is in practice. */
struct vsw_arp {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	__be32 spa;
	u8 tha[ETH_ALEN];
	__be32 tpa;
} __packed;

static void vsw_extract_arp(struct sk_buff *skb, unsigned int off,
			    struct vsw_key *key)
{
	struct vsw_arp _arp;
	const struct vsw_arp *arp;

	arp = skb_header_pointer(skb, off, sizeof(_arp), &_arp);
	if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != 4)
		return;
	key->tp_src = arp->hdr.ar_op;
	if (ntohs(arp->hdr.ar_op) <= 0xff)
		key->nw_proto = ntohs(arp->hdr.ar_op);
	key->nw_src = arp->spa;
	key->nw_dst = arp->tpa;
}

/**
 * vsw_flow_extract() - the key of a frame
 * @port: the port it came in by
 * @skb: the frame, data at the Ethernet header, any outer tag in
 *	skb->vlan_tci
 * @tun: the outer header if it came out of a tunnel, else NULL
 * @key: filled in
 */
void vsw_flow_extract(const struct vsw_port *port, struct sk_buff *skb,
		      const struct vsw_tun_md *tun, struct vsw_key *key)
{
	const struct ethhdr *eth = eth_hdr(skb);
	unsigned int off = ETH_HLEN;
	__be16 proto = eth->h_proto;

	memset(key, 0, sizeof(*key));
	if (tun) {
		key->tun_id = tun->id;
		key->tun_src = tun->src;
		key->tun_dst = tun->dst;
	}
	key->in_port = port->number;
	ether_addr_copy(key->dl_src, eth->h_source);
	ether_addr_copy(key->dl_dst, eth->h_dest);
	if (skb_vlan_tag_present(skb)) {
		key->vlan_tci = htons(skb_vlan_tag_get(skb) | VLAN_CFI_MASK);
	} else if (eth_type_vlan(proto)) {
		struct vlan_hdr _vh;
		const struct vlan_hdr *vh;

		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			return;
		key->vlan_tci = vh->h_vlan_TCI | htons(VLAN_CFI_MASK);
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	key->dl_type = proto;

	switch (ntohs(proto)) {
	case ETH_P_IP:
		vsw_extract_ipv4(skb, off, key);
		break;
	case ETH_P_IPV6:
		vsw_extract_ipv6(skb, off, key);
		break;
	case ETH_P_ARP:
		vsw_extract_arp(skb, off, key);
		break;
	}
}
