#!/bin/bash
# A server that sends a banner, reads a little and resets the connection in
# the middle of the key exchange: a verdict (kex.failed), not a hang.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_fake reset 22
wizard --timeout 3 "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "ssh.banner says ok" [ "$(step_outcome ssh.banner)" = ok ]
check "ssh.kex says closed" [ "$(step_outcome ssh.kex)" = closed ]
check "the reset is in the evidence" grep -qi 'reset' <<<"$(step_ev ssh.kex libssh_error)"
check "cause is kex.failed" [ "$(cause)" = kex.failed ]
check "the verdict is the hang-up one" [ "$(verdict_node)" = v_kex_dropped ]
finish
