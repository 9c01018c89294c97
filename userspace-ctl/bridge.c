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

#include "netlink.h"
#include "output.h"
#include "vswctl.h"

/* How often a dump that raced with a change is started again. */
#define DUMP_RETRIES 10

static const char *const bridge_attr_names[VSWITCH_BRIDGE_A_MAX + 1] = {
	[VSWITCH_BRIDGE_A_NAME]		= "name",
	[VSWITCH_BRIDGE_A_IFINDEX]	= "ifindex",
	[VSWITCH_BRIDGE_A_DPID]		= "DPID",
	[VSWITCH_BRIDGE_A_ADDRESS]	= "MAC address",
};

struct bridge {
	char name[IF_NAMESIZE];
	uint32_t ifindex;
	uint64_t dpid;
	uint8_t mac[6];
};

struct bridge_list {
	struct bridge *v;
	size_t n, cap;
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

static int bridge_nl_open(struct vsw_nl *nl, const char *what)
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

static int bridge_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSWITCH_BRIDGE_A_MAX + 1] = { NULL };
	struct bridge_list *list = data;
	struct bridge *br, *v;

	if (mnl_attr_parse(nlh, GENL_HDRLEN, bridge_attr_cb, tb) < 0 ||
	    !tb[VSWITCH_BRIDGE_A_NAME] || !tb[VSWITCH_BRIDGE_A_IFINDEX] ||
	    !tb[VSWITCH_BRIDGE_A_DPID] || !tb[VSWITCH_BRIDGE_A_ADDRESS]) {
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
	snprintf(br->name, sizeof(br->name), "%s",
		 mnl_attr_get_str(tb[VSWITCH_BRIDGE_A_NAME]));
	br->ifindex = mnl_attr_get_u32(tb[VSWITCH_BRIDGE_A_IFINDEX]);
	br->dpid = mnl_attr_get_u64(tb[VSWITCH_BRIDGE_A_DPID]);
	memcpy(br->mac, mnl_attr_get_payload(tb[VSWITCH_BRIDGE_A_ADDRESS]), 6);
	return MNL_CB_OK;
}

static int bridge_cmp(const void *a, const void *b)
{
	return strcmp(((const struct bridge *)a)->name,
		      ((const struct bridge *)b)->name);
}

/* One bridge if @name is set, else all of them, sorted by name. */
static int get_bridges(struct vsw_nl *nl, const char *name,
		       struct bridge_list *list)
{
	struct nlmsghdr *nlh;
	int tries, ret;

	if (name) {
		nlh = nl_request(nl, VSWITCH_CMD_BRIDGE_GET, 0);
		mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, name);
		return nl_talk(nl, nlh, bridge_reply_cb, list) < 0 ? -1 : 0;
	}
	for (tries = 0; tries < DUMP_RETRIES; tries++) {
		list->n = 0;
		nlh = nl_request(nl, VSWITCH_CMD_BRIDGE_GET, NLM_F_DUMP);
		ret = nl_talk(nl, nlh, bridge_reply_cb, list);
		if (ret < 0)
			return -1;
		if (ret != NL_DUMP_INTR) {
			qsort(list->v, list->n, sizeof(*list->v), bridge_cmp);
			return 0;
		}
	}
	fprintf(stderr, "vswctl: %s: bridges kept changing during %d dumps\n",
		nl->what, DUMP_RETRIES);
	return -1;
}

/*
 * Sends @cmd for the bridge @name, with a DPID if @dpid is set, and waits
 * for the ack. @what names the vswctl command in messages.
 */
static int bridge_request(const char *what, uint8_t cmd, const char *name,
			  const uint64_t *dpid)
{
	static struct vsw_nl nl;
	struct nlmsghdr *nlh;
	int ret;

	if (bridge_nl_open(&nl, what) < 0)
		return 1;
	nlh = nl_request(&nl, cmd, 0);
	mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, name);
	if (dpid)
		mnl_attr_put_u64(nlh, VSWITCH_BRIDGE_A_DPID, *dpid);
	ret = nl_talk(&nl, nlh, NULL, NULL);
	nl_close(&nl);
	return ret < 0 ? 1 : 0;
}

int cmd_add_br(int argc, char **argv)
{
	uint64_t dpid;

	if (argc == 2)
		return bridge_request(argv[0], VSWITCH_CMD_BRIDGE_NEW, argv[1],
				      NULL);
	if (argc != 4 || strcmp(argv[2], "dpid"))
		return usage_error(argv[0]);
	if (parse_dpid(argv[3], &dpid) < 0)
		return 1;
	return bridge_request(argv[0], VSWITCH_CMD_BRIDGE_NEW, argv[1], &dpid);
}

int cmd_del_br(int argc, char **argv)
{
	if (argc != 2)
		return usage_error(argv[0]);
	return bridge_request(argv[0], VSWITCH_CMD_BRIDGE_DEL, argv[1], NULL);
}

int cmd_set_br(int argc, char **argv)
{
	uint64_t dpid;
	int i;

	if (argc < 4 || argc % 2)
		return usage_error(argv[0]);
	/* KEY VALUE pairs; the last of a repeated key wins. */
	for (i = 2; i < argc; i += 2) {
		if (strcmp(argv[i], "dpid")) {
			fprintf(stderr, "vswctl: set-br: unknown setting '%s'\n",
				argv[i]);
			return usage_error(argv[0]);
		}
		if (parse_dpid(argv[i + 1], &dpid) < 0)
			return 1;
	}
	return bridge_request(argv[0], VSWITCH_CMD_BRIDGE_SET, argv[1], &dpid);
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

static void print_bridge(const struct bridge *br)
{
	open_json_object(NULL);
	print_string("name", "Bridge %s\n", br->name);
	print_dpid("dpid", "    dpid: %s\n", br->dpid);
	print_uint("ifindex", "    ifindex: %" PRIu64 "\n", br->ifindex);
	print_mac("address", "    address: %s\n", br->mac);
	close_json_object();
}

int cmd_show(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct bridge_list list = { 0 };
	size_t i;
	int ret = 1;

	if (argc > 2)
		return usage_error(argv[0]);
	if (bridge_nl_open(&nl, argv[0]) < 0)
		return 1;
	if (get_bridges(&nl, argc == 2 ? argv[1] : NULL, &list) == 0) {
		open_json_array(NULL);
		for (i = 0; i < list.n; i++)
			print_bridge(&list.v[i]);
		close_json_array();
		ret = 0;
	}
	free(list.v);
	nl_close(&nl);
	return ret;
}
