#!/bin/bash
# Copying a suggested command: c sends it with OSC 52 (tmux, with
# set-clipboard on, stores it in a paste buffer) and the screen says so;
# the command has its placeholders filled in.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99

tui_run --tree "$tree" -p 1 127.0.0.1
tui_wait "Is there a firewall in front of the server?"
tui_keys Enter
tui_wait "Verdict: Nothing listens on the SSH port"
tui_keys j c
tui_wait "Copied to the clipboard: nc -zv 127.0.0.1 1"
buf=$(tui_tmux show-buffer 2>/dev/null)
[ "$buf" = "nc -zv 127.0.0.1 1" ] || tui_fail "clipboard holds '$buf'"
tui_keys q y
tui_expect_exit 1
