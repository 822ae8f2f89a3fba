/* Who may connect at all: TCP wrappers and ban tools.
 *
 *   server.access.bans      Fail2Ban (`fail2ban-client status JAIL` for the
 *                           SSH jails and recidive) and DenyHosts (its
 *                           marked hosts.deny lines and its data files)
 *   server.access.wrappers  /etc/hosts.allow then /etc/hosts.deny, as
 *                           hosts_access(5) reads them, for the client's
 *                           address; only when sshd is built with libwrap
 */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const access_cmds[] = {
	"fail2ban-client status",
	"fail2ban-client status %S",
	"grep -c -a -F libwrap.so -- %P",
	NULL,
};

/* ---- hosts_access(5) ---- */

/* Does one client pattern match the address ip (NULL: unknown)? */
static int
client_pattern(const char *pat, const char *ip)
{
	char net[64];
	int len;

	if (strcasecmp(pat, "ALL") == 0)
		return SRV_YES;
	if (strcasecmp(pat, "LOCAL") == 0 || strcasecmp(pat, "KNOWN") == 0 ||
	    strcasecmp(pat, "UNKNOWN") == 0 || strcasecmp(pat, "PARANOID") == 0 ||
	    pat[0] == '@' || pat[0] == '/' || pat[0] == '.' ||
	    strchr(pat, '@') != NULL)
		return SRV_MAYBE;	/* names, netgroups, files: need DNS */
	if (pat[strlen(pat) - 1] == '.' && strspn(pat, "0123456789.") ==
	    strlen(pat))
		return ip == NULL ? SRV_MAYBE : sw_starts_with(ip, pat) ?
		    SRV_YES : SRV_NO;
	if (strpbrk(pat, "*?") != NULL) {
		if (strspn(pat, "0123456789.:*?[]abcdefABCDEF") != strlen(pat))
			return SRV_MAYBE;
		return ip == NULL ? SRV_MAYBE : fnmatch(pat, ip, 0) == 0 ?
		    SRV_YES : SRV_NO;
	}
	if (srv_parse_prefix(pat, net, sizeof(net), &len) != 0)
		return ip == NULL ? SRV_MAYBE : srv_addr_in(ip, net, len) ?
		    SRV_YES : SRV_NO;
	return SRV_MAYBE;	/* a host name */
}

static int
daemon_pattern(const char *pat)
{
	if (strcasecmp(pat, "ALL") == 0 || strcmp(pat, "sshd") == 0)
		return SRV_YES;
	if (sw_starts_with(pat, "sshd@"))
		return SRV_MAYBE;	/* depends on the server address */
	return SRV_NO;
}

/* Matches a list of words (with EXCEPT) against one value. */
static int
list_match(char **w, size_t n, int daemon, const char *ip)
{
	size_t i;
	int acc = SRV_NO;

	for (i = 0; i < n; i++) {
		int m;

		if (strcasecmp(w[i], "EXCEPT") == 0) {
			int ex = list_match(w + i + 1, n - i - 1, daemon, ip);

			if (acc == SRV_NO || ex == SRV_YES)
				return SRV_NO;
			if (acc == SRV_MAYBE || ex == SRV_MAYBE)
				return SRV_MAYBE;
			return SRV_YES;
		}
		m = daemon ? daemon_pattern(w[i]) : client_pattern(w[i], ip);
		if (m == SRV_YES)
			acc = SRV_YES;
		else if (m == SRV_MAYBE && acc == SRV_NO)
			acc = SRV_MAYBE;
	}
	return acc;
}

static size_t
split_list(char *s, char **w, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(s, " \t,", &save); t != NULL && n < max;
	    t = strtok_r(NULL, " \t,", &save))
		w[n++] = t;
	return n;
}

