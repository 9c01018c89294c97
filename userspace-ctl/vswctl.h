/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VSWCTL_H
#define VSWCTL_H

struct command {
	const char *name;
	/* argv[0] is the command's name; returns 0 or 1. */
	int (*handler)(int argc, char **argv);
	const char *args;
	const char *help;
};

/* Prints the usage of @name to stderr and returns 1. */
int usage_error(const char *name);

/* bridge.c */
int cmd_add_br(int argc, char **argv);
int cmd_del_br(int argc, char **argv);
int cmd_list_br(int argc, char **argv);
int cmd_set_br(int argc, char **argv);
int cmd_show(int argc, char **argv);

#endif
