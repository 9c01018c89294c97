// SPDX-License-Identifier: GPL-2.0
/* OpenFlow connection targets: see target.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/vswitch.h>

#include "target.h"

static const struct {
	const char *prefix;
	enum target_kind kind;
	bool passive;
} kinds[] = {
	{ "tcp:", TARGET_TCP, false }, { "ssl:", TARGET_SSL, false },
	{ "ptcp:", TARGET_TCP, true }, { "pssl:", TARGET_SSL, true },
	{ "unix:", TARGET_UNIX, false }, { "punix:", TARGET_UNIX, true },
};

#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* The @n decimal digits at @s: 1 to 65535, or 0 too if @zero. */
static int parse_port(const char *s, size_t n, bool zero, uint16_t *port)
{
	unsigned long v = 0;
	size_t i;

	if (!n || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 65535 || (!v && !zero))
		return -1;
	*port = v;
	return 0;
}

/* The @n bytes at @s, an IPv4 address or an IPv6 one in brackets. */
static int parse_addr(const char *s, size_t n, struct target *t, char *err,
		      size_t len)
{
	char buf[INET6_ADDRSTRLEN + 2];

	if (!n)
		return fail(err, len, "the IP address is missing");
	if (n >= sizeof(buf))
		return fail(err, len, "invalid IP address");
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '[') {
		if (n < 3 || buf[n - 1] != ']')
			return fail(err, len, "an IPv6 address in brackets lacks its ']'");
		buf[n - 1] = '\0';
		if (inet_pton(AF_INET6, buf + 1, &t->addr.ip6) != 1)
			return fail(err, len, "invalid IPv6 address");
		t->family = AF_INET6;
	} else {
		if (strchr(buf, ':'))
			return fail(err, len, "an IPv6 address goes in brackets, as in tcp:[2001:db8::1]:6653");
		if (inet_pton(AF_INET, buf, &t->addr.ip4) != 1)
			return fail(err, len, "invalid IPv4 address");
		t->family = AF_INET;
	}
	t->has_addr = true;
	return 0;
}

/* Where the address at @s ends: after its ']' if it has brackets. */
static size_t addr_len(const char *s)
{
	const char *close;

	if (*s == '[') {
		close = strchr(s, ']');
		return close ? (size_t)(close - s + 1) : strlen(s);
	}
	return strcspn(s, ":");
}

/* Whether @s starts with what looks like an IPv6 address without brackets. */
static bool unbracketed_ipv6(const char *s)
{
	const char *colon = strchr(s, ':');

	return *s != '[' && colon && strchr(colon + 1, ':');
}

int parse_target(const char *s, struct target *t, char *err, size_t len)
{
	const char *rest;
	size_t n, i;

	memset(t, 0, sizeof(*t));
	if (strlen(s) >= VSWITCH_CONTROLLER_TARGET_LEN)
		return fail(err, len, "longer than %d bytes",
			    VSWITCH_CONTROLLER_TARGET_LEN - 1);
	for (i = 0; i < N_KINDS; i++)
		if (!strncmp(s, kinds[i].prefix, strlen(kinds[i].prefix)))
			break;
	if (i == N_KINDS)
		return fail(err, len, "expected tcp:IP[:PORT], ssl:IP[:PORT], ptcp:[PORT][:IP], pssl:[PORT][:IP], unix:PATH or punix:PATH");
	t->kind = kinds[i].kind;
	t->passive = kinds[i].passive;
	rest = s + strlen(kinds[i].prefix);

	if (t->kind == TARGET_UNIX) {
		n = strlen(rest);
		if (!n)
			return fail(err, len, "the path is missing");
		if (n >= sizeof(t->path))
			return fail(err, len, "the path is longer than %zu bytes",
				    sizeof(t->path) - 1);
		for (i = 0; i < n; i++)
			if (rest[i] <= ' ' || rest[i] > '~')
				return fail(err, len, "the path has a space or a control character");
		t->family = AF_UNIX;
		memcpy(t->path, rest, n + 1);
		return 0;
	}

	t->port = TARGET_DEFAULT_PORT;
	if (!t->passive) {
		/* IP[:PORT] */
		if (unbracketed_ipv6(rest))
			return fail(err, len, "an IPv6 address goes in brackets, as in tcp:[2001:db8::1]:6653");
		n = addr_len(rest);
		if (parse_addr(rest, n, t, err, len) < 0)
			return -1;
		rest += n;
		if (!*rest)
			return 0;
		if (*rest != ':' || parse_port(rest + 1, strlen(rest + 1), false,
					      &t->port) < 0)
			return fail(err, len, "invalid port: expected 1 to 65535");
		return 0;
	}
	/* [PORT][:IP] */
	n = strcspn(rest, ":");
	if (n && parse_port(rest, n, true, &t->port) < 0)
		return fail(err, len, "invalid port: expected 0 to 65535");
	rest += n;
	if (!*rest)
		return 0;
	rest++;
	if (unbracketed_ipv6(rest))
		return fail(err, len, "an IPv6 address goes in brackets, as in ptcp:6653:[2001:db8::1]");
	n = addr_len(rest);
	if (rest[n])
		return fail(err, len, "unexpected \"%s\" after the address",
			    rest + n);
	return parse_addr(rest, n, t, err, len);
}

void format_target(const struct target *t, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN + 2] = "";
	const char *prefix = "";
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		if (kinds[i].kind == t->kind && kinds[i].passive == t->passive)
			prefix = kinds[i].prefix;
	if (t->kind == TARGET_UNIX) {
		snprintf(buf, len, "%s%s", prefix, t->path);
		return;
	}
	if (t->has_addr && t->family == AF_INET6) {
		ip[0] = '[';
		inet_ntop(AF_INET6, &t->addr.ip6, ip + 1, sizeof(ip) - 2);
		strcat(ip, "]");
	} else if (t->has_addr) {
		inet_ntop(AF_INET, &t->addr.ip4, ip, sizeof(ip));
	}
	if (!t->passive)
		snprintf(buf, len, "%s%s:%u", prefix, ip, t->port);
	else if (t->has_addr)
		snprintf(buf, len, "%s%u:%s", prefix, t->port, ip);
	else
		snprintf(buf, len, "%s%u", prefix, t->port);
}
