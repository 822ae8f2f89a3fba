/* Helpers every server probe uses: the context (which machine, which client
 * address, which port), "could not check" evidence, the daemon's process
 * and sockets, and small address parsers. */
#include "config.h"

#include "core/i18n.h"
#include "core/localhost.h"
#include "core/session.h"
#include "core/target.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Context ---- */

sw_host *
srv_host(const sw_probe_ctx *ctx)
{
	return ctx->target != NULL ? ctx->target->server : NULL;
}

const char *
srv_client_ip(const sw_probe_ctx *ctx)
{
	sw_host *h = srv_host(ctx);

	if (ctx->target != NULL && ctx->target->client_ip != NULL)
		return ctx->target->client_ip;
	return h != NULL ? host_peer_ip(h) : NULL;
}

int
srv_port(const sw_probe_ctx *ctx)
{
	return ctx->target != NULL ? ctx->target->port : 22;
}

int
srv_port_given(const sw_probe_ctx *ctx)
{
	return ctx->target != NULL && ctx->target->port_src != SW_SRC_DEFAULT;
}

const char *
srv_target_ip(const sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->target;

	/* The address the client connects to: the target's, when the checks
	 * run over a way in or here because the target is this machine. */
	int here = t != NULL && t->server != NULL &&
	    (host_kind(t->server) == SW_HOST_VIA || target_is_this_machine(t));

	if (t != NULL && t->host != NULL && probe_is_literal(t->host) &&
	    (t->server == NULL || here))
		return t->host;
	if (here && ctx->session != NULL)
		return session_ip(ctx->session);
	return NULL;
}

const char *
srv_sshd_config_opt(const sw_probe_ctx *ctx)
{
	return ctx->target != NULL ? ctx->target->sshd_config : NULL;
}

void
srv_unchecked(sw_probe_ctx *ctx, const char *what, int code,
    const char *run_instead)
{
	const char *why;
	sw_host *h = srv_host(ctx);
	int root = h != NULL ? host_is_root(h) : -1;

	switch (code) {
	case HOST_EPERM:
		/* "Needs root" only when the checks do not run as root. */
		why = root == 1 ? "permission denied, although the checks run "
		    "as root" : root == 0 ? "permission denied: needs root" :
		    "permission denied";
		if (root == 1 && run_instead != NULL &&
		    sw_starts_with(run_instead, "sudo "))
			run_instead += 5;
		break;
	case HOST_ENOENT:
		why = "not found";
		break;
	case HOST_ETIME:
		why = "no answer before the time limit";
		break;
	case HOST_ECONN:
		why = "the session to the server is down";
		break;
	default:
		why = "it could not be read";
		break;
	}
	evidence_add(&ctx->evidence, "unchecked", "%s: %s", what, why);
	if (run_instead != NULL)
		evidence_add(&ctx->evidence, "run_instead", "%s", run_instead);
}

int
srv_open(sw_probe_ctx *ctx, sw_host **hp)
{
	sw_host *h = srv_host(ctx);
	char *err = NULL;

	*hp = h;
	if (h == NULL) {
		evidence_add(&ctx->evidence, "unchecked",
		    "no way to run checks on the server (use --server on it, "
		    "or --via)");
		return -1;
	}
	if (host_open(h, ctx, &err) != 0) {
		evidence_add(&ctx->evidence, "unchecked", "%s",
		    err != NULL ? err : "the server could not be reached");
		free(err);
		return -1;
	}
	evidence_add(&ctx->evidence, "checked_on", "%s", host_label(h));
	return 0;
}

/* ---- Findings ---- */

#define CHECK_PREFIX "check."

void
srv_note(sw_probe_ctx *ctx, const char *check, sw_state state,
    const char *fmt, ...)
{
	va_list ap;
	char *text, *key = xasprintf(CHECK_PREFIX "%s", check);

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	evidence_add(&ctx->evidence, key, "%s: %s", state_name(state), text);
	free(text);
	free(key);
}

void
srv_notes_reset(sw_probe_ctx *ctx)
{
	evidence_add(&ctx->evidence, CHECK_PREFIX "reset", "-");
}

