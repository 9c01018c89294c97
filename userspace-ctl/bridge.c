// SPDX-License-Identifier: GPL-2.0
/*
 * Bridge commands: add-br, del-br, list-br, set-br, show.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/vswitch.h>

#include "link.h"
#include "netlink.h"
#include "output.h"
#include "script.h"
#include "target.h"
#include "vswctl.h"

static const char *const bridge_attr_names[VSWITCH_BRIDGE_A_MAX + 1] = {
	[VSWITCH_BRIDGE_A_NAME]		= "name",
	[VSWITCH_BRIDGE_A_IFINDEX]	= "ifindex",
	[VSWITCH_BRIDGE_A_DPID]		= "DPID",
	[VSWITCH_BRIDGE_A_ADDRESS]	= "MAC address",
	[VSWITCH_BRIDGE_A_FDB_AGING]	= "fdb-aging",
	[VSWITCH_BRIDGE_A_FDB_MAX]	= "fdb-max",
	[VSWITCH_BRIDGE_A_MISS]		= "miss",
	[VSWITCH_BRIDGE_A_FLOW_MAX]	= "flow-max",
	[VSWITCH_BRIDGE_A_CONTROLLER_RATE] = "controller-rate",
	[VSWITCH_BRIDGE_A_CONTROLLERS]	= "controller",
	[VSWITCH_BRIDGE_A_FAIL_MODE]	= "fail-mode",
};

static const char *const fail_mode_names[VSWITCH_FAIL_MAX + 1] = {
	[VSWITCH_FAIL_STANDALONE]	= "standalone",
	[VSWITCH_FAIL_SECURE]		= "secure",
};

static const char *const miss_names[VSWITCH_MISS_MAX + 1] = {
	[VSWITCH_MISS_NORMAL]		= "normal",
	[VSWITCH_MISS_DROP]		= "drop",
	[VSWITCH_MISS_CONTROLLER]	= "controller",
};

/* Names of the bridge counters in text and JSON. */
static const char *const bridge_stat_names[VSWITCH_BRIDGE_STATS_MAX + 1] = {
	[VSWITCH_BRIDGE_STATS_SWITCHED]		= "switched",
	[VSWITCH_BRIDGE_STATS_FLOODED]		= "flooded",
	[VSWITCH_BRIDGE_STATS_LEARNED]		= "learned",
	[VSWITCH_BRIDGE_STATS_MOVED]		= "moved",
	[VSWITCH_BRIDGE_STATS_FDB_FULL]		= "fdb_full",
	[VSWITCH_BRIDGE_STATS_DROP_VLAN]	= "drop_vlan",
	[VSWITCH_BRIDGE_STATS_DROP_SOURCE]	= "drop_source",
	[VSWITCH_BRIDGE_STATS_DROP_SAME_PORT]	= "drop_same_port",
	[VSWITCH_BRIDGE_STATS_DROP_NO_PORT]	= "drop_no_port",
	[VSWITCH_BRIDGE_STATS_DROP_PORT_DOWN]	= "drop_port_down",
	[VSWITCH_BRIDGE_STATS_DROP_TOO_BIG]	= "drop_too_big",
	[VSWITCH_BRIDGE_STATS_DROP_NOMEM]	= "drop_nomem",
	[VSWITCH_BRIDGE_STATS_DROP_MALFORMED]	= "drop_malformed",
	[VSWITCH_BRIDGE_STATS_DROP_ISOLATED]	= "drop_isolated",
	[VSWITCH_BRIDGE_STATS_FLOW_HIT]		= "flow_hit",
	[VSWITCH_BRIDGE_STATS_FLOW_MISS]	= "flow_miss",
	[VSWITCH_BRIDGE_STATS_DROP_FLOW]	= "drop_flow",
	[VSWITCH_BRIDGE_STATS_DROP_MISS]	= "drop_miss",
	[VSWITCH_BRIDGE_STATS_DROP_TTL]		= "drop_ttl",
	[VSWITCH_BRIDGE_STATS_UPCALLS]		= "upcalls",
	[VSWITCH_BRIDGE_STATS_UPCALL_LIMITED]	= "upcall_limited",
	[VSWITCH_BRIDGE_STATS_UPCALL_LOST]	= "upcall_lost",
	[VSWITCH_BRIDGE_STATS_DROP_LOOP]	= "drop_loop",
};

