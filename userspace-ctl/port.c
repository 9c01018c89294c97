// SPDX-License-Identifier: GPL-2.0
/*
 * Port and forwarding table commands: add-port, del-port, set-port,
 * list-ports, dump-ports, fdb-show, fdb-flush.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/rtnetlink.h>
#include <linux/vswitch.h>

#include "link.h"
#include "netlink.h"
#include "output.h"
#include "script.h"
#include "vswctl.h"

static const char *const port_attr_names[VSWITCH_PORT_A_MAX + 1] = {
	[VSWITCH_PORT_A_BRIDGE]		= "bridge",
	[VSWITCH_PORT_A_NAME]		= "name",
	[VSWITCH_PORT_A_IFINDEX]	= "ifindex",
	[VSWITCH_PORT_A_NUMBER]		= "ofport",
	[VSWITCH_PORT_A_TYPE]		= "type",
	[VSWITCH_PORT_A_TAG]		= "tag",
	[VSWITCH_PORT_A_TRUNKS]		= "trunks",
	[VSWITCH_PORT_A_ISOLATED]	= "isolated",
	[VSWITCH_PORT_A_REMOTE]		= "remote",
	[VSWITCH_PORT_A_LOCAL]		= "local",
	[VSWITCH_PORT_A_KEY]		= "key",
	[VSWITCH_PORT_A_DSTPORT]	= "dstport",
	[VSWITCH_PORT_A_TTL]		= "ttl",
	[VSWITCH_PORT_A_TOS]		= "tos",
	[VSWITCH_PORT_A_DF]		= "df",
	[VSWITCH_PORT_A_CSUM]		= "csum",
	[VSWITCH_PORT_A_OWNER]		= "owner",
};

static const char *const df_names[] = {
	[VSWITCH_DF_UNSET]	= "unset",
	[VSWITCH_DF_SET]	= "set",
	[VSWITCH_DF_INHERIT]	= "inherit",
};

static const char *const fdb_attr_names[VSWITCH_FDB_A_MAX + 1] = {
	[VSWITCH_FDB_A_BRIDGE]		= "bridge",
};

/* JSON keys of the port counters, as "ip -s -j link" names them. */
static const char *const port_stat_names[VSWITCH_PORT_STATS_MAX + 1] = {
	[VSWITCH_PORT_STATS_RX_PACKETS]	= "rx_packets",
	[VSWITCH_PORT_STATS_RX_BYTES]	= "rx_bytes",
	[VSWITCH_PORT_STATS_TX_PACKETS]	= "tx_packets",
	[VSWITCH_PORT_STATS_TX_BYTES]	= "tx_bytes",
	[VSWITCH_PORT_STATS_RX_DROPPED]	= "rx_dropped",
	[VSWITCH_PORT_STATS_TX_DROPPED]	= "tx_dropped",
	[VSWITCH_PORT_STATS_RX_ERRORS]	= "rx_errors",
	[VSWITCH_PORT_STATS_TX_ERRORS]	= "tx_errors",
};

int port_nl_open(struct vsw_nl *nl, const char *what)
{
	if (nl_open(nl, what) < 0)
		return -1;
	nl->attr_names = port_attr_names;
	nl->n_attr_names = VSWITCH_PORT_A_MAX + 1;
	return 0;
}

/* A decimal number from 0 to @max, or -1 after saying what is wrong. */
static int parse_uint(const char *what, const char *s, unsigned long max,
		      unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (!*s || *end || *s == '-' || *s == '+' || errno || *v > max) {
		fprintf(stderr, "vswctl: invalid %s '%s': expected a number from 0 to %lu\n",
			what, s, max);
		return -1;
	}
	return 0;
}

/*
 * "10,20,100-110" into a bitmap of VSWITCH_VLAN_BITMAP_LEN bytes; "none"
 * clears it. VLAN IDs are checked by the kernel, but must fit in 0-4095.
 */
static int parse_trunks(const char *s, uint8_t *bits)
{
	unsigned long lo, hi, v;
	char *copy, *tok, *save, *dash;
	int ret = 0;

	memset(bits, 0, VSWITCH_VLAN_BITMAP_LEN);
	if (!strcmp(s, "none"))
		return 0;
	if (!*s) {
		fprintf(stderr, "vswctl: invalid trunks '': expected a list such as 10,20,100-110, or none\n");
		return -1;
	}
	copy = strdup(s);
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (parse_uint("VLAN", tok, 4095, &lo) < 0 ||
		    (dash && parse_uint("VLAN", dash + 1, 4095, &hi) < 0)) {
			ret = -1;
			break;
		}
		if (!dash)
			hi = lo;
		if (hi < lo) {
			fprintf(stderr, "vswctl: invalid VLAN range '%s-%s'\n",
				tok, dash + 1);
			ret = -1;
			break;
		}
		for (v = lo; v <= hi; v++)
			bits[v / 8] |= 1 << (v % 8);
	}
	free(copy);
	return ret;
}

int format_trunks(const uint8_t *bits, char *buf, size_t size)
{
	size_t len = 0;
	int v, lo;

	buf[0] = '\0';
	for (v = 0; v < 4096; v++) {
		if (!(bits[v / 8] & (1 << (v % 8))))
			continue;
		lo = v;
		while (v + 1 < 4096 && (bits[(v + 1) / 8] & (1 << ((v + 1) % 8))))
			v++;
		if (len < size)
			len += snprintf(buf + len, size - len, "%s%d", len ? "," : "", lo);
		if (v > lo && len < size)
			len += snprintf(buf + len, size - len, "-%d", v);
	}
	return len < size ? 0 : -1;
}

/* @val among @names[0..n-1]: its index, or -1 after saying what is wrong. */
static int parse_word(const char *what, const char *val,
		      const char *const *names, int n)
{
	int i, left;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(val, names[i]))
			return i;
	fprintf(stderr, "vswctl: invalid %s '%s': expected", what, val);
	for (i = 0, left = 0; i < n; i++)
		left += !!names[i];
	for (i = 0; i < n; i++) {
		if (!names[i])
			continue;
		left--;
		fprintf(stderr, " %s%s", names[i],
			left > 1 ? "," : left == 1 ? " or" : "\n");
	}
	return -1;
}

