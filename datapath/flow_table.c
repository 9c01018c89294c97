// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: a classifier by tuple-space search. Flows are grouped by
 * mask into subtables, each a hash table of the masked keys. A frame's key
 * is masked with each subtable's mask in turn and looked up; the subtables
 * are searched highest max_priority first, so the search stops as soon as
 * no subtable left can hold a better flow than the best found.
 *
 * In front of it each CPU has a small exact-match cache of whole keys,
 * used once there are two subtables or more. Any change to the table bumps
 * its generation number, which makes every cache entry stale at once: no
 * entry is ever walked to be invalidated.
 *
 * Readers are the datapath, under RCU. Writers hold RTNL, as all of the
 * module's configuration does.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "vswitch.h"

static_assert(sizeof(struct vsw_key) % sizeof(u64) == 0);

#define VSW_EMC_SIZE	128

struct vsw_emc_entry {
	struct vsw_key key;
	struct vsw_flow *flow;
	u32 generation;
	u32 hash;
};

/*
 * Per CPU, touched only with bottom halves off. An entry with a NULL flow
 * caches a miss.
 */
struct vsw_emc {
	struct vsw_emc_entry e[VSW_EMC_SIZE];
};

/* Buckets of a new subtable; it doubles when it has more flows. */
#define VSW_BUCKETS_MIN	16

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

/* The best flow of the table for @key, or NULL. Context: RCU. */
struct vsw_flow *vsw_flow_classify(struct vsw_flow_table *t,
				   const struct vsw_key *key)
{
	struct vsw_subtables *search = rcu_dereference_rtnl(t->search);
	struct vsw_flow *best = NULL, *flow;
	unsigned int i;
	int best_prio = -1;

	if (!search)
		return NULL;
	for (i = 0; i < search->n; i++) {
		struct vsw_subtable *st = search->st[i];
		struct vsw_buckets *b;
		u32 hash;

		if ((int)st->max_priority <= best_prio)
			break;
		b = rcu_dereference_rtnl(st->buckets);
		hash = vsw_subtable_hash(st, key);
		hlist_for_each_entry_rcu(flow, vsw_bucket(b, hash),
					 node[b->ver]) {
			if (flow->hash == hash &&
			    (int)flow->priority > best_prio &&
			    vsw_subtable_match(st, flow, key)) {
				best = flow;
				best_prio = flow->priority;
			}
		}
	}
	return best;
}

/*
 * The flow for @key through the exact-match cache. Context: RCU, bottom
 * halves off.
 */
struct vsw_flow *vsw_flow_lookup(struct vsw_flow_table *t,
				 const struct vsw_key *key)
{
	/* Pairs with vsw_flow_changed(): a new generation, a new table. */
	u32 gen = smp_load_acquire(&t->generation);
	struct vsw_emc __percpu *emcs = READ_ONCE(t->emc);
	struct vsw_subtables *search = rcu_dereference(t->search);
	struct vsw_emc *emc;
	struct vsw_emc_entry *e;
	struct vsw_flow *flow;
	u32 hash;

	/*
	 * One subtable is one probe that hashes only its mask's words: less
	 * than hashing and comparing the whole key for the cache.
	 */
	if (!emcs || !search || search->n == 1)
		return vsw_flow_classify(t, key);
	emc = this_cpu_ptr(emcs);
	hash = vsw_key_hash(key);
	e = &emc->e[hash & (VSW_EMC_SIZE - 1)];
	if (e->generation == gen && e->hash == hash &&
	    vsw_key_equal(&e->key, key))
		return e->flow;
	/* A change during the search has made this entry stale already. */
	flow = vsw_flow_classify(t, key);
	e->key = *key;
	e->flow = flow;
	e->hash = hash;
	e->generation = gen;
	return flow;
}

void vsw_flow_stats(struct vsw_flow *flow, u64 *packets, u64 *bytes,
		    unsigned long *used)
{
	spin_lock_bh(&flow->lock);
	*packets = flow->packets;
	*bytes = flow->bytes;
	*used = flow->used;
	spin_unlock_bh(&flow->lock);
}

void vsw_flow_hit(struct vsw_flow *flow, unsigned int len)
{
	spin_lock(&flow->lock);
	flow->packets++;
	flow->bytes += len;
	flow->used = jiffies;
	spin_unlock(&flow->lock);
}