/* "0x" optional, then 1 to 16 hex digits. */
static int parse_dpid(const char *s, uint64_t *dpid)
{
	const char *digits = s;
	size_t n;

	if (!strncmp(digits, "0x", 2) || !strncmp(digits, "0X", 2))
		digits += 2;
	n = strlen(digits);
	if (n < 1 || n > 16 || strspn(digits, "0123456789abcdefABCDEF") != n) {
		fprintf(stderr,
			"vswctl: invalid DPID '%s': expected 1 to 16 hex digits, optionally after 0x\n",
			s);
		return -1;
	}
	*dpid = strtoull(digits, NULL, 16);
	return 0;
}

int bridge_nl_open(struct vsw_nl *nl, const char *what)
{
	if (nl_open(nl, what) < 0)
		return -1;
	nl->attr_names = bridge_attr_names;
	nl->n_attr_names = VSWITCH_BRIDGE_A_MAX + 1;
	return 0;
}

static int bridge_attr_cb(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type types[VSWITCH_BRIDGE_A_MAX + 1] = {
		[VSWITCH_BRIDGE_A_NAME]		= MNL_TYPE_NUL_STRING,
		[VSWITCH_BRIDGE_A_IFINDEX]	= MNL_TYPE_U32,
		[VSWITCH_BRIDGE_A_DPID]		= MNL_TYPE_U64,
		[VSWITCH_BRIDGE_A_FDB_AGING]	= MNL_TYPE_U32,
		[VSWITCH_BRIDGE_A_FDB_MAX]	= MNL_TYPE_U32,
		[VSWITCH_BRIDGE_A_FDB_COUNT]	= MNL_TYPE_U32,
		[VSWITCH_BRIDGE_A_STATS]	= MNL_TYPE_NESTED,
		[VSWITCH_BRIDGE_A_MISS]		= MNL_TYPE_U8,
		[VSWITCH_BRIDGE_A_FLOW_MAX]	= MNL_TYPE_U32,
		[VSWITCH_BRIDGE_A_FLOW_COUNT]	= MNL_TYPE_U32,
		[VSWITCH_BRIDGE_A_CONTROLLER_RATE] = MNL_TYPE_U32,
		[VSWITCH_BRIDGE_A_CONTROLLERS]	= MNL_TYPE_NESTED,
		[VSWITCH_BRIDGE_A_FAIL_MODE]	= MNL_TYPE_U8,
		[VSWITCH_BRIDGE_A_CONNECTED]	= MNL_TYPE_NESTED,
		[VSWITCH_BRIDGE_A_MISS_CONFIG]	= MNL_TYPE_U8,
	};
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* Newer kernels may say more than we know: skip it. */
	if (type > VSWITCH_BRIDGE_A_MAX || type == VSWITCH_BRIDGE_A_PAD)
		return MNL_CB_OK;
	if (type == VSWITCH_BRIDGE_A_ADDRESS) {
		if (mnl_attr_get_payload_len(attr) != 6)
			return MNL_CB_ERROR;
	} else if (types[type] && mnl_attr_validate(attr, types[type]) < 0) {
		return MNL_CB_ERROR;
	}
	if (type == VSWITCH_BRIDGE_A_NAME &&
	    mnl_attr_get_payload_len(attr) > IF_NAMESIZE)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

/* The targets in the kernel's VSWITCH_BRIDGE_A_CONTROLLERS, if any. */
static int parse_controllers(const struct nlattr *nest, struct bridge *br)
{
	const struct nlattr *a;
	size_t len;

	br->n_controllers = 0;
	if (!nest)
		return 0;
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != VSWITCH_CONTROLLER_A_TARGET)
			continue;
		len = mnl_attr_get_payload_len(a);
		if (br->n_controllers == VSWITCH_CONTROLLERS_MAX ||
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 ||
		    len > VSWITCH_CONTROLLER_TARGET_LEN)
			return -1;
		memcpy(br->controllers[br->n_controllers++],
		       mnl_attr_get_payload(a), len);
	}
	return 0;
}

