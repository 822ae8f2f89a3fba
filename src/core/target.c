/* The target, resolved once: the user's words, `ssh -G`, the jump hosts. */
#include "config.h"

#include "core/target.h"
#include "core/i18n.h"
#include "core/proc.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wordexp.h>

#define SSH_G_MAX (256 * 1024)
#define SSH_G_ERR_MAX (8 * 1024)
#define SSH_G_TIMEOUT_MS 3000
/* Jump hosts in one chain at most (ssh has no limit; a loop in the
 * configuration would otherwise never end). */
#define MAX_HOPS 8
/* Words of a pasted command line at most. */
#define LINE_WORDS_MAX 256

/* The cancel flag of the resolution running in this thread (a background
 * job's), or NULL. */
static _Thread_local const atomic_int *tl_cancel;
/* 1 when the resolution in this thread is for a diagnosis (which reads
 * ssh's defaults), 0 for a look-up. */
static _Thread_local int tl_prefetch = 1;

struct sw_target_lazy {
	pthread_mutex_t mu;
	pthread_t thread;
	int thread_started;
	int done;
	char *defaults;		/* ssh -F /dev/null -G output */
	char **ssh_words;	/* NULL-terminated */
	size_t n_ssh_words;
};

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
	if (spec != NULL && strncmp(spec, "ssh://", 6) == 0)
		spec += 6;
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

/* ---- words ---- */

static char **
strv_copy(char *const *v, size_t n)
{
	char **c;
	size_t i;

	if (n == 0)
		return NULL;
	c = xcalloc(n, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return c;
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
strv_push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

void
target_words_copy(sw_target_words *dst, const sw_target_words *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->spec = xstrdup(src->spec);
	dst->port = src->port;
	dst->user = xstrdup(src->user);
	dst->identities = strv_copy(src->identities, src->n_identities);
	dst->n_identities = src->n_identities;
	dst->config_file = xstrdup(src->config_file);
	dst->jump = xstrdup(src->jump);
	dst->opts = strv_copy(src->opts, src->n_opts);
	dst->n_opts = src->n_opts;
	dst->known_hosts = xstrdup(src->known_hosts);
	dst->no_ssh_config = src->no_ssh_config;
}

void
target_words_free(sw_target_words *w)
{
	if (w == NULL)
		return;
	free(w->spec);
	free(w->user);
	strv_free(w->identities, w->n_identities);
	free(w->config_file);
	free(w->jump);
	strv_free(w->opts, w->n_opts);
	free(w->known_hosts);
	memset(w, 0, sizeof(*w));
}

/* ssh's options that take a value (ssh(1), OpenSSH 9). */
#define SSH_OPTS_WITH_ARG "BDEFIJLOPQRSWbceilmopw"

/* Takes one option letter c with its value v into w.  Returns 0, or -1
 * with *errp set. */
static int
line_option(sw_target_words *w, int c, const char *v, char **errp)
{
	int p;

	switch (c) {
	case 'p':
		if ((p = target_parse_port(v)) < 0) {
			*errp = xasprintf(_("bad port '%s': give a number "
			    "from 1 to 65535"), v);
			return -1;
		}
		w->port = p;
		break;
	case 'l':
		free(w->user);
		w->user = xstrdup(v);
		break;
	case 'i':
		strv_push(&w->identities, &w->n_identities, v);
		break;
	case 'F':
		free(w->config_file);
		w->config_file = xstrdup(v);
		break;
	case 'J':
		free(w->jump);
		w->jump = xstrdup(v);
		break;
	case 'o':
		strv_push(&w->opts, &w->n_opts, v);
		break;
	case '4':
		strv_push(&w->opts, &w->n_opts, "AddressFamily=inet");
		break;
	case '6':
		strv_push(&w->opts, &w->n_opts, "AddressFamily=inet6");
		break;
	default:
		break;	/* other ssh options do not change the target */
	}
	return 0;
}

int
target_words_from_line(const char *line, sw_target_words *w, char **errp)
{
	wordexp_t we;
	size_t i = 0, n;
	int rc;

	memset(w, 0, sizeof(*w));
	rc = wordexp(line, &we, WRDE_NOCMD);
	if (rc != 0) {
		*errp = xstrdup(rc == WRDE_BADCHAR ?
		    _("the command line holds a character a shell treats "
		    "specially (| & ; < > ( ) { }): paste the ssh command "
		    "alone") : _("the command line could not be split into "
		    "words (unbalanced quotes or a $(...)?)"));
		return -1;
	}
	n = we.we_wordc;
	if (n > LINE_WORDS_MAX) {
		*errp = xstrdup(_("the command line is too long"));
		goto fail;
	}
	if (n > 0) {
		const char *base = strrchr(we.we_wordv[0], '/');

		base = base ? base + 1 : we.we_wordv[0];
		if (strcmp(base, "ssh") == 0)
			i = 1;
	}
	for (; i < n; i++) {
		const char *a = we.we_wordv[i];
		size_t j;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		for (j = 1; a[j] != '\0'; j++) {
			int c = (unsigned char)a[j];
			const char *v = NULL;

			if (c != '\0' && strchr(SSH_OPTS_WITH_ARG, c) != NULL) {
				if (a[j + 1] != '\0')
					v = a + j + 1;
				else if (i + 1 < n)
					v = we.we_wordv[++i];
				else {
					*errp = xasprintf(_("option '-%c' needs "
					    "a value"), c);
					goto fail;
				}
			}
			if (line_option(w, c, v, errp) != 0)
				goto fail;
			if (v != NULL)
				break;
		}
	}
	if (i >= n) {
		*errp = xstrdup(_("empty host: give a host name or address"));
		goto fail;
	}
	w->spec = xstrdup(we.we_wordv[i]);
	wordfree(&we);
	return 0;
fail:
	wordfree(&we);
	target_words_free(w);
	return -1;
}

/* ---- small helpers ---- */

/* The home directory for "~" and the default known_hosts: $HOME, else
 * the passwd entry.  (ssh itself takes the passwd entry; the one place to
 * change when every probe follows it.) */
static const char *
home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if ((h == NULL || *h == '\0') && (pw = getpwuid(getuid())) != NULL)
		h = pw->pw_dir;
	return h != NULL ? h : "";
}

static char *
login_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *u = getenv("USER");

	return xstrdup(pw != NULL ? pw->pw_name : (u ? u : "root"));
}

