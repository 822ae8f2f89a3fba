/* dns.resolve: does the host name resolve, to which addresses, from where,
 * and how fast?
 *
 * A literal address needs no lookup.  Otherwise getaddrinfo() runs on a
 * detached thread so the probe can give up at its deadline: a resolver that
 * does not answer is told apart from a name that does not exist.  Alongside
 * it the probe reads /etc/hosts, /etc/nsswitch.conf and /etc/resolv.conf
 * (each with a size cap) and asks every listed name server the same question
 * directly over UDP, so the evidence says which servers answered, what they
 * said, and whether the addresses came from /etc/hosts or from DNS. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Caps on what the probe reads from the system's files. */
#define HOSTS_MAX_BYTES (1024 * 1024)
#define SMALL_FILE_MAX (64 * 1024)
#define MAX_HOSTS_ADDRS 32
/* glibc asks at most three name servers (MAXNS). */
#define MAX_NS 3
#define DNS_PORT 53
#define DNS_MAX_PACKET 1232
/* A lookup slower than this delays every connection: worth a warning. */
#define SLOW_MS 1000
/* How long to wait for the direct queries once getaddrinfo() is done. */
#define NS_GRACE_MS 200

static const sw_outcome outcomes[] = {
	{ "resolved", SW_STATE_PASS, N_("the name resolves") },
	{ "slow", SW_STATE_WARN, N_("the name resolves, but slowly") },
	{ "literal", SW_STATE_INFO, N_("an address, no lookup needed") },
	{ "nxdomain", SW_STATE_FAIL, N_("the name does not exist") },
	{ "no_address", SW_STATE_FAIL,
	    N_("the name exists but has no address") },
	{ "no_server", SW_STATE_FAIL, N_("no name server answered") },
	{ "error", SW_STATE_UNCHECKED,
	    N_("the lookup failed for another reason") },
	{ NULL, 0, NULL },
};

/* ---- getaddrinfo() on a detached thread ---- */

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

/* Starts getaddrinfo(host, port) on a detached thread.  Returns the lookup
 * (release with lookup_unref()) or NULL if no thread could be made. */
static lookup *
lookup_begin(const char *host, int port)
{
	lookup *l = xcalloc(1, sizeof(*l));
	pthread_t th;
	pthread_attr_t attr;
	int rc;

	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	l->refs = 2;
	l->host = xstrdup(host);
	snprintf(l->service, sizeof(l->service), "%d", port);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&th, &attr, lookup_thread, l);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		l->refs = 1;
		lookup_unref(l);
		return NULL;
	}
	return l;
}

/* Waits at most ms for the lookup.  Returns 1 when it is done. */
static int
lookup_wait(lookup *l, int64_t ms)
{
	struct timespec ts;
	int done;

	pthread_mutex_lock(&l->mu);
	if (!l->done && ms > 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)(ms % 1000) * 1000000L;
		ts.tv_sec += (time_t)(ms / 1000) + ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&l->cv, &l->mu, &ts);
	}
	done = l->done;
	pthread_mutex_unlock(&l->mu);
	return done;
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

/* Takes the result of a finished lookup: its getaddrinfo() code, and the
 * addresses on success. */
static int
lookup_take(lookup *l, sw_addr **out, size_t *n)
{
	int rc;

	pthread_mutex_lock(&l->mu);
	rc = l->rc;
	if (rc == 0)
		*n = addrs_from(l->res, out);
	pthread_mutex_unlock(&l->mu);
	return rc;
}

int
probe_resolve(sw_probe_ctx *ctx, const char *host, int port, sw_addr **out,
    size_t *n)
{
	lookup *l;
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
	if ((l = lookup_begin(host, port)) == NULL)
		return EAI_SYSTEM;
	rc = 1;
	for (;;) {
		int64_t left = probe_ctx_remaining_ms(ctx);

		if (probe_ctx_cancelled(ctx)) {
			rc = 2;
			break;
		}
		/* Wake at least every 50 ms to notice a cancel. */
		if (lookup_wait(l, left > 50 ? 50 : left)) {
			rc = lookup_take(l, out, n);
			break;
		}
		if (left == 0)
			break;
	}
	lookup_unref(l);
	return rc;
}

/* ---- the system's resolver configuration ---- */

/* Reads at most cap bytes of path into a NUL-terminated string (caller
 * frees), or returns NULL.  *truncated is set when the file is longer. */
