/* The SSH daemon on the server: is it installed, does it run, is its config
 * valid, and does it listen on the port and address the client uses?
 *
 *   server.daemon.installed  the sshd binary and the openssh-server package
 *   server.daemon.running    the listener process (in this network
 *                            namespace, with the config asked for), and
 *                            systemd's unit state where systemd runs
 *   server.daemon.config     `sshd -t` on the config the daemon runs with
 *   server.daemon.listen     the daemon's listening sockets
 *                            (/proc/net/tcp*, matched by socket inode)
 *                            against Port/ListenAddress and the port tried
 */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <ctype.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const daemon_cmds[] = {
	"systemctl is-active %S+",
	"systemctl is-enabled %S+",
	"dpkg-query -W -f=${db:Status-Abbrev}${Version} openssh-server",
	"rpm -q openssh-server",
	"%D -t",
	"%D -t -f %P",
	"%D -T",
	"%D -T -f %P",
	NULL,
};

static const char *const sshd_paths[] = { "/usr/sbin/sshd", "/usr/bin/sshd",
	"/sbin/sshd", "/usr/local/sbin/sshd" };
#define N_SSHD_PATHS (sizeof(sshd_paths) / sizeof(sshd_paths[0]))

/* ---- Config parsing ---- */

void
srv_sshd_config_clear(srv_sshd_config *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->ports);
	free(c->listen);
	free(c->address_family);
	for (i = 0; i < c->n_files; i++)
		free(c->files[i]);
	free(c->files);
	for (i = 0; i < c->n_problems; i++)
		free(c->problems[i]);
	free(c->problems);
	for (i = 0; i < c->n_lines; i++) {
		free(c->lines[i].keyword);
		free(c->lines[i].value);
		free(c->lines[i].text);
	}
	free(c->lines);
	for (i = 0; i < c->n_matches; i++) {
		free(c->matches[i].criteria);
		free(c->matches[i].text);
	}
	free(c->matches);
	memset(c, 0, sizeof(*c));
	c->ms_begin = c->ms_rate = c->ms_full = -1;
}

static void
config_init(srv_sshd_config *c)
{
	memset(c, 0, sizeof(*c));
	c->ms_begin = c->ms_rate = c->ms_full = -1;
}

static void
add_port(srv_sshd_config *c, int port)
{
	size_t i;

	for (i = 0; i < c->n_ports; i++)
		if (c->ports[i] == port)
			return;
	c->ports = xreallocarray(c->ports, c->n_ports + 1, sizeof(int));
	c->ports[c->n_ports++] = port;
}

