// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration as files of vswctl commands: batch, save and apply.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/vswitch.h>

#include "flow.h"
#include "netlink.h"
#include "output.h"
#include "script.h"
#include "target.h"
#include "vswctl.h"

/*
 * Runs @l's command with a copy of its words: handlers may reorder their
 * argv, and the line still owns its strings.
 */
static int run_line(const struct command *cmd, const struct script_line *l)
{
	char **argv = calloc(l->argc + 1, sizeof(*argv));
	int ret;

	if (!argv) {
		perror("vswctl");
		return 1;
	}
	memcpy(argv, l->argv, l->argc * sizeof(*argv));
	ret = cmd->handler(l->argc, argv);
	output_flush();
	free(argv);
	return ret;
}

/* Commands a batch file may not run: they never end, or nest files. */
static const char *const not_in_batch[] = {
	"batch", "apply", "monitor", "help", "reload-module",
};

int cmd_batch(int argc, char **argv)
{
	struct script s;
	size_t i, j;
	int ret = 0;

	if (argc != 2)
		return usage_error(argv[0]);
	if (script_read(&s, argv[1]) < 0)
		return 1;
	for (i = 0; i < s.n && !ret; i++) {
		const struct script_line *l = &s.lines[i];
		const struct command *cmd = find_command(l->argv[0]);

		if (!cmd) {
			script_error(&s, l, 0, "unknown command '%s'", l->argv[0]);
			ret = 1;
			break;
		}
		for (j = 0; j < sizeof(not_in_batch) / sizeof(not_in_batch[0]); j++)
			if (!strcmp(l->argv[0], not_in_batch[j]))
				break;
		if (j < sizeof(not_in_batch) / sizeof(not_in_batch[0])) {
			script_error(&s, l, 0, "'%s' cannot run in a batch",
				     l->argv[0]);
			ret = 1;
			break;
		}
		if (!strcmp(argv[1], "-")) {
			for (j = 1; j < (size_t)l->argc; j++)
				if (!strcmp(l->argv[j], "-"))
					break;
			if (j < (size_t)l->argc) {
				script_error(&s, l, j, "'-' is the batch itself: standard input is taken");
				ret = 1;
				break;
			}
		}
		ret = run_line(cmd, l);
		if (ret)
			script_error(&s, l, 0,
				     "'%s' failed; stopped after %zu command%s",
				     l->argv[0], i, i == 1 ? "" : "s");
	}
	script_free(&s);
	return ret;
}

/* The bridges @names (all if none), in the order given, else by name. */
static int running_bridges(const char *cmd, int n, char **names,
			   struct bridge_list *list)
{
	static struct vsw_nl nl;
	struct bridge_list all = { 0 };
	int i, ret = -1;
	size_t j;

	if (bridge_nl_open(&nl, cmd) < 0)
		return -1;
	if (get_bridges(&nl, NULL, &all) < 0)
		goto out;
	if (!n) {
		*list = all;
		all.v = NULL;
		ret = 0;
		goto out;
	}
	list->v = calloc(n, sizeof(*list->v));
	if (!list->v) {
		perror("vswctl");
		goto out;
	}
	list->n = list->cap = n;
	for (i = 0; i < n; i++) {
		for (j = 0; j < all.n; j++)
			if (!strcmp(all.v[j].name, names[i]))
				break;
		if (j == all.n) {
			fprintf(stderr, "vswctl: %s: no bridge '%s'\n", cmd,
				names[i]);
			free(list->v);
			list->v = NULL;
			goto out;
		}
		list->v[i] = all.v[j];
	}
	ret = 0;
out:
	free(all.v);
	nl_close(&nl);
	return ret;
}

/*
 * Whether @flow takes frames from, or sends them to, a port of @ports that
 * has an owner: such a flow goes with the port, as the kernel deletes it
 * with the port, and is its owner's too.
 */
static bool flow_names_owned(const struct flow *flow,
			     const struct port_list *ports)
{
	const struct match *m = &flow->match;
	unsigned int i;
	size_t j;

	for (j = 0; j < ports->n; j++) {
		const struct port *p = &ports->v[j];

		if (!p->owner[0])
			continue;
		if (m->has[VSWITCH_MATCH_A_IN_PORT] &&
		    get_u32(m->v[VSWITCH_MATCH_A_IN_PORT]) == p->number)
			return true;
		for (i = 0; i < flow->n_actions; i++)
			if (flow->actions[i].type == VSWITCH_ACTION_A_OUTPUT &&
			    get_u32(flow->actions[i].v) == p->number)
				return true;
	}
	return false;
}

/*
 * The lines of one bridge: itself, its ports, its own flows. A port with
 * an owner (a VM's tap) is its owner's to make again, and is left out
 * unless @owned: what apply's rollback and reload-module put back.
 */
static int save_one(FILE *f, const char *cmd, const struct bridge *br,
		    bool owned)
{
	static struct vsw_nl nl;
	struct port_list ports = { 0 };
	struct flow *flows = NULL;
	struct sbuf *b = NULL;
	size_t i, n = 0;
	int ret = -1;

	save_bridge(f, br);
	if (port_nl_open(&nl, cmd) < 0)
		return -1;
	if (get_ports(&nl, br->name, &ports) < 0)
		goto out;
	for (i = 0; i < ports.n; i++)
		if (ports.v[i].number != VSWITCH_PORT_LOCAL &&
		    (owned || !ports.v[i].owner[0]) &&
		    save_port(f, &ports.v[i]) < 0)
			goto out;
	if (get_flows(cmd, br->name, &flows, &n) < 0)
		goto out;
	b = malloc(sizeof(*b));
	if (!b) {
		perror("vswctl");
		goto out;
	}
	for (i = 0; i < n; i++) {
		/* A controller's flows come back with the controller. */
		if (flows[i].flags & VSWITCH_FLOW_F_CONTROLLER)
			continue;
		if (!owned && flow_names_owned(&flows[i], &ports))
			continue;
		b->n = 0;
		b->s[0] = '\0';
		sb_flow_spec(b, &flows[i]);
		if (b->n >= sizeof(b->s) - 1) {
			fprintf(stderr, "vswctl: %s: a flow of %s is too long to save\n",
				cmd, br->name);
			goto out;
		}
		fputs("add-flow ", f);
		script_quote(f, br->name);
		fputc(' ', f);
		script_quote(f, b->s);
		fputc('\n', f);
	}
	ret = 0;
out:
	free(b);
	free(flows);
	free(ports.v);
	nl_close(&nl);
	return ret;
}

