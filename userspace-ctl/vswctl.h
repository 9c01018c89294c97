/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VSWCTL_H
#define VSWCTL_H

#include <net/if.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/vswitch.h>

struct vsw_nl;
struct nlattr;
struct nlmsghdr;

struct command {
	const char *name;
	/* argv[0] is the command's name; returns 0 or 1. */
	int (*handler)(int argc, char **argv);
	const char *args;
	const char *help;
};

/* Prints the usage of @name to stderr and returns 1. */
int usage_error(const char *name);
/* The command named @name, or NULL. */
const struct command *find_command(const char *name);

/* config.c */
int cmd_batch(int argc, char **argv);
int cmd_save(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_reload_module(int argc, char **argv);
/*
 * Checks a configuration file in @buf as apply checks it before it changes
 * anything, without the kernel; prints the first error and returns -1.
 */
int config_check(const char *name, const char *buf, size_t len);

/* bridge.c */
struct bridge {
	char name[IF_NAMESIZE];
	uint32_t ifindex;
	uint64_t dpid;
	uint8_t mac[6];
	uint32_t fdb_aging, fdb_max, fdb_count;
	uint8_t miss;		/* what applies now */
	uint8_t miss_config;	/* what was set, without controllers */
	uint32_t flow_max, flow_count, controller_rate;
	uint8_t fail_mode;
	unsigned int n_controllers;
	char controllers[VSWITCH_CONTROLLERS_MAX][VSWITCH_CONTROLLER_TARGET_LEN];
	bool connected[VSWITCH_CONTROLLERS_MAX];
	uint64_t stats[VSWITCH_BRIDGE_STATS_MAX + 1];
};

struct bridge_list {
	struct bridge *v;
	size_t n, cap;
};

int bridge_nl_open(struct vsw_nl *nl, const char *what);
/* One bridge if @name is set, else all of them, sorted by name. */
int get_bridges(struct vsw_nl *nl, const char *name,
		struct bridge_list *list);
/*
 * The settings of an add-br (@cmd VSWITCH_CMD_BRIDGE_NEW) or set-br line,
 * argv[2..] without hwaddr, checked as those commands check them, into
 * @br's fields; prints why not and returns -1.
 */
int bridge_from_args(uint8_t cmd, int argc, char **argv, struct bridge *br,
		     bool *has_dpid);
/* The add-br, set-br, set-controller and set-fail-mode lines of @br. */
void save_bridge(FILE *f, const struct bridge *br);
int cmd_add_br(int argc, char **argv);
int cmd_del_br(int argc, char **argv);
int cmd_list_br(int argc, char **argv);
int cmd_set_br(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_set_controller(int argc, char **argv);
int cmd_get_controller(int argc, char **argv);
int cmd_del_controller(int argc, char **argv);
int cmd_set_fail_mode(int argc, char **argv);
int cmd_get_fail_mode(int argc, char **argv);

/* port.c */
struct port {
	char bridge[IF_NAMESIZE];
	char name[IF_NAMESIZE];
	uint32_t number;
	uint32_t type;
	uint16_t tag;
	bool has_trunks;
	uint8_t trunks[VSWITCH_VLAN_BITMAP_LEN];
	uint64_t stats[VSWITCH_PORT_STATS_MAX + 1];
	bool isolated;
	char owner[VSWITCH_PORT_OWNER_LEN];	/* "" if none */
	/* Tunnel ports: addresses as text, "" if absent; -1: absent. */
	char remote[46];
	char local[46];
	int64_t key;
	int32_t dstport, ttl, tos, df, csum;
};

struct port_list {
	struct port *v;
	size_t n, cap;
};

int port_nl_open(struct vsw_nl *nl, const char *what);
int parse_port(const struct nlmsghdr *nlh, struct port *port);
/* Counters nested in @nest into @n[0..@max]; unknown ones are skipped. */
int parse_counters(const struct nlattr *nest, uint64_t *n, int max);
/* The ports of @bridge, or of every bridge if NULL, by port number. */
int get_ports(struct vsw_nl *nl, const char *bridge, struct port_list *list);
const char *port_type_name(uint32_t type);
/* The "Port" block of "show". */
void print_port_settings(const struct port *port);
/*
 * Takes a "hwaddr MAC" pair out of the KEY VALUE pairs argv[@from..]:
 * @has says whether there was one, @mac holds it. Prints why and returns -1
 * for a bad or repeated one.
 */
int take_hwaddr(const char *cmd, int *argc, char **argv, int from,
		uint8_t mac[6], bool *has);
/*
 * The port an add-port line (argv[0..], without hwaddr) would make, as
 * the kernel would report it (tunnel defaults filled in), into @port;
 * @has_number: ofport was given. Prints why not and returns -1.
 */
int port_from_args(int argc, char **argv, struct port *port,
		   bool *has_number);
/* The MAC address of the network device @name. */
int device_mac(const char *name, uint8_t mac[6]);
/* @port as an add-port line, hwaddr included; -1 if that cannot be read. */
int save_port(FILE *f, const struct port *port);
/* The VLANs of @bits as "10,20,100-110" into @buf; -1 if it is too small. */
int format_trunks(const uint8_t *bits, char *buf, size_t size);
#define TRUNKS_TEXT_MAX	(4096 * 5 + 1)
int cmd_add_port(int argc, char **argv);
int cmd_del_port(int argc, char **argv);
int cmd_set_port(int argc, char **argv);
int cmd_list_ports(int argc, char **argv);
int cmd_dump_ports(int argc, char **argv);
int cmd_fdb_show(int argc, char **argv);
int cmd_fdb_flush(int argc, char **argv);

/* monitor.c */
int cmd_monitor(int argc, char **argv);

/* flow.c */
int cmd_add_flow(int argc, char **argv);
int cmd_add_flows(int argc, char **argv);
int cmd_mod_flows(int argc, char **argv);
int cmd_del_flows(int argc, char **argv);
int cmd_dump_flows(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_packet_out(int argc, char **argv);
int cmd_list_fields(int argc, char **argv);
int cmd_monitor_packets(const char *bridge);
int cmd_monitor_flows(const char *bridge);
struct flow;
struct sbuf;
/*
 * Every flow of @bridge, highest priority first, then oldest first, into a
 * new array @v of @n; prints why not and returns -1.
 */
int get_flows(const char *cmd, const char *bridge, struct flow **v,
	      size_t *n);
/* @flow as add-flow takes it: cookie, timeouts and flags, match, actions. */
void sb_flow_spec(struct sbuf *b, const struct flow *flow);
struct port_list;
/*
 * The add-flow @text for @bridge, parsed and printed back as sb_flow_spec()
 * prints the flow the kernel would hold, into @out. Port names are looked
 * up in @ports, or in the kernel if NULL; @rule, if not NULL, gets its
 * priority and match alone. Prints why not and returns -1.
 */
int flow_spec(const char *cmd, const char *bridge, const char *text,
	      const struct port_list *ports, struct sbuf *out,
	      struct sbuf *rule);

#endif
