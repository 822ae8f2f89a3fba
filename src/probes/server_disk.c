/* server.disk: free space and inodes where the user's home and sshd's logs
 * live (`df -P`, `df -Pi`).  A full filesystem there does not keep sshd
 * from letting a user in (the lab's real ssh logs in with the home folder
 * full), but nothing can be written: files, shell history, X11 and agent
 * sockets, and sshd's own log lines.  So it is a finding of its own, said
 * with the mount point and the numbers and the command that shows what
 * fills it, never the reason for a refused login.  Pure parser in
 * server.h. */
#include "config.h"

#include "core/i18n.h"
#include "core/shquote.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const disk_cmds[] = {
	"df -P %P+",
	"df -Pi %P+",
	NULL,
};

/* Below this much free space (KiB) a filesystem counts as full: a few
 * blocks left are taken by the first write. */
#define DISK_FULL_KB 1024
#define DISK_MAX_PATHS 4

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS,
	  N_("there is free space and there are free inodes") },
	{ "full", SW_STATE_WARN,
	  N_("a filesystem the user or sshd writes to is full") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

/* ---- Pure helpers ---- */

size_t
srv_parse_df(const char *text, srv_df **rows)
{
	const char *p = text;
	size_t n = 0;
	int first = 1;

	*rows = NULL;
	while (p != NULL && *p != '\0' && n < 64) {
		const char *nl = strchr(p, '\n');
		size_t ll = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, ll), *save = NULL, *w[5], *rest;
		long long v[3];
		int k, ok = 1;

		p = nl != NULL ? nl + 1 : NULL;
		if (first) {		/* the header */
			first = 0;
			free(line);
			continue;
		}
		for (k = 0; k < 5 && ok; k++)
			ok = (w[k] = strtok_r(k == 0 ? line : NULL, " \t",
			    &save)) != NULL;
		rest = ok ? strtok_r(NULL, "", &save) : NULL;
		for (k = 0; k < 3 && ok; k++) {
			char *end;

			v[k] = strtoll(w[k + 1], &end, 10);
			ok = *end == '\0' && v[k] >= 0;
		}
		while (rest != NULL && (*rest == ' ' || *rest == '\t'))
			rest++;
		if (ok && rest != NULL && *rest == '/') {
			srv_df *d;

			*rows = xreallocarray(*rows, n + 1, sizeof(**rows));
			d = &(*rows)[n++];
			memset(d, 0, sizeof(*d));
			snprintf(d->fs, sizeof(d->fs), "%s", w[0]);
			d->total = v[0];
			d->used = v[1];
			d->avail = v[2];
			d->pct = atoi(w[4]);
			snprintf(d->mount, sizeof(d->mount), "%s", rest);
		}
		free(line);
	}
	return n;
}

int
srv_df_full(const srv_df *blocks, const srv_df *inodes)
{
	int full = 0;

	if (blocks != NULL && blocks->total > 0 && blocks->avail < DISK_FULL_KB)
		full |= 1;
	/* Some filesystems (btrfs, vfat) report no inodes at all. */
	if (inodes != NULL && inodes->total > 0 && inodes->avail == 0)
		full |= 2;
	return full;
}

/* ---- The probe ---- */

/* Runs df (inodes: -Pi) on the paths.  Returns the rows (one per path, in
 * order; caller frees) and their count, or 0 when df failed. */
static size_t
run_df(sw_probe_ctx *ctx, sw_host *h, const char *const *paths, size_t n,
    int inodes, srv_df **rows)
{
	const char *argv[DISK_MAX_PATHS + 3];
	sw_host_result r;
	size_t k = 0, i, got = 0;

	*rows = NULL;
	argv[k++] = "df";
	argv[k++] = inodes ? "-Pi" : "-P";
	for (i = 0; i < n; i++)
		argv[k++] = paths[i];
	argv[k] = NULL;
	/* df exits 1 when one path is missing, and still prints the rest. */
	if (host_run(h, ctx, disk_cmds, argv, &r) == 0 && r.out != NULL)
		got = srv_parse_df(r.out, rows);
	host_result_free(&r);
	return got;
}

/* The folders to look at: the user's home, the folder of the daemon's
 * -E log, /var/log (auth.log, secure, the journal).  Sets paths (caller
 * frees each) and returns the count. */
