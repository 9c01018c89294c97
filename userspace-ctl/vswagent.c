// SPDX-License-Identifier: GPL-2.0
/*
 * vswagent: the OpenFlow agent of vswitch. One process per network
 * namespace serves every bridge in it: it connects to (tcp:, unix:) or
 * listens on (ptcp:, punix:) the controller targets the kernel keeps with
 * each bridge, speaks OpenFlow 1.3 and 1.0 on each connection, and turns
 * what controllers ask into vswitch's netlink requests, and the kernel's
 * notifications (packet-ins, flow removals, port changes) into OpenFlow
 * messages.
 *
 * One thread, one poll() loop, nonblocking sockets. Two netlink sockets:
 * one for requests (answered in turn, synchronously), one joined to the
 * "config", "packets" and "flows" groups.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vswitch.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "flow.h"
#include "netlink.h"
#include "ofp_msg.h"
#include "target.h"
#include "vswctl.h"

/* Inactivity probe: an ECHO_REQUEST after PROBE_MS of silence, and every
 * PROBE_MS after; PROBE_MAX unanswered and the connection is dropped. */
#define PROBE_MS		5000
#define PROBE_MAX		3
/* Reconnection backoff of active targets: 1 s, doubling to 8 s. */
#define BACKOFF_MIN_MS		1000
#define BACKOFF_MAX_MS		8000
/* A controller that lets this much output pile up is dropped. */
#define OUTQ_MAX		(64u << 20)
/* Clients of one listening target at once; and the pause after EMFILE. */
#define LISTEN_CONNS_MAX	64
#define ACCEPT_PAUSE_MS		1000
#define OFP_MSG_MAX		65535

static bool verbose;
static FILE *log_file;
/* ssl: and pssl: targets, with --private-key, --certificate, --ca-cert. */
static SSL_CTX *tls_ctx;

static void vlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void vlog(const char *fmt, ...)
{
	FILE *f = log_file ? log_file : stderr;
	struct timespec ts;
	struct tm tm;
	char when[32];
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(f, "%s.%03ldZ vswagent: ", when, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int usage_error(const char *name)
{
	fprintf(stderr,
		"usage: %s [--detach] [--pidfile FILE] [--log-file FILE]\n"
		"       [--private-key FILE --certificate FILE --ca-cert FILE] [-v]\n",
		name);
	return 1;
}

/* ---- State ---- */

struct agent_bridge {
	struct agent_bridge *next;
	char name[IF_NAMESIZE];
	uint64_t dpid;
	uint8_t fail_mode;
	uint32_t flow_count, flow_max;
	uint64_t flow_hit, flow_miss;
	int n_targets;
	char targets[VSWITCH_CONTROLLERS_MAX][VSWITCH_CONTROLLER_TARGET_LEN];
	/* VSWITCH_BRIDGE_A_CONNECTED as the kernel holds it, if it does. */
	bool kernel_has_connected;
	int n_kernel_connected;
	char kernel_connected[VSWITCH_CONTROLLERS_MAX][VSWITCH_CONTROLLER_TARGET_LEN];
	/* What we last reported; n_reported -1: nothing yet. */
	int n_reported;
	char reported[VSWITCH_CONTROLLERS_MAX][VSWITCH_CONTROLLER_TARGET_LEN];
	bool has_generation;
	uint64_t generation_id;
	/*
	 * The table-miss flow (priority 0, empty match), if it sends to the
	 * controller: the kernel reports its packet-ins as reason action,
	 * OpenFlow 1.3 as NO_MATCH. Looked up again after a second or a
	 * FLOW_MOD.
	 */
	int64_t miss_checked;	/* 0: look again */
	bool has_miss_flow;
	uint64_t miss_cookie;
	bool seen;
};

struct conn;

/* One target of one bridge: a listener, or the home of one connection. */
struct endpoint {
	struct endpoint *next;
	char bridge[IF_NAMESIZE];
	char target[VSWITCH_CONTROLLER_TARGET_LEN];
	struct target t;
	int listen_fd;		/* passive; -1 until it could bind */
	struct conn *conn;	/* active: the connection, or NULL */
	int64_t next_try;
	int backoff_ms;
	bool seen;
	int64_t accept_after;	/* passive: out of descriptors until then */
};

struct conn {
	struct conn *next;
	struct endpoint *ep;
	char bridge[IF_NAMESIZE];
	bool active;
	int fd;
	bool connecting;
	uint8_t version;	/* 0 until HELLO */
	uint16_t miss_send_len;
	uint16_t config_flags;
	uint32_t role;
	int64_t last_rx;
	int probes;
	bool dead;
	SSL *ssl;		/* ssl: and pssl: */
	bool tls_want_write;	/* OpenSSL must write before it can go on */
	bool tls_want_read;	/* and read before it can write again */
	uint8_t in[OFP_MSG_MAX + 1];
	size_t in_len;
	uint8_t *out;
	size_t out_len, out_cap, out_off;
};

static struct agent_bridge *bridges;
static struct endpoint *endpoints;
static struct conn *conns;
static struct vsw_nl req_nl, mon_nl;
static bool resync_needed;

/* Scratch for building messages. */
static uint8_t obuf[2 * OFP_MSG_MAX];

static struct agent_bridge *find_bridge(const char *name)
{
	struct agent_bridge *br;

	for (br = bridges; br; br = br->next)
		if (!strcmp(br->name, name))
			return br;
	return NULL;
}

static const char *conn_name(const struct conn *c)
{
	static char buf[IF_NAMESIZE + VSWITCH_CONTROLLER_TARGET_LEN + 16];

	snprintf(buf, sizeof(buf), "%s: %s%s", c->bridge,
		 c->ep ? c->ep->target : "?", c->active ? "" : " (client)");
	return buf;
}

/* ---- Output ---- */

static const char *const ofp13_names[] = {
	"HELLO", "ERROR", "ECHO_REQUEST", "ECHO_REPLY", "EXPERIMENTER",
	"FEATURES_REQUEST", "FEATURES_REPLY", "GET_CONFIG_REQUEST",
	"GET_CONFIG_REPLY", "SET_CONFIG", "PACKET_IN", "FLOW_REMOVED",
	"PORT_STATUS", "PACKET_OUT", "FLOW_MOD", "GROUP_MOD", "PORT_MOD",
	"TABLE_MOD", "MULTIPART_REQUEST", "MULTIPART_REPLY",
	"BARRIER_REQUEST", "BARRIER_REPLY", "QUEUE_GET_CONFIG_REQUEST",
	"QUEUE_GET_CONFIG_REPLY", "ROLE_REQUEST", "ROLE_REPLY",
	"GET_ASYNC_REQUEST", "GET_ASYNC_REPLY", "SET_ASYNC", "METER_MOD",
};

static const char *const ofp10_names[] = {
	"HELLO", "ERROR", "ECHO_REQUEST", "ECHO_REPLY", "VENDOR",
	"FEATURES_REQUEST", "FEATURES_REPLY", "GET_CONFIG_REQUEST",
	"GET_CONFIG_REPLY", "SET_CONFIG", "PACKET_IN", "FLOW_REMOVED",
	"PORT_STATUS", "PACKET_OUT", "FLOW_MOD", "PORT_MOD", "STATS_REQUEST",
	"STATS_REPLY", "BARRIER_REQUEST", "BARRIER_REPLY",
	"QUEUE_GET_CONFIG_REQUEST", "QUEUE_GET_CONFIG_REPLY",
};

static void log_msg(const struct conn *c, const char *dir, const uint8_t *m)
{
	const char *name = "unknown";
	uint8_t t = m[1];

	if (!verbose)
		return;
	if (m[0] == OFP10_VERSION && t < sizeof(ofp10_names) / sizeof(*ofp10_names))
		name = ofp10_names[t];
	else if (m[0] != OFP10_VERSION &&
		 t < sizeof(ofp13_names) / sizeof(*ofp13_names))
		name = ofp13_names[t];
	vlog("%s: %s %s (version %u, type %u, length %u, xid %" PRIu32 ")",
	     conn_name(c), dir, name, m[0], t, ofp_get16(m + 2),
	     ofp_get32(m + 4));
}

/* Queues the whole messages in @data; drops @c if it does not read. */
static void conn_queue(struct conn *c, const uint8_t *data, size_t len)
{
	size_t off, mlen;

	if (c->dead || !len)
		return;
	for (off = 0; off + 8 <= len; off += mlen) {
		mlen = ofp_get16(data + off + 2);
		if (mlen < 8)
			break;
		log_msg(c, "->", data + off);
	}
	if (c->out_len - c->out_off + len > OUTQ_MAX) {
		vlog("%s: the controller does not read: dropping it",
		     conn_name(c));
		c->dead = true;
		return;
	}
	if (c->out_off && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (c->out_len + len > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 65536;
		uint8_t *p;

		if (c->out_off) {
			memmove(c->out, c->out + c->out_off,
				c->out_len - c->out_off);
			c->out_len -= c->out_off;
			c->out_off = 0;
		}
		while (cap < c->out_len + len)
			cap *= 2;
		if (cap != c->out_cap) {
			p = realloc(c->out, cap);
			if (!p) {
				vlog("%s: out of memory", conn_name(c));
				c->dead = true;
				return;
			}
			c->out = p;
			c->out_cap = cap;
		}
	}
	memcpy(c->out + c->out_len, data, len);
	c->out_len += len;
}

static void conn_queue_buf(struct conn *c, const struct ofp_buf *b)
{
	if (b->full) {
		vlog("%s: a reply did not fit", conn_name(c));
		return;
	}
	conn_queue(c, b->data, b->len);
}

/*
 * After an SSL_read() or SSL_write() that returned @n <= 0: 0 if it only
 * has to wait for the socket, else -1 after saying why.
 */
static int tls_error(struct conn *c, int n, const char *what)
{
	int e = SSL_get_error(c->ssl, n);
	unsigned long code;
	char text[256];

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return 0;
	case SSL_ERROR_WANT_WRITE:
		c->tls_want_write = true;
		return 0;
	case SSL_ERROR_ZERO_RETURN:
		vlog("%s: disconnected: closed by the peer", conn_name(c));
		return -1;
	case SSL_ERROR_SYSCALL:
		vlog("%s: TLS %s: %s", conn_name(c), what,
		     n == 0 ? "closed by the peer" : strerror(errno));
		return -1;
	}
	code = ERR_get_error();
	ERR_error_string_n(code, text, sizeof(text));
	vlog("%s: TLS %s: %s", conn_name(c), what, code ? text : "failed");
	ERR_clear_error();
	return -1;
}

static void conn_flush(struct conn *c)
{
	ssize_t n;

	while (!c->dead && !c->connecting && c->out_off < c->out_len) {
		if (c->ssl) {
			n = SSL_write(c->ssl, c->out + c->out_off,
				      c->out_len - c->out_off);
			c->tls_want_write = false;
			if (n <= 0) {
				if (tls_error(c, n, "write") == 0) {
					/*
					 * WANT_READ (a handshake waits for
					 * the peer): polling for POLLOUT
					 * would only spin until it speaks.
					 */
					c->tls_want_read = !c->tls_want_write;
					return;
				}
				c->dead = true;
				return;
			}
			c->out_off += n;
			continue;
		}
		n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			vlog("%s: send: %s", conn_name(c), strerror(errno));
			c->dead = true;
			return;
		}
		c->out_off += n;
	}
}

static void send_error(struct conn *c, const uint8_t *msg, size_t len,
		       const struct ofp_error *err)
{
	struct ofp_buf b;

	vlog("%s: refused %s: %s (error type %u code %u)", conn_name(c),
	     msg[1] < sizeof(ofp13_names) / sizeof(*ofp13_names) &&
	     msg[0] != OFP10_VERSION ? ofp13_names[msg[1]] :
	     msg[0] == OFP10_VERSION && msg[1] < sizeof(ofp10_names) /
	     sizeof(*ofp10_names) ? ofp10_names[msg[1]] : "message",
	     err->why ? err->why : "", err->type, err->code);
	ofpb_init(&b, obuf, sizeof(obuf));
	ofp_put_error(&b, c->version ? c->version : OFP13_VERSION,
		      ofp_get32(msg + 4), err->type, err->code, msg, len);
	conn_queue_buf(c, &b);
}

static void refuse(struct conn *c, const uint8_t *msg, size_t len,
		   uint16_t type, uint16_t code, const char *why)
{
	struct ofp_error err = { type, code, why };

	send_error(c, msg, len, &err);
}

/* ---- Kernel requests ---- */

static int kernel_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return nl_talk(&req_nl, nlh, cb, data) < 0 ? -1 : 0;
}

