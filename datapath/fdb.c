// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding table: which port a (VLAN, MAC) was last seen on.
 *
 * An rhashtable, so that the datapath looks addresses up without a lock and
 * learns a new one under the lock of a single hash chain. The cap is kept
 * with an atomic count: past it, nothing is allocated or locked, which is
 * what a MAC flood needs. A delayed work item removes the entries not
 * refreshed within the aging time; a removed entry is freed after an RCU
 * grace period, since the datapath may still be looking at it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "vswitch.h"

/* The aging work runs at least this often, to keep ages accurate enough. */
#define VSW_FDB_MIN_PERIOD	(HZ / 10)

/* Eight bytes, aligned: hashed and compared as one u64. */
struct vsw_fdb_key {
	u8 mac[ETH_ALEN];
	u16 vlan;
} __aligned(8);

struct vsw_fdb_entry {
	struct rhash_head node;
	struct vsw_fdb_key key;
	/* Written by the datapath without a lock: READ_ONCE/WRITE_ONCE. */
	struct vsw_port *port;
	unsigned long updated;
	struct rcu_head rcu;
};

static inline u64 vsw_fdb_word(const struct vsw_fdb_key *key)
{
	u64 w;

	BUILD_BUG_ON(sizeof(*key) != sizeof(w));
	memcpy(&w, key, sizeof(w));
	return w;
}

/*
 * rhashtable's own jhash2() and memcmp() take several times the
 * instructions of one multiply-xorshift and one compare, and every frame
 * looks up two keys.
 */
static u32 vsw_fdb_hash(const void *key, u32 len, u32 seed)
{
	return vsw_hash_final(vsw_fdb_word(key) ^ seed);
}

static int vsw_fdb_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct vsw_fdb_entry *e = obj;

	return vsw_fdb_word(arg->key) != vsw_fdb_word(&e->key);
}

static const struct rhashtable_params vsw_fdb_params = {
	.head_offset		= offsetof(struct vsw_fdb_entry, node),
	.key_offset		= offsetof(struct vsw_fdb_entry, key),
	.key_len		= sizeof(struct vsw_fdb_key),
	.hashfn			= vsw_fdb_hash,
	.obj_cmpfn		= vsw_fdb_cmp,
	.automatic_shrinking	= true,
};

static void vsw_fdb_key(struct vsw_fdb_key *key, const u8 *mac, u16 vlan)
{
	ether_addr_copy(key->mac, mac);
	key->vlan = vlan;
}

/* Removes @e unless someone else did first. */
static void vsw_fdb_remove(struct vsw_bridge *br, struct vsw_fdb_entry *e)
{
	if (rhashtable_remove_fast(&br->fdb, &e->node, vsw_fdb_params))
		return;
	atomic_dec(&br->fdb_count);
	kfree_rcu(e, rcu);
}

/**
 * vsw_fdb_learn() - note that a frame from @mac in @vlan came in on @port
 * @br: the bridge
 * @port: the input port
 * @mac: the frame's source address, a valid unicast address
 * @vlan: the frame's VLAN inside the switch
 *
 * Nothing is learned on a dead port (see DOC: Locking).
 * Context: the datapath (RCU, bottom halves off).
 */
void vsw_fdb_learn(struct vsw_bridge *br, struct vsw_port *port,
		   const u8 *mac, u16 vlan)
{
	struct vsw_fdb_entry *e, *old;
	struct vsw_fdb_key key;

	/* Its removal flushes its entries a grace period after setting this. */
	if (unlikely(READ_ONCE(port->dead)))
		return;
	vsw_fdb_key(&key, mac, vlan);
	e = rhashtable_lookup(&br->fdb, &key, vsw_fdb_params);
	if (e) {
		unsigned long now = jiffies;

		/* Write only what changed: the entry is shared by all CPUs. */
		if (READ_ONCE(e->updated) != now)
			WRITE_ONCE(e->updated, now);
		if (unlikely(READ_ONCE(e->port) != port)) {
			WRITE_ONCE(e->port, port);
			vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_MOVED);
		}
		return;
	}

	if (atomic_inc_return(&br->fdb_count) > READ_ONCE(br->fdb_max)) {
		atomic_dec(&br->fdb_count);
		vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_FDB_FULL);
		return;
	}
	e = kmalloc(sizeof(*e), GFP_ATOMIC);
	if (!e)
		goto err_uncount;
	e->key = key;
	e->port = port;
	e->updated = jiffies;
	old = rhashtable_lookup_get_insert_fast(&br->fdb, &e->node,
						vsw_fdb_params);
	if (old) {
		/* Another CPU learned it first, or the insert failed. */
		kfree(e);
		goto err_uncount;
	}
	vsw_bridge_count(br, VSWITCH_BRIDGE_STATS_LEARNED);
	return;

err_uncount:
	atomic_dec(&br->fdb_count);
}

/**
 * vsw_fdb_lookup() - the port @mac in @vlan was last seen on
 * @br: the bridge
 * @mac: a unicast address
 * @vlan: the VLAN inside the switch
 *
 * Context: the datapath (RCU). Return: the port, or NULL.
 */
struct vsw_port *vsw_fdb_lookup(struct vsw_bridge *br, const u8 *mac,
				u16 vlan)
{
	struct vsw_fdb_entry *e;
	struct vsw_fdb_key key;

	vsw_fdb_key(&key, mac, vlan);
	e = rhashtable_lookup(&br->fdb, &key, vsw_fdb_params);
	return e ? READ_ONCE(e->port) : NULL;
}

