/* Fuzz target: shell quoting.  Property: for any byte string (up to its
 * first NUL: a shell word cannot hold one), the real /bin/sh running
 * `printf %s QUOTED` prints the same bytes back; and a command template
 * expanded with the string as every value runs as one word per placeholder.
 *
 * One long-lived sh reads the commands from a pipe (forking a shell per
 * input ran 42 inputs a second; this runs thousands).  After each command
 * it prints a frame the quoted bytes cannot forge: a NUL (the command's
 * output holds none: printf %s of a NUL-free string), the command's
 * sequence number, its exit status and a NUL.  Output of the wrong length
 * or bytes, a frame with another number, a non-zero status, a shell that
 * exits (a syntax error ends a non-interactive sh) or that waits for more
 * input (an unclosed quote swallows the frame command) are findings. */
#include "config.h"

#include "fuzz.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/shquote.h"
#include "core/util.h"

const char fuzz_name[] = "shquote";

extern char **environ;

/* A command's output: the input is at most 4096 bytes, printed three
 * times in angle brackets by the template, plus the frame. */
#define OUT_MAX (4 * 4096 + 64)
/* How long the shell may take over one command before it counts as
 * waiting for more input. */
#define SH_WAIT_MS 5000

static pid_t sh_pid = -1;
static int sh_in = -1, sh_out = -1;
static unsigned long sh_seq;

static void
sh_stop(void)
{
	if (sh_in >= 0)
		close(sh_in);	/* end of input: sh exits */
	if (sh_out >= 0)
		close(sh_out);
	if (sh_pid > 0)
		waitpid(sh_pid, NULL, 0);
}

static void
sh_start(void)
{
	int in[2], out[2];
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)"/bin/sh", NULL };

	signal(SIGPIPE, SIG_IGN);	/* a shell that died: EPIPE */
	if (pipe(in) != 0 || pipe(out) != 0)
		fuzz_fail("pipe: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[0]);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addclose(&fa, out[1]);
	errno = posix_spawn(&sh_pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (errno != 0)
		fuzz_fail("cannot start /bin/sh: %s", strerror(errno));
	close(in[0]);
	close(out[1]);
	sh_in = in[1];
	sh_out = out[0];
	atexit(sh_stop);
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fuzz_fail("sh does not read its input (exited?): %s",
			    strerror(errno));
		p += w;
		n -= (size_t)w;
	}
}

/* Runs cmd in the long-lived sh; returns what it printed before the frame
 * (caller frees), its length in *len. */
static char *
run_sh(const char *cmd, size_t *len)
{
	char *buf = xmalloc(OUT_MAX + 1), *frame, *want;
	size_t got = 0;
	int64_t end;
	unsigned long seq = ++sh_seq, fseq;
	int status;

	if (sh_pid < 0)
		sh_start();
	want = xasprintf("%s\nprintf '\\0%%s %%s\\0' %lu $?\n", cmd, seq);
	write_all(sh_in, want, strlen(want));
	free(want);
	end = sw_now_ms() + SH_WAIT_MS;
	for (;;) {
		struct pollfd pfd = { sh_out, POLLIN, 0 };
		int64_t left = end - sw_now_ms();
		ssize_t r;
		char *nul = memchr(buf, '\0', got);

		/* the frame is complete at its second NUL */
		if (nul != NULL && memchr(nul + 1, '\0',
		    got - (size_t)(nul + 1 - buf)) != NULL)
			break;
		if (got == OUT_MAX)
			fuzz_fail("more than %d bytes of output", OUT_MAX);
		if (left <= 0)
			fuzz_fail("sh still waits for input after %d ms: %s",
			    SH_WAIT_MS, cmd);
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = read(sh_out, buf + got, OUT_MAX - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			fuzz_fail("sh exited on: %s", cmd);
		got += (size_t)r;
	}
	buf[got] = '\0';
	*len = strlen(buf);
	frame = buf + *len + 1;
	if (sscanf(frame, "%lu %d", &fseq, &status) != 2 || fseq != seq)
		fuzz_fail("frame of command %lu reads \"%s\" on: %s", seq,
		    frame, cmd);
	if (status != 0)
		fuzz_fail("status %d on: %s", status, cmd);
	if (frame + strlen(frame) + 1 != buf + got)
		fuzz_fail("output after the frame on: %s", cmd);
	return buf;
}

static const char *
same_value(void *arg, const char *key)
{
	(void)key;
	return arg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *q, *cmd, *out, *tmpl, *bad = NULL;
	size_t len, off;
	sw_vars vars;

	if (size > 4096)
		return 0;	/* bounded output, not a property */
	s = fuzz_cstr(data, size);
	q = shell_quote(s);
	cmd = xasprintf("printf %%s %s", q);
	out = run_sh(cmd, &len);
	if (len != strlen(s) || memcmp(out, s, len) != 0)
		fuzz_fail("quoted %zu bytes, got %zu back", strlen(s), len);
	free(out);
	free(cmd);
	free(q);

	/* Every placeholder is one word whatever its value. */
	memset(&vars, 0, sizeof(vars));
	vars.host = vars.hostname = vars.known_host_name = vars.port =
	    vars.user = vars.ip = vars.known_hosts = vars.client_ip = s;
	vars.evidence = same_value;
	vars.evidence_arg = s;
	tmpl = xstrdup("printf '<%s>' {host} {port} {ev.x}");
	cmd = placeholders_expand(tmpl, &vars);
	out = run_sh(cmd, &len);
	q = xasprintf("<%s><%s><%s>", s, s, s);
	if (len != strlen(q) || memcmp(out, q, len) != 0)
		fuzz_fail("expanded to other words");
	free(q);
	free(out);
	free(cmd);
	free(tmpl);
	/* The template checker on the input as a template. */
	if (placeholders_check(s, &bad, &off) != 0) {
		if (off > strlen(s))
			fuzz_fail("offset %zu past %zu", off, strlen(s));
		free(bad);
	}
	free(s);
	return 0;
}
