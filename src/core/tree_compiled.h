/* The shipped decision tree compiled into the program at build time.
 *
 * src/tools/sw-tree-compile loads wizard/main.yaml with the program's own
 * loader and validator and writes the tree out as C data (src/tree-shipped.c,
 * generated in the build folder and linked into sshwizard only), together
 * with the size and a hash of every YAML file it read.  The YAML stays the
 * source: at run time the compiled tree stands in for it only while every
 * one of those files reads exactly as it did at build time; any change,
 * a missing or unreadable file, means the YAML is loaded and validated as
 * before.  A changed tree is therefore never silently ignored. */
#ifndef SW_TREE_COMPILED_H
#define SW_TREE_COMPILED_H

#include "core/tree.h"

#include <stddef.h>
#include <stdint.h>

/* One YAML file the compiled tree came from. */
typedef struct sw_tree_source {
	const char *name;	/* relative to the root file's folder; the
				 * root file is sources[0] */
	uint64_t size;		/* bytes */
	uint64_t hash;		/* tree_compiled_hash() of the contents */
} sw_tree_source;

typedef struct sw_tree_compiled {
	const sw_tree *tree;
	const sw_tree_source *sources;
	size_t n_sources;
} sw_tree_compiled;

/* The tree compiled from the source folder's wizard/main.yaml; defined in
 * the generated src/tree-shipped.c, which only sshwizard and the tests
 * that compare it with the YAML link. */
extern const sw_tree_compiled sw_tree_shipped;

/* The hash the compiler records: 64-bit FNV-1a, fed in pieces: start with
 * TREE_HASH_INIT and pass each piece with the value so far. */
#define TREE_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t tree_compiled_hash(uint64_t h, const void *p, size_t n);

/* Hashes the file at path into *hash and its length into *size.  Reads at
 * most max_bytes + 1 bytes.  Returns 0, or -1 when it cannot be opened or
 * read, or is longer than max_bytes. */
int tree_compiled_hash_file(const char *path, uint64_t max_bytes,
    uint64_t *size, uint64_t *hash);

/* c->tree when the file at path and every other file c was compiled from
 * (looked for in path's folder) have the same size and hash as then;
 * NULL otherwise, and then the caller loads the YAML.  The tree is
 * static: never free it.  NULL c is fine (NULL). */
const sw_tree *tree_compiled_match(const sw_tree_compiled *c,
    const char *path);

#endif
