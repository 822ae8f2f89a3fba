#!/bin/bash
# A key the server does not know (not in authorized_keys), no password.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host
lab_client_key stranger
wizard -i "$LAB_HOME/.ssh/stranger" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.key_rejected" [ "$(cause)" = auth.key_rejected ]
check "the key was offered and rejected" \
	grep -qx "$LAB_HOME/.ssh/stranger: rejected" <<<"$(step_ev ssh.auth tried)"
check "sshd logged the failed key" grep -q "Failed publickey for $LAB_USER" "$LAB_SSHD_LOG"
finish
