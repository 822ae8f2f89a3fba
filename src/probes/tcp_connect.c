/* tcp.connect: does the SSH port accept a TCP connection?
 *
 * Connects to every resolved address at once with non-blocking sockets and
 * waits until each one answers or the deadline passes, so a port that drops
 * packets costs the probe timeout, not the kernel's two minutes of SYN
 * retries.  Refused, no answer (filtered), no route, host unreachable,
 * administratively prohibited, blocked by this machine's own firewall and
 * open are told apart; the outcome follows the first address in ssh's order
 * that opened, else the most telling failure.  Each attempt is recorded with
 * its round-trip time (the time to the SYN-ACK, RST or ICMP error). */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_ADDRS 16

static const sw_outcome outcomes[] = {
	{ "open", SW_STATE_PASS, N_("the port accepts connections") },
	{ "refused", SW_STATE_FAIL, N_("the connection was refused") },
	{ "filtered", SW_STATE_FAIL, N_("no answer: packets are dropped") },
	{ "no_route", SW_STATE_FAIL, N_("no route to the network") },
	{ "host_unreachable", SW_STATE_FAIL, N_("no route to the host") },
	{ "prohibited", SW_STATE_FAIL,
	    N_("the connection is administratively prohibited") },
	{ "local_firewall", SW_STATE_FAIL,
	    N_("a policy on this machine forbade the connection") },
	{ "error", SW_STATE_UNCHECKED, N_("the check could not run") },
	{ NULL, 0, NULL },
};

typedef enum { R_PENDING, R_OPEN, R_REFUSED, R_FILTERED, R_NO_ROUTE,
	R_HOST_UNREACH, R_PROHIBITED, R_LOCAL_FW, R_ERROR } result;

static const char *const result_names[] = {
	"pending", "open", "refused", "filtered", "no_route",
	"host_unreachable", "prohibited", "local_firewall", "error"
};

static result
result_of(int err)
{
	switch (err) {
	case 0:
		return R_OPEN;
	case ECONNREFUSED:
		return R_REFUSED;
	case ETIMEDOUT:
		return R_FILTERED;
	case ENETUNREACH:
	case ENETDOWN:
		return R_NO_ROUTE;
	case EHOSTUNREACH:
	case EHOSTDOWN:
		return R_HOST_UNREACH;
	case EACCES:
		/* A "prohibit" route here, or an ICMPv6 "administratively
		 * prohibited" from a firewall on the way. */
		return R_PROHIBITED;
	case EPERM:
		/* connect() itself was forbidden on this machine: a security
		 * module or a cgroup (eBPF) filter.  A plain netfilter DROP in
		 * the output chain does not come back here: it looks like a
		 * filtered port. */
		return R_LOCAL_FW;
	default:
		return R_ERROR;
	}
}

