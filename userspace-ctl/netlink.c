// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vswitch.h>

#include "netlink.h"

struct nl_ctx {
	struct vsw_nl *nl;
	const struct nlmsghdr *request;
	mnl_cb_t cb;
	void *data;
	int error;		/* negative errno from the kernel, or 0 */
	const char *msg;	/* NLMSGERR_ATTR_MSG, or NULL */
	const struct nlattr *bad_attr; /* in the request, or NULL */
	bool dump_intr;
};

/* The attribute of the request that NLMSGERR_ATTR_OFFS points at. */
static const struct nlattr *nl_request_attr(const struct nlmsghdr *request,
					    uint32_t offset)
{
	const struct nlattr *attr;

	if (offset < mnl_nlmsg_size(GENL_HDRLEN) ||
	    offset + sizeof(*attr) > request->nlmsg_len)
		return NULL;
	attr = (const struct nlattr *)((const char *)request + offset);
	if (offset + attr->nla_len > request->nlmsg_len)
		return NULL;
	return attr;
}

static void nl_parse_ext_ack(struct nl_ctx *ctx, const struct nlmsghdr *nlh,
			     size_t offset)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, offset) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				ctx->msg = mnl_attr_get_str(attr);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				ctx->bad_attr = nl_request_attr(ctx->request,
								mnl_attr_get_u32(attr));
			break;
		}
	}
}

static int nl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t offset = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		ctx->error = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!err->error)
		return MNL_CB_STOP;
	ctx->error = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	nl_parse_ext_ack(ctx, nlh, offset);
	return MNL_CB_ERROR;
}

static int nl_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;
	int error = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(error))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error >= 0)
		return MNL_CB_STOP;
	ctx->error = error;
	nl_parse_ext_ack(ctx, nlh, sizeof(error));
	return MNL_CB_ERROR;
}

static int nl_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_ctx *ctx = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		ctx->dump_intr = true;
	return ctx->cb ? ctx->cb(nlh, ctx->data) : MNL_CB_OK;
}

/* Keeps a failed request's error in @nl, for nl_print_error(). */
static void nl_record(struct vsw_nl *nl, const struct nl_ctx *ctx)
{
	nl->error = ctx->error;
	snprintf(nl->error_msg, sizeof(nl->error_msg), "%s",
		 ctx->msg ? ctx->msg : "");
	nl->bad_offset = ctx->bad_attr ? (const char *)ctx->bad_attr -
					 (const char *)ctx->request : 0;
}

void nl_print_error(const struct vsw_nl *nl)
{
	const struct nlattr *bad_attr = NULL;
	const char *attr_name = NULL;
	uint16_t type;

	if (nl->bad_offset)
		bad_attr = nl_request_attr((const struct nlmsghdr *)nl->request,
					   nl->bad_offset);
	if (bad_attr) {
		type = mnl_attr_get_type(bad_attr);
		if (type < nl->n_attr_names)
			attr_name = nl->attr_names[type];
	}
	if (!nl->error_msg[0]) {
		fprintf(stderr, "vswctl: %s: %s\n", nl->what,
			strerror(-nl->error));
		return;
	}
	/*
	 * vswitch's own messages name the attribute in words; the netlink
	 * core's policy messages do not, so say which one it pointed at.
	 */
	if (attr_name && !strstr(nl->error_msg, attr_name))
		fprintf(stderr, "vswctl: %s: %s (attribute: %s)\n", nl->what,
			nl->error_msg, attr_name);
	else
		fprintf(stderr, "vswctl: %s: %s\n", nl->what, nl->error_msg);
}

static int nl_transact(struct vsw_nl *nl, struct nlmsghdr *nlh,
		       struct nl_ctx *ctx)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = nl_error_cb,
		[NLMSG_DONE] = nl_done_cb,
	};
	ssize_t len;
	int ret;

	ctx->request = nlh;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		ctx->error = -errno;
		return -1;
	}
	do {
		len = mnl_socket_recvfrom(nl->sock, nl->reply, sizeof(nl->reply));
		if (len < 0) {
			ctx->error = -errno;
			return -1;
		}
		ret = mnl_cb_run2(nl->reply, len, nlh->nlmsg_seq, nl->portid,
				  nl_data_cb, ctx, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret < 0 && !ctx->error)
		ctx->error = errno ? -errno : -EPROTO;
	return ret < 0 ? -1 : 0;
}

