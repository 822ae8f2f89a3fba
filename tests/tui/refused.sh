#!/bin/bash
# A refused port with the shipped tree: nothing listens on a loopback port,
# the path shows the failed connection and the verdict says it was refused,
# with commands to run; quitting asks first (not exported) and exits 1.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24

tui_run --lang en -p 1 127.0.0.1
tui_wait "Verdict:"
tui_has "root@127.0.0.1:1"
tui_has "Connect to the SSH port"
tui_has "refused"
tui_has "What to do"
tui_has "port.refused"
tui_keys q
tui_wait "Quit anyway?"
tui_keys n
tui_wait_gone "Quit anyway?"
tui_has "Verdict:"
tui_keys q
tui_wait "Quit anyway?"
tui_keys y
tui_expect_exit 1
tui_restored
tui_lacks "Verdict:"