int cmd_save(int argc, char **argv)
{
	struct bridge_list list = { 0 };
	char *buf = NULL;
	size_t len = 0, i;
	int ret = 1;
	FILE *f;

	if (running_bridges(argv[0], argc - 1, argv + 1, &list) < 0)
		return 1;
	/* Nothing is printed unless all of it could be read. */
	f = open_memstream(&buf, &len);
	if (!f) {
		perror("vswctl");
		goto out;
	}
	fprintf(f, "# vswctl save: vswctl apply FILE makes the running configuration this again\n");
	for (i = 0; i < list.n; i++)
		if (save_one(f, argv[0], &list.v[i], false) < 0)
			break;
	if (fclose(f) == 0 && i == list.n) {
		fwrite(buf, 1, len, stdout);
		ret = 0;
	}
out:
	free(buf);
	free(list.v);
	return ret;
}

/* ---- apply ---- */

struct want_port {
	struct port p;
	bool has_number, has_mac, keep;
	uint8_t mac[6];
	const struct script_line *line;
};

struct want_bridge {
	struct bridge b;
	bool has_dpid, has_mac;
	const struct script_line *line;
	struct want_port *ports;
	size_t n_ports;
	const struct script_line **flows;
	size_t n_flows;
	unsigned int n_ctl;
	char ctl[VSWITCH_CONTROLLERS_MAX][VSWITCH_CONTROLLER_TARGET_LEN];
};

struct want {
	const struct script *s;
	struct want_bridge *v;
	size_t n;
};

static void *grow(void *v, size_t n, size_t size)
{
	/* One at a time: the arrays are as long as the file. */
	v = realloc(v, (n + 1) * size);
	if (!v) {
		perror("vswctl");
		exit(1);
	}
	return v;
}

static void want_free(struct want *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].ports);
		free(w->v[i].flows);
	}
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

static struct want_bridge *want_bridge(struct want *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (!strcmp(w->v[i].b.name, name))
			return &w->v[i];
	return NULL;
}

static struct want_port *want_port(struct want *w, const char *name)
{
	size_t i, j;

	for (i = 0; i < w->n; i++)
		for (j = 0; j < w->v[i].n_ports; j++)
			if (!strcmp(w->v[i].ports[j].p.name, name))
				return &w->v[i].ports[j];
	return NULL;
}

/* A copy of @l's words that take_hwaddr() may reorder. */
static char **words(const struct script_line *l)
{
	char **argv = calloc(l->argc + 1, sizeof(*argv));

	if (!argv) {
		perror("vswctl");
		exit(1);
	}
	memcpy(argv, l->argv, l->argc * sizeof(*argv));
	return argv;
}

/* Canonical targets of a set-controller line, checked as it checks them. */
static int want_controllers(const struct script *s,
			    const struct script_line *l,
			    struct want_bridge *wb)
{
	char err[160], buf[VSWITCH_CONTROLLER_TARGET_LEN];
	struct target t;
	unsigned int i;
	int j;

	if (l->argc < 3 || l->argc - 2 > VSWITCH_CONTROLLERS_MAX) {
		script_error(s, l, 0, "set-controller takes a bridge and 1 to %d targets",
			     VSWITCH_CONTROLLERS_MAX);
		return -1;
	}
	wb->n_ctl = 0;
	for (j = 2; j < l->argc; j++) {
		if (parse_target(l->argv[j], &t, err, sizeof(err)) < 0) {
			script_error(s, l, j, "invalid target '%s': %s",
				     l->argv[j], err);
			return -1;
		}
		format_target(&t, buf, sizeof(buf));
		for (i = 0; i < wb->n_ctl; i++)
			if (!strcmp(wb->ctl[i], buf)) {
				script_error(s, l, j, "'%s' is there twice",
					     buf);
				return -1;
			}
		snprintf(wb->ctl[wb->n_ctl++], sizeof(wb->ctl[0]), "%s", buf);
	}
	return 0;
}

/* The ports of @wb as the flow parser looks names up, placeholders for
 * the numbers the kernel will choose.
 */
static void want_port_list(const struct want_bridge *wb, struct port_list *l)
{
	size_t i;

	l->v = calloc(wb->n_ports + 1, sizeof(*l->v));
	if (!l->v) {
		perror("vswctl");
		exit(1);
	}
	for (i = 0; i < wb->n_ports; i++) {
		l->v[i] = wb->ports[i].p;
		if (!wb->ports[i].has_number)
			l->v[i].number = VSWITCH_PORT_MAX;
	}
	l->n = l->cap = wb->n_ports;
}