static const char *
tcp_connect_run(sw_probe_ctx *ctx)
{
	sw_session *s = ctx->session;
	struct pollfd pfd[MAX_ADDRS];
	result res[MAX_ADDRS];
	int err[MAX_ADDRS];
	int64_t t0[MAX_ADDRS], rtt[MAX_ADDRS];
	size_t n, i, pending = 0;
	const char *outcome = "error";
	static const result rank[] = { R_REFUSED, R_LOCAL_FW, R_HOST_UNREACH,
		R_PROHIBITED, R_NO_ROUTE, R_FILTERED, R_ERROR };

	if (!s->resolved || s->n_addrs == 0) {
		sw_addr *addrs = NULL;
		size_t na = 0;

		if (probe_resolve(ctx, ctx->target->host, ctx->target->port,
		    &addrs, &na) != 0 || na == 0) {
			free(addrs);
			evidence_add(&ctx->evidence, "error",
			    "the host name did not resolve");
			return "error";
		}
		session_set_addrs(s, addrs, na);
		free(addrs);
	}
	n = s->n_addrs < MAX_ADDRS ? s->n_addrs : MAX_ADDRS;
	s->open_addr = -1;
	evidence_add(&ctx->evidence, "port", "%d", ctx->target->port);
	for (i = 0; i < n; i++) {
		struct sockaddr_storage sa;
		int fd;

		pfd[i].fd = -1;
		pfd[i].events = POLLOUT;
		res[i] = R_PENDING;
		err[i] = 0;
		rtt[i] = -1;
		/* A copy: the session's addresses stay as they are for probes
		 * running ahead that read them. */
		sa = s->addrs[i].sa;
		if (sa.ss_family == AF_INET)
			((struct sockaddr_in *)&sa)->sin_port =
			    htons((uint16_t)ctx->target->port);
		else if (sa.ss_family == AF_INET6)
			((struct sockaddr_in6 *)&sa)->sin6_port =
			    htons((uint16_t)ctx->target->port);
		fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
		if (fd < 0) {
			res[i] = R_ERROR;
			err[i] = errno;
			continue;
		}
		t0[i] = sw_now_ms();
		if (connect(fd, (struct sockaddr *)&sa, s->addrs[i].len) == 0) {
			res[i] = R_OPEN;
			rtt[i] = 0;
			close(fd);
			continue;
		}
		if (errno != EINPROGRESS) {
			err[i] = errno;
			res[i] = result_of(errno);
			rtt[i] = sw_now_ms() - t0[i];
			close(fd);
			continue;
		}
		pfd[i].fd = fd;
		pending++;
	}
	while (pending > 0 && !probe_ctx_should_stop(ctx)) {
		int64_t left = probe_ctx_remaining_ms(ctx);
		int r = poll(pfd, n, left > 50 ? 50 : (int)left);

		if (r < 0 && errno != EINTR)
			break;
		for (i = 0; r > 0 && i < n; i++) {
			int e = 0;
			socklen_t el = sizeof(e);

			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &e, &el);
			err[i] = e;
			res[i] = result_of(e);
			rtt[i] = sw_now_ms() - t0[i];
			close(pfd[i].fd);
			pfd[i].fd = -1;
			pending--;
		}
	}
	for (i = 0; i < n; i++) {
		if (pfd[i].fd >= 0) {
			close(pfd[i].fd);
			res[i] = R_FILTERED;
			err[i] = ETIMEDOUT;
			rtt[i] = sw_now_ms() - t0[i];
		}
		if (res[i] == R_OPEN)
			evidence_add(&ctx->evidence, "attempt",
			    "%s: open in %lld ms", s->addrs[i].text,
			    (long long)rtt[i]);
		else
			evidence_add(&ctx->evidence, "attempt",
			    "%s: %s (%s) after %lld ms", s->addrs[i].text,
			    result_names[res[i]], strerror(err[i]),
			    (long long)rtt[i]);
	}
	if (probe_ctx_cancelled(ctx))
		return "error";
	for (i = 0; i < n; i++) {
		if (res[i] == R_OPEN) {
			s->open_addr = (int)i;
			evidence_add(&ctx->evidence, "open_address", "%s",
			    s->addrs[i].text);
			evidence_add(&ctx->evidence, "rtt_ms", "%lld",
			    (long long)rtt[i]);
			return "open";
		}
	}
	for (i = 0; i < sizeof(rank) / sizeof(rank[0]); i++) {
		size_t j;

		for (j = 0; j < n; j++)
			if (res[j] == rank[i]) {
				outcome = result_names[rank[i]];
				evidence_add(&ctx->evidence, "errno", "%s",
				    strerror(err[j]));
				if (res[j] != R_FILTERED && res[j] != R_ERROR)
					evidence_add(&ctx->evidence, "rtt_ms",
					    "%lld", (long long)rtt[j]);
				return outcome;
			}
	}
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"attempt", "errno", "error", "open_address", "port", "rtt_ms", NULL,
};

const sw_probe_def probe_tcp_connect = {
	.name = "tcp.connect",
	.title = N_("Connect to the SSH port"),
	.outcomes = outcomes,
	.run = tcp_connect_run,
	.evidence = evidence_keys,
};
