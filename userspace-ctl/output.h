/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printing path for text and JSON, after iproute2's print_*(): each
 * value is printed with a key (used in JSON) and a format (used in text),
 * so that -j never drifts from what a person sees.
 */
#ifndef VSWCTL_OUTPUT_H
#define VSWCTL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

void output_set_json(bool json);
bool output_is_json(void);

/* Containers: in text mode these print nothing. */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

/* Text only; nothing in JSON. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* @key may be NULL inside an array. @fmt has one conversion for @value. */
void print_string(const char *key, const char *fmt, const char *value);
void print_uint(const char *key, const char *fmt, uint64_t value);
/* true or false, in text too; @fmt has a %s. */
void print_bool(const char *key, const char *fmt, bool value);
/* A DPID: "0x" and 16 hex digits, a string in JSON too. */
void print_dpid(const char *key, const char *fmt, uint64_t dpid);
/* A MAC address as aa:bb:cc:dd:ee:ff, a string in JSON too. */
void print_mac(const char *key, const char *fmt, const uint8_t *mac);

/* Ends JSON output with a newline; call once at the end. */
void output_flush(void);

#endif
