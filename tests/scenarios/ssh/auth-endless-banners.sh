#!/bin/bash
# After a real key exchange, the server answers the login request with
# SSH_MSG_USERAUTH_BANNER messages without end (16 KiB each, never an
# answer): the check stops at the time limit, the verdict comes, and the
# report says what was cut: how much the server sent, and the start of the
# one message kept (libssh keeps the last only: memory stays bounded).
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake banners 22
printf '%s %s\n' "$LAB_SERVER_IP" "$(cat "$LAB_DIR/fake-22.pub")" >"$KH"
wizard --timeout 4 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "the key exchange passed" [ "$(step_outcome ssh.kex)" = ok ]
check "the host key is known" [ "$(step_outcome ssh.hostkey)" = known ]
check "the login methods could not be asked" \
	[ "$(step_outcome ssh.auth_methods)" = error ]
check "stopped at the time limit" grep -q 'no answer before the time limit' \
	<<<"$(step_ev ssh.auth_methods error)"
check "the report says what the server sent" \
	grep -Eq '^[0-9]+ bytes after the request, [0-9]+ whole packets' \
	<<<"$(step_ev ssh.auth_methods server_sent)"
check "one message is kept, cut" grep -q '^This banner goes on.*\[cut\]$' \
	<<<"$(step_ev ssh.auth_methods server_message)"
check "of 16 KiB" [ "$(step_ev ssh.auth_methods server_message_bytes)" = 16384 ]
check "a verdict" [ -n "$(cause)" ]
finish
