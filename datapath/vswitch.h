/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VSW_VSWITCH_H
#define _VSW_VSWITCH_H

#include <linux/hashtable.h>
#include <linux/if_vlan.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <uapi/linux/vswitch.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

#include "flow.h"

/* compat.h's functions, now that the kernel's types are known. */
#define VSW_COMPAT_FUNCTIONS
#include "compat.h"

/**
 * DOC: Locking
 *
 * All configuration runs under RTNL: generic netlink requests take it
 * themselves (the family sets parallel_ops, so there is no genl_mutex),
 * and "ip link del" of a bridge's internal port and namespace teardown
 * already hold it. RTNL protects:
 *
 *  - the list of bridges of a namespace (&vsw_net.bridges) and its
 *    generation number;
 *  - every configuration field of &struct vsw_bridge and &struct vsw_port,
 *    and the list of ports of a bridge;
 *  - the flow table (see DOC: Flow table locking in flow_table.c).
 *
 * The datapath runs under RCU (rx_handler and ndo_start_xmit both run in
 * an RCU read-side section with bottom halves off) and takes no lock:
 *
 *  - the port list is walked with list_for_each_entry_rcu(); a removed port
 *    is freed after a grace period;
 *  - a port's VLAN settings are one RCU pointer, replaced whole;
 *  - the forwarding table is an rhashtable: lookups are lockless, and
 *    learning a new address takes only the bucket lock of its hash chain.
 *    Known addresses are refreshed with plain stores. The entry count is an
 *    atomic_t, so the cap needs no lock either;
 *  - counters are per-CPU.
 *
 * What keeps a port alive for a reader: a frame finds a port in the port
 * list, in a device's rx_handler_data, in a tunnel endpoint's hash, or in
 * an FDB entry, and uses it inside one RCU read-side section. Removing a
 * port (vsw_port_del()) takes it out of the first three, marks it dead,
 * waits for a grace period, so that every reader that saw it alive is
 * done, and only then flushes its FDB entries: a learner refuses a dead
 * port, so nothing can point to the port again. It is freed a grace
 * period after that flush.
 *
 * Nothing the datapath keeps between frames is a pointer that a counter
 * validates: the exact-match cache stores indexes and looks the flow up
 * again.
 *
 * Functions that need RTNL say so with ASSERT_RTNL().
 */

#define VSW_TNL_REMOTES_BITS	8

/**
 * struct vsw_net - per network namespace state
 * @bridges: the bridges of this namespace, oldest first
 * @generation: bumped on every change to a bridge or port of this
 *	namespace, renames included, so that a dump split over several
 *	messages can tell it raced with a change; never zero
 * @tunnel_eps: the shared receive devices of tunnel ports,
 *	&struct vsw_tnl_ep (RTNL)
 * @tnl_remotes: every tunnel port of the namespace by remote address
 *	(RCU), to tell the tunnels' own packets
 * @n_bridges: how many @bridges there are (RTNL)
 * @agent_portid: the netlink socket that last reported which controllers
 *	its bridges are connected to (&vsw_bridge.connected), 0 for none;
 *	every report belongs to it, and goes when it closes (written under
 *	RTNL, read without it by the netlink notifier)
 */
struct vsw_net {
	struct list_head bridges;
	unsigned int generation;
	struct list_head tunnel_eps;
	DECLARE_HASHTABLE(tnl_remotes, VSW_TNL_REMOTES_BITS);
	unsigned int n_bridges;
	u32 agent_portid;
};

/* Enough counters for a bridge, and so for a port, which has fewer. */
#define VSW_COUNTERS_MAX	(VSWITCH_BRIDGE_STATS_MAX + 1)
static_assert(VSWITCH_PORT_STATS_MAX + 1 <= VSW_COUNTERS_MAX);

/*
 * The per-CPU counters of a bridge (indexed by enum vswitch_bridge_stats)
 * or of a port (enum vswitch_port_stats).
 */
struct vsw_counters {
	u64_stats_t n[VSW_COUNTERS_MAX];
	struct u64_stats_sync syncp;
};