static size_t
disk_paths(sw_probe_ctx *ctx, sw_host *h, char **paths)
{
	const sw_target *t = ctx->target;
	size_t n = 0;
	srv_daemon d;

	if (t->user != NULL && !(host_kind(t->server) == SW_HOST_LOCAL &&
	    t->user_src == SW_SRC_DEFAULT)) {
		char *text = NULL;
		size_t len;
		srv_account a;

		if (host_read_file(h, ctx, "/etc/passwd", 4u << 20, &text,
		    &len) == 0 && srv_passwd_find(text, t->user, &a) == 0) {
			if (host_path_ok(a.home) && a.home[0] == '/')
				paths[n++] = xstrdup(a.home);
			srv_account_clear(&a);
		}
		free(text);
	}
	srv_find_daemon(ctx, h, &d);
	if (d.n_procs > 0 && d.procs[0].logfile != NULL &&
	    d.procs[0].logfile[0] == '/') {
		char *dir = xstrdup(d.procs[0].logfile);
		char *slash = strrchr(dir, '/');

		if (slash != dir)
			*slash = '\0';
		else
			slash[1] = '\0';
		if (host_path_ok(dir))
			paths[n++] = dir;
		else
			free(dir);
	}
	srv_daemon_clear(&d);
	paths[n++] = xstrdup("/var/log");
	return n;
}

static const char *
disk_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	char *paths[DISK_MAX_PATHS];
	srv_df *blk = NULL, *ino = NULL;
	size_t n, nb, ni, i, j;
	const char *res = "ok";
	sbuf seen = { 0 };

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	n = disk_paths(ctx, h, paths);
	nb = run_df(ctx, h, (const char *const *)paths, n, 0, &blk);
	ni = run_df(ctx, h, (const char *const *)paths, n, 1, &ino);
	if (nb == 0) {
		srv_unchecked(ctx, "df -P", HOST_EFAIL, NULL);
		res = "unchecked";
		goto out;
	}
	for (i = 0; i < nb; i++) {
		const srv_df *b = &blk[i], *in = NULL;
		int full;

		/* One line per filesystem, whichever path led to it. */
		for (j = 0; j < i; j++)
			if (strcmp(blk[j].mount, b->mount) == 0)
				break;
		if (j < i)
			continue;
		for (j = 0; j < ni; j++)
			if (strcmp(ino[j].mount, b->mount) == 0) {
				in = &ino[j];
				break;
			}
		evidence_add(&ctx->evidence, "filesystem", "%s: %lld KiB free of "
		    "%lld (%d%% used)", b->mount, b->avail, b->total, b->pct);
		if (in != NULL && in->total > 0)
			evidence_add(&ctx->evidence, "inodes", "%s: %lld free of "
			    "%lld (%d%% used)", b->mount, in->avail, in->total,
			    in->pct);
		full = srv_df_full(b, in);
		if (full != 0) {
			sbuf cmd = { 0 };

			evidence_add(&ctx->evidence, "disk_full", "%s (%s) is "
			    "full: %s%s%s", b->mount, b->fs,
			    (full & 1) ? "no space left" : "",
			    full == 3 ? " and " : "",
			    (full & 2) ? "no inodes left" : "");
			/* What fills it: the biggest folders, or for inodes
			 * the folders with the most files. */
			shell_add_word(&cmd, "sudo");
			shell_add_word(&cmd, "du");
			if (!(full & 1))
				shell_add_word(&cmd, "--inodes");
			shell_add_word(&cmd, "-x");
			if (full & 1)
				shell_add_word(&cmd, "-h");
			shell_add_word(&cmd, "--max-depth=1");
			shell_add_word(&cmd, b->mount);
			sbuf_add(&cmd, " | sort -h | tail");
			evidence_add(&ctx->evidence, "du_cmd", "%s", cmd.s);
			sbuf_free(&cmd);
			sbuf_addf(&seen, "%s%s", seen.len ? ", " : "", b->mount);
			res = "full";
		}
	}
	if (strcmp(res, "full") == 0)
		srv_note(ctx, "disk", SW_STATE_WARN, "full: %s", seen.s);
	else
		srv_note(ctx, "disk", SW_STATE_PASS, "free space and inodes "
		    "where the home folder and sshd's logs live");
out:
	if (strcmp(res, "unchecked") == 0)
		srv_note(ctx, "disk", SW_STATE_UNCHECKED, "free space and "
		    "inodes");
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(blk);
	free(ino);
	sbuf_free(&seen);
	return res;
}

/* The evidence keys this probe may record (probe.h). */
static const char *const evidence_keys[] = {
	"disk_full", "du_cmd", "filesystem", "inodes", "note", "run_instead",
	"unchecked", NULL,
};

const sw_probe_def probe_server_disk = {
	.name = "server.disk",
	.title = N_("Is there free space where the user and sshd write?"),
	.outcomes = outcomes,
	.run = disk_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
