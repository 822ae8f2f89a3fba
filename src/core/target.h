/* The connection under diagnosis, resolved once, as ssh resolves it.
 *
 * The user's words (argv, the target form, or a pasted `ssh ...` line) go
 * into an sw_target_words; target_resolve() turns them into an sw_target:
 * the words, the effective configuration exactly as `ssh -G` computes it
 * (one run per distinct host and options), where each value came from, and
 * the chain of jump hosts, each hop itself a resolved target.  Everything
 * else (probes, reports, screens, the ssh witness) reads the target and
 * never re-parses or re-runs ssh -G.  The resolved part is immutable; a
 * front end attaches the password, the time limit and the server-check
 * context (password, timeout_ms, client_ip, server, sshd_config) before
 * the engine starts and leaves it alone afterwards. */
#ifndef SW_TARGET_H
#define SW_TARGET_H

#include <stddef.h>

#include "core/secret.h"

struct sw_host;
struct sw_target_lazy;

typedef enum sw_source {
	SW_SRC_DEFAULT,		/* built-in default */
	SW_SRC_CMDLINE,		/* given on the command line or on screen */
	SW_SRC_SSH_CONFIG,	/* from the effective ssh configuration */
} sw_source;

/* What the user typed, before any resolution.  Every string owned. */
typedef struct sw_target_words {
	char *spec;		/* [user@]host[:port] or an alias, as typed */
	int port;		/* -p; 0 when not given */
	char *user;		/* -l; NULL when not given */
	char **identities;	/* -i, in order */
	size_t n_identities;
	char *config_file;	/* -F FILE; NULL: ssh's default files */
	char *jump;		/* -J [user@]host[:port][,...]; NULL: none */
	char **opts;		/* -o Keyword=value, in order */
	size_t n_opts;
	char *known_hosts;	/* --known-hosts (the wizard's own option) */
	int no_ssh_config;	/* --no-ssh-config: no ssh -G, no config */
} sw_target_words;

typedef struct sw_target sw_target;

struct sw_target {
	/* ---- the user's words ---- */
	sw_target_words words;
	char *alias;		/* the host as the user typed it (no user@,
				 * no :port, no IPv6 brackets) */

	/* ---- the effective configuration (ssh -G) ---- */
	char *host;		/* HostName to connect to */
	sw_source host_src;
	int port;
	sw_source port_src;
	char *user;
	sw_source user_src;
	char **identities;	/* IdentityFile list, ~ expanded, in order */
	size_t n_identities;
	sw_source identities_src;
	int identities_only;	/* IdentitiesOnly yes */
	char *identity_agent;	/* IdentityAgent; NULL: SSH_AUTH_SOCK */
	char **certificate_files;	/* CertificateFile list, ~ expanded */
	size_t n_certificate_files;
	char *known_hosts;	/* the first UserKnownHostsFile, expanded;
				 * never NULL once resolved */
	sw_source known_hosts_src;
	char **user_known_hosts;	/* every UserKnownHostsFile, expanded */
	size_t n_user_known_hosts;
	char **global_known_hosts;	/* every GlobalKnownHostsFile */
	size_t n_global_known_hosts;
	char *host_key_alias;	/* HostKeyAlias; NULL when none */
	char *known_host_name;	/* the name known_hosts lists the host under:
				 * HostKeyAlias, host or "[host]:port" */
	int check_host_ip;	/* CheckHostIP yes */
	char *address_family;	/* "any", "inet" or "inet6" */
	int connect_timeout;	/* ConnectTimeout in seconds; 0: none */
	char *kex_algorithms;	/* the lists ssh offers; NULL when ssh -G */
	char *host_key_algorithms;	/* did not run */
	char *ciphers;
	char *macs;
	char *pubkey_accepted_algorithms;
	int batch_mode;		/* BatchMode yes */
	char *strict_host_key_checking;	/* "ask", "yes", "no", ... */
	char *proxy_jump;	/* ProxyJump; NULL when none */
	sw_source proxy_jump_src;
	char *proxy_command;	/* ProxyCommand; NULL when none */
	char *display;		/* "user@alias:port" (IPv6 in brackets) */

	/* ---- how it was resolved ---- */
	char *ssh_g;		/* the whole `ssh -G` output; NULL when it
				 * was not run (--no-ssh-config, no ssh) */
	char *config_error;	/* ssh refused its configuration: its first
				 * line (escaped); NULL when it did not */
	char *ssh_g_stderr;	/* what ssh -G printed on stderr when it
				 * worked (e.g. "Warning: Identity file ...
				 * not accessible"), escaped; NULL: nothing */

	/* ---- the jump hosts (ProxyJump), in connection order ---- */
	sw_target **hops;	/* hops[0] is the first host ssh connects
				 * to; hops[i+1] is reached through
				 * hops[i], the target through the last.
				 * Owned; each a resolved target. */
	size_t n_hops;

	/* ---- attached by the front end, not resolved ---- */
	sw_secret *password;	/* NULL when none; owned */
	sw_secret *key_passphrase;	/* typed on screen for a key that
				 * needs it (ssh.key_unlock); NULL when
				 * none; owned */
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
	char **check_keys;	/* --key: client keys the server checks look
				 * for in authorized_keys, each "TYPE BASE64
				 * FILE" or "SHA256:FP"; owned */
	size_t n_check_keys;

