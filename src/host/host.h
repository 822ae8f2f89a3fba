/* The host layer: running read-only commands and reading files on the
 * machine the server checks look at.  One interface, two back-ends (in the
 * manner of htop's platform back-ends): this machine (--server,
 * host_local.c, every command through core/proc.c) or another one over a
 * libssh session that still works (--via, host_remote.c, non-blocking and
 * cancellable like the client probes' session).  Server probes read
 * everything through this interface, so the same parsers serve both.
 *
 * Each probe declares the commands it needs next to its code (a
 * NULL-terminated list of patterns, see host_allowed) and passes that list
 * with each run; the layer runs nothing else.  The file reads below use the
 * layer's own few commands (head, ls, readlink, grep).  Arguments are
 * compile-time constants or values validated here (numbers, addresses,
 * absolute paths, unit and service names).  Locally a command is exec'd
 * without a shell; remotely its words are shell-quoted one by one into the
 * exec request.  A command ends when it exits; output is capped at
 * HOST_MAX_OUT bytes and by the probe's deadline, and what was cut is added
 * to the probe's evidence ("cut").  With sudo on, every command but the
 * session reads is prefixed with `sudo -n`, which never prompts.
 *
 * Threading: one probe at a time uses a host (probes run one after the
 * other); the owner frees it only when no probe runs. */
#ifndef SW_HOST_H
#define SW_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "core/probe.h"
#include "core/secret.h"

/* Error codes of the functions below (all negative). */
#define HOST_EFAIL	-1	/* something else failed (see the message) */
#define HOST_ENOENT	-2	/* the program or file does not exist */
#define HOST_EPERM	-3	/* permission denied (needs root) */
#define HOST_ETIME	-4	/* deadline passed or cancelled */
#define HOST_EDENIED	-5	/* not on the allow-list (a programming error) */
#define HOST_ECONN	-6	/* the remote session is down */

/* Most bytes of one command's output kept (stdout; stderr keeps 16 KiB). */
#define HOST_MAX_OUT (4u * 1024 * 1024)

typedef struct sw_host sw_host;

/* Where checks ran, for reports. */
typedef enum sw_host_kind {
	SW_HOST_LOCAL,		/* this machine */
	SW_HOST_VIA,		/* another machine over libssh */
} sw_host_kind;

/* What a command returned. */
typedef struct sw_host_result {
	char *out;		/* stdout, NUL-terminated (may hold NULs) */
	size_t out_len;
	char *err;		/* stderr, NUL-terminated, at most 16 KiB */
	int status;		/* exit status; 128+N for signal N; -1 when
				 * unknown */
	int truncated;		/* 1 if out hit the cap */
} sw_host_result;

/* A host for this machine.  sudo: prefix `sudo -n` (the user agreed).
 * Caller frees with host_free(). */
sw_host *host_new_local(int sudo);

/* The options of a --via session. */
typedef struct sw_via_opts {
	const char *host;	/* required */
	int port;		/* 0: 22 */
	const char *user;	/* NULL: the login user */
	const char *identity;	/* NULL: agent and default keys */
	const char *known_hosts; /* NULL: ~/.ssh/known_hosts */
	int use_ssh_config;	/* read ~/.ssh/config for host */
	int sudo;
} sw_via_opts;

/* A host for another machine reached with libssh; it connects on first
 * use (host_open).  password is taken over (may be NULL).  Nothing is
 * sent before host_open.  Caller frees with host_free(). */
sw_host *host_new_via(const sw_via_opts *o, sw_secret *password);

/* Disconnects and frees.  NULL is fine. */
void host_free(sw_host *h);

sw_host_kind host_kind(const sw_host *h);
/* "server" for this machine, "via HOST" for another.  Owned by h. */
const char *host_label(const sw_host *h);
/* The other machine's host as given to --via, or NULL for this machine.
 * Owned by h. */
