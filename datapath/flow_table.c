// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: a classifier by tuple-space search. Flows are grouped by
 * mask into subtables, each a hash table of the masked keys. A frame's key
 * is masked with each subtable's mask in turn and looked up; the subtables
 * are searched highest max_priority first, so the search stops as soon as
 * no subtable left can hold a better flow than the best found.
 *
 * In front of it each CPU has a small exact-match cache of whole keys,
 * used once there are two subtables or more. An entry says which subtable
 * held the best flow for its key, and the flow is looked up there again:
 * the cache never holds a pointer to a flow.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "vswitch.h"

/**
 * DOC: Flow table locking
 *
 * Writers hold RTNL, as all of the module's configuration does: the
 * netlink handlers, the expiry work (which takes it with rtnl_trylock()
 * and tries again later rather than wait, since the bridge's teardown
 * cancels the work under RTNL) and the bridge's teardown. Every field of
 * &struct vsw_flow_table, &struct vsw_subtable and &struct vsw_flow is
 * theirs, except:
 *
 *  - the RCU objects the datapath reads: &vsw_flow_table.search (an
 *    immutable array, replaced whole whenever a flow comes or goes, so
 *    that its generation says which table a cache entry was made from),
 *    &vsw_subtable.buckets, the hash chains of &vsw_flow.node, and
 *    &vsw_flow.acts. Writers read them with rtnl_dereference() and
 *    publish with rcu_assign_pointer(); what they take out is freed after
 *    a grace period (kfree_rcu(), kvfree_rcu(), call_rcu()), subtables
 *    and flows included, so that no reader can be in them. Nothing here
 *    waits for a grace period under RTNL.
 *  - the per-CPU statistics of a flow, &vsw_flow.stats: each CPU writes
 *    its own, with bottom halves off, and allocates it at its first hit;
 *    readers sum them. The few CPUs that get no memory for their own
 *    count in &vsw_flow.shared, under &vsw_flow.shared_lock.
 *  - the exact-match caches, &vsw_flow_table.emc: each CPU reads and
 *    writes its own, with bottom halves off. An entry holds a key, the
 *    generation of the search array it was made from and the index of a
 *    subtable in it, never a pointer. Publishing a new search array makes
 *    every entry stale at once; if there is no memory for a new array
 *    after flows left, the caches are dropped (vsw_flow_drop_emc()), so
 *    that no entry outlives the table it describes.
 *  - &vsw_flow_table.miss and _controller_rate, read with READ_ONCE().
 *  - the packet-in rate limit, &vsw_flow_table.upcall_start and
 *    _upcall_count, under &vsw_flow_table.upcall_lock, which the datapath
 *    takes with bottom halves off and packet-out takes with them off too.
 */

static_assert(sizeof(struct vsw_key) % sizeof(u64) == 0);

#define VSW_EMC_SIZE	128

/*
 * @st is 1 + the index in the search array of the subtable that held the
 * best flow for @key, or 0 if no flow matched.
 */
struct vsw_emc_entry {
	struct vsw_key key;
	u64 generation;
	u32 hash;
	u32 st;
};

struct vsw_emc {
	struct vsw_emc_entry e[VSW_EMC_SIZE];
} ____cacheline_aligned_in_smp;

/* One cache per possible CPU, indexed by smp_processor_id(). */
struct vsw_emcs {
	struct rcu_head rcu;
	struct vsw_emc cpu[];
};

/* Buckets of a new subtable; it doubles when it has more flows. */
#define VSW_BUCKETS_MIN	16

/*
 * Flows are of one size, with a statistics pointer per possible CPU: a
 * cache of their own, not kmalloc()'s power-of-two sizes.
 */
static struct kmem_cache *vsw_flow_cache __read_mostly;
static struct kmem_cache *vsw_flow_stats_cache __read_mostly;

/*
 * Keys are hashed and compared a u64 at a time, and only the words a
 * subtable's mask has: the kernel's memcmp() and jhash() go a byte or a
 * word at a time, and a frame that misses the cache hashes and compares
 * once per subtable.
 */
static inline u64 vsw_hash_add(u64 h, u64 word)
{
	h = (h ^ word) * GOLDEN_RATIO_64;
	return h ^ (h >> 29);
}

static u32 vsw_hash_words(const u64 *key, const u64 *mask, unsigned int first,
			  unsigned int last)
{
	u64 h = 0;
	unsigned int i;

	for (i = first; i < last; i++)
		h = vsw_hash_add(h, key[i] & mask[i]);
	return vsw_hash_final(h);
}

/* The hash of @key (whole, unmasked), for the exact-match cache. */
static u32 vsw_key_hash(const struct vsw_key *key)
{
	const u64 *w = (const u64 *)key;
	unsigned int i;
	u64 h = 0;

	for (i = 0; i < VSW_KEY_WORDS; i++)
		h = vsw_hash_add(h, w[i]);
	return vsw_hash_final(h);
}

static bool vsw_key_equal(const struct vsw_key *a, const struct vsw_key *b)
{
	const u64 *x = (const u64 *)a, *y = (const u64 *)b;
	u64 diff = 0;
	unsigned int i;

	for (i = 0; i < VSW_KEY_WORDS; i++)
		diff |= x[i] ^ y[i];
	return !diff;
}

