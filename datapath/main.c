// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: a virtual switch datapath in the kernel fast path.
 *
 * Module setup and teardown, and the per network namespace state.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <uapi/linux/vswitch.h>

#include "vswitch.h"

unsigned int vsw_net_id __read_mostly;

/* Limits a namespace's administrator cannot raise: only the host's root. */
unsigned int vsw_max_bridges __read_mostly = 1024;
module_param_named(max_bridges, vsw_max_bridges, uint, 0644);
MODULE_PARM_DESC(max_bridges, "most bridges in one network namespace (default 1024)");

unsigned int vsw_max_ports __read_mostly = 4096;
module_param_named(max_ports, vsw_max_ports, uint, 0644);
MODULE_PARM_DESC(max_ports, "most ports on one bridge, LOCAL aside (default 4096)");

static int __net_init vsw_net_init(struct net *net)
{
	struct vsw_net *vn = vsw_net(net);

	INIT_LIST_HEAD(&vn->bridges);
	INIT_LIST_HEAD(&vn->tunnel_eps);
	hash_init(vn->tnl_remotes);
	vn->generation = 1;
	return 0;
}

/*
 * A namespace takes its bridges with it. This runs before the core moves or
 * deletes the namespace's remaining devices, since pernet device operations
 * registered later exit earlier.
 */
static void __net_exit vsw_net_exit_rtnl(struct net *net,
					 struct list_head *kill)
{
	vsw_bridges_destroy_net(net, kill);
}

/* Before 6.17, the kernel calls a batch of namespaces (compat.h). */
VSW_PERNET_EXIT_RTNL_BATCH(vsw_net_exit_rtnl);

static struct pernet_operations vsw_net_ops = {
	.init		 = vsw_net_init,
	VSW_PERNET_EXIT_RTNL(vsw_net_exit_rtnl),
	.id		 = &vsw_net_id,
	.size		 = sizeof(struct vsw_net),
};

static int __init vsw_init(void)
{
	int err;

	err = vsw_flow_init();
	if (err)
		return err;
	err = vsw_internal_dev_register();
	if (err)
		goto err_flow_exit;
	err = register_pernet_device(&vsw_net_ops);
	if (err)
		goto err_unregister_link_ops;
	err = vsw_port_init();
	if (err)
		goto err_unregister_pernet;
	/* Last: from here on requests arrive, and need all of the above. */
	err = vsw_netlink_init();
	if (err)
		goto err_port_exit;
	pr_info("virtual switch datapath loaded\n");
	return 0;

err_port_exit:
	vsw_port_exit();
err_unregister_pernet:
	unregister_pernet_device(&vsw_net_ops);
err_unregister_link_ops:
	vsw_internal_dev_unregister();
err_flow_exit:
	vsw_flow_exit();
	return err;
}

static void __exit vsw_exit(void)
{
	vsw_netlink_exit();
	/* Destroys the bridges of every namespace. */
	unregister_pernet_device(&vsw_net_ops);
	vsw_port_exit();
	vsw_internal_dev_unregister();
	/* Ports, flows and their statistics are freed by RCU callbacks. */
	rcu_barrier();
	vsw_flow_exit();
}

module_init(vsw_init);
module_exit(vsw_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual switch datapath with VXLAN and GRE tunnels");
MODULE_ALIAS_GENL_FAMILY(VSWITCH_GENL_NAME);
