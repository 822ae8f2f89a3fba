/* ssh.hostkey: is the server's host key the one known_hosts remembers?
 *
 * The key comes from the shared libssh session.  known_hosts is read here
 * (not only through libssh) because on a mismatch libssh says "changed" but
 * not which line holds the old key nor what that key was: the verdict needs
 * the file and line of the stale entry and both SHA256 fingerprints.  Lines
 * are matched as OpenSSH does: comma-separated patterns with * ? and !,
 * hashed |1|salt|hash entries (HMAC-SHA1 of the name), and [host]:port for
 * ports other than 22.  Nothing is ever written: the wizard neither accepts
 * nor removes a key. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

/* The most matching entries kept from all files. */
#define KH_ENTRIES_MAX 1024
/* known_hosts files read at most (ssh's user and global lists). */
#define KH_FILES_MAX 8
/* How many lines between two looks at the deadline. */
#define KH_CHECK_EVERY 4096

static const sw_outcome outcomes[] = {
	{ "known", SW_STATE_PASS, N_("the host key matches known_hosts") },
	{ "unknown", SW_STATE_WARN, N_("this host is not in known_hosts yet") },
	{ "changed", SW_STATE_FAIL,
	  N_("the host key differs from the one in known_hosts") },
	{ "other_type", SW_STATE_WARN,
	  N_("known_hosts knows this host only under another key type") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

void
sshp_kh_result_free(sshp_kh_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].file);
		free(r->v[i].keytype);
		free(r->v[i].key_b64);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Reads one line of f as ssh does (getline, then the line taken as a C
 * string): the bytes up to '\n' or the end, cut at a NUL byte inside it, so
 * a NUL never hides the next line.  At most cap - 1 bytes are kept; *long_line
 * is set when the line held more.  Returns -1 at the end of the file. */
static int
kh_getline(FILE *f, char *buf, size_t cap, int *long_line)
{
	size_t n = 0;
	int c, any = 0, cut = 0;

	*long_line = 0;
	while ((c = getc(f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (c == '\0')
			cut = 1;
		if (cut)
			continue;
		if (n + 1 < cap)
			buf[n++] = (char)c;
		else
			*long_line = 1;
	}
	buf[n] = '\0';
	return any ? 0 : -1;
}

int
sshp_kh_scan_stream(sw_probe_ctx *ctx, FILE *f, const char *path,
    const char *name, sshp_kh_result *r)
{
	char *buf, *save, *tok, *host, *type, *b64;
	unsigned long lineno = 0;
	int rc = 0, revoked, long_line;

	buf = xmalloc(SSHP_KH_LINE_MAX + 1);
	while (kh_getline(f, buf, SSHP_KH_LINE_MAX + 1, &long_line) == 0) {
		lineno++;
		if (lineno % KH_CHECK_EVERY == 0 && ctx != NULL &&
		    probe_ctx_should_stop(ctx)) {
			rc = -1;
			break;
		}
		if (long_line) {
			r->skipped++;
			continue;
		}
		save = NULL;
		if ((tok = strtok_r(buf, " \t\r\n", &save)) == NULL ||
		    tok[0] == '#')
			continue;
		revoked = 0;
		if (tok[0] == '@') {
			if (strcmp(tok, "@revoked") == 0)
				revoked = 1;
			else if (strcmp(tok, "@cert-authority") == 0)
				continue;
			else {
				r->skipped++;
				continue;
			}
			tok = strtok_r(NULL, " \t\r\n", &save);
		}
		host = tok;
		type = strtok_r(NULL, " \t\r\n", &save);
		b64 = strtok_r(NULL, " \t\r\n", &save);
		if (host == NULL || type == NULL || b64 == NULL) {
			r->skipped++;
			continue;
		}
		if (!sshp_kh_host_matches(host, name) || r->n >= KH_ENTRIES_MAX)
			continue;
		r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
		r->v[r->n].file = xstrdup(path);
		r->v[r->n].line = lineno;
		r->v[r->n].keytype = sw_escape_bytes((unsigned char *)type,
		    strlen(type), 64);
		r->v[r->n].key_b64 = xstrdup(b64);
		r->v[r->n].hashed = strncmp(host, "|1|", 3) == 0;
		r->v[r->n].revoked = revoked;
		r->n++;
	}
	if (ferror(f))
		rc = -1;
	free(buf);
	if (rc == 0)
		r->files_read++;
	return rc;
}

int
sshp_kh_scan(sw_probe_ctx *ctx, const char *path, const char *name,
    sshp_kh_result *r)
{
	FILE *f;
	int rc;

	if ((f = fopen(path, "re")) == NULL)
		return errno == ENOENT ? 1 : -1;
	rc = sshp_kh_scan_stream(ctx, f, path, name, r);
	fclose(f);
	return rc;
}

/* The key type name as known_hosts writes it ("ecdsa-sha2-nistp256" rather
 * than libssh's plain "ecdsa"). */
static const char *
key_type_name(ssh_key key)
{
	enum ssh_keytypes_e t = ssh_key_type(key);

	if (t == SSH_KEYTYPE_ECDSA_P256 || t == SSH_KEYTYPE_ECDSA_P384 ||
	    t == SSH_KEYTYPE_ECDSA_P521)
		return ssh_pki_key_ecdsa_name(key);
	return ssh_key_type_to_char(t);
}

/* Two key type names of the same family (the same curve or not), as
 * OpenSSH counts a "changed" key. */
static int
same_family(const char *a, const char *b)
{
	if (sw_starts_with(a, "ecdsa-sha2-") && sw_starts_with(b, "ecdsa-sha2-"))
		return 1;
	if (sw_starts_with(a, "sk-ecdsa-") && sw_starts_with(b, "sk-ecdsa-"))
		return 1;
	return strcmp(a, b) == 0;
}

/* "SHA256:..." of key, or NULL.  Caller frees. */
static char *
fingerprint(ssh_key key)
{
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp, *out;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != 0)
		return NULL;
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ssh_clean_pubkey_hash(&hash);
	if (fp == NULL)
		return NULL;
	out = xstrdup(fp);
	ssh_string_free_char(fp);
	return out;
}

/* The key of an entry, or NULL when it does not parse. */
static ssh_key
entry_key(const sshp_kh_entry *e)
{
	ssh_key k = NULL;
	enum ssh_keytypes_e t = ssh_key_type_from_name(e->keytype);

	if (t == SSH_KEYTYPE_UNKNOWN ||
	    ssh_pki_import_pubkey_base64(e->key_b64, t, &k) != SSH_OK)
		return NULL;
	return k;
}

static const char *
libssh_verdict(enum ssh_known_hosts_e v)
{
	switch (v) {
	case SSH_KNOWN_HOSTS_OK:
		return "known";
	case SSH_KNOWN_HOSTS_CHANGED:
		return "changed";
	case SSH_KNOWN_HOSTS_OTHER:
		return "other_type";
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		return "unknown";
	default:
		return "error";
	}
}

static void
note_entry(sw_probe_ctx *ctx, const char *key, const sshp_kh_entry *e)
{
	ssh_key k = entry_key(e);
	char *fp = k ? fingerprint(k) : NULL;

	evidence_add(&ctx->evidence, key, "%s:%lu", e->file, e->line);
	evidence_add(&ctx->evidence, "known_key_type", "%s", e->keytype);
	evidence_add(&ctx->evidence, "known_fingerprint", "%s",
	    fp ? fp : "(the key in that line does not parse)");
	evidence_add(&ctx->evidence, "hashed_entry", "%s",
	    e->hashed ? "yes" : "no");
	free(fp);
	ssh_key_free(k);
}

static const char *
hostkey_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;
	ssh_session ssh;
	ssh_key key = NULL;
	sshp_kh_result r = { 0 };
	const char *outcome = "error", *type, *files[KH_FILES_MAX];
	char *fp = NULL, *name = NULL;
	size_t nfiles = 0, i;
	const sshp_kh_entry *match = NULL, *stale = NULL, *revoked = NULL;

	sshp_quiet();
	if ((ssh = sshp_session_get(ctx)) == NULL)
		return "error";
	if (ssh_get_server_publickey(ssh, &key) != SSH_OK) {
		evidence_add(&ctx->evidence, "error", "libssh gave no host key");
		return "error";
	}
	type = key_type_name(key);
	fp = fingerprint(key);
	name = xstrdup(t->known_host_name);
	evidence_add(&ctx->evidence, "lookup_name", "%s", name);
	evidence_add(&ctx->evidence, "server_key_type", "%s", type);
	evidence_add(&ctx->evidence, "server_fingerprint", "%s",
	    fp ? fp : "?");

	/* The files ssh reads, as the target resolved them. */
	for (i = 0; i < t->n_user_known_hosts && nfiles < KH_FILES_MAX; i++)
		files[nfiles++] = t->user_known_hosts[i];
	for (i = 0; i < t->n_global_known_hosts && nfiles < KH_FILES_MAX; i++)
		files[nfiles++] = t->global_known_hosts[i];
	for (i = 0; i < nfiles; i++) {
		int rc = sshp_kh_scan(ctx, files[i], name, &r);

		if (rc < 0 && probe_ctx_should_stop(ctx)) {
			evidence_add(&ctx->evidence, "error", "stopped while "
			    "reading %s", files[i]);
			goto out;
		}
		if (rc < 0 || (rc == 1 && i == 0))
			evidence_add(&ctx->evidence, "known_hosts_file",
			    "%s (%s)", files[i], rc < 0 ? "unreadable" :
			    "does not exist");
		else if (rc == 0)
			evidence_add(&ctx->evidence, "known_hosts_file", "%s",
			    files[i]);
	}
	if (r.skipped > 0)
		evidence_add(&ctx->evidence, "lines_skipped", "%lu (too long "
		    "or malformed)", r.skipped);

	for (i = 0; i < r.n; i++) {
		const sshp_kh_entry *e = &r.v[i];
		ssh_key k = entry_key(e);
		int equal = k != NULL &&
		    ssh_key_cmp(k, key, SSH_KEY_CMP_PUBLIC) == 0;

		ssh_key_free(k);
		if (equal && e->revoked && revoked == NULL)
			revoked = e;
		else if (equal && !e->revoked && match == NULL)
			match = e;
		else if (!equal && !e->revoked && stale == NULL &&
		    same_family(e->keytype, type))
			stale = e;
	}
	if (revoked != NULL) {
		note_entry(ctx, "revoked_entry", revoked);
		evidence_add(&ctx->evidence, "note", "known_hosts marks this "
		    "very key as revoked");
		outcome = "changed";
	} else if (match != NULL) {
		evidence_add(&ctx->evidence, "matched_entry", "%s:%lu",
		    match->file, match->line);
		evidence_add(&ctx->evidence, "hashed_entry", "%s",
		    match->hashed ? "yes" : "no");
		outcome = "known";
	} else if (stale != NULL) {
		note_entry(ctx, "stale_entry", stale);
		outcome = "changed";
	} else if (r.n > 0) {
		sbuf types = { 0 };

		for (i = 0; i < r.n; i++) {
			evidence_add(&ctx->evidence, "entry", "%s:%lu %s",
			    r.v[i].file, r.v[i].line, r.v[i].keytype);
			if (!sshp_list_has(types.s, r.v[i].keytype))
				sbuf_addf(&types, "%s%s", types.len ? "," : "",
				    r.v[i].keytype);
		}
		evidence_add(&ctx->evidence, "known_key_types", "%s", types.s);
		sbuf_free(&types);
		outcome = "other_type";
	} else
		outcome = "unknown";
	evidence_add(&ctx->evidence, "libssh_says", "%s",
	    libssh_verdict(ssh_session_is_known_server(ssh)));
out:
	sshp_kh_result_free(&r);
	ssh_key_free(key);
	free(fp);
	free(name);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"entry", "error", "hashed_entry", "known_fingerprint",
	"known_hosts_file", "known_key_type", "known_key_types",
	"libssh_says", "lines_skipped", "lookup_name", "matched_entry",
	"note", "revoked_entry", "server_fingerprint", "server_key_type",
	"stale_entry", NULL,
};

const sw_probe_def probe_ssh_hostkey = {
	.name = "ssh.hostkey",
	.title = N_("Check the server's host key"),
	.outcomes = outcomes,
	.run = hostkey_run,
	.evidence = evidence_keys,
};