	struct sw_target_lazy *lazy;	/* private: the defaults run */
};

/* Splits "[user@]host[:port]" (IPv6 literals as "[addr]:port" or bare;
 * also "ssh://[user@]host[:port]").  Sets *user and *host (caller frees;
 * *user NULL when absent) and *port (0 when absent).  Returns 0, or -1
 * with *errp set for an empty host, a bad port or a host starting with '-'
 * (caller frees). */
int target_parse_spec(const char *spec, char **user, char **host, int *port,
    char **errp);

/* Parses a port number 1..65535; -1 if s is not one. */
int target_parse_port(const char *s);

/* Words: copy and free.  words_free(NULL) is fine. */
void target_words_copy(sw_target_words *dst, const sw_target_words *src);
void target_words_free(sw_target_words *w);

/* Fills w (zeroed first) from a pasted command line such as
 * "ssh -p 2222 -J jump alice@box" (the leading "ssh" is optional): shell
 * words as sh splits them (no command substitution), ssh's options
 * -p -l -i -F -J -o (and -4/-6 as AddressFamily); other ssh options are
 * skipped with their values, a remote command after the host is ignored.
 * Returns 0, or -1 with *errp set (caller frees). */
int target_words_from_line(const char *line, sw_target_words *w,
    char **errp);

/* The one resolution step.  Resolves w into *out: runs `ssh -G` once for
 * the target (unless w->no_ssh_config or ssh is not on PATH) with the
 * user's -F/-J/-p/-l/-i/-o, reads the effective values, and resolves each
 * jump host the same way (as ssh itself starts them: -F, and -J with the
 * hops before it).  Never call it on the UI thread.  Returns 0, or -1 with
 * *errp set (caller frees) when the words are wrong: empty host, bad port,
 * a missing -F file, an -o ssh rejects, a host name ssh rejects, a bad or
 * looping -J.  A configuration file ssh refuses is not an error here: it
 * is t->config_error, which the diagnosis reports.  Caller frees *out with
 * target_free(). */
int target_resolve(const sw_target_words *w, sw_target **out, char **errp);

/* The same step in a thread of its own, for front ends that must not wait
 * (the target form, main() while it loads the tree):
 * target_resolve_start() copies w and starts (diagnosis: 1 also starts
 * ssh's defaults run alongside, as target_resolve() does; 0 for a mere
 * look-up); the fd is
 * readable once it is done; target_resolve_finish() waits for it (at once
 * when the fd is readable), hands over the result as target_resolve()
 * does and frees the job; target_resolve_cancel() stops a running ssh -G
 * and drops the job.  Start returns NULL when no thread could start. */
typedef struct sw_resolve_job sw_resolve_job;
sw_resolve_job *target_resolve_start(const sw_target_words *w,
    int diagnosis);
int target_resolve_fd(const sw_resolve_job *j);
const sw_target_words *target_resolve_words(const sw_resolve_job *j);
int target_resolve_finish(sw_resolve_job *j, sw_target **out, char **errp);
void target_resolve_cancel(sw_resolve_job *j);

/* Replaces t->check_keys with copies of the n keys. */
void target_set_check_keys(sw_target *t, const char *const *keys, size_t n);

/* A target with the defaults only (port 22, the login user, 5 s), for
 * tests and for the server mode, which checks no remote target. */
sw_target *target_new(void);
void target_free(sw_target *t);

/* The words that reproduce the user's connection with the real ssh, in
 * order: -F FILE, -J HOPS, -p PORT, -l USER, -i FILE..., -o KW=V...
 * (only those the user gave).  The destination is t->alias.  *n gets the
 * count; the array is NULL-terminated and owned by t. */
const char *const *target_ssh_words(const sw_target *t, size_t *n);

/* The whole output of `ssh -F /dev/null -G` for the target: ssh's built-in
 * defaults, for comparisons.  Run at most once per target, on first use,
 * in the calling thread (never call it on the UI thread), or ahead of time
 * by target_prefetch_defaults().  NULL when ssh could not run.  Owned by
 * t. */
const char *target_ssh_g_defaults(const sw_target *t);
/* Starts that run in the background now (no-op when done or running). */
void target_prefetch_defaults(const sw_target *t);

/* Where the effective value of an ssh_config keyword (lower case, as ssh -G
 * prints it) came from: SW_SRC_CMDLINE when the user's -o (or -p/-l/-i/-J)
 * set it, SW_SRC_SSH_CONFIG when it differs from ssh's defaults, else
 * SW_SRC_DEFAULT.  May run the defaults (see target_ssh_g_defaults). */
sw_source target_source(const sw_target *t, const char *keyword);

/* Parses `ssh -G` output into t (for tests and for remote use): the
 * effective values whose source is not SW_SRC_CMDLINE.  `defaults` (ssh
 * -G with an empty config, or NULL) marks values equal to it as
 * SW_SRC_DEFAULT. */
void target_apply_ssh_g(sw_target *t, const char *out, const char *defaults);

/* The nth (0-based) value of a "key value" line in `ssh -G` output, or
 * NULL.  Caller frees.  The one parser of ssh -G output. */
char *ssh_g_value(const char *out, const char *key, size_t nth);

/* "cmdline", "ssh_config" or "default" as a stable id.  Static. */
const char *source_name(sw_source s);

#endif