/* Parses "STATE: TEXT"; 0 when kv is no finding. */
static int
finding_parse(const sw_kv *kv, srv_finding *f)
{
	static const sw_state states[] = { SW_STATE_PASS, SW_STATE_FAIL,
		SW_STATE_WARN, SW_STATE_UNCHECKED, SW_STATE_INFO };
	size_t i;

	if (!sw_starts_with(kv->key, CHECK_PREFIX) ||
	    strcmp(kv->key, CHECK_PREFIX "reset") == 0)
		return 0;
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		const char *name = state_name(states[i]);
		size_t n = strlen(name);

		if (strncmp(kv->value, name, n) == 0 &&
		    strncmp(kv->value + n, ": ", 2) == 0) {
			f->check = kv->key + strlen(CHECK_PREFIX);
			f->state = states[i];
			f->text = kv->value + n + 2;
			return 1;
		}
	}
	return 0;
}

size_t
srv_notes(const sw_probe_ctx *ctx, srv_finding **v)
{
	const sw_evidence *src[2] = { &ctx->walk, &ctx->evidence };
	size_t n = 0, i, j, k;

	*v = NULL;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < src[k]->n; i++) {
			const sw_kv *kv = &src[k]->v[i];
			srv_finding f;

			if (strcmp(kv->key, CHECK_PREFIX "reset") == 0) {
				n = 0;
				continue;
			}
			if (!finding_parse(kv, &f))
				continue;
			for (j = 0; j < n; j++)
				if (strcmp((*v)[j].check, f.check) == 0)
					break;
			if (j == n)
				*v = xreallocarray(*v, ++n, sizeof(**v));
			(*v)[j] = f;
		}
	}
	return n;
}

int
srv_note_get(const sw_probe_ctx *ctx, const char *check, srv_finding *f)
{
	srv_finding *v;
	size_t n = srv_notes(ctx, &v), i;
	int found = 0;

	for (i = 0; i < n && !found; i++)
		if (strcmp(v[i].check, check) == 0) {
			*f = v[i];
			found = 1;
		}
	free(v);
	return found;
}

/* ---- Addresses ---- */

int
srv_parse_prefix(const char *s, char *net, size_t netsz, int *len)
{
	char buf[128], *slash;
	unsigned char bin[16];
	int fam = 0, max;

	if (s == NULL || strlen(s) >= sizeof(buf))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	if (buf[0] == '[') {		/* [v6]/len */
		char *close = strchr(buf, ']');

		if (close == NULL)
			return 0;
		memmove(close, close + 1, strlen(close));
		memmove(buf, buf + 1, strlen(buf));
	}
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, bin) == 1)
		fam = AF_INET;
	else if (inet_pton(AF_INET6, buf, bin) == 1)
		fam = AF_INET6;
	else
		return 0;
	max = fam == AF_INET ? 32 : 128;
	*len = max;
	if (slash != NULL) {
		unsigned char mask[4];
		char *end;
		long v;

		if (fam == AF_INET && strchr(slash, '.') != NULL) {
			uint32_t m;
			int bits = 0;

			if (inet_pton(AF_INET, slash, mask) != 1)
				return 0;
			memcpy(&m, mask, 4);
			m = ntohl(m);
			while (m & 0x80000000u) {
				bits++;
				m <<= 1;
			}
			if (m != 0)
				return 0;	/* not contiguous */
			*len = bits;
		} else {
			v = strtol(slash, &end, 10);
			if (*slash == '\0' || *end != '\0' || v < 0 || v > max)
				return 0;
			*len = (int)v;
		}
	}
	snprintf(net, netsz, "%s", buf);
	return fam;
}

/* Fills bin (16 bytes) with ip; IPv4 and ::ffff:a.b.c.d give family
 * AF_INET with the address in bin[0..4).  Returns the family or 0. */
static int
addr_bin(const char *ip, unsigned char bin[16])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0xff, 0xff };

	memset(bin, 0, 16);
	if (ip == NULL)
		return 0;
	if (inet_pton(AF_INET, ip, bin) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, ip, bin) == 1) {
		if (memcmp(bin, mapped, 12) == 0) {
			memmove(bin, bin + 12, 4);
			memset(bin + 4, 0, 12);
			return AF_INET;
		}
		return AF_INET6;
	}
	return 0;
}