/* The hash of a key under @st's mask. */
static u32 vsw_subtable_hash(const struct vsw_subtable *st,
			     const struct vsw_key *key)
{
	return vsw_hash_words((const u64 *)key, (const u64 *)&st->mask,
			      st->first, st->last);
}

/* Whether @key under @st's mask is @flow's match. */
static bool vsw_subtable_match(const struct vsw_subtable *st,
			       const struct vsw_flow *flow,
			       const struct vsw_key *key)
{
	const u64 *k = (const u64 *)key, *m = (const u64 *)&st->mask;
	const u64 *f = (const u64 *)&flow->key;
	u64 diff = 0;
	unsigned int i;

	for (i = st->first; i < st->last; i++)
		diff |= (k[i] & m[i]) ^ f[i];
	return !diff;
}

static struct vsw_buckets *vsw_buckets_alloc(unsigned int n, u8 ver)
{
	struct vsw_buckets *b;

	b = kvzalloc(struct_size(b, head, n), GFP_KERNEL_ACCOUNT);
	if (!b)
		return NULL;
	b->mask = n - 1;
	b->ver = ver;
	return b;
}

static struct hlist_head *vsw_bucket(struct vsw_buckets *b, u32 hash)
{
	return &b->head[hash & b->mask];
}

/*
 * Gives @st at least as many buckets as flows. The flows are linked into
 * the new buckets by their other node while readers may still walk the
 * old ones; that node is only reused a grace period after the last
 * switch, so a reader never follows it into the wrong chain. Without
 * memory, the old buckets stay, fuller. Context: RTNL.
 *
 * Return: whether it should be tried again later.
 */
static bool vsw_subtable_grow(struct vsw_subtable *st)
{
	struct vsw_buckets *old = rtnl_dereference(st->buckets), *new;
	unsigned int n = old->mask + 1, i;
	struct vsw_flow *flow;

	while (n < st->count)
		n *= 2;
	if (n == old->mask + 1)
		return false;
	/* Too soon: the maintenance work tries again. */
	if (!poll_state_synchronize_rcu(st->grow_gp))
		return true;
	new = vsw_buckets_alloc(n, !old->ver);
	if (!new)
		return true;
	for (i = 0; i <= old->mask; i++)
		hlist_for_each_entry(flow, &old->head[i], node[old->ver])
			hlist_add_head_rcu(&flow->node[new->ver],
					   vsw_bucket(new, flow->hash));
	rcu_assign_pointer(st->buckets, new);
	st->grow_gp = start_poll_synchronize_rcu();
	kvfree_rcu(old, rcu);
	return false;
}

static void vsw_subtable_insert(struct vsw_subtable *st, struct vsw_flow *flow)
{
	struct vsw_buckets *b = rtnl_dereference(st->buckets);

	flow->hash = vsw_subtable_hash(st, &flow->key);
	hlist_add_head_rcu(&flow->node[b->ver], vsw_bucket(b, flow->hash));
}

static void vsw_subtable_remove(struct vsw_subtable *st, struct vsw_flow *flow)
{
	struct vsw_buckets *b = rtnl_dereference(st->buckets);

	hlist_del_rcu(&flow->node[b->ver]);
}

void vsw_flow_mask_key(struct vsw_key *dst, const struct vsw_key *key,
		       const struct vsw_key *mask)
{
	const u64 *k = (const u64 *)key, *m = (const u64 *)mask;
	u64 *d = (u64 *)dst;
	unsigned int i;

	for (i = 0; i < VSW_KEY_WORDS; i++)
		d[i] = k[i] & m[i];
}

/*
 * The best flow of @st for @key, better than @best_prio, or NULL.
 * Context: RCU, or RTNL.
 */
static struct vsw_flow *vsw_subtable_lookup(struct vsw_subtable *st,
					    const struct vsw_key *key,
					    int best_prio)
{
	struct vsw_buckets *b = rcu_dereference_rtnl(st->buckets);
	struct vsw_flow *flow, *best = NULL;
	u32 hash = vsw_subtable_hash(st, key);

	hlist_for_each_entry_rcu(flow, vsw_bucket(b, hash), node[b->ver],
				 lockdep_rtnl_is_held()) {
		if (flow->hash == hash && (int)flow->priority > best_prio &&
		    vsw_subtable_match(st, flow, key)) {
			best = flow;
			best_prio = flow->priority;
		}
	}
	return best;
}

/*
 * The best flow of @search for @key, or NULL; *@where, if given, is the
 * index of its subtable.
 */
static struct vsw_flow *vsw_flow_search(const struct vsw_subtables *search,
					const struct vsw_key *key,
					unsigned int *where)
{
	struct vsw_flow *best = NULL, *flow;
	int best_prio = -1;
	unsigned int i;

	for (i = 0; i < search->n; i++) {
		if ((int)search->e[i].max_priority <= best_prio)
			break;
		flow = vsw_subtable_lookup(search->e[i].st, key, best_prio);
		if (flow) {
			best = flow;
			best_prio = flow->priority;
			if (where)
				*where = i;
		}
	}
	return best;
}