static char *
read_capped(const char *path, size_t cap, int *truncated)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;

	*truncated = 0;
	if (f == NULL)
		return NULL;
	buf = xmalloc(cap + 1);
	n = fread(buf, 1, cap, f);
	if (n == cap && fgetc(f) != EOF)
		*truncated = 1;
	fclose(f);
	buf[n] = '\0';
	/* A NUL inside ends the text: nothing after it is a valid line. */
	return buf;
}

/* The next line of *p (cut at '\n', which is overwritten), or NULL at the
 * end.  Comments starting with '#' are cut off too. */
static char *
next_line(char **p)
{
	char *line = *p, *nl, *hash;

	if (line == NULL || *line == '\0')
		return NULL;
	nl = strchr(line, '\n');
	if (nl != NULL) {
		*nl = '\0';
		*p = nl + 1;
	} else
		*p = line + strlen(line);
	if ((hash = strchr(line, '#')) != NULL)
		*hash = '\0';
	return line;
}

/* The normal numeric text of an address written in a file, or 0. */
static int
canonical_addr(const char *s, char *out, size_t n)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, s, buf) == 1)
		return inet_ntop(AF_INET, buf, out, (socklen_t)n) != NULL;
	if (inet_pton(AF_INET6, s, buf) == 1)
		return inet_ntop(AF_INET6, buf, out, (socklen_t)n) != NULL;
	return 0;
}

typedef struct hosts_match {
	char addrs[MAX_HOSTS_ADDRS][SW_ADDR_TEXT];
	size_t n;
	int first_line;		/* line number of the first match, 0: none */
} hosts_match;

/* Looks for host among the names of /etc/hosts (case-insensitive, as the
 * files backend does). */
static void
hosts_lookup(const char *path, const char *host, hosts_match *m,
    sw_evidence *ev)
{
	int truncated, lineno = 0;
	char *text = read_capped(path, HOSTS_MAX_BYTES, &truncated), *p, *line;

	memset(m, 0, sizeof(*m));
	if (text == NULL) {
		evidence_add(ev, "hosts_file", "%s: %s", path, strerror(errno));
		return;
	}
	if (truncated)
		evidence_add(ev, "hosts_file", "%s: only the first %d bytes read",
		    path, HOSTS_MAX_BYTES);
	p = text;
	while ((line = next_line(&p)) != NULL) {
		char *save = NULL, *addr, *name;
		char canon[SW_ADDR_TEXT];

		lineno++;
		if ((addr = strtok_r(line, " \t\r", &save)) == NULL ||
		    !canonical_addr(addr, canon, sizeof(canon)))
			continue;
		while ((name = strtok_r(NULL, " \t\r", &save)) != NULL) {
			if (strcasecmp(name, host) != 0)
				continue;
			if (m->first_line == 0)
				m->first_line = lineno;
			if (m->n < MAX_HOSTS_ADDRS)
				snprintf(m->addrs[m->n++], SW_ADDR_TEXT, "%s",
				    canon);
			break;
		}
	}
	free(text);
}

static int
hosts_has(const hosts_match *m, const char *addr)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->addrs[i], addr) == 0)
			return 1;
	return 0;
}

typedef struct resolv_conf {
	struct sockaddr_storage ns[MAX_NS];
	socklen_t ns_len[MAX_NS];
	char ns_text[MAX_NS][SW_ADDR_TEXT];
	size_t n_ns;
	char first_search[256];	/* the first search domain, or "" */
} resolv_conf;

/* Reads the name servers and search domains of resolv.conf into rc, and
 * records them as evidence. */
