/* server.firewall: does the server's firewall accept, reject or drop a TCP
 * SYN from the client's address to the SSH port, and by which rule?
 *
 * Asks every back-end (server_fw.h) in turn: firewalld and ufw first, since
 * they quote the rule the way it was written, then iptables or ip6tables
 * and nftables, which show what the kernel really does.  The first back-end
 * that blocks decides; a pass needs every installed kernel back-end read and
 * nothing that might block. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"
#include "probes/server_fw.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const firewall_cmds[] = {
	"ip -o route get %A",
	NULL,
};

void
fw_result_clear(fw_result *r)
{
	if (r == NULL)
		return;
	free(r->rule);
	free(r->where);
	free(r->note);
	free(r->owner);
	free(r->raw_note);
	memset(r, 0, sizeof(*r));
}

const char *
fw_action_name(fw_action a)
{
	switch (a) {
	case FW_ACCEPT:
		return "accept";
	case FW_DROP:
		return "drop";
	case FW_REJECT:
		return "reject";
	default:
		return "unknown";
	}
}

int
fw_run(sw_probe_ctx *ctx, sw_host *h, const char *const *allow,
    const char *const argv[], sw_host_result *r, fw_result *res)
{
	int rc = host_run(h, ctx, allow, argv, r);
	const char *msg;

	if (rc == 0 && r->status == 0)
		return 0;
	if (rc == HOST_ENOENT) {
		res->status = FW_ST_ABSENT;
		res->note = xstrdup("not installed");
		host_result_free(r);
		return -1;
	}
	res->status = FW_ST_UNREADABLE;
	msg = *r->err != '\0' ? r->err : r->out;
	if (rc != 0)
		res->hx_code = rc;
	else if (strstr(msg, "ermission denied") != NULL ||
	    strstr(msg, "be root") != NULL ||
	    strstr(msg, "Operation not permitted") != NULL ||
	    strstr(msg, "a password is required") != NULL ||
	    strstr(msg, "Authorization failed") != NULL ||
	    strstr(msg, "NOT_AUTHORIZED") != NULL)
		res->hx_code = HOST_EPERM;
	else
		res->hx_code = HOST_EFAIL;
	if (*msg != '\0')
		res->raw_note = sw_escape_bytes((const unsigned char *)msg,
		    strcspn(msg, "\n"), 300);
	host_result_free(r);
	return -1;
}

static const sw_outcome outcomes[] = {
	{ "accept", SW_STATE_PASS, N_("the firewall lets the connection in") },
	{ "drop", SW_STATE_FAIL, N_("the firewall drops the connection") },
	{ "reject", SW_STATE_FAIL, N_("the firewall rejects the connection") },
	{ "banned", SW_STATE_FAIL,
	  N_("a ban tool's firewall rule blocks this client") },
	{ "not_reloaded", SW_STATE_FAIL,
	  N_("allowed in the permanent firewalld config, not loaded yet") },
	{ "runtime_only", SW_STATE_WARN,
	  N_("allowed now, but lost at the next firewalld reload") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

/* The interface and local address the server answers the client from
 * (`ip -o route get CLIENT`), into iface and src. */
static void
route_to(sw_probe_ctx *ctx, sw_host *h, const char *client, char *iface,
    size_t isz, char *src, size_t ssz)
{
	const char *argv[] = { "ip", "-o", "route", "get", client, NULL };
	sw_host_result r;
	const char *p;

	*iface = *src = '\0';
	if (client == NULL)
		return;
	if (host_run(h, ctx, firewall_cmds, argv, &r) == 0 && r.status == 0) {
		if ((p = strstr(r.out, " dev ")) != NULL)
			snprintf(iface, isz, "%.*s", (int)strcspn(p + 5, " \n"),
			    p + 5);
		if ((p = strstr(r.out, " src ")) != NULL)
			snprintf(src, ssz, "%.*s", (int)strcspn(p + 5, " \n"),
			    p + 5);
	}
	host_result_free(&r);
}

/* The port the daemon checks settled on (the listen check notes it). */
static int
port_to_check(sw_probe_ctx *ctx)
{
	srv_finding f;

	if (!srv_port_given(ctx) && srv_note_get(ctx, "port", &f) &&
	    atoi(f.text) > 0)
		return atoi(f.text);
	return srv_port(ctx);
}

