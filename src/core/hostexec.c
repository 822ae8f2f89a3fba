/* The one way server checks read the server: local commands with
 * posix_spawn (no shell), remote ones over a libssh exec channel, both from
 * the same allow-list and with the same caps on time and bytes. */
#include "config.h"

#include "core/hostexec.h"
#include "core/shquote.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define ERR_MAX (16u * 1024)
#define LINE_MAX_BYTES 4096
/* Most paths in one remote grep/ls call. */
#define BATCH 400

struct sw_hostexec {
	sw_hx_kind kind;
	int sudo;
	int used;
	int root;		/* 1, 0, -1 unknown */
	char *label;
	/* via */
	char *host;
	char *user;
	char *identity;
	char *known_hosts;
	int port;
	int use_ssh_config;
	sw_secret *password;
	ssh_session ssh;
	int broken;		/* the session failed; do not retry */
	char *peer_ip;
	int peer_port;
	int peer_client_port;
	/* what the checks found */
	sw_hx_note *notes;
	size_t n_notes;
};

/* ---- The allow-list ----
 * Each entry is the words of one command.  %N a number, %P an absolute path
 * (hostexec_path_ok), %P+ one or more paths to the end, %S a unit, jail or
 * service name, %S+ one or more names to the end, %A an IP address, %D the
 * sshd binary (a bare
 * "sshd" or an absolute path ending in /sshd).  Everything else is
 * literal. */
static const char *const allow_list[] = {
	"head -c %N -- %P",
	"tail -c %N -- %P",
	"grep -s -H -m 1 -e ^ -- %P+",
	"ls -1 -a -- %P",
	"ls -l -- %P",
	"ls -l -d -L -- %P+",
	"ls -l -d -- %P+",
	"head -v -c %N -- %P+",
	"readlink -- %P",
	"printenv SSH_CONNECTION",
	"id -u",
	"systemctl is-active %S+",
	"systemctl is-enabled %S+",
	"dpkg-query -W -f=${db:Status-Abbrev}${Version} openssh-server",
	"rpm -q openssh-server",
	"%D -t",
	"%D -t -f %P",
	"%D -T",
	"%D -T -f %P",
	"iptables-save",
	"ip6tables-save",
	"nft -j list ruleset",
	"nft -a list ruleset",
	"firewall-cmd --state",
	"firewall-cmd --get-default-zone",
	"firewall-cmd --list-all-zones",
	"firewall-cmd --permanent --list-all-zones",
	"firewall-cmd --info-service %S",
	"firewall-cmd --permanent --info-service %S",
	"ufw status verbose",
	"fail2ban-client status",
	"fail2ban-client status %S",
	"journalctl --no-pager -q -o short-iso -n %N -u %S -u %S",
	"getconf _NPROCESSORS_ONLN",
	"ip -o route get %A",
	"grep -c -a -F libwrap.so -- %P",
	NULL,
};

/* Commands that must not run under sudo (they read the session). */
static const char *const no_sudo[] = { "printenv", "id", NULL };

int
hostexec_path_ok(const char *p)
{
	size_t n;

	if (p == NULL || p[0] != '/' || (n = strlen(p)) > 512)
		return 0;
	if (strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._+,@:%=/-") != n)
		return 0;
	if (strstr(p, "/../") != NULL || (n >= 3 && strcmp(p + n - 3, "/..") == 0))
		return 0;
	return 1;
}

static int
num_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 9 && strspn(s, "0123456789") == n;
}

static int
name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 64 && s[0] != '-' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789@._-") == n;
}

static int
addr_ok(const char *s)
{
	unsigned char bin[16];

	return inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1;
}

static int
sshd_ok(const char *s)
{
	size_t n = strlen(s);

	if (strcmp(s, "sshd") == 0)
		return 1;
	return hostexec_path_ok(s) && n > 5 && strcmp(s + n - 5, "/sshd") == 0;
}

/* Does argv match the pattern words? */
static int
pattern_match(const char *pat, const char *const argv[])
{
	char *copy = xstrdup(pat), *save = NULL, *w;
	size_t i = 0;
	int ok = 1;

	for (w = strtok_r(copy, " ", &save); w != NULL && ok;
	    w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "%P+") == 0 || strcmp(w, "%S+") == 0) {
			int path = w[1] == 'P';

			if (argv[i] == NULL)
				ok = 0;
			for (; ok && argv[i] != NULL; i++)
				ok = path ? hostexec_path_ok(argv[i]) :
				    name_ok(argv[i]);
			continue;
		}
		if (argv[i] == NULL) {
			ok = 0;
			break;
		}
		if (strcmp(w, "%N") == 0)
			ok = num_ok(argv[i]);
		else if (strcmp(w, "%P") == 0)
			ok = hostexec_path_ok(argv[i]);
		else if (strcmp(w, "%S") == 0)
			ok = name_ok(argv[i]);
		else if (strcmp(w, "%D") == 0)
			ok = sshd_ok(argv[i]);
		else if (strcmp(w, "%A") == 0)
			ok = addr_ok(argv[i]);
		else
			ok = strcmp(w, argv[i]) == 0;
		i++;
	}
	if (ok && argv[i] != NULL)
		ok = 0;
	free(copy);
	return ok;
}

