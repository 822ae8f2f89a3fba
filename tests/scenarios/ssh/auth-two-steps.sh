#!/bin/bash
# The server wants a key and then a password (AuthenticationMethods
# publickey,password): with both the login works; with the key alone the
# first step passes and the verdict says a further step is wanted.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd 22 "AuthenticationMethods publickey,password"
lab_known_host
lab_client_key id_ed25519 authorize
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "key and password: exit status 0" [ "$rc" -eq 0 ]
check "key and password: cause is ok" [ "$(cause)" = ok ]
check "the server then asked for the password" [ "$(step_ev ssh.auth then_allows)" = password ]
check "logged in with the password after the key" \
	[ "$(step_ev ssh.auth logged_in_with)" = "password (after publickey)" ]
wizard "$LAB_USER@$LAB_SERVER_IP"
check "key alone: ssh.auth says partial" [ "$(step_outcome ssh.auth)" = partial ]
check "key alone: the further-step verdict" [ "$(verdict_node)" = v_auth_partial ]
finish
