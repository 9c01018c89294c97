/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VSW_FLOW_H
#define _VSW_FLOW_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

struct netlink_ext_ack;
struct sk_buff;
struct vsw_bridge;
struct vsw_port;

/**
 * struct vsw_key - what a flow can match in a frame
 * @tun_id: the tunnel key it came with (VNI or GRE key), else 0
 * @tun_src: the outer IPv4 source of a frame from an IPv4 tunnel
 * @tun_dst: the outer IPv4 destination
 * @in_port: the input port's number
 * @vlan_tci: the 802.1Q tag as received, VLAN_CFI_MASK set when tagged
 * @dl_type: the Ethertype after any tag
 * @dl_src: source MAC
 * @dl_dst: destination MAC
 * @nw_proto: IP protocol, or the low byte of the ARP opcode
 * @nw_tos: IP DSCP (the TOS byte without its ECN bits)
 * @nw_ttl: IP TTL or hop limit
 * @pad: zero
 * @nw_src: IPv4 source, or the ARP sender protocol address
 * @nw_dst: IPv4 destination, or the ARP target protocol address
 * @ipv6_src: IPv6 source
 * @ipv6_dst: IPv6 destination
 * @tp_src: TCP, UDP or SCTP source port; ICMP type; the ARP opcode
 * @tp_dst: TCP, UDP or SCTP destination port; ICMP code
 *
 * Fields a frame does not have are zero. A mask has the same layout. The
 * size is a multiple of 8: keys are masked and compared a u64 at a time.
 */
struct vsw_key {
	__be64 tun_id;
	__be32 tun_src;
	__be32 tun_dst;
	u32 in_port;
	__be16 vlan_tci;
	__be16 dl_type;
	u8 dl_src[ETH_ALEN];
	u8 dl_dst[ETH_ALEN];
	u8 nw_proto;
	u8 nw_tos;
	u8 nw_ttl;
	u8 pad;
	__be32 nw_src;
	__be32 nw_dst;
	struct in6_addr ipv6_src;
	struct in6_addr ipv6_dst;
	__be16 tp_src;
	__be16 tp_dst;
} __aligned(8);

#define VSW_KEY_WORDS	(sizeof(struct vsw_key) / sizeof(u64))

/* The outer header of a frame that came out of a tunnel. */
struct vsw_tun_md {
	__be64 id;
	__be32 src;
	__be32 dst;
};

/**
 * struct vsw_action - one action, parsed from netlink
 * @type: enum vswitch_action_attr
 * @arg: the port, VLAN ID, TPID, TOS or length
 * @mac: MOD_DL_SRC, MOD_DL_DST
 * @ip: MOD_NW_SRC, MOD_NW_DST
 * @key: SET_TUNNEL
 */
struct vsw_action {
	u8 type;
	u16 arg;
	union {
		u8 mac[ETH_ALEN];
		__be32 ip;
		u32 key;
	};
};

/**
 * struct vsw_actions - a flow's actions, replaced whole under RCU
 * @rcu: for freeing
 * @n: how many
 * @outputs: how many of them send the frame somewhere (output, in_port,
 *	flood, all, normal): with more than one, a tunnel does not answer
 *	"too big", since each copy would be answered
 * @a: the actions, run in order
 */
struct vsw_actions {
	struct rcu_head rcu;
	unsigned int n;
	unsigned int outputs;
	struct vsw_action a[];
};

/**
 * struct vsw_flow_stats - what one CPU counted of a flow
 * @packets: frames that took it
 * @bytes: their bytes
 * @used: jiffies of the last one
 * @syncp: for reading the u64s on 32-bit machines
 *
 * Written only by its own CPU, with bottom halves off.
 */
struct vsw_flow_stats {
	u64_stats_t packets;
	u64_stats_t bytes;
	unsigned long used;
	struct u64_stats_sync syncp;
};

