/* ProxyCommand: the connection as ssh makes it through a command.
 *
 * When the target has a ProxyCommand (and no jump host: ssh takes the
 * first of ProxyJump and ProxyCommand), ssh never opens a TCP connection
 * itself.  It expands the command's tokens (%h the HostName, %n the host
 * as typed, %p the port, %r the remote user, %k the host key alias, %%),
 * prefixes "exec ", and runs it with the user's shell ($SHELL, else
 * /bin/sh) as `SHELL -c COMMAND`, its standard input and output on two
 * pipes that carry the SSH connection and its standard error left for
 * messages (OpenSSH sshconnect.c, ssh_proxy_connect).
 *
 * sshp_proxy_connect() does the same: the command's stdin and stdout are
 * pipes, and a pump thread copies between them and our end of a socket
 * pair whose other end libssh (or ssh.banner) uses as "the TCP
 * connection".  The pump also keeps the first PROXY_ERR_KEEP bytes of the
 * command's standard error and reaps it, so a command that fails to start
 * or exits is told with its exit status and what it printed.  When the
 * connection is closed on our side the command gets end-of-file on its
 * input, as with ssh, and is stopped (TERM, then KILL) if it outlives that
 * by PROXY_GRACE_MS.  Every run of a diagnosis is kept in the session
 * (sw_session.proxy) and stopped and reaped when the session is cleared.
 */
#include "config.h"

#include "core/session.h"
#include "core/target.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The most runs of the command kept in one diagnosis. */
#define PROXY_MAX_RUNS 32
/* Bytes of the command's standard error kept. */
#define PROXY_ERR_KEEP 2048
/* Bytes moved at once by the pump. */
#define PROXY_BUF 16384
/* How long the command may outlive the end of the connection. */
#define PROXY_GRACE_MS 2000
/* Descriptors closed in the child above stderr (as core/proc.c does). */
#define CHILD_FD_MAX 1024

typedef struct proxy_run {
	pthread_t thread;
	pid_t pid;
	int fd;			/* our end of the socket pair */
	int in, out, err;	/* the command's stdin, stdout, stderr */
	atomic_int stop;
	atomic_int err_open;	/* 0 once its stderr reached its end */
	pthread_mutex_t mu;
	int exited;		/* 1 once reaped */
	int status;		/* its wait status then */
	char said[PROXY_ERR_KEEP];
	size_t said_len;
	int said_cut;		/* 1 when it printed more than was kept */
} proxy_run;

typedef struct proxy_set {
	proxy_run *runs[PROXY_MAX_RUNS];
	size_t n;
} proxy_set;

int
sshp_via_proxy(const sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;

	return t != NULL && t->proxy_command != NULL && t->n_hops == 0 &&
	    (ctx->session == NULL || ctx->session->hop == 0);
}

char *
sshp_proxy_expand(const sw_target *t, char **errp)
{
	const char *p = t->proxy_command;
	sbuf b = { 0 };
	char port[16];

	*errp = NULL;
	snprintf(port, sizeof(port), "%d", t->port);
	sbuf_add(&b, "exec ");
	for (; *p != '\0'; p++) {
		const char *v;

		if (*p != '%') {
			sbuf_addn(&b, p, 1);
			continue;
		}
		switch (*++p) {
		case '%': v = "%"; break;
		case 'h': v = t->host; break;
		case 'n': v = t->alias != NULL ? t->alias : t->host; break;
		case 'p': v = port; break;
		case 'r': v = t->user; break;
		case 'k': v = t->host_key_alias != NULL ? t->host_key_alias :
		    t->alias != NULL ? t->alias : t->host; break;
		default:
			/* ssh stops on it too ("percent_expand: unknown
			 * key %x") */
			*errp = *p == '\0' ?
			    xstrdup("the ProxyCommand ends with a lone %") :
			    xasprintf("the ProxyCommand holds the token %%%c, "
			    "which ssh does not know", *p);
			free(sbuf_steal(&b));
			return NULL;
		}
		sbuf_add(&b, v != NULL ? v : "");
	}
	return sbuf_steal(&b);
}

