// SPDX-License-Identifier: GPL-2.0
/*
 * Bridges: creation, lookup, settings, counters and teardown.
 *
 * A bridge is the private area of its internal port, so the two live and
 * die together: a bridge is destroyed by unregistering its internal port,
 * whoever asks for it (a netlink request, "ip link del", the namespace going
 * away, the module being unloaded). The port's ndo_init and ndo_uninit put
 * the bridge on and take it off its namespace's list, so every path leaves
 * the list consistent.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "vswitch.h"

/* How often to draw a new random MAC when the derived DPID is taken. */
#define VSW_DPID_DERIVE_TRIES	8

/* Where &vsw_bridge.serial comes from. */
static atomic64_t vsw_bridge_serials = ATOMIC64_INIT(0);

/* A bridge or a port of @net changed: dumps in progress are stale. */
void vsw_net_changed(struct net *net)
{
	struct vsw_net *vn = vsw_net(net);

	/* A dump cursor compares against zero: never hand it out. */
	if (!++vn->generation)
		vn->generation = 1;
}

static struct vsw_bridge *vsw_bridge_from_dev(struct net_device *dev)
{
	if (!dev || !vsw_is_internal_dev(dev))
		return NULL;
	return netdev_priv(dev);
}

struct vsw_bridge *vsw_bridge_find_by_name(struct net *net, const char *name)
{
	ASSERT_RTNL();
	return vsw_bridge_from_dev(__dev_get_by_name(net, name));
}

/**
 * vsw_bridge_find_rcu() - the bridge of a name, without RTNL
 * @net: the namespace
 * @name: the bridge's name
 *
 * The bridge's memory, the internal port's private area, stays until a
 * grace period after it leaves the namespace's device list.
 * Context: RCU. Return: the bridge, or NULL.
 */
struct vsw_bridge *vsw_bridge_find_rcu(struct net *net, const char *name)
{
	return vsw_bridge_from_dev(dev_get_by_name_rcu(net, name));
}

struct vsw_bridge *vsw_bridge_find_by_ifindex(struct net *net, int ifindex)
{
	ASSERT_RTNL();
	return vsw_bridge_from_dev(__dev_get_by_index(net, ifindex));
}

struct vsw_bridge *vsw_bridge_find_by_dpid(struct net *net, u64 dpid)
{
	struct vsw_bridge *br;

	ASSERT_RTNL();
	list_for_each_entry(br, &vsw_net(net)->bridges, list)
		if (br->dpid == dpid)
			return br;
	return NULL;
}

/* Open vSwitch's rule: 0x0000 followed by the 48 bits of the MAC. */
static u64 vsw_dpid_from_mac(const u8 *mac)
{
	return ether_addr_to_u64(mac);
}

/**
 * vsw_bridge_create() - create a bridge and register its internal port
 * @net: the namespace the bridge belongs to
 * @name: a valid interface name that is free in @net
 * @dpid: the datapath ID, or 0 to derive it from the internal port's MAC
 * @extack: where to say what went wrong
 *
 * The caller has checked that @name is valid and free and that a non-zero
 * @dpid is free. The bridge starts with the default FDB settings and its
 * LOCAL port. Context: RTNL.
 *
 * Return: the bridge, or an ERR_PTR().
 */
