/* ssh.auth: can this user log in with what ssh would try?
 *
 * Tries, on the shared session, what OpenSSH tries and in its order: the
 * agent's keys (SSH_AUTH_SOCK; an identity file the agent also holds takes
 * its place in the agent's order, and with IdentitiesOnly only those),
 * then the identity files (the target's, else ssh's default names in
 * ~/.ssh), then the password (password method, else keyboard-interactive).
 * Each key is first offered without a signature; the server's "PK_OK"
 * means it would accept the key.  A key held only by the agent (a
 * certificate ssh-add put there too, whose validity and principals are
 * checked as for a file) cannot be signed with alone (libssh cannot ask
 * the agent to sign with one chosen key): after its PK_OK the login is
 * completed with the agent as ssh does, its keys in its order, on a new
 * connection (agent_login); a key file without a passphrase is signed with
 * for real.
 *
 * Every rejected key counts against the server's MaxAuthTries, exactly as
 * for ssh.  When the server hangs up in the middle ("Too many
 * authentication failures"), the probe compares the agent's key count with
 * the attempts the server allowed, reconnects once and tries only the
 * identity files and the password, as IdentitiesOnly would, to tell whether
 * the right credential was there.
 *
 * The password goes to libssh and nowhere else: never into evidence. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include <libssh/libssh.h>

/* The most keys listed one by one in the evidence. */
#define EVIDENCE_KEYS_MAX 32
/* The most keyboard-interactive rounds answered. */
#define KBDINT_ROUNDS_MAX 4
/* Time a reconnect for the IdentitiesOnly retry needs at least. */
#define RETRY_MIN_MS 300

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS, N_("logged in") },
	{ "password_rejected", SW_STATE_FAIL,
	  N_("the server rejected the password") },
	{ "key_rejected", SW_STATE_FAIL,
	  N_("the server accepted none of the keys") },
	{ "method_unavailable", SW_STATE_FAIL,
	  N_("the server does not allow the way you log in") },
	{ "too_many_keys", SW_STATE_FAIL,
	  N_("the server hung up after too many keys") },
	{ "no_credentials", SW_STATE_FAIL,
	  N_("there was nothing to log in with") },
	{ "key_missing", SW_STATE_FAIL,
	  N_("an identity file you named does not exist") },
	{ "key_permissions", SW_STATE_FAIL,
	  N_("ssh ignores the key: others can read the file") },
	{ "key_format", SW_STATE_FAIL,
	  N_("ssh cannot load the key file") },
	{ "key_ppk", SW_STATE_FAIL,
	  N_("the key is in PuTTY's format, which ssh cannot load") },
	{ "key_passphrase", SW_STATE_FAIL,
	  N_("the key needs its passphrase and no agent holds it") },
	{ "cert_invalid", SW_STATE_FAIL,
	  N_("the certificate is not valid for this user now") },
	{ "agent_unreachable", SW_STATE_FAIL,
	  N_("the agent named by SSH_AUTH_SOCK cannot be reached") },
	{ "partial", SW_STATE_WARN,
	  N_("the server wants a further step (a second factor)") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

/* The identity files ssh uses when none is configured (OpenSSH 9). */
static const char *const default_ids[] = {
	"id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk",
	"id_xmss", "id_dsa",
};

enum { CRED_AGENT, CRED_FILE };

typedef struct cred {
	int kind;
	char *label;		/* path, or "agent key N (comment)" */
	char *b64;		/* public key blob, base64 */
	ssh_key pub;
	ssh_key priv;		/* CRED_FILE: loaded, or NULL */
	int in_agent;		/* CRED_FILE: the agent holds it too */
	int unprotected;	/* CRED_FILE: others may read it, so ssh
				 * refuses to use it (sshkey_perm_ok) */
	int encrypted;		/* CRED_FILE: needs a passphrase */
	const char *cert_problem;	/* a certificate that cannot work:
				 * why (English, static), else NULL */
} cred;

typedef struct creds {
	cred *v;
	size_t n;
	size_t agent_total;	/* keys the agent holds */
	size_t agent_listed;	/* of those, in v */
	size_t files;		/* identity files in v */
	int missing;		/* an identity file named with -i is missing */
	int unloadable;		/* a key file ssh cannot load */
	int ppk;		/* ... in PuTTY's format */
	int agent_failed;	/* an agent is named but does not answer */
} creds;

/* How a round of attempts went. */
typedef struct tally {
	int ok;			/* logged in (or would be) */
	int real;		/* ... and the login completed here */
	const char *how;	/* what let us in */
	size_t offered;		/* keys offered */
	size_t rejected;	/* keys rejected */
	int pw_tried;
	int pw_rejected;
	int partial;		/* a method succeeded, more are required */
	int unprotected_ok;	/* the server would take a key ssh ignores */
	int passphrase_ok;	/* the server would take a key that needs a
				 * passphrase no agent supplies */
	int cert_bad;		/* a certificate with a problem was refused */
	int agent_ok;		/* the accepted key is one the agent signs
				 * with */
	int cut;		/* the server hung up */
	int cut_in_password;	/* ... while the password was tried */
	int stopped;		/* SSHP_ETIME / SSHP_ECANCEL */
	int failed;		/* another libssh error */
} tally;

static void
creds_free(creds *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].label);
		free(c->v[i].b64);
		ssh_key_free(c->v[i].pub);
		ssh_key_free(c->v[i].priv);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static cred *
