#!/bin/bash
# The agent holds six keys the server does not know, the right key is an
# identity file, and sshd allows three attempts (MaxAuthTries 3): the server
# hangs up before the right key's turn.  auth.too_many_keys, with the agent's
# key count, the attempts allowed, and proof that IdentitiesOnly would work.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "MaxAuthTries 3"
lab_known_host
lab_agent 6
lab_client_key right authorize
wizard -i "$LAB_HOME/.ssh/right" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.too_many_keys" [ "$(cause)" = auth.too_many_keys ]
check "the agent holds 6 keys" [ "$(step_ev ssh.auth agent_keys)" = 6 ]
check "the server allowed 3 attempts" [ "$(step_ev ssh.auth server_allowed_attempts)" = 3 ]
check "the server said why" grep -q 'Too many authentication failures' <<<"$(step_ev ssh.auth disconnect)"
check "the right key works alone" grep -q '^an identity file is accepted' <<<"$(step_ev ssh.auth with_identities_only)"
check "IdentitiesOnly is suggested" grep -q 'IdentitiesOnly=yes -i' <<<"$(commands)"
check "sshd hit its limit" grep -q 'maximum authentication attempts exceeded' "$LAB_SSHD_LOG"
finish
