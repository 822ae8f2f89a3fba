/* net.route: which interface and gateway carry traffic to the server, and
 * can they?
 *
 * For every resolved address the kernel is asked, over rtnetlink
 * (RTM_GETROUTE, the question `ip route get` asks), which route it would
 * use; then the interface of that route is looked up (RTM_GETLINK): its name,
 * kind, whether it is up and has a carrier.  Interfaces that look like a
 * VPN (tun, tap, wg, ppp, ipsec, utun and the like) are flagged, so "no route
 * at all" is told apart from "routed into a VPN that is down".  Only the
 * kernel is asked: no packet leaves the machine.
 *
 * When there is no route at all, the interfaces' configured addresses are
 * searched for the one whose network holds the server's address (or whose
 * point-to-point peer it is): an interface switched off, such as a VPN
 * whose program stopped, keeps its address but loses its routes, so the
 * routing table alone no longer names it.
 *
 * The probe reads only the target and the session's addresses (a name not
 * yet resolved is resolved privately), so it may run ahead of the walk. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"

#include <arpa/inet.h>
#include <errno.h>
/* glibc's net/if.h first: the kernel headers then leave out what it has. */
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <ifaddrs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_ADDRS 8
#define NL_BUF 16384

static const sw_outcome outcomes[] = {
	{ "routed", SW_STATE_PASS, N_("a route leads to the server") },
	{ "vpn", SW_STATE_PASS,
	    N_("the route goes through a VPN interface that is up") },
	{ "local", SW_STATE_INFO, N_("the address is on this machine") },
	{ "no_route", SW_STATE_FAIL, N_("no route to the server's network") },
	{ "blocked", SW_STATE_FAIL,
	    N_("a route on this machine rejects or discards the traffic") },
	{ "vpn_down", SW_STATE_FAIL,
	    N_("the route goes into a VPN interface that is down") },
	{ "link_down", SW_STATE_FAIL,
	    N_("the interface toward the server has no link") },
	{ "switched_off", SW_STATE_FAIL,
	    N_("the interface for the server's network is switched off") },
	{ "unchecked", SW_STATE_UNCHECKED,
	    N_("the routing table could not be read") },
	{ NULL, 0, NULL },
};

/* What the kernel said about one destination. */
typedef enum { RT_ROUTED, RT_VPN, RT_LOCAL, RT_NO_ROUTE, RT_BLOCKED,
	RT_VPN_DOWN, RT_LINK_DOWN, RT_UNCHECKED, RT_SWITCHED_OFF } rt_result;

static const char *const rt_names[] = { "routed", "vpn", "local",
	"no_route", "blocked", "vpn_down", "link_down", "unchecked",
	"switched_off" };

typedef struct route_info {
	int err;		/* errno of the route lookup, 0 on success */
	unsigned char type;	/* RTN_* */
	int oif;		/* interface index, 0 if none */
	char gateway[SW_ADDR_TEXT];
	char src[SW_ADDR_TEXT];
	/* The interface, when oif was found. */
	int have_link;
	char ifname[IF_NAMESIZE + 1];
	char kind[32];		/* IFLA_INFO_KIND, e.g. "tun", "wireguard" */
	unsigned flags;		/* IFF_* */
	unsigned char operstate;
	unsigned short arphrd;
} route_info;

/* A netlink route socket with a private sequence counter. */
typedef struct nl {
	int fd;
	unsigned seq;
} nl;

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
nl_ask(nl *s, struct nlmsghdr *req, sw_probe_ctx *ctx,
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

static void
route_handle(const struct nlmsghdr *h, void *arg)
{
	route_info *ri = arg;
	const struct rtmsg *rt = NLMSG_DATA(h);
	const struct rtattr *a;
	int len;

	if (h->nlmsg_type != RTM_NEWROUTE ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*rt)))
		return;
	ri->type = rt->rtm_type;
	len = (int)RTM_PAYLOAD(h);
	for (a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t n = RTA_PAYLOAD(a);

		switch (a->rta_type) {
		case RTA_OIF:
			if (n >= sizeof(int))
				memcpy(&ri->oif, RTA_DATA(a), sizeof(int));
			break;
		case RTA_GATEWAY:
			if (n == 4 || n == 16)
				inet_ntop(n == 4 ? AF_INET : AF_INET6, RTA_DATA(a),
				    ri->gateway, sizeof(ri->gateway));
			break;
		case RTA_PREFSRC:
			if (n == 4 || n == 16)
				inet_ntop(n == 4 ? AF_INET : AF_INET6, RTA_DATA(a),
				    ri->src, sizeof(ri->src));
			break;
		default:
			break;
		}
	}
}