/* An IPv4 or IPv6 address, as 4 or 16 bytes in network order. */
static int put_addr(struct nlmsghdr *nlh, int type, const char *what,
		    const char *val)
{
	uint8_t addr[16];

	if (inet_pton(AF_INET, val, addr) == 1) {
		mnl_attr_put(nlh, type, 4, addr);
		return 0;
	}
	if (inet_pton(AF_INET6, val, addr) == 1) {
		mnl_attr_put(nlh, type, 16, addr);
		return 0;
	}
	fprintf(stderr, "vswctl: invalid %s '%s': expected an IPv4 or IPv6 address\n",
		what, val);
	return -1;
}

static const char *const port_type_names[] = {
	[VSWITCH_PORT_TYPE_NETDEV]	= "netdev",
	[VSWITCH_PORT_TYPE_INTERNAL]	= "internal",
	[VSWITCH_PORT_TYPE_VXLAN]	= "vxlan",
	[VSWITCH_PORT_TYPE_GRE]		= "gre",
};

static const char *const off_on[] = { "off", "on" };

/* As the kernel checks VSWITCH_PORT_A_OWNER: printable ASCII, no space. */
static int check_owner(const char *val)
{
	const char *s;

	for (s = val; *s > ' ' && *s <= '~'; s++)
		;
	if (!*val || *s || s - val >= VSWITCH_PORT_OWNER_LEN) {
		fprintf(stderr, "vswctl: owner: expected 1 to %d printable ASCII characters without spaces\n",
			VSWITCH_PORT_OWNER_LEN - 1);
		return -1;
	}
	return 0;
}

/* Settings of add-port only: type, ofport, owner and the tunnel options. */
static int put_new_port_setting(struct nlmsghdr *nlh, const char *key,
				const char *val)
{
	unsigned long v;
	int w;

	if (!strcmp(key, "type")) {
		w = parse_word("type", val, port_type_names,
			       VSWITCH_PORT_TYPE_MAX + 1);
		if (w < 0)
			return -1;
		mnl_attr_put_u32(nlh, VSWITCH_PORT_A_TYPE, w);
	} else if (!strcmp(key, "ofport")) {
		if (parse_uint("ofport", val, UINT32_MAX, &v) < 0)
			return -1;
		mnl_attr_put_u32(nlh, VSWITCH_PORT_A_NUMBER, v);
	} else if (!strcmp(key, "remote")) {
		return put_addr(nlh, VSWITCH_PORT_A_REMOTE, key, val);
	} else if (!strcmp(key, "local")) {
		return put_addr(nlh, VSWITCH_PORT_A_LOCAL, key, val);
	} else if (!strcmp(key, "key")) {
		if (parse_uint("key", val, UINT32_MAX, &v) < 0)
			return -1;
		mnl_attr_put_u32(nlh, VSWITCH_PORT_A_KEY, v);
	} else if (!strcmp(key, "dstport")) {
		if (parse_uint("dstport", val, UINT16_MAX, &v) < 0)
			return -1;
		mnl_attr_put_u16(nlh, VSWITCH_PORT_A_DSTPORT, v);
	} else if (!strcmp(key, "ttl")) {
		if (parse_uint("ttl", val, UINT8_MAX, &v) < 0)
			return -1;
		mnl_attr_put_u8(nlh, VSWITCH_PORT_A_TTL, v);
	} else if (!strcmp(key, "tos")) {
		if (!strcmp(val, "inherit"))
			v = VSWITCH_TOS_INHERIT;
		else if (parse_uint("tos", val, UINT8_MAX, &v) < 0)
			return -1;
		mnl_attr_put_u8(nlh, VSWITCH_PORT_A_TOS, v);
	} else if (!strcmp(key, "df")) {
		w = parse_word("df", val, df_names, VSWITCH_DF_MAX + 1);
		if (w < 0)
			return -1;
		mnl_attr_put_u8(nlh, VSWITCH_PORT_A_DF, w);
	} else if (!strcmp(key, "csum")) {
		w = parse_word("csum", val, off_on, 2);
		if (w < 0)
			return -1;
		mnl_attr_put_u8(nlh, VSWITCH_PORT_A_CSUM, w);
	} else if (!strcmp(key, "owner")) {
		if (check_owner(val) < 0)
			return -1;
		mnl_attr_put_strz(nlh, VSWITCH_PORT_A_OWNER, val);
	} else {
		return 1;
	}
	return 0;
}

/*
 * KEY VALUE settings of add-port and set-port into @nlh; set-port
 * (@changeable) takes only those a port can change: tag, trunks, isolated.
 */
static int put_port_settings(struct nlmsghdr *nlh, const char *cmd,
			     bool changeable, int argc, char **argv)
{
	uint8_t bits[VSWITCH_VLAN_BITMAP_LEN];
	unsigned long v;
	int i, ret;

	if (argc % 2) {
		usage_error(cmd);
		return -1;
	}
	for (i = 0; i < argc; i += 2) {
		const char *key = argv[i], *val = argv[i + 1];
		int j;

		/* Once each: the request then has room for all of them. */
		for (j = 0; j < i; j += 2)
			if (!strcmp(argv[j], key)) {
				fprintf(stderr, "vswctl: %s: %s is given twice\n",
					cmd, key);
				return -1;
			}
		ret = changeable ? 1 : put_new_port_setting(nlh, key, val);
		if (ret < 0)
			return -1;
		if (!ret)
			continue;
		if (!strcmp(key, "tag")) {
			if (!strcmp(val, "none"))
				v = 0;
			else if (parse_uint("tag", val, UINT16_MAX, &v) < 0)
				return -1;
			mnl_attr_put_u16(nlh, VSWITCH_PORT_A_TAG, v);
		} else if (!strcmp(key, "trunks")) {
			if (parse_trunks(val, bits) < 0)
				return -1;
			mnl_attr_put(nlh, VSWITCH_PORT_A_TRUNKS, sizeof(bits),
				     bits);
		} else if (!strcmp(key, "isolated")) {
			ret = parse_word("isolated", val, off_on, 2);
			if (ret < 0)
				return -1;
			mnl_attr_put_u8(nlh, VSWITCH_PORT_A_ISOLATED, ret);
		} else {
			fprintf(stderr, "vswctl: %s: unknown setting '%s'\n",
				cmd, key);
			usage_error(cmd);
			return -1;
		}
	}
	return 0;
}