/**
 * struct vsw_bridge - a bridge, the private area of its internal port
 * @dev: the internal port, a network device named as the bridge
 * @list: entry in &vsw_net.bridges, from ndo_init to ndo_uninit
 * @dpid: datapath ID, never zero, unique within the namespace
 * @local: the LOCAL port, whose device is @dev
 * @ports: every port, LOCAL included, in the order they were added (RCU)
 * @port_ids: the port numbers in use, but LOCAL's
 * @fdb: the forwarding table, &struct vsw_fdb_entry keyed by (VLAN, MAC)
 * @fdb_count: entries in @fdb
 * @fdb_max: the most entries @fdb may hold
 * @fdb_aging: jiffies after which an entry not refreshed is removed
 * @fdb_work: removes aged entries
 * @stats: per-CPU counters
 * @flows: the flow table
 * @tun_keys: the set_tunnel keys the flows use, each with how many
 *	actions use it (xa_mk_value()); every tunnel port keeps the
 *	metadata to send with each of them (RTNL)
 * @n_tun_keys: how many keys @tun_keys holds (RTNL)
 * @n_tnl_mds: how many metadata dsts the tunnel ports keep for the port's
 *	own key and for @tun_keys, at most VSW_TNL_MDS_MAX (RTNL)
 * @serial: unique among every bridge since the module loaded: a dump that
 *	resumes finds the bridge by name, and tells by this whether it is
 *	still the same bridge
 * @n_ports: how many ports there are besides LOCAL (RTNL)
 * @port_next: the port number to try first for the next port (RTNL)
 * @fdb_ready: @fdb was initialised
 * @dying: set once its ports are gone and the bridge is being deleted
 * @ctl: its OpenFlow controllers, NULL for none (RTNL)
 * @fail_mode: enum vswitch_fail_mode (RTNL)
 * @connected: a bit for each of @ctl's targets the agent reported
 *	connected: bit i for @ctl->target[i] (RTNL)
 */
struct vsw_bridge {
	struct net_device *dev;
	struct list_head list;
	u64 dpid;
	struct vsw_port *local;
	struct list_head ports;
	struct ida port_ids;
	struct rhashtable fdb;
	atomic_t fdb_count;
	unsigned int fdb_max;
	unsigned long fdb_aging;
	struct delayed_work fdb_work;
	struct vsw_counters __percpu *stats;
	struct vsw_flow_table flows;
	struct xarray tun_keys;
	unsigned int n_tun_keys;
	unsigned int n_tnl_mds;
	u64 serial;
	unsigned int n_ports;
	u16 port_next;
	bool fdb_ready;
	bool dying;
	struct vsw_controllers *ctl;
	u8 fail_mode;
	u8 connected;
};

static_assert(VSWITCH_CONTROLLERS_MAX <= 8 * sizeof(u8));

/**
 * struct vsw_controllers - a bridge's controller targets, replaced whole
 * @n: how many, 1 to VSWITCH_CONTROLLERS_MAX
 * @target: each NUL-terminated, as the request gave them
 *
 * Only the control path reads them, under RTNL: the agent does the
 * connecting.
 */
struct vsw_controllers {
	unsigned int n;
	char target[][VSWITCH_CONTROLLER_TARGET_LEN];
};

/**
 * struct vsw_vlan - a port's VLAN settings, replaced whole under RCU
 * @tag: the VLAN of an access port, or 0
 * @trunks: for a trunk, the VLANs it carries; NULL settings (no
 *	&struct vsw_vlan at all) carry every VLAN as received
 * @rcu: for freeing
 */
struct vsw_vlan {
	u16 tag;
	DECLARE_BITMAP(trunks, VLAN_N_VID);
	struct rcu_head rcu;
};