struct nlmsghdr *nl_request(struct vsw_nl *nl, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->request);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = VSWITCH_GENL_VERSION;
	return nlh;
}

int nl_talk(struct vsw_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct nl_ctx ctx = { .nl = nl, .cb = cb, .data = data };

	if (nl_transact(nl, nlh, &ctx) < 0) {
		nl_record(nl, &ctx);
		if (!nl->quiet)
			nl_print_error(nl);
		return -1;
	}
	return ctx.dump_intr ? NL_DUMP_INTR : 0;
}

/* The id of the group VSWITCH_MCGRP_CONFIG, from CTRL_ATTR_MCAST_GROUPS. */
static void nl_parse_groups(struct vsw_nl *nl, const struct nlattr *groups)
{
	const struct nlattr *group, *attr;
	const char *name;
	uint32_t id;

	mnl_attr_for_each_nested(group, groups) {
		name = NULL;
		id = 0;
		mnl_attr_for_each_nested(attr, group) {
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(attr);
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID &&
			    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				id = mnl_attr_get_u32(attr);
		}
		if (name && !strcmp(name, VSWITCH_MCGRP_CONFIG))
			nl->mcgrp = id;
		if (name && !strcmp(name, VSWITCH_MCGRP_PACKETS))
			nl->mcgrp_packets = id;
		if (name && !strcmp(name, VSWITCH_MCGRP_FLOWS))
			nl->mcgrp_flows = id;
	}
}

static int nl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vsw_nl *nl = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			nl->family = mnl_attr_get_u16(attr);
		if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS &&
		    mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0)
			nl_parse_groups(nl, attr);
	}
	return MNL_CB_OK;
}

static int nl_resolve_family(struct vsw_nl *nl)
{
	struct nl_ctx ctx = { .nl = nl, .cb = nl_family_cb, .data = nl };
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	nlh = mnl_nlmsg_put_header(nl->request);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VSWITCH_GENL_NAME);

	if (nl_transact(nl, nlh, &ctx) < 0) {
		if (ctx.error == -ENOENT) {
			fprintf(stderr, "vswctl: vswitch module not loaded\n");
		} else {
			nl_record(nl, &ctx);
			nl_print_error(nl);
		}
		return -1;
	}
	if (!nl->family) {
		fprintf(stderr, "vswctl: no family id in the kernel's reply\n");
		return -1;
	}
	return 0;
}

int nl_open(struct vsw_nl *nl, const char *what)
{
	int one = 1;

	nl->what = what;
	nl->seq = time(NULL);
	nl->sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl->sock) {
		fprintf(stderr, "vswctl: netlink socket: %s\n", strerror(errno));
		return -1;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "vswctl: netlink bind: %s\n", strerror(errno));
		goto err_close;
	}
	/* Both are best effort: old kernels lack them, and we cope. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	if (nl_resolve_family(nl) < 0)
		goto err_close;
	return 0;

err_close:
	mnl_socket_close(nl->sock);
	nl->sock = NULL;
	return -1;
}

void nl_close(struct vsw_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

int nl_listen(struct vsw_nl *nl, const char *what, mnl_cb_t cb, void *data)
{
	ssize_t len;

	for (;;) {
		len = mnl_socket_recvfrom(nl->sock, nl->reply, sizeof(nl->reply));
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fprintf(stderr, "vswctl: %s: %s were lost\n",
					nl->what, what);
				continue;
			}
			fprintf(stderr, "vswctl: %s: %s\n", nl->what,
				strerror(errno));
			return -1;
		}
		if (mnl_cb_run(nl->reply, len, 0, 0, cb, data) < 0)
			return -1;
	}
}

int nl_dump(struct vsw_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	    void (*reset)(void *data))
{
	int tries, ret;

	for (tries = 0; tries < NL_DUMP_RETRIES; tries++) {
		reset(data);
		nlh->nlmsg_seq = ++nl->seq;
		ret = nl_talk(nl, nlh, cb, data);
		if (ret != NL_DUMP_INTR)
			return ret;
	}
	fprintf(stderr, "vswctl: %s: the configuration kept changing during %d dumps\n",
		nl->what, NL_DUMP_RETRIES);
	return -1;
}