int
hostexec_allowed(const char *const argv[])
{
	size_t i;

	if (argv == NULL || argv[0] == NULL)
		return 0;
	for (i = 0; allow_list[i] != NULL; i++)
		if (pattern_match(allow_list[i], argv))
			return 1;
	return 0;
}

static int
wants_sudo(const char *const argv[], int sudo)
{
	size_t i;

	if (!sudo)
		return 0;
	for (i = 0; no_sudo[i] != NULL; i++)
		if (strcmp(argv[0], no_sudo[i]) == 0)
			return 0;
	return 1;
}

char *
hostexec_command_line(const char *const argv[], int sudo)
{
	sbuf b = { 0 };
	size_t i;

	/* A fixed prefix: the tools live in sbin on most systems, and their
	 * output is parsed, so it must not be translated.  env(1) rather than
	 * VAR=value, which csh-family login shells do not understand; exec so
	 * the command's parent is the SSH session itself, which tells the
	 * daemon checks which sshd the session came through. */
	sbuf_add(&b, "exec env LC_ALL=C "
	    "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\"");
	if (wants_sudo(argv, sudo))
		sbuf_add(&b, " sudo -n");
	for (i = 0; argv[i] != NULL; i++) {
		char *q = shell_quote(argv[i]);

		sbuf_addc(&b, ' ');
		sbuf_add(&b, q);
		free(q);
	}
	return sbuf_steal(&b);
}

const char *
hostexec_strerror(int code)
{
	switch (code) {
	case 0:
		return "no error";
	case HX_ENOENT:
		return "not found";
	case HX_EPERM:
		return "permission denied";
	case HX_ETIME:
		return "timed out";
	case HX_EDENIED:
		return "not on the allow-list";
	case HX_ECONN:
		return "the remote session is down";
	default:
		return "failed";
	}
}

/* ---- Objects ---- */

sw_hostexec *
hostexec_new_local(int sudo)
{
	sw_hostexec *h = xcalloc(1, sizeof(*h));

	h->kind = SW_HX_LOCAL;
	h->sudo = sudo && geteuid() != 0;
	h->root = geteuid() == 0;
	h->label = xstrdup("server");
	return h;
}

sw_hostexec *
hostexec_new_via(const sw_via_opts *o, sw_secret *password)
{
	sw_hostexec *h = xcalloc(1, sizeof(*h));

	h->kind = SW_HX_VIA;
	h->sudo = o->sudo;
	h->root = -1;
	h->host = xstrdup(o->host);
	h->user = xstrdup(o->user);
	h->identity = xstrdup(o->identity);
	h->known_hosts = xstrdup(o->known_hosts);
	h->port = o->port > 0 ? o->port : 22;
	h->use_ssh_config = o->use_ssh_config;
	h->password = password;
	h->label = xasprintf("via %s", o->host);
	return h;
}

void
hostexec_notes_clear(sw_hostexec *h)
{
	size_t i;

	for (i = 0; i < h->n_notes; i++) {
		free(h->notes[i].check);
		free(h->notes[i].text);
	}
	free(h->notes);
	h->notes = NULL;
	h->n_notes = 0;
}

void
hostexec_free(sw_hostexec *h)
{
	if (h == NULL)
		return;
	if (h->ssh != NULL) {
		ssh_disconnect(h->ssh);
		ssh_free(h->ssh);
	}
	secret_free(h->password);
	hostexec_notes_clear(h);
	free(h->label);
	free(h->host);
	free(h->user);
	free(h->identity);
	free(h->known_hosts);
	free(h->peer_ip);
	free(h);
}

sw_hx_kind
hostexec_kind(const sw_hostexec *h)
{
	return h->kind;
}

const char *
hostexec_host(const sw_hostexec *h)
{
	/* The label is "via HOST" exactly when h is another machine. */
	return h->kind == SW_HX_VIA ? h->label + 4 : NULL;
}

const char *
hostexec_label(const sw_hostexec *h)
{
	return h->label;
}

int
hostexec_used(const sw_hostexec *h)
{
	return h->used;
}

int
hostexec_sudo(const sw_hostexec *h)
{
	return h->sudo;
}

int
hostexec_is_root(const sw_hostexec *h)
{
	return h->root;
}

const char *
hostexec_peer_ip(const sw_hostexec *h)
{
	return h->peer_ip;
}

int
hostexec_peer_port(const sw_hostexec *h)
{
	return h->peer_port;
}

int
hostexec_peer_client_port(const sw_hostexec *h)
{
	return h->peer_client_port;
}