static void
link_handle(const struct nlmsghdr *h, void *arg)
{
	route_info *ri = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *a;
	int len;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return;
	ri->have_link = 1;
	ri->flags = ifi->ifi_flags;
	ri->arphrd = ifi->ifi_type;
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)));
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t n = RTA_PAYLOAD(a);

		if (a->rta_type == IFLA_IFNAME && n > 0) {
			size_t c = n < sizeof(ri->ifname) ? n :
			    sizeof(ri->ifname) - 1;

			memcpy(ri->ifname, RTA_DATA(a), c);
			ri->ifname[c] = '\0';
		} else if (a->rta_type == IFLA_OPERSTATE && n >= 1) {
			ri->operstate = *(const unsigned char *)RTA_DATA(a);
		} else if (a->rta_type == IFLA_LINKINFO) {
			const struct rtattr *in = RTA_DATA(a);
			int inlen = (int)n;

			for (; RTA_OK(in, inlen); in = RTA_NEXT(in, inlen)) {
				size_t kn = RTA_PAYLOAD(in);

				if (in->rta_type != IFLA_INFO_KIND || kn == 0)
					continue;
				if (kn >= sizeof(ri->kind))
					kn = sizeof(ri->kind) - 1;
				memcpy(ri->kind, RTA_DATA(in), kn);
				ri->kind[kn] = '\0';
			}
		}
	}
}

/* Asks the kernel for the route to a and, if it has one, its interface. */
static void
route_lookup(nl *s, const sw_addr *a, route_info *ri, sw_probe_ctx *ctx)
{
	struct {
		struct nlmsghdr h;
		union {
			struct rtmsg rt;
			struct ifinfomsg ifi;
		} u;
		char attrs[64];
	} req;
	int v6 = a->sa.ss_family == AF_INET6;

	memset(ri, 0, sizeof(*ri));
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
	ri->err = nl_ask(s, &req.h, ctx, route_handle, ri);
	if (ri->err != 0 || ri->oif == 0)
		return;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.u.ifi.ifi_family = AF_UNSPEC;
	req.u.ifi.ifi_index = ri->oif;
	if (nl_ask(s, &req.h, ctx, link_handle, ri) != 0)
		ri->have_link = 0;
}

/* 1 if the interface looks like a VPN or another tunnel: by its kind, its
 * link type, or a name the common VPN programs use. */
static int
link_is_vpn(const route_info *ri)
{
	static const char *const kinds[] = { "tun", "wireguard", "ppp", "vti",
		"vti6", "xfrm", "ipip", "ip6tnl", "gre", "ip6gre", "sit",
		"l2tp", "openvpn", NULL };
	static const char *const prefixes[] = { "tun", "tap", "wg", "ppp",
		"ipsec", "utun", "vti", "xfrm", "tailscale", "zt", "nordlynx",
		"proton", "cscotun", "gpd", "vpn", "nebula", NULL };
	size_t i;

	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(ri->kind, kinds[i]) == 0)
			return 1;
	for (i = 0; prefixes[i] != NULL; i++)
		if (sw_starts_with(ri->ifname, prefixes[i]))
			return 1;
	/* Raw-IP mobile broadband modems (wwan) have no link layer either. */
	if (ri->arphrd == ARPHRD_NONE)
		return !sw_starts_with(ri->ifname, "wwan");
	return ri->arphrd == ARPHRD_PPP || ri->arphrd == ARPHRD_TUNNEL ||
	    ri->arphrd == ARPHRD_TUNNEL6 || ri->arphrd == ARPHRD_IPGRE;
}

