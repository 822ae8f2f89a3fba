/* Target parsing and the effective ssh configuration. */
#include "config.h"

#include "core/target.h"
#include "core/i18n.h"
#include "core/proc.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SSH_G_MAX (256 * 1024)
#define SSH_G_TIMEOUT_MS 3000

int
target_parse_port(const char *s)
{
	char *end;
	long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 65535)
		return -1;
	return (int)v;
}

int
target_parse_spec(const char *spec, char **user, char **host, int *port,
    char **errp)
{
	const char *at, *h, *colon = NULL, *hend;
	char *portstr = NULL;

	*user = *host = NULL;
	*port = 0;
	if (spec == NULL || *spec == '\0')
		goto empty;
	at = strrchr(spec, '@');
	h = at ? at + 1 : spec;
	if (*h == '[') {
		const char *close = strchr(h, ']');

		if (close == NULL) {
			*errp = xasprintf(_("bad host '%s': missing ']'"), spec);
			return -1;
		}
		*host = xstrndup(h + 1, (size_t)(close - h - 1));
		if (close[1] == ':')
			portstr = xstrdup(close + 2);
		else if (close[1] != '\0') {
			*errp = xasprintf(_("bad host '%s'"), spec);
			goto fail;
		}
	} else {
		colon = strchr(h, ':');
		/* More than one colon: a bare IPv6 address, no port. */
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			colon = NULL;
		hend = colon ? colon : h + strlen(h);
		*host = xstrndup(h, (size_t)(hend - h));
		if (colon != NULL)
			portstr = xstrdup(colon + 1);
	}
	if (**host == '\0')
		goto empty;
	if (**host == '-') {
		*errp = xasprintf(_("bad host '%s': a host may not start with '-'"),
		    *host);
		goto fail;
	}
	if (at != NULL) {
		*user = xstrndup(spec, (size_t)(at - spec));
		if (**user == '\0') {
			*errp = xasprintf(_("bad target '%s': empty user name"), spec);
			goto fail;
		}
	}
	if (portstr != NULL && (*port = target_parse_port(portstr)) < 0) {
		*errp = xasprintf(_("bad port '%s': give a number from 1 to 65535"),
		    portstr);
		goto fail;
	}
	free(portstr);
	return 0;
empty:
	*errp = xstrdup(_("empty host: give a host name or address"));
fail:
	free(portstr);
	free(*user);
	free(*host);
	*user = *host = NULL;
	*port = 0;
	return -1;
}

sw_target *
target_new(void)
{
	sw_target *t = xcalloc(1, sizeof(*t));
	struct passwd *pw = getpwuid(getuid());
	const char *u = getenv("USER");

	t->port = 22;
	t->user = xstrdup(pw != NULL ? pw->pw_name : (u ? u : "root"));
	t->timeout_ms = 5000;
	return t;
}

void
target_free(sw_target *t)
{
	size_t i;

	if (t == NULL)
		return;
	free(t->alias);
	free(t->host);
	free(t->user);
	for (i = 0; i < t->n_identities; i++)
		free(t->identities[i]);
	free(t->identities);
	free(t->known_hosts);
	free(t->proxy_jump);
	free(t->proxy_command);
	secret_free(t->password);
	free(t->client_ip);
	free(t->sshd_config);
	free(t);
}

const char *
source_name(sw_source s)
{
	switch (s) {
	case SW_SRC_CMDLINE:
		return "cmdline";
	case SW_SRC_SSH_CONFIG:
		return "ssh_config";
	default:
		return "default";
	}
}

