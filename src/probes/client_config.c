/* client.config: what the user's own ssh would do for this host, and what in
 * the client's set-up could make it fail or behave unlike the wizard.
 *
 * Reads the target's effective configuration, resolved once by `ssh -G`
 * (core/target.c) with the user's -F/-J/-p/-l/-i/-o, and records HostName,
 * Port, User, IdentityFile, IdentitiesOnly, the jump hosts and
 * ProxyCommand.  Then looks for what the
 * wizard's own checks (libssh, direct TCP) would not reproduce: a jump host
 * or proxy command, host key aliases, certificates, tokens, a shared master
 * connection, a restricted address family, changed algorithm lists, host key
 * checking switched off.  It checks the permissions ssh insists on (a
 * configuration file others may write, a private key others may read: ssh
 * refuses both) and notes proxy variables in the environment, which ssh
 * ignores.  Nothing here opens a network connection. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_IDENTITIES 32

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS,
	    N_("nothing in the ssh configuration stands in the way") },
	{ "warnings", SW_STATE_WARN,
	    N_("the ssh configuration has points worth a look") },
	{ "proxy", SW_STATE_WARN,
	    N_("ssh reaches this host through a proxy command") },
	{ "broken", SW_STATE_FAIL, N_("ssh refuses its own configuration") },
	{ "skipped", SW_STATE_INFO,
	    N_("not read: --no-ssh-config was given") },
	{ "unchecked", SW_STATE_UNCHECKED,
	    N_("the ssh configuration could not be read") },
	{ NULL, 0, NULL },
};

/* Proxy variables other programs honour and ssh does not. */
static const char *const proxy_vars[] = { "http_proxy", "https_proxy",
	"all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "socks_proxy",
	"SOCKS_PROXY", "SOCKS_SERVER", NULL };

/* Algorithm lists a configuration may change; a change is worth a note
 * because the wizard's libssh offers its own lists. */
static const char *const algo_keys[] = { "kexalgorithms", "ciphers", "macs",
	"hostkeyalgorithms", "pubkeyacceptedalgorithms", NULL };

/* 1 if key has a value other than "none"/"no"/"false" (or absent). */
static int
g_set(const char *out, const char *key)
{
	char *v = ssh_g_value(out, key, 0);
	int set = v != NULL && strcmp(v, "none") != 0 && strcmp(v, "no") != 0 &&
	    strcmp(v, "false") != 0;

	free(v);
	return set;
}

/* 1 if key has the same value in both outputs. */
static int
g_same(const char *a, const char *b, const char *key)
{
	char *x = ssh_g_value(a, key, 0), *y = b ? ssh_g_value(b, key, 0) : NULL;
	int same = x == NULL || (y != NULL && strcmp(x, y) == 0);

	free(x);
	free(y);
	return same;
}

/* Checks one private key file as ssh does before using it.  Returns 1
 * when ssh would refuse it. */
static int
check_key(sw_evidence *ev, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return 0;	/* absent: ssh skips it quietly */
	if (!S_ISREG(st.st_mode)) {
		evidence_add(ev, "key_file", "%s: not a regular file", path);
		return 1;
	}
	if (st.st_uid == getuid() && (st.st_mode & 077) != 0) {
		evidence_add(ev, "key_file", "%s: mode %04o, readable by others: "
		    "ssh ignores it (UNPROTECTED PRIVATE KEY FILE)", path,
		    (unsigned)(st.st_mode & 07777));
		return 1;
	}
	if (access(path, R_OK) != 0) {
		evidence_add(ev, "key_file", "%s: not readable (%s)", path,
		    strerror(errno));
		return 1;
	}
	evidence_add(ev, "key_file", "%s: mode %04o, usable", path,
	    (unsigned)(st.st_mode & 07777));
	return 0;
}

