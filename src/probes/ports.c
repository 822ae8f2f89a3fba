/* port.alternatives: when the SSH port refuses or drops connections, does an
 * SSH server answer on another port, and does the host answer at all?
 *
 * Connects, all at once with non-blocking sockets, to the usual other SSH
 * ports (22 when the target port is not 22, then 2222, 10022, 22222, 8022,
 * 2200) and reads what each one says first, as RFC 4253 section 4.2 allows
 * (lines before the identification string, 255 bytes a line at most).  Once
 * any port has answered, the others get a grace of a few round trips (at
 * least half a second) and are then counted as dropped, so a host that
 * answers is never waited on until the deadline.  When no port has answered after a
 * moment, the target port is tried once more, only to learn whether and how
 * fast this host answers at all (not at once: a firewall's ICMP replies are
 * rate-limited, and the other ports need them more).
 *
 * The outcome speaks only of the other ports; the evidence names the port
 * where SSH answers (ssh_port) and every port that answered.  The probe
 * reads only the target and the session's addresses, so it may run ahead of
 * the walk. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_ADDRS 4
#define MAX_PORTS 8
#define MAX_SLOTS (MAX_ADDRS * MAX_PORTS)
/* RFC 4253: a line is at most 255 bytes with its CR LF; a few lines may
 * come before the identification string.  Read no more than this. */
#define BANNER_LINE_MAX 255
#define BANNER_READ_MAX 1024
/* How long ports still silent get once the host has answered elsewhere,
 * and how long an open port gets to send its first line. */
#define GRACE_MIN_MS 500
#define BANNER_WAIT_MS 1500
/* After SSH is found, how long better-placed ports still get. */
#define SETTLE_MS 200
/* When the target port is tried again if nothing has answered yet. */
#define YARDSTICK_DELAY_MS 200

static const sw_outcome outcomes[] = {
	{ "ssh_elsewhere", SW_STATE_INFO,
	    N_("an SSH server answers on another port") },
	{ "host_answers", SW_STATE_INFO,
	    N_("the host answers on other ports, but no SSH server there") },
	{ "unreachable", SW_STATE_INFO,
	    N_("the other ports are unreachable too") },
	{ "host_silent", SW_STATE_INFO, N_("no other port answers at all") },
	{ "unchecked", SW_STATE_UNCHECKED,
	    N_("the other ports could not be checked") },
	{ NULL, 0, NULL },
};

/* The ports people move SSH to, in the order they are named. */
static const int common_ports[] = { 22, 2222, 10022, 22222, 8022, 2200 };

/* Results, worst to best: a port's result is the best over its addresses. */
typedef enum { P_ERROR, P_FILTERED, P_UNREACH, P_REFUSED, P_OPEN,
	P_SSH } presult;

static const char *const presult_names[] = { "error", "filtered",
	"unreachable", "refused", "open (not SSH)", "ssh" };

typedef enum { S_IDLE, S_CONNECTING, S_READING, S_DONE } sstate;

typedef struct slot {
	size_t port_i;		/* index into the port list */
	size_t addr_i;
	int fd;
	sstate state;
	presult result;
	int err;
	int64_t started;
	int64_t answered;	/* when connect() finished, or 0 */
	char buf[BANNER_READ_MAX + 1];
	size_t len;
	char *banner;		/* the SSH identification line, escaped */
	char *first_bytes;	/* what a non-SSH service sent, escaped */
} slot;

static presult
connect_result(int err)
{
	switch (err) {
	case 0:
		return P_OPEN;
	case ECONNREFUSED:
		return P_REFUSED;
	case ETIMEDOUT:
		return P_FILTERED;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EHOSTDOWN:
	case EACCES:
	case EPERM:
		return P_UNREACH;
	default:
		return P_ERROR;
	}
}

static void
slot_close(slot *sl, presult r)
{
	if (sl->fd >= 0)
		close(sl->fd);
	sl->fd = -1;
	sl->state = S_DONE;
	sl->result = r;
}

/* Looks at what the port sent so far.  Returns 1 when it is decided: an
 * identification line (P_SSH), or too much without one (P_OPEN). */