int
srv_addr_in(const char *ip, const char *net, int len)
{
	unsigned char a[16], b[16];
	int fa = addr_bin(ip, a), fb = addr_bin(net, b), i;

	if (fa == 0 || fa != fb || len < 0)
		return 0;
	if (fb == AF_INET && strchr(net, ':') != NULL && len > 32)
		len -= 96;	/* ::ffff:a.b.c.d/120 */
	if (len > (fa == AF_INET ? 32 : 128))
		return 0;
	for (i = 0; i < len / 8; i++)
		if (a[i] != b[i])
			return 0;
	if (len % 8 != 0) {
		unsigned char m = (unsigned char)(0xff << (8 - len % 8));

		if ((a[i] & m) != (b[i] & m))
			return 0;
	}
	return 1;
}

int
srv_addr_is_loopback(const char *addr)
{
	return srv_addr_in(addr, "127.0.0.0", 8) || srv_addr_in(addr, "::1", 128);
}

int
srv_addr_is_any(const char *addr)
{
	return strcmp(addr, "0.0.0.0") == 0 || strcmp(addr, "::") == 0;
}

/* ---- /proc/net/tcp ---- */

/* Converts the kernel's hex address (host-order 32-bit words) to text. */
static int
hex_addr(const char *hex, size_t len, int family, char *out, size_t outsz)
{
	unsigned char bin[16];
	size_t words = family == AF_INET ? 1 : 4, i;

	if (len != words * 8)
		return -1;
	for (i = 0; i < words; i++) {
		char w[9];
		uint32_t v;
		char *end;

		memcpy(w, hex + i * 8, 8);
		w[8] = '\0';
		v = (uint32_t)strtoul(w, &end, 16);
		if (*end != '\0')
			return -1;
		memcpy(bin + i * 4, &v, 4);
	}
	return inet_ntop(family, bin, out, (socklen_t)outsz) != NULL ? 0 : -1;
}

/* Parses "HEXADDR:HEXPORT". */
static int
hex_endpoint(const char *s, int family, char *addr, size_t addrsz, int *port)
{
	const char *colon = strchr(s, ':');
	char *end;
	long p;

	if (colon == NULL)
		return -1;
	if (hex_addr(s, (size_t)(colon - s), family, addr, addrsz) != 0)
		return -1;
	p = strtol(colon + 1, &end, 16);
	if (end == colon + 1 || p < 0 || p > 65535)
		return -1;
	*port = (int)p;
	return 0;
}

size_t
srv_parse_proc_net_tcp(const char *text, int family, srv_sock **socks,
    size_t *n)
{
	const char *line = text;
	size_t added = 0;

	while (line != NULL && *line != '\0') {
		const char *next = strchr(line, '\n');
		char buf[512], local[80], remote[80], st[8];
		unsigned long inode;
		int uid, timeout_v;
		char slot[16], txrx[40], tr[40], retr[16];
		srv_sock s;
		size_t len = next != NULL ? (size_t)(next - line) : strlen(line);

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			memset(&s, 0, sizeof(s));
			if (sscanf(buf, "%15s %79s %79s %7s %39s %39s %15s %d %d %lu",
			    slot, local, remote, st, txrx, tr, retr, &uid,
			    &timeout_v, &inode) == 10 &&
			    slot[strlen(slot) - 1] == ':' &&
			    hex_endpoint(local, family, s.addr, sizeof(s.addr),
			    &s.port) == 0 &&
			    hex_endpoint(remote, family, s.raddr, sizeof(s.raddr),
			    &s.rport) == 0) {
				s.family = family;
				s.state = (int)strtol(st, NULL, 16);
				s.inode = inode;
				*socks = xreallocarray(*socks, *n + 1,
				    sizeof(**socks));
				(*socks)[(*n)++] = s;
				added++;
			}
		}
		line = next != NULL ? next + 1 : NULL;
	}
	return added;
}

/* ---- sshd's process ---- */

