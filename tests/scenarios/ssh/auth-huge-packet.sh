#!/bin/bash
# After a real key exchange, the server answers the login request with one
# packet of 1 MiB, four times what a client must accept: the check stops
# reading after 1 MiB (memory stays bounded), the verdict comes, and the
# report says what was cut.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake hugepacket 22
printf '%s %s\n' "$LAB_SERVER_IP" "$(cat "$LAB_DIR/fake-22.pub")" >"$KH"
wizard --timeout 20 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "the key exchange passed" [ "$(step_outcome ssh.kex)" = ok ]
check "the login methods could not be asked" \
	[ "$(step_outcome ssh.auth_methods)" = error ]
check "cut after 1 MiB, not at the time limit" \
	grep -q 'the server sent more than 1 MiB without an answer' \
	<<<"$(step_ev ssh.auth_methods error)"
sent=$(step_ev ssh.auth_methods server_sent | sed -n 's/^\([0-9]*\) bytes after.*/\1/p')
bounded() { [ -n "$1" ] && [ "$1" -gt 1048576 ] && [ "$1" -le 1179648 ]; }
check "what was read is bounded ($sent bytes)" bounded "$sent"
check "a verdict" [ -n "$(cause)" ]
finish
