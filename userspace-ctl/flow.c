// SPDX-License-Identifier: GPL-2.0
/*
 * Flow commands: add-flow, add-flows, mod-flows, del-flows, dump-flows,
 * trace, packet-out, and monitor --packets. Flows are written as for
 * ovs-ofctl(8): "priority=100,tcp,nw_dst=10.0.0.2,tp_dst=80 actions=output:2".
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/vswitch.h>

#include "netlink.h"
#include "output.h"
#include "flow.h"
#include "vswctl.h"

/* A batch of add-flows stops growing at this size. */
#define BATCH_BYTES	(NL_REQUEST_SIZE - 4096)

/* A flow as dump-flows prints it, without the object around it. */
static void print_flow_fields(const struct flow *flow)
{
	struct sbuf match = { .n = 0 }, actions = { .n = 0 };

	sb_rule(&match, flow);
	sb_actions(&actions, flow);
	print_text(" cookie=0x%" PRIx64 ", duration=%" PRIu64 ".%03" PRIu64
		   "s, table=0, n_packets=%" PRIu64 ", n_bytes=%" PRIu64 ", ",
		   flow->cookie, flow->duration / 1000, flow->duration % 1000,
		   flow->packets, flow->bytes);
	if (output_is_json()) {
		print_uint("cookie", NULL, flow->cookie);
		print_uint("duration_ms", NULL, flow->duration);
		print_uint("n_packets", NULL, flow->packets);
		print_uint("n_bytes", NULL, flow->bytes);
	}
	if (flow->idle_timeout)
		print_uint("idle_timeout", "idle_timeout=%" PRIu64 ", ",
			   flow->idle_timeout);
	if (flow->hard_timeout)
		print_uint("hard_timeout", "hard_timeout=%" PRIu64 ", ",
			   flow->hard_timeout);
	/* As ovs-ofctl prints the flags of a flow mod. */
	open_json_array("flags");
	if (flow->flags & VSWITCH_FLOW_F_SEND_REMOVED)
		print_string(NULL, "%s ", "send_flow_rem");
	/* Not an OpenFlow flag: a controller's flow, which save leaves out. */
	if (flow->flags & VSWITCH_FLOW_F_CONTROLLER)
		print_string(NULL, "%s ", "controller");
	close_json_array();
	print_uint("idle_age", "idle_age=%" PRIu64 ", ", flow->idle_age / 1000);
	if (output_is_json())
		print_uint("priority", NULL, flow->priority);
	print_string("match", "%s", match.s);
	print_string("actions", " actions=%s\n", actions.s);
}

static void print_flow(const struct flow *flow)
{
	open_json_object(NULL);
	print_flow_fields(flow);
	close_json_object();
}

struct flow_list {
	struct flow *v;
	size_t n, cap;
};

static int flow_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct flow_list *list = data;
	const struct nlattr *attr;
	struct flow *flow;

	if (list->n == list->cap) {
		size_t cap = list->cap ? 2 * list->cap : 64;
		struct flow *v = realloc(list->v, cap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		list->v = v;
		list->cap = cap;
	}
	flow = &list->v[list->n];
	memset(flow, 0, sizeof(*flow));
	flow->has_priority = true;
	flow->seq = list->n;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (parse_reply_flow(attr, flow) < 0) {
			fprintf(stderr, "vswctl: malformed flow in the kernel's reply\n");
			errno = EBADMSG;
			return MNL_CB_ERROR;
		}
	list->n++;
	return MNL_CB_OK;
}

static void flow_list_reset(void *data)
{
	((struct flow_list *)data)->n = 0;
}

