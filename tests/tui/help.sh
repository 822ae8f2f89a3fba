#!/bin/bash
# The help screen: F1 on the target screen and ? on a step show every key
# binding (generated from the same table as the dispatch); / searches it;
# Esc closes it.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99

tui_run --tree "$tree"
tui_wait "Which SSH connection fails?"
tui_has "F1 help"
tui_keys F1
tui_wait "Keys"
tui_has "Re-run the current check"
tui_has "Copy the selected command to the clipboard (OSC 52)"
tui_keys NPage
tui_wait "passed"
tui_has "Switch to the next language"
tui_has "question"
tui_keys Escape
tui_wait_gone "Switch to the next language"
tui_wait "Which SSH connection fails?"

# On a diagnosis screen, ? opens it; q closes it without quitting.
tui_type "127.0.0.1"
tui_keys Tab
tui_type "1"
tui_keys Enter
tui_wait "Choose an answer:"
tui_keys Enter
tui_wait "Verdict:"
tui_keys '?'
tui_wait "Go back a step"
# / searches the help: the match comes into view, n wraps to it again.
tui_keys /
tui_type "Redraw"
tui_keys Enter
tui_wait "Match 1 of 1: Redraw"
tui_has "Ctrl-L             Redraw the screen"
tui_keys n
tui_wait "Match 1 of 1: Redraw"
tui_keys /
tui_type "no such text"
tui_keys Enter
tui_wait "Not found: no such text"
tui_keys q
tui_wait_gone "Go back a step"
tui_has "Verdict:"
tui_keys q y
tui_expect_exit 1
tui_restored