/**
 * struct vsw_flow - a flow of a bridge's table
 * @node: in its subtable's buckets; which one, &vsw_buckets.ver says
 * @hash: of @key under its subtable's mask
 * @list: in &vsw_flow_table.flows, oldest (lowest @id) first
 * @st_list: in &vsw_subtable.flows
 * @st: the subtable of its mask
 * @key: the match, already masked
 * @acts: the actions (RCU)
 * @id: unique in its table, and higher than every flow added before it
 * @cookie: opaque to the kernel
 * @priority: higher wins
 * @idle_timeout: seconds without a hit after which it goes, 0 never
 * @hard_timeout: seconds after which it goes, 0 never
 * @flags: VSWITCH_FLOW_F_*
 * @created: jiffies when added
 * @rcu: for freeing
 * @shared_lock: protects @shared
 * @shared: the counts of CPUs that got no memory for stats of their own
 * @stats_retry: jiffies before which a CPU that found no memory for its
 *	statistics does not try again; 0 when none failed since the last
 *	success
 * @stats: per CPU (nr_cpu_ids of them), allocated at a CPU's first hit
 *	(RCU)
 */
struct vsw_flow {
	struct hlist_node node[2];
	u32 hash;
	struct list_head list;
	struct list_head st_list;
	struct vsw_subtable *st;
	struct vsw_key key;
	struct vsw_actions __rcu *acts;
	u64 id;
	u64 cookie;
	u16 priority;
	u16 idle_timeout;
	u16 hard_timeout;
	u16 flags;
	unsigned long created;
	struct rcu_head rcu;
	spinlock_t shared_lock;	/* @shared */
	struct {
		u64 packets;
		u64 bytes;
		unsigned long used;
	} shared;
	unsigned long stats_retry;
	struct vsw_flow_stats __rcu *stats[];
};

/**
 * struct vsw_buckets - a subtable's hash buckets, replaced whole under RCU
 * @rcu: for freeing
 * @mask: the number of buckets less one
 * @ver: which of &vsw_flow.node links them
 * @head: the buckets
 */
struct vsw_buckets {
	struct rcu_head rcu;
	u32 mask;
	u8 ver;
	struct hlist_head head[];
};

/**
 * struct vsw_subtable - the flows of one mask
 * @mask: the mask
 * @buckets: its flows by hash of the masked key; several flows may share
 *	a key, with different priorities (RCU)
 * @grow_gp: the RCU state when @buckets last changed
 * @flows: its flows
 * @list: in &vsw_flow_table.subtables
 * @rcu: for freeing, once it is empty and out of the search
 * @count: how many flows
 * @max_priority: the highest priority of its flows
 * @dirty: a flow of @max_priority left: recompute it
 * @fresh: made by a vsw_flow_add() that has not published it yet
 * @first: the first u64 of @mask that is not zero
 * @last: one past the last one
 */
struct vsw_subtable {
	struct vsw_key mask;
	struct vsw_buckets __rcu *buckets;
	unsigned long grow_gp;
	struct list_head flows;
	struct list_head list;
	struct rcu_head rcu;
	unsigned int count;
	u16 max_priority;
	bool dirty;
	bool fresh;
	u8 first;
	u8 last;
};

/**
 * struct vsw_subtables - what the datapath searches, replaced whole under
 *	RCU whenever a flow comes or goes, and never changed in place
 * @rcu: for freeing
 * @generation: this array's, never the same for two of them: an
 *	exact-match cache entry of another generation is stale. 64 bits, so
 *	that it never comes round again; and a stale entry would still only
 *	name a subtable to search, never a flow
 * @n: how many subtables
 * @e: the subtables, highest max_priority first, each with its
 *	max_priority as it was when the array was made: the search stops by
 *	these, which only a new array changes, so the order a reader relies
 *	on holds for as long as it reads the array. A flow removed since
 *	leaves a snapshot too high, which only makes the search go on
 */
struct vsw_subtables {
	struct rcu_head rcu;
	u64 generation;
	unsigned int n;
	struct vsw_search_entry {
		struct vsw_subtable *st;
		u16 max_priority;
	} e[];
};