/*
 * Makes every exact-match cache entry stale. Called after a change to the
 * table and before anything it took out is freed: a reader that still
 * found the old generation is in a grace period that started before.
 */
static void vsw_flow_changed(struct vsw_flow_table *t)
{
	/* Orders the table's changes before the new generation. */
	smp_store_release(&t->generation, t->generation + 1);
}

/* Orders subtables by max_priority, highest first. */
static int vsw_subtable_cmp(const void *a, const void *b)
{
	const struct vsw_subtable *x = *(struct vsw_subtable * const *)a;
	const struct vsw_subtable *y = *(struct vsw_subtable * const *)b;

	return (int)y->max_priority - (int)x->max_priority;
}

/*
 * Recomputes every subtable's max_priority and publishes the search order.
 * Called at the end of each change. Context: RTNL.
 */
static int vsw_flow_publish(struct vsw_flow_table *t)
{
	struct vsw_subtables *old = rtnl_dereference(t->search), *new = NULL;
	struct vsw_subtable *st;
	struct vsw_flow *flow;
	unsigned int n = 0;

	list_for_each_entry(st, &t->subtables, list) {
		if (st->dirty) {
			st->max_priority = 0;
			list_for_each_entry(flow, &st->flows, st_list)
				st->max_priority = max(st->max_priority,
						       flow->priority);
			st->dirty = false;
		}
		n++;
	}
	if (n) {
		new = kmalloc(struct_size(new, st, n), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		new->n = 0;
		list_for_each_entry(st, &t->subtables, list)
			new->st[new->n++] = st;
		sort(new->st, n, sizeof(new->st[0]), vsw_subtable_cmp, NULL);
	}
	rcu_assign_pointer(t->search, new);
	vsw_flow_changed(t);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static void vsw_subtable_free(struct vsw_subtable *st)
{
	kvfree(rcu_access_pointer(st->buckets));
	kfree(st);
}

/*
 * Frees the subtables left without a flow, once no reader can be in them.
 * Context: RTNL.
 */
static void vsw_flow_gc(struct vsw_flow_table *t)
{
	struct vsw_subtable *st, *next;
	LIST_HEAD(dead);

	list_for_each_entry_safe(st, next, &t->subtables, list)
		if (!st->count)
			list_move(&st->list, &dead);
	if (list_empty(&dead))
		return;
	/* Unpublish them first: vsw_flow_publish() sees only live ones. */
	if (vsw_flow_publish(t)) {
		/* Keep them searchable, they are empty. */
		list_splice(&dead, &t->subtables);
		return;
	}
	synchronize_rcu();
	list_for_each_entry_safe(st, next, &dead, list)
		vsw_subtable_free(st);
}

/*
 * After flows left: frees emptied subtables and publishes the new search
 * order. If there is no memory for the new order the old one stays; it
 * still finds every flow, only in a worse order.
 */
static void vsw_flow_republish(struct vsw_flow_table *t)
{
	vsw_flow_gc(t);
	if (vsw_flow_publish(t))
		net_warn_ratelimited("no memory to reorder a flow table\n");
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

static struct vsw_subtable *vsw_subtable_get(struct vsw_flow_table *t,
					     const struct vsw_key *mask)
{
	const u64 *m = (const u64 *)mask;
	struct vsw_subtable *st;
	unsigned int i;

	st = vsw_subtable_find(t, mask);
	if (st)
		return st;
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
	list_add_tail(&st->list, &t->subtables);
	return st;
}

/* The flow of @t with exactly @spec's match and priority, or NULL. */
static struct vsw_flow *vsw_flow_find_exact(struct vsw_flow_table *t,
					    const struct vsw_flow_spec *spec)
{
	struct vsw_subtable *st = vsw_subtable_find(t, &spec->mask);
	struct vsw_buckets *b;
	struct vsw_flow *flow;
	u32 hash;

	if (!st)
		return NULL;
	b = rtnl_dereference(st->buckets);
	hash = vsw_subtable_hash(st, &spec->key);
	hlist_for_each_entry(flow, vsw_bucket(b, hash), node[b->ver])
		if (flow->hash == hash && flow->priority == spec->priority &&
		    vsw_key_equal(&flow->key, &spec->key))
			return flow;
	return NULL;
}

static void vsw_flow_free_rcu(struct rcu_head *head)
{
	struct vsw_flow *flow = container_of(head, struct vsw_flow, rcu);

	kfree(rcu_access_pointer(flow->acts));
	kfree(flow);
}

/* @flow has left @st; its best priority may have gone with it. */
static void vsw_subtable_forget(struct vsw_subtable *st,
				const struct vsw_flow *flow)
{
	st->count--;
	if (flow->priority == st->max_priority)
		st->dirty = true;
}

/* Takes @flow out of the table; it is freed after a grace period. */
static void vsw_flow_unlink(struct vsw_flow_table *t, struct vsw_flow *flow)
{
	vsw_subtable_remove(flow->st, flow);
	list_del(&flow->st_list);
	list_del(&flow->list);
	vsw_subtable_forget(flow->st, flow);
	t->count--;
	if (flow->idle_timeout || flow->hard_timeout)
		t->timed--;
	vsw_flow_changed(t);
	call_rcu(&flow->rcu, vsw_flow_free_rcu);
}

static struct vsw_flow *vsw_flow_alloc(const struct vsw_flow_spec *spec)
{
	struct vsw_flow *flow;

	flow = kzalloc(sizeof(*flow), GFP_KERNEL_ACCOUNT);
	if (!flow)
		return NULL;
	flow->key = spec->key;
	flow->priority = spec->priority;
	flow->cookie = spec->cookie;
	flow->idle_timeout = spec->idle_timeout;
	flow->hard_timeout = spec->hard_timeout;
	flow->created = jiffies;
	flow->used = flow->created;
	spin_lock_init(&flow->lock);
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

/**
 * vsw_flow_add() - add flows to a bridge, all of them or none
 * @br: the bridge
 * @specs: the flows; each one's actions pass to the table on success
 * @n: how many
 * @extack: for the reason of a failure
 *
 * A flow with the match and priority of one in the table replaces it, and
 * starts with zero statistics, as an OpenFlow add does. Context: RTNL.
 *
 * Return: 0, -ENOSPC if the table would hold more than its maximum, or
 * -ENOMEM; on failure the table is as it was.
 */
int vsw_flow_add(struct vsw_bridge *br, struct vsw_flow_spec *specs,
		 unsigned int n, struct netlink_ext_ack *extack)
{
	struct vsw_flow_table *t = &br->flows;
	struct vsw_flow **new, **old;
	unsigned int i, replaced = 0;
	int err = -ENOMEM;

	ASSERT_RTNL();
	new = kvcalloc(n, sizeof(*new), GFP_KERNEL);
	old = kvcalloc(n, sizeof(*old), GFP_KERNEL);
	if (!new || !old)
		goto out;
	if (!t->emc) {
		t->emc = alloc_percpu(struct vsw_emc);
		if (!t->emc)
			goto out;
	}

	for (i = 0; i < n; i++) {
		struct vsw_flow *prev = vsw_flow_find_exact(t, &specs[i]);
		struct vsw_flow *flow;

		/* A later flow of the batch may replace an earlier one. */
		if (!prev && t->count + 1 - replaced > t->max) {
			err = -ENOSPC;
			NL_SET_ERR_MSG(extack,
				       "the bridge's flow table is full: see flow-max");
			goto rollback;
		}
		flow = vsw_flow_alloc(&specs[i]);
		if (!flow)
			goto rollback;
		flow->st = vsw_subtable_get(t, &specs[i].mask);
		if (!flow->st) {
			kfree(flow);
			goto rollback;
		}
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
		new[i] = flow;
		if (prev) {
			/*
			 * Out of the search at once; freed only on success.
			 * Its list entry is kept for a rollback to restore.
			 */
			vsw_subtable_remove(prev->st, prev);
			list_del(&prev->st_list);
			vsw_subtable_forget(prev->st, prev);
			old[replaced++] = prev;
		}
	}
	err = vsw_flow_publish(t);
	if (err)
		goto rollback;
	vsw_flow_grow(t);
	for (i = 0; i < replaced; i++) {
		list_del(&old[i]->list);
		t->count--;
		if (old[i]->idle_timeout || old[i]->hard_timeout)
			t->timed--;
		call_rcu(&old[i]->rcu, vsw_flow_free_rcu);
	}
	vsw_flow_schedule_expiry(t);
	err = 0;
	goto out;

rollback:
	for (i = replaced; i-- > 0;) {
		struct vsw_flow *prev = old[i];

		vsw_subtable_insert(prev->st, prev);
		list_add_tail(&prev->st_list, &prev->st->flows);
		prev->st->count++;
		prev->st->dirty = true;
	}
	for (i = 0; i < n; i++) {
		if (!new[i])
			break;
		/* Not freed through RCU alone: its actions are the caller's. */
		RCU_INIT_POINTER(new[i]->acts, NULL);
		vsw_flow_unlink(t, new[i]);
	}
	vsw_flow_republish(t);
out:
	kvfree(new);
	kvfree(old);
	return err;
}

/**
 * vsw_flow_filter() - whether a flow is one a request selects
 * @flow: the flow
 * @filter: with @filter->strict, the same match and priority; without,
 *	every flow whose match is at least as specific as the filter's
 *
 * The cookie is compared under the cookie mask if there is one.
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
	struct vsw_flow_table *t = &br->flows;
	struct vsw_flow *flow, *next;
	unsigned int n = 0;

	ASSERT_RTNL();
	list_for_each_entry_safe(flow, next, &t->flows, list) {
		if (!vsw_flow_filter(flow, filter))
			continue;
		vsw_flow_unlink(t, flow);
		n++;
	}
	if (n)
		vsw_flow_republish(t);
	return n;
}

/**
 * vsw_flow_modify() - give new actions to the flows a filter selects
 * @br: the bridge
 * @filter: see vsw_flow_filter()
 * @acts: the actions; each flow gets a copy
 *
 * Statistics and timeouts are kept. Context: RTNL.
 *
 * Return: how many flows changed, or -ENOMEM with nothing changed.
 */
int vsw_flow_modify(struct vsw_bridge *br, const struct vsw_flow_spec *filter,
		    struct vsw_actions *acts)
{
	size_t size = struct_size(acts, a, acts->n);
	struct vsw_flow_table *t = &br->flows;
	struct vsw_actions **copies;
	struct vsw_actions *old;
	struct vsw_flow *flow;
	unsigned int n = 0, i = 0;

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
			while (i--)
				kfree(copies[i]);
			kvfree(copies);
			return -ENOMEM;
		}
	}
	i = 0;
	list_for_each_entry(flow, &t->flows, list) {
		if (!vsw_flow_filter(flow, filter))
			continue;
		old = rtnl_dereference(flow->acts);
		rcu_assign_pointer(flow->acts, copies[i++]);
		kfree_rcu(old, rcu);
	}
	kvfree(copies);
	vsw_flow_changed(t);
	return n;
}

/* Whether @flow's time is up at @now. */
static bool vsw_flow_expired(struct vsw_flow *flow, unsigned long now)
{
	u64 packets, bytes;
	unsigned long used;

	if (flow->hard_timeout &&
	    time_after_eq(now, flow->created + flow->hard_timeout * HZ))
		return true;
	if (!flow->idle_timeout)
		return false;
	vsw_flow_stats(flow, &packets, &bytes, &used);
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
		    !vsw_flow_expired(flow, now))
			continue;
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
	t->generation = 1;
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

	cancel_delayed_work_sync(&t->expire_work);
	RCU_INIT_POINTER(t->search, NULL);
	if (search)
		kfree_rcu(search, rcu);
}

/* Frees every flow, once no reader is left. */
void vsw_flow_table_free(struct vsw_flow_table *t)
{
	struct vsw_subtable *st, *nst;
	struct vsw_flow *flow, *next;

	list_for_each_entry_safe(flow, next, &t->flows, list) {
		list_del(&flow->list);
		kfree(rcu_access_pointer(flow->acts));
		kfree(flow);
	}
	list_for_each_entry_safe(st, nst, &t->subtables, list) {
		list_del(&st->list);
		vsw_subtable_free(st);
	}
	kfree(rcu_access_pointer(t->search));
	RCU_INIT_POINTER(t->search, NULL);
	free_percpu(t->emc);
	t->emc = NULL;
	t->count = 0;
}