void
hostexec_note(sw_hostexec *h, const char *check, sw_state state,
    const char *fmt, ...)
{
	va_list ap;
	char *text;
	size_t i;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	for (i = 0; i < h->n_notes; i++) {
		if (strcmp(h->notes[i].check, check) == 0) {
			free(h->notes[i].text);
			h->notes[i].text = text;
			h->notes[i].state = state;
			return;
		}
	}
	h->notes = xreallocarray(h->notes, h->n_notes + 1, sizeof(*h->notes));
	h->notes[h->n_notes].check = xstrdup(check);
	h->notes[h->n_notes].state = state;
	h->notes[h->n_notes].text = text;
	h->n_notes++;
}

const sw_hx_note *
hostexec_note_get(const sw_hostexec *h, const char *check)
{
	size_t i;

	for (i = 0; i < h->n_notes; i++)
		if (strcmp(h->notes[i].check, check) == 0)
			return &h->notes[i];
	return NULL;
}

const sw_hx_note *
hostexec_note_at(const sw_hostexec *h, size_t i)
{
	return i < h->n_notes ? &h->notes[i] : NULL;
}

void
hostexec_result_free(sw_hx_result *r)
{
	if (r == NULL)
		return;
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
	r->status = -1;
}

/* Appends n bytes to a capped buffer; returns 1 when the cap was hit. */
static int
cap_add(sbuf *b, const char *p, size_t n, size_t cap)
{
	if (b->len >= cap)
		return n > 0;
	if (b->len + n > cap) {
		sbuf_addn(b, p, cap - b->len);
		return 1;
	}
	sbuf_addn(b, p, n);
	return 0;
}

static int64_t
ctx_left(const sw_probe_ctx *ctx)
{
	return ctx != NULL ? probe_ctx_remaining_ms(ctx) : 5000;
}

static int
ctx_stop(const sw_probe_ctx *ctx)
{
	return ctx != NULL && probe_ctx_should_stop(ctx);
}

/* ---- Local runs ---- */

/* The executable for name: itself when it has a slash, else the first hit
 * in $PATH then the sbin folders.  Caller frees; NULL when none. */
static char *
local_find(const char *name)
{
	const char *path = getenv("PATH");
	char *all, *save = NULL, *dir, *hit = NULL;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	all = xasprintf("%s:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
	    "/sbin:/bin", path != NULL ? path : "");
	for (dir = strtok_r(all, ":", &save); dir != NULL && hit == NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		char *cand;
		struct stat st;

		if (*dir != '/')
			continue;	/* never a relative PATH entry */
		cand = xasprintf("%s/%s", dir, name);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(cand, X_OK) == 0)
			hit = cand;
		else
			free(cand);
	}
	free(all);
	return hit;
}

/* environ with LC_ALL=C and without LANGUAGE/LC_MESSAGES overrides.
 * Caller frees the array (not the strings, except the one it adds). */
static char **
local_env(char **added)
{
	size_t n = 0, i, j = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 2, sizeof(char *));
	for (i = 0; i < n; i++) {
		if (sw_starts_with(environ[i], "LC_ALL=") ||
		    sw_starts_with(environ[i], "LANGUAGE=") ||
		    sw_starts_with(environ[i], "LC_MESSAGES="))
			continue;
		env[j++] = environ[i];
	}
	*added = xstrdup("LC_ALL=C");
	env[j++] = *added;
	env[j] = NULL;
	return env;
}

static int
local_run(sw_hostexec *h, const sw_probe_ctx *ctx, const char *const argv[],
    sw_hx_result *r)
{
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, ret = HX_EFAIL, st;
	const char **args = NULL;
	char *exe = NULL, **env = NULL, *added = NULL;
	posix_spawn_file_actions_t fa;
	int fa_init = 0;
	size_t n = 0, i, k = 0;
	pid_t pid = -1;
	sbuf out = { 0 }, err = { 0 };
	int open_fds = 2, timed_out = 0;

	while (argv[n] != NULL)
		n++;
	args = xcalloc(n + 3, sizeof(char *));
	if (wants_sudo(argv, h->sudo)) {
		args[k++] = "sudo";
		args[k++] = "-n";
	}
	for (i = 0; i < n; i++)
		args[k++] = argv[i];
	if ((exe = local_find(args[0])) == NULL) {
		ret = HX_ENOENT;
		goto out;
	}
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0)
		goto out;
	env = local_env(&added);
	posix_spawn_file_actions_init(&fa);
	fa_init = 1;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	if ((errno = posix_spawn(&pid, exe, &fa, NULL, (char *const *)args,
	    env)) != 0) {
		pid = -1;
		ret = errno == ENOENT ? HX_ENOENT : errno == EACCES ? HX_EPERM :
		    HX_EFAIL;
		goto out;
	}
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	h->used = 1;
	while (open_fds > 0) {
		struct pollfd p[2];
		int64_t left;
		char buf[8192];
		ssize_t got;

		if (ctx_stop(ctx)) {
			timed_out = 1;
			break;
		}
		left = ctx_left(ctx);
		p[0].fd = outp[0];
		p[1].fd = errp[0];
		p[0].events = p[1].events = POLLIN;
		if (poll(p, 2, left > 50 ? 50 : (int)left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			got = read(p[i].fd, buf, sizeof(buf));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(i == 0 ? outp[0] : errp[0]);
				if (i == 0)
					outp[0] = -1;
				else
					errp[0] = -1;
				open_fds--;
				continue;
			}
			if (i == 0) {
				if (cap_add(&out, buf, (size_t)got, HX_MAX_OUT)) {
					r->truncated = 1;
					open_fds = 0;	/* enough: stop it */
					break;
				}
			} else
				cap_add(&err, buf, (size_t)got, ERR_MAX);
		}
	}
	if (timed_out || r->truncated || open_fds > 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	pid = -1;
	if (timed_out) {
		ret = HX_ETIME;
		goto out;
	}
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) :
	    WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
	ret = 0;
