/* Running read-only commands and reading files on the machine the server
 * checks look at: this machine (--server), or another one over a libssh
 * session that still works (--via).  Server probes read everything through
 * this one interface, so the same parsers serve both.
 *
 * Only commands from a fixed allow-list run (hostexec_allowed); arguments
 * are compile-time constants or values validated here (numbers, addresses,
 * absolute paths, unit and service names).  Locally a command is fork/exec'd
 * without a shell; remotely its words are shell-quoted one by one into the
 * exec request.  Output is capped in bytes and time.  With sudo on, every
 * command but the environment read is prefixed with `sudo -n`, which never
 * prompts.
 *
 * Threading: one probe at a time uses a hostexec (probes run one after the
 * other); the owner frees it only when no probe runs. */
#ifndef SW_HOSTEXEC_H
#define SW_HOSTEXEC_H

#include <stddef.h>
#include <stdint.h>

#include "core/probe.h"
#include "core/secret.h"

/* Error codes of the functions below (all negative). */
#define HX_EFAIL	-1	/* something else failed (see the message) */
#define HX_ENOENT	-2	/* the program or file does not exist */
#define HX_EPERM	-3	/* permission denied (needs root) */
#define HX_ETIME	-4	/* deadline passed or cancelled */
#define HX_EDENIED	-5	/* not on the allow-list (a programming error) */
#define HX_ECONN	-6	/* the remote session is down */

/* Most bytes of one command's output kept (stdout; stderr keeps 16 KiB). */
#define HX_MAX_OUT (4u * 1024 * 1024)

typedef struct sw_hostexec sw_hostexec;

/* Where checks ran, for reports. */
typedef enum sw_hx_kind {
	SW_HX_LOCAL,		/* this machine */
	SW_HX_VIA,		/* another machine over libssh */
} sw_hx_kind;

/* What a command returned. */
typedef struct sw_hx_result {
	char *out;		/* stdout, NUL-terminated (may hold NULs) */
	size_t out_len;
	char *err;		/* stderr, NUL-terminated, at most 16 KiB */
	int status;		/* exit status; 128+N for signal N; -1 when
				 * unknown */
	int truncated;		/* 1 if out hit the cap */
} sw_hx_result;

/* A hostexec for this machine.  sudo: prefix `sudo -n` (the user agreed).
 * Caller frees with hostexec_free(). */
sw_hostexec *hostexec_new_local(int sudo);

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

/* A hostexec for another machine reached with libssh; it connects on first
 * use (hostexec_open).  password is taken over (may be NULL).  Nothing is
 * sent before hostexec_open.  Caller frees with hostexec_free(). */
sw_hostexec *hostexec_new_via(const sw_via_opts *o, sw_secret *password);

/* Disconnects and frees.  NULL is fine. */
void hostexec_free(sw_hostexec *h);

sw_hx_kind hostexec_kind(const sw_hostexec *h);
/* "server" for this machine, "via HOST" for another.  Owned by h. */
const char *hostexec_label(const sw_hostexec *h);
/* The other machine's host as given to --via, or NULL for this machine.
 * Owned by h. */
const char *hostexec_host(const sw_hostexec *h);
/* 1 once any command ran or file was read through h. */
int hostexec_used(const sw_hostexec *h);
/* 1 when commands are prefixed with sudo -n. */
int hostexec_sudo(const sw_hostexec *h);
/* 1 when the commands run as root (uid 0), 0 when not, -1 unknown (a via
 * session not yet open).  With sudo on, 0 still means the login user is not
 * root. */
int hostexec_is_root(const sw_hostexec *h);

/* Makes h ready: nothing to do locally; remotely connects, checks the host
 * key against known_hosts (an unknown or changed key is refused: a password
 * is never sent to an unverified host), authenticates, and reads the
 * session's SSH_CONNECTION to learn the client address the server sees.
 * Returns 0, or a negative HX_E* code with *errp set (caller frees). */
int hostexec_open(sw_hostexec *h, const sw_probe_ctx *ctx, char **errp);

/* The client address the server saw on the via session (from
 * SSH_CONNECTION), or NULL.  Owned by h. */
const char *hostexec_peer_ip(const sw_hostexec *h);
/* The server port of the via session, or 0. */
int hostexec_peer_port(const sw_hostexec *h);
/* The client port of the via session as the server saw it, or 0. */
int hostexec_peer_client_port(const sw_hostexec *h);

