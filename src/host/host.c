/* The host layer's interface: allow-lists, the command line a command
 * becomes, and the file reads, over whichever back-end the host has (this
 * machine, or another over libssh: host_local.c, host_remote.c). */
#include "config.h"

#include "core/shquote.h"
#include "core/util.h"
#include "host/host-int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most bytes of a first line kept. */
#define LINE_MAX_BYTES 4096
/* Most paths in one grep or ls call. */
#define BATCH 400

/* The layer's own commands: the file reads below and the session reads of
 * the remote back-end.  Probes pass their own lists to host_run. */
static const char *const layer_cmds[] = {
	"head -c %N -- %P",
	"grep -s -H -Z -m 1 -e ^ -- %P+",
	"ls -1 -a -- %P",
	"ls -l -- %P",
	"ls -l -d -L -- %P+",
	"readlink -- %P",
	"stat -L -c %a:%u:%F:%n -- %P+",
	"find %P+ -maxdepth 0 -printf %p\\0%l\\0",
	"sed -s -n 1F;l0 -- %P+",
	"printenv SSH_CONNECTION",
	"id -u",
	NULL,
};

int
host_path_ok(const char *p)
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

/* A connection spec for `sshd -T -C`: user=NAME[,host=NAME][,addr=IP]. */
static int
conn_ok(const char *s)
{
	char *copy, *save = NULL, *kv;
	int ok = 1, user = 0;

	if (strlen(s) > 300)
		return 0;
	copy = xstrdup(s);
	for (kv = strtok_r(copy, ",", &save); kv != NULL && ok;
	    kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');

		if (eq == NULL) {
			ok = 0;
			break;
		}
		*eq++ = '\0';
		if (strcmp(kv, "user") == 0) {
			ok = name_ok(eq);
			user = 1;
		}
		else if (strcmp(kv, "host") == 0)
			ok = name_ok(eq);
		else if (strcmp(kv, "addr") == 0)
			ok = addr_ok(eq);
		else
			ok = 0;
	}
	free(copy);
	return ok && user;
}

static int
sshd_ok(const char *s)
{
	size_t n = strlen(s);

	if (strcmp(s, "sshd") == 0)
		return 1;
	return host_path_ok(s) && n > 5 && strcmp(s + n - 5, "/sshd") == 0;
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
			size_t first = i;

			/* As many as validate (paths start with '/', names
			 * never with '-': the words after them cannot). */
			while (argv[i] != NULL && (path ?
			    host_path_ok(argv[i]) : name_ok(argv[i])))
				i++;
			ok = i > first;
			continue;
		}
		if (argv[i] == NULL) {
			ok = 0;
			break;
		}
		if (strcmp(w, "%N") == 0)
			ok = num_ok(argv[i]);
		else if (strcmp(w, "%P") == 0)
			ok = host_path_ok(argv[i]);
		else if (strcmp(w, "%S") == 0)
			ok = name_ok(argv[i]);
		else if (strcmp(w, "%D") == 0)
			ok = sshd_ok(argv[i]);
		else if (strcmp(w, "%C") == 0)
			ok = conn_ok(argv[i]);
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
host_allowed(const char *const *allow, const char *const argv[])
{
	size_t i;

	if (allow == NULL || argv == NULL || argv[0] == NULL)
		return 0;
	for (i = 0; allow[i] != NULL; i++)
		if (pattern_match(allow[i], argv))
			return 1;
	return 0;
}

/* Commands that must not run under sudo (they read the session). */
static int
session_read(const char *const argv[])
{
	return strcmp(argv[0], "printenv") == 0 || strcmp(argv[0], "id") == 0;
}

int
host_wants_sudo(const sw_host *h, const char *const argv[])
{
	return h->sudo && !session_read(argv);
}

char *
host_command_line(const char *const argv[], int sudo)
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
	if (sudo && !session_read(argv))
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
host_strerror(int code)
{
	switch (code) {
	case 0:
		return "no error";
	case HOST_ENOENT:
		return "not found";
	case HOST_EPERM:
		return "permission denied";
	case HOST_ETIME:
		return "timed out";
	case HOST_EDENIED:
		return "not on the allow-list";
	case HOST_ECONN:
		return "the remote session is down";
	default:
		return "failed";
	}
}

/* ---- Objects ---- */