/* Checks ~/.ssh and ~/.ssh/config.  Returns 1 for a finding. */
static int
check_ssh_dir(sw_evidence *ev, const char *home)
{
	struct stat st;
	char *dir, *cfg;
	int found = 0;

	if (home == NULL)
		return 0;
	dir = xasprintf("%s/.ssh", home);
	cfg = xasprintf("%s/.ssh/config", home);
	if (stat(dir, &st) == 0) {
		if ((st.st_mode & 022) != 0) {
			evidence_add(ev, "ssh_dir", "%s: mode %04o, others may "
			    "write to it (keys, known_hosts and config could "
			    "be replaced)", dir, (unsigned)(st.st_mode & 07777));
			found = 1;
		} else
			evidence_add(ev, "ssh_dir", "%s: mode %04o", dir,
			    (unsigned)(st.st_mode & 07777));
	} else
		evidence_add(ev, "ssh_dir", "%s: absent", dir);
	if (stat(cfg, &st) == 0) {
		if ((st.st_uid != getuid() && st.st_uid != 0) ||
		    (st.st_mode & 022) != 0) {
			evidence_add(ev, "config_file", "%s: mode %04o owner %u: "
			    "ssh refuses it (Bad owner or permissions)", cfg,
			    (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
			found = 1;
		} else
			evidence_add(ev, "config_file", "%s: mode %04o", cfg,
			    (unsigned)(st.st_mode & 07777));
	}
	free(dir);
	free(cfg);
	return found;
}

/* Records proxy variables, without any user:password part.  Returns 1 if
 * there is one. */
static int
check_proxy_env(sw_evidence *ev)
{
	size_t i;
	int found = 0;

	for (i = 0; proxy_vars[i] != NULL; i++) {
		const char *v = getenv(proxy_vars[i]), *at, *scheme;
		char *shown;

		if (v == NULL || *v == '\0')
			continue;
		scheme = strstr(v, "://");
		at = strchr(scheme ? scheme + 3 : v, '@');
		if (at != NULL)
			shown = xasprintf("%.*s***%s", scheme ?
			    (int)(scheme + 3 - v) : 0, v, at);
		else
			shown = xstrdup(v);
		evidence_add(ev, "proxy_env", "%s=%s (ssh does not use it)",
		    proxy_vars[i], shown);
		free(shown);
		found = 1;
	}
	return found;
}

/* Records what the wizard's libssh and direct TCP checks would not do like
 * ssh.  Returns the number of differences. */
static int
check_differences(sw_evidence *ev, const char *out, const char *defaults)
{
	int n = 0;
	char *v;
	size_t i;

	if ((v = ssh_g_value(out, "hostkeyalias", 0)) != NULL) {
		evidence_add(ev, "differs", "HostKeyAlias %s: ssh looks the host "
		    "key up under that name", v);
		free(v);
		n++;
	}
	if (g_set(out, "certificatefile")) {
		evidence_add(ev, "differs", "CertificateFile: ssh offers a "
		    "certificate");
		n++;
	}
	if (g_set(out, "pkcs11provider")) {
		evidence_add(ev, "differs", "PKCS11Provider: ssh uses keys on a "
		    "token");
		n++;
	}
	if ((v = ssh_g_value(out, "securitykeyprovider", 0)) != NULL) {
		if (strcmp(v, "internal") != 0) {
			evidence_add(ev, "differs", "SecurityKeyProvider %s", v);
			n++;
		}
		free(v);
	}
	if ((v = ssh_g_value(out, "controlmaster", 0)) != NULL) {
		if (strcmp(v, "false") != 0 && strcmp(v, "no") != 0) {
			evidence_add(ev, "differs", "ControlMaster %s: ssh may "
			    "reuse an open master connection, so it can work "
			    "while new connections fail", v);
			n++;
		}
		free(v);
	}
	if ((v = ssh_g_value(out, "addressfamily", 0)) != NULL) {
		if (strcmp(v, "any") != 0) {
			evidence_add(ev, "differs", "AddressFamily %s: ssh uses "
			    "only %s addresses", v, strcmp(v, "inet") == 0 ?
			    "IPv4" : "IPv6");
			n++;
		}
		free(v);
	}
	if (g_set(out, "bindaddress") || g_set(out, "bindinterface")) {
		evidence_add(ev, "differs", "BindAddress/BindInterface: ssh "
		    "sends from a chosen address or interface");
		n++;
	}
	if ((v = ssh_g_value(out, "canonicalizehostname", 0)) != NULL) {
		if (strcmp(v, "false") != 0 && strcmp(v, "no") != 0) {
			evidence_add(ev, "differs", "CanonicalizeHostname %s: "
			    "ssh may rewrite the host name", v);
			n++;
		}
		free(v);
	}
	for (i = 0; algo_keys[i] != NULL; i++) {
		if (defaults == NULL || g_same(out, defaults, algo_keys[i]))
			continue;
		evidence_add(ev, "differs", "%s: the configuration changes the "
		    "list ssh offers", algo_keys[i]);
		n++;
	}
	if ((v = ssh_g_value(out, "stricthostkeychecking", 0)) != NULL) {
		if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
		    strcmp(v, "off") == 0) {
			evidence_add(ev, "warning", "StrictHostKeyChecking %s: "
			    "ssh accepts a changed host key without asking, "
			    "so an impostor would go unnoticed", v);
			n++;
		}
		free(v);
	}
	if ((v = ssh_g_value(out, "userknownhostsfile", 0)) != NULL) {
		if (strncmp(v, "/dev/null", 9) == 0) {
			evidence_add(ev, "warning", "UserKnownHostsFile "
			    "/dev/null: ssh never remembers host keys, so it "
			    "cannot notice a changed one");
			n++;
		}
		free(v);
	}
	return n;
}

static const char *
client_config_run(sw_probe_ctx *ctx)
{
	/* The whole target, with its jump hosts. */
	const sw_target *t = ctx->root != NULL ? ctx->root : ctx->target;
	sw_evidence *ev = &ctx->evidence;
	struct passwd *pw = getpwuid(getuid());
	const char *home = pw != NULL ? pw->pw_dir : getenv("HOME");
	const char *out = t->ssh_g, *defaults;
	int warnings = 0, proxy = 0, bad_keys = 0;
	size_t i;

	if (t->no_ssh_config) {
		evidence_add(ev, "note", "--no-ssh-config: ssh -G not run");
		return "skipped";
	}
	if (t->config_error != NULL) {
		/* ssh stops before connecting: a bad option, a file others
		 * may write.  Found when the target was resolved. */
		evidence_add(ev, "ssh_error", "%s", t->config_error);
		check_ssh_dir(ev, home);
		return "broken";
	}
	if (out == NULL) {
		evidence_add(ev, "error", "ssh -G could not run (is ssh on "
		    "PATH?)");
		return "unchecked";
	}
	/* The defaults run (ssh -F /dev/null -G), alongside the reading
	 * below. */
	target_prefetch_defaults(t);
	if (t->words.config_file != NULL)
		evidence_add(ev, "config_file_given", "%s",
		    t->words.config_file);

	/* What ssh will do, as resolved once for the target. */
	evidence_add(ev, "hostname", "%s", t->host);
	evidence_add(ev, "port", "%d", t->port);
	evidence_add(ev, "user", "%s", t->user);
	evidence_add(ev, "identities_only", "%s", t->identities_only ? "yes" :
	    "no");
	for (i = 0; i < t->n_identities && i < MAX_IDENTITIES; i++) {
		evidence_add(ev, "identity_file", "%s", t->identities[i]);
		bad_keys |= check_key(ev, t->identities[i]);
	}
	for (i = 0; i < t->n_hops; i++) {
		const sw_target *h = t->hops[i];

		evidence_add(ev, "hop", "%zu: %s (HostName %s, port %d, user %s)",
		    i + 1, h->alias, h->host, h->port, h->user);
	}
	/* Jump hosts are followed hop by hop (jump.next); a proxy command
	 * is not. */
	if (t->proxy_jump != NULL)
		evidence_add(ev, "proxy_jump", "%s", t->proxy_jump);
	if (t->proxy_command != NULL) {
		/* The command itself may hold a secret (sshpass -p ...). */
		evidence_add(ev, "proxy_command", "set (not shown)");
		proxy = 1;
	}
	if (proxy)
		evidence_add(ev, "differs", "ssh opens no connection of its "
		    "own but runs the proxy command: the network checks do not "
		    "apply, and the SSH checks run through the command, "
		    "started as ssh starts it");
	for (i = 0; i < t->words.n_opts; i++)
		evidence_add(ev, "option", "-o %s", t->words.opts[i]);

	/* What the wizard does not reproduce, and risky settings. */
	defaults = target_ssh_g_defaults(t);
	warnings += check_differences(ev, out, defaults);
	warnings += check_ssh_dir(ev, home);
	warnings += check_proxy_env(ev);
	if (probe_ctx_cancelled(ctx)) {
		evidence_add(ev, "error", "cancelled");
		return "unchecked";
	}
	if (bad_keys)
		evidence_add(ev, "note", "ssh skips a key it may not use and "
		    "goes on with the others; the wizard's libssh may not");
	return proxy ? "proxy" : warnings || bad_keys ? "warnings" : "ok";
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"config_file", "config_port", "config_user", "differs", "error",
	"hostname", "identities_only", "identity_file", "key_file", "note",
	"port", "proxy_command", "proxy_env", "proxy_jump", "ssh", "ssh_dir",
	"ssh_error", "user", "warning", NULL,
};

const sw_probe_def probe_client_config = {
	.name = "client.config",
	.title = N_("Read the ssh client configuration"),
	.outcomes = outcomes,
	.run = client_config_run,
	.independent = 1,
	.evidence = evidence_keys,
};
