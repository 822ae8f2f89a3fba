#!/bin/bash
# The jump host itself refuses the connection (no sshd there): the first
# hop is checked like a direct target, so port.refused, and the failing hop
# is the jump host; the target is never tried.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_jump
LAB_SSHD_NS=$LAB_T lab_sshd
lab_client_key id_ed25519 authorize
wizard -J "$LAB_USER@$LAB_SERVER_IP" "$LAB_USER@$LAB_TARGET_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause port.refused" [ "$(cause)" = port.refused ]
check "the refused connection is the jump host's" \
	grep -q "$LAB_SERVER_IP" <<<"$(jq -r '.steps[] | select(.probe == "tcp.connect") | .hop' "$REPORT")"
check "the failing hop is the jump host" grep -q "$LAB_SERVER_IP" <<<"$(jq -r .verdict.hop "$REPORT")"
check "no route check was made for the target" \
	not grep -q "$LAB_TARGET_IP" <<<"$(step_ev net.route route)"
finish
