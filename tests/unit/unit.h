/* Helpers shared by the unit tests: the source folder, scratch folders with
 * files written from strings, and problem lists as text.  Include after
 * config.h and cmocka.h. */
#ifndef SW_UNIT_H
#define SW_UNIT_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/util.h"

/* The top of the source tree: $abs_top_srcdir (the harness exports it), else
 * the one configure saw.  Static string. */
static inline const char *
unit_srcdir(void)
{
	const char *s = getenv("abs_top_srcdir");

	return s != NULL && *s != '\0' ? s : SW_SRCDIR;
}

/* Makes a fresh scratch folder.  Caller frees (and removes it with
 * unit_rmtree()). */
static inline char *
unit_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/sw-unit-XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Writes text to dir/name, making the folders in name as needed.  Returns
 * the path.  Caller frees. */
static inline char *
unit_write(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name), *p;
	FILE *f;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	return path;
}

static inline int
unit_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes dir and everything in it, then frees dir.  NULL is fine. */
static inline void
unit_rmtree(char *dir)
{
	if (dir == NULL)
		return;
	nftw(dir, unit_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Every problem in d, sorted, one "FILE:LINE:COLUMN: message" a line, with
 * prefix taken off each FILE that starts with it.  Caller frees. */
static inline char *
unit_diags_text(sw_diags *d, const char *prefix)
{
	sbuf b = { 0 };
	size_t i, n = prefix != NULL ? strlen(prefix) : 0;

	diags_sort(d);
	for (i = 0; i < d->n; i++) {
		char *line = diags_format(d, i);

		sbuf_add(&b, n > 0 && strncmp(line, prefix, n) == 0 ?
		    line + n : line);
		sbuf_addc(&b, '\n');
		free(line);
	}
	return sbuf_steal(&b);
}

/* Asserts that the problems in d, sorted and with prefix taken off their
 * file names, read exactly want (one per line, each ending in "\n"). */
#define unit_assert_diags(d, prefix, want) do {				\
	char *unit_got_ = unit_diags_text((d), (prefix));			\
	if (strcmp(unit_got_, (want)) != 0)				\
		print_error("problems found:\n%swanted:\n%s", unit_got_,	\
		    (want));						\
	assert_string_equal(unit_got_, (want));				\
	free(unit_got_);						\
} while (0)

#endif