/* Marks the controllers VSWITCH_BRIDGE_A_CONNECTED names. */
static int parse_connected(const struct nlattr *nest, struct bridge *br)
{
	const struct nlattr *a;
	unsigned int i;

	if (!nest)
		return 0;
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != VSWITCH_CONTROLLER_A_TARGET)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return -1;
		for (i = 0; i < br->n_controllers; i++)
			if (!strcmp(br->controllers[i], mnl_attr_get_str(a)))
				br->connected[i] = true;
	}
	return 0;
}

static int bridge_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSWITCH_BRIDGE_A_MAX + 1] = { NULL };
	struct bridge_list *list = data;
	struct bridge *br, *v;

	if (mnl_attr_parse(nlh, GENL_HDRLEN, bridge_attr_cb, tb) < 0 ||
	    !tb[VSWITCH_BRIDGE_A_NAME] || !tb[VSWITCH_BRIDGE_A_IFINDEX] ||
	    !tb[VSWITCH_BRIDGE_A_DPID] || !tb[VSWITCH_BRIDGE_A_ADDRESS] ||
	    !tb[VSWITCH_BRIDGE_A_FDB_AGING] || !tb[VSWITCH_BRIDGE_A_FDB_MAX] ||
	    !tb[VSWITCH_BRIDGE_A_FDB_COUNT] || !tb[VSWITCH_BRIDGE_A_STATS]) {
		fprintf(stderr, "vswctl: malformed bridge in the kernel's reply\n");
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (list->n == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 16;
		v = realloc(list->v, list->cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		list->v = v;
	}
	br = &list->v[list->n++];
	memset(br, 0, sizeof(*br));
	snprintf(br->name, sizeof(br->name), "%s",
		 mnl_attr_get_str(tb[VSWITCH_BRIDGE_A_NAME]));
	br->ifindex = mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_IFINDEX]);
	br->dpid = mnl_attr_get_u64(tb[VSWITCH_BRIDGE_A_DPID]);
	memcpy(br->mac, mnl_attr_get_payload(tb[VSWITCH_BRIDGE_A_ADDRESS]), 6);
	br->fdb_aging = mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_FDB_AGING]);
	br->fdb_max = mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_FDB_MAX]);
	br->fdb_count = mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_FDB_COUNT]);
	if (tb[VSWITCH_BRIDGE_A_MISS])
		br->miss = mnl_attr_get_u8(tb[VSWITCH_BRIDGE_A_MISS]);
	if (tb[VSWITCH_BRIDGE_A_FLOW_MAX])
		br->flow_max = mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_FLOW_MAX]);
	if (tb[VSWITCH_BRIDGE_A_FLOW_COUNT])
		br->flow_count = mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_FLOW_COUNT]);
	if (tb[VSWITCH_BRIDGE_A_CONTROLLER_RATE])
		br->controller_rate =
			mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_CONTROLLER_RATE]);
	if (tb[VSWITCH_BRIDGE_A_FAIL_MODE])
		br->fail_mode = mnl_attr_get_u8(tb[VSWITCH_BRIDGE_A_FAIL_MODE]);
	br->miss_config = tb[VSWITCH_BRIDGE_A_MISS_CONFIG] ?
			  mnl_attr_get_u8(tb[VSWITCH_BRIDGE_A_MISS_CONFIG]) :
			  br->miss;
	if (parse_counters(tb[VSWITCH_BRIDGE_A_STATS], br->stats,
			   VSWITCH_BRIDGE_STATS_MAX) < 0 ||
	    parse_controllers(tb[VSWITCH_BRIDGE_A_CONTROLLERS], br) < 0 ||
	    parse_connected(tb[VSWITCH_BRIDGE_A_CONNECTED], br) < 0) {
		list->n--;
		fprintf(stderr, "vswctl: malformed bridge in the kernel's reply\n");
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int bridge_cmp(const void *a, const void *b)
{
	return strcmp(((const struct bridge *)a)->name,
		      ((const struct bridge *)b)->name);
}

static void bridge_list_reset(void *data)
{
	((struct bridge_list *)data)->n = 0;
}

int get_bridges(struct vsw_nl *nl, const char *name,
		struct bridge_list *list)
{
	struct nlmsghdr *nlh;

	if (name) {
		nlh = nl_request(nl, VSWITCH_CMD_BRIDGE_GET, 0);
		mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, name);
		return nl_talk(nl, nlh, bridge_reply_cb, list) < 0 ? -1 : 0;
	}
	nlh = nl_request(nl, VSWITCH_CMD_BRIDGE_GET, NLM_F_DUMP);
	if (nl_dump(nl, nlh, bridge_reply_cb, list, bridge_list_reset) < 0)
		return -1;
	qsort(list->v, list->n, sizeof(*list->v), bridge_cmp);
	return 0;
}

