/* Connections for the SSH probes: TCP with a deadline, the one shared libssh
 * session, the user's ssh run for its algorithm lists, the server's KEXINIT
 * read on a raw connection, and the agent's identity list.
 *
 * libssh's own connect stops at the first address and its non-blocking mode
 * has no deadline, so the TCP connection is ours (to the address tcp.connect
 * found open) and handed over with SSH_OPTIONS_FD, and every libssh stage
 * runs non-blocking in a poll loop that watches the deadline and the cancel
 * flag (sshp_drive). */
#include "config.h"

#include "core/i18n.h"
#include "core/proc.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/callbacks.h>

/* How long `ssh -G` / `ssh -Q` may take at most. */
#define SSH_CMD_TIMEOUT_MS 2000
/* The most output of one of them we read. */
#define SSH_CMD_OUT_MAX (256u * 1024)
/* The largest agent answer we read. */
#define AGENT_ANSWER_MAX (256u * 1024)

const char *
sshp_strerror(int code)
{
	switch (code) {
	case SSHP_OK:
		return "no error";
	case SSHP_ETIME:
		return "no answer before the time limit";
	case SSHP_ECANCEL:
		return "cancelled";
	case SSHP_ECLOSED:
		return "the server closed the connection";
	case SSHP_ERESET:
		return "the server reset the connection";
	case SSHP_ENOADDR:
		return "no address to connect to";
	case SSHP_ECONNECT:
		return "the TCP connection failed";
	case SSHP_EKEX:
		return "no algorithm in common";
	case SSHP_EPROTO:
		return "the server broke the SSH protocol";
	case SSHP_EDISCONNECT:
		return "the server ended the session";
	case SSHP_ETOOMUCH:
		return "the server sent more than 1 MiB without an answer";
	default:
		return "the SSH library failed";
	}
}

/* ------------------------------------------------------------ quiet libssh */

static void
quiet_log(int priority, const char *function, const char *buffer, void *ud)
{
	(void)priority;
	(void)function;
	(void)buffer;
	(void)ud;
}

void
sshp_quiet(void)
{
	ssh_set_log_level(SSH_LOG_NOLOG);
	ssh_set_log_callback(quiet_log);
}

/* -------------------------------------------------------------------- TCP */

/* Waits for events on fd until the probe's deadline or until_ms (absolute,
 * sw_now_ms(); -1 for none), whichever comes first.  As sshp_fd_wait. */
static int
fd_wait_until(sw_probe_ctx *ctx, int fd, short events, int64_t until_ms)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		int64_t left = probe_ctx_remaining_ms(ctx), mine;
		int r;

		if (probe_ctx_cancelled(ctx))
			return SSHP_ECANCEL;
		if (until_ms >= 0 && (mine = until_ms - sw_now_ms()) < left)
			left = mine > 0 ? mine : 0;
		if (left == 0)
			return SSHP_ETIME;
		r = poll(&p, 1, left > 50 ? 50 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return 1;	/* let the caller's read see the error */
	}
}

int
sshp_fd_wait(sw_probe_ctx *ctx, int fd, short events)
{
	return fd_wait_until(ctx, fd, events, -1);
}

/* Connects to a with the deadline.  Returns SSHP_OK with *fdp set, or an
 * SSHP_E* code with *err set to errno for SSHP_ECONNECT. */
static int
tcp_connect_one(sw_probe_ctx *ctx, const sw_addr *a, int port, int *fdp,
    int *err)
{
	struct sockaddr_storage ss;
	socklen_t el = sizeof(*err);
	int fd, r;

	*fdp = -1;
	*err = 0;
	memcpy(&ss, &a->sa, sizeof(ss));
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
	else if (ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = errno;
		return SSHP_ECONNECT;
	}
	if (connect(fd, (struct sockaddr *)&ss, a->len) != 0) {
		if (errno != EINPROGRESS) {
			*err = errno;
			close(fd);
			return SSHP_ECONNECT;
		}
		if ((r = sshp_fd_wait(ctx, fd, POLLOUT)) < 0) {
			close(fd);
			return r;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &el) != 0)
			*err = errno;
		if (*err != 0) {
			close(fd);
			return SSHP_ECONNECT;
		}
	}
	*fdp = fd;
	return SSHP_OK;
}