/*
 * Calls @fn on every entry. Entries may be removed meanwhile; a resize may
 * make the walk see some twice, which removing and counting tolerate.
 */
static void vsw_fdb_walk(struct vsw_bridge *br,
			 void (*fn)(struct vsw_bridge *br,
				    struct vsw_fdb_entry *e, void *arg),
			 void *arg)
{
	struct rhashtable_iter iter;
	struct vsw_fdb_entry *e;

	rhashtable_walk_enter(&br->fdb, &iter);
	rhashtable_walk_start(&iter);
	while ((e = rhashtable_walk_next(&iter))) {
		if (IS_ERR(e))
			continue;	/* -EAGAIN: a resize; go on */
		fn(br, e, arg);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

static void vsw_fdb_flush_one(struct vsw_bridge *br, struct vsw_fdb_entry *e,
			      void *port)
{
	if (!port || READ_ONCE(e->port) == port)
		vsw_fdb_remove(br, e);
}

/**
 * vsw_fdb_flush() - forget learned addresses
 * @br: the bridge
 * @port: forget only the addresses on this port, or NULL for all
 *
 * Context: process.
 */
void vsw_fdb_flush(struct vsw_bridge *br, const struct vsw_port *port)
{
	vsw_fdb_walk(br, vsw_fdb_flush_one, (void *)port);
}

static void vsw_fdb_age_one(struct vsw_bridge *br, struct vsw_fdb_entry *e,
			    void *next)
{
	unsigned long expires = READ_ONCE(e->updated) + br->fdb_aging;
	unsigned long *next_run = next;

	if (time_after_eq(jiffies, expires))
		vsw_fdb_remove(br, e);
	else if (time_before(expires, *next_run))
		*next_run = expires;
}

static void vsw_fdb_age(struct work_struct *work)
{
	struct vsw_bridge *br = container_of(to_delayed_work(work),
					     struct vsw_bridge, fdb_work);
	unsigned long next_run = jiffies + READ_ONCE(br->fdb_aging);

	vsw_fdb_walk(br, vsw_fdb_age_one, &next_run);
	next_run = max(next_run, jiffies + VSW_FDB_MIN_PERIOD);
	queue_delayed_work(system_power_efficient_wq, &br->fdb_work,
			   next_run - jiffies);
}

/**
 * vsw_fdb_dump() - put entries into a dump message
 * @br: the bridge
 * @skb: the message
 * @cb: the dump; @cb->seq is bumped when its table was replaced
 * @cur: in: where the last message stopped, zeroed before the first;
 *	out: where the next one goes on
 * @fill: puts one entry into @skb; non-zero when @skb is full
 *
 * Each message goes on from where the last one stopped, a bucket and a
 * position in it, so a dump of n entries takes O(n) in all. Nothing but
 * RCU is held: entries are freed a grace period after they leave, and a
 * port a grace period after its entries. The table may change between
 * messages, so an entry may be missed or sent twice, never invented. If
 * it grew or shrank, or is being rehashed, when a message goes on, its
 * buckets hash with another seed and the cursor means nothing: the dump
 * ends there, and @cb->seq changes, so that its last message is flagged
 * NLM_F_DUMP_INTR (the client starts again). Context: RCU.
 *
 * Return: 0 when the dump is over, else -EMSGSIZE.
 */
int vsw_fdb_dump(struct vsw_bridge *br, struct sk_buff *skb,
		 struct netlink_callback *cb, struct vsw_fdb_cursor *cur,
		 int (*fill)(struct sk_buff *skb, struct netlink_callback *cb,
			     u16 port, u16 vlan, const u8 *mac,
			     unsigned int age))
{
	const struct bucket_table *tbl = rht_dereference_rcu(br->fdb.tbl,
							     &br->fdb);
	unsigned long now = jiffies;
	struct vsw_fdb_entry *e;
	struct rhash_head *pos;
	u32 b, i;

	if (!cb->seq)
		cb->seq = 1;
	if (cur->size &&
	    (cur->size != tbl->size || cur->hash_rnd != tbl->hash_rnd ||
	     rcu_access_pointer(tbl->future_tbl))) {
		cb->seq++;
		return 0;
	}
	cur->size = tbl->size;
	cur->hash_rnd = tbl->hash_rnd;
	for (b = cur->bucket; b < tbl->size; b++) {
		i = 0;
		rht_for_each_entry_rcu(e, pos, tbl, b, node) {
			if (i++ < cur->skip)
				continue;
			if (fill(skb, cb, READ_ONCE(e->port)->number,
				 e->key.vlan, e->key.mac,
				 jiffies_to_msecs(now - READ_ONCE(e->updated)) /
				 MSEC_PER_SEC)) {
				cur->bucket = b;
				cur->skip = i - 1;
				return -EMSGSIZE;
			}
		}
		cur->skip = 0;
	}
	cur->bucket = b;
	return 0;
}

int vsw_fdb_init(struct vsw_bridge *br)
{
	atomic_set(&br->fdb_count, 0);
	INIT_DELAYED_WORK(&br->fdb_work, vsw_fdb_age);
	return rhashtable_init(&br->fdb, &vsw_fdb_params);
}

/* The table is empty and unused: vsw_bridge_unlink() flushed it. */
void vsw_fdb_free(struct vsw_bridge *br)
{
	rhashtable_destroy(&br->fdb);
}