sw_host *
host_alloc(sw_host_kind kind, const host_backend *be, void *priv,
    const char *label)
{
	sw_host *h = xcalloc(1, sizeof(*h));

	h->kind = kind;
	h->be = be;
	h->priv = priv;
	h->root = -1;
	h->session_pid = -1;
	h->label = xstrdup(label);
	return h;
}

void
host_free(sw_host *h)
{
	if (h == NULL)
		return;
	if (h->be->free_priv != NULL)
		h->be->free_priv(h->priv);
	free(h->label);
	free(h->peer_ip);
	free(h);
}

void
host_read_by_commands(sw_host *h)
{
	h->by_commands = 1;
}

sw_host_kind
host_kind(const sw_host *h)
{
	return h->kind;
}

const char *
host_host(const sw_host *h)
{
	/* The label is "via HOST" exactly when h is another machine. */
	return h->kind == SW_HOST_VIA ? h->label + 4 : NULL;
}

const char *
host_label(const sw_host *h)
{
	return h->label;
}

int
host_used(const sw_host *h)
{
	return h->used;
}

int
host_sudo(const sw_host *h)
{
	return h->sudo;
}

int
host_is_root(const sw_host *h)
{
	return h->root;
}

const char *
host_peer_ip(const sw_host *h)
{
	return h->peer_ip;
}

int
host_peer_port(const sw_host *h)
{
	return h->peer_port;
}

long
host_session_pid(const sw_host *h)
{
	return h->session_pid;
}

int
host_peer_client_port(const sw_host *h)
{
	return h->peer_client_port;
}

void
host_set_peer_ip(sw_host *h, const char *ip)
{
	free(h->peer_ip);
	h->peer_ip = ip != NULL ? xstrdup(ip) : NULL;
}