/* Sends @nlh and waits for the ack; exit status. */
static int port_transact(struct vsw_nl *nl, struct nlmsghdr *nlh)
{
	int ret = nl_talk(nl, nlh, NULL, NULL);

	nl_close(nl);
	return ret < 0 ? 1 : 0;
}

/* The value of setting @key among add-port's KEY VALUE pairs, or NULL. */
static const char *setting(int argc, char **argv, const char *key)
{
	int i;

	for (i = 0; i + 1 < argc; i += 2)
		if (!strcmp(argv[i], key))
			return argv[i + 1];
	return NULL;
}

/*
 * A tunnel's endpoint device, where the kernel cannot make it: a
 * collect-metadata device that only rtnetlink can make, as ovs-vswitchd
 * makes its own. vsw-gre6 (ip6gretap) always; vsw-gre (gretap) and
 * vsw-vxlan-PORT (vxlan) on kernels whose vxlan and ip_gre modules export
 * no creator (7.x; Documentation/kernels.rst). The kernel owns it from
 * then on, and deletes it with the endpoint's last port.
 */
struct endpoint {
	char name[IFNAMSIZ];
	const char *kind;
	uint16_t dstport;	/* vxlan's, host order */
};

/* The endpoint add-port's settings need; false for a port of no tunnel. */
static bool endpoint_of(int argc, char **argv, struct endpoint *ep)
{
	const char *type = setting(argc, argv, "type");
	const char *remote = setting(argc, argv, "remote");
	const char *port = setting(argc, argv, "dstport");

	if (type && !strcmp(type, "vxlan")) {
		/* An invalid port is the kernel's to refuse; this makes none. */
		ep->dstport = port ? (uint16_t)strtoul(port, NULL, 10) : 4789;
		snprintf(ep->name, sizeof(ep->name), "vsw-vxlan-%u",
			 (unsigned int)ep->dstport);
		ep->kind = "vxlan";
		return true;
	}
	if (!type || strcmp(type, "gre"))
		return false;
	if (remote && strchr(remote, ':')) {
		snprintf(ep->name, sizeof(ep->name), "vsw-gre6");
		ep->kind = "ip6gretap";
	} else {
		snprintf(ep->name, sizeof(ep->name), "vsw-gre");
		ep->kind = "gretap";
	}
	return true;
}

/*
 * Whether a tunnel port of the kernel uses @ep's device: then the kernel
 * owns it, even if this vswctl made it and its own port was refused.
 */
static bool endpoint_in_use(const struct endpoint *ep)
{
	static struct vsw_nl nl;
	struct port_list list = { 0 };
	bool used = false;
	size_t i;

	if (port_nl_open(&nl, "add-port") < 0)
		return true;
	if (get_ports(&nl, NULL, &list) < 0)
		used = true;
	for (i = 0; i < list.n && !used; i++) {
		const struct port *p = &list.v[i];

		if (!strcmp(ep->kind, "vxlan"))
			used = p->type == VSWITCH_PORT_TYPE_VXLAN &&
			       p->dstport == ep->dstport;
		else
			used = p->type == VSWITCH_PORT_TYPE_GRE &&
			       !strchr(p->remote, ':') ==
			       !strcmp(ep->kind, "gretap");
	}
	free(list.v);
	nl_close(&nl);
	return used;
}

/*
 * Makes @ep's device (RTM_NEWLINK), with the settings the kernel's own
 * would have; or, @create false, deletes it again (RTM_DELLINK) when the
 * port it was made for was refused and no other port took it. Return: 0,
 * 1 if another vswctl made it meanwhile, or -1 after printing why not.
 */
static int endpoint_device(const struct endpoint *ep, bool create)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], msg[LINK_MSG_SIZE];
	struct nlattr *info, *data;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	int err;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = create ? RTM_NEWLINK : RTM_DELLINK;
	if (create)
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ep->name);
	if (create) {
		info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, ep->kind);
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (!strcmp(ep->kind, "vxlan")) {
			mnl_attr_put_u8(nlh, IFLA_VXLAN_COLLECT_METADATA, 1);
			mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(ep->dstport));
			mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, 0);
			mnl_attr_put_u8(nlh, IFLA_VXLAN_UDP_ZERO_CSUM6_RX, 1);
		} else {
			mnl_attr_put(nlh, IFLA_GRE_COLLECT_METADATA, 0, NULL);
		}
		mnl_attr_nest_end(nlh, data);
		mnl_attr_nest_end(nlh, info);
	}

	if (!create && endpoint_in_use(ep))
		return 0;
	if (rtnl_transact(nlh, msg) == 0 || !create)
		return 0;
	err = errno;
	/* Made meanwhile by another vswctl: the retry takes it. */
	if (err == EEXIST && if_nametoindex(ep->name))
		return 1;
	/* Another collect-metadata device: said as the kernel says it. */
	if (err == EEXIST && !strcmp(ep->kind, "vxlan"))
		fprintf(stderr, "vswctl: add-port: another collect-metadata VXLAN device (Open vSwitch's vxlan_sys_PORT, or \"ip link add ... type vxlan external\") already uses this UDP port in this namespace\n");
	else if (err == EEXIST && !strcmp(ep->kind, "gretap"))
		fprintf(stderr, "vswctl: add-port: another collect-metadata GRE device (Open vSwitch's gre_sys, or \"ip link add ... type gretap external\") already receives GRE in this namespace\n");
	else
		fprintf(stderr, "vswctl: add-port: could not create %s (%s external): %s\n",
			ep->name, ep->kind, msg);
	return -1;
}