struct vsw_bridge *vsw_bridge_create(struct net *net, const char *name,
				     u64 dpid, struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct vsw_bridge *br;
	int tries, err;

	ASSERT_RTNL();
	if (vsw_net(net)->n_bridges >= READ_ONCE(vsw_max_bridges)) {
		NL_SET_ERR_MSG(extack,
			       "too many bridges in this namespace (module parameter max_bridges)");
		return ERR_PTR(-ENOSPC);
	}

	dev = vsw_internal_dev_alloc(name);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev_net_set(dev, net);
	br = netdev_priv(dev);
	br->dev = dev;
	INIT_LIST_HEAD(&br->ports);
	ida_init(&br->port_ids);
	br->port_next = 1;
	xa_init(&br->tun_keys);
	br->serial = atomic64_inc_return(&vsw_bridge_serials);
	br->fdb_max = VSWITCH_FDB_MAX_DEFAULT;
	br->fdb_aging = VSWITCH_FDB_AGING_DEFAULT * HZ;
	vsw_flow_table_init(&br->flows);
	err = -ENOMEM;
	br->stats = netdev_alloc_pcpu_stats(struct vsw_counters);
	if (!br->stats)
		goto err_free;
	br->local = vsw_port_alloc_local(br);
	if (!br->local)
		goto err_free;
	err = vsw_fdb_init(br);
	if (err)
		goto err_free;
	br->fdb_ready = true;

	for (tries = 0; !dpid; tries++) {
		if (tries == VSW_DPID_DERIVE_TRIES) {
			NL_SET_ERR_MSG(extack,
				       "no free DPID could be derived from a random MAC address");
			err = -EEXIST;
			goto err_free;
		}
		if (tries)
			eth_hw_addr_random(dev);
		dpid = vsw_dpid_from_mac(dev->dev_addr);
		if (vsw_bridge_find_by_dpid(net, dpid))
			dpid = 0;
	}
	br->dpid = dpid;

	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG(extack, "could not register the bridge's internal port");
		goto err_free;
	}
	return br;

err_free:
	vsw_bridge_free(br);
	free_netdev(dev);
	return ERR_PTR(err);
}

/*
 * Frees what vsw_bridge_create() allocated, once the internal port is
 * unregistered (its priv_destructor) or failed to register. Safe on a
 * bridge that was only partly set up, and twice: a failed register calls
 * the destructor, and then the error path of vsw_bridge_create() does.
 */
void vsw_bridge_free(struct vsw_bridge *br)
{
	if (br->fdb_ready)
		vsw_fdb_free(br);
	br->fdb_ready = false;
	vsw_flow_table_free(&br->flows);
	if (br->local)
		vsw_port_free_local(br->local);
	br->local = NULL;
	free_percpu(br->stats);
	br->stats = NULL;
	ida_destroy(&br->port_ids);
	xa_destroy(&br->tun_keys);
	kfree(br->ctl);
	br->ctl = NULL;
}

/**
 * vsw_bridge_check_dpid() - check that a bridge may take a datapath ID
 * @net: the bridge's namespace
 * @dpid: the ID
 * @self: the bridge that would take it, or NULL for a new one
 * @attr: the attribute @dpid came from, named in errors
 * @extack: where to say what went wrong
 *
 * Context: RTNL.
 * Return: 0, -EINVAL for zero, or -EEXIST if another bridge has @dpid.
 */
int vsw_bridge_check_dpid(struct net *net, u64 dpid,
			  const struct vsw_bridge *self,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	struct vsw_bridge *other;

	if (!dpid) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "DPID must not be zero");
		return -EINVAL;
	}
	other = vsw_bridge_find_by_dpid(net, dpid);
	if (other && other != self) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "DPID is already used by another bridge");
		return -EEXIST;
	}
	return 0;
}

/**
 * vsw_bridge_set_dpid() - change a bridge's datapath ID
 * @br: the bridge
 * @dpid: the new ID, checked with vsw_bridge_check_dpid()
 *
 * Context: RTNL.
 */
void vsw_bridge_set_dpid(struct vsw_bridge *br, u64 dpid)
{
	ASSERT_RTNL();
	if (br->dpid == dpid)
		return;
	br->dpid = dpid;
	vsw_net_changed(dev_net(br->dev));
}

/**
 * vsw_bridge_set_fdb() - change a bridge's forwarding table settings
 * @br: the bridge
 * @aging_secs: the aging time in seconds, or 0 to leave it
 * @max: the most entries, or 0 to leave it
 *
 * A lower cap does not remove entries: they age out. A new aging time
 * applies at once to every entry. Context: RTNL.
 */
