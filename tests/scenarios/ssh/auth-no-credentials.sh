#!/bin/bash
# No agent, no key file, no password: nothing to try.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 1" [ "$rc" -eq 1 ]
check "cause is auth.no_credentials" [ "$(cause)" = auth.no_credentials ]
check "no agent" [ "$(step_ev ssh.auth agent_keys)" = 0 ]
check "no identity file" [ "$(step_ev ssh.auth identity_files)" = 0 ]
check "no password" [ "$(step_ev ssh.auth password)" = "not given" ]
finish