void
srv_sshd_proc_clear(srv_sshd_proc *p)
{
	if (p == NULL)
		return;
	free(p->cmdline);
	free(p->binary);
	free(p->config);
	free(p->logfile);
	memset(p, 0, sizeof(*p));
}

int
srv_parse_sshd_cmdline(const char *cmdline, size_t len, srv_sshd_proc *p)
{
	char *flat = xmalloc(len + 1), *save = NULL, *w, *first = NULL;
	const char *base;
	size_t i;
	int title = 0, reexec = 0, after_listener = 0;

	memset(p, 0, sizeof(*p));
	p->startups = p->startups_begin = p->startups_full = -1;
	for (i = 0; i < len; i++)
		flat[i] = cmdline[i] == '\0' ? ' ' : cmdline[i];
	flat[len] = '\0';
	while (len > 0 && flat[len - 1] == ' ')
		flat[--len] = '\0';
	{
		unsigned char *esc = (unsigned char *)flat;

		p->cmdline = sw_escape_bytes(esc, len, 4096);
	}
	if (sw_starts_with(flat, "sshd: ")) {
		title = 1;
		memmove(flat, flat + 6, strlen(flat + 6) + 1);
	}
	for (w = strtok_r(flat, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (first == NULL) {
			first = w;
			if (w[0] == '/')
				p->binary = xstrdup(w);
			continue;
		}
		if (after_listener) {
			int a, b, c;

			if (p->startups < 0 && sscanf(w, "%d", &a) == 1)
				p->startups = a;
			else if (sscanf(w, "%d-%d", &b, &c) == 2) {
				p->startups_begin = b;
				p->startups_full = c;
			}
			continue;
		}
		if (strcmp(w, "[listener]") == 0) {
			p->listener = 1;
			after_listener = 1;
		} else if (strcmp(w, "-f") == 0 || strcmp(w, "-E") == 0) {
			char *v = strtok_r(NULL, " ", &save);

			if (v != NULL) {
				char **dst = w[1] == 'f' ? &p->config :
				    &p->logfile;

				free(*dst);
				*dst = xstrdup(v);
			}
		} else if (sw_starts_with(w, "-f") && w[2] != '\0') {
			free(p->config);
			p->config = xstrdup(w + 2);
		} else if (sw_starts_with(w, "-E") && w[2] != '\0') {
			free(p->logfile);
			p->logfile = xstrdup(w + 2);
		} else if (strcmp(w, "-R") == 0)
			reexec = 1;
	}
	base = first != NULL ? strrchr(first, '/') : NULL;
	base = base != NULL ? base + 1 : first;
	if (!title) {
		/* An unrenamed process: the daemon itself unless it is the
		 * re-executed child of a connection (-R). */
		if (base == NULL || strcmp(base, "sshd") != 0) {
			free(flat);
			srv_sshd_proc_clear(p);
			return 0;
		}
		p->listener = !reexec;
	} else if (!p->listener) {
		/* "sshd: alice [priv]" and the like: a session. */
		free(p->config);
		free(p->logfile);
		free(p->binary);
		p->config = p->logfile = p->binary = NULL;
	}
	free(flat);
	return 1;
}

void
srv_daemon_clear(srv_daemon *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n_procs; i++)
		srv_sshd_proc_clear(&d->procs[i]);
	free(d->procs);
	free(d->socks);
	free(d->inodes);
	free(d->config);
	memset(d, 0, sizeof(*d));
}

static int
is_pid(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

int
srv_parse_proc_stat(const char *line, long *pid, char *comm, size_t commsz,
    long *ppid)
{
	const char *open = strchr(line, '('), *close = strrchr(line, ')');
	char state;

	if (open == NULL || close == NULL || close < open)
		return -1;
	*pid = strtol(line, NULL, 10);
	snprintf(comm, commsz, "%.*s", (int)(close - open - 1), open + 1);
	if (sscanf(close + 1, " %c %ld", &state, ppid) != 2)
		return -1;
	return 0;
}

#define DEFAULT_SSHD_CONFIG "/etc/ssh/sshd_config"
#define MAX_ANCESTRY 32

/* One process of the table. */
typedef struct proc_row {
	long pid, ppid;
	int sshd;
} proc_row;

static const proc_row *
row_find(const proc_row *rows, size_t n, long pid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].pid == pid)
			return &rows[i];
	return NULL;
}

