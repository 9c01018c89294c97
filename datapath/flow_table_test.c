// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the classifier and its cache, included at the end of
 * flow_table.c when the kernel has KUnit (make check-debug's kernel does).
 * They run when the module loads; scripts/vm/selftests reads their
 * results from debugfs.
 */

#include <kunit/test.h>

/* A bridge with just what the flow table needs of one. */
static struct vsw_bridge *vsw_test_bridge(struct kunit *test)
{
	struct vsw_bridge *br = kunit_kzalloc(test, sizeof(*br), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, br);
	INIT_LIST_HEAD(&br->ports);
	xa_init(&br->tun_keys);
	vsw_flow_table_init(&br->flows);
	return br;
}

static void vsw_test_bridge_free(struct vsw_bridge *br)
{
	rtnl_lock();
	vsw_flow_table_stop(&br->flows);
	rtnl_unlock();
	rcu_barrier();
	vsw_flow_table_free(&br->flows);
	xa_destroy(&br->tun_keys);
}

/*
 * Adds a flow of @priority matching in_port @in_port (if not 0) and
 * dl_type @dl_type (if not 0), with an output to port @out (if not 0).
 */
static void vsw_test_add(struct kunit *test, struct vsw_bridge *br,
			 u16 priority, u32 in_port, u16 dl_type, u32 out)
{
	struct vsw_flow_spec spec = { .priority = priority };
	struct vsw_actions *acts;
	int err;

	acts = kzalloc(struct_size(acts, a, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, acts);
	if (out) {
		acts->n = 1;
		acts->a[0].type = VSWITCH_ACTION_A_OUTPUT;
		acts->a[0].arg = out;
	}
	if (in_port) {
		spec.key.in_port = in_port;
		spec.mask.in_port = ~0U;
	}
	if (dl_type) {
		spec.key.dl_type = htons(dl_type);
		spec.mask.dl_type = htons(0xffff);
	}
	spec.acts = acts;
	rtnl_lock();
	err = vsw_flow_add(br, &spec, 1, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

static struct vsw_flow *vsw_test_lookup(struct vsw_bridge *br,
					const struct vsw_key *key)
{
	const struct vsw_subtables *search;
	struct vsw_flow *flow = NULL;

	rcu_read_lock();
	local_bh_disable();
	search = rcu_dereference(br->flows.search);
	if (search)
		flow = vsw_flow_lookup(&br->flows, search, key);
	local_bh_enable();
	rcu_read_unlock();
	return flow;
}

/*
 * A cache entry made for a flow that has since been freed: even if its
 * generation came round again (as a 32-bit one did after 2^32 changes),
 * the lookup gives a live flow, never the freed one. The entry names a
 * subtable, and the flow is looked up there again.
 */
static void vsw_test_emc_stale_generation(struct kunit *test)
{
	struct vsw_bridge *br = vsw_test_bridge(test);
	struct vsw_key key = { .in_port = 1, .dl_type = htons(0x0800) };
	struct vsw_flow_spec filter = { .strict = true, .priority = 30 };
	struct vsw_subtables *search;
	struct vsw_flow *flow;
	u64 stale;

	/* Three masks, so that the cache is used. */
	vsw_test_add(test, br, 30, 1, 0x0800, 2);
	vsw_test_add(test, br, 20, 1, 0, 3);
	vsw_test_add(test, br, 10, 0, 0x0800, 4);
	flow = vsw_test_lookup(br, &key);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, flow->priority, 30);
	/* Again: this time from the cache. */
	KUNIT_EXPECT_PTR_EQ(test, vsw_test_lookup(br, &key), flow);
	stale = rcu_access_pointer(br->flows.search)->generation;

	filter.key = key;
	filter.mask.in_port = ~0U;
	filter.mask.dl_type = htons(0xffff);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vsw_flow_del(br, &filter), 1U);
	/* The subtable of the deleted flow is gone too: one mask less. */
	search = rtnl_dereference(br->flows.search);
	KUNIT_EXPECT_EQ(test, search->n, 2U);
	rtnl_unlock();
	vsw_test_add(test, br, 5, 0, 0, 5);
	rtnl_lock();
	search = rtnl_dereference(br->flows.search);
	/* The new table takes the old generation, as a wrapped one would. */
	search->generation = stale;
	rtnl_unlock();
	rcu_barrier();		/* the deleted flow is freed */

	flow = vsw_test_lookup(br, &key);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, flow->priority, 20);
	vsw_test_bridge_free(br);
}

/* A higher-priority flow added later wins over a cached one. */
static void vsw_test_emc_new_flow_wins(struct kunit *test)
{
	struct vsw_bridge *br = vsw_test_bridge(test);
	struct vsw_key key = { .in_port = 7, .dl_type = htons(0x86dd) };
	struct vsw_flow *flow;

	vsw_test_add(test, br, 10, 7, 0, 1);
	vsw_test_add(test, br, 5, 0, 0x86dd, 2);
	flow = vsw_test_lookup(br, &key);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, flow->priority, 10);
	vsw_test_add(test, br, 40, 7, 0x86dd, 3);
	flow = vsw_test_lookup(br, &key);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, flow->priority, 40);
	vsw_test_bridge_free(br);
}

/* A deleted port takes the flows that name it, in a match or an output. */
static void vsw_test_del_port(struct kunit *test)
{
	struct vsw_bridge *br = vsw_test_bridge(test);

	vsw_test_add(test, br, 10, 5, 0, 1);
	vsw_test_add(test, br, 11, 1, 0, 5);
	vsw_test_add(test, br, 12, 1, 0x0800, 2);
	vsw_test_add(test, br, 13, 0, 0x0806, 0);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, vsw_flow_del_port(br, 5), 2U);
	KUNIT_EXPECT_EQ(test, br->flows.count, 2U);
	KUNIT_EXPECT_EQ(test, vsw_flow_del_port(br, 5), 0U);
	rtnl_unlock();
	vsw_test_bridge_free(br);
}

/* Statistics are summed over the CPUs and the shared counts. */
static void vsw_test_stats(struct kunit *test)
{
	struct vsw_bridge *br = vsw_test_bridge(test);
	struct vsw_key key = { .in_port = 3 };
	unsigned long used;
	struct vsw_flow *flow;
	u64 packets, bytes;

	vsw_test_add(test, br, 10, 3, 0, 1);
	flow = vsw_test_lookup(br, &key);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	local_bh_disable();
	rcu_read_lock();
	vsw_flow_hit(flow, 100);
	vsw_flow_hit(flow, 60);
	rcu_read_unlock();
	local_bh_enable();
	flow->shared.packets = 2;
	flow->shared.bytes = 1000;
	rtnl_lock();
	vsw_flow_stats(flow, &packets, &bytes, &used);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, packets, 4ULL);
	KUNIT_EXPECT_EQ(test, bytes, 1160ULL);
	vsw_test_bridge_free(br);
}

static struct kunit_case vsw_flow_table_cases[] = {
	KUNIT_CASE(vsw_test_emc_stale_generation),
	KUNIT_CASE(vsw_test_emc_new_flow_wins),
	KUNIT_CASE(vsw_test_del_port),
	KUNIT_CASE(vsw_test_stats),
	{}
};

static struct kunit_suite vsw_flow_table_suite = {
	.name = "vswitch_flow_table",
	.test_cases = vsw_flow_table_cases,
};

kunit_test_suite(vsw_flow_table_suite);
