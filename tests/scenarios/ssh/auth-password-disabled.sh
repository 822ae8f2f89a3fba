#!/bin/bash
# PasswordAuthentication no, and the user has only a password: the method is
# not offered (auth.method_unavailable), and the password is never sent.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "PasswordAuthentication no"
lab_known_host
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.method_unavailable" [ "$(cause)" = auth.method_unavailable ]
check "the server allows publickey only" [ "$(step_ev ssh.auth server_allows)" = publickey ]
check "nothing was tried" [ -z "$(step_ev ssh.auth tried)" ]
check "sshd saw no password" not grep -q "Failed password" "$LAB_SSHD_LOG"
finish
