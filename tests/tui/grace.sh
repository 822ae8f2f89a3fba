#!/bin/bash
# A question left open longer than the server's LoginGraceTime: the lab
# sshd allows 2 s; the first-contact question waits until the server has
# closed the held connection (polled in the server namespace, no fixed
# sleep), then is answered.  The login checks reconnect by themselves
# (checking the host key is still the one shown): the login and the
# session pass, the verdict is not "the login could not be checked"
# (unknown); the steps before are not repeated.  (The verdict is then the
# witness's: the user's own ssh does not know the host key yet.)
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
lab_up
lab_sshd 22 "LoginGraceTime 2"
lab_client_key id_ed25519 authorize
tui_start 100 30 ip netns exec "$LAB_C"
tui_tmux send-keys -l "cd $TUI_HOME"
tui_keys Enter

tui_run -i "$LAB_HOME/.ssh/id_ed25519" "$LAB_USER@$LAB_SERVER_IP"
tui_wait "Have you checked this server's fingerprint?" 300
tui_keys k
tui_wait "> Yes, it matches"
# the server drops the connection it holds for us: wait for that
established() {
	lab_server ss -Htn state established '( sport = :22 )' | grep -c .
}
[ "$(established)" -ge 1 ] || tui_fail "no connection held while the question is open"
i=0
while [ "$(established)" -ge 1 ]; do
	i=$((i + 1))
	[ "$i" -le 300 ] || tui_fail "sshd never closed the connection (LoginGraceTime 2)"
	sleep 0.1
done
tui_keys Enter
tui_wait "Verdict:" 300
json=$(tui_export_json) || exit 1
[ "$(jq -r '.steps[] | select(.probe == "ssh.auth") | .outcome' "$json")" = ok ] ||
	tui_fail "the login did not pass after the reconnect"
[ "$(jq -r '.steps[] | select(.probe == "ssh.session") | .outcome' "$json")" = ok ] ||
	tui_fail "the session did not pass after the reconnect"
[ "$(jq -r .verdict.cause "$json")" != unknown ] || tui_fail "the verdict is unknown"
ev=$(jq -r '.steps[] | select(.probe == "ssh.auth_methods") | .evidence.connection // empty' "$json")
case $ev in
*"closed the earlier SSH connection"*reconnected*) ;;
*) tui_fail "ssh.auth_methods did not say it reconnected: '$ev'" ;;
esac
n=$(jq '[.steps[] | select(.probe == "ssh.kex")] | length' "$json")
[ "$n" = 1 ] || tui_fail "the key exchange step ran $n times"
tui_keys q
tui_wait "$TUI_MARK=" 100
tui_restored
