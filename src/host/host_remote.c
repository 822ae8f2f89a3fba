/* The host layer's back-end for another machine (--via): one libssh session,
 * non-blocking and driven by sshp_drive() like the client probes' session,
 * so every step honours the probe's deadline and cancel flag.
 *
 * Commands run in one remote sh on one channel, one after the other, as
 * `ssh host sh -s` would run them: a new exec channel per command costs the
 * server a whole session set-up (about 0.1 s idle, several times that under
 * load), which made the checks slow and, under load, late.  Each command is
 * followed by an end mark carrying a random 128-bit token drawn for that
 * command, on stdout (with the exit status) and on stderr; output cannot
 * forge a token it never saw.  A command is over when its marks arrive;
 * one that outlives the deadline or prints past the cap ends the shell
 * (the next command starts a new one).  Where no sh can be started, each
 * command gets an exec channel of its own, over when the server reports its
 * exit. */
#include "config.h"

#include "core/util.h"
#include "host/host-int.h"
#include "probes/ssh.h"

#include <poll.h>
#include <stdio.h>
#include <sys/random.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

typedef struct remote {
	char *host;
	char *user;
	char *identity;
	char *known_hosts;
	int port;
	int use_ssh_config;
	sw_secret *password;
	ssh_session ssh;
	int broken;		/* the session failed; do not retry */
	ssh_channel sh;		/* the remote sh, or NULL */
	sw_host *owner;		/* the host this is the back-end of */
	int no_sh;		/* sh could not be started: exec channels */
} remote;

static void
shell_close(remote *rm)
{
	if (rm->sh == NULL)
		return;
	if (rm->owner != NULL)
		rm->owner->session_pid = -1;
	if (ssh_channel_is_open(rm->sh))
		ssh_channel_close(rm->sh);
	ssh_channel_free(rm->sh);
	rm->sh = NULL;
}

static void
remote_free(void *p)
{
	remote *rm = p;

	if (rm == NULL)
		return;
	shell_close(rm);
	if (rm->ssh != NULL) {
		ssh_disconnect(rm->ssh);
		ssh_free(rm->ssh);
	}
	secret_free(rm->password);
	free(rm->host);
	free(rm->user);
	free(rm->identity);
	free(rm->known_hosts);
	free(rm);
}

static int
remote_ready(const remote *rm)
{
	return rm->ssh != NULL && !rm->broken && ssh_is_connected(rm->ssh) != 0;
}

/* ---- Steps for sshp_drive ---- */

static int
connect_step(void *a)
{
	return ssh_connect((ssh_session)a);
}

typedef struct auth_arg {
	ssh_session s;
	int how;		/* 0 none, 1 key, 2 password, 3 auto */
	ssh_key key;
	const char *password;
} auth_arg;

static int
auth_step(void *a)
{
	auth_arg *x = a;

	switch (x->how) {
	case 0:
		return ssh_userauth_none(x->s, NULL);
	case 1:
		return ssh_userauth_publickey(x->s, NULL, x->key);
	case 2:
		return ssh_userauth_password(x->s, NULL, x->password);
	default:
		return ssh_userauth_publickey_auto(x->s, NULL, NULL);
	}
}

static int
auth_drive(sw_probe_ctx *ctx, auth_arg *x, int *stopped)
{
	return sshp_drive(ctx, x->s, auth_step, x, SSH_AUTH_AGAIN, stopped);
}

static int
open_step(void *a)
{
	return ssh_channel_open_session((ssh_channel)a);
}

typedef struct exec_arg {
	ssh_channel ch;
	const char *line;
} exec_arg;

static int
exec_step(void *a)
{
	exec_arg *x = a;

	return ssh_channel_request_exec(x->ch, x->line);
}

/* ---- Commands ---- */

/* Waits for the session's socket (at most 50 ms, to notice cancel).
 * Returns 0, or HOST_ETIME when the probe has to stop. */
static int
remote_wait(sw_probe_ctx *ctx, ssh_session s)
{
	struct pollfd p;
	int64_t left;

	if (probe_ctx_should_stop(ctx))
		return HOST_ETIME;
	left = probe_ctx_remaining_ms(ctx);
	p.fd = ssh_get_fd(s);
	p.events = POLLIN | ((ssh_get_poll_flags(s) & SSH_WRITE_PENDING) ?
	    POLLOUT : 0);
	p.revents = 0;
	if (p.fd < 0)
		return HOST_ECONN;
	(void)poll(&p, 1, left > 50 ? 50 : (int)left);
	return 0;
}