const char *host_host(const sw_host *h);
/* 1 once any command ran or file was read through h. */
int host_used(const sw_host *h);
/* 1 when commands are prefixed with sudo -n. */
int host_sudo(const sw_host *h);
/* 1 when the commands run as root (uid 0), 0 when not, -1 unknown (a via
 * session not yet open).  With sudo on, 0 still means the login user is not
 * root. */
int host_is_root(const sw_host *h);

/* Makes h ready: nothing to do locally; remotely connects, checks the host
 * key against known_hosts (an unknown or changed key is refused: a password
 * is never sent to an unverified host), authenticates, and reads the
 * session's SSH_CONNECTION to learn the client address the server sees.
 * Returns 0, or a negative HOST_E* code with *errp set (caller frees). */
int host_open(sw_host *h, sw_probe_ctx *ctx, char **errp);

/* The client address the server saw on the via session (from
 * SSH_CONNECTION), or the one set with host_set_peer_ip, or NULL.  Owned
 * by h. */
const char *host_peer_ip(const sw_host *h);
/* Sets the client address the checks ask about (a copy; NULL clears it):
 * for this machine as the target, the address it connects to itself
 * from. */
void host_set_peer_ip(sw_host *h, const char *ip);
/* The server port of the via session, or 0. */
int host_peer_port(const sw_host *h);
/* The process the commands run under on the other machine (the remote sh,
 * a child of the SSH session), once known, or -1: its ancestors lead to the
 * sshd the session came through.  A command's own parent may be a wrapper
 * that no longer exists when its output is read. */
long host_session_pid(const sw_host *h);
/* The client port of the via session as the server saw it, or 0. */
int host_peer_client_port(const sw_host *h);

/* Runs argv (NULL-terminated; argv[0] a program name or absolute path) with
 * LC_ALL=C and /usr/sbin:/sbin added to PATH, until it exits or the probe's
 * deadline or cancel.  allow is the calling probe's list of commands (see
 * host_allowed).  Fills *r (free with host_result_free()) and returns 0
 * when the program ran (whatever its exit status), else a negative HOST_E*
 * code: HOST_ENOENT when the program does not exist, HOST_EDENIED when argv
 * is not on allow, HOST_ETIME, HOST_ECONN.  Output past HOST_MAX_OUT is
 * dropped (r->truncated) and evidence "cut" says so.  *r is always safe to
 * free. */
int host_run(sw_host *h, sw_probe_ctx *ctx, const char *const *allow,
    const char *const argv[], sw_host_result *r);
void host_result_free(sw_host_result *r);

/* Reads at most max bytes of the file at path (absolute).  Sets *out
 * (caller frees; NUL-terminated) and *len.  Returns 0, HOST_ENOENT, HOST_EPERM,
 * HOST_ETIME, HOST_ECONN or HOST_EFAIL. */
int host_read_file(sw_host *h, sw_probe_ctx *ctx,
    const char *path, size_t max, char **out, size_t *len);

/* The first line of each of n files (a missing or unreadable file gives
 * NULL), in one command per 400 files when remote (grep -Z: each output
 * line is one file's first line after its name and a NUL, which a first
 * line cannot forge).  Sets (*lines)[i] (caller frees each
 * and the array).  Returns 0 or a negative HOST_E* code. */
int host_first_lines(sw_host *h, sw_probe_ctx *ctx,
    const char *const *paths, size_t n, char ***lines);

/* Reads at most max bytes of each of n files (a missing, unreadable or
 * empty one gives NULL).  Through commands it is one round trip, GNU sed's
 * `sed -s -n '1F;l 0'` (each line escaped, names on lines of their own),
 * so no file's contents can pass for another's, or one command per file
 * where that sed is missing; the lines come back joined by newlines, the
 * last without one.  Sets (*texts)[i] (caller
 * frees each and the array) and (*lens)[i] (caller frees the array).
 * Returns 0 or a negative HOST_E* code. */
