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
#include <time.h>

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
	{ "cert_invalid", SW_STATE_FAIL,
	  N_("the host certificate is signed by a trusted authority but not "
	  "valid for this host now") },
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
	int rc = 0, revoked, ca, long_line;

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
		revoked = ca = 0;
		if (tok[0] == '@') {
			if (strcmp(tok, "@revoked") == 0)
				revoked = 1;
			else if (strcmp(tok, "@cert-authority") == 0)
				ca = 1;
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
		r->v[r->n].cert_authority = ca;
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

/* The most bytes of ssh-keyscan output read. */
#define KEYSCAN_OUT_MAX 65536
/* Time ssh-keyscan may take at most. */
#define KEYSCAN_TIMEOUT_MS 5000

/* Parses the certificate b64 (a *-cert-v01 key blob) into *c.  Returns
 * 0, or -1 (c is then empty). */
static int
cert_from_b64(const char *b64, sshp_cert *c)
{
	size_t cap = strlen(b64) + 1;
	unsigned char *blob = xmalloc(cap);
	long n = sshp_b64_decode(b64, blob, cap);
	int rc = n < 0 ? -1 : sshp_cert_parse(blob, (size_t)n, c);

	free(blob);
	if (rc != 0)
		memset(c, 0, sizeof(*c));
	return rc;
}

/* Records the certificate c in the evidence. */
static void
cert_note(sw_probe_ctx *ctx, const sshp_cert *c)
{
	char *from = sshp_cert_time_text(c->valid_after);
	char *to = sshp_cert_time_text(c->valid_before);
	size_t i;

	evidence_add(&ctx->evidence, "host_certificate", "%s", c->type);
	evidence_add(&ctx->evidence, "cert_key_id", "%s", c->key_id);
	evidence_add(&ctx->evidence, "cert_valid", "from %s to %s", from, to);
	if (c->n_principals == 0)
		evidence_add(&ctx->evidence, "cert_principals", "(none: any "
		    "host)");
	for (i = 0; i < c->n_principals && i < 16; i++)
		evidence_add(&ctx->evidence, "cert_principals", "%s",
		    c->principals[i]);
	free(from);
	free(to);
}

/* When libssh negotiated a certificate: parses it into *c and returns the
 * certified plain key (caller frees); else NULL. */
static ssh_key
cert_open(ssh_key key, sshp_cert *c)
{
	const char *tn = ssh_key_type_to_char(ssh_key_type(key));
	char *b64 = NULL, *ptype;
	ssh_key plain = NULL;

	memset(c, 0, sizeof(*c));
	if (tn == NULL || strstr(tn, "-cert-v01@openssh.com") == NULL ||
	    ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		return NULL;
	if (cert_from_b64(b64, c) == 0) {
		/* the plain type: the certificate's without the suffix */
		ptype = xstrndup(c->type, strlen(c->type) - 21);
		if (strncmp(ptype, "sk-", 3) == 0) {
			char *t2 = xasprintf("%s@openssh.com", ptype);

			free(ptype);
			ptype = t2;
		}
		if (ssh_pki_import_pubkey_base64(c->plain_b64,
		    ssh_key_type_from_name(ptype), &plain) != SSH_OK)
			plain = NULL;
		free(ptype);
	}
	free(b64);
	if (plain == NULL)
		sshp_cert_free(c);
	return plain;
}

/* libssh 0.10 never negotiates a host certificate, so the certificate ssh
 * would get is fetched as ssh-keyscan -c does, on the address the session
 * uses: the first one in ssh's order (ed25519, ECDSA, RSA) is parsed into
 * *c.  Returns 0, or -1 when the server presents none or ssh-keyscan
 * cannot run. */
static int
cert_fetch(sw_probe_ctx *ctx, sshp_cert *c)
{
	static const char *const order[] = {
		"ssh-ed25519-cert-v01@openssh.com",
		"ecdsa-sha2-nistp256-cert-v01@openssh.com",
		"ecdsa-sha2-nistp384-cert-v01@openssh.com",
		"ecdsa-sha2-nistp521-cert-v01@openssh.com",
		"rsa-sha2-512-cert-v01@openssh.com",
		"rsa-sha2-256-cert-v01@openssh.com",
		"ssh-rsa-cert-v01@openssh.com",
	};
	const char *ip = session_ip(ctx->session);
	char port[16], secs[16], *out, *line, *save = NULL, *best = NULL;
	size_t best_rank = sizeof(order) / sizeof(order[0]), i;
	int64_t left = probe_ctx_remaining_ms(ctx);
	int rc = -1;

	memset(c, 0, sizeof(*c));
	/* ssh-keyscan connects directly: not on a path ssh does not take. */
	if (sshp_via_proxy(ctx) || ctx->session->hop > 0)
		return -1;
	if (ip == NULL)
		ip = ctx->target->host;
	if (left > KEYSCAN_TIMEOUT_MS)
		left = KEYSCAN_TIMEOUT_MS;
	snprintf(port, sizeof(port), "%d", ctx->target->port);
	snprintf(secs, sizeof(secs), "%d", (int)(left / 1000 > 0 ?
	    left / 1000 : 1));
	{
		const char *argv[] = { "ssh-keyscan", "-c", "-T", secs, "-p",
		    port, "--", ip, NULL };

		out = sshp_capture(ctx, argv, (int)left + 500,
		    KEYSCAN_OUT_MAX);
	}
	if (out == NULL)
		return -1;
	/* "TYPE B64" (certificates carry no host name), or "HOST TYPE B64" */
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *type = line, *sp;

		if (line[0] == '#' || (sp = strchr(line, ' ')) == NULL)
			continue;
		*sp = '\0';
		if (strstr(type, "-cert-v01@") == NULL) {
			type = sp + 1;
			if ((sp = strchr(type, ' ')) == NULL)
				continue;
			*sp = '\0';
		}
		for (i = 0; i < best_rank; i++)
			if (strcmp(type, order[i]) == 0) {
				best_rank = i;
				best = sp + 1;
				break;
			}
	}
	if (best != NULL) {
		best[strcspn(best, " \r")] = '\0';
		rc = cert_from_b64(best, c);
	}
	free(out);
	return rc;
}

/* The certificate's problem for host name at time now, or NULL when it is
 * valid.  Static English text. */
static const char *
cert_problem(const sshp_cert *c, const char *host, uint64_t now)
{
	int tv = sshp_cert_time_ok(c, now);

	if (c->cert_type != SSHP_CERT_HOST)
		return "it is a user certificate, not a host certificate";
	if (tv > 0)
		return "it has expired";
	if (tv < 0)
		return "it is not valid yet";
	if (!sshp_cert_principal_ok(c, host))
		return "it is issued for other host names";
	return NULL;
}

static const char *
hostkey_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;
	ssh_session ssh;
	ssh_key key = NULL, certkey = NULL;
	sshp_kh_result r = { 0 };
	sshp_cert cert = { 0 };
	const sshp_kh_entry *ca = NULL, *ca_revoked = NULL;
	int have_cert = 0;
	const char *outcome = "error", *type, *files[KH_FILES_MAX];
	char *fp = NULL, *name = NULL;
	size_t nfiles = 0, i, n_plain = 0;
	const sshp_kh_entry *match = NULL, *stale = NULL, *revoked = NULL;

	sshp_quiet();
	if ((ssh = sshp_session_get(ctx)) == NULL)
		return "error";
	if (ssh_get_server_publickey(ssh, &key) != SSH_OK) {
		evidence_add(&ctx->evidence, "error", "libssh gave no host key");
		return "error";
	}
	{
		ssh_key plain = cert_open(key, &cert);

		if (plain != NULL) {
			cert_note(ctx, &cert);
			have_cert = 1;
			/* compare the certified key as ssh does when it
			 * falls back to the plain key */
			certkey = key;
			key = plain;
		}
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
	for (i = 0; i < r.n && !have_cert; i++) {
		if (!r.v[i].cert_authority)
			continue;
		/* an authority is trusted for this name: ssh asks for a
		 * host certificate first */
		if (cert_fetch(ctx, &cert) == 0) {
			cert_note(ctx, &cert);
			evidence_add(&ctx->evidence, "cert_fetched_with",
			    "ssh-keyscan -c (the wizard's SSH library does not "
			    "receive host certificates)");
			have_cert = 1;
		} else
			evidence_add(&ctx->evidence, "host_certificate",
			    "%s", sshp_via_proxy(ctx) || ctx->session->hop > 0 ?
			    "not fetched (ssh-keyscan cannot go through the "
			    "ProxyCommand or jump host)" : "none (the server "
			    "presents no host certificate, or ssh-keyscan could "
			    "not run)");
		break;
	}

	for (i = 0; i < r.n; i++) {
		const sshp_kh_entry *e = &r.v[i];
		ssh_key k;
		int equal;

		if (!e->cert_authority)
			n_plain++;
		if (e->cert_authority) {
			if (have_cert &&
			    strcmp(e->key_b64, cert.ca_b64) == 0 && ca == NULL)
				ca = e;
			continue;
		}
		if (have_cert && e->revoked &&
		    strcmp(e->key_b64, cert.ca_b64) == 0) {
			ca_revoked = e;
			continue;
		}
		k = entry_key(e);
		equal = k != NULL &&
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
	if (revoked != NULL || ca_revoked != NULL) {
		note_entry(ctx, "revoked_entry", revoked ? revoked : ca_revoked);
		evidence_add(&ctx->evidence, "note", "%s", revoked ?
		    "known_hosts marks this very key as revoked" :
		    "known_hosts marks the authority that signed the host "
		    "certificate as revoked");
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
	} else if (ca != NULL) {
		/* ssh checks the principals against HostKeyAlias, else
		 * the host name */
		const char *cn = t->host_key_alias ? t->host_key_alias :
		    t->host;
		const char *why = cert_problem(&cert, cn, (uint64_t)time(NULL));

		evidence_add(&ctx->evidence, "matched_ca_entry", "%s:%lu",
		    ca->file, ca->line);
		evidence_add(&ctx->evidence, "hashed_entry", "%s",
		    ca->hashed ? "yes" : "no");
		if (why != NULL) {
			evidence_add(&ctx->evidence, "cert_problem", "%s", why);
			evidence_add(&ctx->evidence, "cert_host", "%s", cn);
			outcome = "cert_invalid";
		} else
			outcome = "known";
	} else if (n_plain > 0) {
		sbuf types = { 0 };

		for (i = 0; i < r.n; i++) {
			if (r.v[i].cert_authority)
				continue;
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
	sshp_cert_free(&cert);
	ssh_key_free(certkey);
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
	"stale_entry", "host_certificate", "cert_key_id", "cert_valid",
	"cert_principals", "cert_fetched_with", "matched_ca_entry",
	"cert_problem", "cert_host", NULL,
};

const sw_probe_def probe_ssh_hostkey = {
	.name = "ssh.hostkey",
	.title = N_("Check the server's host key"),
	.outcomes = outcomes,
	.run = hostkey_run,
	.evidence = evidence_keys,
};
