#!/bin/bash
# The server takes passwords only through keyboard-interactive (PAM), as
# many do: the password answers the hidden prompt and the login works; a
# wrong one is auth.password_rejected, not "method unavailable".
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
[ -f /etc/pam.d/sshd ] || { echo "SKIP: no /etc/pam.d/sshd for a PAM sshd" >&2; exit 77; }
lab_sshd 22 "UsePAM yes" "PasswordAuthentication no" "KbdInteractiveAuthentication yes"
lab_known_host
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "the server offers keyboard-interactive, not password" \
	[ "$(step_ev ssh.auth server_allows)" = publickey,keyboard-interactive ]
check "right password: cause is ok" [ "$(cause)" = ok ]
check "logged in with keyboard-interactive" [ "$(step_ev ssh.auth logged_in_with)" = keyboard-interactive ]
echo "not the password" >"$LAB_DIR/wrong"
wizard --timeout 8 --password-file "$LAB_DIR/wrong" "$LAB_USER@$LAB_SERVER_IP"
check "wrong password: cause is auth.password_rejected" [ "$(cause)" = auth.password_rejected ]
check "the password is in no report" not grep -qF "$LAB_PASSWORD" "$REPORT"
finish
