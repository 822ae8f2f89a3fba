/* The ncurses front end. */
#ifndef SW_TUI_H
#define SW_TUI_H

#include "core/options.h"
#include "core/target.h"
#include "core/tree.h"

/* Runs the interactive wizard.  target is NULL when no host was given (the
 * target screen asks for one); it is borrowed.  With o->mode SW_MODE_SERVER
 * the walk starts at the server part of the tree, run through
 * target->server (this machine or the --via one, as main() made it).
 * Otherwise a target->server given is used as batch_run() uses it; when
 * there is none, the wizard may set one of its own for a while (the user's
 * consent at a way onto the server) and puts NULL back before it returns.
 * o->from_log, when set, is read first ("-": standard input, then the
 * terminal is reopened for keys) and picks the start node.  Restores the terminal on every exit path (q,
 * Esc, Ctrl-C, SIGTERM, SIGHUP, SIGQUIT, a crash) and prints a fatal
 * message only after.  Returns the exit status as batch_run() does when the
 * diagnosis reached a verdict (0 the connection works, 1 a problem was
 * diagnosed); 0 when the user quit before a verdict; 2 without a usable
 * terminal; 3 on an internal error; 128 + the signal number after a
 * signal. */
int tui_run(const sw_options *o, const sw_tree *tree, sw_target *target);

#endif