/* A decimal number that fits in 32 bits; the kernel checks the range. */
static int parse_u32(const char *what, const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (!isdigit((unsigned char)*s) || *end || errno || n > UINT32_MAX) {
		fprintf(stderr, "vswctl: invalid %s '%s': expected a number\n",
			what, s);
		return -1;
	}
	*v = n;
	return 0;
}

/* The KEY VALUE settings argv[2..] of add-br or set-br into @nlh. */
static int put_bridge_args(struct nlmsghdr *nlh, uint8_t cmd, int argc,
			   char **argv, bool *has_dpid)
{
	uint64_t dpid;
	uint32_t v;
	int i;

	*has_dpid = false;
	for (i = 2; i < argc; i += 2) {
		int j;

		for (j = 2; j < i; j += 2)
			if (!strcmp(argv[j], argv[i])) {
				fprintf(stderr, "vswctl: %s: %s is given twice\n",
					argv[0], argv[i]);
				return -1;
			}
		if (!strcmp(argv[i], "dpid")) {
			if (parse_dpid(argv[i + 1], &dpid) < 0)
				return -1;
			mnl_attr_put_u64(nlh, VSWITCH_BRIDGE_A_DPID, dpid);
			*has_dpid = true;
		} else if (cmd == VSWITCH_CMD_BRIDGE_SET &&
			   !strcmp(argv[i], "fdb-aging")) {
			if (parse_u32("fdb-aging", argv[i + 1], &v) < 0)
				return -1;
			mnl_attr_put_u32(nlh, VSWITCH_BRIDGE_A_FDB_AGING, v);
		} else if (cmd == VSWITCH_CMD_BRIDGE_SET &&
			   !strcmp(argv[i], "fdb-max")) {
			if (parse_u32("fdb-max", argv[i + 1], &v) < 0)
				return -1;
			mnl_attr_put_u32(nlh, VSWITCH_BRIDGE_A_FDB_MAX, v);
		} else if (cmd == VSWITCH_CMD_BRIDGE_SET &&
			   !strcmp(argv[i], "miss")) {
			for (v = 0; v <= VSWITCH_MISS_MAX; v++)
				if (!strcmp(argv[i + 1], miss_names[v]))
					break;
			if (v > VSWITCH_MISS_MAX) {
				fprintf(stderr, "vswctl: invalid miss '%s': expected normal, drop or controller\n",
					argv[i + 1]);
				return -1;
			}
			mnl_attr_put_u8(nlh, VSWITCH_BRIDGE_A_MISS, v);
		} else if (cmd == VSWITCH_CMD_BRIDGE_SET &&
			   !strcmp(argv[i], "flow-max")) {
			if (parse_u32("flow-max", argv[i + 1], &v) < 0)
				return -1;
			mnl_attr_put_u32(nlh, VSWITCH_BRIDGE_A_FLOW_MAX, v);
		} else if (cmd == VSWITCH_CMD_BRIDGE_SET &&
			   !strcmp(argv[i], "controller-rate")) {
			if (parse_u32("controller-rate", argv[i + 1], &v) < 0)
				return -1;
			mnl_attr_put_u32(nlh, VSWITCH_BRIDGE_A_CONTROLLER_RATE, v);
		} else {
			fprintf(stderr, "vswctl: %s: unknown setting '%s'\n",
				argv[0], argv[i]);
			usage_error(argv[0]);
			return -1;
		}
	}
	return 0;
}

