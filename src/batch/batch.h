/* The batch front end: a whole diagnosis without a screen UI. */
#ifndef SW_BATCH_H
#define SW_BATCH_H

#include "core/options.h"
#include "core/target.h"
#include "core/tree.h"

/* Runs the diagnosis of target over tree, answering questions from
 * o->answers or the nodes' defaults, prints a summary on stdout, writes
 * o->reports.  Returns the exit status: 0 the connection works, 1 a problem
 * was diagnosed, 2 a usage error (an answer that names no question or
 * choice, a question with no answer), 3 an internal error or a report that
 * could not be written. */
int batch_run(const sw_options *o, const sw_tree *tree, const sw_target *target);

#endif