out:
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	for (i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	if (fa_init)
		posix_spawn_file_actions_destroy(&fa);
	r->out_len = out.len;
	r->out = sbuf_steal(&out);
	r->err = sbuf_steal(&err);
	free(env);
	free(added);
	free(exe);
	free(args);
	return ret;
}

/* ---- Remote runs ---- */

static void
quiet_log(int priority, const char *function, const char *buffer,
    void *userdata)
{
	(void)priority;
	(void)function;
	(void)buffer;
	(void)userdata;
}

/* libssh's log level and callback are per thread and it writes to stderr
 * by default, which would break the screen: silence it on this thread. */
static void
remote_quiet(void)
{
	ssh_set_log_level(SSH_LOG_NOLOG);
	ssh_set_log_callback(quiet_log);
}

static int
remote_ready(sw_hostexec *h)
{
	return h->ssh != NULL && !h->broken &&
	    ssh_is_connected(h->ssh) != 0;
}

/* Runs the command line on the session.  Returns 0 or HX_E*. */
static int
remote_exec(sw_hostexec *h, const sw_probe_ctx *ctx, const char *line,
    sw_hx_result *r)
{
	ssh_channel ch = NULL;
	sbuf out = { 0 }, err = { 0 };
	int ret = HX_ECONN, eof = 0;
	char buf[8192];

	remote_quiet();
	if (!remote_ready(h))
		goto out;
	if ((ch = ssh_channel_new(h->ssh)) == NULL)
		goto out;
	if (ssh_channel_open_session(ch) != SSH_OK ||
	    ssh_channel_request_exec(ch, line) != SSH_OK) {
		h->broken = ssh_is_connected(h->ssh) == 0;
		goto out;
	}
	h->used = 1;
	while (!eof) {
		int n, m;

		if (ctx_stop(ctx)) {
			ret = HX_ETIME;
			goto out;
		}
		n = ssh_channel_read_timeout(ch, buf, sizeof(buf), 0, 50);
		if (n == SSH_ERROR) {
			h->broken = 1;
			goto out;
		}
		if (n > 0 && cap_add(&out, buf, (size_t)n, HX_MAX_OUT)) {
			r->truncated = 1;
			break;
		}
		do {
			m = ssh_channel_read_nonblocking(ch, buf, sizeof(buf), 1);
			if (m > 0)
				cap_add(&err, buf, (size_t)m, ERR_MAX);
		} while (m > 0);
		if (m == SSH_ERROR) {
			h->broken = 1;
			goto out;
		}
		eof = n == 0 && ssh_channel_is_eof(ch);
	}
	r->status = r->truncated ? -1 : ssh_channel_get_exit_status(ch);
	ret = 0;
out:
	if (ch != NULL) {
		if (ssh_channel_is_open(ch))
			ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	r->out_len = out.len;
	r->out = sbuf_steal(&out);
	r->err = sbuf_steal(&err);
	return ret;
}

static int
remote_run(sw_hostexec *h, const sw_probe_ctx *ctx, const char *const argv[],
    sw_hx_result *r)
{
	char *line = hostexec_command_line(argv, h->sudo);
	int ret;

	ret = remote_exec(h, ctx, line, r);
	free(line);
	if (ret == 0 && (r->status == 127 ||
	    (r->status != 0 && strstr(r->err, "command not found") != NULL)))
		ret = HX_ENOENT;
	return ret;
}

/* Parses "IP PORT IP PORT" into the peer address and server port. */
static void
parse_ssh_connection(sw_hostexec *h, const char *s)
{
	char ip[64];
	int cport, sport;
	char sip[64];
	unsigned char bin[16];

	if (sscanf(s, "%63s %d %63s %d", ip, &cport, sip, &sport) != 4)
		return;
	if (inet_pton(AF_INET, ip, bin) != 1 && inet_pton(AF_INET6, ip, bin) != 1)
		return;
	/* An IPv4 client on an IPv6 socket shows as ::ffff:a.b.c.d. */
	free(h->peer_ip);
	h->peer_ip = xstrdup(sw_starts_with(ip, "::ffff:") &&
	    strchr(ip + 7, '.') != NULL ? ip + 7 : ip);
	h->peer_port = sport;
	h->peer_client_port = cport;
}

static int
remote_open(sw_hostexec *h, const sw_probe_ctx *ctx, char **errp)
{
	ssh_session s = NULL;
	ssh_key key = NULL;
	enum ssh_known_hosts_e kh;
	long secs;
	int rc = SSH_AUTH_DENIED, ret = HX_ECONN, nolog = SSH_LOG_NOLOG;
	sw_hx_result r = { 0 };
	static const char *const env_argv[] = { "printenv", "SSH_CONNECTION",
		NULL };
	static const char *const id_argv[] = { "id", "-u", NULL };

	remote_quiet();
	if (remote_ready(h))
		return 0;
	if (h->broken) {
		*errp = xasprintf("the session to %s failed earlier", h->host);
		return HX_ECONN;
	}
	if ((s = ssh_new()) == NULL) {
		*errp = xstrdup("cannot create an SSH session");
		return HX_EFAIL;
	}
	secs = (long)((ctx_left(ctx) + 999) / 1000);
	if (secs < 1)
		secs = 1;
	ssh_options_set(s, SSH_OPTIONS_HOST, h->host);
	if (h->use_ssh_config)
		ssh_options_parse_config(s, NULL);
	ssh_options_set(s, SSH_OPTIONS_LOG_VERBOSITY, &nolog);
	ssh_options_set(s, SSH_OPTIONS_PORT, &h->port);
	if (h->user != NULL)
		ssh_options_set(s, SSH_OPTIONS_USER, h->user);
	if (h->known_hosts != NULL)
		ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, h->known_hosts);
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &secs);
	if (ssh_connect(s) != SSH_OK) {
		*errp = xasprintf("cannot connect to %s port %d: %s", h->host,
		    h->port, ssh_get_error(s));
		goto fail;
	}
	kh = ssh_session_is_known_server(s);
	if (kh != SSH_KNOWN_HOSTS_OK) {
		*errp = xasprintf("the host key of %s port %d is %s in "
		    "known_hosts; connect once with ssh to check and accept it "
		    "(a password is never sent to a host that is not verified)",
		    h->host, h->port, kh == SSH_KNOWN_HOSTS_CHANGED ?
		    "different from the one" : kh == SSH_KNOWN_HOSTS_OTHER ?
		    "of another type than the one" : "not");
		goto fail;
	}
	ssh_userauth_none(s, NULL);
	if (h->identity != NULL) {
		if (ssh_pki_import_privkey_file(h->identity, NULL, NULL, NULL,
		    &key) != SSH_OK) {
			*errp = xasprintf("cannot read the private key %s",
			    h->identity);
			goto fail;
		}
		rc = ssh_userauth_publickey(s, NULL, key);
		ssh_key_free(key);
		key = NULL;
	}
	if (rc != SSH_AUTH_SUCCESS && h->password != NULL)
		rc = ssh_userauth_password(s, NULL, h->password->s);
	if (rc != SSH_AUTH_SUCCESS && h->identity == NULL &&
	    h->password == NULL)
		rc = ssh_userauth_publickey_auto(s, NULL, NULL);
	if (rc != SSH_AUTH_SUCCESS) {
		*errp = xasprintf("%s port %d did not accept the login: %s",
		    h->host, h->port, rc == SSH_AUTH_DENIED ?
		    "credentials refused" : ssh_get_error(s));
		goto fail;
	}
	h->ssh = s;
	s = NULL;
	h->broken = 0;
	if (remote_run(h, ctx, env_argv, &r) == 0 && r.status == 0)
		parse_ssh_connection(h, r.out);
	hostexec_result_free(&r);
	if (remote_run(h, ctx, id_argv, &r) == 0 && r.status == 0)
		h->root = atoi(r.out) == 0 && r.out[0] == '0';
	hostexec_result_free(&r);
	return 0;