int bridge_from_args(uint8_t cmd, int argc, char **argv, struct bridge *br,
		     bool *has_dpid)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	const struct nlattr *attr;

	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	if (put_bridge_args(nlh, cmd, argc, argv, has_dpid) < 0)
		return -1;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case VSWITCH_BRIDGE_A_DPID:
			br->dpid = mnl_attr_get_u64(attr);
			break;
		case VSWITCH_BRIDGE_A_FDB_AGING:
			br->fdb_aging = mnl_attr_get_u32(attr);
			break;
		case VSWITCH_BRIDGE_A_FDB_MAX:
			br->fdb_max = mnl_attr_get_u32(attr);
			break;
		case VSWITCH_BRIDGE_A_MISS:
			br->miss = mnl_attr_get_u8(attr);
			break;
		case VSWITCH_BRIDGE_A_FLOW_MAX:
			br->flow_max = mnl_attr_get_u32(attr);
			break;
		case VSWITCH_BRIDGE_A_CONTROLLER_RATE:
			br->controller_rate = mnl_attr_get_u32(attr);
			break;
		}
	}
	return 0;
}

/*
 * Sends @cmd for the bridge argv[1] with the KEY VALUE settings after it,
 * and waits for the ack. add-br takes only dpid and hwaddr. hwaddr is set
 * with rtnetlink, as "ip link set address" does, once vswitch has agreed.
 */
static int bridge_request(uint8_t cmd, int argc, char **argv)
{
	static struct vsw_nl nl;
	char msg[LINK_MSG_SIZE];
	struct bridge_list list = { 0 };
	struct nlmsghdr *nlh;
	bool has_mac, has_dpid = false;
	uint64_t dpid;
	uint8_t mac[6];
	int i, ret;

	if (argc < 2 || argc % 2)
		return usage_error(argv[0]);
	if (take_hwaddr(argv[0], &argc, argv, 2, mac, &has_mac) < 0)
		return 1;
	if (cmd == VSWITCH_CMD_BRIDGE_NEW && argc > 4)
		return usage_error(argv[0]);
	if (bridge_nl_open(&nl, argv[0]) < 0)
		return 1;
	/* The address goes to a device that must be this bridge's. */
	if (has_mac && cmd == VSWITCH_CMD_BRIDGE_SET) {
		ret = get_bridges(&nl, argv[1], &list);
		free(list.v);
		if (ret < 0)
			goto err;
	}
	nlh = nl_request(&nl, cmd, 0);
	mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, argv[1]);
	if (put_bridge_args(nlh, cmd, argc, argv, &has_dpid) < 0)
		goto err;
	/* A DPID derived from the address, as the kernel derives one. */
	if (has_mac && !has_dpid && cmd == VSWITCH_CMD_BRIDGE_NEW) {
		for (dpid = 0, i = 0; i < 6; i++)
			dpid = dpid << 8 | mac[i];
		mnl_attr_put_u64(nlh, VSWITCH_BRIDGE_A_DPID, dpid);
	}
	/* set-br BRIDGE hwaddr MAC alone asks nothing of vswitch. */
	ret = argc > 2 || cmd != VSWITCH_CMD_BRIDGE_SET ?
	      nl_talk(&nl, nlh, NULL, NULL) : 0;
	if (ret < 0 || !has_mac)
		goto out;
	ret = link_set_address(argv[1], mac, msg);
	if (ret < 0) {
		fprintf(stderr, "vswctl: %s: hwaddr: %s\n", argv[0], msg);
		if (cmd == VSWITCH_CMD_BRIDGE_NEW) {
			/* Not half made: the bridge goes again. */
			nl.quiet = true;
			nlh = nl_request(&nl, VSWITCH_CMD_BRIDGE_DEL, 0);
			mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, argv[1]);
			nl_talk(&nl, nlh, NULL, NULL);
		}
	}
