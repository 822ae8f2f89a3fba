/* The compiled tree stands in for the YAML only while the YAML is
 * unchanged (tree_compiled.h). */
#include "config.h"

#include "core/tree_compiled.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* No tree file is larger than the loader accepts (loader.c). */
#define COMPILED_MAX_FILE_BYTES (4 * 1024 * 1024)

uint64_t
tree_compiled_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

int
tree_compiled_hash_file(const char *path, uint64_t max_bytes,
    uint64_t *size, uint64_t *hash)
{
	char buf[16384];
	uint64_t h = TREE_HASH_INIT, len = 0;
	ssize_t got;
	int fd, ret = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto out;
		if (got == 0)
			break;
		len += (uint64_t)got;
		if (len > max_bytes)
			goto out;
		h = tree_compiled_hash(h, buf, (size_t)got);
	}
	*size = len;
	*hash = h;
	ret = 0;
out:
	close(fd);
	return ret;
}

const sw_tree *
tree_compiled_match(const sw_tree_compiled *c, const char *path)
{
	const char *slash;
	size_t i;

	if (c == NULL || c->tree == NULL || c->n_sources == 0 || path == NULL)
		return NULL;
	slash = strrchr(path, '/');
	for (i = 0; i < c->n_sources; i++) {
		const sw_tree_source *s = &c->sources[i];
		uint64_t size, hash;
		char *file;
		int ok;

		if (i == 0)
			file = xstrdup(path);
		else if (slash != NULL)
			file = xasprintf("%.*s/%s", (int)(slash - path), path,
			    s->name);
		else
			file = xstrdup(s->name);
		ok = tree_compiled_hash_file(file, COMPILED_MAX_FILE_BYTES,
		    &size, &hash) == 0 && size == s->size && hash == s->hash;
		free(file);
		if (!ok)
			return NULL;
	}
	return c->tree;
}
