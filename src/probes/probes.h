/* Declarations of every built-in probe, and the few helpers probes share. */
#ifndef SW_PROBES_H
#define SW_PROBES_H

#include <stddef.h>

#include "core/probe.h"

extern const sw_probe_def probe_dns_resolve;
extern const sw_probe_def probe_tcp_connect;
extern const sw_probe_def probe_ssh_banner;
extern const sw_probe_def probe_ssh_kex;
extern const sw_probe_def probe_ssh_hostkey;
extern const sw_probe_def probe_ssh_auth_methods;
extern const sw_probe_def probe_ssh_auth;
extern const sw_probe_def probe_ssh_session;
extern const sw_probe_def probe_ssh_key_unlock;
extern const sw_probe_def probe_net_route;
extern const sw_probe_def probe_port_alternatives;
extern const sw_probe_def probe_client_config;
extern const sw_probe_def probe_ssh_witness;
extern const sw_probe_def probe_jump_next;
/* Server-side checks (server_*.c), run through host/host.h. */
extern const sw_probe_def probe_server_way_in;
extern const sw_probe_def probe_server_channel;
extern const sw_probe_def probe_server_daemon_installed;
extern const sw_probe_def probe_server_daemon_running;
extern const sw_probe_def probe_server_daemon_config;
extern const sw_probe_def probe_server_daemon_listen;
extern const sw_probe_def probe_server_firewall;
extern const sw_probe_def probe_server_access_bans;
extern const sw_probe_def probe_server_access_wrappers;
extern const sw_probe_def probe_server_health;
extern const sw_probe_def probe_server_logs;
extern const sw_probe_def probe_server_login;
extern const sw_probe_def probe_server_authkeys;
extern const sw_probe_def probe_server_disk;
extern const sw_probe_def probe_server_summary;

/* Resolves host for TCP port as ssh would (AF_UNSPEC, SOCK_STREAM, in
 * getaddrinfo's order), giving up at the context's deadline or on cancel
 * without blocking past them: the lookup runs on a detached thread.  A
 * numeric address is converted without any lookup.  On success fills *out (caller
 * frees) and *n, returns 0.  Otherwise returns the getaddrinfo error (EAI_*),
 * or 1 for the deadline, 2 for a cancel. */
int probe_resolve(sw_probe_ctx *ctx, const char *host, int port,
    sw_addr **out, size_t *n);

/* 1 if host is a numeric IPv4 or IPv6 address. */
int probe_is_literal(const char *host);

#endif
