#!/bin/bash
# The language switched mid-run: L redraws the current screen in Japanese
# and back, at the target screen (F2, since letters type there) and during a
# diagnosis; wide text stays inside the screen.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99
ja=0
if [ -f "${abs_top_builddir:-.}/locale/ja/LC_MESSAGES/sshwizard.mo" ]; then
	ja=1
fi

tui_run --lang en --tree "$tree"
tui_wait "Which SSH connection fails?"
tui_has "[EN]"
tui_has "F2 日本語"
tui_keys F2
tui_wait "[JA]"
tui_has "F2 English"
if [ "$ja" = 1 ]; then
	tui_lacks "Which SSH connection fails?"
fi
tui_keys F2
tui_wait "[EN]"
tui_has "Which SSH connection fails?"

tui_type "127.0.0.1"
tui_keys Tab
tui_type "1"
tui_keys Enter
tui_wait "Choose an answer:"
tui_keys Enter
tui_wait "Verdict:"
tui_keys L
tui_wait "[JA]"
tui_has "L English"
if [ "$ja" = 1 ]; then
	tui_lacks "Verdict:"
	tui_has "port.refused"
fi
# No line is wider than the pane.
tui_screen | while IFS= read -r line; do
	w=$(printf '%s' "$line" | wc -L)
	[ "$w" -le 80 ] || tui_fail "a line is $w columns wide"
done
tui_keys L
tui_wait "[EN]"
tui_has "Verdict:"
tui_keys q y
tui_expect_exit 1