out:
	nl_close(&nl);
	return ret < 0 ? 1 : 0;

err:
	nl_close(&nl);
	return 1;
}

int cmd_add_br(int argc, char **argv)
{
	if (argc != 2 && argc != 4 && argc != 6)
		return usage_error(argv[0]);
	return bridge_request(VSWITCH_CMD_BRIDGE_NEW, argc, argv);
}

int cmd_del_br(int argc, char **argv)
{
	if (argc != 2)
		return usage_error(argv[0]);
	return bridge_request(VSWITCH_CMD_BRIDGE_DEL, argc, argv);
}

int cmd_set_br(int argc, char **argv)
{
	if (argc < 4)
		return usage_error(argv[0]);
	return bridge_request(VSWITCH_CMD_BRIDGE_SET, argc, argv);
}

int cmd_list_br(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct bridge_list list = { 0 };
	size_t i;
	int ret = 1;

	if (argc != 1)
		return usage_error(argv[0]);
	if (bridge_nl_open(&nl, argv[0]) < 0)
		return 1;
	if (get_bridges(&nl, NULL, &list) == 0) {
		open_json_array(NULL);
		for (i = 0; i < list.n; i++)
			print_string(NULL, "%s\n", list.v[i].name);
		close_json_array();
		ret = 0;
	}
	free(list.v);
	nl_close(&nl);
	return ret;
}

static void print_bridge(const struct bridge *br,
			 const struct port_list *ports)
{
	size_t i;
	int s;

	open_json_object(NULL);
	print_string("name", "Bridge %s\n", br->name);
	print_dpid("dpid", "    dpid: %s\n", br->dpid);
	print_uint("ifindex", "    ifindex: %" PRIu64 "\n", br->ifindex);
	print_mac("address", "    address: %s\n", br->mac);
	print_uint("fdb_aging", "    fdb-aging: %" PRIu64 "\n", br->fdb_aging);
	print_uint("fdb_max", "    fdb-max: %" PRIu64 "\n", br->fdb_max);
	print_uint("fdb_entries", "    fdb-entries: %" PRIu64 "\n",
		   br->fdb_count);
	print_string("miss", "    miss: %s\n",
		     br->miss <= VSWITCH_MISS_MAX ? miss_names[br->miss] : "?");
	print_uint("flow_max", "    flow-max: %" PRIu64 "\n", br->flow_max);
	print_uint("flows", "    flows: %" PRIu64 "\n", br->flow_count);
	print_uint("controller_rate", "    controller-rate: %" PRIu64 "\n",
		   br->controller_rate);
	print_string("fail_mode", "    fail-mode: %s\n",
		     br->fail_mode <= VSWITCH_FAIL_MAX ?
		     fail_mode_names[br->fail_mode] : "?");
	open_json_array("controllers");
	for (i = 0; i < br->n_controllers; i++) {
		open_json_object(NULL);
		print_string("target", "    Controller \"%s\"\n",
			     br->controllers[i]);
		print_bool("is_connected", "        is_connected: %s\n",
			   br->connected[i]);
		close_json_object();
	}
	close_json_array();
	open_json_object("stats");
	print_text("    stats:");
	for (s = VSWITCH_BRIDGE_STATS_SWITCHED; s <= VSWITCH_BRIDGE_STATS_MAX; s++) {
		if (!output_is_json())
			printf(" %s=%" PRIu64, bridge_stat_names[s], br->stats[s]);
		else
			print_uint(bridge_stat_names[s], NULL, br->stats[s]);
	}
	print_text("\n");
	close_json_object();
	open_json_array("ports");
	for (i = 0; i < ports->n; i++) {
		if (strcmp(ports->v[i].bridge, br->name))
			continue;
		open_json_object(NULL);
		print_port_settings(&ports->v[i]);
		close_json_object();
	}
	close_json_array();
	close_json_object();
}

