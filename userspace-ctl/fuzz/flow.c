// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for vswctl's flow syntax (userspace-ctl/flow_parse.c,
 * flow_encode.c and flow_print.c). For each input, as add-flow, as a
 * match of del-flows, and as a packet of trace:
 *
 *  - the text is parsed, with a bridge of ports h1 (1), vx0 (2) and
 *    long-port-name (3);
 *  - a flow that parses is put into a request, as vswctl sends it, and
 *    read back with the code that reads the kernel's replies: it must
 *    print exactly as the parsed one;
 *  - what it prints must parse again, to a flow that prints the same.
 *
 * Each input is also a controller target (target.c): one that parses
 * prints as one that parses again to the same. And it is a file of
 * commands (script.c): one that reads, printed back with script_quote(),
 * reads again as the same words; and it is checked as vswctl apply checks
 * a configuration file (config.c) before it changes anything.
 *
 * Any difference aborts. Built with ASan and UBSan (make -C
 * userspace-ctl/fuzz), run by scripts/check for a bounded time.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "flow.h"
#include "script.h"
#include "target.h"
#include "vswctl.h"

/* vswctl.c has main(); the things of it the others use. */
int usage_error(const char *name)
{
	(void)name;
	return 1;
}

const struct command *find_command(const char *name)
{
	(void)name;
	return NULL;
}

static struct port fuzz_ports[] = {
	{ .name = "h1", .number = 1 },
	{ .name = "vx0", .number = 2 },
	{ .name = "long-port-name", .number = 3 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_parse(const char *text, struct flow *flow, int what)
{
	struct parser p = {
		.cmd = "fuzz",
		.text = text,
		.bridge = "br0",
		.ports = { .v = fuzz_ports, .n = 3, .cap = 3 },
		.have_ports = true,
	};

	return parse_flow(&p, flow, what);
}

/* "MATCH actions=ACTIONS" of @flow, as dump-flows would print it. */
static void fuzz_print(const struct flow *flow, struct sbuf *match,
		       struct sbuf *actions)
{
	struct flow f = *flow;

	/* Without a priority, the kernel gives the flow OpenFlow's default. */
	if (!f.has_priority) {
		f.priority = 0x8000;
		f.has_priority = true;
	}
	match->n = 0;
	match->s[0] = '\0';
	actions->n = 0;
	actions->s[0] = '\0';
	sb_rule(match, &f);
	sb_actions(actions, &f);
}

/* @flow through a request and back through the reply parser. */
static void fuzz_netlink(const struct flow *flow, int what, struct flow *back)
{
	static char buf[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	const struct nlattr *attr;

	put_flow(nlh, flow, what);
	memset(back, 0, sizeof(*back));
	mnl_attr_for_each(attr, nlh, 0)
		if (parse_reply_flow(attr, back) < 0)
			abort();
	/* Requests carry the priority only when it was given. */
	back->has_priority = flow->has_priority;
	if (!flow->has_priority)
		back->priority = flow->priority;
	if (what != FLOW_ADD) {
		back->cookie = flow->cookie;
		back->idle_timeout = flow->idle_timeout;
		back->hard_timeout = flow->hard_timeout;
	}
	/* Flags are not printed with the rule: compare them here. */
	if (back->flags != flow->flags)
		abort();
}

/* Two printings of what should be the same flow differ: say how. */
static void fuzz_check(const char *stage, const struct sbuf *m1,
		       const struct sbuf *a1, const struct sbuf *m2,
		       const struct sbuf *a2)
{
	if (!strcmp(m1->s, m2->s) && !strcmp(a1->s, a2->s))
		return;
	fprintf(stderr, "fuzz: %s:\n  %s actions=%s\n  %s actions=%s\n",
		stage, m1->s, a1->s, m2->s, a2->s);
	abort();
}

/* A target that parses prints as one that parses to the same. */
static void fuzz_target(const char *text)
{
	char err[160], buf[160];
	struct target t1, t2;

	if (parse_target(text, &t1, err, sizeof(err)) < 0)
		return;
	format_target(&t1, buf, sizeof(buf));
	if (parse_target(buf, &t2, err, sizeof(err)) < 0 ||
	    memcmp(&t1, &t2, sizeof(t1))) {
		fprintf(stderr, "fuzz: target %s printed as %s\n", text, buf);
		abort();
	}
}

/* A script that reads is printed back, and reads as the same words. */
static void fuzz_script(const uint8_t *data, size_t size)
{
	struct script s1, s2;
	char *buf = NULL;
	size_t len = 0, i;
	int j, ret;
	FILE *f;

	if (script_parse(&s1, "fuzz", (const char *)data, size) < 0)
		return;
	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	for (i = 0; i < s1.n; i++) {
		/* A leading "vswctl" is skipped: one more takes its place. */
		fputs("vswctl", f);
		for (j = 0; j < s1.lines[i].argc; j++) {
			fputc(' ', f);
			script_quote(f, s1.lines[i].argv[j]);
		}
		fputc('\n', f);
	}
	fclose(f);
	ret = script_parse(&s2, "fuzz", buf, len);
	if (ret < 0 || s2.n != s1.n)
		abort();
	for (i = 0; i < s1.n; i++) {
		if (s1.lines[i].argc != s2.lines[i].argc)
			abort();
		for (j = 0; j < s1.lines[i].argc; j++)
			if (strcmp(s1.lines[i].argv[j], s2.lines[i].argv[j])) {
				fprintf(stderr, "fuzz: word '%s' read back as '%s'\n",
					s1.lines[i].argv[j], s2.lines[i].argv[j]);
				abort();
			}
	}
	script_free(&s1);
	script_free(&s2);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int whats[] = { FLOW_ADD, FLOW_MATCH, FLOW_PACKET };
	struct sbuf m1, a1, m2, a2;
	struct flow f1, f2;
	char *text, *again;
	unsigned int i;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_target(text);
	fuzz_script(data, size);
	/* As a configuration file: checked, nothing more to compare. */
	config_check("fuzz", (const char *)data, size);
	for (i = 0; i < sizeof(whats) / sizeof(whats[0]); i++) {
		if (fuzz_parse(text, &f1, whats[i]))
			continue;
		fuzz_print(&f1, &m1, &a1);
		fuzz_netlink(&f1, whats[i], &f2);
		fuzz_print(&f2, &m2, &a2);
		fuzz_check("through netlink", &m1, &a1, &m2, &a2);
		if (whats[i] != FLOW_ADD)
			continue;
		/* What dump-flows prints is what add-flow takes. */
		if (asprintf(&again, "%s actions=%s", m1.s, a1.s) < 0)
			abort();
		if (fuzz_parse(again, &f2, FLOW_ADD)) {
			fprintf(stderr, "fuzz: printed, not parsed: %s\n", again);
			abort();
		}
		fuzz_print(&f2, &m2, &a2);
		fuzz_check("printed and parsed again", &m1, &a1, &m2, &a2);
		free(again);
	}
	free(text);
	return 0;
}
