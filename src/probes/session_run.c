/* ssh.session: after the login, does a session start?
 *
 * ssh does not stop at the login: it opens a session channel and the server
 * starts the user's shell (or a forced command) in it.  A login shell that
 * refuses (nologin, /bin/false), a ForceCommand or a command= in
 * authorized_keys that fails, or a server that refuses the channel make ssh
 * fail although the login was accepted.  This probe opens a session channel
 * on the logged-in shared connection and runs `true` there, as
 * `ssh HOST true` would, bounded in time and in the output it keeps.
 *
 * `true` prints nothing and exits 0 under every working shell, so an exit
 * status other than 0 means something else ran: the shell refused (its
 * message, or a silent status 1 as /bin/false gives, says so: no_shell), or
 * a forced command or the shell's start-up failed (failed). */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <ctype.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

/* The output kept from the session, stdout and stderr together. */
#define OUTPUT_CAP 4096
/* The lines of output quoted in the evidence. */
#define OUTPUT_LINES 5

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS, N_("the session started and ran a command") },
	{ "no_shell", SW_STATE_FAIL,
	  N_("the account's shell refuses to start a session") },
	{ "failed", SW_STATE_FAIL, N_("the session failed") },
	{ "unchecked", SW_STATE_UNCHECKED,
	  N_("no session could be tried without a completed login") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

/* What shells that refuse logins print (util-linux and shadow nologin,
 * BSD nologin, the FreeBSD and Debian texts). */
static const char *const refusals[] = {
	"This account is currently not available",
	"This account is not available",
	"nologin",
	"not allowed to log in",
};

typedef struct chan_arg {
	ssh_channel ch;
	const char *cmd;
} chan_arg;

static int
step_open(void *a)
{
	return ssh_channel_open_session(((chan_arg *)a)->ch);
}

static int
step_exec(void *a)
{
	chan_arg *x = a;

	return ssh_channel_request_exec(x->ch, x->cmd);
}

/* Reads what the channel has on stream is_stderr into *out (bounded). */
static void
drain(ssh_channel ch, int is_stderr, sbuf *out, size_t *dropped)
{
	char buf[1024];
	int n;

	while ((n = ssh_channel_read_nonblocking(ch, buf, sizeof(buf),
	    is_stderr)) > 0) {
		size_t room = out->len < OUTPUT_CAP ? OUTPUT_CAP - out->len : 0;
		size_t take = (size_t)n < room ? (size_t)n : room;

		if (take > 0)
			sbuf_addn(out, buf, take);
		*dropped += (size_t)n - take;
	}
}

/* The first lines of s, control characters escaped, one evidence value
 * each. */
static void
quote_lines(sw_probe_ctx *ctx, const char *s)
{
	int lines = 0;

	while (*s != '\0' && lines < OUTPUT_LINES) {
		size_t n = strcspn(s, "\n");
		sbuf b = { 0 };
		size_t i;

		for (i = 0; i < n && i < 200; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\r')
				continue;
			if (c < 0x20 || c == 0x7f)
				sbuf_addf(&b, "\\x%02x", c);
			else
				sbuf_addc(&b, (char)c);
		}
		if (b.len > 0 || n > 0)
			evidence_add(&ctx->evidence, "output", "%s",
			    b.s ? b.s : "");
		free(b.s);
		lines++;
		s += n;
		if (*s == '\n')
			s++;
	}
}

static int
is_refusal(const char *out)
{
	size_t i;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (strstr(out, refusals[i]) != NULL)
			return 1;
	return 0;
}

/* 1 if out holds nothing but white space. */
static int
blank(const char *out)
{
	while (*out != '\0' && isspace((unsigned char)*out))
		out++;
	return *out == '\0';
}

static const char *
session_run(sw_probe_ctx *ctx)
{
	sw_session *s = ctx->session;
	ssh_session ssh = s->ssh;
	ssh_channel ch = NULL;
	chan_arg a = { NULL, "true" };
	sbuf out = { 0 };
	size_t dropped = 0;
	const char *outcome = "error";
	int rc, stopped = 0, status = -1;
	const char *text;

	sshp_quiet();
	if (ssh == NULL || !ssh_is_connected(ssh) || !s->ssh_logged_in) {
		evidence_add(&ctx->evidence, "not_logged_in", "%s",
		    s->ssh_login_note != NULL ? s->ssh_login_note :
		    "the login check did not complete a login on this "
		    "connection");
		return "unchecked";
	}
	evidence_add(&ctx->evidence, "command", "true");
	if ((ch = ssh_channel_new(ssh)) == NULL) {
		evidence_add(&ctx->evidence, "error", "%s", ssh_get_error(ssh));
		goto out;
	}
	a.ch = ch;
	rc = sshp_drive(ctx, ssh, step_open, &a, SSH_AGAIN, &stopped);
	if (stopped != 0)
		goto stop;
	if (rc != SSH_OK) {
		evidence_add(&ctx->evidence, "channel_refused", "%s",
		    ssh_get_error(ssh));
		outcome = "failed";
		goto out;
	}
	rc = sshp_drive(ctx, ssh, step_exec, &a, SSH_AGAIN, &stopped);
	if (stopped != 0)
		goto stop;
	if (rc != SSH_OK) {
		evidence_add(&ctx->evidence, "exec_refused", "%s",
		    ssh_get_error(ssh));
		outcome = "failed";
		goto out;
	}
	/* Read until the server closes the channel or the deadline. */
	for (;;) {
		drain(ch, 0, &out, &dropped);
		drain(ch, 1, &out, &dropped);
		if (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch)) {
			status = ssh_channel_get_exit_status(ch);
			if (status >= 0 || ssh_channel_is_closed(ch))
				break;
		}
		if (!ssh_is_connected(ssh))
			break;
		if (probe_ctx_cancelled(ctx)) {
			stopped = SSHP_ECANCEL;
			goto stop;
		}
		if (probe_ctx_remaining_ms(ctx) == 0) {
			stopped = SSHP_ETIME;
			goto stop;
		}
		(void)sshp_fd_wait(ctx, ssh_get_fd(ssh), POLLIN);
	}
	drain(ch, 0, &out, &dropped);
	drain(ch, 1, &out, &dropped);
	text = out.s != NULL ? out.s : "";
	if (status < 0)
		status = ssh_channel_get_exit_status(ch);
	quote_lines(ctx, text);
	if (dropped > 0)
		evidence_add(&ctx->evidence, "output_dropped", "%zu", dropped);
	if (status < 0) {
		evidence_add(&ctx->evidence, "exit_status", "none (the server "
		    "closed the session without one)");
		outcome = "failed";
		goto out;
	}
	evidence_add(&ctx->evidence, "exit_status", "%d", status);
	if (status == 0) {
		if (!blank(text))
			evidence_add(&ctx->evidence, "note", "true prints "
			    "nothing: the output came from the shell's start-up "
			    "files or a forced command");
		outcome = "ok";
	} else if (is_refusal(text) || (status == 1 && blank(text))) {
		evidence_add(&ctx->evidence, "shell_refused", "%s",
		    blank(text) ? "exit status 1 without a word, as /bin/false "
		    "gives" : "the shell's own refusal is quoted in output");
		outcome = "no_shell";
	} else
		outcome = "failed";
	goto out;
stop:
	evidence_add(&ctx->evidence, "error", "%s", sshp_strerror(stopped));
	outcome = "error";
out:
	if (ch != NULL) {
		if (ssh_is_connected(ssh) && !ssh_channel_is_closed(ch))
			ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	sbuf_free(&out);
	return outcome;
}

/* The evidence keys the probe may record (probe.h). */
static const char *const evidence_keys[] = {
	"channel_refused", "command", "error", "exec_refused", "exit_status",
	"not_logged_in", "note", "output", "output_dropped", "shell_refused",
	NULL,
};

const sw_probe_def probe_ssh_session = {
	.name = "ssh.session",
	.title = N_("Start a session after the login"),
	.outcomes = outcomes,
	.run = session_run,
	.evidence = evidence_keys,
};