int cmd_show(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct bridge_list list = { 0 };
	struct port_list ports = { 0 };
	size_t i;
	int ret = 1;

	if (argc > 2)
		return usage_error(argv[0]);
	if (bridge_nl_open(&nl, argv[0]) < 0)
		return 1;
	/* Bridges and ports are two dumps: a bridge deleted in between shows no ports. */
	if (get_bridges(&nl, argc == 2 ? argv[1] : NULL, &list) == 0 &&
	    get_ports(&nl, argc == 2 ? argv[1] : NULL, &ports) == 0) {
		open_json_array(NULL);
		for (i = 0; i < list.n; i++)
			print_bridge(&list.v[i], &ports);
		close_json_array();
		ret = 0;
	}
	free(list.v);
	free(ports.v);
	nl_close(&nl);
	return ret;
}

/* Sends BRIDGE_SET for @name with what @put adds, and waits for the ack. */
static int bridge_set(const char *what, const char *name,
		      void (*put)(struct nlmsghdr *nlh, void *arg), void *arg)
{
	static struct vsw_nl nl;
	struct nlmsghdr *nlh;
	int ret;

	if (bridge_nl_open(&nl, what) < 0)
		return 1;
	nlh = nl_request(&nl, VSWITCH_CMD_BRIDGE_SET, 0);
	mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, name);
	put(nlh, arg);
	ret = nl_talk(&nl, nlh, NULL, NULL);
	nl_close(&nl);
	return ret < 0 ? 1 : 0;
}

/* The bridge @name alone, for the get-* commands; NULL if it failed. */
static struct bridge *get_bridge(const char *what, const char *name,
				 struct bridge_list *list)
{
	static struct vsw_nl nl;
	int ret;

	if (bridge_nl_open(&nl, what) < 0)
		return NULL;
	ret = get_bridges(&nl, name, list);
	nl_close(&nl);
	return ret < 0 || list->n != 1 ? NULL : &list->v[0];
}

static void put_controllers(struct nlmsghdr *nlh, void *arg)
{
	char **targets = arg;
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, VSWITCH_BRIDGE_A_CONTROLLERS);
	for (; *targets; targets++)
		mnl_attr_put_strz(nlh, VSWITCH_CONTROLLER_A_TARGET, *targets);
	mnl_attr_nest_end(nlh, nest);
}

int cmd_set_controller(int argc, char **argv)
{
	char err[160], canon[VSWITCH_CONTROLLERS_MAX][160];
	struct target t;
	int i, j;

	if (argc < 3)
		return usage_error(argv[0]);
	if (argc - 2 > VSWITCH_CONTROLLERS_MAX) {
		fprintf(stderr, "vswctl: %s: at most %d controllers\n", argv[0],
			VSWITCH_CONTROLLERS_MAX);
		return 1;
	}
	for (i = 2; i < argc; i++) {
		if (parse_target(argv[i], &t, err, sizeof(err)) < 0) {
			fprintf(stderr, "vswctl: %s: invalid target '%s': %s\n",
				argv[0], argv[i], err);
			return 1;
		}
		/* The same target written two ways is still the same. */
		format_target(&t, canon[i - 2], sizeof(canon[i - 2]));
		for (j = 2; j < i; j++) {
			if (!strcmp(canon[j - 2], canon[i - 2])) {
				fprintf(stderr, "vswctl: %s: '%s' and '%s' are the same target\n",
					argv[0], argv[j], argv[i]);
				return 1;
			}
		}
	}
	/* argv ends with NULL. */
	return bridge_set(argv[0], argv[1], put_controllers, argv + 2);
}

int cmd_del_controller(int argc, char **argv)
{
	char *none[] = { NULL };

	if (argc != 2)
		return usage_error(argv[0]);
	return bridge_set(argv[0], argv[1], put_controllers, none);
}

int cmd_get_controller(int argc, char **argv)
{
	struct bridge_list list = { 0 };
	struct bridge *br;
	unsigned int i;

	if (argc != 2)
		return usage_error(argv[0]);
	br = get_bridge(argv[0], argv[1], &list);
	if (br)
		for (i = 0; i < br->n_controllers; i++)
			printf("%s\n", br->controllers[i]);
	free(list.v);
	return br ? 0 : 1;
}

