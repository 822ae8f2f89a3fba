/* The packets the firewall fuzz targets ask about: IPv4 and IPv6, a known
 * and an unknown client, an interface or none, ports 22 and 2222. */
#ifndef SW_FUZZ_FW_QUERIES_H
#define SW_FUZZ_FW_QUERIES_H

#include <arpa/inet.h>
#include <sys/socket.h>

#include "probes/server_fw.h"

static const fw_query fw_queries[] = {
	{ AF_INET, "198.51.100.7", "192.0.2.1", "eth0", 22 },
	{ AF_INET, NULL, NULL, NULL, 2222 },
	{ AF_INET6, "2001:db8::7", NULL, "eth0", 22 },
	{ AF_INET6, NULL, "2001:db8::1", NULL, 2222 },
};
#define N_FW_QUERIES (sizeof(fw_queries) / sizeof(fw_queries[0]))

#endif
