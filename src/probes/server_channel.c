/* Entering and leaving the server-side part of the tree.
 *
 *   server.way_in   asked by the client-side walk where the cause is on
 *                   the server: was a way onto the server given, and does it
 *                   open?  Leads into the server part, or back to the
 *                   client verdict.
 *   server.channel  is there a way to run checks on the server?  This
 *                   machine (--server, or "I am on the server" on screen),
 *                   a session that still works (--via), or none.  Opens the
 *                   session, learns the client address the server sees, and
 *                   starts a fresh record of findings.
 *   server.summary  what the server checks verified and what they could
 *                   not: the walk reaches it only when no check found a
 *                   fault, so it decides between "healthy, all verified" and
 *                   "nothing found, but not everything could be checked".
 */
#include "config.h"

#include "core/i18n.h"
#include "core/localhost.h"
#include "core/session.h"
#include "core/target.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sw_outcome channel_outcomes[] = {
	{ "local", SW_STATE_INFO, N_("the checks run on this machine") },
	{ "via", SW_STATE_INFO,
	  N_("the checks run over a connection that works") },
	{ "none", SW_STATE_INFO, N_("no way to run checks on the server") },
	{ "failed", SW_STATE_UNCHECKED,
	  N_("the connection for the checks did not work") },
	{ NULL, 0, NULL },
};

/* PRETTY_NAME from os-release, into the evidence. */
static void
os_name(sw_probe_ctx *ctx, sw_host *h)
{
	char *text = NULL, *p;
	size_t len;

	if (host_read_file(h, ctx, "/etc/os-release", 16384, &text,
	    &len) == 0 && (p = strstr(text, "PRETTY_NAME=")) != NULL) {
		char *v = p + 12;
		size_t n;

		if (*v == '"')
			v++;
		n = strcspn(v, "\"\n");
		evidence_add(&ctx->evidence, "os", "%.*s", (int)n, v);
	}
	free(text);
}

static const char *
channel_run(sw_probe_ctx *ctx)
{
	sw_host *h = srv_host(ctx);
	char *err = NULL;
	const char *ip;
	int root, here;

	if (h == NULL) {
		evidence_add(&ctx->evidence, "note", "server checks need a way "
		    "in: --via [user@]host[:port] over a connection that still "
		    "works, or --server on the server itself");
		return "none";
	}
	srv_notes_reset(ctx);
	if (host_open(h, ctx, &err) != 0) {
		evidence_add(&ctx->evidence, "error", "%s",
		    err != NULL ? err : "the connection failed");
		free(err);
		return "failed";
	}
	evidence_add(&ctx->evidence, "checked_on", "%s", host_label(h));
	if (host_kind(h) == SW_HOST_VIA && host_peer_port(h) > 0)
		evidence_add(&ctx->evidence, "via_port", "%d",
		    host_peer_port(h));
	here = host_kind(h) == SW_HOST_LOCAL &&
	    target_is_this_machine(ctx->target);
	if (here) {
		const char *tip = srv_target_ip(ctx);
		char src[SW_ADDR_TEXT];

		evidence_add(&ctx->evidence, "note", "%s is this machine: the "
		    "server checks run here", ctx->target->host);
		if (ctx->target->client_ip == NULL && tip != NULL &&
		    localhost_source_addr(tip, src, sizeof(src)) == 0)
			host_set_peer_ip(h, src);
	}
	ip = srv_client_ip(ctx);
	evidence_add(&ctx->evidence, "client", "%s%s", ip != NULL ? ip :
	    "unknown (give --client ADDRESS)",
	    ip == NULL || ctx->target->client_ip != NULL ? "" :
	    here ? " (the address this machine connects to itself from)" :
	    " (as the server sees the via session)");
	root = host_is_root(h);
	evidence_add(&ctx->evidence, "runs_as", "%s%s", root == 1 ? "root" :
	    root == 0 ? "a user without root" : "this user",
	    host_sudo(h) ? " (with sudo -n)" : "");
	os_name(ctx, h);
	return host_kind(h) == SW_HOST_LOCAL ? "local" : "via";
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"checked_on", "client", "error", "finding", "note", "os",
	"run_instead", "runs_as", "unchecked", "verified", "via_port",
	"warning", "way_in", NULL,
};

