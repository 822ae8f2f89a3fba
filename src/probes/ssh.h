/* What the SSH-level probes (ssh.banner, ssh.kex, ssh.hostkey,
 * ssh.auth_methods, ssh.auth) share: the one libssh session kept in
 * sw_session, TCP connects with a deadline, the identification-string and
 * KEXINIT parsers, the known_hosts reader, the agent client and running the
 * user's ssh for its algorithm lists.
 *
 * Prefix sshp_ ("SSH probes"), so nothing clashes with libssh's ssh_.
 * Everything here honours the probe's deadline and cancel flag and never
 * prints: libssh's own logging is silenced for the calling thread. */
#ifndef SW_PROBES_SSH_H
#define SW_PROBES_SSH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/probe.h"

/* ---- Connections ---- */

/* Result codes of the connection helpers (0 or negative). */
#define SSHP_OK		0
#define SSHP_ETIME	-1	/* the deadline passed */
#define SSHP_ECANCEL	-2	/* the probe was cancelled */
#define SSHP_ECLOSED	-3	/* the peer closed the connection */
#define SSHP_ERESET	-4	/* the peer reset the connection */
#define SSHP_ENOADDR	-5	/* no address to connect to */
#define SSHP_ECONNECT	-6	/* the TCP connection failed (see errno) */
#define SSHP_EKEX	-7	/* libssh found no algorithm in common */
#define SSHP_EPROTO	-8	/* the peer broke the protocol */
#define SSHP_ELIBSSH	-9	/* libssh failed otherwise (see the message) */
#define SSHP_EDISCONNECT -10	/* the server sent a disconnect message */
#define SSHP_ETOOMUCH	-11	/* the server sent more than SSHP_DRIVE_IN_MAX
				 * bytes in one step without an answer */

/* The most bytes one libssh step (sshp_drive) reads from the server: four
 * times the largest packet a client must accept (RFC 4253: 35000 bytes;
 * libssh and OpenSSH take 256 KiB). */
#define SSHP_DRIVE_IN_MAX (1024u * 1024u)

/* A short English description of an SSHP_E* code.  Static. */
const char *sshp_strerror(int code);

/* Silences libssh's logging for the calling thread (libssh keeps its log
 * level and callback per thread).  Call at the top of every probe that uses
 * libssh. */
void sshp_quiet(void);

/* Opens a TCP connection to the address tcp.connect found open (resolving
 * and trying each address in turn when no probe found one yet), with the
 * probe's deadline; past a jump host a channel through it
 * (sshp_jump_connect), with a ProxyCommand the command
 * (sshp_proxy_connect), as ssh would.  On success sets *fdp (non-blocking, close-on-exec;
 * caller closes), *addr (the numeric address, owned by the session) and
 * *connect_ms, and returns SSHP_OK.  Otherwise returns SSHP_ETIME,
 * SSHP_ECANCEL, SSHP_ENOADDR, or SSHP_ECONNECT with *err set to errno. */
int sshp_tcp_open(sw_probe_ctx *ctx, int *fdp, const char **addr,
    int64_t *connect_ms, int *err);

/* Past a jump host (session->hop > 0): opens a direct-tcpip channel from
 * the previous hop to ctx->target's host and port, as ssh -W does, bridged
 * to a local socket by a thread of probes/jump.c.  Sets *fdp (caller
 * closes: that ends the channel) and returns SSHP_OK, or SSHP_ECONNECT
 * (evidence "jump_error" says why), SSHP_ETIME, SSHP_ECANCEL, SSHP_ENOADDR
 * when no jump host is logged in. */
int sshp_jump_connect(sw_probe_ctx *ctx, int *fdp, int *err);

/* 1 when ssh reaches ctx->target through its ProxyCommand (no jump
 * host): then sshp_tcp_open runs the command, and no check of the direct
 * path applies. */
int sshp_via_proxy(const sw_probe_ctx *ctx);