static int
banner_decide(slot *sl, int closed)
{
	size_t start = 0, i;

	for (i = 0; i < sl->len; i++) {
		if (sl->buf[i] != '\n')
			continue;
		if (i - start + 1 <= BANNER_LINE_MAX &&
		    strncmp(sl->buf + start, "SSH-", 4) == 0) {
			size_t end = i;

			if (end > start && sl->buf[end - 1] == '\r')
				end--;
			sl->banner = sw_escape_bytes((unsigned char *)sl->buf +
			    start, end - start, BANNER_LINE_MAX);
			slot_close(sl, P_SSH);
			return 1;
		}
		start = i + 1;
	}
	/* An identification line without its end, when nothing more comes. */
	if (closed && sl->len - start >= 4 &&
	    strncmp(sl->buf + start, "SSH-", 4) == 0) {
		sl->banner = sw_escape_bytes((unsigned char *)sl->buf + start,
		    sl->len - start, BANNER_LINE_MAX);
		slot_close(sl, P_SSH);
		return 1;
	}
	if (closed || sl->len >= BANNER_READ_MAX ||
	    sl->len - start > BANNER_LINE_MAX) {
		if (sl->len > 0)
			sl->first_bytes = sw_escape_bytes(
			    (unsigned char *)sl->buf, sl->len, 48);
		slot_close(sl, P_OPEN);
		return 1;
	}
	return 0;
}

static void
slot_read(slot *sl)
{
	ssize_t r;

	while (sl->state == S_READING) {
		r = recv(sl->fd, sl->buf + sl->len, BANNER_READ_MAX - sl->len, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r <= 0) {
			/* Closed or reset after the handshake: open, not SSH
			 * (unless a whole line came first). */
			banner_decide(sl, 1);
			return;
		}
		sl->len += (size_t)r;
		sl->buf[sl->len] = '\0';
		if (banner_decide(sl, 0))
			return;
	}
}

static void
slot_connected(slot *sl, int err, int64_t now)
{
	sl->answered = now;
	sl->err = err;
	if (err != 0) {
		slot_close(sl, connect_result(err));
		return;
	}
	sl->state = S_READING;
	slot_read(sl);
}

/* Starts a connection to addr on port. */
static void
slot_start(slot *sl, const sw_addr *addr, int port)
{
	struct sockaddr_storage sa = addr->sa;

	sl->fd = -1;
	sl->state = S_CONNECTING;
	sl->started = sw_now_ms();
	if (sa.ss_family == AF_INET)
		((struct sockaddr_in *)&sa)->sin_port = htons((uint16_t)port);
	else if (sa.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&sa)->sin6_port = htons((uint16_t)port);
	else {
		sl->err = EAFNOSUPPORT;
		slot_close(sl, P_ERROR);
		return;
	}
	sl->fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (sl->fd < 0) {
		sl->err = errno;
		slot_close(sl, P_ERROR);
		return;
	}
	if (connect(sl->fd, (struct sockaddr *)&sa, addr->len) == 0)
		slot_connected(sl, 0, sw_now_ms());
	else if (errno != EINPROGRESS)
		slot_connected(sl, errno, sw_now_ms());
}

/* The port list: the target port first (only a yardstick), then the
 * common ones that differ from it. */
static size_t
ports_list(int target_port, int *ports)
{
	size_t n = 0, i;

	ports[n++] = target_port;
	for (i = 0; i < sizeof(common_ports) / sizeof(common_ports[0]); i++)
		if (common_ports[i] != target_port && n < MAX_PORTS)
			ports[n++] = common_ports[i];
	return n;
}

