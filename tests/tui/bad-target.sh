#!/bin/bash
# Bad input on the target screen is refused before any check, on the field
# to fix: a host name ssh rejects (its own rule for invalid characters), a
# key file that does not exist (the cursor goes to the key field).
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24

# the row of the first line holding TEXT, 0-based, and the cursor's row
row_of() { tui_screen | grep -n -F -m1 -- "$1" | cut -d: -f1 | awk '{ print $1 - 1 }'; }
cursor_row() { tui_tmux display-message -p '#{cursor_y}'; }

tui_run --no-ssh-config
tui_wait "Which SSH connection fails?"
tui_type 'bad;host'
tui_keys Enter
tui_wait "hostname contains invalid characters"
tui_has "Which SSH connection fails?"
[ "$(cursor_row)" = "$(row_of "Host ")" ] || tui_fail "the cursor is not on the host field"

# a good host, a key file that is not there
tui_keys C-u
tui_type 127.0.0.1
tui_keys Down Down Down Right
tui_wait "(*) key file"
tui_keys Down
tui_type "$TUI_HOME/.ssh/no-such-key"
tui_keys Enter
tui_wait "(-i) does not exist"
tui_has "Which SSH connection fails?"
[ "$(cursor_row)" = "$(row_of "$TUI_HOME/.ssh/no-such-key")" ] ||
	tui_fail "the cursor is not on the key field"
tui_keys Escape
tui_expect_exit 0
tui_restored
