#!/bin/bash
# The only authorised key is held by an agent that has gone away:
# SSH_AUTH_SOCK still names its socket.  ssh fails; the verdict names the
# stale socket instead of "nothing to log in with".
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "PasswordAuthentication no"
lab_known_host
lab_agent 1
cat "$LAB_DIR/agent-keys/k1.pub" >>"$LAB_DIR/authorized_keys/$LAB_USER"
lab_client ssh -o BatchMode=yes "$LAB_USER@$LAB_SERVER_IP" true >/dev/null 2>&1
check "with the agent: ssh works" [ $? -eq 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "with the agent: ok" [ "$(cause)" = ok ]
# the agent dies; the variable stays
lab_agent_stop
check "the socket is stale" not env SSH_AUTH_SOCK="$SSH_AUTH_SOCK" ssh-add -l
lab_client ssh -o BatchMode=yes "$LAB_USER@$LAB_SERVER_IP" true >/dev/null 2>&1
check "stale: ssh fails" [ $? -ne 0 ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "stale: exit status 1" [ "$rc" -eq 1 ]
check "stale: the agent verdict" [ "$(verdict_node)" = v_auth_agent ]
check "stale: the socket is named" [ "$(step_ev ssh.auth agent_socket)" = "$SSH_AUTH_SOCK" ]
finish