const sw_probe_def probe_server_channel = {
	.name = "server.channel",
	.title = N_("Reach the server for checks"),
	.outcomes = channel_outcomes,
	.run = channel_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};

static const sw_outcome way_in_outcomes[] = {
	{ "open", SW_STATE_INFO, N_("a way onto the server is open") },
	{ "none", SW_STATE_INFO, N_("no way onto the server was given") },
	{ "failed", SW_STATE_UNCHECKED,
	  N_("the way onto the server did not open") },
	{ NULL, 0, NULL },
};

static const char *
way_in_run(sw_probe_ctx *ctx)
{
	sw_host *h = srv_host(ctx);
	char *err = NULL;

	if (h == NULL) {
		evidence_add(&ctx->evidence, "note", "the server-side checks can "
		    "run over another way in that still works: --via "
		    "[user@]host[:port]");
		return "none";
	}
	if (host_open(h, ctx, &err) != 0) {
		evidence_add(&ctx->evidence, "error", "%s",
		    err != NULL ? err : "the connection failed");
		free(err);
		return "failed";
	}
	if (host_kind(h) == SW_HOST_LOCAL &&
	    target_is_this_machine(ctx->target))
		evidence_add(&ctx->evidence, "way_in", "this machine: %s is "
		    "this machine", ctx->target->host);
	else
		evidence_add(&ctx->evidence, "way_in", "%s", host_label(h));
	return "open";
}

const sw_probe_def probe_server_way_in = {
	.name = "server.way_in",
	.title = N_("Check the server over another way in?"),
	.outcomes = way_in_outcomes,
	.run = way_in_run,
	.evidence = evidence_keys,
};

static const sw_outcome summary_outcomes[] = {
	{ "ok", SW_STATE_PASS, N_("every server check passed") },
	{ "ok_via", SW_STATE_PASS,
	  N_("the server side passed every check") },
	{ "config_invalid", SW_STATE_FAIL,
	  N_("sshd runs, but its configuration on disk has errors") },
	{ "incomplete", SW_STATE_UNCHECKED,
	  N_("no fault found, but some checks could not run") },
	{ NULL, 0, NULL },
};

/* The checks a healthy verdict needs, with what each verifies. */
static const struct {
	const char *check;
	const char *what;
} required[] = {
	{ "daemon.running", "the SSH daemon runs" },
	{ "daemon.listen", "it listens on the port, on a reachable address" },
	{ "firewall", "the firewall lets the client in" },
	{ "access.bans", "no ban tool bans the client" },
	{ "access.wrappers", "TCP wrappers let the client in" },
};
#define N_REQUIRED (sizeof(required) / sizeof(required[0]))

static const char *
summary_run(sw_probe_ctx *ctx)
{
	sw_host *h = srv_host(ctx);
	srv_finding *v, f;
	size_t i, n_found;
	int missing = 0;

	if (h == NULL)
		return "incomplete";
	n_found = srv_notes(ctx, &v);
	for (i = 0; i < n_found; i++) {
		const char *key;

		switch (v[i].state) {
		case SW_STATE_PASS:
			key = "verified";
			break;
		case SW_STATE_FAIL:
			key = "finding";
			break;
		case SW_STATE_WARN:
			key = "warning";
			break;
		case SW_STATE_UNCHECKED:
			key = "unchecked";
			break;
		default:
			continue;
		}
		evidence_add(&ctx->evidence, key, "%s", v[i].text);
	}
	free(v);
	for (i = 0; i < N_REQUIRED; i++) {
		if (!srv_note_get(ctx, required[i].check, &f)) {
			evidence_add(&ctx->evidence, "unchecked", "not run: "
			    "whether %s", required[i].what);
			missing = 1;
		} else if (f.state != SW_STATE_PASS &&
		    f.state != SW_STATE_WARN)
			missing = 1;
	}
	if (srv_note_get(ctx, "daemon.config", &f) &&
	    f.state == SW_STATE_FAIL)
		return "config_invalid";
	if (missing)
		return "incomplete";
	return host_kind(h) == SW_HOST_VIA ? "ok_via" : "ok";
}

const sw_probe_def probe_server_summary = {
	.name = "server.summary",
	.title = N_("What the server checks verified"),
	.outcomes = summary_outcomes,
	.run = summary_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