fail:
	if (s != NULL) {
		ssh_disconnect(s);
		ssh_free(s);
	}
	h->broken = 1;
	return ret;
}

int
hostexec_open(sw_hostexec *h, const sw_probe_ctx *ctx, char **errp)
{
	*errp = NULL;
	if (h->kind == SW_HX_LOCAL)
		return 0;
	return remote_open(h, ctx, errp);
}

int
hostexec_run(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const argv[], sw_hx_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (!hostexec_allowed(argv)) {
		r->out = xstrdup("");
		r->err = xstrdup("");
		return HX_EDENIED;
	}
	if (h->kind == SW_HX_LOCAL)
		return local_run(h, ctx, argv, r);
	if (!remote_ready(h)) {
		char *e = NULL;
		int rc = remote_open(h, ctx, &e);

		free(e);
		if (rc != 0) {
			r->out = xstrdup("");
			r->err = xstrdup("");
			return rc;
		}
	}
	return remote_run(h, ctx, argv, r);
}

/* The HX_E* code a failed file command's stderr means. */
static int
file_error(const sw_hx_result *r)
{
	if (strstr(r->err, "No such file") != NULL ||
	    strstr(r->err, "No such process") != NULL)
		return HX_ENOENT;
	if (strstr(r->err, "Permission denied") != NULL ||
	    strstr(r->err, "Operation not permitted") != NULL ||
	    strstr(r->err, "a password is required") != NULL)
		return HX_EPERM;
	return HX_EFAIL;
}

