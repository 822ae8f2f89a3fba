/* The plain driver of a fuzz target: replays its corpus (the seeds and
 * every reproducer of a past finding) once each, printing TAP, so that
 * `make check` runs every target, with ASan in the sanitizer build, without
 * clang or libFuzzer.  With arguments, replays those files instead (to
 * check a reproducer by hand). */
#include "config.h"

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* A corpus file is small; a larger one is a mistake, not an input. */
#define REPLAY_MAX_BYTES (1024 * 1024)

static int
read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t got;

	if (f == NULL)
		return -1;
	buf = xmalloc(REPLAY_MAX_BYTES + 1);
	got = fread(buf, 1, REPLAY_MAX_BYTES + 1, f);
	if (ferror(f) || got > REPLAY_MAX_BYTES) {
		fclose(f);
		free(buf);
		errno = EFBIG;
		return -1;
	}
	fclose(f);
	*data = buf;
	*size = got;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	char **files = NULL, *dir = NULL;
	size_t n = 0, i;
	int failed = 0;

	if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++) {
			files = xreallocarray(files, n + 1, sizeof(*files));
			files[n++] = xstrdup(argv[i]);
		}
	} else {
		DIR *d;
		struct dirent *e;

		dir = xasprintf("%s/tests/fuzz/corpus/%s", SW_SRCDIR,
		    fuzz_name);
		if ((d = opendir(dir)) == NULL) {
			printf("Bail out! %s: %s\n", dir, strerror(errno));
			return 1;
		}
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			files = xreallocarray(files, n + 1, sizeof(*files));
			files[n++] = xasprintf("%s/%s", dir, e->d_name);
		}
		closedir(d);
		if (n > 1)
			qsort(files, n, sizeof(*files), cmp_str);
	}
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		uint8_t *data;
		size_t size;
		const char *base = strrchr(files[i], '/');

		base = base != NULL ? base + 1 : files[i];
		if (read_file(files[i], &data, &size) != 0) {
			printf("not ok %zu - %s: %s\n", i + 1, base,
			    strerror(errno));
			failed = 1;
			continue;
		}
		fflush(stdout);
		LLVMFuzzerTestOneInput(data, size);
		printf("ok %zu - %s %s (%zu bytes)\n", i + 1, fuzz_name, base,
		    size);
		free(data);
	}
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(dir);
	return failed;
}
