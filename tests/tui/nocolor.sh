#!/bin/bash
# Colours: by default the states are coloured (a failed step in red) on the
# terminal's own background; with NO_COLOR there is no colour at all and the
# states still read by symbol.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require

# colours SHOWN: 1 if the pane has any SGR colour (30-37, 38, 40-47, 48).
colours() {
	tui_tmux capture-pane -p -e |
	    grep -qE $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8])(;[0-9;]*)?m' &&
	    echo 1 || echo 0
}

tui_start 80 24
tree=$(tui_tree question) || exit 99
tui_run --tree "$tree" -p 1 127.0.0.1
tui_wait "Choose an answer:"
[ "$(colours)" = 1 ] || tui_fail "no colour without NO_COLOR"
tui_keys q
tui_expect_exit 0
tui_cleanup

TUI_NO_COLOR=1 tui_start 80 24
tree=$(tui_tree question) || exit 99
tui_run --tree "$tree" -p 1 127.0.0.1
tui_wait "Choose an answer:"
[ "$(colours)" = 0 ] || tui_fail "colour despite NO_COLOR"
tui_has "✘ Connect to the SSH port"
tui_has "? Is there a firewall"
tui_keys q
tui_expect_exit 0
tui_restored