/* Runs the command line on the session.  Returns 0 or HOST_E*. */
static int
remote_exec(sw_host *h, sw_probe_ctx *ctx, const char *line,
    sw_host_result *r)
{
	remote *rm = h->priv;
	ssh_channel ch = NULL;
	sbuf out = { 0 }, err = { 0 };
	int ret = HOST_ECONN, rc, stopped = 0;
	exec_arg x;
	char buf[16384];

	sshp_quiet();
	if (!remote_ready(rm) || (ch = ssh_channel_new(rm->ssh)) == NULL)
		goto out;
	rc = sshp_drive(ctx, rm->ssh, open_step, ch, SSH_AGAIN, &stopped);
	if (rc == SSH_OK) {
		x.ch = ch;
		x.line = line;
		rc = sshp_drive(ctx, rm->ssh, exec_step, &x, SSH_AGAIN,
		    &stopped);
	}
	if (stopped != 0) {
		ret = HOST_ETIME;
		goto out;
	}
	if (rc != SSH_OK) {
		rm->broken = ssh_is_connected(rm->ssh) == 0;
		goto out;
	}
	h->used = 1;
	(void)ssh_channel_send_eof(ch);	/* nothing on its stdin */
	for (;;) {
		int n, m, progress = 0;

		n = ssh_channel_read_nonblocking(ch, buf, sizeof(buf), 0);
		if (n > 0) {
			progress = 1;
			if (host_cap_add(&out, buf, (size_t)n, HOST_MAX_OUT)) {
				/* Enough: the rest is not read. */
				r->truncated = 1;
				break;
			}
		}
		m = ssh_channel_read_nonblocking(ch, buf, sizeof(buf), 1);
		if (m > 0) {
			progress = 1;
			(void)host_cap_add(&err, buf, (size_t)m, HOST_ERR_MAX);
		}
		if (n == SSH_ERROR || m == SSH_ERROR) {
			rm->broken = 1;
			goto out;
		}
		if (progress)
			continue;
		/* Over when both streams ended and the exit status came, or
		 * the server closed the channel without one (a signal). */
		if (ssh_channel_is_eof(ch) &&
		    (ssh_channel_get_exit_status(ch) != -1 ||
		    ssh_channel_is_closed(ch)))
			break;
		if (!ssh_channel_is_open(ch) && ssh_channel_is_eof(ch))
			break;
		if ((ret = remote_wait(ctx, rm->ssh)) != 0) {
			if (ret == HOST_ECONN)
				rm->broken = 1;
			goto out;
		}
		ret = HOST_ECONN;
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
	sbuf_add(&out, "");
	sbuf_add(&err, "");
	r->out = sbuf_steal(&out);
	r->err = sbuf_steal(&err);
	return ret;
}

/* ---- The remote sh ---- */

/* Starts the remote sh on its own channel.  Returns 0, or HOST_ETIME, or
 * HOST_EFAIL (then rm->no_sh is set when the session still works). */
static int
shell_start(sw_probe_ctx *ctx, remote *rm)
{
	/* env(1) rather than VAR=value, which csh-family login shells do
	 * not understand; the commands inherit the C locale and the sbin
	 * folders. */
	static const char line[] = "exec env LC_ALL=C "
	    "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\" /bin/sh";
	exec_arg x;
	int rc, stopped = 0;

	if ((rm->sh = ssh_channel_new(rm->ssh)) == NULL)
		goto fail;
	rc = sshp_drive(ctx, rm->ssh, open_step, rm->sh, SSH_AGAIN, &stopped);
	if (rc == SSH_OK) {
		x.ch = rm->sh;
		x.line = line;
		rc = sshp_drive(ctx, rm->ssh, exec_step, &x, SSH_AGAIN,
		    &stopped);
	}
	if (stopped != 0) {
		shell_close(rm);
		return HOST_ETIME;
	}
	if (rc == SSH_OK)
		return 0;
fail:
	shell_close(rm);
	if (ssh_is_connected(rm->ssh) != 0)
		rm->no_sh = 1;
	else
		rm->broken = 1;
	return HOST_EFAIL;
}

/* Writes all of p to the sh.  Returns 0 or HOST_E*. */
static int
shell_write(sw_probe_ctx *ctx, remote *rm, const char *p, size_t n)
{
	while (n > 0) {
		int w = ssh_channel_write(rm->sh, p, (uint32_t)n);

		if (w == SSH_ERROR)
			return HOST_ECONN;
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if ((w = remote_wait(ctx, rm->ssh)) != 0)
			return w;
	}
	return 0;
}

/* Finds an end mark in b, looking only at bytes from `from` on (less the
 * mark's length, for a mark split between two reads); returns its offset
 * or -1. */
static long
mark_at(const sbuf *b, size_t from, const char *mark)
{
	size_t ml = strlen(mark);
	const char *at;

	from = from > ml ? from - ml : 0;
	if (b->len < from + ml)
		return -1;
	at = memmem(b->s + from, b->len - from, mark, ml);
	return at != NULL ? (long)(at - b->s) : -1;
}

/* Runs one command line (without its "exec ") in the sh.  Returns 0,
 * HOST_ETIME, HOST_ECONN, or HOST_EFAIL when the sh went away (the caller
 * may try an exec channel). */
static int
shell_exec(sw_host *h, sw_probe_ctx *ctx, const char *cmd, sw_host_result *r)
{
	remote *rm = h->priv;
	unsigned char raw[16];
	char token[33], mark_out[48], mark_err[48], *script = NULL;
	sbuf out = { 0 }, err = { 0 };
	long at_out = -1, at_err = -1, secs;
	int out_done = 0;
	size_t i;
	int ret;
	char buf[16384];

	if (rm->sh == NULL && (ret = shell_start(ctx, rm)) != 0)
		return ret;
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		shell_close(rm);
		rm->no_sh = 1;
		return HOST_EFAIL;
	}
	for (i = 0; i < sizeof(raw); i++)
		snprintf(token + 2 * i, 3, "%02x", raw[i]);
	snprintf(mark_out, sizeof(mark_out), "\n%s:", token);
	snprintf(mark_err, sizeof(mark_err), "\n%s\n", token);
	/* stdin from /dev/null: the sh's own stdin is the command stream.
	 * timeout(1), where there is one, ends the command on the server
	 * soon after our deadline: closing the channel would not (sshd
	 * leaves a session's processes running). */
	secs = (long)(probe_ctx_remaining_ms(ctx) / 1000) + 2;
	script = xasprintf("if command -v timeout >/dev/null 2>&1; then "
	    "timeout -k 1 %ld %s </dev/null; else %s </dev/null; fi; "
	    "printf '\\n%s:%%d:%%d\\n' \"$?\" \"$$\"; "
	    "printf '\\n%s\\n' >&2\n",
	    secs, cmd, cmd, token, token);
	ret = shell_write(ctx, rm, script, strlen(script));
	free(script);
	if (ret != 0)
		goto fail;
	h->used = 1;
	while (!out_done || at_err < 0) {
		int n, m, progress = 0;

		n = ssh_channel_read_nonblocking(rm->sh, buf, sizeof(buf), 0);
		if (n > 0) {
			size_t before = out.len;

			progress = 1;
			/* Room for the mark and the status past the cap. */
			if (host_cap_add(&out, buf, (size_t)n, HOST_MAX_OUT +
			    sizeof(mark_out) + 16)) {
				r->truncated = 1;
				ret = 0;
				goto fail;	/* the rest is not read */
			}
			if (at_out < 0)
				at_out = mark_at(&out, before, mark_out);
			/* The status after the mark ends with a newline. */
			out_done = at_out >= 0 && memchr(out.s + at_out +
			    strlen(mark_out), '\n', out.len - (size_t)at_out -
			    strlen(mark_out)) != NULL;
		}
		m = ssh_channel_read_nonblocking(rm->sh, buf, sizeof(buf), 1);
		if (m > 0) {
			size_t before = err.len;

			progress = 1;
			/* stderr is kept whole until its mark, then cut. */
			if (host_cap_add(&err, buf, (size_t)m, HOST_ERR_MAX * 4)) {
				ret = HOST_EFAIL;
				goto fail;
			}
			if (at_err < 0)
				at_err = mark_at(&err, before, mark_err);
		}
		if (n == SSH_ERROR || m == SSH_ERROR) {
			rm->broken = 1;
			ret = HOST_ECONN;
			goto fail;
		}
		if (progress)
			continue;
		if (ssh_channel_is_eof(rm->sh) || !ssh_channel_is_open(rm->sh)) {
			ret = HOST_EFAIL;	/* the sh went away */
			goto fail;
		}
		if ((ret = remote_wait(ctx, rm->ssh)) != 0) {
			if (ret == HOST_ECONN)
				rm->broken = 1;
			goto fail;
		}
	}
	{
		const char *st = out.s + at_out + strlen(mark_out);

		const char *colon;

		/* "STATUS:SH-PID\n", the newline found above. */
		r->status = st[0] >= '0' && st[0] <= '9' ? atoi(st) : -1;
		if ((colon = strchr(st, ':')) != NULL && colon[1] >= '1' &&
		    colon[1] <= '9')
			h->session_pid = strtol(colon + 1, NULL, 10);
	}
	out.len = (size_t)at_out;
	err.len = (size_t)at_err < HOST_ERR_MAX ? (size_t)at_err :
	    HOST_ERR_MAX;
	if (out.len > HOST_MAX_OUT) {
		out.len = HOST_MAX_OUT;
		r->truncated = 1;
		r->status = -1;
	}
	ret = 0;
	goto done;
fail:
	/* The command may still run or print: this sh is done for. */
	shell_close(rm);
	if (out.len > HOST_MAX_OUT)
		out.len = HOST_MAX_OUT;
	if (err.len > HOST_ERR_MAX)
		err.len = HOST_ERR_MAX;
done:
	r->out_len = out.len;
	sbuf_addc(&out, '\0');
	sbuf_addc(&err, '\0');
	r->out = sbuf_steal(&out);
	r->err = sbuf_steal(&err);
	return ret;
}

