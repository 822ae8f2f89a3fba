/* The Linux back-end of src/platform/platform.h: routes and interfaces from
 * the kernel over rtnetlink (RTM_GETROUTE, the question `ip route get`
 * asks, then RTM_GETLINK for the route's interface), the program's path
 * from /proc/self/exe.  Only the kernel is asked: no packet leaves. */
#include "config.h"

#include "platform/platform.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <errno.h>
/* glibc's net/if.h first: the kernel headers then leave out what it has. */
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NL_BUF 16384

/* A netlink route socket with a private sequence counter. */
struct sw_route_handle {
	int fd;
	unsigned seq;
};

const char *
platform_name(void)
{
	return "linux";
}

unsigned
platform_route_knows(void)
{
	return SW_PLAT_GATEWAY | SW_PLAT_ROUTE_TYPE | SW_PLAT_ROUTE_DEV |
	    SW_PLAT_LINK_KIND;
}

sw_route_handle *
platform_route_open(int *err)
{
	sw_route_handle *h;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    NETLINK_ROUTE);

	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));
	h->fd = fd;
	return h;
}

void
platform_route_close(sw_route_handle *h)
{
	if (h == NULL)
		return;
	close(h->fd);
	free(h);
}

static void
nl_add_attr(struct nlmsghdr *h, size_t cap, unsigned short type,
    const void *data, size_t len)
{
	struct rtattr *rta;
	size_t newlen = NLMSG_ALIGN(h->nlmsg_len) + RTA_LENGTH(len);

	if (newlen > cap)
		return;
	rta = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = (unsigned)newlen;
}

/* Sends req and calls handle() on each reply message of the same sequence
 * until the kernel's answer is complete or the context's deadline.  Returns
 * 0, a positive errno from the kernel's error reply, or -1 for no answer. */
static int
nl_ask(sw_route_handle *s, struct nlmsghdr *req, sw_probe_ctx *ctx,
    void (*handle)(const struct nlmsghdr *, void *), void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	unsigned char *buf = NULL;
	int result = -1;

	req->nlmsg_seq = ++s->seq;
	if (sendto(s->fd, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel,
	    sizeof(kernel)) < 0)
		return errno;
	buf = xmalloc(NL_BUF);
	while (!probe_ctx_should_stop(ctx)) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };
		int64_t left = probe_ctx_remaining_ms(ctx);
		struct nlmsghdr *h;
		ssize_t r;
		int len;

		if (poll(&p, 1, left > 50 ? 50 : (int)left) <= 0)
			continue;
		if ((r = recv(s->fd, buf, NL_BUF, 0)) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			result = errno;
			break;
		}
		len = (int)r;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		    h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != s->seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					result = EPROTO;
				else
					result = -e->error;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				result = 0;
				goto out;
			}
			handle(h, arg);
			/* A single reply (no NLM_F_MULTI) is the whole answer. */
			if (!(h->nlmsg_flags & NLM_F_MULTI)) {
				result = 0;
				goto out;
			}
		}
	}
out:
	free(buf);
	return result;
}

/* What RTM_GETROUTE said, before it becomes an sw_route. */
typedef struct nl_route {
	unsigned char type;	/* RTN_* */
	int oif;		/* interface index, 0 if none */
} nl_route;

typedef struct nl_reply {
	sw_route *r;
	nl_route nr;
} nl_reply;

static void
route_handle(const struct nlmsghdr *h, void *arg)
{
	nl_reply *rep = arg;
	const struct rtmsg *rt = NLMSG_DATA(h);
	const struct rtattr *a;
	int len;

	if (h->nlmsg_type != RTM_NEWROUTE ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*rt)))
		return;
	rep->nr.type = rt->rtm_type;
	len = (int)RTM_PAYLOAD(h);
	for (a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t n = RTA_PAYLOAD(a);

		switch (a->rta_type) {
		case RTA_OIF:
			if (n >= sizeof(int))
				memcpy(&rep->nr.oif, RTA_DATA(a), sizeof(int));
			break;
		case RTA_GATEWAY:
			if (n == 4 || n == 16)
				inet_ntop(n == 4 ? AF_INET : AF_INET6, RTA_DATA(a),
				    rep->r->gateway, sizeof(rep->r->gateway));
			break;
		case RTA_PREFSRC:
			if (n == 4 || n == 16)
				inet_ntop(n == 4 ? AF_INET : AF_INET6, RTA_DATA(a),
				    rep->r->src, sizeof(rep->r->src));
			break;
		default:
			break;
		}
	}
}

