/* The host layer's back-end for this machine (--server): commands through
 * core/proc.c, the one local process runner, under env(1) for the C locale
 * and the sbin folders (as the remote back-end does); files, directories
 * and links read directly unless sudo is on. */
#include "config.h"

#include "core/proc.h"
#include "core/util.h"
#include "host/host-int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folders added to PATH: the tools live in sbin on most systems. */
#define SBIN_DIRS "/usr/local/sbin:/usr/sbin:/sbin"

static int
local_run(sw_host *h, sw_probe_ctx *ctx, const char *const argv[],
    sw_host_result *r)
{
	const char *path = getenv("PATH");
	const char **args;
	char *pathvar;
	sw_proc_result pr;
	size_t n = 0, i, k = 0;
	int rc;

	while (argv[n] != NULL)
		n++;
	args = xcalloc(n + 6, sizeof(char *));
	pathvar = xasprintf("PATH=%s%s" SBIN_DIRS, path != NULL ? path : "",
	    path != NULL && *path != '\0' ? ":" : "");
	/* env(1) sets the C locale (the output is parsed) and finds the
	 * program on the extended PATH; it exits 127 when there is none. */
	args[k++] = "env";
	args[k++] = "LC_ALL=C";
	args[k++] = pathvar;
	if (host_wants_sudo(h, argv)) {
		args[k++] = "sudo";
		args[k++] = "-n";
	}
	for (i = 0; i < n; i++)
		args[k++] = argv[i];
	h->used = 1;
	rc = proc_capture(args, ctx->deadline_ms, ctx->cancel, HOST_MAX_OUT,
	    HOST_ERR_MAX, &pr);
	free(args);
	free(pathvar);
	r->out = pr.out;
	r->out_len = pr.out_len;
	r->err = pr.err;
	r->status = pr.status;
	r->truncated = pr.truncated;
	if (rc != 0) {
		r->status = -1;
		return probe_ctx_should_stop(ctx) ? HOST_ETIME : HOST_EFAIL;
	}
	/* env: 127 when the program is missing, 126 when it cannot run. */
	if (r->status == 127 && strstr(r->err, "No such file") != NULL)
		return HOST_ENOENT;
	return 0;
}

static int
local_read_file(const char *path, size_t max, char **out, size_t *len)
{
	sbuf b = { 0 };
	char buf[8192];
	int fd;
	ssize_t got;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return host_errno_code(errno);
	while (b.len < max) {
		size_t want = max - b.len < sizeof(buf) ? max - b.len :
		    sizeof(buf);

		got = read(fd, buf, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;

			close(fd);
			sbuf_free(&b);
			return host_errno_code(e);
		}
		if (got == 0)
			break;
		sbuf_addn(&b, buf, (size_t)got);
	}
	close(fd);
	*len = b.len;
	*out = b.s != NULL ? sbuf_steal(&b) : xstrdup("");
	return 0;
}

static int
local_list_dir(const char *path, char ***names, size_t *n)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (d == NULL)
		return host_errno_code(errno);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		*names = xreallocarray(*names, *n + 2, sizeof(char *));
		(*names)[(*n)++] = xstrdup(de->d_name);
		(*names)[*n] = NULL;
	}
	closedir(d);
	return 0;
}

static int
local_readlink(const char *path, char **target)
{
	char buf[512];
	ssize_t len;

	if ((len = readlink(path, buf, sizeof(buf) - 1)) < 0)
		return host_errno_code(errno);
	buf[len] = '\0';
	*target = xstrdup(buf);
	return 0;
}

static int
local_socket_inodes(long pid, unsigned long **inodes, size_t *n)
{
	char dir[64];
	DIR *d;
	struct dirent *de;

	snprintf(dir, sizeof(dir), "/proc/%ld/fd", pid);
	if ((d = opendir(dir)) == NULL)
		return host_errno_code(errno);
	while ((de = readdir(d)) != NULL) {
		char link[320], target[128];
		ssize_t len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		host_inode_add(target, inodes, n);
	}
	closedir(d);
	return 0;
}

static int
local_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0111) != 0;
}

static void
local_stat(const char *path, sw_host_stat *out)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return;
	out->exists = 1;
	out->mode = (unsigned)(st.st_mode & 07777);
	out->uid = (long)st.st_uid;
	out->is_dir = S_ISDIR(st.st_mode);
	out->is_reg = S_ISREG(st.st_mode);
}

const host_backend host_local_backend = {
	.run = local_run,
	.read_file = local_read_file,
	.list_dir = local_list_dir,
	.readlink = local_readlink,
	.socket_inodes = local_socket_inodes,
	.executable = local_executable,
	.stat = local_stat,
};

sw_host *
host_new_local(int sudo)
{
	sw_host *h = host_alloc(SW_HOST_LOCAL, &host_local_backend, NULL,
	    "server");

	h->sudo = sudo && geteuid() != 0;
	h->root = geteuid() == 0;
	return h;
}
