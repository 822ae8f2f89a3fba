/* dns.resolve: does the host name resolve, and to which addresses?
 *
 * A literal address needs no lookup.  Otherwise getaddrinfo() runs on a
 * detached thread so the probe can give up at its deadline: a resolver that
 * does not answer is told apart from a name that does not exist. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sw_outcome outcomes[] = {
	{ "resolved", SW_STATE_PASS, N_("the name resolves") },
	{ "literal", SW_STATE_INFO, N_("an address, no lookup needed") },
	{ "nxdomain", SW_STATE_FAIL, N_("the name does not exist") },
	{ "no_server", SW_STATE_FAIL, N_("no name server answered") },
	{ "error", SW_STATE_UNCHECKED, N_("the lookup failed for another reason") },
	{ NULL, 0, NULL },
};

/* Shared by the probe and the lookup thread; the last one out frees it. */
typedef struct lookup {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int refs;
	int done;
	int rc;
	char *host;
	char service[8];
	struct addrinfo *res;
} lookup;

static void
lookup_unref(lookup *l)
{
	int last;

	pthread_mutex_lock(&l->mu);
	last = --l->refs == 0;
	pthread_mutex_unlock(&l->mu);
	if (!last)
		return;
	if (l->res != NULL)
		freeaddrinfo(l->res);
	free(l->host);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cv);
	free(l);
}

static void *
lookup_thread(void *arg)
{
	lookup *l = arg;
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(l->host, l->service, &hints, &res);
	pthread_mutex_lock(&l->mu);
	l->rc = rc;
	l->res = res;
	l->done = 1;
	pthread_cond_signal(&l->cv);
	pthread_mutex_unlock(&l->mu);
	lookup_unref(l);
	return NULL;
}

int
probe_is_literal(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1;
}

static size_t
addrs_from(struct addrinfo *res, sw_addr **out)
{
	struct addrinfo *ai;
	size_t n = 0;

	*out = NULL;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		sw_addr *a;

		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		a = &(*out)[n++];
		memset(a, 0, sizeof(*a));
		memcpy(&a->sa, ai->ai_addr, ai->ai_addrlen);
		a->len = ai->ai_addrlen;
		getnameinfo(ai->ai_addr, ai->ai_addrlen, a->text, sizeof(a->text),
		    NULL, 0, NI_NUMERICHOST);
	}
	return n;
}

int
probe_resolve(sw_probe_ctx *ctx, const char *host, int port, sw_addr **out,
    size_t *n)
{
	lookup *l;
	pthread_t th;
	pthread_attr_t attr;
	int rc;

	*out = NULL;
	*n = 0;
	if (probe_is_literal(host)) {
		struct addrinfo hints, *res = NULL;
		char service[8];

		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
		snprintf(service, sizeof(service), "%d", port);
		if ((rc = getaddrinfo(host, service, &hints, &res)) != 0)
			return rc;
		*n = addrs_from(res, out);
		freeaddrinfo(res);
		return 0;
	}
	l = xcalloc(1, sizeof(*l));
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	l->refs = 2;
	l->host = xstrdup(host);
	snprintf(l->service, sizeof(l->service), "%d", port);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &attr, lookup_thread, l) != 0) {
		pthread_attr_destroy(&attr);
		l->refs = 1;
		lookup_unref(l);
		return EAI_SYSTEM;
	}
	pthread_attr_destroy(&attr);

	pthread_mutex_lock(&l->mu);
	rc = 1;
	while (!l->done) {
		struct timespec ts;
		int64_t left = probe_ctx_remaining_ms(ctx);

		if (probe_ctx_cancelled(ctx)) {
			rc = 2;
			break;
		}
		if (left == 0)
			break;
		/* Wake at least every 50 ms to notice a cancel. */
		if (left > 50)
			left = 50;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)(left % 1000) * 1000000L;
		ts.tv_sec += (time_t)(left / 1000) + ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&l->cv, &l->mu, &ts);
	}
	if (l->done) {
		rc = l->rc;
		if (rc == 0)
			*n = addrs_from(l->res, out);
	}
	pthread_mutex_unlock(&l->mu);
	lookup_unref(l);
	return rc;
}

static const char *
dns_resolve_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;
	int64_t t0 = sw_now_ms();
	sw_addr *addrs = NULL;
	size_t n = 0, i;
	int rc;
	sbuf list = { 0 };

	evidence_add(&ctx->evidence, "host", "%s", t->host);
	rc = probe_resolve(ctx, t->host, t->port, &addrs, &n);
	evidence_add(&ctx->evidence, "elapsed_ms", "%lld",
	    (long long)(sw_now_ms() - t0));
	if (rc == 0 && n == 0)
		rc = EAI_NONAME;
	if (rc == 0) {
		for (i = 0; i < n; i++)
			sbuf_addf(&list, "%s%s", i ? " " : "", addrs[i].text);
		evidence_add(&ctx->evidence, "addresses", "%s", list.s);
		sbuf_free(&list);
		session_set_addrs(ctx->session, addrs, n);
		free(addrs);
		return probe_is_literal(t->host) ? "literal" : "resolved";
	}
	session_set_addrs(ctx->session, NULL, 0);
	if (rc == 1) {
		evidence_add(&ctx->evidence, "error", "no answer within %d ms",
		    t->timeout_ms);
		return "no_server";
	}
	if (rc == 2) {
		evidence_add(&ctx->evidence, "error", "cancelled");
		return "error";
	}
	evidence_add(&ctx->evidence, "error", "%s", gai_strerror(rc));
	switch (rc) {
	case EAI_NONAME:
#ifdef EAI_NODATA
	case EAI_NODATA:
#endif
		return "nxdomain";
	case EAI_AGAIN:
		return "no_server";
	default:
		return "error";
	}
}

const sw_probe_def probe_dns_resolve = {
	.name = "dns.resolve",
	.title = N_("Resolve the host name"),
	.outcomes = outcomes,
	.run = dns_resolve_run,
};