char *
ssh_g_value(const char *out, const char *key, size_t nth)
{
	size_t klen = strlen(key);
	const char *p = out;

	while (p != NULL && *p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == ' ' &&
		    nth-- == 0)
			return xstrndup(p + klen + 1, len - klen - 1);
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

/* Every value of a repeated key, in order. */
static size_t
ssh_g_values(const char *out, const char *key, char ***vals)
{
	size_t n = 0;
	char *v;

	*vals = NULL;
	while ((v = ssh_g_value(out, key, n)) != NULL) {
		*vals = xreallocarray(*vals, n + 1, sizeof(**vals));
		(*vals)[n++] = v;
	}
	return n;
}

/* 1 if key has the same value in both outputs. */
static int
same_as_default(const char *out, const char *defaults, const char *key)
{
	char *a, *b;
	int same;

	if (defaults == NULL)
		return 0;
	a = ssh_g_value(out, key, 0);
	b = ssh_g_value(defaults, key, 0);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

static void
apply_string(char **field, sw_source *src, const char *out,
    const char *defaults, const char *key)
{
	char *v;

	if (*src == SW_SRC_CMDLINE || (v = ssh_g_value(out, key, 0)) == NULL)
		return;
	free(*field);
	*field = v;
	*src = same_as_default(out, defaults, key) ? SW_SRC_DEFAULT :
	    SW_SRC_SSH_CONFIG;
}

/* Replaces a leading "~/" with $HOME, as ssh does for these paths. */
static char *
expand_tilde(char *v)
{
	const char *home = getenv("HOME");
	char *x;

	if (v == NULL || strncmp(v, "~/", 2) != 0 || home == NULL)
		return v;
	x = xasprintf("%s%s", home, v + 1);
	free(v);
	return x;
}

static char *
none_to_null(char *v)
{
	if (v != NULL && strcmp(v, "none") == 0) {
		free(v);
		return NULL;
	}
	return v;
}

void
target_apply_ssh_g(sw_target *t, const char *out, const char *defaults)
{
	char *v, **ids;
	size_t n, i;

	apply_string(&t->host, &t->host_src, out, NULL, "hostname");
	if (t->host_src != SW_SRC_CMDLINE && t->alias != NULL &&
	    t->host != NULL && strcmp(t->host, t->alias) != 0)
		t->host_src = SW_SRC_SSH_CONFIG;
	else if (t->host_src != SW_SRC_CMDLINE)
		t->host_src = SW_SRC_DEFAULT;
	apply_string(&t->user, &t->user_src, out, defaults, "user");
	if (t->port_src != SW_SRC_CMDLINE &&
	    (v = ssh_g_value(out, "port", 0)) != NULL) {
		int p = target_parse_port(v);

		if (p > 0) {
			t->port = p;
			t->port_src = same_as_default(out, defaults, "port") ?
			    SW_SRC_DEFAULT : SW_SRC_SSH_CONFIG;
		}
		free(v);
	}
	if (t->identities_src != SW_SRC_CMDLINE &&
	    (n = ssh_g_values(out, "identityfile", &ids)) > 0) {
		for (i = 0; i < t->n_identities; i++)
			free(t->identities[i]);
		free(t->identities);
		for (i = 0; i < n; i++)
			ids[i] = expand_tilde(ids[i]);
		t->identities = ids;
		t->n_identities = n;
		t->identities_src = same_as_default(out, defaults,
		    "identityfile") ? SW_SRC_DEFAULT : SW_SRC_SSH_CONFIG;
	}
	if (t->known_hosts_src != SW_SRC_CMDLINE &&
	    (v = ssh_g_value(out, "userknownhostsfile", 0)) != NULL) {
		/* Several files may be listed; the first is the one ssh writes. */
		v[strcspn(v, " ")] = '\0';
		free(t->known_hosts);
		t->known_hosts = expand_tilde(v);
		t->known_hosts_src = same_as_default(out, defaults,
		    "userknownhostsfile") ? SW_SRC_DEFAULT : SW_SRC_SSH_CONFIG;
	}
	if ((v = ssh_g_value(out, "identitiesonly", 0)) != NULL) {
		t->identities_only = strcmp(v, "yes") == 0;
		free(v);
	}
	free(t->proxy_jump);
	t->proxy_jump = none_to_null(ssh_g_value(out, "proxyjump", 0));
	free(t->proxy_command);
	t->proxy_command = none_to_null(ssh_g_value(out, "proxycommand", 0));
}

/* Runs argv and returns its whole stdout when it exits 0 within the time
 * limit and the cap, else NULL.  Caller frees. */
static char *
run_capture(char *const argv[])
{
	sw_proc_result r;
	char *out = NULL;

	if (proc_capture((const char *const *)argv, sw_now_ms() +
	    SSH_G_TIMEOUT_MS, NULL, SSH_G_MAX, 0, &r) == 0 && r.status == 0 &&
	    !r.truncated) {
		out = r.out;
		r.out = NULL;	/* transferred */
	}
	proc_result_free(&r);
	return out;
}

int
target_apply_ssh_config(sw_target *t, const char *ssh_path)
{
	const char *ssh = ssh_path ? ssh_path : "ssh";
	char portbuf[16];
	char *argv[10], *out, *defaults;
	int n = 0;

	if (t->alias == NULL)
		return 0;
	argv[n++] = (char *)ssh;
	argv[n++] = "-G";
	if (t->port_src == SW_SRC_CMDLINE) {
		snprintf(portbuf, sizeof(portbuf), "%d", t->port);
		argv[n++] = "-p";
		argv[n++] = portbuf;
	}
	if (t->user_src == SW_SRC_CMDLINE) {
		argv[n++] = "-l";
		argv[n++] = t->user;
	}
	argv[n++] = "--";
	argv[n++] = t->alias;
	argv[n] = NULL;
	if ((out = run_capture(argv)) == NULL)
		return 0;
	{
		char *dargv[] = { (char *)ssh, "-F", "/dev/null", "-G", "--",
			t->alias, NULL };

		defaults = run_capture(dargv);
	}
	target_apply_ssh_g(t, out, defaults);
	free(out);
	free(defaults);
	return 1;
}