static void
add_problem(srv_sshd_config *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_problem(srv_sshd_config *c, const char *fmt, ...)
{
	va_list ap;

	c->problems = xreallocarray(c->problems, c->n_problems + 1,
	    sizeof(char *));
	va_start(ap, fmt);
	c->problems[c->n_problems++] = xvasprintf(fmt, ap);
	va_end(ap);
}

int
srv_parse_listen_address(const char *value, srv_listen *l)
{
	char buf[128], *p, *colon;
	size_t n;

	memset(l, 0, sizeof(*l));
	snprintf(buf, sizeof(buf), "%s", value);
	/* Drop " rdomain NAME". */
	if ((p = strchr(buf, ' ')) != NULL || (p = strchr(buf, '\t')) != NULL)
		*p = '\0';
	n = strlen(buf);
	if (n == 0)
		return -1;
	if (buf[0] == '[') {
		char *close = strchr(buf, ']');

		if (close == NULL)
			return -1;
		*close = '\0';
		if (close[1] == ':') {
			l->port = target_parse_port(close + 2);
			if (l->port < 0)
				return -1;
		} else if (close[1] != '\0')
			return -1;
		snprintf(l->addr, sizeof(l->addr), "%.63s", buf + 1);
		return 0;
	}
	colon = strchr(buf, ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL) {
		*colon = '\0';
		l->port = target_parse_port(colon + 1);
		if (l->port < 0)
			return -1;
	}
	snprintf(l->addr, sizeof(l->addr), "%.63s", buf);
	return 0;
}

static void
set_maxstartups(srv_sshd_config *c, const char *v)
{
	int a = -1, b = -1, f = -1;

	if (c->ms_begin >= 0)
		return;
	if (sscanf(v, "%d:%d:%d", &a, &b, &f) == 3) {
		c->ms_begin = a;
		c->ms_rate = b;
		c->ms_full = f;
	} else if (sscanf(v, "%d", &a) == 1) {
		c->ms_begin = c->ms_full = a;
		c->ms_rate = 100;
	}
}

/* Splits a config line into words: whitespace or one '=' after the
 * keyword; double quotes group; a word starting with '#' ends the line.
 * Returns the number of words (at most max). */
static size_t
split_words(char *line, char **words, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (*p != '\0' && n < max) {
		while (isspace((unsigned char)*p) || (n == 1 && *p == '=' &&
		    words[0] != NULL))
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (*p == '"') {
			words[n++] = ++p;
			while (*p != '\0' && *p != '"')
				p++;
		} else {
			words[n++] = p;
			while (*p != '\0' && !isspace((unsigned char)*p) &&
			    !(n == 1 && *p == '='))
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sshd's SERVCONF_MAX_DEPTH: deeper, sshd stops with "Too many recursive
 * configuration includes". */
#define SSHD_INCLUDE_DEPTH	16
/* Files parsed in all (a file included from several places counts each
 * time); each read may run a command on the server. */
#define SSHD_INCLUDE_FILES	256

typedef struct cached_file {
	char *path;
	char *text;		/* NULL when rc != 0 */
	int rc;
} cached_file;

/* One reading of a config and its Includes. */
typedef struct cfg_walk {
	const srv_reader *rd;
	const char *stack[SSHD_INCLUDE_DEPTH + 2];	/* files being read */
	int n_stack;
	cached_file *cache;	/* every file read once, as sshd does */
	size_t n_cache;
	size_t n_parsed;
	int over_budget;
} cfg_walk;

/* Reads path through the cache.  Returns 0 with *text (caller frees) or
 * the reader's code. */
static int
walk_read(cfg_walk *w, const char *path, char **text)
{
	cached_file *f;
	size_t i;

	*text = NULL;
	for (i = 0; i < w->n_cache; i++)
		if (strcmp(w->cache[i].path, path) == 0)
			break;
	if (i == w->n_cache) {
		w->cache = xreallocarray(w->cache, w->n_cache + 1,
		    sizeof(*w->cache));
		f = &w->cache[w->n_cache++];
		f->path = xstrdup(path);
		f->text = NULL;
		f->rc = w->rd->read(w->rd->arg, path, &f->text);
		if (f->rc != 0) {
			free(f->text);
			f->text = NULL;
		}
	}
	f = &w->cache[i];
	if (f->rc == 0)
		*text = xstrdup(f->text != NULL ? f->text : "");
	return f->rc;
}

static void
walk_free(cfg_walk *w)
{
	size_t i;

	for (i = 0; i < w->n_cache; i++) {
		free(w->cache[i].path);
		free(w->cache[i].text);
	}
	free(w->cache);
}

static void parse_file(const char *path, cfg_walk *wk, srv_sshd_config *c,
    int depth, int required, int *rc_top, int match);

/* The line as written, trimmed and made printable, for quoting. */
static char *
line_text(const char *raw)
{
	char buf[SRV_CFG_TEXT_MAX + 1];
	size_t n = 0;

	while (isspace((unsigned char)*raw))
		raw++;
	for (; *raw != '\0' && n < SRV_CFG_TEXT_MAX; raw++)
		buf[n++] = (unsigned char)*raw < 0x20 || *raw == 0x7f ? '?' :
		    *raw;
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	return xstrdup(buf);
}

static char *
join_words(char **w, size_t from, size_t n)
{
	sbuf b = { 0 };
	size_t i;

	for (i = from; i < n; i++) {
		if (i > from)
			sbuf_addc(&b, ' ');
		sbuf_add(&b, w[i]);
	}
	return b.s != NULL ? sbuf_steal(&b) : xstrdup("");
}

/* Keeps a keyword or Match line for srv_config_where(). */
static int
keep_line(srv_sshd_config *c, size_t file, int lineno, const char *raw,
    char **w, size_t n, int match)
{
	if (c->n_lines + c->n_matches >= SRV_CFG_LINES_MAX) {
		if (c->lines_dropped++ == 0)
			add_problem(c, "%s line %d: more than %d lines; the "
			    "rest is not looked at for the deciding line",
			    c->files[file], lineno,
			    SRV_CFG_LINES_MAX);
		return match;
	}
	if (strcasecmp(w[0], "Match") == 0) {
		srv_cfg_match *m;

		c->matches = xreallocarray(c->matches, c->n_matches + 1,
		    sizeof(*c->matches));
		m = &c->matches[c->n_matches];
		m->file = file;
		m->line = lineno;
		m->criteria = join_words(w, 1, n);
		m->text = line_text(raw);
		m->parent = match;
		return (int)c->n_matches++;
	}
	{
		srv_cfg_line *l;

		c->lines = xreallocarray(c->lines, c->n_lines + 1,
		    sizeof(*c->lines));
		l = &c->lines[c->n_lines++];
		l->file = file;
		l->line = lineno;
		l->keyword = xstrdup(w[0]);
		l->value = join_words(w, 1, n);
		l->text = line_text(raw);
		l->match = match;
	}
	return match;
}

static void
do_include(const char *pattern, cfg_walk *wk, srv_sshd_config *c,
    int depth, const char *from, int lineno, int match)
{
	const srv_reader *rd = wk->rd;
	char *full, *slash, *dir, *glob;
	char **names = NULL;
	size_t n = 0, i;

	full = pattern[0] == '/' ? xstrdup(pattern) :
	    xasprintf("/etc/ssh/%s", pattern);
	slash = strrchr(full, '/');
	glob = slash + 1;
	if (strpbrk(full, "*?[") == NULL) {
		parse_file(full, wk, c, depth + 1, 0, NULL, match);
		free(full);
		return;
	}
	if (strpbrk(full, "*?[") < glob) {
		add_problem(c, "%s line %d: Include %s: a pattern before the "
		    "last part of the path is not followed here", from, lineno,
		    pattern);
		free(full);
		return;
	}
	dir = xstrndup(full, (size_t)(slash - full));
	if (rd->list(rd->arg, dir[0] ? dir : "/", &names, &n) != 0) {
		free(dir);
		free(full);
		return;		/* no folder, no match: like glob() */
	}
	if (n > 1)
		qsort(names, n, sizeof(char *), cmp_str);
	for (i = 0; i < n; i++) {
		if (names[i][0] != '.' && fnmatch(glob, names[i], 0) == 0) {
			char *p = xasprintf("%s/%s", dir, names[i]);

			parse_file(p, wk, c, depth + 1, 0, NULL, match);
			free(p);
		}
		free(names[i]);
	}
	free(names);
	free(dir);
	free(full);
}

/* Reads the file at path: Includes are followed depth first as sshd does,
 * with its depth limit; a file that includes itself (directly or not) is
 * reported and not followed round again.  match: the Match block in force
 * where the file is included (-1: none); as in sshd, a Match line in the
 * file holds to its end, and the block of the Include line holds again
 * after it. */
static void
parse_file(const char *path, cfg_walk *wk, srv_sshd_config *c,
    int depth, int required, int *rc_top, int match)
{
	char *text = NULL, *line, *save = NULL;
	int rc, lineno = 0, in_match = match >= 0, k, cur = match;
	size_t fidx;

	if (depth > SSHD_INCLUDE_DEPTH) {
		add_problem(c, "%s: Include nested deeper than %d files: sshd "
		    "stops with \"Too many recursive configuration includes\"",
		    path, SSHD_INCLUDE_DEPTH);
		return;
	}
	for (k = 0; k < wk->n_stack; k++)
		if (strcmp(wk->stack[k], path) == 0) {
			add_problem(c, "%s: Include cycle: %s includes it while "
			    "it is being read; sshd stops with \"Too many "
			    "recursive configuration includes\"", path,
			    wk->stack[wk->n_stack - 1]);
			return;
		}
	if (wk->n_parsed >= SSHD_INCLUDE_FILES) {
		if (!wk->over_budget)
			add_problem(c, "%s: more than %d files included in "
			    "all; the rest was not read", path,
			    SSHD_INCLUDE_FILES);
		wk->over_budget = 1;
		return;
	}
	wk->n_parsed++;
	if ((rc = walk_read(wk, path, &text)) != 0) {
		if (required && rc_top != NULL)
			*rc_top = rc;
		else
			add_problem(c, "%s: %s", path, host_strerror(rc));
		free(text);
		return;
	}
	c->files = xreallocarray(c->files, c->n_files + 1, sizeof(char *));
	fidx = c->n_files;
	c->files[c->n_files++] = xstrdup(path);
	wk->stack[wk->n_stack++] = path;
	/* Line by line, counting empty lines too (strtok_r would skip
	 * them and the numbers would drift). */
	for (line = text; line != NULL; line = save) {
		char *w[64], *raw;
		size_t n, i;

		save = strchr(line, '\n');
		if (save != NULL)
			*save++ = '\0';
		lineno++;
		raw = xstrdup(line);
		n = split_words(line, w, 64);
		if (n == 0) {
			free(raw);
			continue;
		}
		if (strcasecmp(w[0], "Match") == 0) {
			in_match = match >= 0 ||
			    !(n >= 2 && strcasecmp(w[1], "all") == 0);
			cur = keep_line(c, fidx, lineno, raw, w, n, match);
			free(raw);
			continue;
		}
		if (strcasecmp(w[0], "Include") == 0) {
			for (i = 1; i < n; i++)
				do_include(w[i], wk, c, depth, path, lineno,
				    cur);
			free(raw);
			continue;
		}
		keep_line(c, fidx, lineno, raw, w, n, cur);
		free(raw);
		if (in_match || n < 2)
			continue;
		if (strcasecmp(w[0], "Port") == 0) {
			int p = target_parse_port(w[1]);

			if (p > 0)
				add_port(c, p);
			else
				add_problem(c, "%s line %d: bad port '%s'",
				    path, lineno, w[1]);
		} else if (strcasecmp(w[0], "ListenAddress") == 0) {
			srv_listen l;
			char joined[128];

			snprintf(joined, sizeof(joined), "%s%s%s", w[1],
			    n > 2 ? " " : "", n > 2 ? w[2] : "");
			if (srv_parse_listen_address(joined, &l) == 0) {
				c->listen = xreallocarray(c->listen,
				    c->n_listen + 1, sizeof(*c->listen));
				c->listen[c->n_listen++] = l;
			} else
				add_problem(c, "%s line %d: bad ListenAddress "
				    "'%s'", path, lineno, w[1]);
		} else if (strcasecmp(w[0], "MaxStartups") == 0) {
			set_maxstartups(c, w[1]);
		} else if (strcasecmp(w[0], "AddressFamily") == 0) {
			if (c->address_family == NULL)
				c->address_family = xstrdup(w[1]);
		}
	}
	wk->n_stack--;
	free(text);
}

int
srv_parse_sshd_config(const char *path, const srv_reader *rd,
    srv_sshd_config *c)
{
	int rc = 0;
	cfg_walk wk;

	memset(&wk, 0, sizeof(wk));
	wk.rd = rd;
	config_init(c);
	parse_file(path, &wk, c, 0, 1, &rc, -1);
	walk_free(&wk);
	return rc;
}

int
srv_parse_sshd_T(const char *text, srv_sshd_config *c)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	int have_port = 0;

	config_init(c);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (sp == NULL)
			continue;
		*sp++ = '\0';
		if (strcmp(line, "port") == 0) {
			int p = target_parse_port(sp);

			if (p > 0) {
				add_port(c, p);
				have_port = 1;
			}
		} else if (strcmp(line, "listenaddress") == 0) {
			srv_listen l;

			if (srv_parse_listen_address(sp, &l) == 0) {
				c->listen = xreallocarray(c->listen,
				    c->n_listen + 1, sizeof(*c->listen));
				c->listen[c->n_listen++] = l;
			}
		} else if (strcmp(line, "maxstartups") == 0) {
			set_maxstartups(c, sp);
		} else if (strcmp(line, "addressfamily") == 0) {
			free(c->address_family);
			c->address_family = xstrdup(sp);
		}
	}
	free(copy);
	return have_port ? 0 : -1;
}

void
srv_sshd_config_defaults(srv_sshd_config *c)
{
	if (c->n_ports == 0)
		add_port(c, 22);
	if (c->ms_begin < 0) {
		c->ms_begin = 10;
		c->ms_rate = 30;
		c->ms_full = 100;
	}
	if (c->address_family == NULL)
		c->address_family = xstrdup("any");
}

srv_cfgcheck
srv_classify_sshd_t(const char *output, int status, int as_root, char **line)
{
	static const char *const unreadable[] = {
		"Permission denied", "no hostkeys available",
		"Could not load host key", "must be run as root",
		"Missing privilege separation directory", NULL,
	};
	static const char *const faults[] = {
		"Bad configuration option", "line ", "Unsupported option",
		"Missing argument", "Bad port", "bad port", "terminating",
		"Deprecated option", "directive", "not supported", NULL,
	};
	const char *p = output, *best = NULL;
	size_t i, best_len = 0;
	int fault = 0, perm = 0;

	*line = NULL;
	if (status == 0)
		return SRV_CFG_VALID;
	while (p != NULL && *p != '\0') {
		const char *next = strchr(p, '\n');
		size_t len = next != NULL ? (size_t)(next - p) : strlen(p);
		char *l = xstrndup(p, len);

		for (i = 0; faults[i] != NULL && !fault; i++)
			if (strstr(l, faults[i]) != NULL) {
				fault = 1;
				if (best == NULL || strstr(l, "line ") != NULL) {
					best = p;
					best_len = len;
				}
			}
		for (i = 0; unreadable[i] != NULL; i++)
			if (strstr(l, unreadable[i]) != NULL) {
				perm = 1;
				if (best == NULL) {
					best = p;
					best_len = len;
				}
			}
		if (best == NULL && len > 0) {
			best = p;
			best_len = len;
		}
		free(l);
		p = next != NULL ? next + 1 : NULL;
	}
	if (best != NULL)
		*line = sw_escape_bytes((const unsigned char *)best, best_len,
		    512);
	if (fault)
		return SRV_CFG_INVALID;
	if (perm && !as_root)
		return SRV_CFG_UNREADABLE;
	return as_root ? SRV_CFG_INVALID : SRV_CFG_UNREADABLE;
}

/* ---- Reading the config through the host ---- */

typedef struct reader_arg {
	sw_probe_ctx *ctx;
	sw_host *h;
} reader_arg;

static int
rd_read(void *arg, const char *path, char **text)
{
	reader_arg *a = arg;
	size_t len;

	return host_read_file(a->h, a->ctx, path, SRV_FILE_MAX, text, &len);
}

static int
rd_list(void *arg, const char *dir, char ***names, size_t *n)
{
	reader_arg *a = arg;

	return host_list_dir(a->h, a->ctx, dir, names, n);
}

int
srv_sshd_config_read(sw_probe_ctx *ctx, sw_host *h, const char *path,
    srv_sshd_config *c)
{
	reader_arg ra = { ctx, h };
	srv_reader rd = { rd_read, rd_list, &ra };
	int rc = srv_parse_sshd_config(path, &rd, c);

	if (rc != 0)
		srv_sshd_config_clear(c);
	return rc;
}

/* The sshd binary to run: the running daemon's, else the first installed
 * one, else "sshd" on PATH. */
static const char *
sshd_binary(sw_probe_ctx *ctx, sw_host *h, const srv_daemon *d)
{
	int exists[N_SSHD_PATHS];
	size_t i;

	if (d != NULL && d->n_procs > 0 && d->procs[0].binary != NULL &&
	    host_path_ok(d->procs[0].binary))
		return d->procs[0].binary;
	if (host_executables(h, ctx, sshd_paths, N_SSHD_PATHS, exists) == 0)
		for (i = 0; i < N_SSHD_PATHS; i++)
			if (exists[i])
				return sshd_paths[i];
	return "sshd";
}

/* Reads the effective config: `sshd -T` where it works, else the files.
 * Returns 0 or -1 (evidence says why). */
static int
read_config(sw_probe_ctx *ctx, sw_host *h, const srv_daemon *d,
    srv_sshd_config *c)
{
	const char *bin = sshd_binary(ctx, h, d);
	const char *argv[] = { bin, "-T", "-f", d->config, NULL };
	sw_host_result r;
	reader_arg ra = { ctx, h };
	srv_reader rd = { rd_read, rd_list, &ra };
	int rc;
	size_t i;

	if (host_path_ok(d->config) &&
	    host_run(h, ctx, daemon_cmds, argv, &r) == 0 && r.status == 0 &&
	    srv_parse_sshd_T(r.out, c) == 0) {
		evidence_add(&ctx->evidence, "config_source", "%s -T -f %s",
		    bin, d->config);
		host_result_free(&r);
		return 0;
	}
	host_result_free(&r);
	srv_sshd_config_clear(c);
	rc = srv_parse_sshd_config(d->config, &rd, c);
	if (rc != 0) {
		char *cmd = xasprintf("sudo sshd -T -f %s", d->config);

		srv_unchecked(ctx, d->config, rc, cmd);
		free(cmd);
		return -1;
	}
	for (i = 0; i < c->n_files; i++)
		evidence_add(&ctx->evidence, "config_file", "%s", c->files[i]);
	for (i = 0; i < c->n_problems; i++)
		evidence_add(&ctx->evidence, "config_note", "%s",
		    c->problems[i]);
	srv_sshd_config_defaults(c);
	return 0;
}

/* ---- server.daemon.installed ---- */

static const sw_outcome installed_outcomes[] = {
	{ "installed", SW_STATE_PASS, N_("the SSH server is installed") },
	{ "missing", SW_STATE_FAIL, N_("the SSH server is not installed") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

static const char *
installed_run(sw_probe_ctx *ctx)
{
	static const char *const dpkg[] = { "dpkg-query", "-W",
		"-f=${db:Status-Abbrev}${Version}", "openssh-server", NULL };
	static const char *const rpm[] = { "rpm", "-q", "openssh-server",
		NULL };
	sw_host *h;
	int exists[N_SSHD_PATHS], any = 0, pkg = -1, rc;
	size_t i;
	sw_host_result r;

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	rc = host_executables(h, ctx, sshd_paths, N_SSHD_PATHS, exists);
	if (rc != 0) {
		srv_unchecked(ctx, "the sshd program", rc,
		    "ls -l /usr/sbin/sshd");
		srv_note(ctx, "daemon.installed", SW_STATE_UNCHECKED,
		    "whether sshd is installed");
		return "unchecked";
	}
	for (i = 0; i < N_SSHD_PATHS; i++)
		if (exists[i]) {
			evidence_add(&ctx->evidence, "binary", "%s",
			    sshd_paths[i]);
			any = 1;
		}
	if (!any)
		evidence_add(&ctx->evidence, "binary", "none of /usr/sbin/sshd, "
		    "/usr/bin/sshd, /sbin/sshd, /usr/local/sbin/sshd");
	if (host_run(h, ctx, daemon_cmds, dpkg, &r) == 0) {
		if (r.status == 0 && sw_starts_with(r.out, "ii")) {
			evidence_add(&ctx->evidence, "package",
			    "openssh-server %s (dpkg)", r.out + 3);
			pkg = 1;
		} else {
			evidence_add(&ctx->evidence, "package",
			    "openssh-server is not installed (dpkg)");
			pkg = 0;
		}
	}
	host_result_free(&r);
	if (pkg < 0 && host_run(h, ctx, daemon_cmds, rpm, &r) == 0) {
		r.out[strcspn(r.out, "\n")] = '\0';
		if (r.status == 0) {
			evidence_add(&ctx->evidence, "package", "%s (rpm)",
			    r.out);
			pkg = 1;
		} else {
			evidence_add(&ctx->evidence, "package",
			    "openssh-server is not installed (rpm)");
			pkg = 0;
		}
	}
	host_result_free(&r);
	if (any) {
		srv_note(ctx, "daemon.installed", SW_STATE_PASS,
		    "sshd is installed");
		return "installed";
	}
	if (pkg == 1)
		evidence_add(&ctx->evidence, "note", "the package is recorded "
		    "as installed but its sshd program is missing");
	srv_note(ctx, "daemon.installed", SW_STATE_FAIL,
	    "sshd is not installed");
	return "missing";
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"address_tried", "binary", "checked_on", "command", "config",
	"config_file", "config_listen", "config_note", "config_ports",
	"config_source", "daemon_listens", "error", "identified",
	"listening_on_port", "note", "other_listener", "package", "port",
	"process", "run_instead", "said", "skipped", "systemd",
	"systemd_unit", "unchecked", NULL,
};

const sw_probe_def probe_server_daemon_installed = {
	.name = "server.daemon.installed",
	.title = N_("Is the SSH server installed?"),
	.outcomes = installed_outcomes,
	.run = installed_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};

/* ---- server.daemon.running ---- */

static const sw_outcome running_outcomes[] = {
	{ "running", SW_STATE_PASS, N_("the SSH daemon runs") },
	{ "stopped", SW_STATE_FAIL, N_("the SSH daemon does not run") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

/* systemd's view, where systemd runs and the daemon is the system's own.
 * Sets *socket_active when ssh.socket listens for sshd.  Returns 1 when
 * systemd was asked. */
static int
systemd_state(sw_probe_ctx *ctx, sw_host *h, int *socket_active,
    int *failed)
{
	static const char *const argv[] = { "systemctl", "is-active",
		"ssh.service", "sshd.service", "ssh.socket", NULL };
	static const char *const units[] = { "ssh.service", "sshd.service",
		"ssh.socket" };
	char **names = NULL, *line, *save = NULL;
	size_t n = 0, i = 0;
	sw_host_result r;

	*socket_active = *failed = 0;
	if (host_list_dir(h, ctx, "/run/systemd/system", &names, &n) != 0) {
		evidence_add(&ctx->evidence, "systemd", "not running here");
		return 0;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (host_run(h, ctx, daemon_cmds, argv, &r) != 0) {
		host_result_free(&r);
		return 0;
	}
	i = 0;
	for (line = strtok_r(r.out, "\n", &save); line != NULL && i < 3;
	    line = strtok_r(NULL, "\n", &save), i++) {
		evidence_add(&ctx->evidence, "systemd_unit", "%s: %s", units[i],
		    line);
		if (i == 2 && strcmp(line, "active") == 0)
			*socket_active = 1;
		if (i < 2 && strcmp(line, "failed") == 0)
			*failed = 1;
	}
	host_result_free(&r);
	return 1;
}

static const char *
running_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	srv_daemon d;
	int sock_active = 0, failed = 0;
	size_t i;
	const char *outcome;

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	srv_find_daemon(ctx, h, &d);
	evidence_add(&ctx->evidence, "config", "%s%s", d.config,
	    d.config_given ? " (--sshd-config)" : "");
	for (i = 0; i < d.n_procs; i++)
		evidence_add(&ctx->evidence, "process", "pid %ld: %s",
		    d.procs[i].pid, d.procs[i].cmdline);
	if (d.how != NULL && d.n_procs > 0)
		evidence_add(&ctx->evidence, "identified", "%s", d.how);
	if (d.n_others > 0)
		evidence_add(&ctx->evidence, "skipped", "%d other sshd "
		    "listener(s): another config, another port, or another "
		    "network namespace", d.n_others);
	if (!d.config_given)
		systemd_state(ctx, h, &sock_active, &failed);
	else
		evidence_add(&ctx->evidence, "systemd", "not asked: "
		    "--sshd-config names a daemon of its own");
	if (d.n_procs > 0 && d.ambiguous) {
		srv_unchecked(ctx, "which of several sshd listeners serves this "
		    "machine's network", HOST_EPERM, "sudo ss -tlnp");
		srv_note(ctx, "daemon.running", SW_STATE_UNCHECKED,
		    "whether sshd runs here (several listeners, no root to tell "
		    "them apart)");
		outcome = "unchecked";
	} else if (d.n_procs > 0) {
		srv_note(ctx, "daemon.running", SW_STATE_PASS,
		    "sshd runs (pid %ld)", d.procs[0].pid);
		outcome = "running";
	} else if (sock_active) {
		evidence_add(&ctx->evidence, "note", "systemd's ssh.socket "
		    "listens and starts sshd for each connection");
		srv_note(ctx, "daemon.running", SW_STATE_PASS,
		    "sshd is started on demand by ssh.socket");
		outcome = "running";
	} else if (d.proc_unreadable) {
		srv_unchecked(ctx, "the process table", HOST_EPERM,
		    "sudo ps -ef | grep sshd");
		srv_note(ctx, "daemon.running", SW_STATE_UNCHECKED,
		    "whether sshd runs (the process table is hidden)");
		outcome = "unchecked";
	} else {
		if (failed)
			evidence_add(&ctx->evidence, "note", "systemd reports "
			    "the unit failed: see journalctl -u ssh -u sshd");
		srv_note(ctx, "daemon.running", SW_STATE_FAIL,
		    "sshd does not run");
		outcome = "stopped";
	}
	srv_daemon_clear(&d);
	return outcome;
}

const sw_probe_def probe_server_daemon_running = {
	.name = "server.daemon.running",
	.title = N_("Does the SSH daemon run?"),
	.outcomes = running_outcomes,
	.run = running_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};

/* ---- server.daemon.config ---- */

static const sw_outcome config_outcomes[] = {
	{ "valid", SW_STATE_PASS, N_("the configuration is valid") },
	{ "invalid", SW_STATE_FAIL, N_("the configuration has errors") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

static const char *
config_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	srv_daemon d;
	const char *bin, *outcome = "unchecked";
	char *line = NULL, *all = NULL, *cmd = NULL;
	sw_host_result r;
	int rc;

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	srv_find_daemon(ctx, h, &d);
	bin = sshd_binary(ctx, h, &d);
	cmd = xasprintf("sudo %s -t -f %s", bin, d.config);
	evidence_add(&ctx->evidence, "config", "%s", d.config);
	if (!host_path_ok(d.config)) {
		evidence_add(&ctx->evidence, "unchecked", "the config path has "
		    "characters this check does not pass on");
		goto out;
	}
	{
		const char *argv[] = { bin, "-t", "-f", d.config, NULL };

		rc = host_run(h, ctx, daemon_cmds, argv, &r);
	}
	if (rc != 0) {
		srv_unchecked(ctx, "sshd -t", rc, cmd);
		host_result_free(&r);
		goto out;
	}
	evidence_add(&ctx->evidence, "command", "%s -t -f %s (exit %d)", bin,
	    d.config, r.status);
	all = xasprintf("%s\n%s", r.out, r.err);
	switch (srv_classify_sshd_t(all, r.status, host_is_root(h) == 1 ||
	    host_sudo(h), &line)) {
	case SRV_CFG_VALID:
		outcome = "valid";
		srv_note(ctx, "daemon.config", SW_STATE_PASS,
		    "sshd -t accepts %s", d.config);
		break;
	case SRV_CFG_INVALID:
		outcome = "invalid";
		evidence_add(&ctx->evidence, "error", "%s", line ? line : "");
		srv_note(ctx, "daemon.config", SW_STATE_FAIL,
		    "sshd -t rejects %s: %s", d.config, line ? line : "");
		break;
	case SRV_CFG_UNREADABLE:
		evidence_add(&ctx->evidence, "said", "%s", line ? line : "");
		srv_unchecked(ctx, "sshd -t", HOST_EPERM, cmd);
		srv_note(ctx, "daemon.config", SW_STATE_UNCHECKED,
		    "whether %s is valid (needs root)", d.config);
		break;
	}
	host_result_free(&r);
out:
	free(line);
	free(all);
	free(cmd);
	srv_daemon_clear(&d);
	return outcome;
}

const sw_probe_def probe_server_daemon_config = {
	.name = "server.daemon.config",
	.title = N_("Is the SSH daemon's configuration valid?"),
	.outcomes = config_outcomes,
	.run = config_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};

/* ---- server.daemon.listen ---- */

static const sw_outcome listen_outcomes[] = {
	{ "listening", SW_STATE_PASS,
	  N_("the daemon listens on the port, on a reachable address") },
	{ "port_mismatch", SW_STATE_FAIL,
	  N_("the daemon does not listen on this port") },
	{ "loopback_only", SW_STATE_FAIL,
	  N_("the daemon listens only on the loopback address") },
	{ "other_address", SW_STATE_FAIL,
	  N_("the daemon listens on the port, but not on the address tried") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

static int
holds(const srv_daemon *d, unsigned long inode)
{
	size_t i;

	for (i = 0; i < d->n_inodes; i++)
		if (d->inodes[i] == inode)
			return 1;
	return 0;
}

static void
sock_text(const srv_sock *s, char *buf, size_t n)
{
	snprintf(buf, n, s->family == AF_INET6 ? "[%s]:%d" : "%s:%d", s->addr,
	    s->port);
}

static const char *
listen_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	srv_daemon d;
	srv_sshd_config c;
	int port, have_config, config_has_port = 0, any = 0, loop = 0, other = 0;
	int on_port = 0, hit_target = 0, taken = 0;
	const char *outcome = "unchecked", *tip;
	sbuf daemon_socks = { 0 }, port_socks = { 0 };
	size_t i;
	char buf[96];

	memset(&c, 0, sizeof(c));
	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	srv_find_daemon(ctx, h, &d);
	have_config = read_config(ctx, h, &d, &c) == 0;
	if (have_config) {
		sbuf p = { 0 };

		for (i = 0; i < c.n_ports; i++)
			sbuf_addf(&p, "%s%d", i ? " " : "", c.ports[i]);
		evidence_add(&ctx->evidence, "config_ports", "%s", p.s);
		sbuf_free(&p);
		for (i = 0; i < c.n_listen; i++) {
			int v6 = strchr(c.listen[i].addr, ':') != NULL;

			if (c.listen[i].port > 0)
				evidence_add(&ctx->evidence, "config_listen",
				    v6 ? "[%s]:%d" : "%s:%d", c.listen[i].addr,
				    c.listen[i].port);
			else
				evidence_add(&ctx->evidence, "config_listen",
				    "%s", c.listen[i].addr);
		}
	}
	port = srv_port(ctx);
	if (!srv_port_given(ctx) && have_config && c.n_ports > 0) {
		port = c.ports[0];
		evidence_add(&ctx->evidence, "port", "%d (no port given: the "
		    "configured one)", port);
	} else
		evidence_add(&ctx->evidence, "port", "%d", port);
	srv_note(ctx, "port", SW_STATE_INFO, "%d", port);
	for (i = 0; have_config && i < c.n_ports; i++)
		config_has_port |= c.ports[i] == port;
	for (i = 0; have_config && i < c.n_listen; i++)
		config_has_port |= c.listen[i].port == port;
	if (d.socks_unreadable) {
		srv_unchecked(ctx, "/proc/net/tcp", HOST_EPERM, "sudo ss -tlnp");
		goto done;
	}
	tip = srv_target_ip(ctx);
	for (i = 0; i < d.n_socks; i++) {
		const srv_sock *s = &d.socks[i];
		int mine;

		if (s->state != SRV_TCP_LISTEN)
			continue;
		mine = d.fds_read ? holds(&d, s->inode) : -1;
		sock_text(s, buf, sizeof(buf));
		if (mine == 1)
			sbuf_addf(&daemon_socks, "%s%s", daemon_socks.len ? " " :
			    "", buf);
		if (s->port != port)
			continue;
		if (mine == 0) {
			taken = 1;
			evidence_add(&ctx->evidence, "other_listener",
			    "%s (socket inode %lu, not sshd's)", buf, s->inode);
			continue;
		}
		on_port = 1;
		sbuf_addf(&port_socks, "%s%s", port_socks.len ? " " : "", buf);
		if (srv_addr_is_any(s->addr))
			any = 1;
		else if (srv_addr_is_loopback(s->addr))
			loop = 1;
		else {
			other = 1;
			if (tip != NULL && strcmp(tip, s->addr) == 0)
				hit_target = 1;
		}
	}
	if (d.fds_read)
		evidence_add(&ctx->evidence, "daemon_listens", "%s",
		    daemon_socks.len ? daemon_socks.s : "(nothing)");
	else
		evidence_add(&ctx->evidence, "note", "the daemon's sockets could "
		    "not be told from others without root: matching by port");
	if (port_socks.len)
		evidence_add(&ctx->evidence, "listening_on_port", "%s",
		    port_socks.s);
	if (!on_port) {
		if (taken)
			evidence_add(&ctx->evidence, "note", "another program "
			    "holds port %d", port);
		else if (config_has_port)
			evidence_add(&ctx->evidence, "note", "the config names "
			    "port %d but the daemon does not listen there: it "
			    "was not restarted since, or could not bind it",
			    port);
		else
			evidence_add(&ctx->evidence, "note", "the config does not "
			    "name port %d", port);
		srv_note(ctx, "daemon.listen", SW_STATE_FAIL,
		    "sshd does not listen on port %d", port);
		outcome = "port_mismatch";
		goto done;
	}
	if (!d.fds_read && !config_has_port) {
		char *cmd = xasprintf("sudo ss -tlnp 'sport = :%d'", port);

		srv_unchecked(ctx, "which program listens on the port", HOST_EPERM,
		    cmd);
		free(cmd);
		goto done;
	}
	{
		const char *cip = srv_client_ip(ctx);

		if (any || (cip != NULL && srv_addr_is_loopback(cip) && loop) ||
		    hit_target || (other && tip == NULL)) {
			srv_note(ctx, "daemon.listen", SW_STATE_PASS,
			    "sshd listens on port %d (%s)", port, port_socks.s);
			outcome = "listening";
		} else if (other) {
			evidence_add(&ctx->evidence, "address_tried", "%s", tip);
			srv_note(ctx, "daemon.listen", SW_STATE_FAIL,
			    "sshd listens on port %d only on %s", port,
			    port_socks.s);
			outcome = "other_address";
		} else {
			srv_note(ctx, "daemon.listen", SW_STATE_FAIL,
			    "sshd listens on port %d only on loopback", port);
			outcome = "loopback_only";
		}
	}
done:
	if (strcmp(outcome, "unchecked") == 0)
		srv_note(ctx, "daemon.listen", SW_STATE_UNCHECKED,
		    "whether sshd listens on port %d", port);
	sbuf_free(&daemon_socks);
	sbuf_free(&port_socks);
	srv_sshd_config_clear(&c);
	srv_daemon_clear(&d);
	return outcome;
}

const sw_probe_def probe_server_daemon_listen = {
	.name = "server.daemon.listen",
	.title = N_("Does the SSH daemon listen on the port?"),
	.outcomes = listen_outcomes,
	.run = listen_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
