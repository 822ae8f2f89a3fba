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
	&probe_ssh_session,
	&probe_ssh_key_unlock,
	&probe_net_route,
	&probe_port_alternatives,
	&probe_client_config,
	&probe_ssh_witness,
	&probe_jump_next,
	&probe_server_way_in,
	&probe_server_channel,
	&probe_server_daemon_installed,
	&probe_server_daemon_running,
	&probe_server_daemon_config,
	&probe_server_daemon_listen,
	&probe_server_firewall,
	&probe_server_access_bans,
	&probe_server_access_wrappers,
	&probe_server_health,
	&probe_server_logs,
	&probe_server_login,
	&probe_server_authkeys,
	&probe_server_disk,
	&probe_server_summary,
};

const sw_registry sw_builtin_probes = {
	builtin, sizeof(builtin) / sizeof(builtin[0])
};
