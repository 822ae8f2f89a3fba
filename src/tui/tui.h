/* The ncurses front end. */
#ifndef SW_TUI_H
#define SW_TUI_H

#include "core/options.h"
#include "core/target.h"
#include "core/tree.h"

/* Runs the interactive wizard.  target is NULL when no host was given (the
 * target screen asks for one); it is borrowed.  Restores the terminal on
 * every exit path.  Returns the exit status, as batch_run() does. */
int tui_run(const sw_options *o, const sw_tree *tree, const sw_target *target);

#endif