int host_read_files(sw_host *h, sw_probe_ctx *ctx,
    const char *const *paths, size_t n, size_t max, char ***texts,
    size_t **lens);

/* The targets of n symbolic links (NULL where one cannot be read), one
 * command per link.  Sets (*targets)[i] (caller frees each and the
 * array).  Returns 0 or a negative HOST_E* code. */
int host_readlinks(sw_host *h, sw_probe_ctx *ctx,
    const char *const *paths, size_t n, char ***targets);

/* The names in directory path (without . and ..).  Sets *names (caller frees
 * each and the array) and *n.  Returns 0, HOST_ENOENT, HOST_EPERM, ... */
int host_list_dir(sw_host *h, sw_probe_ctx *ctx,
    const char *path, char ***names, size_t *n);

/* The inodes of the sockets process pid holds open (from /proc/PID/fd).
 * Sets *inodes (caller frees) and *n.  Returns 0, HOST_EPERM (not our
 * process and not root), HOST_ENOENT (gone), ... */
int host_socket_inodes(sw_host *h, sw_probe_ctx *ctx,
    long pid, unsigned long **inodes, size_t *n);

/* Which of the n paths exist as executable files.  Sets exists[i].
 * Returns 0 or a negative HOST_E* code. */
int host_executables(sw_host *h, sw_probe_ctx *ctx,
    const char *const *paths, size_t n, int *exists);

/* What stat(2) says of a path, following links. */
typedef struct sw_host_stat {
	int exists;
	unsigned mode;		/* permission bits (07777) */
	long uid;
	int is_dir;
	int is_reg;
} sw_host_stat;

/* Stats each of n paths (following links) into st[i] (exists 0 when
 * missing or unreadable).  Returns 0 or a negative HOST_E* code. */
int host_stat(sw_host *h, sw_probe_ctx *ctx, const char *const *paths,
    size_t n, sw_host_stat *st);

/* The target of the symbolic link at path (/proc/.../ns/net and the like),
 * caller frees.  Returns 0 or a negative HOST_E* code. */
int host_readlink(sw_host *h, sw_probe_ctx *ctx,
    const char *path, char **target);

/* ---- Pure helpers (exported for tests) ---- */

/* 1 if argv matches an entry of allow, 0 if not.  Each entry is the words
 * of one command: %N a number, %P an absolute path (host_path_ok), %P+ one
 * or more paths to the end, %S a unit, jail or service name, %S+ one or
 * more names to the end, %A an IP address, %D the sshd binary (a bare
 * "sshd" or an absolute path ending in /sshd), %C a connection spec for
 * `sshd -T -C` (user=NAME[,host=NAME][,addr=IP]).  Everything else is
 * literal. */
int host_allowed(const char *const *allow, const char *const argv[]);

/* Tests: read files through the layer's commands even on this machine (as
 * with sudo), so the command-based readers run without a remote host. */
void host_read_by_commands(sw_host *h);

/* The shell command line a remote run sends for argv: every word
 * shell-quoted, with the fixed environment prefix and, when sudo, `sudo -n`.
 * Caller frees. */
char *host_command_line(const char *const argv[], int sudo);

/* 1 if path is an absolute path this module may pass to a command: only
 * letters, digits and ._+,@:%=/- characters, no "..", at most 512 bytes. */
int host_path_ok(const char *path);

/* Parses the output of `sed -s -n '1F;l 0' -- PATHS` (see host_read_files)
 * into texts[i] (NUL-terminated, caller frees) and lens[i], at most max
 * bytes each; files that printed nothing stay NULL.  Returns 0. */
int host_parse_sed_l(const char *out, size_t len, const char *const *paths,
    size_t n, size_t max, char **texts, size_t *lens);

/* A short English description of an HOST_E* code (static). */
const char *host_strerror(int code);

#endif /* SW_HOST_H */