static void
resolv_read(const char *path, resolv_conf *rc, sw_evidence *ev)
{
	int truncated;
	char *text = read_capped(path, SMALL_FILE_MAX, &truncated), *p, *line;
	sbuf list = { 0 }, search = { 0 }, options = { 0 };

	memset(rc, 0, sizeof(*rc));
	if (text == NULL) {
		evidence_add(ev, "resolv_conf", "%s: %s", path, strerror(errno));
		return;
	}
	p = text;
	while ((line = next_line(&p)) != NULL) {
		char *save = NULL, *kw = strtok_r(line, " \t\r", &save), *v;

		if (kw == NULL || *kw == ';')
			continue;
		if (strcmp(kw, "nameserver") == 0 &&
		    (v = strtok_r(NULL, " \t\r", &save)) != NULL) {
			struct addrinfo hints, *res = NULL;

			sbuf_addf(&list, "%s%s", list.len ? " " : "", v);
			if (rc->n_ns >= MAX_NS)
				continue;
			memset(&hints, 0, sizeof(hints));
			hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
			hints.ai_socktype = SOCK_DGRAM;
			if (getaddrinfo(v, "53", &hints, &res) != 0)
				continue;
			memcpy(&rc->ns[rc->n_ns], res->ai_addr, res->ai_addrlen);
			rc->ns_len[rc->n_ns] = res->ai_addrlen;
			snprintf(rc->ns_text[rc->n_ns], SW_ADDR_TEXT, "%s", v);
			rc->n_ns++;
			freeaddrinfo(res);
		} else if (strcmp(kw, "search") == 0 || strcmp(kw, "domain") == 0) {
			while ((v = strtok_r(NULL, " \t\r", &save)) != NULL) {
				if (search.len == 0)
					snprintf(rc->first_search,
					    sizeof(rc->first_search), "%s", v);
				sbuf_addf(&search, "%s%s", search.len ? " " : "",
				    v);
			}
		} else if (strcmp(kw, "options") == 0) {
			while ((v = strtok_r(NULL, " \t\r", &save)) != NULL)
				sbuf_addf(&options, "%s%s", options.len ? " " :
				    "", v);
		}
	}
	free(text);
	if (list.len > 0)
		evidence_add(ev, "resolvers", "%s", list.s);
	else
		evidence_add(ev, "resolvers",
		    "none listed in %s (the C library then asks 127.0.0.1)",
		    path);
	if (search.len > 0)
		evidence_add(ev, "search", "%s", search.s);
	if (options.len > 0)
		evidence_add(ev, "resolver_options", "%s", options.s);
	sbuf_free(&list);
	sbuf_free(&search);
	sbuf_free(&options);
}

/* Records the hosts: line of nsswitch.conf, the order of the sources.
 * Returns 1 when DNS is one of them (or the file says nothing). */
static int
nsswitch_read(const char *path, sw_evidence *ev)
{
	int truncated, dns = 1;
	char *text = read_capped(path, SMALL_FILE_MAX, &truncated), *p, *line;

	if (text == NULL)
		return 1;
	p = text;
	while ((line = next_line(&p)) != NULL) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, "hosts:", 6) == 0) {
			char *v = line + 6, *end;

			while (*v == ' ' || *v == '\t')
				v++;
			end = v + strlen(v);
			while (end > v && isspace((unsigned char)end[-1]))
				*--end = '\0';
			evidence_add(ev, "nsswitch_hosts", "%s", v);
			dns = strstr(v, "dns") != NULL ||
			    strstr(v, "resolve") != NULL;
			break;
		}
	}
	free(text);
	return dns;
}

/* ---- asking each name server directly ---- */

/* One name server and the two questions (A and AAAA) sent to it. */
typedef struct ns_query {
	int fd;
	uint16_t id[2];
	int answered[2];	/* 1 when the reply to id[i] came */
	int rcode[2];
	int n_answers[2];
	int64_t rtt[2];
	int send_err;		/* errno of a failed send, or 0 */
	sbuf addrs;		/* addresses in the replies */
} ns_query;

/* Writes a DNS question for name (type qtype, recursion desired) into buf.
 * Returns its length, or 0 if the name cannot be encoded. */
static size_t
dns_build_query(unsigned char *buf, size_t cap, uint16_t id, const char *name,
    uint16_t qtype)
{
	size_t n = 12, len = strlen(name);
	const char *label = name;

	if (len == 0 || len > 253 || cap < len + 18)
		return 0;
	memset(buf, 0, 12);
	buf[0] = (unsigned char)(id >> 8);
	buf[1] = (unsigned char)id;
	buf[2] = 0x01;		/* RD */
	buf[5] = 1;		/* QDCOUNT */
	while (*label != '\0') {
		const char *dot = strchr(label, '.');
		size_t l = dot ? (size_t)(dot - label) : strlen(label);

		if (l == 0 || l > 63)
			return 0;
		buf[n++] = (unsigned char)l;
		memcpy(buf + n, label, l);
		n += l;
		label += l;
		if (*label == '.')
			label++;
	}
	buf[n++] = 0;
	buf[n++] = (unsigned char)(qtype >> 8);
	buf[n++] = (unsigned char)qtype;
	buf[n++] = 0;
	buf[n++] = 1;		/* IN */
	return n;
}