/* Replaces a leading "~/" (or a lone "~") with the home directory. */
static char *
expand_tilde(char *v)
{
	char *x;

	if (v == NULL || v[0] != '~' || (v[1] != '/' && v[1] != '\0'))
		return v;
	x = xasprintf("%s%s", home_dir(), v + 1);
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

/* Splits a space-separated ssh -G value into a list, ~ expanded. */
static size_t
split_list(const char *v, char ***out)
{
	size_t n = 0;
	const char *p = v;

	*out = NULL;
	while (p != NULL && *p != '\0') {
		size_t len = strcspn(p, " ");

		if (len > 0) {
			char *w = expand_tilde(xstrndup(p, len));

			*out = xreallocarray(*out, n + 1, sizeof(**out));
			(*out)[n++] = w;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

/* 1 if the user's -o list sets keyword (case as ssh: any). */
static int
opt_given(const sw_target_words *w, const char *keyword)
{
	size_t i, len = strlen(keyword);

	for (i = 0; i < w->n_opts; i++) {
		const char *o = w->opts[i];

		if (strncasecmp(o, keyword, len) == 0 &&
		    (o[len] == '=' || o[len] == ' ' || o[len] == '\t'))
			return 1;
	}
	return 0;
}

/* ssh's built-in IdentityFile list: every entry is ~/.ssh/id_TYPE. */
static int
default_identities(char *const *ids, size_t n, const char *home)
{
	static const char *const names[] = { "id_rsa", "id_ecdsa",
		"id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_xmss",
		"id_dsa", NULL };
	size_t i, hl = strlen(home), j;

	if (n < 4)
		return 0;
	for (i = 0; i < n; i++) {
		const char *id = ids[i];

		if (strncmp(id, home, hl) != 0 || strncmp(id + hl, "/.ssh/", 6))
			return 0;
		for (j = 0; names[j] != NULL; j++)
			if (strcmp(id + hl + 6, names[j]) == 0)
				break;
		if (names[j] == NULL)
			return 0;
	}
	return 1;
}

static int
yes(const char *out, const char *key)
{
	char *v = ssh_g_value(out, key, 0);
	int y = v != NULL && (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0);

	free(v);
	return y;
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

/* ---- applying ssh -G ---- */

void
target_apply_ssh_g(sw_target *t, const char *out, const char *defaults)
{
	const sw_target_words *w = &t->words;
	const char *home = home_dir();
	char *v, *login;
	size_t n;

	if (t->host_src != SW_SRC_CMDLINE &&
	    (v = ssh_g_value(out, "hostname", 0)) != NULL) {
		free(t->host);
		t->host = v;
		t->host_src = opt_given(w, "hostname") ? SW_SRC_CMDLINE :
		    t->alias != NULL && strcmp(t->host, t->alias) != 0 ?
		    SW_SRC_SSH_CONFIG : SW_SRC_DEFAULT;
	}
	if (t->user_src != SW_SRC_CMDLINE &&
	    (v = ssh_g_value(out, "user", 0)) != NULL) {
		free(t->user);
		t->user = v;
		login = login_name();
		t->user_src = opt_given(w, "user") ? SW_SRC_CMDLINE :
		    defaults != NULL ? (same_as_default(out, defaults, "user") ?
		    SW_SRC_DEFAULT : SW_SRC_SSH_CONFIG) :
		    strcmp(v, login) != 0 ? SW_SRC_SSH_CONFIG : SW_SRC_DEFAULT;
		free(login);
	}
	if (t->port_src != SW_SRC_CMDLINE &&
	    (v = ssh_g_value(out, "port", 0)) != NULL) {
		int p = target_parse_port(v);

		if (p > 0) {
			t->port = p;
			t->port_src = opt_given(w, "port") ? SW_SRC_CMDLINE :
			    defaults != NULL ? (same_as_default(out, defaults,
			    "port") ? SW_SRC_DEFAULT : SW_SRC_SSH_CONFIG) :
			    p != 22 ? SW_SRC_SSH_CONFIG : SW_SRC_DEFAULT;
		}
		free(v);
	}
	{
		char **ids = NULL;

		n = 0;
		while ((v = ssh_g_value(out, "identityfile", n)) != NULL) {
			ids = xreallocarray(ids, n + 1, sizeof(*ids));
			ids[n++] = expand_tilde(v);
		}
		if (n > 0) {
			strv_free(t->identities, t->n_identities);
			t->identities = ids;
			t->n_identities = n;
			if (t->identities_src != SW_SRC_CMDLINE)
				t->identities_src = opt_given(w,
				    "identityfile") ? SW_SRC_CMDLINE :
				    defaults != NULL ? (same_as_default(out,
				    defaults, "identityfile") ? SW_SRC_DEFAULT :
				    SW_SRC_SSH_CONFIG) : default_identities(ids,
				    n, home) ? SW_SRC_DEFAULT :
				    SW_SRC_SSH_CONFIG;
		}
	}
	if ((v = ssh_g_value(out, "userknownhostsfile", 0)) != NULL) {
		strv_free(t->user_known_hosts, t->n_user_known_hosts);
		t->n_user_known_hosts = split_list(v, &t->user_known_hosts);
		if (t->known_hosts_src != SW_SRC_CMDLINE &&
		    t->n_user_known_hosts > 0) {
			struct passwd *pw = getpwuid(getuid());
			/* ssh expands its default with the passwd home. */
			char *dflt = xasprintf("%s/.ssh/known_hosts",
			    pw != NULL && strncmp(t->user_known_hosts[0],
			    pw->pw_dir, strlen(pw->pw_dir)) == 0 ?
			    pw->pw_dir : home);

			free(t->known_hosts);
			t->known_hosts = xstrdup(t->user_known_hosts[0]);
			t->known_hosts_src = opt_given(w, "userknownhostsfile") ?
			    SW_SRC_CMDLINE : defaults != NULL ?
			    (same_as_default(out, defaults,
			    "userknownhostsfile") ? SW_SRC_DEFAULT :
			    SW_SRC_SSH_CONFIG) : strcmp(t->known_hosts,
			    dflt) == 0 ? SW_SRC_DEFAULT : SW_SRC_SSH_CONFIG;
			free(dflt);
		}
		free(v);
	}
	if ((v = ssh_g_value(out, "globalknownhostsfile", 0)) != NULL) {
		strv_free(t->global_known_hosts, t->n_global_known_hosts);
		t->n_global_known_hosts = split_list(v,
		    &t->global_known_hosts);
		free(v);
	}
	t->identities_only = yes(out, "identitiesonly");
	free(t->identity_agent);
	t->identity_agent = expand_tilde(none_to_null(ssh_g_value(out,
	    "identityagent", 0)));
	strv_free(t->certificate_files, t->n_certificate_files);
	t->certificate_files = NULL;
	t->n_certificate_files = 0;
	while ((v = ssh_g_value(out, "certificatefile",
	    t->n_certificate_files)) != NULL) {
		t->certificate_files = xreallocarray(t->certificate_files,
		    t->n_certificate_files + 1, sizeof(char *));
		t->certificate_files[t->n_certificate_files++] =
		    expand_tilde(v);
	}
	free(t->host_key_alias);
	t->host_key_alias = none_to_null(ssh_g_value(out, "hostkeyalias", 0));
	t->check_host_ip = yes(out, "checkhostip");
	free(t->address_family);
	t->address_family = ssh_g_value(out, "addressfamily", 0);
	if ((v = ssh_g_value(out, "connecttimeout", 0)) != NULL) {
		t->connect_timeout = isdigit((unsigned char)*v) ? atoi(v) : 0;
		free(v);
	}
	free(t->kex_algorithms);
	t->kex_algorithms = ssh_g_value(out, "kexalgorithms", 0);
	free(t->host_key_algorithms);
	t->host_key_algorithms = ssh_g_value(out, "hostkeyalgorithms", 0);
	free(t->ciphers);
	t->ciphers = ssh_g_value(out, "ciphers", 0);
	free(t->macs);
	t->macs = ssh_g_value(out, "macs", 0);
	free(t->pubkey_accepted_algorithms);
	t->pubkey_accepted_algorithms = ssh_g_value(out,
	    "pubkeyacceptedalgorithms", 0);
	t->batch_mode = yes(out, "batchmode");
	free(t->strict_host_key_checking);
	t->strict_host_key_checking = ssh_g_value(out,
	    "stricthostkeychecking", 0);
	free(t->proxy_jump);
	t->proxy_jump = none_to_null(ssh_g_value(out, "proxyjump", 0));
	if (t->proxy_jump_src != SW_SRC_CMDLINE)
		t->proxy_jump_src = t->proxy_jump == NULL ? SW_SRC_DEFAULT :
		    opt_given(w, "proxyjump") ? SW_SRC_CMDLINE :
		    SW_SRC_SSH_CONFIG;
	free(t->proxy_command);
	t->proxy_command = none_to_null(ssh_g_value(out, "proxycommand", 0));
}

/* ---- running ssh -G ---- */

/* Runs argv; 0 with *out set when it exited 0 (*err: its stderr
 * escaped, minus ssh's note about the terminal, or NULL), 1 with *err set
 * (its first line, escaped) when it ran and refused, -1 when it could not
 * run or did not finish.  Caller frees *out / *err. */
static int
run_ssh_g(const char *const argv[], char **out, char **err)
{
	sw_proc_result r;
	int rc;

	*out = *err = NULL;
	if (proc_capture(argv, sw_now_ms() + SSH_G_TIMEOUT_MS, tl_cancel,
	    SSH_G_MAX, SSH_G_ERR_MAX, &r) != 0 || r.truncated)
		rc = -1;
	else if (r.status == 0) {
		sbuf b = { 0 };
		const char *p = r.err;

		*out = r.out;
		r.out = NULL;	/* transferred */
		while (*p != '\0') {
			size_t len = strcspn(p, "\r\n");

			if (len > 0 && strncmp(p, "Pseudo-terminal", 15) != 0) {
				char *e = sw_escape_bytes((const unsigned
				    char *)p, len, 300);

				sbuf_addf(&b, "%s%s", b.len > 0 ? "\n" : "", e);
				free(e);
			}
			p += len;
			while (*p == '\r' || *p == '\n')
				p++;
		}
		*err = b.s != NULL ? sbuf_steal(&b) : NULL;
		rc = 0;
	} else {
		const char *e = r.err;

		/* ssh's own "Pseudo-terminal ..." and similar are not it:
		 * take the first line that is not empty. */
		while (*e == '\n' || *e == '\r')
			e++;
		*err = sw_escape_bytes((const unsigned char *)e,
		    strcspn(e, "\r\n"), 300);
		rc = 1;
	}
	proc_result_free(&r);
	return rc;
}

/* 1 when ssh's refusal is about the user's words (an error of usage),
 * not about a configuration file. */
static int
words_error(const char *err)
{
	return strncmp(err, "command-line", 12) == 0 ||
	    strstr(err, "hostname contains invalid characters") != NULL ||
	    strstr(err, "Can't open user config file") != NULL ||
	    strstr(err, "Invalid ProxyJump") != NULL ||
	    strncmp(err, "usage:", 6) == 0;
}

/* The words to reproduce the connection, in ssh's option syntax. */
static void
build_ssh_words(sw_target *t)
{
	const sw_target_words *w = &t->words;
	struct sw_target_lazy *z = t->lazy;
	char **v = NULL;
	size_t n = 0, i;
	char buf[16];

#define PUSH(s) strv_push(&v, &n, (s))
	if (w->config_file != NULL) {
		PUSH("-F");
		PUSH(w->config_file);
	}
	if (w->jump != NULL) {
		PUSH("-J");
		PUSH(w->jump);
	}
	if (t->port_src == SW_SRC_CMDLINE && !opt_given(w, "port")) {
		snprintf(buf, sizeof(buf), "%d", t->port);
		PUSH("-p");
		PUSH(buf);
	}
	if (t->user_src == SW_SRC_CMDLINE && !opt_given(w, "user")) {
		PUSH("-l");
		PUSH(t->user);
	}
	for (i = 0; i < w->n_identities; i++) {
		PUSH("-i");
		PUSH(w->identities[i]);
	}
	for (i = 0; i < w->n_opts; i++) {
		PUSH("-o");
		PUSH(w->opts[i]);
	}
#undef PUSH
	v = xreallocarray(v, n + 1, sizeof(*v));
	v[n] = NULL;
	z->ssh_words = v;
	z->n_ssh_words = n;
}

const char *const *
target_ssh_words(const sw_target *t, size_t *n)
{
	if (n != NULL)
		*n = t->lazy->n_ssh_words;
	return (const char *const *)t->lazy->ssh_words;
}

/* ---- the target ---- */

static sw_target *
target_alloc(void)
{
	sw_target *t = xcalloc(1, sizeof(*t));

	t->lazy = xcalloc(1, sizeof(*t->lazy));
	pthread_mutex_init(&t->lazy->mu, NULL);
	t->port = 22;
	t->user = login_name();
	t->timeout_ms = 5000;
	t->known_hosts = xasprintf("%s/.ssh/known_hosts", home_dir());
	return t;
}

/* The values read from the others: the known-hosts name and display. */
static void
finish(sw_target *t)
{
	const char *h = t->alias != NULL ? t->alias : t->host;
	int v6;

	if (t->host == NULL)
		t->host = xstrdup(h);
	h = h != NULL ? h : "";
	v6 = strchr(h, ':') != NULL;
	free(t->known_host_name);
	if (t->host_key_alias != NULL)
		t->known_host_name = xstrdup(t->host_key_alias);
	else if (t->port != 22)
		t->known_host_name = xasprintf("[%s]:%d", t->host, t->port);
	else
		t->known_host_name = xstrdup(t->host);
	free(t->display);
	t->display = xasprintf("%s%s%s%s%s:%d", t->user != NULL ? t->user : "",
	    t->user != NULL ? "@" : "", v6 ? "[" : "", h, v6 ? "]" : "",
	    t->port);
	if (t->address_family == NULL)
		t->address_family = xstrdup("any");
	/* The files known_hosts are read from, in ssh's order: --known-hosts
	 * alone replaces the user's files. */
	if (t->known_hosts_src == SW_SRC_CMDLINE && opt_given(&t->words,
	    "userknownhostsfile") == 0) {
		strv_free(t->user_known_hosts, t->n_user_known_hosts);
		t->user_known_hosts = NULL;
		t->n_user_known_hosts = 0;
		strv_push(&t->user_known_hosts, &t->n_user_known_hosts,
		    t->known_hosts);
	} else if (t->n_user_known_hosts == 0) {
		char *two = xasprintf("%s2", t->known_hosts);

		strv_push(&t->user_known_hosts, &t->n_user_known_hosts,
		    t->known_hosts);
		strv_push(&t->user_known_hosts, &t->n_user_known_hosts, two);
		free(two);
	}
	if (t->n_global_known_hosts == 0) {
		strv_push(&t->global_known_hosts, &t->n_global_known_hosts,
		    "/etc/ssh/ssh_known_hosts");
		strv_push(&t->global_known_hosts, &t->n_global_known_hosts,
		    "/etc/ssh/ssh_known_hosts2");
	}
	if (t->lazy->ssh_words == NULL)
		build_ssh_words(t);
}

sw_target *
target_new(void)
{
	sw_target *t = target_alloc();

	finish(t);
	return t;
}

void
target_free(sw_target *t)
{
	size_t i;

	if (t == NULL)
		return;
	if (t->lazy->thread_started)
		pthread_join(t->lazy->thread, NULL);
	pthread_mutex_destroy(&t->lazy->mu);
	free(t->lazy->defaults);
	strv_free(t->lazy->ssh_words, t->lazy->n_ssh_words + 1);
	free(t->lazy);
	target_words_free(&t->words);
	free(t->alias);
	free(t->host);
	free(t->user);
	strv_free(t->identities, t->n_identities);
	free(t->identity_agent);
	strv_free(t->certificate_files, t->n_certificate_files);
	free(t->known_hosts);
	strv_free(t->user_known_hosts, t->n_user_known_hosts);
	strv_free(t->global_known_hosts, t->n_global_known_hosts);
	free(t->host_key_alias);
	free(t->known_host_name);
	free(t->address_family);
	free(t->kex_algorithms);
	free(t->host_key_algorithms);
	free(t->ciphers);
	free(t->macs);
	free(t->pubkey_accepted_algorithms);
	free(t->strict_host_key_checking);
	free(t->proxy_jump);
	free(t->proxy_command);
	free(t->display);
	free(t->ssh_g);
	free(t->config_error);
	free(t->ssh_g_stderr);
	for (i = 0; i < t->n_hops; i++)
		target_free(t->hops[i]);
	free(t->hops);
	secret_free(t->password);
	secret_free(t->key_passphrase);
	free(t->client_ip);
	free(t->sshd_config);
	target_set_check_keys(t, NULL, 0);
	free(t);
}

static int resolve(const sw_target_words *w, sw_target **out, char **errp,
    int depth);

/* Resolves the jump hosts of t (its effective ProxyJump) as ssh starts
 * them: the last hop with -J and the hops before it, each with the -F of
 * the target.  Returns 0, or -1 with *errp set. */
static int
resolve_hops(sw_target *t, char **errp, int depth)
{
	const char *pj = t->proxy_jump;
	const char *last;
	sw_target_words hw;
	sw_target *hop = NULL;
	char *err = NULL;
	int rc;

	if (pj == NULL)
		return 0;
	if (depth >= MAX_HOPS) {
		*errp = xasprintf(_("more than %d jump hosts for '%s' (does "
		    "ProxyJump loop?)"), MAX_HOPS, t->alias);
		return -1;
	}
	last = strrchr(pj, ',');
	memset(&hw, 0, sizeof(hw));
	hw.spec = xstrdup(last ? last + 1 : pj);
	hw.jump = last ? xstrndup(pj, (size_t)(last - pj)) : NULL;
	hw.config_file = xstrdup(t->words.config_file);
	hw.known_hosts = xstrdup(t->words.known_hosts);
	hw.no_ssh_config = t->words.no_ssh_config;
	rc = resolve(&hw, &hop, &err, depth + 1);
	if (rc != 0) {
		/* Named once, by the outermost hop. */
		if (depth == 0)
			*errp = xasprintf(_("jump host '%s': %s"), hw.spec,
			    err);
		else
			*errp = xstrdup(err);
		free(err);
		target_words_free(&hw);
		return -1;
	}
	target_words_free(&hw);
	/* The hop's own chain, then the hop: the chain lives here. */
	t->hops = hop->hops;
	t->n_hops = hop->n_hops;
	hop->hops = NULL;
	hop->n_hops = 0;
	t->hops = xreallocarray(t->hops, t->n_hops + 1, sizeof(*t->hops));
	t->hops[t->n_hops++] = hop;
	return 0;
}

static int
check_jump(const char *jump, char **errp)
{
	const char *p = jump;

	if (strcmp(jump, "none") == 0)
		return 0;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		char *one = xstrndup(p, len), *u = NULL, *h = NULL, *e = NULL;
		int port;

		if (target_parse_spec(one, &u, &h, &port, &e) != 0) {
			*errp = xasprintf(_("bad -J '%s': %s"), jump, e);
			free(e);
			free(one);
			return -1;
		}
		free(one);
		free(u);
		free(h);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* ssh's own rule for a host name (ssh.c valid_hostname): no leading '-',
 * no shell metacharacters, white space or control characters.  Applied
 * here too, so --no-ssh-config and a machine without ssh refuse the same
 * names ssh refuses. */
static int
valid_hostname(const char *s)
{
	size_t i;

	if (*s == '-')
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (strchr("'`\"$\\;&<>|(){}", s[i]) != NULL ||
		    isspace((unsigned char)s[i]) || iscntrl((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
resolve(const sw_target_words *w, sw_target **out, char **errp, int depth)
{
	sw_target *t = target_alloc();
	char *user = NULL, *host = NULL, *gout = NULL, *gerr = NULL;
	const char *argv[16 + 2 * 64];
	char portbuf[16];
	size_t n = 0, i;
	int port = 0, rc;
	struct stat st;

	*out = NULL;
	target_words_copy(&t->words, w);
	t->no_ssh_config = w->no_ssh_config;
	if (target_parse_spec(w->spec, &user, &host, &port, errp) != 0)
		goto fail;
	t->alias = host;
	t->host = xstrdup(host);
	if (!valid_hostname(host)) {
		char *shown = sw_escape_bytes((const unsigned char *)host,
		    strlen(host), 256);

		*errp = xasprintf(_("bad host '%s': ssh says: %s"), shown,
		    "hostname contains invalid characters");
		free(shown);
		goto fail;
	}
	if (w->port > 0)
		port = w->port;
	if (port > 0) {
		t->port = port;
		t->port_src = SW_SRC_CMDLINE;
	}
	if (w->user != NULL || user != NULL) {
		if ((w->user != NULL && *w->user == '\0')) {
			*errp = xstrdup(_("empty user name"));
			goto fail;
		}
		free(t->user);
		t->user = xstrdup(w->user != NULL ? w->user : user);
		t->user_src = SW_SRC_CMDLINE;
	}
	if (w->n_identities > 0) {
		strv_free(t->identities, t->n_identities);
		t->identities = xcalloc(w->n_identities, sizeof(char *));
		for (i = 0; i < w->n_identities; i++)
			t->identities[i] = expand_tilde(xstrdup(
			    w->identities[i]));
		t->n_identities = w->n_identities;
		t->identities_src = SW_SRC_CMDLINE;
	}
	if (w->known_hosts != NULL) {
		free(t->known_hosts);
		t->known_hosts = expand_tilde(xstrdup(w->known_hosts));
		t->known_hosts_src = SW_SRC_CMDLINE;
	}
	if (w->jump != NULL) {
		if (check_jump(w->jump, errp) != 0)
			goto fail;
		if (strcmp(w->jump, "none") != 0) {
			t->proxy_jump = xstrdup(w->jump);
			t->proxy_jump_src = SW_SRC_CMDLINE;
		}
	}
	if (w->config_file != NULL && !w->no_ssh_config &&
	    strcmp(w->config_file, "none") != 0 &&
	    stat(w->config_file, &st) != 0) {
		*errp = xasprintf(_("cannot read the ssh configuration file "
		    "'%s' (-F): %s"), w->config_file, strerror(errno));
		goto fail;
	}
	/* A key file named with -i that is not there: ssh only warns and
	 * goes on without it, so nothing after would make sense. */
	for (i = 0; i < w->n_identities; i++) {
		char *p = expand_tilde(xstrdup(w->identities[i]));
		char *pub = xasprintf("%s.pub", p);
		int gone = stat(p, &st) != 0 && errno == ENOENT &&
		    stat(pub, &st) != 0;

		if (gone)
			*errp = xasprintf(_("the identity file '%s' (-i) does "
			    "not exist"), p);
		free(pub);
		free(p);
		if (gone)
			goto fail;
	}
	if (w->n_identities > 64 || w->n_opts > 64) {
		*errp = xstrdup(_("too many -i or -o options"));
		goto fail;
	}
	if (!w->no_ssh_config) {
		argv[n++] = "ssh";
		if (w->config_file != NULL) {
			argv[n++] = "-F";
			argv[n++] = w->config_file;
		}
		argv[n++] = "-G";
		if (w->jump != NULL) {
			argv[n++] = "-J";
			argv[n++] = w->jump;
		}
		if (port > 0) {
			snprintf(portbuf, sizeof(portbuf), "%d", port);
			argv[n++] = "-p";
			argv[n++] = portbuf;
		}
		if (t->user_src == SW_SRC_CMDLINE) {
			argv[n++] = "-l";
			argv[n++] = t->user;
		}
		for (i = 0; i < w->n_identities; i++) {
			argv[n++] = "-i";
			argv[n++] = w->identities[i];
		}
		for (i = 0; i < w->n_opts; i++) {
			argv[n++] = "-o";
			argv[n++] = w->opts[i];
		}
		argv[n++] = "--";
		argv[n++] = t->alias;
		argv[n] = NULL;
		/* ssh's defaults, for client.config's comparisons, alongside
		 * (not after) the run that matters. */
		if (depth == 0 && tl_prefetch)
			target_prefetch_defaults(t);
		rc = run_ssh_g(argv, &gout, &gerr);
		if (rc == 1 && strstr(gerr, "invalid characters") != NULL) {
			*errp = xasprintf(_("bad host '%s': ssh says: %s"),
			    t->alias, gerr);
			goto fail;
		}
		if (rc == 1 && words_error(gerr)) {
			*errp = xasprintf(_("ssh refuses these options: %s"),
			    gerr);
			goto fail;
		}
		if (rc == 1) {
			t->config_error = gerr;
			gerr = NULL;
		} else if (rc == 0) {
			target_apply_ssh_g(t, gout, NULL);
			t->ssh_g = gout;
			gout = NULL;
			t->ssh_g_stderr = gerr;
			gerr = NULL;
		}
	}
	finish(t);
	if (resolve_hops(t, errp, depth) != 0)
		goto fail;
	free(user);
	free(gerr);
	*out = t;
	return 0;
fail:
	free(user);
	free(gout);
	free(gerr);
	target_free(t);
	return -1;
}

int
target_resolve(const sw_target_words *w, sw_target **out, char **errp)
{
	return resolve(w, out, errp, 0);
}

/* ---- ssh's defaults, on demand ---- */

/* Runs the defaults with the mutex held. */
static void
defaults_locked(struct sw_target_lazy *z, const char *alias,
    const char *same)
{
	const char *argv[] = { "ssh", "-F", "/dev/null", "-G", "--",
		alias != NULL ? alias : "localhost", NULL };
	char *err = NULL;

	if (z->done)
		return;
	if (same != NULL) {
		/* -F /dev/null: the configuration is ssh's defaults. */
		z->defaults = xstrdup(same);
		z->done = 1;
		return;
	}
	if (run_ssh_g(argv, &z->defaults, &err) != 0)
		z->defaults = NULL;
	free(err);
	z->done = 1;
}

typedef struct {
	struct sw_target_lazy *z;
	char *alias;
} prefetch_arg;

/* The ssh -G output that is ssh's defaults already (-F /dev/null), or
 * NULL. */
static const char *
defaults_given(const sw_target *t)
{
	const char *f = t->words.config_file;

	return f != NULL && strcmp(f, "/dev/null") == 0 && t->words.n_opts == 0 ?
	    t->ssh_g : NULL;
}

static void *
prefetch_main(void *p)
{
	prefetch_arg *a = p;

	pthread_mutex_lock(&a->z->mu);
	defaults_locked(a->z, a->alias, NULL);
	pthread_mutex_unlock(&a->z->mu);
	free(a->alias);
	free(a);
	return NULL;
}

void
target_prefetch_defaults(const sw_target *t)
{
	struct sw_target_lazy *z = t->lazy;
	prefetch_arg *a;

	if (t->words.config_file != NULL &&
	    strcmp(t->words.config_file, "/dev/null") == 0)
		return;		/* the main run is the defaults */
	pthread_mutex_lock(&z->mu);
	if (z->done || z->thread_started) {
		pthread_mutex_unlock(&z->mu);
		return;
	}
	a = xcalloc(1, sizeof(*a));
	a->z = z;
	a->alias = xstrdup(t->alias);
	if (pthread_create(&z->thread, NULL, prefetch_main, a) == 0)
		z->thread_started = 1;
	else {
		free(a->alias);
		free(a);
	}
	pthread_mutex_unlock(&z->mu);
}

const char *
target_ssh_g_defaults(const sw_target *t)
{
	struct sw_target_lazy *z = t->lazy;
	const char *d;

	pthread_mutex_lock(&z->mu);
	defaults_locked(z, t->alias, defaults_given(t));
	d = z->defaults;
	pthread_mutex_unlock(&z->mu);
	return d;
}

sw_source
target_source(const sw_target *t, const char *keyword)
{
	const char *d;

	if (opt_given(&t->words, keyword))
		return SW_SRC_CMDLINE;
	if (strcmp(keyword, "port") == 0)
		return t->port_src;
	if (strcmp(keyword, "user") == 0)
		return t->user_src;
	if (strcmp(keyword, "hostname") == 0)
		return t->host_src;
	if (strcmp(keyword, "identityfile") == 0)
		return t->identities_src;
	if (strcmp(keyword, "proxyjump") == 0)
		return t->proxy_jump_src;
	if (t->ssh_g == NULL || (d = target_ssh_g_defaults(t)) == NULL)
		return SW_SRC_DEFAULT;
	{
		char *a = ssh_g_value(t->ssh_g, keyword, 0);
		char *b = ssh_g_value(d, keyword, 0);
		int same = (a == NULL && b == NULL) ||
		    (a != NULL && b != NULL && strcmp(a, b) == 0);

		free(a);
		free(b);
		return same ? SW_SRC_DEFAULT : SW_SRC_SSH_CONFIG;
	}
}

/* ---- resolving in the background ---- */

struct sw_resolve_job {
	pthread_t thread;
	int pipe[2];		/* written once when done */
	atomic_int cancel;
	sw_target_words words;
	int diagnosis;
	sw_target *result;
	char *err;
	int rc;
};

static void *
job_main(void *p)
{
	sw_resolve_job *j = p;
	char c = 1;
	ssize_t w;

	tl_cancel = &j->cancel;
	tl_prefetch = j->diagnosis;
	j->rc = target_resolve(&j->words, &j->result, &j->err);
	if (j->rc == 0 && atomic_load(&j->cancel)) {
		target_free(j->result);
		j->result = NULL;
		j->rc = -1;
		j->err = xstrdup("cancelled");
	}
	do
		w = write(j->pipe[1], &c, 1);
	while (w < 0 && errno == EINTR);
	return NULL;
}

sw_resolve_job *
target_resolve_start(const sw_target_words *w, int diagnosis)
{
	sw_resolve_job *j = xcalloc(1, sizeof(*j));

	j->diagnosis = diagnosis;
	if (pipe2(j->pipe, O_CLOEXEC) != 0) {
		free(j);
		return NULL;
	}
	atomic_init(&j->cancel, 0);
	target_words_copy(&j->words, w);
	if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
		close(j->pipe[0]);
		close(j->pipe[1]);
		target_words_free(&j->words);
		free(j);
		return NULL;
	}
	return j;
}

int
target_resolve_fd(const sw_resolve_job *j)
{
	return j->pipe[0];
}

const sw_target_words *
target_resolve_words(const sw_resolve_job *j)
{
	return &j->words;
}

int
target_resolve_finish(sw_resolve_job *j, sw_target **out, char **errp)
{
	int rc;

	pthread_join(j->thread, NULL);
	rc = j->rc;
	*out = j->result;
	if (rc != 0)
		*errp = j->err;
	else
		free(j->err);
	close(j->pipe[0]);
	close(j->pipe[1]);
	target_words_free(&j->words);
	free(j);
	return rc;
}

void
target_resolve_cancel(sw_resolve_job *j)
{
	sw_target *t = NULL;
	char *err = NULL;

	if (j == NULL)
		return;
	atomic_store(&j->cancel, 1);
	if (target_resolve_finish(j, &t, &err) == 0)
		target_free(t);
	else
		free(err);
}

void
target_set_check_keys(sw_target *t, const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; i < t->n_check_keys; i++)
		free(t->check_keys[i]);
	free(t->check_keys);
	t->check_keys = n > 0 ? xcalloc(n, sizeof(*t->check_keys)) : NULL;
	for (i = 0; i < n; i++)
		t->check_keys[i] = xstrdup(keys[i]);
	t->n_check_keys = n;
}