/* One line of a configuration file into @w. */
static int want_line(struct want *w, const struct script_line *l)
{
	const struct script *s = w->s;
	const char *cmd = l->argv[0];
	struct want_bridge *wb = NULL;
	struct want_port *wp;
	struct port_list pl;
	struct sbuf *sb;
	char **argv = NULL;
	int argc = l->argc, ret = -1;
	bool has;

	if (strcmp(cmd, "add-br") && strcmp(cmd, "set-br") &&
	    strcmp(cmd, "add-port") && strcmp(cmd, "add-flow") &&
	    strcmp(cmd, "set-controller") && strcmp(cmd, "set-fail-mode")) {
		script_error(s, l, 0, "'%s' is not a configuration command: a file has add-br, set-br, add-port, add-flow, set-controller and set-fail-mode lines",
			     cmd);
		return -1;
	}
	if (argc < 2) {
		script_error(s, l, 0, "%s: no bridge", cmd);
		return -1;
	}
	if (strcmp(cmd, "add-br")) {
		wb = want_bridge(w, l->argv[1]);
		if (!wb) {
			script_error(s, l, 1, "no add-br %s before this line",
				     l->argv[1]);
			return -1;
		}
	}
	argv = words(l);
	if (!strcmp(cmd, "add-br")) {
		if (want_bridge(w, l->argv[1])) {
			script_error(s, l, 1, "a second add-br %s", l->argv[1]);
			goto out;
		}
		w->v = grow(w->v, w->n, sizeof(*w->v));
		wb = &w->v[w->n];
		memset(wb, 0, sizeof(*wb));
		snprintf(wb->b.name, sizeof(wb->b.name), "%s", l->argv[1]);
		wb->b.fdb_aging = VSWITCH_FDB_AGING_DEFAULT;
		wb->b.fdb_max = VSWITCH_FDB_MAX_DEFAULT;
		wb->b.miss = VSWITCH_MISS_NORMAL;
		wb->b.flow_max = VSWITCH_FLOW_MAX_DEFAULT;
		wb->b.controller_rate = VSWITCH_CONTROLLER_RATE_DEFAULT;
		wb->b.fail_mode = VSWITCH_FAIL_STANDALONE;
		wb->line = l;
		if (strlen(l->argv[1]) >= IF_NAMESIZE) {
			script_error(s, l, 1, "a bridge name has at most %d characters",
				     IF_NAMESIZE - 1);
			goto out;
		}
		if (argc % 2 ||
		    take_hwaddr(cmd, &argc, argv, 2, wb->b.mac, &wb->has_mac) < 0 ||
		    argc > 4 ||
		    bridge_from_args(VSWITCH_CMD_BRIDGE_NEW, argc, argv, &wb->b,
				     &wb->has_dpid) < 0)
			goto bad;
		w->n++;
	} else if (!strcmp(cmd, "set-br")) {
		if (argc < 4 || argc % 2 ||
		    take_hwaddr(cmd, &argc, argv, 2, wb->b.mac, &has) < 0 ||
		    bridge_from_args(VSWITCH_CMD_BRIDGE_SET, argc, argv, &wb->b,
				     &has) < 0)
			goto bad;
		wb->has_dpid |= has;
		wb->has_mac |= argc != l->argc;
	} else if (!strcmp(cmd, "add-port")) {
		if (argc < 3) {
			script_error(s, l, 0, "add-port: no port name");
			goto out;
		}
		if (want_port(w, l->argv[2])) {
			script_error(s, l, 2, "port %s is in the file already",
				     l->argv[2]);
			goto out;
		}
		wb->ports = grow(wb->ports, wb->n_ports, sizeof(*wb->ports));
		wp = &wb->ports[wb->n_ports];
		memset(wp, 0, sizeof(*wp));
		wp->line = l;
		if (take_hwaddr(cmd, &argc, argv, 3, wp->mac, &wp->has_mac) < 0 ||
		    port_from_args(argc, argv, &wp->p, &wp->has_number) < 0)
			goto bad;
		if (wp->has_mac && wp->p.type != VSWITCH_PORT_TYPE_INTERNAL) {
			script_error(s, l, 0, "hwaddr is for internal ports");
			goto out;
		}
		if (wp->p.type == VSWITCH_PORT_TYPE_NETDEV &&
		    !if_nametoindex(wp->p.name)) {
			script_error(s, l, 2, "no network device %s for this netdev port",
				     wp->p.name);
			goto out;
		}
		wb->n_ports++;
	} else if (!strcmp(cmd, "add-flow")) {
		if (argc != 3) {
			script_error(s, l, 0, "add-flow takes a bridge and one flow (quote it)");
			goto out;
		}
		sb = malloc(sizeof(*sb));
		if (!sb)
			goto out;
		want_port_list(wb, &pl);
		ret = flow_spec("add-flow", wb->b.name, l->argv[2], &pl, sb, NULL);
		free(pl.v);
		free(sb);
		if (ret < 0)
			goto bad;
		wb->flows = grow(wb->flows, wb->n_flows, sizeof(*wb->flows));
		wb->flows[wb->n_flows++] = l;
	} else if (!strcmp(cmd, "set-controller")) {
		if (want_controllers(s, l, wb) < 0)
			goto out;
	} else {
		if (argc != 3 || (strcmp(l->argv[2], "standalone") &&
				  strcmp(l->argv[2], "secure"))) {
			script_error(s, l, argc > 2 ? 2 : 0,
				     "set-fail-mode takes a bridge and standalone or secure");
			goto out;
		}
		wb->b.fail_mode = strcmp(l->argv[2], "secure") ?
				  VSWITCH_FAIL_STANDALONE : VSWITCH_FAIL_SECURE;
	}
	ret = 0;
	goto out;
bad:
	if (argc % 2 == 1 && strcmp(cmd, "add-flow") && strcmp(cmd, "add-port"))
		script_error(s, l, 0, "%s takes KEY VALUE pairs after the bridge",
			     cmd);
	else
		script_error(s, l, 0, "in this line");
	ret = -1;
out:
	free(argv);
	return ret;
}

static int want_read(struct want *w, const struct script *s)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	w->s = s;
	for (i = 0; i < s->n; i++)
		if (want_line(w, &s->lines[i]) < 0) {
			want_free(w);
			return -1;
		}
	return 0;
}

/* What is running, read once before the changes. */
struct running {
	struct bridge_list bridges;
	struct port_list ports;
};

static void running_free(struct running *r)
{
	free(r->bridges.v);
	free(r->ports.v);
	memset(r, 0, sizeof(*r));
}

static int running_read(struct running *r)
{
	static struct vsw_nl nl;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (bridge_nl_open(&nl, "apply") < 0)
		return -1;
	if (get_bridges(&nl, NULL, &r->bridges) == 0 &&
	    get_ports(&nl, NULL, &r->ports) == 0)
		ret = 0;
	nl_close(&nl);
	if (ret < 0)
		running_free(r);
	return ret;
}

