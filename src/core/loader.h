/* Loading a decision tree from YAML with libyaml's document API. */
#ifndef SW_LOADER_H
#define SW_LOADER_H

#include "core/diag.h"
#include "core/tree.h"

/* Reads the tree rooted at path, following `include:` entries (paths relative
 * to the including file; a file included twice or in a cycle is an error).
 * Every problem is appended to diags as FILE:LINE:COLUMN (1-based) with a
 * translated message: a file that cannot be read, a YAML syntax error, an
 * unknown key, a value of the wrong type, a missing required field, an
 * unknown node kind or `where`, `start` outside the root file.
 *
 * Returns the tree (caller frees with tree_free()) — partial when there were
 * problems in the content, so the validator can still report more — or NULL
 * when the root file could not be read or parsed at all.  Either way, the
 * tree is usable only when diags gained no entry. */
sw_tree *tree_load(const char *path, sw_diags *diags);

#endif