/**
 * struct vsw_port - a port of a bridge
 * @br: the bridge
 * @dev: the device frames enter and leave by
 * @list: entry in &vsw_bridge.ports
 * @number: 1 to VSWITCH_PORT_MAX, or VSWITCH_PORT_LOCAL
 * @type: enum vswitch_port_type
 * @vlan: VLAN settings, NULL for "every VLAN as received"
 * @stats: per-CPU counters
 * @tnl: a tunnel port's remote end and options, else NULL
 * @lro_disabled: adding the port turned LRO off on @dev; removing turns it on
 * @isolated: never sends to another isolated port
 * @dead: being removed: nothing may learn an address on it any more
 * @gone: in the list of a bridge's ports being removed together
 * @owner: VSWITCH_PORT_A_OWNER, or NULL; set once, under RTNL, before the
 *	port is first reported, read under RTNL only, freed with the port
 * @rcu: for freeing
 */
struct vsw_port {
	struct vsw_bridge *br;
	struct net_device *dev;
	struct list_head list;
	u16 number;
	u8 type;
	struct vsw_vlan __rcu *vlan;
	struct vsw_counters __percpu *stats;
	struct vsw_tnl *tnl;
	bool lro_disabled;
	bool isolated;
	bool dead;
	struct list_head gone;
	const char *owner;
	struct rcu_head rcu;
};

/*
 * The most different set_tunnel keys a bridge's flows may use: each tunnel
 * port keeps metadata for each (tunnel.c).
 */
#define VSW_TUN_KEYS_MAX	4096

/*
 * The most metadata dsts a bridge's tunnel ports keep, over all ports and
 * keys: a port with tos inherit and df inherit takes 128 per key.
 */
#define VSW_TNL_MDS_MAX		65536

/* The largest VXLAN network identifier: 24 bits. */
#define VSW_VNI_MAX	0xffffff

/* A tunnel's addresses: IPv4 in @ip4 (the rest zero) or IPv6. */
union vsw_tnl_addr {
	__be32 ip4;
	struct in6_addr ip6;
};

/**
 * struct vsw_tnl_cfg - what a tunnel port is, as requested
 * @type: VSWITCH_PORT_TYPE_VXLAN or _GRE
 * @family: AF_INET or AF_INET6
 * @has_key: GRE: the packets carry a key field (VXLAN: always)
 * @key: the VNI or GRE key
 * @remote: the other end
 * @local: our end, or all zero for any
 * @dstport: VXLAN: the UDP port, host order; GRE: 0
 * @ttl: outer TTL or hop limit, 0 for the route's
 * @tos: outer TOS, or VSWITCH_TOS_INHERIT
 * @df: enum vswitch_tunnel_df
 * @csum: outer UDP or GRE checksum
 */
struct vsw_tnl_cfg {
	u8 type;
	u8 family;
	bool has_key;
	u32 key;
	union vsw_tnl_addr remote;
	union vsw_tnl_addr local;
	u16 dstport;
	u8 ttl;
	u8 tos;
	u8 df;
	bool csum;
};

extern unsigned int vsw_net_id;
extern unsigned int vsw_max_bridges;
extern unsigned int vsw_max_ports;

static inline struct vsw_net *vsw_net(const struct net *net)
{
	return net_generic(net, vsw_net_id);
}

static inline void vsw_bridge_count(struct vsw_bridge *br,
				    enum vswitch_bridge_stats which)
{
	struct vsw_counters *s = this_cpu_ptr(br->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->n[which]);
	u64_stats_update_end(&s->syncp);
}

static inline void vsw_port_count(struct vsw_port *port,
				  enum vswitch_port_stats packets,
				  enum vswitch_port_stats bytes,
				  unsigned int len)
{
	struct vsw_counters *s = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->n[packets]);
	if (bytes)
		u64_stats_add(&s->n[bytes], len);
	u64_stats_update_end(&s->syncp);
}

/* bridge.c */
struct vsw_bridge *vsw_bridge_find_by_name(struct net *net, const char *name);
struct vsw_bridge *vsw_bridge_find_rcu(struct net *net, const char *name);
struct vsw_bridge *vsw_bridge_find_by_ifindex(struct net *net, int ifindex);
struct vsw_bridge *vsw_bridge_find_by_dpid(struct net *net, u64 dpid);
struct vsw_bridge *vsw_bridge_create(struct net *net, const char *name,
				     u64 dpid, struct netlink_ext_ack *extack);
int vsw_bridge_check_dpid(struct net *net, u64 dpid,
			  const struct vsw_bridge *self,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack);