static void log_kernel_error(const char *bridge, const char *what)
{
	vlog("%s: %s: %s%s%s", bridge, what, strerror(-req_nl.error),
	     req_nl.error_msg[0] ? ": " : "", req_nl.error_msg);
}

/* Reports @br's connected active targets to the kernel if they changed. */
/* When to report again what the kernel refused; 0: nothing to retry. */
static int64_t report_retry_at;

static void report_connected(struct agent_bridge *br, bool force_none)
{
	char now[VSWITCH_CONTROLLERS_MAX][VSWITCH_CONTROLLER_TARGET_LEN] = { { 0 } };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct endpoint *ep;
	int i, n = 0;
	bool same;

	for (i = 0; i < br->n_targets && !force_none; i++)
		for (ep = endpoints; ep; ep = ep->next)
			if (!strcmp(ep->bridge, br->name) &&
			    !strcmp(ep->target, br->targets[i]) &&
			    !ep->t.passive && ep->conn && ep->conn->version &&
			    !ep->conn->dead)
				snprintf(now[n++], sizeof(now[0]), "%s",
					 ep->target);
	same = n == br->n_reported;
	for (i = 0; same && i < n; i++)
		same = !strcmp(now[i], br->reported[i]);
	/* The kernel empties its copy when the controllers change. */
	if (same && br->kernel_has_connected) {
		same = n == br->n_kernel_connected;
		for (i = 0; same && i < n; i++)
			same = !strcmp(now[i], br->kernel_connected[i]);
	}
	if (same)
		return;
	br->n_reported = n;
	memcpy(br->reported, now, sizeof(now));
	nlh = nl_request(&req_nl, VSWITCH_CMD_BRIDGE_SET, 0);
	mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, br->name);
	nest = mnl_attr_nest_start(nlh, VSWITCH_BRIDGE_A_CONNECTED);
	for (i = 0; i < n; i++)
		mnl_attr_put_strz(nlh, VSWITCH_CONTROLLER_A_TARGET, now[i]);
	mnl_attr_nest_end(nlh, nest);
	if (kernel_talk(nlh, NULL, NULL) < 0) {
		log_kernel_error(br->name, "reporting the connected controllers");
		/* Not reported: timers() tries again in a second. */
		br->n_reported = -1;
		if (!report_retry_at)
			report_retry_at = now_ms() + 1000;
		return;
	}
	br->kernel_has_connected = true;
	br->n_kernel_connected = n;
	memcpy(br->kernel_connected, now, sizeof(now));
	vlog("%s: reported %d connected controller%s", br->name, n,
	     n == 1 ? "" : "s");
}

/* ---- Bridges and targets ---- */

static int parse_targets(const struct nlattr *nest,
			 char (*v)[VSWITCH_CONTROLLER_TARGET_LEN], int *n)
{
	const struct nlattr *a;

	*n = 0;
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != VSWITCH_CONTROLLER_A_TARGET ||
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			continue;
		if (*n == VSWITCH_CONTROLLERS_MAX)
			return -1;
		snprintf(v[(*n)++], VSWITCH_CONTROLLER_TARGET_LEN, "%s",
			 mnl_attr_get_str(a));
	}
	return 0;
}

static void parse_bridge_stats(const struct nlattr *nest,
			       struct agent_bridge *br)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
			continue;
		if (mnl_attr_get_type(a) == VSWITCH_BRIDGE_STATS_FLOW_HIT)
			br->flow_hit = mnl_attr_get_u64(a);
		if (mnl_attr_get_type(a) == VSWITCH_BRIDGE_STATS_FLOW_MISS)
			br->flow_miss = mnl_attr_get_u64(a);
	}
}

/* A bridge of a reply or notification into @br (only what it carries). */
static int parse_bridge(const struct nlmsghdr *nlh, struct agent_bridge *br)
{
	const struct nlattr *a;
	bool has_name = false;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case VSWITCH_BRIDGE_A_NAME:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 ||
			    mnl_attr_get_payload_len(a) > IF_NAMESIZE)
				return -1;
			snprintf(br->name, sizeof(br->name), "%s",
				 mnl_attr_get_str(a));
			has_name = true;
			break;
		case VSWITCH_BRIDGE_A_DPID:
			if (mnl_attr_validate(a, MNL_TYPE_U64) == 0)
				br->dpid = mnl_attr_get_u64(a);
			break;
		case VSWITCH_BRIDGE_A_FAIL_MODE:
			if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
				br->fail_mode = mnl_attr_get_u8(a);
			break;
		case VSWITCH_BRIDGE_A_FLOW_COUNT:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				br->flow_count = mnl_attr_get_u32(a);
			break;
		case VSWITCH_BRIDGE_A_FLOW_MAX:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				br->flow_max = mnl_attr_get_u32(a);
			break;
		case VSWITCH_BRIDGE_A_STATS:
			parse_bridge_stats(a, br);
			break;
		case VSWITCH_BRIDGE_A_CONTROLLERS:
			if (parse_targets(a, br->targets, &br->n_targets) < 0)
				return -1;
			break;
		case VSWITCH_BRIDGE_A_CONNECTED:
			br->kernel_has_connected = true;
			if (parse_targets(a, br->kernel_connected,
					  &br->n_kernel_connected) < 0)
				return -1;
			break;
		}
	}
	return has_name ? 0 : -1;
}

struct bridge_dump {
	struct agent_bridge *v;
	size_t n, cap;
};

static int bridge_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct bridge_dump *d = data;
	struct agent_bridge *p;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		p = realloc(d->v, d->cap * sizeof(*p));
		if (!p)
			return MNL_CB_ERROR;
		d->v = p;
	}
	memset(&d->v[d->n], 0, sizeof(d->v[0]));
	if (parse_bridge(nlh, &d->v[d->n]) == 0)
		d->n++;
	return MNL_CB_OK;
}

static void bridge_dump_reset(void *data)
{
	((struct bridge_dump *)data)->n = 0;
}

static void close_conn(struct conn *c, const char *why)
{
	if (c->fd >= 0) {
		if (!c->dead || why)
			vlog("%s: disconnected%s%s", conn_name(c),
			     why ? ": " : "", why ? why : "");
		close(c->fd);
	}
	if (c->ssl)
		SSL_free(c->ssl);
	c->ssl = NULL;
	c->fd = -1;
	c->dead = true;
}

/*
 * Removes the socket a punix: target left at @path, and nothing else: the
 * path comes from the bridge's settings, which root of a user namespace
 * may write, and a typo must not delete a file.
 */
static void unlink_socket(const char *path)
{
	struct stat st;

	if (!lstat(path, &st) && S_ISSOCK(st.st_mode))
		unlink(path);
}

