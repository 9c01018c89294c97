// SPDX-License-Identifier: GPL-2.0
/*
 * monitor: print the vswitch family's notifications as they arrive.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vswitch.h>

#include "netlink.h"
#include "output.h"
#include "vswctl.h"

static const char *event_name(uint8_t cmd)
{
	switch (cmd) {
	case VSWITCH_CMD_BRIDGE_NEW:
	case VSWITCH_CMD_PORT_NEW:
		return "added";
	case VSWITCH_CMD_BRIDGE_SET:
	case VSWITCH_CMD_PORT_SET:
		return "changed";
	case VSWITCH_CMD_BRIDGE_DEL:
	case VSWITCH_CMD_PORT_DEL:
		return "deleted";
	default:
		return NULL;
	}
}

static int bridge_name_cb(const struct nlattr *attr, void *data)
{
	const char **name = data;

	if (mnl_attr_get_type(attr) == VSWITCH_BRIDGE_A_NAME &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		*name = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

/* One line (one JSON object in -j mode) per notification. */
static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const char *event = event_name(genl->cmd), *name = NULL;
	struct port port;
	char buf[16];

	(void)data;
	if (!event)
		return MNL_CB_OK;	/* a newer kernel's; skip it */
	open_json_object(NULL);
	print_string("event", NULL, event);
	if (genl->cmd >= VSWITCH_CMD_PORT_NEW) {
		if (parse_port(nlh, &port) < 0)
			return MNL_CB_ERROR;
		print_string("object", NULL, "port");
		print_string("name", "port %s", port.name);
		if (port.number == VSWITCH_PORT_LOCAL)
			snprintf(buf, sizeof(buf), "LOCAL");
		else
			snprintf(buf, sizeof(buf), "%" PRIu32, port.number);
		if (output_is_json())
			print_uint("ofport", NULL, port.number);
		else
			print_text(" (%s)", buf);
		print_string("bridge", " on %s", port.bridge);
	} else {
		mnl_attr_parse(nlh, GENL_HDRLEN, bridge_name_cb, &name);
		if (!name)
			return MNL_CB_OK;
		print_string("object", NULL, "bridge");
		print_string("name", "bridge %s", name);
	}
	print_text(": %s\n", event);
	close_json_object();
	output_flush();
	return MNL_CB_OK;
}

int cmd_monitor(int argc, char **argv)
{
	static struct vsw_nl nl;

	if (argc == 3 && !strcmp(argv[1], "--packets"))
		return cmd_monitor_packets(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--flows"))
		return cmd_monitor_flows(argv[2]);
	if (argc != 1)
		return usage_error(argv[0]);
	if (nl_open(&nl, argv[0]) < 0)
		return 1;
	if (mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP, &nl.mcgrp,
				  sizeof(nl.mcgrp)) < 0) {
		fprintf(stderr, "vswctl: monitor: joining the config group: %s\n",
			strerror(errno));
		nl_close(&nl);
		return 1;
	}
	/* Until interrupted; "-j" prints JSON lines. */
	nl_listen(&nl, "notifications", monitor_cb, NULL);
	nl_close(&nl);
	return 1;
}
