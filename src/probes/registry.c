/* The table of every probe the program ships. */
#include "config.h"

#include "probes/probes.h"

static const sw_probe_def *const builtin[] = {
	&probe_dns_resolve,
	&probe_tcp_connect,
	&probe_ssh_banner,
	&probe_ssh_kex,
	&probe_ssh_hostkey,
	&probe_ssh_auth_methods,
	&probe_ssh_auth,
	&probe_net_route,
	&probe_port_alternatives,
	&probe_client_config,
};

const sw_registry sw_builtin_probes = {
	builtin, sizeof(builtin) / sizeof(builtin[0])
};
