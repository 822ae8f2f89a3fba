#!/bin/bash
# The consent at a way onto the server, on screen: the lab's sshd listens on
# 22 and 10022, the server's firewall drops 10022, and root can still log
# in on 22 with its own key.  From the client namespace the walk finds
# 10022 silent and SSH on 22, then asks whether the server can be reached
# another way.  No (preselected) goes on as batch mode without --via, to
# the client-side verdict; back one step, yes, and the form (way in, key
# file, masked password, sudo) makes the session: the server checks run
# over port 22 and end at the rule that drops 10022, quoted on screen; the
# report exported from the screen says where the findings came from.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
lab_up
lab_sshd 10022 "Port 22" "PermitRootLogin prohibit-password"
lab_client_key via
cat "$LAB_HOME/.ssh/via.pub" >>"$LAB_DIR/authorized_keys/root"
chmod 644 "$LAB_DIR/authorized_keys/root"
lab_known_host 22
lab_fw iptables -A INPUT -p tcp --dport 10022 -j DROP
RULE="-A INPUT -p tcp -m tcp --dport 10022 -j DROP"

# Wide enough that the quoted rule fits one line of the review pane (at
# 80 columns it wraps).
tui_start 100 30 ip netns exec "$LAB_C"
# The way in is checked against the known_hosts of the target.
cp "$LAB_HOME/.ssh/known_hosts" "$TUI_HOME/.ssh/known_hosts"
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter

tui_run --lang en --no-ssh-config --timeout 5 -p 10022 \
	"$LAB_USER@$LAB_SERVER_IP"
tui_wait "Check the server over the port that works?" 300
tui_wait "Choose an answer:"
tui_has "Can you still log in to this server another way"
tui_has "> No: go on without the server's side"
# Nothing runs before the answer.
sleep 1
tui_has "Choose an answer:"
tui_lacks "Checking..."

# No: the client-side verdict, as without --via.
tui_keys Enter
tui_wait "Verdict: The SSH port is dropped while another port answers SSH" 100
tui_has "port.filtered"
tui_focus_path
tui_has "Check the server over the port that works?: no way onto"
tui_lacks "Server-side checks ran"

# Back at the question, yes, and the form.
tui_keys BSpace
tui_wait "Choose an answer:"
tui_has "> No: go on without the server's side"
tui_keys Up
tui_wait "> Yes: log in another way and check the server"
tui_keys Enter
tui_wait "How do you log in the way that still works?"
tui_has "Way in    $LAB_SERVER_IP"
tui_has "must already be in $TUI_HOME/.ssh/known_hosts"
# Esc goes back to the question; yes again keeps what was typed.
tui_keys Escape
tui_wait "Choose an answer:"
tui_keys Enter
tui_wait "How do you log in the way that still works?"
tui_keys C-u
tui_type "root@$LAB_SERVER_IP:22"
tui_keys Tab
tui_type "$LAB_HOME/.ssh/via"
tui_keys Tab
# A password is masked (root logs in with the key; the password is not
# needed, is never shown, and goes to no command).
tui_type "not-the-password"
tui_wait "****************"
tui_lacks "not-the-password"
tui_keys Enter
tui_wait "Verdict: The server's firewall silently drops the SSH port" 600
tui_has "firewall.blocks_port"
tui_has "Server-side checks ran on $LAB_SERVER_IP, over SSH."
tui_lacks "not-the-password"

# The rule, on screen: the step of the path that found it, in detail.
tui_focus_path
tui_keys Enter
tui_wait "Reviewing a past step"
tui_has "Does the server's firewall let the connection in?"
tui_keys d
tui_wait "Showing every piece of evidence."
tui_has "rule: $RULE"
tui_has "checked_on: via $LAB_SERVER_IP"
tui_keys Escape
tui_wait "Verdict: The server's firewall silently drops the SSH port"

# The report exported from the screen says where the findings came from.
json=$(tui_export_json) || exit 1
[ "$(jq -r .source "$json")" = "via $LAB_SERVER_IP" ] ||
	tui_fail "the report's source is $(jq -r .source "$json")"
[ "$(jq -r .verdict.cause "$json")" = firewall.blocks_port ] ||
	tui_fail "the report's cause is $(jq -r .verdict.cause "$json")"
[ "$(jq -r '[.steps[] | select(.node == "srv_firewall")] | last | .evidence.rule' "$json")" = "$RULE" ] ||
	tui_fail "the report lacks the rule"
grep -q "not-the-password" "$json" "$TUI_HOME"/sshwizard-*.md &&
	tui_fail "the password is in a report"
tui_keys q
tui_expect_exit 1
tui_restored
