#!/bin/bash
# The consent question at a login verdict, on screen: sshd's DenyUsers
# lists alice, whose key is otherwise authorized, so from the client her
# key is refused (auth.key_rejected).  The walk asks whether the server can
# be reached another way; yes, with root's key on port 22, runs the server
# checks, and the verdict names the sshd_config line that decides and
# quotes sshd's own log line.  The question and the verdict are compared
# whole with golden files (tests/tui/screens/login-*.txt), English and
# Japanese, at 80x24 (tui_golden); the lab's host keys are the checked-in
# ones of golden.sh.  GOLDEN_UPDATE=1 writes the golden files instead.
. "${abs_top_srcdir:-.}/tests/lab/lab.sh"
. "${abs_top_srcdir:-.}/tests/tui/tui-lib.sh"
tui_require
lab_require jq
export TMPDIR=/tmp
lab_up
tui_golden_hostkeys "$LAB_DIR/hostkeys" || exit 99
lab_sshd 22 "DenyUsers $LAB_USER" "PermitRootLogin prohibit-password"
lab_client_key k1 authorize
lab_client_key via
cat "$LAB_HOME/.ssh/via.pub" >>"$LAB_DIR/authorized_keys/root"
chmod 644 "$LAB_DIR/authorized_keys/root"
lab_known_host 22

for lang in en ja; do
	choose=$(tui_msg "$lang" "Choose an answer:")
	tui_start 80 24 ip netns exec "$LAB_C"
	cp "$LAB_HOME/.ssh/known_hosts" "$TUI_HOME/.ssh/known_hosts"
	# Reports exported from the screen go to the pane's folder.
	tui_tmux send-keys -l "cd $TUI_HOME"
	tui_keys Enter
	tui_run --lang "$lang" --no-ssh-config --timeout 10 -o IdentitiesOnly=yes \
		-i "$LAB_HOME/.ssh/k1" "$LAB_USER@$LAB_SERVER_IP"
	# The title wraps in Japanese: wait for the answers, then the step.
	tui_wait "$choose" 600
	tui_has "$(tui_msg "$lang" "Yes: log in another way and check the server")"
	tui_golden "login-consent-question-$lang-80x24"
	# Yes, and the way in: root with its key on port 22.
	tui_keys Up
	tui_keys Enter
	tui_wait "$(tui_msg "$lang" "How do you log in the way that still works?")"
	tui_keys C-u
	tui_type "root@$LAB_SERVER_IP:22"
	tui_keys Tab
	tui_type "$LAB_HOME/.ssh/via"
	tui_keys Enter
	tui_wait "auth.user_not_allowed" 600
	tui_has "$LAB_SSHD_CONFIG:3: DenyUsers $LAB_USER"
	tui_has "not allowed because listed in DenyUsers"
	tui_golden "login-consent-verdict-$lang-80x24"
	# The export dialog is driven in English.
	if [ "$lang" != en ]; then
		tui_keys L
		tui_wait "Verdict: sshd's configuration does not allow this user"
	fi
	json=$(tui_export_json) || exit 1
	[ "$(jq -r .verdict.cause "$json")" = auth.user_not_allowed ] ||
		tui_fail "the report's cause is $(jq -r .verdict.cause "$json")"
	[ "$(jq -r '[.steps[] | select(.node == "srv_via_auth_key")] | last | .outcome' "$json")" = open ] ||
		tui_fail "the walk did not go through the consent at the key verdict"
	jq -r '[.steps[] | select(.node == "srv_login")] | last | .evidence.sshd_said' "$json" |
		grep -q "User $LAB_USER from $LAB_CLIENT_IP not allowed because listed in DenyUsers" ||
		tui_fail "the report does not quote sshd's line"
	tui_keys q
	tui_expect_exit 1
	tui_restored
	tui_cleanup
done
[ "$TUI_GOLDEN_FAILS" = 0 ] || exit 1
exit 0
