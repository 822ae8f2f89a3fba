/* The connection under diagnosis: host, port, user, credentials, and where
 * each value came from (command line, ~/.ssh/config via `ssh -G`, default). */
#ifndef SW_TARGET_H
#define SW_TARGET_H

#include <stddef.h>

#include "core/secret.h"

struct sw_host;

typedef enum sw_source {
	SW_SRC_DEFAULT,		/* built-in default */
	SW_SRC_CMDLINE,		/* given on the command line or on screen */
	SW_SRC_SSH_CONFIG,	/* from the effective ssh configuration */
} sw_source;

typedef struct sw_target {
	char *alias;		/* the host as the user typed it */
	char *host;		/* HostName to connect to */
	sw_source host_src;
	int port;
	sw_source port_src;
	char *user;
	sw_source user_src;
	char **identities;	/* identity files, in order */
	size_t n_identities;
	sw_source identities_src;
	char *known_hosts;	/* NULL: ~/.ssh/known_hosts */
	sw_source known_hosts_src;
	int identities_only;	/* IdentitiesOnly yes */
	char *proxy_jump;	/* NULL when none */
	char *proxy_command;	/* NULL when none */
	sw_secret *password;	/* NULL when none; owned */
	int timeout_ms;		/* per probe */
	int no_ssh_config;	/* --no-ssh-config: the ssh configuration is
				 * not to be read, by ssh -G or any probe */
	char *client_ip;	/* --client: the address server checks ask
				 * about; NULL when unknown; owned */
	struct sw_host *server;	/* where server checks run (--server,
				 * --via); NULL when they cannot; borrowed:
				 * the front end frees it after the engine */
	char *sshd_config;	/* --sshd-config: the daemon's config file on
				 * the server; NULL: find it; owned */
} sw_target;

/* Splits "[user@]host[:port]" (IPv6 literals as "[addr]:port" or bare).
 * Sets *user and *host (caller frees; *user NULL when absent) and *port (0
 * when absent).  Returns 0, or -1 with *errp set for an empty host, a bad
 * port or a host starting with '-' (caller frees). */
int target_parse_spec(const char *spec, char **user, char **host, int *port,
    char **errp);

/* Parses a port number 1..65535; -1 if s is not one. */
int target_parse_port(const char *s);

/* A new target with defaults (port 22, the login user, 5 s timeout).  The
 * caller frees it with target_free(). */
sw_target *target_new(void);
void target_free(sw_target *t);

/* Fills the values the user did not give from the effective ssh
 * configuration for t->alias, as `ssh -G` computes it, where the ssh binary
 * (ssh_path, or "ssh" on PATH when NULL) exists.  Values already from the
 * command line are kept.  Returns 1 if ssh -G answered, 0 if it could not be
 * run (the defaults stay), never an error. */
int target_apply_ssh_config(sw_target *t, const char *ssh_path);

/* Parses `ssh -G` output into t (for tests and for remote use).  Values whose
 * source is SW_SRC_CMDLINE are kept; changed ones are marked
 * SW_SRC_SSH_CONFIG when they differ from `defaults` (the output of `ssh -G`
 * with an empty config, or NULL to mark every value read). */
void target_apply_ssh_g(sw_target *t, const char *out, const char *defaults);

/* The nth (0-based) value of a "key value" line in `ssh -G` output, or
 * NULL.  Caller frees.  The one parser of ssh -G output. */
char *ssh_g_value(const char *out, const char *key, size_t nth);

/* "command line", "ssh config" or "default" as a stable id:
 * "cmdline", "ssh_config", "default".  Static. */
const char *source_name(sw_source s);

#endif
