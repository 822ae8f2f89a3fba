#!/bin/bash
# A healthy server and the right password: every SSH step passes and the
# verdict is ok (exit 0); the password never appears in the report.
. "${abs_top_srcdir:-.}/tests/scenarios/ssh/ssh-lib.sh"
lab_sshd
lab_known_host
wizard --password-file "$PWFILE" "$LAB_USER@$LAB_SERVER_IP"
check "exit status 0" [ "$rc" -eq 0 ]
check "cause is ok" [ "$(cause)" = ok ]
check "the banner names OpenSSH" grep -q '^OpenSSH_' <<<"$(step_ev ssh.banner software)"
check "the key exchange passed" [ "$(step_outcome ssh.kex)" = ok ]
check "the algorithms came from ssh -G" grep -q '^ssh -G' <<<"$(step_ev ssh.kex client_algorithms_from)"
check "the host key is known" [ "$(step_outcome ssh.hostkey)" = known ]
check "it matched line 1 of known_hosts" [ "$(step_ev ssh.hostkey matched_entry)" = "$KH:1" ]
check "the server allows password" grep -q password <<<"$(step_ev ssh.auth_methods methods)"
check "logged in with the password" [ "$(step_ev ssh.auth logged_in_with)" = password ]
check "the password is not in the report" not grep -qF "$LAB_PASSWORD" "$REPORT"
check "the password is not in the output" not grep -qF "$LAB_PASSWORD" <<<"$out"
finish
