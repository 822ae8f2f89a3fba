/* What the client side asks of the operating system beyond POSIX, behind
 * one small interface with a back-end per system family (htop's Platform_*
 * pattern): src/platform/linux/ (rtnetlink, /proc) and src/platform/portable/
 * (POSIX and BSD sockets only).  configure --with-platform picks one; only
 * that one is compiled.  Probes keep their logic and call these for the
 * system's answers.  Nothing here prints. */
#ifndef SW_PLATFORM_H
#define SW_PLATFORM_H

#include <net/if.h>
#include <stddef.h>

#include "core/probe.h"
#include "core/session.h"

/* What the back-end can tell: bits of platform_route_knows(). */
enum {
	SW_PLAT_GATEWAY = 1 << 0,	/* the next hop of a route */
	SW_PLAT_ROUTE_TYPE = 1 << 1,	/* unreachable, prohibit and blackhole
					 * routes, each by name */
	SW_PLAT_ROUTE_DEV = 1 << 2,	/* the route's own interface, even when
					 * it has no address of its own */
	SW_PLAT_LINK_KIND = 1 << 3,	/* the interface's driver kind and
					 * link type (tun, wireguard, ppp) */
};

typedef enum sw_route_type {
	SW_ROUTE_UNICAST,	/* a route that forwards */
	SW_ROUTE_LOCAL,		/* the address is on this machine */
	SW_ROUTE_UNREACHABLE,	/* a route that rejects: "unreachable", */
	SW_ROUTE_PROHIBIT,	/* "prohibit", */
	SW_ROUTE_BLACKHOLE,	/* or silently discards ("blackhole") */
	SW_ROUTE_REJECT,	/* rejects, of a type the back-end cannot tell */
} sw_route_type;

/* The system's answer for one destination. */
typedef struct sw_route {
	int err;		/* 0: a route (type says which); ENETUNREACH: no
				 * route; another errno: the lookup failed;
				 * -1: no answer in time */
	sw_route_type type;
	char gateway[SW_ADDR_TEXT];	/* "" for none, or when the back-end
					 * cannot tell (no SW_PLAT_GATEWAY) */
	char src[SW_ADDR_TEXT];		/* the source address, "" if unknown */
	/* The interface, when have_link. */
	int have_link;
	char ifname[IF_NAMESIZE + 1];
	char kind[32];		/* driver kind ("tun", "wireguard"), "" */
	unsigned flags;		/* IFF_* as the system reports them */
	int no_carrier;		/* up but its link is down (operstate) */
	int tunnel;		/* a link type without Ethernet: ppp, tunnel,
				 * raw IP (IFF_POINTOPOINT where that is all
				 * the system says) */
	int raw_ip;		/* no link layer at all (tun, wwan modems) */
} sw_route;

/* "linux" or "portable": the back-end compiled in.  Static string. */
const char *platform_name(void);
/* The SW_PLAT_* bits of what platform_route_get() can tell. */
unsigned platform_route_knows(void);
/* A handle for route look-ups, opened once per probe run.  Returns NULL
 * with *err set to an errno when the system refuses (no netlink, ...).
 * Free with platform_route_close(). */
typedef struct sw_route_handle sw_route_handle;
sw_route_handle *platform_route_open(int *err);
void platform_route_close(sw_route_handle *h);
/* Asks the system which route it would use to reach a, and that route's
 * interface, into *r (zeroed first).  Waits at most until ctx's deadline
 * and stops when ctx is cancelled (r->err -1).  Sends no packet. */
void platform_route_get(sw_route_handle *h, const sw_addr *a, sw_route *r,
    sw_probe_ctx *ctx);

/* The interface whose configured network holds address a (even one that
 * is switched off and so has no route): the longest prefix among the
 * interfaces' addresses, or the interface whose point-to-point peer a is.
 * Fills name (IF_NAMESIZE + 1 bytes), net (the address and prefix, e.g.
 * "198.51.100.1/24") and *flags (IFF_*).  Returns 1 if one was found.
 * Both back-ends (getifaddrs). */
int platform_iface_for(const sw_addr *a, char *name, char *net,
    size_t net_len, unsigned *flags);

/* The absolute path of the running program into buf (size n), as the
 * system tells it.  0, or -1 when it cannot (then argv[0] is all there is). */
int platform_exe_path(char *buf, size_t n);

#endif
