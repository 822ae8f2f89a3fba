/* ssh.auth: can this user log in with what ssh would try?
 *
 * Tries, on the shared session, what OpenSSH tries and in its order: the
 * agent's keys (SSH_AUTH_SOCK; an identity file the agent also holds takes
 * its place in the agent's order, and with IdentitiesOnly only those),
 * then the identity files (the target's, else ssh's default names in
 * ~/.ssh), then the password (password method, else keyboard-interactive).
 * Each key is first offered without a signature; the server's "PK_OK"
 * means it would accept the key.  A key held only by the agent is not
 * signed with (libssh cannot ask the agent to sign with one chosen key), so
 * its PK_OK counts as a success; a key file without a passphrase is signed
 * with for real.
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

#include <pwd.h>
#include <stdlib.h>
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
} cred;

typedef struct creds {
	cred *v;
	size_t n;
	size_t agent_total;	/* keys the agent holds */
	size_t agent_listed;	/* of those, in v */
	size_t files;		/* identity files in v */
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

static const char *
home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if ((home == NULL || *home == '\0') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return home ? home : "";
}

/* A file credential for path, or 0 when it cannot be offered (evidence
 * says why when the user named it). */
static int
file_load(sw_probe_ctx *ctx, const char *path, int named, cred *out)
{
	char *pubpath = xasprintf("%s.pub", path);
	ssh_key pub = NULL, priv = NULL;
	char *b64 = NULL;

	memset(out, 0, sizeof(*out));
	if (access(path, F_OK) != 0 && access(pubpath, F_OK) != 0) {
		if (named)
			evidence_add(&ctx->evidence, "identity_missing", "%s",
			    path);
		free(pubpath);
		return 0;
	}
	if (ssh_pki_import_privkey_file(path, NULL, no_passphrase, NULL,
	    &priv) != SSH_OK)
		priv = NULL;
	if (ssh_pki_import_pubkey_file(pubpath, &pub) != SSH_OK) {
		pub = NULL;
		if (priv != NULL &&
		    ssh_pki_export_privkey_to_pubkey(priv, &pub) != SSH_OK)
			pub = NULL;
	}
	free(pubpath);
	if (pub == NULL || ssh_pki_export_pubkey_base64(pub, &b64) != SSH_OK) {
		evidence_add(&ctx->evidence, "identity_unusable", "%s: %s", path,
		    priv == NULL ? "cannot read it (a passphrase without a .pub "
		    "file, or another format)" : "no public key");
		ssh_key_free(pub);
		ssh_key_free(priv);
		return 0;
	}
	if (priv == NULL)
		evidence_add(&ctx->evidence, "identity_encrypted", "%s: only "
		    "its public key could be read (ssh would ask for the "
		    "passphrase)", path);
	out->kind = CRED_FILE;
	out->label = xstrdup(path);
	out->b64 = b64;
	out->pub = pub;
	out->priv = priv;
	return 1;
}

/* Builds the list of keys in the order ssh offers them. */
static void
creds_build(sw_probe_ctx *ctx, creds *c)
{
	const sw_target *t = ctx->target;
	const char *sock = getenv("SSH_AUTH_SOCK");
	sshp_agent_keys ak = { 0 };
	cred *files = NULL;
	size_t nfiles = 0, i, j;
	char *err = NULL;

	memset(c, 0, sizeof(*c));
	/* Identity files, as configured or ssh's defaults. */
	if (t->n_identities > 0) {
		for (i = 0; i < t->n_identities; i++) {
			files = xreallocarray(files, nfiles + 1, sizeof(*files));
			if (file_load(ctx, t->identities[i], 1, &files[nfiles]))
				nfiles++;
		}
	} else {
		for (i = 0; i < sizeof(default_ids) / sizeof(default_ids[0]);
		    i++) {
			char *p = xasprintf("%s/.ssh/%s", home_dir(),
			    default_ids[i]);

			files = xreallocarray(files, nfiles + 1, sizeof(*files));
			if (file_load(ctx, p, 0, &files[nfiles]))
				nfiles++;
			free(p);
		}
	}

	/* The agent's keys, in its order; files it holds take that place. */
	if (sock != NULL && *sock != '\0') {
		if (sshp_agent_list(ctx, sock, &ak, &err) != 0) {
			evidence_add(&ctx->evidence, "agent", "%s", err);
			free(err);
		} else
			c->agent_total = ak.n;
	} else
		evidence_add(&ctx->evidence, "agent", "none (SSH_AUTH_SOCK is "
		    "not set)");
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
		c->agent_listed++;
	}
	for (j = 0; j < nfiles; j++) {
		if (files[j].label == NULL)
			continue;
		*creds_add(c) = files[j];
		c->files++;
	}
	free(files);
	sshp_agent_keys_free(&ak);
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
				    "%s: rejected", k->label);
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
		} else
			evidence_add(&ctx->evidence, ev_key, "%s: accepted "
			    "(the server would take it; %s)", k->label,
			    k->kind == CRED_AGENT || k->in_agent ?
			    "the agent would sign" :
			    "ssh would ask for its passphrase");
		/* Which key works, for the commands to name it. */
		if (k->kind == CRED_FILE)
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