void vsw_bridge_set_fdb(struct vsw_bridge *br, unsigned int aging_secs,
			unsigned int max)
{
	ASSERT_RTNL();
	if (max)
		WRITE_ONCE(br->fdb_max, max);
	if (aging_secs) {
		WRITE_ONCE(br->fdb_aging, (unsigned long)aging_secs * HZ);
		mod_delayed_work(system_power_efficient_wq, &br->fdb_work, 0);
	}
	vsw_net_changed(dev_net(br->dev));
}

/**
 * vsw_counters_read() - sum per-CPU counters
 * @stats: a bridge's or a port's counters
 * @n: where the sums go, @count of them
 * @count: how many counters to read, from index 0
 */
void vsw_counters_read(const struct vsw_counters __percpu *stats, u64 *n,
		       unsigned int count)
{
	u64 v[VSW_COUNTERS_MAX];
	unsigned int start, i;
	int cpu;

	memset(n, 0, count * sizeof(*n));
	for_each_possible_cpu(cpu) {
		const struct vsw_counters *s = per_cpu_ptr(stats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < count; i++)
				v[i] = u64_stats_read(&s->n[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < count; i++)
			n[i] += v[i];
	}
}

/*
 * Called from the internal port's ndo_init: the bridge becomes visible and
 * its LOCAL port starts switching.
 */
int vsw_bridge_link(struct vsw_bridge *br)
{
	struct vsw_net *vn = vsw_net(dev_net(br->dev));

	ASSERT_RTNL();
	list_add_tail(&br->list, &vn->bridges);
	vn->n_bridges++;
	list_add_tail_rcu(&br->local->list, &br->ports);
	queue_delayed_work(system_power_efficient_wq, &br->fdb_work,
			   br->fdb_aging);
	vsw_net_changed(dev_net(br->dev));
	return 0;
}

/*
 * Called from the internal port's ndo_uninit, after vsw_bridge_destroy()
 * removed the other ports: the bridge goes away.
 */
void vsw_bridge_unlink(struct vsw_bridge *br)
{
	ASSERT_RTNL();
	list_del(&br->list);
	vsw_net(dev_net(br->dev))->n_bridges--;
	list_del_rcu(&br->local->list);
	/* Closed and stopped: nothing enters by LOCAL since a grace period. */
	WRITE_ONCE(br->local->dead, true);
	WARN_ON(!list_empty(&br->ports));
	cancel_delayed_work_sync(&br->fdb_work);
	vsw_fdb_flush(br, NULL);
	vsw_flow_table_stop(&br->flows);
	vsw_net_changed(dev_net(br->dev));
}

/**
 * vsw_bridge_destroy() - remove a bridge's ports and queue it for deletion
 * @br: the bridge
 * @kill: the list unregister_netdevice_many() will take; internal ports'
 *	devices and the bridge's own go on it
 *
 * Context: RTNL.
 */
void vsw_bridge_destroy(struct vsw_bridge *br, struct list_head *kill)
{
	ASSERT_RTNL();
	br->dying = true;
	vsw_ports_del_all(br, kill);
	unregister_netdevice_queue(br->dev, kill);
}

/**
 * vsw_bridges_destroy_net() - queue every bridge of a namespace for deletion
 * @net: the namespace
 * @kill: the list that unregister_netdevice_many() will take
 *
 * Unregistering is only queued here, so the walk stays safe: the bridges
 * leave the list later, in ndo_uninit. Nothing is announced. Context: RTNL.
 */
void vsw_bridges_destroy_net(struct net *net, struct list_head *kill)
{
	struct vsw_bridge *br;

	ASSERT_RTNL();
	list_for_each_entry(br, &vsw_net(net)->bridges, list)
		vsw_bridge_destroy(br, kill);
}