/* Skips a (possibly compressed) name at *off.  Returns 0 or -1. */
static int
dns_skip_name(const unsigned char *p, size_t len, size_t *off)
{
	size_t o = *off;
	int guard = 0;

	while (o < len && guard++ < 128) {
		unsigned char c = p[o];

		if (c == 0) {
			*off = o + 1;
			return 0;
		}
		if ((c & 0xc0) == 0xc0) {
			if (o + 2 > len)
				return -1;
			*off = o + 2;
			return 0;
		}
		o += 1 + (size_t)c;
	}
	return -1;
}

/* Reads one reply into q if it answers one of q's questions. */
static void
dns_parse_reply(ns_query *q, const unsigned char *p, size_t len, int64_t rtt)
{
	uint16_t id, qd, an, i;
	size_t off = 12;
	int which;

	if (len < 12 || !(p[2] & 0x80))
		return;
	id = (uint16_t)(p[0] << 8 | p[1]);
	which = id == q->id[0] ? 0 : id == q->id[1] ? 1 : -1;
	if (which < 0 || q->answered[which])
		return;
	q->answered[which] = 1;
	q->rcode[which] = p[3] & 0x0f;
	q->rtt[which] = rtt;
	qd = (uint16_t)(p[4] << 8 | p[5]);
	an = (uint16_t)(p[6] << 8 | p[7]);
	for (i = 0; i < qd; i++)
		if (dns_skip_name(p, len, &off) != 0 || (off += 4) > len)
			return;
	for (i = 0; i < an; i++) {
		uint16_t type, rdlen;
		char text[SW_ADDR_TEXT];

		if (dns_skip_name(p, len, &off) != 0 || off + 10 > len)
			return;
		type = (uint16_t)(p[off] << 8 | p[off + 1]);
		rdlen = (uint16_t)(p[off + 8] << 8 | p[off + 9]);
		off += 10;
		if (off + rdlen > len)
			return;
		if ((type == 1 && rdlen == 4 &&
		    inet_ntop(AF_INET, p + off, text, sizeof(text))) ||
		    (type == 28 && rdlen == 16 &&
		    inet_ntop(AF_INET6, p + off, text, sizeof(text)))) {
			q->n_answers[which]++;
			if (q->addrs.len < 512)
				sbuf_addf(&q->addrs, "%s%s",
				    q->addrs.len ? " " : "", text);
		}
		off += rdlen;
	}
}

/* Sends the A and AAAA questions for name to each name server, filling
 * q[0..rc->n_ns).  Returns rc->n_ns. */
