/* The stable vocabulary of verdict causes.  Tools and tests depend on these
 * ids; add new ones at the end of their group and document them in
 * wizard/README.md.  Never rename one. */
#ifndef SW_CAUSE_H
#define SW_CAUSE_H

#include <stddef.h>

/* X(id, side) where side is "client" or "server". */
#define SW_CAUSES(X) \
	X("ok", "client") \
	X("dns.nxdomain", "client") \
	X("dns.no_server", "client") \
	X("net.no_route", "client") \
	X("port.refused", "client") \
	X("port.wrong", "client") \
	X("port.filtered", "client") \
	X("banner.closed", "client") \
	X("banner.timeout", "client") \
	X("banner.not_ssh", "client") \
	X("kex.failed", "client") \
	X("hostkey.changed", "client") \
	X("hostkey.unknown", "client") \
	X("auth.password_rejected", "client") \
	X("auth.key_rejected", "client") \
	X("auth.method_unavailable", "client") \
	X("auth.too_many_keys", "client") \
	X("auth.no_credentials", "client") \
	X("client.key_missing", "client") \
	X("client.key_permissions", "client") \
	X("client.key_format", "client") \
	X("client.key_passphrase", "client") \
	X("auth.cert_invalid", "client") \
	X("witness.ssh_fails", "client") \
	X("proxy.command_failed", "client") \
	X("session.no_shell", "server") \
	X("session.failed", "server") \
	X("auth.server_file_modes", "server") \
	X("auth.user_not_allowed", "server") \
	X("auth.root_denied", "server") \
	X("auth.key_type_rejected", "server") \
	X("auth.key_not_authorized", "server") \
	X("account.locked", "server") \
	X("account.expired", "server") \
	X("daemon.not_installed", "server") \
	X("daemon.not_running", "server") \
	X("daemon.config_invalid", "server") \
	X("daemon.port_mismatch", "server") \
	X("daemon.listen_address", "server") \
	X("firewall.blocks_port", "server") \
	X("jump.forward_prohibited", "server") \
	X("access.tcp_wrappers", "server") \
	X("access.banned", "server") \
	X("server.overloaded", "server") \
	X("server.disk_full", "server") \
	X("unknown", "client")

/* 1 if id is in the vocabulary. */
int cause_known(const char *id);
/* "client" or "server" for a known id, NULL otherwise.  Static string. */
const char *cause_side(const char *id);
/* The i-th cause id, or NULL past the end.  Static string. */
const char *cause_at(size_t i);

#endif
