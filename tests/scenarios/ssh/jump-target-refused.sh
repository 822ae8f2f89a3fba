#!/bin/bash
# Behind a healthy jump host, nothing listens on the target's port: the
# jump host's connection onward is refused.  port.refused, and the verdict
# names the target as the failing hop (not the jump host, which works).
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_jump
lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_TARGET_IP"
lab_client_key id_ed25519 authorize
wizard -J "$LAB_USER@$LAB_SERVER_IP" "$LAB_USER@$LAB_TARGET_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "the login on the jump host works" [ "$(step_outcome ssh.auth)" = ok ]
check "the jump host's connection onward is refused" [ "$(step_outcome jump.next)" = refused ]
check "cause port.refused" [ "$(cause)" = port.refused ]
check "the verdict is the one behind the jump host" [ "$(verdict_node)" = v_jump_refused ]
check "the failing hop is the target" grep -q "$LAB_TARGET_IP" <<<"$(jq -r .verdict.hop "$REPORT")"
check "the jump host's words are quoted" grep -qi "refused" <<<"$(step_ev jump.next jump_error)"
finish