/**
 * vsw_flow_classify() - the best flow of a table for a key, without cache
 * @t: the table
 * @key: a frame's key
 *
 * Context: RCU, or RTNL. Return: the flow, or NULL.
 */
struct vsw_flow *vsw_flow_classify(struct vsw_flow_table *t,
				   const struct vsw_key *key)
{
	struct vsw_subtables *search = rcu_dereference_rtnl(t->search);

	return search ? vsw_flow_search(search, key, NULL) : NULL;
}

/**
 * vsw_flow_lookup() - the best flow for a frame, through the cache
 * @t: the table
 * @search: @t's search array, as the caller read it once for this frame
 * @key: the frame's key
 *
 * Context: RCU, bottom halves off. Return: the flow, or NULL.
 */
struct vsw_flow *vsw_flow_lookup(struct vsw_flow_table *t,
				 const struct vsw_subtables *search,
				 const struct vsw_key *key)
{
	struct vsw_emcs *emcs = rcu_dereference(t->emc);
	struct vsw_emc_entry *e;
	struct vsw_flow *flow;
	unsigned int where;
	u32 hash;

	/* This CPU's cache: no other BH section runs on the CPU meanwhile. */
	lockdep_assert_in_softirq();
	/*
	 * One subtable is one probe that hashes only its mask's words: less
	 * than hashing and comparing the whole key for the cache.
	 */
	if (!emcs || search->n == 1)
		return vsw_flow_search(search, key, NULL);
	hash = vsw_key_hash(key);
	e = &emcs->cpu[smp_processor_id()].e[hash & (VSW_EMC_SIZE - 1)];
	if (e->generation == search->generation && e->hash == hash &&
	    vsw_key_equal(&e->key, key)) {
		if (!e->st)
			return NULL;
		/* The same generation is the same array: the index holds. */
		if (likely(e->st <= search->n)) {
			flow = vsw_subtable_lookup(search->e[e->st - 1].st,
						   key, -1);
			if (likely(flow))
				return flow;
		}
	}
	flow = vsw_flow_search(search, key, &where);
	e->key = *key;
	e->generation = search->generation;
	e->hash = hash;
	e->st = flow ? where + 1 : 0;
	return flow;
}

/*
 * Drops the caches, when the search array could not be replaced after
 * flows left: an entry could still name the subtable of a flow that is
 * gone, where the best flow is now in another. vsw_flow_add() makes new
 * ones. Context: RTNL.
 */
static void vsw_flow_drop_emc(struct vsw_flow_table *t)
{
	struct vsw_emcs *emcs = rtnl_dereference(t->emc);

	if (!emcs)
		return;
	RCU_INIT_POINTER(t->emc, NULL);
	kvfree_rcu(emcs, rcu);
}

static int vsw_flow_alloc_emc(struct vsw_flow_table *t)
{
	struct vsw_emcs *emcs;

	if (rtnl_dereference(t->emc))
		return 0;
	emcs = kvzalloc(struct_size(emcs, cpu, nr_cpu_ids), GFP_KERNEL_ACCOUNT);
	if (!emcs)
		return -ENOMEM;
	rcu_assign_pointer(t->emc, emcs);
	return 0;
}

/**
 * vsw_flow_stats() - sum a flow's statistics
 * @flow: the flow
 * @packets: frames that took it
 * @bytes: their bytes
 * @used: jiffies of the last one, or when it was added
 *
 * Context: RCU, or RTNL.
 */
void vsw_flow_stats(struct vsw_flow *flow, u64 *packets, u64 *bytes,
		    unsigned long *used)
{
	unsigned long last = flow->created;
	u64 p = 0, b = 0, sp, sb;
	unsigned int start;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct vsw_flow_stats *s;
		unsigned long u;

		s = rcu_dereference_rtnl(flow->stats[cpu]);
		if (!s)
			continue;
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			sp = u64_stats_read(&s->packets);
			sb = u64_stats_read(&s->bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		p += sp;
		b += sb;
		u = READ_ONCE(s->used);
		if (sp && time_after(u, last))
			last = u;
	}
	spin_lock_bh(&flow->shared_lock);
	p += flow->shared.packets;
	b += flow->shared.bytes;
	if (flow->shared.packets && time_after(flow->shared.used, last))
		last = flow->shared.used;
	spin_unlock_bh(&flow->shared_lock);
	*packets = p;
	*bytes = b;
	*used = last;
}

/*
 * This CPU's statistics of @flow, made at its first hit; NULL without
 * memory, and then not tried again for a second, so that a host short of
 * memory does not try to allocate for every frame.
 */
static struct vsw_flow_stats *vsw_flow_cpu_stats(struct vsw_flow *flow,
						 int cpu)
{
	struct vsw_flow_stats *s;

	unsigned long retry = READ_ONCE(flow->stats_retry);

	/* 0: no failure to wait after, whatever jiffies say. */
	if (retry && time_before(jiffies, retry))
		return NULL;
	s = kmem_cache_zalloc(vsw_flow_stats_cache,
			      GFP_NOWAIT | __GFP_NOWARN | __GFP_NOMEMALLOC);
	if (!s) {
		WRITE_ONCE(flow->stats_retry, (jiffies + HZ) ?: 1);
		return NULL;
	}
	if (retry)
		WRITE_ONCE(flow->stats_retry, 0);
	u64_stats_init(&s->syncp);
	rcu_assign_pointer(flow->stats[cpu], s);
	return s;
}

