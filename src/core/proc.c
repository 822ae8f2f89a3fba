/* The one local command runner: start a program without a shell, poll both
 * pipes against a deadline and a cancel flag, cap what is kept. */
#include "config.h"

#include "core/proc.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Descriptors the forked child closes before exec (all above stderr),
 * where posix_spawn cannot close them all. */
#define CHILD_FD_MAX 1024

char *
proc_find(const char *prog)
{
	const char *path = getenv("PATH"), *p;

	if (strchr(prog, '/') != NULL)
		return access(prog, X_OK) == 0 ? xstrdup(prog) : NULL;
	if (path == NULL || *path == '\0')
		path = "/usr/bin:/bin";
	for (p = path; *p != '\0';) {
		size_t n = strcspn(p, ":");
		char *full = xasprintf("%.*s/%s", (int)n, n ? p : ".", prog);

		if (access(full, X_OK) == 0)
			return full;
		free(full);
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}

void
proc_result_free(sw_proc_result *r)
{
	if (r == NULL)
		return;
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

static void
close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	p[0] = p[1] = -1;
}

/* environ without the variables env sets, then env.  NULL when env is
 * NULL (the child inherits environ).  Caller frees the array only: the
 * strings are borrowed. */
static char **
env_build(const char *const env[])
{
	size_t n = 0, k = 0, i, j;
	char **out;

	if (env == NULL)
		return NULL;
	while (environ[n] != NULL)
		n++;
	while (env[k] != NULL)
		k++;
	out = xreallocarray(NULL, n + k + 1, sizeof(*out));
	for (i = 0, n = 0; environ[i] != NULL; i++) {
		int keep = 1;

		for (j = 0; j < k && keep; j++) {
			size_t len = strcspn(env[j], "=");

			keep = !(strncmp(environ[i], env[j], len) == 0 &&
			    environ[i][len] == '=');
		}
		if (keep)
			out[n++] = environ[i];
	}
	for (j = 0; j < k; j++)
		out[n++] = (char *)env[j];
	out[n] = NULL;
	return out;
}

/* Starts prog with argv and envp (NULL: environ): stdin /dev/null, stdout
 * out, stderr err (or /dev/null when err < 0), every other descriptor
 * closed.  posix_spawn where the child can close them all, since it neither
 * copies this process's page tables nor runs code between the clone and
 * the exec (a refused diagnosis spends its time waiting for ssh -G: the
 * fork and the close() loop took 1-2 ms of it); else fork and exec.
 * Returns the child's pid, or -1. */
static pid_t
proc_start(const char *prog, const char *const argv[], char **envp, int out,
    int err)
{
	char *const *args = (char *const *)argv;
	pid_t pid;
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
	posix_spawn_file_actions_t fa;
	int r;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	r = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, out, 1);
	if (r == 0)
		r = err >= 0 ? posix_spawn_file_actions_adddup2(&fa, err, 2) :
		    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null",
		    O_WRONLY, 0);
	if (r == 0)
		r = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	if (r == 0)
		r = posix_spawn(&pid, prog, &fa, NULL, args,
		    envp != NULL ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	return r == 0 ? pid : -1;
#else
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR), fd;

		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);
		}
		dup2(out, 1);
		if (err >= 0)
			dup2(err, 2);
		for (fd = 3; fd < CHILD_FD_MAX; fd++)
			close(fd);
		execve(prog, args, envp != NULL ? envp : environ);
		_exit(127);
	}
	return pid;
#endif
}

int
proc_capture(const char *const argv[], int64_t deadline_ms,
    const atomic_int *cancel, size_t out_max, size_t err_max,
    sw_proc_result *r)
{
	return proc_capture_env(argv, NULL, deadline_ms, cancel, out_max,
	    err_max, r);
}

int
proc_capture_env(const char *const argv[], const char *const env[],
    int64_t deadline_ms, const atomic_int *cancel, size_t out_max,
    size_t err_max, sw_proc_result *r)
{
	char **envp = NULL;
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, st = 0, open_fds, rc = -1;
	sbuf out = { 0 }, err = { 0 };
	char *prog;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	if ((prog = proc_find(argv[0])) == NULL)
		goto done;
	envp = env_build(env);
	if (pipe2(po, O_CLOEXEC) != 0 ||
	    (err_max > 0 && pipe2(pe, O_CLOEXEC) != 0))
		goto done;
	if ((pid = proc_start(prog, argv, envp, po[1], pe[1])) < 0)
		goto done;
	close(po[1]);
	po[1] = -1;
	if (pe[1] >= 0) {
		close(pe[1]);
		pe[1] = -1;
	}
	open_fds = pe[0] >= 0 ? 2 : 1;
	while (open_fds > 0) {
		struct pollfd p[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
		int64_t left = deadline_ms - sw_now_ms();
		int i;

		if (left <= 0 || (cancel != NULL && atomic_load(cancel)))
			break;
		/* Wake at least every 50 ms to notice a cancel. */
		if (poll(p, 2, left > 50 ? 50 : (int)left) <= 0)
			continue;
		for (i = 0; i < 2; i++) {
			char chunk[4096];
			sbuf *b = i == 0 ? &out : &err;
			size_t cap = i == 0 ? out_max : err_max;
			int *fdp = i == 0 ? &po[0] : &pe[0];
			ssize_t n;

			if (*fdp < 0 || p[i].revents == 0)
				continue;
			n = read(*fdp, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(*fdp);
				*fdp = -1;
				open_fds--;
				continue;
			}
			if (b->len + (size_t)n > cap)
				r->truncated = 1;
			if (b->len < cap)
				sbuf_addn(b, chunk, (size_t)n < cap - b->len ?
				    (size_t)n : cap - b->len);
		}
	}
	if (open_fds > 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (open_fds == 0 && WIFEXITED(st)) {
		r->status = WEXITSTATUS(st);
		rc = 0;
	}
done:
	close_pair(po);
	close_pair(pe);
	free(prog);
	free(envp);
	sbuf_add(&out, "");
	sbuf_add(&err, "");
	r->out_len = out.len;
	r->out = sbuf_steal(&out);
	r->err = sbuf_steal(&err);
	return rc;
}
