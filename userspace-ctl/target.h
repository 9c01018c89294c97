/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OpenFlow connection targets, as Open vSwitch writes them:
 * tcp:IP[:PORT], ssl:IP[:PORT], ptcp:[PORT][:IP], pssl:[PORT][:IP],
 * unix:PATH and punix:PATH, IPv6 addresses in brackets.
 */
#ifndef VSW_TARGET_H
#define VSW_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/un.h>

#define TARGET_DEFAULT_PORT	6653

enum target_kind { TARGET_TCP, TARGET_SSL, TARGET_UNIX };

struct target {
	enum target_kind kind;
	bool passive;		/* ptcp:, pssl:, punix: listen */
	int family;		/* AF_INET, AF_INET6 or AF_UNIX */
	union {
		struct in_addr ip4;
		struct in6_addr ip6;
	} addr;			/* passive without an address: any */
	bool has_addr;
	uint16_t port;		/* TCP and SSL; 0 (passive): any */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
};

/*
 * Parses @s into @t. On failure returns -1 and says what is wrong in
 * @err (@len bytes), a phrase without the target itself.
 */
int parse_target(const char *s, struct target *t, char *err, size_t len);

/* @t written back as parse_target() takes it, in @buf (@len bytes). */
void format_target(const struct target *t, char *buf, size_t len);

#endif
