/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink, for what vswitch's own family leaves to it.
 */
#ifndef VSWCTL_LINK_H
#define VSWCTL_LINK_H

#include <stdint.h>

struct nlmsghdr;

#define LINK_MSG_SIZE	256

/* "52:54:00:12:34:56" into @mac; -1 if it is not six colon-separated bytes. */
int parse_mac(const char *s, uint8_t mac[6]);
/*
 * parse_mac() for a hwaddr setting, which must also be unicast and not
 * zero; prints "vswctl: WHAT: ..." and returns -1 otherwise.
 */
int check_hwaddr(const char *what, const char *s, uint8_t mac[6]);
/*
 * Sends @nlh (type, header and attributes set) on a new rtnetlink socket
 * and waits for the ack. On failure returns -1 with the kernel's message,
 * or strerror(), in @msg, and errno set.
 */
int rtnl_transact(struct nlmsghdr *nlh, char msg[LINK_MSG_SIZE]);
/* Gives the device @ifname the address @mac, as ip link set address does. */
int link_set_address(const char *ifname, const uint8_t mac[6],
		     char msg[LINK_MSG_SIZE]);

#endif