/* ------------------------------------------------------------ the pump */

static void
said_add(proxy_run *r, const char *p, size_t n)
{
	size_t room;

	pthread_mutex_lock(&r->mu);
	room = sizeof(r->said) - r->said_len;
	if (n > room) {
		r->said_cut = 1;
		n = room;
	}
	memcpy(r->said + r->said_len, p, n);
	r->said_len += n;
	pthread_mutex_unlock(&r->mu);
}

static void
reap(proxy_run *r, int block)
{
	int st;
	pid_t w;

	if (r->pid <= 0)
		return;
	pthread_mutex_lock(&r->mu);
	if (r->exited) {
		pthread_mutex_unlock(&r->mu);
		return;
	}
	pthread_mutex_unlock(&r->mu);
	do
		w = waitpid(r->pid, &st, block ? 0 : WNOHANG);
	while (w < 0 && errno == EINTR);
	if (w == r->pid) {
		pthread_mutex_lock(&r->mu);
		r->exited = 1;
		r->status = st;
		pthread_mutex_unlock(&r->mu);
	}
}

static int
has_exited(proxy_run *r)
{
	int e;

	pthread_mutex_lock(&r->mu);
	e = r->exited;
	pthread_mutex_unlock(&r->mu);
	return e;
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Stops the command: TERM, then KILL after a second, then reaps it. */
static void
stop_command(proxy_run *r)
{
	int i;

	reap(r, 0);
	if (has_exited(r))
		return;
	kill(r->pid, SIGTERM);
	for (i = 0; i < 20 && !has_exited(r); i++) {
		usleep(50 * 1000);
		reap(r, 0);
	}
	if (!has_exited(r))
		kill(r->pid, SIGKILL);
	reap(r, 1);
}

static void *
pump_thread(void *arg)
{
	proxy_run *r = arg;
	char up[PROXY_BUF], down[PROXY_BUF], chunk[1024];
	size_t ulen = 0, uoff = 0, dlen = 0, doff = 0;
	int ours_open = 1;	/* libssh's side still sends */
	int64_t closed_at = -1;
	sigset_t pipe_sig;

	/* A write to the pipe of a command that has ended must fail with
	 * EPIPE here, not end the program with SIGPIPE. */
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, NULL);
	while (!atomic_load(&r->stop)) {
		struct pollfd p[5];
		int np = 0, i_fd_in = -1, i_in = -1, i_out = -1, i_fd_out = -1,
		    i_err = -1;
		ssize_t n;

		reap(r, 0);
		if (has_exited(r) && r->out < 0 && r->err < 0 && dlen == 0)
			break;
		if (!ours_open && closed_at >= 0 &&
		    sw_now_ms() - closed_at > PROXY_GRACE_MS)
			break;
		if (ours_open && ulen == 0) {
			i_fd_in = np;
			p[np++] = (struct pollfd){ r->fd, POLLIN, 0 };
		}
		if (ulen > 0 && r->in >= 0) {
			i_in = np;
			p[np++] = (struct pollfd){ r->in, POLLOUT, 0 };
		}
		if (r->out >= 0 && dlen == 0) {
			i_out = np;
			p[np++] = (struct pollfd){ r->out, POLLIN, 0 };
		}
		if (dlen > 0) {
			i_fd_out = np;
			p[np++] = (struct pollfd){ r->fd, POLLOUT, 0 };
		}
		if (r->err >= 0) {
			i_err = np;
			p[np++] = (struct pollfd){ r->err, POLLIN, 0 };
		}
		/* Wake at least every 100 ms to reap and to see stop. */
		if (poll(p, (nfds_t)np, 100) <= 0)
			continue;
		if (i_fd_in >= 0 && p[i_fd_in].revents != 0) {
			n = read(r->fd, up, sizeof(up));
			if (n > 0) {
				ulen = (size_t)n;
				uoff = 0;
			} else if (n == 0 || (errno != EAGAIN &&
			    errno != EINTR)) {
				/* Our side closed: the command's input
				 * ends, as when ssh closes its pipe. */
				ours_open = 0;
				closed_at = sw_now_ms();
				close_fd(&r->in);
			}
		}
		if (i_in >= 0 && p[i_in].revents != 0) {
			n = write(r->in, up + uoff, ulen - uoff);
			if (n > 0) {
				uoff += (size_t)n;
				if (uoff == ulen)
					ulen = uoff = 0;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				if (errno == EPIPE) {
					/* the SIGPIPE this thread holds */
					struct timespec now = { 0, 0 };

					(void)sigtimedwait(&pipe_sig, NULL, &now);
				}
				ulen = uoff = 0;
				close_fd(&r->in);
			}
		}
		/* Nowhere to put what our side sends any more. */
		if (r->in < 0)
			ulen = uoff = 0;
		if (i_out >= 0 && p[i_out].revents != 0) {
			n = read(r->out, down, sizeof(down));
			if (n > 0) {
				dlen = (size_t)n;
				doff = 0;
			} else if (n == 0 || (errno != EAGAIN &&
			    errno != EINTR)) {
				/* The command's output ended: so does the
				 * connection, seen from libssh. */
				close_fd(&r->out);
				shutdown(r->fd, SHUT_WR);
			}
		}
		if (i_fd_out >= 0 && p[i_fd_out].revents != 0) {
			n = send(r->fd, down + doff, dlen - doff, MSG_NOSIGNAL);
			if (n > 0) {
				doff += (size_t)n;
				if (doff == dlen)
					dlen = doff = 0;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				dlen = doff = 0;
				close_fd(&r->out);
			}
		}
		if (i_err >= 0 && p[i_err].revents != 0) {
			n = read(r->err, chunk, sizeof(chunk));
			if (n > 0)
				said_add(r, chunk, (size_t)n);
			else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				close_fd(&r->err);
				atomic_store(&r->err_open, 0);
			}
		}
	}
	close_fd(&r->in);
	close_fd(&r->out);
	shutdown(r->fd, SHUT_RDWR);
	stop_command(r);
	/* What it printed before it ended. */
	while (r->err >= 0) {
		struct pollfd p = { r->err, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, 0) <= 0 ||
		    (n = read(r->err, chunk, sizeof(chunk))) <= 0)
			break;
		said_add(r, chunk, (size_t)n);
	}
	close_fd(&r->err);
	atomic_store(&r->err_open, 0);
	return NULL;
}

