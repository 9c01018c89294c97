// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: configure vswitch, the in-kernel virtual switch.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "vswctl.h"

#define VSWCTL_VERSION "0.1"

static const struct command commands[] = {
	{ "add-br", cmd_add_br, "BRIDGE [dpid HEX] [hwaddr MAC]",
	  "Create BRIDGE and its internal port, a network device of the same\n"
	  "name, with the MAC address hwaddr (default: a random one). Without\n"
	  "dpid, the DPID is 0x0000 followed by that address." },
	{ "del-br", cmd_del_br, "BRIDGE",
	  "Delete BRIDGE and its internal port." },
	{ "list-br", cmd_list_br, "",
	  "Print the names of the bridges of this network namespace, one per\n"
	  "line, sorted." },
	{ "set-br", cmd_set_br,
	  "BRIDGE {dpid HEX | fdb-aging SECONDS | fdb-max N | miss POLICY |\n"
	  "        flow-max N | controller-rate N | hwaddr MAC}...",
	  "Change settings of BRIDGE: its DPID, how long a learned address\n"
	  "lives without traffic (1-1000000 s, default 300), and how many\n"
	  "addresses it learns at most (1-1048576, default 8192). miss is what\n"
	  "a frame no flow matches gets: normal (the learning switch, the\n"
	  "default), drop, or controller (a packet-in). flow-max caps the flow\n"
	  "table (1-10000000, default 200000); controller-rate caps packet-ins\n"
	  "a second (1-1000000, default 1000). hwaddr sets the internal port's\n"
	  "MAC address (the DPID stays)." },
	{ "show", cmd_show, "[BRIDGE]",
	  "Print every bridge, or BRIDGE, with its settings, counters and ports." },
	{ "set-controller", cmd_set_controller, "BRIDGE TARGET...",
	  "Give BRIDGE these OpenFlow controllers (at most 8), kept with it in\n"
	  "the kernel for the OpenFlow agent:\n"
	  "tcp:IP[:PORT] or ssl:IP[:PORT] to connect to (default port 6653),\n"
	  "ptcp:[PORT][:IP] or pssl:[PORT][:IP] to listen on, unix:PATH or\n"
	  "punix:PATH; an IPv6 address goes in brackets. While a bridge has\n"
	  "controllers, its fail mode decides what a miss gets." },
	{ "get-controller", cmd_get_controller, "BRIDGE",
	  "Print the controllers of BRIDGE, one a line." },
	{ "del-controller", cmd_del_controller, "BRIDGE",
	  "Remove the controllers of BRIDGE; its miss policy applies again." },
	{ "set-fail-mode", cmd_set_fail_mode, "BRIDGE standalone|secure",
	  "What BRIDGE, with controllers, does with a miss while none is\n"
	  "connected: standalone (the default) forwards it as the learning\n"
	  "switch, secure drops it." },
	{ "get-fail-mode", cmd_get_fail_mode, "BRIDGE",
	  "Print the fail mode of BRIDGE." },
	{ "add-port", cmd_add_port,
	  "BRIDGE PORT [type netdev|internal|vxlan|gre] [ofport N] [tag VLAN]\n"
	  "        [trunks LIST] [isolated on|off] [hwaddr MAC] [owner NAME]\n"
	  "        [TUNNEL OPTIONS]",
	  "Add PORT to BRIDGE. A netdev port (the default) attaches the existing\n"
	  "device PORT; an internal port creates a device named PORT. ofport\n"
	  "picks the port number (1-65279; default the next free one, so that\n"
	  "a deleted port's number comes back last). tag VLAN\n"
	  "makes an access port of that VLAN; trunks LIST (e.g. 10,20,100-110)\n"
	  "a trunk of those VLANs. With neither, the port carries every VLAN.\n"
	  "Isolated ports never send to each other (split horizon). hwaddr\n"
	  "gives an internal port's device that MAC address. owner NAME (such\n"
	  "as libvirt:UUID) says what attached the port: save leaves it out,\n"
	  "and apply leaves it alone.\n"
	  "A vxlan or gre port is a tunnel to one remote host:\n"
	  "  remote IP [local IP] [key N] [ttl N] [tos N|inherit] [csum on|off]\n"
	  "  and for vxlan [dstport N] (default 4789) [df set|unset|inherit]." },
	{ "del-port", cmd_del_port, "[BRIDGE] PORT",
	  "Remove PORT (from BRIDGE, if given)." },
	{ "set-port", cmd_set_port,
	  "PORT {tag VLAN|none | trunks LIST|none | isolated on|off |\n"
	  "      hwaddr MAC}...",
	  "Change the VLAN settings of PORT, or whether it is isolated; none\n"
	  "removes a tag or trunks. hwaddr changes an internal port's MAC\n"
	  "address." },
	{ "list-ports", cmd_list_ports, "BRIDGE",
	  "Print the names of the ports of BRIDGE but its own, one per line,\n"
	  "sorted." },
	{ "dump-ports", cmd_dump_ports, "BRIDGE",
	  "Print the counters of every port of BRIDGE, LOCAL included, as the\n"
	  "switch sees them: rx is what came in from the port." },
	{ "fdb-show", cmd_fdb_show, "BRIDGE",
	  "Print the addresses BRIDGE learned: port, VLAN, MAC, age in seconds." },
	{ "fdb-flush", cmd_fdb_flush, "BRIDGE",
	  "Forget every address BRIDGE learned." },
	{ "add-flow", cmd_add_flow, "BRIDGE FLOW",
	  "Add FLOW to BRIDGE's flow table, written as for ovs-ofctl, e.g.\n"
	  "  'priority=100,tcp,nw_dst=10.0.0.2,tp_dst=80 actions=output:2'.\n"
	  "A flow with the same match and priority is replaced.\n"
	  "See Documentation/flows.rst for every field and action." },
	{ "add-flows", cmd_add_flows, "BRIDGE FILE|-",
	  "Add the flows of FILE (- for standard input), one per line; blank\n"
	  "lines and lines starting with # are skipped. Many flows go in each\n"
	  "netlink message, and each message is applied whole or not at all." },
	{ "mod-flows", cmd_mod_flows, "[--strict] BRIDGE FLOW",
	  "Give FLOW's actions to every flow FLOW's match selects: every flow\n"
	  "at least as specific, or with --strict the one with the same match\n"
	  "and priority. Counters are kept." },
	{ "del-flows", cmd_del_flows, "[--strict] BRIDGE [MATCH]",
	  "Delete the flows MATCH selects (as for mod-flows), or every flow." },
	{ "dump-flows", cmd_dump_flows, "[--strict] BRIDGE [MATCH]",
	  "Print the flows of BRIDGE (those MATCH selects), highest priority\n"
	  "first, with their counters, as ovs-ofctl dump-flows does." },
	{ "trace", cmd_trace, "BRIDGE PACKET",
	  "Say which flow a packet described as a match (e.g.\n"
	  "'in_port=1,tcp,nw_dst=10.0.0.2,tp_dst=80') takes, and its actions;\n"
	  "fields not given are zero." },
	{ "packet-out", cmd_packet_out, "BRIDGE [in_port=PORT] actions=ACTIONS HEX",
	  "Send the frame HEX (hex digits, from the Ethernet header on) through\n"
	  "ACTIONS as if it came in by PORT (default LOCAL)." },
	{ "list-fields", cmd_list_fields, "",
	  "Print the words of a flow vswctl knows, one a line: match fields\n"
	  "(with their =), shorthands such as tcp, and the flow's own keys\n"
	  "(priority=, actions=...). Bash completion uses it." },
	{ "monitor", cmd_monitor, "[--packets BRIDGE | --flows BRIDGE]",
	  "Print changes to bridges and ports as they happen, until interrupted;\n"
	  "with --packets, the packet-ins of BRIDGE instead, and with --flows,\n"
	  "the removals of its flows added with send_flow_rem." },
	{ "save", cmd_save, "[BRIDGE...]",
	  "Print the running configuration of every bridge, or of these, as\n"
	  "vswctl commands that build it from nothing: bridges with their DPID,\n"
	  "MAC address and settings, ports with their options, flows but those\n"
	  "a controller installed, controllers and fail modes. Settings at\n"
	  "their defaults are left out. vswctl apply takes the result." },
	{ "apply", cmd_apply, "[--all] FILE|-",
	  "Make the running configuration that of FILE (- for standard input),\n"
	  "a file as save prints, changing only what differs: ports that\n"
	  "FILE's bridges have and it lacks are deleted; other bridges are\n"
	  "left alone, or with --all deleted. A port that changed only its\n"
	  "VLANs, isolation or hwaddr is changed in place. FILE is checked\n"
	  "whole first; if the kernel refuses a change, those made are rolled\n"
	  "back. Prints each change as the command it ran." },
	{ "reload-module", cmd_reload_module, "[MODULE.ko]",
	  "Save the configuration of this network namespace (to\n"
	  "/run/vswitch/reload-module.conf), unload the module, load the one\n"
	  "installed now (modprobe; or insmod MODULE.ko), apply the\n"
	  "configuration again, and say how long there was no vswitch. Bridges\n"
	  "of other namespaces are lost, as with rmmod." },
	{ "batch", cmd_batch, "FILE|-",
	  "Run the vswctl commands of FILE (- for standard input), one a line,\n"
	  "in order, and stop at the first that fails, naming its line. Words\n"
	  "are split as by a shell, with '...', \"...\" and \\ (no expansions);\n"
	  "# starts a comment, and a leading \"vswctl\" is skipped." },
	{ "help", NULL, "[COMMAND]",
	  "Print the commands, or what COMMAND does." },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int usage_error(const char *name)
{
	const struct command *cmd = find_command(name);

	fprintf(stderr, "usage: vswctl %s%s%s\n", name,
		cmd && *cmd->args ? " " : "", cmd ? cmd->args : "");
	return 1;
}

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: vswctl [-j|--json] COMMAND [ARG...]\n"
		   "\n"
		   "Options:\n"
		   "  -j, --json     print JSON instead of text\n"
		   "  -h, --help     print this help\n"
		   "  -V, --version  print the version\n"
		   "\n"
		   "Commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %s%s%s\n", commands[i].name,
			*commands[i].args ? " " : "", commands[i].args);
	fprintf(f, "\n'vswctl help COMMAND' says more about COMMAND.\n");
}

static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc == 1) {
		print_usage(stdout);
		return 0;
	}
	if (argc != 2)
		return usage_error("help");
	cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "vswctl: unknown command '%s'; see 'vswctl --help'\n",
			argv[1]);
		return 1;
	}
	printf("usage: vswctl %s%s%s\n\n%s\n", cmd->name,
	       *cmd->args ? " " : "", cmd->args, cmd->help);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "+jhV", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			output_set_json(true);
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("vswctl %s\n", VSWCTL_VERSION);
			return 0;
		default:
			print_usage(stderr);
			return 1;
		}
	}
	if (optind == argc) {
		print_usage(stderr);
		return 1;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "vswctl: unknown command '%s'; see 'vswctl --help'\n",
			argv[optind]);
		return 1;
	}
	if (cmd->handler)
		ret = cmd->handler(argc - optind, argv + optind);
	else
		ret = cmd_help(argc - optind, argv + optind);
	output_flush();
	return ret;
}
