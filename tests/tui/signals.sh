#!/bin/bash
# The terminal is restored after SIGTERM and SIGHUP too (exit 128 + signal),
# on the target screen and while a probe runs, with nothing left drawn.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99

tui_run --tree "$tree"
tui_wait "Which SSH connection fails?"
pid=$(tui_app_pid)
[ -n "$pid" ] || tui_fail "no program pid"
kill -TERM "$pid"
tui_expect_exit 143 30
tui_restored
tui_lacks "Which SSH connection fails?"

tui_run --tree "$tree" -p 1 127.0.0.1
tui_wait "Is there a firewall"
pid=$(tui_app_pid)
kill -HUP "$pid"
tui_expect_exit 129 30
tui_restored
tui_lacks "Is there a firewall"