/* ------------------------------------------------------------ the runs */

static void
set_free(void *p)
{
	proxy_set *set = p;
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		atomic_store(&set->runs[i]->stop, 1);
	for (i = 0; i < set->n; i++) {
		proxy_run *r = set->runs[i];

		pthread_join(r->thread, NULL);
		close_fd(&r->fd);
		pthread_mutex_destroy(&r->mu);
		free(r);
	}
	free(set);
}

static proxy_set *
set_get(sw_session *s)
{
	if (s->proxy == NULL) {
		s->proxy = xcalloc(1, sizeof(proxy_set));
		s->proxy_free = set_free;
	}
	return s->proxy;
}

int
sshp_proxy_connect(sw_probe_ctx *ctx, int *fdp, int *err)
{
	proxy_set *set = set_get(ctx->session);
	const char *shell = getenv("SHELL");
	char *cmd = NULL, *why = NULL;
	int sv[2] = { -1, -1 }, pin[2] = { -1, -1 }, pout[2] = { -1, -1 },
	    perr[2] = { -1, -1 };
	proxy_run *r = NULL;
	pid_t pid;

	*fdp = -1;
	*err = 0;
	if (shell == NULL || *shell == '\0')
		shell = _PATH_BSHELL;
	if ((cmd = sshp_proxy_expand(ctx->target, &why)) == NULL) {
		evidence_add(&ctx->evidence, "proxy_error", "%s", why);
		free(why);
		*err = EINVAL;
		return SSHP_ECONNECT;
	}
	if (set->n == PROXY_MAX_RUNS) {
		evidence_add(&ctx->evidence, "proxy_error", "the ProxyCommand "
		    "ran %d times in this diagnosis already", PROXY_MAX_RUNS);
		free(cmd);
		*err = EMFILE;
		return SSHP_ECONNECT;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sv) != 0 || pipe2(pin, O_CLOEXEC) != 0 ||
	    pipe2(pout, O_CLOEXEC) != 0 || pipe2(perr, O_CLOEXEC) != 0) {
		*err = errno;
		goto fail;
	}
	{
		const char *argv[] = { shell, "-c", cmd, NULL };

		if ((pid = fork()) < 0) {
			*err = errno;
			goto fail;
		}
		if (pid == 0) {
			static const char msg[] = "sshwizard: cannot run the "
			    "shell for the ProxyCommand: ";
			sigset_t none;
			int fd;

			dup2(pin[0], 0);
			dup2(pout[1], 1);
			dup2(perr[1], 2);
			for (fd = 3; fd < CHILD_FD_MAX; fd++)
				close(fd);
			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
			signal(SIGPIPE, SIG_DFL);
			execv(shell, (char *const *)argv);
			(void)!write(2, msg, sizeof(msg) - 1);
			(void)!write(2, shell, strlen(shell));
			(void)!write(2, "\n", 1);
			_exit(1);
		}
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	r = xcalloc(1, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
	r->pid = pid;
	r->fd = sv[0];
	r->in = pin[1];
	r->out = pout[0];
	r->err = perr[0];
	atomic_store(&r->err_open, 1);
	fcntl(r->in, F_SETFL, O_NONBLOCK);
	fcntl(r->out, F_SETFL, O_NONBLOCK);
	fcntl(r->err, F_SETFL, O_NONBLOCK);
	if (pthread_create(&r->thread, NULL, pump_thread, r) != 0) {
		*err = EAGAIN;
		close_fd(&r->in);
		close_fd(&r->out);
		close_fd(&r->err);
		stop_command(r);
		close_fd(&r->fd);
		pthread_mutex_destroy(&r->mu);
		free(r);
		close(sv[1]);
		free(cmd);
		return SSHP_ECONNECT;
	}
	set->runs[set->n++] = r;
	free(cmd);
	*fdp = sv[1];
	return SSHP_OK;
fail:
	close_fd(&sv[0]);
	close_fd(&sv[1]);
	close_fd(&pin[0]);
	close_fd(&pin[1]);
	close_fd(&pout[0]);
	close_fd(&pout[1]);
	close_fd(&perr[0]);
	close_fd(&perr[1]);
	free(cmd);
	return SSHP_ECONNECT;
}

int
sshp_proxy_state(sw_probe_ctx *ctx, int wait_ms, int *status, char **said)
{
	proxy_set *set = ctx->session != NULL ? ctx->session->proxy : NULL;
	proxy_run *r;
	int64_t until = sw_now_ms() + wait_ms;
	int exited;

	*status = -1;
	*said = NULL;
	if (set == NULL || set->n == 0)
		return -1;
	r = set->runs[set->n - 1];
	for (;;) {
		exited = has_exited(r);
		if (exited || sw_now_ms() >= until ||
		    probe_ctx_should_stop(ctx))
			break;
		usleep(20 * 1000);
	}
	/* Its last words may still be on their way to the pump. */
	if (exited) {
		int i;

		for (i = 0; i < 25 && atomic_load(&r->err_open); i++)
			usleep(20 * 1000);
	}
	pthread_mutex_lock(&r->mu);
	*status = r->status;
	if (r->said_len > 0) {
		char *esc = sw_escape_bytes((const unsigned char *)r->said,
		    r->said_len, sizeof(r->said));

		*said = r->said_cut ? xasprintf("%s [cut at %zu bytes]", esc,
		    sizeof(r->said)) : xstrdup(esc);
		free(esc);
	}
	pthread_mutex_unlock(&r->mu);
	return exited;
}
