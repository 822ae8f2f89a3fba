/* server.logs: the latest lines sshd wrote about the client's address, from
 * the journal (units ssh and sshd), /var/log/auth.log, /var/log/secure and
 * the daemon's own -E log file.  Each source is read from its end with a
 * byte limit.  The lines are evidence; the outcome only says whether any
 * were found or the logs could not be read. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const logs_cmds[] = {
	"tail -c %N -- %P",
	"journalctl --no-pager -q -o short-iso -n %N -u %S -u %S",
	NULL,
};

/* Bytes read from the end of each log file, lines kept in the evidence. */
#define LOG_TAIL_BYTES "262144"
#define LOG_LINES 10

static const sw_outcome outcomes[] = {
	{ "found", SW_STATE_INFO, N_("sshd logged lines about this client") },
	{ "none", SW_STATE_INFO, N_("no log line about this client") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("the logs could not be read") },
	{ NULL, 0, NULL },
};

/* Reads one log file's tail; returns 0, or a negative HOST_E* code. */
static int
read_tail(sw_probe_ctx *ctx, sw_host *h, const char *path, char **out)
{
	const char *argv[] = { "tail", "-c", LOG_TAIL_BYTES, "--", path, NULL };
	sw_host_result r;
	int rc;

	*out = NULL;
	if ((rc = host_run(h, ctx, logs_cmds, argv, &r)) != 0) {
		host_result_free(&r);
		return rc;
	}
	if (r.status != 0) {
		rc = strstr(r.err, "No such file") != NULL ? HOST_ENOENT :
		    strstr(r.err, "ermission denied") != NULL ? HOST_EPERM :
		    HOST_EFAIL;
		host_result_free(&r);
		return rc;
	}
	*out = r.out;
	r.out = NULL;	/* transferred */
	host_result_free(&r);
	return 0;
}

size_t
srv_log_collect(sw_probe_ctx *ctx, sw_host *h, const char *ip, char ***lines,
    size_t max, int *read_any, int *denied)
{
	static const char *const files[] = { "/var/log/auth.log",
		"/var/log/secure" };
	static const char *const journal[] = { "journalctl", "--no-pager", "-q",
		"-o", "short-iso", "-n", "2000", "-u", "ssh", "-u", "sshd", NULL };
	char *text = NULL;
	size_t n = 0, i;
	int rc;
	srv_daemon d;
	sw_host_result r;

	*lines = NULL;
	*read_any = *denied = 0;
	rc = host_run(h, ctx, logs_cmds, journal, &r);
	if (rc == 0 && r.status == 0 && r.out_len > 0) {
		*read_any = 1;
		evidence_add(&ctx->evidence, "source", "journalctl -u ssh -u sshd");
		srv_log_filter(r.out, ip, 1, lines, &n, max);
	}
	host_result_free(&r);
	for (i = 0; i < 2; i++) {
		rc = read_tail(ctx, h, files[i], &text);
		if (rc == 0) {
			*read_any = 1;
			evidence_add(&ctx->evidence, "source", "%s", files[i]);
			srv_log_filter(text, ip, 0, lines, &n, max);
		} else if (rc == HOST_EPERM)
			*denied = 1;
		free(text);
		text = NULL;
	}
	/* A daemon started with -E logs to its own file. */
	srv_find_daemon(ctx, h, &d);
	for (i = 0; i < d.n_procs; i++) {
		const char *lf = d.procs[i].logfile;

		if (lf == NULL || !host_path_ok(lf))
			continue;
		rc = read_tail(ctx, h, lf, &text);
		if (rc == 0) {
			*read_any = 1;
			evidence_add(&ctx->evidence, "source", "%s (sshd -E)", lf);
			srv_log_filter(text, ip, 1, lines, &n, max);
		} else if (rc == HOST_EPERM)
			*denied = 1;
		free(text);
		text = NULL;
	}
	srv_daemon_clear(&d);
	return n;
}

