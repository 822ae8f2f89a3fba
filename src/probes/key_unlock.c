/* ssh.key_unlock: log in with a key that needs its passphrase.
 *
 * ssh.auth found that the server would take a key whose file is protected
 * by a passphrase that no agent supplies (session->ssh_locked_key).  ssh
 * asks for the passphrase on its terminal; the screen wizard asks for it
 * too (masked, kept only in target->key_passphrase, a wiped sw_secret) and
 * this probe then loads the key with it and logs in for real, so the
 * session after the login is checked as well.  Batch mode cannot ask: the
 * probe says so (no_passphrase).  The passphrase goes to libssh's key
 * loader and nowhere else. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS,
	  N_("logged in with the key, unlocked by its passphrase") },
	{ "no_passphrase", SW_STATE_FAIL,
	  N_("the key needs its passphrase and none was given") },
	{ "wrong_passphrase", SW_STATE_FAIL,
	  N_("the passphrase does not unlock the key") },
	{ "rejected", SW_STATE_FAIL,
	  N_("the server refused the key's signature") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

typedef struct sign_arg {
	ssh_session ssh;
	ssh_key key;
} sign_arg;

static int
step_sign(void *a)
{
	sign_arg *x = a;

	return ssh_userauth_publickey(x->ssh, NULL, x->key);
}

static const char *
key_unlock_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;
	sw_session *s = ctx->session;
	const char *path = s->ssh_locked_key;
	ssh_key priv = NULL;
	ssh_session ssh;
	sign_arg a;
	int methods = 0, rc, stopped = 0;
	const char *outcome = "error";

	sshp_quiet();
	if (path == NULL) {
		evidence_add(&ctx->evidence, "error", "no key waits for its "
		    "passphrase (the login check did not run first)");
		return "error";
	}
	evidence_add(&ctx->evidence, "key", "%s", path);
	if (t->key_passphrase == NULL) {
		evidence_add(&ctx->evidence, "passphrase", "not given (the "
		    "batch mode cannot ask for it; on screen the wizard asks)");
		return "no_passphrase";
	}
	if (ssh_pki_import_privkey_file(path, t->key_passphrase->s, NULL, NULL,
	    &priv) != SSH_OK) {
		evidence_add(&ctx->evidence, "passphrase", "given, but it does "
		    "not unlock the key");
		return "wrong_passphrase";
	}
	evidence_add(&ctx->evidence, "passphrase", "given; it unlocks the key");
	if ((ssh = sshp_session_unused(ctx)) == NULL)
		goto out;
	if ((rc = sshp_auth_none(ctx, ssh, &methods)) < 0)
		goto out;
	if (rc == 0 && !(methods & SSH_AUTH_METHOD_PUBLICKEY)) {
		evidence_add(&ctx->evidence, "error", "the server no longer "
		    "offers publickey");
		goto out;
	}
	a.ssh = ssh;
	a.key = priv;
	s->ssh_auth_used++;
	rc = rc == 1 ? SSH_AUTH_SUCCESS :
	    sshp_drive(ctx, ssh, step_sign, &a, SSH_AUTH_AGAIN, &stopped);
	if (stopped != 0) {
		evidence_add(&ctx->evidence, "error", "%s",
		    sshp_strerror(stopped));
		sshp_session_drop(s);
		goto out;
	}
	if (rc == SSH_AUTH_SUCCESS) {
		evidence_add(&ctx->evidence, "logged_in_with", "publickey");
		s->ssh_logged_in = 1;
		outcome = "ok";
	} else if (rc == SSH_AUTH_DENIED || rc == SSH_AUTH_PARTIAL) {
		evidence_add(&ctx->evidence, "signature", "%s",
		    rc == SSH_AUTH_PARTIAL ? "accepted, but the server wants "
		    "more" : "rejected");
		outcome = "rejected";
	} else {
		evidence_add(&ctx->evidence, "error", "%s", ssh_get_error(ssh));
		sshp_session_drop(s);
	}
out:
	ssh_key_free(priv);
	return outcome;
}

/* The evidence keys this probe may record (probe.h). */
static const char *const evidence_keys[] = {
	"key", "passphrase", "connection", "logged_in_with", "signature",
	"error", NULL,
};

const sw_probe_def probe_ssh_key_unlock = {
	.name = "ssh.key_unlock",
	.title = N_("Unlock the key with its passphrase"),
	.outcomes = outcomes,
	.run = key_unlock_run,
	.evidence = evidence_keys,
};