/* Highest priority first, then oldest first. */
static int flow_cmp(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;

	if (x->priority != y->priority)
		return (int)y->priority - (int)x->priority;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int flow_nl_open(struct vsw_nl *nl, struct parser *p, const char *cmd,
			const char *bridge)
{
	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->bridge = bridge;
	p->nl = nl;
	if (nl_open(nl, cmd) < 0)
		return -1;
	/* The kernel's flow messages name fields in words already. */
	nl->attr_names = NULL;
	nl->n_attr_names = 0;
	return 0;
}

static void flow_nl_close(struct vsw_nl *nl, struct parser *p)
{
	free(p->ports.v);
	nl_close(nl);
}

/* Sends one request made of @flow and waits for the ack. */
static int flow_request(struct vsw_nl *nl, uint8_t cmd, const char *bridge,
			const struct flow *flow, int what, bool strict)
{
	struct nlmsghdr *nlh = nl_request(nl, cmd, 0);

	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, bridge);
	if (strict)
		mnl_attr_put(nlh, VSWITCH_FLOW_A_STRICT, 0, NULL);
	put_flow(nlh, flow, what);
	return nl_talk(nl, nlh, NULL, NULL) < 0 ? 1 : 0;
}

/* [--strict] BRIDGE [FLOW]: the common head of several commands. */
static int flow_args(int argc, char **argv, bool *strict, int min, int max)
{
	int i = 1;

	*strict = false;
	if (argc > 1 && !strcmp(argv[1], "--strict")) {
		*strict = true;
		i++;
	}
	if (argc - i < min || argc - i > max)
		return -1;
	return i;
}

int cmd_add_flow(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct parser p;
	struct flow flow;
	int ret = 1;

	if (argc != 3)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		return 1;
	p.text = argv[2];
	if (parse_flow(&p, &flow, FLOW_ADD) == 0)
		ret = flow_request(&nl, VSWITCH_CMD_FLOW_NEW, argv[1], &flow,
				   FLOW_ADD, false);
	flow_nl_close(&nl, &p);
	return ret;
}

/* mod-flows and del-flows: [--strict] BRIDGE FLOW-or-MATCH. */
static int flow_edit(int argc, char **argv, uint8_t cmd, int what, int min)
{
	static struct vsw_nl nl;
	struct parser p;
	struct flow flow;
	bool strict;
	int i, ret = 1;

	i = flow_args(argc, argv, &strict, min, 2);
	if (i < 0)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[i]) < 0)
		return 1;
	p.text = i + 1 < argc ? argv[i + 1] : "";
	if (parse_flow(&p, &flow, what) == 0)
		ret = flow_request(&nl, cmd, argv[i], &flow, FLOW_MATCH, strict);
	flow_nl_close(&nl, &p);
	return ret;
}

int cmd_mod_flows(int argc, char **argv)
{
	return flow_edit(argc, argv, VSWITCH_CMD_FLOW_SET, FLOW_ADD, 2);
}

int cmd_del_flows(int argc, char **argv)
{
	return flow_edit(argc, argv, VSWITCH_CMD_FLOW_DEL, FLOW_MATCH, 1);
}

int cmd_dump_flows(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct flow_list list = { 0 };
	struct nlmsghdr *nlh;
	struct parser p;
	struct flow flow;
	bool strict;
	size_t n;
	int i, ret = 1;

	i = flow_args(argc, argv, &strict, 1, 2);
	if (i < 0)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[i]) < 0)
		return 1;
	p.text = i + 1 < argc ? argv[i + 1] : "";
	if (parse_flow(&p, &flow, FLOW_MATCH) < 0)
		goto out;
	nlh = nl_request(&nl, VSWITCH_CMD_FLOW_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[i]);
	if (strict)
		mnl_attr_put(nlh, VSWITCH_FLOW_A_STRICT, 0, NULL);
	put_flow(nlh, &flow, FLOW_MATCH);
	if (nl_dump(&nl, nlh, flow_reply_cb, &list, flow_list_reset) < 0)
		goto out;
	qsort(list.v, list.n, sizeof(*list.v), flow_cmp);
	open_json_array(NULL);
	for (n = 0; n < list.n; n++)
		print_flow(&list.v[n]);
	close_json_array();
	ret = 0;
out:
	free(list.v);
	flow_nl_close(&nl, &p);
	return ret;
}

/* The next line of @f without its newline, or NULL at the end. */
static char *read_line(FILE *f, char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, f);

	if (n < 0)
		return NULL;
	while (n && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	return *buf;
}

struct batch_line {
	int line;
	unsigned int offset;	/* of its nest in the request */
	unsigned int end;
};