/* The first listener among cand that is pid or one of its ancestors, or
 * -1. */
static long
listener_above(const proc_row *rows, size_t n_rows, const srv_sshd_proc *cand,
    size_t nl, long pid)
{
	int depth = 0;
	const proc_row *r;
	size_t k;

	while (pid > 1 && depth++ < MAX_ANCESTRY) {
		for (k = 0; k < nl; k++)
			if (cand[k].pid == pid)
				return pid;
		if ((r = row_find(rows, n_rows, pid)) == NULL)
			break;
		pid = r->ppid;
	}
	return -1;
}

void
srv_find_daemon(sw_probe_ctx *ctx, sw_host *h, srv_daemon *d)
{
	static const char *const tcp_files[2] = { "/proc/net/tcp",
		"/proc/net/tcp6" };
	const char *want = srv_sshd_config_opt(ctx);
	char **names = NULL, **stats = NULL, **paths = NULL, *mine = NULL;
	char **cpaths = NULL, **cmds = NULL, **npaths = NULL, **links = NULL;
	size_t n_names = 0, n_paths = 0, i, nc = 0, nl = 0, *lens = NULL;
	size_t n_rows = 0;
	proc_row *rows = NULL;
	srv_sshd_proc *cand = NULL;
	long self_ppid = -1, ancestor = -1;
	size_t ns_known = 0;
	int rc, all_fds = 1, saw_init = 0;

	memset(d, 0, sizeof(*d));
	/* The sockets of the server's network namespace: /proc/net is per
	 * namespace, so another namespace's daemons never show here. */
	for (i = 0; i < 2; i++) {
		char *text = NULL;
		size_t len;

		rc = host_read_file(h, ctx, tcp_files[i], SRV_FILE_MAX,
		    &text, &len);
		if (rc == 0)
			srv_parse_proc_net_tcp(text, i == 0 ? AF_INET : AF_INET6,
			    &d->socks, &d->n_socks);
		else if (i == 0)
			d->socks_unreadable = 1;
		free(text);
	}

	/* The process table: every /proc/PID/stat line (name and parent) in
	 * one read, and our own, to find the sshd we came in through. */
	rc = host_list_dir(h, ctx, "/proc", &names, &n_names);
	if (rc != 0) {
		d->proc_unreadable = 1;
		goto out;
	}
	paths = xcalloc(n_names + 2, sizeof(char *));
	for (i = 0; i < n_names; i++)
		if (is_pid(names[i]))
			paths[n_paths++] = xasprintf("/proc/%s/stat", names[i]);
	paths[n_paths++] = xstrdup("/proc/self/stat");
	if (host_first_lines(h, ctx, (const char *const *)paths, n_paths,
	    &stats) != 0) {
		d->proc_unreadable = 1;
		goto out;
	}
	rows = xcalloc(n_paths, sizeof(*rows));
	for (i = 0; i < n_paths; i++) {
		char comm[64];
		long pid, ppid;

		if (stats[i] == NULL ||
		    srv_parse_proc_stat(stats[i], &pid, comm, sizeof(comm),
		    &ppid) != 0)
			continue;
		if (i == n_paths - 1) {
			/* The remote sh, when there is one, rather than the
			 * command's parent (a timeout(1) gone by now). */
			self_ppid = host_session_pid(h) > 0 ?
			    host_session_pid(h) : ppid;
			continue;
		}
		saw_init |= pid == 1;
		rows[n_rows].pid = pid;
		rows[n_rows].ppid = ppid;
		rows[n_rows].sshd = strcmp(comm, "sshd") == 0;
		n_rows++;
	}
	/* With /proc mounted hidepid, other users' processes are invisible:
	 * then an sshd that is not seen may still run. */
	if (!saw_init)
		d->proc_unreadable = 1;

	/* The command lines of the sshd processes, then the network
	 * namespaces of the listeners: two round trips however many. */
	cpaths = xcalloc(n_rows + 1, sizeof(char *));
	for (i = 0; i < n_rows; i++)
		if (rows[i].sshd)
			cpaths[nc++] = xasprintf("/proc/%ld/cmdline", rows[i].pid);
	if (nc > 0 && host_read_files(h, ctx, (const char *const *)cpaths,
	    nc, 8192, &cmds, &lens) != 0)
		d->proc_unreadable = 1;
	cand = xcalloc(nc + 1, sizeof(*cand));
	npaths = xcalloc(nc + 2, sizeof(char *));
	for (i = 0; i < nc && cmds != NULL; i++) {
		if (cmds[i] == NULL ||
		    !srv_parse_sshd_cmdline(cmds[i], lens[i], &cand[nl]) ||
		    !cand[nl].listener) {
			srv_sshd_proc_clear(&cand[nl]);
			continue;
		}
		cand[nl].pid = strtol(cpaths[i] + 6, NULL, 10);
		npaths[nl] = xasprintf("/proc/%ld/ns/net", cand[nl].pid);
		nl++;
	}
	npaths[nl] = xstrdup("/proc/self/ns/net");
	if (nl > 0)
		host_readlinks(h, ctx, (const char *const *)npaths, nl + 1,
		    &links);
	if (links != NULL && links[nl] != NULL)
		mine = xstrdup(links[nl]);
	/* The listener we descend from (through the session that runs these
	 * commands) surely serves this namespace. */
	for (i = 0; i < nl; i++)
		ns_known += mine != NULL && links != NULL && links[i] != NULL;
	if (nl > 0 && ns_known == nl)
		d->how = "by network namespace";
	else if ((ancestor = listener_above(rows, n_rows, cand, nl,
	    self_ppid)) > 0)
		d->how = "as the parent of the session running the checks";
	for (i = 0; i < nl; i++) {
		srv_sshd_proc *p = &cand[i];
		const char *ns = links != NULL ? links[i] : NULL;
		int keep;

		if (mine != NULL && ns != NULL)
			/* Another network namespace is another machine, as
			 * far as this check goes. */
			keep = strcmp(ns, mine) == 0;
		else if (ancestor > 0)
			/* Without root the namespaces cannot be read: trust
			 * the listener that let us in. */
			keep = p->pid == ancestor;
		else
			keep = 1;
		if (keep && want != NULL)
			keep = p->config != NULL && strcmp(p->config, want) == 0;
		if (!keep) {
			srv_sshd_proc_clear(p);
			d->n_others++;
			continue;
		}
		d->procs = xreallocarray(d->procs, d->n_procs + 1,
		    sizeof(*d->procs));
		d->procs[d->n_procs++] = *p;
	}
	/* The sockets each listener holds (root, or the daemon's own user). */
	{
		size_t np = d->n_procs, j, m, best = 0;
		unsigned long **ino = xcalloc(np + 1, sizeof(*ino));
		size_t *nino = xcalloc(np + 1, sizeof(*nino));
		int best_score = -1;

		for (i = 0; i < d->n_procs; i++)
			if (host_socket_inodes(h, ctx, d->procs[i].pid, &ino[i],
			    &nino[i]) != 0)
				all_fds = 0;
		d->fds_read = d->n_procs > 0 && all_fds;
		/* Several listeners: the one that holds the port tried, else
		 * (no config asked for) the one with the default config, else
		 * the first.  The others are another daemon. */
		for (i = 0; i < d->n_procs; i++) {
			int score = 0, seen = 0;

			for (j = 0; j < d->n_socks; j++)
				for (m = 0; m < nino[i]; m++)
					if (d->socks[j].inode == ino[i][m]) {
						seen = 1;
						if (d->socks[j].state ==
						    SRV_TCP_LISTEN &&
						    d->socks[j].port ==
						    srv_port(ctx))
							score = 4;
					}
			if (d->fds_read && mine == NULL && !seen)
				score = -1;	/* not in this namespace */
			else if (score == 0 && want == NULL &&
			    (d->procs[i].config == NULL ||
			    strcmp(d->procs[i].config,
			    DEFAULT_SSHD_CONFIG) == 0))
				score = 2;
			if (score > best_score) {
				best_score = score;
				best = i;
			}
		}
		for (i = 0; i < d->n_procs; i++) {
			if ((d->n_procs > 1 && i != best) || best_score < 0) {
				srv_sshd_proc_clear(&d->procs[i]);
				d->n_others++;
				continue;
			}
			d->inodes = xreallocarray(d->inodes, d->n_inodes +
			    nino[i] + 1, sizeof(*d->inodes));
			if (nino[i] > 0)
				memcpy(d->inodes + d->n_inodes, ino[i],
				    nino[i] * sizeof(**ino));
			d->n_inodes += nino[i];
		}
		/* Several candidates, no namespace, no ancestor, no socket
		 * to tell them apart: a guess. */
		d->ambiguous = d->n_procs > 1 && best_score < 4 &&
		    ancestor < 0 && ns_known < nl;
		if (d->n_procs > 1 && best_score == 4 && d->how == NULL)
			d->how = "by the socket it holds on the port";
		if (best_score < 0) {
			d->n_procs = 0;	/* none in this namespace */
			d->fds_read = 0;
			d->ambiguous = 0;
		}
		else if (d->n_procs > 1) {
			d->procs[0] = d->procs[best];
			d->n_procs = 1;
		}
		for (i = 0; i < np; i++)
			free(ino[i]);
		free(ino);
		free(nino);
	}
out:
	if (want != NULL) {
		d->config = xstrdup(want);
		d->config_given = 1;
	} else if (d->n_procs > 0 && d->procs[0].config != NULL)
		d->config = xstrdup(d->procs[0].config);
	else
		d->config = xstrdup(DEFAULT_SSHD_CONFIG);
	for (i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	for (i = 0; i < n_paths; i++) {
		free(paths[i]);
		if (stats != NULL)
			free(stats[i]);
	}
	free(paths);
	free(stats);
	for (i = 0; i < nc; i++) {
		free(cpaths[i]);
		if (cmds != NULL)
			free(cmds[i]);
	}
	free(cpaths);
	free(cmds);
	free(lens);
	for (i = 0; npaths != NULL && i <= nl; i++) {
		free(npaths[i]);
		if (links != NULL)
			free(links[i]);
	}
	free(npaths);
	free(links);
	free(cand);
	free(rows);
	free(mine);
}

/* ---- Health parsers ---- */

int
srv_parse_loadavg(const char *text, double avg[3])
{
	return sscanf(text, "%lf %lf %lf", &avg[0], &avg[1], &avg[2]) == 3 ?
	    0 : -1;
}

int
srv_parse_meminfo(const char *text, long *total_kb, long *avail_kb)
{
	const char *p;

	*total_kb = *avail_kb = -1;
	if ((p = strstr(text, "MemTotal:")) != NULL)
		*total_kb = strtol(p + 9, NULL, 10);
	if ((p = strstr(text, "MemAvailable:")) != NULL)
		*avail_kb = strtol(p + 13, NULL, 10);
	return *total_kb > 0 && *avail_kb >= 0 ? 0 : -1;
}

int
srv_parse_cpu_list(const char *text)
{
	const char *p = text;
	int count = 0;

	while (*p != '\0' && *p != '\n') {
		char *end;
		long a = strtol(p, &end, 10), b;

		if (end == p || a < 0)
			return -1;
		b = a;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (end == p + 1 || b < a)
				return -1;
			p = end;
		}
		count += (int)(b - a + 1);
		if (*p == ',')
			p++;
		else if (*p != '\0' && *p != '\n')
			return -1;
	}
	return count > 0 ? count : -1;
}