int
sshp_tcp_open(sw_probe_ctx *ctx, int *fdp, const char **addr,
    int64_t *connect_ms, int *err)
{
	sw_session *s = ctx->session;
	const sw_target *t = ctx->target;
	size_t i, first = 0, last;
	int rc = SSHP_ENOADDR;

	*fdp = -1;
	*addr = NULL;
	*connect_ms = 0;
	*err = 0;
	if (s->hop > 0) {
		int64_t t0 = sw_now_ms();

		rc = sshp_jump_connect(ctx, fdp, err);
		*connect_ms = sw_now_ms() - t0;
		*addr = "(through the jump host)";
		return rc;
	}
	if (sshp_via_proxy(ctx)) {
		int64_t t0 = sw_now_ms();

		rc = sshp_proxy_connect(ctx, fdp, err);
		*connect_ms = sw_now_ms() - t0;
		*addr = "(through the ProxyCommand)";
		return rc;
	}
	if (!s->resolved || s->n_addrs == 0) {
		sw_addr *addrs = NULL;
		size_t n = 0;

		if (probe_resolve(ctx, t->host, t->port, &addrs, &n) != 0 ||
		    n == 0) {
			free(addrs);
			if (probe_ctx_cancelled(ctx))
				return SSHP_ECANCEL;
			return probe_ctx_should_stop(ctx) ? SSHP_ETIME :
			    SSHP_ENOADDR;
		}
		session_set_addrs(s, addrs, n);
		free(addrs);
	}
	last = s->n_addrs;
	if (s->open_addr >= 0 && (size_t)s->open_addr < s->n_addrs) {
		first = (size_t)s->open_addr;
		last = first + 1;
	}
	for (i = first; i < last; i++) {
		int64_t t0 = sw_now_ms();

		rc = tcp_connect_one(ctx, &s->addrs[i], t->port, fdp, err);
		*connect_ms = sw_now_ms() - t0;
		if (rc == SSHP_OK) {
			s->open_addr = (int)i;
			*addr = s->addrs[i].text;
			return rc;
		}
		if (rc == SSHP_ETIME || rc == SSHP_ECANCEL)
			return rc;
	}
	return rc;
}

/* ------------------------------------------------------------- commands */

char *
sshp_capture(sw_probe_ctx *ctx, const char *const argv[], int timeout_ms,
    size_t cap)
{
	int64_t end = sw_now_ms() + timeout_ms;
	sw_proc_result r;
	char *out = NULL;

	if (ctx->deadline_ms < end)
		end = ctx->deadline_ms;
	/* More output than we will read counts as a failure, as before. */
	if (proc_capture(argv, end, ctx->cancel, cap, 0, &r) == 0 &&
	    r.status == 0 && !r.truncated) {
		out = r.out;
		r.out = NULL;	/* transferred */
	}
	proc_result_free(&r);
	return out;
}

void
sshp_algos_free(sshp_algos *a)
{
	if (a == NULL)
		return;
	free(a->kex);
	free(a->hostkeys);
	free(a->ciphers);
	free(a->macs);
	memset(a, 0, sizeof(*a));
}

int
sshp_algos_enabled(sw_probe_ctx *ctx, sshp_algos *a)
{
	const sw_target *t = ctx->target;
	const char *out;

	memset(a, 0, sizeof(*a));
	if (t->no_ssh_config) {
		/* ssh's own defaults, without any configuration file */
		if ((out = target_ssh_g_defaults(t)) == NULL)
			return -1;
		a->kex = ssh_g_value(out, "kexalgorithms", 0);
		a->hostkeys = ssh_g_value(out, "hostkeyalgorithms", 0);
		a->ciphers = ssh_g_value(out, "ciphers", 0);
		a->macs = ssh_g_value(out, "macs", 0);
	} else {
		/* As the target was resolved: one ssh -G for everything. */
		a->kex = xstrdup(t->kex_algorithms);
		a->hostkeys = xstrdup(t->host_key_algorithms);
		a->ciphers = xstrdup(t->ciphers);
		a->macs = xstrdup(t->macs);
	}
	if (a->kex == NULL || a->hostkeys == NULL || a->ciphers == NULL ||
	    a->macs == NULL) {
		sshp_algos_free(a);
		return -1;
	}
	return 0;
}

