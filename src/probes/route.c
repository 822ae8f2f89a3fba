/* net.route: which interface and gateway carry traffic to the server, and
 * can they?
 *
 * For every resolved address the system is asked (src/platform/: over
 * rtnetlink on Linux, the question `ip route get` asks; with a connected UDP
 * socket and getifaddrs() elsewhere) which route it would use and that
 * route's interface: its name, kind, whether it is up and has a carrier.
 * Interfaces that look like a VPN (tun, tap, wg, ppp, ipsec, utun and the
 * like) are flagged, so "no route at all" is told apart from "routed into a
 * VPN that is down".  Only the system is asked: no packet leaves the
 * machine.  What the back-end cannot tell is said in the evidence.
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
#include "platform/platform.h"
#include "probes/probes.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ADDRS 8

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

typedef sw_route route_info;

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
	if (ri->raw_ip)
		return !sw_starts_with(ri->ifname, "wwan");
	return ri->tunnel;
}

/* 1 if the interface cannot carry traffic: switched off, or no carrier. */
static int
link_is_down(const route_info *ri)
{
	return !(ri->flags & IFF_UP) || !(ri->flags & IFF_RUNNING) ||
	    ri->no_carrier;
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
	default:
		return RT_UNCHECKED;
	}
	if (ri->type == SW_ROUTE_LOCAL)
		return RT_LOCAL;
	if (ri->type != SW_ROUTE_UNICAST)
		return RT_BLOCKED;
	if (!ri->have_link)
		return RT_ROUTED;
	if (link_is_vpn(ri))
		return link_is_down(ri) ? RT_VPN_DOWN : RT_VPN;
	return link_is_down(ri) ? RT_LINK_DOWN : RT_ROUTED;
}

/* What a route that forwards nothing is, or NULL for one that forwards. */
static const char *
route_reject_text(const route_info *ri)
{
	switch (ri->type) {
	case SW_ROUTE_UNREACHABLE:
		return "an \"unreachable\" route (No route to host)";
	case SW_ROUTE_PROHIBIT:
		return "a \"prohibit\" route (Permission denied)";
	case SW_ROUTE_BLACKHOLE:
		return "a \"blackhole\" route (packets are discarded)";
	case SW_ROUTE_REJECT:
		return "a route on this machine rejects the traffic (of a "
		    "type this build cannot tell)";
	default:
		return NULL;
	}
}

/* Records what was found for one address. */
static void
route_evidence(sw_evidence *ev, const sw_addr *a, const route_info *ri,
    rt_result r)
{
	sbuf b = { 0 };

	if (ri->err == ENETUNREACH) {
		evidence_add(ev, "route", "%s: no route (Network is unreachable)",
		    a->text);
		return;
	}
	if (ri->err > 0) {
		evidence_add(ev, "route", "%s: %s", a->text, strerror(ri->err));
		return;
	}
	if (ri->err < 0) {
		evidence_add(ev, "route", "%s: the system did not answer",
		    a->text);
		return;
	}
	if (route_reject_text(ri) != NULL) {
		evidence_add(ev, "route", "%s: %s", a->text,
		    route_reject_text(ri));
		return;
	}
	sbuf_addf(&b, "%s:", a->text);
	if (ri->type == SW_ROUTE_LOCAL)
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

/* Says what this build's platform back-end cannot see, so a pass is read
 * for what it is worth. */
static void
route_limits(sw_evidence *ev)
{
	unsigned k = platform_route_knows();
	sbuf b = { 0 };

	if (!(k & SW_PLAT_GATEWAY))
		sbuf_add(&b, ", gateways");
	if (!(k & SW_PLAT_ROUTE_TYPE))
		sbuf_add(&b, ", the type of a rejecting route, blackhole routes");
	if (!(k & SW_PLAT_ROUTE_DEV))
		sbuf_add(&b, ", the route's own interface when it has no address "
		    "(the one holding the source address is named)");
	if (!(k & SW_PLAT_LINK_KIND))
		sbuf_add(&b, ", interface kinds");
	evidence_add(ev, "limits", "the %s back-end cannot tell%s",
	    platform_name(), b.s + 1);
	sbuf_free(&b);
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
		if (!platform_iface_for(&addrs[i], ri.ifname, net, sizeof(net),
		    &flags))
			continue;
		ri.flags = flags;
		ri.tunnel = (flags & IFF_POINTOPOINT) != 0;
		/* IFF_RUNNING is not reported for a device that is off. */
		ri.no_carrier = !((flags & IFF_UP) && (flags & IFF_RUNNING));
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
	sw_route_handle *sock = NULL;
	int err = 0;
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
	if ((sock = platform_route_open(&err)) == NULL) {
		evidence_add(&ctx->evidence, "error", "%s: %s", platform_name(),
		    strerror(err));
		goto out;
	}
	if (platform_route_knows() != (SW_PLAT_GATEWAY | SW_PLAT_ROUTE_TYPE |
	    SW_PLAT_ROUTE_DEV | SW_PLAT_LINK_KIND))
		route_limits(&ctx->evidence);
	{
		rt_result res[MAX_ADDRS];
		route_info ri[MAX_ADDRS];
		size_t k;

		for (i = 0; i < n && !probe_ctx_should_stop(ctx); i++) {
			platform_route_get(sock, &addrs[i], &ri[i], ctx);
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
			    "no answer from the system in time");
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
	platform_route_close(sock);
	free(own);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"error", "gateway", "interface", "interface_state", "note", "route",
	"interface_network", "interface_vpn", "limits", NULL,
};

const sw_probe_def probe_net_route = {
	.name = "net.route",
	.title = N_("Find the route to the server"),
	.outcomes = outcomes,
	.run = net_route_run,
	.independent = 1,
	.evidence = evidence_keys,
};
