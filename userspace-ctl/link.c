// SPDX-License-Identifier: GPL-2.0
/*
 * What vswctl asks of rtnetlink rather than of vswitch: MAC addresses of
 * internal ports (as "ip link set dev DEV address MAC" does), and the
 * ip6gretap device of GRE over IPv6.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "link.h"

int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;
	int i;

	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return -1;
	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (s[3 * i + 2] != ':' && i < 5)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

int check_hwaddr(const char *what, const char *s, uint8_t mac[6])
{
	static const uint8_t zero[6];

	if (parse_mac(s, mac) < 0) {
		fprintf(stderr, "vswctl: %s: invalid hwaddr '%s': expected six hex bytes, as 52:54:00:12:34:56\n",
			what, s);
		return -1;
	}
	if ((mac[0] & 1) || !memcmp(mac, zero, 6)) {
		fprintf(stderr, "vswctl: %s: hwaddr %s is not a unicast address\n",
			what, s);
		return -1;
	}
	return 0;
}

/* The kernel's extended ack message, if any, into @data. */
static int ack_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off = sizeof(*e);
	char *msg = data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_for_each(attr, nlh, off)
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				snprintf(msg, LINK_MSG_SIZE, "%s",
					 mnl_attr_get_str(attr));
	errno = -e->error;
	return MNL_CB_ERROR;
}

int rtnl_transact(struct nlmsghdr *nlh, char msg[LINK_MSG_SIZE])
{
	mnl_cb_t cbs[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = ack_cb };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	unsigned int portid;
	int one = 1, ret, err;

	msg[0] = '\0';
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = errno;
		snprintf(msg, LINK_MSG_SIZE, "rtnetlink: %s", strerror(err));
		if (nl)
			mnl_socket_close(nl);
		errno = err;
		return -1;
	}
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	portid = mnl_socket_get_portid(nl);
	/* The one reply to a request without NLM_F_DUMP is its ack. */
	ret = mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	if (ret >= 0)
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret >= 0)
		ret = mnl_cb_run2(buf, ret, 1, portid, NULL, msg, cbs,
				  NLMSG_MIN_TYPE);
	err = errno;
	if (ret < 0 && !msg[0])
		snprintf(msg, LINK_MSG_SIZE, "%s", strerror(err));
	mnl_socket_close(nl);
	errno = err;
	return ret < 0 ? -1 : 0;
}

int link_set_address(const char *ifname, const uint8_t mac[6],
		     char msg[LINK_MSG_SIZE])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_SETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	return rtnl_transact(nlh, msg);
}