/* ---- Logs ---- */

/* 1 if ip occurs in line as a whole address (not part of a longer one). */
static int
line_names_ip(const char *line, const char *ip)
{
	size_t n = strlen(ip);
	const char *p = line;

	while ((p = strstr(p, ip)) != NULL) {
		char before = p == line ? ' ' : p[-1];
		char after = p[n];

		if (!isalnum((unsigned char)before) && before != '.' &&
		    before != ':' && !isalnum((unsigned char)after) &&
		    !(after == '.' && isdigit((unsigned char)p[n + 1])) &&
		    !(after == ':' && isxdigit((unsigned char)p[n + 1]) &&
		    strchr(ip, ':') != NULL))
			return 1;
		p += n;
	}
	return 0;
}

size_t
srv_log_filter(const char *text, const char *ip, int any_program,
    char ***lines, size_t *n, size_t max)
{
	const char *line = text;
	size_t kept = 0;

	while (line != NULL && *line != '\0') {
		const char *next = strchr(line, '\n');
		size_t len = next != NULL ? (size_t)(next - line) : strlen(line);
		char *copy;

		/* sshd -E ends its lines with "\r\n". */
		if (len > 0 && line[len - 1] == '\r')
			len--;
		copy = xstrndup(line, len);
		if ((any_program || strstr(copy, "sshd") != NULL) &&
		    (ip == NULL || line_names_ip(copy, ip))) {
			if (*n >= max && max > 0) {
				free((*lines)[0]);
				memmove(*lines, *lines + 1,
				    (*n - 1) * sizeof(char *));
				(*n)--;
			}
			*lines = xreallocarray(*lines, *n + 1, sizeof(char *));
			(*lines)[(*n)++] = sw_escape_bytes(
			    (const unsigned char *)copy, len, 1024);
			kept++;
		}
		free(copy);
		line = next != NULL ? next + 1 : NULL;
	}
	return kept < max ? kept : max;
}

