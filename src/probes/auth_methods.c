/* ssh.auth_methods: which ways of logging in does the server allow this
 * user?
 *
 * Sends the "none" authentication request on the shared session, as ssh
 * does first; the server answers with the list of methods that can
 * continue (RFC 4252 section 5.2).  The request does not count against the
 * server's MaxAuthTries when it is the first one. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

/* The most bytes of the server's pre-login message kept. */
#define ISSUE_MAX 512

static const sw_outcome outcomes[] = {
	{ "listed", SW_STATE_PASS, N_("the server named the methods it allows") },
	{ "none_accepted", SW_STATE_PASS,
	  N_("the server lets this user in without authentication") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

static const char *
auth_methods_run(sw_probe_ctx *ctx)
{
	ssh_session ssh;
	char *issue, *text, *esc;
	int methods = 0, rc;

	sshp_quiet();
	evidence_add(&ctx->evidence, "user", "%s",
	    ctx->target->user ? ctx->target->user : "");
	if ((ssh = sshp_session_get(ctx)) == NULL)
		return "error";
	rc = sshp_auth_none(ctx, ssh, &methods);
	if (rc < 0)
		return "error";
	if ((issue = ssh_get_issue_banner(ssh)) != NULL) {
		esc = sw_escape_bytes((const unsigned char *)issue,
		    strlen(issue), ISSUE_MAX);
		evidence_add(&ctx->evidence, "server_message", "%s", esc);
		free(esc);
		ssh_string_free_char(issue);
	}
	if (rc == 1) {
		evidence_add(&ctx->evidence, "methods", "none");
		return "none_accepted";
	}
	text = sshp_methods_text(methods);
	evidence_add(&ctx->evidence, "methods", "%s", *text ? text :
	    "(none listed)");
	free(text);
	return "listed";
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"methods", "server_message", "user", NULL,
};

const sw_probe_def probe_ssh_auth_methods = {
	.name = "ssh.auth_methods",
	.title = N_("Ask which login methods the server allows"),
	.outcomes = outcomes,
	.run = auth_methods_run,
	.evidence = evidence_keys,
};