static void endpoint_free(struct endpoint *ep)
{
	struct conn *c;

	for (c = conns; c; c = c->next)
		if (c->ep == ep) {
			close_conn(c, "the target was removed");
			c->ep = NULL;
		}
	if (ep->listen_fd >= 0) {
		close(ep->listen_fd);
		if (ep->t.kind == TARGET_UNIX)
			unlink_socket(ep->t.path);
	}
	free(ep);
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static socklen_t target_sockaddr(const struct target *t,
				 struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (t->kind == TARGET_UNIX) {
		struct sockaddr_un *sun = (struct sockaddr_un *)ss;

		sun->sun_family = AF_UNIX;
		memcpy(sun->sun_path, t->path, sizeof(sun->sun_path));
		return sizeof(*sun);
	}
	if (t->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(t->port);
		if (t->has_addr)
			sin6->sin6_addr = t->addr.ip6;
		return sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(t->port);
		if (t->has_addr)
			sin->sin_addr = t->addr.ip4;
		return sizeof(*sin);
	}
}

static void endpoint_listen(struct endpoint *ep)
{
	struct sockaddr_storage ss;
	socklen_t sl = target_sockaddr(&ep->t, &ss);
	int one = 1, fd;

	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto err;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ep->t.kind == TARGET_UNIX)
		unlink_socket(ep->t.path);
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 64) < 0) {
		close(fd);
		goto err;
	}
	ep->listen_fd = fd;
	vlog("%s: listening on %s", ep->bridge, ep->target);
	return;
err:
	vlog("%s: %s: cannot listen: %s; trying again", ep->bridge, ep->target,
	     strerror(errno));
	ep->next_try = now_ms() + BACKOFF_MAX_MS;
}

static struct conn *conn_new(struct endpoint *ep, int fd, bool active)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->ep = ep;
	snprintf(c->bridge, sizeof(c->bridge), "%s", ep->bridge);
	c->active = active;
	c->fd = fd;
	c->miss_send_len = active ? OFP_DEFAULT_MISS_SEND_LEN : 0;
	c->role = OFPCR_ROLE_EQUAL;
	c->last_rx = now_ms();
	if (ep->t.kind == TARGET_SSL) {
		c->ssl = SSL_new(tls_ctx);
		if (!c->ssl || !SSL_set_fd(c->ssl, fd)) {
			vlog("%s: %s: cannot start TLS", ep->bridge, ep->target);
			if (c->ssl)
				SSL_free(c->ssl);
			free(c);
			return NULL;
		}
		if (active)
			SSL_set_connect_state(c->ssl);
		else
			SSL_set_accept_state(c->ssl);
	}
	c->next = conns;
	conns = c;
	return c;
}

static void conn_send_hello(struct conn *c)
{
	struct ofp_buf b;

	ofpb_init(&b, obuf, sizeof(obuf));
	ofp_put_hello(&b, 0);
	conn_queue_buf(c, &b);
}

static void endpoint_connect(struct endpoint *ep)
{
	struct sockaddr_storage ss;
	socklen_t sl = target_sockaddr(&ep->t, &ss);
	struct conn *c;
	int fd, one = 1;

	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		vlog("%s: %s: socket: %s", ep->bridge, ep->target,
		     strerror(errno));
		goto retry;
	}
	if (ep->t.kind != TARGET_UNIX)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c = conn_new(ep, fd, true);
	if (!c) {
		close(fd);
		goto retry;
	}
	ep->conn = c;
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0) {
		if (errno != EINPROGRESS) {
			vlog("%s: %s: connect: %s", ep->bridge, ep->target,
			     strerror(errno));
			close(fd);
			c->fd = -1;
			c->dead = true;
			ep->conn = NULL;
			goto retry;
		}
		c->connecting = true;
	}
	conn_send_hello(c);
	return;
retry:
	ep->next_try = now_ms() + ep->backoff_ms;
	if (ep->backoff_ms < BACKOFF_MAX_MS)
		ep->backoff_ms *= 2;
}

static struct endpoint *endpoint_new(const char *bridge, const char *target)
{
	struct endpoint *ep = calloc(1, sizeof(*ep));
	char err[128];

	if (!ep)
		return NULL;
	if (parse_target(target, &ep->t, err, sizeof(err)) < 0) {
		vlog("%s: ignoring target %s: %s", bridge, target, err);
		free(ep);
		return NULL;
	}
	if (ep->t.kind == TARGET_SSL && !tls_ctx) {
		vlog("%s: ignoring target %s: ssl and pssl need --private-key, --certificate and --ca-cert",
		     bridge, target);
		free(ep);
		return NULL;
	}
	snprintf(ep->bridge, sizeof(ep->bridge), "%s", bridge);
	snprintf(ep->target, sizeof(ep->target), "%s", target);
	ep->listen_fd = -1;
	ep->backoff_ms = BACKOFF_MIN_MS;
	ep->next_try = now_ms();
	return ep;
}

/* Brings bridges and endpoints in line with the kernel's bridges. */
static int resync(void)
{
	struct bridge_dump d = { 0 };
	struct agent_bridge *br, **pbr;
	struct endpoint *ep, **pep;
	struct nlmsghdr *nlh;
	size_t i;
	int j;

	resync_needed = false;
	nlh = nl_request(&req_nl, VSWITCH_CMD_BRIDGE_GET, NLM_F_DUMP);
	if (nl_dump(&req_nl, nlh, bridge_dump_cb, &d, bridge_dump_reset) < 0) {
		log_kernel_error("*", "dumping the bridges");
		free(d.v);
		resync_needed = true;
		return -1;
	}
	for (br = bridges; br; br = br->next)
		br->seen = false;
	for (i = 0; i < d.n; i++) {
		br = find_bridge(d.v[i].name);
		if (!br) {
			br = calloc(1, sizeof(*br));
			if (!br)
				continue;
			br->n_reported = -1;
			br->next = bridges;
			bridges = br;
			vlog("%s: bridge, dpid %016" PRIx64, d.v[i].name,
			     d.v[i].dpid);
		}
		memcpy(br->name, d.v[i].name, sizeof(br->name));
		br->dpid = d.v[i].dpid;
		br->fail_mode = d.v[i].fail_mode;
		br->flow_count = d.v[i].flow_count;
		br->flow_max = d.v[i].flow_max;
		br->flow_hit = d.v[i].flow_hit;
		br->flow_miss = d.v[i].flow_miss;
		br->n_targets = d.v[i].n_targets;
		memcpy(br->targets, d.v[i].targets, sizeof(br->targets));
		br->kernel_has_connected = d.v[i].kernel_has_connected;
		br->n_kernel_connected = d.v[i].n_kernel_connected;
		memcpy(br->kernel_connected, d.v[i].kernel_connected,
		       sizeof(br->kernel_connected));
		br->seen = true;
	}
	free(d.v);

	for (ep = endpoints; ep; ep = ep->next)
		ep->seen = false;
	for (br = bridges; br; br = br->next) {
		if (!br->seen)
			continue;
		for (j = 0; j < br->n_targets; j++) {
			for (ep = endpoints; ep; ep = ep->next)
				if (!strcmp(ep->bridge, br->name) &&
				    !strcmp(ep->target, br->targets[j]))
					break;
			if (!ep) {
				ep = endpoint_new(br->name, br->targets[j]);
				if (!ep)
					continue;
				ep->next = endpoints;
				endpoints = ep;
			}
			ep->seen = true;
		}
	}
	for (pep = &endpoints; (ep = *pep);) {
		if (ep->seen) {
			pep = &ep->next;
			continue;
		}
		*pep = ep->next;
		vlog("%s: %s: target removed", ep->bridge, ep->target);
		endpoint_free(ep);
	}
	for (pbr = &bridges; (br = *pbr);) {
		if (br->seen) {
			report_connected(br, false);
			pbr = &br->next;
			continue;
		}
		*pbr = br->next;
		vlog("%s: bridge gone", br->name);
		free(br);
	}
	return 0;
}

/* A fresh copy of one bridge's counters, for TABLE stats. */
static int refresh_bridge(struct agent_bridge *br)
{
	struct bridge_dump d = { 0 };
	struct nlmsghdr *nlh;

	nlh = nl_request(&req_nl, VSWITCH_CMD_BRIDGE_GET, 0);
	mnl_attr_put_strz(nlh, VSWITCH_BRIDGE_A_NAME, br->name);
	if (kernel_talk(nlh, bridge_dump_cb, &d) < 0 || d.n != 1) {
		free(d.v);
		return -1;
	}
	br->flow_count = d.v[0].flow_count;
	br->flow_max = d.v[0].flow_max;
	br->flow_hit = d.v[0].flow_hit;
	br->flow_miss = d.v[0].flow_miss;
	free(d.v);
	return 0;
}

/* ---- Ports ---- */

static void port_desc(const struct port *p, struct ofp_port_desc *d)
{
	struct ifreq ifr;
	int fd;

	memset(d, 0, sizeof(*d));
	d->port_no = p->number;
	snprintf(d->name, sizeof(d->name), "%s", p->name);
	d->state = OFPPS13_LIVE;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", p->name);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0)
		memcpy(d->hw_addr, ifr.ifr_hwaddr.sa_data, 6);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		if (!(ifr.ifr_flags & IFF_UP))
			d->config |= OFPPC_PORT_DOWN;
		if (!(ifr.ifr_flags & IFF_RUNNING))
			d->state = OFPPS_LINK_DOWN;
	}
	close(fd);
	/* 10 Gbit/s, as a veth or a tunnel has no speed of its own. */
	d->curr_speed = d->max_speed = 10000000;
}

static int bridge_ports(const char *bridge, struct port_list *list)
{
	memset(list, 0, sizeof(*list));
	if (get_ports(&req_nl, bridge, list) < 0) {
		log_kernel_error(bridge, "dumping the ports");
		free(list->v);
		memset(list, 0, sizeof(*list));
		return -1;
	}
	return 0;
}

/* ---- Multipart replies, split at 64 KiB ---- */

struct mp_reply {
	struct conn *c;
	uint8_t version;
	uint32_t xid;
	uint16_t type;
	struct ofp_buf cur;
	size_t start;
	uint8_t *done;		/* finished messages */
	size_t done_len, done_cap;
	bool failed;
};

static uint8_t mp_cur[OFP_MSG_MAX];
static uint8_t mp_entry[OFP_MSG_MAX];

