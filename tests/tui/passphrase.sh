#!/bin/bash
# An authorised key that needs its passphrase, no agent: on screen the
# wizard asks for the passphrase as ssh would, masked; with it the login
# and the session are checked for real.  The passphrase is never on the
# screen nor in the exported report.  A wrong one gets
# client.key_passphrase.  (The final verdict after the session is the
# witness's, the user's own ssh: not asserted here.)
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
lab_up
lab_sshd 22 "PasswordAuthentication no"
PHRASE='lab secret phrase'
KEY="$LAB_HOME/.ssh/id_ed25519"
ssh-keygen -q -t ed25519 -N "$PHRASE" -C enc@lab -f "$KEY" </dev/null || exit 99
cat "$KEY.pub" >>"$LAB_DIR/authorized_keys/$LAB_USER"
tui_start 100 30 ip netns exec "$LAB_C"
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter
lab_known_host
cp "$LAB_HOME/.ssh/known_hosts" "$TUI_HOME/.ssh/known_hosts"

tui_run -i "$KEY" --known-hosts "$TUI_HOME/.ssh/known_hosts" "$LAB_USER@$LAB_SERVER_IP"
tui_wait "Unlock the key with its passphrase" 300
tui_wait "Passphrase of $KEY:"
tui_type "$PHRASE"
tui_wait "*****************"
tui_lacks "$PHRASE"
tui_keys Enter
tui_wait "Verdict:" 300
tui_lacks "$PHRASE"
json=$(tui_export_json) || exit 1
[ "$(jq -r '.steps[] | select(.probe == "ssh.key_unlock") | .outcome' "$json")" = ok ] ||
	tui_fail "ssh.key_unlock did not log in"
[ "$(jq -r '.steps[] | select(.probe == "ssh.session") | .outcome' "$json")" = ok ] ||
	tui_fail "the session was not checked"
# The user's own ssh, given the same passphrase, agrees: the walk ran the
# witness after the key was unlocked, not the one started without it.
[ "$(jq -r '.verdict.cause' "$json")" = ok ] ||
	tui_fail "verdict $(jq -r '.verdict.cause' "$json"), want ok"
grep -qF "$PHRASE" "$TUI_HOME"/sshwizard-* && tui_fail "the passphrase is in a report"
tui_keys q
tui_wait "$TUI_MARK=" 100

# A wrong passphrase
tui_run -i "$KEY" --known-hosts "$TUI_HOME/.ssh/known_hosts" "$LAB_USER@$LAB_SERVER_IP"
tui_wait "Passphrase of $KEY:" 300
tui_type "not it"
tui_keys Enter
tui_wait "client.key_passphrase" 300
tui_keys q y
tui_expect_exit 1
tui_restored