void
srv_wrap_eval(const char *text, const char *client, srv_wrap_hit *hit,
    int *deny_option)
{
	const char *p = text;
	int lineno = 0, prev_denyhosts = 0;

	memset(hit, 0, sizeof(*hit));
	*deny_option = 0;
	while (p != NULL && *p != '\0') {
		sbuf rule = { 0 };
		int start = lineno + 1, denyhosts = prev_denyhosts;

		/* One rule, continuation lines joined. */
		for (;;) {
			const char *next = strchr(p, '\n');
			size_t len = next != NULL ? (size_t)(next - p) : strlen(p);

			lineno++;
			if (len > 0 && p[len - 1] == '\\') {
				sbuf_addn(&rule, p, len - 1);
				sbuf_addc(&rule, ' ');
				p = next != NULL ? next + 1 : NULL;
				if (p == NULL)
					break;
				continue;
			}
			sbuf_addn(&rule, p, len);
			p = next != NULL ? next + 1 : NULL;
			break;
		}
		{
			char *r = rule.s != NULL ? rule.s : "", *q = r;
			char *c1, *c2, *dw[64], *cw[64], *dl, *cl;
			size_t nd, nc;
			int md, mc;

			while (isspace((unsigned char)*q))
				q++;
			prev_denyhosts = sw_starts_with(q, "# DenyHosts:");
			if (*q == '#' || *q == '\0' ||
			    (c1 = strchr(q, ':')) == NULL) {
				sbuf_free(&rule);
				continue;
			}
			/* An IPv6 [addr] in the client list holds colons. */
			c2 = c1 + 1;
			while (*c2 != '\0') {
				if (*c2 == '[') {
					char *close = strchr(c2, ']');

					c2 = close != NULL ? close + 1 :
					    c2 + strlen(c2);
					continue;
				}
				if (*c2 == ':')
					break;
				c2++;
			}
			dl = xstrndup(q, (size_t)(c1 - q));
			cl = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
			nd = split_list(dl, dw, 64);
			nc = split_list(cl, cw, 64);
			md = list_match(dw, nd, 1, client);
			mc = md == SRV_NO ? SRV_NO : list_match(cw, nc, 0,
			    client);
			if (md != SRV_NO && mc != SRV_NO) {
				hit->match = md == SRV_YES && mc == SRV_YES ?
				    SRV_YES : SRV_MAYBE;
				hit->line = start;
				hit->text = xstrdup(q);
				hit->denyhosts = denyhosts;
				if (*c2 == ':') {
					char *opt = xstrdup(c2 + 1), *o = opt;
					size_t on;

					while (isspace((unsigned char)*o))
						o++;
					on = strlen(o);
					while (on > 0 &&
					    isspace((unsigned char)o[on - 1]))
						o[--on] = '\0';
					*deny_option = strcasecmp(o, "deny") == 0 ||
					    strcasestr(o, ": deny") != NULL;
					free(opt);
				}
			}
			free(dl);
			free(cl);
			sbuf_free(&rule);
			if (hit->match != SRV_NO)
				return;
		}
	}
}

int
srv_wrap_decide(const srv_wrap_hit *allow, int allow_deny_opt,
    const srv_wrap_hit *deny, const srv_wrap_hit **why)
{
	*why = NULL;
	if (allow->match == SRV_YES) {
		*why = allow;
		return allow_deny_opt ? 1 : 0;
	}
	if (allow->match == SRV_MAYBE) {
		*why = allow;
		if (deny->match == SRV_NO && !allow_deny_opt)
			return 0;
		return -1;
	}
	if (deny->match == SRV_YES) {
		*why = deny;
		return 1;
	}
	if (deny->match == SRV_MAYBE) {
		*why = deny;
		return -1;
	}
	return 0;
}

/* ---- Fail2Ban and DenyHosts ---- */

size_t
srv_parse_f2b_jails(const char *text, char ***jails)
{
	const char *p = strstr(text, "Jail list:");
	char *list, *save = NULL, *t;
	size_t n = 0;

	*jails = NULL;
	if (p == NULL)
		return 0;
	list = xstrndup(p + 10, strcspn(p + 10, "\n"));
	for (t = strtok_r(list, " \t,", &save); t != NULL;
	    t = strtok_r(NULL, " \t,", &save)) {
		*jails = xreallocarray(*jails, n + 2, sizeof(char *));
		(*jails)[n++] = xstrdup(t);
		(*jails)[n] = NULL;
	}
	free(list);
	return n;
}

