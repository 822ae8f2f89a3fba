#!/bin/bash
# Behind a healthy jump host, the target drops every packet to its SSH port:
# the jump host's connection onward gets no answer before the time limit.
# port.filtered, named as silence behind the jump host, and the failing hop
# is the target.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_jump
LAB_SSHD_NS=$LAB_T lab_sshd
ip netns exec "$LAB_T" iptables -A INPUT -p tcp --dport 22 -j DROP ||
	lab__fatal "cannot add the DROP rule in $LAB_T"
lab_known_host -n "$LAB_SERVER_IP" -n "$LAB_TARGET_IP"
lab_client_key id_ed25519 authorize
wizard --timeout 3 -J "$LAB_USER@$LAB_SERVER_IP" "$LAB_USER@$LAB_TARGET_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "the login on the jump host works" [ "$(step_outcome ssh.auth)" = ok ]
check "no answer behind the jump host" [ "$(step_outcome jump.next)" = timeout ]
check "cause port.filtered" [ "$(cause)" = port.filtered ]
check "the verdict is the silence behind the jump host" [ "$(verdict_node)" = v_jump_silent ]
check "the failing hop is the target" grep -q "$LAB_TARGET_IP" <<<"$(jq -r .verdict.hop "$REPORT")"
finish