static void mp_start(struct mp_reply *r, struct conn *c, uint32_t xid,
		     uint16_t type)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->version = c->version;
	r->xid = xid;
	r->type = type;
	ofpb_init(&r->cur, mp_cur, sizeof(mp_cur));
	r->start = ofp_start_stats_reply(&r->cur, r->version, xid, type);
}

static void mp_reset(struct mp_reply *r)
{
	r->done_len = 0;
	ofpb_init(&r->cur, mp_cur, sizeof(mp_cur));
	r->start = ofp_start_stats_reply(&r->cur, r->version, r->xid, r->type);
}

static void mp_flush_cur(struct mp_reply *r, bool more)
{
	uint8_t *p;

	if (ofp_end_stats_reply(&r->cur, r->start, more) < 0) {
		r->failed = true;
		return;
	}
	if (r->done_len + r->cur.len > r->done_cap) {
		size_t cap = r->done_cap ? 2 * r->done_cap : 2 * OFP_MSG_MAX;

		while (cap < r->done_len + r->cur.len)
			cap *= 2;
		p = realloc(r->done, cap);
		if (!p) {
			r->failed = true;
			return;
		}
		r->done = p;
		r->done_cap = cap;
	}
	memcpy(r->done + r->done_len, r->cur.data, r->cur.len);
	r->done_len += r->cur.len;
	ofpb_init(&r->cur, mp_cur, sizeof(mp_cur));
	r->start = ofp_start_stats_reply(&r->cur, r->version, r->xid, r->type);
}

/* Adds the entry encoded in @e. */
static void mp_add(struct mp_reply *r, const struct ofp_buf *e)
{
	if (e->full) {
		r->failed = true;
		return;
	}
	if (r->cur.len + e->len > OFP_MSG_MAX)
		mp_flush_cur(r, true);
	ofpb_put_bytes(&r->cur, e->data, e->len);
}

static void mp_finish(struct mp_reply *r)
{
	mp_flush_cur(r, false);
	if (r->failed)
		vlog("%s: a multipart reply could not be built",
		     conn_name(r->c));
	else
		conn_queue(r->c, r->done, r->done_len);
	free(r->done);
}

/* ---- Flows ---- */

/* Whether @flow sends to @out_port (1.3's numbers), as the filters mean. */
static bool flow_outputs_to(const struct flow *flow, uint32_t out_port)
{
	unsigned int i;
	uint16_t want = 0;

	switch (out_port) {
	case OFPP13_ANY:
		return true;
	case OFPP13_IN_PORT:
		want = VSWITCH_ACTION_A_IN_PORT;
		break;
	case OFPP13_NORMAL:
		want = VSWITCH_ACTION_A_NORMAL;
		break;
	case OFPP13_FLOOD:
		want = VSWITCH_ACTION_A_FLOOD;
		break;
	case OFPP13_ALL:
		want = VSWITCH_ACTION_A_ALL;
		break;
	case OFPP13_CONTROLLER:
		want = VSWITCH_ACTION_A_CONTROLLER;
		break;
	}
	for (i = 0; i < flow->n_actions; i++) {
		const struct action *a = &flow->actions[i];

		if (want && a->type == want)
			return true;
		if (!want && a->type == VSWITCH_ACTION_A_OUTPUT &&
		    a->len == 4 && get_u32(a->v) == ofp13_port_to_vsw(out_port))
			return true;
	}
	return false;
}

/* Whether a packet could match both @a and @b. */
static bool matches_overlap(const struct match *a, const struct match *b)
{
	static const uint8_t ones[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	size_t i, k;

	for (i = 0; i < n_flow_fields; i++) {
		const struct field *f = &flow_fields[i];
		const uint8_t *ma = ones, *mb = ones;

		if (!a->has[f->attr] || !b->has[f->attr])
			continue;
		if (f->mask_attr && a->has[f->mask_attr])
			ma = a->v[f->mask_attr];
		if (f->mask_attr && b->has[f->mask_attr])
			mb = b->v[f->mask_attr];
		for (k = 0; k < match_len[f->attr]; k++)
			if ((a->v[f->attr][k] ^ b->v[f->attr][k]) & ma[k] & mb[k])
				return false;
	}
	return true;
}

struct flow_dump {
	/* Filter the kernel cannot apply. */
	uint32_t out_port;	/* 1.3's numbers */
	/* What to do with each flow. */
	int (*each)(struct flow_dump *d, const struct flow *flow);
	struct mp_reply *mp;
	const struct flow *probe;	/* overlap check */
	bool overlap;
	uint64_t packets, bytes;
	uint32_t count;
	struct flow *v;		/* flows to delete strictly */
	size_t n, cap;
};

static int flow_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct flow_dump *d = data;
	const struct nlattr *attr;
	struct flow flow;

	memset(&flow, 0, sizeof(flow));
	flow.has_priority = true;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (parse_reply_flow(attr, &flow) < 0)
			return MNL_CB_OK;	/* skipped, never misread */
	if (!flow_outputs_to(&flow, d->out_port))
		return MNL_CB_OK;
	return d->each(d, &flow) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static void flow_dump_reset(void *data)
{
	struct flow_dump *d = data;

	d->overlap = false;
	d->packets = d->bytes = 0;
	d->count = 0;
	d->n = 0;
	if (d->mp)
		mp_reset(d->mp);
}

/* Dumps @bridge's flows selected by @filter (match, cookie, @strict). */
static int dump_flows(const char *bridge, const struct flow *filter,
		      bool strict, struct flow_dump *d)
{
	struct nlmsghdr *nlh;
	struct flow f = *filter;

	nlh = nl_request(&req_nl, VSWITCH_CMD_FLOW_GET, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, bridge);
	f.has_actions = false;
	if (!strict)
		f.has_priority = false;
	put_flow(nlh, &f, FLOW_MATCH);
	if (strict)
		mnl_attr_put(nlh, VSWITCH_FLOW_A_STRICT, 0, NULL);
	if (nl_dump(&req_nl, nlh, flow_dump_cb, d, flow_dump_reset) < 0) {
		log_kernel_error(bridge, "dumping the flows");
		return -1;
	}
	return 0;
}

static int each_overlap(struct flow_dump *d, const struct flow *flow)
{
	if (flow->priority == d->probe->priority &&
	    matches_overlap(&flow->match, &d->probe->match))
		d->overlap = true;
	return 0;
}

static int each_collect(struct flow_dump *d, const struct flow *flow)
{
	struct flow *p;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		p = realloc(d->v, d->cap * sizeof(*p));
		if (!p)
			return -1;
		d->v = p;
	}
	d->v[d->n++] = *flow;
	return 0;
}

static int each_stats(struct flow_dump *d, const struct flow *flow)
{
	struct ofp_buf e;

	ofpb_init(&e, mp_entry, sizeof(mp_entry) -
		  ofp_stats_reply_head_len(d->mp->version));
	ofp_put_flow_stats(&e, d->mp->version, flow);
	mp_add(d->mp, &e);
	return 0;
}

static int each_aggregate(struct flow_dump *d, const struct flow *flow)
{
	d->packets += flow->packets;
	d->bytes += flow->bytes;
	d->count++;
	return 0;
}

/* The OpenFlow error for the kernel's refusal of a flow or packet-out. */
static void kernel_refused(struct conn *c, const uint8_t *msg, size_t len,
			   bool flow_mod)
{
	bool v10 = c->version == OFP10_VERSION;
	const char *text = req_nl.error_msg;
	struct ofp_error err = { 0, 0, "the kernel refused it" };

	log_kernel_error(c->bridge, flow_mod ? "flow" : "packet-out");
	switch (req_nl.error) {
	case -ENOSPC:
		err.type = v10 ? OFPET10_FLOW_MOD_FAILED : OFPET13_FLOW_MOD_FAILED;
		err.code = v10 ? OFPFMFC10_ALL_TABLES_FULL : OFPFMFC13_TABLE_FULL;
		break;
	case -EPERM:
		err.type = flow_mod ? (v10 ? OFPET10_FLOW_MOD_FAILED :
				       OFPET13_FLOW_MOD_FAILED) :
			   OFPET13_BAD_REQUEST;
		err.code = flow_mod ? (v10 ? OFPFMFC10_EPERM : OFPFMFC13_EPERM) :
			   OFPBRC13_EPERM;
		break;
	default:
		if (strstr(text, "prerequisite") && !v10) {
			err.type = OFPET13_BAD_MATCH;
			err.code = OFPBMC13_BAD_PREREQ;
		} else if (strstr(text, "port")) {
			err.type = v10 ? OFPET10_BAD_ACTION : OFPET13_BAD_ACTION;
			err.code = OFPBAC13_BAD_OUT_PORT;
		} else if (!flow_mod) {
			err.type = OFPET13_BAD_REQUEST;
			err.code = OFPBRC13_BAD_PACKET;
			if (v10)
				err.code = OFPBRC10_EPERM;
		} else {
			err.type = v10 ? OFPET10_FLOW_MOD_FAILED :
					 OFPET13_FLOW_MOD_FAILED;
			err.code = v10 ? OFPFMFC10_UNSUPPORTED :
					 OFPFMFC13_UNKNOWN;
		}
	}
	send_error(c, msg, len, &err);
}

static int flow_request(struct conn *c, uint8_t cmd, const struct flow *flow,
			int what, bool strict)
{
	struct nlmsghdr *nlh;

	nlh = nl_request(&req_nl, cmd, 0);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, c->bridge);
	put_flow(nlh, flow, what);
	if (strict)
		mnl_attr_put(nlh, VSWITCH_FLOW_A_STRICT, 0, NULL);
	return kernel_talk(nlh, NULL, NULL);
}