/*
 * Sends add-port's request. @quiet: a refusal is only recorded, and
 * *needs_ep says whether the kernel wants the endpoint device made.
 * Return: 0, 1 when refused (printed unless @quiet), 2 after printing an
 * error of the command line.
 */
static int add_port_request(int argc, char **argv, bool quiet, bool *needs_ep,
			    struct vsw_nl *nl)
{
	struct nlmsghdr *nlh;
	int ret;

	if (port_nl_open(nl, argv[0]) < 0)
		return 2;
	nl->quiet = quiet;
	nlh = nl_request(nl, VSWITCH_CMD_PORT_NEW, 0);
	mnl_attr_put_strz(nlh, VSWITCH_PORT_A_BRIDGE, argv[1]);
	mnl_attr_put_strz(nlh, VSWITCH_PORT_A_NAME, argv[2]);
	if (put_port_settings(nlh, argv[0], false, argc - 3, argv + 3) < 0) {
		nl_close(nl);
		return 2;
	}
	ret = nl_talk(nl, nlh, NULL, NULL);
	*needs_ep = ret < 0 && nl->error == -ENODEV &&
		    strstr(nl->error_msg, "needs the device");
	nl_close(nl);
	return ret < 0 ? 1 : 0;
}

int take_hwaddr(const char *cmd, int *argc, char **argv, int from,
		uint8_t mac[6], bool *has)
{
	int i;

	*has = false;
	for (i = from; i + 1 < *argc; i += 2) {
		if (strcmp(argv[i], "hwaddr"))
			continue;
		if (*has) {
			fprintf(stderr, "vswctl: %s: hwaddr is given twice\n", cmd);
			return -1;
		}
		if (check_hwaddr(cmd, argv[i + 1], mac) < 0)
			return -1;
		*has = true;
		memmove(&argv[i], &argv[i + 2], (*argc - i - 2) * sizeof(*argv));
		*argc -= 2;
		argv[*argc] = NULL;
		i -= 2;
	}
	return 0;
}

/* The port named @name, of any bridge, into @port; prints why not. */
static int find_port(const char *cmd, const char *name, struct port *port)
{
	static struct vsw_nl nl;
	struct port_list list = { 0 };
	size_t i;
	int ret = -1;

	if (port_nl_open(&nl, cmd) < 0)
		return -1;
	if (get_ports(&nl, NULL, &list) == 0) {
		for (i = 0; i < list.n; i++)
			if (!strcmp(list.v[i].name, name))
				break;
		if (i < list.n) {
			*port = list.v[i];
			ret = 0;
		} else {
			fprintf(stderr, "vswctl: %s: no port with this name\n",
				cmd);
		}
	}
	free(list.v);
	nl_close(&nl);
	return ret;
}

int cmd_add_port(int argc, char **argv)
{
	static struct vsw_nl nl;
	char msg[LINK_MSG_SIZE];
	struct endpoint ep;
	struct nlmsghdr *nlh;
	const char *type;
	bool made = false, tunnel, gre6, quiet, needs_ep;
	uint8_t mac[6];
	bool has_mac;
	int ret;

	if (argc < 3)
		return usage_error(argv[0]);
	if (take_hwaddr(argv[0], &argc, argv, 3, mac, &has_mac) < 0)
		return 1;
	type = setting(argc - 3, argv + 3, "type");
	if (has_mac && (!type || strcmp(type, "internal"))) {
		fprintf(stderr, "vswctl: %s: hwaddr is for internal ports: a netdev or tunnel port's address is its device's\n",
			argv[0]);
		return 1;
	}
	tunnel = endpoint_of(argc - 3, argv + 3, &ep) &&
		 !if_nametoindex(ep.name);
	/* vsw-gre6 is always userspace's to make; the others only where
	 * the kernel asks for them, after a quiet first request.
	 */
	gre6 = tunnel && !strcmp(ep.kind, "ip6gretap");
	quiet = tunnel && !gre6;
	if (gre6) {
		ret = endpoint_device(&ep, true);
		if (ret < 0)
			return 1;
		made = ret == 0;
	}
	ret = add_port_request(argc, argv, quiet, &needs_ep, &nl);
	if (ret == 1 && quiet) {
		if (!needs_ep) {
			nl_print_error(&nl);
			return 1;
		}
		ret = endpoint_device(&ep, true);
		if (ret < 0)
			return 1;
		made = ret == 0;
		ret = add_port_request(argc, argv, false, &needs_ep, &nl);
	}
	if (ret && made)
		endpoint_device(&ep, false);
	if (ret)
		return 1;
	if (!has_mac)
		return 0;
	/* The device exists now; without its address the port goes again. */
	if (link_set_address(argv[2], mac, msg) < 0) {
		fprintf(stderr, "vswctl: %s: hwaddr: %s\n", argv[0], msg);
		if (port_nl_open(&nl, argv[0]) == 0) {
			nlh = nl_request(&nl, VSWITCH_CMD_PORT_DEL, 0);
			mnl_attr_put_strz(nlh, VSWITCH_PORT_A_NAME, argv[2]);
			port_transact(&nl, nlh);
		}
		return 1;
	}
	return 0;
}

int cmd_del_port(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct nlmsghdr *nlh;

	if (argc != 2 && argc != 3)
		return usage_error(argv[0]);
	if (port_nl_open(&nl, argv[0]) < 0)
		return 1;
	nlh = nl_request(&nl, VSWITCH_CMD_PORT_DEL, 0);
	if (argc == 3)
		mnl_attr_put_strz(nlh, VSWITCH_PORT_A_BRIDGE, argv[1]);
	mnl_attr_put_strz(nlh, VSWITCH_PORT_A_NAME, argv[argc - 1]);
	return port_transact(&nl, nlh);
}