/* The ProxyCommand of t as ssh runs it: "exec " and the command with %h
 * (HostName), %n (the host as typed), %p, %r (the remote user), %k
 * (HostKeyAlias, else the host as typed) and %% expanded.  Returns it
 * (caller frees), or NULL with *errp set (caller frees) for a token ssh
 * does not know. */
struct sw_target;
char *sshp_proxy_expand(const struct sw_target *t, char **errp);

/* Runs the target's ProxyCommand as ssh does (the user's shell, -c, the
 * expanded command; stdin and stdout on pipes) and bridges it to a local
 * socket.  Sets *fdp (caller closes: the command then gets end-of-file and
 * is stopped if it lingers) and returns SSHP_OK, or SSHP_ECONNECT with
 * *err set (a bad token: evidence "proxy_error").  The run is kept in the
 * session until it is cleared. */
int sshp_proxy_connect(sw_probe_ctx *ctx, int *fdp, int *err);

/* The latest ProxyCommand run of the session: waits up to wait_ms (and the
 * deadline) for it to end.  Returns 1 when it ended (*status: its wait
 * status), 0 when it still runs, -1 when none ran.  *said: what it printed
 * on its standard error so far, escaped, at most 2 KiB of it (caller
 * frees; NULL when nothing). */
int sshp_proxy_state(sw_probe_ctx *ctx, int wait_ms, int *status,
    char **said);

/* Waits until fd is readable (events POLLIN) or writable (POLLOUT), at most
 * until the deadline, checking the cancel flag every 50 ms.  Returns 1 when
 * ready, SSHP_ETIME or SSHP_ECANCEL. */
int sshp_fd_wait(sw_probe_ctx *ctx, int fd, short events);

/* ---- The shared libssh session (sw_session.ssh) ---- */

/* The algorithm lists the user's ssh would offer for the target, from
 * `ssh -G` (fields NULL when ssh could not run).  Comma-separated. */
typedef struct sshp_algos {
	char *kex;
	char *hostkeys;
	char *ciphers;
	char *macs;
} sshp_algos;

/* What opening the session found; filled by sshp_session_open. */
typedef struct sshp_open_info {
	int code;		/* SSHP_OK or an SSHP_E* code */
	char *error;		/* libssh's message or an errno text; owned */
	char *address;		/* the address connected to; owned */
	int64_t connect_ms;	/* TCP connect time */
	int64_t kex_ms;		/* banner exchange + key exchange time */
	sshp_algos enabled;	/* what the user's ssh offers (`ssh -G`) */
	char *client_kex;	/* the lists offered to the server: the
				 * above restricted to what libssh knows,
				 * or NULL for libssh's defaults; owned */
	char *client_hostkeys;
	char *client_ciphers;
	char *client_macs;
	int client_from_ssh;	/* 1 if the lists came from `ssh -G` */
} sshp_open_info;

void sshp_open_info_free(sshp_open_info *i);


/* Drops the shared session (disconnects and frees) if there is one. */
void sshp_session_drop(sw_session *s);

/* Opens a new shared session: drops the old one, connects over TCP (see
 * sshp_tcp_open), offers the algorithms the user's ssh would offer for this
 * host (`ssh -G`; libssh's defaults when ssh is not installed) restricted
 * to those libssh knows, and runs the banner and key exchange with the
 * probe's deadline.  The host key is not checked here.  On SSHP_OK the
 * session is in ctx->session->ssh.  Fills *info (free with
 * sshp_open_info_free) and returns info->code. */
int sshp_session_open(sw_probe_ctx *ctx, sshp_open_info *info);

/* 1 if ssh is connected and the server has not closed it (looked at
 * without reading: libssh notices a close only when it reads). */
int sshp_session_alive(struct ssh_session_struct *ssh);

/* The shared session if it is connected and past the key exchange, else a
 * new one (sshp_session_open): a connection the server closed meanwhile
 * (LoginGraceTime outlived by a question or a pause) is set up again, and
 * must show the host key checked before, else NULL.  Returns the libssh session (owned by
 * ctx->session), or NULL with evidence "error" added. */
