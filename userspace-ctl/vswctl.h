/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VSWCTL_H
#define VSWCTL_H

#include <net/if.h>
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

/* script.c */
int cmd_batch(int argc, char **argv);

/* bridge.c */
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
int cmd_monitor_packets(const char *bridge);
int cmd_monitor_flows(const char *bridge);

#endif