static void
link_handle(const struct nlmsghdr *h, void *arg)
{
	sw_route *r = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *a;
	int len;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return;
	r->have_link = 1;
	r->flags = ifi->ifi_flags;
	/* The carrier, at once (IFF_RUNNING and the operstate follow up to a
	 * second later, from the kernel's link watch). */
	r->no_carrier = (ifi->ifi_flags & IFF_UP) &&
	    !(ifi->ifi_flags & IFF_LOWER_UP);
	r->raw_ip = ifi->ifi_type == ARPHRD_NONE;
	r->tunnel = ifi->ifi_type == ARPHRD_PPP ||
	    ifi->ifi_type == ARPHRD_TUNNEL || ifi->ifi_type == ARPHRD_TUNNEL6 ||
	    ifi->ifi_type == ARPHRD_IPGRE;
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)));
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t n = RTA_PAYLOAD(a);

		if (a->rta_type == IFLA_IFNAME && n > 0) {
			size_t c = n < sizeof(r->ifname) ? n :
			    sizeof(r->ifname) - 1;

			memcpy(r->ifname, RTA_DATA(a), c);
			r->ifname[c] = '\0';
		} else if (a->rta_type == IFLA_OPERSTATE && n >= 1) {
			unsigned char op = *(const unsigned char *)RTA_DATA(a);

			r->no_carrier |= op == IF_OPER_DOWN ||
			    op == IF_OPER_LOWERLAYERDOWN ||
			    op == IF_OPER_NOTPRESENT;
		} else if (a->rta_type == IFLA_LINKINFO) {
			const struct rtattr *in = RTA_DATA(a);
			int inlen = (int)n;

			for (; RTA_OK(in, inlen); in = RTA_NEXT(in, inlen)) {
				size_t kn = RTA_PAYLOAD(in);

				if (in->rta_type != IFLA_INFO_KIND || kn == 0)
					continue;
				if (kn >= sizeof(r->kind))
					kn = sizeof(r->kind) - 1;
				memcpy(r->kind, RTA_DATA(in), kn);
				r->kind[kn] = '\0';
			}
		}
	}
}

void
platform_route_get(sw_route_handle *s, const sw_addr *a, sw_route *r,
    sw_probe_ctx *ctx)
{
	struct {
		struct nlmsghdr h;
		union {
			struct rtmsg rt;
			struct ifinfomsg ifi;
		} u;
		char attrs[64];
	} req;
	nl_reply rep = { r, { 0, 0 } };
	int v6 = a->sa.ss_family == AF_INET6;

	memset(r, 0, sizeof(*r));
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.h.nlmsg_type = RTM_GETROUTE;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.u.rt.rtm_family = (unsigned char)a->sa.ss_family;
	req.u.rt.rtm_dst_len = v6 ? 128 : 32;
	if (v6)
		nl_add_attr(&req.h, sizeof(req), RTA_DST,
		    &((const struct sockaddr_in6 *)&a->sa)->sin6_addr, 16);
	else
		nl_add_attr(&req.h, sizeof(req), RTA_DST,
		    &((const struct sockaddr_in *)&a->sa)->sin_addr, 4);
	r->err = nl_ask(s, &req.h, ctx, route_handle, &rep);
	/* The kernel answers a reject route with the error it gives the
	 * socket: say which route it was. */
	switch (r->err) {
	case EHOSTUNREACH:
		r->err = 0;
		r->type = SW_ROUTE_UNREACHABLE;
		return;
	case EACCES:
		r->err = 0;
		r->type = SW_ROUTE_PROHIBIT;
		return;
	case EINVAL:
		r->err = 0;
		r->type = SW_ROUTE_BLACKHOLE;
		return;
	default:
		break;
	}
	if (r->err != 0)
		return;
	switch (rep.nr.type) {
	case RTN_LOCAL:
		r->type = SW_ROUTE_LOCAL;
		break;
	case RTN_UNREACHABLE:
		r->type = SW_ROUTE_UNREACHABLE;
		return;
	case RTN_PROHIBIT:
		r->type = SW_ROUTE_PROHIBIT;
		return;
	case RTN_BLACKHOLE:
		r->type = SW_ROUTE_BLACKHOLE;
		return;
	default:
		r->type = SW_ROUTE_UNICAST;
		break;
	}
	if (rep.nr.oif == 0)
		return;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.u.ifi.ifi_family = AF_UNSPEC;
	req.u.ifi.ifi_index = rep.nr.oif;
	if (nl_ask(s, &req.h, ctx, link_handle, r) != 0)
		r->have_link = 0;
}

int
platform_exe_path(char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n > 0 ? n - 1 : 0);

	if (len <= 0 || (size_t)len >= n - 1)
		return -1;
	buf[len] = '\0';
	return 0;
}