struct ssh_session_struct *sshp_session_get(sw_probe_ctx *ctx);

/* The shared session on a connection no login attempt was spent on yet
 * (sshp_session_get, then a new connection when an earlier check used
 * this one for logging in, so the server's MaxAuthTries is not spent
 * twice).  NULL with evidence "error" added. */
struct ssh_session_struct *sshp_session_unused(sw_probe_ctx *ctx);

/* Drives a non-blocking libssh call to its end: calls fn(arg) until it
 * returns something other than again_code, waiting for the socket in
 * between.  Returns fn's last result, or again_code when the deadline
 * passed, the probe was cancelled or the server sent more than
 * SSHP_DRIVE_IN_MAX bytes meanwhile (then *stopped is SSHP_ETIME,
 * SSHP_ECANCEL or SSHP_ETOOMUCH; else 0). */
int sshp_drive(sw_probe_ctx *ctx, struct ssh_session_struct *ssh,
    int (*fn)(void *arg), void *arg, int again_code, int *stopped);

/* The names of the SSH_AUTH_METHOD_* bits in m, comma-separated as the
 * protocol names them ("publickey,password"); "" for none.  Caller frees. */
char *sshp_methods_text(int m);

/* Authenticates with "none" unless that was done on this connection, so the
 * server names the methods it allows.  Returns 1 when "none" let the user
 * in, 0 when *methods is set (SSH_AUTH_METHOD_* bits), or an SSHP_E* code
 * (evidence "error" added). */
int sshp_auth_none(sw_probe_ctx *ctx, struct ssh_session_struct *ssh,
    int *methods);

/* libssh's last error for ssh, classified: SSHP_ECLOSED, SSHP_ERESET,
 * SSHP_EDISCONNECT, SSHP_EKEX or SSHP_ELIBSSH. */
int sshp_classify_error(struct ssh_session_struct *ssh);

/* ---- The user's ssh ---- */

/* Runs argv (argv[0] looked up in PATH; no shell) with stdin and stderr on
 * /dev/null, until it exits, timeout_ms passes or the probe stops; keeps at
 * most cap bytes of stdout.  Returns the output (NUL-terminated; caller
 * frees), or NULL when the program could not run or did not finish. */
char *sshp_capture(sw_probe_ctx *ctx, const char *const argv[], int timeout_ms,
    size_t cap);

void sshp_algos_free(sshp_algos *a);
/* Fills *a from `ssh -G` for the target (with -F /dev/null when the target
 * says not to read the ssh configuration).  Returns 0, or -1 when ssh could
 * not run (a is then empty). */
int sshp_algos_enabled(sw_probe_ctx *ctx, sshp_algos *a);
/* The lists of sshp_algos, as bits of a set. */
#define SSHP_ALG_KEX		1u
#define SSHP_ALG_HOSTKEYS	2u
#define SSHP_ALG_CIPHERS	4u
#define SSHP_ALG_MACS		8u
/* Fills the lists of *a named in want from `ssh -Q kex|HostKeyAlgorithms|
 * cipher|mac`, one process each, at the same time: everything the user's
 * ssh supports, enabled or not.  The lists not wanted stay NULL.  Returns
 * 0, or -1 when one wanted could not be had (a is then empty). */
int sshp_algos_supported(sw_probe_ctx *ctx, unsigned want, sshp_algos *a);

/* ---- Name lists ---- */

/* 1 if name is an element of the comma-separated list. */
int sshp_list_has(const char *list, const char *name);
/* The elements of a that are in b, in a's order, comma-separated; "" when
 * none.  NULL lists count as empty.  Caller frees. */
char *sshp_list_common(const char *a, const char *b);
/* The elements of a that are not in b.  Caller frees. */
char *sshp_list_minus(const char *a, const char *b);

/* ---- The identification string (RFC 4253 section 4.2) ---- */