/**
 * vsw_flow_hit() - count a frame that took a flow
 * @flow: the flow
 * @len: the frame's length
 *
 * Context: the datapath (RCU, bottom halves off).
 */
void vsw_flow_hit(struct vsw_flow *flow, unsigned int len)
{
	int cpu = smp_processor_id();
	unsigned long now = jiffies;
	struct vsw_flow_stats *s;

	/* Only this CPU writes its statistics. */
	lockdep_assert_in_softirq();
	s = rcu_dereference(flow->stats[cpu]);
	if (unlikely(!s)) {
		s = vsw_flow_cpu_stats(flow, cpu);
		if (unlikely(!s)) {
			spin_lock(&flow->shared_lock);
			flow->shared.packets++;
			flow->shared.bytes += len;
			flow->shared.used = now;
			spin_unlock(&flow->shared_lock);
			return;
		}
	}
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_add(&s->bytes, len);
	u64_stats_update_end(&s->syncp);
	if (s->used != now)
		WRITE_ONCE(s->used, now);
}

/* Orders a search array's subtables by max_priority, highest first. */
static int vsw_search_cmp(const void *a, const void *b)
{
	const struct vsw_search_entry *x = a, *y = b;

	return (int)y->max_priority - (int)x->max_priority;
}

/*
 * A search array for every subtable the table has now, to fill in with
 * vsw_flow_commit(); NULL if there is none. Context: RTNL.
 */
static int vsw_search_alloc(struct vsw_flow_table *t,
			    struct vsw_subtables **search)
{
	struct vsw_subtable *st;
	unsigned int n = 0;

	*search = NULL;
	list_for_each_entry(st, &t->subtables, list)
		n++;
	if (!n)
		return 0;
	/* One entry per mask: as many as flows, at worst. */
	*search = kvmalloc(struct_size(*search, e, n), GFP_KERNEL_ACCOUNT);
	return *search ? 0 : -ENOMEM;
}

/*
 * Recomputes every subtable's max_priority, fills @new from them, of a
 * new generation, and publishes it. @new came from vsw_search_alloc() of
 * the same subtables. Context: RTNL.
 */
static void vsw_flow_commit(struct vsw_flow_table *t, struct vsw_subtables *new)
{
	struct vsw_subtables *old = rtnl_dereference(t->search);
	struct vsw_subtable *st;
	struct vsw_flow *flow;

	ASSERT_RTNL();
	t->generation++;
	if (new) {
		new->n = 0;
		list_for_each_entry(st, &t->subtables, list) {
			if (st->dirty) {
				st->max_priority = 0;
				list_for_each_entry(flow, &st->flows, st_list)
					st->max_priority = max(st->max_priority,
							       flow->priority);
				st->dirty = false;
			}
			st->fresh = false;
			new->e[new->n].st = st;
			new->e[new->n++].max_priority = st->max_priority;
		}
		sort(new->e, new->n, sizeof(new->e[0]), vsw_search_cmp, NULL);
		new->generation = t->generation;
	}
	rcu_assign_pointer(t->search, new);
	if (old)
		kvfree_rcu(old, rcu);
}

static void vsw_subtable_free(struct vsw_subtable *st)
{
	kvfree(rcu_access_pointer(st->buckets));
	kfree(st);
}

static void vsw_subtable_free_rcu(struct rcu_head *head)
{
	vsw_subtable_free(container_of(head, struct vsw_subtable, rcu));
}

/*
 * After flows left: frees the subtables left without a flow, once no
 * reader can be in them, and publishes the new search order. Without
 * memory for the new order the old array stays, empty subtables and all:
 * its max_priority snapshots are at least the true ones, so it still
 * finds the best flow, only searching more; but the caches go, since an
 * entry could name the subtable of a flow that left. Context: RTNL.
 */
static void vsw_flow_republish(struct vsw_flow_table *t)
{
	struct vsw_subtable *st, *next;
	struct vsw_subtables *new;
	LIST_HEAD(dead);

	list_for_each_entry_safe(st, next, &t->subtables, list)
		if (!st->count)
			list_move(&st->list, &dead);
	if (vsw_search_alloc(t, &new)) {
		list_splice(&dead, &t->subtables);
		vsw_flow_drop_emc(t);
		/* The table changed all the same: dumps must tell. */
		t->generation++;
		net_warn_ratelimited("no memory to reorder a flow table\n");
		return;
	}
	vsw_flow_commit(t, new);
	/* Unpublished: freed once the readers of the old array are gone. */
	list_for_each_entry_safe(st, next, &dead, list)
		call_rcu(&st->rcu, vsw_subtable_free_rcu);
}

/* The subtable of @mask, or NULL. Context: RTNL. */
static struct vsw_subtable *vsw_subtable_find(struct vsw_flow_table *t,
					      const struct vsw_key *mask)
{
	struct vsw_subtable *st;

	list_for_each_entry(st, &t->subtables, list)
		if (vsw_key_equal(&st->mask, mask))
			return st;
	return NULL;
}