static int
errno_code(int e)
{
	return e == ENOENT || e == ESRCH || e == ENOTDIR ? HX_ENOENT :
	    e == EACCES || e == EPERM ? HX_EPERM : HX_EFAIL;
}

int
hostexec_read_file(sw_hostexec *h, const sw_probe_ctx *ctx, const char *path,
    size_t max, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (!hostexec_path_ok(path))
		return HX_EDENIED;
	if (max > HX_MAX_OUT)
		max = HX_MAX_OUT;
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		sbuf b = { 0 };
		char buf[8192];
		int fd;
		ssize_t got;

		h->used = 1;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
			return errno_code(errno);
		while (b.len < max) {
			size_t want = max - b.len < sizeof(buf) ?
			    max - b.len : sizeof(buf);

			got = read(fd, buf, want);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				int e = errno;

				close(fd);
				sbuf_free(&b);
				return errno_code(e);
			}
			if (got == 0)
				break;
			sbuf_addn(&b, buf, (size_t)got);
		}
		close(fd);
		*len = b.len;
		*out = b.s != NULL ? sbuf_steal(&b) : xstrdup("");
		return 0;
	} else {
		char num[24];
		const char *argv[] = { "head", "-c", num, "--", path, NULL };
		sw_hx_result r;
		int rc;

		snprintf(num, sizeof(num), "%zu", max);
		if ((rc = hostexec_run(h, ctx, argv, &r)) != 0) {
			hostexec_result_free(&r);
			return rc;
		}
		if (r.status != 0) {
			rc = file_error(&r);
			hostexec_result_free(&r);
			return rc;
		}
		*len = r.out_len;
		*out = r.out;
		r.out = NULL;	/* transferred */
		hostexec_result_free(&r);
		return 0;
	}
}

int
hostexec_first_lines(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, char ***lines)
{
	size_t i, start;
	int rc = 0;

	*lines = xcalloc(n + 1, sizeof(char *));
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		for (i = 0; i < n; i++) {
			char *text = NULL;
			size_t len;

			if (hostexec_read_file(h, ctx, paths[i], LINE_MAX_BYTES,
			    &text, &len) == 0) {
				text[strcspn(text, "\n")] = '\0';
				(*lines)[i] = text;
			}
		}
		return 0;
	}
	for (start = 0; start < n && rc == 0; start += BATCH) {
		size_t end = start + BATCH < n ? start + BATCH : n, k = 0, at;
		const char **argv = xcalloc(end - start + 9, sizeof(char *));
		sw_hx_result r;
		char *line, *save = NULL;

		argv[k++] = "grep";
		argv[k++] = "-s";
		argv[k++] = "-H";
		argv[k++] = "-m";
		argv[k++] = "1";
		argv[k++] = "-e";
		argv[k++] = "^";
		argv[k++] = "--";
		for (i = start; i < end; i++)
			argv[k++] = paths[i];
		rc = hostexec_run(h, ctx, argv, &r);
		free(argv);
		if (rc != 0) {
			hostexec_result_free(&r);
			break;
		}
		/* grep prints the files in argument order: walk both. */
		at = start;
		for (line = strtok_r(r.out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			size_t j;

			for (j = at; j < end; j++) {
				size_t pl = strlen(paths[j]);

				if (strncmp(line, paths[j], pl) == 0 &&
				    line[pl] == ':') {
					free((*lines)[j]);
					(*lines)[j] = xstrdup(line + pl + 1);
					at = j + 1;
					break;
				}
			}
		}
		hostexec_result_free(&r);
	}
	return rc;
}

static void
names_add(char ***names, size_t *n, const char *s)
{
	*names = xreallocarray(*names, *n + 2, sizeof(char *));
	(*names)[(*n)++] = xstrdup(s);
	(*names)[*n] = NULL;
}

