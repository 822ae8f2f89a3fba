/* Recognising this machine as the target, without any lookup. */
#include "config.h"

#include "core/localhost.h"
#include "core/target.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* 1 if the 16-byte IPv6 address a is ::1 or an IPv4-mapped loopback. */
static int
v6_loopback(const unsigned char *a)
{
	static const unsigned char one[16] = { [15] = 1 };
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

	return memcmp(a, one, 16) == 0 ||
	    (memcmp(a, mapped, 12) == 0 && a[12] == 127);
}

/* 1 if the address (family fam, bytes a) is configured on an interface. */
static int
on_an_interface(int fam, const unsigned char *a)
{
	struct ifaddrs *list = NULL, *i;
	int found = 0;

	if (getifaddrs(&list) != 0)
		return 0;
	for (i = list; i != NULL && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != fam)
			continue;
		if (fam == AF_INET)
			found = memcmp(&((const struct sockaddr_in *)(const void *)
			    i->ifa_addr)->sin_addr, a, 4) == 0;
		else
			found = memcmp(&((const struct sockaddr_in6 *)
			    (const void *)i->ifa_addr)->sin6_addr, a, 16) == 0;
	}
	freeifaddrs(list);
	return found;
}

int
host_is_this_machine(const char *host)
{
	unsigned char a[16];
	char name[256], bare[64];
	size_t len;

	if (host == NULL || *host == '\0')
		return 0;
	/* [v6] as in a spec */
	len = strlen(host);
	if (host[0] == '[' && len > 2 && len - 2 < sizeof(bare) &&
	    host[len - 1] == ']') {
		memcpy(bare, host + 1, len - 2);
		bare[len - 2] = '\0';
		host = bare;
	}
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127 || on_an_interface(AF_INET, a);
	if (inet_pton(AF_INET6, host, a) == 1)
		return v6_loopback(a) || on_an_interface(AF_INET6, a);
	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.localdomain") == 0 ||
	    strcasecmp(host, "ip6-localhost") == 0)
		return 1;
	if (gethostname(name, sizeof(name)) == 0) {
		name[sizeof(name) - 1] = '\0';
		return strcasecmp(host, name) == 0;
	}
	return 0;
}

int
target_is_this_machine(const sw_target *t)
{
	if (t == NULL || t->n_hops > 0 || t->proxy_jump != NULL ||
	    t->proxy_command != NULL)
		return 0;
	return host_is_this_machine(t->host);
}

int
localhost_source_addr(const char *ip, char *buf, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, fam, rc = -1;

	memset(&ss, 0, sizeof(ss));
	if (ip == NULL || n == 0)
		return -1;
	if (inet_pton(AF_INET, ip, &((struct sockaddr_in *)(void *)&ss)->
	    sin_addr) == 1) {
		fam = AF_INET;
		((struct sockaddr_in *)(void *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)(void *)&ss)->sin_port = htons(9);
		len = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *)(void *)
	    &ss)->sin6_addr) == 1) {
		fam = AF_INET6;
		((struct sockaddr_in6 *)(void *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)(void *)&ss)->sin6_port = htons(9);
		len = sizeof(struct sockaddr_in6);
	} else
		return -1;
	/* connect() on a UDP socket only picks the route and the source. */
	if ((fd = socket(fam, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, len) == 0) {
		len = sizeof(ss);
		if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
		    inet_ntop(fam, fam == AF_INET ?
		    (const void *)&((struct sockaddr_in *)(void *)&ss)->sin_addr :
		    (const void *)&((struct sockaddr_in6 *)(void *)&ss)->
		    sin6_addr, buf, (socklen_t)n) != NULL)
			rc = 0;
	}
	close(fd);
	return rc;
}