/*
 * A new subtable of @mask, in the table's list but in no search array
 * yet: @fresh until vsw_flow_commit() publishes it. Context: RTNL.
 */
static struct vsw_subtable *vsw_subtable_new(struct vsw_flow_table *t,
					     const struct vsw_key *mask)
{
	const u64 *m = (const u64 *)mask;
	struct vsw_subtable *st;
	unsigned int i;

	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return NULL;
	RCU_INIT_POINTER(st->buckets, vsw_buckets_alloc(VSW_BUCKETS_MIN, 0));
	if (!rcu_access_pointer(st->buckets)) {
		kfree(st);
		return NULL;
	}
	st->mask = *mask;
	st->grow_gp = start_poll_synchronize_rcu();
	INIT_LIST_HEAD(&st->flows);
	st->first = VSW_KEY_WORDS;
	for (i = 0; i < VSW_KEY_WORDS; i++) {
		if (!m[i])
			continue;
		st->first = min_t(u8, st->first, i);
		st->last = i + 1;
	}
	if (st->first == VSW_KEY_WORDS)
		st->first = 0;
	st->fresh = true;
	list_add_tail(&st->list, &t->subtables);
	return st;
}

/**
 * vsw_flow_find_exact() - the flow with exactly a match and priority
 * @t: the table
 * @key: the match, masked
 * @mask: its mask
 * @priority: the priority
 *
 * Context: RTNL. Return: the flow, or NULL.
 */
struct vsw_flow *vsw_flow_find_exact(struct vsw_flow_table *t,
				     const struct vsw_key *key,
				     const struct vsw_key *mask, u16 priority)
{
	struct vsw_subtable *st = vsw_subtable_find(t, mask);
	struct vsw_buckets *b;
	struct vsw_flow *flow;
	u32 hash;

	ASSERT_RTNL();
	if (!st)
		return NULL;
	b = rtnl_dereference(st->buckets);
	hash = vsw_subtable_hash(st, key);
	hlist_for_each_entry(flow, vsw_bucket(b, hash), node[b->ver])
		if (flow->hash == hash && flow->priority == priority &&
		    vsw_key_equal(&flow->key, key))
			return flow;
	return NULL;
}

static void vsw_flow_free(struct vsw_flow *flow)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct vsw_flow_stats *s = rcu_access_pointer(flow->stats[cpu]);

		if (s)
			kmem_cache_free(vsw_flow_stats_cache, s);
	}
	kfree(rcu_access_pointer(flow->acts));
	kmem_cache_free(vsw_flow_cache, flow);
}

static void vsw_flow_free_rcu(struct rcu_head *head)
{
	vsw_flow_free(container_of(head, struct vsw_flow, rcu));
}

static struct vsw_bridge *vsw_flow_table_bridge(struct vsw_flow_table *t)
{
	return container_of(t, struct vsw_bridge, flows);
}

/* @flow has left @st; its best priority may have gone with it. */
static void vsw_subtable_forget(struct vsw_subtable *st,
				const struct vsw_flow *flow)
{
	st->count--;
	if (flow->priority == st->max_priority)
		st->dirty = true;
}

/*
 * Takes @flow out of the table and lets go of its tunnel keys; it is
 * freed after a grace period. The caller republishes.
 */
static void vsw_flow_unlink(struct vsw_flow_table *t, struct vsw_flow *flow)
{
	vsw_subtable_remove(flow->st, flow);
	list_del(&flow->list);
	list_del(&flow->st_list);
	vsw_subtable_forget(flow->st, flow);
	t->count--;
	if (flow->idle_timeout || flow->hard_timeout)
		t->timed--;
	vsw_tnl_keys_put(vsw_flow_table_bridge(t),
			 rtnl_dereference(flow->acts));
	call_rcu(&flow->rcu, vsw_flow_free_rcu);
}

static struct vsw_flow *vsw_flow_alloc(struct vsw_flow_table *t,
				       const struct vsw_flow_spec *spec)
{
	struct vsw_flow *flow;

	flow = kmem_cache_zalloc(vsw_flow_cache, GFP_KERNEL_ACCOUNT);
	if (!flow)
		return NULL;
	flow->key = spec->key;
	flow->priority = spec->priority;
	flow->cookie = spec->cookie;
	flow->idle_timeout = spec->idle_timeout;
	flow->hard_timeout = spec->hard_timeout;
	flow->flags = spec->flags;
	flow->created = jiffies;
	flow->id = t->next_id++;
	spin_lock_init(&flow->shared_lock);
	return flow;
}

static void vsw_flow_schedule_expiry(struct vsw_flow_table *t)
{
	if ((t->timed || t->regrow) && !delayed_work_pending(&t->expire_work))
		queue_delayed_work(system_power_efficient_wq, &t->expire_work,
				   t->regrow ? HZ / 10 : HZ);
}

/* Grows the subtables that have more flows than buckets. Context: RTNL. */
static void vsw_flow_grow(struct vsw_flow_table *t)
{
	struct vsw_subtable *st;

	t->regrow = false;
	list_for_each_entry(st, &t->subtables, list)
		if (vsw_subtable_grow(st))
			t->regrow = true;
}