static int remote_open(sw_host *h, sw_probe_ctx *ctx, char **errp);

/* Runs a command line (from host_command_line) in the sh, or on an exec
 * channel of its own where there is no sh.  Returns 0 or HOST_E*. */
static int
run_line(sw_host *h, sw_probe_ctx *ctx, const char *line, sw_host_result *r)
{
	remote *rm = h->priv;
	int ret = HOST_EFAIL;

	if (!rm->no_sh) {
		/* The line starts with "exec ", which the sh must not run. */
		ret = shell_exec(h, ctx, line + 5, r);
		if (ret == HOST_EFAIL && !rm->broken) {
			host_result_free(r);
			memset(r, 0, sizeof(*r));
			r->status = -1;
		}
	}
	if (ret == HOST_EFAIL && !rm->broken)
		ret = remote_exec(h, ctx, line, r);
	return ret;
}

static int
remote_run(sw_host *h, sw_probe_ctx *ctx, const char *const argv[],
    sw_host_result *r)
{
	remote *rm = h->priv;
	char *line;
	int ret;

	if (!remote_ready(rm)) {
		char *e = NULL;

		ret = remote_open(h, ctx, &e);
		free(e);
		if (ret != 0)
			return ret;
	}
	line = host_command_line(argv, h->sudo);
	ret = run_line(h, ctx, line, r);
	free(line);
	if (ret == 0 && (r->status == 127 ||
	    (r->status != 0 && strstr(r->err, "command not found") != NULL)))
		ret = HOST_ENOENT;
	return ret;
}