/* `ssh -Q what` as one comma-separated list, or NULL. */
static char *
query_list(sw_probe_ctx *ctx, const char *what)
{
	const char *argv[] = { "ssh", "-Q", what, NULL };
	char *out = sshp_capture(ctx, argv, SSH_CMD_TIMEOUT_MS, SSH_CMD_OUT_MAX);
	sbuf b = { 0 };
	const char *p;

	if (out == NULL)
		return NULL;
	for (p = out; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		if (n > 0) {
			if (b.len > 0)
				sbuf_addc(&b, ',');
			sbuf_addn(&b, p, n);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	free(out);
	return b.s != NULL ? sbuf_steal(&b) : NULL;
}

typedef struct {
	sw_probe_ctx *ctx;
	const char *what;
	char *out;
} query_job;

static void *
query_main(void *p)
{
	query_job *q = p;

	q->out = query_list(q->ctx, q->what);
	return NULL;
}

int
sshp_algos_supported(sw_probe_ctx *ctx, unsigned want, sshp_algos *a)
{
	/* In the order of the SSHP_ALG_* bits and of sshp_algos. */
	query_job q[4] = { { ctx, "kex", NULL },
		{ ctx, "HostKeyAlgorithms", NULL }, { ctx, "cipher", NULL },
		{ ctx, "mac", NULL } };
	pthread_t th[4];
	int started[4] = { 0 };
	size_t i, mine = 4;

	memset(a, 0, sizeof(*a));
	/* The lists wanted at once, this thread running the first: each
	 * ssh -Q costs a process start. */
	for (i = 0; i < 4; i++) {
		if (!(want & (1u << i)))
			continue;
		if (mine == 4) {
			mine = i;
			continue;
		}
		started[i] = pthread_create(&th[i], NULL, query_main,
		    &q[i]) == 0;
		if (!started[i])
			query_main(&q[i]);
	}
	if (mine < 4)
		query_main(&q[mine]);
	for (i = 0; i < 4; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	a->kex = q[0].out;
	a->ciphers = q[2].out;
	a->macs = q[3].out;
	/* Signature algorithms (rsa-sha2-256...) as KEXINIT names them;
	 * older clients only know "key". */
	if ((a->hostkeys = q[1].out) == NULL && (want & SSHP_ALG_HOSTKEYS))
		a->hostkeys = query_list(ctx, "key");
	if (((want & SSHP_ALG_KEX) && a->kex == NULL) ||
	    ((want & SSHP_ALG_CIPHERS) && a->ciphers == NULL) ||
	    ((want & SSHP_ALG_MACS) && a->macs == NULL) ||
	    ((want & SSHP_ALG_HOSTKEYS) && a->hostkeys == NULL)) {
		sshp_algos_free(a);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------- the libssh session */

void
sshp_open_info_free(sshp_open_info *i)
{
	if (i == NULL)
		return;
	free(i->error);
	free(i->address);
	free(i->client_kex);
	free(i->client_hostkeys);
	free(i->client_ciphers);
	free(i->client_macs);
	sshp_algos_free(&i->enabled);
	memset(i, 0, sizeof(*i));
}

static void
session_free_cb(struct ssh_session_struct *ssh)
{
	if (ssh == NULL)
		return;
	ssh_silent_disconnect(ssh);
	ssh_free(ssh);
}

void
sshp_session_drop(sw_session *s)
{
	if (s->ssh != NULL && s->ssh_free != NULL)
		s->ssh_free(s->ssh);
	s->ssh = NULL;
	s->ssh_free = NULL;
	s->ssh_auth_used = 0;
	s->ssh_logged_in = 0;
	s->ssh_login_note = NULL;
}

/* The elements of list libssh accepts for option opt (tried one by one on
 * a scratch session).  Caller frees; "" when none. */
static char *
libssh_filter(ssh_session scratch, enum ssh_options_e opt, const char *list)
{
	const char *p = list;
	sbuf b = { 0 };

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ",");
		char *one = xstrndup(p, n);

		if (n > 0 && ssh_options_set(scratch, opt, one) == 0) {
			if (b.len > 0)
				sbuf_addc(&b, ',');
			sbuf_add(&b, one);
		}
		free(one);
		p += n;
		if (*p == ',')
			p++;
	}
	return b.s != NULL ? sbuf_steal(&b) : xstrdup("");
}

static int
connect_step(void *arg)
{
	return ssh_connect((ssh_session)arg);
}

/* What the server sent during the last sshp_drive() of this thread: bytes
 * read from the socket, and whole packets. */
static _Thread_local struct ssh_counter_struct drive_wire, drive_in;

int
sshp_drive(sw_probe_ctx *ctx, struct ssh_session_struct *ssh,
    int (*fn)(void *arg), void *arg, int again_code, int *stopped)
{
	int rc;

	*stopped = 0;
	memset(&drive_wire, 0, sizeof(drive_wire));
	memset(&drive_in, 0, sizeof(drive_in));
	ssh_set_counters(ssh, &drive_wire, &drive_in);
	for (;;) {
		struct pollfd p;
		int64_t left;
		int flags;

		if ((rc = fn(arg)) != again_code)
			break;
		if (probe_ctx_cancelled(ctx)) {
			*stopped = SSHP_ECANCEL;
			break;
		}
		if ((left = probe_ctx_remaining_ms(ctx)) == 0) {
			*stopped = SSHP_ETIME;
			break;
		}
		/* A server that sends and sends without answering (endless
		 * pre-login messages, a packet larger than any client takes)
		 * is cut here: what libssh buffers stays bounded. */
		if (drive_wire.in_bytes > SSHP_DRIVE_IN_MAX) {
			*stopped = SSHP_ETOOMUCH;
			break;
		}
		p.fd = ssh_get_fd(ssh);
		flags = ssh_get_poll_flags(ssh);
		p.events = POLLIN | ((flags & SSH_WRITE_PENDING) ? POLLOUT : 0);
		p.revents = 0;
		if (p.fd < 0)
			break;
		(void)poll(&p, 1, left > 50 ? 50 : (int)left);
	}
	ssh_set_counters(ssh, NULL, NULL);
	return rc;
}

int
sshp_classify_error(struct ssh_session_struct *ssh)
{
	const char *e = ssh_get_error(ssh);

	/* Not ssh_get_disconnect_message(): it overwrites the error.  The
	 * error text already carries the server's reason. */
	if (e == NULL)
		e = "";
	if (strstr(e, "SSH_MSG_DISCONNECT") != NULL)
		return SSHP_EDISCONNECT;
	if (strstr(e, "reset") != NULL)
		return SSHP_ERESET;
	if (strstr(e, "kex error") != NULL || strstr(e, "no match for method")
	    != NULL || strstr(e, "No matching") != NULL)
		return SSHP_EKEX;
	if (strstr(e, "disconnected") != NULL || strstr(e, "closed") != NULL ||
	    strstr(e, "Connection") != NULL ||
	    (ssh_get_status(ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0)
		return SSHP_ECLOSED;
	return SSHP_ELIBSSH;
}

int
sshp_session_open(sw_probe_ctx *ctx, sshp_open_info *info)
{
	const sw_target *t = ctx->target;
	sw_session *s = ctx->session;
	ssh_session ssh = NULL, scratch = NULL;
	sshp_algos *a = &info->enabled;
	const char *addr = NULL;
	int fd = -1, err = 0, rc, stopped = 0, verbosity = SSH_LOG_NOLOG;
	int no = 0;
	long timeout_s;
	int64_t t0;

	memset(info, 0, sizeof(*info));
	sshp_session_drop(s);
	sshp_quiet();
	if (sshp_algos_enabled(ctx, a) == 0)
		info->client_from_ssh = 1;

	if ((scratch = ssh_new()) == NULL || (ssh = ssh_new()) == NULL) {
		info->code = SSHP_ELIBSSH;
		info->error = xstrdup("cannot create a libssh session");
		goto out;
	}
	ssh_options_set(scratch, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
	ssh_options_set(ssh, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
	/* Our own settings only: libssh would otherwise read ~/.ssh/config
	 * and /etc/ssh/ssh_config itself at connect time. */
	ssh_options_set(ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
	if (info->client_from_ssh) {
		static const struct {
			enum ssh_options_e opt, opt2;
			size_t field;
			const char *what;
		} cat[] = {
			{ SSH_OPTIONS_KEY_EXCHANGE, SSH_OPTIONS_KEY_EXCHANGE,
			  offsetof(sshp_algos, kex), "key exchange" },
			{ SSH_OPTIONS_HOSTKEYS, SSH_OPTIONS_HOSTKEYS,
			  offsetof(sshp_algos, hostkeys), "host key" },
			{ SSH_OPTIONS_CIPHERS_C_S, SSH_OPTIONS_CIPHERS_S_C,
			  offsetof(sshp_algos, ciphers), "cipher" },
			{ SSH_OPTIONS_HMAC_C_S, SSH_OPTIONS_HMAC_S_C,
			  offsetof(sshp_algos, macs), "MAC" },
		};
		char **dst[4];
		size_t i;

		dst[0] = &info->client_kex;
		dst[1] = &info->client_hostkeys;
		dst[2] = &info->client_ciphers;
		dst[3] = &info->client_macs;
		for (i = 0; i < 4; i++) {
			const char *list = *(char **)((char *)a + cat[i].field);
			char *keep = libssh_filter(scratch, cat[i].opt, list);

			*dst[i] = keep;
			if (*keep == '\0') {
				info->code = SSHP_EKEX;
				info->error = xasprintf("the wizard's SSH library "
				    "knows none of the %s algorithms your ssh "
				    "offers", cat[i].what);
				goto out;
			}
			ssh_options_set(ssh, cat[i].opt, keep);
			ssh_options_set(ssh, cat[i].opt2, keep);
		}
	}

	rc = sshp_tcp_open(ctx, &fd, &addr, &info->connect_ms, &err);
	if (rc != SSHP_OK) {
		info->code = rc;
		info->error = xstrdup(rc == SSHP_ECONNECT ? strerror(err) :
		    sshp_strerror(rc));
		goto out;
	}
	info->address = xstrdup(addr);
	ssh_options_set(ssh, SSH_OPTIONS_HOST, t->host);
	ssh_options_set(ssh, SSH_OPTIONS_PORT, &t->port);
	if (t->user != NULL)
		ssh_options_set(ssh, SSH_OPTIONS_USER, t->user);
	ssh_options_set(ssh, SSH_OPTIONS_KNOWNHOSTS, t->known_hosts);
	/* Only a safety net: the poll loop below keeps the real deadline. */
	timeout_s = (long)(probe_ctx_remaining_ms(ctx) / 1000 + 1);
	ssh_options_set(ssh, SSH_OPTIONS_TIMEOUT, &timeout_s);
	if (ssh_options_set(ssh, SSH_OPTIONS_FD, &fd) != 0) {
		info->code = SSHP_ELIBSSH;
		info->error = xstrdup(ssh_get_error(ssh));
		goto out;
	}
	ssh_set_blocking(ssh, 0);
	t0 = sw_now_ms();
	rc = sshp_drive(ctx, ssh, connect_step, ssh, SSH_AGAIN, &stopped);
	fd = -1;	/* libssh owns it from ssh_connect on */
	info->kex_ms = sw_now_ms() - t0;
	if (stopped != 0) {
		info->code = stopped;
		info->error = xstrdup(sshp_strerror(stopped));
		goto out;
	}
	if (rc != SSH_OK) {
		info->code = sshp_classify_error(ssh);
		info->error = xstrdup(ssh_get_error(ssh));
		goto out;
	}
	{
		ssh_key hk = NULL;
		char *b64 = NULL;

		if (ssh_get_server_publickey(ssh, &hk) == SSH_OK &&
		    ssh_pki_export_pubkey_base64(hk, &b64) == SSH_OK) {
			free(s->ssh_hostkey);
			s->ssh_hostkey = xstrdup(b64);
		}
		ssh_string_free_char(b64);
		ssh_key_free(hk);
	}
	s->ssh = ssh;
	s->ssh_free = session_free_cb;
	s->ssh_auth_used = 0;
	s->ssh_logged_in = 0;
	s->ssh_login_note = NULL;
	ssh = NULL;	/* transferred */
	info->code = SSHP_OK;
out:
	if (fd >= 0)
		close(fd);
	if (ssh != NULL)
		session_free_cb(ssh);
	if (scratch != NULL)
		ssh_free(scratch);
	return info->code;
}

int
sshp_session_alive(struct ssh_session_struct *ssh)
{
	int fd;
	char c;
	ssize_t n;

	if (ssh == NULL || !ssh_is_connected(ssh) ||
	    (ssh_get_status(ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0 ||
	    (fd = ssh_get_fd(ssh)) < 0)
		return 0;
	/* libssh notices a close only when it reads: look first.  sshd
	 * closes without a word when LoginGraceTime runs out. */
	n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n == 0)
		return 0;
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR)
		return 0;
	return 1;
}

struct ssh_session_struct *
sshp_session_get(sw_probe_ctx *ctx)
{
	sw_session *s = ctx->session;
	sshp_open_info info;
	char *before = NULL;
	int had = s->ssh != NULL;

	if (had && sshp_session_alive(s->ssh))
		return s->ssh;
	evidence_add(&ctx->evidence, "connection", "%s",
	    had ? "the server closed the earlier SSH connection (its "
	    "LoginGraceTime, or a pause); reconnected" :
	    "no SSH connection yet; connected");
	if (had && s->ssh_hostkey != NULL)
		before = xstrdup(s->ssh_hostkey);
	if (sshp_session_open(ctx, &info) != SSHP_OK) {
		evidence_add(&ctx->evidence, "error", "cannot set up the SSH "
		    "connection: %s", info.error ? info.error :
		    sshp_strerror(info.code));
		sshp_open_info_free(&info);
		free(before);
		return NULL;
	}
	sshp_open_info_free(&info);
	if (before != NULL && (s->ssh_hostkey == NULL ||
	    strcmp(before, s->ssh_hostkey) != 0)) {
		/* what was checked no longer holds: never go on */
		evidence_add(&ctx->evidence, "error", "after the reconnect the "
		    "server shows another host key than the one checked");
		sshp_session_drop(s);
		free(s->ssh_hostkey);
		s->ssh_hostkey = before;
		return NULL;
	}
	free(before);
	return s->ssh;
}

struct ssh_session_struct *
sshp_session_unused(sw_probe_ctx *ctx)
{
	sw_session *s = ctx->session;
	sshp_open_info info;

	if (sshp_session_get(ctx) == NULL)
		return NULL;
	if (s->ssh_auth_used == 0)
		return s->ssh;
	/* An earlier check spent login attempts on this connection. */
	evidence_add(&ctx->evidence, "connection", "reconnected: the "
	    "earlier connection has been used for logging in");
	if (sshp_session_open(ctx, &info) != SSHP_OK) {
		evidence_add(&ctx->evidence, "error", "cannot reconnect: %s",
		    info.error ? info.error : sshp_strerror(info.code));
		sshp_open_info_free(&info);
		return NULL;
	}
	sshp_open_info_free(&info);
	return s->ssh;
}

char *
sshp_methods_text(int m)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{ SSH_AUTH_METHOD_PUBLICKEY, "publickey" },
		{ SSH_AUTH_METHOD_PASSWORD, "password" },
		{ SSH_AUTH_METHOD_INTERACTIVE, "keyboard-interactive" },
		{ SSH_AUTH_METHOD_HOSTBASED, "hostbased" },
		{ SSH_AUTH_METHOD_GSSAPI_MIC, "gssapi-with-mic" },
		{ SSH_AUTH_METHOD_NONE, "none" },
	};
	sbuf b = { 0 };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (m & names[i].bit)
			sbuf_addf(&b, "%s%s", b.len ? "," : "", names[i].name);
	return b.s != NULL ? sbuf_steal(&b) : xstrdup("");
}

static int
none_step(void *arg)
{
	return ssh_userauth_none((ssh_session)arg, NULL);
}

/* The most bytes of a server's pre-login message quoted when it was cut. */
#define UNANSWERED_QUOTE_MAX 256

/* What a server sent while a request went unanswered (a hostile server may
 * send pre-login messages without end, or packets too large to take): the
 * count, and the start of its last pre-login message, so the report says
 * what was cut.  libssh keeps only the last message: memory stays bounded. */
static void
note_unanswered(sw_probe_ctx *ctx, ssh_session ssh)
{
	const struct ssh_counter_struct *in = &drive_in, *wire = &drive_wire;
	char *issue, *esc;
	size_t n;

	if (wire->in_bytes == 0)
		return;
	evidence_add(&ctx->evidence, "server_sent", "%llu bytes after the "
	    "request, %llu whole packets (%llu bytes), none of them an answer; "
	    "the rest was not read", (unsigned long long)wire->in_bytes,
	    (unsigned long long)in->in_packets,
	    (unsigned long long)in->in_bytes);
	if ((issue = ssh_get_issue_banner(ssh)) == NULL)
		return;
	n = strlen(issue);
	esc = sw_escape_bytes((const unsigned char *)issue, n,
	    UNANSWERED_QUOTE_MAX);
	evidence_add(&ctx->evidence, "server_message", "%s%s", esc,
	    n > UNANSWERED_QUOTE_MAX ? " [cut]" : "");
	evidence_add(&ctx->evidence, "server_message_bytes", "%zu", n);
	free(esc);
	ssh_string_free_char(issue);
}

int
sshp_auth_none(sw_probe_ctx *ctx, struct ssh_session_struct *ssh,
    int *methods)
{
	int rc, stopped, code;

	*methods = ssh_userauth_list(ssh, NULL);
	if (*methods != 0)
		return 0;	/* asked already on this connection */
	rc = sshp_drive(ctx, ssh, none_step, ssh, SSH_AUTH_AGAIN, &stopped);
	if (stopped != 0) {
		evidence_add(&ctx->evidence, "error", "the \"none\" request: %s",
		    sshp_strerror(stopped));
		note_unanswered(ctx, ssh);
		sshp_session_drop(ctx->session);
		return stopped;
	}
	if (rc == SSH_AUTH_SUCCESS)
		return 1;
	if (rc == SSH_AUTH_ERROR) {
		code = sshp_classify_error(ssh);
		evidence_add(&ctx->evidence, "error", "the \"none\" request "
		    "failed: %s", ssh_get_error(ssh));
		note_unanswered(ctx, ssh);
		sshp_session_drop(ctx->session);
		return code;
	}
	*methods = ssh_userauth_list(ssh, NULL);
	return 0;
}

/* ------------------------------------------------------ the raw KEXINIT */

/* Sends all of p; returns 0 or an SSHP_E* code. */
static int
send_all(sw_probe_ctx *ctx, int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			int r = sshp_fd_wait(ctx, fd, POLLOUT);

			if (r < 0)
				return r;
			continue;
		}
		if (w < 0)
			return errno == ECONNRESET ? SSHP_ERESET : SSHP_ECLOSED;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads up to cap bytes; returns the count, or an SSHP_E* code (SSHP_ECLOSED
 * at end of file). */
static long
recv_some(sw_probe_ctx *ctx, int fd, unsigned char *buf, size_t cap)
{
	for (;;) {
		ssize_t n = recv(fd, buf, cap, 0);
		int r;

		if (n > 0)
			return (long)n;
		if (n == 0)
			return SSHP_ECLOSED;
		if (errno == ECONNRESET)
			return SSHP_ERESET;
		if (errno != EAGAIN && errno != EINTR)
			return SSHP_ECLOSED;
		if ((r = sshp_fd_wait(ctx, fd, POLLIN)) < 0)
			return r;
	}
}

int
sshp_packet_read(sw_probe_ctx *ctx, int fd, const unsigned char *pre,
    size_t n_pre, int64_t until_ms, unsigned char **pktp, size_t *lenp)
{
	unsigned char *pkt = xmalloc(SSHP_PACKET_MAX + 4), buf[4096];
	size_t have = 0, need = 4;
	int rc = SSHP_OK;

	*pktp = NULL;
	*lenp = 0;
	for (;;) {
		const unsigned char *p = pre;
		size_t n = n_pre, off = 0;

		while (off < n && have < need) {
			size_t take = n - off;

			if (take > need - have)
				take = need - have;
			memcpy(pkt + have, p + off, take);
			have += take;
			off += take;
			if (have == 4 && need == 4) {
				uint32_t plen = (uint32_t)pkt[0] << 24 |
				    (uint32_t)pkt[1] << 16 |
				    (uint32_t)pkt[2] << 8 | pkt[3];

				if (plen < 2 || plen > SSHP_PACKET_MAX) {
					rc = SSHP_EPROTO;
					goto out;
				}
				need = 4 + plen;
			}
		}
		if (have >= need)
			break;
		for (;;) {
			ssize_t got = recv(fd, buf, sizeof(buf), 0);
			int r;

			if (got > 0) {
				pre = buf;
				n_pre = (size_t)got;
				break;
			}
			if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
				rc = got == 0 || errno != ECONNRESET ?
				    SSHP_ECLOSED : SSHP_ERESET;
				goto out;
			}
			if ((r = fd_wait_until(ctx, fd, POLLIN, until_ms)) < 0) {
				rc = r;
				goto out;
			}
		}
	}
	*pktp = pkt;
	*lenp = have;
	pkt = NULL;
out:
	free(pkt);
	return rc;
}

int
sshp_kexinit_fetch(sw_probe_ctx *ctx, sshp_kexinit *k)
{
	static const char ident[] = "SSH-2.0-sshwizard_" PACKAGE_VERSION "\r\n";
	unsigned char *pkt = NULL, buf[4096];
	size_t len = 0, used = 0;
	sshp_banner b;
	const char *addr;
	int64_t cms;
	int fd = -1, err, rc;
	long n = 0;

	memset(k, 0, sizeof(*k));
	if ((rc = sshp_tcp_open(ctx, &fd, &addr, &cms, &err)) != SSHP_OK)
		return rc;
	if ((rc = send_all(ctx, fd, ident, sizeof(ident) - 1)) != 0)
		goto out;
	sshp_banner_init(&b);
	while (b.state == SSHP_BANNER_MORE) {
		if ((n = recv_some(ctx, fd, buf, sizeof(buf))) < 0) {
			rc = (int)n;
			goto out;
		}
		sshp_banner_feed(&b, buf, (size_t)n, &used);
	}
	if (b.state != SSHP_BANNER_SSH) {
		rc = SSHP_EPROTO;
		goto out;
	}
	/* What came after the identification line starts the packet. */
	if ((rc = sshp_packet_read(ctx, fd, buf + used, (size_t)n - used, -1,
	    &pkt, &len)) != SSHP_OK)
		goto out;
	rc = sshp_kexinit_parse(pkt, len, k) == 0 ? SSHP_OK : SSHP_EPROTO;
out:
	free(pkt);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* ------------------------------------------------------------- the agent */

int
sshp_agent_list(sw_probe_ctx *ctx, const char *sock, sshp_agent_keys *k,
    char **errp)
{
	static const char req[] = { 0, 0, 0, 1, 11 };	/* REQUEST_IDENTITIES */
	struct sockaddr_un sun;
	unsigned char len[4], *body = NULL;
	size_t have = 0, need = 4;
	uint32_t blen = 0;
	int fd = -1, rc = -1;
	long n;

	memset(k, 0, sizeof(*k));
	*errp = NULL;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(sock) >= sizeof(sun.sun_path)) {
		*errp = xstrdup("the agent socket path is too long");
		return -1;
	}
	memcpy(sun.sun_path, sock, strlen(sock));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		*errp = xasprintf("cannot connect to the agent: %s",
		    strerror(errno));
		goto out;
	}
	if (send_all(ctx, fd, req, sizeof(req)) != 0) {
		*errp = xstrdup("the agent closed the connection");
		goto out;
	}
	while (have < need) {
		unsigned char *dst = need == 4 ? len + have : body + have - 4;

		n = recv_some(ctx, fd, dst, need - have);
		if (n < 0) {
			*errp = xasprintf("no answer from the agent: %s",
			    sshp_strerror((int)n));
			goto out;
		}
		have += (size_t)n;
		if (have == 4 && need == 4) {
			blen = (uint32_t)len[0] << 24 | (uint32_t)len[1] << 16 |
			    (uint32_t)len[2] << 8 | len[3];
			if (blen == 0 || blen > AGENT_ANSWER_MAX) {
				*errp = xstrdup("the agent's answer is too "
				    "large or empty");
				goto out;
			}
			body = xmalloc(blen);
			need = 4 + blen;
		}
	}
	if (sshp_agent_parse(body, blen, k) != 0) {
		*errp = xstrdup("the agent's answer is malformed");
		goto out;
	}
	rc = 0;
out:
	free(body);
	if (fd >= 0)
		close(fd);
	return rc;
}
