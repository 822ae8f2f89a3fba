/* Fuzz target: a decision tree file, loaded (libyaml, aliases, includes)
 * and validated.  The input is written to a file in a private folder, as
 * tree_load() reads paths: under $TMPDIR, else in /dev/shm when there is
 * one (rewriting a file on a disk file system costs a write-back per input
 * (ext4 flushes a truncated file on close), several times the parse). */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/loader.h"
#include "core/probe.h"
#include "core/tree.h"
#include "core/util.h"
#include "core/validate.h"

const char fuzz_name[] = "tree";

static char *dir, *path;

static void
cleanup(void)
{
	if (path != NULL)
		unlink(path);
	if (dir != NULL)
		rmdir(dir);
	free(path);
	free(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_diags d = { 0 };
	sw_tree *t;
	FILE *f;

	if (dir == NULL) {
		const char *tmp = getenv("TMPDIR");

		if (tmp == NULL || *tmp == '\0')
			tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
			    "/tmp";
		dir = xasprintf("%s/sw-fuzz-tree-XXXXXX", tmp);
		if (mkdtemp(dir) == NULL)
			fuzz_fail("mkdtemp %s", dir);
		path = xasprintf("%s/tree.yaml", dir);
		atexit(cleanup);
	}
	if ((f = fopen(path, "wb")) == NULL)
		fuzz_fail("cannot write %s", path);
	fwrite(data, 1, size, f);
	fclose(f);
	t = tree_load(path, &d);
	if (t != NULL) {
		tree_validate(t, &sw_builtin_probes, &d);
		tree_free(t);
	}
	/* Each problem names a position and stays on one line. */
	{
		size_t i;

		for (i = 0; i < d.n; i++)
			if (strchr(d.v[i].msg, '\n') != NULL)
				fuzz_fail("a problem spans lines: %s",
				    d.v[i].msg);
	}
	diags_free(&d);
	return 0;
}
