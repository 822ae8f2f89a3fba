/* ssh.banner: does an SSH server answer on the open port, and which one?
 *
 * Opens its own TCP connection, sends an identification string as ssh does
 * (a web server then answers with an error page at once instead of waiting),
 * and reads what comes back as RFC 4253 section 4.2 allows: lines of text
 * before the identification, 255 bytes a line.  The parser keeps fixed-size
 * buffers and stops at the first byte that decides, so an endless line, a
 * megabyte of junk or a banner dribbled one byte a second all end in a
 * verdict by the deadline with bounded memory.  The server's KEXINIT, which
 * follows, is kept in the session for ssh.kex (keep_kexinit). */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS, N_("an SSH server answers") },
	{ "closed", SW_STATE_FAIL,
	  N_("the connection was closed before the SSH banner") },
	{ "reset", SW_STATE_FAIL,
	  N_("the connection was reset before the SSH banner") },
	{ "timeout", SW_STATE_FAIL, N_("no SSH banner arrived in time") },
	{ "not_ssh", SW_STATE_FAIL, N_("something other than SSH answers") },
	{ "ssh1", SW_STATE_FAIL,
	  N_("the server speaks only the obsolete SSH protocol 1") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ "proxy_exited", SW_STATE_FAIL,
	  N_("the ProxyCommand ended before the SSH banner") },
	{ "proxy_silent", SW_STATE_FAIL,
	  N_("the ProxyCommand runs, but no SSH banner came through it") },
	{ NULL, 0, NULL },
};

static const char ident[] = "SSH-2.0-sshwizard_" PACKAGE_VERSION "\r\n";

/* How long the banner waits for the KEXINIT after the identification. */
#define KEXINIT_WAIT_MS 500

/* How long a ProxyCommand whose output ended may take to exit. */
#define PROXY_EXIT_WAIT_MS 3000

/* The banner did not come through the ProxyCommand: did the command end
 * (its exit status and what it printed), or does it still run? */
static const char *
proxy_outcome(sw_probe_ctx *ctx, const char *outcome)
{
	int status, ended, timeout = strcmp(outcome, "timeout") == 0;
	char *said = NULL;

	ended = sshp_proxy_state(ctx, timeout ? 0 : PROXY_EXIT_WAIT_MS,
	    &status, &said);
	if (said != NULL)
		evidence_add(&ctx->evidence, "proxy_said", "%s", said);
	free(said);
	if (ended != 1) {
		if (ended == 0)
			evidence_add(&ctx->evidence, "proxy_exit", "still "
			    "running");
		return timeout && ended == 0 ? "proxy_silent" : outcome;
	}
	if (WIFEXITED(status))
		evidence_add(&ctx->evidence, "proxy_exit", "exit status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		evidence_add(&ctx->evidence, "proxy_exit", "killed by signal "
		    "%d", WTERMSIG(status));
	return "proxy_exited";
}

/* Records the bytes received so far (escaped) when there were any. */
static void
note_received(sw_probe_ctx *ctx, const sshp_banner *b, size_t got)
{
	char *esc;

	evidence_add(&ctx->evidence, "bytes_received", "%zu", got);
	if (b->n_first == 0)
		return;
	esc = sw_escape_bytes(b->first, b->n_first, SSHP_FIRST_MAX);
	evidence_add(&ctx->evidence, "first_bytes", "%s%s", esc,
	    got > b->n_first ? "..." : "");
	free(esc);
}

static void
note_prelines(sw_probe_ctx *ctx, const sshp_banner *b)
{
	unsigned i;

	if (b->n_pre == 0)
		return;
	evidence_add(&ctx->evidence, "lines_before_banner", "%u", b->n_pre);
	for (i = 0; i < b->n_pre && i < sizeof(b->pre) / sizeof(b->pre[0]);
	    i++) {
		char *esc = sw_escape_bytes((const unsigned char *)b->pre[i],
		    strlen(b->pre[i]), sizeof(b->pre[i]));

		evidence_add(&ctx->evidence, "line_before_banner", "%s", esc);
		free(esc);
	}
}

/* The server's KEXINIT follows its identification line at once: keeps it
 * in the session, so that ssh.kex, when the key exchange fails, compares
 * the server's offer without connecting again (each connection costs the
 * server a process).  rest holds what came after the line.  Waits at most
 * KEXINIT_WAIT_MS more: a server that waits for the client's KEXINIT
 * first is left to ssh.kex, which then connects as before.  The banner's
 * outcome never depends on it. */
static void
keep_kexinit(sw_probe_ctx *ctx, int fd, const unsigned char *rest,
    size_t n)
{
	sw_session *s = ctx->session;
	unsigned char *pkt = NULL;
	size_t len = 0;
	sshp_kexinit k;

	if (sshp_packet_read(ctx, fd, rest, n, sw_now_ms() + KEXINIT_WAIT_MS,
	    &pkt, &len) != SSHP_OK)
		return;
	if (sshp_kexinit_parse(pkt, len, &k) != 0) {
		free(pkt);
		return;
	}
	sshp_kexinit_free(&k);
	s->kexinit = pkt;
	s->kexinit_len = len;
	s->kexinit_hop = s->hop;
}