static const char *
port_alternatives_run(sw_probe_ctx *ctx)
{
	const sw_session *s = ctx->session;
	sw_addr *own = NULL;
	const sw_addr *addrs = s->addrs;
	size_t n_addrs = s->n_addrs, n_ports, n_slots = 0, i, k;
	int ports[MAX_PORTS];
	slot *sl = NULL;
	int64_t first_answer = 0, max_rtt = 0, ssh_found = 0, begin;
	presult best[MAX_PORTS];
	size_t best_slot[MAX_PORTS];
	const char *outcome = "unchecked";
	int any_ssh = 0, any_answer = 0, any_unreach = 0, all_error = 1;
	sbuf answering = { 0 }, refusing = { 0 };

	if (!s->resolved || n_addrs == 0) {
		if (probe_resolve(ctx, ctx->target->host, ctx->target->port,
		    &own, &n_addrs) != 0 || n_addrs == 0) {
			evidence_add(&ctx->evidence, "error",
			    "the host name did not resolve");
			goto out;
		}
		addrs = own;
	}
	if (n_addrs > MAX_ADDRS)
		n_addrs = MAX_ADDRS;
	n_ports = ports_list(ctx->target->port, ports);
	sl = xcalloc(MAX_SLOTS, sizeof(*sl));
	for (i = 0; i < n_ports; i++)
		for (k = 0; k < n_addrs; k++) {
			sl[n_slots].port_i = i;
			sl[n_slots].addr_i = k;
			sl[n_slots].fd = -1;
			sl[n_slots].state = S_IDLE;
			if (i > 0)
				slot_start(&sl[n_slots], &addrs[k], ports[i]);
			n_slots++;
		}

	begin = sw_now_ms();
	for (;;) {
		struct pollfd pfd[MAX_SLOTS];
		int64_t now = sw_now_ms(), wait = 50, grace, banner_wait;
		size_t ssh_at = MAX_PORTS;	/* best-placed port with SSH */
		int pending = 0, better_pending = 0;

		/* What the host has told so far sets how long to wait. */
		for (i = 0; i < n_slots; i++) {
			if (sl[i].answered && sl[i].result != P_ERROR) {
				int64_t rtt = sl[i].answered - sl[i].started;

				if (first_answer == 0 ||
				    sl[i].answered < first_answer)
					first_answer = sl[i].answered;
				if (rtt > max_rtt)
					max_rtt = rtt;
			}
			if (sl[i].result == P_SSH && sl[i].state == S_DONE &&
			    sl[i].port_i > 0 && sl[i].port_i < ssh_at)
				ssh_at = sl[i].port_i;
		}
		/* Nothing heard yet: ask the target port again. */
		if (first_answer == 0 && now - begin >= YARDSTICK_DELAY_MS)
			for (i = 0; i < n_slots; i++)
				if (sl[i].state == S_IDLE)
					slot_start(&sl[i], &addrs[sl[i].addr_i],
					    ports[sl[i].port_i]);
		grace = 4 * max_rtt > GRACE_MIN_MS ? 4 * max_rtt : GRACE_MIN_MS;
		banner_wait = 4 * max_rtt > BANNER_WAIT_MS ? 4 * max_rtt :
		    BANNER_WAIT_MS;
		for (i = 0; i < n_slots; i++) {
			if (sl[i].state == S_CONNECTING && first_answer &&
			    now - first_answer >= grace) {
				sl[i].err = ETIMEDOUT;
				slot_close(&sl[i], P_FILTERED);
			} else if (sl[i].state == S_READING &&
			    now - sl[i].answered >= banner_wait)
				banner_decide(&sl[i], 1);
			/* The target port is only a yardstick: nobody waits
			 * for it. */
			if (sl[i].state != S_DONE && sl[i].port_i > 0) {
				pending++;
				better_pending |= sl[i].port_i < ssh_at;
			}
		}
		if (ssh_at < MAX_PORTS) {
			/* SSH found: better-placed ports get a little longer
			 * to answer, the others are not waited for. */
			if (ssh_found == 0)
				ssh_found = now;
			if (!better_pending || now - ssh_found >= SETTLE_MS)
				break;
		}
		if (pending == 0 || probe_ctx_should_stop(ctx))
			break;
		if (probe_ctx_remaining_ms(ctx) < wait)
			wait = probe_ctx_remaining_ms(ctx);
		for (i = 0; i < n_slots; i++) {
			pfd[i].fd = sl[i].fd;
			pfd[i].events = sl[i].state == S_CONNECTING ? POLLOUT :
			    POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, n_slots, (int)wait) <= 0)
			continue;
		now = sw_now_ms();
		for (i = 0; i < n_slots; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			if (sl[i].state == S_CONNECTING) {
				int e = 0;
				socklen_t el = sizeof(e);

				getsockopt(sl[i].fd, SOL_SOCKET, SO_ERROR, &e,
				    &el);
				slot_connected(&sl[i], e, now);
			} else if (sl[i].state == S_READING)
				slot_read(&sl[i]);
		}
	}
	if (probe_ctx_cancelled(ctx)) {
		evidence_add(&ctx->evidence, "error", "cancelled");
		goto out;
	}
	/* Whatever is still on the way: silent, or open without a banner. */
	for (i = 0; i < n_slots; i++) {
		if (sl[i].state == S_IDLE)
			continue;
		if (sl[i].state == S_CONNECTING) {
			sl[i].err = ETIMEDOUT;
			slot_close(&sl[i], P_FILTERED);
		} else if (sl[i].state == S_READING)
			banner_decide(&sl[i], 1);
	}

	/* Each port's best result over its addresses. */
	for (i = 0; i < n_ports; i++) {
		best_slot[i] = (size_t)-1;
		for (k = 0; k < n_slots; k++)
			if (sl[k].port_i == i && (best_slot[i] == (size_t)-1 ||
			    sl[k].result > sl[best_slot[i]].result))
				best_slot[i] = k;
		best[i] = sl[best_slot[i]].result;
	}
	for (i = 0; i < n_ports; i++) {
		const slot *b = &sl[best_slot[i]];
		const char *addr = addrs[b->addr_i].text;
		int64_t ms = (b->answered ? b->answered : sw_now_ms()) -
		    b->started;
		const char *role = i == 0 ? " (the target port, again)" : "";

		if (b->state == S_IDLE) {
			evidence_add(&ctx->evidence, "port", "%d (the target "
			    "port): not tried again, other ports answered",
			    ports[i]);
			continue;
		}
		switch (best[i]) {
		case P_SSH:
			evidence_add(&ctx->evidence, "port", "%d%s: SSH on %s "
			    "in %lld ms: %s", ports[i], role, addr,
			    (long long)ms, b->banner);
			break;
		case P_OPEN:
			evidence_add(&ctx->evidence, "port", "%d%s: open on %s, "
			    "not SSH%s%s", ports[i], role, addr,
			    b->first_bytes ? "; first bytes: " : " (sent "
			    "nothing)", b->first_bytes ? b->first_bytes : "");
			break;
		case P_FILTERED:
			if (i == 0 && b->answered == 0 && ms < GRACE_MIN_MS)
				evidence_add(&ctx->evidence, "port", "%d%s: no "
				    "answer yet after %lld ms (not waited for)",
				    ports[i], role, (long long)ms);
			else
				evidence_add(&ctx->evidence, "port", "%d%s: no "
				    "answer (filtered) after %lld ms", ports[i],
				    role, (long long)ms);
			break;
		default:
			evidence_add(&ctx->evidence, "port", "%d%s: %s (%s) in "
			    "%lld ms", ports[i], role, presult_names[best[i]],
			    strerror(b->err), (long long)ms);
			break;
		}
		if (i == 0)
			continue;
		all_error &= best[i] == P_ERROR;
		any_unreach |= best[i] == P_UNREACH;
		if (best[i] == P_SSH && !any_ssh) {
			any_ssh = 1;
			evidence_add(&ctx->evidence, "ssh_port", "%d", ports[i]);
			evidence_add(&ctx->evidence, "ssh_banner", "%s",
			    b->banner);
		}
		/* A refusal is an answer from the host, but not a port that
		 * takes connections: the two lists stay apart. */
		any_answer |= best[i] >= P_REFUSED;
		if (best[i] >= P_OPEN)
			sbuf_addf(&answering, "%s%d", answering.len ? " " : "",
			    ports[i]);
		else if (best[i] == P_REFUSED)
			sbuf_addf(&refusing, "%s%d", refusing.len ? " " : "",
			    ports[i]);
	}
	if (answering.len > 0)
		evidence_add(&ctx->evidence, "answering_ports", "%s",
		    answering.s);
	if (refusing.len > 0)
		evidence_add(&ctx->evidence, "refused_ports", "%s",
		    refusing.s);
	if (any_ssh)
		outcome = "ssh_elsewhere";
	else if (any_answer)
		outcome = "host_answers";
	else if (any_unreach)
		outcome = "unreachable";
	else if (!all_error)
		outcome = "host_silent";
out:
	for (i = 0; i < n_slots; i++) {
		if (sl[i].fd >= 0)
			close(sl[i].fd);
		free(sl[i].banner);
		free(sl[i].first_bytes);
	}
	free(sl);
	free(own);
	sbuf_free(&answering);
	sbuf_free(&refusing);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"answering_ports", "error", "port", "refused_ports", "ssh_banner",
	"ssh_port", NULL,
};

const sw_probe_def probe_port_alternatives = {
	.name = "port.alternatives",
	.title = N_("Look for SSH on other ports"),
	.outcomes = outcomes,
	.run = port_alternatives_run,
	.independent = 1,
	.evidence = evidence_keys,
};