int cmd_set_port(int argc, char **argv)
{
	static struct vsw_nl nl;
	char msg[LINK_MSG_SIZE];
	struct nlmsghdr *nlh;
	struct port port;
	uint8_t mac[6];
	bool has_mac;
	int ret = 0;

	if (argc < 4)
		return usage_error(argv[0]);
	if (take_hwaddr(argv[0], &argc, argv, 2, mac, &has_mac) < 0)
		return 1;
	if (has_mac) {
		if (find_port(argv[0], argv[1], &port) < 0)
			return 1;
		if (port.type != VSWITCH_PORT_TYPE_INTERNAL) {
			fprintf(stderr, "vswctl: %s: hwaddr is for internal ports: %s is a %s port\n",
				argv[0], argv[1], port_type_name(port.type));
			return 1;
		}
	}
	if (argc > 2) {
		if (port_nl_open(&nl, argv[0]) < 0)
			return 1;
		nlh = nl_request(&nl, VSWITCH_CMD_PORT_SET, 0);
		mnl_attr_put_strz(nlh, VSWITCH_PORT_A_NAME, argv[1]);
		if (put_port_settings(nlh, argv[0], true, argc - 2,
				      argv + 2) < 0) {
			nl_close(&nl);
			return 1;
		}
		ret = port_transact(&nl, nlh);
	}
	if (!ret && has_mac && link_set_address(argv[1], mac, msg) < 0) {
		fprintf(stderr, "vswctl: %s: hwaddr: %s\n", argv[0], msg);
		ret = 1;
	}
	return ret;
}

static int nested_u64_cb(const struct nlattr *attr, void *data)
{
	uint64_t *n = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* Counters a newer kernel adds are skipped. */
	if (type > VSWITCH_PORT_STATS_MAX && type > VSWITCH_BRIDGE_STATS_MAX)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_ERROR;
	n[type] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

int parse_counters(const struct nlattr *nest, uint64_t *n, int max)
{
	uint64_t all[64] = { 0 };

	if (mnl_attr_parse_nested(nest, nested_u64_cb, all) < 0)
		return -1;
	memcpy(n, all, (max + 1) * sizeof(*n));
	return 0;
}

static int port_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > VSWITCH_PORT_A_MAX)
		return MNL_CB_OK;
	switch (type) {
	case VSWITCH_PORT_A_BRIDGE:
	case VSWITCH_PORT_A_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		    mnl_attr_get_payload_len(attr) > IF_NAMESIZE)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_IFINDEX:
	case VSWITCH_PORT_A_NUMBER:
	case VSWITCH_PORT_A_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_KEY:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_TAG:
	case VSWITCH_PORT_A_DSTPORT:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_ISOLATED:
	case VSWITCH_PORT_A_TTL:
	case VSWITCH_PORT_A_TOS:
	case VSWITCH_PORT_A_DF:
	case VSWITCH_PORT_A_CSUM:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_REMOTE:
	case VSWITCH_PORT_A_LOCAL:
		if (mnl_attr_get_payload_len(attr) != 4 &&
		    mnl_attr_get_payload_len(attr) != 16)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_TRUNKS:
		if (mnl_attr_get_payload_len(attr) != VSWITCH_VLAN_BITMAP_LEN)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_STATS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		break;
	case VSWITCH_PORT_A_OWNER:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		break;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static void format_addr(const struct nlattr *attr, char *buf, size_t size)
{
	int len = mnl_attr_get_payload_len(attr);

	inet_ntop(len == 4 ? AF_INET : AF_INET6, mnl_attr_get_payload(attr),
		  buf, size);
}

/* A u8 or u16 attribute's value, or -1 if absent. */
static int32_t get_small(const struct nlattr *attr)
{
	if (!attr)
		return -1;
	if (mnl_attr_get_payload_len(attr) == 2)
		return mnl_attr_get_u16(attr);
	return mnl_attr_get_u8(attr);
}

static void port_from_tb(const struct nlattr **tb, struct port *port);

int parse_port(const struct nlmsghdr *nlh, struct port *port)
{
	const struct nlattr *tb[VSWITCH_PORT_A_MAX + 1] = { NULL };

	memset(port, 0, sizeof(*port));
	if (mnl_attr_parse(nlh, GENL_HDRLEN, port_attr_cb, tb) < 0 ||
	    !tb[VSWITCH_PORT_A_BRIDGE] || !tb[VSWITCH_PORT_A_NAME] ||
	    !tb[VSWITCH_PORT_A_NUMBER] || !tb[VSWITCH_PORT_A_TYPE] ||
	    !tb[VSWITCH_PORT_A_STATS] ||
	    parse_counters(tb[VSWITCH_PORT_A_STATS], port->stats,
			   VSWITCH_PORT_STATS_MAX) < 0) {
		fprintf(stderr, "vswctl: malformed port in the kernel's reply\n");
		errno = EBADMSG;
		return -1;
	}
	port_from_tb(tb, port);
	return 0;
}

