/* Checking a loaded tree against the probe registry and the cause
 * vocabulary. */
#ifndef SW_VALIDATE_H
#define SW_VALIDATE_H

#include "core/diag.h"
#include "core/probe.h"
#include "core/tree.h"

/* Appends to diags every problem in t, each at the position of the offending
 * field: no or unknown start node, duplicate node id, reference to an unknown
 * node, unknown probe, an outcome of the probe with no edge, an edge for an
 * outcome the probe does not declare, a question without choices or with a
 * duplicate choice id or an unknown default, a verdict without a cause or
 * with a cause not in the vocabulary, a suggestion with a bad placeholder,
 * a node not reachable from start, and a node on a loop from which no
 * verdict can be reached.  Returns the number of problems added. */
size_t tree_validate(const sw_tree *t, const sw_registry *reg, sw_diags *diags);

#endif