/* Sends a batch; says which line a rejected flow came from. */
static int send_batch(struct vsw_nl *nl, struct nlmsghdr *nlh,
		      struct nlattr *nest, const struct batch_line *lines,
		      size_t n)
{
	size_t i;

	mnl_attr_nest_end(nlh, nest);
	if (nl_talk(nl, nlh, NULL, NULL) == 0)
		return 0;
	for (i = 0; i < n && nl->bad_offset; i++)
		if (nl->bad_offset >= lines[i].offset &&
		    nl->bad_offset < lines[i].end)
			fprintf(stderr, "vswctl: %s: the flow at line %d was rejected; the flows before its batch were added\n",
				nl->what, lines[i].line);
	return -1;
}

int cmd_add_flows(int argc, char **argv)
{
	static struct vsw_nl nl;
	static struct batch_line lines[NL_REQUEST_SIZE / 16];
	struct nlmsghdr *nlh = NULL;
	struct nlattr *nest = NULL, *entry;
	size_t cap = 0, n = 0;
	char *buf = NULL, *text;
	struct flow flow;
	struct parser p;
	int line = 0, ret = 1;
	FILE *f;

	if (argc != 3)
		return usage_error(argv[0]);
	f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
	if (!f) {
		fprintf(stderr, "vswctl: %s: %s: %s\n", argv[0], argv[2],
			strerror(errno));
		return 1;
	}
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		goto out_close;
	while ((text = read_line(f, &buf, &cap))) {
		line++;
		while (isspace((unsigned char)*text))
			text++;
		if (!*text || *text == '#')
			continue;
		p.text = text;
		p.line = line;
		if (parse_flow(&p, &flow, FLOW_ADD) < 0)
			goto out;
		if (nlh && nlh->nlmsg_len > BATCH_BYTES) {
			if (send_batch(&nl, nlh, nest, lines, n) < 0)
				goto out;
			nlh = NULL;
		}
		if (!nlh) {
			nlh = nl_request(&nl, VSWITCH_CMD_FLOW_NEW, 0);
			mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[1]);
			nest = mnl_attr_nest_start(nlh, VSWITCH_FLOW_A_FLOWS);
			n = 0;
		}
		lines[n].line = line;
		lines[n].offset = nlh->nlmsg_len;
		entry = mnl_attr_nest_start(nlh, n + 1);
		put_flow(nlh, &flow, FLOW_ADD);
		mnl_attr_nest_end(nlh, entry);
		lines[n].end = nlh->nlmsg_len;
		n++;
	}
	if (nlh && send_batch(&nl, nlh, nest, lines, n) < 0)
		goto out;
	ret = 0;
out:
	flow_nl_close(&nl, &p);
out_close:
	free(buf);
	if (f != stdin)
		fclose(f);
	return ret;
}

static int trace_cb(const struct nlmsghdr *nlh, void *data)
{
	static const char *const miss[] = {
		[VSWITCH_MISS_NORMAL] = "normal (the learning switch)",
		[VSWITCH_MISS_DROP] = "drop",
		[VSWITCH_MISS_CONTROLLER] = "controller",
	};
	struct sbuf rule = { .n = 0 }, actions = { .n = 0 };
	const struct nlattr *attr;
	struct flow flow;
	int policy = -1;

	(void)data;
	memset(&flow, 0, sizeof(flow));
	flow.has_priority = true;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == VSWITCH_FLOW_A_MISS)
			policy = mnl_attr_get_u8(attr);
		else if (parse_reply_flow(attr, &flow) < 0)
			return MNL_CB_ERROR;
	}
	open_json_object(NULL);
	if (policy >= 0) {
		const char *what = policy <= VSWITCH_MISS_MAX ? miss[policy] :
							       "unknown";

		print_string("rule", "Rule: none: the table has no flow for it\n",
			     "none");
		print_string("miss", "Miss policy: %s\n", what);
	} else {
		sb_rule(&rule, &flow);
		sb_actions(&actions, &flow);
		print_string("rule", "Rule: %s\n", rule.s);
		print_uint("cookie", "Cookie: 0x%" PRIx64 "\n", flow.cookie);
		print_string("actions", "Actions: %s\n", actions.s);
	}
	close_json_object();
	return MNL_CB_OK;
}

