/* jump.next: the path through jump hosts, as `ssh -J` takes it.
 *
 * The walk checks the first hop like a direct target (name, route, port,
 * banner, key exchange, host key, login).  Once logged in there, jump.next
 * asks that hop to open a direct-tcpip channel to the next one (what
 * `ssh -W host:port` does): a channel that opens means the next hop's port
 * answers from the jump host; a refusal says why (the jump host forbids
 * forwarding: "administratively prohibited", or its connection to the next
 * hop was refused, found no route, or got no answer).  Then the walk moves
 * to the next hop (session->hop) and checks it again from the banner on;
 * every SSH-level probe then reaches it through a new channel of the jump
 * host (sshp_tcp_open calls sshp_jump_connect), bridged to a local socket
 * by a pump thread, so libssh runs over it unchanged.
 *
 * The logged-in sessions of the hops passed stay open in the session's
 * jump chain until the walk goes back before them or ends. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libssh/libssh.h>

/* The most hops a chain holds (ssh -J allows a few; the target resolution
 * stops at 8). */
#define JUMP_MAX 16
/* The most channels bridged through one chain in one diagnosis. */
#define MAX_PUMPS 32
/* Bytes moved at once by a pump. */
#define PUMP_BUF 16384

/* One bridged channel: a pump thread copies between the channel and our
 * end of a socket pair; the other end is the next hop's "TCP connection". */
typedef struct pump {
	pthread_t thread;
	ssh_channel ch;
	int fd;			/* our end of the socket pair */
	atomic_int stop;
	atomic_int done;
	struct jump_chain *chain;
} pump;

/* The logged-in sessions of the hops passed, the last one forwarding. */
typedef struct jump_chain {
	ssh_session hops[JUMP_MAX];
	size_t n;
	pthread_mutex_t mu;	/* one thread at a time in libssh */
	pump *pumps[MAX_PUMPS];
	size_t n_pumps;
} jump_chain;

/* Stops every pump (the sessions reading through them are dropped with
 * them) and keeps only the first keep hops. */
static void
chain_truncate(jump_chain *c, size_t keep)
{
	size_t i;

	for (i = 0; i < c->n_pumps; i++)
		atomic_store(&c->pumps[i]->stop, 1);
	for (i = 0; i < c->n_pumps; i++) {
		pump *pm = c->pumps[i];

		pthread_join(pm->thread, NULL);
		if (pm->ch != NULL) {
			ssh_channel_close(pm->ch);
			ssh_channel_free(pm->ch);
		}
		if (pm->fd >= 0)
			close(pm->fd);
		free(pm);
	}
	c->n_pumps = 0;
	for (i = c->n; i > keep; i--) {
		ssh_silent_disconnect(c->hops[i - 1]);
		ssh_free(c->hops[i - 1]);
		c->hops[i - 1] = NULL;
	}
	if (c->n > keep)
		c->n = keep;
}

