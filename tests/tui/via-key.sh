#!/bin/bash
# The login-key causes on screen, through the consent question: alice's key
# is in authorized_keys, but its from= option leaves the client's address
# out, so the real ssh is refused and the client alone sees only "the
# server accepted none of the keys".  At the question, yes, and the form
# (root with its own key on the same port) makes the session: the server
# checks look up the key the client offered and end at the line whose
# from= keeps it out, with the sed command that adds the address, on
# screen and in the report exported from the screen.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
lab_up
lab_sshd 22 "PermitRootLogin prohibit-password"
lab_client_key via
cat "$LAB_HOME/.ssh/via.pub" >>"$LAB_DIR/authorized_keys/root"
chmod 644 "$LAB_DIR/authorized_keys/root"
lab_client_key k1
keys="$LAB_DIR/authorized_keys/$LAB_USER"
printf 'from="203.0.113.0/24" %s\n' "$(cat "$LAB_HOME/.ssh/k1.pub")" >"$keys"
lab_known_host 22

tui_start 100 30 ip netns exec "$LAB_C"
cp "$LAB_HOME/.ssh/known_hosts" "$TUI_HOME/.ssh/known_hosts"
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter

tui_run --lang en --no-ssh-config --timeout 10 -i "$LAB_HOME/.ssh/k1" \
	"$LAB_USER@$LAB_SERVER_IP"
tui_wait "Check on the server why it refuses the login?" 300
tui_wait "Choose an answer:"
tui_keys Up
tui_wait "> Yes: log in another way and check the server"
tui_keys Enter
tui_wait "How do you log in the way that still works?"
tui_keys C-u
tui_type "root@$LAB_SERVER_IP:22"
tui_keys Tab
tui_type "$LAB_HOME/.ssh/via"
tui_keys Enter
tui_wait "Verdict: The key's from= option leaves your address out" 600
tui_has "auth.key_not_authorized"
tui_has "Server-side checks ran on $LAB_SERVER_IP, over SSH."
tui_has "found_at: $keys:1"

json=$(tui_export_json) || exit 1
[ "$(jq -r .verdict.cause "$json")" = auth.key_not_authorized ] ||
	tui_fail "the report's cause is $(jq -r .verdict.cause "$json")"
fix=$(jq -r '[.steps[] | select(.node == "srv_authkeys")] | last | .evidence.fix_cmd' "$json")
[ "$fix" = "sudo sed -i '1s/from=\"203\\.0\\.113\\.0\\/24\"/from=\"203.0.113.0\\/24,$LAB_CLIENT_IP\"/' $keys" ] ||
	tui_fail "the report's fix is $fix"
jq -r '.verdict.suggestions[].command' "$json" | grep -qxF -- "$fix" ||
	tui_fail "the fix is not offered as written"
tui_keys q
tui_expect_exit 1
tui_restored