#define SSHP_LINE_MAX 255		/* bytes a line, CR LF included */
#define SSHP_ID_MAX 1024		/* an identification line we still accept */
#define SSHP_PRE_LINES_MAX 64		/* lines before it */
#define SSHP_PRE_BYTES_MAX 16384	/* bytes before it */
#define SSHP_FIRST_MAX 64		/* first bytes kept for display */

typedef enum sshp_banner_state {
	SSHP_BANNER_MORE,	/* feed more bytes */
	SSHP_BANNER_SSH,	/* an SSH-2.0 (or 1.99) identification */
	SSHP_BANNER_SSH1,	/* an SSH-1.x identification */
	SSHP_BANNER_NOT_SSH,	/* not SSH: why says what gave it away */
} sshp_banner_state;

/* A byte-at-a-time parser of what a server sends before its binary
 * packets.  Memory is fixed: nothing grows with the input. */
typedef struct sshp_banner {
	sshp_banner_state state;
	char line[SSHP_ID_MAX + 1];	/* the line being read, NUL-ended */
	size_t len;
	size_t total;			/* bytes consumed */
	unsigned n_pre;			/* complete lines before the ID */
	char pre[3][81];		/* the first pre-banner lines (raw,
					 * truncated; escape for display) */
	unsigned char first[SSHP_FIRST_MAX];
	size_t n_first;
	const char *why;		/* NOT_SSH: English reason, static */
	const char *guess;		/* NOT_SSH: protocol guessed, or NULL */
	char ident[SSHP_ID_MAX + 1];	/* SSH/SSH1: the line without CR LF */
	char proto[16];			/* "2.0" */
	char software[256];		/* "OpenSSH_9.2p1" */
	char comments[256];		/* "Debian-2+deb12u3" or "" */
} sshp_banner;

void sshp_banner_init(sshp_banner *b);
/* Feeds n bytes.  Stops at the first byte that decides (the rest is not
 * consumed: binary packets may follow the identification) and sets *used to
 * the bytes consumed.  Returns the state. */
sshp_banner_state sshp_banner_feed(sshp_banner *b, const unsigned char *p,
    size_t n, size_t *used);

/* ---- KEXINIT (RFC 4253 section 7.1) ---- */

#define SSHP_PACKET_MAX 35000	/* the largest packet we read */
#define SSHP_NAMELIST_MAX 4096	/* the longest name-list we keep */

typedef struct sshp_kexinit {
	char *kex;
	char *hostkeys;
	char *ciphers_c2s;
	char *ciphers_s2c;
	char *macs_c2s;
	char *macs_s2c;
	char *comp_c2s;
	char *comp_s2c;
} sshp_kexinit;

void sshp_kexinit_free(sshp_kexinit *k);
/* Parses the payload of an unencrypted binary packet (RFC 4253 section 6)
 * held in buf: packet_length, padding_length, payload (starting with
 * SSH_MSG_KEXINIT), padding.  Returns 0 and fills *k (caller frees with
 * sshp_kexinit_free), or -1 for anything malformed or too long. */
int sshp_kexinit_parse(const unsigned char *buf, size_t len, sshp_kexinit *k);

/* Reads one unencrypted binary packet (RFC 4253 section 6: its length,
 * then the rest, at most SSHP_PACKET_MAX) from fd, the first n_pre bytes
 * of it already read into pre, until the probe's deadline or until_ms
 * (sw_now_ms() time; -1 for none).  Returns SSHP_OK with *pkt (caller
 * frees) and *len set, or an SSHP_E* code (SSHP_ETIME at either limit). */
int sshp_packet_read(sw_probe_ctx *ctx, int fd, const unsigned char *pre,
    size_t n_pre, int64_t until_ms, unsigned char **pkt, size_t *len);

/* Reads the server's KEXINIT on a fresh TCP connection: sends an
 * identification string, skips the server's, reads one packet (bounded by
 * SSHP_PACKET_MAX) and closes.  Returns SSHP_OK and fills *k, or an SSHP_E*
 * code (SSHP_EPROTO when the packet is not a KEXINIT). */
