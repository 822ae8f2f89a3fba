#!/bin/bash
# --from-log: an error read from standard input (the keys then come from the
# terminal) starts the walk where the message points, skipping the earlier
# checks; a file given with a host-less command line fills the target
# screen's error field, already recognised.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99

tui_tmux send-keys -l "clear; echo 'ssh: connect to host x port 1: Connection refused' | $(tui_quote "$SSHWIZARD" --tree "$tree" --from-log - -p 1 127.0.0.1); echo $TUI_MARK=\$?"
tui_keys Enter
tui_wait "Choose an answer:"
tui_has "✘ Connect to the SSH port"
tui_lacks "Resolve the host name"
tui_keys k Enter
tui_wait "Verdict: A firewall rejects the connection"
tui_keys q y
tui_expect_exit 1

echo 'ssh: connect to host x port 1: Connection refused' >"$TUI_HOME/err.txt"
tui_run --tree "$tree" --from-log "$TUI_HOME/err.txt"
tui_wait 'Recognised: starts at "Connect to the SSH port".'
tui_has "Connection refused⏎"
tui_keys Escape
tui_expect_exit 0
tui_restored