/* After "Too many authentication failures": reconnects and tries only the
 * identity files and the password, as IdentitiesOnly yes would. */
static void
retry_identities_only(sw_probe_ctx *ctx, const creds *c)
{
	const sw_target *t = ctx->target;
	sshp_open_info info;
	tally r = { 0 };
	int methods = 0, rc;

	if (c->files == 0 && t->password == NULL) {
		evidence_add(&ctx->evidence, "with_identities_only", "nothing "
		    "to try: no identity file and no password");
		return;
	}
	if (probe_ctx_remaining_ms(ctx) < RETRY_MIN_MS) {
		evidence_add(&ctx->evidence, "with_identities_only", "not "
		    "tried: no time left");
		return;
	}
	if (sshp_session_open(ctx, &info) != SSHP_OK ||
	    (rc = sshp_auth_none(ctx, ctx->session->ssh, &methods)) < 0) {
		evidence_add(&ctx->evidence, "with_identities_only", "not "
		    "tried: cannot reconnect");
		sshp_open_info_free(&info);
		return;
	}
	sshp_open_info_free(&info);
	if (rc == 1) {
		evidence_add(&ctx->evidence, "with_identities_only", "logged in "
		    "without authentication");
		return;
	}
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

static const char *
auth_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;
	sw_session *s = ctx->session;
	ssh_session ssh;
	creds c = { 0 };
	tally r = { 0 };
	sshp_open_info info;
	char *text;
	int methods = 0, rc, pk;
	const char *outcome = "error";

	sshp_quiet();
	evidence_add(&ctx->evidence, "user", "%s", t->user ? t->user : "");
	if ((ssh = sshp_session_get(ctx)) == NULL)
		return "error";
	if (s->ssh_auth_used > 0) {
		/* An earlier run spent attempts on this connection. */
		evidence_add(&ctx->evidence, "connection", "reconnected: the "
		    "earlier connection has been used for logging in");
		if (sshp_session_open(ctx, &info) != SSHP_OK) {
			evidence_add(&ctx->evidence, "error", "cannot reconnect: "
			    "%s", info.error ? info.error :
			    sshp_strerror(info.code));
			sshp_open_info_free(&info);
			return "error";
		}
		sshp_open_info_free(&info);
		ssh = s->ssh;
	}
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
		outcome = "no_credentials";
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
	else if (r.pw_rejected) {
		if (r.cut)
			sshp_session_drop(s);
		outcome = "password_rejected";
	} else if (t->password != NULL && !password_usable(methods))
		outcome = "method_unavailable";
	else if (r.rejected > 0)
		outcome = "key_rejected";
	else if (!pk)
		outcome = "method_unavailable";
	else
		outcome = "no_credentials";
out:
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
	"with_identities_only", NULL,
};

const sw_probe_def probe_ssh_auth = {
	.name = "ssh.auth",
	.title = N_("Log in as ssh would"),
	.outcomes = outcomes,
	.run = auth_run,
	.evidence = evidence_keys,
};
