#!/bin/bash
# Resizing: 80x24 has the sidebar; 60x20 the compact layout (a one-line
# path, no sidebar); 30x10 a clear message; back to 80x24 the full layout,
# with the same step on screen throughout.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99

tui_run --tree "$tree" -p 1 127.0.0.1
tui_wait "Is there a firewall in front of the server?"
tui_has "Path"
tui_has "│"
tui_resize 60 20
tui_wait "Step 3:"
tui_lacks "│"
tui_has "Is there a firewall in front of the server?"
tui_has "Choose an answer:"
tui_resize 30 10
tui_wait "Make the terminal"
tui_has "44×14"
tui_resize 80 24
tui_wait "│"
tui_lacks "Make the terminal"
tui_lacks "Step 3:"
tui_has "Is there a firewall in front of the server?"
tui_keys q
tui_expect_exit 0
tui_restored