/* What a port's attributes say, into @port; absent ones are zero or -1. */
static void port_from_tb(const struct nlattr **tb, struct port *port)
{
	snprintf(port->bridge, sizeof(port->bridge), "%s",
		 mnl_attr_get_str(tb[VSWITCH_PORT_A_BRIDGE]));
	snprintf(port->name, sizeof(port->name), "%s",
		 mnl_attr_get_str(tb[VSWITCH_PORT_A_NAME]));
	if (tb[VSWITCH_PORT_A_NUMBER])
		port->number = mnl_attr_get_u32(tb[VSWITCH_PORT_A_NUMBER]);
	if (tb[VSWITCH_PORT_A_TYPE])
		port->type = mnl_attr_get_u32(tb[VSWITCH_PORT_A_TYPE]);
	if (tb[VSWITCH_PORT_A_TAG])
		port->tag = mnl_attr_get_u16(tb[VSWITCH_PORT_A_TAG]);
	if (tb[VSWITCH_PORT_A_TRUNKS]) {
		port->has_trunks = true;
		memcpy(port->trunks, mnl_attr_get_payload(tb[VSWITCH_PORT_A_TRUNKS]),
		       VSWITCH_VLAN_BITMAP_LEN);
	}
	port->isolated = get_small(tb[VSWITCH_PORT_A_ISOLATED]) == 1;
	if (tb[VSWITCH_PORT_A_OWNER])
		snprintf(port->owner, sizeof(port->owner), "%s",
			 mnl_attr_get_str(tb[VSWITCH_PORT_A_OWNER]));
	if (tb[VSWITCH_PORT_A_REMOTE])
		format_addr(tb[VSWITCH_PORT_A_REMOTE], port->remote,
			    sizeof(port->remote));
	if (tb[VSWITCH_PORT_A_LOCAL])
		format_addr(tb[VSWITCH_PORT_A_LOCAL], port->local,
			    sizeof(port->local));
	port->key = -1;
	if (tb[VSWITCH_PORT_A_KEY])
		port->key = mnl_attr_get_u32(tb[VSWITCH_PORT_A_KEY]);
	port->dstport = get_small(tb[VSWITCH_PORT_A_DSTPORT]);
	port->ttl = get_small(tb[VSWITCH_PORT_A_TTL]);
	port->tos = get_small(tb[VSWITCH_PORT_A_TOS]);
	port->df = get_small(tb[VSWITCH_PORT_A_DF]);
	port->csum = get_small(tb[VSWITCH_PORT_A_CSUM]);
}

int port_from_args(int argc, char **argv, struct port *port,
		   bool *has_number)
{
	const struct nlattr *tb[VSWITCH_PORT_A_MAX + 1] = { NULL };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	bool vxlan;

	memset(port, 0, sizeof(*port));
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	mnl_attr_put_strz(nlh, VSWITCH_PORT_A_BRIDGE, argv[1]);
	mnl_attr_put_strz(nlh, VSWITCH_PORT_A_NAME, argv[2]);
	if (put_port_settings(nlh, argv[0], false, argc - 3, argv + 3) < 0 ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, port_attr_cb, tb) < 0)
		return -1;
	port_from_tb(tb, port);
	if (!tb[VSWITCH_PORT_A_TYPE])
		port->type = VSWITCH_PORT_TYPE_NETDEV;
	/* "trunks none" is no trunks, as the kernel reports it. */
	if (port->has_trunks) {
		size_t i;

		port->has_trunks = false;
		for (i = 0; i < sizeof(port->trunks); i++)
			port->has_trunks |= port->trunks[i] != 0;
	}
	*has_number = tb[VSWITCH_PORT_A_NUMBER] != NULL;
	if (port->type != VSWITCH_PORT_TYPE_VXLAN &&
	    port->type != VSWITCH_PORT_TYPE_GRE)
		return 0;
	/* As the kernel reports a tunnel port made with these. */
	vxlan = port->type == VSWITCH_PORT_TYPE_VXLAN;
	if (vxlan && port->key < 0)
		port->key = 0;
	if (vxlan && port->dstport < 0)
		port->dstport = VSWITCH_VXLAN_DEFAULT_PORT;
	if (vxlan && port->df < 0)
		port->df = VSWITCH_DF_UNSET;
	if (port->ttl < 0)
		port->ttl = 0;
	if (port->tos < 0)
		port->tos = 0;
	if (port->csum < 0)
		port->csum = vxlan && strchr(port->remote, ':');
	return 0;
}

static int port_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct port_list *list = data;
	struct port *v;

	if (list->n == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 16;
		v = realloc(list->v, list->cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		list->v = v;
	}
	if (parse_port(nlh, &list->v[list->n]) < 0)
		return MNL_CB_ERROR;
	list->n++;
	return MNL_CB_OK;
}

static void port_list_reset(void *data)
{
	((struct port_list *)data)->n = 0;
}

/* By port number, LOCAL last, as ovs-ofctl shows them. */
static int port_cmp_number(const void *a, const void *b)
{
	const struct port *p = a, *q = b;

	return (int)p->number - (int)q->number;
}

static int port_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct port *)a)->name,
		      ((const struct port *)b)->name);
}

int get_ports(struct vsw_nl *nl, const char *bridge, struct port_list *list)
{
	struct nlmsghdr *nlh;

	nlh = nl_request(nl, VSWITCH_CMD_PORT_GET, NLM_F_DUMP);
	if (bridge)
		mnl_attr_put_strz(nlh, VSWITCH_PORT_A_BRIDGE, bridge);
	if (nl_dump(nl, nlh, port_reply_cb, list, port_list_reset) < 0)
		return -1;
	qsort(list->v, list->n, sizeof(*list->v), port_cmp_number);
	return 0;
}

const char *port_type_name(uint32_t type)
{
	if (type > VSWITCH_PORT_TYPE_MAX || !port_type_names[type])
		return "unknown";
	return port_type_names[type];
}

/*
 * A tunnel port's options, as "ovs-vsctl show" prints them: one line of
 * key=value in text, an object in JSON.
 */
static void print_tunnel_options(const struct port *port)
{
	char buf[16];

	if (!port->remote[0])
		return;
	print_text("        options: {");
	open_json_object("options");
	print_string("remote", "remote=%s", port->remote);
	if (port->local[0])
		print_string("local", ", local=%s", port->local);
	if (port->key >= 0)
		print_uint("key", ", key=%" PRIu64, port->key);
	if (port->dstport >= 0)
		print_uint("dstport", ", dstport=%" PRIu64, port->dstport);
	if (port->ttl > 0)
		print_uint("ttl", ", ttl=%" PRIu64, port->ttl);
	if (port->tos == VSWITCH_TOS_INHERIT) {
		print_string("tos", ", tos=%s", "inherit");
	} else if (port->tos > 0) {
		snprintf(buf, sizeof(buf), "%d", port->tos);
		print_string("tos", ", tos=%s", buf);
	}
	if (port->df >= 0 && port->df <= VSWITCH_DF_MAX)
		print_string("df", ", df=%s", df_names[port->df]);
	if (port->csum >= 0)
		print_string("csum", ", csum=%s", off_on[port->csum == 1]);
	close_json_object();
	print_text("}\n");
}