static const struct bridge *running_bridge(const struct running *r,
					   const char *name)
{
	size_t i;

	for (i = 0; i < r->bridges.n; i++)
		if (!strcmp(r->bridges.v[i].name, name))
			return &r->bridges.v[i];
	return NULL;
}

/* The bridges apply may change: a list of names. */
struct scope {
	char (*v)[IF_NAMESIZE];
	size_t n;
};

static bool in_scope(const struct scope *sc, const char *name)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (!strcmp(sc->v[i], name))
			return true;
	return false;
}

static void scope_add(struct scope *sc, const char *name)
{
	if (in_scope(sc, name))
		return;
	sc->v = grow(sc->v, sc->n, sizeof(*sc->v));
	snprintf(sc->v[sc->n++], IF_NAMESIZE, "%s", name);
}

/* One change: a vswctl command, run as if typed. */
struct step {
	char *argv[SCRIPT_MAX_WORDS + 1];
	int argc;
};

static void step_add(struct step *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void step_add(struct step *st, const char *fmt, ...)
{
	va_list ap;
	char *w;

	va_start(ap, fmt);
	if (vasprintf(&w, fmt, ap) < 0) {
		perror("vswctl");
		exit(1);
	}
	va_end(ap);
	if (st->argc == SCRIPT_MAX_WORDS) {
		free(w);
		return;
	}
	st->argv[st->argc++] = w;
	st->argv[st->argc] = NULL;
}

static void step_free(struct step *st)
{
	int i;

	for (i = 0; i < st->argc; i++)
		free(st->argv[i]);
	st->argc = 0;
}

struct applier {
	const struct script *s;	/* for messages; NULL in a rollback */
	bool quiet;		/* print nothing of the steps */
	unsigned int changes;	/* steps that succeeded */
	unsigned int tried;	/* and those that failed, maybe halfway */
	const struct script_line *failed;
};

/*
 * Runs @st, then frees it. Prints it first, as the script line it is.
 * @l: the line of the file it comes from, named if the kernel refuses.
 */
static int run_step(struct applier *a, struct step *st,
		    const struct script_line *l, bool print)
{
	const struct command *cmd = find_command(st->argv[0]);
	char *argv[SCRIPT_MAX_WORDS + 1];
	int i, ret;

	if (print && !a->quiet) {
		for (i = 0; i < st->argc; i++) {
			if (i)
				fputc(' ', stdout);
			script_quote(stdout, st->argv[i]);
		}
		fputc('\n', stdout);
		fflush(stdout);
	}
	/* The handler may reorder its argv; the step still owns the words. */
	memcpy(argv, st->argv, (st->argc + 1) * sizeof(*argv));
	ret = cmd && cmd->handler ? cmd->handler(st->argc, argv) : 1;
	step_free(st);
	a->tried++;
	if (!ret)
		a->changes++;
	if (ret) {
		a->failed = l;
		return -1;
	}
	return 0;
}

static bool tunnel_differs(const struct port *x, const struct port *y)
{
	return strcmp(x->remote, y->remote) || strcmp(x->local, y->local) ||
	       x->key != y->key || x->dstport != y->dstport ||
	       x->ttl != y->ttl || x->tos != y->tos || x->df != y->df ||
	       x->csum != y->csum;
}

/* Whether the running port @rp must go and come back to become @wp. */
static bool port_remade(const struct want_port *wp, const struct port *rp)
{
	return strcmp(wp->p.bridge, rp->bridge) || wp->p.type != rp->type ||
	       (wp->has_number && wp->p.number != rp->number) ||
	       strcmp(wp->p.owner, rp->owner) || tunnel_differs(&wp->p, rp);
}

static int apply_ports_out(struct applier *a, struct want *w,
			   const struct running *r, const struct scope *sc)
{
	struct step st = { .argc = 0 };
	struct want_port *wp;
	size_t i;

	for (i = 0; i < r->ports.n; i++) {
		const struct port *rp = &r->ports.v[i];

		if (rp->number == VSWITCH_PORT_LOCAL)
			continue;
		wp = want_port(w, rp->name);
		/* Its owner's, unless the file names it. */
		if (!wp && rp->owner[0])
			continue;
		if (!wp && !in_scope(sc, rp->bridge))
			continue;
		if (wp && !port_remade(wp, rp)) {
			wp->keep = true;
			continue;
		}
		/* A bridge that goes takes its ports with it. */
		if (!want_bridge(w, rp->bridge) && in_scope(sc, rp->bridge))
			continue;
		step_add(&st, "del-port");
		step_add(&st, "%s", rp->bridge);
		step_add(&st, "%s", rp->name);
		if (run_step(a, &st, wp ? wp->line : NULL, true) < 0)
			return -1;
	}
	for (i = 0; i < r->bridges.n; i++) {
		const char *name = r->bridges.v[i].name;

		if (!in_scope(sc, name) || want_bridge(w, name))
			continue;
		step_add(&st, "del-br");
		step_add(&st, "%s", name);
		if (run_step(a, &st, NULL, true) < 0)
			return -1;
	}
	return 0;
}

static void add_mac(struct step *st, const uint8_t *m)
{
	step_add(st, "hwaddr");
	step_add(st, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
		 m[4], m[5]);
}

static int apply_bridge(struct applier *a, const struct want_bridge *wb,
			const struct running *r)
{
	const struct bridge *rb = running_bridge(r, wb->b.name);
	struct step st = { .argc = 0 };
	struct bridge def = {
		.fdb_aging = VSWITCH_FDB_AGING_DEFAULT,
		.fdb_max = VSWITCH_FDB_MAX_DEFAULT,
		.miss = VSWITCH_MISS_NORMAL,
		.flow_max = VSWITCH_FLOW_MAX_DEFAULT,
		.controller_rate = VSWITCH_CONTROLLER_RATE_DEFAULT,
	};
	static const char *const miss[] = { "normal", "drop", "controller" };
	const struct bridge *now = rb ? rb : &def;

	if (!rb) {
		step_add(&st, "add-br");
		step_add(&st, "%s", wb->b.name);
		if (wb->has_dpid) {
			step_add(&st, "dpid");
			step_add(&st, "0x%016" PRIx64, wb->b.dpid);
		}
		if (wb->has_mac)
			add_mac(&st, wb->b.mac);
		if (run_step(a, &st, wb->line, true) < 0)
			return -1;
	}
	/*
	 * The kernel takes no miss policy while a bridge has controllers:
	 * they go first, and come back with the controllers' step.
	 */
	if (rb && rb->n_controllers && wb->b.miss != rb->miss_config) {
		step_add(&st, "del-controller");
		step_add(&st, "%s", wb->b.name);
		if (run_step(a, &st, wb->line, true) < 0)
			return -1;
	}
	step_add(&st, "set-br");
	step_add(&st, "%s", wb->b.name);
	if (rb && wb->has_dpid && wb->b.dpid != rb->dpid) {
		step_add(&st, "dpid");
		step_add(&st, "0x%016" PRIx64, wb->b.dpid);
	}
	if (rb && wb->has_mac && memcmp(wb->b.mac, rb->mac, 6))
		add_mac(&st, wb->b.mac);
	if (wb->b.fdb_aging != now->fdb_aging) {
		step_add(&st, "fdb-aging");
		step_add(&st, "%" PRIu32, wb->b.fdb_aging);
	}
	if (wb->b.fdb_max != now->fdb_max) {
		step_add(&st, "fdb-max");
		step_add(&st, "%" PRIu32, wb->b.fdb_max);
	}
	if (wb->b.miss != (rb ? rb->miss_config : def.miss) &&
	    wb->b.miss <= VSWITCH_MISS_MAX) {
		step_add(&st, "miss");
		step_add(&st, "%s", miss[wb->b.miss]);
	}
	if (wb->b.flow_max != now->flow_max) {
		step_add(&st, "flow-max");
		step_add(&st, "%" PRIu32, wb->b.flow_max);
	}
	if (wb->b.controller_rate != now->controller_rate) {
		step_add(&st, "controller-rate");
		step_add(&st, "%" PRIu32, wb->b.controller_rate);
	}
	if (st.argc == 2) {
		step_free(&st);
		return 0;
	}
	return run_step(a, &st, wb->line, true);
}

static int apply_port(struct applier *a, const struct want_port *wp,
		      const struct running *r)
{
	struct step st = { .argc = 0 };
	const struct port *rp = NULL;
	char trunks[TRUNKS_TEXT_MAX];
	uint8_t mac[6];
	size_t i;
	int j;

	if (!wp->keep) {
		for (j = 0; j < wp->line->argc; j++)
			step_add(&st, "%s", wp->line->argv[j]);
		return run_step(a, &st, wp->line, true);
	}
	for (i = 0; i < r->ports.n; i++)
		if (!strcmp(r->ports.v[i].name, wp->p.name))
			rp = &r->ports.v[i];
	if (!rp)
		return 0;
	step_add(&st, "set-port");
	step_add(&st, "%s", wp->p.name);
	if (wp->p.tag != rp->tag) {
		step_add(&st, "tag");
		if (wp->p.tag)
			step_add(&st, "%u", wp->p.tag);
		else
			step_add(&st, "none");
	}
	if (wp->p.has_trunks != rp->has_trunks ||
	    memcmp(wp->p.trunks, rp->trunks, sizeof(rp->trunks))) {
		format_trunks(wp->p.trunks, trunks, sizeof(trunks));
		step_add(&st, "trunks");
		step_add(&st, "%s", wp->p.has_trunks && trunks[0] ? trunks : "none");
	}
	if (wp->p.isolated != rp->isolated) {
		step_add(&st, "isolated");
		step_add(&st, "%s", wp->p.isolated ? "on" : "off");
	}
	if (wp->has_mac && (device_mac(wp->p.name, mac) < 0 ||
			    memcmp(mac, wp->mac, 6)))
		add_mac(&st, wp->mac);
	if (st.argc == 2) {
		step_free(&st);
		return 0;
	}
	return run_step(a, &st, wp->line, true);
}

struct flow_text {
	char *rule, *spec;
	size_t index;		/* the file's order */
	const struct script_line *line;
	bool owned;		/* running, and names a port with an owner */
};

static int flow_text_cmp(const void *x, const void *y)
{
	const struct flow_text *a = x, *b = y;
	int c = strcmp(a->rule, b->rule);

	return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

static void flow_texts_free(struct flow_text *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].rule);
		free(v[i].spec);
	}
	free(v);
}