static void handle_flow_mod(struct conn *c, const uint8_t *msg, size_t len)
{
	struct ofp_flow_mod fm;
	struct ofp_error err;
	struct flow_dump d;
	struct nlmsghdr *nlh;
	bool strict;
	size_t i;
	int ret;

	if (c->role == OFPCR_ROLE_SLAVE) {
		refuse(c, msg, len, OFPET13_BAD_REQUEST, OFPBRC13_IS_SLAVE,
		       "a slave may not change flows");
		return;
	}
	if (c->version == OFP10_VERSION)
		ret = ofp10_parse_flow_mod(msg, len, &fm, &err);
	else
		ret = ofp13_parse_flow_mod(msg, len, &fm, &err);
	if (ret < 0) {
		send_error(c, msg, len, &err);
		return;
	}
	if (verbose) {
		struct sbuf sb = { .n = 0 };

		sb_rule(&sb, &fm.flow);
		if (fm.flow.has_actions) {
			sb_add(&sb, " actions=");
			sb_actions(&sb, &fm.flow);
		}
		vlog("%s: flow_mod command %u %s", conn_name(c), fm.command,
		     sb.s);
	}
	strict = fm.command == OFPFC_MODIFY_STRICT ||
		 fm.command == OFPFC_DELETE_STRICT;
	/* What it adds is the controller's: vswctl save leaves it out. */
	fm.flow.flags |= VSWITCH_FLOW_F_CONTROLLER;
	if (find_bridge(c->bridge))
		find_bridge(c->bridge)->miss_checked = 0;
	switch (fm.command) {
	case OFPFC_ADD:
		if (fm.check_overlap) {
			memset(&d, 0, sizeof(d));
			d.out_port = OFPP13_ANY;
			d.each = each_overlap;
			d.probe = &fm.flow;
			{
				struct flow all = { .has_priority = false };

				if (dump_flows(c->bridge, &all, false, &d) < 0) {
					kernel_refused(c, msg, len, true);
					return;
				}
			}
			if (d.overlap) {
				refuse(c, msg, len, c->version == OFP10_VERSION ?
				       OFPET10_FLOW_MOD_FAILED :
				       OFPET13_FLOW_MOD_FAILED,
				       c->version == OFP10_VERSION ?
				       OFPFMFC10_OVERLAP : OFPFMFC13_OVERLAP,
				       "it overlaps a flow of the same priority");
				return;
			}
		}
		if (flow_request(c, VSWITCH_CMD_FLOW_NEW, &fm.flow, FLOW_ADD,
				 false) < 0)
			kernel_refused(c, msg, len, true);
		return;
	case OFPFC_MODIFY:
	case OFPFC_MODIFY_STRICT:
		/* The kernel does not say how many it changed: count first. */
		memset(&d, 0, sizeof(d));
		d.out_port = OFPP13_ANY;
		d.each = each_aggregate;
		if (fm.modify_may_add &&
		    dump_flows(c->bridge, &fm.flow, strict, &d) < 0) {
			kernel_refused(c, msg, len, true);
			return;
		}
		nlh = nl_request(&req_nl, VSWITCH_CMD_FLOW_SET, 0);
		mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, c->bridge);
		{
			struct flow f = fm.flow;

			if (!strict)
				f.has_priority = false;
			put_flow(nlh, &f, FLOW_MATCH);
		}
		if (strict)
			mnl_attr_put(nlh, VSWITCH_FLOW_A_STRICT, 0, NULL);
		if (kernel_talk(nlh, NULL, NULL) < 0) {
			kernel_refused(c, msg, len, true);
			return;
		}
		if (!fm.modify_may_add || d.count)
			return;
		/* OpenFlow 1.0: a modify that matched nothing adds, at its
		 * priority (a non-strict modify selects by match only). */
		fm.flow.has_priority = true;
		if (flow_request(c, VSWITCH_CMD_FLOW_NEW, &fm.flow, FLOW_ADD,
				 false) < 0)
			kernel_refused(c, msg, len, true);
		return;
	case OFPFC_DELETE:
	case OFPFC_DELETE_STRICT:
		if (fm.out_group != OFPG_ANY)
			return;		/* we have no groups: no flow sends to one */
		if (fm.out_port == OFPP13_ANY) {
			fm.flow.has_actions = false;
			if (!strict)
				fm.flow.has_priority = false;
			if (flow_request(c, VSWITCH_CMD_FLOW_DEL, &fm.flow,
					 FLOW_MATCH, strict) < 0)
				kernel_refused(c, msg, len, true);
			return;
		}
		memset(&d, 0, sizeof(d));
		d.out_port = fm.out_port;
		d.each = each_collect;
		if (dump_flows(c->bridge, &fm.flow, strict, &d) < 0) {
			kernel_refused(c, msg, len, true);
			free(d.v);
			return;
		}
		for (i = 0; i < d.n; i++) {
			struct flow f = d.v[i];

			f.has_actions = false;
			f.has_priority = true;
			f.has_cookie_mask = false;
			if (flow_request(c, VSWITCH_CMD_FLOW_DEL, &f, FLOW_MATCH,
					 true) < 0 &&
			    req_nl.error != -ENOENT) {
				kernel_refused(c, msg, len, true);
				break;
			}
		}
		free(d.v);
		return;
	}
}

/* ---- Other messages ---- */

static void handle_packet_out(struct conn *c, const uint8_t *msg, size_t len)
{
	struct ofp_packet_out *po;
	struct ofp_error err;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;

	if (c->role == OFPCR_ROLE_SLAVE) {
		refuse(c, msg, len, OFPET13_BAD_REQUEST, OFPBRC13_IS_SLAVE,
		       "a slave may not send packets");
		return;
	}
	po = malloc(sizeof(*po));
	if (!po)
		return;
	if (ofp_parse_packet_out(msg, len, po, &err) < 0) {
		send_error(c, msg, len, &err);
		goto out;
	}
	if (!po->len || po->len > NL_REQUEST_SIZE - 4096) {
		refuse(c, msg, len, OFPET13_BAD_REQUEST,
		       c->version == OFP10_VERSION ? OFPBRC10_BAD_LEN :
		       OFPBRC13_BAD_PACKET, "PACKET_OUT without a frame");
		goto out;
	}
	nlh = nl_request(&req_nl, VSWITCH_CMD_PACKET_OUT, 0);
	mnl_attr_put_strz(nlh, VSWITCH_FLOW_A_BRIDGE, c->bridge);
	mnl_attr_put_u32(nlh, VSWITCH_FLOW_A_IN_PORT, po->in_port);
	nest = mnl_attr_nest_start(nlh, VSWITCH_FLOW_A_ACTIONS);
	for (i = 0; i < po->flow.n_actions; i++)
		mnl_attr_put(nlh, po->flow.actions[i].type,
			     po->flow.actions[i].len, po->flow.actions[i].v);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put(nlh, VSWITCH_FLOW_A_DATA, po->len, po->data);
	if (kernel_talk(nlh, NULL, NULL) < 0)
		kernel_refused(c, msg, len, false);
out:
	free(po);
}

static void handle_role(struct conn *c, const uint8_t *msg, size_t len)
{
	struct agent_bridge *br = find_bridge(c->bridge);
	struct ofp_error err;
	struct ofp_buf b;
	uint64_t gen;
	uint32_t role;
	struct conn *o;

	if (ofp_parse_role_request(msg, len, &role, &gen, &err) < 0) {
		send_error(c, msg, len, &err);
		return;
	}
	if (!br)
		return;
	if (role == OFPCR_ROLE_MASTER || role == OFPCR_ROLE_SLAVE) {
		if (br->has_generation && (int64_t)(gen - br->generation_id) < 0) {
			refuse(c, msg, len, OFPET13_ROLE_REQUEST_FAILED,
			       OFPRRFC_STALE, "stale generation_id");
			return;
		}
		br->has_generation = true;
		br->generation_id = gen;
	}
	if (role == OFPCR_ROLE_MASTER)
		for (o = conns; o; o = o->next)
			if (o != c && !strcmp(o->bridge, c->bridge) &&
			    o->role == OFPCR_ROLE_MASTER)
				o->role = OFPCR_ROLE_SLAVE;
	if (role != OFPCR_ROLE_NOCHANGE)
		c->role = role;
	ofpb_init(&b, obuf, sizeof(obuf));
	ofp_put_role_reply(&b, ofp_get32(msg + 4), c->role,
			   br->has_generation ? br->generation_id : 0);
	conn_queue_buf(c, &b);
}

static void handle_features(struct conn *c, const uint8_t *msg)
{
	struct agent_bridge *br = find_bridge(c->bridge);
	struct ofp_port_desc *descs = NULL;
	struct port_list pl = { 0 };
	struct ofp_buf b;
	size_t i, n = 0;

	if (c->version == OFP10_VERSION && bridge_ports(c->bridge, &pl) == 0) {
		descs = calloc(pl.n ? pl.n : 1, sizeof(*descs));
		for (i = 0; descs && i < pl.n; i++)
			port_desc(&pl.v[i], &descs[n++]);
	}
	ofpb_init(&b, obuf, sizeof(obuf));
	ofp_put_features_reply(&b, c->version, ofp_get32(msg + 4),
			       br ? br->dpid : 0, descs, n);
	conn_queue_buf(c, &b);
	free(descs);
	free(pl.v);
}

static void stats_flow(struct conn *c, const uint8_t *msg, size_t len,
		       const struct ofp_stats_request *sr, bool aggregate)
{
	struct ofp_flow_stats_request fsr;
	struct ofp_error err;
	struct mp_reply r;
	struct flow_dump d;
	struct flow filter;
	struct ofp_buf e;

	if (ofp_parse_flow_stats_request(c->version, sr->body, sr->body_len,
					 &fsr, &err) < 0) {
		send_error(c, msg, len, &err);
		return;
	}
	memset(&filter, 0, sizeof(filter));
	filter.match = fsr.match;
	if (fsr.cookie_mask) {
		filter.has_cookie_mask = true;
		filter.cookie = fsr.cookie;
		filter.cookie_mask = fsr.cookie_mask;
	}
	mp_start(&r, c, ofp_get32(msg + 4), sr->type);
	memset(&d, 0, sizeof(d));
	d.out_port = fsr.out_port;
	d.mp = aggregate ? NULL : &r;
	d.each = aggregate ? each_aggregate : each_stats;
	if ((fsr.table_id == 0 || fsr.table_id == OFPTT_ALL) &&
	    fsr.out_group == OFPG_ANY &&
	    dump_flows(c->bridge, &filter, false, &d) < 0) {
		free(r.done);
		kernel_refused(c, msg, len, true);
		return;
	}
	if (aggregate) {
		ofpb_init(&e, mp_entry, sizeof(mp_entry));
		ofp_put_aggregate(&e, d.packets, d.bytes, d.count);
		mp_add(&r, &e);
	}
	mp_finish(&r);
}

