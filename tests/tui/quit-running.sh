#!/bin/bash
# Probes never block the screen: while a connection hangs (its SYN dropped
# in a private network namespace), the spinner turns and the elapsed time
# grows; Esc cancels the check at once (a second Esc asks before it
# quits); q quits at once without a prompt
# (nothing to export yet) and Ctrl-C too, the probe cancelled and the
# terminal restored each time.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_require_dropnet
tui_start 80 24 unshare -n
tree=$(tui_tree question) || exit 99
tui_dropnet 2222

tui_run --tree "$tree" --timeout 20 -p 2222 127.0.0.1
tui_wait "Checking..."
tui_has "Esc cancels the check."
# The elapsed time grows and the spinner turns while the probe runs.
elapsed() {
	tui_screen | sed -n 's/.*  \([0-9]*\.[0-9]\) s of at most 20 s.*/\1/p' |
	    head -n 1 | tr -d .
}
spinner() {
	tui_screen | sed -n 's/^.*│ \(.*\) Checking\.\.\..*/\1/p' | head -n 1
}
e1=$(elapsed) s1=$(spinner)
# Poll (bounded: 10 s) until both move: a busy machine redraws late.
for ((i = 0; i < 100; i++)); do
	sleep 0.1
	e2=$(elapsed) s2=$(spinner)
	[ -n "$e1" ] && [ -n "$e2" ] && [ "$e2" -gt "$e1" ] &&
	    [ -n "$s1" ] && [ "$s1" != "$s2" ] && break
done
[ -n "$e1" ] && [ -n "$e2" ] && [ "$e2" -gt "$e1" ] ||
    tui_fail "the elapsed time does not grow ($e1, $e2)"
[ -n "$s1" ] && [ "$s1" != "$s2" ] || tui_fail "the spinner does not turn"
tui_keys Escape
tui_wait "Cancelled.  Enter or r runs this check again." 10
tui_has "Check cancelled."
# A second Esc asks before it quits; n stays.
tui_keys Escape
tui_wait "Quit the diagnosis?  y: quit  n: stay" 50
tui_keys n
tui_wait_gone "Quit the diagnosis?" 50
tui_has "Cancelled.  Enter or r runs this check again."
tui_keys r
tui_wait "Checking..." 10
tui_keys q
tui_expect_exit 0 20
tui_restored
tui_lacks "Not exported yet. Quit?"

tui_run --tree "$tree" --timeout 20 -p 2222 127.0.0.1
tui_wait "Checking..."
tui_keys C-c
tui_expect_exit 130 20
tui_restored