int sshp_kexinit_fetch(sw_probe_ctx *ctx, sshp_kexinit *k);

/* ---- known_hosts ---- */

#define SSHP_KH_LINE_MAX 8192	/* longer lines are skipped */

/* One known_hosts entry that names the host. */
typedef struct sshp_kh_entry {
	char *file;
	unsigned long line;
	char *keytype;		/* "ssh-ed25519" */
	char *key_b64;		/* the key blob, base64 */
	int hashed;		/* the host field was |1|salt|hash */
	int revoked;		/* @revoked marker */
	int cert_authority;	/* @cert-authority: key_b64 is a CA's key */
} sshp_kh_entry;

typedef struct sshp_kh_result {
	sshp_kh_entry *v;
	size_t n;
	unsigned long skipped;	/* lines too long or malformed */
	int files_read;		/* files that existed and could be read */
} sshp_kh_result;

void sshp_kh_result_free(sshp_kh_result *r);

/* The name ssh looks up: host, or "[host]:port" when port is not 22.
 * Caller frees. */
char *sshp_kh_lookup_name(const char *host, int port);

/* 1 if the known_hosts host field (comma-separated patterns, wildcards * and
 * ?, negation with !, hashed |1|salt|hash) matches name, as OpenSSH decides
 * (a negated match wins; names compare case-insensitively). */
int sshp_kh_host_matches(const char *field, const char *name);

/* Appends to *r every entry of file path (when it exists) that matches
 * name, @cert-authority lines marked as such.  Lines longer than
 * SSHP_KH_LINE_MAX are counted in r->skipped.  Checks the deadline every
 * few thousand lines.  Returns 0, 1 when the file does not exist, -1 when it
 * cannot be read or the probe had to stop. */
int sshp_kh_scan(sw_probe_ctx *ctx, const char *path, const char *name,
    sshp_kh_result *r);
/* The same on an open stream (path names it in the entries).  Lines are read
 * as ssh reads them: up to '\n', cut at a NUL byte.  Returns 0 or -1. */
int sshp_kh_scan_stream(sw_probe_ctx *ctx, FILE *f, const char *path,
    const char *name, sshp_kh_result *r);

/* ---- Private key files ---- */

/* The most bytes of a key file read to classify it. */
#define SSHP_KEYFILE_MAX 65536

typedef enum sshp_keyfile_kind {
	SSHP_KEYFILE_EMPTY,	/* nothing but white space */
	SSHP_KEYFILE_PPK,	/* PuTTY's PuTTY-User-Key-File-N format */
	SSHP_KEYFILE_PUBLIC,	/* an OpenSSH public key line */
	SSHP_KEYFILE_OPENSSH,	/* -----BEGIN OPENSSH PRIVATE KEY----- */
	SSHP_KEYFILE_PEM,	/* a PEM private key (RSA, EC, PKCS#8) */
	SSHP_KEYFILE_DAMAGED,	/* an OpenSSH key whose header is cut or
				 * wrong */
	SSHP_KEYFILE_OTHER,	/* anything else */
} sshp_keyfile_kind;

/* What the first n bytes of a private key file (at most SSHP_KEYFILE_MAX)
 * hold; *encrypted is set to 1 when the key is protected by a passphrase
 * (OpenSSH cipher other than "none", PEM Proc-Type ENCRYPTED or PKCS#8
 * ENCRYPTED, PuTTY Encryption other than none).  Pure; never fails. */
sshp_keyfile_kind sshp_keyfile_classify(const char *buf, size_t n,
    int *encrypted);
/* A short English name of a kind ("PuTTY .ppk").  Static. */
const char *sshp_keyfile_kind_name(sshp_keyfile_kind k);

/* ---- OpenSSH certificates (PROTOCOL.certkeys) ---- */

