#!/bin/bash
# The server allows passwords; the one given is wrong.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host
echo "not the password" >"$LAB_DIR/wrong"
wizard --password-file "$LAB_DIR/wrong" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.password_rejected" [ "$(cause)" = auth.password_rejected ]
check "the password was tried and rejected" grep -qx 'password: rejected' <<<"$(step_ev ssh.auth tried)"
check "sshd logged a failed password" grep -q "Failed password for $LAB_USER" "$LAB_SSHD_LOG"
check "the wrong password is not in the report" not grep -q 'not the password' "$REPORT"
finish