/* The port's number as text: "LOCAL" or decimal. */
static const char *port_number_text(uint32_t number, char *buf, size_t size)
{
	if (number == VSWITCH_PORT_LOCAL)
		return "LOCAL";
	snprintf(buf, size, "%" PRIu32, number);
	return buf;
}

void print_port_settings(const struct port *port)
{
	char buf[16], trunks[TRUNKS_TEXT_MAX];

	print_string("name", "    Port %s\n", port->name);
	if (output_is_json())
		print_uint("ofport", NULL, port->number);
	else
		print_string(NULL, "        ofport: %s\n",
			     port_number_text(port->number, buf, sizeof(buf)));
	print_string("type", "        type: %s\n", port_type_name(port->type));
	if (port->tag)
		print_uint("tag", "        tag: %" PRIu64 "\n", port->tag);
	if (port->has_trunks) {
		format_trunks(port->trunks, trunks, sizeof(trunks));
		print_string("trunks", "        trunks: %s\n", trunks);
	}
	if (port->isolated)
		print_string("isolated", "        isolated: %s\n", "on");
	if (port->owner[0])
		print_string("owner", "        owner: %s\n", port->owner);
	print_tunnel_options(port);
}

/* Runs @fn on the ports of @bridge, in the order @cmp gives. */
static int with_ports(const char *what, const char *bridge,
		      int (*cmp)(const void *, const void *),
		      void (*fn)(const struct port *port))
{
	static struct vsw_nl nl;
	struct port_list list = { 0 };
	size_t i;
	int ret = 1;

	if (port_nl_open(&nl, what) < 0)
		return 1;
	if (get_ports(&nl, bridge, &list) == 0) {
		qsort(list.v, list.n, sizeof(*list.v), cmp);
		open_json_array(NULL);
		for (i = 0; i < list.n; i++)
			fn(&list.v[i]);
		close_json_array();
		ret = 0;
	}
	free(list.v);
	nl_close(&nl);
	return ret;
}

static void print_port_name(const struct port *port)
{
	if (port->number != VSWITCH_PORT_LOCAL)
		print_string(NULL, "%s\n", port->name);
}

int cmd_list_ports(int argc, char **argv)
{
	if (argc != 2)
		return usage_error(argv[0]);
	return with_ports(argv[0], argv[1], port_cmp_name, print_port_name);
}

static void print_port_stats(const struct port *port)
{
	const uint64_t *n = port->stats;
	char buf[16];
	int i;

	if (output_is_json()) {
		open_json_object(NULL);
		print_uint("port", NULL, port->number);
		print_string("name", NULL, port->name);
		for (i = VSWITCH_PORT_STATS_RX_PACKETS; i <= VSWITCH_PORT_STATS_MAX; i++)
			print_uint(port_stat_names[i], NULL, n[i]);
		close_json_object();
		return;
	}
	printf("port %5s (%s): rx pkts=%" PRIu64 " bytes=%" PRIu64
	       " drop=%" PRIu64 " errs=%" PRIu64 "\n",
	       port_number_text(port->number, buf, sizeof(buf)), port->name,
	       n[VSWITCH_PORT_STATS_RX_PACKETS], n[VSWITCH_PORT_STATS_RX_BYTES],
	       n[VSWITCH_PORT_STATS_RX_DROPPED], n[VSWITCH_PORT_STATS_RX_ERRORS]);
	printf("%*s tx pkts=%" PRIu64 " bytes=%" PRIu64 " drop=%" PRIu64
	       " errs=%" PRIu64 "\n",
	       (int)(strlen(port->name) + 14), "",
	       n[VSWITCH_PORT_STATS_TX_PACKETS], n[VSWITCH_PORT_STATS_TX_BYTES],
	       n[VSWITCH_PORT_STATS_TX_DROPPED], n[VSWITCH_PORT_STATS_TX_ERRORS]);
}

int cmd_dump_ports(int argc, char **argv)
{
	if (argc != 2)
		return usage_error(argv[0]);
	return with_ports(argv[0], argv[1], port_cmp_number, print_port_stats);
}

struct fdb_entry {
	uint32_t port;
	uint16_t vlan;
	uint8_t mac[6];
	uint32_t age;
};

struct fdb_list {
	struct fdb_entry *v;
	size_t n, cap;
};

static int fdb_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSWITCH_FDB_A_MAX + 1] = { NULL };
	struct fdb_list *list = data;
	const struct nlattr *attr;
	struct fdb_entry *e;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) <= VSWITCH_FDB_A_MAX)
			tb[mnl_attr_get_type(attr)] = attr;
	if (!tb[VSWITCH_FDB_A_PORT] || !tb[VSWITCH_FDB_A_VLAN] ||
	    !tb[VSWITCH_FDB_A_MAC] || !tb[VSWITCH_FDB_A_AGE] ||
	    mnl_attr_validate(tb[VSWITCH_FDB_A_PORT], MNL_TYPE_U32) < 0 ||
	    mnl_attr_validate(tb[VSWITCH_FDB_A_VLAN], MNL_TYPE_U16) < 0 ||
	    mnl_attr_validate(tb[VSWITCH_FDB_A_AGE], MNL_TYPE_U32) < 0 ||
	    mnl_attr_get_payload_len(tb[VSWITCH_FDB_A_MAC]) != 6) {
		fprintf(stderr, "vswctl: malformed FDB entry in the kernel's reply\n");
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (list->n == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 64;
		e = realloc(list->v, list->cap * sizeof(*e));
		if (!e) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		list->v = e;
	}
	e = &list->v[list->n++];
	e->port = mnl_attr_get_u32(tb[VSWITCH_FDB_A_PORT]);
	e->vlan = mnl_attr_get_u16(tb[VSWITCH_FDB_A_VLAN]);
	memcpy(e->mac, mnl_attr_get_payload(tb[VSWITCH_FDB_A_MAC]), 6);
	e->age = mnl_attr_get_u32(tb[VSWITCH_FDB_A_AGE]);
	return MNL_CB_OK;
}

