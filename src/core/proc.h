/* Running a local program and capturing what it prints: no shell, bounded
 * in time and bytes, cancellable.  Every probe and core module that runs a
 * local command (ssh -G, ssh -Q, ...) uses this one runner. */
#ifndef SW_PROC_H
#define SW_PROC_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sw_proc_result {
	char *out;		/* stdout, NUL-terminated, at most out_max bytes
				 * (may hold NULs) */
	size_t out_len;		/* bytes in out */
	char *err;		/* stderr, NUL-terminated, at most err_max bytes */
	int status;		/* exit status; -1 when it did not exit by itself */
	int truncated;		/* 1 if stdout or stderr held more than the cap */
} sw_proc_result;

/* The full path of prog: prog itself when it holds a '/', else the first
 * executable match on PATH (or /usr/bin:/bin).  NULL when none.  Caller
 * frees.  Resolved before fork, because a threaded program may call only
 * async-signal-safe functions between fork and exec. */
char *proc_find(const char *prog);

/* Runs argv (argv[0] resolved with proc_find) with stdin from /dev/null,
 * every other descriptor closed, capturing stdout and stderr (err_max 0:
 * stderr goes to /dev/null).  Output past a cap is read and dropped, and
 * r->truncated is set.  Stops, killing the program, at deadline_ms (on
 * sw_now_ms()'s clock) or as soon as *cancel (may be NULL) is non-zero.
 * Returns 0 when the program ran to its end (r->status is its exit status),
 * -1 when it was not found, could not start, was stopped or died by a
 * signal (r->status -1).  r->out and r->err are always set; free them with
 * proc_result_free(). */
int proc_capture(const char *const argv[], int64_t deadline_ms,
    const atomic_int *cancel, size_t out_max, size_t err_max,
    sw_proc_result *r);
/* The same, with environment variables set for the program: env holds
 * "NAME=VALUE" strings (NULL-terminated; NULL: none), which replace the
 * program's inherited variables of the same names.  The array is built
 * before fork; nothing of it is copied elsewhere. */
int proc_capture_env(const char *const argv[], const char *const env[],
    int64_t deadline_ms, const atomic_int *cancel, size_t out_max,
    size_t err_max, sw_proc_result *r);
void proc_result_free(sw_proc_result *r);

#endif