/* Runs argv (NULL-terminated; argv[0] a program name or absolute path) with
 * LC_ALL=C and /usr/sbin:/sbin added to PATH, until it exits or the probe's
 * deadline or cancel.  Fills *r (free with hostexec_result_free()) and
 * returns 0 when the program ran (whatever its exit status), else a
 * negative HX_E* code: HX_ENOENT when the program does not exist,
 * HX_EDENIED when argv is not on the allow-list, HX_ETIME, HX_ECONN.  *r is
 * always safe to free. */
int hostexec_run(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const argv[], sw_hx_result *r);
void hostexec_result_free(sw_hx_result *r);

/* Reads at most max bytes of the file at path (absolute).  Sets *out
 * (caller frees; NUL-terminated) and *len.  Returns 0, HX_ENOENT, HX_EPERM,
 * HX_ETIME, HX_ECONN or HX_EFAIL. */
int hostexec_read_file(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *path, size_t max, char **out, size_t *len);

/* The first line of each of n files (a missing or unreadable file gives
 * NULL), in one round trip when remote.  Sets (*lines)[i] (caller frees each
 * and the array).  Returns 0 or a negative HX_E* code. */
int hostexec_first_lines(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, char ***lines);

/* Reads at most max bytes of each of n files (a missing or unreadable one
 * gives NULL), in one round trip when remote.  Sets (*texts)[i] (caller
 * frees each and the array) and (*lens)[i] (caller frees the array).
 * Returns 0 or a negative HX_E* code. */
int hostexec_read_files(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, size_t max, char ***texts,
    size_t **lens);

/* The targets of n symbolic links (NULL where one cannot be read), in one
 * round trip when remote.  Sets (*targets)[i] (caller frees each and the
 * array).  Returns 0 or a negative HX_E* code. */
int hostexec_readlinks(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, char ***targets);

/* The names in directory path (without . and ..).  Sets *names (caller frees
 * each and the array) and *n.  Returns 0, HX_ENOENT, HX_EPERM, ... */
int hostexec_list_dir(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *path, char ***names, size_t *n);

/* The inodes of the sockets process pid holds open (from /proc/PID/fd).
 * Sets *inodes (caller frees) and *n.  Returns 0, HX_EPERM (not our
 * process and not root), HX_ENOENT (gone), ... */
int hostexec_socket_inodes(sw_hostexec *h, const sw_probe_ctx *ctx,
    long pid, unsigned long **inodes, size_t *n);

/* Which of the n paths exist as executable files.  Sets exists[i].
 * Returns 0 or a negative HX_E* code. */
int hostexec_executables(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, int *exists);

/* The target of the symbolic link at path (/proc/.../ns/net and the like),
 * caller frees.  Returns 0 or a negative HX_E* code. */
int hostexec_readlink(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *path, char **target);

/* ---- What the server checks of one walk found ----
 * Each server probe notes its finding under a stable check name (a re-run
 * replaces it); the summary probe reads them to say what was verified and
 * what could not be.  The first probe of the server part clears them. */

typedef struct sw_hx_note {
	char *check;		/* "daemon.running", "firewall", ... */
	sw_state state;
	char *text;		/* one English line for the evidence */
} sw_hx_note;

/* Sets (or replaces) the note for check; text is a printf format. */
void hostexec_note(sw_hostexec *h, const char *check, sw_state state,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The note for check, or NULL.  Owned by h. */
const sw_hx_note *hostexec_note_get(const sw_hostexec *h, const char *check);
/* The i-th note in the order they were first set, or NULL. */
const sw_hx_note *hostexec_note_at(const sw_hostexec *h, size_t i);
/* Forgets every note. */
void hostexec_notes_clear(sw_hostexec *h);

/* ---- Pure helpers (exported for tests) ---- */

/* 1 if argv matches an entry of the allow-list, 0 if not. */
int hostexec_allowed(const char *const argv[]);

/* The shell command line a remote run sends for argv: every word
 * shell-quoted, with the fixed environment prefix and, when sudo, `sudo -n`.
 * Caller frees. */
char *hostexec_command_line(const char *const argv[], int sudo);

/* 1 if path is an absolute path this module may pass to a command: only
 * letters, digits and ._+,@:%=/- characters, no "..", at most 512 bytes. */
int hostexec_path_ok(const char *path);

/* A short English description of an HX_E* code (static). */
const char *hostexec_strerror(int code);

#endif