/* The session reads after login: the client address the server sees and
 * whether the session is root. */
static void
remote_learn(sw_host *h, sw_probe_ctx *ctx)
{
	static const char *const env_argv[] = { "printenv", "SSH_CONNECTION",
		NULL };
	static const char *const id_argv[] = { "id", "-u", NULL };
	sw_host_result r = { 0 };
	char *line;

	line = host_command_line(env_argv, 0);
	if (run_line(h, ctx, line, &r) == 0 && r.status == 0)
		host_parse_ssh_connection(h, r.out);
	free(line);
	host_result_free(&r);
	line = host_command_line(id_argv, 0);
	if (run_line(h, ctx, line, &r) == 0 && r.status == 0 &&
	    r.out[0] >= '0' && r.out[0] <= '9')
		h->root = strtol(r.out, NULL, 10) == 0;
	free(line);
	host_result_free(&r);
}

static int
remote_open(sw_host *h, sw_probe_ctx *ctx, char **errp)
{
	remote *rm = h->priv;
	ssh_session s = NULL;
	ssh_key key = NULL;
	enum ssh_known_hosts_e kh;
	auth_arg x = { 0 };
	int rc = SSH_AUTH_DENIED, nolog = SSH_LOG_NOLOG, stopped = 0;

	sshp_quiet();
	if (remote_ready(rm))
		return 0;
	if (rm->broken) {
		*errp = xasprintf("the session to %s failed earlier", rm->host);
		return HOST_ECONN;
	}
	if ((s = ssh_new()) == NULL) {
		*errp = xstrdup("cannot create an SSH session");
		return HOST_EFAIL;
	}
	ssh_options_set(s, SSH_OPTIONS_HOST, rm->host);
	if (rm->use_ssh_config)
		ssh_options_parse_config(s, NULL);
	ssh_options_set(s, SSH_OPTIONS_LOG_VERBOSITY, &nolog);
	ssh_options_set(s, SSH_OPTIONS_PORT, &rm->port);
	if (rm->user != NULL)
		ssh_options_set(s, SSH_OPTIONS_USER, rm->user);
	if (rm->known_hosts != NULL)
		ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, rm->known_hosts);
	ssh_set_blocking(s, 0);
	rc = sshp_drive(ctx, s, connect_step, s, SSH_AGAIN, &stopped);
	if (stopped != 0 || rc != SSH_OK) {
		*errp = xasprintf("cannot connect to %s port %d: %s", rm->host,
		    rm->port, stopped != 0 ? sshp_strerror(stopped) :
		    ssh_get_error(s));
		goto fail;
	}
	kh = ssh_session_is_known_server(s);
	if (kh != SSH_KNOWN_HOSTS_OK) {
		*errp = xasprintf("the host key of %s port %d is %s in "
		    "known_hosts; connect once with ssh to check and accept it "
		    "(a password is never sent to a host that is not verified)",
		    rm->host, rm->port, kh == SSH_KNOWN_HOSTS_CHANGED ?
		    "different from the one" : kh == SSH_KNOWN_HOSTS_OTHER ?
		    "of another type than the one" : "not");
		goto fail;
	}
	x.s = s;
	x.how = 0;
	rc = auth_drive(ctx, &x, &stopped);
	if (rc != SSH_AUTH_SUCCESS && stopped == 0 && rm->identity != NULL) {
		if (ssh_pki_import_privkey_file(rm->identity, NULL, NULL, NULL,
		    &key) != SSH_OK) {
			*errp = xasprintf("cannot read the private key %s",
			    rm->identity);
			goto fail;
		}
		x.how = 1;
		x.key = key;
		rc = auth_drive(ctx, &x, &stopped);
		ssh_key_free(key);
		key = NULL;
	}
	if (rc != SSH_AUTH_SUCCESS && stopped == 0 && rm->password != NULL) {
		x.how = 2;
		x.password = rm->password->s;
		rc = auth_drive(ctx, &x, &stopped);
	}
	if (rc != SSH_AUTH_SUCCESS && stopped == 0 && rm->identity == NULL &&
	    rm->password == NULL) {
		x.how = 3;
		rc = auth_drive(ctx, &x, &stopped);
	}
	if (rc != SSH_AUTH_SUCCESS) {
		*errp = xasprintf("%s port %d did not accept the login: %s",
		    rm->host, rm->port, stopped != 0 ? sshp_strerror(stopped) :
		    rc == SSH_AUTH_DENIED ? "credentials refused" :
		    ssh_get_error(s));
		goto fail;
	}
	rm->ssh = s;
	rm->broken = 0;
	remote_learn(h, ctx);
	return 0;
fail:
	ssh_disconnect(s);
	ssh_free(s);
	/* A deadline or cancel is no verdict on the session: a later probe
	 * may try again. */
	rm->broken = stopped == 0;
	return stopped != 0 ? HOST_ETIME : HOST_ECONN;
}

const host_backend host_remote_backend = {
	.open = remote_open,
	.run = remote_run,
	.free_priv = remote_free,
};

sw_host *
host_new_via(const sw_via_opts *o, sw_secret *password)
{
	remote *rm = xcalloc(1, sizeof(*rm));
	char *label = xasprintf("via %s", o->host);
	sw_host *h;

	rm->host = xstrdup(o->host);
	rm->user = xstrdup(o->user);
	rm->identity = xstrdup(o->identity);
	rm->known_hosts = xstrdup(o->known_hosts);
	rm->port = o->port > 0 ? o->port : 22;
	rm->use_ssh_config = o->use_ssh_config;
	rm->password = password;
	h = host_alloc(SW_HOST_VIA, &host_remote_backend, rm, label);
	rm->owner = h;
	free(label);
	h->sudo = o->sudo;
	return h;
}