static void stats_ports(struct conn *c, const uint8_t *msg, size_t len,
			const struct ofp_stats_request *sr, bool desc)
{
	struct port_list pl;
	struct ofp_error err;
	struct ofp_buf e;
	struct mp_reply r;
	uint32_t want = OFPP13_ANY;
	size_t i;

	if (!desc && ofp_parse_port_stats_request(c->version, sr->body,
						  sr->body_len, &want,
						  &err) < 0) {
		send_error(c, msg, len, &err);
		return;
	}
	if (bridge_ports(c->bridge, &pl) < 0) {
		refuse(c, msg, len, OFPET13_BAD_REQUEST, OFPBRC13_EPERM,
		       "the kernel did not list the ports");
		return;
	}
	mp_start(&r, c, ofp_get32(msg + 4), sr->type);
	for (i = 0; i < pl.n; i++) {
		const struct port *p = &pl.v[i];

		if (want != OFPP13_ANY && p->number != want)
			continue;
		ofpb_init(&e, mp_entry, sizeof(mp_entry) - 16);
		if (desc) {
			struct ofp_port_desc pd;

			port_desc(p, &pd);
			ofp_put_port(&e, c->version, &pd);
		} else {
			struct ofp_port_stats ps = {
				.port_no = p->number,
				.rx_packets = p->stats[VSWITCH_PORT_STATS_RX_PACKETS],
				.tx_packets = p->stats[VSWITCH_PORT_STATS_TX_PACKETS],
				.rx_bytes = p->stats[VSWITCH_PORT_STATS_RX_BYTES],
				.tx_bytes = p->stats[VSWITCH_PORT_STATS_TX_BYTES],
				.rx_dropped = p->stats[VSWITCH_PORT_STATS_RX_DROPPED],
				.tx_dropped = p->stats[VSWITCH_PORT_STATS_TX_DROPPED],
				.rx_errors = p->stats[VSWITCH_PORT_STATS_RX_ERRORS],
				.tx_errors = p->stats[VSWITCH_PORT_STATS_TX_ERRORS],
			};

			ofp_put_port_stats(&e, c->version, &ps);
		}
		mp_add(&r, &e);
	}
	free(pl.v);
	mp_finish(&r);
}

static void handle_stats(struct conn *c, const uint8_t *msg, size_t len)
{
	bool v10 = c->version == OFP10_VERSION;
	struct agent_bridge *br = find_bridge(c->bridge);
	struct ofp_stats_request sr;
	struct ofp_error err;
	struct ofp_buf e;
	struct mp_reply r;

	if (ofp_parse_stats_request(msg, len, &sr, &err) < 0) {
		send_error(c, msg, len, &err);
		return;
	}
	switch (sr.type) {
	case OFPMP13_DESC: {	/* OFPST10_DESC */
		char dp[64];
		struct ofp_desc desc = {
			.mfr = "vswitch", .hw = "vswitch kernel datapath",
			.sw = "vswagent", .serial = "None", .dp = dp,
		};

		snprintf(dp, sizeof(dp), "%s", c->bridge);
		mp_start(&r, c, ofp_get32(msg + 4), sr.type);
		ofpb_init(&e, mp_entry, sizeof(mp_entry));
		ofp_put_desc(&e, &desc);
		mp_add(&r, &e);
		mp_finish(&r);
		return;
	}
	case OFPMP13_FLOW:
		stats_flow(c, msg, len, &sr, false);
		return;
	case OFPMP13_AGGREGATE:
		stats_flow(c, msg, len, &sr, true);
		return;
	case OFPMP13_TABLE:
		if (br)
			refresh_bridge(br);
		mp_start(&r, c, ofp_get32(msg + 4), sr.type);
		ofpb_init(&e, mp_entry, sizeof(mp_entry));
		ofp_put_table_stats(&e, c->version, br ? br->flow_count : 0,
				    br ? br->flow_max : 0,
				    br ? br->flow_hit + br->flow_miss : 0,
				    br ? br->flow_hit : 0);
		mp_add(&r, &e);
		mp_finish(&r);
		return;
	case OFPMP13_PORT_STATS:
		stats_ports(c, msg, len, &sr, false);
		return;
	case OFPMP13_TABLE_FEATURES:
		if (v10)
			break;
		if (sr.body_len) {
			/* OFPET_TABLE_FEATURES_FAILED, OFPTFFC_EPERM */
			refuse(c, msg, len, OFPET13_TABLE_FEATURES_FAILED, 5,
			       "the table's features cannot be changed");
			return;
		}
		if (br)
			refresh_bridge(br);
		mp_start(&r, c, ofp_get32(msg + 4), sr.type);
		ofpb_init(&e, mp_entry, sizeof(mp_entry));
		ofp_put_table_features(&e, br ? br->flow_max : 0);
		mp_add(&r, &e);
		mp_finish(&r);
		return;
	case OFPMP13_PORT_DESC:
		if (!v10) {
			stats_ports(c, msg, len, &sr, true);
			return;
		}
		break;
	}
	refuse(c, msg, len, OFPET13_BAD_REQUEST,
	       v10 ? OFPBRC10_BAD_STAT : OFPBRC13_BAD_MULTIPART,
	       "multipart type not supported");
}

static void handle_hello(struct conn *c, const uint8_t *msg, size_t len)
{
	struct ofp_error err;
	struct agent_bridge *br;
	int v;

	v = ofp_negotiate_hello(msg, len, &err);
	if (v < 0) {
		c->version = msg[0] == OFP10_VERSION ? OFP10_VERSION :
						       OFP13_VERSION;
		send_error(c, msg, len, &err);
		conn_flush(c);
		close_conn(c, "no common OpenFlow version");
		return;
	}
	c->version = v;
	vlog("%s: connected, OpenFlow %s", conn_name(c),
	     v == OFP10_VERSION ? "1.0" : "1.3");
	if (c->active && c->ep)
		c->ep->backoff_ms = BACKOFF_MIN_MS;
	br = find_bridge(c->bridge);
	if (br && c->active)
		report_connected(br, false);
}

static void handle_msg(struct conn *c, const uint8_t *msg, size_t len)
{
	bool v10 = c->version == OFP10_VERSION;
	uint8_t type = msg[1];
	struct ofp_error err;
	struct ofp_buf b;
	uint16_t flags, msl;

	log_msg(c, "<-", msg);
	if (!c->version) {
		if (type != OFPT13_HELLO) {
			refuse(c, msg, len, OFPET13_HELLO_FAILED,
			       OFPHFC_INCOMPATIBLE, "the first message is not HELLO");
			conn_flush(c);
			close_conn(c, "no HELLO");
			return;
		}
		handle_hello(c, msg, len);
		return;
	}
	if (msg[0] != c->version) {
		refuse(c, msg, len, OFPET13_BAD_REQUEST, OFPBRC13_BAD_VERSION,
		       "not the negotiated version");
		return;
	}
	ofpb_init(&b, obuf, sizeof(obuf));
	/* Types 0 to 14 are the same in both versions. */
	switch (type) {
	case OFPT13_HELLO:
		return;
	case OFPT13_ERROR:
		vlog("%s: the controller sent an ERROR, type %u code %u",
		     conn_name(c), len >= 12 ? ofp_get16(msg + 8) : 0,
		     len >= 12 ? ofp_get16(msg + 10) : 0);
		return;
	case OFPT13_ECHO_REQUEST:
		ofp_put_echo_reply(&b, msg, len);
		conn_queue_buf(c, &b);
		return;
	case OFPT13_ECHO_REPLY:
		return;
	case OFPT13_EXPERIMENTER:
		refuse(c, msg, len, OFPET13_BAD_REQUEST,
		       OFPBRC13_BAD_EXPERIMENTER, "no experimenter messages");
		return;
	case OFPT13_FEATURES_REQUEST:
		if (len != 8)
			goto bad_len;
		handle_features(c, msg);
		return;
	case OFPT13_GET_CONFIG_REQUEST:
		if (len != 8)
			goto bad_len;
		ofp_put_config_reply(&b, c->version, ofp_get32(msg + 4),
				     c->config_flags, c->miss_send_len);
		conn_queue_buf(c, &b);
		return;
	case OFPT13_SET_CONFIG:
		if (ofp_parse_set_config(msg, len, c->version, &flags, &msl,
					 &err) < 0) {
			send_error(c, msg, len, &err);
			return;
		}
		c->config_flags = flags;
		c->miss_send_len = msl;
		return;
	case OFPT13_PACKET_OUT:
		handle_packet_out(c, msg, len);
		return;
	case OFPT13_FLOW_MOD:
		handle_flow_mod(c, msg, len);
		return;
	}
	if (v10) {
		switch (type) {
		case OFPT10_STATS_REQUEST:
			handle_stats(c, msg, len);
			return;
		case OFPT10_BARRIER_REQUEST:
			if (len != 8)
				goto bad_len;
			ofp_put_barrier_reply(&b, c->version, ofp_get32(msg + 4));
			conn_queue_buf(c, &b);
			return;
		}
	} else {
		switch (type) {
		case OFPT13_MULTIPART_REQUEST:
			handle_stats(c, msg, len);
			return;
		case OFPT13_BARRIER_REQUEST:
			if (len != 8)
				goto bad_len;
			ofp_put_barrier_reply(&b, c->version, ofp_get32(msg + 4));
			conn_queue_buf(c, &b);
			return;
		case OFPT13_ROLE_REQUEST:
			handle_role(c, msg, len);
			return;
		}
	}
	refuse(c, msg, len, OFPET13_BAD_REQUEST, OFPBRC13_BAD_TYPE,
	       "message type not supported");
	return;
bad_len:
	refuse(c, msg, len, OFPET13_BAD_REQUEST, OFPBRC13_BAD_LEN,
	       "wrong length");
}