/* By port, then VLAN, then MAC: stable output for people and tests. */
static int fdb_cmp(const void *a, const void *b)
{
	const struct fdb_entry *p = a, *q = b;

	if (p->port != q->port)
		return p->port < q->port ? -1 : 1;
	if (p->vlan != q->vlan)
		return p->vlan < q->vlan ? -1 : 1;
	return memcmp(p->mac, q->mac, 6);
}

int cmd_fdb_show(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct fdb_list list = { 0 };
	struct nlmsghdr *nlh;
	char buf[16];
	size_t i;
	int ret;

	if (argc != 2)
		return usage_error(argv[0]);
	if (nl_open(&nl, argv[0]) < 0)
		return 1;
	nl.attr_names = fdb_attr_names;
	nl.n_attr_names = VSWITCH_FDB_A_MAX + 1;
	nlh = nl_request(&nl, VSWITCH_CMD_FDB_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VSWITCH_FDB_A_BRIDGE, argv[1]);
	ret = nl_talk(&nl, nlh, fdb_reply_cb, &list) < 0 ? 1 : 0;
	if (!ret) {
		qsort(list.v, list.n, sizeof(*list.v), fdb_cmp);
		print_text(" port  VLAN  MAC                Age\n");
		open_json_array(NULL);
		for (i = 0; i < list.n; i++) {
			const struct fdb_entry *e = &list.v[i];

			open_json_object(NULL);
			if (output_is_json())
				print_uint("port", NULL, e->port);
			else
				print_string(NULL, "%5s",
					     port_number_text(e->port, buf, sizeof(buf)));
			print_uint("vlan", "  %4" PRIu64, e->vlan);
			print_mac("mac", "  %s", e->mac);
			print_uint("age", "  %4" PRIu64 "\n", e->age);
			close_json_object();
		}
		close_json_array();
	}
	free(list.v);
	nl_close(&nl);
	return ret;
}

int cmd_fdb_flush(int argc, char **argv)
{
	static struct vsw_nl nl;
	struct nlmsghdr *nlh;

	if (argc != 2)
		return usage_error(argv[0]);
	if (nl_open(&nl, argv[0]) < 0)
		return 1;
	nl.attr_names = fdb_attr_names;
	nl.n_attr_names = VSWITCH_FDB_A_MAX + 1;
	nlh = nl_request(&nl, VSWITCH_CMD_FDB_FLUSH, 0);
	mnl_attr_put_strz(nlh, VSWITCH_FDB_A_BRIDGE, argv[1]);
	return port_transact(&nl, nlh);
}

/* The MAC address of the device @name, from SIOCGIFHWADDR. */
int device_mac(const char *name, uint8_t mac[6])
{
	struct ifreq ifr = { 0 };
	int fd, ret;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ret = ioctl(fd, SIOCGIFHWADDR, &ifr);
	close(fd);
	if (ret < 0)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

int save_port(FILE *f, const struct port *port)
{
	bool vxlan = port->type == VSWITCH_PORT_TYPE_VXLAN;
	char trunks[TRUNKS_TEXT_MAX];
	uint8_t mac[6];

	fputs("add-port ", f);
	script_quote(f, port->bridge);
	fputc(' ', f);
	script_quote(f, port->name);
	if (port->type != VSWITCH_PORT_TYPE_NETDEV)
		fprintf(f, " type %s", port_type_name(port->type));
	fprintf(f, " ofport %" PRIu32, port->number);
	if (port->tag)
		fprintf(f, " tag %u", port->tag);
	if (port->has_trunks) {
		format_trunks(port->trunks, trunks, sizeof(trunks));
		fprintf(f, " trunks %s", trunks[0] ? trunks : "none");
	}
	if (port->isolated)
		fprintf(f, " isolated on");
	if (port->owner[0]) {
		fputs(" owner ", f);
		script_quote(f, port->owner);
	}
	if (port->type == VSWITCH_PORT_TYPE_INTERNAL) {
		if (device_mac(port->name, mac) < 0) {
			fprintf(stderr, "vswctl: save: the address of %s: %s\n",
				port->name, strerror(errno));
			return -1;
		}
		fprintf(f, " hwaddr %02x:%02x:%02x:%02x:%02x:%02x", mac[0],
			mac[1], mac[2], mac[3], mac[4], mac[5]);
	}
	/* Tunnel options at their defaults are left out. */
	if (port->remote[0])
		fprintf(f, " remote %s", port->remote);
	if (port->local[0])
		fprintf(f, " local %s", port->local);
	if (port->key >= 0)
		fprintf(f, " key %" PRId64, port->key);
	if (vxlan && port->dstport >= 0 &&
	    port->dstport != VSWITCH_VXLAN_DEFAULT_PORT)
		fprintf(f, " dstport %d", port->dstport);
	if (port->ttl > 0)
		fprintf(f, " ttl %d", port->ttl);
	if (port->tos == VSWITCH_TOS_INHERIT)
		fprintf(f, " tos inherit");
	else if (port->tos > 0)
		fprintf(f, " tos %d", port->tos);
	if (vxlan && port->df > VSWITCH_DF_UNSET && port->df <= VSWITCH_DF_MAX)
		fprintf(f, " df %s", df_names[port->df]);
	if (port->remote[0] && port->csum >= 0 &&
	    port->csum != (vxlan && strchr(port->remote, ':')))
		fprintf(f, " csum %s", off_on[port->csum == 1]);
	fputc('\n', f);
	return 0;
}
