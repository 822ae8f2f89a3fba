#!/bin/bash
# A question answered: the test tree asks about a firewall after a refusal;
# the default is preselected, Up moves to another choice, Enter answers it
# and the verdict follows that answer.  A mouse click on a path step opens
# it for review.
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
tui_start 80 24
tree=$(tui_tree question) || exit 99

tui_run --tree "$tree" -p 1 127.0.0.1
tui_wait "Is there a firewall in front of the server?"
tui_has "Choose an answer:"
tui_has "> No, nothing filters the traffic"
tui_has "? Is there a firewall"
tui_keys k
tui_wait "> Yes, there is a firewall"
tui_keys Enter
tui_wait "Verdict: A firewall rejects the connection"
tui_has "[on the server]"
tui_has "    sudo iptables-save"
tui_has "firewall.blocks_port"
tui_focus_path
tui_has "Yes, there is a firewall"

# Click the step of the path that connected (X10 mouse report: button 1
# at column 6 and the step's row, both 1-based, each plus 32).
row=$(tui_screen | grep -n "Connect to the SSH port" | head -n 1 | cut -d: -f1)
[ -n "$row" ] || tui_fail "no step 'Connect to the SSH port' on screen"
ch=$(printf "\\$(printf '%03o' $((32 + row)))")
tui_type $'\e[M &'"$ch"
tui_wait "Reviewing a past step"
tui_has "Connect to the SSH port"
tui_has "the connection was refused"
tui_keys Escape
tui_wait "Verdict: A firewall"
tui_keys q y
tui_expect_exit 1