int cmd_trace(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct sbuf desc = { .n = 0 };
	struct nlmsghdr *nlh;
	struct parser p;
	struct flow flow;
	int ret = 1;

	if (argc != 3)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		return 1;
	p.text = argv[2];
	if (parse_flow(&p, &flow, FLOW_PACKET) < 0)
		goto out;
	sb_match(&desc, &flow.match);
	print_text("Packet: %s\n", desc.s);
	nlh = nl_request(&nl, VSWITCH_CMD_FLOW_TRACE, 0);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[1]);
	put_match(nlh, &flow.match);
	ret = nl_talk(&nl, nlh, trace_cb, NULL) < 0 ? 1 : 0;
out:
	flow_nl_close(&nl, &p);
	return ret;
}

static int parse_hex(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = 0;
	unsigned int b;

	if (!strncmp(s, "0x", 2))
		s += 2;
	while (*s) {
		if (*s == ':' || *s == ' ' || *s == '.') {
			s++;
			continue;
		}
		if (n == max || sscanf(s, "%2x", &b) != 1 ||
		    !isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]))
			return -1;
		out[n++] = b;
		s += 2;
	}
	*len = n;
	return 0;
}

int cmd_packet_out(int argc, char **argv)
{
	static struct vsw_nl nl;
	static uint8_t data[4096];
	struct nlmsghdr *nlh;
	struct parser p;
	struct flow flow;
	uint64_t in_port = 0;
	size_t len;
	int i, ret = 1;

	if (argc < 4)
		return usage_error(argv[0]);
	if (flow_nl_open(&nl, &p, argv[0], argv[1]) < 0)
		return 1;
	if (parse_hex(argv[argc - 1], data, sizeof(data), &len) < 0 || !len) {
		fprintf(stderr, "vswctl: %s: the packet must be hex digits, at most %zu bytes\n",
			argv[0], sizeof(data));
		goto out;
	}
	for (i = 2; i < argc - 1; i++) {
		if (!strncmp(argv[i], "in_port=", 8)) {
			if (parse_uint(argv[i] + 8, VSWITCH_PORT_LOCAL, &in_port) < 0 ||
			    !in_port)
				in_port = port_number(&p, argv[i] + 8);
			if (!in_port) {
				fprintf(stderr, "vswctl: %s: no port \"%s\" on %s\n",
					argv[0], argv[i] + 8, argv[1]);
				goto out;
			}
		} else if (!strncmp(argv[i], "actions=", 8)) {
			p.text = argv[i];
			if (parse_flow(&p, &flow, FLOW_ADD) < 0)
				goto out;
		} else {
			fprintf(stderr, "vswctl: %s: expected in_port=PORT or actions=..., not \"%s\"\n",
				argv[0], argv[i]);
			goto out;
		}
	}
	if (!p.text) {
		fprintf(stderr, "vswctl: %s: actions=... is missing\n", argv[0]);
		goto out;
	}
	nlh = nl_request(&nl, VSWITCH_CMD_PACKET_OUT, 0);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, argv[1]);
	if (in_port)
		mnl_attr_put_u32(nlh, VSWITCH_FLOW_A_IN_PORT, in_port);
	flow.match.has[VSWITCH_MATCH_A_IN_PORT] = false;
	put_flow(nlh, &flow, FLOW_ADD);
	mnl_attr_put(nlh, VSWITCH_FLOW_A_DATA, len, data);
	ret = nl_talk(&nl, nlh, NULL, NULL) < 0 ? 1 : 0;
out:
	flow_nl_close(&nl, &p);
	return ret;
}