creds_add(creds *c)
{
	c->v = xreallocarray(c->v, c->n + 1, sizeof(*c->v));
	memset(&c->v[c->n], 0, sizeof(c->v[0]));
	return &c->v[c->n++];
}

/* Never prompts: libssh would otherwise let OpenSSL ask on the terminal. */
static int
no_passphrase(const char *prompt, char *buf, size_t len, int echo,
    int verify, void *ud)
{
	(void)prompt;
	(void)buf;
	(void)len;
	(void)echo;
	(void)verify;
	(void)ud;
	return -1;
}

/* The home directory ssh expands ~ to: the password database's, not
 * $HOME (OpenSSH's tilde_expand_filename). */
static const char *
home_dir(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw != NULL && pw->pw_dir != NULL ? pw->pw_dir : "";
}

/* Reads at most SSHP_KEYFILE_MAX bytes of path into buf (NUL-ended) and
 * its status into *st.  Returns the length, or -1 with errno set. */
static long
read_head(const char *path, char *buf, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		int e = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;

		close(fd);
		errno = e;
		return -1;
	}
	while (n < SSHP_KEYFILE_MAX &&
	    (r = read(fd, buf + n, SSHP_KEYFILE_MAX - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return (long)n;
}

/* The name puttygen should write the converted key to: path without
 * ".ppk", or with "_openssh" added when that name is taken.  Caller
 * frees. */
static char *
ppk_target(const char *path)
{
	size_t n = strlen(path);
	char *out;

	if (n > 4 && strcmp(path + n - 4, ".ppk") == 0) {
		out = xstrndup(path, n - 4);
		if (access(out, F_OK) != 0)
			return out;
		free(out);
		return xasprintf("%.*s_openssh", (int)(n - 4), path);
	}
	return xasprintf("%s_openssh", path);
}

/* A file credential for path, or 0 when it cannot be offered.  Checks
 * what ssh checks before it uses a key file: that it exists, that others
 * cannot read it (sshkey_perm_ok: a file of ours with any of 077 set), and
 * that it is a private key ssh can load; each problem goes into the
 * evidence and into c. */
static int
file_load(sw_probe_ctx *ctx, creds *c, const char *path, int named,
    cred *out)
{
	char *pubpath = xasprintf("%s.pub", path);
	char *buf = xmalloc(SSHP_KEYFILE_MAX + 1);
	ssh_key pub = NULL, priv = NULL;
	char *b64 = NULL;
	struct stat st;
	long n;
	int enc = 0, ok = 0;
	sshp_keyfile_kind kind;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	if ((n = read_head(path, buf, &st)) < 0) {
		if (errno == ENOENT && access(pubpath, F_OK) != 0) {
			if (named) {
				char *dir = xstrdup(path);
				char *slash = strrchr(dir, '/');

				if (slash == dir)
					slash[1] = '\0';
				else if (slash != NULL)
					*slash = '\0';
				else {
					free(dir);
					dir = xstrdup(".");
				}
				evidence_add(&ctx->evidence, "key_missing",
				    "%s", path);
				evidence_add(&ctx->evidence, "key_missing_dir",
				    "%s", dir);
				free(dir);
				c->missing = 1;
			}
		} else if (named || errno != ENOENT)
			evidence_add(&ctx->evidence, "identity_unusable",
			    "%s: %s", path, strerror(errno));
		goto out;
	}
	kind = sshp_keyfile_classify(buf, (size_t)n, &enc);
	if (kind == SSHP_KEYFILE_PPK) {
		char *conv = ppk_target(path);

		evidence_add(&ctx->evidence, "ppk_key", "%s", path);
		evidence_add(&ctx->evidence, "ppk_converted", "%s", conv);
		free(conv);
		c->ppk = 1;
		c->unloadable = 1;
		goto out;
	}
	if (kind != SSHP_KEYFILE_OPENSSH && kind != SSHP_KEYFILE_PEM) {
		evidence_add(&ctx->evidence, "unloadable_key", "%s", path);
		evidence_add(&ctx->evidence, "unloadable_why", "%s",
		    kind == SSHP_KEYFILE_PUBLIC ? "this is a public key; "
		    "ssh needs the private key (the file without .pub)" :
		    sshp_keyfile_kind_name(kind));
		c->unloadable = 1;
		goto out;
	}
	if (st.st_uid == getuid() && (st.st_mode & 077) != 0) {
		evidence_add(&ctx->evidence, "unprotected_key", "%s", path);
		evidence_add(&ctx->evidence, "unprotected_mode", "%04o",
		    (unsigned)(st.st_mode & 07777));
		out->unprotected = 1;
	}
	out->encrypted = enc;
	if (!enc && ssh_pki_import_privkey_base64(buf, NULL, no_passphrase,
	    NULL, &priv) != SSH_OK) {
		priv = NULL;
		evidence_add(&ctx->evidence, "unloadable_key", "%s", path);
		evidence_add(&ctx->evidence, "unloadable_why", "%s, but "
		    "it cannot be loaded (cut short or damaged)",
		    sshp_keyfile_kind_name(kind));
		c->unloadable = 1;
		goto out;
	}
	if (ssh_pki_import_pubkey_file(pubpath, &pub) != SSH_OK) {
		pub = NULL;
		if (priv != NULL &&
		    ssh_pki_export_privkey_to_pubkey(priv, &pub) != SSH_OK)
			pub = NULL;
	}
	if (pub == NULL || ssh_pki_export_pubkey_base64(pub, &b64) != SSH_OK) {
		evidence_add(&ctx->evidence, "identity_unusable", "%s: %s", path,
		    enc ? "it needs its passphrase and there is no "
		    ".pub file beside it to offer the public key" :
		    "no public key");
		goto out;
	}
	if (enc)
		evidence_add(&ctx->evidence, "identity_encrypted", "%s", path);
	out->kind = CRED_FILE;
	out->label = xstrdup(path);
	out->b64 = b64;
	out->pub = pub;
	out->priv = out->unprotected ? NULL : priv;
	if (out->unprotected)
		ssh_key_free(priv);
	b64 = NULL;
	pub = priv = NULL;
	ok = 1;
out:
	explicit_bzero(buf, SSHP_KEYFILE_MAX + 1);
	free(buf);
	free(pubpath);
	free(b64);
	ssh_key_free(pub);
	if (!ok)
		ssh_key_free(priv);
	return ok;
}

/* The problem of user certificate c for user at time now, or NULL.
 * Static English text. */
static const char *
user_cert_problem(const sshp_cert *c, const char *user, uint64_t now)
{
	int tv = sshp_cert_time_ok(c, now);

	if (c->cert_type != SSHP_CERT_USER)
		return "it is a host certificate, not a user certificate";
	if (tv > 0)
		return "it has expired";
	if (tv < 0)
		return "it is not valid yet";
	if (c->n_principals == 0)
		return "it names no principal (sshd accepts none for a user)";
	if (user != NULL && !sshp_cert_principal_ok(c, user))
		return "its principals do not include the user";
	return NULL;
}

/* Records the facts of the user certificate b64 (evidence ev_key: label,
 * where it is: "certificate" for a file, "agent_certificate" for one the
 * agent holds) and sets *problem to what keeps it from working (static
 * text) or NULL.  Returns 0, or -1 when it does not parse. */
static int
cert_facts(sw_probe_ctx *ctx, const char *ev_key, const char *label,
    const char *b64, const char **problem)
{
	unsigned char *blob = xmalloc(strlen(b64) + 1);
	sshp_cert c = { 0 };
	char *from, *to;
	long n;
	size_t i;
	int rc = -1;

	*problem = NULL;
	if ((n = sshp_b64_decode(b64, blob, strlen(b64) + 1)) >= 0 &&
	    sshp_cert_parse(blob, (size_t)n, &c) == 0) {
		from = sshp_cert_time_text(c.valid_after);
		to = sshp_cert_time_text(c.valid_before);
		evidence_add(&ctx->evidence, ev_key, "%s", label);
		evidence_add(&ctx->evidence, "cert_valid", "from %s to %s",
		    from, to);
		if (c.n_principals == 0)
			evidence_add(&ctx->evidence, "cert_principals",
			    "(none)");
		for (i = 0; i < c.n_principals && i < 16; i++)
			evidence_add(&ctx->evidence, "cert_principals", "%s",
			    c.principals[i]);
		*problem = user_cert_problem(&c, ctx->target->user,
		    (uint64_t)time(NULL));
		if (*problem != NULL)
			evidence_add(&ctx->evidence, "cert_problem", "%s: %s",
			    label, *problem);
		free(from);
		free(to);
		rc = 0;
	}
	sshp_cert_free(&c);
	free(blob);
	return rc;
}

/* The certificate at path (KEY-cert.pub beside a key, as ssh looks for
 * it, or a CertificateFile) for the key file key, or 0 when there is none.
 * out takes the certificate as its public key and, when key has its
 * private key loaded, a private key that carries the certificate. */
static int
cert_load(sw_probe_ctx *ctx, const char *certpath, const cred *key,
    cred *out)
{
	char *path = xstrdup(certpath);
	ssh_key cert = NULL, priv = NULL;
	char *b64 = NULL;
	int ok = 0;

	memset(out, 0, sizeof(*out));
	if (access(path, F_OK) != 0)
		goto out;
	if (ssh_pki_import_cert_file(path, &cert) != SSH_OK ||
	    ssh_pki_export_pubkey_base64(cert, &b64) != SSH_OK) {
		evidence_add(&ctx->evidence, "certificate_unusable", "%s: not "
		    "a certificate the wizard's SSH library can read", path);
		goto out;
	}
	if (cert_facts(ctx, "certificate", path, b64,
	    &out->cert_problem) != 0) {
		evidence_add(&ctx->evidence, "certificate_unusable", "%s: does "
		    "not parse", path);
		goto out;
	}
	if (key->priv != NULL) {
		/* a second private key object: the first signs without the
		 * certificate */
		if (ssh_pki_import_privkey_file(key->label, NULL, no_passphrase,
		    NULL, &priv) != SSH_OK ||
		    ssh_pki_copy_cert_to_privkey(cert, priv) != SSH_OK) {
			ssh_key_free(priv);
			priv = NULL;
		}
	}
	out->kind = CRED_FILE;
	out->label = path;
	out->b64 = b64;
	out->pub = cert;
	out->priv = priv;
	out->encrypted = key->encrypted;
	out->unprotected = key->unprotected;
	out->in_agent = key->in_agent;
	path = b64 = NULL;
	cert = NULL;
	ok = 1;
out:
	free(path);
	free(b64);
	ssh_key_free(cert);
	return ok;
}

/* 1 if path is a key file the user named with -i: as typed, or with ~/
 * expanded to the home ssh uses. */
static int
named_on_cmdline(const sw_target *t, const char *path)
{
	const char *home = home_dir();
	size_t i, hl = strlen(home);

	for (i = 0; i < t->words.n_identities; i++) {
		const char *w = t->words.identities[i];

		if (strcmp(w, path) == 0)
			return 1;
		if (w[0] == '~' && w[1] == '/' && hl > 0 &&
		    strncmp(path, home, hl) == 0 && strcmp(path + hl, w + 1) == 0)
			return 1;
	}
	return 0;
}

/* The agent socket ssh would ask: IdentityAgent (none: no agent;
 * SSH_AUTH_SOCK or $NAME: that variable; else a path), else
 * $SSH_AUTH_SOCK.  NULL when there is none; *from says which. */
static const char *
agent_socket(const sw_target *t, const char **from)
{
	char *raw = t->ssh_g != NULL ?
	    ssh_g_value(t->ssh_g, "identityagent", 0) : NULL;
	int none = raw != NULL && strcmp(raw, "none") == 0;
	const char *a = t->identity_agent;

	free(raw);
	if (none) {
		*from = "IdentityAgent none";
		return NULL;
	}
	if (a != NULL) {
		*from = "IdentityAgent";
		if (strcmp(a, "SSH_AUTH_SOCK") == 0 ||
		    strcmp(a, "$SSH_AUTH_SOCK") == 0)
			return getenv("SSH_AUTH_SOCK");
		if (a[0] == '$')
			return getenv(a + 1);
		return a;
	}
	*from = "SSH_AUTH_SOCK";
	return getenv("SSH_AUTH_SOCK");
}

/* The certificates CertificateFile names, each joined with the identity
 * file holding its key; ssh offers them first. */
static void
certfiles_add(sw_probe_ctx *ctx, creds *c, const cred *files, size_t nfiles)
{
	const sw_target *t = ctx->target;
	size_t i, j;

	for (i = 0; i < t->n_certificate_files; i++) {
		const char *path = t->certificate_files[i];
		ssh_key cert = NULL;
		sshp_cert pc = { 0 };
		char *b64 = NULL;
		unsigned char *blob = NULL;
		long n;
		const cred *key = NULL;
		cred out;

		if (ssh_pki_import_cert_file(path, &cert) == SSH_OK &&
		    ssh_pki_export_pubkey_base64(cert, &b64) == SSH_OK) {
			blob = xmalloc(strlen(b64) + 1);
			if ((n = sshp_b64_decode(b64, blob, strlen(b64) + 1)) >= 0
			    && sshp_cert_parse(blob, (size_t)n, &pc) == 0)
				for (j = 0; j < nfiles && key == NULL; j++)
					if (files[j].b64 != NULL &&
					    strcmp(files[j].b64, pc.plain_b64) == 0)
						key = &files[j];
		}
		if (key == NULL)
			evidence_add(&ctx->evidence, "certificate_unusable", "%s: %s",
			    path, cert == NULL ? "cannot be read" : "no identity "
			    "file holds its key");
		else if (cert_load(ctx, path, key, &out)) {
			*creds_add(c) = out;
			c->files++;
		}
		sshp_cert_free(&pc);
		free(blob);
		ssh_string_free_char(b64);
		ssh_key_free(cert);
	}
}

static int
is_cert_type(const char *type)
{
	size_t n = strlen(type), m = strlen("-cert-v01@openssh.com");

	return n > m && strcmp(type + n - m, "-cert-v01@openssh.com") == 0;
}

/* Builds the list of keys in the order ssh offers them. */
static void
creds_build(sw_probe_ctx *ctx, creds *c)
{
	const sw_target *t = ctx->target;
	const char *from = NULL;
	const char *sock = agent_socket(t, &from);
	sshp_agent_keys ak = { 0 };
	cred *files = NULL;
	size_t nfiles = 0, i, j;
	char *err = NULL;

	memset(c, 0, sizeof(*c));
	/* Identity files, as configured or ssh's defaults. */
	if (t->n_identities > 0) {
		for (i = 0; i < t->n_identities; i++) {
			files = xreallocarray(files, nfiles + 1, sizeof(*files));
			if (file_load(ctx, c, t->identities[i],
			    named_on_cmdline(t, t->identities[i]),
			    &files[nfiles]))
				nfiles++;
		}
	} else {
		for (i = 0; i < sizeof(default_ids) / sizeof(default_ids[0]);
		    i++) {
			char *p = xasprintf("%s/.ssh/%s", home_dir(),
			    default_ids[i]);

			files = xreallocarray(files, nfiles + 1, sizeof(*files));
			if (file_load(ctx, c, p, 0, &files[nfiles]))
				nfiles++;
			free(p);
		}
	}

	/* Certificates named by CertificateFile come first. */
	certfiles_add(ctx, c, files, nfiles);

	/* The agent's keys, in its order; files it holds take that place. */
	if (sock != NULL && *sock != '\0') {
		if (strcmp(from, "SSH_AUTH_SOCK") != 0)
			evidence_add(&ctx->evidence, "agent_from", "%s", from);
		if (sshp_agent_list(ctx, sock, &ak, &err) != 0) {
			evidence_add(&ctx->evidence, "agent", "%s", err);
			evidence_add(&ctx->evidence, "agent_socket", "%s", sock);
			c->agent_failed = 1;
			free(err);
		} else
			c->agent_total = ak.n;
	} else
		evidence_add(&ctx->evidence, "agent", "none (%s)",
		    strcmp(from, "IdentityAgent none") == 0 ? from :
		    "SSH_AUTH_SOCK is not set");
	for (i = 0; i < ak.n; i++) {
		cred *k = NULL;

		for (j = 0; j < nfiles; j++) {
			if (files[j].b64 != NULL &&
			    strcmp(files[j].b64, ak.v[i].b64) == 0) {
				k = creds_add(c);
				*k = files[j];
				k->in_agent = 1;
				memset(&files[j], 0, sizeof(files[j]));
				c->files++;
				break;
			}
		}
		if (k != NULL || t->identities_only)
			continue;
		k = creds_add(c);
		k->kind = CRED_AGENT;
		k->label = xasprintf("agent key %zu (%s %s)", i + 1,
		    ak.v[i].type, ak.v[i].comment);
		k->b64 = xstrdup(ak.v[i].b64);
		if (ssh_pki_import_pubkey_base64(ak.v[i].b64,
		    ssh_key_type_from_name(ak.v[i].type), &k->pub) != SSH_OK) {
			/* a type libssh does not know: ssh may still use it */
			evidence_add(&ctx->evidence, "agent_key_skipped", "%s",
			    k->label);
			free(k->label);
			free(k->b64);
			c->n--;
			continue;
		}
		/* A certificate the agent holds (ssh-add KEY with
		 * KEY-cert.pub beside it): ssh offers it as it is. */
		if (is_cert_type(ak.v[i].type))
			(void)cert_facts(ctx, "agent_certificate", k->label,
			    k->b64, &k->cert_problem);
		c->agent_listed++;
	}
	for (j = 0; j < nfiles; j++) {
		cred cert;

		if (files[j].label == NULL)
			continue;
		*creds_add(c) = files[j];
		c->files++;
		/* ssh offers KEY-cert.pub right after KEY, unless
		 * CertificateFile names the certificates */
		if (t->n_certificate_files == 0) {
			char *cp = xasprintf("%s-cert.pub", files[j].label);

			if (cert_load(ctx, cp, &c->v[c->n - 1], &cert)) {
				*creds_add(c) = cert;
				c->files++;
			}
			free(cp);
		}
	}
	free(files);
	sshp_agent_keys_free(&ak);
}

/* Hands the keys ssh offers, in its order, to the server checks (the
 * walk's "client." evidence, see probe.h): "TYPE BASE64 LABEL" each, the
 * form probes/authkeys.h reads. */
static void
offered_keys_note(sw_probe_ctx *ctx, const creds *c)
{
	size_t i;

	for (i = 0; i < c->n && i < EVIDENCE_KEYS_MAX; i++) {
		const char *type = c->v[i].pub != NULL ?
		    ssh_key_type_to_char(ssh_key_type(c->v[i].pub)) : NULL;

		if (type != NULL && c->v[i].b64 != NULL)
			evidence_add(&ctx->evidence, "client.offered_key",
			    "%s %s %s", type, c->v[i].b64, c->v[i].label);
	}
}

/* ------------------------------------------------------------- attempts */

typedef struct auth_arg {
	ssh_session ssh;
	ssh_key key;
	const char *password;
} auth_arg;

static int
step_try(void *a)
{
	auth_arg *x = a;

	return ssh_userauth_try_publickey(x->ssh, NULL, x->key);
}

static int
step_sign(void *a)
{
	auth_arg *x = a;

	return ssh_userauth_publickey(x->ssh, NULL, x->key);
}

static int
step_password(void *a)
{
	auth_arg *x = a;

	return ssh_userauth_password(x->ssh, NULL, x->password);
}

static int
step_kbdint(void *a)
{
	auth_arg *x = a;

	return ssh_userauth_kbdint(x->ssh, NULL, NULL);
}

/* Runs one auth step; counts it.  Returns libssh's result, or
 * SSH_AUTH_ERROR with t->stopped, t->cut or t->failed set. */
static int
run_step(sw_probe_ctx *ctx, ssh_session ssh, int (*fn)(void *), auth_arg *a,
    tally *t, int in_password)
{
	int rc, stopped, code;

	ctx->session->ssh_auth_used++;
	rc = sshp_drive(ctx, ssh, fn, a, SSH_AUTH_AGAIN, &stopped);
	if (stopped != 0) {
		t->stopped = stopped;
		return SSH_AUTH_ERROR;
	}
	/* libssh may report a stale "denied" when the answer was the
	 * server hanging up: look at the connection itself. */
	if (rc != SSH_AUTH_ERROR && ssh_is_connected(ssh) &&
	    (ssh_get_status(ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)) == 0)
		return rc;
	code = sshp_classify_error(ssh);
	if (code == SSHP_EDISCONNECT || code == SSHP_ECLOSED ||
	    code == SSHP_ERESET) {
		t->cut = 1;
		t->cut_in_password = in_password;
		evidence_add(&ctx->evidence, "disconnect", "%s",
		    ssh_get_error(ssh));
	} else {
		t->failed = 1;
		evidence_add(&ctx->evidence, "error", "%s", ssh_get_error(ssh));
	}
	return SSH_AUTH_ERROR;
}

/* Offers the keys of c (only identity files when files_only). */
static void
try_keys(sw_probe_ctx *ctx, ssh_session ssh, const creds *c, int files_only,
    const char *ev_key, tally *t)
{
	size_t i;

	for (i = 0; i < c->n && !t->ok; i++) {
		const cred *k = &c->v[i];
		auth_arg a = { ssh, k->pub, NULL };
		int rc;

		if (files_only && k->kind != CRED_FILE)
			continue;
		t->offered++;
		rc = run_step(ctx, ssh, step_try, &a, t, 0);
		if (rc == SSH_AUTH_ERROR) {
			if (t->cut)
				evidence_add(&ctx->evidence, ev_key, "%s: the "
				    "server hung up instead of answering",
				    k->label);
			return;
		}
		if (rc != SSH_AUTH_SUCCESS) {
			t->rejected++;
			if (t->offered <= EVIDENCE_KEYS_MAX)
				evidence_add(&ctx->evidence, ev_key,
				    "%s: rejected%s%s", k->label,
				    k->cert_problem ? ": " : "",
				    k->cert_problem ? k->cert_problem : "");
			if (k->cert_problem != NULL)
				t->cert_bad = 1;
			continue;
		}
		if (k->kind == CRED_FILE && k->unprotected && !k->in_agent) {
			/* ssh loads the private key only now and refuses
			 * it: "UNPROTECTED PRIVATE KEY FILE" */
			evidence_add(&ctx->evidence, ev_key, "%s: the server "
			    "would take it, but ssh ignores it: others can "
			    "read the file", k->label);
			evidence_add(&ctx->evidence, "ignored_key", "%s",
			    k->label);
			t->unprotected_ok = 1;
			continue;
		}
		if (k->kind == CRED_FILE && k->priv == NULL && !k->in_agent) {
			/* BatchMode, or no one to type the passphrase */
			evidence_add(&ctx->evidence, ev_key, "%s: the server "
			    "would take it, but it needs its passphrase and "
			    "no agent holds it", k->label);
			evidence_add(&ctx->evidence, "needs_passphrase", "%s",
			    k->label);
			/* the key file itself, not a certificate */
			if (ctx->session->ssh_locked_key == NULL &&
			    strstr(k->label, "-cert.pub") == NULL)
				ctx->session->ssh_locked_key =
				    xstrdup(k->label);
			t->passphrase_ok = 1;
			continue;
		}
		if (k->kind == CRED_FILE && k->priv != NULL) {
			a.key = k->priv;
			rc = run_step(ctx, ssh, step_sign, &a, t, 0);
			if (rc == SSH_AUTH_ERROR)
				return;
			if (rc == SSH_AUTH_PARTIAL) {
				evidence_add(&ctx->evidence, ev_key, "%s: "
				    "accepted, but the server wants more",
				    k->label);
				t->partial = 1;
				return;
			}
			if (rc != SSH_AUTH_SUCCESS) {
				t->rejected++;
				evidence_add(&ctx->evidence, ev_key, "%s: the "
				    "signature was rejected", k->label);
				continue;
			}
			evidence_add(&ctx->evidence, ev_key, "%s: accepted, "
			    "logged in", k->label);
			t->real = 1;
		} else {
			evidence_add(&ctx->evidence, ev_key, "%s: accepted "
			    "(the server would take it; the agent would sign)",
			    k->label);
			t->agent_ok = 1;
		}
		/* Which key works, for the commands to name it. */
		if (k->kind == CRED_FILE && strstr(k->label, "-cert.pub") == NULL)
			evidence_add(&ctx->evidence, "accepted_key", "%s",
			    k->label);
		t->ok = 1;
		t->how = "publickey";
	}
}

/* Tries the password with the password method, else keyboard-interactive
 * (answering its hidden prompts with the password). */
static void
try_password(sw_probe_ctx *ctx, ssh_session ssh, int methods,
    const sw_secret *pw, const char *ev_key, tally *t)
{
	auth_arg a = { ssh, NULL, pw->s };
	int rc, rounds = 0, used = 0, n, i;

	t->pw_tried = 1;
	if (methods & SSH_AUTH_METHOD_PASSWORD) {
		rc = run_step(ctx, ssh, step_password, &a, t, 1);
		evidence_add(&ctx->evidence, ev_key, "password: %s",
		    rc == SSH_AUTH_SUCCESS ? "accepted, logged in" :
		    rc == SSH_AUTH_PARTIAL ? "accepted, but the server wants "
		    "more" : rc == SSH_AUTH_ERROR ? "no answer" : "rejected");
	} else {
		for (;;) {
			rc = run_step(ctx, ssh, step_kbdint, &a, t, 1);
			if (rc != SSH_AUTH_INFO)
				break;
			if (++rounds > KBDINT_ROUNDS_MAX) {
				rc = SSH_AUTH_DENIED;
				break;
			}
			n = ssh_userauth_kbdint_getnprompts(ssh);
			for (i = 0; i < n; i++) {
				char echo = 0;

				ssh_userauth_kbdint_getprompt(ssh, (unsigned)i,
				    &echo);
				if (!echo && !used) {
					ssh_userauth_kbdint_setanswer(ssh,
					    (unsigned)i, pw->s);
					used = 1;
				} else
					ssh_userauth_kbdint_setanswer(ssh,
					    (unsigned)i, "");
			}
		}
		evidence_add(&ctx->evidence, ev_key,
		    "password (keyboard-interactive): %s",
		    rc == SSH_AUTH_SUCCESS ? "accepted, logged in" :
		    rc == SSH_AUTH_PARTIAL ? "accepted, but the server wants "
		    "more" : rc == SSH_AUTH_ERROR ? "no answer" : "rejected");
	}
	if (rc == SSH_AUTH_SUCCESS) {
		t->ok = 1;
		t->real = 1;
		t->how = methods & SSH_AUTH_METHOD_PASSWORD ? "password" :
		    "keyboard-interactive";
	} else if (rc == SSH_AUTH_PARTIAL)
		t->partial = 1;
	else if (rc != SSH_AUTH_ERROR || t->cut)
		t->pw_rejected = 1;
}

static int
password_usable(int methods)
{
	return (methods & (SSH_AUTH_METHOD_PASSWORD |
	    SSH_AUTH_METHOD_INTERACTIVE)) != 0;
}

/* A new connection for another round of attempts (the server's answer to
 * "none" in *methods).  Returns 0 when it is ready, 1 when it let us in
 * without authentication, -1 when there was no time or it did not open;
 * evidence ev_key says so in those cases. */
static int
reconnect(sw_probe_ctx *ctx, const char *ev_key, int *methods)
{
	sshp_open_info info;
	int rc;

	if (probe_ctx_remaining_ms(ctx) < RETRY_MIN_MS) {
		evidence_add(&ctx->evidence, ev_key, "not tried: no time left");
		return -1;
	}
	if (sshp_session_open(ctx, &info) != SSHP_OK ||
	    (rc = sshp_auth_none(ctx, ctx->session->ssh, methods)) < 0) {
		evidence_add(&ctx->evidence, ev_key, "not tried: cannot "
		    "reconnect");
		sshp_open_info_free(&info);
		return -1;
	}
	sshp_open_info_free(&info);
	if (rc == 1)
		evidence_add(&ctx->evidence, ev_key, "logged in without "
		    "authentication");
	return rc == 1 ? 1 : 0;
}

/* After "Too many authentication failures": reconnects and tries only the
 * identity files and the password, as IdentitiesOnly yes would. */
static void
retry_identities_only(sw_probe_ctx *ctx, const creds *c)
{
	const sw_target *t = ctx->target;
	tally r = { 0 };
	int methods = 0, rc;

	if (c->files == 0 && t->password == NULL) {
		evidence_add(&ctx->evidence, "with_identities_only", "nothing "
		    "to try: no identity file and no password");
		return;
	}
	if ((rc = reconnect(ctx, "with_identities_only", &methods)) != 0)
		return;
	if (methods & SSH_AUTH_METHOD_PUBLICKEY)
		try_keys(ctx, ctx->session->ssh, c, 1, "retry", &r);
	if (!r.ok && !r.cut && !r.stopped && !r.failed && !r.partial &&
	    t->password != NULL && password_usable(methods))
		try_password(ctx, ctx->session->ssh, methods, t->password,
		    "retry", &r);
	evidence_add(&ctx->evidence, "with_identities_only", "%s",
	    r.ok ? (strcmp(r.how, "publickey") == 0 ? "an identity file is "
	    "accepted: the right key was there, behind the others" :
	    "the password is accepted once the keys stop using up the "
	    "attempts") : "still not accepted: the right credential is "
	    "missing as well");
}

static int
step_agent(void *a)
{
	auth_arg *x = a;

	return ssh_userauth_agent(x->ssh, NULL);
}

/* The server would take a key the agent signs with (a certificate the
 * agent holds, for one): logs in with the agent as ssh does, its keys in
 * its order, on a new connection (the attempts spent above do not count
 * twice), so that the session check runs on a real login.  Not with
 * IdentitiesOnly: the agent would offer keys ssh does not. */
static void
agent_login(sw_probe_ctx *ctx, tally *r)
{
	const char *from = NULL;
	const char *sock = agent_socket(ctx->target, &from);
	auth_arg a = { NULL, NULL, NULL };
	tally t = { 0 };
	int methods = 0, rc;

	if (sock == NULL || *sock == '\0' || ctx->target->identities_only)
		return;
	if ((rc = reconnect(ctx, "agent_login", &methods)) != 0) {
		r->real = rc == 1;
		return;
	}
	a.ssh = ctx->session->ssh;
	ssh_options_set(a.ssh, SSH_OPTIONS_IDENTITY_AGENT, sock);
	rc = run_step(ctx, a.ssh, step_agent, &a, &t, 0);
	if (rc == SSH_AUTH_SUCCESS) {
		evidence_add(&ctx->evidence, "agent_login", "logged in with "
		    "the agent's keys, in its order, as ssh does");
		r->real = 1;
	} else
		evidence_add(&ctx->evidence, "agent_login", "%s",
		    rc == SSH_AUTH_PARTIAL ? "accepted, but the server wants "
		    "more" : t.cut ? "the server hung up" : "the agent's "
		    "signature was not accepted");
}

static const char *
auth_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;
	sw_session *s = ctx->session;
	ssh_session ssh;
	creds c = { 0 };
	tally r = { 0 };
	char *text;
	int methods = 0, rc, pk;
	const char *outcome = "error";

	sshp_quiet();
	free(s->ssh_locked_key);
	s->ssh_locked_key = NULL;
	evidence_add(&ctx->evidence, "user", "%s", t->user ? t->user : "");
	if ((ssh = sshp_session_unused(ctx)) == NULL)
		return "error";
	rc = sshp_auth_none(ctx, ssh, &methods);
	if (rc < 0)
		return "error";
	if (rc == 1) {
		evidence_add(&ctx->evidence, "logged_in_with", "none");
		s->ssh_logged_in = 1;
		return "ok";
	}
	text = sshp_methods_text(methods);
	evidence_add(&ctx->evidence, "server_allows", "%s", text);
	free(text);

	creds_build(ctx, &c);
	evidence_add(&ctx->evidence, "agent_keys", "%zu", c.agent_total);
	evidence_add(&ctx->evidence, "identity_files", "%zu", c.files);
	evidence_add(&ctx->evidence, "password", "%s",
	    t->password ? "given" : "not given");
	if (t->identities_only)
		evidence_add(&ctx->evidence, "identities_only", "yes");

	if (c.n == 0 && t->password == NULL) {
		outcome = c.missing ? "key_missing" : c.ppk ? "key_ppk" :
		    c.unloadable ? "key_format" : c.agent_failed ?
		    "agent_unreachable" : "no_credentials";
		goto out;
	}
	pk = (methods & SSH_AUTH_METHOD_PUBLICKEY) != 0;
	if (!(pk && c.n > 0) &&
	    !(t->password != NULL && password_usable(methods))) {
		outcome = "method_unavailable";
		goto out;
	}
	if (pk && c.n > 0)
		try_keys(ctx, s->ssh, &c, 0, "tried", &r);
	if (r.partial) {
		/* A key was enough for the first step; the server now names
		 * what it wants next. */
		methods = ssh_userauth_list(s->ssh, NULL);
		text = sshp_methods_text(methods);
		evidence_add(&ctx->evidence, "then_allows", "%s", text);
		free(text);
	}
	if (!r.ok && !r.cut && !r.stopped && !r.failed &&
	    t->password != NULL && password_usable(methods))
		try_password(ctx, s->ssh, methods, t->password, "tried", &r);
	if (r.offered > EVIDENCE_KEYS_MAX)
		evidence_add(&ctx->evidence, "tried", "... %zu keys in all",
		    r.offered);

	if (r.ok) {
		if (!r.real && r.agent_ok && !r.partial)
			agent_login(ctx, &r);
		evidence_add(&ctx->evidence, "logged_in_with", "%s%s", r.how,
		    r.partial ? " (after publickey)" : "");
		s->ssh_logged_in = r.real;
		if (!r.real)
			s->ssh_login_note = "the server would accept the key, "
			    "but the login was not completed: the agent holds "
			    "the key or it needs its passphrase";
		outcome = "ok";
	} else if (r.stopped != 0) {
		evidence_add(&ctx->evidence, "error", "%s",
		    sshp_strerror(r.stopped));
		sshp_session_drop(s);
		outcome = "error";
	} else if (r.cut && !r.cut_in_password) {
		evidence_add(&ctx->evidence, "rejected_before_disconnect",
		    "%zu", r.rejected);
		evidence_add(&ctx->evidence, "server_allowed_attempts", "%zu",
		    r.rejected + 1);
		evidence_add(&ctx->evidence, "keys_to_offer", "%zu", c.n);
		sshp_session_drop(s);
		retry_identities_only(ctx, &c);
		outcome = "too_many_keys";
	} else if (r.failed) {
		sshp_session_drop(s);
		outcome = "error";
	} else if (r.partial)
		outcome = "partial";
	else if (c.missing)
		outcome = "key_missing";
	else if (r.unprotected_ok)
		outcome = "key_permissions";
	else if (r.passphrase_ok)
		outcome = "key_passphrase";
	else if (r.cert_bad)
		outcome = "cert_invalid";
	else if (r.pw_rejected) {
		if (r.cut)
			sshp_session_drop(s);
		outcome = "password_rejected";
	} else if (t->password != NULL && !password_usable(methods))
		outcome = "method_unavailable";
	else if (c.ppk)
		outcome = "key_ppk";
	else if (c.unloadable)
		outcome = "key_format";
	else if (c.agent_failed && pk)
		outcome = "agent_unreachable";
	else if (r.rejected > 0)
		outcome = "key_rejected";
	else if (!pk)
		outcome = "method_unavailable";
	else
		outcome = "no_credentials";
out:
	/* The server checks look for the keys when the keys were what
	 * failed, not after a refused password. */
	if (strcmp(outcome, "password_rejected") != 0 &&
	    strcmp(outcome, "ok") != 0)
		offered_keys_note(ctx, &c);
	creds_free(&c);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"accepted_key", "agent", "agent_key_skipped", "agent_keys", "connection",
	"disconnect", "error", "identities_only", "identity_encrypted",
	"identity_files", "identity_missing", "identity_unusable",
	"keys_to_offer", "logged_in_with", "password",
	"rejected_before_disconnect", "retry", "server_allowed_attempts",
	"server_allows", "then_allows", "tried", "user",
	"with_identities_only", "key_missing", "key_missing_dir", "ppk_key",
	"ppk_converted", "unloadable_key", "unloadable_why",
	"unprotected_key", "unprotected_mode", "ignored_key",
	"needs_passphrase", "certificate", "certificate_unusable",
	"cert_valid", "cert_principals", "cert_problem", "agent_socket",
	"agent_login", "agent_certificate",
	"agent_from", NULL,
};

const sw_probe_def probe_ssh_auth = {
	.name = "ssh.auth",
	.title = N_("Log in as ssh would"),
	.outcomes = outcomes,
	.run = auth_run,
	.evidence = evidence_keys,
};