static const char *
banner_run(sw_probe_ctx *ctx)
{
	sw_session *s = ctx->session;
	sshp_banner *b = NULL;
	unsigned char buf[4096];
	const char *addr = NULL, *outcome = "error";
	int64_t cms = 0, t0;
	int fd = -1, err = 0, rc;
	size_t used = 0, got = 0, last = 0;
	char *esc;

	free(s->banner);
	s->banner = NULL;
	free(s->kexinit);
	s->kexinit = NULL;
	rc = sshp_tcp_open(ctx, &fd, &addr, &cms, &err);
	if (rc != SSHP_OK && sshp_via_proxy(ctx)) {
		evidence_add(&ctx->evidence, "proxy_error", "the ProxyCommand "
		    "could not start: %s", rc == SSHP_ECONNECT ?
		    strerror(err) : sshp_strerror(rc));
		return "proxy_exited";
	}
	if (rc != SSHP_OK) {
		evidence_add(&ctx->evidence, "error", "cannot connect: %s",
		    rc == SSHP_ECONNECT ? strerror(err) : sshp_strerror(rc));
		return "error";
	}
	evidence_add(&ctx->evidence, "address", "%s", addr);
	evidence_add(&ctx->evidence, "port", "%d", ctx->target->port);
	evidence_add(&ctx->evidence, "connect_ms", "%lld", (long long)cms);
	t0 = sw_now_ms();
	/* A server that already closed makes this fail; the read below then
	 * tells how it ended. */
	(void)send(fd, ident, sizeof(ident) - 1, MSG_NOSIGNAL);
	evidence_add(&ctx->evidence, "sent", "SSH-2.0-sshwizard_%s\\r\\n",
	    PACKAGE_VERSION);

	b = xmalloc(sizeof(*b));
	sshp_banner_init(b);
	while (b->state == SSHP_BANNER_MORE) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n > 0) {
			got += (size_t)n;
			sshp_banner_feed(b, buf, (size_t)n, &used);
			last = (size_t)n;
			continue;
		}
		if (n == 0) {
			outcome = "closed";
			break;
		}
		if (errno == ECONNRESET) {
			outcome = "reset";
			break;
		}
		if (errno != EAGAIN && errno != EINTR) {
			evidence_add(&ctx->evidence, "error", "read: %s",
			    strerror(errno));
			outcome = "closed";
			break;
		}
		rc = sshp_fd_wait(ctx, fd, POLLIN);
		if (rc == SSHP_ECANCEL) {
			evidence_add(&ctx->evidence, "error", "cancelled");
			outcome = "error";
			break;
		}
		if (rc == SSHP_ETIME) {
			outcome = "timeout";
			break;
		}
	}
	evidence_add(&ctx->evidence, "elapsed_ms", "%lld",
	    (long long)(sw_now_ms() - t0));

	switch (b->state) {
	case SSHP_BANNER_SSH:
	case SSHP_BANNER_SSH1:
		esc = sw_escape_bytes((const unsigned char *)b->ident,
		    strlen(b->ident), SSHP_ID_MAX);
		evidence_add(&ctx->evidence, "banner", "%s", esc);
		evidence_add(&ctx->evidence, "protocol", "%s", b->proto);
		free(esc);
		esc = sw_escape_bytes((const unsigned char *)b->software,
		    strlen(b->software), sizeof(b->software));
		evidence_add(&ctx->evidence, "software", "%s", esc);
		free(esc);
		if (b->comments[0] != '\0') {
			esc = sw_escape_bytes((const unsigned char *)b->comments,
			    strlen(b->comments), sizeof(b->comments));
			evidence_add(&ctx->evidence, "comments", "%s", esc);
			free(esc);
		}
		note_prelines(ctx, b);
		if (strlen(b->ident) + 2 > SSHP_LINE_MAX)
			evidence_add(&ctx->evidence, "warning", "the "
			    "identification string is longer than the 255 "
			    "bytes RFC 4253 allows; OpenSSH accepts it");
		s->banner = sw_escape_bytes((const unsigned char *)b->ident,
		    strlen(b->ident), SSHP_ID_MAX);
		outcome = b->state == SSHP_BANNER_SSH ? "ok" : "ssh1";
		if (b->state == SSHP_BANNER_SSH)
			keep_kexinit(ctx, fd, buf + used, last - used);
		break;
	case SSHP_BANNER_NOT_SSH:
		evidence_add(&ctx->evidence, "reason", "%s", b->why);
		if (b->guess != NULL)
			evidence_add(&ctx->evidence, "looks_like", "%s",
			    b->guess);
		note_received(ctx, b, got);
		note_prelines(ctx, b);
		outcome = "not_ssh";
		break;
	case SSHP_BANNER_MORE:
		/* closed, reset, timeout or cancelled before a decision */
		note_received(ctx, b, got);
		note_prelines(ctx, b);
		if (strcmp(outcome, "timeout") == 0)
			evidence_add(&ctx->evidence, "timeout_ms", "%d",
			    ctx->target->timeout_ms);
		if (sshp_via_proxy(ctx))
			outcome = proxy_outcome(ctx, outcome);
		break;
	}
	free(b);
	close(fd);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"address", "banner", "bytes_received", "comments", "connect_ms",
	"elapsed_ms", "error", "first_bytes", "line_before_banner",
	"lines_before_banner", "looks_like", "port", "protocol",
	"proxy_error", "proxy_exit", "proxy_said", "reason", "sent",
	"software", "timeout_ms", "warning", NULL,
};

const sw_probe_def probe_ssh_banner = {
	.name = "ssh.banner",
	.title = N_("Read the SSH banner"),
	.outcomes = outcomes,
	.run = banner_run,
	.evidence = evidence_keys,
};
