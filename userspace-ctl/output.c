// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "output.h"

#define MAX_DEPTH 16

static bool json;
static int depth;
/* Whether the container at each depth has a member yet. */
static bool has_member[MAX_DEPTH];
static bool printed_json;

void output_set_json(bool on)
{
	json = on;
}

bool output_is_json(void)
{
	return json;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_member(const char *key)
{
	if (depth > 0) {
		if (has_member[depth - 1])
			putchar(',');
		has_member[depth - 1] = true;
	}
	if (key) {
		json_string(key);
		putchar(':');
	}
	printed_json = true;
}

static void json_open(const char *key, char bracket)
{
	if (!json)
		return;
	json_member(key);
	putchar(bracket);
	if (depth < MAX_DEPTH)
		has_member[depth] = false;
	depth++;
}

static void json_close(char bracket)
{
	if (!json)
		return;
	putchar(bracket);
	depth--;
}

void open_json_object(const char *key)
{
	json_open(key, '{');
}

void close_json_object(void)
{
	json_close('}');
}

void open_json_array(const char *key)
{
	json_open(key, '[');
}

void close_json_array(void)
{
	json_close(']');
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void print_string(const char *key, const char *fmt, const char *value)
{
	if (json) {
		json_member(key);
		json_string(value);
	} else {
		printf(fmt, value);
	}
}

void print_uint(const char *key, const char *fmt, uint64_t value)
{
	if (json) {
		json_member(key);
		printf("%" PRIu64, value);
	} else {
		printf(fmt, value);
	}
}

void print_bool(const char *key, const char *fmt, bool value)
{
	if (json) {
		json_member(key);
		fputs(value ? "true" : "false", stdout);
	} else {
		printf(fmt, value ? "true" : "false");
	}
}

void print_dpid(const char *key, const char *fmt, uint64_t dpid)
{
	char buf[sizeof("0x") + 16];

	snprintf(buf, sizeof(buf), "0x%016" PRIx64, dpid);
	print_string(key, fmt, buf);
}

void print_mac(const char *key, const char *fmt, const uint8_t *mac)
{
	char buf[sizeof("00:00:00:00:00:00")];

	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	print_string(key, fmt, buf);
}

void output_flush(void)
{
	if (json && printed_json)
		putchar('\n');
	fflush(stdout);
}
