/* The ufw back-end: reads `ufw status verbose` (root only) and judges the
 * port against its rules in order, then the default incoming policy.  ufw
 * writes iptables rules, so the iptables back-end sees the same traffic;
 * this one quotes the rule the way the administrator wrote it. */
#include "config.h"

#include "core/util.h"
#include "probes/server.h"
#include "probes/server_fw.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const ufw_cmds[] = {
	"ufw status verbose",
	NULL,
};

/* Splits a rule row into columns separated by two or more spaces. */
static size_t
columns(const char *line, char **col, size_t max)
{
	size_t n = 0;
	const char *p = line;

	while (*p != '\0' && n < max) {
		const char *start, *end;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !(p[0] == ' ' && p[1] == ' '))
			p++;
		end = p;
		while (end > start && end[-1] == ' ')
			end--;
		col[n++] = xstrndup(start, (size_t)(end - start));
	}
	return n;
}

/* Does the "To" part ("22/tcp", "10000:10100/tcp", "22,80/tcp", "OpenSSH",
 * "Anywhere", "1.2.3.4 22/tcp", "... on eth0") cover the packet? */
static int
to_match(const char *to, const fw_query *q)
{
	char *copy = xstrdup(to), *save = NULL, *w;
	int m = FW_YES, seen_port = 0;

	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		char *slash;

		if (strcmp(w, "Anywhere") == 0 || strcmp(w, "(v6)") == 0)
			continue;
		if (strcmp(w, "on") == 0) {
			char *ifc = strtok_r(NULL, " ", &save);

			if (ifc != NULL && q->iface != NULL)
				m = strcmp(ifc, q->iface) == 0 ? m : FW_NO;
			else if (ifc != NULL && m == FW_YES)
				m = FW_MAYBE;
			continue;
		}
		if (strchr(w, '.') != NULL || (strchr(w, ':') != NULL &&
		    strchr(w, '/') == NULL && !isdigit((unsigned char)w[0]))) {
			int a = fw_addr_match(q->dst, w);

			if (a == FW_NO)
				m = FW_NO;
			else if (a == FW_MAYBE && m == FW_YES)
				m = FW_MAYBE;
			continue;
		}
		if (isdigit((unsigned char)w[0])) {
			char *list = xstrdup(w), *s2 = NULL, *p;
			int hit = 0;

			seen_port = 1;
			if ((slash = strchr(list, '/')) != NULL) {
				if (strcmp(slash + 1, "tcp") != 0)
					m = FW_NO;
				*slash = '\0';
			}
			for (p = strtok_r(list, ",", &s2); p != NULL && !hit;
			    p = strtok_r(NULL, ",", &s2)) {
				long a = strtol(p, NULL, 10), b = a;
				char *colon = strchr(p, ':');

				if (colon != NULL)
					b = strtol(colon + 1, NULL, 10);
				hit = q->dport >= a && q->dport <= b;
			}
			free(list);
			if (!hit)
				m = FW_NO;
			continue;
		}
		/* An application profile. */
		seen_port = 1;
		if (strcasecmp(w, "OpenSSH") == 0 || strcasecmp(w, "SSH") == 0)
			m = q->dport == 22 ? m : FW_NO;
		else if (m == FW_YES)
			m = FW_MAYBE;
	}
	(void)seen_port;
	free(copy);
	return m;
}

static int
from_match(const char *from, const fw_query *q)
{
	char *copy = xstrdup(from), *save = NULL, *w;
	int m = FW_YES;

	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "Anywhere") == 0 || strcmp(w, "(v6)") == 0)
			continue;
		if (isdigit((unsigned char)w[0]) && strchr(w, '.') == NULL &&
		    strchr(w, ':') == NULL) {
			if (m == FW_YES)
				m = FW_MAYBE;	/* a source port */
			continue;
		}
		{
			int a = fw_addr_match(q->src, w);

			if (a == FW_NO)
				m = FW_NO;
			else if (a == FW_MAYBE && m == FW_YES)
				m = FW_MAYBE;
		}
	}
	free(copy);
	return m;
}

