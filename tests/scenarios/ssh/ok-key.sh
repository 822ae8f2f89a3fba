#!/bin/bash
# A healthy server, an authorised key in ssh's default place
# (~/.ssh/id_ed25519) and hashed known_hosts entries for both host key
# types: the verdict is ok, logged in with the key.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host -H -t all
lab_client_key id_ed25519 authorize
wizard "$LAB_USER@$LAB_SERVER_IP"
check "exit status 0" [ "$rc" -eq 0 ]
check "cause is ok" [ "$(cause)" = ok ]
check "the host key is known" [ "$(step_outcome ssh.hostkey)" = known ]
check "through a hashed entry" [ "$(step_ev ssh.hostkey hashed_entry)" = yes ]
check "one identity file found" [ "$(step_ev ssh.auth identity_files)" = 1 ]
check "logged in with the key" [ "$(step_ev ssh.auth logged_in_with)" = publickey ]
check "the key was signed with" grep -q "id_ed25519: accepted, logged in" <<<"$(step_ev ssh.auth tried)"
finish