/* One line (one JSON object in -j mode) per packet-in of @data's bridge. */
static int packet_in_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const char *bridge = data, *name = NULL;
	const struct nlattr *attr, *frame = NULL;
	uint64_t cookie = 0;
	uint32_t in_port = 0, total = 0;
	uint8_t reason = 0;
	char hex[2 * 1600 + 1];
	const uint8_t *b;
	size_t i, len;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != VSWITCH_CMD_PACKET_IN)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case VSWITCH_FLOW_A_BRIDGE:
			name = mnl_attr_get_str(attr);
			break;
		case VSWITCH_FLOW_A_IN_PORT:
			in_port = mnl_attr_get_u32(attr);
			break;
		case VSWITCH_FLOW_A_COOKIE:
			cookie = mnl_attr_get_u64(attr);
			break;
		case VSWITCH_FLOW_A_REASON:
			reason = mnl_attr_get_u8(attr);
			break;
		case VSWITCH_FLOW_A_TOTAL_LEN:
			total = mnl_attr_get_u32(attr);
			break;
		case VSWITCH_FLOW_A_DATA:
			frame = attr;
			break;
		}
	}
	if (!name || strcmp(name, bridge) || !frame)
		return MNL_CB_OK;
	b = mnl_attr_get_payload(frame);
	len = mnl_attr_get_payload_len(frame);
	for (i = 0; i < len && i < 1600; i++)
		sprintf(hex + 2 * i, "%02x", b[i]);
	hex[2 * i] = '\0';
	open_json_object(NULL);
	print_string("bridge", "packet-in on %s:", name);
	print_uint("in_port", " in_port=%" PRIu64, in_port);
	print_string("reason", " reason=%s",
		     reason == VSWITCH_PACKET_IN_MISS ? "miss" : "action");
	print_uint("cookie", " cookie=0x%" PRIx64, cookie);
	print_uint("total_len", " total_len=%" PRIu64, total);
	print_uint("len", " len=%" PRIu64, len);
	print_string("data", " data=%s\n", hex);
	close_json_object();
	output_flush();
	return MNL_CB_OK;
}

static int flow_removed_cb(const struct nlmsghdr *nlh, void *data)
{
	static const char *const reasons[] = {
		[VSWITCH_FLOW_REMOVED_IDLE_TIMEOUT] = "idle_timeout",
		[VSWITCH_FLOW_REMOVED_HARD_TIMEOUT] = "hard_timeout",
		[VSWITCH_FLOW_REMOVED_DELETE] = "delete",
		[VSWITCH_FLOW_REMOVED_PORT] = "port_deleted",
	};
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const char *bridge = data, *name = NULL, *why = "unknown";
	const struct nlattr *attr;
	struct flow flow;

	bool malformed = false;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != VSWITCH_CMD_FLOW_REMOVED)
		return MNL_CB_OK;
	memset(&flow, 0, sizeof(flow));
	flow.has_priority = true;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case VSWITCH_FLOW_A_BRIDGE:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(attr);
			break;
		case VSWITCH_FLOW_A_REMOVED:
			if (mnl_attr_validate(attr, MNL_TYPE_U8) == 0 &&
			    mnl_attr_get_u8(attr) < sizeof(reasons) / sizeof(reasons[0]))
				why = reasons[mnl_attr_get_u8(attr)];
			break;
		default:
			if (parse_reply_flow(attr, &flow) < 0)
				malformed = true;
			break;
		}
	}
	if (!name || strcmp(name, bridge))
		return MNL_CB_OK;
	if (malformed) {
		fprintf(stderr, "vswctl: monitor: a malformed flow-removed message\n");
		return MNL_CB_OK;
	}
	open_json_object(NULL);
	print_string("bridge", "flow-removed on %s:", name);
	print_string("reason", " reason=%s", why);
	print_flow_fields(&flow);
	close_json_object();
	output_flush();
	return MNL_CB_OK;
}

/*
 * Prints what the group VSWITCH_MCGRP_PACKETS or _FLOWS, @name, brings,
 * through @cb for @bridge, until interrupted.
 */