int
hostexec_list_dir(sw_hostexec *h, const sw_probe_ctx *ctx, const char *path,
    char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	if (!hostexec_path_ok(path))
		return HX_EDENIED;
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		DIR *d = opendir(path);
		struct dirent *de;

		h->used = 1;
		if (d == NULL)
			return errno_code(errno);
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			names_add(names, n, de->d_name);
		}
		closedir(d);
		return 0;
	} else {
		const char *argv[] = { "ls", "-1", "-a", "--", path, NULL };
		sw_hx_result r;
		char *line, *save = NULL;
		int rc;

		if ((rc = hostexec_run(h, ctx, argv, &r)) != 0 ||
		    (r.status != 0 && (rc = file_error(&r)) != 0)) {
			hostexec_result_free(&r);
			return rc;
		}
		for (line = strtok_r(r.out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (strcmp(line, ".") != 0 && strcmp(line, "..") != 0)
				names_add(names, n, line);
		hostexec_result_free(&r);
		return 0;
	}
}

/* Appends the inode of "socket:[N]" in s, if it is one. */
static void
inode_add(const char *s, unsigned long **inodes, size_t *n)
{
	const char *p = strstr(s, "socket:[");
	char *end;
	unsigned long v;

	if (p == NULL)
		return;
	v = strtoul(p + 8, &end, 10);
	if (*end != ']')
		return;
	*inodes = xreallocarray(*inodes, *n + 1, sizeof(**inodes));
	(*inodes)[(*n)++] = v;
}

int
hostexec_socket_inodes(sw_hostexec *h, const sw_probe_ctx *ctx, long pid,
    unsigned long **inodes, size_t *n)
{
	char dir[64];

	*inodes = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "/proc/%ld/fd", pid);
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		DIR *d = opendir(dir);
		struct dirent *de;

		h->used = 1;
		if (d == NULL)
			return errno_code(errno);
		while ((de = readdir(d)) != NULL) {
			char link[320], target[128];
			ssize_t len;

			if (de->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
			len = readlink(link, target, sizeof(target) - 1);
			if (len <= 0)
				continue;
			target[len] = '\0';
			inode_add(target, inodes, n);
		}
		closedir(d);
		return 0;
	} else {
		const char *argv[] = { "ls", "-l", "--", dir, NULL };
		sw_hx_result r;
		char *line, *save = NULL;
		int rc;

		if ((rc = hostexec_run(h, ctx, argv, &r)) != 0 ||
		    (r.status != 0 && (rc = file_error(&r)) != 0)) {
			hostexec_result_free(&r);
			return rc;
		}
		for (line = strtok_r(r.out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			const char *arrow = strstr(line, " -> ");

			if (arrow != NULL)
				inode_add(arrow + 4, inodes, n);
		}
		hostexec_result_free(&r);
		return 0;
	}
}

int
hostexec_executables(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, int *exists)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		exists[i] = 0;
	if (n == 0)
		return 0;
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		h->used = 1;
		for (i = 0; i < n; i++) {
			struct stat st;

			exists[i] = stat(paths[i], &st) == 0 &&
			    S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0;
		}
		return 0;
	} else {
		const char **argv = xcalloc(n + 6, sizeof(char *));
		sw_hx_result r;
		char *line, *save = NULL;
		int rc;

		argv[k++] = "ls";
		argv[k++] = "-l";
		argv[k++] = "-d";
		argv[k++] = "-L";
		argv[k++] = "--";
		for (i = 0; i < n; i++)
			argv[k++] = paths[i];
		rc = hostexec_run(h, ctx, argv, &r);
		free(argv);
		if (rc != 0) {
			hostexec_result_free(&r);
			return rc;
		}
		for (line = strtok_r(r.out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			size_t ll = strlen(line);

			if (ll < 10 || line[0] != '-' ||
			    (line[3] != 'x' && line[6] != 'x' && line[9] != 'x' &&
			    line[3] != 's' && line[6] != 's'))
				continue;
			for (i = 0; i < n; i++) {
				size_t pl = strlen(paths[i]);

				if (ll > pl && line[ll - pl - 1] == ' ' &&
				    strcmp(line + ll - pl, paths[i]) == 0)
					exists[i] = 1;
			}
		}
		hostexec_result_free(&r);
		return 0;
	}
}

int
hostexec_readlink(sw_hostexec *h, const sw_probe_ctx *ctx, const char *path,
    char **target)
{
	*target = NULL;
	if (!hostexec_path_ok(path))
		return HX_EDENIED;
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		char buf[512];
		ssize_t len;

		h->used = 1;
		if ((len = readlink(path, buf, sizeof(buf) - 1)) < 0)
			return errno_code(errno);
		buf[len] = '\0';
		*target = xstrdup(buf);
		return 0;
	} else {
		const char *argv[] = { "readlink", "--", path, NULL };
		sw_hx_result r;
		int rc;

		if ((rc = hostexec_run(h, ctx, argv, &r)) != 0 ||
		    r.status != 0) {
			if (rc == 0)
				rc = file_error(&r) == HX_EFAIL ? HX_EPERM :
				    file_error(&r);
			hostexec_result_free(&r);
			return rc;
		}
		r.out[strcspn(r.out, "\n")] = '\0';
		*target = r.out;
		r.out = NULL;	/* transferred */
		hostexec_result_free(&r);
		return 0;
	}
}