/* 1 if the interface cannot carry traffic: switched off, or no carrier. */
static int
link_is_down(const route_info *ri)
{
	return !(ri->flags & IFF_UP) || !(ri->flags & IFF_RUNNING) ||
	    ri->operstate == IF_OPER_DOWN ||
	    ri->operstate == IF_OPER_LOWERLAYERDOWN ||
	    ri->operstate == IF_OPER_NOTPRESENT;
}

static const char *
link_state_text(const route_info *ri)
{
	if (!(ri->flags & IFF_UP))
		return "switched off (admin down)";
	if (link_is_down(ri))
		return "up but without carrier (no link)";
	return "up";
}

static rt_result
route_classify(const route_info *ri)
{
	switch (ri->err) {
	case 0:
		break;
	case ENETUNREACH:
		return RT_NO_ROUTE;
	case EHOSTUNREACH:	/* an "unreachable" route */
	case EACCES:		/* a "prohibit" route */
	case EINVAL:		/* a "blackhole" route */
		return RT_BLOCKED;
	default:
		return RT_UNCHECKED;
	}
	if (ri->type == RTN_LOCAL)
		return RT_LOCAL;
	if (ri->type == RTN_UNREACHABLE || ri->type == RTN_PROHIBIT ||
	    ri->type == RTN_BLACKHOLE)
		return RT_BLOCKED;
	if (!ri->have_link)
		return RT_ROUTED;
	if (link_is_vpn(ri))
		return link_is_down(ri) ? RT_VPN_DOWN : RT_VPN;
	return link_is_down(ri) ? RT_LINK_DOWN : RT_ROUTED;
}

static const char *
route_error_text(const route_info *ri)
{
	switch (ri->err) {
	case ENETUNREACH:
		return "no route (Network is unreachable)";
	case EHOSTUNREACH:
		return "an \"unreachable\" route (No route to host)";
	case EACCES:
		return "a \"prohibit\" route (Permission denied)";
	case EINVAL:
		return "a \"blackhole\" route (packets are discarded)";
	default:
		return strerror(ri->err);
	}
}

/* The interface whose configured network holds address a: the longest
 * prefix among the interfaces' addresses, or the interface whose
 * point-to-point peer a is.  Fills name (IF_NAMESIZE + 1 bytes), net (the
 * address and prefix, e.g. "198.51.100.1/24") and *flags (IFF_*).  Returns
 * 1 if one was found. */