static size_t
ns_send(const resolv_conf *rc, const char *name, ns_query *q)
{
	unsigned char pkt[300];
	size_t i;
	static const uint16_t qtypes[2] = { 1, 28 };

	for (i = 0; i < rc->n_ns; i++) {
		int k;

		memset(&q[i], 0, sizeof(q[i]));
		q[i].fd = socket(rc->ns[i].ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
		if (q[i].fd < 0 || connect(q[i].fd,
		    (const struct sockaddr *)&rc->ns[i], rc->ns_len[i]) != 0) {
			q[i].send_err = errno;
			if (q[i].fd >= 0)
				close(q[i].fd);
			q[i].fd = -1;
			continue;
		}
		for (k = 0; k < 2; k++) {
			size_t len;

			q[i].id[k] = (uint16_t)(((unsigned)rand() ^
			    ((unsigned)sw_now_ms() << 4)) + (unsigned)(i * 2 + k));
			len = dns_build_query(pkt, sizeof(pkt), q[i].id[k], name,
			    qtypes[k]);
			if (len == 0)
				break;
			if (send(q[i].fd, pkt, len, 0) < 0) {
				q[i].send_err = errno;
				break;
			}
		}
	}
	return rc->n_ns;
}

/* Reads every reply waiting, for up to ms.  Returns 1 when every question
 * has its reply. */
static int
ns_collect(ns_query *q, size_t n, int64_t t0, int64_t ms)
{
	struct pollfd pfd[MAX_NS];
	size_t i;
	int all = 1;

	for (i = 0; i < n; i++) {
		pfd[i].fd = q[i].fd >= 0 && !(q[i].answered[0] &&
		    q[i].answered[1]) ? q[i].fd : -1;
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
		all &= pfd[i].fd < 0;
	}
	if (all)
		return 1;
	if (poll(pfd, n, (int)ms) <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char buf[DNS_MAX_PACKET];
		ssize_t r;

		if (pfd[i].fd < 0 || pfd[i].revents == 0)
			continue;
		while ((r = recv(pfd[i].fd, buf, sizeof(buf), 0)) > 0)
			dns_parse_reply(&q[i], buf, (size_t)r, sw_now_ms() - t0);
	}
	return 0;
}

static const char *
rcode_name(int rcode)
{
	switch (rcode) {
	case 0:
		return "NOERROR";
	case 2:
		return "SERVFAIL";
	case 3:
		return "NXDOMAIN";
	case 5:
		return "REFUSED";
	default:
		return "other";
	}
}

/* Records what each name server said and frees the queries.  Sets
 * *n_answered to the number of servers that answered at all. */
static void
ns_report(ns_query *q, size_t n, const char *name, sw_evidence *ev,
    const resolv_conf *rc, int *n_answered)
{
	size_t i;

	*n_answered = 0;
	for (i = 0; i < n; i++) {
		if (q[i].fd >= 0)
			close(q[i].fd);
		if (q[i].send_err != 0) {
			evidence_add(ev, "resolver_answer", "%s: not reachable (%s)",
			    rc->ns_text[i], strerror(q[i].send_err));
		} else if (!q[i].answered[0] && !q[i].answered[1]) {
			evidence_add(ev, "resolver_answer", "%s: no reply about %s",
			    rc->ns_text[i], name);
		} else {
			/* One word when A and AAAA got the same answer. */
			char said[64];
			int64_t rtt = q[i].rtt[0] > q[i].rtt[1] ? q[i].rtt[0] :
			    q[i].rtt[1];

			if (q[i].answered[0] && q[i].answered[1] &&
			    q[i].rcode[0] == q[i].rcode[1])
				snprintf(said, sizeof(said), "%s",
				    rcode_name(q[i].rcode[0]));
			else
				snprintf(said, sizeof(said), "A %s, AAAA %s",
				    q[i].answered[0] ? rcode_name(q[i].rcode[0]) :
				    "no reply", q[i].answered[1] ?
				    rcode_name(q[i].rcode[1]) : "no reply");
			(*n_answered)++;
			evidence_add(ev, "resolver_answer",
			    "%s: %s for %s in %lld ms%s%s", rc->ns_text[i], said,
			    name, (long long)rtt, q[i].addrs.len ? ": " : "",
			    q[i].addrs.len ? q[i].addrs.s : "");
		}
		sbuf_free(&q[i].addrs);
	}
}

/* The name the C library asks DNS first: as given when it has a dot,
 * else with the first search domain (ndots:1).  Caller frees. */
static char *
dns_query_name(const char *host, const resolv_conf *rc)
{
	size_t len = strlen(host);

	if (len > 0 && host[len - 1] == '.')
		return xstrndup(host, len - 1);
	if (strchr(host, '.') == NULL && rc->first_search[0] != '\0')
		return xasprintf("%s.%s", host, rc->first_search);
	return xstrdup(host);
}

/* ---- the probe ---- */

static const char *
dns_resolve_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;
	sw_evidence *ev = &ctx->evidence;
	int64_t t0 = sw_now_ms(), elapsed;
	sw_addr *addrs = NULL;
	size_t n = 0, i, n_ns = 0, in_hosts = 0;
	int rc = 1, answered = 0, uses_dns = 1;
	sbuf v4 = { 0 }, v6 = { 0 }, all = { 0 };
	hosts_match hm;
	resolv_conf conf;
	ns_query q[MAX_NS];
	char *qname = NULL;
	lookup *l = NULL;
	const char *outcome = "error";

	evidence_add(ev, "host", "%s", t->host);
	if (probe_is_literal(t->host)) {
		rc = probe_resolve(ctx, t->host, t->port, &addrs, &n);
		if (rc != 0 || n == 0) {
			evidence_add(ev, "error", "%s", rc ? gai_strerror(rc) :
			    "no usable address");
			session_set_addrs(ctx->session, NULL, 0);
			free(addrs);
			return "error";
		}
		evidence_add(ev, "addresses", "%s", addrs[0].text);
		session_set_addrs(ctx->session, addrs, n);
		free(addrs);
		return "literal";
	}

	/* The question goes out to the name servers and to the C library at
	 * the same time.  A name /etc/hosts knows is not sent to DNS: ssh
	 * would not send it either. */
	resolv_read("/etc/resolv.conf", &conf, ev);
	uses_dns = nsswitch_read("/etc/nsswitch.conf", ev);
	hosts_lookup("/etc/hosts", t->host, &hm, ev);
	qname = dns_query_name(t->host, &conf);
	if (hm.n == 0)
		n_ns = ns_send(&conf, qname, q);
	if ((l = lookup_begin(t->host, t->port)) == NULL) {
		rc = EAI_SYSTEM;
		goto looked_up;
	}
	for (;;) {
		int64_t left = probe_ctx_remaining_ms(ctx);

		if (probe_ctx_cancelled(ctx)) {
			rc = 2;
			break;
		}
		if (lookup_wait(l, 0)) {
			rc = lookup_take(l, &addrs, &n);
			break;
		}
		if (left == 0)
			break;
		/* Read replies while waiting; wake every 20 ms at most. */
		if (ns_collect(q, n_ns, t0, left > 20 ? 20 : left))
			lookup_wait(l, left > 20 ? 20 : left);
	}
	lookup_unref(l);
looked_up:
	elapsed = sw_now_ms() - t0;
	evidence_add(ev, "elapsed_ms", "%lld", (long long)elapsed);
	/* The name servers get a little longer to confirm a result, never
	 * past the deadline. */
	if (rc == 0 || rc == EAI_NONAME
#ifdef EAI_NODATA
	    || rc == EAI_NODATA
#endif
	    ) {
		int64_t until = sw_now_ms() + NS_GRACE_MS, now;

		while ((now = sw_now_ms()) < until && !probe_ctx_should_stop(ctx))
			if (ns_collect(q, n_ns, t0, until - now))
				break;
	}
	ns_report(q, n_ns, qname, ev, &conf, &answered);
	if (hm.first_line > 0)
		evidence_add(ev, "hosts_entry", "/etc/hosts line %d",
		    hm.first_line);

	if (rc == 0 && n == 0)
		rc = EAI_NONAME;
	if (rc == 0) {
		for (i = 0; i < n; i++) {
			sbuf *b = addrs[i].sa.ss_family == AF_INET6 ? &v6 : &v4;

			sbuf_addf(b, "%s%s", b->len ? " " : "", addrs[i].text);
			in_hosts += hosts_has(&hm, addrs[i].text);
		}
		evidence_add(ev, "addresses_v4", "%s", v4.len ? v4.s : "none");
		evidence_add(ev, "addresses_v6", "%s", v6.len ? v6.s : "none");
		for (i = 0; i < n; i++)
			sbuf_addf(&all, "%s%s", i ? " " : "", addrs[i].text);
		evidence_add(ev, "addresses", "%s", all.s);
		/* "nss": another name service module (mdns, myhostname). */
		evidence_add(ev, "source", "%s", in_hosts == n ? "hosts" :
		    in_hosts > 0 ? "hosts+dns" : uses_dns ? "dns" : "nss");
		session_set_addrs(ctx->session, addrs, n);
		outcome = elapsed >= SLOW_MS ? "slow" : "resolved";
		goto out;
	}
	session_set_addrs(ctx->session, NULL, 0);
	if (rc == 1) {
		evidence_add(ev, "error", "no answer within %lld ms",
		    (long long)elapsed);
		outcome = "no_server";
		goto out;
	}
	if (rc == 2) {
		evidence_add(ev, "error", "cancelled");
		goto out;
	}
	evidence_add(ev, "error", "%s", gai_strerror(rc));
	switch (rc) {
	case EAI_NONAME:
		/* glibc says "not known" for a name that does not exist, and
		 * also when no server answered at all over some paths: the
		 * direct questions tell them apart. */
		outcome = uses_dns && n_ns > 0 && answered == 0 ?
		    "no_server" : "nxdomain";
		break;
#ifdef EAI_NODATA
	case EAI_NODATA:
		outcome = "no_address";
		break;
#endif
	case EAI_AGAIN:
		outcome = "no_server";
		break;
	default:
		break;
	}
out:
	sbuf_free(&all);
	sbuf_free(&v4);
	sbuf_free(&v6);
	free(addrs);
	free(qname);
	return outcome;
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"addresses", "addresses_v4", "addresses_v6", "elapsed_ms", "error",
	"host", "hosts_entry", "hosts_file", "nsswitch_hosts", "resolv_conf",
	"resolver_answer", "resolver_options", "resolvers", "search",
	"source", NULL,
};

const sw_probe_def probe_dns_resolve = {
	.name = "dns.resolve",
	.title = N_("Resolve the host name"),
	.outcomes = outcomes,
	.run = dns_resolve_run,
	.evidence = evidence_keys,
};