static void put_fail_mode(struct nlmsghdr *nlh, void *arg)
{
	mnl_attr_put_u8(nlh, VSWITCH_BRIDGE_A_FAIL_MODE, *(uint8_t *)arg);
}

int cmd_set_fail_mode(int argc, char **argv)
{
	uint8_t mode;

	if (argc != 3)
		return usage_error(argv[0]);
	for (mode = 0; mode <= VSWITCH_FAIL_MAX; mode++)
		if (!strcmp(argv[2], fail_mode_names[mode]))
			break;
	if (mode > VSWITCH_FAIL_MAX) {
		fprintf(stderr, "vswctl: %s: invalid fail mode '%s': expected standalone or secure\n",
			argv[0], argv[2]);
		return 1;
	}
	return bridge_set(argv[0], argv[1], put_fail_mode, &mode);
}

int cmd_get_fail_mode(int argc, char **argv)
{
	struct bridge_list list = { 0 };
	struct bridge *br;

	if (argc != 2)
		return usage_error(argv[0]);
	br = get_bridge(argv[0], argv[1], &list);
	if (br)
		printf("%s\n", br->fail_mode <= VSWITCH_FAIL_MAX ?
		       fail_mode_names[br->fail_mode] : "?");
	free(list.v);
	return br ? 0 : 1;
}

/* One KEY VALUE of a set-br line, which starts with the first. */
static void save_setting(FILE *f, const struct bridge *br, bool *started,
			 const char *key, uint64_t v, const char *word)
{
	if (!*started) {
		fputs("set-br ", f);
		script_quote(f, br->name);
	}
	*started = true;
	if (word)
		fprintf(f, " %s %s", key, word);
	else
		fprintf(f, " %s %" PRIu64, key, v);
}

void save_bridge(FILE *f, const struct bridge *br)
{
	bool set = false;
	unsigned int i;

	fputs("add-br ", f);
	script_quote(f, br->name);
	fprintf(f, " dpid 0x%016" PRIx64
		" hwaddr %02x:%02x:%02x:%02x:%02x:%02x\n",
		br->dpid, br->mac[0], br->mac[1], br->mac[2],
		br->mac[3], br->mac[4], br->mac[5]);
	/* Settings at their defaults are left out: apply restores them. */
	if (br->fdb_aging != VSWITCH_FDB_AGING_DEFAULT)
		save_setting(f, br, &set, "fdb-aging", br->fdb_aging, NULL);
	if (br->fdb_max != VSWITCH_FDB_MAX_DEFAULT)
		save_setting(f, br, &set, "fdb-max", br->fdb_max, NULL);
	/* As set: with controllers, the fail mode decides what applies. */
	if (br->miss_config != VSWITCH_MISS_NORMAL &&
	    br->miss_config <= VSWITCH_MISS_MAX)
		save_setting(f, br, &set, "miss", 0,
			     miss_names[br->miss_config]);
	if (br->flow_max != VSWITCH_FLOW_MAX_DEFAULT)
		save_setting(f, br, &set, "flow-max", br->flow_max, NULL);
	if (br->controller_rate != VSWITCH_CONTROLLER_RATE_DEFAULT)
		save_setting(f, br, &set, "controller-rate",
			     br->controller_rate, NULL);
	if (set)
		fputc('\n', f);
	if (br->n_controllers) {
		fputs("set-controller ", f);
		script_quote(f, br->name);
		for (i = 0; i < br->n_controllers; i++) {
			fputc(' ', f);
			script_quote(f, br->controllers[i]);
		}
		fputc('\n', f);
	}
	if (br->fail_mode != VSWITCH_FAIL_STANDALONE &&
	    br->fail_mode <= VSWITCH_FAIL_MAX) {
		fputs("set-fail-mode ", f);
		script_quote(f, br->name);
		fprintf(f, " %s\n", fail_mode_names[br->fail_mode]);
	}
}