/* Whether @a and @b are the same flow: match and priority. */
static bool vsw_spec_same(const struct vsw_flow_spec *a,
			  const struct vsw_flow_spec *b)
{
	return a->priority == b->priority && vsw_key_equal(&a->key, &b->key) &&
	       vsw_key_equal(&a->mask, &b->mask);
}

/*
 * How many flows the table gains with @specs: those that replace neither a
 * flow of the table nor an earlier one of the batch.
 */
static unsigned int vsw_flow_gain(struct vsw_flow_table *t,
				  const struct vsw_flow_spec *specs,
				  unsigned int n)
{
	unsigned int i, j, gain = 0;

	for (i = 0; i < n; i++) {
		if (vsw_flow_find_exact(t, &specs[i].key, &specs[i].mask,
					specs[i].priority))
			continue;
		for (j = 0; j < i; j++)
			if (vsw_spec_same(&specs[i], &specs[j]))
				break;
		gain += j == i;
	}
	return gain;
}

/**
 * vsw_flow_add() - add flows to a bridge, all of them or none
 * @br: the bridge
 * @specs: the flows; each one's actions pass to the table on success
 * @n: how many
 * @extack: for the reason of a failure
 *
 * A flow with the match and priority of one in the table replaces it, and
 * starts with zero statistics, as an OpenFlow add does. Everything that
 * can fail is done before the first flow goes in, so the datapath sees
 * either none of them or, once the new search array is published, all.
 * Context: RTNL.
 *
 * Return: 0, -ENOSPC if the table would hold more than its maximum, or
 * -ENOMEM; on failure the table is as it was.
 */