static int monitor_group(const char *name, const char *what, mnl_cb_t cb,
			 const char *bridge)
{
	static struct vsw_nl nl;
	uint32_t group;

	if (nl_open(&nl, "monitor") < 0)
		return 1;
	group = strcmp(name, VSWITCH_MCGRP_FLOWS) ? nl.mcgrp_packets :
						    nl.mcgrp_flows;
	if (!group ||
	    mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0) {
		fprintf(stderr, "vswctl: monitor: joining the %s group: %s\n",
			name, group ? strerror(errno) :
			"the module has none (too old)");
		nl_close(&nl);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	nl_listen(&nl, what, cb, (void *)bridge);
	nl_close(&nl);
	return 1;
}

int cmd_monitor_packets(const char *bridge)
{
	return monitor_group(VSWITCH_MCGRP_PACKETS, "packet-ins", packet_in_cb,
			     bridge);
}

int cmd_monitor_flows(const char *bridge)
{
	return monitor_group(VSWITCH_MCGRP_FLOWS, "flow removals",
			     flow_removed_cb, bridge);
}

void sb_flow_spec(struct sbuf *b, const struct flow *flow)
{
	static struct sbuf rule;
	const char *sep = "";

	if (flow->cookie) {
		sb_add(b, "cookie=0x%" PRIx64, flow->cookie);
		sep = ",";
	}
	if (flow->idle_timeout) {
		sb_add(b, "%sidle_timeout=%u", sep, flow->idle_timeout);
		sep = ",";
	}
	if (flow->hard_timeout) {
		sb_add(b, "%shard_timeout=%u", sep, flow->hard_timeout);
		sep = ",";
	}
	if (flow->flags & VSWITCH_FLOW_F_SEND_REMOVED) {
		sb_add(b, "%ssend_flow_rem", sep);
		sep = ",";
	}
	rule.n = 0;
	rule.s[0] = '\0';
	sb_rule(&rule, flow);
	/* The rule may start with the match's own comma. */
	if (rule.s[0] == ',')
		sb_add(b, "%s", *sep ? rule.s : rule.s + 1);
	else if (rule.s[0])
		sb_add(b, "%s%s", sep, rule.s);
	sb_add(b, " actions=");
	sb_actions(b, flow);
}

int get_flows(const char *cmd, const char *bridge, struct flow **v,
	      size_t *n)
{
	static struct vsw_nl nl;
	struct flow_list list = { 0 };
	struct nlmsghdr *nlh;
	struct parser p;
	int ret = -1;

	if (flow_nl_open(&nl, &p, cmd, bridge) < 0)
		return -1;
	nlh = nl_request(&nl, VSWITCH_CMD_FLOW_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, bridge);
	if (nl_dump(&nl, nlh, flow_reply_cb, &list, flow_list_reset) == 0) {
		qsort(list.v, list.n, sizeof(*list.v), flow_cmp);
		ret = 0;
	}
	flow_nl_close(&nl, &p);
	if (ret < 0) {
		free(list.v);
		return -1;
	}
	*v = list.v;
	*n = list.n;
	return 0;
}

int flow_spec(const char *cmd, const char *bridge, const char *text,
	      const struct port_list *ports, struct sbuf *out,
	      struct sbuf *rule)
{
	static struct vsw_nl nl;
	struct flow flow;
	struct parser p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.cmd = cmd;
	p.bridge = bridge;
	p.text = text;
	if (ports) {
		p.ports = *ports;
		p.have_ports = true;
	} else if (flow_nl_open(&nl, &p, cmd, bridge) < 0) {
		return -1;
	}
	p.text = text;
	ret = parse_flow(&p, &flow, FLOW_ADD);
	if (!ports)
		flow_nl_close(&nl, &p);
	if (ret < 0)
		return -1;
	/* As the kernel gives it back. */
	if (!flow.has_priority) {
		flow.priority = 0x8000;
		flow.has_priority = true;
	}
	out->n = 0;
	out->s[0] = '\0';
	sb_flow_spec(out, &flow);
	if (rule) {
		rule->n = 0;
		rule->s[0] = '\0';
		sb_rule(rule, &flow);
	}
	if (out->n >= sizeof(out->s) - 1) {
		fprintf(stderr, "vswctl: %s: the flow is too long\n", cmd);
		return -1;
	}
	return 0;
}

int cmd_list_fields(int argc, char **argv)
{
	static const char *const words[] = {
		"priority=", "cookie=", "idle_timeout=", "hard_timeout=",
		"send_flow_rem", "actions=",
	};
	size_t i;

	if (argc != 1)
		return usage_error(argv[0]);
	for (i = 0; i < n_flow_fields; i++)
		printf("%s=\n", flow_fields[i].name);
	for (i = 0; i < n_flow_shorthands; i++)
		printf("%s\n", flow_shorthands[i].name);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		printf("%s\n", words[i]);
	return 0;
}
