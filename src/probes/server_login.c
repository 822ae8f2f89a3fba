/* server.login: why sshd refuses this user, checked on the server as sshd
 * checks it.  For the user who fails to log in (-l USER, or the target's
 * user on the client's walk): the effective configuration for the
 * connection (`sshd -T -C user=U,host=H,addr=IP`), the account (exists,
 * locked, expired), DenyUsers/AllowUsers/DenyGroups/AllowGroups,
 * PermitRootLogin, and with StrictModes every path component of each
 * authorized_keys file as sshd's safe_path() looks at it.  sshd's own log
 * lines for the user are quoted.  Pure helpers are in server.h. */
#include "config.h"

#include "core/i18n.h"
#include "core/shquote.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const login_cmds[] = {
	"%D -T -C %C -f %P",
	"%D -T -C %C",
	"id -G -n -- %S",
	"ls -Zd %P",
	NULL,
};

/* sshd's log lines about the user that say why (quoted as "sshd_said"). */
static const char *const login_why[] = { "not allowed because",
	"bad ownership or modes", "has expired", "account is locked",
	"ROOT LOGIN REFUSED", "Invalid user", NULL };

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS,
	  N_("nothing on the server refuses this user") },
	{ "no_user", SW_STATE_INFO,
	  N_("no user to check (give -l USER)") },
	{ "no_account", SW_STATE_FAIL, N_("the account does not exist") },
	{ "not_allowed", SW_STATE_FAIL,
	  N_("sshd's configuration does not allow this user") },
	{ "root_denied", SW_STATE_FAIL,
	  N_("sshd does not let root log in this way") },
	{ "locked", SW_STATE_FAIL, N_("the account is locked") },
	{ "expired", SW_STATE_FAIL, N_("the account has expired") },
	{ "file_modes", SW_STATE_FAIL,
	  N_("a file or folder on the way to authorized_keys is writable by others") },
	{ "file_owner", SW_STATE_FAIL,
	  N_("a file or folder on the way to authorized_keys belongs to another user") },
	{ "shell_missing", SW_STATE_FAIL,
	  N_("the account's shell does not exist, so sshd refuses the user") },
	{ "no_shell", SW_STATE_FAIL,
	  N_("the account's shell refuses logins (nologin, false)") },
	{ "home_missing", SW_STATE_FAIL,
	  N_("the account's home folder does not exist") },
	{ "method_off", SW_STATE_FAIL,
	  N_("sshd does not take the way this user logs in") },
	{ "selinux_label", SW_STATE_FAIL,
	  N_("SELinux keeps sshd from reading ~/.ssh (wrong label)") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

/* ---- Pure helpers ---- */

char *
srv_T_value(const char *text, const char *key)
{
	size_t kl = strlen(key);
	const char *p = text;
	sbuf b = { 0 };
	int found = 0;

	/* List keywords (denyusers, allowgroups, ...) come one line per
	 * element: they are joined with spaces. */
	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t ll = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (ll > kl && strncasecmp(p, key, kl) == 0 && p[kl] == ' ') {
			if (found++)
				sbuf_addc(&b, ' ');
			sbuf_addn(&b, p + kl + 1, ll - kl - 1);
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return found ? sbuf_steal(&b) : NULL;
}

int
srv_user_list_match(const char *list, const char *user, const char *ip)
{
	char *copy, *save = NULL, *w;
	int hit = 0;

	if (list == NULL)
		return 0;
	copy = xstrdup(list);
	for (w = strtok_r(copy, " ,", &save); w != NULL && !hit;
	    w = strtok_r(NULL, " ,", &save)) {
		char *at = strchr(w, '@');

		if (at != NULL) {
			*at++ = '\0';
			/* user@host: the host part must match too; unknown
			 * client address: counts as a match. */
			if (ip != NULL && fnmatch(at, ip, 0) != 0)
				continue;
		}
		hit = fnmatch(w, user, 0) == 0;
	}
	free(copy);
	return hit;
}

int
srv_passwd_find(const char *text, const char *user, srv_account *a)
{
	size_t ul = strlen(user);
	const char *p = text;

	memset(a, 0, sizeof(*a));
	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t ll = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (ll > ul && strncmp(p, user, ul) == 0 && p[ul] == ':') {
			char *line = xstrndup(p, ll), *f[7], *s = line;
			int i;

			for (i = 0; i < 7; i++) {
				f[i] = s;
				s = i < 6 ? strchr(s, ':') : NULL;
				if (i < 6 && s == NULL)
					break;
				if (s != NULL)
					*s++ = '\0';
			}
			if (i == 7) {
				a->uid = strtol(f[2], NULL, 10);
				a->gid = strtol(f[3], NULL, 10);
				a->home = xstrdup(f[5]);
				a->shell = xstrdup(f[6]);
				a->found = 1;
			}
			free(line);
			return a->found ? 0 : -1;
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return -1;
}

int
srv_shadow_find(const char *text, const char *user, int *locked,
    long *expire_day)
{
	size_t ul = strlen(user);
	const char *p = text;

	*locked = 0;
	*expire_day = -1;
	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t ll = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (ll > ul && strncmp(p, user, ul) == 0 && p[ul] == ':') {
			char *line = xstrndup(p, ll), *s = line + ul + 1;
			int field = 1;

			/* name:password:last:min:max:warn:inactive:expire: */
			*locked = s[0] == '!' || strncmp(s, "*LK*", 4) == 0;
			while (field < 7 && (s = strchr(s, ':')) != NULL) {
				s++;
				field++;
			}
			if (field == 7 && s != NULL && isdigit((unsigned char)*s))
				*expire_day = strtol(s, NULL, 10);
			free(line);
			return 0;
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return -1;
}

char *
srv_expand_keys_file(const char *pattern, const char *user, const char *home)
{
	sbuf b = { 0 };
	const char *p;

	if (pattern[0] != '/' && pattern[0] != '%') {
		sbuf_add(&b, home);
		sbuf_addc(&b, '/');
	}
	for (p = pattern; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			sbuf_addc(&b, *p);
			continue;
		}
		p++;
		if (*p == 'h')
			sbuf_add(&b, home);
		else if (*p == 'u')
			sbuf_add(&b, user);
		else if (*p == '%')
			sbuf_addc(&b, '%');
		else {
			sbuf_free(&b);
			return NULL;	/* %U, %i ...: not expanded here */
		}
	}
	return sbuf_steal(&b);
}

size_t
srv_safe_path_parts(const char *file, const char *home, char ***parts)
{
	char *cur = xstrdup(file);
	size_t n = 0;

	*parts = NULL;
	/* sshd's safe_path(): the file, then each folder above it up to and
	 * including the home folder, or up to / when the file is not under
	 * home. */
	for (;;) {
		char *slash;

		*parts = xreallocarray(*parts, n + 1, sizeof(char *));
		(*parts)[n++] = xstrdup(cur);
		if ((home != NULL && n > 1 && strcmp(cur, home) == 0) ||
		    strcmp(cur, "/") == 0 || n > 64)
			break;
		slash = strrchr(cur, '/');
		if (slash == NULL)
			break;
		if (slash == cur)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(cur);
	return n;
}

void
srv_account_clear(srv_account *a)
{
	free(a->home);
	free(a->shell);
	memset(a, 0, sizeof(*a));
}

/* ---- The probe ---- */

/* The StrictModes walk.  Returns "file_modes", "file_owner" or NULL. */
static const char *
strict_modes(sw_probe_ctx *ctx, sw_host *h, const char *user,
    const srv_account *a, const char *keys_files)
{
	char *copy = xstrdup(keys_files), *save = NULL, *w;
	const char *found = NULL;

	for (w = strtok_r(copy, " ", &save); w != NULL && found == NULL;
	    w = strtok_r(NULL, " ", &save)) {
		char *file = srv_expand_keys_file(w, user, a->home), **parts;
		sw_host_stat *st;
		size_t n, i;

		if (file == NULL || !host_path_ok(file)) {
			free(file);
			continue;
		}
		n = srv_safe_path_parts(file, a->home, &parts);
		st = xcalloc(n, sizeof(*st));
		if (host_stat(h, ctx, (const char *const *)parts, n, st) == 0 &&
		    st[0].exists) {
			evidence_add(&ctx->evidence, "authorized_keys", "%s", file);
			for (i = 0; i < n && found == NULL; i++) {
				if (!st[i].exists)
					break;
				if (st[i].uid != 0 && st[i].uid != a->uid) {
					evidence_add(&ctx->evidence, "bad_path",
					    "%s: owned by uid %ld, not by %s or "
					    "root", parts[i], st[i].uid, user);
					evidence_add(&ctx->evidence, "fix_path",
					    "%s", parts[i]);
					found = "file_owner";
				} else if ((st[i].mode & 022) != 0) {
					evidence_add(&ctx->evidence, "bad_path",
					    "%s: mode %04o, writable by %s",
					    parts[i], st[i].mode,
					    (st[i].mode & 002) ? "everyone" :
					    "its group");
					evidence_add(&ctx->evidence, "fix_path",
					    "%s", parts[i]);
					found = "file_modes";
				}
			}
		}
		for (i = 0; i < n; i++)
			free(parts[i]);
		free(parts);
		free(st);
		free(file);
	}
	free(copy);
	return found;
}

/* The groups sshd reads for the user (`id -G -n`), NULL-ended, or NULL
 * when they cannot be read.  Caller frees each and the array. */
static char **
user_groups(sw_probe_ctx *ctx, sw_host *h, const char *user)
{
	const char *argv[] = { "id", "-G", "-n", "--", user, NULL };
	sw_host_result r;
	char *save = NULL, *g, **v = NULL;
	size_t n = 0;

	if (host_run(h, ctx, login_cmds, argv, &r) == 0 && r.status == 0) {
		for (g = strtok_r(r.out, " \n", &save); g != NULL && n < 256;
		    g = strtok_r(NULL, " \n", &save)) {
			v = xreallocarray(v, n + 2, sizeof(char *));
			v[n++] = xstrdup(g);
		}
		if (v == NULL)
			v = xcalloc(1, sizeof(char *));
		v[n] = NULL;
	}
	host_result_free(&r);
	return v;
}

/* The first group that matches a pattern of list, or NULL. */
static const char *
groups_match(char *const *groups, const char *list)
{
	size_t i;

	for (i = 0; groups != NULL && groups[i] != NULL; i++)
		if (srv_user_list_match(list, groups[i], NULL))
			return groups[i];
	return NULL;
}

/* The line of a keyword that adds up (DenyUsers, ...) whose patterns
 * match name (a user, or one of groups when groups is not NULL), among
 * the lines in force for conn.  NULL when none does. */
static const srv_cfg_line *
list_line_naming(const srv_sshd_config *c, const char *keyword,
    const srv_conn *conn, const char *name, char *const *groups,
    const char *ip)
{
	const srv_cfg_line *found = NULL;
	size_t *idx, n, i;

	n = srv_config_lines(c, keyword, conn, 1, &idx);
	for (i = 0; i < n && found == NULL; i++) {
		const srv_cfg_line *l = &c->lines[idx[i]];

		if (groups != NULL ? groups_match(groups, l->value) != NULL :
		    srv_user_list_match(l->value, name, ip))
			found = l;
	}
	free(idx);
	return found;
}

/* The line's keyword and value without the patterns that match name (or
 * a group of groups); commented out when none is left.  Caller frees. */
static char *
line_without(const srv_cfg_line *l, const char *name, char *const *groups,
    const char *ip)
{
	char *copy = xstrdup(l->value), *save = NULL, *w;
	sbuf b = { 0 };
	int kept = 0;

	sbuf_add(&b, l->keyword);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (groups != NULL ? groups_match(groups, w) != NULL :
		    srv_user_list_match(w, name, ip))
			continue;
		sbuf_addf(&b, " %s", w);
		kept++;
	}
	free(copy);
	if (kept == 0) {
		sbuf_free(&b);
		return xasprintf("# %s", l->text);
	}
	return sbuf_steal(&b);
}

/* Records the deciding line of a list keyword and the command that
 * changes it (new_text), as "config_line" and "login_fix_cmd". */
static void
note_list_line(sw_probe_ctx *ctx, const srv_sshd_config *c,
    const char *keyword, const srv_cfg_line *l, const char *new_text)
{
	char *s, *cmd;

	if (c == NULL) {
		srv_config_note_where(ctx, "config_line", NULL, keyword, NULL,
		    NULL);
		return;
	}
	if (l == NULL) {
		evidence_add(&ctx->evidence, "config_line", "%s: no line of "
		    "the configuration files in force for this connection "
		    "was found", keyword);
		return;
	}
	s = srv_config_line_str(c, l);
	evidence_add(&ctx->evidence, "config_line", "%s", s);
	free(s);
	if (new_text != NULL &&
	    (cmd = srv_config_edit_cmd(c, l, new_text)) != NULL) {
		evidence_add(&ctx->evidence, "login_fix_cmd", "%s", cmd);
		free(cmd);
	}
}

/* DenyUsers (groups NULL) or DenyGroups: the line naming the user (or a
 * group of groups), and the fix that drops them from it. */
static void
note_deny_line(sw_probe_ctx *ctx, const srv_sshd_config *c,
    const char *keyword, const srv_conn *conn, const char *user,
    char *const *groups, const char *ip)
{
	const srv_cfg_line *l = NULL;
	char *text = NULL;

	if (c != NULL && (l = list_line_naming(c, keyword, conn, user, groups,
	    ip)) != NULL)
		text = line_without(l, user, groups, ip);
	note_list_line(ctx, c, keyword, l, text);
	free(text);
}

/* The first line of keyword in force for conn (c may be NULL), or NULL. */
static const srv_cfg_line *
first_line(const srv_sshd_config *c, const char *keyword,
    const srv_conn *conn)
{
	const srv_cfg_line *l = NULL;
	size_t *idx;

	if (c != NULL && srv_config_lines(c, keyword, conn, 1, &idx) > 0)
		l = &c->lines[idx[0]];
	if (c != NULL)
		free(idx);
	return l;
}

/* Allow/DenyUsers and Allow/DenyGroups, in sshd's order.  Returns
 * "not_allowed" or NULL. */
static const char *
allow_deny(sw_probe_ctx *ctx, const char *T, const srv_sshd_config *c,
    const srv_conn *conn, char **groups, const char *user)
{
	const char *ip = srv_client_ip(ctx), *res = NULL, *g;
	const srv_cfg_line *l = NULL;
	char *v, *text = NULL;

	if ((v = srv_T_value(T, "denyusers")) != NULL &&
	    srv_user_list_match(v, user, ip)) {
		evidence_add(&ctx->evidence, "denied_by", "DenyUsers %s", v);
		note_deny_line(ctx, c, "DenyUsers", conn, user, NULL, ip);
		res = "not_allowed";
		goto out;
	}
	free(v);
	if ((v = srv_T_value(T, "allowusers")) != NULL &&
	    !srv_user_list_match(v, user, ip)) {
		evidence_add(&ctx->evidence, "denied_by", "AllowUsers %s "
		    "(%s is not among them)", v, user);
		if ((l = first_line(c, "AllowUsers", conn)) != NULL)
			text = xasprintf("%s %s %s", l->keyword, l->value, user);
		note_list_line(ctx, c, "AllowUsers", l, text);
		res = "not_allowed";
		goto out;
	}
	free(v);
	if ((v = srv_T_value(T, "denygroups")) != NULL &&
	    groups_match(groups, v) != NULL) {
		evidence_add(&ctx->evidence, "denied_by", "DenyGroups %s "
		    "(%s is in group %s)", v, user, groups_match(groups, v));
		note_deny_line(ctx, c, "DenyGroups", conn, user, groups, ip);
		res = "not_allowed";
		goto out;
	}
	free(v);
	v = srv_T_value(T, "allowgroups");
	if (v != NULL && groups == NULL)
		evidence_add(&ctx->evidence, "unchecked", "AllowGroups %s: the "
		    "groups of %s could not be read (id -G -n)", v, user);
	if (v != NULL && groups != NULL && groups_match(groups, v) == NULL) {
		evidence_add(&ctx->evidence, "denied_by", "AllowGroups %s "
		    "(no group of %s is among them)", v, user);
		l = first_line(c, "AllowGroups", conn);
		note_list_line(ctx, c, "AllowGroups", l, NULL);
		/* The fix: put the user in the first group the line names
		 * plainly. */
		g = l != NULL ? l->value : v;
		{
			char *copy = xstrdup(g), *save = NULL, *w;

			for (w = strtok_r(copy, " ", &save); w != NULL;
			    w = strtok_r(NULL, " ", &save))
				if (strpbrk(w, "*?!@[") == NULL) {
					sbuf b = { 0 };

					shell_add_word(&b, "sudo");
					shell_add_word(&b, "usermod");
					shell_add_word(&b, "-a");
					shell_add_word(&b, "-G");
					shell_add_word(&b, w);
					shell_add_word(&b, user);
					evidence_add(&ctx->evidence,
					    "login_fix_cmd", "%s", b.s);
					sbuf_free(&b);
					break;
				}
			free(copy);
		}
		res = "not_allowed";
		goto out;
	}
out:
	free(v);
	free(text);
	return res;
}

/* ---- SELinux ---- */

int
srv_parse_ls_Z(const char *out, char *type, size_t n)
{
	char *copy = xstrdup(out), *save = NULL, *w;
	int rc = -1;

	if (n > 0)
		type[0] = '\0';
	/* "user:role:type:level PATH" (coreutils 8+) or the long form of
	 * older ones ("drwx------. u g user:role:type:level PATH"): the first
	 * word with at least three colons is the context. */
	for (w = strtok_r(copy, " \t\n", &save); w != NULL && rc != 0;
	    w = strtok_r(NULL, " \t\n", &save)) {
		char *c1 = strchr(w, ':'), *c2, *c3;

		if (c1 == NULL || (c2 = strchr(c1 + 1, ':')) == NULL ||
		    (c3 = strchr(c2 + 1, ':')) == NULL || c3 == c2 + 1)
			continue;
		snprintf(type, n, "%.*s", (int)(c3 - c2 - 1), c2 + 1);
		rc = 0;
	}
	free(copy);
	return rc;
}

/* The login methods sshd takes for this connection, each with the line that
 * sets it ("methods" evidence).  When the check came from the client's walk
 * (over --via), the client's way of logging in is known: a password, or
 * keys; when sshd takes neither that way nor keyboard-interactive prompts
 * for it, returns "method_off" with the line that turns it off. */
static const char *
methods_check(sw_probe_ctx *ctx, const char *T, const srv_sshd_config *c,
    const srv_conn *conn, int from_client)
{
	static const char *const kw[][2] = {
		{ "PubkeyAuthentication", "pubkeyauthentication" },
		{ "PasswordAuthentication", "passwordauthentication" },
		{ "KbdInteractiveAuthentication", "kbdinteractiveauthentication" },
		{ "AuthenticationMethods", "authenticationmethods" },
	};
	char *v[4];
	const srv_cfg_line *l[4];
	const char *res = NULL;
	int want_pw = ctx->target->password != NULL, off, k;

	for (k = 0; k < 4; k++) {
		char *where;

		v[k] = srv_T_value(T, kw[k][1]);
		l[k] = c != NULL && v[k] != NULL ? srv_config_where(c, kw[k][0],
		    conn, v[k], NULL) : NULL;
		where = l[k] != NULL ? srv_config_line_str(c, l[k]) : NULL;
		evidence_add(&ctx->evidence, "methods", "%s %s (%s)", kw[k][0],
		    v[k] != NULL ? v[k] : "?", where != NULL ? where :
		    c != NULL ? "not set in any file: the default" :
		    "the files could not be read");
		free(where);
	}
	/* A password also gets through keyboard-interactive prompts. */
	off = want_pw ? (v[1] != NULL && strcmp(v[1], "no") == 0 &&
	    v[2] != NULL && strcmp(v[2], "no") == 0) :
	    (v[0] != NULL && strcmp(v[0], "no") == 0);
	if (from_client && off) {
		const srv_cfg_line *line = l[want_pw ? 1 : 0];
		char *s = line != NULL ? srv_config_line_str(c, line) : NULL;

		evidence_add(&ctx->evidence, "method_off", "the client logs in "
		    "with %s; sshd takes none for %s", want_pw ? "a password" :
		    "a key", conn->user);
		if (s != NULL)
			evidence_add(&ctx->evidence, "config_line", "%s", s);
		else
			evidence_add(&ctx->evidence, "config_line", "%s is not "
			    "set in any file; the default is no",
			    kw[want_pw ? 1 : 0][0]);
		free(s);
		if (line != NULL) {
			char *text = xasprintf("%s yes", line->keyword);
			char *cmd = srv_config_edit_cmd(c, line, text);

			if (cmd != NULL)
				evidence_add(&ctx->evidence, "login_fix_cmd",
				    "%s", cmd);
			free(cmd);
			free(text);
		}
		res = "method_off";
	}
	for (k = 0; k < 4; k++)
		free(v[k]);
	return res;
}

/* ---- The account's shell and home ---- */

/* A shell that ends every login at once (as ssh's client side sees it:
 * session.no_shell). */
int
srv_shell_refuses(const char *shell)
{
	const char *base = strrchr(shell, '/');

	base = base != NULL ? base + 1 : shell;
	return strcmp(base, "nologin") == 0 || strcmp(base, "false") == 0;
}

/* 1 if /etc/shells text lists shell. */
int
srv_shells_lists(const char *text, const char *shell)
{
	size_t sl = strlen(shell);
	const char *p = text;

	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t ll = nl != NULL ? (size_t)(nl - p) : strlen(p);

		while (ll > 0 && (p[ll - 1] == ' ' || p[ll - 1] == '\t' ||
		    p[ll - 1] == '\r'))
			ll--;
		if (ll == sl && strncmp(p, shell, sl) == 0)
			return 1;
		p = nl != NULL ? nl + 1 : NULL;
	}
	return 0;
}

/* The shell to suggest instead: /bin/bash where it exists, else /bin/sh. */
static const char *
real_shell(sw_probe_ctx *ctx, sw_host *h)
{
	static const char *const shells[] = { "/bin/bash", "/bin/sh" };
	int ex[2] = { 0, 0 };

	if (host_executables(h, ctx, shells, 2, ex) == 0 && !ex[0] && ex[1])
		return shells[1];
	return shells[0];
}

/* Records the fix "login_fix_cmd": the words of one command, each
 * quoted, and of a second one after " && " when then is not NULL. */
static void
note_fix(sw_probe_ctx *ctx, const char *const *words,
    const char *const *then)
{
	sbuf b = { 0 };

	for (; *words != NULL; words++)
		shell_add_word(&b, *words);
	if (then != NULL)
		sbuf_add(&b, " &&");
	for (; then != NULL && *then != NULL; then++)
		shell_add_word(&b, *then);
	evidence_add(&ctx->evidence, "login_fix_cmd", "%s", b.s);
	sbuf_free(&b);
}

/* With SELinux enforcing, sshd reads the keys under ~/.ssh only when the
 * folder has the type ssh_home_t (a folder copied or moved in keeps the
 * label of where it came from).  Returns "selinux_label" or NULL.  Where
 * SELinux does not enforce, it says so: the label then does not matter, and
 * nothing was checked. */
static const char *
selinux_check(sw_probe_ctx *ctx, sw_host *h, const srv_account *a)
{
	char *text = NULL, *dir = NULL, type[64];
	const char *argv[] = { "ls", "-Zd", NULL, NULL }, *res = NULL;
	sw_host_result r;
	sw_host_stat st;
	size_t len;
	int rc;

	rc = host_read_file(h, ctx, "/sys/fs/selinux/enforce", 64, &text, &len);
	if (rc == HOST_ENOENT) {
		evidence_add(&ctx->evidence, "selinux", "SELinux is not enabled "
		    "(no /sys/fs/selinux/enforce): the label of ~/.ssh does "
		    "not matter here and was not checked");
		goto out;
	}
	if (rc != 0) {
		srv_unchecked(ctx, "/sys/fs/selinux/enforce (SELinux)", rc,
		    "getenforce");
		goto out;
	}
	if (text[0] != '1') {
		evidence_add(&ctx->evidence, "selinux", "SELinux does not "
		    "enforce (permissive): the label of ~/.ssh does not matter "
		    "now and was not checked");
		goto out;
	}
	dir = xasprintf("%s/.ssh", a->home);
	if (!host_path_ok(dir) || host_stat(h, ctx,
	    (const char *const *)&dir, 1, &st) != 0 || !st.exists)
		goto out;	/* no ~/.ssh: nothing under it to label */
	argv[2] = dir;
	if (host_run(h, ctx, login_cmds, argv, &r) != 0 || r.status != 0 ||
	    srv_parse_ls_Z(r.out, type, sizeof(type)) != 0) {
		char *cmd = xasprintf("ls -Zd %s", dir);

		srv_unchecked(ctx, "the SELinux label of ~/.ssh", HOST_EFAIL,
		    cmd);
		free(cmd);
	} else if (strcmp(type, "ssh_home_t") != 0) {
		const char *fix[] = { "sudo", "restorecon", "-R", "-v", dir,
			NULL };

		evidence_add(&ctx->evidence, "selinux", "SELinux enforces and %s "
		    "has the type %s, not ssh_home_t: sshd may not read the "
		    "keys under it", dir, type);
		note_fix(ctx, fix, NULL);
		res = "selinux_label";
	} else
		evidence_add(&ctx->evidence, "selinux", "SELinux enforces; %s "
		    "has the type ssh_home_t", dir);
	host_result_free(&r);
out:
	free(text);
	free(dir);
	return res;
}

/* sshd's allowed_user(): the shell must exist and be executable, else
 * "User ... not allowed because shell ... does not exist".  Returns
 * "shell_missing" or NULL; records a shell that is not in /etc/shells. */
static const char *
shell_exists(sw_probe_ctx *ctx, sw_host *h, const char *user,
    const srv_account *a)
{
	/* An empty field means /bin/sh, to sshd as to login(1). */
	const char *shell = a->shell[0] != '\0' ? a->shell : "/bin/sh";
	int ex = 0;
	char *text = NULL;
	size_t len;

	if (!host_path_ok(shell)) {
		evidence_add(&ctx->evidence, "unchecked", "the shell '%s' is "
		    "not a path this check passes to commands", shell);
		return NULL;
	}
	if (host_executables(h, ctx, &shell, 1, &ex) != 0) {
		evidence_add(&ctx->evidence, "unchecked", "whether %s exists",
		    shell);
		return NULL;
	}
	if (!ex) {
		const char *fix[] = { "sudo", "usermod", "-s",
			real_shell(ctx, h), user, NULL };

		evidence_add(&ctx->evidence, "shell", "%s: does not exist or is "
		    "not executable; sshd refuses every login of %s", shell,
		    user);
		note_fix(ctx, fix, NULL);
		return "shell_missing";
	}
	if (!srv_shell_refuses(shell) &&
	    host_read_file(h, ctx, "/etc/shells", 1u << 20, &text, &len) == 0 &&
	    !srv_shells_lists(text, shell))
		srv_note(ctx, "account.shells", SW_STATE_WARN, "%s, the shell "
		    "of %s, is not listed in /etc/shells: sshd does not mind, "
		    "but PAM's pam_shells and some services (FTP, chsh) refuse "
		    "such an account", shell, user);
	free(text);
	return NULL;
}

/* 1 if an AuthorizedKeysFile entry of T lies under the user's home. */
static int
keys_under_home(const char *T, const char *user, const srv_account *a)
{
	char *files = srv_T_value(T, "authorizedkeysfile"), *save = NULL, *w;
	size_t hl = strlen(a->home);
	int under = 0;

	for (w = files != NULL ? strtok_r(files, " ", &save) : NULL;
	    w != NULL && !under; w = strtok_r(NULL, " ", &save)) {
		char *f = srv_expand_keys_file(w, user, a->home);

		under = f != NULL && strncmp(f, a->home, hl) == 0 &&
		    f[hl] == '/';
		free(f);
	}
	free(files);
	return under;
}

/* The home folder: it must exist (else sshd says "Could not chdir to home
 * directory" and starts the session in /) and belong to the user.  A
 * missing one decides the login ("home_missing") when the keys sshd reads
 * are under it; else, and for another owner, it is a warning (NULL). */
static const char *
home_check(sw_probe_ctx *ctx, sw_host *h, const char *user,
    const srv_account *a, int keys_home)
{
	const char *home = a->home;
	sw_host_stat st;
	char owner[80];

	if (home[0] != '/' || !host_path_ok(home)) {
		evidence_add(&ctx->evidence, "unchecked", "the home folder "
		    "'%s' is not a path this check passes to commands", home);
		return NULL;
	}
	if (host_stat(h, ctx, &home, 1, &st) != 0) {
		evidence_add(&ctx->evidence, "unchecked", "whether %s exists",
		    home);
		return NULL;
	}
	snprintf(owner, sizeof(owner), "%s:", user);
	if (!st.exists || !st.is_dir) {
		const char *fix[] = { "sudo", "mkdir", "-m", "755", "-p", home,
			NULL };
		const char *own[] = { "sudo", "chown", owner, home, NULL };

		evidence_add(&ctx->evidence, "home", "%s: %s%s", home,
		    st.exists ? "not a folder" : "does not exist", keys_home ?
		    "; the keys sshd reads for the user are under it" : "");
		if (!keys_home) {
			srv_note(ctx, "account.home", SW_STATE_WARN, "the home "
			    "folder %s of %s does not exist (sessions start "
			    "in /)", home, user);
			return NULL;
		}
		note_fix(ctx, fix, own);
		return "home_missing";
	}
	/* A home owned by root is fine for sshd (and usual for system
	 * accounts).  Another owner: with StrictModes and keys under it, the
	 * StrictModes walk above has already found it. */
	if (st.uid != a->uid && st.uid != 0) {
		evidence_add(&ctx->evidence, "home", "%s: owned by uid %ld, not "
		    "by %s (uid %ld)", home, st.uid, user, a->uid);
		srv_note(ctx, "account.home", SW_STATE_WARN, "the home folder "
		    "%s of %s belongs to uid %ld: sudo chown %s: %s", home,
		    user, st.uid, user, home);
	}
	return NULL;
}

static const char *
login_check(sw_probe_ctx *ctx, sw_host *h, const char *user)
{
	char *text = NULL, *T = NULL, *v = NULL, **groups = NULL;
	char *cfgpath = NULL;
	size_t len, i;
	srv_account a;
	srv_sshd_config cfg;
	srv_conn conn;
	const char *res = NULL;
	int locked = 0, rc, usepam, have_cfg = -1;
	long expire = -1;

	memset(&a, 0, sizeof(a));
	memset(&cfg, 0, sizeof(cfg));
	memset(&conn, 0, sizeof(conn));
	rc = host_read_file(h, ctx, "/etc/passwd", 4u << 20, &text, &len);
	if (rc != 0) {
		srv_unchecked(ctx, "/etc/passwd", rc, NULL);
		res = "unchecked";
		goto out;
	}
	if (srv_passwd_find(text, user, &a) != 0) {
		evidence_add(&ctx->evidence, "account", "%s: not in /etc/passwd",
		    user);
		res = "no_account";
		goto out;
	}
	evidence_add(&ctx->evidence, "account", "%s: uid %ld, home %s, shell %s",
	    user, a.uid, a.home, a.shell);
	free(text);
	text = NULL;

	T = srv_sshd_T(ctx, h, user, login_cmds, &cfgpath);
	/* The files, for the line that decides (the effective value above
	 * is the authority, the line is for the human who changes it). */
	if (T != NULL && cfgpath != NULL && host_path_ok(cfgpath))
		have_cfg = srv_sshd_config_read(ctx, h, cfgpath, &cfg);
	free(cfgpath);
	cfgpath = NULL;
	if (T == NULL) {
		res = "unchecked";
		goto out;
	}
	usepam = (v = srv_T_value(T, "usepam")) != NULL &&
	    strcmp(v, "yes") == 0;
	free(v);
	v = NULL;

	/* The account, as sshd's allowed_user() looks at it. */
	rc = host_read_file(h, ctx, "/etc/shadow", 4u << 20, &text, &len);
	if (rc == 0 && srv_shadow_find(text, user, &locked, &expire) == 0) {
		long today = (long)(time(NULL) / 86400);

		if (expire >= 0 && expire <= today && usepam) {
			evidence_add(&ctx->evidence, "expired", "the account "
			    "expired on day %ld (today is day %ld); PAM's "
			    "account check refuses it", expire, today);
			res = "expired";
			goto out;
		}
		/* sshd built with PAM checks the expiry only through PAM:
		 * with UsePAM no the account still logs in. */
		if (expire >= 0 && expire <= today)
			evidence_add(&ctx->evidence, "expired", "the account "
			    "expired on day %ld, but with UsePAM no this sshd "
			    "does not check it", expire);
		if (locked && !usepam) {
			evidence_add(&ctx->evidence, "locked", "the password "
			    "field in /etc/shadow starts with '!' and UsePAM "
			    "is off: sshd refuses every login");
			res = "locked";
			goto out;
		}
	} else if (rc != 0) {
		char *cmd = xasprintf("sudo chage -l %s", user);

		srv_unchecked(ctx, "/etc/shadow (locked, expired)", rc, cmd);
		free(cmd);
	}

	/* Then the shell, as sshd's allowed_user() does before the lists. */
	if ((res = shell_exists(ctx, h, user, &a)) != NULL)
		goto out;

	/* DenyUsers, AllowUsers, DenyGroups, AllowGroups, in sshd's order,
	 * each with the line that decides it. */
	groups = user_groups(ctx, h, user);
	conn.user = user;
	conn.groups = (const char *const *)groups;
	conn.host = conn.addr = srv_client_ip(ctx);
	conn.laddr = srv_target_ip(ctx);
	conn.lport = srv_port(ctx);
	if (have_cfg == 0)
		for (i = 0; i < cfg.n_problems; i++)
			evidence_add(&ctx->evidence, "config_note", "%s",
			    cfg.problems[i]);
	if ((res = allow_deny(ctx, T, have_cfg == 0 ? &cfg : NULL, &conn,
	    groups, user)) != NULL)
		goto out;

	if (a.uid == 0 && (v = srv_T_value(T, "permitrootlogin")) != NULL &&
	    strcmp(v, "yes") != 0) {
		const srv_cfg_line *l;

		evidence_add(&ctx->evidence, "permitrootlogin", "%s%s", v,
		    strcmp(v, "no") == 0 ? ": root may not log in" :
		    ": root may not log in with a password");
		l = srv_config_note_where(ctx, "config_line", have_cfg == 0 ?
		    &cfg : NULL, "PermitRootLogin", &conn, v);
		/* "no": keys only is the safe way to let root in. */
		if (l != NULL && strcmp(v, "no") == 0) {
			char *cmd = srv_config_edit_cmd(&cfg, l,
			    "PermitRootLogin prohibit-password");

			if (cmd != NULL)
				evidence_add(&ctx->evidence, "login_fix_cmd",
				    "%s", cmd);
			free(cmd);
		}
		res = "root_denied";
		free(v);
		v = NULL;
		goto out;
	}
	free(v);
	v = NULL;

	/* The methods: sshd offers only those it takes. */
	if ((res = methods_check(ctx, T, have_cfg == 0 ? &cfg : NULL, &conn,
	    host_kind(h) == SW_HOST_VIA)) != NULL)
		goto out;

	if ((v = srv_T_value(T, "strictmodes")) != NULL &&
	    strcmp(v, "yes") == 0) {
		char *files = srv_T_value(T, "authorizedkeysfile");

		if (files != NULL)
			res = strict_modes(ctx, h, user, &a, files);
		free(files);
		/* StrictModes decides with the modes: where it is set. */
		if (res != NULL)
			srv_config_note_where(ctx, "config_line", have_cfg == 0 ?
			    &cfg : NULL, "StrictModes", &conn, v);
	}
	free(v);
	v = NULL;
	if (res != NULL || (res = selinux_check(ctx, h, &a)) != NULL)
		goto out;

	/* What the session needs once sshd let the user in. */
	if ((res = home_check(ctx, h, user, &a,
	    keys_under_home(T, user, &a))) != NULL)
		goto out;
	if (srv_shell_refuses(a.shell)) {
		const char *fix[] = { "sudo", "usermod", "-s",
			real_shell(ctx, h), user, NULL };

		evidence_add(&ctx->evidence, "shell", "%s: ends every login at "
		    "once (sshd lets %s in, then the shell refuses)", a.shell,
		    user);
		note_fix(ctx, fix, NULL);
		res = "no_shell";
	}
out:
	free(text);
	free(v);
	v = NULL;
	free(T);
	sw_strv_free(groups);
	srv_sshd_config_clear(&cfg);
	srv_account_clear(&a);
	return res != NULL ? res : "ok";
}

static const char *
login_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	const char *user, *res;

	if ((res = srv_login_user(ctx, &h, &user)) != NULL)
		return res;
	res = login_check(ctx, h, user);
	if (strcmp(res, "ok") != 0 && strcmp(res, "unchecked") != 0)
		srv_quote_log(ctx, h, user, login_why, NULL);
	if (strcmp(res, "ok") == 0)
		srv_note(ctx, "login", SW_STATE_PASS, "nothing on the server "
		    "refuses %s", user);
	else if (strcmp(res, "unchecked") == 0)
		srv_note(ctx, "login", SW_STATE_UNCHECKED, "why sshd would "
		    "refuse %s", user);
	else
		srv_note(ctx, "login", SW_STATE_FAIL, "%s: %s", user, res);
	return res;
}

/* The evidence keys this probe may record (probe.h). */
static const char *const evidence_keys[] = {
	"account", "authorized_keys", "bad_path", "config_line", "config_note",
	"denied_by", "effective_config", "expired", "fix_path", "locked",
	"home", "login_fix_cmd", "method_off", "methods", "note", "permitrootlogin", "run_instead",
	"selinux", "shell", "sshd_said", "unchecked", "user", NULL,
};

const sw_probe_def probe_server_login = {
	.name = "server.login",
	.title = N_("Does the server let this user log in?"),
	.outcomes = outcomes,
	.run = login_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
