/* Interface addresses through getifaddrs(), which Linux and the BSDs both
 * have: shared by every back-end of src/platform/platform.h. */
#include "config.h"

#include "platform/platform.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int
platform_iface_for(const sw_addr *a, char *name, char *net, size_t net_len,
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