/* ---- sshd -T for one connection ---- */

char *
srv_sshd_T(sw_probe_ctx *ctx, sw_host *h, const char *user,
    const char *const *allow, char **config)
{
	const char *ip = srv_client_ip(ctx), *bin;
	char *spec, *out = NULL;
	const char *argv[7];
	sw_host_result r;
	srv_daemon d;
	size_t k = 0;

	srv_find_daemon(ctx, h, &d);
	bin = d.n_procs > 0 && d.procs[0].binary != NULL ?
	    d.procs[0].binary : "sshd";
	spec = ip != NULL ? xasprintf("user=%s,host=%s,addr=%s", user, ip, ip) :
	    xasprintf("user=%s", user);
	argv[k++] = bin;
	argv[k++] = "-T";
	argv[k++] = "-C";
	argv[k++] = spec;
	if (d.config != NULL && host_path_ok(d.config)) {
		argv[k++] = "-f";
		argv[k++] = d.config;
	}
	argv[k] = NULL;
	if (host_run(h, ctx, allow, argv, &r) == 0 && r.status == 0) {
		out = r.out;
		r.out = NULL;
		evidence_add(&ctx->evidence, "effective_config", "%s -T -C %s%s%s",
		    bin, spec, d.config != NULL ? " -f " : "",
		    d.config != NULL ? d.config : "");
	} else {
		char *cmd = xasprintf("sudo %s -T -C %s", bin, spec);

		/* sshd -T needs root (it loads the host keys). */
		srv_unchecked(ctx, "sshd -T -C", host_is_root(h) == 1 ?
		    HOST_EFAIL : HOST_EPERM, cmd);
		free(cmd);
	}
	host_result_free(&r);
	free(spec);
	if (config != NULL) {
		*config = d.config;
		d.config = NULL;
	}
	srv_daemon_clear(&d);
	return out;
}

/* ---- The user who fails to log in ---- */

const char *
srv_login_user(sw_probe_ctx *ctx, sw_host **hp, const char **userp)
{
	const sw_target *t = ctx->target;
	const char *user;

	*userp = NULL;
	if (t == NULL || t->user == NULL ||
	    (host_kind(t->server) == SW_HOST_LOCAL &&
	    t->user_src == SW_SRC_DEFAULT)) {
		evidence_add(&ctx->evidence, "note", "no user to check: give "
		    "the one who cannot log in with -l USER");
		return "no_user";
	}
	user = t->user;
	if (srv_open(ctx, hp) != 0)
		return "unchecked";
	evidence_add(&ctx->evidence, "user", "%s", user);
	if (strlen(user) > 64 || strspn(user, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(user) ||
	    user[0] == '-') {
		evidence_add(&ctx->evidence, "unchecked", "the user name has "
		    "characters this check does not pass to commands");
		return "unchecked";
	}
	*userp = user;
	return NULL;
}