static struct flow_text *find_rule(struct flow_text *v, size_t n,
				   const char *rule)
{
	struct flow_text key = { .rule = (char *)rule, .index = 0 };
	size_t lo = 0, hi = n;

	/* The first of those with this rule. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(v[mid].rule, key.rule) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].rule, rule) ? &v[lo] : NULL;
}

static int flow_index_cmp(const void *x, const void *y)
{
	const struct flow_text *a = x, *b = y;

	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * Flows: those of the file that are missing or differ are added (in the
 * file's order, as a save from nothing would have them), then those that
 * the file lacks are deleted. By match and priority.
 */
static int apply_flows(struct applier *a, const struct want_bridge *wb)
{
	struct flow_text *want = NULL, *have = NULL, *t;
	struct port_list ports = { 0 };
	struct sbuf *spec = NULL, *rule;
	struct step st = { .argc = 0 };
	const struct script_line *first = NULL;
	char path[] = "/tmp/vswctl-apply.XXXXXX";
	size_t i, n = 0, nw = 0, nh = 0, adds = 0;
	struct flow *flows = NULL;
	static struct vsw_nl nl;
	bool made = false;
	FILE *f = NULL;
	int ret = -1, fd;

	spec = calloc(2, sizeof(*spec));
	want = calloc(wb->n_flows + 1, sizeof(*want));
	if (!spec || !want)
		goto nomem;
	rule = &spec[1];
	/* The port names of the file's flows, as the kernel has them now. */
	if (port_nl_open(&nl, "apply") < 0)
		goto out;
	ret = get_ports(&nl, wb->b.name, &ports);
	nl_close(&nl);
	if (ret < 0)
		goto out;
	ret = -1;
	for (i = 0; i < wb->n_flows; i++) {
		if (flow_spec("apply", wb->b.name, wb->flows[i]->argv[2],
			      &ports, spec, rule) < 0) {
			a->failed = wb->flows[i];
			goto out;
		}
		want[nw].rule = strdup(rule->s);
		want[nw].spec = strdup(spec->s);
		want[nw].index = i;
		want[nw].line = wb->flows[i];
		if (!want[nw].rule || !want[nw++].spec)
			goto nomem;
	}
	qsort(want, nw, sizeof(*want), flow_text_cmp);
	/* Of two with the same match and priority, the later one stays. */
	for (i = 0, n = 0; i < nw; i++) {
		if (i + 1 < nw && !strcmp(want[i].rule, want[i + 1].rule)) {
			free(want[i].rule);
			free(want[i].spec);
			continue;
		}
		want[n++] = want[i];
	}
	nw = n;
	n = 0;
	if (get_flows("apply", wb->b.name, &flows, &n) < 0)
		goto out;
	have = calloc(n + 1, sizeof(*have));
	if (!have)
		goto nomem;
	for (i = 0; i < n; i++) {
		/* A controller's flows are the controller's. */
		if (flows[i].flags & VSWITCH_FLOW_F_CONTROLLER)
			continue;
		spec->n = rule->n = 0;
		spec->s[0] = rule->s[0] = '\0';
		sb_rule(rule, &flows[i]);
		sb_flow_spec(spec, &flows[i]);
		have[nh].rule = strdup(rule->s);
		have[nh].spec = strdup(spec->s);
		have[nh].index = i;
		have[nh].owned = flow_names_owned(&flows[i], &ports);
		if (!have[nh].rule || !have[nh++].spec)
			goto nomem;
	}
	qsort(have, nh, sizeof(*have), flow_text_cmp);
	/* Those not running as they are go in one add-flows. */
	fd = mkstemp(path);
	if (fd < 0) {
		perror("vswctl: apply");
		goto out;
	}
	made = true;
	f = fdopen(fd, "w");
	if (!f) {
		perror("vswctl: apply");
		close(fd);
		goto out;
	}
	/* The file's order, now that lookups by rule are done. */
	for (i = 0; i < nw; i++) {
		t = find_rule(have, nh, want[i].rule);
		want[i].line = t && !strcmp(t->spec, want[i].spec) ?
			       NULL : want[i].line;
	}
	qsort(want, nw, sizeof(*want), flow_index_cmp);
	for (i = 0; i < nw; i++) {
		if (!want[i].line)
			continue;
		fprintf(f, "%s\n", want[i].spec);
		if (!a->quiet) {
			fputs("add-flow ", stdout);
			script_quote(stdout, wb->b.name);
			putchar(' ');
			script_quote(stdout, want[i].spec);
			putchar('\n');
		}
		if (!first)
			first = want[i].line;
		adds++;
	}
	if (fclose(f)) {
		perror("vswctl: apply");
		goto out;
	}
	if (adds) {
		step_add(&st, "add-flows");
		step_add(&st, "%s", wb->b.name);
		step_add(&st, "%s", path);
		if (run_step(a, &st, adds == 1 ? first : NULL, false) < 0)
			goto out;
		a->changes += adds - 1;
	}
	qsort(want, nw, sizeof(*want), flow_text_cmp);
	for (i = 0; i < nh; i++) {
		/* Those of a port with an owner go with the port. */
		if (have[i].owned || find_rule(want, nw, have[i].rule))
			continue;
		step_add(&st, "del-flows");
		step_add(&st, "--strict");
		step_add(&st, "%s", wb->b.name);
		step_add(&st, "%s", have[i].rule);
		if (run_step(a, &st, NULL, true) < 0)
			goto out;
	}
	ret = 0;
	goto out;
nomem:
	perror("vswctl");
out:
	if (made)
		unlink(path);
	flow_texts_free(want, nw);
	flow_texts_free(have, nh);
	free(ports.v);
	free(flows);
	free(spec);
	return ret;
}

static int apply_controllers(struct applier *a, const struct want_bridge *wb,
			     const struct running *r)
{
	const struct bridge *rb = running_bridge(r, wb->b.name);
	char err[160], buf[VSWITCH_CONTROLLER_TARGET_LEN];
	struct step st = { .argc = 0 };
	unsigned int i, n = rb ? rb->n_controllers : 0;
	bool same = n == wb->n_ctl;
	struct target t;

	for (i = 0; same && i < n; i++) {
		if (parse_target(rb->controllers[i], &t, err, sizeof(err)) < 0)
			same = false;
		else
			format_target(&t, buf, sizeof(buf));
		same = same && !strcmp(buf, wb->ctl[i]);
	}
	if (!same) {
		step_add(&st, wb->n_ctl ? "set-controller" : "del-controller");
		step_add(&st, "%s", wb->b.name);
		for (i = 0; i < wb->n_ctl; i++)
			step_add(&st, "%s", wb->ctl[i]);
		if (run_step(a, &st, wb->line, true) < 0)
			return -1;
	}
	if ((rb ? rb->fail_mode : VSWITCH_FAIL_STANDALONE) == wb->b.fail_mode)
		return 0;
	step_add(&st, "set-fail-mode");
	step_add(&st, "%s", wb->b.name);
	step_add(&st, "%s", wb->b.fail_mode == VSWITCH_FAIL_SECURE ?
		 "secure" : "standalone");
	return run_step(a, &st, wb->line, true);
}

/* Makes what runs in @sc equal to @w. */
static int apply_want(struct applier *a, struct want *w,
		      const struct scope *sc)
{
	struct running r, r2;
	size_t i, j;
	int ret = -1;

	if (running_read(&r) < 0)
		return -1;
	if (apply_ports_out(a, w, &r, sc) < 0)
		goto out;
	for (i = 0; i < w->n; i++)
		if (apply_bridge(a, &w->v[i], &r) < 0)
			goto out;
	for (i = 0; i < w->n; i++)
		for (j = 0; j < w->v[i].n_ports; j++)
			if (apply_port(a, &w->v[i].ports[j], &r) < 0)
				goto out;
	for (i = 0; i < w->n; i++)
		if (apply_flows(a, &w->v[i]) < 0)
			goto out;
	/* Bridges made above are running now: read them again. */
	if (running_read(&r2) < 0)
		goto out;
	for (i = 0; i < w->n; i++)
		if (apply_controllers(a, &w->v[i], &r2) < 0)
			break;
	ret = i == w->n ? 0 : -1;
	running_free(&r2);
out:
	running_free(&r);
	return ret;
}

int cmd_apply(int argc, char **argv)
{
	struct script s, old_s;
	struct want w, old_w;
	struct running r;
	struct scope sc = { 0 }, back_sc = { 0 };
	struct applier a = { 0 }, back = { .quiet = true };
	char *old = NULL, *file;
	bool all = false;
	size_t len = 0, i;
	FILE *f;
	int ret = 1;

	if (argc == 3 && !strcmp(argv[1], "--all"))
		all = true;
	else if (argc != 2 || !strcmp(argv[1], "--all"))
		return usage_error(argv[0]);
	file = argv[argc - 1];
	if (script_read(&s, file) < 0)
		return 1;
	/* All of it is checked before anything changes. */
	if (want_read(&w, &s) < 0) {
		fprintf(stderr, "vswctl: apply: nothing was changed\n");
		script_free(&s);
		return 1;
	}
	a.s = &s;
	if (running_read(&r) < 0)
		goto out_want;
	/* What may lose ports, or go: the file's bridges, or all. */
	for (i = 0; i < w.n; i++)
		scope_add(&sc, w.v[i].b.name);
	for (i = 0; i < r.bridges.n; i++)
		if (all)
			scope_add(&sc, r.bridges.v[i].name);
	/* What may change: those, and the bridges its ports move from. */
	for (i = 0; i < sc.n; i++)
		scope_add(&back_sc, sc.v[i]);
	for (i = 0; i < r.ports.n; i++)
		if (want_port(&w, r.ports.v[i].name))
			scope_add(&back_sc, r.ports.v[i].bridge);
	/* How to go back: what runs now there, as a file. */
	f = open_memstream(&old, &len);
	if (!f) {
		perror("vswctl");
		goto out_running;
	}
	for (i = 0; i < r.bridges.n; i++)
		if (in_scope(&back_sc, r.bridges.v[i].name) &&
		    save_one(f, argv[0], &r.bridges.v[i], true) < 0)
			break;
	if (fclose(f) || i < r.bridges.n) {
		fprintf(stderr, "vswctl: apply: nothing was changed\n");
		goto out_running;
	}
	/* Read back before anything changes, so that going back can work. */
	if (script_parse(&old_s, "the configuration before", old, len) < 0)
		goto unreadable;
	if (want_read(&old_w, &old_s) < 0) {
		script_free(&old_s);
unreadable:
		fprintf(stderr, "vswctl: apply: the running configuration does not read back: nothing was changed\n");
		goto out_old;
	}
	if (apply_want(&a, &w, &sc) == 0) {
		ret = 0;
		goto out_back;
	}
	if (a.failed)
		script_error(&s, a.failed, 0, "the kernel refused this line's change");
	if (!a.tried) {
		fprintf(stderr, "vswctl: apply: nothing was changed\n");
		goto out_back;
	}
	if (a.changes)
		fprintf(stderr, "vswctl: apply: rolling back the %u change%s made\n",
			a.changes, a.changes == 1 ? "" : "s");
	else
		fprintf(stderr, "vswctl: apply: rolling back what the refused step may have changed\n");
	if (apply_want(&back, &old_w, &back_sc) == 0)
		fprintf(stderr, "vswctl: apply: rolled back: the configuration is as it was\n");
	else
		fprintf(stderr, "vswctl: apply: the rollback failed too: the configuration is neither the file's nor the one before\n");
out_back:
	want_free(&old_w);
	script_free(&old_s);
out_old:
	free(old);
out_running:
	running_free(&r);
	free(sc.v);
	free(back_sc.v);
out_want:
	want_free(&w);
	script_free(&s);
	return ret;
}

int config_check(const char *name, const char *buf, size_t len)
{
	struct script s;
	struct want w;
	int ret;

	if (script_parse(&s, name, buf, len) < 0)
		return -1;
	ret = want_read(&w, &s);
	if (!ret)
		want_free(&w);
	script_free(&s);
	return ret;
}

/*
 * Runs @argv (a program and its words) and waits; its exit status. With
 * @in or @out, its standard input or output is that file.
 */
static int run_program(char *const argv[], const char *in, const char *out)
{
	pid_t pid;
	int status, fd;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		fd = in ? open(in, O_RDONLY) : out ?
		     open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600) : -1;
		if ((in || out) && (fd < 0 || dup2(fd, in ? 0 : 1) < 0))
			_exit(126);
		execvp(argv[0], argv);
		fprintf(stderr, "vswctl: reload-module: %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * What the module takes with the devices it made and save does not hold:
 * whether each was up, its MTU and its global addresses (ip -o addr show,
 * into /run/vswitch/DEV.addr). Routes other than the addresses' own are
 * not kept.
 */
struct dev_state {
	char name[IF_NAMESIZE];
	bool up;
	unsigned int mtu;
};

static int read_sysfs(const char *dev, const char *what, unsigned int *v)
{
	char path[128];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", dev, what);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ret = fscanf(f, "%i", v) == 1 ? 0 : -1;
	fclose(f);
	return ret;
}

static int dev_save(struct dev_state *d)
{
	char dev[IF_NAMESIZE], path[128];
	char *addr[] = { "ip", "-o", "addr", "show", "dev", dev, "scope",
			 "global", NULL };
	unsigned int flags;

	snprintf(dev, sizeof(dev), "%s", d->name);
	if (read_sysfs(dev, "flags", &flags) < 0 ||
	    read_sysfs(dev, "mtu", &d->mtu) < 0)
		return -1;
	d->up = flags & IFF_UP;
	snprintf(path, sizeof(path), "/run/vswitch/%s.addr", dev);
	return run_program(addr, NULL, path) ? -1 : 0;
}

/* Brings @d back as it was: up or down, its MTU, its global addresses. */
static int dev_restore(const struct dev_state *d)
{
	char dev[IF_NAMESIZE], mtu[16], path[128], *line = NULL;
	char family[16], prefix[64];
	char *link[] = { "ip", "link", "set", "dev", dev, "mtu", mtu,
			 d->up ? "up" : "down", NULL };
	char *add[] = { "ip", "addr", "add", prefix, "dev", dev, NULL };
	size_t cap = 0;
	int ret = 0;
	FILE *f;

	snprintf(dev, sizeof(dev), "%s", d->name);
	snprintf(mtu, sizeof(mtu), "%u", d->mtu);
	if (run_program(link, NULL, NULL))
		ret = -1;
	snprintf(path, sizeof(path), "/run/vswitch/%s.addr", dev);
	f = fopen(path, "r");
	/* "N: DEV    inet 192.0.2.1/24 brd ... scope global DEV\ ..." */
	while (f && getline(&line, &cap, f) > 0) {
		if (sscanf(line, "%*u: %*s %15s %63s", family, prefix) != 2 ||
		    (strcmp(family, "inet") && strcmp(family, "inet6")))
			continue;
		if (run_program(add, NULL, NULL))
			ret = -1;
	}
	free(line);
	if (f)
		fclose(f);
	unlink(path);
	return ret;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cmd_reload_module(int argc, char **argv)
{
	static const char saved[] = "/run/vswitch/reload-module.conf";
	static const char tmp[] = "/run/vswitch/reload-module.conf.new";
	struct bridge_list list = { 0 };
	char *rmmod[] = { "rmmod", "vswitch", NULL };
	char *modprobe[] = { "modprobe", "vswitch", NULL };
	char *insmod[] = { "insmod", argc > 1 ? argv[1] : NULL, NULL };
	struct applier a = { .quiet = true };
	struct dev_state *devs = NULL;
	struct scope sc = { 0 };
	size_t i, j, n_devs = 0;
	struct script s;
	struct want w;
	double t0, t1;
	int ret = 1;
	FILE *f;

	if (argc > 2)
		return usage_error(argv[0]);
	/* The file of a reload that failed is the configuration: keep it. */
	if (access(saved, F_OK) == 0) {
		fprintf(stderr, "vswctl: %s: %s is left from a reload that did not finish: apply it, then remove it\n",
			argv[0], saved);
		return 1;
	}
	if (running_bridges(argv[0], 0, NULL, &list) < 0)
		return 1;
	/* On disk first, whole: if the new module does not load, it is there. */
	mkdir("/run/vswitch", 0755);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "vswctl: %s: %s: %s\n", argv[0], tmp,
			strerror(errno));
		goto out;
	}
	fprintf(f, "# vswctl save: vswctl apply FILE makes the running configuration this again\n");
	for (i = 0; i < list.n; i++)
		if (save_one(f, argv[0], &list.v[i], true) < 0)
			break;
	if (fclose(f) || i < list.n || rename(tmp, saved) < 0) {
		fprintf(stderr, "vswctl: %s: could not save the configuration: nothing was changed\n",
			argv[0]);
		unlink(tmp);
		goto out;
	}
	if (script_read(&s, saved) < 0)
		goto out;
	if (want_read(&w, &s) < 0)
		goto out_script;
	/* The devices the module makes: bridges and internal ports. */
	for (i = 0; i < w.n; i++) {
		devs = grow(devs, n_devs, sizeof(*devs));
		snprintf(devs[n_devs++].name, IF_NAMESIZE, "%s", w.v[i].b.name);
		for (j = 0; j < w.v[i].n_ports; j++) {
			if (w.v[i].ports[j].p.type != VSWITCH_PORT_TYPE_INTERNAL)
				continue;
			devs = grow(devs, n_devs, sizeof(*devs));
			snprintf(devs[n_devs++].name, IF_NAMESIZE, "%s",
				 w.v[i].ports[j].p.name);
		}
	}
	for (i = 0; i < n_devs; i++)
		if (dev_save(&devs[i]) < 0) {
			fprintf(stderr, "vswctl: %s: could not read the state of %s: nothing was changed\n",
				argv[0], devs[i].name);
			unlink(saved);
			goto out_want;
		}
	t0 = now_ms();
	if (run_program(rmmod, NULL, NULL)) {
		fprintf(stderr, "vswctl: %s: rmmod vswitch failed: nothing was changed\n",
			argv[0]);
		unlink(saved);
		goto out_want;
	}
	if (run_program(argc > 1 ? insmod : modprobe, NULL, NULL)) {
		fprintf(stderr, "vswctl: %s: the module did not load; the configuration is in %s (vswctl apply %s)\n",
			argv[0], saved, saved);
		goto out_want;
	}
	for (i = 0; i < w.n; i++)
		scope_add(&sc, w.v[i].b.name);
	if (apply_want(&a, &w, &sc) < 0) {
		fprintf(stderr, "vswctl: %s: the configuration did not apply whole; it is in %s\n",
			argv[0], saved);
		goto out_want;
	}
	for (i = 0; i < n_devs; i++)
		if (dev_restore(&devs[i]) < 0) {
			fprintf(stderr, "vswctl: %s: %s is back, but not its state (up, MTU, addresses)\n",
				argv[0], devs[i].name);
			goto out_want;
		}
	t1 = now_ms();
	unlink(saved);
	printf("reloaded: %zu bridge%s back after %.0f ms without vswitch\n",
	       w.n, w.n == 1 ? "" : "s", t1 - t0);
	ret = 0;
out_want:
	free(devs);
	free(sc.v);
	want_free(&w);
out_script:
	script_free(&s);
out:
	free(list.v);
	return ret;
}
