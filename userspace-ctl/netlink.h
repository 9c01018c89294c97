/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transport: one generic netlink socket to the vswitch family, with
 * extended acks on. Knows nothing of commands or printing.
 */
#ifndef VSWCTL_NETLINK_H
#define VSWCTL_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/* Request buffers; replies are read into one twice this size. */
#define NL_REQUEST_SIZE		65536
#define NL_REPLY_SIZE		131072

/* nl_talk() result when a dump raced with a change: start it again. */
#define NL_DUMP_INTR		1

struct vsw_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t mcgrp;		/* VSWITCH_MCGRP_CONFIG's id */
	uint32_t mcgrp_packets;	/* VSWITCH_MCGRP_PACKETS's id, 0 if none */
	uint32_t mcgrp_flows;	/* VSWITCH_MCGRP_FLOWS's id, 0 if none */
	uint32_t portid;
	uint32_t seq;
	/* What the user asked for, the prefix of every error message. */
	const char *what;
	/*
	 * Words for the attributes of the request, indexed by type, as the
	 * kernel's messages use them ("name" for "no bridge with this name").
	 */
	const char *const *attr_names;
	size_t n_attr_names;
	/* Of the attribute the last error pointed at, in the request; or 0. */
	size_t bad_offset;
	/*
	 * The last failed request's negative errno and the kernel's message
	 * ("" if none). With @quiet set, nl_talk() only records them there
	 * and prints nothing: the agent reports errors its own way.
	 */
	bool quiet;
	int error;
	char error_msg[256];
	char request[NL_REQUEST_SIZE];
	char reply[NL_REPLY_SIZE];
};

/*
 * Opens the socket and resolves the family. On failure prints why (in
 * particular "vswitch module not loaded") and returns -1.
 */
int nl_open(struct vsw_nl *nl, const char *what);
void nl_close(struct vsw_nl *nl);

/* Starts a request of @cmd in nl->request; NLM_F_REQUEST and _ACK implied. */
struct nlmsghdr *nl_request(struct vsw_nl *nl, uint8_t cmd, uint16_t flags);

/*
 * Sends @nlh (built by nl_request()) and reads until the ack or the end of
 * the dump, calling @cb on each reply. Returns 0, NL_DUMP_INTR, or -1
 * after printing the kernel's message.
 */
int nl_talk(struct vsw_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* Prints the last failed request's error, as nl_talk() does unless quiet. */
void nl_print_error(const struct vsw_nl *nl);

/* How often nl_dump() starts a dump that raced with a change again. */
#define NL_DUMP_RETRIES		10

/*
 * Runs the dump @nlh (built by nl_request() with NLM_F_DUMP) until it does
 * not race with a change, calling @reset before each try. Returns 0, or -1
 * after printing why.
 */
int nl_dump(struct vsw_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	    void (*reset)(void *data));

/*
 * Reads the groups the socket joined until an error, calling @cb on each
 * message; says so when @what (e.g. "notifications") were lost. Returns
 * -1 after printing why it stopped.
 */
int nl_listen(struct vsw_nl *nl, const char *what, mnl_cb_t cb, void *data);

#endif