/**
 * struct vsw_flow_table - a bridge's flows
 * @search: what the datapath searches, NULL when there is no flow (RCU)
 * @subtables: every subtable
 * @flows: every flow, oldest first
 * @emc: the exact-match caches, one per CPU, allocated with the first
 *	flow (RCU)
 * @generation: bumped on every change of the table: the last
 *	&struct vsw_subtables published has it, or an older one; dumps are
 *	flagged when it moved
 * @next_id: the &vsw_flow.id of the next flow
 * @count: flows in the table
 * @max: the most it may hold
 * @timed: flows with a timeout
 * @miss: enum vswitch_miss, what the datapath does: @miss_set, or while
 *	the bridge has controllers what its fail mode says
 * @miss_set: enum vswitch_miss, as last set by a request
 * @fail_open: the bridge has controllers to connect to, none connected,
 *	and is standalone: a controller action forwards as normal instead
 * @controller_rate: packet-in messages allowed per second
 * @upcall_lock: protects @upcall_start and @upcall_count
 * @upcall_start: jiffies at the start of the current second
 * @upcall_count: packet-ins sent in it
 * @regrow: a subtable could not grow yet
 * @expire_work: removes flows whose time is up, grows subtables
 *
 * Changed under RTNL; the datapath reads it under RCU.
 */
struct vsw_flow_table {
	struct vsw_subtables __rcu *search;
	struct list_head subtables;
	struct list_head flows;
	struct vsw_emcs __rcu *emc;
	u64 generation;
	u64 next_id;
	unsigned int count;
	unsigned int max;
	unsigned int timed;
	u8 miss;
	u8 miss_set;
	bool fail_open;
	u32 controller_rate;
	spinlock_t upcall_lock;	/* @upcall_start, @upcall_count */
	unsigned long upcall_start;
	u32 upcall_count;
	bool regrow;
	struct delayed_work expire_work;
};

/* A flow as a request describes it, before it is in a table. */
struct vsw_flow_spec {
	struct vsw_key key;
	struct vsw_key mask;
	u16 priority;
	u16 idle_timeout;
	u16 hard_timeout;
	u16 flags;
	u64 cookie;
	u64 cookie_mask;
	bool has_cookie_mask;
	bool strict;
	struct vsw_actions *acts;
};

/* flow.c: the key of a frame */
void vsw_flow_extract(const struct vsw_port *port, struct sk_buff *skb,
		      const struct vsw_tun_md *tun, struct vsw_key *key);

/* flow_table.c: the classifier */
int vsw_flow_init(void);
void vsw_flow_exit(void);
void vsw_flow_table_init(struct vsw_flow_table *t);
void vsw_flow_table_stop(struct vsw_flow_table *t);
void vsw_flow_table_free(struct vsw_flow_table *t);
int vsw_flow_add(struct vsw_bridge *br, struct vsw_flow_spec *specs,
		 unsigned int n, struct netlink_ext_ack *extack);
unsigned int vsw_flow_del(struct vsw_bridge *br,
			  const struct vsw_flow_spec *filter);
unsigned int vsw_flow_del_port(struct vsw_bridge *br, u32 number);
int vsw_flow_modify(struct vsw_bridge *br,
		    const struct vsw_flow_spec *filter,
		    struct vsw_actions *acts, struct netlink_ext_ack *extack);
bool vsw_flow_filter(const struct vsw_flow *flow,
		     const struct vsw_flow_spec *filter);
struct vsw_flow *vsw_flow_find_exact(struct vsw_flow_table *t,
				     const struct vsw_key *key,
				     const struct vsw_key *mask, u16 priority);
struct vsw_flow *vsw_flow_classify(struct vsw_flow_table *t,
				   const struct vsw_key *key);
struct vsw_flow *vsw_flow_lookup(struct vsw_flow_table *t,
				 const struct vsw_subtables *search,
				 const struct vsw_key *key);
void vsw_flow_mask_key(struct vsw_key *dst, const struct vsw_key *key,
		       const struct vsw_key *mask);
void vsw_flow_hit(struct vsw_flow *flow, unsigned int len);
void vsw_flow_stats(struct vsw_flow *flow, u64 *packets, u64 *bytes,
		    unsigned long *used);

/* actions.c */
void vsw_flow_execute(struct vsw_port *in, struct sk_buff *skb,
		      const struct vsw_actions *acts, u64 cookie);

#endif /* _VSW_FLOW_H */
