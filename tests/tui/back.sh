#!/bin/bash
# Going back two steps and forward again: from the verdict, Backspace undoes
# the answer (back at the question), Left undoes the connection check (back
# at it, paused, not re-run by itself); Enter runs it again and the walk
# comes back to the question, which is answered again.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99

tui_run --tree "$tree" -p 1 127.0.0.1
tui_wait "Is there a firewall in front of the server?"
tui_keys Enter
tui_wait "Verdict: Nothing listens on the SSH port"
tui_keys BSpace
tui_wait "Choose an answer:"
tui_has "Back at: Is there a firewall in front of the server?"
tui_keys Left
tui_wait "This check has not run yet.  Enter runs it."
tui_has "Back at: Connect to the SSH port"
tui_has "> Connect to the SSH port"
tui_lacks "Is there a firewall"
tui_keys Enter
tui_wait "Choose an answer:"
tui_has "Is there a firewall in front of the server?"
tui_keys j j Enter
tui_wait "Verdict: Nothing listens on the SSH port"
tui_has "I do not know"
tui_keys q y
tui_expect_exit 1