int vsw_flow_add(struct vsw_bridge *br, struct vsw_flow_spec *specs,
		 unsigned int n, struct netlink_ext_ack *extack)
{
	struct vsw_flow_table *t = &br->flows;
	struct vsw_subtables *search = NULL;
	struct vsw_subtable *st, *next;
	unsigned int i, got = 0;
	struct vsw_flow **new;
	int err = -ENOMEM;

	ASSERT_RTNL();
	if (!n)
		return 0;
	if (t->count + vsw_flow_gain(t, specs, n) > t->max) {
		NL_SET_ERR_MSG(extack,
			       "the bridge's flow table is full: see flow-max");
		return -ENOSPC;
	}
	new = kvcalloc(n, sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	err = vsw_flow_alloc_emc(t);
	if (err)
		goto out;
	for (got = 0; got < n; got++) {
		err = vsw_tnl_keys_get(br, specs[got].acts, extack);
		if (err)
			goto err_free;
	}
	err = -ENOMEM;
	for (i = 0; i < n; i++) {
		new[i] = vsw_flow_alloc(t, &specs[i]);
		if (!new[i])
			goto err_free;
		st = vsw_subtable_find(t, &specs[i].mask) ?:
		     vsw_subtable_new(t, &specs[i].mask);
		if (!st)
			goto err_free;
		new[i]->st = st;
	}
	err = vsw_search_alloc(t, &search);
	if (err)
		goto err_free;

	/* Nothing fails from here on. */
	for (i = 0; i < n; i++) {
		struct vsw_flow *flow = new[i], *prev;

		/* A later flow of the batch may replace an earlier one. */
		prev = vsw_flow_find_exact(t, &flow->key, &flow->st->mask,
					   flow->priority);
		if (prev)
			vsw_flow_unlink(t, prev);
		RCU_INIT_POINTER(flow->acts, specs[i].acts);
		vsw_subtable_insert(flow->st, flow);
		list_add_tail(&flow->st_list, &flow->st->flows);
		list_add_tail(&flow->list, &t->flows);
		flow->st->count++;
		flow->st->max_priority = max(flow->st->max_priority,
					     flow->priority);
		t->count++;
		if (flow->idle_timeout || flow->hard_timeout)
			t->timed++;
	}
	vsw_flow_commit(t, search);
	vsw_flow_grow(t);
	vsw_flow_schedule_expiry(t);
	err = 0;
	goto out;

err_free:
	/* None of it was seen: the flows' actions stay the caller's. */
	for (i = 0; i < n && new[i]; i++)
		kmem_cache_free(vsw_flow_cache, new[i]);
	list_for_each_entry_safe(st, next, &t->subtables, list) {
		if (!st->fresh)
			continue;
		list_del(&st->list);
		vsw_subtable_free(st);
	}
	while (got--)
		vsw_tnl_keys_put(br, specs[got].acts);
out:
	kvfree(new);
	return err;
}

/**
 * vsw_flow_filter() - whether a flow is one a request selects
 * @flow: the flow
 * @filter: with @filter->strict, the same match and priority; without,
 *	every flow whose match is at least as specific as the filter's
 *
 * The cookie is compared under the cookie mask if there is one.
 * Context: RTNL.
 */
bool vsw_flow_filter(const struct vsw_flow *flow,
		     const struct vsw_flow_spec *filter)
{
	const u64 *fk = (const u64 *)&flow->key;
	const u64 *fm = (const u64 *)&flow->st->mask;
	const u64 *k = (const u64 *)&filter->key;
	const u64 *m = (const u64 *)&filter->mask;
	unsigned int i;

	if (filter->has_cookie_mask &&
	    (flow->cookie & filter->cookie_mask) !=
	    (filter->cookie & filter->cookie_mask))
		return false;
	if (filter->strict)
		return flow->priority == filter->priority &&
		       vsw_key_equal(&flow->st->mask, &filter->mask) &&
		       vsw_key_equal(&flow->key, &filter->key);
	for (i = 0; i < VSW_KEY_WORDS; i++)
		if ((fm[i] & m[i]) != m[i] || (fk[i] & m[i]) != k[i])
			return false;
	return true;
}

/* Whether @flow matches on in_port @number or has an output to it. */
static bool vsw_flow_names_port(const struct vsw_flow *flow, u32 number)
{
	const struct vsw_actions *acts = rtnl_dereference(flow->acts);
	unsigned int i;

	if (flow->st->mask.in_port && flow->key.in_port == number)
		return true;
	for (i = 0; i < acts->n; i++)
		if (acts->a[i].type == VSWITCH_ACTION_A_OUTPUT &&
		    acts->a[i].arg == number)
			return true;
	return false;
}

/*
 * Removes the flows @filter selects, or without @filter those that name
 * port @number. Context: RTNL. Return: how many went.
 */
static unsigned int vsw_flow_remove(struct vsw_bridge *br,
				    const struct vsw_flow_spec *filter,
				    u32 number)
{
	struct vsw_flow_table *t = &br->flows;
	struct vsw_flow *flow, *next;
	unsigned int n = 0;

	ASSERT_RTNL();
	list_for_each_entry_safe(flow, next, &t->flows, list) {
		if (filter ? !vsw_flow_filter(flow, filter) :
			     !vsw_flow_names_port(flow, number))
			continue;
		if (flow->flags & VSWITCH_FLOW_F_SEND_REMOVED)
			vsw_netlink_notify_flow_removed(br, flow, filter ?
							VSWITCH_FLOW_REMOVED_DELETE :
							VSWITCH_FLOW_REMOVED_PORT);
		vsw_flow_unlink(t, flow);
		n++;
	}
	if (n)
		vsw_flow_republish(t);
	return n;
}

/**
 * vsw_flow_del() - remove the flows a filter selects
 * @br: the bridge
 * @filter: see vsw_flow_filter()
 *
 * Context: RTNL. Return: how many went.
 */
unsigned int vsw_flow_del(struct vsw_bridge *br,
			  const struct vsw_flow_spec *filter)
{
	return vsw_flow_remove(br, filter, 0);
}

/**
 * vsw_flow_del_port() - remove the flows that name a port
 * @br: the bridge
 * @number: the number of a port being deleted
 *
 * A flow that names a port by its number, to match or to output, goes
 * with it: a port added later may take the number, and must not inherit
 * flows written for another. Context: RTNL. Return: how many went.
 */
unsigned int vsw_flow_del_port(struct vsw_bridge *br, u32 number)
{
	return vsw_flow_remove(br, NULL, number);
}

/**
 * vsw_flow_modify() - give new actions to the flows a filter selects
 * @br: the bridge
 * @filter: see vsw_flow_filter()
 * @acts: the actions; each flow gets a copy
 * @extack: for the reason of a failure
 *
 * Statistics and timeouts are kept. The cache needs no change: it names
 * subtables, and the actions are read from the flow. Context: RTNL.
 *
 * Return: how many flows changed, or an error with nothing changed.
 */
int vsw_flow_modify(struct vsw_bridge *br, const struct vsw_flow_spec *filter,
		    struct vsw_actions *acts, struct netlink_ext_ack *extack)
{
	size_t size = struct_size(acts, a, acts->n);
	struct vsw_flow_table *t = &br->flows;
	struct vsw_actions **copies;
	struct vsw_actions *old;
	struct vsw_flow *flow;
	unsigned int n = 0, i = 0;
	int err = -ENOMEM;

	ASSERT_RTNL();
	list_for_each_entry(flow, &t->flows, list)
		n += vsw_flow_filter(flow, filter);
	if (!n)
		return 0;
	copies = kvcalloc(n, sizeof(*copies), GFP_KERNEL);
	if (!copies)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		copies[i] = kmemdup(acts, size, GFP_KERNEL_ACCOUNT);
		if (!copies[i]) {
			err = -ENOMEM;
			goto err_free;
		}
		err = vsw_tnl_keys_get(br, copies[i], extack);
		if (err) {
			kfree(copies[i]);
			goto err_free;
		}
	}
	i = 0;
	list_for_each_entry(flow, &t->flows, list) {
		if (!vsw_flow_filter(flow, filter))
			continue;
		old = rtnl_dereference(flow->acts);
		rcu_assign_pointer(flow->acts, copies[i++]);
		vsw_tnl_keys_put(br, old);
		kfree_rcu(old, rcu);
	}
	kvfree(copies);
	/* The caches need nothing, but a dump in progress must tell. */
	t->generation++;
	return n;

err_free:
	while (i--) {
		vsw_tnl_keys_put(br, copies[i]);
		kfree(copies[i]);
	}
	kvfree(copies);
	return err;
}

