#!/bin/bash
# The jump host lets alice log in but forbids forwarding (AllowTcpForwarding
# no): "administratively prohibited".  jump.forward_prohibited, the failing
# hop is the jump host, and it is told apart from a refusal behind it.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "AllowTcpForwarding no"
lab_jump
LAB_SSHD_NS=$LAB_T lab_sshd
lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_TARGET_IP"
lab_client_key id_ed25519 authorize
wizard -J "$LAB_USER@$LAB_SERVER_IP" "$LAB_USER@$LAB_TARGET_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "the jump host refuses to forward" [ "$(step_outcome jump.next)" = prohibited ]
check "cause jump.forward_prohibited" [ "$(cause)" = jump.forward_prohibited ]
check "the failing hop is the jump host" grep -q "$LAB_SERVER_IP" <<<"$(jq -r .verdict.hop "$REPORT")"
check "the reason is quoted" grep -q "prohibited" <<<"$(step_ev jump.next jump_error)"
check "the command asks the jump host the same" \
	grep -qF -- "ssh -v -W $LAB_TARGET_IP:22 ssh://$LAB_USER@$LAB_SERVER_IP:22" <<<"$(commands)"
finish