static const char *
logs_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	const char *ip;
	char **lines = NULL;
	size_t n, i;
	int read_any, denied;

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	ip = srv_client_ip(ctx);
	n = srv_log_collect(ctx, h, ip, &lines, LOG_LINES, &read_any, &denied);
	evidence_add(&ctx->evidence, "client", "%s",
	    ip != NULL ? ip : "unknown: showing every sshd line");
	for (i = 0; i < n; i++) {
		evidence_add(&ctx->evidence, "log", "%s", lines[i]);
		free(lines[i]);
	}
	free(lines);
	if (!read_any) {
		char *cmd = xasprintf("sudo journalctl -u ssh -u sshd | grep -F "
		    "-e %s", ip != NULL ? ip : "sshd");

		srv_unchecked(ctx, "the SSH logs", denied ? HOST_EPERM : HOST_ENOENT,
		    cmd);
		free(cmd);
		srv_note(ctx, "logs", SW_STATE_UNCHECKED, "the SSH logs");
		return "unchecked";
	}
	srv_note(ctx, "logs", SW_STATE_INFO, "%zu log line(s) about the "
	    "client", n);
	return n > 0 ? "found" : "none";
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"checked_on", "client", "log", "run_instead", "source", "unchecked", NULL,
};

const sw_probe_def probe_server_logs = {
	.name = "server.logs",
	.title = N_("What did sshd log about the client?"),
	.outcomes = outcomes,
	.run = logs_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};

/* The sshd process a log line names ("sshd[PID]:"), or -1. */
static long
line_pid(const char *l)
{
	const char *p = strstr(l, "sshd[");

	return p != NULL && isdigit((unsigned char)p[5]) ?
	    strtol(p + 5, NULL, 10) : -1;
}

static int
says_one_of(const char *l, const char *const *why)
{
	size_t k;

	for (k = 0; why != NULL && why[k] != NULL; k++)
		if (strstr(l, why[k]) != NULL)
			return 1;
	return 0;
}

/* The client port a line names (" port N"), or -1. */
static long
line_port(const char *l)
{
	const char *p = strstr(l, " port ");

	return p != NULL && isdigit((unsigned char)p[6]) ?
	    strtol(p + 6, NULL, 10) : -1;
}

void
srv_quote_log(sw_probe_ctx *ctx, sw_host *h, const char *user,
    const char *const *why, const char *const *near)
{
	char **lines = NULL, start[48];
	size_t n, i, k, anchor = 0, pick[SRV_LOG_QUOTED], npick = 0;
	long pid = -1, port = -1;
	int read_any, denied, found = 0;

	/* Every sshd line: some reasons ("Authentication refused: bad
	 * ownership or modes", "... not in PubkeyAcceptedAlgorithms") do not
	 * name the client's address or the user. */
	n = srv_log_collect(ctx, h, NULL, &lines, SRV_LOG_LINES, &read_any,
	    &denied);
	/* The newest line that names the user and says why: its connection
	 * is the one quoted. */
	for (i = n; i > 0 && !found; i--)
		if (strstr(lines[i - 1], user) != NULL &&
		    says_one_of(lines[i - 1], why)) {
			found = 1;
			anchor = i - 1;
			pid = line_pid(lines[anchor]);
			port = line_port(lines[anchor]);
		}
	snprintf(start, sizeof(start), " port %ld ", port);
	/* Its lines, back to where it began: the same sshd process, or in a
	 * log without process ids (sshd -E) the lines since "Connection
	 * from ... port P", at most SRV_LOG_NEAR back. */
	for (i = anchor + 1; found && i > 0 && npick < SRV_LOG_QUOTED; i--) {
		const char *l = lines[i - 1];

		if (pid >= 0 ? line_pid(l) != pid :
		    anchor - (i - 1) > SRV_LOG_NEAR)
			break;
		if (pid < 0 && port >= 0 && strstr(l, "Connection from ") !=
		    NULL && strstr(l, start) != NULL)
			break;
		if (!((strstr(l, user) != NULL && says_one_of(l, why)) ||
		    says_one_of(l, near)))
			continue;
		/* the same words from an attempt beside it: once */
		for (k = 0; k < npick && strcmp(lines[pick[k]], l) != 0; k++)
			;
		if (k == npick)
			pick[npick++] = i - 1;
	}
	for (k = npick; k > 0; k--) {	/* oldest first */
		const char *l = lines[pick[k - 1]];
		size_t ll = strlen(l);

		/* sshd -E ends its lines with \r\n: the \r, escaped, is
		 * no part of what sshd said */
		if (ll >= 2 && strcmp(l + ll - 2, "\\r") == 0)
			ll -= 2;
		evidence_add(&ctx->evidence, "sshd_said", "%.*s", (int)ll, l);
	}
	for (k = 0; k < n; k++)
		free(lines[k]);
	free(lines);
	if (!read_any)
		evidence_add(&ctx->evidence, "sshd_said", "the logs could not "
		    "be read%s", denied ? ": needs root" : "");
	else if (npick == 0)
		evidence_add(&ctx->evidence, "sshd_said", "no log line about "
		    "%s says why", user);
}
