/* A made-up file tree for the sshd_config reader (srv_reader): a list of
 * path, text pairs.  Reads give a copy of the text; a folder lists the
 * names right under it.  Header-only, for the unit tests. */
#ifndef SW_TESTS_FAKEFS_H
#define SW_TESTS_FAKEFS_H

#include <string.h>

#include "core/util.h"
#include "host/host.h"

typedef struct fakefs {
	const char *const *files;	/* path, text, path, text, ..., NULL */
} fakefs;

static int
fake_read(void *arg, const char *path, char **text)
{
	const fakefs *fs = arg;
	size_t i;

	for (i = 0; fs->files[i] != NULL; i += 2)
		if (strcmp(fs->files[i], path) == 0) {
			*text = xstrdup(fs->files[i + 1]);
			return 0;
		}
	return HOST_ENOENT;
}

static int
fake_list(void *arg, const char *dir, char ***names, size_t *n)
{
	const fakefs *fs = arg;
	size_t i, dl = strlen(dir);

	*names = NULL;
	*n = 0;
	for (i = 0; fs->files[i] != NULL; i += 2) {
		const char *p = fs->files[i];

		if (strncmp(p, dir, dl) == 0 && p[dl] == '/' &&
		    strchr(p + dl + 1, '/') == NULL) {
			*names = xreallocarray(*names, *n + 1, sizeof(char *));
			(*names)[(*n)++] = xstrdup(p + dl + 1);
		}
	}
	return *n > 0 ? 0 : HOST_ENOENT;
}

#endif