/*
 * Whether @flow's time is up at @now, and if so which timeout ran out in
 * *@reason (enum vswitch_flow_removed_reason).
 */
static bool vsw_flow_expired(struct vsw_flow *flow, unsigned long now,
			     u8 *reason)
{
	u64 packets, bytes;
	unsigned long used;

	if (flow->hard_timeout &&
	    time_after_eq(now, flow->created + flow->hard_timeout * HZ)) {
		*reason = VSWITCH_FLOW_REMOVED_HARD_TIMEOUT;
		return true;
	}
	if (!flow->idle_timeout)
		return false;
	vsw_flow_stats(flow, &packets, &bytes, &used);
	*reason = VSWITCH_FLOW_REMOVED_IDLE_TIMEOUT;
	return time_after_eq(now, used + flow->idle_timeout * HZ);
}

static void vsw_flow_expire(struct work_struct *work)
{
	struct vsw_flow_table *t = container_of(to_delayed_work(work),
						struct vsw_flow_table,
						expire_work);
	unsigned long now = jiffies;
	struct vsw_flow *flow, *next;
	unsigned int n = 0;
	u8 reason;

	/* The bridge's teardown cancels this work under RTNL. */
	if (!rtnl_trylock()) {
		queue_delayed_work(system_power_efficient_wq, &t->expire_work,
				   HZ / 10);
		return;
	}
	if (t->regrow)
		vsw_flow_grow(t);
	list_for_each_entry_safe(flow, next, &t->flows, list) {
		if (!t->timed)
			break;
		if (!(flow->idle_timeout || flow->hard_timeout) ||
		    !vsw_flow_expired(flow, now, &reason))
			continue;
		if (flow->flags & VSWITCH_FLOW_F_SEND_REMOVED)
			vsw_netlink_notify_flow_removed(vsw_flow_table_bridge(t),
							flow, reason);
		vsw_flow_unlink(t, flow);
		n++;
	}
	if (n)
		vsw_flow_republish(t);
	vsw_flow_schedule_expiry(t);
	rtnl_unlock();
}

void vsw_flow_table_init(struct vsw_flow_table *t)
{
	INIT_LIST_HEAD(&t->subtables);
	INIT_LIST_HEAD(&t->flows);
	t->max = VSWITCH_FLOW_MAX_DEFAULT;
	t->controller_rate = VSWITCH_CONTROLLER_RATE_DEFAULT;
	t->miss = VSWITCH_MISS_NORMAL;
	t->miss_set = VSWITCH_MISS_NORMAL;
	t->next_id = 1;
	spin_lock_init(&t->upcall_lock);
	INIT_DELAYED_WORK(&t->expire_work, vsw_flow_expire);
}

/*
 * Stops expiry and the datapath's searches, when the bridge goes. Context:
 * RTNL.
 */
void vsw_flow_table_stop(struct vsw_flow_table *t)
{
	struct vsw_subtables *search = rtnl_dereference(t->search);

	ASSERT_RTNL();
	cancel_delayed_work_sync(&t->expire_work);
	RCU_INIT_POINTER(t->search, NULL);
	if (search)
		kvfree_rcu(search, rcu);
}

/*
 * Frees every flow, once no reader is left: the bridge's internal port is
 * unregistered, a grace period after vsw_flow_table_stop(). Its tunnel
 * ports are gone with their keys, so none is let go of here.
 */
void vsw_flow_table_free(struct vsw_flow_table *t)
{
	struct vsw_subtable *st, *nst;
	struct vsw_flow *flow, *next;

	list_for_each_entry_safe(flow, next, &t->flows, list) {
		list_del(&flow->list);
		vsw_flow_free(flow);
	}
	list_for_each_entry_safe(st, nst, &t->subtables, list) {
		list_del(&st->list);
		vsw_subtable_free(st);
	}
	kvfree(rcu_access_pointer(t->search));
	RCU_INIT_POINTER(t->search, NULL);
	kvfree(rcu_access_pointer(t->emc));
	RCU_INIT_POINTER(t->emc, NULL);
	t->count = 0;
}

int __init vsw_flow_init(void)
{
	struct vsw_flow *flow;

	vsw_flow_cache = kmem_cache_create("vswitch_flow",
					   struct_size(flow, stats, nr_cpu_ids),
					   0, 0, NULL);
	if (!vsw_flow_cache)
		return -ENOMEM;
	vsw_flow_stats_cache = kmem_cache_create("vswitch_flow_stats",
						 sizeof(struct vsw_flow_stats),
						 0, SLAB_HWCACHE_ALIGN, NULL);
	if (!vsw_flow_stats_cache) {
		kmem_cache_destroy(vsw_flow_cache);
		return -ENOMEM;
	}
	return 0;
}

void vsw_flow_exit(void)
{
	kmem_cache_destroy(vsw_flow_stats_cache);
	kmem_cache_destroy(vsw_flow_cache);
}

#if IS_ENABLED(CONFIG_KUNIT)
#include "flow_table_test.c"
#endif
