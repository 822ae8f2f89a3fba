/* A password held in memory: one owner, wiped before it is freed, never
 * copied into evidence, reports, logs or messages. */
#ifndef SW_SECRET_H
#define SW_SECRET_H

#include <stddef.h>

typedef struct sw_secret {
	char *s;	/* NUL-terminated */
	size_t len;
} sw_secret;

/* Reads the first line of path (without its newline, at most 4 KiB) into a
 * new secret.  Returns 0, or -1 with *errp set (a message that names the file
 * but never its content; caller frees). */
int secret_read_file(const char *path, sw_secret **out, char **errp);
/* Takes the value of environment variable name, then removes the variable so
 * child processes never see it.  NULL if unset. */
sw_secret *secret_from_env(const char *name);
/* A secret holding a copy of s (s itself is left to the caller to wipe). */
sw_secret *secret_new(const char *s);
/* Wipes and frees.  NULL is fine. */
void secret_free(sw_secret *s);

#endif