/* Handles the whole messages in c->in and keeps the rest. */
static void conn_consume(struct conn *c)
{
	size_t off = 0;
	int mlen;

	c->last_rx = now_ms();
	c->probes = 0;
	while (!c->dead) {
		mlen = ofp_frame(c->in + off, c->in_len - off);
		if (mlen == OFP_FRAME_NEED_MORE)
			break;
		if (mlen == OFP_FRAME_BAD) {
			close_conn(c, "a message shorter than its header");
			return;
		}
		handle_msg(c, c->in + off, mlen);
		off += mlen;
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

static void conn_read_tls(struct conn *c)
{
	int n;

	/* OpenSSL may hold decrypted bytes the socket no longer shows. */
	c->tls_want_read = false;
	do {
		c->tls_want_write = false;
		n = SSL_read(c->ssl, c->in + c->in_len,
			     sizeof(c->in) - c->in_len);
		if (n <= 0) {
			if (tls_error(c, n, "read") < 0)
				close_conn(c, NULL);
			return;
		}
		c->in_len += n;
		conn_consume(c);
	} while (!c->dead && c->ssl);
}

static void conn_read(struct conn *c)
{
	ssize_t n;

	if (c->ssl) {
		conn_read_tls(c);
		return;
	}
	n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len,
		 MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		close_conn(c, strerror(errno));
		return;
	}
	if (n == 0) {
		close_conn(c, "closed by the peer");
		return;
	}
	c->in_len += n;
	conn_consume(c);
}

/* ---- Notifications ---- */

static void to_bridge_conns(const char *bridge, bool async,
			    void (*put)(struct conn *c, const void *arg),
			    const void *arg)
{
	struct conn *c;

	for (c = conns; c; c = c->next)
		if (!c->dead && c->version && !strcmp(c->bridge, bridge) &&
		    (!async || c->role != OFPCR_ROLE_SLAVE))
			put(c, arg);
}

static void put_packet_in(struct conn *c, const void *arg)
{
	struct ofp_packet_in pin = *(const struct ofp_packet_in *)arg;
	struct ofp_buf b;

	if (pin.reason == VSWITCH_PACKET_IN_MISS) {
		/* Service connections get misses only once they ask. */
		if (!c->active && !c->miss_send_len)
			return;
		if (c->miss_send_len != OFPCML_NO_BUFFER &&
		    pin.len > c->miss_send_len)
			pin.len = c->miss_send_len;
	}
	ofpb_init(&b, obuf, sizeof(obuf));
	if (ofp_put_packet_in(&b, c->version, &pin) == 0)
		conn_queue_buf(c, &b);
}

struct flow_removed {
	struct flow flow;
	uint8_t reason;		/* enum vswitch_flow_removed_reason */
};

static void put_flow_removed(struct conn *c, const void *arg)
{
	const struct flow_removed *fr = arg;
	struct ofp_buf b;

	ofpb_init(&b, obuf, sizeof(obuf));
	if (ofp_put_flow_removed(&b, c->version, &fr->flow, fr->reason) == 0)
		conn_queue_buf(c, &b);
}

struct port_status {
	uint8_t reason;
	struct ofp_port_desc desc;
};

static void put_port_status(struct conn *c, const void *arg)
{
	const struct port_status *ps = arg;
	struct ofp_buf b;

	ofpb_init(&b, obuf, sizeof(obuf));
	if (ofp_put_port_status(&b, c->version, ps->reason, &ps->desc) == 0)
		conn_queue_buf(c, &b);
}

static int each_miss_flow(struct flow_dump *d, const struct flow *flow)
{
	unsigned int i;

	for (i = 0; i < flow->n_actions; i++)
		if (flow->actions[i].type == VSWITCH_ACTION_A_CONTROLLER) {
			d->count = 1;
			d->packets = flow->cookie;	/* the cookie, kept here */
		}
	return 0;
}

/* Whether a packet-in of the controller action with @cookie is a miss. */
static bool is_table_miss(struct agent_bridge *br, uint64_t cookie)
{
	struct flow filter = { .has_priority = true, .priority = 0 };
	struct flow_dump d = { .out_port = OFPP13_ANY, .each = each_miss_flow };
	int64_t now = now_ms();

	if (!br->miss_checked || now - br->miss_checked > 1000) {
		br->miss_checked = now;
		br->has_miss_flow = false;
		if (dump_flows(br->name, &filter, true, &d) == 0 && d.count) {
			br->has_miss_flow = true;
			br->miss_cookie = d.packets;
		}
	}
	return br->has_miss_flow && br->miss_cookie == cookie;
}

static void notify_packet_in(const struct nlmsghdr *nlh)
{
	struct ofp_packet_in pin = { 0 };
	struct agent_bridge *br;
	const struct nlattr *a;
	const char *bridge = NULL;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case VSWITCH_FLOW_A_BRIDGE:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				bridge = mnl_attr_get_str(a);
			break;
		case VSWITCH_FLOW_A_IN_PORT:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				pin.in_port = mnl_attr_get_u32(a);
			break;
		case VSWITCH_FLOW_A_COOKIE:
			if (mnl_attr_validate(a, MNL_TYPE_U64) == 0)
				pin.cookie = mnl_attr_get_u64(a);
			break;
		case VSWITCH_FLOW_A_REASON:
			if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
				pin.reason = mnl_attr_get_u8(a);
			break;
		case VSWITCH_FLOW_A_TOTAL_LEN:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				pin.total_len = mnl_attr_get_u32(a);
			break;
		case VSWITCH_FLOW_A_DATA:
			pin.data = mnl_attr_get_payload(a);
			pin.len = mnl_attr_get_payload_len(a);
			break;
		}
	}
	if (!bridge || !pin.data)
		return;
	br = find_bridge(bridge);
	if (br && pin.reason == VSWITCH_PACKET_IN_ACTION &&
	    is_table_miss(br, pin.cookie))
		pin.reason = VSWITCH_PACKET_IN_MISS;
	to_bridge_conns(bridge, true, put_packet_in, &pin);
}

static void notify_flow_removed(const struct nlmsghdr *nlh)
{
	const struct nlattr *a;
	const char *bridge = NULL;
	struct flow_removed fr;

	memset(&fr, 0, sizeof(fr));
	fr.flow.has_priority = true;
	fr.reason = VSWITCH_FLOW_REMOVED_DELETE;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case VSWITCH_FLOW_A_BRIDGE:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				bridge = mnl_attr_get_str(a);
			break;
		case VSWITCH_FLOW_A_REMOVED:
			if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
				fr.reason = mnl_attr_get_u8(a);
			break;
		default:
			if (parse_reply_flow(a, &fr.flow) < 0)
				return;
		}
	}
	if (bridge && (fr.flow.flags & VSWITCH_FLOW_F_SEND_REMOVED))
		to_bridge_conns(bridge, true, put_flow_removed, &fr);
}

static void notify_port(const struct nlmsghdr *nlh, uint8_t cmd)
{
	struct port_status ps;
	struct port p;

	if (parse_port(nlh, &p) < 0 || !p.bridge[0] || !p.number)
		return;
	ps.reason = cmd == VSWITCH_CMD_PORT_NEW ? OFPPR_ADD :
		    cmd == VSWITCH_CMD_PORT_DEL ? OFPPR_DELETE : OFPPR_MODIFY;
	port_desc(&p, &ps.desc);
	to_bridge_conns(p.bridge, false, put_port_status, &ps);
}

static int notify_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	(void)data;
	if (nlh->nlmsg_type != mon_nl.family ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_OK;
	switch (genl->cmd) {
	case VSWITCH_CMD_BRIDGE_NEW:
	case VSWITCH_CMD_BRIDGE_SET:
	case VSWITCH_CMD_BRIDGE_DEL:
		resync_needed = true;
		break;
	case VSWITCH_CMD_PORT_NEW:
	case VSWITCH_CMD_PORT_SET:
	case VSWITCH_CMD_PORT_DEL:
		notify_port(nlh, genl->cmd);
		break;
	case VSWITCH_CMD_PACKET_IN:
		notify_packet_in(nlh);
		break;
	case VSWITCH_CMD_FLOW_REMOVED:
		notify_flow_removed(nlh);
		break;
	}
	return MNL_CB_OK;
}

static void read_notifications(void)
{
	ssize_t len;

	for (;;) {
		len = recv(mnl_socket_get_fd(mon_nl.sock), mon_nl.reply,
			   sizeof(mon_nl.reply), MSG_DONTWAIT);
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (errno == ENOBUFS) {
				vlog("notifications were lost: dumping the bridges again");
				resync_needed = true;
				continue;
			}
			vlog("notifications: %s", strerror(errno));
			return;
		}
		mnl_cb_run(mon_nl.reply, len, 0, 0, notify_cb, NULL);
	}
}