#define SSHP_CERT_PRINCIPALS_MAX 256
#define SSHP_CERT_USER 1
#define SSHP_CERT_HOST 2

typedef struct sshp_cert {
	char *type;		/* "ssh-ed25519-cert-v01@openssh.com" */
	char *plain_b64;	/* the certified key as a plain public key
				 * blob, base64 */
	uint64_t serial;
	uint32_t cert_type;	/* SSHP_CERT_USER or SSHP_CERT_HOST */
	char *key_id;		/* escaped for display */
	char **principals;	/* escaped; none means any */
	size_t n_principals;
	uint64_t valid_after, valid_before;	/* seconds since 1970 */
	char *ca_b64;		/* the signing (CA) key blob, base64 */
	char *ca_type;		/* its type name */
} sshp_cert;

void sshp_cert_free(sshp_cert *c);
/* Parses a certificate blob (the decoded base64 of a *-cert-v01 key).
 * Does not check the signature.  Returns 0 and fills *c (free with
 * sshp_cert_free), or -1 for anything malformed. */
int sshp_cert_parse(const unsigned char *blob, size_t len, sshp_cert *c);
/* 1 if the certificate names name among its principals (exactly, as
 * OpenSSH checks host and user certificates) or names none. */
int sshp_cert_principal_ok(const sshp_cert *c, const char *name);
/* 0 if now is inside the validity, -1 before it, 1 after it. */
int sshp_cert_time_ok(const sshp_cert *c, uint64_t now);
/* A time of a certificate as "YYYY-MM-DD HH:MM:SS UTC" ("always" for 0,
 * "forever" for the largest value).  Caller frees. */
char *sshp_cert_time_text(uint64_t t);

/* ---- Small codecs and hashes (exported for tests) ---- */

/* Standard base64 with padding.  Caller frees. */
char *sshp_b64_encode(const unsigned char *p, size_t n);
/* Decodes standard base64 (padding optional, no whitespace) into out of
 * size cap.  Returns the length, or -1 when malformed or too long. */
long sshp_b64_decode(const char *s, unsigned char *out, size_t cap);
/* 1 if s (slen bytes) matches the pattern pat (plen bytes; * and ?),
 * case-insensitively when nocase.  O(slen * plen) at worst, whatever the
 * stars. */
int sshp_glob(const char *s, size_t slen, const char *pat, size_t plen,
    int nocase);
/* SHA-1 of p, into out[20]; SHA-256 into out[32] (libcrypto). */
void sshp_sha1(const void *p, size_t n, unsigned char out[20]);
void sshp_sha256(const void *p, size_t n, unsigned char out[32]);
/* HMAC-SHA1 (RFC 2104) into out[20]. */
void sshp_hmac_sha1(const unsigned char *key, size_t klen, const void *msg,
    size_t mlen, unsigned char out[20]);

/* ---- The SSH agent ---- */

#define SSHP_AGENT_KEYS_MAX 256	/* identities read from an agent */

typedef struct sshp_agent_key {
	char *type;		/* the key type from the blob */
	char *b64;		/* the public key blob, base64 */
	char *comment;		/* escaped for display */
} sshp_agent_key;

typedef struct sshp_agent_keys {
	sshp_agent_key *v;
	size_t n;
} sshp_agent_keys;

void sshp_agent_keys_free(sshp_agent_keys *k);
/* Asks the agent at socket path sock for its identities
 * (SSH2_AGENTC_REQUEST_IDENTITIES), bounded in size and by the deadline.
 * Returns 0 and fills *k (caller frees), or -1 with *errp set to an English
 * message (caller frees). */
int sshp_agent_list(sw_probe_ctx *ctx, const char *sock, sshp_agent_keys *k,
    char **errp);
/* Parses an SSH2_AGENT_IDENTITIES_ANSWER message body (after the length
 * word).  Returns 0 or -1.  Exported for tests. */
int sshp_agent_parse(const unsigned char *p, size_t n, sshp_agent_keys *k);

#endif
