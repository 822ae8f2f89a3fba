/* authorized_keys, public keys and public key algorithms, read as sshd
 * reads them (OpenSSH 9: auth2-pubkeyfile.c, auth-options.c, match.c,
 * addrmatch.c).  Pure functions of their input, bounded in time and memory
 * whatever the input, unit-tested (tests/unit/test_authkeys.c) and fuzzed
 * (tests/fuzz/fuzz-authkeys.c).  Texts they produce are English and
 * escaped for display. */
#ifndef SW_PROBES_AUTHKEYS_H
#define SW_PROBES_AUTHKEYS_H

#include <stddef.h>
#include <stdint.h>

/* The longest line read (longer ones are skipped and counted), the most
 * lines read of one file, the largest decoded key blob. */
#define AK_LINE_MAX (32u * 1024)
#define AK_LINES_MAX 20000u
#define AK_BLOB_MAX 16384u

/* The options of an authorized_keys line (sshauthopt_parse). */
typedef struct ak_opts {
	int restrict_;		/* "restrict" */
	int cert_authority;	/* "cert-authority" */
	int pty, port_fwd, agent_fwd, x11_fwd, user_rc;	/* 1 allowed,
				 * 0 turned off (no-pty, restrict ...) */
	char *command;		/* command="..." (escaped), or NULL */
	char *from;		/* from="..." as written, or NULL; not
				 * escaped: escape it before showing it */
	char *principals;	/* principals="...", or NULL */
	uint64_t expiry;	/* expiry-time: seconds since 1970 (UTC or
				 * the server's local time as sshd reads it),
				 * 0 when none */
	int expiry_local;	/* 1 when expiry-time had no Z/UTC: read in
				 * the local time zone of this process */
	char *expiry_text;	/* as written, or NULL */
	size_t n_env, n_permitopen, n_permitlisten;
	int tunnel;		/* a tunnel="..." option */
} ak_opts;

/* One key line of an authorized_keys file. */
typedef struct ak_entry {
	size_t line;		/* 1-based */
	int has_opts;		/* the line starts with options */
	char *opts_text;	/* the options as written, or NULL; not
				 * escaped: escape it before showing it */
	ak_opts opts;
	char *type;		/* the key type word, escaped */
	unsigned char *blob;	/* the decoded key */
	size_t blob_len;
	char *fp;		/* "SHA256:..." of the blob */
	char *comment;		/* escaped, or NULL */
	const char *error;	/* why sshd skips this line (English,
				 * static), or NULL when it is a usable key
				 * line: bad options, bad base64, a type word
				 * that does not match the key */
} ak_entry;

/* A file's key lines. */
typedef struct ak_file {
	ak_entry *v;
	size_t n;
	size_t lines;		/* lines read */
	size_t long_lines;	/* lines over AK_LINE_MAX, skipped */
	int cut;		/* more than AK_LINES_MAX lines: the rest was
				 * not read */
} ak_file;

/* Parses one line (without its newline; len bytes, may hold NULs: the line
 * ends at the first one, as getline and sshd's string functions see it).
 * Returns 1 and fills *e (free with ak_entry_clear) for a key line, even
 * one sshd would skip (e->error says why), 0 for a blank or comment line or
 * one sshd reads no key from. */
int ak_parse_line(const char *line, size_t len, size_t lineno, ak_entry *e);
void ak_entry_clear(ak_entry *e);

/* Parses a whole authorized_keys text of len bytes into *f (free with
 * ak_file_clear). */
void ak_parse(const char *text, size_t len, ak_file *f);
void ak_file_clear(ak_file *f);

/* The options of a line, sshd's sshauthopt_parse: opts is the option text
 * up to the first unquoted blank.  Returns 0 and fills *o (free with
 * ak_opts_clear), or -1 with *why set (English, static). */
int ak_parse_opts(const char *opts, size_t len, ak_opts *o, const char **why);
void ak_opts_clear(ak_opts *o);

/* ---- Public keys ---- */

/* A client key: what ssh offers, or what --key names. */
typedef struct ak_key {
	char *type;		/* key type from the blob, NULL when only the
				 * fingerprint is known */
	unsigned char *blob;	/* NULL likewise */
	size_t blob_len;
	char *b64;		/* the blob in base64, NULL likewise */
	char *fp;		/* "SHA256:..." */
	char *label;		/* where it is: a path, "agent key N", or the
				 * fingerprint as given */
	char *ca_fp;		/* a certificate's signing key, or NULL */
	char *ca_type;		/* its type name */
	unsigned char *ca_blob;
	size_t ca_blob_len;
} ak_key;

/* Reads "TYPE BASE64 [LABEL...]" (a .pub line, or the form the client walk
 * hands to the server checks) or "SHA256:FP [LABEL...]" into *k (free with
 * ak_key_clear).  Returns 0, or -1 when s is neither (a blob that does not
 * decode, or whose type differs from TYPE). */
int ak_key_parse(const char *s, ak_key *k);
void ak_key_clear(ak_key *k);

/* "SHA256:" and the unpadded base64 of the SHA-256 of blob, as ssh-keygen
 * -l prints it.  Caller frees. */
char *ak_fingerprint(const unsigned char *blob, size_t len);

/* 1 if the line's key is k: the same blob, or for a key known only by its
 * fingerprint, the same fingerprint. */
int ak_entry_is_key(const ak_entry *e, const ak_key *k);

/* ---- Algorithms and patterns ---- */

/* OpenSSH's match_pattern_list(s, list, 0): 1 when a pattern of the
 * comma-separated list (wildcards * and ?) matches, -1 when a negated one
 * (!pattern) does, else 0.  Linear in the input, whatever the patterns. */
int ak_match_list(const char *s, const char *list);
/* One pattern (* and ?), without backtracking blow-up. */
int ak_glob(const char *s, size_t slen, const char *pat, size_t plen);

/* The signature algorithm the user's ssh sends for a key of type (as
 * OpenSSH's key_sig_algorithm picks it from a server that lists every
 * algorithm in server-sig-algs, as sshd does): for RSA keys and RSA
 * certificates the first RSA entry of the client's own
 * PubkeyAcceptedAlgorithms (client_list; NULL: OpenSSH's default order,
 * rsa-sha2-512 first), for other keys the key type itself.  Returns NULL
 * when the client's list leaves the key out (ssh does not offer it).
 * Static string or a pointer into client_list copied to buf. */
const char *ak_client_alg(const char *type, const char *client_list,
    char *buf, size_t bufsz);

/* For a key of type, the algorithm names of the server's accepted list that
 * would take it (sshd's list from `sshd -T`), comma-separated into buf
 * (empty when none).  Returns the count. */
size_t ak_algs_for_type(const char *type, const char *server_list,
    char *buf, size_t bufsz);

/* The ssh-keygen -t word for the first plain key algorithm of the server's
 * list ("ed25519", "ecdsa", "rsa"), or NULL when none has one. */
const char *ak_keygen_type(const char *server_list);

/* ---- from= ---- */

/* sshd's match_host_and_ip(host, ip, patterns) for a from="..." option:
 * 1 the client may use the key, 0 it may not, -1 the list is malformed
 * (sshd then refuses too).  host: the client's name as sshd knows it (with
 * UseDNS no, the address itself). */
int ak_from_match(const char *host, const char *ip, const char *patterns);

#endif