void
host_parse_ssh_connection(sw_host *h, const char *s)
{
	char ip[64], sip[64];
	int cport, sport;
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

void
host_result_free(sw_host_result *r)
{
	if (r == NULL)
		return;
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
	r->status = -1;
}

int
host_cap_add(sbuf *b, const char *p, size_t n, size_t cap)
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

int
host_errno_code(int e)
{
	return e == ENOENT || e == ESRCH || e == ENOTDIR ? HOST_ENOENT :
	    e == EACCES || e == EPERM ? HOST_EPERM : HOST_EFAIL;
}

/* ---- Running commands ---- */

int
host_open(sw_host *h, sw_probe_ctx *ctx, char **errp)
{
	*errp = NULL;
	return h->be->open != NULL ? h->be->open(h, ctx, errp) : 0;
}

/* Runs argv, allowed by the caller.  Says in the probe's evidence what was
 * cut or stopped. */
static int
run_checked(sw_host *h, sw_probe_ctx *ctx, const char *const argv[],
    sw_host_result *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	rc = h->be->run(h, ctx, argv, r);
	if (r->out == NULL)
		r->out = xstrdup("");
	if (r->err == NULL)
		r->err = xstrdup("");
	if (rc == 0 && r->truncated)
		evidence_add(&ctx->evidence, "cut", "%s printed more than %u "
		    "bytes: the rest was not read", argv[0],
		    (unsigned)HOST_MAX_OUT);
	else if (rc == HOST_ETIME && !probe_ctx_cancelled(ctx))
		evidence_add(&ctx->evidence, "cut", "%s did not finish before "
		    "the time limit: it was stopped", argv[0]);
	return rc;
}

int
host_run(sw_host *h, sw_probe_ctx *ctx, const char *const *allow,
    const char *const argv[], sw_host_result *r)
{
	if (!host_allowed(allow, argv)) {
		memset(r, 0, sizeof(*r));
		r->status = -1;
		r->out = xstrdup("");
		r->err = xstrdup("");
		return HOST_EDENIED;
	}
	return run_checked(h, ctx, argv, r);
}

/* A run of one of the layer's own commands. */
static int
layer_run(sw_host *h, sw_probe_ctx *ctx, const char *const argv[],
    sw_host_result *r)
{
	return host_run(h, ctx, layer_cmds, argv, r);
}

/* Runs one of the layer's commands: the words of head, the n paths, then
 * the words of tail (NULL for none). */
static int
run_paths(sw_host *h, sw_probe_ctx *ctx, const char *const *head,
    const char *const *paths, size_t n, const char *const *tail,
    sw_host_result *r)
{
	size_t nh = 0, nt = 0, i, k = 0;
	const char **argv;
	int rc;

	while (head[nh] != NULL)
		nh++;
	while (tail != NULL && tail[nt] != NULL)
		nt++;
	argv = xcalloc(nh + n + nt + 1, sizeof(char *));
	for (i = 0; i < nh; i++)
		argv[k++] = head[i];
	for (i = 0; i < n; i++)
		argv[k++] = paths[i];
	for (i = 0; i < nt; i++)
		argv[k++] = tail[i];
	rc = layer_run(h, ctx, argv, r);
	free(argv);
	return rc;
}

/* 1 when files are read directly, without commands. */
static int
direct(const sw_host *h)
{
	return !h->sudo && !h->by_commands;
}

/* The HOST_E* code a failed file command's stderr means. */
static int
file_error(const sw_host *h, const sw_host_result *r)
{
	if (strstr(r->err, "No such file") != NULL ||
	    strstr(r->err, "No such process") != NULL)
		return HOST_ENOENT;
	/* Permission denied means "needs root" only when not root. */
	if (h->root != 1 && (strstr(r->err, "Permission denied") != NULL ||
	    strstr(r->err, "Operation not permitted") != NULL ||
	    strstr(r->err, "a password is required") != NULL))
		return HOST_EPERM;
	return HOST_EFAIL;
}

/* ---- Reading files ---- */

int
host_read_file(sw_host *h, sw_probe_ctx *ctx, const char *path,
    size_t max, char **out, size_t *len)
{
	char num[24];
	const char *argv[] = { "head", "-c", num, "--", path, NULL };
	sw_host_result r;
	int rc;

	*out = NULL;
	*len = 0;
	if (!host_path_ok(path))
		return HOST_EDENIED;
	if (max > HOST_MAX_OUT)
		max = HOST_MAX_OUT;
	if (h->be->read_file != NULL && direct(h)) {
		h->used = 1;
		return h->be->read_file(path, max, out, len);
	}
	snprintf(num, sizeof(num), "%zu", max);
	if ((rc = layer_run(h, ctx, argv, &r)) != 0) {
		host_result_free(&r);
		return rc;
	}
	if (r.status != 0) {
		rc = file_error(h, &r);
		host_result_free(&r);
		return rc;
	}
	*len = r.out_len;
	*out = r.out;
	r.out = NULL;	/* transferred */
	host_result_free(&r);
	return 0;
}

/* Decodes one line of sed's `l` output (without its final '$') onto *b:
 * \\, \a \b \f \n \r \t \v and \ooo escapes, everything else as is. */
static void
unescape_l(sbuf *b, const char *p, size_t n)
{
	static const char from[] = "\\abfnrtv", to[] = "\\\a\b\f\n\r\t\v";
	size_t i = 0;

	while (i < n) {
		const char *k;

		if (p[i] != '\\' || i + 1 >= n) {
			sbuf_addc(b, p[i++]);
			continue;
		}
		if ((k = strchr(from, p[i + 1])) != NULL && *k != '\0') {
			sbuf_addc(b, to[k - from]);
			i += 2;
		} else if (i + 3 < n && p[i + 1] >= '0' && p[i + 1] <= '3' &&
		    p[i + 2] >= '0' && p[i + 2] <= '7' && p[i + 3] >= '0' &&
		    p[i + 3] <= '7') {
			sbuf_addc(b, (char)((p[i + 1] - '0') * 64 +
			    (p[i + 2] - '0') * 8 + (p[i + 3] - '0')));
			i += 4;
		} else
			sbuf_addc(b, p[i++]);
	}
}

/* The first max bytes of *b, NUL-terminated (may hold NULs); empties *b.
 * Caller frees. */
static char *
take_capped(sbuf *b, size_t max, size_t *len)
{
	char *t;

	*len = b->len < max ? b->len : max;
	t = xmalloc(*len + 1);
	if (*len > 0)
		memcpy(t, b->s, *len);
	t[*len] = '\0';
	sbuf_free(b);
	memset(b, 0, sizeof(*b));
	return t;
}

int
host_parse_sed_l(const char *out, size_t len, const char *const *paths,
    size_t n, size_t max, char **texts, size_t *lens)
{
	const char *p = out, *limit = out + len;
	size_t at = 0, cur = n;
	sbuf b = { 0 };

	/* `sed -s -n '1F;l 0'`: a file's name on a line of its own, then
	 * each of its lines escaped and ended with '$'.  An escaped line
	 * holds no raw newline and always ends with '$' (a checked path
	 * never does), so a file's bytes cannot pass for a name. */
	while (p < limit) {
		const char *nl = memchr(p, '\n', (size_t)(limit - p));
		size_t ll = (size_t)((nl != NULL ? nl : limit) - p);

		if (ll > 0 && p[ll - 1] == '$') {
			if (cur < n) {
				if (b.len > 0 || texts[cur] != NULL)
					sbuf_addc(&b, '\n');
				unescape_l(&b, p, ll - 1);
				texts[cur] = texts[cur] != NULL ? texts[cur] :
				    xstrdup("");
			}
		} else {
			size_t j;

			if (cur < n) {
				free(texts[cur]);
				texts[cur] = take_capped(&b, max, &lens[cur]);
			}
			cur = n;
			for (j = at; j < n; j++)
				if (strlen(paths[j]) == ll &&
				    memcmp(paths[j], p, ll) == 0)
					break;
			if (j < n) {
				cur = j;
				at = j + 1;
			}
		}
		p = nl != NULL ? nl + 1 : limit;
	}
	if (cur < n && texts[cur] != NULL) {
		free(texts[cur]);
		texts[cur] = take_capped(&b, max, &lens[cur]);
	}
	sbuf_free(&b);
	return 0;
}

int
host_read_files(sw_host *h, sw_probe_ctx *ctx, const char *const *paths,
    size_t n, size_t max, char ***texts, size_t **lens)
{
	size_t i;
	int rc = 0;

	*texts = xcalloc(n + 1, sizeof(char *));
	*lens = xcalloc(n + 1, sizeof(size_t));
	if (max > 65536)
		max = 65536;
	if (n == 0)
		return 0;
	if (!(h->be->read_file != NULL && direct(h))) {
		/* One round trip, framed so that contents cannot forge. */
		const char **argv = xcalloc(n + 8, sizeof(char *));
		sw_host_result r;
		size_t k = 0;

		argv[k++] = "sed";
		argv[k++] = "-s";
		argv[k++] = "-n";
		argv[k++] = "1F;l0";
		argv[k++] = "--";
		for (i = 0; i < n; i++)
			argv[k++] = paths[i];
		rc = layer_run(h, ctx, argv, &r);
		free(argv);
		if (rc == 0 && !r.truncated && (r.status == 0 ||
		    r.status == 2)) {
			host_parse_sed_l(r.out, r.out_len, paths, n, max,
			    *texts, *lens);
			host_result_free(&r);
			return 0;
		}
		host_result_free(&r);
		if (rc == HOST_ETIME || rc == HOST_ECONN)
			return rc;
		/* No GNU sed there: one read per file. */
	}
	for (i = 0; i < n && rc != HOST_ETIME && rc != HOST_ECONN; i++) {
		rc = host_read_file(h, ctx, paths[i], max, &(*texts)[i],
		    &(*lens)[i]);
		if (rc != 0) {
			free((*texts)[i]);
			(*texts)[i] = NULL;
			(*lens)[i] = 0;
		}
	}
	return rc == HOST_ETIME || rc == HOST_ECONN ? rc : 0;
}

int
host_first_lines(sw_host *h, sw_probe_ctx *ctx, const char *const *paths,
    size_t n, char ***lines)
{
	size_t i, start;
	int rc = 0;

	*lines = xcalloc(n + 1, sizeof(char *));
	if (h->be->read_file != NULL && direct(h)) {
		for (i = 0; i < n; i++) {
			char *text = NULL;
			size_t len;

			if (host_read_file(h, ctx, paths[i], LINE_MAX_BYTES,
			    &text, &len) == 0) {
				text[strcspn(text, "\n")] = '\0';
				(*lines)[i] = text;
			}
		}
		return 0;
	}
	for (start = 0; start < n && rc == 0; start += BATCH) {
		size_t end = start + BATCH < n ? start + BATCH : n, k = 0, at;
		const char **argv = xcalloc(end - start + 10, sizeof(char *));
		sw_host_result r;
		const char *p, *limit;

		argv[k++] = "grep";
		argv[k++] = "-s";
		argv[k++] = "-H";
		argv[k++] = "-Z";
		argv[k++] = "-m";
		argv[k++] = "1";
		argv[k++] = "-e";
		argv[k++] = "^";
		argv[k++] = "--";
		for (i = start; i < end; i++)
			argv[k++] = paths[i];
		rc = layer_run(h, ctx, argv, &r);
		free(argv);
		if (rc != 0) {
			host_result_free(&r);
			break;
		}
		/* Records "PATH\0LINE\n", one a file, in argument order: a
		 * line holds no newline, so no file can add a record. */
		at = start;
		p = r.out;
		limit = r.out + r.out_len;
		while (p < limit) {
			const char *nul = memchr(p, '\0', (size_t)(limit - p));
			const char *nl;
			size_t j;

			if (nul == NULL)
				break;
			nl = memchr(nul + 1, '\n', (size_t)(limit - nul - 1));
			if (nl == NULL)
				nl = limit;
			for (j = at; j < end; j++) {
				if (strlen(paths[j]) == (size_t)(nul - p) &&
				    memcmp(p, paths[j], (size_t)(nul - p)) == 0) {
					(*lines)[j] = xstrndup(nul + 1,
					    (size_t)(nl - nul - 1));
					at = j + 1;
					break;
				}
			}
			p = nl + 1;
		}
		host_result_free(&r);
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
host_list_dir(sw_host *h, sw_probe_ctx *ctx, const char *path,
    char ***names, size_t *n)
{
	const char *argv[] = { "ls", "-1", "-a", "--", path, NULL };
	sw_host_result r;
	char *line, *save = NULL;
	int rc;

	*names = NULL;
	*n = 0;
	if (!host_path_ok(path))
		return HOST_EDENIED;
	if (h->be->list_dir != NULL && direct(h)) {
		h->used = 1;
		return h->be->list_dir(path, names, n);
	}
	if ((rc = layer_run(h, ctx, argv, &r)) != 0 ||
	    (r.status != 0 && (rc = file_error(h, &r)) != 0)) {
		host_result_free(&r);
		return rc;
	}
	for (line = strtok_r(r.out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strcmp(line, ".") != 0 && strcmp(line, "..") != 0)
			names_add(names, n, line);
	host_result_free(&r);
	return 0;
}

void
host_inode_add(const char *s, unsigned long **inodes, size_t *n)
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
host_socket_inodes(sw_host *h, sw_probe_ctx *ctx, long pid,
    unsigned long **inodes, size_t *n)
{
	char dir[64];
	const char *argv[] = { "ls", "-l", "--", dir, NULL };
	sw_host_result r;
	char *line, *save = NULL;
	int rc;

	*inodes = NULL;
	*n = 0;
	if (h->be->socket_inodes != NULL && direct(h)) {
		h->used = 1;
		return h->be->socket_inodes(pid, inodes, n);
	}
	snprintf(dir, sizeof(dir), "/proc/%ld/fd", pid);
	if ((rc = layer_run(h, ctx, argv, &r)) != 0 ||
	    (r.status != 0 && (rc = file_error(h, &r)) != 0)) {
		host_result_free(&r);
		return rc;
	}
	for (line = strtok_r(r.out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		const char *arrow = strstr(line, " -> ");

		if (arrow != NULL)
			host_inode_add(arrow + 4, inodes, n);
	}
	host_result_free(&r);
	return 0;
}

int
host_executables(sw_host *h, sw_probe_ctx *ctx, const char *const *paths,
    size_t n, int *exists)
{
	sw_host_result r;
	char *line, *save = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		exists[i] = 0;
	if (n == 0)
		return 0;
	if (h->be->executable != NULL && direct(h)) {
		h->used = 1;
		for (i = 0; i < n; i++)
			exists[i] = h->be->executable(paths[i]);
		return 0;
	}
	rc = run_paths(h, ctx, (const char *const[]){ "ls", "-l", "-d", "-L",
	    "--", NULL }, paths, n, NULL, &r);
	if (rc != 0) {
		host_result_free(&r);
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
	host_result_free(&r);
	return 0;
}

int
host_readlink(sw_host *h, sw_probe_ctx *ctx, const char *path,
    char **target)
{
	const char *argv[] = { "readlink", "--", path, NULL };
	sw_host_result r;
	int rc;

	*target = NULL;
	if (!host_path_ok(path))
		return HOST_EDENIED;
	if (h->be->readlink != NULL && direct(h)) {
		h->used = 1;
		return h->be->readlink(path, target);
	}
	if ((rc = layer_run(h, ctx, argv, &r)) != 0 || r.status != 0) {
		if (rc == 0)
			rc = file_error(h, &r);
		host_result_free(&r);
		return rc;
	}
	r.out[strcspn(r.out, "\n")] = '\0';
	*target = r.out;
	r.out = NULL;	/* transferred */
	host_result_free(&r);
	return 0;
}

int
host_readlinks(sw_host *h, sw_probe_ctx *ctx, const char *const *paths,
    size_t n, char ***targets)
{
	size_t i;
	int rc = 0;

	*targets = xcalloc(n + 1, sizeof(char *));
	if (n == 0)
		return 0;
	if (!(h->be->readlink != NULL && direct(h))) {
		/* One round trip: find prints "PATH\0TARGET\0" for each path
		 * that exists, and neither a path nor a link target can hold
		 * a NUL, so no link can pass for another. */
		const char **argv = xcalloc(n + 6, sizeof(char *));
		sw_host_result r;
		size_t k = 0, at = 0;

		argv[k++] = "find";
		for (i = 0; i < n; i++)
			argv[k++] = paths[i];
		argv[k++] = "-maxdepth";
		argv[k++] = "0";
		argv[k++] = "-printf";
		argv[k++] = "%p\\0%l\\0";
		rc = layer_run(h, ctx, argv, &r);
		free(argv);
		if (rc == 0 && !r.truncated && (r.status == 0 || r.status == 1)) {
			const char *p = r.out, *limit = r.out + r.out_len;

			while (p < limit) {
				const char *z1 = memchr(p, '\0',
				    (size_t)(limit - p)), *z2;
				size_t j;

				if (z1 == NULL || (z2 = memchr(z1 + 1, '\0',
				    (size_t)(limit - z1 - 1))) == NULL)
					break;
				for (j = at; j < n; j++)
					if (strcmp(paths[j], p) == 0)
						break;
				if (j < n && z2 > z1 + 1) {
					(*targets)[j] = xstrdup(z1 + 1);
					at = j + 1;
				}
				p = z2 + 1;
			}
			host_result_free(&r);
			return 0;
		}
		host_result_free(&r);
		if (rc == HOST_ETIME || rc == HOST_ECONN)
			return rc;
		rc = 0;		/* no find there: one readlink per path */
	}
	for (i = 0; i < n && rc != HOST_ETIME && rc != HOST_ECONN; i++)
		if ((rc = host_readlink(h, ctx, paths[i], &(*targets)[i])) != 0)
			(*targets)[i] = NULL;
	return rc == HOST_ETIME || rc == HOST_ECONN ? rc : 0;
}

int
host_stat(sw_host *h, sw_probe_ctx *ctx, const char *const *paths, size_t n,
    sw_host_stat *st)
{
	sw_host_result r;
	char *line, *save = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		memset(&st[i], 0, sizeof(st[i]));
	if (n == 0)
		return 0;
	if (h->be->stat != NULL && direct(h)) {
		h->used = 1;
		for (i = 0; i < n; i++)
			h->be->stat(paths[i], &st[i]);
		return 0;
	}
	rc = run_paths(h, ctx, (const char *const[]){ "stat", "-L", "-c",
	    "%a:%u:%F:%n", "--", NULL }, paths, n, NULL, &r);
	if (rc != 0) {
		host_result_free(&r);
		return rc;
	}
	/* "MODE:UID:TYPE:PATH", one line per path that exists; a checked
	 * path holds no newline, so each line is one path's. */
	for (line = strtok_r(r.out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2, *c3;

		if (c1 == NULL || (c2 = strchr(c1 + 1, ':')) == NULL ||
		    (c3 = strchr(c2 + 1, ':')) == NULL)
			continue;
		for (i = 0; i < n; i++) {
			if (strcmp(c3 + 1, paths[i]) != 0 || st[i].exists)
				continue;
			st[i].exists = 1;
			st[i].mode = (unsigned)strtoul(line, NULL, 8);
			st[i].uid = strtol(c1 + 1, NULL, 10);
			st[i].is_dir = strncmp(c2 + 1, "directory", 9) == 0;
			st[i].is_reg = strncmp(c2 + 1, "regular", 7) == 0;
			break;
		}
	}
	host_result_free(&r);
	return 0;
}