static int
route_iface_for(const sw_addr *a, char *name, char *net, size_t net_len,
    unsigned *flags)
{
	struct ifaddrs *list = NULL, *i;
	int best = -1, fam = a->sa.ss_family;
	const unsigned char *want;
	size_t alen;

	if (fam == AF_INET) {
		want = (const unsigned char *)&((const struct sockaddr_in *)
		    &a->sa)->sin_addr;
		alen = 4;
	} else if (fam == AF_INET6) {
		want = (const unsigned char *)&((const struct sockaddr_in6 *)
		    &a->sa)->sin6_addr;
		alen = 16;
	} else
		return 0;
	if (getifaddrs(&list) != 0)
		return 0;
	for (i = list; i != NULL; i = i->ifa_next) {
		const unsigned char *ip, *mask, *peer = NULL;
		char text[INET6_ADDRSTRLEN];
		int bits = 0, match = 1;
		size_t k;

		if (i->ifa_addr == NULL || i->ifa_netmask == NULL ||
		    i->ifa_addr->sa_family != fam || i->ifa_name == NULL ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (fam == AF_INET) {
			ip = (const unsigned char *)&((const struct sockaddr_in *)
			    (const void *)i->ifa_addr)->sin_addr;
			mask = (const unsigned char *)&((const struct
			    sockaddr_in *)(const void *)i->ifa_netmask)->sin_addr;
			if ((i->ifa_flags & IFF_POINTOPOINT) &&
			    i->ifa_dstaddr != NULL)
				peer = (const unsigned char *)&((const struct
				    sockaddr_in *)(const void *)i->ifa_dstaddr)->
				    sin_addr;
		} else {
			ip = (const unsigned char *)&((const struct
			    sockaddr_in6 *)(const void *)i->ifa_addr)->sin6_addr;
			mask = (const unsigned char *)&((const struct
			    sockaddr_in6 *)(const void *)i->ifa_netmask)->
			    sin6_addr;
		}
		for (k = 0; k < alen; k++) {
			unsigned m = mask[k];

			while (m & 0x80) {
				bits++;
				m = (m << 1) & 0xff;
			}
			if ((ip[k] & mask[k]) != (want[k] & mask[k]))
				match = 0;
		}
		if (peer != NULL && memcmp(peer, want, alen) == 0) {
			match = 1;
			bits = (int)alen * 8 + 1;	/* the peer itself */
		}
		if (!match || bits == 0 || bits <= best)
			continue;
		best = bits;
		snprintf(name, IF_NAMESIZE + 1, "%s", i->ifa_name);
		if (inet_ntop(fam, ip, text, sizeof(text)) == NULL)
			snprintf(text, sizeof(text), "?");
		snprintf(net, net_len, "%s/%d", text, bits > (int)alen * 8 ?
		    (int)alen * 8 : bits);
		*flags = i->ifa_flags;
	}
	freeifaddrs(list);
	return best >= 0;
}

/* Records what was found for one address. */
static void
route_evidence(sw_evidence *ev, const sw_addr *a, const route_info *ri,
    rt_result r)
{
	sbuf b = { 0 };

	if (ri->err > 0) {
		evidence_add(ev, "route", "%s: %s", a->text, route_error_text(ri));
		return;
	}
	if (ri->err < 0) {
		evidence_add(ev, "route", "%s: the kernel did not answer",
		    a->text);
		return;
	}
	sbuf_addf(&b, "%s:", a->text);
	if (ri->type == RTN_LOCAL)
		sbuf_add(&b, " local");
	if (ri->gateway[0] != '\0')
		sbuf_addf(&b, " via %s", ri->gateway);
	if (ri->have_link)
		sbuf_addf(&b, " dev %s", ri->ifname);
	if (ri->src[0] != '\0')
		sbuf_addf(&b, " src %s", ri->src);
	evidence_add(ev, "route", "%s", b.s);
	sbuf_free(&b);
	if (ri->have_link && r != RT_LOCAL)
		evidence_add(ev, "interface_state", "%s: %s%s%s%s", ri->ifname,
		    link_state_text(ri), ri->kind[0] ? ", kind " : "", ri->kind,
		    link_is_vpn(ri) ? ", VPN-like" : "");
}

/* No route for any address: names the interface configured for the
 * server's network, if one is.  Returns what the verdict should say:
 * RT_SWITCHED_OFF for an interface switched off, else its link state
 * decides (a VPN-like one without carrier is a VPN that is down), or
 * RT_NO_ROUTE when none holds the network or it is up. */
static rt_result
route_no_route_iface(sw_probe_ctx *ctx, const sw_addr *addrs, size_t n,
    const rt_result *res)
{
	size_t i;

	for (i = 0; i < n; i++) {
		route_info ri;
		char net[INET6_ADDRSTRLEN + 24];
		unsigned flags = 0;

		if (res[i] != RT_NO_ROUTE)
			continue;
		memset(&ri, 0, sizeof(ri));
		if (!route_iface_for(&addrs[i], ri.ifname, net, sizeof(net),
		    &flags))
			continue;
		ri.flags = flags;
		ri.arphrd = (flags & IFF_POINTOPOINT) ? ARPHRD_PPP : 0;
		/* IFF_RUNNING is not reported for a device that is off. */
		ri.operstate = (flags & IFF_UP) && (flags & IFF_RUNNING) ?
		    IF_OPER_UP : IF_OPER_DOWN;
		evidence_add(&ctx->evidence, "interface", "%s", ri.ifname);
		evidence_add(&ctx->evidence, "interface_network",
		    "%s has %s, the network of %s, and is %s", ri.ifname, net,
		    addrs[i].text, link_state_text(&ri));
		if (link_is_vpn(&ri))
			evidence_add(&ctx->evidence, "interface_vpn", "%s",
			    "yes");
		if (!(flags & IFF_UP))
			return RT_SWITCHED_OFF;
		if (!link_is_down(&ri))
			return RT_NO_ROUTE;
		return link_is_vpn(&ri) ? RT_VPN_DOWN : RT_LINK_DOWN;
	}
	return RT_NO_ROUTE;
}

static const char *
net_route_run(sw_probe_ctx *ctx)
{
	const sw_session *s = ctx->session;
	sw_addr *own = NULL;
	const sw_addr *addrs = s->addrs;
	size_t n = s->n_addrs, i, first_ok = (size_t)-1;
	nl sock = { -1, 0 };
	rt_result best = RT_UNCHECKED;
	int any_checked = 0;
	const char *outcome = "unchecked";
	/* Among failures, the one that says most about the cause first. */
	static const rt_result rank[] = { RT_VPN_DOWN, RT_LINK_DOWN,
		RT_BLOCKED, RT_NO_ROUTE };

	if (!s->resolved || n == 0) {
		int rc = probe_resolve(ctx, ctx->target->host, ctx->target->port,
		    &own, &n);

		if (rc != 0 || n == 0) {
			evidence_add(&ctx->evidence, "error",
			    "the host name did not resolve");
			goto out;
		}
		addrs = own;
	}
	if (n > MAX_ADDRS)
		n = MAX_ADDRS;
	sock.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    NETLINK_ROUTE);
	if (sock.fd < 0) {
		evidence_add(&ctx->evidence, "error", "netlink: %s",
		    strerror(errno));
		goto out;
	}
	{
		rt_result res[MAX_ADDRS];
		route_info ri[MAX_ADDRS];
		size_t k;

		for (i = 0; i < n && !probe_ctx_should_stop(ctx); i++) {
			route_lookup(&sock, &addrs[i], &ri[i], ctx);
			res[i] = route_classify(&ri[i]);
			route_evidence(&ctx->evidence, &addrs[i], &ri[i], res[i]);
			any_checked |= res[i] != RT_UNCHECKED;
			if (first_ok == (size_t)-1 && (res[i] == RT_ROUTED ||
			    res[i] == RT_VPN || res[i] == RT_LOCAL))
				first_ok = i;
		}
		if (probe_ctx_should_stop(ctx) && i < n) {
			evidence_add(&ctx->evidence, "error",
			    probe_ctx_cancelled(ctx) ? "cancelled" :
			    "no answer from the kernel in time");
			goto out;
		}
		if (first_ok != (size_t)-1) {
			best = res[first_ok];
			if (ri[first_ok].have_link)
				evidence_add(&ctx->evidence, "interface", "%s",
				    ri[first_ok].ifname);
			if (ri[first_ok].gateway[0] != '\0')
				evidence_add(&ctx->evidence, "gateway", "%s",
				    ri[first_ok].gateway);
			/* An earlier address ssh would try first and wait
			 * on is worth a note. */
			for (k = 0; k < first_ok; k++)
				if (res[k] == RT_VPN_DOWN || res[k] == RT_LINK_DOWN)
					evidence_add(&ctx->evidence, "note",
					    "ssh tries %s first, whose interface "
					    "is down: it waits for that attempt "
					    "to time out", addrs[k].text);
		} else if (any_checked) {
			for (k = 0; k < sizeof(rank) / sizeof(rank[0]); k++) {
				for (i = 0; i < n; i++)
					if (res[i] == rank[k])
						break;
				if (i < n) {
					best = rank[k];
					if (ri[i].have_link)
						evidence_add(&ctx->evidence,
						    "interface", "%s",
						    ri[i].ifname);
					break;
				}
			}
			if (best == RT_NO_ROUTE)
				best = route_no_route_iface(ctx, addrs, n, res);
		}
	}
	outcome = rt_names[best];
out:
	if (sock.fd >= 0)
		close(sock.fd);
	free(own);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"error", "gateway", "interface", "interface_state", "note", "route",
	"interface_network", "interface_vpn", NULL,
};

const sw_probe_def probe_net_route = {
	.name = "net.route",
	.title = N_("Find the route to the server"),
	.outcomes = outcomes,
	.run = net_route_run,
	.independent = 1,
	.evidence = evidence_keys,
};