int
fw_ufw_eval(const char *text, const fw_query *q, fw_result *r)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	fw_action def = FW_DROP;
	int in_rules = 0, have_status = 0, maybe_set = 0;
	fw_action maybe_a = FW_ACCEPT;
	char *maybe_rule = NULL;

	memset(r, 0, sizeof(*r));
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *col[4];
		size_t n, i;
		int v6, m;
		fw_action a;

		if (sw_starts_with(line, "Status:")) {
			have_status = 1;
			if (strstr(line, "inactive") != NULL) {
				r->status = FW_ST_ABSENT;
				r->note = xstrdup("inactive");
				free(maybe_rule);
				free(copy);
				return 0;
			}
			continue;
		}
		if (sw_starts_with(line, "Default:")) {
			const char *in = strstr(line, "(incoming)");

			if (in != NULL) {
				const char *p = line + 8;

				while (*p == ' ')
					p++;
				def = sw_starts_with(p, "allow") ? FW_ACCEPT :
				    sw_starts_with(p, "reject") ? FW_REJECT :
				    FW_DROP;
			}
			continue;
		}
		if (sw_starts_with(line, "--")) {
			in_rules = 1;
			continue;
		}
		if (!in_rules || *line == '\0')
			continue;
		{
			char *hash = strstr(line, " # ");

			if (hash != NULL)
				*hash = '\0';
		}
		n = columns(line, col, 4);
		if (n < 3) {
			for (i = 0; i < n; i++)
				free(col[i]);
			continue;
		}
		v6 = strstr(col[0], "(v6)") != NULL ||
		    strstr(col[2], "(v6)") != NULL;
		m = (v6 != (q->family == AF_INET6)) ||
		    strstr(col[1], "OUT") != NULL ||
		    strstr(col[1], "FWD") != NULL ? FW_NO : FW_YES;
		if (m == FW_YES) {
			int t = to_match(col[0], q), f = from_match(col[2], q);

			m = t == FW_NO || f == FW_NO ? FW_NO :
			    t == FW_MAYBE || f == FW_MAYBE ? FW_MAYBE : FW_YES;
		}
		a = sw_starts_with(col[1], "ALLOW") ||
		    sw_starts_with(col[1], "LIMIT") ? FW_ACCEPT :
		    sw_starts_with(col[1], "REJECT") ? FW_REJECT : FW_DROP;
		if (m == FW_MAYBE && !maybe_set) {
			maybe_set = 1;
			maybe_a = a;
			maybe_rule = xstrdup(line);
		}
		if (m == FW_YES) {
			r->status = FW_ST_EVALUATED;
			r->action = a;
			r->rule = xstrdup(line);
			r->where = xstrdup("ufw rules");
			if (sw_starts_with(col[1], "LIMIT"))
				r->note = xstrdup("LIMIT: refuses an address "
				    "that opens 6 or more connections in 30 s");
			for (i = 0; i < n; i++)
				free(col[i]);
			goto out;
		}
		for (i = 0; i < n; i++)
			free(col[i]);
	}
	if (!have_status) {
		r->status = FW_ST_UNREADABLE;
		r->note = xstrdup("not ufw status output");
		free(copy);
		free(maybe_rule);
		return -1;
	}
	r->status = FW_ST_EVALUATED;
	r->action = def;
	r->by_policy = 1;
	r->where = xstrdup("ufw default incoming policy");
	r->rule = xasprintf("Default: %s (incoming)", def == FW_ACCEPT ?
	    "allow" : def == FW_REJECT ? "reject" : "deny");
out:
	if (maybe_set && maybe_a != r->action) {
		free(r->rule);
		r->rule = maybe_rule;
		maybe_rule = NULL;
		r->action = FW_UNKNOWN;
		free(r->note);
		r->note = xstrdup("this rule may decide, depending on what the "
		    "check cannot see");
	}
	free(maybe_rule);
	free(copy);
	return 0;
}

static void
ufw_check(sw_probe_ctx *ctx, sw_host *h, const fw_query *q,
    const char *const *skip, fw_result *res)
{
	static const char *const argv[] = { "ufw", "status", "verbose", NULL };
	sw_host_result r;

	(void)skip;
	if (fw_run(ctx, h, ufw_cmds, argv, &r, res) != 0)
		return;
	fw_ufw_eval(r.out, q, res);
	host_result_free(&r);
}

const fw_backend fw_backend_ufw = {
	.name = "ufw",
	.family = 0,
	.check = ufw_check,
	.by_hand = "sudo ufw status verbose",
};