static int open_notifications(void)
{
	uint32_t groups[3];
	int i, rcvbuf = 4 << 20;

	if (nl_open(&mon_nl, "notifications") < 0)
		return -1;
	groups[0] = mon_nl.mcgrp;
	groups[1] = mon_nl.mcgrp_packets;
	groups[2] = mon_nl.mcgrp_flows;
	for (i = 0; i < 3; i++) {
		if (!groups[i])
			continue;
		if (mnl_socket_setsockopt(mon_nl.sock, NETLINK_ADD_MEMBERSHIP,
					  &groups[i], sizeof(groups[i])) < 0) {
			vlog("joining a vswitch group: %s", strerror(errno));
			return -1;
		}
	}
	/*
	 * Packet-ins come in bursts a reactive controller answers one by one.
	 * SO_RCVBUF is capped by net.core.rmem_max (208 KiB by default: 287
	 * of 10,000 packet-ins lost in make bench); the agent has
	 * CAP_NET_ADMIN, so force it, and fall back for a restricted one.
	 */
	if (setsockopt(mnl_socket_get_fd(mon_nl.sock), SOL_SOCKET,
		       SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0) {
		vlog("notifications: no SO_RCVBUFFORCE (%s): the receive buffer stays within net.core.rmem_max",
		     strerror(errno));
		setsockopt(mnl_socket_get_fd(mon_nl.sock), SOL_SOCKET,
			   SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	}
	return set_nonblock(mnl_socket_get_fd(mon_nl.sock));
}

/* ---- The loop ---- */

static unsigned int listen_conns(const struct endpoint *ep)
{
	const struct conn *c;
	unsigned int n = 0;

	for (c = conns; c; c = c->next)
		n += c->ep == ep && !c->dead;
	return n;
}

static void accept_conns(struct endpoint *ep)
{
	struct conn *c;
	int fd;

	for (;;) {
		fd = accept4(ep->listen_fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				vlog("%s: %s: accept: %s", ep->bridge,
				     ep->target, strerror(errno));
			/* Else the listener stays readable: poll would spin. */
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				ep->accept_after = now_ms() + ACCEPT_PAUSE_MS;
			return;
		}
		if (listen_conns(ep) >= LISTEN_CONNS_MAX) {
			vlog("%s: %s: refused a client: %d are connected already",
			     ep->bridge, ep->target, LISTEN_CONNS_MAX);
			close(fd);
			continue;
		}
		c = conn_new(ep, fd, false);
		if (!c) {
			close(fd);
			continue;
		}
		conn_send_hello(c);
	}
}

static void finish_connect(struct conn *c)
{
	int err = 0;
	socklen_t len = sizeof(err);

	c->connecting = false;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		vlog("%s: connect: %s", conn_name(c), strerror(err));
		close(c->fd);
		c->fd = -1;
		c->dead = true;
	}
}

static void timers(void)
{
	int64_t now = now_ms();
	struct agent_bridge *br;
	struct endpoint *ep;
	struct conn *c;
	struct ofp_buf b;

	if (report_retry_at && now >= report_retry_at) {
		report_retry_at = 0;
		for (br = bridges; br; br = br->next)
			report_connected(br, false);
	}
	for (ep = endpoints; ep; ep = ep->next) {
		if (ep->t.passive) {
			if (ep->listen_fd < 0 && now >= ep->next_try)
				endpoint_listen(ep);
		} else if (!ep->conn && now >= ep->next_try) {
			endpoint_connect(ep);
		}
	}
	for (c = conns; c; c = c->next) {
		if (c->dead)
			continue;
		/* A connect, or a HELLO (and TLS handshake), takes 5 s at most:
		 * the backoff, not the kernel's SYN retries, paces retries. */
		if ((c->connecting || !c->version) &&
		    now - c->last_rx >= PROBE_MS) {
			close_conn(c, c->connecting ? "connect timed out" :
				   "no HELLO within 5 s");
			continue;
		}
		if (c->connecting)
			continue;
		if (now - c->last_rx < (int64_t)PROBE_MS * (c->probes + 1))
			continue;
		if (c->probes == PROBE_MAX) {
			close_conn(c, "inactivity probes unanswered");
			continue;
		}
		c->probes++;
		ofpb_init(&b, obuf, sizeof(obuf));
		ofpb_end_msg(&b, ofpb_start_msg(&b, c->version,
						OFPT13_ECHO_REQUEST, 0));
		conn_queue_buf(c, &b);
	}
}

/* Frees dead connections; an active one's endpoint tries again later. */
static void reap(void)
{
	struct conn *c, **pc;
	struct agent_bridge *br;
	bool changed = false;

	for (pc = &conns; (c = *pc);) {
		if (!c->dead) {
			pc = &c->next;
			continue;
		}
		if (c->fd >= 0)
			close_conn(c, NULL);
		/* A connect that failed closed the socket, not the TLS. */
		if (c->ssl)
			SSL_free(c->ssl);
		*pc = c->next;
		if (c->ep && c->ep->conn == c) {
			c->ep->conn = NULL;
			c->ep->next_try = now_ms() + c->ep->backoff_ms;
			if (c->ep->backoff_ms < BACKOFF_MAX_MS)
				c->ep->backoff_ms *= 2;
		}
		if (c->active)
			changed = true;
		free(c->out);
		free(c);
	}
	if (changed)
		for (br = bridges; br; br = br->next)
			report_connected(br, false);
}

static void shutdown_all(void)
{
	struct agent_bridge *br;
	struct endpoint *ep;
	struct conn *c;

	for (c = conns; c; c = c->next) {
		conn_flush(c);
		close_conn(c, "vswagent exits");
	}
	for (br = bridges; br; br = br->next)
		if (br->n_reported > 0)
			report_connected(br, true);
	while ((ep = endpoints)) {
		endpoints = ep->next;
		endpoint_free(ep);
	}
	reap();
}

/*
 * The TLS context of every ssl: and pssl: connection: TLS 1.2 or later,
 * our certificate, and a peer that must show one signed by @ca.
 */
static SSL_CTX *tls_init(const char *key, const char *cert, const char *ca)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_method());
	char text[256];

	if (!ctx)
		goto err;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
			 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1 ||
	    SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
		goto err;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
			   SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	return ctx;
err:
	ERR_error_string_n(ERR_get_error(), text, sizeof(text));
	fprintf(stderr, "vswagent: TLS setup: %s\n", text);
	SSL_CTX_free(ctx);
	return NULL;
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "vswagent: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "detach", no_argument, NULL, 'D' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "log-file", required_argument, NULL, 'l' },
		{ "private-key", required_argument, NULL, 'k' },
		{ "certificate", required_argument, NULL, 'c' },
		{ "ca-cert", required_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pidfile = NULL, *logpath = NULL;
	const char *key = NULL, *cert = NULL, *ca = NULL;
	struct pollfd *pfd = NULL;
	size_t npfd = 0, cap = 0, i;
	bool detach = false, running = true;
	struct signalfd_siginfo si;
	struct endpoint *ep;
	struct conn *c;
	sigset_t mask;
	int opt, sfd;

	while ((opt = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'D':
			detach = true;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'l':
			logpath = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'C':
			ca = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage_error("vswagent");
			return 0;
		default:
			return usage_error("vswagent");
		}
	}
	if (optind != argc)
		return usage_error("vswagent");
	if (logpath) {
		log_file = fopen(logpath, "a");
		if (!log_file) {
			fprintf(stderr, "vswagent: %s: %s\n", logpath,
				strerror(errno));
			return 1;
		}
	}
	if (key || cert || ca) {
		if (!key || !cert || !ca) {
			fprintf(stderr, "vswagent: --private-key, --certificate and --ca-cert go together\n");
			return 1;
		}
		tls_ctx = tls_init(key, cert, ca);
		if (!tls_ctx)
			return 1;
	}
	if (nl_open(&req_nl, "vswagent") < 0 || open_notifications() < 0)
		return 1;
	req_nl.quiet = true;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) {
		perror("vswagent: signalfd");
		return 1;
	}
	if (detach && daemon(1, logpath ? 1 : 0) < 0) {
		perror("vswagent: daemon");
		return 1;
	}
	if (pidfile && write_pidfile(pidfile) < 0)
		return 1;
	vlog("started");
	resync();

	while (running) {
		if (resync_needed)
			resync();
		timers();
		npfd = 0;
		cap = 2;
		for (ep = endpoints; ep; ep = ep->next)
			cap++;
		for (c = conns; c; c = c->next)
			cap++;
		free(pfd);
		pfd = calloc(cap, sizeof(*pfd));
		if (!pfd)
			break;
		pfd[npfd++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pfd[npfd++] = (struct pollfd){
			.fd = mnl_socket_get_fd(mon_nl.sock), .events = POLLIN };
		for (ep = endpoints; ep; ep = ep->next)
			pfd[npfd++] = (struct pollfd){
				.fd = ep->accept_after > now_ms() ? -1 :
				      ep->listen_fd,
				.events = POLLIN };
		for (c = conns; c; c = c->next)
			pfd[npfd++] = (struct pollfd){
				.fd = c->dead ? -1 : c->fd,
				.events = c->connecting ? POLLOUT :
					  POLLIN | ((c->out_off < c->out_len &&
						     !c->tls_want_read) ||
						    c->tls_want_write ?
						    POLLOUT : 0) };
		if (poll(pfd, npfd, 250) < 0 && errno != EINTR) {
			perror("vswagent: poll");
			break;
		}
		if (pfd[0].revents & POLLIN) {
			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				vlog("signal %u: exiting", si.ssi_signo);
				running = false;
			}
		}
		if (pfd[1].revents)
			read_notifications();
		/* Lists only grow at their heads, so indexes still hold. */
		i = 2;
		for (ep = endpoints; ep && i < npfd; ep = ep->next, i++)
			if (pfd[i].revents & POLLIN && ep->listen_fd >= 0)
				accept_conns(ep);
		for (c = conns; c; c = c->next) {
			if (c->fd < 0 || c->dead)
				continue;
			/* New connections are ahead of the polled ones. */
			for (i = 2; i < npfd && pfd[i].fd != c->fd; i++)
				;
			if (i == npfd)
				continue;
			if (c->connecting && pfd[i].revents)
				finish_connect(c);
			else if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				conn_read(c);
			else if (c->ssl && pfd[i].revents & POLLOUT &&
				 c->out_off == c->out_len)
				conn_read(c);	/* a handshake that had to write */
		}
		for (c = conns; c; c = c->next)
			conn_flush(c);
		reap();
	}
	shutdown_all();
	if (pidfile)
		unlink(pidfile);
	free(pfd);
	nl_close(&mon_nl);
	nl_close(&req_nl);
	SSL_CTX_free(tls_ctx);
	return 0;
}
