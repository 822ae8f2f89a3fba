/* The portable back-end of src/platform/platform.h, on the POSIX and BSD
 * sockets API alone, for systems without rtnetlink (the BSDs, and Linux
 * built with --with-platform=portable so this path is tested).
 *
 * The route: a UDP socket connect()ed to the address makes the system pick
 * the route and the source address without sending anything (UDP has no
 * handshake); its error says "no route" (ENETUNREACH) or "a route rejects
 * it" (EHOSTUNREACH, EACCES); getsockname() gives the source address, and
 * getifaddrs() the interface holding it, with its IFF_UP, IFF_RUNNING and
 * IFF_POINTOPOINT flags.  What this cannot tell: the gateway; the type of a
 * reject route, and a blackhole route at all (on Linux its EINVAL is all
 * there is, and the BSDs accept the connect); the route's own interface
 * when it has no address of its own (a VPN tunnel without one is seen as
 * the interface that holds the source address); driver kinds and link
 * types.  platform_route_knows() says so and the probe reports it. */
#include "config.h"

#include "platform/platform.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Linux's getifaddrs() reports the carrier at once in bit 16 (IFF_LOWER_UP of
 * linux/if.h, which glibc's net/if.h leaves out), while IFF_RUNNING follows
 * up to a second later. */
#if defined(__linux__) && !defined(IFF_LOWER_UP)
#define IFF_LOWER_UP 0x10000
#endif

/* Nothing to keep open between look-ups. */
struct sw_route_handle {
	int unused;
};

static sw_route_handle the_handle;

const char *
platform_name(void)
{
	return "portable";
}

unsigned
platform_route_knows(void)
{
	return 0;
}

sw_route_handle *
platform_route_open(int *err)
{
	(void)err;
	return &the_handle;
}

void
platform_route_close(sw_route_handle *h)
{
	(void)h;
}

/* 1 if x and y hold the same IPv4 or IPv6 address (ports ignored). */
static int
same_addr(const struct sockaddr *x, const struct sockaddr *y)
{
	if (x == NULL || y == NULL || x->sa_family != y->sa_family)
		return 0;
	if (x->sa_family == AF_INET)
		return memcmp(&((const struct sockaddr_in *)(const void *)x)->sin_addr,
		    &((const struct sockaddr_in *)(const void *)y)->sin_addr,
		    sizeof(struct in_addr)) == 0;
	if (x->sa_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)(const void *)x)->sin6_addr,
		    &((const struct sockaddr_in6 *)(const void *)y)->sin6_addr,
		    sizeof(struct in6_addr)) == 0;
	return 0;
}

static int
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
	return 0;
}

static void
addr_text(const struct sockaddr *sa, char *buf, size_t n)
{
	const void *p = sa->sa_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;

	if (inet_ntop(sa->sa_family, p, buf, (socklen_t)n) == NULL)
		buf[0] = '\0';
}

void
platform_route_get(sw_route_handle *h, const sw_addr *a, sw_route *r,
    sw_probe_ctx *ctx)
{
	struct sockaddr_storage dst, src;
	socklen_t slen = sizeof(src);
	struct ifaddrs *ifs = NULL, *i;
	int fd;

	(void)h;
	(void)ctx;
	memset(r, 0, sizeof(*r));
	memcpy(&dst, &a->sa, sizeof(dst));
	/* Any port will do; 0 is refused by some systems. */
	if (dst.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&dst)->sin6_port = htons(9);
	else
		((struct sockaddr_in *)&dst)->sin_port = htons(9);
	if ((fd = socket(dst.ss_family, SOCK_DGRAM, 0)) < 0) {
		r->err = errno;
		return;
	}
	if (connect(fd, (struct sockaddr *)&dst, a->len) != 0) {
		r->err = errno;
		close(fd);
		if (r->err == EHOSTUNREACH || r->err == EACCES) {
			r->err = 0;
			r->type = SW_ROUTE_REJECT;
		}
		return;
	}
	if (getsockname(fd, (struct sockaddr *)&src, &slen) != 0) {
		r->err = errno;
		close(fd);
		return;
	}
	close(fd);
	addr_text((struct sockaddr *)&src, r->src, sizeof(r->src));
	r->type = is_loopback((struct sockaddr *)&dst) ? SW_ROUTE_LOCAL :
	    SW_ROUTE_UNICAST;
	if (getifaddrs(&ifs) != 0)
		return;
	for (i = ifs; i != NULL; i = i->ifa_next)
		if (same_addr(i->ifa_addr, (struct sockaddr *)&dst))
			r->type = SW_ROUTE_LOCAL;
	for (i = ifs; i != NULL; i = i->ifa_next) {
		if (!same_addr(i->ifa_addr, (struct sockaddr *)&src) ||
		    i->ifa_name == NULL)
			continue;
		r->have_link = 1;
		strncpy(r->ifname, i->ifa_name, sizeof(r->ifname) - 1);
		r->flags = i->ifa_flags;
		r->tunnel = (i->ifa_flags & IFF_POINTOPOINT) != 0;
#ifdef IFF_LOWER_UP
		r->no_carrier = (i->ifa_flags & IFF_UP) &&
		    !(i->ifa_flags & IFF_LOWER_UP);
#endif
		break;
	}
	freeifaddrs(ifs);
}

int
platform_exe_path(char *buf, size_t n)
{
	(void)buf;
	(void)n;
	return -1;
}