void vsw_bridge_set_dpid(struct vsw_bridge *br, u64 dpid);
void vsw_bridge_set_fdb(struct vsw_bridge *br, unsigned int aging_secs,
			unsigned int max);
void vsw_counters_read(const struct vsw_counters __percpu *stats, u64 *n,
		       unsigned int count);
int vsw_bridge_link(struct vsw_bridge *br);
void vsw_bridge_unlink(struct vsw_bridge *br);
void vsw_bridge_free(struct vsw_bridge *br);
void vsw_bridge_destroy(struct vsw_bridge *br, struct list_head *kill);
void vsw_bridges_destroy_net(struct net *net, struct list_head *kill);
void vsw_net_changed(struct net *net);

/* port.c */
struct vsw_port *vsw_port_find(struct net *net, const char *name);
struct vsw_port *vsw_port_add(struct vsw_bridge *br,
			      const struct nlattr *name_attr, u8 type,
			      const struct nlattr *number_attr,
			      struct vsw_vlan *vlan, const struct vsw_tnl_cfg *tnl,
			      bool isolated, struct netlink_ext_ack *extack);
struct vsw_port *vsw_port_alloc_local(struct vsw_bridge *br);
void vsw_port_set_isolated(struct vsw_port *port, bool isolated);
void vsw_port_free_local(struct vsw_port *port);
void vsw_port_del(struct vsw_port *port, struct list_head *kill);
void vsw_ports_del_all(struct vsw_bridge *br, struct list_head *kill);
void vsw_port_set_vlan(struct vsw_port *port, struct vsw_vlan *vlan);
int vsw_port_init(void);
void vsw_port_exit(void);

/* tunnel.c */
int vsw_tnl_module_get(u8 type, struct netlink_ext_ack *extack);
void vsw_tnl_module_put(u8 type);
struct vsw_port *vsw_tnl_find(struct net *net, const char *name);
int vsw_tnl_port_add(struct vsw_port *port, const char *name,
		     const struct vsw_tnl_cfg *cfg,
		     struct netlink_ext_ack *extack);
void vsw_tnl_port_stop(struct vsw_port *port);
void vsw_tnl_port_del(struct vsw_port *port, struct list_head *kill);
void vsw_tnl_free(struct vsw_tnl *tnl);
const char *vsw_tnl_name(const struct vsw_tnl *tnl);
const struct vsw_tnl_cfg *vsw_tnl_cfg(const struct vsw_tnl *tnl);
bool vsw_tnl_dev_event(struct net_device *dev, unsigned long event);
void vsw_tnl_xmit(struct vsw_port *port, struct sk_buff *skb,
		  const u32 *tun_key, bool flood);
int vsw_tnl_keys_get(struct vsw_bridge *br, const struct vsw_actions *acts,
		     struct netlink_ext_ack *extack);
void vsw_tnl_keys_put(struct vsw_bridge *br, const struct vsw_actions *acts);

static inline const char *vsw_port_name(const struct vsw_port *port)
{
	return port->tnl ? vsw_tnl_name(port->tnl) : port->dev->name;
}

/* datapath.c */
rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb);
void vsw_input(struct vsw_port *port, struct sk_buff *skb);
void vsw_input_tun(struct vsw_port *port, struct sk_buff *skb,
		   const struct vsw_tun_md *tun);
void vsw_normal(struct vsw_port *port, struct sk_buff *skb);
void vsw_drop_skb(struct vsw_bridge *br, struct sk_buff *skb,
		  enum vswitch_bridge_stats why);
void vsw_xmit(struct vsw_port *port, struct sk_buff *skb);
void vsw_send(struct vsw_port *port, struct sk_buff *skb, const u32 *tun_key,
	      bool flood);
bool vsw_port_up(const struct vsw_port *port);
struct vsw_port *vsw_port_by_number(struct vsw_bridge *br, u32 number);
void vsw_packet_in(struct vsw_port *in, struct sk_buff *skb, u64 cookie,
		   u8 reason, unsigned int max_len);