int
srv_parse_f2b_status(const char *text, const char *ip, int *n_banned)
{
	const char *p;
	char *list, *save = NULL, *t;
	int hit = 0;

	*n_banned = -1;
	if (strstr(text, "Status for the jail") == NULL)
		return -1;
	if ((p = strstr(text, "Currently banned:")) != NULL)
		*n_banned = atoi(p + 17);
	if ((p = strstr(text, "Banned IP list:")) == NULL)
		return 0;
	list = xstrndup(p + 15, strcspn(p + 15, "\n"));
	for (t = strtok_r(list, " \t,", &save); t != NULL && !hit;
	    t = strtok_r(NULL, " \t,", &save))
		hit = ip != NULL && strcmp(t, ip) == 0;
	free(list);
	return hit;
}

int
srv_denyhosts_lists(const char *text, const char *ip)
{
	const char *p = text;
	size_t n = ip != NULL ? strlen(ip) : 0;

	if (n == 0)
		return 0;
	while (p != NULL && *p != '\0') {
		if (strncmp(p, ip, n) == 0 && (p[n] == ':' || p[n] == '\n' ||
		    p[n] == ' ' || p[n] == '\t' || p[n] == '\0' || p[n] == '\r'))
			return 1;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return 0;
}

/* ---- server.access.bans ---- */

static const sw_outcome bans_outcomes[] = {
	{ "clear", SW_STATE_PASS, N_("no ban tool bans this client") },
	{ "banned", SW_STATE_FAIL, N_("a ban tool bans this client") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

/* Fail2Ban: 1 banned, 0 not, -1 could not tell. */
static int
f2b_check(sw_probe_ctx *ctx, sw_host *h, const char *ip)
{
	static const char *const st[] = { "fail2ban-client", "status", NULL };
	sw_host_result r;
	char **jails = NULL;
	size_t n, i;
	int rc, result = 0, asked = 0;

	rc = host_run(h, ctx, access_cmds, st, &r);
	if (rc == HOST_ENOENT) {
		evidence_add(&ctx->evidence, "fail2ban", "not installed");
		host_result_free(&r);
		return 0;
	}
	if (rc != 0 || r.status != 0) {
		const char *msg = *r.err ? r.err : r.out;

		if (rc == 0 && (strstr(msg, "Is fail2ban running") != NULL ||
		    strstr(msg, "Failed to access socket") != NULL)) {
			evidence_add(&ctx->evidence, "fail2ban", "installed, "
			    "not running: it bans no one now");
			host_result_free(&r);
			return 0;
		}
		srv_unchecked(ctx, "fail2ban-client status", rc != 0 ? rc :
		    HOST_EPERM, "sudo fail2ban-client status sshd");
		host_result_free(&r);
		return -1;
	}
	n = srv_parse_f2b_jails(r.out, &jails);
	host_result_free(&r);
	for (i = 0; i < n; i++) {
		const char *argv[] = { "fail2ban-client", "status", jails[i],
			NULL };
		int banned = -1, count;

		if (strstr(jails[i], "ssh") == NULL &&
		    strcmp(jails[i], "recidive") != 0)
			continue;
		asked = 1;
		if (host_run(h, ctx, access_cmds, argv, &r) == 0 && r.status == 0)
			banned = srv_parse_f2b_status(r.out, ip, &count);
		host_result_free(&r);
		if (banned < 0) {
			result = result == 1 ? 1 : -1;
			continue;
		}
		evidence_add(&ctx->evidence, "fail2ban", "jail %s: %d banned%s",
		    jails[i], count, banned ? ", this client among them" : "");
		if (banned) {
			evidence_add(&ctx->evidence, "banned_by",
			    "fail2ban jail %s", jails[i]);
			result = 1;
		} else if (ip == NULL && count > 0 && result == 0)
			result = -1;	/* bans exist; whose is not known */
	}
	if (!asked)
		evidence_add(&ctx->evidence, "fail2ban", "runs, but no SSH jail "
		    "(jails: %zu)", n);
	for (i = 0; i < n; i++)
		free(jails[i]);
	free(jails);
	return result;
}

/* DenyHosts: 1 banned, 0 not, -1 could not tell. */
static int
denyhosts_check(sw_probe_ctx *ctx, sw_host *h, const char *ip)
{
	static const char *const data[] = {
		"/var/lib/denyhosts/hosts-restricted",
		"/usr/share/denyhosts/data/hosts-restricted",
	};
	char *text = NULL;
	size_t len, i;
	int rc, result = 0;

	rc = host_read_file(h, ctx, "/etc/hosts.deny", SRV_FILE_MAX, &text,
	    &len);
	if (rc == 0) {
		srv_wrap_hit hit;
		int opt;

		srv_wrap_eval(text, ip, &hit, &opt);
		if (hit.match != SRV_NO && hit.denyhosts) {
			evidence_add(&ctx->evidence, "denyhosts",
			    "/etc/hosts.deny line %d: %s", hit.line, hit.text);
			if (hit.match == SRV_YES) {
				evidence_add(&ctx->evidence, "banned_by",
				    "DenyHosts (/etc/hosts.deny line %d)",
				    hit.line);
				result = 1;
			} else
				result = -1;
		}
		free(hit.text);
	} else if (rc != HOST_ENOENT) {
		srv_unchecked(ctx, "/etc/hosts.deny", rc,
		    "sudo cat /etc/hosts.deny");
		result = -1;
	}
	free(text);
	for (i = 0; i < 2 && result != 1 && ip != NULL; i++) {
		text = NULL;
		if (host_read_file(h, ctx, data[i], SRV_FILE_MAX, &text,
		    &len) == 0 && srv_denyhosts_lists(text, ip)) {
			evidence_add(&ctx->evidence, "banned_by", "DenyHosts (%s)",
			    data[i]);
			result = 1;
		}
		free(text);
	}
	return result;
}

static const char *
bans_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	const char *ip, *outcome;
	int f, d;

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	ip = srv_client_ip(ctx);
	evidence_add(&ctx->evidence, "client", "%s",
	    ip != NULL ? ip : "unknown (give --client)");
	f = f2b_check(ctx, h, ip);
	d = denyhosts_check(ctx, h, ip);
	if (f == 1 || d == 1) {
		srv_note(ctx, "access.bans", SW_STATE_FAIL,
		    "a ban tool bans %s", ip ? ip : "the client");
		outcome = "banned";
	} else if (f < 0 || d < 0) {
		srv_note(ctx, "access.bans", SW_STATE_UNCHECKED,
		    "whether a ban tool bans the client");
		outcome = "unchecked";
	} else {
		srv_note(ctx, "access.bans", SW_STATE_PASS,
		    "no ban tool bans %s", ip ? ip : "anyone");
		outcome = "clear";
	}
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"banned_by", "checked_on", "client", "denyhosts", "fail2ban",
	"libwrap", "result", "rule", "run_instead", "unchecked", NULL,
};

const sw_probe_def probe_server_access_bans = {
	.name = "server.access.bans",
	.title = N_("Has a ban tool banned the client?"),
	.outcomes = bans_outcomes,
	.run = bans_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};

/* ---- server.access.wrappers ---- */

static const sw_outcome wrap_outcomes[] = {
	{ "allowed", SW_STATE_PASS, N_("TCP wrappers let the client in") },
	{ "denied", SW_STATE_FAIL, N_("TCP wrappers turn the client away") },
	{ "ignored", SW_STATE_WARN,
	  N_("a rule denies the client, but this sshd does not use TCP "
	     "wrappers") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

/* Does the sshd binary link libwrap?  1, 0, -1 unknown. */
static int
uses_libwrap(sw_probe_ctx *ctx, sw_host *h)
{
	static const char *const paths[] = { "/usr/sbin/sshd", "/usr/bin/sshd",
		"/sbin/sshd", "/usr/local/sbin/sshd" };
	int exists[4];
	size_t i;

	if (host_executables(h, ctx, paths, 4, exists) != 0)
		return -1;
	for (i = 0; i < 4; i++) {
		const char *argv[] = { "grep", "-c", "-a", "-F", "libwrap.so",
			"--", paths[i], NULL };
		sw_host_result r;
		int v = -1;

		if (!exists[i])
			continue;
		if (host_run(h, ctx, access_cmds, argv, &r) == 0 &&
		    (r.status == 0 || r.status == 1))
			v = atoi(r.out) > 0;
		host_result_free(&r);
		evidence_add(&ctx->evidence, "libwrap", "%s: %s", paths[i],
		    v == 1 ? "built with TCP wrappers" : v == 0 ?
		    "not built with TCP wrappers" : "could not tell");
		return v;
	}
	return -1;
}

static const char *
wrappers_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	const char *ip, *outcome = "unchecked";
	char *allow = NULL, *deny = NULL;
	size_t len;
	int ra, rd, opt_a = 0, opt_d = 0, verdict, wrap;
	srv_wrap_hit ha, hd;
	const srv_wrap_hit *why = NULL;

	memset(&ha, 0, sizeof(ha));
	memset(&hd, 0, sizeof(hd));
	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	ip = srv_client_ip(ctx);
	evidence_add(&ctx->evidence, "client", "%s",
	    ip != NULL ? ip : "unknown (give --client)");
	ra = host_read_file(h, ctx, "/etc/hosts.allow", SRV_FILE_MAX,
	    &allow, &len);
	rd = host_read_file(h, ctx, "/etc/hosts.deny", SRV_FILE_MAX, &deny,
	    &len);
	if ((ra != 0 && ra != HOST_ENOENT) || (rd != 0 && rd != HOST_ENOENT)) {
		srv_unchecked(ctx, ra != 0 && ra != HOST_ENOENT ?
		    "/etc/hosts.allow" : "/etc/hosts.deny",
		    ra != 0 && ra != HOST_ENOENT ? ra : rd,
		    "sudo cat /etc/hosts.allow /etc/hosts.deny");
		srv_note(ctx, "access.wrappers", SW_STATE_UNCHECKED,
		    "TCP wrappers (the files could not be read)");
		goto out;
	}
	srv_wrap_eval(allow != NULL ? allow : "", ip, &ha, &opt_a);
	srv_wrap_eval(deny != NULL ? deny : "", ip, &hd, &opt_d);
	verdict = srv_wrap_decide(&ha, opt_a, &hd, &why);
	if (why != NULL)
		evidence_add(&ctx->evidence, "rule", "%s line %d: %s",
		    why == &ha ? "/etc/hosts.allow" : "/etc/hosts.deny",
		    why->line, why->text);
	if (verdict == 0) {
		evidence_add(&ctx->evidence, "result", "%s", why == NULL ?
		    "no rule names sshd and this client" : "allowed");
		srv_note(ctx, "access.wrappers", SW_STATE_PASS,
		    "TCP wrappers let %s in", ip ? ip : "any address");
		outcome = "allowed";
		goto out;
	}
	wrap = uses_libwrap(ctx, h);
	if (verdict < 0) {
		evidence_add(&ctx->evidence, "unchecked", "the rule depends on "
		    "host names or the client address%s",
		    ip == NULL ? " (give --client)" : "");
		srv_note(ctx, "access.wrappers", SW_STATE_UNCHECKED,
		    "TCP wrappers (a rule depends on names or the address)");
		outcome = "unchecked";
	} else if (wrap == 0) {
		srv_note(ctx, "access.wrappers", SW_STATE_WARN,
		    "a hosts.deny rule names the client, but sshd ignores it");
		outcome = "ignored";
	} else {
		srv_note(ctx, "access.wrappers", SW_STATE_FAIL,
		    "TCP wrappers deny %s: %s", ip ? ip : "the client",
		    why != NULL ? why->text : "");
		outcome = "denied";
	}
out:
	free(ha.text);
	free(hd.text);
	free(allow);
	free(deny);
	return outcome;
}

const sw_probe_def probe_server_access_wrappers = {
	.name = "server.access.wrappers",
	.title = N_("Do TCP wrappers let the client in?"),
	.outcomes = wrap_outcomes,
	.run = wrappers_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
