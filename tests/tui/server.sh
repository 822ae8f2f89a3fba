#!/bin/bash
# "I am on the server", on screen, in the lab's server namespace: its sshd
# listens on 10022 and an iptables REJECT rule answers for the client's
# network.  The target screen's switch turns the form into the server
# checks (port, client address, sudo consent) and the walk runs the server
# part of the tree on this machine to the firewall's verdict, the report
# exported from the screen saying the findings came from the server.  Then
# `sshwizard --server` (no --batch) opens straight on the server part, and
# a new diagnosis goes back to the form with the switch on the server.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
lab_up
lab_sshd 10022
lab_fw iptables -A INPUT -p tcp -s 198.51.100.0/24 --dport 10022 -j REJECT
RULE="-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 10022 -j REJECT --reject-with icmp-port-unreachable"

tui_start 100 30 ip netns exec "$LAB_S"
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter

# The switch at the top of the target screen.
tui_run --lang en --timeout 20 --sshd-config "$LAB_SSHD_CONFIG"
tui_wait "Which SSH connection fails?"
tui_has "(*) Diagnose from this machine"
tui_has "( ) I am on the server"
tui_keys Up Right
tui_wait "Check the SSH server on this machine"
tui_has "(*) I am on the server"
tui_lacks "Which SSH connection fails?"
tui_has "default: 22"
tui_has "[ ] Use sudo -n"
tui_keys Tab
tui_type "10022"
tui_keys Tab
# A client address is checked before anything runs.
tui_type "not-an-address"
tui_keys Enter
tui_wait "The client address must be an IP address"
tui_keys C-u
tui_type "$LAB_CLIENT_IP"
tui_keys Tab Space
tui_wait "[x] Use sudo -n"
tui_keys Enter
tui_wait "Verdict: The server's firewall rejects the SSH port" 600
tui_has "This server, SSH port 10022"
tui_has "firewall.blocks_port"
tui_has "Server-side checks ran on this machine."
tui_lacks "Which SSH connection fails?"

# The rule, on screen: under the verdict's headline, and in the firewall
# step of the path, in detail.
tui_has "rule:  (read on the server)"
tui_has "     ${RULE:0:60}"
tui_focus_path
tui_keys Enter
tui_wait "Reviewing a past step"
tui_keys d
tui_wait "Showing every piece of evidence."
tui_has "Does the server's firewall let the connection in?"
# (The rule is longer than the pane: it wraps.)
# A value too long for the line goes under its key, whole words.
tui_has "  rule:"
tui_has "    ${RULE:0:60}"
tui_has "--reject-with icmp-port-unreachable"
tui_keys Escape
tui_wait "Verdict: The server's firewall rejects the SSH port"

# The report from the screen: the findings came from the server itself.
json=$(tui_export_json) || exit 1
[ "$(jq -r .source "$json")" = server ] ||
	tui_fail "the report's source is $(jq -r .source "$json")"
[ "$(jq -r '.steps[0].node' "$json")" = server ] ||
	tui_fail "the walk did not start at the server part"
[ "$(jq -r .verdict.cause "$json")" = firewall.blocks_port ] ||
	tui_fail "the report's cause is $(jq -r .verdict.cause "$json")"
[ "$(jq -r '[.steps[] | select(.node == "srv_firewall")] | last | .evidence.rule' "$json")" = "$RULE" ] ||
	tui_fail "the report lacks the rule"
jq -r '.steps[] | select(.node == "server") | .evidence.client' "$json" |
	grep -q "^$LAB_CLIENT_IP" || tui_fail "the client address typed was not used"
tui_keys q
tui_expect_exit 1

# --server without --batch: the wizard opens on the server part, with the
# port and client address of the command line.  The daemon listens on
# 10022, not 2222.
tui_run --lang en --timeout 20 --server -p 2222 --client 203.0.113.9 \
	--sshd-config "$LAB_SSHD_CONFIG"
tui_wait "Verdict: " 600
tui_has "This server, SSH port 2222"
tui_focus_path
tui_has "Reach the server for checks"
tui_has "daemon.port_mismatch"
tui_lacks "Which SSH connection fails?"
# A new diagnosis: the form, still on the server, with the same values
# (after the question: the verdict was not exported).
tui_keys n
tui_wait "Not exported yet. Start a new diagnosis?"
tui_keys y
tui_wait "Check the SSH server on this machine"
tui_has "(*) I am on the server"
tui_has "2222"
tui_has "203.0.113.9"
tui_keys Escape
tui_expect_exit 0
tui_restored