static void
chain_free(void *p)
{
	jump_chain *c = p;

	if (c == NULL)
		return;
	chain_truncate(c, 0);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* Back to hop (the walk went back before a jump): the sessions of the
 * hops after it go, hop's own logged-in session stays when the chain
 * holds it, and the connection to hop is new. */
static void
chain_rewind(sw_session *s, int hop)
{
	jump_chain *c = s->jump;

	sshp_session_drop(s);
	if (c != NULL)
		chain_truncate(c, (size_t)hop + 1);
	s->hop = hop;
	free(s->banner);
	s->banner = NULL;
	free(s->kexinit);
	s->kexinit = NULL;
	session_set_addrs(s, NULL, 0);
	s->resolved = 0;
}

static jump_chain *
chain_get(sw_session *s)
{
	jump_chain *c = s->jump;

	if (c == NULL) {
		c = xcalloc(1, sizeof(*c));
		pthread_mutex_init(&c->mu, NULL);
		s->jump = c;
		s->jump_free = chain_free;
		s->jump_rewind = chain_rewind;
	}
	return c;
}

/* Copies between the channel and the socket until either side ends. */
static void *
pump_thread(void *arg)
{
	pump *pm = arg;
	jump_chain *c = pm->chain;
	char *buf = xmalloc(PUMP_BUF);
	char *pend = NULL;	/* bytes read from fd not yet written */
	size_t pend_len = 0, pend_off = 0;
	int eof_sent = 0;

	while (!atomic_load(&pm->stop)) {
		struct pollfd p = { .fd = pm->fd, .events = POLLIN };
		int n, progress = 0;

		/* channel -> socket */
		pthread_mutex_lock(&c->mu);
		n = ssh_channel_read_nonblocking(pm->ch, buf, PUMP_BUF, 0);
		if (n == SSH_ERROR || (n == 0 && ssh_channel_is_eof(pm->ch))) {
			pthread_mutex_unlock(&c->mu);
			break;
		}
		pthread_mutex_unlock(&c->mu);
		if (n > 0) {
			ssize_t off = 0;

			progress = 1;
			while (off < n && !atomic_load(&pm->stop)) {
				ssize_t w = write(pm->fd, buf + off,
				    (size_t)(n - off));

				if (w > 0)
					off += w;
				else if (w < 0 && errno != EAGAIN &&
				    errno != EINTR)
					goto out;
				else {
					struct pollfd q = { pm->fd, POLLOUT, 0 };

					poll(&q, 1, 20);
				}
			}
		}
		/* socket -> channel */
		if (pend_len == 0 && !eof_sent && poll(&p, 1, progress ? 0 : 10) > 0) {
			ssize_t r = read(pm->fd, buf, PUMP_BUF);

			if (r == 0 || (r < 0 && errno != EAGAIN &&
			    errno != EINTR)) {
				pthread_mutex_lock(&c->mu);
				ssh_channel_send_eof(pm->ch);
				pthread_mutex_unlock(&c->mu);
				eof_sent = 1;
				/* the libssh session on our side is gone */
				break;
			}
			if (r > 0) {
				free(pend);
				pend = xmalloc((size_t)r);
				memcpy(pend, buf, (size_t)r);
				pend_len = (size_t)r;
				pend_off = 0;
			}
		}
		if (pend_len > 0) {
			int w;

			pthread_mutex_lock(&c->mu);
			w = ssh_channel_write(pm->ch, pend + pend_off,
			    (uint32_t)(pend_len - pend_off));
			pthread_mutex_unlock(&c->mu);
			if (w == SSH_ERROR)
				break;
			if (w > 0) {
				pend_off += (size_t)w;
				if (pend_off >= pend_len)
					pend_len = pend_off = 0;
			} else
				poll(NULL, 0, 5);
		}
	}
out:
	free(pend);
	free(buf);
	/* Our end closes: the next hop's libssh session sees the end. */
	shutdown(pm->fd, SHUT_RDWR);
	atomic_store(&pm->done, 1);
	return NULL;
}

/* The reason code in libssh's "Channel opening failure: channel N error
 * (CODE) TEXT", or 0. */
static int
open_failure_code(const char *err, const char **text)
{
	const char *p = err ? strstr(err, "error (") : NULL;
	char *end;
	long code;

	*text = err ? err : "";
	if (p == NULL)
		return 0;
	code = strtol(p + 7, &end, 10);
	if (end == p + 7 || *end != ')')
		return 0;
	if (end[1] == ' ')
		*text = end + 2;
	return code > 0 && code < 100 ? (int)code : 0;
}

typedef struct open_arg {
	ssh_channel ch;
	const char *host;
	int port;
} open_arg;

static int
open_step(void *arg)
{
	open_arg *o = arg;

	return ssh_channel_open_forward(o->ch, o->host, o->port, "127.0.0.1",
	    0);
}

/* Opens a direct-tcpip channel from the chain's hop via to host:port,
 * with the probe's deadline.  Returns the channel, or NULL with *code set
 * (the SSH reason code, 0 for none) and *why (owned by libssh or static;
 * copy it before the next libssh call), or SSHP_ETIME/SSHP_ECANCEL in
 * *stopped. */
static ssh_channel
chain_open(sw_probe_ctx *ctx, jump_chain *c, size_t via, const char *host,
    int port, int *code, char **why, int *stopped)
{
	ssh_session js = c->hops[via];
	open_arg o = { NULL, host, port };
	int rc;
	const char *text;

	*code = 0;
	*why = NULL;
	*stopped = 0;
	pthread_mutex_lock(&c->mu);
	o.ch = ssh_channel_new(js);
	pthread_mutex_unlock(&c->mu);
	if (o.ch == NULL) {
		*why = xstrdup("cannot create a channel");
		return NULL;
	}
	/* sshp_drive polls the socket between steps; the lock is taken for
	 * each step only, so pumps of other channels keep moving. */
	for (;;) {
		pthread_mutex_lock(&c->mu);
		rc = open_step(&o);
		pthread_mutex_unlock(&c->mu);
		if (rc != SSH_AGAIN)
			break;
		if (probe_ctx_should_stop(ctx)) {
			*stopped = probe_ctx_cancelled(ctx) ? SSHP_ECANCEL :
			    SSHP_ETIME;
			break;
		}
		poll(NULL, 0, 10);
	}
	if (rc == SSH_OK)
		return o.ch;
	pthread_mutex_lock(&c->mu);
	if (*stopped == 0) {
		*code = open_failure_code(ssh_get_error(js), &text);
		*why = xstrdup(text);
	}
	ssh_channel_free(o.ch);
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

int
sshp_jump_connect(sw_probe_ctx *ctx, int *fdp, int *err)
{
	sw_session *s = ctx->session;
	jump_chain *c = s->jump;
	const sw_target *t = ctx->target;
	ssh_channel ch;
	int sv[2], code, stopped, rc;
	char *why = NULL;
	pump *pm;

	*fdp = -1;
	*err = 0;
	if (c == NULL || s->hop < 1 || c->n < (size_t)s->hop ||
	    c->n_pumps == MAX_PUMPS)
		return SSHP_ENOADDR;
	ch = chain_open(ctx, c, (size_t)s->hop - 1, t->host, t->port, &code,
	    &why, &stopped);
	if (ch == NULL) {
		evidence_add(&ctx->evidence, "jump_error", "%s", why ? why :
		    sshp_strerror(stopped));
		free(why);
		*err = ECONNREFUSED;
		return stopped ? stopped : SSHP_ECONNECT;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		*err = errno;
		pthread_mutex_lock(&c->mu);
		ssh_channel_close(ch);
		ssh_channel_free(ch);
		pthread_mutex_unlock(&c->mu);
		return SSHP_ECONNECT;
	}
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	pm = xcalloc(1, sizeof(*pm));
	pm->ch = ch;
	pm->fd = sv[1];
	pm->chain = c;
	atomic_init(&pm->stop, 0);
	atomic_init(&pm->done, 0);
	if ((rc = pthread_create(&pm->thread, NULL, pump_thread, pm)) != 0) {
		pthread_mutex_lock(&c->mu);
		ssh_channel_close(ch);
		ssh_channel_free(ch);
		pthread_mutex_unlock(&c->mu);
		close(sv[0]);
		close(sv[1]);
		free(pm);
		*err = rc;
		return SSHP_ECONNECT;
	}
	c->pumps[c->n_pumps++] = pm;
	*fdp = sv[0];
	return SSHP_OK;
}

/* ---------------------------------------------------------------- probe */

static const sw_outcome outcomes[] = {
	{ "opened", SW_STATE_PASS,
	  N_("the jump host opened a connection to the next host") },
	{ "last", SW_STATE_INFO, N_("no further jump host: this is the target") },
	{ "prohibited", SW_STATE_FAIL,
	  N_("the jump host refuses to forward connections") },
	{ "refused", SW_STATE_FAIL,
	  N_("the next host refused the jump host's connection") },
	{ "unreachable", SW_STATE_FAIL,
	  N_("the jump host cannot reach the next host") },
	{ "timeout", SW_STATE_FAIL,
	  N_("the next host did not answer the jump host in time") },
	{ "failed", SW_STATE_FAIL,
	  N_("the jump host could not open the connection") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

/* What the jump host's refusal reason means. */
static const char *
refusal_outcome(int code, const char *why)
{
	if (code == 1)		/* SSH_OPEN_ADMINISTRATIVELY_PROHIBITED */
		return "prohibited";
	if (strstr(why, "refused") != NULL)
		return "refused";
	if (strstr(why, "timed out") != NULL)
		return "timeout";
	if (strstr(why, "unreachable") != NULL ||
	    strstr(why, "No route") != NULL ||
	    strstr(why, "not known") != NULL ||
	    strstr(why, "resolve") != NULL)
		return "unreachable";
	return "failed";
}

/* The jump host as ssh names a destination, and the next host, for the
 * evidence and the suggested commands. */
static void
jump_record(sw_probe_ctx *ctx, const sw_target *jh, const sw_target *next)
{
	int v6 = strchr(jh->host, ':') != NULL, nv6 = strchr(next->host, ':') !=
	    NULL;

	evidence_add(&ctx->evidence, "jump_host", "ssh://%s%s%s%s%s:%d",
	    jh->user ? jh->user : "", jh->user ? "@" : "", v6 ? "[" : "",
	    jh->host, v6 ? "]" : "", jh->port);
	evidence_add(&ctx->evidence, "next_host", "%s%s%s:%d", nv6 ? "[" : "",
	    next->host, nv6 ? "]" : "", next->port);
	evidence_add(&ctx->evidence, "next_hostname", "%s", next->host);
	evidence_add(&ctx->evidence, "next_port", "%d", next->port);
}

/* The walk moves on to the next hop: everything known about the
 * connection is new. */
static void
hop_advance(sw_session *s)
{
	s->hop++;
	free(s->banner);
	s->banner = NULL;
	free(s->kexinit);
	s->kexinit = NULL;
	free(s->addrs);
	s->addrs = NULL;
	s->n_addrs = 0;
	s->resolved = 0;
	s->open_addr = -1;
	s->ssh_auth_used = 0;
	s->ssh_logged_in = 0;
	s->ssh_login_note = NULL;
}

static const char *
jump_next_run(sw_probe_ctx *ctx)
{
	sw_session *s = ctx->session;
	const sw_target *root = ctx->root;
	const sw_target *next;
	jump_chain *c;
	ssh_channel ch;
	char *why = NULL;
	int code, stopped;
	int64_t t0;
	const char *res;

	sshp_quiet();
	if (root == NULL || (size_t)s->hop >= root->n_hops)
		return "last";
	next = (size_t)s->hop + 1 < root->n_hops ? root->hops[s->hop + 1] :
	    root;
	jump_record(ctx, ctx->target, next);
	c = chain_get(s);
	if (c->n == (size_t)s->hop + 1) {
		/* Back here after going further: the chain holds this hop's
		 * logged-in session already. */
		sshp_session_drop(s);
	} else if (c->n != (size_t)s->hop || c->n == JUMP_MAX ||
	    s->ssh == NULL || !s->ssh_logged_in || !ssh_is_connected(s->ssh)) {
		evidence_add(&ctx->evidence, "error", "%s",
		    "no logged-in connection to the jump host");
		return "error";
	} else {
		/* The logged-in session moves into the chain: it forwards
		 * from now on, and the next hop's checks start anew. */
		c->hops[c->n++] = s->ssh;
		s->ssh = NULL;
		s->ssh_free = NULL;
	}
	t0 = sw_now_ms();
	ch = chain_open(ctx, c, (size_t)s->hop, next->host, next->port, &code,
	    &why, &stopped);
	evidence_add(&ctx->evidence, "channel_ms", "%lld",
	    (long long)(sw_now_ms() - t0));
	if (ch == NULL) {
		if (stopped) {
			res = stopped == SSHP_ETIME ? "timeout" : "error";
			evidence_add(&ctx->evidence, "jump_error", "%s",
			    stopped == SSHP_ETIME ? "no answer in time" :
			    "cancelled");
		} else {
			res = refusal_outcome(code, why ? why : "");
			static const char *const reasons[] = { "",
				"administratively prohibited", "connect failed",
				"unknown channel type", "resource shortage" };

			evidence_add(&ctx->evidence, "jump_error",
			    "open failed: %s (reason %d): %s", code > 0 &&
			    code < 5 ? reasons[code] : "other reason", code,
			    why ? why : "");
		}
		free(why);
		/* A failure behind the jump host is about the next hop: the
		 * verdict names it.  A jump host that forbids forwarding is
		 * about itself. */
		if (strcmp(res, "prohibited") != 0 && strcmp(res, "error") != 0)
			hop_advance(s);
		return res;
	}
	pthread_mutex_lock(&c->mu);
	ssh_channel_close(ch);
	ssh_channel_free(ch);
	pthread_mutex_unlock(&c->mu);
	hop_advance(s);
	return "opened";
}

/* The evidence keys this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"jump_host", "next_host", "next_hostname", "next_port", "channel_ms",
	"jump_error", "error", NULL,
};

const sw_probe_def probe_jump_next = {
	.name = "jump.next",
	.title = N_("Go through the jump host to the next host"),
	.outcomes = outcomes,
	.run = jump_next_run,
	.evidence = evidence_keys,
};