static void
evidence_result(sw_probe_ctx *ctx, const fw_backend *b, const fw_result *r)
{
	switch (r->status) {
	case FW_ST_ABSENT:
		evidence_add(&ctx->evidence, b->name, "%s",
		    r->note ? r->note : "not in use");
		break;
	case FW_ST_UNREADABLE:
		evidence_add(&ctx->evidence, b->name, "could not read the rules"
		    "%s%s", r->raw_note ? ": " : "", r->raw_note ?
		    r->raw_note : "");
		break;
	case FW_ST_EVALUATED:
		evidence_add(&ctx->evidence, b->name, "%s%s%s%s%s",
		    fw_action_name(r->action), r->where ? " in " : "",
		    r->where ? r->where : "", r->rule ? ": " : "",
		    r->rule ? r->rule : "");
		if (r->note != NULL)
			evidence_add(&ctx->evidence, "note", "%s: %s", b->name,
			    r->note);
		break;
	}
}

static const char *
firewall_run(sw_probe_ctx *ctx)
{
	const fw_backend *order[4];
	fw_result res[4];
	sw_host *h;
	fw_query q;
	char iface[64], src[64];
	const char *client, *skip[16], *outcome = "unchecked";
	size_t i, ns = 0;
	int kernel_ok = 0, kernel_missing = 0, unreadable = -1, unknown = -1;
	int block = -1, runtime_only = -1;
	char names[10][24];	/* iptables-nft's tables, skipped by nft */

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	memset(res, 0, sizeof(res));
	memset(&q, 0, sizeof(q));
	client = srv_client_ip(ctx);
	q.src = client;
	q.family = client != NULL && strchr(client, ':') != NULL ? AF_INET6 :
	    AF_INET;
	q.dport = port_to_check(ctx);
	route_to(ctx, h, client, iface, sizeof(iface), src, sizeof(src));
	q.iface = *iface ? iface : NULL;
	q.dst = srv_target_ip(ctx);
	if (q.dst == NULL && *src)
		q.dst = src;
	evidence_add(&ctx->evidence, "packet", "TCP SYN from %s to %s port %d%s%s",
	    client ? client : "an unknown client (give --client)",
	    q.dst ? q.dst : "this server", q.dport, q.iface ? " on " : "",
	    q.iface ? q.iface : "");
	order[0] = &fw_backend_firewalld;
	order[1] = &fw_backend_ufw;
	order[2] = q.family == AF_INET6 ? &fw_backend_ip6tables :
	    &fw_backend_iptables;
	order[3] = &fw_backend_nft;
	skip[0] = NULL;
	for (i = 0; i < 4; i++) {
		const fw_backend *b = order[i];

		b->check(ctx, h, &q, skip, &res[i]);
		evidence_result(ctx, b, &res[i]);
		if (i == 0 && res[i].status == FW_ST_EVALUATED) {
			skip[ns++] = "inet firewalld";
			skip[ns++] = "ip firewalld";
			skip[ns++] = "ip6 firewalld";
			skip[ns] = NULL;
		}
		if (i == 2 && res[i].status == FW_ST_EVALUATED &&
		    res[i].raw_note != NULL &&
		    strcmp(res[i].raw_note, "nf_tables") == 0) {
			static const char *const t[] = { "filter", "mangle",
				"raw", "nat", "security" };
			size_t k;

			for (k = 0; k < 5 && ns < 14; k++) {
				snprintf(names[2 * k], sizeof(names[0]), "ip %s",
				    t[k]);
				snprintf(names[2 * k + 1], sizeof(names[0]),
				    "ip6 %s", t[k]);
				skip[ns++] = names[2 * k];
				skip[ns++] = names[2 * k + 1];
			}
			skip[ns] = NULL;
		}
		if (res[i].status == FW_ST_EVALUATED) {
			if ((res[i].action == FW_DROP ||
			    res[i].action == FW_REJECT) && block < 0)
				block = (int)i;
			if (res[i].action == FW_UNKNOWN && unknown < 0)
				unknown = (int)i;
			if (res[i].persist == FW_PERSIST_RUNTIME_ONLY)
				runtime_only = (int)i;
			if (i >= 2)
				kernel_ok++;
		} else if (res[i].status == FW_ST_UNREADABLE) {
			if (unreadable < 0)
				unreadable = (int)i;
		} else if (i >= 2)
			kernel_missing++;
		if (block >= 0)
			break;	/* the first block decides */
	}
	if (block >= 0) {
		fw_result *r = &res[block];
		char *fix;

		evidence_add(&ctx->evidence, "firewall", "%s",
		    order[block]->name);
		evidence_add(&ctx->evidence, "action", "%s",
		    fw_action_name(r->action));
		if (r->where != NULL)
			evidence_add(&ctx->evidence, "chain", "%s", r->where);
		evidence_add(&ctx->evidence, "rule", "%s",
		    r->rule != NULL ? r->rule : "(the chain's policy)");
		if (r->by_policy)
			evidence_add(&ctx->evidence, "decided_by", "policy");
		if ((fix = fw_fix_cmd(order[block]->name, r, q.dport)) != NULL)
			evidence_add(&ctx->evidence, "fix_cmd", "%s", fix);
		free(fix);
		if (r->owner != NULL) {
			evidence_add(&ctx->evidence, "ban_tool", "%s", r->owner);
			outcome = "banned";
		} else if (r->persist == FW_PERSIST_NOT_RELOADED)
			outcome = "not_reloaded";
		else
			outcome = r->action == FW_DROP ? "drop" : "reject";
		srv_note(ctx, "firewall", SW_STATE_FAIL, "%s %ss port %d: %s",
		    order[block]->name, fw_action_name(r->action), q.dport,
		    r->rule != NULL ? r->rule : "policy");
	} else if (unknown >= 0) {
		fw_result *r = &res[unknown];

		evidence_add(&ctx->evidence, "firewall", "%s",
		    order[unknown]->name);
		evidence_add(&ctx->evidence, "rule", "%s",
		    r->rule != NULL ? r->rule : "");
		evidence_add(&ctx->evidence, "unchecked", "%s",
		    r->note != NULL ? r->note : "a rule could not be judged");
		if (client == NULL)
			evidence_add(&ctx->evidence, "run_instead",
			    "sshwizard --server --client ADDRESS ...");
		srv_note(ctx, "firewall", SW_STATE_UNCHECKED,
		    "the firewall (%s: a rule could not be judged)",
		    order[unknown]->name);
	} else if (unreadable >= 0) {
		srv_unchecked(ctx, order[unreadable]->name,
		    res[unreadable].hx_code, order[unreadable]->by_hand);
		srv_note(ctx, "firewall", SW_STATE_UNCHECKED,
		    "the firewall (%s could not be read: run %s)",
		    order[unreadable]->name, order[unreadable]->by_hand);
	} else if (kernel_ok == 0) {
		evidence_add(&ctx->evidence, "unchecked", "neither iptables-save "
		    "nor nft is installed: the kernel's rules cannot be read");
		srv_note(ctx, "firewall", SW_STATE_UNCHECKED,
		    "the firewall (no tool to read the kernel's rules)");
	} else if (runtime_only >= 0) {
		evidence_add(&ctx->evidence, "rule", "%s",
		    res[runtime_only].rule ? res[runtime_only].rule : "");
		srv_note(ctx, "firewall", SW_STATE_WARN, "the firewall lets "
		    "port %d in, but only until firewalld reloads", q.dport);
		outcome = "runtime_only";
	} else {
		srv_note(ctx, "firewall", SW_STATE_PASS, "the firewall lets "
		    "TCP port %d in from %s", q.dport,
		    client ? client : "any address");
		outcome = "accept";
	}
	(void)kernel_missing;
	for (i = 0; i < 4; i++)
		fw_result_clear(&res[i]);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"action", "ban_tool", "chain", "checked_on", "decided_by", "firewall",
	"firewalld", "fix_cmd", "ip6tables", "iptables", "nftables", "note",
	"packet", "rule", "run_instead", "ufw", "unchecked", NULL,
};

const sw_probe_def probe_server_firewall = {
	.name = "server.firewall",
	.title = N_("Does the server's firewall let the connection in?"),
	.outcomes = outcomes,
	.run = firewall_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