/* MurmurHash3's finaliser: every input bit reaches the low bits. */
static inline u32 vsw_hash_final(u64 h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* fdb.c */
int vsw_fdb_init(struct vsw_bridge *br);
void vsw_fdb_free(struct vsw_bridge *br);
void vsw_fdb_learn(struct vsw_bridge *br, struct vsw_port *port,
		   const u8 *mac, u16 vlan);
struct vsw_port *vsw_fdb_lookup(struct vsw_bridge *br, const u8 *mac,
				u16 vlan);
void vsw_fdb_flush(struct vsw_bridge *br, const struct vsw_port *port);

/**
 * struct vsw_fdb_cursor - where an FDB dump goes on
 * @bucket: the hash bucket
 * @skip: how many entries of @bucket earlier messages carried
 * @hash_rnd: the hash seed of the table @bucket is in
 * @size: that table's size, 0 before the first message
 */
struct vsw_fdb_cursor {
	u32 bucket;
	u32 skip;
	u32 hash_rnd;
	u32 size;
};

int vsw_fdb_dump(struct vsw_bridge *br, struct sk_buff *skb,
		 struct netlink_callback *cb, struct vsw_fdb_cursor *cur,
		 int (*fill)(struct sk_buff *skb, struct netlink_callback *cb,
			     u16 port, u16 vlan, const u8 *mac,
			     unsigned int age));

/* internal_dev.c */
struct net_device *vsw_internal_dev_alloc(const char *name);
struct net_device *vsw_internal_port_dev_alloc(const char *name,
					       struct vsw_port *port);
bool vsw_is_internal_dev(const struct net_device *dev);
bool vsw_is_internal_port_dev(const struct net_device *dev);
struct vsw_port *vsw_internal_port(const struct net_device *dev);
void vsw_internal_port_detach(struct net_device *dev);
void vsw_internal_deliver(struct vsw_port *port, struct sk_buff *skb);
int vsw_internal_dev_register(void);
void vsw_internal_dev_unregister(void);

/* netlink.c */
enum vsw_mcgrp {
	VSW_MCGRP_CONFIG,
	VSW_MCGRP_PACKETS,
	VSW_MCGRP_FLOWS,
};

extern struct genl_family vsw_genl_family;
struct vsw_bridge *vsw_nl_port_bridge(struct net *net, struct nlattr **attrs,
				      int type, struct netlink_ext_ack *extack);
int vsw_netlink_init(void);
void vsw_netlink_exit(void);
void vsw_netlink_notify_bridge(struct vsw_bridge *br, u8 cmd);
void vsw_netlink_notify_port(struct vsw_port *port, u8 cmd);
void vsw_netlink_notify_flow_removed(struct vsw_bridge *br,
				     struct vsw_flow *flow, u8 reason);

/* flow_netlink.c */
extern const struct nla_policy vsw_flow_policy[VSWITCH_FLOW_A_MAX + 1];
extern const struct nla_policy vsw_flow_entry_policy[VSWITCH_FLOW_A_MAX + 1];
int vsw_nl_parse_match(const struct nlattr *nest, struct vsw_key *key,
		       struct vsw_key *mask, struct netlink_ext_ack *extack);
struct vsw_actions *vsw_nl_parse_actions(struct vsw_bridge *br,
					 const struct nlattr *nest,
					 struct netlink_ext_ack *extack);
int vsw_nl_parse_flow(struct vsw_bridge *br, struct nlattr **tb,
		      struct nlattr *where, bool need_actions,
		      struct vsw_flow_spec *spec,
		      struct netlink_ext_ack *extack);
int vsw_nl_parse_filter(struct vsw_bridge *br, struct nlattr **tb,
			struct vsw_flow_spec *filter,
			struct netlink_ext_ack *extack);
int vsw_nl_fill_flow(struct sk_buff *skb, struct vsw_flow *flow, u8 cmd,
		     u32 portid, u32 seq, int flags, struct netlink_callback *cb);
int vsw_nl_fill_flow_removed(struct sk_buff *skb, struct vsw_bridge *br,
			     struct vsw_flow *flow, u8 reason);

#endif /* _VSW_VSWITCH_H */