int
hostexec_read_files(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, size_t max, char ***texts,
    size_t **lens)
{
	size_t i, start;
	int rc = 0;

	*texts = xcalloc(n + 1, sizeof(char *));
	*lens = xcalloc(n + 1, sizeof(size_t));
	if (max > 65536)
		max = 65536;
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		for (i = 0; i < n; i++)
			if (hostexec_read_file(h, ctx, paths[i], max, &(*texts)[i],
			    &(*lens)[i]) != 0) {
				free((*texts)[i]);
				(*texts)[i] = NULL;
				(*lens)[i] = 0;
			}
		return 0;
	}
	for (start = 0; start < n && rc == 0; start += BATCH) {
		size_t end = start + BATCH < n ? start + BATCH : n, k = 0, j;
		const char **argv = xcalloc(end - start + 7, sizeof(char *));
		char num[24], **hdr;
		const char *p, *limit;
		sw_hx_result r;

		snprintf(num, sizeof(num), "%zu", max);
		argv[k++] = "head";
		argv[k++] = "-v";
		argv[k++] = "-c";
		argv[k++] = num;
		argv[k++] = "--";
		for (i = start; i < end; i++)
			argv[k++] = paths[i];
		rc = hostexec_run(h, ctx, argv, &r);
		free(argv);
		if (rc != 0) {
			hostexec_result_free(&r);
			break;
		}
		/* "==> PATH <==\n" before each file that could be read, in
		 * argument order; blank lines separate them. */
		hdr = xcalloc(end - start, sizeof(char *));
		for (i = start; i < end; i++)
			hdr[i - start] = xasprintf("==> %s <==\n", paths[i]);
		p = r.out;
		limit = r.out + r.out_len;
		for (i = start; i < end && p < limit; i++) {
			const char *at = memmem(p, (size_t)(limit - p),
			    hdr[i - start], strlen(hdr[i - start]));
			const char *body, *stop = limit;

			if (at == NULL)
				continue;
			body = at + strlen(hdr[i - start]);
			for (j = i + 1; j < end; j++) {
				const char *nx = memmem(body, (size_t)(limit -
				    body), hdr[j - start], strlen(hdr[j - start]));

				if (nx != NULL) {
					/* drop the blank line head adds */
					stop = nx > body && nx[-1] == '\n' ? nx - 1 :
					    nx;
					break;
				}
			}
			(*lens)[i] = (size_t)(stop - body);
			(*texts)[i] = xmalloc((*lens)[i] + 1);
			memcpy((*texts)[i], body, (*lens)[i]);
			(*texts)[i][(*lens)[i]] = '\0';
			p = stop;
		}
		for (i = start; i < end; i++)
			free(hdr[i - start]);
		free(hdr);
		hostexec_result_free(&r);
	}
	return rc;
}

int
hostexec_readlinks(sw_hostexec *h, const sw_probe_ctx *ctx,
    const char *const *paths, size_t n, char ***targets)
{
	size_t i, start;
	int rc = 0;

	*targets = xcalloc(n + 1, sizeof(char *));
	if (h->kind == SW_HX_LOCAL && !h->sudo) {
		for (i = 0; i < n; i++)
			if (hostexec_readlink(h, ctx, paths[i], &(*targets)[i]) != 0)
				(*targets)[i] = NULL;
		return 0;
	}
	for (start = 0; start < n && rc == 0; start += BATCH) {
		size_t end = start + BATCH < n ? start + BATCH : n, k = 0;
		const char **argv = xcalloc(end - start + 5, sizeof(char *));
		sw_hx_result r;
		char *line, *save = NULL;

		argv[k++] = "ls";
		argv[k++] = "-l";
		argv[k++] = "-d";
		argv[k++] = "--";
		for (i = start; i < end; i++)
			argv[k++] = paths[i];
		rc = hostexec_run(h, ctx, argv, &r);
		free(argv);
		if (rc != 0) {
			hostexec_result_free(&r);
			break;
		}
		for (line = strtok_r(r.out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			char *arrow = strstr(line, " -> ");

			if (arrow == NULL)
				continue;
			*arrow = '\0';
			for (i = start; i < end; i++) {
				size_t pl = strlen(paths[i]), ll = strlen(line);

				if (ll > pl && line[ll - pl - 1] == ' ' &&
				    strcmp(line + ll - pl, paths[i]) == 0 &&
				    (*targets)[i] == NULL) {
					(*targets)[i] = xstrdup(arrow + 4);
					break;
				}
			}
		}
		hostexec_result_free(&r);
	}
	return rc;
}
